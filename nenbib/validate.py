"""Validation: the JSON Schema, then the semantic rules a schema cannot express.

Every problem carries a JSON pointer and a rule name. jsonschema is imported only here, and
only when a record is validated.
"""

from __future__ import annotations

import calendar
import json
import math
import operator
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import resources
from ._regex import lazy_re
from .files import MAX_DEPTH, SURROGATE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: where, which rule, what. The pointer is a JSON pointer ('' or
    '/' the whole record), a file's "line N, column M", or None for a file as a whole (missing,
    unreadable: no record to point into)."""

    file: str | None
    pointer: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        place = [] if self.pointer is None else [self.pointer or "/"]
        return ": ".join([*([self.file] if self.file else []), *place, f"{self.message} [{self.rule}]"])

    def as_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready dict: a JSON pointer ('/' the whole record), or for a file
        that is no JSON a null pointer and the line and column, or for a file as a whole a null pointer."""
        at = _LINE_COLUMN.fullmatch(self.pointer) if self.pointer is not None else None
        if self.pointer is None:
            place: dict[str, Any] = {"pointer": None}
        elif at:
            place = {"pointer": None, "line": int(at.group(1))}
            if at.group(2):
                place["column"] = int(at.group(2))
        else:
            place = {"pointer": self.pointer or "/"}
        return {"file": self.file, **place, "rule": self.rule, "message": self.message}


_LINE_COLUMN = lazy_re(r"line (\d+)(?:, column (\d+))?")


def pointer(path: Any) -> str:
    """A JSON pointer (RFC 6901) from a sequence of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@lru_cache(maxsize=1)
def _schema() -> Any:
    return json.loads(resources.schema_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(_schema())


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    # jsonschema-rs answers "valid?" in ~15 us where jsonschema takes ~2.5 ms a record (measured on the
    # shipped record); jsonschema still writes every message, so reports read the same either way.
    return _compile_rs(_schema())


def _compile_rs(schema: dict[str, Any]) -> Any:
    import decimal  # noqa: F401  jsonschema-rs imports it from Rust: a Ctrl-C there would be a Rust panic

    import jsonschema_rs

    return jsonschema_rs.validator_for(schema)


# Unicode's 66 noncharacters (U+FDD0-U+FDEF, the last two code points of every plane): kept for
# programs' internal use, never text; XML cannot hold U+FFFE and U+FFFF.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + "-" + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
# The classes of _CONTROL and _CONTROL_BUT_LF below (with the noncharacters), as pattern text for jsonschema-rs.
_CONTROL_CLASS = "\\x00-\\x1f\\x7f-\\x9f" + _NONCHARACTERS
_CONTROL_BUT_LF_CLASS = "\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f" + _NONCHARACTERS


@lru_cache(maxsize=1)
def _clean_validator() -> Any:
    """jsonschema-rs for the schema plus the control-character rule: valid means both hold.

    The rule is added as one schema that reaches every string however the record schema is
    built (every property but the abstract, every array item, recursively; the abstract may hold
    line breaks), so a record it accepts has no schema problem and no control character, and the
    Python walk of _has_control runs only for the records it refuses (~25 us a record saved on the
    synthetic collection of benchmarks/, issue 8). Refused records take the full path below, whose
    problems and messages do not depend on this validator.
    """
    schema = dict(_schema())
    no_control = "nenbib_no_control"
    schema["$defs"] = {
        **schema.get("$defs", {}),
        no_control: {
            "pattern": f"^[^{_CONTROL_CLASS}]*$",
            "additionalProperties": {"$ref": f"#/$defs/{no_control}"},
            "items": {"$ref": f"#/$defs/{no_control}"},
        },
    }
    schema["allOf"] = [
        *schema.get("allOf", []),
        {
            "properties": {"abstract": {"pattern": f"^[^{_CONTROL_BUT_LF_CLASS}]*$"}},
            "additionalProperties": {"$ref": f"#/$defs/{no_control}"},
        },
    ]
    return _compile_rs(schema)


def _schema_problems(data: Any, file: str | None) -> Iterator[Problem]:
    fast = _fast_validator()
    if fast.is_valid(data):
        return
    from jsonschema.exceptions import relevance

    found = False
    for err in sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), relevance(e))):
        found = True
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # One problem per unexpected key, placed at the key (a CI annotation on its line, not the object's).
            allowed = sorted(err.schema.get("properties", {}))
            for key in [k for k in err.instance if k not in allowed]:
                yield Problem(file, pointer([*err.absolute_path, key]), "schema:additionalProperties", _unexpected(key, allowed))
            continue
        yield Problem(file, pointer(err.absolute_path), f"schema:{err.validator}", _schema_message(err))
    if not found:  # the two engines disagree (regex dialects): trust the stricter one
        for e in fast.iter_errors(data):
            yield Problem(file, pointer(e.instance_path), "schema", e.message)


def _schema_message(err: Any) -> str:
    if err.validator == "maxLength":  # the limit, which the schema's message leaves out
        return f"{err.message} ({len(err.instance):,} characters; at most {err.validator_value:,})"
    if err.validator == "pattern":
        return f"{err.instance!r} does not have the required form: {err.schema.get('description', err.schema['pattern'])}"
    return err.message


def _unexpected(key: str, allowed: list[str]) -> str:
    """A key the object may not hold, with the allowed key it was likely a typo of ('titel')."""
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
    meant = f"; did you mean {close[0]!r}?" if close else ""
    return f"{key!r} is not an allowed field here{meant} (allowed: {', '.join(allowed)})"


# ---- semantic rules -------------------------------------------------------------------------


_ISSN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)
_CHECK_CHARACTER = "0123456789X"
_ORCID_WEIGHTS = tuple(2 ** (15 - k) for k in range(15))


def _issn_ok(issn: str) -> bool:
    digits = issn.replace("-", "")
    total = sum(map(operator.mul, map(int, digits[:7]), _ISSN_WEIGHTS))
    return digits[7] == _CHECK_CHARACTER[(11 - total % 11) % 11]


def _orcid_ok(orcid: str) -> bool:
    # ISO 7064 11,2 as ORCID documents it.
    digits = orcid.replace("-", "")
    if not digits[:-1].isdigit():
        # Only "...X" plus a line break gets here (_ORCID's $ matches before a final newline): the
        # check digit is not where it should be. (int("X") below used to raise.)
        return False
    # total = (total + d) * 2 over the digits, unrolled: d_k * 2^(15-k) (ISO 7064 11,2).
    total = sum(map(operator.mul, map(int, digits[:-1]), _ORCID_WEIGHTS))
    return digits[-1] == _CHECK_CHARACTER[(12 - total % 11) % 11]


_ISSN = lazy_re(r"^[0-9]{4}-[0-9]{3}[0-9X]$")
_ORCID = lazy_re(r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, (*path, i))


# Unicode category Cc: C0, DEL and C1 (and the noncharacters). A line break is allowed in the abstract only.
_CONTROL = lazy_re(f"[\x00-\x1f\x7f-\x9f{_NONCHARACTERS}]")
_CONTROL_BUT_LF = lazy_re(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_NONCHARACTERS}]")


def _has_control(d: dict[str, Any]) -> bool:
    """Whether any string in the record has a control character (a line break allowed in the abstract).

    One regex search over all strings joined, without building paths: ~10x faster than the walk
    below, which runs only when something is found, to say where.
    """
    stack = [v for k, v in d.items() if k != "abstract"]
    abstract = d.get("abstract")
    if isinstance(abstract, str):
        if _CONTROL_BUT_LF.search(abstract):
            return True
    elif abstract is not None:
        stack.append(abstract)
    texts: list[str] = []
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return _CONTROL.search("".join(texts)) is not None


def _control_problems(data: Any, file: str | None) -> Iterator[Problem]:
    if not _has_control(data):
        return
    for path, text in _strings(data):
        bad = (_CONTROL_BUT_LF if path == ("abstract",) else _CONTROL).search(text)
        if bad is None:
            pass
        elif bad.group() <= "\x9f":
            yield Problem(
                file, pointer(path), "no-control-characters", f"contains the control character U+{ord(bad.group()):04X}"
            )
        else:
            yield Problem(
                file,
                pointer(path),
                "no-noncharacters",
                f"contains U+{ord(bad.group()):04X}, a Unicode noncharacter (kept for programs' internal use, never text)",
            )


# Days of each month in a common year (index 1-12); February of a leap year has 29.
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# The schema's integers: written as JSON integers (2020, not 2020.0 or 2.02e3).
_WHOLE_NUMBERS = (("issued", ("year", "month", "day")), ("pages", ("first", "last", "count")))


def _semantic_problems(d: Any, file: str | None, controls: bool = True) -> Iterator[Problem]:
    """The semantic rules; controls=False only for a schema-valid record whose strings are known
    to hold no control character (validate_record's fast path)."""
    if not isinstance(d, dict):
        return
    if controls:
        yield from _control_problems(d, file)
    for parent, keys in _WHOLE_NUMBERS:
        node = d.get(parent)
        if not isinstance(node, dict):
            continue
        for key in keys:
            v = node.get(key)
            # JSON Schema counts 2020.0 as an integer; Python and every writer do not (year = {2020.0}).
            if v.__class__ is float and v.is_integer():
                yield Problem(file, f"/{parent}/{key}", "whole-number", f"{v!r} is written as a decimal; write {int(v)}")
    journal = d.get("journal")
    if isinstance(journal, dict):
        for key in ("issn_print", "issn_electronic"):
            v = journal.get(key)
            if isinstance(v, str) and _ISSN.match(v) and not _issn_ok(v):
                yield Problem(file, f"/journal/{key}", "issn-check-digit", f"ISSN {v} has a wrong check digit")
    pages = d.get("pages")
    if isinstance(pages, dict):
        first, last, count = pages.get("first"), pages.get("last"), pages.get("count")
        if isinstance(first, int) and isinstance(last, int):
            if first > last:
                yield Problem(file, "/pages", "page-order", f"first page {first} is after last page {last}")
            elif isinstance(count, int) and count != last - first + 1:
                yield Problem(file, "/pages/count", "page-count", f"count {count} is not last - first + 1 = {last - first + 1}")
    issued = d.get("issued")
    if isinstance(issued, dict) and all(isinstance(issued.get(k), int) for k in ("year", "month", "day")):
        y, m, day = issued["year"], issued["month"], issued["day"]
        if 1 <= m <= 12 and day > (29 if m == 2 and calendar.isleap(y) else _DAYS_IN_MONTH[m]):
            yield Problem(file, "/issued/day", "date-exists", f"{y:04d}-{m:02d}-{day:02d} is not a date")
    if controls or not _authors_fine(d):
        yield from _author_problems(d, file)
    keywords = d.get("keywords")
    if isinstance(keywords, list) and not _keywords_unique(keywords):
        seen: dict[str, int] = {}
        for i, k in enumerate(keywords):
            if isinstance(k, str):
                key = unicodedata.normalize("NFC", k).casefold()
                if key in seen:
                    yield Problem(file, f"/keywords/{i}", "keywords-unique", f"keyword {k!r} repeats keyword {seen[key]}")
                seen.setdefault(key, i)
    sources = d.get("sources")
    if isinstance(sources, list):
        for i, s in enumerate(sources):
            named = s.get("fields") if isinstance(s, dict) else None
            for j, f in enumerate(named if isinstance(named, list) else []):  # a non-list is the schema's to report
                if isinstance(f, str) and f not in d:
                    yield Problem(
                        file, f"/sources/{i}/fields/{j}", "source-field", f"names {f!r}, which this record does not have"
                    )


def _keywords_unique(keywords: list[Any]) -> bool:
    """Whether all keywords are strings that differ after NFC and case folding (the rule's loop below
    then has nothing to say)."""
    if not all(k.__class__ is str for k in keywords):
        return False
    keys = [unicodedata.normalize("NFC", k).casefold() for k in keywords]
    return len(set(keys)) == len(keys)


def _authors_fine(d: dict[str, Any]) -> bool:
    """Whether _author_problems has nothing to say about a schema-valid record, without its per-item
    loops (~10 us a record): unique affiliation ids, every reference resolved and every affiliation
    referenced, ORCID check digits right, at most one corresponding author."""
    affiliations = d.get("affiliations", ())
    ids = {a["id"] for a in affiliations}
    if len(ids) != len(affiliations):
        return False
    used: set[str] = set()
    corresponding = 0
    for a in d["authors"]:
        refs = a.get("affiliations")
        if refs:
            used.update(refs)
        orcid = a.get("orcid")
        if orcid is not None and not _orcid_ok(orcid):
            return False
        if a.get("corresponding") is True:
            corresponding += 1
    return corresponding <= 1 and used == ids


def _author_problems(d: dict[str, Any], file: str | None) -> Iterator[Problem]:
    authors: list[Any] = d["authors"] if isinstance(d.get("authors"), list) else []
    affs: list[Any] = d["affiliations"] if isinstance(d.get("affiliations"), list) else []
    ids: dict[str, int] = {}
    for i, a in enumerate(affs):
        aid = a.get("id") if isinstance(a, dict) else None
        if isinstance(aid, str):
            if aid in ids:
                yield Problem(
                    file,
                    f"/affiliations/{i}/id",
                    "affiliation-id-unique",
                    f"id {aid!r} is already used by /affiliations/{ids[aid]}",
                )
            ids.setdefault(aid, i)
    used: set[str] = set()
    corresponding: list[int] = []
    for i, a in enumerate(authors):
        if not isinstance(a, dict):
            continue
        refs = a.get("affiliations")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str):
                used.add(ref)
                if ref not in ids:
                    yield Problem(file, f"/authors/{i}/affiliations/{j}", "affiliation-ref", f"no affiliation has the id {ref!r}")
        orcid = a.get("orcid")
        if isinstance(orcid, str) and _ORCID.match(orcid) and not _orcid_ok(orcid):
            yield Problem(file, f"/authors/{i}/orcid", "orcid-check-digit", f"ORCID {orcid} has a wrong check digit")
        if a.get("corresponding") is True:
            corresponding.append(i)
    for i in corresponding[1:]:
        yield Problem(
            file,
            f"/authors/{i}/corresponding",
            "single-corresponding",
            f"author {corresponding[0]} is already the corresponding author",
        )
    for aid, i in ids.items():
        if aid not in used:
            yield Problem(
                file, f"/affiliations/{i}", "affiliation-unused", f"affiliation {aid!r} is not referenced by any author"
            )


def validate_record(data: Any, file: str | None = None) -> list[Problem]:
    """Every problem with a record dict: schema first, then the semantic rules."""
    try:
        if _clean_validator().is_valid(data):
            # No schema problem and no control character (see _clean_validator): the other rules remain.
            return list(_semantic_problems(data, file, controls=False))
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800" in a CSL-JSON file, or a dict built in Python): no character,
        # and jsonschema-rs cannot take the string at all (it was an internal error, exit 70).
        problems = list(_surrogate_problems(data, file))
        if not problems:  # another cause: an internal error, never a record passed as valid unchecked
            raise
        return problems
    return [*_schema_problems(data, file), *_semantic_problems(data, file)]


# What to write instead of a Python value json.loads never gives (a tuple: jsonschema-rs took it
# for an array and jsonschema does not, so a record passed or failed by which engine ran).
_JSON_INSTEAD = ((tuple, "a list"), (set, "a list"), (frozenset, "a list"), (bytes, "a string"), (bytearray, "a string"))
# The types json.loads gives for strings and numbers, exactly: a subclass (markupsafe's Markup, an
# IntEnum) made jsonschema-rs raise, and would reach the writers with its own str() and + (Markup escapes).
_JSON_SCALARS = (str, int, float)


def json_problems(data: object, file: str | None = None) -> list[Problem]:
    """Problems of what no JSON file holds, in a record dict built in Python (nenbib.validate_record):
    a set, bytes, a tuple, an object, a str or int subclass, NaN or infinity, a key that is no string,
    nesting deeper than MAX_DEPTH (a dict that holds itself). The validators take JSON only:
    jsonschema-rs raised ValueError on a set, and recursed without end into a dict holding itself."""
    problems: list[Problem] = []
    stack: list[tuple[object, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        kind = type(node)
        if node is None or kind is str or kind is int or kind is bool:
            continue
        if isinstance(node, float) and kind is float:
            if not math.isfinite(node):
                message = f"{node!r} is no JSON number (JSON has no NaN or infinity)"
                problems.append(Problem(file, pointer(path) or "/", "schema:type", message))
        elif len(path) >= MAX_DEPTH:
            message = f"is nested more than {MAX_DEPTH} levels deep (does it hold itself?); no record is"
            problems.append(Problem(file, pointer(path) or "/", "json-depth", message))
        elif isinstance(node, dict):
            for key, value in node.items():
                if type(key) is str:
                    stack.append((value, (*path, key)))
                else:
                    message = f"has the key {_shown(key)}, {a_type(key)}: a JSON object's keys are plain strings"
                    problems.append(Problem(file, pointer(path) or "/", "schema:type", message))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))
        else:
            problems.append(Problem(file, pointer(path) or "/", "schema:type", _not_json(node)))
    return sorted(problems, key=lambda p: p.pointer or "")


def _not_json(value: object) -> str:
    base = next((t for t in _JSON_SCALARS if isinstance(value, t)), None)
    if base is not None:
        return f"{_shown(value)} is {a_type(value)}, not a plain {base.__name__}; write {base.__name__}(value)"
    instead = next((f"; write {w}" for t, w in _JSON_INSTEAD if isinstance(value, t)), "")
    kinds = "an object, array, string, number, true, false or null"
    return f"{_shown(value)} is {a_type(value)}, not a JSON value ({kinds}){instead}"


def a_type(value: object) -> str:
    """'a set', 'an int': the value's type with its article, for messages."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + " ..." + text[-6:]


def _surrogate_problems(data: Any, file: str | None) -> Iterator[Problem]:
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    found: list[tuple[tuple[Any, ...], str]] = []
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            if SURROGATE.search(node):
                found.append((path, node))
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and SURROGATE.search(key):
                    found.append((path, key))
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))
    for path, text in sorted(found, key=lambda f: [str(p) for p in f[0]]):
        bad = SURROGATE.search(text)
        assert bad is not None
        yield Problem(
            file, pointer(path), "no-surrogates", f"holds a lone surrogate \\u{ord(bad.group()):04x}, which is not a character"
        )
