"""The label registry of the text form's metadata block: labels and synonyms per field.

Kept as package data (``data/labels.json``) so that the text codec, the NI305 rule and the
documentation read one table.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def field_labels() -> dict[str, tuple[str, ...]]:
    """Field name -> its labels, the canonical one first."""
    text = resources.files("newsitem.data").joinpath("labels.json").read_text(encoding="utf-8")
    raw: dict[str, list[str]] = json.loads(text)["fields"]
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
