"""Round trips of the JSON form on generated items."""

from __future__ import annotations

from hypothesis import given

from newsitem import is_valid, iter_issues
from newsitem.codecs import json_codec
from newsitem.model import NewsItem, from_dict, to_dict
from tests.strategies import news_items


@given(news_items())
def test_generated_items_are_valid(item: NewsItem) -> None:
    """Every generated item validates with no issue at all."""
    assert list(iter_issues(item)) == []
    assert is_valid(item)


@given(news_items())
def test_json_loads_dumps_roundtrip(item: NewsItem) -> None:
    """loads(dumps(item)) == item, and dumps is canonical (a second pass gives the same bytes)."""
    data = json_codec.dumps(item)
    again = json_codec.loads(data)
    assert again == item
    assert json_codec.dumps(again) == data


@given(news_items())
def test_dict_roundtrip(item: NewsItem) -> None:
    """from_dict(to_dict(item)) == item."""
    assert from_dict(to_dict(item)) == item


def _mutations(item: NewsItem) -> list[dict[str, object]]:
    """Documents that make each semantic rule fire (or nearly)."""
    base = to_dict(item)
    docs: list[dict[str, object]] = []
    if item.body:
        docs.append({**base, "body": [item.headline, *item.body]})
        docs.append({**base, "body": [item.body[0] + "\n\nmore"]})
        docs.append({**base, "body": [item.body[0] + "\r\nsame paragraph"]})
    docs.append({**base, "published": "2025-01-02T10:00:00Z", "updated": "2025-01-01T10:00:00Z"})
    docs.append(
        {**base, "published": "2025-01-02T10:00:00Z", "updated": "2025-01-02T10:00:00+01:00"}
    )
    docs.append({**base, "extra": [{"label": "Topics", "value": "x"}]})
    docs.append({**base, "extra": [{"label": "Note: x", "value": "x"}]})
    docs.append({**base, "topics": ["Politics", "POLITICS"]})
    docs.append({**base, "rights": {"notice": "a\n \nb"}})
    return docs


@given(news_items())
def test_rule_screen_never_hides_a_finding(item: NewsItem) -> None:
    """rules.cannot_fire never says True for a document on which a rule fires."""
    from newsitem import rules

    for doc in [to_dict(item), *_mutations(item)]:
        if rules.cannot_fire(doc):
            assert list(rules.check(doc)) == [], doc
