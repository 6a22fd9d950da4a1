"""Paths that are not plain files: pipes and FIFOs, folders that cannot be listed, symlinks that
lead nowhere, empty names, an output that is an input, and a process stopped by SIGTERM or SIGHUP.

Each gives one stderr line naming the file, the place and the rule with exit 1 (bad data) or 2
(usage), never an internal error (70) or a traceback, and never a clobbered file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from conftest import RECORD_PATH


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


def test_malformed_json_from_a_pipe_says_where_as_for_a_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",\n "journal": {}, "authors": [,]}\n', encoding="utf-8")
    from_file = nenbib("import", str(bad))
    assert from_file.returncode == 1
    assert "line 2, column 29" in from_file.stderr and "[json-syntax]" in from_file.stderr
    proc = shell(f"$NENBIB import /dev/stdin < {bad}", tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == from_file.stderr.replace(str(bad), "/dev/stdin")
