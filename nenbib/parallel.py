"""Exporting a large collection on every core (issue 8: 20,000 records/s asks for more than one).

The main process reads the input and cuts each record's JSON text out of it
(files.iter_json_text: file errors and JSON syntax errors, with their line and column, are raised
there). Worker processes parse those texts, validate the records, build the model and write them
in batches through the format's entry(); the batches are written in input order. The bytes, the
first error and the fidelity note are those of the one-process export (tests/test_parallel.py): a
worker that meets a bad record returns the text of the records before it and the error, and the
export stops there, as it would have.

Only a collection larger than one batch, of a format that writes each record on its own (entry()),
is sent to workers; anything smaller never starts one. A format whose text frames the records
with what only their whole collection tells (html: the count, the JSON-LD of the <head>) has
assemble(), which makes its text from the entries in order; the others end with end(count).
Workers are forked (Linux), so they start in milliseconds with the modules already imported;
elsewhere the export stays in one process.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from itertools import chain
from types import ModuleType
from typing import Any

from .errors import NenbibError, ValidationError
from .formats import Format, Options
from .records import Ids, Place, iter_placed, iter_texts, text_record
from .report import FieldTally

# A batch handed to a worker ends at this many records or characters of JSON, whichever comes
# first: enough that handing it over (~0.5 MB pickled) costs little against the work, little
# enough that the batches in flight hold a few MB whatever the records' size (the text written
# back is a few times larger for html, whose entry carries the page's article and JSON-LD).
BATCH = 250
BATCH_CHARS = 1 << 21
# Batches queued or running per worker: every core stays busy, and memory stays bounded however
# long the collection is (the reader waits for the oldest batch beyond this).
AHEAD = 2
# Workers one reader keeps busy: it cuts a record out in ~60 us, a worker takes ~170 us to parse,
# validate and write it (measured on benchmarks/ synthetic records); more would wait.
MAX_DEFAULT_JOBS = 4

Item = tuple[str, str, str, int | None]  # (file label, JSON pointer, JSON text, array index): records.iter_texts


def cpus() -> int:
    """CPUs this process may run on where workers can be forked (Linux); elsewhere 1."""
    return len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1


def workers(jobs: int | None) -> int:
    """Worker processes for --jobs (None: one per CPU, at most MAX_DEFAULT_JOBS); never more than
    the CPUs, and 1 (none) where workers cannot be forked."""
    return min(jobs or MAX_DEFAULT_JOBS, cpus())


def export(paths: Iterable[str], fmt: Format, options: Options, tally: FieldTally, jobs: int | None = None) -> Iterator[str]:
    """The format's text of the records in paths (validated), streamed; tally notes their fields.

    With more than one batch of records, a format that has entry(), and workers(jobs) above 1, the
    records are validated and written by that many worker processes.
    """
    module = fmt.load()
    jobs = workers(jobs)
    if jobs == 1 or not hasattr(module, "entry"):
        place = Place()
        try:
            yield from module.write(tally.counting(place.follow(iter_placed(paths))), options)
        except NenbibError as e:
            raise place.mark(e) from None
        return
    items = iter_texts(paths)
    ids = Ids()
    head, failure = _take(items)
    if failure is None:  # one item more says whether there is more than one batch
        following, failure = _take(items, 1)
        head += following
        if following and failure is None:
            yield from _parallel(chain(head, items), module, options, tally, jobs, ids)
            return
    # One batch or less: starting workers would cost more than it saves.
    yield from _written(module, _records(head, failure, ids), options, tally)


def _take(items: Iterator[Item], most: int | None = None) -> tuple[list[Item], Exception | None]:
    """A batch of items (at most `most`, default BATCH), and the error that stopped the reader
    before its end, if one did."""
    most = most or BATCH
    batch: list[Item] = []
    chars = 0
    try:
        for item in items:
            batch.append(item)
            chars += len(item[2])
            if len(batch) >= most or chars >= BATCH_CHARS:
                break
    except Exception as e:  # raised once the items before it are written, as one process would
        return batch, e
    return batch, None


def _records(items: Iterable[Item], failure: Exception | None, ids: Ids) -> Iterator[tuple[str, str, Any]]:
    """(file label, pointer, validated record) of the items, then the reader's error that followed
    them, if any."""
    for item in items:
        yield item[0], item[1], ids.check(text_record(*item), item[0], item[1])
    if failure is not None:
        raise failure


def _written(module: ModuleType, placed: Iterator[tuple[str, str, Any]], options: Options, tally: FieldTally) -> Iterator[str]:
    """The format's text of the placed records, in this process; a writer's error names the record's place."""
    place = Place()
    try:
        yield from module.write(tally.counting(place.follow(placed)), options)
    except NenbibError as e:
        raise place.mark(e) from None


def _parallel(
    items: Iterator[Item], module: ModuleType, options: Options, tally: FieldTally, jobs: int, ids: Ids
) -> Iterator[str]:
    """The batches of items written by worker processes, in input order.

    No threads here (concurrent.futures' feeder and manager threads can deadlock when a worker
    dies while a batch is being sent: CPython gh-94777, gh-125451): each worker has a socket pair
    of its own and is sent a batch only when idle, so neither side can block on the other's
    writing, and a dead worker is an EOF on its socket.
    """
    workers = _fork_workers(jobs, module.__name__, options)
    if not workers:  # no process or socket to be had (EAGAIN, EMFILE): the same export in this one
        yield from _written(module, _records(items, None, ids), options, tally)
        return
    try:
        texts = _batches(items, workers, tally, jobs, ids)
        if hasattr(module, "assemble"):  # a page of several records (html): framed around the entries
            yield from module.assemble(texts, options)
        else:
            count = yield from texts
            yield module.end(count, options)
    finally:
        _stop(workers)


def _batches(
    items: Iterator[Item], workers: list[tuple[Any, int]], tally: FieldTally, jobs: int, ids: Ids
) -> Generator[str, None, int]:
    """The text of each batch of items as the workers write it, in input order; returns the count.
    Record ids are checked here, in order (Ids), as one process checks them."""
    idle = [conn for conn, _ in workers]
    busy: dict[Any, int] = {}  # worker connection -> batch number
    prepared: deque[tuple[int, int, list[Item]]] = deque()  # (batch number, first record, items)
    done: dict[int, Written] = {}
    places: dict[int, list[tuple[str, str]]] = {}  # batch number -> (file label, pointer) of its items
    batches = written = count = 0
    alive = len(workers)
    failure: BaseException | None = None
    reading = True
    while True:
        while idle and prepared:
            number, first, batch = prepared.popleft()
            places[number] = [(item[0], item[1]) for item in batch]
            conn = idle.pop()
            if _send(conn, (first, batch)):
                busy[conn] = number
            else:  # the worker is gone: its batch fails in its place, after the batches before it
                done[number] = _DIED
                alive -= 1
        while written in done:
            parts, record_ids, fields, records, error = done.pop(written)
            where = places.pop(written, [])
            written += 1
            for n, record_id in enumerate(record_ids):
                repeated = ids.problem(record_id, *where[n])
                if repeated is not None:  # the records before it are written, as one process writes them
                    yield "".join(parts[:n])
                    raise ValidationError([repeated], where[n][0])
            tally.fields |= fields
            tally.records += records
            yield "".join(parts)
            if error is not None:
                raise error
        if not (reading or prepared or busy):
            break
        room = reading and len(prepared) < jobs and len(done) + len(busy) + len(prepared) < jobs * (AHEAD + 1)
        for conn in _ready(list(busy), None if not room else 0):
            number = busy.pop(conn)
            result = _receive(conn)
            if result is None:
                done[number] = _DIED
                alive -= 1
            else:
                done[number] = result
                idle.append(conn)
        if not alive:  # nothing left to write what was read: it fails in order too
            reading = False
            while prepared:
                done[prepared.popleft()[0]] = _DIED
            continue
        if room:
            batch, failure = _take(items)
            if batch:
                prepared.append((batches, count, batch))
                batches += 1
                count += len(batch)
            reading = failure is None and bool(batch)
    if failure is not None:
        raise failure
    _stop(workers)  # before the caller frames the text (html renders the whole page after this)
    workers.clear()  # stopped and reaped: the caller's _stop must not signal a reused pid
    return count


def _fork_workers(jobs: int, module_name: str, options: Options) -> list[tuple[Any, int]]:
    """(connection, pid) of `jobs` forked workers (fewer, even none, when the system has no more)."""
    import signal
    from multiprocessing.connection import Pipe

    parent = os.getpid()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        if stream is not None:
            stream.flush()
    workers: list[tuple[Any, int]] = []
    try:
        for _ in range(jobs):
            # Ctrl-C is held back across fork(): a child must not unwind into the caller's stack
            # (and unlink its temporary output file), and the parent must know every child it made.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                try:
                    mine, theirs = Pipe()
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:  # the worker: it never returns into the caller
                    code = 1
                    try:
                        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports Ctrl-C once
                        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                        mine.close()
                        for conn, _ in workers:  # the other workers' sockets: their EOF must not wait for this one
                            conn.close()
                        _start_worker(parent)
                        _serve(theirs, module_name, options)
                        code = 0
                    finally:
                        os._exit(code)
                theirs.close()
                workers.append((mine, pid))
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    except BaseException:
        _stop(workers)
        raise
    return workers


def _serve(conn: Any, module_name: str, options: Options) -> None:
    """In a worker: write each batch received until the parent closes the socket."""
    import pickle

    while True:
        try:
            first, batch = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        parts, record_ids, fields, records, error = _write_batch(module_name, batch, first, options)
        if error is not None and not _crosses(error):
            error = RuntimeError(f"{type(error).__name__}: {error}")  # unpicklable (pyo3's PanicException)
        conn.send_bytes(pickle.dumps((parts, record_ids, fields, records, error), pickle.HIGHEST_PROTOCOL))


def _crosses(error: BaseException) -> bool:
    """Whether the error survives pickling to the parent and back into an exception."""
    import pickle

    try:
        return isinstance(pickle.loads(pickle.dumps(error)), BaseException)
    except Exception:
        return False


def _send(conn: Any, message: Any) -> bool:
    """Whether the message was sent (False: the worker is gone, EPIPE or ECONNRESET)."""
    import pickle

    try:
        conn.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
    except OSError:
        return False
    return True


def _receive(conn: Any) -> Any:
    """A worker's result, or None when the worker is gone (EOF)."""
    import pickle

    try:
        return pickle.loads(conn.recv_bytes())
    except (EOFError, OSError):
        return None


def _ready(conns: list[Any], timeout: float | None) -> list[Any]:
    from multiprocessing.connection import wait

    return wait(conns, timeout) if conns else []  # type: ignore[return-value]


# What a worker sends back for a batch: each record's text and id, their fields, how many, and
# the error that stopped the batch.
Written = tuple[list[str], list[str], set[str], int, BaseException | None]
_DIED: Written = (
    [],
    [],
    set(),
    0,
    NenbibError("a worker process ended unexpectedly (killed, or out of memory?); try --jobs 1"),
)


def _stop(workers: list[tuple[Any, int]]) -> None:
    """Close the workers' sockets (an idle worker then exits), stop any still working, reap all."""
    import signal

    for conn, pid in workers:
        conn.close()
        try:
            os.kill(pid, signal.SIGKILL)  # idle workers are leaving anyway; a busy one's batch is not wanted
        except ProcessLookupError:
            pass
    for _, pid in workers:
        while True:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                break
            except KeyboardInterrupt:
                continue  # the workers were killed above: reaping them takes a moment
            break


def _write_batch(module_name: str, batch: list[Item], start: int, options: Options) -> Written:
    """In a worker: (each record's text and id, their fields, how many, the error that stopped the batch)."""
    module = importlib.import_module(module_name)
    tally = FieldTally()
    parts: list[str] = []
    record_ids: list[str] = []
    place = Place()
    try:
        records = place.follow((item[0], item[1], text_record(*item)) for item in batch)
        for n, r in enumerate(tally.counting(records), start):
            parts.append(module.entry(r, n, options))
            record_ids.append(r.id)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # a bad record (or a bug): the text before it is written all the same
        return parts, record_ids, tally.fields, tally.records, place.mark(e)
    return parts, record_ids, tally.fields, tally.records, None


def _start_worker(parent: int) -> None:
    import ctypes
    import gc
    import signal

    # A parent killed outright (SIGKILL, SIGTERM) cannot stop its workers: the kernel does, so none
    # is left holding the output pipe open (PR_SET_PDEATHSIG = 1).
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # no prctl (not glibc/Linux): the socket's EOF still ends an idle worker
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    # The objects inherited from the parent live as long as the worker: keep the collector off them.
    gc.freeze()
