"""Build stamps: proof that a shipped record is the one `nenbib build` validated and exported.

`build` writes `<key>.stamp` beside each record: a BLAKE2b digest over the record file, the schema,
the semantic rules (validate.py) and the package version, and the fidelity notes `nenbib export`
prints for each prebuilt format. While the digest matches, `nenbib export` serves the prebuilt
file with its note and `nenbib validate` skips the validator (the start-up path loads neither the
model nor jsonschema); after any edit it does not match, and both do the full work, so nothing
stale is ever served. `nenbib check` compares the stamp like every other built file.
"""

from __future__ import annotations

import json
import os
from typing import Any

from . import __version__, resources

SUFFIX = ".stamp"
_RULES = os.path.join(os.path.dirname(__file__), "validate.py")
StrPath = str | os.PathLike[str]


def path_for(record: StrPath) -> str:
    """The stamp beside a record file: <key>.json -> <key>.stamp."""
    return os.path.splitext(os.fspath(record))[0] + SUFFIX


def digest(record: StrPath) -> str:
    """The digest of a record file, the schema and the rules as they are now."""
    try:  # _blake2 loads in ~0.5 ms; hashlib loads OpenSSL first (~5 ms, a sixth of `import click`)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython has it; other interpreters may not
        from hashlib import blake2b

    h = blake2b(digest_size=32)
    for part in (record, resources.schema_file(), _RULES):
        with open(part, "rb") as fh:
            data = fh.read()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    h.update(__version__.encode())
    return f"blake2b-256:{h.hexdigest()}"


def text(record: StrPath, notes: dict[str, str], reports: dict[str, str]) -> str:
    """The stamp file for a record: its digest, and per format the note and the --report lines."""
    body = {"digest": digest(record), "notes": notes, "report": reports}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def current(record: StrPath) -> dict[str, Any] | None:
    """The record's stamp when the record, schema and rules are byte for byte those it was built from."""
    try:
        with open(path_for(record), encoding="utf-8") as fh:
            found = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("digest") != digest(record):
        return None
    return found


def is_current(record: StrPath) -> bool:
    return current(record) is not None


def validated_shipped_count() -> int | None:
    """How many records the package ships, when every shipped file's stamp is current; else None."""
    shipped = resources.shipped_record_files()
    if not shipped or not all(is_current(p) for p in shipped):
        return None
    count = 0
    for path in shipped:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
        count += len(data) if isinstance(data, list) else 1
    return count
