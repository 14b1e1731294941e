"""Hostile archives: escaping paths, links, devices, bombs, duplicates; nothing written outside."""

from __future__ import annotations

import gzip
import io
import tarfile
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.hostile.conftest import MiB, assert_clean, invoke, run, tree

GOOD = (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()


def _add(
    tar: tarfile.TarFile,
    name: str,
    data: bytes = GOOD,
    kind: bytes = tarfile.REGTYPE,
    link: str = "",
) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    if kind == tarfile.REGTYPE:
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    else:
        if kind == tarfile.CHRTYPE:
            info.devmajor, info.devminor = 1, 3
        tar.addfile(info)


def _evil_tar(path: Path) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        _add(tar, "ok.json")
        _add(tar, "../escape.json")
        _add(tar, "sub/../../escape2.json")
        _add(tar, "/tmp/absolute.json")
        _add(tar, "link.json", kind=tarfile.SYMTYPE, link="/etc/passwd")
        _add(tar, "hard.json", kind=tarfile.LNKTYPE, link="ok.json")
        _add(tar, "null.json", kind=tarfile.CHRTYPE)
        _add(tar, "fifo.json", kind=tarfile.FIFOTYPE)
        _add(tar, "dup.json")
        _add(tar, "dup.json", GOOD.replace(b"chess", b"draughts"))
    return path


def _evil_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        archive.writestr("ok.json", GOOD)
        archive.writestr("../escape.json", GOOD)
        archive.writestr("/tmp/absolute.json", GOOD)
        archive.writestr("C:\\windows\\drive.json", GOOD)
        link = zipfile.ZipInfo("link.json")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("dup.json", GOOD)
        archive.writestr("dup.json", GOOD.replace(b"chess", b"draughts"))
    return path


# What each hostile member must give: (member name, code, words in the message).
TAR_EXPECTED = [
    ("../escape.json", "NI113", "leaves the archive"),
    ("sub/../../escape2.json", "NI113", "leaves the archive"),
    ("/tmp/absolute.json", "NI113", "absolute"),
    ("link.json", "NI113", "link member"),
    ("hard.json", "NI113", "link member"),
    ("null.json", "NI113", "not a regular file"),
    ("fifo.json", "NI113", "not a regular file"),
    ("dup.json", "NI113", "appears twice"),
]
ZIP_EXPECTED = [
    ("../escape.json", "NI113", "leaves the archive"),
    ("/tmp/absolute.json", "NI113", "absolute"),
    ("C:\\windows\\drive.json", "NI113", "absolute"),
    ("link.json", "NI113", "link member"),
    ("dup.json", "NI113", "appears twice"),
]


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_validate_reports_every_unsafe_member(kind: str, tmp_path: Path) -> None:
    """Every unsafe member is reported with NI113 and its name; the safe members are checked
    (exit 1); nothing is extracted anywhere."""
    make, expected = (_evil_tar, TAR_EXPECTED) if kind == "tar.gz" else (_evil_zip, ZIP_EXPECTED)
    work = tmp_path / "work"
    work.mkdir()
    archive = make(work / f"evil.{kind}")
    result = invoke(["validate", str(archive)])
    assert result.status == 1, result.both
    assert_clean(result)
    lines = result.out.decode().splitlines()
    for member, code, words in expected:
        hits = [ln for ln in lines if f"!{member}:" in ln and code in ln]
        assert hits, (member, result.out.decode())
        assert words in hits[0]
    assert tree(work) == [f"evil.{kind}"]
    assert not (tmp_path / "escape.json").exists()
    assert not Path("/tmp/absolute.json").exists()


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_convert_writes_only_inside_the_output(kind: str, tmp_path: Path) -> None:
    """Converting the archive to a directory writes the safe members only, inside it; every
    unsafe member is listed as a failure (exit 1)."""
    make, expected = (_evil_tar, TAR_EXPECTED) if kind == "tar.gz" else (_evil_zip, ZIP_EXPECTED)
    work = tmp_path / "work"
    work.mkdir()
    archive = make(work / f"evil.{kind}")
    out = tmp_path / "deep" / "out"
    result = invoke(["convert", str(archive), "--to", "xml", "-o", str(out), "-j", "1"])
    assert result.status == 1, result.both
    assert_clean(result)
    assert tree(out) == ["dup.xml", "ok.xml"]
    assert tree(tmp_path) == [
        "deep",
        "deep/out",
        "deep/out/dup.xml",
        "deep/out/ok.xml",
        "work",
        f"work/evil.{kind}",
    ]
    assert b"chess" in (out / "dup.xml").read_bytes()  # the first copy, not the later one
    for member, code, _ in expected:
        assert f"!{member}:" in result.err.decode() and code in result.err.decode(), member
    assert f"{len(expected)} failed".encode() in result.err


def test_zip_bomb(tmp_path: Path) -> None:
    """A zip whose member inflates over 200 times its size (the default ratio) is refused with
    NI108 before it is inflated; a raised --max-expansion-ratio lets it through."""
    path = tmp_path / "bomb.zip"
    filler = b'{"newsitem": "1.0", "headline": "H", "body": ["' + b" " * (30 * MiB) + b'"]}'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.json", GOOD)
        archive.writestr("bomb.json", filler)
    assert path.stat().st_size * 200 < len(filler)
    result = run(["validate", str(path)], timeout=15)
    assert result.status == 1
    assert "NI108" in result.codes() and b"archive bomb" in result.out
    assert_clean(result)
    raised = run(["validate", str(path), "--max-expansion-ratio", "100000"], timeout=15)
    assert b"archive bomb" not in raised.out
    assert "NI108" in raised.codes()  # now the 30 MB member is over --max-item-bytes
    assert_clean(raised)


def test_tar_gz_bomb_stops_before_inflating(tmp_path: Path) -> None:
    """A .tar.gz declaring a 4 GiB member (a compressed bomb) is refused from its header with
    NI108 in about a second, without inflating it."""
    path = tmp_path / "bomb.tar.gz"
    header = tarfile.TarInfo("huge.json")
    header.size = 4 * 1024 * MiB
    raw = header.tobuf(format=tarfile.GNU_FORMAT)
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(raw)
        zeros = b"\0" * MiB
        for _ in range(8):  # only the start: the limit must act on the header
            handle.write(zeros)
    result = run(["validate", str(path)], timeout=10)
    assert result.status in {1, 2}, result.both
    assert "NI108" in result.codes(), result.both
    assert_clean(result)


def test_gzip_bomb_feed(tmp_path: Path) -> None:
    """A .jsonl.gz that inflates to 200 MB of blank lines is stopped by the expansion limit
    (NI108) instead of being read to the end (the ratio is lowered to 5 to keep the test fast;
    the default of 200 acts the same way, later)."""
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b'{"newsitem": "1.0", "headline": "H", "body": ["T."]}\n')
        block = b"\n" * MiB
        for _ in range(200):
            handle.write(block)
    for command in (["validate", str(path)], ["convert", str(path), "--to", "jsonl"]):
        result = run([*command, "--max-expansion-ratio", "5"], timeout=15)
        assert result.status == 1, result.both
        assert "NI108" in result.codes(), result.both
        assert b"gzip bomb" in result.both
        assert_clean(result)


def test_member_over_max_member_bytes(tmp_path: Path) -> None:
    """--max-member-bytes refuses a larger member with NI108 and the rest is read."""
    path = tmp_path / "items.tar"
    with tarfile.open(path, "w") as tar:
        _add(tar, "big.json", GOOD + b" " * 4096)
        _add(tar, "ok.json")
    result = invoke(["validate", str(path), "--max-member-bytes", "2048"])
    assert result.status == 1
    assert "NI108" in result.codes() and b"--max-member-bytes" in result.out
    assert b"2 file(s), 2 item(s): 1 valid" in result.out
