"""The packaged schema versions, and the choice of the one a document declares.

``schema/`` at the top of the repository is canonical; the package carries a checked copy
(``newsitem/_schema/<version>/``) that a test keeps identical.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from newsitem.errors import UnsupportedVersionError
from newsitem.model import VERSIONS

#: Format versions this release knows, oldest first. The last is the current one, the version
#: a producer should declare when it uses a field the older versions lack (SPEC §9).
KNOWN_VERSIONS: tuple[str, ...] = VERSIONS
CURRENT_VERSION: str = KNOWN_VERSIONS[-1]


@cache
def load_schema(version: str = CURRENT_VERSION) -> dict[str, Any]:
    """Return the JSON Schema of a format version (parsed once per process).

    Raises:
        UnsupportedVersionError: when the version is not one this release knows.
    """
    if version not in KNOWN_VERSIONS:
        raise UnsupportedVersionError(version, KNOWN_VERSIONS)
    text = schema_text(version)
    data: dict[str, Any] = json.loads(text)
    return data


def schema_text(version: str = CURRENT_VERSION) -> str:
    """The schema of a version exactly as packaged."""
    if version not in KNOWN_VERSIONS:
        raise UnsupportedVersionError(version, KNOWN_VERSIONS)
    ref = resources.files("newsitem._schema").joinpath(version, "newsitem.schema.json")
    return ref.read_text(encoding="utf-8")


def xsd_bytes(version: str = CURRENT_VERSION) -> bytes | None:
    """The packaged XSD of a version, or None when the version has none."""
    if version not in KNOWN_VERSIONS:
        raise UnsupportedVersionError(version, KNOWN_VERSIONS)
    ref = resources.files("newsitem._schema").joinpath(version, "newsitem.xsd")
    if not ref.is_file():
        return None
    return ref.read_bytes()


def version_of(data: object) -> str:
    """The version a JSON document declares, checked against the known versions.

    Raises:
        UnsupportedVersionError: when the declared version is missing, not a string or unknown.
    """
    declared = data.get("newsitem") if isinstance(data, dict) else None
    if not isinstance(declared, str) or declared not in KNOWN_VERSIONS:
        raise UnsupportedVersionError(declared, KNOWN_VERSIONS)
    return declared


#: The ``$id`` of the meta-schema that declares the ``x-xml``/``x-issue`` vocabulary.
META_SCHEMA_ID = "https://newsitem.dev/schema/meta/newsitem-meta.schema.json"


@cache
def load_meta_schema() -> dict[str, Any]:
    """The meta-schema of the newsitem schemas: draft 2020-12 plus the annotation vocabulary
    (``schema/meta/newsitem-meta.schema.json``; SPEC §5.9)."""
    ref = resources.files("newsitem._schema").joinpath("meta", "newsitem-meta.schema.json")
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data
