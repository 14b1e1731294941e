"""Reporters: turn check results into text for people or machines. They return strings;
the CLI decides where they go."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsitem.check import FileResult


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals of a run."""

    files: int
    items: int
    valid: int
    invalid: int
    seconds: float


def summarize(results: Sequence[FileResult], seconds: float) -> Summary:
    """Count files, items, valid and invalid items."""
    items = [item for result in results for item in result.items]
    valid = sum(1 for item in items if item.valid)
    return Summary(len(results), len(items), valid, len(items) - valid, seconds)


def text_report(results: Sequence[FileResult], summary: Summary, *, verbose: bool = False) -> str:
    """One line per issue, ``path:line:col: CODE message``, then a summary line."""
    lines: list[str] = []
    for result in results:
        for item in result.items:
            for issue in item.issues:
                where = f"{issue.line}:{issue.column or 1}" if issue.line is not None else "-"
                sev = "" if issue.severity == "error" else "warning "
                lines.append(
                    f"{result.path}:{where}: {issue.code} {sev}{issue.message} [{issue.path}]"
                )
            if verbose and item.valid:
                lines.append(f"{result.path}{(' ' + item.where) if item.where else ''}: valid")
    lines.append(
        f"{summary.files} file(s), {summary.items} item(s): {summary.valid} valid, "
        f"{summary.invalid} invalid ({summary.seconds:.2f}s)"
    )
    return "\n".join(lines) + "\n"


def json_report(results: Sequence[FileResult], summary: Summary, *, verbose: bool = False) -> str:
    """A JSON document with every file, item and issue, and the summary."""
    del verbose
    doc = {
        "files": [
            {
                "path": r.path,
                "form": r.form,
                "items": [
                    {
                        "where": item.where,
                        "line": item.line,
                        "valid": item.valid,
                        "issues": [
                            {
                                "code": i.code,
                                "severity": i.severity,
                                "message": i.message,
                                "path": i.path,
                                "line": i.line,
                                "column": i.column,
                            }
                            for i in item.issues
                        ],
                    }
                    for item in r.items
                ],
            }
            for r in results
        ],
        "summary": {
            "files": summary.files,
            "items": summary.items,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "seconds": round(summary.seconds, 3),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


Reporter = Callable[..., str]

REPORTERS: dict[str, Reporter] = {"text": text_report, "json": json_report}
