"""EndNote XML as JabRef imports it: our export read by a port of JabRef's EndnoteXmlImporter
(tests/jabref_endnote_xml.py), compared field by field with the record. Where JabRef's entry differs
from the record, it is a limit of JabRef's importer that endnote_xml.JABREF states; jabref_entry()
names it where it builds that field. The author string JabRef builds is split by pybtex, which
follows BibTeX's name rules as JabRef's AuthorList does."""

from __future__ import annotations

from pathlib import Path

import jabref_endnote_xml
import pytest
from jabref_endnote_xml import clean
from lxml import etree
from test_endnote_xml import ALL
from test_jsonld_stream import synthetic
from test_ris_jabref import names_in, plain
from test_ris_zotero import record

import nenbib
from nenbib.formats import endnote_xml
from nenbib.model import Record
from nenbib.records import iter_records

from conftest import RECORD_PATH


def put(e: dict[str, str], field: str, value: str | None) -> None:
    """What parseElementContent makes of an element holding value: cleaned, and no field when empty."""
    if value is not None and clean(value):
        e[field] = clean(value)


def jabref_entry(r: Record) -> dict[str, str]:
    """The fields JabRef's entry holds of r, as far as EndNote XML and JabRef's importer carry them.
    Every text is cleaned (JABREF title, abstract: each line break or run of white space becomes one space)."""
    # JABREF id: label is not read.
    e = {"type": "article"}
    put(e, "title", r.title)
    j = r.journal
    # JABREF journal.title: periodical's full-title, abbr-1 and abbr-2 each overwrite the journal: the last wins.
    put(e, "journal", j.abbreviation_iso or j.abbreviation_nlm or j.title)
    put(e, "year", str(r.issued.year))
    # JABREF issued: pub-dates/date is the date field as written ('Dec', 'Apr 15'), without the year.
    put(e, "date", endnote_xml._date(r))
    put(e, "volume", r.volume)
    put(e, "number", r.issue)
    if r.pages is not None:
        # JABREF pages.article_number: custom7 is not read; pages holds the article number.
        put(e, "pages", r.pages.range("-"))
    # JABREF journal.issn_print: isbn (EndNote's ISSN field) is read as the ISBN.
    put(e, "isbn", j.issn_print or (j.issn_electronic and f"{j.issn_electronic} (Electronic)"))
    put(e, "publisher", r.publisher)
    put(e, "doi", r.identifiers.doi)
    put(e, "url", r.doi_url)
    # JABREF identifiers.pmid, identifiers.pmcid: accession-num and custom2 are not read.
    put(e, "abstract", r.abstract)
    put(e, "howpublished", r.genre)  # JABREF genre: work-type is read as howpublished
    put(e, "language", r.language)
    if r.keywords:
        # Joined with ', ' (a keyword holds no comma); a keyword already in the list is left out.
        put(e, "keywords", ", ".join(dict.fromkeys(clean(k) for k in r.keywords if clean(k))))
    printed = list(dict.fromkeys(aff.printed for a in r.authors for aff in r.affiliations_of(a)))
    # JABREF affiliations: auth-address is the address, its lines joined with a space.
    put(e, "address", "\n".join(printed) if printed else None)
    return e


def assert_jabref_reads(r: Record, entry: dict[str, str] | None = None) -> None:
    if entry is None:
        [entry] = jabref_endnote_xml.read(nenbib.export(r, "endnote-xml"))
    entry = dict(entry)
    author = entry.pop("author", "")
    want = jabref_entry(r)
    for field in sorted(set(entry) | set(want)):
        assert entry.get(field) == want.get(field), f"{r.id}: JabRef's {field}"
    # JABREF authors: persons read as written up to the first that is not plain (an organisation,
    # a suffix, a comma, a brace or ' and ' in a name): after it, the list may shift.
    k = next((n for n, a in enumerate(r.authors) if not plain(a)), len(r.authors))
    expected = [(clean(a.family_full), clean(a.given), "") for a in r.authors[:k]]
    names = names_in(author) if author else []
    assert (names if k == len(r.authors) else names[:k]) == expected, f"{r.id}: JabRef's authors"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_jabref_reads_the_shipped_and_hard_records_as_meant(path):
    for r in iter_records([str(path)]):
        assert_jabref_reads(r)


def test_jabref_reads_the_shipped_export_file():
    text = (RECORD_PATH.parent / "ohmoto2020genomic.xml").read_bytes().decode("utf-8")
    [entry] = jabref_endnote_xml.read(text)
    assert (entry["type"], entry["number"], entry["pages"], entry["volume"], entry["year"]) == (
        "article",
        "4",
        "389-405",
        "21",
        "2020",
    )
    assert entry["author"] == "Ohmoto, Akihiro and Morizane, Chigusa"
    # The journal's title is lost: abbr-2, the last of periodical's titles, overwrote it.
    assert entry["journal"] == "Curr. Drug Targets" and entry["isbn"] == "1389-4501"
    assert "label" not in entry and "ohmoto2020genomic" not in entry.values()


def test_jabref_reads_1000_synthetic_records_as_meant():
    records = list(synthetic(1000))
    entries = jabref_endnote_xml.read(nenbib.export(records, "endnote-xml"))
    assert len(entries) == len(records)
    for r, entry in zip(records, entries, strict=True):
        assert_jabref_reads(r, entry)


@pytest.mark.parametrize(
    ("abbreviations", "journal"),
    [
        ({}, "Current Drug Targets"),
        ({"abbreviation_nlm": "Curr Drug Targets"}, "Curr Drug Targets"),
        ({"abbreviation_iso": "Curr. Drug Targets"}, "Curr. Drug Targets"),
        ({"abbreviation_nlm": "Curr Drug Targets", "abbreviation_iso": "Curr. Drug Targets"}, "Curr. Drug Targets"),
    ],
)
def test_jabref_loses_the_journal_title_exactly_where_the_note_says(abbreviations, journal):
    # JABREF journal.title: the last of periodical's titles wins; a journal without an abbreviation keeps its title.
    r = record(journal={"title": "Current Drug Targets", "issn_print": "1389-4501", **abbreviations})
    [entry] = jabref_endnote_xml.read(nenbib.export(r, "endnote-xml"))
    assert entry["journal"] == journal and "alt-title" not in entry
    note = endnote_xml.JABREF["journal.title"]
    assert "title is lost" in note and "without one keeps its title" in note and "ISO one (abbr-2) or else the NLM" in note


def test_the_periodical_is_written_in_endnotes_own_order():
    # The order JabRef's loss comes from (JABREF journal.title) is EndNote's: its own export writes full-title
    # first. Written last, the full title would be JabRef's journal, but EndNote's reading of it is not known.
    sample = (Path(__file__).parent / "data" / "endnote" / "endnote-x7-wos.xml").read_bytes()
    ours = nenbib.export(record(), "endnote-xml").encode()
    orders = [[c.tag for c in etree.fromstring(x).find("records/record/periodical")] for x in (sample, ours)]
    assert orders == [["full-title", "abbr-1"], ["full-title", "abbr-1", "abbr-2"]]


def test_jabref_limits_are_stated():
    r = record(
        authors=[
            {"name": "Food and Drug Administration"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"family": "García Márquez"},
        ],
        title="Pre  post study",
        abstract="First line.\nSecond  line.",
        issued={"year": 2019, "month": 12, "day": 3},
        pages={"article_number": "e1003"},
        identifiers={"doi": "10.1000/x", "pmid": "31234567", "pmcid": "PMC6543210"},
        genre="review",
    )
    [entry] = jabref_endnote_xml.read(nenbib.export(r, "endnote-xml"))
    assert names_in(entry["author"]) == [
        ("Food", "", ""),
        ("Drug Administration", "", ""),
        ("King", "Jr.", "Martin Luther"),
        ("García Márquez", "", ""),
    ]
    assert entry["journal"] == "Curr. Drug Targets" and entry["isbn"] == r.journal.issn_print
    assert entry["title"] == "Pre post study"
    assert entry["abstract"] == "First line. Second line."
    assert (entry["year"], entry["date"]) == ("2019", "Dec 3") and "month" not in entry
    assert entry["pages"] == "e1003" and entry["howpublished"] == "review"
    assert "31234567" not in entry.values() and "PMC6543210" not in entry.values() and r.id not in entry.values()
    assert_jabref_reads(r, entry)
    for field, words in {
        "id": "label",
        "genre": "howpublished",
        "authors": "BibTeX's name rules",
        "affiliations": "address",
        "journal.title": "abbr-2",
        "journal.abbreviation_nlm": "abbr-1",
        "journal.abbreviation_iso": "journal",
        "journal.issn_print": "ISBN",
        "journal.issn_electronic": "ISBN",
        "issued": "date",
        "pages.article_number": "custom7",
        "identifiers.pmid": "accession-num",
        "identifiers.pmcid": "custom2",
        "title": "white space",
        "abstract": "line break",
    }.items():
        assert words in endnote_xml.JABREF[field], field
        assert endnote_xml.JABREF[field].startswith("JabRef"), field
    assert set(endnote_xml.JABREF) == {
        "id",
        "genre",
        "authors",
        "affiliations",
        "journal.title",
        "journal.abbreviation_nlm",
        "journal.abbreviation_iso",
        "journal.issn_print",
        "journal.issn_electronic",
        "issued",
        "pages.article_number",
        "identifiers.pmid",
        "identifiers.pmcid",
        "title",
        "abstract",
    }


# ---- the judge itself --------------------------------------------------------------------------


def test_the_port_reads_jabrefs_own_test_file_shape():
    # EndnoteXmlImporterTestArticle.xml's kind of input (a Bookends export): indented, every text
    # in a style run over several lines, a line feed and a carriage return inside values, notes and
    # a PDF link; two records, the second of an unknown ref-type.
    text = """<?xml version="1.0" encoding="UTF-8"?>
<xml>
  <records>
    <record>
      <ref-type name="Journal Article">17</ref-type>
      <contributors><authors>
        <author><style face="normal" size="100%">
          Ahmad,
          AS
        </style></author>
        <author><style face="normal" size="100%"> </style></author>
        <author>Sasieni, PD</author>
      </authors></contributors>
      <auth-address><style face="normal" size="100%">Queen Mary,
        London.&#xA;Cancer Research UK.</style></auth-address>
      <titles>
        <title><style face="normal" size="100%">Trends</style><style face="italic" size="100%">in</style> risk</title>
        <secondary-title><style face="normal" size="100%">Br J Cancer</style></secondary-title>
        <alt-title><style face="normal" size="100%">Br J Cancer</style></alt-title>
      </titles>
      <pages><style face="normal" size="100%">943-7</style></pages>
      <dates><year><style face="normal" size="100%">2015</style></year>
        <pub-dates><date><style face="normal" size="100%">Mar 3</style></date></pub-dates></dates>
      <keywords>
        <keyword><style face="normal" size="100%">Aged,
          80 and over</style></keyword>
        <keyword><style face="normal" size="100%">Aged</style></keyword>
        <keyword><style face="normal" size="100%">Aged</style></keyword>
      </keywords>
      <notes><style face="normal" size="100%">  some notes </style></notes>
      <urls>
        <related-urls><url><style face="normal" size="100%">http://www.ncbi.nlm.nih.gov/pubmed/25647015</style></url></related-urls>
        <pdf-urls><url><style face="normal" size="100%">file://localhost/a.pdf</style></url></pdf-urls>
      </urls>
      <isbn><style face="normal" size="100%">1532-1827 (Electronic)&#xD;0007-0920 (Linking)</style></isbn>
      <accession-num><style face="normal" size="100%">25647015</style></accession-num>
      <label><style face="normal" size="100%">ahmad2015</style></label>
    </record>
    <record><ref-type name="Journal article">17</ref-type>
      <titles><secondary-title>Nature</secondary-title></titles>
      <periodical><full-title>Nature</full-title><abbr-1>Nat</abbr-1></periodical></record>
  </records>
</xml>
"""
    first, second = jabref_endnote_xml.read(text)
    assert first == {
        "type": "article",
        "author": "Ahmad, AS and Sasieni, PD",
        "address": "Queen Mary, London. Cancer Research UK.",
        "title": "Trends in risk",
        "journal": "Br J Cancer",
        "pages": "943-7",
        "year": "2015",
        "date": "Mar 3",
        "keywords": "Aged, 80 and over, Aged",
        "note": "some notes",
        "url": "http://www.ncbi.nlm.nih.gov/pubmed/25647015",
        "file": "file://localhost/a.pdf",
        "isbn": "1532-1827 (Electronic) 0007-0920 (Linking)",
    }
    # The ref-type name is matched exactly: 'Journal article' is misc, and its journal a booktitle.
    assert second == {"type": "misc", "booktitle": "Nat"}


def test_the_port_refuses_markup_inside_a_style_run_as_getelementtext_does():
    text = "<xml><records><record><titles><title><style>a<b>c</b></style></title></titles></record></records></xml>"
    with pytest.raises(ValueError, match="getElementText"):
        jabref_endnote_xml.read(text)


def test_the_port_looks_inside_elements_it_does_not_know():
    # parseRecord does not skip an unknown element: a mapped element inside it is read as the record's.
    text = "<xml><records><record><custom1><volume>9</volume></custom1><number/></record></records></xml>"
    assert jabref_endnote_xml.read(text) == [{"type": "misc", "volume": "9"}]
