"""XML feeds: one ``ni:newsFeed`` document holding many items, written and read as a stream.

Writing serialises item by item; reading lets libxml2 parse the feed and hand Python one event
per item (``_xmlsafe.iter_children``), validates each item as it ends (``_xml_valid``) and drops
it, so memory stays flat however large the feed, and one bad item never stops the rest.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from newsitem import _xmlsafe
from newsitem.codecs._xml_read import XML_SPACE, XSI_HINTS, attribute_step, element_step, split
from newsitem.codecs._xml_valid import check_item
from newsitem.codecs._xml_write import DECLARATION, INDENT, write_item
from newsitem.compat import newer_minor, parse_version
from newsitem.errors import ConversionError, ParseError
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.model import from_valid as from_dict
from newsitem.schemas import CURRENT_VERSION, KNOWN_VERSIONS
from newsitem.xml_mapping import XmlMapping, default_mapping


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, or one problem of the feed itself.

    Attributes:
        index: the item's 0-based position among the feed's items; -1 for a problem of the
            feed itself (its root, a stray element, or a syntax error that ends the feed).
        xpath: where, e.g. ``/ni:newsFeed/ni:newsItem[3]``.
        line: the source line of the item's start tag (or of the problem).
        item: the item, or None when it has an error (or was not asked for).
        issues: the item's issues (errors and warnings), located.
    """

    index: int
    xpath: str
    line: int | None
    item: NewsItem | None
    issues: list[Issue]


# --- writing ----------------------------------------------------------------------------------


def feed_header(version: str = CURRENT_VERSION) -> bytes:
    """The start of an XML feed: the declaration and the ``ni:newsFeed`` start tag."""
    m = default_mapping(version)
    if m.feed is None:
        raise ConversionError(f"format version {version} defines no XML feed")
    head = f'{DECLARATION}<{m.step(m.feed)} xmlns:{m.prefix}="{m.namespace}"'
    if m.version_attribute is not None:
        head += f' {m.version_attribute}="{version}"'
    return (head + ">\n").encode("utf-8")


def feed_item(item: NewsItem) -> bytes:
    """One item as it appears inside a feed: its canonical element, indented one level."""
    return write_item(item, default_mapping(item.version), INDENT).encode("utf-8")


def feed_footer(version: str = CURRENT_VERSION) -> bytes:
    """The end of an XML feed (the ``ni:newsFeed`` end tag)."""
    m = default_mapping(version)
    return f"</{m.step(m.feed or m.root)}>\n".encode()


def write_feed(items: Iterable[NewsItem], out: BinaryIO, version: str = CURRENT_VERSION) -> int:
    """Write items as one XML feed in a single streaming pass; return how many were written.

    Each item is serialised and written as it comes (``feed_header``, one ``feed_item`` per
    item, ``feed_footer``), so memory stays flat for any number of items. Inside the feed an
    item is written exactly as ``dumps`` writes it, without the declaration and the namespace
    declaration, indented one level.

    The feed declares ``version``: the newest version its items may declare (SPEC §5.4);
    each item declares its own.

    Raises:
        ConversionError: an item holds a character XML 1.0 cannot carry, or declares a version
            newer than the feed's or of another major (the items before it have been written).
    """
    out.write(feed_header(version))
    count = 0
    for item in items:
        if not _fits_feed(item.version, version):
            msg = f"item {count + 1} declares version {item.version}, newer than the feed's"
            raise ConversionError(msg)
        out.write(feed_item(item))
        count += 1
    out.write(feed_footer(version))
    return count


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _fits_feed(item_version: str, feed_version: str) -> bool:
    item, feed = _version_key(item_version), _version_key(feed_version)
    return item[0] == feed[0] and item <= feed


def dumps_feed(items: Iterable[NewsItem]) -> bytes:
    """The XML feed of some items, as bytes (see ``write_feed``); the feed declares the newest
    version of its items (the current version when there are none)."""
    items = list(items)
    newest = max((item.version for item in items), key=_version_key, default=CURRENT_VERSION)
    buffer = io.BytesIO()
    write_feed(items, buffer, newest)
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------------------------


def iter_feed(
    source: BinaryIO | bytes, *, items: bool = True, max_item_bytes: int | None = None
) -> Iterator[FeedEntry]:
    """Stream the items of an XML feed one by one, each validated and located.

    The feed is parsed incrementally by the hardened parser (no entities, no network, no DTD,
    libxml2's limits on); each item element is dropped once read, so memory stays flat. One bad
    item never stops the rest; a feed that stops being well-formed ends with one NI100 entry
    (index -1) at the line of the error, and an item larger than ``max_item_bytes`` ends it
    with NI108.

    Args:
        items: build each valid item (False: only its issues, for validation).
        max_item_bytes: the largest item (or other element) inside the feed.
    """
    m = default_mapping()
    feed_step = m.step(m.feed or "newsFeed")
    count = 0
    elements = _xmlsafe.iter_children(source, m.qname(m.root), max_child_bytes=max_item_bytes)
    try:
        root = next(elements, None)
        if root is None:
            return
        problems = _feed_root_issues(root, m)
        for issue in problems:
            yield FeedEntry(-1, issue.path, issue.line, None, [issue])
        if any(i.code == "NI104" for i in problems):
            return
        for element in elements:
            local = split(str(element.tag))[1]
            if local == m.root:
                xpath = f"/{feed_step}/{m.step(m.root)}[{count + 1}]"
                value, found = check_item(element, xpath)
                found += _newer_than_feed(element, root, m, xpath)
                item = None
                if items and value is not None and not any(i.severity == "error" for i in found):
                    item = from_dict(value)
                yield FeedEntry(count, xpath, element.sourceline, item, found)
                count += 1
            else:
                issue = make_issue(
                    "NI102",
                    f"unknown element {local!r} in {feed_step}; a feed holds only "
                    f"{m.step(m.root)} elements",
                    f"/{feed_step}/{element_step(element)}",
                    element.sourceline,
                )
                yield FeedEntry(-1, issue.path, issue.line, None, [issue])
            tail = element.tail
            if tail and XML_SPACE.sub("", tail):
                issue = make_issue(
                    "NI103", f"{feed_step} holds elements, not text", f"/{feed_step}", None
                )
                yield FeedEntry(-1, issue.path, element.sourceline, None, [issue])
    except ParseError as exc:
        issue = exc.issue
        if issue.code == "NI108" and issue.line is None:
            where = f"/{feed_step}/{m.step(m.root)}[{count + 1}]"
            issue = make_issue(issue.code, issue.message, where, None)
        yield FeedEntry(-1, issue.path, issue.line, None, [issue])


def _newer_than_feed(
    element: etree._Element, root: etree._Element, m: XmlMapping, xpath: str
) -> list[Issue]:
    """NI110 for an item that declares a newer version than its feed (SPEC §5.4)."""
    if m.version_attribute is None:
        return []
    item, feed = element.get(m.version_attribute), root.get(m.version_attribute)
    mine, theirs = parse_version(item), parse_version(feed)
    if mine is None or theirs is None or mine[0] != theirs[0] or mine <= theirs:
        return []
    return [
        make_issue(
            "NI110",
            f"the item declares version {item}, newer than its feed's {feed}",
            f"{xpath}/@{m.version_attribute}",
            element.sourceline,
        )
    ]


def _feed_root_issues(root: etree._Element, m: XmlMapping) -> list[Issue]:
    ns, local = split(str(root.tag))
    feed = m.feed or ""
    if local != feed:
        return [
            make_issue(
                "NI104",
                f"the root element of a feed must be {m.step(feed)}, not {local!r}",
                f"/{element_step(root)}",
                root.sourceline,
            )
        ]
    found: list[Issue] = []
    where = f"/{m.step(feed)}"
    if ns != m.namespace:
        found.append(
            make_issue(
                "NI109",
                f"{feed} must be in namespace {m.namespace}",
                where,
                root.sourceline,
            )
        )
    for name in root.attrib:
        attr = str(name)
        if attr != m.version_attribute and attr not in XSI_HINTS:
            step = attribute_step(root, attr)
            found.append(
                make_issue(
                    "NI102", f"unknown attribute {step[1:]!r}", f"{where}/{step}", root.sourceline
                )
            )
    if m.version_attribute is not None:
        version = root.get(m.version_attribute)
        if newer_minor(version):  # SPEC §9.2: a newer minor is read, with a warning
            found.append(
                make_issue(
                    "NI120",
                    f"feed version {version} is newer than this reader's; its items are read "
                    "by their own versions",
                    f"{where}/@{m.version_attribute}",
                    root.sourceline,
                )
            )
        elif version not in KNOWN_VERSIONS:
            found.append(
                make_issue(
                    "NI110",
                    f"missing or unsupported feed version {version!r}; this release knows "
                    + ", ".join(KNOWN_VERSIONS),
                    f"{where}/@{m.version_attribute}",
                    root.sourceline,
                )
            )
    return found
