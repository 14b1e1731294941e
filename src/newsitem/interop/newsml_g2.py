"""NewsML-G2 2.35 (IPTC), a ``newsItem`` at Power conformance, with the body as NITF 3.6 in
``contentSet/inlineXML``, both ways.

Export validates against IPTC's 2.35 Power XSD, and its embedded NITF against the NITF 3.6 XSD
(checked on its own, so the lax wildcard of ``inlineXML`` does not hide errors). G2 requires a
guid, a provider and a versionCreated: when the item lacks them they are derived
deterministically and listed in an ``itemMetaExtProperty`` (``urn:newsitem:derived``) so that
import drops them again. What goes where is in ``mapping.json`` (the "newsml-g2" column).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from newsitem import _xmlsafe
from newsitem.codecs import Decoded
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.interop import _body, _media, _v11, _xml, nitf, schemas
from newsitem.interop._common import (
    EPOCH,
    MAX_ID,
    MAX_LINE,
    URN,
    Collector,
    Fields,
    add_extra_string,
    build_item,
    derived_id,
    is_url,
    item_type,
    join_extra,
    normalise_datetime,
    source_findings,
    to_xsd_datetime,
)
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.values import collapse, is_language, is_line

NS = "http://iptc.org/std/nar/2006-10-01/"
STANDARD_VERSION = "2.35"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"
NITF_TYPE = "application/nitf+xml"

#: Tabs inside these fields become spaces: G2 writes them in ``name`` elements, whose type
#: (g2normalizedString) forbids tabs and line breaks.
TAB_FIELDS: tuple[str, ...] = (
    "provider",
    "service",
    "rights.holder",
    "content_types",
    "topics",
    "regions",
)
#: G2 carries every field; the ones in TAB_FIELDS lose tab characters (see mapping.json).
LOSSY_FIELDS: frozenset[str] = frozenset(TAB_FIELDS)

DERIVED = URN + "derived"
EXT = {
    "platforms": URN + "platform",
    "media_types": URN + "media-type",
    "extra": URN + "extra",
}
TOPIC_TYPE = "cpnat:abstract"
REGION_TYPE = "cpnat:geoArea"
_CONTAINERS = {
    "newsItem",
    "packageItem",
    "rightsInfo",
    "copyrightHolder",
    "itemMeta",
    "provider",
    "service",
    "contentMeta",
    "genre",
    "subject",
    "contentSet",
    "inlineXML",
    "groupSet",
    "group",
    "itemRef",
} | {"nitf", "body", "body.head", "hedline", "body.content"}


def _el(
    parent: etree._Element, name_: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{name_}")
    for key, value in attrs.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def _name(parent: etree._Element, name_: str, value: str, **attrs: str) -> etree._Element:
    element = _el(parent, name_, **attrs)
    _el(element, "name", value.replace("\t", " "))
    return element


def to_element(item: NewsItem) -> etree._Element:
    """The NewsML-G2 ``newsItem`` of an item, or the ``packageItem`` of a package whose
    references a groupSet can hold (``_as_package``)."""
    derived: list[str] = []
    package = _as_package(item)
    root = etree.Element(f"{{{NS}}}{'packageItem' if package else 'newsItem'}", nsmap={None: NS})
    if item.id is not None:
        guid = item.id
    else:
        guid = derived_id(item)
        derived.append("guid")
    root.set("guid", guid)
    root.set("standard", "NewsML-G2")
    root.set("standardversion", STANDARD_VERSION)
    root.set("conformance", "power")
    if item.revision is not None:
        root.set("version", str(item.revision))
    if item.language is not None:
        root.set(_xml.XML_LANG, item.language)
    root.set(_xml.XML_SPACE, "preserve")
    _el(root, "catalogRef", href=CATALOG)
    if item.rights is not None:
        rights = _el(root, "rightsInfo")
        if item.rights.holder is not None:
            _name(rights, "copyrightHolder", item.rights.holder)
        nitf.write_lines(_el(rights, "copyrightNotice"), item.rights.notice)
        if item.rights.url is not None:
            _el(rights, "link", href=item.rights.url)
    meta = _el(root, "itemMeta")
    _el(meta, "itemClass", qcode="ninat:" + item_type(item))
    if item.provider is not None:
        _name(meta, "provider", item.provider)
    else:
        _el(meta, "provider", uri=DERIVED + ":provider")
        derived.append("provider")
    if item.updated is not None:
        created = item.updated
    else:
        created = item.published or EPOCH
        derived.append("versionCreated")
    _el(meta, "versionCreated", to_xsd_datetime(created))
    if item.published is not None:
        _el(meta, "firstCreated", to_xsd_datetime(item.published))
    native = {"revision", "embargoed", "pub_status", "urgency", "keywords", "dateline"}
    if package:
        native.add("related")
    if item.embargoed is not None:
        _el(meta, "embargoed", to_xsd_datetime(item.embargoed))
    if item.pub_status is not None:
        _el(meta, "pubStatus", qcode="stat:" + item.pub_status)
    if item.service is not None:
        _name(meta, "service", item.service)
    if item.title is not None:
        _el(meta, "title", item.title)
    if derived:
        _el(meta, "itemMetaExtProperty", reluri=DERIVED, value=" ".join(derived))
    content = _el(root, "contentMeta")
    if item.urgency is not None:
        _el(content, "urgency", str(item.urgency))
    if item.language is not None:
        _el(content, "language", tag=item.language)
    for value in item.content_types:
        _name(content, "genre", value)
    for value in item.keywords:
        _el(content, "keyword", value)
    if _qcode_subjects(item):
        native.add("subjects")
        for subject in item.subjects:
            element = _el(content, "subject", qcode=f"{subject.scheme}:{subject.code}")
            if subject.name is not None:
                _el(element, "name", subject.name)
    for value in item.topics:
        _name(content, "subject", value, type=TOPIC_TYPE)
    for value in item.regions:
        _name(content, "subject", value, type=REGION_TYPE)
    if item.headline is not None:
        _el(content, "headline", item.headline)
    if item.dateline is not None:
        _el(content, "dateline", item.dateline)
    if item.bylines and all(b.role is None for b in item.bylines):
        native.add("bylines")
        for byline in item.bylines:
            _el(content, "by", byline.name)
    for name in ("platforms", "media_types"):
        for value in getattr(item, name):
            _el(content, "contentMetaExtProperty", reluri=EXT[name], value=value)
    for extra in item.extra:
        _el(content, "contentMetaExtProperty", reluri=EXT["extra"], value=join_extra(extra))
    for name, text in _v11.carried(item, native):
        _el(content, "contentMetaExtProperty", reluri=_v11.CARRIER + name, value=text)
    if item.body:
        inline = _el(_el(root, "contentSet"), "inlineXML", contenttype=NITF_TYPE)
        inline.append(nitf.embedded(item))
    if package:
        _group_set(root, item)
    _xml.indent(root, _CONTAINERS)
    return root


#: ``related[].kind`` -> the item class of an itemRef ("other" has none: such a package
#: travels as JSON).
_REF_CLASS = {
    "text": "ninat:text",
    "picture": "ninat:picture",
    "video": "ninat:video",
    "audio": "ninat:audio",
    "graphic": "ninat:graphic",
    "package": "ninat:composite",
}
_GROUP_ID = "G1"


def _is_qcode(value: str) -> bool:
    scheme, sep, code = value.partition(":")
    return bool(sep and scheme and code) and not any(c.isspace() for c in value)


def _as_package(item: NewsItem) -> bool:
    """True when the item is a package G2 can write as a packageItem that reads back the same:
    related items and no body or media, all in one group (one role, a QCode, or none), each of
    a kind with an item class."""
    refs = item.related
    if not refs or item.body or item.media:
        return False
    roles = {ref.rel for ref in refs}
    role = next(iter(roles))
    return (
        len(roles) == 1
        and (role is None or _is_qcode(role))
        and all(ref.kind is None or ref.kind in _REF_CLASS for ref in refs)
    )


def _group_set(root: etree._Element, item: NewsItem) -> None:
    """The groupSet of a package: one group, an itemRef per related item (residref = id,
    href = url, itemClass from the kind, title)."""
    group_set = _el(root, "groupSet", root=_GROUP_ID)
    group = _el(group_set, "group", id=_GROUP_ID)
    if item.related[0].rel is not None:
        group.set("role", item.related[0].rel)
    for ref in item.related:
        element = _el(group, "itemRef", residref=ref.id)
        if ref.url is not None:
            element.set("href", ref.url)
        if ref.kind is not None:
            _el(element, "itemClass", qcode=_REF_CLASS[ref.kind])
        if ref.title is not None:
            _el(element, "title", ref.title)


def _qcode_subjects(item: NewsItem) -> bool:
    """True when every coded subject can be written as a G2 QCode (``scheme:code``, a scheme
    alias without ':' and no whitespace); otherwise they travel as JSON."""
    return bool(item.subjects) and all(
        ":" not in s.scheme and not any(c.isspace() for c in s.scheme + s.code)
        for s in item.subjects
    )


def dumps(item: NewsItem) -> bytes:
    """The NewsML-G2 document of an item (UTF-8, with an XML declaration)."""
    return etree.tostring(to_element(item), xml_declaration=True, encoding="UTF-8") + b"\n"


def encode(item: NewsItem) -> bytes:
    """The codec protocol's ``encode``: the NewsML-G2 document of an item."""
    return dumps(item)


# --- import -----------------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _children(parent: etree._Element, *names: str) -> list[etree._Element]:
    return _xml.elements(parent, NS, *names)


def _names(element: etree._Element) -> list[etree._Element]:
    return _children(element, "name")


def _label_value(element: etree._Element, consumed: _xml.Consumed) -> tuple[str, str] | None:
    """The human value of a G2 property: its first ``name``, else @literal, @qcode or @uri;
    returns (value, path) and marks what it used."""
    names = _names(element)
    if names:
        consumed.node(names[0])
        return _xml.read_text(names[0], breaks=False), _xml.xpath_of(names[0])
    for attr in ("literal", "qcode", "uri"):
        value = element.get(attr)
        if value is not None:
            consumed.attr(element, attr)
            return value, _xml.attr_path(element, attr)
    return None


def _set_line(
    fields: Fields,
    name: str,
    raw: tuple[str, str] | None,
    element: etree._Element,
    collector: Collector,
    limit_key: str | None = None,
) -> None:
    if raw is None:
        return
    value = collector.line(
        raw[0],
        MAX_LINE[limit_key or name],
        name,
        raw[1],
        element.sourceline,
        label=f"g2:{name}",
    )
    if value is not None:
        setattr(fields, name, (value, raw[1], element.sourceline))


def _date(
    fields: Fields,
    name: str,
    element: etree._Element,
    collector: Collector,
    consumed: _xml.Consumed,
) -> None:
    consumed.node(element)
    raw = (element.text or "").strip()
    normal = normalise_datetime(raw)
    path = _xml.xpath_of(element)
    if normal is None:
        collector.keep(f"g2:{_xml.local(element.tag)}", raw, path, element.sourceline)
        collector.warn("NI504", f"{name}: {raw!r} has no time zone", path, element.sourceline)
        return
    setattr(fields, name, (normal, path, element.sourceline))


def _read_rights(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    infos = _children(root, "rightsInfo")
    if not infos:
        return
    info = infos[0]
    consumed.node(info)
    for holder in _children(info, "copyrightHolder")[:1]:
        consumed.node(holder)
        found = _label_value(holder, consumed)
        if found is not None:
            value = collector.line(found[0], MAX_LINE["holder"], "holder", found[1])
            if value is not None:
                fields.holder = (value, found[1], holder.sourceline)
    notices = _children(info, "copyrightNotice") or _children(info, "usageTerms")
    if notices:
        notice = notices[0]
        paras = collector.paragraphs(
            _xml.read_text(notice), "rights notice", _xml.xpath_of(notice), notice.sourceline
        )
        if paras:
            fields.notice = ("\n".join(paras), _xml.xpath_of(notice), notice.sourceline)
            consumed.node(notice, deep=True)
    for link in _children(info, "link")[:1]:
        href = link.get("href")
        if href is not None and is_url(href):
            consumed.node(link)
            consumed.attr(link, "href")
            fields.url = (href, _xml.attr_path(link, "href"), link.sourceline)


def _read_item_meta(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> set[str]:
    derived: set[str] = set()
    for meta in _children(root, "itemMeta")[:1]:
        consumed.node(meta)
        for ext in _children(meta, "itemMetaExtProperty"):
            if ext.get("reluri") == DERIVED:
                consumed.element(ext)
                derived.update((ext.get("value") or "").split())
        for provider in _children(meta, "provider")[:1]:
            consumed.node(provider)
            if "provider" in derived:
                consumed.attr(provider, "uri")
            else:
                _set_line(fields, "provider", _label_value(provider, consumed), provider, collector)
        for created in _children(meta, "versionCreated")[:1]:
            if "versionCreated" in derived:
                consumed.element(created)
            else:
                _date(fields, "updated", created, collector, consumed)
        for first in _children(meta, "firstCreated")[:1]:
            _date(fields, "published", first, collector, consumed)
        for embargo in _children(meta, "embargoed")[:1]:
            normal = normalise_datetime(embargo.text or "")
            if normal is not None and len(embargo) == 0:
                consumed.node(embargo)
                fields.v11["embargoed"] = (normal, _xml.xpath_of(embargo), embargo.sourceline)
        for status in _children(meta, "pubStatus")[:1]:
            qcode = status.get("qcode", "")
            if qcode.startswith("stat:") and qcode[5:] in _v11.STATUSES:
                consumed.node(status)
                consumed.attr(status, "qcode")
                path = _xml.attr_path(status, "qcode")
                fields.v11["pub_status"] = (qcode[5:], path, status.sourceline)
        for service in _children(meta, "service")[:1]:
            consumed.node(service)
            _set_line(fields, "service", _label_value(service, consumed), service, collector)
        for title in _children(meta, "title")[:1]:
            consumed.node(title, deep=True)
            raw = (_xml.read_text(title, breaks=False), _xml.xpath_of(title))
            _set_line(fields, "title", raw, title, collector)
    return derived


def _read_content_meta(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    for content in _children(root, "contentMeta")[:1]:
        consumed.node(content)
        for language in _children(content, "language"):
            tag = language.get("tag")
            if tag is not None and len(language) == 0:
                if fields.language is None and is_language(tag):
                    fields.language = (tag, _xml.attr_path(language, "tag"), language.sourceline)
                    consumed.element(language)
                elif fields.language is not None and fields.language[0] == tag:
                    consumed.element(language)
        for genre in _children(content, "genre"):
            _list_value(fields.content_types, genre, collector, consumed)
        _read_v11_content(content, fields, collector, consumed)
        for subject in _children(content, "subject"):
            kind = subject.get("type")
            if subject in consumed.elements:
                continue
            if kind in (None, TOPIC_TYPE):
                _list_value(fields.topics, subject, collector, consumed)
            elif kind == REGION_TYPE:
                _list_value(fields.regions, subject, collector, consumed)
        for headline in _children(content, "headline")[:1]:
            consumed.node(headline, deep=True)
            raw = (_xml.read_text(headline, breaks=False), _xml.xpath_of(headline))
            _set_line(fields, "headline", raw, headline, collector)
        for ext in _children(content, "contentMetaExtProperty"):
            reluri, value = ext.get("reluri"), ext.get("value")
            if value is None or len(ext):
                continue
            path = _xml.attr_path(ext, "value")
            carried = _v11.field_of(reluri or "")
            if carried is not None:
                consumed.element(ext)
                _v11.restore(
                    collector, fields.v11, carried, value, path, ext.sourceline, "g2:field"
                )
            if reluri == EXT["extra"]:
                consumed.element(ext)
                add_extra_string(
                    collector, value, "g2:contentMetaExtProperty", path, ext.sourceline
                )
            for name in ("platforms", "media_types"):
                if reluri == EXT[name]:
                    consumed.element(ext)
                    clean = collector.line(value, MAX_LINE["list"], name, path, ext.sourceline)
                    if clean is not None:
                        getattr(fields, name).append((clean, path, ext.sourceline))


def _as_line(text: str) -> str:
    """A text as a single-line value: as it stands when it is one (exact under
    ``xml:space="preserve"``), else with its whitespace runs collapsed."""
    return text if is_line(text) else collapse(text)


def _read_v11_content(
    content: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    """The 1.1 fields in contentMeta: urgency, keyword, subjects with a QCode (type abstract or
    none), dateline and by."""
    del collector
    found = fields.v11
    for urgency in _children(content, "urgency")[:1]:
        value = _v11.as_int(urgency.text)
        if value is not None and len(urgency) == 0:
            consumed.node(urgency)
            found["urgency"] = (value, _xml.xpath_of(urgency), urgency.sourceline)
    keywords = [k for k in _children(content, "keyword") if len(k) == 0 and (k.text or "").strip()]
    if keywords:
        for keyword in keywords:
            consumed.node(keyword)
        values = [_as_line(_xml.read_text(k, breaks=False)) for k in keywords]
        found["keywords"] = (values, _xml.xpath_of(keywords[0]), keywords[0].sourceline)
    coded: list[dict[str, str]] = []
    first: etree._Element | None = None
    for subject in _children(content, "subject"):
        qcode = subject.get("qcode", "")
        scheme, sep, code = qcode.partition(":")
        if subject.get("type") not in (None, TOPIC_TYPE) or not (sep and scheme and code):
            continue
        entry = {"scheme": scheme, "code": code}
        names = _names(subject)
        if names:
            entry["name"] = _as_line(_xml.read_text(names[0], breaks=False))
            consumed.node(names[0])
        consumed.node(subject)
        consumed.attr(subject, "qcode")
        coded.append(entry)
        first = subject if first is None else first
    if first is not None:
        found["subjects"] = (coded, _xml.xpath_of(first), first.sourceline)
    for dateline in _children(content, "dateline")[:1]:
        text = _as_line(_xml.read_text(dateline, breaks=False))
        if text:
            consumed.node(dateline, deep=True)
            found["dateline"] = (text, _xml.xpath_of(dateline), dateline.sourceline)
    bylines = []
    by_elements = [b for b in _children(content, "by") if _as_line(_xml.read_text(b, breaks=False))]
    for by in by_elements:
        consumed.node(by, deep=True)
        entry = {"name": _as_line(_xml.read_text(by, breaks=False))}
        if by.get("role"):
            entry["role"] = by.get("role", "")
            consumed.attr(by, "role")
        bylines.append(entry)
    if by_elements:
        found["bylines"] = (bylines, _xml.xpath_of(by_elements[0]), by_elements[0].sourceline)


def _list_value(
    target: list[tuple[str, str, int | None]],
    element: etree._Element,
    collector: Collector,
    consumed: _xml.Consumed,
) -> None:
    """A G2 concept property (genre, subject) as a list value: its name, else its code."""
    found = _label_value(element, consumed)
    if found is None:
        return
    consumed.attr(element, "type")
    value = collector.line(found[0], MAX_LINE["list"], "list value", found[1], element.sourceline)
    if value is not None:
        target.append((value, found[1], element.sourceline))


#: Content types of body renditions, best first.
_BODY_TYPES = {
    NITF_TYPE: 0,
    "application/xhtml+xml": 1,
    "text/html": 2,
    "text/plain": 3,
    "": 4,
}
#: Rendition or role words that name a part other than the body.
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _content_type(element: etree._Element) -> str:
    kind = (element.get("contenttype") or "").split(";", 1)[0].strip().lower()
    return NITF_TYPE if kind in _body.NITF_MEDIA_TYPES else kind


def _xml_payload(inline: etree._Element) -> etree._Element | None:
    for child in inline:
        if isinstance(child.tag, str):
            return child
    return None


def _body_rank(element: etree._Element) -> int | None:
    """How good a content element is as the body (lower is better); None when it is not one
    newsitem can read (remote content, unknown XML, an empty rendition)."""
    rendition = " ".join(element.get(a) or "" for a in ("rendition", "role")).lower()
    penalty = 10 if _body.other_part(rendition) else 0
    kind = _content_type(element)
    if element.tag == _q("inlineXML"):
        payload = _xml_payload(element)
        if payload is None:
            return None
        # Namespace-blind on purpose: producers often leave out the xmlns, so that a payload
        # inherits the G2 namespace (``<html>`` inside ``inlineXML``).
        if _xml.local(payload.tag) == "nitf":
            return penalty + _BODY_TYPES[NITF_TYPE]
        if _xml.local(payload.tag) == "html":
            return penalty + _BODY_TYPES["application/xhtml+xml"]
        return None
    if element.tag == _q("inlineData"):
        if not (element.text or "").strip() or kind not in _BODY_TYPES:
            return None
        return penalty + _BODY_TYPES[kind]
    return None


def _read_content(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> list[etree._Element]:
    """The body from the best rendition in ``contentSet``: NITF or XHTML in ``inlineXML``,
    else ``inlineData`` by content type (NITF, XHTML, HTML, plain text) and rendition (one
    named headline, abstract, teaser... comes last). The other text renditions are kept whole
    in extra (or dropped with NI501 when too long). Returns the subtrees read here, which the
    leftover walk skips."""
    handled: list[etree._Element] = []
    for content_set in _children(root, "contentSet")[:1]:
        consumed.node(content_set)
        ranked = [
            (rank, index, element)
            for index, element in enumerate(_children(content_set, "inlineXML", "inlineData"))
            if (rank := _body_rank(element)) is not None
        ]
        ranked.sort(key=lambda found: found[:2])
        chosen = None
        for _, _, element in ranked:
            consumed.node(element)
            consumed.attr(element, "contenttype")
            before = len(fields.body)
            handled.append(element)
            _read_rendition(element, fields, collector)
            if len(fields.body) > before:
                chosen = element
                break
        for _, _, element in ranked:
            if element is chosen or element in handled:
                continue
            consumed.node(element, deep=True)
            handled.append(element)
            text = _xml.read_text(element, breaks=False) if len(element) else element.text or ""
            label = "g2:contentSet/" + _xml.local(element.tag)
            collector.keep(label, text, _xml.xpath_of(element), element.sourceline)
        # The renditions' own attributes (wordcount, rendition...) stay for the leftover walk;
        # only what is inside them was read here.
        handled = [child for element in handled for child in element if isinstance(child.tag, str)]
    return handled


def _read_rendition(element: etree._Element, fields: Fields, collector: Collector) -> None:
    """Read one body rendition into ``fields`` (its unplaced parts kept in extra)."""
    path = _xml.xpath_of(element)
    if element.tag == _q("inlineXML"):
        payload = _xml_payload(element)
        assert payload is not None
        if _xml.local(payload.tag) == "nitf":
            _read_embedded_nitf(payload, fields, collector)
        else:
            _read_xhtml(payload, fields, collector, "g2:html")
        return
    kind = _content_type(element)
    text = element.text or ""
    if kind in ("text/plain", "") and _body.holds_markup(text):
        collector.warn("NI503", "plain-text rendition holds HTML markup; read as HTML", path)
        kind = "text/html"
    if kind in (NITF_TYPE, "application/xhtml+xml", "text/html"):
        tree = _body.parse_markup(text)
        if tree is None:
            collector.warn("NI503", "markup rendition does not parse; read as text", path)
        else:
            found = _body.read_blocks(tree, _xml.Consumed())
            _body.warn_structures(found, collector, "inlineData")
            for para in found.paragraphs:
                fields.body.extend(
                    collector.paragraphs(para, "inlineData", path, element.sourceline)
                )
            return
    fields.body.extend(collector.paragraphs(text, "inlineData", path, element.sourceline))


def _read_embedded_nitf(child: etree._Element, fields: Fields, collector: Collector) -> None:
    sub_fields = Fields()
    sub_consumed = _xml.Consumed()
    nitf.read_body(child, sub_fields, collector, sub_consumed)
    fields.body.extend(sub_fields.body)
    if "media" in sub_fields.v11:
        fields.v11.setdefault("media", sub_fields.v11["media"])
    if fields.headline is None and sub_fields.headline is not None:
        fields.headline = sub_fields.headline
    elif (
        sub_fields.headline is not None
        and fields.headline is not None
        and sub_fields.headline[0] != fields.headline[0]
    ):
        collector.keep("g2:nitf:hl1", *sub_fields.headline)
    for name in ("provider", "notice"):
        found = getattr(sub_fields, name)
        if found is not None:
            collector.keep(f"g2:nitf:{name}", found[0], found[1], found[2])
    _xml.keep_leftovers(child, sub_consumed, collector, "g2:nitf", ignore_attributes=("version",))


def _read_xhtml(html: etree._Element, fields: Fields, collector: Collector, prefix: str) -> None:
    """An XHTML body: paragraphs of its ``body``; a ``head/title`` equal to the headline (or
    serving as one) is read, anything else is kept in extra."""
    consumed = _xml.Consumed()
    consumed.node(html)
    for body in _body.iter_html_bodies(html):
        found = _body.read_blocks(body, consumed)
        _body.warn_structures(found, collector, "XHTML body")
        path = _xml.xpath_of(body)
        for para in found.paragraphs:
            fields.body.extend(collector.paragraphs(para, "XHTML body", path, body.sourceline))
    for head in (c for c in html if _xml.local(c.tag) == "head"):
        consumed.node(head)
        for title in (c for c in head if _xml.local(c.tag) == "title"):
            text = _xml.read_text(title, breaks=False)
            if fields.headline is not None and fields.headline[0] == text:
                consumed.node(title, deep=True)
    _xml.keep_leftovers(html, consumed, collector, prefix)


def _qcode_of_class(element: etree._Element) -> str | None:
    """The ``itemClass@qcode`` of an item (under itemMeta) or of an itemRef."""
    for meta in [element, *_children(element, "itemMeta")][-1:]:
        for item_class in _children(meta, "itemClass")[:1]:
            return item_class.get("qcode")
    return None


def _item_class(root: etree._Element, fields: Fields, consumed: _xml.Consumed) -> None:
    """The item class says what the item is: ``ninat:text`` for an item with a body (or none),
    another class of newsitem's (picture, video, audio, composite) for an item without one, as
    the writer would say it again; any other class stays in extra."""
    for meta in _children(root, "itemMeta")[:1]:
        for item_class in _children(meta, "itemClass"):
            qcode = item_class.get("qcode", "")
            said = qcode == "ninat:text" or (
                qcode.startswith("ninat:") and qcode[6:] in _ITEM_TYPES and not fields.body
            )
            if said and len(item_class) == 0:
                consumed.element(item_class)


_ITEM_TYPES = ("picture", "video", "audio", "composite")
#: remoteContent attributes a media entry takes.
_REMOTE = {"url": "href", "mime_type": "contenttype", "size": "size", "duration": "duration"}
_SECONDS = (None, "timeunit:seconds", "timeUnit:seconds")


def _read_media(root: etree._Element, fields: Fields, consumed: _xml.Consumed) -> None:
    """``media`` from the renditions of a picture, video or audio item: each ``remoteContent``
    of ``contentSet`` (href, contenttype, size, duration in seconds), the kind from the item
    class or the content type; the caption (``description`` role drol:caption) and the
    ``creditline`` go with the first. Attributes an entry has no place for (width, height,
    rendition...) stay for the leftover walk."""
    if "media" in fields.v11:
        return  # newsitem's own carrier said it
    hint = _qcode_of_class(root)
    entries: list[dict[str, object]] = []
    first: etree._Element | None = None
    for content_set in _children(root, "contentSet")[:1]:
        for remote in _children(content_set, "remoteContent"):
            mime = remote.get("contenttype")
            unit = remote.get("durationunit")
            made = _media.media_entry(
                _media.media_kind(hint, mime),
                remote.get("href"),
                mime,
                size=remote.get("size"),
                duration=remote.get("duration") if unit in _SECONDS else None,
            )
            if made is None:
                continue
            entry, taken = made
            consumed.node(remote)
            consumed.attr(remote, *(_REMOTE[name] for name in taken))
            if "duration" in taken and unit is not None:
                consumed.attr(remote, "durationunit")
            entries.append(entry)
            first = remote if first is None else first
    if first is None:
        return
    for content in _children(root, "contentMeta")[:1]:
        for description in _children(content, "description"):
            if description.get("role") == "drol:caption" and description not in consumed.elements:
                text = _xml.read_text(description).strip()
                if _media.with_text(entries[0], "caption", text):
                    consumed.node(description, deep=True)
                    consumed.attr(description, "role")
                break
        for credit in _children(content, "creditline")[:1]:
            if _media.with_text(
                entries[0], "credit", _as_line(_xml.read_text(credit, breaks=False))
            ):
                consumed.node(credit, deep=True)
    fields.v11["media"] = (entries, _xml.xpath_of(first), first.sourceline)


def _read_groups(root: etree._Element, fields: Fields, consumed: _xml.Consumed) -> None:
    """``related`` from a packageItem: each ``itemRef`` of each ``group`` of its ``groupSet``
    (or right in the packageItem), in document order. The rest of each itemRef (content type,
    size, provider, description...) stays for the leftover walk."""
    if "related" in fields.v11:
        return
    groups = [group for group_set in _children(root, "groupSet")[:1] for group in group_set]
    groups = [group for group in groups if group.tag == _q("group")]
    for group_set in _children(root, "groupSet")[:1]:
        if len(groups) == 1 and group_set.get("root") == groups[0].get("id") is not None:
            consumed.attr(group_set, "root")  # the link of a groupSet to its one group:
            consumed.attr(groups[0], "id")  # bookkeeping of the XML, not a value
    if root.tag == _q("packageItem"):
        groups.insert(0, root)  # itemRefs right in the packageItem (no groupSet): no role
    entries: list[dict[str, object]] = []
    first: etree._Element | None = None
    for group in groups:
        for ref in _children(group, "itemRef"):
            entry = _item_ref(ref, None if group is root else group, consumed)
            if entry is not None:
                entries.append(entry)
                first = ref if first is None else first
    if first is not None:
        fields.v11["related"] = (entries, _xml.xpath_of(first), first.sourceline)


def _item_ref(
    ref: etree._Element, group: etree._Element | None, consumed: _xml.Consumed
) -> dict[str, object] | None:
    """One related entry from an ``itemRef``: its residref (or href) as id, its group's role
    as rel, its item class as kind, its href as url when the residref is the id, its title;
    None when its identifier is not a valid one."""
    residref, href = ref.get("residref"), ref.get("href")
    titles = _children(ref, "title")
    title = _as_line(_xml.read_text(titles[0], breaks=False)) if titles else None
    made = _media.related_entry(
        residref if residref is not None else href,
        rel=group.get("role") if group is not None else None,
        kind=_media.related_kind(_qcode_of_class(ref)),
        url=href if residref is not None else None,
        title=title or None,
    )
    if made is None:
        return None
    entry, taken = made
    consumed.node(ref)
    consumed.attr(ref, "residref" if residref is not None else "href")
    if "url" in taken:
        consumed.attr(ref, "href")
    if "rel" in taken and group is not None:
        consumed.node(group)
        consumed.attr(group, "role")
    if "kind" in taken:
        for item_class in _children(ref, "itemClass")[:1]:
            consumed.element(item_class)
    if "title" in taken:
        consumed.node(titles[0], deep=True)
    return entry


def _fallback_headline(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    """No headline: the title serves, else the first slugline (NI502 says so)."""
    if fields.title is not None:
        fields.headline = fields.title
        collector.warn("NI502", "no headline; the title serves as headline", fields.title[1])
        return
    for content in _children(root, "contentMeta")[:1]:
        for slug in _children(content, "slugline")[:1]:
            raw = (_xml.read_text(slug, breaks=False), _xml.xpath_of(slug))
            _set_line(fields, "headline", raw, slug, collector)
            if fields.headline is not None:
                consumed.node(slug)
                collector.warn("NI502", "no headline; the slugline serves as headline", raw[1])


_IGNORED_ATTRIBUTES = (
    "standard",
    "standardversion",
    "conformance",
    f"{{{_xml.XSI_NS}}}schemaLocation",
    _xml.XML_SPACE,
)
#: The header ``origin`` of the newsMessages newsitem writes (their ``sent`` is bookkeeping).
ORIGIN = URN + "message"
#: The roots of G2 items newsitem reads; a newsMessage carries them in itemSet.
ITEM_ROOTS = ("newsItem", "packageItem")
MESSAGE_ROOT = "newsMessage"


def _kind(root: etree._Element) -> str:
    """How an item is named in messages: ``packageItem (ninat:composite)``."""
    qcode = None
    for meta in _children(root, "itemMeta")[:1]:
        for item_class in _children(meta, "itemClass")[:1]:
            qcode = item_class.get("qcode")
    name = _xml.local(root.tag)
    return f"{name} ({qcode})" if qcode else name


def _not_an_item(root: etree._Element) -> ParseError:
    name = _xml.local(root.tag)
    if root.tag == _q(MESSAGE_ROOT):
        message = (
            "a NewsML-G2 newsMessage holds a feed of items: read it as the form "
            "newsml-g2-message (leave --from out and it is recognised)"
        )
    else:
        message = f"not a NewsML-G2 newsItem or packageItem: the root is {name!r}"
    return ParseError(make_issue("NI104", message, _xml.xpath_of(root), root.sourceline))


def read(tree: etree._ElementTree) -> tuple[NewsItem, list[Issue]]:
    """Map a parsed NewsML-G2 newsItem or packageItem to an item and the warnings of doing
    so."""
    return read_element(tree.getroot())


def read_element(
    root: etree._Element, envelope: Collector | None = None
) -> tuple[NewsItem, list[Issue]]:
    """Map a G2 ``newsItem`` or ``packageItem`` element (a document's root or an item of a
    newsMessage) to an item. A packageItem is read as what it is: its metadata, and its
    ``groupSet`` references kept in extra (it has no body text: see NI507).

    Args:
        envelope: what the message around the item holds (its header), added to the item's
            extra after the item's own values.

    Raises:
        ParseError: not an item root.
        InvalidNewsItem: no headline or no body text in the source (NI507).
    """
    if root.tag not in {_q(name) for name in ITEM_ROOTS}:
        raise _not_an_item(root)
    collector, consumed, fields = Collector(), _xml.Consumed(), Fields()
    consumed.node(root)
    lang = root.get(_xml.XML_LANG)
    if lang is not None and is_language(lang):
        fields.language = (lang, _xml.attr_path(root, _xml.XML_LANG), root.sourceline)
        consumed.attr(root, _xml.XML_LANG)
    revision = _v11.as_int(root.get("version"))
    if revision is not None and revision >= 1:
        consumed.attr(root, "version")
        fields.v11["revision"] = (revision, _xml.attr_path(root, "version"), root.sourceline)
    for ref in _children(root, "catalogRef"):
        if ref.get("href") == CATALOG and len(ref) == 0:
            consumed.element(ref)
    _read_rights(root, fields, collector, consumed)
    derived = _read_item_meta(root, fields, collector, consumed)
    guid = root.get("guid", "")
    if "guid" in derived:
        consumed.attr(root, "guid")
    elif guid and len(guid) <= MAX_ID and not any(c.isspace() for c in guid):
        fields.id = (guid, _xml.attr_path(root, "guid"), root.sourceline)
        consumed.attr(root, "guid")
    _read_content_meta(root, fields, collector, consumed)
    embedded = _read_content(root, fields, collector, consumed)
    _read_media(root, fields, consumed)
    _read_groups(root, fields, consumed)
    _item_class(root, fields, consumed)
    if fields.headline is None and fields.body:  # only a text item needs one (SPEC §6.8)
        _fallback_headline(root, fields, collector, consumed)
    _xml.keep_leftovers(
        root, consumed, collector, "g2", ignore_attributes=_IGNORED_ATTRIBUTES, skip=embedded
    )
    if envelope is not None:
        collector.extra.extend(envelope.extra)
        collector.warnings.extend(envelope.warnings)
    item = build_item(
        fields,
        collector,
        "g2",
        _xml.xpath_of(root),
        root_line=root.sourceline,
        kind=f"the {_kind(root)}",
    )
    return item, collector.warnings


def validation_issues(tree: etree._ElementTree, directory: os.PathLike[str]) -> list[Issue]:
    """Schema issues of a G2 document: the 2.35 Power XSD over the document, and the NITF 3.6
    XSD over every NITF embedded in ``inlineXML``."""
    root = tree.getroot()
    path = Path(directory)
    found = list(_xml.schema_issues(schemas.g2_schema(path), root, f"NewsML-G2 {STANDARD_VERSION}"))
    for inline in root.iter(_q("inlineXML")):
        for child in inline:
            if isinstance(child.tag, str) and child.tag == f"{{{nitf.NS}}}nitf":
                found.extend(_xml.schema_issues(schemas.nitf_schema(path), child, "NITF 3.6"))
    return found


def _source_check(
    tree: etree._ElementTree, directory: os.PathLike[str] | None, *, strict: bool
) -> list[Issue]:
    """The schema findings an import reports (NI508 warnings, or InvalidNewsItem in strict
    mode), or NI505 when the schemas are not configured."""
    root = tree.getroot()
    if directory is None:
        return [
            make_issue(
                "NI505",
                f"not validated against the NewsML-G2 schema ({schemas.ENV_VAR} not set)",
                _xml.xpath_of(root),
                root.sourceline,
            )
        ]
    return source_findings(validation_issues(tree, directory), strict=strict)


def decode(
    data: bytes, *, schema_dir: str | os.PathLike[str] | None = None, strict: bool = False
) -> Decoded:
    """Parse a NewsML-G2 newsItem or packageItem and map it to an item.

    With IPTC's schemas configured (``schema_dir`` or ``NEWSITEM_IPTC_SCHEMAS``) the document
    is validated first (G2 and embedded NITF): what the schema finds is reported as NI508
    warnings naming the G2 version (errors with ``strict``), and the import goes on; without
    the schemas an NI505 warning says it was not validated.

    Raises:
        ParseError: not well-formed, refused by the hardened parser, or not an item (a
            newsMessage is read with ``iter_message``).
        InvalidNewsItem: no headline or body text in the source (NI507), or, with
            ``strict``, a document that breaks the IPTC schemas.
    """
    tree = _xmlsafe.parse(data)
    root = tree.getroot()
    if root.tag not in {_q(name) for name in ITEM_ROOTS}:
        raise _not_an_item(root)
    notes = _source_check(tree, schemas.available(schema_dir), strict=strict)
    item, warnings = read(tree)
    return Decoded(item, tuple(notes + warnings))


def loads(data: bytes | str) -> NewsItem:
    """Read a NewsML-G2 newsItem as an item (see ``decode``)."""
    return decode(schemas.as_bytes(data)).item


def issues(data: bytes, *, schema_dir: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Validate a NewsML-G2 document against IPTC's 2.35 Power XSD (and its embedded NITF
    against NITF 3.6): its parse error or every schema issue (XPath and line), then the
    warnings of reading it (every item of a newsMessage).

    Raises:
        SchemasNotFound: when no schema directory is given or configured.
    """
    return schemas.xml_form_issues(data, schema_dir, _check, read)


def _check(tree: etree._ElementTree, directory: Path) -> schemas.Findings:
    """The schema findings of a G2 document; for a newsMessage, those and the issues of
    reading each of its items (nothing left to read after)."""
    found = validation_issues(tree, directory)
    root = tree.getroot()
    if root.tag != _q(MESSAGE_ROOT):
        return found, True
    out: list[Issue] = []
    for entry in _message_entries(root, found, strict=False, as_errors=True):
        out.extend(entry.issues)
        if entry.decoded is not None:
            out.extend(entry.decoded.warnings)
    return out, False


# --- newsMessage: a feed of items ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageEntry:
    """One item of a newsMessage: its place (XPath, line) and the item read (with its
    warnings), or the issues that stopped it."""

    index: int
    where: str
    line: int | None
    decoded: Decoded | None
    issues: tuple[Issue, ...] = ()


def _header(root: etree._Element) -> Collector:
    """The values of a message's header (and of any other part outside its itemSet), kept in
    each item's extra as ``g2:newsMessage:header/...``; the header newsitem writes itself
    (``origin`` = ``urn:newsitem:message``: its ``sent`` is the time of writing) is read
    without a trace."""
    envelope = Collector()
    consumed = _xml.Consumed()
    consumed.node(root)
    for header in _children(root, "header")[:1]:
        origins = [o for o in _children(header, "origin") if (o.text or "").strip() == ORIGIN]
        if origins and len(_children(header, "origin")) == 1:
            consumed.element(origins[0])
            for sent in _children(header, "sent"):
                consumed.element(sent)
    _xml.keep_leftovers(
        root,
        consumed,
        envelope,
        "g2:newsMessage",
        ignore_attributes=_IGNORED_ATTRIBUTES,
        skip=_children(root, "itemSet"),
    )
    return envelope


def _message_entries(
    root: etree._Element, findings: list[Issue], *, strict: bool, as_errors: bool = False
) -> Iterator[MessageEntry]:
    """The entries of a parsed message. ``as_errors`` (for ``validate``) keeps the schema
    findings as they are, in ``issues``, beside the item's reading warnings."""
    envelope = _header(root)
    items = [
        element
        for item_set in _children(root, "itemSet")[:1]
        for element in item_set
        if isinstance(element.tag, str)
    ]
    places = [_xml.xpath_of(element) for element in items]
    outside = [i for i in findings if not any(i.path.startswith(p) for p in places)]
    for index, element in enumerate(items):
        where = places[index]
        own = [
            i for i in findings if i.path == where or i.path.startswith((where + "/", where + "["))
        ]
        if index == 0:
            own = outside + own
        try:
            notes = [] if as_errors else source_findings(own, strict=strict)
            item, warnings = read_element(element, envelope)
        except ParseError as exc:
            yield MessageEntry(index, where, element.sourceline, None, (*own, exc.issue))
            continue
        except InvalidNewsItem as exc:
            kept = own if as_errors else []
            yield MessageEntry(index, where, element.sourceline, None, (*kept, *exc.issues))
            continue
        decoded = Decoded(item, tuple(notes + warnings))
        yield MessageEntry(
            index, where, element.sourceline, decoded, tuple(own) if as_errors else ()
        )
    if not items:
        issue = make_issue(
            "NI204", "the newsMessage holds no item", _xml.xpath_of(root), root.sourceline
        )
        yield MessageEntry(-1, _xml.xpath_of(root), root.sourceline, None, (*findings, issue))


def iter_message_issues(
    data: bytes, *, schema_dir: str | os.PathLike[str] | None = None
) -> Iterator[tuple[str, int | None, list[Issue]]]:
    """What ``validate`` reports for a newsMessage, item by item: (place, line, issues), the
    schema's findings (as errors) with the warnings or errors of reading each item.

    Raises:
        SchemasNotFound: when no schema directory is given or configured.
    """
    parsed = schemas.parse_to_check(data, schema_dir)
    if isinstance(parsed, Issue):
        yield "", None, [parsed]
        return
    tree, directory = parsed
    root = tree.getroot()
    if root.tag != _q(MESSAGE_ROOT):
        yield "", None, issues(data, schema_dir=directory)
        return
    findings = validation_issues(tree, directory)
    for entry in _message_entries(root, findings, strict=False, as_errors=True):
        found = list(entry.issues)
        if entry.decoded is not None:
            found.extend(entry.decoded.warnings)
        yield entry.where, entry.line, found


def iter_message(
    data: bytes, *, schema_dir: str | os.PathLike[str] | None = None, strict: bool = False
) -> Iterator[MessageEntry]:
    """The items of a NewsML-G2 ``newsMessage``, in document order, each with its place.

    The message is validated once when IPTC's schemas are configured; each schema finding
    goes with the item it lies in (findings in the header go with the first item). A
    packageItem is read as an item of its own; other items (conceptItem, knowledgeItem...)
    are reported (NI104) and the rest still read. A newsItem or packageItem document gives
    one entry.

    Raises:
        ParseError: the message is not well-formed or not G2.
    """
    tree = _xmlsafe.parse(data)
    root = tree.getroot()
    directory = schemas.available(schema_dir)
    if root.tag in {_q(name) for name in ITEM_ROOTS}:
        where = _xml.xpath_of(root)
        try:
            decoded = decode(data, schema_dir=schema_dir, strict=strict)
        except ParseError as exc:
            yield MessageEntry(0, where, root.sourceline, None, (exc.issue,))
        except InvalidNewsItem as exc:
            yield MessageEntry(0, where, root.sourceline, None, tuple(exc.issues))
        else:
            yield MessageEntry(0, where, root.sourceline, decoded)
        return
    if root.tag != _q(MESSAGE_ROOT):
        raise _not_an_item(root)
    if directory is None:
        findings = _source_check(tree, None, strict=strict)
    else:
        findings = validation_issues(tree, directory)
    yield from _message_entries(root, findings, strict=strict)


def message_header(sent: str | None = None) -> bytes:
    """The start of a newsMessage written by ``--to newsml-g2`` for several items: the XML
    declaration, the header (``sent``: now, in UTC, unless given; ``origin``: newsitem's
    marker, so that the reader drops this bookkeeping again) and the opening itemSet."""
    from datetime import UTC, datetime

    when = sent or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + f'<newsMessage xmlns="{NS}">\n  <header>\n    <sent>{when}</sent>\n'.encode()
        + f"    <origin>{ORIGIN}</origin>\n  </header>\n".encode()
        + b"  <itemSet>\n"
    )


def message_item(item: NewsItem) -> bytes:
    """One item's newsItem inside a newsMessage's itemSet."""
    return etree.tostring(to_element(item), encoding="UTF-8") + b"\n"


def message_footer() -> bytes:
    """The end of a newsMessage."""
    return b"  </itemSet>\n</newsMessage>\n"


def dumps_message(items: Iterable[NewsItem], sent: str | None = None) -> bytes:
    """A newsMessage holding the items (see ``message_header``)."""
    return message_header(sent) + b"".join(message_item(i) for i in items) + message_footer()
