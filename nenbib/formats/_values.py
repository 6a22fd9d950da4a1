"""Field values as readers find them, made canonical in one place, so that every reader (BibTeX,
BibLaTeX, RIS, CSL-JSON, NBIB, EndNote XML) reads the same text the same way: page ranges,
ISSNs, DOIs, language tags and keywords. Each function reports what it cannot keep through
`warn` (one message, without file or line: the reader adds those) and never guesses silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from .._regex import lazy_re

Warn = Callable[[str], None]

# How bibutils 7.2's name parser (name.c) reads our names, in every format it reads
# (tests/test_bibutils_judge.py); its BibLaTeX reader keeps both of two authors of one name.
BIBUTILS_NAMES = (
    "bibutils knows the suffixes Jr., Sr., III and IV only: another ('II') reads as a given name; of two "
    "authors of one name it keeps the first only"
)

# The months in English, as MEDLINE, EndNote and BibTeX's macros name them ('Mar', 'March', mar).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
# A month in a date's text: its name or the name's first three letters ('Sept' too), any case; not
# any word that starts so ('Marching', 'Junk'). month_number() gives its number.
MONTH_NAME = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


# 'et al.' closing an author list stands for authors not named: no author is called so.
ET_AL = "'et al.': the further authors are not named; left out"


# 'et' and 'al' apart, by a space or a dot: 'Etal' is a family name ('Jane Etal'), which was read as et al.
ET_AL_WORDS = r"[Ee]t(?:\.[\s~]*|[\s~]+)al\.?"


def is_et_al(name: str) -> bool:
    """Whether an author's name is 'et al.' ('et al', 'et. al.', 'et.al', any case), not 'Etal'."""
    return re.fullmatch(ET_AL_WORDS, name.strip(), re.IGNORECASE) is not None


# White space a name part may not start or end with: what str.isspace() finds, and U+FEFF, which
# the schema's ECMA-262 \S does not match either (its text pattern is ^\S(.*\S)?$).
SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_SPACE_RUN = lazy_re(f"[{SPACE}]+")
NO_FAMILY = "has no family name before its comma (a 'Family, Given' name); read whole as an organisation's name"


def person(family_full: str, given: str = "", suffix: str = "") -> dict[str, Any]:
    """A person from the parts of a 'Family, Given, Suffix' name as a reader cut them: each part
    without its outer white space, an empty given name or suffix left out, and the lower-case
    words leading the family name its particle ('van der Berg'; not of a one-word name). The
    family name keeps its inner spacing as written ('Berg  Smith'): split at every space, a run
    of two left it starting with a space, which validation refuses. family_full must hold text."""
    family = family_full.strip(SPACE)
    out: dict[str, Any] = {}
    cut = 0  # where the family name starts after the particle
    for gap in _SPACE_RUN.finditer(family):
        if not family[cut:][:1].islower():
            break
        cut = gap.end()
    if cut:
        out["particle"], family = family[:cut].strip(SPACE), family[cut:]
    out["family"] = family
    if given.strip(SPACE):
        out["given"] = given.strip(SPACE)
    if suffix.strip(SPACE):
        out["suffix"] = suffix.strip(SPACE)
    return {k: out[k] for k in ("family", "given", "particle", "suffix") if k in out}


def month_number(name: str) -> int:
    """1-12 of a month's name as MONTH_NAME matches it ('Apr', 'april', 'Sept')."""
    return MONTH_ABBREVIATIONS.index(name[:3].title()) + 1


def date(issued: dict[str, int], warn: Warn) -> dict[str, int]:
    """The date read, without a month that is none (13) or a day its month has not (2020-04-31),
    each noted: the schema rejects such a date, and one entry's typo would fail the whole file."""
    year, month, day = issued.get("year"), issued.get("month"), issued.get("day")
    if month is not None and not 1 <= month <= 12:
        warn(f"month {month} is no month (1-12); the year alone is kept")
        return {k: v for k, v in issued.items() if k not in ("month", "day")}
    if day is not None and not (year is not None and month is not None and 1 <= day <= _days_in(year, month)):
        within = f"{year}-{month:02d}" if year is not None and month is not None else "the month"
        warn(f"day {day} does not exist in {within}; the day is left out")
        return {k: v for k, v in issued.items() if k != "day"}
    return issued


# EDTF's (ISO 8601-2) divisions of a year, written in a date's month place: biblatex's date takes 21-41
# (biber 2.18 reads '2020-21' as the yeardivision spring, '2020-33' as Q1, and refuses '2020-13' whole).
_DIVISIONS = (
    *(f"the season {s}" for s in ("spring", "summer", "autumn", "winter")),
    *(f"{s} in the {h} hemisphere" for h in ("northern", "southern") for s in ("spring", "summer", "autumn", "winter")),
    *(f"the year's {n} quarter" for n in ("first", "second", "third", "fourth")),
    *(f"the year's {n} third (a quadrimester)" for n in ("first", "second", "third")),
    *(f"the year's {n} half (a semester)" for n in ("first", "second")),
)
YEAR_DIVISIONS = dict(enumerate(_DIVISIONS, start=21))


def year_division(month: int, warn: Warn, where: str = "") -> bool:
    """Whether the month is one of EDTF's divisions of a year (21: the season spring, 33: the first
    quarter), which a record's date cannot hold: noted so (where: what holds it, said first), not as a
    month that is none."""
    division = YEAR_DIVISIONS.get(month)
    if division is not None:
        warn(f"{where}month {month} is {division}, which a record's date cannot hold; the year alone is kept")
    return division is not None


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31


_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_RANGE = lazy_re(rf"^(\d+)\s*[{_DASH}]+\s*(\d+)$")
# Cell Press's '271-280.e8': pages 271-280, then the online pages 280.e1 to 280.e8.
_RANGE_ONLINE = lazy_re(rf"^(\d+)\s*[{_DASH}]+\s*(\d+)\.(e\d+)$")
# A range open at its end: '1-', and Web of Science's '389-+' ("and following pages").
_OPEN_RANGE = lazy_re(rf"^(\d+)\s*[{_DASH}]+\s*\+?$")
_PAGES_PART = lazy_re(r";|,(?=\s)")
_ARTICLE_NUMBER = lazy_re(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$")  # the schema's pattern
# A range of lettered pages with any dash ('S12–S19', 'e1139 - e1146', 'S12--S19'): its dash is the
# hyphen an article number holds. With an en dash it was no article number, and left out.
_LETTERED_RANGE = lazy_re(rf"^([A-Za-z]*\d+)\s*[{_DASH}]+\s*([A-Za-z]*\d+)$")


def pages(text: str, warn: Warn, note_abbreviated: bool = True, count: bool = False) -> dict[str, Any] | None:
    """{'first', 'last'}, {'first'} or {'article_number'} from '389-405', '389--405', '389–405',
    '389', 'e1003'. A shortened last page ('389-95', as MEDLINE and EndNote write it) is read in
    full (389-395), with a note unless note_abbreviated is False; of '183-9; discussion 190-1'
    or '389-405, 410' the first range is kept, with a note. count: add the range's page count (formats that hold
    none, whose readers derive it)."""
    value = " ".join(text.split())
    if not value:
        return None
    # '183-9; discussion 190-1' (MEDLINE), '389-405, 410' (CSL, publishers): the first part. A comma
    # with no space after it may group thousands ('1,234'), so only ', ' parts.
    cut = _PAGES_PART.search(value)
    head, rest = (value[: cut.start()], value[cut.end() :]) if cut else (value, "")
    head = head.strip()
    m = _RANGE.match(head)
    if not m and (online := _RANGE_ONLINE.match(head)):
        m = _RANGE.match(f"{online.group(1)}-{online.group(2)}")
        warn(
            f"pages {value!r}: the online pages after the last one ({online.group(2)}.e1 to "
            f"{online.group(2)}.{online.group(3)}) have no place in the record; read as {online.group(1)}-{online.group(2)}"
        )
    if m:
        first, last = m.group(1), m.group(2)
        shortened = int(last) < int(first) and len(last) < len(first)
        if shortened:
            last = first[: len(first) - len(last)] + last
        out: dict[str, Any] = {"first": int(first), "last": int(last)}
        if int(last) < int(first):
            # '405-389', '389-5' (385 in full): a typo. The schema refuses the range, and one entry's typo
            # failed the whole file; which page is wrong is not said, so the first is kept alone.
            warn(f"pages {value!r}: the last page is before the first; the first page alone is kept")
            out = {"first": int(first)}
        else:
            if shortened and note_abbreviated:
                warn(f"pages {value!r}: the last page is shortened; read as {first}-{last}")
            if count:
                out["count"] = int(last) - int(first) + 1
    elif head.isdigit() and not head.startswith("0"):
        out = {"first": int(head)}
    elif open_range := _OPEN_RANGE.match(head):
        if open_range.group(1).startswith("0"):  # a page has no leading zero (an article number may)
            warn(f"pages {value!r} have no last page; left out")
            return None
        warn(f"pages {value!r} have no last page; the first page alone is kept")
        out = {"first": int(open_range.group(1))}
    elif (lettered := _LETTERED_RANGE.match(head)) and _ARTICLE_NUMBER.match(joined := "-".join(lettered.groups())):
        out = {"article_number": joined}
    elif _ARTICLE_NUMBER.match(head):  # 'e1003', 'e2020-1', 'S1-S5', '042105': what the schema holds as one
        # A number with a leading zero is no page (int() would drop the zero): APS and IOP print the
        # article number 042105 where pages stand, and Mendeley and Google Scholar export it as pages.
        out = {"article_number": head}
    else:
        warn(f"pages {value!r} are neither a page range nor an article number; left out")
        return None
    if rest.strip():
        warn(f"pages {value!r}: only {head!r} is kept; the record has no place for {rest.strip()!r}")
    return out


def is_article_number(text: str) -> bool:
    """Whether the text is an article number as records hold one ('e1003', 'S1-S5', '1234')."""
    return bool(_ARTICLE_NUMBER.match(text))


def pages_beside_number(
    name: str,
    value: str,
    number: str,
    where: str,
    warn: Warn,
    shown: str | None = None,
    count: bool = False,
    label: str | None = None,
) -> int | None:
    """Note the pages a file gives (`value`, in its field `name`: 'SP', 'page'; '' where the note's place
    names the field already) beside an article number (`number`, from the field `where`: 'C7', 'eid'),
    which every reader keeps in their place. A record holds pages or an article number, not both; the
    article number is what an e-journal's article is cited by (APA 7, Crossref's article-number), the
    pages then being the article's own pagination.
    Pages that say the number itself ('e1003'; '1234' for the number 1234: nenbib's RIS writer puts
    the number in SP too) are no news. shown: the pages as the file writes them, when value is them
    decoded (BibTeX's '{e1003}'); label: how the note names them, when no one field holds them ("SP '1' and
    EP '10'"). count: the file gives no page count, and the record may keep the length of a plain range of
    pages ('1-10': 10), the article's own pagination, as the count it holds beside an article number; that
    count is returned, the note saying it was kept (None: none kept)."""
    text = " ".join(value.split())
    read = pages(text, lambda _: None) if text else None
    if not text or text == number or read == {"article_number": number} or read == {"first": _number(number)}:
        return None
    shown = " ".join(shown.split()) if shown is not None else text
    named = label or (f"{name} {shown!r}" if name else repr(shown))
    # A plain range only: not '271-280.e8' (online pages after it), '1-10, 12', '405-389' (a typo) nor
    # '389-95' (shortened: read in full elsewhere, with a note this one would lack).
    plain = _RANGE.match(text)
    span = (
        int(plain.group(2)) - int(plain.group(1)) + 1 if count and plain and int(plain.group(2)) >= int(plain.group(1)) else None
    )
    but, kept = (" but for its length", f", and the range's {span} pages as its page count") if span else ("", "")
    warn(f"{named} left out{but}: the record holds the article number {number!r} ({where}) in place of pages{kept}")
    return span


def _number(text: str) -> int | None:
    """The number text is, or None."""
    return int(text) if text.isdigit() else None


_ISSN = lazy_re(r"(?<![0-9])([0-9]{4})-?([0-9]{3}[0-9Xx])(?![0-9Xx])(?:\s*\((print|electronic|linking)\))?", re.IGNORECASE)


def issns(text: str, journal: dict[str, Any], warn: Warn, unmarked: str | None = None, marked: set[str] | None = None) -> None:
    """Every ISSN in text ('1389-4501', '13894501', '1389-4501 (Print)', '1389-4501, 1873-5592',
    one a line as EndNote keeps them) into journal's issn_print / issn_electronic. A marked ISSN
    goes to its place; a linking ISSN (PubMed's ISSN-L, one of the journal's ISSNs) that is not
    the electronic one goes to an empty print place, as PubMed's print ISSN; an unmarked
    one to the print place, or the electronic place when the print one is taken (unmarked='electronic':
    to the electronic place, as in BibLaTeX's eissn). Text that is no ISSN, and ISSNs with no place
    left, are reported. An unmarked ISSN taken as the electronic one is noted as a guess unless the
    print one was marked: marked holds the print ISSN placed by its mark, shared by the calls for one
    journal (a RIS file's SN lines, a CSL list's items). An ISSN with a wrong check digit is left out
    with a note, as a malformed ORCID is: one typo must not fail the whole file's validation."""
    from ..validate import _issn_ok

    marked = set() if marked is None else marked
    found = list(_ISSN.finditer(text))
    between = [text[a:b] for a, b in zip([0, *(m.end() for m in found)], [*(m.start() for m in found), len(text)], strict=True)]
    rest = [" ".join(part.split()).strip(",; ") for part in between]
    if any(rest):
        warn(f"ISSN text {', '.join(filter(None, rest))!r} is not an ISSN; left out")
    # Marked ISSNs first, so an unmarked one takes the place they leave ('1873-5592, 1389-4501 (Print)');
    # linking ISSNs last: one that repeats a print or electronic ISSN of the text is no news.
    for m in sorted(found, key=lambda m: ((m.group(3) or "").lower() == "linking", not (m.group(3) or unmarked))):
        issn = f"{m.group(1)}-{m.group(2).upper()}"
        kind = (m.group(3) or unmarked or "").lower()
        if not _issn_ok(issn):
            warn(f"ISSN {issn} has a wrong check digit; left out")
            continue
        if issn in (journal.get("issn_print"), journal.get("issn_electronic")):
            continue  # said again, e.g. as the linking ISSN
        if kind == "linking" and "issn_print" in journal:
            warn(f"linking ISSN {issn} left out: it is not the print ISSN, and which edition it names is not said")
            continue
        key = "issn_electronic" if kind == "electronic" or (not kind and "issn_print" in journal) else "issn_print"
        if key in journal:
            warn(f"a further ISSN {issn} left out")
            continue
        printed = journal.get("issn_print")
        if key == "issn_electronic" and not kind and printed not in marked:
            warn(f"ISSN {issn} taken as the electronic one, {printed} as the print one: the file does not say which is which")
        if key == "issn_print" and kind == "print":
            marked.add(issn)
        journal[key] = issn


# 'PMID: 31612345'; a PMCID's number alone ('6467432', as some tools keep it) is that PMCID.
_PMID = lazy_re(r"^(?:PMID:?\s*)?([1-9][0-9]{0,9})$", re.IGNORECASE)
_PMCID = lazy_re(r"^(?:PMCID:?\s*)?(PMC)?([0-9]{1,10})$", re.IGNORECASE)


def pmid(text: str, warn: Warn, name: str = "") -> str | None:
    """The PubMed ID of a field that holds one ('31612345', 'PMID: 31612345'); None, with a note,
    for anything else: one malformed identifier must not fail the whole file's validation."""
    m = _PMID.match(text.strip())
    if m is None:
        warn(f"{name}{' ' if name else ''}{text!r} is no PMID; left out")
        return None
    return m.group(1)


def pmcid(text: str, warn: Warn, name: str = "") -> str | None:
    """The PMCID of a field that holds one: 'PMC6467432', or its number alone, read so with a note;
    None, with a note, for anything else."""
    m = _PMCID.match(text.strip())
    if m is None:
        warn(f"{name}{' ' if name else ''}{text!r} is no PMCID; left out")
        return None
    if m.group(1) is None:
        warn(f"{name}{' ' if name else ''}{text!r} is a number without 'PMC'; read as PMC{m.group(2)}")
    return "PMC" + m.group(2)


# What a super- or subscript of these characters reads as: Unicode's own (BibTeX's \\textsuperscript{18} and
# $_{2}$, EndNote's superscript and subscript style runs). Other text (a superscript 'th') stays as written.
SCRIPTABLE = "0123456789+-=()"
SCRIPTS = {
    "^": str.maketrans(SCRIPTABLE, "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e"),
    "_": str.maketrans(SCRIPTABLE, "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208c\u208d\u208e"),
}


# Rich text: citeproc-js reads <i>, <b>, <sup>, <sub>, <sc> and <span style=...> or <span class="nocase"> in CSL
# text, and Zotero's title fields hold the same tags (its CSL-JSON and RIS exports write them as they are: RIS's
# TI, T2 and, from Crossref, AB); Crossref's abstracts are JATS (<jats:p>, <jats:italic>). A record holds plain
# text, so the tags go. Only a pair of known tags is markup (an open tag and its close, as citeproc-js pairs
# them): a lone '<i>', 'p < 0.05' or '<5 years' is text. Entities are decoded in JATS only (XML): citeproc-js,
# pandoc and Zotero print '&amp;' in CSL text as it is (citeproc-js 2.4.63, measured), so our readers keep it too.
RICH_TAG = lazy_re(r"</?(i|b|sup|sub|sc|span)(?:\s[^<>]*)?>", re.IGNORECASE)
_JATS_TAG = lazy_re(r"</?jats:([A-Za-z-]+)[^<>]*>", re.IGNORECASE)
_SCRIPT_TAG = lazy_re(r"<(?:jats:)?(sup|sub)>([0-9+\-=()]+)</(?:jats:)?\1>", re.IGNORECASE)
_JATS_BLOCK = lazy_re(r"</jats:title>\s*(?:<jats:p\b[^<>]*>)?|</jats:(?:p|sec)>|<jats:(?:p|sec)\b[^<>]*>", re.IGNORECASE)
_JATS_LEADING_TITLE = lazy_re(r"^\s*(?:<jats:sec\b[^<>]*>\s*)?<jats:title>\s*Abstract\s*</jats:title>", re.IGNORECASE)
_ENTITY = lazy_re(r"&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\u00a0"}
_QUIET_TAGS = {"p", "sec", "title", "span"}  # structure, or a span that only says 'no case change'


def plain_text(text: str, warn: Warn, name: str) -> str:
    """Rich text (citeproc-js's and Zotero's tags, or JATS) as plain text: a pair of known tags removed (a note
    names the formatting lost), JATS paragraphs and sections on lines of their own, a section's title before its
    text, and (in JATS only) entities decoded. `name` names the field in the note."""
    if "<" not in text:
        return text
    # Only JATS is laid out anew (its paragraphs as lines); other text keeps its line breaks and
    # spaces, as an abstract without '<' or '&' does (our own export's blank lines read back).
    # A super- or subscript of digits is Unicode's, as the BibTeX and EndNote XML readers read one ('[18F]' was
    # read as plain digits, with a note that <sup> was removed); one of other text is formatting lost, noted.
    text = _SCRIPT_TAG.sub(lambda m: m.group(2).translate(SCRIPTS["^" if m.group(1).lower() == "sup" else "_"]), text)
    jats = "<jats:" in text.lower()
    if jats:
        text = _JATS_LEADING_TITLE.sub("", text)  # Crossref's 'Abstract' heading is no part of the abstract
        text = _JATS_BLOCK.sub(lambda m: " " if m.group(0).lower().startswith("</jats:title") else "\n", text)
    lost: list[str] = []
    text = _without_markup(text, lost, jats)
    if lost:
        warn(f"{name}: formatting ({', '.join(f'<{t}>' for t in lost)}) removed: records hold plain text")
    if not jats:
        return text
    text = _ENTITY.sub(_entity, text)
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def _without_markup(text: str, lost: list[str], jats: bool) -> str:
    """The text without each pair of known tags (an open tag and the next close of its name, an inner tag left
    open being text) and, in JATS, without its tags; the formatting they gave added to `lost`, in the text's order.
    Tags are found in the text as given, once: taking one out never makes a tag of the text around it."""
    opened: list[re.Match[str]] = []
    cut: list[re.Match[str]] = list(_JATS_TAG.finditer(text)) if jats else []
    given = [(m.start(), m.group(1).lower()) for m in cut]  # (where its open tag stands, the formatting it gave)
    for m in RICH_TAG.finditer(text):
        tag = m.group(1).lower()
        if not m.group(0).startswith("</"):
            opened.append(m)
            continue
        at = next((k for k in range(len(opened) - 1, -1, -1) if opened[k].group(1).lower() == tag), None)
        if at is None:
            continue  # a close with no open tag: text
        start = opened[at]
        del opened[at:]
        cut += (start, m)
        if tag == "span" and "nocase" not in start.group(0):
            tag = "span style"
        given.append((start.start(), tag))
    for _, tag in sorted(given):
        if tag not in _QUIET_TAGS and tag not in lost:
            lost.append(tag)  # in the order the text gives them
    if not cut:
        return text
    cut.sort(key=lambda m: m.start())
    out, end = [], 0
    for m in cut:
        out.append(text[end : m.start()])
        end = m.end()
    return "".join(out) + text[end:]


def _entity(m: re.Match[str]) -> str:
    """The character an XML entity names; a reference to no XML character ('&#0;') stays as written."""
    from ..validate import _CONTROL

    if m.group(1):
        return _ENTITIES[m.group(1)]
    code = int(m.group(2) or m.group(3), 10 if m.group(2) else 16)
    if code in (0x9, 0xA, 0xD):
        return chr(code)  # laid out as white space with the rest of the JATS text
    xml_char = 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return chr(code) if xml_char and not _CONTROL.match(chr(code)) else m.group(0)


# A note's line of Zotero's Extra that names the PMID or PMCID ('PMID: 31612345'): Zotero keeps a PubMed
# article's identifiers there, and its BibTeX and CSL-JSON exports write Extra as the note.
_NOTE_ID = lazy_re(r"^\s*(PMID|PMCID)\s*:\s*(\S+)\s*$", re.IGNORECASE)


def note_ids(note: str, ids: dict[str, Any], warn: Warn, why: str) -> bool:
    """The PMID and PMCID of a note's 'PMID: 31612345' lines into ids, where they hold none, each noted
    (why: whose line it is, in parentheses); whether any line was one, the note's other lines then noted
    as left out. A PMID inside other text is not read: nothing is guessed."""
    lines = [line.strip() for line in note.splitlines() if line.strip()]
    found = [(line, m) for line in lines if (m := _NOTE_ID.match(line))]
    for line, m in found:
        key = m.group(1).lower()
        read = (pmid if key == "pmid" else pmcid)(m.group(2), warn, m.group(1))
        if read is None:
            continue
        if key not in ids:
            ids[key] = read
            warn(f"{line!r} read as the {m.group(1).upper()} {read} ({why})")
        elif ids[key] != read:
            warn(f"{line!r} differs from the {m.group(1).upper()} {ids[key]}, which is kept; left out")
    rest = [line for line in lines if not _NOTE_ID.match(line)]
    if found and rest:
        warn(f"{' '.join(rest)[:60]!r}: the rest of the note has no place in the record; left out")
    return bool(found)


# PubMed writes ORCID iDs hyphenated or not ('AUID- ORCID: 0000000218250097'), or as a link.
_ORCID = lazy_re(r"^(?:(?:https?://)?(?:www\.)?orcid\.org/)?([0-9]{4})-?([0-9]{4})-?([0-9]{4})-?([0-9]{3}[0-9Xx])/?$")


def orcid(text: str, warn: Warn) -> str | None:
    """The ORCID iD, hyphenated ('0000-0002-1825-0097'), of '0000-0002-1825-0097', '0000000218250097' or
    'https://orcid.org/0000-0002-1825-0097'; None, with a note, for anything else or a wrong check digit:
    one malformed identifier must not fail the whole file's validation."""
    from ..validate import _orcid_ok

    m = _ORCID.match(text.strip())
    found = "-".join(m.groups()).upper() if m else None
    if found is None or not _orcid_ok(found):
        warn(f"ORCID {text.strip()!r} is no valid ORCID iD; left out")
        return None
    return found


# A doi.org link, its scheme too left out as a link is often pasted ('doi.org/10.1000/xyz'): Zotero's cleanDOI
# finds the DOI wherever it stands, and such a link was read as no DOI, in a link field or a DOI field.
_DOI_LINK = lazy_re(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
_DOI_PREFIX = lazy_re(rf"{_DOI_LINK.pattern}|^doi:\s*", re.IGNORECASE)


def _link_tail(text: str) -> str:
    """The query or fragment of a doi.org link ('?utm_source=feed', '#section'), else '': in a URL a
    literal '?' starts the query and '#' the fragment (RFC 3986 3.3), so a DOI holding one is written
    %3F or %23 in its link, as nenbib and the DOI Handbook write it."""
    value = text.strip()
    if not _DOI_LINK.match(value):
        return ""
    m = re.search(r"[?#]", value)
    return value[m.start() :] if m else ""


def doi(text: str) -> str:
    """The DOI itself from '10.x/y', 'doi:10.x/y' or 'https://doi.org/10.x/y' (a link's %-escapes
    undone: 'https://doi.org/10.1002/x;2-%23' is the DOI 10.1002/x;2-#; its query or fragment cut,
    which doi_end names)."""
    value = text.strip()
    tail = _link_tail(value)
    bare = _DOI_PREFIX.sub("", value[: len(value) - len(tail)]).strip()
    if "%" in bare and _DOI_LINK.match(value):
        from urllib.parse import unquote

        bare = unquote(bare)
    return bare


DOI_END = "closing it is punctuation, not the DOI's (Zotero's cleanDOI cuts it too)"
# A ';' closing a labelled DOI is the list's it was cut from ('https://doi.org/10.1000/a;https://...', the RIS
# spec's separator of UR's links; DOI_IN_TEXT ends a DOI before it so too). Zotero's cleanDOI keeps it.
DOI_LIST_END = "closing it separates a list's items, not the DOI's"


def labelled_doi_end(text: str, bare: str) -> str | None:
    """The DOI without the '.', ',' or ';' closing it where the value names it with a label ('doi:10.1000/abc.',
    'doi: 10.1000/abc,', a doi.org link): the end of a cited reference's sentence (NLM's style ends with
    'doi: 10.1000/abc.'), which Zotero's cleanDOI cuts too, as this reader cuts it after 'DOI 10.1000/abc.',
    or of a list's item (DOI_LIST_END). None when there is no label or nothing to cut: a bare DOI keeps its
    last '.', which the DOI syntax allows and every writer (nenbib's own too) writes so; a ';' inside a DOI
    stays ('10.1002/...3.0.CO;2-2')."""
    value = text.strip()
    if bare == value or not value.endswith((".", ",", ";")) or not bare.endswith((".", ",", ";")):
        return None
    cut = bare.rstrip(".,;")
    return cut if DOI.fullmatch(cut) else None


def doi_end(text: str, bare: str) -> tuple[str, str] | None:
    """(the DOI, why the rest of text is not the DOI's) where doi(text) left out a link's query or
    fragment, or labelled_doi_end cuts a closing '.', ',' or ';'; None when text is the DOI as it stands.
    A note reads '... read as the DOI {the DOI}: {why}'."""
    if tail := _link_tail(text):
        what = "query" if tail[0] == "?" else "fragment"
        sign = "%3F" if tail[0] == "?" else "%23"
        return bare, f"the link's {what} {tail!r} is left out: a DOI's {tail[0]!r} is written {sign} in its link"
    if cut := labelled_doi_end(text, bare):
        end = bare[len(cut) :]
        return cut, f"the {end!r} {DOI_LIST_END if ';' in end else DOI_END}"
    return None


DOI = lazy_re(r"10\.[0-9]{4,9}/[\x21-\x7E]+")  # the schema's pattern
# A DOI among other text, as Zotero's cleanDOI finds one, and ending as a DOI does: a trailing '.',
# ',' or ';' is the sentence's or a list's ('10.1000/a; 10.1000/b' was read as the DOI '10.1000/a;').
DOI_IN_TEXT = lazy_re(r"10\.[0-9]{4,9}/[\x21-\x7E]*[\x21-\x2B\x2D\x2F-\x3A\x3C-\x7E]")


def is_doi_url(text: str) -> bool:
    """True for 'https://doi.org/...', 'doi.org/...' and 'doi:...': text that names a DOI."""
    return bool(_DOI_PREFIX.match(text.strip()))


# The PubMed and PubMed Central pages of an article (older ones through Entrez), with or without the link's
# scheme and 'www.' ('www.ncbi.nlm.nih.gov/pubmed/123' as pasted was a link not kept): pandoc links
# BibLaTeX's eprinttype = pubmed so (jgm/pandoc src/Text/Pandoc/Citeproc/BibTeX.hs), EndNote's and
# Zotero's PubMed imports keep such a link as the URL.
_PUBMED_LINK = lazy_re(
    r"(?:https?://)?(?:(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/|pubmed\.ncbi\.nlm\.nih\.gov/)([0-9]+)/?"
    r"|(?:https?://)?(?:www\.)?ncbi\.nlm\.nih\.gov/entrez/query\.fcgi\?cmd=Retrieve&db=PubMed&dopt=Citation&list_uids=([0-9]+)"
    r"|(?:https?://)?(?:(?:www\.)?ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/)PMC([0-9]+)/?",
    re.IGNORECASE,
)


def linked_id(url: str, warn: Warn | None = None, held: dict[str, str] | None = None) -> tuple[str, str] | None:
    """('doi' | 'pmid' | 'pmcid', the identifier) of a link to an identifier's page, else None (also for
    a doi.org link that holds no DOI: 'https://doi.org/' gave the DOI '', which failed the whole file).
    With warn, a doi.org link is read as every labelled DOI is: its closing '.' or ',' or its query or
    fragment cut, with a note (doi_end), unless it is the link of the DOI the record holds (held: the identifiers read),
    case aside (a DOI may end in '.', and nenbib writes its link so); without, the DOI is as the link spells it."""
    if is_doi_url(url):
        found = doi(url)
        if held and found.casefold() == held.get("doi", "").casefold():
            warn = None  # the held DOI's own link
        if warn is not None and (end := doi_end(url, found)) and DOI.fullmatch(end[0]):
            warn(f"{url.strip()!r} read as the DOI {end[0]}: {end[1]}")
            return ("doi", end[0])
        return ("doi", found) if DOI.fullmatch(found) else None
    m = _PUBMED_LINK.fullmatch(url.strip())
    if m is None:
        return None
    return ("pmcid", f"PMC{m.group(3)}") if m.group(3) else ("pmid", m.group(1) or m.group(2))


# A DOI of a part of a PLOS article, its article's DOI (which ends in seven digits) and the part's suffix: a
# figure's '.g001', a table's '.t001', a supplement's '.s001' (10.1371/journal.pone.0012345.g001).
_PLOS_PART = lazy_re(r"(10\.1371/journal\.[a-z]+\.[0-9]{7})\.[a-z]+[0-9]+", re.IGNORECASE)


def article_of_part(doi: str) -> str | None:
    """The article's DOI where the DOI is a PLOS figure's, table's or supplement's, else None."""
    m = _PLOS_PART.fullmatch(doi)
    return m.group(1) if m else None


# Why a link naming no identifier is left out. A record has no place for links: it keeps the DOI, PMID
# and PMCID a link may name (linked_id), and only those; 'no link besides the DOI' was untrue once
# PubMed's and PMC's links were read as the PMID and PMCID.
LINK_NOT_KEPT = "not kept: a record keeps no links, only the DOI, PMID and PMCID a link may name, and this one names none"
ID_NAMES = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}


def other_linked(linked: tuple[str, str], held: dict[str, str], verb: str = "links") -> str | None:
    """'links the PMID 333, not the record's 111; not kept' where a link names another identifier of
    its kind than the record's; None where the record has none of that kind or the same (a DOI's case
    aside: DOIs ignore case, DOI Handbook 2.4)."""
    kind, found = linked
    if kind not in held or found.casefold() == held[kind].casefold():
        return None
    return f"{verb} the {ID_NAMES[kind]} {found}, not the record's {held[kind]}; not kept"


# A link's cut (its closing '.', ',' or ';', query or fragment) is noted only where the record takes the identifier from it.
def read_link(url: str, ids: dict[str, str], name: str, shown: str | None = None) -> tuple[str, list[str]]:
    """Read one link of a record (RIS's UR, CSL-JSON's URL, BibTeX's url, EndNote's related-urls) into ids,
    the identifiers read so far: the DOI, PMID or PMCID it names (linked_id) where the record has none.
    Returns (what, notes), what being 'read' (taken into ids), 'held' (the link of an identifier the record
    holds), 'none' (it names no identifier), 'other' (another identifier than the record's) or 'part'
    (a PLOS figure's, table's or supplement's DOI, no DOI of the article); notes, each starting with name (if any):
    of a link read, the cuts linked_id made (a closing '.', ',' or ';', a query or fragment); of a link held, none
    (the rule above: 'https://doi.org/10.1000/abc.' beside the DOI 10.1000/abc changes nothing in the record, and
    RIS and CSL-JSON said it was 'read as the DOI' where BibTeX and EndNote XML said nothing); of a link not kept,
    why, in one line (LINK_NOT_KEPT, other_linked), not a reading of it too ('read as the DOI ...' before 'not
    kept'). shown: the link as the file spells it, where that differs."""
    shown = repr(url.strip() if shown is None else shown)
    if name:
        shown = f"{name} {shown}"
    notes: list[str] = []
    linked = linked_id(url, lambda m: notes.append(f"{name} {m}" if name else m), held=ids)
    if linked is None:
        return "none", [f"{shown} {LINK_NOT_KEPT}"]
    kind, found = linked
    if kind == "doi" and (article := article_of_part(found)) and found.casefold() != ids.get("doi", "").casefold():
        # A supplement's DOI in RIS's L1 (its file) or a figure's in a link is no DOI of the article: taken where
        # the record had none, 10.1371/journal.pone.0012345.s001 became the article's DOI (in every reader but
        # RIS's, until this rule was theirs too).
        return "part", [f"{shown} names the DOI of a figure, table or supplement of the article {article}; not kept"]
    if kind not in ids:
        ids[kind] = found
        return "read", notes
    if other := other_linked(linked, ids):
        return "other", [f"{shown} {other}"]
    return "held", []


_BCP47 = lazy_re(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# ISO 639-2/T codes where they differ from the bibliographic (/B) ones MEDLINE uses.
_ISO639_2T = {
    "ces": "cs",
    "cym": "cy",
    "deu": "de",
    "ell": "el",
    "fas": "fa",
    "fra": "fr",
    "isl": "is",
    "mkd": "mk",
    "msa": "ms",
    "nld": "nl",
    "ron": "ro",
    "slk": "sk",
    "zho": "zh",
}


# English names of the languages in MEDLINE's table where the babel name (_latex.LANGUAGE_OF) is
# another or there is none: Zotero, Mendeley and EndNote write 'Japanese', 'Chinese', 'Norwegian'.
_ENGLISH_NAME = {
    "afrikaans": "af",
    "arabic": "ar",
    "chinese": "zh",
    "esperanto": "eo",
    "farsi": "fa",
    "hindi": "hi",
    "hungarian": "hu",
    "indonesian": "id",
    "irish": "ga",
    "japanese": "ja",
    "korean": "ko",
    "macedonian": "mk",
    "malay": "ms",
    "norwegian": "no",
    "persian": "fa",
    "romanian": "ro",
    "slovenian": "sl",
    "thai": "th",
    "urdu": "ur",
    "vietnamese": "vi",
    "welsh": "cy",
}


def language(text: str, warn: Warn) -> str | None:
    """A BCP 47 tag from a tag ('en', 'pt-BR'), a three-letter ISO 639-2 code ('eng', 'ger',
    'deu': BCP 47 uses the two-letter code where there is one), or a babel or English name
    ('english', 'English', 'ngerman'); None, with a note, when it is none of these."""
    from ._latex import LANGUAGE_OF
    from .nbib import MEDLINE_TO_LANGUAGE

    value = text.strip()
    for key in (value, value.lower()):
        if key in LANGUAGE_OF:
            return LANGUAGE_OF[key]
        if key in MEDLINE_TO_LANGUAGE:
            return MEDLINE_TO_LANGUAGE[key]
        if key in _ISO639_2T:
            return _ISO639_2T[key]
        if key in _ENGLISH_NAME:
            return _ENGLISH_NAME[key]
    if _BCP47.match(value):
        return value
    warn(f"language {value!r} is not a language tag such as 'en' nor a language's name; left out")
    return None


def keywords(values: Iterable[str], warn: Warn, kept: Keywords | None = None) -> list[str]:
    """The keywords of values in order, each once (compared without case), on one line;
    one holding a comma or semicolon (formats join keywords with them) is left out, with a note.
    kept: the keywords already read from the same record (RIS's KW and MEDLINE's OT lines are
    read one at a time), which are not repeated; it is extended and its list returned."""
    out = kept if kept is not None else Keywords()
    for raw in values:
        kw = " ".join(raw.splitlines()).strip()
        if not kw:
            continue
        if "," in kw or ";" in kw:
            warn(f"keyword {kw!r} holds a comma or semicolon, which records do not allow; left out")
        elif kw.casefold() in out.seen:
            warn(f"keyword {kw!r} repeats; kept once")
        else:
            out.seen.add(kw.casefold())
            out.kept.append(kw)
    return out.kept


class Keywords:
    """A record's keywords read so far, and each casefolded: a reader that reads them line by line
    checks a new one against the set, not a set made anew from the list each line (n keyword lines
    cost n squared steps: 20,000 KW lines took 30 s)."""

    __slots__ = ("kept", "seen")

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.seen: set[str] = set()


_KEY_OK = lazy_re(r"^[A-Za-z][A-Za-z0-9_:.-]{0,99}$")
_KEY_MAX = 100  # characters in a key (the schema's pattern of id)
_KEY_PART_MAX = 40  # of the family name and of the title's word in a key made


class Keys:
    """The record keys of a file so far, and for each key made the next suffix to try, so that n
    records making one key cost n steps, not n squared; and the keys the file's entries give
    (reserve), which no key made for an earlier entry takes. Keys are compared without case, as
    BibTeX, biber's citations and nenbib's id check (records.Ids) compare them: 'Doe2020' and
    'doe2020' are one key, and two records of it failed `nenbib validate`."""

    __slots__ = ("given", "reserved", "seen", "texts", "tried")

    def __init__(self) -> None:
        self.seen: set[str] = set()  # casefolded, as reserved
        self.tried: dict[str, int] = {}
        self.reserved: set[str] = set()
        # The first record read of each key a file gives, casefolded: (place, key as given, record but
        # its id); of a key given again, each record's JSON text: (place, key). Compared as text, not
        # one by one: a file whose 10^4 records give one key (EndNote's label is free text) is n steps.
        self.given: dict[str, tuple[str, str, dict[str, Any]]] = {}
        self.texts: dict[str, dict[str, tuple[str, str]]] = {}

    def reserve(self, given: object) -> None:
        """A key an entry the file's records are read from gives: a key made for an entry before it, or
        a suffix for a key that repeats, does not take it (the later entry was renamed, with a note that
        its key is none a record can have). An entry left out (a book) reserves none."""
        if isinstance(given, str) and usable_key(given):
            self.reserved.add(given.casefold())


class SameRecord(Exception):
    """A record whose key an earlier record of the file gives (compared without case) and which reads
    as that record, its key aside: left out, the message says why. A reader removes the notes it made
    of the record, which repeat the earlier's."""


class Earlier:
    """The first record of the file read before of a key a later record gives (compared without case)."""

    __slots__ = ("key", "place")

    def __init__(self, place: str, key: str) -> None:
        self.place, self.key = place, key

    def repeated_by(self, given: str) -> str:
        """ "'a3' repeats line 3's", with that record's key when its case differs."""
        case = "" if self.key == given else f" {self.key!r} (keys compare without case)"
        return f"{given!r} repeats {self.place}'s{case}"


def earlier_record(given: object, d: dict[str, Any], place: str, keys: Keys) -> Earlier | None:
    """For a record read (`d`, at `place`: 'line 3', 'item 0') of a key the file gives: the first
    record read before of that key, None when none was; SameRecord when one of them reads as this
    one (the key aside). BibTeX and biber keep only the first entry of a key: a repeat of the same
    record is left out, one that differs is kept under a key of its own (record_key), as leaving it
    out loses a record. The record is remembered for the records after it."""
    if not isinstance(given, str) or not given:
        return None
    content = {k: v for k, v in d.items() if k != "id"}
    folded = given.casefold()
    if (first := keys.given.get(folded)) is None:
        keys.given[folded] = (place, given, content)
        return None
    import json  # here: only a file that repeats a key needs it

    def text(record: dict[str, Any]) -> str:
        return json.dumps(record, sort_keys=True, ensure_ascii=False)

    if (texts := keys.texts.get(folded)) is None:
        texts = keys.texts[folded] = {text(first[2]): (first[0], first[1])}
    if (same := texts.get(this := text(content))) is not None:
        raise SameRecord(f"{Earlier(*same).repeated_by(given)} and reads as the same record; left out")
    texts[this] = (place, given)
    return Earlier(first[0], first[1])


def record_key(given: str | None, d: dict[str, Any], keys: Keys) -> str:
    """The record's key: the one the file gives when it is a usable citation key, else one made
    like 'ohmoto2020genomic'; with a, b, ... appended when an earlier record of the file has it
    (compared without case), a suffix no entry of the file gives (Keys.reserve)."""
    if given and usable_key(given):
        # Its own key, unless an earlier record has it: then a suffix, as for a key made.
        return _unique_key(given, keys, avoid=keys.reserved if given.casefold() in keys.seen else frozenset())
    return _unique_key(_make_key(d), keys, avoid=keys.reserved)


def usable_key(given: str) -> bool:
    """Whether a key a file gives is one a record can have (a record key made for it when not)."""
    return bool(_KEY_OK.match(given))


# Latin letters that NFKD does not take apart into an ASCII letter and an accent, as BibTeX's purify$ and
# biber's labels spell them (\O, \L, \AE, \ss): dropped, the key of 'Łukasiewicz' was 'ukasiewicz2020...'.
_LETTERS_AS_ASCII = str.maketrans(
    {
        "\u00d8": "O", "\u00f8": "o", "\u0141": "L", "\u0142": "l", "\u00c6": "AE", "\u00e6": "ae", "\u0152": "OE",
        "\u0153": "oe", "\u00df": "ss", "\u0110": "D", "\u0111": "d", "\u00d0": "D", "\u00f0": "d", "\u00de": "Th",
        "\u00fe": "th", "\u0131": "i", "\u0126": "H", "\u0127": "h",
    }
)  # fmt: skip


def _make_key(d: dict[str, Any]) -> str:
    """A citation key like 'ohmoto2020genomic': first author's family name, year, first title word."""

    def ascii_word(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text.translate(_LETTERS_AS_ASCII)).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9]", "", plain).lower()

    first = d["authors"][0] if d.get("authors") else {}
    who = ascii_word(first.get("family") or first.get("name", "").split(" ")[0] or "")
    year = str(d.get("issued", {}).get("year", ""))
    words = [ascii_word(w) for w in str(d.get("title", "")).split()]
    what = next((w for w in words if len(w) > 3), next((w for w in words if w), ""))
    # Cut so that a key made is one a record can have: a title word or a name of 150 letters made a
    # key the record's id check refused ('does not have the required form'), failing the import.
    key = f"{who[:_KEY_PART_MAX]}{year}{what[:_KEY_PART_MAX]}"
    return key if key[:1].isalpha() else f"ref{key}"


def _unique_key(key: str, keys: Keys, avoid: set[str] | frozenset[str] = frozenset()) -> str:
    """The key, with a, b, ... appended when an earlier record of the file has it or it is to avoid
    (both casefolded); the key cut to leave room for them within the 100 characters a key may have."""
    out, n = key[:_KEY_MAX], keys.tried.get(key, 0)
    while (folded := out.casefold()) in keys.seen or folded in avoid:
        suffix = f"{chr(ord('a') + n % 26)}{n // 26 or ''}"
        out = key[: _KEY_MAX - len(suffix)] + suffix
        n += 1
    keys.tried[key] = n
    keys.seen.add(folded)
    return out
