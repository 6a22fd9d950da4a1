"""CSL-JSON: the input format of citeproc engines, pandoc and Zotero.

Checked against the official CSL data schema (items allow no undefined keys). Zotero's importer
reads the abbreviation from the legacy `journalAbbreviation` and ignores `container-title-short`,
so both are written. `keyword` is one comma-separated string: an array breaks pandoc.
`genre` is not written: styles print it as a description of the work (citeproc-py with APA:
"... Neuroendocrine Neoplasms [Mini-review]. Current Drug Targets ..."; Chicago: "Mini-review."),
which is wrong for a journal article. Two ISSNs share the one ISSN field, print first, as Zotero
joins them; a lone electronic ISSN is marked "(Electronic)" so it does not read back as print.
A particle citeproc-js parses ('van der', "d'") is written in the family name, as Zotero exports
it: Zotero's importer reads only family and given. Zotero also drops `suffix` on import.

The reader takes CSL-JSON as Zotero, Mendeley, pandoc, citeproc-js and Crossref (doi.org's
CSL-JSON and its REST API's answers) write it: rich text (<i>, JATS abstracts) as plain text,
particles inside family or given names as citeproc-js parses them, Crossref's organisation
names, ORCIDs and affiliations, a PubMed or PMC link as its PMID or PMCID (pandoc's link of BibLaTeX's
eprinttype = pubmed); an item of no periodical (book, chapter) is left out with a note.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import files
from .._regex import lazy_re
from ..model import Organization, Record
from ..validate import _orcid_ok
from . import Options, ReadResult, _values, entries

FIDELITY = {
    "id": "carried",
    "type": "carried",
    "genre": "dropped: styles print CSL's genre as a description ('[Mini-review]' in APA), wrong for an article",
    "title": "carried",
    "authors": "carried",
    "authors.orcid": "dropped: CSL name objects have no identifier field",
    "authors.corresponding": "dropped: CSL has no place for the corresponding author",
    "affiliations": "dropped: CSL has no place for affiliations",
    "journal.title": "carried",
    "journal.abbreviation_nlm": "lossy: CSL has one abbreviation field; read back, one with a period is taken for the ISO 4 "
    "form, one without for the NLM form: an NLM form with a period, or an ISO form alone without one, changes places",
    "journal.abbreviation_iso": "lossy: CSL has one abbreviation field: the ISO form goes there only when there is no NLM form",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "lossy: CSL has one ISSN field; both ISSNs are written there, comma-separated, "
    "the electronic one marked '(Electronic)' as PubMed marks it (a reader unaware of the mark keeps it in the text)",
    "publisher": "carried",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "carried",
    "pages.article_number": (
        "lossy: written as page (Zotero's article has no field for CSL's number); digits or a range ('12-19') read back as pages"
    ),
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "carried",
    "keywords": "lossy: one comma-separated string (keywords hold no commas, so it splits back exactly)",
    "language": "carried",
    "abstract": "carried",
    "sources": "dropped: CSL has no place for fact sources",
}


def item(r: Record) -> dict[str, Any]:
    """One CSL-JSON item, keys in a stable order."""
    out: dict[str, Any] = {"id": r.id, "type": r.type, "title": r.title}
    authors = []
    for a in r.authors:
        if isinstance(a, Organization):
            authors.append({"literal": a.name})
        else:
            name: dict[str, Any] = {"family": a.family}
            if a.given:
                name["given"] = a.given
            # The reader parses particles only beside a given name (a lone 'van Gogh' stays whole).
            if (
                a.particle
                and a.given
                and not _quoted(a.family_full)
                and _parse_particles(a.family_full, a.given, a.suffix or "")
                == (
                    a.family,
                    a.given or "",
                    a.suffix or "",
                    [a.particle],
                )
            ):
                # In the family name, as Zotero exports it: citeproc-js parses 'van der Berg' back to the
                # same parts, and Zotero's import, which reads only family and given, keeps the particle.
                name["family"] = a.family_full
            elif a.particle:
                # Particles written in front of the family name ('van der' Berg) are non-dropping in CSL.
                name["non-dropping-particle"] = a.particle
            if a.suffix:
                name["suffix"] = a.suffix
            if not a.particle and _parse_particles(a.family, a.given or "", a.suffix or "") != (
                a.family,
                a.given or "",
                a.suffix or "",
                [],
            ):
                # citeproc-js (and our reader) would take 'de' of a family name 'de Souza' for a particle.
                name["parse-names"] = False
            authors.append(name)
    out["author"] = authors
    out["container-title"] = r.journal.title
    abbreviation = r.journal.abbreviation_nlm or r.journal.abbreviation_iso
    if abbreviation:
        out["container-title-short"] = abbreviation
        out["journalAbbreviation"] = abbreviation
    if r.volume:
        out["volume"] = r.volume
    if r.issue:
        out["issue"] = r.issue
    if r.pages is not None:
        out["page"] = r.pages.range("-")
        if r.pages.count:
            out["number-of-pages"] = str(r.pages.count)
    out["issued"] = {"date-parts": [r.issued.parts()]}
    ids = r.identifiers
    if ids.doi:
        out["DOI"] = ids.doi
    if ids.pmid:
        out["PMID"] = ids.pmid
    if ids.pmcid:
        out["PMCID"] = ids.pmcid
    # CSL has one ISSN field: the electronic ISSN is marked, as PubMed marks it, so that no reader
    # has to guess which of two is which (ours says it guessed when a file does not say).
    issns = [r.journal.issn_print] if r.journal.issn_print else []
    if r.journal.issn_electronic:
        issns.append(f"{r.journal.issn_electronic} (Electronic)")
    if issns:
        out["ISSN"] = ", ".join(issns)
    if r.doi_url:
        out["URL"] = r.doi_url
    if r.publisher:
        out["publisher"] = r.publisher
    if r.language:
        out["language"] = r.language
    if r.abstract:
        out["abstract"] = r.abstract
    if r.keywords:
        out["keyword"] = ", ".join(r.keywords)
    return out


def _quoted(family: str) -> bool:
    """Whether a family name is in quotes, which CSL readers take for 'do not parse' and drop."""
    return len(family) > 1 and family[0] == family[-1] == '"'


def _dumps(obj: Any, indent: str) -> str:
    """json.dumps(obj, indent=2, ensure_ascii=False), nested at `indent`, with the C string encoder.

    json.dumps with indent falls back to its pure-Python encoder (~22,000 items/s here, issue 8
    asks 20,000 records/s end to end); this layout is the same bytes at ~3x the speed (tested).
    """
    if isinstance(obj, str):
        return _encode_string(obj)
    inner = indent + "  "
    # Strings (most values) and plain ints are encoded inline, without a call of _dumps each.
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        body = f",\n{inner}".join(
            [f"{_encode_string(k)}: {_encode_string(v) if v.__class__ is str else _dumps(v, inner)}" for k, v in obj.items()]
        )
        return f"{{\n{inner}{body}\n{indent}}}"
    if isinstance(obj, list):
        if not obj:
            return "[]"
        body = f",\n{inner}".join(
            [_encode_string(v) if v.__class__ is str else str(v) if v.__class__ is int else _dumps(v, inner) for v in obj]
        )
        return f"[\n{inner}{body}\n{indent}]"
    if obj.__class__ is int:
        return str(obj)  # what json.dumps writes for an int (bool is not int's class)
    return json.dumps(obj)


_encode_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # what ensure_ascii=False uses


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """A JSON array of items: UTF-8, 2-space indent, trailing newline; streamed item by item."""
    return entries(entry, end, records, options)


def entry(r: Record, n: int, options: Options) -> str:
    """The n-th item of the array (0-based), with the bracket or comma before it."""
    return ("[\n  " if n == 0 else ",\n  ") + _dumps(_literal(item(r)), "  ")


# CSL-JSON text is rich text to its readers (citeproc-js, Zotero, pandoc: <i>, <b>, <sup>, <sub>, <sc>,
# <span class="nocase">; our reader also Crossref's JATS), while a record's text is plain: a record's
# literal '<i>' (or any tag our reader takes out) is written '<' + an empty nocase span + 'i>', which
# citeproc-js prints as '<i>' (its tags are exact strings: the span breaks one) and every reader drops.
# No entity needs this: citeproc-js, pandoc and Zotero print '&amp;' as it is, and so does our reader.
# Identifiers, dates and pages are no rich text to any of them and are written as they are.
_NOCASE_EMPTY = '<span class="nocase"></span>'
_PLAIN_KEYS = frozenset({"id", "type", "DOI", "PMID", "PMCID", "ISSN", "URL", "language", "page", "number-of-pages"})


def _literal(out: dict[str, Any]) -> dict[str, Any]:
    """The item as the export writes it: every markup tag our reader (and so citeproc-js) would read in
    its text broken, a quoted family name quoted once more. Not for citeproc-py (nenbib cite), which reads
    nocase spans alone (cite.csl_item breaks those)."""
    for key, value in out.items():
        if key in _PLAIN_KEYS:
            continue
        if value.__class__ is str:
            if "<" in value:
                out[key] = _escape(value)
        elif key == "author":
            for name in value:
                for part, text in name.items():
                    if text.__class__ is str and "<" in text:
                        name[part] = _escape(text)
                if _quoted(name.get("family", "")):
                    # citeproc-js and our reader take one pair of quotes round a family name for 'do not
                    # parse it' and drop them: a name quoted itself is quoted once more.
                    name["family"] = f'"{name["family"]}"'
    return out


def _escape(text: str) -> str:
    return _MARKUP.sub(lambda m: "<" + _NOCASE_EMPTY + m.group(0)[1:], text)


def end(count: int, options: Options) -> str:
    """What closes an array of `count` items."""
    return "\n]\n" if count else "[]\n"


# ---- reading -------------------------------------------------------------------------------

_DATE_TEXT = lazy_re(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?\s*$")
# A date written out, as citeproc-js's CSL.DateParser and citation-js's @citation-js/date read a raw
# date: ISO 8601 (a time of day after it: '2020-04-03T00:00:00Z'), 'April 3, 2020', '3 April 2020',
# 'April 2020', '2020 Apr 3' (MEDLINE's order). Each gives (year, month, day) group names.
_MONTH, _ORDINAL = _values.MONTH_NAME, r"(?:st|nd|rd|th)?"
_TIME = r"(?P<time>[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)"
_DATE_FORMS = [
    lazy_re(p)
    for p in (
        # One separator throughout: '2020-01/02' is January to February (a range), not 2 January.
        rf"(?P<y>\d{{4}})(?:(?P<sep>[-/])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<d>\d{{1,2}}){_TIME}?)?)?",
        rf"(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}\s*,?\s+(?P<y>\d{{4}})",
        rf"(?P<d>\d{{1,2}}){_ORDINAL}\.?\s+(?P<mn>{_MONTH})\.?,?\s+(?P<y>\d{{4}})",
        rf"(?P<mn>{_MONTH})\.?,?\s+(?P<y>\d{{4}})",
        rf"(?P<y>\d{{4}})\s+(?P<mn>{_MONTH})\.?(?:\s+(?P<d>\d{{1,2}}))?",
    )
]
# Day and month as numbers: 'DD/MM/YYYY' in most of the world, 'MM/DD/YYYY' in the US.
_NUMERIC_DATE = lazy_re(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_RANGE_DASH = lazy_re(r"\s*(?:[\u2013\u2014-]+|/|\sto\s)\s*")  # '/': EDTF's interval ('2020-04-03/2020-05-01')
# What a range's second date starts with: a year, a month, a day, a season, or nothing ('2020-04-03 -', 'present').
_RANGE_END = lazy_re(
    rf"\d{{4}}(?!\d)|{_MONTH}\b|\d{{1,2}}{_ORDINAL}\b|(?i:spring|summer|autumn|fall|winter|present|ongoing)\b|\.\.|$"
)
# ISO 8601's own hyphen: after a year or a year and month, before a month or day ('2020-04-03').
_ISO_BEFORE, _ISO_AFTER = lazy_re(r"(?<!\d)\d{4}(?:-\d{1,2})?$"), lazy_re(r"\d{1,2}(?!\d)")
_SLASHED_BEFORE = lazy_re(r"(?<![\d/-])\d{4}(?:/\d{1,2})?$")  # 'YYYY/MM/DD': a date's own '/' follows these
_SEASON = lazy_re(r"(?i)\b(?:spring|summer|autumn|fall|winter)\b")
_YEAR_SLASH_NEXT = lazy_re(r"(\d{4})\s*/\s*(\d{2})")  # '2020/21': the next year's last digits, see _text_date
_YEAR = lazy_re(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
# "name": Crossref's organisation; "sequence" ('first', 'additional'): Crossref's author order,
# which the list's order already says.
# "ORCID" (a link, with "authenticated-orcid") and "affiliation" ([{"name": ...}]): Crossref's too.
_NAME_KEYS = {
    "family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal", "name", "sequence",
    "ORCID", "authenticated-orcid", "affiliation", "parse-names",
}  # fmt: skip
_ORCID = lazy_re(r"^(?:https?://(?:www\.)?orcid\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])$", re.IGNORECASE)
# CSL types of a periodical's article: read as a journal article (the others with a note); any
# other type (book, chapter, paper-conference, ...) is left out.
PERIODICAL_TYPES = {
    "article-journal", "journal-article", "article", "article-magazine", "article-newspaper", "review", "review-book",
}  # fmt: skip
# Keys the reader turns into record fields; any other key is reported, never dropped silently.
READ_KEYS = {
    "id", "citation-key", "type", "title", "author", "container-title", "container-title-short", "journalAbbreviation",
    "volume", "issue", "page", "page-first", "number-of-pages", "issued", "genre", "DOI", "PMID", "PMCID",
    "ISSN", "URL", "publisher", "language", "abstract", "keyword", "subtitle", "short-container-title", "issn-type",
    "article-number",
}  # fmt: skip


def sniff(text: str) -> bool:
    """True when the text looks like CSL-JSON (a JSON item or array of items with a CSL type)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    return head[:1] in "[{" and '"type"' in head and any(k in head for k in ('"container-title"', '"issued"', '"author"'))


def _warn_at(warn: Any, key: str) -> _values.Warn:
    return lambda message: warn(message, key)


# Layout no record's text holds (line breaks, tabs: text from XML or a form field, Crossref's titles).
_LAYOUT = lazy_re("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(value: Any) -> str:
    """The value as one line: laid out text (a line break, a tab) with single spaces; other text as
    it is but for its ends, as citeproc-js prints it: a record's 'a  b' (or 'a\u00a0 b') reads back the same."""
    text = str(value)
    if "<" in text:
        text = text.replace(_NOCASE_EMPTY, "")  # what our writer puts in a name's (or keyword's) literal '<i>'
    return " ".join(text.split()) if _LAYOUT.search(text) else text.strip()


# CSL-JSON text is rich text (_values.plain_text says how it is read). What the writer breaks: every tag
# the reader takes out, and '<jats:', which makes text JATS.
_MARKUP = lazy_re(r"<(?=/?jats:)|" + _values.RICH_TAG.pattern, re.IGNORECASE)


def _plain(text: str, key: str, warn: Any) -> str:
    """Rich CSL (or JATS) text as plain text, as _values.plain_text reads it; its note at the key's line."""
    return _values.plain_text(text, lambda message: warn(message, key), key)


def read(text: str, source: str) -> ReadResult:
    """CSL-JSON (an array of items or one item) -> record dicts and one warning line per oddity."""
    text = text.lstrip("\ufeff")
    result = ReadResult()
    keys = _values.Keys()
    offsets: dict[int, dict[tuple[Any, ...], int]] = {}
    for n, (pos, line, data, place) in enumerate(_items_with_lines(text, source, keys)):
        if isinstance(data, dict) and isinstance(data.get("itemData"), dict) and "type" not in data:
            # A cited item ({"id", "uris", "itemData"}), as Zotero and Mendeley keep them in a
            # document's citations: the item is its itemData.
            at = _key_offsets(text, pos).get(("itemData",))
            if at is not None:
                at = _value_start(text, at)
                pos, line = at, line + text.count("\n", pos, at)
            data = data["itemData"]
            place += "/itemData"

        def warn(message: str, key: str | tuple[Any, ...] | None = None, _pos: int = pos, _line: int = line, _n: int = n) -> None:
            where = _line
            if key is not None:
                if _n not in offsets:  # found once per item, and only for an item that has something to say
                    offsets.clear()
                    offsets[_n] = _key_offsets(text, _pos)
                path = (key,) if isinstance(key, str) else key
                while path and path not in offsets[_n]:
                    path = path[:-1]  # the nearest enclosing key that is there
                if path:
                    where = _line + text.count("\n", _pos, offsets[_n][path])
            result.warnings.append(f"{source}: line {where}: item {_n}: {message}")

        if not isinstance(data, dict):
            warn(f"a CSL item is a JSON object, not {type(data).__name__}; skipped")
            continue
        if _left_out(data):  # no type, blank or null: read as an article
            # A book or chapter read as an article failed the whole file (no journal) or, with a
            # container-title, made a book a journal; the BibTeX reader leaves out @book alike.
            warn(f"type {data['type']!r} is not a journal article; left out", "type")
            continue
        mark = len(result.warnings)
        try:
            result.records.append(_record(data, warn, keys, f"item {n}"))
        except _values.SameRecord as same:
            del result.warnings[mark:]  # its notes repeat the earlier item's
            warn(f"{_given_key(data)[0]} {same}", _given_key(data)[0])
            continue
        result.places.append(place)
    return result


_TOKEN = lazy_re(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]')


def _key_offsets(text: str, start: int) -> dict[tuple[Any, ...], int]:
    """Where each key of the JSON value at `start` is, by its path (('author', 2, 'ORCID')), and
    each object or array in an array (('author', 2)): a warning names the line of the key it is
    about, not the first text alike (a nested 'published-print', another author's 'ORCID')."""
    out: dict[tuple[Any, ...], int] = {}
    stack: list[list[Any]] = []  # [bracket, current key or index, expecting a key]
    for m in _TOKEN.finditer(text, start):
        token = m.group(0)
        c = token[0]
        if c == '"':
            if stack and stack[-1][0] == "{" and stack[-1][2]:
                stack[-1][1] = json.loads(token)
                out.setdefault(tuple(f[1] for f in stack), m.start())
        elif c in "{[":
            if stack and stack[-1][0] == "[":
                out.setdefault(tuple(f[1] for f in stack), m.start())
            stack.append([c, 0 if c == "[" else None, c == "{"])
        elif c in "}]":
            stack.pop()
            if not stack:
                break
        elif c == ":":
            stack[-1][2] = False
        elif stack[-1][0] == "{":  # ','
            stack[-1][2] = True
        else:
            stack[-1][1] += 1
    return out


def _crossref_works(text: str, pos: int, doc: dict[str, Any]) -> Iterator[tuple[int, int, Any, str]]:
    """The works of a Crossref REST API answer (api.crossref.org/works/DOI: {"message": work};
    a search: {"message": {"items": [...]}}), each with where it starts and its JSON pointer."""
    offsets = _key_offsets(text, pos)
    message = doc["message"]
    works: list[tuple[tuple[Any, ...], Any]]
    if doc.get("message-type") == "work-list" or "items" in message:
        items = message.get("items")  # a number there was an internal error: no list, no works
        works = [(("message", "items", i), work) for i, work in enumerate(items)] if isinstance(items, list) else []
    else:
        works = [(("message",), message)]
    line_of = _line_counter(text)
    for path, work in works:
        at = offsets.get(path, pos)
        if path[-1] == "message":  # the key's offset: the work starts after its colon
            at = _value_start(text, at)
        yield at, line_of(at), work, "".join(f"/{step}" for step in path)


def _line_counter(text: str) -> Callable[[int], int]:
    """The line of an offset, counting on from the offset asked before: the items of an array come
    in order, and counting from the start for each made reading n items take time as n squared."""
    last = [0, 1]

    def line_of(at: int) -> int:
        if at < last[0]:
            last[:] = [0, 1]
        last[:] = [at, last[1] + text.count("\n", last[0], at)]
        return last[1]

    return line_of


def _value_start(text: str, key_at: int) -> int:
    """Where the value of the key at `key_at` starts (after its colon and white space)."""
    at = text.index(":", key_at) + 1
    return at + len(text[at : at + 100]) - len(text[at : at + 100].lstrip())


def _items_with_lines(text: str, source: str, keys: _values.Keys) -> Iterator[tuple[int, int, Any, str]]:
    """(offset, line, value, JSON pointer) where each item of the top-level array starts, or the one object;
    the keys the items read give reserved first (Keys.reserve)."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    # The whole text must be well-formed before items are read one by one, by the rules of record
    # JSON: a duplicate key (which one wins?), NaN and 1e400 were read as the last, 'nan' and
    # 'inf'; nesting deeper than the recursion limit was an internal error.
    _reserve(files.loads(text, source), keys)
    line = text.count("\n", 0, pos) + 1
    if text.startswith("{", pos) and '"message-type"' in text:
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("message"), dict):
            yield from _crossref_works(text, pos, doc)
            return
    if text.startswith("{", pos) and '"citationItems"' in text:
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("citationItems"), list):
            # A citation of a word processor's field (Zotero's and Mendeley's CSL_CITATION JSON).
            offsets = _key_offsets(text, pos)
            line_of = _line_counter(text)
            for i, cited in enumerate(doc["citationItems"]):
                at = offsets.get(("citationItems", i), pos)
                yield at, line_of(at), cited, f"/citationItems/{i}"
            return
    if not text.startswith("[", pos):
        yield pos, line, decoder.raw_decode(text, pos)[0], ""
        return
    pos += 1
    for n in itertools.count():
        start = pos
        while text[pos] in " \t\r\n,":
            pos += 1
        line += text.count("\n", start, pos)
        if text[pos] == "]":
            return
        value, end = decoder.raw_decode(text, pos)
        yield pos, line, value, f"/{n}"
        line += text.count("\n", pos, end)
        pos = end


def _reserve(doc: Any, keys: _values.Keys) -> None:
    """The keys the items of a CSL-JSON text give (an array of items, one item, a citation's cited
    items), reserved: a key made for an item without one no longer takes a later item's own key,
    which was then renamed. The items are read one by one after this: the text was parsed whole to
    check it, and this walks that parse, not the text again. (A Crossref answer gives no key.)"""
    items = doc.get("citationItems") if isinstance(doc, dict) and isinstance(doc.get("citationItems"), list) else doc
    for data in items if isinstance(items, list) else [items]:
        if isinstance(data, dict) and isinstance(data.get("itemData"), dict) and "type" not in data:
            data = data["itemData"]
        if isinstance(data, dict) and not _left_out(data):
            keys.reserve(_given_key(data)[1])


def _left_out(data: dict[str, Any]) -> bool:
    """Whether the item is no journal article (a book, a chapter): left out, as the BibTeX reader leaves out @book."""
    kind = data.get("type")
    return isinstance(kind, str) and not _no_type(data) and kind not in PERIODICAL_TYPES


def _given_key(data: dict[str, Any]) -> tuple[str, str]:
    """The item's key and where it is: CSL 1.0.2's citation-key (Zotero 7 and Better BibTeX write it beside
    an id that is Zotero's item URI), else its id; '' for none."""
    id_key = "citation-key" if data.get("citation-key") not in (None, "") else "id"
    return id_key, str(data[id_key]).strip() if data.get(id_key) not in (None, "") else ""


def _no_type(data: dict[str, Any]) -> bool:
    """Whether the item says no type: none, null, or a blank string."""
    kind = data.get("type")
    return kind is None or (isinstance(kind, str) and not kind.strip())


def _record(data: dict[str, Any], warn: Any, keys: _values.Keys, place: str) -> dict[str, Any]:
    """One record dict from one CSL item."""
    d: dict[str, Any] = {"id": "", "type": "article-journal"}
    if _no_type(data):
        warn("no type; read as a journal article", "type")
    elif not isinstance(data["type"], str):  # ["article-journal"] was an internal error (an unhashable list)
        warn(f"type {data['type']!r} is not text; read as a journal article", "type")
    elif data.get("type") not in ("article-journal", "journal-article"):  # the latter: Crossref's API
        warn(f"type {data['type']!r} is not 'article-journal'; read as a journal article", "type")
    for key in ("genre", "title"):
        if value := _text(data, key, warn):
            d[key] = value
    # Crossref gives a subtitle apart ("subtitle": ["A Randomized Trial"]); the record's title is the
    # whole title as printed, joined as Zotero's Crossref import joins them.
    subtitle = _text(data, "subtitle", warn)
    if subtitle and d.get("title") and not d["title"].endswith(subtitle):
        d["title"] = f"{d['title']}{'' if d['title'].endswith((':', '?', '!', '.')) else ':'} {subtitle}"
    names = data.get("author") or []
    if not isinstance(names, list):
        warn("author is not a list of names; read as one name", "author")
        names = [names]
    affiliations: dict[str, str] = {}  # printed -> id, in the order first met
    d["authors"] = [author for i, a in enumerate(names) if (author := _name(a, i, warn, affiliations)) is not None]
    if affiliations:
        d["affiliations"] = [{"id": aff_id, "printed": printed} for printed, aff_id in affiliations.items()]

    journal: dict[str, Any] = {}
    if value := _text(data, "container-title", warn):
        journal["title"] = value
    # short-container-title: Crossref's API (a list, as its container-title).
    for key in ("journalAbbreviation", "container-title-short", "short-container-title"):
        if value := _text(data, key, warn):
            slot = "abbreviation_iso" if "." in value else "abbreviation_nlm"
            if slot not in journal:
                journal[slot] = value
            elif journal[slot] != value:
                warn(f"{key} {value!r} differs from the abbreviation already read; ignored", key)
    issn = data.get("ISSN")
    # Crossref's API says which ISSN is which: [{"value": "1389-4501", "type": "print"}, ...].
    given = data.get("issn-type")  # Crossref's [{"type": "print", "value": ...}]; 5 was an internal error
    if given not in (None, []) and not isinstance(given, list):
        warn(f"issn-type {given!r} is not a list of {{type, value}}; ignored", "issn-type")
    typed = (
        [t for t in given if isinstance(t, dict) and t.get("type") in ("print", "electronic")] if isinstance(given, list) else []
    )
    if typed:
        issn = [f"{t.get('value')} ({t['type']})" for t in typed]
    marked: set[str] = set()  # a list's items are one journal's: a print ISSN one marks is no guess for the next
    for value in issn if isinstance(issn, list) else [issn] if issn else []:
        _values.issns(str(value), journal, lambda m: warn(m, "ISSN"), marked=marked)
    d["journal"] = journal
    if value := _text(data, "publisher", warn):
        d["publisher"] = value
    issued = _issued(data.get("issued"), warn)
    if issued:
        d["issued"] = issued
    for key in ("volume", "issue"):
        if value := _text(data, key, warn):  # ' ' was kept as the volume '', which failed the file
            d[key] = value
    pages = _pages(data, warn)
    if pages:
        d["pages"] = pages

    ids: dict[str, str] = {}
    if data.get("DOI") and (doi := _doi(_one_line(data["DOI"]), warn)):
        ids["doi"] = doi
    for key, read_id in (("PMID", _values.pmid), ("PMCID", _values.pmcid)):
        if data.get(key) not in (None, ""):
            # One malformed identifier must not fail the whole file's validation: left out, noted.
            if found := read_id(_one_line(data[key]), _warn_at(warn, key), key):
                ids[key.lower()] = found
    # Zotero keeps a PubMed article's PMID and PMCID in Extra ('PMID: 8692918' a line), which its CSL-JSON
    # export writes as the note and citeproc-js reads as those variables: the note was 'not kept', the PMID lost.
    note = data.get("note")
    note_read = isinstance(note, str) and _values.note_ids(
        note,
        ids,
        _warn_at(warn, "note"),
        "a line of Zotero's Extra, which its CSL-JSON export writes as the note; citeproc-js reads it as the variable",
    )
    url = str(data.get("URL") or "").strip()
    if url:
        # A doi.org link's closing '.' or ',' is cut as a labelled DOI's, noted where the DOI is read from it.
        # A link naming another identifier than the record's says which, as RIS's UR does: 'records hold
        # no link besides the DOI' was untrue of a PubMed link, read as the PMID where the record has none.
        for note in _values.read_link(url, ids, "URL")[1]:
            warn(note, "URL")
    if ids:
        d["identifiers"] = ids

    keyword = data.get("keyword")
    # One string: comma-separated (CSL's convention), or semicolon-separated as some tools join them;
    # a record's keyword holds neither, so both split.
    parts = keyword if isinstance(keyword, list) else re.split("[,;]", str(keyword)) if keyword else []
    keywords = _values.keywords((_one_line(k) for k in parts), lambda m: warn(m, "keyword"))
    if keywords:
        d["keywords"] = keywords
    language = str(data.get("language") or "").strip()
    code = _values.language(language, lambda m: warn(m, "language")) if language else None
    if code:
        d["language"] = code
    # Verbatim, its outer white space too (a record's abstract may hold it, as the export writes it);
    # a blank one is no abstract ('' failed the whole file).
    # A tab is a space, as in a title (it failed the schema's no-control-characters rule, and the whole file).
    if data.get("abstract") and (abstract := _plain(str(data["abstract"]), "abstract", warn).replace("\t", " ")).strip():
        d["abstract"] = abstract

    id_key, raw_id = _given_key(data)  # used when it is a usable key
    earlier = _values.earlier_record(raw_id, d, place, keys)  # SameRecord: left out
    d["id"] = _values.record_key(raw_id, d, keys)
    if raw_id and raw_id != d["id"]:
        why = f"{raw_id!r} is not a usable citation key"
        if earlier is not None:
            why = f"{earlier.repeated_by(raw_id)}, whose record differs"
        warn(f"{id_key} {why}; used {d['id']!r}", id_key)
    for key in data:
        if key not in READ_KEYS and not (key == "note" and note_read):
            warn(f"key {key!r} not kept: records have no place for it", key)
    return d


_DOI, _DOI_IN_TEXT = _values.DOI, _values.DOI_IN_TEXT


def _doi(text: str, warn: Any) -> str | None:
    """The DOI of the DOI field: bare, a link or 'doi:' form; found in other text with a note
    ('doi.org/10.1000/x'); None, with a note, when it holds none."""
    bare = _values.doi(text)
    if _DOI.fullmatch(bare):
        if end := _values.doi_end(text, bare):
            warn(f"DOI {text!r} read as {end[0]!r}: {end[1]}", "DOI")
            return end[0]
        return bare
    m = _DOI_IN_TEXT.search(bare)
    if m:
        warn(f"DOI {text!r} holds more than a DOI; read as {m.group(0)!r}", "DOI")
        return m.group(0)
    warn(f"DOI {text!r} is no DOI; left out", "DOI")
    return None


def _text(data: dict[str, Any], key: str, warn: Any) -> str:
    """A text value on one line ('' when absent or empty); of a list (Crossref's API gives title and
    container-title as lists) the first, with a note when there are more, as the record holds one."""
    value = data.get(key)
    if not value:
        return ""
    if isinstance(value, list):
        if len(value) > 1:
            warn(f"{key} holds {len(value)} values; the first is kept, not {value[1:]!r}", key)
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        warn(f"{key} {value!r} is not text; left out", key)  # null, an object: not 'None' or '{...}' as a title
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a volume 21.0 (a spreadsheet's number) is 21
    return _one_line(_plain(str(value), key, warn))


def _name(a: Any, i: int, warn: Any, affiliations: dict[str, str]) -> dict[str, Any] | None:
    """A CSL name -> a person ({family, given, particle, suffix, orcid}) or an organisation ({name}),
    with the ids of its affiliations (Crossref's), added to `affiliations` (printed -> id)."""
    if not isinstance(a, dict):
        if not _one_line(a if a is not None else ""):
            warn(f"author {i} has no name; left out", ("author", i))
            return None
        warn(f"author {i} is not a name object; read as an organisation name", ("author", i))
        return {"name": _one_line(a)}
    for key in a:
        if key not in _NAME_KEYS:
            warn(f"author {i}: name key {key!r} not kept", ("author", i, key))
    # Crossref (its REST API and doi.org's CSL-JSON) names an organisation {"name": ...}, not "literal".
    family = _one_line(a.get("family") or "")
    literal = _one_line(a.get("literal") or (a.get("name") if not family else None) or "")
    if _values.is_et_al(literal or family):
        warn(f"author {i} {_values.ET_AL}", ("author", i))
        return None
    if literal or not family:
        name = literal or _one_line(a.get("given") or "")
        if not name:  # {} or blanks: an organisation '' failed the whole file
            warn(f"author {i} has no name; left out", ("author", i))
            return None
        if not literal:
            warn(f"author {i} has no family name; read as the organisation {name!r}", ("author", i))
        return _affiliated({"name": name}, a, i, warn, affiliations)
    given, suffix = _one_line(a.get("given") or ""), _one_line(a.get("suffix") or "")
    particles = [_one_line(a[k]) for k in ("dropping-particle", "non-dropping-particle") if a.get(k)]
    if _quoted(family):
        family = family[1:-1].strip()  # a quoted family name is not parsed (citeproc-js, Zotero)
    elif family and given and not particles and a.get("parse-names") not in (False, "false", 0):
        family, given, suffix, particles = _parse_particles(family, given, suffix)
    person: dict[str, Any] = {"family": family}
    if given:
        person["given"] = given
    if particles:
        person["particle"] = " ".join(particles)
    if suffix:
        person["suffix"] = suffix
    if a.get("ORCID"):
        orcid = _ORCID.match(_one_line(a["ORCID"]))
        if orcid and _orcid_ok(orcid.group(1).upper()):
            person["orcid"] = orcid.group(1).upper()
        else:  # one wrong ORCID must not fail the whole file's validation
            warn(f"author {i}: ORCID {a['ORCID']!r} is no valid ORCID iD; left out", ("author", i, "ORCID"))
    return _affiliated(person, a, i, warn, affiliations)


def _parse_particles(family: str, given: str, suffix: str) -> tuple[str, str, str, list[str]]:
    """(family, given, suffix, particles) of a name whose particles are in its family or given name,
    as citeproc-js reads every CSL name (and Zotero exports one): words in lower case at the start of
    the family name ('van der Berg', "d'Alembert") and at the end of the given name ('Ludwig van')
    are particles; a given name's text after a comma is the suffix ('John, Jr.')."""
    leading: list[str] = []
    while m := _FAMILY_PARTICLE.match(family):
        if not _lower_first(m.group(1)):
            break
        leading.append(m.group(1).strip())
        family = m.group(2)
    if not suffix and "," in given:
        head, _, tail = given.partition(",")
        if tail.strip() and tail.replace(".", "").strip() != "et al":
            given, suffix = head.strip(), tail.strip(" ,")
    words = given.split(" ")
    trailing: list[str] = []
    while len(words) > 1 and _lower_first(words[-1]):
        trailing.insert(0, words.pop())
    # Dropping particles before non-dropping ones, as the record's one particle is written before the family name.
    particles = [" ".join(trailing)] if trailing else []
    if leading:
        particles.append(" ".join(leading).replace("' ", "'").replace("- ", "-"))
    return family, " ".join(words), suffix, particles


# A word of a family name ending in a space, apostrophe or hyphen, followed by the rest of the name.
_FAMILY_PARTICLE = lazy_re(r"^([^ ]+?(?:-|'|\u2019|\u02bb| ) *)(\S.*)$")


def _lower_first(word: str) -> bool:
    """Whether the word's first letter (after apostrophes and hyphens) is lower case."""
    letter = word.lstrip("-'\u2019\u02bb ")[:1]
    return letter != letter.upper()


def _affiliated(author: dict[str, Any], a: dict[str, Any], i: int, warn: Any, affiliations: dict[str, str]) -> dict[str, Any]:
    """The author with the ids of Crossref's affiliation list ([{"name": printed}, ...]) added."""
    refs: list[str] = []
    value = a.get("affiliation") or []
    for aff in value if isinstance(value, list) else [value]:
        printed = _one_line(aff.get("name") or "") if isinstance(aff, dict) else _one_line(aff)
        if not printed:
            warn(f"author {i}: affiliation {aff!r} names no affiliation; left out", ("author", i, "affiliation"))
            continue
        aff_id = affiliations.setdefault(printed, f"aff{len(affiliations) + 1}")
        if aff_id not in refs:
            refs.append(aff_id)
    if refs:
        author["affiliations"] = refs
    return author


def _issued(value: Any, warn: Any) -> dict[str, int] | None:
    """date-parts [[y, m, d]] (numbers or strings), or raw/literal text that parses (with a warning)."""
    if isinstance(value, str) and value.strip():
        value = {"raw": value}  # pandoc's citeproc reads a date given as a string as its raw text
    if not isinstance(value, dict):
        warn("no issued date" if value is None else f"issued {value!r} is not a CSL date object", "issued")
        return None
    parts = value.get("date-parts")
    if parts and not isinstance(parts, list):  # 5 or {...}: an internal error (len() of a number, parts[0] of a dict)
        warn(f"issued date-parts {parts!r} is not a list of dates; ignored", "issued")
        if not (value.get("raw") or value.get("literal")):
            return None
        parts, value = None, {k: v for k, v in value.items() if k != "date-parts"}
    if parts and isinstance(parts, list) and not isinstance(parts[0], list):
        warn(f"issued date-parts {parts!r} is one list, not a list of dates; read as one date", "issued")
        parts = [parts]
    if parts:
        if len(parts) > 1:
            warn("issued is a date range; its first date is used", "issued")
        first = parts[0] if isinstance(parts[0], list) else []
        if len(first) == 1 and isinstance(first[0], str) and (whole := _DATE_TEXT.match(first[0])) and whole.group(2):
            # [["2020-04-03"]]: a date as text in the year's place; read as its parts, not as no year at all
            # (the record then lacked its year, and the whole file failed).
            first = [int(g) for g in whole.groups() if g]
            warn(f"issued date-parts {parts!r} hold a date as text; read as {'-'.join(map(str, first))}", "issued")
        numbers: list[int] = []
        # Empty trailing parts ([["2020", "", ""]], [[2020, null]]) say no month or day: the year stays.
        for part in first[:3]:
            if part in (None, "") or isinstance(part, bool):
                break
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        if not numbers:
            warn(f"issued date-parts {parts!r} hold no year; ignored", "issued")
            return None
        if len(numbers) < len([p for p in first[:3] if p not in (None, "")]):
            warn(f"issued date-parts {first!r} are not all numbers; read as {'-'.join(map(str, numbers))}", "issued")
    elif "date-parts" in value and not (value.get("raw") or value.get("literal")):
        warn(f"issued date-parts {parts!r} hold no year; ignored", "issued")
        return None
    else:
        text = str(value.get("raw") or value.get("literal") or "")
        read = _text_date(text)
        if read is None:
            warn(f"issued {text!r} does not read as a date; ignored", "issued")
            return None
        numbers, why = read
        kept = f"its year {numbers[0]}" if len(numbers) == 1 and why else "-".join(map(str, numbers))
        warn(f"issued given as text {text!r}; read as {kept}{why}", "issued")
    if parts and (said := value.get("raw") or value.get("literal")):
        _conflicting_text(str(said), numbers, warn)
    for key in value:
        if key not in ("date-parts", "raw", "literal"):
            warn(f"issued {key!r} not kept", "issued")
    out = {"year": numbers[0]} if numbers else None
    if out is not None and len(numbers) > 1 and numbers[1] and not 1 <= numbers[1] <= 12:
        # CSL 1.0.2 writes a season as month 21-24 (citeproc-js also reads 13-16); a season has no day.
        day = numbers[2] if len(numbers) > 2 else 0
        season = None if day else _SEASONS.get(numbers[1])
        if season:
            warn(
                f"issued month {numbers[1]} is the season {season}, which a record's date cannot hold; the year alone is kept",
                "issued",
            )
        else:
            what = f"month {numbers[1]} and day {day} do" if day else f"month {numbers[1]} does"
            warn(f"issued {what} not read as a date (a month is 1-12); the year alone is kept", "issued")
    elif out is not None and len(numbers) > 1 and numbers[1]:
        out["month"] = numbers[1]
        if len(numbers) > 2 and numbers[2]:
            out["day"] = numbers[2]
        out = _values.date(out, lambda message: warn(f"issued {message}", "issued"))
    return out


def _text_date(text: str) -> tuple[list[int], str] | None:
    """[year, month?, day?] of a date given as text, and why less was kept than it says ('' when
    nothing was lost); None when it names no one year."""
    text = text.strip()
    if (school := _YEAR_SLASH_NEXT.fullmatch(text)) and int(school.group(2)) == (int(school.group(1)) + 1) % 100:
        # '2020/21', '1999/00': the years 2020 to 2021, as an academic or financial year is written (EDTF's '/'
        # is an interval's). citeproc-js 2.4 and @citation-js/date 0.5 read it as [2020, 21], month 21 being
        # CSL 1.0.2's season spring, which this reader called it; '2011/12' may be December 2011 as well.
        year, end = int(school.group(1)), int(school.group(2))
        span = f"the years {year} to {year + 1}, as an academic or financial year is written"
        if 1 <= end <= 12:
            return [year], f" ({text!r} is month {end} of {year} or {span}; which is not said)"
        season = f", the season {_SEASONS[end]}" if end in _SEASONS else ""
        tools = f"; citeproc-js and citation-js read it as month {end}{season}" if end else ""
        return [year], f" ({span}: a range of dates, its first year is kept{tools})"
    whole = _date_form(text)
    if whole is not None:
        numbers, time = whole
        if season := _season(numbers):  # '2020-21' (EDTF's spring), as date-parts' [2020, 21] is read
            return numbers[:1], f" ({season})"
        return numbers, " (a record's date holds no time of day)" if time else ""
    # A range ('2020 Apr-Jun', '1 Jan 2020 - 2 Feb 2021'): its first date, as of date-parts' range, when
    # it reads as a date of its own; the longest that does ('2020-04-03 - 2020-04-05' is not '2020').
    # A date is short: dashes past its first 80 characters start no first date (and a long text costs
    # no square of its length).
    dashes = [m for m in _RANGE_DASH.finditer(text, 0, 80) if _between_dates(text, m)]
    firsts = [found for m in dashes if (found := _date_form(text[: m.start()])) is not None]
    if firsts:
        first = max(firsts, key=lambda f: len(f[0]))[0]
        if season := _season(first):
            # '2020-13/2020-14': it was read as '2020-13', 'its first date kept', then the year alone.
            return first[:1], f" (a range of dates whose first date's {season})"
        return first, " (a range of dates: its first date is kept)"
    years = set(_YEAR.findall(text))
    if len(years) != 1:
        return None
    year = int(years.pop())
    if unread := next((text[: m.start()] for m in dashes if _YEAR.search(text, 0, m.start())), None):
        # '2020-13-05/2020-14-01', '2020-25/2020-26': a first date that holds the year but no month or day
        # that reads; it was said to give no year of its own.
        return [year], f" (a range of dates whose first date, {unread.strip()!r}, does not read as a month or day)"
    if numeric := _NUMERIC_DATE.fullmatch(text):
        a, b = int(numeric.group(1)), int(numeric.group(2))
        # Each order that gives a month (1-12) and a day (1-31): '13/13/2020' and '0/0/2020' give none (read
        # as month 13 they were called the season spring), '13/04/2020' one, '03/04/2020' two.
        orders = {(m, d) for m, d in ((a, b), (b, a)) if 1 <= m <= 12 and 1 <= d <= 31}
        if len(orders) > 1:
            return [year], " (its day and month could be either way round: DD/MM or MM/DD)"
        if orders:
            month, day = orders.pop()
            return [year, month, day], ""
        return [year], " (the rest does not read as a month or day)"
    if _SEASON.search(text):
        return [year], " (a record's date holds no season)"
    if dashes:
        return [year], " (a range of dates whose first date gives no year of its own)"
    return [year], " (the rest does not read as a month or day)"


def _between_dates(text: str, dash: re.Match[str]) -> bool:
    """Whether the dash (or 'to', '/') is a range's, between two dates: not ISO's own hyphen, nor the '/'
    of a date written 'YYYY/MM/DD' ('2020/13/05-2020/14/01' was read from its first date's '2020/13', the
    season spring), nor one before what starts no date ('2020-04-03 (online)' was read as 2020-4, a
    range's first date; '2020-W12')."""
    if not _RANGE_END.match(text, dash.end()):
        return False
    before = _ISO_BEFORE if dash.group() == "-" else _SLASHED_BEFORE if dash.group() == "/" else None
    return not (before and before.search(text, 0, dash.start()) and _ISO_AFTER.match(text, dash.end()))


def _season(numbers: list[int]) -> str:
    """'month 21 is the season spring, which a record's date cannot hold' for [year, season] (a season has
    no day), else ''."""
    season = _SEASONS.get(numbers[1]) if len(numbers) == 2 else None
    return f"month {numbers[1]} is the season {season}, which a record's date cannot hold" if season else ""


def _date_form(text: str) -> tuple[list[int], bool] | None:
    """[year, month?, day?] of a date written in one of _DATE_FORMS, and whether a time followed it."""
    for form in _DATE_FORMS:
        if m := form.fullmatch(text.strip()):
            found = m.groupdict()
            month = _values.month_number(found["mn"]) if found.get("mn") else int(found.get("m") or 0)
            numbers = [int(found["y"]), month, int(found.get("d") or 0)]
            if month and not 1 <= month <= 12 and (numbers[2] or month not in _SEASONS):
                # '2020-13-45': no month, and a season (CSL's 13-16, 21-24) has no day: it was noted as the
                # season spring. A season alone ('2020-21', EDTF's) is read as date-parts' is.
                return None
            if numbers[2] and not month:  # '2020-00-05': a day of no month; it was read as 2020 without a word
                return None
            return numbers[: 3 if numbers[2] and month else 2 if month else 1], bool(found.get("time"))
    return None


def _conflicting_text(text: str, numbers: list[int], warn: Any) -> None:
    """A raw or literal text beside date-parts that says another date is noted: citeproc-js reads
    date-parts and parses raw only without them (CSL.Engine.retrieveItem), and so does this reader."""
    read = _text_date(text)
    parts = "-".join(map(str, numbers))
    if read is None:
        warn(f"issued text {text!r} is no date; its date-parts {parts} are used", "issued")
    elif any(a != b for a, b in zip(read[0], numbers, strict=False)):
        warn(f"issued text {text!r} differs from its date-parts {parts}; the date-parts are used", "issued")


_SEASONS = {n + d: s for d in (13, 21) for n, s in enumerate(("spring", "summer", "autumn", "winter"))}


def _pages(data: dict[str, Any], warn: Any) -> dict[str, Any] | None:
    """'389-405', '389–405', '389' or an article number like 'e1003'; number-of-pages as the count."""
    # Read as text (_text): a true was the page or article number 'True' without a word.
    given, first = _text(data, "page", warn), _text(data, "page-first", warn)
    page = given or first
    count = data.get("number-of-pages")
    number = _text(data, "article-number", warn)
    if number and not _values.is_article_number(number):
        warn(f"article-number {number!r} is no article number (letters, digits, '.' and '-'); left out", "article-number")
        number = ""
    read: dict[str, Any] = {}
    if page:  # beside an article number, left out with one note: how they read is no news
        read = _values.pages(page, (lambda m: None) if number else (lambda m: warn(m, "page"))) or {}
    out = read
    if number:
        # Crossref's article-number (api.crossref.org works: 'e1003', '101234') wins over pages, in every
        # reader (_values.pages_beside_number); pages that say the same number are no news.
        key = "page" if given else "page-first"
        # Without number-of-pages, a plain range's length is the count the record holds beside the number.
        span = _values.pages_beside_number(key, page, number, "article-number", lambda m: warn(m, key), count=count in (None, ""))
        out = {"article_number": number, **({"count": span} if span else {})}
    if given and first and first != str(read.get("first", read.get("article_number", ""))):
        # 'page' is read; a page-first that says otherwise was dropped without a word.
        warn(f"page-first {first!r} differs from page {page!r}; ignored", "page-first")
    if count not in (None, ""):
        if not out:
            warn("number-of-pages without page; ignored", "number-of-pages")
        elif not str(count).strip().isdigit():
            warn(f"number-of-pages {count!r} is not a number; ignored", "number-of-pages")
        elif "last" in read and int(str(count).strip()) != read["last"] - read["first"] + 1:
            # One item's wrong count failed the whole file's validation (page-count). Checked against
            # the page range beside an article number too: it is the article's own pagination.
            span = read["last"] - read["first"] + 1
            warn(f"number-of-pages {count!r} is not the {span} pages of page {page!r}; ignored", "number-of-pages")
        elif int(str(count).strip()) >= 1:
            out["count"] = int(str(count).strip())
        else:
            warn(f"number-of-pages {count!r} is no count of pages; ignored", "number-of-pages")
    return out or None


# Where the reader finds each field a record requires: an import that lacks one is told in the format's
# own words (convert.py), not by the record's JSON pointer ('/0/journal: 'title' is a required property').
REQUIRED_FROM = {
    "title": "title",
    "authors": "author",
    "journal.title": "container-title",
    "issued.year": "issued (a year in date-parts)",
}
