"""The exception tree of newsitem.

::

    NewsItemError                      every error newsitem raises
    ├── ParseError (ValueError)        input that is not a document at all (syntax, encoding,
    │                                  forbidden XML constructs, limits); carries one Issue
    ├── UnsupportedVersionError (ValueError)
    │                                  a document declares a format version we do not know
    ├── InvalidNewsItem (ValueError)   a parsable document that breaks the format; carries
    │                                  every Issue
    └── ConversionError (ValueError)   an item that the target form cannot carry

Unparsable input raises; parsable-but-invalid content becomes issues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newsitem.issues import Issue


class NewsItemError(Exception):
    """Base class of every error newsitem raises."""


class ParseError(NewsItemError, ValueError):
    """The input is not a well-formed document; ``issue`` says what and where."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


class UnsupportedVersionError(NewsItemError, ValueError):
    """A document declares a version of the format this release does not know."""

    def __init__(self, version: object, known: Sequence[str]) -> None:
        self.version = version
        self.known = tuple(known)
        super().__init__(
            f"unsupported newsitem version {version!r}; this release knows " + ", ".join(self.known)
        )


class InvalidNewsItem(NewsItemError, ValueError):  # noqa: N818 (the name the brief uses)
    """A document that parses but breaks the format; ``issues`` lists every problem."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        first = self.issues[0] if self.issues else None
        summary = f"{first.code} {first.message} at {first.path}" if first else "invalid"
        more = f" (and {len(self.issues) - 1} more)" if len(self.issues) > 1 else ""
        super().__init__(summary + more)


class ConversionError(NewsItemError, ValueError):
    """An item cannot be written in the requested form."""
