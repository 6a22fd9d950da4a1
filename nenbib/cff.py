"""CITATION.cff (Citation File Format 1.2.0) for the data package, generated from the records.

The file describes the package itself (type dataset, authors "nenbib contributors", version,
licence) and carries the article as `preferred-citation`, which GitHub's "Cite this repository"
button reads. The YAML is written by a small emitter rather than a YAML library: every string is
double-quoted with JSON's escapes, which YAML's double-quoted style shares, so any value stays
valid YAML (no `no`/`on`/`1e3` surprises) and the runtime needs no YAML dependency.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from .formats import FORMATS
from .model import Author, Organization, Record

CFF_VERSION = "1.2.0"
LICENSE = "MIT"
PACKAGE_AUTHORS = ({"name": "nenbib contributors"},)
MESSAGE_ONE = "These files describe one journal article: to cite it, use the metadata in 'preferred-citation'."
MESSAGE_MANY = "These files describe journal articles: to cite one, use its metadata in 'references'."

# CFF 1.2.0 patterns (schema.json definitions): values that miss them are left out, not forced in.
CFF_DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")
CFF_ISSN = re.compile(r"^\d{4}-\d{3}[\dxX]$")
CFF_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

# Characters YAML does not allow raw in a double-quoted scalar (outside its printable set), and
# those a YAML 1.1 reader (PyYAML, ruamel) takes as line breaks: NEL, LS, PS; plus the BOM.
_NOT_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_PLAIN_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
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


def citation(records: Sequence[Record], version: str, files: Sequence[str] = ()) -> dict[str, Any]:
    """The CITATION.cff content as a dict: the package, and the article(s) it describes.

    cffconvert's conversions (BibTeX, RIS, APA, EndNote, Zenodo, schema.org) read only the top
    level and ignore preferred-citation, so the package's title and abstract name the article's
    journal, volume and pages in words: the one place those conversions carry them.
    """
    if not records:
        raise ValueError("CITATION.cff needs at least one record")
    if len(records) == 1:
        r = records[0]
        title = f"nenbib: citation record of {describe(r)}"
        what = f"the journal article {describe(r)}" + (f", doi:{r.identifiers.doi}" if r.identifiers.doi else "")
    else:
        title = f"nenbib: citation records of {len(records)} journal articles"
        what = "the journal articles " + "; ".join(describe(r) for r in records)
    abstract = f"A validated JSON record of {what}, with its exports to citation formats, built by nenbib."
    if files:
        abstract += " Files: " + ", ".join(files) + "."
    out: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": MESSAGE_ONE if len(records) == 1 else MESSAGE_MANY,
        "type": "dataset",
        "title": title,
        "authors": [dict(a) for a in PACKAGE_AUTHORS],
        "version": version,
        "license": LICENSE,
        "abstract": abstract,
        "keywords": ["bibliography", "citation", *FORMATS],
    }
    if len(records) == 1:
        out["preferred-citation"] = reference(records[0])
    else:
        out["references"] = [reference(r) for r in records]
    return out


def citation_cff(records: Sequence[Record], version: str, files: Sequence[str] = ()) -> str:
    """The text of CITATION.cff."""
    return dumps(citation(records, version, files))


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
