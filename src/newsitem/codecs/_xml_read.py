"""Reading the XML form leniently: any well-formed element into the JSON data shape, with every
structural problem recorded as a located issue (SPEC §5.6).

Unknown elements and attributes are left out and reported (NI102), text where elements belong
is NI103, a wrong root NI104, a repeated element NI105 (the first is kept), a wrong namespace
NI109, elements out of order NI112. Values are taken as they are, so the JSON Schema judges
them and a broken value gets the same code as in JSON. Locations are XPaths with prefixes
(``/ni:newsItem/ni:body/ni:p[3]``, ``@xml:lang``), never Clark names.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from lxml import etree

from newsitem.issues import Issue, make_issue
from newsitem.schemas import CURRENT_VERSION
from newsitem.xml_mapping import XmlField, XmlMapping, XmlObject, default_mapping

Path = tuple[str | int, ...]

XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Schema location hints: XSD allows them on every element, and readers ignore them.
XSI_HINTS = frozenset({f"{{{XSI}}}schemaLocation", f"{{{XSI}}}noNamespaceSchemaLocation"})
XML_SPACE = re.compile("[ \t\n\r]+")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_DECLARED_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def split(tag: str) -> tuple[str | None, str]:
    """The namespace (None if none) and local name of a Clark name (``{ns}local``)."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


def element_step(element: etree._Element) -> str:
    """The XPath step naming an element as written: ``ni:item``, ``item``, or, for a default
    namespace (no prefix to name it by), ``*[local-name()='item']``."""
    ns, local = split(str(element.tag))
    if ns is None:
        return local
    prefix = element.prefix
    return f"{prefix}:{local}" if prefix else f"*[local-name()='{local}']"


def attribute_step(element: etree._Element, name: str) -> str:
    """The XPath step of an attribute of an element: ``@lang``, ``@xml:lang``, ``@xsi:type``
    (with the prefix in scope), or ``@*[local-name()='x']`` when no prefix names it."""
    ns, local = split(name)
    if ns is None:
        return f"@{local}"
    if ns == XML_NS:
        return f"@xml:{local}"
    for prefix, uri in element.nsmap.items():
        if uri == ns and prefix:
            return f"@{prefix}:{local}"
    return f"@*[local-name()='{local}']"


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
        if isinstance(child.tag, str) and split(child.tag)[1] == local:
            return child
    return None


def _nth_child(element: etree._Element, local: str, index: int) -> etree._Element | None:
    seen = 0
    for child in element:
        if isinstance(child.tag, str) and split(child.tag)[1] == local:
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
        ns, local = split(root.tag)
        if local != m.root:
            self.report(
                "NI104",
                f"the root element must be {m.step(m.root)} in namespace {m.namespace}, "
                f"not {local!r}",
                "/" + element_step(root),
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

    def unknown_attribute(self, element: etree._Element, name: str, xpath: str) -> None:
        step = attribute_step(element, name)
        self.report(
            "NI102",
            f"unknown attribute {step[1:]!r} on {split(str(element.tag))[1]}",
            f"{xpath}/{step}",
            element.sourceline,
        )

    def no_attributes(self, element: etree._Element, xpath: str) -> None:
        """Report the attributes of an element that the mapping gives none (a value or a list
        wrapper): XSD rejects them, so they are not silently dropped."""
        for name in element.attrib:
            if str(name) not in XSI_HINTS:
                self.unknown_attribute(element, str(name), xpath)

    def read_object(self, element: etree._Element, obj: XmlObject, xpath: str) -> dict[str, Any]:
        value: dict[str, Any] = {}
        for name, raw in element.attrib.items():
            attr = str(name)
            if attr in XSI_HINTS:
                continue
            f = obj.by_attribute.get(attr)
            if f is None:
                self.unknown_attribute(element, attr, xpath)
                continue
            value[f.name] = scalar(str(raw), f)
        if obj.text is not None:
            text = self.text_of(element, xpath)
            if text or obj.text.required:
                value[obj.text.name] = scalar(text, obj.text)
            return value
        self.no_text(element, xpath)
        last: XmlField | None = None
        counts: dict[str, int] = {}
        for child in element:
            if not isinstance(child.tag, str):
                continue
            ns, local = split(child.tag)
            counts[child.tag] = counts.get(child.tag, 0) + 1
            step = self.step_of(child, counts[child.tag])
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
            self.no_attributes(element, xpath)
            return scalar(self.text_of(element, xpath), f)
        self.no_attributes(element, xpath)
        self.no_text(element, xpath)
        values: list[Any] = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            ns, local = split(child.tag)
            if local != f.item:
                self.report(
                    "NI102",
                    f"unknown element {local!r} in {self.m.step(f.local)}",
                    f"{xpath}/{self.step_of(child, 0)}",
                    child.sourceline,
                )
                continue
            step = f"{xpath}/{self.m.step(f.item)}[{len(values) + 1}]"
            self.check_namespace(ns, local, step, child.sourceline)
            if f.members is not None:
                values.append(self.read_object(child, f.members, step))
            else:
                self.no_attributes(child, step)
                values.append(scalar(self.text_of(child, step), f))
        return values

    def text_of(self, element: etree._Element, xpath: str) -> str:
        """The text of a simple element (comments and processing instructions are skipped);
        child elements are reported and their text left out."""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str):
                local = split(child.tag)[1]
                self.report(
                    "NI102",
                    f"element {local!r} is not allowed inside {split(str(element.tag))[1]}, "
                    "which holds text only",
                    f"{xpath}/{self.step_of(child, 0)}",
                    child.sourceline,
                )
            parts.append(child.tail or "")
        return "".join(parts)

    def no_text(self, element: etree._Element, xpath: str) -> None:
        texts = [element.text or ""] + [child.tail or "" for child in element]
        if any(XML_SPACE.sub("", t) for t in texts):
            self.report(
                "NI103",
                f"{split(str(element.tag))[1]} holds elements, not text",
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

    def step_of(self, element: etree._Element, position: int) -> str:
        ns, local = split(str(element.tag))
        name = self.m.step(local) if ns == self.m.namespace else element_step(element)
        return f"{name}[{position}]" if position > 1 else name


def scalar(text: str, f: XmlField) -> Any:
    """A value read from XML text, typed by the mapping; text that is not a valid lexical form
    of the type stays a string, so that the schema reports the wrong type."""
    if f.collapse:
        text = XML_SPACE.sub(" ", text).strip(" ")
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


def as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, bytes):
        return data
    # Text is parsed as UTF-8, whatever its declaration said about the bytes it came from.
    return _DECLARED_ENCODING.sub(r'\1"UTF-8"', data, count=1).encode("utf-8", "surrogatepass")


_BY_QNAME: dict[tuple[int, str], dict[str, XmlField]] = {}
