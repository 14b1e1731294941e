"""The CLI passes configuration as arguments: no environment writes, no process-wide limits."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from newsitem import _xmlsafe
from newsitem.cli import app


def test_validate_leaves_environment_and_xml_limit_alone(
    runner: CliRunner, item_files: list[Path], tmp_path: Path
) -> None:
    """--iptc-schemas and a raised --max-item-bytes change nothing after the command."""
    before = dict(os.environ)
    limit = _xmlsafe._MAX_BYTES.get()
    result = runner.invoke(
        app,
        [
            "validate",
            "--iptc-schemas",
            str(tmp_path),
            "--max-item-bytes",
            str(200 * 1024 * 1024),
            *map(str, item_files),
        ],
    )
    assert result.exit_code == 0, result.output
    assert dict(os.environ) == before
    assert _xmlsafe._MAX_BYTES.get() == limit
