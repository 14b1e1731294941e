"""Codecs: the one interface every wire form is read and written through.

A codec is an object following the ``Codec`` protocol below; ``newsitem.forms.FORMS`` is the one
registry that holds them (one object per form: ninjs 2.x and 3.x are two objects). The modules
in this package and in ``newsitem.interop`` implement the forms; the objects in
``newsitem.codecs.objects`` give them the same verbs and types:

``loads(data) -> NewsItem``
    read and validate one document (raises ``ParseError`` or ``InvalidNewsItem``).
``load(data, options) -> Decoded``
    the same, with the warnings of reading it (what was guessed, normalised or not checked).
``dumps(item) -> bytes``
    the document of an item (raises ``ConversionError`` when the form cannot hold it).
``issues(data, options) -> list[Issue]``
    everything ``validate`` reports for one document: its parse error, or its warnings and
    validation issues, each located.
``LOSSY_FIELDS``
    the item fields the form cannot carry unchanged (empty when it carries everything); the
    property tests hold every codec to exactly this.

Configuration travels in a ``ReadOptions`` value passed as an argument; nothing here reads or
writes the process environment or a module-global setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from newsitem.issues import Issue
from newsitem.model import NewsItem

__all__ = ["DEFAULT_READ", "Codec", "Decoded", "Mode", "ReadOptions"]

Mode = Literal["lax", "strict"]

#: The largest single document read by default (16 MiB; SPEC §11).
DEFAULT_MAX_ITEM_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Decoded:
    """An item read from some form, and the warnings of reading it (what was guessed)."""

    item: NewsItem
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How documents are read.

    Attributes:
        mode: ``"lax"`` reads what it can and warns about every guess; ``"strict"`` makes a
            guess an error (the raw-text reader and the IPTC importers guess).
        iptc_schemas: the folder with IPTC's schema files, for checking IPTC documents
            against their own schema; None: not checked (an NI505 warning says so).
        max_bytes: the largest document accepted (``--max-item-bytes``).
        validate: False reads newsitem JSON without validating it (``--no-validate``).
        as_version: read as a consumer that knows the format versions up to this one
            (``validate --as``): the fields of a newer minor are warnings (NI121), not errors
            (SPEC §9); None: the newest version this release knows.
    """

    mode: Mode = "lax"
    iptc_schemas: Path | None = None
    max_bytes: int = DEFAULT_MAX_ITEM_BYTES
    validate: bool = True
    as_version: str | None = None


DEFAULT_READ = ReadOptions()


class Codec(Protocol):
    """The verbs of one wire form (see the module docstring)."""

    @property
    def name(self) -> str:
        """The form's name in the registry (``json``, ``ninjs3``, …)."""

    @property
    def media_type(self) -> str:
        """The media type of a document of the form (for HTTP and file type hints)."""

    @property
    def LOSSY_FIELDS(self) -> frozenset[str]:  # noqa: N802 (the name the brief gives it)
        """Item fields this form cannot carry unchanged."""

    def loads(self, data: bytes | str) -> NewsItem:
        """Read and validate one document."""

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """Read and validate one document, with the warnings of reading it."""

    def dumps(self, item: NewsItem) -> bytes:
        """The document of an item."""

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """Every issue of one document, located."""


class FeedWriter(Protocol):
    """How a feed form writes a stream of items: a header, one part per item, a footer."""

    def header(self) -> bytes:
        """The bytes before the first item."""

    def item(self, item: NewsItem) -> bytes:
        """One item's part of the feed."""

    def footer(self) -> bytes:
        """The bytes after the last item."""
