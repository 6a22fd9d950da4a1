"""JabRef's MEDLINE (.nbib) import, ported as a test judge: what a JabRef user gets from our NBIB.

Source: JabRef/jabref, src/main/java/org/jabref/logic/importer/fileformat/MedlinePlainImporter.java,
commit 4e220f618a755cb7dc18882653ea46e3ed049c9e. Ported: importDatabase for the tags nenbib writes,
quirks included:
- the whole text has U+2013 replaced by '-', U+2014 and U+2015 by '--', then is cut into entries at
  blank lines; a line whose fifth character is not '-' continues the one before (trimmed, a space
  between unless the line before ends in white space); a line of four characters or fewer is
  skipped; the label is what comes before the first '-', the value what comes after it, trimmed;
- PT 'Journal Article' makes an article (other PT values keep the type); TI the title; JT the
  journal; TA title-abbreviation; VI volume; IP issue (not number); PG pages; LA language; DP the
  year and the month (its first and second word); AB the abstract, cut at its last 'Copyright'
  (the rest goes to a copyright field); AID 'x [doi]' to article-doi (only 'doi:x' is the doi);
  LID location-id; IS 'x (Print)' to Print-issn, 'x (Electronic)' to Electronic-issn, unmarked to
  issn; OT and MH joined with ', ' as keywords; FAU joined with ' and ' as the author; CN to
  corporate (each overwriting); PMID, PMC, AU, AD, AUID and the rest are not read.
Not ported: AuthorList.fixAuthorLastNameFirst (BibTeX's name rules; the tests use pybtex).
"""

from __future__ import annotations

import re

from jabref_ris import java_text

_FIELDS = {"PG": "pages", "VI": "volume", "LA": "language", "IP": "issue", "CN": "corporate", "PL": "address"}
_ARTICLE_TYPES = {
    "journal article",
    "classical article",
    "corrected and republished article",
    "historical article",
    "introductory journal article",
    "newspaper article",
}


def read(text: str) -> list[dict[str, str]]:
    """The BibTeX fields JabRef's MedlinePlainImporter makes of each entry of the text."""
    joined = java_text(text)
    out = []
    for chunk in joined.split("\n\n"):
        if not chunk.strip() or "-" not in chunk:
            continue
        fields: dict[str, str] = {"type": "misc"}
        author = ""
        lines = chunk.split("\n")
        j = 0
        while j < len(lines):
            current = lines[j]
            while j < len(lines) - 1:
                nxt = lines[j + 1]
                if len(nxt) <= 4:
                    j += 1
                    continue
                if nxt[4] != "-":
                    if current and not current[-1].isspace():
                        current += " "
                    current += nxt.strip()
                    j += 1
                else:
                    break
            j += 1
            if not (len(current) >= 5 and current[4] == "-"):
                continue
            label, value = current[: current.index("-")].strip(), current[current.index("-") + 1 :].strip()
            if label == "PT" and value.lower() in _ARTICLE_TYPES:
                fields["type"] = "article"
            elif label == "DP":
                parts = value.split(" ")
                fields["year"] = parts[0]
                if len(parts) > 1 and parts[1]:
                    fields["month"] = parts[1]
            elif label == "AB":
                if "Copyright" in value:
                    at = value.rindex("Copyright")
                    fields["copyright"] = value[at:].replace("Copyright ", "")
                    value = value[:at]
                fields["abstract"] = value if "abstract" not in fields else fields["abstract"] + "\n" + value
            elif label == "TI":
                old = fields.get("title")
                if old is not None:
                    value = old + (" " if old.endswith((":", ".", "?")) else ": ") + value
                fields["title"] = value
            elif label == "JT":
                fields["journal"] = value
            elif label == "TA":
                fields["title-abbreviation"] = value
            elif label == "AID":
                if value.startswith("doi:"):
                    fields["doi"] = re.sub(r"(?i)doi:", "", value).strip()
                elif value.find("[") > 0:
                    start = value.index("[")
                    fields["article-" + value[start + 1 : value.index("]")]] = value[: start - 1]
                else:
                    fields["article-id"] = value
            elif label == "LID":
                fields["location-id"] = value
            elif label == "IS":
                if value.find("(") > 0:
                    start = value.index("(")
                    fields[value[start + 1 : value.index(")")] + "-issn"] = value[: start - 1]
                else:
                    fields["issn"] = value
            elif label == "FAU":
                author = value if not author else author + " and " + value
            elif label in ("MH", "OT"):
                fields["keywords"] = fields["keywords"] + ", " + value if "keywords" in fields else value
            elif label in _FIELDS:
                fields[_FIELDS[label]] = value
        if author:
            fields["author"] = author
        out.append(fields)
    return out
