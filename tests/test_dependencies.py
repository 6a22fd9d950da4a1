"""Every module nenbib imports at run time is the standard library's, nenbib's own, or comes from a
distribution pyproject.toml's [project] dependencies name: the test extra (installed here) must not
stand in for a missing run-time dependency (rispy was one: RIS export of a user's record failed
with ModuleNotFoundError after a plain `pip install`)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys

from conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib


def _requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_run_time_imports_are_declared_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_requirement_name(d) for d in project["dependencies"]}
    providers = importlib.metadata.packages_distributions()
    imported: dict[str, str] = {}
    for path in sorted((ROOT / "nenbib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                imported.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    assert "rispy" in imported and "lxml" in imported  # the walk sees the imports inside functions
    missing = {}
    for top, where in imported.items():
        if top in sys.stdlib_module_names or top == "nenbib" or top.startswith("__"):
            continue
        dists = {d.lower().replace("_", "-") for d in providers.get(top, [])}
        if not dists & declared:
            missing[top] = (where, sorted(dists))
    assert not missing, f"imported at run time but not in [project] dependencies: {missing}"
