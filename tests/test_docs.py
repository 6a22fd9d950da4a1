"""The README tells the truth: its commands, format list, fidelity table and output come from the code.

`pytest tests/test_docs.py --update-golden` rewrites the generated blocks; review the diff.
"""

from __future__ import annotations

import re

import pytest

import nenbib
from nenbib.convert import fidelity_markdown
from nenbib.formats import FORMATS

from conftest import ROOT

README_PATH = ROOT / "README.md"


def block(text: str, marker: str) -> re.Match[str]:
    match = re.search(rf"(<!-- {marker}:start -->\n)(.*?)(<!-- {marker}:end -->)", text, re.S)
    assert match, f"README lacks the {marker} block"
    return match


def between(marker: str) -> str:
    return block(README_PATH.read_text(encoding="utf-8"), marker).group(2)


def generated() -> dict[str, str]:
    bibtex = nenbib.export(nenbib.load_record(), "bibtex")
    rows = ["| format | file | for |", "|---|---|---|"]
    rows += [f"| `{f.name}` | {', '.join(f'`{s}`' for s in f.suffixes)} | {f.description} |" for f in FORMATS.values()]
    return {
        "main-output": f"```bibtex\n{bibtex}```\n",
        "formats": "\n".join(rows) + "\n",
        "fidelity": fidelity_markdown(),
    }


@pytest.fixture(scope="module", autouse=True)
def _rewrite(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("--update-golden"):
        return
    text = README_PATH.read_text(encoding="utf-8")
    for marker, body in generated().items():
        m = block(text, marker)
        text = text[: m.start(2)] + body + text[m.end(2) :]
    README_PATH.write_text(text, encoding="utf-8")


def setup_commands() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", between("setup"), re.S)


def test_exactly_two_setup_commands_main_job_and_tests():
    main_job, tests = setup_commands()
    assert "pip install ." in main_job and main_job.endswith("nenbib export --format bibtex")
    assert 'pip install -e ".[test]"' in tests and tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npython -m pytest\n" in ci


def test_readme_shows_the_main_job_output():
    shown = re.search(r"```bibtex\n(.*?)```", between("main-output"), re.S)
    assert shown, "README lacks the bibtex output block"
    assert shown.group(1) == nenbib.export(nenbib.load_record(), "bibtex")


def test_format_list_is_the_registry():
    rows = re.findall(r"^\| `([a-z-]+)` \|", between("formats"), re.M)
    assert rows == list(FORMATS)


def test_fidelity_table_is_the_code():
    assert between("fidelity") == fidelity_markdown()


@pytest.mark.parametrize("marker", ["main-output", "formats", "fidelity"])
def test_generated_blocks_are_current(marker):
    assert between(marker) == generated()[marker]


def test_readme_python_api_runs_as_shown(capsys, monkeypatch):
    """The Python API block runs as pasted from the repository's top folder (it used an undefined
    `data`), prints the RIS that rispy reads back, finds the record valid, and shows the error it catches."""
    import rispy

    (code,) = re.findall(r"## Python API\n\n```python\n(.*?)```", README_PATH.read_text(encoding="utf-8"), re.S)
    monkeypatch.chdir(ROOT)
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)
    (entry,) = rispy.loads(capsys.readouterr().out)
    assert entry["doi"] == "10.2174/1389450119666191014105211" and entry["start_page"] == "389"
    assert scope["problems"] == [] and scope["mine"] == scope["record"] and scope["every"] == [scope["record"]]
    # The error it shows is the one raised.
    assert f'error = str(e)  # "{scope["error"]}"' in code


def test_readme_says_the_quoted_abstract_is_the_publishers_not_mit():
    """The repository is MIT-licensed, but the shipped record quotes the publisher's abstract verbatim:
    the README must not let the licence seem to cover it."""
    assert nenbib.load_record().abstract, "no abstract quoted: this README sentence can go"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    text = " ".join(README_PATH.read_text(encoding="utf-8").split())
    assert "The MIT licence ([LICENSE](LICENSE)) covers nenbib's code and the files it generates; the article's abstract," in text
    assert "remains the publisher's copyright, quoted to identify the article." in text
