"""The landing page's precompiled template (issue 8): what ships is what this jinja2 compiles from
landing.html.j2, pages use it, and it renders the same bytes as the template compiled at run time."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_jsonld_stream import synthetic

from nenbib.formats import Options, html
from nenbib.model import Record
from nenbib.records import iter_records

from conftest import RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
REGENERATE = 'python -c "from nenbib.formats import html; html.write_compiled_template()"'


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return [*iter_records([str(RECORD_PATH), *map(str, HARD)]), *synthetic(12)]


def _fresh() -> object:
    return html._environment().from_string(html._template_source())


def test_shipped_module_is_a_fresh_compile_of_the_template():
    shipped = Path(html._template_path(f"{html.COMPILED_TEMPLATE}.py")).read_text(encoding="utf-8")
    assert shipped == html.compiled_template(html._template_source()), f"stale: run {REGENERATE}"


def test_pages_use_the_precompiled_template():
    # from_string names its template "<template>"; the precompiled one is the module's file.
    assert html._template().filename == html._template_path(f"{html.COMPILED_TEMPLATE}.py")


def _page(template: object, records: list[Record], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(html, "_template", lambda: template)
    return "".join(html.write(records, Options()))


@pytest.mark.parametrize("single", [True, False], ids=["one record a page", "a page of them all"])
def test_precompiled_renders_the_bytes_a_fresh_compile_renders(records, single, monkeypatch):
    for recs in [[r] for r in records[:4]] if single else [records]:
        assert _page(html._template(), recs, monkeypatch) == _page(_fresh(), recs, monkeypatch)


def test_an_edited_template_is_compiled_at_run_time(monkeypatch):
    source = html._template_source()
    edited = source.replace("<footer>Made by nenbib", "<footer>Edited: made by nenbib")
    assert edited != source
    monkeypatch.setattr(html, "_template_source", lambda: edited)
    template = html._template()
    assert template.filename == "<template>"
    with monkeypatch.context() as m:
        m.setattr(html, "_template", lambda: template)
        assert "<footer>Edited: made by nenbib" in html.render_page([next(iter_records([str(RECORD_PATH)]))])


def test_another_jinja2_compiles_at_run_time(monkeypatch):
    import jinja2

    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    assert html._template().filename == "<template>"
