"""The ``newsitem`` command line: option parsing only; the work is done by the library.

Exit codes: 0 all valid, 1 problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsitem.check import FileResult, InputError, check_file, expand
from newsitem.reporters import REPORTERS, summarize

app = typer.Typer(
    name="newsitem",
    help="Validate and convert news items (JSON, XML, raw text).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class OutputFormat(StrEnum):
    """Report formats of ``validate``."""

    text = "text"
    json = "json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"newsitem: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Files to validate.", show_default=False)],
    output: Annotated[
        OutputFormat, typer.Option("--output", "-o", help="Report format.")
    ] = OutputFormat.text,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list valid items.")
    ] = False,
) -> None:
    """Validate news item files and report every problem with its code and place."""
    started = time.perf_counter()
    results: list[FileResult] = []
    unreadable = False
    for path in expand(paths):
        try:
            results.append(check_file(path))
        except InputError as exc:
            typer.echo(f"newsitem: error: {exc}", err=True)
            unreadable = True
    summary = summarize(results, time.perf_counter() - started)
    sys.stdout.write(REPORTERS[output.value](results, summary, verbose=verbose))
    if unreadable:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PROBLEMS if summary.invalid else EXIT_OK)


@app.command()
def schema(
    version: Annotated[
        str | None, typer.Option("--version", help="Format version (default: current).")
    ] = None,
) -> None:
    """Print the JSON Schema of the current (or a given) format version."""
    from newsitem.errors import UnsupportedVersionError
    from newsitem.schemas import CURRENT_VERSION, schema_text

    try:
        sys.stdout.write(schema_text(version or CURRENT_VERSION))
    except UnsupportedVersionError as exc:
        raise _fail(str(exc)) from None


def main() -> None:
    """Entry point of the ``newsitem`` script."""
    app()
