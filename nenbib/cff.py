"""CITATION.cff (Citation File Format 1.2.0) for the data package, generated from the records.

The file describes the package itself (type dataset, its authors, version and licence) and carries
the article as `preferred-citation`, which GitHub's "Cite this repository" button reads. The
package's authors, version and licence are nenbib's ("nenbib contributors", MIT) for nenbib's own
shipped records only: another project's are what its user gives (`package_for`), and without
authors, which CFF requires, there is no CITATION.cff.

The YAML is written by a small emitter rather than a YAML library: every string is
double-quoted with JSON's escapes, which YAML's double-quoted style shares, so any value stays
valid YAML (no `no`/`on`/`1e3` surprises) and the runtime needs no YAML dependency.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import __version__
from ._regex import lazy_re
from .errors import UsageError
from .formats import FORMATS
from .model import Author, Organization, Record

if TYPE_CHECKING:
    from pathlib import Path

CFF_VERSION = "1.2.0"
LICENSE = "MIT"
PACKAGE_AUTHORS = ({"name": "nenbib contributors"},)


@dataclass(frozen=True)
class Package:
    """Who made the data package CITATION.cff describes: its authors (CFF person or entity
    objects), version and SPDX licence ids (CFF reads several as a choice); `own` is nenbib's own
    records, whose title says "nenbib: "."""

    authors: tuple[dict[str, str], ...]
    version: str | None = None
    licenses: tuple[str, ...] = ()
    own: bool = False


NENBIB = Package(PACKAGE_AUTHORS, __version__, (LICENSE,), own=True)

MESSAGE_ONE = "These files describe one journal article: to cite it, use the metadata in 'preferred-citation'."
MESSAGE_MANY = "These files describe journal articles: to cite one, use its metadata in 'references'."

# CFF 1.2.0 patterns (schema.json definitions): values that miss them are left out, not forced in.
CFF_DOI = lazy_re(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")
CFF_ISSN = lazy_re(r"^\d{4}-\d{3}[\dxX]$")
CFF_LANGUAGE = lazy_re(r"^[a-z]{2,3}$")

# Characters YAML does not allow raw in a double-quoted scalar (outside its printable set), and
# those a YAML 1.1 reader (PyYAML, ruamel) takes as line breaks: NEL, LS, PS; plus the BOM.
_NOT_RAW = lazy_re("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_PLAIN_KEY = lazy_re(r"^[a-z][a-z0-9-]*$")
# Plain words a YAML 1.1 reader takes for booleans or null.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _person(r: Record, a: Author) -> dict[str, Any]:
    # CFF's person has one affiliation string: several are joined with "; " (CFF has no list).
    affiliation = "; ".join(aff.printed for aff in r.affiliations_of(a))
    if isinstance(a, Organization):
        # CFF's entity has no affiliation field.
        return {"name": a.name}
    out: dict[str, Any] = {"family-names": a.family}
    if a.given:
        out["given-names"] = a.given
    if a.particle:
        out["name-particle"] = a.particle
    if a.suffix:
        out["name-suffix"] = a.suffix
    if a.orcid:
        out["orcid"] = f"https://orcid.org/{a.orcid}"
    if affiliation:
        out["affiliation"] = affiliation
    return out


def reference(r: Record) -> dict[str, Any]:
    """The record as a CFF reference object of type article."""
    out: dict[str, Any] = {"type": "article", "authors": [_person(r, a) for a in r.authors], "title": r.title}
    out["journal"] = r.journal.title
    if r.volume:
        out["volume"] = r.volume
    if r.issue:
        out["issue"] = r.issue
    if r.pages is not None:
        # An article number stands where the first page would (as Crossref and PubMed print it).
        out["start"] = r.pages.article_number if r.pages.article_number is not None else r.pages.first
        if r.pages.article_number is None and r.pages.last is not None:
            out["end"] = r.pages.last
        if r.pages.count:
            out["pages"] = r.pages.count
    out["year"] = r.issued.year
    if r.issued.month:
        out["month"] = r.issued.month
        if r.issued.day:
            out["date-published"] = r.issued.iso()
    if r.identifiers.doi and CFF_DOI.match(r.identifiers.doi):
        out["doi"] = r.identifiers.doi
    if r.doi_url:
        out["url"] = r.doi_url
    if r.identifiers.pmcid and re.match(r"^PMC[0-9]{7}$", r.identifiers.pmcid):
        out["pmcid"] = r.identifiers.pmcid
    if r.identifiers.pmid:
        out["identifiers"] = [{"type": "other", "value": r.identifiers.pmid, "description": "PubMed ID (PMID)"}]
    # CFF has one ISSN per work: the print one, as BibTeX and RIS carry it.
    issn = next((i for i in (r.journal.issn_print, r.journal.issn_electronic) if i and CFF_ISSN.match(i)), None)
    if issn:
        out["issn"] = issn
    if r.publisher:
        out["publisher"] = {"name": r.publisher}
    if r.language:
        # CFF wants ISO 639 codes: the primary subtag of the BCP 47 tag.
        primary = r.language.split("-")[0]
        if CFF_LANGUAGE.match(primary):
            out["languages"] = [primary]
    if r.keywords:
        out["keywords"] = list(r.keywords)
    if r.abstract:
        out["abstract"] = r.abstract
    return out


def _short(r: Record) -> str:
    name = _family(r.authors[0])
    # A conditional, not a dict of the cases: a dict computes every value, r.authors[1] included.
    others = "" if len(r.authors) == 1 else f" and {_family(r.authors[1])}" if len(r.authors) == 2 else " et al."
    return f"{name}{others} ({r.issued.year})"


def _family(a: Author) -> str:
    return a.name if isinstance(a, Organization) else a.family_full


def describe(r: Record) -> str:
    """One line naming the article: authors, year, title, journal, volume(issue): pages."""
    text = f"{_short(r)}, \u201c{r.title}\u201d, {r.journal.title}"
    if r.volume:
        text += f" {r.volume}" + (f"({r.issue})" if r.issue else "")
    if r.pages is not None:
        text += ": " + r.pages.range("\u2013")
    return text


def citation(records: Sequence[Record], package: Package, files: Sequence[str] = ()) -> dict[str, Any]:
    """The CITATION.cff content as a dict: the package, and the article(s) it describes.

    cffconvert's conversions (BibTeX, RIS, APA, EndNote, Zenodo, schema.org) read only the top
    level and ignore preferred-citation, so the package's title and abstract name the article's
    journal, volume and pages in words: the one place those conversions carry them.
    """
    if not records:
        raise ValueError("CITATION.cff needs at least one record")
    if not package.authors:
        raise ValueError("CITATION.cff needs the package's authors (CFF requires them)")
    if len(records) == 1:
        r = records[0]
        title = f"citation record of {describe(r)}"
        what = f"the journal article {describe(r)}" + (f", doi:{r.identifiers.doi}" if r.identifiers.doi else "")
    else:
        title = f"citation records of {len(records)} journal articles"
        what = "the journal articles " + "; ".join(describe(r) for r in records)
    abstract = f"A validated JSON record of {what}, with its exports to citation formats, built by nenbib."
    if files:
        abstract += " Files: " + ", ".join(files) + "."
    out: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": MESSAGE_ONE if len(records) == 1 else MESSAGE_MANY,
        "type": "dataset",
        # nenbib's own records are nenbib's data package; another project's are its own, not nenbib's.
        "title": f"nenbib: {title}" if package.own else title[0].upper() + title[1:],
        "authors": [dict(a) for a in package.authors],
    }
    if package.version is not None:
        out["version"] = package.version
    if package.licenses:
        # CFF 1.2.0: one id, or a list of them read as a choice (OR).
        out["license"] = package.licenses[0] if len(package.licenses) == 1 else list(package.licenses)
    out["abstract"] = abstract
    out["keywords"] = ["bibliography", "citation", *FORMATS]
    if len(records) == 1:
        out["preferred-citation"] = reference(records[0])
    else:
        out["references"] = [reference(r) for r in records]
    return out


def citation_cff(records: Sequence[Record], package: Package, files: Sequence[str] = ()) -> str:
    """The text of CITATION.cff."""
    return dumps(citation(records, package, files))


def is_shipped(refs: str | os.PathLike[str]) -> bool:
    """Whether refs is the folder of nenbib's own shipped records (the repository's refs/, or the
    installed package's copy), however it is named."""
    from .resources import refs_folder

    try:
        return os.path.samefile(refs, refs_folder())
    except OSError:
        return False


def package_for(
    refs: str | os.PathLike[str], authors: Sequence[str] = (), version: str | None = None, licenses: Sequence[str] = ()
) -> Package | None:
    """The package CITATION.cff above refs describes, from build's --cff-author, --cff-version and
    --cff-license; a field not given is nenbib's for its own records and left out for any other.
    None when no authors are known (another project's records, no --cff-author): CFF requires
    them, and nenbib cannot know them. A value CFF 1.2.0 refuses raises UsageError."""
    people = authors_objects(authors)
    if version is not None and not version.strip():
        raise UsageError(f"--cff-version {version!r} is blank; give the version of your records, e.g. 1.0")
    ids = tuple(dict.fromkeys(license_id(i) for i in licenses))
    if is_shipped(refs):
        return Package(
            people or NENBIB.authors,
            version.strip() if version is not None else NENBIB.version,
            ids or NENBIB.licenses,
            own=True,
        )
    if not people:
        return None
    return Package(people, version.strip() if version is not None else None, ids)


def _lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # none there, or a folder or unreadable: build and check say so themselves
        return None


def _by_nenbib(lines: list[str]) -> bool:
    """Whether a CITATION.cff's lines are nenbib's: its message line says so, unchanged since the first."""
    return any(line in lines for line in (f"message: {quote(MESSAGE_ONE)}", f"message: {quote(MESSAGE_MANY)}"))


def foreign(refs: Path) -> Path | None:
    """CITATION.cff above refs when it is there and nenbib did not write it (a repository's own,
    describing its software): build would replace it with nenbib's."""
    path = refs.parent / "CITATION.cff"
    lines = _lines(path)
    return None if lines is None or _by_nenbib(lines) else path


def no_authors_note(refs: Path, verb: str) -> str:
    """The note for CITATION.cff not written (or compared: `verb`) without --cff-author; it names
    one an earlier nenbib wrote there with nenbib's own authors and licence (nenbib 0.1.0 did)."""
    note = (
        f"nenbib: note: CITATION.cff not {verb}: CFF requires the authors of your records, which nenbib cannot know;"
        " give --cff-author (and --cff-license, --cff-version) for one, or --no-cff for none"
    )
    path = refs.parent / "CITATION.cff"
    lines = _lines(path)
    if lines is not None and _by_nenbib(lines) and f"  - name: {quote(PACKAGE_AUTHORS[0]['name'])}" in lines:
        note += (
            f"; {path}, from an earlier nenbib, names nenbib's authors and licence, not yours: delete it, or give --cff-author"
        )
    return note


def author_object(text: str) -> dict[str, str]:
    """A --cff-author as a CFF author, read as BibTeX reads a name: "Family, Given" or
    "Family, Jr., Given" a person; any other name, or one braced whole ("{Acme, Inc.}"), an entity
    (a team, an organisation, "nenbib contributors")."""
    name = " ".join(text.split())
    braced = len(name) >= 2 and name[0] == "{" and name[-1] == "}" and "{" not in name[1:-1] and "}" not in name[1:-1]
    if braced and name[1:-1].strip():
        return {"name": name[1:-1].strip()}
    parts = [part.strip() for part in name.split(",")] if not braced else [""]
    if not name or not parts[0] or len(parts) > 3:
        how = "names nobody" if not name or not parts[0] else f"has {len(parts) - 1} commas"
        raise UsageError(
            f"--cff-author {text!r} {how}; give 'Family, Given' or 'Family, Jr., Given' for a person,"
            " or a team's name ('{Acme, Inc.}' when it has a comma)"
        )
    if len(parts) == 1:
        return {"name": name}
    family, suffix, given = (parts[0], "", parts[1]) if len(parts) == 2 else parts
    person = {"family-names": family}
    if given:
        person["given-names"] = given
    if suffix:
        person["name-suffix"] = suffix
    return person


def authors_objects(texts: Sequence[str]) -> tuple[dict[str, str], ...]:
    """The --cff-author values as CFF authors, each once: CFF requires them unique (a repeated one,
    'Doe, Jane' and 'Doe,  Jane', failed its validation)."""
    return tuple({json.dumps(a, sort_keys=True): a for a in map(author_object, texts)}.values())


def license_id(text: str) -> str:
    """A --cff-license as CFF 1.2.0's SPDX id, in its canonical case (SPDX matches ids without case)."""
    from .spdx import LICENSES

    given = text.strip()
    found = {i.lower(): i for i in LICENSES}.get(given.lower())
    if found is not None:
        return found
    if any(word in given.split() for word in ("OR", "AND", "WITH", "or", "and", "with")):
        raise UsageError(
            f"--cff-license {text!r}: CFF 1.2.0 takes SPDX licence ids, not expressions;"
            " give --cff-license once per licence (CFF reads several as a choice)"
        )
    import difflib

    close = difflib.get_close_matches(given, sorted(LICENSES), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else " (the ids of https://spdx.org/licenses/, e.g. MIT, CC-BY-4.0)"
    raise UsageError(f"--cff-license {text!r} is not an SPDX licence id CFF 1.2.0 knows{hint}")


# ---- a tiny YAML emitter (block style, every string JSON-quoted) -----------------------------


def quote(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes plus \\u escapes for what YAML forbids raw."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (dict, list)) and not value:
        return "{}" if isinstance(value, dict) else "[]"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _is_block(value: Any) -> bool:
    return isinstance(value, (dict, list)) and bool(value)


def _block(value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            name = key if _PLAIN_KEY.match(key) and key not in _YAML_WORDS else quote(key)
            if _is_block(item):
                yield f"{pad}{name}:"
                yield from _block(item, indent + 2)
            else:
                yield f"{pad}{name}: {_scalar(item)}"
    else:
        for item in value:
            if _is_block(item):
                lines = list(_block(item, indent + 2))
                yield f"{pad}- {lines[0][indent + 2 :]}"
                yield from lines[1:]
            else:
                yield f"{pad}- {_scalar(item)}"


def dumps(data: dict[str, Any]) -> str:
    """A mapping as block-style YAML; strings double-quoted, so any value is read back exactly."""
    return "".join(line + "\n" for line in _block(data, 0))
