"""Writing the XML form: the canonical XML of a document's data, driven by the mapping table.

No field is named here: element and attribute names, order, lists and nested objects come from
``newsitem.xml_mapping``. Output is canonical (SPEC §5.3): an XML declaration, UTF-8, two-space
indentation, attributes and elements in mapping order, one element per list value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from newsitem.errors import ConversionError
from newsitem.xml_mapping import XmlField, XmlMapping, XmlObject, default_mapping

Path = tuple[str | int, ...]

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "
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


def document_to_xml(data: Mapping[str, Any], mapping: XmlMapping | None = None) -> bytes:
    """The canonical XML of a document's data (a dict shaped like the JSON form).

    Raises:
        ConversionError: the data has a field the mapping does not know, a value of the wrong
            shape, or a character XML 1.0 cannot carry.
    """
    m = mapping or default_mapping()
    parts = [DECLARATION]
    _write_object(parts, m, m.root, m.item, data, "", (), declare=True)
    return "".join(parts).encode("utf-8")


def item_xml(data: Mapping[str, Any], mapping: XmlMapping, indent: str) -> str:
    """The canonical element of an item (no declaration, no namespace declaration), indented."""
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
    inner = indent + INDENT
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
        inner = indent + INDENT
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


# --- the direct writer: an item's XML straight from the model ---------------------------------

#: Model attribute names that differ from the JSON property names.
_MODEL_NAMES = {"newsitem": "version"}
_VALUE, _OBJECT, _VALUES, _OBJECTS = range(4)


class _FallbackError(Exception):
    """The direct writer cannot write this item exactly as the data writer would."""


class _Out:
    """How to write one property: its model attribute, its markup, and how it repeats."""

    __slots__ = (
        "attr",
        "close",
        "empty",
        "item_close",
        "item_open",
        "kind",
        "members",
        "open",
        "required",
    )

    def __init__(self, m: XmlMapping, f: XmlField, members: _ObjectPlan | None) -> None:
        self.attr = _MODEL_NAMES.get(f.name, f.name)
        self.required = f.required
        step = m.step(f.local) if f.kind != "text" else ""
        if f.kind == "attribute":
            self.open, self.close = f' {f.local}="', '"'
        else:
            self.open, self.close = f"<{step}>", f"</{step}>\n"
        self.empty = f"<{step}/>\n"
        self.members = members
        if f.item is None:
            self.kind = _VALUE if members is None else _OBJECT
            self.item_open = self.item_close = ""
        else:
            self.kind = _VALUES if members is None else _OBJECTS
            item = m.step(f.item)
            self.item_open, self.item_close = f"<{item}>", f"</{item}>\n"


class _ObjectPlan:
    """An ``XmlObject`` prepared for the direct writer."""

    __slots__ = ("attributes", "elements", "tag", "text")

    def __init__(self, m: XmlMapping, obj: XmlObject, local: str) -> None:
        self.tag = m.step(local)
        self.attributes = [_Out(m, f, None) for f in obj.attributes]
        self.text = _Out(m, obj.text, None) if obj.text is not None else None
        self.elements = [
            _Out(m, f, _ObjectPlan(m, f.members, f.item or f.local) if f.members else None)
            for f in obj.elements
        ]


_PLANS: dict[int, _ObjectPlan] = {}


def _root_plan(m: XmlMapping) -> _ObjectPlan:
    plan = _PLANS.get(id(m))
    if plan is None:
        plan = _PLANS[id(m)] = _ObjectPlan(m, m.item, m.root)
    return plan


_TEXT_REFERENCES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_REFERENCES = (*_TEXT_REFERENCES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"))


def _escape(raw: Any, references: tuple[tuple[str, str], ...]) -> str:
    """Escape a string value (``str.replace`` only where the character occurs: most values
    have none); anything but a string goes to the data writer."""
    if type(raw) is not str:
        raise _FallbackError
    value: str = raw
    for char, reference in references:
        if char in value:
            value = value.replace(char, reference)
    return value


def _escape_text(raw: Any) -> str:
    return _escape(raw, _TEXT_REFERENCES)


def _escape_attribute(raw: Any) -> str:
    return _escape(raw, _ATTRIBUTE_REFERENCES)


def _emit(parts: list[str], plan: _ObjectPlan, value: Any, indent: str, head: str) -> None:
    append = parts.append
    append(f"{indent}<{plan.tag}{head}")
    for out in plan.attributes:
        attribute = getattr(value, out.attr)
        if attribute is None:
            if out.required:
                raise _FallbackError
            continue
        append(f"{out.open}{_escape_attribute(attribute)}{out.close}")
    text = plan.text
    if text is not None:
        content = getattr(value, text.attr)
        if content is None:
            if text.required:
                raise _FallbackError
            append("/>\n")
            return
        append(f">{_escape_text(content)}</{plan.tag}>\n")
        return
    opened = False
    inner = indent + INDENT
    for out in plan.elements:
        field_value = getattr(value, out.attr)
        kind = out.kind
        if field_value is None or (kind >= _VALUES and not field_value and not out.required):
            if out.required:
                raise _FallbackError
            continue
        if not opened:
            append(">\n")
            opened = True
        if kind == _VALUE:
            append(f"{inner}{out.open}{_escape_text(field_value)}{out.close}")
        elif kind == _OBJECT:
            _emit(parts, out.members, field_value, inner, "")  # type: ignore[arg-type]
        elif not field_value:
            append(f"{inner}{out.empty}")
        else:
            append(f"{inner}{out.open}\n")
            deeper = inner + INDENT
            if kind == _VALUES:
                item_open, item_close = out.item_open, out.item_close
                for entry in field_value:
                    append(f"{deeper}{item_open}{_escape_text(entry)}{item_close}")
            else:
                for entry in field_value:
                    _emit(parts, out.members, entry, deeper, "")  # type: ignore[arg-type]
            append(f"{inner}{out.close}")
    append(f"{indent}</{plan.tag}>\n" if opened else "/>\n")


def write_item(item: Any, mapping: XmlMapping, indent: str, *, declare: bool = False) -> str:
    """The canonical element of a model item, written from its attributes (no ``to_dict``).

    It gives exactly what ``item_xml(to_dict(item), ...)`` gives (a property test holds them
    equal); whatever it cannot write the same way (a value of another type, a missing
    required value, a character XML cannot carry) goes through that data writer instead, which
    also raises its errors.
    """
    m = mapping
    head = f' xmlns:{m.prefix}="{_attr(m.namespace)}"' if declare else ""
    parts: list[str] = []
    try:
        _emit(parts, _root_plan(m), item, indent, head)
    except (_FallbackError, AttributeError, TypeError):
        parts = []
    text = "".join(parts)
    if not parts or _NOT_XML.search(text) is not None:
        from newsitem.model import to_dict

        data = to_dict(item)
        if declare:
            return document_to_xml(data, m).decode("utf-8")[len(DECLARATION) :]
        return item_xml(data, m, indent)
    return text
