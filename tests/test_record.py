"""The shipped record holds exactly the verified facts of the foundation issue, nothing else."""

from __future__ import annotations

from nenbib import model
from nenbib.model import Person

ABSTRACT = (
    "Neuroendocrine neoplasms (NENs) are rare tumors that mainly occur in the gastroenteropancreatic (GEP) tract and lungs. "
    "According to the current World Health Organization classification for GEP-NENs and lung NENs, treatment strategies "
    "differ for well-differentiated and poorly differentiated subtypes. For well-differentiated GEP-NENs, somatostatin "
    "analogues (SSA), peptide receptor radionuclide therapy, and molecular-targeted agents are approved as the standards of "
    "care based on phase III clinical trial data. Promising data regarding the use of everolimus and the novel SSA "
    "pasireotide for lung NENs are emerging, though additional studies are required to confirm these effects. For poorly "
    "differentiated tumors from the GEP tract and lung, a platinum-based cytotoxic regimen is widely used. Genomic analysis "
    "has recently revealed a diverse pattern of primary organ-dependent mutations, and the use of traditional treatment "
    "strategies versus organ-specific strategies is currently under discussion. In addition, clinical trials for several "
    "molecular-targeted agents and immune checkpoint inhibitors for the treatment of NENs are currently underway. "
    "Accumulating genomic information is expected to contribute to the development of novel therapies for other "
    "organ-derived NENs or poorly differentiated neuroendocrine carcinomas (NECs). Here, we provide an updated overview of "
    "the current knowledge regarding genomic profiles and representative agents for NENs and highlight the prospects for "
    "future investigations."
)


def test_every_fact_exactly(record):
    r = record
    assert r.id == "ohmoto2020genomic"
    assert r.type == "article-journal"
    assert r.genre == "mini-review"
    assert r.title == "Genomic Profiles and Current Therapeutic Agents in Neuroendocrine Neoplasms"
    assert [(a.family, a.given) for a in r.authors if isinstance(a, Person)] == [("Ohmoto", "Akihiro"), ("Morizane", "Chigusa")]
    assert [a.corresponding for a in r.authors] == [True, False]
    assert [a.printed for a in r.affiliations_of(r.authors[0])] == [
        "Division of Medical Oncology, Cancer Institute Hospital, Japanese Foundation for Cancer Research, Tokyo 135-8550, Japan"
    ]
    assert [a.printed for a in r.affiliations_of(r.authors[1])] == [
        "Department of Hepatobiliary and Pancreatic Oncology, National Cancer Center Hospital, Tokyo 104-0045, Japan"
    ]
    aff1 = r.affiliation("aff1")
    assert (aff1.department, aff1.institution, aff1.city, aff1.postal_code, aff1.country) == (
        "Division of Medical Oncology",
        "Cancer Institute Hospital, Japanese Foundation for Cancer Research",
        "Tokyo",
        "135-8550",
        "Japan",
    )
    aff2 = r.affiliation("aff2")
    assert (aff2.department, aff2.institution, aff2.city, aff2.postal_code, aff2.country) == (
        "Department of Hepatobiliary and Pancreatic Oncology",
        "National Cancer Center Hospital",
        "Tokyo",
        "104-0045",
        "Japan",
    )
    assert r.journal == model.Journal(
        title="Current Drug Targets",
        abbreviation_nlm="Curr Drug Targets",
        abbreviation_iso="Curr. Drug Targets",
        issn_print="1389-4501",
        issn_electronic="1873-5592",
    )
    assert r.publisher == "Bentham Science Publishers"
    assert r.issued == model.Date(2020)
    assert (r.volume, r.issue) == ("21", "4")
    assert r.pages == model.Pages(first=389, last=405, count=17)
    assert r.identifiers == model.Identifiers(doi="10.2174/1389450119666191014105211")
    assert r.keywords == (
        "Neuroendocrine neoplasms",
        "WHO classification",
        "genomic analysis",
        "somatostatin analogue",
        "peptide receptor radionuclide therapy",
        "molecular-targeted agent",
        "everolimus",
        "sunitinib",
    )
    assert r.language == "en"
    assert r.abstract == ABSTRACT
    assert [s.url for s in r.sources] == [
        "https://www.eurekaselect.com/175619/article",
        "http://www.currentdrugtargets.com/articles/175619/genomic-profiles-and-current-therapeutic-agents-in-neuroendocrine-neoplasms",
    ]


def test_no_invented_facts(record_dict):
    # No PMID, PMCID, ORCID or online date was found: none may appear.
    assert set(record_dict["identifiers"]) == {"doi"}
    assert all("orcid" not in a for a in record_dict["authors"])
    assert set(record_dict["issued"]) == {"year"}
    assert set(record_dict) == {
        "id", "type", "genre", "title", "authors", "affiliations", "journal", "publisher", "issued",
        "volume", "issue", "pages", "identifiers", "keywords", "language", "abstract", "sources",
    }  # fmt: skip


def test_model_round_trips_the_json(record_dict):
    assert model.to_dict(model.from_dict(record_dict)) == record_dict


def test_a_particle_ending_in_an_apostrophe_or_hyphen_joins_the_family_name():
    # As citeproc-js and pandoc print a CSL non-dropping-particle "d'": d'Alembert, not d' Alembert.
    import dataclasses

    from pybtex.database import parse_string

    import nenbib
    from nenbib.model import Person
    from nenbib.records import load_record

    people = (Person("Alembert", "Jean", "d'"), Person("Khwarizmi", "Muhammad", "al-"), Person("Berg", "Jan", "van der"))
    assert [p.family_full for p in people] == ["d'Alembert", "al-Khwarizmi", "van der Berg"]
    r = dataclasses.replace(load_record(), authors=people, affiliations=())
    entry = parse_string(nenbib.export(r, "bibtex"), "bibtex").entries[r.id]
    assert [" ".join(p.prelast_names + p.last_names) for p in entry.persons["author"]] == [
        "d'Alembert",
        "al-Khwarizmi",
        "van der Berg",
    ]
    assert "AU  - d'Alembert, Jean\r\n" in nenbib.export(r, "ris")
    # nenbib cite (citeproc-py, which would print "d' Alembert") and the page's reference agree.
    from nenbib import cite

    [entry] = cite.render([dataclasses.replace(r, authors=people[:1])], "apa", "text").entries
    assert entry.startswith("d\u2019Alembert, J.") or entry.startswith("d'Alembert, J."), entry


def test_a_suffix_without_a_given_name_is_not_read_as_one():
    import dataclasses

    import nenbib
    from nenbib.formats import FORMATS
    from nenbib.records import load_record

    r = dataclasses.replace(load_record(), authors=(Person("Nobody", suffix="Jr."), Person("Roe", "Jane")), affiliations=())
    for fmt, suffix in (("endnote-xml", "Jr."), ("nbib", "Jr"), ("ris", "Jr.")):
        [item] = FORMATS[fmt].load().read(nenbib.export(r, fmt), f"x.{fmt}").records
        assert item["authors"][0] == {"family": "Nobody", "suffix": suffix}, fmt


def test_affiliations_of_one_author_come_back_to_that_author():
    import dataclasses

    import nenbib
    from nenbib.formats import FORMATS
    from nenbib.model import Affiliation
    from nenbib.records import load_record, to_record

    affs = (Affiliation("a1", "Lab A, Tokyo"), Affiliation("a2", "Lab B, Osaka"), Affiliation("a3", "Lab A, Tokyo"))
    r = dataclasses.replace(load_record(), authors=(Person("Roe", "Jane", affiliations=("a1", "a2", "a3")),), affiliations=affs)
    for fmt in ("ris", "nbib"):
        result = FORMATS[fmt].load().read(nenbib.export(r, fmt), f"x.{fmt}")
        [item] = result.records
        back = to_record(item, f"x.{fmt}")  # valid: no repeated reference
        assert [back.affiliation(a).printed for a in back.authors[0].affiliations] == ["Lab A, Tokyo", "Lab B, Osaka"], fmt
        assert not [w for w in result.warnings if "AD" in w], result.warnings


def test_nbib_au_initials_ii_and_iv_are_initials_not_suffixes():
    from nenbib.formats import nbib

    text = "PMID- 1\nTI  - T\nAU  - Ivanov II\nAU  - Petrov IV\nAU  - Moore WS Jr\nJT  - J\nDP  - 1990\n"
    [item] = nbib.read(text, "x.nbib").records
    assert item["authors"] == [
        {"family": "Ivanov", "given": "II"},
        {"family": "Petrov", "given": "IV"},
        {"family": "Moore", "given": "WS", "suffix": "Jr"},
    ]


def test_a_name_in_cjk_script_reads_family_name_first_without_a_space():
    # CSL 1.0.2, name-part order: the page's author list and the JSON-LD name follow it.
    import dataclasses
    import json

    import nenbib
    from nenbib.records import load_record

    assert Person("山田", "太郎").display == "山田太郎"
    assert Person("김", "민준").display == "김민준"
    assert Person("Wang", "小明").display == "小明 Wang"  # mixed scripts: reading order as written
    r = dataclasses.replace(load_record(), authors=(Person("山田", "太郎"),), affiliations=())
    doc = json.loads(nenbib.export(r, "jsonld"))
    assert doc["author"][0]["name"] == "山田太郎" and doc["author"][0]["familyName"] == "山田"
