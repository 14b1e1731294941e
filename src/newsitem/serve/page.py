"""The web page at ``/``: a form to paste or upload a document, its issues with the offending lines
highlighted, and the item in another form. Rendered here as plain HTML, so it works as a form
post without JavaScript; ``static/page.js`` only posts the same form in the background and swaps
in the answer. Everything it needs is served by newsitem itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from newsitem.serve import _engine

#: A document longer than this is checked but not shown line by line.
MAX_SHOWN_BYTES = 2 * 1024 * 1024
MAX_SHOWN_LINES = 20_000

#: The forms offered as the second pane's target, the item forms first.
TARGETS = ("json", "xml", "text", "ninjs", "ninjs3", "newsml-g2", "nitf", "jsonl", "xml-feed")


@dataclass(slots=True)
class PageState:
    """What one rendering of the page shows."""

    text: str | None = None
    label: str = ""
    form_choice: str = ""
    to: str = "json"
    detected: str = ""
    checked: _engine.Checked | None = None
    converted: _engine.Converted | None = None
    convert_error: str = ""
    notice: str = ""
    error: str = ""
    status: int = 200


def shown_text(content: bytes) -> str | None:
    """The document as text to show (None when too large to show)."""
    if len(content) > MAX_SHOWN_BYTES:
        return None
    return content.decode("utf-8", "replace")


def _option(value: str, label: str, selected: str) -> str:
    chosen = " selected" if value == selected else ""
    return f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'


def _head(title: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        '<link rel="stylesheet" href="/static/style.css">'
        '<script src="/static/page.js" defer></script>'
        "</head><body>"
        '<header><h1><a href="/">newsitem</a> validator</h1>'
        '<nav><a href="/docs">API</a> · <a href="/openapi.json">OpenAPI</a> · '
        f"version {escape(_engine.VERSION)}</nav></header>"
    )


def render(state: PageState) -> str:
    """The whole page."""
    forms = _engine.form_infos()
    form_options = _option("", "detect (as the CLI does)", state.form_choice) + "".join(
        _option(f.name, f"{f.name}: {f.description}", state.form_choice) for f in forms
    )
    to_options = "".join(_option(name, name, state.to) for name in TARGETS)
    text = state.text or ""
    parts = [
        _head("newsitem validator"),
        "<main>",
        '<form id="check-form" method="post" action="/" enctype="multipart/form-data">',
        '<label for="document">Paste a document (newsitem JSON or XML, a feed, a raw page, '
        "ninjs, NewsML-G2 or NITF)</label>",
        f'<textarea id="document" name="document" rows="14" spellcheck="false">{escape(text)}'
        "</textarea>",
        '<div class="controls">',
        '<label>or upload a file <input type="file" id="file" name="file"></label>',
        f'<label>read as <select id="form" name="form">{form_options}</select></label>',
        f'<label>show as <select id="to" name="to">{to_options}</select></label>',
        '<button type="submit" id="check">Check</button>',
        '<span id="busy" class="busy" hidden>checking…</span>',
        "</div></form>",
    ]
    if state.error:
        parts.append(f'<p class="error" id="error" role="alert">{escape(state.error)}</p>')
    if state.checked is not None or state.converted is not None:
        parts.append(_results(state))
    parts.append("</main></body></html>")
    return "".join(parts)


def render_error(status: int, message: str) -> str:
    """A short page for a refused request."""
    return (
        _head(f"newsitem: {status}")
        + f'<main><p class="error" id="error" role="alert">{status}: {escape(message)}</p>'
        '<p><a href="/">Back to the validator</a></p></main></body></html>'
    )


def _results(state: PageState) -> str:
    checked = state.checked
    findings = checked.findings if checked is not None else ()
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    name = f" {escape(state.label)}" if state.label else ""
    if checked is None:
        summary = (
            f'<p id="verdict" class="verdict unchecked">Read{name} as <b id="detected">'
            f"{escape(state.detected)}</b>: not validated — {escape(state.notice)}</p>"
        )
    else:
        verdict = "valid" if checked.valid else "invalid"
        items = (
            f"{checked.items} item(s), {checked.valid_items} valid" if checked.items != 1 else ""
        )
        summary = (
            f'<p id="verdict" class="verdict {verdict}">Read{name} as <b id="detected">'
            f"{escape(checked.form)}</b>: <b>{verdict}</b>"
            f" — {len(errors)} error(s), {len(warnings)} warning(s)"
            f"{'; ' + items if items else ''}</p>"
        )
    rows = []
    for index, finding in enumerate(findings, start=1):
        where = f"{finding.line}:{finding.column or 1}" if finding.line else "–"
        link = f'<a href="#L{finding.line}">{where}</a>' if finding.line else where
        item = f"{escape(finding.where)} " if finding.where else ""
        rows.append(
            f'<tr id="i{index}" class="{escape(finding.severity)}">'
            f'<td class="code">{escape(finding.code)}</td>'
            f"<td>{escape(finding.severity)}</td>"
            f"<td>{escape(finding.message)}</td>"
            f'<td class="loc">{item}<code>{escape(finding.path)}</code></td>'
            f'<td class="pos">{link}</td></tr>'
        )
    table = (
        '<table id="issues"><thead><tr><th>code</th><th>severity</th><th>message</th>'
        "<th>location</th><th>line:col</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        if rows
        else '<p id="issues" class="none">No issues.</p>'
    )
    return (
        '<section id="results">'
        + summary
        + table
        + '<div class="panes">'
        + _document_pane(state, findings)
        + _converted_pane(state)
        + "</div></section>"
    )


def _document_pane(state: PageState, findings: tuple[_engine.Finding, ...]) -> str:
    if state.text is None:
        return (
            '<section class="pane" id="source"><h2>Document</h2>'
            "<p>The document is too large to show here; its issues are listed above.</p>"
            "</section>"
        )
    by_line: dict[int, list[_engine.Finding]] = defaultdict(list)
    for finding in findings:
        if finding.line:
            by_line[finding.line].append(finding)
    lines = state.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    shown = lines[:MAX_SHOWN_LINES]
    rows = []
    for number, line in enumerate(shown, start=1):
        found = by_line.get(number, [])
        kind = ""
        marks = ""
        if found:
            kind = " error" if any(f.severity == "error" for f in found) else " warning"
            marks = (
                '<span class="marks">'
                + "".join(
                    f'<span class="mark {escape(f.severity)}" title="{escape(f.message)}">'
                    f"{escape(f.code)}</span>"
                    for f in found
                )
                + "</span>"
            )
        rows.append(
            f'<div class="line{kind}" id="L{number}"><span class="ln">{number}</span>'
            f"<code>{escape(line.rstrip(chr(13))) or ' '}</code>{marks}</div>"
        )
    more = (
        f'<p class="note">{len(lines) - len(shown)} more line(s) not shown.</p>'
        if len(lines) > len(shown)
        else ""
    )
    return (
        '<section class="pane" id="source"><h2>Document</h2>'
        f'<div class="doc" id="doc">{"".join(rows)}</div>{more}</section>'
    )


def _converted_pane(state: PageState) -> str:
    head = f'<section class="pane" id="converted"><h2>As {escape(state.to)}</h2>'
    if state.convert_error:
        return head + f'<p class="error">{escape(state.convert_error)}</p></section>'
    converted = state.converted
    if converted is None:
        return head + "<p>Not converted.</p></section>"
    if converted.document is None:
        codes = sorted({f.code for f in converted.findings if f.severity == "error"})
        return (
            head
            + '<p class="error" id="not-converted">Not converted: the document has errors ('
            + escape(", ".join(codes))
            + "); fix them first.</p></section>"
        )
    notes = ""
    guessed = [f for f in converted.findings if f.severity != "error"]
    if guessed:
        notes = (
            '<ul class="notes">'
            + "".join(f"<li>{escape(f.code)} {escape(f.message)}</li>" for f in guessed)
            + "</ul>"
        )
    text = converted.document.decode("utf-8", "replace")
    return head + notes + f'<pre id="output">{escape(text)}</pre></section>'
