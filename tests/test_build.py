"""The data package: `nenbib build` writes the exports beside each record, `nenbib check` catches drift.

Every test loops over the registry, so a new format's prebuilt file is covered by its registry line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

import nenbib
from nenbib import build, resources
from nenbib.cli import cli
from nenbib.formats import FORMATS, Format

from conftest import REFS, ROOT
from conftest import run_cli as run

BUILT, SKIPPED = build.built_formats()
BUILT_NAMES = [f.name for f in BUILT]
# Records other than nenbib's own get a CITATION.cff only with their authors (CFF requires them).
WHO = ("--cff-author", "Doe, Jane")


@pytest.fixture
def tmp_refs(tmp_path: Path) -> Path:
    """A copy of the shipped records (records only, no exports) in tmp/refs."""
    refs = tmp_path / "refs"
    refs.mkdir()
    for path in resources.record_files(REFS):
        shutil.copy(path, refs / path.name)
    return refs


@pytest.fixture
def built_refs(tmp_refs: Path, capsys) -> Path:
    code, _, _ = run(capsys, "build", "--refs", str(tmp_refs), *WHO)
    assert code == 0
    return tmp_refs


def test_the_repository_is_built(capsys):
    """The committed exports and CITATION.cff are what the current code makes of refs/."""
    code, out, err = run(capsys, "check")
    assert code == 0, out + err


@pytest.mark.parametrize("name", BUILT_NAMES)
def test_committed_export_is_a_fresh_conversion(name, record):
    """`nenbib export` serves refs/<key><suffix> without converting (issue 8): it must equal a conversion."""
    prebuilt = REFS / (record.id + FORMATS[name].build_suffix)
    assert prebuilt.is_file(), f"{prebuilt.name} is not committed: run nenbib build"
    assert prebuilt.read_bytes() == nenbib.export(record, name).encode("utf-8")


@pytest.mark.parametrize("name", BUILT_NAMES)
def test_export_without_record_equals_fresh_conversion(name, record, capsys):
    code, out, _ = run(capsys, "export", "--format", name, "-q")
    assert code == 0
    assert out == nenbib.export(record, name)


def test_build_writes_every_format_and_citation_cff(built_refs, capsys):
    for path in resources.record_files(built_refs):
        for fmt in BUILT:
            assert path.with_name(path.stem + fmt.build_suffix).is_file(), fmt.name
    assert (built_refs.parent / "CITATION.cff").is_file()
    assert [p.name for p in resources.record_files(built_refs)] == [p.name for p in resources.record_files(REFS)]
    code, out, err = run(capsys, "check", "--refs", str(built_refs), *WHO)
    assert (code, out) == (0, "")
    assert err == "nenbib: the exports and CITATION.cff match the records\n"


def test_build_touches_only_changed_files(built_refs, capsys):
    files = sorted(p for p in built_refs.parent.rglob("*") if p.is_file())
    for p in files:
        os.utime(p, (1_000_000_000, 1_000_000_000))
    code, _, err = run(capsys, "build", "--refs", str(built_refs))
    assert code == 0 and "0 written" in err
    assert all(p.stat().st_mtime == 1_000_000_000 for p in files)
    victim = built_refs / f"{resources.record_files(built_refs)[0].stem}{BUILT[0].build_suffix}"
    victim.write_text("stale\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--refs", str(built_refs))
    assert code == 0 and "1 written" in err and victim.name in err
    assert [p for p in files if p.stat().st_mtime != 1_000_000_000] == [victim]


@pytest.mark.parametrize("name", BUILT_NAMES)
def test_check_shows_a_diff_naming_the_changed_export(built_refs, capsys, name):
    stem = resources.record_files(built_refs)[0].stem
    export = built_refs / (stem + FORMATS[name].build_suffix)
    original = export.read_bytes()
    export.write_bytes(original.replace(b"2020", b"2021", 1))
    assert export.read_bytes() != original
    code, out, err = run(capsys, "check", "--refs", str(built_refs))
    assert code == 1
    assert f"--- a/refs/{export.name}\n" in out and f"+++ b/refs/{export.name}\n" in out
    assert re.search(r"^-.*2021", out, re.M) and re.search(r"^\+.*2020", out, re.M)
    assert export.name in err and "differs" in err and "nenbib build" in err


def test_check_names_a_line_ending_only_change(built_refs, capsys):
    export = next(p for p in sorted(built_refs.iterdir()) if not p.name.endswith(".json") or p.name.endswith(".csl.json"))
    text = export.read_bytes()
    export.write_bytes(text.replace(b"\r\n", b"\n") if b"\r\n" in text else text.replace(b"\n", b"\r\n"))
    code, out, _ = run(capsys, "check", "--refs", str(built_refs))
    assert code == 1 and "only line endings differ" in out


@pytest.mark.parametrize("name", [*BUILT_NAMES, "CITATION.cff"])
def test_check_fails_on_a_missing_file(built_refs, capsys, name):
    stem = resources.record_files(built_refs)[0].stem
    missing = built_refs.parent / "CITATION.cff" if name == "CITATION.cff" else built_refs / (stem + FORMATS[name].build_suffix)
    missing.unlink()
    code, out, err = run(capsys, "check", "--refs", str(built_refs), *WHO)
    assert code == 1
    assert "--- /dev/null\n" in out and f"+++ b/{missing.relative_to(built_refs.parent).as_posix()}\n" in out
    assert f"{missing.name} (missing)" in err


def test_no_cff_leaves_citation_cff_alone(built_refs, capsys):
    cff = built_refs.parent / "CITATION.cff"
    cff.write_text("cff-version: 1.2.0\n", encoding="utf-8")
    assert run(capsys, "check", "--refs", str(built_refs), *WHO)[0] == 1
    assert run(capsys, "check", "--refs", str(built_refs), "--no-cff")[0] == 0
    assert run(capsys, "build", "--refs", str(built_refs), "--no-cff")[0] == 0
    assert cff.read_text(encoding="utf-8") == "cff-version: 1.2.0\n"


def test_build_refuses_to_replace_a_citation_cff_nenbib_did_not_write(tmp_refs, capsys):
    """A repository's own CITATION.cff (its software's) was replaced by one naming nenbib's licence
    and authors when `--no-cff` was forgotten, and check advised the build that did it."""
    cff = tmp_refs.parent / "CITATION.cff"
    theirs = "cff-version: 1.2.0\nmessage: Cite my tool.\ntitle: mytool\nauthors:\n  - name: Me\n"
    cff.write_text(theirs, encoding="utf-8")
    code, out, err = run(capsys, "build", "--refs", str(tmp_refs), *WHO)
    assert code == 2 and out == ""
    assert err == (
        f"nenbib: error: {cff}: not written by nenbib (it describes something else, as a repository's own does):"
        " build would replace it; give --no-cff to leave it, or remove it for nenbib to write one\n"
    )
    assert cff.read_text(encoding="utf-8") == theirs
    assert sorted(p.name for p in tmp_refs.iterdir()) == [p.name for p in resources.record_files(tmp_refs)]  # nothing written
    code, _, err = run(capsys, "check", "--refs", str(tmp_refs), *WHO)
    assert code == 1
    summary = err.splitlines()[-1]
    assert f"run `nenbib build --refs {tmp_refs} --no-cff` and commit" in summary
    assert summary.endswith(
        "; CITATION.cff was not written by nenbib (it describes something else): give --no-cff to leave it out"
    )
    assert "CITATION.cff (" not in summary  # not among the files build would bring up to date
    assert run(capsys, "build", "--refs", str(tmp_refs), "--no-cff")[0] == 0
    assert run(capsys, "check", "--refs", str(tmp_refs), "--no-cff")[0] == 0
    assert cff.read_text(encoding="utf-8") == theirs
    cff.unlink()  # gone: build writes nenbib's, and builds over it again (its message says it is nenbib's)
    assert run(capsys, "build", "--refs", str(tmp_refs), *WHO)[0] == 0
    cff.write_text(cff.read_text(encoding="utf-8").replace("2020", "2021"), encoding="utf-8")
    code, _, err = run(capsys, "check", "--refs", str(tmp_refs), *WHO)
    assert code == 1 and f"CITATION.cff (differs); run `nenbib build --refs {tmp_refs} '--cff-author=Doe, Jane'` and" in err
    assert run(capsys, "build", "--refs", str(tmp_refs), *WHO)[0] == 0
    assert run(capsys, "check", "--refs", str(tmp_refs), *WHO)[0] == 0


NO_AUTHORS = (
    "nenbib: note: CITATION.cff not {}: CFF requires the authors of your records, which nenbib cannot know;"
    " give --cff-author (and --cff-license, --cff-version) for one, or --no-cff for none"
)


@pytest.mark.parametrize("edit", [False, True])
def test_another_projects_records_get_no_citation_cff_claiming_nenbibs_package(tmp_refs, capsys, edit):
    """The audit: `nenbib build --refs refs` in another project wrote a CITATION.cff naming nenbib's
    authors, MIT licence, version and a "nenbib:" title; CFF requires authors, which only the user knows."""
    if edit:  # another record than nenbib's own
        [record] = resources.record_files(tmp_refs)
        text = record.read_text(encoding="utf-8").replace('"id": "ohmoto2020genomic"', '"id": "mine2024x"')
        record.unlink()
        (tmp_refs / "mine2024x.json").write_text(text.replace("Genomic Profiles", "My Profiles"), encoding="utf-8")
    cff = tmp_refs.parent / "CITATION.cff"
    code, out, err = run(capsys, "build", "--refs", str(tmp_refs))
    assert (code, out) == (0, "") and not cff.exists()
    assert err.splitlines()[0] == NO_AUTHORS.format("written") and err.count("CITATION.cff") == 1
    code, out, err = run(capsys, "check", "--refs", str(tmp_refs))  # not "missing": build writes none
    assert (code, out, err) == (0, "", NO_AUTHORS.format("compared") + "\nnenbib: the exports match the records\n")
    assert run(capsys, "build", "--refs", str(tmp_refs), "--no-cff")[1:] == ("", "nenbib: 0 written, 9 unchanged\n")
    assert run(capsys, "check", "--refs", str(tmp_refs), "--no-cff")[2] == "nenbib: the exports match the records\n"
    args = ["--cff-author", "Doe, Jane", "--cff-author", "NEN Lab", "--cff-license", "cc-by-4.0", "--cff-version", "2.1"]
    assert run(capsys, "build", "--refs", str(tmp_refs), *args)[0] == 0
    data = yaml.safe_load(cff.read_text(encoding="utf-8"))
    assert data["authors"] == [{"family-names": "Doe", "given-names": "Jane"}, {"name": "NEN Lab"}]
    assert (data["license"], data["version"]) == ("CC-BY-4.0", "2.1")
    assert data["title"].startswith("Citation record of Ohmoto") and ("My Profiles" in data["title"]) == edit
    assert run(capsys, "check", "--refs", str(tmp_refs), *args)[2] == "nenbib: the exports and CITATION.cff match the records\n"
    code, _, err = run(capsys, "check", "--refs", str(tmp_refs), *args[:2])  # another licence, version: out of date
    assert (
        code == 1 and f"CITATION.cff (differs); run `nenbib build --refs {tmp_refs} '--cff-author=Doe, Jane'` and commit" in err
    )


def test_nenbibs_own_records_keep_nenbibs_package_however_refs_is_named(capsys, monkeypatch):
    monkeypatch.chdir(REFS)
    for refs in (".", str(REFS), f"../{REFS.name}"):
        assert run(capsys, "check", "--refs", refs) == (0, "", "nenbib: the exports and CITATION.cff match the records\n")


def test_an_earlier_nenbibs_citation_cff_naming_its_own_package_is_named(built_refs, capsys):
    cff = built_refs.parent / "CITATION.cff"
    cff.write_bytes((ROOT / "CITATION.cff").read_bytes())  # as nenbib 0.1.0 wrote it in any project
    code, _, err = run(capsys, "build", "--refs", str(built_refs))
    assert code == 0 and cff.read_bytes() == (ROOT / "CITATION.cff").read_bytes()
    assert err.startswith(
        NO_AUTHORS.format("written") + f"; {cff}, from an earlier nenbib, names nenbib's authors and licence, not yours:"
        " delete it, or give --cff-author\n"
    )
    assert run(capsys, "build", "--refs", str(built_refs), *WHO)[0] == 0  # nenbib's file: rebuilt with the user's authors
    assert "nenbib contributors" not in cff.read_text(encoding="utf-8")
    assert run(capsys, "build", "--refs", str(built_refs))[2].startswith(NO_AUTHORS.format("written") + "\n")


def test_without_authors_a_projects_own_citation_cff_is_left_alone(tmp_refs, capsys):
    cff = tmp_refs.parent / "CITATION.cff"
    theirs = "cff-version: 1.2.0\nmessage: Cite my tool.\ntitle: mytool\nauthors:\n  - name: Me\n"
    cff.write_text(theirs, encoding="utf-8")
    assert run(capsys, "build", "--refs", str(tmp_refs))[0] == 0
    assert run(capsys, "check", "--refs", str(tmp_refs))[0] == 0
    assert cff.read_text(encoding="utf-8") == theirs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--no-cff", "--cff-author", "Me"], "--cff-author describes CITATION.cff, which --no-cff leaves out; give one of them"),
        (["--no-cff", "--cff-version", ""], "--cff-version describes CITATION.cff, which --no-cff leaves out; give one of them"),
        (["--cff-author", "Me", "--cff-license", "MIT OR Apache-2.0"], "not expressions"),
        (["--cff-author", "Me", "--cff-license", "GPL3"], "is not an SPDX licence id CFF 1.2.0 knows"),
        (["--cff-author", "Me", "--cff-version", " "], "--cff-version ' ' is blank"),
        (["--cff-author", ", Jane"], "--cff-author ', Jane' names nobody"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_cff_options_are_checked_before_anything_is_written(tmp_refs, capsys, command, args, message):
    code, out, err = run(capsys, command, "--refs", str(tmp_refs), *args)
    assert (code, out) == (2, "") and err.startswith("nenbib: error: ") and message in err and err.count("\n") == 1
    assert [p.name for p in tmp_refs.parent.rglob("*")] == ["refs", *(p.name for p in resources.record_files(tmp_refs))]


@pytest.mark.parametrize(("cwd", "refs"), [("refs", "."), ("refs/notes", ".."), ("refs", "../refs")])
def test_citation_cff_goes_above_refs_however_it_is_named(tmp_refs, capsys, monkeypatch, cwd, refs):
    # `--refs .` wrote CITATION.cff among the records (Path(".").parent is "."), `--refs ..` into the
    # folder below it; the help says "the folder above DIR".
    (tmp_refs / "notes").mkdir()
    monkeypatch.chdir(tmp_refs.parent / cwd)
    assert run(capsys, "build", "--refs", refs, *WHO)[0] == 0
    assert (tmp_refs.parent / "CITATION.cff").is_file()
    assert not (tmp_refs / "CITATION.cff").exists() and not (tmp_refs / "notes" / "CITATION.cff").exists()
    code, out, err = run(capsys, "check", "--refs", refs, *WHO)
    assert (code, out) == (0, "") and "match the records" in err
    names = [f"refs/{p.name}" for p in resources.record_files(tmp_refs)]
    assert all(name in (tmp_refs.parent / "CITATION.cff").read_text(encoding="utf-8") for name in names)


def test_extra_files_fail_check_and_stale_exports_are_removed_by_build(built_refs, capsys):
    record = resources.record_files(built_refs)[0]
    gone = record.with_name("gone2020x.json")
    record.rename(gone)
    # refs/ now holds the exports of a record that is no longer there, and a stray file.
    (built_refs / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--refs", str(built_refs))
    assert code == 1
    for fmt in BUILT:
        assert f"{record.stem}{fmt.build_suffix} (extra)" in err
    assert "notes.txt (extra)" in err and "not built from any record" in out
    code, _, err = run(capsys, "build", "--refs", str(built_refs))
    assert code == 0 and "removed" in err
    assert sorted(p.name for p in built_refs.iterdir()) == sorted(
        ["notes.txt", gone.name, gone.stem + ".stamp", *(gone.stem + f.build_suffix for f in BUILT)]
    )
    code, _, err = run(capsys, "check", "--refs", str(built_refs))
    assert code == 1 and "notes.txt (extra)" in err and err.count("(extra)") == 1


def test_an_invalid_record_changes_no_file(built_refs, capsys):
    before = {p: p.read_bytes() for p in built_refs.parent.rglob("*") if p.is_file()}
    record = resources.record_files(built_refs)[0]
    record.write_text(record.read_text(encoding="utf-8").replace('"volume": "21"', '"volume": 21'), encoding="utf-8")
    code, _, err = run(capsys, "build", "--refs", str(built_refs))
    assert code == 1 and "/volume" in err and "Traceback" not in err
    assert all(p.read_bytes() == data for p, data in before.items() if p != record)


def test_check_reports_every_invalid_record_and_every_stale_export(built_refs, capsys):
    """`check` stopped at the first invalid record file: a CI run showed one problem a push."""
    [record] = resources.record_files(built_refs)
    text = record.read_text(encoding="utf-8")
    for name in ("b-bad", "c-broken", "d-stale"):
        (built_refs / f"{name}.json").write_text(text.replace('"id": "ohmoto2020genomic"', f'"id": "{name}"'), encoding="utf-8")
    assert run(capsys, "build", "--refs", str(built_refs), *WHO)[0] == 0
    bad, broken, stale = (built_refs / f"{n}.json" for n in ("b-bad", "c-broken", "d-stale"))
    bad.write_text(bad.read_text(encoding="utf-8").replace('"volume": "21"', '"volume": 21'), encoding="utf-8")
    broken.write_text("{\n", encoding="utf-8")
    stale_ris = stale.with_suffix(".ris")
    stale_ris.write_bytes(stale_ris.read_bytes().replace(b"Genomic", b"Genomik"))
    code, out, err = run(capsys, "check", "--refs", str(built_refs), *WHO)
    assert code == 1, err
    lines = err.splitlines()
    # Each problem as before: the record file's error line, the diff, the summary naming the export.
    assert f"nenbib: error: {bad}: /volume: 21 is not of type 'string' [schema:type]" in lines
    assert f"nenbib: error: {broken}: line 2, column 1: malformed JSON: " in err and "[json-syntax]" in err
    assert f"+++ b/refs/{stale_ris.name}" in out and "-TI  - Genomik" in out
    assert lines[-1].startswith("nenbib: 1 file(s) out of date: d-stale.ris (differs); run `nenbib build --refs ")
    # The invalid records' exports are neither compared nor extra; CITATION.cff, built from every
    # record, is not compared while one is invalid.
    assert "b-bad." not in out and "c-broken." not in out and "(extra)" not in err and "CITATION.cff" not in out + err
    assert len(lines) == 3, err
    # build names every invalid file too, and writes nothing.
    before = {p: p.read_bytes() for p in built_refs.parent.rglob("*") if p.is_file()}
    code, _, err = run(capsys, "build", "--refs", str(built_refs), *WHO)
    assert code == 1 and err.startswith(f"nenbib: error: {bad}: /volume: ") and f"nenbib: error: {broken}: " in err
    assert {p: p.read_bytes() for p in built_refs.parent.rglob("*") if p.is_file()} == before


def test_check_reports_every_invalid_record_of_an_array_file(built_refs, capsys):
    [record] = resources.record_files(built_refs)
    data = json.loads(record.read_text(encoding="utf-8"))
    items = [{**data, "id": "a1", "volume": 1}, {**data, "id": "a2"}, {**data, "id": "a3", "issue": 4}]
    (built_refs / "many.json").write_text(json.dumps(items), encoding="utf-8")
    code, _, err = run(capsys, "check", "--refs", str(built_refs))
    assert code == 1
    assert "many.json: /0/volume: 1 is not of type 'string'" in err and "many.json: /2/issue: 4 is not of type 'string'" in err


def test_two_records_of_one_id_are_refused_as_validate_refuses_them(built_refs, capsys):
    """Two records with one id (compared without case): `validate` refused the folder while `build`
    wrote both and `check` passed it; BibTeX, biber and pandoc keep only one of two such entries."""
    [record] = resources.record_files(built_refs)
    copy = built_refs / "zz-copy.json"
    text = record.read_text(encoding="utf-8").replace('"id": "ohmoto2020genomic"', '"id": "Ohmoto2020Genomic"')
    copy.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in built_refs.parent.rglob("*") if p.is_file()}
    for command in ("validate", "build", "check"):
        code, _, err = run(capsys, command, *([str(built_refs)] if command == "validate" else ["--refs", str(built_refs), *WHO]))
        assert code == 1 and err.count("\n") == 1, (command, err)
        assert "zz-copy.json: /id: id 'Ohmoto2020Genomic' is already the id of the record in" in err and "[id-unique]" in err
    assert {p: p.read_bytes() for p in built_refs.parent.rglob("*") if p.is_file()} == before


def test_refs_must_exist_and_hold_records(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--refs", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "build", "--refs", str(tmp_path))
    assert code == 1 and "holds no record" in err


def test_a_format_whose_file_would_pass_for_a_record_is_skipped(tmp_refs, capsys, monkeypatch):
    monkeypatch.setitem(FORMATS, "plain-json", Format("plain-json", "csljson", "test", (".json",), "application/json"))
    code, _, err = run(capsys, "build", "--refs", str(tmp_refs))
    assert code == 0 and "skipped plain-json" in err
    assert run(capsys, "check", "--refs", str(tmp_refs))[0] == 0
    assert [p.name for p in resources.record_files(tmp_refs)] == [p.name for p in resources.record_files(REFS)]


def test_a_missing_format_module_is_one_clear_error(tmp_refs, capsys, monkeypatch):
    monkeypatch.setitem(FORMATS, "nothing", Format("nothing", "no_such_module", "test", (".nothing",), "text/plain"))
    code, _, err = run(capsys, "build", "--refs", str(tmp_refs))
    assert code == 1 and "format nothing: cannot load nenbib.formats.no_such_module" in err
    assert not (tmp_refs.parent / "CITATION.cff").exists()


# ---- pre-commit hooks and the workflow ----------------------------------------------------


def hooks() -> dict:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {h["id"]: h for h in data}


def test_pre_commit_hooks_name_real_commands_and_options():
    found = hooks()
    assert set(found) == {"nenbib-validate", "nenbib-check"}
    for hook in found.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        program, command, *rest = hook["entry"].split()
        assert program == "nenbib" and command in cli.commands
        # click parses the arguments exactly as the hook passes them (pass_filenames adds paths).
        cli.commands[command].make_context(command, [*rest, *hook.get("args", [])])
    assert found["nenbib-check"]["pass_filenames"] is False
    assert found["nenbib-validate"].get("pass_filenames", True) is True


@pytest.mark.parametrize(
    ("path", "validated"),
    [
        ("refs/ohmoto2020genomic.json", True),
        ("refs/other.json", True),
        ("refs/ohmoto2020genomic.csl.json", False),
        ("refs/ohmoto2020genomic.ld.json", False),
        ("refs/ohmoto2020genomic.bib", False),
        ("tests/data/hard/x.json", False),
        ("package.json", False),
        ("refs/old/x.json", False),  # a subfolder: build and validate of refs/ do not read it
    ],
)
def test_validate_hook_selects_records_not_exports(path, validated):
    hook = hooks()["nenbib-validate"]
    selected = bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)
    assert selected == validated
    # The same rule as the code's: a .json file in refs/ is a record unless it ends like an export.
    folder, _, name = path.rpartition("/")
    assert selected == (folder == "refs" and resources.is_record_name(name))


# Names a folder of records may hold: records (one hidden, one named only '.json'), exports, and
# files in subfolders, which nenbib does not read.
TREE = [
    "a.json",
    "Z.json",
    ".hidden.json",
    ".json",
    "we ird,name.json",
    "ä.json",
    "a.csl.json",
    "a.ld.json",
    "a.bib",
    "a.JSON",
    "a.json.bak",
    "notes.txt",
    "sub/b.json",
    "sub/deep/c.json",
    "old.json/d.json",
]


def test_hooks_select_what_the_code_reads(tmp_path, capsys):
    """The files the validate hook passes are the records build, check and `validate refs/` read,
    and the check hook runs on a change to any file check reads; neither on a subfolder's."""
    refs = tmp_path / "refs"
    for name in TREE:
        (refs / name).parent.mkdir(parents=True, exist_ok=True)
        (refs / name).write_text("{}", encoding="utf-8")
    found = hooks()
    tracked = [p.relative_to(tmp_path).as_posix() for p in sorted(refs.rglob("*")) if p.is_file()]
    validate = found["nenbib-validate"]
    passed = [p for p in tracked if re.search(validate["files"], p) and not re.search(validate["exclude"], p)]
    read = [p.relative_to(tmp_path).as_posix() for p in resources.record_files(refs)]
    assert sorted(passed) == sorted(read)
    assert "refs/a.json" in read and "refs/.json" in read and "refs/sub/b.json" not in read
    # check reads the records and every other file in refs/ (the exports, and extras it reports).
    triggers = [p for p in tracked if re.search(found["nenbib-check"]["files"], p)]
    assert sorted(triggers) == sorted(p for p in tracked if "/" not in p.removeprefix("refs/"))
    # `nenbib validate refs/` reads exactly the records the hook passes: the subfolders' invalid
    # '{}' files would be problems of their own.
    code, _, err = run(capsys, "validate", str(refs))
    assert code == 1
    named = {line.split(": ", 1)[0] for line in err.splitlines() if not line.startswith("nenbib: ")}
    assert named == {str(tmp_path / p) for p in read}


def test_every_json_export_suffix_is_excluded_from_the_validate_hook():
    exclude = hooks()["nenbib-validate"]["exclude"]
    for suffix in resources.EXPORT_JSON_SUFFIXES:
        assert re.search(exclude, f"refs/x{suffix}"), suffix
    for fmt in FORMATS.values():
        if fmt.build_suffix.endswith(".json"):
            assert fmt.build_suffix in resources.EXPORT_JSON_SUFFIXES, f"{fmt.name}: export would be validated as a record"


def test_workflow_runs_ci_run_on_python_311():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert {"push", "pull_request"} <= set(workflow[True] if True in workflow else workflow["on"])
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    runs = [s.get("run", "") for s in steps]
    assert any(r.strip() == "bash .ci/run" for r in runs)
    assert any("nenbib validate --format github" in r for r in runs)
    assert (ROOT / ".ci" / "run").is_file()
