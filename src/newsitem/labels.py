"""The label registry of the text form: metadata-block labels and synonyms per field, and the
labels of the canonical trailer.

Kept as package data (``data/labels.json``) so that the text codec, the NI305 rule and the
documentation read one table. The metadata-block labels are those of format 1.0; a minor
version adds no reserved label (SPEC §9.1: that would make valid older documents invalid once
moved up), so the fields of 1.1 are written in the trailer.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _table() -> dict[str, Any]:
    text = resources.files("newsitem.data").joinpath("labels.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def field_labels() -> dict[str, tuple[str, ...]]:
    """Field name -> its labels, the canonical one first."""
    raw: dict[str, list[str]] = _table()["fields"]
    return {name: tuple(labels) for name, labels in raw.items()}


@cache
def _by_folded_label() -> dict[str, str]:
    return {label.casefold(): name for name, labels in field_labels().items() for label in labels}


def field_for_label(label: str) -> str | None:
    """The field a metadata label stands for (case-insensitive), or None if unknown."""
    return _by_folded_label().get(" ".join(label.split()).casefold())


def canonical_label(field: str) -> str:
    """The label the text writer uses for a field."""
    return field_labels()[field][0]


@cache
def trailer_labels() -> tuple[tuple[str, str], ...]:
    """(label, field) of the canonical text trailer, in trailer order; ``rights.<member>``
    names a member of ``rights``."""
    raw: dict[str, str] = _table()["trailer"]
    return tuple((label, name) for name, label in raw.items())
