"""Where an article stands in its issue, as each style's manual prints it: pages, or an article number.

CSL gives an article number the variable `number`; APA 7 (example 6: "Article e1003") and IEEE
("Art. no. e1003") print it in place of the pages when it is there. nenbib.cite hands citeproc-py the
article number as `number` only for styles that print it so (MLA reads `number` as an issue number).
"""

from __future__ import annotations

import dataclasses

import pytest

from nenbib import cite
from nenbib.model import Date, Identifiers, Journal, Organization, Pages, Person, Record


def article(pages: Pages, issue: str | None = "4") -> Record:
    return Record(
        id="a",
        title="A title",
        authors=(Person("Berg", "Jan", particle="van der", suffix="Jr."), Organization("WHO Study Group")),
        journal=Journal("Journal of Tests", abbreviation_nlm="J Tests"),
        issued=Date(2021, 3, 5),
        volume="12",
        issue=issue,
        pages=pages,
        identifiers=Identifiers(doi="10.1000/xyz"),
    )


ARTICLE_NUMBER = {
    "apa": "van der Berg, J., Jr., & WHO Study Group. (2021). A title. Journal of Tests, 12(4), Article e1003. https://doi.org/10.1000/xyz",
    "ieee": (
        "[1] J. van der Berg Jr. and WHO Study Group, “A title,” J Tests, vol. 12, no. 4, Art. no. e1003, Mar. 2021, "
        "doi: 10.1000/xyz."
    ),
    # Citing Medicine (Vancouver), Nature, Chicago and Cite Them Right print it where the pages go.
    "vancouver": "1. van der Berg J Jr, WHO Study Group. A title. J Tests. 2021 Mar 5;12(4):e1003. doi:10.1000/xyz",
    "nature": "1. van der Berg, J., Jr. & WHO Study Group. A title. J Tests 12, e1003 (2021).",
    "chicago-author-date": (
        "Berg, Jan van der, Jr., and WHO Study Group. 2021. “A Title.” Journal of Tests 12 (4): e1003. https://doi.org/10.1000/xyz."
    ),
    "harvard-cite-them-right": (
        "van der Berg, J., Jr. and WHO Study Group (2021) “A title,” Journal of Tests, 12(4), p. e1003. Available at: https://doi.org/10.1000/xyz."
    ),
}


@pytest.mark.parametrize("style", ARTICLE_NUMBER)
def test_an_article_number_as_the_style_prints_it(style):
    r = article(Pages(article_number="e1003"))
    assert cite.render([r], style).entries == [ARTICLE_NUMBER[style]]
    assert cite.entry_formatter(style)(r) == (ARTICLE_NUMBER[style],)
    assert cite.entry_formatter(style, single=True)(r) == (ARTICLE_NUMBER[style],)


def test_the_page_s_reference_and_copy_text_say_article():
    import lxml.html

    import nenbib

    doc = lxml.html.document_fromstring(nenbib.export(article(Pages(article_number="e1003")), "html"))
    assert "Journal of Tests, 12(4), Article e1003." in doc.get_element_by_id("a-reference").text_content()
    assert "12(4), Article e1003." in doc.xpath("//button[@class='copy']/@data-text")[0]


def test_mla_keeps_the_issue_and_says_the_article_number_once():
    text = cite.render([article(Pages(article_number="e1003"), issue=None)], "modern-language-association").entries[0]
    assert text.count("e1003") == 1 and "no. e1003" not in text


def test_a_style_that_would_glue_the_number_on_keeps_the_pages():
    # Its number branch has no prefix where the page branch has ': ': "12 (4)Article e1003".
    text = cite.render([article(Pages(article_number="e1003"))], "politica-tidsskrift-for-politisk-videnskab").entries[0]
    assert "12 (4): e1003" in text and "Article" not in text


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_pages_are_still_pages(style):
    text = cite.render([article(Pages(first=389, last=405))], style).entries[0]
    assert "389–405" in text and "Article" not in text and "Art." not in text


def test_render_keeps_the_items_not_the_records(monkeypatch):
    # A stream of records is turned into CSL items once: holding the records too (5a54630 kept a
    # list of them for the article-number check) doubled the memory of a long `nenbib cite`.
    import gc
    import weakref

    alive: list[weakref.ref] = []

    def stream():
        for n, pages in enumerate([Pages(article_number="e1003"), Pages(first=389, last=405)] * 3):
            r = dataclasses.replace(article(pages), id=f"a{n}")
            alive.append(weakref.ref(r))
            yield r

    held: list[int] = []
    gaps = cite._gaps

    def checked(root, items):
        gc.collect()
        held.append(sum(ref() is not None for ref in alive))
        return gaps(root, items)

    monkeypatch.setattr(cite, "_gaps", checked)
    entries = cite.render(stream(), "apa").entries
    assert len(held) == 1 and held[0] <= 1 and len(alive) == 6  # at most the loop variable's last record
    assert sum("Article e1003" in e for e in entries) == 3 and sum("389–405" in e for e in entries) == 3


# A double issue or volume ('3-4') is a number to CSL 1.0.2's is-numeric ("separated by a comma,
# hyphen, or ampersand"); citeproc-py took one number only. The entries are citeproc-js's.
VOLUME_AND_ISSUE = [
    # MLA labels a numeric volume 'vol.'/'vols.'; citeproc-py printed '3-4' with no label at all.
    ("modern-language-association", "3-4", "4", "Journal of Tests, vols. 3-4, no. 4, Mar. 2021, p. e1003"),
    # BioMed Central leaves a numeric issue out and prints any other ('Suppl 2') after the volume.
    ("biomed-central", "12", "3-4", "J Tests. 2021;12:e1003."),
    ("biomed-central", "12", "S1-2", "J Tests. 2021;12:e1003."),
    ("biomed-central", "12", "Suppl 2", "J Tests. 2021;12 Suppl 2:e1003."),
]


@pytest.mark.parametrize(("style", "volume", "issue", "expected"), VOLUME_AND_ISSUE)
def test_a_range_of_issues_or_volumes_is_a_number(style, volume, issue, expected):
    r = dataclasses.replace(article(Pages(article_number="e1003"), issue=issue), volume=volume)
    assert expected in cite.render([r], style).entries[0]
