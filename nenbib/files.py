"""Reading input files and writing output files, with one clear error for each failure.

Outputs to regular files are atomic (temp file in the same folder + rename); devices, FIFOs and
/dev/stdout are written in place, since renaming over them would replace the node itself.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from . import resources
from ._regex import lazy_re
from .errors import InputError, UsageError

# A single file larger than this is refused before it is read, so time and memory stay bounded
# (32 MiB is ~9,000 records; parsing and validating one takes ~3 s and ~150 MB).
MAX_FILE_BYTES = 32 * 1024 * 1024
# A record is at most 5 levels deep (array / record / authors / [i] / affiliations); anything far
# deeper is refused before the recursive validators see it.
MAX_DEPTH = 64
# Lone UTF-16 surrogates ("\ud800" in JSON) are not characters: no UTF-8 file can hold them.
SURROGATE = lazy_re("[\ud800-\udfff]")


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # in C; the Python loop below runs only when a key repeats
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InputError(
                    f"duplicate key {key!r} in one object (JSON readers disagree on which wins)", rule="json-duplicate-key"
                )
            seen.add(key)
    return out


def read_text(
    path: Path, label: str, encoding: str | None = None, may_name_encoding: bool = False, too_large_advice: str = ""
) -> str:
    """A file's text: UTF-8 (a BOM is accepted), or the `encoding` given (import's --encoding:
    EndNote's 'ANSI' RIS is cp1252), or the one the file declares (JabRef's '% Encoding: Cp1252',
    an XML declaration's encoding="windows-1252");
    a byte that does not decode is one clear error (that names --encoding if `may_name_encoding`).
    too_large_advice: what the error for a file over MAX_FILE_BYTES advises (default: split the collection)."""
    with _open(path, label) as fh:
        return _read_rest(fh, b"", label, encoding, may_name_encoding, too_large_advice)


def check_encoding(name: str) -> str:
    """The codec's Python name, or a UsageError for a name that is no text encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UsageError(f"--encoding {name!r} is no encoding Python knows (e.g. utf-8, cp1252, latin-1)") from None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13: codecs, not text encodings
        raise UsageError(f"--encoding {name!r} is not a text encoding")
    return info.name


# JabRef starts a file it saved in another encoding with '% Encoding: Cp1252' (after its
# '% This file was created with JabRef' line); the file says what it is, so it is read so.
_JABREF_ENCODING = lazy_re(rb"\A(?:\xef\xbb\xbf)?(?:%[^\n]*\n){0,3}?% Encoding: ?([A-Za-z0-9_.:-]+)\s*\n")
# An XML file's declaration (EndNote XML from tools that write windows-1252 or ISO-8859-1), which
# the XML spec makes the encoding of the file.
_XML_ENCODING = lazy_re(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_DECLARED = ((_JABREF_ENCODING, "its line '% Encoding: {}' says"), (_XML_ENCODING, 'its XML declaration encoding="{}" says'))


def _open(path: Path, label: str) -> IO[bytes]:
    if isinstance(path, _Failed):
        raise path.error
    try:
        return open(path, "rb")
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(
                f"broken symbolic link: its target {_link_target(path)} does not exist", label, rule="file"
            ) from None
        raise InputError("no such file", label, rule="file") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", label, rule="file") from None
    except PermissionError:
        raise InputError("permission denied (cannot read the file)", label, rule="file") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError("symbolic link loop (too many levels of symbolic links)", label, rule="file") from None
        raise InputError(f"cannot read: {e.strerror or e}", label, rule="file") from None


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _read(fh: IO[bytes], label: str, size: int = -1) -> bytes:
    """fh.read(size), a failure as one clear error."""
    try:
        return fh.read(size)
    except IsADirectoryError:
        raise InputError("is a folder, not a file", label, rule="file") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", label, rule="file") from None


def _read_rest(
    fh: IO[bytes], head: bytes, label: str, encoding: str | None = None, may_name_encoding: bool = False, advice: str = ""
) -> str:
    """The text of an open file of which `head` was read already, under the size limit."""
    try:
        st = os.fstat(fh.fileno())
        size = st.st_size
        if stat.S_ISREG(st.st_mode) and size > MAX_FILE_BYTES:
            raise too_large(size, label, advice)
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", label, rule="file") from None
    # Read no more than the limit: a pipe, a FIFO or a device has no size to check first, and some never
    # end (`nenbib import /dev/zero`, `yes | nenbib import -` took every byte of memory the machine had).
    raw = head + _read(fh, label, max(MAX_FILE_BYTES + 1 - len(head), 0))
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(None, label, advice)
    said = "--encoding says"
    for pattern, says in _DECLARED if encoding is None else ():
        declared = pattern.match(raw)
        if declared:
            try:
                encoding = check_encoding(declared.group(1).decode("ascii"))
            except UsageError:
                pass  # a name Python does not know: read as UTF-8, which fails with the usual advice
            said = says.format(declared.group(1).decode("ascii"))
            break
    if encoding is not None and encoding not in ("utf-8", "utf-8-sig"):
        if not raw.removeprefix(codecs.BOM_UTF8).strip():
            raise InputError("file is empty", label, rule="file")
        _refuse_utf8(raw, encoding, said, label)
        try:
            return raw.decode(encoding).removeprefix("\ufeff")  # utf-16-le and the like keep the BOM
        except UnicodeDecodeError as e:
            raise _undecodable(raw, e.start, 0, 0, label, f"{encoding} as {said}") from None
    _check_start(raw, label, _ENCODING_ADVICE.format("utf-16") if may_name_encoding else "")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        advice = _ENCODING_ADVICE.format("cp1252, EndNote's 'ANSI'") if may_name_encoding else ""
        raise _not_utf8(raw, e.start, 0, 0, label, advice) from None


def too_large(size: int | None, label: str, advice: str = "") -> InputError:
    """The error for a file of `size` bytes over MAX_FILE_BYTES, which is read whole (None: a pipe
    or device, read up to the limit); `advice` says what reads it instead (default: split the collection)."""
    limit = f"the limit is {MAX_FILE_BYTES // 2**20} MiB per file"
    what = f"file is {size / 2**20:.1f} MiB" if size is not None else "input (a pipe or device) goes on past the limit"
    return InputError(f"{what}; {limit} {advice or '(split the collection)'}", label, rule="file")


_ENCODING_ADVICE = " or give its encoding (e.g. --encoding {})"
_NON_ASCII = lazy_re(rb"[\x80-\xff]+")


def _refuse_utf8(raw: bytes, encoding: str, said: str, label: str) -> None:
    """Refuse to read a UTF-8 file in another encoding: every name with an accent would be read
    mangled ('Müller' as cp1252 is 'MÃ¼ller') without a word. A UTF-8 byte order mark says so, and
    so does text whose non-ASCII bytes all form UTF-8 characters, which text in a one-byte
    encoding such as cp1252 or latin-1 practically never does. (UTF-16 has NUL bytes: not so.)"""
    fix = "leave out --encoding" if said.startswith("--") else "give --encoding utf-8 to read it as UTF-8"
    if raw.startswith(codecs.BOM_UTF8):
        raise InputError(
            f"file starts with UTF-8's byte order mark: it is UTF-8, not {encoding} as {said}; {fix}", label, rule="file"
        )
    first = _NON_ASCII.search(raw)
    if first is None or b"\x00" in raw:
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    line = raw[: first.start()].count(b"\n") + 1
    shown = raw[first.start() :].decode("utf-8")[:1]
    wrong = raw[first.start() : first.start() + len(shown.encode("utf-8"))].decode(encoding, "replace")
    raise InputError(
        f"file is UTF-8 ({shown!r} on this line, which read as {encoding} would be {wrong!r}), not {encoding} as {said}; {fix}",
        label,
        f"line {line}",
        "file",
    )


def _check_start(raw: bytes, label: str, advice: str = "") -> None:
    """Refuse an empty file (a UTF-8 byte order mark alone is empty too) and UTF-16/32 by their first bytes."""
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError("file is empty", label, rule="file")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(f"file is UTF-16 or UTF-32; save it as UTF-8{advice}", label, rule="file")
    if b"\x00" in raw[:4]:
        # Text formats start with an ASCII character; NUL bytes among the first four mean
        # UTF-16 or UTF-32 without a byte order mark (the detection of RFC 4627, section 3).
        raise InputError(
            f"file looks like UTF-16 or UTF-32 (NUL bytes at the start); save it as UTF-8{advice}",
            label,
            rule="file",
        )


def _not_utf8(raw: bytes, index: int, offset: int, lines: int, label: str, advice: str = "") -> InputError:
    """The error for a byte at raw[index] that is no UTF-8; raw starts at file offset `offset`, after `lines` lines."""
    return _undecodable(raw, index, offset, lines, label, "UTF-8", f"; save the file as UTF-8{advice}")


def _undecodable(raw: bytes, index: int, offset: int, lines: int, label: str, what: str, fix: str = "") -> InputError:
    line = lines + raw[:index].count(b"\n") + 1
    return InputError(
        f"not {what}: byte 0x{raw[index]:02X} at offset {offset + index} cannot be decoded{fix}", label, f"line {line}", "file"
    )


def read_json(path: Path, label: str | None = None) -> Any:
    """Parse a JSON file: malformed JSON, duplicate keys and absurd nesting are one clear error."""
    label = label or str(path)
    return loads(read_text(path, label), label)


def loads(text: str, label: str) -> Any:
    """Parse JSON text decoded from UTF-8 (read from `label`) with read_json's rules and errors."""
    try:
        data = json.loads(text, object_pairs_hook=_strict_pairs, parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, RecursionError, InputError) as e:
        record = _element_refused(text) if isinstance(e, InputError) else None
        raise _json_error(e, label, lambda at: _line_column(text, at), record) or e from None
    if _suspect(text, 0, len(text)):
        _check_tree(data, label)
    return data


def _element_refused(text: str) -> str | None:
    """The pointer of the array element the strict hooks refuse, as the streaming reader names it
    (the hooks know no place); None for a text that is no array."""
    start = len(text) - len(text.lstrip("\ufeff" + _WHITESPACE))
    if not text.startswith("[", start):
        return None
    decode, pos, index = _decoder().raw_decode, start + 1, 0
    while True:
        while pos < len(text) and text[pos] in _WHITESPACE + ",":
            pos += 1
        try:
            _, pos = decode(text, pos)
        except InputError:
            return f"/{index}"
        except (ValueError, RecursionError):
            return None
        index += 1


def _suspect(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] could parse to something _check_tree refuses (else the walk is skipped).

    Nesting deeper than MAX_DEPTH needs that many brackets; a lone surrogate can only come from a
    \\u escape, since the text was decoded from UTF-8, which refuses one written as itself.
    Counted in place: slicing the text out first costs a copy of it.
    """
    return text.count("[", start, end) + text.count("{", start, end) >= MAX_DEPTH or bool(
        _SURROGATE_ESCAPE.search(text, start, end)
    )


def _line_column(text: str, at: int) -> str:
    # As json.JSONDecodeError counts them.
    return f"line {text.count(chr(10), 0, at) + 1}, column {at - text.rfind(chr(10), 0, at)}"


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(object_pairs_hook=_strict_pairs, parse_constant=_no_constant, parse_float=_finite)


def _json_error(e: Exception, label: str, where: Callable[[int], str], record: str | None = None) -> InputError | None:
    """The one clear InputError for an exception json raised, or None when it is not json's.
    record: the pointer of the array element being read, for what the hooks refuse (they know no place)."""
    if isinstance(e, json.JSONDecodeError):
        return InputError(f"malformed JSON: {e.msg}", label, where(e.pos), "json-syntax")
    if isinstance(e, InputError):  # a duplicate key, NaN or an overflowing number, from the hooks
        e.filename = label
        e.where = e.where or record
        return e
    if isinstance(e, RecursionError):
        return InputError(f"JSON is nested more than {MAX_DEPTH} levels deep; no record is", label, rule="json-depth")
    if isinstance(e, ValueError):
        # The only other ValueError: int() refuses more than 4300 digits (the CVE-2020-10735 limit).
        return InputError("malformed JSON: a number has more than 4300 digits", label, rule="json-syntax")
    return None


# Text read at a time by iter_json; an element may span any number of reads.
CHUNK_CHARS = 1 << 20
_WHITESPACE = " \t\n\r"
# JSON text that could decode to a lone surrogate (an escaped backslash followed by "ud8.." is a
# false alarm that only costs the exact check).
_SURROGATE_ESCAPE = lazy_re(r"\\u[dD][89a-fA-F]")


def iter_json(path: Path, label: str | None = None) -> Iterator[tuple[str, Any]]:
    """(JSON pointer, value) for each element of a top-level array, read one at a time; else ("", the value).

    A collection is streamed: memory holds one element plus a buffer, whatever the file's size.
    MAX_FILE_BYTES applies to a file parsed whole (a single object) and to each array element.
    """
    label = label or str(path)
    for pointer, text, index in iter_json_text(path, label, raw=False):
        yield pointer, text if index is not None else loads(text, label)


def iter_json_text(path: Path, label: str, raw: bool = True) -> Iterator[tuple[str, Any, int | None]]:
    """(JSON pointer, JSON text, array index) for each element of a top-level array; else ("", the
    file's text, None). parse_item(text, label, index) gives what iter_json gives, with its errors.

    An element's text is cut out by the plain C decoder, which finds the same ends; where it stops
    (a syntax error, or the end of what was read), the strict decoder is run as iter_json runs it,
    so the same error is raised first. A duplicate key, NaN or lone surrogate in a complete element
    is left for parse_item. (With raw=False, the value is parsed here and given instead of the
    text: iter_json.)
    """
    with _open(path, label) as fh:
        head = _read(fh, label, 4096)
        if not head.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"["):
            yield "", _read_rest(fh, head, label), None
            return
        _check_start(head, label)
        yield from _stream_array(fh, head, label, raw)


def parse_item(text: str, label: str, index: int | None) -> Any:
    """The value of a text iter_json_text gave, refused as iter_json refuses it."""
    if index is None:
        return loads(text, label)
    try:
        item = _decoder().decode(text)
    except (ValueError, RecursionError, InputError) as e:
        # Only the strict hooks can refuse what the plain decoder cut out: no position to give.
        raise _json_error(e, label, lambda at: f"record {index}", f"/{index}") or e from None
    if _suspect(text, 0, len(text)):
        _check_tree(item, label, (index,))
    return item


def _stream_array(fh: IO[bytes], head: bytes, label: str, raw: bool) -> Iterator[tuple[str, Any, int]]:
    strict = _decoder().raw_decode
    plain = json.JSONDecoder().raw_decode  # raw mode: cuts elements out; the strict one decides where it stops
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    raw_offset = 0  # file offset of the next bytes to decode
    raw_lines = 0  # newlines in the bytes decoded so far
    buf = ""
    pos = 0  # next character of buf to look at
    lines = 0  # newlines in the text dropped before buf
    column = 0  # characters dropped since the last dropped newline
    eof = False
    pending = head

    def more(want: int) -> None:
        """Drop buf[:pos] and append at least `want` characters (or all that is left)."""
        nonlocal buf, pos, lines, column, eof, raw_offset, raw_lines, pending
        dropped = buf[:pos]
        newlines = dropped.count("\n")
        if newlines:
            lines += newlines
            column = len(dropped) - dropped.rfind("\n") - 1
        else:
            column += len(dropped)
        parts = [buf[pos:]]
        got = 0
        while got < want and not eof:
            raw = pending or fh.read(max(want, CHUNK_CHARS))
            pending = b""
            eof = not raw
            try:
                text = utf8.decode(raw, final=eof)
            except UnicodeDecodeError as e:
                raise _not_utf8(raw, e.start, raw_offset, raw_lines, label) from None
            raw_offset += len(raw)
            raw_lines += raw.count(b"\n")
            parts.append(text)
            got += len(text)
        buf = "".join(parts)
        pos = 0

    def where(at: int) -> str:
        before = buf.rfind("\n", 0, at)
        col = at - before if before >= 0 else column + at + 1
        return f"line {lines + buf.count(chr(10), 0, at) + 1}, column {col}"

    def skip_space() -> None:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in _WHITESPACE:
                pos += 1
            if pos < len(buf) or eof:
                return
            more(CHUNK_CHARS)

    def syntax(message: str) -> InputError:
        return InputError(f"malformed JSON: {message}", label, where(pos), "json-syntax")

    def element(decode: Callable[[str, int], tuple[Any, int]]) -> tuple[Any, int]:
        """(value, end) of the element at pos; end -1 when it may be cut off by the buffer's end."""
        try:
            item, end = decode(buf, pos)
        except (ValueError, RecursionError, InputError) as e:
            if not eof and isinstance(e, json.JSONDecodeError):
                return None, -1  # perhaps only cut off by the buffer's end: read more
            raise _json_error(e, label, where, f"/{index}") or e from None
        return (item, end) if end < len(buf) or eof else (None, -1)  # complete: something follows, or the file ends

    more(CHUNK_CHARS)
    skip_space()
    pos += 1  # the "["
    skip_space()
    if buf.startswith("]", pos):
        raise InputError("the array holds no records", label, rule="file")  # as records.record_dicts says it
    index = 0
    while True:
        skip_space()
        want = CHUNK_CHARS
        while True:
            if raw:
                # Where the plain decoder does not find a whole element (an error, or the end of
                # what was read), the strict one decides as iter_json does: a duplicate key or NaN
                # before that point is what iter_json reports first.
                try:
                    item, end = element(plain)
                except InputError:
                    end = -1
                if end == -1:
                    item, end = element(strict)
            else:
                item, end = element(strict)
            if end != -1:
                break
            # Cut off by the buffer's end: read more (doubling, so one huge element costs linear time).
            if len(buf) - pos > MAX_FILE_BYTES:
                raise InputError(
                    f"record {index} is larger than {MAX_FILE_BYTES // 2**20} MiB; no record is", label, where(pos), "json-size"
                )
            more(want)
            want = max(want, len(buf))
        if raw:
            yield f"/{index}", buf[pos:end], index
        else:
            if _suspect(buf, pos, end):
                _check_tree(item, label, (index,))
            yield f"/{index}", item, index
        index += 1
        pos = end
        skip_space()
        if pos >= len(buf):
            raise syntax("Expecting ',' delimiter")
        if buf[pos] == "]":
            pos += 1
            break
        if buf[pos] != ",":
            raise syntax("Expecting ',' delimiter")
        pos += 1
    skip_space()
    if pos < len(buf):
        raise syntax("Extra data")


def _no_constant(name: str) -> Any:
    raise InputError(f"{name} is not JSON (Python's json reads it, no other reader does)", rule="json-syntax")


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0:  # inf: 1e400 overflows a double, and would be reported as "inf"
        raise InputError(f"the number {text[:40]} is too large to be read (it overflows to infinity)", rule="json-syntax")
    return value


def _check_tree(data: Any, label: str, start: tuple[Any, ...] = ()) -> None:
    """Refuse what the validators cannot take: absurd nesting and lone surrogates (no recursion here)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, start)]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise InputError(f"JSON is nested more than {MAX_DEPTH} levels deep; no record is", label, rule="json-depth")
        if isinstance(node, str):
            if SURROGATE.search(node):
                raise InputError(_surrogate_message(node), label, _pointer(path), "json-surrogate")
        elif isinstance(node, dict):
            for key, value in node.items():
                if SURROGATE.search(key):
                    raise InputError(_surrogate_message(key), label, _pointer(path), "json-surrogate")
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))


def _surrogate_message(text: str) -> str:
    found = SURROGATE.search(text)
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
        try:
            if _is_dir(name):
                found = resources.record_files(p)
                if not found:
                    raise InputError("folder holds no record (*.json) files", name, rule="file")
                yield from found
            else:
                _refuse_export(name)
                yield p
        except InputError as e:
            # In its place among the paths: reading the stand-in raises the error, so whoever
            # lists the paths first (validate) still reads and reports every other path.
            yield _Failed(name, e)


def citation_format(name: str) -> Any:
    """The citation format (a formats.Format) a file's ending names (.bib, .ris, .csl.json, ...),
    or None for a record's name (*.json) or an ending of no format."""
    from .formats import by_suffix

    base = os.path.basename(name)
    return None if resources.is_record_name(base.lower()) else by_suffix(base)


def _refuse_export(name: str) -> None:
    """A file named whose ending is a citation format's (.bib, .ris, .csl.json, ...) is no record:
    one line that says so, not a JSON syntax error at line 1 or a schema error per CSL-JSON key."""
    fmt = citation_format(name)
    if fmt is None:
        return
    how = "`nenbib convert` or `nenbib import` reads it" if hasattr(fmt.load(), "read") else f"nenbib cannot read {fmt.name}"
    raise InputError(f"{fmt.name} by its ending, not a nenbib record (JSON); {how}", name, rule="file")


class _Failed(type(Path())):  # type: ignore[misc]  # PosixPath or WindowsPath, as Path() makes
    """A path named that expand could not look into: opening it (files._open) raises the error."""

    def __new__(cls, name: str, error: InputError) -> _Failed:
        self = super().__new__(cls, name)
        self.error = error
        return self

    def __str__(self) -> str:
        return self.error.filename or super().__str__()  # as given ("folder/"), for the messages


def _is_dir(name: str) -> bool:
    """Whether name is a folder (or a symlink to one). A path that cannot be searched is one
    clear error; one that leads nowhere is left to reading, which names the problem."""
    try:
        return stat.S_ISDIR(os.stat(name).st_mode)
    except PermissionError:
        raise InputError("permission denied (a folder on its path cannot be searched)", name, rule="file") from None
    except (OSError, ValueError):  # no such file, a symlink loop, a NUL byte: reading it says so
        return False


def display(path: Path) -> str:
    """A path as the user gave it; a shipped record relative to the working folder when inside it."""
    # A _Failed stand-in is shown as named: relative_to() would make a bare copy without its error.
    if path.is_absolute() and path.parent == resources.refs_dir() and not isinstance(path, _Failed):
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            pass
    return str(path)
