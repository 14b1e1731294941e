"""Hostile output situations: output inside the input, existing files, unwritable places, a
full disk, and a reader that closes standard output early."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.hostile.conftest import assert_clean, invoke, run, tree

GOOD = (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """An input directory holding three items."""
    root = tmp_path / "src"
    (root / "nested").mkdir(parents=True)
    for name in ("a.json", "b.json", "nested/c.json"):
        (root / name).write_bytes(GOOD)
    return root


def test_output_inside_the_input_tree(src: Path) -> None:
    """An output directory inside the input tree is refused before any work (exit 2)."""
    before = tree(src)
    for target in (src / "out", src / "nested" / "out", src):
        result = invoke(["convert", str(src), "--to", "xml", "-o", str(target), "-j", "1"])
        assert result.status == 2, result.both
        assert b"inside the input" in result.err
        assert_clean(result)
    assert tree(src) == before


def test_output_is_the_input_file(tmp_path: Path) -> None:
    """Converting a file onto itself is refused (exit 2) and the file is unchanged."""
    path = tmp_path / "a.json"
    path.write_bytes(GOOD)
    result = invoke(["convert", str(path), "--to", "json", "-o", str(path), "--force", "-j", "1"])
    assert result.status == 2
    assert b"is the input itself" in result.err
    assert path.read_bytes() == GOOD


def test_existing_output_file_is_kept(tmp_path: Path, src: Path) -> None:
    """An existing output file is kept (exit 2 for one file; in a tree, that item fails with
    NI113 and the others are written, exit 1) unless --force."""
    single = tmp_path / "a.xml"
    single.write_bytes(b"precious")
    result = invoke(["convert", str(src / "a.json"), "--to", "xml", "-o", str(single), "-j", "1"])
    assert result.status == 2
    assert b"exists" in result.err
    assert single.read_bytes() == b"precious"
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.xml").write_bytes(b"precious")
    result = invoke(["convert", str(src), "--to", "xml", "-o", str(out), "-j", "1"])
    assert result.status == 1
    assert "NI113" in result.codes()
    assert (out / "b.xml").read_bytes() == b"precious"
    assert tree(out) == ["a.xml", "b.xml", "nested", "nested/c.xml"]
    forced = invoke(["convert", str(src), "--to", "xml", "-o", str(out), "--force", "-j", "1"])
    assert forced.status == 0
    assert (out / "b.xml").read_bytes().startswith(b"<?xml")
    assert tree(out) == ["a.xml", "b.xml", "nested", "nested/c.xml"]


def test_output_under_a_regular_file(tmp_path: Path, src: Path) -> None:
    """An output whose parent is a regular file (cannot be a directory) fails with exit 2 and
    a message, for a tree, a single file and an archive; nothing is written (root-proof)."""
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"x")
    before = tree(tmp_path)
    cases = [
        (str(src), blocker / "tree"),
        (str(src / "a.json"), blocker / "one.xml"),
        (str(src), blocker / "all.tar.gz"),
    ]
    for source, target in cases:
        result = invoke(["convert", source, "--to", "xml", "-o", str(target), "-j", "1"])
        assert result.status == 2, result.both
        assert b"Not a directory" in result.err or b"cannot" in result.err
        assert_clean(result)
    assert blocker.read_bytes() == b"x"
    assert tree(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_directory(tmp_path: Path, src: Path) -> None:
    """A read-only output directory: exit 2 with a message, no file and no temporary left."""
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = invoke(["convert", str(src), "--to", "xml", "-o", str(out), "-j", "1"])
        assert result.status == 2, result.both
        assert b"ermission denied" in result.err
        assert_clean(result)
        assert tree(out) == []
    finally:
        out.chmod(0o755)


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("target", ["feed.jsonl", "tree", "all.tar", "all.zip", "one.json"])
def test_full_disk(tmp_path: Path, target: str) -> None:
    """A write that fails (files limited to 4 KiB: EFBIG, as on a full disk) ends the run with
    exit 2 and a message, and leaves no partial output and no temporary file."""
    source = tmp_path / "in" / ("one.json" if target == "one.json" else "feed.jsonl")
    source.parent.mkdir()
    line = b'{"newsitem": "1.0", "headline": "H", "body": ["' + b"word " * 2000 + b'end"]}\n'
    source.write_bytes(line if target == "one.json" else line * 20)
    out_root = tmp_path / "out"
    out_root.mkdir()
    form = "jsonl" if target == "feed.jsonl" else "json"
    result = run(
        ["convert", str(source), "--to", form, "-o", str(out_root / target), "-j", "1"],
        preexec_fn=_small_files,
    )
    assert result.status == 2, result.both
    assert b"File too large" in result.err
    assert_clean(result)
    leftovers = [p for p in tree(out_root) if not (out_root / p).is_dir()]
    assert leftovers == []


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{feed}"],
        ["validate", "--output-format", "json", "{feed}"],
        ["validate", "--output-format", "sarif", "{feed}"],
        ["convert", "{feed}", "--to", "jsonl"],
        ["convert", "{feed}", "--to", "xml-feed"],
    ],
)
def test_stdout_closed_early(tmp_path: Path, command: list[str]) -> None:
    """A reader that closes standard output early: a quiet exit, status 141, no traceback."""
    feed = tmp_path / "feed.jsonl"
    line = GOOD.replace(b"\n", b"") + b"\n"
    if command[0] == "validate":  # invalid items, so that the report is long
        line = line.replace(b'"headline": "', b'"headline": " ')
    feed.write_bytes(line * (1000 if command[0] == "validate" else 3000))
    args = [a.replace("{feed}", str(feed)) for a in command]
    with (tmp_path / "stderr").open("w+b") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsitem", *args],
            stdout=subprocess.PIPE,
            stderr=err_file,
        )
        assert proc.stdout is not None
        assert len(proc.stdout.read(100)) == 100
        proc.stdout.close()
        proc.wait(timeout=30)
        err_file.seek(0)
        err = err_file.read()
    assert proc.returncode == 141, err
    assert err == b""
