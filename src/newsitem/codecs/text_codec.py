"""The text form: raw agency page dumps in, canonical text out (SPEC §7).

``loads`` reads either form. Canonical text (it ends in a ``Newsitem:`` trailer block) is read
exactly; anything else is read as a raw page dump by zones, and every guess or removal becomes
a warning (NI4xx) with a line number. ``mode="strict"`` raises on the first such doubt.
``dumps`` writes the canonical form, so ``dumps(loads(t)) == t`` for canonical text and
``loads(dumps(item)) == item`` for every valid item. ``load`` is ``loads`` with the warnings
of reading (a ``Decoded``), as in every codec.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from newsitem.codecs import Decoded
from newsitem.errors import InvalidNewsItem, NotCanonical, ParseError
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem
from newsitem.text import canonical, raw
from newsitem.text.findings import Findings, TextLocator
from newsitem.text.source import clean_lines, decode_bytes, normalise

__all__ = [
    "LOSSY_FIELDS",
    "NEEDED_FIELDS",
    "Mode",
    "decode",
    "dumps",
    "encode",
    "issues",
    "load",
    "loads",
    "read",
]

#: The canonical text form carries every field (the trailer block holds id, language,
#: provider, dates and the rights holder and URL). The one normalisation: line breaks inside
#: paragraphs and the rights notice are read back as LF (a CR or CRLF in them becomes LF).
LOSSY_FIELDS: frozenset[str] = frozenset()
#: The fields the text form cannot do without: an item lacking one (a 1.1 picture, video or
#: package item) is refused with ``ConversionError`` rather than given text it never had.
NEEDED_FIELDS: frozenset[str] = frozenset({"headline", "body"})

Mode = Literal["lax", "strict"]


def read(text: str, mode: Mode = "lax") -> tuple[NewsItem, Findings]:
    """Read text into an item without validating it; return it with the findings.

    Raises:
        ParseError: NI111 (NUL characters: binary data), NI400 (no article), or in strict mode
            the first doubt (an NI4xx warning raised as an error).
    """
    if mode not in ("lax", "strict"):
        msg = f"mode must be 'lax' or 'strict', not {mode!r}"
        raise ValueError(msg)
    found = Findings(strict=mode == "strict")
    declared = False
    text = normalise(text)
    if not text.strip(raw.TRIM):
        what = "empty" if not text else "only whitespace"
        raise ParseError(make_issue("NI400", f"no article found: the text is {what}", line=1))
    if canonical.has_trailer(text):
        try:
            return canonical.read(text, found), found
        except NotCanonical as exc:
            declared = True
            found = Findings(strict=found.strict)
            found.warn(
                "NI413",
                f"the text ends in a newsitem trailer but is not canonical ({exc.reason}); "
                "read as a raw page",
                (),
                exc.line,
            )
    lines = clean_lines(text, found.warnings)
    if found.strict and found.warnings:
        first = found.warnings[0]
        raise ParseError(dataclasses.replace(first, severity="error"))
    item = raw.parse(lines, found, require_prose=not declared)
    found.warnings.sort(key=lambda issue: (issue.line or 0, issue.column or 0))
    return item, found


def _validated(item: NewsItem, found: Findings) -> list[Issue]:
    from newsitem.validate import iter_issues

    return list(iter_issues(item, locator=TextLocator(found.where)))


def load(text: str | bytes, mode: Mode = "lax") -> Decoded:
    """Read a raw page dump or canonical text into a valid item, with the warnings of reading it.

    Args:
        text: the page text, or its bytes (UTF-8; CRLF, BOM, NBSP, tabs and a missing final
            newline are fine).
        mode: ``"lax"`` returns the item with a warning for everything guessed or dropped;
            ``"strict"`` raises ``ParseError`` on the first such doubt.

    Returns:
        The item and its warnings: the reader's (NI4xx), then the validator's.

    Raises:
        ParseError: the text holds no article (NI400), is binary or not UTF-8 (NI111), or
            (strict) a doubt.
        InvalidNewsItem: the item read breaks the format; every error is located by line.
    """
    item, found = read(decode_bytes(text) if isinstance(text, bytes) else text, mode)
    checked = _validated(item, found)
    errors = [i for i in checked if i.severity == "error"]
    if errors:
        raise InvalidNewsItem(errors)
    return Decoded(item, (*found.warnings, *checked))


def loads(text: str | bytes, mode: Mode = "lax") -> NewsItem:
    """Read a raw page dump or canonical text into a valid item (``load`` without the
    warnings).

    Raises:
        ParseError, InvalidNewsItem: see ``load``.
    """
    return load(text, mode).item


def dumps(item: NewsItem) -> bytes:
    """The canonical text of an item as UTF-8 bytes, ending in one newline (like every
    codec's ``dumps``; ``newsitem.text.canonical.dumps`` gives it as ``str``).

    Raises:
        ConversionError: the item has a value the text form cannot hold (only invalid items).
    """
    return canonical.dumps(item).encode("utf-8")


def decode(data: bytes) -> Decoded:
    """Parse and validate UTF-8 text (the codec protocol of ``newsitem.codecs``), lax mode.

    Raises:
        ParseError: not UTF-8 text (NI111) or no article (NI400).
        InvalidNewsItem: the item read breaks the format.
    """
    return load(data)


#: The codec protocol's name for ``dumps``.
encode = dumps


def issues(data: bytes) -> list[Issue]:
    """Every issue of one text: its parse error, or the reader's warnings then the validation
    issues, each located by line where possible."""
    try:
        item, found = read(decode_bytes(data))
    except ParseError as exc:
        return [exc.issue]
    return [*found.warnings, *_validated(item, found)]
