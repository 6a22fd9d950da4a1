"""pandoc 3.9 (the binary of pypandoc-binary) as an independent judge of nenbib's exports, and as a
source of real-world files for nenbib's readers.

Direction 1: pandoc reads our BibTeX, BibLaTeX, RIS, CSL-JSON and EndNote XML (each collection in one
call) and writes CSL-JSON; every field is compared with the canonical record's facts.
Direction 2: pandoc converts our CSL-JSON to BibTeX, BibLaTeX and CSL-JSON; `nenbib import` reads
that back, and every fact is compared with the original record.

pandoc's documented conventions and its readers' and writers' limits are not counted as our bugs:
each is stated below as the exact behaviour of pandoc 3.9 (so a test fails if pandoc changes), with
the source that shows it: jgm/pandoc src/Text/Pandoc/Citeproc/BibTeX.hs (the BibTeX and BibLaTeX
reader and writer), src/Text/Pandoc/Readers/RIS.hs and src/Text/Pandoc/Readers/EndNote.hs.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pypandoc
import pytest
from test_bench import synth
from test_bibtex import as_read

import nenbib
from nenbib import model
from nenbib.convert import import_file
from nenbib.errors import NenbibError
from nenbib.formats import _latex, csljson
from nenbib.formats.biblatex import langid
from nenbib.model import Organization, Person, Record
from nenbib.records import to_record

from conftest import RECORD_PATH, REFS

PANDOC = pypandoc.get_pandoc_path()  # the binary that pypandoc-binary (the test extra) bundles
N_SYNTH = 120  # synthetic records: each pandoc call reads them all from one file


def pandoc(source: str, target: str, text: str, *options: str) -> str:
    """pandoc -f source -t target, text on stdin (no network: pandoc needs none for these)."""
    command = [PANDOC, "-f", source, "-t", target, *options]
    done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def test_pandoc_is_3_9():
    """The conventions asserted below are pandoc 3.9's."""
    out = subprocess.run([PANDOC, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("pandoc 3.9"), out.splitlines()[0]


# Hand-written hostile records: an organisation, particles (van der, de la, d'), suffixes (Jr., III),
# hyphenated, accented and non-Latin names; acronyms and a proper noun after a colon; a one-page
# article, an article number, no issue; LaTeX specials and U+2212 in title, keywords and abstract;
# an abstract with line breaks and a blank line; year-month-day and year-month dates; a non-English title.
_BASE: dict[str, Any] = {
    "type": "article-journal",
    "journal": {"title": "Journal of Hostile Data", "abbreviation_nlm": "J Hostile Data", "issn_print": "1234-5679"},
    "volume": "7",
    "language": "en",
}
HOSTILE: list[dict[str, Any]] = [
    {
        **_BASE,
        "id": "names2021",
        "title": "Germline BRCA1 Variants, pH and mTOR: Evidence from Japan and the WHO Atlas",
        "authors": [
            {"name": "The Cancer Genome Atlas Research Network"},
            {"family": "Berg", "given": "Jan", "particle": "van der"},
            {"family": "Cruz", "given": "María", "particle": "de la"},
            {"family": "Alembert", "given": "Jean", "particle": "d'"},
            {"family": "Neumann", "given": "John", "particle": "von", "suffix": "Jr."},
            {"family": "King", "given": "Martin Luther", "suffix": "III"},
            {"family": "Müller-Lüdenscheidt", "given": "Jean-Luc"},
            {"family": "García Márquez", "given": "Gabriel"},
            {"family": "de Souza", "given": "Ana"},  # 'de' part of the family name, not a particle
            {"family": "山田", "given": "太郎"},
            {"family": "Иванов", "given": "Иван"},
            {"family": "Παπαδόπουλος", "given": "Αλέξανδρος"},
            {"family": "Nguyễn", "given": "Thị Minh"},
        ],
        "issued": {"year": 2021, "month": 2, "day": 28},
        "issue": "3",
        "pages": {"first": 101, "last": 101, "count": 1},
        "identifiers": {"doi": "10.1234/names.2021.1", "pmid": "33333333", "pmcid": "PMC7777777"},
        "keywords": ["BRCA1", "pH", "mTOR", "Ångström"],
        "abstract": "First paragraph with BRCA1.\nSecond paragraph: pH 7.4 & 50% of cases.\n\nThird after a blank line.",
    },
    {
        **_BASE,
        "id": "specials2022",
        "title": "Costs & Benefits: 50% of {Curly} Cases \\ Back-slashed $x_1$ #1 ~tilde^caret_under \u2212 minus",
        "authors": [{"family": "O'Brien", "given": "Seán"}, {"family": "Smith", "given": "Jo"}],
        "issued": {"year": 2022, "month": 11},
        "pages": {"article_number": "e1003"},
        "identifiers": {"doi": "10.1000/xyz_(123)<4>;5"},
        "keywords": ["R&D", "100% {braces}", "back\\slash", "x^2 ~ y_1 # $5"],
        "abstract": 'An abstract with } unbalanced { braces, % comments, \\input{/etc/passwd}, @comment{ and \\" quotes'
        " \u2212 minus.\nA second paragraph.",
    },
    {
        **_BASE,
        "id": "goedel2019",
        "title": "Über die Méthode: naïve Ångström in Ελληνικά",
        "language": "de",
        "authors": [{"family": "Gödel", "given": "Kurt"}],
        "issued": {"year": 2019, "month": 12, "day": 1},
        "pages": {"first": 1, "last": 12, "count": 12},
        "identifiers": {"doi": "10.5555/abc.def-1"},
    },
    {
        **_BASE,
        "id": "mononyms2023",
        "title": "Persons without a Given Name",
        # Written without an empty given name (NO_GIVEN_NAME): braced whole where BibTeX would split them.
        "authors": [{"family": "Sukarno"}, {"family": "García Márquez"}, {"family": "Souza", "particle": "de"}],
        "issued": {"year": 2023},
        "pages": {"first": 5, "last": 9},
    },
    {
        **_BASE,
        "id": "accentorgs2024",
        "title": "Organisations with an Accented First Letter",
        # --ascii writes their first letters outside the name's braces ({\\"O}{sterreichische ...}: alpha's label).
        "authors": [
            {"name": "Österreichische Gesellschaft für Onkologie"},
            {"name": "Ångström Lab"},
            {"family": "Élan Berg", "given": "Anna"},
            {"name": "AT&T Labs"},  # an escaped sign among the first three: outside the braces in UTF-8 too
        ],
        "issued": {"year": 2024},
        "pages": {"first": 5, "last": 9},
    },
]


@pytest.fixture(scope="module")
def records() -> list[Record]:
    hostile = [to_record(d, d["id"]) for d in HOSTILE]
    synthetic = [to_record(d, d["id"]) for d in synth.records(N_SYNTH, seed=38)]
    return [nenbib.load_record(RECORD_PATH), *hostile, *synthetic]


# ---- what pandoc makes of a value ----------------------------------------------------------------


def apos(text: str) -> str:
    """pandoc's readers turn ' into ’ (the LaTeX reader's smart extension; citeproc's CSL-JSON reader)."""
    return text.replace("\u2019", "'")


def flat(text: str) -> str:
    """Whitespace collapsed: pandoc reads a value into inlines, where any run of spaces is one space."""
    return " ".join(text.split())


def no_braces(text: str) -> str:
    """pandoc's LaTeX reader (3.9) does not know \\textbraceleft and \\textbraceright, which nenbib
    writes for a literal brace (FORMAT-NOTES: '\\{' breaks BibTeX's brace matching): it drops them."""
    return text.replace("{", "").replace("}", "")


def pandoc_math(text: str) -> str:
    """nenbib writes <, > and | as text math ('$<$') in a BibTeX field without a '$' of its own
    (Zotero reads that, not \\textless); pandoc reads text math as math, kept as TeX in CSL-JSON."""
    if "$" in text:
        return text
    return text.replace("<", "$<$").replace(">", "$>$").replace("|", "$|$")


# pandoc's LaTeX reader (3.9) drops \DJ and \dj, which `--ascii` writes for 'Đ' and 'đ' (it drops
# \textemdash and \textendash too, so '—' and '–' are written as TeX's ligatures '---' and '--'); it
# reads U+2212's '$-$' as math, kept as TeX; and puts the diaeresis of {\"\i} on a dotless i ('ı̈',
# not 'ï'), as it does every accent on \i (an accent below is written on i, {\d{i}}, and read right).
PANDOC_ASCII = {"\u0110": "", "\u0111": "", "\u2212": "$-$"}
# It reads a Greek letter's text math ({$\beta$}) as math too, kept as TeX ('$\beta$'; its citeproc
# prints the letter); reads {\textmu} as the Greek letter mu; and drops the textcomp commands its
# reader lacks, which `--ascii` writes for these signs (Zotero's and citation-js's imports read them).
PANDOC_ASCII |= {c: "" for c in "\u00b1\u00d7\u00f7\u2030\u2122\u2192\u00a2\u2026"}
PANDOC_ASCII |= {"\u00b5": "\u03bc"}
PANDOC_ASCII |= {
    c: f"$\\{name}$"
    for c, name in zip(
        "\u03b1\u03b2\u03b3\u03b4\u03b6\u03b7\u03ba\u03bb\u03bd\u03be\u03c0\u03c1\u03c3\u03c4\u03c5\u03c7\u03c8"
        "\u0393\u0394\u0398\u039b\u039e\u03a0\u03a3\u03a6\u03a8",
        "alpha beta gamma delta zeta eta kappa lambda nu xi pi rho sigma tau upsilon chi psi"
        " Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi".split(),
        strict=True,
    )
}


def ascii_read(text: str, table: dict[str, str]) -> str:
    """What a LaTeX reader that puts every accent on \\i on a dotless i reads of an `--ascii` BibTeX
    value that holds this text, its other misreadings by character in table (pandoc and citation-js)."""
    out = []
    for c in text:
        decomposed = unicodedata.normalize("NFD", c)
        if decomposed[0] == "i" and len(decomposed) > 1 and "\\i" in _latex.escape(c, ascii=True):
            c = "\u0131" + decomposed[1:]
        out.append(table.get(c, c))
    return "".join(out)


def pandoc_ascii(text: str) -> str:
    """What pandoc reads of an `--ascii` BibTeX value that holds this text."""
    return ascii_read(text, PANDOC_ASCII)


def ascii_view(r: Record, read: Callable[[str], str] = pandoc_ascii) -> Record:
    """The record as a reader reads its `--ascii` export: every text value through read (pandoc's)."""

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key == "id" else read(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        return value

    return model.from_dict(walk(model.to_dict(r)))


def bib_abstract(text: str) -> str:
    """A BibTeX abstract as pandoc reads it: a line break is a space, and a blank line (a LaTeX
    paragraph) joins the paragraphs with nothing between them (BibTeX.hs blocksToInlines queries
    the inlines of several blocks and concatenates them)."""
    return "".join(no_braces(flat(p)) for p in re.split(r"\n[ \t]*\n", pandoc_math(text)))


def fact_capitals(title: str) -> list[str]:
    """Words whose capitals carry a fact: a capital after the first letter (BRCA1, pH, mTOR, WHO).
    A word capitalised only at its start is ambiguous in a Title Case title (Japan, Evidence)."""
    words = re.findall(r"[^\s{}]+", title)
    return [w.strip(",.:;()") for w in words if any(c.isupper() for c in w.lstrip("$\\#~^_%&({[")[1:])]


def name_parts(name: dict[str, Any]) -> tuple[str, str, str, str]:
    """(given, particle, family, suffix) of a CSL name as pandoc gives it; either kind of particle."""
    particle = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    return (
        tuple(apos(name.get(k, "")) for k in ("given",))
        + (apos(particle),)
        + tuple(  # type: ignore[return-value]
            apos(name.get(k, "")) for k in ("family", "suffix")
        )
    )


def marked_issns(j: model.Journal) -> list[str]:
    """The ISSNs as our CSL-JSON and RIS write them: the print one, then the electronic one marked so."""
    return [j.issn_print] * bool(j.issn_print) + [f"{j.issn_electronic} (Electronic)"] * bool(j.issn_electronic)


def as_written(a: Person | Organization, fmt: str) -> Person | Organization:
    """A person without a given name whom the format writes as it writes an organisation (BibTeX braced
    whole, NO_GIVEN_NAME; EndNote's corporate 'Name,'), as an organisation of that name."""
    if fmt in ("bibtex", "biblatex"):
        return as_read(a)
    if fmt == "endnote-xml" and isinstance(a, Person) and not a.given and not a.suffix and " " in a.family_full:
        return Organization(a.family_full, a.affiliations, a.corresponding)
    return a


def first_letters_unbraced(a: Organization, fmt: str, ascii: bool) -> bool:
    """Whether the name is written with its first letters outside its braces (_latex.braced_name): accented
    ones with --ascii, and in BibTeX's UTF-8 (_latex.WHOLE_INITIALS), an escaped sign ('{AT}{\\&}{T Labs}') in
    UTF-8 too."""
    try:
        return not _latex._whole_group(_latex.format_author(a, ascii=ascii, initials=fmt == "bibtex"))
    except NenbibError:  # a name as pandoc read it may hold what --ascii cannot write: not one written so
        return False


def person_parts(a: Person) -> tuple[str, str, str, str]:
    return (a.given or "", apos(a.particle or ""), a.family, a.suffix or "")


# ---- direction 1: pandoc reads our exports -------------------------------------------------------

# nenbib format -> pandoc reader
READERS = {"bibtex": "bibtex", "biblatex": "biblatex", "ris": "ris", "csl-json": "csljson", "endnote-xml": "endnotexml"}


def exportable(records: list[Record], fmt: str, ascii: bool) -> list[Record]:
    """The records that the format can be written in (--ascii refuses a script LaTeX has no command for)."""
    if not ascii:
        return records
    out = []
    for r in records:
        try:
            nenbib.export(r, fmt, ascii=True)
        except NenbibError:
            continue
        out.append(r)
    return out


def expected(r: Record, fmt: str, n: int) -> dict[str, Any]:
    """What pandoc's CSL-JSON of record r (the n-th of the file) holds, key by key; title, authors
    and abstract are compared by `compare`."""
    bib = fmt in ("bibtex", "biblatex")
    e: dict[str, Any] = {"type": "article-journal", "container-title": r.journal.title, "title": ..., "author": ...}
    # EndNote.hs: the id is <key> or <rec-number>; nenbib writes the key as <label>, which pandoc ignores.
    e["id"] = str(n + 1) if fmt == "endnote-xml" else r.id
    if r.volume:
        e["volume"] = r.volume
    if r.issue:
        # EndNote.hs reads <number> (EndNote's issue) as CSL `number`, not `issue`.
        e["number" if fmt == "endnote-xml" else "issue"] = r.issue
    p = r.pages
    if p is not None:
        if p.article_number is not None:
            # BibTeX.hs has no eid: BibLaTeX's article number (eid) is not read.
            page = None if fmt == "biblatex" else p.article_number
        elif fmt in ("bibtex", "biblatex", "ris") and p.last is not None:
            page = f"{p.first}-{p.last}"  # a one-page article is written 101--101 (SP and EP in RIS)
        else:
            page = p.range("-")
        if page is not None:
            e["pages" if fmt == "endnote-xml" else "page"] = page  # EndNote.hs: <pages> as `pages`
        if p.count and fmt in ("bibtex", "csl-json"):
            e["number-of-pages"] = str(p.count)
    # RIS.hs reads only PY/Y1 (not DA), and EndNote.hs only <year>: the year alone.
    parts = [r.issued.year] if fmt in ("ris", "endnote-xml") else r.issued.parts()
    e["issued"] = {"date-parts": [parts]}
    j = r.journal
    if fmt == "csl-json":
        issns = marked_issns(j)
        if issns:
            e["ISSN"] = ", ".join(issns)
        if j.abbreviation_nlm or j.abbreviation_iso:
            e["container-title-short"] = j.abbreviation_nlm or j.abbreviation_iso
    elif j.issn_print:
        # RIS.hs keeps the first SN (the print ISSN); EndNote.hs reads <isbn> (EndNote's ISSN too) as ISBN.
        e["ISBN" if fmt == "endnote-xml" else "ISSN"] = j.issn_print
    if fmt == "biblatex" and j.abbreviation_iso:
        e["container-title-short"] = j.abbreviation_iso  # shortjournal; RIS.hs and EndNote.hs ignore J2 and <abbr-1>
    if r.publisher and fmt != "biblatex":  # biblatex's @article has no publisher (FORMAT-NOTES)
        e["publisher"] = r.publisher
    ids = r.identifiers
    if ids.doi and fmt != "endnote-xml":  # EndNote.hs ignores <electronic-resource-num>
        e["DOI"] = ids.doi
    if fmt in ("bibtex", "csl-json"):
        if ids.pmid:
            e["PMID"] = ids.pmid
        if ids.pmcid:
            e["PMCID"] = ids.pmcid
    if fmt in ("ris", "csl-json") and r.doi_url:
        e["URL"] = r.doi_url
    if fmt == "biblatex" and ids.pmid:
        # eprinttype = pubmed: BibTeX.hs makes the eprint a link (and keeps no PMID).
        e["URL"] = f"https://www.ncbi.nlm.nih.gov/pubmed/{ids.pmid}"
    if r.language and fmt in ("ris", "csl-json"):
        e["language"] = r.language
    if fmt == "biblatex" and langid(r.language):
        e["language"] = ...  # langid (a babel name) as pandoc's IETF tag: compared below
    # BibTeX.hs reads the language only from langid or hyphenation, not BibTeX's `language` field;
    # EndNote.hs reads no <language>, RIS.hs no AN (PMID), C2 (PMCID), M3 (genre) or J2.
    if r.abstract:
        e["abstract"] = ...
    if r.keywords and fmt != "endnote-xml":  # EndNote.hs reads no <keywords>
        # RIS.hs joins the KW lines in reverse order (its foldr prepends each to the ones after it).
        kws = list(reversed(r.keywords)) if fmt == "ris" else list(r.keywords)
        math = not any("$" in k for k in kws)  # decided for the whole field, as the writer decides it
        e["keyword"] = ", ".join((no_braces(pandoc_math(k)) if math else no_braces(k)) if bib else k for k in kws)
    return e


def compare(r: Record, item: dict[str, Any], fmt: str, n: int, ascii: bool = False) -> Iterator[str]:
    """Every difference between pandoc's reading of record r and the record's facts."""
    bib = fmt in ("bibtex", "biblatex")
    e = expected(r, fmt, n)
    got = dict(item)
    if bib:
        got.pop("title-short", None)  # BibTeX.hs derives a short title (up to a colon) itself
    if set(got) != set(e):
        yield f"keys: missing {sorted(set(e) - set(got))}, extra {sorted(set(got) - set(e))}"
    for key, want in e.items():
        have = got.get(key)
        if want is ... or have is None:
            continue
        if key == "keyword" and bib:
            have = apos(have)
        if have != want:
            yield f"{key}: {have!r} != {want!r}"
    # Title.
    title = apos(got.get("title", ""))
    if bib:
        title, want = flat(title), flat(no_braces(pandoc_math(r.title)))
        # Sentence case unless a langid says the language is not English (BibTeX.hs untitlecase).
        english = fmt == "bibtex" or not langid(r.language) or (r.language or "").split("-")[0] == "en"
        if english:
            # BibTeX.hs turns an English title to sentence case (and capitalises after a colon),
            # except braced words: nenbib braces each word whose capitals carry a fact.
            if title.casefold() != want.casefold():
                yield f"title: {title!r} != {want!r} (ignoring case)"
            for word in fact_capitals(no_braces(r.title)):
                if word not in title:
                    yield f"title: capital of {word!r} lost: {title!r}"
        elif title != want:
            yield f"title: {title!r} != {want!r}"
    elif title != flat(r.title):
        yield f"title: {title!r} != {r.title!r}"
    # Abstract.
    if r.abstract:
        abstract = apos(got.get("abstract", ""))
        abstract, want = (flat(abstract), flat(bib_abstract(r.abstract))) if bib else (abstract, flat(r.abstract))
        if abstract != want:
            yield f"abstract: {abstract[:200]!r} != {want[:200]!r}"
    # Language of BibLaTeX: langid (a babel name) as pandoc's IETF tag.
    if fmt == "biblatex" and langid(r.language):
        lang = got.get("language", "")
        # A region is checked when the record has one (pt-BR); else pandoc adds its default (de-DE).
        if (lang if "-" in (r.language or "") else lang.split("-")[0]) != r.language:
            yield f"language: {lang!r} for {r.language!r}"
    # Authors.
    names = got.get("author", [])
    if len(names) != len(r.authors):
        yield f"author: {len(names)} names for {len(r.authors)} authors"
        return
    for a, name in zip(r.authors, names, strict=True):
        a = as_written(a, fmt)
        if isinstance(a, Organization):
            if fmt == "ris":
                # RIS.hs parses every AU as a BibTeX name: an organisation (written without a comma,
                # as the RIS spec and Zotero have it) is split into given and family names.
                have_org = " ".join(name[k] for k in ("given", "dropping-particle", "family") if k in name)
            elif fmt == "endnote-xml":
                # Written 'Name,' as EndNote has it: all family name, whose leading lower-case words
                # ('de Souza,') pandoc takes for a particle.
                have_org = " ".join(name[k] for k in ("dropping-particle", "non-dropping-particle", "family") if k in name)
            elif bib and first_letters_unbraced(a, fmt, ascii):
                # The accented letters (--ascii; BibTeX's UTF-8 too) or an escaped sign that start a name braced whole are written
                # outside its braces ({\\"O}{sterreichische Gesellschaft}, {AT}{\\&}{T Labs}: alpha.bst's label,
                # _latex.braced_name); BibTeX.hs takes a name for a literal only when it is one brace group, and
                # this one for a family name alone.
                have_org = name["family"] if set(name) == {"family"} else ""
            else:
                have_org = name.get("literal", "")
            if apos(have_org) != apos(a.name):
                yield f"author: {name!r} for organisation {a.name!r}"
            continue
        want_parts = person_parts(a)
        if fmt in ("ris", "endnote-xml") and a.suffix:
            # RIS.hs and EndNote.hs parse 'Family, Given, Suffix' (the RIS and EndNote order) as a
            # BibTeX name 'von Last, Jr, First': the given name and the suffix change places.
            want_parts = (want_parts[3], want_parts[1], want_parts[2], want_parts[0])
        have_parts = name_parts(name)
        if have_parts[1] and not a.particle and a.family.startswith(f"{have_parts[1]} "):
            # pandoc takes the lower-case words that start a family name for a particle, whatever
            # protects them: braces in BibTeX ({de Souza}, as BibTeX, biber and pybtex keep it whole),
            # "parse-names": false in CSL-JSON; and in RIS and EndNote, which have no particles.
            have_parts = (have_parts[0], "", f"{have_parts[1]} {have_parts[2]}", have_parts[3])
        if have_parts != want_parts:
            yield f"author: {name!r} for {a.display!r}"


@pytest.fixture(scope="module")
def pandoc_reads(records: list[Record]) -> Any:
    cache: dict[tuple[str, bool], tuple[list[Record], str, list[dict[str, Any]]]] = {}

    def read(fmt: str, ascii: bool = False) -> tuple[list[Record], str, list[dict[str, Any]]]:
        if (fmt, ascii) not in cache:
            recs = exportable(records, fmt, ascii)
            text = nenbib.export(recs, fmt, ascii=ascii)
            cache[fmt, ascii] = (recs, text, json.loads(pandoc(READERS[fmt], "csljson", text)))
        return cache[fmt, ascii]

    return read


CASES = [(f, False) for f in READERS] + [("bibtex", True), ("biblatex", True)]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_pandoc_reads_ascii_greek_letters_and_signs_as_its_table_says(fmt):
    """Greek letters as math kept as TeX, {\\textmu} as mu, the textcomp signs its reader lacks dropped
    (PANDOC_ASCII); the other signs and letters read back."""
    title = "TGF-\u03b2 and \u0394: 5 \u00b5M, mean \u00b1 SD at 37 \u00b0C, 2 \u00d7 3 \u2026 \u00a7 \u00a9 \u00c5ngstr\u00f6m"
    r = to_record({**HOSTILE[2], "language": "en", "title": title}, "k")
    (item,) = json.loads(pandoc(READERS[fmt], "csljson", nenbib.export(r, fmt, ascii=True)))
    assert flat(item["title"]).casefold() == flat(pandoc_ascii(title)).casefold()
    assert (
        pandoc_ascii(title)
        == "TGF-$\\beta$ and $\\Delta$: 5 \u03bcM, mean  SD at 37 \u00b0C, 2  3  \u00a7 \u00a9 \u00c5ngstr\u00f6m"
    )


@pytest.mark.parametrize(("fmt", "ascii"), CASES, ids=[f"{f}{'-ascii' if a else ''}" for f, a in CASES])
def test_pandoc_reads_every_fact(pandoc_reads, fmt, ascii):
    """pandoc reads each record of a file of many, and finds every fact it can read where it belongs."""
    recs, _, items = pandoc_reads(fmt, ascii)
    assert len(items) == len(recs) > 20
    if ascii:
        recs = [ascii_view(r) for r in recs]
    problems = [
        f"{r.id}: {p}" for n, (r, item) in enumerate(zip(recs, items, strict=True)) for p in compare(r, item, fmt, n, ascii)
    ]
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:15])


@pytest.mark.parametrize(
    ("path", "reader"),
    [
        ("ohmoto2020genomic.bib", "bibtex"),
        ("ohmoto2020genomic.biblatex.bib", "biblatex"),
        ("ohmoto2020genomic.ris", "ris"),
        ("ohmoto2020genomic.csl.json", "csljson"),
        ("ohmoto2020genomic.xml", "endnotexml"),
    ],
)
def test_pandoc_reads_the_shipped_exports(record, path, reader):
    """The committed exports in refs/ (not a fresh export) read by pandoc as the record says."""
    fmt = {v: k for k, v in READERS.items()}[reader]
    (item,) = json.loads(pandoc(reader, "csljson", (REFS / path).read_text(encoding="utf-8")))
    assert list(compare(record, item, fmt, 0)) == []


# What nenbib's CSL-JSON reader notes of pandoc's CSL-JSON: the short title BibTeX.hs derives; the
# keys EndNote.hs gives that CSL-JSON has not (ISBN, pages, number); EndNote's record numbers as ids.
PANDOC_CSL_NOTES = re.compile(
    r"key '(title-short|ISBN|pages|number)' not kept: records have no place for it"
    r"|id '[0-9]+' is not a usable citation key; used '[a-z0-9]+'$"
)


@pytest.mark.parametrize("fmt", list(READERS))
def test_nenbib_reads_pandocs_csljson_of_our_exports(pandoc_reads, fmt):
    """`pandoc refs.bib -t csljson` (a common way into CSL-JSON), read by nenbib: what pandoc found is
    read back, the PMID too where pandoc made it a PubMed link (BibLaTeX's eprint), and every key
    not kept is noted."""
    recs, _, items = pandoc_reads(fmt)
    result = csljson.read(json.dumps(items), "p.json")
    assert [w for w in result.warnings if not PANDOC_CSL_NOTES.search(w)] == []
    problems = []
    for r, item, d in zip(recs, items, result.records, strict=True):
        back = to_record(d, "p.json")
        pairs = {
            "title": (back.title, flat(item["title"])),
            "authors": (len(back.authors), len(item["author"])),
            "issued": (back.issued.parts(), item["issued"]["date-parts"][0]),
            "volume": (back.volume, item.get("volume")),
            "issue": (back.issue, item.get("issue")),
            "doi": (back.identifiers.doi, item.get("DOI")),
            "pmid": (back.identifiers.pmid, r.identifiers.pmid if fmt in ("bibtex", "biblatex", "csl-json") else None),
        }
        problems += [f"{r.id}: {k}: {have!r} != {want!r}" for k, (have, want) in pairs.items() if have != want]
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:15])


# ---- pandoc's limits, asserted exactly (a test fails if pandoc changes) ----------------------------


def one(reader: str, text: str) -> dict[str, Any]:
    (item,) = json.loads(pandoc(reader, "csljson", text))
    return item


def test_pandoc_drops_textbraceleft_and_textbraceright():
    """nenbib writes a literal brace as \\textbraceleft{} (BibTeX counts '\\{' in its brace matching);
    pandoc's LaTeX reader drops the command: the brace is lost to pandoc, not to BibTeX or biber."""
    item = one("bibtex", "@article{k, title = {a \\textbraceleft{}b\\textbraceright{} c \\textbackslash{} d}}")
    assert item["title"] == "A b c \\ d"


def test_pandoc_bibtex_reader_ignores_the_language_field():
    """BibTeX.hs takes the language from langid or hyphenation only: BibTeX's `language = {de}` (what
    JabRef and Zotero write) is not read, and the title is sentence-cased as English."""
    item = one("bibtex", "@article{k, title = {Über die Methode}, language = {de}}")
    assert "language" not in item
    assert item["title"] == "Über die methode"
    item = one("biblatex", "@article{k, title = {Über die Methode}, langid = {german}}")
    assert (item["language"], item["title"]) == ("de-DE", "Über die Methode")


def test_pandoc_joins_bibtex_paragraphs_without_a_space():
    item = one("bibtex", "@article{k, abstract = {One.\n\nTwo.}}")
    assert item["abstract"] == "One.Two."


def test_pandoc_bibtex_reader_ignores_eid():
    item = one("biblatex", "@article{k, eid = {e1003}}")
    assert "page" not in item and "eid" not in json.dumps(item)


def test_pandoc_ris_reader_limits():
    """RIS.hs: KW joined in reverse order; only PY's year (DA ignored); the first SN; J2, AN, C2, M3 not
    read; 'Family, Given, Suffix' read as BibTeX's 'Last, Jr, First'; an organisation split as a name."""
    ris = (
        "TY  - JOUR\nID  - k\nAU  - King, Martin Luther, III\nAU  - The Cancer Genome Atlas Research Network\n"
        "PY  - 2021\nDA  - 2021/02/28/\nSN  - 1234-5679\nSN  - 2345-6789 (Electronic)\nJ2  - J Abbr\n"
        "AN  - 33333333\nC2  - PMC7777777\nM3  - mini-review\nKW  - one\nKW  - two\nKW  - three\nER  - \n"
    )
    item = one("ris", ris)
    assert item["keyword"] == "three, two, one"
    assert item["issued"] == {"date-parts": [[2021]]}
    assert item["ISSN"] == "1234-5679"
    assert item["author"] == [
        {"family": "King", "given": "III", "suffix": "Martin Luther"},
        {"family": "Network", "given": "The Cancer Genome Atlas Research"},
    ]
    assert set(item) == {"id", "type", "author", "issued", "ISSN", "keyword"}


def test_pandoc_endnote_reader_limits():
    """EndNote.hs: <isbn> as ISBN, <number> as `number`, <pages> as `pages`; <electronic-resource-num>
    (the DOI), <keywords>, <language>, <label>, <work-type>, <periodical>, <urls> and a date's month
    not read; the id is the <rec-number>; 'Family, Given, Suffix' read as BibTeX's 'Last, Jr, First'."""
    text = nenbib.export(to_record(HOSTILE[0], "names2021"), "endnote-xml")
    item = one("endnotexml", text)
    # first = last (101-101), as the record gives it
    assert (item["id"], item["ISBN"], item["number"], item["pages"]) == ("1", "1234-5679", "3", "101-101")
    assert item["author"][4] == {"dropping-particle": "von", "family": "Neumann", "given": "Jr.", "suffix": "John"}
    assert item["issued"] == {"date-parts": [[2021]]}
    assert "10.1234/names.2021.1" in text and "10.1234/names.2021.1" not in json.dumps(item)
    assert set(item) == {
        "id",
        "type",
        "author",
        "title",
        "container-title",
        "issued",
        "volume",
        "number",
        "pages",
        "ISBN",
        "abstract",
    }


# ---- direction 2: our readers read what pandoc writes ---------------------------------------------


def record_facts(r: Record, text: Callable[[str], str] = str) -> dict[str, Any]:
    """The record's facts by field, in the form the judges compare: a name as (given, particle, family,
    suffix), an organisation by its name, titles and names through `text`, the abstract's whitespace collapsed."""

    def parts(a: Person) -> tuple[str, str, str, str]:
        return (a.given or "", a.particle or "", a.family, a.suffix or "")

    j, p, ids = r.journal, r.pages, r.identifiers
    return {
        "id": r.id,
        "title": text(r.title),
        "authors": [text(a.name) if isinstance(a, Organization) else tuple(map(text, parts(a))) for a in r.authors],
        "journal.title": j.title,
        "journal.abbreviation_nlm": j.abbreviation_nlm,
        "journal.abbreviation_iso": j.abbreviation_iso,
        "journal.issn_print": j.issn_print,
        "journal.issn_electronic": j.issn_electronic,
        "publisher": r.publisher,
        "issued": r.issued.parts(),
        "volume": r.volume,
        "issue": r.issue,
        "pages": p.range("-") if p else None,
        "pages.count": p.count if p else None,
        "pages.article_number": p.article_number if p else None,
        "identifiers.doi": ids.doi,
        "identifiers.pmid": ids.pmid,
        "identifiers.pmcid": ids.pmcid,
        "keywords": list(r.keywords),
        "language": r.language,
        "abstract": flat(r.abstract) if r.abstract else None,
    }


def facts(r: Record, fmt: str) -> dict[str, Any]:
    """The record's facts as pandoc reads them back: texts with ' for ’ (pandoc's readers make
    typographic apostrophes) and, after pandoc's BibTeX writers, titles without case."""
    out = record_facts(r, apos)
    if fmt in ("bibtex", "biblatex"):
        out["title"] = out["title"].casefold()
    return out


# What our CSL-JSON export cannot hold (its FIDELITY notes), so no reader of it gets it back.
CSL_EXPORT_DROPS = {"journal.abbreviation_iso"}  # written only when there is no NLM form
# What pandoc 3.9's writers leave out of the file (BibTeX.hs writeBibtexString: the field lists of
# each variant), or write so that the fact changes:
PANDOC_WRITER_DROPS = {
    # BibTeX: no doi (written as url, which nenbib reads back as the DOI), issn, abstract, keywords,
    # language, pmid, pmcid, pagetotal, day, or journal abbreviation.
    "bibtex": {
        "journal.abbreviation_nlm", "journal.issn_print", "journal.issn_electronic", "pages.count", "identifiers.pmid",
        "identifiers.pmcid", "keywords", "language", "abstract", "issued",
    },
    # BibLaTeX: keywords never (the writer looks up a CSL variable 'keywords'; CSL's is 'keyword'),
    # no pmid, pmcid or journal abbreviation (the ISSN field holds both ISSNs, as our CSL-JSON has them).
    "biblatex": {"journal.abbreviation_nlm", "identifiers.pmid", "identifiers.pmcid", "keywords"},
    "csljson": set(),
}  # fmt: skip


def pandoc_written(r: Record, fmt: str) -> dict[str, Any]:
    """The facts that pandoc's file of record r holds, as nenbib should read them back."""
    want = facts(r, fmt)
    for f in CSL_EXPORT_DROPS | PANDOC_WRITER_DROPS[fmt]:
        want[f] = None if f not in ("keywords", "issued") else want[f]
    if "keywords" in PANDOC_WRITER_DROPS[fmt]:
        want["keywords"] = []
    if fmt == "bibtex":
        want["issued"] = want["issued"][:2]  # year and month: BibTeX.hs writes no day
    if fmt in ("bibtex", "biblatex"):
        # BibTeX.hs renderName writes a suffix after the family name without a comma ('von Neumann
        # Jr., John'), which BibTeX, biber and nenbib read as the family name 'Neumann Jr.'.
        want["authors"] = [(a[0], a[1], f"{a[2]} {a[3]}", "") if isinstance(a, tuple) and a[3] else a for a in want["authors"]]
    # pandoc's CSL-JSON reader ignores "parse-names": false: 'de Souza' (no particle) is read as the
    # particle 'de' and the family name 'Souza', and written so.
    want["authors"] = [
        (a[0], a[2].split(" ", 1)[0], a[2].split(" ", 1)[1], a[3])
        if isinstance(a, tuple) and not a[1] and " " in a[2] and a[2][0].islower()
        else a
        for a in want["authors"]
    ]
    if fmt in ("bibtex", "biblatex"):
        # BibTeX.hs writes a family name without a given name unbraced ('García Márquez'), which BibTeX
        # (here pybtex, which reads names as BibTeX does) splits into given and family name.
        want["authors"] = [
            unbraced_reading(a[2]) if isinstance(a, tuple) and not a[0] and not a[1] and not a[3] and " " in a[2] else a
            for a in want["authors"]
        ]
    if fmt == "csljson" and r.journal.abbreviation_nlm is None and r.journal.abbreviation_iso:
        want["journal.abbreviation_iso"] = r.journal.abbreviation_iso  # CSL's one abbreviation held the ISO form
    if fmt == "csljson" and r.pages and r.pages.count and r.pages.article_number:
        want["pages.count"] = r.pages.count
    return want


def unbraced_reading(name: str) -> tuple[str, str, str, str]:
    """A name written unbraced, without a comma, as BibTeX reads it: (given, particle, family, suffix)."""
    from pybtex.database import Person as BibPerson

    p = BibPerson(name)
    return (" ".join(p.first_names + p.middle_names), " ".join(p.prelast_names), " ".join(p.last_names), "")


def balanced(text: str) -> bool:
    """Whether the braces of a text match as BibTeX counts them (an escaped brace counts too)."""
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def bib_writable(r: Record) -> bool:
    """Whether pandoc's BibTeX of the record is BibTeX nenbib reads (see the two tests below):
    pandoc writes a literal brace as \\{ or \\}, which BibTeX counts, so an unbalanced one ends the
    field early."""
    texts = [r.title, r.abstract or "", r.journal.title, r.publisher or "", *(a.display for a in r.authors)]
    return all(balanced(t) for t in texts)


@pytest.fixture(scope="module")
def pandoc_writes(records: list[Record], tmp_path_factory: pytest.TempPathFactory) -> Any:
    csl = nenbib.export(records, "csl-json")
    bib_csl = nenbib.export([r for r in records if bib_writable(r)], "csl-json")
    folder = tmp_path_factory.mktemp("pandoc")
    cache: dict[str, Any] = {}

    def write(fmt: str) -> Any:
        if fmt not in cache:
            path = folder / f"pandoc.{fmt}"
            # pandoc's default layout: long fields wrapped at 72 columns, continuation lines indented.
            path.write_text(pandoc("csljson", fmt, csl if fmt == "csljson" else bib_csl), encoding="utf-8")
            cache[fmt] = (path, import_file(str(path), {"csljson": "csl-json"}.get(fmt, fmt)))
        return cache[fmt]

    return write


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson"])
def test_nenbib_reads_what_pandoc_writes(records, pandoc_writes, fmt):
    """pandoc's BibTeX, BibLaTeX and CSL-JSON of our CSL-JSON, read by `nenbib import`: every fact in
    pandoc's file comes back; what pandoc's writer leaves out is listed above."""
    path, imported = pandoc_writes(fmt)
    if fmt != "csljson":
        records = [r for r in records if bib_writable(r)]
    assert [r.id for r in imported.records] == [r.id for r in records]
    assert len(records) > 50
    problems = []
    for r, back in zip(records, imported.records, strict=True):
        want, have = pandoc_written(r, fmt), facts(back, fmt)
        for f in want:
            if have[f] != want[f]:
                problems.append(f"{r.id}: {f}: {have[f]!r} != {want[f]!r}")
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:15])
    # The one note: pandoc's BibTeX writers put a suffix after the family name ('von Neumann Jr., John').
    assert [w for w in imported.warnings if "the family name ends in" not in w] == []
    assert (fmt == "csljson") == (not imported.warnings)


def test_pandoc_reads_ascii_latex_commands_so():
    """What pandoc 3.9 makes of the commands `--ascii` writes (PANDOC_ASCII): \\textemdash, \\textendash,
    \\DJ and \\dj dropped, U+2212's $-$ kept as TeX math, the diaeresis of {\\"\\i} on a dotless i.
    BibTeX, biber and LaTeX print them right; pandoc reads the ligatures --- and -- as the dashes."""
    item = one(
        "bibtex",
        "@article{k, title = {a \\textemdash{} b \\textendash{} c {\\DJ}or{\\dj}evi{\\'c} na{\\\"\\i}ve $-$ 1 --- 2 -- 3}}",
    )
    assert item["title"] == "A  b  c orević naı̈ve $-$ 1 — 2 – 3"


def test_pandoc_takes_leading_lower_case_words_for_a_particle():
    """A family name 'de Souza' without a particle: nenbib writes {de Souza} in BibTeX (pybtex, like
    BibTeX, keeps it whole) and "parse-names": false in CSL-JSON; pandoc reads the particle 'de'."""
    text = nenbib.export(to_record({**HOSTILE[2], "authors": [{"family": "de Souza", "given": "Ana"}]}, "k"), "bibtex")
    assert "{de Souza}, Ana" in text
    assert one("bibtex", text)["author"] == [{"family": "Souza", "given": "Ana", "non-dropping-particle": "de"}]
    csl = '[{"id": "k", "type": "article-journal", "author": [{"family": "de Souza", "given": "Ana", "parse-names": false}]}]'
    assert one("csljson", csl)["author"] == [{"family": "Souza", "given": "Ana", "non-dropping-particle": "de"}]


def test_pandoc_writes_bibtex_and_csljson_only():
    """Of the bibliography formats pandoc 3.9 reads, it writes BibTeX, BibLaTeX and CSL-JSON only:
    direction 2 has no RIS or EndNote XML of pandoc's to read."""
    out = set(subprocess.run([PANDOC, "--list-output-formats"], capture_output=True, text=True, check=True).stdout.split())
    assert {"bibtex", "biblatex", "csljson"} <= out
    assert not out & {"ris", "endnotexml"}


def test_pandoc_bibtex_writers_limits(records):
    """BibTeX.hs writeBibtexString, as PANDOC_WRITER_DROPS states: the BibTeX variant writes the DOI
    only as a doi.org url and no ISSN, abstract, keywords, language, day, pagetotal or PMID; the
    BibLaTeX variant no keywords; both write a suffix after the family name without a comma, and a
    caret as \\^{}."""
    csl = nenbib.export(to_record(HOSTILE[0], "names2021"), "csl-json")
    bibtex = pandoc("csljson", "bibtex", csl, "--wrap=none")
    assert "url = {https://doi.org/10.1234/names.2021.1}" in bibtex
    assert not re.search(r"^\s*(doi|issn|abstract|keywords|language|langid|day|pagetotal|pmid|pmcid)\s*=", bibtex, re.M)
    assert "von Neumann Jr., John and King III, Martin Luther" in bibtex
    biblatex = pandoc("csljson", "biblatex", csl, "--wrap=none")
    assert "abstract = {" in biblatex and "keywords" not in biblatex and "BRCA1, pH" not in biblatex
    caret = nenbib.export(to_record({**HOSTILE[2], "language": "en", "title": "Powers x^2"}, "k"), "csl-json")
    assert "title = {Powers x\\^{}2}" in pandoc("csljson", "bibtex", caret)


def test_pandoc_escapes_a_lone_brace_so_bibtex_ends_the_field(tmp_path):
    """pandoc writes a literal brace as \\{ or \\}, which BibTeX counts in its brace matching
    (FORMAT-NOTES): for BibTeX a lone '}' ends the field early. Where the entry still splits into its
    fields, nenbib reads the field as pandoc meant it, with a note."""
    csl = nenbib.export(to_record({**HOSTILE[2], "language": "en", "title": "Unbalanced } brace"}, "k"), "csl-json")
    path = tmp_path / "p.bib"
    path.write_text(pandoc("csljson", "bibtex", csl), encoding="utf-8")
    assert "title = {Unbalanced \\} Brace}" in path.read_text(encoding="utf-8")
    result = import_file(str(path), "bibtex")
    assert result.records[0].title == "Unbalanced } Brace"
    assert any("title: braces balance only when" in w for w in result.warnings)


def test_pandoc_wraps_long_fields(record, tmp_path):
    """pandoc's default output wraps lines at 72 columns, with a 4-space indent: the shipped record's
    title and abstract (its words) read back from the wrapped BibLaTeX."""
    text = pandoc("csljson", "biblatex", nenbib.export(record, "csl-json"))
    assert "title = {Genomic {Profiles} and {Current} {Therapeutic} {Agents} in\n    {Neuroendocrine} {Neoplasms}}" in text
    path = tmp_path / "p.bib"
    path.write_text(text, encoding="utf-8")
    (back,) = import_file(str(path), "biblatex").records
    assert back.title == record.title
    assert back.abstract == record.abstract  # a wrapped line end is a space, as TeX reads it


@pytest.mark.parametrize("keyword", ["cancer, pancreatic", "a; b"])
def test_a_keyword_holds_no_comma_or_semicolon(keyword):
    """pandoc gives keywords as one string, joined with ', ' (BibTeX's keywords, RIS's KW lines), as
    our CSL-JSON does: a keyword holding a comma or semicolon would split in two, so a record refuses it."""
    problems = nenbib.validate_record({**HOSTILE[0], "keywords": ["BRCA1", keyword]})
    assert [p.pointer for p in problems] == ["/keywords/1"]
    text = nenbib.export(to_record(HOSTILE[0], "names2021"), "ris")
    assert one("ris", text)["keyword"] == "Ångström, mTOR, pH, BRCA1"
