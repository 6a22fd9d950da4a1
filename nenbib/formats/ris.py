"""RIS: the tagged format of Zotero, Mendeley and EndNote, written and framed through rispy.

Writing: rispy's RisWriter, configured (our tag table, CRLF, no "1." header), formats one record
at a time, so output streams. Reading: rispy's RisParser splits tags from values and groups lines
into records; a thin layer around it adds what rispy lacks (line numbers, a warning for every tag
or value not kept, a last record without `ER  - `, a UTF-8 BOM, `XX - ` with one space).

Choices, checked against Zotero's RIS translator and EndNote's RIS tags:
- `T2` journal title and `J2` abbreviation: Zotero reads `JO` as the abbreviation.
- `PY` year only; `DA  - YYYY/MM/DD/` (or `YYYY/MM//`) when there is a month, as Zotero exports.
- An article number goes to `SP` alone (Zotero shows it as the pages) and to `C7`, EndNote's
  Article Number tag, so it reads back as an article number and not as a first page.
- `SN` print ISSN first; the electronic ISSN follows on a second `SN` line marked
  "(Electronic)" as MEDLINE does. Zotero keeps the first `SN` only.
- `AN` PubMed ID and `C2` PMCID (EndNote's PubMed import puts them there; Zotero shows `AN` as
  "Loc. in Archive"). `M3` genre (EndNote's "Type of Article"). `ID` citation key.
- `AN` and `C7` come before `IS`: JabRef's import lets each overwrite its BibTeX number, so the
  issue is read last (JABREF states what else JabRef reads differently).
- Every line break inside a value is folded to a space, so no value can start a line of its own
  (and so no value can forge a `TY  - ` or `ER  - ` line).
- Zotero's import (its RIS.js, ported as the judge in tests/zotero_ris.py) reads every value but
  AB and N1 as HTML: text that looks like markup ('IL-6<TNF ratio', '&amp;') loses the tag or
  becomes the character, and a run of spaces in such a value becomes one. It cuts a DOI's last
  '.' or ',' (its cleanDOI). No RIS writer can escape these for Zotero without wronging every
  other reader.
- Reading, an HTML character reference ('&amp;', '&#8211;') in a text tag is its character, noted (REFERENCE_TAGS):
  RIS has no escape, and the exporters that write them (Dataverse, OJS, CNKI) write HTML's; links and identifiers stay.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .._regex import lazy_re
from ..model import Organization, Record
from . import Options, ReadResult, _values, entries

# RIS's values are text with no escape, and Zotero's RIS export writes its rich-text tags into them (RICH_TEXT_TAGS).
RICH_TEXT_NOTE = (
    "RIS has no escape for markup: a pair of the tags Zotero writes for formatting (<i>...</i>, <b>, <sup>, <sub>, "
    "<sc>, a span) reads back taken out, by nenbib and by Zotero's import"
)

# RIS has no escape for '&' either: an HTML character reference held as text reads back as its character (REFERENCE_TAGS).
REFERENCE_NOTE = "an HTML character reference held as text ('&amp;', '&#8211;') reads back as its character"

FIDELITY = {
    "id": "lossy: ID; Zotero's import ignores it unless its hidden setting RIS.import.keepID is on",
    "type": "carried",
    "genre": "lossy: M3 is EndNote's Type of Work; Zotero reads a journal article's M3 as a DOI and drops other text; "
    "a genre holding what Zotero takes for a DOI ('Letter 10/2019') is left out, as Zotero would make it the DOI",
    "title": f"lossy: {RICH_TEXT_NOTE}; {REFERENCE_NOTE}",
    "authors": "lossy: one 'Family, Given, Suffix' string per AU line, and RIS has no way to escape a comma: an "
    "organisation whose name holds a comma is read as a person ('Family, Given'; so by Zotero and EndNote too), a "
    "family or given name holding a comma is cut there, a name starting with a comma reads back as an organisation, "
    "and a family name starting with a lower-case word but stored without particle does not read back the same; "
    "Zotero keeps a suffix in the first name ('Jan, Jr.') and reads a person without given names as a one-field name; "
    f"{REFERENCE_NOTE}",
    "authors.orcid": "dropped: RIS has no tag for an author identifier",
    "authors.corresponding": "dropped: RIS has no tag for the corresponding author",
    "affiliations": "lossy: RIS does not link an address to an author: one AD line per author (an empty one for an "
    "author without), an author's several joined with '; ' (read back as one); read back to authors only when there "
    f"is one line per author; Zotero drops AD unless its hidden setting ignoreUnknown is off; {REFERENCE_NOTE}",
    "journal.title": f"lossy: {RICH_TEXT_NOTE}; {REFERENCE_NOTE}",
    "journal.abbreviation_nlm": "lossy: RIS has one abbreviation tag (J2); read back, one with a period is taken for the ISO 4 "
    "form, one without for the NLM form: an NLM form with a period, or an ISO form alone without one, changes places; "
    f"{REFERENCE_NOTE}",
    "journal.abbreviation_iso": "lossy: RIS has one abbreviation tag (J2); the ISO form goes there only when there is "
    f"no NLM form; {REFERENCE_NOTE}",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "lossy: a second SN line marked '(Electronic)'; Zotero keeps only the first SN: the print "
    "ISSN, or an electronic one alone with its mark ('1873-5592 (Electronic)')",
    "publisher": "lossy: PB; a Zotero journal article has no publisher field, so Zotero drops it; citation-js reads "
    f"no PB of a journal article either; {REFERENCE_NOTE}",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "dropped: RIS has no page-count tag for journal articles",
    "pages.article_number": "carried",
    "identifiers.doi": "carried",
    "identifiers.pmid": "lossy: AN, where EndNote's PubMed import puts it; Zotero reads AN as 'Loc. in Archive', not as a PMID; "
    "citation-js does not read it",
    "identifiers.pmcid": "lossy: C2, EndNote's PMCID tag; Zotero drops C2 for a journal article",
    "keywords": "carried",
    "language": "carried",
    "abstract": f"lossy: RIS values are one line: line breaks are folded to spaces; {RICH_TEXT_NOTE}; {REFERENCE_NOTE} "
    "(Zotero's import keeps those of AB as written)",
    "sources": "dropped: RIS has no place for fact sources",
}

# How JabRef's RIS import (RisImporter) reads each field differently (judged in
# tests/test_ris_jabref.py, a port of it).
JABREF = {
    "id": "JabRef keeps ID as a refid field, not as the citation key",
    "genre": "JabRef reads M3 only as a DOI",
    "title": "JabRef's importer replaces every en dash of the file by '-' and every em dash by '--' (in all fields)",
    "authors": "JabRef joins the AU lines with ' and ' and reads them by BibTeX's name rules: an organisation "
    "becomes one or more persons ('Food and Drug Administration' as 'Food' and 'Drug Administration'), and a "
    "suffix after the given name is read as the given name",
    "affiliations": "JabRef keeps the last AD line alone, as the address (in BibTeX, the publisher's place)",
    "journal.abbreviation_nlm": "JabRef reads J2 only where there is no T2: the abbreviation is lost",
    "journal.abbreviation_iso": "JabRef reads J2 only where there is no T2: the abbreviation is lost",
    "journal.issn_print": "JabRef keeps the last SN: the electronic ISSN with its '(Electronic)' mark, where there is one",
    "issued": "JabRef takes the date from PY, which holds the year: the month and day (DA) are lost",
    "pages.article_number": "JabRef reads it as the pages (SP), and as the number where there is no issue",
    "identifiers.pmid": "JabRef reads AN as the number; written before C7 and IS, it stays the number only of a "
    "record with neither issue nor article number",
    "identifiers.pmcid": "JabRef reads C2 as a PubMed ID (eprint, eprinttype pubmed)",
    "keywords": "JabRef joins the KW lines with ', ': a keyword holding a comma reads as two",
}

# How bibutils 7.2's ris2xml reads each field differently (its tag table, ristypes.c; judged in
# tests/test_bibutils_judge.py). T2 and J2 stay: Zotero reads JO as the abbreviation (FORMAT-NOTES).
BIBUTILS = {
    "authors": "bibutils reads an organisation as a person ('The Cancer Genome Atlas Research Network' as given "
    "names and the family name 'Network', 'AT&T Labs' as given names 'A T & T', its capitals as initials), and a "
    "person without a given name as given and family names ('Garc\u00eda "
    f"M\u00e1rquez,' as given name Garc\u00eda), and keeps the comma before a suffix on the given name ('John,'); "
    f"{_values.BIBUTILS_NAMES}",
    "affiliations": "bibutils reads the first AD line as the place of publication (xml2bib writes it as address) and "
    "leaves out the others",
    "journal.title": "bibutils reads T2 as the journal's abbreviated title (its title stays empty)",
    "journal.abbreviation_nlm": "bibutils reads J2 as a series title (xml2ris writes it as T3)",
    "journal.abbreviation_iso": "bibutils reads J2 as a series title (xml2ris writes it as T3)",
    "identifiers.doi": "bibutils also takes a DOI out of the doi.org URL without decoding it: a DOI the URL "
    "percent-encodes ('<' as %3C) is read a second time, encoded",
    "identifiers.pmid": "bibutils does not read AN",
    "identifiers.pmcid": "bibutils reads C2 as a note",
    "genre": "bibutils reads M3 as a note",
}

# Tag -> key of the dict handed to rispy's writer; the order here is the order of the lines.
# JabRef's importer lets each of AN, C7 and IS overwrite its number: AN and C7 come before IS, so
# the issue wins (the PMID had replaced it), and C7 before a PMID where there is no issue.
TAG_KEY_MAPPING = {
    "TY": "type_of_reference",
    "ID": "id",
    "AN": "pmid",
    "TI": "title",
    "AU": "authors",
    "PY": "year",
    "DA": "date",
    "T2": "journal",
    "J2": "journal_abbreviation",
    "VL": "volume",
    "C7": "article_number",
    "IS": "issue",
    "SP": "start_page",
    "EP": "end_page",
    "SN": "issn",
    "DO": "doi",
    "UR": "urls",
    "C2": "pmcid",
    "PB": "publisher",
    "LA": "language",
    "M3": "genre",
    "AB": "abstract",
    "KW": "keywords",
    "AD": "affiliations",
    "ER": "end_of_reference",
}
LIST_TAGS = ["AU", "SN", "UR", "KW", "AD"]
NEWLINE = "\r\n"  # RIS spec and Zotero's own export

# Every line break a reader might split on (str.splitlines' set): folded to one space.
_LINE_BREAK = lazy_re("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")  # exactly where str.splitlines splits
# A run of line breaks and the spaces and tabs around it (a value read, not written).
_SPACED_BREAK = lazy_re("[ \t]*[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029][ \t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*")


def _has_break(text: str) -> bool:
    """Whether the text holds a line break. str.splitlines finds one ~6x faster than a regex search
    for the same characters (an 800-character abstract: ~1.3 us against ~7.4 us)."""
    return len(text.splitlines()) > 1 or text[-1:] in _BREAKS


# What Zotero's cleanDOI takes for a DOI (zotero/utilities). Zotero's RIS.js reads a journal
# article's M3 as a DOI and puts any it finds there in place of DO's: a genre such as
# 'Letter 10/2019' became the article's DOI '10/2019', so such a genre is not written.
_ZOTERO_DOI = lazy_re(r"10(?:\.[0-9]{4,})?/\S*[^\s.,]")

_writers: dict[str, Any] = {}


def writers() -> tuple[Any, Any]:
    """(rispy's RisWriter configured for our tags, CRLF and no "1." header; its fast twin), built once.

    Why the twin: rispy's generic per-line loop costs ~50 us a record here (the whole writer made
    ~9,000 records/s against issue 8's 20,000); the twin writes the same lines from the same tag
    dict in one join (~45,000 records/s), and the tests prove its output equals rispy's byte for byte.
    """
    if not _writers:
        import rispy

        class Configured(rispy.RisWriter):
            NEWLINE = "\r\n"

            def set_header(self, count: int) -> str:
                return ""  # rispy numbers records ("1."); Zotero and EndNote do not expect it

        class Fast(Configured):
            def record(self, ref: dict[str, Any]) -> str:
                """One record, exactly as formats([ref]) writes it."""
                heads, start = self._heads, self.REFERENCE_TYPE_KEY
                lines = [heads[start] + ref[start]]
                for key, value in ref.items():
                    if key == start:
                        continue
                    head = heads[key]
                    if key in self._list_keys:
                        lines.extend([f"{head}{v}" for v in value])
                    elif value.__class__ is str:
                        lines.append(head + value)
                    else:
                        lines.append(f"{head}{value}")
                lines.append(self._end)
                return self.NEWLINE.join(lines)

            def __init__(self, **kwargs: Any) -> None:
                super().__init__(**kwargs)
                # "TAG  - " for each key; keys whose tag holds a list; the last two lines.
                self._heads = {key: f"{tag}  - " for key, tag in self._rev_mapping.items()}
                self._list_keys = {key for key, tag in self._rev_mapping.items() if tag in self.list_tags}
                self._end = f"{self.END_TAG}  - {self.NEWLINE}"

        assert Fast.PATTERN == "{tag}  - {value}", "rispy changed its line pattern: update Fast.record"
        options = {"mapping": TAG_KEY_MAPPING, "list_tags": LIST_TAGS, "delimiter_tags_mapping": {}}
        _writers["rispy"], _writers["fast"] = Configured(**options), Fast(**options)
    return _writers["rispy"], _writers["fast"]


def _fold(text: str) -> str:
    """The value on one line: every line break ("\\r\\n" counts as one) becomes a space.

    What _LINE_BREAK.sub(" ", text) gives, through str.splitlines (same breaks): ~20 us less for
    an abstract with paragraphs.
    """
    lines = text.splitlines(True)
    if len(lines) <= 1 and text[-1:] not in _BREAKS:
        return text
    return "".join(
        [line[:-2] + " " if line.endswith("\r\n") else line[:-1] + " " if line[-1:] in _BREAKS else line for line in lines]
    )


def _author(a: Any) -> str:
    """'Family, Given, Suffix' (RIS spec); an organisation is its name (no comma: Zotero reads it as one field)."""
    if isinstance(a, Organization):
        return a.name
    name = f"{a.family_full}, {a.given}" if a.given else f"{a.family_full},"
    return f"{name}, {a.suffix}" if a.suffix else name


def reference(r: Record) -> dict[str, Any]:
    """The record as the tag dict rispy writes (keys in line order, every value on one line)."""
    j = r.journal
    ref: dict[str, Any] = {"type_of_reference": "JOUR", "id": r.id}
    ids = r.identifiers
    if ids.pmid:
        ref["pmid"] = ids.pmid
    ref["title"] = r.title
    ref["authors"] = [_author(a) for a in r.authors]
    ref["year"] = str(r.issued.year)
    if r.issued.month is not None:
        d = r.issued
        ref["date"] = f"{d.year:04d}/{d.month:02d}/" + (f"{d.day:02d}/" if d.day is not None else "/")
    ref["journal"] = j.title
    abbreviation = j.abbreviation_nlm or j.abbreviation_iso
    if abbreviation:
        ref["journal_abbreviation"] = abbreviation
    if r.volume:
        ref["volume"] = r.volume
    p = r.pages
    if p is not None and p.article_number is not None:
        ref["article_number"] = p.article_number
    if r.issue:
        ref["issue"] = r.issue
    if p is not None:
        if p.article_number is not None:
            ref["start_page"] = p.article_number
        else:
            ref["start_page"] = str(p.first)
            if p.last is not None:
                ref["end_page"] = str(p.last)
    issns = []
    if j.issn_print:
        issns.append(j.issn_print)
    if j.issn_electronic:
        issns.append(f"{j.issn_electronic} (Electronic)")
    if issns:
        ref["issn"] = issns
    if ids.doi:
        ref["doi"] = _written_doi(ids.doi)
        ref["urls"] = [r.doi_url]
    if ids.pmcid:
        ref["pmcid"] = ids.pmcid
    if r.publisher:
        ref["publisher"] = r.publisher
    if r.language:
        ref["language"] = r.language
    if r.genre and not _ZOTERO_DOI.search(r.genre):
        ref["genre"] = r.genre
    if r.abstract:
        ref["abstract"] = _fold(r.abstract)  # folded here: the one field that often has breaks
    if r.keywords:
        ref["keywords"] = list(r.keywords)
    if r.affiliations:
        ref["affiliations"] = _addresses(r)
    # One scan of all values; folding (rare outside the abstract) only when a break is found.
    flat = [v for v in ref.values() if v.__class__ is str]
    for v in ref.values():
        if v.__class__ is list:
            flat.extend(v)
    if _has_break("\x00".join(flat)):
        for key, value in ref.items():
            ref[key] = [_fold(v) for v in value] if isinstance(value, list) else _fold(value)
    return ref


def _addresses(r: Record) -> list[str]:
    """The AD lines: a single author's affiliations one a line (all theirs); of several authors, one
    line per author, in author order, an author's several joined with '; ', and an empty line for
    an author without affiliation (none at all when no author has one).

    RIS does not link an address to an author; EndNote's Author Address holds one per author, and
    a reader can pair them only when there is one line per author. One line per distinct affiliation
    made that count match by chance (Ohmoto with two, Morizane with the first: two lines, two
    authors, and Morizane paired with the second); leaving out the line of an author without
    affiliation left fewer lines than authors, which no reader can pair.
    """
    if len(r.authors) == 1:
        return [aff.printed for aff in r.affiliations_of(r.authors[0])]
    lines = ["; ".join(aff.printed for aff in r.affiliations_of(a)) for a in r.authors]
    return lines if any(lines) else []


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """RIS records with CRLF line endings, a blank line between records; streamed record by record."""
    return entries(entry, end, records, options)


def entry(r: Record, n: int, options: Options) -> str:
    """The n-th record (0-based); a record ends "ER  - " + CRLF, and a blank line separates
    records (as Zotero's export does)."""
    text: str = writers()[1].record(reference(r))
    return NEWLINE + text if n else text


def end(count: int, options: Options) -> str:
    """Nothing follows the last record."""
    return ""


# ---- reading -------------------------------------------------------------------------------

_TAG_LINE = lazy_re(r"^([A-Z][A-Z0-9]) {1,2}-(?: |$)")
_SPLIT_LINES = lazy_re(r"\r\n|\r|\n")
# A known tag not in capitals ('py  - 2020', 'Er  - '), with RIS's two spaces: a wrapped value's line
# may start with a word, a space and a dash ('in - vivo'), not with two spaces before the dash.
_OTHER_CASE_TAG_LINE = lazy_re(r"^([A-Za-z][A-Za-z0-9])  -(?: |$)")
# RIS date: YYYY/MM/DD/other, the fourth part free text ('Spring', 'Fall Special Issue').
_DATE = lazy_re(r"^(\d{4})(?:[/-](\d{0,2})(?:[/-](\d{0,2})(?:[/ ](.*))?)?)?$")
_DOI, _DOI_IN_TEXT = _values.DOI, _values.DOI_IN_TEXT
# Labels that say 'this is a DOI' and nothing else: before it, 'DOI', 'doi:', a doi.org link; after, '[doi]'.
_DOI_BEFORE = lazy_re(r"(?i)^\s*(?:doi\s*:?|(?:https?://)?(?:www\.|dx\.)?doi\.org/)?\s*$")
_DOI_AFTER = lazy_re(r"(?i)^\s*(?:\[doi\])?\s*$")
# 'Apr 3' (EndNote's Date field; the year is PY's), '2020 Apr', '2020 April 30' (PubMed's form).
# The month is its name or the name's first three letters ('Sept' too), not any word that starts so.
_NAMED_DATE = lazy_re(rf"^(?:(\d{{4}})\s+)?({_values.MONTH_NAME})\.?(?:\s+(\d{{1,2}}))?$")

# An issue as M1 may hold it: '7', 'S1', '3-4', '7/8', 'Suppl 2', 'Pt 1', '12 Suppl 1', 'Spec Issue 3'.
_M1_ISSUE = lazy_re(
    r"(?i)(?:(?:suppl(?:ement)?|pt|part|no|spec(?:ial)?(?: issue)?)\.? ?)?"
    r"[a-z]?\d{1,5}[a-z]?(?: ?[-\u2013/] ?[a-z]?\d{1,5}[a-z]?)?"
    r"(?: ?\(?(?:suppl(?:ement)?|pt|part)\.? ?\d{0,4}\)?)?"
)

TITLE_TAGS = ("TI", "T1")
JOURNAL_TAGS = ("T2", "JF", "JO")
ABBREVIATION_TAGS = ("J2", "JA", "JO", "J1")
# The abbreviation tags other tools fill with the journal's full name (Mendeley's and Springer Nature's JO; JabRef
# and bibutils read JO, JA and J1 as the journal's title): one that is the title is no abbreviation. J2, nenbib's
# and Zotero's tag, is kept as written: an NLM abbreviation may be the title ('Nature', 'Soft Matter'), and
# nenbib's export must read back.
TITLE_LIKE_TAGS = frozenset(("JA", "JO", "J1"))
DATE_TAGS = ("DA", "Y1", "PY")
ABSTRACT_TAGS = ("AB", "N2")
# Zotero's titles hold its rich-text tags (<i>, <b>, <sub>, <sup>, small-caps and nocase spans; from Crossref its
# abstracts too), and its RIS.js export writes the item's TI, T2, J2 and AB as they are: read as the CSL-JSON
# reader reads citeproc-js's (_values.plain_text). A title held the literal '<i>Escherichia coli</i>'.
RICH_TEXT_TAGS = frozenset((*TITLE_TAGS, *JOURNAL_TAGS, *ABBREVIATION_TAGS, *ABSTRACT_TAGS))
# A continuation line of an abstract or a note keeps its line break (as Zotero's RIS.js keeps those of AB and N1):
# a note's lines are read one by one for a PMID or PMCID (NOTE_IDS).
MULTILINE_TAGS = frozenset((*ABSTRACT_TAGS, "N1"))
# Mendeley and EndNote write a PubMed article's identifiers as note lines ('N1  - PMID: 31660819', 'PMCID: PMC...'),
# as Zotero's Extra holds them; the BibTeX and CSL-JSON readers read a note's so (_values.note_ids).
NOTE_IDS = "a note line, as Mendeley and EndNote write it; Zotero's RIS import keeps N1 as a note, not as the identifier"
# M2 holds the PubMed ID in files of several tools ('M2  - PMID: 12345678', 'PMID:28538134', 'PMID: 1, PMCID: PMC2'): a
# tag no RIS spec defines for an article, which rispy does not know. Zotero's RIS.js exported Extra, where Zotero keeps
# a PMID ('PMID: ...'), as M2 (its fieldMap of 2012), and reads M2 into Extra still. Read as N1's lines (M2_PARTS).
M2_IDS = (
    "an M2 line, as Zotero's RIS export once wrote its Extra field, where Zotero keeps a PubMed ID; "
    "its import reads M2 into Extra"
)
# An M2 naming both on one line, starting with one ('PMID: 1, PMCID: PMC2'): each its own line, as N1's are read; a
# PMID inside other text ('see PMID: 1') is not read.
M2_PARTS = lazy_re(r"(?i)[,;]?\s+(?=PMC?ID\s*:)")
_M2_ID_FIRST = lazy_re(r"(?i)\s*PMC?ID\s*:")
# HTML's character references ('&amp;', '&#8211;', '&eacute;') in RIS text are an HTML exporter's escapes: RIS has none
# of its own, yet Dataverse wrote T1 and AU so (until 2019), OJS's citation plugin its titles and abstracts, CNKI its
# journal names; Zotero's RIS.js reads every value but AB, N1 and RN as HTML (EndNote, RefWorks and JabRef show
# '&amp;' as written). Read as their characters, with a note, in the tags of text (a KW 'R&amp;D' was cut at its ';')
# and in DO, where only those of a character a DOI holds are read ('&lt;' of a SICI DOI, not '&eacute;'); other
# identifiers, links, dates and numbers are kept as written. Only a reference closed by ';' is one.
REFERENCE_TAGS = RICH_TEXT_TAGS | frozenset(("AU", "A1", "KW", "PB", "AD"))
_REFERENCE = lazy_re(r"&(?:([A-Za-z][A-Za-z0-9]{1,31})|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));")
# EndNote writes a field of several values (keywords, author addresses, ISSNs, URLs) one value a
# line, only the first line tagged: a continuation line of these tags is a further value, as
# Zotero's RIS.js reads KW (a joined 'citation reference library' keyword was no keyword at all);
# but an AD line indented or after a comma is the rest of a wrapped address (Parser._add_tag).
LIST_CONTINUED_TAGS = frozenset(("KW", "AD", "SN", "UR", "L1", "L2", "L3"))  # L1-L3: Zotero's RIS.js keeps their lines apart
# RIS's link tags besides UR: L1 and L2 (RIS 2001: link to PDF, to full text; RIS 2011: L1 file
# attachment; Zotero's RIS.js reads both as attachments) and LK, which JabRef's RIS import reads as the
# URL as it reads UR and L2 (no RIS spec, rispy or Zotero's RIS.js names it). L4 is the figure's (RIS 2011:
# Figure; 2001: images) and L3 related records' (RIS 2001; refdb's link type 'related'): their links are
# another thing's than the article's, and nothing is read from them (OTHER_LINK_TAGS).
LINK_TAGS = ("L1", "L2", "LK")
FIGURE_NOT_KEPT = "not kept: L4 is RIS's figure tag, its link a figure's, not the article's"
RELATED_NOT_KEPT = "not kept: L3 is RIS's related records tag, its link another record's, not the article's"
OTHER_LINK_TAGS = {"L3": RELATED_NOT_KEPT, "L4": FIGURE_NOT_KEPT}
# An attached file, not a link: a file:// URL, EndNote's internal-pdf:// path into its library (Zotero's
# RIS.js reads it so), a drive, network, absolute or home path, or a relative path to a file as Zotero's
# export writes its attachments ('files/5888/page.html'); not a link without its scheme, which starts with
# a host name ('doi.org/10.1371/journal.pone.0012345', 'journals.plos.org/plosone/article/file.pdf' were
# named as a file's path).
_FILE_PATH = lazy_re(
    r"(?i)(?:file|internal-pdf):|[a-z]:[\\/]|\\\\|/|~/|\.\.?[\\/]"  # file://, internal-pdf://, C:\, \\host, /, ~/, ./
    r"|(?![a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}/)"  # not after a host name: 'doi.org/...', 'www.x.org/...'
    r"[^:]*[\\/][^:/\\]*\.[a-z0-9]{1,8}$"  # a relative path to a file: 'files/5888/page.html'
)
FILE_NOT_KEPT = "is an attached file's path (on the computer that wrote the file); not kept: a record keeps no files"
# UR's 'link; link': a ';' before a link's scheme, 'doi:', 'www.' or an identifier's host (a link without its
# scheme, which _values.linked_id reads: 'doi.org/10.1000/x', 'ncbi.nlm.nih.gov/pubmed/1').
_NEXT_LINK = lazy_re(
    r"(?i);\s*(?=(?:https?|ftp|file|internal-pdf)://|doi:|www\.|(?:dx\.)?doi\.org/|(?:(?:pubmed|pmc)\.)?ncbi\.nlm\.nih\.gov/)"
)
_PMCID = lazy_re(r"PMC[0-9]{1,10}")
_PMID = lazy_re(r"[1-9][0-9]{0,9}")  # the schema's pattern
# Scopus's RIS export writes the PubMed ID bare in C2, after SN ('SN  - 20411723 (ISSN)', 'C2  - 38580657', 'DB  -
# Scopus': asreview's baseline Scopus export of 2024); EndNote's C2 is the PMCID ('PMC...'), which nenbib writes there.
SCOPUS_C2 = "Scopus's RIS export (DB  - Scopus) writes the PubMed ID in C2, where EndNote writes a PMCID"
_REFMAN_PMID = lazy_re(r"PM:\s*([1-9][0-9]{0,9})")  # Reference Manager's UR 'PM:12345678'
# Scopus marks each SN identifier with its kind ('20411723 (ISSN)'; a book series' '03029743 (ISSN); 978-303058594-5
# (ISBN)'): a mark that only names an ISSN as one says nothing more, as '(Print)' says which one it is; it was noted as
# "ISSN text '(ISSN)' is not an ISSN". An ISBN names a book, which a record has no place for: noted as such.
_ISSN_KIND = lazy_re(r"(?i)(?<![0-9])([0-9]{4}-?[0-9]{3}[0-9X])\s*\(ISSN\)")
_MARKED_ISBN = lazy_re(r"(?i)(?<![0-9A-Z-])([0-9][0-9 -]{8,15}[0-9X])\s*\(ISBN\)")


class _Line:
    """One tag line: tag, value and where it stood. The value's continuation lines are kept as
    parts and joined once, when it is read: joined to it line by line, a value of n lines was
    copied n times (100,000 lines of an abstract took minutes)."""

    __slots__ = ("tag", "_parts", "line")

    def __init__(self, tag: str, value: str, line: int) -> None:
        self.tag, self._parts, self.line = tag, [value], line

    @property
    def value(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0]

    @value.setter
    def value(self, value: str) -> None:
        self._parts = [value]

    def ends_with(self, char: str) -> bool:
        """Whether the value ends with char, white space at its end aside (its last part tells:
        a continuation line's part is stripped and not empty)."""
        last = self._parts[-1] if self._parts[-1].strip() else self.value
        return last.rstrip().endswith(char)

    def extend(self, joiner: str, content: str, strip: bool = False) -> None:
        """The value followed by joiner and a continuation line's content; the content alone when
        the value is empty (or, with strip, white space only); with strip, the value's white space
        at its end dropped first."""
        last = self._parts[-1]
        if len(self._parts) == 1 and not (last.strip() if strip else last):
            self._parts = [content]
            return
        if strip:
            self._parts[-1] = last.rstrip()
        self._parts += (joiner, content)


def _parser_class() -> Any:
    import rispy

    class Parser(rispy.RisParser):
        """rispy's parser, keeping every tag line in order with its line number."""

        def __init__(self) -> None:
            super().__init__(mapping={"TY": "TY"}, list_tags=[], delimiter_tags_mapping={})
            self.lineno = 0
            self.indented = False  # the line just parsed starts with white space

        def parse_line(self, line: str) -> tuple[str | None, str]:
            self.indented = line[:1].isspace()
            return super().parse_line(line)  # type: ignore[no-any-return]

        def _add_tag(self, record: dict, tag: str | None, content: str, extend_multiline: bool = False) -> None:
            lines: list[_Line] = record.setdefault("lines", [])
            if tag is None or extend_multiline:
                if lines and lines[-1].tag == "AD" and (self.indented or lines[-1].ends_with(",")):
                    # An address wrapped onto the next line: indented, or cut after a comma (no
                    # address ends so). EndNote writes each further address flush left, complete.
                    # Zotero's RIS.js joins every AD continuation line so, with a space.
                    lines[-1].extend(" ", content, strip=True)
                elif lines and lines[-1].tag in LIST_CONTINUED_TAGS:
                    lines.append(_Line(lines[-1].tag, content, self.lineno))
                elif lines:  # a continuation line (RIS values may wrap): part of the previous value
                    lines[-1].extend("\n" if lines[-1].tag in MULTILINE_TAGS else " ", content)
                else:
                    lines.append(_Line("", content, self.lineno))  # text right after TY: reported
                return
            lines.append(_Line(tag, content, self.lineno))

    return Parser


def sniff(text: str) -> bool:
    """True when the text starts like RIS (its first non-blank line is a TY line)."""
    for line in _SPLIT_LINES.split(text.lstrip("\ufeff")[:4096]):
        if line.strip():
            return bool(re.match(r"^TY {1,2}- ", line))
    return False


def read(text: str, source: str) -> ReadResult:
    """RIS text -> record dicts (validated later) and one warning line per oddity, with its line number."""
    result = ReadResult()
    parser = _parser_class()()
    starts: list[int] = []

    def warn(line: int, message: str) -> None:
        result.warnings.append(f"{source}: line {line}: {message}")

    def lines() -> Iterator[str]:
        # Frames records for rispy: blank lines dropped, tag lines normalised to "XX  - ",
        # a missing ER supplied (with a warning) so rispy does not lose the record.
        inside = False
        n = 0  # the last line that holds text
        outside: list[Any] = []  # a run of text outside records: [first line, its text, last line, lines]
        other_case: list[tuple[int, str]] = []  # (line, tag) of each known tag not in capitals

        def outside_read() -> None:
            # One note a run, not one a line: a file that is no RIS gave as many notes as lines.
            if outside:
                first, shown, last, count = outside
                more = f" (and {count - 1} more line{'s' if count > 2 else ''} of text, to line {last})" if count > 1 else ""
                warn(first, f"text outside a record (before 'TY  - '), not read: {shown!r}{more}")
                outside.clear()

        for i, raw in enumerate(_SPLIT_LINES.split(text.lstrip("\ufeff")), start=1):
            parser.lineno = i
            if not raw.strip():
                continue
            n = i
            m = _TAG_LINE.match(raw)
            if m is None and (low := _OTHER_CASE_TAG_LINE.match(raw)) and low.group(1).upper() in _rispy_tags():
                # 'py  - 2020': read as a continuation of the line before, it became part of the journal's
                # title ('J py  - 2020') without a word. A tag in RIS's form ('XX  - ') but not in capitals.
                other_case.append((n, low.group(1)))  # one note a file (below), not one a line
                m = _TAG_LINE.match(low.group(1).upper() + raw[2:])
            line = f"{m.group(1)}  - {raw[m.end() :]}" if m else raw
            tag = m.group(1) if m else None
            if tag != "TY" and not inside:
                if outside:
                    outside[2:] = [n, outside[3] + 1]
                else:
                    outside.extend([n, raw.strip()[:60], n, 1])
                continue
            outside_read()
            if tag == "TY":
                if inside:
                    warn(n, f"a new record starts before the record of line {starts[-1]} ended with 'ER  - '; ended it here")
                    yield "ER  - "
                inside = True
                starts.append(n)
            elif tag == "ER":
                inside = False
            yield line
        outside_read()
        if other_case:
            (first, tag), (last, _) = other_case[0], other_case[-1]
            more = f" (and {len(other_case) - 1} more such line{'s' if len(other_case) > 2 else ''}, to line {last})"
            warn(
                first, f"tag {tag!r} is not in capitals, as RIS's tags are; read as {tag.upper()}{more if last != first else ''}"
            )
        if inside:
            warn(n, f"the record of line {starts[-1]} has no 'ER  - ' end line; read to the end of the file")
            yield "ER  - "

    refs = list(parser.parse_lines(lines()))
    keys = _values.Keys()
    for ref in refs:
        if ref.get("TY", "").strip().upper() not in NOT_ARTICLES:
            keys.reserve(next((ln.value for ln in ref.get("lines", []) if ln.tag == "ID"), None))
    for ref, start in zip(refs, starts, strict=True):
        ty = ref.get("TY", "").strip().upper()
        if ty in NOT_ARTICLES:
            warn(start, f"type {ref.get('TY')!r} is not a journal article; left out")
            continue
        mark = len(result.warnings)
        try:
            result.records.append(_record(ref, start, warn, keys))
        except _values.SameRecord as same:
            del result.warnings[mark:]  # its notes repeat the earlier record's
            warn(next((ln.line for ln in ref.get("lines", []) if ln.tag == "ID"), start), f"ID {same}")
            continue
        result.places.append(f"line {start}")
    return result


# RIS types of books, their chapters, papers of a conference's proceedings, theses, reports and
# patents: left out, as the BibTeX, CSL-JSON, MEDLINE and EndNote XML readers leave them out. Read
# as an article, such a record failed the whole file (no journal) or made a book's series a journal.
NOT_ARTICLES = frozenset(
    {"BOOK", "EBOOK", "EDBOOK", "CHAP", "ECHAP", "CONF", "CPAPER", "THES", "RPRT", "PAT", "STAND", "MANSCPT", "UNPB"}
)


_NAME_WORDS = lazy_re(r"[\s-]+")  # 'Endocr.-Relat. Cancer' abbreviates 'Endocrine-Related Cancer' word by word


# Words ISO 4 and NLM leave out of an abbreviation: articles, prepositions, conjunctions (no word
# of one letter: 'Journal of Physics A' is another journal than 'Journal of Physics').
_MINOR_WORDS = frozenset(
    "an and & at by for from in of on the to with und für der die das de des du la le les et di da del".split()
)


def _plain(word: str) -> str:
    """A word case-folded, without diacritics (NLM abbreviates 'Ärzteblatt' as 'Arztebl') and the
    punctuation at its ends."""
    import unicodedata

    word = "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))
    return word.strip(".,:;()") or word


def _shortens(short: str, word: str) -> bool:
    """Whether a word of an abbreviation shortens a word: the same first letter and its letters in
    order ('Curr' of 'Current', 'Natl' of 'National', 'Jpn' of 'Japanese')."""
    letters = iter(word)
    return bool(short) and short[0] == word[:1] and all(c in letters for c in short)


def _names(title: str) -> list[str]:
    names = [_plain(w) for w in _NAME_WORDS.split(title.strip())]
    return names[1:] if len(names) > 1 and names[0] == "the" else names  # ISO 4 drops a leading 'The'


def _same_name(one: str, other: str) -> bool:
    """Whether two journal names are the same words, case, diacritics, white space and the punctuation at the
    words' ends aside ('CURRENT DRUG TARGETS.' of 'Current Drug Targets'), but for a period that marks a word
    shortened: ISO 4's 'J. Clin. Oncol.' is another form of the name than NLM's 'J Clin Oncol'."""

    def words(name: str) -> list[str]:
        return [_plain(w) + "." * w.endswith(".") for w in _NAME_WORDS.split(name.strip().rstrip(". "))]

    return words(one) == words(other)


def _abbreviates(short: str, full: str) -> bool:
    """Whether a journal name is an abbreviation of another: shorter, each word (its period and
    diacritics aside) shortening one of the other's words, in order, the first word its first
    ('Curr. Drug Targets' of 'Current Drug Targets', 'J Hostile Data' of 'Journal of Hostile Data',
    'N Engl J Med' of 'The New England Journal of Medicine'); a hyphen parts words as a space does.
    Where no word is shortened, the other may add only words ISO 4 leaves out ('Gut Liver' of 'Gut
    and Liver'; 'Nature' is no abbreviation of 'Nature Reviews Genetics', 'Cancers' none of 'Cancers
    (Basel)')."""
    words = [_plain(w) for w in _NAME_WORDS.split(short.strip())]
    if words == [_plain(w) for w in _NAME_WORDS.split(full.strip())]:
        return False  # the same words, spelt apart by periods or case only ('J Clin Oncol', 'J. Clin. Oncol.')
    names = _names(full)
    if words[0] == "the" and len(words) > 1:
        words = words[1:]
    if len(short) >= len(full) or not words[0] or not _shortens(words[0], names[0]):
        return False
    matched: list[int] = []
    n = 0
    for w in words:
        while n < len(names) and not _shortens(w, names[n]):
            n += 1
        if n == len(names):
            return False
        matched.append(n)
        n += 1
    if any(w != names[m] for w, m in zip(words, matched, strict=True)):
        return True
    # A qualifier after '(' or ':' counts as words: 'Cancers (Basel)' (an NLM abbreviation) of 'Cancers'
    # is no abbreviation, nor 'Journal of Physics' of 'Journal of Physics: Conference Series' (another
    # journal). bibutils' file of 'Science (New York, N.Y.)' keeps T2 'Science' as the title so.
    return all(i in matched or names[i] in _MINOR_WORDS for i in range(len(names)))


def _record(ref: dict[str, Any], start: int, warn: Any, keys: _values.Keys) -> dict[str, Any]:
    """One record dict from the tag lines of one RIS record."""
    by_tag: dict[str, list[_Line]] = {}
    for ln in ref.get("lines", []):
        jats = False  # plain_text decoded the references of Crossref's JATS already
        if ln.tag in RICH_TEXT_TAGS and "<" in ln.value:
            jats = "<jats:" in ln.value.lower()
            ln.value = _values.plain_text(ln.value, functools.partial(warn, ln.line), ln.tag)
        if ln.tag in REFERENCE_TAGS and "&" in ln.value and not jats:
            # After the markup: '&lt;i&gt;' is the text '<i>' in HTML, no formatting (once: '&amp;lt;' is '&lt;').
            read = _references(ln.value, functools.partial(warn, ln.line), ln.tag)
            if ln.tag != "KW":  # KW is cut into keywords as written, then each read (_keyword_parts); noted here, in line order
                ln.value = read
        elif ln.tag in ("DO", "M3") and "&" in ln.value and (ln.tag == "DO" or _DOI_IN_TEXT.search(ln.value)):
            # An HTML exporter's DOI: Wiley's SICI DOIs hold '<' and '>' (registered so), written '&lt;' and '&gt;';
            # kept as written, the DOI was one no resolver knows. Zotero's RIS.js reads DO as HTML too, and M3,
            # where EndNote puts the DOI (it was kept escaped there): M3 holding a DOI is read as DO is.
            ln.value = _references(ln.value, functools.partial(warn, ln.line), ln.tag, doi=True)
        if "\t" in ln.value:  # a space (text pasted from a PDF): it failed the no-control-characters rule, and the file
            ln.value = ln.value.replace("\t", " ")
        if ln.tag not in MULTILINE_TAGS and _has_break(ln.value):
            # A line break the file's lines are not split at (U+2028, U+0085, a form feed): a space, as in
            # a title; in a journal's name, a volume or a keyword it failed the whole file's validation.
            # With the spaces beside it one space, as Zotero reads it ('Communication: \u2028Potential').
            ln.value = _SPACED_BREAK.sub(" ", ln.value)
        if ln.value == "" and ln.tag != "AD":  # an empty AD stands for an author without address
            warn(ln.line, f"empty {ln.tag} tag, ignored")
            continue
        by_tag.setdefault(ln.tag, []).append(ln)
    used: set[str] = set()

    def take(*tags: str) -> list[_Line]:
        used.update(tags)
        return [ln for t in tags for ln in by_tag.get(t, [])]

    def one(*tags: str) -> str | None:
        found = take(*tags)
        for extra in found[1:]:
            if extra.value != found[0].value:
                warn(extra.line, f"a second {extra.tag} value, ignored (the record of line {start} has {found[0].value!r})")
        return found[0].value if found else None

    ty = ref.get("TY", "")
    if ty.strip().upper() not in ("JOUR", "EJOUR", "JFULL", "ABST"):  # Zotero's RIS.js ignores case
        warn(start, f"type {ty or '(none)'!r} is not a journal article; read as one")
    d: dict[str, Any] = {"id": "", "type": "article-journal"}

    genre = one("M3")
    m3_doi = None
    if genre and _DOI_IN_TEXT.search(genre):
        m3_doi, genre = genre, None  # EndNote puts the DOI in M3
    if genre:
        d["genre"] = genre
    title = one(*TITLE_TAGS)
    if title is not None:
        d["title"] = _fold(title)

    authors: list[dict[str, Any]] = []
    for ln in take("AU", "A1"):
        if _values.is_et_al(ln.value):
            warn(ln.line, f"{ln.tag} {_values.ET_AL}")
            continue
        if not ln.value.strip(_values.SPACE):
            warn(ln.line, f"{ln.tag} holds white space only, no name; left out")
            continue
        authors.append(_name(ln.value))
        if "name" in authors[-1] and authors[-1]["name"].startswith(","):
            warn(ln.line, f"author {authors[-1]['name']!r} {_values.NO_FAMILY}")
        if "name" in authors[-1] and _INITIALS_LAST.search(authors[-1]["name"]):
            # Scopus-like 'Esteva A.': read as Zotero reads a name without a comma, and said.
            warn(
                ln.line,
                f"author {ln.value.strip()!r} has no comma (RIS's 'Family, Given') and may be 'Family Initials'; "
                "read whole as an organisation, as Zotero reads it",
            )
    d["authors"] = authors
    scopus = any(ln.value.strip().casefold() == "scopus" for ln in by_tag.get("DB", []))
    affiliations = _affiliations(take("AD"), authors, start, warn, scopus)
    if affiliations:
        d["affiliations"] = affiliations

    journal: dict[str, Any] = {}
    title_lines = take("T2", "JF")
    if title_lines:
        journal["title"] = title_lines[0].value
        for extra in title_lines[1:]:
            if extra.value != journal["title"]:
                warn(extra.line, f"a second journal title {extra.value!r}, ignored")
    abbreviations = take("J2", "JA", "JO", "J1")
    jo = by_tag.get("JO")
    if title_lines and title_lines[0].tag == "T2" and jo and _abbreviates(title_lines[0].value, jo[0].value):
        # bibutils' xml2ris writes the abbreviated title as T2 and the title as JO (its reader reads
        # T2 as an abbreviation): read as Zotero reads them, the facts swapped places.
        warn(
            title_lines[0].line,
            f"T2 {title_lines[0].value!r} abbreviates JO {jo[0].value!r} (as bibutils' xml2ris writes them); "
            "JO read as the journal's title",
        )
        abbreviations = [title_lines[0], *(ln for ln in abbreviations if ln is not jo[0])]
        journal["title"] = jo[0].value
    if "title" not in journal and by_tag.get("JO"):
        journal["title"] = by_tag["JO"][0].value  # without T2/JF, JO holds the journal's name
        abbreviations = [ln for ln in abbreviations if ln is not by_tag["JO"][0]]
    named_by_abbreviation = "title" not in journal and bool(abbreviations)  # its forms then differ by periods only
    if "title" not in journal and abbreviations:
        # Nature's RIS names the journal by JA alone; a record needs a journal title, and this is the
        # only name given (Zotero's RIS.js takes it as the title too). Said, as it is an abbreviation.
        first = abbreviations[0]
        journal["title"] = journal["abbreviation_iso" if "." in first.value else "abbreviation_nlm"] = first.value
        warn(first.line, f"the journal is named only by its abbreviation {first.tag} {first.value!r}; taken as its title")
    for ln in abbreviations:
        if ln.tag in TITLE_LIKE_TAGS and not named_by_abbreviation and _same_name(ln.value, journal["title"]):
            # Mendeley and Springer Nature write the journal's full name in JO beside JF or T2 (JabRef and bibutils
            # read JO, JA and J1 as the journal's title): it was stored as the NLM abbreviation, and every export
            # said it could not carry one. Nothing is lost where it is the title as written: no note then.
            if ln.value != journal["title"]:
                warn(
                    ln.line,
                    f"{ln.tag} {ln.value!r} is the journal's title {journal['title']!r} in other case or punctuation, "
                    "no abbreviation; left out",
                )
            continue
        key = "abbreviation_iso" if "." in ln.value else "abbreviation_nlm"
        # An abbreviation may be the title itself: NLM abbreviates 'Nature', 'Cell', 'Blood' so. nenbib's
        # writer (and Zotero's) puts it in J2, which is kept as written even where it is the title.
        if key not in journal:
            journal[key] = ln.value
        elif ln.value not in (journal.get("title"), journal.get(key)):
            warn(ln.line, f"another journal abbreviation {ln.value!r}, ignored")
    marked: set[str] = set()  # one journal's SN lines: a print ISSN one marks is no guess for the next
    for ln in take("SN"):
        sn = ln.value
        if "(" in sn:
            for isbn in _MARKED_ISBN.finditer(sn):
                warn(ln.line, f"SN ISBN {isbn.group(1)!r}: not kept: records have no place for it")
            sn = _ISSN_KIND.sub(r"\1", _MARKED_ISBN.sub("", sn))
        _values.issns(sn, journal, functools.partial(warn, ln.line), marked=marked)
    d["journal"] = journal

    publisher = one("PB")
    if publisher:
        d["publisher"] = publisher
    issued = _issued(take(*DATE_TAGS), start, warn)
    if issued:
        d["issued"] = issued
    for tag, key in (("VL", "volume"), ("IS", "issue")):
        value = one(tag)
        if value is not None:
            d[key] = value
    for ln in take("M1"):
        # EndNote's Electronic Article (EJOUR) writes its issue in M1, and Zotero's RIS.js ('EndNote hack')
        # and JabRef read a journal article's M1 as its issue: it was 'not kept: records have no place for it'.
        # Other exports put other text there ('Epub 2020 Jan 5'): only an issue's shape is read as one.
        if not _M1_ISSUE.fullmatch(ln.value):
            warn(ln.line, f"M1 {ln.value!r} is not an issue number: not kept: records have no place for it")
        elif "issue" not in d:
            d["issue"] = ln.value
        elif ln.value != d["issue"]:
            by = "IS" if by_tag.get("IS") else "M1"
            warn(ln.line, f"M1 {ln.value!r} differs from {by} {d['issue']!r}, which is kept; left out")
    pages = _pages(take("SP"), take("EP"), take("C7"), start, warn)
    if pages:
        d["pages"] = pages

    ids: dict[str, str] = {}
    do = one("DO")
    doi = _doi(do, by_tag["DO"][0].line, "DO", warn) if do else None
    if m3_doi:
        line = by_tag["M3"][0].line
        from_m3 = _doi(m3_doi, line, "M3", warn)
        if doi is None:
            doi = from_m3
        elif from_m3 and from_m3.lower() != doi.lower():  # DOIs are case-insensitive
            warn(line, f"M3 DOI {from_m3} differs from DO's {doi}; not kept")
    if doi:
        ids["doi"] = doi
    for ln in take("AN"):
        if _PMID.fullmatch(ln.value) and "pmid" not in ids:
            ids["pmid"] = ln.value
        elif ln.value != ids.get("pmid"):
            what = "a further PubMed ID" if _PMID.fullmatch(ln.value) else "not a PubMed ID"
            warn(ln.line, f"AN {ln.value!r} is {what}, not kept")
    # EndNote's Electronic Article (EJOUR) writes the PMCID in C3 (its Journal Article in C2): a C3 that is a
    # PMCID was 'not kept: records have no place for it'. Any other C3 (a conference's proceedings title) is not read.
    pmc_c3 = [ln for ln in by_tag.get("C3", []) if _PMCID.fullmatch(ln.value)]
    if pmc_c3:
        by_tag["C3"] = [ln for ln in by_tag["C3"] if ln not in pmc_c3]
    for ln in [*take("C2"), *pmc_c3]:
        if scopus and ln.tag == "C2" and _PMID.fullmatch(ln.value):
            # Scopus's export writes the PubMed ID bare in C2 ('C2  - 38580657' beside 'DB  - Scopus'; JabRef reads
            # C2 as a PubMed ID): it was 'not a PMCID, not kept'. A bare number elsewhere is not guessed at. AN wins.
            if "pmid" not in ids:
                ids["pmid"] = ln.value
                warn(ln.line, f"C2 {ln.value!r} read as the PMID {ln.value}: {SCOPUS_C2}")
            elif ln.value != ids["pmid"]:
                warn(ln.line, f"C2 {ln.value!r} is a further PubMed ID ({SCOPUS_C2}), not kept")
        elif _PMCID.fullmatch(ln.value) and "pmcid" not in ids:
            ids["pmcid"] = ln.value
        elif ln.value != ids.get("pmcid"):
            what = "a further PMCID" if _PMCID.fullmatch(ln.value) else "not a PMCID"
            warn(ln.line, f"{ln.tag} {ln.value!r} is {what}, not kept")
    for ln in sorted(take("N1", "M2"), key=lambda ln: ln.line):
        # After AN and C2, the PubMed ID and PMCID tags proper: a note's other PMID is noted, not read over them.
        # It was 'not kept: records have no place for it' (M2: 'unknown RIS tag'), the PMID lost. N1 and M2 in
        # the file's order: of two that differ, the first is kept and the other noted.
        why, value = NOTE_IDS if ln.tag == "N1" else M2_IDS, ln.value
        if ln.tag == "M2" and _M2_ID_FIRST.match(value):
            value = M2_PARTS.sub("\n", value)
        if not _values.note_ids(value, ids, functools.partial(_tagged, warn, ln.line, ln.tag), why):
            warn(ln.line, f"{ln.tag} {ln.value[:60]!r}: not kept: records have no place for it")
    for ln in _links(take("UR"), ids):
        # A link to a DOI's, PubMed's or PMC's page is that identifier where the record has none, as the
        # EndNote XML, CSL-JSON and BibTeX readers read theirs (_values.linked_id): a PubMed or PMC link was
        # named as a link not kept and the PMID or PMCID lost. Read after DO, M3, AN and C2, which the link
        # of an identifier held repeats. A doi.org link holding no DOI ('https://doi.org/') is a link like
        # any other: its '' was an internal error, 'doi:pending' failed the whole file. Its closing '.' or
        # ',' is cut as a labelled DOI's, noted only where the DOI is read from it (_values.read_link).
        if m := _REFMAN_PMID.fullmatch(ln.value.strip()):
            # 'PM:12345678': Reference Manager's PMID in UR, which Zotero's RIS.js reads as the PMID ('REFMAN
            # places PMIDS in UR sometimes': its Extra line 'PMID: 12345678'); it was 'not kept' as a link.
            if "pmid" not in ids:
                ids["pmid"] = m.group(1)
                warn(ln.line, f"UR {ln.value!r} read as the PMID {m.group(1)}: Reference Manager's form, as Zotero reads it")
            elif other := _values.other_linked(("pmid", m.group(1)), ids, "names"):
                warn(ln.line, f"UR {ln.value!r} {other}")
            continue
        _link(ln, ids, warn)
    for ln in _links(sorted(take(*LINK_TAGS), key=lambda ln: ln.line), ids):
        # L1, L2 and LK hold links as UR does (L2 a full text's, often the doi.org or PMC link): an
        # identifier's link there was named as 'no place' (L1, L2) or an unknown tag (LK), and lost.
        if _FILE_PATH.match(ln.value.strip()):
            warn(ln.line, f"{ln.tag} {ln.value!r} {FILE_NOT_KEPT}")
        else:
            _link(ln, ids, warn)
    for ln in _links(sorted(take(*OTHER_LINK_TAGS), key=lambda ln: ln.line), ids):
        # L4 is RIS's figure (image) tag: its link is a figure's, and a figure's DOI (PLOS's
        # '10.1371/journal.pone.0012345.g001') is no DOI of the article; L3's link is a related record's (an
        # erratum's, a comment's), its DOI that record's. Nothing is read from them; L3 was an unknown tag.
        # Their ';'-joined links are cut as UR's: read whole, the record's own DOI link among them was noted
        # with the rest, and one note named several links.
        value = ln.value.strip()
        if _FILE_PATH.match(value):
            warn(ln.line, f"{ln.tag} {ln.value!r} {FILE_NOT_KEPT}")
        elif (linked := _values.linked_id(_doi_link(value))) is None or linked[1].casefold() != ids.get(linked[0], "").casefold():
            warn(ln.line, f"{ln.tag} {ln.value!r} {OTHER_LINK_TAGS[ln.tag]}")
    if ids:
        d["identifiers"] = ids

    keywords = _values.Keywords()
    parts = [(ln, part) for ln in take("KW") for part in _keyword_parts(ln.value) if part.strip()]
    if len(parts) == 1 and "," in parts[0][1]:
        # One keyword line holding commas is a tool's joined list (Zotero's RIS.js splits a lone KW at
        # its commas); a record's keywords hold no comma, so it was left out whole. Said: a guess. Its
        # commas as written: an escaped one ('&#44;') is the keyword's (no reference holds a comma).
        ln, joined = parts[0]
        parts = [(ln, part) for part in joined.split(",") if part.strip()]
        warn(ln.line, f"the one KW {joined.strip()!r} read as {len(parts)} keywords, split at its commas")
    for ln, part in parts:
        if "&" in part:  # its references, noted with its line's (_record's first loop)
            part = _references(part, lambda _: None, "KW")
        _values.keywords([part], functools.partial(warn, ln.line), keywords)
    if keywords.kept:
        d["keywords"] = keywords.kept
    language = one("LA")
    code = _values.language(language, functools.partial(warn, by_tag["LA"][0].line)) if language else None
    if code:
        d["language"] = code
    abstract = one(*ABSTRACT_TAGS)
    if abstract:
        d["abstract"] = abstract

    ris_id = one("ID")
    earlier = _values.earlier_record(ris_id, d, f"line {start}", keys)  # SameRecord: left out
    d["id"] = _values.record_key(ris_id, d, keys)
    if ris_id and ris_id != d["id"]:
        why = f"{ris_id!r} is not a usable citation key"
        if earlier is not None:
            why = f"{earlier.repeated_by(ris_id)}, whose record differs"
        warn(by_tag["ID"][0].line, f"ID {why}; used {d['id']!r}")

    for tag, found in by_tag.items():
        if tag in used:
            continue
        for ln in found:
            if not tag:
                warn(ln.line, f"a line without a tag, not read: {ln.value[:60]!r}")
                continue
            known = tag in _rispy_tags()
            what = "not kept: records have no place for it" if known else "unknown RIS tag, not kept"
            warn(ln.line, f"{tag} {ln.value[:60]!r}: {what}")
    return d


def _tagged(warn: Any, line: int, tag: str, message: str) -> None:
    """A note of the line, naming its tag first."""
    warn(line, f"{tag} {message}")


_BREAK_READ = "\uffff"  # a noncharacter standing for a tab or line break referred to, until its run is one space
_BREAK_RUN = lazy_re("[ \t]*\uffff[ \t\uffff]*")


def _character(m: re.Match[str], doi: bool = False) -> str:
    """The character an HTML character reference (a match of _REFERENCE) stands for; '' where it is not read: a
    name HTML does not know ('&foo;'), no character or a control character ('&#0;'), and with doi one no DOI holds."""
    import html.entities

    from ..validate import _CONTROL

    if m.group(1):
        char = html.entities.html5.get(m.group(1) + ";", "")
    else:
        code = int(m.group(2) or m.group(3), 10 if m.group(2) else 16)
        char = chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
    if not char or (_CONTROL.search(char) and char not in "\t\n\r") or (doi and not "!" <= char <= "~"):
        return ""
    return char


def _references(value: str, warn: Any, tag: str, doi: bool = False) -> str:
    """The value with each HTML character reference ('&amp;', '&#8211;', '&eacute;') read as its character, one
    note naming them; one _character does not read stays as written. A tab or line break referred to is a space,
    as HTML shows it. With doi, only a reference to a character a DOI holds (printable ASCII, the schema's) is read."""
    read: dict[str, str] = {}

    def character(m: re.Match[str]) -> str:
        char = _character(m, doi)
        if not char:
            return m.group(0)
        read.setdefault(m.group(0), char)
        return _BREAK_READ if char in "\t\n\r" else char

    text = _REFERENCE.sub(character, value)
    if not read:
        return value
    if _BREAK_READ in text:  # '&#x0D;&#x0A;' and the spaces beside it: one space ('J  Things' was two)
        text = _BREAK_RUN.sub(" ", text)
    shown = ", ".join(f"{ref!r} as {char!r}" for ref, char in list(read.items())[:3])
    more = f" and {len(read) - 3} more" if len(read) > 3 else ""
    why = ", and a DOI holds '<', '>' and '&' as themselves (as Zotero's import reads DO)" if doi else ""
    warn(f"{tag}: HTML character references read as characters ({shown}{more}): RIS has no escapes of its own{why}")
    return text.strip(_values.SPACE)


_KW_SEPARATOR = lazy_re("[;\n]")


def _keyword_parts(value: str) -> list[str]:
    """A KW value cut into its keywords at each ';' (and line break) as written: not at the ';' that closes an
    HTML character reference read ('R&amp;D' was cut into 'R&amp' and 'D'), and before the references are read
    (an escaped ';', 'R&#59;D', was cut into 'R' and 'D': a keyword holding ';' is left out, with a note)."""
    if "&" not in value:
        return _KW_SEPARATOR.split(value)
    closing = {m.end() - 1 for m in _REFERENCE.finditer(value) if _character(m)}
    parts, start = [], 0
    for m in _KW_SEPARATOR.finditer(value):
        if m.start() not in closing:
            parts.append(value[start : m.start()])
            start = m.end()
    return [*parts, value[start:]]


def _written_doi(doi: str) -> str:
    """The DOI as DO holds it: its '&' written '&amp;' where it holds text DO's reader reads as a reference
    ('10.1000/a&lt;b'), so that nenbib's and Zotero's import (both read DO as HTML) read back the DOI as it is;
    as it is otherwise. RIS has no escape of its own; a DOI holding such text literally is an HTML exporter's
    slip, and readers that read DO as written (EndNote, JabRef, bibutils) get the '&amp;' then."""
    if "&" in doi and _references(doi, lambda _: None, "DO", doi=True) != doi:
        return doi.replace("&", "&amp;")
    return doi


def _links(lines: list[_Line], ids: dict[str, str]) -> Iterator[_Line]:
    """Each link of the lines, one line holding several joined with ';' (RIS 2011 spec of UR: 'multiple
    addresses can be entered on one line using a semi-colon as a separator'): 'https://doi.org/10.1000/x;
    https://pubmed.ncbi.nlm.nih.gov/1/' was a link naming no identifier, both lost. Cut only before
    another link, as a DOI may hold ';' ('10.1002/(SICI)...3.0.CO;2-2'), and not at all in the link of
    the DOI read (ids): nenbib's own UR of the DOI '10.1000/a;www.b' was cut into two links, each noted
    as not the record's. A ';' leading the line cuts off nothing: that empty part was noted as a link '' not kept."""
    held = ids.get("doi", "").casefold()
    for ln in lines:
        parts = _NEXT_LINK.split(ln.value)
        if (
            len(parts) > 1
            and held
            and (linked := _values.linked_id(_doi_link(ln.value)))
            and linked[0] == "doi"
            and linked[1].casefold() == held
        ):
            parts = [ln.value]
        yield from [ln] if len(parts) == 1 else (_Line(ln.tag, part.strip(), ln.line) for part in parts if part.strip())


def _doi_link(value: str) -> str:
    """A doi.org link with the HTML character references of its DOI read as DO's are ('&lt;' of a SICI DOI as
    '<'): an HTML exporter escapes the link as it escapes DO, and the link of DO's decoded DOI was noted as naming
    another DOI. Any other link as written."""
    if "&" in value and _values.is_doi_url(value):
        return _references(value, lambda _: None, "", doi=True)
    return value


def _link(ln: _Line, ids: dict[str, str], warn: Any) -> None:
    """A UR, L1, L2 or LK link: the DOI, PMID or PMCID it names where the record has none, with a note
    where it names another than the record's, or none (_values.read_link); a doi.org link's DOI read as
    DO's is (_doi_link), with DO's note where the record takes it."""
    value = _doi_link(ln.value)
    what, notes = _values.read_link(value, ids, ln.tag, shown=ln.value)
    if what == "read" and value != ln.value:
        _references(ln.value, functools.partial(warn, ln.line), ln.tag, doi=True)
    for note in notes:
        warn(ln.line, note)


def _doi(value: str, line: int, tag: str, warn: Any) -> str | None:
    """The DOI in a DO or M3 value: bare, after a label ('doi:', 'DOI ', a doi.org link) or before
    PubMed's '[doi]'; one found among other text is taken with a note, and text with none is noted."""
    bare = _values.doi(value)
    if _DOI.fullmatch(bare):
        if end := _values.doi_end(value, bare):
            warn(line, f"{tag} {value!r} read as the DOI {end[0]}: {end[1]}")
            return end[0]
        return bare
    found = _DOI_IN_TEXT.search(value)
    if found is None:
        warn(line, f"{tag} {value!r} is not a DOI, not kept")
        return None
    doi = found.group()
    if not (_DOI_BEFORE.match(value[: found.start()]) and _DOI_AFTER.match(value[found.end() :])):
        warn(line, f"{tag} {value!r} read as the DOI {doi}; the text around it is not kept")
    return doi


def _rispy_tags() -> dict[str, str]:
    import rispy

    return rispy.TAG_KEY_MAPPING


_INITIALS_LAST = lazy_re(r"^\S.* (?:[A-Z]\.?[ -]?){1,3}$")


def _name(value: str) -> dict[str, Any]:
    """'Family, Given, Suffix' -> a person; no comma -> an organisation (as Zotero reads it); nothing
    before the first comma (',,', ', Jan') -> an organisation of the whole text, as written: no part of
    it is a family name, and a person without one fails validation (and with it the whole file)."""
    value = _fold(value).strip(_values.SPACE)
    family_full, comma, rest = value.partition(",")
    if not comma or not family_full.strip(_values.SPACE):
        return {"name": value}
    given, _, suffix = rest.partition(",")
    return _values.person(family_full, given, suffix)


# Scopus's AD lines are the record's affiliations, each once, in order of first mention, not one per author: of its
# genuine record of 10.1371/journal.pone.0298957 (7 authors, 7 lines), paired by count, F.E. Fish got the 4th line
# (UNED, Madrid) for his own 5th (West Chester University), D.M. Henderson the 5th for the 6th (Royal Tyrrell Museum).
SCOPUS_AD = "Scopus's export lists the record's affiliations, not one per author"


def _affiliations(
    lines: list[_Line], authors: list[dict[str, Any]], start: int, warn: Any, scopus: bool = False
) -> list[dict[str, Any]]:
    """Affiliation objects from AD lines, linked to authors in order when there is one per author (not in a
    Scopus record: SCOPUS_AD)."""
    printed = [_fold(ln.value).strip() for ln in lines]
    if not any(printed):
        return []
    ids: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for text in printed:
        if text and text not in ids:
            ids[text] = f"aff{len(ids) + 1}"
            out.append({"id": ids[text], "printed": text})
    if not authors:
        warn(lines[0].line, "AD lines but no author; affiliations not kept")
        return []
    if len(authors) == 1:  # one author: the addresses are theirs
        authors[0]["affiliations"] = [a["id"] for a in out]
    elif len(lines) == len(authors) and not scopus:
        # One per author, in order, an empty one for an author without: EndNote's Author Address, and our writer's.
        for author, text in zip(authors, printed, strict=True):
            if text:
                author["affiliations"] = [ids[text]]
    else:
        # Whose they are is not said; a record holds an affiliation only as some author's, so they
        # are left out rather than given to an author the file never named with them.
        plural = "s" if len(lines) > 1 else ""
        listed = ", ".join(repr(text) for text in printed if text)
        why = f"{SCOPUS_AD}, and RIS" if scopus else "RIS"
        warn(
            lines[0].line,
            f"{len(lines)} AD line{plural} for {len(authors)} authors: {why} does not say whose they are; not kept: {listed}",
        )
        return []
    return out


def _date(value: str) -> dict[str, int] | None:
    """{'year'?, 'month'?, 'day'?} of '2020/04/03/', '2020///', '2020-04-03', '2020 Apr 3' or 'Apr 3'."""
    m = _DATE.match(value)
    if m:
        parts = [m.group(1), m.group(2), m.group(3)]
    else:
        m = _NAMED_DATE.match(value)
        if m is None:
            return None
        parts = [m.group(1), str(_values.month_number(m.group(2))), m.group(3)]
    date: dict[str, int] = {"year": int(parts[0])} if parts[0] else {}  # no year: 'Apr 3'
    for key, part in zip(("month", "day"), parts[1:], strict=True):
        if not (part and int(part)):
            break  # '2020/00/00': an unknown month ends the date
        date[key] = int(part)
    return date


def _issued(lines: list[_Line], start: int, warn: Any) -> dict[str, int] | None:
    """The most complete of DA, Y1, PY that parses ('2020', '2020///', '2020/04/03/', '2020 Apr 3');
    a month without year ('Apr 3', EndNote's Date field) completes the year read from another tag."""
    best: dict[str, int] | None = None
    best_ln: _Line | None = None  # the line best was read from
    yearless: dict[str, int] | None = None
    at = yearless_at = start, ""  # the line and tag the date was read from, for a note
    for ln in lines:
        date = _date(ln.value.strip())
        if date is None:
            warn(ln.line, f"{ln.tag} {ln.value!r} is not a date (YYYY/MM/DD/), ignored")
            continue
        other = (m.group(4) or "").strip() if (m := _DATE.match(ln.value.strip())) else ""
        if other:  # a season, a time: a record's date has a year, month and day only
            warn(ln.line, f"{ln.tag} {ln.value.strip()!r}: its other part {other!r} not kept")
        if "year" not in date:
            if yearless is None:
                yearless, yearless_at = date, (ln.line, f"{ln.tag} {ln.value.strip()!r}")
            continue
        if best is not None and best_ln is not None and (differ := _differ(best, date)):
            # 'DA  - 2020/05/03/' and 'PY  - 2020/04/03/': one of them is wrong, and one was dropped without a word.
            # The lines come in the order DA, Y1, PY (not the file's): of two as full, the first is kept.
            kept, dropped = (ln, best_ln) if len(date) > len(best) else (best_ln, ln)
            if len(date) != len(best):
                why = "the fuller"
            elif kept.tag == dropped.tag:
                why = f"as full, and the first {kept.tag}"
            else:
                why = f"as full, and {kept.tag} is preferred to {dropped.tag} (DA, then Y1, then PY)"
            warn(
                dropped.line,
                f"{dropped.tag} {dropped.value.strip()!r} differs in its {differ} from {kept.tag} {kept.value.strip()!r} "
                f"(line {kept.line}); the record holds one date: {kept.tag}'s, {why}",
            )
        if best is None or len(date) > len(best):
            best, best_ln, at = date, ln, (ln.line, f"{ln.tag} {ln.value.strip()!r}")
    if best is not None and yearless is not None:
        if any(best.get(k, v) != v for k, v in yearless.items()):
            # 'PY  - 2020/05//' and 'DA  - Apr 3': the month and day without year were dropped without a word.
            warn(yearless_at[0], f"{yearless_at[1]} differs from the date {_iso(best)} read; the latter is used")
        elif len(yearless) + 1 > len(best):  # it says more: 'PY  - 2020/04//' and 'DA  - Apr 3' (the day was lost)
            best = {"year": best["year"], **yearless}
            at = yearless_at
    if best is None:
        warn(start, "the record has no date (PY, DA or Y1)")
        return None
    return _values.date(best, lambda message: warn(at[0], f"{at[1]}: {message}"))


def _differ(a: dict[str, int], b: dict[str, int]) -> str:
    """'year', 'month' or 'day': the first part both dates hold and hold otherwise; '' when none."""
    return next((k for k in ("year", "month", "day") if k in a and k in b and a[k] != b[k]), "")


def _iso(date: dict[str, int]) -> str:
    """'2020-04-03', '2020-04' or '2020' of a date read."""
    return "-".join(f"{date[k]:02d}" if k != "year" else str(date[k]) for k in ("year", "month", "day") if k in date)


def _pages(sp: list[_Line], ep: list[_Line], c7: list[_Line], start: int, warn: Any) -> dict[str, Any] | None:
    """First and last page (SP and EP, or a range in SP), or the article number (C7, or an SP that
    is not a number), read as every reader reads pages (_values.pages). A second SP, EP or C7 that
    says otherwise, and pages beside an article number, are noted: they were dropped without a word."""
    for found in (sp, ep, c7):
        for extra in found[1:]:
            if extra.value.strip() != found[0].value.strip():
                warn(extra.line, f"a second {extra.tag} value, ignored (the record of line {start} has {found[0].value!r})")
    if c7:
        number = c7[0].value.strip()
        if _values.is_article_number(number):
            # The article number wins over pages, in every reader (_values.pages_beside_number); nenbib's
            # writer puts it in SP too: only other pages are news.
            # RIS has no page count: a plain range's length is the count the record holds beside the number,
            # SP and EP named in one note when they give it.
            first, last = (sp[0].value.strip() if sp else ""), (ep[0].value.strip() if ep else "")
            if first.isdigit() and last.isdigit():
                label = f"SP {first!r} and EP {last!r}"
                span = _values.pages_beside_number(
                    "", f"{first}-{last}", number, "C7", functools.partial(warn, sp[0].line), count=True, label=label
                )
                return {"article_number": number, **({"count": span} if span else {})}
            spans = [
                _values.pages_beside_number(ln.tag, ln.value, number, "C7", functools.partial(warn, ln.line), count=not ep)
                for ln in (*sp[:1], *ep[:1])
            ]
            return {"article_number": number, **({"count": spans[0]} if spans and spans[0] else {})}
        # 'Article 12': the schema refused it, and with it the whole file; the pages are read instead.
        warn(c7[0].line, f"C7 {number!r} is not an article number (a letter or digit, then letters, digits, '.', '-'); left out")
    if not sp:
        if ep:
            warn(ep[0].line, "EP without SP, ignored")
        return None
    first = sp[0].value.strip()
    last = ep[0].value.strip() if ep else ""
    in_sp = (_values.pages(first, lambda _: None) or {}).get("last")
    if last and not first.isdigit() and (last == first or (in_sp is not None and in_sp == _int(last))):
        # 'SP  - 389-405' and 'EP  - 405': the range in SP says it already; 'e1003' twice: one article
        # number (two missing last pages are no such match: 'S12' and 'S19' are read below)
        last = ""
    prefixed = _PREFIXED_PAGE.match(first), _PREFIXED_PAGE.match(last)
    if prefixed[0] and prefixed[1] and prefixed[0].group(1) == prefixed[1].group(1):
        # 'SP  - S12', 'EP  - S19': supplement pages, the article number S12-S19 as nenbib's RIS
        # writes it in SP and every reader reads 'S12-S19'.
        return _values.pages(f"{first}-{last}", lambda m: warn(sp[0].line, m))
    if last and (not last.isdigit() or not first.isdigit()):
        where = ep[0].line
        if not first.isdigit():
            warn(where, f"EP {last!r} after a first page {first!r} that is not a number, ignored")
        else:
            warn(where, f"last page {last!r} is not a number, ignored")
        last = ""
    return _values.pages(f"{first}-{last}" if last else first, lambda m: warn(sp[0].line, m))


_PREFIXED_PAGE = lazy_re(r"^([A-Za-z]+)\d+$")


def _int(text: str) -> int | None:
    """The number text is, or None."""
    return int(text) if text.isdigit() else None


# Where the reader finds each field a record requires: an import that lacks one is told in the format's
# own words (convert.py), not by the record's JSON pointer ('/0/journal: 'title' is a required property').
REQUIRED_FROM = {
    "title": "TI or T1 line",
    "authors": "AU or A1 line",
    "journal.title": "T2, JF or JO line",
    "issued.year": "PY, DA or Y1 line with a year",
}
