"""The exception tree of newsitem.

::

    NewsItemError                      every error newsitem raises
    ├── ParseError (ValueError)        input that is not a document at all (syntax, encoding,
    │                                  forbidden XML constructs, limits); carries one Issue
    │   └── OversizeError              a document over a size limit
    ├── UnsupportedVersionError (ValueError)
    │                                  a document declares a format version we do not know
    ├── InvalidNewsItem (ValueError)   a parsable document that breaks the format; carries
    │   │                              every Issue
    │   └── MigrationRefused           a migration down would lose values (NI123)
    ├── ConversionError (ValueError)   an item that the target form cannot carry
    ├── UsageError (ValueError)        a request that cannot be done as asked (unknown form,
    │                                  output inside the input, …): the CLI's exit 2
    ├── IptcSchemasNotFound (UsageError)
    │                                  IPTC validation asked for, but no schema directory given
    │                                  or the one given does not exist
    ├── MissingPyarrowError (UsageError)
    │                                  Parquet asked for, but pyarrow is not installed
    ├── ConfigError (UsageError)       a configuration file or a code list cannot be used
    ├── MappingError (ValueError)      a schema's ``x-xml`` annotations are unusable (a bug in
    │                                  a schema file, never in a document)
    ├── InputError (OSError)           an input that cannot be read at all (missing, no
    │   │                              permission, broken archive)
    │   └── ExpansionError             compressed input over the expansion limit
    ├── OutputExistsError (FileExistsError)
    │                                  an output exists and overwriting was not asked for
    └── NotCanonical (ValueError)      text that ends in a trailer but breaks the canonical
                                       grammar (internal: the text codec then reads it as raw)

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


class MigrationRefused(InvalidNewsItem):
    """A migration down would lose values and loss was not allowed (NI123 issues)."""


class ConversionError(NewsItemError, ValueError):
    """An item cannot be written in the requested form."""


class OversizeError(ParseError):
    """A document over a size limit; ``issue`` (NI108) says which."""


class UsageError(NewsItemError, ValueError):
    """A request that cannot be done as asked (the CLI exits 2)."""


class IptcSchemasNotFound(UsageError):  # noqa: N818 (reads as a sentence)
    """IPTC validation needs IPTC's schema files, and none were given or found."""


class MissingPyarrowError(UsageError):
    """pyarrow is not installed (a usage error: the message says which extra to install)."""


class ConfigError(UsageError):
    """A configuration file or a code list cannot be used (the CLI's exit 2)."""


class MappingError(NewsItemError, ValueError):
    """The ``x-xml`` annotations of a schema are missing, inconsistent or unsupported."""


class InputError(NewsItemError, OSError):
    """An input that cannot be read at all (missing, no permission, broken archive)."""


class ExpansionError(InputError):
    """Compressed input that decompresses to more than the expansion limit allows."""


class OutputExistsError(NewsItemError, FileExistsError):
    """The output file exists and overwriting was not asked for."""


class NotCanonical(NewsItemError, ValueError):  # noqa: N818 (a signal inside the text codec)
    """The text ends in a trailer but does not follow the canonical grammar."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
