"""The issue-code registry and SPEC.md's code table agree."""

from __future__ import annotations

import re

from newsitem.issues import CODES, Issue, make_issue
from tests.conftest import ROOT


def _spec_table() -> dict[str, str]:
    text = (ROOT / "SPEC.md").read_text(encoding="utf-8")
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| (NI\d{3}) \| (error|warning) \|", text, re.MULTILINE)
    }


def test_every_code_is_in_spec_with_its_severity() -> None:
    """Each registered code has a row in SPEC.md's table with the same severity."""
    table = _spec_table()
    for code, info in CODES.items():
        assert table.get(code) == info.severity, code


def test_spec_lists_no_unknown_code() -> None:
    """SPEC.md's table has no code the registry lacks."""
    assert set(_spec_table()) <= set(CODES)


def test_make_issue_takes_severity_from_registry() -> None:
    """make_issue sets the severity the registry gives the code."""
    assert make_issue("NI350", "x").severity == "warning"
    assert make_issue("NI101", "x").severity == "error"


def test_issue_str_has_position_code_and_path() -> None:
    """An issue prints as line:column: CODE message [path]."""
    issue = Issue(code="NI200", message="headline is empty", path="$.headline", line=3, column=15)
    assert str(issue) == "3:15: NI200 headline is empty [$.headline]"
