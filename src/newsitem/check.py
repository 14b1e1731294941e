"""Checking inputs in batches: the library behind ``newsitem validate``.

``run(entries, options)`` opens each entry, tells its form, checks every item and returns a
``CheckReport``; nothing here prints. Parse failures are issues (one bad file or line never stops
a batch); an input that cannot be read at all is listed in ``CheckReport.unreadable`` with its
reason, and the other inputs are still checked. ``iter_documents`` is the one walk over the
documents of an entry (single files, JSON Lines, XML feeds), shared with ``newsitem.convert``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from newsitem.codecs import DEFAULT_READ, ReadOptions
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
from newsitem.model import NewsItem
from newsitem.sources import DEFAULT_LIMITS, Entry, Limits, Selection, iter_entries

__all__ = [
    "CheckOptions",
    "CheckReport",
    "Document",
    "FileResult",
    "ItemResult",
    "Unreadable",
    "collect_entries",
    "iter_documents",
    "iter_entry_items",
    "run",
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


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input that could not be read or checked at all, and why (the CLI's exit 2)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What a check run needs besides its inputs: explicit, never taken from the environment.

    Attributes:
        limits: size and count limits on input.
        read: how documents are read (mode, IPTC schema folder, size limit).
        keep_valid: keep the results of valid items too (for reports that list them).
    """

    limits: Limits = DEFAULT_LIMITS
    read: ReadOptions = DEFAULT_READ
    keep_valid: bool = False


@dataclass(slots=True)
class RunTotals:
    """What every run counts (a check, a conversion): the items it met and its wall time."""

    items: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class CheckReport(RunTotals):
    """The outcome of a check run: the files' results, the unreadable inputs, the totals."""

    files: list[FileResult] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    checked_files: int = 0
    valid: int = 0
    warnings: int = 0

    @property
    def invalid(self) -> int:
        """Items with at least one error."""
        return self.items - self.valid

    def add_file(
        self,
        result: FileResult,
        items: Iterable[ItemResult],
        *,
        keep_valid: bool,
        on_file: Callable[[FileResult], None] | None = None,
    ) -> None:
        """Count a file's items into the totals and keep its results (those with issues, or
        all of them with ``keep_valid``); ``on_file`` is told when the file is done.

        Raises:
            InputError: from ``items``, when the file stops being readable; the file is then
                not counted as checked.
        """
        for item in items:
            self.items += 1
            self.warnings += sum(1 for i in item.issues if i.severity == "warning")
            if item.valid:
                self.valid += 1
            if item.issues or keep_valid:
                result.items.append(item)
        self.checked_files += 1
        if on_file is not None:
            on_file(result)
        if result.items or keep_valid:
            self.files.append(result)


@dataclass(frozen=True, slots=True)
class Document:
    """One document of an entry, as read from it.

    Attributes:
        data: the document's bytes; an item already read and checked (XML feeds check each
            item while streaming); or None when it could not be read (``issues`` says why).
        form: the form of ``data`` (``json`` for a JSON Lines line, ``xml`` for a feed item).
        where: the item's place inside its file (``line 3``, an XPath), empty for a file.
        line: the 1-based line the document starts on, when known.
        issues: why it could not be read, or what was found while reading it.
    """

    data: bytes | NewsItem | None
    form: str
    index: int = 0
    where: str = ""
    line: int | None = None
    issues: tuple[Issue, ...] = ()


def sniff_entry(entry: Entry) -> str:
    """The form of an entry: its known form refined by its first bytes.

    A small file is read whole by this first look and kept in ``entry.cached``, so that it is
    not opened twice.
    """
    if entry.form is not None and (entry.forced or entry.form not in {"json", "xml"}):
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


def iter_documents(
    entry: Entry, form: str, limits: Limits = DEFAULT_LIMITS, *, items: bool = True
) -> Iterator[Document]:
    """Every document of an entry of a known form, lazily (feeds never sit in memory whole);
    ``items=False``: XML feed items are checked but not built (their ``data`` is None).

    Raises:
        InputError: the entry cannot be read (also raised while iterating).
    """
    try:
        if form == "jsonl":
            with entry.opener() as stream:
                for index, raw in enumerate(
                    iter_lines(stream, max_bytes=limits.max_item_bytes, max_items=limits.max_items),
                    start=1,
                ):
                    problem = () if raw.problem is None else (raw.problem,)
                    data = None if problem else raw.data
                    yield Document(data, "json", index, f"line {raw.line}", raw.line, problem)
            return
        if form == "xml-feed":
            with entry.opener() as stream:
                for feed_entry in iter_xml_feed(
                    stream,
                    max_items=limits.max_items,
                    max_item_bytes=limits.max_item_bytes,
                    items=items,
                ):
                    yield Document(
                        feed_entry.item,
                        "xml",
                        feed_entry.index + 1,
                        feed_entry.xpath,
                        feed_entry.line,
                        tuple(feed_entry.issues),
                    )
            return
    except ExpansionError as exc:
        yield Document(None, form, issues=(make_issue("NI108", f"{exc}; the rest is not read"),))
        return
    except (OSError, EOFError) as exc:
        raise InputError(f"{entry.name}: cannot read ({exc})") from None
    try:
        data = entry.read(limits.max_item_bytes)
    except OversizeError as exc:
        yield Document(None, form, issues=(exc.issue,))
        return
    yield Document(data, form, line=None)


def iter_entry_items(
    entry: Entry, limits: Limits = DEFAULT_LIMITS, read: ReadOptions = DEFAULT_READ
) -> tuple[str, Iterator[ItemResult]]:
    """The form of an entry and a lazy iterator over its items' results (for large feeds).

    Raises:
        InputError: the entry cannot be read, or IPTC checking was asked for without a usable
            schema folder (also raised while iterating).
    """
    if entry.problem is not None:
        return "archive member", iter([ItemResult([entry.problem])])
    from newsitem.compat import reading_as_each_step

    form = sniff_entry(entry)
    return form, reading_as_each_step(read.as_version, _check_items(entry, form, limits, read))


def _sorted(issues: Iterable[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.line or 0, i.column or 0))


def _check_items(
    entry: Entry, form: str, limits: Limits, read: ReadOptions
) -> Iterator[ItemResult]:
    codec = FORMS[form].codec
    for doc in iter_documents(entry, form, limits, items=False):
        if not isinstance(doc.data, bytes):  # unreadable, or an XML feed item checked already
            yield ItemResult(_sorted(doc.issues), doc.where, doc.line)
            continue
        if form == "newsml-g2-message":
            yield from _message_items(entry, doc.data, read)
            continue
        try:
            found = codec.issues(doc.data, read, first_line=doc.line or 1)
        except ParseError as exc:
            found = [exc.issue]
        except IptcSchemasNotFound as exc:
            raise InputError(f"{entry.name}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a codec bug must not end the batch
            found = [internal_error(exc, line=doc.line)]
        yield ItemResult(_sorted(found), doc.where, doc.line)


def collect_entries(
    paths: Sequence[str],
    *,
    selection: Selection | None = None,
    forced_form: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[Entry], list[Unreadable]]:
    """The entries of every path, and the paths that cannot be read (each with its reason);
    a path that cannot be read never stops the paths after it."""
    entries: list[Entry] = []
    unreadable: list[Unreadable] = []
    for raw in paths:
        try:
            entries.extend(
                iter_entries(
                    [raw],
                    selection=selection or Selection(),
                    forced_form=forced_form,
                    limits=limits,
                )
            )
        except InputError as exc:
            unreadable.append(Unreadable(raw, str(exc)))
    return entries, unreadable


def run(
    entries: Iterable[Entry],
    options: CheckOptions = CheckOptions(),
    *,
    on_file: Callable[[FileResult], None] | None = None,
) -> CheckReport:
    """Check every item of every entry.

    Args:
        entries: the inputs (``collect_entries`` makes them from paths).
        options: limits, reading options, and whether to keep valid items' results.
        on_file: called with each file's results as soon as the file is done (for streaming
            reports); the report keeps a file's results only if it has issues or
            ``options.keep_valid``.

    Returns:
        Every file's results, the inputs that could not be read, and the totals.
    """
    started = time.perf_counter()
    report = CheckReport()
    for entry in entries:
        try:
            form, results = iter_entry_items(entry, options.limits, options.read)
            report.add_file(
                FileResult(entry.name, form, []),
                results,
                keep_valid=options.keep_valid,
                on_file=on_file,
            )
        except InputError as exc:
            report.unreadable.append(Unreadable(entry.name, str(exc)))
    report.seconds = time.perf_counter() - started
    return report


def _message_items(entry: Entry, data: bytes, read: ReadOptions) -> Iterator[ItemResult]:
    """The results of a NewsML-G2 newsMessage, item by item, each with its place.

    Raises:
        InputError: the IPTC schema folder is not configured.
    """
    from newsitem.interop import newsml_g2

    try:
        for where, line, found in newsml_g2.iter_message_issues(data, schema_dir=read.iptc_schemas):
            yield ItemResult(_sorted(found), where, line)
    except IptcSchemasNotFound as exc:
        raise InputError(f"{entry.name}: {exc}") from None
