"""Codecs: one module per wire form, each with ``loads`` and ``dumps``.

Each codec module states ``LOSSY_FIELDS``: the item fields it cannot carry (empty when it
carries everything). ``get_codec`` maps a form's name to its module for the CLI; the modules are
imported on first use so that importing newsitem stays cheap.

Besides its own ``loads``/``dumps``, every codec module offers the same three functions to the
CLI and to the batch machinery:

``decode(data: bytes) -> Decoded``
    parse and validate one document; raises ``ParseError`` (not a document) or
    ``InvalidNewsItem`` (holds every error); warnings travel in ``Decoded.warnings``.
``encode(item: NewsItem) -> bytes``
    the document to write to a file.
``issues(data: bytes) -> list[Issue]``
    everything ``validate`` reports for one document: a parse error, or the warnings and
    validation issues, each located.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from newsitem.issues import Issue
from newsitem.model import NewsItem


@dataclass(frozen=True, slots=True)
class Decoded:
    """An item read from some form, and the warnings of reading it (what was guessed)."""

    item: NewsItem
    warnings: tuple[Issue, ...] = ()


_MODULES = {
    "json": "newsitem.codecs.json_codec",
    "xml": "newsitem.codecs.xml_codec",
    "text": "newsitem.codecs.text_codec",
}

FORMS: tuple[str, ...] = tuple(_MODULES)


def get_codec(form: str) -> ModuleType:
    """The codec module of a form (``json``, ``xml`` or ``text``).

    Raises:
        KeyError: for an unknown form.
    """
    return importlib.import_module(_MODULES[form])
