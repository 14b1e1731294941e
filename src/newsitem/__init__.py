"""newsitem: a structured interchange format for news items, with validators and converters.

The public API is ``__all__``; everything else is internal. Importing newsitem is cheap: the
codecs, schema validators and the CLI are imported on first use.

    >>> import newsitem
    >>> item = newsitem.NewsItem(headline="Harbour reopens", body=("Ships sail again.",))
    >>> newsitem.loads(newsitem.dumps(item, "xml"), "xml") == item
    True
"""

from __future__ import annotations

from newsitem._version import __version__
from newsitem.api import dump, dumps, load, loads
from newsitem.codecs import ReadOptions
from newsitem.errors import (
    ConversionError,
    InvalidNewsItem,
    NewsItemError,
    ParseError,
    UnsupportedVersionError,
    UsageError,
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
]
