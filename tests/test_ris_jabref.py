"""RIS as JabRef imports it: our export read by a port of JabRef's RisImporter (tests/jabref_ris.py),
compared field by field with the record. Where JabRef's entry differs from the record, it is a
limit of JabRef's importer that ris.JABREF states; jabref_entry() names it where it builds that
field. The author string JabRef builds is split by pybtex, which follows BibTeX's name rules as
JabRef's AuthorList does."""

from __future__ import annotations

import re
from typing import Any

import jabref_ris
import pytest
from pybtex.database import Person as BibPerson
from test_jsonld_stream import synthetic
from test_ris import HARD
from test_ris_zotero import record

import nenbib
from nenbib.formats import ris
from nenbib.model import Organization, Record
from nenbib.records import iter_records

from conftest import RECORD_PATH


def dashes(text: str) -> str:
    """JABREF: the importer replaces every en dash by '-' and em dash or bar by '--' in the file."""
    return text.replace("\u2013", "-").replace("\u2014", "--").replace("\u2015", "--")


def jabref_entry(r: Record) -> dict[str, str]:
    """The fields JabRef's entry holds of r, as far as RIS and JabRef's importer carry them."""
    e = {"type": "article", "refid": r.id, "title": re.sub(r"\s+", " ", dashes(ris._fold(r.title))).strip()}
    e["journal"] = dashes(r.journal.title)
    d = r.issued
    e["year"] = f"{d.year:04d}"
    # JABREF issued: PY (the year) outranks DA (the full date): the month and day are lost.
    if r.volume:
        e["volume"] = dashes(r.volume)
    # JABREF number: IS, C7 and AN each overwrite the number; the issue is written last, so it wins;
    # without it the article number, and without both the PMID.
    p = r.pages
    number = r.issue or (p.article_number if p else None) or r.identifiers.pmid
    if number:
        e["number"] = dashes(number)
    if p is not None:
        last = f"--{p.last}" if p.last is not None else ""
        e["pages"] = dashes(p.article_number) if p.article_number else f"{p.first}{last}"
    j = r.journal
    # JABREF journal.issn_print: SN overwrites the issn: the electronic one wins, with its mark.
    if j.issn_electronic:
        e["issn"] = f"{j.issn_electronic} (Electronic)"
    elif j.issn_print:
        e["issn"] = j.issn_print
    ids = r.identifiers
    if ids.doi:
        e["doi"], e["url"] = dashes(ids.doi), dashes(r.doi_url)
    if ids.pmcid:
        e["eprint"], e["eprinttype"] = ids.pmcid, "pubmed"  # JABREF identifiers.pmcid: C2 as a PubMed eprint
    if r.publisher:
        e["publisher"] = dashes(r.publisher)
    if r.language:
        e["language"] = r.language
    if r.abstract and ris._fold(r.abstract).strip():
        e["abstract"] = dashes(ris._fold(r.abstract)).strip()
    if r.keywords:
        e["keywords"] = ", ".join(dashes(ris._fold(k)).strip() for k in r.keywords)
    lines = ris._addresses(r) if r.affiliations else []
    if lines and lines[-1].strip():
        # JABREF affiliations: each AD overwrites the address: the last line alone.
        e["address"] = dashes(ris._fold(lines[-1])).strip()
    return e


def names_in(author: str) -> list[tuple[str, str, str]]:
    """The (family with particle, given, suffix) BibTeX's name rules make of JabRef's author string."""
    out = []
    for part in re.split(r"\s+and\s+", author):
        b = BibPerson(part)
        out.append(
            (" ".join(b.prelast_names + b.last_names), " ".join(b.first_names + b.middle_names), " ".join(b.lineage_names))
        )
    return out


def plain(a: Any) -> bool:
    """A person JabRef reads as written: no suffix, no ' and ', no comma or brace in a part."""
    if isinstance(a, Organization):
        return False
    text = " ".join(filter(None, [a.family_full, a.given or ""]))
    return not a.suffix and a.given is not None and not re.search(r"[,{}]|\band\b", text, re.IGNORECASE)


def assert_jabref_reads(r: Record) -> None:
    [entry] = jabref_ris.read(nenbib.export(r, "ris"))
    author = entry.pop("author", "")
    want = jabref_entry(r)
    for field in sorted(set(entry) | set(want)):
        assert entry.get(field) == want.get(field), f"{r.id}: JabRef's {field}"
    # JABREF authors: an organisation is read as a person and a suffix as the given name; other
    # persons are read as written, each of them up to the first that is not plain (after it, the
    # list may shift: 'Food and Drug Administration' is two persons).
    assert_plain_names(author, r.authors, f"{r.id}: JabRef's authors")


def assert_plain_names(author: str, authors: Any, label: str) -> None:
    """The persons of JabRef's author string, up to the first author that is not plain, as written
    (all of them where every one is plain)."""
    k = next((n for n, a in enumerate(authors) if not plain(a)), len(authors))
    expected = [(dashes(a.family_full), dashes(a.given), "") for a in authors[:k]]
    names = names_in(author) if author else []
    assert (names if k == len(authors) else names[:k]) == expected, label


@pytest.mark.parametrize("path", [RECORD_PATH, *HARD], ids=lambda p: p.stem)
def test_jabref_reads_the_shipped_and_hard_records_as_meant(path):
    for r in iter_records([str(path)]):
        assert_jabref_reads(r)


def test_jabref_reads_the_shipped_export_file():
    text = (RECORD_PATH.parent / "ohmoto2020genomic.ris").read_bytes().decode("utf-8")
    [entry] = jabref_ris.read(text)
    assert (entry["number"], entry["pages"], entry["volume"], entry["year"]) == ("4", "389--405", "21", "2020")
    assert entry["author"] == "Ohmoto, Akihiro and Morizane, Chigusa"


def test_jabref_reads_1000_synthetic_records_as_meant():
    records = list(synthetic(1000))
    entries = jabref_ris.read(nenbib.export(records, "ris"))
    assert len(entries) == len(records)
    for r in records:
        assert_jabref_reads(r)


@pytest.mark.parametrize(
    "changes",
    [
        {"identifiers": {"doi": "10.1000/x", "pmid": "31613737", "pmcid": "PMC6055010"}},
        {"pages": {"article_number": "e0212345"}},
        {"pages": {"article_number": "e0212345"}, "identifiers": {"doi": "10.1000/x", "pmid": "31613737"}},
        {"issue": None, "identifiers": {"doi": "10.1000/x", "pmid": "31613737"}},
        {"issue": None, "pages": {"article_number": "e0212345"}, "identifiers": {"doi": "10.1000/x", "pmid": "31613737"}},
    ],
    ids=["pmid", "article-number", "article-number-and-pmid", "pmid-no-issue", "all-but-issue"],
)
def test_jabref_keeps_the_issue_as_the_number(changes):
    # IS, C7 and AN each overwrite JabRef's number: with C7 and AN after IS, the PMID (or the
    # article number) replaced the issue of every such record.
    r = record(**changes)
    assert_jabref_reads(r)
    [entry] = jabref_ris.read(nenbib.export(r, "ris"))
    assert entry["number"] == (r.issue or (r.pages.article_number if r.pages else None) or r.identifiers.pmid)


def test_jabref_limits_are_stated():
    r = record(
        authors=[{"name": "Food and Drug Administration"}, {"family": "King", "given": "Martin Luther", "suffix": "Jr."}],
        title="Pre–post — a study",
    )
    [entry] = jabref_ris.read(nenbib.export(r, "ris"))
    assert names_in(entry["author"]) == [("Food", "", ""), ("Administration", "Drug", ""), ("King", "Jr.", "Martin Luther")]
    assert entry["title"] == "Pre-post -- a study"
    for field, words in {
        "authors": "JabRef",
        "title": "en dash",
        "issued": "month",
        "journal.issn_print": "electronic",
        "affiliations": "address",
        "identifiers.pmid": "number",
        "identifiers.pmcid": "pubmed",
    }.items():
        assert words in ris.JABREF[field], field


# ---- the judge itself --------------------------------------------------------------------------


def test_the_port_reads_jabrefs_own_test_file_shape():
    # RisImporterTest's kind of input: LF lines, a continuation line, two dates, two entries.
    text = (
        "TY  - JOUR\nAU  - Smith, John\nAU  - Doe, Jane\nTI  - A title\ncontinued here\nT2  - Journal\n"
        "JO  - J. Abbr.\nPY  - 2007/05/\nDA  - 2008/06/01\nIS  - 3\nAN  - 12345\nSP  - 5\nEP  - 9\nER  - \n\n"
        "TY  - BOOK\nTI  - B\nER  - \n"
    )
    first, second = jabref_ris.read(text)
    assert first["title"] == "A title continued here" and first["journal"] == "J. Abbr."
    assert (first["year"], first["month"], first["number"], first["pages"]) == ("2007", "5", "12345", "5--9")
    assert first["author"] == "Smith, John and Doe, Jane"
    assert second == {"type": "BOOK", "title": "B"}


def test_the_port_reads_ja_as_jabref_does():
    # RisImporter's if-chain: JA after a journal fails the T2/J2/JA branch and reaches the later
    # 'JA or JF' one, which sets the journal (of any type but InProceedings): JA overwrites as JO does.
    [entry] = jabref_ris.read("TY  - JOUR\nT2  - Journal\nJA  - J. Abbr.\nJ2  - J Abbr\nER  - \n")
    assert entry["journal"] == "J. Abbr."
