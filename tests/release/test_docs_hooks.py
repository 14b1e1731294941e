"""The site's build hooks: the command-line reference is generated from a typer app, and the
published schema files sit at the address of their $id."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Annotated

import pytest
import typer
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mkdocs_hooks", ROOT / "tools" / "mkdocs_hooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_lists_every_command_argument_and_option() -> None:
    """A command, its argument, a choice option with a default, a repeatable option and a
    --x/--no-x flag all appear in the generated reference."""
    app = typer.Typer(help="A tool.")

    @app.command()
    def send(
        paths: Annotated[list[str], typer.Argument(help="What to send.")],
        mode: Annotated[str, typer.Option("--mode", "-m", help="How.")] = "fast",
        tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag.")] = None,
        check: Annotated[bool, typer.Option("--check/--no-check", help="Check.")] = True,
    ) -> None:
        """Send the files."""

    @app.command()
    def stop() -> None:
        """Stop sending."""

    page = _hooks().render_cli_reference(app, prog="tool")
    assert "## `tool send`" in page
    assert "## `tool stop`" in page
    assert "Send the files." in page
    assert "tool send [OPTIONS] PATHS..." in page
    assert "| `PATHS...` | text | What to send. (one or more) |  |" in page
    assert "| `--mode`, `-m` | text | How. | `fast` |" in page
    assert "| `--tag` | text | A tag. (repeatable) |  |" in page
    assert "| `--check`, `--no-check` | flag | Check. | `--check` |" in page


def test_cli_reference_covers_the_newsitem_commands() -> None:
    """The reference of the real app has every command, including --version at the top."""
    from newsitem.cli import app

    page = _hooks().render_cli_reference(app)
    for heading in ("## `newsitem`", "## `newsitem validate`", "## `newsitem convert`"):
        assert heading in page
    for name, command in typer.main.get_command(app).commands.items():
        assert f"## `newsitem {name}`" in page
        for sub_name in getattr(command, "commands", {}):
            assert f"### `newsitem {name} {sub_name}`" in page
    assert "| `--version` | flag | Print the version and exit. |  |" in page


def test_published_schemas_sit_at_their_id() -> None:
    """Every schema/<folder>/ file (format versions and the annotation meta-schema) is
    published under schema/<folder>/ of the site whose address mkdocs.yml gives, and a schema
    whose $id does not match it stops the build."""
    import yaml

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    hooks = _hooks()
    published = dict(hooks.schema_targets(site_url))
    for folder in (ROOT / "schema").iterdir():
        for path in folder.iterdir():
            assert published[f"schema/{folder.name}/{path.name}"] == path
            if path.suffix == ".json":
                schema_id = json.loads(path.read_text(encoding="utf-8"))["$id"]
                assert schema_id == f"{site_url}schema/{folder.name}/{path.name}"
    with pytest.raises(PluginError, match=r"\$id"):
        hooks.schema_targets("https://example.org/docs/")
