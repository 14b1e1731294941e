"""Every limit option works end to end: the default refuses with NI108, a raised one admits."""

from __future__ import annotations

from pathlib import Path

from newsitem.codecs import json_codec, xml_codec
from tests.conftest import EXAMPLES
from tests.hostile.conftest import assert_clean, invoke

GOOD = (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()
LINE = json_codec.dumps_line(json_codec.loads(GOOD))


def test_max_items_jsonl(tmp_path: Path) -> None:
    """--max-items ends a JSON Lines feed with NI108 (exit 1) for validate and convert."""
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(LINE * 5)
    checked = invoke(["validate", str(feed), "--max-items", "3"])
    assert checked.status == 1
    assert "NI108" in checked.codes() and b"--max-items" in checked.out
    out = tmp_path / "out.jsonl"
    converted = invoke(["convert", str(feed), "--to", "jsonl", "-o", str(out), "--max-items", "3"])
    assert converted.status == 1
    assert "NI108" in converted.codes()
    assert out.read_bytes() == LINE * 3
    assert invoke(["validate", str(feed), "--max-items", "5"]).status == 0


def test_max_items_xml_feed(tmp_path: Path) -> None:
    """--max-items ends an XML feed with NI108 (exit 1) for validate and convert."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(xml_codec.dumps_feed([json_codec.loads(GOOD)] * 5))
    checked = invoke(["validate", str(feed), "--max-items", "3"])
    assert checked.status == 1
    assert "NI108" in checked.codes() and b"--max-items" in checked.out
    out = tmp_path / "out.jsonl"
    converted = invoke(["convert", str(feed), "--to", "jsonl", "-o", str(out), "--max-items", "3"])
    assert converted.status == 1
    assert out.read_bytes() == LINE * 3
    assert invoke(["validate", str(feed), "--max-items", "5"]).status == 0


def test_max_item_bytes_line_and_document(tmp_path: Path) -> None:
    """--max-item-bytes refuses a longer feed line or document with NI108 (the rest is read);
    raised past it, the same inputs are valid (exit 0)."""
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(LINE + LINE.replace(b"Sunday", b"Sunday" + b" evening" * 20) + LINE)
    single = tmp_path / "item.json"
    single.write_bytes(GOOD)
    small = str(len(LINE) + 5)
    for path, converting in ((feed, ["--to", "jsonl"]), (single, ["--to", "xml"])):
        checked = invoke(["validate", str(path), "--max-item-bytes", small])
        assert "NI108" in checked.codes(), checked.both
        assert checked.status == 1
        assert_clean(checked)
        converted = invoke(["convert", str(path), *converting, "--max-item-bytes", small])
        assert converted.status == 1
        assert "NI108" in converted.codes()
        assert invoke(["validate", str(path), "--max-item-bytes", str(len(GOOD) * 2)]).status == 0
