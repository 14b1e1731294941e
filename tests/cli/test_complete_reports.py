"""Every report format shows every input: valid, invalid, and unreadable (with its reason)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from newsitem.cli import app
from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "articles" / "chess-prodigy.json"
BAD = EXAMPLES / "invalid" / "missing-headline.json"


@pytest.fixture
def three(tmp_path: Path) -> list[str]:
    """One valid, one invalid and one missing input."""
    return [str(GOOD), str(BAD), str(tmp_path / "nonexist.json")]


def _run(runner: CliRunner, fmt: str, paths: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "--output-format", fmt, *paths])
    return result.exit_code, result.stdout


def test_junit_lists_unreadable_as_error(runner: CliRunner, three: list[str]) -> None:
    """JUnit: the missing input is an <error> test case with its reason; counts add up; exit 2."""
    code, out = _run(runner, "junit", three)
    assert code == 2
    root = etree.fromstring(out.encode())
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    (error,) = root.findall(".//testcase/error")
    assert "no such file" in (error.get("message") or "")
    assert error.getparent().get("name") == three[2]
    names = {c.get("classname") for c in root.findall(".//testcase")}
    assert names == set(three)


def test_sarif_lists_unreadable_as_notification(runner: CliRunner, three: list[str]) -> None:
    """SARIF: a tool execution notification names the missing input; executionSuccessful false."""
    code, out = _run(runner, "sarif", three)
    assert code == 2
    (run,) = json.loads(out)["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "no such file" in note["message"]["text"]
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("nonexist.json")
    assert {r["ruleId"] for r in run["results"]} == {"NI101", "NI102"}


def test_sarif_successful_run(runner: CliRunner) -> None:
    """SARIF of a run where every input was read says executionSuccessful true."""
    code, out = _run(runner, "sarif", [str(GOOD)])
    assert code == 0
    (invocation,) = json.loads(out)["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_github_lists_unreadable(runner: CliRunner, three: list[str]) -> None:
    """GitHub: an ::error with file= the missing input and its reason, and the item's errors."""
    code, out = _run(runner, "github", three)
    assert code == 2
    lines = out.splitlines()
    unreadable = [line for line in lines if "title=unreadable" in line]
    assert len(unreadable) == 1
    assert unreadable[0].startswith(f"::error file={three[2]},title=unreadable::")
    assert "no such file" in unreadable[0]
    assert any("title=NI101" in line for line in lines)
    assert "1 unreadable input(s)" in lines[-1]


def test_json_lists_unreadable(runner: CliRunner, three: list[str]) -> None:
    """JSON: an unreadable entry with the path and reason, counted in the summary."""
    code, out = _run(runner, "json", three)
    assert code == 2
    doc = json.loads(out)
    assert doc["unreadable"] == [
        {"path": three[2], "reason": f"{three[2]}: no such file or directory"}
    ]
    assert doc["summary"]["unreadable"] == 1
    assert {f["path"] for f in doc["files"]} == {three[0], three[1]}


def test_text_counts_unreadable(runner: CliRunner, three: list[str]) -> None:
    """Text: the reason on stderr and the count in the summary line; exit 2."""
    result = runner.invoke(app, ["validate", *three])
    assert result.exit_code == 2
    assert f"{three[2]}: no such file or directory" in result.stderr
    assert "1 unreadable input(s)" in result.stdout


def test_sarif_uri_percent_encoded(runner: CliRunner, tmp_path: Path) -> None:
    """SARIF artifact URIs are percent-encoded (spaces and non-ASCII letters)."""
    odd = tmp_path / "my café item.json"
    odd.write_bytes(BAD.read_bytes())
    code, out = _run(runner, "sarif", [str(odd)])
    assert code == 1
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]["uri"]
    assert uri.endswith("/my%20caf%C3%A9%20item.json")
    assert uri.startswith("file:///")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A zip archive with a valid member and an invalid one in a folder."""
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("good.json", GOOD.read_bytes())
        zf.writestr("news/bad.json", BAD.read_bytes())
    return path


def test_github_archive_member_on_archive(runner: CliRunner, archive: Path) -> None:
    """GitHub: an archive member's issue is placed on the archive, the member in the message."""
    code, out = _run(runner, "github", [str(archive)])
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert errors
    for line in errors:
        props, message = line[len("::error ") :].split("::", 1)
        assert props.split(",")[0] == f"file={archive}"
        assert "line=" not in props
        assert message.startswith("news/bad.json:")


def test_sarif_archive_member_logical_location(runner: CliRunner, archive: Path) -> None:
    """SARIF: the archive is the artifact, the member a logical location and in the message."""
    code, out = _run(runner, "sarif", [str(archive)])
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    assert results
    for res in results:
        (loc,) = res["locations"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"].endswith("/bundle.zip")
        assert "region" not in loc["physicalLocation"]
        assert loc["logicalLocations"][0] == {
            "fullyQualifiedName": "news/bad.json",
            "kind": "member",
        }
        assert res["message"]["text"].startswith("news/bad.json:")
