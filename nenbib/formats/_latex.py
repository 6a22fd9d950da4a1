"""What BibTeX and BibLaTeX share: escaping text for LaTeX, names, the entry layout, and the reader.

Text fields are escaped by field type: every LaTeX special becomes a command that BibTeX's brace
matching cannot misread (FORMAT-NOTES: `\\{` still counts as a brace, so literal braces are
`\\textbraceleft{}` / `\\textbraceright{}`); doi stays verbatim. TeX ligatures in the text
(`--`, ``` `` ```, `''`, `,,`, `!``, `?``) are broken with `{}` so that LaTeX prints what the
record says and readers do not turn them into dashes and quotes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable
from functools import lru_cache, partial
from typing import Any

from .._regex import lazy_re
from ..errors import OutputError
from ..model import Organization, Person, Record, to_dict
from . import ReadResult, _values

# ---- writing --------------------------------------------------------------------------------

TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL = lazy_re(r"[\\{}&%$#_~^<>|]")
_LIGATURE = lazy_re(r"([-`',])(?=\1)|[!?](?=`)")
# --ascii: characters latexcodec writes in a form that does not decode back to them.
# Text commands braced, as Zotero writes them: in an author's 'O{\textquoteright}Brien' the command is one
# special character to BibTeX, and alpha.bst's label is O{\textquoteright}B, not 'O\t' (text.prefix$ counts
# the characters of an unbraced command's name); in a title a style's change of case leaves it alone.
ASCII_EXTRA = {
    "\u2018": r"{\textquoteleft}",
    "\u2019": r"{\textquoteright}",
    "\u201c": r"{\textquotedblleft}",
    "\u201d": r"{\textquotedblright}",
    "\u20ac": r"{\texteuro}",
    # TeX's ligatures, which every reader knows (pandoc drops \textendash and \textemdash); '{}' keeps
    # a following '-' from joining them.
    "\u2013": "--{}",
    "\u2014": "---{}",
    # The minus sign as text math, as the reader reads '$-1$': no text command for it is known to
    # latexcodec or BibTeX's styles (\textminus needs textcomp), and '-' is another character.
    "\u2212": "$-$",
}
# Superscript and subscript digits and signs (18F, CO2) in the forms Zotero's BibTeX import maps back
# to these characters ($^{4}$, $_{2}$, \textonesuperior: its reverse mapping table); the reader and
# latexcodec read them back too. \textsuperscript{2} reached Zotero as the text '\textsuperscript2'.
ASCII_EXTRA |= {
    c: f"${kind}{{{plain}}}$"
    for kind, chars in (
        ("^", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e"),
        ("_", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208c\u208d\u208e"),
    )
    for c, plain in zip(chars, "0123456789+-=()", strict=True)
}
# Braced, as Zotero writes them: '{\textonesuperior{}$^{8}$F-FDG}' is one special character to BibTeX,
# whose letters a style's change of case lowers (18f-fdg); '{{\textonesuperior}$^{8}$F-FDG}' is protected.
ASCII_EXTRA |= {"\u00b9": r"{\textonesuperior}", "\u00b2": r"{\texttwosuperior}", "\u00b3": r"{\textthreesuperior}"}
# The micro sign (5 µM) as the text command LaTeX prints it with and Zotero maps back, braced: in
# '{\textmu}M' a style's change of case leaves the M (in '{\textmu{}M}', a special character to
# BibTeX, it does not). latexcodec writes $\mu$, which Zotero reads as the Greek letter mu.
ASCII_EXTRA["\u00b5"] = r"{\textmu}"
# Signs of the sciences (mean ± SD, 37 °C, 2 × 10⁶, 0.5‰) as the textcomp commands LaTeX prints them
# with, in Zotero's braced forms, which its import maps back; latexcodec writes most of them as math
# ($\pm$, $^\circ$) that Zotero's import does not read. ≤, ≥, ≈ and ∼ stay refused: Zotero reads no
# LaTeX for the first three, and for ∼ only '{\~}', an accent on nothing, at which pdflatex stops (nenbib
# reads it as '~'; latexcodec keeps it); and ∞, whose $\infty$ Zotero reads as \i and a rest ('ınfty');
# · is refused too (ASCII_REFUSED says why). latexcodec (and so pybtex's Text.from_latex) decodes \textpm,
# \textdegree, \textbullet and \texttrademark, and keeps \textmu, \texttimes, \textdiv, \textperthousand, \textonequarter,
# \textonehalf, \textrightarrow and \textlnot as LaTeX ('5 \textmu M'), as it keeps \textquoteright: no spelling of
# these both it and Zotero read, and the judges' decoder (tests/test_bibtex.py) adds them to latexcodec's table.
# The not sign: latexcodec writes {\neg}, a math command at which pdflatex stops in text ('Missing $ inserted').
ASCII_EXTRA |= {
    "\u00b1": r"{\textpm}",
    "\u00d7": r"{\texttimes}",
    "\u00f7": r"{\textdiv}",
    "\u00b0": r"{\textdegree}",
    "\u2022": r"{\textbullet}",
    "\u2030": r"{\textperthousand}",
    "\u00bc": r"{\textonequarter}",
    "\u00bd": r"{\textonehalf}",
    "\u2122": r"{\texttrademark}",
    "\u2192": r"{\textrightarrow}",
    "\u00ac": r"{\textlnot}",
}
# latexcodec's {\S}, {\P}, {\dag}, {\pounds}, {\yen}, {\not{c}}, {\ldots} and {\AA} Zotero's and
# citation-js's imports kept as LaTeX ('\ldots'): the textcomp commands and the ring accent, which LaTeX
# prints alike and Zotero, citation-js, biber and nenbib map back (latexcodec itself knows \textcopyright,
# \textsterling, \textyen and \r, not the others, as it knows no \textquoteright). (pandoc 3.9's LaTeX
# reader, which knows \ldots, drops \textellipsis, \textcent and the signs above; it reads UTF-8, the default.)
ASCII_EXTRA |= {
    "\u00a7": r"{\textsection}",
    "\u00b6": r"{\textparagraph}",
    "\u2020": r"{\textdagger}",
    "\u00a9": r"{\textcopyright}",
    "\u00a3": r"{\textsterling}",
    "\u00a5": r"{\textyen}",
    "\u00a2": r"{\textcent}",
    "\u2026": r"{\textellipsis}",
    "\u00c5": r"{\r A}",
    "\u00e5": r"{\r a}",
}
# Greek letters (TGF-β, NF-κB) as the math LaTeX prints them with, which Zotero's BibTeX import maps
# back (its reverse mapping table) and latexcodec reads back; braced, so that no BibTeX style's
# change of case makes $\Delta$ $\delta$ and two of them make no '$$'. Refused where the readers
# disagree: ε and φ, which LaTeX's \epsilon and \phi print as ϵ and ϕ (Zotero reads them so,
# latexcodec as ε and φ); μ (Zotero reads $\mu$ as μ, latexcodec and nenbib as the micro sign µ);
# Υ (Zotero reads $\Upsilon$ as ϒ); θ, ι, ω and Ω, whose commands Zotero reads as \th, \i, \o and \O
# and a rest ('þeta', 'Ømega'); and ο, ς and the capitals LaTeX writes as Latin letters (Α, Β), which
# have no command.
ASCII_EXTRA |= {
    c: f"{{$\\{name}$}}"
    for c, name in zip(
        "αβγδζηκλνξπρστυχψΓΔΘΛΞΠΣΦΨ",
        "alpha beta gamma delta zeta eta kappa lambda nu xi pi rho sigma tau upsilon chi psi"
        " Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi".split(),
        strict=True,
    )
}

# The narrow no-break space as LaTeX's thin space, which the reader reads back as it (_SPACING; 10\u202fmg).
ASCII_EXTRA["\u202f"] = r"{\,}"
# The en and em spaces as LaTeX's glue of their widths, at which a line may break as at them; the reader reads them back
# (_SPACING). --ascii refused both: latexcodec knows no \enskip, and its \quad, read alone, was stripped as white space.
ASCII_EXTRA |= {"\u2002": r"{\enskip}", "\u2003": r"{\quad}"}

# Characters --ascii refuses although latexcodec writes them, and why: no spelling of them reads back as the
# character in every reader.
ASCII_REFUSED = {
    # Zotero's reverse mapping table holds {\textdagger} before {\textdaggerdbl}, and applies each key also
    # stripped of its braces: '\textdagger' matches first, and '{\textdaggerdbl}' reads as '\u2020dbl';
    # latexcodec's {\ddag} it keeps as LaTeX.
    "\u2021": "Zotero's BibTeX import reads {\\textdaggerdbl} as '\u2020dbl' and {\\ddag} as '\\ddag'",
    # latexcodec writes $\cdot$, which Zotero's import keeps as LaTeX; {\textperiodcentered}, which Zotero
    # and latexcodec read, pylatexenc (bibtexparser 2's LaTeX decoder) reads as the dot above, U+02D9.
    # latexcodec writes a space; LaTeX's \, is a thin space at which no line breaks, read back as U+202F.
    "\u2009": "LaTeX's thin space \\, does not break, and reads back as U+202F NARROW NO-BREAK SPACE",
    "\u00b7": "pylatexenc (bibtexparser 2) reads {\\textperiodcentered} as '\u02d9' and Zotero's import $\\cdot$ as LaTeX",
}


def _unligature(m: re.Match[str]) -> str:
    return m.group(0) + "{}"


@lru_cache(maxsize=4096)
def ascii_char(c: str) -> str:
    """One non-ASCII character as a LaTeX command that decodes back to it, braced as BibTeX wants accents."""
    if c in ASCII_EXTRA:
        return ASCII_EXTRA[c]
    if c in ASCII_REFUSED:
        raise _no_ascii_command(c, f": {ASCII_REFUSED[c]}")
    import codecs

    import latexcodec  # noqa: F401  (registers the codec)

    enc: str
    try:
        enc = str(codecs.encode(c, "ulatex+ascii"))  # type: ignore[call-overload]
    except ValueError:
        enc = ""
    if c == "\u00a0":
        return "~"
    if enc in ("\\l", "\\L"):
        return "{" + enc + " }"  # {\l }: the form Zotero's BibTeX import maps to \u0142 ({\l} reached it as '\l')
    if not enc:  # accents on accents (Vietnamese ễ, ộ), which latexcodec does not write: nested
        enc = _stacked_command(c)
    if not enc or "$" in enc or decode_text(enc, lambda _w: None) != c:
        raise _no_ascii_command(c)
    # {\'E}: BibTeX treats a braced group starting with a command as one "special character".
    return "{" + enc.strip() + "}"


def _no_ascii_command(c: str, why: str = "") -> OutputError:
    error = OutputError(
        f"cannot write {c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}) as an ASCII LaTeX command{why}; "
        "export without --ascii (UTF-8)"
    )
    error.char = c  # type: ignore[attr-defined]  # article() names the field that holds it
    return error


def _pointer_to(value: Any, c: str, skip: Container[str] = (), at: str = "", name: str = "") -> str | None:
    """The JSON pointer of the first string in value that holds the character c (NFC, as written),
    outside the fields named in skip ('genre', 'journal.abbreviation_nlm': those the format drops)."""
    if name in skip:
        return None
    if isinstance(value, str):
        return at if c in unicodedata.normalize("NFC", value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return next(
        (
            p
            for k, v in items
            if (p := _pointer_to(v, c, skip, f"{at}/{k}", name if isinstance(k, int) else f"{name}.{k}".lstrip("."))) is not None
        ),
        None,
    )


def to_ascii(text: str) -> str:
    """Non-ASCII characters of already escaped text as LaTeX commands."""
    if text.isascii():
        return text
    if "-\u2013" in text or "-\u2014" in text:  # '-' then '--{}' would be TeX's '---', an em dash: broken by '{}'
        text = text.replace("-\u2013", "-{}\u2013").replace("-\u2014", "-{}\u2014")
    return "".join(c if c < "\x80" else ascii_char(c) for c in unicodedata.normalize("NFC", text))


# <, > and | as text math when the field has no '$' of its own: LaTeX prints them, and Zotero's BibTeX
# import (which keeps \textless, \textgreater and \textbar as literal text: its reverse mapping table
# has no entry for them) reads '$<$' as '<'. A field with a '$' keeps the commands: Zotero pairs every
# two '$' of a field as math delimiters and drops them, so '\$5 $<$ 6' would lose its dollar sign.
MATH_ESCAPES = TEXT_ESCAPES | {"<": "$<$", ">": "$>$", "|": "$|$"}


# The specials as split points: a long text with many of them (abstracts) is escaped ~1.7x faster by
# split and join than by sub with a function; sub is faster for the short values.
_SPECIAL_SPLIT = lazy_re(r"([\\{}&%$#_~^<>|])")
_LONG = 200


def _escape_specials(text: str, math: bool) -> str:
    table = MATH_ESCAPES if math else TEXT_ESCAPES
    if len(text) < _LONG:
        return _SPECIAL.sub(lambda m: table[m.group(0)], text)
    parts = _SPECIAL_SPLIT.split(text)
    parts[1::2] = [table[c] for c in parts[1::2]]
    return "".join(parts)


# Anything escape() changes (a special, a ligature or a Zotero hazard): most names and keywords have none.
_ESCAPED = lazy_re(r"[\\{}&%$#_~^<>|]|--|``|''|,,|!`|\?`|[!?][!?]|TEL")
# Plain text that Zotero's BibTeX import replaces, as keys of its reverse mapping table: '!!' (U+203C),
# '?!' (U+2048), '!?' (U+2049) and 'TEL' (U+2121 TELEPHONE SIGN: 'TEL-AML1' read as '\u2121-AML1').
# An empty group between the letters keeps what LaTeX prints and stops the match; Zotero then drops it.
_ZOTERO_HAZARD = lazy_re(r"!(?=[!?])|\?(?=!)|T(?=EL)")


def escape(text: str, ascii: bool = False, math: bool | None = None) -> str:
    """A text value with LaTeX's specials escaped (and, with ascii, non-ASCII as commands).

    math: whether <, > and | may be written as '$<$' (default: when text has no '$'); a caller that
    escapes a field in pieces passes it for the whole field.
    """
    if _ESCAPED.search(text) is None:
        return to_ascii(text) if ascii else text
    out = _escape_specials(text, "$" not in text if math is None else math)
    if "--" in out or "``" in out or "''" in out or ",," in out or "!`" in out or "?`" in out:
        out = _LIGATURE.sub(_unligature, out)
    if "!" in out or "TEL" in out:
        out = _ZOTERO_HAZARD.sub(_unligature, out)
    return to_ascii(out) if ascii else out


def escape_keywords(keywords: Iterable[str], ascii: bool = False) -> str:
    """The keywords field, comma-separated: '$<$' only when no keyword has a '$' (Zotero reads the
    field as one text, pairing every two '$')."""
    keywords = list(keywords)
    math = not any("$" in k for k in keywords)
    return ", ".join(escape(k, ascii, math) for k in keywords)


_INDENTED_LINE = lazy_re(r"\n(?= )")


def escape_multiline(text: str, ascii: bool = False) -> str:
    """escape() for the abstract, the one value with line breaks: when each of its lines after the
    first starts with a space, the reader would take it for a wrapped value (_wrapped), so '{}' (which
    prints nothing) goes before each such line."""
    out = escape(text, ascii)
    if "\n " in out and _wrapped(out):
        out = _INDENTED_LINE.sub("\n{}", out)
    return out


_LETTERS = lazy_re(r"[^\W\d_]+")


def _needs_protection(word: str, last: bool = False) -> bool:
    """True for a word with a capital after its first letter or digit: 'WHO', 'NENs', 'mRNA',
    'McDonald', '3D', '13C' (a style lower-cases every letter but a word's first: '3d'), or with a
    capital letter standing alone: 'Phase I', '39 K', 'Vitamin B12', 'X-ray', 'E. coli', 'T_c'."""
    if word.islower():
        return False
    for i, c in enumerate(word):
        if c.isalnum():
            rest = word[i + 1 :]
            if rest != rest.lower():
                return True
            break
    # No English word but 'A' is a single letter: a capital alone is a numeral, a unit, a symbol or an
    # initial, which plain.bst printed as 'phase i', '39 k', 'vitamin b12', 'x-ray', 'e. coli'. 'A'
    # alone is the article unless it ends the title or stands before punctuation ('Vitamin A',
    # 'Hepatitis A, B'), where no article stands; 'Hepatitis A Virus' the record cannot tell.
    runs = _LETTERS.findall(word)
    if runs == ["A"]:
        return last or not word.endswith("A")
    return any(len(r) == 1 and r.isupper() for r in runs)


def escape_title(title: str, ascii: bool = False) -> str:
    """The title escaped, with braces around words a style would wrongly lower-case (acronyms, 'mRNA')."""
    out = []
    math = "$" not in title
    run: list[str] = []  # unprotected words: escaped as one text (escaping never spans a space)
    words = title.split(" ")
    for n, w in enumerate(words, start=1):
        if not _needs_protection(w, last=n == len(words)):
            run.append(w)
            continue
        if run:
            out.append(escape(" ".join(run), ascii, math))
            run = []
        alnum = [i for i, c in enumerate(w) if c.isalnum()]
        a, b = alnum[0], alnum[-1] + 1
        # The braced span starts with a letter or digit (or a {\'E} group), never a command,
        # so BibTeX sees a protected group, not a "special character" it would re-case.
        out.append(escape(w[:a], ascii, math) + "{" + escape(w[a:b], ascii, math) + "}" + escape(w[b:], ascii, math))
    if run:
        out.append(escape(" ".join(run), ascii, math))
    return " ".join(out)


_AND_WORD = lazy_re(r"\band\b", re.IGNORECASE)


# An escaped sign ('\\&'), with the '{}' _name_part may give it.
_CONTROL_SYMBOL = lazy_re(r"(\\[&%$#_])(?:\{\})?")


# 8-bit BibTeX (TeX Live's bibtex) counts bytes: abbrv's initial of 'Émile' and alpha's label of 'Ölçer and
# Smith' or of 'Noël' (its first three characters) took the first byte of a UTF-8 letter, at which pdflatex
# stops ('Invalid UTF-8 byte sequence'). Written as its LaTeX command ('{\'E}mile', as --ascii writes it), the
# letter is one special character, which initials and labels take whole: a UTF-8 BibTeX export writes so
# the first letter of each word of a name and the first three characters of a family name (initials=True),
# when it is one of these: the letters whose command Zotero's BibTeX import reads back (its table has no
# '{\DJ}' or '{\u E}': 'Đorđević' reached Zotero as '\DJorđević'; tests/test_zotero_bibtex.py holds the list to it),
# but Ł and ł, which bibutils reads from Zotero's '{\L }' as 'Ł ' (and Zotero from '{\L}' as '\L'), and Ð, ð, Þ
# and þ, whose {\DH}, {\dh}, {\TH} and {\th} bibutils reads as the commands' names ('Gu\dhmundsson'; a given
# name {\TH} as three initials '\', 'T', 'H'): tests/test_bibutils_judge.py holds the list to it.
WHOLE_INITIALS = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćČčĎďĒēĘęĚěĞğĪīıŃńŇňŌōŐőŘřŚśŞşŠšŢţŤťŪūŮůŰűŸŹźŻżŽž"
)
WHOLE_INITIALS_NOTE = (
    "in UTF-8, a name's letters that 8-bit BibTeX's initials and alpha.bst's labels take (each word's first, a family "
    "name's first three) are written as LaTeX commands when Zotero reads them back ({\\'E}mile, No{\\\"e}l), which "
    "every reader decodes, but the \u00df, \u00e6, \u00f8 or \u0131 starting a particle's word (pybtex and biber read "
    "{\\ss}u as a capital, and the particle as part of the family name); there those, any other non-ASCII letter "
    "(\u0110, \u0141, \u00de, Cyrillic, CJK), and a curly apostrophe "
    "among a family name's first three characters (O\u2019Brien, in alpha's label of one author), stays UTF-8, of which "
    "those styles take the first bytes, at which pdflatex stops: --ascii writes {\\textquoteright}, and biblatex with "
    "biber reads UTF-8 whole"
)
_WHOLE_CHAR = lazy_re(f"[{''.join(sorted(WHOLE_INITIALS))}]")
# A particle's letters: BibTeX's von rule (bibtex.web, von_token_found) knows the commands of the lower-case
# letters \ss, \ae, \o and \i (and \oe, \aa, \l, \j) by name and reads '{\ss}u Berg, Jan' as particle '{\ss}u',
# as bibtexparser does; pybtex looks for a lower-case letter after the command, and biber decodes it to '{ß}u',
# a braced group: both read the family name 'ßu Berg'. Written as itself, the letter is lower case to every
# reader; '{\ss u}', which pybtex and BibTeX read right too, Zotero reads as 'ß u' and biber as a family name.
PARTICLE_INITIALS = WHOLE_INITIALS - frozenset("\u00df\u00e6\u00f8\u0131")
_NAME_TOKEN = lazy_re(r"\\[A-Za-z]+(?:\{\})?|\\.|\$[^$]*\$|.", re.DOTALL)


def _takes_initial(tok: str) -> bool:
    """Whether 8-bit BibTeX takes this token of a name for a word's first letter: an ASCII letter, any byte of
    UTF-8, a command's name ('\\textbraceleft' gives 't'); it skips digits, signs and braces ('3É', '(Émile)'
    and 'x \\&{}Émile' gave the first byte of É)."""
    c = tok[0]
    if c == "\\":
        return tok[1:2].isalpha()
    if c == "$":
        return any(x.isalpha() for x in tok)
    return c.isalpha() or c >= "\x80"


@lru_cache(maxsize=4096)  # a collection's names repeat their parts ('Maria', 'Müller'): once each
def _whole_initials(value: str, lead: int, letters: frozenset[str] = WHOLE_INITIALS) -> str:
    """An escaped UTF-8 name part with the non-ASCII letters BibTeX's styles cut written as LaTeX commands:
    each word's first letter (after a space, '-' or '~', and the digits and signs BibTeX skips) and the first
    `lead` characters of the part; another letter (Đ, Ю, 王) stays UTF-8 (FIDELITY says so)."""
    if value.isascii() or _WHOLE_CHAR.search(value) is None:
        return value
    out = []
    counted = 0
    start = True
    for m in _NAME_TOKEN.finditer(value):
        tok = m.group()
        if tok in WHOLE_INITIALS:
            if (start or counted < lead) and tok in letters:
                tok = ascii_char(tok)
            start = False
        elif tok in " -~":
            start = True
        elif start and _takes_initial(tok):
            start = False
        out.append(tok)
        if tok not in "{}":
            counted += 1
    return "".join(out)


def _name_part(text: str, ascii: bool, protect: bool = False, lead: int = 0, letters: frozenset[str] = WHOLE_INITIALS) -> str:
    value = escape(text, ascii)
    if lead:
        value = _whole_initials(value, lead, letters)
    if "\\" in value:
        # bibtexparser's name splitter misreads 'A, \& and B': \&{} is the same text to LaTeX.
        value = _CONTROL_SYMBOL.sub(r"\1{}", value)
    # Braced: commas and 'and' (name syntax), and a leading command (bibtexparser's splitter loses it).
    if protect or "," in text or value.startswith("\\") or ("nd" in text.lower() and _AND_WORD.search(text)):
        return braced_name(value)
    return value


def braced_name(value: str) -> str:
    """A name (or part of one) braced whole, so that BibTeX takes it for one word: '{World Health
    Organization}'; a special character among its first three characters ('{\\"O}', '{\\r A}', as --ascii
    writes accented letters) is written outside the braces, '{\\"O}{sterreichische Gesellschaft}'.
    alpha.bst labels an entry of one author by the first three characters of the name (text.prefix$),
    which counts a special character as one only at brace depth 1: inside the braces '{{\\"O}sterreichische
    ...}' it counted '\\', '"' and 'O' (the label Ö, where 'Österreich, Anna' gives Öst), '{{\\r A}ngstr{\\"o}m
    Lab}' '\\', 'r' and ' ' (an accent on nothing, at which pdflatex stops) and '{B{\\"a}r Foundation}' 'B',
    '\\' and '"'. An escaped sign is one too ('{AT}{\\&}{T Labs}'): '{AT\\&T Labs}' gave the label '{AT\\}', at
    which pdflatex stopped. Written so, the name still starts and ends with a brace and has no space outside them:
    one word, which BibTeX and Zotero do not split and nenbib's reader reads back as written (read_authors)."""
    parts: list[str] = []  # the first three characters: special characters, and runs of the others
    i = count = 0
    while count < 3 and i < len(value):
        special = _SPECIAL_CHAR.match(value, i) if value.startswith("{\\", i) else None
        if special is not None:
            parts.append(special.group())
            i = special.end()
        elif (symbol := _CONTROL_SYMBOL.match(value, i)) is not None:
            parts.append("{" + symbol.group(1) + "}")  # braced, one special character: 'AT\\&T' cut at '\\' stopped pdflatex
            i = symbol.end()
        elif value[i] in "{}\\":
            break  # a group or a command of another kind: the characters before it are written as they are
        else:
            if parts and not parts[-1].startswith("{"):
                parts[-1] += value[i]
            else:
                parts.append(value[i])
            i += 1
        count += 1
    rest = value[i:]
    if not any(p.startswith("{") for p in parts) or rest.startswith("\\"):
        return "{" + value + "}"  # no special character to count, or a command next, which a group would hide
    if not parts[-1].startswith("{"):
        rest = parts.pop() + rest
    if not rest and len(parts) == 1:
        return parts[0]  # a special character alone: '{\\%}'
    return "".join(p if p.startswith("{") else "{" + p + "}" for p in parts) + ("{" + rest + "}" if rest else "")


# The von rule as the readers apply it: BibTeX splits a name into words at spaces, ties and hyphens (al-Khwarizmi is
# von 'al' and last 'Khwarizmi' to it, and then printed 'al Khwarizmi'); pybtex, bibtexparser, biber and nenbib's
# reader at spaces only, and no reader at an apostrophe.
# With --ascii a particle's \u00df, \u00e6, \u00f8 or \u0131 is its command, {\ss}u (PARTICLE_INITIALS says why UTF-8
# writes the letter itself): BibTeX (whose von rule knows \ss by name) and bibtexparser read the particle, pybtex and
# biber read the command as a capital, and the particle as part of the family name, wherever the name stands. No
# spelling is a particle to every reader (tests/test_biber_judge.py tries seven with each): biber reads any that starts
# with a brace as a capital ({}\ss{}u, {\relax\ss}u, {\ss u}), and bibtexparser's name splitter cuts the first two
# characters of one that starts with a backslash after an 'and' (\ss{}u to 's{}u', \ss{} lost), where {\ss}u loses none.
PARTICLE_NOTE = (
    "a particle whose last word starts with a capital ('De La') reads back as part of the family name (BibTeX's von "
    "rule), and so does one written against it (d'Alembert, al-Khwarizmi), one word to pybtex, bibtexparser, biber "
    "and nenbib's reader; with --ascii, to pybtex and biber (not to BibTeX or bibtexparser), so does one with a word "
    "starting with \u00df, \u00e6, \u00f8 or \u0131, written as its command ({\\ss}u), which they read as a capital, "
    "wherever the name stands (no spelling is a particle to every reader: biber reads {\\ss u}, {}\\ss{}u and the other "
    "spellings tried that start with a brace as a capital, and bibtexparser cuts \\ss{}u to 's{}u' after an 'and'; "
    "UTF-8, the default, writes the letter, which all read right)"
)


NO_GIVEN_NAME = (
    "a person without a given name whose name has several words ('Garc\u00eda M\u00e1rquez', 'de Souza') is written "
    "braced whole ({Garc\u00eda M\u00e1rquez}), as an organisation is, and reads back as an organisation: unbraced, "
    "BibTeX reads 'Garc\u00eda M\u00e1rquez' as given name Garc\u00eda (Zotero and bibtexparser read 'de Souza' as "
    "given name de), and an empty given name ({}) would print as a lone initial ('. Garc\u00eda M\u00e1rquez') in the styles "
    "that print initials; only beside a suffix is the given name written empty ('Aristotle, Jr., {}'), which those "
    "styles print '. Aristotle, Jr.'"
)


# What --ascii writes as math or as a textcomp sign ({$\beta$}, $^{4}$, {\textmu}, {\textpm}): in a name no
# spelling of these is read right, since the styles take initials and labels from the LaTeX's first
# characters. BibTeX's abbrv prints the initial of '{$\beta$}sa' as 'b.' (of '{$\Delta$}' 'D.'); alpha's label
# of '{$\beta$}ngstr{\"o}m' is '{$\b}' and of an organisation '{{\textmu}Lab}' '{{\te}}', at which pdflatex
# stops; biber's initial of either is '$' or '}' (familyi={$\bibinitperiod}), at which LaTeX stops reading
# the .bbl. Accented letters ({\r A}, {\'E}) biber decodes and BibTeX takes whole: those are written, and
# so are the quotes and the euro sign, which biber decodes too: 'O{\textquoteright}Brien' is one special
# character to BibTeX (alpha's label O{\textquoteright}B).
_NAME_TEXT_COMMANDS = "\u2018\u2019\u201c\u201d\u20ac"
_NOT_IN_NAMES = frozenset(
    c
    for c, spelling in ASCII_EXTRA.items()
    if "$" in spelling or (spelling.startswith("{\\text") and c not in _NAME_TEXT_COMMANDS)
)


def _refuse_in_name(text: str) -> None:
    bad = next((c for c in unicodedata.normalize("NFC", text) if c in _NOT_IN_NAMES), None)
    if bad is not None:
        raise OutputError(
            f"cannot write {bad!r} (U+{ord(bad):04X} {unicodedata.name(bad)}) in a name as ASCII LaTeX: BibTeX's and "
            f"biber's initials and labels cut its LaTeX, {ASCII_EXTRA[bad]} (abbrv prints '{{$\\beta$}}sa' as 'b.'; "
            "pdflatex stops at such a label of alpha's or initial of biber's); export without --ascii (UTF-8)"
        )


def _is_others(name: str) -> bool:
    """Whether a name alone is BibTeX's 'others' (et al.), as biber and nenbib's reader take it: in any case."""
    return name.lower().rstrip(".") == "others"


def format_author(a: Person | Organization, ascii: bool = False, initials: bool = False) -> str:
    """One name as BibTeX reads it: 'von Last, Jr, First'; an organisation braced so it is not split.
    initials: in UTF-8, the letters 8-bit BibTeX's initials and labels cut written as commands (_whole_initials)."""
    if ascii:
        _refuse_in_name(
            a.name if isinstance(a, Organization) else " ".join(filter(None, (a.particle, a.family, a.suffix, a.given)))
        )
    first, lead = (1, 3) if initials and not ascii else (0, 0)
    if isinstance(a, Organization):
        name = braced_name(_whole_initials(escape(a.name, ascii), lead) if lead else escape(a.name, ascii))
        if _is_others(a.name):
            # biber reads an organisation called 'Others' braced whole ('{Others}') as et al. too, and left it out:
            # its first letter braced inside ('{{O}thers}') it is a name to biber, one group to every reader.
            name = "{{" + name[1] + "}" + name[2:]
        return name
    # A family name of several words is braced whole: BibTeX would take a word whose first letter
    # is not a capital (or a command such as \textbraceleft) for a particle.
    family = _name_part(a.family, ascii, protect=" " in a.family, lead=lead)
    particle = _name_part(a.particle, ascii, lead=first, letters=PARTICLE_INITIALS) if a.particle else ""
    name = f"{particle}{a.particle_space}{family}" if a.particle else family
    if a.suffix:
        name += ", " + _name_part(a.suffix, ascii, lead=first)
    if a.given:
        name += ", " + _name_part(a.given, ascii, lead=first)
    elif a.suffix:
        # No given name: an empty one keeps 'Last, Jr' from reading as 'Last, First' (NO_GIVEN_NAME).
        name += ", {}"
    elif _is_others(a.family_full):
        # 'and others' is et al. to biber and nenbib's reader in any case, braced whole too ('{Others}'), and to
        # BibTeX's styles as written (plain.bst compares the name with "others"): its first letter braced, the
        # name is a family name to every reader, and LaTeX prints it the same.
        name = "{" + name[0] + "}" + name[1:]
    elif " " in a.family_full or _whole_group(format_author(a) if ascii or lead else name):
        # Several words, which BibTeX would split into 'First Last' (or Zotero and bibtexparser 'de
        # Souza' into given name 'de'), or a braced family name: braced whole, as an organisation is,
        # since an empty given name ('{}') prints as a lone initial ('. de Souza') in styles with initials.
        value = escape(a.family_full, ascii)
        name = braced_name(_whole_initials(value, lead) if lead else value)
    elif _whole_group(name):
        # --ascii (or initials) made a one-letter name one group ('{\'E}'), which readers take for an organisation.
        name += ", {}"
    return name


def format_affiliations(r: Record, ascii: bool = False) -> str | None:
    """Per author, in author order, joined by ' and '; each printed string braced, several joined by '; '."""
    if not r.affiliations:
        return None
    parts = []
    for a in r.authors:
        parts.append("; ".join("{" + escape(aff.printed, ascii) + "}" for aff in r.affiliations_of(a)) or "{}")
    return " and ".join(parts)


def entry(entry_type: str, key: str, fields: Iterable[tuple[str, str]]) -> str:
    """One entry: fields in the given order, values braced (a bare value is a macro such as `apr`)."""
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def doi_value(doi: str) -> str:
    """The DOI verbatim; only the characters BibTeX cannot hold verbatim ({ } \\) are percent-encoded, as in a URL."""
    if "{" in doi or "}" in doi or "\\" in doi:
        return doi.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    return doi


def braced(value: str) -> str:
    """A field value in braces."""
    return "{" + value + "}"


def article(r: Record, n: int, fields: Iterable[tuple[str, str]], fidelity: dict[str, str]) -> str:
    """The n-th entry (0-based) of a file: entries are separated by a blank line, each ends with a newline.
    fidelity is the format's FIDELITY table: an error names no field it drops."""
    try:
        text = entry("article", r.id, fields)
    except OutputError as e:  # --ascii met a character with no LaTeX command: say which record and field
        char = getattr(e, "char", None)
        dropped = {f for f, how in fidelity.items() if how.startswith("dropped")}
        where = _pointer_to(to_dict(r), char, dropped) if char else None
        raise OutputError(f"record {r.id}: {e.message}", e.filename, where) from None
    return "\n" + text if n else text


# Zotero's BibTeX import: how it reads what this writer writes, where that differs from the record
# (judged by tests/zotero_bibtex.py, a port of Zotero's BibTeX.js import, in tests/test_zotero_bibtex.py).
ZOTERO_TEXT = (
    "Zotero's BibTeX import keeps \\textbackslash, \\textbraceleft, \\textbraceright and \\textasciitilde as "
    "text (its table has no entry for them: a backslash, a brace or a tilde reads as the command's name), reads "
    "\\textasciicircum as U+02C6 and, in a field with a dollar sign, \\textless, \\textgreater and \\textbar as "
    "their names; it drops every pair of dollar signs in a field as math delimiters (a literal $ and another $ "
    "garble the text between them) and collapses all white space (line breaks, no-break spaces) to one space; "
    "with --ascii a minus sign reads as a hyphen and a letter its table lacks (\u0111, stacked accents) as LaTeX"
)


# bibutils 7.2 (bib2xml, biblatex2xml): how its LaTeX decoding reads what this writer writes, where that
# differs from the record (judged in tests/test_bibutils_judge.py).
BIBUTILS_TEXT = (
    "bibutils keeps \\textbackslash as text ('\\textbackslash' for a backslash) and, in a field with a dollar "
    "sign, \\textless, \\textgreater and \\textbar; it reads \\textasciicircum as U+2303, ' as \u2019 and \" as \u201d"
)

# biber 2.18: how its data model holds what this writer writes, where that differs from the record
# (judged in tests/test_biber_judge.py).
BIBER_NAMES = (
    "biber reads a particle written against the family name (d'Alembert) as part of the family name; with --ascii, "
    "a tilde accent on an accented letter (\u1ec5 in Nguy\u1ec5n: {\\~{\\^{e}}}) splits the name in two (biber reads "
    "UTF-8, the default export, right); a person with a suffix and no given name is written with an empty given name "
    "('Aristotle, Jr., {}'), which biber holds as a given name: a style printing initials prints a lone period "
    "('. Aristotle, Jr.')"
)
BIBER_ABSTRACT = "biber joins the paragraphs of an abstract (it collapses a blank line to a space)"

# latexcodec 3 (and so pybtex's Text.from_latex, with which sphinxcontrib-bibtex renders): what it keeps as
# LaTeX of what this writer writes (judged in tests/test_bibtex.py): of the escapes of TeX's specials, and of
# what --ascii writes. No spelling of these both it and Zotero read.
LATEXCODEC_SPECIALS = (
    "\\textbraceleft",
    "\\textbraceright",
    "\\$",
    "\\textasciicircum",
    "\\textless",
    "\\textgreater",
    "\\textbar",
    "$<$",
    "$>$",
    "$|$",
)
LATEXCODEC_KEPT = (
    "\\textquoteleft",
    "\\textquoteright",
    "\\textquotedblleft",
    "\\textquotedblright",
    "\\texteuro",
    "\\textmu",
    "\\texttimes",
    "\\textdiv",
    "\\textperthousand",
    "\\textonequarter",
    "\\textonehalf",
    "\\textrightarrow",
    "\\textlnot",
    "\\textsection",
    "\\textparagraph",
    "\\textdagger",
    "\\textcent",
    "\\textellipsis",
    "\\,",
    "\\enskip",
)
# pylatexenc 2, as bibtexparser 2's LatexDecodingMiddleware() sets it up: what it reads differently of every
# spelling the writer has (tests/test_bibtex.py sweeps them). The middleware keeps math as written by default
# (keep_math_mode=True); with keep_math_mode=False, pylatexenc's own default, it reads math as text.
PYLATEXENC_DROPPED = ("\\textbraceleft", "\\textbraceright", "\\textless", "\\textgreater", "\\textbar")
PYLATEXENC_ASCII_DROPPED = ("{\\c{}}", "{\\v{}}", "{\\u{}}", "{\\r{}}", "{\\k{}}", "{\\H{}}")  # lone accents: ¸ ˇ ˘ ˚ ˛ ˝
# U+02F7, U+201E, U+202F, U+2003
PYLATEXENC_ASCII_OTHERWISE = {"{\\texttildelow}": "\u02dc", "{,,}": ",,", "{\\,}": " ", "{\\quad}": "  "}
PYLATEXENC_TEXT = (
    f"pylatexenc (bibtexparser 2's LatexDecodingMiddleware) drops {', '.join(PYLATEXENC_DROPPED)} (a brace, and <, > "
    "and | in a field with a dollar sign) and reads \\textasciicircum as U+02C6; the middleware keeps math as written "
    "(its default, keep_math_mode): $<$, $>$ and $|$ (<, > and | in a field without a dollar sign), and with --ascii "
    "a Greek letter's {$\\beta$} (read '$\\beta$'), the minus sign's $-$ and the text math of superscript and "
    "subscript digits and signs ('$^{4}$' for \u2074); with keep_math_mode=False it reads $-$ as a hyphen-minus and "
    "'$^{4}$' and '$_{2}$' as '^4' and '_2'. With --ascii it also drops a lone accent "
    f"({', '.join(PYLATEXENC_ASCII_DROPPED)}: \u00b8 \u02c7 \u02d8 \u02da \u02db \u02dd) and reads "
    "{\\texttildelow} (\u02f7) as U+02DC, {,,} (\u201e) as two commas, {\\,} (U+202F, a thin space) as a space and "
    "{\\quad} (U+2003, an em space) as two spaces"
)
LATEXCODEC_TEXT = (
    f"latexcodec (pybtex's Text.from_latex) keeps {', '.join(LATEXCODEC_SPECIALS)} (a brace, a dollar sign, ^, <, > and |) "
    f"as LaTeX; with --ascii also {', '.join(LATEXCODEC_KEPT)}, the text math of superscript and subscript digits "
    "and signs ('$^{4}$' for \u2074), and the accents of a letter its table lacks, which --ascii writes on the plain "
    "letter (\u1ea1 as {\\d{a}}, \u1ec5 as {\\~{\\^{e}}}: 'Nguy\u1ec5n' reads 'Nguy\\~\u00ean')"
)

# ---- reading: LaTeX to Unicode -------------------------------------------------------------------

TEXT_COMMANDS = {
    "textbraceleft": "{",
    "textbraceright": "}",
    "textbackslash": "\\",
    "backslash": "\\",  # a math command, yet bibutils' xml2bib writes '\' as {\backslash} in text
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textquoteleft": "\u2018",
    "textquoteright": "\u2019",
    "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d",
    "texteuro": "\u20ac",
    "textendash": "\u2013",
    "textminus": "\u2212",  # textcomp's; citation-js's BibTeX writer writes it for U+2212
    "textemdash": "\u2014",
    "textunderscore": "_",
    "textdollar": "$",
    "textpercent": "%",
    "textampersand": "&",
    # textcomp's names for what latexcodec does not decode; Zotero's BibTeX export writes most of them.
    "textexclamdown": "\u00a1",
    "textquestiondown": "\u00bf",
    "textcent": "\u00a2",
    "textbrokenbar": "\u00a6",
    "textsection": "\u00a7",
    "textasciidieresis": "\u00a8",
    "textordfeminine": "\u00aa",
    "textordmasculine": "\u00ba",
    "textlnot": "\u00ac",
    "textasciimacron": "\u00af",
    "textasciiacute": "\u00b4",
    "textmu": "\u00b5",
    "textparagraph": "\u00b6",
    "textonequarter": "\u00bc",
    "textonehalf": "\u00bd",
    "textthreequarters": "\u00be",
    "texttimes": "\u00d7",
    "textdiv": "\u00f7",
    "textquotesingle": "'",
    "textasciigrave": "`",
    "textquotedbl": '"',
    "textdagger": "\u2020",
    "textdaggerdbl": "\u2021",
    "textellipsis": "\u2026",
    "textperthousand": "\u2030",
    "guilsinglleft": "\u2039",
    "guilsinglright": "\u203a",
    "quotesinglbase": "\u201a",
    "quotedblbase": "\u201e",
    "textfractionsolidus": "\u2044",
    "textcelsius": "\u2103",
    "textnumero": "\u2116",
    "textohm": "\u2126",
    "textleftarrow": "\u2190",
    "textuparrow": "\u2191",
    "textrightarrow": "\u2192",
    "textdownarrow": "\u2193",
    "textbardbl": "\u2016",
    "textacutedbl": "\u02dd",
    "textvisiblespace": "\u2423",
    "textestimated": "\u212e",
    "textservicemark": "\u2120",
    "textcircledP": "\u2117",
    "NG": "\u014a",
    "ng": "\u014b",
    # The characters LaTeX's own UTF-8 input maps to these commands (base/utf8enc.dfu, t1enc.dfu, ts1enc.dfu), which
    # latexcodec does not decode; kept as LaTeX, with a note, they were.
    "dots": "\u2026",  # \textellipsis in text (latex.ltx), as \ldots
    "nobreakspace": "\u00a0",  # what '~' is
    "slash": "/",  # a slash after which a line may break (latex.ltx)
    "j": "\u0237",
    "IJ": "\u0132",
    "ij": "\u0133",
    "guillemetleft": "\u00ab",  # the right spelling of \guillemotleft and \guillemotright, which LaTeX now writes
    "guillemetright": "\u00bb",
    "textasciibreve": "\u02d8",
    "textasciicaron": "\u02c7",
    "textasteriskcentered": "\u204e",
    "textcurrency": "\u00a4",
    "textflorin": "\u0192",
    "textbaht": "\u0e3f",
    "textcolonmonetary": "\u20a1",
    "textlira": "\u20a4",
    "textnaira": "\u20a6",
    "textwon": "\u20a9",
    "textdong": "\u20ab",
    "textpeso": "\u20b1",
    "textreferencemark": "\u203b",
    "textinterrobang": "\u203d",
    "textdiscount": "\u2052",
    "textpertenthousand": "\u2031",
    "textrecipe": "\u211e",
    "textmho": "\u2127",
    "textblank": "\u2422",
    "textopenbullet": "\u25e6",
    "textbigcircle": "\u25ef",
    "textmusicalnote": "\u266a",
    # ts1enc.dfu maps U+2329, U+3008 and U+27E8 to \textlangle (Zotero and pylatexenc read U+2329): U+27E8, the
    # mathematical angle bracket, as NFC (our writer's) turns U+2329 into U+3008, a wide CJK bracket.
    "textlangle": "\u27e8",
    "textrangle": "\u27e9",
}
# Math that is text: Better BibTeX writes < and > as $<$ and $>$, and a degree sign as $^{\circ}$.
_PLAIN_MATH = lazy_re(r"\$([0-9<>+=|/*().,:;!?' -]+)\$")
MATH_SYMBOLS = {
    r"$^{\circ}$": "\u00b0",
    r"$^\circ$": "\u00b0",
    r"${}^{\circ}$": "\u00b0",
    r"$\%$": "%",
    r"$\#$": "#",
    r"$\backslash$": "\\",  # Mendeley writes a backslash so
}
# Formatting commands whose argument is plain text: the command goes, its text stays.
FORMATTING = {
    "emph",
    "textit",
    "textbf",
    "textsc",
    "textrm",
    "textsf",
    "texttt",
    "textup",
    "textsl",
    "mkbibemph",
    "NoCaseChange",
    "relax",
}
# LaTeX's spacing commands (latex.ltx). Kerns, at which no line breaks: \, (\thinspace, 3/18 em), \: (\medspace, 4/18) and
# \; (\thickspace, 5/18) read as U+202F NARROW NO-BREAK SPACE, the one no-break space that narrow (a thin to a mid space,
# Unicode's NamesList), not U+2009, U+205F or U+2005, which break ('10\,mg', 'p\;<\;0.05'; pylatexenc reads a space,
# latexcodec keeps them as LaTeX); \enspace (.5 em) as U+2002 EN SPACE, as no no-break en space exists; \! and the other
# negative kerns as nothing. Glue, at which a line may break: \enskip, \quad, \qquad (.5, 1, 2 em) as EN and EM SPACEs
# (pylatexenc reads \enskip as U+2002, latexcodec \quad as U+2003).
_SPACING = {
    ",": "\u202f",
    "thinspace": "\u202f",
    ":": "\u202f",
    "medspace": "\u202f",
    ";": "\u202f",
    "thickspace": "\u202f",
    "!": "",
    "negthinspace": "",
    "negmedspace": "",
    "negthickspace": "",
    "enspace": "\u2002",
    "enskip": "\u2002",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
}
# An accent on an empty group prints the accent alone: pandoc's BibTeX writer writes '^' and '~' so.
EMPTY_ACCENTS = {"\\^{}": "^", "\\~{}": "~"}
LIGATURES = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "?`": "\u00bf", "!`": "\u00a1", ",,": "\u201e"}

# What prints nothing where it stands in a field's text: an empty group, \relax, the italic correction \/, \@ (which
# sets a sentence end's spacing), \protect, \null (an empty box), \leavevmode, \noindent and \nobreak inside a
# paragraph, and \xspace, which prints a space unless punctuation or a brace follows it (_gap). A control word takes
# the spaces after it, as TeX's reading does: 'a\relax b' prints 'ab'.
_NO_OPS = ("relax", "protect", "null", "leavevmode", "noindent", "nobreak", "xspace")
_NO_OP = r"\{(?:\\relax(?![A-Za-z])[ ]*)?\}|\\[/@]|\\(?:" + "|".join(_NO_OPS) + r")(?![A-Za-z])[ ]*"
_GAP_ITEM = lazy_re(r"\\xspace(?![A-Za-z])[ ]*|" + _NO_OP + r"|\\\n|\\[ ]+|[ ~]+")
_XSPACE_NOT_BEFORE = tuple(",.'/?;:!~-){}") + ("\\ ", "\\/", "\\\n")  # xspace.sty's exceptions ({ and } its \bgroup, \egroup)

_TOKEN = lazy_re(
    r"""(?P<break>(?:(?<![ ~{}])(?:[ ~{}]|\\[ ])+)?
        (?:(?:\\\\\*?(?:[ ]*\[[ ]*[-+]?[0-9.]+[ ]*(?:pt|em|ex|mm|cm|in|bp|pc|dd|cc|sp)[ ]*\])?|\\newline(?![A-Za-z]))
        (?:[ ~{}]|\\[ ]|\\(?=\n))*)+)
    # line breaks \\ and \newline (first, before the control words), the extra space LaTeX's \\* and \\[2pt] may
    # name, and the spaces, ties, control spaces and braces around them, which print nothing there: \\ takes the
    # glue before it (\unskip) and TeX drops the glue after a line break ('a \\\ b' read 'a  b', 'a\\~b' 'a \u00a0b').
    # The spaces before a token are taken only from the start of their run ((?<![ ~{}])): tried at each of them, a
    # long run took quadratic time (50,000 spaces after a command took 59 s to read).
    |(?P<par>(?:(?<![ \n])[ \n]+)?\\par(?![A-Za-z])(?:[ \n]*\\par(?![A-Za-z]))*[ \n]*)  # paragraph breaks, spaces around
    |(?P<gap>(?:(?<![ ~])[ ~]+)?(?:{noop}|\\(?:\n|[ ]+))(?:[ ~]*(?:{noop}|\\(?:\n|[ ]+)))*[ ~]*)
    # what prints nothing ({}, \relax, \/, \@: _NO_OP) and control spaces '\ ' (or '\' at a line's end), with the
    # spaces and ties around them: one space where TeX sees one there (a no-break space where one is a tie), else
    # nothing ('a {} b' read 'a  b', 'a \ \ b' too, 'a~{} b' a no-break space and a space)
    |\\[`'^"~=.](?:\s*\{\\?[A-Za-z]\}|\s*\\?[A-Za-z])   # accent on a letter: \'e \'{e} \"\i
    |\\[uvHcdbrkt](?:\s*\{\\?[A-Za-z]\}|\s+\\?[A-Za-z])     # letter accents: \v{c} \u a
    |\\(?P<cmd>[A-Za-z]+)\{(?P<arg>[^{}\\$]+)\}                 # a command on a plain argument: \textsuperscript{18}
    |\\(?P<word>[A-Za-z]+)(?:\{\}|[ \t]*)                    # control word, eating {} or spaces
    |\\[\^~]\{\}                                              # an accent on nothing: \^{} is '^' (pandoc writes it)
    |\\(?P<symbol>[^A-Za-z])                                  # control symbol: \& \% \{ \\
    |---|--|``|''|\?`|!`|,,                                   # TeX ligatures
    |\$[^$]*\$                                                # inline math
    |[{}~]""".replace("{noop}", _NO_OP),
    re.VERBOSE,
)


@lru_cache(maxsize=4096)
def _latexcodec(text: str) -> str:
    import codecs

    import latexcodec  # noqa: F401  (registers the codec)

    return str(codecs.decode(text, "ulatex"))  # type: ignore[call-overload]


def _wrapped(value: str) -> bool:
    """True when every line after the first that holds text is indented: the layout of a value that
    pandoc, bibtool, Emacs or Web of Science wrapped (our writer and Zotero's leave lines flush left,
    and escape_multiline() keeps a record's own indented line from starting with white space)."""
    lines = [line for line in value.split("\n")[1:] if line.strip()]
    return bool(lines) and all(line[0] == " " for line in lines)


def _unwrap(value: str) -> str:
    """A wrapped value read as TeX reads it: a line end with its indentation is a space, a blank line
    ends a paragraph."""
    paragraphs = re.split(r"[ ]*\n(?:[ ]*\n)+[ ]*", value)
    return "\n\n".join(re.sub(r"[ ]*\n[ ]*", " ", p) for p in paragraphs)


_OTHER_BREAK = lazy_re("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def decode_text(value: str, warn: Callable[[str], None], keep_newlines: bool = False) -> str:
    """LaTeX text as Unicode: commands and accents decoded, grouping braces removed.

    White space is kept as written except that a line break (with the spaces around it) in a
    single-line field reads as one space, as TeX reads it, and so does one in a wrapped value with
    keep_newlines (every line after the first indented), where a blank line ends a paragraph; what prints
    nothing (_NO_OP) with the spaces beside it is one space or none (_gap); \\par is a paragraph break
    with keep_newlines, else a space with a note.
    """
    if "\t" in value:  # a tab is a space to TeX (an indented continuation line); records hold none
        value = value.replace("\t", " ")
    if "\r" in value:  # a file saved with CRLF line ends: its wrapped lines are found and read as with LF
        value = value.replace("\r\n", "\n")
    if _OTHER_BREAK.search(value):
        # The line breaks str.splitlines knows but a .bib's lines are not split at (U+2028, U+0085, a form
        # feed): in a title, a journal's name or a keyword each failed the whole file's validation, as in RIS.
        value = _OTHER_BREAK.sub(lambda m: "\n\n" if m.group() == "\u2029" else "\n", value)
    if not keep_newlines and "\n" in value:
        value = re.sub(r"\s*\n\s*", " ", value)
    elif "\n" in value and _wrapped(value):
        value = _unwrap(value)
    if "\\" in value and _NESTED_ACCENT.search(value):
        value = _stacked_accents(value)
    if "\\" not in value and "{" not in value and "~" not in value and "$" not in value and not _has_ligature(value):
        return value.strip() if not keep_newlines else value

    def sub(m: re.Match[str]) -> str:
        tok = m.group(0)
        if m.group("break") is not None:
            return _line_breaks(m, warn)
        if m.group("par") is not None:
            if keep_newlines:
                return "\n\n"  # the abstract's paragraph break, as a blank line is
            warn("a paragraph break \\par read as a space: the field is one line (only an abstract holds paragraphs)")
            return " "
        if m.group("gap") is not None:
            if keep_newlines and tok.rstrip(" ") == "{}" and m.string[m.start() - 1 : m.start()] == "\n":
                return tok[2:]  # escape_multiline's mark before an indented line: its indent is the record's
            return _gap(tok, m.string[m.end() : m.end() + 2])
        word, symbol, cmd = m.group("word"), m.group("symbol"), m.group("cmd")
        if cmd is not None:
            return _command(tok, cmd, m.group("arg"), warn)
        if tok.startswith("$"):
            script = _SCRIPT_MATH.fullmatch(tok)
            digits = script and (script.group(2) or script.group(3))
            if script and digits and set(digits) <= set(_SCRIPTABLE):
                return digits.translate(_SCRIPTS[script.group(1)])
        if tok in ("{", "}"):
            return ""
        if tok in EMPTY_ACCENTS:
            return EMPTY_ACCENTS[tok]
        if tok == "~":
            return "\u00a0"
        if tok in LIGATURES:
            return LIGATURES[tok]
        if symbol is not None:
            if symbol in "&%$#_{}":
                return symbol
            if symbol in _SPACING:
                return _SPACING[symbol]
            if symbol in "^~" and m.string[m.end() : m.end() + 1] == "}":
                # An accent on no letter, closing its group ('{\~}', bibutils' '~'): TeX prints it alone.
                return symbol
        if word is not None:
            if word in TEXT_COMMANDS:
                return TEXT_COMMANDS[word]
            if word in FORMATTING or word in SWITCHES:
                return ""
            if word in _SPACING:
                return _SPACING[word]
        if tok.endswith(("{\\i}", "{\\j}")):
            # An accent on a braced dotless i (\'{\i}, as bibutils' xml2bib writes it), which
            # latexcodec leaves undecoded: read as the accent on the bare \i (\'\i, 'í').
            tok = tok[:-4] + tok[-3:-1]
        decoded = _latexcodec(tok.rstrip() if word is not None else tok)
        if "\\" in decoded and (accent := _INNER_ACCENT.fullmatch(tok)):
            return _accented(accent)  # latexcodec knows \d and \b only under another accent: {\d i} is ị
        if "\\" in decoded or (tok.startswith("$") and "$" in decoded):
            if tok in MATH_SYMBOLS:
                return MATH_SYMBOLS[tok]
            plain = _PLAIN_MATH.fullmatch(tok)
            if plain:  # in math a '-' is the minus sign: $-1$ prints −1, not the hyphen of -1
                return plain.group(1).replace("-", "\u2212")
            warn(f"LaTeX {tok.strip()!r} kept as text")
            return tok
        return decoded.replace("{", "").replace("}", "")

    out = _TOKEN.sub(sub, value)
    return out if keep_newlines else out.strip()


def _gap(tok: str, after: str) -> str:
    """What prints of a run of no-ops (_NO_OP), control spaces and spaces (after: the text that follows it): one
    space where TeX sees a space or a control space, or \\xspace makes one, else nothing; before a line end the
    value keeps (a flush-left abstract's), that line end, as for a line break. Records hold text: 'a {} b' and
    'a \\ \\ b', two spaces to TeX, are one."""
    items = _GAP_ITEM.findall(tok)
    space = False
    for n, item in enumerate(items):
        if item.startswith("\\xspace"):
            following = items[n + 1] if n + 1 < len(items) else after
            space = space or not (following == "" or following.startswith(_XSPACE_NOT_BEFORE))
        elif item[0] in " ~" or item.startswith(("\\ ", "\\\n")):
            space = True
    return "\n" if "\\\n" in tok else "\u00a0" if space and "~" in tok else " " if space else ""


# A break token's pieces, read from the left as TeX reads them: its line breaks (\\\\ and \\newline) and control spaces.
_BREAK_PIECE = lazy_re(r"\\(\\|newline)?")


def _line_breaks(m: re.Match[str], warn: Callable[[str], None]) -> str:
    """LaTeX's line breaks '\\' and '\\newline' with the spaces, ties and control spaces around them: one space
    (TeX drops them beside a line break; kept, 'one \\ two' read 'one   two'), or nothing beside a line end the value keeps (an
    abstract's): that line end is the line break."""
    if m.string[m.start() - 1 : m.start()] == "\n" or m.string.startswith("\n", m.end()):
        return ""
    breaks = [piece.group() for piece in _BREAK_PIECE.finditer(m.group()) if piece.group(1)]
    for n, written in enumerate(breaks):
        if n == len(breaks) - 1 and m.group().endswith("\\\\") and m.string.startswith("%", m.end()):
            # BibTeX and biber keep '\\%' as written; LaTeX then drops the rest of the line as a comment
            # ('Fifty\\% percent' prints 'Fifty'): the text is kept, with a note.
            warn(
                "'\\\\%' is a line break, then '%', which LaTeX takes for a comment to the end of the line "
                "(it drops the text after it); read as a space and '%', the text kept (a percent sign is '\\%')"
            )
        else:
            warn(f"a line break {written} read as a space")
    return " "


# Unicode's superscript and subscript digits and signs: 18F-FDG, CO2 as Zotero writes them
# (\textsuperscript{18}, $_{\textrm{2}}$) are text, not markup.
_SCRIPTABLE, _SCRIPTS = _values.SCRIPTABLE, _values.SCRIPTS
_SCRIPT_COMMANDS = {"textsuperscript": "^", "textsubscript": "_"}
_SCRIPT_MATH = lazy_re(r"\$([\^_])(?:\{(?:\\(?:textrm|mathrm|text)\{)?([^{}$]+)\}?\}|([^{}$\\]))\$")
# Declarations that switch the font for the rest of their group: the text stays.
SWITCHES = {"em", "it", "bf", "sl", "sc", "rm", "sf", "tt", "itshape", "bfseries", "scshape", "upshape", "normalfont"}


def _command(tok: str, cmd: str, arg: str, warn: Callable[[str], None]) -> str:
    """A command on a plain argument: formatting keeps the text, a super/subscript of digits becomes
    Unicode, one latexcodec knows is decoded; any other is kept whole, argument and braces with it."""
    if cmd in FORMATTING:
        return decode_text(arg, warn)
    if cmd in _SCRIPT_COMMANDS and set(arg) <= set(_SCRIPTABLE):
        return arg.translate(_SCRIPTS[_SCRIPT_COMMANDS[cmd]])
    if cmd in TEXT_COMMANDS or cmd in _SPACING:
        # A command that takes no argument, then a group: 'Women\textquoteright{s}' prints 'Women’s' (it was kept
        # whole, with a note); the group's spaces as written ('\quad{ b}': an em space, then a space).
        return (TEXT_COMMANDS[cmd] if cmd in TEXT_COMMANDS else _SPACING[cmd]) + decode_text(arg, warn, keep_newlines=True)
    decoded = _latexcodec(tok)
    if "\\" in decoded:
        warn(f"LaTeX {tok!r} kept as text")
        return tok
    return decoded.replace("{", "").replace("}", "")


def _stacked_command(c: str) -> str:
    """'ễ' as '\\~{\\^{e}}': its ASCII letter under each of its accents, innermost first; '' if it is
    not an ASCII letter under accents LaTeX has commands for."""
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    commands = {mark: cmd for cmd, mark in _COMBINING.items()}
    if not (base.isascii() and base.isalpha() and marks and all(m in commands for m in marks)):
        return ""
    out = base
    for mark in marks:
        out = f"\\{commands[mark]}{{{out}}}"
    return out


# Accent commands and the combining marks they stand for (Unicode's, in NFC order of stacking).
_COMBINING = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_NESTED_ACCENT = lazy_re(r"""\\[`'^"~=.uvHcdbrk]\s*\{\s*\\[`'^"~=.uvHcdbrk]""")
_INNER_ACCENT = lazy_re(r"""\\([`'^"~=.])\s*(?:\{([^\W\d_])\}|([^\W\d_]))|\\([uvHcdbrk])(?:\s*\{([^\W\d_])\}|\s+([^\W\d_]))""")


def _accented(m: re.Match[str]) -> str:
    """The letter of an _INNER_ACCENT match with its accent's combining mark, composed (NFC)."""
    mark = _COMBINING[m.group(1) or m.group(4)]
    return unicodedata.normalize("NFC", (m.group(2) or m.group(3) or m.group(5) or m.group(6)) + mark)


def _stacked_accents(value: str) -> str:
    """Accents on accents ('Nguy{\\~{\\^e}}n', Vietnamese), which latexcodec leaves undecoded: each
    accent, innermost first, becomes its combining mark on the letter, composed (NFC): Nguyễn."""
    for _ in range(4):  # a letter carries at most a few stacked accents
        value, n = _INNER_ACCENT.subn(_accented, value)
        if not n:
            break
    return value


def _has_ligature(value: str) -> bool:
    return "--" in value or "``" in value or "''" in value or "?`" in value or "!`" in value or ",," in value


# ---- reading: entries --------------------------------------------------------------------------

MONTHS = tuple(m.lower() for m in _values.MONTH_ABBREVIATIONS)  # BibTeX's month macros

# Babel/polyglossia names biblatex has language modules for, and the BCP 47 tags they stand for.
LANGID = {
    "en": "english",
    "en-US": "american",
    "en-GB": "british",
    "en-CA": "canadian",
    "en-AU": "australian",
    "en-NZ": "newzealand",
    "de": "ngerman",
    "de-AT": "naustrian",
    "de-CH": "nswissgerman",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "pt-BR": "brazilian",
    "ru": "russian",
    "pl": "polish",
    "cs": "czech",
    "sk": "slovak",
    "sl": "slovene",
    "hr": "croatian",
    "sr": "serbian",
    "bg": "bulgarian",
    "uk": "ukrainian",
    "el": "greek",
    "hu": "magyar",
    "fi": "finnish",
    "sv": "swedish",
    "da": "danish",
    "nb": "norsk",
    "nn": "nynorsk",
    "is": "icelandic",
    "et": "estonian",
    "lv": "latvian",
    "lt": "lithuanian",
    "tr": "turkish",
    "ca": "catalan",
    "gl": "galician",
    "eu": "basque",
    "he": "hebrew",
    "la": "latin",
}
LANGUAGE_OF = {v: k for k, v in LANGID.items()} | {
    "german": "de",
    "austrian": "de-AT",
    "swissgerman": "de-CH",
    "USenglish": "en-US",
}
# biblatex's date (its manual, 2.3.8, ISO 8601-2 (EDTF) level 1): a day may have a time, a date a mark
# '?' (uncertain), '~' (approximate) or '%' (both), and a month or day may be unspecified (XX).
_EDTF_DATE = lazy_re(
    r"^(\d{4})(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([?~%]?)(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
_EDTF_MARKS = {"?": "its mark '?' (uncertain)", "~": "its mark '~' (approximate)", "%": "its mark '%' (uncertain, approximate)"}

# Fields the reader turns into record facts; any other field is reported.
KNOWN = {
    "author",
    "title",
    "journal",
    "journaltitle",
    "fjournal",
    "shortjournal",
    "year",
    "month",
    "day",
    "date",
    "volume",
    "number",
    "issue",
    "pages",
    "eid",
    "articleno",
    "article-number",
    "pagetotal",
    "numpages",
    "doi",
    "issn",
    "eissn",
    "publisher",
    "keywords",
    "abstract",
    "affiliation",
    "language",
    "langid",
    "pmid",
    "pubmed_id",
    "pmcid",
    "eprint",
    "eprinttype",
    "url",
}


# Fields of BibTeX's own (btxdoc, "Fields") and of biblatex's data model (its manual, 2.2.2) that a journal
# article's record has no place for: named so, not as unknown fields (a note was 'unknown field'). Only the
# fields KNOWN does not read are listed.
STANDARD_FIELDS = {
    **dict.fromkeys(
        "address annote booktitle chapter crossref edition editor howpublished institution key note organization "
        "school series type".split(),
        "a standard BibTeX field",
    ),
    **dict.fromkeys(
        "addendum annotation eprintclass location pubstate subtitle titleaddon urldate version".split(),
        "a BibLaTeX field",
    ),
}


def sniff(text: str) -> bool:
    """True when the text looks like BibTeX (an @type{ entry)."""
    return re.search(r"^\s*@[A-Za-z]+\s*[{(]", text[:5000], re.MULTILINE) is not None


def _split_top(value: str, sep: re.Pattern[str]) -> list[str]:
    """Split at separators outside braces (a regex scan: a per-character loop was ~10% of a convert)."""
    if "{" not in value and "}" not in value:
        return sep.split(value)
    tokens = _TOKENS.get(sep)
    if tokens is None:
        tokens = _TOKENS[sep] = re.compile(r"[{}]|" + sep.pattern, sep.flags)
    parts, depth, start = [], 0, 0
    for m in tokens.finditer(value):
        s = m.group()
        if s == "{":
            depth += 1
        elif s == "}":
            depth -= 1
        elif depth == 0:
            parts.append(value[start : m.start()])
            start = m.end()
    parts.append(value[start:])
    return parts


_TOKENS: dict[re.Pattern[str], re.Pattern[str]] = {}


_AND = lazy_re(r"\s+and\s+", re.IGNORECASE)
_SEMI = lazy_re(r"\s*;\s*")


def _whole_group(value: str) -> bool:
    """True when the value is one brace group: {World Health Organization}."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(value):
        depth += (c == "{") - (c == "}")
        if depth == 0 and i < len(value) - 1:
            return False
    return True


def _groups_only(value: str) -> bool:
    """True when the value is brace groups side by side, nothing between them, one of them a special
    character: '{\\"O}{sterreichische Gesellschaft}', as braced_name writes a name braced whole."""
    if not (value.startswith("{") and value.endswith("}")) or "{\\" not in value:
        return False
    depth = 0
    for c in value:
        if depth == 0 and c != "{":
            return False
        depth += (c == "{") - (c == "}")
    return True


# A BibTeX "special character": a brace group that starts with a command ({\\'{E}}, {\\AA}, {\\relax Ch}),
# two levels of inner braces at most: stacked accents ('{\\~{\\^{e}}}', Mendeley's and our --ascii
# spelling of 'ễ'), of which one level found the inner '{\\^{e}}' alone (family name 'Nguy\\~ên').
_SPECIAL_CHAR = lazy_re(r"\{\\(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}")


def _letters_of_special(m: re.Match[str]) -> str:
    """A special character as its letters when it decodes to letters alone, else as written. BibTeX
    takes its case from its letter; bibtexparser's splitter takes {\\'{E}} and {\\AA} for lower
    case, so '{\\'{E}}mile de Vries' lost its given name to the particle."""
    letters = decode_text(m.group(0), _ignore)
    return letters if letters.isalpha() else m.group(0)


def _ignore(_message: str) -> None:
    """A warn that drops the note: the caller keeps the text as written when decoding fails."""


_SUFFIX_WORDS = frozenset(("Jr", "Sr", "II", "III", "IV"))


def _lower_word(word: str) -> bool:
    """BibTeX's case of a name word: that of its first letter outside braces (special characters are
    letters by then: _letters_of_special)."""
    depth = 0
    for c in word:
        depth += (c == "{") - (c == "}")
        if depth == 0 and c.isalpha():
            return c.islower()
    return False


# A last name that ends in 'et al.' (not braced: '{Smith et al.}' is an organisation's name as written;
# 'Jones, Et Al' may be one's given names), as LaTeX may write it: with a tie, braced or in italics
# ('et~al.', '{et al.}', '\\emph{et al.}', '{\\em et al.}').
_ET_AL_LATEX = r"(?:\\(?:emph|textit|textsl)\s*)?\{(?:\\(?:em|it|itshape|sl)\s+)?" + _values.ET_AL_WORDS + r"\s*\}"
_ET_AL_CLOSING = lazy_re(r"([^{}]*?[^\s{}~]),?[\s~]+(?:" + _values.ET_AL_WORDS + "|" + _ET_AL_LATEX + ")")
_ET_AL_NAME = lazy_re(_ET_AL_LATEX + r"|[Ee]t\.?~al\.?")


def _is_et_al(name: str) -> bool:
    """Whether an author's name is 'et al.', also as LaTeX writes it ('et~al.', '{et al.}', '\\emph{et al.}')."""
    return _values.is_et_al(name) or _ET_AL_NAME.fullmatch(name.strip()) is not None


def read_authors(raw: str, warn: Callable[[str], None]) -> list[dict[str, Any]]:
    """Author dicts in the canonical shape from a BibTeX name list."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    authors: list[dict[str, Any]] = []
    names = _split_top(re.sub(r"\s+", " ", raw.strip()), _AND)
    if (closing := _ET_AL_CLOSING.fullmatch(names[-1].strip())) and not _is_et_al(names[-1]):
        # 'Doe, Jane et al.': the given name was 'Jane et al.' without a word.
        names[-1] = closing.group(1)
        warn(_values.ET_AL)
    for name in names:
        name = name.strip()
        if not name:
            warn("an empty name in the author list is left out")
            continue
        if _is_others(name):  # BibTeX's 'and others' is et al., no author's name
            warn("'and others' (et al.): the further authors are not named; left out")
            continue
        if _is_et_al(name):
            warn(_values.ET_AL)
            continue
        if _whole_group(name) or _groups_only(name):
            whole = decode_text(name[1:-1] if _whole_group(name) else name, warn).strip(_values.SPACE)
            if whole:
                authors.append({"name": whole})
            else:  # '{}' or '{\relax}': a name of no text failed validation, and with it the whole file
                warn("an empty name in the author list is left out")
            continue
        if "{\\" in name:
            name = _SPECIAL_CHAR.sub(_letters_of_special, name)
        if name.endswith(","):
            # 'García Márquez,' (citation-js writes a name without a given name so): BibTeX reads an
            # empty given name; bibtexparser refuses a trailing comma.
            name += " {}"
        try:
            parts = parse_single_name_into_parts(name)
        except Exception as e:  # bibtexparser raises plain exceptions on malformed names
            warn(f"author {name!r} does not parse ({e}); left out")
            continue
        if len(parts.first) == 1 and not parts.von and parts.last and _lower_word(parts.first[0]) and "," not in name:
            # bibtexparser 2 reads 'de Souza' as given name 'de'; BibTeX, biber and pybtex as particle 'de'
            # (BibTeX's von starts at the first lower-case word: 'First von Last').
            parts.von, parts.first = parts.first, []

        def text(words: list[str]) -> str:
            return decode_text(" ".join(words), warn).replace("\u00a0", " ")

        person: dict[str, Any] = {"family": text(parts.last)}
        for key, words in (("given", parts.first), ("particle", parts.von), ("suffix", parts.jr)):
            value = text(words) if words else ""
            if value:  # an empty given name '{}' is no given name
                person[key] = value
        if not person["family"]:
            warn(f"author {name!r} has no family name; left out")
            continue
        last = parts.last[-1]
        if "suffix" not in person and len(parts.last) > 1 and last.rstrip(".") in _SUFFIX_WORDS:
            # pandoc's BibTeX writer puts a suffix there ('von Neumann Jr., John'); a family name braced
            # whole ('{King Jr.}, Martin', as nenbib writes one with a space) is one the writer meant.
            warn(
                f"author {name!r}: the family name ends in {last!r}, which BibTeX writes 'Family, {last}, Given'; "
                "kept in the family name"
            )
        authors.append({k: person[k] for k in ("family", "given", "particle", "suffix") if k in person})
    return authors


def read_pages(raw: str, warn: Callable[[str], None]) -> dict[str, Any] | None:
    """Pages '389--405', '389-405', '389' or an article number 'e1003' ('{12-34}' when it looks like
    pages), read as every reader reads pages (_values.pages)."""
    if _whole_group(raw.strip()):
        return {"article_number": decode_text(raw, warn)}
    # A dash between numbers is a range's: 'S12--S19' (BibTeX's --, decoded as an en dash) and
    # Crossref's 'S12–S19' are the article number S12-S19, as the schema spells one.
    return _values.pages(_DASH.sub("-", decode_text(raw, warn)), warn)


_DASH = lazy_re(r"(?<=\d)\s*[\u2010-\u2015\u2212]\s*(?=[A-Za-z]*\d)")


def read_month(raw: str, warn: Callable[[str], None]) -> tuple[int, int | None] | None:
    """A month, and the day when it follows ('March~15', from mar # "~15"), from 'apr', 'Apr.',
    'April', 'Sept', '4' or '04'."""
    value = raw.strip().strip("{}").strip()
    m = re.fullmatch(r"([A-Za-z]+\.?|\d{1,2})(?:[~\s]+(\d{1,2}))?", value)
    name = m.group(1).rstrip(".").lower() if m else ""
    if name.isdigit() and 1 <= int(name) <= 12:
        month = int(name)
    elif len(name) >= 3 and name[:3] in MONTHS and _MONTH_NAMES[MONTHS.index(name[:3])].lower().startswith(name):
        month = MONTHS.index(name[:3]) + 1
    else:
        warn(f"month {raw!r} does not parse; left out")
        return None
    day = int(m.group(2)) if m and m.group(2) else None
    return month, day


# '@article', then white space and '%' comments across a line break, then its '{' or '('.
_TYPE_THEN_BREAK = lazy_re(r"^([^\S\n]*@[A-Za-z][\w-]*)((?:[^\S\n]*(?:%[^\n]*)?\n)+[^\S\n]*)([{(])", re.MULTILINE)
# An '@' that starts a line, and the word after it: a block start to BibTeX and bibtexparser alike.
_AT_WORD = lazy_re(r"^[^\S\n]*@[^\S\n]*([A-Za-z][\w-]*)[^\S\n]*([^\s]{0,12})", re.MULTILINE)
_COMMENT_OPEN = lazy_re(r"@\s*comment\s*([{(])", re.IGNORECASE)
_ENTRY_START = lazy_re(r"@\s*([A-Za-z][\w-]*)\s*[{(]")
_Warn = Callable[[int, str], None]  # a warning for a line (1-based)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _line_of(starts: list[int], pos: int) -> int:
    """The line (1-based) of the text's index pos, found in its _line_starts: counting the line breaks
    before it, each of n blocks counted from the text's start (a file of 20000 took 37 s, square in n)."""
    return bisect_right(starts, pos)


_BRACKET = lazy_re(r"[{})]")


class _BlockEnds:
    """Where each block opened in a text ends: the index after the '}' (or ')') that closes the block
    opened at an index, None when none does; braces nest, and a ')' inside braces closes nothing
    (BibTeX's rule for a value). The text's brackets are matched once, so that each block is found in
    steps, not by a scan to its end: n '@comment{' that no '}' closes each scanned to the file's end
    (1000 took 1 s, 2000 took 3.4 s, square in n)."""

    def __init__(self, text: str) -> None:
        self.at = [m.start() for m in _BRACKET.finditer(text)]
        self.kind = [text[i] for i in self.at]
        self.index = {at: k for k, at in enumerate(self.at)}
        self.after: dict[int, int] = {}  # a '{' (by its index in self.at) -> the index in self.at after its '}'
        open_: list[int] = []
        for k, c in enumerate(self.kind):
            if c == "{":
                open_.append(k)
            elif c == "}" and open_:
                self.after[open_.pop()] = k + 1
        self.paren: dict[int, int | None] = {}  # a bracket from which a '(' block is sought -> its end

    def end(self, text: str, opener: int) -> int | None:
        """The index after the bracket that closes the block whose '{' or '(' is at opener."""
        if text[opener] == "{":
            k = self.after.get(self.index[opener])
            return None if k is None else self.at[k - 1] + 1
        # A '(' block: its ')' is the first at depth 0 from here, brace groups stepped over whole and a
        # '}' at depth 0 passed; each bracket's answer is kept, so that blocks sought alike cost it once.
        k, path = bisect_right(self.at, opener), []
        found: int | None = None
        while k < len(self.at):
            if k in self.paren:
                found = self.paren[k]
                break
            path.append(k)
            if self.kind[k] == ")":
                found = self.at[k] + 1
                break
            if self.kind[k] == "{" and k not in self.after:
                break
            k = self.after[k] if self.kind[k] == "{" else k + 1
        for k in path:
            self.paren[k] = found
        return found


def _comments_out(text: str, blocks: list[Any], warn: _Warn) -> str:
    """The text with every @comment{...} that holds an entry blanked (its line breaks kept), with a
    warning for each entry: biber (btparse) and bibtexparser skip a @comment's braced body,
    Zotero its text to the first '}', BibTeX and pybtex read '@comment' as a one-word comment and the entry in it. bibtexparser
    skipped an entry on the @comment's line and read one on a later line (its block failed on the
    entry's '@'): the layout decided. The blocks are bibtexparser's, so a '@comment{' in an entry's
    value is none of them."""
    spans: list[tuple[int, int]] = []
    starts = _line_starts(text)
    ends: _BlockEnds | None = None
    for block in blocks:
        raw = getattr(block, "raw", None) or ""
        if block.start_line is None or not (m := _COMMENT_OPEN.match(raw)):
            continue
        start = text.find(raw, starts[block.start_line])
        ends = ends or _BlockEnds(text)
        end = ends.end(text, start + m.end() - 1) if start >= 0 else None
        if end is None:
            continue
        inner = [e for e in _ENTRY_START.finditer(text, start + m.end(), end) if e.group(1).lower() != "comment"]
        if not inner:
            continue
        at = _line_of(starts, start)
        shape = f"@comment{m.group(1)}...{'}' if m.group(1) == '{' else ')'}"
        for e in inner:
            line = _line_of(starts, e.start())
            where = "" if line == at else f" (line {at})"
            warn(
                line,
                f"@{e.group(1)} inside {shape}{where} is left out, as biber and bibtexparser leave it; BibTeX "
                f"and pybtex read it (delete '@comment{m.group(1)}' and its closing bracket to import it)",
            )
        spans.append((start, end))
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], re.sub(r"[^\n]", " ", text[start:end])]
        pos = end
    return "".join(out) + text[pos:] if spans else text


def _entries_across_breaks(text: str, comments: list[Any], warn: _Warn) -> str:
    """The text with the break between '@article' and its '{' moved inside the brace, in the text
    bibtexparser left outside every entry (`comments`, its implicit comments) only: BibTeX reads
    '@article' and its '{' across a break, bibtexparser took the entry for a comment. In a value, a
    line '@Home' then one '{and} ...' is text (BibTeX, biber): moved, '@Home{' was a block start to
    bibtexparser and the entry did not parse. A '%' comment in the break is dropped with a warning:
    biber reads the entry so, BibTeX and pybtex stop at the '%'. Every line keeps its number."""
    spans: list[tuple[int, int]] = []
    line_starts = _line_starts(text)
    for block in comments:
        start = text.find(block.raw, line_starts[block.start_line])
        if start >= 0 and _TYPE_THEN_BREAK.search(block.raw):
            spans.append((start, start + len(block.raw)))

    def moved(m: re.Match[str], offset: int) -> str:
        gap = m.group(2)
        if "%" in gap:
            warn(
                _line_of(line_starts, offset + m.start()),
                f"'{m.group(1).strip()}' and its '{m.group(3)}' have a '%' comment between them: the entry is read, as "
                "biber reads it; BibTeX and pybtex stop at the '%' and leave it out",
            )
        return m.group(1) + m.group(3) + re.sub(r"%[^\n]*", "", gap)

    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], _TYPE_THEN_BREAK.sub(partial(moved, offset=start), text[start:end])]
        pos = end
    return "".join(out) + text[pos:] if spans else text


def _stray_block_starts(comments: list[Any], warn: _Warn) -> None:
    """A warning for each '@word' that starts a line of the text outside every entry: an entry whose
    '@article' no '{' or '(' follows (BibTeX, biber and pybtex refuse it too) was left out without a
    word. '@comment' followed by text is BibTeX's one-word comment."""
    for block in comments:
        for m in _AT_WORD.finditer(block.raw):
            if m.group(1).lower() != "comment":
                after = f"'{m.group(2)}'" if m.group(2) else "the end of the file"
                warn(
                    block.start_line + 1 + block.raw.count("\n", 0, m.start()),
                    f"'@{m.group(1)}' is followed by {after}, not by '{{' or '('; not read as an entry "
                    "(BibTeX, biber and pybtex refuse it too)",
                )


# A field after an entry's end ('{x}},\n  volume = {3},'): a '}' too many closed the entry before it.
_STRAY_FIELD = lazy_re(r"\A\s*,?\s*([A-Za-z][\w-]*[^\S\n]*=[^\S\n]*[{\"\d][^\n]*)")


def _stray_fields(blocks: list[Any], warn: _Warn) -> None:
    """A warning for a field that the text outside every entry starts with, right after an entry:
    biber warns ('junk seen at toplevel') and leaves it out, as BibTeX does; it went without a word."""
    from bibtexparser.model import Entry, ImplicitComment

    for before, block in zip(blocks, blocks[1:], strict=False):
        raw = block.raw or "" if isinstance(block, ImplicitComment) else ""
        if isinstance(before, Entry) and (m := _STRAY_FIELD.match(raw)):
            field = m.group(1).strip()
            warn(
                (block.start_line or 0) + 1 + raw.count("\n", 0, m.start(1)),
                f"{field[:60]!r} stands after the end of the entry before it, outside every entry (a '}}' too many "
                "closes that entry?): left out, as biber and BibTeX leave it out",
            )


# A backslash and the character it escapes, matched first: a mark after an odd run of backslashes is
# escaped, after an even run ('\\}' is a line break, then the group's end) it is a mark, however long
# the run (a look-behind has a fixed width: it counted four pairs, and was four times slower).
_ESCAPE_PAIR = r"\\[^\n]"
# The marks the '%' pre-pass steps between: braces and quotes as bibtexparser counts them (an escaped
# '\{' or '\"' is none, so the pass and the parser agree on where a value ends), '%', the brackets, '@'.
_PERCENT_MARK = lazy_re(_ESCAPE_PAIR + '|[{}"%()@]')
# A block start as BibTeX reads one: '@type', then white space and '%' comments (across line breaks:
# _entries_across_breaks reads that gap), then '{' or '('. A comment runs to the line's end, so that a
# run of '%' matches one way only (split among comments, '@article %%%...x' took seconds).
_BLOCK_OPEN = lazy_re(r"@[^\S\n]*([A-Za-z][\w-]*)(?:\s|%[^\n]*(?![^\n]))*([{(])")
# What bibtexparser takes for a block start (and the key after it, to name the entry).
_PARSER_BLOCK_START = lazy_re(r"@(\w*)[ \t]*[{(][^,\s]{0,40}")
# A brace group three levels deep at most, its braces counted as bibtexparser counts them (one after a
# backslash is none); unrolled (text, then a backslash or an inner group, then text), so that no part
# of the text can match two ways and a group that does not close fails at once.
_TEXT, _ESCAPE = r"[^{}\\]*", r"\\(?:[{}\\]|(?![{}\\]))"


def _group_of(inner: str) -> str:
    """A pattern for a brace group of text, backslashes and what inner matches."""
    return r"\{" + _TEXT + "(?:(?:" + inner + ")" + _TEXT + r")*\}"


_BRACED = lazy_re(_group_of(_ESCAPE + "|" + _group_of(_ESCAPE + "|" + _group_of(_ESCAPE))))
_LINE_AT = lazy_re(r"\n[ \t]*@")
_LINE_BLOCK_START = lazy_re(r"[ \t]*(?=@\w*[ \t]*[{(])@")
_PERCENT_IN_ENTRY = (
    "'%' starts a comment to the end of the line inside an entry{more}: read so, as biber reads it; BibTeX itself "
    "does not accept comments inside an entry (it skips the rest of the entry from the '%'), nor does pybtex"
)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _percent_comments(text: str, warn: _Warn) -> str:
    """The text with the '%' comments bibtexparser would misread blanked: '%' to the end of its line,
    outside a value's braces and quotes, is a comment to biber (btparse); bibtexparser read
    '  % note = {old},' as a field named '% note', and in '@article{a1, %c' the field after it was lost.
    A '%' in a value ('50% of {T}', 'http://x/a%20b') is the value's. Outside every entry, a comment
    holding a block start ('% @article{x,': an entry commented out) is blanked too, with a warning per
    entry: biber leaves it out, bibtexparser read it. One warning names the first comment inside an
    entry; every line keeps its number and every character its column."""
    if "%" not in text:
        return text
    blank: list[tuple[int, int]] = []
    inside: list[int] = []  # where each comment inside an entry starts

    counted = [0, 1]  # a position and its line: the warnings come in the file's order, counted on from there

    def line_of(pos: int) -> int:
        if pos < counted[0]:
            return text.count("\n", 0, pos) + 1
        counted[1] += text.count("\n", counted[0], pos)
        counted[0] = pos
        return counted[1]

    pos = 0
    last_start: dict[int, int | None] = {}  # the next '%': the last block start at a line's start before it
    while (m := _PERCENT_MARK.search(text, pos)) is not None:
        pos = m.start()
        if m.group() == "%":  # a comment outside every entry: its '@' starts nothing
            end = _line_end(text, pos)
            start = _PARSER_BLOCK_START.search(text, pos, end)
            if start is not None:
                blank.append((pos, end))
                if start.group(1).lower() not in ("comment", "preamble", "string"):
                    warn(
                        line_of(pos),
                        f"'{start.group()}' follows a '%', which makes it a comment: left out, as biber leaves it "
                        "out; BibTeX and pybtex take no '%' for a comment outside an entry (delete the '%' to "
                        "import it)",
                    )
            pos = end
            continue
        block = _BLOCK_OPEN.match(text, pos) if m.group() == "@" else None
        if block is None:
            pos = m.end()
            continue
        # The blocks before the last one to start a line before the next '%' hold no '%' (a block start
        # at a line's start ends any block, for bibtexparser as here): not scanned.
        percent = text.find("%", pos)
        if percent < 0:
            break
        if percent not in last_start:  # sought once for each '%', from the first block before it: linear
            last_start = {percent: _last_line_block_start(text, pos, percent)}
        if (later := last_start[percent]) is not None and later > pos:
            pos = later
            continue
        closer = "}" if block.group(2) == "{" else ")"
        pos = _block_comments(text, block.end(), closer, block.group(1).lower() == "comment", blank, inside)
    if inside:
        more = len(inside) - 1
        lines = f" (and {more} more such line{'s' if more > 1 else ''}, to line {line_of(inside[-1])})" if more else ""
        warn(line_of(inside[0]), _PERCENT_IN_ENTRY.format(more=lines))
    if not blank:
        return text
    out, pos = [], 0
    for a, b in blank:
        out += [text[pos:a], " " * (b - a)]
        pos = b
    return "".join(out) + text[pos:]


def _last_line_block_start(text: str, start: int, end: int) -> int | None:
    """Where the last block start at a line's start after start and before end is, if any."""
    at = end
    while (at := text.rfind("\n", start, at)) >= 0:
        if m := _LINE_BLOCK_START.match(text, at + 1):
            return m.end() - 1
    return None


def _at_line_start(text: str, at: int) -> bool:
    """True when only spaces and tabs stand between the line's start and at."""
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at == 0 or text[at - 1] == "\n"


def _block_comments(text: str, pos: int, closer: str, free: bool, blank: list[tuple[int, int]], inside: list[int]) -> int:
    """The index after the block whose body starts at pos, adding the '%' comments in it to blank and
    their starts to inside. A @comment's body is free text (free): it holds no comments and no quotes.
    A line starting with a block start ends an unclosed block there, as it does for bibtexparser."""
    depth, quoted = 0, False
    while (m := _PERCENT_MARK.search(text, pos)) is not None:
        c, pos = m.group(), m.end()
        if c == "{" and not depth and (group := _BRACED.match(text, m.start())) and not _LINE_AT.search(text, pos, group.end()):
            pos = group.end()  # a value's braces in one step: abstracts hold hundreds of them
        elif c == "{":
            depth += 1
        elif c == "}" and depth:
            depth -= 1
        elif c == '"' and not depth and not free:
            quoted = not quoted
        elif (
            c == '\\"'
            and quoted
            and not depth
            and (follows := _AFTER_VALUE.match(text, pos))
            and follows.group(1) in (",#" + closer)
        ):
            quoted = False  # the value's end, as the splitter reads it (value_end): 'note = "C:\\",'
        elif c == closer and not depth and not quoted:
            return pos
        elif c == "%" and not depth and not quoted and not free:
            pos = _line_end(text, m.start())
            blank.append((m.start(), pos))
            inside.append(m.start())
        elif c == "@" and _at_line_start(text, m.start()) and _PARSER_BLOCK_START.match(text, m.start()):
            return m.start()
    return len(text)


def _split(text: str) -> Any:
    """bibtexparser's blocks of the text, values as written (its parse_string with no middleware)."""
    # bibtexparser 2.1's splitter ends some values where BibTeX and biber do not: mended in _splitter.
    return _splitter()(text).split()


# What follows a quoted value's closing '"': white space and '%' comments (biber's; a comment runs to its
# line's end, so that a run of '%' matches one way only), then the field's ',', a '#' or the entry's end.
_AFTER_VALUE = lazy_re(r"(?:\s|%[^\n]*(?![^\n]))*([,#})])")


@lru_cache(maxsize=1)
def _splitter() -> type:
    """bibtexparser's Splitter, mended where it reads a value otherwise than BibTeX and biber."""
    import types

    from bibtexparser import splitter
    from bibtexparser.exceptions import BlockAbortedException

    # bibtexparser 2.1 takes a mark after any backslash for escaped ('{line\\}' never closed): its methods, our
    # marks, and escapes that _next_mark steps over. A '\@' is no escape: bibtexparser's block starts follow none.
    scope = dict(vars(splitter))
    scope["_MARK_PATTERN"] = re.compile(r"\\[^\n@]|" + '[{}",=\n]|' + splitter._BLOCK_START)
    scope["_PAREN_BLOCK_MARK_PATTERN"] = re.compile(r"\\[^\n@]|" + '[{}",=)\n]|' + splitter._BLOCK_START)
    methods: dict[str, Any] = {
        name: types.FunctionType(f.__code__, scope, name, f.__defaults__, f.__closure__)
        for name, f in vars(splitter.Splitter).items()
        if isinstance(f, types.FunctionType) and {"_MARK_PATTERN", "_PAREN_BLOCK_MARK_PATTERN"} & set(f.__code__.co_names)
    }

    def value_end(self: Any, currently_quote_escaped: bool = False, num_open_curls: int = 0) -> int:
        """The index of the ',' or the entry's closing bracket that ends a field's value, outside braces
        and quotes. BibTeX counts braces in a quoted value too, and a '"' inside them is text: bibtexparser
        2.1 counted none, so "a {{b} "} c" ended at its second '"' and the fields after it were lost."""
        depth, quoted = num_open_curls, currently_quote_escaped
        while True:
            m = self._next_mark(accept_eof=False, quote_escapes=True)
            c = m.group()
            if c == "{":
                depth += 1
            elif c == "}" and depth:
                depth -= 1
            elif c == '"' and not depth:
                quoted = not quoted
            elif c == '\\"':
                # BibTeX ends a quoted value at a '"' after a backslash too: where a ',', '#' or the entry's end
                # follows, it reads the entry ('note = "C:\\", journal = ...' is the note 'C:\\'), which was left
                # out; elsewhere it fails on what follows, and the value reads on (_broken_fields says so).
                follows = _AFTER_VALUE.match(self.bibstr, m.end())
                if quoted and not depth and follows and follows.group(1) in (",", "#", self._closing_delimiter):
                    quoted = False
            elif c in (",", self._closing_delimiter) and not depth and not quoted:
                self._unaccepted_mark = m
                return int(m.start())
            elif c.startswith("@") and self._is_at_line_start(m.start()):  # where bibtexparser gives up
                self._unaccepted_mark = m
                wanted = '`"`' if quoted else "`}`" if depth else f"`,` or `{self._closing_delimiter}`"
                raise BlockAbortedException(
                    abort_reason=f"Unexpected block start: `{c}`. Was still looking for field-value closing {wanted}",
                    end_index=m.start() - 1,
                )

    def next_mark(self: Any, accept_eof: bool, quote_escapes: bool = False) -> Any:
        """The next mark (bibtexparser's _next_mark), counting line breaks and stepping over escapes (but
        a '\\"' with quote_escapes: value_end's, where BibTeX may end a quoted value)."""
        if self._unaccepted_mark is not None:
            m, self._unaccepted_mark = self._unaccepted_mark, None
            self._current_char_index = m.start()
            return m
        for m in self._markiter:
            c = m.group()
            if c == "\n":
                self._current_line += 1
            elif c[0] != "\\" or (quote_escapes and c == '\\"'):
                self._current_char_index = m.start()
                return m
        self._current_char_index = len(self.bibstr)
        if not accept_eof:
            raise BlockAbortedException(abort_reason="Unexpectedly reached end of file.", end_index=self._current_char_index)
        return None

    methods["_move_to_comma_or_closing_delimiter"] = value_end
    methods["_next_mark"] = next_mark
    return type("Splitter", (splitter.Splitter,), methods)


def read(text: str, source: str) -> ReadResult:
    """Journal-article entries of BibTeX or BibLaTeX text as record dicts, with a warning per problem."""
    from bibtexparser.model import (
        DuplicateBlockKeyBlock,
        DuplicateFieldKeyBlock,
        Entry,
        ImplicitComment,
        ParsingFailedBlock,
        String,
    )

    result = ReadResult()
    # bibtexparser logs each block it cannot parse to stderr (logging's last resort); the warnings
    # below say the same, naming the file: a NullHandler keeps its log for those who configure one.
    import logging  # here: the writers import this module, and logging costs their start-up ~10 ms

    log = logging.getLogger("bibtexparser")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())

    def warn(line: int, message: str) -> None:
        result.warnings.append(f"{source}: line {line}: {message}")

    # Old Mac line ends (CR alone) as LF: bibtexparser counts lines by LF (every warning said line 1),
    # and a CR left in an abstract's paragraph break failed the record as a control character.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _percent_comments(text, warn)
    library = _split(text)  # values as written: _value reads them
    if (blanked := _comments_out(text, library.blocks, warn)) != text:
        text, library = blanked, _split(blanked)
    comments = [b for b in library.blocks if isinstance(b, ImplicitComment)]
    if comments and (moved := _entries_across_breaks(text, comments, warn)) != text:
        library = _split(moved)
        comments = [b for b in library.blocks if isinstance(b, ImplicitComment)]
    _stray_block_starts(comments, warn)
    _stray_fields(library.blocks, warn)
    for block in library.failed_blocks:
        if isinstance(block, ParsingFailedBlock) and not isinstance(block, (DuplicateFieldKeyBlock, DuplicateBlockKeyBlock)):
            error = getattr(block, "error", None)
            why = getattr(error, "abort_reason", None) or str(error or "").strip() or type(error).__name__
            why = why.strip().splitlines()[0]
            start = _BLOCK_OPEN.match(block.raw.lstrip()) if block.raw else None
            kind = start.group(1).lower() if start else ""
            if kind == "comment" and start:
                # BibTeX and pybtex read '@comment' as a word and on from there; the block held no entry
                # (_comments_out): it said an entry did not parse and was left out.
                closer = "}" if start.group(2) == "{" else ")"
                warn(
                    (block.start_line or 0) + 1,
                    f"@comment{start.group(2)} that no '{closer}' closes: nothing is left out, as BibTeX and pybtex read "
                    "on past a @comment's bracket; biber fails on it (close it for biber)",
                )
                continue
            what = f"@{kind}" if kind in ("preamble", "string") else "an entry"
            warn((block.start_line or 0) + 1, f"{what} does not parse ({why}); left out")
    keys = _values.Keys()
    # An entry with a repeated field (bibutils' xml2bib writes two url or note fields) is a failed
    # block to bibtexparser, which still holds it whole: it is read in its place in the file, its
    # first value of each field kept (_record), as BibTeX reads it. So is an entry of a key that
    # repeats, judged below.
    entries = [
        b.ignore_error_block if isinstance(b, (DuplicateFieldKeyBlock, DuplicateBlockKeyBlock)) else b for b in library.blocks
    ]
    strings = _Strings()
    for i, block in enumerate(entries):
        if isinstance(block, String):
            # An @string's quoted value is read as an entry's field is: one that BibTeX and biber end early at
            # a '\\"' is left out (None: each value naming it says so), where it was read on as LaTeX (umlauts).
            first = (block.start_line or 0) + 1
            if (cut := _value_fails(str(block.value), first, "@string")) is not None:
                warn(cut[0], f"@string{{{block.key}}}: {cut[1]}")
            strings.define(block.key, i, first, None if cut else str(block.value))
    for e in entries:
        if isinstance(e, Entry) and e.entry_type.lower() == "article":
            keys.reserve(e.key)
    for i, e in enumerate(entries):
        if not isinstance(e, Entry):
            continue
        line = (e.start_line or 0) + 1
        if e.entry_type.lower() != "article":
            warn(line, f"@{e.entry_type}{{{e.key}}} is not a journal article; left out")
            continue
        # A field BibTeX and biber fail on is left out, with its note; the entry's other fields are read.
        broken = _broken_fields(e)
        notes = [f"{source}: line {at}: {f.key}: {note}" for f, at, note in broken]
        rec = _record(e, source, line, notes, strings.before(i), {id(f) for f, _, _ in broken})
        # In line order: a broken field's note (said first) came before the notes of the lines above it.
        notes.sort(key=lambda note: int(m.group(1)) if (m := _NOTE_LINE.match(note, len(source) + 2)) else line)
        try:
            earlier = _values.earlier_record(e.key, rec, f"line {line}", keys)
        except _values.SameRecord as same:
            warn(line, f"key {same}")  # its notes repeat the earlier entry's
            continue
        result.warnings += notes
        # A key the schema refuses (ACM's are DOIs: 10.1145/3528223.3530127) failed the whole file:
        # a key is made for it as every reader makes one, and the note says which.
        rec["id"] = _values.record_key(e.key, rec, keys)
        if rec["id"] != e.key:
            why = f"key {e.key!r} is not a citation key a record can have"
            if earlier is not None:
                # biber compares keys with case ('Possible typo (case mismatch)'), BibTeX without.
                who = "BibTeX and biber read" if earlier.key == e.key else "BibTeX reads"
                why = f"key {earlier.repeated_by(e.key)}, whose record differs ({who} the first entry of a key only)"
            elif _values.usable_key(e.key):
                why = f"key {e.key!r} repeats an earlier record's (keys compare without case)"
            warn(line, f"{why}; the record's key is {rec['id']!r}")
        result.records.append(rec)
        result.places.append(f"line {line}")
    return result


def _record(
    e: Any, source: str, line: int, warnings: list[str], strings: _Strings, broken: Container[int] = ()
) -> dict[str, Any]:
    """The record dict of an entry; broken: the ids of its fields to leave out (_broken_fields noted them)."""
    fields: dict[str, Any] = {}
    for f in e.fields:
        if id(f) in broken:
            continue
        name = f.key.lower()
        if name in fields:
            warnings.append(f"{source}: line {line}: field {f.key!r} repeats; the first value is kept")
            continue
        fields[name] = f
    # Web of Science braces every value but the names twice (Year = {{2004}}, Pages = {{7003-7016}}):
    # there the inner group means nothing, and {{12-34}} is no article number.
    doubled = [str(f.value).strip() for n, f in fields.items() if n not in ("author", "editor")]
    blanket = len(doubled) > 1 and all(_whole_group(v) and _whole_group(v[1:-1].strip()) for v in doubled)

    # A note a field gives again (a line break '\\\\' in each of three places) is said once, with how many
    # more: each had its own line, the same words repeated. Its index in warnings and the count so far.
    said: dict[str, list[int]] = {}

    def warn_at(f: Any) -> Callable[[str], None]:
        at = (getattr(f, "start_line", None) or line - 1) + 1 if f is not None else line

        def warn(msg: str) -> None:
            note = f"{source}: line {at}: {f.key if f is not None else e.key}: {msg}"
            if note in said:
                said[note][1] += 1
                warnings[said[note][0]] = f"{note} (and {said[note][1]} more)"
            else:
                said[note] = [len(warnings), 0]
                warnings.append(note)

        return warn

    read: dict[str, str | None] = {}  # each field's value read once: its notes said once ('month = bar' said it twice)

    def raw(name: str) -> str | None:
        if name not in read:
            read[name] = _raw(name)
        return read[name]

    def _raw(name: str) -> str | None:
        f = fields.get(name)
        if f is None:
            return None
        value = _value(str(f.value).strip(), strings, warn_at(f))
        if value is not None and blanket and name not in ("author", "editor"):
            value = value.strip()[1:-1]
        # Braces protect text from restyling; a year, DOI or ISSN has none to protect: {{2020}} is 2020.
        while value is not None and name in _NOT_TEXT and _whole_group(value.strip()):
            value = value.strip()[1:-1]
        return value

    def text(name: str, keep_newlines: bool = False) -> str | None:
        value = raw(name)
        if value is None:
            return None
        decoded = decode_text(value, warn_at(fields[name]), keep_newlines).strip()
        return decoded or None

    rec: dict[str, Any] = {"id": e.key, "type": "article-journal"}
    title = text("title")
    if title is not None:
        rec["title"] = title
    if raw("author") is not None:
        rec["authors"] = read_authors(raw("author") or "", warn_at(fields["author"]))
    affs = raw("affiliation")
    if affs is not None:
        _attach_affiliations(rec, affs, warn_at(fields["affiliation"]))
    journal: dict[str, Any] = {}
    # Each read once: its notes (a LaTeX command kept as text) came twice beside an empty journaltitle.
    jt, other, full = text("journaltitle"), text("journal"), text("fjournal")
    short = text("shortjournal")
    if full and not jt:
        # MathSciNet's export (and zbMATH's): 'journal' the abbreviation, 'fjournal' the full title, as
        # Zotero's BibTeX.js reads them. The abbreviation was the journal's title, fjournal 'unknown'.
        jt, other, full = full, None, (other if other != full else None)
        if full and short and full != short:
            warn_at(fields["journal"])(f"journal {full!r} differs from shortjournal {short!r}, which is kept; left out")
        elif full:
            short = full
    elif full and full != jt:  # beside a journaltitle (biblatex's title field), noted as journal is
        warn_at(fields["fjournal"])(f"fjournal {full!r} differs from journaltitle {jt!r}, which is kept; left out")
    jt, other = (jt, other) if jt else (other, None)
    if jt:
        journal["title"] = jt
        if other and other != jt:  # dropped without a word
            warn_at(fields["journal"])(f"journal {other!r} differs from journaltitle {jt!r}, which is kept; left out")
    if short:  # what our writer puts there (a dot cannot tell: ISO 4 abbreviates "Cell" as "Cell")
        journal["abbreviation_iso"] = short
    if raw("issn"):
        _values.issns(raw("issn") or "", journal, warn_at(fields["issn"]))
    if raw("eissn"):
        _values.issns(raw("eissn") or "", journal, warn_at(fields["eissn"]), unmarked="electronic")
    rec["journal"] = journal
    publisher = text("publisher")
    if publisher:
        rec["publisher"] = publisher
    issued = _issued(fields, raw, warn_at)
    if issued is not None:
        rec["issued"] = issued
    for key, names in (("volume", ("volume",)), ("issue", ("number", "issue"))):
        for n in names:
            value = text(n)
            if value and key not in rec:
                rec[key] = value
                kept = n
            elif value and value != rec.get(key):  # biblatex's issue ('Spring') beside its number: dropped without a word
                warn_at(fields[n])(f"{n} {value!r} differs from {kept} {rec[key]!r}, which is kept; left out")
    pages: dict[str, Any] | None = None
    # biblatex's eid, ACM's articleno or Web of Science's Article-Number: the article number, which
    # stands for the pages (ACM's pages = {102:1--102:15} count pages inside article 102).
    number_field = next((n for n in ("eid", "articleno", "article-number") if raw(n)), None)
    number = text(number_field) if number_field else None
    if number_field and number and not _values.is_article_number(number):
        warn_at(fields[number_field])(f"article number {number!r} is not one a record can hold; left out")
        number = None
    if number and number_field:  # the article number wins over pages, in every reader (_values.pages_beside_number)
        pages = {"article_number": number}
        if raw("pages"):
            decoded = _DASH.sub("-", text("pages") or "")  # '{e1003}' as e1003, '389--405' as 389-405
            # Without pagetotal (numpages), a plain range's length is the count the record holds beside the number.
            counted = not (raw("pagetotal") or raw("numpages"))
            shown = raw("pages") or ""
            span = _values.pages_beside_number("", decoded, number, number_field, warn_at(fields["pages"]), shown, counted)
            if span:
                pages["count"] = span
    elif raw("pages"):
        pages = read_pages(raw("pages") or "", warn_at(fields["pages"]))
    total_field = "pagetotal" if raw("pagetotal") else "numpages" if raw("numpages") else None  # numpages: ACM's
    if total_field:
        total = raw(total_field) or ""
        span = pages["last"] - pages["first"] + 1 if pages and "last" in pages else None
        if total.isdigit() and span is not None and int(total) != span:
            # One entry's wrong total failed the whole file's validation (page-count), as in CSL-JSON.
            warn_at(fields[total_field])(f"page total {total!r} is not the {span} pages of {raw('pages')!r}; left out")
        elif total.isdigit() and int(total) > 0:
            pages = {**(pages or {}), "count": int(total)}
        else:
            warn_at(fields[total_field])(f"page total {total!r} is not a number; left out")
    if pages:
        rec["pages"] = pages
    ids: dict[str, Any] = {}
    doi = raw("doi")
    if doi:
        bare = _values.doi(doi)
        if _values.is_doi_url(doi):
            warn_at(fields["doi"])(f"the prefix of {doi!r} is removed: DOIs are stored bare")
        if re.search("%(5C|7B|7D)", bare, re.IGNORECASE):
            bare = re.sub("%5C", "\\\\", re.sub("%7B", "{", re.sub("%7D", "}", bare, flags=re.I), flags=re.I), flags=re.I)
        bare = _unescaped(bare, "the DOI", warn_at(fields["doi"]))
        in_text = None if _values.DOI.fullmatch(bare) else _values.DOI_IN_TEXT.search(bare)
        if in_text:  # '10.1000/x [doi]', two DOIs: as the RIS, CSL-JSON and EndNote XML readers read it
            warn_at(fields["doi"])(f"{doi!r} read as the DOI {in_text.group()}; the text around it is not kept")
            bare = in_text.group()
        if _values.DOI.fullmatch(bare):
            # 'doi:10.1000/abc.', a doi.org link and its '.': cut as the other readers cut it (labelled_doi_end).
            if _values.doi(doi) != doi.strip() and (end := _values.doi_end(doi, bare)):
                warn_at(fields["doi"])(f"{doi!r} read as the DOI {end[0]}: {end[1]}")
                bare = end[0]
            ids["doi"] = bare
        else:  # kept, it failed the whole file's validation
            warn_at(fields["doi"])(f"{doi!r} is no DOI; left out")
    # Scopus names the PMID pubmed_id (it was left out as an unknown field).
    for key, name, read_id in (
        ("pmid", "pmid", _values.pmid),
        ("pmid", "pubmed_id", _values.pmid),
        ("pmcid", "pmcid", _values.pmcid),
    ):
        # Unchecked, one malformed identifier failed the whole file's validation; a PMCID's number
        # alone is read as it, with a note, as the CSL-JSON and MEDLINE readers read it.
        value = raw(name)
        if value and (found := read_id(value, warn_at(fields[name]))) and key not in ids:
            ids[key] = found
        elif value and found and found != ids[key]:
            warn_at(fields[name])(f"{name} {found!r} differs from pmid {ids[key]!r}, which is kept; left out")
    if raw("eprint"):
        # biblatex's name is pubmed; Zotero's and Better BibTeX's BibLaTeX exports write pmid.
        if (raw("eprinttype") or "").lower() in ("pubmed", "pmid"):
            if (found := _values.pmid(raw("eprint") or "", warn_at(fields["eprint"]))) and "pmid" not in ids:
                ids["pmid"] = found
            elif found and found != ids["pmid"]:  # dropped without a word
                warn_at(fields["eprint"])(f"eprint {found!r} differs from pmid {ids['pmid']!r}, which is kept; left out")
        else:
            # Mendeley and arXiv's own BibTeX name the archive archivePrefix; without either the note said 'type None'.
            kind = raw("eprinttype") or raw("archiveprefix")
            of = f"of type {kind!r}" if kind else "(no eprinttype names its archive)"
            warn_at(fields["eprint"])(f"eprint {raw('eprint')!r} {of} is not carried")
    note_read = _note_ids(raw("note") or "", ids, warn_at(fields["note"])) if raw("note") else False
    url = raw("url")
    if url:
        # As the RIS and CSL-JSON readers read a link: one to a DOI's, PubMed's or PMC's page is the
        # identifier; a doi.org link holding no DOI ('https://doi.org/pending') is a link not kept (it
        # was the DOI 'pending', which failed the whole file). A DOI's case does not count (DOI Handbook 2.4).
        escapes: list[str] = []  # noted only of a link read as an identifier
        link = _unescaped(url, "the link", escapes.append)
        # A doi.org link's closing '.' or ',' is cut as a labelled DOI's, noted where the DOI is read from it.
        what, notes = _values.read_link(link, ids, "url", shown=url)
        for note in [*escapes, *notes] if what == "read" else notes:
            warn_at(fields["url"])(note)
    if ids:
        rec["identifiers"] = ids
    kw = text("keywords")
    if kw:
        keywords = _values.keywords(re.split(r"[,;]", kw), warn_at(fields["keywords"]))
        if keywords:
            rec["keywords"] = keywords
    lang = raw("langid") or raw("language")
    if lang:
        code = _values.language(lang, warn_at(fields["langid" if raw("langid") else "language"]))
        if code:
            rec["language"] = code
        other = raw("language") if raw("langid") else None
        if code and other and _values.language(other, _ignore) != code:
            warn_at(fields["language"])(f"language {other!r} differs from langid {lang!r}, which is kept; left out")
    abstract = text("abstract", keep_newlines=True)
    if abstract:
        rec["abstract"] = abstract
    for name, f in fields.items():
        if name in STANDARD_FIELDS and not (name == "note" and note_read):
            warn_at(f)(f"{STANDARD_FIELDS[name]}, which the record has no place for; left out")
        elif name not in KNOWN and name not in STANDARD_FIELDS:
            warn_at(f)(f"unknown field{_meant(name)}; left out")
    return rec


# Zotero keeps a PubMed article's PMID and PMCID in Extra ('PMID: 31612345', a line each), which its
# BibTeX export wrote whole as the note before it wrote them as pmid and pmcid. Its BibTeX import reads a
# note back as Extra only when the note's text starts with one of these labels (case counting, no colon
# needed); any other note, a PMID line further down too, becomes a child note (zotero/translators
# BibTeX.js, processField's 'note' and extraIdentifiers). nenbib reads such a line wherever it stands,
# each line of the note being one of Extra's, and its note says which of the two Zotero does.
_ZOTERO_EXTRA_LABELS = ("LCCN", "MR", "Zbl", "PMID", "PMCID")


def _note_ids(note: str, ids: dict[str, Any], warn: Callable[[str], None]) -> bool:
    """The PMID and PMCID of a note's 'PMID: 31612345' lines into ids (_values.note_ids); whether any line
    was one (the note's other text is then noted as left out, not as an unknown field)."""
    # Braces are no text: Zotero's older BibTeX export protected the label ('{PMID:} 23439512'), which its
    # import reads back as 'PMID: 23439512' (it was a standard field left out, the PMID lost).
    note = note.replace("{", "").replace("}", "")
    if label := next((x for x in _ZOTERO_EXTRA_LABELS if note.strip().startswith(x)), None):
        zotero = f"a line of Zotero's Extra; Zotero's BibTeX import reads the note back as Extra, as it starts with {label!r}"
    else:
        zotero = (
            "a line of Zotero's Extra; Zotero's BibTeX import reads a note back as Extra only when it starts with"
            " 'PMID', 'PMCID', 'LCCN', 'MR' or 'Zbl', and keeps this one as a child note"
        )
    return _values.note_ids(note, ids, warn, zotero)


# LaTeX's escapes of the specials a DOI or a link may hold, braced as Mendeley writes them in the doi
# and url fields ('10.1000/a{\\_}b'). A bare '\\_' is left as biber reads these verbatim fields, a
# backslash and '_': a DOI may hold a backslash (the schema's printable ASCII), and nenbib writes it so.
_ESCAPED_SPECIAL = lazy_re(r"\{\\([_&%#$])\}")


def _unescaped(value: str, what: str, warn: Callable[[str], None]) -> str:
    """A DOI or link with LaTeX's escapes of its specials read as the characters, with a note."""
    if "\\" not in value:
        return value
    out = _ESCAPED_SPECIAL.sub(lambda m: m.group(1), value)
    for escape in sorted({m.group() for m in _ESCAPED_SPECIAL.finditer(value)}):
        warn(f"{escape} in {what} read as {escape.strip('{}')[1]}")
    return out


def _meant(name: str) -> str:
    """For an unknown field whose name is a likely typo of one nenbib reads ('jounral'), which."""
    import difflib

    close = difflib.get_close_matches(name, sorted(KNOWN), n=1, cutoff=0.8)
    return f" (did you mean {close[0]}?)" if close else ""


# Fields that hold no text, so no braces of theirs mean anything.
_NOT_TEXT = frozenset(
    "year month day date doi issn eissn pmid pmcid eprint eprinttype url langid language pagetotal numpages".split()
)

_MONTH_NAMES = _values.MONTH_NAMES


class _Strings:
    """A file's @string definitions, seen from one block: BibTeX and biber read a .bib in order, so a macro
    is the last @string before its use (one defined again counts from there, one defined after its use not
    at all), its value read as it stood at that @string ('b = a # "B"' keeps the 'a' before it)."""

    def __init__(self, defs: dict[str, list[tuple[int, int, str | None]]] | None = None, at: int = -1) -> None:
        self._defs = {} if defs is None else defs  # a name's @strings: block index, line, value (None: left out)
        self._at = at  # the block reading them (-1: the file's end)

    def define(self, name: str, at: int, line: int, value: str | None) -> None:
        """Adds an @string of block at, on line, to those of the file (in the file's order)."""
        self._defs.setdefault(name.lower(), []).append((at, line, value))

    def before(self, at: int) -> _Strings:
        """The @strings as the block at reads them."""
        return _Strings(self._defs, at)

    def get(self, name: str) -> tuple[_Strings, str | None] | None:
        """The value of the last @string of name before this block (and the @strings as it reads them), if any."""
        found = [d for d in self._defs.get(name.lower(), ()) if self._at < 0 or d[0] < self._at]
        return (self.before(found[-1][0]), found[-1][2]) if found else None

    def later(self, name: str) -> int | None:
        """The line of the first @string of name after this block, if any."""
        return next((line for at, line, _ in self._defs.get(name.lower(), ()) if at > self._at >= 0), None)


def _value(raw: str, strings: _Strings, warn: Callable[[str], None], depth: int = 0) -> str | None:
    """A field's value from its BibTeX text: braced or quoted parts, numbers and macros (@string and
    the month macros as BibTeX defines them), joined with # ('jpc # " B"', 'mar # "~15"'). Read
    here, not by bibtexparser's middlewares: 2.1 leaves a value with # as written and strips the
    outer braces of some (so a `\\#` inside could no longer be told apart). None, with a note,
    for a macro no @string defines."""
    parts, level, quoted, start = [], 0, False, 0
    for i, c in enumerate(raw):
        if c == "{":
            level += 1
        elif c == "}":
            level -= 1
        elif c == '"' and level == 0:
            quoted = not quoted
        elif c == "#" and level == 0 and not quoted:
            parts.append(raw[start:i].strip())
            start = i + 1
    parts.append(raw[start:].strip())
    out = []
    for part in parts:
        if len(part) >= 2 and (_whole_group(part) or part[0] == part[-1] == '"'):
            if part.count("{") != part.count("}"):  # BibTeX counts the braces of a quoted value too
                warn(_UNCOUNTED)
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif (defined := strings.get(part)) is not None and defined[1] is None:
            # Left out for a '\\"' ending its quoted value early or for parts not joined by '#' (_value_fails).
            warn(f"{part!r} names an @string left out (BibTeX and biber fail on its value, as its note says); left out")
            return None
        elif defined is not None and depth < 20:
            found = _value(defined[1] or "", defined[0], warn, depth + 1)
            if found is None:
                return None
            out.append(found)
        elif part.lower() in MONTHS:
            out.append(_MONTH_NAMES[MONTHS.index(part.lower())])
        elif part[:1] == "{" and _whole_group(_ESCAPED_BRACE.sub("", part)):
            # '{Unbalanced \} Brace}', as pandoc writes a lone brace: BibTeX counts the brace of
            # '\}' too, so for it the field ends early; read as the writer meant it.
            warn(_UNCOUNTED)
            out.append(part[1:-1])
        elif (later := strings.later(part)) is not None:
            warn(
                f"{part!r} is no string BibTeX knows here: its @string comes after this entry (line {later}), "
                "and BibTeX and biber read a string defined before its use only; left out"
            )
            return None
        else:
            warn(f"{part!r} is no string BibTeX knows (no @string defines it); left out")
            return None
    return "".join(out)


_ESCAPED_BRACE = lazy_re(r"\\[{}]")
_YEAR_IN = lazy_re(r"(?<![0-9])[0-9]{4}(?![0-9])")
_UNCOUNTED = "braces balance only when '\\{' and '\\}' are not counted, and BibTeX counts them; read so"


# A value's braces, quotes and backslash escapes, paired as the splitter pairs them ('\\"' is a '\\' then a quote).
_QUOTE_TOKEN = lazy_re(r'\\[^\n]|[{}"]')


_VALUE_PART_END = lazy_re(r"\s*(?:#|$)")


def _broken_fields(e: Any) -> list[tuple[Any, int, str]]:
    """The fields of an entry that BibTeX and biber fail on, each with the line and note to give: a quoted value
    holding '\\"' outside braces (they end the value at that '"', and bibtexparser read on: '"a \\"b\\" c"' as
    LaTeX, with umlauts on the b and the c), or parts not joined by '#' ('{a}b', 'foo bar')."""
    return [
        (f, *failed) for f in e.fields if (failed := _value_fails(str(f.value), (f.start_line or 0) + 1, "entry")) is not None
    ]


_NOTE_LINE = lazy_re(r"line ([0-9]+): ")


def _value_fails(value: str, line: int, block: str) -> tuple[int, str] | None:
    """The line and note of a value (an entry's field's or an @string's, starting on line) that BibTeX and
    biber fail on: a '\\"' ending its quoted part early (_quote_ended), or parts not joined by '#'."""
    return _quote_ended(value, line, block) or _unjoined(value, line, block)


def _left_out(block: str) -> str:
    """What a value BibTeX and biber fail on costs: an @string is left out (each value naming it says so); of an
    entry, that field only, its value not guessed. BibTeX keeps the fields before it and skips the rest of the
    entry (so does pybtex, unless strict: then it stops), and biber stops with an error, reading no entry."""
    if block != "entry":
        return f"; the {block} is left out"
    return "; the field is left out, the others read (BibTeX skips the rest of the entry, biber stops: no entry read)"


# A value's part: a quoted or braced one (its braces counted as the splitter counts them: '\\{' is none;
# a '\\"' ends a quoted part, _quote_ended notes one with text after it), or a number or macro name.
_PART = lazy_re(r'"(?:[^"{}\\]|\\[^"]|' + _BRACED.pattern + r')*\\?"|' + _BRACED.pattern + r'|[^\s#"{}]+')
_HASH = lazy_re(r"\s*#\s*")


def _unjoined(value: str, line: int, block: str) -> tuple[int, str] | None:
    """The line and note of a value whose parts are not joined by '#' ('"a" "b"', 'foo bar', '"a" #'), if any:
    BibTeX, biber and pybtex fail on what follows a part where they expect a ',', a '#' or the entry's end
    (bibtexparser read '"a" "b"' as the text 'a" "b'). A value whose braces do not pair is not judged here."""
    pos, end = 0, len(value.rstrip())
    while (part := _PART.match(value, pos)) is not None:
        pos = part.end()
        if pos >= end:
            return None
        if (hash_ := _HASH.match(value, pos)) is None:
            then = repr(value[pos:].split()[0])
            break
        pos = hash_.end()
        if pos >= end:
            pos, then = value.index("#", hash_.start()) + 1, "the value's end (a part must follow a '#')"
            break
    else:
        return None
    read = " ".join(value[:pos].split())  # one line
    if len(read) > 40:  # its end, from a word's start
        read = "..." + (read[-30:].partition(" ")[2] or read[-30:])
    return line + value.count("\n", 0, pos), (
        f"parts not joined by '#': BibTeX and biber read {read} and fail on {then}{_left_out(block)}; join parts with '#', "
        "or brace the value whole"
    )


def _quote_ended(value: str, line: int, block: str) -> tuple[int, str] | None:
    """The line and note of a value (of an entry's field or an @string, starting on line) whose quoted
    part holds '\\"' outside braces with text after it, if any (_broken_fields)."""
    if '\\"' not in value:
        return None
    depth, opened = 0, -1
    for m in _QUOTE_TOKEN.finditer(value):
        t = m.group()
        if t == "{":
            depth += 1
        elif t == "}" and depth:
            depth -= 1
        elif t == '"' and not depth:
            opened = -1 if opened >= 0 else m.start()
        elif t == '\\"' and not depth and opened >= 0 and _VALUE_PART_END.match(value, m.end()):
            opened = -1  # the value's end (or its part's, before '#'), as BibTeX reads it: 'C:\\'
        elif t == '\\"' and not depth and opened >= 0:
            read = " ".join(value[opened : m.end()].split())  # one line
            if len(read) > 40:  # its end, from a word's start
                read = '"...' + (read[-30:].partition(" ")[2] or read[-30:])
            return line + value.count("\n", 0, m.start()), (
                "'\\\"' ends a quoted value, as any '\"' outside braces does: BibTeX and biber read "
                f'{read} and fail on what follows{_left_out(block)}; in quotes write {{"}} and {{\\"u}}'
            )
    return None


def _issued(fields: dict[str, Any], raw: Callable[[str], str | None], warn_at: Any) -> dict[str, Any] | None:
    date = raw("date")
    if date:
        start, _, end = date.partition("/")
        # A range open at its start ('../2020', '/2020'): its end is the date there is.
        part, which = (end, "end") if start.strip() in ("", "..") else (start, "start")
        m = _EDTF_DATE.match(part.strip())
        if m:
            year, month, day, mark, time = m.groups()
            month, day = (None, None) if month == "XX" else (month, None if day == "XX" else day)
            ranged = f"date range {date!r}: its {which}'s " if "/" in date else ""
            # '2020-21', EDTF's spring (biblatex's manual, 2.3.8; biber reads 21-41): it was 'no month (1-12)'.
            if month and not day and _values.year_division(int(month), warn_at(fields["date"]), ranged):
                month = None
            elif ranged:
                warn_at(fields["date"])(f"date range {date!r}: its {which} is kept")
            lost = [_EDTF_MARKS[mark]] if mark else []
            lost += ["its time"] if time else []
            lost += ["its unspecified digits (XX)"] if "XX" in part else []
            if lost:
                # biblatex's EDTF forms (its manual, 2.3.8): the date failed to parse, and without a year
                # field the whole file failed (a record requires its year).
                kept = "-".join(filter(None, (year, month, day)))
                places = " or ".join(lost)
                warn_at(fields["date"])(f"date {part.strip()!r} read as {kept}; a record's date has no place for {places}")
            read = {k: int(v) for k, v in zip(("year", "month", "day"), (year, month, day), strict=True) if v}
            _beside_date(read, fields, raw, warn_at)
            return _values.date(read, warn_at(fields["date"]))
        warn_at(fields["date"])(f"date {date!r} does not parse")
    year = raw("year")
    if year is None:
        return None
    if not year.isdigit():
        years = set(_YEAR_IN.findall(year))
        if len(years) != 1:
            warn_at(fields["year"])(f"year {year!r} does not parse; left out")
            return None
        # '2020a' (a letter added by hand for author-year styles), 'c. 2020': the year is a fact.
        warn_at(fields["year"])(f"year {year!r} read as its year {min(years)}")
        year = min(years)
    issued: dict[str, Any] = {"year": int(year)}
    if raw("day") and not raw("month"):  # dropped without a word
        warn_at(fields["day"])(f"day {raw('day')!r} without a month; left out")
    if raw("month"):
        found = read_month(raw("month") or "", warn_at(fields["month"]))
        if found:
            issued["month"], day_in_month = found
            day = raw("day")
            if day and day.isdigit():
                issued["day"] = int(day)
            elif day:
                warn_at(fields["day"])(f"day {day!r} does not parse; left out")
            elif day_in_month is not None:
                issued["day"] = day_in_month
    return _values.date(issued, warn_at(fields.get("day") or fields.get("month")))


def _beside_date(read: dict[str, int], fields: dict[str, Any], raw: Callable[[str], str | None], warn_at: Any) -> None:
    """A year, month or day field beside the date that is read: one that says otherwise (year 2020,
    date 2019-04-15; month apr, date 2020; day 5, date 2020-03) is noted; it was left out without a word."""
    year = raw("year")
    if year is not None and year.strip() != str(read["year"]):
        warn_at(fields["year"])(f"year {year.strip()!r} differs from the date's year {read['year']}; the date is kept")
    month = raw("month")
    if month is not None and month.strip():
        found = read_month(month, lambda _message: None)
        if found is None or found[0] != read.get("month"):
            warn_at(fields["month"])(f"month {month.strip()!r} is not the date's month; the date is kept")
    day = raw("day")
    if day is not None and day.strip() and (not day.strip().isdigit() or int(day) != read.get("day")):
        warn_at(fields["day"])(f"day {day.strip()!r} is not the date's day; the date is kept")


def _attach_affiliations(rec: dict[str, Any], raw: str, warn: Callable[[str], None]) -> None:
    """Affiliations in author order: ' and ' between authors' brace groups ({A} and {B}, as our
    writer and pybtex-based tools write them), '; ' between one author's affiliations. With one
    author the whole field is theirs. Unbraced text for several authors ('X and Y Oncology, Japan;
    Z, Japan', as Scopus writes the record's list) cannot say whose each address is: left out."""
    authors = rec.get("authors", [])
    value = raw.strip()
    per_author = [value] if len(authors) == 1 else _split_top(value, _AND)
    if len(authors) > 1 and not all(_whole_group(x.strip()) for p in per_author for x in _split_top(p.strip(), _SEMI)):
        warn("not brace groups per author ({...} and {...}), so whose each address is cannot be told; left out")
        return
    if len(per_author) != len(authors):
        warn(f"{len(per_author)} affiliation groups for {len(authors)} authors; left out")
        return
    ids: dict[str, str] = {}
    for author, chunk in zip(authors, per_author, strict=True):
        refs = []
        for printed in _split_top(chunk.strip(), _SEMI):
            text = decode_text(printed, warn)
            if not text:
                continue
            if text not in ids:
                ids[text] = f"aff{len(ids) + 1}"
            if ids[text] not in refs:
                refs.append(ids[text])
        if refs:
            author["affiliations"] = refs
    if ids:
        rec["affiliations"] = [{"id": i, "printed": p} for p, i in ids.items()]
