"""Semantic rules: what JSON Schema (and XSD) cannot say. One small function per rule.

Each rule takes the document's data (already parsed; possibly invalid elsewhere, so every rule
checks the types it relies on) and yields ``(code, message, path)`` findings. SPEC.md section 6
states each rule; the docstrings cite it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from newsitem import values
from newsitem.labels import field_for_label
from newsitem.model import LIST_FIELDS

Path = tuple[str | int, ...]
Finding = tuple[str, str, Path]
Rule = Callable[[Mapping[str, Any]], Iterator[Finding]]


def _instant(value: object) -> tuple[int, int] | None:
    return values.instant(value) if isinstance(value, str) else None


def updated_not_before_published(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI301 (SPEC §6.1): ``updated`` must not be earlier than ``published``."""
    if "updated" not in doc or "published" not in doc:
        return
    raw_published, raw_updated = doc["published"], doc["updated"]
    if (
        isinstance(raw_published, str)
        and isinstance(raw_updated, str)
        and raw_published[-1:] == raw_updated[-1:] == "Z"
        and len(raw_published) == len(raw_updated) == 20
        and raw_published <= raw_updated
    ):
        return  # both whole-second UTC instants in the same layout: text order is time order
    published, updated = _instant(raw_published), _instant(raw_updated)
    if published is not None and updated is not None and updated < published:
        yield (
            "NI301",
            f"updated ({doc['updated']}) is earlier than published ({doc['published']})",
            ("updated",),
        )


def no_empty_line_in_paragraph(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI303 (SPEC §6.2): a paragraph or rights notice must not contain an empty line."""
    body = doc.get("body")
    if isinstance(body, list):
        for index, para in enumerate(body):
            # The substring tests are cheap; the regex runs only on multi-line paragraphs.
            if type(para) is str and values.has_empty_line(para):
                yield (
                    "NI303",
                    "paragraph contains an empty line; split it into two paragraphs",
                    ("body", index),
                )
    rights = doc.get("rights")
    if isinstance(rights, Mapping):
        notice = rights.get("notice")
        if isinstance(notice, str) and values.has_empty_line(notice):
            yield ("NI303", "rights notice contains an empty line", ("rights", "notice"))


_LINE_FIELDS = ("id", "language", "title", "provider", "service", "headline")


def line_breaks_are_lf(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI213 (SPEC §6.7): a line break inside a value is LF alone; CR, NEL (U+0085), U+2028 and
    U+2029 are refused in every value (CR in a single-line field is already NI208)."""
    for path, value, multi in _strings(doc):
        if not values.has_non_lf_break(value):
            continue
        found = values.NON_LF_BREAK.search(value if multi else value.replace("\r", ""))
        if found is None:
            continue
        yield (
            "NI213",
            f"{_name(path)} contains U+{ord(found.group()):04X}; write line breaks as LF alone",
            path,
        )


def _name(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    label = names[-1] if names else "value"
    return f"{label}[{path[-1]}]" if isinstance(path[-1], int) else label


def _strings(doc: Mapping[str, Any]) -> Iterator[tuple[Path, str, bool]]:
    """Every string value of a document: (path, value, True if it may span lines)."""
    for name in _LINE_FIELDS:
        value = doc.get(name)
        if isinstance(value, str):
            yield (name,), value, False
    body = doc.get("body")
    if isinstance(body, list):
        for index, para in enumerate(body):
            if isinstance(para, str):
                yield ("body", index), para, True
    rights = doc.get("rights")
    if isinstance(rights, Mapping):
        for key in ("notice", "holder", "url"):
            value = rights.get(key)
            if isinstance(value, str):
                yield ("rights", key), value, key == "notice"
    for name in LIST_FIELDS:
        items = doc.get(name)
        if isinstance(items, list):
            for index, value in enumerate(items):
                if isinstance(value, str):
                    yield (name, index), value, False
    extra = doc.get("extra")
    if isinstance(extra, list):
        for index, entry in enumerate(extra):
            if isinstance(entry, Mapping):
                for key in ("label", "value"):
                    value = entry.get(key)
                    if isinstance(value, str):
                        yield ("extra", index, key), value, False


def _extra_labels(doc: Mapping[str, Any]) -> Iterator[tuple[int, str]]:
    extra = doc.get("extra") if "extra" in doc else None
    if isinstance(extra, list):
        for index, entry in enumerate(extra):
            if isinstance(entry, Mapping) and isinstance(entry.get("label"), str):
                yield index, entry["label"]


def extra_label_has_no_separator(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI304 (SPEC §6.3): an extra label must not contain ': ' (the text form's separator)."""
    for index, label in _extra_labels(doc):
        if ": " in label:
            yield (
                "NI304",
                f"extra label {label!r} contains ': ', which separates label and value",
                ("extra", index, "label"),
            )


def extra_label_not_reserved(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI305 (SPEC §6.4): an extra label must not be a label of a fixed list field."""
    for index, label in _extra_labels(doc):
        field = field_for_label(label)
        if field is not None:
            yield (
                "NI305",
                f"extra label {label!r} is reserved for the field {field!r}; put the values there",
                ("extra", index, "label"),
            )


def list_values_differ_in_more_than_case(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI350 (SPEC §6.5, warning): list values should differ in more than letter case."""
    for name in LIST_FIELDS:
        values = doc.get(name)
        if type(values) is not list:
            continue
        try:  # decided in C for the common case: no two values differ only in case
            if len(set(map(str.casefold, values))) == len(set(values)):
                continue
        except TypeError:  # a value that is not a string: the schema reports it
            continue
        seen: dict[str, str] = {}
        for index, value in enumerate(values):
            if not isinstance(value, str):
                continue
            folded = value.casefold()
            if folded in seen and seen[folded] != value:
                yield (
                    "NI350",
                    f"{value!r} differs from {seen[folded]!r} only in letter case",
                    (name, index),
                )
            seen.setdefault(folded, value)


def first_paragraph_is_not_headline(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI351 (SPEC §6.6, warning): the body should not start by repeating the headline."""
    body, headline = doc.get("body"), doc.get("headline")
    if isinstance(body, list) and body and isinstance(headline, str) and body[0] == headline:
        yield ("NI351", "the first paragraph repeats the headline", ("body", 0))


def _states_text_rules(doc: Mapping[str, Any]) -> bool:
    """True when the document's version lets headline and body be absent (1.1 and later);
    in 1.0 the schema requires both (NI101), so the rules below stay silent there."""
    return isinstance(doc.get("newsitem"), str) and doc["newsitem"] != "1.0"


def text_item_has_headline(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI306 (SPEC §6.8, a warning): an item with a body (a text item) should have a headline."""
    if _states_text_rules(doc) and "body" in doc and "headline" not in doc:
        yield (
            "NI306",
            "the item has a body but no headline; a text item should have one",
            ("headline",),
        )


_CONTENT = ("body", "media", "related")


def item_has_content(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """NI307 (SPEC §6.8): an item must carry content: a body, media or related items."""
    if _states_text_rules(doc) and not any(name in doc for name in _CONTENT):
        yield (
            "NI307",
            "the item carries no content: give it a body, media or related items",
            (),
        )


#: Every rule, in the order its findings are reported.
RULES: tuple[Rule, ...] = (
    updated_not_before_published,
    no_empty_line_in_paragraph,
    extra_label_has_no_separator,
    extra_label_not_reserved,
    list_values_differ_in_more_than_case,
    first_paragraph_is_not_headline,
    line_breaks_are_lf,
    text_item_has_headline,
    item_has_content,
)


def check(doc: Mapping[str, Any]) -> Iterator[Finding]:
    """Run every semantic rule over a document."""
    for rule in RULES:
        yield from rule(doc)


def cannot_fire(doc: Mapping[str, Any], *, breaks: bool = True) -> bool:
    """A cheap screen for the hot path of schema-valid documents: True when no rule can find
    anything, so ``check`` need not run; False when one might (then ``check`` decides).

    ``breaks=False``: the caller knows that no string of the document holds a line break of
    any kind (a JSON text that is ASCII with no backslash), so the rules about breaks (NI213,
    NI303) are not looked at. It must never say True where a rule would fire; a property test
    holds it to that.
    """
    published, updated = doc.get("published"), doc.get("updated")
    if (
        published is not None
        and updated is not None
        and not (
            type(published) is str
            and type(updated) is str
            and len(published) == len(updated) == 20
            and published[-1] == updated[-1] == "Z"
            and published <= updated
        )
    ):
        return False
    body = doc.get("body")
    if type(body) is not list or not body or "headline" not in doc or body[0] == doc["headline"]:
        return False
    if breaks and not _no_break_anywhere(doc, body):
        return False
    rights = doc.get("rights")
    if rights is not None and (type(rights) is not dict or type(rights.get("notice")) is not str):
        return False
    extra = doc.get("extra")
    if extra is not None:
        if type(extra) is not list:
            return False
        for entry in extra:
            label = entry.get("label") if type(entry) is dict else None
            if type(label) is not str or ": " in label or field_for_label(label) is not None:
                return False
    for name in LIST_FIELDS:
        entries = doc.get(name)
        if entries is None:
            continue
        if type(entries) is not list:
            return False
        try:  # all values distinct even ignoring case: no two differ only in case
            if len(entries) > 1 and len(set(map(str.casefold, entries))) != len(entries):
                return False
        except TypeError:
            return False
    return True


def _no_break_anywhere(doc: Mapping[str, Any], body: list[Any]) -> bool:
    """The break part of ``cannot_fire``: True when no paragraph or notice holds a line break
    and no other string one that is not LF (so NI213 and NI303 cannot fire)."""
    try:
        text = "\x00".join(body)
    except TypeError:
        return False
    if "\n" in text or _has_odd_break(text):
        return False
    for name in _LINE_FIELDS:
        value = doc.get(name)
        if type(value) is str and _has_odd_break(value):
            return False
    rights = doc.get("rights")
    if type(rights) is dict:
        notice = rights.get("notice")
        if type(notice) is str and "\n" in notice:
            return False
        if any(type(v) is str and _has_odd_break(v) for v in rights.values()):
            return False
    extra = doc.get("extra")
    for entry in extra if type(extra) is list else ():
        if type(entry) is dict and any(
            type(v) is str and _has_odd_break(v) for v in (entry.get("label"), entry.get("value"))
        ):
            return False
    for name in LIST_FIELDS:
        entries = doc.get(name)
        if type(entries) is list:
            try:
                if _has_odd_break("\x00".join(entries)):
                    return False
            except TypeError:
                return False
    return True


_has_odd_break = values.has_non_lf_break
