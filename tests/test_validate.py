"""Validation: the shipped record passes; every broken record fails on its pointer and rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nenbib

from conftest import run_cli as run

DATA = Path(__file__).parent / "data"
EXPECTED = json.loads((DATA / "invalid_expected.json").read_text(encoding="utf-8"))


def test_shipped_record_is_valid(record_dict):
    assert nenbib.validate_record(record_dict) == []


def test_corpus_is_complete():
    files = sorted(p.name for p in (DATA / "invalid").glob("*.json"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_is_caught_with_pointer_and_rule(name):
    data = json.loads((DATA / "invalid" / name).read_text(encoding="utf-8"))
    problems = nenbib.validate_record(data)
    want = EXPECTED[name]
    assert (want["pointer"], want["rule"]) in [(p.pointer or "/", p.rule) for p in problems], problems


def test_cli_line_format_and_exit_code(capsys):
    path = DATA / "invalid" / "issn-check-digit.json"
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}: /journal/issn_print: ISSN 1389-4502 has a wrong check digit [issn-check-digit]" in err.splitlines()


def test_cli_valid_default_is_shipped(capsys):
    code, out, err = run(capsys, "validate")
    assert code == 0
    assert "1 record valid" in err


def test_cli_folder(capsys):
    code, out, err = run(capsys, "validate", str(DATA / "invalid"))
    assert code == 1
    *lines, summary = err.splitlines()
    assert len({line.split(":")[0] for line in lines}) == len(EXPECTED)
    # After the problems, what they add up to: a CI log of many lines ended without it.
    assert summary == f"nenbib: {len(lines)} problems in {len(EXPECTED)} files; {len(EXPECTED)} records checked"


def test_cli_one_problem_is_one_line(capsys):
    code, out, err = run(capsys, "validate", str(DATA / "invalid" / "pages-reversed.json"))
    path = DATA / "invalid" / "pages-reversed.json"
    assert (code, err) == (1, f"{path}: /pages: first page 405 is after last page 389 [page-order]\n")


def test_cli_json_report(capsys):
    code, out, err = run(capsys, "validate", "--format", "json", str(DATA / "invalid" / "pages-reversed.json"))
    report = json.loads(out)
    assert code == 1 and report["valid"] is False and report["records"] == 1
    assert report["problems"][0] == {
        "file": str(DATA / "invalid" / "pages-reversed.json"),
        "pointer": "/pages",
        "rule": "page-order",
        "message": "first page 405 is after last page 389",
    }


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b'{"id": "x",', "malformed JSON"),
        (b"", "file is empty"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
        (b'{"id": "caf\xe9"}', "not UTF-8"),
        (b'{"id": "a", "id": "b"}', "duplicate key 'id'"),
    ],
)
def test_cli_unreadable_files_one_line(tmp_path, capsys, content, needle):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert needle in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_cli_malformed_json_names_line_and_column(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "x",\n  "title": oops\n}\n', encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and "line 3, column 12" in err


def test_cli_missing_file_and_empty_folder(tmp_path, capsys):
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.json"))
    assert code == 1 and "no such file" in err
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 1 and "holds no record" in err


def test_cli_usage_error_exit_2(capsys):
    code, _, err = run(capsys, "validate", "--format", "yaml")
    assert code == 2 and "Invalid value" in err


def test_load_record_api_returns_typed_model():
    record = nenbib.load_record()
    assert record.id == "ohmoto2020genomic"
    with pytest.raises(nenbib.NenbibError):
        nenbib.load_record(DATA / "invalid" / "pages-reversed.json")


def test_a_defect_is_reported_once_not_once_per_character():
    # A string where the schema wants a list of field names: one schema problem, not one per letter.
    data = json.loads((DATA / "invalid" / "source-fields-string.json").read_text(encoding="utf-8"))
    assert [(p.pointer, p.rule) for p in nenbib.validate_record(data)] == [("/sources/0/fields", "schema:type")]


def test_a_lone_surrogate_in_a_record_dict_is_a_problem_not_a_crash(record_dict):
    # A CSL-JSON import's "\ud800" (or a dict built in Python) reached jsonschema-rs, which cannot
    # take such a string: UnicodeEncodeError, an internal error (exit 70).
    record_dict["title"] = "A \ud800 B"
    record_dict["authors"][1]["given"] = "x\udfff"
    problems = nenbib.validate_record(record_dict)
    assert [(p.pointer, p.rule) for p in problems] == [("/authors/1/given", "no-surrogates"), ("/title", "no-surrogates")]
    assert str(problems[1]) == "/title: holds a lone surrogate \\ud800, which is not a character [no-surrogates]"


def test_an_encoding_error_without_a_surrogate_is_never_a_record_passed_as_valid(record_dict, monkeypatch):
    # validate_record answered [] (valid, and no rule checked) for any UnicodeEncodeError of the
    # schema validator in which no lone surrogate was found.
    from nenbib import validate

    class Failing:
        def is_valid(self, data):
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "other cause")

    monkeypatch.setattr(validate, "_clean_validator", Failing)
    with pytest.raises(UnicodeEncodeError):
        nenbib.validate_record(record_dict)


def test_a_typo_in_a_field_name_names_the_field_meant(record_dict):
    """'titel' for 'title': the message said only that 'titel' was unexpected and 'title' missing."""
    record_dict["titel"] = record_dict.pop("title")
    record_dict["journal"]["isn_print"] = record_dict["journal"].pop("issn_print")
    record_dict["authors"][0]["familly"] = record_dict["authors"][0].pop("family")
    record_dict["authors"][1]["colour"] = "blue"  # like no field: no guess
    messages = {(p.pointer, p.rule): p.message for p in nenbib.validate_record(record_dict)}
    extra = "schema:additionalProperties"
    # Each at its key (a CI annotation on the key's line), not at the object that holds it.
    assert messages["/titel", extra].startswith("'titel' is not an allowed field here; did you mean 'title'? (allowed: ")
    assert "did you mean 'issn_print'?" in messages["/journal/isn_print", extra]
    assert "did you mean 'family'?" in messages["/authors/0/familly", extra]
    assert "did you mean" not in messages["/authors/1/colour", extra]


def test_several_typos_each_name_the_field_meant(record_dict):
    record_dict["abstrct"] = record_dict.pop("abstract")
    record_dict["publishr"] = record_dict.pop("publisher")
    record_dict["xyz"] = 1
    found = {p.pointer: p.message for p in nenbib.validate_record(record_dict) if p.rule == "schema:additionalProperties"}
    assert set(found) == {"/abstrct", "/publishr", "/xyz"}
    assert "did you mean 'abstract'?" in found["/abstrct"] and "did you mean 'publisher'?" in found["/publishr"]
    assert "did you mean" not in found["/xyz"]


def test_an_unexpected_key_is_annotated_on_its_own_line(tmp_path, capsys, record_dict):
    record_dict["jornal"] = record_dict.pop("journal")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record_dict, indent=2), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"jornal"' in text)
    code, out, _ = run(capsys, "validate", "--format", "github", path)
    [annotation] = [a for a in out.splitlines() if "additionalProperties" in a]
    assert code == 1 and f",line={line},col=3," in annotation and "did you mean 'journal'?" in annotation


# An endless array from a pipe (`[1,1,1,...`): every problem was kept until the input ended (890 MB in
# 20 s). They are given as they are found; the text lines go out as they come, the last line still adds
# them all up, and the JSON report lists the first MAX_LISTED_PROBLEMS.
STREAM = "import sys; import nenbib.files as f; f.CHUNK_CHARS = 4096; from nenbib.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_problems_of_a_stream_come_before_the_stream_ends(fmt):
    import subprocess
    import sys
    import threading

    stream = "stdout" if fmt == "github" else "stderr"
    proc = subprocess.Popen(
        [sys.executable, "-c", STREAM, "validate", "--format", fmt, "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines: list[bytes] = []
    first = threading.Event()
    ended = threading.Event()  # set before stdin is closed: a line seen after it came at the end
    before_end: list[bool] = []

    def drain(pipe) -> None:
        for line in pipe:
            if not lines:
                before_end.append(not ended.is_set())
                first.set()
            lines.append(line)

    readers = [threading.Thread(target=drain, args=(getattr(proc, stream),), daemon=True)]
    other = proc.stderr if stream == "stdout" else proc.stdout
    readers.append(threading.Thread(target=other.read, daemon=True))
    for r in readers:
        r.start()
    assert proc.stdin is not None
    proc.stdin.write(b"[")
    chunk, written = b"1," * 2048, 0
    # 256 times the reader's chunk: a process that prints as it reads has read (and printed) long before.
    while written < 256 and not first.is_set():
        proc.stdin.write(chunk)
        proc.stdin.flush()
        written += 1
    if not first.is_set():
        first.wait(10)  # only a scheduling margin: the process has read nearly all of it by now
    ended.set()
    proc.stdin.write(b"1]")
    proc.stdin.close()
    proc.wait()
    for r in readers:
        r.join()
    assert before_end == [True], "no problem was reported before the input ended"
    count = written * 2048 + 1
    assert proc.returncode == 1
    if fmt == "text":
        assert lines[0] == b"/dev/stdin: /0: a record is a JSON object, not a number [schema:type]\n"
        assert lines[-1] == f"nenbib: {count} problems in 1 file; {count} records checked\n".encode()
        assert len(lines) == count + 1
    else:
        assert len(lines) == count and lines[0].startswith(b"::error file=/dev/stdin")


def test_the_json_report_lists_the_first_problems_and_counts_the_rest(capsys, tmp_path, monkeypatch):
    from nenbib import cli

    path = tmp_path / "ones.json"
    path.write_text("[" + ",".join(["1"] * 7) + "]", encoding="utf-8")
    monkeypatch.setattr(cli, "MAX_LISTED_PROBLEMS", 3)
    code, out, _ = run(capsys, "validate", "--format", "json", path)
    report = json.loads(out)
    assert code == 1 and report["valid"] is False and report["records"] == 7
    assert [p["pointer"] for p in report["problems"]] == ["/0", "/1", "/2"]
    assert report["problems_not_listed"] == 4
    monkeypatch.setattr(cli, "MAX_LISTED_PROBLEMS", 7)
    code, out, _ = run(capsys, "validate", "--format", "json", path)
    assert len(json.loads(out)["problems"]) == 7 and "problems_not_listed" not in json.loads(out)


def test_check_gives_each_problem_as_it_reads(tmp_path, monkeypatch):
    # The library's side: a problem is given before the next record is read, nothing is kept.
    from nenbib import files, records

    read = []

    def endless(path, label=None):
        i = 0
        while True:
            read.append(i)
            yield f"/{i}", 1
            i += 1

    monkeypatch.setattr(files, "iter_json", endless)
    check = records.Check([str(tmp_path / "x.json")])
    problems = iter(check)
    for i in range(5):
        assert next(problems).pointer == f"/{i}" and len(read) == i + 1 and check.records == i + 1
