"""The landing page judged by parsers it was not written with: lxml.html, html.parser, json, urllib."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from lxml import html as lxml_html

import nenbib
from nenbib.formats import FORMATS
from nenbib.model import Person
from nenbib.records import iter_records

from conftest import RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
ALL = [RECORD_PATH, *HARD]


class MetaReader(HTMLParser):
    """Collects <meta name content> pairs in document order, as a web-page translator sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta.append((a["name"], a.get("content") or ""))


def meta_of(page: str) -> list[tuple[str, str]]:
    reader = MetaReader()
    reader.feed(page)
    return reader.meta


def without_coins(page: str) -> str:
    doc = lxml_html.document_fromstring(page)
    for span in doc.find_class("Z3988"):
        span.getparent().remove(span)
    return lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")


def values(meta, name):
    return [c for n, c in meta if n == name]


@pytest.fixture(scope="module")
def page() -> str:
    return nenbib.export(next(iter_records([str(RECORD_PATH)])), "html")


@pytest.mark.parametrize("coins", [True, False], ids=["with-coins", "without-coins"])
def test_highwire_tags_stand_on_their_own(page, record, coins):
    # Zotero prefers COinS when present (FORMAT-NOTES): the tags must be right without it too.
    text = page if coins else without_coins(page)
    assert ("Z3988" in text) == coins
    meta = meta_of(text)
    one = dict(meta)
    assert one["citation_title"] == record.title
    assert one["citation_journal_title"] == "Current Drug Targets"
    assert one["citation_journal_abbrev"] == "Curr Drug Targets"
    assert values(meta, "citation_issn") == ["1389-4501", "1873-5592"]
    assert (one["citation_volume"], one["citation_issue"]) == ("21", "4")
    assert (one["citation_firstpage"], one["citation_lastpage"]) == ("389", "405")
    assert one["citation_publication_date"] == "2020"
    assert one["citation_doi"] == record.identifiers.doi
    assert values(meta, "citation_keywords") == list(record.keywords)
    assert one["citation_abstract"] == record.abstract
    assert "citation_pmid" not in one, "no PMID may be invented"
    # Each citation_author is followed by its own institutions, before the next author.
    authors = [(n, c) for n, c in meta if n in ("citation_author", "citation_author_institution")]
    assert authors == [
        ("citation_author", "Ohmoto, Akihiro"),
        ("citation_author_institution", record.affiliations[0].printed),
        ("citation_author", "Morizane, Chigusa"),
        ("citation_author_institution", record.affiliations[1].printed),
    ]
    assert values(meta, "DC.creator") == ["Ohmoto, Akihiro", "Morizane, Chigusa"]
    assert one["DC.title"] == record.title and one["DC.identifier"] == f"doi:{record.identifiers.doi}"


def test_coins_context_object(page, record):
    doc = lxml_html.document_fromstring(page)
    [span] = doc.find_class("Z3988")
    pairs = parse_qsl(span.get("title"), strict_parsing=True)
    kv = dict(pairs)
    assert kv["ctx_ver"] == "Z39.88-2004" and kv["rft_val_fmt"] == "info:ofi/fmt:kev:mtx:journal"
    assert kv["rft.genre"] == "article" and kv["rft.atitle"] == record.title and kv["rft.jtitle"] == record.journal.title
    assert (kv["rft.spage"], kv["rft.epage"], kv["rft.volume"], kv["rft.issue"]) == ("389", "405", "21", "4")
    assert (kv["rft.issn"], kv["rft.eissn"], kv["rft.date"]) == ("1389-4501", "1873-5592", "2020")
    # 'Family, Given' as citation_author: Zotero splits a name without a comma at its last space.
    assert [v for k, v in pairs if k == "rft.au"] == ["Ohmoto, Akihiro", "Morizane, Chigusa"]
    assert (kv["rft.aulast"], kv["rft.aufirst"]) == ("Ohmoto", "Akihiro")
    assert kv["rft_id"] == f"info:doi/{record.identifiers.doi}"


def test_jsonld_block_is_the_jsonld_export(page, record):
    doc = lxml_html.document_fromstring(page)
    [script] = doc.xpath('//script[@type="application/ld+json"]')
    assert json.loads(script.text) == json.loads(nenbib.export(record, "jsonld"))


def test_page_content_and_accessibility_basics(page, record):
    doc = lxml_html.document_fromstring(page)
    assert doc.get("lang") == "en" and doc.xpath("//article/@lang") == ["en"]
    assert doc.xpath('//meta[@name="viewport"]/@content') == ["width=device-width, initial-scale=1"]
    headings = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False)), headings
    assert all(img.get("alt") for img in doc.iter("img"))
    assert doc.findtext(".//h1") == record.title
    assert [li.text_content().rstrip("*0123456789,") for li in doc.find_class("authors")[0]] == [
        a.display for a in record.authors
    ]
    assert [li.text_content() for li in doc.find_class("affiliations")[0]] == [a.printed for a in record.affiliations]
    assert doc.xpath('//p[@class="doi"]/a/@href') == [record.doi_url]
    assert [li.text_content() for li in doc.find_class("keywords")[0]] == list(record.keywords)
    reference = doc.get_element_by_id(f"{record.id}-reference").text_content()
    assert reference.startswith("Ohmoto, A., & Morizane, C. (2020).") and record.identifiers.doi in reference
    assert doc.xpath("//button[@class='copy']/@data-text") == [reference]
    # Every export is linked, relative, beside the page.
    hrefs = doc.xpath("//ul[@class='downloads']//a/@href")
    assert hrefs == [record.id + f.build_suffix for f in FORMATS.values() if f.name != "html"]
    # Self-contained: nothing loads from anywhere (links to doi.org are navigation only).
    assert not doc.xpath("//*[@src] | //link[@rel='stylesheet'] | //img | //iframe")
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none'")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_record_makes_a_valid_page(path):
    r = next(iter_records([str(path)]))
    page = nenbib.export(r, "html")
    doc = lxml_html.document_fromstring(page)
    assert doc.findtext(".//h1") == r.title
    meta = meta_of(page)
    assert values(meta, "citation_author") == [
        a.family_full + (f", {a.given}" if a.given else "") + (f", {a.suffix}" if a.suffix else "")
        if isinstance(a, Person)
        else a.name
        for a in r.authors
    ]
    assert dict(meta).get("citation_doi") == r.identifiers.doi
    assert json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)["name"] == r.title
    if r.abstract:
        assert [p.text_content() for p in doc.xpath("//section[h2[text()='Abstract']]/p")] == r.abstract.splitlines()


def test_markup_in_the_data_stays_text():
    [r] = [x for x in iter_records([str(p) for p in HARD]) if x.id == "specials2021"]
    page = nenbib.export(r, "html")
    # The DOI holds <4>: escaped in the page, \u-escaped in the JSON-LD, so it never becomes a tag.
    assert "<4>" not in page
    assert "\\u003c4\\u003e" in page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    doc = lxml_html.document_fromstring(page)
    assert dict(meta_of(page))["citation_doi"] == r.identifiers.doi
    assert [s.get("type") for s in doc.iter("script")] == ["application/ld+json", None], "no script came from the data"


def test_jsonld_cannot_end_its_script_block():
    from nenbib.formats.html import _script_safe_json
    from nenbib.model import Date, Journal, Person, Record

    r = Record(
        id="x",
        title="A </script><script>alert(1)</script> <!-- title &",
        authors=(Person("Doe"),),
        journal=Journal("J"),
        issued=Date(2020),
    )
    text = _script_safe_json([r])
    assert "<" not in text and ">" not in text and json.loads(text)["name"] == r.title


def test_several_records_make_one_page_without_article_tags():
    records = list(iter_records([str(p) for p in ALL]))
    page = nenbib.export(records, "html")
    doc = lxml_html.document_fromstring(page)
    assert doc.findtext(".//h1") == f"{len(records)} references"
    assert [a.get("id") for a in doc.iter("article")] == [r.id for r in records]
    assert not [n for n, _ in meta_of(page) if n.startswith("citation_")], "Highwire tags describe one article"
    assert len(doc.find_class("Z3988")) == len(records)
    assert re.search(r"<h3[^>]*>Abstract</h3>", page)


def test_a_record_cite_cannot_format_still_makes_a_page():
    from nenbib.model import Date, Journal, Record

    r = Record(id="x", title="Title", authors=(Person("Doe"),), journal=Journal("J \ue000"), issued=Date(2020))
    doc = lxml_html.document_fromstring(nenbib.export(r, "html"))
    assert doc.findtext(".//h1") == "Title" and not doc.xpath("//button")


# A URL's path holds these as they are (RFC 3986 pchar and '/'); anything else is percent-encoded.
URL_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


@pytest.mark.parametrize("doi", ["10.1002/(SICI)1097-4571<3::AID>2.0.CO;2-#", '10.1000/a b"c%d', "10.1000/100%25"])
def test_a_doi_link_is_a_valid_url_that_names_the_doi(record, doi):
    # The DOI Handbook: '#', '<', '>', '"', '%' and space are percent-encoded in a DOI's URL (2-# is 2-%23, not a
    # fragment). The reference prints the DOI after https://doi.org/ as text, as citeproc-js does (no link).
    from urllib.parse import unquote, urlsplit

    r = dataclasses.replace(record, identifiers=dataclasses.replace(record.identifiers, doi=doi))
    doc = lxml_html.document_fromstring(nenbib.export(r, "html"))
    links = [h for h in doc.xpath("//@href") if "doi.org" in h]
    assert len(links) == 2  # the canonical link and the DOI paragraph's
    for href in links:
        url = urlsplit(href)
        assert (url.scheme, url.netloc, url.query, url.fragment) == ("https", "doi.org", "", "")
        assert URL_PATH.fullmatch(url.path) and unquote(url.path) == "/" + doi
    assert not doc.xpath("//*[@id=$i]//a", i=f"{r.id}-reference")
    assert doc.get_element_by_id(f"{r.id}-reference").text_content().endswith(f"https://doi.org/{doi}")
