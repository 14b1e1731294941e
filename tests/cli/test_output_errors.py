"""Writing output fails: a full disk or a closed standard output is one line and exit 2; a
reader that closes the pipe early (``| head -1``) is normal: a quiet exit with status 141."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

COMMANDS = [
    ["validate", str(EXAMPLES)],
    ["validate", "--output-format", "sarif", str(EXAMPLES / "invalid")],
    ["validate", "--output-format", "junit", str(EXAMPLES / "invalid")],
    ["schema"],
    ["schema", "--xsd"],
    ["convert", str(EXAMPLES / "articles" / "chess-prodigy.json"), "--to", "xml"],
    ["--help"],
]


def _newsitem(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "newsitem", *args], check=False, timeout=120, **kwargs
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3])[:40])
def test_full_disk(args: list[str]) -> None:
    """`> /dev/full`: one line on stderr naming the cause, exit 2, no traceback."""
    with Path("/dev/full").open("wb") as full:
        proc = _newsitem(args, stdout=full, stderr=subprocess.PIPE)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "No space left on device" in lines[0]


@pytest.mark.parametrize("args", [COMMANDS[0], COMMANDS[3]], ids=lambda a: " ".join(a[:3])[:40])
def test_closed_stdout(args: list[str]) -> None:
    """`>&-` (standard output closed): one line on stderr, exit 2, no traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "newsitem", *args],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert "standard output" in err
