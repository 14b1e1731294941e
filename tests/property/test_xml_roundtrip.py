"""Round trips of the XML form, and agreement of the JSON Schema and the XSD, on generated
items and on mutations that break one constraint."""

from __future__ import annotations

import copy
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from newsitem import _xmlsafe
from newsitem.codecs import json_codec
from newsitem.codecs import xml_codec as xml
from newsitem.codecs._xml_valid import read_direct
from newsitem.codecs._xml_write import item_xml
from newsitem.model import NewsItem, to_dict
from newsitem.schemas import CURRENT_VERSION
from newsitem.validate import iter_issues
from newsitem.xml_mapping import default_mapping
from newsitem.xsd import compiled_xsd
from tests.strategies import news_items, xml_awkward_items, xml_tree_mutations


def _xsd_valid(data: bytes) -> bool:
    """The verdict of the XSD of the version the document (item or feed) declares."""
    tree = _xmlsafe.parse(data)
    version = tree.getroot().get("version")
    return bool(compiled_xsd(version or CURRENT_VERSION).validate(tree))


def _schema_valid(data: dict[str, Any]) -> bool:
    """The JSON Schema's verdict: no structural or value error (semantic rules NI3xx are
    outside both schemas)."""
    return not any(
        i.severity == "error" and not i.code.startswith("NI3") for i in iter_issues(data)
    )


@given(news_items())
def test_xml_loads_dumps_roundtrip(item: NewsItem) -> None:
    """loads(dumps(item)) == item, and dumps is canonical (a second pass gives the same bytes)."""
    data = xml.dumps(item)
    again = xml.loads(data)
    assert again == item
    assert xml.dumps(again) == data


@given(xml_awkward_items())
def test_markup_and_line_breaks_roundtrip(item: NewsItem) -> None:
    """Text full of markup characters, CDATA ends and LF line breaks survives XML."""
    assert xml.loads(xml.dumps(item)) == item


@given(news_items())
def test_json_to_xml_to_json_gives_identical_bytes(item: NewsItem) -> None:
    """JSON -> XML -> JSON reproduces the canonical JSON byte for byte."""
    json_bytes = json_codec.dumps(item)
    through_xml = xml.loads(xml.dumps(json_codec.loads(json_bytes)))
    assert json_codec.dumps(through_xml) == json_bytes


@given(news_items())
def test_generated_xml_validates_against_the_xsd(item: NewsItem) -> None:
    """Every generated item's XML is valid for the XSD and has no issue at all."""
    data = xml.dumps(item)
    assert _xsd_valid(data)
    assert xml.issues(data) == []


@given(st.lists(news_items(), max_size=5))
def test_feed_roundtrip(items: list[NewsItem]) -> None:
    """A feed written by write_feed validates against the XSD and streams back the items."""
    data = xml.dumps_feed(items)
    assert _xsd_valid(data)
    entries = list(xml.iter_feed(data))
    assert [e.item for e in entries] == items
    assert [e.index for e in entries] == list(range(len(items)))
    assert all(e.issues == [] for e in entries)


# --- agreement of the two schemas -------------------------------------------------------------

_STRING_PATHS: tuple[tuple[str | int, ...], ...] = (
    ("headline",),
    ("title",),
    ("id",),
    ("body", 0),
    ("rights", "notice"),
    ("topics", 0),
    ("extra", 0, "label"),
    ("extra", 0, "value"),
)
_BAD_DATES = (
    "2024-13-01T10:00:00Z",
    "2024-02-30T10:00:00Z",
    "2023-02-29T10:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T10:00:00",
    "2024-01-01 10:00:00Z",
    "2024-1-01T10:00:00Z",
    "yesterday",
    "",
)
_BAD_STRINGS = ("", " lead", "trail ", "\u00a0nbsp", "two\nlines")


def _ensure(data: dict[str, Any], path: tuple[str | int, ...]) -> None:
    """Give the document the container a path needs (a rights block, a topic, an extra)."""
    if path[0] == "rights" and "rights" not in data:
        data["rights"] = {"notice": "Notice"}
    if path[0] == "topics" and not data.get("topics"):
        data["topics"] = ["Topic"]
    if path[0] == "extra" and not data.get("extra"):
        data["extra"] = [{"label": "Label", "value": "Value"}]
    if path[0] in ("title", "id") and path[0] not in data:
        data[path[0]] = "x"


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@st.composite
def mutations(draw: st.DrawFn) -> tuple[dict[str, Any], bytes | None, str]:
    """A generated document with one constraint broken (or none), as JSON data and, where the
    mutation is a new element, as XML written by hand."""
    data = to_dict(draw(news_items()))
    kind = draw(
        st.sampled_from(
            ["none", "missing", "duplicate", "date", "string", "unknown", "empty-list", "long"]
        )
    )
    if kind == "missing":
        path = draw(st.sampled_from([("headline",), ("body",), ("rights", "notice")]))
        _ensure(data, path)
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]
    elif kind == "duplicate":
        name = draw(st.sampled_from(["topics", "regions", "content_types"]))
        data[name] = [*data.get(name, ["Value"]), data.get(name, ["Value"])[0]]
    elif kind == "date":
        data[draw(st.sampled_from(["published", "updated"]))] = draw(st.sampled_from(_BAD_DATES))
    elif kind == "string":
        path = draw(st.sampled_from(_STRING_PATHS))
        _ensure(data, path)
        _set(data, path, draw(st.sampled_from(_BAD_STRINGS)))
    elif kind == "empty-list":
        data[draw(st.sampled_from(["topics", "body", "extra"]))] = []
    elif kind == "long":
        data["id"] = "i" * 257
    elif kind == "unknown":
        clean = xml.document_to_xml(data)
        where = draw(st.sampled_from(["element", "attribute", "nested"]))
        if where == "element":
            hand = clean.replace(b"<ni:body>", b"<ni:colour>red</ni:colour>\n  <ni:body>", 1)
        elif where == "attribute":
            hand = clean.replace(b'1" version="1.0"', b'1" version="1.0" colour="red"', 1)
        else:
            hand = clean.replace(b"<ni:p>", b"<ni:p><ni:b>bold</ni:b>", 1)
        data["colour"] = "red"
        return data, hand, kind
    return data, None, kind


@given(mutations())
def test_json_schema_and_xsd_agree(case: tuple[dict[str, Any], bytes | None, str]) -> None:
    """For a valid item and for one broken constraint, the JSON Schema and the XSD give the
    same verdict, and the XML validator the same verdict as the JSON validator."""
    data, hand, kind = case
    document = hand if hand is not None else xml.document_to_xml(data)
    json_ok = _schema_valid(data)
    assert _xsd_valid(document) == json_ok, kind
    xml_errors = {
        i.code
        for i in xml.issues(document)
        if i.severity == "error" and not i.code.startswith("NI3")
    }
    assert (not xml_errors) == json_ok
    if hand is None:
        json_codes = {
            i.code
            for i in json_codec.issues(orjson.dumps(data))
            if i.severity == "error" and not i.code.startswith("NI3")
        }
        assert xml_errors == json_codes


# --- the direct reader and writer agree with the data reader and writer ------------------------

_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _mutate(root: etree._Element, changes: list[tuple[str, int]]) -> None:
    """Apply structural changes (from ``xml_tree_mutations``) to an item tree in place."""
    for change, index in changes:
        elements = list(root.iter(etree.Element))
        target = elements[index % len(elements)]
        ns = target.tag.partition("}")[0] + "}" if target.tag.startswith("{") else ""
        if change == "attribute":
            target.set("colour", "red")
        elif change == "xsi-type":
            target.set(f"{{{_XSI}}}type", "x")
        elif change == "schema-location":
            target.set(f"{{{_XSI}}}schemaLocation", "a b")
        elif change == "unknown-element":
            target.insert(0, etree.Element(f"{ns}bogus"))
        elif change == "comment":
            target.insert(0, etree.Comment("note"))
        elif change == "text":
            target.text = (target.text or "") + "x"
        elif change == "duplicate" and target.getparent() is not None:
            target.addnext(copy.deepcopy(target))
        elif change == "reorder" and len(target) > 1:
            target.insert(0, target[-1])
        elif change == "no-namespace":
            target.tag = target.tag.partition("}")[2] or target.tag
        elif change == "processing-instruction":
            target.append(etree.ProcessingInstruction("pi", "x"))


@given(st.one_of(news_items(), xml_awkward_items()))
def test_direct_writer_equals_the_data_writer(item: NewsItem) -> None:
    """The writer that reads the model directly gives the bytes of the dict-driven writer."""
    mapping = default_mapping(item.version)
    assert xml.dumps(item) == xml.document_to_xml(to_dict(item))
    assert xml.feed_item(item) == item_xml(to_dict(item), mapping, "  ").encode()


@given(st.one_of(news_items(), xml_awkward_items()), xml_tree_mutations())
def test_direct_reader_equals_the_lenient_reader(
    item: NewsItem, changes: list[tuple[str, int]]
) -> None:
    """Whenever the direct reader accepts an item tree (valid or mutated), the lenient reader
    finds no structural issue in it and reads the same data; on the unmutated tree it always
    accepts; and the codec's issues equal the lenient reference path's."""
    mapping = default_mapping(item.version)
    root = _xmlsafe.parse(xml.dumps(item)).getroot()
    _mutate(root, changes)
    direct = read_direct(root, mapping)
    lenient = xml.xml_to_document(root)
    if direct is not None:
        assert lenient.issues == []
        assert direct == lenient.data
    elif not changes:
        raise AssertionError("the direct reader refused an unmutated item")
    document = etree.tostring(root)
    reference = list(lenient.issues)
    if not any(i.code == "NI104" for i in reference):
        seen = {(i.code, i.path) for i in reference}
        for issue in iter_issues(lenient.data, locator=lenient.locator):
            if (issue.code, issue.path) not in seen:
                seen.add((issue.code, issue.path))
                reference.append(issue)
    assert [(i.code, i.path) for i in xml.issues(document)] == [(i.code, i.path) for i in reference]
