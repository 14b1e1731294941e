"""The IPTC schemas at run time: found in a directory the user gives, compiled once per process.

newsitem does not ship IPTC's schema files. Validation of ninjs, NewsML-G2 and NITF documents
needs a directory laid out like this (IPTC's files, unmodified)::

    DIR/ninjs/schemas/ninjs-schema_2.3.json      (and any other ninjs-schema_<v>.json)
    DIR/ninjs/schemas/GeoJSON-schema.json        (referenced by the 2.x and 3.x schemas)
    DIR/newsml-g2/schema/NewsML-G2_2.35-spec-All-Power.xsd   (+ xml.xsd beside it)
    DIR/nitf/schema/nitf-3-6.xsd                 (+ nitf-3-6-ruby-include.xsd, xml.xsd)

Each file may also sit directly in ``DIR`` or in ``DIR/<standard>/``. The directory comes from
an explicit argument or from the ``NEWSITEM_IPTC_SCHEMAS`` environment variable. XSDs are
compiled through the hardened loader (``newsitem._xmlsafe.load_schema``: local files only).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from newsitem import _xmlsafe
from newsitem.errors import InvalidNewsItem, IptcSchemasNotFound, ParseError
from newsitem.issues import Issue

ENV_VAR = "NEWSITEM_IPTC_SCHEMAS"

NINJS_VERSIONS: tuple[str, ...] = ("2.3", "3.2")
G2_XSD = "NewsML-G2_2.35-spec-All-Power.xsd"
NITF_XSD = "nitf-3-6.xsd"
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
GEOJSON_FILE = "GeoJSON-schema.json"

_SUBDIRS = {
    "ninjs": ("ninjs/schemas", "ninjs", "."),
    "newsml-g2": ("newsml-g2/schema", "newsml-g2", "."),
    "nitf": ("nitf/schema", "nitf", "."),
}


SchemasNotFound = IptcSchemasNotFound  # the name this module's callers know


#: What an XML form's schema check found, and whether reading the document should follow.
Findings = tuple[list[Issue], bool]


def xml_form_issues(
    data: bytes,
    directory: str | os.PathLike[str] | None,
    check: Callable[[etree._ElementTree, Path], Findings],
    read: Callable[[etree._ElementTree], tuple[object, list[Issue]]],
) -> list[Issue]:
    """The ``issues`` of an XML form (NewsML-G2, NITF): the parse error; else what ``check``
    finds against IPTC's schemas, then, when it says to go on, the warnings of reading the
    document (or the issues that refused it).

    Raises:
        SchemasNotFound: when no schema directory is given or configured.
    """
    parsed = parse_to_check(data, directory)
    if isinstance(parsed, Issue):
        return [parsed]
    tree, path = parsed
    found, go_on = check(tree, path)
    if not go_on:
        return found
    try:
        _, warnings = read(tree)
    except InvalidNewsItem as exc:
        return found + list(exc.issues)
    except ParseError as exc:
        return [*found, exc.issue]
    return found + warnings


def parse_to_check(
    data: bytes, directory: str | os.PathLike[str] | None
) -> tuple[etree._ElementTree, Path] | Issue:
    """The parsed document and the schema directory, or the document's parse error.

    Raises:
        SchemasNotFound: when no schema directory is given or configured.
    """
    path = schema_dir(directory)
    try:
        return _xmlsafe.parse(data), path
    except ParseError as exc:
        return exc.issue


def as_bytes(data: bytes | str) -> bytes:
    """A document given as text or bytes, as the UTF-8 bytes the codecs' ``decode`` reads."""
    return data.encode("utf-8") if isinstance(data, str) else data


def schema_dir(directory: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding the IPTC schemas.

    Raises:
        SchemasNotFound: no directory was given and ``NEWSITEM_IPTC_SCHEMAS`` is not set, or
            the directory does not exist.
    """
    if directory is None:
        env = os.environ.get(ENV_VAR)
        if not env:
            raise SchemasNotFound(
                "validating IPTC documents needs IPTC's schema files, which newsitem does not "
                f"ship: set {ENV_VAR} to their directory (or pass --iptc-schemas DIR)"
            )
        directory = env
    path = Path(directory).expanduser().resolve()
    if not path.is_dir():
        raise SchemasNotFound(f"IPTC schema directory {path} does not exist (see {ENV_VAR})")
    return path


def available(directory: str | os.PathLike[str] | None = None) -> Path | None:
    """The schema directory when one is configured and exists, else None."""
    try:
        return schema_dir(directory)
    except SchemasNotFound:
        return None


def find_file(root: Path, standard: str, name: str) -> Path:
    """A schema file of a standard under the root directory.

    Raises:
        SchemasNotFound: when the file is in none of the places looked at.
    """
    for sub in _SUBDIRS[standard]:
        candidate = root / sub / name
        if candidate.is_file():
            return candidate
    raise SchemasNotFound(
        f"{name} not found under {root} (looked in {', '.join(_SUBDIRS[standard])}; see {ENV_VAR})"
    )


@cache
def ninjs_validator(root: Path, version: str) -> Any:
    """A jsonschema validator of one ninjs version (compiled once per process and version),
    with GeoJSON registered locally so that nothing is fetched."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    schema = json.loads(find_file(root, "ninjs", f"ninjs-schema_{version}.json").read_text("utf-8"))
    registry: Registry[Any] = Registry()
    try:
        geojson = json.loads(find_file(root, "ninjs", GEOJSON_FILE).read_text("utf-8"))
    except SchemasNotFound:
        geojson = None
    if geojson is not None:
        resource = Resource.from_contents(geojson, default_specification=DRAFT7)
        registry = registry.with_resource(GEOJSON_URI, resource)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def ninjs_versions(root: Path) -> tuple[str, ...]:
    """The ninjs versions whose schema is in the directory, oldest first."""
    found = set()
    for sub in _SUBDIRS["ninjs"]:
        for path in (root / sub).glob("ninjs-schema_*.json"):
            found.add(path.stem.removeprefix("ninjs-schema_"))
    return tuple(sorted(found, key=lambda v: tuple(int(p) for p in v.split(".") if p.isdigit())))


@cache
def g2_schema(root: Path) -> etree.XMLSchema:
    """The NewsML-G2 2.35 Power XSD, compiled once per process."""
    return _load_xsd(find_file(root, "newsml-g2", G2_XSD))


@cache
def nitf_schema(root: Path) -> etree.XMLSchema:
    """The NITF 3.6 XSD, compiled once per process."""
    return _load_xsd(find_file(root, "nitf", NITF_XSD))


def _load_xsd(path: Path) -> etree.XMLSchema:
    """An IPTC XSD through the hardened loader (imports served from its own folder only)."""
    return _xmlsafe.load_schema(path)
