"""JSON-LD of a collection streams (issue 8): the same text json.dumps writes, one record held at a time."""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import nenbib
from nenbib.formats import FORMATS, Options, jsonld
from nenbib.model import Record
from nenbib.records import iter_records, to_record

from conftest import RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
BENCH_DIR = Path(__file__).resolve().parent.parent / "benchmarks"


def synth() -> Any:
    spec = importlib.util.spec_from_file_location("synth", BENCH_DIR / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth", module)
    spec.loader.exec_module(module)
    return module


def synthetic(n: int) -> Iterator[Record]:
    """n schema-valid synthetic records (accents, LaTeX specials, long abstracts), built one at a time."""
    for i, data in enumerate(synth().records(n)):
        yield to_record(data, f"synth[{i}]")


class Watched:
    """Records handed out one at a time; counts how many are still alive at each hand-out."""

    def __init__(self, records: Iterator[Record]) -> None:
        self.records = records
        self.alive: list[weakref.ref[Record]] = []
        self.pulled = 0
        self.most_alive = 0

    def __iter__(self) -> Iterator[Record]:
        for r in self.records:
            gc.collect()
            self.alive = [w for w in self.alive if w() is not None]
            self.most_alive = max(self.most_alive, len(self.alive))
            self.alive.append(weakref.ref(r))
            self.pulled += 1
            yield r
            del r


@pytest.fixture(scope="module")
def mixed() -> list[Record]:
    return [*iter_records([str(RECORD_PATH), *map(str, HARD)]), *synthetic(40)]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 45])
def test_text_is_what_json_dumps_writes(mixed, n):
    # The layout of one record (an object) and of several (an array) is json.dumps(indent=2)'s.
    records = mixed[:n]
    items = [jsonld.article(r) for r in records]
    expected = json.dumps(items[0] if n == 1 else items, indent=2, ensure_ascii=False) + "\n"
    assert nenbib.export(records, "jsonld") == expected


@pytest.mark.parametrize(
    "value",
    [{}, [], {"a": [], "b": {}}, [1, 2.5, True, False, None], 'line\nbreak \u2028 "quote" </script> \\', {"k\n": [[{}]]}],
)
def test_own_encoder_matches_json_dumps(value):
    assert jsonld._dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_collection_is_valid_json_with_every_record(tmp_path, capsys):
    from conftest import run_cli

    path = tmp_path / "c.json"
    with open(path, "w", encoding="utf-8") as fh:
        synth().write_array(60, fh)
    out = tmp_path / "out.jsonld"
    code, _, _ = run_cli(capsys, "export", "-q", "-f", "jsonld", "-o", out, path)
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    records = list(iter_records([str(path)]))
    assert isinstance(data, list) and len(data) == 60
    assert data == [jsonld.article(r) for r in records]
    assert all(d["@type"] == "ScholarlyArticle" and d["@context"] == "https://schema.org" for d in data)


def test_output_streams_holding_one_record_at_a_time():
    watched = Watched(synthetic(30))
    chunks = FORMATS["jsonld"].load().write(watched, Options())
    first = next(chunks)
    # The first record's text is out after two records were read (one record or several?) ...
    assert watched.pulled == 2 and first.startswith("[\n  {")
    text = first + "".join(chunks)
    assert watched.pulled == 30 and len(json.loads(text)) == 30
    # ... and no record is kept once written (the first two, read ahead, plus the current one).
    assert watched.most_alive <= 3
