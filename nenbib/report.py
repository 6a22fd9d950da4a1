"""What a format cannot carry, said out loud; and CI-friendly renderings of problems."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .formats import FIELDS, Format
from .model import Person, Record
from .validate import Problem


def facts(r: Record) -> dict[str, Any]:
    """The record's value for each of FIELDS, in a comparable form (None or empty when absent)."""
    persons = [a for a in r.authors if isinstance(a, Person)]
    values = {
        "id": r.id,
        "type": r.type,
        "genre": r.genre,
        "title": r.title,
        "authors": tuple(
            ("person", a.family, a.given, a.particle, a.suffix) if isinstance(a, Person) else ("organization", a.name)
            for a in r.authors
        ),
        "authors.orcid": tuple(p.orcid for p in persons) if any(p.orcid for p in persons) else None,
        "authors.corresponding": tuple(i for i, a in enumerate(r.authors) if a.corresponding),
        "affiliations": tuple(tuple(aff.printed for aff in r.affiliations_of(a)) for a in r.authors) if r.affiliations else (),
        "journal.title": r.journal.title,
        "journal.abbreviation_nlm": r.journal.abbreviation_nlm,
        "journal.abbreviation_iso": r.journal.abbreviation_iso,
        "journal.issn_print": r.journal.issn_print,
        "journal.issn_electronic": r.journal.issn_electronic,
        "publisher": r.publisher,
        "issued": r.issued,
        "volume": r.volume,
        "issue": r.issue,
        "pages": None if r.pages is None else (r.pages.first, r.pages.last, r.pages.article_number),
        "pages.count": r.pages.count if r.pages is not None else None,
        "pages.article_number": r.pages.article_number if r.pages is not None else None,
        "identifiers.doi": r.identifiers.doi,
        "identifiers.pmid": r.identifiers.pmid,
        "identifiers.pmcid": r.identifiers.pmcid,
        "keywords": r.keywords,
        "language": r.language,
        "abstract": r.abstract,
        "sources": r.sources,
    }
    assert tuple(values) == FIELDS
    return values


# Whether a record has a value for each of FIELDS: the truth of facts(r)[field], computed alone, so
# a tally asks only about the fields it has not seen yet (facts() builds all 27 values: ~28 us a
# record on the synthetic collection of benchmarks/, where some fields never appear).
_PRESENT: dict[str, Callable[[Record], bool]] = {
    "id": lambda r: bool(r.id),
    "type": lambda r: bool(r.type),
    "genre": lambda r: bool(r.genre),
    "title": lambda r: bool(r.title),
    "authors": lambda r: bool(r.authors),
    "authors.orcid": lambda r: any(isinstance(a, Person) and a.orcid for a in r.authors),
    "authors.corresponding": lambda r: any(a.corresponding for a in r.authors),
    "affiliations": lambda r: bool(r.affiliations) and bool(r.authors),
    "journal.title": lambda r: bool(r.journal.title),
    "journal.abbreviation_nlm": lambda r: bool(r.journal.abbreviation_nlm),
    "journal.abbreviation_iso": lambda r: bool(r.journal.abbreviation_iso),
    "journal.issn_print": lambda r: bool(r.journal.issn_print),
    "journal.issn_electronic": lambda r: bool(r.journal.issn_electronic),
    "publisher": lambda r: bool(r.publisher),
    "issued": lambda r: bool(r.issued),
    "volume": lambda r: bool(r.volume),
    "issue": lambda r: bool(r.issue),
    "pages": lambda r: r.pages is not None,
    "pages.count": lambda r: r.pages is not None and bool(r.pages.count),
    "pages.article_number": lambda r: r.pages is not None and bool(r.pages.article_number),
    "identifiers.doi": lambda r: bool(r.identifiers.doi),
    "identifiers.pmid": lambda r: bool(r.identifiers.pmid),
    "identifiers.pmcid": lambda r: bool(r.identifiers.pmcid),
    "keywords": lambda r: bool(r.keywords),
    "language": lambda r: bool(r.language),
    "abstract": lambda r: bool(r.abstract),
    "sources": lambda r: bool(r.sources),
}
assert tuple(_PRESENT) == FIELDS


def present_fields(r: Record) -> set[str]:
    """The FIELDS this record has a value for."""
    return {k for k, present in _PRESENT.items() if present(r)}


class FieldTally:
    """Counts which fields the records passing through have (bounded memory)."""

    def __init__(self) -> None:
        self.fields: set[str] = set()
        self.records = 0

    def counting(self, records: Iterable[Record]) -> Iterator[Record]:
        """Pass records through, noting their fields (only those not seen yet are looked at)."""
        missing = [(k, p) for k, p in _PRESENT.items() if k not in self.fields]
        for r in records:
            self.records += 1
            if missing:
                found = [k for k, present in missing if present(r)]
                if found:
                    self.fields.update(found)
                    missing = [(k, p) for k, p in missing if k not in self.fields]
            yield r

    def count_all(self, records: Iterable[Record]) -> None:
        """Note the fields of every record."""
        for _ in self.counting(records):
            pass


def fidelity_note(fmt: Format, tally: FieldTally, detailed: bool = False) -> str:
    """One line naming the fields these records have that the format drops or carries with loss;
    with detailed, one line per field with the reason. Empty when nothing is lost."""
    table = fmt.load().FIDELITY
    lost = [(f, table[f]) for f in FIELDS if f in tally.fields and table[f] != "carried"]
    if not lost:
        return ""
    if detailed:
        return "\n".join(f"nenbib: {fmt.name}: {f}: {status}" for f, status in lost)
    dropped = [f for f, s in lost if s.startswith("dropped")]
    lossy = [f for f, s in lost if s.startswith("lossy")]
    parts = []
    if dropped:
        parts.append("cannot carry " + ", ".join(dropped))
    if lossy:
        parts.append("carries with loss " + ", ".join(lossy))
    return f"nenbib: {fmt.name} {'; '.join(parts)} (--report says why, -q silences)"


def github_annotation(p: Problem, where: tuple[int, int] | None = None) -> str:
    """A GitHub Actions workflow command that shows the problem inline in a pull request.

    where is the (line, column) of the problem (nenbib.locate); without it GitHub shows the
    annotation on the file as a whole. Escapes follow the runner's toolkit (command.ts):
    % CR LF in the message; also : and , in properties.
    """

    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    props = [f"file={esc(_workspace_path(p.file), prop=True)}"] if p.file else []  # no file: an empty file= names none
    if where is not None and p.file:
        props += [f"line={where[0]}", f"col={where[1]}"]
    props.append(f"title={esc(f'nenbib {p.rule}', prop=True)}")
    text = p.message if p.pointer is None else f"{p.pointer or '/'}: {p.message}"
    return f"::error {','.join(props)}::{esc(text)}"


def _workspace_path(name: str) -> str:
    """The file as an annotation needs it: GitHub attaches one only to a path relative to the
    checkout (GITHUB_WORKSPACE), so a file inside it is named relative to it, whether it was given
    absolute or relative to a working folder below it (`working-directory:`). A file outside it
    is named as given; without GITHUB_WORKSPACE, an absolute path is made relative to the working
    folder when inside it."""
    import os

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not name or (not workspace and not os.path.isabs(name)):
        return name
    return _inside(name, workspace or os.getcwd(), os.getcwd())


@functools.lru_cache(maxsize=256)  # once per file, not once per problem
def _inside(name: str, root: str, cwd: str) -> str:
    """name relative to root, as a POSIX path, when it lies inside (spelled so, or once symbolic
    links are resolved: a workspace reached through one); else name itself."""
    import os
    from pathlib import Path

    path = os.path.join(cwd, name)
    for spelled, base in ((os.path.normpath(path), os.path.normpath(root)), (os.path.realpath(path), os.path.realpath(root))):
        try:
            return Path(spelled).relative_to(base).as_posix()
        except ValueError:
            continue
    return name
