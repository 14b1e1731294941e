"""The compatibility policy (SPEC §9): how a consumer that knows versions up to V reads a document.

Within a major version, a consumer of ``1.y`` reads every ``1.x`` document with ``x <= y``
against the schema of ``1.x``, unchanged. A document of a newer minor (``x > y``) is read
against the schema of ``1.y``: the fields ``1.y`` does not know are reported as warnings
(NI121) and ignored, never as errors, and the version itself draws one warning (NI120). A
document of another major version, or with a malformed version, is refused (NI110).

``reading(data, known)`` returns the view of a document such a consumer checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from newsitem.issues import Issue, recoded
from newsitem.schemas import CURRENT_VERSION, KNOWN_VERSIONS, load_schema

__all__ = [
    "Reading",
    "newer_minor",
    "parse_version",
    "reading",
    "reading_as",
    "reading_as_each_step",
    "reading_as_version",
    "reads_directly",
    "unknown_as_ignored",
]

T = TypeVar("T")

_VERSION = re.compile(r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})")

#: The newest version the current reader acts as (``ReadOptions.as_version``, ``validate
#: --as``); None means the newest version this release knows. Set only through ``reading_as``,
#: for one call of a codec object or one step of a check (it is how the option reaches the
#: validators below them); nothing keeps it set.
_READING_AS: ContextVar[str | None] = ContextVar("newsitem_reading_as", default=None)


def parse_version(text: object) -> tuple[int, int] | None:
    """``(major, minor)`` of a ``MAJOR.MINOR`` version string, or None when it is not one."""
    if not isinstance(text, str):
        return None
    match = _VERSION.fullmatch(text)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))


@contextmanager
def reading_as(version: str | None) -> Iterator[None]:
    """Validate as a consumer that knows the versions up to ``version`` inside the block.

    Raises:
        UnsupportedVersionError: the version is not one this release knows.
    """
    if version is not None:
        load_schema(version)  # refuses unknown versions
    token = _READING_AS.set(version)
    try:
        yield
    finally:
        _READING_AS.reset(token)


def reading_as_each_step(version: str | None, steps: Iterator[T]) -> Iterator[T]:
    """The items of ``steps``, each one computed inside ``reading_as(version)``: the version
    holds while the iterator works and never while its consumer does (a generator that set
    it across its ``yield`` would leave it set in the consumer's code)."""
    if version is None:
        yield from steps
        return
    while True:
        with reading_as(version):
            step = next(steps, _DONE)
        if step is _DONE:
            return
        yield step


_DONE: Any = object()


def reading_as_version() -> str | None:
    """The version set by the enclosing ``reading_as`` block, if any."""
    return _READING_AS.get()


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def reads_directly(declared: object) -> bool:
    """True when a document declaring this version is checked against its own schema, as it
    stands: a version this release knows, not newer than the one set by ``reading_as``."""
    if declared not in KNOWN_VERSIONS:
        return False
    reader = _READING_AS.get()
    return reader is None or _key(str(declared)) <= _key(reader)


def newer_minor(declared: object, known: str | None = None) -> bool:
    """True when ``declared`` is a minor of the reader's major newer than the reader knows
    (``known``, default: ``reading_as`` or the newest version of this release)."""
    mine = parse_version(known or _READING_AS.get() or CURRENT_VERSION)
    theirs = parse_version(declared)
    return mine is not None and theirs is not None and theirs[0] == mine[0] and theirs > mine


def unknown_as_ignored(issues: list[Issue], version: str | None = None) -> list[Issue]:
    """A newer minor's unknown members (NI102 from a structural reader, such as XML's) as the
    warnings the policy gives them (NI121): ignored, never errors."""
    reader = version or _READING_AS.get() or CURRENT_VERSION
    ignored = f"not part of version {reader}; ignored"
    return [
        recoded(issue, "NI121", f"{issue.message.removeprefix('unknown ')}: {ignored}")
        if issue.code == "NI102"
        else issue
        for issue in issues
    ]


@dataclass(frozen=True, slots=True)
class Reading:
    """What a consumer checks of one document.

    Attributes:
        version: the schema version the document is checked against.
        data: the document's data as checked: the fields that version does not know are left
            out, and ``newsitem`` is ``version`` when the document declared a newer minor.
        declared: the version the document declares.
        ignored: the data paths of the fields left out (each one is a warning NI121).
    """

    version: str
    data: Mapping[str, Any]
    declared: str
    ignored: tuple[tuple[str | int, ...], ...] = ()

    @property
    def newer(self) -> bool:
        """True when the document declares a newer minor than the consumer knows."""
        return self.declared != self.version


def reading(data: Mapping[str, Any], known: str | None = None) -> Reading | None:
    """The view of a document a consumer of versions up to ``known`` checks.

    Args:
        data: the document's data; ``data["newsitem"]`` is its declared version.
        known: the newest version the consumer knows (default: ``reading_as`` or the newest
            version of this release).

    Returns:
        None when the declared version cannot be read at all (missing, malformed, another
        major, or a known version newer than ``known`` of another major).
    """
    known = known or _READING_AS.get() or CURRENT_VERSION
    declared = data.get("newsitem")
    mine, theirs = parse_version(known), parse_version(declared)
    if mine is None or theirs is None or mine[0] != theirs[0]:
        return None
    assert isinstance(declared, str)  # parse_version accepted it
    if theirs <= mine:
        if declared not in KNOWN_VERSIONS:
            return None
        return Reading(declared, data, declared)
    ignored: list[tuple[str | int, ...]] = []
    schema = load_schema(known)
    kept = _known_part(schema, schema, data, (), ignored)
    kept["newsitem"] = known
    return Reading(known, kept, declared, tuple(ignored))


def _known_part(
    schema: Mapping[str, Any],
    node: Mapping[str, Any],
    value: Mapping[str, Any],
    path: tuple[str | int, ...],
    ignored: list[tuple[str | int, ...]],
) -> dict[str, Any]:
    """The members of an object the schema node knows; the others are added to ``ignored``."""
    properties = _lookup(schema, node, "properties") or {}
    kept: dict[str, Any] = {}
    for key, member in value.items():
        sub = properties.get(key)
        if sub is None:
            ignored.append((*path, key))
            continue
        kept[key] = _known_value(schema, sub, member, (*path, key), ignored)
    return kept


def _known_value(
    schema: Mapping[str, Any],
    node: Mapping[str, Any],
    value: Any,
    path: tuple[str | int, ...],
    ignored: list[tuple[str | int, ...]],
) -> Any:
    if isinstance(value, Mapping) and _lookup(schema, node, "properties") is not None:
        return _known_part(schema, node, value, path, ignored)
    items = _lookup(schema, node, "items")
    if isinstance(value, list) and isinstance(items, Mapping):
        return [
            _known_value(schema, items, entry, (*path, index), ignored)
            for index, entry in enumerate(value)
        ]
    return value


def _lookup(schema: Mapping[str, Any], node: Mapping[str, Any], keyword: str) -> Any:
    from newsitem.xml_mapping import lookup

    return lookup(schema, node, keyword)
