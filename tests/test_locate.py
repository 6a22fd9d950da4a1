"""`nenbib validate --format github`: annotations carry the file, the line and column, and escape properly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nenbib import files
from nenbib.locate import Locator, position
from nenbib.report import github_annotation
from nenbib.validate import Problem

from conftest import RECORD_PATH
from conftest import run_cli as run

DATA = Path(__file__).parent / "data"
EXPECTED = json.loads((DATA / "invalid_expected.json").read_text(encoding="utf-8"))

TEXT = """{
  "a": 1,
  "b": {
    "c~d/e": [10,
      {"x": "y,}]\\"", "z": null},
      [ ]
    ],
    "empty": {}
  },
  "c": "last"
}
"""


@pytest.mark.parametrize(
    ("pointer", "where"),
    [
        ("", (1, 1)),
        ("/a", (2, 3)),
        ("/b", (3, 3)),
        ("/b/c~0d~1e", (4, 5)),
        ("/b/c~0d~1e/0", (4, 15)),
        ("/b/c~0d~1e/1", (5, 7)),
        ("/b/c~0d~1e/1/z", (5, 23)),  # after a string holding , } ] and an escaped quote
        ("/b/c~0d~1e/2", (6, 7)),
        ("/c", (10, 3)),
        # Not in the file: the deepest ancestor that is.
        ("/nope", (1, 1)),
        ("/b/empty/missing", (8, 5)),
        ("/b/c~0d~1e/3", (4, 5)),
        ("/b/c~0d~1e/2/0", (6, 7)),
        ("/a/deeper", (2, 3)),
    ],
)
def test_position_of_pointers(pointer, where):
    assert position(TEXT, pointer) == where


def test_position_of_not_json_is_none():
    assert position("", "/a") is None
    assert position('{"a": oops}', "/b") is None


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c), max_leaves=12))
def test_every_pointer_of_any_document_is_found(doc):
    """Each value's position, from the walk, starts the text json.dumps wrote for it."""
    text = json.dumps({"root": doc}, indent=2)

    def walk(key, value, pointer, in_list):
        yield pointer, key, value, in_list
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(k, v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}", False)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(i, v, f"{pointer}/{i}", True)

    lines = text.split("\n")
    for pointer, key, value, in_list in walk("root", doc, "/root", False):
        line, col = position(text, pointer)
        rest = lines[line - 1][col - 1 :]
        first_line = json.dumps(value, indent=2).split("\n")[0]
        assert rest.startswith(first_line if in_list else f"{json.dumps(key)}: {first_line}"), (pointer, rest)


def test_locator_uses_the_line_a_parse_error_names(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "x",\n  "title": oops\n}\n', encoding="utf-8")
    assert Locator().find(Problem(str(path), "line 3, column 12", "json-syntax", "malformed JSON")) == (3, 12)
    # A key before the broken value is still found; past it the text is not JSON.
    assert Locator().find(Problem(str(path), "/title", "x", "y")) == (3, 3)
    assert Locator().find(Problem(str(path), "/after", "x", "y")) is None
    assert Locator().find(Problem(str(tmp_path / "gone.json"), "/title", "x", "y")) is None
    assert Locator().find(Problem(None, "/title", "x", "y")) is None


def test_locator_reads_no_file_over_the_input_limit(tmp_path, monkeypatch):
    # The limit validation reads under (files.MAX_FILE_BYTES), kept small here instead of writing 32 MiB.
    path = tmp_path / "big.json"
    path.write_text('{\n  "id": "x",\n  "title": 3\n}\n', encoding="utf-8")
    problem = Problem(str(path), "/title", "x", "y")
    assert Locator().find(problem) == (3, 3)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", path.stat().st_size - 1)
    assert Locator().find(problem) is None


def test_cli_github_annotation_of_a_streamed_collection_over_the_limit_has_no_line(capsys, tmp_path, monkeypatch):
    # validate streams an array record by record, each under the limit; the locator would have to
    # read the file whole, so a problem in it is annotated on the file, without line and column.
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    bad = dict(record, id="second", year="soon")
    path = tmp_path / "many.json"
    path.write_text(json.dumps([record, bad], indent=2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", path.stat().st_size * 2 // 3)
    code, out, _ = run(capsys, "validate", "--format", "github", "many.json")
    assert code == 1
    assert out.startswith("::error file=many.json,title=nenbib "), out
    assert "::/1/" in out


def test_annotation_escapes_properties_and_message():
    p = Problem("refs/a,b:c%.json", "/title", "schema:pattern", "50% wrong,\r\nsecond: line")
    assert github_annotation(p, (7, 3)) == (
        "::error file=refs/a%2Cb%3Ac%25.json,line=7,col=3,title=nenbib schema%3Apattern::/title: 50%25 wrong,%0D%0Asecond: line"
    )
    assert github_annotation(p) == (
        "::error file=refs/a%2Cb%3Ac%25.json,title=nenbib schema%3Apattern::/title: 50%25 wrong,%0D%0Asecond: line"
    )


def test_annotation_of_a_problem_without_a_file_names_no_file():
    # A record dict checked through the API has no file: 'file=' with nothing after it named none.
    p = Problem(None, "/title", "schema:type", "m")
    assert github_annotation(p, (7, 3)) == "::error title=nenbib schema%3Atype::/title: m"


def test_annotation_path_is_relative_to_the_workspace(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    p = Problem(str(tmp_path / "refs" / "a.json"), "/id", "r", "m")
    assert github_annotation(p).startswith("::error file=refs/a.json,")
    p = Problem("/elsewhere/a.json", "/id", "r", "m")
    assert github_annotation(p).startswith("::error file=/elsewhere/a.json,")


def file_of(annotation: str) -> str:
    return annotation.removeprefix("::error file=").split(",", 1)[0]


def test_annotation_path_is_relative_to_the_workspace_from_a_working_folder_below_it(monkeypatch, tmp_path):
    """`working-directory: site` and `nenbib validate refs/`: the file is site/refs/a.json in the
    repository, and GitHub attaches an annotation only to that path, not to refs/a.json."""
    (tmp_path / "site" / "refs").mkdir(parents=True)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path / "site")
    for name, shown in [
        ("refs/a.json", "site/refs/a.json"),
        ("./refs/a.json", "site/refs/a.json"),
        ("../other/a.json", "other/a.json"),
        (str(tmp_path / "site" / "refs" / "a.json"), "site/refs/a.json"),
        ("../../outside.json", "../../outside.json"),  # not in the checkout: as given
    ]:
        assert file_of(github_annotation(Problem(name, "/id", "r", "m"))) == shown, name


def test_annotation_path_from_a_working_folder_outside_the_workspace(monkeypatch, tmp_path):
    (tmp_path / "repo").mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "repo"))
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert file_of(github_annotation(Problem("refs/a.json", "/id", "r", "m"))) == "refs/a.json"
    assert file_of(github_annotation(Problem("../repo/refs/a.json", "/id", "r", "m"))) == "refs/a.json"


def test_annotation_path_through_a_symlinked_workspace(monkeypatch, tmp_path):
    real = tmp_path / "real"
    (real / "refs").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "link"))
    monkeypatch.chdir(tmp_path)
    assert file_of(github_annotation(Problem(str(real / "refs" / "a.json"), "/id", "r", "m"))) == "refs/a.json"
    assert file_of(github_annotation(Problem("link/refs/a.json", "/id", "r", "m"))) == "refs/a.json"


def test_annotation_path_without_a_workspace(monkeypatch, tmp_path):
    """Outside GitHub Actions: a relative name as given, an absolute one relative to the working folder."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert file_of(github_annotation(Problem("./refs/a.json", "/id", "r", "m"))) == "./refs/a.json"
    assert file_of(github_annotation(Problem(str(tmp_path / "refs" / "a.json"), "/id", "r", "m"))) == "refs/a.json"
    assert file_of(github_annotation(Problem("/elsewhere/a.json", "/id", "r", "m"))) == "/elsewhere/a.json"


def test_cli_github_annotation_names_the_file_in_the_repository(capsys, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "bad.json").write_text('{\n  "id": "x",\n  "title": oops\n}\n', encoding="utf-8")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(site)
    code, out, _ = run(capsys, "validate", "--format", "github", "bad.json")
    assert code == 1
    assert out.startswith("::error file=site/bad.json,line=3,col=12,title=nenbib json-syntax::")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_github_annotation_points_at_the_line(name, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "invalid" / name, tmp_path / name)
    code, out, _ = run(capsys, "validate", "--format", "github", name)
    assert code == 1
    want = EXPECTED[name]
    text = (tmp_path / name).read_text(encoding="utf-8")
    lines = [line for line in out.splitlines() if f"::{want['pointer']}: " in line]
    assert lines, out
    line, col = position(text, "" if want["pointer"] == "/" else want["pointer"])
    assert lines[0].startswith(f"::error file={name},line={line},col={col},title=nenbib ")
    # The named line holds the key the pointer ends with (or the item, for an array index).
    last = want["pointer"].rsplit("/", 1)[-1]
    if last and not last.isdigit():
        assert text.split("\n")[line - 1][col - 1 :].startswith(f'"{last}"')


def test_cli_github_annotation_for_a_parse_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text('{\n  "id": "x",\n  "title": oops\n}\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--format", "github", "bad.json")
    assert code == 1
    assert out.startswith("::error file=bad.json,line=3,col=12,title=nenbib json-syntax::")


def test_cli_github_valid_record_prints_nothing(capsys):
    code, out, _ = run(capsys, "validate", "--format", "github", str(RECORD_PATH))
    assert (code, out) == (0, "")
