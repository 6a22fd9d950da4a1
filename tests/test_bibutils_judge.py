"""bibutils 7.2 (Debian's `bibutils`) as an independent judge of nenbib's exports.

Direction 1: bibutils' readers (bib2xml, biblatex2xml, ris2xml, endx2xml) read our BibTeX, BibLaTeX,
RIS and EndNote XML (each collection in one call) into MODS XML; lxml parses the MODS and every
fact is compared with the canonical record. Debian's bibutils 7.2 ships no nbib2xml (bibutils'
NBIB reader has no program in the package; med2xml reads PubMed XML, not MEDLINE text), so the
NBIB export has no bibutils judge.
Direction 2: bibutils' writers (xml2bib, xml2ris), the files many users get from a bibutils
conversion, read by `nenbib import`: every fact in them comes back.

bibutils' conventions and limits are not counted as our bugs: each is stated below as the exact
behaviour of bibutils 7.2 (so a test fails if bibutils changes). Where the source shows why, it
is named: Chris Putnam's bibutils as vendored in GeoBosh/rbibutils src/ (ristypes.c, the RIS tag
table; name.c, the name parser and its suffix list); the rest is behaviour observed here.
.ci/run installs the package; without bib2xml on PATH the module is skipped, so the README's test
command runs on a machine without bibutils.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from lxml import etree
from test_bench import synth
from test_pandoc_judge import HOSTILE

import nenbib
from nenbib.convert import import_file
from nenbib.formats import FORMATS, _latex, ris
from nenbib.model import Organization, Record
from nenbib.records import to_record

from conftest import RECORD_PATH, REFS

pytestmark = pytest.mark.skipif(
    shutil.which("bib2xml") is None,
    reason="bibutils is not installed (bib2xml not on PATH; .ci/run installs Debian's bibutils)",
)

N_SYNTH = 80  # synthetic records: each bibutils call reads them all from one file
NS = {"m": "http://www.loc.gov/mods/v3"}

# nenbib format -> bibutils reader (program: format -> MODS XML)
READERS = {"bibtex": "bib2xml", "biblatex": "biblatex2xml", "ris": "ris2xml", "endnote-xml": "endx2xml"}


def bibutils(program: str, text: str | bytes, suffix: str, tmp_path: Any) -> bytes:
    """Run a bibutils program on text or bytes (a file: some read only files); its stdout (no network)."""
    path = tmp_path / f"in{suffix}"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    done = subprocess.run([program, str(path)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


@pytest.fixture(scope="module")
def records() -> list[Record]:
    hostile = [to_record(d, d["id"]) for d in HOSTILE]
    synthetic = [to_record(d, d["id"]) for d in synth.records(N_SYNTH, seed=42)]
    return [nenbib.load_record(RECORD_PATH), *hostile, *synthetic]


# ---- MODS as facts -------------------------------------------------------------------------------


def _one(el: Any, path: str) -> str | None:
    got = el.xpath(path, namespaces=NS)
    return got[0] if got else None


def mods_facts(m: Any) -> dict[str, Any]:
    """The facts of one <mods> element, by field."""

    def all_(path: str) -> list[Any]:
        return list(m.xpath(path, namespaces=NS))

    authors: list[Any] = []
    for n in all_("m:name[m:role/m:roleTerm='author']"):
        if n.get("type") == "personal":
            given = " ".join(n.xpath("m:namePart[@type='given']/text()", namespaces=NS))
            family = _one(n, "m:namePart[@type='family']/text()") or ""
            authors.append((given, family, _one(n, "m:namePart[@type='suffix']/text()") or ""))
        else:
            authors.append(_one(n, "m:namePart/text()"))
    title = _one(m, "m:titleInfo[not(@type)]/m:title/text()") or ""
    subtitle = _one(m, "m:titleInfo[not(@type)]/m:subTitle/text()")
    host = "m:relatedItem[@type='host']"
    extent = _one(m, "m:part/m:extent[@unit='page']")
    return {
        "id": m.get("ID"),
        # bibutils splits a title at its first colon into MODS title and subTitle.
        "title": title if subtitle is None else f"{title}: {subtitle}",
        "authors": authors,
        "issued": _one(m, "m:originInfo/m:dateIssued/text()"),
        "place": _one(m, "m:originInfo/m:place/m:placeTerm/text()"),
        "part.date": _one(m, "m:part/m:date/text()"),
        "journal": _one(m, f"{host}/m:titleInfo[not(@type)]/m:title/text()"),
        "journal.abbreviated": _one(m, f"{host}/m:titleInfo[@type='abbreviated']/m:title/text()"),
        "journal.series": _one(m, f"{host}/{host}/m:titleInfo/m:title/text()"),
        "issn": all_(f"{host}/m:identifier[@type='issn']/text()"),
        "publisher": _one(m, f"{host}/m:originInfo/m:publisher/text()"),
        "volume": _one(m, "m:part/m:detail[@type='volume']/m:number/text()"),
        "issue": _one(m, "m:part/m:detail[@type='issue']/m:number/text()"),
        "number": _one(m, "m:part/m:detail[@type='number']/m:number/text()"),
        "page": _one(m, "m:part/m:detail[@type='page']/m:number/text()"),
        "pages": None if extent is None else (_one(extent, "m:start/text()"), _one(extent, "m:end/text()")),
        "identifiers": [(i.get("type"), i.text) for i in all_("m:identifier")],
        "keywords": all_("m:subject/m:topic/text()"),
        "abstract": _one(m, "m:abstract/text()"),
        "language": _one(m, "m:language/m:languageTerm/text()"),
        "notes": all_("m:note/text()"),
    }


def read_mods(data: bytes) -> list[dict[str, Any]]:
    """Every record of bibutils' MODS output (it starts with a UTF-8 BOM)."""
    assert data.startswith(b"\xef\xbb\xbf<?xml")
    root = etree.fromstring(data[3:])
    return [mods_facts(m) for m in root.xpath("m:mods", namespaces=NS)]


# ---- what bibutils makes of a value ----------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def latex_read(text: str) -> str:
    """A text value of our BibTeX or BibLaTeX as bibutils 7.2's LaTeX decoding gives it: ' as ’,
    \" as ”, '\\textbackslash{}' as '\\textbackslash' (its table lacks the command), and
    '\\textasciicircum{}' as U+2303 UP ARROWHEAD (its table maps the command so)."""
    out = text.replace("'", "\u2019").replace('"', "\u201d").replace("\\", "\\textbackslash").replace("^", "\u2303")
    if "$" in text:
        # Where a value holds a '$' of its own, nenbib writes '<' and '>' as \textless{} and
        # \textgreater{} (else as text math, '$<$', which bibutils reads as '<'): not in its table.
        out = out.replace("<", "\\textless").replace(">", "\\textgreater").replace("|", "\\textbar")
    return out


# name.c identify_suffix: the suffixes bibutils knows; another ('II') is read as a given name.
SUFFIXES = ("Jr.", "Jr", "Sr.", "Sr", "III", "IV")


class Split(str):
    """An organisation that bibutils reads as a person: any split of its words into given and family."""


def expected(r: Record, fmt: str) -> dict[str, Any]:
    """What bibutils' MODS of record r holds, field by field."""
    bib = fmt in ("bibtex", "biblatex")
    txt = latex_read if bib else (lambda s: s)
    j, p, ids = r.journal, r.pages, r.identifiers
    authors: list[Any] = []
    for a in r.authors:
        if isinstance(a, Organization):
            if fmt == "bibtex":
                authors.append(txt(a.name))
            elif fmt == "biblatex":
                # biblatex2xml reads every author as a person: the braced name is a family name.
                authors.append(("", txt(a.name), ""))
            else:
                # RIS and EndNote XML have no mark for an organisation (nenbib writes it without a
                # comma in RIS, with EndNote's trailing comma in EndNote XML): name.c splits it as a
                # person's 'Given Given ... Family' (a lower-case word starts the family name).
                authors.append(Split(a.name))
            continue
        if a.suffix and a.suffix not in SUFFIXES:
            authors.append(...)  # not compared: see test_bibutils_limits_on_names_and_keywords
            continue
        if not a.given and not a.suffix and fmt != "biblatex":
            # A name without a given name: one word, or braced whole in BibTeX (NO_GIVEN_NAME), is read
            # as a name of no type, as an organisation is; RIS's 'García Márquez,' and EndNote's
            # corporate 'García Márquez,' name.c splits into given and family names.
            authors.append(Split(a.family_full) if fmt != "bibtex" and " " in a.family_full else txt(a.family_full))
            continue
        given = a.given or ""
        if fmt in ("ris", "endnote-xml") and a.suffix and given:
            # name.c reads 'Family, Given, Suffix' (the RIS and EndNote order) keeping the comma
            # before the suffix on the given name: 'John,'.
            given += ","
        authors.append((txt(given), txt(a.family_full), a.suffix or ""))
    if fmt != "biblatex":
        # bib2xml, ris2xml and endx2xml leave out the second of two authors of one name
        # (biblatex2xml keeps it).
        authors = [a for n, a in enumerate(authors) if a is ... or a not in authors[:n]]
    iso = "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(r.issued.parts()))
    year = str(r.issued.year)
    # bib2xml builds the part's date from year, month and day as written: our `day = {1}` is '-1'.
    raw = "-".join(f"{n:02d}" if i == 1 else str(n) for i, n in enumerate(r.issued.parts()))
    e: dict[str, Any] = {
        "id": r.id,
        "title": flat(txt(r.title)),
        "authors": authors,
        # endx2xml reads <year> only, not <pub-dates>; RIS's PY (the year) is the part's date, DA the issue date.
        "issued": year if fmt == "endnote-xml" else iso,
        "part.date": {"bibtex": raw, "biblatex": None}.get(fmt, year),
        "place": None,
        "journal": txt(j.title),
        "journal.abbreviated": None,
        "journal.series": None,
        "issn": [j.issn_print] if j.issn_print else [],
        "publisher": r.publisher if fmt != "biblatex" else None,
        "volume": r.volume,
        "issue": r.issue,
        "number": None,
        "page": None,
        "pages": None,
        "identifiers": [("citekey", r.id)] + ([("doi", ids.doi)] if ids.doi else []),
        "keywords": list(r.keywords),
        "abstract": flat(txt(r.abstract)) if r.abstract else None,
        "language": r.language,
        "notes": [],
    }
    if fmt == "ris" and (lines := [ln for ln in ris._addresses(r) if ln]):
        e["place"] = ris._fold(lines[0])  # the first AD line is the place of publication; the others are left out
    if fmt == "endnote-xml" and r.affiliations:
        # endx2xml reads the Author Address (an affiliation a line) as the place, its line breaks kept
        # (as CR, which lxml reads as LF); xml2bib writes that address with them left out.
        e["place"] = "\n".join(dict.fromkeys(aff.printed for a in r.authors for aff in r.affiliations_of(a)))
    if fmt == "ris":
        # ristypes.c (article): T2 is the host's SHORTTITLE and J2 a series title; only JO, JF, JA
        # and J1 are the journal's title. Zotero reads T2 as the journal (FORMAT-NOTES), and JO as
        # its abbreviation, so nenbib writes T2 + J2: bibutils gets the journal title as abbreviated.
        e["journal"], e["journal.abbreviated"] = None, j.title
        e["journal.series"] = j.abbreviation_nlm or j.abbreviation_iso
        if j.issn_electronic:
            e["issn"] = [*e["issn"], f"{j.issn_electronic} (Electronic)"]
    if fmt == "biblatex":
        e["journal.abbreviated"] = j.abbreviation_iso
        # biblatex2xml reads biblatex's number as a MODS number, not the issue.
        e["issue"], e["number"] = None, r.issue
        # biblatex2xml reads no keywords or langid.
        e["keywords"], e["language"] = [], None
        if ids.pmid:
            e["identifiers"].append(("pubmed", ids.pmid))
    if fmt == "bibtex" and r.keywords:
        # bib2xml splits keywords at ';' only: a comma-separated list (BibLaTeX's and JabRef's
        # separator, which nenbib writes) is one topic.
        e["keywords"] = [", ".join(txt(k) for k in r.keywords)]
    if p is not None:
        if p.article_number is not None:
            if fmt == "biblatex":
                e["identifiers"].append(("eid", p.article_number))
            elif fmt == "endnote-xml" and "-" in p.article_number:
                # endx2xml reads no custom7: pages' article number holding a hyphen is a page range.
                e["pages"] = tuple(p.article_number.split("-", 1))
            else:
                e["page"] = p.article_number
        elif p.last is not None:  # 101-101 too: every format writes a one-page range as the record gives it
            e["pages"] = (str(p.first), str(p.last))
        else:
            e["page"] = str(p.first)
    if fmt == "endnote-xml" and ids.pmid:
        e["identifiers"].append(("accessnum", ids.pmid))  # <accession-num>, where EndNote's PubMed import puts it
    if fmt in ("ris", "endnote-xml"):
        if ids.doi and r.doi_url and r.doi_url != f"https://doi.org/{ids.doi}":
            # ris2xml and endx2xml take a DOI out of a doi.org URL without decoding it: a DOI that the URL
            # percent-encodes ('<' as %3C) is read a second time, encoded.
            e["identifiers"].append(("doi", r.doi_url.removeprefix("https://doi.org/")))
        # Notes: RIS's C7 (article number), C2 (PMCID) and M3 (genre), EndNote's custom2 (PMCID).
        notes = []
        if fmt == "ris" and p is not None and p.article_number:
            notes.append(p.article_number)
        if ids.pmcid:
            notes.append(ids.pmcid)
        if fmt == "ris" and r.genre:
            notes.append(r.genre)
        e["notes"] = notes
    return e


def same_author(have: Any, want: Any) -> bool:
    if want is ...:
        return True
    if isinstance(want, Split):
        # Its words, their spaces aside: name.c spaces out capitals as initials and '&' ('A T & T' of 'AT&T').
        return isinstance(have, tuple) and not have[2] and "".join(have[:2]).replace(" ", "") == want.replace(" ", "")
    return bool(have == want)


def compare(r: Record, got: dict[str, Any], fmt: str) -> list[str]:
    """Every difference between bibutils' reading of record r and the record's facts."""
    want = expected(r, fmt)
    got = {**got, "title": flat(got["title"]), "identifiers": sorted(got["identifiers"])}
    want["identifiers"] = sorted(want["identifiers"])
    if got["abstract"]:
        got["abstract"] = flat(got["abstract"])
    problems = [f"{k}: {got[k]!r} != {v!r}" for k, v in want.items() if k != "authors" and got[k] != v]
    names, authors = got["authors"], want["authors"]
    if len(names) != len(authors) or not all(map(same_author, names, authors)):
        problems.append(f"authors: {names!r} != {authors!r}")
    return problems


MODS_OF: dict[str, bytes] = {}  # bibutils' MODS of our export, by format


@pytest.fixture(scope="module")
def bibutils_reads(records: list[Record], tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("bibutils")
    cache: dict[str, list[dict[str, Any]]] = {}

    def read(fmt: str) -> list[dict[str, Any]]:
        if fmt not in cache:
            suffix = FORMATS[fmt].build_suffix
            MODS_OF[fmt] = bibutils(READERS[fmt], nenbib.export(records, fmt), suffix, folder)
            cache[fmt] = read_mods(MODS_OF[fmt])
        return cache[fmt]

    return read


@pytest.mark.parametrize("fmt", list(READERS))
def test_bibutils_reads_every_fact(records, bibutils_reads, fmt):
    """bibutils reads each record of a file of many, and finds every fact it can read where it belongs."""
    items = bibutils_reads(fmt)
    assert len(items) == len(records) > 50
    problems = [f"{r.id}: {p}" for r, item in zip(records, items, strict=True) for p in compare(r, item, fmt)]
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:25])


# ---- direction 2: our readers read what bibutils writes --------------------------------------------

# bibutils writer -> nenbib format of its output
WRITERS = {"xml2bib": ("bibtex", ".bib"), "xml2ris": ("ris", ".ris")}


def mods_view(f: dict[str, Any], writer: str) -> dict[str, Any]:
    """The facts of bibutils' MODS that its writer's file holds, in the form nenbib reads them."""
    people: list[Any] = []
    for a in f["authors"]:
        if isinstance(a, tuple) and "," in a[0]:
            people.append(...)  # a name bibutils' reader already mangled ('II, Chigusa'): not compared
        elif isinstance(a, tuple) and not a[0] and " " in a[1]:
            # biblatex2xml's reading of an organisation, a person of family name alone: written
            # unbraced ('The Cancer Genome Atlas Research Network'), read back as given and family names.
            people.append(Split(a[1]))
        elif isinstance(a, tuple):
            # name.c name_build_withcomma: a given name of one byte gets a period ('I I' -> 'I. I.').
            given = " ".join(w + "." if len(w.encode()) == 1 else w for w in a[0].split())
            # xml2bib and xml2ris write a suffix after the family name without a comma ('von
            # Neumann Jr., John'), which nenbib reads into the family name.
            people.append((given, f"{a[1]} {a[2]}".strip()))
        else:
            people.append(("", a))
    if writer == "xml2ris":
        # xml2ris writes the personal names (MODS type personal) first and the others after them.
        personal = [isinstance(a, tuple) for a in f["authors"]]
        people = [p for p, m in zip(people, personal, strict=True) if m] + [
            p for p, m in zip(people, personal, strict=True) if not m
        ]
    view = {
        "title": f["title"],
        "authors": people,
        # xml2ris writes an abbreviated title as T2 and the title as JO: nenbib reads them back so.
        # xml2bib writes no abbreviated title.
        "journal": f["journal"],
        "journal.abbreviation": f["journal.abbreviated"] if writer == "xml2ris" else None,
        "issued": f["issued"],
        "volume": f["volume"],
        "issue": f["issue"] or f["number"],  # biblatex2xml's MODS number: written as number, IS
        "pages": "-".join(filter(None, f["pages"])) if f["pages"] else f["page"],
        "doi": dict(f["identifiers"]).get("doi"),
        # bibutils' MODS of our BibTeX has the keywords as one topic; nenbib splits it at its commas.
        "keywords": [k.strip() for t in f["keywords"] for k in t.split(",")],
        "language": f["language"],
        "abstract": f["abstract"],
    }
    if writer == "xml2bib":
        # xml2bib writes U+2019 as ' and U+2303 (its reading of \textasciicircum) as \textasciicircum.
        def back(t: Any) -> Any:
            return t.replace("\u2019", "'").replace("\u2303", "^") if isinstance(t, str) else t

        view = {k: [back(x) for x in v] if k == "keywords" else back(v) for k, v in view.items()}
        view["authors"] = [
            p if p is ... else Split(back(p)) if isinstance(p, Split) else (back(p[0]), back(p[1])) for p in people
        ]
    return view


def record_view(r: Record) -> dict[str, Any]:
    p = r.pages
    return {
        "title": r.title,
        "authors": [
            ("", a.name) if isinstance(a, Organization) else (a.given or "", f"{a.family_full} {a.suffix or ''}".strip())
            for a in r.authors
        ],
        "journal": r.journal.title,
        "journal.abbreviation": r.journal.abbreviation_nlm or r.journal.abbreviation_iso,
        "issued": "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(r.issued.parts())),
        "volume": r.volume,
        "issue": r.issue,
        "pages": None if p is None else p.article_number or f"{p.first}-{p.last if p.last is not None else p.first}",
        "doi": r.identifiers.doi,
        "keywords": list(r.keywords),
        "language": r.language,
        "abstract": flat(r.abstract) if r.abstract else None,
    }


def same_name(have: tuple[str, str], want: Any) -> bool:
    if want is ...:
        return True
    if isinstance(want, Split):
        return " ".join(filter(None, have)) == want
    return bool(have == want)


@pytest.mark.parametrize("source", ["bibtex", "biblatex"])
@pytest.mark.parametrize("writer", list(WRITERS))
def test_nenbib_reads_what_bibutils_writes(records, bibutils_reads, writer, source, tmp_path):
    """bibutils' MODS of our BibTeX or BibLaTeX, written back by xml2bib and xml2ris (the files a
    bibutils conversion gives) and read by `nenbib import`: every fact the MODS held comes back."""
    mods = bibutils_reads(source)
    fmt, suffix = WRITERS[writer]
    path = tmp_path / f"back{suffix}"
    path.write_bytes(bibutils(writer, MODS_OF[source], ".xml", tmp_path))
    imported = import_file(str(path), fmt)
    assert len(imported.records) == len(mods) == len(records)
    problems = []
    for f, back in zip(mods, imported.records, strict=True):
        want, have = mods_view(f, writer), record_view(back)
        names, authors = have.pop("authors"), want.pop("authors")
        if len(names) != len(authors) or not all(map(same_name, names, authors)):
            problems.append(f"{f['id']}: authors: {names!r} != {authors!r}")
        problems += [f"{f['id']}: {k}: {have[k]!r} != {v!r}" for k, v in want.items() if have[k] != v]
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:25])


# Journals whose abbreviations drop letters inside a word (Natl, Jpn), a leading 'The' or diacritics (ISO 4, NLM):
# the synthetic records' journals abbreviate each word by a prefix only.
JOURNALS = [
    ("The New England Journal of Medicine", "N Engl J Med"),
    ("Proceedings of the National Academy of Sciences of the United States of America", "Proc Natl Acad Sci U S A"),
    ("Journal of the National Cancer Institute", "J. Natl. Cancer Inst."),
    ("The Journal of Biological Chemistry", "J Biol Chem"),
    ("Japanese Journal of Clinical Oncology", "Jpn J Clin Oncol"),
    ("Deutsches Ärzteblatt International", "Dtsch Arztebl Int"),  # NLM writes no diacritics
]


def test_nenbib_reads_xml2ris_journal_names(tmp_path):
    """xml2ris writes biblatex2xml's shortjournal as T2 and journaltitle as JO; nenbib reads each back
    in its place, title and abbreviation, for journals abbreviated the ISO 4 and NLM way."""
    bib = "".join(
        f"@article{{k{n}, author = {{Doe, Jane}}, title = {{T}}, journaltitle = {{{title}}}, shortjournal = {{{abbr}}}, "
        "date = {2020}}\n"
        for n, (title, abbr) in enumerate(JOURNALS)
    )
    path = tmp_path / "back.ris"
    path.write_bytes(bibutils("xml2ris", bibutils("biblatex2xml", bib, ".bib", tmp_path), ".xml", tmp_path))
    assert [ln for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln[:2] in ("T2", "JO")] == [
        line for title, abbr in JOURNALS for line in (f"T2  - {abbr}", f"JO  - {title}")
    ]
    journals = [r.journal for r in import_file(str(path), "ris").records]
    assert [(j.title, j.abbreviation_nlm or j.abbreviation_iso) for j in journals] == JOURNALS


@pytest.mark.parametrize("fmt", list(READERS))
def test_bibutils_reads_the_shipped_exports(record, fmt, tmp_path):
    """The committed exports in refs/ (not a fresh export) read by bibutils as the record says."""
    f = FORMATS[fmt]
    text = (REFS / f"{record.id}{f.build_suffix}").read_text(encoding="utf-8")
    (item,) = read_mods(bibutils(READERS[fmt], text, f.build_suffix, tmp_path))
    assert compare(record, item, fmt) == []


def test_bibutils_limits_on_names_and_keywords(tmp_path):
    """name.c knows the suffixes Jr., Sr., III and IV only: 'II' is read as given names, split into
    initials; bib2xml splits keywords at ';' only and keeps one of two equal names."""
    bib = "@article{k, author = {Lefèvre, II, Chigusa and Doe, Jane and Doe, Jane}, keywords = {a, b; c}}"
    (item,) = read_mods(bibutils("bib2xml", bib, ".bib", tmp_path))
    assert item["authors"] == [("II, Chigusa", "Lefèvre", ""), ("Jane", "Doe", "")]
    assert item["keywords"] == ["a, b", "c"]
    ris = "TY  - JOUR\nAU  - Lefèvre, Chigusa, II\nT2  - Journal\nJ2  - J Abbr\nER  - \n"
    (item,) = read_mods(bibutils("ris2xml", ris, ".ris", tmp_path))
    assert item["authors"] == [("Chigusa, II", "Lefèvre", "")]
    # ristypes.c: T2 is the journal's short title, J2 a series title.
    assert (item["journal"], item["journal.abbreviated"], item["journal.series"]) == (None, "Journal", "J Abbr")


@pytest.mark.parametrize(
    ("number", "part"), [("e1003", ("e1003", None)), ("1234", ("1234", None)), ("12-19", (None, ("12", "19")))]
)
def test_endx2xml_reads_the_article_number_from_pages_only(record_dict, number, part, tmp_path):
    """endnote_xml.BIBUTILS pages.article_number: endx2xml reads no custom7 (EndNote's Article Number), not
    even as a note: the number is read from pages as a page, and one holding a hyphen as a page range."""
    d = {**record_dict, "pages": {"article_number": number}}
    text = nenbib.export(to_record(d, "<number>"), "endnote-xml")
    assert f">{number}</style></custom7>" in text
    (item,) = read_mods(bibutils("endx2xml", text, ".xml", tmp_path))
    assert (item["page"], item["pages"]) == part and number not in item["notes"]
    assert "custom7" in FORMATS["endnote-xml"].load().BIBUTILS["pages.article_number"]


def test_xml2bib_runs_the_author_address_lines_together(record, tmp_path):
    """endnote_xml.BIBUTILS affiliations: endx2xml's place of publication, written by xml2bib as address."""
    mods = bibutils("endx2xml", (REFS / f"{record.id}.xml").read_text(encoding="utf-8"), ".xml", tmp_path)
    bib = bibutils("xml2bib", mods, ".xml", tmp_path)
    first, second = (aff.printed for aff in record.affiliations)
    assert f'address="{first}{second}"' in bib.decode("utf-8")


# The fields whose facts `expected` reads differently from the record, by format: each module's
# BIBUTILS notes (shown by `nenbib formats --details`) name these and no others.
READ_DIFFERENTLY = {
    "bibtex": {
        "title", "authors", "affiliations", "journal.title", "keywords", "abstract", "pages.count", "identifiers.pmid",
        "identifiers.pmcid",
    },
    "biblatex": {"title", "authors", "journal.title", "issue", "keywords", "language", "abstract", "pages.article_number"},
    "ris": {
        "genre", "authors", "affiliations", "journal.title", "journal.abbreviation_nlm", "journal.abbreviation_iso",
        "identifiers.doi", "identifiers.pmid", "identifiers.pmcid",
    },
    "endnote-xml": {
        "genre", "authors", "affiliations", "journal.abbreviation_nlm", "journal.abbreviation_iso", "issued",
        "pages.article_number", "identifiers.doi", "identifiers.pmid", "identifiers.pmcid",
    },
}  # fmt: skip


@pytest.mark.parametrize("fmt", list(READERS))
def test_the_bibutils_notes_name_what_bibutils_reads_differently(fmt):
    notes = FORMATS[fmt].load().BIBUTILS
    assert set(notes) == READ_DIFFERENTLY[fmt]
    assert all(note.startswith("bibutils ") for note in notes.values())


def test_bibutils_reads_back_every_letter_a_utf8_bibtex_name_writes_as_a_command(record_dict, tmp_path):
    """_latex.WHOLE_INITIALS: the letters a UTF-8 BibTeX export writes as commands where 8-bit BibTeX's
    initials and labels cut them ({\\'E}mile); bib2xml read {\\TH}, {\\th}, {\\DH} and {\\dh} as the commands'
    names ('\\THann'; a given name {\\TH} as three initials '\\', 'T', 'H')."""
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    letters = sorted(_latex.WHOLE_INITIALS)
    d["authors"] = [{"family": f"{c}a{c}", "given": f"{c}x-{c}"} for c in letters]
    text = nenbib.export(to_record(d, "<letters>"), "bibtex")
    (item,) = read_mods(bibutils("bib2xml", text, ".bib", tmp_path))
    assert item["authors"] == [(f"{c}x-{c}", f"{c}a{c}", "") for c in letters]
