"""`newsitem validate` over every input kind: files, feeds, directories, stdin, gzip, archives."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from newsitem.cli import app
from tests.conftest import EXAMPLES


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": NI" in line]


def test_jsonl_reports_each_line(runner: CliRunner, bad_jsonl: Path) -> None:
    """Each JSONL item is checked on its own; issues carry the item's line; one bad line never
    stops the rest."""
    result = runner.invoke(app, ["validate", str(bad_jsonl)])
    assert result.exit_code == 1
    found = [
        (line.split(":")[1], line.split(": ")[1].split(" ")[0]) for line in _lines(result.stdout)
    ]
    assert found == [("2", "NI100"), ("3", "NI201")]
    assert "4 item(s): 2 valid, 2 invalid" in result.stdout


def test_directory_recursive_with_globs(runner: CliRunner, tmp_path: Path) -> None:
    """Directories are walked recursively; --include and --exclude pick files."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    good = (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()
    (tmp_path / "a" / "one.json").write_bytes(good)
    (tmp_path / "a" / "b" / "two.json").write_bytes(good)
    (tmp_path / "a" / "b" / "skip.json").write_bytes(b"{")
    (tmp_path / "a" / "notes.md").write_text("not an item")
    result = runner.invoke(app, ["validate", str(tmp_path), "--exclude", "skip.*"])
    assert result.exit_code == 0, result.output
    assert "2 file(s), 2 item(s): 2 valid" in result.stdout
    result = runner.invoke(app, ["validate", str(tmp_path), "--include", "*/b/*.json"])
    assert result.exit_code == 1
    assert "2 file(s)" in result.stdout


def test_stdin(runner: CliRunner) -> None:
    """'-' reads one document from standard input; its form is sniffed."""
    result = runner.invoke(
        app, ["validate", "-"], input='{"newsitem": "1.0", "headline": "", "body": ["x"]}'
    )
    assert result.exit_code == 1
    assert "<stdin>:1:" in result.stdout
    assert "NI200" in result.stdout


def test_gzip_input(runner: CliRunner, tmp_path: Path, jsonl_feed: Path) -> None:
    """A .jsonl.gz feed is read through gzip."""
    packed = tmp_path / "feed.jsonl.gz"
    packed.write_bytes(gzip.compress(jsonl_feed.read_bytes()))
    result = runner.invoke(app, ["validate", str(packed)])
    assert result.exit_code == 0, result.output
    assert "5 item(s): 5 valid" in result.stdout


def test_sniffs_unknown_extension(runner: CliRunner, tmp_path: Path, jsonl_feed: Path) -> None:
    """A file with an unknown extension is sniffed (here: JSON Lines)."""
    odd = tmp_path / "feed.data"
    odd.write_bytes(jsonl_feed.read_bytes())
    result = runner.invoke(app, ["validate", str(odd)])
    assert result.exit_code == 0, result.output
    assert "5 item(s)" in result.stdout


def test_format_option_forces(runner: CliRunner, tmp_path: Path) -> None:
    """--format forces the form (a JSON item read as JSON Lines is still one line)."""
    path = tmp_path / "x.txt"
    path.write_text('{"newsitem": "1.0", "headline": "H", "body": ["x"]}\n')
    result = runner.invoke(app, ["validate", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 item(s): 1 valid" in result.stdout


def test_tar_and_zip_archives(runner: CliRunner, tmp_path: Path) -> None:
    """Items inside .tar.gz and .zip archives are validated, named archive!member."""
    good = (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()
    tgz = tmp_path / "items.tar.gz"
    with tarfile.open(tgz, "w:gz") as tar:
        for name, data in (("a/good.json", good), ("a/bad.json", b"[]")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    zpath = tmp_path / "items.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("good.json", good)
    result = runner.invoke(app, ["validate", str(tgz), str(zpath)])
    assert result.exit_code == 1
    assert f"{tgz}!a/bad.json:1:1: NI104" in result.stdout
    assert "3 file(s), 3 item(s): 2 valid, 1 invalid" in result.stdout


def test_unreadable_and_missing_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    """A missing path exits 2 with a message naming it; the other paths are still checked."""
    good = tmp_path / "good.json"
    good.write_bytes((EXAMPLES / "articles" / "chess-prodigy.json").read_bytes())
    result = runner.invoke(app, ["validate", str(tmp_path / "missing.json"), str(good)])
    assert result.exit_code == 2
    assert "missing.json: no such file" in result.stderr
    assert "1 file(s), 1 item(s): 1 valid" in result.stdout  # the path after it was checked


def test_directory_without_items_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    """A directory with no item files is a usage error, said plainly."""
    (tmp_path / "readme.md").write_text("nothing here")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no input files found" in result.stderr


def test_binary_junk_is_an_issue_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    """Binary junk with a .json name is reported with a code, no traceback."""
    junk = tmp_path / "junk.json"
    junk.write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["validate", str(junk)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any(code in result.stdout for code in ("NI100", "NI111"))


def test_quiet_and_verbose(runner: CliRunner, bad_jsonl: Path, jsonl_feed: Path) -> None:
    """-q prints only errors and no summary; -v also lists valid items."""
    quiet = runner.invoke(app, ["validate", "-q", str(bad_jsonl)])
    assert quiet.exit_code == 1
    assert "item(s)" not in quiet.stdout
    assert len(_lines(quiet.stdout)) == 2
    verbose = runner.invoke(app, ["validate", "-v", str(jsonl_feed)])
    assert verbose.stdout.count(": valid") == 5


def test_no_color_when_not_a_terminal(runner: CliRunner, bad_jsonl: Path) -> None:
    """Output to a pipe has no colour escapes."""
    result = runner.invoke(app, ["validate", str(bad_jsonl)])
    assert "\x1b[" not in result.stdout
