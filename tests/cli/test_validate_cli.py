"""`newsitem validate` and `newsitem schema` driven through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from newsitem.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def test_valid_examples_exit_0() -> None:
    """The bundled valid examples validate with exit 0 and a summary line."""
    result = runner.invoke(app, ["validate", str(EXAMPLES / "articles")])
    assert result.exit_code == 0, result.output
    assert "invalid" in result.output.splitlines()[-1]
    assert " 0 invalid" in result.output


def test_invalid_examples_exit_1_with_located_codes() -> None:
    """Invalid examples exit 1 with `path:line:col: CODE` lines for every issue family."""
    result = runner.invoke(app, ["validate", str(EXAMPLES / "invalid")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": NI" in line]
    codes = {line.split(": ")[1].split(" ")[0] for line in lines}
    assert {"NI101", "NI105", "NI201", "NI205", "NI301"} <= codes
    for line in lines:
        path, line_no, col = line.split(":")[:3]
        assert path.endswith((".json", ".xml"))
        assert line_no.isdigit()
        assert col.isdigit()


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """An unreadable input exits 2 with a message naming the file, no traceback."""
    missing = tmp_path / "nope.json"
    result = runner.invoke(app, ["validate", str(missing)])
    assert result.exit_code == 2
    assert "nope.json" in result.output
    assert "Traceback" not in result.output


def test_json_output_parses(tmp_path: Path) -> None:
    """--output json gives a document with the same issues as the text output."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"newsitem": "1.0", "headline": "", "body": ["x"]}')
    result = runner.invoke(app, ["validate", "--output", "json", str(bad)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    (issue,) = doc["files"][0]["items"][0]["issues"]
    assert (issue["code"], issue["path"], issue["line"]) == ("NI200", "$.headline", 1)
    assert doc["summary"]["invalid"] == 1


def test_schema_prints_current_schema() -> None:
    """`newsitem schema` prints the JSON Schema of the current version."""
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$id"].endswith("/1.1/newsitem.schema.json")


def test_schema_unknown_version_exits_2() -> None:
    """Asking for an unknown version is a usage error."""
    result = runner.invoke(app, ["schema", "--version", "3.0"])
    assert result.exit_code == 2


def test_python_dash_m() -> None:
    """`python -m newsitem` runs the CLI."""
    out = subprocess.run(
        [sys.executable, "-m", "newsitem", "schema"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert '"$schema"' in out.stdout


def test_schema_xsd_matches_checked_in_file() -> None:
    """`newsitem schema --xsd` prints the derived XSD, identical to schema/1.1/newsitem.xsd."""
    from tests.conftest import ROOT

    result = runner.invoke(app, ["schema", "--xsd"])
    assert result.exit_code == 0
    assert result.stdout_bytes == (ROOT / "schema" / "1.1" / "newsitem.xsd").read_bytes()


def test_cli_forms_are_the_library_forms() -> None:
    """The CLI offers exactly the forms the library knows."""
    from newsitem.cli import FormName
    from newsitem.forms import FORMS

    assert [f.value for f in FormName] == list(FORMS)
