"""The pre-commit hook definitions point at the real CLI and match the right files."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _hooks() -> list[dict[str, str]]:
    hooks: list[dict[str, str]] = []
    for raw in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        line = raw
        if line.startswith("- "):
            hooks.append({})
            line = line[2:]
        if ":" in line and hooks and not line.lstrip().startswith("#"):
            key, _, value = line.strip().partition(":")
            hooks[-1][key] = value.strip()
    return hooks


def test_validate_hook_runs_newsitem_validate() -> None:
    """The main hook runs `newsitem validate` as a python hook."""
    main = next(h for h in _hooks() if h["id"] == "newsitem-validate")
    assert main["entry"] == "newsitem validate"
    assert main["language"] == "python"


def test_hook_file_patterns() -> None:
    """The hook matches item files and feeds, gzip too, and nothing else."""
    main = next(h for h in _hooks() if h["id"] == "newsitem-validate")
    pattern = re.compile(main["files"])
    for name in ("a.json", "b.jsonl", "c.xml", "d.txt", "e.ndjson", "f.jsonl.gz"):
        assert pattern.search(name), name
    for name in ("a.py", "README.md", "x.json.bak"):
        assert not pattern.search(name), name


def test_hooks_run_serially() -> None:
    """Every hook gets all its files in one run (one summary per commit)."""
    for hook in _hooks():
        assert hook["require_serial"] == "true", hook["id"]
        assert hook["types"] == "[file]", hook["id"]


def test_hook_leaves_out_common_non_item_files() -> None:
    """package.json, pom.xml, requirements.txt and the like are excluded; items are not."""
    for hook in _hooks():
        files = re.compile(hook["files"])
        exclude = re.compile(hook["exclude"])

        def selected(
            name: str, files: re.Pattern[str] = files, ex: re.Pattern[str] = exclude
        ) -> bool:
            return bool(files.search(name)) and not ex.search(name)

        for name in ("package.json", "web/package-lock.json", "pom.xml", "requirements-dev.txt"):
            assert not selected(name), (hook["id"], name)
        assert any(selected(n) for n in ("news/a.json", "news/b.xml")), hook["id"]
