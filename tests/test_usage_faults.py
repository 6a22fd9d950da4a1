"""Usage errors (exit 2, one stderr line, nothing written) and messages that say what happens:
an input format with no reader, an empty path, an output that is one of the inputs."""

from __future__ import annotations

import shutil

import pytest
from test_bad_input import SENTINEL, existing_output, leftovers
from test_faults import assert_one_error_line

from conftest import RECORD_PATH
from conftest import run_cli as run

READABLE = "readable: record, bibtex, biblatex, ris, csl-json, nbib, endnote-xml"


# ---- 4. convert --from a format without a reader ------------------------------------------------


@pytest.mark.parametrize("name", ["bogus", "html", "jsonld"])
@pytest.mark.parametrize("command", [["import", "-f"], ["convert", "-t", "ris", "-f"]])
def test_no_reader_is_a_usage_error(capsys, tmp_path, command, name):
    source = tmp_path / "x.bib"
    shutil.copyfile(RECORD_PATH.with_suffix(".bib"), source)
    code, out, err = run(capsys, *command, name, source)
    assert (code, out) == (2, "")
    assert_one_error_line(err, f"nenbib: error: no reader for {name!r}; {READABLE}")


# ---- 5. an empty path is no path (Path("") is the current folder) -------------------------------


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["validate", ""], "path"),
        (["validate", "--format", "json", "{record}", ""], "path"),
        (["export", ""], "path"),
        (["export", "-f", "ris", "{record}", ""], "path"),
        (["cite", ""], "path"),
        (["import", ""], "path"),
        (["convert", "-t", "ris", ""], "path"),
        (["export", "{record}", "-o", ""], "--output"),
        (["export", "-o", ""], "--output"),
        (["import", "{record}", "-o", ""], "--output"),
        (["convert", "{record}", "-t", "ris", "-o", ""], "--output"),
        (["check", "--refs", ""], "--refs"),
    ],
)
def test_empty_path_is_a_usage_error(capsys, tmp_path, monkeypatch, args, what):
    # The current folder holds a record and an output a mistaken "." would take.
    shutil.copyfile(RECORD_PATH, tmp_path / "record.json")
    out = existing_output(tmp_path, "x.json")
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, *(a.replace("{record}", "record.json") for a in args))
    assert (code, stdout) == (2, "")
    assert_one_error_line(err, f'nenbib: error: an empty {what} ("") names no file')
    assert out.read_bytes() == SENTINEL and leftovers(tmp_path) == []


def test_write_output_refuses_an_empty_name():
    from nenbib.errors import OutputError
    from nenbib.output import write_output

    with pytest.raises(OutputError, match="empty name"):
        write_output("", ["text"])
