"""The XML mapping: the ``x-xml`` annotations of a JSON Schema, read into a small typed table.

The schema states, for the document and for each property, where the value lives in XML::

    "x-xml": {"namespace": "urn:newsitem:xml:1", "prefix": "ni", "element": "newsItem",
              "feed": {"element": "newsFeed"}}            # on the schema root
    "x-xml": {"attribute": "version", "order": 0}        # a value in an attribute
    "x-xml": {"element": "headline", "order": 6}         # a value (or an object) in an element
    "x-xml": {"element": "body", "item": "p", "order": 9} # a list: one <p> per value
    "x-xml": {"text": true, "order": 1}                  # the text of the enclosing element

``order`` sorts attributes and child elements (child elements must appear in that order).
Everything the XML codec and the XSD generator know about the XML form comes from the table
built here, so a new optional property in the schema needs no new code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from newsitem.errors import MappingError
from newsitem.schemas import CURRENT_VERSION, load_schema

__all__ = [
    "MappingError",
    "XmlField",
    "XmlMapping",
    "XmlObject",
    "default_mapping",
    "element_table",
    "mapping_from_schema",
    "resolve",
]

Kind = Literal["attribute", "element", "text"]
ValueType = Literal["string", "integer", "number", "boolean", "object"]

_SCALARS = ("string", "integer", "number", "boolean")


@dataclass(frozen=True, slots=True)
class XmlField:
    """Where one property of an object lives in XML.

    Attributes:
        name: the JSON property name.
        kind: ``attribute``, ``element`` or ``text`` (the text of the enclosing element).
        local: the attribute or element local name (empty for ``text``).
        order: position among the object's attributes and child elements.
        required: whether the object requires the property.
        value_type: the JSON type of the value, or of each list value.
        item: for a list, the local name of the element that holds each value.
        members: for an object value (or a list of objects), the mapping of its properties.
        schema: the property's JSON Schema as written (``$ref`` not resolved).
        collapse: XML whitespace is collapsed when reading the value (the XSD type of the
            value is a built-in that collapses whitespace, such as ``xs:dateTime``).
    """

    name: str
    kind: Kind
    local: str
    order: int
    required: bool
    value_type: ValueType
    schema: Mapping[str, Any]
    item: str | None = None
    members: XmlObject | None = None
    collapse: bool = False


@dataclass(frozen=True, slots=True)
class XmlObject:
    """The mapping of one JSON object to one XML element: attributes, text and children."""

    fields: tuple[XmlField, ...]
    by_name: Mapping[str, XmlField]
    by_attribute: Mapping[str, XmlField]
    by_element: Mapping[str, XmlField]
    text: XmlField | None

    @property
    def attributes(self) -> tuple[XmlField, ...]:
        """The attribute fields, in order."""
        return tuple(f for f in self.fields if f.kind == "attribute")

    @property
    def elements(self) -> tuple[XmlField, ...]:
        """The child element fields, in order."""
        return tuple(f for f in self.fields if f.kind == "element")


@dataclass(frozen=True, slots=True)
class XmlMapping:
    """The whole XML form of one schema version."""

    namespace: str
    prefix: str
    root: str
    feed: str | None
    item: XmlObject
    version_attribute: str | None

    def qname(self, local: str) -> str:
        """The Clark name (``{namespace}local``) of an element of the form."""
        return f"{{{self.namespace}}}{local}"

    def step(self, local: str) -> str:
        """The prefixed name used in XPaths and in output (``ni:local``)."""
        return f"{self.prefix}:{local}"


# --- schema helpers ---------------------------------------------------------------------------


def resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The chain of schema objects that apply to a value: ``node``, then what its ``$ref``
    points to, and so on (local ``#/...`` references only)."""
    chain: list[Mapping[str, Any]] = []
    current: Mapping[str, Any] | None = node
    while current is not None:
        if any(current is seen for seen in chain):
            raise MappingError("a $ref cycle in the schema")
        chain.append(current)
        ref = current.get("$ref")
        current = _deref(schema, ref) if isinstance(ref, str) else None
    return chain


def _deref(schema: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise MappingError(f"only local references are supported, not {ref!r}")
    target: Any = schema
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, Mapping) or part not in target:
            raise MappingError(f"unresolvable reference {ref!r}")
        target = target[part]
    if not isinstance(target, Mapping):
        raise MappingError(f"reference {ref!r} is not a schema object")
    return target


def lookup(schema: Mapping[str, Any], node: Mapping[str, Any], keyword: str) -> Any:
    """The first value of a keyword along the ``$ref`` chain of a node (None if absent)."""
    for part in resolve(schema, node):
        if keyword in part:
            return part[keyword]
    return None


def _value_type(schema: Mapping[str, Any], node: Mapping[str, Any], where: str) -> str:
    declared = lookup(schema, node, "type")
    if declared is None and lookup(schema, node, "const") is not None:
        declared = "string" if isinstance(lookup(schema, node, "const"), str) else None
    if not isinstance(declared, str):
        raise MappingError(f"{where}: a single JSON type is needed to map it to XML")
    return declared


# --- building the table -----------------------------------------------------------------------


def mapping_from_schema(schema: Mapping[str, Any]) -> XmlMapping:
    """Read the ``x-xml`` annotations of a schema into an ``XmlMapping``.

    Raises:
        MappingError: an annotation is missing, inconsistent or maps a shape XML cannot carry.
    """
    root = schema.get("x-xml")
    if not isinstance(root, Mapping):
        raise MappingError("the schema root has no x-xml annotation")
    for key in ("namespace", "prefix", "element"):
        if not isinstance(root.get(key), str) or not root[key]:
            raise MappingError(f"the root x-xml annotation needs {key!r}")
    feed = root.get("feed")
    feed_element = feed.get("element") if isinstance(feed, Mapping) else None
    item = _object(schema, schema, "$")
    if item.text is not None:
        raise MappingError("$: the root element cannot carry a value as text")
    version_attribute = None
    for f in item.attributes:
        if f.name == "newsitem":
            version_attribute = f.local
    return XmlMapping(
        namespace=str(root["namespace"]),
        prefix=str(root["prefix"]),
        root=str(root["element"]),
        feed=str(feed_element) if isinstance(feed_element, str) else None,
        item=item,
        version_attribute=version_attribute,
    )


def _object(schema: Mapping[str, Any], node: Mapping[str, Any], where: str) -> XmlObject:
    properties = lookup(schema, node, "properties")
    if not isinstance(properties, Mapping) or not properties:
        raise MappingError(f"{where}: an object needs properties to map to XML")
    if lookup(schema, node, "additionalProperties") is not False:
        # Without this the XML form could not say where an unknown property goes.
        raise MappingError(f"{where}: mapped objects must set additionalProperties: false")
    required = set(lookup(schema, node, "required") or ())
    fields = [
        _field(schema, name, prop, f"{where}.{name}", name in required)
        for name, prop in properties.items()
    ]
    fields.sort(key=lambda f: f.order)
    orders = [f.order for f in fields]
    if len(set(orders)) != len(orders):
        raise MappingError(f"{where}: two properties have the same x-xml order")
    by_attribute: dict[str, XmlField] = {}
    by_element: dict[str, XmlField] = {}
    texts = [f for f in fields if f.kind == "text"]
    for f in fields:
        table = by_attribute if f.kind == "attribute" else by_element
        if f.kind == "text":
            continue
        if f.local in table:
            raise MappingError(f"{where}: two properties map to the same XML name {f.local!r}")
        table[f.local] = f
    if len(texts) > 1:
        raise MappingError(f"{where}: at most one property can be the element's text")
    if texts and by_element:
        raise MappingError(f"{where}: an element with text cannot also have child elements")
    return XmlObject(
        fields=tuple(fields),
        by_name={f.name: f for f in fields},
        by_attribute=by_attribute,
        by_element=by_element,
        text=texts[0] if texts else None,
    )


def _field(
    schema: Mapping[str, Any],
    name: str,
    prop: Mapping[str, Any],
    where: str,
    required: bool,
) -> XmlField:
    note = prop.get("x-xml")
    if not isinstance(note, Mapping):
        raise MappingError(f"{where}: no x-xml annotation")
    order = note.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        raise MappingError(f"{where}: x-xml needs an integer 'order'")
    kinds = [k for k in ("attribute", "element", "text") if note.get(k)]
    if len(kinds) != 1:
        raise MappingError(f"{where}: x-xml needs exactly one of attribute, element, text")
    kind: Kind = kinds[0]  # type: ignore[assignment]
    local = "" if kind == "text" else note[kind]
    if kind != "text" and not isinstance(local, str):
        raise MappingError(f"{where}: the x-xml {kind} must be a name")
    declared = _value_type(schema, prop, where)
    item = note.get("item")
    members: XmlObject | None = None
    if declared == "array":
        if kind != "element" or not isinstance(item, str) or not item:
            raise MappingError(f"{where}: a list maps to an element with an 'item' name")
        items = lookup(schema, prop, "items")
        if not isinstance(items, Mapping):
            raise MappingError(f"{where}: a list needs an 'items' schema")
        value_type = _value_type(schema, items, f"{where}[]")
        if value_type == "object":
            members = _object(schema, items, f"{where}[]")
        node = items
    else:
        if item is not None:
            raise MappingError(f"{where}: 'item' is only for lists")
        value_type = declared
        if value_type == "object":
            if kind != "element":
                raise MappingError(f"{where}: an object maps to an element")
            members = _object(schema, prop, where)
        node = prop
    if value_type not in (*_SCALARS, "object"):
        raise MappingError(f"{where}: JSON type {value_type!r} has no XML mapping")
    if kind != "element" and value_type == "object":
        raise MappingError(f"{where}: only elements can hold objects")
    return XmlField(
        name=name,
        kind=kind,
        local=str(local),
        order=order,
        required=required,
        value_type=value_type,  # type: ignore[arg-type]
        schema=prop,
        item=item if isinstance(item, str) else None,
        members=members,
        collapse=_collapses(schema, node, value_type),
    )


def _collapses(schema: Mapping[str, Any], node: Mapping[str, Any], value_type: str) -> bool:
    """Whether the value's XSD type collapses whitespace (every built-in but xs:string)."""
    if value_type in ("integer", "number", "boolean"):
        return True
    return value_type == "string" and lookup(schema, node, "format") == "date-time"


@cache
def default_mapping(version: str = CURRENT_VERSION) -> XmlMapping:
    """The mapping of a packaged schema version (built once per process)."""
    return mapping_from_schema(load_schema(version))


# --- documentation ----------------------------------------------------------------------------


def element_table(mapping: XmlMapping) -> str:
    """A Markdown table of the XML form: one row per field, in document order (SPEC.md)."""
    rows = [
        "| JSON field | XML | Required | Repeats | Order |",
        "|---|---|---|---|---|",
    ]

    def walk(obj: XmlObject, json_prefix: str, xml_prefix: str) -> None:
        for f in obj.fields:
            json_name = f"{json_prefix}{f.name}"
            if f.kind == "attribute":
                where = f"{xml_prefix}/@{f.local}"
            elif f.kind == "text":
                where = f"{xml_prefix}/text()"
            else:
                where = f"{xml_prefix}/{mapping.step(f.local)}"
            repeats = "no"
            if f.item is not None:
                where += f"/{mapping.step(f.item)}"
                json_name += "[]"
                repeats = "one per value"
            required = "yes" if f.required else "no"
            rows.append(f"| `{json_name}` | `{where}` | {required} | {repeats} | {f.order} |")
            if f.members is not None:
                walk(f.members, json_name + ".", where)

    walk(mapping.item, "", mapping.step(mapping.root))
    return "\n".join(rows) + "\n"
