"""The one place that knows where the shipped records and the schema live.

Plain os.path strings underneath (refs_folder, schema_file, shipped_record_files): the start-up
path of `nenbib export` and `nenbib validate` does not import pathlib (~7 ms, issue 8).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.realpath(__file__))
# A built wheel carries refs/ and schema/ inside the package (see pyproject's force-include);
# a source checkout has them at the repository's top level, which is their single source.
_DATA = os.path.join(_PACKAGE, "_data")
_ROOT = _DATA if os.path.isdir(os.path.join(_DATA, "schema")) else os.path.dirname(_PACKAGE)

# Exports that share the .json ending sit beside the records; they are not records.
EXPORT_JSON_SUFFIXES = (".csl.json", ".ld.json")


def installed() -> bool:
    """Whether the records and schema are the installed package's copy (a wheel), not a checkout's."""
    return _ROOT == _DATA


def refs_folder() -> str:
    """Folder of the shipped records and their prebuilt exports."""
    return os.path.join(_ROOT, "refs")


def schema_file() -> str:
    """Path of the record JSON Schema."""
    return os.path.join(_ROOT, "schema", "record.schema.json")


def refs_dir() -> Path:
    from pathlib import Path

    return Path(refs_folder())


def schema_path() -> Path:
    from pathlib import Path

    return Path(schema_file())


def is_record_name(name: str) -> bool:
    """Whether a file name in a records folder is a record: every *.json but the JSON exports."""
    return name.endswith(".json") and not name.endswith(EXPORT_JSON_SUFFIXES)


def _record_names(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if is_record_name(e.name) and _may_be_file(e))
    except PermissionError:
        raise InputError("permission denied (cannot list the folder)", folder, rule="file") from None
    except OSError as e:
        raise InputError(f"cannot list the folder: {e.strerror or e}", folder, rule="file") from None


def _may_be_file(entry: os.DirEntry[str]) -> bool:
    """A file, or a symlink that does not lead to a folder: one that leads nowhere (dangling, a
    loop, a target that cannot be looked at) is listed, so that reading it names the problem."""
    try:
        if entry.is_file():
            return True
    except OSError:  # a symlink loop (ELOOP), a target in a folder that cannot be searched
        return True
    return entry.is_symlink() and not entry.is_dir()


def record_files(folder: Path) -> list[Path]:
    """The canonical record files in a folder, sorted by name."""
    return [folder / name for name in _record_names(str(folder))]


def shipped_records() -> list[Path]:
    """The canonical record files the package ships, sorted by name."""
    return record_files(refs_dir())


def shipped_record_files() -> list[str]:
    """shipped_records() as strings, without pathlib."""
    folder = refs_folder()
    return [os.path.join(folder, name) for name in _record_names(folder)]
