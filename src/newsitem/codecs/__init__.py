"""Codecs: one module per wire form, each with ``loads`` and ``dumps``.

Each codec module states ``LOSSY_FIELDS``: the item fields it cannot carry (empty when it
carries everything). ``CODECS`` maps a form's name to its module for the CLI; the modules are
imported on first use so that importing newsitem stays cheap.
"""

from __future__ import annotations

import importlib
from types import ModuleType

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
