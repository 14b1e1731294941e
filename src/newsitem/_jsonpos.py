"""Source positions of JSON values: the line and column behind each JSON path.

Generic validators report "$.body[2]"; we also say "line 14, column 5". This scanner walks the
JSON text once (only for documents that have problems, so speed is secondary), records where
every value and every key starts, and notes duplicate keys, which ``json``/``orjson`` drop.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

PathPart = str | int
Path = tuple[PathPart, ...]

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*")
  | (?P<punct>[{}\[\]:,])
  | (?P<scalar>-?[0-9][0-9eE.+-]*|true|false|null|NaN|-?Infinity)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(slots=True)
class Positions:
    """Where values and keys start, as (line, column), both 1-based."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)


class _LineIndex:
    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def at(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self.starts, offset) - 1
        return row + self.first_line, offset - self.starts[row] + 1


def line_col(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """The 1-based line and column of a character offset."""
    return _LineIndex(text, first_line).at(offset)


def scan(text: str, first_line: int = 1) -> Positions:
    """Record the position of every value and key in a JSON text.

    The scan is forgiving: it stops quietly at the first token it does not understand, keeping
    what it found so far (syntax errors are reported by the parser, not here).
    """
    index = _LineIndex(text, first_line)
    out = Positions()
    stack: list[_Frame] = []
    pos = 0
    length = len(text)
    while pos < length:
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        kind, tok, start, pos = m.lastgroup, m.group(), pos, m.end()
        if kind == "ws":
            continue
        frame = stack[-1] if stack else None
        if kind == "punct":
            if tok in "}]":
                if not stack:
                    break
                stack.pop()
            elif frame is not None and tok == ",":
                frame.index += 1
                frame.expect_key = frame.is_object
            elif frame is not None and tok == ":":
                frame.expect_key = False
            elif tok in "{[":
                path = frame.child_path() if frame else ()
                out.values.setdefault(path, index.at(start))
                stack.append(_Frame(path, is_object=tok == "{"))
            continue
        if frame is not None and frame.expect_key:
            frame.key = _decode_key(tok)
            key_path = (*frame.path, frame.key)
            line_no, col = index.at(start)
            if frame.key in frame.seen:
                out.duplicates.append((key_path, line_no, col))
            else:
                frame.seen.add(frame.key)
                out.keys[key_path] = (line_no, col)
            continue
        out.values.setdefault(frame.child_path() if frame else (), index.at(start))
    return out


@dataclass(slots=True)
class _Frame:
    path: Path
    is_object: bool
    index: int = 0
    key: str = ""
    expect_key: bool = True
    seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.expect_key = self.is_object

    def child_path(self) -> Path:
        return (*self.path, self.key if self.is_object else self.index)


def _decode_key(token: str) -> str:
    try:
        key = json.loads(token)
    except ValueError:
        return token[1:-1]
    return key if isinstance(key, str) else token[1:-1]


_SIMPLE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path(path: Path) -> str:
    """Format a path as a JSON path: ``$.body[2]``, ``$['odd key']``."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _SIMPLE_KEY.match(part):
            parts.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    return "".join(parts)
