"""The built wheel carries refs/ and schema/: after a non-editable install the commands work anywhere."""

from __future__ import annotations

import os
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


def test_installed_wheel_validates_and_exports_from_any_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    py = env_dir / "bin" / "python"
    # Dependencies come from the test environment's own site-packages (no network needed).
    site = [p for p in sys.path if p.endswith("site-packages")]
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(site)}
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
