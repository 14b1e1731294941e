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

from lxml import etree

from newsitem import _xmlsafe
from newsitem.codecs import Decoded
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.interop import _xml, nitf, schemas
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
    is_language,
    is_url,
    join_extra,
    normalise_datetime,
    to_xsd_datetime,
)
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem

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
    """The NewsML-G2 ``newsItem`` of an item."""
    derived: list[str] = []
    root = etree.Element(f"{{{NS}}}newsItem", nsmap={None: NS})
    if item.id is not None:
        guid = item.id
    else:
        guid = derived_id(item)
        derived.append("guid")
    root.set("guid", guid)
    root.set("standard", "NewsML-G2")
    root.set("standardversion", STANDARD_VERSION)
    root.set("conformance", "power")
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
    _el(meta, "itemClass", qcode="ninat:text")
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
    if item.service is not None:
        _name(meta, "service", item.service)
    if item.title is not None:
        _el(meta, "title", item.title)
    if derived:
        _el(meta, "itemMetaExtProperty", reluri=DERIVED, value=" ".join(derived))
    content = _el(root, "contentMeta")
    if item.language is not None:
        _el(content, "language", tag=item.language)
    for value in item.content_types:
        _name(content, "genre", value)
    for value in item.topics:
        _name(content, "subject", value, type=TOPIC_TYPE)
    for value in item.regions:
        _name(content, "subject", value, type=REGION_TYPE)
    _el(content, "headline", item.headline)
    for name in ("platforms", "media_types"):
        for value in getattr(item, name):
            _el(content, "contentMetaExtProperty", reluri=EXT[name], value=value)
    for extra in item.extra:
        _el(content, "contentMetaExtProperty", reluri=EXT["extra"], value=join_extra(extra))
    inline = _el(_el(root, "contentSet"), "inlineXML", contenttype=NITF_TYPE)
    inline.append(nitf.embedded(item))
    _xml.indent(root, _CONTAINERS)
    return root


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
        consumed.element(names[0])
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
    consumed.element(element)
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
    consumed.element(info)
    for holder in _children(info, "copyrightHolder")[:1]:
        consumed.element(holder)
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
            consumed.element(notice, deep=True)
    for link in _children(info, "link")[:1]:
        href = link.get("href")
        if href is not None and is_url(href):
            consumed.element(link)
            fields.url = (href, _xml.attr_path(link, "href"), link.sourceline)


def _read_item_meta(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> set[str]:
    derived: set[str] = set()
    for meta in _children(root, "itemMeta")[:1]:
        consumed.element(meta)
        for ext in _children(meta, "itemMetaExtProperty"):
            if ext.get("reluri") == DERIVED:
                consumed.element(ext)
                derived.update((ext.get("value") or "").split())
        for item_class in _children(meta, "itemClass"):
            if item_class.get("qcode") == "ninat:text" and len(item_class) == 0:
                consumed.element(item_class)
        for provider in _children(meta, "provider")[:1]:
            consumed.element(provider)
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
        for service in _children(meta, "service")[:1]:
            consumed.element(service)
            _set_line(fields, "service", _label_value(service, consumed), service, collector)
        for title in _children(meta, "title")[:1]:
            consumed.element(title, deep=True)
            raw = (_xml.read_text(title, breaks=False), _xml.xpath_of(title))
            _set_line(fields, "title", raw, title, collector)
    return derived


def _read_content_meta(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> None:
    for content in _children(root, "contentMeta")[:1]:
        consumed.element(content)
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
        for subject in _children(content, "subject"):
            kind = subject.get("type")
            if kind in (None, TOPIC_TYPE):
                _list_value(fields.topics, subject, collector, consumed)
            elif kind == REGION_TYPE:
                _list_value(fields.regions, subject, collector, consumed)
        for headline in _children(content, "headline")[:1]:
            consumed.element(headline, deep=True)
            raw = (_xml.read_text(headline, breaks=False), _xml.xpath_of(headline))
            _set_line(fields, "headline", raw, headline, collector)
        for ext in _children(content, "contentMetaExtProperty"):
            reluri, value = ext.get("reluri"), ext.get("value")
            if value is None or len(ext):
                continue
            path = _xml.attr_path(ext, "value")
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


def _read_content(
    root: etree._Element, fields: Fields, collector: Collector, consumed: _xml.Consumed
) -> list[etree._Element]:
    """Body paragraphs from the first NITF (or any XML with ``p``, or plain text) rendition;
    returns the embedded NITF elements (read here, skipped by the leftover walk)."""
    embedded: list[etree._Element] = []
    for content_set in _children(root, "contentSet")[:1]:
        consumed.element(content_set)
        for inline in _children(content_set, "inlineXML"):
            for child in inline:
                if isinstance(child.tag, str) and nitf._is_nitf(child) and not embedded:
                    consumed.element(inline)
                    sub_fields = Fields()
                    sub_consumed = _xml.Consumed()
                    nitf.read_body(child, sub_fields, collector, sub_consumed)
                    fields.body.extend(sub_fields.body)
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
                    _xml.keep_leftovers(
                        child, sub_consumed, collector, "g2:nitf", ignore_attributes=("version",)
                    )
                    embedded.append(child)
        if not fields.body:
            for data in _children(content_set, "inlineData"):
                text = data.text or ""
                paras = collector.paragraphs(text, "inlineData", _xml.xpath_of(data))
                if paras:
                    fields.body.extend(paras)
                    consumed.element(data)
                    break
    return embedded


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
                consumed.element(slug)
                collector.warn("NI502", "no headline; the slugline serves as headline", raw[1])


_IGNORED_ATTRIBUTES = (
    "standard",
    "standardversion",
    "conformance",
    f"{{{_xml.XSI_NS}}}schemaLocation",
    _xml.XML_SPACE,
)


def read(tree: etree._ElementTree) -> tuple[NewsItem, list[Issue]]:
    """Map a parsed NewsML-G2 newsItem to an item and the warnings of doing so."""
    root = tree.getroot()
    if root.tag != _q("newsItem"):
        raise ParseError(
            make_issue(
                "NI104",
                f"not a NewsML-G2 newsItem: the root is {_xml.local(root.tag)!r}",
                _xml.xpath_of(root),
                root.sourceline,
            )
        )
    collector, consumed, fields = Collector(), _xml.Consumed(), Fields()
    consumed.element(root)
    lang = root.get(_xml.XML_LANG)
    if lang is not None and is_language(lang):
        fields.language = (lang, _xml.attr_path(root, _xml.XML_LANG), root.sourceline)
    elif lang is not None:
        consumed.attributes.discard((root, _xml.XML_LANG))
    version = root.get("version")
    if version is not None and version != "1":
        consumed.attributes.discard((root, "version"))
    for ref in _children(root, "catalogRef"):
        if ref.get("href") == CATALOG and len(ref) == 0:
            consumed.element(ref)
    _read_rights(root, fields, collector, consumed)
    derived = _read_item_meta(root, fields, collector, consumed)
    guid = root.get("guid", "")
    if "guid" not in derived:
        if guid and len(guid) <= MAX_ID and not any(c.isspace() for c in guid):
            fields.id = (guid, _xml.attr_path(root, "guid"), root.sourceline)
        else:
            consumed.attributes.discard((root, "guid"))
    _read_content_meta(root, fields, collector, consumed)
    embedded = _read_content(root, fields, collector, consumed)
    if fields.headline is None:
        _fallback_headline(root, fields, collector, consumed)
    _xml.keep_leftovers(
        root, consumed, collector, "g2", ignore_attributes=_IGNORED_ATTRIBUTES, skip=embedded
    )
    item = build_item(fields, collector, "g2", _xml.xpath_of(root))
    return item, collector.warnings


def validation_issues(tree: etree._ElementTree, directory: os.PathLike[str]) -> list[Issue]:
    """Schema issues of a G2 document: the 2.35 Power XSD over the document, and the NITF 3.6
    XSD over every NITF embedded in ``inlineXML``."""
    from pathlib import Path

    root = tree.getroot()
    path = Path(directory)
    found = list(_xml.schema_issues(schemas.g2_schema(path), root, "NewsML-G2 2.35"))
    for inline in root.iter(_q("inlineXML")):
        for child in inline:
            if isinstance(child.tag, str) and child.tag == f"{{{nitf.NS}}}nitf":
                found.extend(_xml.schema_issues(schemas.nitf_schema(path), child, "NITF 3.6"))
    return found


def decode(data: bytes, *, schema_dir: str | os.PathLike[str] | None = None) -> Decoded:
    """Parse a NewsML-G2 newsItem and map it to an item.

    With IPTC's schemas configured (``schema_dir`` or ``NEWSITEM_IPTC_SCHEMAS``) the document
    is validated first (G2 and embedded NITF) and its errors raise ``InvalidNewsItem``;
    without them an NI505 warning says it was not validated.

    Raises:
        ParseError: not well-formed, refused by the hardened parser, or not a newsItem.
        InvalidNewsItem: a document that breaks the IPTC schemas.
    """
    tree = _xmlsafe.parse(data)
    root = tree.getroot()
    directory = schemas.available(schema_dir)
    notes: list[Issue] = []
    if directory is not None and root.tag == _q("newsItem"):
        errors = [i for i in validation_issues(tree, directory) if i.severity == "error"]
        if errors:
            raise InvalidNewsItem(errors)
    else:
        notes.append(
            make_issue(
                "NI505",
                f"not validated against the NewsML-G2 schema ({schemas.ENV_VAR} not set)",
                _xml.xpath_of(root),
                root.sourceline,
            )
        )
    item, warnings = read(tree)
    return Decoded(item, tuple(notes + warnings))


def loads(data: bytes | str) -> NewsItem:
    """Read a NewsML-G2 newsItem as an item (see ``decode``)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return decode(raw).item


def issues(data: bytes, *, schema_dir: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Validate a NewsML-G2 document against IPTC's 2.35 Power XSD (and its embedded NITF
    against NITF 3.6): its parse error or every schema issue (XPath and line), then the
    warnings of reading it as an item.

    Raises:
        SchemasNotFound: when no schema directory is given or configured.
    """
    directory = schemas.schema_dir(schema_dir)
    try:
        tree = _xmlsafe.parse(data)
    except ParseError as exc:
        return [exc.issue]
    found = validation_issues(tree, directory)
    if tree.getroot().tag != _q("newsItem"):
        return found
    try:
        _, warnings = read(tree)
    except InvalidNewsItem as exc:
        return found + list(exc.issues)
    return found + warnings
