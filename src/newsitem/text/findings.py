"""What a reader found besides the item: warnings, and the source line of every value."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from newsitem._jsonpos import Path, json_path
from newsitem.errors import ParseError
from newsitem.issues import Issue, make_issue


@dataclass(slots=True)
class Findings:
    """Collects warnings (or, in strict mode, raises on the first) and a path -> line map."""

    strict: bool = False
    warnings: list[Issue] = field(default_factory=list)
    where: dict[Path, tuple[int, int | None]] = field(default_factory=dict)

    def warn(
        self,
        code: str,
        message: str,
        path: Path = (),
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """Record a warning; in strict mode raise it as a ``ParseError`` instead.

        Raises:
            ParseError: in strict mode, with the warning turned into an error.
        """
        issue = make_issue(code, message, json_path(path), line, column)
        if self.strict:
            raise ParseError(dataclasses.replace(issue, severity="error"))
        self.warnings.append(issue)

    def place(self, path: Path, line: int, column: int | None = 1) -> None:
        """Remember where a value of the item came from."""
        self.where[path] = (line, column)

    def guessed(self, path: Path, message: str, line: int, column: int | None = 1) -> None:
        """A value taken by a guess: warn (NI408) at the place it came from, and remember it.

        Raises:
            ParseError: in strict mode (see ``warn``).
        """
        self.place(path, line, column)
        self.warn("NI408", message, path, line, column)


class TextLocator:
    """Locates data paths of an item read from text: JSON path plus source line and column."""

    def __init__(self, where: dict[Path, tuple[int, int | None]]) -> None:
        self._where = where

    def locate(self, path: Path, *, key: bool = False) -> tuple[str, int | None, int | None]:
        """Return the JSON path and the line of the value, else of its nearest parent."""
        del key
        probe = path
        while True:
            found = self._where.get(probe)
            if found is not None:
                return json_path(path), found[0], found[1]
            if not probe:
                return json_path(path), None, None
            probe = probe[:-1]
