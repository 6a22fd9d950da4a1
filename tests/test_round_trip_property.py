"""Property test of the round trip through nenbib's own readers: many generated records are
exported in each format that has a reader, read back with that reader, and every field the
format's FIDELITY table says is "carried" must come back equal (nenbib.report.facts).

test_formats.py checks the same for the shipped record and the hand-made hard ones; this file
draws the records from test_fuzz.records (schema-valid hostile text) and benchmarks/synth.py
(realistic records: accented names, particles, suffixes, organisations, LaTeX-hostile titles,
multi-paragraph abstracts, article numbers). A field the table marks lossy or dropped may change,
but the reader must still give a record that passes validation (no crash, no invalid record).

Default run: a bounded number of examples (FAST, as in test_fuzz). `pytest -m slow` runs many more.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_bench import synth
from test_bibtex import nfc_values as _nfc
from test_fuzz import records

import nenbib
from nenbib import model
from nenbib.formats import FORMATS, _values
from nenbib.records import to_record
from nenbib.report import facts

READABLE = [n for n in sorted(FORMATS) if hasattr(FORMATS[n].load(), "read")]

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# No shrinking by default: a failure found in a bounded run is shrunk in minutes; `-m slow` shrinks.
FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=_QUIET, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
SLOW = settings(max_examples=1000, deadline=None, suppress_health_check=_QUIET)

# A realistic record from benchmarks/synth.py, drawn by its seed (hypothesis shrinks the seed).
SYNTH = st.integers(0, 2**32 - 1).map(lambda seed: synth.record(0, random.Random(seed)))
RECORDS = st.one_of(records(), SYNTH)


def read_back(name: str, text: str) -> list[model.Record]:
    """The records nenbib's own reader finds in text, validated as any record read in is."""
    label = f"<{name}>"
    result = FORMATS[name].load().read(text, label)
    return [to_record(d, label, f"/{i}") for i, d in enumerate(result.records)]


# What a format's table says of a lossy field that shows in a carried one too: an article number
# written as the page, whose digits or range ('12-19') read back as pages (CSL-JSON's page and NBIB's PG:
# their pages.article_number lines say so).
ARTICLE_NUMBER_AS_PAGE = {"csl-json", "nbib"}


def expected(name: str, original: model.Record) -> dict[str, Any]:
    """facts(original) as the format's table says they read back."""
    want = facts(original)
    number = want["pages.article_number"]
    if name in ARTICLE_NUMBER_AS_PAGE and number and (page := _values.pages(number, lambda _: None)) and "first" in page:
        want["pages"] = (page["first"], page.get("last"), None)
    if name in TRIMMED and want["abstract"]:
        # A BibTeX field's outer white space is no part of its value to any reader (BibTeX, biber,
        # bibtexparser trim it); an abstract holding some ('... }}\xa0 ', the slow run's) reads back without.
        want["abstract"] = want["abstract"].strip(_values.SPACE)
    if name in COMPOSED:
        want = {k: _nfc(v) for k, v in want.items()}
    return want


# The BibTeX export writes text in NFC (generated text may hold 'e' + U+0301 or U+212B): it reads back composed,
# canonically equivalent to what was written.
COMPOSED = {"bibtex"}


TRIMMED = {"bibtex", "biblatex"}


def assert_carried(name: str, original: model.Record, back: model.Record) -> None:
    """Every field the format's table marks carried has the same value read back."""
    want, got = expected(name, original), facts(back)
    for field, status in FORMATS[name].load().FIDELITY.items():
        if status == "carried":
            assert got[field] == want[field], f"{name} changes {field} (marked carried): {want[field]!r} -> {got[field]!r}"


def check_one(name: str, data: dict[str, Any]) -> None:
    assert nenbib.validate_record(data) == [], data
    original = model.from_dict(data)
    [back] = read_back(name, nenbib.export(original, name))
    assert_carried(name, original, back)


def check_collection(name: str, items: list[dict[str, Any]]) -> None:
    originals = [model.from_dict(d) for d in items]
    back = read_back(name, nenbib.export(originals, name))
    assert len(back) == len(originals)
    # Formats that drop or rewrite the key still keep the records in order: titles say which is which.
    key = "id" if FORMATS[name].load().FIDELITY["id"] == "carried" else "title"
    assert [facts(b)[key] for b in back] == [facts(r)[key] for r in originals]
    for original, b in zip(originals, back, strict=True):
        assert_carried(name, original, b)


COLLECTIONS = st.lists(RECORDS, min_size=2, max_size=5, unique_by=lambda d: str(d["id"]).casefold())


@pytest.mark.parametrize("name", READABLE)
def test_carried_fields_survive_our_own_reader(name):
    @FAST
    @given(RECORDS)
    def check(data: dict[str, Any]) -> None:
        check_one(name, data)

    check()


@pytest.mark.parametrize("name", READABLE)
def test_a_collection_reads_back_in_order(name):
    @settings(FAST, max_examples=8)
    @given(COLLECTIONS)
    def check(items: list[dict[str, Any]]) -> None:
        check_collection(name, items)

    check()


@pytest.mark.parametrize("name", READABLE)
def test_synthetic_collection_round_trips(name):
    # Fixed seeds: the realistic records every run sees, whatever hypothesis draws.
    check_collection(name, list(synth.records(40, seed=54)))


@pytest.mark.slow
@pytest.mark.parametrize("name", READABLE)
def test_carried_fields_survive_our_own_reader_many(name):
    @SLOW
    @given(RECORDS)
    def check(data: dict[str, Any]) -> None:
        check_one(name, data)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("name", READABLE)
def test_a_collection_reads_back_in_order_many(name):
    @settings(SLOW, max_examples=200)
    @given(COLLECTIONS)
    def check(items: list[dict[str, Any]]) -> None:
        check_collection(name, items)

    check()
