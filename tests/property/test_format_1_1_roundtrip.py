"""Format 1.1 items round-trip through JSON, XML (valid against the 1.1 XSD) and text."""

from __future__ import annotations

from hypothesis import given, settings
from lxml import etree

from newsitem.codecs import json_codec, text_codec, xml_codec
from newsitem.model import NewsItem
from newsitem.validate import iter_issues
from newsitem.xsd import compiled_xsd
from tests.strategies import news_items_1_1


@settings(deadline=None, max_examples=60)
@given(news_items_1_1())
def test_json_and_xml_round_trip(item: NewsItem) -> None:
    """A generated 1.1 item is valid; JSON and XML loads(dumps(x)) == x; its XML is valid
    against the 1.1 XSD; JSON -> XML -> JSON gives the same bytes."""
    assert [i for i in iter_issues(item) if i.severity == "error"] == []
    assert NewsItem.from_dict(item.to_dict()) == item
    assert json_codec.loads(json_codec.dumps(item)) == item
    data = xml_codec.dumps(item)
    assert xml_codec.loads(data) == item
    assert compiled_xsd("1.1").validate(etree.fromstring(data))
    assert json_codec.dumps(xml_codec.loads(data)) == json_codec.dumps(item)


@settings(deadline=None, max_examples=60)
@given(news_items_1_1())
def test_canonical_text_round_trip(item: NewsItem) -> None:
    """text loads(dumps(x)) == x with no warning, and dumps(loads(t)) == t."""
    text = text_codec.dumps(item)
    decoded = text_codec.load(text)
    assert decoded.item == item
    assert decoded.warnings == ()
    assert text_codec.dumps(decoded.item) == text
