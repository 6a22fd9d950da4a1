"""The fast paths of the collection pipeline (issue 8) give exactly what the plain code gives:
model.from_dict against the dataclass constructors, the tally's presence checks against facts().
No timing is asserted (timing lives in benchmarks/)."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from nenbib import model, resources
from nenbib.formats import FIELDS
from nenbib.model import Affiliation, Date, Identifiers, Journal, Organization, Pages, Person, Record, Source
from nenbib.report import FieldTally, facts, present_fields
from nenbib.validate import validate_record

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
