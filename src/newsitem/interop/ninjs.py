"""IPTC ninjs (News in JSON) 2.3 and 3.2, both ways.

``NINJS2`` and ``NINJS3`` are codec objects (``loads``, ``dumps``, ``decode``, ``encode``,
``issues``, ``LOSSY_FIELDS``) writing version 2.3 (lower-case property names) and 3.2
(camelCase); both read either generation. The module-level functions are those of ``NINJS2``.
What goes where is in ``mapping.json`` (the "ninjs" and "ninjs3" columns).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

import orjson

from newsitem.codecs import Decoded
from newsitem.codecs.json_codec import parse as parse_json
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.interop import schemas
from newsitem.interop._common import (
    MAX_LINE,
    URN,
    Collector,
    Fields,
    add_extra_string,
    build_item,
    collapse,
    derived_id,
    escape_id,
    is_language,
    is_url,
    join_extra,
    normalise_datetime,
    unescape_id,
    valid_id,
)
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.validate import JsonLocator

ROLE = {
    "service": URN + "service",
    "platforms": URN + "platform",
    "media_types": URN + "media-type",
    "url": URN + "rights-url",
    "extra": URN + "extra",
}
PROVIDER_ROLE = "provider"
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#"

#: 3.x spelling of the 2.x property names newsitem uses (2.x is all lower case).
CAMEL = {
    "firstcreated": "firstCreated",
    "versioncreated": "versionCreated",
    "copyrightholder": "copyrightHolder",
    "copyrightnotice": "copyrightNotice",
    "usageterms": "usageTerms",
    "infosources": "infoSources",
    "rightsinfo": "rightsInfo",
    "linkedrights": "linkedRights",
    "contenttype": "contentType",
}
#: Properties only ninjs 3.x spells this way (a document using one is read as 3.x).
_THREE_ONLY = frozenset(CAMEL.values()) | {
    "embargoedUntil",
    "pubStatus",
    "edNote",
    "altIds",
    "trustIndicators",
    "digitalSourceType",
    "representationType",
    "contentCreated",
    "eventDetails",
    "plannedCoverage",
}


def _uri_ok(value: str) -> bool:
    import jsonschema

    return bool(jsonschema.Draft202012Validator.FORMAT_CHECKER.conforms(value, "uri"))


class NinjsCodec:
    """The codec of one ninjs version (2.3 or 3.2) for writing; reading accepts 2.x and 3.x."""

    #: ninjs carries every field (through ``descriptions`` where it has no property).
    LOSSY_FIELDS: frozenset[str] = frozenset()

    def __init__(self, version: str) -> None:
        self.version = version
        self.major = version.split(".", maxsplit=1)[0]

    def _k(self, name: str) -> str:
        return CAMEL.get(name, name) if self.major == "3" else name

    # --- export -------------------------------------------------------------------------

    def to_dict(self, item: NewsItem) -> dict[str, Any]:
        """The ninjs object of an item."""
        k = self._k
        doc: dict[str, Any] = {}
        if item.id is None:
            doc["uri"] = derived_id(item)
        elif item.id.startswith(URN) or not _uri_ok(item.id):
            doc["uri"] = escape_id(item.id)
        else:
            doc["uri"] = item.id
        doc["type"] = "text"
        if item.published is not None:
            doc[k("firstcreated")] = item.published
        if item.updated is not None:
            doc[k("versioncreated")] = item.updated
        if item.rights is not None:
            if item.rights.holder is not None:
                doc[k("copyrightholder")] = item.rights.holder
            doc[k("copyrightnotice")] = item.rights.notice
        if item.language is not None:
            doc["language"] = item.language
        descriptions = []
        if item.service is not None:
            descriptions.append({"role": ROLE["service"], "value": item.service})
        for name in ("platforms", "media_types"):
            descriptions.extend({"role": ROLE[name], "value": v} for v in getattr(item, name))
        url = item.rights.url if item.rights is not None else None
        if url is not None and not _uri_ok(url):
            descriptions.append({"role": ROLE["url"], "value": url})
        descriptions.extend({"role": ROLE["extra"], "value": join_extra(e)} for e in item.extra)
        if descriptions:
            doc["descriptions"] = descriptions
        doc["bodies"] = [
            {"role": "main", k("contenttype"): "text/plain", "value": "\n\n".join(item.body)}
        ]
        doc["headlines"] = [{"role": "main", "value": item.headline}]
        if item.topics:
            doc["subjects"] = [{"name": v} for v in item.topics]
        if item.regions:
            doc["places"] = [{"name": v} for v in item.regions]
        if item.provider is not None:
            doc[k("infosources")] = [{"name": item.provider, "role": PROVIDER_ROLE}]
        if item.title is not None:
            doc["title"] = item.title
        if url is not None and _uri_ok(url):
            doc[k("rightsinfo")] = {k("linkedrights"): url}
        if item.content_types:
            doc["genres"] = [{"name": v} for v in item.content_types]
        doc["standard"] = {
            "name": "ninjs",
            "version": self.version,
            "schema": SCHEMA_URI.format(version=self.version),
        }
        return doc

    def dumps(self, item: NewsItem) -> bytes:
        """The ninjs document of an item (UTF-8 JSON, two-space indent, final newline)."""
        return orjson.dumps(self.to_dict(item), option=orjson.OPT_INDENT_2) + b"\n"

    def encode(self, item: NewsItem) -> bytes:
        """The codec protocol's ``encode``."""
        return self.dumps(item)

    # --- import -------------------------------------------------------------------------

    def decode(self, data: bytes, *, schema_dir: str | os.PathLike[str] | None = None) -> Decoded:
        """Parse a ninjs document (2.x or 3.x) and map it to an item.

        With IPTC's schemas configured (``schema_dir`` or ``NEWSITEM_IPTC_SCHEMAS``) the
        document is validated first against the ninjs version it declares (or 2.3/3.2 by its
        property names) and errors raise ``InvalidNewsItem``; without them an NI505 warning
        says it was not validated.

        Raises:
            ParseError: not a JSON object (located, as for newsitem JSON).
            InvalidNewsItem: a document that breaks its ninjs schema.
        """
        doc = parse_json(data)
        locator = JsonLocator(data)
        notes: list[Issue] = []
        directory = schemas.available(schema_dir)
        if directory is not None:
            errors = [i for i in schema_issues(doc, data, directory) if i.severity == "error"]
            if errors:
                raise InvalidNewsItem(errors)
        else:
            notes.append(
                make_issue(
                    "NI505",
                    f"not validated against a ninjs schema ({schemas.ENV_VAR} not set)",
                    "$",
                    1,
                )
            )
        item, warnings = read(doc, locator)
        return Decoded(item, tuple(notes + warnings))

    def loads(self, data: bytes | str) -> NewsItem:
        """Read a ninjs document as an item (see ``decode``)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return self.decode(raw).item

    def issues(
        self, data: bytes, *, schema_dir: str | os.PathLike[str] | None = None
    ) -> list[Issue]:
        """Validate a ninjs document against its IPTC schema: its parse error, or every
        schema issue (JSON path, line, column), then the warnings of reading it as an item.

        Raises:
            SchemasNotFound: when no schema directory is given or configured.
        """
        directory = schemas.schema_dir(schema_dir)
        try:
            doc = parse_json(data)
        except ParseError as exc:
            return [exc.issue]
        found = schema_issues(doc, data, directory)
        if any(i.severity == "error" for i in found):
            return found
        try:
            _, warnings = read(doc, JsonLocator(data))
        except InvalidNewsItem as exc:
            return found + list(exc.issues)
        return found + warnings


NINJS2 = NinjsCodec("2.3")
NINJS3 = NinjsCodec("3.2")
LOSSY_FIELDS = NINJS2.LOSSY_FIELDS
loads = NINJS2.loads
dumps = NINJS2.dumps
decode = NINJS2.decode
encode = NINJS2.encode
issues = NINJS2.issues


def encode_version(item: NewsItem, version: str) -> bytes:
    """The ninjs document of an item in version ``2.3`` or ``3.2`` (for callers that hold the
    module rather than a codec object).

    Raises:
        KeyError: for another version.
    """
    return {"2.3": NINJS2, "3.2": NINJS3}[version].encode(item)


# --- validation -----------------------------------------------------------------------------


def detect_version(doc: Mapping[str, Any], available: tuple[str, ...] = ()) -> str:
    """The ninjs version to validate a document against: the one it declares in
    ``standard.version`` when that schema is available, else 3.2 for 3.x property names and
    2.3 otherwise."""
    standard = doc.get("standard")
    if isinstance(standard, Mapping):
        declared = standard.get("version")
        if isinstance(declared, str) and declared in available:
            return declared
    if any(key in _THREE_ONLY for key in doc):
        return "3.2"
    return "2.3"


def schema_issues(doc: Any, source: bytes, directory: os.PathLike[str]) -> list[Issue]:
    """Every issue of a document against its ninjs schema, located by JSON path and line:
    errors, and NI506 warnings for values that miss their ``format`` (uri, date-time)."""
    from pathlib import Path

    root = Path(directory)
    version = detect_version(doc, schemas.ninjs_versions(root)) if isinstance(doc, dict) else "2.3"
    validator = schemas.ninjs_validator(root, version)
    locator = JsonLocator(source)
    out = []
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = tuple(error.absolute_path)
        printable, line, col = locator.locate(path)
        out.append(
            make_issue(
                _CODES.get(error.validator, "NI209"),
                f"ninjs {version}: {error.message}",
                printable,
                line,
                col,
            )
        )
    return out


_CODES = {
    "required": "NI101",
    "additionalProperties": "NI102",
    "unevaluatedProperties": "NI102",
    "type": "NI103",
    # JSON Schema 2020-12 makes "format" an annotation; ninjs's own test suite relies on that
    # (ids such as "002-schema" in should_pass). newsitem checks it and warns.
    "format": "NI506",
}


# --- reading --------------------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """Paragraphs of an HTML body: block elements split paragraphs, ``br`` breaks lines."""

    BLOCKS = frozenset(
        {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre"}
        | {"section", "article", "header", "footer", "figcaption", "table", "tr", "ul", "ol"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[""]]
        self.markup = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if tag == "br":
            self.paragraphs[-1].append("")
        elif tag in self.BLOCKS:
            self.paragraphs.append([""])
        elif tag not in {"span"}:
            self.markup = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.paragraphs.append([""])

    def handle_data(self, data: str) -> None:
        self.paragraphs[-1][-1] += data

    def result(self) -> list[str]:
        out = []
        for lines in self.paragraphs:
            cleaned = [collapse(line) for line in lines]
            text = "\n".join(line for line in cleaned if line)
            if text:
                out.append(text)
        return out


_HTML = re.compile(r"<[A-Za-z!/]")


def _get(obj: Mapping[str, Any], name: str) -> tuple[str, Any] | None:
    """A property in either spelling (2.x lower case or 3.x camelCase)."""
    for key in (name, CAMEL.get(name, name)):
        if key in obj:
            return key, obj[key]
    return None


class _Reader:
    def __init__(self, doc: Mapping[str, Any], locator: JsonLocator) -> None:
        self.doc = doc
        self.locator = locator
        self.collector = Collector()
        self.fields = Fields()
        self.used: set[tuple[Any, ...]] = set()

    def where(self, path: tuple[Any, ...]) -> tuple[str, int | None]:
        printable, line, _ = self.locator.locate(path)
        return printable, line

    def located(self, value: str, path: tuple[Any, ...]) -> tuple[str, str, int | None]:
        printable, line = self.where(path)
        return value, printable, line

    def line(self, name: str, value: Any, path: tuple[Any, ...], limit: str | None = None) -> None:
        if not isinstance(value, str) or getattr(self.fields, name) is not None:
            return
        printable, line = self.where(path)
        clean = self.collector.line(
            value, MAX_LINE[limit or name], name, printable, line, label=f"ninjs:{path[-1]}"
        )
        self.used.add(path)
        if clean is not None:
            setattr(self.fields, name, (clean, printable, line))

    def run(self) -> None:
        doc, f, c = self.doc, self.fields, self.collector
        uri = doc.get("uri")
        if isinstance(uri, str):
            self.used.add(("uri",))
            item_id = unescape_id(uri)
            if item_id is not None:
                if valid_id(item_id):
                    f.id = self.located(item_id, ("uri",))
                else:
                    c.keep("ninjs:uri", uri, *self.where(("uri",)))
        if doc.get("type") == "text":
            self.used.add(("type",))
        if isinstance(doc.get("standard"), Mapping):
            self.used.add(("standard",))
        lang = doc.get("language")
        if isinstance(lang, str) and is_language(lang):
            f.language = self.located(lang, ("language",))
            self.used.add(("language",))
        self.line("title", doc.get("title"), ("title",))
        for name, key in (("published", "firstcreated"), ("updated", "versioncreated")):
            found = _get(doc, key)
            if found is not None and isinstance(found[1], str):
                normal = normalise_datetime(found[1])
                if normal is not None:
                    self.used.add((found[0],))
                    setattr(f, name, self.located(normal, (found[0],)))
        self._headlines()
        self._bodies()
        self._descriptions()
        self._rights()
        self._concepts("genres", f.content_types)
        self._concepts("subjects", f.topics)
        self._concepts("places", f.regions)
        self._infosources()
        if f.headline is None:
            for key in ("title", "slugline"):
                value = doc.get(key)
                if isinstance(value, str) and f.headline is None:
                    printable, line = self.where((key,))
                    clean = c.line(value, MAX_LINE["headline"], "headline", printable, line)
                    if clean is not None:
                        f.headline = (clean, printable, line)
                        self.used.add((key,))
                        c.warn(
                            "NI502", f"no headline; the {key} serves as headline", printable, line
                        )
        self._leftovers(doc, ())

    def _headlines(self) -> None:
        heads = self.doc.get("headlines")
        if not isinstance(heads, list):
            return
        order = sorted(
            (i for i, h in enumerate(heads) if isinstance(h, Mapping)),
            key=lambda i: 0 if heads[i].get("role") in (None, "main") else 1,
        )
        for index in order[:1]:
            self.used.add(("headlines", index, "role"))
            self.line("headline", heads[index].get("value"), ("headlines", index, "value"))

    def _bodies(self) -> None:
        bodies = self.doc.get("bodies")
        if not isinstance(bodies, list):
            return
        candidates = [i for i, b in enumerate(bodies) if isinstance(b, Mapping)]

        def kind(index: int) -> int:
            found = _get(bodies[index], "contenttype")
            ctype = found[1] if found else None
            value = bodies[index].get("value")
            plain = ctype is None and isinstance(value, str) and not _HTML.search(value)
            if ctype == "text/plain" or plain:
                return 0
            return 1 if ctype in (None, "text/html", "application/xhtml+xml") else 2

        candidates.sort(key=kind)
        if not candidates or kind(candidates[0]) == 2:
            return
        index = candidates[0]
        body = bodies[index]
        value = body.get("value")
        if not isinstance(value, str):
            return
        path = ("bodies", index, "value")
        printable, line = self.where(path)
        if kind(index) == 0:
            paras = []
            for part in re.split(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)", value):
                paras.extend(self.collector.paragraphs(part, "body", printable, line))
        else:
            parser = _Paragraphs()
            parser.feed(value)
            parser.close()
            paras = []
            for part in parser.result():
                paras.extend(self.collector.paragraphs(part, "body", printable, line))
            self.collector.warn("NI503", "HTML body read as plain paragraphs", printable, line)
        self.fields.body.extend(paras)
        self.used.add(path)
        self.used.add(("bodies", index, "role"))
        found = _get(body, "contenttype")
        if found is not None:
            self.used.add(("bodies", index, found[0]))

    def _descriptions(self) -> None:
        items = self.doc.get("descriptions")
        if not isinstance(items, list):
            return
        f, c = self.fields, self.collector
        for index, entry in enumerate(items):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("value"), str):
                continue
            role, value = entry.get("role"), entry["value"]
            path = ("descriptions", index, "value")
            printable, line = self.where(path)
            done = True
            if role == ROLE["extra"]:
                add_extra_string(c, value, "ninjs:descriptions", printable, line)
            elif role == ROLE["service"]:
                self.line("service", value, path)
            elif role == ROLE["url"] and f.url is None and is_url(value):
                f.url = (value, printable, line)
            elif role in (ROLE["platforms"], ROLE["media_types"]):
                name = "platforms" if role == ROLE["platforms"] else "media_types"
                clean = c.line(value, MAX_LINE["list"], name, printable, line)
                if clean is not None:
                    getattr(f, name).append((clean, printable, line))
            else:
                done = False
            if done:
                self.used.update({path, ("descriptions", index, "role")})

    def _rights(self) -> None:
        f, c = self.fields, self.collector
        for key in ("copyrightnotice", "usageterms"):
            found = _get(self.doc, key)
            if found is not None and isinstance(found[1], str) and f.notice is None:
                printable, line = self.where((found[0],))
                paras = c.paragraphs(found[1], "rights notice", printable, line)
                if paras:
                    f.notice = ("\n".join(paras), printable, line)
                    self.used.add((found[0],))
        found = _get(self.doc, "copyrightholder")
        if found is not None and isinstance(found[1], str):
            printable, line = self.where((found[0],))
            clean = c.line(found[1], MAX_LINE["holder"], "holder", printable, line)
            self.used.add((found[0],))
            if clean is not None:
                f.holder = (clean, printable, line)
        info = _get(self.doc, "rightsinfo")
        if info is not None and isinstance(info[1], Mapping):
            link = _get(info[1], "linkedrights")
            if link is not None and isinstance(link[1], str) and is_url(link[1]):
                f.url = self.located(link[1], (info[0], link[0]))
                self.used.add((info[0], link[0]))

    def _concepts(self, key: str, target: list[tuple[str, str, int | None]]) -> None:
        items = self.doc.get(key)
        if not isinstance(items, list):
            return
        for index, entry in enumerate(items):
            if not isinstance(entry, Mapping):
                continue
            for prop in ("name", "literal", "uri"):
                value = entry.get(prop)
                if isinstance(value, str):
                    path = (key, index, prop)
                    printable, line = self.where(path)
                    clean = self.collector.line(value, MAX_LINE["list"], key, printable, line)
                    self.used.add(path)
                    if clean is not None:
                        target.append((clean, printable, line))
                    break

    def _infosources(self) -> None:
        found = _get(self.doc, "infosources")
        if found is None or not isinstance(found[1], list):
            return
        key, items = found
        for index, entry in enumerate(items):
            if (
                isinstance(entry, Mapping)
                and entry.get("role") == PROVIDER_ROLE
                and self.fields.provider is None
                and isinstance(entry.get("name"), str)
            ):
                self.line("provider", entry["name"], (key, index, "name"))
                self.used.add((key, index, "role"))

    def _leftovers(self, value: Any, path: tuple[Any, ...]) -> None:
        if path in self.used:
            return
        if isinstance(value, Mapping):
            for key, item in value.items():
                self._leftovers(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._leftovers(item, (*path, index))
        elif value is not None:
            text = value if isinstance(value, str) else orjson.dumps(value).decode()
            label = "ninjs:" + ".".join(str(p) for p in path if isinstance(p, str))
            self.collector.keep(label, text, *self.where(path))


def read(doc: Mapping[str, Any], locator: JsonLocator) -> tuple[NewsItem, list[Issue]]:
    """Map a ninjs object (2.x or 3.x) to an item and the warnings of doing so."""
    reader = _Reader(doc, locator)
    reader.run()
    item = build_item(reader.fields, reader.collector, "ninjs", "$")
    return item, reader.collector.warnings


def iter_versions() -> Iterator[NinjsCodec]:
    """The two ninjs codecs, 2.3 then 3.2."""
    yield NINJS2
    yield NINJS3
