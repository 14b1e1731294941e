"""The JSON form: strict parsing with located errors, and canonical output.

Parsing is strict RFC 8259 over UTF-8: duplicate keys, NaN/Infinity, non-object roots, invalid
UTF-8 and other encodings are errors with a code, a line and a column. Output is canonical:
keys in schema order, two-space indent, UTF-8 without escapes, one trailing newline, so
``dumps(loads(x))`` is the same bytes for every equal item.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from newsitem import rules
from newsitem._jsonpos import json_path, line_col, scan
from newsitem.codecs import Decoded
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem, to_dict
from newsitem.model import from_valid as from_dict
from newsitem.validate import fast_check, iter_issues

#: The JSON form carries every field.
LOSSY_FIELDS: frozenset[str] = frozenset()

#: Largest JSON document (bytes) accepted by default; raise it with ``max_bytes``.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
_NON_FINITE = re.compile(r"-?Infinity|NaN|.NaN|.Infinity")


def parse(data: bytes | str, *, first_line: int = 1, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Parse one JSON document strictly and return its data (a dict for a news item).

    Args:
        data: the document, as UTF-8 bytes or as text.
        first_line: the line number of the document's first line (for JSON Lines).
        max_bytes: refuse larger documents with NI108.

    Raises:
        ParseError: with NI100 (syntax), NI104 (root not an object), NI105 (duplicate key),
            NI107 (NaN/Infinity), NI108 (too large or too deep), NI111 (not UTF-8) or NI202
            (a lone surrogate escape).
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise ParseError(
            make_issue(
                "NI108",
                f"document is {len(raw)} bytes, more than the limit of {max_bytes}",
                line=first_line,
                column=1,
            )
        )
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ParseError(_diagnose(raw, exc, first_line)) from None
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        raise ParseError(
            make_issue(
                "NI104",
                f"the document root must be a JSON object, not {_json_kind(kind)}",
                line=first_line,
                column=1,
            )
        )
    if not _no_duplicate_keys(raw, value):
        text = raw.decode("utf-8")
        dups = scan(text, first_line).duplicates
        if dups:
            path, line, col = dups[0]
            raise ParseError(
                make_issue(
                    "NI105",
                    f"duplicate key {path[-1]!r}; JSON objects must not repeat a key",
                    json_path(path),
                    line,
                    col,
                )
            )
    return value


def _json_kind(pyname: str) -> str:
    return {
        "list": "an array",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
    }.get(pyname, pyname)


def _no_duplicate_keys(text: bytes, value: dict[str, Any]) -> bool:
    """An exact screen: True only when the parsed text had no duplicate key (False: maybe).

    orjson keeps the last of two equal keys and says nothing, so the text is compared with
    orjson's own rendering of the data. When the text *is* that rendering (compact JSON as
    newsitem and orjson write it), nothing was dropped. Otherwise the ``"`` are counted: the
    rendering has two per key and per string plus one for each ``"`` inside a string (written
    ``\\"``); so has the text, plus at least two for every key the parser dropped, unless it
    writes a ``"`` as ``\\u0022`` (then: maybe). Data nested deeper than orjson renders
    (255 levels; it parses 1024) is a maybe too.
    """
    try:
        rendered = orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
    except (TypeError, orjson.JSONEncodeError):
        return False
    if text == rendered:  # a line of JSON Lines as newsitem writes it
        return True
    rendered = rendered[:-1]
    if text.startswith(rendered) and not text[len(rendered) :].strip():
        return True
    return text.count(b'"') == rendered.count(b'"') and b"\\u0022" not in text


def _diagnose(raw: bytes, exc: orjson.JSONDecodeError, first_line: int) -> Any:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return make_issue(
                "NI111",
                f"the document is {name}-encoded; newsitem JSON must be UTF-8",
                line=first_line,
                column=1,
            )
    unmarked = _unmarked_utf16_32(raw)
    if unmarked is not None:
        return make_issue(
            "NI111",
            f"the document looks {unmarked}-encoded (no BOM); newsitem JSON must be UTF-8",
            line=first_line,
            column=1,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _byte_line_col(raw, err.start, first_line)
        return make_issue(
            "NI111",
            f"invalid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
            line=line,
            column=col,
        )
    if not text.strip():
        return make_issue("NI100", "the document is empty", line=first_line, column=1)
    pos = min(exc.pos, len(text))
    line, col = line_col(text, pos, first_line)
    msg = exc.msg
    if "infinity" in msg or _NON_FINITE.match(text, max(0, pos - 1)) is not None:
        return make_issue(
            "NI107",
            "NaN and Infinity are not JSON; numbers must be finite",
            line=line,
            column=col,
        )
    if "surrogate" in msg:
        return make_issue(
            "NI202",
            "a lone surrogate escape (\\ud800-\\udfff) cannot be represented in XML or UTF-8",
            line=line,
            column=col,
        )
    if "depth" in msg or "recursion" in msg:
        return make_issue(
            "NI108",
            "the document is nested deeper than the limit of 1024 levels",
            line=line,
            column=col,
        )
    return make_issue("NI100", f"not well-formed JSON: {msg}", line=line, column=col)


def _unmarked_utf16_32(raw: bytes) -> str | None:
    """The encoding that a JSON text without BOM is in, told from where its NUL bytes fall
    (its first two characters are ASCII: RFC 8259 section 8.1, RFC 4627 section 3)."""
    head = raw[:4]
    if len(head) < 4 or 0 not in head:
        return None
    nul = (head[0] == 0, head[1] == 0, head[2] == 0, head[3] == 0)
    return {
        (True, True, True, False): "UTF-32BE",
        (False, True, True, True): "UTF-32LE",
        (True, False, True, False): "UTF-16BE",
        (False, True, False, True): "UTF-16LE",
    }.get(nul)


def _byte_line_col(raw: bytes, offset: int, first_line: int) -> tuple[int, int]:
    before = raw[:offset]
    line = first_line + before.count(b"\n")
    start = before.rfind(b"\n") + 1
    return line, len(before[start:].decode("utf-8", "replace")) + 1


def loads(data: bytes | str) -> NewsItem:
    """Parse and validate one JSON news item.

    Raises:
        ParseError: the input is not a JSON object (see ``parse``).
        InvalidNewsItem: the document breaks the format; ``issues`` has every problem.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return decode(raw).item


def dumps(item: NewsItem) -> bytes:
    """The canonical JSON form of an item (UTF-8 bytes, ending in a newline)."""
    return orjson.dumps(to_dict(item), option=orjson.OPT_INDENT_2) + b"\n"


def dumps_line(item: NewsItem) -> bytes:
    """The compact one-line JSON form of an item, for JSON Lines (ends in a newline)."""
    return orjson.dumps(to_dict(item)) + b"\n"


def _valid_fast(raw: bytes) -> dict[str, Any] | None:
    """The data of a document that is certainly valid with no issue at all, else None.

    The common case, a valid document, takes this path: orjson parses it, the compiled
    validator accepts it, the duplicate-key screen finds none and the rules screen says no
    rule can fire. A *plain* text (ASCII, no backslash) holds no line break and no character
    outside U+0020-U+007F in any string, so the schema reduced for it (``_plainschema``)
    decides without scanning every character, and the rules about breaks are skipped. None
    sends the caller down the full path (exact duplicate scan, reference validator, located
    issues).
    """
    if len(raw) > DEFAULT_MAX_BYTES:
        return None
    body = raw[3:] if raw.startswith(_UTF8_BOM) else raw
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(value) is not dict:
        return None
    plain = body.isascii() and b"\\" not in body
    check = fast_check(value.get("newsitem"), plain=plain)
    try:
        if check is None or not check(value) or not _no_duplicate_keys(body, value):
            return None
    except ValueError:  # the compiled validator on a lone surrogate (orjson refuses them)
        return None
    if rules.cannot_fire(value, breaks=not plain):
        return value
    for _ in rules.check(value):
        return None
    return value


def issues(data: bytes | str, *, first_line: int = 1) -> list[Issue]:
    """Every issue of one JSON document: its parse error, or its validation issues."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if _valid_fast(raw) is not None:
        return []
    try:
        value = parse(raw, first_line=first_line)
    except ParseError as exc:
        return [exc.issue]
    return list(iter_issues(value, source=raw, first_line=first_line))


def decode(data: bytes, *, first_line: int = 1) -> Decoded:
    """Parse and validate one JSON document (the codec protocol of ``newsitem.codecs``).

    Raises:
        ParseError: not a JSON object.
        InvalidNewsItem: the document has errors (all of them are in ``issues``).
    """
    fast = _valid_fast(data)
    if fast is not None:
        return Decoded(from_dict(fast))
    value = parse(data, first_line=first_line)
    found = list(iter_issues(value, source=data, first_line=first_line))
    errors = [i for i in found if i.severity == "error"]
    if errors:
        raise InvalidNewsItem(errors)
    return Decoded(from_dict(value), tuple(found))


def encode(item: NewsItem) -> bytes:
    """The canonical JSON bytes of an item (the codec protocol of ``newsitem.codecs``)."""
    return dumps(item)
