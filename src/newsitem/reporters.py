"""Reporters: turn check results into text for people or for CI systems.

Each reporter is a function ``(results, summary, options) -> str``; the CLI decides where the
text goes. ``REPORTERS`` maps the ``--output`` names to them:

- ``text``: ``path:line:col: CODE message [location]`` per issue and a summary line;
- ``json``: every file, item and issue, and the summary, as one JSON document;
- ``github``: GitHub Actions workflow commands (``::error file=,line=,col=,title=::``);
- ``junit``: JUnit XML, one test case per item (GitLab, Jenkins);
- ``sarif``: SARIF 2.1.0 for code scanning.

Every reporter also takes the inputs that could not be read or checked (``Unreadable``) and
shows each with its reason, so that a report never looks clean when the run failed: a JUnit
``<error>`` test case, a SARIF tool execution notification (and ``executionSuccessful:
false``), a GitHub ``::error``, an ``unreadable`` entry in JSON. Issues of archive members are
placed on the archive file (the only file a CI system can annotate), with the member named in
the message (GitHub) or a logical location (SARIF).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsitem.check import CheckReport, FileResult, ItemResult, Unreadable
from newsitem.forms import is_archive
from newsitem.issues import CODES, Issue

TOOL_URI = "https://newsitem.dev"


def escape(text: str) -> str:
    """Escape text for XML character data (xml.sax.saxutils would pull in urllib at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value in double quotes, escaped."""
    escaped = escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
    return f'"{escaped.replace(chr(9), "&#9;")}"'


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals of a run."""

    files: int
    items: int
    valid: int
    invalid: int
    seconds: float
    warnings: int = 0
    unreadable: int = 0

    @classmethod
    def of(cls, report: CheckReport, unreadable: int = 0) -> Summary:
        """The totals of a check run (``unreadable``: inputs that could not be read at all)."""
        return cls(
            report.checked_files,
            report.items,
            report.valid,
            report.invalid,
            report.seconds,
            report.warnings,
            unreadable,
        )


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How much to say and how."""

    verbose: bool = False
    quiet: bool = False
    color: bool = False
    version: str = ""


def summary_line(summary: Summary) -> str:
    """The one-line summary every text-like report ends with."""
    warn = f", {summary.warnings} warning(s)" if summary.warnings else ""
    bad = f", {summary.unreadable} unreadable input(s)" if summary.unreadable else ""
    return (
        f"{summary.files} file(s), {summary.items} item(s): {summary.valid} valid, "
        f"{summary.invalid} invalid{warn}{bad} ({summary.seconds:.2f}s)"
    )


def split_archive(path: str) -> tuple[str, str | None]:
    """``("bad.zip", "dir/item.json")`` for the archive member name ``bad.zip!dir/item.json``;
    ``(path, None)`` for a plain file."""
    start = 0
    while (mark := path.find("!", start)) >= 0:
        if is_archive(path[:mark]):
            return path[:mark], path[mark + 1 :]
        start = mark + 1
    return path, None


def _issues(results: Sequence[FileResult]) -> list[tuple[FileResult, ItemResult, Issue]]:
    return [(r, item, i) for r in results for item in r.items for i in item.issues]


def _paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def text_lines(result: FileResult, options: ReportOptions) -> str:
    """The text report of one file: ``path:line:col: CODE message [location]`` per issue."""
    lines: list[str] = []
    for item in result.items:
        for issue in item.issues:
            if options.quiet and issue.severity != "error":
                continue
            line = issue.line or item.line
            where = f"{line}:{issue.column or 1}" if line is not None else "-:-"
            colour = "31;1" if issue.severity == "error" else "33"
            code = _paint(issue.code, colour, options.color)
            sev = "" if issue.severity == "error" else "warning: "
            lines.append(f"{result.path}:{where}: {code} {sev}{issue.message} [{issue.path}]")
        if options.verbose and item.valid:
            label = f" {item.where}" if item.where else ""
            lines.append(f"{result.path}{label}: {_paint('valid', '32', options.color)}")
    return "".join(line + "\n" for line in lines)


def text_report(
    results: Sequence[FileResult],
    summary: Summary,
    options: ReportOptions,
    unreadable: Sequence[Unreadable] = (),
) -> str:
    """One line per issue, ``path:line:col: CODE message [location]``, then a summary (the
    unreadable inputs are told on standard error by the CLI, and counted in the summary)."""
    del unreadable
    body = "".join(text_lines(r, options) for r in results)
    return body + ("" if options.quiet else summary_line(summary) + "\n")


def json_report(
    results: Sequence[FileResult],
    summary: Summary,
    options: ReportOptions,
    unreadable: Sequence[Unreadable] = (),
) -> str:
    """A JSON document with every file, item and issue, the unreadable inputs with their
    reasons, and the summary."""
    del options
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
                        "issues": [_issue_dict(i) for i in item.issues],
                    }
                    for item in r.items
                ],
            }
            for r in results
        ],
        "unreadable": [{"path": u.path, "reason": u.reason} for u in unreadable],
        "summary": {
            "files": summary.files,
            "items": summary.items,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "warnings": summary.warnings,
            "unreadable": len(unreadable),
            "seconds": round(summary.seconds, 3),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _issue_dict(issue: Issue) -> dict[str, object]:
    return {
        "code": issue.code,
        "severity": issue.severity,
        "message": issue.message,
        "path": issue.path,
        "line": issue.line,
        "column": issue.column,
    }


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_lines(result: FileResult, options: ReportOptions) -> str:
    """The workflow commands of one file's issues."""
    lines = []
    for item in result.items:
        for issue in item.issues:
            lines.append(_github_line(result, item, issue, options))
    return "".join(line + "\n" for line in lines if line)


def _github_line(result: FileResult, item: ItemResult, issue: Issue, options: ReportOptions) -> str:
    if options.quiet and issue.severity != "error":
        return ""
    level = "error" if issue.severity == "error" else "warning"
    artifact, member = split_archive(result.path)
    props = [f"file={_gh_escape(artifact, prop=True)}"]
    line = issue.line or item.line
    if line is not None and member is None:
        props.append(f"line={line}")
        if issue.column is not None:
            props.append(f"col={issue.column}")
    props.append(f"title={_gh_escape(issue.code, prop=True)}")
    message = f"{issue.message} [{issue.path}]"
    if member is not None:
        place = f":{line}:{issue.column or 1}" if line is not None else ""
        message = f"{member}{place}: {message}"
    return f"::{level} {','.join(props)}::{_gh_escape(message)}"


def github_unreadable(unreadable: Sequence[Unreadable]) -> str:
    """An ``::error`` workflow command per input that could not be read or checked."""
    lines = []
    for problem in unreadable:
        artifact, _ = split_archive(problem.path)
        props = f"file={_gh_escape(artifact, prop=True)},title=unreadable"
        lines.append(f"::error {props}::{_gh_escape(problem.reason)}\n")
    return "".join(lines)


def github_report(
    results: Sequence[FileResult],
    summary: Summary,
    options: ReportOptions,
    unreadable: Sequence[Unreadable] = (),
) -> str:
    """GitHub Actions workflow commands, one per issue and one per unreadable input, and a
    notice with the summary."""
    lines = [line.rstrip("\n") for line in github_unreadable(unreadable).splitlines()]
    for result, item, issue in _issues(results):
        line = _github_line(result, item, issue, options)
        if line:
            lines.append(line)
    lines.append(f"::notice title=newsitem::{_gh_escape(summary_line(summary))}")
    return "\n".join(lines) + "\n"


def junit_report(
    results: Sequence[FileResult],
    summary: Summary,
    options: ReportOptions,
    unreadable: Sequence[Unreadable] = (),
) -> str:
    """JUnit XML: one test suite per file, one test case per item, a failure per invalid
    item, and an ``<error>`` test case per input that could not be read or checked."""
    del options
    suites = []
    for result in results:
        cases = []
        failures = 0
        for index, item in enumerate(result.items, start=1):
            name = item.where or result.path
            if not item.where and len(result.items) > 1:
                name = f"item {index}"
            errors = [i for i in item.issues if i.severity == "error"]
            body = ""
            if errors:
                failures += 1
                text = "\n".join(
                    f"{i.line or '-'}:{i.column or '-'} {i.code} {i.message} [{i.path}]"
                    for i in item.issues
                )
                first = errors[0]
                body = (
                    f"<failure message={quoteattr(f'{first.code} {first.message}')} "
                    f"type={quoteattr(first.code)}>{escape(text)}</failure>"
                )
            warn = [i for i in item.issues if i.severity == "warning"]
            if warn and not errors:
                body = (
                    "<system-out>"
                    + escape("\n".join(f"{i.code} {i.message} [{i.path}]" for i in warn))
                    + "</system-out>"
                )
            cases.append(
                f'    <testcase classname={quoteattr(result.path)} name={quoteattr(name)} time="0">'
                f"{body}</testcase>"
            )
        suites.append(
            f'  <testsuite name={quoteattr(result.path)} tests="{len(result.items)}" '
            f'failures="{failures}" errors="0" skipped="0">\n'
            + "\n".join(cases)
            + "\n  </testsuite>"
        )
    for problem in unreadable:
        suites.append(
            f'  <testsuite name={quoteattr(problem.path)} tests="1" failures="0" errors="1" '
            'skipped="0">\n'
            f"    <testcase classname={quoteattr(problem.path)} name={quoteattr(problem.path)} "
            f'time="0"><error message={quoteattr(problem.reason)} type="unreadable">'
            f"{escape(problem.reason)}</error></testcase>\n  </testsuite>"
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="newsitem" tests="{summary.items + len(unreadable)}" '
        f'failures="{summary.invalid}" errors="{len(unreadable)}" '
        f'time="{summary.seconds:.3f}">\n'
    )
    return head + "\n".join(suites) + ("\n" if suites else "") + "</testsuites>\n"


def sarif_uri(path: str) -> str:
    """A SARIF artifact URI for a path: percent-encoded, relative paths kept relative."""
    from urllib.parse import quote

    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def sarif_report(
    results: Sequence[FileResult],
    summary: Summary,
    options: ReportOptions,
    unreadable: Sequence[Unreadable] = (),
) -> str:
    """SARIF 2.1.0: one run, a rule per issue code used, a result per issue; the inputs that
    could not be read are tool execution notifications of the run's invocation."""
    del summary
    used = sorted({issue.code for _, _, issue in _issues(results)})
    sarif_results = []
    for result, item, issue in _issues(results):
        region: dict[str, int] = {}
        line = issue.line or item.line
        if line is not None:
            region["startLine"] = line
            if issue.column is not None:
                region["startColumn"] = issue.column
        artifact, member = split_archive(result.path)
        physical: dict[str, object] = {"artifactLocation": {"uri": sarif_uri(artifact)}}
        if region and member is None:
            physical["region"] = region
        logical: list[dict[str, str]] = [{"fullyQualifiedName": issue.path, "kind": "element"}]
        text = issue.message
        if member is not None:
            logical.insert(0, {"fullyQualifiedName": member, "kind": "member"})
            place = f":{line}:{issue.column or 1}" if line is not None else ""
            text = f"{member}{place}: {text}"
        sarif_results.append(
            {
                "ruleId": issue.code,
                "ruleIndex": used.index(issue.code),
                "level": "error" if issue.severity == "error" else "warning",
                "message": {"text": text},
                "locations": [{"physicalLocation": physical, "logicalLocations": logical}],
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newsitem",
                        "version": options.version or "0",
                        "informationUri": TOOL_URI,
                        "rules": [
                            {
                                "id": code,
                                "shortDescription": {
                                    "text": CODES[code].title if code in CODES else code
                                },
                                "defaultConfiguration": {
                                    "level": "error"
                                    if CODES.get(code) is None or CODES[code].severity == "error"
                                    else "warning"
                                },
                            }
                            for code in used
                        ],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not unreadable,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": problem.reason},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": {
                                                "uri": sarif_uri(split_archive(problem.path)[0])
                                            }
                                        }
                                    }
                                ],
                            }
                            for problem in unreadable
                        ],
                    }
                ],
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


Reporter = Callable[[Sequence[FileResult], Summary, ReportOptions, Sequence[Unreadable]], str]

#: Reporters that can print each file as soon as it is checked (and need not keep valid items).
STREAMING: dict[str, Callable[[FileResult, ReportOptions], str]] = {
    "text": text_lines,
    "github": github_lines,
}

REPORTERS: dict[str, Reporter] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
    "junit": junit_report,
    "sarif": sarif_report,
}
