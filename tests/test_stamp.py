"""Build stamps: prebuilt exports and the skipped validation are used only for the record that was built.

A shipped record edited after `nenbib build` must be validated and exported fresh; nothing stale
is ever served.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nenbib import build, resources, stamp

from conftest import REFS
from conftest import run_cli as run

TITLE = "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms"


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built copy of refs/ that the CLI takes for the shipped records; returns the record file."""
    refs = tmp_path / "refs"
    shutil.copytree(REFS, refs)
    monkeypatch.setattr(resources, "refs_folder", lambda: str(refs))
    (record,) = resources.record_files(refs)
    return record


def edit(record: Path, change) -> None:
    data = json.loads(record.read_text(encoding="utf-8"))
    change(data)
    record.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_committed_stamp_is_current():
    (record,) = resources.record_files(REFS)
    assert stamp.is_current(record), "refs/ changed since nenbib build: run it"


def test_built_record_is_served_prebuilt(shipped, monkeypatch, capsys):
    # Prove the prebuilt file is what is served: mark it, and the mark comes out.
    bib = shipped.with_name(shipped.stem + ".bib")
    bib.write_text(bib.read_text(encoding="utf-8") + "% prebuilt\n", encoding="utf-8")
    code, out, _ = run(capsys, "export", "-q", "-f", "bibtex")
    assert code == 0 and out.endswith("% prebuilt\n")


def test_edited_record_is_exported_fresh(shipped, capsys):
    edit(shipped, lambda d: d.update(title=TITLE + " Revisited"))
    assert not stamp.is_current(shipped)
    for fmt in ("bibtex", "ris", "csl-json"):
        code, out, err = run(capsys, "export", "-q", "-f", fmt)
        assert code == 0, err
        assert TITLE + " Revisited" in out, fmt


def test_edited_invalid_record_is_refused_by_export_and_validate(shipped, capsys):
    edit(shipped, lambda d: d["pages"].update(first=500))  # last page before first
    code, out, err = run(capsys, "export", "-q", "-f", "bibtex")
    assert (code, out) == (1, "")
    assert "/pages" in err
    code, _, err = run(capsys, "validate")
    assert code == 1 and "/pages" in err


def test_schema_change_voids_the_stamp(shipped, tmp_path, monkeypatch):
    schema = tmp_path / "schema.json"
    schema.write_text(resources.schema_path().read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(resources, "schema_file", lambda: str(schema))
    assert not stamp.is_current(shipped)


def test_missing_or_damaged_stamp_means_full_work(shipped, capsys):
    Path(stamp.path_for(shipped)).write_bytes(b"\xff\xfe")
    assert not stamp.is_current(shipped)
    Path(stamp.path_for(shipped)).unlink()
    assert not stamp.is_current(shipped)
    code, out, err = run(capsys, "export", "-q", "-f", "bibtex")
    assert code == 0 and out.startswith("@article{ohmoto2020genomic,")


def test_build_writes_and_check_compares_the_stamp(shipped, capsys):
    refs = shipped.parent
    edit(shipped, lambda d: d.update(title=TITLE + " Revisited"))
    drifted = {d.path.name for d in build.check(refs, cff=False)}
    assert Path(stamp.path_for(shipped)).name in drifted
    build.build(refs, cff=False)
    assert stamp.is_current(shipped)
    assert build.check(refs, cff=False) == []
    code, out, _ = run(capsys, "export", "-q", "-f", "bibtex")
    assert TITLE + " Revisited" in out


@pytest.mark.parametrize("name", [f.name for f in build.built_formats()[0]])
@pytest.mark.parametrize("flag", [[], ["--report"]])
def test_prebuilt_export_says_what_a_fresh_one_says(capsys, name, flag):
    """The note served from the stamp is the note a fresh conversion of the same record prints."""
    (record,) = resources.record_files(REFS)
    pre = run(capsys, "export", "-f", name, *flag)
    fresh = run(capsys, "export", "-f", name, *flag, str(record))
    assert pre == fresh
    assert pre[2].startswith(f"nenbib: {name}")
