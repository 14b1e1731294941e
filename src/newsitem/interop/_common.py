"""Helpers shared by the IPTC importers and exporters: identifiers, dates, clean values, and
the collector that keeps every unplaced piece of a source document (in ``extra``, with a
warning) so that nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

import orjson

from newsitem.issues import Issue, make_issue
from newsitem.labels import field_for_label
from newsitem.model import ExtraField, NewsItem, Rights, to_dict
from newsitem.values import (
    WHITESPACE,
    collapse,
    instant,
    is_datetime,
    is_line,
    is_text,
    normalise_breaks,
    split_paragraphs,
)

#: The URN space newsitem uses for its own markers inside IPTC documents.
URN = "urn:newsitem:"
#: Prefix of an identifier derived from the content when the item has none.
DERIVED_ID = URN + "derived:"
#: Prefix of an item id escaped because the target cannot carry it verbatim.
ESCAPED_ID = URN + "id:"
#: versionCreated written when an item has neither ``updated`` nor ``published``.
EPOCH = "1970-01-01T00:00:00Z"
#: Separator between label and value when an extra pair travels as one string.
LABEL_SEP = ": "

#: Limits of the newsitem schema (schema/1.0/newsitem.schema.json).
MAX_LINE = {
    "title": 1000,
    "headline": 1000,
    "provider": 300,
    "service": 300,
    "holder": 300,
    "list": 200,
    "label": 200,
    "value": 10000,
}
MAX_ID = 256
MAX_TEXT = 100000

_XML_WS_RUN = re.compile(r"[ \t\r\n]+")
#: ISO 8601 date-times IPTC sources write that RFC 3339 spells differently: basic format
#: (``20020503T120000-0500``) and extended format with a basic offset (``...T09:00:00+0100``).
_BASIC_DATETIME = re.compile(
    r"^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})(\.[0-9]{1,9})?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})\Z"
)
_BASIC_OFFSET = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+)([+-][0-9]{2})([0-9]{2})\Z")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")


# --- identifiers ------------------------------------------------------------------------------


def content_hash(item: NewsItem) -> str:
    """A stable hash of an item's content (its canonical JSON without the id)."""
    data = to_dict(item)
    data.pop("id", None)
    digest = hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return digest[:32]


def derived_id(item: NewsItem) -> str:
    """The identifier written for an item that has none: ``urn:newsitem:derived:<hash>``."""
    return DERIVED_ID + content_hash(item)


def escape_id(item_id: str) -> str:
    """An id in the ``urn:newsitem:id:`` form (percent-encoded, always a valid URI)."""
    return ESCAPED_ID + quote(item_id, safe="")


def unescape_id(value: str) -> str | None:
    """The item id an IPTC identifier stands for; None for a derived identifier."""
    if value.startswith(DERIVED_ID):
        return None
    if value.startswith(ESCAPED_ID):
        return unquote(value[len(ESCAPED_ID) :])
    return value


# --- dates ------------------------------------------------------------------------------------


def to_xsd_datetime(value: str) -> str:
    """An RFC 3339 date-time as an xs:dateTime; offsets beyond ±14:00 (which XML Schema
    refuses) are converted to UTC, the same instant."""
    if value.endswith(("Z", "z")):
        return value
    sign, hours, minutes = value[-6], int(value[-5:-3]), int(value[-2:])
    if hours * 60 + minutes <= 14 * 60:
        return value
    del sign
    main, frac = _split_fraction(value[:-6])
    moment = datetime.fromisoformat(main + value[-6:]).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z"


def _split_fraction(text: str) -> tuple[str, str]:
    if "." in text:
        main, frac = text.split(".", 1)
        return main, "." + frac
    return text, ""


def normalise_datetime(value: str) -> str | None:
    """An IPTC date-time as an RFC 3339 string newsitem accepts, or None when it has no
    time zone or is not a date-time at all. Extended ISO 8601 is kept as written (upper-case
    T and Z); basic format (``20020503T120000-0500``) and basic offsets (``+0100``) are
    rewritten as extended."""
    text = value.strip()
    if len(text) > 10 and text[10] in "tT ":
        text = text[:10] + "T" + text[11:]
    if text.endswith("z"):
        text = text[:-1] + "Z"
    basic = _BASIC_DATETIME.match(text)
    if basic is not None:
        y, mo, d, h, mi, s, frac, zone = basic.groups()
        if zone != "Z" and ":" not in zone:
            zone = zone[:3] + ":" + zone[3:]
        text = f"{y}-{mo}-{d}T{h}:{mi}:{s}{frac or ''}{zone}"
    offset = _BASIC_OFFSET.match(text)
    if offset is not None:
        text = f"{offset.group(1)}{offset.group(2)}:{offset.group(3)}"
    return text if is_datetime(text) else None


def xml_collapse(value: str) -> str:
    """XML whitespace runs (space, tab, CR, LF) as one space, trimmed (the reading of text
    whose element is not under ``xml:space="preserve"``)."""
    return _XML_WS_RUN.sub(" ", value).strip(" ")


def is_url(value: str) -> bool:
    """True for an absolute URL newsitem accepts in ``rights.url``."""
    return len(value) <= 2000 and _URL.match(value) is not None and is_line(value)


def valid_id(value: str) -> bool:
    """True for an item id newsitem accepts."""
    return 0 < len(value) <= MAX_ID and not any(c in WHITESPACE for c in value) and is_line(value)


# --- the collector ----------------------------------------------------------------------------


@dataclass(slots=True)
class Collector:
    """What an importer gathers: the extra pairs it keeps and the warnings it raises.

    Warnings use the NI5xx codes (see ``newsitem.issues.CODES``) and always carry the source
    location of the piece concerned.
    """

    extra: list[ExtraField] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def warn(self, code: str, message: str, path: str, line: int | None = None) -> None:
        """Record a warning."""
        self.warnings.append(make_issue(code, message, path, line))

    def keep(self, label: str, value: str, path: str, line: int | None = None) -> None:
        """Keep a source value in ``extra`` (with NI500), or drop it with NI501 when it cannot
        be kept (empty, too long)."""
        label = _clean_label(label)
        text = collapse(value)
        if not text:
            return
        if len(text) > MAX_LINE["value"]:
            self.warn(
                "NI501",
                f"{label}: value of {len(text)} characters is too long for extra; dropped",
                path,
                line,
            )
            return
        self.extra.append(ExtraField(label=label, value=text))
        self.warn("NI500", f"not a newsitem field; kept in extra as {label!r}", path, line)

    def line(
        self,
        value: str,
        limit: int,
        what: str,
        path: str,
        line: int | None = None,
        *,
        label: str | None = None,
    ) -> str | None:
        """A source value as a valid single-line field value, or None (kept in extra under
        ``label`` when given, else dropped, with a warning)."""
        text = value if is_line(value) else collapse(value)
        if text != value and text:
            self.warn("NI503", f"{what}: whitespace or characters normalised", path, line)
        if not text:
            return None
        if len(text) > limit:
            if label is not None:
                self.keep(label, text, path, line)
            else:
                self.warn("NI501", f"{what} longer than {limit} characters; dropped", path, line)
            return None
        return text

    def paragraphs(self, value: str, what: str, path: str, line: int | None = None) -> list[str]:
        """A source text as valid paragraphs (split at empty lines); line breaks other than LF
        (CR, CRLF, U+0085, U+2028, U+2029) become LF with NI503."""
        normal = normalise_breaks(value)
        if normal != value:
            self.warn("NI503", f"{what}: line breaks normalised to LF", path, line)
            value = normal
        if is_text(value) and len(value) <= MAX_TEXT:
            return [value]
        parts = split_paragraphs(value)
        if len(parts) != 1 or parts[0] != value:
            self.warn("NI503", f"{what}: whitespace or empty lines normalised", path, line)
        out = []
        for part in parts:
            if len(part) > MAX_TEXT:
                self.warn("NI501", f"{what}: paragraph too long; cut", path, line)
            out.append(part[:MAX_TEXT].rstrip(WHITESPACE))
        return out


def _clean_label(label: str) -> str:
    text = collapse(label).replace(LABEL_SEP, ":")
    if len(text) > MAX_LINE["label"]:
        text = "…" + text[-(MAX_LINE["label"] - 1) :]
    if not text or field_for_label(text) is not None:
        text = "source:" + text
    return text


def split_extra(value: str) -> tuple[str, str] | None:
    """A ``Label: value`` string as its two parts, or None when it has no separator."""
    label, sep, rest = value.partition(LABEL_SEP)
    if not sep or not label or not rest:
        return None
    return label, rest


def join_extra(extra: ExtraField) -> str:
    """An extra pair as one ``Label: value`` string (labels never contain ': ')."""
    return f"{extra.label}{LABEL_SEP}{extra.value}"


def add_extra_string(
    collector: Collector, value: str, source_label: str, path: str, line: int | None
) -> None:
    """Restore an extra pair written as ``Label: value``; keep a malformed one whole."""
    parts = split_extra(value)
    if parts is not None:
        label, rest = parts
        label_ok = is_line(label) and len(label) <= MAX_LINE["label"]
        rest_ok = is_line(rest) and len(rest) <= MAX_LINE["value"]
        if label_ok and rest_ok and field_for_label(label) is None:
            collector.extra.append(ExtraField(label=label, value=rest))
            return
    collector.keep(source_label, value, path, line)


def unique(
    values: Iterable[tuple[str, str, int | None]], what: str, collector: Collector
) -> tuple[str, ...]:
    """List values without repeats (a repeat is dropped with NI501: nothing is lost)."""
    seen: set[str] = set()
    out: list[str] = []
    for value, path, line in values:
        if value in seen:
            collector.warn(
                "NI501", f"{what}: {value!r} repeated; the repeat is dropped", path, line
            )
            continue
        if len(out) == MAX_LIST:
            collector.warn(
                "NI501", f"{what}: more than {MAX_LIST} values; {value!r} dropped", path, line
            )
            continue
        seen.add(value)
        out.append(value)
    return tuple(out)


def source_findings(found: Iterable[Issue], *, strict: bool) -> list[Issue]:
    """What the source's own schema said, as an import reports it: in strict mode its errors
    raise; otherwise each error becomes an NI508 warning (its code and the standard's version
    named in the message), so that a source-schema failure never blocks an import.

    Raises:
        InvalidNewsItem: in strict mode, when the source breaks its schema.
    """
    from newsitem.errors import InvalidNewsItem

    found = list(found)
    errors = [i for i in found if i.severity == "error"]
    if strict and errors:
        raise InvalidNewsItem(errors)
    out = []
    for issue in found:
        out.append(
            make_issue(
                "NI508",
                f"{issue.message} [{issue.code}; imported anyway, an error in strict mode]",
                issue.path,
                issue.line,
                issue.column,
            )
            if issue.severity == "error"
            else issue
        )
    return out


def make_rights(notice: str | None, holder: str | None, url: str | None) -> Rights | None:
    """A rights statement, or None without a notice (the caller keeps holder/url otherwise)."""
    if notice is None:
        return None
    return Rights(notice=notice, holder=holder, url=url)


# --- building the item ------------------------------------------------------------------------

#: A value with where it came from: (value, path, line).
Located = tuple[str, str, int | None]

#: The most values a list field (extra included) holds; the most paragraphs of a body.
MAX_LIST = 1000
MAX_BODY = 10000


@dataclass(slots=True)
class Fields:
    """What an importer found for each newsitem field, each value with its source location."""

    id: Located | None = None
    language: Located | None = None
    title: Located | None = None
    provider: Located | None = None
    service: Located | None = None
    headline: Located | None = None
    published: Located | None = None
    updated: Located | None = None
    body: list[str] = field(default_factory=list)
    notice: Located | None = None
    holder: Located | None = None
    url: Located | None = None
    content_types: list[Located] = field(default_factory=list)
    topics: list[Located] = field(default_factory=list)
    platforms: list[Located] = field(default_factory=list)
    regions: list[Located] = field(default_factory=list)
    media_types: list[Located] = field(default_factory=list)
    #: Format 1.1 fields (``newsitem.interop._v11.FIELDS``): JSON value, path, line.
    v11: dict[str, tuple[Any, str, int | None]] = field(default_factory=dict)


def _accepted_v11(fields: Fields, collector: Collector, prefix: str) -> dict[str, Any]:
    """The format 1.1 values an importer found that are valid newsitem values; any other is
    kept in extra (``<prefix>:<field>``, with NI500) rather than refused or dropped."""
    from newsitem.validate import iter_issues

    out: dict[str, Any] = {}
    for name, (found, path, line) in fields.v11.items():
        try:
            if name == "rights.license":
                probe = NewsItem(
                    headline="h", body=("b",), rights=Rights(notice="n", license=found)
                )
            else:
                probe = NewsItem(headline="h", body=("b",), **{name: found})
            ok = not any(i.severity == "error" for i in iter_issues(probe))
        except (TypeError, ValueError):
            ok = False
        if ok:
            out[name] = found
        else:
            text = found if isinstance(found, str) else orjson.dumps(found).decode()
            collector.keep(f"{prefix}:{name}", text, path, line)
    return out


def _capped_extra(
    collector: Collector, root_path: str, root_line: int | None
) -> tuple[ExtraField, ...]:
    """The extra pairs an item can hold (at most MAX_LIST); the rest dropped with NI501."""
    kept = collector.extra
    if len(kept) <= MAX_LIST:
        return tuple(kept)
    dropped = kept[MAX_LIST:]
    collector.warn(
        "NI501",
        f"{len(kept)} values for extra: more than the {MAX_LIST} an item holds; the first "
        f"{MAX_LIST} are kept, {len(dropped)} dropped (from {dropped[0].label!r} on)",
        root_path,
        root_line,
    )
    return tuple(kept[:MAX_LIST])


@dataclass(slots=True)
class Reading:
    """What one import gathers as it reads a source: the fields found, and the collector of
    the values kept in extra and of the warnings; ``item`` makes the item of them."""

    fields: Fields = field(default_factory=Fields)
    collector: Collector = field(default_factory=Collector)

    def item(self, prefix: str, root_path: str, **where: Any) -> NewsItem:
        """The item read (``build_item`` with ``root_line`` and ``kind`` passed on)."""
        return build_item(self.fields, self.collector, prefix, root_path, **where)


def build_item(
    fields: Fields,
    collector: Collector,
    prefix: str,
    root_path: str,
    *,
    root_line: int | None = None,
    kind: str = "the item",
) -> NewsItem:
    """The item an importer found, valid by construction: rights only with a notice,
    ``updated`` only when not before ``published``, at most 1000 extra pairs.

    Nothing is invented: an item with neither body text nor media nor related items (SPEC
    §6.8) is refused (NI507; ``kind`` names it in the message, e.g. "picture newsItem"). A
    picture, video or package without text is an item without a body, and any item is without
    a headline when the source has none (a text item then draws the warning NI306).

    Raises:
        InvalidNewsItem: NI507, or if the result still breaks a rule (a bug: it is reported,
            not hidden).
    """
    from newsitem.errors import InvalidNewsItem
    from newsitem.validate import iter_issues

    def value(found: Located | None) -> str | None:
        return found[0] if found is not None else None

    headline = value(fields.headline)
    body = list(fields.body)
    has_media_or_related = bool(fields.v11.get("media")) or bool(fields.v11.get("related"))
    if not body and not has_media_or_related:
        raise InvalidNewsItem(
            [
                make_issue(
                    "NI507",
                    f"{kind} has no body text, no media and no related items: nothing to carry"
                    " (SPEC §6.8), and nothing is invented",
                    root_path,
                    root_line,
                )
            ]
        )
    if len(body) > MAX_BODY:
        collector.warn(
            "NI501",
            f"{len(body)} paragraphs: more than the {MAX_BODY} an item holds; "
            f"the last {len(body) - MAX_BODY} are dropped",
            root_path,
            root_line,
        )
        body = body[:MAX_BODY]
    published, updated = value(fields.published), value(fields.updated)
    if (
        published is not None
        and updated is not None
        and fields.updated is not None
        and (instant(updated) or (0, 0)) < (instant(published) or (0, 0))
    ):
        _, path, line = fields.updated
        collector.keep(f"{prefix}:updated", updated, path, line)
        updated = None
    newer = _accepted_v11(fields, collector, prefix)
    license_ = newer.pop("rights.license", None)
    rights = None
    if fields.notice is not None:
        rights = Rights(
            notice=fields.notice[0],
            holder=value(fields.holder),
            url=value(fields.url),
            license=license_,
        )
    else:
        if license_ is not None:
            _, path, line = fields.v11["rights.license"]
            collector.keep(f"{prefix}:rights.license", str(license_), path, line)
        for name, found in (("rights.holder", fields.holder), ("rights.url", fields.url)):
            if found is not None:
                collector.keep(f"{prefix}:{name}", found[0], found[1], found[2])
    item = NewsItem(
        headline=headline,
        body=tuple(body),
        id=value(fields.id),
        language=value(fields.language),
        title=value(fields.title),
        provider=value(fields.provider),
        service=value(fields.service),
        published=published,
        updated=updated,
        rights=rights,
        content_types=unique(fields.content_types, "content_types", collector),
        topics=unique(fields.topics, "topics", collector),
        platforms=unique(fields.platforms, "platforms", collector),
        regions=unique(fields.regions, "regions", collector),
        media_types=unique(fields.media_types, "media_types", collector),
        extra=_capped_extra(collector, root_path, root_line),
        **newer,
    )
    checked = list(iter_issues(item))
    errors = [i for i in checked if i.severity == "error"]
    if errors:
        raise InvalidNewsItem(errors)
    collector.warnings.extend(checked)
    return item


#: The type of an item without a body whose media are all of one kind.
_MEDIA_TYPE = {"picture": "picture", "video": "video", "audio": "audio"}


def item_type(item: NewsItem) -> str:
    """What an item is, in the words ninjs ``type`` and G2 ``ninat:`` share: ``text`` with a
    body; without one, the kind of its media when they are all of one kind and it refers to no
    other item, else ``composite`` (a package, SPEC §6.8)."""
    if item.body:
        return "text"
    kinds = {media.kind for media in item.media}
    if len(kinds) == 1 and not item.related:
        return _MEDIA_TYPE[kinds.pop()]
    return "composite"
