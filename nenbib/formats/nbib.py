"""MEDLINE/PubMed tagged format (.nbib), as PubMed's "Send to: Citation manager" export writes it.

Each line is a four-character tag padded with spaces, "- " and the value ("FAU - Ohmoto, Akihiro");
a long value goes on in continuation lines indented six spaces. The tags, their order and the
wrapping follow PubMed's own export (checked against .nbib files PubMed wrote in 2019-2025):
a wrapped line keeps its trailing space, and a line's text after the tag holds at most 81
characters (so no line is longer than 88 with that space), a longer word standing alone.
Tags of NLM's indexing work (OWN, STAT, MH, JID, EDAT, PL, ...) are not written: the record does not
hold them and nenbib never invents them. Records are separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from .._regex import lazy_re
from ..model import Organization, Person, Record
from . import Options, ReadResult, _values, entries

FIDELITY = {
    "id": "dropped: MEDLINE has no citation key; the reader makes one from author, year and title",
    "type": "carried",
    "genre": "lossy: only a review survives, as PT Review; the publisher's own label (mini-review) is lost",
    "title": "carried",
    "authors": (
        "lossy: FAU holds 'family, given' (PubMed cuts it at the first ', '); reading back, lower-case leading words "
        "become the particle, Jr/Sr/II-IV the suffix; a family name holding ', ' is cut there, and one starting with a "
        "comma reads back as an organisation (a group's CN holds any name)"
    ),
    "authors.orcid": "carried",
    "authors.corresponding": "dropped: MEDLINE has no place for the corresponding author",
    "affiliations": (
        "lossy: AD holds the printed address, not its parts; readers unaware of CN give a group's AD to the author before it"
    ),
    "journal.title": "carried",
    "journal.abbreviation_nlm": "carried",
    "journal.abbreviation_iso": "dropped: MEDLINE's text format has no ISO abbreviation tag",
    "journal.issn_print": "carried",
    "journal.issn_electronic": "carried",
    "publisher": "dropped: MEDLINE has no publisher tag for journal articles",
    "issued": "carried",
    "volume": "carried",
    "issue": "carried",
    "pages": "carried",
    "pages.count": "lossy: MEDLINE has no page count; the reader derives it from a page range, an article number's is lost",
    "pages.article_number": (
        "lossy: MEDLINE has no article-number tag; PG holds it, as in PubMed: digits or a range ('12-19') read back as pages, "
        "and one shaped like a shortened range of lettered pages ('e2020-1') in full ('e2020-e2021'), as MEDLINE readers do"
    ),
    "identifiers.doi": "carried",
    "identifiers.pmid": "carried",
    "identifiers.pmcid": "carried",
    "keywords": "carried",
    "language": "lossy: a MEDLINE three-letter code (LA); region or script subtags and languages outside the table are lost",
    "abstract": "lossy: AB is one paragraph; line breaks become spaces",
    "sources": "dropped: MEDLINE has no place for fact sources",
}

# PubMed's wrap: at most this many characters of text after the six-character tag column.
TEXT_WIDTH = 81
INDENT = " " * 6

# BCP 47 primary language subtag -> MEDLINE language code (NLM uses ISO 639-2/B, e.g. "ger", "fre").
LANGUAGE_TO_MEDLINE = {
    "af": "afr",
    "ar": "ara",
    "bg": "bul",
    "ca": "cat",
    "cs": "cze",
    "cy": "wel",
    "da": "dan",
    "de": "ger",
    "el": "gre",
    "en": "eng",
    "eo": "epo",
    "es": "spa",
    "et": "est",
    "fa": "per",
    "fi": "fin",
    "fr": "fre",
    "ga": "gle",
    "he": "heb",
    "hi": "hin",
    "hr": "hrv",
    "hu": "hun",
    "id": "ind",
    "is": "ice",
    "it": "ita",
    "ja": "jpn",
    "ko": "kor",
    "la": "lat",
    "lt": "lit",
    "lv": "lav",
    "mk": "mac",
    "ms": "may",
    "nl": "dut",
    "no": "nor",
    "pl": "pol",
    "pt": "por",
    "ro": "rum",
    "ru": "rus",
    "sk": "slo",
    "sl": "slv",
    "sr": "srp",
    "sv": "swe",
    "th": "tha",
    "tr": "tur",
    "uk": "ukr",
    "ur": "urd",
    "vi": "vie",
    "zh": "chi",
}
MEDLINE_TO_LANGUAGE = {v: k for k, v in LANGUAGE_TO_MEDLINE.items()}

# How JabRef's MEDLINE import (MedlinePlainImporter) reads each field differently (judged in
# tests/test_nbib_jabref.py, a port of it). It finds the format by a PMID, PMC or PMCR line.
JABREF = {
    "title": "JabRef's importer replaces every en dash of the file by '-' and every em dash by '--' (in all fields)",
    "authors": "JabRef reads CN into a corporate field, out of the author list (a second CN overwrites the first)",
    "affiliations": "JabRef does not read AD",
    "journal.issn_print": "JabRef keeps the ISSNs in fields named by their medium (Print-issn, Electronic-issn), not in issn",
    "issued": "JabRef reads DP's year and month; the day is lost",
    "issue": "JabRef reads IP into the issue field, which BibTeX styles do not print (they print number)",
    "abstract": "JabRef cuts AB at its last 'Copyright' and keeps the rest in a copyright field",
    "identifiers.doi": "JabRef reads AID '... [doi]' into an article-doi field, not doi",
    "identifiers.pmid": "JabRef does not read PMID",
    "identifiers.pmcid": "JabRef does not read PMC",
}

MONTHS = _values.MONTH_ABBREVIATIONS
SUFFIXES = ("Jr", "Sr", "II", "III", "IV", "2nd", "3rd", "4th")  # NLM writes 2nd, 3rd, 4th for II, III, IV
AU_SUFFIXES = ("Jr", "Sr", "2nd", "3rd", "4th")  # after AU's initials, II and IV are initials too


def wrap(value: str) -> list[str]:
    """The value cut at spaces into lines of at most TEXT_WIDTH characters (a longer word stands alone)."""
    lines: list[str] = []
    current: str | None = None
    # split(" ") keeps runs of spaces as empty words, so joining the lines back with one space is exact.
    for word in value.split(" "):
        if current is None:
            current = word
        elif len(current) + 1 + len(word) <= TEXT_WIDTH or not current.strip():
            # A line of spaces alone is not cut off: a blank line ends a MEDLINE record.
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current or "")
    return lines


def field(tag: str, value: str) -> str:
    """One tagged field: 'TAG - value', wrapped; a wrapped line keeps its trailing space, as PubMed's does."""
    lines = wrap(value)
    head = f"{tag:<4}- "
    return head + (" \n" + INDENT).join(lines) + "\n"


def initials(given: str | None) -> str:
    """MEDLINE initials: the first letter of each given name, hyphenated parts included ('Jean-Pierre' -> 'JP')."""
    if not given:
        return ""
    out = []
    for part in re.split(r"[\s-]+", given):
        letter = next((c for c in part if c.isalpha()), "")
        out.append(letter.upper())
    return "".join(out)


def _date(r: Record) -> str:
    d = r.issued
    parts = [str(d.year)]
    if d.month:
        parts.append(MONTHS[d.month - 1])
        if d.day:
            parts.append(str(d.day))
    return " ".join(parts)


def _source(r: Record) -> str:
    """PubMed's SO line: 'Curr Drug Targets. 2020;21(4):389-405. doi: 10.2174/....'"""
    journal = r.journal.abbreviation_nlm or r.journal.title
    where = _date(r)
    if r.volume:
        where += f";{r.volume}"
    if r.issue:
        where += f"({r.issue})"
    if r.pages is not None:
        where += f":{r.pages.range('-')}"
    out = f"{journal}. {where}."
    if r.identifiers.doi:
        out += f" doi: {r.identifiers.doi}."
    return out


def record_text(r: Record) -> str:
    """One record in PubMed's tag order."""
    out: list[str] = []
    ids = r.identifiers
    if ids.pmid:
        out.append(field("PMID", ids.pmid))
    if r.journal.issn_print:
        out.append(field("IS", f"{r.journal.issn_print} (Print)"))
    if r.journal.issn_electronic:
        out.append(field("IS", f"{r.journal.issn_electronic} (Electronic)"))
    if r.volume:
        out.append(field("VI", r.volume))
    if r.issue:
        out.append(field("IP", r.issue))
    out.append(field("DP", _date(r)))
    out.append(field("TI", r.title))
    if r.pages is not None:
        out.append(field("PG", r.pages.range("-")))
    if ids.doi:
        out.append(field("LID", f"{ids.doi} [doi]"))
    if r.abstract:
        out.append(field("AB", " ".join(r.abstract.splitlines())))
    for a in r.authors:
        if isinstance(a, Organization):
            # MEDLINE names a group author with CN (corporate name), in its place among the authors.
            out.append(field("CN", a.name))
        else:
            out.append(field("FAU", _full_name(a)))
            out.append(field("AU", _short_name(a)))
            if a.orcid:
                out.append(field("AUID", f"ORCID: {a.orcid}"))
        for aff in r.affiliations_of(a):
            out.append(field("AD", aff.printed))
    if r.language:
        code = LANGUAGE_TO_MEDLINE.get(r.language.split("-")[0].lower())
        if code:  # not 'und' for a language outside the table: MEDLINE's 'und' says it is undetermined
            out.append(field("LA", code))
    out.append(field("PT", "Journal Article"))
    if r.genre and _is_review(r.genre):
        out.append(field("PT", "Review"))
    if r.journal.abbreviation_nlm:
        out.append(field("TA", r.journal.abbreviation_nlm))
    # JT: NLM's catalogue writes titles in sentence case ("Current drug targets") but keeps proper
    # nouns capitalised ("... Council on Renal Nutrition of the National Kidney Foundation"), which
    # no rule can recover from a title-cased name; the record does not hold NLM's form, so the
    # journal title is written as the record has it.
    out.append(field("JT", r.journal.title))
    if ids.pmcid:
        out.append(field("PMC", ids.pmcid))
    if r.keywords:
        # OTO NOTNLM: the keywords (OT) are the authors', not NLM's.
        out.append(field("OTO", "NOTNLM"))
        out.extend(field("OT", k) for k in r.keywords)
    if ids.doi:
        out.append(field("AID", f"{ids.doi} [doi]"))
    out.append(field("SO", _source(r)))
    return "".join(out)


def _full_name(p: Person) -> str:
    # "Last, First Suffix"; without a given name "Last," (or "Last, Suffix"): the comma says where the
    # family name ends. Without it Zotero splits "Da Silva" at its last space (given "Da", family
    # "Silva") and the nbib package reads no family name at all.
    name = p.family_full + (f", {p.given}" if p.given else ",")
    return name + (f" {p.suffix.rstrip('.')}" if p.suffix else "")


def _short_name(p: Person) -> str:
    name = " ".join(x for x in (p.family_full, initials(p.given)) if x)
    return name + (f" {p.suffix.rstrip('.')}" if p.suffix else "")


# A review article by its label ("mini-review", "Systematic Review", "review article"), which PubMed
# indexes with the publication type Review; not a review of something else ("book review").
_REVIEW = lazy_re(r"(?:([a-z][a-z-]*)[ -])?reviews?(?: articles?)?(?: and meta-analys[ie]s)?")
_NOT_A_REVIEW_ARTICLE = {"book", "film", "peer", "product", "software", "media", "game", "music", "theatre", "art"}


def _is_review(genre: str) -> bool:
    m = _REVIEW.fullmatch(" ".join(genre.lower().split()))
    return m is not None and m.group(1) not in _NOT_A_REVIEW_ARTICLE


def write(records: Iterable[Record], options: Options) -> Iterator[str]:
    """Records in MEDLINE format, a blank line between them; UTF-8, LF line ends."""
    return entries(entry, end, records, options)


def entry(r: Record, n: int, options: Options) -> str:
    """The n-th record (0-based), after a blank line unless it is the first."""
    return ("\n" if n else "") + record_text(r)


def end(count: int, options: Options) -> str:
    """Nothing follows the last record."""
    return ""


# --- reading -------------------------------------------------------------------------------

# Tags the record holds one value of: a repeat is left out with a note (it overwrote the first).
ONCE = frozenset({"PMID", "TI", "AB", "DP", "VI", "IP", "PG", "LA", "TA", "JT", "PMC"})
# PubMed's own bookkeeping (owner, status, processing dates, PMC's release date, journal id, subset,
# who chose the OT terms) and SO, the citation line made of tags read above: no fact of the article
# is lost when they are not kept. Any other tag not read (MH, GR, DEP, a PT such as 'Retracted Publication', ...) is
# named in one note a record.
BOOKKEEPING = frozenset(
    {"OWN", "STAT", "DCOM", "LR", "DA", "EDAT", "MHDA", "CRDT", "PHST", "PMCR", "PST", "JID", "SB", "SO", "OTO"}
)
LINE = lazy_re(r"^([A-Z][A-Z0-9 ]{1,3})-(?: (.*))?$")  # 'AB  -': the value's space gone with the line's end
# A line ends at LF, CRLF or CR only: str.splitlines also breaks at U+2028, U+0085, a form feed, ...,
# which a title or abstract may hold: the rest of the value was skipped as no tag line and every later
# line number was one too many. Inside a value such a break is a space, as every value is one line; a tab
# too (text pasted from a PDF: it failed the schema's no-control-characters rule, and the whole file).
_SPLIT_LINES = lazy_re(r"\r\n|\r|\n")
_OTHER_BREAKS = lazy_re("[\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def sniff(text: str) -> bool:
    """True when the text starts like a MEDLINE record."""
    head = text.lstrip("\ufeff \r\n")
    return bool(LINE.match(head.split("\n", 1)[0])) and head[4:6] == "- "


def _fields(text: str, source: str, warnings: list[str]) -> Iterator[list[tuple[str, str, int]]]:
    """Each record as a list of (tag, value, line number), continuation lines joined."""
    # Each value as its lines, joined once the record is whole: joined line by line, a value of
    # n lines was copied n times (100,000 lines of an abstract took minutes).
    record: list[tuple[str, list[str], int]] = []
    for n, line in enumerate(_SPLIT_LINES.split(_OTHER_BREAKS.sub(" ", text.lstrip("\ufeff"))), 1):
        if not line.strip():
            if record:
                yield _joined(record)
                record = []
            continue
        if line.startswith(INDENT) and record:
            record[-1][1].append(line[len(INDENT) :])
            continue
        m = LINE.match(line)
        if not m:
            warnings.append(f"{source}: line {n}: not a MEDLINE tag line, skipped: {line[:40]!r}")
            continue
        if m.group(1) == "PMID":
            # A PMID opens a record, also without the blank line (files joined with cat): the two
            # were one. PMC's export writes 'PMC - ' before it: those lines open the record with it
            # (alone, they were read as a record of their own, the article losing its PMCID; left
            # to the record before, they gave it the next article's PMCID).
            start = len(record)
            while start and record[start - 1][0] == "PMC":
                start -= 1
            if start:
                yield _joined(record[:start])
                record = record[start:]
        record.append((m.group(1).strip(), [m.group(2) or ""], n))
    if record:
        yield _joined(record)


def _joined(record: list[tuple[str, list[str], int]]) -> list[tuple[str, str, int]]:
    """(tag, value, line) of each field, its lines joined. PubMed keeps one space before a break;
    the continuation stands for exactly one space."""
    return [
        (tag, " ".join([*(p[:-1] if p.endswith(" ") else p for p in lines[:-1]), lines[-1]]), at) for tag, lines, at in record
    ]


def _issued(value: str, warn: _values.Warn) -> dict[str, int] | None:
    """{'year', 'month'?, 'day'?} of DP ('2020 Mar 15'); what is read of '2020 Mar-Apr', '2019 Winter'
    or '2020 Mar 15-21' is noted, as the record cannot say a range of months or a season."""
    parts = value.split()
    if not parts or not parts[0][:4].isdigit():
        return None
    out = {"year": int(parts[0][:4])}
    whole = parts[0].isdigit() and len(parts[0]) == 4
    if len(parts) > 1 and parts[1][:3].title() in MONTHS:
        out["month"] = MONTHS.index(parts[1][:3].title()) + 1
        whole = whole and parts[1].title() in (*MONTHS, *_values.MONTH_NAMES)
        if len(parts) > 2 and parts[2].isdigit():
            out["day"] = int(parts[2])
        whole = whole and len(parts) <= 2 + ("day" in out)
    else:
        whole = whole and len(parts) == 1
    if not whole:
        kept = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(out.values()))
        warn(f"date {value!r} read as {kept}; a record's date holds no range or season")
    return _values.date(out, warn)


# A range of pages with a letter in front ('S12-9', 'e1139-46', 'S12-S19'): NLM's pagination gives the
# digits that change only (MeSH indexing manual 10.2: '12-19 is typed 12-9'), of supplement and
# electronic pages too; the letter is not repeated.
_PREFIXED_RANGE = lazy_re(r"^([A-Za-z]+)(\d+)\s*-\s*([A-Za-z]*)(\d+)$")
_PG_PARTS = lazy_re(r";|,(?=\s)")  # '183-9; discussion 190-1', '34-6, 87-91': parts, as _values.pages cuts them
# A LID '[pii]' read as the article number where there is no PG: digits ('8304', MDPI's article number;
# '24883', Scientific Reports'), or 'e'/'E' and digits after at most four letters ('e1003', MDPI's older
# 'E164', Science's 'eaav1282'). A pii is the publisher's own identifier, not always the article's number:
# Elsevier's ('S0092-8674(19)30846-3'), the BMJ's ('bmj.b5479') and the seven-digit ones of JAMA and OUP
# are not, and are left out.
_PII_ARTICLE_NUMBER = lazy_re(r"^(?:[0-9]{1,6}|[eE][a-z]{0,4}[0-9]{1,8})$")


def _prefixed_pages(value: str, warn: _values.Warn) -> dict[str, Any] | None:
    """The pages of a PG range whose pages have a letter in front, in full, as a record holds them (its
    article number, as 'SP  - S12' 'EP  - S19' of RIS read): 'S12-9' is S12-S19; None for any other PG."""
    text = " ".join(value.split())
    cut = _PG_PARTS.search(text)
    head, rest = (text[: cut.start()].strip(), text[cut.end() :].strip()) if cut else (text, "")
    m = _PREFIXED_RANGE.match(head)
    if m is None or (m.group(3) and m.group(3).casefold() != m.group(1).casefold()):
        return None
    if rest:  # 'S12-9; discussion S20': the first part, as _values.pages keeps it
        warn(f"pages {value!r}: only {head!r} is kept; the record has no place for {rest!r}")
    prefix, first, last = m.group(1), m.group(2), m.group(4)
    if len(last) < len(first) and not m.group(3):
        # NLM shortens 'E123-E145' as 'E123-45'; with its letter repeated ('E123-E45') the end is written
        # whole, so it is before the start, as '405-389' of unlettered pages (it was read as E123-E145).
        last = first[: len(first) - len(last)] + last
    if int(last) < int(first):
        # 'S19-2' (S12 in full): a typo, as '389-5' of an unprefixed range; the first page is the fact.
        warn(f"pages {value!r}: the last page is before the first; the first page alone is kept")
        return {"article_number": f"{prefix}{first}"}
    return {"article_number": f"{prefix}{first}-{prefix}{last}"}


def _person(full: str) -> dict[str, Any]:
    """FAU 'Family, Given Suffix' (PubMed cuts at the first ', '); 'Family,' a family name alone.
    Nothing before the comma (', Jan'): no part is a family name, and a person without one failed
    validation and the whole file: read whole as an organisation's name, as CN holds one."""
    full = full.strip(_values.SPACE)
    family, comma, given = full.partition(", ")
    if not comma:
        family = family.removesuffix(",")  # "Da Silva,": a family name alone
    if not family.strip(_values.SPACE):
        return {"name": full}
    words = given.strip(_values.SPACE).split(" ") if given.strip(_values.SPACE) else []
    suffix = words.pop() if words and words[-1].rstrip(".") in SUFFIXES else ""
    return _values.person(family, " ".join(words), suffix)


def _au_person(value: str) -> dict[str, Any]:
    """AU 'Smith JA' read alone (records from before 2002 have no FAU): initials stand as the given name."""
    name, suffix = value.strip(_values.SPACE), None
    head, _, last = name.rpartition(" ")
    if head.strip(_values.SPACE) and last.rstrip(".") in AU_SUFFIXES:  # "Moore WS Jr"; "Ivanov II" is initials
        name, suffix = head.strip(_values.SPACE), last
    family, _, inits = name.rpartition(" ")
    family = family.strip(_values.SPACE)  # "Smith  JA": the name, not its spacing
    person = {"family": family, "given": inits} if family else {"family": inits}
    return {**person, "suffix": suffix} if suffix else person


def _fold(text: str) -> str:
    """A name part as AU and FAU may both spell it: letters and digits, accents and case aside (a part of
    neither, '}', as it stands: as '' it matched any other such part)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text).casefold() if c.isalnum())
    return folded or " ".join(text.casefold().split())


class _Name:
    """A FAU, AU or CN line, the AUID and AD lines after it (before the next name line), and the line
    it is paired with (an AU with its FAU)."""

    __slots__ = ("tag", "value", "line", "person", "key", "attached", "pair")

    def __init__(self, tag: str, value: str, line: int, person: dict[str, Any]) -> None:
        self.tag, self.value, self.line, self.person = tag, value, line, person
        # (family, initials) as AU gives them, to pair an AU with its FAU; None for a group's name.
        self.key: tuple[str, str] | None = None
        if tag == "AU":
            self.key = (_fold(person["family"]), _fold(person.get("given", "")))  # 'AU  - Madonna': no initials
        elif tag == "FAU" and "name" not in person:
            family, _, given = value.strip(_values.SPACE).partition(", ")
            words = given.split()
            if words and words[-1].rstrip(".") in SUFFIXES:
                words.pop()
            self.key = (_fold(family.removesuffix(",")), _fold(initials(" ".join(words))))
        self.attached: list[tuple[int, str, str]] = []  # (line, 'AUID' or 'AD', value)
        self.pair: _Name | None = None


def _pair(names: list[_Name], source: str, warnings: list[str]) -> list[_Name]:
    """The authors of a record's name lines, in the order of their first line: each AU one author with
    the FAU of its name. PubMed writes FAU then AU, author by author; other tools write all FAUs then
    all AUs, or the AUs first, or a group (CN) between them: an AU pairs with the first FAU left
    whose family name and initials match, then with one whose initials start alike ('Smith J' and
    'Smith, John Alan'); one matching none pairs, with a note, with a FAU left on the name line beside
    it, else with the first person's FAU left in order, so no line is read as a further author that is
    not, and none is lost. An AU with no FAU left for it is an author of its own."""
    aus = [x for x in names if x.tag == "AU"]
    by_key: dict[tuple[str, str], list[_Name]] = {}  # the FAUs of each name, in order (a collaboration lists thousands)
    for full in reversed([x for x in names if x.tag == "FAU"]):
        if full.key is not None:
            by_key.setdefault(full.key, []).append(full)

    def take(au: _Name, fau: _Name) -> None:
        au.pair, fau.pair = fau, au
        if fau.key is not None:
            group = by_key[fau.key]
            if group[-1] is fau:
                group.pop()
            else:
                group.remove(fau)

    for au in aus:
        if au.key in by_key and by_key[au.key]:
            take(au, by_key[au.key][-1])
    for au in aus:  # 'Smith J' and 'Smith, John Alan': the initials start alike
        if au.pair is None and au.key is not None:
            family, inits = au.key
            alike = [
                f
                for key, fulls in by_key.items()
                if key[0] == family and (key[1].startswith(inits) or inits.startswith(key[1]))
                for f in fulls
            ]
            if alike:
                take(au, min(alike, key=lambda f: f.line))

    def pair_left(au: _Name, fau: _Name, how: str) -> None:
        take(au, fau)
        warnings.append(
            f"{source}: line {au.line}: AU: {au.value!r} matches the name of no FAU; read as one author with "
            f"the FAU {fau.value!r} (line {fau.line}), {how}: the pairing is not certain"
        )

    # PubMed's pattern: an AU beside its FAU (after it; before it in some tools' export), no other name between.
    place = {id(x): i for i, x in enumerate(names)}
    for au in aus:
        i = place[id(au)]
        beside = [names[j] for j in (i - 1, i + 1) if 0 <= j < len(names)]
        if au.pair is None and (fau := next((x for x in beside if x.tag == "FAU" and x.pair is None), None)):
            pair_left(au, fau, "the name line beside it")
    # Then in order, as the AUs left come; not a FAU read as a group's name (', Jane'): no short form shows it.
    left = (x for x in names if x.tag == "FAU" and x.pair is None and x.key is not None)
    for au in aus:
        if au.pair is None and (fau := next(left, None)) is not None:
            pair_left(au, fau, "the first left unpaired in order")
    # A pair stands where its first line stands.
    return [x for x in names if x.pair is None or x.line < x.pair.line]


def _doi(text: str, warn: _values.Warn) -> str | None:
    """The DOI of a '[doi]' LID or AID: bare or after 'doi:'; one found among other text is taken with
    a note, and text holding none is left out with a note."""
    bare = _values.doi(text)
    if _values.DOI.fullmatch(bare):
        if end := _values.doi_end(text, bare):
            warn(f"{text!r} read as the DOI {end[0]}: {end[1]}")
            return end[0]
        return bare
    found = _values.DOI_IN_TEXT.search(bare)
    if found is None:
        warn(f"{text!r} is not a DOI; left out")
        return None
    warn(f"{text!r} read as the DOI {found.group()}; the text around it is not kept")
    return found.group()


def _listed(left: dict[str, list[tuple[str, int]]]) -> str:
    """'MH (12 lines), PT 'Retracted Publication', DEP': what a record held that is not kept."""
    parts: list[str] = []
    for tag, found in left.items():
        if tag == "PT":  # a publication type is a fact worth its words (Retracted Publication, Comment)
            parts.extend(f"PT {value[:60]!r}" for value, _ in found)
        else:
            parts.append(tag if len(found) == 1 else f"{tag} ({len(found)} lines)")
    return ", ".join(parts)


def _record(fields: list[tuple[str, str, int]], source: str, warnings: list[str]) -> dict[str, Any] | None:
    """The record dict, or None (with a note) for a book or a chapter, which PubMed also lists."""
    rec: dict[str, Any] = {"type": "article-journal"}
    authors: list[dict[str, Any]] = []
    printed_ids: dict[str, str] = {}
    journal: dict[str, str] = {}
    ids: dict[str, str] = {}
    keywords = _values.Keywords()
    linking: list[tuple[str, int]] = []
    marked: set[str] = set()  # the IS lines are one journal's: a print ISSN one marks is no guess for the next
    names: list[_Name] = []  # the FAU, AU and CN lines, paired into authors once all are read (_pair)
    # The last name read was an investigator's (IR/FIR, not an author): an AUID or AD after it is
    # not the last author's.
    investigator = False
    book: tuple[str, int] | None = None  # PT Book / Book Chapter, or a BTI: not a journal article
    bare_lid: tuple[str, int] | None = None  # 'LID - 18': PMC's article number, no id type given
    pii_lid: tuple[str, int] | None = None  # 'LID - 8304 [pii]': the publisher item identifier
    aid_piis: list[tuple[str, int]] = []
    pg: tuple[str, int] | None = None
    seen: set[str] = set()
    left: dict[str, list[tuple[str, int]]] = {}  # tags read but not kept: tag -> (value, line)

    def at(line: int, tag: str) -> _values.Warn:
        return lambda message: warnings.append(f"{source}: line {line}: {tag}: {message}")

    for tag, value, n in fields:
        if tag != "AB":  # an abstract is kept verbatim
            # White space ending a value is none of it (inside, a wrapped line's trailing spaces are the
            # value's, as the writer keeps a run of spaces): a file whose lines end in spaces (an editor's,
            # a mail's) had 'eng  ' for no language, '10.1000/x [doi]  ' for no DOI, and failed validation.
            value = value.rstrip(" \t")
        if not value.strip():
            continue  # 'AB  - ' (PMC's export when the publisher holds the abstract): no fact to keep
        if tag in ("FAU", "AU", "CN", "IR", "FIR"):
            investigator = tag in ("IR", "FIR")
        if tag in ONCE:
            if tag in seen:
                what = "a further language" if tag == "LA" else "repeats"
                warnings.append(f"{source}: line {n}: {tag}: {what} {value[:40]!r} left out: the record holds one, the first")
                continue
            seen.add(tag)
        if tag == "PMID":
            if found := _values.pmid(value, at(n, "PMID")):
                ids["pmid"] = found
        elif tag == "TI":
            rec["title"] = value
        elif tag == "AB":
            rec["abstract"] = value
        elif tag == "FAU":
            names.append(_Name(tag, value, n, _person(value)))
            if "name" in names[-1].person:
                warnings.append(f"{source}: line {n}: FAU: author {names[-1].person['name']!r} {_values.NO_FAMILY}")
        elif tag == "AU" and value.rstrip(".").lower() == "et al":
            # Records of before 2002 end a shortened author list so: no author is named "et al.".
            warnings.append(f"{source}: line {n}: AU: 'et al.': the further authors are not named; left out")
        elif tag == "AU":
            names.append(_Name(tag, value, n, _au_person(value)))
        elif tag == "CN":
            names.append(_Name(tag, value, n, {"name": value.strip(_values.SPACE)}))
        elif tag == "AUID" and value.startswith("ORCID: ") and names and not investigator:
            if "name" in names[-1].person:  # a group (CN) has no ORCID iD: one failed the whole file's validation
                at(n, "AUID")(f"{value!r} after the group {names[-1].person['name']!r}, which has no ORCID iD; left out")
            elif found := _values.orcid(value.removeprefix("ORCID: "), at(n, "AUID")):
                names[-1].attached.append((n, "AUID", found))
        elif tag == "AD" and names and not investigator:
            names[-1].attached.append((n, "AD", printed_ids.setdefault(value, f"aff{len(printed_ids) + 1}")))
        elif tag == "LA":
            if value in MEDLINE_TO_LANGUAGE:
                rec["language"] = MEDLINE_TO_LANGUAGE[value]
            elif value != "und":  # undetermined: there is no language to keep
                warnings.append(f"{source}: line {n}: language code {value!r} is not in nenbib's table, dropped")
        elif tag == "PT" and value in ("Journal Article", "Review"):
            if value == "Review":
                rec["genre"] = "review"
        elif (tag == "PT" and value in ("Book", "Book Chapter")) or tag == "BTI":
            if tag == "PT" or book is None:  # the publication type says it best
                book = (f"PT {value!r}" if tag == "PT" else "BTI (a book's title)", n)
        elif tag == "TA":
            journal["abbreviation_nlm"] = value
        elif tag == "JT":
            journal["title"] = value
        elif tag == "IS":
            if value.endswith("(Linking)"):
                linking.append((value, n))  # after the others: it often repeats one of them
            else:
                _values.issns(value, journal, at(n, "IS"), marked=marked)
        elif tag == "VI":
            rec["volume"] = value
        elif tag == "IP":
            rec["issue"] = value
        elif tag == "DP":
            issued = _issued(value, at(n, "DP"))
            if issued:
                rec["issued"] = issued
            else:
                warnings.append(f"{source}: line {n}: cannot read the date {value!r}")
        elif tag == "PG":
            pg = (value, n)  # read once the LID lines are: an article number there wins over it
        elif tag in ("LID", "AID") and value.endswith(" [doi]"):
            # Read as every reader reads a DOI: a malformed one failed the whole file's validation.
            if not (found := _doi(value.removesuffix(" [doi]"), at(n, tag))):
                pass
            elif "doi" not in ids:
                ids["doi"] = found
            elif found.casefold() != ids["doi"].casefold():  # DOIs ignore case (DOI Handbook 2.4)
                at(n, tag)(f"a further DOI {found} left out: the record holds one, {ids['doi']}")
        elif tag == "LID" and not value.endswith("]") and bare_lid is None and _values.is_article_number(value):
            bare_lid = (value, n)
        elif tag == "LID" and value.endswith(" [pii]") and pii_lid is None:
            pii_lid = (value.removesuffix(" [pii]").strip(), n)  # read once PG is known: see below
            left.setdefault(tag, []).append((value, n))  # and named there, unless it is a fact kept
        elif tag == "AID" and value.endswith(" [pii]"):
            aid_piis.append((value.removesuffix(" [pii]").strip(), n))
            left.setdefault(tag, []).append((value, n))
        elif tag == "PMC":  # PubMed writes 'PMC6467432'; a malformed one failed the whole file
            if found := _values.pmcid(value, at(n, "PMC")):
                ids["pmcid"] = found
        elif tag == "OT":
            _values.keywords([value], at(n, "OT"), keywords)
        elif tag not in BOOKKEEPING:
            left.setdefault(tag, []).append((value, n))
    if book:
        what, n = book
        warnings.append(f"{source}: line {n}: {what}: a book or a chapter is not a journal article; left out")
        return None
    if bare_lid:
        # The article number wins over PG's pages, as in every reader (_values.pages_beside_number): PG
        # was kept and the LID named as a tag the record has no place for, though the record held it.
        value, n = bare_lid
        rec["pages"] = {"article_number": value}
        # MEDLINE has no page count: a plain range's length is the count the record holds beside the number.
        if pg and (span := _values.pages_beside_number("", pg[0], value, "LID", at(pg[1], "PG"), count=True)):
            rec["pages"]["count"] = span
        warnings.append(
            f"{source}: line {n}: LID: {value!r}, given without its kind (PMC's export writes the article "
            "number so), read as the article number"
        )
    elif pg:
        # MEDLINE shortens page ranges ("21-8" is 21-28) as a rule: read in full without a note.
        value, n = pg
        pages = _prefixed_pages(value, at(n, "PG")) or _values.pages(value, at(n, "PG"), note_abbreviated=False, count=True)
        if pages:
            rec["pages"] = pages
    elif pii_lid and _PII_ARTICLE_NUMBER.match(pii_lid[0]):
        # LID (XML's ELocationID) is "an electronic location for items which lack standard page numbers"
        # (NLM's MEDLINE/PubMed XML element descriptions), PubMed's citation showing its pii "only when
        # there is no pagination" (NLM Tech Bull 2008 (363):e2): MDPI's articles have no PG and their
        # number in LID alone ('LID - 8304 [pii]'), which was named as a tag not kept. Read so only when
        # it has an article number's shape (_PII_ARTICLE_NUMBER), and said, as a pii need not be one.
        value, n = pii_lid
        rec["pages"] = {"article_number": value}
        warnings.append(
            f"{source}: line {n}: LID: {value!r} [pii], with no PG, read as the article number: PubMed gives the "
            "publisher item identifier as the location of an article without pages, and this one has an article "
            "number's shape"
        )
    elif pii_lid:
        value, n = pii_lid
        warnings.append(
            f"{source}: line {n}: LID: {value!r} [pii] left out: a publisher item identifier, which the record has "
            "no place for; PubMed gives it where there are no pages (PG), but it is not shaped as an article number "
            "('8304', 'e1003'), so it is not read as one"
        )
    # A pii that says what the record holds (PLOS's 'LID - e1006632 [pii]' beside 'PG - e1006632'; an AID
    # pii that is the article number read) is no news; the AID's is LinkOut's, not the citation's (NLM Tech
    # Bull 2008 (363):e2), and is never read as the article number.
    said = {p for p in (pg[0] if pg else None, rec.get("pages", {}).get("article_number")) if p}
    for tag, piis in (("LID", [pii_lid] if pii_lid else []), ("AID", aid_piis)):
        for value, n in piis:
            if value in said or (tag == "LID" and not pg and not bare_lid):  # the LID is noted above then
                left[tag] = [(v, m) for v, m in left[tag] if m != n]
        if tag in left and not left[tag]:
            del left[tag]
    if left:
        first = min(n for found in left.values() for _, n in found)
        warnings.append(f"{source}: line {first}: not kept, the record has no place for them: {_listed(left)}")
    for value, n in linking:
        _values.issns(value, journal, at(n, "IS"), marked=marked)
    if "title" not in journal and "abbreviation_nlm" in journal:
        journal["title"] = journal["abbreviation_nlm"]
    for name in _pair(names, source, warnings):
        lines = [name, name.pair] if name.pair else [name]
        author = dict(next((x for x in lines if x.tag == "FAU"), name).person)  # the full name, when there is one
        for line, what, got in sorted(a for x in lines for a in x.attached):
            if what == "AD":
                refs = author.setdefault("affiliations", [])
                if got not in refs:  # two affiliations printed alike are one here
                    refs.append(got)
            elif "name" in author:  # an AU's ORCID iD, its FAU a name read as a group's
                at(line, "AUID")(f"'ORCID: {got}' of the group {author['name']!r}, which has no ORCID iD; left out")
            else:
                author["orcid"] = got
        authors.append(author)
    rec["authors"] = authors
    if printed_ids:
        rec["affiliations"] = [{"id": aff_id, "printed": printed} for printed, aff_id in printed_ids.items()]
    rec["journal"] = journal
    if ids:
        rec["identifiers"] = ids
    if keywords.kept:
        rec["keywords"] = keywords.kept
    return rec


def read(text: str, source: str) -> ReadResult:
    """MEDLINE records as record dicts (validated later); odd lines become warnings."""
    result = ReadResult()
    keys = _values.Keys()
    for fields in _fields(text, source, result.warnings):
        rec = _record(fields, source, result.warnings)
        if rec is None:
            continue
        result.records.append({"id": _values.record_key(None, rec, keys), **rec})
        result.places.append(f"line {fields[0][2]}")
    return result


# Where the reader finds each field a record requires: an import that lacks one is told in the format's
# own words (convert.py), not by the record's JSON pointer ('/0/journal: 'title' is a required property').
REQUIRED_FROM = {
    "title": "TI line",
    "authors": "FAU, AU or CN line",
    "journal.title": "JT or TA line",
    "issued.year": "DP line with a year",
}
