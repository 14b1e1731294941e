"""SPEC §4.2: canonical JSON escapes only what JSON requires, keys in schema order."""

from __future__ import annotations

from newsitem.codecs import json_codec
from newsitem.model import ExtraField, NewsItem, Rights


def test_minimal_escaping() -> None:
    """Quote, backslash, LF and tab are escaped; / < > & DEL and non-ASCII are written as is."""
    item = NewsItem(headline='Say "hi" \\ a/b <c> & d\x7fé\U0001f4f0', body=("one\ttwo\nthree",))
    text = json_codec.dumps(item).decode("utf-8")
    assert '"headline": "Say \\"hi\\" \\\\ a/b <c> & d\x7fé\U0001f4f0"' in text
    assert '"one\\ttwo\\nthree"' in text
    assert "\\u" not in text


def test_key_order_inside_objects() -> None:
    """rights and extra members follow the schema order, whatever order they were given in."""
    item = NewsItem(
        headline="H",
        body=("b",),
        rights={"license": "https://e.x/l", "url": "https://e.x/t", "notice": "n"},  # type: ignore[arg-type]
        extra=({"value": "v", "label": "L"},),  # type: ignore[arg-type]
    )
    text = json_codec.dumps(item).decode("utf-8")
    assert text.index('"notice"') < text.index('"url"') < text.index('"license"')
    assert text.index('"label"') < text.index('"value"')
    assert item.extra == (ExtraField(label="L", value="v"),)
    assert isinstance(item.rights, Rights)
