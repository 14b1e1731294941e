"""Choosing which codes count, as ruff does: --select/--ignore with codes and prefixes,
--warnings-as-errors, --exit-zero, and the same settings from pyproject.toml or newsitem.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsitem.cli import app
from newsitem.config import CodeSelection, ConfigError, find_config, load_config, parse_codes
from tests.conftest import EXAMPLES

BAD_VALUES = EXAMPLES / "invalid" / "bad-values.json"  # NI200 NI201 NI203 NI205 NI206


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project directory (the working directory) with a warning item and a bad item."""
    project = tmp_path / "project"
    (project / "news").mkdir(parents=True)
    (project / "news" / "warn.json").write_text(
        '{"newsitem": "1.0", "headline": "H", "body": ["H"]}', encoding="utf-8"
    )
    (project / "news" / "bad.json").write_bytes(BAD_VALUES.read_bytes())
    monkeypatch.chdir(project)
    return project


def _codes(runner: CliRunner, *args: str) -> tuple[int, set[str]]:
    result = runner.invoke(app, ["validate", "--output-format", "json", *args, "news"])
    doc = json.loads(result.stdout)
    found = {i["code"] for f in doc["files"] for item in f["items"] for i in item["issues"]}
    return result.exit_code, found


ALL = {"NI200", "NI201", "NI203", "NI205", "NI206", "NI351"}


def test_default_reports_everything(runner: CliRunner, work: Path) -> None:
    """Without settings every code is reported; the bad item makes the exit 1."""
    assert _codes(runner) == (1, ALL)


def test_select_prefix(runner: CliRunner, work: Path) -> None:
    """--select NI20 keeps NI200-NI209 only."""
    assert _codes(runner, "--select", "NI20") == (1, ALL - {"NI351"})


def test_ignore_codes_comma_separated(runner: CliRunner, work: Path) -> None:
    """--ignore takes comma-separated codes; ignoring every error makes the run pass."""
    code, found = _codes(runner, "--ignore", "NI200,NI201,NI203", "--ignore", "NI205,NI206")
    assert (code, found) == (0, {"NI351"})


def test_more_specific_select_wins(runner: CliRunner, work: Path) -> None:
    """--select NI201 with --ignore NI2 keeps NI201 (the longer entry decides)."""
    assert _codes(runner, "--select", "NI201,NI3", "--ignore", "NI2") == (1, {"NI201", "NI351"})


def test_warnings_as_errors(runner: CliRunner, work: Path) -> None:
    """--warnings-as-errors makes the warning item invalid: both items count as invalid."""
    result = runner.invoke(
        app,
        ["validate", "--output-format", "json", "--select", "NI3", "--warnings-as-errors", "news"],
    )
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert doc["summary"]["invalid"] == 1
    (issue,) = [i for f in doc["files"] for item in f["items"] for i in item["issues"]]
    assert (issue["code"], issue["severity"]) == ("NI351", "error")
    plain = runner.invoke(app, ["validate", "--select", "NI3", "news"])
    assert plain.exit_code == 0


def test_exit_zero(runner: CliRunner, work: Path) -> None:
    """--exit-zero reports the problems but exits 0; an unreadable input still exits 2."""
    result = runner.invoke(app, ["validate", "--exit-zero", "news"])
    assert result.exit_code == 0
    assert "NI201" in result.stdout
    missing = runner.invoke(app, ["validate", "--exit-zero", "news", "missing.json"])
    assert missing.exit_code == 2


def test_unknown_code_is_usage_error(runner: CliRunner, work: Path) -> None:
    """A code that matches nothing is exit 2 with a message naming it."""
    result = runner.invoke(app, ["validate", "--ignore", "NI9", "news"])
    assert result.exit_code == 2
    assert "'NI9' matches no issue code" in result.stderr


def test_pyproject_found_upwards(
    runner: CliRunner, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tool.newsitem] in pyproject.toml applies from a subdirectory; --isolated ignores it."""
    (work / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.newsitem]\nignore = ["NI2"]\n', encoding="utf-8"
    )
    assert _codes(runner) == (0, {"NI351"})
    assert _codes(runner, "--isolated") == (1, ALL)
    assert _codes(runner, "--ignore", "NI3") == (1, ALL - {"NI351"})  # replaces the file's
    monkeypatch.chdir(work / "news")
    result = runner.invoke(app, ["validate", "--output-format", "json", "."])
    assert result.exit_code == 0


def test_newsitem_toml_before_pyproject(runner: CliRunner, work: Path) -> None:
    """newsitem.toml (top-level keys) is used before pyproject.toml in the same directory."""
    (work / "pyproject.toml").write_text('[tool.newsitem]\nignore = ["NI2"]\n', encoding="utf-8")
    (work / "newsitem.toml").write_text(
        'select = ["NI3"]\nwarnings-as-errors = true\n', encoding="utf-8"
    )
    assert _codes(runner) == (1, {"NI351"})


def test_config_option(runner: CliRunner, work: Path, tmp_path: Path) -> None:
    """--config PATH reads that file; an unknown key or a missing file is exit 2."""
    other = tmp_path / "ci.toml"
    other.write_text('exit-zero = true\nselect = ["NI206"]\n', encoding="utf-8")
    assert _codes(runner, "--config", str(other)) == (0, {"NI206"})
    other.write_text('selekt = ["NI2"]\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", "--config", str(other), "news"])
    assert result.exit_code == 2
    assert "unknown setting(s) selekt" in result.stderr
    result = runner.invoke(app, ["validate", "--config", str(tmp_path / "nope.toml"), "news"])
    assert result.exit_code == 2


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.newsitem] is passed over for one further up."""
    (tmp_path / "newsitem.toml").write_text("", encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "newsitem.toml"


def test_bad_toml_is_config_error(tmp_path: Path) -> None:
    """A file that is not TOML, or a wrong type, raises ConfigError naming the file."""
    path = tmp_path / "newsitem.toml"
    path.write_text("select = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    path.write_text('warnings-as-errors = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="true or false"):
        load_config(path)


def test_selection_rules() -> None:
    """The most specific entry decides; at equal length ignore wins; ALL selects everything."""
    sel = CodeSelection(select=parse_codes(["NI5", "NI201"], where="t"), ignore=("NI2", "NI50"))
    assert [sel.wants(c) for c in ("NI500", "NI510", "NI201", "NI202", "NI101")] == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert CodeSelection(select=parse_codes(["all"], where="t")).wants("NI101")
    assert not CodeSelection(select=("NI5",), ignore=("NI5",)).wants("NI501")
