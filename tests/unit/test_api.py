"""The public API: small, documented, and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import newsitem


def test_all_names_exist() -> None:
    """Every name in __all__ is importable from the package."""
    for name in newsitem.__all__:
        assert hasattr(newsitem, name), name


def test_public_api_is_small() -> None:
    """The public API stays small: model, issues, errors, the verb trio and the I/O verbs."""
    assert set(newsitem.__all__) == {
        "ConversionError",
        "ExtraField",
        "InvalidNewsItem",
        "Issue",
        "NewsItem",
        "NewsItemError",
        "ParseError",
        "ReadOptions",
        "Rights",
        "UnsupportedVersionError",
        "UsageError",
        "__version__",
        "dump",
        "dumps",
        "is_valid",
        "iter_issues",
        "load",
        "loads",
        "validate",
    }


def test_import_does_not_load_cli_or_validators() -> None:
    """Importing newsitem loads neither typer nor the schema validators."""
    code = (
        "import sys, newsitem; "
        "print(sorted(m for m in ('typer', 'jsonschema', 'jsonschema_rs', 'lxml') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_exceptions_subclass_builtins() -> None:
    """Errors subclass the nearest builtin so callers can catch ValueError."""
    assert issubclass(newsitem.ParseError, ValueError)
    assert issubclass(newsitem.InvalidNewsItem, ValueError)
    assert issubclass(newsitem.UnsupportedVersionError, ValueError)
    assert issubclass(newsitem.ParseError, newsitem.NewsItemError)


def test_model_is_frozen() -> None:
    """Items are immutable."""
    import dataclasses

    import pytest

    item = newsitem.NewsItem(headline="H", body=("x",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.headline = "other"  # type: ignore[misc]


def test_published_at_parses_z() -> None:
    """published_at gives an aware datetime."""
    item = newsitem.NewsItem(headline="H", body=("x",), published="2025-01-01T10:00:00Z")
    assert item.published_at is not None
    assert item.published_at.utcoffset() is not None


ITEM = newsitem.NewsItem(
    headline="Harbour reopens after the storm",
    body=("Ships sailed again on Monday.", "The pier was repaired\novernight."),
    topics=("Weather", "Shipping"),
)
SINGLE_FORMS = ("json", "xml", "text", "ninjs", "ninjs3", "newsml-g2", "nitf")


def test_producer_writes_and_reads_every_form(tmp_path: object) -> None:
    """A producer using only __all__ writes an item in every form and reads it back."""
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    for form in SINGLE_FORMS:
        data = newsitem.dumps(ITEM, form)
        assert isinstance(data, bytes)
        assert newsitem.loads(data, form) == ITEM, form
        assert newsitem.loads(data) == ITEM, form  # the form told from the content
    for name in ("item.json", "item.xml", "item.txt"):
        newsitem.dump(ITEM, tmp_path / name)
        assert newsitem.load(tmp_path / name) == ITEM
    feed = newsitem.dumps(ITEM, "jsonl")
    assert feed.count(b"\n") == 1
    assert newsitem.dumps(ITEM, "xml-feed").rstrip().endswith(b"</ni:newsFeed>")


def test_dumps_refuses_invalid_items() -> None:
    """dumps validates first: an untrimmed headline (NI201) and a repeated topic (NI203) are
    refused with their codes unless validate=False."""
    import pytest

    bad = newsitem.NewsItem(headline=" Harbour ", body=("x",), topics=("A", "A"))
    for form in SINGLE_FORMS:
        with pytest.raises(newsitem.InvalidNewsItem) as refused:
            newsitem.dumps(bad, form)
        assert sorted(i.code for i in refused.value.issues) == ["NI201", "NI203"], form
    assert b'" Harbour "' in newsitem.dumps(bad, "json", validate=False)


def test_misuse_gets_typed_errors(tmp_path: object) -> None:
    """Unknown forms, feeds read as one item, and non-items are typed errors."""
    from pathlib import Path

    import pytest

    assert isinstance(tmp_path, Path)
    with pytest.raises(newsitem.UsageError, match="unknown form"):
        newsitem.dumps(ITEM, "yaml")
    with pytest.raises(newsitem.UsageError, match="feed form"):
        newsitem.loads(newsitem.dumps(ITEM, "jsonl"), "jsonl")
    with pytest.raises(TypeError):
        newsitem.dumps({"headline": "x"}, "json")  # type: ignore[arg-type]
    with pytest.raises(newsitem.UsageError):
        newsitem.dump(ITEM, tmp_path / "item.unknown")
    assert not (tmp_path / "item.unknown").exists()
    with pytest.raises(newsitem.ParseError) as bad:
        newsitem.loads(b"{", "json")
    assert bad.value.issue.code == "NI100"


def test_read_options_make_text_strict() -> None:
    """ReadOptions(mode="strict") turns a guess of the raw-text reader into an error."""
    import pytest

    page = "Harbour reopens after the storm\n\nShips sailed again on Monday morning.\n"
    lax = newsitem.loads(page, "text")
    assert lax.headline == "Harbour reopens after the storm"
    with pytest.raises(newsitem.ParseError):
        newsitem.loads(page, "text", options=newsitem.ReadOptions(mode="strict"))
