"""Feeds: many items in one file. JSON Lines is read line by line and XML feeds element by
element, so memory stays flat however large the feed; one bad item never stops the rest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsitem.issues import Issue, make_issue


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
