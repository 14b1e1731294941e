"""Round trips and robustness of the text form on generated items and generated text."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from newsitem.codecs import text_codec
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.model import NewsItem
from tests.strategies import canonical_texts, news_items, raw_pages


@given(news_items())
def test_item_text_item_keeps_every_field(item: NewsItem) -> None:
    """loads(dumps(item)) gives the item back, field for field, with no warning."""
    assert not text_codec.LOSSY_FIELDS
    decoded = text_codec.load(text_codec.dumps(item))
    assert decoded.item == item
    assert decoded.warnings == ()


@given(canonical_texts())
def test_canonical_text_is_a_fixed_point(text: str) -> None:
    """dumps(loads(t)) == t for canonical text t, in strict mode too."""
    assert text_codec.dumps(text_codec.loads(text, mode="strict")) == text.encode()


@given(news_items())
def test_encode_decode_roundtrip(item: NewsItem) -> None:
    """decode(encode(item)) gives the item back (the codec protocol)."""
    assert text_codec.decode(text_codec.encode(item)).item == item


@given(st.text())
def test_arbitrary_text_raises_only_codec_errors(text: str) -> None:
    """Any text gives an item or a ParseError/InvalidNewsItem, never another exception."""
    with contextlib.suppress(ParseError, InvalidNewsItem):
        text_codec.loads(text)


@given(raw_pages())
def test_page_like_text_raises_only_codec_errors(text: str) -> None:
    """Page-like text (zones, chrome, trailers, CRLF) gives an item or a codec error."""
    with contextlib.suppress(ParseError, InvalidNewsItem):
        text_codec.loads(text, mode="lax")
    with contextlib.suppress(ParseError, InvalidNewsItem):
        text_codec.loads(text, mode="strict")


@given(st.binary())
def test_arbitrary_bytes_raise_only_codec_errors(data: bytes) -> None:
    """Any bytes give an item or a ParseError/InvalidNewsItem through decode and issues."""
    with contextlib.suppress(ParseError, InvalidNewsItem):
        text_codec.decode(data)
    assert isinstance(text_codec.issues(data), list)


@given(raw_pages())
def test_raw_read_is_stable_through_canonical_text(text: str) -> None:
    """Whatever a raw page reads as, its canonical text reads back as the same item."""
    try:
        item = text_codec.loads(text)
    except (ParseError, InvalidNewsItem):
        return
    assert text_codec.loads(text_codec.dumps(item)) == item
