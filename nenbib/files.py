"""Reading input files and writing output files, with one clear error for each failure.

Outputs to regular files are atomic (temp file in the same folder + rename); devices, FIFOs and
/dev/stdout are written in place, since renaming over them would replace the node itself.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from . import resources
from .errors import InputError, OutputError

# A single file larger than this is refused before it is read, so time and memory stay bounded
# (32 MiB is ~9,000 records; parsing and validating one takes ~3 s and ~150 MB).
MAX_FILE_BYTES = 32 * 1024 * 1024
# A record is at most 5 levels deep (array / record / authors / [i] / affiliations); anything far
# deeper is refused before the recursive validators see it.
MAX_DEPTH = 64
# Lone UTF-16 surrogates ("\ud800" in JSON) are not characters: no UTF-8 file can hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    if b"\x00" in raw[:4]:
        # Text formats start with an ASCII character; NUL bytes among the first four mean
        # UTF-16 or UTF-32 without a byte order mark (the detection of RFC 4627, section 3).
        raise InputError("file looks like UTF-16 or UTF-32 (NUL bytes at the start); save it as UTF-8", label)
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
        data = json.loads(text, object_pairs_hook=_strict_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg}", label, f"line {e.lineno}, column {e.colno}", "json-syntax") from None
    except InputError as e:
        e.filename = label
        raise
    except RecursionError:
        raise InputError(f"JSON is nested more than {MAX_DEPTH} levels deep; no record is", label, rule="json-depth") from None
    except ValueError:
        # The only other ValueError: int() refuses more than 4300 digits (the CVE-2020-10735 limit).
        raise InputError("malformed JSON: a number has more than 4300 digits", label, rule="json-syntax") from None
    _check_tree(data, label)
    return data


def _no_constant(name: str) -> Any:
    raise InputError(f"{name} is not JSON (Python's json reads it, no other reader does)", rule="json-syntax")


def _check_tree(data: Any, label: str) -> None:
    """Refuse what the validators cannot take: absurd nesting and lone surrogates (no recursion here)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise InputError(f"JSON is nested more than {MAX_DEPTH} levels deep; no record is", label, rule="json-depth")
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise InputError(_surrogate_message(node), label, _pointer(path), "json-surrogate")
        elif isinstance(node, dict):
            for key, value in node.items():
                if _SURROGATE.search(key):
                    raise InputError(_surrogate_message(key), label, _pointer(path), "json-surrogate")
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))


def _surrogate_message(text: str) -> str:
    found = _SURROGATE.search(text)
    assert found is not None
    return f"holds a lone surrogate \\u{ord(found.group()):04x}, which is not a character (fix the escape)"


def _pointer(path: tuple[Any, ...]) -> str:
    from .validate import pointer

    return pointer(path) or "/"


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


# Names that stand for an open descriptor (often a file the shell opened): written in place,
# since renaming over /dev/stdout would replace the symlink itself, not the file it points to.
_DESCRIPTOR_NAMES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")
_DESCRIPTOR_DIRS = ("/dev/fd/", "/proc/")


def _names_descriptor(path: Path) -> bool:
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


def _is_regular_target(path: Path) -> bool:
    if _names_descriptor(path):
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _write_stdout(chunks: Iterable[str]) -> None:
    out: IO[str] | None = sys.stdout
    if out is None:
        raise OutputError("closed, nothing can be written there; give --output FILE", "stdout")
    try:
        for chunk in chunks:
            out.write(chunk)
        out.flush()
    except BrokenPipeError:
        raise  # the reader stopped early (`| head`): the CLI exits quietly
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", "stdout") from None


def write_output(target: str | None, chunks: Iterable[str], encoding: str = "utf-8") -> None:
    """Write text chunks to stdout ('-' or None) or a file, never leaving a half-written file."""
    if target in (None, "-"):
        _write_stdout(chunks)
        return
    path = Path(target)
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise OutputError(f"folder {display(path.parent) or '.'} {what}", target)
    if not _is_regular_target(path):
        _write_in_place(path, target, chunks, encoding)
        return
    # A symlink to a regular file: replace the file it points to and keep the link.
    real = Path(os.path.realpath(path))
    if real.exists() and not os.access(real, os.W_OK):
        # rename would replace a file its owner made read-only; refuse as `>` in a shell does.
        raise OutputError("permission denied: the file is read-only (it was left unchanged)", target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as e:
        raise OutputError(f"cannot create a temporary file in {display(real.parent)}: {e.strerror or e}", target) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if real.exists():
            os.chmod(tmp, stat.S_IMODE(os.stat(real).st_mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, real)
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
