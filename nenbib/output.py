"""Writing output: stdout, or a file replaced atomically, never half-written.

Kept apart from nenbib.files (reading) and free of pathlib and re: `nenbib export` of the shipped
record imports only this to write its prebuilt file (start-up is measured, issue 8).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any

from .errors import OutputError

# Names that stand for an open descriptor (often a file the shell opened): written in place,
# since renaming over /dev/stdout would replace the symlink itself, not the file it points to.
_DESCRIPTOR_NAMES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")
_DESCRIPTOR_DIRS = ("/dev/fd/", "/proc/")


def _names_descriptor(path: str) -> bool:
    """Whether path, or any symlink on the way to its target, names a descriptor."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on symlinks followed (ELOOP)
        if current in _DESCRIPTOR_NAMES or current.startswith(_DESCRIPTOR_DIRS):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
        current = os.path.abspath(current)
    return False


def _is_regular_target(path: str) -> bool:
    if _names_descriptor(path):
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def replaced_input(target: str, inputs: Iterable[str]) -> str | None:
    """Why writing target would replace an input, or None: target is one of the input files (the
    same file, by any name or link), or a record file (*.json) in an input folder, where it would
    replace a record or be read as one."""
    from .resources import is_record_name

    try:
        st = os.stat(target)
    except OSError:
        st = None  # not there yet (or not to be looked at: writing says why)
    if st is not None and not stat.S_ISREG(st.st_mode):
        return None  # a device, FIFO or folder: not replaced (written in place, or an error)
    parent = os.path.dirname(target) or "."
    for name in inputs:
        try:
            here = os.stat(name)
            if st is not None and stat.S_ISREG(here.st_mode) and os.path.samestat(st, here):
                return (f"is the input file {name}" if name != target else "is the input file") + ": it would be replaced"
            if stat.S_ISDIR(here.st_mode) and is_record_name(os.path.basename(target)) and os.path.samefile(parent, name):
                return f"is a record file (*.json) in the input folder {name}: it would replace a record or be read as one"
        except OSError:
            continue  # an input that is not there: reading it says so
    return None


def closed_stdout(hint: str = "") -> OutputError:
    """The error for text meant for a closed stdout (`>&-`)."""
    return OutputError("closed, nothing can be written there" + hint, "stdout")


def write_error(e: OSError, target: str = "stdout") -> OutputError:
    """The error for a write to target that failed (a full device, a size limit)."""
    return OutputError(f"cannot write: {e.strerror or e}", target)


def _write_stdout(chunks: Iterable[str], hint: str) -> None:
    out: IO[str] | None = sys.stdout
    if out is None:
        raise closed_stdout(hint)

    def put(action: Callable[..., Any], *args: str) -> None:
        # A BrokenPipeError passes: the reader stopped early (`| head`), and the CLI exits quietly.
        try:
            action(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise write_error(e) from None

    # Only the writes are stdout's: an OSError while the chunks are made (a temporary file) is not.
    for chunk in chunks:
        put(out.write, chunk)
    put(out.flush)


def write_output(target: str | None, chunks: Iterable[str], encoding: str = "utf-8", hint: str = "; give --output FILE") -> None:
    """Write text chunks to stdout ('-' or None) or a file, never leaving a half-written file.
    hint: what a closed stdout's error suggests (a command without --output gives none)."""
    if target in (None, "-"):
        _write_stdout(chunks, hint)
        return
    if not target:
        raise OutputError('an empty name ("") is no file', "--output")
    parent = os.path.dirname(target) or "."
    if not os.path.isdir(parent):
        what = "is not a folder" if os.path.exists(parent) else "does not exist"
        raise OutputError(f"folder {parent} {what}", target)
    if not _is_regular_target(target):
        _write_in_place(target, chunks, encoding)
        return
    # A symlink to a regular file: replace the file it points to and keep the link.
    real = os.path.realpath(target)
    if os.path.exists(real) and not os.access(real, os.W_OK):
        # rename would replace a file its owner made read-only; refuse as `>` in a shell does.
        raise OutputError("permission denied: the file is read-only (it was left unchanged)", target)
    import tempfile  # here, not at start-up: ~2 ms that stdout output never needs

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=os.path.dirname(real))
    except OSError as e:
        raise OutputError(f"cannot create a temporary file in {os.path.dirname(real)}: {e.strerror or e}", target) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(real):
            os.chmod(tmp, stat.S_IMODE(os.stat(real).st_mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, real)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise write_error(e, target) from None
        raise


def _write_in_place(target: str, chunks: Iterable[str], encoding: str) -> None:
    try:
        with open(target, "w", encoding=encoding, newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
    except OSError as e:
        raise write_error(e, target) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
