"""The service's one door into the newsitem library: detect, check, convert, schemas.

Every call from ``newsitem.serve`` into newsitem's internals is made here and nowhere else, so
that when the library's public API changes only this module follows it. What leaves this module
is plain data (``Finding``, ``Checked``, ``Converted``) or text and bytes; the JSON report is
made by ``newsitem.reporters``, so it is byte for byte what ``newsitem validate -o json`` prints.
Nothing here knows about HTTP.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from newsitem import __version__
from newsitem.check import FileResult, iter_entry_items, sniff_entry
from newsitem.convert import ConvertOptions
from newsitem.convert import run as run_convert
from newsitem.errors import InputError, UnsupportedVersionError, UsageError
from newsitem.forms import FORMS, form_from_name, is_archive
from newsitem.issues import Issue
from newsitem.reporters import ReportOptions, Summary, json_report
from newsitem.schemas import CURRENT_VERSION, KNOWN_VERSIONS, schema_text
from newsitem.sources import Entry, Limits

__all__ = [
    "CURRENT_VERSION",
    "FORM_NAMES",
    "VERSION",
    "Checked",
    "ContainerError",
    "Converted",
    "Finding",
    "FormInfo",
    "Limits",
    "NotConfiguredError",
    "UnknownVersionError",
    "UnreadableError",
    "check",
    "convert",
    "detect",
    "form_infos",
    "form_of_filename",
    "is_feed",
    "schema",
    "versions",
]

VERSION = __version__

#: The forms in the library's order (``newsitem.forms.FORMS``).
FORM_NAMES: tuple[str, ...] = tuple(FORMS)

_MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "xml": "application/xml",
    "xml-feed": "application/xml",
    "text": "text/plain; charset=utf-8",
    "ninjs": "application/json",
    "ninjs3": "application/json",
    "newsml-g2": "application/xml",
    "nitf": "application/xml",
}


class UnreadableError(Exception):
    """A body that cannot be read as any document (the message is safe to show)."""


class ContainerError(UnreadableError):
    """An archive or a compressed body, where one document or feed is expected."""


class NotConfiguredError(Exception):
    """Checking asked for something this server is not set up for (the IPTC schemas)."""


class UnknownVersionError(LookupError):
    """A schema version this release does not know."""


@dataclass(frozen=True, slots=True)
class FormInfo:
    """One form as the service describes it."""

    name: str
    description: str
    feed: bool
    media_type: str
    extension: str


def form_infos() -> list[FormInfo]:
    """Every form newsitem reads and writes."""
    return [
        FormInfo(f.name, f.description, f.feed, _MEDIA_TYPES[f.name], f.extension)
        for f in FORMS.values()
    ]


def is_feed(form: str) -> bool:
    """True for forms that hold many items (JSON Lines, XML feed)."""
    return FORMS[form].feed


def form_of_filename(name: str) -> str | None:
    """The form a file name suggests, as the CLI reads it (``.gz`` looked through)."""
    return form_from_name(name)


@dataclass(frozen=True, slots=True)
class Finding:
    """One issue, as plain data."""

    code: str
    severity: str
    message: str
    path: str
    line: int | None
    column: int | None
    where: str = ""

    @classmethod
    def of(cls, issue: Issue, where: str = "", item_line: int | None = None) -> Finding:
        """A finding from a library issue (the item's line stands in for a missing one)."""
        return cls(
            issue.code,
            issue.severity,
            issue.message,
            issue.path,
            issue.line if issue.line is not None else item_line,
            issue.column,
            where,
        )


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of checking one document or feed."""

    form: str
    items: int
    valid_items: int
    findings: tuple[Finding, ...]
    report: str

    @property
    def valid(self) -> bool:
        """True when every item is valid."""
        return self.items == self.valid_items


@dataclass(frozen=True, slots=True)
class Converted:
    """The outcome of converting: the document (None when it failed) and every finding."""

    form: str
    to: str
    document: bytes | None
    findings: tuple[Finding, ...]
    media_type: str


def _entry(data: bytes, label: str, hint: str | None) -> Entry:
    # The body is held in memory; nothing is ever opened by name.
    return Entry(
        label,
        PurePosixPath("document"),
        lambda: io.BytesIO(data),
        form=hint,
        size=len(data),
        cached=data,
    )


_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")


def _refuse_containers(data: bytes, name: str | None) -> None:
    if data.startswith(_ARCHIVE_MAGIC) or data[257:262] == b"ustar" or (name and is_archive(name)):
        raise ContainerError(
            "archives and compressed bodies are not accepted here: send one document or feed"
        )


def detect(data: bytes, *, forced: str | None = None, name: str | None = None) -> str:
    """The form of a body as the CLI tells a file's: forced, else the name's hint refined by
    the first bytes (no name: as standard input).

    Raises:
        UnreadableError: the body is an archive or compressed.
    """
    _refuse_containers(data, name)
    hint = forced or (form_from_name(name) if name else None)
    return sniff_entry(_entry(data, "document", hint))


_IPTC_FORMS = frozenset({"ninjs", "ninjs3", "newsml-g2", "nitf"})


def check(data: bytes, form: str, limits: Limits, label: str) -> Checked:
    """Validate a document or feed of a known form; the report is ``validate -o json``'s.

    Raises:
        UnreadableError: the library could not read it at all (the CLI's exit 2).
        NotConfiguredError: an IPTC document, and no IPTC schemas configured.
    """
    if form in _IPTC_FORMS:
        from newsitem.interop.schemas import available

        if available() is None:
            # The library's own message names the server's settings: not for clients.
            raise NotConfiguredError(
                f"this server has no IPTC schemas, so it cannot validate {form} documents "
                "(it can still convert them)"
            )
    started = time.perf_counter()
    entry = _entry(data, label, form)
    findings: list[Finding] = []
    items = valid = warnings = 0
    try:
        kind, results = iter_entry_items(entry, limits)
        result = FileResult(label, kind, [])
        for item in results:
            items += 1
            warnings += sum(1 for i in item.issues if i.severity == "warning")
            valid += item.valid
            result.items.append(item)  # the JSON report lists valid items too
            findings.extend(Finding.of(i, item.where, item.line) for i in item.issues)
    except InputError as exc:
        raise UnreadableError(_without_label(str(exc), label)) from None
    summary = Summary(1, items, valid, items - valid, time.perf_counter() - started, warnings)
    report = json_report([result], summary, ReportOptions(version=__version__))
    return Checked(kind, items, valid, tuple(findings), report)


def convert(data: bytes, form: str, to: str, limits: Limits, label: str) -> Converted:
    """Convert a document (or a feed, to a feed form) as ``newsitem convert`` does.

    Raises:
        UnreadableError: the library could not read it at all, or a feed was sent to a form that
            holds one item.
    """
    if FORMS[form].feed and not FORMS[to].feed:
        raise UnreadableError(
            f"a {form} feed holds many items; convert it to a feed form (jsonl or xml-feed)"
        )
    out = io.BytesIO()
    options = ConvertOptions(to=to, output=None, jobs=1, validate=True, limits=limits)
    try:
        report = run_convert([_entry(data, label, form)], options, stdout=out)
    except (UsageError, InputError) as exc:
        raise UnreadableError(_without_label(str(exc), label)) from None
    findings = tuple(
        Finding.of(i, item.where, item.line)
        for result in report.results
        for item in result.items
        for i in item.issues
    )
    document = None if report.failed else out.getvalue()
    return Converted(form, to, document, findings, _MEDIA_TYPES[to])


def _without_label(message: str, label: str) -> str:
    return message.removeprefix(f"{label}: ")


def versions() -> tuple[str, ...]:
    """The format versions this release knows."""
    return KNOWN_VERSIONS


def schema(version: str, *, xsd: bool = False) -> bytes:
    """The JSON Schema (or the derived XSD) of a version, as ``newsitem schema`` prints it.

    Raises:
        UnknownVersionError: the version is not one this release knows.
    """
    if version not in KNOWN_VERSIONS:
        raise UnknownVersionError(version)
    try:
        if xsd:
            from newsitem.schemas import load_schema
            from newsitem.xsd import generate_xsd

            return generate_xsd(load_schema(version))
        return schema_text(version).encode("utf-8")
    except UnsupportedVersionError:
        raise UnknownVersionError(version) from None
