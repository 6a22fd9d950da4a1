"""The exports compile: pdflatex + bibtex (plain, unsrt) and biblatex + biber, without warnings, executing nothing.

Runs in a temporary folder with -no-shell-escape. Needs TeX Live: .ci/run installs texlive-latex-base,
texlive-latex-recommended (etoolbox), texlive-bibtex-extra (biblatex.sty) and biber.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import nenbib
from nenbib.records import to_record

LATEX = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
TOOLS = ("pdflatex", "bibtex", "biber", "kpsewhich")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
if not MISSING and subprocess.run(["kpsewhich", "biblatex.sty"], capture_output=True).returncode != 0:
    MISSING.append("biblatex.sty")

pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{', '.join(MISSING)} not installed: .ci/run installs them (apt: texlive-latex-base texlive-latex-recommended "
    "texlive-bibtex-extra biber)",
)

# Text that would run or read something if it were not escaped.
INJECTION = r"\input{/etc/passwd} \immediate\write18{touch pwned} } { % @comment{ \" $x_1$ # & ~ ^"


def run(cmd: list[str], cwd: Path) -> str:
    """Run a TeX tool; fail the test with its output when it fails."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{out[-3000:]}"
    return out


@pytest.fixture
def records(record_dict):
    hostile = dict(record_dict, id="injection2020", title=f"Escapes {INJECTION} End", abstract=f"{INJECTION}\n{INJECTION}")
    hostile["keywords"] = ["R&D", "100% {braces}"]
    # Printed by the styles, in the forms Zotero reads back: $<$ $|$ $>$, T{}EL?{}!, \texttwosuperior, {\L }.
    hostile["journal"] = dict(record_dict["journal"], title="Annals of p < 0.05 a|b > c TEL?! 5\u00b2")
    hostile["authors"] = [{"family": "Berg", "particle": "van der", "suffix": "Jr.", "given": "Jan"}, {"name": "WHO & Co"}]
    hostile["authors"].append({"family": "\u0141ukasiewicz", "given": "Jan"})
    for key in ("affiliations", "sources"):
        hostile.pop(key)
    return [to_record(record_dict, "<shipped>"), to_record(hostile, "<hostile>")]


def document(body: str, preamble: str = "") -> str:
    return (
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
        + preamble
        + "\\begin{document}\n\\nocite{*}\n"
        + body
        + "\\end{document}\n"
    )


def assert_nothing_executed(tmp_path: Path, log: str) -> None:
    assert not (tmp_path / "pwned").exists()
    assert "/etc/passwd" not in log.replace("\\textbackslash {}input\\textbraceleft {}/etc/passwd", "")


def bibtex_run(tmp_path: Path, bib: str, style: str) -> tuple[str, str]:
    """(the .bbl, the .log) of a document citing every entry of bib in style, through pdflatex and bibtex
    with no BibTeX warning and no error."""
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(document(f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n"), encoding="utf-8")
    run([*LATEX, "doc"], tmp_path)
    bibtex_out = run(["bibtex", "doc"], tmp_path)
    assert "Warning--" not in bibtex_out and "error message" not in bibtex_out, bibtex_out
    run([*LATEX, "doc"], tmp_path)
    run([*LATEX, "doc"], tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    return bbl, (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("style", ["plain", "unsrt"])
@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_bibtex_compiles_with_pdflatex(tmp_path, records, style, ascii):
    bbl, log = bibtex_run(tmp_path, nenbib.export(records, "bibtex", ascii=ascii), style)
    assert "389--405" in bbl  # the en dash
    assert "Current Drug Targets" in bbl
    assert "{NENs}" not in bbl  # the shipped title has no word that needs protection
    assert "LaTeX Warning" not in log and "undefined" not in log, log[-2000:]
    assert "Escapes" in bbl and "WHO \\& Co" in bbl
    assert "p $<$ 0.05 a$|$b $>$ c T{}EL?{}!" in bbl
    assert_nothing_executed(tmp_path, log)


def test_greek_letters_in_ascii_bibtex_compile_with_pdflatex(tmp_path, record_dict):
    # In UTF-8, pdflatex stops at the first Greek letter ('not set up for use with LaTeX'): --ascii is the way.
    d = dict(record_dict, title="TGF-β and NF-κB in αβ T cells: Δ and Ψ at 5 µM by ¹⁸F-FDG PET")
    d["journal"] = dict(d["journal"], title="Mean ± SD at 37 °C, 2 × 10 cells, 0.5‰ ½ dose • ¼ ÷ 3 ™ → ¬")
    bbl, log = bibtex_run(tmp_path, nenbib.export(to_record(d, "<greek>"), "bibtex", ascii=True), "plain")
    # plain lower-cases the title but for its braces: the capitals stay capitals (18F, not 18f).
    printed = (
        "{TGF-{$\\beta$}} and {NF-{$\\kappa$}B} in {$\\alpha$}{$\\beta$} {T} cells: {{$\\Delta$}} and {{$\\Psi$}}"
        " at 5 {{\\textmu}M} by {{\\textonesuperior}$^{8}$F-FDG} {PET}"
    )
    assert printed in " ".join(bbl.split())
    signs = r"Mean {\textpm} SD at 37 {\textdegree}C, 2 {\texttimes} 10 cells, 0.5{\textperthousand}"
    assert (
        signs + r" {\textonehalf} dose {\textbullet} {\textonequarter} {\textdiv} 3 {\texttrademark} {\textrightarrow}"
        r" {\textlnot}" in " ".join(bbl.split())
    )
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert "LaTeX Warning" not in log and "undefined" not in log, log[-2000:]


def test_biblatex_runs_through_biber_without_warnings(tmp_path, records):
    (tmp_path / "refs.bib").write_text(nenbib.export(records, "biblatex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        document("\\printbibliography\n", "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"),
        encoding="utf-8",
    )
    run([*LATEX, "doc"], tmp_path)
    biber_out = run(["biber", "--validate-datamodel", "doc"], tmp_path)
    assert "WARN" not in biber_out and "ERROR" not in biber_out, biber_out
    run([*LATEX, "doc"], tmp_path)
    run([*LATEX, "doc"], tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "\\field{journaltitle}{Current Drug Targets}" in bbl
    assert "\\field{langid}{english}" in bbl
    assert "\\strng{" in bbl and "389\\bibrangedash 405" in bbl
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert "Package biblatex Warning" not in log, log[-2000:]
    assert_nothing_executed(tmp_path, log)


def test_a_person_without_a_given_name_gets_no_initial_in_abbrv(tmp_path, record_dict):
    # abbrv prints given names as initials ({f.~}): an empty given name '{}' printed '.~{de Souza}'.
    # Only a suffix keeps one (NO_GIVEN_NAME), and abbrv prints its lone period ('.~Aristotle, Jr.').
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["authors"] = [{"family": "de Souza"}, {"family": "García Márquez"}, {"family": "Souza", "particle": "de"}]
    d["authors"] += [{"family": "Plato"}, {"family": "Ohmoto", "given": "Akihiro"}]
    (tmp_path / "refs.bib").write_text(nenbib.export(to_record(d, "<no given>"), "bibtex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(document("\\bibliographystyle{abbrv}\n\\bibliography{refs}\n"), encoding="utf-8")
    run([*LATEX, "doc"], tmp_path)
    run(["bibtex", "doc"], tmp_path)
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    assert "{de Souza}, {García Márquez}, {de Souza}, Plato, and A.~Ohmoto." in bbl, bbl


# (family, given, abbrv's name, alpha's label): --ascii writes Å as {\\r A} and ’ as {\\textquoteright}, each
# one special character to BibTeX, which initials and labels take whole (the Greek letters and signs,
# which split there, are refused in names). Unbraced, \\textquoteright{} gave alpha's label 'O\\t'.
NAMES_IN_ASCII = {
    "ring": ("\u00c5ngstr\u00f6m", "\u00c5sa", '{\\r A}.~{\\r A}ngstr{\\"o}m.', "{\\r A}ng20"),
    "apostrophe": ("O\u2019Brien", "Jane", "J.~O{\\textquoteright}Brien.", "O{\\textquoteright}B20"),
}


@pytest.mark.parametrize("style", ["abbrv", "alpha"])
@pytest.mark.parametrize("case", NAMES_IN_ASCII)
def test_ascii_names_give_whole_initials_and_labels(tmp_path, record_dict, style, case):
    family, given, abbrv, label = NAMES_IN_ASCII[case]
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["authors"] = [{"family": family, "given": given}]
    bbl, log = bibtex_run(tmp_path, nenbib.export(to_record(d, "<name>"), "bibtex", ascii=True), style)
    bbl = " ".join(bbl.split())
    if style == "abbrv":
        assert abbrv in bbl, bbl
    else:
        assert f"\\bibitem[{label}]" in bbl, bbl
    assert "LaTeX Warning" not in log, log[-2000:]


# UTF-8 names: 8-bit BibTeX took the first byte of a letter for abbrv's initial of 'Émile' and alpha's label
# of 'Ölçer and Noël' ('\\xc3\\xc3N20') or of 'Noël' alone ('No\\xc3'), at which pdflatex stopped ('Invalid UTF-8
# byte sequence'); the letters those take are written as commands (_latex.WHOLE_INITIALS).
UTF8_AUTHORS = [
    {"family": "\u00d6l\u00e7er", "particle": "van", "given": "\u00c9mile-\u00c4ngel \u00d6."},
    {"name": "\u00d8\u00e6\u00e5 Akademie"},
    {"family": "No\u00ebl", "given": "\u00c5sa"},
]
UTF8_NAMES = {
    "abbrv": ('{\\\'E}.-{\\"A}.~{\\"O}. van {\\"O}l{\\c c}er, {\\O}{\\ae}{\\r a}{ Akademie}, and {\\r A}.~No{\\"e}l.', None),
    "alpha": ('v{\\"O}{\\O}N20', 'No{\\"e}20'),
}


@pytest.mark.parametrize("style", UTF8_NAMES)
def test_utf8_names_give_whole_initials_and_labels(tmp_path, record_dict, style):
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    several, one = UTF8_NAMES[style]
    records = [to_record(dict(d, authors=UTF8_AUTHORS), "<names>")]
    records.append(to_record(dict(d, id="noel2020", authors=UTF8_AUTHORS[2:]), "<one>"))
    bbl, log = bibtex_run(tmp_path, nenbib.export(records, "bibtex"), style)  # a split letter: pdflatex stops
    bbl = " ".join(bbl.split())
    if style == "abbrv":
        assert several in bbl, bbl
    else:
        assert f"\\bibitem[{several}]" in bbl and f"\\bibitem[{one}]" in bbl, bbl
    assert "LaTeX Warning" not in log, log[-2000:]


# Decomposed text ('E' + U+0301, copied from macOS or a PDF): pdflatex stopped at the combining mark ('Unicode
# character U+0301 not set up for use with LaTeX'); the export writes it composed (NFC), and so the whole initials.
NFD_PRINTED = {
    "plain": "{\\'E}mile {\\'E}luard and {\\r A}sa No{\\\"e}l. \\newblock \u00c9tude des \u00c9l\u00e8ves: caf\u00e9.",
    "abbrv": "{\\'E}.~{\\'E}luard and {\\r A}.~No{\\\"e}l. \\newblock \u00c9tude des \u00c9l\u00e8ves: caf\u00e9.",
}


@pytest.mark.parametrize("style", NFD_PRINTED)
def test_decomposed_title_and_names_compile(tmp_path, record_dict, style):
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["title"] = unicodedata.normalize("NFD", "\u00c9tude des \u00c9l\u00e8ves: caf\u00e9")
    names = [("\u00c9luard", "\u00c9mile"), ("No\u00ebl", "\u00c5sa")]
    d["authors"] = [{"family": unicodedata.normalize("NFD", f), "given": unicodedata.normalize("NFD", g)} for f, g in names]
    bbl, log = bibtex_run(tmp_path, nenbib.export(to_record(d, "<nfd>"), "bibtex"), style)
    assert NFD_PRINTED[style] in " ".join(bbl.split()), bbl
    assert "LaTeX Warning" not in log, log[-2000:]


def test_utf8_initials_after_digits_and_signs_are_whole(tmp_path, record_dict):
    # BibTeX's initial is a word's first letter: it skips digits, signs and escaped signs, and took the first
    # byte of '\u00c9' in '(\u00c9mile)', '3\u00d6' and '\\&{}\u00c9mile', at which pdflatex stopped.
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["authors"] = [
        {"family": "Smith", "given": "Jean (\u00c9mile)"},
        {"family": "Doe", "given": "3\u00d6"},
        {"family": "Roe", "given": "x &\u00c9mile"},
    ]
    bbl, log = bibtex_run(tmp_path, nenbib.export(to_record(d, "<signs>"), "bibtex"), "abbrv")
    assert "J.~{\\'E}. Smith, {\\\"O}.~Doe, and x.~{\\'E}. Roe." in " ".join(bbl.split()), bbl
    assert "LaTeX Warning" not in log, log[-2000:]


# (an organisation, alpha's label): its first three letters, as of a person's family name ('{\"O}st' of
# 'Österreich, Anna'). Braced whole, '{{\"O}sterreichische ...}' gave '{{\"O}}' (Ö alone), '{{\r A}ngstr{\"o}m
# Lab}' '{{\r }}' (an accent on nothing) and '{B{\"a}r Foundation}' '{B{\"}}': text.prefix$ counts a special
# character as one only at brace depth 1 (braced_name).
ORGANISATIONS_IN_ASCII = {
    "\u00d6sterreichische Gesellschaft f\u00fcr Onkologie": '{\\"O}{st}20',
    "\u00c9lan Institute": "{\\'E}{la}20",
    "\u00c5ngstr\u00f6m Lab": "{\\r A}{ng}20",
    "\u0141\u00f3d\u017a University": "{\\L }{\\'o}{d}20",
    "\u00d8rsted Foundation": "{\\O}{rs}20",
    "B\u00e4r Foundation": '{B}{\\"a}{r}20',
    "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale": "{Soc}20",
}


@pytest.mark.parametrize("name", ORGANISATIONS_IN_ASCII)
def test_ascii_organisations_give_alpha_labels_of_three_letters(tmp_path, record_dict, name):
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["authors"] = [{"name": name}]
    bbl, log = bibtex_run(tmp_path, nenbib.export(to_record(d, "<org>"), "bibtex", ascii=True), "alpha")
    assert f"\\bibitem[{ORGANISATIONS_IN_ASCII[name]}]" in bbl, bbl
    assert "LaTeX Warning" not in log, log[-2000:]


# An escaped sign among an organisation's first three characters is one special character too: braced
# whole, '{AT\\&T Labs}' gave the label '{AT\\}', a brace escaped and the group left open, at which pdflatex
# stopped ('File ended while scanning use of \\thebibliography'); in UTF-8 as with --ascii.
ORGANISATIONS_WITH_SIGNS = {"AT&T Labs": "{AT}{\\&}20", "R&D Systems": "{R}{\\&}{D}20", "#1 Group": "{\\#}{1 }20"}


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("name", ORGANISATIONS_WITH_SIGNS)
def test_organisations_with_an_escaped_sign_give_alpha_labels_that_compile(tmp_path, record_dict, name, ascii):
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["authors"] = [{"name": name}]
    bbl, log = bibtex_run(tmp_path, nenbib.export(to_record(d, "<org>"), "bibtex", ascii=ascii), "alpha")
    assert f"\\bibitem[{ORGANISATIONS_WITH_SIGNS[name]}]" in bbl, bbl
    assert "LaTeX Warning" not in log, log[-2000:]


def test_ascii_ring_accent_in_names_gives_biber_initials(tmp_path, record_dict):
    d = {k: v for k, v in record_dict.items() if k not in ("affiliations", "sources")}
    d["authors"] = [{"family": "\u00c5ngstr\u00f6m", "given": "\u00c5sa"}]
    (tmp_path / "refs.bib").write_text(nenbib.export(to_record(d, "<ring>"), "biblatex", ascii=True), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        document(
            "\\printbibliography\n", "\\usepackage[style=alphabetic,giveninits=true]{biblatex}\n\\addbibresource{refs.bib}\n"
        ),
        encoding="utf-8",
    )
    run([*LATEX, "doc"], tmp_path)
    run(["biber", "doc"], tmp_path)
    run([*LATEX, "doc"], tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "familyi={\u00c5\\bibinitperiod}" in bbl and "giveni={\u00c5\\bibinitperiod}" in bbl, bbl
    assert "\\field{labelalpha}{\u00c5ng20}" in bbl, bbl
