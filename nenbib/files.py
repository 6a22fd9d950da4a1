"""Reading input files and writing output files, with one clear error for each failure.

Outputs to regular files are atomic (temp file in the same folder + rename); devices, FIFOs and
/dev/stdout are written in place, since renaming over them would replace the node itself.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from . import resources
from .errors import InputError, OutputError

# A single file larger than this is refused before it is parsed, so time and memory stay bounded.
MAX_FILE_BYTES = 64 * 1024 * 1024


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(
                f"duplicate key {key!r} in one object (JSON readers disagree on which wins)", rule="json-duplicate-key"
            )
        out[key] = value
    return out


def read_text(path: Path, label: str) -> str:
    """A file's text: UTF-8 (a BOM is accepted); anything else is one clear error."""
    try:
        size = path.stat().st_size
        if stat.S_ISREG(path.stat().st_mode) and size > MAX_FILE_BYTES:
            raise InputError(
                f"file is {size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB per file (split the collection)",
                label,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", label) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", label) from None
    except PermissionError:
        raise InputError("permission denied (cannot read the file)", label) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", label) from None
    if not raw.strip():
        raise InputError("file is empty", label)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError("file is UTF-16 or UTF-32; save it as UTF-8", label)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8: byte 0x{raw[e.start]:02X} at offset {e.start} cannot be decoded; save the file as UTF-8",
            label,
            f"line {line}",
        ) from None


def read_json(path: Path, label: str | None = None) -> Any:
    """Parse a JSON file: malformed JSON, duplicate keys and absurd nesting are one clear error."""
    label = label or str(path)
    text = read_text(path, label)
    try:
        return json.loads(text, object_pairs_hook=_strict_pairs)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg}", label, f"line {e.lineno}, column {e.colno}", "json-syntax") from None
    except InputError as e:
        e.filename = label
        raise
    except RecursionError:
        raise InputError("JSON is nested too deeply to be a record", label, rule="json-depth") from None


def expand(paths: Iterable[str]) -> Iterator[Path]:
    """Files named directly, and the record files of each folder named; nothing given: the shipped records."""
    paths = list(paths)
    if not paths:
        yield from resources.shipped_records()
        return
    for name in paths:
        p = Path(name)
        if p.is_dir():
            found = resources.record_files(p)
            if not found:
                raise InputError("folder holds no record (*.json) files", name)
            yield from found
        else:
            yield p


def display(path: Path) -> str:
    """A path as the user gave it; a shipped record relative to the working folder when inside it."""
    if path.is_absolute() and path.parent == resources.refs_dir():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            pass
    return str(path)


def _is_regular_target(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def write_output(target: str | None, chunks: Iterable[str], encoding: str = "utf-8") -> None:
    """Write text chunks to stdout ('-' or None) or a file, never leaving a half-written file."""
    if target in (None, "-"):
        out: IO[str] = sys.stdout
        for chunk in chunks:
            out.write(chunk)
        out.flush()
        return
    path = Path(target)
    if not path.parent.is_dir():
        raise OutputError(f"folder {display(path.parent) or '.'} does not exist", target)
    if not _is_regular_target(path):
        _write_in_place(path, target, chunks, encoding)
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", target) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write: {e.strerror or e}", target) from None
        raise


def _write_in_place(path: Path, target: str, chunks: Iterable[str], encoding: str) -> None:
    try:
        with open(path, "w", encoding=encoding, newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", target) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
