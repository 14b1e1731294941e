"""The codec objects of the registry: one per form, each following ``newsitem.codecs.Codec``.

Each class gives one form's module the protocol's verbs and types, and turns the explicit
``ReadOptions`` into that module's arguments (size limit, mode, IPTC schema folder). The
modules are imported when a codec is first used, so importing newsitem stays cheap.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from newsitem.codecs import DEFAULT_MAX_ITEM_BYTES, DEFAULT_READ, Decoded, ReadOptions
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


def _errors(found: list[Issue]) -> list[Issue]:
    return [i for i in found if i.severity == "error"]


_XML_DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # newsitem._xmlsafe.DEFAULT_MAX_BYTES


def _xml_limit(options: ReadOptions) -> AbstractContextManager[None]:
    """The XML parser's size limit raised to ``options.max_bytes`` for one call (lxml is
    imported only then: it costs start-up)."""
    if options.max_bytes <= _XML_DEFAULT_MAX_BYTES:
        return contextlib.nullcontext()
    from newsitem import _xmlsafe

    return _xmlsafe.max_bytes_limit(options.max_bytes)


class JsonCodec:
    """newsitem JSON (one item; JSON Lines items use it line by line)."""

    name = "json"
    media_type = "application/json"

    @property
    def LOSSY_FIELDS(self) -> frozenset[str]:  # noqa: N802
        """None: JSON is the form the schema describes."""
        from newsitem.codecs import json_codec

        return json_codec.LOSSY_FIELDS

    def loads(self, data: bytes | str) -> NewsItem:
        """Read and validate one JSON item."""
        return self.load(data).item

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """Read one JSON item; with ``options.validate`` False it is built without checks
        (a document of the wrong shape is then NI101/NI103, never a traceback)."""
        from newsitem.codecs import json_codec
        from newsitem.model import from_dict
        from newsitem.validate import iter_issues

        raw = _bytes(data)
        if options.validate and len(raw) <= DEFAULT_MAX_ITEM_BYTES:
            return json_codec.decode(raw, first_line=first_line)
        value = json_codec.parse(raw, first_line=first_line, max_bytes=options.max_bytes)
        if options.validate:  # over the codec's default size: the same checks, caller's limit
            found = list(iter_issues(value, source=raw, first_line=first_line))
            if _errors(found):
                raise InvalidNewsItem(_errors(found))
            return Decoded(from_dict(value), tuple(found))
        try:
            return Decoded(from_dict(value))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ParseError(
                make_issue(
                    "NI103" if not isinstance(exc, KeyError) else "NI101",
                    f"cannot build an item without validation: {exc}",
                    line=first_line,
                )
            ) from None

    def dumps(self, item: NewsItem) -> bytes:
        """The canonical JSON of an item."""
        from newsitem.codecs import json_codec

        return json_codec.dumps(item)

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """Every issue of one JSON document, with line and column."""
        from newsitem.codecs import json_codec
        from newsitem.validate import iter_issues

        raw = _bytes(data)
        if len(raw) <= DEFAULT_MAX_ITEM_BYTES:
            return json_codec.issues(raw, first_line=first_line)
        try:
            value = json_codec.parse(raw, first_line=first_line, max_bytes=options.max_bytes)
        except ParseError as exc:
            return [exc.issue]
        return list(iter_issues(value, source=raw, first_line=first_line))


class XmlCodec:
    """newsitem XML (one item)."""

    name = "xml"
    media_type = "application/xml"

    @property
    def LOSSY_FIELDS(self) -> frozenset[str]:  # noqa: N802
        """None: the XML mapping is derived from the schema."""
        from newsitem.codecs import xml_codec

        return xml_codec.LOSSY_FIELDS

    def loads(self, data: bytes | str) -> NewsItem:
        """Read and validate one XML item."""
        return self.load(data).item

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """Read and validate one XML item (located by XPath and line)."""
        del first_line
        from newsitem.codecs import xml_codec

        with _xml_limit(options):
            return xml_codec.decode(_bytes(data))

    def dumps(self, item: NewsItem) -> bytes:
        """The canonical XML of an item."""
        from newsitem.codecs import xml_codec

        return xml_codec.dumps(item)

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """Every issue of one XML document (or of every item of an XML feed)."""
        del first_line
        from newsitem.codecs import xml_codec

        with _xml_limit(options):
            return xml_codec.issues(_bytes(data))


class TextCodec:
    """Plain text of a page: raw agency pages and the canonical text form."""

    name = "text"
    media_type = "text/plain"

    @property
    def LOSSY_FIELDS(self) -> frozenset[str]:  # noqa: N802
        """None: the canonical text form carries every field in its trailer."""
        from newsitem.codecs import text_codec

        return text_codec.LOSSY_FIELDS

    def loads(self, data: bytes | str) -> NewsItem:
        """Read a page (lax: guesses are warnings) into a valid item."""
        return self.load(data).item

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """Read a page; ``options.mode`` ``"strict"`` makes every guess an error."""
        del first_line
        from newsitem.codecs import text_codec
        from newsitem.text.source import decode_bytes

        text = decode_bytes(data) if isinstance(data, bytes) else data
        return text_codec.loads(text, mode=options.mode)

    def dumps(self, item: NewsItem) -> bytes:
        """The canonical text of an item, UTF-8."""
        from newsitem.codecs import text_codec

        return text_codec.encode(item)

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """Every issue of one page: what was guessed (warnings) and what is invalid."""
        del first_line
        from newsitem.codecs import text_codec

        if options.mode == "lax":
            return text_codec.issues(_bytes(data))
        try:
            return list(self.load(data, options).warnings)
        except ParseError as exc:
            return [exc.issue]
        except InvalidNewsItem as exc:
            return list(exc.issues)


@dataclass(frozen=True, slots=True)
class IptcCodec:
    """One IPTC form (ninjs 2.x, ninjs 3.x, NewsML-G2, NITF), read and written through its
    module in ``newsitem.interop``; checked against IPTC's own schema when
    ``ReadOptions.iptc_schemas`` names their folder."""

    name: str
    module: str
    attribute: str | None = None
    media_type: str = "application/xml"

    def _impl(self) -> Any:
        import importlib

        module = importlib.import_module(self.module)
        return getattr(module, self.attribute) if self.attribute else module

    @property
    def LOSSY_FIELDS(self) -> frozenset[str]:  # noqa: N802
        """What the IPTC form cannot carry unchanged (the module declares it)."""
        return frozenset(self._impl().LOSSY_FIELDS)

    def loads(self, data: bytes | str) -> NewsItem:
        """Import one IPTC document as a valid item."""
        return self.load(data).item

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """Import one IPTC document, with the warnings of the import (NI5xx)."""
        del first_line
        with _xml_limit(options):
            decoded: Decoded = self._impl().decode(_bytes(data), schema_dir=options.iptc_schemas)
        return decoded

    def dumps(self, item: NewsItem) -> bytes:
        """The IPTC document of an item."""
        return bytes(self._impl().dumps(item))

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """The document checked against IPTC's schema (``options.iptc_schemas``), then the
        warnings of importing it.

        Raises:
            IptcSchemasNotFound: no schema folder is given or the one given does not exist.
        """
        del first_line
        with _xml_limit(options):
            found: list[Issue] = self._impl().issues(_bytes(data), schema_dir=options.iptc_schemas)
        return found
