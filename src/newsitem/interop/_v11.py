"""The fields format 1.1 added (bylines, dateline, subjects, keywords, urgency, pub_status,
embargoed, media, revision, related, rights.license) in the IPTC forms.

Each codec writes a field natively where its form has a place for it (G2 ``embargoed``,
``pubStatus``, ``urgency``; NITF ``urgency@ed-urg``, ``date.release``; ninjs ``urgency``,
``pubstatus``...; see ``mapping.json``). A field without a native place travels as JSON in the
form's newsitem extension point (ninjs ``descriptions`` / 1.x ``description_newsitem_field_*``,
G2 ``contentMetaExtProperty``, NITF ``head/meta``) under ``urn:newsitem:field:<name>``, so that
no field is dropped and a round trip gives it back exactly. On import, a value the source
holds that is not a valid newsitem value (urgency 12, an unknown status) stays in ``extra``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from newsitem.interop._common import URN, Collector
from newsitem.model import ITEM_FIELDS, NewsItem, Rights

#: The 1.1 fields, in schema order (``rights.license`` is the licence URL inside ``rights``).
FIELDS: tuple[str, ...] = (
    *(spec.name for spec in ITEM_FIELDS if spec.since == "1.1"),
    *(f"rights.{spec.name}" for spec in Rights.FIELDS if spec.since == "1.1"),
)
#: The prefix of the carrier of a field written as JSON: ``urn:newsitem:field:<name>``.
CARRIER = URN + "field:"
#: ninjs 1.x has no ``descriptions`` list: the carrier is a pattern property.
CARRIER_1 = "description_newsitem_field_"
#: Publication statuses of format 1.1 (and of G2 ``stat:``, ninjs ``pubstatus``).
STATUSES = ("usable", "withheld", "canceled")


def values(item: NewsItem) -> dict[str, Any]:
    """The 1.1 fields the item sets, as JSON values (objects as dicts)."""
    data = item.to_dict()
    out: dict[str, Any] = {name: data[name] for name in FIELDS if name in data}
    rights = data.get("rights")
    if isinstance(rights, dict) and "license" in rights:
        out["rights.license"] = rights["license"]
    return out


def carried(item: NewsItem, native: Iterable[str]) -> list[tuple[str, str]]:
    """(field name, JSON text) for every 1.1 field the item sets that the form does not write
    natively."""
    skip = set(native)
    return [
        (name, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        for name, value in values(item).items()
        if name not in skip
    ]


def field_of(carrier: str, *, prefix: str = CARRIER) -> str | None:
    """The field a carrier name stands for, or None when it is not a carrier."""
    if not carrier.startswith(prefix):
        return None
    name = carrier[len(prefix) :]
    name = name.replace("rights_license", "rights.license") if prefix == CARRIER_1 else name
    return name if name in FIELDS else None


def carrier_1(name: str) -> str:
    """The ninjs 1.x property that carries a field (its name with ``_`` for ``.``)."""
    return CARRIER_1 + name.replace(".", "_")


def restore(
    collector: Collector,
    found: dict[str, tuple[Any, str, int | None]],
    name: str,
    text: str,
    path: str,
    line: int | None,
    label: str,
) -> None:
    """Read a carried field back (its JSON text); text that is not JSON is kept in extra."""
    try:
        value = json.loads(text)
    except ValueError:
        collector.keep(label, text, path, line)
        return
    found.setdefault(name, (value, path, line))


def as_int(value: object) -> int | None:
    """An urgency or revision as the source wrote it ("3", 3), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
