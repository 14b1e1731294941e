"""Deterministic corpora for the engine tests: the example articles, renumbered, with invalid
and blank lines at known places."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsitem.codecs import json_codec, xml_codec
from newsitem.model import NewsItem
from tests.conftest import EXAMPLES

#: Lines (0-based, among the items) replaced by something invalid, and what replaces them.
BROKEN = {
    7: b'{"newsitem": "1.0", "headline": " padded", "body": ["Text."]}',
    301: b"{not json",
    555: b'{"newsitem": "1.0", "body": ["No headline."]}',
}


def items(count: int) -> list[NewsItem]:
    """``count`` valid items made from the example articles, each with its own id."""
    base = [
        json_codec.loads(p.read_bytes()) for p in sorted((EXAMPLES / "articles").glob("*.json"))
    ]
    return [
        dataclasses.replace(base[i % len(base)], id=f"urn:test:{i}", headline=f"Item {i}")
        for i in range(count)
    ]


def write_jsonl(path: Path, count: int, *, broken: bool = True) -> Path:
    """A JSON Lines feed of ``count`` lines (some invalid, a few blank lines between)."""
    lines = [json_codec.dumps_line(i) for i in items(count)]
    if broken:
        for index, data in BROKEN.items():
            if index < count:
                lines[index] = data + b"\n"
        for index in range(100, count, 250):
            lines[index] += b"\n   \n"
    path.write_bytes(b"".join(lines))
    return path


def write_xml_feed(path: Path, count: int, *, broken: bool = True) -> Path:
    """An XML feed of ``count`` items; with ``broken``, items 8 and 302 have padded headlines."""
    data = xml_codec.dumps_feed(items(count))
    if broken:
        for number in (302, 8):
            if number <= count:
                data = data.replace(
                    f"<ni:headline>Item {number - 1}<".encode(),
                    f"<ni:headline> Item {number - 1}<".encode(),
                )
    path.write_bytes(data)
    return path
