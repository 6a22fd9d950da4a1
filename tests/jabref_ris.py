"""JabRef's RIS import, ported as a test judge: what a JabRef user gets from our RIS.

Source: JabRef/jabref, src/main/java/org/jabref/logic/importer/fileformat/RisImporter.java,
commit 00bbcab82a104a79651b2ba44644a17511ca3d21 (2025). Ported: importDatabase for the tags
nenbib writes and their neighbours in its if-chain, quirks included:
- the whole text has U+2013 replaced by '-', U+2014 and U+2015 by '--', then is cut into entries at
  'ER  -'; a line whose characters 2-6 are not '  - ' continues the one before (a space between
  unless one side is white space); a line shorter than 6 characters is skipped;
- the first of T2/J2/JA is the journal, JO/J1/JF and a later JA overwrite it; AU/A1-A4 are joined with ' and ';
  IS, AN, C7 and M1 each overwrite the number; AD, CY and PP each overwrite the address; SN
  overwrites the issn; SP and EP make pages 'SP--EP'; KW are joined with ', '; C2 is an eprint of
  eprinttype pubmed; M3 and DO set the doi when they parse as one; ID is refid;
- the date from the first of Y1 > PY > DA > Y2 (by priority) whose first four characters are a
  year: the year, and the month from its second '/' part;
- empty fields removed.
Not ported: AuthorList.fixAuthorLastNameFirst, which parses the joined author string by BibTeX's
name rules; the tests parse it with pybtex, which follows the same rules.
"""

from __future__ import annotations

import re

_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d+(?:\.\d+)*/\S+)", re.IGNORECASE)
_DATE_TAGS = ["Y1", "PY", "DA", "Y2"]


def java_text(text: str) -> str:
    """What JabRef's RIS and MEDLINE importers read first: BufferedReader.lines() (lines ended by
    '\\n', '\\r' or '\\r\\n'; a final one ends the last line) joined with '\\n', then U+2013 replaced
    by '-' and U+2014 and U+2015 by '--'."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines[-1] == "":
        lines.pop()
    return "\n".join(lines).replace("\u2013", "-").replace("\u2014", "--").replace("\u2015", "--")


def read(text: str) -> list[dict[str, str]]:
    """The BibTeX fields JabRef's RisImporter makes of each entry of the text."""
    joined = java_text(text)
    entries = re.split(r"ER {2}-.*(?:\n)*", joined)
    # Java's String.split drops trailing empty strings.
    while entries and entries[-1] == "":
        entries.pop()
    out = []
    for chunk in entries:
        fields: dict[str, str] = {}
        author, start_page, end_page = "", "", ""
        abstract: list[str] = []
        date_tag, date_value, date_priority = "", "", len(_DATE_TAGS)
        lines = chunk.split("\n")
        j = 0
        while j < len(lines):
            current = lines[j]
            while j < len(lines) - 1:
                nxt = lines[j + 1]
                if len(nxt) >= 6 and nxt[2:6] != "  - ":
                    if current and not current[-1].isspace() and not nxt[0].isspace():
                        current += " "
                    current += nxt
                    j += 1
                else:
                    break
            j += 1
            if len(current) < 6:
                continue
            tag, value = current[:2], current[6:].strip()
            if tag == "TY":
                fields["type"] = "article" if value in ("JOUR", "MGZN") else value
            elif tag in ("T1", "TI"):
                old = fields.get("title")
                if old is not None:
                    value = old + (" " if old.endswith((":", ".", "?")) else ": ") + value
                fields["title"] = re.sub(r"\s+", " ", value)
            elif tag in ("T2", "J2", "JA") and not fields.get("journal"):
                fields["journal"] = value
            elif tag in ("JO", "J1", "JF", "JA"):  # JA reaches the chain's later 'JA or JF' branch
                fields["journal"] = value
            elif tag in ("AU", "A1", "A2", "A3", "A4"):
                author = value if not author else author + " and " + value
            elif tag == "LA":
                fields["language"] = value
            elif tag in ("IS", "AN", "C7", "M1"):
                fields["number"] = value
            elif tag == "SP":
                start_page = value
            elif tag == "PB":
                fields["publisher"] = value
            elif tag in ("AD", "CY", "PP"):
                fields["address"] = value
            elif tag == "EP":
                end_page = "--" + value if value else ""
            elif tag == "SN":
                fields["issn"] = value
            elif tag == "VL":
                fields["volume"] = value
            elif tag in ("N2", "AB"):
                if "\n".join(abstract) != value:
                    abstract.append(value)
            elif tag in ("UR", "L2", "LK"):
                fields["url"] = value
            elif tag in _DATE_TAGS and len(value) >= 4:
                priority = _DATE_TAGS.index(tag)
                if priority < date_priority and value[:4].isdigit():
                    date_tag, date_value, date_priority = tag, value, priority
            elif tag == "KW":
                fields["keywords"] = fields["keywords"] + ", " + value if "keywords" in fields else value
            elif tag in ("M3", "DO"):
                m = _DOI.fullmatch(value.strip())
                if m:
                    fields["doi"] = m.group(1)
            elif tag == "C2":
                fields["eprint"], fields["eprinttype"] = value, "pubmed"
            elif tag == "ID":
                fields["refid"] = value
            if author:
                fields["author"] = author
            if abstract:
                fields["abstract"] = "\n".join(abstract)
            fields["pages"] = start_page + end_page
        if date_tag:
            fields["year"] = date_value[:4]
            parts = date_value.split("/")
            if len(parts) > 1 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
                fields["month"] = str(int(parts[1]))
        out.append({k: v for k, v in fields.items() if v.strip()})
    return out
