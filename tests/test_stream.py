"""The streaming reader of top-level JSON arrays (files.iter_json) against the whole-file reader.

Whatever the read size, iter_json gives the same elements, and the same error with the same line
and column, as json.loads over the whole text; memory holds one element, not the file.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from nenbib import files
from nenbib.errors import InputError
from nenbib.records import iter_records, record_dicts

from conftest import RECORD_PATH

RECORD = RECORD_PATH.read_text(encoding="utf-8").strip()
ARRAY = "[\n" + ",\n".join([RECORD] * 3) + "\n]\n"
CASES = {
    "valid": ARRAY,
    "bom": "\ufeff" + ARRAY,
    "numbers": "[1, 2,3]",
    "empty": "[ ]",
    "truncated": ARRAY[: len(ARRAY) // 2],
    "truncated-number": "[1, 2, 3",
    "trailing-comma": ARRAY.replace("\n]", ",\n]"),
    "extra-data": ARRAY + "x",
    "missing-comma": ARRAY.replace("},\n{", "}\n{", 1),
    "nan": ARRAY.replace('"volume": "21"', '"volume": NaN', 1),
    "duplicate-key": ARRAY.replace('"volume": "21"', '"volume": "21", "volume": "2"', 2),
    "newline-in-string": '["a\nb"]',
    "lone-surrogate": ARRAY.replace('"Current Drug Targets"', '"\\ud800x"', 1),
    "deep": "[" * 200 + "1" + "]" * 200,
    "huge-number": "[" + "9" * 5000 + "]",
}


def outcome(read) -> tuple[str, object]:
    try:
        return "ok", [(pointer, item) for pointer, item in read()]
    except InputError as e:
        return "error", str(e)


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize("name", sorted(CASES))
def test_stream_equals_whole_file(tmp_path, monkeypatch, name, chunk):
    monkeypatch.setattr(files, "CHUNK_CHARS", chunk)
    path = tmp_path / f"{name}.json"
    path.write_text(CASES[name], encoding="utf-8")
    streamed = outcome(lambda: files.iter_json(path, "x"))
    whole = outcome(lambda: record_dicts(files.read_json(path, "x"), "x"))
    assert streamed == whole
    assert streamed[0] == ("ok" if name in ("valid", "bom", "numbers") else "error")
    # The text reader of the parallel export: the same elements and errors, cut out and parsed apart.
    through_text = outcome(lambda: ((p, files.parse_item(t, "x", i)) for p, t, i in files.iter_json_text(path, "x")))
    assert through_text == whole


@pytest.mark.parametrize("chunk", [5, 1 << 20])
def test_not_utf8_is_placed_like_the_whole_file_reader(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(files, "CHUNK_CHARS", chunk)
    path = tmp_path / "latin1.json"
    path.write_bytes(ARRAY.encode().replace(b"Oncology", b"Onc\xfclogy"))
    streamed = outcome(lambda: files.iter_json(path, "x"))
    assert streamed == outcome(lambda: files.read_json(path, "x"))
    assert "not UTF-8: byte 0xFC" in str(streamed[1]) and "line 27" in str(streamed[1])


def test_array_larger_than_the_file_limit_streams(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10_000)
    path = tmp_path / "many.json"
    data = json.loads(RECORD)
    path.write_text(json.dumps([{**data, "id": f"r{i}"} for i in range(40)], indent=2), encoding="utf-8")
    assert path.stat().st_size > 10 * files.MAX_FILE_BYTES
    assert [r.id for r in iter_records([str(path)])] == [f"r{i}" for i in range(40)]
    single = tmp_path / "one.json"
    single.write_text(json.dumps({**data, "abstract": "x" * 20_000}), encoding="utf-8")
    with pytest.raises(InputError, match="the limit is 0 MiB per file"):
        list(iter_records([str(single)]))


def test_one_element_over_the_limit_is_refused_in_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1 << 20)
    monkeypatch.setattr(files, "CHUNK_CHARS", 1 << 16)
    path = tmp_path / "giant.json"
    data = json.loads(RECORD)
    path.write_text(json.dumps([data, {**data, "abstract": "x" * (8 << 20)}]), encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"record 1 is larger than 1 MiB") as caught:
            list(files.iter_json(path, "giant.json"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.rule == "json-size" and caught.value.where == "line 1, column 3578"
    assert peak < 16 << 20, peak


def test_memory_does_not_grow_with_the_number_of_elements(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(files, "CHUNK_CHARS", 1 << 16)
    data = json.loads(RECORD)

    def peak_for(n: int) -> int:
        path = tmp_path / f"{n}.json"
        path.write_text(json.dumps([{**data, "id": f"r{i}"} for i in range(n)], indent=2), encoding="utf-8")
        tracemalloc.start()
        try:
            assert sum(1 for _ in files.iter_json(path)) == n
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak_for(300), peak_for(1500)
    # 5x the records (~4 MB more text): the peak is the read buffer plus one record either way.
    assert large < small + (1 << 20), (small, large)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 70 + "]" * 70,
        '{"a": ' * 70 + "1" + "}" * 70,
        '{"k": "\\ud800"}',
        '{"k": "\\uDFFF"}',
        '{"\\udbff": 1}',
    ],
    ids=["deep-arrays", "deep-objects", "escape", "escape-upper", "escape-in-key"],
)
def test_whole_text_reader_refuses_what_the_tree_check_refuses(text):
    """loads walks the tree only when the text could hold a refusal: these all can, and are refused."""
    with pytest.raises(InputError) as caught:
        files.loads(text, "x")
    assert caught.value.rule in ("json-depth", "json-surrogate")
    with pytest.raises(InputError):
        files._check_tree(json.loads(text), "x")


def test_a_surrogate_written_as_itself_is_not_utf8(tmp_path):
    """What loads need not look for: UTF-8 cannot hold a lone surrogate, so the decoder refuses it."""
    path = tmp_path / "cesu.json"
    path.write_bytes(b'{"k": "\xed\xa0\x80"}')
    with pytest.raises(InputError, match="not UTF-8: byte 0xED"):
        files.read_json(path)


@pytest.mark.parametrize("chunk", [7, 64])
@pytest.mark.parametrize("later", ["not-utf8", "too-large"])
@pytest.mark.parametrize("early", ['"a": 1, "a": 2', '"a": NaN'])
def test_text_reader_refuses_first_what_the_strict_reader_meets_first(tmp_path, monkeypatch, chunk, later, early):
    """A duplicate key or NaN early in a record, and a read error later in it (after more was read):
    both readers report the duplicate key or NaN, as the whole-file reader would not get that far."""
    monkeypatch.setattr(files, "CHUNK_CHARS", chunk)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 20_000)
    # Beyond the 4,096 bytes read first to tell an array from an object.
    tail = b"x" * 100_000 if later == "too-large" else b"x" * 5_000 + b"\xff"
    path = tmp_path / "c.json"
    path.write_bytes(b'[{"authors": [{' + early.encode() + b'}], "title": "' + tail + b'"}]')
    direct = outcome(lambda: files.iter_json(path, "x"))
    through_text = outcome(lambda: ((p, files.parse_item(t, "x", i)) for p, t, i in files.iter_json_text(path, "x")))
    assert direct == through_text
    assert direct[0] == "error" and ("duplicate key" in direct[1] or "NaN" in direct[1]), direct
