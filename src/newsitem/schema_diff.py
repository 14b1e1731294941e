"""``schema diff``: every change between two schema versions, with its compatibility class.

Classes (SPEC §9.1), from the point of view of documents and consumers:

- **backward**: a consumer of the new version accepts every document of the old one;
- **forward**: a consumer of the old version accepts (under the policy of §9.2: unknown fields
  are warnings, ignored) every document of the new one;
- **full**: both; the only kind of change a minor version may make;
- **breaking**: neither; only a new major version (a new namespace and schema) may make it.

Structural keywords are compared exactly (required, bounds, enumerations, types, closed
objects, XML names). Patterns cannot be compared exactly in general; they are compared on a
fixed set of probe strings, and a difference only on strings holding a line break other than
LF (which the semantic rule NI213 refuses in every version) is no change of the valid
documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Change", "Diff", "diff", "overall"]

Class = Literal["full", "backward", "forward", "breaking"]

#: Keywords that only document (no effect on which documents are valid).
_DOC = frozenset({"description", "title", "$id", "$schema", "x-issue", "$comment", "examples"})
#: Upper bounds: a larger value accepts more.
_UPPER = ("maxLength", "maxItems", "maximum", "exclusiveMaximum", "maxProperties")
#: Lower bounds: a smaller value accepts more.
_LOWER = ("minLength", "minItems", "minimum", "exclusiveMinimum", "minProperties")
#: Characters the semantic rule NI213 refuses in every version (SPEC §2).
_RULE_REFUSED = re.compile("[\r\x85\u2028\u2029]")

_PROBES: tuple[str, ...] = (
    "",
    "a",
    "A b",
    "x" * 300,
    " a",
    "a ",
    "a\tb",
    "a\nb",
    "a\n",
    "a\rb",
    "a\r\nb",
    "a\x85b",
    "a\u2028b",
    "a\u2029b",
    "a\x07b",
    "a\ufeffb",
    "a\u00a0b",
    "caf\u00e9",
    "\U0001f4f0",
    "1.0",
    "1.1",
    "2.0",
    "en",
    "pt-BR",
    "x-private",
    "English",
    "2025-01-02T09:00:00Z",
    "2025-01-02T09:00:00.123456789+14:00",
    "2025-01-02T09:00:00+15:00",
    "2025-01-02T09:00:00",
    "0000-01-01T00:00:00Z",
    "https://example.com/a b",
    "https://example.com/terms",
    "/terms",
    "urn:example:1",
    "image/jpeg",
    "jpeg",
)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two schemas."""

    path: str
    change: str
    klass: Class
    text: str

    def to_dict(self) -> dict[str, str]:
        """The change as JSON data."""
        return {"path": self.path, "change": self.change, "class": self.klass, "text": self.text}


@dataclass(frozen=True, slots=True)
class Diff:
    """Every change between an old and a new schema, and the class of the whole."""

    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def klass(self) -> Class:
        """The class of the whole diff (see ``overall``)."""
        return overall(c.klass for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON data."""
        return {
            "old": self.old,
            "new": self.new,
            "class": self.klass,
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_text(self) -> str:
        """One line per change, then the class of the whole."""
        lines = [f"{c.klass:<9} {c.change:<8} {c.path}: {c.text}" for c in self.changes]
        lines.append(f"{self.old} -> {self.new}: {self.klass}")
        return "\n".join(lines) + "\n"


def overall(classes: Iterator[Class] | list[Class] | tuple[Class, ...]) -> Class:
    """The class of several changes: full when all are; breaking when any is, or when some
    are only backward and others only forward."""
    found = set(classes)
    if "breaking" in found or {"backward", "forward"} <= found:
        return "breaking"
    if "backward" in found:
        return "backward"
    if "forward" in found:
        return "forward"
    return "full"


def diff(
    old: Mapping[str, Any], new: Mapping[str, Any], old_name: str = "old", new_name: str = "new"
) -> Diff:
    """Compare two schemas (the root nodes of two versions)."""
    walker = _Walker(old, new)
    walker.node(old, new, "", optional=False)
    return Diff(old_name, new_name, tuple(walker.changes))


def _implied(key: str, condition: Any, old: Mapping[str, Any]) -> bool:
    """True when a new ``anyOf`` of required-lists, or a ``dependentRequired``, holds for every
    document the old node accepted, because the old node required what the condition asks."""
    required = set(old.get("required", ()))
    if key == "dependentRequired" and isinstance(condition, Mapping):
        return all(set(needs) <= required for needs in condition.values())
    if key == "anyOf" and isinstance(condition, list):
        branches = [b for b in condition if isinstance(b, Mapping) and set(b) == {"required"}]
        return len(branches) == len(condition) and any(
            set(b["required"]) <= required for b in branches
        )
    return False


class _Walker:
    def __init__(self, old_root: Mapping[str, Any], new_root: Mapping[str, Any]) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.changes: list[Change] = []
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, path: str, change: str, klass: Class, text: str) -> None:
        self.changes.append(Change(path or "/", change, klass, text))

    def node(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str, *, optional: bool
    ) -> None:
        keys = (set(old) | set(new)) - _DOC
        for key in sorted(keys):
            where = f"{path}/{key}"
            a, b = old.get(key), new.get(key)
            if key == "properties":
                self.properties(a or {}, b or {}, old, new, where)
            elif key == "required":
                self.required(set(a or ()), set(b or ()), where)
            elif (
                key in ("items", "additionalItems")
                and isinstance(a, Mapping)
                and isinstance(b, Mapping)
            ):
                self.node(a, b, where, optional=optional)
            elif key == "$defs":
                old_defs, new_defs = a or {}, b or {}
                for name in sorted(set(old_defs) & set(new_defs)):
                    self.node(old_defs[name], new_defs[name], f"{where}/{name}", optional=True)
            elif key == "$ref":
                self.ref(a, b, where, optional=optional)
            elif key == "x-xml":
                self.xml(a or {}, b or {}, where)
            elif a == b:
                continue
            elif key in _UPPER or key in _LOWER:
                self.bound(key, a, b, where)
            elif key in ("enum", "const"):
                self.values(old, new, path)
            elif key == "pattern":
                self.pattern(a, b, where)
            elif key in ("anyOf", "dependentRequired") and a is None and _implied(key, b, old):
                self.add(
                    where,
                    "added",
                    "full",
                    "a condition every document of the old version meets (its required fields)",
                )
            elif key == "additionalProperties":
                klass: Class = "backward" if b is not False else "forward"
                self.add(where, "changed", klass, f"{a!r} -> {b!r}")
            elif key == "uniqueItems":
                klass = "backward" if not b else "forward"
                self.add(where, "changed", klass, f"{a!r} -> {b!r}")
            elif key == "format":
                self.add(where, "changed", "breaking", f"format {a!r} -> {b!r}")
            else:
                self.add(where, "changed", "breaking", f"{a!r} -> {b!r}")

    def properties(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        old_parent: Mapping[str, Any],
        new_parent: Mapping[str, Any],
        path: str,
    ) -> None:
        required_new = set(new_parent.get("required", ()))
        for name in sorted(set(old) | set(new)):
            where = f"{path}/{name}"
            if name not in new:
                self.add(
                    where,
                    "removed",
                    "breaking",
                    "a field of the old version is gone (closed schemas)",
                )
            elif name not in old:
                if name in required_new:
                    self.add(where, "added", "forward", "a new required field")
                else:
                    self.add(
                        where,
                        "added",
                        "full",
                        "a new optional field (older consumers ignore it with a warning)",
                    )
            else:
                self.node(old[name], new[name], where, optional=name not in required_new)
        del old_parent

    def required(self, old: set[str], new: set[str], path: str) -> None:
        for name in sorted(new - old):
            self.add(path, "changed", "forward", f"{name!r} is now required")
        for name in sorted(old - new):
            self.add(path, "changed", "backward", f"{name!r} is no longer required")

    def bound(self, key: str, a: Any, b: Any, path: str) -> None:
        looser = b is None if a is None or b is None else (b > a if key in _UPPER else b < a)
        self.add(path, "changed", "backward" if looser else "forward", f"{a!r} -> {b!r}")

    def values(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        key = (path, "values", "")
        if key in self._seen:
            return
        self._seen.add(key)
        a = _allowed(old)
        b = _allowed(new)
        where = f"{path}/{'enum' if 'enum' in new else 'const'}"
        if path == "/properties/newsitem":
            self.add(
                where,
                "changed",
                "full",
                f"declared versions {sorted(a)} -> {sorted(b)} (each document is read by the "
                "version it declares; §9.2)",
            )
        elif b >= a:
            self.add(where, "changed", "backward", f"values added: {sorted(b - a)}")
        elif b <= a:
            self.add(where, "changed", "forward", f"values removed: {sorted(a - b)}")
        else:
            self.add(where, "changed", "breaking", f"{sorted(a)} -> {sorted(b)}")

    def pattern(self, a: Any, b: Any, path: str) -> None:
        if not isinstance(a, str) or not isinstance(b, str):
            self.add(path, "changed", "breaking" if a else "forward", f"{a!r} -> {b!r}")
            return
        old_ok = {p for p in _PROBES if _match(a, p)}
        new_ok = {p for p in _PROBES if _match(b, p)}
        differ = old_ok ^ new_ok
        if not differ:
            self.add(path, "changed", "full", "same verdict on every probe string")
        elif all(_RULE_REFUSED.search(p) for p in differ):
            self.add(
                path,
                "changed",
                "full",
                "now also refuses line breaks other than LF, which rule NI213 refuses in "
                "every version",
            )
        elif new_ok >= old_ok:
            self.add(path, "changed", "backward", "accepts more probe strings")
        elif new_ok <= old_ok:
            self.add(path, "changed", "forward", "accepts fewer probe strings")
        else:
            self.add(path, "changed", "breaking", "accepts different probe strings")

    def ref(self, a: Any, b: Any, path: str, *, optional: bool) -> None:
        if a == b:
            return
        if not isinstance(a, str) or not isinstance(b, str):
            self.add(path, "changed", "breaking", f"{a!r} -> {b!r}")
            return
        self.node(_deref(self.old_root, a), _deref(self.new_root, b), path, optional=optional)

    def xml(self, a: Mapping[str, Any], b: Mapping[str, Any], path: str) -> None:
        for key in ("element", "attribute", "item", "text", "namespace", "prefix"):
            if a.get(key) != b.get(key):
                self.add(
                    f"{path}/{key}",
                    "changed",
                    "breaking",
                    f"the XML form changes: {a.get(key)!r} -> {b.get(key)!r}",
                )


def _allowed(node: Mapping[str, Any]) -> set[str]:
    if "const" in node:
        return {json.dumps(node["const"])}
    return {json.dumps(v) for v in node.get("enum", ())}


def _match(pattern: str, value: str) -> bool:
    from newsitem.validate import _ecma

    return _ecma(pattern).search(value) is not None


def _deref(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    from newsitem.xml_mapping import resolve

    chain = resolve(root, {"$ref": ref})
    return chain[1] if len(chain) > 1 else {}
