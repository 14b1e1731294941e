"""Value rules: what a string of a news item may hold, said once for the whole package.

The validator, the semantic rules, every codec, the IPTC importers and the text readers take
their notion of whitespace, forbidden characters, line breaks, empty lines, languages and
date-times from here (SPEC §3 and §6). The JSON Schema says the same in its patterns; a test
holds the patterns below equal to the schema's, so the two cannot drift.

Line breaks: inside any value a line break is LF (U+000A) alone. CR, NEL (U+0085), LINE
SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) are refused (NI213), because XML parsers
turn CR LF into LF, text files do not tell CR LF from LF, and the IPTC forms read U+2028 as a
break: a value holding them could not be carried unchanged through every form.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = [
    "DATETIME_PATTERN",
    "EMPTY_LINE",
    "FORBIDDEN",
    "LANGUAGE_PATTERN",
    "NON_LF_BREAK",
    "WHITESPACE",
    "collapse",
    "datetime_text",
    "has_empty_line",
    "has_non_lf_break",
    "instant",
    "is_datetime",
    "is_language",
    "is_line",
    "is_text",
    "line_problem",
    "normalise_breaks",
    "split_paragraphs",
    "text_problem",
    "trim",
]

#: Whitespace that must not lead or trail a value: Unicode White_Space plus the BOM.
WHITESPACE = (
    " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)

#: Characters no value may hold (NI202): what XML 1.0 cannot carry (C0 controls but tab, LF
#: and CR; U+FFFE, U+FFFF) and lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: Line breaks other than LF (NI213).
NON_LF_BREAK = re.compile("[\r\x85\u2028\u2029]")

#: Any line break a source may use; ``normalise_breaks`` turns each into LF.
_ANY_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")

#: Whitespace that is not a line break: what may stand on an "empty" line.
_INLINE_SPACE = "".join(c for c in WHITESPACE if c not in "\n\r\x85\u2028\u2029")
_BREAK_CLASS = "(?:\r\n|\r(?!\n)|[\n\x85\u2028\u2029])"  # CR LF counts as one break

#: An empty line inside a multi-line value (NI303): a line break, then nothing but inline
#: whitespace, then another line break. Every kind of break counts, so that a value is judged
#: the same before and after ``normalise_breaks``.
EMPTY_LINE = re.compile(_BREAK_CLASS + "[" + re.escape(_INLINE_SPACE) + "]*" + _BREAK_CLASS)

_WHITESPACE_RUN = re.compile("[" + re.escape(WHITESPACE) + "]+")

#: BCP 47 language tag with a primary subtag of 2-3 letters (SPEC §3; the schema's pattern).
LANGUAGE_PATTERN = (
    r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$"
)
_LANGUAGE = re.compile(LANGUAGE_PATTERN[:-1] + r"\Z")
MAX_LANGUAGE = 64

#: RFC 3339 date-time as the format takes it (SPEC §3; the schema's pattern): upper-case T and
#: Z, a zone, no leap second, offsets within ±14:00, years 0001-9999, up to 9 fraction digits.
DATETIME_PATTERN = (
    r"^(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(?:0[1-9]|1[0-2])"
    r"-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
    r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))$"
)
_DATETIME = re.compile(DATETIME_PATTERN[:-1] + r"\Z")


# --- predicates ----------------------------------------------------------------------------


def is_trimmed(value: str) -> bool:
    """True when no whitespace leads or trails the value."""
    return value[:1] not in WHITESPACE and value[-1:] not in WHITESPACE if value else True


def _problem(value: str, *, multiline: bool) -> tuple[str, str] | None:
    """Why a string is not a valid value, as (code, reason); None when it is. Every value is
    non-empty, has nothing forbidden and is trimmed; a single-line value has no line break, a
    multi-line one breaks lines with LF alone and has no empty line."""
    if not value:
        return "NI200", "is empty"
    bad = FORBIDDEN.search(value)
    if bad is not None:
        return "NI202", f"contains U+{ord(bad.group()):04X}, which XML 1.0 cannot carry"
    if not is_trimmed(value):
        return "NI201", "has leading or trailing whitespace"
    if not multiline:
        if "\n" in value or NON_LF_BREAK.search(value):
            return "NI208", "must be a single line"
        return None
    brk = NON_LF_BREAK.search(value) if has_non_lf_break(value) else None
    if brk is not None:
        return "NI213", f"contains U+{ord(brk.group()):04X}; a line break must be LF alone"
    if has_empty_line(value):
        return "NI303", "contains an empty line"
    return None


def line_problem(value: str) -> tuple[str, str] | None:
    """Why a string is not a valid single-line value, as (code, reason); None when it is."""
    return _problem(value, multiline=False)


def text_problem(value: str) -> tuple[str, str] | None:
    """Why a string is not a valid multi-line value, as (code, reason); None when it is."""
    return _problem(value, multiline=True)


def is_line(value: str) -> bool:
    """True for a valid single-line value: non-empty, trimmed, no break, nothing forbidden."""
    return line_problem(value) is None


def is_text(value: str) -> bool:
    """True for a valid multi-line value: like a line, but LF breaks allowed, no empty line."""
    return text_problem(value) is None


def has_empty_line(value: str) -> bool:
    """True when the value holds an empty line (NI303)."""
    return ("\n" in value or has_non_lf_break(value)) and EMPTY_LINE.search(value) is not None


def has_non_lf_break(value: str) -> bool:
    """True when the value holds a line break other than LF (NI213); substring tests first,
    which are much faster than a regex on long values."""
    return "\r" in value or "\x85" in value or "\u2028" in value or "\u2029" in value


def is_language(value: str) -> bool:
    """True for a BCP 47 tag the format accepts."""
    return len(value) <= MAX_LANGUAGE and _LANGUAGE.match(value) is not None


def is_datetime(value: str) -> bool:
    """True for an RFC 3339 date-time the format accepts (shape and calendar)."""
    return instant(value) is not None


# --- transformations (for readers of other forms) -----------------------------------------


def normalise_breaks(value: str) -> str:
    """Every line break (CR LF, CR, NEL, U+2028, U+2029) as LF."""
    return _ANY_BREAK.sub("\n", value)


def trim(value: str) -> str:
    """The value without leading and trailing whitespace."""
    return value.strip(WHITESPACE)


def collapse(value: str) -> str:
    """A single-line value from any text: forbidden characters removed, every whitespace run
    (line breaks included) one space, trimmed."""
    return _WHITESPACE_RUN.sub(" ", FORBIDDEN.sub("", value)).strip(" ")


def split_paragraphs(value: str) -> list[str]:
    """Plain text as valid multi-line values: forbidden characters removed, breaks made LF,
    split at empty lines, each part trimmed, empty parts left out."""
    text = normalise_breaks(FORBIDDEN.sub("", value))
    return [part for part in (trim(p) for p in EMPTY_LINE.split(text)) if part]


# --- date-times ----------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def instant(value: str) -> tuple[int, int] | None:
    """The exact instant of a date-time as (seconds since 1970 UTC, nanoseconds), for ordering
    without losing fraction digits past the sixth; None when the value is not one."""
    if not _DATETIME.match(value):
        return None
    main, frac = value[:19], ""
    rest = value[19:]
    if rest.startswith("."):
        digits = len(rest) - len(rest.lstrip(".0123456789")) - 1
        frac, rest = rest[1 : 1 + digits], rest[1 + digits :]
    if rest == "Z":
        offset = 0
    else:
        sign = -1 if rest[0] == "-" else 1
        offset = sign * (int(rest[1:3]) * 60 + int(rest[4:6]))
    try:
        moment = datetime.fromisoformat(main).replace(tzinfo=timezone(timedelta(minutes=offset)))
    except ValueError:  # 30 February and the like
        return None
    delta = moment - _EPOCH
    seconds = delta.days * 86400 + delta.seconds
    return seconds, int(frac.ljust(9, "0")) if frac else 0


def datetime_text(moment: datetime) -> str:
    """An aware datetime as the format writes it: Z for UTC, an offset otherwise, fraction
    digits only when there are microseconds.

    Raises:
        ValueError: for a naive datetime (it names no instant).
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment!r} has no time zone; give an aware datetime")
    text = moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")
    return text[:-6] + "Z" if offset == timedelta(0) else text
