"""`newsitem convert`: files, directories, archives and feeds, atomically and losslessly."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsitem.cli import app
from newsitem.codecs import json_codec


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_single_file_to_stdout_and_back(
    runner: CliRunner, tmp_path: Path, item_files: list[Path]
) -> None:
    """One JSON item converts to XML on stdout, and that XML converts back to the same JSON."""
    xml = runner.invoke(app, ["convert", str(item_files[0]), "--to", "xml"])
    assert xml.exit_code == 0, xml.output
    assert xml.stdout_bytes.startswith(b"<?xml")
    path = tmp_path / "item.xml"
    path.write_bytes(xml.stdout_bytes)
    back = runner.invoke(
        app, ["convert", str(path), "--to", "json", "-o", str(tmp_path / "item.json")]
    )
    assert back.exit_code == 0, back.output
    assert (tmp_path / "item.json").read_bytes() == item_files[0].read_bytes()


def test_directory_roundtrip_is_identical(
    runner: CliRunner, tmp_path: Path, item_files: list[Path]
) -> None:
    """A directory of items -> XML tree -> JSON tree gives files identical to the originals."""
    src = tmp_path / "src" / "nested"
    src.mkdir(parents=True)
    for p in item_files:
        (src / p.name).write_bytes(p.read_bytes())
    to_xml = runner.invoke(
        app, ["convert", str(tmp_path / "src"), "--to", "xml", "-o", str(tmp_path / "xml")]
    )
    assert to_xml.exit_code == 0, to_xml.output
    assert sorted(_tree(tmp_path / "xml")) == sorted(f"nested/{p.stem}.xml" for p in item_files)
    back = runner.invoke(
        app, ["convert", str(tmp_path / "xml"), "--to", "json", "-o", str(tmp_path / "back")]
    )
    assert back.exit_code == 0, back.output
    assert _tree(tmp_path / "back") == _tree(tmp_path / "src")


def test_tar_gz_roundtrip(runner: CliRunner, tmp_path: Path, item_files: list[Path]) -> None:
    """A .tar.gz of items -> .tar.gz of XML -> .tar.gz of JSON: same members, same bytes."""
    original = tmp_path / "items.tar.gz"
    with tarfile.open(original, "w:gz") as tar:
        for p in item_files:
            data = p.read_bytes()
            info = tarfile.TarInfo(f"items/{p.name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    xml = tmp_path / "xml.tar.gz"
    back = tmp_path / "back.tar.gz"
    assert (
        runner.invoke(app, ["convert", str(original), "--to", "xml", "-o", str(xml)]).exit_code == 0
    )
    assert runner.invoke(app, ["convert", str(xml), "--to", "json", "-o", str(back)]).exit_code == 0

    def members(path: Path) -> dict[str, bytes]:
        with tarfile.open(path) as tar:
            return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]

    assert members(back) == members(original)


def test_archive_to_directory_and_zip(
    runner: CliRunner, tmp_path: Path, item_files: list[Path]
) -> None:
    """An archive converts to a directory and to a .zip."""
    original = tmp_path / "items.tar"
    with tarfile.open(original, "w") as tar:
        for p in item_files:
            tar.add(p, arcname=p.name)
    result = runner.invoke(
        app, ["convert", str(original), "--to", "text", "-o", str(tmp_path / "txt")]
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "txt").glob("*.txt"))) == len(item_files)
    result = runner.invoke(
        app, ["convert", str(original), "--to", "xml", "-o", str(tmp_path / "out.zip")]
    )
    assert result.exit_code == 0, result.output
    import zipfile

    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert sorted(zf.namelist()) == sorted(p.stem + ".xml" for p in item_files)


def test_jsonl_xml_feed_roundtrip(runner: CliRunner, tmp_path: Path, jsonl_feed: Path) -> None:
    """JSONL feed -> XML feed -> JSONL feed is byte-identical, with --jobs 1 and 2 alike."""
    xml_feed = tmp_path / "feed.xml"
    result = runner.invoke(
        app, ["convert", str(jsonl_feed), "--to", "xml-feed", "-o", str(xml_feed), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.jsonl"
    result = runner.invoke(
        app, ["convert", str(xml_feed), "--to", "jsonl", "-o", str(back), "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    assert back.read_bytes() == jsonl_feed.read_bytes()
    validate = runner.invoke(app, ["validate", str(xml_feed)])
    assert validate.exit_code == 0, validate.output
    assert "5 item(s): 5 valid" in validate.stdout


def test_feed_to_directory_of_items(runner: CliRunner, tmp_path: Path, jsonl_feed: Path) -> None:
    """A feed converted to a single-item form becomes one file per item, in feed order."""
    result = runner.invoke(
        app, ["convert", str(jsonl_feed), "--to", "json", "-o", str(tmp_path / "items")]
    )
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "items" / "feed").glob("*.json"))
    assert [f.name for f in files] == [f"{i:06d}.json" for i in range(1, 6)]
    lines = jsonl_feed.read_bytes().splitlines(keepends=True)
    assert [json_codec.dumps_line(json_codec.loads(f.read_bytes())) for f in files] == lines


def test_failed_items_reported_rest_converted(
    runner: CliRunner, tmp_path: Path, bad_jsonl: Path
) -> None:
    """Items that fail are reported with their line; the others are written; exit 1."""
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["convert", str(bad_jsonl), "--to", "jsonl", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{bad_jsonl}:2:" in result.stderr
    assert f"{bad_jsonl}:3:" in result.stderr
    assert "4 item(s): 2 converted, 2 failed" in result.stderr
    assert [json_codec.loads(line).headline for line in out.read_bytes().splitlines()] == [
        "Fine",
        "Also fine",
    ]


def test_existing_output_kept_unless_force(
    runner: CliRunner, tmp_path: Path, item_files: list[Path]
) -> None:
    """An existing output file is never overwritten without --force."""
    out = tmp_path / "out.xml"
    out.write_text("precious")
    result = runner.invoke(app, ["convert", str(item_files[0]), "--to", "xml", "-o", str(out)])
    assert result.exit_code == 2
    assert "exists" in result.stderr
    assert out.read_text() == "precious"
    result = runner.invoke(
        app, ["convert", str(item_files[0]), "--to", "xml", "-o", str(out), "--force"]
    )
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"<?xml")


def test_existing_files_in_tree_kept(
    runner: CliRunner, tmp_path: Path, item_files: list[Path]
) -> None:
    """In a tree, an existing file is kept and reported; the others are written; exit 1."""
    src = tmp_path / "src"
    src.mkdir()
    for p in item_files[:2]:
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{item_files[0].stem}.xml").write_text("keep me")
    result = runner.invoke(app, ["convert", str(src), "--to", "xml", "-o", str(out)])
    assert result.exit_code == 1
    assert (out / f"{item_files[0].stem}.xml").read_text() == "keep me"
    assert (out / f"{item_files[1].stem}.xml").read_bytes().startswith(b"<?xml")


def test_several_items_need_an_output(runner: CliRunner, jsonl_feed: Path) -> None:
    """A feed to a single-item form without -o is a usage error that says what to do."""
    result = runner.invoke(app, ["convert", str(jsonl_feed), "--to", "xml"])
    assert result.exit_code == 2
    assert "-o DIRECTORY" in result.stderr


def test_output_inside_input_refused(
    runner: CliRunner, tmp_path: Path, item_files: list[Path]
) -> None:
    """Writing the output inside the input tree is refused before any work."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.json").write_bytes(item_files[0].read_bytes())
    result = runner.invoke(app, ["convert", str(src), "--to", "xml", "-o", str(src / "out")])
    assert result.exit_code == 2
    assert "inside the input" in result.stderr
    assert not (src / "out").exists()


def _big_feed(path: Path, count: int) -> None:
    line = b'{"newsitem":"1.0","headline":"Item","body":["' + b"word " * 200 + b'end"]}\n'
    with path.open("wb") as handle:
        for _ in range(count):
            handle.write(line)


@pytest.mark.slow
def test_sigkill_leaves_no_partial_output(tmp_path: Path) -> None:
    """A conversion killed with SIGKILL midway leaves no partial output and no temporary file:
    the output is absent, or (had it just finished) complete."""
    feed = tmp_path / "big.jsonl"
    count = 150_000
    _big_feed(feed, count)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "big.xml"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsitem",
            "convert",
            str(feed),
            "--to",
            "xml-feed",
            "-o",
            str(out),
            "-j",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.5)
    killed_midway = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert killed_midway, "conversion finished before it could be killed; make the feed larger"
    left = list(out_dir.iterdir())
    assert left in ([], [out])
    if left:  # it had completed and linked the file just before the kill
        data = out.read_bytes()
        assert data.endswith(b"</ni:newsFeed>\n")
        assert data.count(b"<ni:newsItem") == count


def test_closed_stdout_is_clean(tmp_path: Path, jsonl_feed: Path) -> None:
    """Output piped into a reader that closes early ends quietly with status 141 (as a Unix
    tool killed by SIGPIPE), no traceback."""
    feed = tmp_path / "many.jsonl"
    feed.write_bytes(jsonl_feed.read_bytes() * 2000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsitem", "convert", str(feed), "--to", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.read(100)
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141
    assert err == b""


def test_no_validate_converts_invalid_items_but_reports_unknown_fields(
    runner: CliRunner, tmp_path: Path
) -> None:
    """--no-validate writes an item that breaks a value rule as it is, but an unknown field,
    which no form can carry, is reported (NI102) rather than dropped."""
    loose = tmp_path / "loose.json"
    loose.write_text('{"newsitem": "1.0", "headline": "Harbour ", "body": ["x"]}')
    checked = runner.invoke(app, ["convert", str(loose), "--to", "json"])
    assert checked.exit_code == 1
    assert "NI201" in checked.stderr
    unchecked = runner.invoke(app, ["convert", str(loose), "--to", "json", "--no-validate"])
    assert unchecked.exit_code == 0, unchecked.stderr
    assert '"headline": "Harbour "' in unchecked.stdout
    odd = tmp_path / "odd.json"
    odd.write_text('{"newsitem": "1.0", "headline": "H", "body": ["x"], "mood": "sunny"}')
    reported = runner.invoke(app, ["convert", str(odd), "--to", "json", "--no-validate"])
    assert reported.exit_code == 1
    assert "NI102" in reported.stderr
    assert "$.mood" in reported.stderr
