"""Checks every registered format must pass; a new format is covered by adding its registry line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import nenbib
from nenbib.errors import UsageError
from nenbib.formats import FIELDS, FORMATS, by_suffix
from nenbib.model import Pages, Record
from nenbib.records import iter_records, to_record
from nenbib.report import facts

from conftest import GOLDEN, RECORD_PATH, run_cli

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
NAMES = sorted(FORMATS)
READABLE = [n for n in NAMES if hasattr(FORMATS[n].load(), "read")]


@pytest.mark.parametrize("name", NAMES)
def test_fidelity_table_is_complete_and_honest(name):
    table = FORMATS[name].load().FIDELITY
    assert tuple(table) == FIELDS or set(table) == set(FIELDS)
    for field, status in table.items():
        kind, _, why = status.partition(": ")
        assert kind in ("carried", "lossy", "dropped"), (field, status)
        assert (kind == "carried") == (why == ""), f"{name}.{field}: a loss must say why"


@pytest.mark.parametrize("name", NAMES)
def test_golden_file_byte_for_byte(name, record, update_golden):
    fmt = FORMATS[name]
    golden = GOLDEN / (record.id + fmt.build_suffix)
    actual = nenbib.export(record, name).encode("utf-8")
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(actual)
    assert golden.is_file(), f"missing golden file {golden.name}: run pytest --update-golden and review the diff"
    assert actual == golden.read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_collections_hold_every_record(name):
    records = list(iter_records([str(RECORD_PATH), *map(str, HARD)]))
    text = nenbib.export(records, name)
    for r in records:
        key_dropped = FORMATS[name].load().FIDELITY["id"].startswith("dropped")
        assert r.id in text or (key_dropped and r.title.split()[0] in text), f"{r.id} missing from the {name} collection"


@pytest.mark.parametrize("name", READABLE)
@pytest.mark.parametrize("path", [RECORD_PATH, *HARD], ids=lambda p: p.stem)
def test_round_trip_keeps_every_carried_field(name, path):
    assert_round_trip_carries(name, next(iter_records([str(path)])))


def assert_round_trip_carries(name: str, original: Record) -> Record:
    """Export, read back with the format's own reader, and compare every field the table says is carried."""
    from nenbib.records import to_record

    fmt = FORMATS[name]
    result = fmt.load().read(nenbib.export(original, name), f"<{name}>")
    assert len(result.records) == 1
    back = to_record(result.records[0], f"<{name}>")
    want, got = facts(original), facts(back)
    for field, status in fmt.load().FIDELITY.items():
        if status == "carried":
            assert got[field] == want[field], f"{name} loses {field}"
    return back


# Article numbers of each shape: digits, shaped like a page range, with a letter in front.
ARTICLE_NUMBERS = ["1234", "12-19", "e1003", "S12"]


def with_article_number(r: Record, number: str) -> Record:
    return dataclasses.replace(r, pages=Pages(article_number=number))


@pytest.mark.parametrize("name", READABLE)
def test_article_numbers_are_carried_exactly_where_the_table_says(name, record):
    """'carried' only where every shape of article number reads back as one; where the table says
    lossy, some shape does not (NBIB's PG and CSL's page read '1234' and '12-19' as pages)."""
    # BibLaTeX's eid is lossy for Zotero alone, which ignores it (biblatex.ZOTERO); nenbib reads it back.
    carried = FORMATS[name].load().FIDELITY["pages.article_number"] == "carried" or name == "biblatex"
    kept = []
    for number in ARTICLE_NUMBERS:
        original = with_article_number(record, number)
        if carried:
            back = assert_round_trip_carries(name, original)
        else:
            from nenbib.records import to_record

            result = FORMATS[name].load().read(nenbib.export(original, name), f"<{name}>")
            back = to_record(result.records[0], f"<{name}>")
        kept.append(facts(back)["pages.article_number"] == number)
    assert all(kept) == carried, dict(zip(ARTICLE_NUMBERS, kept, strict=True))


def test_write_only_formats_hold_an_article_number_only_where_readers_see_pages(record):
    from lxml import html as lxml_html

    r = with_article_number(record, "e1003")
    article = json.loads(nenbib.export(r, "jsonld"))
    assert article["pagination"] == "e1003" and "pageStart" not in article
    page = lxml_html.fromstring(nenbib.export(r, "html"))
    assert page.xpath("//meta[@name='citation_firstpage']/@content") == ["e1003"]
    assert not page.xpath("//meta[@name='citation_lastpage']")
    for name in ("jsonld", "html"):
        assert FORMATS[name].load().FIDELITY["pages.article_number"].startswith("lossy: ")


@pytest.mark.parametrize("name", ["nbib", "csl-json"])
def test_note_names_an_article_number_as_carried_with_loss(name, record_dict, tmp_path, capsys):
    record_dict["pages"] = {"article_number": "1234"}
    path = tmp_path / "an.json"
    path.write_text(json.dumps(record_dict), encoding="utf-8")
    code, out, err = run_cli(capsys, "export", "-f", name, path)
    assert code == 0 and "1234" in out
    [note] = err.splitlines()
    assert note.startswith(f"nenbib: {name} ") and "carries with loss " in note
    assert "pages.article_number" in note.partition("carries with loss ")[2]
    code, _, err = run_cli(capsys, "export", "-f", name, "--report", path)
    assert f"nenbib: {name}: pages.article_number: lossy: " in err and f"nenbib: {name}: pages: " not in err


@pytest.mark.parametrize("name", ["nbib", "csl-json"])
def test_shipped_record_note_has_no_article_number(name, capsys):
    stamped = json.loads((RECORD_PATH.with_suffix(".stamp")).read_text(encoding="utf-8"))
    code, _, err = run_cli(capsys, "export", "-f", name, RECORD_PATH)
    assert code == 0 and err == stamped["notes"][name] + "\n"
    assert "pages" not in err.replace("pages.count", "")


def test_api_export_of_an_unknown_format_is_a_usage_error(record):
    with pytest.raises(UsageError, match="^unknown format 'nope'; one of bibtex, "):
        nenbib.export(record, "nope")


def test_api_export_takes_a_format_name_in_any_case(record):
    # The CLI takes `-f BibTeX`; the API raised 'unknown format' for the same name.
    assert nenbib.export(record, "BibTeX") == nenbib.export(record, "bibtex")
    assert nenbib.export(record, "CSL-JSON") == nenbib.export(record, "csl-json")


def test_suffixes_select_formats():
    assert by_suffix("x.bib") is FORMATS["bibtex"]
    assert by_suffix("x.biblatex.bib") is FORMATS["biblatex"]
    assert by_suffix("X.RIS") is FORMATS["ris"]
    assert by_suffix("x.csl.json") is FORMATS["csl-json"]
    assert by_suffix("x.json") is FORMATS["csl-json"]
    assert by_suffix("x.docx") is None


@pytest.mark.parametrize("name", READABLE)
def test_an_abbreviation_that_is_the_title_itself_is_carried(name, record):
    # NLM and ISO 4 abbreviate one-word titles as the title itself ('Nature', 'Cell', 'Blood'): the
    # RIS reader dropped a J2 equal to T2 without a word, where the table says the abbreviation is carried.
    journal = dataclasses.replace(record.journal, title="Nature", abbreviation_nlm="Nature", abbreviation_iso="Nature")
    assert_round_trip_carries(name, dataclasses.replace(record, journal=journal))


@pytest.mark.parametrize("name", READABLE)
@pytest.mark.parametrize("pages", [Pages(first=5, last=5, count=1), Pages(first=5)], ids=["first-is-last", "first-only"])
def test_a_one_page_article_reads_back_as_the_record_gives_it(name, record, pages):
    # A range whose last page is its first was written '5' in CSL-JSON, NBIB and EndNote XML and read
    # back as a first page with no last page (found by test_round_trip_property); first alone stays alone.
    back = assert_round_trip_carries(name, dataclasses.replace(record, pages=pages))
    assert (back.pages.first, back.pages.last) == (pages.first, pages.last)


# A tab in a title, journal, keyword or abstract (text pasted from a PDF into EndNote; Zotero reads it as a
# space): every reader but BibTeX's kept it, and the schema's no-control-characters rule failed the whole file.
TABBED = {
    "ris": "TY  - JOUR\nTI  - A\ttitle\nAU  - Doe, Jane\nT2  - The\tJournal\nKW  - key\tword\nPY  - 2020\n"
    "AB  - An\tabstract\nER  - \n",
    "nbib": "PMID- 12345678\nTI  - A\ttitle\nFAU - Doe, Jane\nJT  - The\tJournal\nOT  - key\tword\nDP  - 2020\n"
    "AB  - An\tabstract\n",
    "endnote-xml": '<?xml version="1.0" encoding="UTF-8"?>\n<xml><records><record><ref-type name="Journal Article">17'
    "</ref-type><contributors><authors><author>Doe, Jane</author></authors></contributors><titles><title>A\ttitle"
    "</title><secondary-title>The\tJournal</secondary-title></titles><keywords><keyword>key\tword</keyword></keywords>"
    "<dates><year>2020</year></dates><abstract>An\tabstract</abstract></record></records></xml>\n",
    "csl-json": json.dumps(
        [
            {
                "id": "k",
                "type": "article-journal",
                "title": "A\ttitle",
                "author": [{"family": "Doe", "given": "Jane"}],
                "container-title": "The\tJournal",
                "keyword": "key\tword",
                "issued": {"date-parts": [[2020]]},
                "abstract": "An\tabstract",
            }
        ]
    ),
    "bibtex": "@article{k, title = {A\ttitle}, author = {Doe, Jane}, journal = {The\tJournal}, keywords = {key\tword},"
    " year = 2020, abstract = {An\tabstract}}\n",
}


@pytest.mark.parametrize("name", sorted(TABBED))
def test_a_tab_in_a_value_reads_as_a_space(name):
    result = FORMATS[name].load().read(TABBED[name], "in")
    [d] = result.records
    got = (d["title"], d["journal"]["title"], d["keywords"], d["abstract"])
    assert got == ("A title", "The Journal", ["key word"], "An abstract"), result.warnings
    to_record(d, "in")  # valid: a tab failed the schema's no-control-characters rule
