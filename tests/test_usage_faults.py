"""Usage errors (exit 2, one stderr line, nothing written) and messages that say what happens:
an input format with no reader, an empty path, an output that is one of the inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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


@pytest.mark.parametrize("style", ["", " "])
def test_an_empty_style_is_a_usage_error(capsys, style):
    # '-s ""' answered "`nenbib cite --list-styles ` lists the 11454 styles whose names contain it".
    code, out, err = run(capsys, "cite", "-s", style)
    assert (code, out) == (2, "")
    assert_one_error_line(
        err, f"nenbib: error: an empty --style ({style!r}) names no style; give a name (--list-styles lists them) or a .csl file"
    )


@pytest.mark.parametrize("command", [["validate"], ["export", "-f", "ris"], ["cite"]])
def test_stdin_named_twice_is_a_usage_error(command, tmp_path):
    # `cat r.json | nenbib validate - -` said "/dev/stdin: file is empty" (the pipe was read), and
    # export wrote the record, then failed so, with exit 1.
    # By two of its names too: the same read twice ('- /dev/stdin' said "/dev/stdin: file is empty").
    for names, said in (
        (["-", "-"], "'-' (stdin) is named 2 times"),
        (["-", "/dev/stdin"], "stdin is named 2 times (-, /dev/stdin)"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "nenbib", *command, *names],
            input=RECORD_PATH.read_bytes(),
            capture_output=True,
            timeout=60,
        )
        assert (proc.returncode, proc.stdout) == (2, b"")
        assert_one_error_line(proc.stderr.decode(), f"nenbib: error: {said}; stdin is read once: name it once")


@pytest.mark.parametrize("command", [["export", "-f", "ris"], ["cite"], ["convert", "-t", "ris"], ["import"]])
def test_every_problem_of_an_invalid_record_is_an_error_line(capsys, tmp_path, command):
    # Only the first problem said 'nenbib: error:'; the others were bare lines, which a
    # `grep 'nenbib: error'` (or a CI log's error filter) did not find.
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    record["volume"], record["issue"] = 21, 4
    path = tmp_path / "two.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, out, err = run(capsys, *command, path)
    assert (code, out) == (1, "")
    assert sorted(err.splitlines()) == [
        f"nenbib: error: {path}: /issue: 4 is not of type 'string' [schema:type]",
        f"nenbib: error: {path}: /volume: 21 is not of type 'string' [schema:type]",
    ]


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


# ---- 9. messages that say what happens ----------------------------------------------------------


def test_convert_names_its_own_format_option(capsys, tmp_path):
    source = tmp_path / "x.bib"
    shutil.copyfile(RECORD_PATH.with_suffix(".bib"), source)
    code, out, err = run(capsys, "convert", source, "-o", tmp_path / "x.txt")
    assert code == 2
    assert_one_error_line(err, "cannot tell the format from", "; give --to")
    code, out, err = run(capsys, "export", "-o", tmp_path / "x.txt")
    assert code == 2
    assert_one_error_line(err, "cannot tell the format from", "; give --format")


def test_export_help_says_an_unknown_ending_is_an_error(capsys):
    code, out, err = run(capsys, "export", "--help")
    text = " ".join(out.split())
    assert code == 0
    assert "default: from --output's ending, an error if it names none; bibtex on stdout" in text


def _refs_copy(tmp_path: Path) -> Path:
    refs = tmp_path / "refs"
    refs.mkdir(parents=True)
    shutil.copyfile(RECORD_PATH, refs / RECORD_PATH.name)
    code = subprocess.run(
        [sys.executable, "-m", "nenbib", "build", "--refs", str(refs), "--no-cff"], capture_output=True
    ).returncode
    assert code == 0
    return refs


def test_check_summary_agrees_with_the_advice_for_each_file(tmp_path):
    refs = _refs_copy(tmp_path)
    (refs / "x.json.orig").write_text("{}", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "nenbib", "check", "--refs", str(refs), "--no-cff"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "x.json.orig: not built from any record: delete it" in proc.stdout
    assert proc.stderr == "nenbib: 1 file(s) not built from any record: x.json.orig (extra); delete them, or add their records\n"
    # A stale export (its record gone) is build's to remove; an edited one build rewrites.
    shutil.copyfile(refs / "ohmoto2020genomic.bib", refs / "gone.bib")
    (refs / "ohmoto2020genomic.ris").write_text("edited", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "nenbib", "check", "--refs", str(refs), "--no-cff"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        f"nenbib: 2 file(s) out of date: ohmoto2020genomic.ris (differs), gone.bib (extra); run `nenbib build --refs {refs}"
        " --no-cff` and commit;"
        " 1 file(s) not built from any record: x.json.orig (extra); delete them, or add their records\n"
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "file is empty"),
        (b"\xef\xbb\xbf\n", "file is empty"),  # a byte order mark alone: it said 'malformed JSON: Expecting value'
        (b"[]", "the array holds no records"),
        (b"\xff\xfe{\x00}\x00", "file is UTF-16 or UTF-32; save it as UTF-8"),
        (b'{"a": "\xff"}', "line 1: not UTF-8: byte 0xFF at offset 7 cannot be decoded; save the file as UTF-8"),
        (None, "no such file"),
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_export_and_validate_give_a_file_error_alike(capsys, tmp_path, monkeypatch, content, says, jobs):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        Path("bad.json").write_bytes(content)
    code, out, err = run(capsys, "validate", "bad.json")
    assert (code, err) == (1, f"bad.json: {says} [file]\n")  # the file as a whole: no record to point into
    code, out, err = run(capsys, "export", "-j", jobs, "bad.json")
    assert (code, out, err) == (1, "", f"nenbib: error: bad.json: {says} [file]\n")


def test_a_file_problem_has_no_record_place_in_any_validate_format(capsys, tmp_path, monkeypatch):
    # A missing or empty file has no record to point into: no '/' (the whole record) in text,
    # a null pointer and no line in JSON, the message alone in a GitHub annotation.
    monkeypatch.chdir(tmp_path)
    Path("empty.json").write_bytes(b"")
    code, out, _ = run(capsys, "validate", "--format", "json", "missing.json", "empty.json")
    assert code == 1
    assert json.loads(out)["problems"] == [
        {"file": "missing.json", "pointer": None, "rule": "file", "message": "no such file"},
        {"file": "empty.json", "pointer": None, "rule": "file", "message": "file is empty"},
    ]
    code, out, _ = run(capsys, "validate", "--format", "github", "missing.json")
    assert (code, out) == (1, "::error file=missing.json,title=nenbib file::no such file\n")


@pytest.mark.parametrize("cff", [True, False])
def test_check_advises_the_build_of_the_folder_it_checked(tmp_path, cff):
    """Run as written, check's advice makes check pass. It said `nenbib build` whatever --refs and
    --no-cff were: in another repository (the pre-commit hook's `check --refs refs --no-cff`) that
    builds nenbib's own refs/, in site-packages once installed, and the hook keeps failing."""
    import re
    import shlex

    refs = _refs_copy(tmp_path / "my repo")  # a space: the advice quotes the folder
    (refs / "ohmoto2020genomic.ris").write_text("edited", encoding="utf-8")
    args = ["check", "--refs", str(refs), *([] if cff else ["--no-cff"])]
    proc = subprocess.run([sys.executable, "-m", "nenbib", *args], capture_output=True, text=True)
    assert proc.returncode == 1
    (advice,) = re.findall(r"run `([^`]*)` and commit", proc.stderr)
    assert shlex.split(advice)[:2] == ["nenbib", "build"]
    done = subprocess.run([sys.executable, "-m", "nenbib", *shlex.split(advice)[1:]], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    proc = subprocess.run([sys.executable, "-m", "nenbib", *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (["export", "-f", "BibTeX"], ["export", "-f", "bibtex"]),
        (["export", "-f", "RIS", "{record}"], ["export", "-f", "ris", "{record}"]),
        (["export", "-f", "CSL-JSON", "{record}"], ["export", "-f", "csl-json", "{record}"]),
        (["convert", "{ris}", "-t", "BibLaTeX", "-f", "RIS"], ["convert", "{ris}", "-t", "biblatex", "-f", "ris"]),
        (["import", "-f", "BibTeX", "{bib}"], ["import", "-f", "bibtex", "{bib}"]),
        (["import", "-f", "EndNote-XML", "{xml}"], ["import", "-f", "endnote-xml", "{xml}"]),
        (["validate", "--format", "JSON", "{record}"], ["validate", "--format", "json", "{record}"]),
        (["validate", "--format", "GitHub", "{record}"], ["validate", "--format", "github", "{record}"]),
        (["cite", "-f", "HTML"], ["cite", "-f", "html"]),
        (["cite", "-s", "APA", "{record}"], ["cite", "-s", "apa", "{record}"]),
        (["cite", "-s", "Vancouver", "{record}"], ["cite", "-s", "vancouver", "{record}"]),
    ],
)
def test_format_and_style_names_are_taken_in_any_case(capsys, typed, canonical):
    """'BibTeX', 'RIS', 'APA' as the formats and styles are spelt: the same output as the lower-case
    name. They were refused (exit 2; 'APA' even without a close match, 'Vancouver' with five)."""
    places = {
        "{record}": str(RECORD_PATH),
        "{ris}": str(RECORD_PATH.with_suffix(".ris")),
        "{bib}": str(RECORD_PATH.with_suffix(".bib")),
        "{xml}": str(RECORD_PATH.with_suffix(".xml")),
    }
    want = run(capsys, *(places.get(a, a) for a in canonical))
    assert want[0] == 0
    assert run(capsys, *(places.get(a, a) for a in typed)) == want


@pytest.mark.parametrize(
    ("args", "source"),
    [
        (["validate", "-"], ".json"),
        (["validate", "--format", "json", "-"], ".json"),
        (["export", "-f", "ris", "-"], ".json"),
        (["cite", "-s", "vancouver", "-"], ".json"),
        (["import", "-"], ".ris"),
        (["import", "-f", "bibtex", "-"], ".bib"),
        (["convert", "-", "-t", "csl-json"], ".xml"),
    ],
)
def test_a_dash_reads_stdin(tmp_path, args, source):
    """'-' names stdin for an input as it names stdout for --output; it was 'no such file'. The
    result is that of the file named, bar the name in messages (/dev/stdin, as when named so)."""
    path = RECORD_PATH.with_suffix(source) if source != ".json" else RECORD_PATH
    by_name = subprocess.run(
        [sys.executable, "-m", "nenbib", *(str(path) if a == "-" else a for a in args)], capture_output=True, text=True
    )
    with open(path, "rb") as fh:
        piped = subprocess.run([sys.executable, "-m", "nenbib", *args], stdin=fh, capture_output=True, text=True)
    assert by_name.returncode == 0, by_name.stderr
    assert (piped.returncode, piped.stdout.replace("/dev/stdin", str(path))) == (0, by_name.stdout)
    assert piped.stderr.replace("/dev/stdin", str(path)) == by_name.stderr


@pytest.mark.parametrize("name", ["refs.bib", "refs.ris", "refs.csl.json"])
def test_import_refuses_an_output_named_for_another_format(capsys, tmp_path, name):
    """`nenbib import x.ris -o refs.bib` wrote record JSON into refs.bib (exit 0), which LaTeX, JabRef
    and Zotero then refuse. Now exit 2, the output untouched, and the advice, run as given, writes
    the format the name asks for, as its independent reader shows."""
    import re
    import shlex

    import pybtex.database
    import rispy
    from citeproc.source.json import CiteProcJSON

    source = RECORD_PATH.with_suffix(".ris")
    out = existing_output(tmp_path, name)
    code, stdout, err = run(capsys, "import", source, "-o", out)
    assert (code, stdout) == (2, "") and out.read_bytes() == SENTINEL and leftovers(tmp_path) == []
    assert_one_error_line(err, f"nenbib: error: --output {out} names ", "import writes nenbib's record JSON (*.json)")
    (advice,) = re.findall(r"`(nenbib convert [^`]*)`", err)
    args = [str(source) if a == "FILE" else a for a in shlex.split(advice)[1:]]
    code, _, _ = run(capsys, *args, "-q")
    assert code == 0
    text = out.read_text(encoding="utf-8")
    if name.endswith(".bib"):
        assert list(pybtex.database.parse_string(text, "bibtex").entries) == ["ohmoto2020genomic"]
    elif name.endswith(".ris"):
        assert rispy.loads(text)[0]["doi"] == "10.2174/1389450119666191014105211"
    else:
        assert len(CiteProcJSON(json.loads(text))) == 1


@pytest.mark.parametrize("name", ["record.json", "-", "record.txt"])
def test_import_writes_record_json_where_no_other_format_is_named(capsys, tmp_path, name):
    out = "-" if name == "-" else tmp_path / name
    code, stdout, _ = run(capsys, "import", RECORD_PATH.with_suffix(".ris"), "-o", out)
    text = stdout if name == "-" else out.read_text(encoding="utf-8")
    assert code == 0 and json.loads(text)["id"] == "ohmoto2020genomic"


@pytest.mark.parametrize("command", [["export", "-f", "ris"], ["convert", "{ris}", "-t", "bibtex"]])
def test_report_and_quiet_together_is_a_usage_error(capsys, command):
    """`--report -q` printed nothing and exited 0: the report asked for was silenced without a word."""
    args = [str(RECORD_PATH.with_suffix(".ris")) if a == "{ris}" else a for a in command]
    code, out, err = run(capsys, *args, "--report", "-q")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "nenbib: error: --report lists on stderr what -q/--quiet silences; give one of them")
    code, out, err = run(capsys, *args, "--report")  # alone, each does what it says
    assert code == 0 and out and err.startswith(f"nenbib: {args[2] if args[0] == 'export' else 'bibtex'}: ")
    assert run(capsys, *args, "-q")[2] == ""


@pytest.mark.parametrize(("command", "option"), [(["import"], "--format"), (["convert", "-t", "ris"], "--from")])
def test_an_unknown_file_kind_lists_what_nenbib_reads(capsys, tmp_path, command, option):
    """EndNote's tagged export (.enw, Refer: '%0 Journal Article') is no format nenbib reads: the
    message said only 'give --format', which no format name could satisfy; it lists the readable ones."""
    from nenbib.convert import readable_formats

    enw = tmp_path / "export.enw"
    enw.write_text("%0 Journal Article\n%A Ohmoto, Akihiro\n%T Genomic Profiles\n%J Current Drug Targets\n%D 2020\n")
    code, out, err = run(capsys, *command, enw)
    assert (code, out) == (1, "")
    assert err == (
        f"nenbib: error: {enw}: cannot tell the format from the name or the content; give {option} if it is one"
        f" nenbib reads ({', '.join(readable_formats())})\n"
    )


@pytest.mark.parametrize(
    ("fmt", "name", "note"),
    [
        ("ris", "out.bib", "wrote ris to {out}, whose ending names bibtex"),
        ("bibtex", "out.csl.json", "wrote bibtex to {out}, whose ending names csl-json"),
        ("biblatex", "out.bib", None),  # both are .bib files
        ("ris", "out.ris", None),
        ("csl-json", "out.txt", None),  # an ending of no format
    ],
)
def test_export_notes_a_format_its_output_s_ending_does_not_name(capsys, tmp_path, fmt, name, note):
    # 'export -f ris -o refs.bib' wrote RIS into a .bib file without a word; a reader of the file
    # (LaTeX, Zotero's import) goes by its ending. The format named is still written.
    from conftest import run_cli

    out = tmp_path / name
    code, stdout, err = run_cli(capsys, "export", "-q", "-f", fmt, "-o", out)
    assert code == 0 and stdout == ""
    assert err == ("" if note is None else f"nenbib: note: {note.format(out=out)}\n")
    assert out.read_text(encoding="utf-8").startswith("TY  - " if fmt == "ris" else ("@" if "bib" in fmt else "["))


def test_convert_notes_a_format_its_output_s_ending_does_not_name(capsys, tmp_path):
    from conftest import REFS, run_cli

    out = tmp_path / "out.ris"
    code, _, err = run_cli(capsys, "convert", REFS / "ohmoto2020genomic.bib", "-q", "-t", "csl-json", "-o", out)
    assert code == 0 and err == f"nenbib: note: wrote csl-json to {out}, whose ending names ris\n"
    assert json.loads(out.read_text(encoding="utf-8"))[0]["DOI"] == "10.2174/1389450119666191014105211"


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csl-json", "nbib", "endnote-xml", "jsonld", "html"])
@pytest.mark.parametrize("command", ["export", "convert"])
def test_ascii_for_a_format_it_does_not_change_is_noted(capsys, tmp_path, command, fmt):
    # 'export -f ris --ascii' wrote UTF-8 without a word: only BibTeX and BibLaTeX have LaTeX
    # commands for non-ASCII. The export is written all the same, as without --ascii.
    from conftest import REFS, run_cli

    source = [REFS / "ohmoto2020genomic.bib"] if command == "convert" else []
    flag = "-t" if command == "convert" else "-f"
    code, out, err = run_cli(capsys, command, *source, "-q", flag, fmt, "--ascii")
    assert code == 0 and out
    changed = fmt in ("bibtex", "biblatex")
    assert err == (
        "" if changed else f"nenbib: note: --ascii is for bibtex and biblatex; {fmt} is written in UTF-8 as without it\n"
    )


# ---- a mistaken format name, and click's own usage errors, in one line --------------------------


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["export", "-f", "bib"], "bibtex"),
        (["export", "-f", "BIB"], "bibtex"),
        (["export", "-f", "csl"], "csl-json"),
        (["export", "-f", "csljson"], "csl-json"),
        (["export", "-f", "json"], "csl-json"),
        (["export", "-f", "endnote"], "endnote-xml"),
        (["export", "-f", "bibtext"], "bibtex"),
        (["convert", "{record}", "-t", "endnote"], "endnote-xml"),
        (["convert", "{record}", "-t", "CSL_JSON"], "csl-json"),
    ],
)
def test_a_mistaken_format_name_names_the_one_meant(capsys, tmp_path, args, meant):
    out = existing_output(tmp_path, "x.bib")
    code, stdout, err = run(capsys, *(str(RECORD_PATH) if a == "{record}" else a for a in args), "-o", out)
    assert (code, stdout) == (2, "")
    command = args[0]
    assert_one_error_line(err, "nenbib: error: ", f"Did you mean {meant!r}?", f"(see nenbib {command} --help)")
    assert out.read_bytes() == SENTINEL


@pytest.mark.parametrize(("name", "meant"), [("bib", "bibtex"), ("CSL", "csl-json"), ("endnote", "endnote-xml")])
def test_a_mistaken_input_format_names_the_one_meant(capsys, tmp_path, name, meant):
    source = tmp_path / "x.bib"
    shutil.copyfile(RECORD_PATH.with_suffix(".bib"), source)
    code, out, err = run(capsys, "import", "-f", name, source)
    assert (code, out) == (2, "")
    assert_one_error_line(err, f"no reader for {name!r}; {READABLE}; did you mean {meant!r}?")


def test_a_name_like_none_suggests_nothing(capsys):
    code, _, err = run(capsys, "export", "-f", "zotero")
    assert code == 2
    assert_one_error_line(err, "'zotero' is not one of 'bibtex'")
    assert "Did you mean" not in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["exprot"], "No such command 'exprot'. Did you mean 'export'? (see nenbib --help)"),
        (["export", "--bogus"], "No such option '--bogus'"),
        (["import"], "Missing argument 'FILE'. (see nenbib import --help)"),
        (["validate", "--format", "gh"], "'gh' is not one of 'text', 'json', 'github'"),
        (["export", "-j", "0"], "(see nenbib export --help)"),
        (["export", "-f"], "Option '-f' requires an argument. (see nenbib export --help)"),  # click gives no ctx
        (["convert", "x", "-t"], "Option '-t' requires an argument. (see nenbib convert --help)"),
    ],
)
def test_click_usage_errors_are_one_line(capsys, args, needle):
    """click printed three lines (Usage:, Try ..., Error: ...); nenbib's own usage errors are one."""
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert_one_error_line(err, "nenbib: error: ", needle)


def test_no_command_still_shows_the_help(capsys):
    code, out, err = run(capsys)
    assert "Commands:" in out + err and "export" in out + err
    assert code in (0, 2)  # click 8.1 exits 0, 8.2 on 2
