"""The planner and the local engine: byte ranges on item boundaries, member lists, and reports
identical to a one-process run (every issue with its file, line and place)."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsitem import plan
from newsitem.check import iter_entry_items
from newsitem.engines import Checked, EngineOptions, check_inputs
from newsitem.errors import InputError
from newsitem.sources import DEFAULT_LIMITS, Limits, iter_entries
from tests.dask.corpus import write_jsonl, write_xml_feed

SPAN = 16 * 1024
SMALL = EngineOptions("local", 1, span_bytes=SPAN, files_per_part=3)


@pytest.fixture(autouse=True, scope="module")
def _small_splits() -> Iterator[None]:
    """Feeds of a few hundred KB are split too (the engine runs in this process)."""
    saved = plan.MIN_SPLIT_BYTES
    plan.MIN_SPLIT_BYTES = SPAN
    yield
    plan.MIN_SPLIT_BYTES = saved


def _local(paths: list[str], limits: Limits = DEFAULT_LIMITS) -> list[Any]:
    """What a one-process run reports: per file, every item's place and issues."""
    out: list[Any] = []
    for entry in iter_entries(paths, limits=limits):
        kind, results = iter_entry_items(entry, limits)
        out.append((entry.name, kind, [(r.where, r.line, r.issues) for r in results]))
    return out


def _engine(paths: list[str], limits: Limits = DEFAULT_LIMITS) -> Any:
    out: list[Any] = []
    for got in check_inputs(paths, options=SMALL, limits=limits):
        assert isinstance(got, Checked), got
        out.append((got.name, got.kind, [(r.where, r.line, r.issues) for r in got.items]))
    return out


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A JSON Lines feed (600 lines, 3 invalid, blank lines) and an XML feed (400 items, 2
    invalid), both over the size that gets split."""
    root = tmp_path_factory.mktemp("feeds")
    return {
        "jsonl": write_jsonl(root / "feed.jsonl", 600),
        "xml": write_xml_feed(root / "feed.xml", 400),
    }


def _spans(path: Path) -> list[plan.Span]:
    found = plan.plan_inputs([str(path)], span_bytes=SPAN)
    return [piece.span for part in found.parts for piece in part.pieces if piece.span]


def test_jsonl_ranges_start_after_a_newline(feeds: dict[str, Path]) -> None:
    """JSON Lines ranges cover the feed end to end, each starting just after a newline."""
    data = feeds["jsonl"].read_bytes()
    spans = _spans(feeds["jsonl"])
    assert len(spans) > 10
    assert spans[0].start == 0 and spans[-1].end == len(data) and spans[-1].last
    for before, after in itertools.pairwise(spans):
        assert before.end == after.start
        assert data[after.start - 1 : after.start] == b"\n"


def test_xml_ranges_start_after_an_item(feeds: dict[str, Path]) -> None:
    """XML feed ranges start just after an item's end tag, followed by the next item."""
    data = feeds["xml"].read_bytes()
    spans = _spans(feeds["xml"])
    assert len(spans) > 10
    assert spans[-1].end == len(data)
    for span in spans[1:]:
        assert data[: span.start].endswith(b"</ni:newsItem>")
        assert data[span.start :].lstrip().startswith(b"<ni:newsItem ")
        assert data[: span.header_end].endswith(b'version="1.0">')


def test_counts_add_up(feeds: dict[str, Path]) -> None:
    """The counted newlines and items of the ranges add up to the feed's."""
    for path, items in ((feeds["jsonl"], 600), (feeds["xml"], 400)):
        source = plan.Source(str(path), path.name, str(path))
        counts = [plan.count_span(source, span) for span in _spans(path)]
        assert sum(c.newlines for c in counts) == path.read_bytes().count(b"\n")
        assert sum(c.items for c in counts) == items


def test_jsonl_report_is_identical(feeds: dict[str, Path]) -> None:
    """A split JSON Lines feed reports the same issues, lines and places as one process."""
    expected = _local([str(feeds["jsonl"])])
    assert _engine([str(feeds["jsonl"])]) == expected
    codes = [(w, i.code) for w, _, issues in expected[0][2] for i in issues]
    assert codes == [("line 8", "NI201"), ("line 304", "NI100"), ("line 560", "NI101")]


def test_xml_report_is_identical(feeds: dict[str, Path]) -> None:
    """A split XML feed reports the same XPaths (feed numbering) and lines as one process."""
    expected = _local([str(feeds["xml"])])
    assert _engine([str(feeds["xml"])]) == expected
    wheres = [w for w, _, issues in expected[0][2] if issues]
    assert wheres == ["/ni:newsFeed/ni:newsItem[8]", "/ni:newsFeed/ni:newsItem[302]"]


def test_item_limit_across_ranges(feeds: dict[str, Path]) -> None:
    """--max-items is counted over the whole feed: NI108 at the same item as one process."""
    for path in feeds.values():
        limits = Limits(max_items=345)
        expected = _local([str(path)], limits)
        assert _engine([str(path)], limits) == expected
        assert any(i.code == "NI108" and "345" in i.message for i in expected[0][2][-1][2])


def test_split_inside_a_comment_falls_back(tmp_path: Path, feeds: dict[str, Path]) -> None:
    """Fake item boundaries inside a comment never split the feed wrongly: it is read whole."""
    data = feeds["xml"].read_bytes()
    fake = b"</ni:newsItem>\n  <ni:newsItem version='1.0'>" * 800
    middle = data.index(b"</ni:newsItem>", len(data) // 2) + len(b"</ni:newsItem>")
    path = tmp_path / "comment.xml"
    path.write_bytes(data[:middle] + b"\n<!-- " + fake + b" -->" + data[middle:])
    starts = [s.start for s in _spans(path)]
    assert any(middle < start < middle + len(fake) for start in starts)  # a cut in the comment
    assert _engine([str(path)]) == _local([str(path)])


def test_broken_feed_is_identical(tmp_path: Path, feeds: dict[str, Path]) -> None:
    """An XML feed that stops being well-formed midway ends where one process ends it."""
    data = feeds["xml"].read_bytes()
    cut = data.index(b"<ni:body>", len(data) // 3)
    path = tmp_path / "broken.xml"
    path.write_bytes(data[:cut] + b"<ni:body><<" + data[cut + 9 :])
    expected = _local([str(path)])
    assert _engine([str(path)]) == expected
    assert expected[0][2][-1][2][0].code == "NI100"


def test_directories_and_archives_by_members(tmp_path: Path) -> None:
    """Directories and zip archives become member lists; reports match, unsafe members too."""
    from tests.conftest import EXAMPLES

    folder = tmp_path / "dir"
    folder.mkdir()
    for index, path in enumerate(sorted((EXAMPLES / "articles").glob("*.json"))):
        (folder / f"{index:02d}.json").write_bytes(path.read_bytes())
    (folder / "bad.json").write_bytes(b'{"newsitem": "1.0"}')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir())[:5]:
            archive.writestr(path.name, path.read_bytes())
        archive.writestr("../escape.json", b"{}")
    (tmp_path / "items.zip").write_bytes(buffer.getvalue())
    found = plan.plan_inputs([str(folder), str(tmp_path / "items.zip")], files_per_part=3)
    assert [len(p.pieces) for p in found.parts][:2] == [3, 3]
    paths = [str(folder), str(tmp_path / "items.zip")]
    assert _engine(paths) == _local(paths)


def test_unreadable_path_is_reported_in_place(tmp_path: Path, feeds: dict[str, Path]) -> None:
    """A missing path is an InputError among the results; the other paths are still checked."""
    got = list(check_inputs([str(tmp_path / "nope"), str(feeds["jsonl"])], options=SMALL))
    assert isinstance(got[0], InputError) and "no such file" in str(got[0])
    assert isinstance(got[1], Checked) and len(got[1].items) == 600


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsitem", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_validate_jobs_cli_is_identical(tmp_path: Path, feeds: dict[str, Path]) -> None:
    """`validate --jobs 2` splits a feed over 1 MiB and prints the report of one process."""
    big = write_jsonl(tmp_path / "big.jsonl", 1500)
    assert big.stat().st_size > plan.DEFAULT_SPAN_BYTES // 32 > 1024 * 1024 // 2
    one = _cli("validate", str(big), str(feeds["xml"]))
    two = _cli("validate", "--jobs", "2", str(big), str(feeds["xml"]))
    assert one.returncode == two.returncode == 1
    assert one.stdout.rsplit("(", 1)[0] == two.stdout.rsplit("(", 1)[0]
    assert one.stdout.count(" NI") == 5


def test_dask_engine_without_the_extra(tmp_path: Path, feeds: dict[str, Path]) -> None:
    """Without dask installed, --engine dask names the extra to install and exits 2."""
    shadow = tmp_path / "shadow" / "distributed"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'distributed'\", name='distributed')\n"
    )
    import os

    env = {**os.environ, "PYTHONPATH": str(shadow.parent)}
    for command in (["validate"], ["convert", "--to", "jsonl"]):
        proc = subprocess.run(
            [sys.executable, "-m", "newsitem", *command, "--engine", "dask", str(feeds["jsonl"])],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=60,
        )
        assert proc.returncode == 2, proc.stderr
        assert "pip install 'newsitem[dask]'" in proc.stderr
        assert "Traceback" not in proc.stderr


def _convert_local(path: Path, to: str, out: Path) -> bytes:
    from newsitem.convert import ConvertOptions, run

    run(list(iter_entries([str(path)])), ConvertOptions(to=to, output=out))
    return out.read_bytes()


def test_convert_ranges_write_the_same_bytes(tmp_path: Path, feeds: dict[str, Path]) -> None:
    """Converting split feeds (an XML one read whole again after a bad split) writes one file
    per partition whose items, joined, are the bytes of a one-process conversion."""
    from newsitem.engines import convert_inputs

    data = feeds["xml"].read_bytes()
    middle = data.index(b"</ni:newsItem>", len(data) // 2) + len(b"</ni:newsItem>")
    fake = b"</ni:newsItem>\n  <ni:newsItem version='1.0'>" * 800
    comment = tmp_path / "comment.xml"
    comment.write_bytes(data[:middle] + b"\n<!-- " + fake + b" -->" + data[middle:])
    for number, source in enumerate((feeds["jsonl"], comment)):
        out = tmp_path / f"parts{number}"
        report = convert_inputs([str(source)], to="jsonl", output=out, options=SMALL)
        manifest = __import__("json").loads((out / "_manifest.json").read_text())
        files = sorted(p.name for p in out.iterdir() if p.name != "_manifest.json")
        assert files == sorted(p["file"] for p in manifest["partitions"])
        joined = b"".join((out / p["file"]).read_bytes() for p in manifest["partitions"])
        assert joined == _convert_local(source, "jsonl", tmp_path / f"one{number}.jsonl")
        assert report.written == manifest["items"] == joined.count(b"\n")
        assert report.failed == (3 if number == 0 else 2)
