"""Splitting glued list values (newsitem.text.split)."""

from __future__ import annotations

import pytest

from newsitem.text.split import glue_points, split_glued, split_value


def _values(value: str, field: str) -> list[str]:
    return [p.text for g in split_value(value, field) for p in g.pieces]


def test_vocabulary_split_of_content_types() -> None:
    """TextVideo splits into Text and Video by vocabulary."""
    glued = split_glued("TextVideo", "content_types")
    assert [p.text for p in glued.pieces] == ["Text", "Video"]
    assert glued.how == "vocabulary"


def test_vocabulary_split_of_multiword_terms() -> None:
    """Multi-word terms are found whole: Reuters Platform, World News Express."""
    glued = split_glued("Reuters PlatformWorld News Express", "platforms")
    assert [(p.text, p.offset) for p in glued.pieces] == [
        ("Reuters Platform", 0),
        ("World News Express", 16),
    ]
    assert glued.how == "vocabulary"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("Europe / Middle East / Africa", "regions"),
        ("Business & Finance", "topics"),
        ("iPhone", "topics"),
        ("McDonald's", "topics"),
        ("McDonald’s", "topics"),
        ("YouTube", "platforms"),
        ("PlayStation", "platforms"),
        ("YouTube Premium", "platforms"),
        ("McAllister Holdings", "topics"),
        ("eBay", "platforms"),
        ("xAI", "topics"),
        ("O'Brien Foundation", "topics"),
        ("Text", "content_types"),
    ],
)
def test_values_that_are_never_split(value: str, field: str) -> None:
    """Slashes, ampersands and words with inner capitals keep a value whole."""
    assert _values(value, field) == [value]
    assert all(g.how == "whole" for g in split_value(value, field))


def test_fallback_split_is_marked_as_a_guess() -> None:
    """Unknown glued words split at lowercase-uppercase boundaries, marked as fallback."""
    glued = split_glued("Harbour WorksCity Council", "topics")
    assert [p.text for p in glued.pieces] == ["Harbour Works", "City Council"]
    assert glued.how == "fallback"


def test_fallback_does_not_split_inside_protected_words() -> None:
    """Protected words stay whole even when glued to unknown values."""
    assert _values("iPhone AppRetail WireMcDonald's Partner Feed", "platforms") == [
        "iPhone App",
        "Retail Wire",
        "McDonald's Partner Feed",
    ]
    assert _values("YouTubeStarboard Feed", "platforms") == ["YouTube", "Starboard Feed"]


def test_known_term_next_to_unknown_text_is_a_fallback() -> None:
    """A split that leaves any unknown piece counts as a guess."""
    glued = split_glued("TextPanorama", "content_types")
    assert [p.text for p in glued.pieces] == ["Text", "Panorama"]
    assert glued.how == "fallback"


def test_explicit_separators_split_without_guessing() -> None:
    """Semicolons, pipes, bullets and comma-space separate values; each part may be glued."""
    groups = split_value("Politics, Economy; Crime | TextVideo", "topics")
    assert [[p.text for p in g.pieces] for g in groups] == [
        ["Politics"],
        ["Economy"],
        ["Crime"],
        ["Text", "Video"],
    ]
    assert [g.offset for g in groups] == [0, 10, 19, 27]


def test_glue_points_need_a_lowercase_digit_or_closer_before_a_capital() -> None:
    """A capital after a space or another capital is no glue point."""
    assert glue_points("ABC Def") == []
    assert glue_points("abcDef") == [3]
    assert glue_points("Route 66Diner") == [8]


def test_long_values_split_fast() -> None:
    """A 20,000-character glued value is split in linear-ish time without error."""
    value = "TextVideo" * 2000 + "Unknownword" * 100
    pieces = [p.text for g in split_value(value, "content_types") for p in g.pieces]
    assert pieces[:2] == ["Text", "Video"]
    assert len(pieces) == 4100
