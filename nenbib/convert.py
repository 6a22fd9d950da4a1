"""Reading other formats back into canonical records (`nenbib import` / `nenbib convert`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import files, model
from ._regex import lazy_re
from .errors import InputError, NenbibError, OutputError, ValidationError
from .formats import FIELDS, FORMATS, Format, by_suffix
from .records import MAX_NOTE, Place, record_dicts, short_message, to_record
from .validate import Problem

CANONICAL = "record"  # the canonical JSON record, readable by import like any format


@dataclass
class Imported:
    """Records read from one file, and the warnings the reader raised."""

    records: list[model.Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where each record is in the file, as its errors name it: a record file's JSON pointer ('/7', ''
    # for a file of one), else the entry's place ('line 57'; a CSL-JSON item's pointer).
    places: list[str] = field(default_factory=list)
    entries: bool = False  # read from another format: its places are entries', not records' pointers

    def followed(self, label: str) -> tuple[Place, Iterator[model.Record]]:
        """The records, and the Place that names the one a writer fails on as the reader's errors
        name it (an entry's line, or a record file's pointer)."""
        place = Entry() if self.entries else Place()
        return place, place.follow((label, where, r) for where, r in zip(self.places, self.records, strict=True))


class Entry(Place):
    """Where a record read from another format came from: a writer's error about it (--ascii: a
    character with no LaTeX command) names it as a validation failure of the entry does, its place
    in the file, the record and its field in the record's names ('line 57: record r7: authors.1.family:
    cannot write ...'): a JSON pointer ('/7/authors/1/family') would point into no .ris or .bib file."""

    def mark(self, error: BaseException) -> BaseException:
        """The error, placed at the last record's entry when it is a writer's error that names no file."""
        if not isinstance(error, OutputError) or error.filename is not None or self.record is None:
            return error
        prefix = f"record {self.record.id}: "  # the writer names the record first (formats/_latex.article)
        rest = error.message.removeprefix(prefix)
        placed = _placed(Problem(None, error.where, "", rest), self.pointer, prefix, {})
        error.filename, error.where, error.message = self.label, self.pointer, placed.message
        error.args = (placed.message,)
        return error


def readable_formats() -> list[str]:
    """Names of the formats that have a reader, plus the canonical record."""
    return [CANONICAL, *(name for name, f in FORMATS.items() if hasattr(f.load(), "read"))]


def detect(path: Path, text: str, option: str = "--format") -> str:
    """The format of a file: from its ending, else from its content. `option` is the command's
    option that names the input format, for the message."""
    by_name = by_suffix(path.name)
    if path.name.endswith(".json") and not path.name.endswith(".csl.json"):
        by_name = None  # .json is shared by records and CSL-JSON: look inside
    if by_name is not None and hasattr(by_name.load(), "read"):
        return by_name.name
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in "[{":
        data = files.loads(text, str(path))  # JSON it is (no other format starts so): say where it breaks
        first = data[0] if isinstance(data, list) and data else data
        if isinstance(first, dict) and "journal" in first and "authors" in first:
            return CANONICAL
    for f in FORMATS.values():
        module = f.load()
        if hasattr(module, "read") and getattr(module, "sniff", None) and module.sniff(text):
            return f.name
    if path.name.endswith(".json"):
        return CANONICAL  # neither shape: validation names what is wrong with it as a record
    if by_name is not None:  # an ending nenbib writes (.html, .jsonld) but has no reader for
        raise InputError(
            f"nenbib writes {by_name.name} but cannot read it (readable: {', '.join(readable_formats())});"
            f" give {option} if the file is in one of those",
            str(path),
        )
    raise InputError(
        f"cannot tell the format from the name or the content; give {option} if it is one nenbib reads"
        f" ({', '.join(readable_formats())})",
        str(path),
    )


def import_file(
    path: str, fmt: str | None = None, strict: bool = False, option: str = "--format", encoding: str | None = None
) -> Imported:
    """Read a file of any readable format into validated records; `option` names the input format
    in a message (convert's is --from); `encoding` is the file's, when it is not UTF-8."""
    p = Path(path)
    try:
        text = files.read_text(p, path, encoding, may_name_encoding=True)
    except InputError:
        if fmt in (None, CANONICAL) and encoding in (None, "utf-8", "utf-8-sig"):
            _refuse_streamable(p, path, fmt)
        raise
    name = fmt or detect(p, text, option)
    result = Imported(entries=name != CANONICAL)
    if name == CANONICAL:
        # The text already read, not the file again: a pipe or FIFO (/dev/stdin, <(...)) is read once.
        data = files.loads(text, path)
        for base, item in record_dicts(data, path):
            result.records.append(to_record(item, path, base))
            result.places.append(base)
        return result
    read = FORMATS[name].load().read(text, path)
    # A note quotes what it is about: a 200,000-character 'pages' was a line as long on stderr. The
    # file's name is not counted: a long path cut a note's reason out of its middle.
    result.warnings = [_short_note(w, f"{path}: ") for w in read.warnings]
    error: NenbibError | None = None
    if strict and result.warnings:
        # The warnings are shown with the error (the CLI prints them first): the first is named without
        # its file, which the error names already.
        n = len(result.warnings)
        first = result.warnings[0].removeprefix(f"{path}: ")
        counted = f"{n} warnings with --strict; the first" if n > 1 else "a warning with --strict"
        error = InputError(f"{counted}: {first}", path)
    elif not read.records:
        error = InputError(f"no {name} record found", path)
    else:
        problems: list[Problem] = []
        for i, item in enumerate(read.records):
            # Where the entry is: a CSL-JSON item's pointer ('/2', items left out counted; '' for a file
            # of one object, '/0/itemData' for a cited item), or the line a .bib or .ris entry starts on;
            # "/1" of a .ris file would only be the second record read.
            place = read.places[i] if read.places else f"/{i}"
            try:
                result.records.append(to_record(item, path))
                result.places.append(place)
            except ValidationError as e:
                # Its key, which the reader's warnings also use, says which entry it is (as a writer's error does).
                key = item.get("id") if isinstance(item, dict) and name != "csl-json" else None
                prefix = f"record {key}: " if isinstance(key, str) and key else ""
                sources = getattr(FORMATS[name].load(), "REQUIRED_FROM", {})
                problems.extend(_placed(p, place, prefix, sources) for p in e.problems)
        if problems:
            error = ValidationError(problems, path)
    if error is not None:
        # What the reader noted often says why (a line it could not read, an entry it left out).
        error.warnings = result.warnings
        raise error
    return result


_REQUIRED = lazy_re(r"'(\w+)' is a required property")
# Read as empty (no author, a null title): as good as missing. By rule, not by jsonschema's wording of it.
_EMPTY_RULES = ("schema:minItems", "schema:type")
_WHOLE = {"journal": "journal.title", "issued": "issued.year"}  # an object missing: what it needs first


def _short_note(note: str, prefix: str) -> str:
    """A reader's note, shortened after its file's name when it quotes a huge value."""
    rest = note.removeprefix(prefix)
    return note[: len(note) - len(rest)] + short_message(rest, MAX_NOTE)


def _placed(p: Problem, place: str, prefix: str, sources: dict[str, str]) -> Problem:
    """A read record's problem (its pointer into the record) at its entry's place in the file, the
    item's JSON pointer or the line the entry starts on, with the record field it is about named in
    the message ('line 7: record doe2021: journal.issn_print: ISSN ...', '/2: authors.1.family: ...':
    the record's field names are not the file's); a required field the entry lacks in the format's
    own words ('/2: the entry has no usable container-title; a record requires journal.title')."""
    if p.pointer is None:
        return replace(p, message=prefix + p.message)
    path = [part for part in p.pointer.split("/") if part]
    message = _in_own_words(p, path, sources)
    field = ".".join(path) + ": " if path and message == p.message else ""
    return replace(p, pointer=place, message=prefix + field + message)


def _in_own_words(p: Problem, path: list[str], sources: dict[str, str]) -> str:
    """A required field the read entry lacks, named as the format names its source ('the entry has no
    journal field; a record requires journal.title'); any other problem as it is. path: the
    problem's place in the record ('journal' + 'title' is required: journal.title)."""
    path = list(path)
    m = _REQUIRED.fullmatch(p.message)
    if m is not None:
        path.append(m.group(1))
    elif p.rule not in _EMPTY_RULES or not p.message.startswith(("[]", "None ")):
        return p.message
    want = ".".join(path)
    want = _WHOLE.get(want, want)
    where = sources.get(want)
    # 'no usable': the field may be there but unreadable ('year = {spring}', an 'et al.' author line).
    return p.message if where is None else f"the entry has no usable {where}; a record requires {want}"


def _refuse_streamable(p: Path, path: str, fmt: str | None) -> None:
    """Over the size limit, a JSON array of records (its first item is one, as `detect` tells):
    import and convert read a file whole, but `nenbib export` streams such a file of any size, and
    `nenbib validate` checks it: name them, not "split the collection"."""
    import os
    import shlex
    import stat

    try:
        st = os.stat(p)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode) or st.st_size <= files.MAX_FILE_BYTES:
        return
    if fmt is None and by_suffix(p.name) is not None and not (p.name.endswith(".json") and not p.name.endswith(".csl.json")):
        return  # an ending of another format (.bib, .ris, .csl.json, ...), read as that format
    try:
        pointer, first = next(files.iter_json(p, path))  # reads the first item only
    except (NenbibError, StopIteration):
        return
    if pointer == "/0" and isinstance(first, dict) and "journal" in first and "authors" in first:
        name = shlex.quote(path)
        raise files.too_large(
            st.st_size,
            path,
            f"for import and convert, which read a file whole; a JSON array of records of any size is streamed by"
            f" `nenbib export -f FORMAT -o OUT {name}` (and checked by `nenbib validate {name}`)",
        ) from None


def records_json(records: list[model.Record]) -> str:
    """Canonical JSON text: one record as an object, several as an array; 2-space indent."""
    data: Any = model.to_dict(records[0]) if len(records) == 1 else [model.to_dict(r) for r in records]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def fidelity_table() -> dict[str, dict[str, str]]:
    """format name -> field -> status ('carried', 'lossy: ...', 'dropped: ...') for every format."""
    return {name: f.load().FIDELITY for name, f in FORMATS.items()}


def fidelity_markdown() -> str:
    """The fidelity table as Markdown: one row per field, one column per format."""
    table = fidelity_table()
    names = list(table)
    lines = ["| field | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for f in FIELDS:
        cells = [table[n][f].split(":")[0] for n in names]
        lines.append(f"| {f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# The readers whose differences a format module may state, by its table's name.
READER_NOTES = (
    ("ZOTERO", "Zotero"),
    ("BIBUTILS", "bibutils"),
    ("BIBER", "biber"),
    ("JABREF", "JabRef"),
    ("LATEXCODEC", "latexcodec"),
    ("PYLATEXENC", "pylatexenc"),
)


def fidelity_details(fmt: Format) -> Iterator[str]:
    """'field: status: why' for every field a format does not carry whole; then what each reader
    of READER_NOTES reads differently, where the module states it (a note the status says already
    is not repeated)."""
    module = fmt.load()
    for f, status in module.FIDELITY.items():
        if status != "carried":
            yield f"{fmt.name}: {f}: {status}"
    for table, reader in READER_NOTES:
        for f, note in getattr(module, table, {}).items():
            if note not in module.FIDELITY.get(f, ""):
                yield f"{fmt.name}: {f}: in {reader}: {note}"
