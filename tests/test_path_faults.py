"""Paths that are not plain files: pipes and FIFOs, folders that cannot be listed, symlinks that
lead nowhere, empty names, an output that is an input, and a process stopped by SIGTERM or SIGHUP.

Each gives one stderr line naming the file, the place and the rule with exit 1 (bad data) or 2
(usage), never an internal error (70) or a traceback, and never a clobbered file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import test_bad_input
from test_bad_input import SENTINEL, existing_output, leftovers, run_unprivileged
from test_faults import assert_one_error_line

from conftest import RECORD_PATH
from conftest import run_cli as run

unprivileged = test_bad_input.unprivileged  # the fixture: root obeys file modes in the child


def nenbib(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nenbib", *args], capture_output=True, text=True, timeout=timeout, **kwargs)


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A bash command line; $NENBIB runs the CLI."""
    env = {**os.environ, "NENBIB": f"{sys.executable} -m nenbib"}
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


# ---- 1. a pipe or FIFO is read once ------------------------------------------------------------


def test_import_from_a_pipe(tmp_path):
    want = nenbib("import", str(RECORD_PATH))
    assert want.returncode == 0, want.stderr
    for command in (f"cat {RECORD_PATH} | $NENBIB import /dev/stdin", f"$NENBIB import <(cat {RECORD_PATH})"):
        proc = shell(command, tmp_path)
        assert (proc.returncode, proc.stderr) == (0, ""), command
        assert proc.stdout == want.stdout, command


def test_convert_from_a_pipe(tmp_path):
    want = nenbib("convert", "-t", "ris", str(RECORD_PATH))
    proc = shell(f"cat {RECORD_PATH} | $NENBIB convert -t ris /dev/stdin", tmp_path)
    assert (proc.returncode, proc.stderr) == (0, want.stderr)
    assert proc.stdout == want.stdout


def test_import_from_a_fifo(tmp_path):
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(RECORD_PATH.read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    proc = nenbib("import", str(fifo), timeout=30)  # it used to wait forever for a second writer
    writer.join(5)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == nenbib("import", str(RECORD_PATH)).stdout


RIS_50K = b"TY  - JOUR\n" + b"KW  - k\n" * 6_000 + b"ER  - \n"


@pytest.mark.parametrize(
    ("command", "name", "content"),
    [
        (["import"], "in.ris", RIS_50K),
        (["validate"], "in.json", b"{" + b" " * 50_000 + b"}"),
        (["export"], "in.json", b"{}" * 25_000),
    ],
)
def test_a_pipe_longer_than_the_limit_is_read_up_to_it_not_to_its_end(capsys, tmp_path, monkeypatch, command, name, content):
    """A pipe, a FIFO or a device has no size to check before reading: it was read to its end,
    and `nenbib import /dev/zero` or `yes | nenbib import -` took every byte of the machine's memory.
    With a limit of 10 kB, a FIFO of 50 kB is refused as a file over the limit is."""
    from nenbib import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10_000)
    fifo = tmp_path / name
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as fh, contextlib.suppress(BrokenPipeError):
            fh.write(content)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    code, out, err = run(capsys, *command, fifo)
    writer.join(5)
    assert (code, out) == (1, "")
    assert_one_error_line(err, f"{fifo}: input (a pipe or device) goes on past the limit; the limit is 0 MiB per file")


def test_malformed_json_from_a_pipe_says_where_as_for_a_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",\n "journal": {}, "authors": [,]}\n', encoding="utf-8")
    from_file = nenbib("import", str(bad))
    assert from_file.returncode == 1
    assert "line 2, column 29" in from_file.stderr and "[json-syntax]" in from_file.stderr
    proc = shell(f"$NENBIB import /dev/stdin < {bad}", tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == from_file.stderr.replace(str(bad), "/dev/stdin")


# ---- 2. a folder that cannot be listed, a path that cannot be searched --------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, name: str, under: Path) -> None:
    """os.<name> raises PermissionError for paths under `under`, as for a user without the right."""
    real = getattr(os, name)

    def denied(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, (str, os.PathLike)) and os.path.abspath(path).startswith(str(under)):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, denied)


def _denied_folder(tmp_path, monkeypatch, call: str) -> None:
    """d2/a.json in the current folder, with os.<call> refused on d2."""
    folder = tmp_path / "d2"
    folder.mkdir()
    shutil.copyfile(RECORD_PATH, folder / "a.json")
    monkeypatch.chdir(tmp_path)
    _deny(monkeypatch, call, folder)


def test_folder_that_cannot_be_listed(capsys, tmp_path, monkeypatch):
    _denied_folder(tmp_path, monkeypatch, "scandir")
    code, out, err = run(capsys, "validate", "d2")
    assert (code, err) == (1, "d2: permission denied (cannot list the folder) [file]\n")
    code, out, err = run(capsys, "export", "-q", "d2")
    assert (code, out) == (1, "")
    assert_one_error_line(err, "nenbib: error: d2: permission denied (cannot list the folder)")


def test_path_that_cannot_be_searched(capsys, tmp_path, monkeypatch):
    _denied_folder(tmp_path, monkeypatch, "stat")
    for command in ("validate", "export"):
        code, out, err = run(capsys, command, "d2/a.json")
        assert code == 1 and "internal error" not in err
        assert_one_error_line(err, "d2/a.json: ", "permission denied (a folder on its path cannot be searched)")


@pytest.mark.usefixtures("unprivileged")
@pytest.mark.parametrize("mode", [0o000, 0o300, 0o600])  # neither, no listing, no search
def test_folder_without_permission_for_real(tmp_path, mode):
    folder = tmp_path / "d2"
    folder.mkdir()
    shutil.copyfile(RECORD_PATH, folder / "a.json")
    folder.chmod(mode)
    paths = ["d2"] if mode & 0o100 else ["d2", "d2/a.json"]  # a file in a folder that can be searched is read
    try:
        procs = [run_unprivileged(command, arg, cwd=tmp_path) for command in ("validate", "export") for arg in paths]
        ok = run_unprivileged("validate", "d2/a.json", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert ok.returncode == (0 if mode & 0o100 else 1)
    for proc in procs:
        assert proc.returncode == 1 and proc.stdout == "", proc.stderr
        assert_one_error_line(proc.stderr, "permission denied")
        assert "internal error" not in proc.stderr and "d2" in proc.stderr


# ---- 3. symlinks in a records folder ------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("../nowhere.json", "broken symbolic link: its target ../nowhere.json does not exist"),
        ("b.json", "symbolic link loop (too many levels of symbolic links)"),
    ],
)
def test_symlink_that_leads_nowhere(capsys, tmp_path, monkeypatch, target, says):
    folder = tmp_path / "d3"
    folder.mkdir()
    shutil.copyfile(RECORD_PATH, folder / "a.json")
    (folder / "b.json").symlink_to(target)
    (folder / "sub.json").symlink_to(tmp_path)  # a link to a folder is no record file
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "validate", "d3")
    assert (code, err) == (1, f"d3/b.json: {says} [file]\n")
    out_file = existing_output(tmp_path, "out.bib")
    code, out, err = run(capsys, "export", "-q", "d3", "-o", str(out_file))
    assert code == 1
    assert_one_error_line(err, f"nenbib: error: d3/b.json: {says}")
    assert out_file.read_bytes() == SENTINEL and leftovers(tmp_path) == []
    code, out, err = run(capsys, "validate", "d3/b.json")
    assert (code, err) == (1, f"d3/b.json: {says} [file]\n")


# ---- 6. every path's problems --------------------------------------------------------------------


def test_validate_reports_every_paths_problems(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text('{"id": "x",\n "journal": {}, "authors": [,]}\n', encoding="utf-8")
    Path("nan.json").write_text('{"a": NaN}', encoding="utf-8")
    Path("emptyfolder").mkdir()
    Path("d3").mkdir()
    Path("d3/b.json").symlink_to("../nowhere.json")
    shutil.copyfile(RECORD_PATH, "good.json")
    code, out, err = run(capsys, "validate", "bad.json", "nan.json", "emptyfolder/", "missing.json", "d3", "good.json")
    assert code == 1
    assert err.splitlines() == [
        "bad.json: line 2, column 29: malformed JSON: Expecting value [json-syntax]",
        "nan.json: NaN is not JSON (Python's json reads it, no other reader does) [json-syntax]",
        "emptyfolder/: folder holds no record (*.json) files [file]",
        "missing.json: no such file [file]",
        "d3/b.json: broken symbolic link: its target ../nowhere.json does not exist [file]",
        "nenbib: 5 problems in 5 files; 1 record checked",
    ]
    code, out, err = run(capsys, "validate", "--format", "json", "emptyfolder/", "good.json")
    report = json.loads(out)
    assert (code, report["records"]) == (1, 1)
    assert [(p["file"], p["rule"]) for p in report["problems"]] == [("emptyfolder/", "file")]
    # export stops at the first, in order
    code, out, err = run(capsys, "export", "-q", "good.json", "emptyfolder/", "bad.json")
    assert code == 1
    assert_one_error_line(err, "nenbib: error: emptyfolder/: folder holds no record (*.json) files")
