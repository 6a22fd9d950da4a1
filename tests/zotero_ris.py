"""Zotero's RIS import, ported as a test judge: what a Zotero user gets from our RIS.

Source: zotero/translators, RIS.js, commit f50d4465fc40623d76d23d0690b71008ba4186c0 (header
lastUpdated 2023-07-28). Ported, for the journal-article item type:
- RISReader: the line loop (`_getTagValue`, `_nextLine`, `nextEntry`): the tag pattern
  `^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$`, lines that do not match are dropped outside a value and
  are continuation lines inside one (joined with a space; a line break before them for AB, N1,
  N2, RN when the file's longest line is over 85 characters, the previous line under 65, or the
  line blank; always a line break for KW, L1, L2, L3), U+2028/U+2029 as spaces, a TY before ER
  opens a new record, an ER outside a record is skipped.
- TagMapper.getField over [fieldMap, degenerateImportFieldMap], reduced to its answers for
  journalArticle (JOURNAL_FIELDS below; the item-type lists of the maps are not ported);
  the deprecated tags (those of degenerateImportFieldMap) processed after the others.
- processTag / applyValue: trim, unescapeHTML for all but N1, RN, AB; N1 notes; EP joined to SP;
  PY as the backup date; M3 as a DOI through cleanDOI (else unknown); UR 'PM:'; creators split at
  the first comma ('lastName' before it, the rest the first name; none: a one-field name); tags
  split at line breaks and semicolons; 'unsupported/...' and unknown tags kept in a note only
  when the hidden pref ignoreUnknown is off (Zotero's default: on, so they are dropped); a field
  already set is not overwritten; DOI cleaned; fields invalid for journalArticle dropped.
- dateRIStoZotero (not the accessDate branch) and completeItem: backup publication title, EP
  before SP, backup date (also replacing a '0000' year), DOI cleaned, a journal named by its
  abbreviation alone, a lone tag split at commas, the note of unknown fields.

Also ported: zotero/utilities utilities.js cleanDOI (its regex) and unescapeHTML (HTML text
content, runs of spaces collapsed), and zotero/zotero translate.js Zotero.Translate.IO.String.read
(lines end at LF, a CR before it dropped; CR ends lines only in a file without LF).

Simplified (said where it is done): the ProCite, EndNote (EDBOOK) and Citavi cleaners, which
do not touch a JOUR record without N1 'Label: value' notes or H1/H2 tags; attachments (L1, L2,
L4) kept as paths only; unescapeHTML through Python's html.parser instead of a browser DOM.
"""

from __future__ import annotations

import html.parser
import re
from typing import Any

# What TagMapper.getField answers for itemType journalArticle: fieldMap first, then
# degenerateImportFieldMap (a tag found in the first map with no answer for this type falls
# through to the second). None: no field (the line is kept only in the unknown-fields note).
JOURNAL_FIELDS: dict[str, str | None] = {
    # fieldMap, the same for all types
    "AB": "abstractNote",
    "AN": "archiveLocation",
    "CN": "callNumber",
    "DB": "archive",
    "DO": "DOI",
    "DP": "libraryCatalog",
    "J2": "journalAbbreviation",
    "KW": "tags",
    "L1": "attachments/PDF",
    "L2": "attachments/HTML",
    "L4": "attachments/other",
    "N1": "notes",
    "ST": "shortTitle",
    "UR": "url",
    "Y2": "accessDate",
    # fieldMap, by type (journalArticle's entry, or __default)
    "TI": "title",
    "T2": "publicationTitle",
    "T3": "series",
    "AU": "creators/author",
    "A1": "creators/author",
    "A2": "creators/editor",
    "A4": "creators/translator",
    "CY": "place",
    "DA": "date",
    "ET": "edition",
    "IS": "issue",
    "LA": "language",
    "M1": "issue",  # fieldMap has none for journalArticle; degenerate: 'EndNote hack'
    "M3": "DOI",  # degenerate map
    "NV": "numberOfVolumes",
    "OP": "unsupported/Original Publication",  # degenerate map
    "PB": "publisher",
    "PY": "date",
    "SE": "section",
    "SN": "ISSN",
    "SP": "pages",
    "VL": "volume",
    # degenerateImportFieldMap only
    "AD": "unsupported/Author Address",
    "AV": "archiveLocation",
    "BT": "backupPublicationTitle",
    "CA": "unsupported/Caption",
    "CR": "rights",
    "CT": "title",
    "ED": "creators/editor",
    "EP": "pages",
    "H1": "unsupported/Library Catalog",
    "H2": "unsupported/Call Number",
    "ID": "__ignore",  # unless the hidden pref RIS.import.keepID is on
    "JA": "journalAbbreviation",
    "JF": "publicationTitle",
    "JO": "journalAbbreviation",
    "LB": "unsupported/Label",
    "M2": "extra",
    "N2": "abstractNote",
    "RI": "unsupported/Reviewed Item",
    "RN": "notes",
    "T1": "title",
    "TA": "unsupported/Translated Author",
    "TT": "unsupported/Translated Title",
    "Y1": "date",
}
# The tags of degenerateImportFieldMap: processed after all others (processTag's allowDeprecated).
DEPRECATED = frozenset(
    "AD AV BT CA CR CT CY ED EP H1 H2 ID IS JA JF JO LB M1 M2 M3 N2 NV OP RI RN SE T1 T2 T3 TA TT VL Y1".split()
)
# Zotero's schema: the fields of a journalArticle (item.complete() drops any other).
JOURNAL_ARTICLE_FIELDS = frozenset(
    "title abstractNote publicationTitle volume issue pages date series seriesTitle seriesText "
    "journalAbbreviation language DOI ISSN shortTitle url accessDate archive archiveLocation "
    "libraryCatalog callNumber rights extra".split()
)
TYPES = {"JOUR": "journalArticle", "EJOUR": "journalArticle", "JFULL": "journalArticle", "ABST": "journalArticle"}
TYPES |= {"GEN": "journalArticle", "MGZN": "magazineArticle", "BOOK": "book", "CHAP": "bookSection"}

# JS's '.' stops at these; JS's trim() and \s know this set of white space.
_JS_LINE_END = "\n\r\u2028\u2029"
_JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
_RIS_FORMAT = re.compile(rf"^([A-Z][A-Z0-9]) {{1,2}}-(?: ([^{_JS_LINE_END}]*))?\Z")
_S = f"[{_JS_SPACE}]"
_DOI = re.compile(rf"10(?:\.[0-9]{{4,}})?/[^{_JS_SPACE}]*[^{_JS_SPACE}.,]")
_TAG_SPLIT = re.compile(rf"{_S}*(?:[\r\n]+{_S}*)+(?:%K{_S}+)?|{_S}*(?:;{_S}*)+")
_RIS_DATE = re.compile(r"^(\d+)(?:/(\d{0,2})(?:/(\d{0,2})(?:(?:/|\s)([^/]*))?)?)?$")


def js_trim(text: str) -> str:
    """String.prototype.trim."""
    return text.strip(_JS_SPACE)


def read_lines(text: str) -> list[str]:
    """Zotero.Translate.IO.String.read() called until false: lines end at LF (a CR just before it is
    dropped); only when no LF is left does a CR end a line, and then (as in the original) the
    character before the CR is lost too. (A file read from disk goes through Mozilla's line input
    stream instead, which ends lines at CR, LF or CRLF; for CRLF files both give the same lines.)"""
    lines: list[str] = []
    pointer, no_cr = 0, False
    while pointer < len(text):
        lf = text.find("\n", pointer)
        if lf != -1:
            end = lf - 1 if lf > 0 and text[lf - 1] == "\r" else lf
            lines.append(text[pointer:end])
            pointer = lf + 1
            continue
        if not no_cr:
            cr = text.find("\r", pointer)
            if cr == -1:
                no_cr = True
            else:
                lines.append(text[pointer : max(pointer, cr - 1)])
                pointer = cr + 1
                continue
        lines.append(text[pointer:])
        pointer = len(text)
    return lines


class _TextContent(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def close(self) -> None:
        # A tag still open at the end ('IL-6<TNF ratio'): html.parser gives it back as text, a
        # browser's parser (end of file in a tag) drops it.
        if re.match(r"<[a-zA-Z/!?]", self.rawdata):
            self.rawdata = ""
        super().close()


def unescape_html(text: str) -> str:
    """Zotero.Utilities.unescapeHTML: unchanged without '<' and '&'; else the text content of the
    value parsed as HTML (tags dropped, entities decoded), runs of spaces collapsed. Simplified:
    Python's html.parser stands in for the browser's HTML parser."""
    if "<" not in text and "&" not in text:
        return text
    parser = _TextContent()
    parser.feed(text)
    parser.close()
    return re.sub(" {2,}", " ", "".join(parser.parts))


def clean_doi(text: str) -> str | None:
    """Zotero.Utilities.cleanDOI."""
    m = _DOI.search(text)
    return m.group() if m else None


def date_ris_to_zotero(value: str) -> str:
    """dateRIStoZotero for every date but the access date."""
    m = _RIS_DATE.match(value)
    if m:
        date = [m.group(1), m.group(2), m.group(3)]
    else:
        year = re.search(r"\b\d{4}\b", value)
        day = re.search(r"\b(?:[1-3]\d|[1-9])\b", value)
        word = re.search(r"[A-Za-z]+", value)
        if not year and word:
            return "0000 " + word.group() + (" " + day.group() if day else "")
        return value
    parts: list[str] = []
    for part in date:  # unknown parts given as 0 end the date
        part = (part or "").lstrip("0")
        if not part:
            break
        parts.append(part)
    if not parts:
        return ""
    out = parts[0].rjust(4, "0")
    if len(parts) > 1:
        out += "-" + parts[1].rjust(2, "0")
        if len(parts) > 2:
            out += "-" + parts[2].rjust(2, "0")
    return out


class _Reader:
    """RISReader: one entry (a list of {tag, value, raw}) at a time."""

    def __init__(self, text: str) -> None:
        self.lines = read_lines(text)
        self.pos = 0
        self.line_buffer: list[str] = []
        self.tag_value_buffer: list[dict[str, str]] = []
        self.max_line_length = 0

    def _next_line(self) -> str | None:
        if self.line_buffer:
            return self.line_buffer.pop()
        if self.pos >= len(self.lines):
            return None
        line = self.lines[self.pos]
        self.pos += 1
        if "\u2028" in line or "\u2029" in line:
            line = re.sub(rf"{_S}?[\u2028\u2029]|[\u2028\u2029]{_S}?", " ", line)
        return line

    def _tag_value(self) -> dict[str, str] | None:
        tag_value: dict[str, str] | None = None
        last_line_length: int | None = 0
        while (line := self._next_line()) is not None:
            m = _RIS_FORMAT.match(line)
            if not m and tag_value is None:
                continue  # outside a value: not RIS, dropped
            self.max_line_length = max(self.max_line_length, len(line))
            if m and tag_value is not None:
                self.line_buffer.append(line)
                return tag_value
            if m:
                tag_value = {"tag": m.group(1), "value": m.group(2) or "", "raw": line}
            else:
                assert tag_value is not None
                added = False
                clean = js_trim(line)
                if tag_value["tag"] in ("AB", "N1", "N2", "RN") and (
                    self.max_line_length > 85 or (last_line_length is not None and last_line_length < 65) or not clean
                ):
                    clean, added = "\n" + clean, True
                if not added and tag_value["tag"] in ("KW", "L1", "L2", "L3"):
                    clean, added = "\n" + clean, True
                if not added and not tag_value["value"].endswith(" "):
                    clean = " " + clean
                tag_value["raw"] += "\n" + line
                tag_value["value"] += clean
            last_line_length = len(line)
        return tag_value

    def next_entry(self) -> list[dict[str, str]] | None:
        entry: list[dict[str, str]] = []
        while True:
            tag_value = self.tag_value_buffer.pop() if self.tag_value_buffer else self._tag_value()
            if tag_value is None:
                break
            if tag_value["tag"] == "TY" and entry:
                self.tag_value_buffer.append(tag_value)  # ER left out: forgiven
                return entry
            if tag_value["tag"] == "ER":
                if not entry:
                    continue
                return entry
            entry.append(tag_value)
        return entry or None


def _process_tag(item: dict[str, Any], tag_value: dict[str, str], allow_deprecated: bool, ignore_unknown: bool) -> bool:
    tag, raw = tag_value["tag"], tag_value["raw"]
    value: Any = js_trim(tag_value["value"])
    if value == "":
        return False
    if not allow_deprecated and tag in DEPRECATED:
        return False
    z_field = (JOURNAL_FIELDS.get(tag) or "unknown").split("/")
    if tag not in ("N1", "RN", "AB"):
        value = unescape_html(value)
    process_fields = True
    if tag in ("N1", "RN"):
        if item.get("title") == value:
            value, process_fields = None, False
        elif not re.search(r"<[^>]+>", value):
            value = "<p>" + value.replace("\n\n", "</p><p>").replace("\n", "<br/>") + "</p>"
            value = value.replace("\t", "&nbsp;" * 4).replace("  ", "&nbsp;&nbsp;")
    elif tag == "EP":
        if item.get("pages"):
            if "-" not in item["pages"]:
                item["pages"] += "-" + value
            else:
                item["backupNumPages"] = value
        else:
            item["backupEndPage"] = value
        value = None
    elif tag == "M3" and z_field[0] == "DOI":
        doi = clean_doi(value)
        if doi:
            value = doi
        else:
            z_field[0] = "unknown"
    elif tag == "PY":
        item["backupDate"] = {"field": z_field[0], "value": date_ris_to_zotero(value)}
        value, process_fields = None, False
    elif tag == "UR" and "PM:" in value:
        value, z_field = "PMID: " + value[3:], ["extra"]
    if process_fields:
        kind = z_field[0]
        if kind == "__ignore":
            value = None
        elif kind == "backupPublicationTitle":
            item["backupPublicationTitle"], value = value, None
        elif kind == "creators":
            last = re.split(rf"{_S}*,{_S}*", value)[0]
            first = re.sub(rf"^{_S}*,{_S}*", "", value[len(last) :])
            value = {"lastName": last, "firstName": first, "creatorType": z_field[1]}
            if not first:  # corporate
                del value["firstName"]
                value["fieldMode"] = 1
        elif kind == "date":
            value = date_ris_to_zotero(value)
        elif kind == "tags":
            parts = _TAG_SPLIT.split(value)
            if parts and not parts[0]:
                parts.pop(0)
            if parts and not parts[-1]:
                parts.pop()
            value = parts or None
        elif kind == "notes":
            value = {"note": value}
        elif kind == "attachments":  # simplified: the paths only
            value = [{"path": js_trim(v)} for v in value.split("\n") if js_trim(v)]
        elif kind == "unsupported" and len(z_field) > 1:
            value = z_field[1] + ": " + value
    _apply_value(item, z_field[0], value, raw, ignore_unknown)
    return True


def _apply_value(item: dict[str, Any], z_field: str, value: Any, raw: str, ignore_unknown: bool) -> None:
    if not value:
        return
    if z_field == "unknown":
        if not ignore_unknown:
            item["unknownFields"].append(raw)
        return
    if z_field == "unsupported":
        if not ignore_unknown:
            item["unsupportedFields"].append(value)
        return
    if z_field in ("notes", "attachments", "creators", "tags"):
        item[z_field] = item[z_field] + (value if isinstance(value, list) else [value])
    elif z_field == "extra":
        item["extra"] = item["extra"] + "\n" + value if item.get("extra") else value
    elif z_field == "DOI":
        item["DOI"] = clean_doi(value)
    elif item.get(z_field):
        if not ignore_unknown and item[z_field] != value:
            item["unsupportedFields"].append(f"{z_field}: {value}")
    else:
        item[z_field] = value


def _complete(item: dict[str, Any], ignore_unknown: bool) -> dict[str, Any]:
    backup = item.pop("backupPublicationTitle", None)
    if backup and not item.get("publicationTitle"):
        item["publicationTitle"] = backup
    num_pages = item.pop("backupNumPages", None)
    if num_pages and not item.get("numPages"):
        item["numPages"] = num_pages
    end_page = item.pop("backupEndPage", None)
    if end_page:
        if not item.get("pages"):
            item["pages"] = end_page
        elif "-" not in item["pages"]:
            item["pages"] += "-" + end_page
        elif not item.get("numPages"):
            item["numPages"] = end_page
    date = item.pop("backupDate", None)
    if date:
        if not item.get(date["field"]):
            item[date["field"]] = date["value"]
        else:
            item[date["field"]] = re.sub(r"\b0000\b", date["value"], item[date["field"]], count=1)
    if item.get("DOI"):
        item["DOI"] = clean_doi(item["DOI"]) or item["DOI"]
    elif "DOI" in item:
        del item["DOI"]
    if item.get("journalAbbreviation") and not item.get("publicationTitle"):
        item["publicationTitle"] = item["journalAbbreviation"]
    if item.get("shortTitle") and not item.get("title"):
        item["title"] = item["shortTitle"]
    if len(item["tags"]) == 1:  # one tag: split at commas
        tags = re.split(rf"{_S}*(?:,{_S}*)+", item["tags"][0])
        if tags and not tags[0]:
            tags.pop(0)
        if tags and not tags[-1]:
            tags.pop()
        item["tags"] = tags
    note = "".join(f"{v}<br/>" for v in [*item.pop("unsupportedFields"), *item.pop("unknownFields")])
    if note:
        item["notes"].append({"note": f"The following values have no corresponding Zotero field:<br/>{note}".strip()})
    # item.complete(): a field the item type does not have is dropped.
    fixed = ("itemType", "creators", "tags", "notes", "attachments")
    return {k: v for k, v in item.items() if k in fixed or (k in JOURNAL_ARTICLE_FIELDS and v)}


def read(text: str, ignore_unknown: bool = True) -> list[dict[str, Any]]:
    """The Zotero items (dicts of Zotero field names) that RIS.js's import makes of text.
    ignore_unknown: Zotero's hidden pref RIS.import.ignoreUnknown (on by default)."""
    reader = _Reader(text)
    items = []
    while (entry := reader.next_entry()) is not None:
        ty = next((tv["value"] for tv in entry if tv["tag"] == "TY"), None)
        item_type = TYPES.get(js_trim(ty).upper(), "journalArticle") if ty is not None else "journalArticle"
        # Simplified: only journal articles are mapped (JOURNAL_FIELDS); other types are returned
        # with their type alone, for a test to see they were not read as articles.
        item: dict[str, Any] = {"itemType": item_type, "creators": [], "tags": [], "notes": [], "attachments": []}
        item |= {"unknownFields": [], "unsupportedFields": []}
        if item_type != "journalArticle":
            items.append({"itemType": item_type})
            continue
        deferred = []
        for tag_value in entry:
            if tag_value["tag"] in ("TY", "ER"):
                continue
            if not _process_tag(item, tag_value, False, ignore_unknown):
                deferred.append(tag_value)
        for tag_value in deferred:
            _process_tag(item, tag_value, True, ignore_unknown)
        items.append(_complete(item, ignore_unknown))
    return items
