"""The report formats carry the same issues as the text output, in their published structure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from newsitem.cli import app


def _text_issues(runner: CliRunner, path: Path) -> set[tuple[str, int]]:
    result = runner.invoke(app, ["validate", str(path)])
    found = set()
    for line in result.stdout.splitlines():
        m = re.match(r".*?:(\d+):\d+: (NI\d+) ", line)
        if m:
            found.add((m.group(2), int(m.group(1))))
    return found


@pytest.fixture
def mixed(tmp_path: Path, bad_jsonl: Path) -> Path:
    """A directory with a bad feed and a file with a warning."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "bad.jsonl").write_bytes(bad_jsonl.read_bytes())
    (folder / "warn.json").write_text(
        '{"newsitem": "1.0", "headline": "H", "body": ["H"]}', encoding="utf-8"
    )
    return folder


def test_json_output(runner: CliRunner, mixed: Path) -> None:
    """--output-format json lists every item (valid ones too) with the text output's issues."""
    result = runner.invoke(app, ["validate", "--output-format", "json", str(mixed)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    got = {
        (i["code"], i["line"]) for f in doc["files"] for item in f["items"] for i in item["issues"]
    }
    assert got == _text_issues(runner, mixed)
    assert doc["summary"] == {**doc["summary"], "files": 2, "items": 5, "invalid": 2}


def test_github_output(runner: CliRunner, mixed: Path) -> None:
    """--output-format github prints ::error/::warning commands with file, line, col, title."""
    result = runner.invoke(app, ["validate", "--output-format", "github", str(mixed)])
    assert result.exit_code == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    errors = [c for c in commands if c.startswith("::error ")]
    warnings = [c for c in commands if c.startswith("::warning ")]
    assert len(errors) == 2
    assert len(warnings) == 1
    got = set()
    for cmd in errors + warnings:
        props = dict(p.split("=", 1) for p in cmd.split(" ", 1)[1].split("::", 1)[0].split(","))
        assert props["file"]
        got.add((props["title"], int(props["line"])))
    assert got == _text_issues(runner, mixed)
    assert commands[-1].startswith("::notice title=newsitem::")


def test_junit_output(runner: CliRunner, mixed: Path) -> None:
    """--output-format junit: one test case per item and a failure per invalid item."""
    result = runner.invoke(app, ["validate", "--output-format", "junit", str(mixed)])
    root = etree.fromstring(result.stdout.encode())
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert len(cases) == 5
    failures = root.findall(".//testcase/failure")
    assert {f.get("type") for f in failures} == {"NI100", "NI201"}
    assert root.get("failures") == "2"


def test_sarif_output(runner: CliRunner, mixed: Path) -> None:
    """--output-format sarif is SARIF 2.1.0: version, runs, rules, results with locations."""
    result = runner.invoke(app, ["validate", "--output-format", "sarif", str(mixed)])
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0"
    assert "sarif" in doc["$schema"]
    (run,) = doc["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    got = set()
    for res in run["results"]:
        assert rules[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in {"error", "warning"}
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
        got.add((res["ruleId"], loc["region"]["startLine"]))
    assert got == _text_issues(runner, mixed)


def test_output_as_format_is_deprecated(runner: CliRunner, mixed: Path) -> None:
    """`-o json` still names the report format, with a deprecation warning on stderr."""
    result = runner.invoke(app, ["validate", "-o", "json", str(mixed)])
    assert result.exit_code == 1
    assert "deprecated" in result.stderr
    assert "--output-format json" in result.stderr
    assert json.loads(result.stdout)["summary"]["items"] == 5


def test_output_is_a_report_file(runner: CliRunner, mixed: Path, tmp_path: Path) -> None:
    """`-o report.sarif --output-format sarif` writes the report to the file, not stdout."""
    target = tmp_path / "out" / "report.sarif"
    target.parent.mkdir()
    result = runner.invoke(
        app, ["validate", "--output-format", "sarif", "-o", str(target), str(mixed)]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} == {
        code for code, _ in _text_issues(runner, mixed)
    }
    assert list(target.parent.iterdir()) == [target]


def test_output_report_file_text(runner: CliRunner, mixed: Path, tmp_path: Path) -> None:
    """`-o report.txt` (no format) writes the text report with its summary to the file."""
    target = tmp_path / "report.txt"
    result = runner.invoke(app, ["validate", "-o", str(target), str(mixed)])
    assert result.exit_code == 1
    text = target.read_text(encoding="utf-8")
    assert "NI201" in text
    assert "5 item(s): 3 valid, 2 invalid" in text
