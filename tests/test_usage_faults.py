"""Usage errors (exit 2, one stderr line, nothing written) and messages that say what happens:
an input format with no reader, an empty path, an output that is one of the inputs."""

from __future__ import annotations

import shutil

import pytest
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
