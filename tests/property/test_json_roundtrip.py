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
