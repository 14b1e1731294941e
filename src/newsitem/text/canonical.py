"""The canonical text form: the raw page layout made exact by a closing trailer block.

Layout, blocks separated by exactly one empty line, ending in one newline::

    <title>                        (if any)
    <service>                      (if any)
    <headline>
    <paragraph> ...                (one block each; single line breaks kept inside)
    <rights notice>                (if any)
    <Label: value lines>           (if any: one value per line, then the extra fields)
    Newsitem: 1.1                  (the trailer: version, the zones present, other fields)
    Zones: title service headline body rights metadata
    ID: ... / Language: ... / Provider: ... / Published: ... / Updated: ...
    Rights Holder: ... / Rights URL: ... / Rights License: ... / Byline: {"name": ...} ...

The trailer tells the reader which zones are present, so no heuristic is needed: canonical
text is read exactly, and ``dumps(loads(t)) == t``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from newsitem import values
from newsitem.errors import ConversionError, NotCanonical
from newsitem.labels import canonical_label, field_for_label, field_labels, trailer_labels
from newsitem.model import ITEM_FIELDS, LIST_FIELDS, ExtraField, FieldSpec, NewsItem, Rights
from newsitem.text.findings import Findings

MARKER = "Newsitem"
ZONES: tuple[str, ...] = ("title", "service", "headline", "body", "rights", "metadata")

#: (label, field) of the trailer lines after ``Zones:``, in order (``data/labels.json``);
#: ``rights.<member>`` names a member of ``rights``.
TRAILER_FIELDS: tuple[tuple[str, str], ...] = trailer_labels()
_TRAILER_BY_LABEL = dict(TRAILER_FIELDS)
_TRAILER_ORDER = {label: index for index, (label, _) in enumerate(TRAILER_FIELDS)}
_SPECS: dict[str, FieldSpec] = {
    **{f.name: f for f in ITEM_FIELDS},
    **{f"rights.{f.name}": f for f in Rights.FIELDS},
}
#: The list fields written in the metadata block (those with labels); the others are in the
#: trailer.
META_FIELDS: tuple[str, ...] = tuple(name for name in LIST_FIELDS if name in field_labels())
_LISTS = ("strings", "objects")
_INTEGER = re.compile(r"-?[1-9][0-9]{0,17}|0")


def _trailer_lines(item: NewsItem) -> list[str]:
    """The trailer lines of the fields an item sets: one per value, objects as JSON."""
    lines: list[str] = []
    for label, name in TRAILER_FIELDS:
        owner: Any = item
        attribute = name
        if name.startswith("rights."):
            owner, attribute = item.rights, name.removeprefix("rights.")
        value = getattr(owner, attribute, None) if owner is not None else None
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            lines += [
                f"{label}: {entry if isinstance(entry, str) else _json_line(entry.to_dict())}"
                for entry in value
            ]
        else:
            lines.append(f"{label}: {value}")
    return lines


def _json_line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _check_writable(item: NewsItem) -> str:
    """Refuse items whose text form would read back differently (they are invalid anyway), and
    items without text (SPEC §7: the text form is a headline and paragraphs; a 1.1 picture,
    video or package item has neither, and no text is invented for it). Return the headline."""
    if item.headline is None or not item.body:
        msg = (
            "an item without a headline or without paragraphs (a picture, video or package "
            "item) cannot be written as text: the text form holds a headline and a body"
        )
        raise ConversionError(msg)
    headline = item.headline
    lines = {
        "title": item.title,
        "service": item.service,
        "headline": item.headline,
        "id": item.id,
        "language": item.language,
        "provider": item.provider,
        "published": item.published,
        "updated": item.updated,
    }
    if item.rights is not None:
        lines["rights.holder"] = item.rights.holder
        lines["rights.url"] = item.rights.url
        lines["rights.license"] = item.rights.license
    for name in ("dateline", "pub_status", "embargoed"):
        lines[name] = getattr(item, name)
    for name in LIST_FIELDS:
        for index, value in enumerate(getattr(item, name)):
            lines[f"{name}[{index}]"] = value
    for index, entry in enumerate(item.extra):
        lines[f"extra[{index}].value"] = entry.value
        if ": " in entry.label or field_for_label(entry.label) is not None:
            msg = f"extra label {entry.label!r} cannot be written as a text label"
            raise ConversionError(msg)
        lines[f"extra[{index}].label"] = entry.label
    for name, value in lines.items():
        problem = None if value is None else values.line_problem(value)
        if problem is not None:
            raise ConversionError(f"{name} {problem[1]}: the text form cannot carry it")
    texts = {f"body[{i}]": t for i, t in enumerate(item.body)}
    if item.rights is not None:
        texts["rights.notice"] = item.rights.notice
    for name, value in texts.items():
        problem = values.text_problem(value)
        if problem is not None:
            raise ConversionError(f"{name} {problem[1]}: the text form cannot carry it")
    return headline


def dumps(item: NewsItem) -> str:
    """The canonical text of an item.

    Raises:
        ConversionError: the item has a value the text form cannot hold unambiguously (an
            empty string, a line break in a one-line field, an empty line in a paragraph, an
            extra label with ``": "`` or reserved for a fixed field); such items are invalid.
    """
    headline = _check_writable(item)
    blocks: list[str] = []
    zones: list[str] = []
    for zone, value in (("title", item.title), ("service", item.service)):
        if value is not None:
            blocks.append(value)
            zones.append(zone)
    blocks.append(headline)
    blocks.extend(item.body)
    zones += ["headline", "body"]
    if item.rights is not None:
        blocks.append(item.rights.notice)
        zones.append("rights")
    meta = [
        f"{canonical_label(name)}: {value}" for name in META_FIELDS for value in getattr(item, name)
    ]
    meta += [f"{entry.label}: {entry.value}" for entry in item.extra]
    if meta:
        blocks.append("\n".join(meta))
        zones.append("metadata")
    trailer = [f"{MARKER}: {item.version}", "Zones: " + " ".join(zones), *_trailer_lines(item)]
    blocks.append("\n".join(trailer))
    return "\n\n".join(blocks) + "\n"


def has_trailer(text: str) -> bool:
    """True when normalised text ends in a block that opens with ``Newsitem:``."""
    body = text.rstrip("\n")
    last = body.rsplit("\n\n", 1)[-1]
    return last.startswith(f"{MARKER}:")


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    line: int


def read(text: str, found: Findings) -> NewsItem:
    """Read canonical text (already normalised: no BOM, LF line ends).

    Raises:
        NotCanonical: the text does not follow the canonical grammar.
    """
    body = text.removesuffix("\n")
    blocks: list[_Block] = []
    line = 1
    for part in body.split("\n\n"):
        if not part or part.startswith("\n") or part.endswith("\n"):
            raise NotCanonical("two empty lines in a row", line)
        blocks.append(_Block(part, line))
        line += part.count("\n") + 2
    trailer = blocks.pop()
    scalars, zones, version = _read_trailer(trailer, found)
    try:
        return _build(blocks, trailer, scalars, zones, version, found)
    except (TypeError, ValueError) as exc:  # a trailer value of the wrong shape
        raise NotCanonical(f"a trailer value cannot be read: {exc}", trailer.line) from None


def _build(
    blocks: list[_Block],
    trailer: _Block,
    scalars: dict[str, Any],
    zones: list[str],
    version: str,
    found: Findings,
) -> NewsItem:
    if len(blocks) < len(zones):
        raise NotCanonical("fewer blocks than the zones listed in the trailer", trailer.line)
    taken: dict[str, _Block] = {}
    index = 0
    for zone in ("title", "service", "headline"):
        if zone in zones:
            taken[zone] = blocks[index]
            index += 1
    end = len(blocks) - (1 if "rights" in zones else 0) - (1 if "metadata" in zones else 0)
    paragraphs = blocks[index:end]
    if not paragraphs:
        raise NotCanonical("no body paragraph between headline and the end", trailer.line)
    rest = blocks[end:]
    if "rights" in zones:
        taken["rights"] = rest.pop(0)
    meta = rest.pop(0) if "metadata" in zones else None
    for zone in ("title", "service", "headline"):
        block = taken.get(zone)
        if block is not None:
            if "\n" in block.text:
                raise NotCanonical(f"the {zone} must be one line", block.line)
            found.place((zone,), block.line)
    for i, para in enumerate(paragraphs):
        found.place(("body", i), para.line)
    lists: dict[str, list[str]] = {name: [] for name in META_FIELDS}
    extra: list[ExtraField] = []
    if meta is not None:
        for offset, entry in enumerate(meta.text.split("\n")):
            label, sep, value = entry.partition(": ")
            if not sep:
                raise NotCanonical("a metadata line without ': '", meta.line + offset)
            name = field_for_label(label)
            if name is None:
                found.place(("extra", len(extra)), meta.line + offset)
                found.place(("extra", len(extra), "value"), meta.line + offset, len(label) + 3)
                extra.append(ExtraField(label=label, value=value))
            else:
                found.place((name, len(lists[name])), meta.line + offset, len(label) + 3)
                lists[name].append(value)
    rights = None
    notice = taken.get("rights")
    members = {k.removeprefix("rights."): v for k, v in scalars.items() if k.startswith("rights.")}
    if notice is not None:
        found.place(("rights",), notice.line)
        rights = Rights(notice=notice.text, **members)
    elif members:
        raise NotCanonical("a rights member without a rights notice", trailer.line)
    fields: dict[str, Any] = {k: v for k, v in scalars.items() if not k.startswith("rights.")}
    fields.update({name: tuple(values) for name, values in lists.items()})
    return NewsItem(
        version=version,
        headline=taken["headline"].text,
        body=tuple(p.text for p in paragraphs),
        title=taken["title"].text if "title" in taken else None,
        service=taken["service"].text if "service" in taken else None,
        rights=rights,
        extra=tuple(extra),
        **fields,
    )


def _read_trailer(block: _Block, found: Findings) -> tuple[dict[str, Any], list[str], str]:
    lines = block.text.split("\n")
    version = lines[0].removeprefix(f"{MARKER}: ")
    if version == lines[0]:
        raise NotCanonical(f"the trailer must open with '{MARKER}: <version>'", block.line)
    if len(lines) < 2 or not lines[1].startswith("Zones: "):
        raise NotCanonical("the trailer's second line must be 'Zones: ...'", block.line + 1)
    zones = lines[1].removeprefix("Zones: ").split(" ")
    if (
        "headline" not in zones
        or "body" not in zones
        or zones != sorted(set(zones), key=lambda z: ZONES.index(z) if z in ZONES else -1)
        or not set(zones) <= set(ZONES)
    ):
        raise NotCanonical("'Zones:' must list known zones once, in order", block.line + 1)
    scalars: dict[str, Any] = {}
    last = -1
    for offset, entry in enumerate(lines[2:], start=2):
        label, sep, text = entry.partition(": ")
        name = _TRAILER_BY_LABEL.get(label)
        spec = _SPECS.get(name or "")
        position = _TRAILER_ORDER.get(label, -1)
        repeats = spec is not None and spec.kind in _LISTS and position == last
        if not sep or spec is None or (position <= last and not repeats):
            raise NotCanonical(f"unexpected trailer line {entry!r}", block.line + offset)
        last = position
        value = _trailer_value(spec, text, block.line + offset)
        if spec.kind in _LISTS:
            entries = scalars.setdefault(str(name), [])
            path: tuple[str | int, ...] = (str(name), len(entries))
            entries.append(value)
        else:
            scalars[str(name)] = value
            path = tuple(str(name).split("."))
        found.place(path, block.line + offset, len(label) + 3)
    return scalars, zones, version


def _trailer_value(spec: FieldSpec, text: str, line: int) -> Any:
    if spec.kind == "integer":
        if _INTEGER.fullmatch(text) is None:
            raise NotCanonical(f"{spec.name} must be a whole number", line)
        return int(text)
    if spec.kind == "objects":
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise NotCanonical(f"each {spec.name} line must hold a JSON object", line)
        return value
    return text
