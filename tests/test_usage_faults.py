"""Usage errors (exit 2, one stderr line, nothing written) and messages that say what happens:
an input format with no reader, an empty path, an output that is one of the inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

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


# ---- 7. an output that is one of the inputs -----------------------------------------------------


def _folder_with_records(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copyfile(RECORD_PATH, folder / "same.json")
    shutil.copyfile(RECORD_PATH.with_suffix(".ris"), folder / "x.ris")
    shutil.copyfile(RECORD_PATH.with_suffix(".bib"), folder / "x.bib")
    (folder / "link.json").symlink_to("same.json")
    return folder


@pytest.mark.parametrize(
    ("args", "output", "says"),
    [
        (["export", "-q", "same.json"], "same.json", "is the input file: it would be replaced"),
        (["export", "-q", "-f", "bibtex", "same.json"], "./same.json", "is the input file same.json"),
        (["export", "-q", "-f", "ris", "x.json", "same.json"], "link.json", "is the input file same.json"),
        (["export", "-q", "."], "same.json", "is a record file (*.json) in the input folder ."),
        (["export", "-q", "."], "new.json", "is a record file (*.json) in the input folder .: it would replace a record"),
        (["convert", "x.ris"], "x.ris", "is the input file"),
        (["convert", "-t", "bibtex", "x.bib"], "x.bib", "is the input file"),
        (["import", "x.bib"], "x.bib", "is the input file"),
        (["import", "same.json"], "link.json", "is the input file same.json"),
    ],
)
def test_output_that_is_an_input_is_refused(capsys, tmp_path, monkeypatch, args, output, says):
    folder = _folder_with_records(tmp_path)
    shutil.copyfile(RECORD_PATH, folder / "x.json")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.chdir(folder)
    code, out, err = run(capsys, *args, "-o", output)
    assert (code, out) == (2, "")
    assert_one_error_line(err, f"nenbib: error: {output}: --output {says}", "write the output elsewhere")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["export", "-q", "."], "same.csl.json"),  # an export, not a record name
        (["export", "-q", "same.json"], "other.json"),
        (["export", "-q", "-f", "bibtex", "same.json"], "/dev/null"),
        (["convert", "x.ris"], "x.bib"),
        (["import", "x.bib"], "x2.json"),
    ],
)
def test_output_beside_the_inputs_is_written(capsys, tmp_path, monkeypatch, args, output):
    _folder_with_records(tmp_path)
    (tmp_path / "d" / "link.json").unlink()
    monkeypatch.chdir(tmp_path / "d")
    code, out, err = run(capsys, *args, "-o", output)
    assert code == 0, err
