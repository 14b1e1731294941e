"""Converting inputs between forms: files, directories, archives and feeds, in parallel chunks.

The pipeline: inputs (``sources``) -> items (each source form's codec, validating on the way)
-> the target form's encoder -> a sink (stdout, a file, a feed, a directory tree or an archive).
Work is split into chunks of items, converted by a process pool when ``jobs > 1``; outputs are
written by the main process, atomically (``_atomic``), in input order. Nothing here prints:
failures are returned with their locations and progress is reported through a callback.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import tarfile
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from newsitem._atomic import atomic_writer, write_atomic
from newsitem.check import FileResult, ItemResult, RunTotals, iter_documents, sniff_entry
from newsitem.codecs import DEFAULT_READ, Decoded, ReadOptions
from newsitem.errors import (
    ConversionError,
    InputError,
    InvalidNewsItem,
    OutputExistsError,
    ParseError,
    UsageError,
)
from newsitem.feeds import internal_error
from newsitem.forms import FORMS, is_archive
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.sources import DEFAULT_LIMITS, Entry, Limits

#: Items per chunk of work handed to a worker.
CHUNK_ITEMS = 256


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    """What to convert to, where, and how."""

    to: str
    output: Path | None = None
    force: bool = False
    jobs: int = 1
    limits: Limits = DEFAULT_LIMITS
    read: ReadOptions = DEFAULT_READ
    #: A step applied to every item between reading and writing (``migrate`` uses it); it
    #: returns the new item and its warnings, or raises ``InvalidNewsItem``. It runs in worker
    #: processes, so it must be picklable (a module-level function or a partial of one).
    transform: Transform | None = None
    #: How the items of a feed split into a directory or archive are named: ``"index"``
    #: (``000001.json``, by place) or ``"id"`` (from each item's id, safe-filename-encoded;
    #: an item without id keeps its index name, and two items with one id are reported).
    name_by: str = "index"


#: An item step of a conversion: the new item and the warnings of the step.
Transform = Callable[[NewsItem], tuple[NewsItem, list[Issue]]]


@dataclass(slots=True)
class ConvertReport(RunTotals):
    """The outcome of a conversion: the files' failures with their places, and the totals."""

    results: list[FileResult] = field(default_factory=list)
    converted: int = 0
    failed: int = 0
    written: int = 0


# --- one item: decode, encode ------------------------------------------------------------------

Task = tuple[int, "bytes | NewsItem | Decoded", str, int]
#: (key, bytes or None when it failed, issues, the item's id when it converted)
Outcome = tuple[int, "bytes | None", list[Issue], "str | None"]


def encode(item: NewsItem, form: str) -> bytes:
    """The bytes of an item in a target form (feed forms give the item's part of a feed)."""
    target = FORMS[form]
    return target.feed.item(item) if target.feed is not None else target.codec.dumps(item)


def decode(
    data: bytes, form: str, *, first_line: int = 1, read: ReadOptions = DEFAULT_READ
) -> tuple[NewsItem, list[Issue]]:
    """An item and its warnings from the bytes of one document of a source form.

    Raises:
        ParseError, InvalidNewsItem: the document cannot be read or is invalid.
    """
    decoded = FORMS[form].codec.load(data, read, first_line=first_line)
    return decoded.item, list(decoded.warnings)


def convert_chunk(
    tasks: list[Task],
    target: str,
    read: ReadOptions = DEFAULT_READ,
    transform: Transform | None = None,
) -> list[Outcome]:
    """Convert a chunk of documents (runs in worker processes).

    Every document ends as bytes or as issues: an unexpected exception (a bug in a codec)
    becomes an issue of that document, so one document can never stop a batch, and nothing
    that cannot be pickled leaves a worker process.
    """
    outcomes: list[Outcome] = []
    for key, data, form, first_line in tasks:
        try:
            warnings: list[Issue] = []
            if isinstance(data, NewsItem):
                item = data
            elif isinstance(data, Decoded):  # read already (a newsMessage's item)
                item, warnings = data.item, list(data.warnings)
            else:
                item, warnings = decode(data, form, first_line=first_line, read=read)
            if transform is not None:
                item, more = transform(item)
                warnings = [*warnings, *more]
            outcomes.append((key, encode(item, target), warnings, item.id))
        except ParseError as exc:
            outcomes.append((key, None, [exc.issue], None))
        except InvalidNewsItem as exc:
            outcomes.append((key, None, list(exc.issues), None))
        except (ConversionError, ValueError) as exc:
            outcomes.append(
                (key, None, [make_issue("NI209", f"cannot convert to {target}: {exc}")], None)
            )
        except Exception as exc:  # noqa: BLE001 - a codec bug must not end the batch
            outcomes.append((key, None, [internal_error(exc, line=first_line)], None))
    return outcomes


# --- sinks -------------------------------------------------------------------------------------


class Sink(Protocol):
    """Where converted items go."""

    def put(self, rel: PurePosixPath, data: bytes) -> None:
        """Store one item's bytes (``rel`` names it for tree and archive sinks)."""

    def close(self) -> None:
        """Finish the output (write a feed's end, commit an archive)."""


class StreamSink:
    """A single output stream (a file or stdout) holding one item or a feed."""

    def __init__(self, stream: BinaryIO, form: str) -> None:
        self.stream = stream
        self.feed = FORMS[form].feed
        self.count = 0
        if self.feed is not None:
            stream.write(self.feed.header())

    def put(self, rel: PurePosixPath, data: bytes) -> None:
        """Append an item."""
        del rel
        if self.feed is None and self.count:
            raise UsageError("several items cannot go to one single-item output; use a directory")
        self.stream.write(data)
        self.count += 1

    def close(self) -> None:
        """Write the feed's end."""
        if self.feed is not None:
            self.stream.write(self.feed.footer())
        self.stream.flush()


class TreeSink:
    """A directory tree, one file per item, each written atomically."""

    def __init__(self, root: Path, *, force: bool) -> None:
        self.root = root
        self.force = force
        self.written = 0
        root.mkdir(parents=True, exist_ok=True)

    def put(self, rel: PurePosixPath, data: bytes) -> None:
        """Write one file under the root."""
        target = self.root.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, force=self.force)
        self.written += 1

    def close(self) -> None:
        """Nothing to finish: every file is already complete."""


class ArchiveSink:
    """A .tar, .tar.gz or .zip archive, committed atomically when complete."""

    def __init__(self, path: Path, *, force: bool) -> None:
        self._stack = ExitStack()
        stream = self._stack.enter_context(atomic_writer(path, force=force))
        name = path.name.lower()
        self._zip: zipfile.ZipFile | None = None
        self._tar: tarfile.TarFile | None = None
        if name.endswith(".zip"):
            self._zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)
        else:
            mode = "w:gz" if name.endswith((".tar.gz", ".tgz")) else "w"
            self._tar = tarfile.open(fileobj=stream, mode=mode)  # type: ignore[call-overload]  # noqa: SIM115 (closed in close())
        self.written = 0

    def put(self, rel: PurePosixPath, data: bytes) -> None:
        """Add one member."""
        if self._zip is not None:
            zinfo = zipfile.ZipInfo(str(rel), date_time=(2020, 1, 1, 0, 0, 0))
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(zinfo, data)
        elif self._tar is not None:
            tinfo = tarfile.TarInfo(str(rel))
            tinfo.size = len(data)
            tinfo.mtime = 0
            tinfo.mode = 0o644
            self._tar.addfile(tinfo, io.BytesIO(data))
        self.written += 1

    def close(self) -> None:
        """Finish the archive and move it into place."""
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()
        self._stack.close()

    def abort(self) -> None:
        """Drop the archive: nothing appears at the target."""
        self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)


# --- planning ----------------------------------------------------------------------------------


def _out_rel(rel: PurePosixPath, target: str, index: int | None) -> PurePosixPath:
    name = rel.name.removesuffix(".gz")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    ext = FORMS[target].extension
    if index is None:
        return rel.with_name(stem + ext)
    return rel.parent / stem / f"{index:06d}{ext}"


@dataclass(slots=True)
class _Pending:
    result: FileResult
    rels: dict[int, PurePosixPath]


def run(
    entries: Iterable[Entry],
    options: ConvertOptions,
    *,
    stdout: BinaryIO | None = None,
    progress: Callable[[int], None] | None = None,
) -> ConvertReport:
    """Convert every entry as the options say.

    Raises:
        UsageError: the output cannot hold what is asked (exit 2).
        InputError: an input cannot be read (exit 2).
    """
    started = time.perf_counter()
    report = ConvertReport()
    target = options.to
    if target not in FORMS:
        raise UsageError(f"unknown target form {target!r}")
    entries = list(entries)
    for entry in entries:
        if entry.problem is None:
            entry.form = sniff_entry(entry)
    out = options.output
    if (
        target == "newsml-g2"
        and len(entries) == 1
        and entries[0].problem is None
        and FORMS[entries[0].form or "json"].feed is not None
        and (out is None or not (out.is_dir() or is_archive(out.name)))
    ):  # a feed into one output: one NewsML-G2 newsMessage
        options = dataclasses.replace(options, to="newsml-g2-message")
    sink: Sink
    try:
        sink = _run_into(entries, options, report, stdout, progress)
    except _NothingToWrite as nothing:
        sink = nothing.sink
    report.written = int(getattr(sink, "written", getattr(sink, "count", 0)))
    report.seconds = time.perf_counter() - started
    return report


class _NothingToWrite(Exception):  # noqa: N818 - a signal, not an error
    """Raised through an output file's atomic writer so that it is not committed: when every
    item failed, an output file would hold nothing (an empty, invalid single-item file)."""

    def __init__(self, sink: Sink) -> None:
        super().__init__("nothing to write")
        self.sink = sink


def _one_item(entries: list[Entry]) -> bool:
    return (
        len(entries) == 1
        and entries[0].problem is None
        and not FORMS[entries[0].form or "json"].feed
    )


def _run_into(
    entries: list[Entry],
    options: ConvertOptions,
    report: ConvertReport,
    stdout: BinaryIO | None,
    progress: Callable[[int], None] | None,
) -> Sink:
    target = options.to
    out = options.output
    one_item = _one_item(entries)
    sink: Sink
    archive: ArchiveSink | None = None
    with ExitStack() as stack:
        if FORMS[target].feed or (
            one_item and (out is None or not (out.is_dir() or is_archive(out.name)))
        ):
            if out is None:
                if stdout is None:
                    raise UsageError("no output stream")
                stream = stdout
            else:
                if is_archive(out.name):
                    raise UsageError(f"{out}: a {target} feed is one file, not an archive")
                if out.exists() and not options.force:
                    raise UsageError(f"{out}: exists (use --force to overwrite)")
                try:
                    stream = stack.enter_context(atomic_writer(out, force=options.force))
                except OSError as exc:
                    raise UsageError(f"{out}: cannot write ({exc.strerror or exc})") from None
            sink = StreamSink(stream, target)
        elif out is None:
            raise UsageError(
                "the input holds several items: give -o DIRECTORY, -o ARCHIVE (.tar, .tar.gz, "
                ".zip), or a feed form (--to jsonl or --to xml-feed)"
            )
        elif is_archive(out.name):
            if out.exists() and not options.force:
                raise UsageError(f"{out}: exists (use --force to overwrite)")
            try:
                archive = ArchiveSink(out, force=options.force)
            except OSError as exc:
                raise UsageError(f"{out}: cannot write ({exc.strerror or exc})") from None
            sink = archive
        else:
            try:
                sink = TreeSink(out, force=options.force)
            except OSError as exc:
                raise UsageError(
                    f"{out}: cannot create directory ({exc.strerror or exc})"
                ) from None
        try:
            _convert_all(entries, options, sink, report, progress)
            sink.close()
        except BaseException:
            if archive is not None:
                archive.abort()
            raise
        if out is not None and isinstance(sink, StreamSink) and sink.count == 0 and report.failed:
            raise _NothingToWrite(sink)
    return sink


def _tasks(
    entry: Entry, form: str, options: ConvertOptions, result: FileResult, report: ConvertReport
) -> Iterator[tuple[Task, str, int | None]]:
    """Yield (task, where, line) for every item of an entry.

    Problems found while reading (a line over the size limit, the item limit, a feed that
    stops being well-formed, a document over the size limit) are recorded as failures here:
    they make the run exit 1, like any item that does not convert.

    Raises:
        InputError: the entry cannot be read.
    """

    def failed(issues: Iterable[Issue], where: str, line: int | None) -> None:
        result.items.append(ItemResult(list(issues), where, line))
        report.items += 1
        report.failed += 1

    for doc in iter_documents(entry, form, options.limits):
        if doc.data is None:
            if any(i.severity == "error" for i in doc.issues):
                failed(doc.issues, doc.where, doc.line)
            continue
        if form == "newsml-g2-message" and isinstance(doc.data, bytes):
            yield from _message_tasks(doc.data, options.read, failed)
            continue
        yield (doc.index, doc.data, doc.form, doc.line or 1), doc.where, doc.line


def _message_tasks(
    data: bytes,
    read: ReadOptions,
    failed: Callable[[Iterable[Issue], str, int | None], None],
) -> Iterator[tuple[Task, str, int | None]]:
    """The items of a NewsML-G2 newsMessage, read here (each with its warnings and place) and
    handed on to be encoded; an item that cannot be read fails with its place."""
    from newsitem.interop import newsml_g2

    try:
        parts = list(
            newsml_g2.iter_message(data, schema_dir=read.iptc_schemas, strict=read.mode == "strict")
        )
    except ParseError as exc:
        failed([exc.issue], "", None)
        return
    for part in parts:
        if part.decoded is None:
            failed(part.issues, part.where, part.line)
            continue
        yield (part.index + 1, part.decoded, "newsml-g2", part.line or 1), part.where, part.line


def _convert_all(
    entries: list[Entry],
    options: ConvertOptions,
    sink: Sink,
    report: ConvertReport,
    progress: Callable[[int], None] | None,
) -> None:
    target = options.to
    feed_out = isinstance(sink, StreamSink)
    pool: ProcessPoolExecutor | None = None
    if options.jobs > 1:
        pool = ProcessPoolExecutor(max_workers=options.jobs)
    in_flight: deque[
        tuple[
            Future[list[Outcome]] | list[Outcome],
            list[_Meta],
        ]
    ] = deque()
    seen_outputs: dict[PurePosixPath, str] = {}

    def drain(limit: int) -> None:
        while len(in_flight) > limit:
            pending, meta = in_flight.popleft()
            outcomes = pending.result() if isinstance(pending, Future) else pending
            for (_, data, issues, item_id), (result, planned, where, line, by_id) in zip(
                outcomes, meta, strict=True
            ):
                report.items += 1
                if data is None:
                    report.failed += 1
                    result.items.append(ItemResult(sorted(issues, key=_pos), where, line))
                    continue
                rel = planned
                if by_id:
                    if item_id:
                        rel = planned.with_name(safe_filename(item_id) + FORMS[target].extension)
                    owner = seen_outputs.get(rel)
                    if owner is not None:
                        report.failed += 1
                        message = f"output {rel} (id {item_id!r}) is also the output of {owner}"
                        issue = make_issue("NI113", f"{message}; not written")
                        result.items.append(ItemResult([issue], where, line))
                        continue
                    seen_outputs[rel] = f"{result.path} {where}".strip()
                try:
                    sink.put(rel, data)
                except OutputExistsError as exc:
                    report.failed += 1
                    result.items.append(ItemResult([make_issue("NI113", str(exc))], where, line))
                    continue
                except BrokenPipeError:
                    raise
                except OSError as exc:
                    raise InputError(f"cannot write output: {exc.strerror or exc}") from None
                report.converted += 1
                if issues:
                    result.items.append(ItemResult(sorted(issues, key=_pos), where, line))
            if progress is not None:
                progress(len(meta))

    chunk: list[Task] = []
    meta: list[_Meta] = []
    read = options.read

    def flush() -> None:
        nonlocal chunk, meta
        if not chunk:
            return
        if pool is not None:
            task = pool.submit(convert_chunk, chunk, target, read, options.transform)
            in_flight.append((task, meta))
            drain(2 * options.jobs)
        else:
            in_flight.append((convert_chunk(chunk, target, read, options.transform), meta))
            drain(0)
        chunk, meta = [], []

    try:
        for entry in entries:
            if entry.problem is not None:
                result = FileResult(entry.name, "archive member", [ItemResult([entry.problem])])
                report.results.append(result)
                report.items += 1
                report.failed += 1
                continue
            form = entry.form or sniff_entry(entry)
            result = FileResult(entry.name, form, [])
            report.results.append(result)
            many = FORMS[form].feed
            by_id = bool(many) and not feed_out and options.name_by == "id"
            for index, (task, where, line) in enumerate(
                _tasks(entry, form, options, result, report), start=1
            ):
                # One output stream needs no per-item names (and computing them costs ~15 us).
                rel = (
                    entry.rel if feed_out else _out_rel(entry.rel, target, index if many else None)
                )
                if not feed_out and not by_id:
                    owner = seen_outputs.get(rel)
                    if owner is not None:
                        report.items += 1
                        report.failed += 1
                        result.items.append(
                            ItemResult(
                                [
                                    make_issue(
                                        "NI113",
                                        f"output {rel} is also the output of {owner}; not written",
                                    )
                                ],
                                where,
                                line,
                            )
                        )
                        continue
                    seen_outputs[rel] = f"{entry.name} {where}".strip()
                chunk.append(task)
                meta.append((result, rel, where, line, by_id))
                if len(chunk) >= CHUNK_ITEMS:
                    flush()
        flush()
        drain(0)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


#: What the main process keeps of an item in flight: its file's results, its output name,
#: its place, its line, and whether its output is to be named by its id.
_Meta = tuple[FileResult, PurePosixPath, str, "int | None", bool]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_filename(text: str) -> str:
    """A file name for an item id: every character but ASCII letters, digits, ``.``, ``_``
    and ``-`` percent-encoded (UTF-8), so that distinct ids give distinct names; a leading dot
    is encoded too (no hidden files, no ``..``)."""
    encoded = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)
    if encoded.startswith("."):
        encoded = "%2E" + encoded[1:]
    return encoded[:200]


def _pos(issue: Issue) -> tuple[int, int]:
    return issue.line or 0, issue.column or 0


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
