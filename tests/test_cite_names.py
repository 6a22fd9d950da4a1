"""Initials in `nenbib cite` and on the HTML page: CSL 1.0.2 initialize-with adds the mark after each
initial, and a given-name word that gives no initial is printed as it is (citeproc-py added the mark
after it anyway: "山田, . 太郎 ." in APA)."""

from __future__ import annotations

import lxml.html
import pytest

from nenbib import cite
from nenbib.model import Date, Journal, Person, Record

from conftest import run_cli as run


def record(family: str, given: str, *more: Person) -> Record:
    return Record(id="n", title="A title", authors=(Person(family, given), *more), journal=Journal("J Tests"), issued=Date(2020))


# APA 7 (initialize-with=". "), the default style, as pandoc's citeproc prints it: 山田太郎 (CSL 1.0.2
# "Name-part Order": family then given, no separator, no initials, for such scripts; nenbib.cite hands
# citeproc-py such a name whole), the given name in full and without stray marks where it gives no initial.
APA = [
    ("山田", "太郎", "山田太郎. (2020). A title. J Tests."),
    ("Wang", "小明", "Wang, 小明. (2020). A title. J Tests."),
    ("Hooks", "bell", "Hooks, bell. (2020). A title. J Tests."),
    ("La Fontaine", "Jean de", "La Fontaine, J. de. (2020). A title. J Tests."),
    # Scripts without letter case that citeproc-js initializes as Latin (Hebrew, Arabic, Thai): a word
    # of them is an initial, not a lower-case particle kept whole ('עברי, שם.' before; citeproc-js's entries).
    ("עברי", "שם", "עברי, ש. (2020). A title. J Tests."),
    ("الرشيد", "عبد الرحمن", "الرشيد, ع. ا. (2020). A title. J Tests."),
    ("ใจดี", "สมชาย", "ใจดี, ส. (2020). A title. J Tests."),
    ("Kim", "민준", "Kim, 민준. (2020). A title. J Tests."),
    # Unchanged: names that give initials only.
    ("Ohmoto", "Akihiro", "Ohmoto, A. (2020). A title. J Tests."),
    ("Doe", "John Ronald", "Doe, J. R. (2020). A title. J Tests."),
    ("Sartre", "Jean-Paul", "Sartre, J.-P. (2020). A title. J Tests."),
]


@pytest.mark.parametrize(("family", "given", "expected"), APA)
def test_apa_initials(family, given, expected):
    assert cite.render([record(family, given)], "apa").entries == [expected]


def test_other_marks_and_orders():
    # IEEE: initials before the family name; Vancouver: initialize-with="" (no mark, no space).
    assert cite.render([record("La Fontaine", "Jean de")], "ieee").entries[0].startswith("[1] J. de La Fontaine, “A title,”")
    assert cite.render([record("Wang", "小明")], "ieee").entries[0].startswith("[1] 小明 Wang, “A title,”")
    assert cite.render([record("La Fontaine", "Jean de")], "vancouver").entries[0].startswith("1. La Fontaine J de. A title.")
    assert cite.render([record("Hooks", "bell")], "vancouver").entries[0].startswith("1. Hooks bell. A title.")
    two = record("Wang", "小明", Person("Doe", "John Ronald"))
    assert cite.render([two], "apa").entries == ["Wang, 小明, & Doe, J. R. (2020). A title. J Tests."]


def test_the_html_page_has_the_same_names(capsys, tmp_path):
    path = tmp_path / "yamada.json"
    path.write_text(
        '{"id": "yamada", "type": "article-journal", "title": "A title", "authors": [{"family": "山田", "given": "太郎"}],'
        ' "journal": {"title": "J Tests"}, "issued": {"year": 2020}}',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "export", "-f", "html", path)
    assert code == 0, err
    page = lxml.html.document_fromstring(out)
    entries = [" ".join(e.text_content().split()) for e in page.find_class("csl-entry")]
    assert entries == ["山田太郎. (2020). A title. J Tests."]
    assert ". 太郎 ." not in out
