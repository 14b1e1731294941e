"""On a terminal, validate shows a progress bar with the total and the time left (rich);
off a terminal, nothing of it reaches standard error."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES


def _stderr_on_terminal(args: list[str]) -> bytes:
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsitem", *args],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(primary)
    return seen


def test_progress_has_total_and_eta(tmp_path: Path) -> None:
    """validate over a known number of files shows `checking`, done/total and an ETA."""
    for n in range(40):
        (tmp_path / f"item{n:02d}.json").write_bytes(
            (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()
        )
    seen = _stderr_on_terminal(["validate", str(tmp_path)])
    text = seen.decode("utf-8", "replace")
    assert "checking" in text
    assert "/40" in text
    assert "ETA" in text


def test_no_progress_off_terminal(tmp_path: Path) -> None:
    """With standard error not a terminal, no progress bar is drawn."""
    proc = subprocess.run(
        [sys.executable, "-m", "newsitem", "validate", str(EXAMPLES / "articles")],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0
    assert b"checking" not in proc.stderr
    assert proc.stderr == b""
