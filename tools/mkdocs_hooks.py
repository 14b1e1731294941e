"""MkDocs hooks of the newsitem site: pages generated at build time, nothing copied into docs/.

- The repository's own documents (SPEC.md, SECURITY.md, CHANGELOG.md, CONTRIBUTING.md,
  bench/results.md) become pages, read from where they live.
- The command-line reference is generated from the typer app by walking its click tree.
- The IPTC mapping tables come from ``newsitem.interop.mapping``.
- Every format version's JSON Schema and XSD under ``schema/`` are published at the address of
  the schema's ``$id`` (relative to ``site_url``); the build fails when the two disagree.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import typer
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent

#: Pages read from the repository: site path -> file in the repository.
INCLUDED = {
    "spec.md": "SPEC.md",
    "security.md": "SECURITY.md",
    "changelog.md": "CHANGELOG.md",
    "contributing.md": "CONTRIBUTING.md",
    "benchmarks.md": "bench/results.md",
}


def _cell(text: str) -> str:
    """Text fit for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


# typer carries its own copy of click, so the command tree is walked by the attributes click
# documents (param_type_name, opts, commands, ...) rather than by isinstance checks.


def _option_row(param: Any) -> str:
    if param.param_type_name == "option":
        names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
        kind = "flag" if param.is_flag else _type_name(param.type)
        default = param.default
        shown = "" if default in (None, False, (), []) or param.is_flag else f"`{default}`"
        if param.is_flag and param.secondary_opts:
            shown = f"`{param.opts[0] if default else param.secondary_opts[0]}`"
        helptext = param.help or ""
        if param.multiple and "repeatable" not in helptext:
            helptext += " (repeatable)"
    else:
        names = f"`{_argument_name(param)}`"
        kind = _type_name(param.type)
        shown = ""
        helptext = "one or more" if param.nargs == -1 else "one"
        if not param.required:
            helptext += ", optional"
        if getattr(param, "help", None):  # typer's arguments carry a help text; click's do not
            helptext = f"{param.help} ({helptext})"
    return f"| {names} | {_cell(kind)} | {_cell(helptext)} | {_cell(shown)} |"


#: Names of click's parameter types, as the reference shows them.
_TYPE_NAMES = {"str": "text", "text": "text", "integer range": "integer", "int range": "integer",
               "float range": "number", "float": "number", "integer": "integer", "path": "path",
               "boolean": "flag", "filename": "file"}  # fmt: skip


def _type_name(kind: Any) -> str:
    choices = getattr(kind, "choices", None)
    if choices:
        return " | ".join(str(getattr(choice, "value", choice)) for choice in choices)
    name = str(kind.name).lower()
    return _TYPE_NAMES.get(name, name)


def _argument_name(param: Any) -> str:
    return str(param.name).upper() + ("..." if param.nargs == -1 else "")


def _usage(command: Any, ctx: typer.Context) -> str:
    if hasattr(command, "commands"):
        return f"{ctx.command_path} [OPTIONS] COMMAND [ARGS]..."
    parts = [ctx.command_path, "[OPTIONS]"]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _argument_name(param)
            parts.append(name if param.required else f"[{name}]")
    return " ".join(parts)


def _command_section(command: Any, ctx: typer.Context, level: int) -> list[str]:
    lines = [f"{'#' * level} `{ctx.command_path}`", ""]
    if command.help:
        lines += [inspect.cleandoc(command.help), ""]
    lines += ["```text", _usage(command, ctx), "```", ""]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    if params:
        lines += ["| option or argument | value | meaning | default |", "|---|---|---|---|"]
        lines += [_option_row(p) for p in params]
        lines.append("")
    return lines


def _command_tree(command: Any, ctx: typer.Context, level: int) -> list[str]:
    """The section of a command and, below it, those of its subcommands (to any depth)."""
    lines = _command_section(command, ctx, level)
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            sub_ctx = typer.Context(sub, info_name=name, parent=ctx)
            lines += _command_tree(sub, sub_ctx, min(level + 1, 4))
    return lines


def render_cli_reference(app: typer.Typer, prog: str = "newsitem") -> str:
    """The Markdown reference of a typer app: every command, argument and option."""
    root = typer.main.get_command(app)
    ctx = typer.Context(root, info_name=prog)
    lines = [
        "# Command line",
        "",
        "Generated from the command's own definition when the site is built; "
        f"`{prog} COMMAND --help` prints the same.",
        "",
    ]
    lines += _command_section(root, ctx, 2)  # the top level, then each command beside it
    for name, sub in getattr(root, "commands", {}).items():
        if not sub.hidden:
            lines += _command_tree(sub, typer.Context(sub, info_name=name, parent=ctx), 2)
    return "\n".join(lines)


def _iptc_mapping() -> str:
    from newsitem.interop.mapping import to_markdown

    body = to_markdown().split("\n", 1)[1]  # drop the SPEC section heading
    return (
        "# IPTC mapping\n\nThe same tables are section 12 of the [specification](spec.md).\n" + body
    )


def schema_targets(site_url: str) -> list[tuple[str, Path]]:
    """Where each file under schema/ is published: (path on the site, file), checking that
    each JSON Schema's $id (the format versions' and the annotation meta-schema's) is its
    address under site_url."""
    base = site_url.rstrip("/") + "/"
    found = []
    for folder in sorted(p for p in (ROOT / "schema").iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            published = f"schema/{folder.name}/{path.name}"
            if path.suffix == ".json":
                schema_id = json.loads(path.read_text(encoding="utf-8"))["$id"]
                if schema_id != base + published:
                    raise PluginError(f"{path}: $id {schema_id} is not {base + published}")
            found.append((published, path))
    return found


def _version_folders() -> list[Path]:
    """The folders of format versions under schema/ (not the meta-schema's), newest first."""
    folders = (p for p in (ROOT / "schema").iterdir() if p.is_dir() and p.name[:1].isdigit())
    return sorted(folders, key=lambda p: tuple(int(n) for n in p.name.split(".")), reverse=True)


#: Links between the included documents, as they are written in the repository -> on the site.
_LINKS = {f"]({source})": f"]({dest})" for dest, source in INCLUDED.items()}

#: Replaced on the schemas page by the table of published versions.
SCHEMA_TABLE_MARKER = "<!-- newsitem:schema-table -->"


def _schema_table() -> str:
    rows = ["| format | JSON Schema | XSD |", "|---|---|---|"]
    for folder in _version_folders():
        schema_id = json.loads((folder / "newsitem.schema.json").read_text(encoding="utf-8"))
        xsd = folder / "newsitem.xsd"
        xsd_cell = f"[newsitem.xsd](schema/{folder.name}/newsitem.xsd)" if xsd.is_file() else ""
        rows.append(
            f"| {folder.name} | [{schema_id['$id']}](schema/{folder.name}/newsitem.schema.json) "
            f"| {xsd_cell} |"
        )
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Fill in the table of schemas; in an included document, point links to other included
    documents at their pages."""
    if SCHEMA_TABLE_MARKER in markdown:
        markdown = markdown.replace(SCHEMA_TABLE_MARKER, _schema_table())
    if page.file.src_uri in INCLUDED:
        for written, on_site in _LINKS.items():
            markdown = markdown.replace(written, on_site)
    return markdown


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """Add the generated and included pages and the published schema files."""
    from newsitem.cli import app

    for dest, source in INCLUDED.items():
        content = (ROOT / source).read_text(encoding="utf-8")
        files.append(File.generated(config, dest, content=content))
    files.append(File.generated(config, "cli.md", content=render_cli_reference(app)))
    files.append(File.generated(config, "iptc-mapping.md", content=_iptc_mapping()))
    for dest, path in schema_targets(config.site_url or ""):
        files.append(File.generated(config, dest, abs_src_path=str(path)))
    return files
