"""Checking files: read a file, pick its form, and collect each item's issues.

The CLI and other front ends call this; nothing here prints. Parse failures are returned as
issues (one bad file never stops a batch); only unreadable input raises ``InputError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsitem.codecs import get_codec
from newsitem.errors import NewsItemError
from newsitem.issues import Issue

#: File extension -> form.
EXTENSIONS: dict[str, str] = {".json": "json", ".xml": "xml", ".txt": "text"}


class InputError(NewsItemError, OSError):
    """A file that cannot be read at all (missing, a directory, no permission)."""


@dataclass(slots=True)
class ItemResult:
    """The issues of one item; ``where`` names it inside its file (empty for single items)."""

    issues: list[Issue]
    where: str = ""
    line: int | None = None

    @property
    def valid(self) -> bool:
        """True when the item has no error."""
        return not any(i.severity == "error" for i in self.issues)


@dataclass(slots=True)
class FileResult:
    """The results of one input file."""

    path: str
    form: str
    items: list[ItemResult] = field(default_factory=list)


def form_of(path: Path, forced: str | None = None) -> str:
    """The form of a file: forced, by extension, else sniffed from its first bytes."""
    if forced:
        return forced
    form = EXTENSIONS.get(path.suffix.lower())
    return form if form is not None else "sniff"


def sniff(data: bytes) -> str:
    """Guess the form of a document from its content."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{":
        return "json"
    if head == b"<":
        return "xml"
    return "text"


def read_input(path: Path) -> bytes:
    """Read a file's bytes, turning OS errors into ``InputError`` with a clear message."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def check_bytes(data: bytes, form: str) -> list[ItemResult]:
    """The results of the items in one document of a given form."""
    if form == "sniff":
        form = sniff(data)
    codec = get_codec(form)
    found = sorted(codec.issues(data), key=lambda i: (i.line or 0, i.column or 0))
    return [ItemResult(issues=found)]


def expand(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the files with a known extension under each directory
    (recursively, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in EXTENSIONS
            )
        else:
            found.append(path)
    return found


def check_file(path: Path, form: str | None = None) -> FileResult:
    """Read and check one file.

    Raises:
        InputError: when the file cannot be read.
    """
    chosen = form_of(path, form)
    data = read_input(path)
    if chosen == "sniff":
        chosen = sniff(data)
    return FileResult(path=str(path), form=chosen, items=check_bytes(data, chosen))
