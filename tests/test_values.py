"""Every reader reads the same text the same way (nenbib.formats._values): page ranges as MEDLINE,
EndNote and Scopus write them, ISSNs in their usual spellings, DOIs as links, ISO 639-2 language
codes and keywords that repeat. Each case is written as each format's own exporters write it and
read through the reader and the record's validation; the facts must agree, with a warning where
something is read in a way the text does not say outright."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

import nenbib
from nenbib.formats import FORMATS, _values
from nenbib.records import Ids, to_record

BASE = {"title": "Genomic Profiles", "family": "Ohmoto", "given": "Akihiro", "journal": "Current Drug Targets", "year": "2020"}


def bibtex(v: dict[str, Any]) -> str:
    fields = [f"author = {{{v['family']}, {v['given']}}}", f"title = {{{v['title']}}}", f"journal = {{{v['journal']}}}"]
    fields.append(f"year = {v['year']}")
    if "date" in v:  # (month, day), as BibTeX's month macro and day field
        fields += [f"month = {_values.MONTH_ABBREVIATIONS[v['date'][0] - 1].lower()}", f"day = {{{v['date'][1]}}}"]
    keys = (("pages", "pages"), ("number", "eid"), ("issn", "issn"), ("doi", "doi"), ("url", "url"), ("language", "language"))
    for key, name in keys:
        if key in v:
            fields.append(f"{name} = {{{v[key]}}}")
    if "keywords" in v:
        fields.append(f"keywords = {{{', '.join(v['keywords'])}}}")
    return "@article{ohmoto2020genomic,\n  " + ",\n  ".join(fields) + "\n}\n"


def ris(v: dict[str, Any]) -> str:
    lines = ["TY  - JOUR", "ID  - ohmoto2020genomic", f"TI  - {v['title']}", f"AU  - {v['family']}, {v['given']}"]
    lines += [f"T2  - {v['journal']}", f"PY  - {v['year']}"]
    if "date" in v:
        lines.append(f"DA  - {v['year']}/{v['date'][0]:02d}/{v['date'][1]:02d}/")
    if "pages" in v:
        first, _, last = v["pages"].partition("-")
        lines += [f"SP  - {first}"] + ([f"EP  - {last}"] if last and ";" not in v["pages"] else [])
        if ";" in v["pages"]:
            lines[-1] = f"SP  - {v['pages']}"
    if "number" in v:  # EndNote's Article Number
        lines.append(f"C7  - {v['number']}")
    if "issn" in v:
        lines.append(f"SN  - {v['issn']}")
    if "doi" in v:
        lines.append(f"DO  - {v['doi']}")
    if "url" in v:
        lines.append(f"UR  - {v['url']}")
    if "language" in v:
        lines.append(f"LA  - {v['language']}")
    lines += [f"KW  - {k}" for k in v.get("keywords", [])]
    return "\r\n".join([*lines, "ER  - ", ""])


def csl(v: dict[str, Any]) -> str:
    item: dict[str, Any] = {"id": "ohmoto2020genomic", "type": "article-journal", "title": v["title"]}
    item |= {"author": [{"family": v["family"], "given": v["given"]}], "container-title": v["journal"]}
    item["issued"] = {"date-parts": [[int(v["year"]), *v.get("date", ())]]}
    keys = (("pages", "page"), ("number", "article-number"), ("issn", "ISSN"), ("doi", "DOI"), ("url", "URL"))
    keys += (("language", "language"),)
    for key, name in keys:
        if key in v:
            item[name] = v[key]
    if "keywords" in v:
        item["keyword"] = ", ".join(v["keywords"])
    return json.dumps([item])


def nbib(v: dict[str, Any]) -> str:
    lines = ["PMID- 31612345", f"TI  - {v['title']}", f"FAU - {v['family']}, {v['given']}", f"AU  - {v['family']} A"]
    month_day = f" {_values.MONTH_ABBREVIATIONS[v['date'][0] - 1]} {v['date'][1]}" if "date" in v else ""
    lines += [f"JT  - {v['journal']}", f"DP  - {v['year']}{month_day}"]
    if "pages" in v:
        lines.append(f"PG  - {v['pages']}")
    if "number" in v:  # PMC's export writes the article number as a LID without its kind
        lines.append(f"LID - {v['number']}")
    if "issn" in v:
        lines += [f"IS  - {part.strip()}" for part in v["issn"].replace("\r", "\n").split("\n")]
    if "doi" in v:
        lines.append(f"LID - {_values.doi(v['doi'])} [doi]")
    if "language" in v:
        lines.append(f"LA  - {v['language']}")
    lines += [f"OT  - {k}" for k in v.get("keywords", [])]
    return "\n".join([*lines, ""])


def endnote(v: dict[str, Any]) -> str:
    from xml.sax.saxutils import escape

    def el(tag: str, text: str) -> str:
        return f"<{tag}>{escape(text)}</{tag}>"

    pub_date = ""
    if "date" in v:  # EndNote's Date field: 'April 31'
        pub_date = "<pub-dates>" + el("date", f"{_values.MONTH_NAMES[v['date'][0] - 1]} {v['date'][1]}") + "</pub-dates>"
    parts = [
        '<ref-type name="Journal Article">17</ref-type>',
        f"<contributors><authors>{el('author', v['family'] + ', ' + v['given'])}</authors></contributors>",
        f"<titles>{el('title', v['title'])}{el('secondary-title', v['journal'])}</titles>",
        f"<periodical>{el('full-title', v['journal'])}</periodical>",
        f"<dates>{el('year', v['year'])}{pub_date}</dates>",
        el("label", "ohmoto2020genomic"),
    ]
    for key, tag in (
        ("pages", "pages"),
        ("number", "custom7"),
        ("issn", "isbn"),
        ("doi", "electronic-resource-num"),
        ("language", "language"),
    ):
        if key in v:
            parts.append(el(tag, v[key]))
    if "keywords" in v:
        parts.append("<keywords>" + "".join(el("keyword", k) for k in v["keywords"]) + "</keywords>")
    if "url" in v:
        parts.append("<urls><related-urls>" + el("url", v["url"]) + "</related-urls></urls>")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<xml><records><record>' + "".join(parts) + "</record></records></xml>\n"


WRITERS = {"bibtex": bibtex, "ris": ris, "csl-json": csl, "nbib": nbib, "endnote-xml": endnote}


def read(fmt: str, values: dict[str, Any]) -> tuple[Any, list[str]]:
    result = FORMATS[fmt].load().read(WRITERS[fmt]({**BASE, **values}), f"in.{fmt}")
    [item] = result.records
    return to_record(item, f"in.{fmt}", "/0"), result.warnings


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("389-405", 389, 405), ("389\u2013405", 389, 405), ("389-95", 389, 395), ("1089-105", 1089, 1105), ("389", 389, None)],
)
def test_page_ranges_read_alike(fmt, text, first, last):
    record, warnings = read(fmt, {"pages": text})
    assert (record.pages.first, record.pages.last) == (first, last)
    shortened = text == "389-95" or text == "1089-105"
    # MEDLINE shortens ranges as its rule: only the other formats note the reading.
    assert any("shortened" in w for w in warnings) == (shortened and fmt != "nbib"), warnings


@pytest.mark.parametrize("fmt", WRITERS)
def test_a_range_with_more_after_it_keeps_the_range_and_says_so(fmt):
    record, warnings = read(fmt, {"pages": "183-9; discussion 190-1"})
    assert (record.pages.first, record.pages.last) == (183, 189)
    assert any("discussion 190-1" in w for w in warnings), warnings


@pytest.mark.parametrize("fmt", WRITERS)
def test_an_article_number_stays_one(fmt):
    record, _ = read(fmt, {"pages": "e1003"})
    assert record.pages.article_number == "e1003" and record.pages.first is None


@pytest.mark.parametrize("fmt", WRITERS)
def test_an_article_number_wins_over_pages_in_every_reader_and_the_pages_are_named(fmt):
    # A record holds pages or an article number. RIS, EndNote XML and BibTeX kept the article number,
    # CSL-JSON and NBIB the pages (NBIB naming its LID as a tag with no place, which was untrue).
    # The plain range's length is the page count a record holds beside the number (it was lost); no format
    # here gives a count of its own.
    record, warnings = read(fmt, {"pages": "389-405", "number": "e1003"})
    assert record.pages == nenbib.model.Pages(article_number="e1003", count=17)
    where = {"bibtex": "eid", "ris": "C7", "csl-json": "article-number", "nbib": "LID", "endnote-xml": "custom7"}[fmt]
    said = [w for w in warnings if "left out but for its length: the record holds the article number 'e1003'" in w]
    # RIS names SP and EP in one note, on SP's line.
    kept = f"({where}) in place of pages, and the range's 17 pages as its page count"
    assert len(said) == 1 and said[0].endswith(kept), warnings
    assert ("SP '389' and EP '405'" if fmt == "ris" else "'389") in said[0]
    # A range that is no plain one keeps no count: a shortened one (read in full elsewhere, with a note this
    # one would lack), one with more after it.
    for pages in ("389-95", "389-405; 410-412"):
        record, warnings = read(fmt, {"pages": pages, "number": "e1003"})
        assert record.pages == nenbib.model.Pages(article_number="e1003"), pages
        assert not [w for w in warnings if "page count" in w], warnings
    # Pages that say the number itself are no news (nenbib's RIS writer puts it in SP too).
    record, warnings = read(fmt, {"pages": "e1003", "number": "e1003"})
    assert record.pages.article_number == "e1003"
    assert not [w for w in warnings if "left out" in w], warnings


ISSN_CASES = [
    ("13894501", "1389-4501", None),  # Scopus
    ("1389-4501, 1873-5592", "1389-4501", "1873-5592"),  # Zotero joins its ISSNs so
    ("1389-4501 (Print) 1873-5592 (Electronic) 1389-4501 (Linking)", "1389-4501", "1873-5592"),
]


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json", "endnote-xml"])
@pytest.mark.parametrize(("text", "printed", "electronic"), ISSN_CASES)
def test_issns_read_alike(fmt, text, printed, electronic):
    record, warnings = read(fmt, {"issn": text})
    assert (record.journal.issn_print, record.journal.issn_electronic) == (printed, electronic), warnings


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("endnote-xml", "1873-5592 (Electronic)\r1389-4501 (Linking)"),  # EndNote's PubMed import: one a line
        ("nbib", "1873-5592 (Electronic)\n1389-4501 (Linking)"),  # PubMed's IS lines
    ],
)
def test_a_linking_issn_that_is_not_the_electronic_one_is_the_print_one(fmt, text):
    record, warnings = read(fmt, {"issn": text})
    assert (record.journal.issn_print, record.journal.issn_electronic) == ("1389-4501", "1873-5592") and not warnings


@pytest.mark.parametrize("fmt", WRITERS)
def test_a_doi_link_is_read_as_the_doi(fmt):
    record, _ = read(fmt, {"doi": "https://doi.org/10.2174/1389450119666191014105211"})
    assert record.identifiers.doi == "10.2174/1389450119666191014105211"


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json", "endnote-xml"])
@pytest.mark.parametrize(
    ("url", "key", "value"),
    [
        ("https://doi.org/10.2174/1389450119666191014105211", "doi", "10.2174/1389450119666191014105211"),
        ("https://pubmed.ncbi.nlm.nih.gov/31612822/", "pmid", "31612822"),
        ("https://www.ncbi.nlm.nih.gov/pubmed/31612822", "pmid", "31612822"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7000001/", "pmcid", "PMC7000001"),
        # Without its scheme, as a link is often pasted (Zotero's cleanDOI finds the DOI in it): each was a link not kept.
        ("doi.org/10.2174/1389450119666191014105211", "doi", "10.2174/1389450119666191014105211"),
        ("dx.doi.org/10.2174/1389450119666191014105211", "doi", "10.2174/1389450119666191014105211"),
        ("www.ncbi.nlm.nih.gov/pubmed/31612822", "pmid", "31612822"),
        ("pubmed.ncbi.nlm.nih.gov/31612822/", "pmid", "31612822"),
        ("pmc.ncbi.nlm.nih.gov/articles/PMC7000001/", "pmcid", "PMC7000001"),
    ],
)
def test_a_link_to_an_identifiers_page_is_the_identifier_in_every_reader(fmt, url, key, value):
    # RIS's UR read a doi.org link only: a PubMed or PMC link was 'not kept: records hold no link besides
    # the DOI', its PMID lost, where BibTeX's url, CSL-JSON's URL and EndNote XML's related-urls read it.
    record, warnings = read(fmt, {"url": url})
    assert getattr(record.identifiers, key) == value and not warnings, warnings


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json", "endnote-xml"])
@pytest.mark.parametrize("part", ["g001", "t002", "s001"])
def test_a_plos_figure_s_table_s_or_supplement_s_doi_link_is_not_the_article_s_doi_in_any_reader(fmt, part):
    # PLOS gives each figure, table and supplement a DOI of its own, the article's and '.g001'. RIS alone refused
    # one in a link: BibTeX's url, CSL-JSON's URL and EndNote's related-urls made the figure's DOI the article's.
    url = f"https://doi.org/10.1371/journal.pone.0123456.{part}"
    record, warnings = read(fmt, {"url": url})
    assert record.identifiers.doi is None
    note = "names the DOI of a figure, table or supplement of the article 10.1371/journal.pone.0123456; not kept"
    assert len(warnings) == 1 and f"{url!r} {note}" in warnings[0], warnings
    # The record's own DOI's link is no news, whatever the DOI; the article's link is the article's DOI.
    record, warnings = read(fmt, {"url": url, "doi": url[16:]})
    assert (record.identifiers.doi, warnings) == (url[16:], [])
    record, warnings = read(fmt, {"url": url[:-5]})
    assert (record.identifiers.doi, warnings) == (url[16:-5], [])


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json", "endnote-xml"])
@pytest.mark.parametrize("url", ["https://doi.org/10.1000/other.", "https://doi.org/10.1371/journal.pone.0123456.g001?x=1"])
def test_a_link_not_kept_is_one_note_not_a_reading_too(fmt, url):
    # RIS and CSL-JSON said of a link not kept that it was 'read as the DOI 10.1000/other: the '.' closing
    # it ...', then that it was not kept: two lines, the first untrue; BibTeX and EndNote XML said the second.
    record, warnings = read(fmt, {"url": url, "doi": "10.1000/abc"})
    assert record.identifiers.doi == "10.1000/abc"
    assert not [w for w in warnings if "read as" in w] and len(warnings) == 1, warnings


@pytest.mark.parametrize("field", ["url", "doi"])
@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json", "endnote-xml"])
@pytest.mark.parametrize("text", ["https://doi.org/10.1000/abc;", "doi.org/10.1000/abc; ", "doi:10.1000/abc;"])
def test_a_semicolon_closing_a_labelled_doi_is_the_list_s(field, fmt, text):
    # A link out of a ';'-joined list ('https://doi.org/10.1000/abc;') kept its ';' in the DOI 10.1000/abc;, a
    # DOI the article does not have, where a closing '.' or ',' was cut; a ';' inside a DOI stays (SICI's '...CO;2-2').
    record, warnings = read(fmt, {field: text})
    assert record.identifiers.doi == "10.1000/abc"
    [note] = [w for w in warnings if "read as" in w]
    assert f"'{text.strip()}" in note and "read as" in note and "10.1000/abc" in note
    assert note.endswith(f": the ';' {_values.DOI_LIST_END}")
    record, warnings = read(fmt, {field: text.replace("abc;", "x.CO;2-2")})
    assert (record.identifiers.doi, [w for w in warnings if "read as" in w]) == ("10.1000/x.CO;2-2", [])


@pytest.mark.parametrize("field", ["url", "doi"])
@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json", "endnote-xml"])
@pytest.mark.parametrize(("tail", "what"), [("?utm_source=feed", "query"), ("#section", "fragment"), ("?a=1#b", "query")])
@pytest.mark.parametrize("scheme", ["https://", ""])
def test_a_doi_link_s_query_or_fragment_is_not_the_doi_s(field, fmt, tail, what, scheme):
    # In a URL a literal '?' starts the query and '#' the fragment (RFC 3986); a DOI holding one is
    # written %3F or %23 in its link. Every reader kept 'https://doi.org/10.1000/xyz?utm_source=feed'
    # whole as the DOI '10.1000/xyz?utm_source=feed', a DOI the article does not have.
    record, warnings = read(fmt, {field: f"{scheme}doi.org/10.1000/xyz{tail}"})
    assert record.identifiers.doi == "10.1000/xyz"
    [note] = [w for w in warnings if "left out" in w]
    assert f"'{scheme}doi.org/10.1000/xyz{tail}' read as " in note and f"the link's {what} {tail!r} is left out" in note
    record, warnings = read(fmt, {field: f"{scheme}doi.org/10.1000/x%3Fy%23z"})
    assert record.identifiers.doi == "10.1000/x?y#z" and not [w for w in warnings if "left out" in w], warnings


LANGUAGES = [
    ("eng", "en"),
    ("English", "en"),
    ("ger", "de"),
    ("deu", "de"),
    ("pt-BR", "pt-BR"),
    # English names where the babel name is another or there is none (Zotero, Mendeley, EndNote).
    ("Japanese", "ja"),
    ("chinese", "zh"),
    ("Hungarian", "hu"),
    ("Norwegian", "no"),
]


@pytest.mark.parametrize(
    ("fmt", "text", "tag"),
    # MEDLINE writes ISO 639-2/B codes only.
    [(f, text, tag) for f in WRITERS for text, tag in LANGUAGES if f != "nbib" or text in ("eng", "ger")],
)
def test_languages_read_alike(fmt, text, tag):
    record, warnings = read(fmt, {"language": text})
    assert record.language == tag, warnings


@pytest.mark.parametrize("fmt", WRITERS)
def test_keywords_that_repeat_or_hold_a_comma_are_kept_once_or_left_out_with_a_warning(fmt):
    keywords = ["everolimus", "Everolimus", "sunitinib"]
    if fmt not in ("bibtex", "csl-json"):  # these two join keywords with commas: a comma splits there
        keywords.append("Carcinoma, Neuroendocrine")
    record, warnings = read(fmt, {"keywords": keywords})
    assert record.keywords == ("everolimus", "sunitinib")
    assert any("repeats" in w for w in warnings)
    assert any("comma" in w for w in warnings) == (fmt not in ("bibtex", "csl-json")), warnings


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        ("389 - 405", {"first": 389, "last": 405}, None),
        ("S1-S5", {"article_number": "S1-S5"}, None),
        ("e2020-1", {"article_number": "e2020-1"}, None),
        ("1-", {"first": 1}, "have no last page; the first page alone is kept"),
        # Web of Science's 'and following pages' (EndNote keeps it): the first page is a fact.
        ("389-+", {"first": 389}, "have no last page; the first page alone is kept"),
        ("389 -+", {"first": 389}, "have no last page"),
        ("0389-", None, "have no last page; left out"),
        ("12 and 14", None, "neither a page range"),
        # The first of parts listed with ', ' (as with '; '): '389-405, 410' was refused whole.
        ("389-405, 410", {"first": 389, "last": 405}, "only '389-405' is kept"),
        ("e1003, e1004", {"article_number": "e1003"}, "only 'e1003' is kept"),
        ("1,234-1,240", None, "neither a page range"),  # no space: a thousands separator, not a list
        ("389-389", {"first": 389, "last": 389}, None),
        # A range of lettered pages with an en dash (CSL-JSON's and Zotero's) or BibTeX's '--' is the article
        # number with a hyphen, as 'S12-S19' is: with the dash it was left out as no article number.
        ("S12\u2013S19", {"article_number": "S12-S19"}, None),
        ("e1139 \u2013 e1146", {"article_number": "e1139-e1146"}, None),
        ("S12--S19", {"article_number": "S12-S19"}, None),
        ("95-389", {"first": 95, "last": 389}, None),
        # A last page before the first (in full: '389-5' is 385) failed the whole file's validation.
        ("405-389", {"first": 405}, "the last page is before the first; the first page alone is kept"),
        ("389-5", {"first": 389}, "the last page is before the first"),
        # Cell Press's pages 271-280 and the online pages 280.e1-280.e8: read as an article number
        # '271-280.e8', which the article does not have (BibLaTeX eid, RIS C7 claimed one).
        ("271-280.e8", {"first": 271, "last": 280}, "the online pages after the last one (280.e1 to 280.e8)"),
        ("271–280.e8", {"first": 271, "last": 280}, "read as 271-280"),
        ("", None, None),
    ],
)
def test_pages(text, expected, note):
    notes: list[str] = []
    assert _values.pages(text, notes.append) == expected
    assert (note is None and notes == []) or (note is not None and note in notes[0] and len(notes) == 1)


def test_issns_report_what_is_no_issn_and_what_has_no_place():
    journal: dict[str, str] = {}
    notes: list[str] = []
    _values.issns("1389-4501, 1873-5592, 0028-0836, ISBN 978-3", journal, notes.append)
    assert journal == {"issn_print": "1389-4501", "issn_electronic": "1873-5592"}
    assert notes == [
        "ISSN text 'ISBN 978-3' is not an ISSN; left out",
        # Two ISSNs unmarked (RIS SN lines, CSL's one field): which medium each is for is a guess, said.
        "ISSN 1873-5592 taken as the electronic one, 1389-4501 as the print one: the file does not say which is which",
        "a further ISSN 0028-0836 left out",
    ]
    journal = {"issn_print": "1389-4501"}
    notes = []
    _values.issns("0028-0836 (Linking)", journal, notes.append)
    assert journal == {"issn_print": "1389-4501"} and notes == [
        "linking ISSN 0028-0836 left out: it is not the print ISSN, and which edition it names is not said"
    ]


SICI_DOI = "10.1002/(SICI)1521-4095(199807)10:10<759::AID-ADMA759>3.0.CO;2-#"


@pytest.mark.parametrize("fmt", ["ris", "csl-json", "endnote-xml", "jsonld", "html"])
def test_a_doi_link_names_the_whole_doi(fmt):
    # The '#' of this SICI DOI is its check character: unencoded, a link would name '...;2-' and a fragment.
    import dataclasses
    import re
    from urllib.parse import unquote, urlsplit

    import nenbib
    from nenbib.records import load_record

    r = load_record()
    r = dataclasses.replace(r, identifiers=dataclasses.replace(r.identifiers, doi=SICI_DOI))
    text = nenbib.export(r, fmt)
    # Links, not the formatted reference's text (which prints the DOI as the style has it).
    links = re.findall(r"(?:^UR  - |%\">|\"|href=\")(https://doi\.org/[^\s\"'<]+)", text, re.MULTILINE)
    assert links
    for link in links:
        parts = urlsplit(link.replace("&amp;", "&"))
        assert parts.fragment == parts.query == "" and unquote(parts.path) == "/" + SICI_DOI, link
    if hasattr(FORMATS[fmt].load(), "read"):
        [item] = FORMATS[fmt].load().read(text, f"x.{fmt}").records
        assert item["identifiers"]["doi"] == SICI_DOI


def test_a_doi_read_from_a_link_has_its_escapes_undone_and_a_bare_one_is_kept_as_written():
    assert _values.doi("https://doi.org/10.1002/x;2-%23") == "10.1002/x;2-#"
    assert _values.doi("https://doi.org/10.1002/x;2-#") == "10.1002/x;2-"  # a fragment: doi_end names it
    assert _values.doi("doi:10.1000/a?b#c") == "10.1000/a?b#c"  # no link, so no query or fragment
    assert _values.doi("10.1000/a%20b") == "10.1000/a%20b"
    assert _values.doi("doi:10.1000/a%20b") == "10.1000/a%20b"


@pytest.mark.parametrize("fmt", [name for name, f in FORMATS.items() if hasattr(f.load(), "read")])
@pytest.mark.parametrize("number", ["e2020-1", "S1-S5", "e1003", "12A"])
def test_an_article_number_we_write_reads_back(fmt, number):
    import dataclasses

    import nenbib
    from nenbib.model import Pages
    from nenbib.records import load_record

    r = dataclasses.replace(load_record(), pages=Pages(article_number=number))
    result = FORMATS[fmt].load().read(nenbib.export(r, fmt), f"x.{fmt}")
    [item] = result.records
    if fmt == "nbib" and number == "e2020-1":
        # MEDLINE's PG gives a range's changing digits only: 'e2020-1' is e2020-e2021 to every reader of
        # it (Zotero's MEDLINE/nbib import reads 'e2020-2021'), so it reads back in full (FIDELITY says so).
        number = "e2020-e2021"
    assert item["pages"] == {"article_number": number}, result.warnings


@pytest.mark.parametrize(
    "calls",
    [
        ["1389-4501 (Print), 1873-5592"],  # one field (CSL, BibTeX issn)
        ["1389-4501 (Print)", "1873-5592"],  # one line or item each (RIS SN, a CSL list, NBIB IS)
        ["1873-5592, 1389-4501 (Print)"],  # the marked one last
        ["1873-5592 (Electronic)", "1389-4501"],
    ],
)
def test_issn_beside_a_marked_one_is_no_guess(calls):
    # The file said which ISSN is the print one (or the electronic one): the other's place is no guess.
    journal: dict[str, str] = {}
    notes: list[str] = []
    marked: set[str] = set()
    for text in calls:
        _values.issns(text, journal, notes.append, marked=marked)
    assert journal == {"issn_print": "1389-4501", "issn_electronic": "1873-5592"} and notes == []


def test_issn_guess_is_said_across_calls_when_nothing_is_marked():
    journal: dict[str, str] = {}
    notes: list[str] = []
    marked: set[str] = set()
    for text in ("1389-4501", "1873-5592"):
        _values.issns(text, journal, notes.append, marked=marked)
    assert journal == {"issn_print": "1389-4501", "issn_electronic": "1873-5592"}
    assert notes == [
        "ISSN 1873-5592 taken as the electronic one, 1389-4501 as the print one: the file does not say which is which"
    ]


def test_record_keys_repeat_with_suffixes_in_one_pass_in_every_reader():
    # 60 records that make one key: ohmoto2020genomic, then a..z, a1..z1, a2..h2 (each found in one
    # step from where the last one ended: n such records cost n steps, not n squared).
    keys = _values.Keys()
    d = {"authors": [{"family": "Ohmoto"}], "issued": {"year": 2020}, "title": "Genomic profiles"}
    made = [_values.record_key(None, d, keys) for _ in range(60)]
    assert made[:3] == ["ohmoto2020genomic", "ohmoto2020genomica", "ohmoto2020genomicb"]
    assert made[27:29] == ["ohmoto2020genomica1", "ohmoto2020genomicb1"] and len(set(made)) == 60
    assert keys.tried["ohmoto2020genomic"] == 59
    # A key the file gives that a made one already took gets its own suffix.
    assert _values.record_key("ohmoto2020genomica", d, keys) == "ohmoto2020genomicaa"
    nbib = "".join(f"PMID- {n}\nTI  - Genomic profiles.\nDP  - 2020\nFAU - Ohmoto, Akihiro\n\n" for n in range(1, 4))
    assert [r["id"] for r in FORMATS["nbib"].load().read(nbib, "x.nbib").records] == [
        "ohmoto2020genomic",
        "ohmoto2020genomica",
        "ohmoto2020genomicb",
    ]


def keyed(fmt: str, entries: list[tuple[str | None, str, bool]]) -> str:
    """A file of entries (the key it gives or None, title, whether it is an article), all by Jane Doe, 2020."""
    from xml.sax.saxutils import escape

    out = []
    for key, title, article in entries:
        if fmt in ("bibtex", "biblatex"):
            fields = f"title={{{title}}}, author={{Doe, Jane}}, journal={{J}}, year={{2020}}"
            out.append(f"@{'article' if article else 'book'}{{{key or '10.1145/1'}, {fields}}}\n")
        elif fmt == "ris":
            id_line = f"ID  - {key}\n" if key else ""
            ty = "JOUR" if article else "BOOK"
            out.append(f"TY  - {ty}\n{id_line}TI  - {title}\nAU  - Doe, Jane\nT2  - J\nPY  - 2020\nER  - \n\n")
        elif fmt == "csl-json":
            item = {"type": "article-journal" if article else "book", "title": title}
            item["author"] = [{"family": "Doe", "given": "Jane"}]
            item |= {"container-title": "J", "issued": {"date-parts": [[2020]]}} | ({"id": key} if key else {})
            out.append(json.dumps(item))
        else:
            ref_type = '<ref-type name="Journal Article">17</ref-type>' if article else '<ref-type name="Book">6</ref-type>'
            label = f"<label>{escape(key)}</label>" if key else ""
            out.append(
                f"<record>{ref_type}<contributors><authors><author>Doe, Jane</author></authors></contributors>"
                f"<titles><title>{escape(title)}</title><secondary-title>J</secondary-title></titles>"
                f"<dates><year>2020</year></dates>{label}</record>\n"
            )
    if fmt == "csl-json":
        return "[\n" + ",\n".join(out) + "\n]\n"
    if fmt == "endnote-xml":
        return '<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>\n' + "".join(out) + "</records></xml>\n"
    return "".join(out)


KEYED = ["bibtex", "biblatex", "ris", "csl-json", "endnote-xml"]


def read_keyed(fmt: str, entries: list[tuple[str | None, str, bool]]) -> tuple[list[str], list[str]]:
    """The keys of the records read from keyed(fmt, entries), which one collection holds (Ids), and the warnings."""
    result = FORMATS[fmt].load().read(keyed(fmt, entries), "k")
    ids = Ids()
    for record in result.records:
        ids.check(to_record(record, "k"), "k", "")
    return [r["id"] for r in result.records], result.warnings


@pytest.mark.parametrize("fmt", KEYED)
def test_a_key_made_for_an_entry_leaves_a_later_entry_its_own_key_in_every_reader(fmt):
    # CSL-JSON and EndNote XML reserved no key: the second entry was renamed; and a key given in other
    # letter case was not reserved, where BibTeX, pandoc and nenbib's own id check (Ids) take it for the
    # same key: the import wrote two records that `nenbib validate` refused (id-unique).
    entries = [(None, "Genomic profiles", True), ("doe2020genomic", "Other", True), ("Doe2020GenomicA", "Third", True)]
    ids, warnings = read_keyed(fmt, entries)
    assert ids == ["doe2020genomicb", "doe2020genomic", "Doe2020GenomicA"]
    assert not [w for w in warnings if "doe2020genomic'" in w.lower()]  # neither given key was renamed


@pytest.mark.parametrize("fmt", KEYED)
def test_keys_that_differ_only_in_case_are_one_key(fmt):
    # BibTeX and nenbib's id check compare keys without case: 'Doe2020' and 'doe2020' were both kept, and
    # `nenbib validate` refused the imported file (id-unique). The later one is renamed, and a suffix
    # leaves a later entry its own key ('doe2020a').
    entries = [("Doe2020", "One", True), ("doe2020", "Two", True), ("doe2020a", "Three", True)]
    ids, warnings = read_keyed(fmt, entries)
    assert ids == ["Doe2020", "doe2020b", "doe2020a"]
    assert len(warnings) == 1 and "'doe2020'" in warnings[0] and "repeats" in warnings[0], warnings


@pytest.mark.parametrize("fmt", KEYED)
def test_the_key_of_an_entry_left_out_is_not_reserved(fmt):
    # A book is left out: its key is no record's, and the article's made key was renamed for it.
    ids, _ = read_keyed(fmt, [("doe2020genomic", "A book", False), (None, "Genomic profiles", True)])
    assert ids == ["doe2020genomic"]


@pytest.mark.parametrize("fmt", WRITERS)
def test_a_day_the_month_has_not_is_left_out_with_a_warning(fmt):
    # 2020-04-31 failed the whole file's validation (date-exists): one entry's typo lost them all.
    rec, warnings = read(fmt, {"date": (4, 31)})
    assert (rec.issued.year, rec.issued.month, rec.issued.day) == (2020, 4, None)
    assert len(warnings) == 1 and "day 31" in warnings[0] and "2020-04" in warnings[0] and "line" in warnings[0]
    rec, warnings = read(fmt, {"year": "2020", "date": (2, 29)})  # a leap year's day is kept
    assert (rec.issued.month, rec.issued.day) == (2, 29) and warnings == []


@pytest.mark.parametrize("fmt", ["ris", "csl-json"])
def test_a_month_that_is_none_is_left_out_with_a_warning(fmt):
    rec, warnings = read(fmt, {"date": (13, 1)})
    assert (rec.issued.year, rec.issued.month, rec.issued.day) == (2020, None, None)
    assert len(warnings) == 1 and "month 13" in warnings[0]


def test_date_keeps_what_exists():
    notes: list[str] = []
    assert _values.date({"year": 2021, "month": 2, "day": 29}, notes.append) == {"year": 2021, "month": 2}
    assert _values.date({"year": 2024, "month": 2, "day": 29}, notes.append) == {"year": 2024, "month": 2, "day": 29}
    assert _values.date({"year": 2020, "month": 0}, notes.append) == {"year": 2020}
    assert _values.date({"year": 2020, "month": 4, "day": 0}, notes.append) == {"year": 2020, "month": 4}
    assert len(notes) == 3


def test_a_biblatex_date_the_calendar_has_not_keeps_its_month():
    text = "@article{a,\n  author = {Ohmoto, Akihiro},\n  title = {T},\n  journaltitle = {J},\n  date = {2021-02-29}\n}\n"
    result = FORMATS["biblatex"].load().read(text, "in.bib")
    assert result.records[0]["issued"] == {"year": 2021, "month": 2}
    assert result.warnings == ["in.bib: line 5: date: day 29 does not exist in 2021-02; the day is left out"]


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://doi.org/10.2174/1389450119666191014105211", ("doi", "10.2174/1389450119666191014105211")),
        ("https://pubmed.ncbi.nlm.nih.gov/31612831/", ("pmid", "31612831")),
        ("http://www.ncbi.nlm.nih.gov/pubmed/31612831", ("pmid", "31612831")),
        (
            "http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&dopt=Citation&list_uids=31612831",
            ("pmid", "31612831"),
        ),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6995811/", ("pmcid", "PMC6995811")),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC6995811", ("pmcid", "PMC6995811")),
        ("https://pubmed.ncbi.nlm.nih.gov/?term=31612831", None),
        ("https://example.org/31612831", None),
    ],
)
def test_a_link_to_an_identifier_s_page_names_it(url, found):
    # One rule for the CSL-JSON reader (pandoc's PubMed links) and the EndNote XML reader (EndNote's
    # PubMed import), which each had a pattern of its own (EndNote's knew no PMC link).
    assert _values.linked_id(url) == found


@pytest.mark.parametrize("fmt", KEYED)
@pytest.mark.parametrize(
    ("family", "key"),
    [("\u0141ukasiewicz", "lukasiewicz"), ("\u00d8rsted", "orsted"), ("Stra\u00dfe", "strasse"), ("\u00c6bel\u00f8", "aebelo")],
)
def test_a_key_made_spells_a_letter_nfkd_keeps_whole_in_ascii(fmt, family, key):
    # NFKD takes Ö apart into O and an accent, but not Ø, Ł, Æ or ß, which were dropped: 'ukasiewicz2020genomic'.
    text = keyed(fmt, [(None, "Genomic profiles", True)]).replace("Doe, Jane", f"{family}, Jan")
    text = text.replace('"family": "Doe"', f'"family": "{family}"')
    result = FORMATS[fmt].load().read(text, "k")
    assert [r["id"] for r in result.records] == [f"{key}2020genomic"]


LABELLED_DOI = {
    "bibtex": ("doi = {{{doi}}}", "doi = {{doi:{doi}{p}}}"),
    "biblatex": ("doi = {{{doi}}}", "doi = {{https://doi.org/{doi}{p}}}"),
    "ris": ("DO  - {doi}", "DO  - doi:{doi}{p}"),
    "csl-json": ('"DOI": "{doi}"', '"DOI": "doi:{doi}{p}"'),
    "nbib": ("AID - {doi} [doi]", "AID - doi: {doi}{p} [doi]"),
    "endnote-xml": (">{doi}</style></electronic-resource-num>", ">https://doi.org/{doi}{p}</style></electronic-resource-num>"),
}


@pytest.mark.parametrize("fmt", sorted(LABELLED_DOI))
@pytest.mark.parametrize("p", [".", ","])
def test_the_full_stop_after_a_labelled_doi_is_the_sentence_s(fmt, p):
    # 'doi:10.1000/abc.' (NLM's style ends a reference so, as PubMed's own SO line does): the '.' was kept
    # in the DOI, whose link then failed; Zotero's cleanDOI cuts it, as these readers cut it after
    # 'DOI 10.1000/abc.'. A bare DOI keeps its '.': the DOI syntax allows it, and nenbib writes one so.
    from nenbib.records import load_record

    r = load_record()
    doi = r.identifiers.doi
    written, given = (s.format(doi=doi, p=p) for s in LABELLED_DOI[fmt])
    text = nenbib.export(r, fmt)
    assert written in text
    result = FORMATS[fmt].load().read(text.replace(written, given), f"x.{fmt}")
    assert result.records[0]["identifiers"]["doi"] == doi
    [note] = [w for w in result.warnings if _values.DOI_END in w]
    assert f"read as {doi!r}" in note if fmt == "csl-json" else f"read as the DOI {doi}: the {p!r} closing it" in note
    bare = dataclasses.replace(r, identifiers=dataclasses.replace(r.identifiers, doi=f"{doi}{p}"))
    back = FORMATS[fmt].load().read(nenbib.export(bare, fmt), f"x.{fmt}")
    assert back.records[0]["identifiers"]["doi"] == f"{doi}{p}"
    assert not [w for w in back.warnings if "DOI" in w], back.warnings


# (the record's DOI field, its doi.org link as the export writes it, or None where the export writes no link
# and the field is followed by one written here).
LINKED_DOI = {
    "ris": ("DO  - {doi}\r\n", "UR  - https://doi.org/{doi}"),
    "csl-json": ('"DOI": "{doi}",\n', '"URL": "https://doi.org/{doi}'),
    "bibtex": ("  doi = {{{doi}}},\n", None),
    "biblatex": ("  doi = {{{doi}}},\n", None),
    "endnote-xml": (
        '<electronic-resource-num><style face="normal" font="default" size="100%">{doi}</style></electronic-resource-num>',
        '<url><style face="normal" font="default" size="100%">https://doi.org/{doi}',
    ),
}


@pytest.mark.parametrize("fmt", sorted(LINKED_DOI))
@pytest.mark.parametrize("p", [".", ","])
@pytest.mark.parametrize("with_doi", [True, False])
def test_the_full_stop_after_a_doi_link_is_noted_only_where_it_changes_the_record(fmt, p, with_doi):
    # A doi.org link is a labelled DOI wherever it stands: its closing '.' is the sentence's. Its cut is
    # noted only where the record takes the DOI from it (the rule above _values.read_link).
    # Without a DOI field the link gives the DOI, cut: said, as the DOI read is not the text given. Beside the DOI
    # field it repeats the DOI held and nothing of it is kept, so nothing changed: RIS and CSL-JSON said 'read as
    # the DOI', BibTeX and EndNote XML nothing.
    from nenbib.records import load_record

    r = load_record()
    doi = r.identifiers.doi
    field, link = (s and s.format(doi=doi) for s in LINKED_DOI[fmt])
    text = nenbib.export(r, fmt)
    assert field in text
    if link is None:
        link = f"  url = {{https://doi.org/{doi}"
        text = text.replace(field, f"{field}{link}}},\n")
    assert link in text
    text = text.replace(link, link + p)
    if not with_doi:
        text = text.replace(field, "")
    result = FORMATS[fmt].load().read(text, f"x.{fmt}")
    assert result.records[0]["identifiers"]["doi"] == doi
    notes = [w for w in result.warnings if "doi.org" in w]
    if with_doi:
        assert notes == []
    else:
        [note] = notes
        assert f"'https://doi.org/{doi}{p}' read as the DOI {doi}: the {p!r} {_values.DOI_END}" in note


@pytest.mark.parametrize(
    ("name", "et_al"),
    [("et al.", True), ("Et Al", True), ("et. al.", True), ("et.al", True), ("ET AL", True), ("Etal", False),
     ("etal.", False), ("Jane Etal", False)],
)  # fmt: skip
def test_et_al_is_two_words_and_etal_a_name(name, et_al):
    # 'Etal' (a family name) was read as et al. by every reader, and the author left out with a note.
    assert _values.is_et_al(name) is et_al


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("ris", "TY  - JOUR\r\nTI  - T\r\nAU  - Roe, Ann\r\nAU  - Etal\r\nT2  - J\r\nPY  - 2020\r\nER  - \r\n"),
        ("csl-json", json.dumps([{"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
                                  "issued": {"date-parts": [[2020]]}, "author": [{"family": "Roe", "given": "Ann"},
                                                                                {"family": "Etal"}]}])),
    ],
)  # fmt: skip
def test_an_author_etal_is_read_not_left_out_as_et_al(fmt, text):
    result = FORMATS[fmt].load().read(text, "a")
    [rec] = result.records
    assert len(rec["authors"]) == 2 and "Etal" in rec["authors"][1].values() and result.warnings == []
