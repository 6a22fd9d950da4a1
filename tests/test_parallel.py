"""Export of a collection by worker processes (nenbib.parallel) against the one-process export.

Whatever goes wrong and wherever, `--jobs 2` writes the same bytes to stdout, the same lines to
stderr and exits with the same code as `--jobs 1`; an output file is written whole or not at all.
The batch size is made small here so that a few hundred records span several batches and workers.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from test_jsonld_stream import synth

from nenbib import files, parallel
from nenbib.errors import InputError, NenbibError, OutputError, UsageError, ValidationError
from nenbib.formats import FORMATS
from nenbib.validate import Problem

from conftest import run_cli

N = 130
BATCH = 20
BATCHED = [name for name, f in FORMATS.items() if hasattr(f.load(), "entry")]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return list(synth().records(N, seed=11))


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small batches, two CPUs whatever the machine; the list gets one entry each time workers are started."""
    monkeypatch.setattr(parallel, "BATCH", BATCH)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    started: list[int] = []
    real = parallel._parallel

    def watched(*args: Any) -> Any:
        started.append(1)
        return real(*args)

    monkeypatch.setattr(parallel, "_parallel", watched)
    return started


def array(path: Path, items: list[Any]) -> Path:
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def both(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    return run_cli(capsys, "export", "--jobs", "1", *args), run_cli(capsys, "export", "--jobs", "2", *args)


def test_batched_formats_are_the_streaming_writers():
    assert set(BATCHED) == {"bibtex", "biblatex", "ris", "csl-json", "nbib", "endnote-xml", "html"}


@pytest.mark.parametrize("name", BATCHED)
def test_same_bytes_and_note_as_one_process(tmp_path, capsys, spy, records, name):
    path = array(tmp_path / "c.json", records)
    one, many = both(capsys, "--format", name, "--report", path)
    assert spy == [1]  # workers ran, once
    assert one[0] == 0 and one == many
    assert len(one[1]) > N * 300  # every record is there (the exact count is judged per format elsewhere)


def test_workers_by_default(tmp_path, capsys, spy, records):
    path = array(tmp_path / "c.json", records)
    default = run_cli(capsys, "export", "--format", "ris", path)
    assert spy == [1] and default == run_cli(capsys, "export", "--jobs", "1", "--format", "ris", path)


def test_folder_of_record_files(tmp_path, capsys, spy, records):
    folder = tmp_path / "refs"
    folder.mkdir()
    for i, data in enumerate(records):
        (folder / f"r{i:04d}.json").write_text(json.dumps(data), encoding="utf-8")
    one, many = both(capsys, "--format", "ris", folder)
    assert spy == [1]
    assert one[0] == 0 and one == many


@pytest.mark.parametrize("n", [1, BATCH - 1, BATCH, BATCH + 1])
def test_one_batch_or_less_starts_no_worker(tmp_path, capsys, spy, records, n):
    path = array(tmp_path / "c.json", records[:n])
    one, many = both(capsys, "--format", "csl-json", path)
    assert spy == ([1] if n > BATCH else []) and one == many and one[0] == 0


def test_batches_end_at_a_size_too(tmp_path, capsys, spy, records, monkeypatch):
    """Large records make small batches: the batches in flight hold a few MB, not BATCH records."""
    monkeypatch.setattr(parallel, "BATCH", 10_000)
    monkeypatch.setattr(parallel, "BATCH_CHARS", 8_000)  # two or three synthetic records
    path = array(tmp_path / "c.json", records)
    one = run_cli(capsys, "export", "--jobs", "1", "--format", "ris", path)
    batches: list[list[int]] = []
    take = parallel._take

    def watched(items: Any, *most: int) -> Any:
        batch, failure = take(items, *most)
        batches.append([len(item[2]) for item in batch])
        return batch, failure

    monkeypatch.setattr(parallel, "_take", watched)
    many = run_cli(capsys, "export", "--jobs", "2", "--format", "ris", path)
    assert spy == [1] and one == many and one[0] == 0
    assert len(batches) > N // 4
    assert all(sum(sizes[:-1]) < 8_000 for sizes in batches)  # each ended at the record that reached the size


def test_workers_follow_the_cpus(monkeypatch):
    monkeypatch.setattr(parallel, "cpus", lambda: 8)
    assert [parallel.workers(j) for j in (None, 1, 2, 8, 100)] == [parallel.MAX_DEFAULT_JOBS, 1, 2, 8, 8]
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    assert [parallel.workers(j) for j in (None, 1, 3)] == [2, 1, 2]
    monkeypatch.undo()
    monkeypatch.setattr(parallel.sys, "platform", "darwin")  # fork is unsafe there, and absent on Windows
    assert parallel.cpus() == 1 and parallel.workers(4) == 1


def test_jsonld_stays_in_one_process(tmp_path, capsys, spy, records):
    path = array(tmp_path / "c.json", records[:40])
    assert both(capsys, "--format", "jsonld", path)[1][0] == 0
    assert spy == []


def test_html_page_of_many_from_workers(tmp_path, capsys, spy, records):
    """The page's head (its count, the JSON-LD of every record) is framed around the workers' entries."""
    from lxml import html as lxml_html

    path = array(tmp_path / "c.json", records)
    one, many = both(capsys, "--format", "html", path)
    assert spy == [1] and one[0] == 0 and one == many
    page = lxml_html.fromstring(one[1].encode("utf-8"))
    assert page.findtext(".//title") == f"{N} references"
    ld = json.loads(page.xpath('//script[@type="application/ld+json"]')[0].text)
    assert [a["name"] for a in ld] == [r["title"] for r in records]
    assert len(page.xpath("//article")) == N


def test_html_entry_is_not_escaped_to_ascii(records):
    """A worker's text comes back whole to the parent: \\uXXXX escapes would make a CJK abstract
    six times its size there, several copies of it an entry (article, description, JSON-LD)."""
    from urllib.parse import quote

    from nenbib import model
    from nenbib.formats import Options, html

    abstract = "神経内分泌腫瘍" * 1000  # 7,000 characters
    line = html.entry(model.from_dict({**records[0], "abstract": abstract}), 0, Options())
    assert line.endswith("\n") and line.count("\n") == 1
    # The COinS span carries the abstract URL-encoded, as KEV must (9 characters a CJK one): that
    # copy is the span's, not the line's escaping; the rest of the line holds the text as it is.
    coins = quote(abstract, safe="")
    assert abstract in line and coins in line
    assert len(line) - len(coins) < 5 * len(abstract)


def test_workers_stopped_before_the_page_is_framed(tmp_path, capsys, spy, records, monkeypatch):
    """The page is rendered after the last entry came back: no idle worker holds memory meanwhile."""
    from nenbib.formats import html

    real = html.assemble
    left: list[bool] = []

    def assemble(entries: Any, options: Any) -> Any:
        texts = list(entries)
        try:
            os.waitpid(-1, os.WNOHANG)
            left.append(True)  # a child is still there
        except ChildProcessError:
            left.append(False)
        return real(iter(texts), options)

    monkeypatch.setattr(html, "assemble", assemble)
    code, out, _ = run_cli(capsys, "export", "--jobs", "2", "--format", "html", array(tmp_path / "c.json", records))
    assert code == 0 and out.count("<article") == N and left == [False] and spy == [1]


@pytest.mark.parametrize("how", ["schema", "syntax"])
def test_html_page_of_many_bad_record(tmp_path, capsys, spy, records, how):
    """A page is written whole or not at all: nothing on stdout before the error, with or without workers."""
    path = tmp_path / "c.json"
    path.write_text(broken(records, 2 * BATCH + 5, how), encoding="utf-8")
    one, many = both(capsys, "--format", "html", path)
    assert spy == [1] and one == many and one[:2] == (1, "")
    assert one[2].startswith(f"nenbib: error: {path}")


def broken(records: list[dict[str, Any]], at: int, how: str) -> str:
    """The collection as JSON text, record `at` broken in one way."""
    items = [json.dumps(r, ensure_ascii=False) for r in records]
    one = items[at]
    if how == "schema":
        items[at] = json.dumps({**records[at], "volume": 21}, ensure_ascii=False)
    elif how == "semantic":
        items[at] = json.dumps({**records[at], "issued": {"year": 2020, "month": 2, "day": 30}}, ensure_ascii=False)
    elif how == "duplicate-key":
        items[at] = one.replace('"title": ', '"title": "x", "title": ', 1)
    elif how == "nan":
        items[at] = one.replace('"title": ', '"x": NaN, "title": ', 1)
    elif how == "surrogate":
        items[at] = one.replace('"title": "', '"title": "\\udc00', 1)
    elif how == "deep":
        items[at] = one.replace('"title": ', '"x": ' + "[" * 70 + "]" * 70 + ', "title": ', 1)
    elif how == "syntax":
        items[at] = one.replace('", "', '" "', 1)
    elif how == "duplicate-then-syntax":  # the strict reader stops at the date's duplicate key first
        items[at] = one.replace('"year": ', '"year": 1, "year": ', 1)[:-1] + ", ]}"
    elif how == "huge-number":
        items[at] = one.replace('"title": ', '"x": ' + "9" * 5000 + ', "title": ', 1)
    elif how == "truncated":
        return "[\n" + ",\n".join(items[:at]) + ",\n" + one[: len(one) // 2]
    return "[\n" + ",\n".join(items) + "\n]\n"


HOW = ["schema", "semantic", "duplicate-key", "nan", "surrogate", "deep", "syntax", "duplicate-then-syntax", "huge-number"]


@pytest.mark.parametrize("at", [0, 3, BATCH + 7, N - 1])
@pytest.mark.parametrize("how", [*HOW, "truncated"])
def test_bad_record_same_error_and_same_text_before_it(tmp_path, capsys, spy, records, how, at):
    path = tmp_path / "c.json"
    path.write_text(broken(records, at, how), encoding="utf-8")
    one, many = both(capsys, "--format", "csl-json", path)
    assert one[0] == 1 and one == many, how
    assert one[2].startswith(f"nenbib: error: {path}")
    assert one[1].count('"id": ') == at  # the records before it were written, no more
    # Workers start once a batch was read: at once for a record the workers refuse, not before a
    # syntax error the reader meets within the first batch.
    read_error = how in ("syntax", "duplicate-then-syntax", "huge-number", "truncated")
    assert spy == ([] if read_error and at < BATCH else [1])


@pytest.mark.parametrize("how", ["schema", "syntax"])
def test_output_file_untouched_on_error(tmp_path, capsys, spy, records, how):
    path = tmp_path / "c.json"
    path.write_text(broken(records, N - 5, how), encoding="utf-8")
    out = tmp_path / "out.ris"
    out.write_text("before\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "export", "--jobs", "2", "-o", out, path)
    assert code == 1 and err.startswith("nenbib: error:")
    assert out.read_text(encoding="utf-8") == "before\n"
    assert {p.name for p in tmp_path.iterdir()} == {"c.json", "out.ris"}  # no temporary file left
    assert spy == [1]
    assert run_cli(capsys, "export", "--jobs", "2", "-o", tmp_path / "good.ris", array(tmp_path / "g.json", records))[0] == 0
    assert (tmp_path / "good.ris").read_text(encoding="utf-8").count("ER  - ") == N


def test_writer_error_from_a_worker(tmp_path, capsys, spy, records):
    """--ascii meets a character with no LaTeX command (the synthetic keywords have other scripts)."""
    path = array(tmp_path / "c.json", records)
    one, many = both(capsys, "--format", "bibtex", "--ascii", path)
    assert one[0] == 1 and one == many
    assert "record " in one[2] and "[" not in one[2].split("error:", 1)[0]


def _dies(*args: Any) -> Any:
    os._exit(3)  # as a worker killed by the kernel's OOM killer would


def test_worker_killed_is_one_clear_error(tmp_path, capsys, spy, records, monkeypatch):
    monkeypatch.setattr(parallel, "_write_batch", _dies)
    out = tmp_path / "out.ris"
    code, stdout, err = run_cli(capsys, "export", "--jobs", "2", "-o", out, array(tmp_path / "c.json", records))
    assert (code, stdout) == (1, "")
    assert err == "nenbib: error: a worker process ended unexpectedly (killed, or out of memory?); try --jobs 1\n"
    assert not out.exists() and spy == [1]


def _slow_error_then_death(module_name: str, batch: list[Any], start: int, options: Any) -> Any:
    import time

    if start == 3 * BATCH:
        os._exit(3)  # killed while an earlier batch with a bad record is still being written
    if start == 2 * BATCH:
        time.sleep(0.5)
    return REAL_WRITE_BATCH(module_name, batch, start, options)


REAL_WRITE_BATCH = parallel._write_batch


def test_worker_dead_before_its_first_batch_is_one_clear_error(tmp_path, capsys, spy, records, monkeypatch):
    """A worker gone while idle: sending it a batch fails (EPIPE), and that batch fails in its place."""
    monkeypatch.setattr(parallel, "_serve", lambda *args: os._exit(3))  # each worker exits as it starts
    real_fork, real_send = parallel._fork_workers, parallel._send
    sent: list[bool] = []

    def fork_and_wait(*args: Any) -> Any:
        workers = real_fork(*args)
        for _, pid in workers:  # until each has exited; left for _stop to reap
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        return workers

    def send(*args: Any) -> bool:
        sent.append(real_send(*args))
        return sent[-1]

    monkeypatch.setattr(parallel, "_fork_workers", fork_and_wait)
    monkeypatch.setattr(parallel, "_send", send)
    out = tmp_path / "out.ris"
    code, stdout, err = run_cli(capsys, "export", "--jobs", "2", "-o", out, array(tmp_path / "c.json", records))
    assert (code, stdout) == (1, "")
    assert err == "nenbib: error: a worker process ended unexpectedly (killed, or out of memory?); try --jobs 1\n"
    assert sent == [False] and not out.exists() and spy == [1]  # the first batch failed in its place


def test_bad_record_reported_before_a_later_worker_dies(tmp_path, capsys, spy, records, monkeypatch):
    path = tmp_path / "c.json"
    path.write_text(broken(records, 2 * BATCH + 5, "schema"), encoding="utf-8")
    one = run_cli(capsys, "export", "--jobs", "1", "--format", "csl-json", path)
    monkeypatch.setattr(parallel, "_write_batch", _slow_error_then_death)
    many = run_cli(capsys, "export", "--jobs", "2", "--format", "csl-json", path)
    assert spy == [1] and one == many and one[0] == 1 and "[schema:type]" in one[2]


def test_bug_in_a_writer_keeps_the_text_before_it(tmp_path, capsys, spy, records, monkeypatch):
    """Not a NenbibError (a bug): still the same text before it and the same internal error."""
    from nenbib.formats import csljson

    real = csljson.entry

    def buggy(r: Any, n: int, options: Any) -> str:
        if n == BATCH + 3:
            raise RuntimeError("boom")
        return real(r, n, options)

    monkeypatch.setattr(csljson, "entry", buggy)
    one, many = both(capsys, "--format", "csl-json", array(tmp_path / "c.json", records))
    assert one == many and one[0] == 70 and "RuntimeError: boom" in one[2]
    assert one[1].count('"id": ') == BATCH + 3 and spy == [1]


@pytest.mark.parametrize("forks", [0, 1])
def test_no_process_to_be_had_exports_with_what_there_is(tmp_path, capsys, spy, records, monkeypatch, forks):
    """fork() fails at once (none: this process exports) or after one worker (that one does)."""
    import errno

    real = os.fork
    made: list[int] = []

    def fork() -> int:
        if len(made) == forks:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        made.append(1)
        return real()

    path = array(tmp_path / "c.json", records)
    one = run_cli(capsys, "export", "--jobs", "1", "--format", "nbib", path)
    monkeypatch.setattr(os, "fork", fork)
    many = run_cli(capsys, "export", "--jobs", "2", "--format", "nbib", path)
    assert spy == [1] and len(made) == forks and one == many and one[0] == 0


def test_workers_die_with_their_parent(tmp_path, records):
    """A parent killed outright (no finally runs) leaves no worker holding the pipe open."""
    import signal
    import subprocess
    import sys
    import time

    path = array(tmp_path / "c.json", records)
    # The workers are busy (a batch takes a minute), not waiting on their sockets, whose EOF would
    # end them anyway: only PR_SET_PDEATHSIG stops them in time.
    script = (
        "import sys, time; from nenbib import parallel; from nenbib.cli import main; "
        f"parallel.BATCH = {BATCH}; parallel.cpus = lambda: 2; parallel._write_batch = lambda *a: time.sleep(60); "
        f"main(['export', '-j', '2', '-f', 'csl-json', {str(path)!r}])"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        children: list[int] = []
        for _ in range(200):
            time.sleep(0.05)
            children = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
            if len(children) == 2:
                break
        assert len(children) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for _ in range(100):
            alive = [c for c in children if Path(f"/proc/{c}").exists() and "zombie" not in status(c)]
            if not alive:
                break
            time.sleep(0.05)
        assert alive == []
    finally:
        proc.kill()
        proc.stdout.close()  # type: ignore[union-attr]


def status(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return "zombie (gone)"


def test_errors_cross_processes_intact():
    problems = [Problem("f.json", "/0/volume", "schema:type", "21 is not of type 'string'"), Problem("f.json", "/1", "r", "m")]
    for error in (
        ValidationError(problems),
        InputError("malformed JSON: x", "f.json", "line 3, column 4", "json-syntax"),
        OutputError("cannot write", "o.bib"),
        UsageError("no", "x"),
        NenbibError("plain"),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert (str(copy), copy.exit_code, copy.__dict__) == (str(error), error.exit_code, error.__dict__)


@pytest.mark.parametrize("how", HOW)
def test_text_reader_refuses_as_the_reader(tmp_path, records, how):
    """iter_json_text + parse_item give what iter_json gives, error for error."""
    path = tmp_path / "c.json"
    path.write_text(broken(records[:6], 4, how), encoding="utf-8")

    def outcome(read: Any) -> tuple[str, Any]:
        try:
            return "ok", list(read())
        except InputError as e:
            return "error", str(e)

    direct = outcome(lambda: files.iter_json(path, "c.json"))
    through_text = outcome(lambda: ((p, files.parse_item(t, "c.json", i)) for p, t, i in files.iter_json_text(path, "c.json")))
    assert direct == through_text
    assert direct[0] == ("ok" if how in ("schema", "semantic") else "error")


@pytest.mark.parametrize("at", [1, 3, BATCH + 7, N - 1])
@pytest.mark.parametrize("name", ["bibtex", "csl-json", "html"])
def test_a_repeated_id_is_one_error_after_the_records_before_it(tmp_path, capsys, spy, records, at, name):
    # BibTeX, biber and pandoc keep one of two entries with the same key, case aside.
    items = [dict(r) for r in records]
    items[at]["id"] = items[0]["id"].upper()
    path = array(tmp_path / "c.json", items)
    one, many = both(capsys, "--format", name, path)
    assert one[0] == 1 and one == many
    assert one[2] == (
        f"nenbib: error: {path}: /{at}/id: id {items[at]['id']!r} is already the id of the record in {path} /0 [id-unique]\n"
    )
    if name == "csl-json":
        assert one[1].count('"id": ') == at  # the records before it were written, no more
    assert spy == [1]  # the workers wrote it


def test_validate_names_every_repeated_id(tmp_path, capsys, records):
    a = array(tmp_path / "a.json", records[:3])
    b = array(tmp_path / "b.json", [records[2], {**records[0], "id": records[0]["id"].title()}])
    code, _, err = run_cli(capsys, "validate", a, b)
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{b}: /0/id: id {records[2]['id']!r} is already the id of the record in {a} /2 [id-unique]",
        f"{b}: /1/id: id {records[0]['id'].title()!r} is already the id of the record in {a} /0 [id-unique]",
    ]
    code, _, err = run_cli(capsys, "validate", a, a)  # one file named twice: each record twice
    assert code == 1 and err.count("[id-unique]") == 3
    one = tmp_path / "one.json"
    one.write_text(json.dumps(records[0]), encoding="utf-8")
    for second in (one, f"{tmp_path}/./one.json"):  # a single record, the same path object or not
        code, _, err = run_cli(capsys, "validate", one, second)
        assert code == 1 and err.count("[id-unique]") == 1, err


@pytest.mark.parametrize("how", ["duplicate-key", "nan"])
def test_what_the_json_hooks_refuse_is_placed_at_its_record(tmp_path, capsys, spy, records, how):
    # An 8 MB array with a duplicate key in record 1999 must say which record, in every reader.
    path = tmp_path / "c.json"
    path.write_text(broken(records, BATCH + 7, how), encoding="utf-8")
    one, many = both(capsys, "--format", "ris", path)
    assert one == many and one[2].startswith(f"nenbib: error: {path}: /{BATCH + 7}: ")
    code, _, err = run_cli(capsys, "validate", path)
    assert code == 1 and err.startswith(f"{path}: /{BATCH + 7}: ")
    code, _, err = run_cli(capsys, "import", path)  # the whole-file reader
    assert code == 1 and f"{path}: /{BATCH + 7}: " in err


@pytest.mark.parametrize("at", [0, BATCH + 7, N - 1])
@pytest.mark.parametrize("name", ["bibtex", "biblatex"])
def test_ascii_refusal_names_the_file_and_record(tmp_path, capsys, spy, record_dict, at, name):
    # A character --ascii cannot spell is the writer's error: it names the file and the record's
    # place, as a validation error does, in one process or several.
    items = [{**record_dict, "id": f"r{i}"} for i in range(N)]
    items[at]["title"] = "Om \u0f00"
    path = array(tmp_path / "c.json", items)
    one, many = both(capsys, "--ascii", "--format", name, path)
    assert one[0] == 1 and one == many
    assert one[2] == (
        f"nenbib: error: {path}: /{at}/title: record {items[at]['id']}: cannot write '\u0f00' "
        "(U+0F00 TIBETAN SYLLABLE OM) as an ASCII LaTeX command; export without --ascii (UTF-8)\n"
    )
    assert one[1].count("@article{") == at  # the records before it were written, no more
    assert spy == [1]


def test_ascii_refusal_of_a_single_record_file_and_of_convert(tmp_path, capsys, record_dict):
    records = [{**record_dict, "id": "r0"}, {**record_dict, "id": "r1"}]
    item = {**records[0], "title": "Om \u0f00"}
    single = tmp_path / "one.json"
    single.write_text(json.dumps(item), encoding="utf-8")
    code, _, err = run_cli(capsys, "export", "--ascii", "-f", "bibtex", single)
    assert code == 1 and err.startswith(f"nenbib: error: {single}: /title: record {item['id']}: cannot write '\u0f00'")
    code, bib, _ = run_cli(capsys, "export", "-q", "-f", "bibtex", array(tmp_path / "two.json", [records[1], item]))
    source = tmp_path / "two.bib"
    source.write_text(bib, encoding="utf-8")
    code, _, err = run_cli(capsys, "convert", "-q", "--ascii", "-t", "biblatex", source)
    # The .bib entry named by its line, as a validation failure of it is ('line 19: record r0: title: ...'):
    # '/1/title' pointed into no .bib file.
    line = bib.splitlines().index(f"@article{{{item['id']},") + 1
    want = f"nenbib: error: {source}: line {line}: record {item['id']}: title: cannot write '\u0f00'"
    assert code == 1 and err.startswith(want)
    # A record file converted keeps its JSON pointers, a file of one record's too ('/0/title' was none of it).
    code, _, err = run_cli(capsys, "convert", "-q", "--ascii", "-t", "bibtex", single)
    assert code == 1 and err.startswith(f"nenbib: error: {single}: /title: record {item['id']}: cannot write '\u0f00'")
    code, _, err = run_cli(capsys, "convert", "-q", "--ascii", "-t", "bibtex", tmp_path / "two.json")
    assert code == 1 and err.startswith(f"nenbib: error: {tmp_path / 'two.json'}: /1/title: record {item['id']}: cannot write")


def _second_entry(text: str, fmt: str) -> str:
    """Where the second entry of a file nenbib wrote starts, found in the text: its line, or a CSL-JSON item's pointer."""
    lines = text.splitlines()
    if fmt == "csl-json":
        return "/1"
    if fmt == "nbib":  # records are separated by a blank line
        return f"line {lines.index('') + 2}"
    start = {"ris": "TY  - ", "endnote-xml": "<record>"}[fmt]
    return f"line {[n for n, line in enumerate(lines, 1) if line.startswith(start)][1]}"


@pytest.mark.parametrize("fmt", ["ris", "nbib", "endnote-xml", "csl-json"])
def test_ascii_refusal_of_convert_names_the_entry(tmp_path, capsys, record_dict, fmt):
    # The entry that holds a character --ascii cannot spell is named as a validation failure of it is: its
    # place in the file, the record, then its field in the record's names ('/1/authors/1/family' of a .ris file
    # named no line, and a field of no RIS, NBIB or CSL-JSON item).
    people = [*record_dict["authors"][:1], {**record_dict["authors"][-1], "family": "\u674e"}]
    items = [{**record_dict, "id": "r0"}, {**record_dict, "id": "r1", "authors": people}]
    code, text, _ = run_cli(capsys, "export", "-q", "-f", fmt, array(tmp_path / "two.json", items))
    assert code == 0
    source = tmp_path / f"two{FORMATS[fmt].suffixes[0]}"
    source.write_text(text, encoding="utf-8")
    code, _, err = run_cli(capsys, "convert", "-q", "--ascii", "-t", "bibtex", "--from", fmt, source)
    key = "r1" if fmt != "nbib" else ""  # NBIB carries no key: the record's is made from its facts
    want = f"nenbib: error: {source}: {_second_entry(text, fmt)}: record {key}"
    errors = [line for line in err.splitlines() if line.startswith("nenbib: error: ")]  # after the reader's notes
    assert code == 1 and len(errors) == 1 and errors[0].startswith(want), err
    assert ": authors.1.family: cannot write '\u674e' (U+674E CJK UNIFIED IDEOGRAPH-674E) as an ASCII LaTeX command" in err
    assert "/authors/" not in err
