"""`nenbib import`, `nenbib convert` and `nenbib formats` through the CLI."""

from __future__ import annotations

import codecs
import json

import pytest

from nenbib.convert import fidelity_markdown, import_file, readable_formats
from nenbib.errors import ValidationError
from nenbib.formats import FIELDS, FORMATS, by_suffix

from conftest import RECORD_PATH
from conftest import run_cli as run


def test_import_canonical_record_reproduces_the_file(capsys):
    code, out, err = run(capsys, "import", RECORD_PATH)
    assert code == 0, err
    assert out == RECORD_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n in readable_formats() if n != "record"])
def test_import_detects_format_by_suffix_and_by_content(capsys, tmp_path, name):
    fmt = FORMATS[name]
    exported = tmp_path / ("x" + fmt.build_suffix)
    code, _, err = run(capsys, "export", "-q", "-f", name, "-o", exported)
    assert code == 0, err
    code, out, err = run(capsys, "import", exported)
    assert code == 0, err
    by_suffix = json.loads(out)
    assert by_suffix["id"] == "ohmoto2020genomic"
    assert by_suffix["identifiers"]["doi"] == "10.2174/1389450119666191014105211"
    bare = tmp_path / "no-ending"
    bare.write_bytes(exported.read_bytes())
    code, out, err = run(capsys, "import", bare)
    assert code == 0, err
    assert json.loads(out) == by_suffix


def test_import_writes_output_atomically(capsys, tmp_path):
    target = tmp_path / "r.json"
    code, out, err = run(capsys, "import", RECORD_PATH, "-o", target)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "ohmoto2020genomic"


def test_import_invalid_record_is_refused(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    data = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    data["pages"]["last"] = 300
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "out.json"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "import", bad, "-o", target)
    assert code == 1 and "[page-order]" in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_import_unknown_content(capsys, tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n", encoding="utf-8")
    code, _, err = run(capsys, "import", odd)
    assert code == 1 and "cannot tell the format" in err


def test_import_unknown_format_is_usage_error(capsys):
    code, _, err = run(capsys, "import", "-f", "docx", RECORD_PATH)
    assert code == 2 and "no reader for 'docx'" in err


def test_convert_record_to_csl_json(capsys, tmp_path):
    code, out, err = run(capsys, "convert", RECORD_PATH, "--to", "csl-json", "-q")
    assert code == 0, err
    assert json.loads(out)[0]["DOI"] == "10.2174/1389450119666191014105211"


def test_convert_needs_a_target(capsys):
    code, _, err = run(capsys, "convert", RECORD_PATH)
    assert code == 2 and "--to" in err


def test_formats_table_lists_every_field_and_format(capsys):
    code, out, _ = run(capsys, "formats")
    assert code == 0 and out == fidelity_markdown()
    header = out.splitlines()[0]
    assert all(name in header for name in FORMATS)
    assert [line.split("|")[1].strip() for line in out.splitlines()[2:]] == list(FIELDS)


def test_formats_details_give_reasons(capsys):
    code, out, _ = run(capsys, "formats", "--details")
    assert code == 0
    assert "csl-json: affiliations: dropped: CSL has no place for affiliations" in out.splitlines()
    # What Zotero's BibTeX import reads differently in rare text was stated only in the modules' ZOTERO
    # tables, which the tests read and users never saw (an IEEE DOI '10.1109/TELFOR...' reaches Zotero
    # as '...℡FOR'); what it loses from every record is in the table already, not twice.
    zotero = [line for line in out.splitlines() if ": in Zotero: " in line]
    assert any(line.startswith("bibtex: identifiers.doi: in Zotero: ") and "'TEL' U+2121" in line for line in zotero)
    assert not any(line.startswith(("bibtex: publisher:", "bibtex: pages.count:")) for line in zotero)
    # What bibutils' readers read differently (tests/test_bibutils_judge.py judges each note): a RIS
    # journal title reaching bibutils as an abbreviation was stated nowhere.
    bibutils = [line for line in out.splitlines() if ": in bibutils: " in line]
    assert (
        "ris: journal.title: in bibutils: bibutils reads T2 as the journal's abbreviated title (its title stays empty)"
        in bibutils
    )
    assert {line.split(":")[0] for line in bibutils} == {"bibtex", "biblatex", "ris", "endnote-xml"}


@pytest.mark.parametrize("command", [["import"], ["convert", "-t", "csl-json"]])
def test_a_failed_import_shows_the_reader_s_warnings_before_its_error(capsys, tmp_path, command):
    # The warning is the why: without it the error names only a missing date.
    ris = tmp_path / "d.ris"
    ris.write_bytes(b"TY  - JOUR\r\nTI  - T\r\nAU  - Doe, J\r\nT2  - J\r\nPY  - Spring 2020\r\nER  - \r\n")
    code, out, err = run(capsys, *command, ris)
    lines = err.splitlines()
    assert code == 1 and out == ""
    assert lines[0].startswith(f"nenbib: warning: {ris}: line 5: PY 'Spring 2020'")
    no_date = "the entry has no usable PY, DA or Y1 line with a year; a record requires issued.year"
    assert lines[-1] == f"nenbib: error: {ris}: line 1: record doet: {no_date} [schema:required]"
    book = tmp_path / "book.bib"
    book.write_text("@book{b, title={T}}\n", encoding="utf-8")
    code, out, err = run(capsys, *command, book)
    assert code == 1 and err.splitlines() == [
        f"nenbib: warning: {book}: line 1: @book{{b}} is not a journal article; left out",
        f"nenbib: error: {book}: no bibtex record found",
    ]


# Two entries each, the second (starting on the line given) without a journal.
SECOND_HAS_NO_JOURNAL = {
    "a.bib": ("@article{k1, title={T}, author={Doe, J}, journal={J}, year={2020}}\n\n@article{k2, title={U},\n"
              " author={Roe, J}, year={2021}}\n", 3, "record k2: the entry has no usable journal field"),
    "a.ris": ("TY  - JOUR\nTI  - T\nAU  - Doe, J\nT2  - J\nPY  - 2020\nER  - \n\nTY  - JOUR\nTI  - U\nAU  - Roe, J\n"
              "PY  - 2021\nER  - \n", 8, "record roe2021u: the entry has no usable T2, JF or JO line"),
    "a.nbib": ("PMID- 1\nTI  - T.\nFAU - Doe, Jane\nDP  - 2020\nJT  - J\n\nPMID- 2\nTI  - U.\nFAU - Roe, Rick\n"
               "DP  - 2021\n", 7, "record roe2021u: the entry has no usable JT or TA line"),
    "a.xml": ('<?xml version="1.0"?>\n<xml><records>\n<record><ref-type name="Journal Article">17</ref-type>'
              "<contributors><authors><author>Doe, J</author></authors></contributors><titles><title>T</title>"
              "<secondary-title>J</secondary-title></titles><dates><year>2020</year></dates></record>\n\n"
              '<record><ref-type name="Journal Article">17</ref-type><contributors><authors><author>Roe, J</author>'
              "</authors></contributors><titles><title>U</title></titles><dates><year>2021</year></dates></record>\n"
              "</records></xml>\n", 5, "record roe2021u: the entry has no usable <periodical><full-title> or"),
}  # fmt: skip


@pytest.mark.parametrize("name", SECOND_HAS_NO_JOURNAL)
def test_an_import_error_names_the_line_the_entry_starts_on(capsys, tmp_path, name):
    # It named "/1", the second record read: no place in a .bib, .ris, .nbib or EndNote XML file.
    text, line, says = SECOND_HAS_NO_JOURNAL[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", path)
    assert code == 1 and out == ""
    assert err.splitlines()[-1].startswith(f"nenbib: error: {path}: line {line}: {says}")


# Shapes of file whose entries a reader could place wrong, and the lines its records start on: blocks of
# several lines before them, an entry in parentheses, a BOM and CRLF; text before TY and no ER; NBIB
# files joined with cat, the second opened by PMC's 'PMC - ' line.
ENTRY_LINES = {
    "blocks.bib": (
        '\ufeff@comment{a\nb}\r\n@string{j = {J}}\r\n@preamble{"x"}\r\n\r\n@article(k1, title={T}, author={D, J},\r\n'
        " journal=j, year=2020)\r\n@book{b, title={B}}\r\n@article{k2, title={U}, author={R, J}, journal=j, year=2021}\r\n",
        ["line 6", "line 9"],
    ),
    "junk.ris": (
        "\n\nProvider: X\n\nTY  - JOUR\nTI  - T\nAU  - D, J\nT2  - J\nPY  - 2020\nER  - \n"
        "TY  - JOUR\nTI  - U\nAU  - R, J\nT2  - J\nPY  - 2021\n",
        ["line 5", "line 11"],
    ),
    "cat.nbib": (
        "PMID- 1\nTI  - T.\nFAU - D, J\nDP  - 2020\nJT  - J\nPMC - PMC1\nPMID- 2\nTI  - U.\nFAU - R, J\nDP  - 2021\nJT  - J\n",
        ["line 1", "line 6"],
    ),
}


@pytest.mark.parametrize("name", ENTRY_LINES)
def test_readers_place_each_entry_at_the_line_it_starts_on(name):
    text, places = ENTRY_LINES[name]
    assert by_suffix(name).load().read(text, name).places == places


def test_an_import_error_in_a_one_line_endnote_export_names_the_column(capsys, tmp_path):
    # EndNote writes its XML export on one line: 'line 1' named every record of the file.
    text, _, says = SECOND_HAS_NO_JOURNAL["a.xml"]
    text = text.replace("\n", "")
    path = tmp_path / "My EndNote Library.xml"
    path.write_text(text, encoding="utf-8")
    column = text.index("<record>", text.index("<record>") + 1) + 1
    code, out, err = run(capsys, "convert", "-t", "ris", path)
    assert code == 1 and out == ""
    assert err.splitlines()[-1].startswith(f"nenbib: error: {path}: line 1, column {column}: {says}")
    with pytest.raises(ValidationError) as e:
        import_file(str(path))
    [problem] = e.value.problems
    assert problem.as_dict()["pointer"] is None
    assert (problem.as_dict()["line"], problem.as_dict()["column"]) == (1, column)


def test_an_import_error_at_a_line_names_the_record_field(capsys, tmp_path):
    path = tmp_path / "a.ris"
    path.write_text("TY  - JOUR\nTI  - T\nAU  - Doe, J\nT2  - J\x07x\nPY  - 2020\nER  - \n", encoding="utf-8")
    code, _, err = run(capsys, "import", path)
    assert code == 1
    assert err.splitlines()[-1] == (
        f"nenbib: error: {path}: line 1: record doe2020t: journal.title: contains the control character U+0007"
        " [no-control-characters]"
    )


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("a.ris", "TY  - JOUR\nTI  - T\nAU  - Doe, J\nT2  - J\nSN  - 1234-567X\nSN  - 1873-5592\nPY  - 2020\nER  - \n",
         "line 5: "),
        ("a.bib", "@article{k, title={T}, author={Doe, J}, journal={J}, year=2020, issn={1234-567X, 1873-5592}}\n",
         "line 1: issn: "),
    ],
)  # fmt: skip
def test_an_issn_with_a_wrong_check_digit_is_left_out_with_a_note_not_the_whole_file(capsys, tmp_path, name, text, where):
    # A typo in one identifier must not refuse the file (as a malformed ORCID or DOI does not); --strict refuses it.
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", path)
    assert code == 0
    assert f"nenbib: warning: {path}: {where}ISSN 1234-567X has a wrong check digit; left out" in err.splitlines()
    assert json.loads(out)["journal"] == {"title": "J", "issn_print": "1873-5592"}
    code, out, err = run(capsys, "import", "--strict", path)
    assert code == 1 and out == "" and "1234-567X has a wrong check digit" in err


@pytest.mark.parametrize("command", [["import"], ["convert", "-t", "ris"]])
def test_a_csl_json_error_names_the_item_in_the_file_not_the_record_kept(capsys, tmp_path, command):
    # The book is left out: the error named "/1", the second item, a fine article, not the third.
    items = [
        {"id": "b", "type": "book", "title": "A Book"},
        {"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "Doe"}], "container-title": "J",
         "issued": {"date-parts": [[2020]]}},
        {"id": "c", "type": "article-journal", "title": "U", "author": [{"family": "Roe"}], "issued": {"date-parts": [[2021]]}},
    ]  # fmt: skip
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    code, out, err = run(capsys, *command, path)
    no_journal = "the entry has no usable container-title; a record requires journal.title"
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == f"nenbib: error: {path}: /2: {no_journal} [schema:required]"


@pytest.mark.parametrize(
    ("shape", "place"),
    [
        (lambda item: item, "/"),  # one item, the whole file: no array index
        (lambda item: [{"id": "k", "itemData": item}], "/0/itemData"),  # a cited item of a document
        (
            lambda item: {"citationItems": [{"id": 1, "itemData": {"type": "book"}}, {"id": 2, "itemData": item}]},
            "/citationItems/1/itemData",
        ),
    ],
    ids=["one-object", "item-data", "citation-items"],
)
def test_a_csl_json_error_names_the_item_s_place_in_other_shapes(capsys, tmp_path, shape, place):
    item = {"id": "c", "type": "article-journal", "title": "U", "author": [{"family": "Roe"}], "issued": {"date-parts": [[2021]]}}
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(shape(item), indent=1), encoding="utf-8")
    code, out, err = run(capsys, "import", path)
    no_journal = "the entry has no usable container-title; a record requires journal.title"
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == f"nenbib: error: {path}: {place}: {no_journal} [schema:required]"


def test_a_csl_json_error_names_the_record_field_in_the_message_not_in_the_item_s_pointer(capsys, tmp_path):
    # '/0/authors/0/family' named the record's field in the item's place, where the file has 'author':
    # the pointer names the item, the message the record field.
    item = {"id": "c", "type": "article-journal", "title": "T", "author": [{"family": "Roe"}], "container-title": "J"}
    item |= {"ISSN": "1389-4501", "issued": {"date-parts": [[2021]]}}
    item["author"][0]["family"] = "Ro\x07e"
    path = tmp_path / "lib.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    code, _, err = run(capsys, "import", path)
    assert code == 1
    assert err.splitlines()[-1] == (
        f"nenbib: error: {path}: /0: authors.0.family: contains the control character U+0007 [no-control-characters]"
    )


def test_strict_names_the_file_once_and_counts_the_warnings(capsys, tmp_path):
    ris = tmp_path / "d.ris"
    ris.write_text("TY  - JOUR\nTI  - T\nAU  - Doe, J\nT2  - J\nPY  - Spring 2020\nER  - \n", encoding="utf-8")
    code, out, err = run(capsys, "import", "--strict", ris)
    assert code == 1 and out == ""
    *warnings, error = err.splitlines()
    assert len(warnings) == 2
    assert error == f"nenbib: error: {ris}: 2 warnings with --strict; the first: {warnings[0].split(f'{ris}: ', 1)[1]}"


def test_strict_with_one_warning_names_it_without_counting(capsys, tmp_path):
    # '1 warning with --strict; the first: ...' had no second.
    ris = tmp_path / "d.ris"
    ris.write_text("TY  - JOUR\nTI  - T\nAU  - Doe, J\nT2  - J\nPY  - 2020\nZZ  - x\nER  - \n", encoding="utf-8")
    code, out, err = run(capsys, "import", "--strict", ris)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"nenbib: warning: {ris}: line 6: ZZ 'x': unknown RIS tag, not kept",
        f"nenbib: error: {ris}: a warning with --strict: line 6: ZZ 'x': unknown RIS tag, not kept",
    ]


def test_bibtexparser_s_own_log_stays_off_stderr(tmp_path):
    # Its logging.lastResort line would repeat, without the file's name, what the warning says.
    import subprocess
    import sys

    bib = tmp_path / "eof.bib"
    bib.write_text("@article{a, title={T}, journal={J}, year=2020, author={A, B}}\n@article{b, title={T\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "nenbib", "import", str(bib)], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"nenbib: warning: {bib}: line 2: an entry does not parse (Unexpectedly reached end of file.); left out"
    ]


CP1252_RIS = "TY  - JOUR\r\nAU  - Müller, Jürgen\r\nTI  - Café – a study\r\nT2  - J Test\r\nPY  - 2020\r\nER  - \r\n"


def test_import_reads_a_file_in_the_encoding_given(capsys, tmp_path):
    # EndNote on Windows exports RIS as 'ANSI' (cp1252): it was refused with only "save it as
    # UTF-8", and no option read it.
    src = tmp_path / "endnote.ris"
    src.write_bytes(CP1252_RIS.encode("cp1252"))
    code, _, err = run(capsys, "import", src)
    assert code == 1 and "not UTF-8: byte 0xFC" in err and "--encoding cp1252" in err
    for command in (["import", src], ["convert", src, "-t", "csl-json"]):
        code, out, err = run(capsys, *command, "--encoding", "cp1252")
        assert code == 0, err
        data = json.loads(out)
        item = data[0] if isinstance(data, list) else data
        assert item["title"] == "Café – a study"
        assert (item.get("authors") or item.get("author"))[0]["given"] == "Jürgen"
    u16 = tmp_path / "u16.ris"
    u16.write_text(CP1252_RIS, encoding="utf-16")
    code, out, err = run(capsys, "import", u16, "--encoding", "utf-16")
    assert code == 0 and json.loads(out)["title"] == "Café – a study", err


@pytest.mark.parametrize(
    ("name", "says"),
    [("nope", "--encoding 'nope' is no encoding Python knows"), ("base64", "--encoding 'base64' is not a text encoding")],
)
def test_an_unknown_encoding_is_a_usage_error(capsys, tmp_path, name, says):
    src = tmp_path / "in.ris"
    src.write_bytes(CP1252_RIS.encode("utf-8"))
    code, out, err = run(capsys, "import", src, "--encoding", name)
    assert code == 2 and out == "" and says in err


def test_a_byte_the_encoding_given_has_not_is_one_error_with_its_line(capsys, tmp_path):
    src = tmp_path / "in.ris"
    src.write_bytes(CP1252_RIS.encode("cp1252"))
    code, out, err = run(capsys, "import", src, "--encoding", "ascii")
    assert code == 1 and out == ""
    said = "not ascii as --encoding says: byte 0xFC at offset 19 cannot be decoded [file]"
    assert err.strip() == f"nenbib: error: {src}: line 2: {said}"


JABREF_BIB = (
    "% This file was created with JabRef 2.10.\n% Encoding: Cp1252\n\n"
    "@Article{m,\n  author = {Müller, Jürgen},\n  title = {Café},\n  journal = {J},\n  year = {2020}\n}\n"
)


def test_a_jabref_file_is_read_in_the_encoding_it_declares(capsys, tmp_path):
    # JabRef 2 saved .bib files in the platform's encoding and said so on its second line.
    text = JABREF_BIB.replace("\n", "\r\n")
    src = tmp_path / "jabref.bib"
    src.write_bytes(text.encode("cp1252"))
    code, out, err = run(capsys, "import", src)
    assert code == 0, err
    assert json.loads(out)["authors"][0] == {"family": "Müller", "given": "Jürgen"} and json.loads(out)["title"] == "Café"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
@pytest.mark.parametrize("name", ["cp1252", "latin-1"])
def test_a_utf8_file_is_not_read_mangled_in_the_encoding_given(capsys, tmp_path, name, bom):
    # Read as cp1252, 'Müller' became 'MÃ¼ller' without a word (with a BOM, 'ï»¿TY' also lost the
    # record): UTF-8 text is told by its bytes, and a BOM says so outright.
    src = tmp_path / "in.ris"
    src.write_bytes(bom + CP1252_RIS.encode("utf-8"))
    code, out, err = run(capsys, "import", src, "--encoding", name)
    assert code == 1 and out == "", err
    said = "byte order mark" if bom else "line 2: file is UTF-8 ('ü' on this line, which read as"
    assert said in err and "leave out --encoding" in err and "Ã" not in out
    for same in ("utf-8-sig", "UTF8", "utf_8"):  # UTF-8 by any name reads as without the option
        code, out, err = run(capsys, "import", src, "--encoding", same)
        assert code == 0 and json.loads(out)["authors"][0]["family"] == "Müller", err


def test_a_jabref_header_does_not_mangle_a_file_saved_since_as_utf8(capsys, tmp_path):
    # An editor re-saved the file as UTF-8 and kept JabRef's header: read as Cp1252, every accent
    # was mangled without a word.
    text = JABREF_BIB
    src = tmp_path / "jabref.bib"
    src.write_bytes(text.encode("utf-8"))
    code, out, err = run(capsys, "import", src)
    assert code == 1 and out == ""
    assert f"{src}: line 5: file is UTF-8" in err and "'% Encoding: Cp1252' says" in err and "--encoding utf-8" in err
    code, out, err = run(capsys, "import", src, "--encoding", "utf-8")
    assert code == 0 and json.loads(out)["authors"][0] == {"family": "Müller", "given": "Jürgen"}, err


def test_a_utf16_le_file_given_so_has_no_bom_in_its_text(capsys, tmp_path):
    # utf-16-le keeps the BOM as U+FEFF: the CSL-JSON reader refused the file ('Unexpected UTF-8 BOM').
    item = {"type": "article-journal", "title": "Café", "author": [{"family": "Müller", "given": "J"}]}
    item |= {"container-title": "J", "issued": {"date-parts": [[2020]]}}
    src = tmp_path / "u16.json"
    src.write_bytes(codecs.BOM_UTF16_LE + json.dumps([item], ensure_ascii=False).encode("utf-16-le"))
    code, out, err = run(capsys, "import", src, "--encoding", "utf-16-le")
    assert code == 0 and err == "" and json.loads(out)["title"] == "Café", err


ENDNOTE_XML = (
    '<?xml version="1.0" encoding="{}"?>\n<xml><records><record><ref-type name="Journal Article">17</ref-type>'
    "<contributors><authors><author>Müller, Jürgen</author></authors></contributors><titles><title>Café study</title>"
    "<secondary-title>J Test</secondary-title></titles><periodical><full-title>J Test</full-title></periodical>"
    "<dates><year>2020</year></dates></record></records></xml>\n"
)


@pytest.mark.parametrize(("declared", "codec"), [("windows-1252", "cp1252"), ("ISO-8859-1", "latin-1")])
def test_an_xml_file_is_read_in_the_encoding_its_declaration_names(capsys, tmp_path, declared, codec):
    # The XML declaration says the file's encoding; it was ignored and the file refused as 'not UTF-8'.
    src = tmp_path / "lib.xml"
    src.write_bytes(ENDNOTE_XML.format(declared).encode(codec))
    code, out, err = run(capsys, "import", src)
    assert code == 0, err
    assert json.loads(out)["authors"][0] == {"family": "Müller", "given": "Jürgen"} and json.loads(out)["title"] == "Café study"


def test_a_utf8_xml_file_that_declares_another_encoding_is_refused_with_the_fix(capsys, tmp_path):
    src = tmp_path / "lib.xml"
    src.write_bytes(ENDNOTE_XML.format("windows-1252").encode("utf-8"))
    code, out, err = run(capsys, "import", src)
    assert code == 1 and out == "" and 'its XML declaration encoding="windows-1252" says' in err and "--encoding utf-8" in err
    code, out, err = run(capsys, "import", src, "--encoding", "utf-8")
    assert code == 0 and json.loads(out)["title"] == "Café study", err


ET_AL_FILES = {
    "x.bib": "@article{k, author = {Doe, Jane and et al.}, title = {T}, journal = {J}, year = {2020}}\n",
    "x.ris": "TY  - JOUR\r\nTI  - T\r\nAU  - Doe, Jane\r\nAU  - et al.\r\nT2  - J\r\nPY  - 2020\r\nER  - \r\n",
    "x.nbib": "PMID- 1\nTI  - T\nFAU - Doe, Jane\nAU  - Doe J\nAU  - et al\nJT  - J\nDP  - 2020\n",
    "x.xml": "<xml><records><record><ref-type name='Journal Article'>17</ref-type><contributors><authors>"
    "<author>Doe, Jane</author><author>et al.</author></authors></contributors><titles><title>T</title>"
    "<secondary-title>J</secondary-title></titles><dates><year>2020</year></dates></record></records></xml>",
    "x.csl.json": '[{"type": "article-journal", "title": "T", "container-title": "J", "issued": {"date-parts": [[2020]]},'
    ' "author": [{"family": "Doe", "given": "Jane"}, {"literal": "et al."}]}]',
}


@pytest.mark.parametrize("name", sorted(ET_AL_FILES))
def test_et_al_closing_the_authors_is_no_author(capsys, tmp_path, name):
    """'et al.' stands for authors not named: every reader but NBIB's read an author so named
    (BibTeX's as family 'al.' with the particle 'et'), without a word."""
    src = tmp_path / name
    src.write_text(ET_AL_FILES[name], encoding="utf-8")
    code, out, err = run(capsys, "import", src)
    assert code == 0, err
    assert [a.get("family") for a in json.loads(out)["authors"]] == ["Doe"]
    assert "the further authors are not named; left out" in err


@pytest.fixture
def small_limit(monkeypatch):
    """A file limit of 10 kB instead of 32 MiB: a few records go over it."""
    from nenbib import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10_000)
    return files.MAX_FILE_BYTES


def test_an_over_limit_record_array_is_refused_with_the_way_out(capsys, tmp_path, small_limit):
    """convert and import read a file whole, up to the limit; export streams a record array of any
    size. The refusal said only 'split the collection'."""
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    big = tmp_path / "my refs.json"
    big.write_text(json.dumps([{**record, "id": f"r{i}"} for i in range(6)], indent=2), encoding="utf-8")
    assert big.stat().st_size > small_limit
    out = tmp_path / "out.ris"
    for args in (["convert", big, "-t", "ris", "-o", out], ["import", big], ["convert", big, "-f", "record", "-t", "ris"]):
        code, stdout, err = run(capsys, *args)
        assert code == 1 and stdout == "" and not out.exists()
        assert err.count("\n") == 1 and err.startswith(f"nenbib: error: {big}: file is 0.0 MiB; the limit is 0 MiB per file ")
        assert f"`nenbib export -f FORMAT -o OUT '{big}'`" in err and f"`nenbib validate '{big}'`" in err
    # The way out works under the same limit.
    code, _, err = run(capsys, "export", "-q", "-f", "ris", "-o", out, big)
    assert code == 0, err
    assert out.read_bytes().count(b"ER  - ") == 6


@pytest.mark.parametrize("kind", ["csl-json array", "one record", "bibtex"])
def test_other_over_limit_files_keep_the_plain_refusal(capsys, tmp_path, small_limit, kind):
    """What export cannot stream (another format, one record parsed whole) is not sent there."""
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    if kind == "csl-json array":
        path = tmp_path / "items.json"
        items = [{"type": "article-journal", "title": "x" * 3000, "DOI": f"10.1/{i}"} for i in range(6)]
        path.write_text(json.dumps(items), encoding="utf-8")
    elif kind == "one record":
        path = tmp_path / "one.json"
        path.write_text(json.dumps({**record, "abstract": "x" * 20_000}), encoding="utf-8")
    else:
        path = tmp_path / "refs.bib"  # a record array by content, but a .bib by its name
        path.write_text(json.dumps([record] * 6), encoding="utf-8")
    assert path.stat().st_size > small_limit
    code, _, err = run(capsys, "convert", path, "-t", "ris")
    assert code == 1
    assert err == f"nenbib: error: {path}: file is 0.0 MiB; the limit is 0 MiB per file (split the collection) [file]\n"


# One entry of each readable format with everything a record requires but its journal.
NO_JOURNAL = {
    "bibtex": ("@article{k, author={Doe, Jane}, title={T}, year={2020}}\n", "journal field"),
    "biblatex": ("@article{k, author={Doe, Jane}, title={T}, date={2020}}\n", "journaltitle or journal field"),
    "ris": ("TY  - JOUR\r\nAU  - Doe, Jane\r\nTI  - T\r\nPY  - 2020\r\nER  - \r\n", "T2, JF or JO line"),
    "nbib": ("PMID- 1\nTI  - T.\nFAU - Doe, Jane\nDP  - 2020\n", "JT or TA line"),
    "endnote-xml": (
        '<xml><records><record><ref-type name="Journal Article">17</ref-type><contributors><authors><author>Doe, Jane'
        "</author></authors></contributors><titles><title>T</title></titles><dates><year>2020</year></dates></record>"
        "</records></xml>",
        "<periodical><full-title> or <titles><secondary-title>",
    ),
    "csl-json": (
        '[{"type": "article-journal", "title": "T", "author": [{"family": "Doe"}], "issued": {"date-parts": [[2020]]}}]',
        "container-title",
    ),
}


def test_every_reader_names_where_a_required_field_comes_from():
    assert set(NO_JOURNAL) == {n for n in readable_formats() if n != "record"}


@pytest.mark.parametrize("name", sorted(NO_JOURNAL))
def test_a_missing_journal_is_named_in_the_format_s_own_words(capsys, tmp_path, name):
    """'/0/journal: 'title' is a required property' spoke of the record, not of the entry: a .bib
    with a title field was told 'title' was missing."""
    text, source = NO_JOURNAL[name]
    path = tmp_path / "in.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", "-f", name, path)
    assert (code, out) == (1, "")
    assert f": the entry has no usable {source}; a record requires journal.title [schema:" in err.splitlines()[-1]


def _repeats(fmt: str) -> str:
    """Four records of one key: 'T', 'U', 'T' again (its key's case differs, a field no record keeps),
    'U' again, in the format's own layout."""
    rows = [("a3", "T", ""), ("a3", "U", ""), ("A3", "T", "x"), ("a3", "U", "")]
    if fmt == "bibtex":
        return "".join(
            f"@article{{{k}, title={{{t}}}, author={{Roe, Ann}}, journal={{J}}, year=2020{', xnote={x}' if x else ''}}}\n"
            for k, t, x in rows
        )
    if fmt == "ris":
        return "".join(
            f"TY  - JOUR\nID  - {k}\nTI  - {t}\nAU  - Roe, Ann\nT2  - J\nPY  - 2020\n{'XX  - x' + chr(10) if x else ''}ER  - \n\n"
            for k, t, x in rows
        )
    if fmt == "csl-json":
        items = [
            {
                "id": k,
                "type": "article-journal",
                "title": t,
                "author": [{"family": "Roe", "given": "Ann"}],
                "container-title": "J",
            }
            | {"issued": {"date-parts": [[2020]]}}
            | ({"xnote": x} if x else {})
            for k, t, x in rows
        ]
        return "[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]\n"
    return (
        "<xml><records>\n"
        + "".join(
            f'<record><ref-type name="Journal Article">17</ref-type><label>{k}</label><contributors><authors><author>Roe, '
            f"Ann</author></authors></contributors><titles><title>{t}</title><secondary-title>J</secondary-title></titles>"
            f"<dates><year>2020</year></dates>{'<custom3>x</custom3>' if x else ''}</record>\n"
            for k, t, x in rows
        )
        + "</records></xml>\n"
    )


@pytest.mark.parametrize(
    ("fmt", "notes"),
    [
        (
            "bibtex",
            [
                "line 2: key 'a3' repeats line 1's, whose record differs (BibTeX and biber read the first entry of a key"
                " only); the record's key is 'a3a'",
                "line 3: key 'A3' repeats line 1's 'a3' (keys compare without case) and reads as the same record; left out",
                "line 4: key 'a3' repeats line 2's and reads as the same record; left out",
            ],
        ),
        (
            "ris",
            [
                "line 10: ID 'a3' repeats line 1's, whose record differs; used 'a3a'",
                "line 18: ID 'A3' repeats line 1's 'a3' (keys compare without case) and reads as the same record; left out",
                "line 27: ID 'a3' repeats line 9's and reads as the same record; left out",
            ],
        ),
        (
            "csl-json",
            [
                "line 3: item 1: id 'a3' repeats item 0's, whose record differs; used 'a3a'",
                "line 4: item 2: id 'A3' repeats item 0's 'a3' (keys compare without case) and reads as the same record;"
                " left out",
                "line 5: item 3: id 'a3' repeats item 1's and reads as the same record; left out",
            ],
        ),
        (
            "endnote-xml",
            [
                "line 3: label: 'a3' repeats line 2's, whose record differs; used 'a3a'",
                "line 4: label: 'A3' repeats line 2's 'a3' (keys compare without case) and reads as the same record; left out",
                "line 5: label: 'a3' repeats line 3's and reads as the same record; left out",
            ],
        ),
    ],
)
def test_a_repeated_key_keeps_a_record_that_differs_and_leaves_out_one_that_is_the_same(fmt, notes):
    # One rule in every reader, whether the key's case differs or not (BibTeX compares keys without
    # case, and so does nenbib's id check): the BibTeX reader left out an exact repeat however it
    # differed (a record lost) and kept one whose case differed; the RIS, CSL-JSON and EndNote XML
    # readers kept a second copy of the same record as 'a3a'. The notes of a record left out, which
    # repeat the earlier's, are not repeated.
    result = FORMATS[fmt].load().read(_repeats(fmt), "x")
    first = {"type": "article-journal", "title": "T", "authors": [{"family": "Roe", "given": "Ann"}], "journal": {"title": "J"}}
    first |= {"issued": {"year": 2020}, "id": "a3"}
    assert result.records == [first, first | {"id": "a3a", "title": "U"}]
    assert result.warnings == [f"x: {n}" for n in notes]
