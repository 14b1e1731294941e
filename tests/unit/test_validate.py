"""Validation: codes, paths, lines and columns; the fast and reference validators agree."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsitem import InvalidNewsItem, is_valid, iter_issues, validate
from newsitem.model import NewsItem

BASE: dict[str, Any] = {"newsitem": "1.0", "headline": "H", "body": ["Text."]}


def _codes(doc: dict[str, Any]) -> list[str]:
    return sorted(i.code for i in iter_issues(doc))


def test_valid_minimal() -> None:
    """The three required fields make a valid item."""
    assert _codes(BASE) == []
    assert is_valid(BASE)


def test_location_line_and_column() -> None:
    """Issues of a document read from text carry the value's line and column."""
    source = '{\n  "newsitem": "1.0",\n  "headline": "H",\n  "body": ["ok", " bad"]\n}\n'

    issues = list(iter_issues(json.loads(source), source=source))
    assert [(i.code, i.path, i.line, i.column) for i in issues] == [("NI201", "$.body[1]", 4, 18)]


def test_missing_field_is_located_at_parent() -> None:
    """A missing required field points at the object that lacks it."""
    source = '{"newsitem": "1.0",\n "body": ["x"]}'

    (issue,) = iter_issues(json.loads(source), source=source)
    assert (issue.code, issue.path, issue.line, issue.column) == ("NI101", "$.headline", 1, 1)


def test_unknown_field_is_located_at_key() -> None:
    """An unknown field points at its key."""
    source = '{"newsitem": "1.0", "headline": "H", "body": ["x"],\n   "zzz": 1}'

    (issue,) = iter_issues(json.loads(source), source=source)
    assert (issue.code, issue.line, issue.column) == ("NI102", 2, 4)


def test_first_line_offset_for_json_lines() -> None:
    """first_line shifts reported lines (for items inside JSON Lines)."""
    source = '{"newsitem": "1.0", "headline": "", "body": ["x"]}'

    (issue,) = iter_issues(json.loads(source), source=source, first_line=41)
    assert (issue.code, issue.line) == ("NI200", 41)


def test_unknown_version_stops_validation() -> None:
    """An unknown version yields NI110 only: no schema applies."""
    assert _codes({**BASE, "newsitem": "2.0", "bogus": 1}) == ["NI110"]


def test_missing_version_still_validates_rest() -> None:
    """A missing version is NI110, and the rest is checked against the current schema."""
    doc = {k: v for k, v in BASE.items() if k != "newsitem"} | {"bogus": 1}
    assert _codes(doc) == ["NI102", "NI110"]


def test_one_issue_per_problem() -> None:
    """An empty string is one NI200, not also a pattern failure."""
    assert _codes({**BASE, "headline": ""}) == ["NI200"]


def test_bad_date_is_one_issue() -> None:
    """A bad date is one NI205 even though both format and pattern fail."""
    assert _codes({**BASE, "published": "soon"}) == ["NI205"]


def test_trailing_newline_is_not_trimmed() -> None:
    """'$' in schema patterns means end of string: a trailing newline is refused."""
    assert _codes({**BASE, "headline": "H\n"}) == ["NI201"]


def test_surrogates_from_python_data() -> None:
    """Python strings with lone surrogates are NI202 (the fast validator cannot judge them)."""
    assert _codes({**BASE, "headline": "a\ud800"}) == ["NI202"]


def test_validate_raises_with_errors_only() -> None:
    """validate raises InvalidNewsItem with errors, and passes items with warnings only."""
    validate({**BASE, "body": ["H"]})
    with pytest.raises(InvalidNewsItem) as info:
        validate({**BASE, "topics": []})
    assert [i.code for i in info.value.issues] == ["NI204"]


def test_model_items_are_validated() -> None:
    """A model item is validated through its JSON data."""
    assert is_valid(NewsItem(headline="H", body=("x",)))
    assert not is_valid(NewsItem(headline=" H", body=("x",)))


def test_wrong_type_message_names_types() -> None:
    """NI103 says what was expected and what was found."""
    (issue,) = iter_issues({**BASE, "topics": "Politics"})
    assert issue.code == "NI103"
    assert "array" in issue.message
    assert "string" in issue.message


def test_root_not_object() -> None:
    """Data that is not an object is NI104."""
    assert [i.code for i in iter_issues([])] == ["NI104"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("language", "en_GB", "NI206"),
        ("id", "a b", "NI211"),
        ("title", "x" * 1001, "NI207"),
        ("provider", "Two\nlines", "NI208"),
        ("service", "tab\tinside", None),
        ("published", "2025-01-01t10:00:00z", "NI205"),
    ],
)
def test_field_constraints(field: str, value: str, code: str | None) -> None:
    """Each field's constraint gives its own code."""
    assert _codes({**BASE, field: value}) == ([code] if code else [])
