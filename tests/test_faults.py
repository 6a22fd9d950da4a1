"""Output faults: full disk, closed or failing stdout, Ctrl-C, permissions, missing folders, FIFOs,
devices and /dev/stdout. Each gives one line on stderr, exit 0 / 1 / 2 / 130 as documented, no
traceback, no temporary file left behind, and an existing output file byte for byte as it was.

Regular files are written atomically (temp file + rename); devices, FIFOs and names of open
descriptors (/dev/stdout, /proc/self/fd/1) are written in place and never replaced. Device tests
use private nodes made with mknod in tmp_path, never the real /dev/full.
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import test_bad_input
from test_bad_input import SENTINEL, _drop_dac_override, existing_output, leftovers, run

from conftest import RECORD_PATH, run_cli

unprivileged = test_bad_input.unprivileged  # the fixture: root obeys file modes in the child
PYTHON = shlex.quote(sys.executable)
TITLE = "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms"


def nenbib(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nenbib", *args], capture_output=True, text=True, timeout=120, **kwargs)


def shell(command: str, cwd: Path, unbuffered: bool = False) -> subprocess.CompletedProcess[str]:
    """A real shell pipeline; $NENBIB runs the CLI. PIPESTATUS of the first command goes to status.

    stdout is block-buffered, as in a user's shell, unless `unbuffered` (PYTHONUNBUFFERED=1, which
    this machine's environment sets and which hid a failing final flush)."""
    script = f"NENBIB='{PYTHON} -m nenbib'\n{command}\necho \"${{PIPESTATUS[0]}}\" > status"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=cwd, timeout=120, env=env)


def assert_one_error_line(err: str, *needles: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def collection(folder: Path, records: int, name: str = "collection.json") -> Path:
    """A file of many valid copies of the shipped record (ids differ, within and across the files)."""
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    items = []
    stem = Path(name).stem.replace(".", "_")
    for i in range(records):
        item = copy.deepcopy(record)
        item["id"] = f"{stem}r{i}"
        items.append(item)
    path = folder / name
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def mknod(path: Path, major: int, minor: int) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a private device node needs root (CAP_MKNOD); the real /dev nodes are never used")
    return path


def assert_same_device(path: Path, major: int, minor: int) -> None:
    st = os.lstat(path)
    assert stat.S_ISCHR(st.st_mode), "the device node was replaced by a file"
    assert (os.major(st.st_rdev), os.minor(st.st_rdev)) == (major, minor)


# ---- output folder and target kinds ----------------------------------------------------------


def test_output_folder_does_not_exist(capsys, tmp_path):
    target = tmp_path / "missing" / "out.csl.json"
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 1
    assert_one_error_line(err, f"nenbib: error: {target}: folder {tmp_path / 'missing'} does not exist")
    assert not (tmp_path / "missing").exists()


def test_output_folder_is_a_file(capsys, tmp_path):
    existing = existing_output(tmp_path, "notes.txt")
    code, _, err = run(capsys, "export", "-o", str(existing / "out.csl.json"))
    assert code == 1
    assert_one_error_line(err, f"folder {existing} is not a folder")
    assert existing.read_bytes() == SENTINEL


def test_output_is_a_folder(capsys, tmp_path):
    folder = tmp_path / "out.csl.json"
    folder.mkdir()
    code, _, err = run(capsys, "export", "-o", str(folder))
    assert code == 1
    assert_one_error_line(err, f"{folder}: cannot write: Is a directory")
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_symlinked_output_keeps_the_link(capsys, tmp_path):
    real = existing_output(tmp_path, "real.csl.json")
    link = tmp_path / "link.csl.json"
    link.symlink_to(real.name)
    code, _, err = run(capsys, "export", "-q", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == real.name
    assert json.loads(real.read_text(encoding="utf-8"))[0]["title"] == TITLE
    assert leftovers(tmp_path) == []


def test_usage_errors_exit_2_and_touch_nothing(tmp_path):
    out = existing_output(tmp_path)
    for args in (["export", "--format", "nope", "-o", str(out)], ["export", "--no-such-option"], ["export", "-o", "out.unknown"]):
        proc = nenbib(*args, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith(("Error: ", "nenbib: error: "))
    assert out.read_bytes() == SENTINEL
    assert not (tmp_path / "out.unknown").exists()


# ---- full disk --------------------------------------------------------------------------------


def test_full_device_is_written_in_place_never_replaced(tmp_path):
    full = mknod(tmp_path / "full", 1, 7)  # the kernel's /dev/full: every write fails with ENOSPC
    proc = nenbib("export", "-f", "csl-json", "-o", str(full))
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, f"nenbib: error: {full}: cannot write: No space left on device")
    assert_same_device(full, 1, 7)
    assert leftovers(tmp_path) == []


def test_null_device_is_written_in_place_never_replaced(tmp_path):
    null = mknod(tmp_path / "null", 1, 3)
    proc = nenbib("export", "-q", "-f", "csl-json", "-o", str(null))
    assert proc.returncode == 0 and proc.stderr == ""
    assert_same_device(null, 1, 3)
    assert leftovers(tmp_path) == []


def _small_file_limit() -> None:  # pragma: no cover - runs in the child between fork and exec
    """A disk that fills after 1 KiB: files may not grow past it, and EFBIG replaces the signal."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def test_disk_full_while_writing_a_regular_file_keeps_the_old_file(tmp_path):
    out = existing_output(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "nenbib", "export", "-f", "csl-json", "-o", str(out), str(RECORD_PATH)],  # ~2.6 KB
        capture_output=True,
        text=True,
        preexec_fn=_small_file_limit,
        timeout=60,
    )
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, f"nenbib: error: {out}: cannot write: File too large")
    assert out.read_bytes() == SENTINEL
    assert leftovers(tmp_path) == []


# ---- FIFOs and names of open descriptors -----------------------------------------------------


def test_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = nenbib("export", "-q", "-f", "csl-json", "-o", str(fifo))
    reader.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(received[0])[0]["title"] == TITLE
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("points_to", ["/dev/stdout", "/proc/self/fd/1"])
def test_descriptor_names_are_written_in_place_when_stdout_is_a_file(tmp_path, points_to):
    """`-o /dev/stdout > file`: renaming a temp file over /dev/stdout would replace the symlink in
    /dev. A private symlink to the same place stands in for it, so a regression replaces only that."""
    link = tmp_path / "stdout"
    link.symlink_to(points_to)
    captured = tmp_path / "captured.json"
    with open(captured, "wb") as fh:
        proc = subprocess.run(
            [sys.executable, "-m", "nenbib", "export", "-q", "-f", "csl-json", "-o", str(link)],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == points_to
    assert json.loads(captured.read_text(encoding="utf-8"))[0]["title"] == TITLE
    assert leftovers(tmp_path) == []


def test_dev_stdout_into_a_pipe(tmp_path):
    proc = nenbib("export", "-q", "-f", "csl-json", "-o", "/dev/stdout")
    assert proc.returncode == 0 and json.loads(proc.stdout)[0]["title"] == TITLE
    assert os.path.islink("/dev/stdout") or not os.path.exists("/dev/stdout")


# ---- stdout closed or failing ----------------------------------------------------------------


def test_stdout_closed_early_by_the_reader_is_quiet(tmp_path):
    big = collection(tmp_path, 2000)  # ~8 MB of CSL-JSON: far more than a pipe holds
    proc = shell(f"$NENBIB export -f csl-json {shlex.quote(str(big))} | head -c1 > first", tmp_path)
    assert (tmp_path / "status").read_text().strip() == "0", proc.stderr
    assert (tmp_path / "first").read_bytes() == b"["
    assert proc.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "github"])
@pytest.mark.parametrize("unbuffered", [False, True])
def test_validate_report_into_a_reader_that_leaves_is_quiet(tmp_path, fmt, unbuffered):
    """`true` reads nothing: a report larger than the pipe (64 KiB) must meet a broken pipe. Quiet,
    and the verdict stands: the records are not valid (`validate | head` under pipefail in CI)."""
    wrong = json.loads((Path(__file__).parent / "data" / "bad" / "wrong-types.json").read_text(encoding="utf-8"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([wrong] * 200), encoding="utf-8")
    proc = shell(f"$NENBIB validate --format {fmt} {shlex.quote(str(bad))} | true", tmp_path, unbuffered)
    assert (tmp_path / "status").read_text().strip() == "1", proc.stderr
    assert proc.stderr == ""


def test_default_export_into_head(tmp_path):
    """The README's main job piped into head: `nenbib export | head -c1`."""
    proc = shell("$NENBIB export | head -c1 > first", tmp_path)
    assert (tmp_path / "status").read_text().strip() == "0", proc.stderr
    assert (tmp_path / "first").read_bytes() == b"@"
    assert "Traceback" not in proc.stderr and "error" not in proc.stderr


def test_check_into_a_reader_that_leaves_keeps_its_verdict(tmp_path):
    """`nenbib check | head` under pipefail: the diff of files out of date (here > 64 KiB, the pipe)
    ends quietly, and the exit status still says out of date."""
    refs = tmp_path / "refs"
    refs.mkdir()
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    for i in range(3):
        (refs / f"r{i}.json").write_text(json.dumps({**record, "id": f"r{i}"}, ensure_ascii=False), encoding="utf-8")
    proc = shell("$NENBIB check --refs refs --no-cff | true", tmp_path)
    assert (tmp_path / "status").read_text().strip() == "1", proc.stderr
    assert_one_error_line(proc.stderr, "nenbib: 27 file(s) out of date")


@pytest.mark.parametrize(
    "command", ["export -f csl-json", "validate --format json", "formats", "--help", "export --help", "--version"]
)
def test_stdout_closed_before_start(tmp_path, command):
    """Text for a closed stdout is one clear error, not dropped without a word (as click.echo does)."""
    proc = shell(f"$NENBIB {command} >&-", tmp_path)
    assert (tmp_path / "status").read_text().strip() == "1"
    assert_one_error_line(proc.stderr, "nenbib: error: stdout: closed")


@pytest.mark.parametrize(("command", "hint"), [("export -f ris", True), ("cite", False), ("cite --list-styles", False)])
def test_a_closed_stdout_suggests_output_only_where_there_is_one(tmp_path, command, hint):
    proc = shell(f"$NENBIB {command} >&-", tmp_path)
    assert (tmp_path / "status").read_text().strip() == "1"
    assert_one_error_line(proc.stderr, "nenbib: error: stdout: closed")
    assert ("give --output FILE" in proc.stderr) == hint, proc.stderr


@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("export -f ris user.json", "0"),  # its fidelity note cannot be shown; the export is whole
        ("validate user.json", "0"),
        ("validate bad.json", "1"),
        ("export --format nope user.json", "2"),
        ("export -f ris missing.json", "1"),
    ],
)
def test_stderr_on_a_full_device_keeps_the_exit_status(tmp_path, unbuffered, command, status):
    """Nothing can say what went wrong, but the exit status still does, and no 120 from a failing final flush."""
    mknod(tmp_path / "full", 1, 7)
    shutil.copyfile(RECORD_PATH, tmp_path / "user.json")
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    proc = shell(f"$NENBIB {command} > out 2> full", tmp_path, unbuffered)
    assert (tmp_path / "status").read_text().strip() == status, proc.stderr
    if command.startswith("export -f ris user"):
        assert (tmp_path / "out").read_bytes() == (RECORD_PATH.parent / "ohmoto2020genomic.ris").read_bytes()


def test_html_temporary_file_limit_is_not_a_stdout_error(tmp_path):
    """A page of several records spools through temporary files: their failure is named as such."""
    path = collection(tmp_path, 20)
    proc = shell(f"ulimit -f 8; $NENBIB export -f html {shlex.quote(str(path))} | cat > /dev/null", tmp_path)
    assert (tmp_path / "status").read_text().strip() == "1"
    assert_one_error_line(proc.stderr, "nenbib: error: ", ": cannot spool the page in a temporary file: File too large")


@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize(
    "command",
    [
        "export -f csl-json",  # the prebuilt export
        "export -f csl-json user.json",
        "cite user.json",
        "validate --format json user.json",  # click.echo's text, as --help and --version
        "--help",
        "--version",
    ],
)
def test_stdout_on_a_full_device(tmp_path, unbuffered, command):
    mknod(tmp_path / "full", 1, 7)
    shutil.copyfile(RECORD_PATH, tmp_path / "user.json")
    proc = shell(f"$NENBIB {command} > full", tmp_path, unbuffered)
    assert (tmp_path / "status").read_text().strip() == "1"
    assert_one_error_line(proc.stderr, "nenbib: error: stdout: cannot write: No space left on device")
    assert_same_device(tmp_path / "full", 1, 7)


# ---- Ctrl-C ------------------------------------------------------------------------------------


# 0 s: the first record is being validated (jsonschema-rs loading: a Ctrl-C inside its Rust init
# used to surface as a pyo3 PanicException with a traceback); later: mid-batch.
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3])
def test_ctrl_c_during_a_batch_leaves_no_partial_file(tmp_path, delay):
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(12):
        collection(batch, 1500, f"part{i:02d}.json")
    out = existing_output(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nenbib", "export", "-f", "csl-json", "-o", str(out), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background job inherits SIGINT ignored, and Python then installs no handler.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path):  # the temp file exists: the batch is being written
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.01)
    time.sleep(delay)
    assert proc.poll() is None, "the batch finished before Ctrl-C: make it bigger"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert_one_error_line(stderr, "nenbib: interrupted; no output file was changed")
    assert stdout == ""
    assert out.read_bytes() == SENTINEL
    assert leftovers(tmp_path) == []


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "zombie" not in state


# A timeout (`timeout 60 nenbib ...`), a cancelled CI job (the whole process group), a closed terminal.
@pytest.mark.parametrize(
    ("sig", "jobs", "group"),
    [(signal.SIGTERM, "1", False), (signal.SIGTERM, "2", False), (signal.SIGTERM, "2", True), (signal.SIGHUP, "2", False)],
)
def test_sigterm_and_sighup_leave_no_partial_file(tmp_path, sig, jobs, group):
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(8):
        collection(batch, 1500, f"part{i:02d}.json")
    out = existing_output(tmp_path, "out.html")
    proc = subprocess.Popen(
        [sys.executable, "-m", "nenbib", "export", "-j", jobs, "-f", "html", "-o", str(out), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=group,
        preexec_fn=None if group else lambda: [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGTERM, signal.SIGHUP)],
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    want = 0 if jobs == "1" else int(jobs)
    while not leftovers(tmp_path) or len(workers) < want:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no temporary file (or no workers) appeared"
        time.sleep(0.01)
        workers = _children(proc.pid) if jobs != "1" else []
    assert proc.poll() is None, "the export finished before the signal: make it bigger"
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, stderr
    assert_one_error_line(stderr, f"nenbib: terminated ({sig.name}); no output file was changed")
    assert stdout == ""
    assert out.read_bytes() == SENTINEL
    assert leftovers(tmp_path) == []
    assert [w for w in workers if _running(w)] == []


# ---- permissions (root obeys file modes once CAP_DAC_OVERRIDE is dropped) ----------------------


def _unprivileged_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nenbib", "export", "-f", "csl-json", *args],
        capture_output=True,
        text=True,
        preexec_fn=_drop_dac_override if os.geteuid() == 0 else None,
        timeout=60,
    )


@pytest.mark.usefixtures("unprivileged")
def test_read_only_output_file_is_not_replaced(tmp_path):
    out = existing_output(tmp_path)
    out.chmod(0o444)
    proc = _unprivileged_export("-o", str(out))
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, f"nenbib: error: {out}: permission denied: the file is read-only")
    assert out.read_bytes() == SENTINEL and stat.S_IMODE(out.stat().st_mode) == 0o444
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("unprivileged")
def test_output_folder_without_write_permission(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    out = existing_output(folder)
    folder.chmod(0o555)
    try:
        proc = _unprivileged_export("-o", str(out))
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, f"nenbib: error: {out}: cannot create a temporary file in {folder}: Permission denied")
    assert out.read_bytes() == SENTINEL
    assert leftovers(folder) == []


FINALIZER_INTERRUPTED = """
import signal, sys, time
from nenbib import cli

class Finalizer:
    def __del__(self):
        cli._terminated_by = int(sys.argv[1])  # as the handler sets it before it raises (0: Ctrl-C)
        raise KeyboardInterrupt

restore = cli._on_termination()
try:
    Finalizer()  # dropped at once: its __del__ raises where Python can only report it
    deadline = time.monotonic() + 30  # the resent signal comes within ms; 30 s for a loaded machine
    while time.monotonic() < deadline:
        time.sleep(0.01)
    print("carried on")
except KeyboardInterrupt:
    print("interrupted", cli._terminated_by)
"""


@pytest.mark.parametrize("sig", [0, signal.SIGTERM])
def test_a_termination_caught_inside_a_finalizer_is_sent_again_not_swallowed(sig):
    # SIGTERM to the process group of `export -j 2 -f html` (test above, group=True) sometimes
    # reached the parent while a pipe's __del__ ran: Python printed "Exception ignored in ...
    # KeyboardInterrupt" with a traceback and swallowed it, and the export then stopped on its
    # killed workers with "a worker process ended unexpectedly", exit 1 instead of 143. The signal
    # sent again from inside the hook was swallowed in turn ("Exception ignored in
    # sys.unraisablehook"), and the command carried on: it is sent from a thread, after the hook.
    proc = subprocess.run(
        [sys.executable, "-c", FINALIZER_INTERRUPTED, str(int(sig))], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout == f"interrupted {int(sig)}\n", proc.stderr
    assert "Exception ignored" not in proc.stderr and proc.returncode == 0


def test_an_error_after_a_termination_signal_reports_the_signal(capsys, monkeypatch):
    # The workers die of the same signal (a process group's); the error that follows is its consequence.
    from nenbib import cli
    from nenbib.errors import NenbibError

    def export(*_args: object, **_kwargs: object) -> int:
        cli._terminated_by = signal.SIGTERM
        raise NenbibError("a worker process ended unexpectedly (killed, or out of memory?); try --jobs 1")

    monkeypatch.setattr(cli.cli.commands["validate"], "callback", export)
    with pytest.raises(SystemExit) as exc:
        cli.main(["validate"])
    assert exc.value.code == 128 + signal.SIGTERM
    assert capsys.readouterr().err == "nenbib: terminated (SIGTERM); no output file was changed\n"


# ---- Ctrl-C while the command is still starting -------------------------------------------


def entry_point() -> tuple[str, str]:
    """(module, function) of the `nenbib` command, as pyproject.toml declares it."""
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^\[project\.scripts\]\nnenbib = "([\w.]+):(\w+)"$', pyproject, re.M)
    assert found, "pyproject.toml declares no nenbib command"
    return found.group(1), found.group(2)


# Runs the command as pip's script does (import the entry point's module, call its function), after
# putting in a finder that sends this process SIGINT when the named module is first imported: a
# Ctrl-C at that moment of start-up, whatever the machine's speed.
CTRL_C_AT_IMPORT = """
import importlib, os, signal, sys

when, entry, *args = sys.argv[1:]

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == when:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)  # delivered to this process before kill() returns
        return None

module, function = entry.split(":")
sys.argv = ["nenbib", *args]
sys.meta_path.insert(0, CtrlC())
sys.exit(getattr(importlib.import_module(module), function)())
"""


@pytest.mark.parametrize(
    "when",
    [
        "nenbib.cli",  # the CLI starts loading: before it, only the package's two small files ran
        "click",
        "click.core",
        "nenbib.errors",
        "nenbib.formats",
        "nenbib.stamp",  # in the command, after main() is in place
    ],
)
def test_ctrl_c_while_the_cli_loads_is_one_line_and_130(when):
    """Ctrl-C in the first ~60 ms (click and nenbib.cli importing, before main() can catch it) was
    a KeyboardInterrupt traceback."""
    module, function = entry_point()
    proc = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_IMPORT, when, f"{module}:{function}", "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (130, "", "nenbib: interrupted; no output file was changed\n")


def test_the_package_imports_nothing_before_the_command_can_catch_ctrl_c():
    """What runs before nenbib.__main__.run's handler: the package's __init__ and the entry module.
    Anything they import widens the window in which Ctrl-C is a traceback."""
    module, _ = entry_point()
    code = f"import sys; before = set(sys.modules); import {module}; print(sorted(set(sys.modules) - before))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert json.loads(out.replace("'", '"')) == sorted({"nenbib", module})


def test_ctrl_c_at_any_moment_of_start_up_gives_no_traceback_of_nenbib():
    """The installed `nenbib` command, sent SIGINT at moments spread over its start-up. Before
    Python runs the script, or while the script pip wrote imports `re`, Python reports the
    interrupt itself (exit 1 or death by the signal; 'Fatal Python error: init_import_site' and a
    traceback of its own); from the package on, never: one line and 130, or the command's own
    result when the signal came late."""
    script = Path(sys.executable).with_name("nenbib")
    if not script.is_file():
        pytest.skip("no installed nenbib command beside this Python")
    module, function = entry_point()
    assert f"from {module} import {function}" in script.read_text(encoding="utf-8"), (
        f"{script} predates pyproject's entry point: reinstall (pip install -e .)"
    )
    # A frame of nenbib's or click's own files: not any path with a folder of that name in it (the
    # command's script is <checkout>/.venv/bin/nenbib, and a checkout is often a folder named nenbib).
    import click

    import nenbib

    folders = {str(p) for m in (nenbib, click) for p in (Path(m.__file__).parent, Path(m.__file__).resolve().parent)}
    ours = re.compile(rf'File "(?:{"|".join(map(re.escape, sorted(folders)))})[/\\]')
    for delay_ms in range(0, 160, 8):
        proc = subprocess.Popen(
            [str(script), "validate"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(delay_ms / 1000)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        outcome = (delay_ms, proc.returncode, err)
        lines = err.splitlines()
        assert not ours.search(err), outcome
        if proc.returncode == 130:
            assert lines[-1].startswith("nenbib: interrupted"), outcome
        elif proc.returncode == 0:  # the signal came after the command's end, or Python let it go
            assert "1 record valid" in lines, outcome
        else:  # Python's own: killed before its handler was in or after the command's end, when
            # it has put the default back (-2), or its report of the interrupt (1)
            assert proc.returncode in (1, -signal.SIGINT), outcome
            # Python's fatal error when the signal comes while it imports its site module (under load, ~40 ms in)
            fatal = bool(lines) and lines[0] == "Fatal Python error: init_import_site: Failed to import the site module"
            assert not lines or lines[-1].startswith("KeyboardInterrupt") or "1 record valid" in lines or fatal, outcome
            assert not fatal or "KeyboardInterrupt" in lines, outcome


def test_a_ctrl_c_that_python_wrapped_in_a_runtime_error_is_an_interruption(capsys, monkeypatch):
    """Python 3.11 turns a KeyboardInterrupt raised in a descriptor's __set_name__ (a class being
    made: `import platform` makes one) into a RuntimeError caused by it; main() reported that as an
    internal error, 'a bug in nenbib' (exit 70), and the command's loader as a traceback."""
    from nenbib import stamp
    from nenbib.__main__ import caused_by_ctrl_c

    class Interrupting:
        def __set_name__(self, owner, name):
            raise KeyboardInterrupt

    def make_class() -> None:
        type("Made", (), {"field": Interrupting()})

    try:
        make_class()
    except RuntimeError as e:  # Python 3.11 and before
        assert caused_by_ctrl_c(e)
    except KeyboardInterrupt:  # Python 3.12 and later raise it as it is
        pass
    assert not caused_by_ctrl_c(RuntimeError("a bug"))

    def wrapped(*_args) -> None:
        raise RuntimeError("Error calling __set_name__") from KeyboardInterrupt()

    monkeypatch.setattr(stamp, "validated_shipped_count", wrapped)
    code, out, err = run_cli(capsys, "validate")
    assert (code, out, err) == (130, "", "nenbib: interrupted; no output file was changed\n")
