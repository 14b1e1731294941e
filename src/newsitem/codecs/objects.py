"""The codec objects of the registry: one per form, each following ``newsitem.codecs.Codec``.

Each class gives one form's module the protocol's verbs and types, and turns the explicit
``ReadOptions`` into that module's arguments (size limit, mode, IPTC schema folder). The
modules are imported when a codec is first used, so importing newsitem stays cheap.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
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


def _reading_version(options: ReadOptions) -> AbstractContextManager[None]:
    """``options.as_version`` in force for one call (the validators below read it there)."""
    if options.as_version is None:
        return contextlib.nullcontext()
    from newsitem.compat import reading_as

    return reading_as(options.as_version)


def _unknown_fields(value: object) -> list[str]:
    """JSON paths of the members of a document that no field of the model holds."""
    from dataclasses import fields

    from newsitem.model import ExtraField, Rights

    if not isinstance(value, dict):
        return []
    known = {f.name for f in fields(NewsItem)} - {"version"} | {"newsitem"}
    found = [f"$.{key}" for key in value if key not in known]
    rights = value.get("rights")
    if isinstance(rights, dict):
        names = {f.name for f in fields(Rights)}
        found += [f"$.rights.{key}" for key in rights if key not in names]
    extra = value.get("extra")
    if isinstance(extra, list):
        names = {f.name for f in fields(ExtraField)}
        for index, entry in enumerate(extra):
            if isinstance(entry, dict):
                found += [f"$.extra[{index}].{key}" for key in entry if key not in names]
    return found


def _dropped(value: dict[str, Any], item: NewsItem, line: int) -> tuple[Issue, ...]:
    """NI410 warnings for the fields of unvalidated data that the item does not hold (an empty
    list: the model holds none), so that no output form drops them silently."""
    from newsitem.model import to_dict

    kept = to_dict(item)
    return tuple(
        make_issue(
            "NI410",
            f"{name}: an empty list, which an item cannot hold, is left out (--no-validate)",
            f"$.{name}",
            line=line,
        )
        for name in value
        if name not in kept
    )


class _ModuleCodec:
    """What every codec object shares: the module that implements its form (imported on first
    use), its declared losses, ``loads`` as ``load`` without the warnings, and ``dumps``."""

    def __init__(
        self, name: str, module: str, attribute: str | None = None, media_type: str = ""
    ) -> None:
        self.name = name
        self.media_type = media_type
        self._module = module
        self._attribute = attribute

    def __repr__(self) -> str:
        return f"<codec {self.name}>"

    def _impl(self) -> Any:
        import importlib

        module = importlib.import_module(self._module)
        return getattr(module, self._attribute) if self._attribute else module

    @property
    def LOSSY_FIELDS(self) -> frozenset[str]:  # noqa: N802
        """The item fields this form cannot carry unchanged (its module declares them)."""
        return frozenset(self._impl().LOSSY_FIELDS)

    def loads(self, data: bytes | str) -> NewsItem:
        """Read and validate one document."""
        return self.load(data).item

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """Read and validate one document, with the warnings of reading it."""
        with _reading_version(options):
            return self._load(data, options, first_line)

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """Every issue of one document, located."""
        with _reading_version(options):
            return self._issues(data, options, first_line)

    def _load(self, data: bytes | str, options: ReadOptions, first_line: int) -> Decoded:
        raise NotImplementedError

    def _issues(self, data: bytes | str, options: ReadOptions, first_line: int) -> list[Issue]:
        raise NotImplementedError

    def dumps(self, item: NewsItem) -> bytes:
        """The document of an item."""
        return bytes(self._impl().encode(item))


class JsonCodec(_ModuleCodec):
    """newsitem JSON (one item; JSON Lines items use it line by line)."""

    def _load(self, data: bytes | str, options: ReadOptions, first_line: int) -> Decoded:
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
        unknown = _unknown_fields(value)
        if unknown:  # kept nowhere in the model: reported, never dropped silently
            raise InvalidNewsItem(
                [
                    make_issue("NI102", f"unknown field {path!r} cannot be carried", path)
                    for path in unknown
                ]
            )
        try:
            item = from_dict(value)
            return Decoded(item, _dropped(value, item, first_line))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ParseError(
                make_issue(
                    "NI103" if not isinstance(exc, KeyError) else "NI101",
                    f"cannot build an item without validation: {exc}",
                    line=first_line,
                )
            ) from None

    def _issues(self, data: bytes | str, options: ReadOptions, first_line: int) -> list[Issue]:
        """Every issue of one JSON document, with line and column."""
        # Called once per JSON Lines item: names from a module, not a package (``from
        # <package> import <module>`` runs Python-level import machinery on every call).
        from newsitem.codecs.json_codec import issues, parse
        from newsitem.validate import iter_issues

        raw = _bytes(data)
        if len(raw) <= DEFAULT_MAX_ITEM_BYTES:
            return issues(raw, first_line=first_line)
        try:
            value = parse(raw, first_line=first_line, max_bytes=options.max_bytes)
        except ParseError as exc:
            return [exc.issue]
        return list(iter_issues(value, source=raw, first_line=first_line))


class XmlCodec(_ModuleCodec):
    """newsitem XML (one item)."""

    def _load(self, data: bytes | str, options: ReadOptions, first_line: int) -> Decoded:
        """Read and validate one XML item (located by XPath and line)."""
        del first_line
        with _xml_limit(options):
            decoded: Decoded = self._impl().decode(_bytes(data))
        return decoded

    def _issues(self, data: bytes | str, options: ReadOptions, first_line: int) -> list[Issue]:
        """Every issue of one XML document (or of every item of an XML feed)."""
        del first_line
        with _xml_limit(options):
            found: list[Issue] = self._impl().issues(_bytes(data))
        return found


class TextCodec(_ModuleCodec):
    """Plain text of a page: raw agency pages and the canonical text form."""

    def _load(self, data: bytes | str, options: ReadOptions, first_line: int) -> Decoded:
        """Read a page; ``options.mode`` ``"strict"`` makes every guess an error."""
        del first_line
        from newsitem.codecs import text_codec

        return text_codec.load(data, mode=options.mode)

    def _issues(self, data: bytes | str, options: ReadOptions, first_line: int) -> list[Issue]:
        """Every issue of one page: what was guessed (warnings) and what is invalid."""
        del first_line
        from newsitem.codecs import text_codec

        if options.mode == "lax":
            return text_codec.issues(_bytes(data))
        try:
            return list(self._load(data, options, 1).warnings)
        except ParseError as exc:
            return [exc.issue]
        except InvalidNewsItem as exc:
            return list(exc.issues)


class IptcCodec(_ModuleCodec):
    """One IPTC form (ninjs 1.x, 2.x, 3.x, NewsML-G2, NITF), read and written through its
    module in ``newsitem.interop``; checked against IPTC's own schema when
    ``ReadOptions.iptc_schemas`` names their folder (findings are warnings, NI508, unless
    ``ReadOptions.mode`` is ``"strict"``)."""

    def _load(self, data: bytes | str, options: ReadOptions, first_line: int) -> Decoded:
        """Import one IPTC document, with the warnings of the import (NI5xx)."""
        del first_line
        with _xml_limit(options):
            decoded: Decoded = self._impl().decode(
                _bytes(data), schema_dir=options.iptc_schemas, strict=options.mode == "strict"
            )
        return decoded

    def _issues(self, data: bytes | str, options: ReadOptions, first_line: int) -> list[Issue]:
        """The document checked against IPTC's schema (``options.iptc_schemas``), then the
        warnings of importing it.

        Raises:
            IptcSchemasNotFound: no schema folder is given or the one given does not exist.
        """
        del first_line
        with _xml_limit(options):
            found: list[Issue] = self._impl().issues(_bytes(data), schema_dir=options.iptc_schemas)
        return found
