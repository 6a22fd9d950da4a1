"""Shared fixtures: the shipped record, the project paths, and golden-file handling."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# The default run (CI, the README's test command) draws the same examples every time, so a landing
# never fails on a fresh random draw; NENBIB_EXPLORE=1 (e.g. with `pytest -m slow`) explores anew.
settings.register_profile("nenbib", derandomize=not os.environ.get("NENBIB_EXPLORE"), database=None)
settings.load_profile("nenbib")

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
RECORD_PATH = REFS / "ohmoto2020genomic.json"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def record_dict() -> dict:
    return json.loads(RECORD_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def record():
    import nenbib

    return nenbib.load_record(RECORD_PATH)


def run_cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run the CLI in process: (exit code, stdout, stderr)."""
    from nenbib.cli import main

    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def string_slots(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The JSON path of every string in a JSON value."""
    if isinstance(node, str):
        return [path]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in string_slots(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in string_slots(v, (*path, i))]
    return []


def best_cpu_seconds(read, texts: dict[int, str], rounds: int) -> dict[int, float]:
    """The least CPU time `read(text)` took for each size, the sizes taken in turns and the garbage
    collector off while timed: a reader's growth with its input, judged as a ratio of two sizes,
    that other load on the machine (a wall-clock ratio failed under the full suite) shifts alike."""
    import gc
    import time

    best = dict.fromkeys(texts, float("inf"))
    for _ in range(rounds):
        for n, text in texts.items():
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                read(text)
                best[n] = min(best[n], time.process_time() - start)
            finally:
                gc.enable()
    return best
