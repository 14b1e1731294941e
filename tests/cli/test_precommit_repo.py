"""The pre-commit hook as the README configures it, in a scratch git repository: it fails only
on the bad item, never on package.json, pom.xml or NOTES.txt, and prints one summary.

pre-commit installs the hook into its own virtual environment with pip (from the package
indexes pip is configured with); when that cannot be done here, the test is skipped with the
reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

#: Commit dates fixed so that the same tree gives the same commit, and pre-commit's cache
#: (keyed by repository and revision) is reused from one run to the next.
_FIXED_DATE = "2026-01-01T00:00:00+00:00"


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": _FIXED_DATE,
        "GIT_COMMITTER_DATE": _FIXED_DATE,
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _snapshot(target: Path) -> str:
    """A git repository at ``target`` holding this working tree as it is (uncommitted changes
    too); returns its commit."""
    listed = _git(ROOT, "ls-files", "-co", "--exclude-standard", "-z")
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return _git(target, "rev-parse", "HEAD").strip()


def _readme_hook_config() -> str:
    """The .pre-commit-config.yaml the README shows (the block after 'pre-commit-config')."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
    assert match, "README.md shows no ```yaml block starting with # .pre-commit-config.yaml"
    return match.group(1)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hook_fails_only_on_the_bad_item(tmp_path: Path) -> None:
    """A scratch repository with non-item JSON/XML/text files and one bad item: the hook fails
    naming only the bad item, with one summary line."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    hook_repo = tmp_path / "newsitem-src"
    rev = _snapshot(hook_repo)
    work = tmp_path / "work"
    (work / "news").mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "articles" / "chess-prodigy.json", work / "news" / "chess.json")
    shutil.copyfile(EXAMPLES / "articles" / "museum-heist.xml", work / "news" / "heist.xml")
    shutil.copyfile(EXAMPLES / "invalid" / "missing-headline.json", work / "news" / "bad.json")
    (work / "package.json").write_text('{"name": "site", "version": "1.0.0"}\n')
    (work / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion></project>\n")
    (work / "NOTES.txt").write_text("Remember to rotate the keys.\n")
    (work / "requirements.txt").write_text("requests>=2\n")
    config = _readme_hook_config()
    config = re.sub(r"repo: \S+", f"repo: {hook_repo.as_posix()}", config, count=1)
    config = re.sub(r"rev: \S+", f"rev: {rev}", config, count=1)
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    cache = ROOT / ".venv" / "pre-commit-cache"
    env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "PRE_COMMIT_COLOR": "never"}
    env.pop("NEWSITEM_IPTC_SCHEMAS", None)
    proc = subprocess.run(
        [str(pre_commit), "run", "--all-files"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    out = proc.stdout + proc.stderr
    if "An unexpected error has occurred" in out and "pip" in out:
        pytest.skip(f"pre-commit could not install the hook here (offline?): {out[-400:]}")
    assert proc.returncode == 1, out
    named = set(re.findall(r"^(\S+?):(?:\d+|-):", proc.stdout, re.M))
    assert named == {"news/bad.json"}, out
    for other in ("package.json", "pom.xml", "NOTES.txt", "requirements.txt"):
        assert other not in out
    summaries = re.findall(r"^\d+ file\(s\), \d+ item\(s\):.*$", proc.stdout, re.M)
    assert len(summaries) == 1, out
    assert summaries[0].startswith("3 file(s), 3 item(s): 2 valid, 1 invalid")
