"""The warnings of IPTC import: each says what was not taken as it stood, and where."""

from __future__ import annotations

import json
from pathlib import Path

import newsitem
from newsitem.codecs import ReadOptions
from newsitem.forms import FORMS

ITEM = newsitem.NewsItem(
    headline="Harbour reopens",
    body=("Ships sail again.",),
    published="2025-03-01T08:00:00Z",
    topics=("Shipping",),
)


def test_ni504_a_date_without_zone_is_kept_as_text() -> None:
    """A G2 firstCreated without a time zone is NI504 and kept in extra, not guessed."""
    data = newsitem.dumps(ITEM, "newsml-g2").replace(
        b"<firstCreated>2025-03-01T08:00:00Z<", b"<firstCreated>2025-03-01T08:00:00<"
    )
    decoded = FORMS["newsml-g2"].codec.load(data)
    assert "NI504" in [w.code for w in decoded.warnings]
    assert decoded.item.published is None
    assert "2025-03-01T08:00:00" in [e.value for e in decoded.item.extra]


def test_ni501_a_repeated_value_is_dropped_with_a_warning() -> None:
    """A subject given twice in ninjs is kept once, with NI501 naming the repeat."""
    doc = json.loads(newsitem.dumps(ITEM, "ninjs"))
    doc["subjects"].append(dict(doc["subjects"][0]))
    decoded = FORMS["ninjs"].codec.load(json.dumps(doc).encode())
    assert "NI501" in [w.code for w in decoded.warnings]
    assert decoded.item.topics == ("Shipping",)


def test_ni502_the_headline_from_a_slugline_is_said() -> None:
    """A ninjs document without headlines takes its slugline as headline, with NI502."""
    doc = json.loads(newsitem.dumps(ITEM, "ninjs"))
    del doc["headlines"]
    doc["slugline"] = "harbour-reopens"
    decoded = FORMS["ninjs"].codec.load(json.dumps(doc).encode())
    assert "NI502" in [w.code for w in decoded.warnings]
    assert decoded.item.headline == "harbour-reopens"


def test_ni506_a_format_miss_in_ninjs_is_a_warning(anchors_dir: Path) -> None:
    """A ninjs uri that is not an RFC 3986 URI breaks only a format annotation: NI506, a
    warning, and the document still imports."""
    doc = json.loads(newsitem.dumps(ITEM, "ninjs"))
    doc["uri"] = "002 schema"
    data = json.dumps(doc).encode()
    found = FORMS["ninjs"].codec.issues(data, ReadOptions(iptc_schemas=anchors_dir))
    assert [i.code for i in found if i.code == "NI506"] == ["NI506"]
    assert all(i.severity == "warning" for i in found if i.code == "NI506")
