"""Moving items between versions of one major (SPEC §9.3): up is lossless, down keeps in ``extra``.

Down (``1.1`` -> ``1.0``): every field the older version lacks moves into ``extra`` under the
namespaced label ``newsitem:<field>`` (``newsitem:rights.license`` for a member of ``rights``),
one entry per value, after the item's own extra fields, each move reported by a warning
(NI122). Strings keep their text, whole numbers their decimal digits, objects become compact
JSON. A value that cannot be an extra value (longer than 10000 characters) or that would push
``extra`` past 1000 entries refuses the migration (NI123) unless loss is allowed, when it is
dropped with a warning (NI124).

Up (``1.0`` -> ``1.1``): the item declares the new version; extra entries labelled
``newsitem:<field>`` for a field of the target version move back into that field, so that
down then up gives the identical item.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from newsitem.compat import parse_version
from newsitem.errors import MigrationRefused, UnsupportedVersionError
from newsitem.issues import Issue, make_issue
from newsitem.model import ITEM_FIELDS, ExtraField, FieldSpec, NewsItem, Rights
from newsitem.schemas import KNOWN_VERSIONS

__all__ = ["LABEL_PREFIX", "MigrationRefused", "migrate", "migrate_checked"]

#: The namespace of the extra labels that carry fields an older version lacks.
LABEL_PREFIX = "newsitem:"
_MAX_VALUE = 10_000
_MAX_EXTRA = 1_000


def _key(version: str) -> tuple[int, int]:
    parsed = parse_version(version)
    if parsed is None:
        raise UnsupportedVersionError(version, KNOWN_VERSIONS)
    return parsed


def migrate(item: NewsItem, to: str, *, allow_loss: bool = False) -> tuple[NewsItem, list[Issue]]:
    """The item as a document of version ``to``, and the warnings of the move.

    Raises:
        UnsupportedVersionError: ``to`` is not a version this release knows, or is of another
            major than the item's.
        MigrationRefused: down, a value cannot be kept in ``extra`` and ``allow_loss`` is False.
    """
    if to not in KNOWN_VERSIONS or _key(to)[0] != _key(item.version)[0]:
        raise UnsupportedVersionError(to, KNOWN_VERSIONS)
    if _key(to) >= _key(item.version):
        return _up(item, to), []
    return _down(item, to, allow_loss=allow_loss)


def migrate_checked(item: NewsItem, *, to: str, allow_loss: bool) -> tuple[NewsItem, list[Issue]]:
    """``migrate`` with keyword arguments only (a picklable step for ``convert``)."""
    return migrate(item, to, allow_loss=allow_loss)


def _newer(spec: FieldSpec, to: str) -> bool:
    return _key(spec.since) > _key(to)


def _down(item: NewsItem, to: str, *, allow_loss: bool) -> tuple[NewsItem, list[Issue]]:
    moved: list[ExtraField] = []
    warnings: list[Issue] = []
    refused: list[Issue] = []
    changes: dict[str, Any] = {"version": to}
    room = _MAX_EXTRA - len(item.extra)

    def keep(name: str, values: list[str]) -> None:
        nonlocal room
        label = LABEL_PREFIX + name
        fits = all(len(v) <= _MAX_VALUE for v in values) and len(values) <= room
        if fits:
            moved.extend(ExtraField(label=label, value=v) for v in values)
            room -= len(values)
            warnings.append(
                make_issue(
                    "NI122",
                    f"{name} is not a field of version {to}; kept in extra as {label!r}",
                    f"$.{name}",
                )
            )
            return
        why = "a value longer than 10000 characters" if len(values) <= room else "too many"
        if allow_loss:
            warnings.append(make_issue("NI124", f"{name} dropped ({why} for extra)", f"$.{name}"))
        else:
            refused.append(
                make_issue(
                    "NI123",
                    f"{name} cannot be kept in extra in version {to} ({why}); "
                    "use --allow-loss to drop it",
                    f"$.{name}",
                )
            )

    for spec in ITEM_FIELDS:
        value = getattr(item, spec.name)
        if (value is None or value == ()) and spec.required_in(to):
            # An item without text (1.1, SPEC §6.8) has nothing a 1.0 item could hold in
            # place of its headline or body; nothing is invented, even with --allow-loss.
            refused.append(
                make_issue(
                    "NI123",
                    f"version {to} requires {spec.name}, which the item does not have "
                    "(an item without text needs 1.1)",
                    f"$.{spec.name}",
                )
            )
            continue
        if value is None or value == ():
            continue
        if _newer(spec, to):
            keep(spec.name, _as_values(spec, value))
            changes[spec.name] = () if spec.kind in ("strings", "objects") else None
        elif spec.kind == "object" and isinstance(value, Rights):
            members: dict[str, Any] = {}
            for member in Rights.FIELDS:
                inner = getattr(value, member.name)
                if inner is not None and _newer(member, to):
                    keep(f"rights.{member.name}", _as_values(member, inner))
                    members[member.name] = None
            if members:
                changes["rights"] = dataclasses.replace(value, **members)
    if refused:  # with allow_loss, only a missing required field is refused
        raise MigrationRefused(refused)
    changes["extra"] = (*item.extra, *moved)
    return dataclasses.replace(item, **changes), warnings


def _as_values(spec: FieldSpec, value: Any) -> list[str]:
    if spec.kind == "strings":
        return list(value)
    if spec.kind == "objects":
        return [_json(entry.to_dict()) for entry in value]
    return [str(value)]


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _up(item: NewsItem, to: str) -> NewsItem:
    targets = {spec.name: spec for spec in ITEM_FIELDS if not _newer(spec, to)}
    members = {f"rights.{spec.name}": spec for spec in Rights.FIELDS if not _newer(spec, to)}
    restored: dict[str, list[Any]] = {}
    kept: list[ExtraField] = []
    for entry in item.extra:
        name = entry.label.removeprefix(LABEL_PREFIX)
        spec = targets.get(name) or members.get(name)
        value = _parse(spec, entry.value) if entry.label.startswith(LABEL_PREFIX) else None
        if spec is None or value is None or _is_set(item, name):
            kept.append(entry)
            continue
        restored.setdefault(name, []).append(value)
    changes: dict[str, Any] = {"version": to, "extra": tuple(kept)}
    rights_changes: dict[str, Any] = {}
    for name, values in restored.items():
        spec = targets.get(name) or members[name]
        many = spec.kind in ("strings", "objects")
        if not many and len(values) > 1:  # a single field given twice: leave both in extra
            kept.extend(
                ExtraField(label=LABEL_PREFIX + name, value=_unparse(spec, v)) for v in values
            )
            continue
        final = tuple(values) if many else values[0]
        if name.startswith("rights."):
            rights_changes[name.removeprefix("rights.")] = final
        else:
            changes[name] = final
    if rights_changes:
        if item.rights is None:  # a licence without a notice cannot be restored
            kept.extend(
                ExtraField(label=f"{LABEL_PREFIX}rights.{k}", value=str(v))
                for k, v in rights_changes.items()
            )
        else:
            changes["rights"] = dataclasses.replace(item.rights, **rights_changes)
    changes["extra"] = tuple(kept)
    return dataclasses.replace(item, **changes)


def _is_set(item: NewsItem, name: str) -> bool:
    owner: Any = item
    if name.startswith("rights."):
        owner, name = item.rights, name.removeprefix("rights.")
    value = getattr(owner, name, None) if owner is not None else None
    return value is not None and value != ()


def _parse(spec: FieldSpec | None, text: str) -> Any:
    """The field value an extra value stands for, or None when it is not one."""
    if spec is None:
        return None
    if spec.kind == "integer":
        return int(text) if text.isascii() and text.lstrip("-").isdigit() else None
    if spec.kind == "objects":
        try:
            data = json.loads(text)
            return spec.cls(**data) if spec.cls is not None and isinstance(data, dict) else None
        except (ValueError, TypeError):
            return None
    return text


def _unparse(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "objects":
        return _json(value.to_dict())
    return str(value)
