"""BibLaTeX: `@article` entries for biblatex + biber, every field in biber's default data model.

Fields: author, title, journaltitle, shortjournal (the ISO 4 abbreviation, with periods, as most
styles print it), date (ISO 8601: 2020, 2020-04, 2020-04-30), volume, number, pages or eid (an
article number), doi, eprint + eprinttype = pubmed (the PMID), issn (print), keywords, abstract,
langid (the babel name of the language). biblatex's @article has no publisher, affiliation,
pagetotal, PMCID or second ISSN field (`biber --validate-datamodel` warns): they are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Record
from . import Options, ReadResult, entries
from ._latex import (
    BIBER_ABSTRACT,
    BIBER_NAMES,
    BIBUTILS_TEXT,
    LANGID,
    LATEXCODEC_TEXT,
    NO_GIVEN_NAME,
    PARTICLE_NOTE,
    PYLATEXENC_TEXT,
    ZOTERO_TEXT,
    article,
    braced,
    doi_value,
    escape,
    escape_keywords,
    escape_multiline,
    escape_title,
    format_author,
    sniff,
)
from ._latex import read as _read

__all__ = ["BIBER", "BIBUTILS", "FIDELITY", "LATEXCODEC", "PYLATEXENC", "ZOTERO", "read", "sniff", "write"]

FIDELITY = {
    "id": "carried",
    "type": "carried",
    "genre": "dropped: biblatex's article has no field for the publisher's article label",
    "title": "carried",
    "authors": f"lossy: {PARTICLE_NOTE}; {NO_GIVEN_NAME}",
    "authors.orcid": "dropped: not in biber's default data model",
    "authors.corresponding": "dropped: biblatex has no place for the corresponding author",
    "affiliations": "dropped: biblatex's data model has no affiliation field (biber --validate-datamodel warns)",
    "journal.title": "carried",
    "journal.abbreviation_nlm": "dropped: shortjournal holds the ISO 4 abbreviation",
    "journal.abbreviation_iso": "carried",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "dropped: biblatex has one issn field, which holds the print ISSN",
    "publisher": "dropped: biblatex's article has no publisher field (biber --validate-datamodel warns)",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "dropped: pagetotal is not a field of biblatex's article",
    "pages.article_number": "lossy: eid; Zotero's BibTeX import ignores eid: an article number does not reach Zotero's pages",
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "dropped: biblatex has one eprint field, which holds the PMID",
    "keywords": "carried",
    "language": "lossy: langid holds babel names; a language without a biblatex language module is left out; "
    "Zotero's BibTeX import ignores langid (it reads only language); citation-js gives langid as it is, a babel name "
    "('ngerman', not 'de')",
    "abstract": "carried",
    "sources": "dropped: biblatex has no place for fact sources",
}

# How Zotero's BibTeX import (its BibTeX.js, the judge in tests/zotero_bibtex.py) reads each field
# differently. What it loses from every record is in FIDELITY too; the rest touches rare text only
# (LaTeX commands its table lacks, dollar signs, line breaks), as ris.py's docstring says of Zotero's RIS.
ZOTERO = {
    "title": ZOTERO_TEXT,
    "authors": ZOTERO_TEXT,
    "journal.title": ZOTERO_TEXT,
    "journal.abbreviation_iso": ZOTERO_TEXT,
    "keywords": ZOTERO_TEXT,
    "abstract": ZOTERO_TEXT,
    "identifiers.doi": "Zotero reads the doi field through its LaTeX decoder: in a DOI, '--' becomes an en dash, "
    "'TEL' U+2121, '~' a space; the DOI stays verbatim here, as LaTeX's \\url and biber's verbatim doi need it",
    "pages.article_number": FIDELITY["pages.article_number"],
    "language": FIDELITY["language"],
}

# How bibutils 7.2's biblatex2xml reads each field differently (tests/test_bibutils_judge.py).
BIBUTILS = {
    "title": BIBUTILS_TEXT,
    "authors": "bibutils reads an organisation as a person's family name; it knows the suffixes Jr., Sr., III and "
    "IV only: another ('II') reads as a given name; ' reads as \u2019",
    "journal.title": BIBUTILS_TEXT,
    "issue": "bibutils reads number as a MODS number, not as the issue",
    "keywords": "bibutils does not read keywords",
    "language": "bibutils does not read langid",
    "abstract": BIBUTILS_TEXT,
    "pages.article_number": "bibutils reads eid as an identifier, not as the pages",
}

# What biber 2.18's data model (biber --tool) holds differently (tests/test_biber_judge.py).
BIBER = {"authors": BIBER_NAMES, "abstract": BIBER_ABSTRACT}

# What latexcodec (pybtex's Text.from_latex) keeps as LaTeX of an export: the escapes of TeX's specials, and with
# --ascii more (tests/test_bibtex.py).
LATEXCODEC = {
    f: LATEXCODEC_TEXT for f in ("title", "authors", "journal.title", "journal.abbreviation_iso", "keywords", "abstract")
}

# What pylatexenc (bibtexparser 2's LaTeX decoding) reads differently (tests/test_bibtex.py).
PYLATEXENC = dict.fromkeys(LATEXCODEC, PYLATEXENC_TEXT)


def langid(tag: str | None) -> str | None:
    """The babel name biblatex knows for a BCP 47 tag (region first, then the bare language), or None."""
    if not tag:
        return None
    return LANGID.get(tag) or LANGID.get(tag.split("-")[0])


def fields(r: Record, ascii: bool = False) -> Iterator[tuple[str, str]]:
    """(field, value as written) in the stable BibLaTeX order."""
    yield "author", braced(" and ".join(format_author(a, ascii) for a in r.authors))
    yield "title", braced(escape_title(r.title, ascii))
    yield "journaltitle", braced(escape(r.journal.title, ascii))
    if r.journal.abbreviation_iso:
        yield "shortjournal", braced(escape(r.journal.abbreviation_iso, ascii))
    yield "date", braced(r.issued.iso())
    if r.volume:
        yield "volume", braced(escape(r.volume))
    if r.issue:
        yield "number", braced(escape(r.issue))
    if r.pages is not None:
        if r.pages.article_number is not None:
            yield "eid", braced(escape(r.pages.article_number))
        elif r.pages.first is not None:
            last = f"--{r.pages.last}" if r.pages.last is not None else ""  # 5--5 too: the record says so
            yield "pages", braced(f"{r.pages.first}{last}")
    if r.identifiers.doi:
        yield "doi", braced(doi_value(r.identifiers.doi))
    if r.identifiers.pmid:
        yield "eprint", braced(r.identifiers.pmid)
        yield "eprinttype", braced("pubmed")
    if r.journal.issn_print:
        yield "issn", braced(r.journal.issn_print)
    if r.keywords:
        yield "keywords", braced(escape_keywords(r.keywords, ascii))
    if r.abstract:
        yield "abstract", braced(escape_multiline(r.abstract, ascii))
    lang = langid(r.language)
    if lang:
        yield "langid", braced(lang)


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """BibLaTeX entries, one blank line between them, streamed (the BibTeX writer's layout)."""
    return entries(entry, end, records, options)


def entry(r: Record, n: int, options: Options) -> str:
    """The n-th entry (0-based), after a blank line unless it is the first."""
    return article(r, n, fields(r, options.ascii), FIDELITY)


def end(count: int, options: Options) -> str:
    """Nothing follows the last entry."""
    return ""


def read(text: str, source: str) -> ReadResult:
    """BibLaTeX (or BibTeX) `@article` entries as record dicts, with warnings."""
    return _read(text, source)


# Where the reader finds each field a record requires: an import that lacks one is told in the format's
# own words (convert.py), not by the record's JSON pointer ('/0/journal: 'title' is a required property').
REQUIRED_FROM = {
    "title": "title field",
    "authors": "author field",
    "journal.title": "journaltitle or journal field",
    "issued.year": "date or year field",
}
