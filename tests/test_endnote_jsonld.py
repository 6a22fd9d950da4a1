"""schema.org JSON-LD judged by json and schema.org shape checks (the EndNote XML tests are in test_endnote_xml.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nenbib
from nenbib.model import Person
from nenbib.records import iter_records

from conftest import RECORD_PATH

HARD = sorted((Path(__file__).parent / "data" / "hard").glob("*.json"))
ALL = [RECORD_PATH, *HARD]


def walk_parts(node: dict) -> dict:
    """isPartOf chain as {type: node}."""
    out = {}
    while node:
        out[node["@type"]] = node
        node = node.get("isPartOf")
    return out


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_jsonld_shape(path):
    r = next(iter_records([str(path)]))
    text = nenbib.export(r, "jsonld")
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ScholarlyArticle"
    assert data["headline"] == data["name"] == r.title
    assert len(data["author"]) == len(r.authors)
    for a, person in zip(r.authors, data["author"], strict=True):
        if isinstance(a, Person):
            assert person["@type"] == "Person" and person["familyName"] == a.family_full
            assert person.get("givenName") == a.given
            assert person.get("sameAs") == (f"https://orcid.org/{a.orcid}" if a.orcid else None)
        else:
            # schema.org defines affiliation for a Person only; an Organization is memberOf others.
            assert person == {
                "@type": "Organization",
                "name": a.name,
                **({"memberOf": person["memberOf"]} if a.affiliations else {}),
            }
        affs = person.get("affiliation" if isinstance(a, Person) else "memberOf", [])
        assert [o["@type"] for o in affs] == ["Organization"] * len(a.affiliations)
        for o, aff in zip(affs, r.affiliations_of(a), strict=True):
            assert o["name"] == (aff.institution or aff.printed)
            if aff.city:
                assert o["address"]["@type"] == "PostalAddress" and o["address"]["addressLocality"] == aff.city
    parts = walk_parts(data["isPartOf"])
    assert parts["Periodical"]["name"] == r.journal.title
    assert parts["Periodical"].get("issn", []) == [x for x in (r.journal.issn_print, r.journal.issn_electronic) if x]
    assert parts.get("PublicationVolume", {}).get("volumeNumber") == r.volume
    assert parts.get("PublicationIssue", {}).get("issueNumber") == r.issue
    ids = {p["propertyID"]: p["value"] for p in data.get("identifier", [])}
    assert all(p["@type"] == "PropertyValue" for p in data.get("identifier", []))
    assert ids.get("DOI") == r.identifiers.doi and ids.get("PMID") == r.identifiers.pmid
    assert data.get("sameAs") == r.doi_url
    assert data["datePublished"] == r.issued.iso()
    assert data.get("keywords", []) == list(r.keywords)
    assert data.get("inLanguage") == r.language and data.get("abstract") == r.abstract


def test_jsonld_shipped_record(record):
    data = json.loads(nenbib.export(record, "jsonld"))
    assert (data["pageStart"], data["pageEnd"]) == ("389", "405")
    periodical = walk_parts(data["isPartOf"])["Periodical"]
    assert periodical["alternateName"] == ["Curr Drug Targets", "Curr. Drug Targets"]
    assert periodical["publisher"] == {"@type": "Organization", "name": "Bentham Science Publishers"}
    assert data["identifier"] == [{"@type": "PropertyValue", "propertyID": "DOI", "value": record.identifiers.doi}]
    assert data["author"][0]["affiliation"][0]["department"]["name"] == "Division of Medical Oncology"


def test_jsonld_several_records_are_an_array():
    records = list(iter_records([str(p) for p in ALL]))
    data = json.loads(nenbib.export(records, "jsonld"))
    assert isinstance(data, list) and [d["name"] for d in data] == [r.title for r in records]
    assert json.loads(nenbib.export([], "jsonld")) == []


# The types schema.org defines each property we write on (schema.org's "Used on these types", with the
# subtypes we use: ScholarlyArticle, PublicationIssue, PublicationVolume and Periodical are CreativeWorks).
WORKS = {"ScholarlyArticle", "PublicationIssue", "PublicationVolume", "Periodical"}
PAGED = {"ScholarlyArticle", "PublicationIssue", "PublicationVolume"}  # Article, PublicationIssue, PublicationVolume
AGENTS = {"Person", "Organization"}
DOMAINS = {
    **dict.fromkeys(("headline", "author", "genre", "datePublished", "isPartOf", "publisher", "inLanguage", "abstract"), WORKS),
    **dict.fromkeys(("pageStart", "pageEnd", "pagination"), PAGED),
    **dict.fromkeys(("identifier", "sameAs", "url", "alternateName"), WORKS | AGENTS),
    "name": WORKS | AGENTS,
    "keywords": WORKS | {"Organization"},
    "issn": {"Periodical"},  # CreativeWorkSeries
    "issueNumber": {"PublicationIssue"},
    "volumeNumber": {"PublicationVolume"},
    **dict.fromkeys(("givenName", "familyName", "honorificSuffix", "affiliation"), {"Person"}),
    **dict.fromkeys(("memberOf", "address"), AGENTS),
    "department": {"Organization"},
    **dict.fromkeys(("addressLocality", "postalCode", "addressCountry"), {"PostalAddress"}),
    **dict.fromkeys(("propertyID", "value"), {"PropertyValue"}),
}


def misplaced(node, path="$"):
    """Every (path, type, property) where a property is written on a type schema.org does not define it for."""
    if isinstance(node, list):
        return [m for i, x in enumerate(node) for m in misplaced(x, f"{path}[{i}]")]
    if not isinstance(node, dict):
        return []
    found = [(path, node.get("@type"), k) for k in node if not k.startswith("@") and node.get("@type") not in DOMAINS.get(k, ())]
    return found + [m for k, v in node.items() for m in misplaced(v, f"{path}.{k}")]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_property_is_one_schema_org_defines_for_its_type(path):
    data = json.loads(nenbib.export(next(iter_records([str(path)])), "jsonld"))
    assert misplaced(data) == []
    # The judge is not blind: a Person's property on an Organization, an ISSN on the article, are caught.
    assert misplaced({"@type": "Organization", "affiliation": []}) == [("$", "Organization", "affiliation")]
    assert misplaced({"@type": "ScholarlyArticle", "issn": "1389-4501"}) == [("$", "ScholarlyArticle", "issn")]
