"""The data-only conformance suite: every case file produces exactly its listed issue codes.

Cases live in ``tests/conformance/<version>/{valid,invalid}/`` with a ``manifest.json`` naming
the codes each file must produce; other implementers can run the same files. Valid cases of
older versions are re-run against every newer version's schema.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from newsitem.codecs import json_codec
from newsitem.schemas import KNOWN_VERSIONS

HERE = Path(__file__).parent


def _cases(kind: str) -> list[tuple[str, Path, list[str]]]:
    found = []
    for version_dir in sorted(p for p in HERE.iterdir() if p.is_dir() and p.name[0].isdigit()):
        manifest = json.loads((version_dir / "manifest.json").read_text(encoding="utf-8"))
        for name, case in manifest[kind].items():
            found.append(
                (f"{version_dir.name}/{kind}/{name}", version_dir / kind / name, case["codes"])
            )
    return found


def _codes(path: Path) -> list[str]:
    return sorted(issue.code for issue in json_codec.issues(path.read_bytes()))


@pytest.mark.parametrize(
    ("case_id", "path", "codes"), _cases("valid"), ids=lambda v: v if isinstance(v, str) else ""
)
def test_valid_case(case_id: str, path: Path, codes: list[str]) -> None:
    """A valid case produces no error, and exactly the warnings its manifest lists."""
    del case_id
    assert _codes(path) == codes


@pytest.mark.parametrize(
    ("case_id", "path", "codes"), _cases("invalid"), ids=lambda v: v if isinstance(v, str) else ""
)
def test_invalid_case(case_id: str, path: Path, codes: list[str]) -> None:
    """An invalid case produces exactly the issue codes its manifest lists."""
    del case_id
    assert Counter(_codes(path)) == Counter(codes)


def test_every_case_file_is_in_the_manifest() -> None:
    """No case file is left out of its manifest, and no manifest entry lacks a file."""
    for version_dir in (p for p in HERE.iterdir() if p.is_dir() and p.name[0].isdigit()):
        manifest = json.loads((version_dir / "manifest.json").read_text(encoding="utf-8"))
        for kind in ("valid", "invalid"):
            on_disk = {p.name for p in (version_dir / kind).iterdir()}
            assert on_disk == set(manifest[kind]), f"{version_dir.name}/{kind}"


def test_suite_is_large_enough() -> None:
    """The suite has at least 40 cases and covers every issue family."""
    valid, invalid = _cases("valid"), _cases("invalid")
    assert len(valid) + len(invalid) >= 40
    families = {code[:3] for _, _, codes in invalid for code in codes}
    assert {"NI1", "NI2", "NI3"} <= families


def test_known_versions_have_cases() -> None:
    """Every format version this release knows has a conformance folder."""
    for version in KNOWN_VERSIONS:
        assert (HERE / version / "manifest.json").is_file()
