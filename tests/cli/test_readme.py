"""Every ```console block of README.md runs as shown: its `$ ` commands are run in a scratch
copy of the examples, with the newsitem of this environment first on PATH, and their output
(standard output and error together; timings masked) must be the lines the block shows."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

_TIMING = re.compile(r"\(\d+\.\d+s\)")


def _blocks() -> list[tuple[int, list[str]]]:
    """(line number, lines) of every console block of README.md."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        if current is None and line.strip() == "```console":
            current = []
            blocks.append((number, current))
        elif current is not None and line.startswith("```"):
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def _commands(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) per `$ ` command; `\\` continues a command."""
    found: list[tuple[str, list[str]]] = []
    continued = False
    for line in lines:
        if continued:
            found[-1] = (found[-1][0] + "\n" + line, found[-1][1])
        elif line.startswith("$ "):
            found.append((line[2:], []))
        else:
            assert found, f"output before the first command: {line!r}"
            found[-1][1].append(line)
        continued = line.endswith("\\")
    return found


def _script(commands: list[tuple[str, list[str]]]) -> str:
    """One bash script running the commands in turn, each preceded by a marker line; the
    status of each command is kept for the next (`echo $?`)."""
    parts = ["exec 2>&1", "__status=0"]
    for index, (command, _) in enumerate(commands):
        parts.append(f"echo {shlex.quote(f'@@command {index}@@')}")
        parts.append(f"(exit $__status); {command}\n__status=$?")
    return "\n".join(parts) + "\n"


BLOCKS = _blocks()


def test_readme_has_console_blocks() -> None:
    """README.md shows console examples (so the test below checks something)."""
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize(("line", "lines"), BLOCKS, ids=[f"line{n}" for n, _ in BLOCKS])
def test_console_block(line: int, lines: list[str], tmp_path: Path) -> None:
    """The block's commands print what the block shows (timings masked)."""
    commands = _commands(lines)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSITEM_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    proc = subprocess.run(
        ["bash", "-c", _script(commands)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    outputs = re.split(r"^@@command \d+@@\n", proc.stdout, flags=re.M)[1:]
    assert len(outputs) == len(commands), proc.stdout
    for (command, expected), got in zip(commands, outputs, strict=True):
        shown = _TIMING.sub("(…s)", "\n".join(expected))
        actual = _TIMING.sub("(…s)", got.rstrip("\n"))
        assert actual == shown, f"README.md line {line}: $ {command}"
