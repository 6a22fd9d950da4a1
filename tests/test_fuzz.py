"""Fuzzing: schema-valid records full of hostile text drive every registered writer, and an
independent reader of each format must give back the same title and the same number of authors.

The strategy is our own (hypothesis-jsonschema targets drafts 4-7 and knows nothing of the
semantic rules: check digits, affiliation references, page counts). Every generated record is first
asserted valid with nenbib.validate_record, so the strategy cannot drift from the schema unnoticed.

Default run: a bounded number of examples. `pytest -m slow` runs many more.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nenbib
from nenbib import model
from nenbib.formats import FORMATS

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---- hostile text --------------------------------------------------------------------------------

HOSTILE = [
    "}",
    "{",
    "}{",
    "%",
    "\\",
    "\\input{/etc/passwd}",
    "\\write18{rm -rf /}",
    "@comment{",
    "@string{x = ",
    '\\"',
    '"',
    "'",
    "`",
    "--",
    "---",
    "``",
    "''",
    ",,",
    "!`",
    "&",
    "#",
    "$x^2$",
    "_",
    "~",
    "^",
    " and ",
    "AND",
    "ER  - ",
    "TY  - JOUR",
    "PMID- 1",
    "<script>alert(1)</script>",
    "</script>",
    "]]>",
    "&amp;",
    "&#0;",
    "<?xml",
    "e\u0301",  # e + combining acute
    "Mu\u0308ller",
    "\u05e2\u05d1\u05e8\u05d9\u05ea",  # Hebrew (right-to-left)
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
    "\u202eRLO",  # right-to-left override (a format character, not a control character)
    "\u200b",  # zero-width space
    "\u00a0",  # no-break space
    "\u2028",  # line separator: str.splitlines() breaks lines here
    "\u2029",  # paragraph separator
    "\u65e5\u672c\u8a9e",
    "\U0001d518",  # astral letter
    "\U0001f9ec",  # emoji
    "WHO",
    "mRNA",
    "NENs",
]
WORDS = st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd"], max_codepoint=0x2FF), min_size=1, max_size=8)
# Anything but control characters, surrogates and Unicode's 66 noncharacters (validation rejects those:
# tested below; a generated U+FFFE abstract failed the slow round-trip tests' own validation).
ANY_CHAR = st.characters(exclude_categories=["Cc", "Cs"]).filter(
    lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE)
)
# The schema's regex dialect is ECMA-262: its `.` matches no line terminator and its `\S` excludes
# a few characters Python's does not (U+FEFF).
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")
_ECMA_SPACE = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))


def _single_line(s: str) -> bool:
    """What the schema's text pattern ^\\S(.*\\S)?$ accepts, in ECMA-262 terms."""
    ends = (s[:1], s[-1:]) if s else ("", "")
    return bool(s) and not _LINE_BREAK.search(s) and all(c and c not in _ECMA_SPACE and not c.isspace() for c in ends)


def _text(pieces: list[str]) -> str:
    return "".join(pieces).strip()


def text(exclude: str = "", max_pieces: int = 12) -> st.SearchStrategy[str]:
    """A single-line text value: hostile pieces, words and any characters, no outer white space."""
    piece = st.one_of(st.sampled_from(HOSTILE), WORDS, st.just(" "), ANY_CHAR)
    values = st.lists(piece, min_size=1, max_size=max_pieces).map(_text)
    if exclude:
        values = values.map(lambda s: s.translate({ord(c): None for c in exclude}).strip())
    return values.filter(_single_line)


def abstract() -> st.SearchStrategy[str]:
    """Multi-line text, sometimes very long, with RIS/NBIB record separators after a newline."""
    line = text(max_pieces=20)
    lines = st.lists(
        st.one_of(line, st.sampled_from(["ER  - ", "TY  - JOUR", "PMID- 99", "@article{x,"])), min_size=1, max_size=6
    )
    body = lines.map("\n".join).filter(lambda s: s.strip() == s and bool(s))
    long = st.tuples(line, st.integers(500, 3000)).map(lambda t: " ".join([t[0]] * t[1])[:100_000])
    return st.one_of(body, long)


def _iso7064(digits: str) -> str:
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


ORCID = st.text(alphabet="0123456789", min_size=15, max_size=15).map(
    lambda d: "-".join([(d + _iso7064(d))[i : i + 4] for i in range(0, 16, 4)])
)


@st.composite
def person(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"family": draw(text())}
    if draw(st.booleans()):
        out["given"] = draw(text())
    if draw(st.integers(0, 3)) == 0:
        out["particle"] = draw(st.sampled_from(["van der", "de", "von", "da", "al-", "d'", "van {der}"]))
    if draw(st.integers(0, 4)) == 0:
        out["suffix"] = draw(st.sampled_from(["Jr.", "III", "Sr", "Jr., M.D."]))
    if draw(st.integers(0, 4)) == 0:
        out["orcid"] = draw(ORCID)
    return out


ORGANIZATION = st.builds(lambda name: {"name": name}, text())


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A schema-valid record dict with hostile text in every text field."""
    authors = draw(st.lists(st.one_of(person(), person(), ORGANIZATION), min_size=1, max_size=5))
    d: dict[str, Any] = {
        "id": draw(st.from_regex(r"[A-Za-z][A-Za-z0-9_:.-]{0,30}", fullmatch=True)),
        "type": "article-journal",
        "title": draw(text(max_pieces=25)),
        "authors": authors,
        "journal": {"title": draw(text())},
        "issued": {"year": draw(st.integers(1000, 9999))},
    }
    if draw(st.booleans()):
        d["issued"]["month"] = draw(st.integers(1, 12))
        if draw(st.booleans()):
            d["issued"]["day"] = draw(st.integers(1, 28))
    if draw(st.booleans()):
        affiliations = [{"id": f"aff{i}", "printed": draw(text())} for i in range(draw(st.integers(1, 3)))]
        for i, aff in enumerate(affiliations):
            authors[i % len(authors)].setdefault("affiliations", []).append(aff["id"])
        if draw(st.booleans()):
            affiliations[0].update(department=draw(text()), institution=draw(text()), country=draw(text()))
        d["affiliations"] = affiliations
    if draw(st.booleans()):
        authors[0]["corresponding"] = True
    for key in ("genre", "publisher"):
        if draw(st.booleans()):
            d[key] = draw(text())
    journal = d["journal"]
    if draw(st.booleans()):
        journal["abbreviation_nlm"] = draw(text())
    if draw(st.booleans()):
        journal["abbreviation_iso"] = draw(text())
    if draw(st.booleans()):
        journal["issn_print"] = "1389-4501"
    if draw(st.booleans()):
        journal["issn_electronic"] = "1873-5592"
    for key in ("volume", "issue"):
        if draw(st.booleans()):
            d[key] = draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .-]{0,10}", fullmatch=True).map(str.strip))
    if draw(st.booleans()):
        if draw(st.booleans()):
            d["pages"] = {"article_number": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,10}", fullmatch=True))}
        else:
            first = draw(st.integers(1, 100_000))
            last = draw(st.integers(first, first + 500))
            d["pages"] = {"first": first, "last": last, "count": last - first + 1}
    ids: dict[str, str] = {}
    if draw(st.booleans()):
        ids["doi"] = draw(st.from_regex(r"10\.[0-9]{4,9}/[\x21-\x7E]{1,40}", fullmatch=True))
    if draw(st.booleans()):
        ids["pmid"] = str(draw(st.integers(1, 9_999_999_999)))
    if draw(st.booleans()):
        ids["pmcid"] = f"PMC{draw(st.integers(0, 9_999_999_999))}"
    if ids:
        d["identifiers"] = ids
    keywords = draw(st.lists(text(exclude=",;"), max_size=6))
    unique = list({unicodedata.normalize("NFC", k).casefold(): k for k in keywords}.values())
    if unique:
        d["keywords"] = unique
    if draw(st.booleans()):
        d["language"] = draw(st.sampled_from(["en", "de", "he", "ar", "ja", "en-GB"]))
    if draw(st.booleans()):
        d["abstract"] = draw(abstract())
    if draw(st.booleans()):
        d["sources"] = [{"url": "https://example.org/a?b=c&d={e}", "fields": ["title", "authors"]}]
    return d


# ---- independent readers: what each format gives back ---------------------------------------------


@functools.lru_cache(maxsize=1)
def _latex_converter() -> Any:
    """pylatexenc's LaTeX-to-Unicode, taught LaTeX's own text-symbol commands (textcomp)."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    symbols = {
        "textbraceleft": "{",
        "textbraceright": "}",
        "textbackslash": "\\",
        "textasciitilde": "~",
        "textasciicircum": "^",
        "textless": "<",
        "textgreater": ">",
        "textbar": "|",
    }
    db = get_default_latex_context_db()
    db.add_context_category("textcomp", prepend=True, macros=[MacroTextSpec(k, v) for k, v in symbols.items()], environments=[])
    # Math as text: the writer spells <, > and | as $<$, $>$, $|$ (the form Zotero reads); any other '$' is escaped.
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


def _latex_to_text(value: str) -> str:
    return str(_latex_converter().latex_to_text(value))


def _same_latex_text(latex: str, want: str) -> None:
    # TeX collapses runs of spaces; the letters must match exactly.
    got = _latex_to_text(latex)
    assert " ".join(got.split()) == " ".join(want.split()), (latex, got, want)


def judge_bibtex(text: str, r: model.Record) -> None:
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors
    from pybtex.database import parse_string

    entries = parse_string(text, "bibtex").entries
    assert list(entries) == [r.id]
    entry = entries[r.id]
    assert len(entry.persons["author"]) == len(r.authors)
    _same_latex_text(entry.fields["title"], r.title)
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == [] and len(library.entries) == 1
    assert len(library.entries[0]["author"]) == len(r.authors)
    _same_latex_text(library.entries[0]["title"], r.title)


def judge_ris(text: str, r: model.Record) -> None:
    import rispy

    [ref] = rispy.loads(text)
    assert ref["title"] == r.title
    assert len(ref["authors"]) == len(r.authors)


def judge_csl_json(text: str, r: model.Record) -> None:
    [item] = json.loads(text)
    assert item["title"] == r.title
    assert len(item["author"]) == len(r.authors)


def judge_jsonld(text: str, r: model.Record) -> None:
    data = json.loads(text)
    article = data["@graph"][0] if "@graph" in data else data
    assert article["headline"] == r.title or article["name"] == r.title
    authors = article["author"] if isinstance(article["author"], list) else [article["author"]]
    assert len(authors) == len(r.authors)


def judge_endnote_xml(text: str, r: model.Record) -> None:
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"))
    [record] = root.findall("records/record")
    assert "".join(record.find("titles/title").itertext()) == r.title
    assert len(record.findall("contributors/authors/author")) == len(r.authors)


def judge_html(text: str, r: model.Record) -> None:
    from lxml import html

    doc = html.document_fromstring(text.encode("utf-8"))
    assert doc.xpath("string(//meta[@name='citation_title']/@content)") == r.title
    assert len(doc.xpath("//meta[@name='citation_author']")) == len(r.authors)
    for script in doc.xpath("//script[@type='application/ld+json']"):
        judge_jsonld(script.text, r)


def judge_nbib(text: str, r: model.Record) -> None:
    import nbib

    [ref] = nbib.read(text)
    # MEDLINE wraps long lines; a continuation reads back as one space.
    assert " ".join(ref["title"].split()) == " ".join(r.title.split())
    # The nbib package keeps only the last CN (organisation) line: count those lines directly.
    organizations = sum(1 for line in text.splitlines() if line.startswith("CN  - "))
    assert len(ref.get("authors", [])) + organizations == len(r.authors)


JUDGES: dict[str, Callable[[str, model.Record], None]] = {
    "bibtex": judge_bibtex,
    "biblatex": judge_bibtex,
    "ris": judge_ris,
    "csl-json": judge_csl_json,
    "jsonld": judge_jsonld,
    "endnote-xml": judge_endnote_xml,
    "html": judge_html,
    "nbib": judge_nbib,
}


def writer(name: str) -> Any:
    """The format's module; one that another helper has not written yet is skipped by name."""
    module = f"nenbib.formats.{FORMATS[name].module}"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        pytest.skip(f"{module} does not exist yet")


def test_every_registered_format_has_a_judge():
    assert set(FORMATS) <= set(JUDGES), f"add an independent reader for {sorted(set(FORMATS) - set(JUDGES))}"


def _round_trip(name: str, data: dict[str, Any]) -> None:
    assert nenbib.validate_record(data) == [], data
    r = model.from_dict(data)
    text = nenbib.export(r, name)
    JUDGES[name](text, r)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_writer_output_reads_back(name):
    writer(name)

    @FAST
    @given(records())
    def check(data: dict[str, Any]) -> None:
        _round_trip(name, data)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_writer_output_reads_back_many(name):
    writer(name)

    @SLOW
    @given(records())
    def check(data: dict[str, Any]) -> None:
        _round_trip(name, data)

    check()


# ---- control characters are refused by validation ---------------------------------------------

CONTROL = st.sampled_from([chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]])


def _text_fields(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    out: list[tuple[tuple[Any, ...], str]] = [(("title",), data["title"]), (("journal", "title"), data["journal"]["title"])]
    for i, a in enumerate(data["authors"]):
        for k in ("family", "given", "name", "particle", "suffix"):
            if k in a:
                out.append((("authors", i, k), a[k]))
    for i, k in enumerate(data.get("keywords", [])):
        out.append((("keywords", i), k))
    if "abstract" in data:
        out.append((("abstract",), data["abstract"]))
    return out


def _set(data: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    node: Any = data
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


@FAST
@given(records(), st.data())
def test_control_characters_are_rejected_by_name(data, draw):
    fields = _text_fields(data)
    path, value = draw.draw(st.sampled_from(fields))
    bad = draw.draw(CONTROL.filter(lambda c: not (path == ("abstract",) and c == "\n")))
    at = draw.draw(st.integers(1, max(1, len(value) - 1)))
    _set(data, path, value[:at] + bad + value[at:])
    pointer = "".join(f"/{p}" for p in path)
    problems = nenbib.validate_record(data)
    assert ("no-control-characters", pointer) in [(p.rule, p.pointer) for p in problems], problems
