"""Generate a realistic benchmark corpus with a fixed seed (our own invented articles)."""

from __future__ import annotations

import random
from pathlib import Path

from newsitem.model import ExtraField, NewsItem, Rights

_WORDS = [
    "the",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "its",
    "plan",
    "for",
    "the",
    "harbour",
    "district",
    "would",
    "go",
    "ahead",
    "after",
    "a",
    "vote",
    "in",
    "which",
    "members",
    "backed",
    "new",
    "housing",
    "schools",
    "and",
    "a",
    "tram",
    "line",
    "while",
    "critics",
    "warned",
    "costs",
    "could",
    "rise",
    "as",
    "inflation",
    "eased",
    "and",
    "the",
    "central",
    "bank",
    "signalled",
    "a",
    "cut",
    "later",
    "this",
    "year",
    "police",
    "reported",
    "that",
    "the",
    "protest",
    "ended",
    "peacefully",
    "although",
    "some",
    "roads",
    "stayed",
    "closed",
    "until",
    "evening",
    "farmers",
    "asked",
    "for",
    "support",
    "after",
    "storms",
    "damaged",
    "crops",
    "in",
    "the",
    "northern",
    "valleys",
    "and",
    "the",
    "ministry",
    "promised",
    "an",
    "answer",
    "within",
    "weeks",
    "analysts",
    "expect",
    "exports",
    "to",
    "recover",
    "as",
    "demand",
    "from",
    "neighbouring",
    "markets",
    "improves",
]
_TOPICS = ["Politics", "Economy", "Business & Finance", "Sport", "Weather", "Crime", "Health"]
_REGIONS = ["Europe", "Asia", "Africa", "North America", "Europe / Middle East / Africa"]
_PLATFORMS = ["Northwind Desk", "Meridian Terminal", "Markets Express", "Regional Wire"]
_AGENCIES = ["Northwind Wire", "Meridian News Agency", "Valley Press Service"]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def make_item(rng: random.Random, index: int) -> NewsItem:
    """One item of about 3 KB with most fields filled in."""
    agency = rng.choice(_AGENCIES)
    headline = _sentence(rng, 6, 12).rstrip(".")
    day = rng.randint(1, 28)
    return NewsItem(
        id=f"urn:bench:item:{index}",
        language="en",
        title=f"{headline} - {agency}",
        provider=agency,
        headline=headline,
        published=f"2025-03-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
        updated=f"2025-03-{day:02d}T23:59:00Z",
        body=tuple(
            " ".join(_sentence(rng, 10, 22) for _ in range(3)) for _ in range(rng.randint(5, 9))
        ),
        rights=Rights(notice=f"Copyright {agency}. " + _sentence(rng, 15, 25)),
        content_types=("Text",) if rng.random() < 0.6 else ("Text", "Video"),
        topics=tuple(rng.sample(_TOPICS, rng.randint(1, 3))),
        platforms=tuple(rng.sample(_PLATFORMS, rng.randint(1, 2))),
        regions=tuple(rng.sample(_REGIONS, 1)),
        media_types=("Text",),
        extra=(ExtraField(label="Byline", value=f"Reporting by desk {index % 17}"),),
    )


def items(count: int, seed: int = 20251125) -> list[NewsItem]:
    """``count`` items, the same for the same seed."""
    rng = random.Random(seed)
    return [make_item(rng, i) for i in range(count)]


def write_corpus(root: Path, *, feed_items: int, files: int, pages: int) -> dict[str, Path]:
    """Write the JSONL feed, the XML feed, single JSON and XML files and raw text pages."""
    from newsitem.codecs import json_codec, xml_codec

    root.mkdir(parents=True, exist_ok=True)
    paths = {
        "jsonl": root / "feed.jsonl",
        "xml_feed": root / "feed.xml",
        "json_dir": root / "json",
        "xml_dir": root / "xml",
        "text_dir": root / "text",
    }
    stamp = root / f".done-{feed_items}-{files}-{pages}"
    if stamp.exists():
        return paths
    feed = items(feed_items)
    with paths["jsonl"].open("wb") as out:
        for item in feed:
            out.write(json_codec.dumps_line(item))
    with paths["xml_feed"].open("wb") as out:
        xml_codec.write_feed(feed, out)
    for key in ("json_dir", "xml_dir", "text_dir"):
        paths[key].mkdir(exist_ok=True)
    for i, item in enumerate(feed[:files]):
        (paths["json_dir"] / f"item-{i:05d}.json").write_bytes(json_codec.dumps(item))
        (paths["xml_dir"] / f"item-{i:05d}.xml").write_bytes(xml_codec.dumps(item))
    try:
        from newsitem.codecs import text_codec
    except ImportError:
        text_codec = None  # type: ignore[assignment]
    if text_codec is not None:
        for i, item in enumerate(feed[:pages]):
            (paths["text_dir"] / f"page-{i:05d}.txt").write_bytes(text_codec.encode(item))
    stamp.touch()
    return paths
