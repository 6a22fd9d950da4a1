"""`nenbib cite`: reference-list entries in CSL styles, judged against the style guides' own rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from nenbib import cite
from nenbib.errors import InputError

from conftest import RECORD_PATH, ROOT
from conftest import run_cli as run

HARD = ROOT / "tests" / "data" / "hard"
REQUIRED_STYLES = [
    "apa",
    "vancouver",
    "american-medical-association",
    "chicago-author-date",
    "harvard-cite-them-right",
    "nature",
    "ieee",
]
DOI = "10.2174/1389450119666191014105211"


def entry(record, style, fmt="text", locale=None):
    rendered = cite.render([record], style, fmt, locale)
    assert len(rendered.entries) == 1
    return rendered.entries[0], rendered.notes


# ------------------------------------------------------------------ exact strings from the style guides


# APA 7th ed. (Publication Manual 2020), §10.1 example 1 and §9.25-9.26: "Author, A. A., & Author,
# B. B. (Year). Title of article in sentence case. Periodical Name in Title Case, volume(issue),
# pages. https://doi.org/..." -- en dash in the page range, no period after the DOI; the periodical
# name and the volume in italics.
APA_MANUAL = (
    "Ohmoto, A., & Morizane, C. (2020). Genomic profiles and current therapeutic agents in neuroendocrine "
    f"neoplasms. Current Drug Targets, 21(4), 389–405. https://doi.org/{DOI}"
)
# Where `nenbib cite --style apa` differs from the manual, and why (each pair: manual text, ours).
APA_DIFFERENCES = [
    # Case: APA wants article titles in sentence case. apa.csl never changes the case of a title
    # (CSL expects titles stored in sentence case; a program cannot tell proper nouns), and the
    # record keeps the title as the journal printed it, in title case.
    (
        "Genomic profiles and current therapeutic agents in neuroendocrine neoplasms.",
        "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms.",
    ),
    # (The record's genre "mini-review" is not written to CSL-JSON: apa.csl printed it as a
    # bracketed description, "[Mini-review]", which APA 7 §9.21 keeps for works outside the usual
    # peer-reviewed literature.)
]

# NLM "Citing Medicine" 2nd ed. (the Vancouver rules), chapter 1 (journal articles): surname and
# initials without periods, names separated by commas; title with only the first word (and proper
# nouns) capitalised; NLM title abbreviation followed by a period; "Year;Volume(Issue):pages."; page
# ranges with a hyphen and without repeated leading digits (389-405 has none to drop). The
# reference list is numbered in citation order.
VANCOUVER_MANUAL = (
    "1. Ohmoto A, Morizane C. Genomic profiles and current therapeutic agents in neuroendocrine neoplasms. "
    "Curr Drug Targets. 2020;21(4):389-405."
)
VANCOUVER_DIFFERENCES = [
    # 1. Case, as for APA: the CSL style keeps the stored (title-case) title.
    (
        "Genomic profiles and current therapeutic agents in neuroendocrine neoplasms.",
        "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms.",
    ),
    # 2. Typography: Citing Medicine prints a hyphen; the CSL style sets page ranges with the en
    #    dash (its default page-range delimiter), which is what `cite` promises for text.
    ("389-405.", "389–405."),
    # 3. The CSL style (nlm-citation-sequence, which `vancouver` was renamed to) adds the DOI;
    #    Citing Medicine makes it optional for articles read in print.
    ("389–405.", f"389–405. doi:{DOI}"),
]


def apply(text, differences):
    for manual, ours in differences:
        assert manual in text, manual
        text = text.replace(manual, ours)
    return text


def test_apa_matches_the_manual_up_to_documented_differences(record):
    text, notes = entry(record, "apa")
    assert text == apply(APA_MANUAL, APA_DIFFERENCES)
    assert notes == []


def test_apa_html_italicises_journal_and_volume(record):
    html, _ = entry(record, "apa", "html")
    assert "<i>Current Drug Targets</i>, <i>21</i>(4), 389–405." in html
    assert "Ohmoto, A., &amp; Morizane, C. (2020)." in html


def test_vancouver_matches_citing_medicine_up_to_documented_differences(record):
    text, notes = entry(record, "vancouver")
    assert text == apply(VANCOUVER_MANUAL, VANCOUVER_DIFFERENCES)
    assert notes == []


def test_vancouver_is_the_renamed_nlm_style(record):
    assert cite.resolve_style("vancouver").path.name == "nlm-citation-sequence.csl"
    assert entry(record, "vancouver") == entry(record, "nlm-citation-sequence")


# ------------------------------------------------------------------ every required style


@pytest.mark.parametrize("style", REQUIRED_STYLES)
def test_required_style_renders_the_facts_without_warnings(record, style):
    text, notes = entry(record, style)
    assert notes == []  # the harmless journalAbbreviation warning is suppressed, nothing else arises
    folded = text.casefold()
    for fact in ("genomic profiles", "neuroendocrine neoplasms", "ohmoto", "morizane", "21", "389", "405", "2020"):
        assert fact in folded, (style, fact)
    if style not in ("american-medical-association", "nature"):  # AMA sets a hyphen; Nature drops the issue
        assert "389–405" in text


@pytest.mark.parametrize("style", REQUIRED_STYLES)
def test_html_parses_and_says_what_the_text_says(record, style):
    html, _ = entry(record, style, "html")
    fragment = lxml.html.fragment_fromstring(html)
    assert fragment.get("class") == "csl-entry"
    text, _ = entry(record, style)
    assert " ".join(fragment.text_content().split()) == " ".join(text.split())


@pytest.mark.parametrize("style", REQUIRED_STYLES)
def test_markdown_italicises_the_journal(record, style):
    md, _ = entry(record, style, "markdown")
    if style == "vancouver":  # Citing Medicine uses no italics at all
        assert "*" not in md and "Curr Drug Targets. 2020" in md
        return
    journal = (
        "Current Drug Targets" if style in ("apa", "chicago-author-date", "harvard-cite-them-right") else "Curr Drug Targets"
    )
    assert f"*{journal}*" in md


def test_text_has_typographic_quotes_and_punctuation_inside_them(record):
    chicago, _ = entry(record, "chicago-author-date")
    assert "“Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms.” Current Drug Targets 21" in chicago
    ieee, _ = entry(record, "ieee")
    assert "“Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms,” Curr Drug Targets," in ieee
    # British locale: single quotes, punctuation outside them.
    harvard, _ = entry(record, "harvard-cite-them-right", locale="en-GB")
    assert "(2020) ‘Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms’, Current" in harvard


def test_chicago_gives_full_given_names(record):
    # Chicago 18th ed. §13.104: names as they appear, not initials (chicago-author-date.csl: initialize="false").
    text, _ = entry(record, "chicago-author-date")
    assert text.startswith("Ohmoto, Akihiro, and Chigusa Morizane. 2020.")


def test_numbered_styles_set_the_number_apart(record):
    assert entry(record, "ieee")[0].startswith("[1] A. Ohmoto and C. Morizane,")
    assert entry(record, "nature")[0].startswith("1. Ohmoto, A. & Morizane, C.")
    html, _ = entry(record, "vancouver", "html")
    fragment = lxml.html.fragment_fromstring(html)
    assert fragment.find_class("csl-left-margin")[0].text_content() == "1."
    assert fragment.find_class("csl-right-inline")[0].text_content().startswith("Ohmoto A, Morizane C.")


# ------------------------------------------------------------------ hard data


def hard_records():
    from nenbib.records import iter_records

    return list(iter_records([str(HARD)]))


def test_html_and_markdown_escape_the_data():
    rendered = cite.render(hard_records(), "apa", "html")
    body = "\n".join(rendered.entries)
    assert "Costs &amp; Benefits" in body and "xyz_(123)&lt;4&gt;;5" in body
    for e in rendered.entries:
        lxml.html.fragment_fromstring(e)
    text = cite.render(hard_records(), "apa", "text").entries
    assert [" ".join(lxml.html.fragment_fromstring(e).text_content().split()) for e in rendered.entries] == [
        " ".join(t.split()) for t in text
    ]
    md = "\n".join(cite.render(hard_records(), "apa", "markdown").entries)
    assert r"Costs \& Benefits" in md and r"\$x\_1\$ \#1 \~tilde\^caret\_under" in md and r"Cases \\ Back" in md
    assert r"*Journal of Tests \& Trials*" in md


def test_localized_date_parts_keep_their_delimiter():
    # nlm-citation-sequence's localized date has delimiter=" ": "2019 Dec", not citeproc-py's "2019Dec".
    text = "\n".join(cite.render(hard_records(), "vancouver").entries)
    assert ". 2019 Dec;12A:e1003." in text
    assert "J Tests Trials. 2021 Apr 30;3(2-3):10–9." in text


def test_apostrophe_is_typographic():
    text = "\n".join(cite.render(hard_records(), "apa").entries)
    assert "O’Brien, S." in text and "O'Brien" not in text


# ------------------------------------------------------------------ gaps of citeproc-py are said, not hidden


def test_year_suffix_gap_is_reported(record_dict, tmp_path):
    for key in ("ohmoto2020a", "ohmoto2020b"):
        (tmp_path / f"{key}.json").write_text(json.dumps({**record_dict, "id": key}), encoding="utf-8")
    from nenbib.records import iter_records

    rendered = cite.render(iter_records([str(tmp_path)]), "apa")
    assert len(rendered.entries) == 2
    assert len(rendered.notes) == 1 and "year suffix" in rendered.notes[0]


def test_display_gap_is_reported(record, tmp_path):
    style = tmp_path / "display.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>Display test</title><id>display-test</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><group display="block"><text variable="title"/></group>'
        '<group display="indent"><text variable="container-title"/></group></layout></bibliography>'
        "</style>\n",
        encoding="utf-8",
    )
    rendered = cite.render([record], str(style))
    assert rendered.entries == ["Genomic Profiles and Current Therapeutic Agents in Neuroendocrine NeoplasmsCurrent Drug Targets"]
    assert len(rendered.notes) == 1 and "display" in rendered.notes[0]


def test_citeproc_warnings():
    harmless = "The following arguments for Reference are unsupported: journalAbbreviation"
    assert cite._warning_note(harmless) is None
    real = "The following arguments for Reference are unsupported: journalAbbreviation, foo"
    assert cite._warning_note(real) == "citeproc-py ignores these CSL-JSON fields: foo"
    assert cite._warning_note("XML file didn't pass schema validation:\nline 3") == (
        "citeproc-py: XML file didn't pass schema validation:"
    )


# ------------------------------------------------------------------ the command


def test_cli_default_is_apa_for_the_shipped_record(capsys, record):
    code, out, err = run(capsys, "cite")
    assert code == 0 and err == ""
    assert out == entry(record, "apa")[0] + "\n"


def test_cli_records_as_paths(capsys, tmp_path):
    copy = tmp_path / "one.json"
    shutil.copy(RECORD_PATH, copy)
    code, out, err = run(capsys, "cite", "--style", "vancouver", copy)
    assert code == 0, err
    assert out == apply(VANCOUVER_MANUAL, VANCOUVER_DIFFERENCES) + "\n"


def test_cli_html_is_one_fragment(capsys):
    code, out, _ = run(capsys, "cite", "--format", "html")
    assert code == 0
    body = lxml.html.fragment_fromstring(out)
    assert body.get("class") == "csl-bib-body"
    assert [i.text for i in body.iter("i")] == ["Current Drug Targets", "21"]


def test_cli_markdown(capsys):
    code, out, _ = run(capsys, "cite", "-f", "markdown")
    assert code == 0
    assert "*Current Drug Targets*, *21*(4), 389–405." in out and r"Ohmoto, A., \& Morizane, C." in out


def test_cli_unknown_style_suggests(capsys):
    code, out, err = run(capsys, "cite", "--style", "vancover")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown style 'vancover'" in err and "vancouver" in err


def test_cli_a_family_name_points_to_the_styles_of_that_family(capsys):
    """-s chicago: the near spellings were chicago-note, chaos, chimia; chicago-author-date went unnamed."""
    from nenbib.cite import style_names

    code, out, err = run(capsys, "cite", "--style", "Chicago")
    count = sum("chicago" in n for n in style_names())
    assert code == 2 and out == "" and count > 5
    assert err.count("\n") == 1 and "unknown style 'Chicago'; close matches: " in err
    assert err.endswith(f"; `nenbib cite --list-styles chicago` lists the {count} styles whose names contain it\n")
    code, out, _ = run(capsys, "cite", "--list-styles", "chicago")
    assert code == 0 and len(out.splitlines()) == count and "chicago-author-date" in out.splitlines()
    code, _, err = run(capsys, "cite", "--style", "vancover")  # no style contains it: no such hint
    assert "--list-styles" not in err
    # No close match, many containing it: that hint alone ('x' had the general one too, run together).
    count = sum("x" in n for n in style_names())
    assert run(capsys, "cite", "--style", "x")[2] == (
        f"nenbib: error: unknown style 'x'; `nenbib cite --list-styles x` lists the {count} styles whose names contain it\n"
    )
    code, _, err = run(capsys, "cite", "--style", "qqqqzz")  # nothing near, nothing containing it: the general hint
    assert err == "nenbib: error: unknown style 'qqqqzz'; `nenbib cite --list-styles PATTERN` lists them\n"


def test_cli_unknown_locale(capsys):
    code, out, err = run(capsys, "cite", "--locale", "xx-YY")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown locale 'xx-YY'" in err


def test_locale_names_normalised():
    assert cite.check_locale("en-gb") == "en-GB"
    assert cite.check_locale("de") == "de-DE"


@pytest.mark.parametrize(
    ("asked", "used", "noted"),
    [
        ("en-gb", "en-GB", False),
        ("pt-br", "pt-BR", False),
        ("de", "de-DE", False),
        ("xx-XX", "en-US", True),
        ("pt-XX", "pt-PT", True),
    ],
)
def test_a_styles_default_locale_is_read_as_locale_names_are(record, tmp_path, asked, used, noted):
    # citeproc-py matched the style's default-locale case-sensitively ('en-gb' rendered en-US) and
    # used another where it had none without a word.
    text = cite.resolve_style("ieee").path.read_text(encoding="utf-8")
    assert 'default-locale="' not in text
    style = tmp_path / "ieee-local.csl"
    style.write_text(text.replace("<style ", f'<style default-locale="{asked}" ', 1), encoding="utf-8")
    rendered = cite.render([record], str(style))
    assert rendered.entries == cite.render([record], "ieee", locale=used).entries
    assert rendered.notes == (
        [f"style {str(style)!r} asks for default-locale {asked!r}, which citeproc-py has no locale for: {used} is used"]
        if noted
        else []
    )
    single = cite.entry_formatter(str(style), ("text",), single=True)(record)
    assert single is not None and [single[0]] == rendered.entries


def test_cli_list_styles(capsys):
    code, out, _ = run(capsys, "cite", "--list-styles")
    names = out.splitlines()
    assert code == 0 and set(REQUIRED_STYLES) <= set(names) and len(names) > 1000
    code, out, _ = run(capsys, "cite", "--list-styles", "vancouver")
    assert code == 0 and "vancouver" in out.splitlines() and all("vancouver" in n for n in out.splitlines())
    code, out, _ = run(capsys, "cite", "--list-styles", "apa-*")
    assert code == 0 and all(n.startswith("apa-") for n in out.splitlines())
    code, _, err = run(capsys, "cite", "--list-styles", "no-such-style-xyz")
    assert code == 2 and "no style name matches" in err


def test_cli_csl_file_path(capsys, tmp_path, record):
    copy = tmp_path / "my-style.csl"
    shutil.copy(cite.resolve_style("apa").path, copy)
    code, out, err = run(capsys, "cite", "--style", copy)
    assert code == 0, err
    assert out == entry(record, "apa")[0] + "\n"
    code, _, err = run(capsys, "cite", "--style", tmp_path / "missing.csl")
    assert code == 1 and err == f"nenbib: error: {tmp_path / 'missing.csl'}: no such style file\n"
    # A bundled style's name given as a file that is not there: the name is likely what was meant.
    code, _, err = run(capsys, "cite", "--style", "Nature.csl")
    assert code == 1 and err == "nenbib: error: Nature.csl: no such style file; for the bundled style: -s nature\n"
    bad = tmp_path / "bad.csl"
    bad.write_text("<style", encoding="utf-8")
    code, _, err = run(capsys, "cite", "--style", bad)
    assert code == 1 and "malformed XML" in err and err.count("\n") == 1


def test_style_name_wins_over_a_file_of_that_name(capsys, tmp_path, monkeypatch, record):
    """`apa` is the collection's style even beside a file named apa (an HTML page must not depend
    on the folder it is made in); ./apa and a bare name the collection lacks are files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "apa").write_text("not a style", encoding="utf-8")
    assert cite.resolve_style("apa").path == cite.styles_dir() / "apa.csl"
    code, out, _ = run(capsys, "cite", "--style", "apa")
    assert code == 0 and out == entry(record, "apa")[0] + "\n"
    code, _, err = run(capsys, "cite", "--style", "./apa")
    assert code == 1 and "not a CSL style" in err
    shutil.copy(cite.styles_dir() / "apa.csl", tmp_path / "mine")
    assert cite.resolve_style("mine").path == Path("mine")


def test_dependent_style_uses_its_parent(record):
    # lab-animal.csl is a dependent style whose <link rel="independent-parent"> names nature.
    chosen = cite.resolve_style("lab-animal")
    assert chosen.path.name == "nature.csl" and chosen.name == "lab-animal"
    assert entry(record, "lab-animal") == entry(record, "nature")


def test_duplicate_ids_are_refused(capsys, tmp_path):
    for name in ("a.json", "b.json"):
        shutil.copy(RECORD_PATH, tmp_path / name)
    code, out, err = run(capsys, "cite", tmp_path)
    # The records are refused as they are read (records.py, rule id-unique), before cite sees them.
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.endswith(
        f"b.json: /id: id 'ohmoto2020genomic' is already the id of the record in {tmp_path / 'a.json'} [id-unique]\n"
    )


def test_render_refuses_ids_citeproc_would_merge(record):
    # citeproc-py keys items by the lower-cased id: records given to render() directly are checked too.
    import dataclasses

    with pytest.raises(InputError, match="two records have the id 'OHMOTO2020GENOMIC'"):
        cite.render([record, dataclasses.replace(record, id=record.id.upper())], "apa")


def test_citeproc_is_not_imported_at_start_up():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nenbib", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "nenbib.cli" in imported
    assert not [m for m in imported if m.startswith(("citeproc", "lxml"))]
