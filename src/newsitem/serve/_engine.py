"""The service's one door into the newsitem library: detect, check, convert, schemas.

Every call from ``newsitem.serve`` into newsitem's internals is made here and nowhere else, so
that when the library's public API changes only this module follows it. What leaves this module
is plain data (``Finding``, ``Checked``, ``Converted``) or text and bytes; the JSON report is
made by ``newsitem.reporters``, so it is byte for byte what ``newsitem validate -o json`` prints.
Nothing here knows about HTTP.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from newsitem import __version__
from newsitem.check import CheckOptions, run, sniff_entry
from newsitem.codecs import ReadOptions
from newsitem.convert import ConvertOptions
from newsitem.convert import run as run_convert
from newsitem.errors import InputError, UnsupportedVersionError, UsageError
from newsitem.forms import FORMS, IPTC_FORMS, form_from_name, is_archive
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
    "Setup",
    "UnknownVersionError",
    "UnreadableError",
    "check",
    "convert",
    "detect",
    "form_infos",
    "form_of_filename",
    "is_feed",
    "schema",
    "setup",
    "versions",
]

VERSION = __version__

#: The forms in the library's order (``newsitem.forms.FORMS``).
FORM_NAMES: tuple[str, ...] = tuple(FORMS)

#: Media types of the feed forms (the codecs name those of one item).
_FEED_MEDIA_TYPES = {"jsonl": "application/x-ndjson", "xml-feed": "application/xml"}


def _media_type(form: str) -> str:
    if form in _FEED_MEDIA_TYPES:
        return _FEED_MEDIA_TYPES[form]
    media = FORMS[form].codec.media_type
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


@dataclass(frozen=True, slots=True)
class Setup:
    """How documents are read: the limits and the library's reading options."""

    limits: Limits
    read: ReadOptions


def setup(limits: Limits, iptc_schemas: Path | None = None) -> Setup:
    """The reading setup of a server (``--max-item-bytes``, ``--iptc-schemas``)."""
    return Setup(limits, ReadOptions(max_bytes=limits.max_item_bytes, iptc_schemas=iptc_schemas))


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
        FormInfo(f.name, f.description, f.feed is not None, _media_type(f.name), f.extension)
        for f in FORMS.values()
    ]


def is_feed(form: str) -> bool:
    """True for forms that hold many items (JSON Lines, XML feed)."""
    return FORMS[form].feed is not None


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


def _entry(data: bytes, label: str, form: str | None, *, forced: bool = False) -> Entry:
    # The body is held in memory; nothing is ever opened by name.
    return Entry(
        label,
        PurePosixPath("document"),
        lambda: io.BytesIO(data),
        form=form,
        size=len(data),
        cached=data,
        forced=forced,
    )


_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")


def _refuse_containers(data: bytes, name: str | None) -> None:
    if data.startswith(_ARCHIVE_MAGIC) or data[257:262] == b"ustar" or (name and is_archive(name)):
        raise ContainerError(
            "archives and compressed bodies are not accepted here: send one document or feed"
        )


def detect(
    data: bytes, *, forced: str | None = None, hint: str | None = None, name: str | None = None
) -> str:
    """The form of a body as the CLI tells a file's: a forced form as it is; else the hint (a
    media type's) or the name's form, refined by the first bytes; else (as standard input)
    the first bytes alone.

    Raises:
        ContainerError: the body is an archive or compressed.
    """
    _refuse_containers(data, name)
    if forced is not None:
        return forced
    return sniff_entry(_entry(data, "document", hint or (form_from_name(name) if name else None)))


def check(data: bytes, form: str, setup: Setup, label: str) -> Checked:
    """Validate a document or feed of a known form; the report is ``validate -o json``'s.

    Raises:
        UnreadableError: the library could not read it at all (the CLI's exit 2).
        NotConfiguredError: an IPTC document, and no IPTC schemas configured.
    """
    if form in IPTC_FORMS:
        from newsitem.interop.schemas import available

        if available(setup.read.iptc_schemas) is None:
            # The library's own message names the server's settings: not for clients.
            raise NotConfiguredError(
                f"this server has no IPTC schemas, so it cannot validate {form} documents "
                "(it can still convert them)"
            )
    options = CheckOptions(limits=setup.limits, read=setup.read, keep_valid=True)
    report = run([_entry(data, label, form, forced=True)], options)
    if report.unreadable:
        raise UnreadableError(_without_label(report.unreadable[0].reason, label))
    findings = tuple(
        Finding.of(i, item.where, item.line)
        for result in report.files
        for item in result.items
        for i in item.issues
    )
    summary = Summary.of(report)
    text = json_report(report.files, summary, ReportOptions(version=__version__))
    kind = report.files[0].form if report.files else form
    return Checked(kind, report.items, report.valid, findings, text)


def convert(data: bytes, form: str, to: str, setup: Setup, label: str) -> Converted:
    """Convert a document (or a feed, to a feed form) as ``newsitem convert`` does.

    Raises:
        UnreadableError: the library could not read it at all, or a feed was sent to a form that
            holds one item.
    """
    if is_feed(form) and not is_feed(to):
        raise UnreadableError(
            f"a {form} feed holds many items; convert it to a feed form (jsonl or xml-feed)"
        )
    out = io.BytesIO()
    options = ConvertOptions(to=to, output=None, jobs=1, limits=setup.limits, read=setup.read)
    try:
        report = run_convert([_entry(data, label, form, forced=True)], options, stdout=out)
    except (UsageError, InputError) as exc:
        raise UnreadableError(_without_label(str(exc), label)) from None
    findings = tuple(
        Finding.of(i, item.where, item.line)
        for result in report.results
        for item in result.items
        for i in item.issues
    )
    document = None if report.failed else out.getvalue()
    return Converted(form, to, document, findings, _media_type(to))


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
