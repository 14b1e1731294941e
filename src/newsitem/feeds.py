"""Feeds: many items in one file. JSON Lines is read line by line and XML feeds element by
element, so memory stays flat however large the feed; one bad item never stops the rest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from newsitem.issues import Issue, make_issue

if TYPE_CHECKING:
    from newsitem.codecs.xml_codec import FeedEntry


@dataclass(slots=True)
class RawLine:
    """One non-empty line of a JSON Lines feed, or the issue that replaces it."""

    line: int
    data: bytes
    problem: Issue | None = None


def iter_lines(stream: BinaryIO, *, max_bytes: int, max_items: int) -> Iterator[RawLine]:
    """The non-empty lines of a JSON Lines stream with their 1-based line numbers.

    A line longer than ``max_bytes`` is skipped with an NI108 issue; after ``max_items`` items,
    one NI108 issue ends the feed.
    """
    number = 0
    items = 0
    while True:
        chunk = stream.readline(max_bytes + 2)
        if not chunk:
            return
        number += 1
        if len(chunk) > max_bytes + 1 or (
            len(chunk) == max_bytes + 2 and not chunk.endswith(b"\n")
        ):
            while chunk and not chunk.endswith(b"\n"):
                chunk = stream.readline(1024 * 1024)
            yield RawLine(
                number,
                b"",
                make_issue(
                    "NI108",
                    f"line is longer than the limit of {max_bytes} bytes (--max-item-bytes)",
                    line=number,
                    column=1,
                ),
            )
            items += 1
            continue
        data = chunk.rstrip(b"\r\n")
        if not data.strip():
            continue
        items += 1
        if items > max_items:
            yield RawLine(
                number,
                b"",
                make_issue(
                    "NI108",
                    f"the feed has more than {max_items} items (--max-items); the rest is not read",
                    line=number,
                    column=1,
                ),
            )
            return
        yield RawLine(number, data)


def iter_xml_feed(
    stream: BinaryIO,
    *,
    max_items: int,
    max_item_bytes: int | None = None,
    items: bool = True,
) -> Iterator[FeedEntry]:
    """The entries of an XML feed (see ``xml_codec.iter_feed``), at most ``max_items`` items,
    each at most ``max_item_bytes`` (``items=False``: issues only, for validation).

    After ``max_items`` items, one NI108 entry ends the feed. An unexpected exception inside
    the codec ends the feed with one entry saying so (see ``internal_error``) instead of a
    traceback; read errors (``OSError``, ``EOFError``) are raised to the caller.
    """
    from newsitem.codecs.xml_codec import FeedEntry, iter_feed

    count = 0
    try:
        for entry in iter_feed(stream, items=items, max_item_bytes=max_item_bytes):
            if entry.index >= 0:
                count += 1
                if count > max_items:
                    issue = make_issue(
                        "NI108",
                        f"the feed has more than {max_items} items (--max-items); "
                        "the rest is not read",
                        entry.xpath,
                        entry.line,
                    )
                    yield FeedEntry(-1, entry.xpath, entry.line, None, [issue])
                    return
            yield entry
    except (OSError, EOFError):
        raise
    except Exception as exc:  # noqa: BLE001 - a codec bug must not end the run with a traceback
        issue = internal_error(exc, path="/")
        yield FeedEntry(-1, "/", None, None, [issue])


def internal_error(exc: BaseException, *, path: str = "$", line: int | None = None) -> Issue:
    """The issue reported for a document on which newsitem itself failed (a bug, not the
    input's fault): NI100 with the exception's type, so the item is listed, never lost."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return make_issue(
        "NI100",
        f"newsitem could not read this document (internal error: {type(exc).__name__}"
        f"{': ' + detail if detail else ''}); please report it",
        path,
        line,
    )
