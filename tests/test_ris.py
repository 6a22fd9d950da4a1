"""RIS: golden bytes, rispy as the judge, injection, round trips and tolerant reading."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import unicodedata
from pathlib import Path

import pytest
import rispy

import nenbib
from nenbib.formats import FORMATS, Options, _values, ris
from nenbib.records import iter_records, to_record
from nenbib.report import facts

from conftest import GOLDEN, RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
PATHS = [RECORD_PATH, *HARD]
TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def records():
    return list(iter_records([str(p) for p in PATHS]))


def judge(text: str) -> list[dict]:
    """rispy's own reader with its own tag names; SN and AD may repeat in our output."""
    return rispy.loads(text, list_tags=[*rispy.LIST_TYPE_TAGS, "SN", "AD"])


def test_golden_file_byte_for_byte(record, update_golden):
    golden = GOLDEN / "ohmoto2020genomic.ris"
    actual = nenbib.export(record, "ris").encode("utf-8")
    if update_golden:
        golden.write_bytes(actual)
    assert actual == golden.read_bytes()
    assert actual.count(b"\n") == actual.count(b"\r\n"), "every line ends with CRLF"
    assert actual.startswith(b"TY  - JOUR\r\n") and actual.endswith(b"ER  - \r\n")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_line_is_one_tag_line(path):
    r = next(iter_records([str(path)]))
    text = nenbib.export(r, "ris")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in "".join(lines) and "\r" not in "".join(lines)
    body = lines[:-1]
    assert body[0] == "TY  - JOUR" and body[-1] == "ER  - "
    assert all(TAG_LINE.match(line) for line in body), "no blank, wrapped or untagged line inside a record"
    tags = [line[:2] for line in body]
    assert "JO" not in tags and tags.count("TY") == 1 and tags.count("ER") == 1


def test_shipped_record_read_by_rispy_fact_by_fact(record):
    refs = judge(nenbib.export(record, "ris"))
    assert len(refs) == 1
    ref = refs[0]
    j = record.journal
    assert ref["type_of_reference"] == "JOUR"
    assert ref["id"] == record.id
    assert ref["title"] == record.title
    assert ref["authors"] == ["Ohmoto, Akihiro", "Morizane, Chigusa"]
    assert ref["year"] == "2020" and "date" not in ref
    assert ref["secondary_title"] == j.title  # T2
    assert ref["alternate_title1"] == j.abbreviation_nlm  # J2
    assert "journal_name" not in ref  # never JO
    assert (ref["volume"], ref["number"], ref["start_page"], ref["end_page"]) == ("21", "4", "389", "405")
    assert ref["issn"] == [j.issn_print, f"{j.issn_electronic} (Electronic)"]
    assert ref["doi"] == record.identifiers.doi
    assert ref["urls"] == [f"https://doi.org/{record.identifiers.doi}"]
    assert ref["publisher"] == record.publisher
    assert ref["language"] == "en"
    assert ref["abstract"] == record.abstract
    assert ref["keywords"] == list(record.keywords)
    assert ref["author_address"] == [a.printed for a in record.affiliations]
    assert ref["type_of_work"] == "mini-review"  # M3


def test_collection_is_one_rispy_record_per_record():
    rs = records()
    text = nenbib.export(rs, "ris")
    refs = judge(text)
    assert [ref["id"] for ref in refs] == [r.id for r in rs]
    assert "ER  - \r\n\r\nTY  - JOUR\r\n" in text  # a blank line between records, as Zotero writes


def test_hard_names_and_text_as_rispy_reads_them():
    names = next(r for r in records() if r.id == "vanderberg2019")
    ref = judge(nenbib.export(names, "ris"))[0]
    assert [unicodedata.normalize("NFC", a) for a in ref["authors"]] == [
        "van der Berg, Jan, Jr.",
        "Müller-Lüdenscheidt, José Ñandú",
        "World Health Organization Study Group",
        "Zoë, Ánna",
    ]
    assert ref["date"] == "2019/12//"
    assert ref["alternate_title1"] == "Acta Méd."  # no NLM form: the ISO form is the abbreviation
    assert ref["start_page"] == "e1003" and ref["custom7"] == "e1003" and "end_page" not in ref
    assert ref["accession_number"] == "31234567" and ref["custom2"] == "PMC6543210"
    specials = next(r for r in records() if r.id == "specials2021")
    ref = judge(nenbib.export(specials, "ris"))[0]
    assert ref["title"] == specials.title
    assert ref["date"] == "2021/04/30/"
    assert ref["keywords"] == list(specials.keywords)
    assert ref["abstract"] == specials.abstract.replace("\n", " ")


def test_fast_writer_equals_rispy_writer():
    configured, fast = ris.writers()
    rs = records()
    hostile = dataclasses.replace(rs[0], title="A\nER  - \nTY  - JOUR", abstract="x\r\ny\u2028z")
    for r in [*rs, hostile]:
        ref = ris.reference(r)
        assert fast.record(ref) == configured.formats([ref])


INJECTION = "Benign start\nER  - \nTY  - JOUR\nTI  - Forged record"


@pytest.mark.parametrize("field", ["title", "abstract", "publisher"])
def test_injected_tag_lines_stay_inside_their_value(record, field):
    # The title and publisher cannot hold a line break in a valid record; the writer folds anyway.
    hostile = dataclasses.replace(record, **{field: INJECTION})
    text = nenbib.export(hostile, "ris")
    refs = judge(text)
    assert len(refs) == 1
    folded = INJECTION.replace("\n", " ")
    assert refs[0][{"title": "title", "abstract": "abstract", "publisher": "publisher"}[field]] == folded
    result = ris.read(text, "<ris>")
    assert len(result.records) == 1 and result.warnings == []
    assert result.records[0][field] == folded


@pytest.mark.parametrize("brk", ["\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1e"])
def test_every_line_break_is_folded(record, brk):
    hostile = dataclasses.replace(record, abstract=f"one{brk}TY  - BOOK{brk}two")
    lines = nenbib.export(hostile, "ris").split("\r\n")
    assert [line for line in lines if line.startswith("AB")] == ["AB  - one TY  - BOOK two"]
    assert sum(line.startswith("TY") for line in lines) == 1


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_round_trip_through_own_reader(path):
    original = next(iter_records([str(path)]))
    result = ris.read(nenbib.export(original, "ris"), "<ris>")
    back = to_record(result.records[0], "<ris>")
    want, got = facts(original), facts(back)
    for field, status in ris.FIDELITY.items():
        if status == "carried":
            assert got[field] == want[field], field
    # Lossy fields (for Zotero: tests/test_ris_zotero.py) still read back whole for these records.
    for field in ("id", "authors", "publisher", "identifiers.pmid", "identifiers.pmcid"):
        assert got[field] == want[field], field
    assert got["journal.issn_electronic"] == want["journal.issn_electronic"]
    assert back.abstract == (original.abstract.replace("\n", " ") if original.abstract else None)


def test_round_trip_of_affiliations_when_each_author_has_one(record):
    back = to_record(ris.read(nenbib.export(record, "ris"), "<ris>").records[0], "<ris>")
    assert facts(back)["affiliations"] == facts(record)["affiliations"]


def test_electronic_issn_alone_reads_back_as_electronic(record):
    journal = dataclasses.replace(record.journal, issn_print=None)
    text = nenbib.export(dataclasses.replace(record, journal=journal), "ris")
    assert "SN  - 1873-5592 (Electronic)\r\n" in text
    back = ris.read(text, "<ris>").records[0]["journal"]
    assert back.get("issn_print") is None and back["issn_electronic"] == "1873-5592"


def test_writer_streams():
    def endless():
        r = records()[0]
        for i in itertools.count():
            yield dataclasses.replace(r, id=f"k{i}")

    chunks = ris.write(endless(), Options())
    assert next(chunks).startswith("TY  - JOUR") and next(chunks).startswith("\r\nTY  - JOUR")


# ---- reading other tools' RIS ----------------------------------------------------------------

ZOTERO = (
    "\ufeffTY  - JOUR\r\n"
    "TI  - Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms\r\n"
    "AU  - Ohmoto, Akihiro\r\n"
    "A1  - Morizane, Chigusa\r\n"
    "T2  - Current Drug Targets\r\n"
    "JA  - Curr. Drug Targets\r\n"
    "J2  - Curr Drug Targets\r\n"
    "VL  - 21\r\n"
    "IS  - 4\r\n"
    "SP  - 389-405\r\n"
    "SN  - 1389-4501\r\n"
    "SN  - 1873-5592\r\n"
    "DO  - https://doi.org/10.2174/1389450119666191014105211\r\n"
    "PY  - 2020\r\n"
    "DA  - 2020///\r\n"
    "Y1  - 2020/04/03/\r\n"
    "LA  - en\r\n"
    "N2  - An abstract\r\n"
    "continued on a wrapped line.\r\n"
    "KW  - everolimus\r\n"
    "ER  - \r\n"
    "\r\n"
    "TY  - JOUR\r\n"
    "TI  - Second\r\n"
    "AU  - World Health Organization\r\n"
    "JO  - Nature Reviews Genetics\r\n"
    "PY  - 2012\r\n"
    "SN  - 1471-0056\r\n"
    "DO  - 10.1038/nrg3291\r\n"
    "ER  - \r\n"
)


def test_zotero_style_ris_reads_without_warnings_but_the_issn_guess():
    result = ris.read(ZOTERO, "z.ris")
    # Two SN lines without (Print)/(Electronic): which medium each is for is a guess, said once.
    assert result.warnings == [
        "z.ris: line 12: ISSN 1873-5592 taken as the electronic one, 1389-4501 as the print one: "
        "the file does not say which is which"
    ]
    first, second = (to_record(d, "z.ris") for d in result.records)
    assert first.id == "ohmoto2020genomic"
    assert [a.family for a in first.authors] == ["Ohmoto", "Morizane"]
    assert first.journal.title == "Current Drug Targets"
    assert first.journal.abbreviation_nlm == "Curr Drug Targets"
    assert first.journal.abbreviation_iso == "Curr. Drug Targets"
    assert (first.journal.issn_print, first.journal.issn_electronic) == ("1389-4501", "1873-5592")
    assert first.identifiers.doi == "10.2174/1389450119666191014105211"
    assert (first.issued.year, first.issued.month, first.issued.day) == (2020, 4, 3)
    assert (first.pages.first, first.pages.last) == (389, 405)
    assert first.abstract == "An abstract\ncontinued on a wrapped line."
    assert second.journal.title == "Nature Reviews Genetics"  # JO alone: the journal's name
    assert second.authors[0].name == "World Health Organization"
    assert (second.journal.issn_print, second.identifiers.doi) == ("1471-0056", "10.1038/nrg3291")


def one_record(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


BASE = ["TY  - JOUR", "TI  - T", "AU  - Doe, Jane", "T2  - J", "PY  - 2020"]

TOLERANT = {
    "missing-er": (one_record(BASE), 5, "no 'ER  - ' end line"),
    "empty-tag": (one_record([*BASE, "VL  - ", "ER  - "]), 6, "empty VL tag"),
    "empty-tag-no-space": (one_record([*BASE, "IS  -", "ER  - "]), 6, "empty IS tag"),
    "unknown-tag": (one_record([*BASE, "ZZ  - mystery", "ER  - "]), 6, "unknown RIS tag"),
    "known-tag-not-kept": (one_record([*BASE, "N1  - a note", "ER  - "]), 6, "not kept"),
    "text-before-ty": (one_record(["Exported by a tool", *BASE, "ER  - "]), 1, "outside a record"),
    # A run of text outside records is one note (a file that is no RIS gave one note a line).
    "text-run-after-er": (
        one_record([*BASE, "ER  - ", "Footer 1", "", "Footer 2", "Footer 3"]),
        7,
        "not read: 'Footer 1' (and 2 more lines of text, to line 10)",
    ),
    "text-between-records": (one_record([*BASE, "ER  - ", "Page 2", *BASE, "ER  - "]), 7, "not read: 'Page 2'"),
    "ty-before-er": (one_record([*BASE, *BASE, "ER  - "]), 6, "before the record of line 1 ended"),
    "bad-date": (one_record([*BASE, "DA  - spring 2020", "ER  - "]), 6, "is not a date"),
    # Words that only start like a month's name are no month ('Mar' + 'ching', '2020 Nov' + 'el').
    "month-like-word": (one_record([*BASE, "DA  - Marching", "ER  - "]), 6, "is not a date"),
    "month-like-word-after-year": (one_record([*BASE, "DA  - 2020 Novel", "ER  - "]), 6, "is not a date"),
    "years-differ": (one_record([*BASE, "DA  - 2019/05/01/", "ER  - "]), 5, "differs in its year from DA '2019/05/01/'"),
    # Two dates of one year that differ in month or day: one was dropped without a word.
    "months-differ": (one_record([*BASE, "DA  - 2020/05/03/", "Y1  - 2020/04/03/", "ER  - "]), 7, "one date: DA's, as full"),
    "days-differ": (one_record([*BASE[:4], "PY  - 2020/04/03/", "DA  - 2020/04/09/", "ER  - "]), 5, "one date: DA's, as full"),
    # A doi.org link holding no DOI: '' was an internal error (exit 70), 'pending' failed the whole file.
    "empty-doi-url": (one_record([*BASE, "UR  - https://doi.org/", "ER  - "]), 6, "UR 'https://doi.org/' not kept"),
    "no-doi-url": (one_record([*BASE, "UR  - doi:pending", "ER  - "]), 6, "UR 'doi:pending' not kept"),
    "yearless-date-differs": (one_record([*BASE[:4], "PY  - 2020/05//", "DA  - Apr 3", "ER  - "]), 6, "'Apr 3' differs"),
    # A tag not in capitals was read as the previous line's continuation: the journal 'J py  - 2020'.
    "lower-case-tags": (one_record([*BASE[:4], "py  - 2020", "Vl  - 5", "ER  - "]), 5, "(and 1 more such line, to line 6)"),
    # RIS's fourth date part is free text: the season was left out without a word.
    "date-other-part": (one_record([*BASE, "DA  - 2020///Spring", "ER  - "]), 6, "its other part 'Spring' not kept"),
    "bad-issn": (one_record([*BASE, "SN  - 978-3-16-148410-0", "ER  - "]), 6, "is not an ISSN"),
    "other-url": (one_record([*BASE, "UR  - https://example.org/a", "ER  - "]), 6, "not kept"),
    "bad-language": (one_record([*BASE, "LA  - Elvish", "ER  - "]), 6, "not a language tag"),
    # Nature's RIS names the journal by JA alone (Zotero's RIS.js takes it as the title too).
    "abbreviation-only": (one_record([*BASE[:3], "JA  - Nat Rev Genet", BASE[4], "ER  - "]), 4, "taken as its title"),
    # One KW line holding commas: the keywords of a tool that joins them (Zotero splits a lone KW so).
    "lone-keyword-line": (one_record([*BASE, "KW  - alpha, beta, gamma", "ER  - "]), 6, "split at its commas"),
    "doi-in-text": (one_record([*BASE, "DO  - see 10.1000/x.", "ER  - "]), 6, "read as the DOI 10.1000/x"),
    "no-doi": (one_record([*BASE, "DO  - pending", "ER  - "]), 6, "is not a DOI"),
    "m3-doi-differs": (one_record([*BASE, "DO  - 10.1000/x", "M3  - 10.1000/y", "ER  - "]), 7, "differs from DO's"),
    # Pages of letters and numbers unlike: EP is no last page of SP's (EP's page was dropped without a word).
    "unlike-pages": (one_record([*BASE, "SP  - S12", "EP  - e19", "ER  - "]), 7, "EP 'e19' after a first page 'S12'"),
    # A second SP, EP or C7, pages beside C7, and a C7 that is no article number were dropped without a
    # word (the last failed the whole file: the schema refuses 'Article 12').
    "second-sp": (one_record([*BASE, "SP  - 389", "SP  - 390", "ER  - "]), 7, "a second SP value, ignored"),
    "second-c7": (one_record([*BASE, "C7  - e12", "C7  - e13", "ER  - "]), 7, "a second C7 value, ignored"),
    "pages-beside-c7": (one_record([*BASE, "C7  - e12", "SP  - 100-110", "ER  - "]), 7, "SP '100-110' left out"),
    "c7-no-article-number": (one_record([*BASE, "C7  - Article 12", "SP  - 1-10", "ER  - "]), 6, "C7 'Article 12' is not"),
}


@pytest.mark.parametrize("case", sorted(TOLERANT))
def test_tolerant_reading_gives_one_warning_with_its_line(case):
    text, line, words = TOLERANT[case]
    result = ris.read(text, "in.ris")
    assert len(result.warnings) == 1, result.warnings
    assert result.warnings[0].startswith(f"in.ris: line {line}: ") and words in result.warnings[0]
    assert result.records and all(r["title"] == "T" for r in result.records)
    for d in result.records:
        to_record(d, "in.ris")  # still a valid record


def test_tags_not_in_capitals_are_read_as_tags_and_a_wrapped_line_is_not():
    text = one_record(["ty  - JOUR", *BASE[1:4], "py  - 2020", "AB  - An abstract", "in - vivo", "er  - "])
    read = ris.read(text, "in.ris")
    assert read.warnings == [
        "in.ris: line 1: tag 'ty' is not in capitals, as RIS's tags are; read as TY (and 2 more such lines, to line 8)"
    ]
    d = read.records[0]
    assert (d["journal"], d["issued"], d["abstract"]) == ({"title": "J"}, {"year": 2020}, "An abstract\nin - vivo")


def test_a_doi_link_naming_the_doi_in_other_case_is_no_loss():
    text = one_record([*BASE, "DO  - 10.1000/ABC", "UR  - https://doi.org/10.1000/abc", "ER  - "])
    read = ris.read(text, "in.ris")
    assert (read.records[0]["identifiers"], read.warnings) == ({"doi": "10.1000/ABC"}, [])


@pytest.mark.parametrize(
    ("url", "ids"),
    [
        ("https://pubmed.ncbi.nlm.nih.gov/12345678/", {"pmid": "12345678"}),
        ("https://www.ncbi.nlm.nih.gov/pubmed/12345678", {"pmid": "12345678"}),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123456/", {"pmcid": "PMC123456"}),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC123456/", {"pmcid": "PMC123456"}),
    ],
)
def test_a_pubmed_or_pmc_link_is_read_as_its_identifier(url, ids):
    # As the EndNote XML, CSL-JSON and BibTeX readers read theirs (_values.linked_id): the link was
    # 'not kept: records hold no link besides the DOI', and the PMID or PMCID with it.
    read = ris.read(one_record([*BASE, f"UR  - {url}", "ER  - "]), "in.ris")
    assert (read.records[0]["identifiers"], read.warnings) == (ids, [])
    to_record(read.records[0], "in.ris")
    # Beside AN or C2 naming the same identifier, the link is its own: no news.
    tag = {"pmid": "AN", "pmcid": "C2"}[next(iter(ids))]
    read = ris.read(one_record([*BASE, f"UR  - {url}", f"{tag}  - {next(iter(ids.values()))}", "ER  - "]), "in.ris")
    assert (read.records[0]["identifiers"], read.warnings) == (ids, [])


def test_a_pubmed_link_to_another_pmid_is_noted_and_a_second_an_is_named_as_one():
    text = one_record(
        [*BASE, "UR  - https://pubmed.ncbi.nlm.nih.gov/333/", "AN  - 111", "AN  - 111", "AN  - 222", "C2  - x", "ER  - "]
    )
    read = ris.read(text, "in.ris")
    assert read.records[0]["identifiers"] == {"pmid": "111"}
    assert read.warnings == [
        "in.ris: line 9: AN '222' is a further PubMed ID, not kept",
        "in.ris: line 10: C2 'x' is not a PMCID, not kept",
        "in.ris: line 6: UR 'https://pubmed.ncbi.nlm.nih.gov/333/' links the PMID 333, not the record's 111; not kept",
    ]


@pytest.mark.parametrize("tag", ["L1", "L2", "LK"])
@pytest.mark.parametrize(
    ("url", "ids"),
    [
        ("https://doi.org/10.1000/abc", {"doi": "10.1000/abc"}),
        ("https://pubmed.ncbi.nlm.nih.gov/12345678/", {"pmid": "12345678"}),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC123456/", {"pmcid": "PMC123456"}),
    ],
)
def test_an_identifier_link_in_a_link_tag_is_read_as_in_ur(tag, url, ids):
    # L2 (full text) and L1 (PDF, file) were 'no place' and LK an unknown tag: the identifier was lost.
    read = ris.read(one_record([*BASE, f"{tag}  - {url}", "ER  - "]), "in.ris")
    assert (read.records[0]["identifiers"], read.warnings) == (ids, [])
    to_record(read.records[0], "in.ris")


def test_link_tags_name_what_they_leave_out_truthfully():
    text = one_record(
        [
            *BASE,
            "AN  - 111",
            "UR  - https://example.org/article",
            "L1  - file:///C:/Users/me/10.1000/abc.pdf",  # a file, though its name looks like a DOI
            "L1  - internal-pdf://0937683095/Doe-2020.pdf",
            "internal-pdf://2148392343/Doe-2020 Supplement.pdf",  # EndNote's further file, untagged
            "L2  - files/5888/full text.html",  # Zotero's export of a snapshot
            "LK  - https://pubmed.ncbi.nlm.nih.gov/333/",
            "L4  - https://doi.org/10.1371/journal.pone.0012345.g001",  # a figure's DOI
            "ER  - ",
        ]
    )
    read = ris.read(text, "in.ris")
    assert read.records[0]["identifiers"] == {"pmid": "111"}
    path = "is an attached file's path (on the computer that wrote the file); not kept: a record keeps no files"
    assert read.warnings == [
        "in.ris: line 7: UR 'https://example.org/article' not kept: a record keeps no links, only the DOI, PMID and "
        "PMCID a link may name, and this one names none",
        f"in.ris: line 8: L1 'file:///C:/Users/me/10.1000/abc.pdf' {path}",
        f"in.ris: line 9: L1 'internal-pdf://0937683095/Doe-2020.pdf' {path}",
        f"in.ris: line 10: L1 'internal-pdf://2148392343/Doe-2020 Supplement.pdf' {path}",
        f"in.ris: line 11: L2 'files/5888/full text.html' {path}",
        "in.ris: line 12: LK 'https://pubmed.ncbi.nlm.nih.gov/333/' links the PMID 333, not the record's 111; not kept",
        "in.ris: line 13: L4 'https://doi.org/10.1371/journal.pone.0012345.g001' not kept: L4 is RIS's figure tag, "
        "its link a figure's, not the article's",
    ]
    # A figure's link is never the article's DOI, even where the record has none.
    read = ris.read(one_record([*BASE, "L4  - https://doi.org/10.1371/journal.pone.0012345.g001", "ER  - "]), "in.ris")
    assert "identifiers" not in read.records[0] and len(read.warnings) == 1


def test_l3_is_the_related_records_link_not_the_article_s():
    # RIS 2001 (Reference Manager): L1 link to PDF, L2 to full text, L3 related records, L4 images. L3 was
    # named an unknown tag; its link is another record's, so a DOI in it is no DOI of the article, as L4's.
    url = "https://doi.org/10.1000/erratum"
    read = ris.read(one_record([*BASE, f"L3  - {url}", "L3  - https://example.org/related", "ER  - "]), "in.ris")
    assert "identifiers" not in read.records[0]
    assert read.warnings == [
        f"in.ris: line 6: L3 {url!r} {ris.RELATED_NOT_KEPT}",
        f"in.ris: line 7: L3 'https://example.org/related' {ris.RELATED_NOT_KEPT}",
    ]
    assert "related records" in ris.RELATED_NOT_KEPT
    # The record's own DOI's link is no news; a file's path is named as L1's is.
    lines = [*BASE, "DO  - 10.1000/erratum", f"L3  - {url}", "L3  - internal-pdf://1/a.pdf", "ER  - "]
    own = ris.read(one_record(lines), "in.ris")
    assert own.records[0]["identifiers"] == {"doi": "10.1000/erratum"}
    assert own.warnings == [f"in.ris: line 8: L3 'internal-pdf://1/a.pdf' {ris.FILE_NOT_KEPT}"]


def test_an_untagged_line_after_l3_is_a_further_related_link_as_after_l1_and_l2():
    # EndNote writes a field's further values untagged; Zotero's RIS.js keeps L1's, L2's and L3's lines apart. L3's
    # was joined to the line before with a space: one link 'https://doi.org/10.1000/erratum https://...' noted.
    lines = [*BASE, "DO  - 10.1000/erratum", "L3  - https://example.org/related", "https://doi.org/10.1000/erratum", "ER  - "]
    read = ris.read(one_record(lines), "in.ris")
    assert read.records[0]["identifiers"] == {"doi": "10.1000/erratum"}
    assert read.warnings == [f"in.ris: line 7: L3 'https://example.org/related' {ris.RELATED_NOT_KEPT}"]
    assert "L3" in ris.LIST_CONTINUED_TAGS


@pytest.mark.parametrize("tag", ["L3", "L4"])
def test_links_joined_with_semicolons_in_l3_and_l4_are_read_one_by_one_and_none_is_the_article_s(tag):
    # As UR's, L1's and L2's (_links): read whole, the record's own DOI link among them was noted with the
    # rest, one note naming several links. Cut, each is its own; a DOI in them is still never the article's.
    links = "https://example.org/fig1.png;https://doi.org/10.1000/own; https://doi.org/10.1000/other"
    why = ris.OTHER_LINK_TAGS[tag]
    read = ris.read(one_record([*BASE, "DO  - 10.1000/own", f"{tag}  - {links}", "ER  - "]), "in.ris")
    assert read.records[0]["identifiers"] == {"doi": "10.1000/own"}
    assert read.warnings == [
        f"in.ris: line 7: {tag} 'https://example.org/fig1.png' {why}",
        f"in.ris: line 7: {tag} 'https://doi.org/10.1000/other' {why}",
    ]
    alone = ris.read(one_record([*BASE, f"{tag}  - {links}", "ER  - "]), "in.ris")
    assert "identifiers" not in alone.records[0] and len(alone.warnings) == 3


@pytest.mark.parametrize("sep", ["; ", ";"])
def test_links_joined_with_semicolons_are_read_one_by_one(sep):
    # RIS 2011 spec of UR: several addresses may share a line, a semicolon between (rispy's example_urls.ris
    # writes both forms). Read whole, the line named no identifier and both were lost.
    doi = "https://doi.org/10.1002/(SICI)1097-0258(19980815)17:15<1661::AID-SIM968>3.0.CO;2-2"  # ';' inside a DOI
    urls = sep.join([doi, "https://example.org/a", "https://pubmed.ncbi.nlm.nih.gov/1/"])
    read = ris.read(
        one_record([*BASE, f"UR  - {urls}", "L2  - https://example.org/b;https://pmc.ncbi.nlm.nih.gov/articles/PMC2/", "ER  - "]),
        "in.ris",
    )
    assert read.records[0]["identifiers"] == {"doi": doi[16:], "pmid": "1", "pmcid": "PMC2"}
    assert [w.split(" not kept")[0] for w in read.warnings] == [
        "in.ris: line 6: UR 'https://example.org/a'",
        "in.ris: line 7: L2 'https://example.org/b'",
    ]
    to_record(read.records[0], "in.ris")


@pytest.mark.parametrize(
    "link", ["doi.org/10.1371/journal.pone.0012345", "journals.plos.org/plosone/article/file.pdf", "www.example.org/a.pdf"]
)
def test_a_link_without_its_scheme_is_no_file_path(link):
    # A relative path to a file ('files/5888/page.html') is an attached file's; a link without 'https://'
    # starts with a host name, and was named as 'an attached file's path (on the computer that wrote the file)'.
    read = ris.read(one_record([*BASE, f"L2  - {link}", "L1  - files/5888/page.html", "ER  - "]), "in.ris")
    is_doi = link.startswith("doi.org/")  # a DOI's link without its scheme is the DOI (_values.linked_id)
    assert read.records[0].get("identifiers") == ({"doi": link[8:]} if is_doi else None)
    assert read.warnings == [
        *([] if is_doi else [f"in.ris: line 6: L2 {link!r} {_values.LINK_NOT_KEPT}"]),
        f"in.ris: line 7: L1 'files/5888/page.html' {ris.FILE_NOT_KEPT}",
    ]


def test_links_without_their_scheme_joined_with_semicolons_are_read_one_by_one():
    # A ';' cut only before a scheme, 'doi:' or 'www.': a DOI's or PubMed's link without its scheme after
    # one stayed part of the link before it, and was lost with it.
    urls = "https://example.org/a;doi.org/10.1000/x; pubmed.ncbi.nlm.nih.gov/1/;dx.doi.org/10.1000/x"
    read = ris.read(one_record([*BASE, f"UR  - {urls}", "ER  - "]), "in.ris")
    assert read.records[0]["identifiers"] == {"doi": "10.1000/x", "pmid": "1"}
    assert read.warnings == [f"in.ris: line 6: UR 'https://example.org/a' {_values.LINK_NOT_KEPT}"]


def test_an_ncbi_link_without_its_scheme_or_www_after_a_semicolon_is_read_one_by_one():
    # 'ncbi.nlm.nih.gov/pubmed/1' is PubMed's link as _values.linked_id reads it, but the ';' was cut only before
    # 'www.', 'pubmed.' or 'pmc.': it stayed part of the link before it, and the PMID and PMCID were lost.
    urls = "https://example.org/a;ncbi.nlm.nih.gov/pubmed/1; ncbi.nlm.nih.gov/pmc/articles/PMC2/"
    read = ris.read(one_record([*BASE, f"UR  - {urls}", "ER  - "]), "in.ris")
    assert read.records[0]["identifiers"] == {"pmid": "1", "pmcid": "PMC2"}
    assert read.warnings == [f"in.ris: line 6: UR 'https://example.org/a' {_values.LINK_NOT_KEPT}"]


def test_a_semicolon_leading_a_link_line_is_no_empty_link():
    read = ris.read(one_record([*BASE, "UR  - ;https://doi.org/10.1000/x", "L2  -  ; https://example.org/a", "ER  - "]), "in.ris")
    assert read.records[0]["identifiers"] == {"doi": "10.1000/x"}
    assert read.warnings == [f"in.ris: line 7: L2 'https://example.org/a' {_values.LINK_NOT_KEPT}"]  # no "UR ''"


@pytest.mark.parametrize("tag", ["UR", "L1", "L2", "LK"])
def test_a_figure_s_or_supplement_s_doi_in_a_link_is_not_the_article_s(tag):
    # PLOS gives each figure, table and supplement a DOI of its own: the article's DOI and '.g001', '.s001'.
    # Taken from a link where the record had none, the supplement's DOI became the article's.
    for part in ("s001", "g001", "t002"):
        url = f"https://doi.org/10.1371/journal.pone.0012345.{part}"
        read = ris.read(one_record([*BASE, f"{tag}  - {url}", "ER  - "]), "in.ris")
        assert "identifiers" not in read.records[0]
        assert read.warnings == [
            f"in.ris: line 6: {tag} {url!r} names the DOI of a figure, table or supplement of the article "
            "10.1371/journal.pone.0012345; not kept"
        ]
    # The record's own DOI's link is no news, whatever the DOI; the article's link is the article's DOI.
    own = one_record(
        [
            *BASE,
            "DO  - 10.1371/journal.pone.0012345.g001",
            f"{tag}  - https://doi.org/10.1371/journal.pone.0012345.g001",
            "ER  - ",
        ]
    )
    assert ris.read(own, "in.ris").warnings == []
    article = ris.read(one_record([*BASE, f"{tag}  - https://doi.org/10.1371/journal.pone.0012345", "ER  - "]), "in.ris")
    assert (article.records[0]["identifiers"], article.warnings) == ({"doi": "10.1371/journal.pone.0012345"}, [])


def test_reference_manager_s_pm_form_in_ur_is_the_pmid_as_zotero_reads_it():
    import zotero_ris

    # Zotero's RIS.js: 'REFMAN places PMIDS in UR sometimes'; it makes 'PM:7654321' the Extra line
    # 'PMID: 7654321', Zotero's place for a PMID. It was 'not kept' as a link, and the PMID lost.
    text = one_record([*BASE, "UR  - PM:7654321", "ER  - "])
    assert zotero_ris.read(text)[0]["extra"] == "PMID: 7654321"
    read = ris.read(text, "in.ris")
    assert read.records[0]["identifiers"] == {"pmid": "7654321"}
    assert read.warnings == [
        "in.ris: line 6: UR 'PM:7654321' read as the PMID 7654321: Reference Manager's form, as Zotero reads it"
    ]
    to_record(read.records[0], "in.ris")
    # Beside AN: the same is no news, another is named; 'PM:' inside another link is no PMID.
    text = one_record([*BASE, "AN  - 111", "UR  - PM: 111", "UR  - PM:333", "UR  - https://example.org/?id=PM:444", "ER  - "])
    read = ris.read(text, "in.ris")
    assert read.records[0]["identifiers"] == {"pmid": "111"}
    assert [w.split(" not kept")[0] for w in read.warnings] == [
        "in.ris: line 8: UR 'PM:333' names the PMID 333, not the record's 111;",
        "in.ris: line 9: UR 'https://example.org/?id=PM:444'",
    ]


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85", "\x0c"])
def test_a_line_break_rispy_does_not_split_at_is_a_space_in_a_one_line_value(brk):
    # The file's lines end at CR and LF only: U+2028 stayed in the journal, volume and keyword, which
    # failed the whole file's validation (the title alone was folded).
    text = one_record([*BASE[:3], f"T2  - Journal of{brk}Things", BASE[4], f"VL  - 1{brk}2", f"KW  - a{brk}b", "ER  - "])
    read = ris.read(text, "in.ris")
    d = read.records[0]
    assert (d["journal"]["title"], d["volume"], d["keywords"], read.warnings) == ("Journal of Things", "1 2", ["a b"], [])
    to_record(d, "in.ris")


def test_endnote_s_electronic_article_issue_in_m1_and_pmcid_in_c3():
    # EndNote's RIS export of an Electronic Article (the EJOUR record of Zotero's RIS.js test cases, EndNote's
    # field names as values: 'M1  - Issue', 'C3  - PMCID', 'C7  - Article Number'). Zotero and JabRef read M1 as
    # a journal article's issue; both M1 and C3 were 'not kept: records have no place for it'.
    lines = ["TY  - EJOUR", *BASE[1:], "M1  - 7", "C3  - PMC1234567", "C7  - e1001", "ER  - "]
    read = ris.read(one_record(lines), "in.ris")
    d = read.records[0]
    assert (d["issue"], d["identifiers"], d["pages"], read.warnings) == (
        "7",
        {"pmcid": "PMC1234567"},
        {"article_number": "e1001"},
        [],
    )
    to_record(d, "in.ris")


@pytest.mark.parametrize(
    ("extra", "issue", "notes"),
    [
        (["IS  - 7", "M1  - 7"], "7", []),
        (["IS  - 7", "M1  - 8"], "7", ["in.ris: line 7: M1 '8' differs from IS '7', which is kept; left out"]),
        (["M1  - 8", "IS  - 7"], "7", ["in.ris: line 6: M1 '8' differs from IS '7', which is kept; left out"]),
    ],
)
def test_m1_beside_is_is_noted_when_it_differs(extra, issue, notes):
    read = ris.read(one_record([*BASE, *extra, "ER  - "]), "in.ris")
    assert (read.records[0]["issue"], read.warnings) == (issue, notes)


@pytest.mark.parametrize("m1", ["Epub 2020 Jan 5", "Epub ahead of print", "Issue"])
def test_an_m1_that_is_no_issue_number_is_not_read_as_the_issue(m1):
    # M1 is EndNote's Electronic Article issue, but other exports put other text there: the issue was 'Epub 2020 Jan 5'.
    read = ris.read(one_record([*BASE, f"M1  - {m1}", "ER  - "]), "in.ris")
    assert "issue" not in read.records[0]
    assert read.warnings == [f"in.ris: line 6: M1 {m1!r} is not an issue number: not kept: records have no place for it"]


@pytest.mark.parametrize("m1", ["7", "S1", "3-4", "Suppl 2", "12 Suppl 1", "Pt 1"])
def test_an_m1_shaped_as_an_issue_is_the_issue(m1):
    read = ris.read(one_record([*BASE, f"M1  - {m1}", "ER  - "]), "in.ris")
    assert (read.records[0]["issue"], read.warnings) == (m1, [])


def test_a_c3_that_is_no_pmcid_is_not_kept_as_before():
    read = ris.read(one_record([*BASE, "C3  - Proceedings of Things", "ER  - "]), "in.ris")
    assert "identifiers" not in read.records[0]
    assert read.warnings == ["in.ris: line 6: C3 'Proceedings of Things': not kept: records have no place for it"]


def test_a_line_break_beside_a_space_is_one_space():
    # Zotero's RIS.js test case (zotero/translators RIS.js, Light & McNaughton 2014): 'Communication: ' then
    # U+2028 then 'Potential'. Zotero reads one space; nenbib's title had two, as did a journal's name.
    title = "Augmentative and Alternative Communication: \u2028Potential Contributions"
    text = one_record([*BASE[:1], f"TI  - {title}", BASE[2], "T2  - Journal of \u2028 Things", BASE[4], "ER  - "])
    read = ris.read(text, "in.ris")
    d = read.records[0]
    assert (d["title"], d["journal"]["title"], read.warnings) == (
        "Augmentative and Alternative Communication: Potential Contributions",
        "Journal of Things",
        [],
    )
    to_record(d, "in.ris")


@pytest.mark.parametrize(
    ("dates", "issued"),
    [
        (["PY  - 2020", "DA  - Apr 3"], {"year": 2020, "month": 4, "day": 3}),
        (["PY  - 2020/04//", "DA  - Apr 3"], {"year": 2020, "month": 4, "day": 3}),  # the day was lost
        (["PY  - 2020/04/03/", "DA  - Apr"], {"year": 2020, "month": 4, "day": 3}),
    ],
)
def test_a_month_and_day_without_year_complete_the_date_they_agree_with(dates, issued):
    read = ris.read(one_record([*BASE[:4], *dates, "ER  - "]), "in.ris")
    assert (read.records[0]["issued"], read.warnings) == (issued, [])


def test_pages_next_to_an_article_number_or_a_bad_one():
    read = ris.read(one_record([*BASE, "C7  - e12", "SP  - e12", "ER  - "]), "in.ris")  # as nenbib writes it
    assert (read.records[0]["pages"], read.warnings) == ({"article_number": "e12"}, [])
    read = ris.read(one_record([*BASE, "C7  - e12", "SP  - 100-110", "ER  - "]), "in.ris")
    assert read.records[0]["pages"] == {"article_number": "e12", "count": 11}
    # The range in SP and EP: one note, the count kept; a shortened one keeps none.
    read = ris.read(one_record([*BASE, "C7  - e12", "SP  - 100", "EP  - 110", "ER  - "]), "in.ris")
    assert read.records[0]["pages"] == {"article_number": "e12", "count": 11}
    assert read.warnings == [
        "in.ris: line 7: SP '100' and EP '110' left out but for its length: the record holds the article number 'e12' "
        "(C7) in place of pages, and the range's 11 pages as its page count"
    ]
    read = ris.read(one_record([*BASE, "C7  - e12", "SP  - 100", "EP  - 10", "ER  - "]), "in.ris")
    assert read.records[0]["pages"] == {"article_number": "e12"}
    read = ris.read(one_record([*BASE, "C7  - Article 12", "SP  - 1-10", "ER  - "]), "in.ris")
    assert read.records[0]["pages"] == {"first": 1, "last": 10}


def test_journal_named_by_its_abbreviation_alone_keeps_it_as_both():
    text = one_record([*BASE[:3], "JA  - Nat. Rev. Genet.", "J2  - Nat Rev Genet", BASE[4], "ER  - "])
    result = ris.read(text, "in.ris")
    assert result.records[0]["journal"] == {
        "title": "Nat Rev Genet",  # J2 first, as Zotero's journalAbbreviation
        "abbreviation_iso": "Nat. Rev. Genet.",
        "abbreviation_nlm": "Nat Rev Genet",
    }
    assert len(result.warnings) == 1


def test_missing_er_keeps_the_last_record():
    text = one_record(
        [*BASE, "ER  - ", "", *BASE[:2], "TI  - ignored second title", "AU  - Roe, Richard", "T2  - J", "PY  - 2021"]
    )
    result = ris.read(text, "in.ris")
    assert [r["issued"]["year"] for r in result.records] == [2020, 2021]
    assert len(result.warnings) == 2  # the second TI, and the missing ER


def test_affiliations_that_cannot_be_linked_are_not_kept_and_said():
    # Two authors, one address: whose it is, RIS does not say. Giving it to the first author
    # would state a link the file never made.
    text = one_record([*BASE, "AU  - Roe, Richard", "AD  - Somewhere", "ER  - "])
    result = ris.read(text, "in.ris")
    assert result.warnings == ["in.ris: line 7: 1 AD line for 2 authors: RIS does not say whose they are; not kept: 'Somewhere'"]
    record = to_record(result.records[0], "in.ris")
    assert record.affiliations == () and all(a.affiliations == () for a in record.authors)


def test_affiliations_written_one_line_per_author_so_reading_pairs_them_truly(record):
    # Ohmoto has both addresses, Morizane the first only. One AD per distinct address (two lines
    # for two authors) read back paired in order would give Morizane the second address.
    one, two = record.affiliations
    authors = (
        dataclasses.replace(record.authors[0], affiliations=(one.id, two.id)),
        dataclasses.replace(record.authors[1], affiliations=(one.id,)),
    )
    text = nenbib.export(dataclasses.replace(record, authors=authors), "ris")
    assert [ln[6:] for ln in text.split("\r\n") if ln.startswith("AD")] == [f"{one.printed}; {two.printed}", one.printed]
    result = ris.read(text, "<ris>")
    back = to_record(result.records[0], "<ris>")
    assert [[a.printed for a in back.affiliations_of(au)] for au in back.authors] == [
        [f"{one.printed}; {two.printed}"],
        [one.printed],
    ]


def test_affiliations_of_a_single_author_are_each_their_own_line(record):
    one, two = record.affiliations
    author = dataclasses.replace(record.authors[0], affiliations=(one.id, two.id))
    text = nenbib.export(dataclasses.replace(record, authors=(author,)), "ris")
    back = to_record(ris.read(text, "<ris>").records[0], "<ris>")
    assert [a.printed for a in back.affiliations_of(back.authors[0])] == [one.printed, two.printed]


def test_an_author_without_address_has_an_empty_ad_line_so_the_others_pair():
    # Zoë has no affiliation. Her line was left out: 3 AD lines for 4 authors, which no reader can
    # pair, so every affiliation was lost on reading back (with a note).
    names = next(r for r in records() if r.id == "vanderberg2019")
    text = nenbib.export(names, "ris")
    ad = [ln for ln in text.split("\r\n") if ln.startswith("AD")]
    assert len(ad) == len(names.authors) and ad.count("AD  - ") == 1
    result = ris.read(text, "<ris>")
    assert [w for w in result.warnings if "AD" in w] == []
    back = to_record(result.records[0], "<ris>")
    assert [["; ".join(a.printed for a in names.affiliations_of(au))] if au.affiliations else [] for au in names.authors] == [
        [a.printed for a in back.affiliations_of(au)] for au in back.authors
    ]
    # rispy, told AD repeats, reads the same lines, the empty one as ''.
    import rispy

    [entry] = rispy.loads(text, list_tags=[*rispy.LIST_TYPE_TAGS, "AD"])
    assert entry["author_address"] == [ln[6:] for ln in ad]


def test_empty_ad_lines_alone_are_no_affiliation():
    text = one_record([*BASE, "AU  - Roe, Richard", "AD  - ", "AD  - ", "ER  - "])
    result = ris.read(text, "in.ris")
    assert result.warnings == [] and "affiliations" not in result.records[0]
    to_record(result.records[0], "in.ris")


def test_sniff_and_registry():
    assert ris.sniff(ZOTERO) and not ris.sniff('{"id": 1}')
    assert FORMATS["ris"].load() is ris


@pytest.mark.parametrize(
    ("lines", "check"),
    [
        (
            ["JF  - Full Name", "JO  - Full Nm"],
            lambda r: (r.journal.title, r.journal.abbreviation_nlm) == ("Full Name", "Full Nm"),
        ),
        (["Y1  - 2020/12/31/"], lambda r: (r.issued.year, r.issued.month, r.issued.day) == (2020, 12, 31)),
        (["DA  - 2020/04//"], lambda r: (r.issued.year, r.issued.month, r.issued.day) == (2020, 4, None)),
        # EndNote's Date field ('Apr 3', the year in PY) and dates as PubMed writes them
        (["DA  - Apr 3"], lambda r: (r.issued.year, r.issued.month, r.issued.day) == (2020, 4, 3)),
        (["DA  - Sept."], lambda r: (r.issued.year, r.issued.month, r.issued.day) == (2020, 9, None)),
        (["DA  - 2020 Apr"], lambda r: (r.issued.year, r.issued.month, r.issued.day) == (2020, 4, None)),
        (["Y1  - 2020 April 30"], lambda r: (r.issued.year, r.issued.month, r.issued.day) == (2020, 4, 30)),
        (["SN  - 13894501"], lambda r: (r.journal.issn_print, r.journal.issn_electronic) == ("1389-4501", None)),
        (["DO  - 10.1000/x"], lambda r: r.identifiers.doi == "10.1000/x"),
        (["DO  - doi:10.1000/x"], lambda r: r.identifiers.doi == "10.1000/x"),
        # labels around the DOI, as PubMed ('[doi]') and exports of it write them
        (["DO  - 10.1000/x [doi]"], lambda r: r.identifiers.doi == "10.1000/x"),
        (["DO  - DOI 10.1000/x"], lambda r: r.identifiers.doi == "10.1000/x"),
        (["DO  - https://www.doi.org/10.1000/x"], lambda r: r.identifiers.doi == "10.1000/x"),
        (["M3  - 10.1000/x [doi]"], lambda r: r.identifiers.doi == "10.1000/x" and r.genre is None),
        (["SP  - e1003"], lambda r: r.pages.article_number == "e1003"),
        (["SP  - 389–405"], lambda r: (r.pages.first, r.pages.last) == (389, 405)),
        (["SP  - 389-405", "EP  - 405"], lambda r: (r.pages.first, r.pages.last) == (389, 405)),
        (["SP  - e1003", "EP  - e1003"], lambda r: r.pages.article_number == "e1003"),  # one locator said twice
        (["AU  - van der Berg, Jan, Jr."], lambda r: r.authors[1] == ris_person("Berg", "Jan", "van der", "Jr.")),
        (["KW  - a; b"], lambda r: r.keywords == ("a", "b")),
        (
            ["AN  - 31234567", "C2  - PMC6543210"],
            lambda r: (r.identifiers.pmid, r.identifiers.pmcid) == ("31234567", "PMC6543210"),
        ),
    ],
)
def test_variants_read_without_warnings(lines, check):
    head = ["TY - JOUR", "TI  - T", "AU  - Doe, Jane", "PY  - 2020"]  # 'TY - ' with one space, as some tools write
    body = [ln for ln in lines if ln[:2] in ("JF", "JO")] or ["T2  - J"]
    text = one_record([*head, *body, *(ln for ln in lines if ln[:2] not in ("JF", "JO")), "ER  - "])
    result = ris.read(text, "in.ris")
    assert result.warnings == []
    assert check(to_record(result.records[0], "in.ris"))


def ris_person(family, given, particle, suffix):
    from nenbib.model import Person

    return Person(family=family, given=given, particle=particle, suffix=suffix)


def test_sn_lines_marking_the_print_issn_read_without_a_guess():
    text = (
        "TY  - JOUR\r\nTI  - T\r\nAU  - A, B\r\nT2  - J\r\nPY  - 2020\r\nSN  - 1389-4501 (Print)\r\nSN  - 1873-5592\r\nER  - \r\n"
    )
    result = ris.read(text, "m.ris")
    assert result.warnings == []
    assert result.records[0]["journal"] == {"title": "J", "issn_print": "1389-4501", "issn_electronic": "1873-5592"}


# ---- real-world samples (tests/data/ris/README.md says where each comes from) -----------------

SAMPLES = Path(__file__).parent / "data" / "ris"


def read_sample(name: str) -> tuple[list[dict], list[str]]:
    result = ris.read((SAMPLES / name).read_text(encoding="utf-8"), name)
    return result.records, result.warnings


def test_endnote_continuation_lines_are_further_values_of_their_tag():
    # EndNote writes a field of several values one value a line, only the first line tagged.
    (d,), warnings = read_sample("endnote-lists.ris")
    assert d["keywords"] == ["citation", "reference", "library", "wizardry"]
    # Two addresses (not one joined) for four authors: whose they are is not said, so not kept.
    dept = "Department of Bibliographic Sorcery, University of Reference Management, Citation City, Imaginationland"
    assert "affiliations" not in d
    said = "endnote-lists.ris: line 3: 2 AD lines for 4 authors: RIS does not say whose they are; not kept: "
    assert f"{said}{dept!r}, {'J. Doe, ' + dept!r}" in warnings
    assert (d["journal"]["issn_print"], d["journal"]["issn_electronic"]) == ("1389-4501", "1873-5592")
    assert d["identifiers"]["doi"] == "10.1234/endnote.joke.2024"
    # The first URL is no DOI link: noted on its own line; the DOI link on the next line is the DOI.
    assert [w for w in warnings if "UR " in w] == [
        "endnote-lists.ris: line 22: UR 'https://www.endnote.com/' not kept: a record keeps no links, only the DOI, "
        "PMID and PMCID a link may name, and this one names none"
    ]
    to_record(d, "endnote-lists.ris")


WRAPPED_AD = [
    "TY  - JOUR",
    "TI  - T",
    "AU  - Ohmoto, Akihiro",
    "T2  - J",
    "PY  - 2020",
    "AD  - Division of Medical Oncology, Cancer Institute Hospital, Japanese Foundation for Cancer",
    "      Research, Tokyo 135-8550, Japan",
    "AD  - Department of Hepatobiliary and Pancreatic Oncology, National Cancer Center Hospital,",
    "Tokyo 104-0045, Japan",
    "ER  - ",
]


def test_a_wrapped_address_line_continues_its_address():
    # An address too long for the line, continued indented or after a comma, was read as two
    # addresses: the one author got four, two of them halves ('Research, Tokyo 135-8550, Japan').
    result = ris.read(one_record(WRAPPED_AD), "w.ris")
    assert result.warnings == []
    printed = [a["printed"] for a in result.records[0]["affiliations"]]
    assert printed == [
        "Division of Medical Oncology, Cancer Institute Hospital, Japanese Foundation for Cancer Research, Tokyo 135-8550, Japan",
        "Department of Hepatobiliary and Pancreatic Oncology, National Cancer Center Hospital, Tokyo 104-0045, Japan",
    ]
    # Zotero's RIS.js reads the same two addresses (into its note, when ignoreUnknown is off).
    import zotero_ris

    [item] = zotero_ris.read(one_record(WRAPPED_AD), ignore_unknown=False)
    assert [f"Author Address: {p}<br/>" in item["notes"][0]["note"] for p in printed] == [True, True]


def test_endnote_flush_left_address_lines_stay_separate_addresses():
    # EndNote's further addresses, one a line and flush left, are not a wrap (endnote-lists.ris too).
    text = one_record([*WRAPPED_AD[:5], "AU  - Morizane, Chigusa", "AD  - A, Tokyo, Japan", "B, Osaka, Japan", "ER  - "])
    back = to_record(ris.read(text, "e.ris").records[0], "e.ris")
    assert [[a.printed for a in back.affiliations_of(au)] for au in back.authors] == [["A, Tokyo, Japan"], ["B, Osaka, Japan"]]


def test_type_is_read_without_case():
    # Zotero's RIS.js upper-cases TY before looking it up; 'jour' is a journal article.
    text = one_record(["TY  - jour", *BASE[1:], "ER  - "])
    assert ris.read(text, "in.ris").warnings == []


def test_a_lone_keyword_line_with_commas_is_split_and_others_are_not():
    one = ris.read(one_record([*BASE, "KW  - alpha, beta, gamma", "ER  - "]), "in.ris").records[0]
    assert one["keywords"] == ["alpha", "beta", "gamma"]
    two = ris.read(one_record([*BASE, "KW  - alpha, beta", "KW  - gamma", "ER  - "]), "in.ris")
    assert two.records[0]["keywords"] == ["gamma"] and "holds a comma" in two.warnings[0]


@pytest.mark.parametrize(
    ("ty", "kept", "note"), [("BOOK", False, "left out"), ("CHAP", False, "left out"), ("MGZN", True, "read as one")]
)
def test_a_book_or_chapter_is_left_out_and_a_magazine_article_read_with_a_note(ty, kept, note):
    # A book was read as a journal article (its series as the journal; without one the whole file
    # failed validation), while the BibTeX, CSL-JSON, MEDLINE and EndNote XML readers leave books out.
    book = one_record([f"TY  - {ty}", "AU  - Doe, Jane", "TI  - A Book", "T2  - A Series", "PY  - 2020", "ER  - "])
    result = ris.read(book + one_record([*BASE, "AU  - Roe, Richard", "ER  - "]), "in.ris")
    assert [r["title"] for r in result.records][:-1] == (["A Book"] if kept else [])
    assert result.warnings == [f"in.ris: line 1: type {ty!r} is not a journal article; {note}"]


@pytest.mark.parametrize(
    ("t2", "jo", "title", "abbreviation"),
    [
        # bibutils' xml2ris writes a journal's abbreviated title as T2 and its title as JO (its RIS
        # reader reads T2 so): the abbreviation was read as the journal's title, the title as an
        # abbreviation (tests/test_bibutils_judge.py).
        ("Curr. Drug Targets", "Current Drug Targets", "Current Drug Targets", "Curr. Drug Targets"),
        ("J Hostile Data", "Journal of Hostile Data", "Journal of Hostile Data", "J Hostile Data"),
        ("Endocr.-Relat. Cancer", "Endocrine-Related Cancer", "Endocrine-Related Cancer", "Endocr.-Relat. Cancer"),
        # ISO 4 and NLM abbreviations drop letters inside a word (Natl, Jpn), a leading 'The' and diacritics:
        # xml2ris's files of these journals (biblatex2xml | xml2ris, bibutils 7.2) were read swapped.
        ("N Engl J Med", "The New England Journal of Medicine", "The New England Journal of Medicine", "N Engl J Med"),
        (
            "Proc Natl Acad Sci U S A",
            "Proceedings of the National Academy of Sciences of the United States of America",
            "Proceedings of the National Academy of Sciences of the United States of America",
            "Proc Natl Acad Sci U S A",
        ),
        (
            "Jpn. J. Clin. Oncol.",
            "Japanese Journal of Clinical Oncology",
            "Japanese Journal of Clinical Oncology",
            "Jpn. J. Clin. Oncol.",
        ),
        ("Dtsch Arztebl Int", "Deutsches Ärzteblatt International", "Deutsches Ärzteblatt International", "Dtsch Arztebl Int"),
        ("Gut Liver", "Gut and Liver", "Gut and Liver", "Gut Liver"),
        (
            "Proc Biol Sci",
            "Proceedings of the Royal Society B: Biological Sciences",
            "Proceedings of the Royal Society B: Biological Sciences",
            "Proc Biol Sci",
        ),
        # Zotero's reading (JO the abbreviation) where T2 is no abbreviation of JO: a T2 that is JO's
        # first words, none of them shortened, names another journal (or the same one, in full).
        ("Nature", "Nature Reviews Genetics", "Nature", "Nature Reviews Genetics"),
        ("Cell", "Cell Reports", "Cell", "Cell Reports"),
        ("Journal of Physics", "Journal of Physics A", "Journal of Physics", "Journal of Physics A"),  # a series letter
        (
            "Proceedings of the National Academy of Sciences",
            "Proceedings of the National Academy of Sciences of the United States of America",
            "Proceedings of the National Academy of Sciences",
            "Proceedings of the National Academy of Sciences of the United States of America",
        ),
        ("Current Drug Targets", "Curr Drug Targets", "Current Drug Targets", "Curr Drug Targets"),
        ("Nature", "Science", "Nature", "Science"),
        ("Nature", "Nurture", "Nature", "Nurture"),
        # The same words, spelt apart by periods or case only: neither abbreviates the other (the
        # ISO 4 form, longer by its periods, was read as the title and the NLM form as its abbreviation).
        ("J Clin Oncol", "J. Clin. Oncol.", "J Clin Oncol", "J. Clin. Oncol."),
        ("Phys Rev B", "Phys. Rev. B", "Phys Rev B", "Phys. Rev. B"),
        ("Endocr-Relat Cancer", "Endocr. Relat. Cancer", "Endocr-Relat Cancer", "Endocr. Relat. Cancer"),
        # A leading 'The' is a word ISO 4 leaves out: 'Lancet' abbreviates 'The Lancet'.
        ("Lancet", "The Lancet", "The Lancet", "Lancet"),
        # A qualifier after '(' or ':' counts: an NLM abbreviation with a place ('Cancers (Basel)', as
        # Zotero's reading has it, was swapped), another journal ('... : Conference Series'). Where the
        # NLM title holds the place, bibutils' file (T2 'Science') is read as Zotero reads it.
        ("Cancers", "Cancers (Basel)", "Cancers", "Cancers (Basel)"),
        ("Medicine", "Medicine (Baltimore)", "Medicine", "Medicine (Baltimore)"),
        (
            "Journal of Physics",
            "Journal of Physics: Conference Series",
            "Journal of Physics",
            "Journal of Physics: Conference Series",
        ),
        ("Science", "Science (New York, N.Y.)", "Science", "Science (New York, N.Y.)"),
    ],
)
def test_a_t2_that_abbreviates_jo_is_the_abbreviation(t2, jo, title, abbreviation):
    text = f"TY  - JOUR\r\nTI  - T\r\nAU  - Doe, J\r\nT2  - {t2}\r\nJO  - {jo}\r\nPY  - 2020\r\nER  - \r\n"
    result = ris.read(text, "b.ris")
    journal = to_record(result.records[0], "b.ris").journal
    assert (journal.title, journal.abbreviation_nlm or journal.abbreviation_iso) == (title, abbreviation)
    swapped = title != t2
    assert result.warnings == (
        [f"b.ris: line 4: T2 {t2!r} abbreviates JO {jo!r} (as bibutils' xml2ris writes them); JO read as the journal's title"]
        if swapped
        else []
    )


@pytest.mark.parametrize(
    ("lines", "abbreviations", "note"),
    [
        # Mendeley writes the journal's full name in JO beside JF: it was stored as the NLM abbreviation, and every
        # export then said it could not carry journal.abbreviation_nlm. As written, nothing is lost: no note.
        (["JF  - Current Drug Targets", "JO  - Current Drug Targets"], {}, None),
        (["T2  - Current Drug Targets", "JA  - Current Drug Targets", "J1  - Current Drug Targets"], {}, None),
        # Another case or a closing period: the same name, said as it is left out.
        (["T2  - Nature", "JO  - NATURE."], {}, "JO 'NATURE.' is the journal's title 'Nature'"),
        (
            ["JF  - Current Drug Targets", "JO  - CURRENT  DRUG TARGETS", "J2  - Curr Drug Targets"],
            {"abbreviation_nlm": "Curr Drug Targets"},
            "JO 'CURRENT  DRUG TARGETS' is the journal's title 'Current Drug Targets'",
        ),
        # J2, the tag nenbib's and Zotero's exports write, is kept even where it is the title: NLM abbreviates
        # 'Nature' and 'Soft Matter' so, and nenbib's own file must read back as written.
        (["T2  - Nature", "J2  - Nature"], {"abbreviation_nlm": "Nature"}, None),
        (["T2  - Soft Matter", "J2  - Soft Matter"], {"abbreviation_nlm": "Soft Matter"}, None),
        # A period marking a word shortened makes another form of the name: ISO 4's of a title given as NLM's.
        (["T2  - J Clin Oncol", "JO  - J. Clin. Oncol."], {"abbreviation_iso": "J. Clin. Oncol."}, None),
        (["T2  - Phys Rev B", "JA  - Phys. Rev. B"], {"abbreviation_iso": "Phys. Rev. B"}, None),
    ],
)
def test_a_jo_ja_or_j1_that_is_the_journal_s_title_is_no_abbreviation(lines, abbreviations, note):
    result = ris.read(one_record(["TY  - JOUR", "TI  - T", "AU  - Roe, Jane", *lines, "PY  - 2020", "ER  - "]), "m.ris")
    title = lines[0][6:]
    assert result.records[0]["journal"] == {"title": title, **abbreviations}
    line = next((n for n, text in enumerate(lines, start=4) if note and text.startswith(note[:2])), None)
    said = f"m.ris: line {line}: {note} in other case or punctuation, no abbreviation; left out"
    assert result.warnings == ([said] if note else [])
    if not abbreviations:
        exported = nenbib.export(to_record(result.records[0], "m.ris"), "ris")
        assert "J2  - " not in exported  # no export has an abbreviation to carry, or to say it cannot


def test_our_own_abbreviation_that_is_the_title_reads_back(record):
    # The writer puts the abbreviation in J2 whatever it is; the reader keeps J2 as written, so 'Nature' as its own
    # NLM abbreviation reads back exactly (an ISO 4 form without a period reads back as the NLM form, as FIDELITY says).
    for nlm, iso in (("Nature", None), ("Soft Matter", None), (None, "Cell")):
        journal = dataclasses.replace(record.journal, title=nlm or iso, abbreviation_nlm=nlm, abbreviation_iso=iso)
        r = dataclasses.replace(record, journal=journal)
        text = nenbib.export(r, "ris")
        assert f"J2  - {nlm or iso}\r\n" in text
        back = to_record(ris.read(text, "out.ris").records[0], "out.ris")
        assert (back.journal.title, back.journal.abbreviation_nlm or back.journal.abbreviation_iso) == (nlm or iso,) * 2


NOTE_WHY = "(a note line, as Mendeley and EndNote write it; Zotero's RIS import keeps N1 as a note, not as the identifier)"


@pytest.mark.parametrize(
    ("lines", "ids", "notes"),
    [
        # Mendeley and EndNote write the PMID as a note: it was 'not kept: records have no place for it'.
        (["N1  - PMID: 31660819"], {"pmid": "31660819"}, [f"line 6: N1 'PMID: 31660819' read as the PMID 31660819 {NOTE_WHY}"]),
        (
            ["N1  - PMID: 31660819", "N1  - PMCID: PMC6467432"],
            {"pmid": "31660819", "pmcid": "PMC6467432"},
            [
                f"line 6: N1 'PMID: 31660819' read as the PMID 31660819 {NOTE_WHY}",
                f"line 7: N1 'PMCID: PMC6467432' read as the PMCID PMC6467432 {NOTE_WHY}",
            ],
        ),
        # A note's lines are read one by one (N1 keeps its line breaks, as Zotero's RIS.js keeps them); its other text is said.
        (
            ["N1  - PMID: 31660819", "PMCID: PMC6467432", "Epub ahead of print"],
            {"pmid": "31660819", "pmcid": "PMC6467432"},
            [
                f"line 6: N1 'PMID: 31660819' read as the PMID 31660819 {NOTE_WHY}",
                f"line 6: N1 'PMCID: PMC6467432' read as the PMCID PMC6467432 {NOTE_WHY}",
                "line 6: N1 'Epub ahead of print': the rest of the note has no place in the record; left out",
            ],
        ),
        # AN is EndNote's PubMed ID tag (and nenbib's): a note repeating it is silent, one naming another is noted, not read.
        (["AN  - 31660819", "N1  - PMID: 31660819"], {"pmid": "31660819"}, []),
        (
            ["AN  - 31660819", "N1  - PMID: 12345678"],
            {"pmid": "31660819"},
            ["line 7: N1 'PMID: 12345678' differs from the PMID 31660819, which is kept; left out"],
        ),
        (
            ["C2  - PMC6467432", "N1  - PMCID: PMC1111111"],
            {"pmcid": "PMC6467432"},
            ["line 7: N1 'PMCID: PMC1111111' differs from the PMCID PMC6467432, which is kept; left out"],
        ),
        # A note that names no identifier, or one inside other text, is not read: nothing is guessed.
        (["N1  - a note"], {}, ["line 6: N1 'a note': not kept: records have no place for it"]),
        (["N1  - see PMID: 31660819"], {}, ["line 6: N1 'see PMID: 31660819': not kept: records have no place for it"]),
        (["N1  - PMID: none"], {}, ["line 6: N1 PMID 'none' is no PMID; left out"]),
    ],
)
def test_a_pmid_or_pmcid_in_a_note_is_read(lines, ids, notes):
    result = ris.read(one_record([*BASE, *lines, "ER  - "]), "m.ris")
    assert result.records[0].get("identifiers", {}) == ids
    assert result.warnings == [f"m.ris: {note}" for note in notes]


M2_WHY = (
    "(an M2 line, as Zotero's RIS export once wrote its Extra field, where Zotero keeps a PubMed ID; "
    "its import reads M2 into Extra)"
)


@pytest.mark.parametrize(
    ("lines", "ids", "notes"),
    [
        # M2 'PMID: ...' was an 'unknown RIS tag, not kept', the PMID lost; Zotero reads it into Extra, its PMID's place.
        (["M2  - PMID: 12345678"], {"pmid": "12345678"}, [f"line 6: M2 'PMID: 12345678' read as the PMID 12345678 {M2_WHY}"]),
        (
            ["M2  - PMCID: PMC6467432"],
            {"pmcid": "PMC6467432"},
            [f"line 6: M2 'PMCID: PMC6467432' read as the PMCID PMC6467432 {M2_WHY}"],
        ),
        # AN and C2, the tags proper, win: a repeat is silent, another value is noted and not read over them.
        (["AN  - 12345678", "M2  - PMID: 12345678"], {"pmid": "12345678"}, []),
        (
            ["M2  - PMID: 87654321", "AN  - 12345678"],
            {"pmid": "12345678"},
            ["line 6: M2 'PMID: 87654321' differs from the PMID 12345678, which is kept; left out"],
        ),
        (
            ["C2  - PMC6467432", "M2  - PMCID: PMC1111111"],
            {"pmcid": "PMC6467432"},
            ["line 7: M2 'PMCID: PMC1111111' differs from the PMCID PMC6467432, which is kept; left out"],
        ),
        # N1 and M2 are read in the file's order: the first PMID wins, the other is noted.
        (
            ["M2  - PMID: 12345678", "N1  - PMID: 31660819"],
            {"pmid": "12345678"},
            [
                f"line 6: M2 'PMID: 12345678' read as the PMID 12345678 {M2_WHY}",
                "line 7: N1 'PMID: 31660819' differs from the PMID 12345678, which is kept; left out",
            ],
        ),
        # Both on one line, as tools write them ('PMID:28538134' without a space too): each read.
        (
            ["M2  - PMID:12345678, PMCID: PMC6467432"],
            {"pmid": "12345678", "pmcid": "PMC6467432"},
            [
                f"line 6: M2 'PMID:12345678' read as the PMID 12345678 {M2_WHY}",
                f"line 6: M2 'PMCID: PMC6467432' read as the PMCID PMC6467432 {M2_WHY}",
            ],
        ),
        # Nothing is guessed: other text, or a PMID inside it, is not read, and said.
        (["M2  - 3"], {}, ["line 6: M2 '3': not kept: records have no place for it"]),
        (["M2  - see PMID: 12345678"], {}, ["line 6: M2 'see PMID: 12345678': not kept: records have no place for it"]),
        (["M2  - PMID: none"], {}, ["line 6: M2 PMID 'none' is no PMID; left out"]),
    ],
)
def test_a_pmid_or_pmcid_in_m2_is_read_as_a_note_s(lines, ids, notes):
    result = ris.read(one_record([*BASE, *lines, "ER  - "]), "m.ris")
    assert result.records[0].get("identifiers", {}) == ids
    assert result.warnings == [f"m.ris: {note}" for note in notes]


SCOPUS_WHY = "Scopus's RIS export (DB  - Scopus) writes the PubMed ID in C2, where EndNote writes a PMCID"


@pytest.mark.parametrize(
    ("lines", "ids", "notes"),
    [
        # Scopus's export (asreview's genuine baseline of 2024: 'SN  - 20411723 (ISSN)', 'C2  - 38580657', 'LA  -
        # English', 'DB  - Scopus') writes the PMID bare in C2: it was 'not a PMCID, not kept', the PMID lost.
        (
            ["C2  - 38580657", "DB  - Scopus"],
            {"pmid": "38580657"},
            [f"line 6: C2 '38580657' read as the PMID 38580657: {SCOPUS_WHY}"],
        ),
        # AN, the PMID's tag, wins: a repeat is silent, another is noted.
        (["AN  - 38580657", "C2  - 38580657", "DB  - Scopus"], {"pmid": "38580657"}, []),
        (
            ["AN  - 12345678", "C2  - 38580657", "DB  - Scopus"],
            {"pmid": "12345678"},
            [f"line 7: C2 '38580657' is a further PubMed ID ({SCOPUS_WHY}), not kept"],
        ),
        # Without Scopus's mark, a bare number in C2 is no PMCID (EndNote writes 'PMC...') and is not guessed at.
        (["C2  - 38580657"], {}, ["line 6: C2 '38580657' is not a PMCID, not kept"]),
        (["C2  - PMC6467432", "DB  - Scopus"], {"pmcid": "PMC6467432"}, []),
    ],
)
def test_scopus_s_pubmed_id_in_c2_is_read_as_the_pmid(lines, ids, notes):
    result = ris.read(one_record([*BASE, *lines, "ER  - "]), "s.ris")
    assert result.records[0].get("identifiers", {}) == ids
    assert [w for w in result.warnings if "DB 'Scopus'" not in w] == [f"s.ris: {note}" for note in notes]


def test_m2_s_pmid_through_the_cli_and_as_zotero_reads_it(tmp_path, capsys):
    from zotero_ris import read as zotero_read

    from conftest import run_cli

    text = one_record([*BASE, "M2  - PMID: 12345678", "ER  - "])
    (tmp_path / "x.ris").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "x.ris")
    assert code == 0 and json.loads(out)["identifiers"] == {"pmid": "12345678"}
    assert f"line 6: M2 'PMID: 12345678' read as the PMID 12345678 {M2_WHY}" in err
    (item,) = zotero_read(text)
    assert item["extra"] == "PMID: 12345678"  # Zotero's place for a PMID: what M2_WHY says


def test_a_name_without_comma_ending_in_initials_is_read_whole_with_a_note():
    # Scopus-like 'Esteva A.' and PubMed-like 'Dean JA' without RIS's comma: Zotero reads a name
    # without a comma whole, as an organisation, and so does nenbib; that it may be a person is said.
    text = "TY  - JOUR\r\nAU  - Esteva A.\r\nAU  - World Health Organization\r\nTI  - T\r\nT2  - J\r\nPY  - 2020\r\nER  - \r\n"
    result = ris.read(text, "s.ris")
    assert result.records[0]["authors"] == [{"name": "Esteva A."}, {"name": "World Health Organization"}]
    assert result.warnings == [
        "s.ris: line 2: author 'Esteva A.' has no comma (RIS's 'Family, Given') and may be 'Family Initials'; "
        "read whole as an organisation, as Zotero reads it"
    ]


def test_supplement_pages_in_sp_and_ep_are_the_article_number_as_written_in_sp():
    # 'SP  - S12', 'EP  - S19': the article number S12-S19, which nenbib's writer puts in SP whole.
    result = ris.read(one_record([*BASE, "SP  - S12", "EP  - S19", "ER  - "]), "in.ris")
    assert result.records[0]["pages"] == {"article_number": "S12-S19"} and result.warnings == []


@pytest.mark.parametrize(
    ("dates", "kept", "note"),
    [
        # The dates are weighed in the order DA, Y1, PY, not the file's: the note on PY said DA was 'read
        # before' and 'the first of two as full', though it is the later line.
        (
            ["PY  - 2020/04/03/", "DA  - 2020/04/05/"],
            {"year": 2020, "month": 4, "day": 5},
            "line 5: PY '2020/04/03/' differs in its day from DA '2020/04/05/' (line 6); the record holds one date: "
            "DA's, as full, and DA is preferred to PY (DA, then Y1, then PY)",
        ),
        # The fuller date is kept whichever comes first; the note stands on the line not kept.
        (
            ["PY  - 2020/04/03/", "DA  - 2019"],
            {"year": 2020, "month": 4, "day": 3},
            "line 6: DA '2019' differs in its year from PY '2020/04/03/' (line 5); the record holds one date: PY's, the fuller",
        ),
        (
            ["PY  - 2020/04/03/", "PY  - 2020/04/04/"],
            {"year": 2020, "month": 4, "day": 3},
            "line 6: PY '2020/04/04/' differs in its day from PY '2020/04/03/' (line 5); the record holds one date: "
            "PY's, as full, and the first PY",
        ),
    ],
)
def test_a_note_on_two_dates_names_the_line_kept_and_why(dates, kept, note):
    result = ris.read(one_record([*BASE[:4], *dates, "ER  - "]), "x.ris")
    assert result.records[0]["issued"] == kept
    assert result.warnings == [f"x.ris: {note}"]


# ---- rich text: Zotero's title markup (its RIS.js export writes the item's TI, T2 and AB as they are) --------


def test_zotero_rich_text_in_a_title_is_plain_text_as_the_csl_json_reader_reads_it():
    # Zotero's titles hold its rich-text tags (<i>, <b>, <sub>, <sup>, small-caps and nocase spans) and its
    # RIS export writes them into TI: the record's title held the literal '<i>Hukou</i>'.
    (fems, chan), warnings = read_sample("zotero-rich-text.ris")
    assert fems["title"].startswith("Microbial community changes at a terrestrial volcanic CO\u2082vent induced")
    assert chan["title"] == "The ChineseHukouSystem at 50"  # Crossref's missing spaces are the data's, kept
    said = [w for w in warnings if "formatting" in w]
    assert said == ["zotero-rich-text.ris: line 25: TI: formatting (<i>) removed: records hold plain text"]
    to_record(fems, "z.ris")
    to_record(chan, "z.ris")


RICH = [
    # (value, read as, the tags the note names or None)
    ("<i>Escherichia coli</i> in vivo", "Escherichia coli in vivo", "<i>"),
    ('A <b>bold</b> and <span style="font-variant:small-caps;">Sc</span> word', "A bold and Sc word", "<b>, <span style>"),
    ('<span class="nocase">iPhone</span> users', "iPhone users", None),  # says 'no case change' only: nothing lost
    ("[<sup>18</sup>F]FDG and H<sub>2</sub>O", "[\u00b9\u2078F]FDG and H\u2082O", None),  # Unicode's, as CSL-JSON's
    ("the 19<sup>th</sup> century", "the 19th century", "<sup>"),
    ("<i>a <b>b</b></i> c", "a b c", "<i>, <b>"),
    ("<i>a <b>b</i> c</b>", "a <b>b c</b>", "<i>"),  # the <b> left open inside <i> is text, as citeproc-js prints it
    # Not markup: no pair of known tags. As written, no note.
    ("p < 0.05 and q > 1", "p < 0.05 and q > 1", None),
    ("Children <5 years old", "Children <5 years old", None),
    ("a lone <i> tag", "a lone <i> tag", None),
    ("x </i> y <b> z", "x </i> y <b> z", None),
    ("<em>not</em> <u>known</u>", "<em>not</em> <u>known</u>", None),
]


@pytest.mark.parametrize(("value", "plain", "lost"), RICH)
@pytest.mark.parametrize("tag", ["TI", "T1", "T2", "J2", "AB"])
def test_rich_text_of_a_title_journal_and_abstract_is_plain(tag, value, plain, lost):
    title = f"{tag}  - {value}" if tag in ("TI", "T1") else "TI  - T"
    journal = f"T2  - {value}" if tag == "T2" else "T2  - J"
    lines = ["TY  - JOUR", title, journal, *([f"{tag}  - {value}"] if tag in ("J2", "AB") else []), "PY  - 2020", "ER  - "]
    result = ris.read(one_record(lines), "in.ris")
    (d,) = result.records
    journal_read = d["journal"]
    got = {"TI": d.get("title"), "T1": d.get("title"), "T2": journal_read["title"], "AB": d.get("abstract")}
    got["J2"] = journal_read.get("abbreviation_nlm", journal_read.get("abbreviation_iso"))
    assert got[tag] == plain
    said = [w for w in result.warnings if "formatting" in w]
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith(f"{tag}  - "))
    assert said == ([f"in.ris: line {line}: {tag}: formatting ({lost}) removed: records hold plain text"] if lost else [])


def test_an_abstract_with_markup_keeps_its_lines():
    text = one_record(["TY  - JOUR", "TI  - T", "T2  - J", "AB  - One <i>in vivo</i> study.", "Two (p < 0.05).", "ER  - "])
    (d,) = ris.read(text, "in.ris").records
    assert d["abstract"] == "One in vivo study.\nTwo (p < 0.05)."


def test_a_record_s_literal_tag_pair_reads_back_as_formatting_as_the_fidelity_table_says(record):
    # RIS cannot escape '<i>': a title, journal or abstract holding a pair of Zotero's tags as text comes back
    # without them, here as in Zotero. The table must say so for each of those fields, not 'carried'.
    r = dataclasses.replace(record, title="The <i>in vivo</i> study", abstract="An <b>x</b> y.")
    r = dataclasses.replace(r, journal=dataclasses.replace(r.journal, title="<sc>Bio</sc> Letters"))
    result = ris.read(nenbib.export(r, "ris"), "out.ris")
    (d,) = result.records
    assert (d["title"], d["journal"]["title"], d["abstract"]) == ("The in vivo study", "Bio Letters", "An x y.")
    assert len([w for w in result.warnings if "formatting" in w]) == 3
    for field in ("title", "journal.title", "abstract"):
        assert ris.FIDELITY[field].startswith("lossy") and ris.RICH_TEXT_NOTE in ris.FIDELITY[field]


# ---- HTML character references: an HTML exporter's escapes, RIS having none (REFERENCE_TAGS) ----------------


def test_html_character_references_in_text_tags_are_read_as_their_characters():
    # Dataverse wrote 'T1  - Dataset title with an &amp;, &lt; and &gt;' (EndNote and RefWorks showed it so, Zotero
    # as '&, < and >'); OJS's titles and abstracts, CNKI's journal names hold them too. A KW 'R&amp;D' was cut at its
    # ';' into the keywords 'R&amp' and 'D'.
    lines = [
        "TY  - JOUR",
        "TI  - Growth &amp; decline, 1990&#8211;2000 &lt;5 years",
        "AU  - O&#039;Brien, Se&aacute;n",
        "T2  - Cancer &amp; Metabolism",
        "J2  - Cancer Metab",
        "PY  - 2020",
        "PB  - Smith &amp; Sons",
        "KW  - R&amp;D",
        "AD  - Dept. of Surgery &amp; Oncology",
        "AB  - p &lt; 0.05 &amp;&#x20;more",
        "ER  - ",
    ]
    result = ris.read(one_record(lines), "in.ris")
    (d,) = result.records
    assert d["title"] == "Growth & decline, 1990\u20132000 <5 years"
    assert d["authors"][0] == {"family": "O'Brien", "given": "Se\u00e1n", "affiliations": ["aff1"]}
    assert (d["journal"]["title"], d["publisher"], d["keywords"]) == ("Cancer & Metabolism", "Smith & Sons", ["R&D"])
    assert d["affiliations"] == [{"id": "aff1", "printed": "Dept. of Surgery & Oncology"}]
    assert d["abstract"] == "p < 0.05 & more"
    assert result.warnings == [
        "in.ris: line 2: TI: HTML character references read as characters ('&amp;' as '&', '&#8211;' as '\u2013', "
        "'&lt;' as '<'): RIS has no escapes of its own",
        "in.ris: line 3: AU: HTML character references read as characters ('&#039;' as \"'\", '&aacute;' as '\u00e1'): "
        "RIS has no escapes of its own",
        *(
            f"in.ris: line {n}: {tag}: HTML character references read as characters ('&amp;' as '&'): "
            "RIS has no escapes of its own"
            for n, tag in ((4, "T2"), (7, "PB"), (8, "KW"), (9, "AD"))
        ),
        "in.ris: line 10: AB: HTML character references read as characters ('&lt;' as '<', '&amp;' as '&', '&#x20;' as "
        "' '): RIS has no escapes of its own",
    ]
    to_record(d, "in.ris")


REF_NOTE = "KW: HTML character references read as characters ({}): RIS has no escapes of its own"
AMP, SEMICOLON, COMMA = "'&amp;' as '&'", "'&#59;' as ';'", "'&#44;' as ','"


@pytest.mark.parametrize(
    ("lines", "keywords", "notes"),
    [
        # An escaped ';' is no separator: the keyword 'R;D' (which a record cannot hold, so left out) was read as
        # the two keywords 'R' and 'D'. Zotero's RIS.js reads the references first and so splits it (judged below).
        (
            ["KW  - R&#59;D", "KW  - alpha"],
            ["alpha"],
            [
                f"line 6: {REF_NOTE.format(SEMICOLON)}",
                "line 6: keyword 'R;D' holds a comma or semicolon, which records do not allow; left out",
            ],
        ),
        # The ';' closing a reference read is the reference's; the others part keywords.
        (["KW  - R&amp;D; Q&amp;A;beta"], ["R&D", "Q&A", "beta"], [f"line 6: {REF_NOTE.format(AMP)}"]),
        (["KW  - a&foo;b"], ["a&foo", "b"], []),  # no reference: '&foo;' is none HTML knows
        # A lone KW is split at its commas as written, not at an escaped one.
        (
            ["KW  - x&#44; y"],
            [],
            [
                f"line 6: {REF_NOTE.format(COMMA)}",
                "line 6: keyword 'x, y' holds a comma or semicolon, which records do not allow; left out",
            ],
        ),
        (
            ["KW  - x&amp;y, z"],
            ["x&y", "z"],
            [
                f"line 6: {REF_NOTE.format(AMP)}",
                "line 6: the one KW 'x&amp;y, z' read as 2 keywords, split at its commas",
            ],
        ),
    ],
)
def test_keywords_are_cut_at_their_separators_as_written_then_their_references_read(lines, keywords, notes):
    result = ris.read(one_record([*BASE, *lines, "ER  - "]), "in.ris")
    assert result.records[0].get("keywords", []) == keywords
    assert result.warnings == [f"in.ris: {note}" for note in notes]


def test_an_escaped_semicolon_in_a_keyword_through_the_cli(tmp_path, capsys):
    from zotero_ris import read as zotero_read

    from conftest import run_cli

    text = one_record([*BASE, "KW  - R&#59;D", "KW  - alpha", "ER  - "])
    (tmp_path / "x.ris").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "x.ris")
    assert code == 0 and json.loads(out)["keywords"] == ["alpha"]
    assert "keyword 'R;D' holds a comma or semicolon" in err
    assert zotero_read(text)[0]["tags"] == ["R", "D", "alpha"]  # Zotero's: the references read, then cut at ';'


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("AT&T Labs; Q&A", "AT&T Labs; Q&A"),  # no reference: no ';' closing a name
        ("&amp without its semicolon &copy 2020", "&amp without its semicolon &copy 2020"),  # HTML's legacy forms: not read
        ("&foo; and &#0; and &#x1F; and &#xD800; and &#1114112;", None),  # no character, or a control one: as written
        ("&amp;lt;i&amp;gt; escaped twice", "&lt;i&gt; escaped twice"),  # read once
        ("&lt;i&gt;in vivo&lt;/i&gt;", "<i>in vivo</i>"),  # HTML's text '<i>', no formatting: kept as text
        ("<i>A</i> &amp;amp; B", "A &amp; B"),  # markup taken out as written, then the references read
        ("&nbsp;Lead&#10;and&#9;trail&#160;", "Lead and trail"),  # no white space at the ends; a break is a space
        ("J&#x0D;&#x0A;Things and A &#13;&NewLine; B", "J Things and A B"),  # a run of breaks and spaces: one space
    ],
    ids=["no-reference", "legacy", "no-character", "twice", "escaped-tag", "markup", "white-space", "break-run"],
)
def test_what_is_a_character_reference_and_what_stays_as_written(value, read):
    result = ris.read(one_record(["TY  - JOUR", f"TI  - {value}", *BASE[2:], "ER  - "]), "in.ris")
    (d,) = result.records
    assert d["title"] == (value if read is None else read)
    assert any("HTML character references" in w for w in result.warnings) == (read is not None and read != value)
    to_record(d, "in.ris")


def test_links_and_numbers_keep_their_references_and_jats_is_decoded_once():
    # A link, an ISSN or a date is no text to read as HTML: '&amp;' in a link's query is kept as written (the link is
    # read for an identifier, not kept). Crossref's JATS abstract (plain_text) has its references read there. DO's
    # are read (test_what_do_reads_as_a_reference), those of the link of its DOI not: it names the same DOI.
    lines = [*BASE, "DO  - 10.1000/a&amp;b", "UR  - https://example.org/?a=1&amp;b=2", "UR  - https://doi.org/10.1000/a&b"]
    result = ris.read(one_record([*lines, "SN  - 1234-5678&#x20;", "AB  - <jats:p>R&amp;amp;D</jats:p>", "ER  - "]), "in.ris")
    (d,) = result.records
    assert (d["identifiers"], d["abstract"]) == ({"doi": "10.1000/a&b"}, "R&amp;D")
    assert [w for w in result.warnings if "HTML character" in w] == [f"in.ris: line 6: {DO_NOTE.format(AMP)}"]


def test_a_record_s_literal_reference_reads_back_as_its_character_as_the_fidelity_table_says(record):
    # RIS cannot escape '&': a title, journal, author or abstract holding '&amp;' as text comes back as '&', here as
    # in Zotero's import (but for AB, which Zotero keeps). The table says so for each field the rule reads.
    r = dataclasses.replace(record, title="On &amp; off", abstract="A &lt; B")
    r = dataclasses.replace(r, journal=dataclasses.replace(r.journal, title="Q&amp;A"))
    text = nenbib.export(r, "ris")
    (d,) = ris.read(text, "out.ris").records
    assert (d["title"], d["journal"]["title"], d["abstract"]) == ("On & off", "Q&A", "A < B")
    from zotero_ris import read as zotero_read

    (item,) = zotero_read(text)
    assert (item["title"], item["publicationTitle"], item["abstractNote"]) == ("On & off", "Q&A", "A &lt; B")
    fields = ("title", "journal.title", "journal.abbreviation_nlm", "journal.abbreviation_iso", "authors", "affiliations")
    for field in (*fields, "publisher", "abstract"):
        assert ris.FIDELITY[field].startswith("lossy") and ris.REFERENCE_NOTE in ris.FIDELITY[field], field
    # A keyword holds no ';' (the schema's rule), so none holds a reference: keywords stay carried.
    assert ris.FIDELITY["keywords"] == "carried" and "KW" in ris.REFERENCE_TAGS


SICI = "10.1002/(SICI)1097-4636(199706)35:4<481::AID-JBM8>3.0.CO;2-F"
SICI_ESCAPED = SICI.replace("<", "&lt;").replace(">", "&gt;")
DO_NOTE = (
    "DO: HTML character references read as characters ({}): RIS has no escapes of its own, and a DOI holds '<', '>' "
    "and '&' as themselves (as Zotero's import reads DO)"
)
LT_GT = "'&lt;' as '<', '&gt;' as '>'"


def test_an_escaped_sici_doi_in_do_is_read_as_the_doi_it_escapes(tmp_path, capsys):
    # Wiley's SICI DOIs hold '<' and '>' (registered so; doi.org resolves them); an HTML exporter writes them '&lt;'
    # and '&gt;', and the DOI was kept as written, one no resolver knows. Zotero's RIS.js reads DO as HTML too.
    from zotero_ris import read as zotero_read

    from conftest import run_cli

    text = one_record([*BASE, f"DO  - {SICI_ESCAPED}", "ER  - "])
    (tmp_path / "x.ris").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "x.ris")
    assert code == 0 and json.loads(out)["identifiers"] == {"doi": SICI}
    assert err.count("warning") == 1 and f"line 6: {DO_NOTE.format(LT_GT)}" in err
    assert zotero_read(text)[0]["DOI"] == SICI


@pytest.mark.parametrize(
    ("value", "doi", "read"),
    [
        ("10.1000/a&amp;b", "10.1000/a&b", AMP),
        ("doi:10.1000/a&#60;b&#x3E;c", "10.1000/a<b>c", "'&#60;' as '<', '&#x3E;' as '>'"),
        ("10.1000/a&amp;lt;b", "10.1000/a&lt;b", AMP),  # read once
        # A reference to a character no DOI holds (a space, a letter beyond ASCII, an invisible one) is no escape of
        # a DOI's: kept as written, as are an unknown name and '&' alone.
        ("10.1000/a&eacute;&nbsp;&it;&foo;b", None, ""),
        ("10.1000/a&b", None, ""),
    ],
)
def test_what_do_reads_as_a_reference(value, doi, read):
    result = ris.read(one_record([*BASE, f"DO  - {value}", "ER  - "]), "in.ris")
    assert result.records[0]["identifiers"] == {"doi": doi or value}
    assert result.warnings == ([f"in.ris: line 6: {DO_NOTE.format(read)}"] if doi else [])
    to_record(result.records[0], "in.ris")


@pytest.mark.parametrize("doi", [SICI, "10.1000/a&b", "10.1000/a&amp;b", "10.1000/x&lt;1&#59;&gt;"])
def test_a_doi_reads_back_as_written_by_nenbib_and_by_zotero(record, doi):
    # RIS has no escape, but DO is read as HTML (by nenbib and Zotero): a DOI holding what reads as a reference
    # ('&amp;' as text) is written with its '&' as '&amp;', so both read it back as it is; any other as it is.
    from zotero_ris import read as zotero_read

    r = dataclasses.replace(record, identifiers=dataclasses.replace(record.identifiers, doi=doi))
    text = nenbib.export(r, "ris")
    escaped = "&" in doi and ";" in doi
    line = f"DO  - {doi.replace('&', '&amp;') if escaped else doi}"
    assert line in text.split("\r\n")
    result = ris.read(text, "out.ris")
    assert result.records[0]["identifiers"]["doi"] == doi
    n = text.split("\r\n").index(line) + 1
    assert [w for w in result.warnings if "DO:" in w] == ([f"out.ris: line {n}: {DO_NOTE.format(AMP)}"] if escaped else [])
    assert zotero_read(text)[0]["DOI"] == doi
    assert ris.FIDELITY["identifiers.doi"] == "carried"


@pytest.mark.parametrize("doi", ["10.1000/a;https://b.org/x", "10.1000/a;www.b", "10.1000/a;doi:10.1000/b"])
def test_our_own_link_of_a_doi_holding_a_semicolon_and_a_link_is_not_cut(record, doi):
    # nenbib writes the DOI's link in UR with its ';' as it is (a URL's path may hold one); the ';'-cut of UR's
    # links (_links) made two links of it, each noted as naming another DOI than the record's or none.
    r = dataclasses.replace(record, identifiers=dataclasses.replace(record.identifiers, doi=doi))
    result = ris.read(nenbib.export(r, "ris"), "out.ris")
    assert (result.records[0]["identifiers"]["doi"], result.warnings) == (doi, [])
    # Another file's UR of that form, with no DO, is still cut: its first link names the DOI read.
    other = ris.read(one_record([*BASE, "UR  - https://doi.org/10.1000/a;https://b.org/x", "ER  - "]), "in.ris")
    assert other.records[0]["identifiers"] == {"doi": "10.1000/a"}


# A record of Scopus's RIS export as asreview's genuine baseline of 2024 has it (citation-file-formatting,
# Datasets/RIS/_baseline_scopus.ris; its abstract, keywords and addresses shortened): a BOM, LF endings, 'ER  -'.
SCOPUS_RECORD = "\ufeff" + "\n".join(
    [
        "TY  - JOUR",
        "AU  - Wilson, L.N.",
        "AU  - Gardner, J.D.",
        "TI  - Global latitudinal gradients and the evolution of body size in dinosaurs and mammals",
        "PY  - 2024",
        "T2  - Nature Communications",
        "VL  - 15",
        "IS  - 1",
        "C7  - 2864",
        "DO  - 10.1038/s41467-024-46843-2",
        "UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-85189760133&doi=10.1038%2fs41467-024-46843-2"
        "&partnerID=40&md5=614b5dcff7c011ecb23199f08bb800a4",
        "AD  - University of Alaska Museum, 1962 Yukon Drive, Fairbanks, 99775, AK, United States",
        "AB  - Global climate patterns fundamentally shape the distribution of species. \u00a9 The Author(s) 2024.",
        "KW  - Animals",
        "KW  - body size",
        "PB  - Nature Research",
        "SN  - 20411723 (ISSN)",
        "C2  - 38580657",
        "LA  - English",
        "J2  - Nat. Commun.",
        "M3  - Article",
        "DB  - Scopus",
        "N1  - Export Date: 05 August 2024; Cited By: 2; Correspondence Address: L.N. Wilson; University of Alaska "
        "Museum, Fairbanks, 1962 Yukon Drive, 99775, United States; email: lnkeller@alaska.edu",
        "ER  -",
        "",
    ]
)


def test_a_scopus_record_is_read_fact_by_fact_and_its_issn_mark_silently(tmp_path, capsys):
    # Scopus marks its ISSN with the identifier's kind, '20411723 (ISSN)': the ISSN was read, with a needless note
    # "ISSN text '(ISSN)' is not an ISSN". Every other fact is read, or said not kept.
    from conftest import run_cli

    (tmp_path / "scopus.ris").write_text(SCOPUS_RECORD, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "scopus.ris")
    assert code == 0
    assert json.loads(out) == {
        "id": "wilson2024global",
        "type": "article-journal",
        "genre": "Article",
        "title": "Global latitudinal gradients and the evolution of body size in dinosaurs and mammals",
        "authors": [{"family": "Wilson", "given": "L.N."}, {"family": "Gardner", "given": "J.D."}],
        "journal": {"title": "Nature Communications", "abbreviation_iso": "Nat. Commun.", "issn_print": "2041-1723"},
        "publisher": "Nature Research",
        "issued": {"year": 2024},
        "volume": "15",
        "issue": "1",
        "pages": {"article_number": "2864"},
        "identifiers": {"doi": "10.1038/s41467-024-46843-2", "pmid": "38580657"},
        "keywords": ["Animals", "body size"],
        "language": "en",
        "abstract": "Global climate patterns fundamentally shape the distribution of species. \u00a9 The Author(s) 2024.",
    }
    lines = SCOPUS_RECORD.split("\n")
    path = tmp_path / "scopus.ris"
    notes = [w.removeprefix("nenbib: warning: ") for w in err.splitlines()]
    assert [n.split(": ")[1] for n in notes] == [f"line {i}" for i in (12, 18, 23, 11, 22)]
    assert notes[0].startswith(f"{path}: line 12: 1 AD line for 2 authors")
    assert notes[1] == f"{path}: line 18: C2 '38580657' read as the PMID 38580657: {SCOPUS_WHY}"
    assert notes[2] == f"{path}: line 23: N1 {lines[22][6:66]!r}: not kept: records have no place for it"
    assert notes[3].startswith(f"{path}: line 11: UR ") and notes[3].endswith(_values.LINK_NOT_KEPT)
    assert notes[4] == f"{path}: line 22: DB 'Scopus': not kept: records have no place for it"


@pytest.mark.parametrize(
    ("sn", "issns", "notes"),
    [
        ("20411723 (ISSN)", {"issn_print": "2041-1723"}, []),
        ("2041-1723 (issn)", {"issn_print": "2041-1723"}, []),
        # Scopus joins a book series' identifiers with '; ': the ISBN is a fact the record has no place for.
        (
            "03029743 (ISSN); 978-303058594-5 (ISBN)",
            {"issn_print": "0302-9743"},
            ["line 6: SN ISBN '978-303058594-5': not kept: records have no place for it"],
        ),
        # The mark of a text that is no ISSN does not hide it.
        ("2041172 (ISSN)", {}, ["line 6: ISSN text '2041172 (ISSN)' is not an ISSN; left out"]),
    ],
)
def test_scopus_s_issn_mark_is_read_silently_and_an_isbn_noted(sn, issns, notes):
    result = ris.read(one_record([*BASE, f"SN  - {sn}", "ER  - "]), "s.ris")
    assert result.records[0]["journal"] == {"title": "J", **issns}
    assert result.warnings == [f"s.ris: {note}" for note in notes]


MYHRVOLD = [  # the genuine Scopus baseline's record of 10.1371/journal.pone.0298957: 7 authors, 7 AD lines
    "Myhrvold, N.P.",
    "Baumgart, S.L.",
    "Vidal, D.",
    "Fish, F.E.",
    "Henderson, D.M.",
    "Saitta, E.T.",
    "Sereno, P.C.",
]
MYHRVOLD_AD = [
    "Intellectual Ventures, Bellevue, WA, United States",
    "Department of Organismal Biology and Anatomy, University of Chicago, Chicago, IL, United States",
    "Department of Physiological Sciences, College of Veterinary Medicine, University of Florida, Gainesville, FL, United States",
    "Facultad de Ciencias, Departamento de F\u00edsica Matem\u00e1tica y de Fluidos, Grupo de Biolog\u00eda Evolutiva, UNED, "
    "Madrid, Madrid, Spain",
    "Department of Biology, West Chester University, West Chester, PA, United States",
    "Royal Tyrrell Museum of Palaeontology, Drumheller, AB, Canada",
    "Committee on Evolutionary Biology, University of Chicago, Chicago, IL, United States",
]


def test_scopus_s_addresses_are_the_record_s_not_one_per_author(tmp_path, capsys):
    # Scopus's AD lines are the record's affiliations, each once, in order of first mention (its 'Affiliations'),
    # not EndNote's one line per author: where their count matched the authors' by chance they were paired, and
    # F.E. Fish (West Chester, the 5th line) was given UNED Madrid, D.M. Henderson (Royal Tyrrell Museum, the 6th)
    # West Chester; P.C. Sereno has two (the 2nd and 7th). Left out with a note, as any count that does not match.
    from conftest import run_cli

    head = ["TY  - JOUR", "TI  - Diving dinosaurs?", "T2  - PLoS ONE", "PY  - 2024"]
    lines = [*head, *(f"AU  - {a}" for a in MYHRVOLD), *(f"AD  - {a}" for a in MYHRVOLD_AD), "DB  - Scopus", "ER  -"]
    (tmp_path / "s.ris").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "s.ris")
    record = json.loads(out)
    assert code == 0 and "affiliations" not in record
    assert all("affiliations" not in a for a in record["authors"])
    assert f"{tmp_path / 's.ris'}: line 12: 7 AD lines for 7 authors: Scopus's export lists the record's" in err
    # Without Scopus's mark, one line per author is EndNote's Author Address, and read so.
    result = ris.read(one_record([*head, "AU  - A, B", "AU  - C, D", "AD  - X", "AD  - Y", "ER  - "]), "e.ris")
    assert [a["affiliations"] for a in result.records[0]["authors"]] == [["aff1"], ["aff2"]]
    # One author's addresses are theirs, Scopus's too.
    scopus = ris.read(one_record([*head, "AU  - A, B", "AD  - X", "AD  - Y", "DB  - Scopus", "ER  - "]), "s.ris")
    assert scopus.records[0]["authors"][0]["affiliations"] == ["aff1", "aff2"]


def test_an_escaped_doi_in_m3_is_read_as_do_s_is(tmp_path, capsys):
    # EndNote puts the DOI in M3, and Zotero's RIS.js reads M3 as HTML as it reads DO (every tag but N1, RN and AB):
    # M3's SICI DOI was kept as written, '&lt;' and all, where DO's was read as the DOI it escapes.
    from zotero_ris import read as zotero_read

    from conftest import run_cli

    text = one_record([*BASE, f"M3  - {SICI_ESCAPED}", "ER  - "])
    (tmp_path / "x.ris").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "x.ris")
    assert code == 0 and json.loads(out)["identifiers"] == {"doi": SICI}
    assert err.count("warning") == 1 and f"line 6: {DO_NOTE.replace('DO:', 'M3:', 1).format(LT_GT)}" in err
    assert zotero_read(text)[0]["DOI"] == SICI
    # Beside DO's, the same DOI escaped or not is no other DOI.
    both = ris.read(one_record([*BASE, f"DO  - {SICI}", f"M3  - {SICI_ESCAPED}", "ER  - "]), "b.ris")
    assert both.records[0]["identifiers"] == {"doi": SICI} and "differs" not in " ".join(both.warnings)


@pytest.mark.parametrize("tag", ["UR", "L2", "L3", "L4"])
def test_an_escaped_doi_link_beside_the_decoded_do_is_the_record_s_own(tag, tmp_path, capsys):
    # An HTML exporter escapes the DOI's link as it escapes DO: its link 'https://doi.org/10.1002/(SICI)...&lt;481...'
    # beside DO's decoded DOI was noted as naming another DOI (UR) or as another record's link (L3, L4).
    from conftest import run_cli

    text = one_record([*BASE, f"DO  - {SICI_ESCAPED}", f"{tag}  - https://doi.org/{SICI_ESCAPED}", "ER  - "])
    (tmp_path / "x.ris").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", tmp_path / "x.ris")
    assert code == 0 and json.loads(out)["identifiers"] == {"doi": SICI}
    assert err.count("warning") == 1 and f"line 6: {DO_NOTE.format(LT_GT)}" in err


def test_an_escaped_doi_link_is_read_as_do_is():
    # Without DO, the link's DOI is read as DO's would be, with its note; another DOI's escaped link is still another's.
    result = ris.read(one_record([*BASE, f"UR  - https://doi.org/{SICI_ESCAPED}", "ER  - "]), "u.ris")
    assert result.records[0]["identifiers"] == {"doi": SICI}
    assert result.warnings == [f"u.ris: line 6: {DO_NOTE.replace('DO:', 'UR:', 1).format(LT_GT)}"]
    link = "https://doi.org/10.1002/(SICI)1&lt;2&gt;3"
    other = ris.read(one_record([*BASE, f"DO  - {SICI}", f"UR  - {link}", "ER  - "]), "o.ris")
    assert other.records[0]["identifiers"] == {"doi": SICI}
    assert other.warnings == [f"o.ris: line 7: UR {link!r} links the DOI 10.1002/(SICI)1<2>3, not the record's {SICI}; not kept"]
