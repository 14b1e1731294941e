"""Hostile JSON: duplicates, non-finite and huge numbers, depth, surrogates, size, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import (
    MiB,
    assert_clean,
    assert_convert_fails,
    assert_validate_reports,
    invoke,
    json_item,
    run,
    tree,
    write_big,
)

_HEAD = b'{"newsitem": "1.0", "headline": "H", "body": ["Text."]'

CASES: dict[str, tuple[bytes, str]] = {
    "duplicate-keys": (
        b'{"newsitem": "1.0", "headline": "A", "headline": "B", "body": ["T."]}',
        "NI105",
    ),
    "nan": (_HEAD + b', "extra": NaN}', "NI107"),
    "infinity": (_HEAD + b', "extra": -Infinity}', "NI107"),
    "deep-arrays-100000": (
        _HEAD + b', "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "NI108",
    ),
    "lone-surrogate": (b'{"newsitem": "1.0", "headline": "A\\ud800", "body": ["T."]}', "NI202"),
    "huge-float": (_HEAD + b', "extra": 1e999}', "NI107"),
    "huge-integer": (_HEAD + b', "extra": ' + b"9" * 5000 + b"}", "NI107"),
    "root-array": (b"[" + json_item() + b"]", "NI104"),
    "root-string": (b'"newsitem"', "NI104"),
    "root-null": (b"null", "NI104"),
    "trailing-garbage": (json_item() + b" {}", "NI100"),
    "utf16-bom": (json_item().decode().encode("utf-16"), "NI111"),
    "utf32-bom": (json_item().decode().encode("utf-32"), "NI111"),
    "invalid-utf8": (json_item("Caf\xe9").replace(b"\xc3\xa9", b"\xe9"), "NI111"),
    "empty": (b"", "NI100"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate(name: str, tmp_path: Path) -> None:
    """Each hostile JSON document is reported with its code and exit 1, without a traceback."""
    data, code = CASES[name]
    assert_validate_reports(tmp_path / "item.json", data, code)


@pytest.mark.parametrize("name", sorted(CASES))
def test_convert(name: str, tmp_path: Path) -> None:
    """Converting it fails with the same code, exit 1, and writes nothing."""
    data, code = CASES[name]
    assert_convert_fails(tmp_path / "item.json", data, code, "xml")


def test_same_codes_in_a_feed(tmp_path: Path) -> None:
    """Every hostile document as a line of a JSON Lines feed: each line reported with its code
    and line number, the valid last line still valid."""
    names = [n for n in sorted(CASES) if b"\n" not in CASES[n][0] and CASES[n][0]]
    names = [n for n in names if not n.startswith("utf")]  # a BOM is only at the start
    lines = [CASES[n][0] for n in names] + [json_item()]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = invoke(["validate", "-o", "json", str(path)])
    assert result.status == 1
    assert_clean(result)
    import json

    items = json.loads(result.out)["files"][0]["items"]
    by_line = {i["line"]: {x["code"] for x in i["issues"]} for i in items if i["issues"]}
    for number, name in enumerate(names, start=1):
        assert CASES[name][1] in by_line[number], (name, by_line.get(number))
    assert len(names) + 1 not in by_line


def test_string_of_50mb(tmp_path: Path) -> None:
    """A 50 MB string: NI108 under the default 16 MiB item limit, at once, for both commands."""
    path = write_big(
        tmp_path / "big.json",
        b'{"newsitem": "1.0", "headline": "H", "body": ["',
        b"word ",
        50 * MiB,
        b'end"]}',
    )
    default = run(["validate", str(path)])
    assert default.status == 1
    assert "NI108" in default.codes()
    assert_clean(default)
    out = tmp_path / "out"
    out.mkdir()
    converted = run(["convert", str(path), "--to", "xml", "-o", str(out / "i.xml")])
    assert converted.status == 1, converted.both
    assert "NI108" in converted.codes()
    assert tree(out) == []


def test_string_over_the_limit_is_checked_when_raised(tmp_path: Path) -> None:
    """With --max-item-bytes raised, a 50 MB string is read and checked (too long: NI207, not
    NI108) within seconds, by validate and by convert (which writes nothing)."""
    path = write_big(
        tmp_path / "big.json",
        b'{"newsitem": "1.0", "headline": "H", "body": ["',
        b"word ",
        50 * MiB,
        b'end"]}',
    )
    raised = ["--max-item-bytes", str(64 * MiB)]
    checked = run(["validate", str(path), *raised], timeout=15)
    assert checked.status == 1, checked.both
    assert "NI108" not in checked.codes(), checked.both
    assert "NI207" in checked.codes(), checked.both
    assert_clean(checked)
    out = tmp_path / "out"
    out.mkdir()
    converted = run(["convert", str(path), "--to", "xml", "-o", str(out / "i.xml"), *raised])
    assert converted.status == 1, converted.both
    assert "NI207" in converted.codes(), converted.both
    assert_clean(converted)
    assert tree(out) == []
