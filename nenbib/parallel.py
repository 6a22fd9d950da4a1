"""Exporting a large collection on every core (issue 8: 20,000 records/s asks for more than one).

This process reads the input and cuts each record's JSON text out of it (files.iter_json_text:
file errors and JSON syntax errors, with their line and column, are raised here). Worker processes
parse those texts, validate the records, build the model and write them in batches through the
format's entry(); the batches are written in input order. The bytes, the first error and the
fidelity note are those of the one-process export (tests/test_parallel.py): a worker that meets a
bad record returns the text of the records before it and the error, and the export stops there,
as it would have.

Only a collection larger than one batch, of a format that writes each record on its own, is sent
to workers; anything smaller never starts one. Workers are forked (Linux), so they start in
milliseconds with the modules already imported; elsewhere the export stays in one process.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain
from types import ModuleType
from typing import Any

from .errors import NenbibError
from .formats import Format, Options
from .records import iter_records, iter_texts, text_record
from .report import FieldTally

# Records handed to a worker at a time: enough that handing over (~0.5 MB pickled) costs little
# against the work, few enough that the batches in flight hold little memory.
BATCH = 250
# Batches queued or running per worker: every core stays busy, and memory stays bounded however
# long the collection is (the reader waits for the oldest batch beyond this).
AHEAD = 2

Item = tuple[str, str, str, int | None]  # (file label, JSON pointer, JSON text, array index): records.iter_texts


# Workers one reader keeps busy: it cuts a record out in ~60 us, a worker takes ~170 us to parse,
# validate and write it (measured on benchmarks/ synthetic records); more would wait.
MAX_DEFAULT_JOBS = 4


def default_jobs() -> int:
    """Worker processes to use: one per CPU this process may run on, at most MAX_DEFAULT_JOBS
    (Linux, where workers are forked); elsewhere 1, i.e. none."""
    if sys.platform != "linux":
        return 1
    return min(len(os.sched_getaffinity(0)), MAX_DEFAULT_JOBS)


def export(paths: Iterable[str], fmt: Format, options: Options, tally: FieldTally, jobs: int | None = None) -> Iterator[str]:
    """The format's text of the records in paths (validated), streamed; tally notes their fields.

    With more than one batch of records, a format that has entry(), and jobs (default:
    default_jobs()) above 1, the records are validated and written by that many worker processes.
    """
    module = fmt.load()
    jobs = jobs or default_jobs()
    if jobs == 1 or not hasattr(module, "entry"):
        yield from module.write(tally.counting(iter_records(paths)), options)
        return
    items = iter_texts(paths)
    head, failure = _take(items)
    if failure is None and len(head) == BATCH:
        yield from _parallel(chain(head, items), module, options, tally, jobs)
    else:  # a small collection: starting workers would cost more than it saves
        yield from module.write(tally.counting(_records(head, failure)), options)


def _take(items: Iterator[Item]) -> tuple[list[Item], NenbibError | None]:
    """Up to BATCH items, and the error that stopped the reader before that, if one did."""
    batch: list[Item] = []
    try:
        for item in items:
            batch.append(item)
            if len(batch) == BATCH:
                break
    except NenbibError as e:
        return batch, e
    return batch, None


def _records(items: list[Item], failure: NenbibError | None) -> Iterator[Any]:
    """Validated records of the items, then the reader's error that followed them, if any."""
    for item in items:
        yield text_record(*item)
    if failure is not None:
        raise failure


def _parallel(items: Iterator[Item], module: ModuleType, options: Options, tally: FieldTally, jobs: int) -> Iterator[str]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # A forked worker flushes the standard streams it inherited when it ends: flush them first, so
    # nothing the parent had buffered is written twice.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)
    pending: deque[Future[tuple[str, set[str], int, NenbibError | None]]] = deque()
    count = 0
    try:
        while True:
            batch, failure = _take(items)
            if batch:
                pending.append(pool.submit(_write_batch, module.__name__, batch, count, options))
                count += len(batch)
            if failure is not None or len(batch) < BATCH:
                break
            while len(pending) > jobs * AHEAD:
                yield from _written(pending.popleft(), tally)
        while pending:
            yield from _written(pending.popleft(), tally)
        if failure is not None:
            raise failure
        yield module.end(count, options)
    except BrokenProcessPool:  # from submit() or result(): a worker was killed
        raise NenbibError("a worker process ended unexpectedly (killed, or out of memory?); try --jobs 1") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _written(future: Any, tally: FieldTally) -> Iterator[str]:
    """A batch's text; a bad record's error is raised after the text of the records before it."""
    text, fields, records, error = future.result()
    tally.fields |= fields
    tally.records += records
    yield text
    if error is not None:
        raise error


def _write_batch(
    module_name: str, batch: list[Item], start: int, options: Options
) -> tuple[str, set[str], int, NenbibError | None]:
    """In a worker: (text of the records written, their fields, how many, the error that stopped the batch)."""
    module = importlib.import_module(module_name)
    tally = FieldTally()
    parts: list[str] = []
    try:
        for n, r in enumerate(tally.counting(text_record(*item) for item in batch), start):
            parts.append(module.entry(r, n, options))
    except NenbibError as e:
        return "".join(parts), tally.fields, tally.records, e
    return "".join(parts), tally.fields, tally.records, None


def _start_worker() -> None:
    import gc
    import signal

    # Ctrl-C reaches the whole process group: the parent reports it once and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The objects inherited from the parent live as long as the worker: keep the collector off them.
    gc.freeze()
