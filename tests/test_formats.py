"""Checks every registered format must pass; a new format is covered by adding its registry line."""

from __future__ import annotations

from pathlib import Path

import pytest

import nenbib
from nenbib.errors import UsageError
from nenbib.formats import FIELDS, FORMATS, by_suffix
from nenbib.records import iter_records
from nenbib.report import facts

from conftest import GOLDEN, RECORD_PATH

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
    from nenbib.records import to_record

    fmt = FORMATS[name]
    original = next(iter_records([str(path)]))
    result = fmt.load().read(nenbib.export(original, name), f"<{name}>")
    assert len(result.records) == 1
    back = to_record(result.records[0], f"<{name}>")
    want, got = facts(original), facts(back)
    for field, status in fmt.load().FIDELITY.items():
        if status == "carried":
            assert got[field] == want[field], f"{name} loses {field}"


def test_api_export_of_an_unknown_format_is_a_usage_error(record):
    with pytest.raises(UsageError, match="^unknown format 'nope'; one of bibtex, "):
        nenbib.export(record, "nope")


def test_suffixes_select_formats():
    assert by_suffix("x.bib") is FORMATS["bibtex"]
    assert by_suffix("x.biblatex.bib") is FORMATS["biblatex"]
    assert by_suffix("X.RIS") is FORMATS["ris"]
    assert by_suffix("x.csl.json") is FORMATS["csl-json"]
    assert by_suffix("x.json") is FORMATS["csl-json"]
    assert by_suffix("x.docx") is None
