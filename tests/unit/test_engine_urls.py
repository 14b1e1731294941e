"""Paths given as URLs go through fsspec (here its in-memory file system, with the engine in
this process): the same report and the same bytes as local files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsitem.cli import app
from tests.dask.corpus import write_jsonl

fsspec = pytest.importorskip("fsspec", reason="fsspec (the dask extra) is not installed")


@pytest.fixture
def memory() -> Iterator[Any]:
    """fsspec's in-memory file system, emptied after the test."""
    fs = fsspec.filesystem("memory")
    yield fs
    fs.rm("/", recursive=True)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_a_url(tmp_path: Path, memory: Any) -> None:
    """A feed read through fsspec is reported like the same feed on disk (its URL as name)."""
    feed = write_jsonl(tmp_path / "feed.jsonl", 400)
    memory.pipe_file("/feeds/feed.jsonl", feed.read_bytes())
    local = _run("validate", str(feed))
    remote = _run("validate", "memory://feeds/feed.jsonl")
    assert local[0] == remote[0] == 1
    expected = local[1].replace(str(feed), "memory://feeds/feed.jsonl").rsplit(" (", 1)[0]
    assert remote[1].rsplit(" (", 1)[0] == expected


def test_convert_between_urls(tmp_path: Path, memory: Any) -> None:
    """Feeds and Parquet written to URLs (partitions and manifest) hold the local bytes, and
    Parquet read back from a URL gives the original feed."""
    feed = write_jsonl(tmp_path / "feed.jsonl", 400, broken=False)
    memory.pipe_file("/in/feed.jsonl", feed.read_bytes())
    code, _, err = _run("convert", "memory://in/feed.jsonl", "--to", "jsonl", "-o", "memory://out")
    assert code == 0, err
    manifest = json.loads(memory.cat_file("/out/_manifest.json"))
    joined = b"".join(memory.cat_file(f"/out/{p['file']}") for p in manifest["partitions"])
    assert joined == feed.read_bytes()
    code, _, err = _run("convert", str(feed), "--to", "parquet", "-o", "memory://pq")
    assert code == 0, err
    back = tmp_path / "back.jsonl"
    code, _, err = _run(
        "convert", "memory://pq", "--from", "parquet", "--to", "jsonl", "-o", str(back)
    )
    assert code == 0, err
    assert back.read_bytes() == feed.read_bytes()
    code, _, err = _run("convert", str(feed), "--to", "parquet", "-o", "memory://pq")
    assert code == 2 and "--force" in err
