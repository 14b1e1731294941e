"""Semantic rules: one function per rule, each with its code."""

from __future__ import annotations

from typing import Any

from newsitem import rules

BASE: dict[str, Any] = {"newsitem": "1.0", "headline": "H", "body": ["Text."]}


def _codes(rule: rules.Rule, doc: dict[str, Any]) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(code, path) for code, _, path in rule(doc)]


def test_updated_before_published_compares_instants() -> None:
    """NI301 compares instants across offsets, not strings."""
    doc = {**BASE, "published": "2025-01-01T12:00:00+02:00", "updated": "2025-01-01T11:00:00Z"}
    assert _codes(rules.updated_not_before_published, doc) == []
    doc["updated"] = "2025-01-01T09:59:59Z"
    assert _codes(rules.updated_not_before_published, doc) == [("NI301", ("updated",))]


def test_updated_rule_handles_nanoseconds() -> None:
    """Every fraction digit counts: 100 ns after the second is earlier than 900 ns (NI301)."""
    doc = {
        **BASE,
        "published": "2025-01-01T12:00:00.000000900Z",
        "updated": "2025-01-01T12:00:00.000000100Z",
    }
    assert _codes(rules.updated_not_before_published, doc) == [("NI301", ("updated",))]
    doc["updated"] = "2025-01-01T12:00:00.0000009Z"  # the same instant, fewer digits
    assert _codes(rules.updated_not_before_published, doc) == []


def test_line_breaks_other_than_lf_are_ni213() -> None:
    """CR in a paragraph and U+2028/U+2029/NEL anywhere are NI213; LF alone is fine."""
    doc = {**BASE, "body": ["line one\r\nline two", "fine\nline"], "headline": "a\u2028b"}
    assert _codes(rules.line_breaks_are_lf, doc) == [
        ("NI213", ("headline",)),
        ("NI213", ("body", 0)),
    ]
    doc = {**BASE, "rights": {"notice": "x\x85y"}, "extra": [{"label": "L", "value": "a\u2029"}]}
    assert _codes(rules.line_breaks_are_lf, doc) == [
        ("NI213", ("rights", "notice")),
        ("NI213", ("extra", 0, "value")),
    ]


def test_updated_rule_ignores_bad_dates() -> None:
    """Malformed dates are the schema's business, not NI301's."""
    doc = {**BASE, "published": "later", "updated": "2025-01-01T00:00:00Z"}
    assert _codes(rules.updated_not_before_published, doc) == []


def test_empty_line_in_paragraph_and_notice() -> None:
    """NI303 flags empty lines in paragraphs and in the rights notice, CRLF included."""
    doc = {**BASE, "body": ["a\nb", "a\r\n \r\nb"], "rights": {"notice": "x\n\ny"}}
    assert _codes(rules.no_empty_line_in_paragraph, doc) == [
        ("NI303", ("body", 1)),
        ("NI303", ("rights", "notice")),
    ]


def test_extra_label_separator() -> None:
    """NI304 flags ': ' in a label but not a bare colon."""
    doc = {**BASE, "extra": [{"label": "a:b", "value": "x"}, {"label": "a: b", "value": "x"}]}
    assert _codes(rules.extra_label_has_no_separator, doc) == [("NI304", ("extra", 1, "label"))]


def test_extra_label_reserved_any_case_and_synonym() -> None:
    """NI305 matches labels and synonyms of fixed fields, ignoring case and spacing."""
    doc = {
        **BASE,
        "extra": [
            {"label": "REGIONS  &  LOCATIONS", "value": "x"},
            {"label": "Topic", "value": "x"},
            {"label": "Byline", "value": "x"},
        ],
    }
    assert _codes(rules.extra_label_not_reserved, doc) == [
        ("NI305", ("extra", 0, "label")),
        ("NI305", ("extra", 1, "label")),
    ]


def test_case_only_duplicates_warn() -> None:
    """NI350 flags a value that differs from an earlier one only in case."""
    doc = {**BASE, "regions": ["Asia", "ASIA", "Europe"]}
    assert _codes(rules.list_values_differ_in_more_than_case, doc) == [("NI350", ("regions", 1))]


def test_first_paragraph_headline() -> None:
    """NI351 flags a body that opens with the headline."""
    assert _codes(rules.first_paragraph_is_not_headline, {**BASE, "body": ["H"]}) == [
        ("NI351", ("body", 0))
    ]


def test_rules_tolerate_wrong_types() -> None:
    """Rules skip fields of the wrong type instead of crashing."""
    doc = {"body": 3, "extra": "x", "rights": [], "topics": {"a": 1}, "published": 5}
    assert list(rules.check(doc)) == []


def test_every_rule_cites_spec_and_code() -> None:
    """Each rule's docstring names its code and the SPEC section."""
    from newsitem.issues import CODES

    for rule in rules.RULES:
        doc = rule.__doc__ or ""
        code = doc.split(" ")[0]
        assert code in CODES, rule.__name__
        assert "SPEC §" in doc, rule.__name__


def test_screen_passes_typical_documents() -> None:
    """cannot_fire is True for a typical valid document (so the fast path is taken) and False
    as soon as a rule could fire."""
    doc = {
        **BASE,
        "published": "2025-01-01T10:00:00Z",
        "updated": "2025-01-01T11:00:00Z",
        "topics": ["Politics", "Economy"],
        "extra": [{"label": "Byline", "value": "x"}],
        "rights": {"notice": "Copyright."},
    }
    assert rules.cannot_fire(doc)
    assert not rules.cannot_fire({**doc, "topics": ["Politics", "politics"]})
    assert not rules.cannot_fire({**doc, "updated": "2025-01-01T09:00:00Z"})
    assert not rules.cannot_fire({**doc, "extra": [{"label": "Topic", "value": "x"}]})
