"""Fixtures for driving the CLI: sample items, feeds and a runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsitem.codecs import json_codec
from tests.conftest import EXAMPLES


@pytest.fixture
def runner() -> CliRunner:
    """A CLI runner (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture
def item_files() -> list[Path]:
    """The canonical JSON example articles."""
    return sorted((EXAMPLES / "articles").glob("*.json"))


@pytest.fixture
def jsonl_feed(tmp_path: Path, item_files: list[Path]) -> Path:
    """A JSON Lines feed of the example articles (valid, canonical lines)."""
    lines = [json_codec.dumps_line(json_codec.loads(p.read_bytes())) for p in item_files]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join(lines))
    return path


@pytest.fixture
def bad_jsonl(tmp_path: Path) -> Path:
    """A feed whose 2nd line is not JSON, 3rd is invalid, 1st and 5th are valid (4th blank)."""
    good = {"newsitem": "1.0", "headline": "Fine", "body": ["Text."]}
    lines = [
        json.dumps(good),
        '{"newsitem": "1.0", "headline": ',
        json.dumps({**good, "headline": " padded"}),
        "",
        json.dumps({**good, "headline": "Also fine"}),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
