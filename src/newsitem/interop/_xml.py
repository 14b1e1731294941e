"""XML helpers shared by the NewsML-G2 and NITF codecs: reading text the way the writer meant
it, XPaths for issues, XSD validation with located issues, the walk that keeps every unplaced
piece of a document, and careful indentation (never inside mixed content).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from newsitem.interop._common import Collector, xml_collapse
from newsitem.issues import Issue, make_issue

XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_SPACE = f"{{{XML_NS}}}space"
XML_LANG = f"{{{XML_NS}}}lang"

#: Conventional prefixes used in the XPaths of issues.
PREFIXES = {
    "http://iptc.org/std/nar/2006-10-01/": "g2",
    "http://iptc.org/std/NITF/2006-10-18/": "nitf",
    XML_NS: "xml",
    XSI_NS: "xsi",
}


def local(tag: object) -> str:
    """The local name of an element tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: object) -> str:
    """The namespace URI of a tag ('' when none)."""
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].partition("}")[0]
    return ""


def _qname(name: str) -> str:
    ns, loc = namespace(name), local(name)
    if not ns:
        return loc
    return f"{PREFIXES.get(ns, 'ns')}:{loc}"


def xpath_of(element: etree._Element) -> str:
    """An XPath of an element with conventional prefixes (``/g2:newsItem/g2:itemMeta[1]``):
    positions are given where a name repeats among siblings."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        name = _qname(node.tag) if isinstance(node.tag, str) else "node()"
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


def attr_path(element: etree._Element, name: str) -> str:
    """The XPath of an attribute."""
    return f"{xpath_of(element)}/@{_qname(name)}"


def preserved(element: etree._Element) -> bool:
    """True when ``xml:space="preserve"`` applies to the element (set on it or inherited)."""
    node: etree._Element | None = element
    while node is not None:
        value = node.get(XML_SPACE)
        if value is not None:
            return value == "preserve"
        node = node.getparent()
    return False


#: Running-text markup of NITF (enriched text) and (X)HTML: its text joins its neighbours'
#: without a separator. Any other child element is set apart by a space.
INLINE = frozenset(
    {
        # NITF enriched text
        "a", "chron", "classifier", "copyrite", "em", "event", "frac", "numer", "frac-sep",
        "denom", "function", "lang", "location", "money", "num", "object.title", "org",
        "person", "postaddr", "pronounce", "q", "sub", "sup", "virtloc", "alt-code",
        "city", "country", "region", "sublocation", "state", "postcode", "delivery.point",
        "delivery.office", "name.given", "name.family",
        # (X)HTML phrasing content
        "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "font", "i",
        "ins", "kbd", "label", "mark", "s", "samp", "small", "span", "strike", "strong",
        "time", "tt", "u", "var", "wbr", "nobr",
    }
)  # fmt: skip


def read_text(element: etree._Element, *, breaks: bool = True) -> str:
    """The text of an element as its writer meant it.

    Under ``xml:space="preserve"`` the characters are taken as they are; otherwise XML
    whitespace runs count as one space and the result is trimmed. A ``br`` child (any
    namespace) is a line break when ``breaks``; the text of other children is included,
    inline markup (``INLINE``) joined as it stands and any other element set apart by a space
    (``By <person>X</person><byttl>AP</byttl>`` reads ``By X AP``).
    """
    keep = preserved(element)
    segments: list[list[str]] = [[]]

    def walk(node: etree._Element) -> None:
        if node.text:
            segments[-1].append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                name = local(child.tag)
                if breaks and name == "br":
                    segments.append([])
                elif name in INLINE or name == "br":
                    walk(child)
                else:
                    segments[-1].append(" ")
                    walk(child)
                    segments[-1].append(" ")
            if child.tail:
                segments[-1].append(child.tail)

    walk(element)
    lines = ["".join(seg) for seg in segments]
    if keep:
        return "\n".join(lines)
    cleaned = [xml_collapse(line) for line in lines]
    return "\n".join(line for line in cleaned if line)


def has_direct_text(element: etree._Element) -> bool:
    """True when the element has non-whitespace text of its own (mixed or simple content)."""
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def elements(parent: etree._Element, ns: str, *names: str) -> list[etree._Element]:
    """The children of a parent with one of the local names in a namespace."""
    wanted = {f"{{{ns}}}{n}" if ns else n for n in names}
    return [c for c in parent if c.tag in wanted]


# --- keeping what was not placed ------------------------------------------------------------


@dataclass(slots=True)
class Consumed:
    """The parts of a document an importer placed: whole elements, element text, attributes."""

    elements: set[etree._Element] = field(default_factory=set)
    texts: set[etree._Element] = field(default_factory=set)
    attributes: set[tuple[etree._Element, str]] = field(default_factory=set)

    def element(self, element: etree._Element, *, deep: bool = False) -> None:
        """Mark an element (its text and attributes; with ``deep`` its whole subtree)."""
        nodes: Iterable[etree._Element] = element.iter() if deep else (element,)
        for node in nodes:
            self.elements.add(node)
            self.texts.add(node)
            for name in node.attrib:
                self.attributes.add((node, name))

    def node(self, element: etree._Element, *, deep: bool = False) -> None:
        """Mark an element and its text as read (its subtree's with ``deep``), leaving its
        attributes to the leftover walk."""
        nodes: Iterable[etree._Element] = element.iter() if deep else (element,)
        for node in nodes:
            self.elements.add(node)
            self.texts.add(node)

    def text(self, element: etree._Element, *, deep: bool = True) -> None:
        """Mark the text of an element (and of its descendants with ``deep``)."""
        nodes: Iterable[etree._Element] = element.iter() if deep else (element,)
        self.texts.update(nodes)

    def attr(self, element: etree._Element, *names: str) -> None:
        """Mark attributes of an element."""
        for name in names:
            self.attributes.add((element, name))


def _label(prefix: str, root: etree._Element, element: etree._Element, attr: str | None) -> str:
    steps = []
    node: etree._Element | None = element
    while node is not None and node is not root:
        steps.append(local(node.tag))
        node = node.getparent()
    path = "/".join(reversed(steps)) or local(root.tag)
    label = f"{prefix}:{path}"
    if attr is not None:
        ns = namespace(attr)
        label += "@" + (f"{PREFIXES.get(ns, 'ns')}:{local(attr)}" if ns else attr)
    return label


def keep_leftovers(
    root: etree._Element,
    consumed: Consumed,
    collector: Collector,
    prefix: str,
    *,
    ignore_attributes: Iterable[str] = (),
    skip: Iterable[etree._Element] = (),
) -> None:
    """Keep in ``extra`` every text and attribute value under ``root`` no mapping placed.

    An element with text of its own keeps its whole text content (children included) under the
    label ``prefix:path/of/element``; attributes are kept as ``prefix:path@name``. Subtrees in
    ``skip`` are handled by another importer.
    """
    ignored = set(ignore_attributes)
    skipped = set(skip)

    def visit(node: etree._Element, kept_above: bool) -> None:
        if node in skipped or not isinstance(node.tag, str):
            return
        for name, value in node.attrib.items():
            if (node, name) in consumed.attributes or name in ignored:
                continue
            if namespace(name) == "http://www.w3.org/2000/xmlns/":
                continue
            collector.keep(
                _label(prefix, root, node, name), value, attr_path(node, name), node.sourceline
            )
        kept = kept_above
        if not kept and node not in consumed.texts and has_direct_text(node):
            collector.keep(
                _label(prefix, root, node, None),
                read_text(node, breaks=False),
                xpath_of(node),
                node.sourceline,
            )
            kept = True  # the whole text content, children's included
        for child in node:
            visit(child, kept)

    visit(root, False)


# --- schema validation ----------------------------------------------------------------------


def schema_issues(
    schema: etree.XMLSchema, element: etree._Element, standard: str
) -> Iterator[Issue]:
    """Validate an element (a whole document's root or an embedded subtree) and yield located
    issues: an XPath with prefixes and the source line."""
    is_root = element.getparent() is None
    target: etree._Element | etree._ElementTree = element.getroottree() if is_root else element
    if schema.validate(target):
        return
    for entry in schema.error_log:
        node = _node_at(element, entry.path or "", is_root)
        path = xpath_of(node) if node is not None else xpath_of(element)
        line = entry.line if entry.line else (node.sourceline if node is not None else None)
        yield make_issue(
            _code(entry.type_name, entry.message),
            f"{standard}: {entry.message}",
            path,
            line,
            entry.column or None,
        )


def _node_at(element: etree._Element, path: str, is_root: bool) -> etree._Element | None:
    if not path.startswith("/*"):
        return None
    expr = "." + path[2:]
    try:
        found = element.xpath(expr) if not is_root else element.getroottree().xpath(path)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def _code(type_name: str, message: str) -> str:
    text = message.lower()
    if "no matching global declaration" in text:
        return "NI104"
    if "missing child element" in text or "is required but missing" in text:
        return "NI101"
    if "not expected" in text or "is not allowed" in text:
        return "NI102"
    if "datetime" in text or "'xs:date" in text:
        return "NI205"
    if type_name.startswith("SCHEMAV_CVC_COMPLEX_TYPE_4"):  # a required attribute is missing
        return "NI101"
    return "NI209"


# --- writing --------------------------------------------------------------------------------


def indent(element: etree._Element, containers: set[str], level: int = 0) -> None:
    """Indent element-only containers (by local name) two spaces per level; elements holding
    text are never touched, so mixed content keeps its exact characters."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or local(element.tag) not in containers:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        child.tail = pad
        indent(child, containers, level + 1)
    children[-1].tail = "\n" + "  " * level
