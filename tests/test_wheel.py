"""The built wheel carries refs/ and schema/: after a non-editable install the commands work anywhere."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("nenbib-*.whl")
    return found


def test_wheel_carries_records_and_schema(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "nenbib/_data/schema/record.schema.json" in names
    assert "nenbib/_data/refs/ohmoto2020genomic.json" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)  # pyproject says MIT: its text goes with it
    assert "nenbib/py.typed" in names  # PEP 561: type checkers read the API's hints from the installed package


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (no dependencies: see site_env)."""
    env_dir = tmp_path_factory.mktemp("installed") / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    subprocess.run([env_dir / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    return env_dir


def site_env() -> dict[str, str]:
    # Dependencies come from the test environment's own site-packages (no network needed).
    site = [p for p in sys.path if p.endswith("site-packages")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(site)}


def test_installed_wheel_validates_and_exports_from_any_folder(installed, tmp_path):
    env_dir = installed
    py = env_dir / "bin" / "python"
    env = site_env()
    work = tmp_path / "elsewhere"
    work.mkdir()
    nenbib = env_dir / "bin" / "nenbib"
    done = subprocess.run([nenbib, "validate"], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 record valid" in done.stderr
    where = subprocess.run(
        [py, "-c", "import nenbib.resources as r; print(r.schema_path())"], cwd=work, env=env, capture_output=True, text=True
    )
    assert "_data" in where.stdout and str(ROOT) not in where.stdout
    done = subprocess.run([nenbib, "export", "--format", "csl-json", "-q"], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert '"DOI": "10.2174/1389450119666191014105211"' in done.stdout
    # The README lists `nenbib check`: right after `pip install .` it passes, and changes nothing.
    done = subprocess.run([nenbib, "check"], cwd=work, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert done.stderr == "nenbib: the exports and CITATION.cff match the records\n"
    # A plain `nenbib build` in a user's repository meant its refs/, not site-packages: refused.
    data = Path(where.stdout.strip()).parents[1]  # nenbib/_data
    before = sorted((p, p.stat().st_mtime_ns) for p in data.rglob("*"))
    done = subprocess.run([nenbib, "build"], cwd=work, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"nenbib: error: without --refs, build writes into the installed package ({data / 'refs'});"
        " give --refs DIR, the folder of your records\n"
    )
    assert sorted((p, p.stat().st_mtime_ns) for p in data.rglob("*")) == before
    (work / "refs").mkdir()
    shutil.copyfile(ROOT / "refs" / "ohmoto2020genomic.json", work / "refs" / "ohmoto2020genomic.json")
    done = subprocess.run([nenbib, "build", "--refs", "refs", "--no-cff"], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and (work / "refs" / "ohmoto2020genomic.bib").is_file(), done.stderr


def test_installed_wheel_gives_type_checkers_the_api_types(installed, tmp_path):
    """mypy, run on a user's script against the installed wheel, knows what the API takes and returns
    (without py.typed it says "missing library stubs or py.typed marker" and treats nenbib as Any)."""
    script = tmp_path / "use_nenbib.py"
    script.write_text(
        "import nenbib\n"
        "record = nenbib.load_record('refs/x.json')\n"
        "reveal_type(record)\n"
        "reveal_type(nenbib.validate_record({}))\n"
        "reveal_type(nenbib.export([record], 'ris'))\n"
        "nenbib.export(record, 3)\n"
        "nenbib.load_record(42)\n",
        encoding="utf-8",
    )
    # No PYTHONPATH: mypy reads only the venv's site-packages, which holds nenbib and not its dependencies.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--python-executable", str(installed / "bin" / "python"), script.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    out = done.stdout
    assert "py.typed" not in out and "import-not-found" not in out and "import-untyped" not in out, out
    assert 'use_nenbib.py:3: note: Revealed type is "nenbib.model.Record"' in out, out
    # (mypy before 1.16 spells builtins "builtins.list", "builtins.str")
    assert re.search(r'use_nenbib.py:4: note: Revealed type is "(builtins\.)?list\[nenbib\.validate\.Problem\]"', out), out
    assert re.search(r'use_nenbib.py:5: note: Revealed type is "(builtins\.)?str"', out), out
    assert 'use_nenbib.py:6: error: Argument 2 to "export" has incompatible type "int"; expected "str"' in out, out
    assert 'use_nenbib.py:7: error: Argument 1 to "load_record" has incompatible type "int"' in out, out
    assert done.returncode == 1 and out.count(": error:") == 2, out
