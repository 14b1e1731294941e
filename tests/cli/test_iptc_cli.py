"""The CLI with IPTC inputs and outputs: sniffing, schema location, conversion both ways."""

from __future__ import annotations

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
