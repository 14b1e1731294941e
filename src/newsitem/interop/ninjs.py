"""IPTC ninjs (News in JSON) 2.3 and 3.2, both ways.

``NINJS2`` and ``NINJS3`` are codec objects (``loads``, ``dumps``, ``decode``, ``encode``,
``issues``, ``LOSSY_FIELDS``) writing version 2.3 (lower-case property names) and 3.2
(camelCase); both read either generation. The module-level functions are those of ``NINJS2``.
What goes where is in ``mapping.json`` (the "ninjs" and "ninjs3" columns).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import orjson

from newsitem.codecs import Decoded
from newsitem.codecs.json_codec import parse as parse_json
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.interop import _body, _media, _v11, _xml, schemas
from newsitem.interop._common import (
    MAX_LINE,
    URN,
    Reading,
    add_extra_string,
    derived_id,
    escape_id,
    is_url,
    item_type,
    join_extra,
    normalise_datetime,
    source_findings,
    unescape_id,
    valid_id,
)
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.validate import JsonLocator
from newsitem.values import EMPTY_LINE, collapse, is_language, is_line

ROLE = {
    "service": URN + "service",
    "platforms": URN + "platform",
    "media_types": URN + "media-type",
    "url": URN + "rights-url",
    "extra": URN + "extra",
}
PROVIDER_ROLE = "provider"
#: ninjs 1.x has no ``descriptions`` list: newsitem's own fields go in these description_*
#: properties (a pattern property of the 1.x schemas), one value per line.
DESCRIPTION_1 = {
    "service": "description_newsitem_service",
    "platforms": "description_newsitem_platforms",
    "media_types": "description_newsitem_media_types",
    "url": "description_newsitem_rights_url",
    "extra": "description_newsitem_extra",
}
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
    "pubstatus": "pubStatus",
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


def _uri_of(item: NewsItem) -> str:
    """The ``uri`` written for an item (its id, escaped or derived when it must be)."""
    if item.id is None:
        return derived_id(item)
    if item.id.startswith(URN) or not _uri_ok(item.id):
        return escape_id(item.id)
    return item.id


def _uri_ok(value: str) -> bool:
    import jsonschema

    return bool(jsonschema.Draft202012Validator.FORMAT_CHECKER.conforms(value, "uri"))


#: The ``type`` values a reader takes as said by the item itself (SPEC §6.8): ``text`` for an
#: item with a body, the others for an item without one.
ITEM_TYPES = ("text", "picture", "video", "audio", "composite")


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
        if self.major == "1":
            return self._to_dict_1(item)
        k = self._k
        doc: dict[str, Any] = {"uri": _uri_of(item), "type": item_type(item)}
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
        if item.body:
            doc["bodies"] = [
                {"role": "main", k("contenttype"): "text/plain", "value": "\n\n".join(item.body)}
            ]
        if item.headline is not None:
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
        native = self._v11_native(doc, item)
        for name, text in _v11.carried(item, native):
            doc.setdefault("descriptions", []).append({"role": _v11.CARRIER + name, "value": text})
        doc["standard"] = {
            "name": "ninjs",
            "version": self.version,
            "schema": SCHEMA_URI.format(version=self.version),
        }
        return doc

    def _to_dict_1(self, item: NewsItem) -> dict[str, Any]:
        """The ninjs 1.x object of an item: single ``headline`` and ``body_text``, concept
        lists named in the singular, newsitem's own fields in ``description_newsitem_*``
        strings (one value per line: list values and extra pairs never hold a line break)."""
        doc: dict[str, Any] = {"uri": _uri_of(item), "type": item_type(item)}
        if item.published is not None:
            doc["firstcreated"] = item.published
        if item.updated is not None:
            doc["versioncreated"] = item.updated
        if item.rights is not None:
            if item.rights.holder is not None:
                doc["copyrightholder"] = item.rights.holder
            doc["copyrightnotice"] = item.rights.notice
        if item.language is not None:
            doc["language"] = item.language
        if item.title is not None:
            doc["title"] = item.title
        if item.headline is not None:
            doc["headline"] = item.headline
        if item.body:
            doc["body_text"] = "\n\n".join(item.body)
        if item.provider is not None:
            doc["infosource"] = [{"name": item.provider, "rel": PROVIDER_ROLE}]
        concepts: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("subject", item.topics),
            ("place", item.regions),
            ("genre", item.content_types),
        )
        for key, values in concepts:
            if values:
                doc[key] = [{"name": v} for v in values]
        url = item.rights.url if item.rights is not None else None
        if url is not None and _uri_ok(url):
            doc["rightsinfo"] = {"linkedrights": url}
        lines = {
            "service": [item.service] if item.service is not None else [],
            "platforms": list(item.platforms),
            "media_types": list(item.media_types),
            "url": [url] if url is not None and not _uri_ok(url) else [],
            "extra": [join_extra(e) for e in item.extra],
        }
        for name, written in lines.items():
            if written:
                doc[DESCRIPTION_1[name]] = "\n".join(written)
        native = self._v11_native(doc, item)
        if item.subjects:
            doc.setdefault("subject", []).extend(s.to_dict() for s in item.subjects)
            native.add("subjects")
        for name, text in _v11.carried(item, native):
            doc[_v11.carrier_1(name)] = text
        doc["$standard"] = {
            "name": "ninjs",
            "version": self.version,
            "schema": SCHEMA_URI.format(version=self.version),
        }
        return doc

    def _v11_native(self, doc: dict[str, Any], item: NewsItem) -> set[str]:
        """Write the 1.1 fields this ninjs version has a property for; return their names."""
        native: set[str] = set()
        if item.urgency is not None:
            doc["urgency"] = item.urgency
            native.add("urgency")
        if item.pub_status is not None:
            doc[self._k("pubstatus")] = item.pub_status
            native.add("pub_status")
        if item.embargoed is not None:
            doc["embargoedUntil" if self.major == "3" else "embargoed"] = item.embargoed
            native.add("embargoed")
        if item.revision is not None:
            doc["version"] = str(item.revision)
            native.add("revision")
        if len(item.bylines) == 1 and item.bylines[0].role is None:
            doc["byline" if self.major == "1" else "by"] = item.bylines[0].name
            native.add("bylines")
        return native

    def dumps(self, item: NewsItem) -> bytes:
        """The ninjs document of an item (UTF-8 JSON, two-space indent, final newline)."""
        return orjson.dumps(self.to_dict(item), option=orjson.OPT_INDENT_2) + b"\n"

    def encode(self, item: NewsItem) -> bytes:
        """The codec protocol's ``encode``."""
        return self.dumps(item)

    # --- import -------------------------------------------------------------------------

    def decode(
        self,
        data: bytes,
        *,
        schema_dir: str | os.PathLike[str] | None = None,
        strict: bool = False,
    ) -> Decoded:
        """Parse a ninjs document (1.x, 2.x or 3.x) and map it to an item.

        With IPTC's schemas configured (``schema_dir`` or ``NEWSITEM_IPTC_SCHEMAS``) the
        document is validated first against the ninjs version it declares (``standard`` or
        ``$standard``; else the version its property names belong to): what the schema finds
        is reported as NI508 warnings naming that version (errors with ``strict``) and the
        import goes on; without the schemas an NI505 warning says it was not validated.

        Raises:
            ParseError: not a JSON object (located, as for newsitem JSON).
            InvalidNewsItem: no headline or body text (NI507), or, with ``strict``, a
                document that breaks its ninjs schema.
        """
        doc = parse_json(data)
        locator = JsonLocator(data)
        notes: list[Issue] = []
        directory = schemas.available(schema_dir)
        if directory is not None:
            notes.extend(source_findings(schema_issues(doc, data, directory), strict=strict))
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
        return self.decode(schemas.as_bytes(data)).item

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


NINJS1 = NinjsCodec("1.7")
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
    return {"1.7": NINJS1, "2.3": NINJS2, "3.2": NINJS3}[version].encode(item)


# --- validation -----------------------------------------------------------------------------


#: Properties only ninjs 1.x has (a document using one is read as 1.x).
_ONE_ONLY = frozenset(
    {"headline", "byline", "subject", "place", "genre", "infosource", "located", "person"}
    | {"organisation", "event", "object", "mimetype", "profile", "ednote", "$standard"}
)


#: Properties of ninjs 2.x and 3.x (plural lists): a document with one is not 1.x.
_PLURAL = frozenset(
    {"headlines", "bodies", "subjects", "places", "genres", "descriptions", "infosources"}
    | {"infoSources", "people", "organisations", "events", "objects", "bylines", "datelines"}
)


def declared_version(doc: Mapping[str, Any]) -> str | None:
    """The ninjs version a document declares (``standard.version``, or ``$standard.version``
    in 1.3 and later), or None."""
    for key in ("standard", "$standard"):
        standard = doc.get(key)
        if isinstance(standard, Mapping):
            declared = standard.get("version")
            if isinstance(declared, str) and declared:
                return declared
    return None


def _newest(available: tuple[str, ...], major: str, default: str) -> str:
    found = [v for v in available if v.split(".", 1)[0] == major]
    return found[-1] if found else default


def detect_version(doc: Mapping[str, Any], available: tuple[str, ...] = ()) -> str:
    """The ninjs version to validate a document against: the one it declares when that
    schema is available; else the newest available version of the major it declares or its
    property names belong to (1.x: ``headline``, ``body_*``, ``subject``...; 3.x:
    camelCase), 2.3 otherwise."""
    declared = declared_version(doc)
    if declared is not None:
        if declared in available:
            return declared
        major = declared.split(".", 1)[0]
        if major in {"1", "2", "3"}:
            return _newest(available, major, {"1": "1.7", "2": "2.3", "3": "3.2"}[major])
    two_or_three = any(key in _PLURAL for key in doc)
    if not two_or_three and any(
        key in _ONE_ONLY or key.startswith(("body_", "description_", "headline_")) for key in doc
    ):
        return _newest(available, "1", "1.7")
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
#: Body content types and 1.x body properties -> how the body is read.
_BODY_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "xhtml",
    "text/plain": "text",
    "body_html": "html",
    "body_xhtml": "xhtml",
    "body_text": "text",
}
_BODY_KINDS.update(dict.fromkeys(_body.NITF_MEDIA_TYPES, "nitf"))
#: NITF first (as in NewsML-G2): its body.content holds the body whole, head elements apart.
_KIND_RANK = {"nitf": -1, "html": 0, "xhtml": 1, "text": 2}


#: The properties a rendition's media type is in: 1.x, 2.x, 3.x.
_MIME_KEYS = ("mimetype", "contenttype", "contentType")


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
        self.reading = Reading()
        self.collector, self.fields = self.reading.collector, self.reading.fields
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
        for key in ("standard", "$standard"):
            if isinstance(doc.get(key), Mapping):
                self.used.add((key,))
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
        kind = doc.get("type")
        if kind == "text" or (kind in ITEM_TYPES and not f.body):
            self.used.add(("type",))
        self._descriptions()
        self._rights()
        self._descriptions_1()
        for key in ("genres", "genre"):
            self._concepts(key, f.content_types)
        for key in ("subjects", "subject"):
            self._concepts(key, f.topics)
        for key in ("places", "place"):
            self._concepts(key, f.regions)
        self._infosources()
        self._v11()
        self._media_and_related()
        if f.headline is None and f.body:  # only a text item needs one (SPEC §6.8)
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
        if isinstance(self.doc.get("headline"), str):  # ninjs 1.x
            self.line("headline", self.doc["headline"], ("headline",))
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

    def _body_candidates(self) -> list[tuple[int, tuple[Any, ...], str, str]]:
        """Every body the document offers, as (rank, path, kind, text), best first: the
        ``bodies`` of 2.x/3.x and the ``body_*`` properties of 1.x (and of producers that
        still send them). HTML and XHTML come before plain text (their paragraphs are marked
        up); a body whose role names another part (abstract, teaser...) comes last."""
        found: list[tuple[int, tuple[Any, ...], str, str]] = []
        bodies = self.doc.get("bodies")
        if isinstance(bodies, list):
            for index, body in enumerate(bodies):
                if not isinstance(body, Mapping) or not isinstance(body.get("value"), str):
                    continue
                ctype_found = _get(body, "contenttype")
                ctype = ctype_found[1] if ctype_found else None
                value = body["value"]
                if ctype is None:
                    kind = "html" if _HTML.search(value) else "text"
                else:
                    kind = _BODY_KINDS.get(str(ctype).split(";", 1)[0].strip().lower(), "")
                if not kind:
                    continue
                penalty = 10 if _body.other_part(str(body.get("role") or "main")) else 0
                found.append((penalty + _KIND_RANK[kind], ("bodies", index), kind, value))
        for key, value in self.doc.items():
            if isinstance(key, str) and key.startswith("body_") and isinstance(value, str):
                kind = _BODY_KINDS.get(key, "")
                if kind:
                    found.append((_KIND_RANK[kind], (key,), kind, value))
        found.sort(key=lambda entry: entry[0])
        return found

    def _bodies(self) -> None:
        for _, path, declared, value in self._body_candidates():
            kind = declared
            value_path = (*path, "value") if path[0] == "bodies" else path
            printable, line = self.where(value_path)
            paras: list[str] = []
            if kind == "text" and _body.holds_markup(value):
                self.collector.warn(
                    "NI503", "plain-text body holds HTML markup; read as HTML", printable, line
                )
                kind = "html"
            if kind == "text":
                for part in EMPTY_LINE.split(value):
                    paras.extend(self.collector.paragraphs(part, "body", printable, line))
            else:
                tree = _body.nitf_content(value) if kind == "nitf" else None
                tree = tree if tree is not None else _body.parse_markup(value)
                if tree is not None:
                    walk = _body.read_blocks(tree, _xml.Consumed())
                    for part in walk.paragraphs:
                        paras.extend(self.collector.paragraphs(part, "body", printable, line))
                    if walk.structures or walk.flattened:
                        self.collector.warn(
                            "NI503",
                            f"{kind.upper()} body read as plain paragraphs "
                            "(lists and tables a line per item or row)",
                            printable,
                            line,
                        )
                    self._markup_attributes(tree, path)
            if not paras:
                continue
            self.fields.body.extend(paras)
            self.used.add(value_path)
            if path[0] == "bodies":
                self.used.add((*path, "role"))
                found = _get(self.doc["bodies"][path[1]], "contenttype")
                if found is not None:
                    self.used.add((*path, found[0]))
            return

    def _markup_attributes(self, tree: Any, path: tuple[Any, ...]) -> None:
        """Keep the attribute values of a markup body (link targets, ids...) in extra."""
        label = "ninjs:" + ".".join(str(p) for p in path if isinstance(p, str))
        printable, line = self.where(path)
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue
            for name, value in node.attrib.items():
                if _xml.local(name) in _body.PRESENTATION:
                    continue
                self.collector.keep(
                    f"{label}/{_xml.local(node.tag)}@{name}", value, printable, line
                )

    def _descriptions_1(self) -> None:
        """newsitem's own fields in ninjs 1.x ``description_newsitem_*`` (one per line)."""
        f, c = self.fields, self.collector
        for name, key in DESCRIPTION_1.items():
            value = self.doc.get(key)
            if not isinstance(value, str):
                continue
            printable, line = self.where((key,))
            self.used.add((key,))
            for part in value.split("\n"):
                if name == "extra":
                    add_extra_string(c, part, f"ninjs:{key}", printable, line)
                elif name == "service":
                    self.line("service", part, (key,))
                elif name == "url" and f.url is None and is_url(part):
                    f.url = (part, printable, line)
                elif name in ("platforms", "media_types"):
                    clean = c.line(part, MAX_LINE["list"], name, printable, line)
                    if clean is not None:
                        getattr(f, name).append((clean, printable, line))
                else:
                    c.keep(f"ninjs:{key}", part, printable, line)

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
            carried = _v11.field_of(role) if isinstance(role, str) else None
            if carried is not None:
                _v11.restore(c, f.v11, carried, value, printable, line, "ninjs:descriptions")
            elif role == ROLE["extra"]:
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

    def _v11(self) -> None:
        """The 1.1 fields ninjs has properties for, and those carried as JSON."""
        doc, found = self.doc, self.fields.v11

        def take(name: str, key: str, value: Any) -> None:
            if value is not None and name not in found:
                printable, line = self.where((key,))
                found[name] = (value, printable, line)
                self.used.add((key,))

        if "urgency" in doc:
            take("urgency", "urgency", _v11.as_int(doc["urgency"]))
        status = _get(doc, "pubstatus")
        if status is not None and status[1] in _v11.STATUSES:
            take("pub_status", status[0], status[1])
        for key in ("embargoed", "embargoedUntil"):
            if isinstance(doc.get(key), str):
                take("embargoed", key, normalise_datetime(doc[key]))
        if "version" in doc:
            revision = _v11.as_int(doc["version"])
            take("revision", "version", revision if revision and revision >= 1 else None)
        for key in ("byline", "by"):
            if isinstance(doc.get(key), str) and doc[key].strip():
                value = doc[key] if is_line(doc[key]) else collapse(doc[key])
                take("bylines", key, [{"name": value}])
        for key, value in doc.items():
            name = _v11.field_of(key, prefix=_v11.CARRIER_1) if isinstance(key, str) else None
            if name is not None and isinstance(value, str):
                printable, line = self.where((key,))
                _v11.restore(self.collector, found, name, value, printable, line, f"ninjs:{key}")
                self.used.add((key,))

    def _renditions(
        self, owner: Mapping[str, Any], path: tuple[Any, ...]
    ) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
        """Media entries from the ``renditions`` of a ninjs object (a 1.x object of named
        renditions, or a 2.x/3.x list), with the path of each rendition; the properties an
        entry takes are marked used, the others (name, width, height...) stay leftovers."""
        found = owner.get("renditions")
        if isinstance(found, Mapping):
            pairs = [(key, value) for key, value in found.items()]
        elif isinstance(found, list):
            pairs = list(enumerate(found))
        else:
            return []
        kind_word = owner.get("type") if isinstance(owner.get("type"), str) else None
        out = []
        for key, rendition in pairs:
            if not isinstance(rendition, Mapping):
                continue
            mime_key = next((k for k in _MIME_KEYS if isinstance(rendition.get(k), str)), None)
            mime = rendition.get(mime_key) if mime_key is not None else None
            size = _get(rendition, "sizeinbytes")
            made = _media.media_entry(
                _media.media_kind(kind_word, mime),
                rendition.get("href"),
                mime,
                size=size[1] if size is not None else None,
                duration=rendition.get("duration"),
            )
            if made is None:
                continue
            entry, taken = made
            where = (*path, "renditions", key)
            names = {"url": "href", "mime_type": mime_key, "duration": "duration"}
            names["size"] = size[0] if size is not None else "sizeinbytes"
            self.used.update((*where, names[name]) for name in taken)
            out.append((entry, where))
        return out

    def _caption_credit(
        self, owner: Mapping[str, Any], path: tuple[Any, ...], entry: dict[str, Any]
    ) -> None:
        """The caption and credit of an object's first media entry: ``descriptions`` of role
        caption and creditline (2.x/3.x), ``description_text`` (1.x); the credit else the
        object's ``by``/``byline``."""
        items = owner.get("descriptions")
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, Mapping) and isinstance(item.get("value"), str):
                name = {"caption": "caption", "creditline": "credit"}.get(str(item.get("role")))
                if (
                    name is not None
                    and name not in entry
                    and _media.with_text(entry, name, item["value"].strip())
                ):
                    where = (*path, "descriptions", index)
                    self.used.update({(*where, "value"), (*where, "role")})
        for key, name in (("description_text", "caption"), ("by", "credit"), ("byline", "credit")):
            value = owner.get(key)
            if (
                (path or key == "description_text")  # the item's own by is its byline
                and isinstance(value, str)
                and name not in entry
                and (*path, key) not in self.used
                and _media.with_text(entry, name, value.strip())
            ):
                self.used.add((*path, key))

    def _media_and_related(self) -> None:
        """``media`` from the item's own renditions (a picture, video or audio item) and from
        the pictures, videos and audio among its ``associations``; the other associations
        (texts, packages, or media without a usable rendition) become ``related``. Newsitem's
        own carriers, when present, say it instead."""
        doc, found = self.doc, self.fields.v11
        media: list[dict[str, Any]] = []
        related: list[dict[str, Any]] = []
        first: dict[str, tuple[Any, ...]] = {}
        if "media" not in found:
            own = self._renditions(doc, ())
            if own:
                self._caption_credit(doc, (), own[0][0])
                media += [entry for entry, _ in own]
                first.setdefault("media", own[0][1])
        associations = doc.get("associations")
        if isinstance(associations, Mapping):
            pairs = [(key, key, value) for key, value in associations.items()]
        elif isinstance(associations, list):
            pairs = [
                (index, value.get("name") if isinstance(value, Mapping) else None, value)
                for index, value in enumerate(associations)
            ]
        else:
            pairs = []
        for key, name, value in pairs:
            if not isinstance(value, Mapping):
                continue
            path = ("associations", key)
            rendered = self._renditions(value, path) if "media" not in found else []
            if rendered:
                self._caption_credit(value, path, rendered[0][0])
                media += [entry for entry, _ in rendered]
                first.setdefault("media", rendered[0][1])
                self._used_name(value, path, name)
                continue
            if "related" in found:
                continue
            made = self._related(value, path, name)
            if made is not None:
                related.append(made)
                first.setdefault("related", path)
        for field_name, entries in (("media", media), ("related", related)):
            if entries:
                printable, line = self.where(first[field_name])
                found[field_name] = (entries, printable, line)

    def _used_name(self, value: Mapping[str, Any], path: tuple[Any, ...], name: Any) -> None:
        """An association's ``name`` (2.x/3.x) and ``type`` said what it is: used."""
        if isinstance(name, str) and "name" in value:
            self.used.add((*path, "name"))
        if isinstance(value.get("type"), str):
            self.used.add((*path, "type"))

    def _related(
        self, value: Mapping[str, Any], path: tuple[Any, ...], name: Any
    ) -> dict[str, Any] | None:
        """A related entry from an association: its uri (or guid) as id, its name as rel, its
        type as kind, its headline as title."""
        id_key = next((k for k in ("uri", "guid") if isinstance(value.get(k), str)), None)
        if id_key is None:
            return None
        title_path: tuple[Any, ...] | None = None
        title = None
        if isinstance(value.get("headline"), str):
            title, title_path = value["headline"].strip(), (*path, "headline")
        elif isinstance(value.get("headlines"), list) and value["headlines"]:
            head = value["headlines"][0]
            if isinstance(head, Mapping) and isinstance(head.get("value"), str):
                title, title_path = head["value"].strip(), (*path, "headlines", 0, "value")
        kind_word = value.get("type") if isinstance(value.get("type"), str) else None
        made = _media.related_entry(
            value[id_key],
            rel=name if isinstance(name, str) else None,
            kind=_media.related_kind(kind_word),
            title=title or None,
        )
        if made is None:
            return None
        entry, taken = made
        self.used.add((*path, id_key))
        if "rel" in taken and "name" in value:
            self.used.add((*path, "name"))
        if "kind" in taken:
            self.used.add((*path, "type"))
        if "title" in taken and title_path is not None:
            self.used.add(title_path)
        return entry

    def _concepts(self, key: str, target: list[tuple[str, str, int | None]]) -> None:
        items = self.doc.get(key)
        if not isinstance(items, list):
            return
        coded: list[dict[str, str]] = []
        for index, entry in enumerate(items):
            if not isinstance(entry, Mapping):
                continue
            scheme, code = entry.get("scheme"), entry.get("code")
            if key == "subject" and isinstance(scheme, str) and isinstance(code, str):
                coded.append({k: v for k, v in entry.items() if k in ("scheme", "code", "name")})
                self.used.update((key, index, k) for k in ("scheme", "code", "name"))
                if len(coded) == 1:
                    printable, line = self.where((key, index))
                    self.fields.v11.setdefault("subjects", (coded, printable, line))
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
        if found is None and isinstance(self.doc.get("infosource"), list):
            found = ("infosource", self.doc["infosource"])  # ninjs 1.x: rel, not role
        if found is None or not isinstance(found[1], list):
            return
        key, items = found
        for index, entry in enumerate(items):
            if not isinstance(entry, Mapping) or self.fields.provider is not None:
                continue
            for marker in ("role", "rel"):
                if entry.get(marker) == PROVIDER_ROLE and isinstance(entry.get("name"), str):
                    self.line("provider", entry["name"], (key, index, "name"))
                    self.used.add((key, index, marker))

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
    item = reader.reading.item("ninjs", "$")
    return item, reader.collector.warnings
