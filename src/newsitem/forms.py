"""The forms newsitem reads and writes, how a file's form is told, and which codec serves it.

A *form* is a wire format: a single-item form (``json``, ``xml``, ``text`` and the IPTC forms)
or a feed form holding many items (``jsonl``, ``xml-feed``, ``newsml-g2-message``). The form
of an input is forced by the user, taken from the file name, or sniffed from the first bytes;
``.gz`` is looked through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsitem.codecs.objects import IptcCodec, JsonCodec, TextCodec, XmlCodec
from newsitem.codecs.parquet_codec import ParquetCodec

if TYPE_CHECKING:
    from newsitem.codecs import Codec, FeedWriter
    from newsitem.model import NewsItem


@dataclass(frozen=True, slots=True)
class _ModuleFeed:
    """A feed form written by three functions of a module (imported on first use): the bytes
    before the first item, one item's part, the bytes after the last item. An empty name
    means nothing is written there (JSON Lines has no header or footer)."""

    module: str
    header_function: str
    item_function: str
    footer_function: str

    def _call(self, name: str, *args: NewsItem) -> bytes:
        if not name:
            return b""
        import importlib

        return bytes(getattr(importlib.import_module(self.module), name)(*args))

    def header(self) -> bytes:
        """The bytes before the first item."""
        return self._call(self.header_function)

    def item(self, item: NewsItem) -> bytes:
        """One item's part of the feed."""
        return self._call(self.item_function, item)

    def footer(self) -> bytes:
        """The bytes after the last item."""
        return self._call(self.footer_function)


#: JSON Lines: one compact JSON item per line, nothing around them.
_JSON_LINES = _ModuleFeed("newsitem.codecs.json_codec", "", "dumps_line", "")
#: An ``ni:newsFeed`` element around the items' canonical elements.
_XML_FEED = _ModuleFeed("newsitem.codecs.xml_codec", "feed_header", "feed_item", "feed_footer")
#: A NewsML-G2 ``newsMessage`` around one ``newsItem`` per item.
_G2_MESSAGE = _ModuleFeed(
    "newsitem.interop.newsml_g2", "message_header", "message_item", "message_footer"
)


@dataclass(frozen=True, slots=True)
class Form:
    """One wire form: its name, how files of it are named, and its codec.

    Attributes:
        codec: reads and writes one item of the form (for a feed form: one item of the feed).
        feed: for a feed form, how a stream of items is written; None for single-item forms.
    """

    name: str
    extension: str
    description: str
    codec: Codec = field(repr=False)
    feed: FeedWriter | None = field(default=None, repr=False)


_JSON = JsonCodec("json", "newsitem.codecs.json_codec", media_type="application/json")
_XML = XmlCodec("xml", "newsitem.codecs.xml_codec", media_type="application/xml")
_TEXT = TextCodec("text", "newsitem.codecs.text_codec", media_type="text/plain")
_NINJS1 = IptcCodec("ninjs1", "newsitem.interop.ninjs", "NINJS1", "application/json")
_NINJS2 = IptcCodec("ninjs", "newsitem.interop.ninjs", "NINJS2", "application/json")
_NINJS3 = IptcCodec("ninjs3", "newsitem.interop.ninjs", "NINJS3", "application/json")
_G2 = IptcCodec("newsml-g2", "newsitem.interop.newsml_g2", None, "application/vnd.iptc.g2+xml")
_NITF = IptcCodec("nitf", "newsitem.interop.nitf", None, "application/nitf+xml")
_PARQUET = ParquetCodec()

#: The one registry of forms, in the order the CLI lists them.
FORMS: dict[str, Form] = {
    f.name: f
    for f in (
        Form("json", ".json", "newsitem JSON, one item", _JSON),
        Form("jsonl", ".jsonl", "JSON Lines feed", _JSON, feed=_JSON_LINES),
        Form("xml", ".xml", "newsitem XML, one item", _XML),
        Form("xml-feed", ".xml", "newsitem XML feed", _XML, feed=_XML_FEED),
        Form("text", ".txt", "plain text of a page", _TEXT),
        Form("ninjs1", ".json", "IPTC ninjs 1.7", _NINJS1),
        Form("ninjs", ".json", "IPTC ninjs 2.3", _NINJS2),
        Form("ninjs3", ".json", "IPTC ninjs 3.2", _NINJS3),
        Form("newsml-g2", ".xml", "IPTC NewsML-G2 2.35", _G2),
        Form(
            "newsml-g2-message",
            ".xml",
            "IPTC NewsML-G2 newsMessage (a feed of items)",
            _G2,
            feed=_G2_MESSAGE,
        ),
        Form("nitf", ".xml", "IPTC NITF 3.6", _NITF),
        Form("parquet", ".parquet", "Apache Parquet: items as rows", _PARQUET),
    )
}

#: The IPTC forms (checked against IPTC's schemas when their folder is configured).
IPTC_FORMS: tuple[str, ...] = ("ninjs1", "ninjs", "ninjs3", "newsml-g2", "nitf")


def get_codec(form: str) -> Codec:
    """The codec of a form.

    Raises:
        UsageError: for a name that is not a form.
    """
    try:
        return FORMS[form].codec
    except KeyError:
        from newsitem.errors import UsageError

        raise UsageError(f"unknown form {form!r}; the forms are: " + ", ".join(FORMS)) from None


#: File extension -> the form it suggests; JSON and XML are refined by sniffing content.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "xml",
    ".txt": "text",
}

ARCHIVE_SUFFIXES: tuple[str, ...] = (".tar", ".tar.gz", ".tgz", ".zip")

NEWSITEM_NS = b"urn:newsitem:xml:1"
_ROOT = re.compile(rb"<(?!\?|!)(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)")


def form_from_name(name: str) -> str | None:
    """The form a file name suggests (``.gz`` looked through), or None."""
    lowered = name.lower().removesuffix(".gz")
    for ext, form in EXTENSIONS.items():
        if lowered.endswith(ext):
            return form
    return None


def is_archive(name: str) -> bool:
    """True for names of archives newsitem opens (tar, tar.gz, tgz, zip)."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def sniff(head: bytes, suggested: str | None = None) -> str:
    """Tell the form of a document from its first bytes (a few KiB are enough).

    Args:
        head: the start of the (decompressed) document.
        suggested: the form its name suggests, refined here (``.json`` may hold ninjs,
            ``.xml`` may hold a feed or NewsML-G2).
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        if suggested == "jsonl":
            return "jsonl"
        if b'"newsitem"' in head:
            return _json_or_lines(text)
        interop = _interop_sniff(head)
        if interop is not None:
            return interop
        return _json_or_lines(text)
    if text.startswith(b"<"):
        root = _root_element(text)
        if root == "newsFeed":
            return "xml-feed"
        if root == "newsItem" and NEWSITEM_NS in head:
            return "xml"
        interop = _interop_sniff(head)
        if interop is not None:
            return interop
        return "xml"
    if suggested in {"json", "jsonl", "xml"}:
        return suggested
    return "text"


def _json_or_lines(text: bytes) -> str:
    first, _, rest = text.partition(b"\n")
    if rest.lstrip().startswith(b"{") and first.rstrip().endswith(b"}"):
        return "jsonl"
    return "json"


def _root_element(text: bytes) -> str | None:
    pos = 0
    while True:
        start = text.find(b"<", pos)
        if start < 0:
            return None
        if text.startswith(b"<!--", start):
            end = text.find(b"-->", start)
            if end < 0:
                return None
            pos = end + 3
            continue
        match = _ROOT.match(text, start)
        if match is not None:
            return match.group(2).decode("ascii", "replace")
        pos = start + 1


def _interop_sniff(head: bytes) -> str | None:
    from newsitem.interop import sniff as iptc_sniff

    return iptc_sniff(head)
