"""Where a problem sits in its file: the line and column a JSON pointer names, for CI annotations.

The standard json module forgets positions, so this walks the text along the pointer, reading
keys and skipping unwanted values with json's own decoder (raw_decode returns where a value
ends), which keeps it exact (the same grammar) and short.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from . import files
from ._regex import lazy_re
from .errors import InputError
from .validate import Problem

_WS = lazy_re(r"[ \t\n\r]*")
_LINE_COLUMN = lazy_re(r"^line (\d+)(?:, column (\d+))?")
_DECODER = json.JSONDecoder()


def _line_column(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]  # the pattern matches the empty string


def _member(text: str, pos: int, key: str) -> tuple[int, int] | None:
    """(position of the key, position of its value) in the object starting at pos, or None."""
    pos = _skip(text, pos + 1)
    while pos < len(text) and text[pos] == '"':
        key_at = pos
        name, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] != ":":
            return None
        pos = _skip(text, pos + 1)
        if name == key:
            return key_at, pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] != ",":
            return None
        pos = _skip(text, pos + 1)
    return None


def _item(text: str, pos: int, index: int) -> int | None:
    """Position of the index-th item of the array starting at pos, or None."""
    pos = _skip(text, pos + 1)
    for _ in range(index):
        if text[pos] == "]":
            return None
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] != ",":
            return None
        pos = _skip(text, pos + 1)
    return None if text[pos] == "]" else pos


def position(text: str, pointer: str) -> tuple[int, int] | None:
    """(line, column), 1-based, of what the JSON pointer names: a member's key, an item's value.

    A pointer into something the file lacks (a missing property) gives its deepest ancestor that
    is there; text that is not JSON gives None.
    """
    try:
        pos = _skip(text, 0)
        if pos >= len(text):
            return None
        best = pos
        for token in _tokens(pointer):
            if text[pos] == "{":
                found = _member(text, pos, token)
                if found is None:
                    break
                best, pos = found
            elif text[pos] == "[" and token.isdigit():
                at = _item(text, pos, int(token))
                if at is None:
                    break
                best = pos = at
            else:
                break
        return _line_column(text, best)
    except (ValueError, IndexError):
        return None


class Locator:
    """Positions of problems in their files, reading each file once."""

    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}

    def _text(self, name: str) -> str | None:
        if name not in self._texts:
            try:
                # A regular file only: a pipe (validate -) or FIFO was read by the validation, which the
                # annotations follow as it goes; read here, it lost validate the rest of its records, and
                # opening a FIFO whose writer is gone waits for a new one.
                if not stat.S_ISREG(os.stat(name).st_mode):
                    raise OSError
                # As validation read it, under the same size limit: a file over it (or one that grew past
                # it since) gives no position rather than being read whole.
                self._texts[name] = files.read_text(Path(name), name)
            except (OSError, ValueError, InputError):
                self._texts[name] = None
        return self._texts[name]

    def find(self, problem: Problem) -> tuple[int, int] | None:
        """(line, column) of the problem, or None when it has no place in a readable JSON file."""
        given = _LINE_COLUMN.match(problem.pointer or "")
        if given:
            # Parse errors already say where (files.read_json: "line 3, column 12").
            return int(given.group(1)), int(given.group(2) or 1)
        if problem.pointer is None or (problem.pointer and not problem.pointer.startswith("/")) or not problem.file:
            return None
        text = self._text(problem.file)
        return None if text is None else position(text, problem.pointer)
