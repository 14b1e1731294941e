"""The JSON codec: strict parsing with located errors, canonical output."""

from __future__ import annotations

import pytest

from newsitem import InvalidNewsItem, NewsItem, ParseError
from newsitem.codecs import json_codec


def _parse_error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as info:
        json_codec.parse(data)
    return info.value


def test_duplicate_key_is_located() -> None:
    """A repeated key is NI105 at the second occurrence's line and column."""
    err = _parse_error(b'{\n  "a": 1,\n  "b": {"c": 1, "c": 2}\n}')
    assert (err.issue.code, err.issue.path, err.issue.line, err.issue.column) == (
        "NI105",
        "$.b.c",
        3,
        17,
    )


def test_duplicate_key_with_space_before_colon() -> None:
    """Keys written with spaces before the colon are still checked for duplicates."""
    assert _parse_error(b'{"a" : 1, "a": 2}').issue.code == "NI105"


def test_colon_inside_string_is_not_a_duplicate() -> None:
    """A string value containing '":' does not trip the duplicate-key screen."""
    assert json_codec.parse(b'{"a": "x\\":", "b": 1}') == {"a": 'x":', "b": 1}


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_non_finite_numbers(literal: bytes) -> None:
    """NaN, Infinity and overflowing numbers are NI107."""
    assert _parse_error(b'{"a": ' + literal + b"}").issue.code == "NI107"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"[1, 2]", "NI104"),
        (b'"text"', "NI104"),
        (b"null", "NI104"),
        (b"", "NI100"),
        (b"   \n", "NI100"),
        (b'{"a": 1} trailing', "NI100"),
        (b'{"a": 1,}', "NI100"),
        (b"[" * 2000 + b"]" * 2000, "NI108"),
        ('{"a": "x"}'.encode("utf-16"), "NI111"),
        (b'{"a": "\xff"}', "NI111"),
        (b'{"a": "\\ud800"}', "NI202"),
    ],
)
def test_parse_errors_have_codes(data: bytes, code: str) -> None:
    """Each kind of unparsable input has its own code."""
    assert _parse_error(data).issue.code == code


def test_syntax_error_position() -> None:
    """A syntax error carries the line and column of the offending character."""
    issue = _parse_error(b'{\n  "a": 1,\n  "b": tru\n}').issue
    assert (issue.code, issue.line) == ("NI100", 3)


def test_invalid_utf8_position() -> None:
    """Invalid UTF-8 is reported at the line and column of the bad byte."""
    issue = _parse_error(b'{\n "a": "ok",\n "b": "\xc3\x28"\n}').issue
    assert (issue.code, issue.line, issue.column) == ("NI111", 3, 8)


def test_size_limit() -> None:
    """Documents over max_bytes are NI108 before parsing."""
    with pytest.raises(ParseError) as info:
        json_codec.parse(b'{"a": "' + b"x" * 100 + b'"}', max_bytes=50)
    assert info.value.issue.code == "NI108"


def test_utf8_bom_is_tolerated() -> None:
    """A UTF-8 BOM before the document is ignored."""
    assert json_codec.parse(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


def test_loads_raises_invalid_with_every_issue() -> None:
    """loads refuses an invalid item and lists every error."""
    with pytest.raises(InvalidNewsItem) as info:
        json_codec.loads(b'{"newsitem": "1.0", "headline": "", "body": [], "x": 1}')
    assert sorted(i.code for i in info.value.issues) == ["NI102", "NI200", "NI204"]


def test_dumps_is_canonical() -> None:
    """dumps writes keys in schema order, two-space indent, UTF-8, one final newline."""
    item = NewsItem(headline="Café", body=("One",), topics=("A",), language="fr")
    out = json_codec.dumps(item)
    assert (
        out
        == (
            '{\n  "newsitem": "1.0",\n  "language": "fr",\n  "headline": "Café",\n'
            '  "body": [\n    "One"\n  ],\n  "topics": [\n    "A"\n  ]\n}\n'
        ).encode()
    )
    assert json_codec.dumps(json_codec.loads(out)) == out


def test_dumps_line_is_one_line() -> None:
    """The JSON Lines form of an item is a single line."""
    item = NewsItem(headline="A", body=("x\ny",))
    line = json_codec.dumps_line(item)
    assert line.count(b"\n") == 1
    assert line.endswith(b"\n")
    assert json_codec.loads(line) == item


def test_issues_reports_parse_error_as_issue() -> None:
    """issues() turns a parse error into a single issue instead of raising."""
    assert [i.code for i in json_codec.issues(b"{")] == ["NI100"]


def test_decode_returns_warnings() -> None:
    """decode keeps warnings of a valid item."""
    decoded = json_codec.decode(b'{"newsitem": "1.0", "headline": "H", "body": ["H"]}')
    assert [w.code for w in decoded.warnings] == ["NI351"]
    assert decoded.item.headline == "H"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_ni111(encoding: str) -> None:
    """JSON in UTF-16/32 without a BOM is NI111 (wrong encoding), not NI100 (syntax)."""
    data = '{"newsitem": "1.0", "headline": "H", "body": ["x"]}'.encode(encoding)
    assert [i.code for i in json_codec.issues(data)] == ["NI111"]


def test_data_nested_deeper_than_orjson_renders_is_screened_exactly() -> None:
    """A document nested past orjson's rendering depth gets its issues, and a duplicate key in
    it is still NI105 (the duplicate screen falls back to the exact scan)."""
    deep = b"[" * 300 + b"]" * 300
    doc = b'{"newsitem": "1.0", "headline": "H", "body": ["x"], "extra": ' + deep + b"}"
    codes = [i.code for i in json_codec.issues(doc)]
    assert codes and "NI105" not in codes
    dup = b'{"newsitem": "1.0", "headline": "H", "headline": "I", "x": ' + deep + b"}"
    assert [i.code for i in json_codec.issues(dup)] == ["NI105"]
