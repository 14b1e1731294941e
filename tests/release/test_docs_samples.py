"""Every code sample of the documentation site runs, in a scratch folder holding a copy of
``examples/``, in the order a reader meets it.

The rules a page follows (CONTRIBUTING.md, "Documentation"):

- a block with ``title="NAME"`` is written to the file NAME; JSON files must parse, and the
  ``newsitem`` commands of a CI configuration (GitHub workflow ``run:`` steps, GitLab
  ``script:`` lines) are run; a ``.pre-commit-config.yaml`` must name this release's tag and
  existing hooks;
- a ``console`` block is a series of ``$ command`` lines (a trailing backslash continues one),
  each followed by the output it shows; a command must exit 0 unless the next command is
  ``echo $?``; shown output must match, timings such as ``(0.12s)`` aside;
- a ``python`` block without a title runs on its own; an ``output`` block right after it is
  its expected standard output;
- no other block may appear, so that nothing on the site goes unrun.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsitem import __version__
from tests.conftest import EXAMPLES, ROOT

yaml = pytest.importorskip("yaml", reason="PyYAML comes with the docs extra (make test)")

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_TITLE = re.compile(r'title="([^"]+)"')
_TIMING = re.compile(r"\(\d+(?:\.\d+)?s\)")


@dataclass
class Command:
    """One thing to run: a shell command or a python block, with what the page shows."""

    kind: str  # "shell" or "python"
    code: str
    line: int
    expected: str | None = None
    may_fail: bool = False


@dataclass
class Step:
    """A file to write or a command to run, in page order."""

    line: int
    write: tuple[str, str] | None = None
    command: Command | None = None


@dataclass
class Page:
    """The steps of one page."""

    path: Path
    steps: list[Step] = field(default_factory=list)


def _console_commands(body: str, first_line: int) -> list[Command]:
    commands: list[Command] = []
    lines = body.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            raise AssertionError(f"line {first_line + index}: console output before any command")
        start = index
        code = [line[2:]]
        while code[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            code.append(lines[index])
        index += 1
        shown: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            shown.append(lines[index])
            index += 1
        text = "\n".join(code)
        commands.append(
            Command("shell", text, first_line + start, "\n".join(shown) if shown else None)
        )
    for command, following in itertools.pairwise(commands):
        command.may_fail = following.code.strip() == "echo $?"
    return commands


def _ci_commands(name: str, text: str) -> list[str]:
    """The newsitem commands of a GitHub workflow or a GitLab CI file."""
    data = yaml.safe_load(text)
    found: list[str] = []
    if name.startswith(".github/workflows/"):
        for job in data["jobs"].values():
            found += [step["run"] for step in job["steps"] if "run" in step]
    elif name == ".gitlab-ci.yml":
        for job in data.values():
            if isinstance(job, dict):
                found += job.get("script", [])
    return [line for line in found if line.startswith("newsitem ")]


def _check_precommit(text: str) -> None:
    config = yaml.safe_load(text)
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    for repo in config["repos"]:
        assert repo["rev"] == f"v{__version__}", "rev must be this release's tag"
        assert {hook["id"] for hook in repo["hooks"]} <= hooks


def parse_page(path: Path) -> Page:
    """Split a page into files to write and commands to run."""
    text = path.read_text(encoding="utf-8")
    page = Page(path)
    previous: Command | None = None
    for match in _FENCE.finditer(text):
        info, body = match["info"].strip(), match["body"].rstrip("\n")
        language = info.split()[0] if info else ""
        line = text.count("\n", 0, match.start()) + 2
        title = _TITLE.search(info)
        if title:
            name = title[1]
            page.steps.append(Step(line, write=(name, body + "\n")))
            if name.endswith(".json"):
                json.loads(body)
            if name.endswith((".yml", ".yaml")):
                if name == ".pre-commit-config.yaml":
                    _check_precommit(body)
                for command in _ci_commands(name, body):
                    page.steps.append(Step(line, command=Command("shell", command, line)))
            previous = None
        elif language == "console":
            for command in _console_commands(body, line):
                page.steps.append(Step(command.line, command=command))
            previous = None
        elif language == "python":
            previous = Command("python", body + "\n", line)
            page.steps.append(Step(line, command=previous))
        elif language == "output":
            assert previous is not None, (
                f"{path}:{line}: an output block must follow a python block"
            )
            previous.expected = body
            previous = None
        else:
            raise AssertionError(f"{path}:{line}: a ```{info} block is not run by the tests")
    return page


def _script(page: Page, outdir: Path) -> str:
    """One bash script for the page: state (files, folder) carries from step to step."""
    out = ["set +e", "exec < /dev/null"]
    for number, step in enumerate(page.steps):
        if step.write:
            name, content = step.write
            out.append(f"mkdir -p {shlex.quote(str(Path(name).parent))}")
            out.append(f"cat > {shlex.quote(name)} <<'__NEWSITEM_DOCS_EOF__'")
            out.append(content + "__NEWSITEM_DOCS_EOF__")
            continue
        assert step.command is not None
        log = shlex.quote(str(outdir / f"{number}.out"))
        if step.command.kind == "python":
            code = step.command.code
            out.append(
                f"python - > {log} 2>&1 <<'__NEWSITEM_DOCS_EOF__'\n{code}__NEWSITEM_DOCS_EOF__"
            )
        else:
            out.append(f"{{\n{step.command.code}\n}} > {log} 2>&1")
        out.append(f'__rc=$?; echo "$__rc" > {shlex.quote(str(outdir / f"{number}.rc"))}')
        out.append("(exit $__rc)")
    return "\n".join(out) + "\n"


def _normalise(text: str) -> str:
    return _TIMING.sub("(…s)", text).rstrip("\n")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_samples_run(path: Path, tmp_path: Path) -> None:
    """Each command and python block of the page exits 0 (or shows its exit status with
    `echo $?`) and prints what the page shows."""
    page = parse_page(path)
    runs_node = any(s.command and s.command.code.startswith("node ") for s in page.steps)
    if runs_node and shutil.which("node") is None:
        pytest.skip("Node.js is not installed; the JavaScript producer cannot run")
    work, logs = tmp_path / "work", tmp_path / "logs"
    logs.mkdir()
    work.mkdir()
    shutil.copytree(EXAMPLES, work / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSITEM_", "PYTHON"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        ["bash", "-c", _script(page, logs)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    problems = []
    for number, step in enumerate(page.steps):
        command = step.command
        if command is None:
            continue
        where = f"{path.relative_to(ROOT)}:{command.line}: {command.code.splitlines()[0]}"
        output = (logs / f"{number}.out").read_text(encoding="utf-8")
        status = int((logs / f"{number}.rc").read_text())
        if status != 0 and not command.may_fail:
            problems.append(f"{where}\n  exited {status}:\n{output}")
        elif command.expected is not None and _normalise(output) != _normalise(command.expected):
            problems.append(f"{where}\n  printed:\n{output}\n  the page shows:\n{command.expected}")
    assert not problems, "\n\n".join(problems)


def test_every_page_is_in_the_site_navigation() -> None:
    """Each page under docs/ is listed in mkdocs.yml's nav, so none is left unreachable."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for path in PAGES:
        assert f": {path.relative_to(DOCS).as_posix()}\n" in config, path


def test_parser_reads_commands_output_and_exit_checks() -> None:
    """A console block splits into commands with their shown output; `echo $?` lets the
    command before it fail; an unknown block kind is refused."""
    commands = _console_commands("$ a \\\n  b\nout 1\nout 2\n$ false\n$ echo $?\n1", 10)
    assert [(c.code, c.expected, c.may_fail, c.line) for c in commands] == [
        ("a \\\n  b", "out 1\nout 2", False, 10),
        ("false", None, True, 14),
        ("echo $?", "1", False, 15),
    ]
    assert _normalise("4 item(s) (0.62s)\n") == _normalise("4 item(s) (12s)")


def test_unknown_block_is_refused(tmp_path: Path) -> None:
    """A fenced block the tests cannot run makes the page fail."""
    page = tmp_path / "page.md"
    page.write_text("```sh\nls\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not run by the tests"):
        parse_page(page)
