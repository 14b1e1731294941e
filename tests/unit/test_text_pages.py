"""The raw-text reader on the test pages of tests/data/pages (page -> exact item and warnings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsitem.codecs import text_codec
from newsitem.errors import ParseError
from newsitem.model import to_dict
from tests.conftest import ROOT

PAGES = ROOT / "tests" / "data" / "pages"
CASES = sorted(PAGES.glob("*.txt"))


def _expected(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        page.with_suffix(".expected.json").read_text(encoding="utf-8")
    )
    return data


def test_there_are_at_least_fifteen_pages() -> None:
    """The suite has at least 15 test pages, each with an expected outcome."""
    assert len(CASES) >= 15
    assert all(p.with_suffix(".expected.json").is_file() for p in CASES)


@pytest.mark.parametrize("page", CASES, ids=[p.stem for p in CASES])
def test_page_reads_as_expected(page: Path) -> None:
    """Each page gives its expected item and exactly its expected warnings (or its error)."""
    expected = _expected(page)
    data = page.read_bytes()
    if "error" in expected:
        with pytest.raises(ParseError) as info:
            text_codec.decode(data)
        assert info.value.issue.code == expected["error"]
        return
    decoded = text_codec.decode(data)
    assert to_dict(decoded.item) == expected["item"]
    got = [f"{w.code} {w.line or '-'} {w.path}" for w in decoded.warnings]
    assert got == expected["warnings"]


@pytest.mark.parametrize(
    "page", [p for p in CASES if "error" not in _expected(p)], ids=lambda p: p.stem
)
def test_page_item_survives_canonical_text(page: Path) -> None:
    """The item read from a page reads back unchanged from its canonical text, warning-free."""
    item = text_codec.decode(page.read_bytes()).item
    again = text_codec.load(text_codec.dumps(item), mode="strict")
    assert again.item == item
    assert not [w for w in again.warnings if w.code.startswith("NI4")]


def test_page_warnings_match_issues() -> None:
    """issues() reports the same reader warnings as decode() for every readable page."""
    for page in CASES:
        expected = _expected(page)
        found = text_codec.issues(page.read_bytes())
        if "error" in expected:
            assert [i.code for i in found] == [expected["error"]]
        else:
            got = [f"{w.code} {w.line or '-'} {w.path}" for w in found]
            assert got == expected["warnings"], page.name


def test_strict_mode_raises_on_the_first_doubt() -> None:
    """In strict mode a page raises its first doubt (here the chrome line 20) as an error."""
    text = (PAGES / "full-layout.txt").read_text(encoding="utf-8")
    with pytest.raises(ParseError) as info:
        text_codec.loads(text, mode="strict")
    assert info.value.issue.code == "NI402"
    assert info.value.issue.severity == "error"
    assert info.value.issue.line == 20
