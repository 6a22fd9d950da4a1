"""BibTeX: `@article` entries for LaTeX + BibTeX (plain, unsrt, natbib styles), JabRef and Zotero.

Fields: author ('von Last, Jr., First'; organisations braced), title (acronyms braced), journal,
year, month (the BibTeX macro, `apr`), day, volume, number, pages (`389--405`), doi (verbatim),
issn (the print ISSN only: one ISSN per field), publisher, keywords (comma-separated), abstract,
affiliation (per author, ' and ' between authors), language (BCP 47), pmid, pmcid, pagetotal.
In UTF-8, the letters of a name that 8-bit BibTeX's initials and labels take ('\u00c9' of '\u00c9mile', the first
three of a family name) are written as LaTeX commands ({\\'E}mile), which every reader decodes.
Styles ignore the fields they do not know; JabRef keeps them. Zotero's import keeps language and
puts pmid and pmcid in Extra, but ignores affiliation and discards publisher and pagetotal (ZOTERO).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from .._regex import lazy_re
from ..model import Organization, Record, from_dict, to_dict
from . import Options, ReadResult, entries
from ._latex import (
    BIBER_ABSTRACT,
    BIBER_NAMES,
    BIBUTILS_TEXT,
    LATEXCODEC_TEXT,
    MONTHS,
    NO_GIVEN_NAME,
    PARTICLE_NOTE,
    PYLATEXENC_TEXT,
    WHOLE_INITIALS_NOTE,
    ZOTERO_TEXT,
    article,
    braced,
    doi_value,
    escape,
    escape_keywords,
    escape_multiline,
    escape_title,
    format_affiliations,
    format_author,
    sniff,
)
from ._latex import read as _read
from ._values import BIBUTILS_NAMES

__all__ = ["BIBER", "BIBUTILS", "FIDELITY", "LATEXCODEC", "PYLATEXENC", "ZOTERO", "read", "sniff", "write"]

_PAGE_LIKE = lazy_re(r"^[0-9][0-9 -]*$")

FIDELITY = {
    "id": "carried",
    "type": "carried",
    "genre": "dropped: BibTeX has no field for the publisher's article label",
    "title": "carried",
    "authors": f"lossy: {PARTICLE_NOTE}; {NO_GIVEN_NAME}; {WHOLE_INITIALS_NOTE}",
    "authors.orcid": "dropped: BibTeX names have no identifier",
    "authors.corresponding": "dropped: BibTeX has no place for the corresponding author",
    "affiliations": "lossy: the printed strings per author in the affiliation field; department, institution, city, "
    "postal code and country are not carried; Zotero's BibTeX import ignores the affiliation field",
    "journal.title": "carried",
    "journal.abbreviation_nlm": "dropped: BibTeX's article has no abbreviation field",
    "journal.abbreviation_iso": "dropped: BibTeX's article has no abbreviation field",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "dropped: one ISSN per field, and issn holds the print ISSN",
    "publisher": "lossy: publisher; Zotero's journal article has no publisher field: Zotero discards it when it saves the item",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "lossy: pagetotal; Zotero reads it as its number of pages, which a journal article does not have: "
    "it discards it",
    "pages.article_number": "carried",
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "carried",
    "keywords": "carried",
    "language": "carried",
    "abstract": "carried",
    "sources": "dropped: BibTeX has no place for fact sources",
}

# How Zotero's BibTeX import (its BibTeX.js, the judge in tests/zotero_bibtex.py) reads each field
# differently. What it loses from every record is in FIDELITY too; the rest touches rare text only
# (LaTeX commands its table lacks, dollar signs, line breaks), as ris.py's docstring says of Zotero's RIS.
ZOTERO = {
    "title": ZOTERO_TEXT,
    "authors": ZOTERO_TEXT,
    "journal.title": ZOTERO_TEXT,
    "keywords": ZOTERO_TEXT,
    "abstract": ZOTERO_TEXT,
    "identifiers.doi": "Zotero reads the doi field through its LaTeX decoder: in a DOI, '--' becomes an en dash, "
    "'TEL' U+2121, '~' a space; the DOI stays verbatim here, as LaTeX's \\url and biber's verbatim doi need it",
    "publisher": FIDELITY["publisher"],
    "pages.count": FIDELITY["pages.count"],
    "affiliations": FIDELITY["affiliations"],
}

# How bibutils 7.2's bib2xml reads each field differently (tests/test_bibutils_judge.py).
BIBUTILS = {
    "title": BIBUTILS_TEXT,
    "authors": f"{BIBUTILS_NAMES}; ' reads as \u2019",
    "journal.title": BIBUTILS_TEXT,
    "affiliations": "bibutils does not read the affiliation field",
    "keywords": "bibutils splits keywords at ';' only: the comma-separated list reads as one keyword",
    "abstract": BIBUTILS_TEXT,
    "pages.count": "bibutils does not read pagetotal",
    "identifiers.pmid": "bibutils does not read the pmid field",
    "identifiers.pmcid": "bibutils does not read the pmcid field",
}

# What biber 2.18's data model (biber --tool) holds differently (tests/test_biber_judge.py): it leaves
# out, without a warning, the fields its data model has not.
BIBER = {
    "authors": BIBER_NAMES,
    "affiliations": "biber does not read the affiliation field (not in its data model)",
    "identifiers.pmid": "biber does not read the pmid field (not in its data model); the BibLaTeX export "
    "writes the PMID as eprint",
    "identifiers.pmcid": "biber does not read the pmcid field (not in its data model)",
    "abstract": BIBER_ABSTRACT,
}

# What latexcodec (pybtex's Text.from_latex) keeps as LaTeX of an export: the escapes of TeX's specials, and with
# --ascii more (tests/test_bibtex.py).
LATEXCODEC = {
    f: LATEXCODEC_TEXT for f in ("title", "authors", "affiliations", "journal.title", "publisher", "keywords", "abstract")
}

# What pylatexenc (bibtexparser 2's LaTeX decoding) reads differently (tests/test_bibtex.py).
PYLATEXENC = dict.fromkeys(LATEXCODEC, PYLATEXENC_TEXT)

# Written by hand, not through pybtex's writer: pybtex 0.26 writes the shipped record at
# ~7.7 ms an entry (~130 entries/s, measured here) against issue 8's >= 5,000 records/s.


def fields(r: Record, ascii: bool = False) -> Iterator[tuple[str, str]]:
    """(field, value as written) in the stable BibTeX order."""
    yield "author", braced(" and ".join(format_author(a, ascii, initials=True) for a in r.authors))
    if r.language and r.language.split("-")[0].lower() != "en":
        # A style lower-cases a title but its first letter, as English wants; other languages then
        # lose capitals that carry meaning ('Über die methode der ängste' for German nouns, as bibtex
        # with plain.bst printed it): the whole title is protected, as pandoc writes such a title.
        yield "title", braced(braced(escape(r.title, ascii)))
    else:
        yield "title", braced(escape_title(r.title, ascii))
    yield "journal", braced(escape(r.journal.title, ascii))
    yield "year", braced(str(r.issued.year))
    if r.issued.month:
        yield "month", MONTHS[r.issued.month - 1]  # the BibTeX macro: styles print it in their language
    if r.issued.day:
        yield "day", braced(str(r.issued.day))
    if r.volume:
        yield "volume", braced(escape(r.volume))
    if r.issue:
        yield "number", braced(escape(r.issue))
    if r.pages is not None:
        number = r.pages.article_number
        if number is not None:
            # An article number that looks like a page range or a page is braced once more: {{12-34}}.
            yield "pages", braced(braced(number) if _PAGE_LIKE.match(number) else escape(number))
        elif r.pages.first is not None:
            last = f"--{r.pages.last}" if r.pages.last is not None else ""  # 5--5 too: the record says so
            yield "pages", braced(f"{r.pages.first}{last}")
        if r.pages.count:
            yield "pagetotal", braced(str(r.pages.count))
    if r.identifiers.doi:
        yield "doi", braced(doi_value(r.identifiers.doi))
    if r.journal.issn_print:
        yield "issn", braced(r.journal.issn_print)
    if r.publisher:
        yield "publisher", braced(escape(r.publisher, ascii))
    if r.keywords:
        yield "keywords", braced(escape_keywords(r.keywords, ascii))
    if r.abstract:
        yield "abstract", braced(escape_multiline(r.abstract, ascii))
    affiliation = format_affiliations(r, ascii)
    if affiliation:
        yield "affiliation", braced(affiliation)
    if r.language:
        yield "language", braced(r.language)
    if r.identifiers.pmid:
        yield "pmid", braced(r.identifiers.pmid)
    if r.identifiers.pmcid:
        yield "pmcid", braced(r.identifiers.pmcid)


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """BibTeX entries, one blank line between them, streamed."""
    return entries(entry, end, records, options)


def entry(r: Record, n: int, options: Options) -> str:
    """The n-th entry (0-based), after a blank line unless it is the first, written from the record in NFC."""
    # Decomposed text ('e' + U+0301, from macOS or a PDF): pdflatex's inputenc stops at the combining mark
    # ('Unicode character U+0301 not set up'), 8-bit BibTeX's initials and labels split it from its letter,
    # and the whole-initials pass and title protection do not see the letter ('Y' + U+0301 was written
    # '{Y}' + U+0301, a lone capital; --ascii refused the lone mark). Such text is written in its composed
    # form (NFC), canonically equivalent; a mark with no precomposed form ('q' + U+0303) stays. (A DOI is
    # ASCII: the schema's pattern.)
    if not _composed(r):
        r = nfc(r)
    return article(r, n, fields(r, options.ascii), FIDELITY)


def _composed(r: Record) -> bool:
    """Whether the text fields() writes of r is in NFC (a quick check: the common case is)."""
    names = (
        p for a in r.authors for p in ((a.name,) if isinstance(a, Organization) else (a.family, a.given, a.particle, a.suffix))
    )
    number = r.pages.article_number if r.pages is not None else None
    texts = (r.title, r.journal.title, r.publisher, r.abstract, r.volume, r.issue, number, *r.keywords)
    return all(
        t is None or t.isascii() or unicodedata.is_normalized("NFC", t)
        for t in (*texts, *names, *(a.printed for a in r.affiliations))
    )


def nfc(r: Record) -> Record:
    """The record with every string in Unicode's composed form (NFC)."""
    return from_dict(_nfc(to_dict(r)))


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def end(count: int, options: Options) -> str:
    """Nothing follows the last entry."""
    return ""


def read(text: str, source: str) -> ReadResult:
    """BibTeX `@article` entries as record dicts (through bibtexparser v2), with warnings."""
    return _read(text, source)


# Where the reader finds each field a record requires: an import that lacks one is told in the format's
# own words (convert.py), not by the record's JSON pointer ('/0/journal: 'title' is a required property').
REQUIRED_FROM = {
    "title": "title field",
    "authors": "author field",
    "journal.title": "journal field",
    "issued.year": "year or date field",
}
