"""The fast paths of the collection pipeline (issue 8) give exactly what the plain code gives:
model.from_dict against the dataclass constructors, the tally's presence checks against facts().
No timing is asserted (timing lives in benchmarks/)."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from nenbib import model, resources, validate
from nenbib.errors import OutputError
from nenbib.formats import FIELDS, _latex, ris
from nenbib.model import Affiliation, Date, Identifiers, Journal, Organization, Pages, Person, Record, Source
from nenbib.report import FieldTally, facts, present_fields
from nenbib.validate import validate_record

from conftest import string_slots

ROOT = Path(__file__).resolve().parent.parent


def _load_synth() -> Any:
    """benchmarks/synth.py, the generator of the collections the fast paths were measured on."""
    spec = importlib.util.spec_from_file_location("nenbib_bench_synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


def _plain_author(d: dict[str, Any]) -> Any:
    if "name" in d:
        return Organization(d["name"], tuple(d.get("affiliations", ())), d.get("corresponding", False))
    return Person(
        family=d["family"],
        given=d.get("given"),
        particle=d.get("particle"),
        suffix=d.get("suffix"),
        orcid=d.get("orcid"),
        affiliations=tuple(d.get("affiliations", ())),
        corresponding=d.get("corresponding", False),
    )


def plain_from_dict(d: dict[str, Any]) -> Record:
    """model.from_dict as it was written first: through the dataclass constructors."""
    pages = d.get("pages")
    return Record(
        id=d["id"],
        type=d.get("type", "article-journal"),
        genre=d.get("genre"),
        title=d["title"],
        authors=tuple(_plain_author(a) for a in d["authors"]),
        affiliations=tuple(Affiliation(**a) for a in d.get("affiliations", ())),
        journal=Journal(**d["journal"]),
        publisher=d.get("publisher"),
        issued=Date(**d["issued"]),
        volume=d.get("volume"),
        issue=d.get("issue"),
        pages=Pages(**pages) if pages is not None else None,
        identifiers=Identifiers(**d.get("identifiers", {})),
        keywords=tuple(d.get("keywords", ())),
        language=d.get("language"),
        abstract=d.get("abstract"),
        sources=tuple(Source(s["url"], tuple(s["fields"])) for s in d.get("sources", ())),
    )


def _same(a: Any, b: Any) -> None:
    """Equal, same type, same hash and repr, and the same attributes in the same order, all the way down."""
    assert type(a) is type(b)
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
    if hasattr(a, "__dict__"):
        assert list(vars(a)) == list(vars(b))
        for k in vars(a):
            _same(getattr(a, k), getattr(b, k))
    elif isinstance(a, tuple):
        for x, y in zip(a, b, strict=True):
            _same(x, y)


def _dicts() -> list[dict[str, Any]]:
    shipped = [json.loads(p.read_text(encoding="utf-8")) for p in resources.shipped_records()]
    hard = []
    for p in sorted((ROOT / "tests" / "data" / "hard").glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        hard.extend(data if isinstance(data, list) else [data])
    minimal = {"id": "k", "type": "article-journal", "title": "T", "authors": [{"family": "F"}], "journal": {"title": "J"}}
    minimal["issued"] = {"year": 2000}
    return [*shipped, *hard, minimal, *synth.records(400, seed=11)]


DICTS = _dicts()


def test_the_records_are_valid():
    for d in DICTS:
        assert validate_record(d) == [], d["id"]


def test_from_dict_builds_what_the_constructors_build():
    for d in DICTS:
        _same(model.from_dict(d), plain_from_dict(d))
        assert model.to_dict(model.from_dict(d)) == model.to_dict(plain_from_dict(d))


def test_from_dict_objects_stay_frozen():
    r = model.from_dict(DICTS[0])
    with pytest.raises(AttributeError):
        r.title = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        r.authors[0].family = "x"  # type: ignore[misc]


def test_present_fields_is_the_truth_of_facts():
    for d in DICTS:
        r = model.from_dict(d)
        assert present_fields(r) == {k for k, v in facts(r).items() if v}, d["id"]
        # Every optional field removed in turn: the answer still agrees.
        for key in [k for k in d if k not in ("id", "type", "title", "authors", "journal", "issued")]:
            less = copy.deepcopy(d)
            del less[key]
            r = model.from_dict(less)
            assert present_fields(r) == {k for k, v in facts(r).items() if v}, (d["id"], key)


def test_tally_notes_the_union_of_fields_and_counts_every_record():
    records = [model.from_dict(d) for d in DICTS]
    tally = FieldTally()
    assert list(tally.counting(records)) == records
    want: set[str] = set()
    for r in records:
        want |= {k for k, v in facts(r).items() if v}
    assert tally.fields == want and tally.records == len(records)
    assert set(FIELDS) >= want
    again = FieldTally()
    again.count_all(records[:1])
    again.count_all(records[1:])
    assert again.fields == want and again.records == len(records)


# ---- writers: the fast paths against the plain code they replaced ---------------------------------


def _plain_escape(text: str, ascii: bool = False, math: bool | None = None) -> str:
    table = _latex.MATH_ESCAPES if ("$" not in text if math is None else math) else _latex.TEXT_ESCAPES
    out = _latex._SPECIAL.sub(lambda m: table[m.group(0)], text)
    out = _latex._LIGATURE.sub(_latex._unligature, out)
    out = _latex._ZOTERO_HAZARD.sub(_latex._unligature, out)
    return _latex.to_ascii(out) if ascii else out


def _plain_escape_title(title: str, ascii: bool = False) -> str:
    out = []
    math = "$" not in title
    words = title.split(" ")
    for n, w in enumerate(words, start=1):
        if not _latex._needs_protection(w, last=n == len(words)):
            out.append(_plain_escape(w, ascii, math))
            continue
        alnum = [i for i, c in enumerate(w) if c.isalnum()]
        a, b = alnum[0], alnum[-1] + 1
        out.append(
            _plain_escape(w[:a], ascii, math) + "{" + _plain_escape(w[a:b], ascii, math) + "}" + _plain_escape(w[b:], ascii, math)
        )
    return " ".join(out)


def _outcome(f: Any, *args: Any) -> Any:
    try:
        return f(*args)
    except OutputError as e:
        return ("error", str(e))


@pytest.mark.parametrize("seed", range(3))
def test_latex_escaping_equals_the_plain_escaping(seed):
    rng = random.Random(seed)
    alphabet = "ab \\{}&%$#_~^<>|-`',!?éÉ WHO mRNA TEL e\u0301\u0308\u2014"
    for _ in range(1200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(16)))
        long = "".join(rng.choice(alphabet) for _ in range(rng.randrange(150, 400)))  # the split path
        for t in (text, long):
            assert _latex.escape(t) == _plain_escape(t), t
            assert _outcome(_latex.escape, t, True) == _outcome(_plain_escape, t, True), t
            if t.strip():
                assert _latex.escape_title(t) == _plain_escape_title(t), t
                assert _outcome(_latex.escape_title, t, True) == _outcome(_plain_escape_title, t, True), t


def test_line_break_check_and_folding_do_what_the_regex_does():
    plain = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
    rng = random.Random(5)
    alphabet = "ab é\x00\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(8)))
        assert ris._has_break(text) is bool(plain.search(text)), repr(text)
        assert ris._fold(text) == ris._LINE_BREAK.sub(" ", text), repr(text)


def test_clean_validator_refuses_every_control_character_in_every_string():
    clean = validate._clean_validator()
    rng = random.Random(7)
    for d in DICTS[:30]:
        assert clean.is_valid(d), d["id"]
        d = {"$schema": "urn:x", **d}
        assert clean.is_valid(d), d["id"]
        for path in string_slots(d):
            char = rng.choice(["\x00", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\t", "\r", "\n"])
            where = rng.choice(["start", "end"])
            bad = copy.deepcopy(d)
            parent = bad
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = char + parent[path[-1]] if where == "start" else parent[path[-1]] + char
            allowed = path == ("abstract",) and char == "\n"
            assert clean.is_valid(bad) is allowed, (path, char)
            rules = {p.rule for p in validate_record(bad)}
            assert ("no-control-characters" in rules) is not allowed, (path, char, rules)


NONCHARACTERS = ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]


def test_noncharacters_are_refused_in_every_string_and_neighbours_are_not():
    # U+FFFE/U+FFFF cannot be written in XML (EndNote XML stopped the export): no text holds them.
    clean = validate._clean_validator()
    rng = random.Random(8)
    for d in DICTS[:10]:
        for path in string_slots(d):
            for char, refused in [
                (rng.choice(NONCHARACTERS), True),
                (rng.choice(["\ufffd", "\ufdcf", "\ufdf0", "\U0001fffd"]), False),
            ]:
                bad = copy.deepcopy(d)
                parent = bad
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] += char
                problems = [p for p in validate_record(bad) if p.rule == "no-noncharacters"]
                if refused:
                    assert not clean.is_valid(bad), (path, char)
                    assert [p.pointer for p in problems] == ["/" + "/".join(map(str, path))], (path, char)
                    assert f"U+{ord(char):04X}, a Unicode noncharacter" in problems[0].message
                else:
                    assert problems == [], (path, char)


def test_orcid_ending_in_x_and_a_line_break_is_a_problem_not_a_crash():
    d = copy.deepcopy(DICTS[0])
    d["authors"][0]["orcid"] = "0000-0002-1825-009X\n"
    rules = [p.rule for p in validate_record(d)]
    assert "no-control-characters" in rules and "orcid-check-digit" in rules


def _author_mutations(d: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """The record with one thing wrong for each author rule (or right again), schema-valid."""
    out = []
    affs = d.get("affiliations", [])
    if affs:
        dup = copy.deepcopy(d)
        dup["affiliations"].append({**dup["affiliations"][0]})
        out.append(dup)
        unused = copy.deepcopy(d)
        unused["affiliations"].append({"id": "zz9", "printed": "Nowhere"})
        out.append(unused)
    dangling = copy.deepcopy(d)
    dangling["authors"][rng.randrange(len(dangling["authors"]))]["affiliations"] = ["nope1"]
    out.append(dangling)
    two = copy.deepcopy(d)
    persons = [a for a in two["authors"]]
    for a in persons[:2]:
        a["corresponding"] = True
    out.append(two)
    orcid = copy.deepcopy(d)
    orcid["authors"][0].pop("name", None)
    orcid["authors"][0].setdefault("family", "X")
    orcid["authors"][0]["orcid"] = rng.choice(["0000-0002-1825-0097", "0000-0002-1825-0098", "0000-0001-5109-370X"])
    out.append(orcid)
    return out


def test_author_rules_fast_check_agrees_with_the_rules():
    rng = random.Random(9)
    seen = {True: 0, False: 0}
    for d in DICTS[:200]:
        for case in [d, *_author_mutations(d, rng)]:
            if not validate._clean_validator().is_valid(case):
                continue  # the fast check is only asked about schema-valid records
            fine = validate._authors_fine(case)
            assert fine is (list(validate._author_problems(case, None)) == []), case["id"]
            seen[fine] += 1
    assert seen[True] > 100 and seen[False] > 300, seen


def _split_top_plain(value: str, sep: re.Pattern[str]) -> list[str]:
    """The per-character loop _latex._split_top replaced."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(value):
        c = value[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0:
            m = sep.match(value, i)
            if m:
                parts.append(value[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(value[start:])
    return parts


@pytest.mark.parametrize("sep", [_latex._AND, _latex._SEMI], ids=["and", "semicolon"])
def test_split_top_equals_the_character_loop(sep):
    pieces = ["a", "n", "d", " ", "  ", "and", " and ", "AND", "{", "}", ";", " ; ", "x", "\n", "é", "\\{"]
    rng = random.Random(7)
    for _ in range(20000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert _latex._split_top(value, sep) == _split_top_plain(value, sep), value
