"""The x-xml/x-issue vocabulary: its meta-schema lets a stock validator check the schema files."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from newsitem.schemas import KNOWN_VERSIONS, META_SCHEMA_ID, load_meta_schema, load_schema
from tests.conftest import ROOT


def _errors(schema: dict[str, Any]) -> list[tuple[list[str | int], str]]:
    validator = Draft202012Validator(load_meta_schema())
    return [(list(e.absolute_path), e.validator) for e in validator.iter_errors(schema)]


def test_meta_schema_is_a_valid_2020_12_schema_declaring_the_vocabulary() -> None:
    """The meta-schema is itself valid and lists the vocabulary as optional."""
    meta = load_meta_schema()
    Draft202012Validator.check_schema(meta)
    assert meta["$id"] == META_SCHEMA_ID
    assert meta["$vocabulary"]["https://newsitem.dev/vocab/annotations"] is False


def test_packaged_meta_schema_matches_canonical() -> None:
    """The package's copy is identical to schema/meta/."""
    name = "newsitem-meta.schema.json"
    canonical = (ROOT / "schema" / "meta" / name).read_text("utf-8")
    packaged = (ROOT / "src" / "newsitem" / "_schema" / "meta" / name).read_text("utf-8")
    assert canonical == packaged


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_every_schema_passes_the_meta_schema(version: str) -> None:
    """A stock validator with the meta-schema finds nothing wrong in the schema files."""
    assert _errors(load_schema(version)) == []


def test_broken_annotations_are_caught_at_any_depth() -> None:
    """A wrong order type, a misspelt key, a bad code, two kinds at once: each is reported."""
    bad = copy.deepcopy(load_schema("1.1"))
    bad["properties"]["media"]["items"]["properties"]["caption"]["x-xml"]["order"] = "5"
    bad["properties"]["urgency"]["x-xml"]["elemnt"] = "u"
    bad["$defs"]["token"]["x-issue"] = "E42"
    bad["properties"]["dateline"]["x-xml"]["attribute"] = "dateline"
    found = _errors(bad)
    assert (
        ["properties", "media", "items", "properties", "caption", "x-xml", "order"],
        "type",
    ) in found
    assert (["properties", "urgency", "x-xml"], "additionalProperties") in found
    assert (["$defs", "token", "x-issue"], "pattern") in found
    assert (["properties", "dateline", "x-xml"], "oneOf") in found
