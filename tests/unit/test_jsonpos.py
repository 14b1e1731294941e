"""The JSON position scanner behind line and column numbers."""

from __future__ import annotations

from newsitem._jsonpos import json_path, scan


def test_positions_of_nested_values() -> None:
    """Values in nested arrays and objects get their own line and column."""
    pos = scan('{"a": [1, {"b": "x"}],\n "c": null}')
    assert pos.values[("a", 1, "b")] == (1, 17)
    assert pos.values[("c",)] == (2, 7)
    assert pos.keys[("c",)] == (2, 2)


def test_strings_with_brackets_and_escapes() -> None:
    """Brackets and escaped quotes inside strings do not confuse the scanner."""
    pos = scan('{"a": "[{\\"]", "b": 2}')
    assert pos.values[("b",)] == (1, 21)


def test_duplicates_recorded() -> None:
    """A repeated key is recorded with its path and position."""
    assert scan('{"a": 1, "a": 2}').duplicates == [(("a",), 1, 10)]


def test_first_line_offset() -> None:
    """first_line shifts every line number."""
    assert scan('{"a": 1}', first_line=10).values[("a",)] == (10, 7)


def test_json_path_format() -> None:
    """Paths use dot notation for simple keys and brackets otherwise."""
    assert json_path(("body", 2)) == "$.body[2]"
    assert json_path(("odd key", "it's")) == "$['odd key']['it\\'s']"
    assert json_path(()) == "$"
