"""A self-contained landing page: what a reader sees, and what Zotero, Mendeley and Google Scholar read.

The <head> carries Highwire Press `citation_*` tags (Google Scholar's inclusion guidelines; Zotero's
and Mendeley's connectors read them), Dublin Core `DC.*` tags and the schema.org JSON-LD of the
jsonld format; the body carries a COinS span (OpenURL ContextObject in SPAN, Z39.88-2004). Zotero
prefers COinS when both are present, so the Highwire tags are complete on their own
(FORMAT-NOTES). The page loads nothing from outside: CSS and the copy button's script are inline,
and the download links are relative, to the exports `nenbib build` writes beside it.
Rendered with Jinja2 with autoescaping on; the only markup let through unescaped is the
formatted reference from nenbib.cite (which escapes the data itself) and the JSON-LD, in which
every `<`, `>` and `&` is written as a JSON \\u escape so no `</script>` can end the block early.
A page of many records streams (Template.generate, temporary files for what the <head> must
precede) in constant memory; its cost is citeproc-py's, ~5 ms a record (one entry: the text one is
the HTML one without its tags).
A page of one record loads the CSL style without cite's set-up for many, and its template ships
precompiled: what it costs to start is mostly importing the libraries.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from .._regex import lazy_re
from ..model import Organization, Person, Record
from . import FORMATS, Options

FIDELITY = {
    "id": "carried",
    "type": "carried",
    "genre": "carried",
    "title": "carried",
    "authors": (
        "lossy: citation_author and DC.creator hold 'family, given' strings; the JSON-LD has the parts;"
        " Zotero reads an organisation after the first author from COinS as a family name (one whose"
        " name holds a comma, as a person; one that ends in a period loses it: 'Acme Inc')"
    ),
    "authors.orcid": "carried",
    "authors.corresponding": "lossy: marked with * on the page only; no metadata vocabulary here has a place for it",
    "affiliations": "carried",
    "journal.title": "carried",
    "journal.abbreviation_nlm": "carried",
    "journal.abbreviation_iso": "lossy: only in the JSON-LD's alternateName; citation_journal_abbrev holds the NLM form",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "lossy: two citation_issn tags, which do not say which medium each is for",
    "publisher": "carried",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "lossy: shown on the page only; no tag here has a place for it",
    "pages.article_number": (
        "lossy: in citation_firstpage, read as a page (Highwire has no article-number tag); Zotero ignores COinS' rft.artnum"
    ),
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "lossy: in the JSON-LD only; Highwire has no PMCID tag",
    "keywords": "carried",
    "language": "carried",
    "abstract": "carried",
    "sources": "dropped: the page shows the article, not where each fact was checked",
}

# How Zotero's connector reads the page differently (judged in tests/test_html_readers.py by ports of
# its parseContextObject, cleanAuthor and Embedded Metadata translator). It prefers the COinS span
# (translator priority 310) to the citation_* tags (Embedded Metadata, 320, its menu's other choice).
ZOTERO_PLUS = (
    "Zotero's connector reads the COinS span when the page has one, and decodes a '+' in it as a space (as it "
    "decodes '%2B'): 'CD4+ T cells' would reach Zotero as 'CD4  T cells'. A page whose title or an author's name "
    "holds '+' has no COinS span, so the connector reads the citation_* tags (Embedded Metadata), which carry the "
    "'+', and reads the authors as the authors' note says; a record on a page of several records, which has no "
    "citation_* tags, has no span there: Zotero lists only the others, and the record's own page carries it"
)


def _left_out(what: str) -> str:
    return (
        f"{what} holding '+' is left out of the COinS span, where Zotero would read the '+' as a space, and the page "
        "goes without the span, so Zotero reads it from the citation_* tags; unless those would read the authors "
        "wrong where the span reads them right (a lone author, adjacent namesakes, a name without given names of "
        "several words, as the authors' note says, or a first author's initials cleaned: 'JR' as 'J. R.') or the "
        "record is on a page of several records: the span stays, and Zotero goes without it"
    )


ZOTERO = {
    "title": ZOTERO_PLUS,
    "authors": f"{ZOTERO_PLUS}; Zotero's cleanAuthor keeps a name's first two comma-separated parts: a suffix is lost "
    "('King, Martin Luther, III' as King, Martin Luther); read through the citation_* tags instead (Embedded "
    "Metadata), a lone author whose family and given names both hold a space is read as two people ('Garc\u00eda "
    "M\u00e1rquez, Gabriel Jos\u00e9' as M\u00e1rquez, Garc\u00eda and Jos\u00e9, Gabriel), adjacent authors of one "
    "name as one, and an organisation, or a person without given names, of several words as a person named at its "
    "last space ('Ibn Sina' as Sina, Ibn); its merge of the span's authors takes a first author given in parts "
    "(rft.aulast, rft.aufirst) for a later namesake whose given name starts with theirs and drops it ('Smith, J.' "
    "beside 'Smith, J. R.'): such a page has no COinS span, and Zotero reads both from the citation_* tags",
    "authors.orcid": "Zotero has no field for an author identifier: citation_author_orcid is not read",
    "affiliations": "Zotero has no field for an affiliation: citation_author_institution is not read",
    "journal.title": _left_out("a journal title"),
    "journal.abbreviation_nlm": _left_out("an abbreviation"),
    "journal.issn_electronic": "Zotero reads rft.eissn only where there is no rft.issn: beside a print ISSN it is lost",
    "publisher": "a Zotero journal article has no publisher field, so Zotero drops it",
    "identifiers.doi": _left_out("a DOI"),
    "identifiers.pmid": "Zotero reads no PMID from COinS (rft_id info:pmid/); Embedded Metadata, reading the "
    "citation_* tags, puts citation_pmid in Extra",
    "keywords": _left_out("a keyword"),
    "abstract": _left_out("an abstract") + "; read through the citation_* tags, its line breaks become spaces",
}

CITE_STYLE = "apa"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _name(a: Any) -> str:
    """'Family, Given' as Google Scholar asks for citation_author; an organisation whole."""
    if isinstance(a, Organization):
        return a.name
    name = a.family_full + (f", {a.given}" if a.given else "")
    return name + (f", {a.suffix}" if a.suffix else "")


def _kev_name(a: Any) -> str:
    """An rft.au: _name, but a name of several words with no given part ends in a comma.

    Zotero splits an rft.au without a comma at its last space (a later author 'The Cancer Genome
    Atlas Research Network' became the person 'Network, T. C. G. A. R.'), and reads 'Name,' whole as
    a family name; rft.aucorp is no way out, as Zotero makes it the first author.
    """
    name = _name(a)
    if " " in name and "," not in name:
        return name + ","
    return name


# A given name of whole words (no initial, no period) and a family name with no comma, no period
# before a letter and no punctuation at its ends: what Zotero's cleanAuthor leaves as it is.
_WORDS = lazy_re(r"[^\W\d_]{2,}(?:[ -][^\W\d_]{2,})*")
_REWRITTEN_FAMILY = lazy_re(r"[,\u060c]|\.\S|^[\s.,/\[\]:]|[\s.,/\[\]:]$")


# A given name Zotero's cleanAuthor leaves as written in 'Family, Given' (citation_author): words of
# two letters or more, and initials 'J.' of a Latin capital and a period, a space apart.
_TAG_GIVEN = lazy_re(r"(?:[^\W\d_]{2,}(?:-[^\W\d_]{2,})*|[A-Z]\.)(?: (?:[^\W\d_]{2,}(?:-[^\W\d_]{2,})*|[A-Z]\.))*")


def _tag_kept(p: Person) -> bool:
    given = p.given or ""
    if not _TAG_GIVEN.fullmatch(given) or ("." not in given and given.isupper() and len(given) < 4):
        return False
    return _REWRITTEN_FAMILY.search(p.family_full) is None


def _kept_as_written(p: Person) -> bool:
    given = p.given or ""
    if not _WORDS.fullmatch(given) or (given.isupper() and len(given) < 4):
        return False
    return _REWRITTEN_FAMILY.search(p.family_full) is None


def highwire(r: Record) -> list[tuple[str, str]]:
    """The citation_* tags, in the order Google Scholar's guidelines list them."""
    tags = [("citation_title", r.title)]
    for a in r.authors:
        tags.append(("citation_author", _name(a)))
        if isinstance(a, Person) and a.orcid:
            tags.append(("citation_author_orcid", f"https://orcid.org/{a.orcid}"))
        tags.extend(("citation_author_institution", aff.printed) for aff in r.affiliations_of(a))
    # Google Scholar: "citation_publication_date ... in the 2010/5/12 format" (year alone is allowed).
    tags.append(("citation_publication_date", "/".join(str(p) for p in r.issued.parts())))
    tags.append(("citation_journal_title", r.journal.title))
    if r.journal.abbreviation_nlm:
        tags.append(("citation_journal_abbrev", r.journal.abbreviation_nlm))
    tags.extend(("citation_issn", i) for i in (r.journal.issn_print, r.journal.issn_electronic) if i)
    if r.publisher:
        tags.append(("citation_publisher", r.publisher))
    if r.volume:
        tags.append(("citation_volume", r.volume))
    if r.issue:
        tags.append(("citation_issue", r.issue))
    if r.pages is not None:
        if r.pages.article_number is not None:
            tags.append(("citation_firstpage", r.pages.article_number))
        else:
            tags.append(("citation_firstpage", str(r.pages.first)))
            if r.pages.last is not None:
                tags.append(("citation_lastpage", str(r.pages.last)))
    if r.identifiers.doi:
        tags.append(("citation_doi", r.identifiers.doi))
    if r.identifiers.pmid:
        tags.append(("citation_pmid", r.identifiers.pmid))
    tags.extend(("citation_keywords", k) for k in r.keywords)
    if r.language:
        tags.append(("citation_language", r.language))
    if r.abstract:
        tags.append(("citation_abstract", r.abstract))
    return tags


def dublin_core(r: Record) -> list[tuple[str, str]]:
    """DC.* tags (DCMI's HTML meta convention)."""
    tags = [("DC.title", r.title)]
    tags.extend(("DC.creator", _name(a)) for a in r.authors)
    tags.append(("DC.date", r.issued.iso()))
    tags.append(("DC.type", "Text"))
    if r.publisher:
        tags.append(("DC.publisher", r.publisher))
    source = r.journal.title + "".join(f", {x}" for x in (r.volume and f"Vol. {r.volume}", r.issue and f"No. {r.issue}") if x)
    if r.pages is not None:
        source += f", {r.pages.range('-')}"
    tags.append(("DC.source", source))
    if r.identifiers.doi:
        tags.append(("DC.identifier", f"doi:{r.identifiers.doi}"))
    tags.extend(("DC.subject", k) for k in r.keywords)
    if r.language:
        tags.append(("DC.language", r.language))
    if r.abstract:
        tags.append(("DC.description", r.abstract))
    return tags


# Zotero decodes a '+' in the span as a space (as it decodes '%2B'): a value of these keys, which it can
# go without, is left out when it holds one (ZOTERO says so); the title and the authors cannot be, and
# a page whose span would carry one there goes without the span (carries_coins).
_PLUS_LEFT_OUT = frozenset(("rft.jtitle", "rft.stitle", "rft.subject", "rft.description", "rft_id"))


def coins(r: Record) -> str:
    """The COinS ContextObject: a URL-encoded key/value string of rft.* keys for a journal article."""
    pairs = [(k, v) for k, v in _coins_pairs(r) if not (k in _PLUS_LEFT_OUT and "+" in v)]
    return urlencode(pairs, quote_via=quote, safe="")


def _coins_pairs(r: Record) -> list[tuple[str, str]]:
    """The ContextObject's keys and values, before coins() leaves out those Zotero would read wrong."""
    pairs = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "article"),
        ("rft.atitle", r.title),
        ("rft.jtitle", r.journal.title),
    ]
    if r.journal.abbreviation_nlm:
        pairs.append(("rft.stitle", r.journal.abbreviation_nlm))
    pairs.append(("rft.date", r.issued.iso()))
    for key, value in (("rft.volume", r.volume), ("rft.issue", r.issue)):
        if value:
            pairs.append((key, value))
    if r.pages is not None:
        if r.pages.article_number is not None:
            pairs.append(("rft.artnum", r.pages.article_number))
        else:
            pairs.append(("rft.spage", str(r.pages.first)))
            if r.pages.last is not None:
                pairs.append(("rft.epage", str(r.pages.last)))
            pairs.append(("rft.pages", r.pages.range("-")))
    if r.journal.issn_print:
        pairs.append(("rft.issn", r.journal.issn_print))
    if r.journal.issn_electronic:
        pairs.append(("rft.eissn", r.journal.issn_electronic))
    # Zotero reads COinS before the citation_* tags. It splits an rft.au without a comma at its last
    # space ("Jan van der Berg Jr." had family name "Jr"), so every rft.au is 'Family, Given, Suffix'
    # as citation_author (Z39.88's own example: "Smith, Fred M"). It keeps the first author's parts
    # apart and drops them as a duplicate only when an rft.au has that family name and a given name:
    # a first author without one (an organisation in rft.aucorp, a one-name person) is not in rft.au
    # too, or Zotero lists it twice (the organisation once more as a person "Network, The Cancer ...").
    # Nor is a first author whose rft.au Zotero would rewrite (cleanAuthor makes 'JR' 'J. R.' and
    # 'Wm.' 'Wm'): its merge then no longer knows the parts, and listed 'Smith, JR' and 'Smith, J. R.'.
    first = r.authors[0] if r.authors else None
    listed = r.authors
    if isinstance(first, Person):
        pairs.append(("rft.aulast", first.family_full))
        if first.given:
            pairs.append(("rft.aufirst", first.given))
        if not (first.given and _kept_as_written(first)):
            listed = r.authors[1:]
        if first.suffix:
            pairs.append(("rft.ausuffix", first.suffix))
    elif isinstance(first, Organization):
        pairs.append(("rft.aucorp", first.name))
        listed = r.authors[1:]
    pairs.extend(("rft.au", _kev_name(a)) for a in listed)
    if r.publisher:
        pairs.append(("rft.pub", r.publisher))
    if r.language:
        pairs.append(("rft.language", r.language))
    # Zotero reads these Dublin Core keys in a journal's ContextObject too ("in practice 'format' is not
    # always set"): without them the connector, which prefers COinS, imported no abstract or keywords.
    pairs.extend(("rft.subject", k) for k in r.keywords)
    if r.abstract:
        pairs.append(("rft.description", r.abstract))
    if r.identifiers.doi:
        pairs.append(("rft_id", f"info:doi/{r.identifiers.doi}"))
    if r.identifiers.pmid:
        pairs.append(("rft_id", f"info:pmid/{r.identifiers.pmid}"))
    return pairs


# Which route Zotero's connector takes to a record: the COinS span when the page has one (translator
# priority 310), else the citation_* tags (Embedded Metadata, 320), which a page of several records
# does not have. A '+' in the span reaches Zotero as a space. The routes are weighed as
# tests/test_html_readers.py weighs them with ports of Zotero's readers: the one that reads no title
# wrong, then fewer facts wrong, then fewer missing.
_EDGE_PUNCTUATION = ".,/[]:"


def _plus_in_name(a: Any) -> bool:
    return "+" in (a.name if isinstance(a, Organization) else a.family_full + (a.given or ""))


def _plus_left_out(r: Record) -> bool:
    """Whether coins() leaves out a value of r for its '+' (Zotero goes without it there)."""
    return any(k in _PLUS_LEFT_OUT and "+" in v for k, v in _coins_pairs(r))


def tags_misread_authors(r: Record) -> bool:
    """Whether Zotero reads r's authors wrong from the citation_* tags (Embedded Metadata) where it
    reads them right from the COinS span (ZOTERO['authors'] says how). Both routes drop a suffix,
    read a later organisation holding a comma as a person and clean a later author's initials alike."""
    names = [_name(a) for a in r.authors]
    if any(";" in n for n in names) or any(names[i] == names[i + 1] for i in range(len(names) - 1)):
        return True  # a tag split at ';'; an author the same as the one before skipped
    if len(names) == 1:
        # A lone tag is split at its commas when both sides of the first hold a space (not on a
        # Spanish page for a family name of two words).
        parts = [p.strip() for p in names[0].split(",")]
        spanish = r.language in ("es", "spa") and len(parts) == 2 and len(parts[0].split(" ")) == 2
        if len(parts) > 1 and " " in parts[0] and " " in parts[1] and not spanish:
            return True
    for n, a in enumerate(r.authors):
        if isinstance(a, Person) and a.given:
            if n == 0 and not _tag_kept(a):
                return True  # the span gives the first author's parts as they are; the tag is cleaned
            continue
        # Without given names: the tag is named at its last space, split at its comma, or loses its
        # edge punctuation. The span reads a first author whole (rft.aucorp, rft.aulast), a later one
        # when it holds no comma and no edge punctuation ('Name,').
        name = names[n]
        edges = name[0] in _EDGE_PUNCTUATION or name[-1] in _EDGE_PUNCTUATION
        if n == 0 and ("," in name or " " in name or edges):
            return True
        if n > 0 and " " in name and "," not in name and not edges:
            return True
    return False


def _later_rewritten(r: Record) -> bool:
    """Whether Zotero's cleanAuthor rewrites a later author ('JR', 'Wm.', 'Acme Inc.', a comma in an
    organisation): it does so alike in the span's rft.au and in the citation_author tag."""
    for a in r.authors[1:]:
        if isinstance(a, Person) and a.given:
            if not _tag_kept(a):
                return True
        elif "," in _name(a) or _name(a)[0] in _EDGE_PUNCTUATION or _name(a)[-1] in _EDGE_PUNCTUATION:
            return True
    return False


def _merge_drops_first(r: Record) -> bool:
    """Whether Zotero's merge takes a first author given in its parts only (rft.aulast, rft.aufirst) for
    a later namesake whose given name starts with the first's ('Smith, J.' and 'Smith, J. R.'), and
    drops it from the span's authors; the citation_* tags list both."""
    first = r.authors[0]
    if not isinstance(first, Person) or (first.given and _kept_as_written(first)):
        return False
    given = first.given or ""
    return any(
        isinstance(a, Person) and a.family_full == first.family_full and a.given and a.given.startswith(given)
        for a in r.authors[1:]
    )


def carries_coins(r: Record, single: bool = True) -> bool:
    """Whether r's article has a COinS span (single: on a page of its own, with citation_* tags).

    A title or an author's name holding '+' would reach Zotero wrong through the span: never a span
    (the tags read at most the authors wrong and miss nothing the span has; a page of several records
    then offers Zotero nothing of r, which reads nothing wrong). Nor on a page of its own when the
    span alone reads the authors wrong (_merge_drops_first). A value coins() leaves out for its '+'
    is missing there but read from the tags: the span stays only where the tags would read the
    authors wrong and the span right, or on a page of several records. Else the span stays."""
    if "+" in r.title or any(_plus_in_name(a) for a in r.authors):
        return False
    misread, rewritten = tags_misread_authors(r), _later_rewritten(r)
    drops_first = single and _merge_drops_first(r)
    if drops_first and not (misread or rewritten):
        return False
    if not _plus_left_out(r):
        return True
    return not single or (misread and not rewritten and not drops_first)


def _journal_line(r: Record) -> str:
    parts = [r.journal.title]
    date = str(r.issued.year)
    if r.issued.month:
        date = f"{r.issued.day} {MONTHS[r.issued.month - 1]} {date}" if r.issued.day else f"{MONTHS[r.issued.month - 1]} {date}"
    parts.append(date)
    where = ""
    if r.volume:
        where = f"Vol. {r.volume}"
        if r.issue:
            where += f", No. {r.issue}"
    if r.pages is not None:
        # Said what it is, as the references do ('Article e1003', APA 7): a bare '7' after the issue
        # could be either a page or an article number.
        if r.pages.article_number is not None:
            pages = f"Article {r.pages.article_number}"
        elif r.pages.last not in (None, r.pages.first):
            pages = "pp. " + r.pages.range("\u2013")
        else:
            pages = f"p. {r.pages.first}"
        where += (", " if where else "") + pages
        if r.pages.count:
            where += f" ({r.pages.count} pages)"
    if where:
        parts.append(where)
    if r.genre:
        parts.append(r.genre[:1].upper() + r.genre[1:])
    return " \u00b7 ".join(parts)


def _article(r: Record, reference_html: str, reference_text: str, single: bool = True) -> dict[str, Any]:
    """What the template shows of one record; the <head>'s meta tags only for a page of its own."""
    from markupsafe import Markup

    marks: dict[str, int] = {}
    for a in r.authors:
        for aff_id in a.affiliations:
            marks.setdefault(aff_id, len(marks) + 1)
    numbered = len(marks) > 1
    authors = [
        {
            "name": a.display,
            "marks": ",".join(str(marks[x]) for x in a.affiliations) if numbered else "",
            "corresponding": a.corresponding,
        }
        for a in r.authors
    ]
    affiliations = [r.affiliation(aff_id).printed for aff_id in marks]
    downloads = [
        {"href": r.id + f.build_suffix, "name": f.name, "description": f.description, "media_type": f.media_type}
        for f in FORMATS.values()
        if f.module != "html"
    ]
    # One paragraph a line; a blank line (paragraphs set apart by an empty line) is no paragraph.
    abstract = [p for p in r.abstract.splitlines() if p.strip()] if r.abstract else []
    description = r.abstract or ""
    return {
        "id": r.id,
        "lang": r.language,
        "title": r.title,
        "journal_line": _journal_line(r),
        "authors": authors,
        "affiliations": affiliations,
        "has_corresponding": any(a.corresponding for a in r.authors),
        "doi_url": r.doi_url,
        "abstract": abstract,
        "abstract_text": r.abstract,
        "description": description if len(description) <= 300 else description[:297].rsplit(" ", 1)[0] + "\u2026",
        "keywords": list(r.keywords),
        # nenbib.cite escapes the record's text itself; its tags (<div>, <i>) are the formatting.
        "reference_html": Markup(reference_html),
        "reference_text": reference_text,
        "style_note": f"{CITE_STYLE.upper()} style, formatted by nenbib cite with citeproc-py.",
        "downloads": downloads,
        "highwire": highwire(r) if single else [],
        "dublin_core": dublin_core(r) if single else [],
        "coins": coins(r) if carries_coins(r, single) else "",
    }


def _script_safe(text: str) -> str:
    # Inside <script>, `</script>` or `<!--` in a string would end or confuse the block: JSON's \u
    # escapes say the same characters without them.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _script_safe_json(records: list[Record]) -> str:
    from . import jsonld

    return _script_safe(jsonld.dumps(records))


def _reference_formatter(single: bool = False) -> Callable[[Record], tuple[str, str]]:
    """A function giving a record's formatted reference as (HTML, plain text), the entries
    `nenbib cite --style apa` prints for it; ("", "") when nenbib.cite cannot format it.
    single: only one record will be formatted (the style's set-up for many is left out)."""
    from .. import cite
    from ..errors import NenbibError

    try:
        entries = cite.entry_formatter(CITE_STYLE, ("html",), single=single)
    except NenbibError:
        # e.g. the style collection is missing: pages go without the formatted reference.
        return lambda r: ("", "")

    def reference(r: Record) -> tuple[str, str]:
        # None for e.g. private-use characters, which cite refuses: the page goes without the reference.
        found = entries(r)
        return (found[0], text_of(found[0])) if found is not None else ("", "")

    return reference


_TAG = lazy_re(r"<[^>]*>")


def text_of(entry_html: str) -> str:
    """The text entry `nenbib cite` prints, from the HTML entry: its tags dropped, its escapes undone.

    One citeproc-py render a record instead of two, which halves a page's cost (~5 ms an entry,
    issue 8); tests/test_html_collection.py checks it against cite's own text entry."""
    import html

    return html.unescape(_TAG.sub("", entry_html))


TEMPLATE = "landing.html.j2"
# The template precompiled (Environment.compile with defer_init, as jinja2's ModuleLoader expects):
# compiling it at run time cost ~30-45 ms a page (lexer rules, parse, code generation), now ~1.5 ms (issue 8).
COMPILED_TEMPLATE = "landing_html"


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _template_path(name: str) -> str:
    # A plain path beside this package's files, as nenbib.resources finds the shipped data:
    # importing importlib.resources costs ~7 ms of a page's start-up (issue 8).
    import os

    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "templates", name)


def _template_source() -> str:
    with open(_template_path(TEMPLATE), encoding="utf-8") as fh:
        return fh.read()


def compiled_template(source: str) -> str:
    """The Python module nenbib/templates/landing_html.py holds: the template compiled by this jinja2,
    with the jinja2 version and the source's SHA-256 it was compiled from."""
    import jinja2

    code = _environment().compile(source, raw=True, defer_init=True)
    return (
        f"# Generated from {TEMPLATE} by nenbib.formats.html.write_compiled_template(): do not edit.\n"
        "# fmt: off\n# ruff: noqa\n# mypy: ignore-errors\n"
        f"{code}\n"
        f"JINJA2_VERSION = {jinja2.__version__!r}\n"
        f"SOURCE_SHA256 = {_digest(source)!r}\n"
    )


def _digest(source: str) -> str:
    import hashlib

    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def write_compiled_template() -> None:
    """Regenerate nenbib/templates/landing_html.py after the template or jinja2 changed."""
    with open(_template_path(f"{COMPILED_TEMPLATE}.py"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(compiled_template(_template_source()))


def _template() -> Any:
    import importlib.util

    import jinja2

    source = _template_source()
    env = _environment()
    # A module of its own for each template, as jinja2's ModuleLoader does: the template's
    # functions find `environment` among the module's globals.
    spec = importlib.util.find_spec(f"nenbib.templates.{COMPILED_TEMPLATE}")
    if spec is not None and spec.loader is not None:
        compiled = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(compiled)
        if getattr(compiled, "JINJA2_VERSION", None) == jinja2.__version__ and getattr(
            compiled, "SOURCE_SHA256", None
        ) == _digest(source):
            return env.template_class.from_module_dict(env, compiled.__dict__, env.make_globals(None))
    # Edited template or another jinja2: the same page, compiled here.
    return env.from_string(source)


def render_page(records: list[Record]) -> str:
    """The landing page of one record (or one page listing several) as HTML text."""
    return "".join(write(records, Options()))


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """One HTML page: the landing page of a single record, or a page listing several.

    A page of several records is assemble() of each record's entry(), as worker processes write it
    for a large collection (nenbib.parallel).
    """
    from markupsafe import Markup

    it = iter(records)
    first = next(it, None)
    if first is None:
        from ..errors import InputError

        raise InputError("no record to make a page of")
    second = next(it, None)
    if second is None:
        reference = _reference_formatter(single=True)
        yield from _buffered(
            _template().generate(
                single=True,
                page_title=first.title,
                articles=[_article(first, *reference(first))],
                jsonld=[Markup(_script_safe_json([first]))],
            )
        )
        return
    reference = _reference_formatter()
    yield from assemble((_entry(r, n, reference) for n, r in enumerate(itertools.chain((first, second), it))), options)


def entry(record: Record, n: int, options: Options) -> str:
    """Record n (from 0) of a page of several records, as assemble() reads it: one line of JSON
    holding what the page shows of it and its part of the page's JSON-LD array."""
    import os

    return _entry(record, n, _process_reference_formatter(os.getpid()))


@functools.lru_cache(maxsize=1)
def _process_reference_formatter(pid: int) -> Callable[[Record], tuple[str, str]]:
    # One per process (keyed by pid: a forked worker makes its own): the CSL style loads once for
    # all the batches a worker writes.
    return _reference_formatter()


def _entry(r: Record, n: int, reference: Callable[[Record], tuple[str, str]]) -> str:
    from . import jsonld

    # json escapes \n and \r: the line holds no line break but its own end. Not ensure_ascii: \uXXXX
    # escapes would make a batch's text up to 6x its input (CJK), and the parent holds batches.
    article = _article(r, *reference(r), single=False)
    return json.dumps([article, _script_safe(jsonld.member(r, n))], ensure_ascii=False) + "\n"


def assemble(entries: Iterable[str], options: Options) -> Iterator[str]:
    """The page listing several records, from their entry() lines in order (a string may hold several).

    It streams through two unnamed temporary files (the articles, and the JSON-LD of the <head>,
    which the <head>'s count and JSON-LD must precede), so memory holds one record at a time
    however long the collection is (issue 8).
    """
    import tempfile

    from markupsafe import Markup

    from . import jsonld

    template = _template()
    count = 0
    try:
        with (
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as ld,
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool,
        ):
            for text in entries:
                if text and not text.endswith("\n"):
                    raise ValueError("html.assemble: an entry does not end with a line break")
                for line in text.split("\n")[:-1]:  # every entry ends with its one line break
                    ld.write(json.loads(line)[1])
                    spool.write(line + "\n")
                    count += 1
            ld.write(jsonld.END)
            ld.seek(0)
            spool.seek(0)
            yield from _buffered(
                template.generate(
                    single=False,
                    page_title=f"{count} references",
                    articles=(_revived(line) for line in spool),
                    jsonld=(Markup(block) for block in iter(lambda: ld.read(_BLOCK), "")),
                )
            )
    except OSError as e:  # the temporary files (a full or size-limited temporary folder), not the output
        from ..errors import OutputError

        raise OutputError(f"cannot spool the page in a temporary file: {e.strerror or e}", tempfile.gettempdir()) from None


_BLOCK = 1 << 16


def _revived(line: str) -> dict[str, Any]:
    from markupsafe import Markup

    a: dict[str, Any] = json.loads(line)[0]  # an entry() line
    a["reference_html"] = Markup(a["reference_html"])  # markup from nenbib.cite, as _article made it
    return a


def _buffered(pieces: Iterable[str]) -> Iterator[str]:
    """Jinja's many small pieces joined into blocks of about _BLOCK characters."""
    block: list[str] = []
    size = 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= _BLOCK:
            yield "".join(block)
            block, size = [], 0
    if block:
        yield "".join(block)
