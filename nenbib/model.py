"""The canonical model: frozen dataclasses that every reader builds and every writer consumes.

JSON keys become Python names here and only here (from_dict / to_dict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar


def _cjk(text: str) -> bool:
    """Whether every letter of the text is Han, kana or Hangul."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(
        "\u1100" <= c <= "\u11ff"  # Hangul Jamo
        or "\u3040" <= c <= "\u30ff"  # Hiragana, Katakana
        or "\u3130" <= c <= "\u318f"  # Hangul compatibility Jamo
        or "\u3400" <= c <= "\u4dbf"  # CJK Extension A
        or "\u4e00" <= c <= "\u9fff"  # CJK Unified Ideographs
        or "\uac00" <= c <= "\ud7af"  # Hangul syllables
        or "\uf900" <= c <= "\ufaff"  # CJK Compatibility Ideographs
        or "\U00020000" <= c <= "\U0003134f"  # CJK Extensions B-G
        for c in letters
    )


# What RFC 3986 lets no URL path hold unencoded (and '%', which would start an escape).
_URL_UNSAFE = frozenset('%"#<>?[\\]^`{|} ')


@dataclass(frozen=True)
class Affiliation:
    """An affiliation: the printed string and its structured parts."""

    id: str
    printed: str
    department: str | None = None
    institution: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Person:
    """A person as author."""

    family: str
    given: str | None = None
    particle: str | None = None
    suffix: str | None = None
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()
    corresponding: bool = False

    @property
    def particle_space(self) -> str:
        """What stands between the particle and the family name: nothing after an apostrophe or a
        hyphen ("d'Alembert", "al-Khwarizmi", as citeproc-js and pandoc join them), else a space."""
        return "" if self.particle and self.particle.endswith(("'", "\u2019", "-")) else " "

    @property
    def family_full(self) -> str:
        """Family name with its particle, e.g. 'van der Berg', "d'Alembert"."""
        return f"{self.particle}{self.particle_space}{self.family}" if self.particle else self.family

    @property
    def display(self) -> str:
        """Name in reading order, e.g. 'Jan van der Berg Jr.'; a name written in Chinese, Japanese or
        Korean script family name first, without a space ('山田太郎'), as CSL 1.0.2 prints it."""
        if self.given and _cjk(self.family) and _cjk(self.given) and not self.particle and not self.suffix:
            return self.family + self.given
        return " ".join(p for p in (self.given, self.family_full) if p) + (f" {self.suffix}" if self.suffix else "")


@dataclass(frozen=True)
class Organization:
    """An organisation as author."""

    name: str
    affiliations: tuple[str, ...] = ()
    corresponding: bool = False

    @property
    def display(self) -> str:
        """The organisation's name."""
        return self.name


Author = Person | Organization


@dataclass(frozen=True)
class Journal:
    """The journal an article appeared in."""

    title: str
    abbreviation_nlm: str | None = None
    abbreviation_iso: str | None = None
    issn_print: str | None = None
    issn_electronic: str | None = None


@dataclass(frozen=True)
class Date:
    """A date of year, optional month and day."""

    year: int
    month: int | None = None
    day: int | None = None

    def parts(self) -> list[int]:
        """[year, month?, day?] as CSL's date-parts."""
        return [p for p in (self.year, self.month, self.day) if p is not None]

    def iso(self) -> str:
        """YYYY, YYYY-MM or YYYY-MM-DD."""
        return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(self.parts()))


@dataclass(frozen=True)
class Pages:
    """A page range or an article number."""

    first: int | None = None
    last: int | None = None
    count: int | None = None
    article_number: str | None = None

    def range(self, dash: str = "-") -> str:
        """'389-405', '389' or the article number; a one-page range the record gives as first and last
        is '5-5', as the record says (written '5', it reads back as a first page with no last page)."""
        if self.article_number is not None:
            return self.article_number
        if self.last is not None:
            return f"{self.first}{dash}{self.last}"
        return str(self.first)


@dataclass(frozen=True)
class Identifiers:
    """Persistent identifiers of the article."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None


@dataclass(frozen=True)
class Source:
    """A page where facts were checked, and which top-level fields it supports."""

    url: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Record:
    """One journal article."""

    id: str
    title: str
    authors: tuple[Author, ...]
    journal: Journal
    issued: Date
    type: str = "article-journal"
    genre: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: Pages | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)
    keywords: tuple[str, ...] = ()
    language: str | None = None
    abstract: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def doi_url(self) -> str | None:
        """The https://doi.org/ link of the DOI, if any; characters a URL's path cannot hold as they
        are ('#', '?', '%', '<', '>', non-ASCII, ...) are percent-encoded, as the DOI Handbook asks
        (10.1002/...;2-# links to ...;2-%23, not to a fragment of another DOI)."""
        doi = self.identifiers.doi
        if not doi:
            return None
        if not doi.isascii() or not _URL_UNSAFE.isdisjoint(doi):
            from urllib.parse import quote

            doi = quote(doi, safe="/:@!$&'()*+,;=~")
        return f"https://doi.org/{doi}"

    def affiliation(self, aff_id: str) -> Affiliation:
        """The affiliation with that id."""
        global _last_index
        affs, index = _last_index
        if affs is not self.affiliations:
            # A scan for each author's made a record of n authors, each with an address, cost n squared
            # steps to write (17,777 authors: 41 s). The first of an id wins, as the scan found it.
            index = {}
            for aff in self.affiliations:
                index.setdefault(aff.id, aff)
            _last_index = (self.affiliations, index)
        return index[aff_id]

    def affiliations_of(self, author: Author) -> list[Affiliation]:
        """The affiliations an author references, in order."""
        return [self.affiliation(a) for a in author.affiliations]


# The affiliations of the record last asked (the tuple itself, which this keeps alive, so its identity is
# not reused) and their index by id: a writer asks for every author's in turn. Kept here, not on the
# record, whose __dict__ holds its fields only (Record(**vars(r)) and from_dict rely on it).
_last_index: tuple[tuple[Affiliation, ...], dict[str, Affiliation]] = ((), {})


# from_dict fills each object's __dict__ directly (every field, in field order) instead of calling
# the frozen dataclasses' __init__, which sets each field with object.__setattr__: ~4x faster per
# object, ~35 us a record on the synthetic collection of benchmarks/ (issue 8). The objects are the
# same: equal, same hash and repr (tests/test_throughput_paths.py checks against the constructors).
_T = TypeVar("_T")


def _make(cls: type[_T], values: dict[str, Any]) -> _T:
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _author(d: dict[str, Any]) -> Author:
    get = d.get
    if "name" in d:
        return _make(
            Organization,
            {"name": d["name"], "affiliations": tuple(get("affiliations", ())), "corresponding": get("corresponding", False)},
        )
    return _make(
        Person,
        {
            "family": d["family"],
            "given": get("given"),
            "particle": get("particle"),
            "suffix": get("suffix"),
            "orcid": get("orcid"),
            "affiliations": tuple(get("affiliations", ())),
            "corresponding": get("corresponding", False),
        },
    )


def _affiliation(d: dict[str, Any]) -> Affiliation:
    get = d.get
    return _make(
        Affiliation,
        {
            "id": d["id"],
            "printed": d["printed"],
            "department": get("department"),
            "institution": get("institution"),
            "city": get("city"),
            "postal_code": get("postal_code"),
            "country": get("country"),
        },
    )


def _journal(d: dict[str, Any]) -> Journal:
    get = d.get
    return _make(
        Journal,
        {
            "title": d["title"],
            "abbreviation_nlm": get("abbreviation_nlm"),
            "abbreviation_iso": get("abbreviation_iso"),
            "issn_print": get("issn_print"),
            "issn_electronic": get("issn_electronic"),
        },
    )


def _date(d: dict[str, Any]) -> Date:
    return _make(Date, {"year": d["year"], "month": d.get("month"), "day": d.get("day")})


def _pages(d: dict[str, Any]) -> Pages:
    get = d.get
    return _make(
        Pages, {"first": get("first"), "last": get("last"), "count": get("count"), "article_number": get("article_number")}
    )


def _identifiers(d: dict[str, Any]) -> Identifiers:
    get = d.get
    return _make(Identifiers, {"doi": get("doi"), "pmid": get("pmid"), "pmcid": get("pmcid")})


def _source(d: dict[str, Any]) -> Source:
    return _make(Source, {"url": d["url"], "fields": tuple(d["fields"])})


_NO_IDENTIFIERS: dict[str, Any] = {}


def from_dict(d: dict[str, Any]) -> Record:
    """Build a Record from a record dict that has already been validated."""
    get = d.get
    pages = get("pages")
    affiliations = get("affiliations")
    sources = get("sources")
    keywords = get("keywords")
    return _make(
        Record,
        {
            "id": d["id"],
            "title": d["title"],
            "authors": tuple([_author(a) for a in d["authors"]]),
            "journal": _journal(d["journal"]),
            "issued": _date(d["issued"]),
            "type": get("type", "article-journal"),
            "genre": get("genre"),
            "affiliations": tuple([_affiliation(a) for a in affiliations]) if affiliations else (),
            "publisher": get("publisher"),
            "volume": get("volume"),
            "issue": get("issue"),
            "pages": _pages(pages) if pages is not None else None,
            "identifiers": _identifiers(get("identifiers", _NO_IDENTIFIERS)),
            "keywords": tuple(keywords) if keywords else (),
            "language": get("language"),
            "abstract": get("abstract"),
            "sources": tuple([_source(s) for s in sources]) if sources else (),
        },
    )


def _compact(obj: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes that are set, as a dict in the given key order."""
    out: dict[str, Any] = {}
    for k in keys:
        v = getattr(obj, k)
        if v is None or v == () or v is False:
            continue
        out[k] = list(v) if isinstance(v, tuple) else v
    return out


def _author_dict(a: Author) -> dict[str, Any]:
    if isinstance(a, Organization):
        return _compact(a, ("name", "affiliations", "corresponding"))
    return _compact(a, ("family", "given", "particle", "suffix", "orcid", "affiliations", "corresponding"))


def to_dict(r: Record) -> dict[str, Any]:
    """The record as a JSON-ready dict in the canonical key order (the inverse of from_dict)."""
    out: dict[str, Any] = {"id": r.id, "type": r.type}
    if r.genre:
        out["genre"] = r.genre
    out["title"] = r.title
    out["authors"] = [_author_dict(a) for a in r.authors]
    if r.affiliations:
        out["affiliations"] = [
            _compact(a, ("id", "department", "institution", "city", "postal_code", "country", "printed")) for a in r.affiliations
        ]
    out["journal"] = _compact(r.journal, ("title", "abbreviation_nlm", "abbreviation_iso", "issn_print", "issn_electronic"))
    if r.publisher:
        out["publisher"] = r.publisher
    out["issued"] = _compact(r.issued, ("year", "month", "day"))
    for key in ("volume", "issue"):
        if getattr(r, key) is not None:
            out[key] = getattr(r, key)
    if r.pages is not None:
        out["pages"] = _compact(r.pages, ("first", "last", "count", "article_number"))
    ids = _compact(r.identifiers, ("doi", "pmid", "pmcid"))
    if ids:
        out["identifiers"] = ids
    if r.keywords:
        out["keywords"] = list(r.keywords)
    if r.language:
        out["language"] = r.language
    if r.abstract:
        out["abstract"] = r.abstract
    if r.sources:
        out["sources"] = [{"url": s.url, "fields": list(s.fields)} for s in r.sources]
    return out
