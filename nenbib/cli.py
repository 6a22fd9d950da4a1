"""The command line: a thin click layer over the library. Heavy imports stay inside commands."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import NenbibError, OutputError, UsageError
from .formats import FORMATS, Format, Options, by_suffix

if TYPE_CHECKING:
    from .validate import Problem

FORMAT_NAMES = list(FORMATS)


class _FormatChoice(click.Choice):
    """click.Choice of format names that names the format a mistaken name meant ('bib', 'csl', 'endnote')."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as e:
            from .formats import closest_name

            meant = closest_name(str(value), self.choices)
            if meant is None:
                raise
            raise click.BadParameter(f"{e.message.rstrip('.')}. Did you mean {meant!r}?", ctx, param) from None


_BIB_FAMILY = {"bibtex", "biblatex"}  # both are .bib files: '-f biblatex -o refs.bib' is usual


def _ending_note(target: Format, output: str | None) -> None:
    """A note when the file written has an ending that names another format: not refused (the
    format was named), but a reader of the file goes by its ending."""
    named = by_suffix(output) if output not in (None, "-") else None
    if named is not None and named.name != target.name and not {named.name, target.name} <= _BIB_FAMILY:
        _note(f"nenbib: note: wrote {target.name} to {output}, whose ending names {named.name}")


def _ascii_note(target: Format, ascii_: bool) -> None:
    """A note when --ascii was given for a format it does not change: only BibTeX and BibLaTeX have
    LaTeX commands to write non-ASCII with; the others are UTF-8 whatever is asked."""
    if ascii_ and target.name not in _BIB_FAMILY:
        _note(f"nenbib: note: --ascii is for bibtex and biblatex; {target.name} is written in UTF-8 as without it")


def _format_for(fmt: str | None, output: str | None, option: str = "--format") -> Format:
    """The format named, else the one the output's suffix selects; bibtex for stdout. `option`
    is the command's option that names the format, for the message."""
    if fmt:
        return FORMATS[fmt]
    if output in (None, "-"):
        return FORMATS["bibtex"]
    found = by_suffix(output)
    if found is None:
        endings = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
        raise UsageError(f"cannot tell the format from {output!r} (known endings: {endings}); give {option}")
    return found


def _named(*names: str | None, what: str = "path") -> None:
    """Refuse an empty name: Path("") is the current folder, so "" would quietly mean "." (a
    variable that came out empty, `nenbib validate "$DIR"`)."""
    if "" in names:
        raise UsageError(f'an empty {what} ("") names no file')


def _stdin(names: tuple[str, ...]) -> tuple[str, ...]:
    """'-' as an input is stdin, as it is stdout for --output (read once, through /dev/stdin)."""
    stdin = [n for n in names if n in _STDIN_NAMES]
    if len(stdin) > 1:  # the second read found a pipe empty ("file is empty"), a file anew (a repeated id)
        said = (
            f"'-' (stdin) is named {len(stdin)} times"
            if set(stdin) == {"-"}
            else f"stdin is named {len(stdin)} times ({', '.join(stdin)})"
        )
        raise UsageError(f"{said}; stdin is read once: name it once")
    return tuple("/dev/stdin" if n == "-" else n for n in names)


# stdin's names on Linux and macOS: '- /dev/stdin' read it twice as much as '- -' did.
_STDIN_NAMES = frozenset(("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"))


def _report_or_quiet(report: bool, quiet: bool) -> None:
    """--report and -q together: -q silenced the report that was asked for, without a word."""
    if report and quiet:
        raise UsageError("--report lists on stderr what -q/--quiet silences; give one of them")


def _not_an_input(output: str | None, inputs: tuple[str, ...] | list[str]) -> None:
    """Refuse an --output that would replace an input (the input stays byte for byte)."""
    if output in (None, "-"):
        return
    assert output is not None
    from .output import replaced_input

    why = replaced_input(output, inputs)
    if why is not None:
        raise UsageError(f"--output {why}; write the output elsewhere", output)


def _out(text: str, nl: bool = True) -> None:
    """click.echo to stdout, but a closed stdout is one clear error (click.echo drops the text)."""
    if sys.stdout is None:
        from .output import closed_stdout

        raise closed_stdout()
    click.echo(text, nl=nl)


@contextlib.contextmanager
def _reader_may_leave() -> Iterator[None]:
    """Output of a command with a verdict: a reader that stops early (`| head`) ends the output
    quietly, and the command's exit status still says valid or not, up to date or not."""
    try:
        yield
    except BrokenPipeError:
        _to_devnull(sys.stdout)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        _out(f"nenbib, version {__version__}")
        ctx.exit()


# Not click.version_option: it looks up gettext catalogues at import (~4 ms of every start-up).
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version, help="Show the version and exit."
)
def cli() -> None:
    """nenbib: one journal article, described once and exactly, in every citation format."""


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"], case_sensitive=False),
    default="text",
    show_default=True,
    help="text: one line per problem, on stderr; json (a report) and github (workflow annotations): on stdout.",
)
def validate(paths: tuple[str, ...], fmt: str) -> int:
    """Check records against the schema and the semantic rules.

    PATH is a record file or a folder of them ('-': stdin); none: the records the package ships.
    Exit 0 when all are valid, 1 when any is not.
    """
    from . import stamp

    # The shipped records, unchanged since `nenbib build` validated them (their stamps say so).
    _named(*paths)
    paths = _stdin(paths)
    stamped = None if paths else stamp.validated_shipped_count()
    found: Iterable[Problem] = ()
    check = None
    if stamped is None:
        from .records import Check

        found = check = Check(paths)
    problems = 0
    if fmt == "json":
        listed: list[Problem] = []
        for p in found:
            problems += 1
            if len(listed) < MAX_LISTED_PROBLEMS:
                listed.append(p)
        report: dict[str, Any] = {
            "valid": not problems,
            "records": _checked(stamped, check),
            "problems": [p.as_dict() for p in listed],
        }
        if problems > len(listed):
            report["problems_not_listed"] = problems - len(listed)
        with _reader_may_leave():
            _out(json.dumps(report, indent=2))
    elif fmt == "github":
        from .locate import Locator
        from .report import github_annotation

        locator = Locator()
        with _reader_may_leave():
            for p in found:  # as they are found: a stream's problems are not kept (records.Check)
                problems += 1
                _out(github_annotation(p, locator.find(p)))
    else:
        named: set[str | None] = set()  # the files with a problem: at most the files read
        for p in found:  # as they are found: a stream's problems are not kept (records.Check)
            problems += 1
            named.add(p.file)
            _note(str(p))
        count = _checked(stamped, check)
        checked = f"{count} record{'s' if count != 1 else ''}"
        if not problems:
            _note(f"{checked} valid")
        elif problems > 1:  # what the lines add up to, as ruff's 'Found 3 errors.'; one line stays one
            _note(f"nenbib: {problems} problems in {len(named)} file{'s' if len(named) != 1 else ''}; {checked} checked")
    return 1 if problems else 0


# validate --format json lists this many problems, and counts the rest (problems_not_listed): a report of
# an endless array from a pipe would grow without bound.
MAX_LISTED_PROBLEMS = 10_000


def _checked(stamped: int | None, check: Any) -> int:
    """The records validate checked: the shipped ones its stamps vouch for, or those check read."""
    return stamped if stamped is not None else check.records


def _prebuilt(fmt: Format, records: tuple[str, ...], options: Options, report: bool) -> tuple[str, str] | None:
    """(text, fidelity note) of the committed export of the one shipped record, when nothing asks for
    a fresh one.

    `nenbib check` and the tests prove these files and notes equal a fresh conversion, so start-up
    skips the schema, the model and the writer for the main job; a record edited since
    `nenbib build` (its stamp no longer matches) gets the full validation and a fresh export instead.
    """
    from . import resources, stamp

    if records or options != Options():
        return None
    shipped = resources.shipped_record_files()
    if len(shipped) != 1:
        return None
    found = stamp.current(shipped[0])
    note = found and found.get("report" if report else "notes", {}).get(fmt.name)
    if not isinstance(note, str):
        return None
    try:
        with open(shipped[0][: -len(".json")] + fmt.build_suffix, encoding="utf-8", newline="") as fh:
            return fh.read(), note
    except OSError:
        return None


@cli.command()
@click.argument("records", nargs=-1, metavar="[RECORD]...")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=_FormatChoice(FORMAT_NAMES, case_sensitive=False),
    help="Output format (default: from --output's ending, an error if it names none; bibtex on stdout).",
)
@click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout; '-' is stdout.")
@click.option("--ascii", "ascii_", is_flag=True, help="BibTeX/BibLaTeX: write non-ASCII as LaTeX commands, for 8-bit BibTeX.")
@click.option("--report", is_flag=True, help="List on stderr every field the format cannot carry, and why.")
@click.option("-q", "--quiet", is_flag=True, help="No note on stderr about fields the format cannot carry.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes for a large collection (default: one per CPU, at most 4; 1: none).",
)
def export(
    records: tuple[str, ...], fmt: str | None, output: str | None, ascii_: bool, report: bool, quiet: bool, jobs: int | None
) -> int:
    """Export records (files or folders, '-' stdin; none: the shipped record) to a citation format."""
    from .output import write_output

    _named(*records)
    _named(output, what="--output")
    records = _stdin(records)
    _report_or_quiet(report, quiet)
    target = _format_for(fmt, output)
    if output not in (None, "-"):
        from .resources import refs_folder

        _not_an_input(output, records or [refs_folder()])
    options = Options(ascii=ascii_)
    prebuilt = _prebuilt(target, records, options, report)
    if prebuilt is not None:
        text, note = prebuilt
        write_output(output, [text])
    else:
        from .parallel import export as export_text
        from .report import FieldTally, fidelity_note

        tally = FieldTally()
        write_output(output, export_text(records, target, options, tally, jobs))
        note = fidelity_note(target, tally, detailed=report)
    _ending_note(target, output)
    _ascii_note(target, ascii_)
    if note and not quiet:
        _note(note)
    return 0


# The formats import and convert read (convert.readable_formats(), which loads every format module:
# too slow for start-up; tests/test_docs_accuracy.py holds the two equal). record: nenbib's own JSON.
_READABLE = "record, bibtex, biblatex, ris, csl-json, nbib, endnote-xml"
_DETECTED = "from the file's ending, else its content; record is nenbib's own JSON"


def _imported(source: str, fmt: str | None, strict: bool, option: str = "--format", encoding: str | None = None) -> Any:
    """import_file's records; the reader's warnings on stderr, before the error when it fails.
    `option` is the command's option that names the input format, for the message."""
    from .convert import import_file, readable_formats
    from .files import check_encoding

    if fmt is not None and fmt.lower() in readable_formats():
        fmt = fmt.lower()  # as --to and export's --format take BibTeX or RIS
    if fmt is not None and fmt not in readable_formats():
        from .formats import closest_name

        meant = closest_name(fmt, readable_formats())
        hint = f"; did you mean {meant!r}?" if meant is not None else ""
        raise UsageError(f"no reader for {fmt!r}; readable: {', '.join(readable_formats())}{hint}")
    if encoding is not None:
        encoding = check_encoding(encoding)
    try:
        result = import_file(source, fmt, strict, option, encoding)
    except NenbibError as e:
        for w in e.warnings:
            _note(f"nenbib: warning: {w}")
        raise
    for w in result.warnings:
        _note(f"nenbib: warning: {w}")
    return result


def _record_json_output(output: str | None) -> None:
    """Refuse import's --output whose ending names a citation format: import writes record JSON,
    which `-o refs.bib` put, silently, in a file every reader of .bib refuses."""
    from .files import citation_format

    found = None if output in (None, "-") else citation_format(str(output))
    if found is not None:
        raise UsageError(
            f"--output {output} names {found.name}, but import writes nenbib's record JSON (*.json);"
            f" `nenbib convert FILE -o {output}` writes {found.name}"
        )


@cli.command("import")
@click.argument("source", metavar="FILE")
@click.option("-f", "--format", "fmt", metavar="FORMAT", help=f"Input format, one of: {_READABLE} (default: {_DETECTED}).")
@click.option("-o", "--output", metavar="FILE", help="Write the record JSON here (atomically) instead of stdout; '-' is stdout.")
@click.option(
    "--encoding", metavar="NAME", help="The file's encoding when it is not UTF-8, e.g. cp1252 (EndNote's ANSI), latin-1, utf-16."
)
@click.option("--strict", is_flag=True, help="Treat reader warnings as errors.")
def import_(source: str, fmt: str | None, output: str | None, encoding: str | None, strict: bool) -> int:
    """Read a BibTeX, RIS, CSL-JSON, ... file ('-': stdin) into canonical record JSON, validated."""
    from .convert import records_json
    from .output import write_output

    _named(source)
    _named(output, what="--output")
    (source,) = _stdin((source,))
    _not_an_input(output, [source])
    _record_json_output(output)
    result = _imported(source, fmt, strict, encoding=encoding)
    write_output(output, [records_json(result.records)])
    return 0


@cli.command()
@click.argument("source", metavar="FILE")
@click.option(
    "-t",
    "--to",
    "fmt",
    type=_FormatChoice(FORMAT_NAMES, case_sensitive=False),
    help="Output format (default: from --output's ending; needed on stdout).",
)
@click.option("-f", "--from", "src_fmt", metavar="FORMAT", help=f"Input format, one of: {_READABLE} (default: {_DETECTED}).")
@click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout; '-' is stdout.")
@click.option("--ascii", "ascii_", is_flag=True, help="BibTeX/BibLaTeX: write non-ASCII as LaTeX commands, for 8-bit BibTeX.")
@click.option(
    "--encoding", metavar="NAME", help="The file's encoding when it is not UTF-8, e.g. cp1252 (EndNote's ANSI), latin-1, utf-16."
)
@click.option("--strict", is_flag=True, help="Treat reader warnings as errors.")
@click.option("--report", is_flag=True, help="List on stderr every field the output format cannot carry, and why.")
@click.option("-q", "--quiet", is_flag=True, help="No note on stderr about fields the format cannot carry.")
def convert(
    source: str,
    fmt: str | None,
    src_fmt: str | None,
    output: str | None,
    ascii_: bool,
    encoding: str | None,
    strict: bool,
    report: bool,
    quiet: bool,
) -> int:
    """Import FILE ('-': stdin) and export it to another format in one step."""
    from .output import write_output
    from .report import FieldTally, fidelity_note

    _named(source)
    _named(output, what="--output")
    (source,) = _stdin((source,))
    _report_or_quiet(report, quiet)
    if fmt is None and output in (None, "-"):
        raise UsageError("give --to FORMAT or an --output whose ending names one")
    target = _format_for(fmt, output, "--to")
    _not_an_input(output, [source])
    result = _imported(source, src_fmt, strict, "--from", encoding)
    tally = FieldTally()
    place, records = result.followed(source)  # a writer's error (--ascii) names the record as import's errors do
    try:
        write_output(output, target.load().write(tally.counting(records), Options(ascii=ascii_)))
    except OutputError as e:
        raise place.mark(e) from None
    _ending_note(target, output)
    _ascii_note(target, ascii_)
    note = fidelity_note(target, tally, detailed=report)
    if note and not quiet:
        _note(note)
    return 0


@cli.command()
@click.option(
    "--details",
    is_flag=True,
    # The readers of convert.READER_NOTES (not imported here: start-up); tests/test_docs_accuracy.py holds them equal.
    help="One line per field a format loses, with the reason; then what Zotero, bibutils, biber, JabRef,"
    " latexcodec and pylatexenc read differently of each format.",
)
def formats(details: bool) -> int:
    """The fidelity table: which record fields each format carries, carries with loss, or drops."""
    from .convert import fidelity_details, fidelity_markdown

    if details:
        for f in FORMATS.values():
            for line in fidelity_details(f):
                _out(line)
    else:
        _out(fidelity_markdown(), nl=False)
    return 0


def _refs_option(func: Any) -> Any:
    func = click.option(
        "--cff-license",
        "cff_licenses",
        multiple=True,
        metavar="SPDX",
        help="CITATION.cff's licence of your records, an SPDX id (MIT, CC0-1.0); repeat for a choice. Default: none"
        " (nenbib's records: MIT).",
    )(func)
    func = click.option(
        "--cff-version",
        metavar="TEXT",
        help="CITATION.cff's version of your records (e.g. 1.0). Default: none (nenbib's records: its own).",
    )(func)
    func = click.option(
        "--cff-author",
        "cff_authors",
        multiple=True,
        metavar="NAME",
        help="An author of your records for CITATION.cff: 'Family, Given' (or 'Family, Jr., Given'), or a team's"
        " name ('{Acme, Inc.}' when it has a comma); repeat for each."
        " CFF requires authors: without one, no CITATION.cff for records other than nenbib's own.",
    )(func)
    func = click.option(
        "--cff/--no-cff",
        default=True,
        show_default=True,
        help=(
            "Include CITATION.cff in the folder above DIR (--no-cff where that file describes something else;"
            " one nenbib did not write is never replaced)."
        ),
    )(func)
    return click.option(
        "--refs",
        metavar="DIR",  # a str, checked in _refs_path: click.Path's gettext lookups cost ~4 ms of every start-up
        help="Folder of records and their exports (default: the package's refs/).",
    )(func)


def _cff_package(
    folder: Any, cff: bool, authors: tuple[str, ...], version: str | None, licenses: tuple[str, ...], verb: str
) -> Any:
    """The package CITATION.cff describes (nenbib.cff.package_for), or None: --no-cff, or another
    project's records without --cff-author, which one note names (`verb`: written, compared)."""
    from . import cff as cff_mod

    if not cff:
        given = [
            n
            for n, v in (("--cff-author", authors), ("--cff-version", version), ("--cff-license", licenses))
            if v not in (None, ())
        ]
        if given:
            raise UsageError(f"{given[0]} describes CITATION.cff, which --no-cff leaves out; give one of them")
        return None
    package = cff_mod.package_for(folder, authors, version, licenses)
    if package is None:
        _note(cff_mod.no_authors_note(folder, verb))
    return package


def _cff_args(authors: tuple[str, ...], version: str | None, licenses: tuple[str, ...]) -> list[str]:
    """The --cff-* options as given, for the build command check advises."""
    args = [*(f"--cff-author={a}" for a in authors), *(f"--cff-license={i}" for i in licenses)]
    return args + ([f"--cff-version={version}"] if version is not None else [])


def _refs_path(refs: str | None) -> Any:
    from pathlib import Path

    from . import resources

    _named(refs, what="--refs")
    if refs and not Path(refs).is_dir():
        raise UsageError(f"--refs: {refs} {'is not a folder' if Path(refs).exists() else 'does not exist'}")
    if not refs:
        return resources.refs_dir()
    folder = Path(refs)
    # CITATION.cff goes in the folder above: Path(".").parent is "." and Path("..").parent is "." too,
    # so `--refs .` wrote it among the records and `--refs ..` below them. Such a folder is named through
    # its parent, still relative to the working folder: `.` in refs/ is ../refs.
    if folder.name not in ("", ".."):
        return folder
    absolute = os.path.abspath(refs)
    parent, name = os.path.split(absolute)
    try:
        return Path(os.path.join(os.path.relpath(parent), name)) if name else Path(absolute)
    except ValueError:  # Windows: another drive than the working folder's
        return Path(absolute)


@cli.command("build")
@_refs_option
def build_(
    refs: str | None, cff: bool, cff_authors: tuple[str, ...], cff_version: str | None, cff_licenses: tuple[str, ...]
) -> int:
    """Write every format's export beside each record in refs/, and CITATION.cff above it.

    Files whose content is unchanged are not touched (their mtimes stay). An installed nenbib
    needs --refs: it does not build into itself. CITATION.cff names nenbib's authors, version and
    MIT licence for nenbib's own records only; for yours it needs --cff-author (else none is
    written, with a note), and has the licence and version of --cff-license and --cff-version, if given.
    """
    from pathlib import Path

    from .build import build

    def display(path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    from . import resources
    from .cff import foreign as foreign_cff

    if refs is None and resources.installed():
        # The package's own refs/ in site-packages: never what `nenbib build` in a repository means.
        raise UsageError(
            f"without --refs, build writes into the installed package ({resources.refs_folder()});"
            " give --refs DIR, the folder of your records"
        )
    invalid: list[Any] = []
    folder = _refs_path(refs)
    package = _cff_package(folder, cff, cff_authors, cff_version, cff_licenses, "written")
    foreign = foreign_cff(folder) if package is not None else None
    if foreign is not None:
        raise UsageError(
            "not written by nenbib (it describes something else, as a repository's own does): build would replace it;"
            " give --no-cff to leave it, or remove it for nenbib to write one",
            display(foreign),
        )
    result = build(folder, package is not None, invalid, package)
    if invalid:  # every invalid record file, not the first only; nothing was written
        for _, error in invalid:
            _error(error)
        return 1
    for fmt in result.skipped:
        _note(f"nenbib: skipped {fmt.name}: a {fmt.build_suffix} file beside the records would be read as a record")
    for path in result.written:
        _note(f"nenbib: wrote {display(path)}")
    for path in result.removed:
        _note(f"nenbib: removed {display(path)} (its record is gone)")
    _note(f"nenbib: {len(result.written)} written, {len(result.unchanged)} unchanged")
    return 0


@cli.command("check")
@_refs_option
def check_(
    refs: str | None, cff: bool, cff_authors: tuple[str, ...], cff_version: str | None, cff_licenses: tuple[str, ...]
) -> int:
    """Compare the committed exports and CITATION.cff with a fresh build.

    Prints a unified diff for each file that differs, is missing or is extra, and an error for each
    invalid record file; exit 1 then, else 0. CITATION.cff is compared where build writes one: for
    records other than nenbib's own, with the --cff-* options build was given.
    """
    from .build import check, removed_by_build
    from .cff import foreign as foreign_cff

    invalid: list[Any] = []
    folder = _refs_path(refs)
    package = _cff_package(folder, cff, cff_authors, cff_version, cff_licenses, "compared")
    foreign = foreign_cff(folder) if package is not None else None
    drifts = check(folder, package is not None, invalid, package)
    for _, error in invalid:  # each as `build` reports it; the other records' files are still compared
        _error(error)
    with _reader_may_leave():
        for drift in drifts:
            _out(drift.diff, nl=False)
    if drifts:
        # build rewrites the exports and removes a stale one; any other extra file is the user's
        # to delete, as its diff line says.
        # A CITATION.cff nenbib did not write is not built over either: the advice is --no-cff.
        theirs = [d for d in drifts if d.path == foreign]
        built = [d for d in drifts if d not in theirs and (d.kind != "extra" or removed_by_build(d.path))]
        strays = [d for d in drifts if d not in built and d not in theirs]
        parts = []
        if built:
            names = ", ".join(f"{d.path.name} ({d.kind})" for d in built)
            command = _build_command(
                refs, cff and not theirs, _cff_args(cff_authors, cff_version, cff_licenses) if cff and not theirs else []
            )
            parts.append(f"{len(built)} file(s) out of date: {names}; run `{command}` and commit")
        if theirs:
            parts.append(
                f"{theirs[0].path.name} was not written by nenbib (it describes something else): give --no-cff to leave it out"
            )
        if strays:
            names = ", ".join(f"{d.path.name} ({d.kind})" for d in strays)
            parts.append(f"{len(strays)} file(s) not built from any record: {names}; delete them, or add their records")
        _note(f"nenbib: {'; '.join(parts)}")
    if drifts or invalid:
        return 1
    _note(f"nenbib: the exports{' and CITATION.cff' if package is not None else ''} match the records")
    return 0


def _build_command(refs: str | None, cff: bool, cff_args: list[str]) -> str:
    """The build that check's --refs, --cff and --cff-* options ask for: plain `nenbib build` builds
    the package's own refs/ (in site-packages, once installed), not the folder checked."""
    import shlex

    args = ["--refs", refs] if refs else []
    return " ".join(["nenbib", "build", *map(shlex.quote, [*args, *cff_args]), *([] if cff else ["--no-cff"])])


@cli.command()
@click.argument("records", nargs=-1, metavar="[RECORD]...")
@click.option(
    "-s",
    "--style",
    default="apa",
    show_default=True,
    metavar="STYLE",
    help="A CSL style name (see --list-styles) or a .csl file.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "markdown"], case_sensitive=False),
    default="text",
    show_default=True,
    help="Output form.",
)
@click.option("--locale", metavar="LOCALE", help="Language of terms and dates, e.g. en-US, de-DE (default: the style's).")
@click.option("--list-styles", is_flag=True, help="List the style names (containing PATTERN, if given) and exit.")
def cite(records: tuple[str, ...], style: str, fmt: str, locale: str | None, list_styles: bool) -> int:
    """Formatted reference-list entries in a CSL style (citeproc-py); none: the shipped record.

    With --list-styles the argument is a PATTERN (a substring, or * ? wildcards) instead.
    """
    from . import cite as cite_mod
    from .output import write_output
    from .records import iter_records

    if list_styles:
        if len(records) > 1:
            raise UsageError("--list-styles takes one PATTERN at most")
        names = cite_mod.list_styles(records[0] if records else None)
        if not names:
            raise UsageError(f"no style name matches {records[0]!r}")
        write_output(None, ["".join(f"{n}\n" for n in names)], hint="")
        return 0
    _named(*records)
    if not style.strip():  # a variable that came out empty (`-s "$STYLE"`): no style, and no hint names one
        raise UsageError(f"an empty --style ({style!r}) names no style; give a name (--list-styles lists them) or a .csl file")
    rendered = cite_mod.render(iter_records(_stdin(records)), style, fmt, locale)
    for note in rendered.notes:
        _note(f"nenbib: warning: {note}")
    write_output(None, [cite_mod.output_text(rendered, fmt)], hint="")
    return 0


# The signal that is ending the command (SIGTERM, SIGHUP), once _on_termination's handler has run.
_terminated_by = 0


def _on_termination() -> Any:
    """SIGTERM (a timeout, a cancelled CI job) and SIGHUP (the terminal closed) unwind as Ctrl-C
    does: the temporary output file is removed, an existing output stays as it was, the workers
    (nenbib.parallel) are stopped. A second one while that happens ends the process at once.
    Returns a function that puts the default handlers back (main() may run inside another program).
    A handler the caller set (nohup's SIG_IGN) is kept."""
    import _signal  # already loaded at interpreter start-up; `signal` builds its enums (~1.3 ms)

    parent = os.getpid()

    def handler(signum: int, _frame: Any) -> None:
        global _terminated_by
        if os.getpid() != parent:  # a forked worker that has not set its own: its parent cleans up
            os._exit(128 + signum)
        if _terminated_by:
            _signal.signal(signum, _signal.SIG_DFL)
            os.kill(parent, signum)
            return
        _terminated_by = signum
        raise KeyboardInterrupt

    installed = []
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(_signal, name, None)
        try:
            if signum is not None and _signal.getsignal(signum) == _signal.SIG_DFL:
                _signal.signal(signum, handler)
                installed.append(signum)
        except (ValueError, OSError):  # not the main thread: left as it is
            pass

    previous_hook = sys.unraisablehook

    def unraisable(args: Any) -> None:
        # The handler's KeyboardInterrupt (or Ctrl-C's) raised while a finalizer ran (a pipe's
        # __del__ in nenbib.parallel) is printed by Python as "Exception ignored", a traceback, and
        # swallowed: the export went on, or stopped later with a wrong error (exit 1). The signal
        # is sent again, to arrive outside the finalizer and unwind as it should: from a thread, a
        # moment later, since one sent from here ran its handler here, inside this hook, and was
        # swallowed in turn. Should it land in another finalizer, this hook sends it once more.
        global _terminated_by
        if isinstance(args.exc_value, KeyboardInterrupt) and os.getpid() == parent:
            import threading

            signum, _terminated_by = _terminated_by or _signal.SIGINT, 0
            timer = threading.Timer(0.005, os.kill, (parent, signum))
            timer.daemon = True  # the command may end first: nothing is left to interrupt
            timer.start()
            return
        previous_hook(args)

    sys.unraisablehook = unraisable

    def restore() -> None:
        for signum in installed:
            _signal.signal(signum, _signal.SIG_DFL)
        sys.unraisablehook = previous_hook

    return restore


def _interrupted() -> int:
    """Report Ctrl-C, SIGTERM or SIGHUP; the exit status, 128 + the signal's number."""
    if _terminated_by:
        name = {1: "SIGHUP", 15: "SIGTERM"}.get(_terminated_by, f"signal {_terminated_by}")
        _note(f"nenbib: terminated ({name}); no output file was changed")
        return 128 + _terminated_by
    _note("nenbib: interrupted; no output file was changed")
    return 130


def _command_path(args: list[str]) -> str:
    """'nenbib export' for the args of an export, 'nenbib' when no command is named."""
    name = next((a for a in args if not a.startswith("-")), None)
    return f"nenbib {name}" if name in cli.commands else "nenbib"


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: one line on stderr for every error, never a traceback."""
    global _terminated_by
    args = sys.argv[1:] if argv is None else list(argv)
    _terminated_by = 0
    restore = _on_termination()
    try:
        # make_context + invoke, not cli.main: click's main turns a broken pipe into a silent exit 1
        # and prints a blank line on Ctrl-C; both are reported here, once.
        if sys.stdout is None and any(a in ("-h", "--help") for a in args):  # click's help would vanish
            from .output import closed_stdout

            raise closed_stdout()
        try:
            with cli.make_context("nenbib", args) as ctx:
                code = cli.invoke(ctx)
        except click.exceptions.Exit as e:  # --help, --version
            code = e.exit_code
        if sys.stdout is not None:
            sys.stdout.flush()  # a late broken pipe surfaces here, not as a message at interpreter exit
    except click.ClickException as e:
        try:
            if isinstance(e, click.UsageError) and type(e).__name__ != "NoArgsIsHelpError":
                # One line, as nenbib's own usage errors, not click's three (Usage:, Try ..., Error:).
                # click leaves ctx unset for an option missing its value ('-f' last): the command is in args
                path = e.ctx.command_path if e.ctx is not None else _command_path(args)
                see = f" (see {path} --help)"
                _note(f"nenbib: error: {e.format_message()}{see}")
            else:
                e.show()
        except OSError:  # stderr on a full device: the exit status (2) still tells
            _to_devnull(sys.stderr)
        code = e.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):
        code = _interrupted()
    except BrokenPipeError:
        # The reader stopped early (`nenbib export | head -c1`): not an error of ours.
        _to_devnull(sys.stdout)
        code = 0
    except NenbibError as e:
        if _terminated_by:  # the workers got the same signal (a process group's): their end is its consequence
            code = _interrupted()
        else:
            _error(e)
            code = e.exit_code
    except Exception as e:
        from .__main__ import caused_by_ctrl_c

        if isinstance(e, OSError) and _stdout_failed(e):  # click.echo's text (--help, validate --format json)
            from .output import write_error

            _note(f"nenbib: error: {write_error(e)}")
            code = 1
        elif caused_by_ctrl_c(e):  # a RuntimeError that Python 3.11 made of a Ctrl-C: not a bug
            code = _interrupted()
        else:
            if os.environ.get("NENBIB_DEBUG"):
                raise
            _note(f"nenbib: internal error: {type(e).__name__}: {e} (a bug in nenbib; NENBIB_DEBUG=1 shows the traceback)")
            code = 70
    except BaseException as e:  # pyo3's PanicException (jsonschema-rs, rpds) is no Exception
        if type(e).__name__ != "PanicException" or os.environ.get("NENBIB_DEBUG"):
            raise
        if "KeyboardInterrupt" in str(e) or _terminated_by:  # Ctrl-C while Rust code was importing or calling Python
            code = _interrupted()
        else:
            _note(f"nenbib: internal error: {type(e).__name__}: {e} (a bug in nenbib or a library it uses)")
            code = 70
    if code != 0 and sys.stdout is not None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):  # e.g. a full device, already reported: its text is not wanted
            _to_devnull(sys.stdout)
    restore()
    sys.exit(code if isinstance(code, int) else 0)


def _stdout_failed(e: OSError) -> bool:
    """Whether the OSError at hand was raised by click.echo writing or flushing stdout."""
    tb = e.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code is click.utils.echo.__code__ and not frame.f_locals.get("err"):
            out = frame.f_locals.get("file")
            try:
                return out is not None and sys.stdout is not None and out.fileno() == sys.stdout.fileno()
            except (OSError, ValueError, AttributeError):
                return False
        tb = tb.tb_next
    return False


def _to_devnull(stream: Any) -> None:
    """Point stream (stdout, stderr) at /dev/null: what is still buffered goes nowhere, and the
    interpreter's final flush does not fail again (a second message and exit status 120)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _error(e: NenbibError) -> None:
    """An error on stderr: each of its lines (a ValidationError's problems) one error of its own, so
    each says so (`grep 'nenbib: error'` found the first problem of a record only)."""
    for line in str(e).splitlines() or [""]:
        _note(f"nenbib: error: {line}")


def _note(message: str) -> None:
    """A line for stderr. One that cannot be written (stderr on a full device) is let go: nothing
    could say so, and the exit status still tells how the command went."""
    try:
        click.echo(message, err=True)
    except OSError:
        _to_devnull(sys.stderr)
