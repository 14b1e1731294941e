"""The XSD of the XML form, derived from the JSON Schema and its ``x-xml`` mapping.

``generate_xsd(schema)`` states in XSD 1.0 every constraint of the JSON Schema that XSD can
state: required elements and attributes, element order (``xs:sequence``), string patterns
(translated to the XSD regex dialect), lengths, list sizes (``minOccurs``/``maxOccurs``),
unique list values (``xs:unique``), date-times (``xs:dateTime`` with a time zone required by a
pattern) and the fixed version attribute. The output is deterministic: the checked-in
``schema/<version>/newsitem.xsd`` must equal it byte for byte (a test checks).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from lxml import etree

from newsitem import _xmlsafe
from newsitem.schemas import CURRENT_VERSION, load_schema, xsd_bytes
from newsitem.xml_mapping import (
    MappingError,
    XmlField,
    XmlMapping,
    XmlObject,
    lookup,
    mapping_from_schema,
    resolve,
)

__all__ = ["compiled_xsd", "generate_xsd", "translate_pattern"]

XS = "http://www.w3.org/2001/XMLSchema"

_CHAR_REF = re.compile(rb"&#([0-9]+);")
_VERSION = re.compile(r"[0-9]+\.[0-9]+")
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

#: The code points XML 1.0 can carry (the Char production).
_XML_CHARS = ((0x9, 0x9), (0xA, 0xA), (0xD, 0xD), (0x20, 0xD7FF), (0xE000, 0xFFFD))
_XML_CHARS_ALL = (*_XML_CHARS, (0x10000, 0x10FFFF))
#: Characters that have a meaning in XSD regexes and need a backslash to be literal.
_XSD_META = frozenset("\\|.-^?*+{}()[]")
_SIMPLE_ESCAPES = {"t": 0x9, "n": 0xA, "r": 0xD, "f": 0xC, "v": 0xB}
_LITERAL_ESCAPES = frozenset("\\.-/[](){}*+?|^$")
#: ECMA-262 ``.`` matches anything but line terminators.
_ANY_BUT_NEWLINE = "[^\\n\\r\u2028\u2029]"
#: Any character at all.
_ANYTHING = "[\\s\\S]"
#: ``xs:dateTime`` accepts the hour 24 (as 24:00:00); RFC 3339 does not.
_NO_HOUR_24 = "[^T]*T([01][0-9]|2[0-3]):.*"
#: Lexical forms of xs:double that JSON numbers cannot take.
_FINITE_NUMBER = "[^IN]*"


# --- regex translation ------------------------------------------------------------------------


def translate_pattern(pattern: str) -> str:
    """Translate a JSON Schema (ECMA-262) pattern into the XSD 1.0 regex dialect.

    XSD patterns are implicitly anchored and know no ``(?:``, no ``\\uXXXX`` and no anchors;
    characters XML cannot carry are left out of character classes (no XML value can contain
    them, so the meaning for XML is unchanged).

    Raises:
        MappingError: the pattern uses a construct with no XSD equivalent.
    """
    body = pattern
    start = body.startswith("^")
    if start:
        body = body[1:]
    end = body.endswith("$") and not _escaped(body, len(body) - 1)
    if end:
        body = body[:-1]
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            ranges, i = _escape(body, i)
            if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
                out.append(_literal(ranges[0][0], pattern))
            else:
                out.append(_class(ranges, negated=False, pattern=pattern))
            continue
        if c == "[":
            text, i = _char_class(body, i, pattern)
            out.append(text)
            continue
        if c == "(":
            if body.startswith("(?:", i):
                i += 3
            elif body.startswith("(?", i):
                raise MappingError(
                    f"pattern {pattern!r}: lookarounds and named groups have no XSD form"
                )
            else:
                i += 1
            depth += 1
            out.append("(")
            continue
        if c == ")":
            depth -= 1
        elif c == "|" and depth == 0 and (start or end):
            raise MappingError(
                f"pattern {pattern!r}: group a top-level alternation before anchoring"
            )
        elif c == ".":
            out.append(_ANY_BUT_NEWLINE)
            i += 1
            continue
        elif c in "^$":
            raise MappingError(f"pattern {pattern!r}: anchors inside a pattern have no XSD form")
        elif c in "*+?}" and i + 1 < len(body) and body[i + 1] == "?":
            raise MappingError(f"pattern {pattern!r}: lazy quantifiers have no XSD form")
        elif c not in "*+?{},|0123456789" and not _xml_char(ord(c)):
            raise MappingError(f"pattern {pattern!r}: U+{ord(c):04X} cannot appear in XML")
        out.append(c)
        i += 1
    text = "".join(out)
    if not (start and end):
        text = f"{'' if start else _ANYTHING + '*'}({text}){'' if end else _ANYTHING + '*'}"
    return text


def _escaped(text: str, index: int) -> bool:
    slashes = 0
    while index - 1 - slashes >= 0 and text[index - 1 - slashes] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _escape(text: str, i: int) -> tuple[list[tuple[int, int]], int]:
    """Read the escape at ``text[i]`` (a backslash); return its code point ranges."""
    if i + 1 >= len(text):
        raise MappingError("a pattern ends with a lone backslash")
    c = text[i + 1]
    if c == "u":
        digits = text[i + 2 : i + 6]
        if len(digits) != 4 or any(d not in "0123456789abcdefABCDEF" for d in digits):
            raise MappingError(f"bad \\u escape in pattern near {text[i : i + 6]!r}")
        cp = int(digits, 16)
        return [(cp, cp)], i + 6
    if c in _SIMPLE_ESCAPES:
        cp = _SIMPLE_ESCAPES[c]
        return [(cp, cp)], i + 2
    if c in _LITERAL_ESCAPES:
        return [(ord(c), ord(c))], i + 2
    if c == "d":
        return [(0x30, 0x39)], i + 2
    raise MappingError(f"the escape \\{c} has no XSD form")


def _char_class(text: str, i: int, pattern: str) -> tuple[str, int]:
    """Read the class starting at ``text[i]`` (``[``); return its XSD form and the next index."""
    i += 1
    negated = i < len(text) and text[i] == "^"
    if negated:
        i += 1
    ranges: list[tuple[int, int]] = []
    first = True
    while True:
        if i >= len(text):
            raise MappingError(f"pattern {pattern!r}: unterminated character class")
        c = text[i]
        if c == "]" and not first:
            i += 1
            break
        first = False
        low, i = _class_atom(text, i)
        if low is None:
            continue
        if i + 1 < len(text) and text[i] == "-" and text[i + 1] != "]":
            high, i = _class_atom(text, i + 1)
            if high is None:
                raise MappingError(f"pattern {pattern!r}: a range cannot end in a class escape")
            ranges.append((low, high))
        else:
            ranges.append((low, low))
    return _class(ranges, negated=negated, pattern=pattern), i


def _class_atom(text: str, i: int) -> tuple[int | None, int]:
    if text[i] == "\\":
        found, j = _escape(text, i)
        if len(found) == 1 and found[0][0] == found[0][1]:
            return found[0][0], j
        raise MappingError("class escapes such as \\d are not supported inside a class")
    return ord(text[i]), i + 1


def _class(ranges: list[tuple[int, int]], *, negated: bool, pattern: str) -> str:
    kept: list[tuple[int, int]] = []
    for low, high in ranges:
        for a, b in _XML_CHARS_ALL:
            lo, hi = max(low, a), min(high, b)
            if lo <= hi:
                kept.append((lo, hi))
    if not kept:
        if negated:
            return _ANYTHING
        raise MappingError(f"pattern {pattern!r}: a class holds only characters XML cannot carry")
    parts = []
    for lo, hi in kept:
        parts.append(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}")
    return f"[{'^' if negated else ''}{''.join(parts)}]"


def _class_char(cp: int) -> str:
    if cp == 0x9:
        return "\\t"
    if cp == 0xA:
        return "\\n"
    if cp == 0xD:
        return "\\r"
    ch = chr(cp)
    return "\\" + ch if ch in _XSD_META else ch


def _literal(cp: int, pattern: str) -> str:
    if not _xml_char(cp):
        raise MappingError(f"pattern {pattern!r}: U+{cp:04X} cannot appear in XML")
    return _class_char(cp)


def _xml_char(cp: int) -> bool:
    return any(a <= cp <= b for a, b in _XML_CHARS_ALL)


# --- the schema -------------------------------------------------------------------------------


def _xs(tag: str) -> str:
    return f"{{{XS}}}{tag}"


class _Generator:
    def __init__(self, schema: Mapping[str, Any], mapping: XmlMapping) -> None:
        self.schema = schema
        self.mapping = mapping
        self.p = mapping.prefix
        self.root = etree.Element(
            _xs("schema"), nsmap={"xs": XS, mapping.prefix: mapping.namespace}
        )
        self.defs: dict[int, str] = {}
        self.pending: list[etree._Element] = []
        defs = schema.get("$defs", {})
        for name, node in defs.items() if isinstance(defs, Mapping) else ():
            if isinstance(node, Mapping) and lookup(schema, node, "type") in _BUILTINS:
                self.defs[id(node)] = name

    def build(self) -> bytes:
        m = self.mapping
        root = self.root
        root.set("targetNamespace", m.namespace)
        root.set("elementFormDefault", "qualified")
        root.set("attributeFormDefault", "unqualified")
        version = self._version()
        if version is not None:
            root.set("version", version)
        title = self.schema.get("title", "")
        self._doc(
            root,
            f"XSD of the XML form of {title}. Generated from the JSON Schema "
            f"{self.schema.get('$id', '')} by newsitem.xsd.generate_xsd; do not edit by hand.",
        )
        item = etree.SubElement(root, _xs("element"), name=m.root)
        self._doc(item, self.schema.get("description"))
        self._complex(item, m.item, "")
        if m.feed is not None:
            feed = etree.SubElement(root, _xs("element"), name=m.feed)
            note = self.schema.get("x-xml", {}).get("feed", {})
            self._doc(feed, note.get("description") if isinstance(note, Mapping) else None)
            ctype = etree.SubElement(feed, _xs("complexType"))
            seq = etree.SubElement(ctype, _xs("sequence"))
            etree.SubElement(
                seq, _xs("element"), ref=f"{self.p}:{m.root}", minOccurs="0", maxOccurs="unbounded"
            )
            accepted = self._versions()
            if m.version_attribute is not None and len(accepted) > 1:
                # The feed accepts what an item accepts: a feed of an older minor is valid too.
                attribute = etree.SubElement(
                    ctype, _xs("attribute"), name=m.version_attribute, use="required"
                )
                restriction = etree.SubElement(
                    etree.SubElement(attribute, _xs("simpleType")),
                    _xs("restriction"),
                    base="xs:string",
                )
                for value in accepted:
                    etree.SubElement(restriction, _xs("enumeration"), value=value)
            elif m.version_attribute is not None and version is not None:
                etree.SubElement(
                    ctype,
                    _xs("attribute"),
                    name=m.version_attribute,
                    type="xs:string",
                    use="required",
                    fixed=version,
                )
        defs = self.schema.get("$defs", {})
        for name, node in defs.items() if isinstance(defs, Mapping) else ():
            if id(node) in self.defs:
                simple = etree.SubElement(root, _xs("simpleType"), name=name)
                self._doc(simple, node.get("description"))
                self._restriction(simple, node)
        root.extend(self.pending)
        etree.indent(root, space="  ")
        text = etree.tostring(root, encoding="us-ascii", xml_declaration=False)
        text = _CHAR_REF.sub(lambda m: b"&#x%X;" % int(m.group(1)), text)
        return _DECLARATION + text + b"\n"

    def _version(self) -> str | None:
        """The schema's own version: the newest item version it accepts (a ``const``, or the
        highest of an ``enum`` of versions). A feed of this schema declares it (SPEC §5.4)."""
        for f in self.mapping.item.attributes:
            if f.name == "newsitem":
                const = lookup(self.schema, f.schema, "const")
                if isinstance(const, str):
                    return const
                # A schema that also accepts older minor versions lists them; the newest wins.
                enum = lookup(self.schema, f.schema, "enum")
                versions = [v for v in enum or () if isinstance(v, str) and _VERSION.fullmatch(v)]
                if versions:
                    return max(versions, key=lambda v: tuple(int(n) for n in v.split(".")))
        return None

    def _versions(self) -> list[str]:
        """The versions the schema's ``newsitem`` property accepts (an ``enum``), if several."""
        for f in self.mapping.item.attributes:
            if f.name == "newsitem":
                enum = lookup(self.schema, f.schema, "enum")
                if isinstance(enum, list):
                    return [v for v in enum if isinstance(v, str)]
        return []

    @staticmethod
    def _doc(element: etree._Element, text: object) -> None:
        if isinstance(text, str) and text:
            note = etree.SubElement(element, _xs("annotation"))
            etree.SubElement(note, _xs("documentation")).text = text

    # complex types

    def _complex(self, element: etree._Element, obj: XmlObject, path: str) -> None:
        ctype = etree.SubElement(element, _xs("complexType"))
        holder = ctype
        if obj.text is not None:
            content = etree.SubElement(ctype, _xs("simpleContent"))
            holder = etree.SubElement(
                content,
                _xs("extension"),
                base=self._named_type(obj.text, f"{path}.{obj.text.name}"),
            )
        else:
            children = obj.elements
            if children:
                seq = etree.SubElement(ctype, _xs("sequence"))
                for f in children:
                    self._element(seq, f, f"{path}.{f.name}" if path else f.name)
        for f in obj.attributes:
            self._attribute(holder, f)

    def _element(self, parent: etree._Element, f: XmlField, path: str) -> None:
        decl = etree.SubElement(parent, _xs("element"), name=f.local)
        if not f.required:
            decl.set("minOccurs", "0")
        self._doc(decl, f.schema.get("description"))
        if f.item is not None:
            items = lookup(self.schema, f.schema, "items")
            ctype = etree.SubElement(decl, _xs("complexType"))
            seq = etree.SubElement(ctype, _xs("sequence"))
            low = lookup(self.schema, f.schema, "minItems")
            high = lookup(self.schema, f.schema, "maxItems")
            entry = etree.SubElement(seq, _xs("element"), name=f.item)
            entry.set("minOccurs", str(low if isinstance(low, int) else 0))
            entry.set("maxOccurs", str(high) if isinstance(high, int) else "unbounded")
            if f.members is not None:
                self._complex(entry, f.members, f"{path}[]")
            else:
                self._simple(entry, items)
            if lookup(self.schema, f.schema, "uniqueItems") is True and f.members is None:
                unique = etree.SubElement(decl, _xs("unique"), name=f"unique.{path}")
                etree.SubElement(unique, _xs("selector"), xpath=f"{self.p}:{f.item}")
                etree.SubElement(unique, _xs("field"), xpath=".")
        elif f.members is not None:
            self._complex(decl, f.members, path)
        else:
            self._simple(decl, f.schema)

    def _attribute(self, parent: etree._Element, f: XmlField) -> None:
        decl = etree.SubElement(parent, _xs("attribute"), name=f.local)
        decl.set("use", "required" if f.required else "optional")
        const = lookup(self.schema, f.schema, "const")
        if isinstance(const, str) and f.value_type == "string":
            decl.set("type", "xs:string")
            decl.set("fixed", const)
            self._doc(decl, f.schema.get("description"))
            return
        self._doc(decl, f.schema.get("description"))
        self._simple(decl, f.schema)

    # simple types

    def _simple(self, decl: etree._Element, node: Mapping[str, Any]) -> None:
        """Give a declaration its type: a named one when the node adds nothing to a named
        type, else an anonymous restriction."""
        named = self._plain_ref(node)
        if named is not None:
            decl.set("type", named)
            return
        if not _facets(node) and not _own_base_needs(self.schema, node):
            decl.set("type", _BUILTINS[str(lookup(self.schema, node, "type"))])
            return
        simple = etree.Element(_xs("simpleType"))
        # the type goes after an annotation, before identity constraints
        annotation = decl.find(_xs("annotation"))
        if annotation is not None:
            annotation.addnext(simple)
        else:
            decl.insert(0, simple)
        self._restriction(simple, node)

    def _named_type(self, f: XmlField, path: str) -> str:
        named = self._plain_ref(f.schema)
        if named is not None:
            return named
        name = path.replace("[]", "").strip(".") + ".text"
        simple = etree.Element(_xs("simpleType"), name=name)
        self._restriction(simple, f.schema)
        self.pending.append(simple)
        return f"{self.p}:{name}"

    def _plain_ref(self, node: Mapping[str, Any]) -> str | None:
        ref = node.get("$ref")
        if not isinstance(ref, str) or _facets(node):
            return None
        target = resolve(self.schema, node)[1]
        name = self.defs.get(id(target))
        return f"{self.p}:{name}" if name is not None else None

    def _restriction(self, simple: etree._Element, node: Mapping[str, Any]) -> None:
        ref = node.get("$ref")
        base: str
        inner: Mapping[str, Any] | None = None
        if isinstance(ref, str):
            target = resolve(self.schema, node)[1]
            name = self.defs.get(id(target))
            if name is not None:
                base = f"{self.p}:{name}"
            else:
                inner = target
                base = ""
        else:
            base = self._base(node)
        restriction = etree.SubElement(simple, _xs("restriction"))
        if inner is not None:
            nested = etree.SubElement(restriction, _xs("simpleType"))
            self._restriction(nested, inner)
        elif base == "xs:dateTime":
            nested = etree.SubElement(restriction, _xs("simpleType"))
            plain = etree.SubElement(nested, _xs("restriction"), base="xs:dateTime")
            etree.SubElement(plain, _xs("pattern"), value=_NO_HOUR_24)
        elif base == "xs:double":
            nested = etree.SubElement(restriction, _xs("simpleType"))
            plain = etree.SubElement(nested, _xs("restriction"), base="xs:double")
            etree.SubElement(plain, _xs("pattern"), value=_FINITE_NUMBER)
        else:
            restriction.set("base", base)
        on_date = lookup(self.schema, node, "format") == "date-time"
        for tag, value in _facets(node):
            if on_date and tag in ("minLength", "maxLength"):
                continue  # length facets do not apply to xs:dateTime; the pattern fixes them
            etree.SubElement(restriction, _xs(tag), value=value)

    def _base(self, node: Mapping[str, Any]) -> str:
        kind = lookup(self.schema, node, "type")
        if kind == "string" and lookup(self.schema, node, "format") == "date-time":
            return "xs:dateTime"
        if kind not in _BUILTINS:
            raise MappingError(f"JSON type {kind!r} has no XSD simple type")
        return _BUILTINS[str(kind)]


_BUILTINS = {
    "string": "xs:string",
    "integer": "xs:integer",
    "number": "xs:double",
    "boolean": "xs:boolean",
}


def _own_base_needs(schema: Mapping[str, Any], node: Mapping[str, Any]) -> bool:
    """True when the node's own base type needs a restriction (date-times, numbers)."""
    kind = lookup(schema, node, "type")
    dated = lookup(schema, node, "format") == "date-time"
    return bool(kind == "number" or (kind == "string" and dated))


def _facets(node: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The XSD facets a schema node states itself (not through ``$ref``), in a fixed order."""
    found: list[tuple[str, str]] = []
    if "const" in node:
        found.append(("enumeration", _lexical(node["const"])))
    for value in node.get("enum", ()) if isinstance(node.get("enum"), list) else ():
        found.append(("enumeration", _lexical(value)))
    for keyword, facet in (
        ("minLength", "minLength"),
        ("maxLength", "maxLength"),
        ("minimum", "minInclusive"),
        ("maximum", "maxInclusive"),
        ("exclusiveMinimum", "minExclusive"),
        ("exclusiveMaximum", "maxExclusive"),
    ):
        if keyword in node:
            found.append((facet, _lexical(node[keyword])))
    if isinstance(node.get("pattern"), str):
        found.append(("pattern", translate_pattern(node["pattern"])))
    return found


def _lexical(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generate_xsd(schema: Mapping[str, Any]) -> bytes:
    """The XSD 1.0 of the XML form of a schema (UTF-8 bytes, deterministic).

    Declares the item element (``newsItem``) and the feed element (``newsFeed``) as global
    elements.

    Raises:
        MappingError: the schema's ``x-xml`` mapping or a pattern has no XSD form.
    """
    return _Generator(schema, mapping_from_schema(schema)).build()


@cache
def compiled_xsd(version: str = CURRENT_VERSION) -> etree.XMLSchema:
    """The compiled XSD of a format version (compiled once per process, through the hardened
    parser); the packaged file when present, else generated from the schema."""
    raw = xsd_bytes(version)
    if raw is None:
        raw = generate_xsd(load_schema(version))
    return _xmlsafe.load_schema_bytes(raw)
