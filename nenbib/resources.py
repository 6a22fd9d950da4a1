"""The one place that knows where the shipped records and the schema live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A built wheel carries refs/ and schema/ inside the package (see pyproject's force-include);
# a source checkout has them at the repository's top level, which is their single source.
_DATA = _PACKAGE / "_data"
_ROOT = _DATA if (_DATA / "schema").is_dir() else _PACKAGE.parent


def refs_dir() -> Path:
    """Folder of the shipped records and their prebuilt exports."""
    return _ROOT / "refs"


def schema_path() -> Path:
    """Path of the record JSON Schema."""
    return _ROOT / "schema" / "record.schema.json"


# Exports that share the .json ending sit beside the records; they are not records.
EXPORT_JSON_SUFFIXES = (".csl.json", ".ld.json")


def record_files(folder: Path) -> list[Path]:
    """The canonical record files in a folder (every *.json but JSON exports), sorted."""
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(EXPORT_JSON_SUFFIXES))


def shipped_records() -> list[Path]:
    """The canonical record files the package ships, sorted by name."""
    return record_files(refs_dir())
