"""EndNote XML (File > Export > XML): <xml><records><record>..., one record per line.

Element names and their order follow EndNote's own export and its DTD (RSXML.dtd fixes the order
of a record's children: label before work-type, language before urls before custom2). EndNote
wraps every text in <style face="normal" font="default" size="100%">; it is written here too,
because EndNote's importer is the main reader, and Zotero's and bibutils' readers take the text
inside either way. Line breaks inside a field are carriage returns, as EndNote writes them
(serialised as &#13;).

The reader takes the exports of EndNote X7 to 21 (its PubMed and Web of Science imports among
them), Zotero, JabRef, Bookends and Mendeley: journal articles by their ref-type's name, as Zotero's,
JabRef's and bibutils' importers do; text in any number of style runs, with or without them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from .._regex import lazy_re
from ..model import Organization, Record
from . import Options, ReadResult, _values, entries

FIDELITY = {
    "id": "carried",
    "type": "carried",
    "genre": "carried",
    "title": "carried",
    "authors": "lossy: 'family, given, suffix' strings; the particle is read back from lower-case leading words, and "
    "one written against the family name ('d'Alembert') reads back as part of it; a "
    "family or given name holding a comma is cut there, and one starting with a comma reads back as an organisation; a "
    "person without a given name whose name has several words is written in EndNote's corporate form, the whole name "
    "as the last name ('Garc\u00eda M\u00e1rquez,': without the comma EndNote reads 'First Last', the given name "
    "Garc\u00eda), and reads back as an organisation",
    "authors.orcid": "dropped: EndNote's author field has no identifier",
    "authors.corresponding": "dropped: EndNote has no place for the corresponding author",
    "affiliations": "lossy: one Author Address field per record: the distinct printed addresses, no longer tied to "
    "authors; read back only for a record of one author",
    "journal.title": "carried",
    "journal.abbreviation_nlm": "carried",
    "journal.abbreviation_iso": "carried",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "lossy: EndNote has one ISSN field (isbn); the electronic ISSN goes there only if no print one, "
    "marked '(Electronic)' as PubMed marks it",
    "publisher": "carried",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "lossy: EndNote articles have no page count; the reader derives it from a page range",
    "pages.article_number": "carried",
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "carried",
    "keywords": "carried",
    "language": "carried",
    "abstract": "carried",
    "sources": "dropped: EndNote has no place for fact sources",
}

# How Zotero's "Endnote XML.js" import reads a journal article differently (its port in tests/test_endnote_xml.py,
# zotero_reads). A field with no Zotero field for the item type goes to a note of values 'with no corresponding Zotero field'.
ZOTERO = {
    "id": "Zotero keeps label (the citation key) in a note, not as a field",
    "genre": "Zotero reads work-type only for other item types than a journal article: it goes to a note",
    "authors": "Zotero's cleanAuthor keeps a name's first two comma-separated parts: a suffix is lost ('van der Berg, Jan, "
    "Jr.' as van der Berg, Jan), and an organisation whose name holds a comma is read as a person ('Department of "
    "Health, Education, and Welfare,' as last name Department of Health, first name Education)",
    "affiliations": "Zotero keeps auth-address in a note",
    "journal.abbreviation_iso": "Zotero reads abbr-1 only as the journal abbreviation: abbr-2 goes to a note",
    "pages.article_number": "Zotero reads custom7 only for a PMCID: the article number is read from pages as the pages",
    "identifiers.pmid": "Zotero does not read accession-num as the PMID: it goes to a note",
}

# How bibutils 7.2's endx2xml reads each field differently (judged in tests/test_bibutils_judge.py).
BIBUTILS = {
    "genre": "bibutils does not read work-type",
    "authors": "bibutils reads an organisation (EndNote's 'Name,') as a person ('The Cancer Genome Atlas Research "
    "Network' as given names and the family name 'Network', 'AT&T Labs' as given names 'A T & T', its capitals as "
    "initials; so too a person without a given name, 'Garc\u00eda "
    "M\u00e1rquez,') and keeps the comma before a suffix on the given name "
    f"('John,'); {_values.BIBUTILS_NAMES}",
    "affiliations": "bibutils reads the Author Address as the place of publication, which xml2bib writes as "
    "address, its lines joined without a space",
    "journal.abbreviation_nlm": "bibutils does not read abbr-1",
    "journal.abbreviation_iso": "bibutils does not read abbr-2",
    "issued": "bibutils reads the year only, not pub-dates: month and day are lost",
    "pages.article_number": "bibutils does not read custom7 (EndNote's Article Number), not even as a note: the "
    "article number is read from pages as a page ('e1003'), and one holding a hyphen ('12-19') as the pages 12 to 19",
    "identifiers.doi": "bibutils also takes a DOI out of the doi.org URL without decoding it: a DOI the URL "
    "percent-encodes ('<' as %3C) is read a second time, encoded",
    "identifiers.pmid": "bibutils reads accession-num as an accession number, not as a PMID",
    "identifiers.pmcid": "bibutils reads custom2 as a note",
}

# How JabRef's EndNote XML import (EndnoteXmlImporter) reads each field differently (judged in
# tests/test_endnote_xml_jabref.py, a port of it).
JABREF = {
    "id": "JabRef does not read label (the citation key)",
    "genre": "JabRef reads work-type as howpublished",
    "title": "JabRef makes every run of white space one space, in every field (a double space in a title too)",
    "authors": "JabRef joins the authors with ' and ' and reads them by BibTeX's name rules: an organisation becomes "
    "one or more persons ('Food and Drug Administration,' as 'Food' and 'Drug Administration'), and a suffix after "
    "the given name is read as the given name",
    "affiliations": "JabRef reads auth-address as the address (in BibTeX, the publisher's place), its lines joined with a space",
    "journal.title": "JabRef reads secondary-title as the journal, then lets each of periodical's full-title, abbr-1 "
    "and abbr-2 overwrite it: of a journal with an abbreviation the last written, the ISO one (abbr-2) or else the NLM "
    "one (abbr-1), is the journal and the title is lost; a journal without one keeps its title",
    "journal.abbreviation_nlm": "JabRef keeps abbr-1 as the journal only where there is no abbr-2: otherwise it is lost",
    "journal.abbreviation_iso": "JabRef reads abbr-2 as the journal (its title)",
    "journal.issn_print": "JabRef reads isbn, EndNote's ISSN field, as the ISBN",
    "journal.issn_electronic": "JabRef reads isbn, EndNote's ISSN field, as the ISBN",
    "issued": "JabRef keeps the year, and pub-dates' month and day as the date field as written ('Dec 3'), without "
    "the year, which no BibLaTeX reader parses",
    "pages.article_number": "JabRef does not read custom7: the article number is read from pages as the pages",
    "identifiers.pmid": "JabRef does not read accession-num: the PMID is lost",
    "identifiers.pmcid": "JabRef does not read custom2: the PMCID is lost",
    "abstract": "JabRef makes every line break and run of white space in the abstract one space",
}

REF_TYPE_JOURNAL_ARTICLE = "17"  # EndNote's number for "Journal Article"
# The reference types read as journal articles, by name and EndNote's number. The name decides when
# there is one, as Zotero's, JabRef's and bibutils' importers decide: Mendeley and older exports
# number types otherwise (Zotero's own test file has <ref-type name="Journal Article">0</ref-type>).
ARTICLE_TYPES = {"Journal Article": REF_TYPE_JOURNAL_ARTICLE, "Electronic Article": "43"}
# A periodical's other articles: read as journal articles with a note, as the CSL-JSON reader reads
# article-magazine and article-newspaper.
PERIODICAL_TYPES = {"Magazine Article": "19", "Newspaper Article": "23"}
MONTHS = _values.MONTH_ABBREVIATIONS
STYLE = {"face": "normal", "font": "default", "size": "100%"}
# What XML 1.0 cannot hold, not even as a character reference (its Char production); validation
# leaves the noncharacters U+FFFE and U+FFFF in, and lxml refused them with a ValueError.
_NOT_XML = lazy_re("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(parent: Any, tag: str, value: str | None) -> Any:
    """<tag><style ...>value</style></tag> under parent, as EndNote writes text."""
    from lxml import etree

    el = etree.SubElement(parent, tag)
    if value is not None:
        bad = _NOT_XML.search(value)
        if bad:
            from ..errors import OutputError

            c = bad.group()
            raise OutputError(
                f"{tag}: U+{ord(c):04X} is a character XML cannot hold, not even escaped; remove it from the record"
            )
        etree.SubElement(el, "style", STYLE).text = value.replace("\n", "\r")
    return el


def _name(a: Any) -> str:
    if isinstance(a, Organization):
        # EndNote treats a name ending in a comma as a corporate author, kept whole.
        return a.name + ","
    if not a.given and not a.suffix and " " in a.family_full:
        # EndNote reads 'García Márquez' as 'First Last' (given name García): its corporate form keeps
        # the whole name as the last name.
        return a.family_full + ","
    # "Last, First, Suffix"; without a given name the empty part stays, or the suffix would be read as one.
    name = a.family_full + (f", {a.given}" if a.given else ", " if a.suffix else "")
    return name + (f", {a.suffix}" if a.suffix else "")


def _date(r: Record) -> str | None:
    d = r.issued
    if d.month is None:
        return None
    return MONTHS[d.month - 1] + (f" {d.day}" if d.day else "")


def element(r: Record, number: int) -> Any:
    """One <record> element."""
    from lxml import etree

    rec = etree.Element("record")
    etree.SubElement(rec, "rec-number").text = str(number)
    etree.SubElement(rec, "ref-type", {"name": "Journal Article"}).text = REF_TYPE_JOURNAL_ARTICLE
    authors = etree.SubElement(etree.SubElement(rec, "contributors"), "authors")
    for a in r.authors:
        _text(authors, "author", _name(a))
    printed = list(dict.fromkeys(aff.printed for a in r.authors for aff in r.affiliations_of(a)))
    if printed:
        _text(rec, "auth-address", "\n".join(printed))
    titles = etree.SubElement(rec, "titles")
    _text(titles, "title", r.title)
    _text(titles, "secondary-title", r.journal.title)
    # The term list's entry in EndNote's own order, full-title first (its export: tests/data/endnote). JabRef's
    # importer keeps the last of these as the journal, so the title is lost there (JABREF); the abbreviations
    # written first would fix JabRef, and Zotero, bibutils and nenbib read them in any order, but EndNote, the
    # reader this is for, is not at hand to show it reads another order alike. Not alt-title either (EndNote's
    # Alternate Journal): JabRef's journal stays abbr-2, and bibutils reads it as the article's abbreviated title.
    periodical = etree.SubElement(rec, "periodical")
    _text(periodical, "full-title", r.journal.title)
    if r.journal.abbreviation_nlm:
        _text(periodical, "abbr-1", r.journal.abbreviation_nlm)
    if r.journal.abbreviation_iso:
        _text(periodical, "abbr-2", r.journal.abbreviation_iso)
    if r.pages is not None:
        _text(rec, "pages", r.pages.range("-"))
    if r.volume:
        _text(rec, "volume", r.volume)
    if r.issue:
        _text(rec, "number", r.issue)
    if r.keywords:
        keywords = etree.SubElement(rec, "keywords")
        for k in r.keywords:
            _text(keywords, "keyword", k)
    dates = etree.SubElement(rec, "dates")
    _text(dates, "year", str(r.issued.year))
    pub_date = _date(r)
    if pub_date:
        _text(etree.SubElement(dates, "pub-dates"), "date", pub_date)
    if r.publisher:
        _text(rec, "publisher", r.publisher)
    # EndNote's ISSN field is called isbn in XML; one ISSN, as biber and bibutils expect one per field.
    # An electronic ISSN alone is marked as PubMed (and EndNote's PubMed import) marks it: unmarked,
    # it read back as the print ISSN.
    issn = r.journal.issn_print or (r.journal.issn_electronic and f"{r.journal.issn_electronic} (Electronic)")
    if issn:
        _text(rec, "isbn", issn)
    if r.identifiers.pmid:
        # EndNote's PubMed import puts the PMID in Accession Number.
        _text(rec, "accession-num", r.identifiers.pmid)
    if r.identifiers.doi:
        _text(rec, "electronic-resource-num", r.identifiers.doi)
    if r.abstract:
        _text(rec, "abstract", r.abstract)
    # Label: EndNote's BibTeX export style uses it as the citation key.
    _text(rec, "label", r.id)
    if r.genre:
        _text(rec, "work-type", r.genre)
    if r.language:
        _text(rec, "language", r.language)
    if r.doi_url:
        urls = etree.SubElement(etree.SubElement(rec, "urls"), "related-urls")
        _text(urls, "url", r.doi_url)
    if r.identifiers.pmcid:
        # Custom 2 is labelled "PMCID" in EndNote's Journal Article reference type.
        _text(rec, "custom2", r.identifiers.pmcid)
    if r.pages is not None and r.pages.article_number is not None:
        # Custom 7 is EndNote's "Article Number" (RIS C7): without it an article number of digits
        # (1234) or shaped like a range (12-19) in pages reads back as pages.
        _text(rec, "custom7", r.pages.article_number)
    return rec


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """An EndNote XML document, UTF-8; each record on its own line, streamed."""
    return entries(entry, end, records, options)


_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>\n'
_TAIL = "</records></xml>\n"


def entry(r: Record, n: int, options: Options) -> str:
    """The n-th record (0-based) on its own line, numbered from 1; the document's head before the first."""
    from lxml import etree

    from ..errors import OutputError

    try:
        text: str = etree.tostring(element(r, n + 1), encoding="unicode")
    except OutputError as e:
        raise OutputError(f"record {r.id}: {e.message}", e.filename) from None
    return (_HEAD if n == 0 else "") + text + "\n"


def end(count: int, options: Options) -> str:
    """The document's tail (and its head, when there was no record)."""
    return _TAIL if count else _HEAD + _TAIL


# --- reading -------------------------------------------------------------------------------


def sniff(text: str) -> bool:
    """True when the text looks like an EndNote XML export."""
    head = text.lstrip("\ufeff \r\n")[:400]
    return head.startswith("<?xml") and "<xml>" in head and "<records>" in head or head.startswith("<xml><records>")


def _script(text: Any) -> str:
    """A text of the file (lxml's, knowing its element): a superscript or subscript style run of digits, signs
    or parentheses as Unicode's (EndNote's '<style face="superscript">18</style>F', as the BibTeX reader reads
    \\textsuperscript{18}); they were read as plain digits, '18F' for '¹⁸F', 'CO2' for 'CO₂'."""
    parent = text.getparent()
    if text.is_tail or parent is None or parent.tag != "style" or not set(text) <= set(_values.SCRIPTABLE):
        return str(text)
    face = (parent.get("face") or "").split()
    script = "^" if "superscript" in face else "_" if "subscript" in face else None
    return str(text).translate(_values.SCRIPTS[script]) if script else str(text)


def _value(el: Any, one_line: bool = True, verbatim: bool = False) -> str | None:
    """An element's text: its style runs joined. White space alone with a line break between
    elements is the file's indentation (a pretty-printed file), not text; a field that is one line
    in a record (all but the abstract and the addresses) has its line breaks read as spaces.
    verbatim: the text's outer white space is kept (the abstract, which records hold verbatim)."""
    if el is None:
        return None
    # A tab is a space (text pasted from a PDF: it failed the schema's no-control-characters rule, and the file).
    if any("script" in (run.get("face") or "") for run in el.iter("style")):  # lxml's texts know their element
        texts: Iterable[str] = (_script(t) for t in el.xpath(".//text()"))
    else:  # ~4x faster
        texts = el.itertext()
    text = "".join(t for t in texts if t.strip() or "\n" not in t).replace("\t", " ")
    if one_line:  # every line break str.splitlines knows (U+2028 in a title failed the whole file)
        return re.sub(r"\s*[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]\s*", " ", text).strip() or None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text if verbatim else text.strip()) if text.strip() else None


def _person(name: str) -> dict[str, Any]:
    """'Family, Given, Suffix' -> a person; 'Name,' (EndNote's corporate form) -> an organisation; nothing
    before the first comma (', Jan') -> an organisation of the whole text: no part of it is a family
    name, and a person without one failed validation and the whole file."""
    if name.endswith(","):
        return {"name": name[:-1].strip(_values.SPACE)}
    parts = name.split(",")
    if not parts[0].strip(_values.SPACE):
        return {"name": name}
    # A part after the suffix ('Smith, Jan, Jr., M.D.') belongs to the suffix, as 'Jr., M.D.' is written.
    return _values.person(parts[0], parts[1] if len(parts) > 1 else "", ",".join(parts[2:]))


# The fields of a record the reader keeps (a field: an element holding text, by its path), and
# EndNote's bookkeeping (library name, record number, the app): any other field with text (notes,
# secondary authors, short title, a link other than the DOI's, ...) is named in one note a record.
READ = frozenset(
    {
        "ref-type", "work-type", "titles/title", "contributors/authors/author",
        "auth-address", "periodical/full-title", "periodical/abbr-1", "periodical/abbr-2", "isbn", "publisher",
        "dates/year", "dates/pub-dates/date", "volume", "number", "issue", "custom7", "pages", "electronic-resource-num",
        "accession-num", "custom2", "keywords/keyword", "language", "abstract", "label",
    }
)  # fmt: skip
# The remote database is where EndNote fetched the record from ('Medline', 'NLM'), as PubMed's
# OWN is; the access and modified dates are when the library's owner looked and edited: no facts
# of the article.
BOOKKEEPING = frozenset(
    {
        "rec-number", "database", "source-app", "foreign-keys/key", "remote-database-name", "remote-database-provider",
        "access-date", "modified-date",
    }
)  # fmt: skip
# Where EndNote repeats the journal: its Secondary Title, the Alternate Journal of its PubMed and
# Web of Science imports and the journal's term list again. Named as not kept only when they say more than the record holds.
JOURNAL_ALIASES = frozenset(
    {
        "titles/secondary-title",  # read as the journal's title where there is no full-title
        "titles/alt-title",
        "periodical/abbr-3",
        *(f"alt-periodical/{t}" for t in ("full-title", "abbr-1", "abbr-2", "abbr-3")),
    }
)


# Fields read that a record may hold several of; of any other field read, the reader takes the first.
READ_ALL = frozenset({"contributors/authors/author", "keywords/keyword"})


def _not_read(
    el: Any, unread: set[Any], same: set[str], prefix: str = "", first: dict[str, str | None] | None = None
) -> list[tuple[str, Any]]:
    """(path, element) of each field of the record that holds text and is not read (a link is read unless
    it is among the unread, _values.read_link's links not kept), in the file's order: a second field read once ('pages')
    that says otherwise too, named '(another)'. The path is carried down from the record
    (getelementpath counts a record's siblings: a file of n records took time as n squared);
    a comment or processing instruction is no field."""
    from lxml import etree

    first = {} if first is None else first  # path -> the text of the first such field read
    found: list[tuple[str, Any]] = []
    for child in el.iterchildren(etree.Element):
        if child.tag == "style":
            continue  # a style run: its field's text
        path = prefix + child.tag
        if any(c.tag != "style" for c in child.iterchildren(etree.Element)):
            found += _not_read(child, unread, same, path + "/", first)  # a group of fields
        elif path in READ and path not in READ_ALL and path in first:
            if _value(child) not in (None, first[path]):  # a second <pages>, <volume>, ...: dropped without a word
                found.append((f"{path} (another)", child))
        elif path in READ or path in BOOKKEEPING or not _value(child):
            first.setdefault(path, _value(child))
            continue
        elif path == "urls/related-urls/url" and child not in unread:
            continue
        elif path in JOURNAL_ALIASES and _value(child) in same:
            continue
        else:
            found.append((path, child))
    return found


# Web of Science puts the reprint author's name ('Schaefer, HF') before the addresses, and one
# address per author, repeated; EndNote's import keeps both in Author Address.
_INITIALS = lazy_re(r"[A-Z][A-Za-z]{0,3}")


def _addresses(text: str, authors: list[dict[str, Any]], warn: _values.Warn) -> list[str]:
    """The distinct addresses of Author Address, one a line; a line that is an author's family name
    and initials only (Web of Science's reprint author) is no address, and is noted."""
    families = {a["family"].casefold() for a in authors if "family" in a}
    out: list[str] = []
    for line in (p.strip() for p in text.split("\n")):
        family, _, initials = line.rpartition(", ")
        if family.casefold() in families and _INITIALS.fullmatch(initials):
            warn(f"{line!r} is an author's name, not an address (Web of Science's reprint author); left out")
        elif line and line not in out:
            out.append(line)
    return out


# A month as EndNote's Date field and its importers write it: its English name or the name's first
# three letters ('Sept' too), with or without a full stop; not any word that starts so ('Junk').
_MONTH = _values.MONTH_NAME + r"\.?"
# EndNote's 'Apr', 'Apr 15' (its PubMed import), 'April 15, 2020', '15 Apr 2020', PubMed's '2020 Apr 15',
# and the numeric dates of EndNote's other imports and of Zotero's export: '2020/04/15', '2021-6-25'.
_DATES = (
    lazy_re(rf"(?P<month>{_MONTH})(?:\s+(?P<day>\d{{1,2}}))?(?:,?\s+(?P<year>\d{{4}}))?"),
    lazy_re(rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?"),
    lazy_re(rf"(?P<year>\d{{4}})\s+(?P<month>{_MONTH})(?:\s+(?P<day>\d{{1,2}}))?"),
    lazy_re(r"(?P<year>\d{4})(?:([-/])(?P<month>\d{1,2})(?:\2(?P<day>\d{1,2}))?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"),
)


def _issued(year: str, date: str, warn_at: Any) -> dict[str, int]:
    """The date from Year and Date (Date's year where Year has none); a Date that is no month and
    day (a season, 'Apr-Jun') or whose year is not Year's is left out, with a note."""
    issued: dict[str, int] = {"year": int(year)} if year.isdigit() else {}
    if year and not issued:  # 'In Press', 'n.d.': the record needs a year, and this is none
        warn_at("dates/year")(f"year {year!r} is not a year; left out")
    if not date:
        return issued
    warn = warn_at("dates/pub-dates/date")
    m = next((m for p in _DATES if (m := p.fullmatch(date))), None)
    if m is None:
        warn(f"date {date!r} is not a month and day such as 'Mar 15'; left out")
        return issued
    parts = m.groupdict()
    if parts["year"] and issued and int(parts["year"]) != issued["year"]:
        warn(f"date {date!r} is of another year than the year {issued['year']}; left out")
        return issued
    if parts["year"] and not year:
        issued["year"] = int(parts["year"])
    if not issued:
        return issued
    month = parts["month"]
    if month:
        issued["month"] = int(month) if month.isdigit() else _values.month_number(month)
        if parts["day"]:
            issued["day"] = int(parts["day"])
    return _values.date(issued, warn)


_DOI, _DOI_IN_TEXT = _values.DOI, _values.DOI_IN_TEXT


def _doi(text: str, warn: _values.Warn) -> str | None:
    """The DOI of electronic-resource-num: bare, a link, 'doi:' or Web of Science's 'DOI 10.x/y'
    (EndNote's import keeps it so); one found among other text is taken with a note, and a value
    holding none (a PII, a link elsewhere) is left out with a note: validation refused it, and with
    it the whole file."""
    if not text:
        return None
    bare = _values.doi(re.sub(r"(?i)^doi\s+(?=10\.)", "", text))
    if _DOI.fullmatch(bare):
        if end := _values.doi_end(text, bare):
            warn(f"{text!r} read as the DOI {end[0]}: {end[1]}")
            return end[0]
        return bare
    found = _DOI_IN_TEXT.search(text)
    if found is None:
        warn(f"{text!r} is not a DOI; left out")
        return None
    warn(f"{text!r} read as the DOI {found.group()}; the text around it is not kept")
    return found.group()


def _record(el: Any, source: str, warnings: list[str], keys: _values.Keys, place: str, at: Any) -> dict[str, Any]:
    def v(path: str, one_line: bool = True) -> str | None:
        return _value(el.find(path), one_line)

    def warn_at(path: str) -> _values.Warn:
        place = at(el.find(path))

        def warn(message: str) -> None:
            warnings.append(f"{source}: {place}: {path}: {message}")

        return warn

    rec: dict[str, Any] = {"id": "", "type": "article-journal"}
    if v("work-type"):
        rec["genre"] = v("work-type")
    rec["title"] = v("titles/title")
    rec["authors"] = []
    for a in el.iterfind("contributors/authors/author"):
        name = _value(a)
        if name and _values.is_et_al(name):
            warnings.append(f"{source}: {at(a)}: author {_values.ET_AL}")
        elif name and name.removesuffix(",").strip(_values.SPACE):  # ',' alone: EndNote's corporate form of no name
            person = _person(name)
            rec["authors"].append(person)
            if "name" in person and not name.endswith(","):
                warnings.append(f"{source}: {at(a)}: author {name!r} {_values.NO_FAMILY}")
            elif "," not in name and " " in person["family"]:  # 'John Smith': which is the family name is not said
                warnings.append(
                    f"{source}: {at(a)}: author {name!r} has no comma (EndNote's 'Family, Given'); "
                    "read as a family name alone, as Zotero reads it"
                )
        else:  # an author of no name failed validation, and with it the whole file
            warnings.append(f"{source}: {at(a)}: an author without a name; left out")
    address = v("auth-address", one_line=False)
    if address and not rec["authors"]:
        warn_at("auth-address")("an address without authors; left out")
    elif address:
        printed = _addresses(address, rec["authors"], warn_at("auth-address"))
        # The field is the record's, not an author's: an author's own only when there is one author.
        # Tied to the first of several (as before), it gave co-authors' addresses to that author.
        if printed and len(rec["authors"]) == 1:
            rec["affiliations"] = [{"id": f"aff{i}", "printed": p} for i, p in enumerate(printed, 1)]
            rec["authors"][0]["affiliations"] = [a["id"] for a in rec["affiliations"]]
        elif printed:
            warn_at("auth-address")(
                f"Author Address is the record's, and with {len(rec['authors'])} authors the file does not say "
                f"whose each of its {len(printed)} address(es) is; left out"
            )
    journal = {"title": v("periodical/full-title") or v("titles/secondary-title")}
    for key, path in (("abbreviation_nlm", "periodical/abbr-1"), ("abbreviation_iso", "periodical/abbr-2")):
        if v(path):
            journal[key] = v(path)
    if v("isbn"):  # EndNote keeps a journal's ISSNs in its ISBN field
        _values.issns(v("isbn") or "", journal, warn_at("isbn"))
    rec["journal"] = journal
    if v("publisher"):
        rec["publisher"] = v("publisher")
    rec["issued"] = _issued(v("dates/year") or "", v("dates/pub-dates/date") or "", warn_at)
    if v("volume"):
        rec["volume"] = v("volume")
    # EndNote's Issue is <number>; Zotero writes it to <issue> too, other tools to <issue> alone.
    issue, other = v("number"), v("issue")
    if issue and other and other != issue:
        warn_at("issue")(f"issue {other!r} left out: the record holds the number {issue!r} as its issue")
    if issue or other:
        rec["issue"] = issue or other
    number = v("custom7")
    if number and not _values.is_article_number(number):
        warn_at("custom7")(f"article number {number!r} is not one (a letter or digit, then letters, digits, '.', '-'); left out")
        number = None
    if number:  # the article number wins over pages, in every reader (_values.pages_beside_number)
        rec["pages"] = {"article_number": number}
        # EndNote has no page count: a plain range's length is the count the record holds beside the number.
        if span := _values.pages_beside_number("", v("pages") or "", number, "custom7", warn_at("pages"), count=True):
            rec["pages"]["count"] = span
    else:
        pages = _values.pages(v("pages") or "", warn_at("pages"), count=True)
        if pages:
            rec["pages"] = pages
    ids: dict[str, str] = {}
    doi = _doi(v("electronic-resource-num") or "", warn_at("electronic-resource-num"))
    if doi:
        ids["doi"] = doi
    for key, path, pattern in (("pmid", "accession-num", r"[1-9][0-9]{0,9}"), ("pmcid", "custom2", r"PMC[0-9]{1,10}")):
        value = v(path)
        if value and re.fullmatch(pattern, value):
            ids[key] = value
        elif value:
            warn_at(path)(f"{value!r} is not a {'PubMed ID' if key == 'pmid' else 'PMCID'}; left out")
    unread: set[Any] = set()  # the links not kept, named among the fields not kept (_not_read)
    for url in el.iterfind("urls/related-urls/url"):
        # A link to a DOI's, PubMed's or PMC's page is that identifier where the record has none, as RIS's
        # UR, CSL-JSON's URL and BibTeX's url are read (_values.linked_id): a doi.org link without
        # electronic-resource-num was named as a link not kept, the DOI lost. A link of an identifier held
        # is the identifier's own or another one, named among the fields not kept (_not_read).
        # Its closing '.' or query cut (_values.doi_end) is noted only of a link read.
        what, notes = _values.read_link(_value(url) or "", ids, "")
        if what in ("read", "part"):  # a figure's DOI is said so, not listed among the fields not kept
            warnings.extend(f"{source}: {at(url)}: urls/related-urls/url: {note}" for note in notes)
        elif what != "held":
            unread.add(url)
    if ids:
        rec["identifiers"] = ids
    # One keyword a line: EndNote's Keywords field is one a line, and a <keyword> may hold several.
    lines = ((_value(k, one_line=False) or "").split("\n") for k in el.iterfind("keywords/keyword"))
    keywords = _values.keywords((kw for group in lines for kw in group), warn_at("keywords"))
    if keywords:
        rec["keywords"] = keywords
    code = _values.language(v("language") or "", warn_at("language")) if v("language") else None
    if code:
        rec["language"] = code
    if v("abstract"):
        rec["abstract"] = _value(el.find("abstract"), one_line=False, verbatim=True)
    same = {str(journal[k]) for k in ("title", "abbreviation_nlm", "abbreviation_iso") if journal.get(k)}
    left = _not_read(el, unread, same)
    if left:
        counts: dict[str, int] = {}
        for path, _ in left:
            counts[path] = counts.get(path, 0) + 1
        listed = ", ".join(p if n == 1 else f"{p} ({n})" for p, n in counts.items())
        warnings.append(f"{source}: {at(left[0][1])}: not kept, the record has no place for them: {listed}")
    label = v("label") or ""
    earlier = _values.earlier_record(label, rec, place, keys)  # SameRecord: left out
    rec["id"] = _values.record_key(label, rec, keys)
    if label and label != rec["id"]:
        why = f"{label!r} is not a usable citation key"
        if earlier is not None:
            why = f"{earlier.repeated_by(label)}, whose record differs"
        warn_at("label")(f"{why}; used {rec['id']!r}")
    return rec


def read(text: str, source: str) -> ReadResult:
    """EndNote XML records as record dicts (validated later)."""
    from lxml import etree

    from ..errors import InputError

    # No DTD, no entities from outside, no network: the file is data. The entities the file itself
    # defines are read (unread, '&t;' stood in the text as written); one from outside is an error.
    # The text is UTF-8 whatever the declaration says: it was decoded as UTF-8 (files.read_text).
    parser = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False, encoding="utf-8")
    # XML reads CRLF and a CR alone as LF (XML 1.0, 2.11 End-of-Line Handling): done before libxml2 counts
    # lines, which it counts at LF only (a file of CR line ends was line 1 throughout).
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as e:
        # libxml2 ends some messages with a newline ('Char 0x0 out of allowed range\n'): one line.
        message = " ".join(re.sub(r", line \d+, column \d+$", "", e.msg or str(e)).split())
        if message.startswith("Entity '"):
            message += " (entities from outside the file are not read)"
        line, column = e.position
        raise InputError(f"not well-formed XML: {message}", source, f"line {line}, column {column}", "xml-syntax") from None
    result = ReadResult()
    keys = _values.Keys()
    records = list(root.iterfind("records/record"))
    places = _places(text, records)
    for el, (line, place) in zip(records, places, strict=True):
        # The labels of the records read, reserved (Keys.reserve); the notes are made below.
        if _is_article(el, source, [], _where(line, place)):
            keys.reserve(_value(el.find("label")))
    for el, (line, place) in zip(records, places, strict=True):
        at = _where(line, place)
        if _is_article(el, source, result.warnings, at):
            mark = len(result.warnings)
            try:
                result.records.append(_record(el, source, result.warnings, keys, place, at))
            except _values.SameRecord as same:
                del result.warnings[mark:]  # its notes repeat the earlier record's
                result.warnings.append(f"{source}: {at(el.find('label'))}: label: {same}")
                continue
            result.places.append(place)
    return result


# A record's start tag, whole: libxml2 numbers an element by the line its start tag ends on, so a tag
# spread over lines ('<record\n  xmlns="...">') is found in the text to name the line it starts on.
_RECORD_TAG = lazy_re(r"""<record(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")


def _places(text: str, records: list[Any]) -> list[tuple[int, str]]:
    """Where each record starts: its line and its place, 'line N', with its column when another record
    starts on that line too ('line 1, column 4711': EndNote writes its whole export on one line, where
    'line 1' named every record). lxml gives no column, and the line a start tag ends on: the records'
    start tags are found in the text, and taken only when they are as many as the records and each
    ends on its record's line (else the lines lxml gives, without columns)."""
    ends = [el.sourceline for el in records]
    fallback = [(n, f"line {n}") for n in ends]
    tags = list(_RECORD_TAG.finditer(text))
    if len(tags) != len(records):
        return fallback  # a '<record' in a comment or CDATA section, or a record from an entity
    starts: list[tuple[int, int]] = []  # (line, column) of each '<record'
    line, line_start, pos = 1, 0, 0
    for tag, end in zip(tags, ends, strict=True):
        # Counted from the last tag only: from the text's start, a file of one line took n squared.
        at = tag.start()
        breaks = text.count("\n", pos, at)
        if breaks:
            line, line_start = line + breaks, text.rfind("\n", pos, at) + 1
        pos = at
        if line + tag.group().count("\n") != end:
            return fallback
        starts.append((line, at - line_start + 1))
    shared = {n for n, count in Counter(n for n, _ in starts).items() if count > 1}
    return [(n, f"line {n}, column {column}" if n in shared else f"line {n}") for n, column in starts]


def _where(line: int, place: str) -> Any:
    """Where an element of the record starting at line (at place) is, for a note: the record's place
    when the element is on the record's first line (or is the record: None), so that a note names a
    record on a line with others by its column as an error does; else the element's own line."""

    def at(node: Any = None) -> str:
        return place if node is None or node.sourceline == line else f"line {node.sourceline}"

    return at


def _is_article(el: Any, source: str, warnings: list[str], at: Any) -> bool:
    """Whether the record is a journal article, by its ref-type's name, else its number; a record
    without ref-type is read as one, with a note. A book or chapter read as an article failed the
    whole file (no journal) or made the book's title a journal's; the BibTeX and CSL-JSON readers
    leave them out alike."""
    ref_type = el.find("ref-type")
    if ref_type is None:
        warnings.append(f"{source}: {at()}: no ref-type; read as a journal article")
        return True
    name, number = (ref_type.get("name") or "").strip(), (ref_type.text or "").strip()
    if name in ARTICLE_TYPES or (not name and number in ARTICLE_TYPES.values()):
        return True
    if name in PERIODICAL_TYPES or (not name and number in PERIODICAL_TYPES.values()):
        warnings.append(f"{source}: {at(ref_type)}: ref-type {name or number!r} read as a journal article")
        return True
    warnings.append(f"{source}: {at(ref_type)}: ref-type {name or number!r} is not a journal article; left out")
    return False


# Where the reader finds each field a record requires: an import that lacks one is told in the format's
# own words (convert.py), not by the record's JSON pointer ('/0/journal: 'title' is a required property').
REQUIRED_FROM = {
    "title": "<titles><title>",
    "authors": "<contributors><authors>",
    "journal.title": "<periodical><full-title> or <titles><secondary-title>",
    "issued.year": "<dates><year> or year in <pub-dates><date>",
}
