"""The schema as it applies to *plain* JSON text: ASCII with no backslash (issue 16, item 4).

The strings of such a text hold only the characters U+0020 to U+007F (JSON cannot carry a raw
control character, and with no backslash there is no escape). On that alphabet the schema's
line and text patterns, ``^[^A](?:[^B]*[^C])?$`` with long negated classes, say no more than
"at least one character, and no space at either end": every other character of ``A``, ``B``
and ``C`` is outside the alphabet. Those patterns are what makes the compiled validator scan
every character of every paragraph (about as long as parsing the document), while the two
anchored patterns ``^[^ ]`` and ``[^ ]$`` that replace them look at two characters.

``plain_schema`` derives that schema from the published one, pattern by pattern: a pattern is
replaced only when the analysis of its classes shows the two are equal on the plain alphabet;
any other pattern, and every other keyword, stays as it is. ``json_codec`` uses it only for
plain texts; a property test holds its verdicts equal to the reference validator's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

__all__ = ["ecma_pattern", "plain_schema"]

#: The characters a string of a plain JSON text can hold.
PLAIN = frozenset(map(chr, range(0x20, 0x80)))

# ``^[^A](?:[^B]*[^C])?$``: the line and text shape of the schema.
_CLASS = r"\[\^((?:[^\]\\]|\\u[0-9A-Fa-f]{4}|\\[tnr])+)\]"
_TRIMMED = re.compile(rf"\^{_CLASS}\(\?:{_CLASS}\*{_CLASS}\)\?\$")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\([tnr])|(.)", re.DOTALL)
_NO_END_SPACE = ({"pattern": "^[^ ]"}, {"pattern": "[^ ]$"})


@cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a schema pattern so that a final ``$`` means end of string, as in ECMA-262."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def plain_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a schema whose line and text patterns are reduced to what they say about
    strings of plain JSON text (see the module doc)."""
    return _reduce(schema)  # type: ignore[no-any-return]


_NAMED = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})


def _reduce(node: Any) -> Any:
    if isinstance(node, list):
        return [_reduce(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    out = {
        key: {name: _reduce(sub) for name, sub in value.items()}
        if key in _NAMED and isinstance(value, Mapping)
        else _reduce(value)
        for key, value in node.items()
        if key != "pattern"
    }
    pattern = node.get("pattern")
    if pattern is None:
        return out
    if isinstance(pattern, str) and only_ends_on_plain(pattern) and "allOf" not in out:
        out["allOf"] = [dict(part) for part in _NO_END_SPACE]
    else:
        out["pattern"] = pattern
    return out


def only_ends_on_plain(pattern: str) -> bool:
    """True when, on strings of plain characters, the pattern accepts exactly the non-empty
    strings with no space at either end."""
    shape = _TRIMMED.fullmatch(pattern)
    if shape is None:
        return False
    first, middle, last = (_class_chars(group) for group in shape.groups())
    if first is None or middle is None or last is None:
        return False
    return first & PLAIN == last & PLAIN == {" "} and not middle & PLAIN


def _class_chars(body: str) -> set[str] | None:
    """The characters of a negated class body, or None when it uses syntax not read here."""
    atoms: list[tuple[str, bool]] = []  # (character, True for an unescaped "-")
    for match in _ESCAPE.finditer(body):
        code, letter, char = match.groups()
        if code is not None:
            atoms.append((chr(int(code, 16)), False))
        elif letter is not None:
            atoms.append(({"t": "\t", "n": "\n", "r": "\r"}[letter], False))
        elif char in "\\[]^":
            return None
        else:
            atoms.append((char, char == "-"))
    chars: set[str] = set()
    index = 0
    while index < len(atoms):
        char = atoms[index][0]
        if index + 2 < len(atoms) and atoms[index + 1][1]:
            start, end = ord(char), ord(atoms[index + 2][0])
            if start > end or atoms[index][1] or atoms[index + 2][1]:
                return None
            chars.update(chr(c) for c in range(start, end + 1))
            index += 3
        else:
            chars.add(char)
            index += 1
    return chars
