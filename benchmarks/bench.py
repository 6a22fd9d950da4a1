"""nenbib's speed and memory, side by side with `python -c "import click"` in the same run (issue 8).

Every command runs in its own process; wall time is measured around it and peak RSS comes from
GNU time (or os.wait4's rusage) for that one child (collections: or the sum over it and its worker
processes, sampled, when that is larger). Start-up rows are run round-robin (so load
spikes hit every row alike) and reported as medians and as ratios to `import click`; collection
rows likewise, interleaved with plain json.loads + write of the same input, and judged as ratios
to it (the issue's rates are relative to its 2.5 s baseline for 10^5 records).

    python benchmarks/bench.py             # the full run: start-up, 1k/10k/100k collections, convert 10^4
    python benchmarks/bench.py --quick     # seconds: tiny collections, 3 repeats (what the test runs)
    python benchmarks/bench.py --json out.json   # also save every measurement

Standard library and nenbib only; pandoc and citation-js rows appear only when they are installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from nenbib import FORMATS, __version__, resources  # noqa: E402

MIB = 1024 * 1024
# Targets of issue 8.
STARTUP_RATIO = 1.3
STARTUP_RSS_MIB = 20
USER_RECORD_RATIO = 2.5
COLLECTION_RSS_MIB = 300
MIN_RATE = {"csl-json": 20_000, "ris": 20_000, "bibtex": 5_000, "biblatex": 5_000}
# The issue's baseline on its machine: plain Python json.loads + write of 10^5 records in ~2.5 s.
# Its rates are read as ratios to that baseline, measured here in the same run on the same data:
# 20,000/s is at most 2x the baseline's time, 5,000/s at most 8x. (Absolute rates depend on the
# machine and the records: here `import click` is 2.5x slower than on the issue's machine, and the
# synthetic records, with long abstracts, are heavier than its journal articles.)
ISSUE_BASELINE_RATE = 100_000 / 2.5
MAX_BASELINE_RATIO = {f: ISSUE_BASELINE_RATE / rate for f, rate in MIN_RATE.items()}
BASELINE = "plain json.loads + write (baseline)"
# What the baseline does: parse the whole array (or every file of a folder) and write it back.
BASELINE_ARRAY = (
    "import json, sys; d = json.loads(open(sys.argv[1], encoding='utf-8').read()); "
    "open(sys.argv[2], 'w', encoding='utf-8').write(json.dumps(d))"
)
BASELINE_FOLDER = (
    "import json, os, sys; p = sys.argv[1]; "
    "d = [json.loads(open(os.path.join(p, f), encoding='utf-8').read()) for f in sorted(os.listdir(p))]; "
    "open(sys.argv[2], 'w', encoding='utf-8').write(json.dumps(d))"
)
# pandoc's collection row is run up to this size (it holds the whole library in memory).
PANDOC_MAX_SIZE = 10_000
# Rates are judged from this size up; below it start-up dominates (--quick sizes).
JUDGED_SIZE = 10_000
# pandoc, BibTeX to CSL-JSON, 10^5 entries: 81 s and 8.5 GB (issue 8's measurement on this machine
# class); scaled linearly to the size converted here.
PANDOC_SECONDS_PER_RECORD = 81 / 100_000
PANDOC_BYTES_PER_RECORD = 8.5e9 / 100_000

# How to count the records in each format's output (an independent, textual count).
COUNTERS: dict[str, Callable[[str], int]] = {
    "bibtex": lambda text: len(re.findall(r"^@\w+\{", text, re.M)),
    "biblatex": lambda text: len(re.findall(r"^@\w+\{", text, re.M)),
    "ris": lambda text: len(re.findall(r"^ER  - ", text, re.M)),
    "csl-json": lambda text: len(json.loads(text)),
    "nbib": lambda text: len(re.findall(r"^TI  - ", text, re.M)),
    "endnote-xml": lambda text: text.count("<record>"),
    "jsonld": lambda text: text.count('"@type": "ScholarlyArticle"'),
    "html": lambda text: text.count('"@type": "ScholarlyArticle"'),
}


@dataclass
class Run:
    """One process: wall seconds, peak RSS in MiB, exit code."""

    seconds: float
    rss_mib: float
    code: int


@dataclass
class Row:
    """A line of the results table."""

    section: str
    name: str
    seconds: float
    rss_mib: float
    ratio: float | None = None
    rate: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""
    runs: list[float] = field(default_factory=list)


# GNU time forks the command from its own small image: the child's peak RSS is then the command's
# own. A child forked straight from this (larger) Python process would report this process's RSS
# as its peak, since the kernel carries the peak across exec.
TIME = shutil.which("time", path="/usr/bin:/bin")


def progress(row: Row) -> Row:
    """Say on stderr what was just measured (a full run takes a while)."""
    print(f"  {row.section}: {row.name}: {row.seconds:.2f} s, {row.rss_mib:.1f} MiB {row.note}", file=sys.stderr)
    return row


def run(argv: Sequence[str], env: dict[str, str] | None = None, stdout: str = os.devnull, tree: bool = False) -> Run:
    """Run argv in its own process; its wall time and its own peak RSS (not its siblings').

    With tree (collections: `nenbib export` of a large collection has worker processes), the peak
    is the larger of GNU time's (the largest single process) and the sum of the proportional set
    sizes of the process and its descendants, sampled every 20 ms by a thread (Linux /proc).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss, open(stdout, "wb") as out:
        full = [TIME, "-q", "-f", "%M", "-o", rss.name, *argv] if TIME else list(argv)
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        done = threading.Event()
        tree_kib = [0]

        def sample() -> None:
            while not done.wait(0.02):
                tree_kib.append(_tree_rss_kib(proc.pid, own=not TIME))

        sampler = threading.Thread(target=sample, daemon=True)
        if tree:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        if tree:
            sampler.join()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        kib = float(rss.read().strip().splitlines()[-1]) if TIME else usage.ru_maxrss
    return Run(seconds, max(kib, *tree_kib) / 1024, code)


def _tree_rss_kib(pid: int, own: bool) -> int:
    """Memory of pid's descendants (and of pid itself when own) now, in KiB; 0 where /proc is absent.

    Each process counts its proportional set size (Pss: a page shared by k processes counts 1/k
    in each), so the pages forked workers share with their parent are counted once; VmRSS where
    the kernel has no smaps_rollup.
    """
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
            if p != pid or own:
                total += _memory_kib(p)
        except (OSError, ValueError):
            continue  # gone meanwhile
    return total


def _memory_kib(pid: int) -> int:
    for name, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name) as fh:
                return next((int(line.split()[1]) for line in fh if line.startswith(key)), 0)
        except PermissionError:
            continue
    return 0


def round_robin(commands: dict[str, list[str]], repeats: int, env: dict[str, str]) -> dict[str, list[Run]]:
    """Each command `repeats` times, interleaved; one warm-up round first (file cache, .pyc)."""
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for i in range(repeats + 1):
        for name, argv in commands.items():
            r = run(argv, env)
            if r.code != 0:
                raise SystemExit(f"bench: {name!r} exited {r.code}: {' '.join(argv)}")
            if i:
                results[name].append(r)
    return results


def median_run(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.seconds for r in runs), max(r.rss_mib for r in runs)


# ---- the package under test -----------------------------------------------------------------


def package_under_test(work: Path) -> tuple[dict[str, str], list[str], str]:
    """(environment, argv prefix for nenbib, how it is run).

    The installed package is measured when its refs/ holds every prebuilt export; otherwise a
    copy of the package is made in `work` and `nenbib build` writes the exports there, so the
    start-up rows measure what a built package does.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NENBIB_DEBUG")}
    script = Path(sys.executable).with_name("nenbib")
    shipped = resources.shipped_records()
    prebuilt = len(shipped) == 1 and all(
        shipped[0].with_name(shipped[0].stem + f.build_suffix).is_file() for f in FORMATS.values()
    )
    import nenbib

    source = Path(nenbib.__file__).resolve().parent
    if prebuilt and script.is_file():
        compile_bytecode(source)
        return env, [str(script)], f"installed package ({script})"
    copy = work / "pkg"
    shutil.copytree(source, copy / "nenbib", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    shutil.copytree(resources.refs_dir(), copy / "refs")
    shutil.copytree(resources.schema_path().parent, copy / "schema")
    env["PYTHONPATH"] = str(copy)
    compile_bytecode(copy / "nenbib")
    argv = [sys.executable, "-c", "import sys; from nenbib.cli import main; sys.argv[0] = 'nenbib'; main()"]
    r = run([*argv, "build", "--no-cff"], env)
    if r.code != 0:
        raise SystemExit("bench: `nenbib build` failed in the copy")
    why = "no prebuilt exports in refs/" if not prebuilt else "no nenbib script"
    return env, argv, f"copy of the package with `nenbib build` run in it ({why})"


def compile_bytecode(package: Path) -> None:
    """Write the package's .pyc files, as pip does when it installs a wheel.

    An editable install (or PYTHONDONTWRITEBYTECODE=1) leaves none, and every run would then
    compile the sources again: ~20 ms of start-up that an installed nenbib does not pay.
    """
    import compileall

    compileall.compile_dir(str(package), quiet=1)


# ---- sections -------------------------------------------------------------------------------


def startup(nenbib: list[str], env: dict[str, str], work: Path, repeats: int, formats: list[str]) -> list[Row]:
    """Start-up of the shipped record's commands, and of a user record's export, vs import click."""
    user = work / "user.json"
    shutil.copyfile(resources.shipped_records()[0], user)
    py = sys.executable
    commands: dict[str, list[str]] = {
        "python -c pass": [py, "-c", "pass"],
        'python -c "import click"': [py, "-c", "import click"],
        "nenbib --version": [*nenbib, "--version"],
        "nenbib --help": [*nenbib, "--help"],
        "nenbib validate": [*nenbib, "validate"],
    }
    for f in formats:
        commands[f"nenbib export --format {f}"] = [*nenbib, "export", "--format", f]
    for f in formats:
        commands[f"nenbib export --format {f} user.json"] = [*nenbib, "export", "--format", f, str(user)]
    bib = work / "one.bib"
    if shutil.which("pandoc"):
        run([*nenbib, "export", "--format", "bibtex", "-o", str(bib)], env)
        commands["pandoc one.bib -t csljson (peer)"] = ["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)]
    citejs = shutil.which("citation-js")
    if citejs:
        csl = work / "one.csl.json"
        run([*nenbib, "export", "--format", "csl-json", "-o", str(csl)], env)
        commands["citation-js to RIS (peer)"] = [citejs, "-i", str(csl), "-f", "string", "-s", "ris"]
    results = round_robin(commands, repeats, env)
    click_s, _ = median_run(results['python -c "import click"'])
    rows = []
    for name, runs in results.items():
        seconds, rss = median_run(runs)
        ratio = seconds / click_s
        row = Row("start-up", name, seconds, rss, ratio=ratio, runs=[r.seconds for r in runs])
        if name.startswith("nenbib"):
            if name.endswith("user.json"):
                row.target = f"<= {USER_RECORD_RATIO}x"
                row.ok = ratio <= USER_RECORD_RATIO
            else:
                row.target = f"<= {STARTUP_RATIO}x, <= {STARTUP_RSS_MIB} MiB"
                row.ok = ratio <= STARTUP_RATIO and rss <= STARTUP_RSS_MIB
        rows.append(row)
    return rows


def dataset(cache: Path, n: int) -> Path:
    """A synthetic collection of n records as one JSON array, generated once and cached."""
    stamp = hashlib.sha256((HERE / "synth.py").read_bytes()).hexdigest()[:12]
    path = cache / f"synth-{n}-{stamp}.json"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            synth.write_array(n, fh)
        tmp.replace(path)
    return path


def collections(
    nenbib: list[str],
    env: dict[str, str],
    work: Path,
    cache: Path,
    sizes: list[int],
    formats: list[str],
    budget: float,
    repeats: int,
) -> list[Row]:
    """Every format from one JSON array of each size, and from a folder of record files, each
    beside the plain-json baseline on the same input; `repeats` interleaved rounds, medians.

    A format whose rate so far says a size would take more than `budget` seconds is not run at
    that size (a row says so), so one slow writer cannot hold the whole run for hours.
    """
    rows = []
    rates: dict[str, float] = {}
    for n in sizes:
        source = dataset(cache, n)
        commands = {BASELINE: [sys.executable, "-c", BASELINE_ARRAY, str(source), str(work / "baseline.json")]}
        for f in formats:
            if f in rates and n * repeats / rates[f] > budget:
                note = f"not run: ~{n / rates[f]:,.0f} s a run expected at {rates[f]:,.0f} records/s (--budget {budget:g})"
                rows.append(Row("collection", f"{n:,} records -> {f}", 0.0, 0.0, note=note, ok=False))
                continue
            commands[f] = [*nenbib, "export", "--format", f, "-q", "-o", str(work / f"out.{f}"), str(source)]
        results = measure_collection(commands, repeats, env, work, n)
        rows += judge_collection(results, f"{n:,} records", n, rates)
        if shutil.which("pandoc") and "csl-json" in commands and n <= PANDOC_MAX_SIZE:
            # The peer the issue names for BibTeX ("pandoc manages ~1,300"): nenbib's CSL-JSON in.
            out = work / "pandoc.bib"
            p = run(["pandoc", "-f", "csljson", "-t", "bibtex", "-o", str(out), str(work / "out.csl-json")])
            count = COUNTERS["bibtex"](out.read_text(encoding="utf-8")) if p.code == 0 else 0
            rows.append(
                progress(
                    Row(
                        "collection",
                        f"{n:,} records: pandoc CSL-JSON -> bibtex (peer)",
                        p.seconds,
                        p.rss_mib,
                        rate=n / p.seconds,
                        note=f"{count:,} out; one run",
                    )
                )
            )
    # refs/-style input: one file per record, a folder named on the command line.
    n = sizes[len(sizes) // 2]
    folder = work / f"refs-{n}"
    synth.write_folder(n, folder)
    commands = {BASELINE: [sys.executable, "-c", BASELINE_FOLDER, str(folder), str(work / "baseline.json")]}
    for f in ("csl-json", "ris"):
        if f in formats:
            commands[f] = [*nenbib, "export", "--format", f, "-q", "-o", str(work / f"out.{f}"), str(folder)]
    rows += judge_collection(measure_collection(commands, repeats, env, work, n), f"{n:,} record files", n, {})
    return rows


def measure_collection(
    commands: dict[str, list[str]], repeats: int, env: dict[str, str], work: Path, n: int
) -> dict[str, tuple[list[Run], int]]:
    """Each command `repeats` times, interleaved; its runs and the records its output holds."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            r = run(argv, env, tree=True)
            if r.code != 0:
                raise SystemExit(f"bench: {name} of {n} records exited {r.code}: {' '.join(argv)}")
            runs[name].append(r)
    counts = {name: n for name in commands}
    for f in commands.keys() - {BASELINE}:
        counts[f] = COUNTERS[f]((work / f"out.{f}").read_text(encoding="utf-8"))
    return {name: (runs[name], counts[name]) for name in commands}


def judge_collection(results: dict[str, tuple[list[Run], int]], what: str, n: int, rates: dict[str, float]) -> list[Row]:
    """Rows for one input: the baseline, then each format with its rate, its ratio to the baseline
    and the targets (peak RSS for every format; the issue's rates, as baseline ratios, for four)."""
    base_runs, _ = results[BASELINE]
    base_s, base_rss = median_run(base_runs)
    rows = [progress(Row("collection", f"{what} -> JSON: {BASELINE}", base_s, base_rss, ratio=1.0, rate=n / base_s))]
    for f, (runs, count) in results.items():
        if f == BASELINE:
            continue
        seconds, rss = median_run(runs)
        rate = rates[f] = n / seconds
        ratio = seconds / base_s
        row = Row("collection", f"{what} -> {f}", seconds, rss, ratio=ratio, rate=rate, runs=[r.seconds for r in runs])
        row.note = f"{count:,} out"
        row.target = f"<= {COLLECTION_RSS_MIB} MiB"
        ok = rss <= COLLECTION_RSS_MIB and count == n
        if f in MAX_BASELINE_RATIO and n >= JUDGED_SIZE:
            limit = MAX_BASELINE_RATIO[f]
            row.target = f"<= {limit:g}x baseline ({MIN_RATE[f]:,}/s at the issue's {ISSUE_BASELINE_RATE:,.0f}/s), " + row.target
            ok = ok and ratio <= limit
        row.ok = ok
        rows.append(progress(row))
    return rows


def convert(nenbib: list[str], env: dict[str, str], work: Path, cache: Path, n: int) -> list[Row]:
    """nenbib convert from BibTeX, against pandoc (measured if installed, else issue 8's numbers)."""
    bib = work / f"in-{n}.bib"
    r = run([*nenbib, "export", "--format", "bibtex", "-q", "-o", str(bib), str(dataset(cache, n))], env)
    if r.code != 0:
        raise SystemExit("bench: could not make the BibTeX input")
    out = work / "converted.csl.json"
    r = run([*nenbib, "convert", "--to", "csl-json", "-q", "-o", str(out), str(bib)], env)
    count = len(json.loads(out.read_text(encoding="utf-8"))) if r.code == 0 else 0
    rows = []
    if shutil.which("pandoc"):
        p = run(["pandoc", "-f", "bibtex", "-t", "csljson", "-o", str(work / "pandoc.json"), str(bib)])
        pandoc_s, pandoc_mib, how = p.seconds, p.rss_mib, "pandoc measured"
        rows.append(Row("convert", f"pandoc {n:,} BibTeX -> CSL-JSON (peer)", p.seconds, p.rss_mib, rate=n / p.seconds))
    else:
        pandoc_s, pandoc_mib = n * PANDOC_SECONDS_PER_RECORD, n * PANDOC_BYTES_PER_RECORD / MIB
        how = f"pandoc not installed: issue 8's 81 s / 8.5 GB per 10^5 scaled to {n:,}: {pandoc_s:.1f} s, {pandoc_mib:,.0f} MiB"
    rows.append(
        Row(
            "convert",
            f"nenbib convert {n:,} BibTeX -> CSL-JSON",
            r.seconds,
            r.rss_mib,
            ratio=r.seconds / pandoc_s,
            rate=n / r.seconds,
            target=f"< pandoc, <= {pandoc_mib / 4:,.0f} MiB",
            ok=r.code == 0 and count == n and (n < JUDGED_SIZE or (r.seconds < pandoc_s and r.rss_mib <= pandoc_mib / 4)),
            note=f"{count:,} out; ratio to pandoc; {how}",
        )
    )
    return rows


# ---- report ---------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()}, load average {load}"


def table(rows: list[Row]) -> str:
    lines = [
        "| section | command | median wall | peak RSS | ratio | records/s | target | met | note |",
        "|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        rate = f"{r.rate:,.0f}" if r.rate is not None else ""
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        if not r.seconds:
            lines.append(f"| {r.section} | `{r.name}` | | | | | | **no** | {r.note} |")
            continue
        wall = f"{r.seconds * 1000:.1f} ms" if r.seconds < 10 else f"{r.seconds:.1f} s"
        lines.append(
            f"| {r.section} | `{r.name}` | {wall} | {r.rss_mib:.1f} MiB | {ratio} | {rate} | {r.target} | {met} | {r.note} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny sizes and 3 repeats (seconds, for the test)")
    parser.add_argument("--repeats", type=int, help="start-up repeats per command (default 20, quick 3)")
    parser.add_argument("--sizes", help="collection sizes, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--convert-size", type=int, help="BibTeX entries for the convert row (default 10000)")
    parser.add_argument("--formats", help="formats to measure, comma-separated (default: all registered)")
    parser.add_argument("--sections", default="start-up,collection,convert", help="which sections to run")
    parser.add_argument("--collection-repeats", type=int, help="interleaved runs per collection command (default 3, quick 1)")
    parser.add_argument(
        "--budget", type=float, default=900, help="skip a format whose runs at a size would take longer (seconds)"
    )
    parser.add_argument("--cache", help="folder for generated collections (default: the temp folder)")
    parser.add_argument("--json", help="also write every measurement here")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 20)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([20, 60] if args.quick else [1000, 10_000, 100_000])
    convert_n = args.convert_size or (30 if args.quick else 10_000)
    formats = args.formats.split(",") if args.formats else list(FORMATS)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    sections = args.sections.split(",")
    cache = Path(args.cache or tempfile.gettempdir()) / "nenbib-bench"
    cache.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nenbib-bench-") as tmp:
        work = Path(tmp)
        env, nenbib, how = package_under_test(work)
        header = f"nenbib {__version__}: {how}\n{machine()}\n"
        print(header, file=sys.stderr)
        if "start-up" in sections:
            rows += startup(nenbib, env, work, repeats, formats)
        if "collection" in sections:
            crepeats = args.collection_repeats or (1 if args.quick else 3)
            rows += collections(nenbib, env, work, cache, sizes, formats, args.budget, crepeats)
        if "convert" in sections:
            rows += convert(nenbib, env, work, cache, convert_n)
    print(header)
    print(table(rows), end="")
    missed = [r.name for r in rows if r.ok is False]
    print(f"\n{len(rows)} rows; targets missed: {len(missed)}" + (f" ({'; '.join(missed)})" if missed else ""))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": header, "rows": [asdict(r) for r in rows]}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
