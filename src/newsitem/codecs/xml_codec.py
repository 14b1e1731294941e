"""The XML form: a schema-driven codec, XML validation with located issues, and feeds.

Everything here is driven by the mapping table of ``newsitem.xml_mapping`` (read from the
``x-xml`` annotations of the JSON Schema): element and attribute names, order, list items and
nested objects. No field is named in this module, so a new optional property in the schema
needs no code here.

Output is canonical: an XML declaration, UTF-8, two-space indentation, attributes and elements
in mapping order, one element per list value, so ``dumps(loads(x)) == x`` for canonical ``x``.

Validation runs the XSD first. A valid document is converted and only the semantic rules run;
an invalid one is converted leniently (structural problems become issues: unknown element
NI102, wrong namespace NI109, wrong root NI104, out of order NI112, repeated element NI105,
text where elements belong NI103) and its data goes through the same validator as JSON, so a
broken value gets the same code in both forms, located by XPath and source line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, NamedTuple

from lxml import etree

from newsitem import _xmlsafe, rules
from newsitem.codecs import Decoded
from newsitem.compat import reads_directly
from newsitem.errors import ConversionError, InvalidNewsItem, ParseError
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem, to_dict
from newsitem.model import from_valid as from_dict
from newsitem.schemas import CURRENT_VERSION, KNOWN_VERSIONS
from newsitem.xml_mapping import XmlField, XmlMapping, XmlObject, default_mapping

__all__ = [
    "LOSSY_FIELDS",
    "Converted",
    "FeedEntry",
    "XmlLocator",
    "decode",
    "document_to_xml",
    "dumps",
    "dumps_feed",
    "encode",
    "feed_footer",
    "feed_header",
    "feed_item",
    "issues",
    "iter_feed",
    "loads",
    "write_feed",
    "xml_to_document",
]

#: The XML form carries every field.
LOSSY_FIELDS: frozenset[str] = frozenset()

Path = tuple[str | int, ...]

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_INDENT = "  "
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r]')
_XML_SPACE = re.compile("[ \t\n\r]+")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_DECLARED_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_HINTS = frozenset({f"{{{XSI}}}schemaLocation", f"{{{XSI}}}noNamespaceSchemaLocation"})


# --- writing ----------------------------------------------------------------------------------


def document_to_xml(data: Mapping[str, Any], mapping: XmlMapping | None = None) -> bytes:
    """The canonical XML of a document's data (a dict shaped like the JSON form).

    Raises:
        ConversionError: the data has a field the mapping does not know, a value of the wrong
            shape, or a character XML 1.0 cannot carry.
    """
    m = mapping or default_mapping()
    parts = [_DECLARATION]
    _write_object(parts, m, m.root, m.item, data, "", (), declare=True)
    return "".join(parts).encode("utf-8")


def _item_xml(data: Mapping[str, Any], mapping: XmlMapping, indent: str) -> str:
    parts: list[str] = []
    _write_object(parts, mapping, mapping.root, mapping.item, data, indent, (), declare=False)
    return "".join(parts)


def _write_object(
    parts: list[str],
    m: XmlMapping,
    local: str,
    obj: XmlObject,
    value: Any,
    indent: str,
    path: Path,
    *,
    declare: bool,
) -> None:
    if not isinstance(value, Mapping):
        raise ConversionError(f"{_dotted(path)} must be an object to be written as XML")
    for name in value:
        if name not in obj.by_name:
            raise ConversionError(f"{_dotted((*path, name))} has no XML mapping")
    tag = m.step(local)
    parts.append(f"{indent}<{tag}")
    if declare:
        parts.append(f' xmlns:{m.prefix}="{_attr(m.namespace)}"')
    for f in obj.attributes:
        if f.name in value:
            text = _attr(_lexical(value[f.name], (*path, f.name)))
            parts.append(f' {f.local}="{text}"')
    if obj.text is not None:
        if obj.text.name in value:
            text = _lexical(value[obj.text.name], (*path, obj.text.name))
            parts.append(f">{_text(text)}</{tag}>\n")
        else:
            parts.append("/>\n")
        return
    children = [f for f in obj.elements if f.name in value]
    if not children:
        parts.append("/>\n")
        return
    parts.append(">\n")
    inner = indent + _INDENT
    for f in children:
        _write_field(parts, m, f, value[f.name], inner, (*path, f.name))
    parts.append(f"{indent}</{tag}>\n")


def _write_field(
    parts: list[str], m: XmlMapping, f: XmlField, value: Any, indent: str, path: Path
) -> None:
    step = m.step(f.local)
    if f.item is not None:
        if not isinstance(value, list | tuple):
            raise ConversionError(f"{_dotted(path)} must be a list to be written as XML")
        if not value:
            parts.append(f"{indent}<{step}/>\n")
            return
        parts.append(f"{indent}<{step}>\n")
        inner = indent + _INDENT
        item = m.step(f.item)
        for index, entry in enumerate(value):
            if f.members is not None:
                _write_object(
                    parts, m, f.item, f.members, entry, inner, (*path, index), declare=False
                )
            else:
                text = _text(_lexical(entry, (*path, index)))
                parts.append(f"{inner}<{item}>{text}</{item}>\n")
        parts.append(f"{indent}</{step}>\n")
    elif f.members is not None:
        _write_object(parts, m, f.local, f.members, value, indent, path, declare=False)
    else:
        text = _text(_lexical(value, path))
        parts.append(f"{indent}<{step}>{text}</{step}>\n")


def _lexical(value: Any, path: Path) -> str:
    if isinstance(value, str):
        bad = _NOT_XML.search(value)
        if bad is not None:
            raise ConversionError(
                f"{_dotted(path)} contains U+{ord(bad.group()):04X}, which XML 1.0 cannot carry"
            )
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    raise ConversionError(f"{_dotted(path)}: {type(value).__name__} has no XML form")


def _text(value: str) -> str:
    """Escape element text (fast when there is nothing to escape)."""
    return value.translate(_TEXT_ESCAPES) if _TEXT_SPECIAL.search(value) else value


def _attr(value: str) -> str:
    """Escape an attribute value, keeping tabs and line breaks as character references."""
    return value.translate(_ATTR_ESCAPES) if _ATTR_SPECIAL.search(value) else value


def _dotted(path: Path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def dumps(item: NewsItem) -> bytes:
    """The canonical XML form of an item (UTF-8 bytes, ending in a newline).

    Raises:
        ConversionError: a value holds a character XML 1.0 cannot carry.
    """
    return document_to_xml(to_dict(item))


def encode(item: NewsItem) -> bytes:
    """The canonical XML bytes of an item (the codec protocol of ``newsitem.codecs``)."""
    return dumps(item)


# --- reading ----------------------------------------------------------------------------------


def _split(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


class XmlLocator:
    """Maps data paths of a converted document to XPaths and source lines.

    It walks the element tree along the mapping, so it needs no table of positions: a value's
    XPath is built from the mapping (``/ni:newsItem/ni:body/ni:p[3]``) and its line is that of
    the deepest element that exists (the parent's line for a missing element).
    """

    def __init__(self, root: etree._Element, mapping: XmlMapping, root_xpath: str) -> None:
        self._root = root
        self._mapping = mapping
        self._root_xpath = root_xpath

    def locate(self, path: Path, *, key: bool = False) -> tuple[str, int | None, int | None]:
        """Return (XPath, line, None) of the value at ``path``."""
        del key
        m = self._mapping
        element: etree._Element | None = self._root
        obj = m.item
        xpath = self._root_xpath
        line = self._root.sourceline
        i = 0
        while i < len(path):
            name = path[i]
            f = obj.by_name.get(name) if isinstance(name, str) else None
            if f is None:
                xpath += f"/{name}"
                break
            if f.kind == "attribute":
                xpath += f"/@{f.local}"
                break
            if f.kind == "text":
                break
            xpath += f"/{m.step(f.local)}"
            element = _first_child(element, f.local) if element is not None else None
            if element is not None:
                line = element.sourceline
            i += 1
            if f.item is not None:
                if i >= len(path) or not isinstance(path[i], int):
                    break
                index = int(path[i])
                xpath += f"/{m.step(f.item)}[{index + 1}]"
                element = _nth_child(element, f.item, index) if element is not None else None
                if element is not None:
                    line = element.sourceline
                i += 1
                if f.members is None:
                    break
                obj = f.members
            elif f.members is not None:
                obj = f.members
            else:
                break
        return xpath, line, None


def _first_child(element: etree._Element, local: str) -> etree._Element | None:
    for child in element:
        if isinstance(child.tag, str) and _split(child.tag)[1] == local:
            return child
    return None


def _nth_child(element: etree._Element, local: str, index: int) -> etree._Element | None:
    seen = 0
    for child in element:
        if isinstance(child.tag, str) and _split(child.tag)[1] == local:
            if seen == index:
                return child
            seen += 1
    return None


class Converted(NamedTuple):
    """The result of reading an XML element as a document."""

    #: the document's data, shaped like the JSON form (only mapped fields)
    data: dict[str, Any]
    #: maps data paths to XPaths and lines, for ``newsitem.validate.iter_issues``
    locator: XmlLocator
    #: the structural problems found while reading (unknown, misplaced, repeated elements...)
    issues: list[Issue]


def xml_to_document(
    tree: etree._ElementTree | etree._Element,
    mapping: XmlMapping | None = None,
    *,
    root_xpath: str | None = None,
) -> Converted:
    """Read an item element leniently into the JSON data shape, recording structural issues.

    Values are taken as they are (strings stay strings), so the JSON Schema judges them;
    unknown elements and attributes are left out and reported; of a repeated element the first
    is kept. ``root_xpath`` names the element in issue paths (default ``/ni:newsItem``).
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    m = mapping or default_mapping()
    where = root_xpath or f"/{m.step(m.root)}"
    reader = _Reader(m, where)
    data = reader.read_root(root)
    return Converted(data, XmlLocator(root, m, where), reader.issues)


class _Reader:
    def __init__(self, mapping: XmlMapping, root_xpath: str) -> None:
        self.m = mapping
        self.root_xpath = root_xpath
        self.issues: list[Issue] = []
        self.namespaces = {mapping.namespace}

    def report(self, code: str, message: str, xpath: str, line: int | None) -> None:
        self.issues.append(make_issue(code, message, xpath, line))

    def read_root(self, root: etree._Element) -> dict[str, Any]:
        m = self.m
        if not isinstance(root.tag, str):
            self.report("NI104", "the root is not an element", "/", None)
            return {}
        ns, local = _split(root.tag)
        if local != m.root:
            self.report(
                "NI104",
                f"the root element must be {m.step(m.root)} in namespace {m.namespace}, "
                f"not {local!r}",
                "/" + (local if ns is None else f"{{{ns}}}{local}"),
                root.sourceline,
            )
            return {}
        if ns != m.namespace:
            self.report(
                "NI109",
                f"{local} must be in namespace {m.namespace}, not "
                + (ns if ns is not None else "in no namespace"),
                self.root_xpath,
                root.sourceline,
            )
            self.namespaces.add(ns or "")
        if m.version_attribute is not None and root.get(m.version_attribute) is None:
            self.report(
                "NI110",
                f'missing format version: add {m.version_attribute}="{CURRENT_VERSION}" '
                f"to {m.step(m.root)}",
                f"{self.root_xpath}/@{m.version_attribute}",
                root.sourceline,
            )
        return self.read_object(root, m.item, self.root_xpath)

    def read_object(self, element: etree._Element, obj: XmlObject, xpath: str) -> dict[str, Any]:
        value: dict[str, Any] = {}
        for name, raw in element.attrib.items():
            attr = str(name)
            if attr in _XSI_HINTS:
                continue
            f = obj.by_attribute.get(attr)
            if f is None:
                self.report(
                    "NI102",
                    f"unknown attribute {attr!r} on {_split(str(element.tag))[1]}",
                    f"{xpath}/@{attr}",
                    element.sourceline,
                )
                continue
            value[f.name] = _scalar(str(raw), f)
        if obj.text is not None:
            text = self.text_of(element, xpath)
            if text or obj.text.required:
                value[obj.text.name] = _scalar(text, obj.text)
            return value
        self.no_text(element, xpath)
        last: XmlField | None = None
        counts: dict[str, int] = {}
        for child in element:
            if not isinstance(child.tag, str):
                continue
            ns, local = _split(child.tag)
            counts[child.tag] = counts.get(child.tag, 0) + 1
            step = self.step_of(ns, local, counts[child.tag])
            f = obj.by_element.get(local)
            if f is None:
                self.report(
                    "NI102",
                    f"unknown element {local!r}",
                    f"{xpath}/{step}",
                    child.sourceline,
                )
                continue
            self.check_namespace(ns, local, f"{xpath}/{step}", child.sourceline)
            if f.name in value:
                self.report(
                    "NI105",
                    f"{self.m.step(local)} appears more than once; the first is used",
                    f"{xpath}/{step}",
                    child.sourceline,
                )
                continue
            if last is not None and f.order < last.order:
                self.report(
                    "NI112",
                    f"{self.m.step(local)} must come before {self.m.step(last.local)}",
                    f"{xpath}/{step}",
                    child.sourceline,
                )
            else:
                last = f
            value[f.name] = self.read_field(child, f, f"{xpath}/{self.m.step(local)}")
        return value

    def read_field(self, element: etree._Element, f: XmlField, xpath: str) -> Any:
        if f.item is None:
            if f.members is not None:
                return self.read_object(element, f.members, xpath)
            return _scalar(self.text_of(element, xpath), f)
        self.no_text(element, xpath)
        values: list[Any] = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            ns, local = _split(child.tag)
            if local != f.item:
                self.report(
                    "NI102",
                    f"unknown element {local!r} in {self.m.step(f.local)}",
                    f"{xpath}/{self.step_of(ns, local, 0)}",
                    child.sourceline,
                )
                continue
            step = f"{xpath}/{self.m.step(f.item)}[{len(values) + 1}]"
            self.check_namespace(ns, local, step, child.sourceline)
            if f.members is not None:
                values.append(self.read_object(child, f.members, step))
            else:
                values.append(_scalar(self.text_of(child, step), f))
        return values

    def text_of(self, element: etree._Element, xpath: str) -> str:
        """The text of a simple element (comments and processing instructions are skipped);
        child elements are reported and their text left out."""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str):
                ns, local = _split(child.tag)
                self.report(
                    "NI102",
                    f"element {local!r} is not allowed inside {_split(str(element.tag))[1]}, "
                    "which holds text only",
                    f"{xpath}/{self.step_of(ns, local, 0)}",
                    child.sourceline,
                )
            parts.append(child.tail or "")
        return "".join(parts)

    def no_text(self, element: etree._Element, xpath: str) -> None:
        texts = [element.text or ""] + [child.tail or "" for child in element]
        if any(_XML_SPACE.sub("", t) for t in texts):
            self.report(
                "NI103",
                f"{_split(str(element.tag))[1]} holds elements, not text",
                xpath,
                element.sourceline,
            )

    def check_namespace(self, ns: str | None, local: str, xpath: str, line: int | None) -> None:
        if (ns or "") not in self.namespaces:
            self.report(
                "NI109",
                f"{local} must be in namespace {self.m.namespace}, not "
                + (ns if ns is not None else "in no namespace"),
                xpath,
                line,
            )
            self.namespaces.add(ns or "")  # once per namespace, not once per element

    def step_of(self, ns: str | None, local: str, position: int) -> str:
        if ns == self.m.namespace:
            name = self.m.step(local)
        elif ns is None:
            name = local
        else:
            name = f"*[local-name()='{local}']"
        return f"{name}[{position}]" if position > 1 else name


def _scalar(text: str, f: XmlField) -> Any:
    """A value read from XML text, typed by the mapping; text that is not a valid lexical form
    of the type stays a string, so that the schema reports the wrong type."""
    if f.collapse:
        text = _XML_SPACE.sub(" ", text).strip(" ")
    kind = f.value_type
    if kind == "string":
        return text
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text) else text
    if kind == "number":
        if _INTEGER.fullmatch(text):
            return int(text)
        return float(text) if _DECIMAL.fullmatch(text) else text
    if kind == "boolean":
        return _BOOLEANS.get(text, text)
    return text


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, bytes):
        return data
    # Text is parsed as UTF-8, whatever its declaration said about the bytes it came from.
    return _DECLARED_ENCODING.sub(r'\1"UTF-8"', data, count=1).encode("utf-8", "surrogatepass")


_BY_QNAME: dict[tuple[int, str], dict[str, XmlField]] = {}


def _children_by_qname(obj: XmlObject, namespace: str) -> dict[str, XmlField]:
    key = (id(obj), namespace)
    table = _BY_QNAME.get(key)
    if table is None:
        table = {f"{{{namespace}}}{f.local}": f for f in obj.elements}
        _BY_QNAME[key] = table
    return table


def _plain_text(element: etree._Element) -> str:
    if len(element) == 0:
        return element.text or ""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _read_valid(element: etree._Element, obj: XmlObject, namespace: str) -> dict[str, Any]:
    """Read an element that the XSD has accepted: the structure is known to be right, so
    there is nothing to check (comments and processing instructions are skipped)."""
    value: dict[str, Any] = {}
    for name, raw in element.attrib.items():
        f = obj.by_attribute.get(str(name))
        if f is not None:
            value[f.name] = _scalar(str(raw), f)
    if obj.text is not None:
        text = _plain_text(element)
        if text or obj.text.required:
            value[obj.text.name] = _scalar(text, obj.text)
        return value
    table = _children_by_qname(obj, namespace)
    for child in element:
        tag = child.tag
        if type(tag) is not str:
            continue
        f = table[tag]
        members = f.members
        if f.item is None:
            value[f.name] = (
                _read_valid(child, members, namespace)
                if members is not None
                else _scalar(_plain_text(child), f)
            )
        elif members is not None:
            value[f.name] = [
                _read_valid(c, members, namespace) for c in child if type(c.tag) is str
            ]
        else:
            value[f.name] = [_scalar(_plain_text(c), f) for c in child if type(c.tag) is str]
    return value


# --- validation -------------------------------------------------------------------------------


def _check_item(
    root: etree._Element, root_xpath: str | None = None
) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Every issue of one item element, and its data (None when the root is wrong)."""
    from newsitem.validate import iter_issues
    from newsitem.xsd import compiled_xsd

    m = default_mapping()
    declared = root.get(m.version_attribute) if m.version_attribute else None
    if declared in KNOWN_VERSIONS:
        m = default_mapping(str(declared))
    if reads_directly(declared):
        # A document root is validated as its tree (lxml copies a bare element first).
        target = root.getroottree() if root.getparent() is None else root
        if root.tag == m.qname(m.root) and compiled_xsd(str(declared)).validate(target):
            # Fast path: the XSD states the JSON Schema's constraints, so the structure is
            # known to be right; read it without checks, and only the rules remain.
            data = _read_valid(root, m.item, m.namespace)
            where = XmlLocator(root, m, root_xpath or f"/{m.step(m.root)}")
            found: list[Issue] = []
            for code, message, path in () if rules.cannot_fire(data) else rules.check(data):
                printable, line, column = where.locate(path)
                found.append(make_issue(code, message, printable, line, column))
            return data, found
    converted = xml_to_document(root, m, root_xpath=root_xpath)
    if any(i.code == "NI104" for i in converted.issues):
        return None, converted.issues
    found = list(converted.issues)
    seen = {(i.code, i.path) for i in found}
    for issue in iter_issues(converted.data, locator=converted.locator):
        if (issue.code, issue.path) not in seen:
            seen.add((issue.code, issue.path))
            found.append(issue)
    return converted.data, found


def issues(data: bytes | str) -> list[Issue]:
    """Every issue of one XML document: its parse error, or its validation issues, each with
    an XPath and a source line. A feed document gives the issues of all its items."""
    raw = _as_bytes(data)
    try:
        tree = _xmlsafe.parse(raw)
    except ParseError as exc:
        return [exc.issue]
    root = tree.getroot()
    m = default_mapping()
    if m.feed is not None and isinstance(root.tag, str) and _split(root.tag)[1] == m.feed:
        return [issue for entry in iter_feed(raw) for issue in entry.issues]
    return _check_item(root)[1]


def decode(data: bytes) -> Decoded:
    """Parse and validate one XML item (the codec protocol of ``newsitem.codecs``).

    Raises:
        ParseError: not well-formed, a forbidden construct (NI106), a limit (NI108), or a
            root that is not an item element (NI104).
        InvalidNewsItem: the item breaks the format; ``issues`` holds every error.
    """
    tree = _xmlsafe.parse(_as_bytes(data))
    value, found = _check_item(tree.getroot())
    errors = [i for i in found if i.severity == "error"]
    if value is None:
        raise ParseError(errors[0])
    if errors:
        raise InvalidNewsItem(errors)
    return Decoded(from_dict(value), tuple(found))


def loads(data: bytes | str) -> NewsItem:
    """Parse and validate one XML news item.

    Raises:
        ParseError: the input is not an XML item document (see ``decode``).
        InvalidNewsItem: the document breaks the format; ``issues`` has every problem.
    """
    return decode(_as_bytes(data)).item


# --- feeds ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, or one problem of the feed itself.

    Attributes:
        index: the item's 0-based position among the feed's items; -1 for a problem of the
            feed itself (its root, a stray element, or a syntax error that ends the feed).
        xpath: where, e.g. ``/ni:newsFeed/ni:newsItem[3]``.
        line: the source line of the item's start tag (or of the problem).
        item: the item, or None when it has an error.
        issues: the item's issues (errors and warnings), located.
    """

    index: int
    xpath: str
    line: int | None
    item: NewsItem | None
    issues: list[Issue]


def feed_header(version: str = CURRENT_VERSION) -> bytes:
    """The start of an XML feed: the declaration and the ``ni:newsFeed`` start tag."""
    m = default_mapping(version)
    if m.feed is None:
        raise ConversionError(f"format version {version} defines no XML feed")
    head = f'{_DECLARATION}<{m.step(m.feed)} xmlns:{m.prefix}="{m.namespace}"'
    if m.version_attribute is not None:
        head += f' {m.version_attribute}="{version}"'
    return (head + ">\n").encode("utf-8")


def feed_item(item: NewsItem) -> bytes:
    """One item as it appears inside a feed: its canonical element, indented one level."""
    return _item_xml(to_dict(item), default_mapping(item.version), _INDENT).encode("utf-8")


def feed_footer(version: str = CURRENT_VERSION) -> bytes:
    """The end of an XML feed (the ``ni:newsFeed`` end tag)."""
    m = default_mapping(version)
    return f"</{m.step(m.feed or m.root)}>\n".encode()


def write_feed(items: Iterable[NewsItem], out: BinaryIO, version: str = CURRENT_VERSION) -> int:
    """Write items as one XML feed in a single streaming pass; return how many were written.

    Each item is serialised and written as it comes (``feed_header``, one ``feed_item`` per
    item, ``feed_footer``), so memory stays flat for any number of items. Inside the feed an
    item is written exactly as ``dumps`` writes it, without the declaration and the namespace
    declaration, indented one level.

    The feed declares ``version``: the newest version its items may declare (SPEC §5.4);
    each item declares its own.

    Raises:
        ConversionError: an item holds a character XML 1.0 cannot carry, or declares a version
            newer than the feed's or of another major (the items before it have been written).
    """
    out.write(feed_header(version))
    count = 0
    for item in items:
        if not _fits_feed(item.version, version):
            msg = f"item {count + 1} declares version {item.version}, newer than the feed's"
            raise ConversionError(msg)
        out.write(feed_item(item))
        count += 1
    out.write(feed_footer(version))
    return count


def _fits_feed(item_version: str, feed_version: str) -> bool:
    item, feed = item_version.split("."), feed_version.split(".")
    return item[0] == feed[0] and int(item[1]) <= int(feed[1])


def dumps_feed(items: Iterable[NewsItem]) -> bytes:
    """The XML feed of some items, as bytes (see ``write_feed``); the feed declares the newest
    version of its items (the current version when there are none)."""
    import io

    items = list(items)
    versions = sorted({item.version for item in items}, key=lambda v: tuple(map(int, v.split("."))))
    buffer = io.BytesIO()
    write_feed(items, buffer, versions[-1] if versions else CURRENT_VERSION)
    return buffer.getvalue()


def iter_feed(source: BinaryIO | bytes) -> Iterator[FeedEntry]:
    """Stream the items of an XML feed one by one, each validated and located.

    The feed is parsed incrementally by the hardened parser (no entities, no network, no DTD,
    libxml2's limits on); each item element is dropped once read, so memory stays flat. One bad
    item never stops the rest; a feed that stops being well-formed ends with one NI100 entry
    (index -1) at the line of the error.
    """
    m = default_mapping()
    feed_step = m.step(m.feed or "newsFeed")
    depth = 0
    count = 0
    root: etree._Element | None = None
    try:
        for event, element in _xmlsafe.iterparse(source):
            if event == "start":
                depth += 1
                if depth == 1:
                    root = element
                    problems = _feed_root_issues(element, m)
                    for issue in problems:
                        yield FeedEntry(-1, issue.path, issue.line, None, [issue])
                    if any(i.code == "NI104" for i in problems):
                        return
                continue
            depth -= 1
            if depth != 1 or root is None:
                continue
            ns, local = _split(str(element.tag))
            if local == m.root:
                xpath = f"/{feed_step}/{m.step(m.root)}[{count + 1}]"
                value, found = _check_item(element, xpath)
                ok = value is not None and not any(i.severity == "error" for i in found)
                item = from_dict(value) if ok and value is not None else None
                yield FeedEntry(count, xpath, element.sourceline, item, found)
                count += 1
            else:
                name = m.step(local) if ns == m.namespace else local
                issue = make_issue(
                    "NI102",
                    f"unknown element {local!r} in {feed_step}; a feed holds only "
                    f"{m.step(m.root)} elements",
                    f"/{feed_step}/{name}",
                    element.sourceline,
                )
                yield FeedEntry(-1, issue.path, issue.line, None, [issue])
            tail = element.tail
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del root[0]
            if tail and _XML_SPACE.sub("", tail):
                issue = make_issue(
                    "NI103", f"{feed_step} holds elements, not text", f"/{feed_step}", None
                )
                yield FeedEntry(-1, issue.path, element.sourceline, None, [issue])
    except ParseError as exc:
        yield FeedEntry(-1, exc.issue.path, exc.issue.line, None, [exc.issue])


def _feed_root_issues(root: etree._Element, m: XmlMapping) -> list[Issue]:
    ns, local = _split(str(root.tag))
    feed = m.feed or ""
    if local != feed:
        return [
            make_issue(
                "NI104",
                f"the root element of a feed must be {m.step(feed)}, not {local!r}",
                f"/{local}",
                root.sourceline,
            )
        ]
    found: list[Issue] = []
    where = f"/{m.step(feed)}"
    if ns != m.namespace:
        found.append(
            make_issue(
                "NI109",
                f"{feed} must be in namespace {m.namespace}",
                where,
                root.sourceline,
            )
        )
    for name in root.attrib:
        attr = str(name)
        if attr != m.version_attribute and attr not in _XSI_HINTS:
            found.append(
                make_issue(
                    "NI102", f"unknown attribute {attr!r}", f"{where}/@{attr}", root.sourceline
                )
            )
    if m.version_attribute is not None:
        version = root.get(m.version_attribute)
        if version not in KNOWN_VERSIONS:
            found.append(
                make_issue(
                    "NI110",
                    f"missing or unsupported feed version {version!r}; this release knows "
                    + ", ".join(KNOWN_VERSIONS),
                    f"{where}/@{m.version_attribute}",
                    root.sourceline,
                )
            )
    return found
