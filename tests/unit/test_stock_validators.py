"""SPEC §10.1 held to the conformance suite: stock 2020-12 validators, set up as SPEC says,
give newsitem's verdict on every JSON case except the checks SPEC lists as newsitem's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

from newsitem.issues import CODES
from newsitem.schemas import KNOWN_VERSIONS, load_schema
from tests.conftest import ROOT

SUITE = ROOT / "tests" / "conformance"
#: Codes of checks JSON Schema cannot state (SPEC §10.1: only newsitem checks them).
ONLY_NEWSITEM = {"NI105", "NI107", "NI111", "NI301", "NI303", "NI304", "NI305"}
#: The one case where Python's `$` (end or before a final LF) differs (SPEC §10.1).
PYTHON_DOLLAR = {"1.1/invalid/headline-trailing-lf.json"}


def _cases() -> list[tuple[str, Path, dict[str, Any]]]:
    found = []
    for version in KNOWN_VERSIONS:
        manifest = json.loads((SUITE / version / "manifest.json").read_text("utf-8"))
        for kind in ("valid", "invalid"):
            for name, case in manifest[kind].items():
                if name.endswith(".json") and "as" not in case:
                    found.append((f"{version}/{kind}/{name}", SUITE / version / kind / name, case))
    return found


def _newsitem_valid(case: dict[str, Any]) -> bool:
    return not any(CODES[i["code"]].severity == "error" for i in case["issues"])


def _only_newsitem(case_id: str, case: dict[str, Any]) -> bool:
    codes = {i["code"] for i in case["issues"]}
    if codes & ONLY_NEWSITEM:
        return True
    if case_id.startswith("1.0/") and "NI213" in codes:  # a rule in 1.0, a pattern in 1.1
        return True
    return "lone-surrogate" in case_id


@pytest.mark.parametrize(
    ("case_id", "path", "case"), _cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_stock_validators_agree_with_newsitem(
    case_id: str, path: Path, case: dict[str, Any]
) -> None:
    """jsonschema (format checker, rfc3339-validator) and jsonschema-rs (validate_formats)
    give newsitem's verdict, picking the schema by the declared version."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return  # not JSON a stock parser reads: NI100/NI111 are the reader's, not the schema's
    version = data.get("newsitem") if isinstance(data, dict) else None
    if version not in KNOWN_VERSIONS:
        return  # NI110 and the reading of newer minors are newsitem's (SPEC §9.2)
    if _only_newsitem(case_id, case):
        return
    schema = load_schema(version)
    expected = _newsitem_valid(case)
    python = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    rust = jsonschema_rs.validator_for(schema, validate_formats=True)
    assert rust.is_valid(data) == expected
    if case_id in PYTHON_DOLLAR:
        assert python.is_valid(data) != expected
    else:
        assert python.is_valid(data) == expected


def test_the_wrong_schema_accepts_a_1_0_document_with_a_1_1_field() -> None:
    """Why SPEC says to pick the schema by the declared version: 1.1 accepts "1.0"."""
    data = json.loads((SUITE / "1.1" / "invalid" / "version-1.0-with-new-field.json").read_text())
    assert jsonschema_rs.validator_for(load_schema("1.1"), validate_formats=True).is_valid(data)
    assert not jsonschema_rs.validator_for(load_schema("1.0"), validate_formats=True).is_valid(data)


def test_without_format_assertion_impossible_dates_pass() -> None:
    """Why SPEC says to assert format: without it 30 February passes the schema."""
    data = json.loads((SUITE / "1.1" / "invalid" / "date-impossible.json").read_text())
    assert Draft202012Validator(load_schema("1.1")).is_valid(data)
    assert not jsonschema_rs.validator_for(load_schema("1.1"), validate_formats=True).is_valid(data)
