"""CSL-JSON: the input format of citeproc engines, pandoc and Zotero.

Checked against the official CSL data schema (items allow no undefined keys). Zotero's importer
reads the abbreviation from the legacy `journalAbbreviation` and ignores `container-title-short`,
so both are written. `keyword` is one comma-separated string: an array breaks pandoc.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Organization, Record
from . import Options

FIDELITY = {
    "id": "carried",
    "type": "carried",
    "genre": "carried",
    "title": "carried",
    "authors": "carried",
    "authors.orcid": "dropped: CSL name objects have no identifier field",
    "authors.corresponding": "dropped: CSL has no place for the corresponding author",
    "affiliations": "dropped: CSL has no place for affiliations",
    "journal.title": "carried",
    "journal.abbreviation_nlm": "carried",
    "journal.abbreviation_iso": "dropped: CSL has one abbreviation field, which holds the NLM form",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "lossy: CSL has one ISSN field; both ISSNs are written there, print first, comma-separated",
    "publisher": "carried",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "carried",
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "carried",
    "keywords": "lossy: one comma-separated string (keywords hold no commas, so it splits back exactly)",
    "language": "carried",
    "abstract": "carried",
    "sources": "dropped: CSL has no place for fact sources",
}


def item(r: Record) -> dict[str, Any]:
    """One CSL-JSON item, keys in a stable order."""
    out: dict[str, Any] = {"id": r.id, "type": r.type, "title": r.title}
    authors = []
    for a in r.authors:
        if isinstance(a, Organization):
            authors.append({"literal": a.name})
        else:
            name: dict[str, Any] = {"family": a.family}
            if a.given:
                name["given"] = a.given
            if a.particle:
                # Particles written in front of the family name ('van der' Berg) are non-dropping in CSL.
                name["non-dropping-particle"] = a.particle
            if a.suffix:
                name["suffix"] = a.suffix
            authors.append(name)
    out["author"] = authors
    out["container-title"] = r.journal.title
    if r.journal.abbreviation_nlm:
        out["container-title-short"] = r.journal.abbreviation_nlm
        out["journalAbbreviation"] = r.journal.abbreviation_nlm
    if r.volume:
        out["volume"] = r.volume
    if r.issue:
        out["issue"] = r.issue
    if r.pages is not None:
        out["page"] = r.pages.range("-")
        if r.pages.count:
            out["number-of-pages"] = str(r.pages.count)
    out["issued"] = {"date-parts": [r.issued.parts()]}
    if r.genre:
        out["genre"] = r.genre
    ids = r.identifiers
    if ids.doi:
        out["DOI"] = ids.doi
    if ids.pmid:
        out["PMID"] = ids.pmid
    if ids.pmcid:
        out["PMCID"] = ids.pmcid
    issns = [i for i in (r.journal.issn_print, r.journal.issn_electronic) if i]
    if issns:
        out["ISSN"] = ", ".join(issns)
    if r.doi_url:
        out["URL"] = r.doi_url
    if r.publisher:
        out["publisher"] = r.publisher
    if r.language:
        out["language"] = r.language
    if r.abstract:
        out["abstract"] = r.abstract
    if r.keywords:
        out["keyword"] = ", ".join(r.keywords)
    return out


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """A JSON array of items: UTF-8, 2-space indent, trailing newline; streamed item by item."""
    first = True
    for r in records:
        body = json.dumps(item(r), indent=2, ensure_ascii=False)
        yield ("[\n" if first else ",\n") + "  " + body.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"
