"""Validating one XML item element: a direct reader for the common, well-formed case, and the
lenient reader with located issues for everything else.

The direct reader walks an item element once and builds its data, refusing (``None``) at the
first thing the lenient reader would report: an unknown, repeated, misplaced or foreign element,
an unknown attribute, text where elements belong, an element inside a value. What it accepts is
therefore read exactly as the lenient reader reads it, with no structural issue, and only the
JSON Schema (the same compiled validator as the JSON form) and the semantic rules remain. A
property test holds the two readers equal. Anything else goes through the lenient reader and
``newsitem.validate``, which find and locate every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newsitem import rules
from newsitem.codecs._xml_read import XSI_HINTS, XmlLocator, scalar, xml_to_document
from newsitem.compat import newer_minor, unknown_as_ignored
from newsitem.issues import Issue, make_issue
from newsitem.schemas import KNOWN_VERSIONS
from newsitem.xml_mapping import XmlField, XmlMapping, XmlObject, default_mapping

_SPACE = " \t\n\r"
# What a child element of an object holds (see _Slot.kind).
_VALUE, _OBJECT, _VALUES, _OBJECTS = range(4)


@dataclass(slots=True)
class _Slot:
    """How to read one child element of an object."""

    field: XmlField
    kind: int
    #: read the text as it is (a string value whose whitespace is kept)
    plain: bool
    members: _Plan | None = None
    #: the Clark name of a list's item elements
    item_tag: str = ""


@dataclass(slots=True)
class _Plan:
    """An ``XmlObject`` prepared for the direct reader: children by Clark name."""

    attributes: dict[str, XmlField]
    text: XmlField | None
    text_plain: bool
    slots: dict[str, _Slot] = field(default_factory=dict)


_PLANS: dict[tuple[int, str], _Plan] = {}


def _plan(obj: XmlObject, namespace: str) -> _Plan:
    key = (id(obj), namespace)
    found = _PLANS.get(key)
    if found is not None:
        return found
    text = obj.text
    plan = _Plan(dict(obj.by_attribute), text, text is not None and _plain(text))
    for f in obj.elements:
        members = _plan(f.members, namespace) if f.members is not None else None
        if f.item is None:
            kind = _VALUE if members is None else _OBJECT
        else:
            kind = _VALUES if members is None else _OBJECTS
        plan.slots[f"{{{namespace}}}{f.local}"] = _Slot(
            f, kind, _plain(f), members, f"{{{namespace}}}{f.item}" if f.item else ""
        )
    _PLANS[key] = plan
    return plan


def _plain(f: XmlField) -> bool:
    return f.value_type == "string" and not f.collapse


def _has_attributes(element: etree._Element) -> bool:
    """True when an element has an attribute other than a schema location hint."""
    names = element.keys()
    return bool(names) and any(name not in XSI_HINTS for name in names)


def _leaf_text(element: etree._Element) -> str | None:
    """The text of a value element, or None when it has attributes or child elements."""
    return None if _has_attributes(element) else _text_content(element)


def _read(element: etree._Element, plan: _Plan) -> dict[str, Any] | None:
    value: dict[str, Any] = {}
    names = element.keys()
    if names:
        attributes = plan.attributes
        for name in names:
            f = attributes.get(name)
            if f is None:
                if name in XSI_HINTS:
                    continue
                return None
            value[f.name] = scalar(element.get(name) or "", f)
    text_field = plan.text
    if text_field is not None:
        text = _text_content(element)
        if text is None:
            return None
        if text or text_field.required:
            value[text_field.name] = text if plan.text_plain else scalar(text, text_field)
        return value
    head = element.text
    if head and head.strip(_SPACE):
        return None
    slots = plan.slots
    last = -1
    for child in element:
        tail = child.tail
        if tail and tail.strip(_SPACE):
            return None
        slot = slots.get(child.tag)  # type: ignore[arg-type]  # comments have a non-str tag
        if slot is None:
            if type(child.tag) is str:
                return None
            continue  # a comment or a processing instruction
        f = slot.field
        if f.order <= last:
            return None
        last = f.order
        kind = slot.kind
        if kind == _VALUE:
            if child.keys() or len(child):
                text = _leaf_text(child)
                if text is None:
                    return None
            else:
                text = child.text or ""
            value[f.name] = text if slot.plain else scalar(text, f)
        elif kind == _OBJECT:
            inner = _read(child, slot.members)  # type: ignore[arg-type]
            if inner is None:
                return None
            value[f.name] = inner
        else:
            values = _read_list(child, slot)
            if values is None:
                return None
            value[f.name] = values
    return value


def _text_content(element: etree._Element) -> str | None:
    """The text of an element that holds text (comments and processing instructions left
    out), or None when it holds an element."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if type(child.tag) is str:
            return None
        parts.append(child.tail or "")
    return "".join(parts)


def _read_list(wrapper: etree._Element, slot: _Slot) -> list[Any] | None:
    if _has_attributes(wrapper):
        return None
    head = wrapper.text
    if head and head.strip(_SPACE):
        return None
    item_tag = slot.item_tag
    f = slot.field
    members = slot.members
    values: list[Any] = []
    append = values.append
    plain = slot.plain
    for child in wrapper:
        tail = child.tail
        if tail and tail.strip(_SPACE):
            return None
        if child.tag != item_tag:
            if type(child.tag) is str:
                return None
            continue  # a comment or a processing instruction
        if members is not None:
            inner = _read(child, members)
            if inner is None:
                return None
            append(inner)
        elif child.keys() or len(child):
            text = _leaf_text(child)
            if text is None:
                return None
            append(text if plain else scalar(text, f))
        else:
            text = child.text or ""
            append(text if plain else scalar(text, f))
    return values


def read_direct(root: etree._Element, mapping: XmlMapping) -> dict[str, Any] | None:
    """The data of an item element read in one pass, or None when the lenient reader would
    report any structural issue (the caller then takes the lenient path)."""
    if root.tag != mapping.qname(mapping.root):
        return None
    if mapping.version_attribute is not None and root.get(mapping.version_attribute) is None:
        return None
    return _read(root, _plan(mapping.item, mapping.namespace))


def check_item(
    root: etree._Element, root_xpath: str | None = None
) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Every issue of one item element, and its data (None when the root is wrong).

    The common case takes the direct path: read in one pass, judged by the compiled JSON
    Schema validator, and the semantic rules screened; only a document with a problem (or a
    rule that may fire) pays for locating it.
    """
    from newsitem.validate import fast_schema_valid, iter_issues

    m = default_mapping()
    declared = root.get(m.version_attribute) if m.version_attribute else None
    if declared in KNOWN_VERSIONS:
        m = default_mapping(str(declared))
        data = read_direct(root, m)
        if data is not None and fast_schema_valid(data):
            if rules.cannot_fire(data):
                return data, []
            where = XmlLocator(root, m, root_xpath or f"/{m.step(m.root)}")
            found: list[Issue] = []
            for code, message, path in rules.check(data):
                printable, line, column = where.locate(path)
                found.append(make_issue(code, message, printable, line, column))
            return data, found
    converted = xml_to_document(root, m, root_xpath=root_xpath)
    if any(i.code == "NI104" for i in converted.issues):
        return None, converted.issues
    found = list(converted.issues)
    if newer_minor(declared):  # SPEC §9.2: what a newer minor adds is ignored, with a warning
        found = unknown_as_ignored(found)
    seen = {(i.code, i.path) for i in found}
    for issue in iter_issues(converted.data, locator=converted.locator):
        if (issue.code, issue.path) not in seen:
            seen.add((issue.code, issue.path))
            found.append(issue)
    return converted.data, found
