"""nenbib: one journal article described once, exactly, and exported to the citation formats."""

__version__ = "0.1.0"

__all__ = ["FORMATS", "NenbibError", "__version__", "export", "load_record", "validate_record"]

# Nothing is imported when the package loads (not even __future__: the annotations are quoted):
# the `nenbib` command runs this file before nenbib.__main__.run can catch a Ctrl-C, so FORMATS
# and NenbibError load when first asked for.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from collections.abc import Iterable
    from typing import Any

    from .errors import NenbibError
    from .formats import FORMATS
    from .model import Record
    from .validate import Problem


_LAZY = {"NenbibError": ".errors", "FORMATS": ".formats"}


def __getattr__(name: str) -> "Any":
    """FORMATS and NenbibError, imported on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'nenbib' has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(_LAZY[name], __name__), name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def load_record(path: "str | os.PathLike[str] | None" = None) -> "Record":
    """The record in a file (default: the shipped record), validated on the way in."""
    from .records import load_record as _load

    return _load(path)


def validate_record(data: object) -> "list[Problem]":
    """Every problem with a record dict (empty when it is valid), as `nenbib validate` reports them;
    a value no JSON file holds (a set, bytes, a tuple, NaN, ...) is a problem too, never an exception."""
    from .records import check_dict
    from .validate import json_problems

    return json_problems(data) or check_dict(data, None)


def export(records: "Record | Iterable[Record]", fmt: str, ascii: bool = False) -> str:
    """Records (one Record or several) as text in a registered format (any case, as the CLI takes).
    What is not a Record, or an unknown format, is a UsageError (never an AttributeError from a writer);
    two records of one id (compared without case) are a ValidationError, as `nenbib export` says."""
    from collections.abc import Iterable as _Iterable

    from .errors import UsageError
    from .formats import FORMATS, Options
    from .model import Record as _Record
    from .records import Ids

    name = fmt.lower() if isinstance(fmt, str) else None
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if isinstance(records, _Record):
        items = [records]
    elif isinstance(records, (str, bytes, dict)) or not isinstance(records, _Iterable):
        raise UsageError(f"export takes a Record or an iterable of Records, not {_not_record(records)}")
    else:
        items = list(records)
    ids = Ids()  # two records of one id: the writers' keys would clash, and the CLI refuses them too
    for i, item in enumerate(items):
        if not isinstance(item, _Record):
            raise UsageError(f"export: item {i} of the records is not a Record but {_not_record(item)}")
        ids.check(item, "records", f"/{i}")
    return "".join(FORMATS[name].load().write(items, Options(ascii=ascii)))


def _not_record(value: object) -> str:
    from .validate import a_type

    return f"{a_type(value)} (nenbib.load_record makes a Record of a record file)"
