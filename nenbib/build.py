"""The data package: prebuilt exports beside each record in refs/, and CITATION.cff above it.

`build` writes what the current code makes of the records; `check` says where the committed
files differ from that, as a unified diff, so CI catches an export nobody regenerated.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from . import files, resources, stamp
from .errors import InputError, NenbibError, ValidationError
from .formats import FORMATS, Format, Options
from .model import Record
from .output import write_output
from .records import Ids, record_dicts, to_record
from .report import FieldTally, fidelity_note

if TYPE_CHECKING:
    from .cff import Package

CFF_NAME = "CITATION.cff"


@dataclass(frozen=True)
class Output:
    """One file `build` writes: where, and the exact text."""

    path: Path
    text: str


@dataclass
class BuildResult:
    """What `build` did."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    skipped: list[Format] = field(default_factory=list)


@dataclass(frozen=True)
class Drift:
    """A committed file that is not what `build` would write: differs, missing or extra."""

    path: Path
    kind: str
    diff: str


def built_formats() -> tuple[list[Format], list[Format]]:
    """(formats built beside each record, formats skipped because their file would pass for a record)."""
    built: list[Format] = []
    skipped: list[Format] = []
    for fmt in FORMATS.values():
        (skipped if resources.is_record_name("x" + fmt.build_suffix) else built).append(fmt)
    return built, skipped


def _load(fmt: Format) -> ModuleType:
    try:
        return fmt.load()
    except ImportError as e:
        raise NenbibError(f"format {fmt.name}: cannot load nenbib.formats.{fmt.module} ({e})") from None


def _records(path: Path, ids: Ids) -> list[Record]:
    """The file's records; a ValidationError carries the problems of every invalid one, not the first's."""
    label = files.display(path)
    records: list[Record] = []
    problems = []
    for base, item in record_dicts(files.read_json(path, label), label):
        try:
            records.append(ids.check(to_record(item, label, base), label, base))
        except ValidationError as e:
            problems.extend(e.problems)
    if problems:
        raise ValidationError(problems, label)
    return records


def _outputs_of(record_path: Path) -> set[Path]:
    """The files build writes for a record file (its exports and its stamp)."""
    built, _ = built_formats()
    return {record_path.with_name(record_path.stem + f.build_suffix) for f in built} | {Path(stamp.path_for(record_path))}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def planned(
    refs: Path, cff: bool = True, invalid: list[tuple[Path, NenbibError]] | None = None, package: Package | None = None
) -> list[Output]:
    """Every file `build` writes, with its text, computed fresh from the records in refs.

    A record file that cannot be read or is invalid raises its error; with `invalid`, the error is
    added to it instead and the other files are planned all the same (without CITATION.cff, which
    is built from every record). CITATION.cff describes `package`; by default nenbib's for its own
    records, and none is planned for others' records (CFF requires authors only their user knows).
    """
    record_paths = resources.record_files(refs)
    if not record_paths:
        raise InputError("folder holds no record (*.json) files", str(refs))
    formats, _ = built_formats()
    outputs: list[Output] = []
    every: list[Record] = []
    names: list[str] = []
    ids = Ids()  # two records of one id: `validate` refuses the folder, and so does `build`
    for path in record_paths:
        try:
            records = _records(path, ids)
        except NenbibError as e:
            if invalid is None:
                raise
            invalid.append((path, e))
            continue
        every.extend(records)
        names.append(_relative(path, refs.parent))
        tally = FieldTally()
        tally.count_all(records)
        notes: dict[str, str] = {}
        reports: dict[str, str] = {}
        for fmt in formats:
            target = path.with_name(path.stem + fmt.build_suffix)
            # Default options: `nenbib export` serves these files only when no option is given.
            text = "".join(_load(fmt).write(records, Options()))
            outputs.append(Output(target, text))
            names.append(_relative(target, refs.parent))
            notes[fmt.name] = fidelity_note(fmt, tally)
            reports[fmt.name] = fidelity_note(fmt, tally, detailed=True)
        outputs.append(Output(Path(stamp.path_for(path)), stamp.text(path, notes, reports)))  # a valid record's
    if cff and not invalid:
        from .cff import citation_cff, package_for

        package = package or package_for(refs)
        if package is not None:
            outputs.append(Output(refs.parent / CFF_NAME, citation_cff(every, package, names)))
    return outputs


def _extras(refs: Path, outputs: list[Output], spared: Iterable[Path] = ()) -> Iterator[Path]:
    """Files in refs that are neither a record nor a planned output nor spared (hidden files aside)."""
    wanted = {o.path for o in outputs} | set(spared)
    for path in sorted(refs.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if not resources.is_record_name(path.name) and path not in wanted:
            yield path


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", files.display(path)) from None


def build(
    refs: Path, cff: bool = True, invalid: list[tuple[Path, NenbibError]] | None = None, package: Package | None = None
) -> BuildResult:
    """Write every export beside each record (and CITATION.cff), touching only files that change.

    Stale exports of a registered format whose record is gone are removed; everything is computed
    before the first file is written, so an invalid record leaves refs/ as it was. With `invalid`,
    the errors of every invalid record file are added to it (nothing is written then), not only the
    first one's raised.
    """
    outputs = planned(refs, cff, invalid, package)
    result = BuildResult(skipped=built_formats()[1])
    if invalid:
        return result
    for out in outputs:
        if _read_bytes(out.path) == out.text.encode("utf-8"):
            result.unchanged.append(out.path)
        else:
            write_output(str(out.path), [out.text])
            result.written.append(out.path)
    for path in _extras(refs, outputs):
        if removed_by_build(path):
            path.unlink()
            result.removed.append(path)
    return result


def removed_by_build(extra: Path) -> bool:
    """Whether build removes this extra file: an export or stamp whose record is gone (any other
    file in refs/ is the user's to delete)."""
    return extra.name.endswith((*(f.build_suffix for f in FORMATS.values()), stamp.SUFFIX))


def _diff(old: str, new: str, name: str) -> str:
    lines = []
    for line in difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}", lineterm="\n"
    ):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    text = "".join(lines)
    if old != new and old.replace("\r\n", "\n") == new.replace("\r\n", "\n"):
        text = f"# {name}: only line endings differ (a checkout converted CRLF/LF?)\n" + text
    return text


def check(
    refs: Path, cff: bool = True, invalid: list[tuple[Path, NenbibError]] | None = None, package: Package | None = None
) -> list[Drift]:
    """The committed files that are not what `build` would write now; empty when all agree.

    With `invalid`, a record file that cannot be read or is invalid adds its error to it, and every
    other record's files are compared all the same; the files of an invalid record are neither
    compared nor extra, and CITATION.cff, built from every record, is not compared.
    """
    outputs = planned(refs, cff, invalid, package)
    root = refs.parent
    drifts: list[Drift] = []
    for out in outputs:
        name = _relative(out.path, root)
        committed = _read_bytes(out.path)
        if committed is None:
            drifts.append(Drift(out.path, "missing", _diff("", out.text, name).replace(f"--- a/{name}", "--- /dev/null", 1)))
        elif committed != out.text.encode("utf-8"):
            old = committed.decode("utf-8", errors="replace")
            drifts.append(Drift(out.path, "differs", _diff(old, out.text, name)))
    spared = [p for record, _ in invalid or () for p in _outputs_of(record)]
    for path in _extras(refs, outputs, spared):
        name = _relative(path, root)
        drifts.append(Drift(path, "extra", f"# {name}: not built from any record: delete it, or add its record\n"))
    return drifts
