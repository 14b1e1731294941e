"""Planning parallel work: inputs split into partitions that workers read by themselves.

A *plan* is a list of partitions, each a list of pieces small enough to describe (names,
paths or URLs, byte offsets), never the data itself, so that a client can hand it to a process
pool or a Dask cluster and hold only the plan and the report:

- a JSON Lines feed is split into byte ranges that start just after a newline;
- an XML feed into byte ranges that start just after an item's end tag (``</ni:newsItem>``
  followed by the next item's start tag); a worker parses its range between the feed's own
  start tag and a closing tag, and the item numbers and lines are shifted back to the feed's;
- a directory into lists of its files, an archive into ranges of its members.

Line numbers and item numbers of a range depend on what comes before it. They are counted by
the workers first (``count_span``, a fast scan), then given to each range (``with_offsets``),
so that every issue carries the same file, line and place as a run on one process.

Paths are local, ``file://`` or any URL that fsspec knows (``s3://``, ``gs://``...; fsspec is
needed only for those).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from newsitem.errors import InputError
from newsitem.forms import form_from_name, is_archive, sniff
from newsitem.sources import (
    DEFAULT_LIMITS,
    Entry,
    Limits,
    Selection,
    _archive,
    _Budgeted,
    _expansion_budget,
    _open_file,
    local_files,
)

__all__ = [
    "COLUMNAR_FORMS",
    "Part",
    "Piece",
    "Plan",
    "Source",
    "Span",
    "SpanCount",
    "count_span",
    "is_url",
    "open_source",
    "piece_entries",
    "plan_inputs",
    "with_offsets",
]

#: Forms stored in columns: a file holds many items but is not a feed of documents.
COLUMNAR_FORMS = frozenset({"parquet"})

#: A feed smaller than this is never split.
MIN_SPLIT_BYTES = 1024 * 1024
#: Default size of a byte range of a feed.
DEFAULT_SPAN_BYTES = 32 * 1024 * 1024
#: Default number of small files (or archive members) in one partition.
DEFAULT_FILES_PER_PART = 256

_HEAD = 64 * 1024
_SCAN = 1024 * 1024


# --- what a plan is made of --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One input file as a worker finds it: the name to report, the relative path that output
    names mirror, a local path or URL, and its form when known."""

    name: str
    rel: str
    url: str
    form: str | None = None
    size: int | None = None
    #: the bytes themselves, only for standard input (nothing else can reach a worker)
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A byte range ``[start, end)`` of a feed, aligned to item boundaries.

    ``header_end`` is where an XML feed's root start tag ends (its bytes are put before every
    range but the first); ``first_line`` and ``first_index`` are the line of ``start`` and the
    number of items before it, known once the ranges before have been counted.
    """

    start: int
    end: int
    last: bool
    header_end: int = 0
    first_line: int | None = None
    first_index: int | None = None
    #: the items counted in the range (an XML range whose parse finds another number was not
    #: split at an item boundary after all, and the feed is read whole instead)
    items: int | None = None
    #: the XML feed's item tag (``ni:newsItem``), to count items and renumber their XPaths
    item_tag: str = ""
    #: the XML feed's root element name (``ni:newsFeed``), to close a range
    root_tag: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a partition's work: a whole file, a range of a feed, or members of an archive."""

    source: Source
    span: Span | None = None
    #: for an archive: the members ``[lo, hi)`` in archive order (None: every member)
    members: tuple[int, int] | None = None
    #: for an archive: the forced form and the relative folder its members are put under
    forced: str | None = None
    prefix: str = ""

    @property
    def archive(self) -> bool:
        """True when the piece is (part of) an archive."""
        return self.members is not None


@dataclass(frozen=True, slots=True)
class Part:
    """One partition: pieces a single task reads and processes in order."""

    index: int
    pieces: tuple[Piece, ...]


@dataclass(slots=True)
class Plan:
    """Partitions in input order, and the inputs that could not even be listed."""

    parts: list[Part] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """(part index, piece index) of every byte range that needs counting."""
        return [
            (p, q)
            for p, part in enumerate(self.parts)
            for q, piece in enumerate(part.pieces)
            if piece.span is not None and piece.span.first_line is None
        ]


@dataclass(frozen=True, slots=True)
class SpanCount:
    """What a range holds: its newlines and its items."""

    newlines: int
    items: int


# --- file systems ------------------------------------------------------------------------------

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_url(path: str) -> bool:
    """True for a path written as a URL (``file://``, ``s3://``...)."""
    return _URL.match(path) is not None


def is_remote(url: str) -> bool:
    """True for a URL that fsspec must open (anything but a plain path or ``file://``)."""
    match = _URL.match(url)
    return match is not None and match.group(1).lower() not in {"file", "local"}


def _local(url: str) -> str:
    return url[len("file://") :] if url.lower().startswith("file://") else url


def _fs(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise InputError(
            f"{url}: reading URLs needs fsspec (pip install 'newsitem[dask]')"
        ) from None
    try:
        return fsspec.core.url_to_fs(url)  # type: ignore[no-any-return]
    except (ImportError, ValueError) as exc:
        raise InputError(f"{url}: no file system for this URL ({exc})") from None


def _raw_open(url: str) -> BinaryIO:
    """The stored bytes of a file (not decompressed), seekable."""
    if not is_remote(url):
        return Path(_local(url)).open("rb")
    fs, path = _fs(url)
    return fs.open(path, "rb")  # type: ignore[no-any-return]


def open_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> BinaryIO:
    """A stream of a source's (decompressed) bytes, as the local readers open it."""
    if source.data is not None:
        return io.BytesIO(source.data)
    if not is_remote(source.url):
        return _open_file(Path(_local(source.url)), limits)()
    stream = _raw_open(source.url)
    if source.url.lower().endswith(".gz"):
        import gzip

        what = (
            f"{source.name} expands to more than {limits.max_expansion_ratio:g} times its "
            "size (a possible gzip bomb; raise --max-expansion-ratio)"
        )
        budget = _expansion_budget(source.size or 0, limits)
        inner = gzip.GzipFile(fileobj=stream)
        return io.BufferedReader(_Budgeted(inner, budget, what))  # type: ignore[arg-type]
    return stream


def _entry(source: Source, limits: Limits, form: str | None = None) -> Entry:
    return Entry(
        source.name,
        PurePosixPath(source.rel),
        lambda: open_source(source, limits),
        form or source.form,
        size=source.size,
        cached=source.data,
    )


# --- planning ----------------------------------------------------------------------------------


def plan_inputs(
    paths: Sequence[str],
    *,
    selection: Selection | None = None,
    forced_form: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    span_bytes: int = DEFAULT_SPAN_BYTES,
    min_spans: int = 1,
    files_per_part: int = DEFAULT_FILES_PER_PART,
    stdin: Callable[[], bytes] | None = None,
) -> Plan:
    """Split the inputs into partitions, in the order a one-process run reads them.

    Args:
        span_bytes: the largest byte range of a feed.
        min_spans: split a feed of at least ``MIN_SPLIT_BYTES`` into at least this many ranges
            (the number of workers), when it has that many items.
        files_per_part: the most small files or archive members in one partition.
        stdin: reads standard input (for ``-``).

    The inputs that cannot be listed are returned as ``problems`` (their position among the
    partitions, and a message), so that one bad path never stops the others.
    """
    selection = selection or Selection()
    plan = Plan()
    pending: list[Piece] = []

    def flush() -> None:
        if pending:
            plan.parts.append(Part(len(plan.parts), tuple(pending)))
            pending.clear()

    def add(piece: Piece) -> None:
        if piece.span is not None or piece.archive:
            flush()
            plan.parts.append(Part(len(plan.parts), (piece,)))
            return
        pending.append(piece)
        if len(pending) >= files_per_part:
            flush()

    for raw in paths:
        try:
            for piece in _pieces(raw, selection, forced_form, limits, stdin, files_per_part):
                if piece.span is None and not piece.archive:
                    for split in _split(piece, limits, span_bytes, min_spans):
                        add(split)
                else:
                    add(piece)
        except InputError as exc:
            flush()
            plan.problems.append((len(plan.parts), str(exc)))
    flush()
    return plan


def _pieces(
    raw: str,
    selection: Selection,
    forced: str | None,
    limits: Limits,
    stdin: Callable[[], bytes] | None,
    files_per_part: int,
) -> Iterator[Piece]:
    if raw == "-":
        data = stdin() if stdin is not None else b""
        yield Piece(Source("<stdin>", "stdin", "-", forced, len(data), data))
        return
    if is_remote(raw):
        yield from _remote_pieces(raw, selection, forced)
        return
    path = Path(_local(raw))
    if forced in COLUMNAR_FORMS and path.is_dir():
        yield from _columnar_dir(path, forced)
        return
    for found in local_files(raw, selection, path=path):
        if found.archive:
            prefix = str(found.rel.parent)
            yield from _archive_pieces(found.path, prefix, forced, limits, files_per_part)
        else:
            form = forced or form_from_name(found.rel.name)
            yield Piece(Source(found.name, str(found.rel), found.name, form, found.size))


#: The file that lists a directory output's partitions (written by ``newsitem.engines``).
MANIFEST = "_manifest.json"


def _columnar_dir(path: Path, form: str) -> Iterator[Piece]:
    """The partition files of a columnar output directory: those its manifest lists, in
    order, else every ``*.parquet`` file in name order."""
    manifest = path / MANIFEST
    if manifest.exists():
        try:
            listed = [p["file"] for p in json.loads(manifest.read_bytes())["partitions"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{manifest}: not a readable manifest ({exc})") from None
    else:
        listed = sorted(p.name for p in path.iterdir() if p.name.endswith(f".{form}"))
    for name in listed:
        full = path / name
        try:
            size = full.stat().st_size
        except OSError as exc:
            raise InputError(f"{full}: cannot read ({exc.strerror or exc})") from None
        yield Piece(Source(str(full), name, str(full), form, size))


def _archive_pieces(
    path: Path, prefix: str, forced: str | None, limits: Limits, per_part: int
) -> Iterator[Piece]:
    source = Source(str(path), str(PurePosixPath(prefix) / path.name), str(path), None)
    if not path.name.lower().endswith(".zip"):
        # A tar archive is read from its start: one partition takes it whole.
        yield Piece(source, members=(0, -1), forced=forced, prefix=prefix)
        return
    count = sum(1 for _ in _archive(path, PurePosixPath(prefix), forced, limits))
    for lo in range(0, max(count, 1), per_part):
        yield Piece(source, members=(lo, min(lo + per_part, count)), forced=forced, prefix=prefix)


def _remote_pieces(url: str, selection: Selection, forced: str | None) -> Iterator[Piece]:
    fs, root = _fs(url)
    try:
        if fs.isdir(root):
            found = sorted(fs.find(root, detail=True).items())
            for full, info in found:
                if info.get("type") != "file":
                    continue
                rel = full[len(root.rstrip("/")) + 1 :]
                if forced in COLUMNAR_FORMS:
                    if rel.endswith(f".{forced}"):  # the partitions, not the manifest
                        yield Piece(
                            Source(
                                fs.unstrip_protocol(full),
                                rel,
                                fs.unstrip_protocol(full),
                                forced,
                                info.get("size"),
                            )
                        )
                    continue
                if not selection.wants(rel):
                    selection.skipped.append(full)
                    continue
                name = fs.unstrip_protocol(full)
                if is_archive(rel):
                    raise InputError(f"{name}: archives are read from local paths only")
                yield Piece(
                    Source(name, rel, name, forced or form_from_name(rel), info.get("size"))
                )
            return
        info = fs.info(root)
    except FileNotFoundError:
        raise InputError(f"{url}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{url}: cannot read ({exc})") from None
    base = root.rstrip("/").rsplit("/", 1)[-1]
    if is_archive(base):
        raise InputError(f"{url}: archives are read from local paths only")
    yield Piece(Source(url, base, url, forced or form_from_name(base), info.get("size")))


def _split(piece: Piece, limits: Limits, span_bytes: int, min_spans: int) -> Iterator[Piece]:
    """A whole feed as byte ranges (or the piece as it is, when it is not worth splitting)."""
    source = piece.source
    size = source.size
    if (
        source.data is not None
        or size is None
        or size < MIN_SPLIT_BYTES
        or source.url.lower().endswith(".gz")
        or source.form in COLUMNAR_FORMS
        or source.form not in {None, "json", "jsonl", "xml", "xml-feed"}
    ):
        yield piece
        return
    wanted = max(min_spans, -(-size // span_bytes))
    if wanted < 2:
        yield piece
        return
    try:
        with _raw_open(source.url) as stream:
            head = stream.read(_HEAD)
            form = sniff(head, source.form)
            if form == "jsonl":
                cuts = _cuts(stream, size, wanted, _jsonl_boundary)
                header_end, item_tag, root_tag = 0, "", ""
            elif form == "xml-feed":
                found = _xml_header(head)
                if found is None:
                    yield piece
                    return
                header_end, item_tag, root_tag = found
                end_tag = f"</{item_tag}>".encode()
                start_tag = f"<{item_tag}".encode()

                def boundary(stream: BinaryIO, at: int) -> int | None:
                    return _xml_boundary(stream, at, end_tag, start_tag)

                cuts = _cuts(stream, size, wanted, boundary, floor=header_end)
            else:
                yield piece
                return
    except OSError as exc:
        raise InputError(f"{source.name}: cannot read ({exc})") from None
    if not cuts:
        yield replace(piece, source=replace(source, form=form))
        return
    bounds = [0, *cuts, size]
    typed = replace(source, form=form)
    for k in range(len(bounds) - 1):
        span = Span(
            bounds[k],
            bounds[k + 1],
            last=k == len(bounds) - 2,
            header_end=header_end,
            item_tag=item_tag,
            root_tag=root_tag,
        )
        yield Piece(typed, span=span)


def _cuts(
    stream: BinaryIO,
    size: int,
    wanted: int,
    boundary: Callable[[BinaryIO, int], int | None],
    floor: int = 0,
) -> list[int]:
    cuts: list[int] = []
    last = floor
    for k in range(1, wanted):
        at = max(size * k // wanted, last + 1)
        if at >= size:
            break
        cut = boundary(stream, at)
        if cut is None or cut >= size:
            break
        if cut > last:
            cuts.append(cut)
            last = cut
    return cuts


def _jsonl_boundary(stream: BinaryIO, at: int) -> int | None:
    """The offset just after the first newline at or after ``at - 1``."""
    stream.seek(at - 1)
    pos = at - 1
    while True:
        block = stream.read(_SCAN)
        if not block:
            return None
        found = block.find(b"\n")
        if found >= 0:
            return pos + found + 1
        pos += len(block)


def _xml_boundary(stream: BinaryIO, at: int, end_tag: bytes, start_tag: bytes) -> int | None:
    """The offset just after an item's end tag at or after ``at`` that is followed (after
    white space) by the next item's start tag."""
    pos = at
    carry = b""
    while True:
        stream.seek(pos)
        block = carry + stream.read(_SCAN)
        base = pos - len(carry)
        if len(block) <= len(carry):
            return None
        search = 0
        while True:
            found = block.find(end_tag, search)
            if found < 0:
                break
            after = found + len(end_tag)
            rest = block[after : after + 4096].lstrip(b" \t\r\n")
            if len(rest) > len(start_tag) and (
                rest.startswith(start_tag)
                and rest[len(start_tag) : len(start_tag) + 1] in b" \t\r\n>"
            ):
                return base + after
            search = found + 1
        keep = len(end_tag) + 4096
        carry = block[-keep:]
        pos = base + len(block)


_XML_DECL = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>)?\s*")
_ROOT_START = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?newsFeed(?=[\s>/])")


def _xml_header(head: bytes) -> tuple[int, str, str] | None:
    """Where the feed's root start tag ends, the item tag and the root tag, or None when the
    start of the feed is not plain enough to be split (a DOCTYPE, a comment, no root)."""
    decl = _XML_DECL.match(head)
    start = decl.end() if decl else 0
    match = _ROOT_START.match(head, start)
    if match is None:
        return None
    quote = b""
    for pos in range(match.end(), len(head)):
        char = head[pos : pos + 1]
        if quote:
            if char == quote:
                quote = b""
        elif char in {b'"', b"'"}:
            quote = char
        elif char == b">":
            if head[pos - 1 : pos] == b"/":
                return None
            prefix = match.group(1)
            lead = f"{prefix.decode()}:" if prefix else ""
            return pos + 1, f"{lead}newsItem", f"{lead}newsFeed"
    return None


# --- counting, offsets -------------------------------------------------------------------------


def count_span(source: Source, span: Span, limits: Limits = DEFAULT_LIMITS) -> SpanCount:
    """Count the newlines and items of a range (runs on a worker: a fast scan of the bytes)."""
    newlines = items = 0
    tag = None
    if span.item_tag:
        tag = re.compile(re.escape(f"<{span.item_tag}".encode()) + rb"[\s>/]")
    keep = len(span.item_tag) + 2
    with _raw_open(source.url) as stream:
        stream.seek(span.start)
        remaining = span.end - span.start
        carry = b""
        while remaining > 0:
            block = stream.read(min(_SCAN, remaining))
            if not block:
                break
            remaining -= len(block)
            newlines += block.count(b"\n")
            data = carry + block
            final = remaining <= 0
            if tag is not None:
                # Tags that start in the last bytes are counted with the next block.
                limit = len(data) if final else max(0, len(data) - keep)
                items += sum(1 for m in tag.finditer(data) if m.start() < limit)
                carry = data[limit:]
                continue
            lines = data.split(b"\n")
            carry = lines.pop()
            items += sum(1 for one in lines if len(one) > limits.max_item_bytes or one.strip())
        if tag is None and carry and (len(carry) > limits.max_item_bytes or carry.strip()):
            items += 1
    return SpanCount(newlines, items)


def with_offsets(plan: Plan, counts: Sequence[SpanCount]) -> Plan:
    """The plan with each range's first line and first item number, from the counts of the
    ranges (in the order of ``plan.spans``)."""
    by_key = dict(zip(plan.spans, counts, strict=True))
    parts: list[Part] = []
    running: dict[str, tuple[int, int]] = {}
    for p, part in enumerate(plan.parts):
        pieces = []
        for q, piece in enumerate(part.pieces):
            span = piece.span
            if span is not None and (p, q) in by_key:
                newlines, items = running.get(piece.source.url, (0, 0))
                count = by_key[(p, q)]
                span = replace(span, first_line=newlines + 1, first_index=items, items=count.items)
                running[piece.source.url] = (newlines + count.newlines, items + count.items)
                piece = replace(piece, span=span)  # noqa: PLW2901 - rebuilt, frozen
            pieces.append(piece)
        parts.append(Part(part.index, tuple(pieces)))
    return Plan(parts, list(plan.problems))


# --- reading a piece on a worker ---------------------------------------------------------------


class _RangeReader(io.RawIOBase):
    """The bytes ``[start, end)`` of a seekable stream, optionally after a prefix and before
    a suffix (an XML feed's root start tag and end tag)."""

    def __init__(self, stream: BinaryIO, start: int, end: int, prefix: bytes, suffix: bytes):
        super().__init__()
        self._stream = stream
        self._parts: list[bytes | tuple[int, int]] = [prefix, (start, end), suffix]
        stream.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while self._parts:
            head = self._parts[0]
            if isinstance(head, bytes):
                if not head:
                    self._parts.pop(0)
                    continue
                count = min(len(view), len(head))
                view[:count] = head[:count]
                self._parts[0] = head[count:]
                return count
            start, end = head
            if start >= end:
                self._parts.pop(0)
                continue
            data = self._stream.read(min(len(view), end - start))
            if not data:
                self._parts.pop(0)
                continue
            view[: len(data)] = data
            self._parts[0] = (start + len(data), end)
            return len(data)
        return 0

    def close(self) -> None:
        self._stream.close()
        super().close()


def _span_opener(source: Source, span: Span) -> Callable[[], BinaryIO]:
    def opener() -> BinaryIO:
        stream = _raw_open(source.url)
        prefix = suffix = b""
        if span.item_tag and span.start > 0:
            stream.seek(0)
            prefix = stream.read(span.header_end)
        if span.item_tag and not span.last:
            suffix = f"\n</{span.root_tag}>\n".encode()
        return io.BufferedReader(_RangeReader(stream, span.start, span.end, prefix, suffix))

    return opener


def header_lines(source: Source, span: Span) -> int:
    """The newlines in an XML feed's header (before ``header_end``)."""
    if not span.item_tag or span.start == 0:
        return 0
    with _raw_open(source.url) as stream:
        return stream.read(span.header_end).count(b"\n")


def piece_entries(piece: Piece, limits: Limits = DEFAULT_LIMITS) -> Iterator[Entry]:
    """The entries a piece stands for, as ``sources.iter_entries`` gives them locally.

    A range of a feed is one entry whose stream is the range (with the XML feed's header and
    end tag around it); line and item numbers are then those of the range, and the caller
    shifts them (see ``newsitem.engines.tasks``).
    """
    source = piece.source
    if piece.span is not None:
        yield Entry(
            source.name,
            PurePosixPath(source.rel),
            _span_opener(source, piece.span),
            source.form,
            size=piece.span.end - piece.span.start,
        )
        return
    if piece.members is not None:
        lo, hi = piece.members
        path = Path(_local(source.url))
        for number, entry in enumerate(
            _archive(path, PurePosixPath(piece.prefix), piece.forced, limits)
        ):
            if number >= lo and (hi < 0 or number < hi):
                yield entry
            elif hi >= 0 and number >= hi:
                return
        return
    yield _entry(source, limits)


def cpu_count() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
