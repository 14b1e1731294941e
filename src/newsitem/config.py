"""Which issue codes count, from the command line and a configuration file.

Settings (all optional), under ``[tool.newsitem]`` in ``pyproject.toml`` or at the top level
of ``newsitem.toml``:

- ``select``: codes or code prefixes to report (default: all); ``"NI5"`` selects NI500-NI599.
- ``ignore``: codes or prefixes not to report.
- ``warnings-as-errors``: a reported warning makes its item invalid.
- ``exit-zero``: exit 0 even when problems are found (unreadable input still exits 2).

The file is looked for upwards from a start directory (``find_config``): in each directory,
``newsitem.toml`` first, then a ``pyproject.toml`` that has a ``[tool.newsitem]`` table; the
first one found is used. As in ruff, the most specific of the matching ``select`` and
``ignore`` entries decides: ``select = ["NI"]`` with ``ignore = ["NI5"]`` drops NI500-NI599,
``select = ["NI501"]`` with ``ignore = ["NI5"]`` keeps NI501; at equal length ignore wins.
Nothing here prints; errors are ``ConfigError``.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsitem.check import CheckReport, FileResult, ItemResult
from newsitem.errors import ConfigError
from newsitem.issues import CODES, Issue

__all__ = [
    "CONFIG_NAMES",
    "CodeSelection",
    "ConfigError",
    "find_config",
    "load_config",
    "parse_codes",
]

#: The files looked for in each directory, in this order.
CONFIG_NAMES = ("newsitem.toml", "pyproject.toml")

_KEYS = {"select", "ignore", "warnings-as-errors", "exit-zero"}


@dataclass(frozen=True, slots=True)
class CodeSelection:
    """Which codes are reported and how they count.

    Attributes:
        select: codes or prefixes to report; empty means all.
        ignore: codes or prefixes not to report.
        warnings_as_errors: reported warnings become errors.
        exit_zero: problems found do not change the exit status.
        source: the configuration file these settings came from, if any.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    warnings_as_errors: bool = False
    exit_zero: bool = False
    source: Path | None = None

    def wants(self, code: str) -> bool:
        """True when issues with this code are reported."""
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        if self.select and chosen < 0:
            return False
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return dropped < max(chosen, 0)

    def apply(self, issues: Iterable[Issue]) -> list[Issue]:
        """The issues that are reported, warnings raised to errors when asked."""
        kept = [i for i in issues if self.wants(i.code)]
        if self.warnings_as_errors:
            kept = [
                i if i.severity == "error" else dataclasses.replace(i, severity="error")
                for i in kept
            ]
        return kept

    def apply_file(self, result: FileResult) -> FileResult:
        """One file's results with only the reported issues (the same object when nothing
        changes)."""
        if self.changes_nothing:
            return result
        items = [
            ItemResult(self.apply(item.issues), item.where, item.line) for item in result.items
        ]
        return FileResult(result.path, result.form, items)

    def apply_report(self, report: CheckReport) -> CheckReport:
        """A report with only the reported issues, its totals counted again.

        Items left out of ``report.files`` had no issue, so they stay valid.
        """
        if self.changes_nothing:
            return report
        files = [self.apply_file(r) for r in report.files]
        before = sum(1 for r in report.files for item in r.items if not item.valid)
        after = sum(1 for r in files for item in r.items if not item.valid)
        warnings = sum(
            1 for r in files for item in r.items for i in item.issues if i.severity == "warning"
        )
        return dataclasses.replace(
            report, files=files, valid=report.valid + before - after, warnings=warnings
        )

    @property
    def changes_nothing(self) -> bool:
        """True when every issue is reported as it is."""
        return not (self.select or self.ignore or self.warnings_as_errors)

    def override(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        warnings_as_errors: bool | None = None,
        exit_zero: bool | None = None,
    ) -> CodeSelection:
        """These settings with the given ones (command-line values) in place of theirs."""
        return CodeSelection(
            tuple(select) if select is not None else self.select,
            tuple(ignore) if ignore is not None else self.ignore,
            self.warnings_as_errors if warnings_as_errors is None else warnings_as_errors,
            self.exit_zero if exit_zero is None else exit_zero,
            self.source,
        )


def parse_codes(values: Iterable[str], *, where: str) -> tuple[str, ...]:
    """Codes and prefixes from repeated or comma-separated values, upper-cased and checked.

    Raises:
        ConfigError: a value matches no known code.
    """
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if code != "ALL" and not any(known.startswith(code) for known in CODES):
                raise ConfigError(f"{where}: {part.strip()!r} matches no issue code")
            codes.append("" if code == "ALL" else code)
    return tuple(codes)


def find_config(start: Path) -> Path | None:
    """The configuration file that applies in ``start``: the nearest ``newsitem.toml``, or
    ``pyproject.toml`` with a ``[tool.newsitem]`` table, in ``start`` or a directory above."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "newsitem.toml" or "newsitem" in _read(candidate).get("tool", {}):
                return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def load_config(path: Path) -> CodeSelection:
    """The settings of one configuration file (``[tool.newsitem]`` of a ``pyproject.toml``,
    the top level of any other file).

    Raises:
        ConfigError: the file cannot be read, is not TOML, or has an unknown key or value.
    """
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("newsitem", {})
        where = f"{path} [tool.newsitem]"
    else:
        table = data.get("tool", {}).get("newsitem", data) if "tool" in data else data
        where = str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    return CodeSelection(
        _code_list(table, "select", where),
        _code_list(table, "ignore", where),
        _flag(table, "warnings-as-errors", where),
        _flag(table, "exit-zero", where),
        path,
    )


def _code_list(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where}: {key} must be a list of codes, e.g. ["NI5"]')
    return parse_codes(value, where=f"{where} {key}")


def _flag(table: dict[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false")
    return value
