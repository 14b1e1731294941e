"""One meaning per option: -o is a path, --iptc-schemas on convert, a missing schema folder is
exit 2, `-o DIR/` is a directory, --name-by id, --exclude DIR excludes the tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsitem.cli import app
from newsitem.convert import safe_filename
from tests.conftest import EXAMPLES

CHESS = EXAMPLES / "articles" / "chess-prodigy.json"
NITF = EXAMPLES / "interop" / "lighthouse-keeper.nitf.xml"


def test_convert_output_dir_with_slash(runner: CliRunner, tmp_path: Path) -> None:
    """`-o converted/` makes a directory holding the converted item, not a file `converted`."""
    out = tmp_path / "converted"
    result = runner.invoke(app, ["convert", str(CHESS), "--to", "json", "-o", f"{out}/"])
    assert result.exit_code == 0, result.stderr
    assert out.is_dir()
    assert [p.name for p in out.iterdir()] == ["chess-prodigy.json"]


def test_convert_output_existing_dir(runner: CliRunner, tmp_path: Path) -> None:
    """`-o DIR` naming an existing directory writes into it."""
    result = runner.invoke(app, ["convert", str(CHESS), "--to", "xml", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "chess-prodigy.xml").is_file()


def test_missing_schema_folder_env(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NEWSITEM_IPTC_SCHEMAS naming a missing folder: exit 2 naming the variable (convert too)."""
    monkeypatch.setenv("NEWSITEM_IPTC_SCHEMAS", str(tmp_path / "nonexistent"))
    for args in (["convert", str(NITF), "--to", "json"], ["validate", str(NITF)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "NEWSITEM_IPTC_SCHEMAS" in result.stderr
        assert "does not exist" in result.stderr
        assert result.stdout == ""


def test_missing_schema_folder_flag(runner: CliRunner, tmp_path: Path) -> None:
    """--iptc-schemas naming a missing folder: exit 2 naming the flag."""
    missing = tmp_path / "nope"
    result = runner.invoke(
        app, ["convert", str(NITF), "--to", "json", "--iptc-schemas", str(missing)]
    )
    assert result.exit_code == 2
    assert f"{missing} (--iptc-schemas) does not exist" in result.stderr


def test_convert_iptc_schemas_flag(runner: CliRunner, anchors_dir: Path) -> None:
    """convert --iptc-schemas reads a NITF document checked against IPTC's schema."""
    result = runner.invoke(
        app, ["convert", str(NITF), "--to", "json", "--iptc-schemas", str(anchors_dir)]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["headline"]


@pytest.fixture
def doubled_feed(tmp_path: Path, item_files: list[Path]) -> Path:
    """A JSON Lines feed of the example articles, then one with an id again (a repeated id)."""
    items = [json.loads(p.read_text(encoding="utf-8")) for p in item_files]
    again = next(i for i in items if "id" in i)
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in [*items, again]) + "\n", encoding="utf-8")
    return path


def test_name_by_id(runner: CliRunner, tmp_path: Path, doubled_feed: Path) -> None:
    """--name-by id names split files by item id (encoded; by place without one); the
    repeated id is NI113 on its line, exit 1."""
    out = tmp_path / "split"
    result = runner.invoke(
        app, ["convert", str(doubled_feed), "--to", "json", "-o", f"{out}/", "--name-by", "id"]
    )
    assert result.exit_code == 1
    lines = doubled_feed.read_text(encoding="utf-8").splitlines()
    expected = [
        safe_filename(item["id"]) + ".json" if "id" in item else f"{n:06d}.json"
        for n, item in enumerate(map(json.loads, lines[:-1]), start=1)
    ]
    assert any("%3A" in name for name in expected)
    assert sorted(p.name for p in (out / "feed").iterdir()) == sorted(expected)
    (problem,) = [line for line in result.stderr.splitlines() if "NI113" in line]
    assert problem.startswith(f"{doubled_feed}:{len(lines)}:")


def test_name_by_index_default(runner: CliRunner, tmp_path: Path, jsonl_feed: Path) -> None:
    """Without --name-by, split files are named by place."""
    out = tmp_path / "split"
    result = runner.invoke(app, ["convert", str(jsonl_feed), "--to", "json", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (out / "feed").iterdir())[0] == "000001.json"


def test_safe_filename() -> None:
    """Ids become names with no separator, no leading dot, distinct for distinct ids."""
    assert safe_filename("urn:x:1") == "urn%3Ax%3A1"
    assert safe_filename("../etc/passwd") == "%2E.%2Fetc%2Fpasswd"
    assert safe_filename("a/b") != safe_filename("a_b")
    assert safe_filename("café") == "caf%C3%A9"


@pytest.mark.parametrize("pattern", ["bad", "bad/", "b*"])
def test_exclude_directory(runner: CliRunner, tmp_path: Path, pattern: str) -> None:
    """--exclude bad (or bad/, or a glob) leaves out the whole tree bad/, nested too."""
    (tmp_path / "bad" / "deep").mkdir(parents=True)
    (tmp_path / "good").mkdir()
    (tmp_path / "bad" / "deep" / "x.json").write_bytes(
        (EXAMPLES / "invalid" / "bad-values.json").read_bytes()
    )
    (tmp_path / "good" / "y.json").write_bytes(CHESS.read_bytes())
    result = runner.invoke(app, ["validate", "--exclude", pattern, str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    assert "1 file(s)" in result.stdout
    converted = runner.invoke(
        app,
        ["convert", str(tmp_path), "--exclude", pattern, "--to", "jsonl"],
    )
    assert converted.exit_code == 0, converted.stderr
    assert len(converted.stdout.splitlines()) == 1
