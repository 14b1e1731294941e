"""The value rules (newsitem.values): one definition, equal to the schema's patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsitem import values
from newsitem.schemas import load_schema
from tests.strategies import edge_texts


def _ecma(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


def test_language_and_datetime_patterns_are_the_schemas() -> None:
    """The language and date-time patterns are the ones the 1.0 schema states."""
    schema = load_schema("1.0")
    assert schema["properties"]["language"]["pattern"] == values.LANGUAGE_PATTERN
    assert schema["$defs"]["datetime"]["pattern"] == values.DATETIME_PATTERN


@given(edge_texts())
def test_line_and_text_agree_with_the_schema_patterns_where_the_schema_speaks(text: str) -> None:
    """Whatever the schema's line/text patterns refuse, is_line/is_text refuse too; they refuse
    more only for what SPEC states as rules (NI213 breaks, NI303 empty lines)."""
    schema = load_schema("1.0")["$defs"]
    if not _ecma(schema["line"]["pattern"]).search(text) or not text:
        assert not values.is_line(text)
    if not _ecma(schema["text"]["pattern"]).search(text) or not text:
        assert not values.is_text(text)
    if values.is_text(text):
        assert not values.has_non_lf_break(text)
        assert not values.has_empty_line(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "NI200"),
        (" lead", "NI201"),
        ("trail\u00a0", "NI201"),
        ("bell\x07", "NI202"),
        ("two\nlines", "NI208"),
        ("two\u2028lines", "NI208"),
        ("fine – “quoted”", None),
    ],
)
def test_line_problems(text: str, problem: str | None) -> None:
    """line_problem names the code of the first defect of a single-line value."""
    found = values.line_problem(text)
    assert (found[0] if found else None) == problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("one\ntwo", None),
        ("one\r\ntwo", "NI213"),
        ("one\rtwo", "NI213"),
        ("one\x85two", "NI213"),
        ("one\u2029two", "NI213"),
        ("one\n\ntwo", "NI303"),
        ("one\n \t\u00a0\u3000\ntwo", "NI303"),
        ("one\n\u200bx\ntwo", None),  # a zero-width space is not White_Space: the line has text
    ],
)
def test_text_problems(text: str, problem: str | None) -> None:
    """text_problem: LF breaks are fine; other breaks are NI213; a blank line is NI303."""
    found = values.text_problem(text)
    assert (found[0] if found else None) == problem


def test_split_paragraphs_normalises_breaks_and_trims() -> None:
    """Readers of other forms get valid paragraphs: breaks made LF, split at empty lines."""
    assert values.split_paragraphs(" One\r\nline.\r\n\r\n\u2028Two\x07. \n \n") == [
        "One\nline.",
        "Two.",
    ]
    assert all(values.is_text(p) for p in values.split_paragraphs("a\u2029b\x85\x85c"))


def test_collapse_makes_one_line() -> None:
    """collapse turns any text into a valid single-line value."""
    assert values.collapse("  By\u2028JANE\n\tDOE\x01 ") == "By JANE DOE"


def test_instant_keeps_every_fraction_digit() -> None:
    """instant orders date-times exactly, to the nanosecond, across offsets."""
    a = values.instant("2025-01-01T12:00:00.000000100Z")
    b = values.instant("2025-01-01T12:00:00.0000009Z")
    c = values.instant("2025-01-01T14:00:00.0000009+02:00")
    assert a is not None and b is not None
    assert a < b == c
    assert values.instant("2025-02-30T00:00:00Z") is None
    assert values.instant("2025-01-01T00:00:60Z") is None


@given(st.datetimes(timezones=st.timezones()))
def test_datetime_text_is_a_valid_datetime(moment: object) -> None:
    """datetime_text writes aware datetimes as date-times the format accepts."""
    from datetime import datetime

    assert isinstance(moment, datetime)
    if moment.utcoffset() is None or abs(moment.utcoffset().total_seconds()) > 14 * 3600:  # type: ignore[union-attr]
        return
    if moment.utcoffset().total_seconds() % 60:  # type: ignore[union-attr]
        return  # RFC 3339 offsets have whole minutes
    assert values.is_datetime(values.datetime_text(moment))


def test_naive_datetime_is_refused() -> None:
    """A naive datetime names no instant: datetime_text refuses it."""
    from datetime import datetime

    with pytest.raises(ValueError, match="time zone"):
        values.datetime_text(datetime(2025, 1, 1))
