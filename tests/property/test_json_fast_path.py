"""The fast path of the JSON codec agrees with the reference: jsonschema, the semantic rules
and an exact duplicate-key scan (issue 16, item 4)."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings

from newsitem import rules
from newsitem._jsonpos import scan
from newsitem.codecs import json_codec
from newsitem.validate import _fast_validator, _reference_validator
from tests.strategies import json_item_texts


def _reference(text: bytes) -> tuple[Any, bool]:
    """The parsed data (None when it is not a JSON object), and True when the reference finds
    nothing at all: no duplicate key, a known version, schema-valid, no rule finding."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None, False
    if not isinstance(data, dict):
        return None, False
    if scan(text.decode("utf-8")).duplicates:
        return data, False
    version = data.get("newsitem")
    if version not in ("1.0", "1.1"):
        return data, False
    clean = _reference_validator(version).is_valid(data) and not list(rules.check(data))
    return data, clean


def _plain(text: bytes) -> bool:
    return text.isascii() and b"\\" not in text


@settings(max_examples=150)
@given(json_item_texts())
def test_fast_path_accepts_only_what_the_reference_accepts(text: bytes) -> None:
    """A text the fast path accepts has no issue for the reference, and json_codec.issues
    finds none; a clean plain text the rules screen passes is accepted by the fast path."""
    data, clean = _reference(text)
    fast = json_codec._valid_fast(text)
    if fast is not None:
        assert clean, text
        assert fast == data
        assert json_codec.issues(text) == []
    elif clean and _plain(text) and rules.cannot_fire(data, breaks=False):
        raise AssertionError(f"a clean plain text left the fast path: {text!r}")


@settings(max_examples=150)
@given(json_item_texts())
def test_plain_schema_agrees_with_the_reference_on_plain_texts(text: bytes) -> None:
    """On the data of a plain text (ASCII, no backslash) the reduced schema of
    _plainschema gives the reference validator's verdict."""
    data, _ = _reference(text)
    if data is None or not _plain(text) or data.get("newsitem") not in ("1.0", "1.1"):
        return
    version = data["newsitem"]
    plain = bool(_fast_validator(version, True).is_valid(data))
    assert plain == bool(_reference_validator(version).is_valid(data)), text


@given(json_item_texts())
def test_duplicate_key_screen_never_misses_one(text: bytes) -> None:
    """Whenever the exact scan finds a duplicate key, the screen says "maybe"."""
    data, _ = _reference(text)
    if data is not None and scan(text.decode("utf-8")).duplicates:
        assert not json_codec._no_duplicate_keys(text, data), text


@given(json_item_texts())
def test_rule_screen_without_breaks_never_hides_a_finding(text: bytes) -> None:
    """On the data of a plain text, cannot_fire(breaks=False) says True only when no rule
    finds anything."""
    data, _ = _reference(text)
    if data is not None and _plain(text) and rules.cannot_fire(data, breaks=False):
        assert list(rules.check(data)) == [], text
