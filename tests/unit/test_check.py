"""The library batch runner (newsitem.check): what `newsitem validate` does, without the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

from newsitem.check import CheckOptions, collect_entries, run
from newsitem.codecs import ReadOptions
from newsitem.sources import Limits

GOOD = {"newsitem": "1.0", "headline": "Harbour reopens", "body": ["Ships sail again."]}


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "items"
    root.mkdir()
    (root / "good.json").write_text(json.dumps(GOOD))
    (root / "bad.json").write_text(json.dumps({**GOOD, "headline": " Harbour"}))
    (root / "feed.jsonl").write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "body": []}))
    return root


def test_run_checks_a_directory_and_reports_every_file(tmp_path: Path) -> None:
    """run() checks every item of a tree: totals, and each failing item with code and place."""
    entries, unreadable = collect_entries([str(_tree(tmp_path))])
    report = run(entries)
    assert unreadable == []
    assert (report.checked_files, report.items, report.valid, report.invalid) == (3, 4, 2, 2)
    found = {
        (Path(f.path).name, item.where, issue.code)
        for f in report.files
        for item in f.items
        for issue in item.issues
    }
    assert found == {("bad.json", "", "NI201"), ("feed.jsonl", "line 2", "NI204")}


def test_unreadable_paths_are_listed_and_the_rest_checked(tmp_path: Path) -> None:
    """A missing path is listed with its reason; the paths after it are still checked."""
    root = _tree(tmp_path)
    entries, unreadable = collect_entries([str(tmp_path / "missing.json"), str(root)])
    assert [u.path for u in unreadable] == [str(tmp_path / "missing.json")]
    assert "no such file" in unreadable[0].reason
    assert run(entries).checked_files == 3


def test_keep_valid_keeps_valid_items(tmp_path: Path) -> None:
    """keep_valid=True keeps results of valid items too (for JSON/JUnit reports)."""
    entries, _ = collect_entries([str(_tree(tmp_path))])
    report = run(entries, CheckOptions(keep_valid=True))
    assert sum(len(f.items) for f in report.files) == 4


def test_forced_form_is_not_refined_by_sniffing(tmp_path: Path) -> None:
    """--format json on a file of two JSON lines reads one document (NI100), not a feed."""
    two = tmp_path / "two.json"
    two.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n")
    entries, _ = collect_entries([str(two)], forced_form="json")
    report = run(entries)
    assert report.items == 1
    assert [i.code for i in report.files[0].items[0].issues] == ["NI100"]
    entries, _ = collect_entries([str(two)])
    assert run(entries).items == 2


def test_iptc_folder_is_an_argument_not_the_environment(tmp_path: Path) -> None:
    """An IPTC schema folder that does not exist makes the input unreadable, and nothing is
    written to the process environment."""
    ninjs = tmp_path / "story.json"
    ninjs.write_text(json.dumps({"uri": "urn:x", "headlines": [{"value": "H"}]}))
    before = dict(os.environ)
    entries, _ = collect_entries([str(ninjs)])
    report = run(entries, CheckOptions(read=ReadOptions(iptc_schemas=tmp_path / "nope")))
    assert [Path(u.path).name for u in report.unreadable] == ["story.json"]
    assert "does not exist" in report.unreadable[0].reason
    assert dict(os.environ) == before


def test_limits_are_arguments(tmp_path: Path) -> None:
    """Limits travel in CheckOptions: a small max_item_bytes makes a file NI108."""
    root = _tree(tmp_path)
    limits = Limits(max_item_bytes=20)
    entries, _ = collect_entries([str(root / "good.json")], limits=limits)
    report = run(entries, CheckOptions(limits=limits))
    assert [i.code for i in report.files[0].items[0].issues] == ["NI108"]
