"""The news item model: frozen, typed dataclasses with no I/O and no rules.

Dates stay the exact RFC 3339 strings of the source so that converting never rewrites them;
``NewsItem.published_at`` parses one when a ``datetime`` is wanted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: The list fields, in document order: JSON name -> model attribute (the same here).
LIST_FIELDS: tuple[str, ...] = ("content_types", "topics", "platforms", "regions", "media_types")

#: The single-valued string fields of the item, in document order.
SCALAR_FIELDS: tuple[str, ...] = (
    "id",
    "language",
    "title",
    "provider",
    "service",
    "headline",
    "published",
    "updated",
)

CURRENT_VERSION = "1.0"


@dataclass(frozen=True, kw_only=True, slots=True)
class Rights:
    """The rights statement that comes with an item."""

    notice: str
    holder: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtraField:
    """One ``Label: value`` pair the fixed fields do not cover."""

    label: str
    value: str


@dataclass(frozen=True, kw_only=True, slots=True)
class NewsItem:
    """One news item. Empty tuples and ``None`` mean "absent"."""

    headline: str
    body: tuple[str, ...]
    version: str = CURRENT_VERSION
    id: str | None = None
    language: str | None = None
    title: str | None = None
    provider: str | None = None
    service: str | None = None
    published: str | None = None
    updated: str | None = None
    rights: Rights | None = None
    content_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    extra: tuple[ExtraField, ...] = field(default=())

    @property
    def published_at(self) -> datetime | None:
        """``published`` as an aware datetime, or None."""
        return _parse_datetime(self.published)

    @property
    def updated_at(self) -> datetime | None:
        """``updated`` as an aware datetime, or None."""
        return _parse_datetime(self.updated)


def _parse_datetime(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))


def to_dict(item: NewsItem) -> dict[str, Any]:
    """The JSON data of an item, keys in schema order, absent fields left out."""
    data: dict[str, Any] = {"newsitem": item.version}
    for name in SCALAR_FIELDS:
        value = getattr(item, name)
        if name == "headline" or value is not None:
            data[name] = value
        if name == "updated":
            data["body"] = list(item.body)
    if item.rights is not None:
        rights: dict[str, str] = {"notice": item.rights.notice}
        if item.rights.holder is not None:
            rights["holder"] = item.rights.holder
        if item.rights.url is not None:
            rights["url"] = item.rights.url
        data["rights"] = rights
    for name in LIST_FIELDS:
        values = getattr(item, name)
        if values:
            data[name] = list(values)
    if item.extra:
        data["extra"] = [{"label": f.label, "value": f.value} for f in item.extra]
    return data


def from_dict(data: dict[str, Any]) -> NewsItem:
    """Build an item from JSON data that has already been validated.

    Raises:
        KeyError, TypeError: when the data does not have the shape of a valid document.
    """
    rights = data.get("rights")
    return NewsItem(
        version=data["newsitem"],
        headline=data["headline"],
        body=tuple(data["body"]),
        id=data.get("id"),
        language=data.get("language"),
        title=data.get("title"),
        provider=data.get("provider"),
        service=data.get("service"),
        published=data.get("published"),
        updated=data.get("updated"),
        rights=None
        if rights is None
        else Rights(notice=rights["notice"], holder=rights.get("holder"), url=rights.get("url")),
        content_types=tuple(data.get("content_types", ())),
        topics=tuple(data.get("topics", ())),
        platforms=tuple(data.get("platforms", ())),
        regions=tuple(data.get("regions", ())),
        media_types=tuple(data.get("media_types", ())),
        extra=tuple(ExtraField(label=e["label"], value=e["value"]) for e in data.get("extra", ())),
    )
