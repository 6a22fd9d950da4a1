"""BibLaTeX: the writer judged by pybtex and bibtexparser v2 fact by fact, and read back by our reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from test_bibtex import (
    HARD,
    HYPOTHESIS,
    assert_carried,
    assert_judges_agree,
    hostile_record,
    load,
    records,
    round_trip,
)

import nenbib
from nenbib.formats import FORMATS
from nenbib.formats.biblatex import langid
from nenbib.records import to_record

from conftest import RECORD_PATH

FIELD_ORDER = ["author", "title", "journaltitle", "shortjournal", "date", "volume", "number", "pages", "doi", "issn"]
FIELD_ORDER += ["keywords", "abstract", "langid"]


def test_shipped_entry_has_the_biblatex_fields_and_nothing_biber_would_warn_about(record):
    text = nenbib.export(record, "biblatex")
    assert text.startswith("@article{ohmoto2020genomic,\n")
    assert re.findall(r"^  (\w+) = ", text, re.MULTILINE) == FIELD_ORDER
    assert "  journaltitle = {Current Drug Targets},\n" in text
    assert "  shortjournal = {Curr. Drug Targets},\n" in text  # ISO 4, with periods
    assert "  date = {2020},\n" in text
    assert "  langid = {english}\n" in text
    for absent in ("publisher", "affiliation", "pagetotal", "journal", "year"):
        assert f"  {absent} = " not in text


def test_shipped_record_judged_by_pybtex_and_bibtexparser(record):
    assert_judges_agree(nenbib.export(record, "biblatex"), [record], "biblatex")


@pytest.mark.parametrize("path", HARD, ids=lambda p: p.stem)
def test_hard_records_judged_by_pybtex_and_bibtexparser(path):
    r = load(path)
    text = nenbib.export(r, "biblatex")
    assert_judges_agree(text, [r], "biblatex")


def test_article_number_with_a_double_hyphen_stays_two_hyphens(record_dict):
    # Found by hypothesis: "0--" in eid would typeset as "0" + en dash; escaped, both judges and
    # our reader read the two hyphens back.
    r = to_record(dict(record_dict, pages={"article_number": "0--"}), "<biblatex>")
    text = nenbib.export(r, "biblatex")
    assert "  eid = {0-{}-},\n" in text
    assert_judges_agree(text, [r], "biblatex")
    assert round_trip(r, "biblatex")[0].pages.article_number == "0--"


def test_dates_and_article_numbers(record_dict):
    d = dict(record_dict, issued={"year": 2020, "month": 4, "day": 3}, pages={"article_number": "e1003", "count": 8})
    d["identifiers"] = {"doi": "10.1000/x", "pmid": "31234567"}
    r = to_record(d, "<biblatex>")
    text = nenbib.export(r, "biblatex")
    assert "  date = {2020-04-03},\n" in text
    assert "  eid = {e1003},\n" in text and "pages =" not in text
    assert "  eprint = {31234567},\n  eprinttype = {pubmed},\n" in text
    back, warnings = round_trip(r, "biblatex")
    assert warnings == []
    assert (back.issued, back.pages, back.identifiers.pmid) == (r.issued, type(r.pages)(article_number="e1003"), "31234567")


@pytest.mark.parametrize(
    "tag, name", [("en", "english"), ("en-US", "american"), ("en-GB", "british"), ("de", "ngerman"), ("de-DE", "ngerman")]
)
def test_langid_maps_bcp47_to_babel_names(tag, name):
    assert langid(tag) == name


def test_unknown_language_is_left_out(record_dict):
    r = to_record(dict(record_dict, language="xx"), "<biblatex>")
    assert langid("xx") is None
    assert "langid" not in nenbib.export(r, "biblatex")
    assert FORMATS["biblatex"].load().FIDELITY["language"].startswith("lossy: ")


@pytest.mark.parametrize("path", [RECORD_PATH, *HARD], ids=lambda p: p.stem)
def test_round_trip_keeps_every_carried_field(path):
    r = load(path)
    back, warnings = round_trip(r, "biblatex")
    assert warnings == []
    assert_carried(r, back, "biblatex")
    assert back.language == r.language  # the languages of these records all have a biblatex module


def test_ascii_output_is_pure_ascii_and_decodes_to_the_same_text(record):
    specials = load(HARD[1])
    text = nenbib.export([record, specials], "biblatex", ascii=True)
    assert text.isascii()
    assert_judges_agree(text, [record, specials], "biblatex", ascii=True)


def test_reads_biblatex_dates_and_babel_languages():
    text = (
        "@article{k, author = {A, B}, title = {T}, journaltitle = {J}, shortjournal = {J.},\n"
        "  date = {2019-12}, langid = {british}, eprint = {123}, eprinttype = {pubmed}}\n"
    )
    result = FORMATS["biblatex"].load().read(text, "b.bib")
    assert result.warnings == []
    rec = result.records[0]
    assert rec["issued"] == {"year": 2019, "month": 12}
    assert rec["language"] == "en-GB"
    assert rec["journal"] == {"title": "J", "abbreviation_iso": "J."}
    assert rec["identifiers"] == {"pmid": "123"}


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ("year = {2020}, month = {apr}, date = {2020-04-15}", []),
        (
            "year = 2020, month = apr, date = {2019-04-15}",
            ["b.bib: line 1: year: year '2020' differs from the date's year 2019; the date is kept"],
        ),
        ("date = {2020}, month = {may}", ["b.bib: line 1: month: month 'may' is not the date's month; the date is kept"]),
        # A day beside the date was left out without a word (as a day without a month is noted).
        ("date = {2020-03}, day = {5}", ["b.bib: line 1: day: day '5' is not the date's day; the date is kept"]),
        ("date = {2020-03-05}, day = {05}", []),
    ],
    ids=["agree", "other-year", "month-beyond-the-date", "day-beyond-the-date", "day-agrees"],
)
def test_a_year_month_or_day_beside_the_date_that_says_otherwise_is_noted(fields, says):
    """The date wins; the year, month or day it overrules was left out without a word."""
    text = "@article{k, author = {A, B}, title = {T}, journaltitle = {J}, " + fields + "}\n"
    result = FORMATS["biblatex"].load().read(text, "b.bib")
    assert result.warnings == says
    assert result.records[0]["issued"]["year"] == (2019 if "2019" in fields else 2020)


KEPT = "which a record's date cannot hold; the year alone is kept"


@pytest.mark.parametrize(
    ("date", "says"),
    [
        # EDTF's divisions of a year (biblatex's manual, 2.3.8; biber 2.18 reads 21-41 as its yeardivision):
        # '2020-21' was noted as 'month 21 is no month (1-12)'.
        ("2020-21", f"month 21 is the season spring, {KEPT}"),
        ("2020-24", f"month 24 is the season winter, {KEPT}"),
        ("2020-25", f"month 25 is spring in the northern hemisphere, {KEPT}"),
        ("2020-33", f"month 33 is the year's first quarter, {KEPT}"),
        ("2020-41", f"month 41 is the year's second half (a semester), {KEPT}"),
        # One note for a range starting with a season: 'its start is kept' was followed by the year alone.
        ("2020-21/2020-22", f"date range '2020-21/2020-22': its start's month 21 is the season spring, {KEPT}"),
        # No division: biber refuses '2020-13' and '2020-42' whole; a season has no day.
        ("2020-13", "month 13 is no month (1-12); the year alone is kept"),
        ("2020-42", "month 42 is no month (1-12); the year alone is kept"),
        ("2020-21-05", "month 21 is no month (1-12); the year alone is kept"),
    ],
)
def test_a_season_in_the_date_keeps_the_year_and_is_called_so(date, says):
    text = "@article{k, author = {A, B}, title = {T}, journaltitle = {J}, date = {" + date + "}}\n"
    result = FORMATS["biblatex"].load().read(text, "b.bib")
    assert result.records[0]["issued"] == {"year": 2020}
    assert result.warnings == [f"b.bib: line 1: date: {says}"]


@HYPOTHESIS
@given(records())
def test_hostile_records_parse_back_identically_with_both_judges_and_our_reader(d):
    r = hostile_record(d)
    text = nenbib.export(r, "biblatex")
    assert_judges_agree(text, [r], "biblatex")
    back, _ = round_trip(r, "biblatex")
    assert_carried(r, back, "biblatex")


DATA = Path(__file__).parent / "data" / "bibtex"


def test_zotero_eprinttype_pmid_is_the_pmid():
    # Zotero and Better BibLaTeX write the PMID as eprinttype = {pmid}; biblatex's own name is pubmed.
    result = FORMATS["biblatex"].load().read((DATA / "zotero-biblatex-pmid.bib").read_text(), "z.bib")
    [rec] = result.records
    assert rec["identifiers"] == {"doi": "10.1136/bmj.j5787", "pmid": "29284666"}
    assert not [w for w in result.warnings if "eprint" in w]
    assert rec["pages"] == {"article_number": "j5787"} and rec["issued"] == {"year": 2017, "month": 12, "day": 28}
    assert rec["publisher"] == "British Medical Journal Publishing Group" and rec["language"] == "en"


def test_zotero_and_better_bibtex_text_symbols_are_decoded():
    # Better BibTeX writes < and > as {$<$} {$>$}; Zotero writes µ as {\textmu}, … as {\textellipsis}.
    result = FORMATS["biblatex"].load().read((DATA / "zotero-biblatex-pmid.bib").read_text(), "z.bib")
    [rec] = result.records
    assert rec["abstract"] == "<p>Spencer Hey, and colleagues argue\u2026 5 \u00b5g at 37\u00b0C"
    assert not [w for w in result.warnings if "abstract" in w]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_a_minus_in_text_math_is_the_minus_sign(fmt):
    # '$-1$' prints as −1 (U+2212); it was read as '-1' with a hyphen-minus, another character.
    title = "title = {Charge $-1$ and $x-y$ but not pre-print}"
    text = f"@article{{a,\n  author = {{A, B}},\n  {title},\n  journal = {{J}},\n  year = 2020\n}}\n"
    result = FORMATS[fmt].load().read(text, "in.bib")
    assert result.records[0]["title"] == "Charge \u22121 and $x-y$ but not pre-print"


def test_a_journal_beside_an_empty_journaltitle_is_read_once():
    # Its note came twice: the journal was decoded once as the title, once to compare with it.
    text = "@article{k, author = {A, B}, title = {T}, journaltitle = {}, journal = {J \\foo{x}}, date = {2020}}\n"
    result = FORMATS["biblatex"].load().read(text, "b.bib")
    assert result.records[0]["journal"] == {"title": "J \\foo{x}"}
    assert result.warnings == ["b.bib: line 1: journal: LaTeX '\\\\foo{x}' kept as text"]


def test_medium_and_thick_spaces_and_dots_read_as_text_in_every_field():
    # \: and \; (kerns, no line break) and \dots were kept as LaTeX with a note, in the journal and abstract too.
    text = (
        "@article{k, author = {A, B}, title = {10\\:mg\\dots}, journaltitle = {J\\;Chem}, date = {2020},\n"
        "  abstract = {p\\;<\\;0.05\\quad and\\qquad so\\dots}}\n"
    )
    result = FORMATS["biblatex"].load().read(text, "b.bib")
    [rec] = result.records
    assert (rec["title"], rec["journal"]["title"]) == ("10\u202fmg\u2026", "J\u202fChem")
    assert rec["abstract"] == "p\u202f<\u202f0.05\u2003and\u2003\u2003so\u2026"
    assert result.warnings == []
