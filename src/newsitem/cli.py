"""The ``newsitem`` command line: option parsing only; the work is done by the library.

Exit codes: 0 all valid, 1 problems found, 2 usage error, unreadable input or unwritable output.
Results go to stdout, progress and diagnostics to stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from newsitem.check import CheckOptions, CheckReport, FileResult
    from newsitem.codecs import ReadOptions
    from newsitem.config import CodeSelection
    from newsitem.convert import ConvertOptions, ConvertReport
    from newsitem.engines import EngineOptions
    from newsitem.sources import Limits, Selection

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: The status of a run whose reader closed standard output early (``| head -1``): quiet, as
#: a Unix tool killed by SIGPIPE shows in the shell (128 + 13).
EXIT_PIPE_CLOSED = 141

app = typer.Typer(
    name="newsitem",
    help="Validate and convert news items: newsitem JSON and XML, JSON Lines and XML feeds, "
    "raw page text, and the IPTC formats (ninjs, NewsML-G2, NITF).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from newsitem import __version__
        from newsitem.schemas import KNOWN_VERSIONS

        typer.echo(f"newsitem {__version__} (formats {', '.join(KNOWN_VERSIONS)})")
        raise typer.Exit


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """The options before the command (``newsitem --version``)."""


class OutputFormat(StrEnum):
    """Report formats."""

    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


class FormName(StrEnum):
    """The forms an item can be read from and written in (``newsitem.forms.FORMS``)."""

    json = "json"
    jsonl = "jsonl"
    xml = "xml"
    xml_feed = "xml-feed"
    text = "text"
    ninjs1 = "ninjs1"
    ninjs = "ninjs"
    ninjs3 = "ninjs3"
    newsml_g2 = "newsml-g2"
    newsml_g2_message = "newsml-g2-message"
    nitf = "nitf"
    parquet = "parquet"


class NameBy(StrEnum):
    """How the items of a split feed are named."""

    by_index = "index"
    by_id = "id"


def _die(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"newsitem: error: {message}", err=True)
    raise typer.Exit(code)


#: Reports are written and flushed in pieces of this many characters.
_WRITE_CHUNK = 64 * 1024


def _write(text: str) -> None:
    # Written in flushed pieces so that a reader that closed the pipe is noticed here: one
    # large write into a closed pipe can end as a short write that is not reported, and a
    # failing flush at exit would become click's silent exit 1.
    try:
        for start in range(0, len(text), _WRITE_CHUNK):
            sys.stdout.write(text[start : start + _WRITE_CHUNK])
            sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()
    except OSError as exc:
        _stdout_failed(exc)


def _silence_stdout() -> None:
    # Point stdout at /dev/null so that the interpreter's final flush cannot fail again.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _stdout_closed() -> NoReturn:
    """The reader closed the pipe (``| head -1``): normal; stop quietly with status 141."""
    _silence_stdout()
    raise typer.Exit(EXIT_PIPE_CLOSED)


def _stdout_failed(exc: OSError) -> NoReturn:
    """Standard output cannot be written (a full disk, a closed descriptor): one line, exit 2."""
    _silence_stdout()
    typer.echo(
        f"newsitem: error: cannot write standard output: {exc.strerror or exc}; output incomplete",
        err=True,
    )
    raise typer.Exit(EXIT_USAGE)


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories, archives (.tar, .tar.gz, .zip), feeds, or - for stdin.",
        show_default=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors; no summary.")]
Include = Annotated[
    list[str] | None,
    typer.Option("--include", help="Glob of files to take from directories (repeatable)."),
]
Exclude = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Glob of files to skip in directories (repeatable)."),
]
IptcSchemas = Annotated[
    Path | None,
    typer.Option(
        "--iptc-schemas",
        help="Folder with the IPTC schemas (ninjs, newsml-g2, nitf) for checking IPTC inputs; "
        "default: $NEWSITEM_IPTC_SCHEMAS.",
    ),
]


class EngineName(StrEnum):
    """Where the work runs (``newsitem.engines``)."""

    local = "local"
    dask = "dask"


Engine = Annotated[
    EngineName,
    typer.Option(
        "--engine",
        help="local: this machine (--jobs processes); dask: a Dask cluster "
        "(pip install 'newsitem[dask]').",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786); default: $NEWSITEM_DASK_SCHEDULER, "
        "else a local cluster of --jobs workers.",
    ),
]


_DEFAULT_ITEM_BYTES = 16 * 1024 * 1024
_DEFAULT_ITEMS = 10_000_000
_DEFAULT_MEMBER_BYTES = 512 * 1024 * 1024
_DEFAULT_RATIO = 200.0


def _option(name: str, kind: Any, default: object, *decls: str, **info: Any) -> inspect.Parameter:
    """A keyword-only command parameter declaring one option (typer reads its annotation)."""
    annotation = Annotated[kind, typer.Option(*decls, **info)]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


#: The input-limit options, each named after the ``sources.Limits`` field it sets.
_LIMIT_OPTIONS = (
    _option(
        "max_item_bytes",
        int,
        _DEFAULT_ITEM_BYTES,
        "--max-item-bytes",
        min=1,
        help="Largest document or feed line, in bytes.",
    ),
    _option(
        "max_items",
        int,
        _DEFAULT_ITEMS,
        "--max-items",
        min=1,
        help="Most items read from one feed.",
    ),
    _option(
        "max_member_bytes",
        int,
        _DEFAULT_MEMBER_BYTES,
        "--max-member-bytes",
        min=1,
        help="Largest archive member, in bytes.",
    ),
    _option(
        "max_expansion_ratio",
        float,
        _DEFAULT_RATIO,
        "--max-expansion-ratio",
        min=1,
        help="Most an archive may expand, as a multiple of its size.",
    ),
)

#: The options that choose the issue codes that count (with the configuration file).
_CODE_OPTIONS = (
    _option(
        "select",
        list[str] | None,
        None,
        "--select",
        show_default=False,
        help="Report only these codes or code prefixes (NI5 = NI500-NI599; comma-separated "
        "or repeated; replaces the config file's).",
    ),
    _option(
        "ignore",
        list[str] | None,
        None,
        "--ignore",
        show_default=False,
        help="Do not report these codes or prefixes (replaces the config file's).",
    ),
    _option(
        "warnings_as_errors",
        bool,
        False,
        "--warnings-as-errors",
        help="A reported warning makes its item invalid.",
    ),
    _option(
        "exit_zero",
        bool,
        False,
        "--exit-zero",
        help="Exit 0 even when problems are found (unreadable: 2).",
    ),
    _option(
        "config",
        Path | None,
        None,
        "--config",
        show_default=False,
        help="Read settings from this file (default: the nearest newsitem.toml, or "
        "pyproject.toml with a tool.newsitem table, upwards from here).",
    ),
    _option("isolated", bool, False, "--isolated", help="Ignore every configuration file."),
)


def _option_group(
    name: str, options: tuple[inspect.Parameter, ...], make: Callable[..., object]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A decorator that gives a command ``options`` in place of its parameter ``name``, which
    receives ``make(**values of the options)``: options that make one value are declared once
    and read in one place, whichever command takes them."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        # The group's parameter is annotated with a name imported for type checking only.
        signature = inspect.signature(
            command, eval_str=True, locals={"Limits": None, "CodeSelection": None}
        )
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            parameters += options if parameter.name == name else [parameter]

        @functools.wraps(command)
        def with_group(**values: Any) -> None:
            made = make(**{option.name: values.pop(option.name) for option in options})
            command(**{name: made}, **values)

        # typer reads the options from the signature and the annotations
        with_group.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        with_group.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
        return with_group

    return decorate


def _code_selection(
    select: list[str] | None,
    ignore: list[str] | None,
    warnings_as_errors: bool,
    exit_zero: bool,
    config: Path | None,
    isolated: bool,
) -> CodeSelection:
    """The code selection of the configuration file (unless --isolated) with the
    command-line values in place of the file's."""
    from newsitem.config import CodeSelection, ConfigError, find_config, load_config, parse_codes

    try:
        if config is not None and isolated:
            _die("--config and --isolated exclude each other")
        if config is not None and not config.is_file():
            _die(f"--config {config}: no such file")
        found = None if isolated else (config or find_config(Path.cwd()))
        base = load_config(found) if found is not None else CodeSelection()
        return base.override(
            select=None if select is None else parse_codes(select, where="--select"),
            ignore=None if ignore is None else parse_codes(ignore, where="--ignore"),
            warnings_as_errors=True if warnings_as_errors else None,
            exit_zero=True if exit_zero else None,
        )
    except ConfigError as exc:
        _die(str(exc))


def _make_limits(**values: Any) -> Limits:
    from newsitem.sources import Limits

    return Limits(**values)


@app.command()
@_option_group("codes", _CODE_OPTIONS, _code_selection)
@_option_group("limits", _LIMIT_OPTIONS, _make_limits)
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, archives, or - for standard input.", show_default=False
        ),
    ],
    form: Annotated[
        FormName | None, typer.Option("--format", "-f", help="Read every input as this form.")
    ] = None,
    include: Include = None,
    exclude: Exclude = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--output-format", help="Report format (default: text).", show_default=False),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
    quiet: Quiet = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list valid items.")
    ] = False,
    *,
    codes: CodeSelection,
    iptc_schemas: IptcSchemas = None,
    limits: Limits,
    as_version: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Validate as a consumer that knows only the versions up to this one: the "
            "fields of newer minor versions are warnings (NI121), not errors.",
        ),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Processes; a large feed is split.", min=1)
    ] = 1,
    engine: Engine = EngineName.local,
    scheduler: Scheduler = None,
) -> None:
    """Validate news items and report every problem with its code and place.

    Which codes count comes from --select/--ignore/--warnings-as-errors/--exit-zero, or else
    from the tool.newsitem table of pyproject.toml or a newsitem.toml found upwards from here.
    Exit status: 0 all valid, 1 problems found, 2 usage error or unreadable input.
    """
    from newsitem import __version__
    from newsitem.check import CheckOptions, collect_entries, run
    from newsitem.reporters import REPORTERS, STREAMING, ReportOptions, Summary
    from newsitem.sources import Selection

    _check_version(as_version)
    report_path: Path | None = None
    if output is not None and output_format is None and output in OutputFormat.__members__:
        typer.echo(
            f"newsitem: warning: --output {output} as a report format is deprecated and will "
            f"be removed in the next release; use --output-format {output}",
            err=True,
        )
        output_format = OutputFormat(output)
    elif output is not None:
        report_path = Path(output)
    fmt = output_format or OutputFormat.text
    read = dataclasses.replace(_read_options(limits, iptc_schemas), as_version=as_version)
    options = ReportOptions(
        verbose=verbose,
        quiet=quiet,
        color=report_path is None and _use_color(),
        version=__version__,
    )
    stream_out = None if report_path is not None else STREAMING.get(fmt.value)
    keep_valid = verbose or fmt in {OutputFormat.json, OutputFormat.junit}
    selection = Selection(include or (), exclude or ())
    engine_options = _engine_options(engine, scheduler, jobs, form, paths=paths)
    entries, unreadable = (
        ([], [])
        if engine_options
        else collect_entries(
            paths,
            selection=selection,
            forced_form=form.value if form else None,
            limits=limits,
        )
    )

    def streamed(result: FileResult) -> None:
        if stream_out is not None:
            _write(stream_out(codes.apply_file(result), options))

    check_options = CheckOptions(
        limits=limits, read=read, keep_valid=keep_valid or stream_out is None
    )
    with _progress(quiet, "checking", len(entries) or None) as tick:
        on_file = _ticking(streamed, tick) if tick else streamed
        report = (
            _engine_check(engine_options, paths, selection, form, check_options, on_file=on_file)
            if engine_options
            else run(entries, check_options, on_file=on_file)
        )
    report = codes.apply_report(report)
    unreadable += report.unreadable
    for problem in unreadable:
        typer.echo(f"newsitem: error: {problem.reason}", err=True)
    summary = Summary.of(report, len(unreadable))
    if report.checked_files == 0 and not unreadable:
        _die("no input files found (check the paths and --include/--exclude)")
    if stream_out is not None:
        from newsitem.reporters import github_report, summary_line

        if fmt is OutputFormat.github:
            _write(github_report([], summary, options, unreadable))
        elif not quiet:
            _write(summary_line(summary) + "\n")
    else:
        text = REPORTERS[fmt.value](report.files, summary, options, unreadable)
        if report_path is None:
            _write(text)
        else:
            _write_report(report_path, text)
    if unreadable:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PROBLEMS if summary.invalid and not codes.exit_zero else EXIT_OK)


def _ticking(
    on_file: Callable[[FileResult], None], tick: Callable[[int], None]
) -> Callable[[FileResult], None]:
    def both(result: FileResult) -> None:
        on_file(result)
        tick(1)

    return both


def _write_report(path: Path, text: str) -> None:
    """Write a report file atomically (a failed run leaves no partial report)."""
    from newsitem._atomic import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"), force=True)
    except OSError as exc:
        _die(f"cannot write the report {path}: {exc.strerror or exc}")


def _read_options(limits: Limits, iptc_schemas: Path | None) -> ReadOptions:
    """How to read documents: the size limit, and the IPTC schema folder from --iptc-schemas
    or, when that is not given, from $NEWSITEM_IPTC_SCHEMAS (read here, never written)."""
    from newsitem.codecs import ReadOptions

    origin = "--iptc-schemas"
    if iptc_schemas is None and os.environ.get("NEWSITEM_IPTC_SCHEMAS"):
        iptc_schemas = Path(os.environ["NEWSITEM_IPTC_SCHEMAS"])
        origin = "NEWSITEM_IPTC_SCHEMAS"
    if iptc_schemas is not None and not iptc_schemas.is_dir():
        _die(f"the IPTC schema folder {iptc_schemas} ({origin}) does not exist or is not a folder")
    return ReadOptions(max_bytes=limits.max_item_bytes, iptc_schemas=iptc_schemas)


@app.command()
@_option_group("limits", _LIMIT_OPTIONS, _make_limits)
def convert(
    inputs: Inputs,
    to: Annotated[FormName, typer.Option("--to", "-t", help="The form to write.")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="A file, a directory (an existing one, or a name ending in /), or an archive "
            "(.tar, .tar.gz, .zip); default: stdout.",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        FormName | None, typer.Option("--from", "-f", help="Read every input as this form.")
    ] = None,
    force: Force = False,
    name_by: Annotated[
        NameBy,
        typer.Option(
            "--name-by",
            help="Name the files of a feed split into a directory or archive by place "
            "(000001.json) or by item id (safe-filename-encoded; same id twice: reported).",
        ),
    ] = NameBy.by_index,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes (default: all cores).", min=1),
    ] = None,
    validate_items: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate", help="Validate every item on the way (JSON inputs)."
        ),
    ] = True,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Read strictly: an IPTC input that breaks its own IPTC schema fails "
            "(default: imported with NI508 warnings).",
        ),
    ] = False,
    include: Include = None,
    exclude: Exclude = None,
    quiet: Quiet = False,
    iptc_schemas: IptcSchemas = None,
    *,
    limits: Limits,
    engine: Engine = EngineName.local,
    scheduler: Scheduler = None,
) -> None:
    """Convert items, feeds, directories and archives between forms.

    Each output file is written atomically; existing outputs are kept unless --force. Items that
    fail are reported with their place and the rest still convert (exit 1).
    """
    from newsitem.convert import ConvertOptions, default_jobs, run
    from newsitem.sources import Selection, iter_entries

    out = _output_target(output)
    if out is not None:
        _refuse_output_inside_inputs(out, inputs)
    options = ConvertOptions(
        to=to.value,
        output=out,
        force=force,
        jobs=jobs or default_jobs(),
        limits=limits,
        read=dataclasses.replace(
            _read_options(limits, iptc_schemas),
            validate=validate_items,
            mode="strict" if strict else "lax",
        ),
        name_by=name_by.value,
    )
    selection = Selection(include or (), exclude or ())
    with _conversion_errors():
        report = _engine_convert(engine, scheduler, inputs, options, selection, source, quiet)
        entries = (
            []
            if report
            else list(
                iter_entries(
                    inputs,
                    selection=selection,
                    forced_form=source.value if source else None,
                    limits=limits,
                )
            )
        )
        if not report and not entries:
            _die("no input files found (check the paths and --include/--exclude)")
        with _progress(quiet) as tick:
            report = report or run(entries, options, stdout=sys.stdout.buffer, progress=tick)
    _conversion_end(
        report,
        quiet,
        f"{report.items} item(s): {report.converted} converted, {report.failed} failed; "
        f"{report.written} output(s) written ({report.seconds:.2f}s)",
    )


@contextlib.contextmanager
def _conversion_errors() -> Iterator[None]:
    """How a conversion stops: quietly (141) when the reader of standard output is gone, on
    one line (exit 2) for a usage or input error and for an output that cannot be written."""
    from newsitem.errors import InputError, UsageError

    try:
        yield
    except BrokenPipeError:
        _stdout_closed()
    except (UsageError, InputError) as exc:
        _die(str(exc))
    except OSError as exc:
        _die(f"cannot write output: {exc.strerror or exc}")


def _conversion_end(report: ConvertReport, quiet: bool, totals: str) -> NoReturn:
    """Report the files with problems on stderr (errors always, warnings such as what was
    guessed unless -q), then the totals unless -q; exit 1 when an item failed."""
    from newsitem.reporters import ReportOptions, text_lines

    err = ReportOptions(quiet=quiet, color=sys.stderr.isatty() and not os.environ.get("NO_COLOR"))
    for result in report.results:
        if result.items:
            sys.stderr.write(text_lines(result, err))
    if not quiet:
        sys.stderr.write(totals + "\n")
    raise typer.Exit(EXIT_PROBLEMS if report.failed else EXIT_OK)


def _engine_options(
    engine: EngineName,
    scheduler: str | None,
    jobs: int,
    *forms: FormName | None,
    paths: list[str],
    local_jobs: bool = True,
) -> EngineOptions | None:
    """The engine a command runs on (``newsitem.engines``), or None for a plain run."""
    plain = engine is EngineName.local and jobs == 1 and not any(forms)
    if plain and not any(":/" in path for path in paths):  # no URL: ``engines.wanted`` is no,
        return None  # and a plain run (the common one) does not import the engines
    from newsitem import engines

    options = engines.EngineOptions(engine.value, jobs, scheduler)
    names = [f.value for f in forms if f]
    wanted = engines.wanted(options, *names, local_jobs=local_jobs, paths=paths)
    return options if wanted else None


def _engine_check(
    engine: EngineOptions,
    paths: list[str],
    selection: Selection,
    form: FormName | None,
    options: CheckOptions,
    *,
    on_file: Callable[..., None],
) -> CheckReport:
    """``check.run`` on an engine, from the paths (the engine's workers read them)."""
    from newsitem import engines
    from newsitem.errors import UsageError

    try:
        return engines.check_run(
            paths,
            options,
            engine,
            selection=selection,
            forced_form=form.value if form else None,
            on_file=on_file,
            stdin=sys.stdin.buffer.read,
        )
    except UsageError as exc:
        _die(str(exc))


def _engine_convert(
    engine: EngineName,
    scheduler: str | None,
    inputs: list[str],
    options: ConvertOptions,
    selection: Selection,
    source: FormName | None,
    quiet: bool,
) -> ConvertReport | None:
    """Convert on an engine (Dask, or Parquet on either side), or None for a plain run."""
    from newsitem import engines

    engine_options = _engine_options(
        engine,
        scheduler,
        options.jobs,
        source,
        FormName(options.to),
        paths=[*inputs, str(options.output or "")],
        local_jobs=False,
    )
    if engine_options is None:
        return None
    with _progress(quiet) as tick:
        return engines.convert_inputs(
            inputs,
            to=options.to,
            output=options.output,
            options=engine_options,
            selection=selection,
            forced_form=source.value if source else None,
            limits=options.limits,
            read=options.read,
            force=options.force,
            stdout=sys.stdout.buffer,
            progress=tick,
            stdin=sys.stdin.buffer.read,
        )


def _output_target(output: str | None) -> Path | None:
    """The output path of ``-o``; a name ending in a slash is a directory (created here, so
    that even a single item goes into it)."""
    if output is None:
        return None
    path = Path(output)
    if output.endswith(("/", os.sep)) and not path.is_dir():
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            _die(f"{output}: cannot create directory ({exc.strerror or exc})")
    return path


def _refuse_output_inside_inputs(output: Path, inputs: list[str]) -> None:
    target = output.resolve()
    for raw in inputs:
        if raw == "-":
            continue
        source = Path(raw).resolve()
        if source.is_dir() and (target == source or source in target.parents):
            _die(f"the output {output} is inside the input directory {raw}; choose another place")
        if source == target:
            _die(f"the output {output} is the input itself")


def _progress(
    quiet: bool, label: str = "converting", total: int | None = None
) -> AbstractContextManager[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal (rich, as typer ships it): with the
    total, percentage and time left when the number of inputs is known."""
    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar() -> Iterator[Callable[[int], None]]:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        known = [MofNCompleteColumn(), TaskProgressColumn(), TimeElapsedColumn()]
        columns = (
            [*known, TextColumn("ETA"), TimeRemainingColumn()]
            if total
            else [TextColumn("{task.completed}"), TimeElapsedColumn()]
        )
        with Progress(
            TextColumn(label),
            BarColumn(),
            *columns,
            console=Console(stderr=True),
            transient=True,
        ) as progress:
            task = progress.add_task(label, total=total or None)
            yield lambda n: progress.advance(task, n)

    return bar()


def _check_version(version: str | None) -> None:
    """Exit 2 unless the version is None or one this release knows."""
    from newsitem.schemas import KNOWN_VERSIONS

    if version is not None and version not in KNOWN_VERSIONS:
        _die(f"unknown format version {version!r}; this release knows {', '.join(KNOWN_VERSIONS)}")


schema_app = typer.Typer(
    help="Print the schema of a format version, or compare two versions.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(schema_app, name="schema")


@schema_app.callback(invoke_without_command=True)
def schema(
    ctx: typer.Context,
    version: Annotated[
        str | None, typer.Option("--version", help="Format version (default: current).")
    ] = None,
    xsd: Annotated[
        bool, typer.Option("--xsd", help="Print the derived XSD of the XML form.")
    ] = False,
) -> None:
    """Print the JSON Schema (or, with --xsd, the XSD) of the current or a given version."""
    if ctx.invoked_subcommand is not None:
        return
    from newsitem.errors import UnsupportedVersionError
    from newsitem.schemas import CURRENT_VERSION, load_schema, schema_text

    chosen = version or CURRENT_VERSION
    try:
        if xsd:
            from newsitem.xsd import generate_xsd

            sys.stdout.buffer.write(generate_xsd(load_schema(chosen)))
        else:
            _write(schema_text(chosen))
    except UnsupportedVersionError as exc:
        _die(str(exc))
    except BrokenPipeError:
        _stdout_closed()
    except OSError as exc:
        _stdout_failed(exc)


class DiffFormat(StrEnum):
    """Report formats of ``schema diff``."""

    text = "text"
    json = "json"


@schema_app.command("diff")
def schema_diff(
    old: Annotated[str, typer.Argument(help="A format version (1.0) or a schema file.")],
    new: Annotated[str, typer.Argument(help="A format version (1.1) or a schema file.")],
    output: Annotated[
        DiffFormat, typer.Option("--output", "-o", help="Report format.")
    ] = DiffFormat.text,
) -> None:
    """Report every change between two schemas with its compatibility class.

    Exit status: 0 when the whole change is full (compatible both ways), 1 otherwise, 2 when
    a schema cannot be read.
    """
    from newsitem.schema_diff import diff

    result = diff(_schema_arg(old), _schema_arg(new), old, new)
    if output is DiffFormat.json:
        _write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _write(result.to_text())
    raise typer.Exit(EXIT_OK if result.klass == "full" else EXIT_PROBLEMS)


def _schema_arg(name: str) -> dict[str, Any]:
    """The schema a ``schema diff`` argument names: a known version or a JSON file."""
    from newsitem.schemas import KNOWN_VERSIONS, load_schema

    if name in KNOWN_VERSIONS:
        return load_schema(name)
    try:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _die(f"{name}: not a known version ({', '.join(KNOWN_VERSIONS)}) nor a schema ({exc})")
    if not isinstance(data, dict):
        _die(f"{name}: a schema is a JSON object")
    return data


@app.command()
def migrate(
    inputs: Inputs,
    to: Annotated[str, typer.Option("--to", "-t", help="The format version to write.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="A file, a directory, or an archive (.tar, .tar.gz, .zip); default: stdout.",
        ),
    ] = None,
    allow_loss: Annotated[
        bool,
        typer.Option("--allow-loss", help="Going down, drop values the older version cannot keep."),
    ] = False,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Rewrite items as another version of the format, in the form they are in.

    Up is lossless. Down keeps each field the older version lacks in extra (label
    newsitem:<field>, warning NI122); a value that cannot be kept refuses the item (NI123,
    exit 1) unless --allow-loss. Exit status: 0 all migrated, 1 problems, 2 usage.
    """
    from functools import partial

    from newsitem.check import sniff_entry
    from newsitem.convert import ConvertOptions, default_jobs, run
    from newsitem.migrate import migrate_checked
    from newsitem.sources import iter_entries

    _check_version(to)
    if output is not None:
        _refuse_output_inside_inputs(output, inputs)
    with _conversion_errors():
        entries = list(iter_entries(inputs))
        if not entries:
            _die("no input files found")
        forms = {sniff_entry(e) for e in entries if e.problem is None}
        if len(forms) > 1:
            _die(
                "the inputs are in several forms (" + ", ".join(sorted(forms)) + "); "
                "migrate one form at a time"
            )
        form = forms.pop() if forms else "json"
        if form not in {"json", "jsonl", "xml", "xml-feed", "text"}:
            _die(f"{form} is not a newsitem form; convert it first")
        step = partial(migrate_checked, to=to, allow_loss=allow_loss)
        options = ConvertOptions(
            to=form, output=output, force=force, jobs=default_jobs(), transform=step
        )
        report = run(entries, options, stdout=sys.stdout.buffer)
    _conversion_end(
        report,
        quiet,
        f"{report.items} item(s): {report.converted} migrated to {to}, "
        f"{report.failed} failed; {report.written} output(s) written",
    )


@app.command()
@_option_group("limits", _LIMIT_OPTIONS[:2], _make_limits)  # one document at a time: no archives
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (0: a free one).", min=0, max=65535)
    ] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1)] = 1,
    cors: Annotated[
        list[str] | None,
        typer.Option("--cors", help="Allow browsers on this origin to call the API (repeatable)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a request may take.", min=0.1)
    ] = 30.0,
    max_body_bytes: Annotated[
        int, typer.Option("--max-body-bytes", help="Largest request body, in bytes.", min=1)
    ] = _DEFAULT_ITEM_BYTES,
    iptc_schemas: IptcSchemas = None,
    *,
    limits: Limits,
) -> None:
    r"""Serve the HTTP API (/v1/validate, /v1/convert, /v1/schema; /docs) and the web page.

    Needs the serve extra (Starlette, uvicorn): pip install 'newsitem\[serve]'.
    """
    try:
        from newsitem.serve import ServeConfig, run
    except ImportError as exc:
        _die(f"serve needs the serve extra (pip install 'newsitem[serve]'): {exc.name} is missing")
    config = ServeConfig(
        limits=limits,
        iptc_schemas=_read_options(limits, iptc_schemas).iptc_schemas,
        max_body_bytes=max_body_bytes,
        timeout=timeout,
        cors_origins=tuple(cors or ()),
    )
    try:
        run(
            config,
            host=host,
            port=port,
            workers=workers,
            on_listening=lambda url: typer.echo(f"newsitem serve: listening on {url}", err=True),
        )
    except OSError as exc:
        _die(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


#: Errors of writing output that ``main`` turns into one line and exit 2 wherever they arise.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


def main() -> None:
    """Entry point of the ``newsitem`` script: the app, then a checked flush of standard
    output (so that a full disk or a closed pipe is one line on stderr, never a traceback)."""
    if sys.stdout is None:  # started with standard output closed (>&-)
        sys.stderr.write("newsitem: error: standard output is closed\n")
        sys.exit(EXIT_USAGE)
    status: int | str | None = EXIT_OK
    try:
        app()
    except SystemExit as exc:
        status = exc.code
    except BrokenPipeError:  # a command that wrote to a closed pipe without _write
        status = EXIT_PIPE_CLOSED
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        _silence_stdout()
        sys.stderr.write(f"newsitem: error: cannot write output: {exc.strerror or exc}\n")
        status = EXIT_USAGE
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        status = EXIT_PIPE_CLOSED
    except OSError as exc:
        _silence_stdout()
        sys.stderr.write(f"newsitem: error: cannot write standard output: {exc.strerror or exc}\n")
        status = EXIT_USAGE
    sys.exit(status)
