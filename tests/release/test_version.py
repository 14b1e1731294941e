"""One version source: src/newsitem/_version.py, shown by `newsitem --version` and
`newsitem.__version__`, named by the changelog and by the README's pre-commit example."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version as installed_version

from typer.testing import CliRunner

import newsitem
from newsitem.cli import app
from newsitem.schemas import KNOWN_VERSIONS
from tests.conftest import ROOT


def _file_version() -> str:
    text = (ROOT / "src" / "newsitem" / "_version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "(\d+\.\d+\.\d+)"$', text, re.MULTILINE)
    assert found, 'src/newsitem/_version.py must hold one line __version__ = "X.Y.Z"'
    return found.group(1)


def test_version_option_prints_version_and_formats() -> None:
    """`newsitem --version` prints the package version and every supported format version."""
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    expected = f"newsitem {_file_version()} (formats {', '.join(KNOWN_VERSIONS)})\n"
    assert result.stdout == expected


def test_version_option_comes_before_any_command() -> None:
    """--version answers even with a command after it, and the commands still run without it."""
    assert CliRunner().invoke(app, ["--version", "schema"]).stdout.startswith("newsitem ")
    assert CliRunner().invoke(app, ["schema", "--version", "1.0"]).stdout.startswith("{")


def test_one_version_source() -> None:
    """The package, its installed metadata and pyproject.toml all take the version from
    _version.py; pyproject.toml writes none of its own."""
    assert newsitem.__version__ == _file_version()
    assert installed_version("newsitem") == _file_version(), "reinstall: make test does"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/newsitem/_version.py"


def test_readme_pins_this_release_tag() -> None:
    """The pre-commit example in README.md names the tag of this version."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"^\s+rev: (\S+)$", readme, re.MULTILINE) == [f"v{_file_version()}"]


def test_changelog_names_every_format_and_this_release() -> None:
    """CHANGELOG.md has a section for every known format version and a dated entry for every
    release heading; this version is either released there or still under Unreleased."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for format_version in KNOWN_VERSIONS:
        assert re.search(rf"^### Format {re.escape(format_version)}\b", changelog, re.MULTILINE)
        assert re.search(rf"^\| {re.escape(format_version)} \| ", changelog, re.MULTILINE)
    releases = re.findall(r"^## \[([^\]]+)\](.*)$", changelog, re.MULTILINE)
    for name, rest in releases:
        if name != "Unreleased":
            assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), f"[{name}] needs ' - YYYY-MM-DD'"
    names = [name for name, _ in releases]
    assert _file_version() in names or "Unreleased" in names
