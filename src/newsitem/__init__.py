"""newsitem: a structured interchange format for news items, with validators and converters.

The public API is ``__all__``; everything else is internal. Importing newsitem is cheap: the
codecs, schema validators and the CLI are imported on first use.
"""

from __future__ import annotations

from newsitem._version import __version__
from newsitem.errors import (
    ConversionError,
    InvalidNewsItem,
    NewsItemError,
    ParseError,
    UnsupportedVersionError,
)
from newsitem.issues import Issue
from newsitem.model import ExtraField, NewsItem, Rights
from newsitem.validate import is_valid, iter_issues, validate

__all__ = [
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
]
