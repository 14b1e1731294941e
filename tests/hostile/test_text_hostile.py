"""Hostile raw text: binary data, bad encodings, giant lines, pages with no article."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import (
    MiB,
    assert_clean,
    assert_convert_fails,
    assert_validate_reports,
    run,
    tree,
    write_big,
)

_PAGE = "Harbour bridge reopens\n\nThe bridge reopened on Monday after repairs.\n"

CASES: dict[str, tuple[bytes, str]] = {
    "nul-bytes": (_PAGE.encode().replace(b"Monday", b"Mon\x00day"), "NI111"),
    "binary-junk": (bytes(range(256)) * 40, "NI111"),
    "invalid-utf8": (_PAGE.encode().replace(b"Monday", b"Mon\xc3\x28day"), "NI111"),
    "utf16": (_PAGE.encode("utf-16"), "NI111"),
    "only-chrome": (b"Subscribe\nShare this\nAdvertisement\nBack to top\nRead more\n", "NI400"),
    "only-metadata": (b"Topics: Politics\nRegions: Europe\n", "NI400"),
    "only-whitespace": (b" \n\t\n\n", "NI400"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate(name: str, tmp_path: Path) -> None:
    """Each hostile page is reported with its code and exit 1."""
    data, code = CASES[name]
    assert_validate_reports(tmp_path / "page.txt", data, code)


@pytest.mark.parametrize("name", sorted(CASES))
def test_convert(name: str, tmp_path: Path) -> None:
    """Converting it fails with the same code, exit 1, and writes nothing."""
    data, code = CASES[name]
    assert_convert_fails(tmp_path / "page.txt", data, code, "json")


def test_single_line_of_100mb(tmp_path: Path) -> None:
    """A 100 MB single line is refused with NI108 in a few seconds (only the limit is read)."""
    path = write_big(tmp_path / "page.txt", b"Headline\n\n", b"word ", 100 * MiB, b"\n")
    result = run(["validate", str(path)], timeout=15)
    assert result.status == 1
    assert "NI108" in result.codes()
    assert_clean(result)
    out = tmp_path / "out"
    out.mkdir()
    converted = run(["convert", str(path), "--to", "json", "-o", str(out / "p.json")], timeout=15)
    assert converted.status == 1
    assert "NI108" in converted.codes()
    assert tree(out) == []
