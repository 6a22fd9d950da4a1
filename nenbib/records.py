"""Loading records: read, validate once on the way in, build the model."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from . import files, model, resources
from .errors import InputError, NenbibError, OutputError, UsageError, ValidationError
from .validate import Problem, a_type, validate_record


def record_dicts(data: Any, label: str) -> Iterator[tuple[str, Any]]:
    """(JSON pointer, item) for a file holding one record object or an array of them."""
    if isinstance(data, list):
        if not data:
            raise InputError("the array holds no records", label, rule="file")
        for i, item in enumerate(data):
            yield f"/{i}", item
    else:
        yield "", data


# JSON's names for what json.loads returns (bool before int: True is an int in Python).
_JSON_KINDS = ((bool, "true or false"), (int, "a number"), (float, "a number"), (str, "a string"), (list, "an array"))
# A message quotes the offending value; a 30 MB string must not become a 30 MB line on stderr.
MAX_MESSAGE = 300
# A reader's note, after its file's name: its reason and advice run to about 300 characters uncut.
MAX_NOTE = 600


def _json_kind(value: Any) -> str:
    return "null" if value is None else next((name for t, name in _JSON_KINDS if isinstance(value, t)), type(value).__name__)


def short_message(message: str, limit: int = MAX_MESSAGE) -> str:
    """The message, or its two ends when it is longer than limit (it quotes a huge value)."""
    if len(message) <= limit:
        return message
    # Keep both ends: the value quoted first, what is wrong with it last ("... is too long").
    head, tail = limit * 3 // 5, limit * 4 // 15
    return f"{message[:head]} [... {len(message) - head - tail:,} characters ...] {message[-tail:]}"


# Keys of a CSL-JSON item (Zotero's "CSL JSON" export, My Library.json) that no record has.
_CSL_KEYS = ("author", "container-title", "page", "DOI")


def check_dict(data: Any, label: str | None, base: str = "") -> list[Problem]:
    """Problems of one record dict, pointers prefixed with base (its place in the file)."""
    if not isinstance(data, dict):
        return [Problem(label, base or "/", "schema:type", f"a record is a JSON object, not {_json_kind(data)}")]
    problems = [Problem(p.file, base + (p.pointer or ""), p.rule, short_message(p.message)) for p in validate_record(data, label)]
    if problems and "authors" not in data and "journal" not in data and any(k in data for k in _CSL_KEYS):
        # One line, not a schema error for each CSL key: what it is, and what reads it.
        keys = ", ".join(k for k in _CSL_KEYS if k in data)
        message = f"a CSL-JSON item ({keys}), not a nenbib record; `nenbib convert` or `nenbib import` reads it"
        return [Problem(label, base or "/", "not-a-record", message)]
    return problems


def to_record(data: Any, label: str, base: str = "") -> model.Record:
    """Validate one record dict and build the model; every problem is raised at once."""
    problems = check_dict(data, label, base)
    if problems:
        raise ValidationError(problems, label)
    return model.from_dict(data)


class Ids:
    """The ids of a collection's records so far: a second record with an id (compared without case,
    as BibTeX, biber and pandoc compare keys: they keep only one of the two) is a problem.
    Memory grows with the collection by one short string a record (~8 MB for 10^5)."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def problem(self, record_id: Any, label: str, base: str) -> Problem | None:
        """The problem of a record with this id at label/base, or None when the id is new."""
        if not isinstance(record_id, str):
            return None  # the schema's to report
        key = record_id.casefold()
        first = self.first.get(key)
        if first is None:
            self.first[key] = f"{label} {base}" if base else label
            return None
        return Problem(label, f"{base}/id", "id-unique", f"id {record_id!r} is already the id of the record in {first}")

    def check(self, record: model.Record, label: str, base: str) -> model.Record:
        """The record, or its id-unique problem raised."""
        problem = self.problem(record.id, label, base)
        if problem is not None:
            raise ValidationError([problem], label)
        return record


def iter_records(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = ()) -> Iterator[model.Record]:
    """Records of the files and folders named (one path, or several; none: the shipped ones),
    validated, streamed; a record whose id an earlier one has is an error (Ids)."""
    return (record for _, _, record in iter_placed(path_names(paths, "iter_records")))


def path_names(paths: object, caller: str) -> list[str]:
    """The paths an API function was given, as strings: one path, or an iterable of them. Anything
    else is one UsageError, not a TypeError from deep inside (or "3: no such file", or the letters
    of a path read as paths one by one)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, (bytes, dict)) or not isinstance(paths, Iterable):
        raise UsageError(f"{caller} takes a path (str or os.PathLike) or a list of paths, not {a_type(paths)}{_hint(paths)}")
    names: list[str] = []
    for path in paths:
        name = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
        if not isinstance(name, str):
            raise UsageError(f"{caller} takes paths as str or os.PathLike, not {a_type(path)}{_hint(path)}")
        if not name:
            raise UsageError(f'{caller}: an empty path ("") names no file')
        names.append(name)
    return names


def _hint(value: object) -> str:
    if isinstance(value, dict):
        return " (a record dict: nenbib.validate_record checks it)"
    if isinstance(value, bytes):
        return " (os.fsdecode gives the str)"
    if isinstance(value, (list, tuple)):
        return " (nenbib.records.iter_records reads several files)"
    return ""


def iter_placed(paths: Iterable[str] = ()) -> Iterator[tuple[str, str, model.Record]]:
    """(file label, JSON pointer, record) of each record iter_records gives."""
    ids = Ids()
    for path in files.expand(paths):
        label = files.display(path)
        for base, item in files.iter_json(path, label):
            yield label, base, ids.check(to_record(item, label, base), label, base)


class Place:
    """Where the record a writer was last given came from, so that an error the writer raises about
    it without naming a file (--ascii: a character with no LaTeX command) names its file and place."""

    def __init__(self) -> None:
        self.label: str | None = None
        self.pointer = ""
        self.record: model.Record | None = None

    def follow(self, placed: Iterable[tuple[str, str, model.Record]]) -> Iterator[model.Record]:
        """The records of (label, pointer, record) items, remembering where each came from."""
        for self.label, self.pointer, record in placed:
            self.record = record
            yield record

    def mark(self, error: BaseException) -> BaseException:
        """The error, placed at the last record when it is a writer's error that names no file (its
        pointer, if any, is within the record: /title becomes /7/title)."""
        if isinstance(error, OutputError) and error.filename is None and self.label is not None:
            error.filename = self.label
            error.where = self.pointer + (error.where or "") or None
        return error


def iter_texts(paths: Iterable[str] = ()) -> Iterator[tuple[str, str, str, int | None]]:
    """(file label, JSON pointer, JSON text, array index) of each record in the files and folders
    named, not parsed yet: text_record() makes the record iter_records gives, or raises its error."""
    for path in files.expand(paths):
        label = files.display(path)
        for base, text, index in files.iter_json_text(path, label):
            yield label, base, text, index


def text_record(label: str, base: str, text: str, index: int | None) -> model.Record:
    """The validated record of an item of iter_texts."""
    return to_record(files.parse_item(text, label, index), label, base)


class Check:
    """The problems of the records in files and folders, given one by one as they are found (unreadable
    files are problems too); `records` counts the records read so far. Nothing is kept: an endless array
    from a pipe (`[1,1,1,...`) once had every problem held until its end (890 MB in 20 s)."""

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self.paths = paths
        self.records = 0

    def __iter__(self) -> Iterator[Problem]:
        try:
            found = list(files.expand(self.paths))
        except NenbibError as e:
            yield Problem(e.filename, e.where, e.rule or "file", e.message)
            return
        if not found:
            yield Problem(str(resources.refs_dir()), None, "file", "no record files found")
            return
        ids = Ids()
        for path in found:
            label = files.display(path)
            try:
                for base, item in files.iter_json(path, label):
                    self.records += 1
                    yield from check_dict(item, label, base)
                    repeated = ids.problem(item.get("id") if isinstance(item, dict) else None, label, base)
                    if repeated is not None:
                        yield repeated
            except NenbibError as e:
                yield Problem(label, e.where, e.rule or "file", e.message)


def load_record(path: str | os.PathLike[str] | None = None) -> model.Record:
    """The record in a file of one record (default: the first shipped record), validated. A folder,
    or a file of several records, is an error that names the API that reads each (iter_records):
    the first record alone was taken for the whole, without a word."""
    if path is None:
        shipped = resources.shipped_records()
        if not shipped:
            raise InputError("the package ships no record", str(resources.refs_dir()))
        path = shipped[0]
    if not isinstance(path, (str, os.PathLike)):
        raise UsageError(f"load_record takes the path of a record file (str or os.PathLike), not {a_type(path)}{_hint(path)}")
    (name,) = path_names(path, "load_record")
    if os.path.isdir(name):
        raise InputError(f"is a folder, not a record file; {_EACH}", name, rule="file")
    texts = iter_texts([name])  # counted without parsing or validating the others: what they hold is not asked
    label, base, text, index = next(texts)
    more = sum(1 for _ in texts)
    if more:
        raise UsageError(f"holds {more + 1} records, and load_record reads a file of one; {_EACH}", label)
    return text_record(label, base, text, index)


# How to read every record of a folder or collection file, in the Python API and on the command line.
_EACH = "nenbib.records.iter_records(path) gives each record (nenbib validate / nenbib export read them all)"
