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
    """The public API stays small: model, issues, errors and the verb trio."""
    assert set(newsitem.__all__) == {
        "ConversionError",
        "ExtraField",
        "InvalidNewsItem",
        "Issue",
        "NewsItem",
        "NewsItemError",
        "ParseError",
        "Rights",
        "UnsupportedVersionError",
        "__version__",
        "is_valid",
        "iter_issues",
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
