"""Engines: checking and converting planned partitions on a process pool or a Dask cluster.

The client plans (``newsitem.plan``), hands partitions to an *executor* and puts the results
back in input order; workers read their partitions and write their outputs themselves. Reports
are those of a one-process run: the same issues with the same files, lines and places.

- ``local``: this machine, ``jobs`` processes (one: in this process);
- ``dask``: a Dask cluster (``scheduler`` address, ``$NEWSITEM_DASK_SCHEDULER``, else a
  ``LocalCluster`` of ``jobs`` workers); needs ``pip install 'newsitem[dask]'``.

Converting with an engine writes feed forms and Parquet: to one file (``-o FILE`` or standard
output, the client joining the partitions' items in order) or to a directory holding one file
per partition and ``_manifest.json`` (partitions, item counts, sizes, SHA-256).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

from newsitem.errors import InputError, UsageError
from newsitem.plan import (
    COLUMNAR_FORMS,
    DEFAULT_SPAN_BYTES,
    MANIFEST,
    Part,
    Piece,
    Plan,
    cpu_count,
    is_remote,
    is_url,
    plan_inputs,
    with_offsets,
)
from newsitem.sources import DEFAULT_LIMITS, Limits, Selection

if TYPE_CHECKING:  # the rest is imported when used: `validate` without an engine stays light
    from newsitem.check import CheckOptions, CheckReport, FileResult
    from newsitem.codecs import ReadOptions
    from newsitem.convert import ConvertReport
    from newsitem.engines.tasks import EntryOutcome as Checked

__all__ = [
    "ENGINES",
    "MANIFEST",
    "Checked",
    "EngineOptions",
    "check_inputs",
    "check_run",
    "convert_inputs",
    "wanted",
]


def __getattr__(name: str) -> Any:
    """``Checked``, the results of one input file in input order, is the record the workers
    send back (``tasks.EntryOutcome``); imported when asked for, like the rest of the work."""
    if name == "Checked":
        from newsitem.engines.tasks import EntryOutcome

        return EntryOutcome
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ENGINES = ("local", "dask")
SCHEDULER_ENV = "NEWSITEM_DASK_SCHEDULER"
#: A URL that went through ``pathlib.Path`` (``s3://b/k`` reads ``s3:/b/k``).
_URL_IN_PATH = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/(?!/)")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Where the work runs."""

    engine: str = "local"
    #: processes on this machine (local), or workers of a LocalCluster (dask)
    jobs: int = 1
    #: a Dask scheduler's address (``tcp://host:8786``); None: $NEWSITEM_DASK_SCHEDULER, else
    #: a LocalCluster
    scheduler: str | None = None
    span_bytes: int = DEFAULT_SPAN_BYTES
    files_per_part: int = 256


class Executor(Protocol):
    """Runs a function over partitions, results in order."""

    workers: int

    def map(self, fn: Callable[..., T], items: Sequence[Any], *args: Any) -> Iterator[T]:
        """``fn(item, *args)`` for every item, yielded in the items' order."""

    def close(self) -> None:
        """Stop what the executor started."""


def wanted(
    options: EngineOptions,
    *forms: str | None,
    local_jobs: bool = True,
    paths: Sequence[str | Path | None] = (),
) -> bool:
    """True when a command must run through an engine: the Dask engine, Parquet on either
    side, a path given as a URL, or (``local_jobs``) more than one local process."""
    return (
        options.engine != "local"
        or (local_jobs and options.jobs > 1)
        or any(f in COLUMNAR_FORMS for f in forms if f)
        or any(p is not None and is_url(_URL_IN_PATH.sub(r"\1://", str(p))) for p in paths)
    )


def open_executor(options: EngineOptions) -> Executor:
    """The executor the options ask for.

    Raises:
        UsageError: unknown engine, or the Dask engine without its extra installed.
    """
    if options.engine == "local":
        from newsitem.engines.local import LocalExecutor

        return LocalExecutor(options.jobs)
    if options.engine == "dask":
        try:
            from newsitem.engines.dask_engine import DaskExecutor
        except ImportError as exc:
            raise UsageError(
                f"--engine dask needs the dask extra ({exc.name or exc} is missing): "
                "pip install 'newsitem[dask]'"
            ) from None
        scheduler = options.scheduler or os.environ.get(SCHEDULER_ENV) or None
        return DaskExecutor(scheduler, options.jobs)
    raise UsageError(f"unknown engine {options.engine!r}; choose one of {', '.join(ENGINES)}")


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What a command reads: its paths, and how (as ``plan.plan_inputs`` takes them)."""

    paths: Sequence[str]
    selection: Selection | None
    forced_form: str | None
    limits: Limits
    stdin: Callable[[], bytes] | None


def _plan(executor: Executor, inputs: _Inputs, options: EngineOptions) -> Plan:
    from newsitem.engines.tasks import count_task

    limits = inputs.limits
    plan = plan_inputs(
        inputs.paths,
        selection=inputs.selection,
        forced_form=inputs.forced_form,
        limits=limits,
        span_bytes=options.span_bytes,
        min_spans=executor.workers * 2 if executor.workers > 1 else 1,
        files_per_part=options.files_per_part,
        stdin=inputs.stdin,
    )
    keys = plan.spans
    if keys:
        pieces = [plan.parts[p].pieces[q] for p, q in keys]
        counts = list(executor.map(count_task, pieces, limits))
        plan = with_offsets(plan, counts)
    return plan


# --- validate ----------------------------------------------------------------------------------


def check_inputs(
    paths: Sequence[str],
    *,
    options: EngineOptions,
    selection: Selection | None = None,
    forced_form: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_valid: bool = True,
    read: ReadOptions | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> Iterator[Checked | InputError]:
    """Check the inputs through an engine: one ``Checked`` per file in input order, or the
    ``InputError`` of an input that cannot be read (the others are still checked).

    Raises:
        UsageError: the engine cannot be started (raised at once, not while iterating).
    """
    from newsitem.codecs import DEFAULT_READ

    executor = open_executor(options)
    inputs = _Inputs(paths, selection, forced_form, limits, stdin)
    return _check(executor, inputs, options, keep_valid, read or DEFAULT_READ)


def _check(
    executor: Executor,
    inputs: _Inputs,
    options: EngineOptions,
    keep_valid: bool,
    read: ReadOptions,
) -> Iterator[Checked | InputError]:
    from newsitem.engines.tasks import check_part

    limits = inputs.limits
    try:
        plan = _plan(executor, inputs, options)
        outcomes = executor.map(check_part, plan.parts, limits, keep_valid, read)

        def again(piece: Piece) -> Any:
            whole = Part(-1, (replace(piece, span=None),))
            return next(iter(executor.map(check_part, [whole], limits, keep_valid, read)))

        yield from _in_order(plan, outcomes, again, _checked)
    except (InputError, UsageError) as exc:  # the cluster failed: said as the last result
        yield InputError(str(exc))
    finally:
        executor.close()


def _checked(entry: Checked) -> Checked | InputError:
    return entry if entry.error is None else InputError(entry.error)


def _in_order(
    plan: Plan,
    outcomes: Iterator[Any],
    again: Callable[[Piece], Any],
    make: Callable[[Any], T],
) -> Iterator[T | InputError]:
    """The entries of the partitions' outcomes in input order: problems of listing at their
    places, the ranges of one feed joined (or, when one range could not be trusted, the feed
    read again whole)."""
    problems = sorted(plan.problems)
    feed: list[Any] = []
    feed_piece: Piece | None = None

    def finish() -> Iterator[T | InputError]:
        nonlocal feed, feed_piece
        if not feed or feed_piece is None:
            return
        if all(e.clean for e in feed):
            joined = feed[0]
            for more in feed[1:]:
                joined.items.extend(more.items)
                joined.dropped += more.dropped
                if more.error and not joined.error:
                    joined.error = more.error
            yield make(joined)
        else:
            for entry in again(feed_piece).entries:
                yield make(entry)
        feed, feed_piece = [], None

    for number, (part, outcome) in enumerate(zip(plan.parts, outcomes, strict=True)):
        while problems and problems[0][0] <= number:
            yield from finish()
            yield InputError(problems.pop(0)[1])
        piece = part.pieces[0]
        if piece.span is not None:
            if feed_piece is not None and feed_piece.source.url != piece.source.url:
                yield from finish()
            feed_piece = feed_piece or piece
            feed.extend(outcome.entries)
            if piece.span.last:
                yield from finish()
            continue
        yield from finish()
        for entry in outcome.entries:
            yield make(entry)
    yield from finish()
    for _, message in problems:
        yield InputError(message)


def check_run(
    paths: Sequence[str],
    options: CheckOptions,
    engine: EngineOptions,
    *,
    selection: Selection | None = None,
    forced_form: str | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> CheckReport:
    """``check.run`` through an engine, from paths (local, ``file://`` or fsspec URLs).

    The report is the one ``check.run`` gives for the same inputs, files in input order.

    Raises:
        UsageError: the engine cannot be started.
    """
    from newsitem.check import CheckReport, FileResult, Unreadable

    started = time.perf_counter()
    report = CheckReport()
    for got in check_inputs(
        paths,
        options=engine,
        selection=selection,
        forced_form=forced_form,
        limits=options.limits,
        keep_valid=options.keep_valid,
        read=options.read,
        stdin=stdin,
    ):
        if isinstance(got, InputError):
            report.unreadable.append(Unreadable(_named(got), str(got)))
            continue
        report.add_file(
            FileResult(got.name, got.kind, []),
            got.results(),
            keep_valid=options.keep_valid,
            on_file=on_file,
        )
    report.seconds = time.perf_counter() - started
    return report


def _named(error: InputError) -> str:
    """The input an error names (its message starts with it)."""
    return str(error).split(": ", 1)[0]


# --- convert -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Output:
    """Where a conversion through an engine writes."""

    to: str
    directory: str | None
    file: Path | None

    @property
    def remote(self) -> bool:
        return self.directory is not None and is_remote(self.directory)


def _output(to: str, output: Path | str | None) -> _Output:
    if to not in {"jsonl", "xml-feed", "parquet"}:
        raise UsageError(
            f"this conversion writes a feed or Parquet (--to jsonl, xml-feed or parquet), not "
            f"{to}: one file per item is written by --engine local from other forms"
        )
    if output is None:
        if to == "parquet":
            raise UsageError("Parquet is written to a directory: give -o DIRECTORY")
        return _Output(to, None, None)
    text = _URL_IN_PATH.sub(r"\1://", str(output))  # Path("s3://b/k") reads "s3:/b/k"
    if is_remote(text):
        return _Output(to, text.rstrip("/"), None)
    path = Path(text)
    # A directory: Parquet always; a feed when -o is a directory or a name without extension.
    if to == "parquet" or path.is_dir() or text.endswith(("/", os.sep)) or not path.suffix:
        return _Output(to, str(path), None)
    return _Output(to, None, path)


def _prepare_directory(out: _Output, force: bool, to: str) -> None:
    """Make the output directory; refuse one that holds an earlier run's outputs unless
    ``force`` (then they are removed first, so that no stale partition remains)."""
    from newsitem.engines.tasks import part_file

    assert out.directory is not None
    if out.remote:
        import fsspec

        fs, root = fsspec.core.url_to_fs(out.directory)
        old = [p for p in fs.glob(f"{root.rstrip('/')}/part-*") if not p.endswith(MANIFEST)]
        if fs.exists(f"{root}/{MANIFEST}") or old:
            if not force:
                raise UsageError(f"{out.directory}: holds outputs (use --force to overwrite)")
            for name in [*old, f"{root}/{MANIFEST}"]:
                if fs.exists(name):
                    fs.rm(name)
        fs.makedirs(root, exist_ok=True)
        return
    root = Path(out.directory)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{root}: cannot create directory ({exc.strerror or exc})") from None
    old = [p for p in root.glob("part-*") if p.is_file()]
    manifest = root / MANIFEST
    if manifest.exists() or old:
        if not force:
            raise UsageError(f"{root}: holds outputs (use --force to overwrite)")
        for path in [*old, manifest]:
            path.unlink(missing_ok=True)
    del part_file, to


def convert_inputs(
    paths: Sequence[str],
    *,
    to: str,
    output: Path | str | None,
    options: EngineOptions,
    selection: Selection | None = None,
    forced_form: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    read: ReadOptions | None = None,
    force: bool = False,
    stdout: BinaryIO | None = None,
    progress: Callable[[int], None] | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> ConvertReport:
    """Convert the inputs through an engine; the report is that of ``convert.run``.

    Raises:
        UsageError: the output cannot hold what is asked, or the engine cannot be started.
        InputError: an input cannot be read.
    """
    from newsitem.check import FileResult
    from newsitem.codecs import DEFAULT_READ
    from newsitem.convert import ConvertReport
    from newsitem.engines.tasks import ConvertJob, PartOutcome, convert_part

    started = time.perf_counter()
    out = _output(to, output)
    if out.file is not None and out.file.exists() and not force:
        raise UsageError(f"{out.file}: exists (use --force to overwrite)")
    executor = open_executor(options)
    report = ConvertReport()
    try:
        plan = _plan(executor, _Inputs(paths, selection, forced_form, limits, stdin), options)
        if plan.problems:
            raise InputError(plan.problems[0][1])
        if not plan.parts:
            raise UsageError("no input files found (check the paths and --include/--exclude)")
        if out.directory is not None:
            _prepare_directory(out, force, to)
        job = ConvertJob(to, read or DEFAULT_READ, limits, out.directory)
        outcomes = executor.map(convert_part, plan.parts, job)
        written: list[Any] = []
        redone: dict[int, PartOutcome] = {}

        def again(piece: Piece) -> PartOutcome:
            first = next(p.index for p in plan.parts if p.pieces[0].source.url == piece.source.url)
            whole = Part(first, (replace(piece, span=None),))
            done = next(iter(executor.map(convert_part, [whole], job)))
            redone[first] = done
            return done

        seen: list[PartOutcome] = []

        def tally(outcomes: Iterator[PartOutcome]) -> Iterator[PartOutcome]:
            for outcome in outcomes:
                seen.append(outcome)
                if progress is not None:
                    progress(outcome.items)
                yield outcome

        entries = _in_order(plan, tally(outcomes), again, lambda e: e)
        for entry in entries:
            if isinstance(entry, InputError):
                raise entry
            if entry.error is not None:
                raise InputError(entry.error)
            if entry.items:
                report.results.append(FileResult(entry.name, entry.kind, entry.items))
        final = _final_outcomes(plan, seen, redone)
        for outcome in final:
            report.items += outcome.items
            report.converted += outcome.converted
            report.failed += outcome.failed
        if out.directory is not None:
            written = [o.output for o in final if o.output is not None]
            _drop_replaced(out, plan, seen, final)
            _write_manifest(out, written, plan, final)
            report.written = sum(o.items for o in written)
        else:
            report.written = _join(out, final, stdout, force)
    finally:
        executor.close()
    report.seconds = time.perf_counter() - started
    return report


def _final_outcomes(plan: Plan, seen: list[Any], redone: dict[int, Any]) -> list[Any]:
    """The outcomes that make the output: a feed read again whole replaces its ranges."""
    final: list[Any] = []
    skip_url: str | None = None
    for part, outcome in zip(plan.parts, seen, strict=True):
        piece = part.pieces[0]
        if piece.span is not None and skip_url == piece.source.url:
            continue
        skip_url = None
        if part.index in redone:
            final.append(redone[part.index])
            skip_url = piece.source.url
            continue
        final.append(outcome)
    return final


def _drop_replaced(out: _Output, plan: Plan, seen: list[Any], final: list[Any]) -> None:
    """Remove the files of ranges whose feed was read again whole."""
    kept = {o.output.file for o in final if o.output is not None}
    stale = [o.output.file for o in seen if o.output is not None and o.output.file not in kept]
    assert out.directory is not None
    for name in stale:
        if out.remote:
            import fsspec

            fs, root = fsspec.core.url_to_fs(out.directory)
            fs.rm(f"{root}/{name}")
        else:
            (Path(out.directory) / name).unlink(missing_ok=True)
    del plan


def _write_manifest(out: _Output, written: list[Any], plan: Plan, final: list[Any]) -> None:
    from newsitem import __version__
    from newsitem._atomic import write_atomic

    del plan, final
    doc = {
        "newsitem": __version__,
        "form": out.to,
        "items": sum(o.items for o in written),
        "partitions": [
            {"file": o.file, "items": o.items, "bytes": o.bytes, "sha256": o.sha256}
            for o in written
        ],
    }
    data = (json.dumps(doc, indent=2) + "\n").encode()
    assert out.directory is not None
    if out.remote:
        from newsitem.engines.tasks import _write

        _write(out.directory, MANIFEST, data)
    else:
        write_atomic(Path(out.directory) / MANIFEST, data, force=True)


def _join(out: _Output, final: list[Any], stdout: BinaryIO | None, force: bool) -> int:
    """Write the partitions' items as one file (atomically) or to standard output."""
    from newsitem._atomic import atomic_writer

    count = 0
    header = footer = b""
    if out.to == "xml-feed":
        from newsitem.codecs import xml_codec

        header, footer = xml_codec.feed_header(), xml_codec.feed_footer()

    def put(stream: BinaryIO) -> None:
        nonlocal count
        stream.write(header)
        for outcome in final:
            stream.write(outcome.data or b"")
            count += outcome.converted
        stream.write(footer)
        stream.flush()

    if out.file is None:
        if stdout is None:
            raise UsageError("no output stream")
        put(stdout)
        return count
    if not any(o.converted for o in final) and any(o.failed for o in final):
        return 0  # nothing to write: an empty feed would hide that every item failed
    try:
        with atomic_writer(out.file, force=force) as stream:
            put(stream)
    except OSError as exc:
        raise UsageError(f"{out.file}: cannot write ({exc.strerror or exc})") from None
    return count


def default_jobs() -> int:
    """The number of cores this process may use."""
    return cpu_count()
