"""The invalid examples exist in JSON and XML, and both forms report the same issue codes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsitem.codecs import json_codec, xml_codec
from tests.conftest import EXAMPLES

PAIRS = sorted((EXAMPLES / "invalid").glob("*.json"))


@pytest.mark.parametrize("json_path", PAIRS, ids=lambda p: p.stem)
def test_xml_twin_reports_the_same_codes(json_path: Path) -> None:
    """Each invalid JSON example has an XML twin with the same codes (a repeated JSON key is a
    repeated XML element: NI105 both ways)."""
    xml_path = json_path.with_suffix(".xml")
    assert xml_path.is_file(), f"{xml_path.name} is missing"
    json_codes = Counter(i.code for i in json_codec.issues(json_path.read_bytes()))
    xml_codes = Counter(i.code for i in xml_codec.issues(xml_path.read_bytes()))
    assert json_codes
    assert xml_codes == json_codes


def test_every_code_family_is_shown() -> None:
    """The invalid examples show each family of issue codes (structure, values, rules)."""
    codes = {i.code[:3] for p in PAIRS for i in json_codec.issues(p.read_bytes())}
    assert {"NI1", "NI2", "NI3"} <= codes
