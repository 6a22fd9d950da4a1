"""Build stamps: proof that a shipped record is the one `nenbib build` validated and exported.

`build` writes `<key>.stamp` beside each record: a SHA-256 over the record file, the schema, the
semantic rules (validate.py) and the package version. While the stamp matches, `nenbib export`
may serve the prebuilt files and `nenbib validate` may skip the validator; after any edit it does
not match, and both do the full work (a stale export is never served).
"""

from __future__ import annotations

from pathlib import Path

from . import __version__, resources

SUFFIX = ".stamp"
_RULES = Path(__file__).with_name("validate.py")


def path_for(record: Path) -> Path:
    return record.with_name(record.stem + SUFFIX)


def digest(record: Path) -> str:
    """The stamp text for a record file as it is now."""
    import hashlib

    h = hashlib.sha256()
    for part in (record, resources.schema_path(), _RULES):
        data = part.read_bytes()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    h.update(__version__.encode())
    return f"sha256:{h.hexdigest()}\n"


def is_current(record: Path) -> bool:
    """Whether the record, schema and rules are byte for byte those its stamp was built from."""
    try:
        with open(path_for(record), encoding="ascii") as fh:
            return fh.read() == digest(record)
    except (OSError, UnicodeDecodeError):
        return False


def validated_shipped_count() -> int | None:
    """How many records the package ships, when every shipped file's stamp is current; else None."""
    import json

    shipped = resources.shipped_records()
    if not shipped or not all(is_current(p) for p in shipped):
        return None
    count = 0
    for path in shipped:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
        count += len(data) if isinstance(data, list) else 1
    return count
