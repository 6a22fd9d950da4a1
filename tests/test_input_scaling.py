"""Hostile sizes: a reader's work grows about linearly with its input. Work is counted in function
calls (a profile hook), not timed, so the check holds on a loaded machine; where the cost is
copying rather than calls (a value joined line by line), what is read is checked exactly on an
input large enough to matter. The measured times are in the commit messages and CHANGELOG."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from typing import Any

import pytest

import nenbib
from nenbib.formats import FORMATS
from nenbib.model import Affiliation, Person

READERS = [name for name, f in FORMATS.items() if hasattr(f.load(), "read")]


def calls(fn: Callable[[], Any]) -> tuple[int, Any]:
    """The number of Python and built-in function calls fn makes, and its result."""
    count = 0

    def hook(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(hook)
    try:
        result = fn()
    finally:
        sys.setprofile(None)
    return count, result


@pytest.mark.parametrize("fmt", READERS)
def test_many_keywords_cost_work_in_proportion(record, fmt):
    """RIS's KW and MEDLINE's OT lines were each checked against a set made anew from every
    keyword before them: 18,000 KW lines took 33 s (n squared casefolds)."""
    read = FORMATS[fmt].load().read
    counts = []
    for n in (300, 1200):
        kws = tuple(f"keyword {i}" for i in range(n))
        text = nenbib.export(dataclasses.replace(record, keywords=kws), fmt)
        count, result = calls(lambda text=text: read(text, "many.kw"))
        assert [r["keywords"] for r in result.records] == [list(kws)]
        counts.append(count)
    assert counts[1] < 5 * counts[0], counts


RIS_HEAD = "TY  - JOUR\nAU  - Doe, Jane\nPY  - 2020\nT2  - Journal\n"
MANY = 20_000  # continuation lines; joined one by one, 300,000 lines took minutes (a copy of the value each)


def test_ris_values_wrapped_over_many_lines_are_read_whole():
    """An abstract keeps its line breaks, a title's wrapped lines are joined with a space, an address
    wrapped after a comma or onto an indented line is one address; an empty first line is no part."""
    ris = FORMATS["ris"].load()
    words = [f"w{i}" for i in range(MANY)]
    text = (
        RIS_HEAD
        + "TI  - \n" + "\n".join(words) + "\n"
        + "AB  - Start\n" + "\n".join(words) + "\n"
        + "AD  - Dept,\n" + "".join(f"  {w},\n" for w in words) + "Place\n"
        + "AD  - Second\n"
        + "ER  - \n"
    )  # fmt: skip
    (rec,) = ris.read(text, "wrapped.ris").records
    assert rec["title"] == " ".join(words)
    assert rec["abstract"] == "\n".join(["Start", *words])
    assert [a["printed"] for a in rec["affiliations"]] == [", ".join(["Dept", *words, "Place"]), "Second"]


def test_medline_values_wrapped_over_many_lines_are_read_whole():
    """PubMed wraps a value onto lines indented by six spaces, keeping one space before each break:
    each break stands for exactly one space, with or without that space."""
    nbib = FORMATS["nbib"].load()
    words = [f"w{i}" for i in range(MANY)]
    lines = [w if i % 2 else f"{w} " for i, w in enumerate(words)]  # every other line keeps PubMed's space
    text = (
        "PMID- 1\nFAU - Doe, Jane\nAU  - Doe J\nJT  - Journal\nDP  - 2020\n"
        + "TI  - Start \n" + "".join(f"      {line}\n" for line in lines)
        + "AB  - Start\n" + "".join(f"      {line}\n" for line in lines)
    )  # fmt: skip
    (rec,) = nbib.read(text, "wrapped.nbib").records
    assert rec["title"] == " ".join(["Start", *words])
    assert rec["abstract"] == " ".join(["Start", *words])


def test_a_key_made_from_a_long_name_or_title_word_is_one_a_record_can_have(capsys, tmp_path):
    """A title whose first word is 150 letters (a chemical name, a word run together) made a key of
    150 and more characters, which the record's id check refused: the import failed. A file's own
    key of 100 characters given twice gets its suffix within the 100 too."""
    from conftest import run_cli

    long = "x" * 150
    ris = tmp_path / "long.ris"
    ris.write_text(f"TY  - JOUR\nAU  - {'Y' * 150}, J\nTI  - {long} rest\nT2  - J\nPY  - 2020\nER  - \n", encoding="utf-8")
    code, out, err = run_cli(capsys, "import", ris)
    assert (code, err) == (0, "")
    key = "y" * 40 + "2020" + "x" * 40
    assert json.loads(out)["id"] == key
    given = "k" * 100
    bib = tmp_path / "twice.bib"
    entry = f"@article{{{given},\n author = {{Doe, Jane}},\n title = {{T}},\n journal = {{J}},\n year = {{2020}}\n}}\n"
    bib.write_text(entry + entry.replace("title = {T}", "title = {U}"), encoding="utf-8")
    code, out, err = run_cli(capsys, "import", bib)
    assert code == 0, err
    assert [r["id"] for r in json.loads(out)] == [given, "k" * 99 + "a"]


@pytest.mark.parametrize("command", [["import"], ["convert", "-t", "bibtex"]])
def test_a_note_quoting_a_huge_value_is_one_short_line(capsys, tmp_path, command):
    """A reader's note quotes the value it is about: 'SP  - ' of 200,000 characters was a warning line
    as long. It keeps both ends, as a validation error does: the value's start and what is done."""
    from conftest import run_cli

    ris = tmp_path / "pages.ris"
    ris.write_text(RIS_HEAD + "TI  - Title\nSP  - " + "1-" * 100_000 + "\nER  - \n", encoding="utf-8")
    code, out, err = run_cli(capsys, *command, ris)
    assert code == 0 and out
    (line,) = [line for line in err.splitlines() if "warning" in line]  # convert also says what bibtex loses
    assert line.startswith(f"nenbib: warning: {ris}: line 6: pages '1-1-")
    assert line.endswith("' are neither a page range nor an article number; left out")
    assert len(line) < 700 + len(str(ris)) and "[... 199," in line


def test_a_long_note_from_a_file_deep_in_folders_is_not_cut(capsys, tmp_path):
    """Only a note quoting a huge value is cut: a 300-character note about a file 150 characters deep
    was cut in its middle (its reason and its advice lost): the 300-character limit counted the path."""
    from conftest import run_cli

    folder = tmp_path.joinpath(*["a_long_folder_name_of_a_thesis_project"] * 4)
    folder.mkdir(parents=True)
    bib = folder / "library.bib"
    bib.write_text(
        "@article{k,\n author = {Ohmoto, A.},\n title = {T},\n journal = {J},\n abstract = {a}b,\n year = 2020}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "import", bib)
    assert code == 0, err
    (line,) = [line for line in err.splitlines() if "warning" in line]
    assert len(line) > 300 + len(str(bib)) - 100 and "[..." not in line
    assert line.startswith(f"nenbib: warning: {bib}: line 5: abstract: parts not joined by '#'")
    assert line.endswith("join parts with '#', or brace the value whole")


class _CountedId(str):
    """An affiliation id whose comparisons are function calls, so the profile hook counts them."""

    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_authors_each_with_an_address_cost_work_in_proportion(record, fmt):
    """Each author's affiliation was found by a scan of the record's affiliations: a file of n authors
    each with an address (MEDLINE's AD lines) cost n squared steps to write; 17,777 authors took 41 s
    to convert to RIS."""
    counts = []
    for n in (150, 600):
        affs = tuple(Affiliation(id=_CountedId(f"aff{i}"), printed=f"Place {i}") for i in range(n))
        authors = tuple(Person(family=f"Family{i}", given="Jane", affiliations=(f"aff{i}",)) for i in range(n))
        big = dataclasses.replace(record, authors=authors, affiliations=affs)
        count, _ = calls(lambda big=big: nenbib.export(big, fmt))
        counts.append(count)
    assert counts[1] < 5 * counts[0], counts
