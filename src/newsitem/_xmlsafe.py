"""The one hardened XML parser: every XML input and every schema newsitem loads goes through it.

Settings and why (see SECURITY.md): entities are never resolved (no XXE, no billion laughs), no
network access, no DTD loading or validation, no XInclude processing, libxml2's own limits on
depth and text size stay on (no ``huge_tree``), and a size limit applies before parsing. A
document with an internal DTD subset (where entity declarations live) is refused with NI106
before libxml2 ever sees it; a bare ``<!DOCTYPE x SYSTEM "x.dtd">`` as found in old NITF archives
is tolerated and ignored (the DTD is never fetched).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from newsitem.errors import ParseError
from newsitem.issues import make_issue

#: Largest XML document (bytes) parsed by default.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Deepest element nesting accepted by default (libxml2 refuses beyond 256 without huge_tree).
DEFAULT_MAX_DEPTH = 256

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_SUBSET_OR_ENTITY = re.compile(rb"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)
_UTF16_32 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<\x00?", b"<\x00?\x00")


class _NoAccessResolver(etree.Resolver):
    """Refuses every external resource (DTDs, entities, includes)."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        del system_url, public_id
        return self.resolve_string("", context)


def make_parser(*, remove_blank_text: bool = False) -> etree.XMLParser:
    """A new lxml parser with every dangerous feature off (parsers are not thread-safe,
    so each thread or process makes its own)."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
        collect_ids=False,
    )
    parser.resolvers.add(_NoAccessResolver())
    return parser


_PARSER = make_parser()


def _refuse(code: str, message: str, line: int | None = 1, column: int | None = 1) -> ParseError:
    return ParseError(make_issue(code, message, "/", line, column))


def _line_of(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def parse(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> etree._ElementTree:
    """Parse XML bytes safely.

    Raises:
        ParseError: NI100 (not well-formed), NI106 (internal DTD subset, entity declaration or
            XInclude), NI108 (too large or too deep), NI111 (encoding problem).
    """
    if not isinstance(data, bytes):
        raise TypeError("parse() takes bytes; encode text first")
    if len(data) > max_bytes:
        raise _refuse("NI108", f"document is {len(data)} bytes, more than the limit {max_bytes}")
    if not data.strip():
        raise _refuse("NI100", "the document is empty")
    probe = data
    if data.startswith(_UTF16_32):
        try:
            probe = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            probe = data
    bad = _SUBSET_OR_ENTITY.search(probe)
    if bad is not None:
        line, col = _line_of(probe, bad.start())
        raise _refuse(
            "NI106",
            "DTD internal subsets and entity declarations are not accepted",
            line,
            col,
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg or exc)
        line, col = exc.position if exc.position else (None, None)
        lowered = message.lower()
        if "depth" in lowered or "huge" in lowered or "too large" in lowered:
            raise _refuse(
                "NI108", f"document exceeds the parser's limits: {message}", line, col
            ) from None
        if "encoding" in lowered or "utf-8" in lowered or "char 0x" in lowered:
            raise _refuse("NI111", f"encoding problem: {message}", line, col) from None
        raise _refuse("NI100", f"not well-formed XML: {message}", line, col) from None
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
    if max_depth < DEFAULT_MAX_DEPTH and _depth(root) > max_depth:
        raise _refuse("NI108", f"elements are nested deeper than the limit {max_depth}")
    return tree


def _depth(element: etree._Element) -> int:
    deepest = 0
    stack = [(element, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


def load_schema(path: Path) -> etree.XMLSchema:
    """Compile an XSD from a file with the hardened parser. Imports and includes are resolved
    relative to the file (local files only; no network)."""
    data = path.read_bytes()
    doc = etree.fromstring(data, make_parser(), base_url=path.resolve().as_uri())
    return etree.XMLSchema(etree.ElementTree(doc))


def load_schema_bytes(data: bytes, base_url: str | None = None) -> etree.XMLSchema:
    """Compile an XSD given as bytes with the hardened parser."""
    doc = etree.fromstring(data, make_parser(), base_url=base_url)
    return etree.XMLSchema(etree.ElementTree(doc))
