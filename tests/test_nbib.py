"""MEDLINE/.nbib: judged by the `nbib` package (a reader of PubMed's own export) and a strict line parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nenbib
from nenbib.formats import nbib as fmt
from nenbib.model import Person
from nenbib.records import iter_records, to_record

from conftest import RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,2}- (\S.*)$")


def lines_of(text: str) -> list[tuple[str, list[str]]]:
    """(tag, [value lines]) for every field; fails on any line that is neither a tag nor a continuation."""
    fields: list[tuple[str, list[str]]] = []
    for line in text.split("\n")[:-1]:
        if line.startswith("      "):
            assert fields, "a continuation line before any tag"
            assert line[6] != " ", repr(line)
            fields[-1][1].append(line[6:])
        elif line == "":
            fields.append(("", []))
        else:
            m = TAG_LINE.match(line)
            assert m and len(line.split("- ", 1)[0]) == 4, f"bad tag line {line!r}"
            fields.append((m.group(1), [m.group(2)]))
    for _, values in fields:
        # Every line of a wrapped value but the last ends in exactly one space.
        assert all(v.endswith(" ") and not v.endswith("  ") for v in values[:-1]), values
        assert not values or not values[-1].endswith(" "), values
    return fields


@pytest.mark.parametrize(
    ("genre", "review"),
    [
        ("mini-review", True),
        ("Review", True),
        ("Systematic Review", True),
        ("Systematic review and meta-analysis", True),
        ("review article", True),
        ("state-of-the-art review", True),
        ("Book Review", False),  # a review of a book is no review article: PT Review would be a false fact
        ("peer review", False),
        ("original article", False),
        ("preview", False),
        ("letter in review of", False),
    ],
)
def test_pt_review_only_for_a_review_article(record_dict, genre, review):
    r = to_record({**record_dict, "genre": genre}, "<genre>")
    pts = [v[0] for t, v in lines_of(nenbib.export(r, "nbib")) if t == "PT"]
    assert pts == (["Journal Article", "Review"] if review else ["Journal Article"])


def test_shipped_record_as_pubmed_writes_it(record):
    text = nenbib.export(record, "nbib")
    assert text.endswith("\n") and "\r" not in text
    fields = lines_of(text)
    tags = [t for t, _ in fields]
    one = {t: " ".join(v) for t, v in fields}
    assert "PMID" not in tags, "the record has no PMID: none may be invented"
    assert tags[:2] == ["IS", "IS"]
    assert [" ".join(v) for t, v in fields if t == "IS"] == ["1389-4501 (Print)", "1873-5592 (Electronic)"]
    assert [t for t in tags if t in ("FAU", "AU", "AD")] == ["FAU", "AU", "AD", "FAU", "AU", "AD"]
    assert [v[0] for t, v in fields if t == "FAU"] == ["Ohmoto, Akihiro", "Morizane, Chigusa"]
    assert [v[0] for t, v in fields if t == "AU"] == ["Ohmoto A", "Morizane C"]
    assert one["LA"] == "eng" and one["TA"] == "Curr Drug Targets" and one["JT"] == "Current Drug Targets"
    assert [v[0] for t, v in fields if t == "PT"] == ["Journal Article", "Review"]
    assert (one["VI"], one["IP"], one["PG"], one["DP"]) == ("21", "4", "389-405", "2020")
    assert one["LID"] == "10.2174/1389450119666191014105211 [doi]"
    assert [v[0] for t, v in fields if t == "OT"] == list(record.keywords)
    # PubMed's order: IS VI IP DP TI PG LID AB FAU AU AD LA PT TA JT OTO OT AID SO.
    order = ["IS", "VI", "IP", "DP", "TI", "PG", "LID", "AB", "FAU", "AU", "AD", "LA", "PT", "TA", "JT", "OTO", "OT", "AID", "SO"]
    assert sorted(set(tags), key=tags.index) == order


def test_wrapping_matches_pubmed(record):
    text = nenbib.export(record, "nbib")
    raw = text.split("\n")
    for i, line in enumerate(raw[:-1]):
        wrapped = raw[i + 1].startswith("      ")
        # A wrapped line keeps one trailing space and is at most 88 characters with it (PubMed's export).
        assert line.endswith(" ") == wrapped, repr(line)
        assert len(line) <= 88, repr(line)
        if wrapped:
            next_word = raw[i + 1][6:].split(" ")[0]
            assert len(line.rstrip(" ")) - 6 + 1 + len(next_word) > fmt.TEXT_WIDTH, "wrapped too early"
    abstract = [v for t, v in lines_of(text) if t == "AB"][0]
    assert len(abstract) > 10 and " ".join(x.rstrip(" ") for x in abstract) == record.abstract


def test_wrap_keeps_a_long_word_whole_and_space_runs_exact():
    long = "x" * 100
    assert fmt.wrap(f"a {long} b") == ["a", long, "b"]
    value = ("word " * 30) + " two  spaces"
    assert " ".join(fmt.wrap(value)) == value


@pytest.mark.parametrize("path", [RECORD_PATH, *HARD], ids=lambda p: p.stem)
def test_independent_reader_reads_the_facts(path):
    import nbib as nbib_reader  # the test extra's: its absence is a failure, not a skip

    r = next(iter_records([str(path)]))
    [got] = nbib_reader.read(nenbib.export(r, "nbib"))
    assert got["title"] == r.title
    persons = [a for a in r.authors if isinstance(a, Person)]
    assert [a["last_name"] for a in got["authors"] if "last_name" in a] == [p.family_full for p in persons]
    assert got.get("doi") == r.identifiers.doi
    assert got.get("journal") == r.journal.title
    assert got.get("journal_abbreviated") == r.journal.abbreviation_nlm
    assert got.get("print_issn") == r.journal.issn_print
    assert got.get("electronic_issn") == r.journal.issn_electronic
    assert got.get("journal_volume") == r.volume
    assert got.get("journal_issue") == r.issue
    assert got.get("pages") == (r.pages.range("-") if r.pages else None)
    assert got.get("keywords", []) == list(r.keywords)
    assert str(got.get("pubmed_id") or "") == (r.identifiers.pmid or "")
    if r.abstract:
        assert got["abstract"] == " ".join(r.abstract.splitlines())
    # The nbib package does not know CN (a group author), so it gives a group's AD to the person before it.
    groups = {i for i, a in enumerate(r.authors) if not isinstance(a, Person) and a.affiliations}
    at = [i for i, a in enumerate(r.authors) if isinstance(a, Person)]
    got_persons = [a for a in got["authors"] if "last_name" in a]
    checked = 0
    for i, g in zip(at, got_persons, strict=True):
        if i + 1 not in groups:
            assert g.get("affiliations", []) == [aff.printed for aff in r.affiliations_of(r.authors[i])]
            checked += 1
    assert checked >= len(at) - len(groups)


def test_reader_round_trip_of_the_shipped_record(record):
    result = fmt.read(nenbib.export(record, "nbib"), "<nbib>")
    assert result.warnings == []
    back = to_record(result.records[0], "<nbib>")
    assert back.id == "ohmoto2020genomic"
    assert back.title == record.title and back.abstract == record.abstract
    assert back.pages == record.pages and back.issued == record.issued
    assert back.journal.title == record.journal.title and back.genre == "review"
    assert [aff.printed for aff in back.affiliations] == [aff.printed for aff in record.affiliations]


def test_reader_handles_pubmed_records_it_did_not_write():
    text = (
        "PMID- 18279234\nOWN - NLM\nIS  - 0022-1198 (Print)\nIS  - 0022-1198 (Linking)\nVI  - 53\nIP  - 1\n"
        "DP  - 2008 Jan\nTI  - Demographic change and forensic identification: problems in metric \n"
        "      identification of Hispanic skeletons.\nPG  - 21-8\nLID - 10.1111/j.1556-4029.2007.00614.x [doi]\n"
        "AU  - Spradley MK\nFAU - van Dijk, Anna\nAU  - van Dijk A\nLA  - xxx\nJT  - Journal of forensic sciences\n"
        "garbage line\n\nPMID- 2\nTI  - Second.\nDP  - 2001\nCN  - Some Group\nTA  - J Abbr\n"
    )
    result = fmt.read(text, "x.nbib")
    first, second = result.records
    assert first["pages"] == {"first": 21, "last": 28, "count": 8}
    assert first["issued"] == {"year": 2008, "month": 1}
    assert first["authors"] == [{"family": "Spradley", "given": "MK"}, {"family": "Dijk", "given": "Anna", "particle": "van"}]
    assert first["journal"]["issn_print"] == "0022-1198"
    assert second["authors"] == [{"name": "Some Group"}] and second["journal"]["title"] == "J Abbr"
    assert sorted(w.split(":")[1] for w in result.warnings) == [" line 15", " line 17"]
    assert fmt.sniff(text) and not fmt.sniff("@article{x,")
    to_record(first, "x.nbib")


MDPI = (
    "PMID- 33167421\nIS  - 1422-0067 (Electronic)\nVI  - 21\nIP  - 21\nDP  - 2020 Nov 5\nTI  - T.\n"
    "LID - 8304 [pii]\nLID - 10.3390/ijms21218304 [doi]\nFAU - Doe, Jane\nAU  - Doe J\nJT  - J\n"
    "AID - ijms21218304 [pii]\nAID - 10.3390/ijms21218304 [doi]\n"
)
LID_PII_NOTE = (
    "x.nbib: line 7: LID: {!r} [pii], with no PG, read as the article number: PubMed gives the publisher item "
    "identifier as the location of an article without pages, and this one has an article number's shape"
)


@pytest.mark.parametrize("pii", ["8304", "E164", "e1003", "eaav1282"])
def test_a_lid_pii_without_pg_shaped_as_an_article_number_is_the_article_number(pii):
    # MDPI's articles in PubMed have no PG: the article number is in LID alone, as a pii (MDPI's older
    # ones 'E164', Science's 'eaav1282'). It was named as a tag not kept and the article number lost.
    result = fmt.read(MDPI.replace("LID - 8304", f"LID - {pii}"), "x.nbib")
    [rec] = result.records
    assert rec["pages"] == {"article_number": pii}
    # The AID's pii ('ijms21218304') is LinkOut's, another identifier: still named as not kept.
    assert result.warnings == [LID_PII_NOTE.format(pii), "x.nbib: line 12: not kept, the record has no place for them: AID"]
    to_record(rec, "x.nbib")
    # An AID pii that is the article number read is no news.
    result = fmt.read(MDPI.replace("LID - 8304", f"LID - {pii}").replace("AID - ijms21218304", f"AID - {pii}"), "x.nbib")
    assert result.warnings == [LID_PII_NOTE.format(pii)]


@pytest.mark.parametrize("pii", ["S0092-8674(19)30846-3", "bmj.b5479", "2761044", "CDT-EPUB-101467"])
def test_a_lid_pii_not_shaped_as_an_article_number_is_left_out_saying_why(pii):
    # Elsevier's pii of an article ahead of print, the BMJ's, JAMA's seven digits: the publisher's own
    # identifiers, not the article's number.
    result = fmt.read(MDPI.replace("LID - 8304", f"LID - {pii}"), "x.nbib")
    [rec] = result.records
    assert "pages" not in rec
    assert result.warnings == [
        f"x.nbib: line 7: LID: {pii!r} [pii] left out: a publisher item identifier, which the record has no place "
        "for; PubMed gives it where there are no pages (PG), but it is not shaped as an article number ('8304', "
        "'e1003'), so it is not read as one",
        "x.nbib: line 12: not kept, the record has no place for them: AID",
    ]


def test_a_pg_of_one_number_is_the_first_page_as_every_reader_reads_one_page():
    # NLM's indexing manual (10.2.2): a pagination element "can be a single page (34)". An e-only journal's
    # article number in PG ('PG - 102968') cannot be told from one page: read as the first page, without a
    # note, as RIS's SP without EP, CSL-JSON's page and BibTeX's pages read the same number.
    from nenbib.formats import FORMATS

    result = fmt.read(MDPI.replace("LID - 8304 [pii]\n", "PG  - 8304\n"), "x.nbib")
    assert result.records[0]["pages"] == {"first": 8304}
    assert result.warnings == ["x.nbib: line 12: not kept, the record has no place for them: AID"]
    others = {
        "ris": "TY  - JOUR\r\nTI  - T\r\nAU  - Doe, Jane\r\nT2  - J\r\nPY  - 2020\r\nSP  - 8304\r\nER  - \r\n",
        "csl-json": '[{"id": "x", "type": "article-journal", "title": "T", "container-title": "J", '
        '"issued": {"date-parts": [[2020]]}, "page": "8304"}]',
        "bibtex": "@article{x, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2020}, pages = {8304}}\n",
    }
    for name, text in others.items():
        other = FORMATS[name].load().read(text, "x")
        assert other.records[0]["pages"] == {"first": 8304} and other.warnings == [], name


def test_a_lid_pii_beside_pg_is_not_the_article_number():
    # With PG the article has pages (or PG holds its number): the pii is the publisher's identifier, named
    # as not kept unless it says what PG does (PLOS: 'PG - e1006632', 'LID - e1006632 [pii]').
    result = fmt.read(MDPI.replace("TI  - T.\n", "TI  - T.\nPG  - 1-10\n"), "x.nbib")
    assert result.records[0]["pages"] == {"first": 1, "last": 10, "count": 10}
    assert result.warnings == ["x.nbib: line 8: not kept, the record has no place for them: LID, AID"]
    result = fmt.read(MDPI.replace("TI  - T.\n", "TI  - T.\nPG  - e8304\n").replace("8304 [pii]", "e8304 [pii]"), "x.nbib")
    assert result.records[0]["pages"] == {"article_number": "e8304"}
    assert result.warnings == ["x.nbib: line 13: not kept, the record has no place for them: AID"]


def test_tags_not_kept_are_named_once_a_record_and_bookkeeping_is_not():
    # MeSH headings, grants, the electronic date and a publication type such as 'Retracted
    # Publication' are facts the record has no place for: one note names them (--strict refuses),
    # where they went without a word; PubMed's processing tags (OWN, STAT, dates) are not facts.
    text = (
        "PMID- 31611786\nOWN - NLM\nSTAT- MEDLINE\nDCOM- 20200914\nLR  - 20200914\nIS  - 1873-5592 (Electronic)\n"
        "VI  - 21\nIP  - 4\nDP  - 2020\nTI  - A title.\nPG  - 389-405\nLID - 10.2174/x [doi]\n"
        "LID - CDT-EPUB-101467 [pii]\nFAU - Ohmoto, Akihiro\nAU  - Ohmoto A\nLA  - eng\nGR  - 123/AB/CD\n"
        "PT  - Journal Article\nPT  - Review\nPT  - Retracted Publication\nDEP - 20191014\nPL  - United Arab Emirates\n"
        "TA  - Curr Drug Targets\nJT  - Current drug targets\nJID - 100960531\nSB  - IM\nMH  - Humans\n"
        "MH  - *Neuroendocrine Tumors/genetics\nOTO - NOTNLM\nOT  - NEN\nEDAT- 2019/10/16 06:00\nPMCR- 2020/10/14\n"
        "PST - ppublish\n"
        "SO  - Curr Drug Targets. 2020;21(4):389-405.\n"
    )
    result = fmt.read(text, "p.nbib")
    assert result.warnings == [
        "p.nbib: line 13: not kept, the record has no place for them: LID, GR, PT 'Retracted Publication', DEP, PL, MH (2 lines)"
    ]
    (rec,) = result.records
    assert rec["genre"] == "review" and rec["identifiers"] == {"pmid": "31611786", "doi": "10.2174/x"}


def test_several_records_are_separated_by_a_blank_line():
    records = list(iter_records([str(RECORD_PATH), *map(str, HARD)]))
    text = nenbib.export(records, "nbib")
    assert text.count("\n\n") == len(records) - 1
    assert [r["title"] for r in fmt.read(text, "x").records] == [r.title for r in records]


def test_a_run_of_spaces_never_makes_a_blank_line(record):
    import dataclasses

    # A line of spaces alone is read (by PubMed's readers and ours) as the blank line that ends a
    # record: a value with a long run of spaces became three records.
    title = "A" + " " * 200 + "B"
    r = dataclasses.replace(record, title=title, abstract="One.\n" + "\n" * 200 + "Two.")
    text = nenbib.export(r, "nbib")
    assert all(line.strip() for line in text.split("\n")[:-1])
    result = fmt.read(text, "x.nbib")
    [back] = result.records
    assert back["title"] == title and back["abstract"] == " ".join(r.abstract.splitlines()) and result.warnings == []


def test_pmid_starts_a_record_without_a_blank_line_and_a_repeat_keeps_the_first():
    # Two PubMed downloads joined with cat: the second record's tags overwrote the first's (one record).
    text = "PMID- 1\nTI  - First.\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\nLA  - eng\nLA  - ger\n"
    text += "PMID- 2\nTI  - Second.\nTI  - Again.\nFAU - Roe, Rick\nJT  - K\nDP  - 2021\n"
    result = fmt.read(text, "x.nbib")
    first, second = result.records
    assert (first["title"], first["identifiers"], first["language"], [a["family"] for a in first["authors"]]) == (
        "First.",
        {"pmid": "1"},
        "en",
        ["Doe"],
    )
    assert (second["title"], second["identifiers"], second["journal"]) == ("Second.", {"pmid": "2"}, {"title": "K"})
    assert result.warnings == [
        "x.nbib: line 7: LA: a further language 'ger' left out: the record holds one, the first",
        "x.nbib: line 10: TI: repeats 'Again.' left out: the record holds one, the first",
    ]


@pytest.mark.parametrize(
    "dp, issued, note",
    [
        ("2020 Mar 15", {"year": 2020, "month": 3, "day": 15}, None),
        ("2020 March", {"year": 2020, "month": 3}, None),
        ("2020 Mar-Apr", {"year": 2020, "month": 3}, "read as 2020-03"),
        ("2019 Winter", {"year": 2019}, "read as 2019"),
        ("2020 Mar 15-21", {"year": 2020, "month": 3}, "read as 2020-03"),
    ],
)
def test_a_date_range_or_season_is_read_with_a_note(dp, issued, note):
    # PubMed's DP holds month ranges and seasons; '2020 Mar-Apr' was read as March without a word.
    result = fmt.read(f"PMID- 1\nTI  - T.\nFAU - Doe, Jane\nJT  - J\nDP  - {dp}\n", "x.nbib")
    assert result.records[0]["issued"] == issued
    assert result.warnings == (
        [f"x.nbib: line 5: DP: date {dp!r} {note}; a record's date holds no range or season"] if note else []
    )


def test_a_language_outside_the_table_is_left_out_not_called_undetermined(record):
    import dataclasses

    # 'LA - und' is MEDLINE's "undetermined": it was written for Norwegian Bokmål (nb), Klingon, ...
    for language in ("nb", "tlh"):
        text = nenbib.export(dataclasses.replace(record, language=language), "nbib")
        assert "\nLA  -" not in text
    result = fmt.read("PMID- 1\nTI  - T.\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\nLA  - und\n", "x.nbib")
    assert "language" not in result.records[0] and result.warnings == []


DATA = Path(__file__).parent / "data" / "nbib"  # real records; tests/data/nbib/README.md names their sources


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85", "\x0c"])
def test_a_unicode_line_break_in_a_value_is_a_space_not_a_new_line(brk):
    # str.splitlines broke the value there: its rest was skipped as no tag line, and every later line
    # number (of the warnings and of an import error naming the entry) was one too many.
    text = f"PMID- 1\nTI  - One{brk}title.\nAB  - An{brk}abstract.\nFAU - Doe, Jane\nDP  - 2020\nJT  - J\n\n"
    text += "PMID- 2\nTI  - Two.\nFAU - Roe, Rick\nDP  - 2021\nJT  - J\nXX  - x\n"
    result = fmt.read(text, "x.nbib")
    first, _ = result.records
    assert (first["title"], first["abstract"]) == ("One title.", "An abstract.")
    assert result.places == ["line 1", "line 8"]
    assert result.warnings == ["x.nbib: line 13: not kept, the record has no place for them: XX"]


@pytest.mark.parametrize("first_has_pmid", [True, False])
def test_pmc_records_joined_without_a_blank_line_keep_their_own_pmcid(first_has_pmid):
    # PMC's export writes 'PMC - ' before 'PMID- '. Joined without a blank line, the second record's
    # PMC line was the first record's: a first without PMCID got the second article's, and the
    # second lost its own; a first without PMID (a hand-made file) was one record with the second,
    # holding the title of one article and the PMID and PMCID of the other.
    first, second = (DATA / "pmc-medlars.nbib").read_text(encoding="utf-8").strip("\n").split("\n\n")
    first = "\n".join(ln for ln in first.split("\n") if not ln.startswith(("PMC ", "PMID" if not first_has_pmid else "-")))
    result = fmt.read(first + "\n" + second + "\n", "p.nbib")
    one, two = result.records
    assert "pmcid" not in one.get("identifiers", {}) and ("pmid" in one.get("identifiers", {})) == first_has_pmid
    assert one["title"].startswith("A method package") and two["title"].startswith("Role of gender")
    assert two["identifiers"] == {"pmcid": "PMC6088416", "pmid": "30123504", "doi": "10.1186/s40337-018-0207-1"}
    assert not any("repeats" in w for w in result.warnings), result.warnings


def test_pmc_export_pmc_line_empty_abstract_and_bare_lid():
    # PMC's MEDLINE export (holub008/nbib tests/resources/pmc_medlars.txt) writes 'PMC - ' before
    # 'PMID- ': the PMC line alone was read as a record (an id-less, title-less one that failed the
    # file) and the article lost its PMCID. Its 'AB  - ' is empty (the abstract stays with the
    # publisher): it was read as an empty abstract, which no record may have. 'LID - 18' is the
    # article number, given without its kind: it was named as a tag not kept.
    result = fmt.read((DATA / "pmc-medlars.nbib").read_text(encoding="utf-8"), "p.nbib")
    first, second = result.records
    assert first["identifiers"] == {"pmcid": "PMC6055010", "pmid": "30042925", "doi": "10.1016/j.mex.2018.03.007"}
    assert "abstract" not in first and first["pages"] == {"first": 283, "last": 298, "count": 16}
    assert second["identifiers"]["pmcid"] == "PMC6088416" and second["pages"] == {"article_number": "18"}
    assert second["authors"][0]["orcid"] == "0000-0001-6664-9126"
    assert "p.nbib: line 34: LID: '18', given without its kind (PMC's export writes the article number so), " in (
        "\n".join(result.warnings)
    )
    for rec in result.records:
        to_record(rec, "p.nbib")


def test_a_bare_lid_beside_pg_is_the_article_number_and_pg_is_noted():
    # The article number wins over pages in every reader (RIS's C7, CSL's article-number, EndNote's
    # custom7, BibTeX's eid). PG was kept and the LID named as a tag the record has no place for,
    # though a record holds an article number.
    text = "PMID- 1\nTI  - T.\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\nPG  - 1-9\nLID - 18\n"
    result = fmt.read(text, "x.nbib")
    assert result.records[0]["pages"] == {"article_number": "18", "count": 9}
    assert result.warnings == [
        "x.nbib: line 6: PG: '1-9' left out but for its length: the record holds the article number '18' (LID) in place "
        "of pages, and the range's 9 pages as its page count",
        "x.nbib: line 7: LID: '18', given without its kind (PMC's export writes the article number so), read as the "
        "article number",
    ]
    # PG saying the same number is no news; how PG's pages left out read is none either ('389-5').
    for pg in ("18", "389-5"):
        result = fmt.read(text.replace("1-9", pg), "x.nbib")
        assert result.records[0]["pages"] == {"article_number": "18"}
        assert len(result.warnings) == 1 + (pg != "18"), result.warnings


def test_et_al_is_no_author_and_a_book_chapter_is_left_out():
    # Two records of Zotero's MEDLINE/nbib import tests: PMID 8402898 (1993) ends its author list
    # with 'AU  - et al.', which was read as an author with family name 'et' and given name 'al.';
    # PMID 21249755 is a Bookshelf chapter (PT Book Chapter, BTI, no journal), which was read as
    # an article without a journal and failed the whole file.
    result = fmt.read((DATA / "pubmed-et-al-and-book-chapter.nbib").read_text(encoding="utf-8"), "z.nbib")
    (article,) = result.records
    assert [a["family"] for a in article["authors"]] == ["Gout", "Dhand", "Booker"]
    assert result.warnings[0] == "z.nbib: line 18: AU: 'et al.': the further authors are not named; left out"
    assert result.warnings[-1] == "z.nbib: line 44: PT 'Book Chapter': a book or a chapter is not a journal article; left out"
    to_record(article, "z.nbib")


def test_a_book_is_left_out_by_its_book_title_too():
    text = "PMID- 1\nTI  - Chapter.\nBTI - A Book\nFAU - Doe, Jane\nDP  - 2020\n\n"
    text += "PMID- 2\nTI  - T.\nFAU - Roe, R\nJT  - J\nDP  - 2020\n"
    result = fmt.read(text, "x.nbib")
    assert [r["identifiers"]["pmid"] for r in result.records] == ["2"]
    assert result.warnings == ["x.nbib: line 3: BTI (a book's title): a book or a chapter is not a journal article; left out"]


def test_an_investigators_orcid_and_address_are_not_the_last_authors():
    # PubMed lists a group's investigators (IR/FIR, not authors of the article) after the authors,
    # each with their own AUID; an AUID after FIR was given to the last author, an ORCID not theirs.
    text = (
        "PMID- 1\nTI  - T.\nFAU - Doe, Jane\nAU  - Doe J\nAUID- ORCID: 0000-0002-1825-0097\nCN  - Trial Group\n"
        "JT  - J\nDP  - 2020\nIR  - Roe R\nFIR - Roe, Rick\nAUID- ORCID: 0000-0001-5109-3700\nAD  - Somewhere.\n"
        "IRAD- Elsewhere.\n"
    )
    result = fmt.read(text, "x.nbib")
    (rec,) = result.records
    assert rec["authors"] == [{"family": "Doe", "given": "Jane", "orcid": "0000-0002-1825-0097"}, {"name": "Trial Group"}]
    assert "affiliations" not in rec
    assert result.warnings == ["x.nbib: line 9: not kept, the record has no place for them: IR, FIR, AUID, AD, IRAD"]


def zotero_detects(text: str) -> bool:
    """Zotero's MEDLINE/nbib translator (zotero/translators MEDLINEnbib.js, 2023) detectImport:
    a 'PMID- ' line among the first five lines that are not blank."""
    lines = [line.lstrip() for line in text.split("\n") if line.strip()]
    return any(line[:6] == "PMID- " or "OWN - ERIC" in line for line in lines[:5])


def zotero_imports(text: str) -> list[dict]:
    """What MEDLINEnbib.js doImport/processTag/finalizeItem make of the text, for the tags nenbib writes."""
    tags_to_fields = {"TI": "title", "VI": "volume", "IP": "issue", "JT": "publicationTitle", "TA": "journalAbbreviation"}
    tags_to_fields.update({"PG": "pages", "LA": "language", "AB": "abstractNote", "DP": "date"})
    items: list[dict] = []

    def process(item: dict, tag: str, value: str) -> None:
        value = value.strip()
        if tag in tags_to_fields:
            item[tags_to_fields[tag]] = value
        elif tag == "FAU":  # Zotero.Utilities.cleanAuthor(value, "author", true): 'last, first'
            last, _, first = value.partition(",")
            item["creators"].append((last.strip(), first.strip()))
        elif tag == "PMID":
            item["extra"] = "PMID: " + value
        elif tag == "PMC":
            item["extra"] = f"{item.get('extra', 'undefined')} \nPMCID: {value}"
        elif tag == "IS":
            item["ISSN"] = (item.get("ISSN", "") + " " + value.split(" ")[0]).strip()
        elif tag == "AID" and "[doi]" in value:
            item["DOI"] = re.sub(r"\s*\[doi\]", "", value)
        elif tag in ("MH", "OT", "KW"):
            item["tags"].append(value)
        # CN, AD, AUID, LID [doi], PT Journal Article/Review, SO: not read (PT sets the type only).

    item: dict = {"creators": [], "tags": []}
    tag, data = None, ""
    for line in text.split("\n"):
        if not line:
            if tag:
                process(item, tag, data)
                tag = None
                items.append(item)
                item = {"creators": [], "tags": []}
        elif re.match(r"^[A-Z0-9]+\s*-", line):
            if tag:
                process(item, tag, data)
            tag, data = re.match(r"^[A-Z0-9]+", line).group(0), line[line.index("-") + 1 :].strip()
        elif tag:
            data += " " + re.sub(r"^\s+", "", line)
    if tag:
        process(item, tag, data)
        items.append(item)
    return items


@pytest.mark.parametrize("path", [RECORD_PATH, *HARD], ids=lambda p: p.stem)
def test_zotero_medline_import_reads_the_facts(path):
    r = next(iter_records([str(path)]))
    text = nenbib.export(r, "nbib")
    # Zotero finds the translator only by a PMID line: a record without one is not imported at all
    # (README says so; no PMID may be invented to please it).
    assert zotero_detects(text) == bool(r.identifiers.pmid)
    [item] = zotero_imports(text)
    assert item["title"] == r.title and item["publicationTitle"] == r.journal.title
    assert item.get("journalAbbreviation") == r.journal.abbreviation_nlm
    assert (item.get("volume"), item.get("issue")) == (r.volume, r.issue)
    assert item.get("DOI") == r.identifiers.doi
    assert item.get("ISSN", "").split() == [i for i in (r.journal.issn_print, r.journal.issn_electronic) if i]
    expected_extra = [f"PMID: {r.identifiers.pmid}"] if r.identifiers.pmid else []
    expected_extra += [f"PMCID: {r.identifiers.pmcid}"] if r.identifiers.pmcid else []
    assert [x.strip() for x in item.get("extra", "").split("\n") if x] == expected_extra
    assert item.get("pages") == (r.pages.range("-") if r.pages else None)
    month = f" {fmt.MONTHS[r.issued.month - 1]}" if r.issued.month else ""
    assert item["date"] == f"{r.issued.year}{month}" + (f" {r.issued.day}" if r.issued.day else "")
    assert item["tags"] == list(r.keywords)
    # Zotero reads no CN: a group author is lost to it (as from PubMed's own files); persons are read
    # as 'family, given suffix', suffix in the first name as Zotero has no place for it.
    persons = [a for a in r.authors if isinstance(a, Person)]
    suffix = [f" {p.suffix.rstrip('.')}" if p.suffix else "" for p in persons]
    assert item["creators"] == [(p.family_full, (p.given or "") + s) for p, s in zip(persons, suffix, strict=True)]
    if r.abstract:
        # Zotero joins a continuation line with a space but keeps the space PubMed (and nenbib)
        # leave at the end of a wrapped line: from the third line on, a wrap reads as two spaces.
        assert " ".join(item["abstractNote"].split()) == " ".join(r.abstract.split())


def test_a_family_name_alone_keeps_its_comma_for_zotero_and_the_nbib_package(record):
    import dataclasses

    import nbib as nbib_reader  # the test extra's: its absence is a failure, not a skip

    # 'FAU - Da Silva' was written for a person with no given name: Zotero's cleanAuthor splits a
    # name without a comma at its last space (given 'Da', family 'Silva'), the nbib package reads
    # no family name from it. 'Da Silva,' is the 'family, given' layout with no given name.
    authors = (Person(family="Da Silva"), Person(family="Berg", particle="van der"), *record.authors)
    r = dataclasses.replace(record, authors=authors, identifiers=dataclasses.replace(record.identifiers, pmid=None))
    text = nenbib.export(r, "nbib")
    assert [v[0] for t, v in lines_of(text) if t == "FAU"][:2] == ["Da Silva,", "van der Berg,"]
    [item] = zotero_imports(text)
    assert item["creators"][:2] == [("Da Silva", ""), ("van der Berg", "")]
    [got] = nbib_reader.read(text)
    assert [a.get("last_name") for a in got["authors"][:2]] == ["Da Silva", "van der Berg"]
    back = to_record(fmt.read(text, "x.nbib").records[0], "x.nbib")
    assert back.authors[:2] == (Person(family="Da Silva"), Person(family="Berg", particle="van der"))


@pytest.mark.parametrize(
    ("lines", "want", "note"),
    [
        ("PMID- 1\nPMC - 6467432\n", {"pmid": "1", "pmcid": "PMC6467432"}, "line 2: PMC: '6467432' is a number without 'PMC'"),
        ("PMID- 1\nPMC - PMCx\n", {"pmid": "1"}, "line 2: PMC: 'PMCx' is no PMCID; left out"),
        ("PMID- abc\n", None, "line 1: PMID: 'abc' is no PMID; left out"),
    ],
)
def test_a_malformed_pmid_or_pmc_line_is_left_out_with_a_note_not_a_failed_file(lines, want, note):
    # Kept unchecked, one record's malformed PMC line failed the whole file's validation.
    result = fmt.read(lines + "TI  - T.\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\n", "x.nbib")
    assert result.records[0].get("identifiers") == want
    assert len(result.warnings) == 1 and result.warnings[0].startswith(f"x.nbib: {note}"), result.warnings
    to_record(result.records[0], "x.nbib")


@pytest.mark.parametrize(
    ("auid", "orcid"),
    [
        ("0000000218250097", "0000-0002-1825-0097"),  # PubMed's records without hyphens
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("orcid.org/000000021694233x", "0000-0002-1694-233X"),
        ("0000-0002-1825-0098", None),  # a wrong check digit
        ("0000-0002-1825", None),
    ],
)
def test_an_orcid_is_read_hyphenated_or_left_out_with_a_note(auid, orcid):
    # Unhyphenated or wrong, the ORCID failed the whole file's validation (exit 1).
    text = f"PMID- 1\nTI  - T.\nFAU - Doe, Jane\nAU  - Doe J\nAUID- ORCID: {auid}\nJT  - J\nDP  - 2020\n"
    result = fmt.read(text, "x.nbib")
    (rec,) = result.records
    assert rec["authors"][0].get("orcid") == orcid
    to_record(rec, "x.nbib")
    if orcid is None:
        assert result.warnings == [f"x.nbib: line 5: AUID: ORCID {auid!r} is no valid ORCID iD; left out"]
    else:
        assert result.warnings == []


@pytest.mark.parametrize(
    ("lines", "doi", "note"),
    [
        ("LID - doi:10.1000/x [doi]", "10.1000/x", None),
        ("LID - 10.1000/x y [doi]", "10.1000/x", "line 6: LID: '10.1000/x y' read as the DOI 10.1000/x"),
        ("LID - pending [doi]", None, "line 6: LID: 'pending' is not a DOI; left out"),
        ("LID - 10.1000/X [doi]\nAID - 10.1000/x [doi]", "10.1000/X", None),
        ("LID - 10.1000/x [doi]\nAID - 10.1000/y [doi]", "10.1000/x", "line 7: AID: a further DOI 10.1000/y left out"),
    ],
)
def test_a_doi_is_read_as_every_reader_reads_one(lines, doi, note):
    # A malformed '[doi]' failed the whole file's validation; a second, other DOI was dropped without a word.
    text = f"PMID- 1\nTI  - T.\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\n{lines}\n"
    result = fmt.read(text, "x.nbib")
    (rec,) = result.records
    assert rec["identifiers"].get("doi") == doi
    to_record(rec, "x.nbib")
    assert len(result.warnings) == (note is not None)
    assert note is None or result.warnings[0].startswith(f"x.nbib: {note}")


def test_full_names_all_before_the_short_ones_are_one_author_each():
    # FAU, FAU, AU, AU (a tool's MEDLINE export, not PubMed's pairs): the second AU was read as a
    # third author, 'Roe R', beside 'Roe, Rick'.
    text = "PMID- 1\nTI  - T.\nFAU - Doe, Jane\nFAU - Roe, Rick\nAU  - Doe J\nAU  - Roe R\nJT  - J\nDP  - 2020\n"
    (rec,) = fmt.read(text, "x.nbib").records
    assert rec["authors"] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Rick"}]
    # PubMed's pairs, and AU alone (records before 2002), read as before.
    text = "PMID- 1\nTI  - T.\nFAU - Doe, Jane\nAU  - Doe J\nAU  - Roe R\nJT  - J\nDP  - 2020\n"
    (rec,) = fmt.read(text, "x.nbib").records
    assert rec["authors"] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "R"}]


def test_white_space_ending_lines_is_no_part_of_the_values(record):
    # An editor's or a mail's trailing spaces: 'eng  ' was no language, the '[doi]' LID no DOI, and the
    # title, journal and addresses failed the whole file's validation.
    text = fmt.record_text(record)
    spaced = "".join(line + "   \n" for line in text.splitlines())
    result, plain = fmt.read(spaced, "x.nbib"), fmt.read(text, "x.nbib")
    assert result.warnings == plain.warnings
    back, want = to_record(result.records[0], "x.nbib"), to_record(plain.records[0], "x.nbib")  # valid: no value ends in a space
    assert back.identifiers.doi == record.identifiers.doi and back.language == record.language
    # A wrapped line's trailing spaces stay the value's (nenbib's writer keeps a run of spaces so): the
    # wrapped title, abstract and addresses hold two more; the values on one line are as without them.
    assert (back.identifiers, back.journal, back.authors, back.volume, back.pages, back.keywords) == (
        want.identifiers,
        want.journal,
        want.authors,
        want.volume,
        want.pages,
        want.keywords,
    )
    assert fmt.read("PMID- 1\nTI  - T.\nAB  -\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\n", "x.nbib").warnings == []


def test_an_orcid_after_a_group_is_left_out_with_a_note():
    # The ORCID went to the group (CN), which validation refuses: the whole file failed.
    text = "PMID- 1\nTI  - T.\nCN  - Trial Group\nAUID- ORCID: 0000-0002-1825-0097\nJT  - J\nDP  - 2020\n"
    result = fmt.read(text, "x.nbib")
    assert result.records[0]["authors"] == [{"name": "Trial Group"}]
    assert result.warnings == [
        "x.nbib: line 4: AUID: 'ORCID: 0000-0002-1825-0097' after the group 'Trial Group', which has no ORCID iD; left out"
    ]
    to_record(result.records[0], "x.nbib")


@pytest.mark.parametrize(
    ("pg", "want", "note"),
    [
        # NLM types a range's changing digits only ('12-19 is typed 12-9', MeSH indexing manual 10.2),
        # of supplement and electronic pages too: 'S12-9' is S12-S19 (Zotero's MEDLINE/nbib import reads
        # 'S12-19'). It was kept as the article number 'S12-9', which no page is.
        ("S12-9", {"article_number": "S12-S19"}, None),
        ("e1139-46", {"article_number": "e1139-e1146"}, None),
        ("S12-21", {"article_number": "S12-S21"}, None),
        ("S12-S19", {"article_number": "S12-S19"}, None),
        # Unprefixed, as before: in full, without a note (MEDLINE's rule, not the file's slip).
        ("12-5", {"first": 12, "last": 15, "count": 4}, None),
        ("389-95", {"first": 389, "last": 395, "count": 7}, None),
        ("e123", {"article_number": "e123"}, None),  # an electronic location: one article number
        ("S19-2", {"article_number": "S19"}, "pages 'S19-2': the last page is before the first; the first page alone is kept"),
        # The letter repeated, the end is whole, not shortened: 'E123-E45' was read as E123-E145.
        (
            "E123-E45",
            {"article_number": "E123"},
            "pages 'E123-E45': the last page is before the first; the first page alone is kept",
        ),
        ("E123-45", {"article_number": "E123-E145"}, None),
        (
            "S12-9; discussion S20",
            {"article_number": "S12-S19"},
            "pages 'S12-9; discussion S20': only 'S12-9' is kept; the record has no place for 'discussion S20'",
        ),
    ],
)
def test_pg_ranges_of_lettered_pages_are_read_in_full(pg, want, note):
    text = f"PMID- 1\nTI  - T.\nFAU - Doe, Jane\nJT  - J\nDP  - 2020\nPG  - {pg}\n"
    result = fmt.read(text, "x.nbib")
    assert result.records[0]["pages"] == want
    assert result.warnings == ([f"x.nbib: line 6: PG: {note}"] if note else [])
    to_record(result.records[0], "x.nbib")


@pytest.mark.parametrize(
    "names",
    [
        # All AUs before all FAUs: each FAU was read as a further author (four for two).
        "AU  - Doe J\nAU  - Roe A\nFAU - Doe, Jane\nFAU - Roe, Ann\n",
        # A group between the FAUs and their AUs ended the pairing: the AUs became further authors.
        "FAU - Doe, Jane\nFAU - Roe, Ann\nCN  - Trial Group\nAU  - Doe J\nAU  - Roe A\n",
        "AU  - Doe J\nAU  - Roe A\nCN  - Trial Group\nFAU - Doe, Jane\nFAU - Roe, Ann\n",
        # AU then its FAU, pair by pair; the AUs in another order than the FAUs.
        "AU  - Doe J\nFAU - Doe, Jane\nAU  - Roe A\nFAU - Roe, Ann\n",
        "FAU - Doe, Jane\nFAU - Roe, Ann\nAU  - Roe A\nAU  - Doe J\n",
    ],
)
def test_full_and_short_names_pair_by_their_initials_in_any_order(names):
    result = fmt.read(f"PMID- 1\nTI  - T.\n{names}JT  - J\nDP  - 2020\n", "x.nbib")
    (rec,) = result.records
    people = [a for a in rec["authors"] if "name" not in a]
    assert people == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Ann"}]
    assert len(rec["authors"]) == 2 + ("CN" in names)
    assert result.warnings == []


def test_an_address_and_orcid_follow_their_name_line_whatever_the_order():
    text = (
        "PMID- 1\nTI  - T.\nAU  - Doe J\nAU  - Roe A\nFAU - Doe, Jane\nAD  - Here.\n"
        "FAU - Roe, Ann\nAUID- ORCID: 0000-0002-1825-0097\nAD  - There.\nJT  - J\nDP  - 2020\n"
    )
    (rec,) = fmt.read(text, "x.nbib").records
    assert rec["authors"] == [
        {"family": "Doe", "given": "Jane", "affiliations": ["aff1"]},
        {"family": "Roe", "given": "Ann", "affiliations": ["aff2"], "orcid": "0000-0002-1825-0097"},
    ]
    to_record(rec, "x.nbib")


def test_names_that_do_not_match_pair_in_order_with_a_note():
    # 'Mueller H' is no short form of 'Müller, Hans' letter for letter: one author, not two, and said.
    text = "PMID- 1\nTI  - T.\nAU  - Mueller H\nAU  - Roe A\nFAU - Müller, Hans\nFAU - Roe, Ann\nJT  - J\nDP  - 2020\n"
    result = fmt.read(text, "x.nbib")
    (rec,) = result.records
    assert rec["authors"] == [{"family": "Müller", "given": "Hans"}, {"family": "Roe", "given": "Ann"}]
    assert result.warnings == [
        "x.nbib: line 3: AU: 'Mueller H' matches the name of no FAU; read as one author with the FAU 'Müller, Hans' "
        "(line 5), the first left unpaired in order: the pairing is not certain"
    ]
    # PubMed's pairs: the FAU on the name line before it, whatever FAU is left first.
    text = "PMID- 1\nTI  - T.\nFAU - Roe, Ann\nFAU - Müller, Hans\nAU  - Mueller H\nJT  - J\nDP  - 2020\n"
    result = fmt.read(text, "x.nbib")
    assert result.records[0]["authors"] == [{"family": "Roe", "given": "Ann"}, {"family": "Müller", "given": "Hans"}]
    assert result.warnings == [
        "x.nbib: line 5: AU: 'Mueller H' matches the name of no FAU; read as one author with the FAU 'Müller, Hans' "
        "(line 4), the name line beside it: the pairing is not certain"
    ]
    # Names of no letters pair as they stand: '} A' was taken for the short form of '},' (the ORCID went there).
    text = (
        "PMID- 1\nTI  - T.\nFAU - }, and\nAU  - } A\nAUID- ORCID: 0000-0002-1825-0097\nFAU - },\nAU  - }\nJT  - J\nDP  - 2020\n"
    )
    result = fmt.read(text, "x.nbib")
    assert result.records[0]["authors"] == [{"family": "}", "given": "and", "orcid": "0000-0002-1825-0097"}, {"family": "}"}]
    assert result.warnings == []
    # An AU with no FAU left for it is an author of its own (initials as the given name), as before.
    text = "PMID- 1\nTI  - T.\nAU  - Smith J\nFAU - Doe, Jane\nAU  - Doe J\nJT  - J\nDP  - 2020\n"
    result = fmt.read(text, "x.nbib")
    assert result.records[0]["authors"] == [{"family": "Smith", "given": "J"}, {"family": "Doe", "given": "Jane"}]
    assert result.warnings == []
