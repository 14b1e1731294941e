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
