"""The public functions, which nenbib/__init__.py loads on first use (PEP 562): their annotations
name real, imported types, so typing.get_type_hints resolves them (quoted names of types imported
only for type checkers raised NameError), and `import nenbib` still imports nothing."""

from __future__ import annotations

import os
from collections.abc import Iterable

from .errors import UsageError
from .formats import FORMATS, Options
from .model import Record
from .records import Ids, check_dict
from .records import load_record as _load
from .validate import Problem, a_type, json_problems

__all__ = ["export", "load_record", "validate_record"]


def load_record(path: str | os.PathLike[str] | None = None) -> Record:
    """The record in a file (default: the shipped record), validated on the way in."""
    return _load(path)


def validate_record(data: object) -> list[Problem]:
    """Every problem with a record dict (empty when it is valid), as `nenbib validate` reports them;
    a value no JSON file holds (a set, bytes, a tuple, NaN, ...) is a problem too, never an exception."""
    return json_problems(data) or check_dict(data, None)


def export(records: Record | Iterable[Record], fmt: str, ascii: bool = False) -> str:
    """Records (one Record or several) as text in a registered format (any case, as the CLI takes).
    What is not a Record, or an unknown format, is a UsageError (never an AttributeError from a writer);
    two records of one id (compared without case) are a ValidationError, as `nenbib export` says."""
    name = fmt.lower() if isinstance(fmt, str) else None
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if isinstance(records, Record):
        items = [records]
    elif isinstance(records, (str, bytes, dict)) or not isinstance(records, Iterable):
        raise UsageError(f"export takes a Record or an iterable of Records, not {_not_record(records)}")
    else:
        items = list(records)
    ids = Ids()  # two records of one id: the writers' keys would clash, and the CLI refuses them too
    for i, item in enumerate(items):
        if not isinstance(item, Record):
            raise UsageError(f"export: item {i} of the records is not a Record but {_not_record(item)}")
        ids.check(item, "records", f"/{i}")
    return "".join(FORMATS[name].load().write(items, Options(ascii=ascii)))


def _not_record(value: object) -> str:
    return f"{a_type(value)} (nenbib.load_record makes a Record of a record file)"
