"""Validation: the verb trio ``iter_issues`` / ``is_valid`` / ``validate``.

A document goes through three stages: its declared version picks the schema (NI110 when it
cannot), the JSON Schema checks structure and values, and the semantic rules (``rules.py``)
check what a schema cannot say. A compiled validator (jsonschema-rs) decides valid/invalid
fast; only invalid documents go through the reference validator (jsonschema), whose errors are
mapped to stable issue codes and located by path, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, Protocol

from newsitem import rules
from newsitem._jsonpos import Path, Positions, json_path, scan
from newsitem._plainschema import ecma_pattern, plain_schema
from newsitem.compat import reading, reading_as_version, reads_directly
from newsitem.errors import InvalidNewsItem
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem, to_dict
from newsitem.schemas import CURRENT_VERSION, KNOWN_VERSIONS, load_schema
from newsitem.values import FORBIDDEN, NON_LF_BREAK, WHITESPACE

__all__ = ["JsonLocator", "Locator", "is_valid", "iter_issues", "validate"]


class Locator(Protocol):
    """Turns a data path into a printable path and a source position."""

    def locate(self, path: Path, *, key: bool = False) -> tuple[str, int | None, int | None]:
        """Return (printable path, line, column) of a value, or of its key if ``key``."""


class PlainLocator:
    """JSON paths, no source positions (for data that did not come from text)."""

    def locate(self, path: Path, *, key: bool = False) -> tuple[str, int | None, int | None]:
        """Return the JSON path and no position."""
        del key
        return json_path(path), None, None


class JsonLocator:
    """JSON paths with the line and column of each value in the JSON source text."""

    def __init__(self, source: bytes | str, first_line: int = 1) -> None:
        self._source = source
        self._first_line = first_line
        self._positions: Positions | None = None

    def locate(self, path: Path, *, key: bool = False) -> tuple[str, int | None, int | None]:
        """Return the JSON path and the position of the value (or key), else its parent's."""
        if self._positions is None:
            text = self._source
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            self._positions = scan(text.removeprefix("\ufeff"), self._first_line)
        pos = self._positions
        probe = path
        found = pos.keys.get(probe) if key else None
        while found is None:
            found = pos.values.get(probe)
            if found is not None or not probe:
                break
            probe = probe[:-1]
        line, col = found if found is not None else (None, None)
        return json_path(path), line, col


# --- schema validators, built once per process and version ------------------------------------

_ecma = ecma_pattern  # a schema pattern with ECMA-262's "$" (schema_diff and tests use it here)


@cache
def _reference_validator(version: str) -> Any:
    """jsonschema's validator, with ECMA-262 ``$`` (end of string only) in patterns."""
    import jsonschema
    from jsonschema import validators

    base = jsonschema.Draft202012Validator

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[Any]:
        del schema
        if validator.is_type(instance, "string") and not _ecma(patrn).search(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")

    cls = validators.extend(base, {"pattern": pattern})
    return cls(load_schema(version), format_checker=base.FORMAT_CHECKER)


@cache
def _fast_validator(version: str, plain: bool = False) -> Any:
    """The compiled validator of a version; ``plain``: of its schema reduced for the strings
    of plain JSON text (``_plainschema``)."""
    import jsonschema_rs

    schema = load_schema(version)
    return jsonschema_rs.validator_for(
        plain_schema(schema) if plain else schema, validate_formats=True
    )


def fast_schema_valid(data: Mapping[str, Any], *, plain: bool = False) -> bool:
    """True when a document declares a known version and the compiled validator accepts it
    (semantic rules not included); False when it cannot say yes quickly.

    ``plain``: the data was parsed from a JSON text that is ASCII with no backslash, so every
    string holds only U+0020 to U+007F and the reduced schema of ``_plainschema`` decides.
    """
    check = fast_check(data.get("newsitem"), plain=plain)
    if check is None:
        return False
    try:
        return bool(check(data))
    except (UnicodeEncodeError, ValueError):  # a lone surrogate: not a quick yes
        return False


_FAST_CHECKS: dict[tuple[object, bool], Any] = {}


def fast_check(declared: object, *, plain: bool = False) -> Any:
    """The compiled validator's ``is_valid`` for documents declaring this version, or None
    when the version is not one it decides (``compat.reads_directly``). For hot loops: one
    lookup instead of a chain of calls. It raises ``ValueError`` on a lone surrogate."""
    if not reads_directly(declared):
        return None
    check = _FAST_CHECKS.get((declared, plain))
    if check is None:
        check = _FAST_CHECKS[(declared, plain)] = _fast_validator(str(declared), plain).is_valid
    return check


def _schema_valid_fast(data: Mapping[str, Any], version: str) -> bool | None:
    """True/False from the compiled validator; None when it cannot judge (lone surrogates)."""
    try:
        return bool(_fast_validator(version).is_valid(data))
    except (UnicodeEncodeError, ValueError):
        return None


# --- the verbs --------------------------------------------------------------------------------


def iter_issues(
    doc: Mapping[str, Any] | NewsItem,
    *,
    source: bytes | str | None = None,
    locator: Locator | None = None,
    first_line: int = 1,
    as_version: str | None = None,
) -> Iterator[Issue]:
    """Yield every problem of a document, errors and warnings, each with code and location.

    Args:
        doc: the document's data (a dict as parsed from JSON) or a model item.
        source: the JSON text the data came from; gives issues a line and column.
        locator: maps data paths to printable paths and positions (the XML codec passes one
            that yields XPaths and source lines); overrides ``source``.
        first_line: the line number of the source's first line (for JSON Lines).
        as_version: check as a consumer that knows the versions up to this one (SPEC §9:
            a newer minor's unknown fields are warnings); default: ``compat.reading_as`` or
            the newest version of this release.
    """
    data: Mapping[str, Any] = to_dict(doc) if isinstance(doc, NewsItem) else doc
    where: Locator = locator or (
        JsonLocator(source, first_line) if source is not None else PlainLocator()
    )

    def issue(code: str, message: str, path: Path, *, key: bool = False) -> Issue:
        printable, line, col = where.locate(path, key=key)
        return make_issue(code, message, printable, line, col)

    if not isinstance(data, Mapping):
        yield issue("NI104", "the document root must be an object", ())
        return
    declared = data.get("newsitem")
    version = as_version or reading_as_version() or CURRENT_VERSION
    view = reading(data, version) if "newsitem" in data else None
    if "newsitem" not in data:
        yield issue(
            "NI110",
            f'missing format version: add "newsitem": "{CURRENT_VERSION}"',
            ("newsitem",),
        )
    elif view is None:
        yield issue(
            "NI110",
            f"unsupported format version {declared!r}; this release reads "
            + ", ".join(v for v in KNOWN_VERSIONS if _version_key(v) <= _version_key(version))
            + " and newer 1.x minor versions",
            ("newsitem",),
            key=False,
        )
        return
    else:
        version = view.version
        if view.newer:
            yield issue(
                "NI120",
                f"format version {declared} is newer than {version}; read as {version}, "
                "fields it does not know are ignored",
                ("newsitem",),
            )
            for path in view.ignored:
                yield issue(
                    "NI121",
                    f"{'.'.join(str(p) for p in path)} is not a field of version {version}; "
                    "ignored",
                    path,
                    key=True,
                )
            data = view.data

    fast = _schema_valid_fast(data, version)
    seen: set[tuple[str, Path]] = set()
    if fast is not True:
        for code, message, path, key in _schema_findings(data, version, surrogates=fast is None):
            if (code, path) in seen:
                continue
            seen.add((code, path))
            yield issue(code, message, path, key=key)
    for code, message, path in rules.check(data):
        if (code, path) not in seen:  # NI213 is both a 1.1 pattern and a rule of every version
            yield issue(code, message, path)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def is_valid(doc: Mapping[str, Any] | NewsItem) -> bool:
    """True when the document has no error (warnings do not count)."""
    data: Mapping[str, Any] = to_dict(doc) if isinstance(doc, NewsItem) else doc
    if (
        isinstance(data, Mapping)
        and reads_directly(data.get("newsitem"))
        and _schema_valid_fast(data, str(data["newsitem"]))
    ):
        return not any(_is_error(code) for code, _, _ in rules.check(data))
    return not any(i.severity == "error" for i in iter_issues(data))


def _is_error(code: str) -> bool:
    from newsitem.issues import CODES

    return CODES[code].severity == "error"


def validate(doc: Mapping[str, Any] | NewsItem, *, source: bytes | str | None = None) -> None:
    """Raise ``InvalidNewsItem`` (holding every error) unless the document is valid."""
    errors = [i for i in iter_issues(doc, source=source) if i.severity == "error"]
    if errors:
        raise InvalidNewsItem(errors)


# --- jsonschema errors -> issue codes ---------------------------------------------------------

SchemaFinding = tuple[str, str, Path, bool]


def _schema_findings(
    data: Mapping[str, Any], version: str, *, surrogates: bool
) -> Iterator[SchemaFinding]:
    if surrogates:
        yield from _surrogate_findings(data, ())
    errors = sorted(
        _reference_validator(version).iter_errors(data),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    for error in errors:
        yield from _map_error(error)


def _surrogate_findings(value: Any, path: Path) -> Iterator[SchemaFinding]:
    if isinstance(value, str):
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            yield ("NI202", "lone surrogate character is not allowed", path, False)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _surrogate_findings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _surrogate_findings(item, (*path, index))


_KIND = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "null": "null",
    "boolean": "a boolean",
    "number": "a number",
    "integer": "a whole number",
}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return "null"


def _map_error(error: Any) -> Iterator[SchemaFinding]:
    path: Path = tuple(error.absolute_path)
    keyword: str = error.validator
    value = error.instance
    schema: Mapping[str, Any] = error.schema
    field = _field_name(path)
    if keyword == "anyOf" and not path:
        return  # a document-level condition (1.1: NI307): rules.py names it
    if keyword == "required":
        for name in error.validator_value:
            if isinstance(value, Mapping) and name not in value and name != "newsitem":
                yield ("NI101", f"required field {name!r} is missing", (*path, name), False)
    elif keyword in {"additionalProperties", "unevaluatedProperties"}:
        allowed = set(schema.get("properties", {}))
        for name in value if isinstance(value, Mapping) else ():
            if name not in allowed:
                yield ("NI102", f"unknown field {name!r}", (*path, name), True)
    elif keyword == "type":
        if not path:
            yield ("NI104", "the document root must be an object", path, False)
        else:
            expected = _KIND.get(str(error.validator_value), str(error.validator_value))
            yield (
                "NI103",
                f"{field} must be {expected}, not {_json_type(value)}",
                path,
                False,
            )
    elif keyword == "uniqueItems":
        first: dict[str, int] = {}
        for index, item in enumerate(value):
            token = repr(item)
            if token in first:
                yield (
                    "NI203",
                    f"{item!r} appears twice in {field} (first at index {first[token]})",
                    (*path, index),
                    False,
                )
            else:
                first[token] = index
    elif keyword == "minItems":
        what = "at least one paragraph" if field == "body" else "at least one value"
        yield ("NI204", f"{field} must have {what}; leave an empty list out", path, False)
    elif keyword == "maxItems":
        yield ("NI207", f"{field} has more than {error.validator_value} entries", path, False)
    elif keyword == "maxLength":
        yield (
            "NI207",
            f"{field} is {len(value)} characters long, more than {error.validator_value}",
            path,
            False,
        )
    elif keyword in {"minLength", "pattern", "format", "const"} or (
        keyword == "enum" and "x-issue" in schema
    ):
        yield from _string_findings(value, schema, path, field)
    else:
        yield ("NI209", f"{field}: {error.message}", path, False)


def _field_name(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not path:
        return "the document"
    label = names[-1] if names else "value"
    if isinstance(path[-1], int):
        return f"{label}[{path[-1]}]"
    return label


def _string_findings(
    value: Any, schema: Mapping[str, Any], path: Path, field: str
) -> Iterator[SchemaFinding]:
    """The one finding that explains why a string failed its schema node: the first of
    ``_STRING_CHECKS`` that applies, else NI209."""
    if not isinstance(value, str):
        return
    for check in _STRING_CHECKS:
        found = check(value, schema, field)
        if found is not None:
            yield (found[0], found[1], path, False)
            return
    yield ("NI209", f"{field} has a value that is not allowed: {value!r}", path, False)


StringFinding = tuple[str, str] | None


def _empty(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    return ("NI200", f"{field} is empty; leave the field out instead") if value == "" else None


def _forbidden(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    bad = _first_of(FORBIDDEN, value)
    return None if bad is None else ("NI202", f"{field} contains {bad}, which XML 1.0 cannot carry")


def _declared(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    """The code the schema node names for its own check (``x-issue``)."""
    code = schema.get("x-issue")
    if code == "NI110":
        return "NI110", f"unsupported format version {value!r}"
    if code is not None:
        return str(code), _SPECIFIC[str(code)].format(field=field, value=value)
    return None


def _untrimmed(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    if value != value.strip(WHITESPACE):
        return "NI201", f"{field} has leading or trailing whitespace"
    return None


def _break_in_line(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    if ("\n" in value or "\r" in value) and not _multiline(schema):
        return "NI208", f"{field} must be a single line"
    return None


def _odd_break(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    other = _first_of(NON_LF_BREAK, value)
    if other is not None:
        return "NI213", f"{field} contains the line break {other}; only LF is allowed"
    return None


def _any_break(value: str, schema: Mapping[str, Any], field: str) -> StringFinding:
    return ("NI208", f"{field} must be a single line") if "\n" in value or "\r" in value else None


#: The string checks in the order their findings take precedence.
_STRING_CHECKS = (
    _empty,
    _forbidden,
    _declared,
    _untrimmed,
    _break_in_line,
    _odd_break,
    _any_break,
)


def _first_of(pattern: re.Pattern[str], value: str) -> str | None:
    """The first character of the value the pattern finds, as ``U+XXXX``; None if none."""
    found = pattern.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _multiline(schema: Mapping[str, Any]) -> bool:
    """True when the schema node's pattern lets a value span lines (a text, not a line)."""
    pattern = schema.get("pattern")
    return isinstance(pattern, str) and _ecma(pattern).search("a\nb") is not None


_SPECIFIC = {
    "NI205": "{field} {value!r} is not an RFC 3339 date-time with a time zone "
    "(e.g. 2024-05-01T09:30:00Z)",
    "NI206": "{field} {value!r} is not a BCP 47 language tag (e.g. en, pt-BR)",
    "NI211": "{field} {value!r} must not contain whitespace",
    "NI212": "{field} {value!r} is not an absolute URL (e.g. https://example.com/terms)",
}
