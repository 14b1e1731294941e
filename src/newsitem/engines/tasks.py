"""The work of one partition, as a worker does it: open its pieces, check or convert their
items with the same code as a run on one process, and write its output file atomically.

These functions run in worker processes (a process pool or Dask workers): they take and
return only small, picklable values (the plan's pieces, results with issues, a manifest row);
the data is read and written by the worker itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsitem._atomic import write_atomic
from newsitem.check import ItemResult, iter_entry_items, sniff_entry
from newsitem.codecs import DEFAULT_READ, ReadOptions
from newsitem.convert import CHUNK_ITEMS, ConvertOptions, ConvertReport, convert_chunk
from newsitem.errors import InputError, NewsItemError
from newsitem.feeds import internal_error
from newsitem.forms import FORMS
from newsitem.issues import Issue, make_issue
from newsitem.plan import (
    COLUMNAR_FORMS,
    Part,
    Piece,
    Source,
    Span,
    SpanCount,
    count_span,
    header_lines,
    is_remote,
    open_source,
    piece_entries,
)
from newsitem.sources import Entry, Limits

#: Output forms a partition can write one file of (feeds and columnar forms).
PART_FORMS = ("jsonl", "xml-feed", "parquet")


@dataclass(slots=True)
class EntryOutcome:
    """The results of one input file (or one range of a feed) in a partition."""

    name: str
    kind: str
    items: list[ItemResult] = field(default_factory=list)
    #: valid items without any issue that were not kept (only counted)
    dropped: int = 0
    #: the input could not be read (the message of the ``InputError``)
    error: str | None = None
    #: the source URL, to put the ranges of one feed together
    url: str = ""
    #: an XML range whose parse did not match its plan: the feed must be read whole
    clean: bool = True

    def results(self) -> Iterator[ItemResult]:
        """Every item's result (the counted valid ones as empty results)."""
        yield from self.items
        for _ in range(self.dropped):
            yield ItemResult([])


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A partition's output file, as the manifest lists it."""

    file: str
    items: int
    sha256: str
    bytes: int


@dataclass(slots=True)
class PartOutcome:
    """Everything a partition sends back to the client."""

    index: int
    entries: list[EntryOutcome] = field(default_factory=list)
    items: int = 0
    converted: int = 0
    failed: int = 0
    output: OutputFile | None = None
    #: the encoded items, when the client writes one output file itself
    data: bytes | None = None

    @property
    def clean(self) -> bool:
        """False when a range of an XML feed must be read again whole."""
        return all(e.clean for e in self.entries)


@dataclass(frozen=True, slots=True)
class ConvertJob:
    """What a convert partition does with its items."""

    to: str
    read: ReadOptions
    limits: Limits
    #: the output directory (local path or URL); None: send the encoded items back
    out_dir: str | None = None


# --- shifting the numbers of a range to the feed's --------------------------------------------

_ITEM_XPATH = re.compile(r"^(/[^/\[]+/[^/\[]+)\[(\d+)\]")
_LIMIT_TEXT = re.compile(r"more than (\d+) items")


@dataclass(frozen=True, slots=True)
class _Shift:
    """What turns the numbers a worker finds in a range of a feed into the feed's own."""

    #: lines of the feed before the range's first line (less an XML feed's repeated header)
    lines: int
    #: items of the feed before the range (added to the item numbers of XML paths)
    items: int
    #: the --max-items the user gave, named in NI108 messages instead of the range's budget
    max_items: int
    #: the items the range may still read before the feed reaches --max-items
    budget: int
    #: the feed is XML (its item places are XPaths; JSON Lines places are lines)
    xml: bool

    def issue(self, issue: Issue) -> Issue:
        changes: dict[str, Any] = {}
        if issue.line is not None and self.lines:
            changes["line"] = issue.line + self.lines
        if self.xml and self.items:
            path = self._xpath(issue.path)
            if path != issue.path:
                changes["path"] = path
        if issue.code == "NI108" and self.budget != self.max_items:
            message = _LIMIT_TEXT.sub(f"more than {self.max_items} items", issue.message)
            if message != issue.message:
                changes["message"] = message
        return replace(issue, **changes) if changes else issue

    def _xpath(self, path: str) -> str:
        match = _ITEM_XPATH.match(path)
        if match is None:
            return path
        number = int(match.group(2)) + self.items
        return f"{match.group(1)}[{number}]{path[match.end() :]}"

    def result(self, item: ItemResult) -> ItemResult:
        line = item.line + self.lines if item.line is not None else None
        if self.xml:
            where = self._xpath(item.where)
        else:
            where = f"line {line}" if item.where.startswith("line ") else item.where
        return ItemResult([self.issue(i) for i in item.issues], where, line)


def _shift_of(piece: Piece, limits: Limits) -> tuple[_Shift | None, Limits]:
    span = piece.span
    if span is None:
        return None, limits
    first_line = span.first_line or 1
    first_index = span.first_index or 0
    budget = limits.max_items - first_index
    xml = bool(span.item_tag)
    lines = first_line - 1
    if xml and span.start > 0:
        lines = first_line - 1 - header_lines(piece.source, span)
    shift = _Shift(lines, first_index, limits.max_items, budget, xml)
    return shift, replace(limits, max_items=max(budget, 0))


def _is_item_where(where: str) -> bool:
    match = _ITEM_XPATH.match(where)
    return match is not None and match.end() == len(where)


def _span_clean(span: Span | None, results: list[ItemResult], counted: int) -> bool:
    """An XML range is trusted when its parse found exactly the items it was counted to hold,
    and nothing of the feed itself (its root, stray elements, a syntax error)."""
    if span is None or not span.item_tag:
        return True
    if span.items is not None and counted != span.items:
        return False
    return all(_is_item_where(r.where) for r in results)


# --- counting ----------------------------------------------------------------------------------


def count_task(piece: Piece, limits: Limits) -> SpanCount:
    """Count a range's newlines and items (the first, fast pass over a split feed)."""
    assert piece.span is not None
    return count_span(piece.source, piece.span, limits)


# --- validating --------------------------------------------------------------------------------


def check_part(
    part: Part,
    limits: Limits,
    keep_valid: bool = True,
    read: ReadOptions = DEFAULT_READ,
) -> PartOutcome:
    """Check every item of a partition, as ``check.iter_entry_items`` does on one process.

    Args:
        keep_valid: also send back the results of valid items without issues (else they
            are only counted, in ``EntryOutcome.dropped``).
        read: how documents are read, ``as_version`` (``validate --as``) included.
    """
    from newsitem.compat import reading_as

    with reading_as(read.as_version):  # for the Parquet rows too, which no codec object reads
        return _check_part(part, limits, keep_valid, read)


def _check_part(part: Part, limits: Limits, keep_valid: bool, read: ReadOptions) -> PartOutcome:
    outcome = PartOutcome(part.index)
    for piece in part.pieces:
        shift, piece_limits = _shift_of(piece, limits)
        if shift is not None and shift.budget < 0:
            continue  # past --max-items: a range before said so
        if piece.source.form in COLUMNAR_FORMS:
            outcome.entries.append(_check_columnar(piece, keep_valid, read.validate))
            continue
        for entry in _entries(piece, limits, outcome):
            found = EntryOutcome(entry.name, "", url=piece.source.url)
            outcome.entries.append(found)
            counted = 0
            try:
                kind, results = iter_entry_items(entry, piece_limits, read)
                found.kind = kind
                for result in results:
                    counted += 1
                    if shift is not None:
                        result = shift.result(result)  # noqa: PLW2901 - the feed's numbers
                    if result.issues or keep_valid:
                        found.items.append(result)
                    else:
                        found.dropped += 1
            except InputError as exc:
                found.error = str(exc)
                continue
            found.clean = _span_clean(piece.span, found.items, counted)
    return outcome


def _entries(piece: Piece, limits: Limits, outcome: PartOutcome) -> Iterator[Entry]:
    try:
        yield from piece_entries(piece, limits)
    except InputError as exc:
        outcome.entries.append(EntryOutcome(piece.source.name, "", error=str(exc)))


def _check_columnar(piece: Piece, keep_valid: bool, validate: bool) -> EntryOutcome:
    found = EntryOutcome(piece.source.name, "parquet", url=piece.source.url)
    try:
        for number, _value, issues in _columnar_rows(piece.source, validate):
            result = ItemResult(issues, f"row {number}")
            if issues or keep_valid:
                found.items.append(result)
            else:
                found.dropped += 1
    except InputError as exc:
        found.error = str(exc)
    return found


def _columnar_rows(
    source: Source, validate: bool = True
) -> Iterator[tuple[int, dict[str, Any] | None, list[Issue]]]:
    """Each row of a Parquet file: its number, its data when valid, and its issues."""
    from newsitem.codecs import parquet_codec
    from newsitem.validate import fast_schema_valid, iter_issues

    try:
        with open_source(source) as stream:
            rows = parquet_codec.read_rows(stream.read())
            for number, row in enumerate(rows, start=1):
                if not validate or fast_schema_valid(row):
                    found: list[Issue] = []
                else:
                    found = list(iter_issues(row))
                ok = not any(i.severity == "error" for i in found)
                yield number, row if ok else None, found
    except NewsItemError as exc:
        raise InputError(f"{source.name}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{source.name}: cannot read ({exc})") from None


# --- converting --------------------------------------------------------------------------------


def part_file(index: int, to: str) -> str:
    """The name of a partition's output file."""
    return f"part-{index:05d}{'.parquet' if to == 'parquet' else FORMS[to].extension}"


def convert_part(part: Part, job: ConvertJob, name_index: int | None = None) -> PartOutcome:
    """Convert every item of a partition and write (or return) its output.

    The output is written atomically under a name fixed by the partition, replacing any
    earlier copy: a task that is run again (its worker died) writes the same bytes under the
    same name, so no output is ever partial or duplicated.
    """
    outcome = PartOutcome(part.index)
    encoded: list[bytes] = []
    rows: list[dict[str, Any]] = []
    target = "jsonl" if job.to == "parquet" else job.to
    options = ConvertOptions(to=target, limits=job.limits, read=job.read)
    report = ConvertReport()
    for piece in part.pieces:
        shift, piece_limits = _shift_of(piece, job.limits)
        if shift is not None and shift.budget < 0:
            continue
        if piece.source.form in COLUMNAR_FORMS:
            _convert_columnar(piece, job, target, outcome, encoded)
            continue
        piece_options = replace(options, limits=piece_limits)
        for entry in _entries(piece, job.limits, outcome):
            _convert_entry(entry, piece, piece_options, shift, outcome, encoded, report)
    if job.to == "parquet":
        import orjson

        rows = [orjson.loads(line) for line in encoded]
    data = _output_bytes(job.to, encoded, rows, whole=job.out_dir is not None)
    if job.out_dir is None:
        outcome.data = data
        return outcome
    name = part_file(part.index if name_index is None else name_index, job.to)
    _write(job.out_dir, name, data)
    count = len(rows) if job.to == "parquet" else len(encoded)
    outcome.output = OutputFile(name, count, hashlib.sha256(data).hexdigest(), len(data))
    return outcome


def _convert_entry(
    entry: Entry,
    piece: Piece,
    options: ConvertOptions,
    shift: _Shift | None,
    outcome: PartOutcome,
    encoded: list[bytes],
    report: ConvertReport,
) -> None:
    from newsitem.check import FileResult
    from newsitem.convert import _tasks

    found = EntryOutcome(entry.name, "", url=piece.source.url)
    outcome.entries.append(found)
    if entry.problem is not None:
        found.kind = "archive member"
        found.items.append(ItemResult([entry.problem]))
        outcome.items += 1
        outcome.failed += 1
        return
    try:
        form = entry.form or sniff_entry(entry)
        entry.form = form
        found.kind = form
        result = FileResult(entry.name, form, [])
        before = report.items
        counted = 0
        chunk: list[Any] = []
        meta: list[tuple[str, int | None]] = []

        def flush() -> None:
            outs = convert_chunk(chunk, options.to, options.read)
            for (_, data, issues, _id), (where, line) in zip(outs, meta, strict=True):
                outcome.items += 1
                if data is None:
                    outcome.failed += 1
                    found.items.append(ItemResult(sorted(issues, key=_pos), where, line))
                    continue
                encoded.append(data)
                outcome.converted += 1
                if issues:
                    found.items.append(ItemResult(sorted(issues, key=_pos), where, line))
            chunk.clear()
            meta.clear()

        for task, where, line in _tasks(entry, form, options, result, report):
            counted += 1
            chunk.append(task)
            meta.append((where, line))
            if len(chunk) >= CHUNK_ITEMS:
                flush()
        if chunk:
            flush()
        # Problems met while reading (a line over the limit, a broken feed) come in order
        # of their lines with the converted items' failures.
        read_failures = result.items
        outcome.items += report.items - before
        outcome.failed += report.items - before
        counted += sum(1 for r in read_failures if _is_item_where(r.where))
        found.items = sorted([*found.items, *read_failures], key=_item_pos)
    except InputError as exc:
        found.error = str(exc)
        return
    if shift is not None:
        found.items = [shift.result(r) for r in found.items]
        found.clean = _span_clean(piece.span, found.items, counted)


def _convert_columnar(
    piece: Piece, job: ConvertJob, target: str, outcome: PartOutcome, encoded: list[bytes]
) -> None:
    from newsitem.convert import encode
    from newsitem.model import from_dict

    found = EntryOutcome(piece.source.name, "parquet", url=piece.source.url)
    outcome.entries.append(found)
    try:
        for number, value, issues in _columnar_rows(piece.source, job.read.validate):
            outcome.items += 1
            where = f"row {number}"
            if value is None:
                outcome.failed += 1
                found.items.append(ItemResult(issues, where))
                continue
            try:
                encoded.append(encode(from_dict(value), target))
            except (NewsItemError, ValueError) as exc:
                outcome.failed += 1
                issue = make_issue("NI209", f"cannot convert to {job.to}: {exc}")
                found.items.append(ItemResult([issue], where))
                continue
            except Exception as exc:  # noqa: BLE001 - a codec bug must not end the batch
                outcome.failed += 1
                found.items.append(ItemResult([internal_error(exc)], where))
                continue
            outcome.converted += 1
            if issues:
                found.items.append(ItemResult(issues, where))
    except InputError as exc:
        found.error = str(exc)


def _pos(issue: Issue) -> tuple[int, int]:
    return issue.line or 0, issue.column or 0


def _item_pos(item: ItemResult) -> tuple[bool, int]:
    return item.line is None, item.line or 0


def _output_bytes(
    to: str, encoded: list[bytes], rows: list[dict[str, Any]], *, whole: bool
) -> bytes:
    """A partition's output: a whole file (with an XML feed's header and end) or, when the
    client joins the partitions into one file, only the items."""
    if to == "parquet":
        from newsitem.codecs import parquet_codec

        return parquet_codec.table_bytes(parquet_codec.items_to_table(rows))
    body = b"".join(encoded)
    if to == "xml-feed" and whole:
        from newsitem.codecs import xml_codec

        return xml_codec.feed_header() + body + xml_codec.feed_footer()
    return body


def _write(out_dir: str, name: str, data: bytes) -> None:
    """Write a file atomically, replacing an earlier copy (a task run again)."""
    if not is_remote(out_dir):
        write_atomic(Path(out_dir.removeprefix("file://")) / name, data, force=True)
        return
    import secrets

    import fsspec

    fs, root = fsspec.core.url_to_fs(out_dir)
    final = f"{root.rstrip('/')}/{name}"
    temp = f"{root.rstrip('/')}/.{name}.{secrets.token_hex(6)}.newsitem-tmp"
    fs.pipe_file(temp, data)
    fs.mv(temp, final)
