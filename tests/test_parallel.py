"""Export of a collection by worker processes (nenbib.parallel) against the one-process export.

Whatever goes wrong and wherever, `--jobs 2` writes the same bytes to stdout, the same lines to
stderr and exits with the same code as `--jobs 1`; an output file is written whole or not at all.
The batch size is made small here so that a few hundred records span several batches and workers.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from test_jsonld_stream import synth

from nenbib import files, parallel
from nenbib.errors import InputError, NenbibError, OutputError, UsageError, ValidationError
from nenbib.formats import FORMATS
from nenbib.validate import Problem

from conftest import run_cli

N = 130
BATCH = 20
BATCHED = [name for name, f in FORMATS.items() if hasattr(f.load(), "entry")]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return list(synth().records(N, seed=11))


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small batches; the list gets one entry each time workers are started."""
    monkeypatch.setattr(parallel, "BATCH", BATCH)
    started: list[int] = []
    real = parallel._parallel

    def watched(*args: Any) -> Any:
        started.append(1)
        return real(*args)

    monkeypatch.setattr(parallel, "_parallel", watched)
    return started


def array(path: Path, items: list[Any]) -> Path:
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def both(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    return run_cli(capsys, "export", "--jobs", "1", *args), run_cli(capsys, "export", "--jobs", "2", *args)


def test_batched_formats_are_the_streaming_writers():
    assert set(BATCHED) == {"bibtex", "biblatex", "ris", "csl-json", "nbib", "endnote-xml"}


@pytest.mark.parametrize("name", BATCHED)
def test_same_bytes_and_note_as_one_process(tmp_path, capsys, spy, records, name):
    path = array(tmp_path / "c.json", records)
    one, many = both(capsys, "--format", name, "--report", path)
    assert spy == [1]  # workers ran, once
    assert one[0] == 0 and one == many
    assert len(one[1]) > N * 300  # every record is there (the exact count is judged per format elsewhere)


def test_folder_of_record_files(tmp_path, capsys, spy, records):
    folder = tmp_path / "refs"
    folder.mkdir()
    for i, data in enumerate(records):
        (folder / f"r{i:04d}.json").write_text(json.dumps(data), encoding="utf-8")
    one, many = both(capsys, "--format", "ris", folder)
    assert spy == [1]
    assert one[0] == 0 and one == many


def test_small_collection_starts_no_worker(tmp_path, capsys, spy, records):
    path = array(tmp_path / "c.json", records[: BATCH - 1])
    one, many = both(capsys, "--format", "csl-json", path)
    assert spy == [] and one == many and one[0] == 0


def test_jsonld_and_html_stay_in_one_process(tmp_path, capsys, spy, records):
    path = array(tmp_path / "c.json", records[:40])
    assert both(capsys, "--format", "jsonld", path)[1][0] == 0
    assert spy == []


def broken(records: list[dict[str, Any]], at: int, how: str) -> str:
    """The collection as JSON text, record `at` broken in one way."""
    items = [json.dumps(r, ensure_ascii=False) for r in records]
    one = items[at]
    if how == "schema":
        items[at] = json.dumps({**records[at], "volume": 21}, ensure_ascii=False)
    elif how == "semantic":
        items[at] = json.dumps({**records[at], "issued": {"year": 2020, "month": 2, "day": 30}}, ensure_ascii=False)
    elif how == "duplicate-key":
        items[at] = one.replace('"title": ', '"title": "x", "title": ', 1)
    elif how == "nan":
        items[at] = one.replace('"title": ', '"x": NaN, "title": ', 1)
    elif how == "surrogate":
        items[at] = one.replace('"title": "', '"title": "\\udc00', 1)
    elif how == "deep":
        items[at] = one.replace('"title": ', '"x": ' + "[" * 70 + "]" * 70 + ', "title": ', 1)
    elif how == "syntax":
        items[at] = one.replace('", "', '" "', 1)
    elif how == "duplicate-then-syntax":  # the strict reader stops at the date's duplicate key first
        items[at] = one.replace('"year": ', '"year": 1, "year": ', 1)[:-1] + ", ]}"
    elif how == "huge-number":
        items[at] = one.replace('"title": ', '"x": ' + "9" * 5000 + ', "title": ', 1)
    elif how == "truncated":
        return "[\n" + ",\n".join(items[:at]) + ",\n" + one[: len(one) // 2]
    return "[\n" + ",\n".join(items) + "\n]\n"


HOW = ["schema", "semantic", "duplicate-key", "nan", "surrogate", "deep", "syntax", "duplicate-then-syntax", "huge-number"]


@pytest.mark.parametrize("at", [0, 3, BATCH + 7, N - 1])
@pytest.mark.parametrize("how", [*HOW, "truncated"])
def test_bad_record_same_error_and_same_text_before_it(tmp_path, capsys, spy, records, how, at):
    path = tmp_path / "c.json"
    path.write_text(broken(records, at, how), encoding="utf-8")
    one, many = both(capsys, "--format", "csl-json", path)
    assert one[0] == 1 and one == many, how
    assert one[2].startswith(f"nenbib: error: {path}")
    assert one[1].count('"id": ') == at  # the records before it were written, no more
    # Workers start once a batch was read: at once for a record the workers refuse, not before a
    # syntax error the reader meets within the first batch.
    read_error = how in ("syntax", "duplicate-then-syntax", "huge-number", "truncated")
    assert spy == ([] if read_error and at < BATCH else [1])


@pytest.mark.parametrize("how", ["schema", "syntax"])
def test_output_file_untouched_on_error(tmp_path, capsys, spy, records, how):
    path = tmp_path / "c.json"
    path.write_text(broken(records, N - 5, how), encoding="utf-8")
    out = tmp_path / "out.ris"
    out.write_text("before\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "export", "--jobs", "2", "-o", out, path)
    assert code == 1 and err.startswith("nenbib: error:")
    assert out.read_text(encoding="utf-8") == "before\n"
    assert {p.name for p in tmp_path.iterdir()} == {"c.json", "out.ris"}  # no temporary file left
    assert spy == [1]
    assert run_cli(capsys, "export", "--jobs", "2", "-o", tmp_path / "good.ris", array(tmp_path / "g.json", records))[0] == 0
    assert (tmp_path / "good.ris").read_text(encoding="utf-8").count("ER  - ") == N


def test_writer_error_from_a_worker(tmp_path, capsys, spy, records):
    """--ascii meets a character with no LaTeX command (the synthetic keywords have other scripts)."""
    path = array(tmp_path / "c.json", records)
    one, many = both(capsys, "--format", "bibtex", "--ascii", path)
    assert one[0] == 1 and one == many
    assert "record " in one[2] and "[" not in one[2].split("error:", 1)[0]


def _dies(*args: Any) -> Any:
    os._exit(3)  # as a worker killed by the kernel's OOM killer would


def test_worker_killed_is_one_clear_error(tmp_path, capsys, spy, records, monkeypatch):
    monkeypatch.setattr(parallel, "_write_batch", _dies)
    out = tmp_path / "out.ris"
    code, stdout, err = run_cli(capsys, "export", "--jobs", "2", "-o", out, array(tmp_path / "c.json", records))
    assert (code, stdout) == (1, "")
    assert err == "nenbib: error: a worker process ended unexpectedly (killed, or out of memory?); try --jobs 1\n"
    assert not out.exists() and spy == [1]


def test_errors_cross_processes_intact():
    problems = [Problem("f.json", "/0/volume", "schema:type", "21 is not of type 'string'"), Problem("f.json", "/1", "r", "m")]
    for error in (
        ValidationError(problems),
        InputError("malformed JSON: x", "f.json", "line 3, column 4", "json-syntax"),
        OutputError("cannot write", "o.bib"),
        UsageError("no", "x"),
        NenbibError("plain"),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert (str(copy), copy.exit_code, copy.__dict__) == (str(error), error.exit_code, error.__dict__)


@pytest.mark.parametrize("how", HOW)
def test_text_reader_refuses_as_the_reader(tmp_path, records, how):
    """iter_json_text + parse_item give what iter_json gives, error for error."""
    path = tmp_path / "c.json"
    path.write_text(broken(records[:6], 4, how), encoding="utf-8")

    def outcome(read: Any) -> tuple[str, Any]:
        try:
            return "ok", list(read())
        except InputError as e:
            return "error", str(e)

    direct = outcome(lambda: files.iter_json(path, "c.json"))
    through_text = outcome(lambda: ((p, files.parse_item(t, "c.json", i)) for p, t, i in files.iter_json_text(path, "c.json")))
    assert direct == through_text
    assert direct[0] == ("ok" if how in ("schema", "semantic") else "error")
