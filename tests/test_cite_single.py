"""cite.entry_formatter(single=True), the landing page of one record (issue 8): the style loaded once for
every format and without _memoize gives the entries of the path for many records, format by format."""

from __future__ import annotations

import pytest
from test_cite import HARD, REQUIRED_STYLES
from test_jsonld_stream import synthetic

from nenbib import cite
from nenbib.model import Date, Journal, Person, Record
from nenbib.records import iter_records

from conftest import RECORD_PATH

# The styles every installation must have (APA: the landing page's), and one more (MLA).
STYLES = [*REQUIRED_STYLES, "modern-language-association"]


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return [*iter_records([str(RECORD_PATH), str(HARD)]), *synthetic(30)]


@pytest.mark.parametrize("fmts", [("html", "text"), ("text", "html", "markdown"), ("markdown",)])
def test_the_page_style_gives_the_entries_of_many(records, fmts):
    single = cite.entry_formatter("apa", fmts, single=True)
    many = cite.entry_formatter("apa", fmts)
    assert len(records) > 30
    for r in records:
        assert single(r) == many(r), r.id


@pytest.mark.parametrize("style", STYLES)
def test_other_styles_give_the_entries_of_many(records, style):
    fmts = ("html", "text", "markdown")
    single = cite.entry_formatter(style, fmts, single=True)
    many = cite.entry_formatter(style, fmts)
    for r in records[:8]:
        assert single(r) == many(r), r.id


def test_a_locale_and_a_fresh_formatter_for_each_record(records):
    # As the page uses it: a new formatter, one record.
    for r in records[:4]:
        assert cite.entry_formatter("apa", ("html", "text"), "de-DE", single=True)(r) == tuple(
            cite.render([r], "apa", fmt, "de-DE").entries[0] for fmt in ("html", "text")
        )


def test_a_record_cite_refuses_has_no_entry():
    bad = Record(id="bad", title="Bad", authors=(Person("Doe"),), journal=Journal("J \ue000"), issued=Date(2020))
    assert cite.entry_formatter("apa", ("html", "text"), single=True)(bad) is None


def test_no_memoized_lookups_for_one_record(monkeypatch):
    calls = []
    monkeypatch.setattr(cite, "_memoize", lambda *a: calls.append(a) or [])
    cite.entry_formatter("apa", ("html", "text"), single=True)
    assert calls == []
    cite.entry_formatter("apa", ("html", "text"))
    assert len(calls) == 2
