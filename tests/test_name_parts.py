"""Names cut at their commas ('Family, Given, Suffix') by the RIS, NBIB and EndNote XML readers.

The round-trip property test (test_round_trip_property.py) found valid records whose authors our
own writers wrote and our readers read back as invalid authors (an empty family name, a family
name starting with a space), so the whole file was refused: an organisation named ',,', a family
name holding '  - {' or ' },' after lower-case words. These are the exact cases, and the
real-world files with an empty or blank name part that must read with a note, not fail.
"""

from __future__ import annotations

import pytest

import nenbib
from nenbib import model
from nenbib.formats import FORMATS, _values, endnote_xml, nbib, ris
from nenbib.records import to_record

# A valid record's authors that our writers wrote and our readers refused (see the module's docstring).
HOSTILE = [
    {"name": ",,"},
    {"name": ", a"},
    {"family": "Berg  - {x", "given": "Jan"},
    {"family": "Lee }, Kim", "given": "Ann"},
    {"family": "van der  - {", "given": "Eva"},
    {"family": "ȹ ĸ  Ýx", "given": "B  C", "suffix": "Jr., M.D."},
    {"name": "a, b"},
    {"family": ", x", "given": "y"},
]

# What each reader gives back: exact where the format can hold the name; a comma inside a part is
# read as the format's separator (each module's FIDELITY says so); never an invalid author.
READ_BACK = {
    "ris": [
        {"name": ",,"},
        {"name": ", a"},
        {"family": "Berg  - {x", "given": "Jan"},
        {"family": "Lee }", "given": "Kim", "suffix": "Ann"},
        {"family": "- {", "given": "Eva", "particle": "van der"},
        {"family": "Ýx", "given": "B  C", "particle": "ȹ ĸ", "suffix": "Jr., M.D."},
        {"family": "a", "given": "b"},
        {"name": ", x, y"},
    ],
    "nbib": [
        {"name": ",,"},
        {"name": ", a"},
        {"family": "Berg  - {x", "given": "Jan"},
        {"family": "Lee }", "given": "Kim, Ann"},
        {"family": "- {", "given": "Eva", "particle": "van der"},
        {"family": "Ýx", "given": "B  C Jr., M.D", "particle": "ȹ ĸ"},
        {"name": "a, b"},
        {"name": ", x, y"},
    ],
    "endnote-xml": [
        {"name": ",,"},
        {"name": ", a"},
        {"family": "Berg  - {x", "given": "Jan"},
        {"family": "Lee }", "given": "Kim", "suffix": "Ann"},
        {"family": "- {", "given": "Eva", "particle": "van der"},
        {"family": "Ýx", "given": "B  C", "particle": "ȹ ĸ", "suffix": "Jr., M.D."},
        {"name": "a, b"},
        {"name": ", x, y"},
    ],
}


@pytest.mark.parametrize("name", sorted(READ_BACK))
def test_hostile_names_our_writer_writes_read_back_valid(name, record_dict):
    record_dict["authors"] = HOSTILE
    for key in ("affiliations", "sources"):
        record_dict.pop(key)
    assert nenbib.validate_record(record_dict) == []
    text = nenbib.export(model.from_dict(record_dict), name)
    result = FORMATS[name].load().read(text, "x")
    assert result.records[0]["authors"] == READ_BACK[name]
    to_record(result.records[0], "x")  # valid: the file is no longer refused


def test_a_name_without_family_part_is_said_once_with_its_line():
    # rispy strips a value's white space but U+FEFF, which the schema's \S does not match either.
    text = "TY  - JOUR\r\nTI  - T\r\nAU  - , Jane\r\nAU  - Doe,  Jo , \r\nAU  - \ufeff\r\nT2  - J\r\nPY  - 2020\r\nER  - \r\n"
    result = ris.read(text, "in.ris")
    assert result.records[0]["authors"] == [{"name": ", Jane"}, {"family": "Doe", "given": "Jo"}]
    assert result.warnings == [
        "in.ris: line 3: author ', Jane' has no family name before its comma (a 'Family, Given' name); "
        "read whole as an organisation's name",
        "in.ris: line 5: AU holds white space only, no name; left out",
    ]
    to_record(result.records[0], "in.ris")


def test_nbib_fau_without_family_and_parts_with_outer_space():
    text = "PMID- 1\nTI  - T\nFAU - , Jane\nFAU - Doe,  Jo  Jr\nAU  - Doe JJ\nCN  - WHO  \nAU  - Smith  JA\nDP  - 2020\nJT  - J\n"
    result = nbib.read(text, "in.nbib")
    assert result.records[0]["authors"] == [
        {"name": ", Jane"},
        {"family": "Doe", "given": "Jo", "suffix": "Jr"},
        {"name": "WHO"},
        {"family": "Smith", "given": "JA"},
    ]
    assert result.warnings == [
        "in.nbib: line 3: FAU: author ', Jane' has no family name before its comma (a 'Family, Given' name); "
        "read whole as an organisation's name"
    ]
    to_record(result.records[0], "in.nbib")


def endnote_authors(*names: str) -> str:
    authors = "".join(f"<author>{n}</author>" for n in names)
    return (
        "<?xml version='1.0' encoding='UTF-8'?><xml><records><record><ref-type name='Journal Article'>17</ref-type>"
        f"<contributors><authors>{authors}</authors></contributors><titles><title>T</title></titles>"
        "<periodical><full-title>J</full-title></periodical><dates><year>2020</year></dates></record></records></xml>"
    )


def test_endnote_author_without_family_part_and_blank_parts():
    result = endnote_xml.read(endnote_authors(", Jane", "Doe, , Jr.", "Roe,  ,  III ", "\ufeff,", "WHO ,"), "in.xml")
    assert result.records[0]["authors"] == [
        {"name": ", Jane"},
        {"family": "Doe", "suffix": "Jr."},
        {"family": "Roe", "suffix": "III"},
        {"name": "WHO"},
    ]
    assert [w.split(": ", 2)[2] for w in result.warnings] == [
        "author ', Jane' has no family name before its comma (a 'Family, Given' name); read whole as an organisation's name",
        "an author without a name; left out",
    ]
    to_record(result.records[0], "in.xml")


@pytest.mark.parametrize(
    ("family_full", "given", "suffix", "person"),
    [
        ("van der Berg", " Jan ", "", {"family": "Berg", "given": "Jan", "particle": "van der"}),
        # Split at every space, a run of two left the family name ' Smith' (validation refused it).
        ("de  Smith", "", "", {"family": "Smith", "particle": "de"}),
        ("Berg  Smith", "\u00a0", " \ufeff", {"family": "Berg  Smith"}),
        ("da", "", "Jr.", {"family": "da", "suffix": "Jr."}),  # one word: a family name, not a particle
        (" a  b  c ", "", "", {"family": "c", "particle": "a  b"}),
    ],
)
def test_person_from_name_parts(family_full, given, suffix, person):
    assert _values.person(family_full, given, suffix) == person
