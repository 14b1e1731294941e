"""The XML mapping table read from the schema's x-xml annotations."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from newsitem.schemas import load_schema
from newsitem.xml_mapping import (
    MappingError,
    default_mapping,
    element_table,
    mapping_from_schema,
)
from tests.conftest import ROOT


def _schema() -> dict[str, Any]:
    return copy.deepcopy(load_schema("1.0"))


def test_root_annotation_is_read() -> None:
    """The namespace, prefix, root element, feed element and version attribute come from the
    schema root."""
    m = default_mapping("1.0")
    assert (m.namespace, m.prefix, m.root, m.feed) == (
        "urn:newsitem:xml:1",
        "ni",
        "newsItem",
        "newsFeed",
    )
    assert m.version_attribute == "version"
    assert m.qname("body") == "{urn:newsitem:xml:1}body"
    assert m.step("body") == "ni:body"


def test_every_property_is_mapped_in_order() -> None:
    """Each schema property has one field, sorted by its x-xml order."""
    m = default_mapping("1.0")
    names = [f.name for f in m.item.fields]
    assert names == list(load_schema("1.0")["properties"])
    assert [f.order for f in m.item.fields] == sorted(f.order for f in m.item.fields)
    assert [f.local for f in m.item.attributes] == ["version", "id", "lang"]


def test_lists_nested_objects_and_text() -> None:
    """Lists name their item element; objects carry their members; a text field is the
    element's text."""
    m = default_mapping("1.0")
    body = m.item.by_name["body"]
    assert (body.local, body.item, body.members, body.required) == ("body", "p", None, True)
    rights = m.item.by_element["rights"]
    assert rights.members is not None
    assert [f.local for f in rights.members.elements] == ["notice", "holder", "url"]
    assert rights.members.by_name["notice"].required
    extra = m.item.by_name["extra"]
    assert extra.item == "field" and extra.members is not None
    assert extra.members.text is not None and extra.members.text.name == "value"
    assert extra.members.by_attribute["label"].name == "label"


def test_date_times_collapse_whitespace_and_strings_do_not() -> None:
    """Date-times (xs:dateTime) collapse whitespace on reading; plain strings keep it."""
    m = default_mapping("1.0")
    assert m.item.by_name["published"].collapse
    assert not m.item.by_name["headline"].collapse
    assert not m.item.by_name["id"].collapse


def test_extended_schema_maps_new_fields_without_code() -> None:
    """A new property with an x-xml annotation appears in the table with its type."""
    schema = _schema()
    schema["properties"]["urgency"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": 9,
        "x-xml": {"element": "urgency", "order": 17},
    }
    m = mapping_from_schema(schema)
    urgency = m.item.by_element["urgency"]
    assert (urgency.value_type, urgency.order, urgency.required, urgency.collapse) == (
        "integer",
        17,
        False,
        True,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["properties"]["title"].pop("x-xml"), "no x-xml"),
        (lambda s: s["properties"]["title"]["x-xml"].update(order=6), "same x-xml order"),
        (lambda s: s["properties"]["topics"]["x-xml"].pop("item"), "'item' name"),
        (lambda s: s["properties"]["title"]["x-xml"].update(element="headline"), "same XML"),
        (lambda s: s["properties"]["title"]["x-xml"].update(attribute="t"), "exactly one"),
        (lambda s: s.pop("x-xml"), "no x-xml annotation"),
        (lambda s: s["properties"]["title"].update({"$ref": "http://x/y"}), "local references"),
    ],
)
def test_bad_annotations_are_refused(change: Any, message: str) -> None:
    """An inconsistent or incomplete mapping raises MappingError naming the problem."""
    schema = _schema()
    change(schema)
    with pytest.raises(MappingError, match=message):
        mapping_from_schema(schema)


def test_element_table_lists_every_field() -> None:
    """The generated Markdown table has one row per field and nested member."""
    table = element_table(default_mapping("1.0"))
    assert "| `body[]` | `ni:newsItem/ni:body/ni:p` | yes | one per value | 9 |" in table
    assert "| `extra[].value` | `ni:newsItem/ni:extra/ni:field/text()` | yes |" in table
    assert table.count("\n") == 2 + 17 + 3 + 2


def test_spec_part_holds_the_generated_table() -> None:
    """SPEC.md §5 states the element table exactly as the mapping generates it."""
    spec = (ROOT / "SPEC.md").read_text(encoding="utf-8")
    assert element_table(default_mapping()) in spec
