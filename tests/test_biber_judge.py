"""biber 2.18 (Debian's `biber`, the backend of biblatex) as an independent judge of nenbib's BibLaTeX
and BibTeX exports: what biber's own data model holds after reading them, field by field.

`biber --tool --output-format=biblatexml` reads a .bib file (each collection in one call) and writes
its data model as BibLaTeXML: every name split by biber's own name parser (btparse) into family,
given, prefix and suffix parts; dates as biber parsed them (of BibTeX, from year, month and day),
written as ISO 8601; page ranges split into start and end. lxml parses that, and every fact is
compared with the canonical record. biber's BibLaTeXML writer leaves out xsv fields
(Biber/Output/biblatexml.pm asks the data model for fields of *datatype* 'xsv'; the keywords field's
datatype is 'keyword'), so the keywords, as biber split them, come from a second call writing BibTeX
(`--output-format=bibtex`).

tests/test_latex_compile.py runs biber for warnings; this module checks what it reads. biber's own
conventions are not counted as our bugs: each is stated below as the exact behaviour of biber 2.18
(so a test fails if biber changes); one difference is ours, left for a decision
(test_an_empty_given_name_is_a_given_name_to_biber). Text values keep LaTeX in biber's data model
(it decodes accent commands such as {\\'a} into UTF-8 and keeps the rest for LaTeX): LATEX_PRINTS
says what LaTeX prints for the commands that remain. .ci/run installs biber; without it on PATH the
module is skipped, so the README's test command runs on a machine without TeX.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from test_bench import synth
from test_bibtex import COMMENTS_INSIDE, STRING_WITH_COMMENT, as_read
from test_pandoc_judge import HOSTILE, exportable

import nenbib
from nenbib.convert import fidelity_details
from nenbib.formats import FORMATS, _latex
from nenbib.formats.biblatex import langid
from nenbib.model import Organization, Pages, Person, Record
from nenbib.records import iter_records, to_record

from conftest import RECORD_PATH, REFS, ROOT

BIBER = shutil.which("biber")
N_SYNTH = 120  # synthetic records: each biber call reads them all from one file
NS = {"b": "http://biblatex-biber.sourceforge.net/biblatexml"}

pytestmark = pytest.mark.skipif(BIBER is None, reason="biber is not installed (not on PATH; .ci/run installs Debian's biber)")


def biber(text: str, output_format: str, folder: Path) -> bytes:
    """`biber --tool` on a .bib file in folder; its output file (no network: biber needs none here).
    --noconf: no user biber.conf; tool mode then uses the biber-tool.conf biber installs."""
    (folder / "in.bib").write_text(text, encoding="utf-8")
    out = folder / f"out.{output_format}"
    command = [str(BIBER), "--tool", "--noconf", f"--output-format={output_format}", f"--output-file={out}", "in.bib"]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    log = done.stdout + done.stderr
    assert done.returncode == 0 and "ERROR" not in log, log[-3000:]
    return out.read_bytes()


def test_biber_is_2_18():
    """The behaviours asserted below are biber 2.18's."""
    out = subprocess.run([str(BIBER), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "biber version: 2.18", out


# ---- biber's data model as facts -------------------------------------------------------------------


def namepart(part: Any) -> str:
    """A name part: biber gives a part of several words as one sub-part per word."""
    subs = part.xpath("b:namepart", namespaces=NS)
    return " ".join(s.text for s in subs) if subs else part.text


def entry_facts(e: Any) -> dict[str, Any]:
    """The facts of one BibLaTeXML <entry>, by field (None where biber has no such field)."""

    def one(name: str) -> str | None:
        got = e.xpath(f"b:{name}/text()", namespaces=NS)
        return got[0] if got else None

    # biber's BibLaTeXML writer gives a given name '{}' (an empty group) no type attribute; its BibTeX
    # output (given={}) and its .bbl (given={{}}, giveni={\\bibinitperiod}) show it is the given name.
    authors = [
        {p.get("type") or "given": namepart(p) for p in n.xpath("b:namepart", namespaces=NS)}
        for n in e.xpath("b:names[@type='author']/b:name", namespaces=NS)
    ]
    # A range is an item of start and end; a value that is no range (e1003) is the item's text.
    pages = [
        (i.xpath("string(b:start)", namespaces=NS), i.xpath("string(b:end)", namespaces=NS) or None) if len(i) else (i.text, None)
        for i in e.xpath("b:pages/b:list/b:item", namespaces=NS)
    ]
    facts: dict[str, Any] = {"id": e.get("id"), "type": e.get("entrytype"), "authors": authors, "pages": pages or None}
    # Every field biber kept, by name: what it does not know (BibTeX's pmid) it leaves out without a word.
    facts["fields"] = sorted({etree.QName(c).localname for c in e})
    facts["pagetotal"] = one("pagetotal")
    for name in ("title", "journaltitle", "shortjournal", "date", "volume", "number", "eid", "doi", "issn"):
        facts[name] = one(name)
    for name in ("eprint", "eprinttype", "langid", "abstract"):
        facts[name] = one(name)
    facts["language"] = e.xpath("b:language/b:list/b:item/text()", namespaces=NS) or None
    facts["publisher"] = e.xpath("b:publisher/b:list/b:item/text()", namespaces=NS) or None
    return facts


def read_biblatexml(data: bytes) -> list[dict[str, Any]]:
    root = etree.fromstring(data)
    return [entry_facts(e) for e in root.xpath("b:entry", namespaces=NS)]


_KEYWORDS = re.compile(r"^@ARTICLE\{(?P<id>[^,]+),$|^  KEYWORDS = \{(?P<kw>.*)\},$", re.M)


def read_keywords(data: bytes) -> dict[str, list[str]]:
    """The keywords of biber's BibTeX output, by entry: biber writes its split list joined by ','
    (output_xsvsep), one field a line."""
    out: dict[str, list[str]] = {}
    key = ""
    for m in _KEYWORDS.finditer(data.decode("utf-8")):
        if m["id"]:
            key = m["id"]
            out[key] = []
        else:
            out[key] = m["kw"].split(",")
    return out


# ---- what LaTeX prints of the text biber keeps -------------------------------------------------------

# The commands nenbib writes for characters special to TeX, which biber's data model keeps as they are
# (biber's LaTeX decoding, recode_data.xml's 'base' set, turns accents and \textless into UTF-8 but
# leaves these for LaTeX), and the character LaTeX prints for each (LaTeX2e's text commands; texmath
# $<$ as the math symbol). 'T{}EL' and '?{}!' print as 'TEL' and '?!' (the empty group only stops a
# ligature and Zotero's TEL sign).
LATEX_PRINTS = {
    "\\textbraceleft{}": "{",
    "\\textbraceright{}": "}",
    "\\textbackslash{}": "\\",
    "\\textasciitilde{}": "~",
    "\\textasciicircum{}": "^",
    "\\&": "&",
    "\\%": "%",
    "\\$": "$",
    "\\#": "#",
    "\\_": "_",
    "$<$": "<",
    "$>$": ">",
    "$|$": "|",
    "$-$": "\u2212",
}
# textcomp's commands (in the LaTeX kernel since 2020) that biber leaves for LaTeX to print.
LATEX_PRINTS |= {
    "{\\textmu}": "\u00b5",
    "{\\textpm}": "\u00b1",
    "{\\texttimes}": "\u00d7",
    "{\\textdiv}": "\u00f7",
    "{\\texttrademark}": "\u2122",
    "{\\textrightarrow}": "\u2192",
}
# Greek letters in math, as LaTeX prints them (Computer Modern's glyphs; unicode-math's names for them):
# nenbib's --ascii writes these, and none of the letters whose printed form is in doubt (\epsilon, \phi).
LATEX_PRINTS |= {
    f"$\\{name}$": letter
    for name, letter in zip(
        "alpha beta gamma delta zeta eta theta iota kappa lambda nu xi pi rho sigma tau upsilon chi psi omega"
        " Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega".split(),
        "\u03b1\u03b2\u03b3\u03b4\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bd\u03be\u03c0\u03c1\u03c3\u03c4\u03c5\u03c7\u03c8\u03c9"
        "\u0393\u0394\u0398\u039b\u039e\u03a0\u03a3\u03a6\u03a8\u03a9",
        strict=True,
    )
}
_PRINTED = re.compile("|".join(re.escape(k) for k in sorted(LATEX_PRINTS, key=len, reverse=True)))
# Each command held as one private-use character while the braces that only group are taken out.
_HELD = {k: chr(0xE000 + n) for n, k in enumerate(LATEX_PRINTS)}
_PLACEHOLDER = {v: k for k, v in _HELD.items()}


def printed(text: str | None) -> str | None:
    """What LaTeX prints of a text value biber holds: the commands above as their characters, a tilde
    accent biber left on a character it decoded ({\\~ê}) as that character with the accent, TeX's
    dash ligatures as dashes; a bare brace only groups (it protects case, or holds a decoded accent: {Å})."""
    if text is None:
        return None
    text = _PRINTED.sub(lambda m: _HELD[m[0]], text)
    text = re.sub(r"\\~\{?([^\W\d_])\}?", "\\1\u0303", text)
    # A ligature before the braces go: '-{}-' (a record's own '--') prints two hyphens.
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("{", "").replace("}", "")
    text = "".join(LATEX_PRINTS.get(_PLACEHOLDER.get(c, ""), c) for c in text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def walk(value: Any, f: Any) -> Any:
    """A value with f applied to every string in it."""
    if isinstance(value, str):
        return f(value)
    if isinstance(value, list):
        return [walk(v, f) for v in value]
    if isinstance(value, tuple):
        return tuple(walk(v, f) for v in value)
    if isinstance(value, dict):
        return {k: walk(v, f) for k, v in value.items()}
    return value


def nfc(value: Any) -> Any:
    """A value with every string in Unicode's composed form (NFC)."""
    return walk(value, lambda s: unicodedata.normalize("NFC", s))


def flat(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


# ---- what biber should hold for a record -----------------------------------------------------------


def name_of(a: Any) -> dict[str, str]:
    """The parts biber gives a record's author: an organisation (braced), like a person without a given
    name braced whole (NO_GIVEN_NAME), is a family name alone."""
    a = as_read(a)
    if isinstance(a, Organization):
        return {"family": a.name}
    parts = {"family": a.family, "given": a.given, "prefix": a.particle, "suffix": a.suffix}
    if a.particle and (not a.particle_space or a.particle.split()[-1][0].isupper()):
        # btparse splits a name into words at spaces only: an elided particle written against the
        # family name ("d'Alembert") is one word, the family name (biber keeps no prefix). And
        # BibTeX's von rule (FIDELITY): a particle whose last word starts with a capital ('De La')
        # is part of the family name.
        parts["family"], parts["prefix"] = a.family_full, None
    out = {k: v for k, v in parts.items() if v}
    if not a.given and a.suffix:
        # Without a given name but with a suffix nenbib writes an empty group for the given name
        # ('Aristotle, Jr., {}', NO_GIVEN_NAME): biber, like BibTeX, holds a given name '{}' (it prints
        # nothing, but its initial is a lone period: biblatex's giveninits and BibTeX's abbrv print
        # '. Aristotle, Jr.').
        out["given"] = ""
    return out


def expected(r: Record, fmt: str) -> dict[str, Any]:
    """What biber's data model of record r holds, field by field (text as LaTeX prints it)."""
    p, ids, j = r.pages, r.identifiers, r.journal
    e: dict[str, Any] = {
        "id": r.id,
        "type": "article",
        "authors": [name_of(a) for a in r.authors],
        "title": flat(r.title),
        "journaltitle": flat(j.title),
        "shortjournal": flat(j.abbreviation_iso) if fmt == "biblatex" else None,
        "date": r.issued.iso(),
        "volume": r.volume,
        "number": r.issue,
        "pages": None,
        "eid": None,
        "doi": ids.doi,
        "issn": j.issn_print,
        "eprint": ids.pmid if fmt == "biblatex" else None,
        "eprinttype": "pubmed" if fmt == "biblatex" and ids.pmid else None,
        "langid": langid(r.language) if fmt == "biblatex" else None,
        "language": [r.language] if fmt == "bibtex" and r.language else None,
        "publisher": [r.publisher] if fmt == "bibtex" and r.publisher else None,
        # btparse collapses every run of white space, a blank line too: the paragraphs of an
        # abstract run together (biblatex prints one paragraph).
        "abstract": flat(r.abstract),
        "keywords": list(r.keywords),
        "pagetotal": str(p.count) if fmt == "bibtex" and p and p.count else None,
    }
    if p is not None:
        if p.article_number is not None:
            if fmt == "biblatex":
                e["eid"] = p.article_number
            else:
                e["pages"] = [(p.article_number, None)]  # BibTeX has no eid: the article number is the pages
        else:
            e["pages"] = [(str(p.first), None if p.last is None else str(p.last))]
    # The fields of biber's entry. Of our BibTeX, biber's data model has no place for affiliation,
    # pmid or pmcid (biblatex's own place for a PMID is eprint, which the BibLaTeX export uses).
    names = {"authors": "names", "keywords": None, "id": None, "type": None}
    e["fields"] = sorted({names.get(k, k) for k, v in e.items() if v} - {None})
    return e


def dotless(text: str) -> str:
    """An `--ascii` text as biber decodes it: an accent written on \\i ({\\"\\i}, as LaTeX wants it
    for ï) lands on a dotless i, U+0131 with the combining accent (recode_data.xml maps \\i to ı)."""
    out = []
    for c in text:
        decomposed = unicodedata.normalize("NFD", c)
        if decomposed[0] == "i" and len(decomposed) > 1 and "\\i" in _latex.escape(c, ascii=True):
            c = "\u0131" + decomposed[1:]
        out.append(c)
    return "".join(out)


def stacked_tilde(a: Any) -> bool:
    """Whether `--ascii` writes the name with a tilde accent on an accented letter (ễ: {\\~{\\^{e}}})."""
    return "\\~{\\" in _latex.format_author(a, ascii=True)


def compare(r: Record, got: dict[str, Any], keywords: list[str], fmt: str, ascii: bool = False) -> list[str]:
    """Every difference between biber's reading of record r and the record's facts."""
    want = expected(r, fmt)
    if ascii:
        want = {k: v if k in ("id", "doi") else walk(v, dotless) for k, v in want.items()}
        # biber decodes one accent of a stacked pair and its name parser then splits the name at the
        # tilde of the other ('Nguy{\\' 'ê}n'): see test_biber_splits_a_name_at_a_stacked_tilde_accent.
        skip = [n for n, a in enumerate(r.authors) if stacked_tilde(a)]
        want["authors"] = [... if n in skip else v for n, v in enumerate(want["authors"])]
        got = dict(got, authors=[... if n in skip else v for n, v in enumerate(got["authors"])])
    have = dict(got, keywords=[printed(k) for k in keywords])
    for k in ("journaltitle", "shortjournal", "abstract"):
        have[k] = printed(have[k])
    have["title"] = printed(have["title"])
    have["authors"] = [n if n is ... else {k: printed(v) for k, v in n.items()} for n in have["authors"]]
    # biber normalises text to NFD as it reads and writes NFC (Biber/Output/biblatexml.pm calls NFC
    # on every value): a record's decomposed 'Á' (tests/data/hard/names.json) comes back composed.
    want = {k: nfc(v) for k, v in want.items()}
    return [f"{k}: {have[k]!r} != {v!r}" for k, v in want.items() if have[k] != v]


# ---- the records -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> list[Record]:
    """The shipped record, the hard ones (tests/data/hard), the pandoc judge's hostile ones, synthetic ones."""
    out = [nenbib.load_record(RECORD_PATH), *iter_records([str(ROOT / "tests" / "data" / "hard")])]
    out += [to_record(d, d["id"]) for d in HOSTILE]
    out += [to_record(d, d["id"]) for d in synth.records(N_SYNTH, seed=45)]
    # Shapes the others lack: no given name, a capitalised particle, an organisation with 'and' or a
    # comma, initials, a record's own '--', one page, 25 authors.
    base = out[0]
    shapes = {
        "nogiven": (Person("Plato"), Person("Aristotle", suffix="Jr."), Person("Souza", particle="de")),
        "nogivenbraced": (Person("García Márquez"), Person("Berg", particle="van der")),
        "capitalparticle": (Person("Cruz", "María", particle="De La"), Person("Alembert", "Jean", particle="d\u2019")),
        "orgs": (Organization("Bill and Melinda Gates Foundation"), Organization("Smith, Jones & Co")),
        "accentorgs": (
            Organization("\u00d6sterreichische Gesellschaft"),
            Organization("\u00c5ngstr\u00f6m Lab"),
            Person("\u00c9lan Berg", "Anna"),
        ),
        "initials": (Person("Smith", "J.-P."), Person("Doe", "J.R.R."), Person("Ng", "A B")),
        "many": tuple(Person(f"Author{chr(65 + i // 26)}{chr(97 + i % 26)}", "Ann B") for i in range(25)),
    }
    out += [dataclasses.replace(base, id=k, authors=v) for k, v in shapes.items()]
    out.append(dataclasses.replace(base, id="onepage", pages=Pages(first=389), title="A -- B --- C"))
    # Greek letters and signs that --ascii writes as LaTeX ({$\beta$}, {\textpm}), which biber keeps for LaTeX to print.
    greek = "TGF-β and NF-κB: αβ T cells, Δ and Ψ at 5 µM"
    signs = "Mean ± SD at 37 °C, 2 × 10 cells, 0.5‰ ½ dose • ¼ ÷ 3 ™ → x"
    out.append(dataclasses.replace(base, id="greeksigns", title=greek, abstract=signs, keywords=("TGF-β", "37 °C")))
    return out


@pytest.fixture(scope="module")
def biber_reads(records: list[Record], tmp_path_factory: pytest.TempPathFactory) -> Any:
    cache: dict[tuple[str, bool], Any] = {}

    def read(fmt: str, ascii: bool) -> tuple[list[Record], list[dict[str, Any]], dict[str, list[str]]]:
        if (fmt, ascii) not in cache:
            recs = exportable(records, fmt, ascii)
            text = nenbib.export(recs, fmt, ascii=ascii)
            folder = tmp_path_factory.mktemp("biber")
            model = read_biblatexml(biber(text, "biblatexml", folder))
            cache[fmt, ascii] = (recs, model, read_keywords(biber(text, "bibtex", folder)))
        return cache[fmt, ascii]

    return read


CASES = [("biblatex", False), ("biblatex", True), ("bibtex", False), ("bibtex", True)]


@pytest.mark.parametrize(("fmt", "ascii"), CASES, ids=[f"{f}{'-ascii' if a else ''}" for f, a in CASES])
def test_biber_reads_every_fact(biber_reads, fmt, ascii):
    """biber reads each record of a file of many, and its data model holds every fact where it belongs."""
    recs, model, keywords = biber_reads(fmt, ascii)
    assert len(model) == len(recs) > 20
    problems = [
        f"{r.id}: {p}" for r, got in zip(recs, model, strict=True) for p in compare(r, got, keywords[got["id"]], fmt, ascii)
    ]
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:25])


@pytest.mark.parametrize(("path", "fmt"), [("ohmoto2020genomic.biblatex.bib", "biblatex"), ("ohmoto2020genomic.bib", "bibtex")])
def test_biber_reads_the_shipped_exports(record, path, fmt, tmp_path):
    """The committed exports in refs/ (not a fresh export) read by biber as the record says."""
    text = (REFS / path).read_text(encoding="utf-8")
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    keywords = read_keywords(biber(text, "bibtex", tmp_path))[record.id]
    assert compare(record, got, keywords, fmt) == []


# ---- biber's limits, asserted exactly (a test fails if biber changes) --------------------------------


def test_biber_reads_the_layouts_as_the_bibtex_readers_warnings_say(tmp_path):
    """nenbib's BibTeX reader names biber in its warnings: an entry with a '%' comment between
    '@article' and its '{' biber reads (so does nenbib); an entry inside @comment{...} it leaves out,
    on the @comment's line or a later one (so does nenbib); of a repeated key it keeps the first
    entry only, but a key that differs in case it keeps (nenbib keeps a differing repeat under a new key)."""
    fields = "author = {{Roe, Ann}}, journal = {{J}}, year = 2020, title = {{{}}}".format
    text = (
        f"@article %c\n{{a1, {fields('One')}}}\n@comment{{@article{{a2, {fields('Two')}}}}}\n"
        f"@comment{{\n@article{{a4, {fields('Four')}}}\n}}\n"
        f"@article{{a3, {fields('Three')}}}\n@article{{a3, {fields('Five')}}}\n@article{{A3, {fields('Six')}}}\n"
    )
    out = biber(text, "bibtex", tmp_path).decode("utf-8")
    entries = re.findall(r"^@(\w+)\{([^,\n]+),\n(?:.*\n)*?\s*title\s*=\s*\{(\w+)\}", out, re.MULTILINE | re.IGNORECASE)
    assert [(key, title) for kind, key, title in entries if kind.lower() == "article"] == [
        ("a1", "One"),
        ("a3", "Three"),
        ("A3", "Six"),
    ]
    result = FORMATS["biblatex"].load().read(text, "x.bib")
    assert [(r["id"], r["title"]) for r in result.records] == [("a1", "One"), ("a3", "Three"), ("a3a", "Five"), ("A3b", "Six")]


def test_biber_reads_comments_inside_entries_as_nenbib_does(tmp_path):
    """'%' to the end of a line outside a value is a comment to biber: nenbib's reader reads the entries
    with comments (its warning names biber) fact by fact as biber does; a '%' in a value is the value's."""
    text = (
        STRING_WITH_COMMENT
        + "".join(commented for commented, _ in COMMENTS_INSIDE)
        + "% @article{old, title = {Commented out}, author = {Roe, Ann}, journal = {J}, year = 2019}\n"
        + '@article{v1, title = {50% of {T}}, author = {Roe, Ann}, journal = "J % Q", year = 2020, % c\n volume = 3}\n'
    )
    got = read_biblatexml(biber(text, "biblatexml", tmp_path))
    result = FORMATS["biblatex"].load().read(text, "x.bib")
    assert [e["id"] for e in got] == [r["id"] for r in result.records] == ["a1", "a2", "a3", "a4", "a5", "a6", "v1"]
    for e, r in zip(got, result.records, strict=True):
        assert e["fields"] == sorted({"names", "title", "journaltitle", "date"} | ({"volume"} if "volume" in r else set()))
        assert e["authors"] == [{k: a[k] for k in ("family", "given")} for a in r["authors"]]
        assert (e["title"], e["journaltitle"], e["date"], e["volume"]) == (
            r["title"] if r["id"] != "v1" else "50% of {T}",  # biber keeps the LaTeX: the braces are LaTeX's
            r["journal"]["title"],
            str(r["issued"]["year"]),
            r.get("volume"),
        )
    assert result.records[-1]["title"] == "50% of T"


def test_biber_splits_a_name_at_a_stacked_tilde_accent(tmp_path):
    """`--ascii` writes ễ (Vietnamese, as in Nguyễn) as {\\~{\\^{e}}}, as LaTeX wants it. biber decodes the
    inner accent only, and its name parser then splits the name at the tilde of the outer one: the
    family name 'Nguyễn' becomes two words, 'Nguy{\\' and 'ê}n'. A single tilde accent ({\\~a}) and
    UTF-8 (the default export, which biber reads natively) are read right; biber users need no --ascii."""
    r = to_record({**HOSTILE[2], "title": "T", "authors": [{"family": "Nguyễn", "given": "João"}]}, "k")
    text = nenbib.export(r, "biblatex", ascii=True)
    assert "author = {Nguy{\\~{\\^{e}}}n, Jo{\\~a}o}" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Nguy{\\ ê}n", "given": "João"}]
    (got,) = read_biblatexml(biber(nenbib.export(r, "biblatex"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Nguyễn", "given": "João"}]


def test_biber_reads_an_elided_particle_as_part_of_the_family_name(tmp_path):
    """btparse splits a name into words at spaces only: 'd'Alembert, Jean' (the particle d' written
    against the family name, as it is printed) is the family name d'Alembert, without a prefix."""
    r = to_record({**HOSTILE[2], "authors": [{"family": "Alembert", "given": "Jean", "particle": "d'"}]}, "k")
    text = nenbib.export(r, "biblatex")
    assert "author = {d'Alembert, Jean}" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "d'Alembert", "given": "Jean"}]


def test_biber_reads_an_ascii_particle_starting_with_sharp_s_as_part_of_the_family_name(tmp_path):
    """--ascii writes a particle's \u00df as {\\ss}: biber decodes it to a braced group, {\u00df}u, which it takes for a
    capital, so the particle is part of the family name (the fidelity table says so); {\\ss u} too. \\ss{}u it reads
    as the prefix, but bibtexparser's name splitter cuts it after an 'and' (tests/test_bibtex.py). UTF-8: the prefix."""
    r = to_record({**HOSTILE[2], "title": "T", "authors": [{"family": "Berg", "given": "Jan", "particle": "\u00dfu"}]}, "k")
    text = nenbib.export(r, "biblatex", ascii=True)
    assert "author = {{\\ss}u Berg, Jan}" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "{\u00df}u Berg", "given": "Jan"}]
    (got,) = read_biblatexml(biber(text.replace("{\\ss}u", "{\\ss u}"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "{\u00dfu} Berg", "given": "Jan"}]
    (got,) = read_biblatexml(biber(text.replace("{\\ss}u", "\\ss{}u"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Berg", "given": "Jan", "prefix": "\u00dfu"}]
    (got,) = read_biblatexml(biber(nenbib.export(r, "biblatex"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Berg", "given": "Jan", "prefix": "\u00dfu"}]


# BibTeX's von rule (bibtex.web's von_token_found) as a .bst: each name's von and last parts as BibTeX splits them.
_VON_BST = """ENTRY { author } {} {}
INTEGERS { n i }
FUNCTION {article} {
  #1 'i :=
  author num.names$ 'n :=
  { i n #1 + < }
  { cite$ write$ ":" write$ author i "{vv}|{ll}" format.name$ write$ newline$ i #1 + 'i := }
  while$
}
READ
ITERATE {call.type$}
"""
# Spellings of the particle 'ßu' in ASCII: what each reader takes for its particle, first in the list and after an
# 'and'. None is read as the particle by all: biber reads every one that starts with a brace as a capital ('{ß}u'),
# bibtexparser's name splitter cuts the first two characters of one that starts with a backslash after an 'and'
# ('\ss{}u' to 's{}u'); '\ss u' is two words to all. --ascii writes '{\ss}u', which BibTeX and bibtexparser read so.
_SPELLINGS = ("{\\ss}u", "\\ss{}u", "{\\ss u}", "{\\ss{}}u", "{}\\ss{}u", "{\\relax\\ss}u", "{{\\ss}}u")


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_no_ascii_spelling_of_a_particle_starting_with_sharp_s_is_a_particle_to_every_reader(tmp_path):
    """The fidelity note's claim, spelling by spelling, with BibTeX, pybtex, bibtexparser and biber."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
    from pybtex.database import parse_string

    entries = {}
    for n, spelling in enumerate(_SPELLINGS):
        entries[f"f{n}"] = f"{spelling} Berg, Jan and Smith, Ann"
        entries[f"l{n}"] = f"Smith, Ann and {spelling} Berg, Jan"
    fields = "title = {T}, journal = {J}, year = 2020"
    text = "".join(f"@article{{{k}, author = {{{v}}}, {fields}}}\n" for k, v in entries.items())
    (tmp_path / "von.bst").write_text(_VON_BST)
    (tmp_path / "x.aux").write_text("\\citation{*}\n\\bibstyle{von}\n\\bibdata{in}\n")
    bbl = biber(text, "biblatexml", tmp_path)  # writes in.bib, which bibtex reads too
    subprocess.run(["bibtex", "x"], cwd=tmp_path, capture_output=True, timeout=60, check=True)
    by_bibtex: dict[str, list[str]] = {}
    for line in (tmp_path / "x.bbl").read_text().splitlines():
        key, von_last = line.split(":", 1)
        by_bibtex.setdefault(key, []).append(von_last)
    by_biber = {b["id"]: b["authors"] for b in read_biblatexml(bbl)}
    by_pybtex = parse_string(text, "bibtex").entries
    read_by = {}  # spelling -> the readers that read its particle, in both places
    for n, spelling in enumerate(_SPELLINGS):
        readers = set()
        for key, i in ((f"f{n}", 0), (f"l{n}", 1)):
            ok = set()
            if by_bibtex[key][i] == f"{spelling}|Berg":
                ok.add("bibtex")
            if by_pybtex[key].persons["author"][i].prelast_names == [spelling]:
                ok.add("pybtex")
            if parse_single_name_into_parts(split_multiple_persons_names(entries[key])[i]).von == [spelling]:
                ok.add("bibtexparser")
            if by_biber[key][i] == {"family": "Berg", "given": "Jan", "prefix": "\u00dfu"}:
                ok.add("biber")
            readers = ok if key.startswith("f") else readers & ok
        read_by[spelling] = readers
    assert read_by == {
        "{\\ss}u": {"bibtex", "bibtexparser"},  # what --ascii writes
        "\\ss{}u": {"bibtex", "pybtex", "biber"},  # bibtexparser: 's{}u' after an 'and'
        "{\\ss u}": {"bibtex", "pybtex", "bibtexparser"},
        "{\\ss{}}u": {"bibtex", "bibtexparser"},
        "{}\\ss{}u": {"bibtex", "pybtex", "bibtexparser"},
        "{\\relax\\ss}u": {"bibtex", "pybtex", "bibtexparser"},
        "{{\\ss}}u": {"bibtex", "pybtex", "bibtexparser"},
    }
    assert "{\\ss}u" in nenbib.export(
        to_record({**HOSTILE[2], "title": "T", "authors": [{"family": "Berg", "given": "Jan", "particle": "\u00dfu"}]}, "k"),
        "bibtex",
        ascii=True,
    )
    assert "(not to BibTeX or bibtexparser)" in FORMATS["bibtex"].load().FIDELITY["authors"]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_a_person_called_others_is_a_name_to_biber_not_et_al(tmp_path, fmt):
    """biber takes 'others' for et al. in any case, braced whole too ('{Others}': morenames, no name);
    '{O}thers', as nenbib writes it, is the family name, its brace kept for LaTeX (which prints 'Others')."""
    r = to_record({**HOSTILE[2], "authors": [{"family": "Smith", "given": "Ann"}, {"family": "Others"}]}, "k")
    text = nenbib.export(r, fmt)
    assert "author = {Smith, Ann and {O}thers}" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Smith", "given": "Ann"}, {"family": "{O}thers"}]
    (got,) = read_biblatexml(biber(text.replace("{O}thers", "{Others}"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Smith", "given": "Ann"}]


def test_an_organisation_called_others_is_a_name_to_biber_not_et_al(tmp_path):
    """Braced whole ('{Others}'), an organisation called 'Others' is et al. to biber; '{{O}thers}', as nenbib
    writes it, is a name."""
    r = to_record({**HOSTILE[2], "authors": [{"family": "Smith", "given": "Ann"}, {"name": "Others"}]}, "k")
    text = nenbib.export(r, "biblatex")
    assert "author = {Smith, Ann and {{O}thers}}" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Smith", "given": "Ann"}, {"family": "{O}thers"}]
    (got,) = read_biblatexml(biber(text.replace("{{O}thers}", "{Others}"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Smith", "given": "Ann"}]


def test_biber_joins_the_paragraphs_of_an_abstract(tmp_path):
    """btparse collapses every run of white space in a value, a blank line too: biber's abstract is one
    paragraph. Keywords are not in biber's BibLaTeXML (see the module docstring), only in its BibTeX."""
    r = to_record(HOSTILE[0], "names2021")
    text = nenbib.export(r, "biblatex")
    assert "cases.\n\nThird" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["abstract"].endswith("50\\% of cases. Third after a blank line.")
    assert b"keywords" not in biber(text, "biblatexml", tmp_path)
    assert read_keywords(biber(text, "bibtex", tmp_path)) == {"names2021": ["BRCA1", "pH", "mTOR", "Ångström"]}


def test_biber_writes_text_composed(tmp_path):
    """biber writes every value in NFC: a decomposed 'Á' (U+0041 U+0301) comes back as U+00C1."""
    r = to_record({**HOSTILE[2], "authors": [{"family": "Zoë", "given": "A\u0301nna"}]}, "k")
    (got,) = read_biblatexml(biber(nenbib.export(r, "biblatex"), "biblatexml", tmp_path))
    assert got["authors"] == [{"family": "Zoë", "given": "\u00c1nna"}]


def test_biber_puts_an_accent_written_on_i_on_a_dotless_i(tmp_path):
    """`--ascii` writes ï as {\\"\\i} (LaTeX's input for it); biber's data model holds U+0131 U+0308, a
    dotless i with a combining diaeresis, which LaTeX prints as ï. An accent below stays on i ({\\d{i}})."""
    r = to_record({**HOSTILE[2], "title": "Naïve Thị", "authors": [{"family": "Gödel", "given": "Kurt"}]}, "k")
    text = nenbib.export(r, "biblatex", ascii=True)
    assert 'title = {Na{\\"\\i}ve Th{\\d{i}}}' in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["title"] == "Na\u0131\u0308ve Th\u1ecb"


# The fields whose facts `expected` holds differently from the record, by format: each module's BIBER
# notes (shown by `nenbib formats --details`) name these and no others.
READ_DIFFERENTLY = {
    "biblatex": {"authors", "abstract"},
    "bibtex": {"authors", "affiliations", "identifiers.pmid", "identifiers.pmcid", "abstract"},
}


@pytest.mark.parametrize("fmt", list(READ_DIFFERENTLY))
def test_the_biber_notes_name_what_biber_reads_differently(fmt):
    notes = FORMATS[fmt].load().BIBER
    assert set(notes) == READ_DIFFERENTLY[fmt]
    assert all(note.startswith("biber ") for note in notes.values())
    details = [line for line in fidelity_details(FORMATS[fmt]) if ": in biber: " in line]
    assert len(details) == len(notes)


def test_a_person_without_a_given_name_has_none_in_biber(tmp_path):
    """Without a given name nenbib braces a name of several words whole (NO_GIVEN_NAME), so that biber
    holds the family name alone: an empty given name '{}', as written before, biber holds as a given
    name, whose initial is a lone period in styles printing initials ('. de Souza'). Only beside a
    suffix the empty given name stays ('Aristotle, Jr., {}'): 'Aristotle, Jr.' reads as 'Last, First'."""
    authors = [
        {"family": "de Souza"},
        {"family": "García Márquez"},
        {"family": "Souza", "particle": "de"},
        {"family": "Plato"},
        {"family": "Aristotle", "suffix": "Jr."},
    ]
    r = to_record({**HOSTILE[2], "authors": authors}, "k")
    text = nenbib.export(r, "biblatex")
    assert "author = {{de Souza} and {García Márquez} and {de Souza} and Plato and Aristotle, Jr., {}}" in text
    (got,) = read_biblatexml(biber(text, "biblatexml", tmp_path))
    assert got["authors"] == [
        {"family": "de Souza"},
        {"family": "García Márquez"},
        {"family": "de Souza"},
        {"family": "Plato"},
        {"family": "Aristotle", "suffix": "Jr.", "given": "{}"},
    ]
