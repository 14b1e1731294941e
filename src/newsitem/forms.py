"""The forms newsitem reads and writes, how a file's form is told, and which codec serves it.

A *form* is a wire format: a single-item form (``json``, ``xml``, ``text`` and the IPTC forms)
or a feed form holding many items (``jsonl``, ``xml-feed``). The form of an input is forced by
the user, taken from the file name, or sniffed from the first bytes; ``.gz`` is looked through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    """One wire form."""

    name: str
    extension: str
    feed: bool
    codec: str
    description: str


FORMS: dict[str, Form] = {
    f.name: f
    for f in (
        Form("json", ".json", False, "newsitem.codecs.json_codec", "newsitem JSON, one item"),
        Form("jsonl", ".jsonl", True, "newsitem.codecs.json_codec", "JSON Lines feed"),
        Form("xml", ".xml", False, "newsitem.codecs.xml_codec", "newsitem XML, one item"),
        Form("xml-feed", ".xml", True, "newsitem.codecs.xml_codec", "newsitem XML feed"),
        Form("text", ".txt", False, "newsitem.codecs.text_codec", "plain text of a page"),
        Form("ninjs", ".json", False, "newsitem.interop.ninjs", "IPTC ninjs 2.3"),
        Form("ninjs3", ".json", False, "newsitem.interop.ninjs", "IPTC ninjs 3.2"),
        Form("newsml-g2", ".xml", False, "newsitem.interop.newsml_g2", "IPTC NewsML-G2 2.35"),
        Form("nitf", ".xml", False, "newsitem.interop.nitf", "IPTC NITF 3.6"),
        Form("parquet", ".parquet", True, "newsitem.codecs.parquet_codec", "Apache Parquet table"),
    )
}

#: Forms an input can be read from (every form).
INPUT_FORMS: tuple[str, ...] = tuple(FORMS)

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
    try:
        from newsitem import interop
    except ImportError:  # pragma: no cover - the interop package ships with newsitem
        return None
    sniffer = getattr(interop, "sniff", None)
    if sniffer is None:
        return None
    found = sniffer(head)
    return found if isinstance(found, str) and found in FORMS else None
