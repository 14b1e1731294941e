"""Body text from the markup IPTC sources carry it in: NITF ``body.content``, XHTML (G2
``inlineXML``, ninjs ``body_xhtml``) and HTML (ninjs ``body_html``), read by one walk over an
lxml tree so that every carrier gives the same paragraphs (SPEC §12, "Bodies").

The rules, by the local name of an element (any namespace):

- paragraph elements (``p``, ``h1``-``h6``, ``hl2``, ``dt``/``dd`` outside lists,
  ``figcaption``...) give one paragraph each; ``br`` is a line break inside it;
- containers (``div``, ``section``, ``block``, ``bq``, ``blockquote``...) are walked; text
  directly inside a container is a paragraph of its own;
- ``pre`` keeps its characters: its lines stay lines, an empty line starts a new paragraph;
- a list (``ul``, ``ol``, ``dl``) is one paragraph, one line per item (nested items follow
  their parent's line);
- a table is one paragraph, one line per row, cells separated by one TAB; a caption is a
  paragraph before it; rows without text are left out;
- inside a paragraph, inline markup (``em``, ``a``, NITF ``person``...) gives its text with no
  separator, and any other element is separated from its neighbours by a space, so that
  ``By <person>X</person><byttl>AP Writer</byttl>`` reads ``By X AP Writer``.

Whitespace runs are one space unless ``xml:space="preserve"`` applies (newsitem's own exports)
or inside ``pre``. Elements that hold no running text (``media``, ``script``, ``img``...) are
left to the caller's leftover walk, which keeps their values in ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from newsitem.interop._common import (
    Collector,
    xml_collapse,
)
from newsitem.interop._xml import INLINE, Consumed, local, preserved, xpath_of
from newsitem.values import WHITESPACE, normalise_breaks

PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "dt", "dd", "address"}
    | {"figcaption", "caption", "summary", "tagline", "byline", "dateline", "abstract"}
)
CONTAINERS = frozenset(
    {"body", "body.content", "body.end", "div", "section", "article", "main", "aside"}
    | {"block", "bq", "blockquote", "figure", "center", "nitf-table"}
    | {"html", "details", "hgroup", "credit"}
)
LISTS = frozenset({"ul", "ol", "dl", "menu"})
#: Elements with no running text: left for the leftover walk (kept in extra).
NOT_TEXT = frozenset(
    {"head", "script", "style", "noscript", "template", "img", "media", "object", "embed"}
    | {"iframe", "video", "audio", "source", "track", "picture", "svg", "math", "canvas"}
    | {"nitf-table-metadata", "fn", "note", "hr", "input", "button", "select", "form"}
    | {"map", "area", "param", "meta", "link", "title", "body.head", "tobject"}
    | {"header", "footer", "nav"}  # page furniture of (X)HTML bodies: dateline, slugline...
)
#: Words in a rendition name or body role that mark another part than the body (a headline
#: or abstract rendition): such a rendition is taken as the body only when nothing else is.
NOT_BODY_ROLES = (
    *("headline", "abstract", "teaser", "summary"),
    *("caption", "title", "preview", "lead"),
)


def other_part(role: str) -> bool:
    """True when a rendition name or body role names another part than the body."""
    role = role.lower()
    return any(word in role for word in NOT_BODY_ROLES)


#: The media types of a NITF document: the one IANA registered (``text/vnd.IPTC.NITF``, which
#: ninjs examples use) and the one NewsML-G2 uses; lower case.
NITF_MEDIA_TYPES = frozenset({"application/nitf+xml", "text/vnd.iptc.nitf"})
#: Presentation attributes of body markup that carry no content (not kept in extra).
PRESENTATION = frozenset(
    {"class", "style", "align", "valign", "width", "height", "border", "cellpadding"}
    | {"cellspacing", "colspan", "rowspan", "bgcolor", "dir", "nowrap", "char", "charoff"}
    | {"frame", "rules", "span", "scope", "abbr", "axis", "headers"}
)


@dataclass(slots=True)
class Body:
    """What a body walk found: paragraphs and how each kind of structure was read."""

    paragraphs: list[str] = field(default_factory=list)
    flattened: list[etree._Element] = field(default_factory=list)
    structures: list[tuple[str, etree._Element]] = field(default_factory=list)


def _name(node: object) -> str:
    return local(getattr(node, "tag", None)).lower()


#: How a block-level element is read (a method of ``_Walker``; "" for one that holds no body
#: text). Later entries win: a container is walked even if it is also listed as no text.
_BLOCKS: dict[str, str] = {
    **dict.fromkeys(NOT_TEXT, ""),
    "table": "_table",
    **dict.fromkeys(LISTS, "_list"),
    "pre": "_pre",
    **dict.fromkeys(CONTAINERS, "walk"),
}


class _Walker:
    def __init__(self, consumed: Consumed, *, keep_space: bool) -> None:
        self.consumed = consumed
        self.keep_space = keep_space
        self.body = Body()
        self.pending: list[str] = [""]
        self.pending_node: etree._Element | None = None

    # --- inline text -------------------------------------------------------------------

    def _mark(self, node: etree._Element) -> None:
        self.consumed.elements.add(node)
        self.consumed.texts.add(node)
        for name in node.attrib:
            if local(name) in PRESENTATION:
                self.consumed.attr(node, name)

    def inline(self, node: etree._Element, lines: list[str], *, skip_lists: bool = False) -> bool:
        """Append the running text of a node's content to ``lines`` (``br`` opens a line);
        returns True when markup other than ``br`` was flattened."""
        flattened = False
        if node.text:
            lines[-1] += node.text
        for child in node:
            name = _name(child)
            if not name:  # comment or processing instruction
                pass
            elif name == "br":
                self._mark(child)
                lines.append("")
            elif name in NOT_TEXT or (skip_lists and name in LISTS):
                pass
            elif name in INLINE:
                self._mark(child)
                flattened = True
                flattened |= self.inline(child, lines, skip_lists=skip_lists)
            else:
                self._mark(child)
                flattened = True
                lines[-1] += " "
                self.inline(child, lines, skip_lists=skip_lists)
                lines[-1] += " "
            if child.tail:
                lines[-1] += child.tail
        return flattened

    def clean_lines(self, lines: list[str], node: etree._Element) -> list[str]:
        keep = self.keep_space or preserved(node)
        out = []
        for raw in lines:
            text = normalise_breaks(raw)
            out.extend(text.split("\n") if keep else [xml_collapse(text.replace("\n", " "))])
        return out

    # --- blocks ------------------------------------------------------------------------

    def flush(self) -> None:
        if self.pending_node is not None:
            self.add(self.clean_lines(self.pending, self.pending_node))
        self.pending = [""]
        self.pending_node = None

    def add(self, lines: list[str]) -> None:
        """Add a paragraph made of lines; an empty line inside starts a new paragraph."""
        current: list[str] = []
        for line in [*lines, ""]:
            if line.strip(" \t"):
                current.append(line)
            elif current:
                self.body.paragraphs.append("\n".join(current).strip(WHITESPACE))
                current = []

    def walk(self, container: etree._Element) -> None:
        self._mark(container)
        if container.text and container.text.strip():
            self.pending_node = container
            self.pending[-1] += container.text
        for child in container:
            name = _name(child)
            if not name:
                pass
            elif name in PARAGRAPHS:
                self.flush()
                self._mark(child)
                lines = [""]
                if self.inline(child, lines):
                    self.body.flattened.append(child)
                self.add(self.clean_lines(lines, child))
            elif name in _BLOCKS:  # closes the pending paragraph, then is read its own way
                self.flush()
                method = _BLOCKS[name]
                if method:
                    getattr(self, method)(child)
            elif name == "br":
                self._mark(child)
                self.pending.append("")
            else:
                self._mark(child)
                self.pending_node = self.pending_node if self.pending_node is not None else child
                lines = self.pending
                if name not in INLINE:
                    lines[-1] += " "
                self.inline(child, lines)
                if name not in INLINE:
                    lines[-1] += " "
                self.body.flattened.append(child)
            if child.tail and (self.pending_node is not None or child.tail.strip()):
                if self.pending_node is None:
                    self.pending_node = container
                self.pending[-1] += child.tail
        self.flush()

    def _pre(self, node: etree._Element) -> None:
        self._mark(node)
        lines = [""]
        self.inline(node, lines)
        text = normalise_breaks("\n".join(lines))
        self.add(text.split("\n"))
        self.body.structures.append(("pre", node))

    def _list_lines(self, node: etree._Element, out: list[str]) -> None:
        self._mark(node)
        for child in node:
            name = _name(child)
            if name in {"li", "dt", "dd"}:
                self._mark(child)
                lines = [""]
                self.inline(child, lines, skip_lists=True)
                text = " ".join(line for line in self.clean_lines(lines, child) if line.strip())
                text = xml_collapse(text)
                if text:
                    out.append(text)
                for sub in child:
                    if _name(sub) in LISTS:
                        self._list_lines(sub, out)
            elif name in LISTS:
                self._list_lines(child, out)

    def _list(self, node: etree._Element) -> None:
        lines: list[str] = []
        self._list_lines(node, lines)
        self.add(lines)
        self.body.structures.append(("list", node))

    def _table(self, node: etree._Element) -> None:
        self._mark(node)
        rows: list[str] = []
        for child in node.iter():
            name = _name(child)
            if name == "caption":
                self._mark(child)
                lines = [""]
                self.inline(child, lines)
                self.add(self.clean_lines(lines, child))
            elif name in {"thead", "tbody", "tfoot", "colgroup", "col"}:
                self._mark(child)
            elif name == "tr":
                self._mark(child)
                cells = []
                for cell in child:
                    if _name(cell) in {"td", "th"}:
                        self._mark(cell)
                        lines = [""]
                        self.inline(cell, lines)
                        cells.append(xml_collapse(" ".join(lines).replace("\n", " ")))
                if any(cells):
                    rows.append("\t".join(cells).strip(" \t"))
        self.add(rows)
        self.body.structures.append(("table", node))


def read_blocks(container: etree._Element, consumed: Consumed, *, keep_space: bool = False) -> Body:
    """The paragraphs of a body container (NITF ``body.content``, XHTML/HTML ``body``...),
    marking what it read in ``consumed`` (attributes other than presentation ones are left
    for the leftover walk)."""
    walker = _Walker(consumed, keep_space=keep_space)
    walker.walk(container)
    return walker.body


def warn_structures(body: Body, collector: Collector, what: str) -> None:
    """The NI503 warnings of a body walk: one per list, table and ``pre`` read, one for the
    inline markup flattened (at its first place)."""
    text = {
        "pre": "pre read as paragraphs (lines kept)",
        "list": "list read as one paragraph, a line per item",
        "table": "table read as one paragraph, a line per row, cells separated by TAB",
    }
    for kind, node in body.structures:
        collector.warn("NI503", f"{what}: {text[kind]}", xpath_of(node), node.sourceline)
    if body.flattened:
        first = body.flattened[0]
        collector.warn(
            "NI503",
            f"{what}: inline markup flattened to plain text ({len(body.flattened)} element(s))",
            xpath_of(first),
            first.sourceline,
        )


def iter_html_bodies(root: etree._Element) -> Iterator[etree._Element]:
    """The ``body`` elements of an (X)HTML tree (the root itself when it has none)."""
    found = [e for e in root.iter() if _name(e) == "body"]
    yield from found or [root]


_HTML_PARSER = etree.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=False
)


_BLOCK = r"(?:p|div|h[1-6]|ul|ol|table|blockquote|section|article)"
_WRAPPED_IN_MARKUP = re.compile(rf"\s*<{_BLOCK}\b[^>]*>.*</{_BLOCK}>\s*", re.I | re.S)


def holds_markup(text: str) -> bool:
    """True when a body declared as plain text is HTML: it opens with a block element and
    closes one (``<p>...</p>``), as producers send HTML under ``text/plain``. Read as plain
    text, its tags would become body text the source never meant as text; a plain text that
    only mentions markup somewhere inside is left as it is."""
    return _WRAPPED_IN_MARKUP.fullmatch(text) is not None


def nitf_content(text: str) -> etree._Element | None:
    """The ``body.content`` of a NITF document given as text (a ninjs body of a NITF media
    type), parsed as XML with the hardened parser; None when it does not parse or has none."""
    from newsitem._xmlsafe import parse
    from newsitem.errors import ParseError

    try:
        root = parse(text.encode("utf-8")).getroot()
    except (ParseError, ValueError):
        return None
    return next((e for e in root.iter() if local(e.tag) == "body.content"), None)


def parse_markup(text: str) -> etree._Element | None:
    """An HTML or XHTML string (a whole page or a fragment) as a tree to read blocks from:
    lxml's HTML parser, which never fetches anything and expands no entities of its own
    (character references only). None when there is nothing to parse."""
    if not text.strip():
        return None
    try:
        root = etree.fromstring(f"<div>{text}</div>", _HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if root is None:
        return None
    return root
