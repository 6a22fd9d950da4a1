"""A page of many records (issue 8): every record on it, each reference as `nenbib cite` gives it,
built in constant memory, and the same page as rendering it whole."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from lxml import html as lxml_html
from test_html import meta_of
from test_jsonld_stream import Watched, synthetic

import nenbib
from nenbib import cite
from nenbib.formats import FORMATS, Options, jsonld
from nenbib.model import Record
from nenbib.records import iter_records

from conftest import RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
N_SYNTH = 24


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return [*iter_records([str(RECORD_PATH), *map(str, HARD)]), *synthetic(N_SYNTH)]


@pytest.fixture(scope="module")
def page(records) -> str:
    return nenbib.export(records, "html")


def test_every_record_is_an_article_with_its_metadata(records, page):
    doc = lxml_html.document_fromstring(page)
    n = len(records)
    assert doc.findtext(".//title") == doc.findtext(".//h1") == f"{n} references"
    articles = doc.findall(".//article")
    assert [a.get("id") for a in articles] == [r.id for r in records]
    assert [a.findtext("h2") for a in articles] == [r.title for r in records]
    # One COinS span per article, each naming its own article; none for an article whose title or author
    # holds a '+', which Zotero would read from the span as a space (test_html_readers.py).
    spans = [a.find_class("Z3988") for a in articles]
    plus = [r.id for r in records if "+" in r.title or "+" in json.dumps([a.display for a in r.authors])]
    assert plus, "the synthetic records hold titles with 'C++'"
    assert [a.get("id") for a, s in zip(articles, spans, strict=True) if not s] == plus
    assert all(len(s) == 1 for s in spans if s)
    titles = [dict(parse_qsl(s[0].get("title")))["rft.atitle"] for s in spans if s]
    assert titles == [r.title for r in records if r.id not in plus]
    # The <head>'s JSON-LD is the jsonld export of the collection: an array of n articles.
    [script] = doc.xpath('//script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert isinstance(data, list) and len(data) == n
    assert data == [jsonld.article(r) for r in records]
    assert not [name for name, _ in meta_of(page) if name.startswith(("citation_", "DC."))], "Highwire/DC tags are one article's"


def test_each_reference_is_what_cite_prints_for_the_record(records, page):
    doc = lxml_html.document_fromstring(page)
    for r in records:
        text = cite.render([r], "apa", "text").entries[0]
        html = cite.render([r], "apa", "html").entries[0]
        [button] = doc.xpath(f"//article[@id='{r.id}']//button[@class='copy']")
        assert button.get("data-text") == text
        block = doc.get_element_by_id(f"{r.id}-reference")
        assert (
            lxml_html.tostring(block, encoding="unicode", with_tail=False)
            .removeprefix(f'<div class="reference" id="{r.id}-reference">')
            .removesuffix("</div>")
            == html
        )


@pytest.mark.parametrize("style", ["apa", "vancouver", "chicago-author-date", "modern-language-association"])
def test_entry_formatter_gives_render_s_entries(records, style):
    # The page's fast path (style loaded once, its lookups remembered) against cite.render per record.
    entries = cite.entry_formatter(style, ("html", "text", "markdown"))
    for r in records[:6]:
        assert entries(r) == tuple(cite.render([r], style, fmt).entries[0] for fmt in ("html", "text", "markdown"))


def test_a_record_cite_refuses_gets_no_reference_but_its_article():
    from nenbib.model import Date, Journal, Person

    bad = Record(id="bad", title="Bad", authors=(Person("Doe"),), journal=Journal("J \ue000"), issued=Date(2020))
    good = next(iter_records([str(RECORD_PATH)]))
    assert cite.entry_formatter("apa", ("text",))(bad) is None
    doc = lxml_html.document_fromstring(nenbib.export([bad, good], "html"))
    assert [a.get("id") for a in doc.iter("article")] == ["bad", good.id]
    assert doc.xpath("//article[@id='bad']//button") == [] and len(doc.xpath(f"//article[@id='{good.id}']//button")) == 1


def test_page_is_built_holding_one_record_at_a_time():
    # The collection streams through temporary files: records are not kept once written.
    watched = Watched(synthetic(20))
    text = "".join(FORMATS["html"].load().write(watched, Options()))
    assert text == nenbib.export(list(synthetic(20)), "html")
    assert watched.pulled == 20 and watched.most_alive <= 3


def test_one_record_page_is_unchanged_by_the_streaming(record):
    golden = Path(__file__).parent / "golden" / "ohmoto2020genomic.html"
    assert nenbib.export(record, "html") == golden.read_text(encoding="utf-8")


HOSTILE = [
    "A <b>bold</b> claim & its <i>limits</i>",
    "&amp; &lt;i&gt; &#39; &nbsp; written out",
    'Quotes "double" and \u2018single\u2019, \u00a0no-break, \u65e5\u672c\u8a9e, \u00e9t\u00e9',
    "</div><script>alert(1)</script>",
    "x > y < z; a&b",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_the_text_entry_is_the_html_entry_without_its_markup(title):
    # The page renders only the HTML entry and derives the text one (one citeproc-py render a record).
    import dataclasses

    from nenbib.formats import html

    r = next(iter_records([str(RECORD_PATH)]))
    r = dataclasses.replace(
        r,
        title=title,
        publisher=title,
        journal=dataclasses.replace(r.journal, title=title),
        identifiers=dataclasses.replace(r.identifiers, doi="10.1002/(SICI)1097-4636(199706)35:4<447::AID-JBM5>3.0.CO;2-Y"),
    )
    [entry_html] = cite.render([r], "apa", "html").entries
    [entry_text] = cite.render([r], "apa", "text").entries
    assert entry_html != entry_text
    assert html.text_of(entry_html) == entry_text
