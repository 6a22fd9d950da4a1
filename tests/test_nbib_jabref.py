"""NBIB as JabRef imports it: our export read by a port of JabRef's MedlinePlainImporter
(tests/jabref_medline.py), compared field by field with the record. Where JabRef's entry differs
from the record, it is a limit of JabRef's importer that nbib.JABREF states. The author string is
split by pybtex, which follows BibTeX's name rules as JabRef's AuthorList does."""

from __future__ import annotations

import jabref_medline
import pytest
from test_jsonld_stream import synthetic
from test_ris import HARD
from test_ris_jabref import assert_plain_names, dashes
from test_ris_zotero import record

import nenbib
from nenbib.formats import nbib
from nenbib.model import Organization, Record
from nenbib.records import iter_records

from conftest import RECORD_PATH

FACTS = ("type", "title", "journal", "title-abbreviation", "volume", "issue", "year", "month", "pages")
FACTS += ("article-doi", "doi", "Print-issn", "Electronic-issn", "issn", "keywords", "corporate", "language")


def jabref_entry(r: Record) -> dict[str, str]:
    """The facts JabRef's entry holds of r, as far as MEDLINE and JabRef's importer carry them."""
    flat = " ".join  # NBIB values are one paragraph (FIDELITY abstract)
    e = {"type": "article", "title": flat(dashes(r.title).split()), "journal": flat(dashes(r.journal.title).split())}
    j = r.journal
    if j.abbreviation_nlm:
        e["title-abbreviation"] = j.abbreviation_nlm
    for key, value in (("volume", r.volume), ("issue", r.issue)):  # JABREF issue: IP is issue, not number
        if value:
            e[key] = dashes(value)
    d = r.issued
    e["year"] = str(d.year)
    if d.month:
        e["month"] = nbib.MONTHS[d.month - 1]  # JABREF issued: the day is lost
    p = r.pages
    if p is not None:
        e["pages"] = p.article_number or (f"{p.first}-{p.last}" if p.last is not None else str(p.first))  # 5-5 too: as written
    if r.identifiers.doi:
        e["article-doi"] = dashes(r.identifiers.doi)  # JABREF identifiers.doi: AID '[doi]' is article-doi
    if j.issn_print:
        e["Print-issn"] = j.issn_print  # JABREF journal.issn_print: fields named by the medium
    if j.issn_electronic:
        e["Electronic-issn"] = j.issn_electronic
    if r.keywords:
        e["keywords"] = ", ".join(flat(dashes(k).split()) for k in r.keywords)
    language = nbib.LANGUAGE_TO_MEDLINE.get(r.language.split("-")[0].lower()) if r.language else None
    if language:
        e["language"] = language  # LA as MEDLINE writes it ('eng'), as it is
    orgs = [a for a in r.authors if isinstance(a, Organization)]
    if orgs:
        e["corporate"] = flat(dashes(orgs[-1].name).split())  # JABREF authors: CN overwrites corporate
    return e


def assert_jabref_reads(r: Record) -> None:
    [entry] = jabref_medline.read(nenbib.export(r, "nbib"))
    want = jabref_entry(r)
    for field in FACTS:
        assert entry.get(field) == want.get(field), f"{r.id}: JabRef's {field}"
    # JABREF identifiers.pmid / pmcid / affiliations: PMID, PMC and AD are not read.
    assert not {"pmid", "pmcid", "eprint", "affiliation"} & set(entry)
    if r.abstract and "Copyright" not in r.abstract:
        assert " ".join(entry["abstract"].split()) == " ".join(dashes(r.abstract).split()), f"{r.id}: abstract"
    persons = [a for a in r.authors if not isinstance(a, Organization)]  # FAU; CN is the corporate field
    assert_plain_names(entry.get("author", ""), persons, f"{r.id}: JabRef's authors")


@pytest.mark.parametrize("path", [RECORD_PATH, *HARD], ids=lambda p: p.stem)
def test_jabref_reads_the_shipped_and_hard_records_as_meant(path):
    for r in iter_records([str(path)]):
        assert_jabref_reads(r)


def test_jabref_reads_1000_synthetic_records_as_meant():
    records = list(synthetic(1000))
    entries = jabref_medline.read(nenbib.export(records, "nbib"))
    assert len(entries) == len(records)
    for r in records:
        assert_jabref_reads(r)


def test_jabref_limits_are_stated():
    r = record(
        authors=[{"name": "NEN Study Group"}, {"family": "Doe", "given": "Jane"}],
        abstract="Results were clear. Copyright 2020 The Authors.",
        issued={"year": 2020, "month": 10, "day": 14},
        identifiers={"doi": "10.1000/x", "pmid": "31613737", "pmcid": "PMC6055010"},
    )
    [entry] = jabref_medline.read(nenbib.export(r, "nbib"))
    assert (entry["abstract"], entry["copyright"]) == ("Results were clear. ", "2020 The Authors.")
    assert (entry["corporate"], entry["author"], entry["month"]) == ("NEN Study Group", "Doe, Jane", "Oct")
    assert "doi" not in entry and entry["article-doi"] == "10.1000/x"
    for field, words in {
        "authors": "corporate",
        "affiliations": "AD",
        "issued": "day",
        "issue": "issue",
        "abstract": "Copyright",
        "journal.issn_print": "Print-issn",
        "identifiers.doi": "article-doi",
        "identifiers.pmid": "PMID",
        "identifiers.pmcid": "PMC",
        "title": "en dash",
    }.items():
        assert words in nbib.JABREF[field], field
