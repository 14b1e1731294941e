"""NITF 3.6 (IPTC News Industry Text Format), both ways.

Export writes a namespaced NITF 3.6 document that validates against IPTC's ``nitf-3-6.xsd``;
import reads NITF 3.6, older namespaced NITF and the un-namespaced DTD-style NITF of old
archives (a bare ``<!DOCTYPE nitf SYSTEM ...>`` is tolerated and never fetched), always through
the hardened parser. What goes where is in ``mapping.json`` (the "nitf" column).
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from newsitem import _xmlsafe
from newsitem.codecs import Decoded
from newsitem.errors import ParseError
from newsitem.interop import _body, _media, _v11, _xml, schemas
from newsitem.interop._common import (
    MAX_ID,
    MAX_LINE,
    Collector,
    Fields,
    add_extra_string,
    build_item,
    is_url,
    join_extra,
    normalise_datetime,
    source_findings,
)
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.values import collapse, is_language, is_line

NS = "http://iptc.org/std/NITF/2006-10-18/"
VERSION = "-//IPTC//DTD NITF 3.6//EN"
#: Namespaces read as NITF (3.6, 3.3 to 3.5's, and none for DTD-era files).
KNOWN_NAMESPACES = (NS, "http://iptc.org/std/nitf/2006-03-01/", "")

#: NITF has a place for every field (a few through head/meta, see mapping.json).
LOSSY_FIELDS: frozenset[str] = frozenset()

#: head/meta names newsitem writes for fields NITF has no element for.
META = {
    "service": "newsitem.service",
    "updated": "newsitem.updated",
    "url": "newsitem.rights-url",
    "extra": "newsitem.extra",
}
#: head/meta name prefix of a 1.1 field written as JSON (see ``newsitem.interop._v11``).
FIELD_META = "newsitem.field."
#: identified-content/classifier types for list fields NITF has no element for.
CLASSIFIERS = {
    "content_types": "newsitem:content-type",
    "platforms": "newsitem:platform",
    "media_types": "newsitem:media-type",
}
_CONTAINERS = {
    "nitf",
    "head",
    "docdata",
    "key-list",
    "identified-content",
    "body",
    "body.head",
    "hedline",
    "body.content",
}


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    for key, value in attrs.items():
        element.set(key.replace("_", "-"), value)
    if text is not None:
        element.text = text
    return element


def write_lines(element: etree._Element, text: str) -> None:
    """Text with line breaks as NITF ``br`` elements."""
    first, *rest = text.split("\n")
    element.text = first
    for line in rest:
        br = _el(element, "br")
        br.tail = line


def body_element(parent: etree._Element, item: NewsItem) -> etree._Element:
    """The NITF ``body``: the headline in ``hedline/hl1`` (none for an item without one)."""
    body = _el(parent, "body")
    head = _el(body, "body.head")
    if item.headline is not None:
        _el(_el(head, "hedline"), "hl1", item.headline)
    return body


def content_element(body: etree._Element, item: NewsItem) -> None:
    """The paragraphs, in ``body.content`` (none for an item without a body)."""
    if not item.body:
        return
    content = _el(body, "body.content")
    for para in item.body:
        write_lines(_el(content, "p"), para)


def embedded(item: NewsItem) -> etree._Element:
    """The NITF document NewsML-G2 carries in ``inlineXML``: headline and paragraphs."""
    root = etree.Element(f"{{{NS}}}nitf", nsmap={None: NS})
    root.set("version", VERSION)
    body = body_element(root, item)
    content_element(body, item)
    return root


def to_element(item: NewsItem) -> etree._Element:
    """The standalone NITF 3.6 document of an item."""
    root = etree.Element(f"{{{NS}}}nitf", nsmap={None: NS})
    root.set("version", VERSION)
    if item.language is not None:
        root.set(_xml.XML_LANG, item.language)
    root.set(_xml.XML_SPACE, "preserve")
    head = _el(root, "head")
    if item.title is not None:
        _el(head, "title", item.title)
    if item.service is not None:
        _el(head, "meta", name=META["service"], content=item.service)
    if item.updated is not None:
        _el(head, "meta", name=META["updated"], content=item.updated)
    if item.rights is not None and item.rights.url is not None:
        _el(head, "meta", name=META["url"], content=item.rights.url)
    for extra in item.extra:
        _el(head, "meta", name=META["extra"], content=join_extra(extra))
    native = {"urgency", "embargoed", "pub_status", "bylines", "dateline"}
    for name, text in _v11.carried(item, native):
        _el(head, "meta", name=FIELD_META + name, content=text)
    docdata = _el(head, "docdata")
    if item.pub_status is not None:
        docdata.set("management-status", item.pub_status)
    if item.id is not None:
        _el(docdata, "doc-id", id_string=item.id)
    if item.urgency is not None:
        _el(docdata, "urgency", ed_urg=str(item.urgency))
    if item.published is not None:
        _el(docdata, "date.issue", norm=item.published)
    if item.embargoed is not None:
        _el(docdata, "date.release", norm=item.embargoed)
    if item.rights is not None and item.rights.holder is not None:
        _el(docdata, "doc.copyright", holder=item.rights.holder)
    if item.topics:
        keys = _el(docdata, "key-list")
        for topic in item.topics:
            _el(keys, "keyword", key=topic)
    if item.content_types or item.platforms or item.media_types or item.regions:
        ident = _el(docdata, "identified-content")
        for name, kind in CLASSIFIERS.items():
            for value in getattr(item, name):
                _el(ident, "classifier", type=kind, value=value)
        for region in item.regions:
            _el(ident, "location", region)
    if len(docdata) == 0 and not docdata.attrib:
        head.remove(docdata)
    if len(head) == 0:
        root.remove(head)
    body = body_element(root, item)
    body_head = body[0]
    if item.rights is not None:
        _el(body_head, "rights", item.rights.notice)
    for byline in item.bylines:
        element = _el(body_head, "byline", byline.name)
        if byline.role is not None:
            _el(element, "byttl", byline.role)
    if item.provider is not None:
        _el(body_head, "distributor", item.provider)
    if item.dateline is not None:
        _el(body_head, "dateline", item.dateline)
    if len(body_head) == 0:
        body.remove(body_head)
    content_element(body, item)
    _xml.indent(root, _CONTAINERS)
    return root


def dumps(item: NewsItem) -> bytes:
    """The NITF 3.6 document of an item (UTF-8, with an XML declaration)."""
    return etree.tostring(to_element(item), xml_declaration=True, encoding="UTF-8") + b"\n"


def encode(item: NewsItem) -> bytes:
    """The codec protocol's ``encode``: the NITF document of an item."""
    return dumps(item)


# --- import -----------------------------------------------------------------------------------


def _is_nitf(root: etree._Element) -> bool:
    """A ``nitf`` element in no namespace (DTD-era) or in any NITF namespace."""
    ns = _xml.namespace(root.tag)
    return _xml.local(root.tag) == "nitf" and (
        ns in KNOWN_NAMESPACES or ns.lower().startswith("http://iptc.org/std/nitf/")
    )


def read_body(
    nitf: etree._Element,
    fields: Fields,
    collector: Collector,
    consumed: _xml.Consumed,
) -> None:
    """Read the body of a NITF element: headline (``hl1``), provider (``distributor``),
    notice (``rights``) and the paragraphs of every ``body.content``."""
    ns = _xml.namespace(nitf.tag)
    consumed.node(nitf)
    for body in _xml.elements(nitf, ns, "body"):
        consumed.node(body)
        for head in _xml.elements(body, ns, "body.head"):
            consumed.node(head)
            for hedline in _xml.elements(head, ns, "hedline"):
                consumed.node(hedline)
                for hl1 in _xml.elements(hedline, ns, "hl1"):
                    _line_field(fields, "headline", hl1, collector, consumed, "nitf:hl1")
            for rights in _xml.elements(head, ns, "rights"):
                if fields.notice is None and _xml.has_direct_text(rights):
                    text = _xml.read_text(rights)
                    paras = collector.paragraphs(text, "rights", _xml.xpath_of(rights))
                    if paras:
                        fields.notice = ("\n".join(paras), _xml.xpath_of(rights), rights.sourceline)
                        consumed.text(rights, deep=False)
                        consumed.node(rights)
            for dist in _xml.elements(head, ns, "distributor"):
                _line_field(fields, "provider", dist, collector, consumed, "nitf:distributor")
            _read_byline_dateline(head, ns, fields, consumed)
        for content in _xml.elements(body, ns, "body.content"):
            _read_media(content, fields, consumed)
            found = _body.read_blocks(content, consumed)
            _body.warn_structures(found, collector, "NITF body")
            path = _xml.xpath_of(content)
            for para in found.paragraphs:
                fields.body.extend(
                    collector.paragraphs(para, "paragraph", path, content.sourceline)
                )


def _read_media(content: etree._Element, fields: Fields, consumed: _xml.Consumed) -> None:
    """``media`` from the ``media`` elements of a ``body.content``: each ``media-reference``
    with a URL ``source`` and a ``mime-type`` is an entry, its kind from the media type or
    ``media-type``; the ``media-caption`` and ``media-producer`` go with the first entry of
    their ``media``. A reference that makes no entry (a source that is not a URL) and the rest
    of the element stay for the leftover walk."""
    if "media" in fields.v11:
        return
    entries: list[dict[str, object]] = []
    first: etree._Element | None = None
    for media in content.iter():
        if not isinstance(media.tag, str) or _xml.local(media.tag) != "media":
            continue
        made_here: list[dict[str, object]] = []
        for ref in media:
            if not isinstance(ref.tag, str) or _xml.local(ref.tag) != "media-reference":
                continue
            mime = ref.get("mime-type")
            made = _media.media_entry(
                _media.media_kind(media.get("media-type"), mime), ref.get("source"), mime
            )
            if made is None:
                continue
            consumed.node(ref)
            consumed.attr(ref, "source", "mime-type")
            made_here.append(made[0])
            first = ref if first is None else first
        if not made_here:
            continue
        consumed.node(media)
        consumed.attr(media, "media-type")
        for child in media:
            name = _xml.local(child.tag) if isinstance(child.tag, str) else ""
            target = {"media-caption": "caption", "media-producer": "credit"}.get(name)
            if target is not None:
                text = _xml.read_text(child).strip()
                value = text if target == "caption" else _as_line(text)
                if _media.with_text(made_here[0], target, value):
                    consumed.node(child, deep=True)
        entries += made_here
    if first is not None:
        fields.v11["media"] = (entries, _xml.xpath_of(first), first.sourceline)


def _as_line(text: str) -> str:
    """A text as a single-line value: as it stands when it is one, else collapsed."""
    return text if is_line(text) else collapse(text)


def _read_byline_dateline(
    head: etree._Element, ns: str, fields: Fields, consumed: _xml.Consumed
) -> None:
    """``byline`` elements as bylines (the text without ``byttl``, which is the role) and the
    first ``dateline`` as the dateline."""
    bylines: list[dict[str, str]] = []
    first: etree._Element | None = None
    for byline in _xml.elements(head, ns, "byline"):
        titles = _xml.elements(byline, ns, "byttl")
        role = _as_line(" ".join(_xml.read_text(t, breaks=False) for t in titles))
        name_parts = [byline.text or ""]
        for child in byline:
            if child not in titles and isinstance(child.tag, str):
                name_parts.append(_xml.read_text(child, breaks=False))
            name_parts.append(child.tail or "")
        raw = "".join(name_parts)
        name = raw if _xml.preserved(byline) and is_line(raw) else collapse(" ".join(name_parts))
        if not name:
            continue
        entry = {"name": name}
        if role:
            entry["role"] = role
        bylines.append(entry)
        consumed.node(byline, deep=True)
        first = byline if first is None else first
    if first is not None:
        fields.v11["bylines"] = (bylines, _xml.xpath_of(first), first.sourceline)
    for dateline in _xml.elements(head, ns, "dateline")[:1]:
        text = _as_line(_xml.read_text(dateline, breaks=False))
        if text:
            consumed.node(dateline, deep=True)
            fields.v11["dateline"] = (text, _xml.xpath_of(dateline), dateline.sourceline)


def _line_field(
    fields: Fields,
    name: str,
    element: etree._Element,
    collector: Collector,
    consumed: _xml.Consumed,
    label: str,
) -> None:
    """Set a single-line field from an element's text, unless already set (then the element
    is left for ``extra``)."""
    if getattr(fields, name) is not None:
        return
    limit = MAX_LINE.get(name, MAX_LINE["value"])
    path = _xml.xpath_of(element)
    value = collector.line(
        _xml.read_text(element, breaks=False), limit, name, path, element.sourceline, label=label
    )
    consumed.text(element)
    consumed.node(element)
    if value is not None:
        setattr(fields, name, (value, path, element.sourceline))


def _attr_value(
    element: etree._Element, attr: str, consumed: _xml.Consumed
) -> tuple[str, str, int | None] | None:
    value = element.get(attr)
    if value is None:
        return None
    consumed.attr(element, attr)
    return value, _xml.attr_path(element, attr), element.sourceline


def read_head(
    nitf: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    """Read the metadata of a standalone NITF document (root attributes and ``head``)."""
    ns = _xml.namespace(nitf.tag)
    for attr in (_xml.XML_LANG, "baselang"):
        value = nitf.get(attr)
        if value is not None and fields.language is None and is_language(value):
            fields.language = (value, _xml.attr_path(nitf, attr), nitf.sourceline)
            consumed.attr(nitf, attr)
    for head in _xml.elements(nitf, ns, "head"):
        consumed.node(head)
        for title in _xml.elements(head, ns, "title"):
            _line_field(fields, "title", title, collector, consumed, "nitf:head/title")
        for meta in _xml.elements(head, ns, "meta"):
            _read_meta(meta, fields, collector, consumed)
        for docdata in _xml.elements(head, ns, "docdata"):
            consumed.node(docdata)
            _read_docdata(docdata, ns, fields, collector, consumed)


def _read_meta(
    meta: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    name, content = meta.get("name"), meta.get("content")
    if content is not None and name is not None and name.startswith(FIELD_META):
        carried = _v11.field_of(_v11.CARRIER + name[len(FIELD_META) :])
        if carried is not None:
            consumed.element(meta)
            path = _xml.attr_path(meta, "content")
            _v11.restore(
                collector, fields.v11, carried, content, path, meta.sourceline, "nitf:meta"
            )
            return
    if content is None or name not in META.values():
        return
    path, line = _xml.attr_path(meta, "content"), meta.sourceline
    consumed.element(meta)
    if name == META["extra"]:
        add_extra_string(collector, content, "nitf:head/meta", path, line)
    elif name == META["service"] and fields.service is None:
        value = collector.line(content, MAX_LINE["service"], "service", path, line)
        if value is not None:
            fields.service = (value, path, line)
    elif name == META["updated"] and fields.updated is None:
        _date(fields, "updated", content, path, line, collector, "nitf:meta/updated")
    elif name == META["url"] and fields.url is None and is_url(content):
        fields.url = (content, path, line)
    else:
        collector.keep(f"nitf:head/meta/{name}", content, path, line)


def _date(
    fields: Fields,
    name: str,
    value: str,
    path: str,
    line: int | None,
    collector: Collector,
    label: str,
) -> None:
    normal = normalise_datetime(value)
    if normal is None:
        collector.keep(label, value, path, line)
        collector.warn("NI504", f"{name}: {value!r} has no time zone or is not a date", path, line)
        return
    setattr(fields, name, (normal, path, line))


def _read_docdata(
    docdata: etree._Element,
    ns: str,
    fields: Fields,
    collector: Collector,
    consumed: _xml.Consumed,
) -> None:
    status = docdata.get("management-status")
    if status in _v11.STATUSES:
        consumed.attr(docdata, "management-status")
        path = _xml.attr_path(docdata, "management-status")
        fields.v11["pub_status"] = (status, path, docdata.sourceline)
    for urgency in _xml.elements(docdata, ns, "urgency")[:1]:
        level = _v11.as_int(urgency.get("ed-urg"))
        if level is not None:
            consumed.attr(urgency, "ed-urg")
            consumed.node(urgency)
            path = _xml.attr_path(urgency, "ed-urg")
            fields.v11["urgency"] = (level, path, urgency.sourceline)
    for release in _xml.elements(docdata, ns, "date.release")[:1]:
        normal = normalise_datetime(release.get("norm") or "")
        if normal is not None:
            consumed.attr(release, "norm")
            consumed.node(release)
            path = _xml.attr_path(release, "norm")
            fields.v11["embargoed"] = (normal, path, release.sourceline)
    for doc_id in _xml.elements(docdata, ns, "doc-id"):
        found = _attr_value(doc_id, "id-string", consumed)
        if found is not None and fields.id is None:
            value = found[0].strip()
            if value and len(value) <= MAX_ID and not any(c.isspace() for c in value):
                fields.id = (value, found[1], found[2])
            else:
                collector.keep("nitf:doc-id@id-string", found[0], found[1], found[2])
    for issue in _xml.elements(docdata, ns, "date.issue"):
        found = _attr_value(issue, "norm", consumed)
        if found is not None and fields.published is None:
            _date(fields, "published", *found, collector, "nitf:date.issue@norm")
    for copyright_ in _xml.elements(docdata, ns, "doc.copyright"):
        found = _attr_value(copyright_, "holder", consumed)
        if found is not None and fields.holder is None:
            holder = collector.line(found[0], MAX_LINE["holder"], "holder", found[1], found[2])
            if holder is not None:
                fields.holder = (holder, found[1], found[2])
    for keys in _xml.elements(docdata, ns, "key-list"):
        consumed.node(keys)
        for keyword in _xml.elements(keys, ns, "keyword"):
            _list_value(fields.topics, keyword, "key", collector, consumed)
    for ident in _xml.elements(docdata, ns, "identified-content"):
        consumed.node(ident)
        for classifier in _xml.elements(ident, ns, "classifier"):
            kind = classifier.get("type")
            for name, wanted in CLASSIFIERS.items():
                if kind == wanted:
                    consumed.attr(classifier, "type")
                    _list_value(getattr(fields, name), classifier, "value", collector, consumed)
        for location in _xml.elements(ident, ns, "location"):
            if len(location) == 0 and _xml.has_direct_text(location):
                _list_value(fields.regions, location, None, collector, consumed)


def _list_value(
    target: list[tuple[str, str, int | None]],
    element: etree._Element,
    attr: str | None,
    collector: Collector,
    consumed: _xml.Consumed,
) -> None:
    if attr is None:
        raw: str | None = _xml.read_text(element, breaks=False)
        path = _xml.xpath_of(element)
    else:
        raw = element.get(attr)
        path = _xml.attr_path(element, attr)
    if raw is None:
        return
    value = collector.line(raw, MAX_LINE["list"], "list value", path, element.sourceline)
    if value is None:
        return
    if attr is None:
        consumed.text(element)
    else:
        consumed.attr(element, attr)
    target.append((value, path, element.sourceline))


_IGNORED_ATTRIBUTES = (
    "version",
    "change.date",
    "change.time",
    f"{{{_xml.XSI_NS}}}schemaLocation",
    f"{{{_xml.XSI_NS}}}noNamespaceSchemaLocation",
    _xml.XML_SPACE,
)


def read(tree: etree._ElementTree) -> tuple[NewsItem, list[Issue]]:
    """Map a parsed NITF document to an item and the warnings of doing so."""
    root = tree.getroot()
    if not _is_nitf(root):
        raise ParseError(
            make_issue(
                "NI104",
                f"not a NITF document: the root is {_xml.local(root.tag)!r} "
                f"in namespace {_xml.namespace(root.tag) or '(none)'!r}",
                _xml.xpath_of(root),
                root.sourceline,
            )
        )
    collector, consumed, fields = Collector(), _xml.Consumed(), Fields()
    read_head(root, fields, collector, consumed)
    read_body(root, fields, collector, consumed)
    if fields.headline is None and fields.title is not None and fields.body:
        fields.headline = fields.title
        collector.warn("NI502", "no headline; the title serves as headline", fields.title[1])
    _xml.keep_leftovers(root, consumed, collector, "nitf", ignore_attributes=_IGNORED_ATTRIBUTES)
    item = build_item(fields, collector, "nitf", _xml.xpath_of(root))
    return item, collector.warnings


def _not_checked(root: etree._Element, directory: object) -> Issue:
    reason = (
        f"{schemas.ENV_VAR} not set"
        if directory is None
        else "DTD-era NITF in no namespace, or an older NITF namespace: the 3.6 XSD does not "
        "apply; read as it is"
    )
    return make_issue(
        "NI505",
        f"not validated against the NITF 3.6 schema ({reason})",
        _xml.xpath_of(root),
        root.sourceline,
    )


def decode(
    data: bytes, *, schema_dir: str | os.PathLike[str] | None = None, strict: bool = False
) -> Decoded:
    """Parse a NITF document and map it to an item.

    When IPTC's schemas are configured (``schema_dir`` or ``NEWSITEM_IPTC_SCHEMAS``), a NITF
    3.6 document is validated first: what the schema finds is reported as NI508 warnings
    (errors with ``strict``) and the import goes on. An older or un-namespaced NITF is read as
    it is, with an NI505 warning that it was not validated.

    Raises:
        ParseError: not well-formed, refused by the hardened parser, or not NITF.
        InvalidNewsItem: no headline or body text (NI507), or, with ``strict``, NITF 3.6
            that breaks the IPTC schema.
    """
    tree = _xmlsafe.parse(data)
    root = tree.getroot()
    checked: list[Issue] = []
    directory = schemas.available(schema_dir)
    if _is_nitf(root) and _xml.namespace(root.tag) == NS and directory is not None:
        found = _xml.schema_issues(schemas.nitf_schema(directory), root, "NITF 3.6")
        checked.extend(source_findings(found, strict=strict))
    else:
        checked.append(_not_checked(root, directory))
    item, warnings = read(tree)
    return Decoded(item, tuple(checked + warnings))


def loads(data: bytes | str) -> NewsItem:
    """Read a NITF document as an item (see ``decode``)."""
    return decode(schemas.as_bytes(data)).item


def issues(data: bytes, *, schema_dir: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Validate a NITF document against IPTC's NITF 3.6 XSD: its parse error or every schema
    issue (XPath and line), then the warnings of reading it as an item.

    Raises:
        SchemasNotFound: when no schema directory is given or configured.
    """
    return schemas.xml_form_issues(data, schema_dir, _check, read)


def _check(tree: etree._ElementTree, directory: Path) -> schemas.Findings:
    """The NITF 3.6 schema's findings; DTD-era NITF (no namespace) is checked as it is read,
    a document that is no NITF at all is not read."""
    root = tree.getroot()
    if _is_nitf(root) and _xml.namespace(root.tag) != NS:
        return [_not_checked(root, directory)], True
    if not _is_nitf(root):
        issue = make_issue(
            "NI109",
            "NITF 3.6 documents are in the namespace " + NS,
            _xml.xpath_of(root),
            root.sourceline,
        )
        return [issue], False
    return list(_xml.schema_issues(schemas.nitf_schema(directory), root, "NITF 3.6")), True
