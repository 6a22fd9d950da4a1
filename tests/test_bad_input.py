"""Bad input: every broken file gives one clear line per problem, the documented exit code, no
traceback, and leaves an existing output file exactly as it was.

The committed corpus is tests/data/bad/ with its table CASES.json (file -> expected exit code, text,
rule, JSON pointers). Inputs too big to commit (50 MB, 10,000-deep) are generated into tmp_path and
run in a subprocess that reports its own time and peak memory.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nenbib import files

from conftest import RECORD_PATH
from conftest import run_cli as run

BAD = Path(__file__).parent / "data" / "bad"
CASES = json.loads((BAD / "CASES.json").read_text(encoding="utf-8"))
SENTINEL = b"existing output: must survive every failure byte for byte\n"


def existing_output(folder: Path, name: str = "out.csl.json") -> Path:
    out = folder / name
    out.write_bytes(SENTINEL)
    return out


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted atomic write would leave behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def assert_one_line_per_problem(err: str, label: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines, "no message at all"
    if re.fullmatch(rf"nenbib: {len(lines) - 1} problems in 1 file; \d+ records? checked", lines[-1]):
        lines.pop()  # validate's last line, which adds them up
    for line in lines:
        assert label in line, f"a line that does not name the file: {line!r}"
        assert len(line) < 600, f"an overlong line: {line[:200]!r}..."


# ---- the committed corpus -------------------------------------------------------------------


def test_corpus_and_table_agree():
    on_disk = sorted(p.name for p in BAD.glob("*.json") if p.name != "CASES.json")
    assert on_disk == sorted(CASES)
    assert len(on_disk) >= 20


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate(capsys, name):
    case = CASES[name]
    path = str(BAD / name)
    code, out, err = run(capsys, "validate", path)
    assert code == case["exit"], err
    if case["exit"] == 0:
        assert err.strip() == f"{case['records']} record{'s' if case['records'] != 1 else ''} valid"
        return
    assert_one_line_per_problem(err, path)
    assert ("nenbib: " in err.splitlines()[-1]) == (len(err.splitlines()) > 1)  # several add up; one stays one
    assert case["says"] in err
    if "where" in case:
        assert f"{path}: {case['where']}: " in err


@pytest.mark.parametrize("name", sorted(c for c in CASES if CASES[c]["exit"]))
def test_validate_json_report_names_rule_and_place(capsys, name):
    case = CASES[name]
    code, out, err = run(capsys, "validate", "--format", "json", str(BAD / name))
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    assert {p["file"] for p in report["problems"]} == {str(BAD / name)}
    assert case["rule"] in {p["rule"] for p in report["problems"]}
    places = {p["pointer"] for p in report["problems"]}
    for pointer in case.get("pointers", []):
        assert pointer in places, (pointer, places)
    if case.get("where", "").startswith("line "):  # 'line 3, column 7': no JSON pointer, the numbers
        lines = {f"line {p['line']}" + (f", column {p['column']}" if "column" in p else "") for p in report["problems"]}
        assert case["where"] in lines and None in places, report["problems"]
    elif "where" in case:
        assert case["where"] in places
    assert all(p["pointer"] is None or p["pointer"].startswith("/") for p in report["problems"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_leaves_existing_output_untouched(capsys, tmp_path, name):
    case = CASES[name]
    path = str(BAD / name)
    out = existing_output(tmp_path)
    code, stdout, err = run(capsys, "export", "-q", "-f", "csl-json", "-o", str(out), path)
    assert code == case["exit"], err
    assert leftovers(tmp_path) == []
    if case["exit"] == 0:
        items = json.loads(out.read_text(encoding="utf-8"))
        assert len(items) == case["records"]
        assert items[0]["title"] == "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms"
        assert err == ""
        return
    assert out.read_bytes() == SENTINEL
    assert err.startswith(f"nenbib: error: {path}: ")
    assert_one_line_per_problem(err, path)
    assert case["says"] in err


# not-json.json holds BibTeX: import reads any format, finds BibTeX inside and reports its problems.
@pytest.mark.parametrize("name", sorted(set(CASES) - {"not-json.json"}))
def test_import_says_the_same_as_validate(capsys, tmp_path, name):
    """import finds the format from the content first: broken JSON must still get its line and rule."""
    case = CASES[name]
    path = str(BAD / name)
    out = existing_output(tmp_path, "record.json")
    code, stdout, err = run(capsys, "import", "-o", str(out), path)
    assert code == case["exit"], err
    if case["exit"] == 0:
        data = json.loads(out.read_text(encoding="utf-8"))
        assert (len(data) if isinstance(data, list) else 1) == case["records"]
        return
    assert out.read_bytes() == SENTINEL
    assert_one_line_per_problem(err, path)
    assert case["says"] in err


# ---- cases generated at test time ------------------------------------------------------------


def test_missing_file(capsys, tmp_path):
    out = existing_output(tmp_path)
    missing = str(tmp_path / "nope.json")
    for args in (["validate", missing], ["export", "-f", "csl-json", "-o", str(out), missing]):
        code, _, err = run(capsys, *args)
        assert code == 1
        assert f"{missing}: " in err and "no such file" in err
        assert_one_line_per_problem(err, missing)
    assert out.read_bytes() == SENTINEL


@pytest.mark.parametrize("content", [[], ["notes.txt", "x.csl.json", "x.ld.json"]], ids=["empty", "no-record-files"])
def test_folder_without_records(capsys, tmp_path, content):
    folder = tmp_path / "records"
    folder.mkdir()
    for name in content:
        (folder / name).write_text("[]\n", encoding="utf-8")
    out = existing_output(tmp_path)
    for args in (["validate", str(folder)], ["export", "-f", "csl-json", "-o", str(out), str(folder)]):
        code, _, err = run(capsys, *args)
        assert code == 1
        assert "folder holds no record (*.json) files" in err
        assert_one_line_per_problem(err, str(folder))
    assert out.read_bytes() == SENTINEL


def test_folder_batch_with_one_bad_file_writes_nothing(capsys, tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "a.json").write_bytes(RECORD_PATH.read_bytes())
    (folder / "b.json").write_bytes((BAD / "trailing-comma.json").read_bytes())
    out = existing_output(tmp_path)
    code, _, err = run(capsys, "export", "-f", "csl-json", "-o", str(out), str(folder))
    assert code == 1
    assert f"{folder / 'b.json'}: line 103, column 1: malformed JSON" in err
    assert out.read_bytes() == SENTINEL and leftovers(tmp_path) == []


def test_folder_given_as_file_is_a_folder(capsys, tmp_path):
    folder = tmp_path / "x.json"
    folder.mkdir()
    code, _, err = run(capsys, "validate", str(folder))
    assert code == 1 and "holds no record" in err


@pytest.mark.parametrize("command", [["validate"], ["export", "-f", "ris"]])
def test_an_empty_folder_inside_refs_named_by_its_full_path(capsys, tmp_path, monkeypatch, command):
    """files.display shortens a path in refs/; for a folder it could not use it made a copy without
    the error it stands for: an internal error (exit 70) instead of the one line."""
    from nenbib import resources

    refs = tmp_path / "refs"
    (refs / "sub").mkdir(parents=True)
    monkeypatch.setattr(resources, "refs_dir", lambda: refs)
    monkeypatch.chdir(tmp_path)  # refs/ inside the working folder, as in a checkout
    code, out, err = run(capsys, *command, refs / "sub")
    prefix = "" if command == ["validate"] else "nenbib: error: "
    assert (code, out, err) == (1, "", f"{prefix}{refs / 'sub'}: folder holds no record (*.json) files [file]\n")


@pytest.mark.parametrize("suffix", [".bib", ".biblatex.bib", ".ris", ".csl.json", ".nbib", ".xml", ".jsonld", ".html"])
@pytest.mark.parametrize("command", [["validate"], ["export", "-f", "ris", "-o", "{out}"], ["cite"]])
def test_an_export_given_as_a_record_is_named_so(capsys, tmp_path, suffix, command):
    """`nenbib export refs.bib -f ris` is a researcher's first guess: one line that says the file is
    BibTeX, not a record, and which command reads it; before, 'line 1, column 1: malformed JSON'
    (or, for CSL-JSON, five schema errors about CSL's keys)."""
    source = RECORD_PATH.with_name(RECORD_PATH.stem + suffix)
    out = existing_output(tmp_path, "out.ris")
    code, stdout, err = run(capsys, *(a.replace("{out}", str(out)) for a in command), source)
    name = {".bib": "bibtex", ".biblatex.bib": "biblatex", ".ris": "ris", ".csl.json": "csl-json", ".nbib": "nbib"}
    fmt = {**name, ".xml": "endnote-xml", ".jsonld": "jsonld", ".html": "html"}[suffix]
    readable = suffix not in (".jsonld", ".html")
    how = "`nenbib convert` or `nenbib import` reads it" if readable else f"nenbib cannot read {fmt}"
    assert code == 1 and stdout == ""
    prefix = "" if command == ["validate"] else "nenbib: error: "
    assert err.strip().splitlines() == [f"{prefix}{source}: {fmt} by its ending, not a nenbib record (JSON); {how} [file]"]
    assert out.read_bytes() == SENTINEL
    if readable:  # the advice holds: import reads the file
        code, stdout, _ = run(capsys, "import", source)
        assert code == 0 and json.loads(stdout)["id"] == "ohmoto2020genomic"


# ---- unreadable files: root reads mode-000 files, so the child drops the capabilities that allow it


def _drop_dac_override() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set: after exec, root obeys
    file modes like any user (prctl PR_CAPBSET_DROP = 24; the capabilities are 1 and 2)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_unprivileged(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """python -m nenbib ARGS, without the power to ignore file modes (a no-op for non-root)."""
    return subprocess.run(
        [sys.executable, "-m", "nenbib", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        preexec_fn=_drop_dac_override if os.geteuid() == 0 else None,
        timeout=60,
    )


@pytest.fixture
def unprivileged(tmp_path: Path) -> None:
    """Skip (saying why) when file modes cannot be made to bind in a child process."""
    probe = tmp_path / "probe"
    probe.write_text("x", encoding="utf-8")
    probe.chmod(0)
    try:
        check = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            capture_output=True,
            preexec_fn=_drop_dac_override if os.geteuid() == 0 else None,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE ({e}): root reads mode-000 files")
    finally:
        probe.chmod(0o600)
    if check.returncode == 0:
        pytest.skip("running as root with CAP_DAC_OVERRIDE that cannot be dropped: root reads mode-000 files")


@pytest.mark.usefixtures("unprivileged")
def test_file_without_read_permission(tmp_path):
    record = tmp_path / "secret.json"
    record.write_bytes(RECORD_PATH.read_bytes())
    record.chmod(0)
    out = existing_output(tmp_path)
    for args in (["validate", str(record)], ["export", "-f", "csl-json", "-o", str(out), str(record)]):
        proc = run_unprivileged(*args)
        assert proc.returncode == 1, proc.stderr
        assert "permission denied (cannot read the file)" in proc.stderr
        assert_one_line_per_problem(proc.stderr, str(record))
    assert out.read_bytes() == SENTINEL


# ---- huge and deep inputs: bounded time and memory, measured in the child ---------------------

PROBE = """
import json, resource, sys, time
from nenbib.cli import main
start = time.perf_counter()
try:
    main(sys.argv[2:])
except SystemExit as e:
    code = e.code
usage = resource.getrusage(resource.RUSAGE_SELF)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "seconds": time.perf_counter() - start, "max_rss_mib": usage.ru_maxrss / 1024}, fh)
"""


def measured(tmp_path: Path, *args: str) -> tuple[dict, str]:
    report = tmp_path / "usage.json"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(report), *args], capture_output=True, text=True, timeout=120)
    return json.loads(report.read_text(encoding="utf-8")), proc.stderr


def baseline_rss(tmp_path: Path) -> float:
    usage, _ = measured(tmp_path, "validate", str(RECORD_PATH))
    return float(usage["max_rss_mib"])


def test_50_mb_file_is_refused_before_it_is_read(tmp_path):
    # One object must be parsed whole, so the limit applies; a top-level array is streamed
    # element by element instead (tests/test_stream.py), each element under the same limit.
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    record["abstract"] = "Neuroendocrine neoplasms. " * (50_000_000 // 26 + 1)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(record), encoding="utf-8")
    assert big.stat().st_size >= 50_000_000 > files.MAX_FILE_BYTES
    out = existing_output(tmp_path)
    base = baseline_rss(tmp_path)
    for args in (["validate", str(big)], ["export", "-f", "csl-json", "-o", str(out), str(big)]):
        usage, err = measured(tmp_path, *args)
        assert usage["code"] == 1
        assert f"{big}: " in err and "MiB; the limit is 32 MiB per file" in err
        assert_one_line_per_problem(err, str(big))
        assert usage["seconds"] < 3
        assert usage["max_rss_mib"] < base + 20, (usage, base)
    assert out.read_bytes() == SENTINEL


def test_largest_allowed_file_with_one_giant_string(tmp_path):
    """Just under the limit: one 30 MB abstract. Refused by the schema in bounded time and memory,
    and the message quotes only the start of the value."""
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    record["abstract"] = "Neuroendocrine neoplasms. " * (30_000_000 // 26)
    big = tmp_path / "abstract.json"
    big.write_text(json.dumps(record), encoding="utf-8")
    assert 30_000_000 < big.stat().st_size < files.MAX_FILE_BYTES
    base = baseline_rss(tmp_path)
    usage, err = measured(tmp_path, "validate", str(big))
    assert usage["code"] == 1
    assert f"{big}: /abstract: " in err and "is too long" in err and "[schema:maxLength]" in err
    assert_one_line_per_problem(err, str(big))
    assert usage["seconds"] < 10
    # the bytes, the text and the parsed string: about four copies of 30 MB at most
    assert usage["max_rss_mib"] < base + 4 * 30, (usage, base)


@pytest.mark.parametrize("opener", ["[", '{"a":'], ids=["arrays", "objects"])
def test_10000_deep_nesting(tmp_path, opener):
    closer = "]" if opener == "[" else "}"
    deep = tmp_path / "deep.json"
    deep.write_text(opener * 10_000 + "1" + closer * 10_000, encoding="utf-8")
    out = existing_output(tmp_path)
    base = baseline_rss(tmp_path)
    for args in (["validate", str(deep)], ["export", "-f", "csl-json", "-o", str(out), str(deep)]):
        usage, err = measured(tmp_path, *args)
        assert usage["code"] == 1
        assert "JSON is nested more than 64 levels deep" in err and "[json-depth]" in err
        assert_one_line_per_problem(err, str(deep))
        assert usage["seconds"] < 3
        assert usage["max_rss_mib"] < base + 20, (usage, base)
    assert out.read_bytes() == SENTINEL


def test_deep_nesting_below_the_parsers_limit_is_refused_in_process(capsys, tmp_path):
    """500 levels parse fine but would drive the recursive validators near Python's limit."""
    record = RECORD_PATH.read_text(encoding="utf-8").replace('"volume": "21"', '"volume": ' + "[" * 500 + '"21"' + "]" * 500)
    path = tmp_path / "deep.json"
    path.write_text(record, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1 and "JSON is nested more than 64 levels deep" in err and "[json-depth]" in err
    assert_one_line_per_problem(err, str(path))


@pytest.mark.parametrize("array", [False, True])
def test_a_number_too_large_for_a_double_is_named_not_read_as_infinity(capsys, tmp_path, array):
    text = RECORD_PATH.read_text(encoding="utf-8").replace('"year": 2020', '"year": 1e400')
    path = tmp_path / "inf.json"
    path.write_text(f"[{text}]" if array else text, encoding="utf-8")
    for command in ("validate", "export"):
        code, out, err = run(capsys, command, path)
        assert code == 1 and out == "" and "1e400 is too large to be read" in err and "not of type" not in err


@pytest.mark.parametrize(("pointer", "schema_path"), [("/abstract", ("abstract",)), ("/title", ("$defs", "text"))])
def test_a_value_too_long_says_its_length_and_the_limit(capsys, tmp_path, pointer, schema_path):
    """'... is too long' named no number: a user could not tell how much to cut. The limit is the
    schema's (read here from the schema file); one character under it is valid."""
    schema = json.loads((RECORD_PATH.parents[1] / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    node = schema["properties"] if schema_path[0] != "$defs" else schema
    for key in schema_path:
        node = node[key]
    limit = node["maxLength"]
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    path = tmp_path / "long.json"
    for length, valid in ((limit + 1, False), (limit, True)):
        record[pointer[1:]] = "a" * length
        path.write_text(json.dumps(record), encoding="utf-8")
        code, _, err = run(capsys, "validate", path)
        if valid:
            assert (code, err) == (0, "1 record valid\n")
        else:
            assert code == 1 and err.startswith(f"{path}: {pointer}: 'aaa")
            assert err.endswith(f"' is too long ({length:,} characters; at most {limit:,}) [schema:maxLength]\n")


@pytest.mark.parametrize("sample", ["zotero-particles.json", "crossref-doi.json"])
def test_a_csl_json_file_named_json_is_named_so(capsys, tmp_path, sample):
    """Zotero's "CSL JSON" export is My Library.json: given to validate or export, one line per item
    that says what it is and what reads it, instead of a schema error for each CSL key (five or
    six lines an item). citeproc-py, an independent CSL-JSON reader, reads the sample."""
    from citeproc.source.json import CiteProcJSON

    source = Path(__file__).parent / "data" / "csljson" / sample
    data = json.loads(source.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else [data]
    # citeproc-py needs an id, which Crossref's CSL-JSON (content negotiation) leaves out.
    assert len(CiteProcJSON([{"id": f"item{i}", **item} for i, item in enumerate(items)])) == len(items)
    code, out, err = run(capsys, "validate", source)
    assert (code, out) == (1, "")
    lines = err.strip().splitlines()
    assert len(lines) == len(items)
    for i, line in enumerate(lines):
        place = f"/{i}" if isinstance(data, list) else "/"
        assert line.startswith(f"{source}: {place}: a CSL-JSON item (author, container-title, page")
        assert line.endswith("not a nenbib record; `nenbib convert` or `nenbib import` reads it [not-a-record]")
    out_file = existing_output(tmp_path)
    code, _, err = run(capsys, "export", "-o", out_file, source)
    assert code == 1 and err == f"nenbib: error: {lines[0]}\n" and out_file.read_bytes() == SENTINEL
    code, out, _ = run(capsys, "import", source)  # the advice holds
    assert code == 0 and json.loads(out)


@pytest.mark.parametrize("command", [["import"], ["convert", "-t", "ris"]])
def test_a_failed_import_names_the_entry_not_only_its_index(capsys, command):
    """ACM's export of an entry without authors: the error said '/1', an index into the records
    read, no place in the .bib. It names the record's key, which the reader's warning ties to the
    entry's line and its key in the file (pybtex, an independent reader, finds that entry authorless)."""
    import pybtex.database

    source = Path(__file__).parent / "data" / "bibtex" / "acm-articleno.bib"
    entries = pybtex.database.parse_file(str(source)).entries
    (authorless,) = [key for key, e in entries.items() if not e.persons.get("author")]
    code, out, err = run(capsys, *command, source)
    assert (code, out) == (1, "")
    *warnings, error = err.splitlines()
    no_author = "the entry has no usable author field; a record requires authors"
    # The line the entry starts on: "/1", the second record read, is no place in a .bib file.
    start = next(n for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if authorless in line)
    assert error == f"nenbib: error: {source}: line {start}: record ref2024matcha: {no_author} [schema:required]"
    assert any(f"key '{authorless}'" in w and "the record's key is 'ref2024matcha'" in w for w in warnings)
