"""Packaged schemas: valid draft 2020-12, identical to schema/, version dispatch."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from newsitem import UnsupportedVersionError
from newsitem.schemas import KNOWN_VERSIONS, load_schema, schema_text, version_of
from tests.conftest import ROOT


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_schema_is_valid_draft_2020_12(version: str) -> None:
    """Every packaged schema is a valid draft 2020-12 schema."""
    Draft202012Validator.check_schema(load_schema(version))


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_packaged_copy_matches_canonical(version: str) -> None:
    """The package's copy of a schema is byte-identical to schema/<version>/."""
    canonical = (ROOT / "schema" / version / "newsitem.schema.json").read_text(encoding="utf-8")
    assert schema_text(version) == canonical


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_id_carries_version(version: str) -> None:
    """The schema's $id names its version."""
    assert f"/{version}/" in load_schema(version)["$id"]


def _properties(schema: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    found: list[tuple[str, dict[str, object]]] = []

    def walk(node: object, name: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                found.append((f"{name}.{key}", sub))
                walk(sub, f"{name}.{key}")
            if "items" in node:
                walk(node["items"], name + "[]")

    walk(schema, "$")
    return found


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_every_property_has_description_and_xml_mapping(version: str) -> None:
    """Every property is described and carries its XML mapping."""
    for name, prop in _properties(load_schema(version)):
        assert prop.get("description"), name
        assert isinstance(prop.get("x-xml"), dict), name


def test_unknown_version_is_refused() -> None:
    """Asking for an unknown version raises UnsupportedVersionError naming the known ones."""
    with pytest.raises(UnsupportedVersionError, match=r"1\.0"):
        load_schema("7.3")


@pytest.mark.parametrize("data", [{}, {"newsitem": 1}, {"newsitem": "0.9"}, []])
def test_version_of_refuses(data: object) -> None:
    """A missing, non-string or unknown version is refused."""
    with pytest.raises(UnsupportedVersionError):
        version_of(data)


def test_version_of_accepts_known() -> None:
    """A known version is returned as declared."""
    assert version_of({"newsitem": "1.0"}) == "1.0"


def test_schema_patterns_are_portable() -> None:
    """Patterns use only syntax common to ECMA-262, Python and XSD translation."""
    text = json.dumps(load_schema())
    assert "\\\\d" not in text  # \d differs between dialects; [0-9] is used instead
    for pattern in re.findall(r'"pattern": "([^"]*)"', text):
        assert pattern.startswith("^") and pattern.endswith("$")
