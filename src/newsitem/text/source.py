"""From bytes or text to numbered lines: encoding checks, BOM, line ends, stray characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsitem.errors import ParseError
from newsitem.issues import Issue, make_issue
from newsitem.values import FORBIDDEN, normalise_breaks

#: Characters a news item cannot carry (``values.FORBIDDEN``). NUL means binary or UTF-16 input
#: and is refused before this is used.
_STRAY = FORBIDDEN
_BOMS = ((b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source: its 1-based number and its text without the line end."""

    number: int
    text: str


def decode_bytes(data: bytes) -> str:
    """UTF-8 bytes to text.

    Raises:
        ParseError: NI111 for UTF-16 input (a UTF-16 BOM or NUL bytes) and invalid UTF-8.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise ParseError(
                make_issue("NI111", f"the text is {name}-encoded; it must be UTF-8", line=1)
            )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise ParseError(
            make_issue(
                "NI111",
                f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})",
                line=line,
                column=column,
            )
        ) from None


def normalise(text: str) -> str:
    """Drop a leading BOM and turn every line break (CR LF, CR, NEL, U+2028, U+2029) into LF.

    Raises:
        ParseError: NI111 when the text holds NUL characters (binary or UTF-16 data).
    """
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        raise ParseError(
            make_issue(
                "NI111",
                "the text contains NUL characters: binary data or UTF-16, not UTF-8 text",
                line=line,
                column=nul - (text.rfind("\n", 0, nul) + 1) + 1,
            )
        )
    text = text.removeprefix("\ufeff")
    return normalise_breaks(text)


def clean_lines(text: str, warnings: list[Issue]) -> list[Line]:
    """Numbered lines with characters an item cannot carry removed (each removal reported).

    Raises:
        ParseError: NI111 when most of the text is such characters (binary junk).
    """
    stray = len(_STRAY.findall(text))
    if stray and stray * 10 > max(len(text), 1):
        raise ParseError(
            make_issue(
                "NI111",
                f"{stray} control or non-text characters in {len(text)}: "
                "this is binary data, not text",
                line=1,
            )
        )
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw
        if stray:
            found = _STRAY.search(raw)
            if found is not None:
                count = len(_STRAY.findall(raw))
                line = _STRAY.sub(_replacement, raw)
                warnings.append(
                    make_issue(
                        "NI411",
                        f"{count} control or non-character(s) removed (first U+"
                        f"{ord(found.group()):04X})",
                        line=number,
                        column=found.start() + 1,
                    )
                )
        lines.append(Line(number, line))
    return lines


def _replacement(match: re.Match[str]) -> str:
    """Tabs stand in for vertical tabs and form feeds; other strays disappear."""
    return " " if match.group() in "\x0b\x0c" else ""
