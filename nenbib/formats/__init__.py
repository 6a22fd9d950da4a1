"""The format registry: one line per format; the modules load only when a format is used.

Each format module provides:
  write(records: Iterable[Record], options: Options) -> Iterator[str]   (text chunks, streamed)
  read(text: str, source: str) -> ReadResult                            (optional: record dicts)
  FIDELITY: dict[field, "carried" | "lossy: why" | "dropped: why"]       (one entry per FIELDS)
A format whose records are written each on its own also provides (and writes through `entries`)
  entry(record: Record, n: int, options: Options) -> str   (the n-th record, 0-based, with what precedes it)
  end(count: int, options: Options) -> str                 (what follows the last of `count` records)
so that nenbib.parallel can write a large collection in batches on every core.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..model import Record

# The record's facts as the fidelity table names them (canonical JSON paths).
FIELDS = (
    "id",
    "type",
    "genre",
    "title",
    "authors",
    "authors.orcid",
    "authors.corresponding",
    "affiliations",
    "journal.title",
    "journal.abbreviation_nlm",
    "journal.abbreviation_iso",
    "journal.issn_print",
    "journal.issn_electronic",
    "publisher",
    "issued",
    "volume",
    "issue",
    "pages",
    "pages.count",
    "pages.article_number",
    "identifiers.doi",
    "identifiers.pmid",
    "identifiers.pmcid",
    "keywords",
    "language",
    "abstract",
    "sources",
)


# NamedTuples and a plain class here, not dataclasses: this module is on every command's start-up
# path, and importing dataclasses and making three classes with it cost ~3 ms of it (issue 8).


class Options(NamedTuple):
    """Writer options; a writer ignores those that do not apply to it."""

    ascii: bool = False


class ReadResult:
    """What a reader found: record dicts (validated later, in one place) and warnings; places, when
    the reader keeps them, where each record's entry is in the file: the JSON pointer of a CSL-JSON
    item, the line a .bib, .ris, .nbib or EndNote XML entry starts on, with its column for an EndNote
    record on a line with others ('line 1, column 4711'). An error names that place, not "/1", the
    second record read: a reader leaves entries out, and a .ris file has no "/1"."""

    __slots__ = ("records", "warnings", "places")

    def __init__(self, records: list[dict[str, Any]] | None = None, warnings: list[str] | None = None) -> None:
        self.records: list[dict[str, Any]] = [] if records is None else records
        self.warnings: list[str] = [] if warnings is None else warnings
        self.places: list[str] = []

    def __repr__(self) -> str:
        return f"ReadResult(records={self.records!r}, warnings={self.warnings!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadResult):
            return NotImplemented
        return (self.records, self.warnings) == (other.records, other.warnings)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaces


class Format(NamedTuple):
    """A registered format: its names and suffixes; the code lives in nenbib.formats.<module>."""

    name: str
    module: str
    description: str
    suffixes: tuple[str, ...]  # file endings that select this format, the first is used by `build`
    media_type: str

    def load(self) -> ModuleType:
        """The format's module, imported on first use."""
        return importlib.import_module(f"nenbib.formats.{self.module}")

    @property
    def build_suffix(self) -> str:
        """Ending of the prebuilt export beside each record in refs/."""
        return self.suffixes[0]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("bibtex", "bibtex", "BibTeX for LaTeX/BibTeX, JabRef, Zotero", (".bib",), "application/x-bibtex"),
        Format("biblatex", "biblatex", "BibLaTeX for biber", (".biblatex.bib",), "application/x-bibtex"),
        Format("ris", "ris", "RIS for Zotero, Mendeley, EndNote", (".ris",), "application/x-research-info-systems"),
        Format(
            "csl-json",
            "csljson",
            "CSL-JSON for citeproc, pandoc, Zotero",
            (".csl.json", ".json"),
            "application/vnd.citationstyles.csl+json",
        ),
        Format("nbib", "nbib", "MEDLINE/PubMed .nbib for EndNote (Zotero imports it only with a PMID)", (".nbib",), "text/plain"),
        Format("endnote-xml", "endnote_xml", "EndNote XML for EndNote", (".xml",), "application/xml"),
        Format("jsonld", "jsonld", "schema.org JSON-LD for web pages and search engines", (".jsonld",), "application/ld+json"),
        Format("html", "html", "Landing page with Highwire, Dublin Core, JSON-LD and COinS metadata", (".html",), "text/html"),
    )
}


def entries(
    entry: Callable[[Record, int, Options], str], end: Callable[[int, Options], str], records: Iterable[Record], options: Options
) -> Iterator[str]:
    """write() of a format that writes each record on its own: entry() of each record, then end()."""
    n = 0
    for r in records:
        yield entry(r, n, options)
        n += 1
    yield end(n, options)


def by_suffix(filename: str) -> Format | None:
    """The format a file name's ending selects (the longest matching ending wins), or None."""
    name = filename.lower()
    matches = [(len(s), f) for f in FORMATS.values() for s in f.suffixes if name.endswith(s)]
    return max(matches, key=lambda m: m[0])[1] if matches else None


def closest_name(given: str, names: Iterable[str]) -> str | None:
    """The format name meant by a mistaken one, or None: its file ending ('bib', '.ris', 'xml'),
    the name without punctuation ('CSL_JSON', 'csljson'), the one name it begins ('csl', 'endnote'),
    else a near spelling ('bibtext')."""
    names = list(names)
    word = given.strip().lower()
    plain = "".join(c for c in word if c.isalnum())
    if not plain:
        return None
    found = by_suffix("x." + plain)
    if found is not None and found.name in names and "." + plain in found.suffixes:
        return found.name
    same = [n for n in names if "".join(c for c in n if c.isalnum()) == plain]
    starts = [n for n in names if n.startswith(word) or n.replace("-", "").startswith(plain)]
    if same or len(starts) == 1:
        return (same or starts)[0]
    import difflib  # only on the way to an error

    close = difflib.get_close_matches(word, names, n=1, cutoff=0.7)
    return close[0] if close else None
