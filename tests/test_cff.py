"""CITATION.cff: generated from the record, valid CFF 1.2.0, and read back exactly by YAML readers.

The CFF 1.2.0 schema in tests/data/cff-schema-1.2.0.json is the one cffconvert 2.0.0 ships
(cffconvert/schemas/1.2.0/schema.json, from citation-file-format/citation-file-format, CC-BY-4.0),
so validation needs no network; a test below proves the copy equal to cffconvert's when available.

cffconvert pins old jsonschema and ruamel releases, so it lives in a venv of its own: .ci/run builds
it and names its executable in NENBIB_CFFCONVERT.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import nenbib
from nenbib import build, cff
from nenbib.model import Person, to_dict

from conftest import REFS, ROOT

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
COMMITTED = ROOT / "CITATION.cff"

CFFCONVERT = os.environ.get("NENBIB_CFFCONVERT")
needs_cffconvert = pytest.mark.skipif(
    not (CFFCONVERT and Path(CFFCONVERT).is_file()),
    reason="NENBIB_CFFCONVERT does not name a cffconvert executable (.ci/run installs cffconvert in its own venv and sets it)",
)

# What cffconvert 2.0.0 makes of a CITATION.cff: every format reads the top level only and
# ignores preferred-citation (cffconvert/behavior_shared/*_object_shared.py list the keys used).
CFFCONVERT_KEYS = {
    "bibtex": ("authors", "title"),  # also doi, url, date-released: this package has none
    "ris": ("abstract", "authors", "keywords", "title"),
    "apalike": ("authors", "title", "version"),
    "endnote": ("authors", "keywords", "title"),
    "zenodo": ("authors", "abstract", "keywords", "license", "title", "version"),
    "schema.org": ("authors", "abstract", "keywords", "license", "title", "version"),
    "codemeta": ("authors", "abstract", "keywords", "license", "title", "version"),
}


def generated() -> str:
    (out,) = [o for o in build.planned(REFS) if o.path.name == "CITATION.cff"]
    return out.text


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_committed_citation_cff_is_generated_from_the_record():
    assert COMMITTED.read_text(encoding="utf-8") == generated(), "run nenbib build"


def test_valid_against_the_cff_1_2_0_schema(data):
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_rejects_what_it_should(data):
    """The schema check has teeth: the errors cffconvert would raise are raised here too."""
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    broken = json.loads(json.dumps(data))
    broken["preferred-citation"]["issn"] = "1389-4501, 1873-5592"
    broken["preferred-citation"]["languages"] = ["en-US"]
    del broken["authors"]
    paths = {"/".join(map(str, e.absolute_path)) for e in validator.iter_errors(broken)}
    assert paths == {"", "preferred-citation/issn", "preferred-citation/languages/0"}


def test_describes_the_package_not_the_article(data):
    assert data["cff-version"] == "1.2.0"
    assert data["type"] == "dataset"
    assert data["authors"] == [{"name": "nenbib contributors"}]
    assert data["version"] == nenbib.__version__
    assert data["license"] == "MIT"
    assert data["title"].startswith("nenbib: ")
    assert "preferred-citation" in data["message"]
    assert not {"doi", "identifiers", "date-released", "url"} & set(data), "the package has no DOI, date or URL of its own"


def test_preferred_citation_is_the_article(data, record):
    ref = data["preferred-citation"]
    assert ref["type"] == "article"
    assert ref["title"] == record.title
    assert [(a["family-names"], a["given-names"]) for a in ref["authors"]] == [(a.family, a.given) for a in record.authors]
    assert [a["affiliation"] for a in ref["authors"]] == [
        "; ".join(aff.printed for aff in record.affiliations_of(a)) for a in record.authors
    ]
    assert ref["journal"] == record.journal.title
    assert (str(ref["volume"]), str(ref["issue"])) == (record.volume, record.issue)
    assert (ref["start"], ref["end"], ref["pages"]) == (record.pages.first, record.pages.last, record.pages.count)
    assert ref["year"] == record.issued.year
    assert ref["doi"] == record.identifiers.doi
    assert ref["url"] == f"https://doi.org/{record.identifiers.doi}"
    assert ref["issn"] == record.journal.issn_print
    assert ref["publisher"] == {"name": record.publisher}
    assert ref["keywords"] == list(record.keywords)
    assert ref["abstract"] == record.abstract
    assert ref["languages"] == [record.language]


def test_top_level_names_journal_volume_and_pages_for_converters(data, record):
    """cffconvert ignores preferred-citation: the title and abstract carry the article in words."""
    for text in (data["title"], data["abstract"]):
        assert record.title in text
        assert f"{record.journal.title} {record.volume}({record.issue}): {record.pages.first}\u2013{record.pages.last}" in text
    assert f"doi:{record.identifiers.doi}" in data["abstract"]
    for name in ("refs/ohmoto2020genomic.json", *(f"refs/ohmoto2020genomic{f.build_suffix}" for f in build.built_formats()[0])):
        assert name in data["abstract"]


def test_several_records_become_references(record):
    from dataclasses import replace

    other = replace(record, id="other2021x", title="Another Title", volume=None, issue=None, pages=None, language="pt-BR")
    data = yaml.safe_load(cff.citation_cff([record, other], cff.NENBIB))
    assert "preferred-citation" not in data and "references" in data
    assert [r["title"] for r in data["references"]] == [record.title, "Another Title"]
    assert data["references"][1]["languages"] == ["pt"] and "volume" not in data["references"][1]
    assert jsonschema.Draft7Validator(SCHEMA).is_valid(data)


@pytest.mark.parametrize("count, named", [(1, "Ohmoto (2020)"), (2, "Ohmoto and Morizane (2020)"), (3, "Ohmoto et al. (2020)")])
def test_one_two_or_more_authors_are_named(record, count, named, tmp_path):
    from dataclasses import replace

    # A record with one author stopped nenbib build with an internal error (IndexError).
    authors = (*record.authors, Person(family="Tester", given="Tess"))[:count]
    used = {a for author in authors for a in author.affiliations}
    one = replace(record, authors=authors, affiliations=tuple(a for a in record.affiliations if a.id in used))
    assert cff.describe(one).startswith(named + ", \u201c")
    data = yaml.safe_load(cff.citation_cff([one], cff.NENBIB))
    assert named in data["title"] and jsonschema.Draft7Validator(SCHEMA).is_valid(data)
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / f"{one.id}.json").write_text(json.dumps(to_dict(one)), encoding="utf-8")
    package = cff.package_for(refs, ["Doe, Jane"])
    assert [o.path.name for o in build.planned(refs, package=package) if o.path.name == "CITATION.cff"] == ["CITATION.cff"]


def test_article_number_person_details_and_pmid(record):
    from dataclasses import replace

    from nenbib.model import Organization, Pages

    first = replace(record.authors[0], particle="van der", suffix="Jr.", orcid="0000-0002-1825-0097")
    r = replace(
        record,
        authors=(first, Organization("NEN Study Group")),
        pages=Pages(article_number="e1234"),
        identifiers=replace(record.identifiers, pmid="31612345", pmcid="PMC1234567"),
    )
    ref = cff.reference(r)
    assert ref["authors"][0]["name-particle"] == "van der" and ref["authors"][0]["name-suffix"] == "Jr."
    assert ref["authors"][0]["orcid"] == "https://orcid.org/0000-0002-1825-0097"
    assert ref["authors"][1] == {"name": "NEN Study Group"}
    assert ref["start"] == "e1234" and "end" not in ref and "pages" not in ref
    assert ref["pmcid"] == "PMC1234567"
    assert ref["identifiers"] == [{"type": "other", "value": "31612345", "description": "PubMed ID (PMID)"}]
    data = cff.citation([r], cff.NENBIB)
    assert jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).is_valid(data)


# ---- whose package: nenbib's own records, or another project's ------------------------------


def other_refs(tmp_path: Path, record, **changes) -> Path:
    """A project's refs/ folder (not nenbib's) holding one record."""
    from dataclasses import replace

    refs = tmp_path / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    one = replace(record, **changes)
    (refs / f"{one.id}.json").write_text(json.dumps(to_dict(one)), encoding="utf-8")
    return refs


def records_in(refs: Path) -> list:
    from nenbib import resources

    return [nenbib.load_record(p) for p in resources.record_files(refs)]


def test_nenbibs_package_is_for_its_own_records_only(tmp_path, record):
    assert cff.package_for(REFS) == cff.NENBIB
    assert cff.package_for(REFS.parent / ".." / REFS.parent.name / "refs") == cff.NENBIB  # however it is named
    # The audit's reproducer: nenbib's record copied into another project, and another record.
    for refs in (other_refs(tmp_path / "a", record), other_refs(tmp_path / "b", record, id="mine2024x", title="My Own")):
        assert cff.package_for(refs) is None  # CFF requires authors; nenbib's are not this project's
        assert [o.path.name for o in build.planned(refs) if o.path.suffix == ".cff"] == []


@pytest.mark.parametrize("own", [False, True])
def test_options_give_the_package_authors_version_and_licence(tmp_path, record, own):
    refs = REFS if own else other_refs(tmp_path, record, id="mine2024x", title="My Own")
    package = cff.package_for(refs, ["Doe, Jane", "  NEN   Lab ", "Prince,"], " 2.1 ", ["mit", "cc-by-4.0", "MIT"])
    data = yaml.safe_load(cff.citation_cff(records_in(refs), package))
    assert data["authors"] == [{"family-names": "Doe", "given-names": "Jane"}, {"name": "NEN Lab"}, {"family-names": "Prince"}]
    assert (data["version"], data["license"]) == ("2.1", ["MIT", "CC-BY-4.0"])
    assert data["title"].startswith("nenbib: citation record of " if own else "Citation record of Ohmoto")
    assert jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).is_valid(data)


def test_another_projects_citation_cff_claims_nothing_of_nenbib(tmp_path, record):
    refs = other_refs(tmp_path, record, id="mine2024x", title="My Own")
    data = yaml.safe_load(cff.citation_cff(records_in(refs), cff.package_for(refs, ["Doe, Jane"])))
    assert data["authors"] == [{"family-names": "Doe", "given-names": "Jane"}]
    assert not {"version", "license"} & set(data)  # not given: left out (both optional in CFF), not nenbib's
    assert data["title"] == f"Citation record of {cff.describe(records_in(refs)[0])}" and "My Own" in data["title"]
    assert "nenbib contributors" not in json.dumps(data)
    assert jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).is_valid(data)


def test_licence_is_an_spdx_id_cff_knows():
    from nenbib.errors import UsageError
    from nenbib.spdx import LICENSES

    assert LICENSES == set(SCHEMA["definitions"]["license-enum"]["enum"])
    assert cff.license_id(" apache-2.0 ") == "Apache-2.0"
    with pytest.raises(UsageError, match=r"'MIT OR Apache-2\.0': CFF 1\.2\.0 takes SPDX licence ids, not expressions"):
        cff.license_id("MIT OR Apache-2.0")
    with pytest.raises(UsageError, match=r"'GPL-3' is not an SPDX licence id CFF 1\.2\.0 knows; did you mean 'GPL-3.0'\?"):
        cff.license_id("GPL-3")
    with pytest.raises(UsageError, match=r"e\.g\. MIT, CC-BY-4\.0"):
        cff.license_id("proprietary")


@pytest.mark.parametrize("bad", ["", "   ", ", Jane", " ,", "{}", "{ }"])
def test_an_author_names_somebody(bad):
    from nenbib.errors import UsageError

    with pytest.raises(UsageError, match="names nobody"):
        cff.author_object(bad)


@pytest.mark.parametrize(
    ("given", "want"),
    [
        ("Doe, Jane", {"family-names": "Doe", "given-names": "Jane"}),
        ("Doe,", {"family-names": "Doe"}),
        ("King, Jr., Martin Luther", {"family-names": "King", "given-names": "Martin Luther", "name-suffix": "Jr."}),
        ("NEN Lab", {"name": "NEN Lab"}),
        ("{Acme, Inc.}", {"name": "Acme, Inc."}),
        (" { Acme,  Inc. } ", {"name": "Acme, Inc."}),
    ],
)
def test_an_author_is_read_as_bibtex_reads_a_name(given, want):
    # 'Acme, Inc.' was the person 'Inc. Acme' (cffconvert's APA: 'Acme I.'), and 'Doe, Jane, Jr.' gave 'Jane, Jr.'.
    assert cff.author_object(given) == want


def test_too_many_commas_and_repeated_authors():
    from nenbib.errors import UsageError

    with pytest.raises(UsageError, match=r"'a, b, c, d' has 3 commas; .*'\{Acme, Inc\.\}' when it has a comma"):
        cff.author_object("a, b, c, d")
    # CFF requires unique authors: the same person twice failed cffconvert --validate ("non-unique elements").
    assert cff.authors_objects(["Doe, Jane", "NEN Lab", "Doe,  Jane", "NEN  Lab"]) == (
        {"family-names": "Doe", "given-names": "Jane"},
        {"name": "NEN Lab"},
    )


# ---- the YAML emitter ---------------------------------------------------------------------

TRICKY = [
    "",
    "no",
    "yes",
    "null",
    "~",
    "1e3",
    "0x1F",
    "2020-01-01",
    "- item",
    "key: value",
    "# comment",
    "'single'",
    '"double"',
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "cr\rlf",
    "nel\x85",
    "ls\u2028ps\u2029",
    "bom\ufeff",
    "del\x7f",
    "c1\x9b",
    "nul\x00",
    "emoji \U0001f600 \u00e9\u00df\u4e2d\u05d0",
    "  lead and trail  ",
    "{[flow]}",
    "&anchor *alias !tag %directive @at `tick` |pipe >fold",
]


@pytest.mark.parametrize("text", TRICKY)
def test_emitter_round_trips_tricky_strings(text):
    doc = {"title": text, "list": [text, 1, True, None], "nested": {"k": [{"a": text, "b": []}], "e": {}}, text or "x": text}
    assert yaml.safe_load(cff.dumps(doc)) == doc


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_emitter_round_trips_any_string(text):
    assert yaml.safe_load(cff.dumps({"value": text, "items": [text]})) == {"value": text, "items": [text]}


def test_emitter_refuses_unknown_types():
    with pytest.raises(TypeError):
        cff.dumps({"x": 1.5})


# ---- cffconvert, in its own venv --------------------------------------------------------


def cffconvert(*args: str) -> subprocess.CompletedProcess[str]:
    assert CFFCONVERT
    return subprocess.run([CFFCONVERT, *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


@needs_cffconvert
def test_cffconvert_validates_the_committed_file():
    result = cffconvert("--validate", "-i", str(COMMITTED))
    assert result.returncode == 0, result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


@needs_cffconvert
@pytest.mark.parametrize(
    "options",
    [
        (["NEN Lab"], None, []),
        (["Doe, Jane", "Roe, Rick"], "2.1", ["CC0-1.0", "MIT"]),
        (["Doe, Jane", "Doe,  Jane", "{Acme, Inc.}", "King, Jr., Martin"], None, ["CC0-1.0"]),  # a repeat was invalid
    ],
)
def test_cffconvert_validates_another_projects_file(tmp_path, record, options):
    refs = other_refs(tmp_path, record, id="mine2024x", title="My Own")
    (out,) = [o for o in build.planned(refs, package=cff.package_for(refs, *options)) if o.path.name == "CITATION.cff"]
    out.path.write_text(out.text, encoding="utf-8")
    result = cffconvert("--validate", "-i", str(out.path))
    assert result.returncode == 0, result.stdout + result.stderr
    converted = cffconvert("-i", str(out.path), "-f", "zenodo").stdout
    assert "nenbib contributors" not in converted and "My Own" in converted and ("CC0-1.0" in converted) == bool(options[2])


@needs_cffconvert
def test_cffconvert_rejects_an_invalid_file(tmp_path):
    """The validation above can fail: a wrong ISSN makes cffconvert exit non-zero."""
    broken = tmp_path / "CITATION.cff"
    broken.write_text(COMMITTED.read_text(encoding="utf-8").replace('issn: "1389-4501"', 'issn: "1389-4501X"'), encoding="utf-8")
    assert cffconvert("--validate", "-i", str(broken)).returncode != 0


@needs_cffconvert
def test_vendored_schema_is_cffconverts():
    python = Path(CFFCONVERT).with_name("python")
    where = subprocess.run(
        [str(python), "-c", "import cffconvert, os; print(os.path.dirname(cffconvert.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shipped = json.loads((Path(where) / "schemas" / "1.2.0" / "schema.json").read_text(encoding="utf-8"))
    assert shipped == SCHEMA


@needs_cffconvert
def test_cffconverts_yaml_reader_reads_what_we_wrote(tmp_path):
    """cffconvert reads with ruamel.yaml (YAML 1.2), PyYAML is 1.1: both must agree on every tricky string."""
    doc = {"strings": TRICKY}
    path = tmp_path / "t.yaml"
    path.write_text(cff.dumps(doc), encoding="utf-8")
    python = Path(CFFCONVERT).with_name("python")
    code = (
        "import json, sys; from ruamel.yaml import YAML; "
        "print(json.dumps(YAML(typ='safe').load(open(sys.argv[1], encoding='utf-8'))))"
    )
    result = subprocess.run([str(python), "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == doc


@needs_cffconvert
@pytest.mark.parametrize("fmt", sorted(CFFCONVERT_KEYS))
def test_cffconvert_conversions_carry_the_article(fmt, data, record):
    result = cffconvert("-i", str(COMMITTED), "-f", fmt)
    assert result.returncode == 0 and "does not pass validation" not in result.stdout, result.stdout + result.stderr
    out = result.stdout
    assert "nenbib contributors" in out
    # Journal, volume, issue and pages reach every format through the title (and the abstract where kept).
    where = f"{record.journal.title} {record.volume}({record.issue}): {record.pages.first}\u2013{record.pages.last}"
    assert where in out
    assert ("abstract" in CFFCONVERT_KEYS[fmt]) == (f"doi:{record.identifiers.doi}" in out)
    assert ("version" in CFFCONVERT_KEYS[fmt]) == (nenbib.__version__ in out)
    assert ("keywords" in CFFCONVERT_KEYS[fmt]) == ("bibliography" in out)


@needs_cffconvert
@pytest.mark.parametrize("fmt", sorted(CFFCONVERT_KEYS))
def test_cffconvert_ignores_preferred_citation(fmt, record):
    """Documented in the README: cffconvert 2.0.0 drops preferred-citation whole (no journal field,
    no structured volume or pages, not the article's authors or keywords). When this fails,
    cffconvert learnt to read it: update the README."""
    out = cffconvert("-i", str(COMMITTED), "-f", fmt).stdout
    assert record.authors[0].given not in out
    assert record.keywords[-1] not in out
    assert "Bentham" not in out
