"""The shipped CI pieces, run as far as this machine allows: the Dockerfile's RUN steps and
entry point (in a virtual environment: no docker engine here), the GitHub Action's `run:`
steps as a script (its report parsed as GitHub parses workflow commands), and the GitLab job's
script (its JUnit report parsed as GitLab reads it).

They share one fresh virtual environment that pip fills from the package indexes it is
configured with; when that cannot be done here, the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.conftest import EXAMPLES, ROOT


def _sh(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment (its bin first on PATH stands for setup-python's Python).

    It sees the test environment's packages through a ``.pth`` line, as a CI cache would
    provide them, so that the steps' installs only build and install newsitem itself (pip
    leaves the test environment's own newsitem alone: it is outside this environment).
    """
    path = tmp_path_factory.mktemp("ci") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    ours = next(Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    (site,) = path.glob("lib/python*/site-packages")
    (site / "zz-test-environment.pth").write_text(f"{ours}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def wheelhouse(venv: Path) -> Path:
    """newsitem's build backend, fetched once: the steps' builds then need no index."""
    house = venv.parent / "wheelhouse"
    proc = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "download",
            "-q",
            "-d",
            str(house),
            "hatchling",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    _skip_if_offline(proc)
    assert proc.returncode == 0, proc.stderr
    return house


@pytest.fixture(scope="module")
def base_env(venv: Path, wheelhouse: Path) -> dict[str, str]:
    """The environment of a CI step: the venv's bin first on PATH, nothing of ours set, pip
    pointed at the wheelhouse (as a CI's pip cache would serve it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSITEM_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env |= {"PIP_FIND_LINKS": str(wheelhouse), "PIP_NO_INDEX": "1"}
    return env


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A checkout with one valid, one invalid and one unreadable (gzip that is not) item."""
    news = tmp_path / "project" / "news"
    news.mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "articles" / "chess-prodigy.json", news / "good.json")
    shutil.copyfile(EXAMPLES / "invalid" / "missing-headline.json", news / "bad.json")
    return news.parent


def _skip_if_offline(proc: subprocess.CompletedProcess[str]) -> None:
    text = proc.stdout + proc.stderr
    if proc.returncode != 0 and re.search(
        r"No matching distribution|Could not find a version|connection|Network is unreachable", text
    ):
        pytest.skip(f"pip cannot install newsitem's dependencies here: {text[-300:]}")


def _dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (keyword, arguments), continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n\s*", " ", text)
    found = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, args = line.strip().partition(" ")
            found.append((keyword.upper(), args.strip()))
    return found


def test_dockerfile_steps(venv: Path, base_env: dict[str, str], tmp_path: Path) -> None:
    """The Dockerfile copies files that exist, its RUN steps build and install the wheel, and
    its entry point runs `newsitem` (useradd, which needs root, is left out)."""
    steps = _dockerfile()
    stages = [args for keyword, args in steps if keyword == "FROM"]
    assert stages and all(s.startswith("python:3.1") for s in stages)
    assert ("ENTRYPOINT", '["newsitem"]') in steps
    context = tmp_path / "context"
    context.mkdir()
    wheels = tmp_path / "wheels"
    for keyword, args in steps:
        if keyword == "COPY" and not args.startswith("--from"):
            *sources, _ = args.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
                if (ROOT / source).is_dir():
                    shutil.copytree(ROOT / source, context / source)
                else:
                    shutil.copyfile(ROOT / source, context / source)
        elif keyword == "RUN":
            commands = [c.strip() for c in args.split("&&")]
            script = " && ".join(c for c in commands if not c.startswith("useradd"))
            script = script.replace("/wheels", str(wheels))
            proc = _sh(script, context, base_env)
            _skip_if_offline(proc)
            assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not wheels.exists(), "the wheel folder is removed after the install"
    cmd = next(json for keyword, json in steps if keyword == "CMD")
    args = yaml.safe_load(cmd)
    proc = _sh(shlex.join(["newsitem", *args]), tmp_path, base_env)
    assert proc.returncode == 0, proc.stderr
    assert "validate" in proc.stdout


def _workflow_commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    """Workflow commands as GitHub reads them: (command, properties, message), unescaped."""

    def unescape(value: str) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(code, char)
        return value

    found = []
    for line in text.splitlines():
        match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
        if match:
            props = dict(p.split("=", 1) for p in (match.group(2) or "").split(",") if p)
            props = {k: unescape(v) for k, v in props.items()}
            found.append((match.group(1), props, unescape(match.group(3))))
    return found


def test_github_action_steps(venv: Path, base_env: dict[str, str], project: Path) -> None:
    """action.yml is a composite action (setup-python, install, validate); its `run:` steps as
    a script give annotations for the bad and the unreadable input, and fail (exit 2)."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    inputs |= {"paths": "news/ news/missing.json", "args": "--ignore NI3"}
    status = 0
    for step in steps[1:]:
        assert step["shell"] == "bash"
        env = dict(base_env, GITHUB_ACTION_PATH=str(ROOT))
        for name, value in step.get("env", {}).items():
            env[name] = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m[1]], value)
        proc = _sh(step["run"], project, env)
        _skip_if_offline(proc)
        status = proc.returncode
        if "validate" not in step["run"]:
            assert status == 0, proc.stdout + proc.stderr
    assert status == 2
    commands = _workflow_commands(proc.stdout)
    errors = {(p["file"], p.get("title")) for c, p, _ in commands if c == "error"}
    assert errors == {
        ("news/bad.json", "NI101"),
        ("news/bad.json", "NI102"),
        ("news/missing.json", "unreadable"),
    }
    assert commands[-1][0] == "notice"
    assert "1 invalid" in commands[-1][2]


def test_gitlab_job_script(venv: Path, base_env: dict[str, str], project: Path) -> None:
    """ci/gitlab-newsitem.yml: its script writes the JUnit report GitLab is told to read, with
    a failure for the bad item and an error for the unreadable one; the job fails (exit 2)."""
    jobs = yaml.safe_load((ROOT / "ci" / "gitlab-newsitem.yml").read_text(encoding="utf-8"))
    job = jobs["newsitem"]
    report = project / job["artifacts"]["reports"]["junit"]
    assert job["artifacts"]["when"] == "always"
    env = dict(base_env, **{k: str(v) for k, v in job["variables"].items()})
    env |= {"NEWSITEM_PACKAGE": str(ROOT), "NEWSITEM_PATHS": "news/ news/missing.json"}
    *install, check = job["script"]
    for line in install:
        proc = _sh(line, project, env)
        _skip_if_offline(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _sh(check, project, env)
    assert proc.returncode == 2, proc.stderr
    root = etree.parse(str(report)).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    failed = {c.get("classname") for c in root.iter("testcase") if c.find("failure") is not None}
    errored = {c.get("classname") for c in root.iter("testcase") if c.find("error") is not None}
    assert (failed, errored) == ({"news/bad.json"}, {"news/missing.json"})
