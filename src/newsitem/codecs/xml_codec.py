"""The XML form: the codec verbs (``loads``, ``dumps``, ``decode``, ``encode``, ``issues``).

The work lives in private modules, each driven by the mapping table of
``newsitem.xml_mapping`` (no field is named in any of them, so a new optional property in the
schema needs no code):

- ``_xml_write``: canonical output (SPEC §5.3);
- ``_xml_read``: the lenient reader, which reports every structural problem with an XPath;
- ``_xml_valid``: validation of one item element (a direct one-pass reader for the common case,
  the lenient reader and ``newsitem.validate`` for the rest);
- ``_xml_feed``: feeds, written and read as streams.

The names of those modules that other code uses are exported here too.
"""

from __future__ import annotations

from newsitem import _xmlsafe
from newsitem.codecs import Decoded
from newsitem.codecs._xml_feed import (
    FeedEntry,
    dumps_feed,
    feed_footer,
    feed_header,
    feed_item,
    iter_feed,
    write_feed,
)
from newsitem.codecs._xml_read import Converted, XmlLocator, as_bytes, split, xml_to_document
from newsitem.codecs._xml_valid import check_item
from newsitem.codecs._xml_write import DECLARATION, document_to_xml, write_item
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.issues import Issue
from newsitem.model import NewsItem
from newsitem.model import from_valid as from_dict
from newsitem.xml_mapping import default_mapping

__all__ = [
    "LOSSY_FIELDS",
    "Converted",
    "FeedEntry",
    "XmlLocator",
    "decode",
    "document_to_xml",
    "dumps",
    "dumps_feed",
    "encode",
    "feed_footer",
    "feed_header",
    "feed_item",
    "issues",
    "iter_feed",
    "loads",
    "write_feed",
    "xml_to_document",
]

#: The XML form carries every field.
LOSSY_FIELDS: frozenset[str] = frozenset()


def dumps(item: NewsItem) -> bytes:
    """The canonical XML form of an item (UTF-8 bytes, ending in a newline).

    Raises:
        ConversionError: a value holds a character XML 1.0 cannot carry.
    """
    m = default_mapping(item.version)
    return (DECLARATION + write_item(item, m, "", declare=True)).encode("utf-8")


def encode(item: NewsItem) -> bytes:
    """The canonical XML bytes of an item (the codec protocol of ``newsitem.codecs``)."""
    return dumps(item)


def issues(data: bytes | str) -> list[Issue]:
    """Every issue of one XML document: its parse error, or its validation issues, each with
    an XPath and a source line. A feed document gives the issues of all its items."""
    raw = as_bytes(data)
    try:
        tree = _xmlsafe.parse(raw)
    except ParseError as exc:
        return [exc.issue]
    root = tree.getroot()
    m = default_mapping()
    if m.feed is not None and isinstance(root.tag, str) and split(root.tag)[1] == m.feed:
        return [issue for entry in iter_feed(raw, items=False) for issue in entry.issues]
    return check_item(root)[1]


def decode(data: bytes) -> Decoded:
    """Parse and validate one XML item (the codec protocol of ``newsitem.codecs``).

    Raises:
        ParseError: not well-formed, a forbidden construct (NI106), a limit (NI108), or a
            root that is not an item element (NI104).
        InvalidNewsItem: the item breaks the format; ``issues`` holds every error.
    """
    tree = _xmlsafe.parse(as_bytes(data))
    value, found = check_item(tree.getroot())
    errors = [i for i in found if i.severity == "error"]
    if value is None:
        raise ParseError(errors[0])
    if errors:
        raise InvalidNewsItem(errors)
    return Decoded(from_dict(value), tuple(found))


def loads(data: bytes | str) -> NewsItem:
    """Parse and validate one XML news item.

    Raises:
        ParseError: the input is not an XML item document (see ``decode``).
        InvalidNewsItem: the document breaks the format; ``issues`` has every problem.
    """
    return decode(as_bytes(data)).item
