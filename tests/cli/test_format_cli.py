"""The format-version commands: validate --as, migrate, schema diff (and warnings-only exit 0)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from typer.testing import CliRunner

from newsitem.cli import app
from tests.conftest import ROOT

CASES = ROOT / "tests" / "conformance" / "1.1" / "valid"
ALL_FIELDS = CASES / "all-fields.json"


def test_validate_as_older_version_gives_warnings_and_exit_0(runner: CliRunner) -> None:
    """A 1.1 item under --as 1.0: one NI120, one NI121 per 1.1 field, exit 0."""
    result = runner.invoke(app, ["validate", "--as", "1.0", "-o", "json", str(ALL_FIELDS)])
    assert result.exit_code == 0, result.stdout
    issues = json.loads(result.stdout)["files"][0]["items"][0]["issues"]
    codes = [i["code"] for i in issues]
    assert codes.count("NI120") == 1
    assert codes.count("NI121") == 11
    assert {i["severity"] for i in issues} == {"warning"}


def test_validate_as_1_0_xml(runner: CliRunner, tmp_path: Path) -> None:
    """The same under --as 1.0 for the XML form of the item."""
    result = runner.invoke(app, ["validate", "--as", "1.0", str(CASES / "all-fields.xml")])
    assert result.exit_code == 0
    assert "NI121" in result.stdout


def test_validate_as_unknown_version_exits_2(runner: CliRunner) -> None:
    """--as names a version this release knows."""
    result = runner.invoke(app, ["validate", "--as", "1.7", str(ALL_FIELDS)])
    assert result.exit_code == 2


def test_warnings_only_exit_0(runner: CliRunner) -> None:
    """A document with warnings and no error is valid: exit status 0 (SPEC §10)."""
    case = ROOT / "tests" / "conformance" / "1.0" / "valid" / "case-warning.json"
    result = runner.invoke(app, ["validate", str(case)])
    assert result.exit_code == 0
    assert "NI350" in result.stdout


def test_migrate_down_and_back_gives_identical_bytes(runner: CliRunner, tmp_path: Path) -> None:
    """migrate --to 1.0 then --to 1.1 returns the identical canonical file; down warns."""
    down, back = tmp_path / "down.json", tmp_path / "back.json"
    result = runner.invoke(app, ["migrate", str(ALL_FIELDS), "--to", "1.0", "-o", str(down)])
    assert result.exit_code == 0
    assert result.stderr.count("NI122") == 11
    assert json.loads(down.read_text())["newsitem"] == "1.0"
    assert runner.invoke(app, ["validate", str(down)]).exit_code == 0
    result = runner.invoke(app, ["migrate", str(down), "--to", "1.1", "-o", str(back)])
    assert result.exit_code == 0
    assert back.read_bytes() == ALL_FIELDS.read_bytes()


def test_migrate_refuses_loss_unless_allowed(runner: CliRunner, tmp_path: Path) -> None:
    """A value too long for extra: exit 1 and no output; --allow-loss writes it with NI124."""
    data = json.loads(ALL_FIELDS.read_text())
    data["media"][0]["caption"] = "c" * 9_990  # valid, but too long once in an extra value
    source = tmp_path / "long.json"
    source.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["migrate", str(source), "--to", "1.0", "-o", str(out)])
    assert result.exit_code == 1
    assert "NI123" in result.stderr
    assert not out.exists()
    result = runner.invoke(
        app, ["migrate", str(source), "--to", "1.0", "--allow-loss", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert "NI124" in result.stderr
    assert json.loads(out.read_text())["newsitem"] == "1.0"


def test_migrate_feeds_and_archives(runner: CliRunner, tmp_path: Path) -> None:
    """A JSON Lines feed migrates line by line; an archive into a directory tree."""
    feed = CASES / "feed-mixed-versions.jsonl"
    result = runner.invoke(app, ["migrate", str(feed), "--to", "1.0"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["newsitem"] for d in lines] == ["1.0", "1.0"]
    assert lines[1]["extra"] == [{"label": "newsitem:urgency", "value": "2"}]
    archive = tmp_path / "in.tar"
    with tarfile.open(archive, "w") as tar:
        for name in ("a/one.json", "a/two.json"):
            payload = ALL_FIELDS.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    out = tmp_path / "tree"
    result = runner.invoke(app, ["migrate", str(archive), "--to", "1.0", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    written = sorted(out.rglob("*.json"))
    assert [p.name for p in written] == ["one.json", "two.json"]
    assert {json.loads(p.read_text())["newsitem"] for p in written} == {"1.0"}


def test_migrate_unknown_version_exits_2(runner: CliRunner) -> None:
    """migrate --to names a version this release knows."""
    assert runner.invoke(app, ["migrate", str(ALL_FIELDS), "--to", "2.0"]).exit_code == 2


def test_schema_diff_text_and_json(runner: CliRunner) -> None:
    """schema diff 1.0 1.1 says backward (exit 1: headline and body optional for items without
    text, SPEC §9.1), in text and in JSON; the 1.1 conditions on them are full."""
    result = runner.invoke(app, ["schema", "diff", "1.0", "1.1"])
    assert result.exit_code == 1
    assert result.stdout.endswith("1.0 -> 1.1: backward\n")
    assert "full      added    /anyOf:" in result.stdout
    result = runner.invoke(app, ["schema", "diff", "1.0", "1.1", "-o", "json"])
    data = json.loads(result.stdout)
    assert data["class"] == "backward"
    backward = [c for c in data["changes"] if c["class"] != "full"]
    assert [c["path"] for c in backward] == ["/required", "/required"]


def test_schema_diff_catches_a_breaking_change(runner: CliRunner, tmp_path: Path) -> None:
    """A schema file without a 1.1 field is breaking against 1.1: exit 1."""
    schema = json.loads((ROOT / "schema" / "1.1" / "newsitem.schema.json").read_text())
    del schema["properties"]["urgency"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(schema))
    result = runner.invoke(app, ["schema", "diff", "1.1", str(changed)])
    assert result.exit_code == 1
    assert "breaking  removed  /properties/urgency" in result.stdout


def test_schema_diff_unreadable_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    """A name that is neither a version nor a schema file is a usage error."""
    assert runner.invoke(app, ["schema", "diff", "1.0", str(tmp_path / "no.json")]).exit_code == 2
