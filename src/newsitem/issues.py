"""Issues: what is wrong (a stable code), why (a message) and where (path, line, column).

The registry ``CODES`` is the one list of issue codes; SPEC.md section 8 documents the same
codes and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Issue:
    """One problem found in a document.

    Attributes:
        code: the stable issue code, e.g. ``"NI101"``.
        message: a human-readable sentence; not stable, do not parse it.
        path: where in the document: a JSON path (``$.body[2]``) for JSON and text input,
            an XPath (``/ni:newsItem/ni:body/ni:p[3]``) for XML input.
        line: 1-based line in the source, when the input came from text.
        column: 1-based column (in characters), when known.
        severity: ``"error"`` makes a document invalid; ``"warning"`` does not.
    """

    code: str
    message: str
    path: str = "$"
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.line}:{self.column or 0}: " if self.line is not None else ""
        return f"{where}{self.code} {self.message} [{self.path}]"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What an issue code stands for."""

    severity: Severity
    title: str


#: Every issue code newsitem emits. NI1xx: structure and syntax; NI2xx: values;
#: NI3xx: semantic rules; NI4xx: raw-text parsing warnings; NI5xx: interop warnings.
CODES: dict[str, CodeInfo] = {
    "NI100": CodeInfo("error", "not well-formed (JSON or XML syntax error)"),
    "NI101": CodeInfo("error", "required field missing"),
    "NI102": CodeInfo("error", "unknown field or element"),
    "NI103": CodeInfo("error", "wrong type"),
    "NI104": CodeInfo("error", "wrong root (not an object, or not a newsItem element)"),
    "NI105": CodeInfo("error", "duplicate key or element"),
    "NI106": CodeInfo("error", "DTD, entity declaration or XInclude present"),
    "NI107": CodeInfo("error", "non-finite number (NaN or Infinity)"),
    "NI108": CodeInfo("error", "limit exceeded (size, depth or count)"),
    "NI109": CodeInfo("error", "wrong or missing XML namespace"),
    "NI110": CodeInfo("error", "missing or unsupported format version"),
    "NI111": CodeInfo("error", "not valid UTF-8 (or an unsupported encoding)"),
    "NI112": CodeInfo("error", "elements out of order"),
    "NI113": CodeInfo("error", "unusable archive member (link, device, unsafe path, duplicate)"),
    "NI120": CodeInfo("warning", "document of a newer minor version, read as an older one"),
    "NI121": CodeInfo("warning", "field of a newer minor version ignored"),
    "NI122": CodeInfo("warning", "migrate: field kept in extra for an older version"),
    "NI123": CodeInfo("error", "migrate: a value cannot be kept in the older version"),
    "NI124": CodeInfo("warning", "migrate: value dropped (--allow-loss)"),
    "NI200": CodeInfo("error", "empty string"),
    "NI201": CodeInfo("error", "leading or trailing whitespace"),
    "NI202": CodeInfo("error", "character not allowed (control, non-character or surrogate)"),
    "NI203": CodeInfo("error", "duplicate value in a list"),
    "NI204": CodeInfo("error", "list too short (empty list, or no paragraph)"),
    "NI205": CodeInfo("error", "not an RFC 3339 date-time with a time zone"),
    "NI206": CodeInfo("error", "not a BCP 47 language tag"),
    "NI207": CodeInfo("error", "value too long, or list too long"),
    "NI208": CodeInfo("error", "line break in a single-line field"),
    "NI209": CodeInfo("error", "value not allowed"),
    "NI211": CodeInfo("error", "identifier contains whitespace"),
    "NI212": CodeInfo("error", "not an absolute URL"),
    "NI213": CodeInfo("error", "line break other than LF (CR, NEL, U+2028, U+2029)"),
    "NI301": CodeInfo("error", "updated is earlier than published"),
    "NI303": CodeInfo("error", "paragraph contains an empty line"),
    "NI304": CodeInfo("error", "extra label contains ': '"),
    "NI305": CodeInfo("error", "extra label is reserved for a fixed field"),
    "NI306": CodeInfo("warning", "text item without a headline (1.1: a body should have one)"),
    "NI307": CodeInfo("error", "item without content (1.1: no body, media or related items)"),
    "NI350": CodeInfo("warning", "same value twice in a list, differing only in case"),
    "NI351": CodeInfo("warning", "first paragraph repeats the headline"),
    "NI400": CodeInfo("error", "no article found in the text"),
    "NI401": CodeInfo("warning", "provider taken from the page title's suffix"),
    "NI402": CodeInfo("warning", "page chrome line removed"),
    "NI403": CodeInfo("warning", "dangling link text removed from the end of a paragraph"),
    "NI404": CodeInfo("warning", "glued value split by vocabulary"),
    "NI405": CodeInfo("warning", "glued value split at a lowercase-uppercase boundary (guess)"),
    "NI406": CodeInfo("warning", "section missing from the page"),
    "NI407": CodeInfo("warning", "text looks cut off"),
    "NI408": CodeInfo("warning", "headline or service line guessed"),
    "NI409": CodeInfo("warning", "lines without a blank line between read as paragraphs"),
    "NI410": CodeInfo("warning", "repeated or empty metadata value dropped"),
    "NI411": CodeInfo("warning", "characters removed or replaced"),
    "NI412": CodeInfo("warning", "line outside every zone dropped"),
    "NI413": CodeInfo(
        "warning", "text ends in a newsitem trailer that does not parse; read as raw"
    ),
    "NI414": CodeInfo("warning", "provider taken from a credit in the text (dateline, sign-off…)"),
    "NI415": CodeInfo("warning", "language inferred from the text"),
    "NI416": CodeInfo("warning", "page furniture kept as an extra field (byline, date, caption…)"),
    "NI500": CodeInfo("warning", "IPTC import: value with no newsitem field, kept in extra"),
    "NI501": CodeInfo("warning", "IPTC import: value dropped (repeated, too long or unplaceable)"),
    "NI502": CodeInfo("warning", "IPTC import: headline taken from the title or slugline"),
    "NI503": CodeInfo("warning", "IPTC import: value normalised or markup flattened"),
    "NI504": CodeInfo("warning", "IPTC import: date without time zone or not a date, kept as text"),
    "NI505": CodeInfo("warning", "IPTC import: document not validated against the IPTC schema"),
    "NI506": CodeInfo("warning", "IPTC schema: value does not match its format annotation"),
    "NI507": CodeInfo(
        "error", "IPTC import: no content in the source (no body text, media or related items)"
    ),
    "NI508": CodeInfo("warning", "IPTC import: the source breaks its own IPTC schema"),
}


def make_issue(
    code: str,
    message: str,
    path: str = "$",
    line: int | None = None,
    column: int | None = None,
) -> Issue:
    """Build an issue whose severity comes from the registry."""
    return Issue(
        code=code,
        message=message,
        path=path,
        line=line,
        column=column,
        severity=CODES[code].severity,
    )


def recoded(issue: Issue, code: str, message: str) -> Issue:
    """The issue at the same place under another code and message (severity from the
    registry): how a finding is reported again under the code of a policy."""
    return replace(issue, code=code, message=message, severity=CODES[code].severity)
