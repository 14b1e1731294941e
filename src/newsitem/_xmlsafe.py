"""The one hardened XML parser: every XML input and every schema newsitem loads goes through it.

Settings and why (see SECURITY.md): entities are never resolved (no XXE, no billion laughs), no
network access, no DTD loading or validation, no XInclude processing, libxml2's own limits on
depth and text size stay on (no ``huge_tree``), and a size limit applies before parsing. A
document with an internal DTD subset (where entity declarations live) is refused with NI106
before libxml2 ever sees it; a bare ``<!DOCTYPE x SYSTEM "x.dtd">`` as found in old NITF archives
is tolerated and ignored (the DTD is never fetched).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO, Literal

from lxml import etree

from newsitem.errors import ParseError
from newsitem.issues import make_issue

#: Largest XML document (bytes) parsed by default.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Deepest element nesting accepted by default (libxml2 refuses beyond 256 without huge_tree).
DEFAULT_MAX_DEPTH = 256

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"

#: The largest document ``parse`` accepts when no limit is passed, for the current context
#: only (``max_bytes_limit`` sets it for a ``with`` block; nothing stays changed after it).
_MAX_BYTES: ContextVar[int] = ContextVar("newsitem_xml_max_bytes", default=DEFAULT_MAX_BYTES)


@contextlib.contextmanager
def max_bytes_limit(limit: int) -> Iterator[None]:
    """Within the block, ``parse`` accepts documents up to ``limit`` bytes by default."""
    if limit < 1:
        raise ValueError("the limit must be positive")
    token = _MAX_BYTES.set(limit)
    try:
        yield
    finally:
        _MAX_BYTES.reset(token)


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_SUBSET_OR_ENTITY = re.compile(rb"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)
_UTF16_32 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<\x00?", b"<\x00?\x00")


class _NoAccessResolver(etree.Resolver):
    """Refuses every external resource (DTDs, entities, includes)."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        del system_url, public_id
        return self.resolve_string("", context)


#: The settings of every parser made here (see SECURITY.md for why each one).
_SAFE_SETTINGS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "collect_ids": False,
}


def make_parser(
    *, remove_blank_text: bool = False, resolver: etree.Resolver | None = None
) -> etree.XMLParser:
    """A new lxml parser with every dangerous feature off (parsers are not thread-safe,
    so each thread or process makes its own). External resources are refused unless a
    ``resolver`` (used for XSD imports only) serves them."""
    parser: etree.XMLParser = etree.XMLParser(remove_blank_text=remove_blank_text, **_SAFE_SETTINGS)
    parser.resolvers.add(resolver if resolver is not None else _NoAccessResolver())
    return parser


_PARSER = make_parser()

#: Bytes read at a time when parsing a stream.
CHUNK_SIZE = 64 * 1024
#: Bytes kept from the previous chunk so that a construct split across chunks is still seen.
_OVERLAP = 256


def _refuse(code: str, message: str, line: int | None = 1, column: int | None = 1) -> ParseError:
    return ParseError(make_issue(code, message, "/", line, column))


def _line_of(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def parse(
    data: bytes,
    *,
    max_bytes: int | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> etree._ElementTree:
    """Parse XML bytes safely.

    Raises:
        ParseError: NI100 (not well-formed), NI106 (internal DTD subset, entity declaration or
            XInclude), NI108 (too large or too deep), NI111 (encoding problem).
    """
    if not isinstance(data, bytes):
        raise TypeError("parse() takes bytes; encode text first")
    limit = _MAX_BYTES.get() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise _refuse("NI108", f"document is {len(data)} bytes, more than the limit {limit}")
    if not data.strip():
        raise _refuse("NI100", "the document is empty")
    probe = data
    if data.startswith(_UTF16_32):
        try:
            probe = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            probe = data
    _screen_subsets(probe)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc) from None
    except ValueError as exc:
        raise _refuse("NI100", f"not well-formed XML: {exc}") from None
    docinfo = tree.docinfo
    if docinfo.internalDTD is not None and len(docinfo.internalDTD.entities()) > 0:
        raise _refuse("NI106", "entity declarations are not accepted")
    root = tree.getroot()
    for element in root.iter(f"{{{XINCLUDE_NS}}}*"):
        raise _refuse(
            "NI106",
            "XInclude is not processed and not accepted",
            element.sourceline,
            None,
        )
    if docinfo.system_url or docinfo.public_id:
        # With an external DTD (never loaded), references to its entities stay unexpanded
        # nodes; no consumer could give them a value, and schema checks choke on them.
        for node in root.iter(etree.Entity):
            raise _unexpanded(node)
    if max_depth < DEFAULT_MAX_DEPTH and _depth(root) > max_depth:
        raise _refuse("NI108", f"elements are nested deeper than the limit {max_depth}")
    return tree


def _unexpanded(node: etree._Element) -> ParseError:
    parent = node.getparent()
    line = parent.sourceline if parent is not None else None
    return _refuse(
        "NI106",
        f"entity reference {node.text} cannot be expanded: external DTDs are never loaded",
        line,
        None,
    )


def _depth(element: etree._Element) -> int:
    deepest = 0
    stack = [(element, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


_Event = Literal["start", "end", "start-ns", "end-ns", "comment", "pi"]


def make_pull_parser(events: tuple[_Event, ...] = ("start", "end")) -> etree.XMLPullParser:
    """A new incremental parser with the same settings as ``make_parser``."""
    parser = etree.XMLPullParser(events=events, **_SAFE_SETTINGS)
    parser.resolvers.add(_NoAccessResolver())
    return parser


def _chunks(source: BinaryIO | bytes, size: int) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        view = bytes(source)
        for start in range(0, len(view), size):
            yield view[start : start + size]
        return
    while True:
        chunk = source.read(size)
        if not chunk:
            return
        yield bytes(chunk)


class _ChunkScreen:
    """The byte scan of a stream, chunk by chunk, for internal DTD subsets and entity
    declarations (NI106), with enough of the previous chunk kept to see a construct split
    across two chunks, and line counting for the issue."""

    def __init__(self) -> None:
        self.carry = b""
        self.lines_before = 0  # newlines in the data before ``carry``

    def check(self, chunk: bytes) -> None:
        window = self.carry + chunk
        _screen_subsets(window, self.lines_before, partial_first_line=True)
        kept = window[-_OVERLAP:]
        self.lines_before += window[: len(window) - len(kept)].count(b"\n")
        self.carry = kept


def _screen_subsets(
    data: bytes, lines_before: int = 0, *, partial_first_line: bool = False
) -> None:
    """Refuse (NI106) an internal DTD subset or entity declaration found in the bytes, placed
    ``lines_before`` lines into the document; the column of a find on a first line that
    starts mid-line (a stream window) is unknown."""
    bad = _SUBSET_OR_ENTITY.search(data)
    if bad is not None:
        line, col = _line_of(data, bad.start())
        raise _refuse(
            "NI106",
            "DTD internal subsets and entity declarations are not accepted",
            lines_before + line,
            None if partial_first_line and line == 1 else col,
        )


def _syntax_error(exc: etree.XMLSyntaxError) -> ParseError:
    message = str(exc.msg or exc)
    line, col = exc.position if exc.position and exc.position[0] else (exc.lineno or None, None)
    lowered = message.lower()
    if "depth" in lowered or "huge" in lowered or "too large" in lowered:
        return _refuse("NI108", f"document exceeds the parser's limits: {message}", line, col)
    if "encoding" in lowered or "utf-8" in lowered or "char 0x" in lowered:
        return _refuse("NI111", f"encoding problem: {message}", line, col)
    return _refuse("NI100", f"not well-formed XML: {message}", line, col)


def iterparse(
    source: BinaryIO | bytes,
    *,
    events: tuple[_Event, ...] = ("start", "end"),
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[tuple[str, etree._Element]]:
    """Parse a stream incrementally and safely, yielding ``(event, element)`` pairs.

    The same refusals as ``parse`` apply, checked chunk by chunk: an internal DTD subset or an
    entity declaration stops the stream with NI106 before libxml2 parses it (for encodings the
    byte scan cannot read, the parsed DOCTYPE is checked for entity declarations instead), and
    XInclude elements with NI106. The caller may clear elements as it goes.

    Raises:
        ParseError: at the point where the stream stops being acceptable (after yielding every
            event before it): NI100, NI106, NI108 or NI111.
    """
    parser = make_pull_parser(events)
    screen = _ChunkScreen()
    checked_doctype = False
    external_dtd = False
    for chunk in _chunks(source, chunk_size):
        screen.check(chunk)
        try:
            parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            yield from parser.read_events()
            raise _syntax_error(exc) from None
        for event, element in parser.read_events():
            if not checked_doctype:
                checked_doctype = True
                docinfo = element.getroottree().docinfo
                dtd = docinfo.internalDTD
                if dtd is not None and len(dtd.entities()) > 0:
                    raise _refuse("NI106", "entity declarations are not accepted")
                external_dtd = bool(docinfo.system_url or docinfo.public_id)
            if external_dtd and event == "end":
                for child in element:
                    if isinstance(child, etree._Entity):
                        raise _unexpanded(child)
            if isinstance(element.tag, str) and element.tag.startswith(f"{{{XINCLUDE_NS}}}"):
                raise _refuse(
                    "NI106",
                    "XInclude is not processed and not accepted",
                    element.sourceline,
                    None,
                )
            yield event, element
    try:
        parser.close()
    except etree.XMLSyntaxError as exc:
        yield from parser.read_events()
        raise _syntax_error(exc) from None
    yield from parser.read_events()


def _refuse_subtree(element: etree._Element, external_dtd: bool) -> None:
    """NI106 for an XInclude element, or an unexpanded entity of an external DTD, anywhere in
    a subtree (walked in C: only matches become Python objects)."""
    for found in element.iter(f"{{{XINCLUDE_NS}}}*"):
        raise _refuse("NI106", "XInclude is not processed and not accepted", found.sourceline, None)
    if external_dtd:
        for node in element.iter(etree.Entity):
            raise _unexpanded(node)


def iter_children(
    source: BinaryIO | bytes,
    tag: str,
    *,
    max_child_bytes: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[etree._Element]:
    """Stream a document as its root element, then each complete child element of the root.

    Built for feeds: libxml2 reports only elements named ``tag`` (a Clark name) to Python, so
    the cost per child is one event, whatever the child holds. Other children of the root come
    in document order too, before the next ``tag`` child or at the end. Each child is cleared
    and dropped once the caller has moved on, so memory stays flat. The first value is the
    root (from a separate look at the first bytes, so its children are not there).

    The refusals of ``iterparse`` apply: an internal DTD subset or an entity declaration (byte
    scan per chunk and parsed DOCTYPE), XInclude elements and unexpanded entities of an
    external DTD, in every child subtree, all NI106.

    Raises:
        ParseError: where the stream stops being acceptable: NI100, NI106, NI108 (libxml2's
            limits, or a child larger than ``max_child_bytes``, counted from the end of the
            previous child to within one chunk), NI111.
    """
    parser = etree.XMLPullParser(events=("start", "end"), tag=tag, **_SAFE_SETTINGS)
    parser.resolvers.add(_NoAccessResolver())
    probe: etree.XMLPullParser | None = make_pull_parser(("start",))
    root: etree._Element | None = None
    external_dtd = False
    screen = _ChunkScreen()
    fed = 0
    child_start = 0  # bytes fed when the current child began (to within one chunk)
    # The last child handed out: cleared, it stays in the tree (libxml2 may still append to
    # its tail), and everything before it is deleted.
    handed: etree._Element | None = None

    def others(element: etree._Element | None, parent: etree._Element) -> list[etree._Element]:
        """The element children of the root between the last one handed out and ``element``
        (None: to the end), in document order; all complete by now."""
        found: list[etree._Element] = []
        sibling = handed.getnext() if handed is not None else (parent[0] if len(parent) else None)
        while sibling is not None and sibling is not element:
            if type(sibling.tag) is str:
                found.append(sibling)
            sibling = sibling.getnext()
        return found

    def handle(events: Iterator[tuple[str, etree._Element]]) -> Iterator[etree._Element]:
        nonlocal handed, child_start
        for event, element in events:
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # the root itself, or a nested element of the same name
            if event == "start":
                child_start = fed
                continue
            for other in [*others(element, parent), element]:
                _refuse_subtree(other, external_dtd)
                yield other
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
            handed = element
            child_start = fed

    for chunk in _chunks(source, chunk_size):
        screen.check(chunk)
        fed += len(chunk)
        if probe is not None:
            # A syntax error is the main parser's to report, at the same place.
            with contextlib.suppress(etree.XMLSyntaxError):
                probe.feed(chunk)
            for _, first in probe.read_events():
                docinfo = first.getroottree().docinfo
                dtd = docinfo.internalDTD
                if dtd is not None and len(dtd.entities()) > 0:
                    raise _refuse("NI106", "entity declarations are not accepted")
                external_dtd = bool(docinfo.system_url or docinfo.public_id)
                _refuse_subtree(first, False)
                root = first
                break
            if root is not None:
                probe = None
                yield root
        try:
            parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            yield from handle(parser.read_events())
            raise _syntax_error(exc) from None
        yield from handle(parser.read_events())
        if max_child_bytes is not None and fed - child_start > max_child_bytes + chunk_size:
            raise _refuse(
                "NI108",
                f"an element of the feed is larger than the limit of {max_child_bytes} bytes "
                "(--max-item-bytes); the rest is not read",
                None,
                None,
            )
    try:
        last = parser.close()
    except etree.XMLSyntaxError as exc:
        yield from handle(parser.read_events())
        raise _syntax_error(exc) from None
    yield from handle(parser.read_events())
    for child in others(None, last):
        _refuse_subtree(child, external_dtd)
        yield child


class _LocalSchemaResolver(etree.Resolver):
    """Serves the files under one directory (for an XSD's imports and includes) and refuses
    everything else: other paths, the network, entities."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self._root = root.resolve()

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        del public_id
        if system_url and system_url.startswith("file:"):
            from urllib.parse import unquote, urlparse

            target = Path(unquote(urlparse(system_url).path)).resolve()
            if target.is_relative_to(self._root) and target.is_file():
                data = target.read_bytes()
                if _SUBSET_OR_ENTITY.search(data) is None:
                    return self.resolve_string(data, context, base_url=target.as_uri())
        return self.resolve_string("", context)


def load_schema(path: Path) -> etree.XMLSchema:
    """Compile an XSD from a file with the hardened parser settings. Imports and includes are
    served from the file's own directory tree only (no network, nothing outside it); a file
    with an internal DTD subset or entity declarations is refused (NI106).

    Raises:
        ParseError: the XSD file is not acceptable XML (see ``parse``).
        lxml.etree.XMLSchemaParseError: the XSD is not a valid schema.
    """
    data = path.read_bytes()
    parse(data)  # the refusals (DTD subsets, entities, XInclude, limits) with issue codes
    parser = make_parser(resolver=_LocalSchemaResolver(path.parent))
    doc = etree.fromstring(data, parser, base_url=path.resolve().as_uri())
    return etree.XMLSchema(etree.ElementTree(doc))


def load_schema_bytes(data: bytes, base_url: str | None = None) -> etree.XMLSchema:
    """Compile an XSD given as bytes with the hardened parser (and its refusals).

    Raises:
        ParseError: the XSD is not acceptable XML (see ``parse``).
    """
    if base_url is None:
        return etree.XMLSchema(parse(data))
    doc = etree.fromstring(data, make_parser(), base_url=base_url)
    return etree.XMLSchema(etree.ElementTree(doc))
