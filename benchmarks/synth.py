"""Synthetic collections of schema-valid records with realistic, awkward fields.

Names with accents, particles and suffixes; organisations as authors; LaTeX-hostile titles
({ } % $ & # _ ~ ^ \\); long abstracts with line breaks; affiliations; keywords in several
scripts; valid ISSN and ORCID check digits; page ranges, article numbers, full and partial dates.
Deterministic for a seed. Every record passes nenbib.validate_record (`--check` proves it).

    python benchmarks/synth.py 100000 -o big.json            # one JSON array
    python benchmarks/synth.py 1000 --folder refs-like/      # one record per file, as in refs/
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

GIVEN = [
    "José Ñandú",
    "Zoë",
    "Ánna",
    "Jürgen",
    "Søren",
    "Łukasz",
    "Chigusa",
    "Akihiro",
    "Ólafur",
    "François",
    "Mary-Jane",
    "Dmitrij",
    "Ewa",
    "Nguyễn Thị",
    "Αλέξανδρος",
    "Björk",
    "Jean-Luc",
    "Ceyda",
    "Siobhán",
    "Raúl",
]
FAMILY = [
    "Müller-Lüdenscheidt",
    "Ohmoto",
    "Morizane",
    "Ångström",
    "Çelik",
    "Dvořák",
    "Smith",
    "O'Brien",
    "Żółć",
    "Lefèvre",
    "Nakamura",
    "Kowalski",
    "Ibáñez",
    "Gödel",
    "Schrödinger",
    "Øvergaard",
    "Papadopoulos",
    "Brontë",
    "Đorđević",
    "Sánchez",
]
PARTICLE = ["van der", "de", "von", "da", "van", "de la", "di", "du", "ter"]
SUFFIX = ["Jr.", "III", "Sr.", "II"]
ORGANISATION = [
    "World Health Organization Study Group",
    "The Cancer Genome Atlas Research Network",
    "ENCODE Project Consortium",
    "Groupe d'Étude des Tumeurs Endocrines",
    "NEN Task Force & Friends",
]
INSTITUTION = [
    ("Division of Medical Oncology", "Cancer Institute Hospital", "Tokyo", "135-8550", "Japan"),
    ("Institut für Pathologie", "Universität Zürich", "Zürich", "8091", "Switzerland"),
    ("Département de Médecine", "Université Paris Cité", "Paris", "75006", "France"),
    (None, "Universiteit van Amsterdam", "Amsterdam", None, "Netherlands"),
    ("Servicio de Oncología", "Hospital Universitario La Paz", "Madrid", "28046", "España"),
    (None, "Karolinska Institutet", "Stockholm", "171 77", "Sweden"),
]
TITLE_WORDS = [
    "Genomic",
    "profiles",
    "of",
    "neuroendocrine",
    "neoplasms",
    "in",
    "the",
    "Ki-67",
    "index",
    "p53",
    "mTOR",
    "inhibition",
    "with",
    "everolimus",
    "and",
    "sunitinib",
    "naïve",
    "Ångström",
    "Ελληνικά",
    "100%",
    "$\\alpha$-cells",
    "R&D",
    "#1",
    "under_score",
    "~approx",
    "x^2",
    "{braced}",
    "back\\slash",
    "}unbalanced",
    "{open",
    "Über",
    "Méthode",
    "—",
    "“quoted”",
    "C++",
    "α/β",
]
KEYWORDS = [
    "Neuroendocrine neoplasms",
    "WHO classification",
    "genomic analysis",
    "somatostatin analogue",
    "everolimus",
    "sunitinib",
    "naïve",
    "שלום עולם",
    "Ångström",
    "p53",
    "mTOR",
    "R&D",
    "100%",
    "$x$",
    "{braced}",
    "Über",
    "PRRT",
    "Ki-67",
    "ελληνικά",
    "中文",
]
JOURNALS = [
    ("Current Drug Targets", "Curr Drug Targets", "Curr. Drug Targets", "Bentham Science Publishers"),
    ("Acta Médica", None, "Acta Méd.", "Éditions Sûres"),
    ("Journal of Clinical Oncology", "J Clin Oncol", "J. Clin. Oncol.", "American Society of Clinical Oncology"),
    ("Nature Reviews Endocrinology", "Nat Rev Endocrinol", "Nat. Rev. Endocrinol.", None),
    ("Endocrine-Related Cancer", "Endocr Relat Cancer", "Endocr.-Relat. Cancer", "Bioscientifica"),
]
SENTENCES = [
    "Neuroendocrine neoplasms (NENs) are rare tumors that mainly occur in the gastroenteropancreatic tract and lungs.",
    "Treatment strategies differ for well-differentiated and poorly differentiated subtypes.",
    "Somatostatin analogues, peptide receptor radionuclide therapy and molecular-targeted agents are approved.",
    "Promising data regarding the use of everolimus and the novel SSA pasireotide are emerging.",
    "A platinum-based cytotoxic regimen is widely used; response rates reach 40% & more in {some} series.",
    "Genomic analysis has revealed a diverse pattern of primary organ-dependent mutations (p < 0.05).",
    "Les résultats sont présentés en détail — naïve Ångström units, $\\mu$m and \\LaTeX{} markup included.",
]


def _issn(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(7)]
    check = (11 - sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return f"{text[:4]}-{text[4:]}"


def _orcid(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(15)]
    total = 0
    for d in digits:
        total = (total + d) * 2
    check = (12 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


def _date(rng: random.Random) -> dict[str, int]:
    date = {"year": rng.randrange(1950, 2026)}
    if rng.random() < 0.8:
        date["month"] = rng.randrange(1, 13)
        if rng.random() < 0.5:
            date["day"] = rng.randrange(1, 29)
    return date


def record(i: int, rng: random.Random) -> dict[str, Any]:
    """One schema-valid record; i makes its id unique in the collection."""
    affs = []
    for n in range(rng.randrange(0, 4)):
        dept, inst, city, postal, country = rng.choice(INSTITUTION)
        aff: dict[str, Any] = {"id": f"aff{n + 1}"}
        for key, value in (("department", dept), ("institution", inst), ("city", city), ("postal_code", postal)):
            if value:
                aff[key] = value
        aff["country"] = country
        aff["printed"] = ", ".join(v for v in (dept, inst, f"{city} {postal}" if postal else city, country) if v)
        affs.append(aff)
    authors: list[dict[str, Any]] = []
    for _ in range(rng.randrange(1, 9)):
        author: dict[str, Any]
        if rng.random() < 0.05:
            author = {"name": rng.choice(ORGANISATION)}
        else:
            author = {"family": rng.choice(FAMILY), "given": rng.choice(GIVEN)}
            if rng.random() < 0.15:
                author["particle"] = rng.choice(PARTICLE)
            if rng.random() < 0.05:
                author["suffix"] = rng.choice(SUFFIX)
            if rng.random() < 0.3:
                author["orcid"] = _orcid(rng)
        authors.append(author)
    # Every affiliation is used: the first authors take them in turn, others pick at random.
    for n, aff in enumerate(affs):
        authors[n % len(authors)].setdefault("affiliations", []).append(aff["id"])
    for author in authors:
        if affs and "affiliations" not in author and rng.random() < 0.7:
            author["affiliations"] = [rng.choice(affs)["id"]]
    rng.choice(authors)["corresponding"] = True
    first = authors[0]
    stem = _ascii(first.get("family") or first["name"]) or "anon"
    issued = _date(rng)
    title = " ".join(rng.choice(TITLE_WORDS) for _ in range(rng.randrange(4, 18)))
    title = title[0].upper() + title[1:]
    jtitle, nlm, iso, publisher = rng.choice(JOURNALS)
    journal: dict[str, Any] = {"title": jtitle}
    if nlm:
        journal["abbreviation_nlm"] = nlm
    journal["abbreviation_iso"] = iso
    journal["issn_print"] = _issn(rng)
    if rng.random() < 0.7:
        journal["issn_electronic"] = _issn(rng)
    rec: dict[str, Any] = {
        "id": f"{stem.lower()}{issued['year']}x{i}",
        "type": "article-journal",
    }
    if rng.random() < 0.2:
        rec["genre"] = rng.choice(["mini-review", "original article", "editorial"])
    rec["title"] = title
    rec["authors"] = authors
    if affs:
        rec["affiliations"] = affs
    rec["journal"] = journal
    if publisher:
        rec["publisher"] = publisher
    rec["issued"] = issued
    rec["volume"] = str(rng.randrange(1, 120)) + rng.choice(["", "", "", "A"])
    if rng.random() < 0.8:
        rec["issue"] = rng.choice([str(rng.randrange(1, 13)), "3-4", "S1"])
    if rng.random() < 0.85:
        start = rng.randrange(1, 2000)
        length = rng.randrange(1, 30)
        rec["pages"] = {"first": start, "last": start + length - 1, "count": length}
    else:
        rec["pages"] = {"article_number": f"e{rng.randrange(1000, 99999)}"}
    ids: dict[str, str] = {"doi": f"10.{rng.randrange(1000, 99999)}/{_ascii(jtitle).lower()[:12]}.{i}-{rng.randrange(10**6)}"}
    if rng.random() < 0.6:
        ids["pmid"] = str(rng.randrange(1, 40_000_000))
    if rng.random() < 0.3:
        ids["pmcid"] = f"PMC{rng.randrange(1, 12_000_000)}"
    rec["identifiers"] = ids
    if rng.random() < 0.8:
        rec["keywords"] = rng.sample(KEYWORDS, rng.randrange(1, 9))
    rec["language"] = rng.choice(["en", "en", "en", "de", "fr", "ja", "pt-BR"])
    if rng.random() < 0.9:
        paragraphs = [" ".join(rng.choice(SENTENCES) for _ in range(rng.randrange(2, 7))) for _ in range(rng.randrange(1, 4))]
        rec["abstract"] = "\n".join(paragraphs)
    if rng.random() < 0.5:
        rec["sources"] = [{"url": f"https://doi.org/{ids['doi']}", "fields": ["title", "authors", "issued"]}]
    return rec


def records(n: int, seed: int = 8) -> Iterator[dict[str, Any]]:
    """n records, generated one at a time."""
    rng = random.Random(seed)
    for i in range(n):
        yield record(i, rng)


def write_array(n: int, out: TextIO, seed: int = 8) -> None:
    """n records as one JSON array, in the refs/ layout (indent=2), streamed to out."""
    out.write("[")
    for i, rec in enumerate(records(n, seed)):
        out.write(",\n" if i else "\n")
        out.write("  " + json.dumps(rec, ensure_ascii=False, indent=2).replace("\n", "\n  "))
    out.write("\n]\n")


def write_folder(n: int, folder: Path, seed: int = 8) -> None:
    """n records as one file each (<id>.json), as in refs/."""
    folder.mkdir(parents=True, exist_ok=True)
    for rec in records(n, seed):
        (folder / f"{rec['id']}.json").write_text(json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: write a synthetic collection."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("-o", "--output", help="JSON array file (default: stdout)")
    parser.add_argument("--folder", help="write one record file per record into this folder instead")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--check", action="store_true", help="validate every record with nenbib.validate_record")
    args = parser.parse_args(argv)
    if args.check:
        from nenbib import validate_record

        for rec in records(args.count, args.seed):
            problems = validate_record(rec)
            if problems:
                print(f"{rec['id']}: {problems[0]}", file=sys.stderr)
                return 1
        print(f"{args.count} records valid", file=sys.stderr)
        return 0
    if args.folder:
        write_folder(args.count, Path(args.folder), args.seed)
    elif args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            write_array(args.count, fh, args.seed)
    else:
        write_array(args.count, sys.stdout, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
