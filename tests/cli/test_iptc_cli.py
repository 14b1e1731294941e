"""The CLI with IPTC inputs and outputs: sniffing, schema location, conversion both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsitem.cli import app
from newsitem.codecs import json_codec
from tests.conftest import EXAMPLES

INTEROP = EXAMPLES / "interop"


def test_iptc_input_without_schemas_exits_2(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validating an IPTC file without the IPTC schemas is a usage error naming the fix."""
    monkeypatch.delenv("NEWSITEM_IPTC_SCHEMAS", raising=False)
    result = runner.invoke(app, ["validate", str(INTEROP / "tram-night-service.nitf.xml")])
    assert result.exit_code == 2
    assert "NEWSITEM_IPTC_SCHEMAS" in result.stderr
    assert "Traceback" not in result.output


def test_iptc_inputs_validate_with_schemas(runner: CliRunner, anchors_dir: Path) -> None:
    """With --iptc-schemas, ninjs, NewsML-G2 and NITF examples are sniffed and validated."""
    result = runner.invoke(app, ["validate", "--iptc-schemas", str(anchors_dir), str(INTEROP)])
    assert result.exit_code == 0, result.output
    assert "18 item(s): 18 valid" in result.stdout


@pytest.mark.parametrize("form", ["ninjs", "ninjs3", "newsml-g2", "nitf"])
def test_export_and_import_back(runner: CliRunner, tmp_path: Path, form: str) -> None:
    """An item exported to an IPTC form and read back gives the same newsitem JSON."""
    source = EXAMPLES / "articles" / "chess-prodigy.json"
    exported = tmp_path / f"out.{form}"
    result = runner.invoke(app, ["convert", str(source), "--to", form, "-o", str(exported)])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.json"
    result = runner.invoke(
        app, ["convert", str(exported), "--from", form, "--to", "json", "-o", str(back)]
    )
    assert result.exit_code == 0, result.output
    assert json_codec.loads(back.read_bytes()) == json_codec.loads(source.read_bytes())


WILD = EXAMPLES.parent / "tests" / "data" / "iptc-wild"


def test_news_message_converts_item_by_item_without_from(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A NewsML-G2 newsMessage is recognised without --from and read as a feed of items."""
    monkeypatch.delenv("NEWSITEM_IPTC_SCHEMAS", raising=False)
    out = tmp_path / "items.jsonl"
    source = WILD / "dpa-table-message.xml"
    result = runner.invoke(app, ["convert", str(source), "--to", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_bytes().splitlines()
    assert len(lines) == 1
    assert json_codec.loads(lines[0]).headline.startswith("Ergebnisse und Tabelle")


def test_a_feed_to_newsml_g2_is_one_news_message(
    runner: CliRunner, tmp_path: Path, anchors_dir: Path
) -> None:
    """--to newsml-g2 on a feed writes one newsMessage holding every item, valid against
    NewsML-G2 and read back item by item."""
    feed = tmp_path / "feed.jsonl"
    articles = sorted((EXAMPLES / "articles").glob("*.json"))[:3]
    feed.write_bytes(
        b"".join(json_codec.dumps_line(json_codec.loads(p.read_bytes())) for p in articles)
    )
    out = tmp_path / "message.xml"
    result = runner.invoke(app, ["convert", str(feed), "--to", "newsml-g2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert b"<newsMessage" in data and data.count(b"<newsItem ") == 3
    result = runner.invoke(
        app, ["validate", "--iptc-schemas", str(anchors_dir), "-o", "json", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    places = [i["where"] for i in report["files"][0]["items"]]
    assert places == [f"/g2:newsMessage/g2:itemSet/g2:newsItem[{n}]" for n in (1, 2, 3)]


def test_source_schema_failure_is_a_warning_unless_strict(
    runner: CliRunner, tmp_path: Path, anchors_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the IPTC schemas configured a ninjs 1.x document outside its schema still
    converts (NI508 on stderr); --strict refuses it (exit 1)."""
    monkeypatch.setenv("NEWSITEM_IPTC_SCHEMAS", str(anchors_dir))
    source = WILD / "superdesk-ninjs1.json"
    result = runner.invoke(app, ["convert", str(source), "--to", "json"])
    assert result.exit_code == 0, result.output
    assert "NI508" in result.stderr and "ninjs 1.7" in result.stderr
    result = runner.invoke(app, ["convert", str(source), "--to", "json", "--strict"])
    assert result.exit_code == 1
    assert "NI101" in result.stderr
