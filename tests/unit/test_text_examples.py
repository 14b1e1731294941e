"""The raw examples in examples/raw: text, JSON and XML forms of each article agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsitem.codecs import json_codec, text_codec, xml_codec
from tests.conftest import EXAMPLES

RAW = sorted((EXAMPLES / "raw").glob("*.txt"))


def test_there_are_at_least_five_raw_examples() -> None:
    """examples/raw holds at least five pages, each with its JSON form."""
    assert len(RAW) >= 5
    assert all(p.with_suffix(".json").is_file() for p in RAW)


@pytest.mark.parametrize("page", RAW, ids=[p.stem for p in RAW])
def test_text_and_json_agree(page: Path) -> None:
    """The page reads as the item of its JSON file, and the JSON file is canonical."""
    item = text_codec.decode(page.read_bytes()).item
    data = page.with_suffix(".json").read_bytes()
    assert json_codec.decode(data).item == item
    assert json_codec.dumps(item) == data


@pytest.mark.parametrize("page", RAW, ids=[p.stem for p in RAW])
def test_canonical_text_of_example_agrees(page: Path) -> None:
    """The example's canonical text reads back as the same item in strict mode."""
    item = text_codec.decode(page.read_bytes()).item
    assert text_codec.loads(text_codec.dumps(item), mode="strict") == item


@pytest.mark.parametrize("page", RAW, ids=[p.stem for p in RAW])
def test_text_and_xml_agree(page: Path) -> None:
    """The page reads as the item of its XML file (every raw example has its XML form)."""
    xml = page.with_suffix(".xml")
    assert xml.is_file(), f"{xml.name} is missing: write it with newsitem convert --to xml"
    item = text_codec.decode(page.read_bytes()).item
    assert xml_codec.decode(xml.read_bytes()).item == item
