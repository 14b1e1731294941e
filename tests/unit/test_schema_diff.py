"""schema diff: 1.0 -> 1.1 is backward (items without text); every change class is caught."""

from __future__ import annotations

import copy
from typing import Any

from newsitem.schema_diff import diff, overall
from newsitem.schemas import load_schema


def _new() -> dict[str, Any]:
    return copy.deepcopy(load_schema("1.1"))


def test_1_0_to_1_1_is_backward_only_for_items_without_text() -> None:
    """1.0 -> 1.1 is backward because headline and body are no longer required; all else is full."""
    result = diff(load_schema("1.0"), load_schema("1.1"), "1.0", "1.1")
    assert result.klass == "backward"
    added = {c.path for c in result.changes if c.change == "added"}
    assert "/properties/urgency" in added
    assert "/properties/related" in added
    assert "/properties/rights/properties/license" in added
    assert sorted((c.path, c.text) for c in result.changes if c.klass != "full") == [
        ("/required", "'body' is no longer required"),
        ("/required", "'headline' is no longer required"),
    ]


def test_a_condition_the_old_required_fields_ensure_is_full() -> None:
    """anyOf/dependentRequired met by every old document are full; one that is not is breaking."""
    old = {"type": "object", "required": ["a"], "properties": {"a": {}, "b": {}}}
    new = {**old, "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}
    assert diff(old, new).klass == "full"
    assert diff(old, {**old, "dependentRequired": {"b": ["a"]}}).klass == "full"
    assert diff(old, {**old, "anyOf": [{"required": ["b"]}]}).klass == "breaking"
    assert diff(old, {**old, "dependentRequired": {"a": ["b"]}}).klass == "breaking"


def test_same_schema_has_no_change() -> None:
    """A schema compared with itself has no change and is full."""
    result = diff(load_schema("1.1"), load_schema("1.1"))
    assert result.changes == () and result.klass == "full"


def test_removed_field_is_breaking() -> None:
    """Removing a field is caught as breaking."""
    new = _new()
    del new["properties"]["title"]
    result = diff(load_schema("1.1"), new)
    assert [(c.path, c.klass) for c in result.changes] == [("/properties/title", "breaking")]
    assert result.klass == "breaking"


def test_new_required_field_is_forward_only() -> None:
    """A new required field: old consumers read new documents, not the reverse."""
    new = _new()
    new["properties"]["mood"] = {"type": "string", "x-xml": {"element": "mood", "order": 99}}
    new["required"] = [*new["required"], "mood"]
    result = diff(load_schema("1.1"), new)
    assert {c.klass for c in result.changes} == {"forward"}


def test_bounds_and_enums() -> None:
    """A larger maximum is backward, a smaller one forward; both at once are breaking."""
    looser, tighter = _new(), _new()
    looser["properties"]["headline"]["maxLength"] = 2000
    tighter["properties"]["urgency"]["maximum"] = 5
    assert diff(load_schema("1.1"), looser).klass == "backward"
    assert diff(load_schema("1.1"), tighter).klass == "forward"
    both = _new()
    both["properties"]["headline"]["maxLength"] = 2000
    both["properties"]["pub_status"]["enum"] = ["usable"]
    assert diff(load_schema("1.1"), both).klass == "breaking"


def test_pattern_change_is_judged_on_probes() -> None:
    """A pattern that refuses more ordinary strings is forward only."""
    new = _new()
    new["properties"]["language"]["pattern"] = "^[a-z]{2}$"
    (change,) = diff(load_schema("1.1"), new).changes
    assert (change.path, change.klass) == ("/properties/language/pattern", "forward")


def test_xml_rename_is_breaking() -> None:
    """Renaming an XML element changes the XML form: breaking."""
    new = _new()
    new["properties"]["dateline"]["x-xml"]["element"] = "placeline"
    assert diff(load_schema("1.1"), new).klass == "breaking"


def test_overall() -> None:
    """The class of several changes."""
    assert overall(["full", "full"]) == "full"
    assert overall(["full", "backward"]) == "backward"
    assert overall(["forward", "backward"]) == "breaking"
    assert overall([]) == "full"


def test_json_and_text_reports() -> None:
    """Both reports name each change with its class and end with the whole's class."""
    result = diff(load_schema("1.0"), load_schema("1.1"), "1.0", "1.1")
    data = result.to_dict()
    assert data["class"] == "backward" and data["old"] == "1.0"
    assert {"path", "change", "class", "text"} == set(data["changes"][0])
    assert result.to_text().endswith("1.0 -> 1.1: backward\n")
