"""`nenbib cite` with a style citeproc-py cannot render: one stderr line naming the style, exit 1, never a traceback."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from nenbib import cite
from nenbib.errors import InputError

from conftest import RECORD_PATH
from conftest import run_cli as run

# A style citeproc-py fails on while sorting the bibliography (here the text-case of its sort key's title is
# made to fail as citeproc-py's own did over a macro's output: "'str' object has no attribute 'words'");
# a failure while sorting was outside the handler that makes citeproc-py's failures one line, so the CLI
# said "internal error". (transversalites and universitat-basel-deutsche-sprachwissenschaft failed so until
# cite._case mended text-case on a name part, hochschule-der-kunste-bern-musikforschung until _case_mixed.)
SORT_FAILURES = [str(Path(__file__).parent / "data" / "csl" / "sort-fails.csl")]


@pytest.fixture
def citeproc_py_fails(monkeypatch):
    def fails(*_a):
        raise AttributeError("'str' object has no attribute 'words'")

    monkeypatch.setattr(cite, "_case_mixed", fails)


HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout><text variable="title"/></layout></citation>\n'
)


def one_error_line(err: str) -> str:
    assert err.count("\n") == 1 and "internal error" not in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("style", SORT_FAILURES)
def test_a_style_citeproc_fails_on_while_sorting_is_one_error(capsys, citeproc_py_fails, style):
    code, out, err = run(capsys, "cite", "--style", style, RECORD_PATH)
    assert code == 1 and out == ""
    assert one_error_line(err).startswith(f"nenbib: error: {style}: citeproc-py failed on this style: AttributeError:")


@pytest.mark.parametrize("style", SORT_FAILURES)
def test_entry_formatter_gives_no_entry_for_such_a_style(record, citeproc_py_fails, style):
    # The HTML page's path: the record has no entry, no exception.
    assert cite.entry_formatter(style, ("html", "text"), single=True)(record) is None
    assert cite.entry_formatter(style, ("html", "text"))(record) is None


MALFORMED = {
    "no-layout": ("<bibliography></bibliography>", "its <bibliography> has no <layout>"),
    "unknown-in-layout": (
        '<bibliography><layout><bogus/><text variable="title"/></layout></bibliography>',
        "unknown element <bogus> in <layout> (line 3)",
    ),
    "unknown-in-group": (
        '<bibliography><layout><group><text variable="title"/><bogus/></group></layout></bibliography>',
        "unknown element <bogus> in <group> (line 3)",
    ),
    "unknown-in-macro": (
        '<macro name="m"><names variable="author"><bogus/></names></macro>'
        '<bibliography><layout><text macro="m"/></layout></bibliography>',
        "unknown element <bogus> in <names> (line 3)",
    ),
    "missing-macro": (
        '<bibliography><layout><text macro="nope"/></layout></bibliography>',
        '<text macro="nope"> calls a macro the style does not define (line 3)',
    ),
    "missing-sort-macro": (
        '<bibliography><sort><key macro="nope"/></sort><layout><text variable="title"/></layout></bibliography>',
        '<key macro="nope"> calls a macro the style does not define (line 3)',
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_style_file_is_named_with_the_reason(capsys, tmp_path, case):
    body, reason = MALFORMED[case]
    style = tmp_path / f"{case}.csl"
    style.write_text(HEAD + body + "</style>\n", encoding="utf-8")
    code, out, err = run(capsys, "cite", "--style", style, RECORD_PATH)
    assert code == 1 and out == ""
    assert one_error_line(err) == f"nenbib: error: {style}: not a usable CSL style: {reason}\n"
    with pytest.raises(InputError, match="not a usable CSL style"):
        cite.entry_formatter(str(style), ("html",), single=True)


def test_an_unused_macro_may_be_broken(record, tmp_path):
    # Only what the bibliography calls is checked: a citation-only macro calling nothing known is no reason to refuse.
    style = tmp_path / "ok.csl"
    style.write_text(
        HEAD + '<macro name="c"><text macro="missing"/></macro>'
        '<bibliography><layout><text variable="title"/></layout></bibliography></style>\n',
        encoding="utf-8",
    )
    assert cite.render([record], str(style)).entries == [
        "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms"
    ]


def test_a_fault_in_setting_up_is_one_error(record, tmp_path, monkeypatch):
    # Whatever else citeproc-py trips over while the style is set up is still one InputError naming the file.
    def broken(*_a):
        raise AttributeError("'NoneType' object has no attribute 'get_locale_option'")

    monkeypatch.setattr(cite, "_repair_date_delimiters", broken)
    with pytest.raises(InputError) as e:
        cite.render([record], "apa")
    assert str(e.value) == (
        "apa: not a usable CSL style: citeproc-py cannot set it up: "
        "AttributeError: 'NoneType' object has no attribute 'get_locale_option'"
    )


# A user's style file is read as every other input is (files.read_text): under MAX_FILE_BYTES, pipes and
# devices too, as UTF-8; each fault one line naming the file and the rule.
def test_a_style_file_over_the_size_limit_is_one_error(capsys, tmp_path, monkeypatch):
    from nenbib import files

    big = tmp_path / "big.csl"
    shutil.copy(cite.styles_dir() / "apa.csl", big)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 4096)
    code, out, err = run(capsys, "cite", "--style", big, RECORD_PATH)
    assert code == 1 and out == ""
    assert one_error_line(err).startswith(f"nenbib: error: {big}: file is ") and err.endswith(" [file]\n")
    assert "per file (no CSL style is near that size)" in err


def test_a_style_from_an_endless_device_is_read_up_to_the_limit(capsys, monkeypatch):
    from nenbib import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1 << 16)
    code, out, err = run(capsys, "cite", "--style", "/dev/zero", RECORD_PATH)
    assert code == 1 and out == ""
    assert one_error_line(err).startswith("nenbib: error: /dev/zero: input (a pipe or device) goes on past the limit;")


def test_a_style_from_a_fifo_is_read(capsys, tmp_path, record):
    fifo = tmp_path / "style.csl"
    os.mkfifo(fifo)
    text = (cite.styles_dir() / "apa.csl").read_bytes()

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(text)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    code, out, err = run(capsys, "cite", "--style", fifo, RECORD_PATH)
    writer.join(5)
    assert code == 0, err
    assert out == cite.output_text(cite.render([record], "apa"), "text")


STYLE_FILE_FAULTS = {
    "folder": (None, "is a folder, not a file [file]"),
    "empty": (b"", "file is empty [file]"),
    "latin-1": (
        b'<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">M\xfcller</style>\n',
        "line 2: not UTF-8: byte 0xFC at offset 70 cannot be decoded; save the file as UTF-8 [file]",
    ),
    "utf-16": ('<?xml version="1.0"?>\n<style/>\n'.encode("utf-16"), "file is UTF-16 or UTF-32; save it as UTF-8 [file]"),
    "not-xml": (
        b"title: my style\n",
        "line 1, column 1: not a CSL style: malformed XML: Start tag expected, '<' not found [xml-syntax]",
    ),
    "unclosed": (
        b'<style xmlns="http://purl.org/net/xbiblio/csl">\n<info>\n</style>\n',
        "line 3, column 9: not a CSL style: malformed XML: Opening and ending tag mismatch: info line 2 and style [xml-syntax]",
    ),
    "not-csl": (b"<html><body/></html>\n", "not a CSL style (the root element is not <style> in the CSL namespace)"),
}


@pytest.mark.parametrize("case", sorted(STYLE_FILE_FAULTS))
def test_a_style_file_that_is_no_style_is_one_line(capsys, tmp_path, case):
    content, message = STYLE_FILE_FAULTS[case]
    style = tmp_path / f"{case}.csl"
    if content is None:
        style.mkdir()
    else:
        style.write_bytes(content)
    code, out, err = run(capsys, "cite", "--style", style, RECORD_PATH)
    assert code == 1 and out == ""
    assert one_error_line(err) == f"nenbib: error: {style}: {message}\n"


def test_a_style_file_in_another_encoding_it_declares_is_read(record, tmp_path):
    # As every XML input: the declaration says the encoding (files.read_text).
    text = (cite.styles_dir() / "apa.csl").read_text(encoding="utf-8")
    text = text.replace('encoding="utf-8"', 'encoding="windows-1252"', 1).replace("<title>", "<title>\u00e9 ", 1)
    style = tmp_path / "cp1252.csl"
    style.write_bytes(text.encode("cp1252", "replace"))
    assert cite.render([record], str(style)).entries == cite.render([record], "apa").entries
