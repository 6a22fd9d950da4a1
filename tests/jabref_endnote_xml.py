"""JabRef's EndNote XML import, ported as a test judge: what a JabRef user gets from our EndNote XML.

Source: JabRef/jabref, jablib/src/main/java/org/jabref/logic/importer/fileformat/EndnoteXmlImporter.java,
commit d0c49e324b43c8798ad28f48cea522816110cbe3 (2025, the StAX importer that replaced the JAXB one).
Ported: importDatabase and parseRecord with the helpers they call, as a walk over the file's XML
events (start element, end element, text), quirks included:
- every <record> anywhere in the file is an entry; within it, each start element is looked at in
  turn, and one the importer does not know is not skipped: its children are looked at too;
- ref-type: the entry type whose EndNote name equals the name attribute exactly ('Journal Article'
  is article), misc otherwise; secondary-title and periodical's titles are the journal only of an
  article, the booktitle otherwise;
- contributors: each non-empty authors/author (secondary-authors/author) joined with ' and ' into
  author (editor);
- titles: title, secondary-title, alt-title; periodical: each of full-title, abbr-1, abbr-2, abbr-3
  in turn overwrites the journal (the last one written wins);
- keywords: each non-empty keyword, a keyword already in the list left out, joined with ', '
  (KeywordList.getAsString with JabRef's default keyword separator ',');
- urls: each web-urls and related-urls url overwrites url, each pdf-urls url overwrites file;
- dates: year, month, day to the fields of those names, each pub-dates/date overwrites date;
- the other children of a record by FIELD_MAPPING (volume, number, issue, pages, publisher, isbn,
  issn, electronic-resource-num as doi, abstract, language, notes as note, work-type as
  howpublished, auth-address as address, ...); label, accession-num and custom1-7 are not read;
- every text through parseElementContent: each style run followed by a space, text outside style
  runs as it is, then clean(): Java's String.trim() and every run of Java's \\s (ASCII white space)
  made one space;
- an alt-title equal to the journal (or booktitle) removed; an empty value sets no field
  (BibEntry.setField clears a field set to '').
Simplified: the XML is parsed with lxml (predefined entities and character references resolved as
the StAX parser, IS_COALESCING, resolves them); a comment or processing instruction is no event here
(it is none of the importer's cases either). Map.ofEntries has no order, so for a ref-type name two
entry types share ('Book Section', 'Thesis') the first listed is taken; a journal article has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

# ENTRY_TYPE_MAPPING, by EndNote name (entry type -> name in JabRef; inverted here).
ENTRY_TYPES = {
    "Journal Article": "article",
    "Book": "book",
    "Book Section": "inbook",
    "Conference Proceedings": "proceedings",
    "Thesis": "mastersthesis",
    "Report": "techreport",
    "Manuscript": "unpublished",
    "Conference Paper": "inproceedings",
    "Conference": "conference",
    "Patent": "patent",
    "Web Page": "online",
    "Electronic Article": "electronic",
    "Generic": "misc",
}
# FIELD_MAPPING, by element name (field -> element name in JabRef; inverted here).
FIELDS = {
    "title": "title",
    "authors": "author",
    "secondary-authors": "editor",
    "secondary-title": "booktitle",
    "edition": "edition",
    "tertiary-title": "series",
    "volume": "volume",
    "number": "number",
    "issue": "issue",
    "pages": "pages",
    "pub-location": "location",
    "section": "chapter",
    "work-type": "howpublished",
    "publisher": "publisher",
    "isbn": "isbn",
    "issn": "issn",
    "electronic-resource-num": "doi",
    "web-urls": "url",
    "pdf-urls": "file",
    "abstract": "abstract",
    "keywords": "keywords",
    "page-total": "pagetotal",
    "notes": "note",
    "language": "language",
    "auth-address": "address",
}
_JAVA_SPACE = re.compile(r"[ \t\n\x0b\f\r]+")  # Java's \s without UNICODE_CHARACTER_CLASS
_JAVA_TRIM = "".join(chr(i) for i in range(0x21))  # String.trim() strips every char <= U+0020

Event = tuple[str, str]  # ("start", tag), ("end", tag) or ("text", characters)


def clean(text: str) -> str:
    """EndnoteXmlImporter.clean: trim, then every run of white space one space."""
    return _JAVA_SPACE.sub(" ", text.strip(_JAVA_TRIM))


def _events(el: Any) -> Iterator[Event]:
    if isinstance(el.tag, str):
        yield "start", etree.QName(el).localname
        if el.text:
            yield "text", el.text
        for child in el:
            yield from _events(child)
        yield "end", etree.QName(el).localname
    if el.tail:
        yield "text", el.tail


class _Reader:
    """The XMLStreamReader calls the importer makes: next(), and the current event's kind and name."""

    def __init__(self, root: Any) -> None:
        self.events = list(_events(root))
        self.attrs = [dict(el.attrib) for el in root.iter() if isinstance(el.tag, str)]
        self.i = -1
        self.starts = -1  # which start element (document order) is current, for its attributes

    def has_next(self) -> bool:
        return self.i + 1 < len(self.events)

    def next(self) -> None:
        self.i += 1
        if self.events[self.i][0] == "start":
            self.starts += 1

    def is_start(self, name: str | None = None) -> bool:
        kind, value = self.events[self.i]
        return kind == "start" and (name is None or value == name)

    def is_end(self, name: str) -> bool:
        return self.events[self.i] == ("end", name)

    def name(self) -> str:
        return self.events[self.i][1]

    def attribute(self, name: str) -> str | None:
        return self.attrs[self.starts].get(name)

    def element_text(self) -> str:
        """getElementText(): the text up to the current element's end; a child element is an error."""
        out = []
        while True:
            self.next()
            kind, value = self.events[self.i]
            if kind == "end":
                return "".join(out)
            if kind == "start":
                raise ValueError("getElementText: a text-only element expected, a start element found")
            out.append(value)


def _content(reader: _Reader, name: str) -> str:
    """parseElementContent: style runs each followed by a space, other text as it is, cleaned."""
    content = []
    while reader.has_next():
        reader.next()
        if reader.is_end(name):
            break
        if reader.is_start("style"):
            content.append(reader.element_text() + " ")
        elif reader.events[reader.i][0] == "text":
            content.append(reader.events[reader.i][1])
    return clean("".join(content))


def _set(entry: dict[str, str], field: str, value: str) -> None:
    # BibEntry.setField: an empty value clears the field.
    if value:
        entry[field] = value
    else:
        entry.pop(field, None)


def _journal_field(entry: dict[str, str]) -> str:
    return "journal" if entry["type"] == "article" else "booktitle"


def _inside(reader: _Reader, name: str) -> Iterator[None]:
    """The importer's 'while hasNext: next; break at </name>' loop, one step per iteration."""
    while reader.has_next():
        reader.next()
        if reader.is_end(name):
            return
        yield


def _persons(reader: _Reader, element: str, entry: dict[str, str], field: str) -> None:
    if reader.is_start(element):
        persons = []
        for _ in _inside(reader, element):
            if reader.is_start("author"):
                person = _content(reader, "author")
                if person:
                    persons.append(person)
        _set(entry, field, " and ".join(persons))


def _record(reader: _Reader) -> dict[str, str]:
    entry = {"type": "misc"}  # new BibEntry() is of type misc
    for _ in _inside(reader, "record"):
        if not reader.is_start():
            continue
        name = reader.name()
        if name == "ref-type":
            entry["type"] = ENTRY_TYPES.get(reader.attribute("name") or "", "misc")
        elif name == "contributors":
            for _ in _inside(reader, "contributors"):
                _persons(reader, "authors", entry, "author")
                _persons(reader, "secondary-authors", entry, "editor")
        elif name == "titles":
            for _ in _inside(reader, "titles"):
                if reader.is_start("title"):
                    _set(entry, "title", _content(reader, "title"))
                elif reader.is_start("secondary-title"):
                    _set(entry, _journal_field(entry), _content(reader, "secondary-title"))
                elif reader.is_start("alt-title"):
                    _set(entry, "alt-title", _content(reader, "alt-title"))
        elif name == "periodical":
            for _ in _inside(reader, "periodical"):
                if reader.is_start() and reader.name() in ("full-title", "abbr-2", "abbr-1", "abbr-3"):
                    _set(entry, _journal_field(entry), _content(reader, reader.name()))
        elif name == "keywords":
            keywords: list[str] = []
            for _ in _inside(reader, "keywords"):
                if reader.is_start("keyword"):
                    keyword = _content(reader, "keyword")
                    if keyword and keyword not in keywords:
                        keywords.append(keyword)
            if keywords:
                _set(entry, "keywords", ", ".join(keywords))
        elif name == "urls":
            for _ in _inside(reader, "urls"):
                if reader.is_start() and reader.name() in ("web-urls", "pdf-urls", "related-urls"):
                    group = reader.name()
                    for _ in _inside(reader, group):
                        if reader.is_start("url"):
                            url = _content(reader, "url")
                            # related-urls' url is cleaned a second time, which changes nothing.
                            _set(entry, "file" if group == "pdf-urls" else "url", url)
        elif name == "dates":
            for _ in _inside(reader, "dates"):
                if reader.is_start() and reader.name() in ("year", "month", "day"):
                    part = reader.name()
                    _set(entry, part, _content(reader, part))
                elif reader.is_start("pub-dates"):
                    for _ in _inside(reader, "pub-dates"):
                        if reader.is_start("date"):
                            _set(entry, "date", _content(reader, "date"))
        elif name in FIELDS:
            _set(entry, FIELDS[name], _content(reader, name))
    journal = entry.get("journal", entry.get("booktitle", ""))
    if entry.get("alt-title") == journal:
        del entry["alt-title"]
    return entry


def read(text: str) -> list[dict[str, str]]:
    """The type and BibTeX fields JabRef's EndnoteXmlImporter makes of each <record> of the text."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    reader = _Reader(etree.fromstring(text.encode("utf-8"), parser))
    entries = []
    while reader.has_next():
        reader.next()
        if reader.is_start("record"):
            entries.append(_record(reader))
    return entries
