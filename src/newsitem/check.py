"""Checking inputs: open each entry, tell its form, and collect each item's issues.

The CLI and other front ends call this; nothing here prints. Parse failures are returned as
issues (one bad file or line never stops a batch); only unreadable input raises ``InputError``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from newsitem.errors import (
    ExpansionError,
    InputError,
    IptcSchemasNotFound,
    OversizeError,
    ParseError,
)
from newsitem.feeds import internal_error, iter_lines, iter_xml_feed
from newsitem.forms import FORMS, sniff
from newsitem.issues import Issue, make_issue
from newsitem.sources import DEFAULT_LIMITS, Entry, Limits

__all__ = [
    "FileResult",
    "InputError",
    "ItemResult",
    "iter_entry_items",
    "sniff_entry",
]

_HEAD = 64 * 1024


@dataclass(slots=True)
class ItemResult:
    """The issues of one item; ``where`` names it inside its file (empty for single items)."""

    issues: list[Issue]
    where: str = ""
    line: int | None = None

    @property
    def valid(self) -> bool:
        """True when the item has no error."""
        return not any(i.severity == "error" for i in self.issues)


@dataclass(slots=True)
class FileResult:
    """The results of one input file."""

    path: str
    form: str
    items: list[ItemResult] = field(default_factory=list)


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.line or 0, i.column or 0))


def sniff_entry(entry: Entry) -> str:
    """The form of an entry: its known form refined by its first bytes.

    A small file is read whole by this first look and kept in ``entry.cached``, so that it is
    not opened twice.
    """
    if entry.form in {"jsonl", "text"} or (
        entry.form in FORMS and entry.form not in {"json", "xml"}
    ):
        return entry.form
    try:
        with entry.opener() as stream:
            head = stream.read(_HEAD)
            if len(head) < _HEAD:
                entry.cached = head
    except OSError as exc:
        raise InputError(f"{entry.name}: cannot read ({exc.strerror or exc})") from None
    except EOFError:
        raise InputError(f"{entry.name}: cannot read (truncated compressed data)") from None
    return sniff(head, entry.form)


def iter_entry_items(
    entry: Entry, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, Iterator[ItemResult]]:
    """The form of an entry and a lazy iterator over its items' results (for large feeds).

    Raises:
        InputError: the entry cannot be read (also raised while iterating).
    """
    if entry.problem is not None:
        return "archive member", iter([ItemResult([entry.problem])])
    form = sniff_entry(entry)
    return form, _check_items(entry, form, limits)


def _codec(form: str) -> object:
    return importlib.import_module(FORMS[form].codec)


def _json_issues(data: bytes, first_line: int, max_bytes: int) -> list[Issue]:
    """The issues of one JSON document, with the caller's size limit (``--max-item-bytes``)."""
    from newsitem.codecs import json_codec

    if len(data) <= json_codec.DEFAULT_MAX_BYTES:
        return json_codec.issues(data, first_line=first_line)
    from newsitem.validate import iter_issues

    try:
        value = json_codec.parse(data, first_line=first_line, max_bytes=max_bytes)
    except ParseError as exc:
        return [exc.issue]
    return list(iter_issues(value, source=data, first_line=first_line))


def _check_items(entry: Entry, form: str, limits: Limits) -> Iterator[ItemResult]:
    if form == "jsonl":
        try:
            with entry.opener() as stream:
                for raw in iter_lines(
                    stream, max_bytes=limits.max_item_bytes, max_items=limits.max_items
                ):
                    found = (
                        [raw.problem]
                        if raw.problem is not None
                        else _json_issues(raw.data, raw.line, limits.max_item_bytes)
                    )
                    yield ItemResult(_sorted(found), f"line {raw.line}", raw.line)
        except ExpansionError as exc:
            yield ItemResult([make_issue("NI108", f"{exc}; the rest is not read")])
        except (OSError, EOFError) as exc:
            raise InputError(f"{entry.name}: cannot read ({exc})") from None
        return
    if form == "xml-feed":
        try:
            with entry.opener() as stream:
                for feed_entry in iter_xml_feed(stream, max_items=limits.max_items):
                    yield ItemResult(_sorted(feed_entry.issues), feed_entry.xpath, feed_entry.line)
        except ExpansionError as exc:
            yield ItemResult([make_issue("NI108", f"{exc}; the rest is not read")])
        except (OSError, EOFError) as exc:
            raise InputError(f"{entry.name}: cannot read ({exc})") from None
        return
    try:
        data = entry.read(limits.max_item_bytes)
    except OversizeError as exc:
        yield ItemResult([exc.issue])
        return
    try:
        if form == "json":
            found = _json_issues(data, 1, limits.max_item_bytes)
        else:
            found = list(_codec(form).issues(data))  # type: ignore[attr-defined]
    except ParseError as exc:
        found = [exc.issue]
    except IptcSchemasNotFound as exc:
        # The IPTC schemas are not configured: a usage problem (exit 2), said once per file.
        raise InputError(f"{entry.name}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a codec bug must not end the batch
        found = [internal_error(exc)]
    yield ItemResult(_sorted(found))
