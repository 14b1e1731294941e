"""The data-only conformance suite: every case file produces exactly its listed issues.

Cases live in ``tests/conformance/<version>/{valid,invalid}/`` with a ``manifest.json`` naming,
for each file, the issues it must produce: code, location (JSON path or XPath) and source
line. Files are JSON (``.json``), JSON Lines (``.jsonl``, one item per line) or XML (``.xml``);
a case may say ``"as": "1.0"`` to be checked as a consumer that knows only that version (SPEC
§9.2). Other implementers can run the same files. Every valid case of an older version is
re-run against every newer version's schema (SPEC §9.1: a 1.y consumer accepts 1.x documents).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsitem.codecs import json_codec, xml_codec
from newsitem.compat import reading_as
from newsitem.issues import CODES, Issue
from newsitem.schemas import KNOWN_VERSIONS
from newsitem.validate import iter_issues

HERE = Path(__file__).parent
KINDS = ("valid", "invalid")

Expected = tuple[str, str, int | None]


def _manifest(version_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((version_dir / "manifest.json").read_text("utf-8"))
    return data


def _version_dirs() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if p.is_dir() and p.name[0].isdigit())


def _cases(kind: str) -> list[tuple[str, Path, dict[str, Any]]]:
    found = []
    for version_dir in _version_dirs():
        for name, case in _manifest(version_dir)[kind].items():
            found.append((f"{version_dir.name}/{kind}/{name}", version_dir / kind / name, case))
    return found


def issues_of(path: Path) -> list[Issue]:
    """The issues newsitem reports for one case file, by its extension."""
    data = path.read_bytes()
    if path.suffix == ".xml":
        return xml_codec.issues(data)
    if path.suffix == ".jsonl":
        found: list[Issue] = []
        for number, line in enumerate(data.split(b"\n"), start=1):
            if line.strip():
                found += json_codec.issues(line, first_line=number)
        return found
    return json_codec.issues(data)


def _expected(case: dict[str, Any]) -> Counter[Expected]:
    return Counter((i["code"], i["path"], i.get("line")) for i in case["issues"])


def _actual(path: Path, case: dict[str, Any]) -> Counter[Expected]:
    with reading_as(case.get("as")):
        found = issues_of(path)
    return Counter((i.code, i.path, i.line) for i in found)


def _ids(value: object) -> str:
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize(("case_id", "path", "case"), _cases("valid"), ids=_ids)
def test_valid_case(case_id: str, path: Path, case: dict[str, Any]) -> None:
    """A valid case produces no error, and exactly the warnings (and places) it lists."""
    del case_id
    assert all(CODES[i["code"]].severity == "warning" for i in case["issues"])
    assert _actual(path, case) == _expected(case)


@pytest.mark.parametrize(("case_id", "path", "case"), _cases("invalid"), ids=_ids)
def test_invalid_case(case_id: str, path: Path, case: dict[str, Any]) -> None:
    """An invalid case produces exactly the issues its manifest lists, at their places."""
    del case_id
    assert any(CODES[i["code"]].severity == "error" for i in case["issues"])
    assert _actual(path, case) == _expected(case)


def _older_valid_json() -> list[tuple[str, Path, str]]:
    found = []
    for case_id, path, case in _cases("valid"):
        version = case_id.split("/", 1)[0]
        if path.suffix != ".json" or "as" in case:
            continue
        for newer in KNOWN_VERSIONS:
            if tuple(map(int, newer.split("."))) > tuple(map(int, version.split("."))):
                found.append((f"{case_id}@{newer}", path, newer))
    return found


@pytest.mark.parametrize(("case_id", "path", "newer"), _older_valid_json(), ids=_ids)
def test_older_valid_case_is_valid_in_newer_version(case_id: str, path: Path, newer: str) -> None:
    """Every valid case of an older version, declared as a newer minor, gives the same codes
    (the newer schema accepts every older document: SPEC §9.1)."""
    del case_id
    data = orjson.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    before = sorted(i.code for i in iter_issues(data))
    data["newsitem"] = newer
    assert sorted(i.code for i in iter_issues(data)) == before


def test_every_case_file_is_in_the_manifest() -> None:
    """No case file is left out of its manifest, and no manifest entry lacks a file."""
    for version_dir in _version_dirs():
        manifest = _manifest(version_dir)
        for kind in KINDS:
            on_disk = {p.name for p in (version_dir / kind).iterdir()}
            assert on_disk == set(manifest[kind]), f"{version_dir.name}/{kind}"


def test_every_case_states_its_places() -> None:
    """Each listed issue names its code, its path and (for documents from text) its line."""
    for _, _, case in _cases("valid") + _cases("invalid"):
        assert case["description"]
        for issue in case["issues"]:
            assert set(issue) <= {"code", "path", "line"}
            assert issue["code"] in CODES
            assert issue["path"].startswith(("$", "/"))


def test_invalid_cases_test_one_thing() -> None:
    """An invalid case produces one issue code (the case named several-problems excepted)."""
    for case_id, _, case in _cases("invalid"):
        codes = {i["code"] for i in case["issues"]}
        assert len(codes) == 1 or "several" in case_id, case_id


def test_suite_is_large_enough() -> None:
    """The suite has at least 40 cases and covers every issue family and every XML code."""
    valid, invalid = _cases("valid"), _cases("invalid")
    assert len(valid) + len(invalid) >= 40
    codes = {i["code"] for _, _, case in invalid for i in case["issues"]}
    assert {"NI1", "NI2", "NI3"} <= {code[:3] for code in codes}
    assert {"NI106", "NI108", "NI109", "NI112"} <= codes


def test_known_versions_have_cases() -> None:
    """Every format version this release knows has a conformance folder."""
    for version in KNOWN_VERSIONS:
        assert (HERE / version / "manifest.json").is_file()


def test_consumers_accept_items_up_to_16_mib() -> None:
    """SPEC §11: a consumer MUST accept a valid item of up to 16 MiB (generated, not stored)."""
    limit = 16 * 1024 * 1024
    paragraph = "word " * 19_999 + "end"
    head = b'{"newsitem":"1.1","headline":"Big","body":['
    count = (limit - len(head) - 2) // (len(paragraph) + 3)
    data = head + b",".join([orjson.dumps(paragraph)] * count) + b"]}"
    assert limit - 100_000 < len(data) <= limit
    assert json_codec.issues(data) == []
    from newsitem.sources import DEFAULT_LIMITS

    assert DEFAULT_LIMITS.max_item_bytes >= limit
