"""The compiled fast validator (jsonschema-rs) and the reference validator (jsonschema) agree:
the fast path may decide valid/invalid only because they always give the same verdict."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from newsitem.model import NewsItem, to_dict
from newsitem.validate import _fast_validator, _reference_validator
from tests.strategies import news_items

_BAD_STRINGS = [
    "",
    " padded",
    "padded ",
    "tab\t",
    "line\nbreak",
    "bell\x07",
    "nbsp\u00a0",
    "\ufeffbom",
    "x\uffff",
]
_BAD_DATES = [
    "2025-02-30T10:00:00Z",
    "2025-01-01T10:00:00",
    "2025-01-01 10:00:00Z",
    "2016-12-31T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "2025-01-01T24:00:00Z",
    "2025-01-01T10:00:00+15:00",
    "2025-01-01t10:00:00z",
    "yesterday",
]


def _verdicts(doc: dict[str, Any]) -> tuple[bool, bool]:
    return bool(_fast_validator("1.0").is_valid(doc)), bool(
        _reference_validator("1.0").is_valid(doc)
    )


@given(news_items())
def test_agree_on_valid_items(item: NewsItem) -> None:
    """Both validators accept every generated valid item."""
    assert _verdicts(to_dict(item)) == (True, True)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A generated item with one constraint broken."""
    doc = to_dict(draw(news_items()))
    kind = draw(
        st.sampled_from(
            ["missing", "unknown", "string", "date", "duplicate", "empty-list", "type", "language"]
        )
    )
    if kind == "missing":
        del doc[draw(st.sampled_from(["headline", "body", "newsitem"]))]
    elif kind == "unknown":
        doc[draw(st.sampled_from(["summary", "Headline", "x-extra"]))] = "value"
    elif kind == "string":
        field = draw(st.sampled_from(["headline", "title", "provider", "service"]))
        doc[field] = draw(st.sampled_from(_BAD_STRINGS))
    elif kind == "date":
        doc[draw(st.sampled_from(["published", "updated"]))] = draw(st.sampled_from(_BAD_DATES))
    elif kind == "duplicate":
        doc["topics"] = ["Same", "Same"]
    elif kind == "empty-list":
        doc[draw(st.sampled_from(["body", "topics", "extra"]))] = []
    elif kind == "type":
        doc[draw(st.sampled_from(["headline", "body", "rights"]))] = 42
    else:
        doc["language"] = draw(st.sampled_from(["English", "en_GB", "e", "en-"]))
    return doc


@given(mutated())
def test_agree_on_mutated_items(doc: dict[str, Any]) -> None:
    """Both validators refuse every item with one broken constraint."""
    assert _verdicts(doc) == (False, False)
