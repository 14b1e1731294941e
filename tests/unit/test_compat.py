"""The compatibility policy: older documents as they are, newer minors with warnings."""

from __future__ import annotations

import pytest

from newsitem.compat import parse_version, reading, reading_as, reads_directly
from newsitem.errors import UnsupportedVersionError
from newsitem.validate import is_valid, iter_issues

NEW = {
    "newsitem": "1.1",
    "headline": "H",
    "body": ["b"],
    "urgency": 3,
    "rights": {"notice": "n", "license": "https://example.com/l"},
}


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("1.0", (1, 0)), ("1.12", (1, 12)), ("01.0", None), ("1", None), ("1.0.0", None), (1.0, None)],
)
def test_parse_version(text: object, parsed: tuple[int, int] | None) -> None:
    """Only MAJOR.MINOR without leading zeros is a version."""
    assert parse_version(text) == parsed


def test_older_document_is_read_as_declared() -> None:
    """A 1.0 document is checked against the 1.0 schema, unchanged."""
    data = {"newsitem": "1.0", "headline": "H", "body": ["b"]}
    view = reading(data, "1.1")
    assert view is not None
    assert (view.version, view.data is data, view.newer, view.ignored) == ("1.0", True, False, ())


def test_newer_minor_drops_unknown_fields_at_every_depth() -> None:
    """Read as 1.0, the 1.1 fields (also inside rights) are left out and listed."""
    view = reading(NEW, "1.0")
    assert view is not None
    assert view.newer and view.version == "1.0" and view.declared == "1.1"
    assert view.ignored == (("urgency",), ("rights", "license"))
    assert view.data == {
        "newsitem": "1.0",
        "headline": "H",
        "body": ["b"],
        "rights": {"notice": "n"},
    }


@pytest.mark.parametrize("declared", ["2.0", "0.9", "one", None, 1.1])
def test_other_major_or_malformed_is_not_read(declared: object) -> None:
    """Another major, or a malformed version, has no reading (NI110)."""
    assert reading({"newsitem": declared, "headline": "H", "body": ["b"]}, "1.1") is None


def test_as_version_gives_warnings_not_errors() -> None:
    """iter_issues(as_version="1.0") on a 1.1 document: NI120 once, NI121 per field, valid."""
    found = [(i.code, i.path, i.severity) for i in iter_issues(NEW, as_version="1.0")]
    assert found == [
        ("NI120", "$.newsitem", "warning"),
        ("NI121", "$.urgency", "warning"),
        ("NI121", "$.rights.license", "warning"),
    ]


def test_newer_minor_than_this_release_is_read_with_warnings() -> None:
    """A 1.9 document is read as the newest known 1.x; its unknown field is a warning."""
    data = {"newsitem": "1.9", "headline": "H", "body": ["b"], "mood": "calm"}
    assert [i.code for i in iter_issues(data)] == ["NI120", "NI121"]
    assert is_valid(data)


def test_errors_in_known_fields_still_count() -> None:
    """Reading a newer minor ignores only unknown fields; known ones are checked as ever."""
    data = {**NEW, "headline": " H"}
    codes = [i.code for i in iter_issues(data, as_version="1.0")]
    assert "NI201" in codes


def test_reading_as_is_scoped() -> None:
    """reading_as sets the reader's version inside the block only; the fast paths obey it."""
    assert reads_directly("1.1")
    with reading_as("1.0"):
        assert not reads_directly("1.1")
        assert reads_directly("1.0")
        assert next(i.code for i in iter_issues(NEW)) == "NI120"
    assert reads_directly("1.1")
    assert list(iter_issues(NEW)) == []


def test_reading_as_unknown_version_is_refused() -> None:
    """An unknown version cannot be read as."""
    with pytest.raises(UnsupportedVersionError), reading_as("1.7"):
        pass


def test_read_options_carry_the_reading_version() -> None:
    """ReadOptions(as_version="1.0") reads a 1.1 item with NI120/NI121 warnings for that call
    only: the same codec without it, and the context afterwards, are unchanged."""
    import json

    from newsitem.codecs import ReadOptions
    from newsitem.compat import reading_as_version
    from newsitem.forms import FORMS

    data = json.dumps(NEW).encode()
    for form in ("json", "xml"):
        codec = FORMS[form].codec
        document = data if form == "json" else codec.dumps(FORMS["json"].codec.loads(data))
        codes = sorted(i.code for i in codec.issues(document, ReadOptions(as_version="1.0")))
        assert codes == ["NI120", "NI121", "NI121"], form
        assert codec.load(document, ReadOptions(as_version="1.0")).item.version == "1.1", form
        assert codec.issues(document) == [], form
    assert reading_as_version() is None


def test_check_run_reads_as_a_version_without_leaving_it_set(tmp_path: object) -> None:
    """check.run with the reading version in its options warns on a 1.1 JSON item and on each
    item of an XML feed, and the version is never set while its caller's code runs."""
    from pathlib import Path

    import newsitem
    from newsitem.check import CheckOptions, collect_entries, run
    from newsitem.codecs import ReadOptions
    from newsitem.compat import reading_as_version

    assert isinstance(tmp_path, Path)
    item = newsitem.NewsItem.from_dict(NEW)
    (tmp_path / "new.json").write_bytes(newsitem.dumps(item, "json"))
    (tmp_path / "feed.xml").write_bytes(newsitem.dumps(item, "xml-feed"))
    seen: list[str | None] = []
    entries, unreadable = collect_entries([str(tmp_path)])
    options = CheckOptions(read=ReadOptions(as_version="1.0"), keep_valid=True)
    report = run(entries, options, on_file=lambda _result: seen.append(reading_as_version()))
    assert unreadable == []
    assert seen == [None, None]
    codes = {
        f.path.rsplit("/", 1)[-1]: [i.code for r in f.items for i in r.issues] for f in report.files
    }
    assert sorted(codes["new.json"]) == ["NI120", "NI121", "NI121"]
    assert codes["feed.xml"].count("NI121") == 2
    assert report.invalid == 0
    assert not run(entries, CheckOptions(keep_valid=True)).warnings
