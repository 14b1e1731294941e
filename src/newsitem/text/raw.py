"""The raw-page reader: classify the lines of a page dump and read the article out of them.

A raw page is what a browser or scraper gets from an agency's article page (see SPEC §7.2). The
reader never relies on line numbers or on any one site's wording. It works in passes, in the
spirit of jusText's block classification:

1. **Lines.** Each line is trimmed; a crawler's capture-date prefix (`` date 2021-02-22 ``) is
   taken off into ``extra``; whole chrome lines (sign-ups, share buttons, comment forms) and UI
   fragments at the ends of a head line (``Share``, ``Teilen``) are removed and reported.
2. **Metadata.** ``Label: value`` lines (§7.3) are taken out wherever they are, as a block or as
   a run of two or more lines; a run in which a label repeats is a list inside the article
   (presenter, title, place…) and stays text.
3. **Units.** The remaining lines become paragraphs: one per blank-line block, one per line in
   dumps without blank lines, hard-wrapped runs joined again (a line that stops mid-sentence
   continues when the next starts in lower case, when it ends in a function word or a comma, or
   when the whole run is wrapped at one width).
4. **Kinds.** Every unit is classified by its shape: prose (a sentence, or long), a short line
   (headline, crosshead, label), a bullet, a date line, a byline, a photo caption or credit, a
   dateline on its own, a breadcrumb, a teaser, a feed footer, a contact line, a rights line…
5. **Head.** The headline is the title's headline part confirmed by its own line, else the
   first headline-like short line near the top (a line that the page repeats wins); in a digest
   of several datelined items no line is taken out. Lines between the headline and the first
   paragraph (standfirst, captions, dates, bylines) are not body.
6. **Body and tail.** Paragraphs from the first prose on, minus page furniture; after the last
   paragraph only rights and furniture follow. A rights line at the top is the notice only when
   there is none after the story.
7. **Credits and language.** The provider comes from the title suffix (NI401), else from a
   credit in the copy (NI414): a dateline ``(Agency)``, a sign-off, a logo line, a copyright
   holder. The language is inferred from the body's function words (NI415). A page whose last
   line stops mid-sentence with no footer after it is reported as cut off (NI407).

Every removal, move and guess is a warning with a line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from newsitem.errors import ParseError
from newsitem.issues import make_issue
from newsitem.labels import field_for_label
from newsitem.model import LIST_FIELDS, ExtraField, NewsItem, Rights
from newsitem.text import lang, patterns
from newsitem.text.canonical import MARKER, TRAILER_FIELDS
from newsitem.text.findings import Findings
from newsitem.text.source import Line
from newsitem.text.split import split_value
from newsitem.text.vocab import chrome, looks_like_rights, stop_words
from newsitem.values import WHITESPACE

#: Whitespace trimmed from raw lines: Unicode White_Space, the BOM and zero-width marks.
TRIM = WHITESPACE + "\u200b\u200c\u200d\u2060"
_TITLE = re.compile(
    r"\A(?P<head>.+)[ \t\u00a0]+[-–—|][ \t\u00a0]+"
    r"(?P<site>(?:(?![ \t\u00a0][-–—|][ \t\u00a0]).)+)\Z"
)
_LABEL_SHAPE = re.compile(r"([A-Z][\w/&' -]{0,30}):\s+\S")
_LABEL_END = re.compile(r":(?:[ \t\u00a0]+|\Z)")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)]*\s+[A-Z]")
_CLOSING = "\"'”’»)]*"
_CONNECTORS = frozenset({"&", "and", "of", "the", "/", "-", "or", "for", "in", "on", "by", "to"})
_FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "our"}
    | {"the", "their", "to", "with", "its", "his", "her", "that", "than", "this", "these"}
    | {"those", "your"}
)
_TRAILER = dict(TRAILER_FIELDS)
_CAPTURE = re.compile(r"\A[ \t]*date (?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|\Z)")
_BULLET = re.compile(r"\A[•·▪●■◦‣∙*]\s+\S")
_COMPANY = re.compile(r"(?:\b(?:GmbH|AG|Inc\.?|LLC|Ltd\.?|S\.A\.|S\.p\.A\.|plc|Corp\.?|SE)\s*)$")
_PROMO = re.compile(
    r"\A(?:Sponsored|Presented|Powered|Brought to you|Insight|Paid for|Supported)"
    r"\s+by\s+[^:]{1,40}:"
)
_ELLIPSIS_SPLIT = re.compile(r"(?:\.\.\.|…)\s+(?=[A-ZÀ-Ý\"“«])")
_GLUED_LABEL = re.compile(
    r"(?<=[.!?”\"’)\]])\s+(?P<label>[A-Z][\w]*(?: [A-Z][\w]*){0,3}):\s+(?P<value>[^:]{1,80})$"
)
_SOURCE_TAG = re.compile(r"(?<=[.!?”\"’)])\s+\[(?P<tag>[^\]\n]{2,40})\]$")
#: A line this long is a paragraph even without a full stop (a shorter one may be a headline).
_LONG = 36
_CODE = re.compile(r"[$(){}\[\]=<>\\_`|@#~^]")


class Row(NamedTuple):
    """A non-blank line: number, trimmed text, 1-based column of the text, block index."""

    number: int
    text: str
    column: int
    block: int


@dataclass(frozen=True, slots=True)
class Meta:
    """A ``Label: value`` line."""

    row: Row
    label: str
    value: str
    field: str | None


@dataclass(slots=True)
class Para:
    """A paragraph being built: its text and the rows it came from."""

    text: str
    rows: list[Row]
    kind: str = "prose"
    record: bool = False

    @property
    def line(self) -> int:
        """The line the paragraph starts on."""
        return self.rows[0].number

    @property
    def flat(self) -> str:
        """The text on one line."""
        return " ".join(self.text.split())


@dataclass(slots=True)
class Page:
    """What the passes found, besides the body."""

    extra: list[tuple[ExtraField, Row]] = field(default_factory=list)
    credits: list[tuple[str, str, Row]] = field(default_factory=list)
    last_row: int = 0


def sentence_end(text: str) -> bool:
    """True when text ends a sentence (closing quotes and brackets aside)."""
    core = text.rstrip(_CLOSING + TRIM)
    return core.endswith((".", "!", "?", "…"))


def _words(text: str) -> list[str]:
    return text.split()


def _prose_value(value: str) -> bool:
    return sentence_end(value) and len(_words(value)) >= 4


def _label_like(label: str, value: str) -> bool:
    words = _words(label)
    if not words or len(words) > 5 or len(label) > 40 or not label[0].isalpha():
        return False
    if any(ch in label for ch in '.!?"“”,;()'):
        return False
    if not label[0].isupper():
        return False
    titled = all(w[0].isupper() or w[0].isdigit() or w.casefold() in _CONNECTORS for w in words)
    if titled:
        return True
    return len(words) <= 3 and not sentence_end(value) and len(value) <= 120


def meta_of(row: Row) -> Meta | None:
    """The ``Label: value`` reading of a row, or None when it is not a metadata line."""
    match = _LABEL_END.search(row.text)
    if match is None:
        return None
    label = " ".join(row.text[: match.start()].split())
    value = row.text[match.end() :].strip(TRIM)
    if not label:
        return None
    field_name = field_for_label(label)
    if field_name is not None:
        return None if _prose_value(value) else Meta(row, label, value, field_name)
    if label.casefold() == MARKER.casefold() or label in _TRAILER or label == "Zones":
        return Meta(row, label, value, None)
    if not value:
        return Meta(row, label, value, None) if _label_like(label, "") else None
    if _prose_value(value) or not _label_like(label, value):
        return None
    if len(_words(value)) > 15 or _SENTENCE_BREAK.search(value) or looks_like_rights(row.text):
        return None
    return Meta(row, label, value, None)


def parse(lines: list[Line], found: Findings, *, require_prose: bool = True) -> NewsItem:
    """Read a raw page.

    Args:
        lines: the page's numbered lines.
        found: where warnings and source places go.
        require_prose: refuse (NI400) a text with no prose paragraph; off for text that
            declares itself an item (a newsitem trailer that did not parse).

    Raises:
        ParseError: NI400 when there is no article (no line of text, or no prose paragraph);
            in strict mode, the first warning as an error.
    """
    page = Page()
    rows = _rows(lines, found, page)
    if not rows:
        raise ParseError(make_issue("NI400", "no article found: the text has no content line"))
    page.last_row = rows[-1].number
    blocks = _blocks(rows)
    trailer = _take_trailer(blocks)
    meta, content, records = _split_metadata(blocks)
    if not content:
        raise ParseError(
            make_issue("NI400", "no article found: only metadata and page chrome", line=1)
        )
    units = _units(content, records)
    for unit in units:
        unit.kind = _kind(unit)
    if require_prose and _code_share(content) >= 0.25:
        raise ParseError(
            make_issue(
                "NI400",
                "no article found: the text reads as code, configuration or a list, not prose",
                line=content[0].number,
            )
        )
    if require_prose and not any(_article_paragraph(u) for u in units):
        raise ParseError(
            make_issue(
                "NI400",
                "no article found: no line reads as a prose paragraph (a sentence of six "
                "words or more)",
                line=content[0].number,
            )
        )
    head, body_units = _read_head(units, found, page)
    paragraphs, rights_paras = _body(body_units, head, found, page)
    for para in paragraphs:
        _drop_dangling(para, found)
    if rights_paras:
        _drop_dangling(rights_paras[-1], found)
    paragraphs = [p for p in paragraphs if p.text]
    _report_blocks(paragraphs, found)
    if paragraphs:
        _trim_last(paragraphs[-1], found, page)
    paragraphs = [p for p in paragraphs if p.text]
    if not paragraphs:
        line = content[-1].number
        raise ParseError(make_issue("NI400", "no article found: no body paragraph", line=line))
    if not rights_paras:
        found.warn("NI406", "no rights notice found", ("rights",))
    cut_warned = False
    for index, para in enumerate(paragraphs):
        found.place(("body", index), para.rows[0].number, para.rows[0].column)
        cut_warned = _check_cut(para, ("body", index), found) or cut_warned
    rights = None
    if rights_paras:
        notice = "\n".join(p.text for p in rights_paras)
        first = rights_paras[0].rows[0]
        found.place(("rights",), first.number, first.column)
        _check_cut(Para(notice, [r for p in rights_paras for r in p.rows]), ("rights",), found)
        rights = Rights(notice=notice)
    _check_truncated(units, paragraphs, meta, found, page, already=cut_warned)
    lists, extra = _read_metadata(meta, found)
    scalars = _read_trailer(trailer, extra, found)
    for entry, row in sorted(page.extra, key=lambda e: e[1].number):
        found.place(("extra", len(extra)), row.number, row.column)
        extra.append(entry)
    provider = scalars.pop("provider", None)
    if provider is None and head.provider is not None and head.title is not None:
        provider = head.provider
        found.warn(
            "NI401",
            f"provider {head.provider!r} taken from the page title's suffix",
            ("provider",),
            head.title.number,
            head.provider_column,
        )
        found.place(("provider",), head.title.number, head.provider_column)
    if provider is None:
        provider = _credit_provider(page, rights, found)
    language = scalars.get("language")
    if language is None:
        language = lang.detect(" ".join(p.text for p in paragraphs) + " " + head.headline)
        if language is not None:
            found.warn(
                "NI415",
                f"language {language!r} inferred from the text (the page does not say)",
                ("language",),
                paragraphs[0].line,
            )
            found.place(("language",), paragraphs[0].line)
    if rights is not None and ("holder" in scalars or "url" in scalars):
        rights = Rights(notice=rights.notice, holder=scalars.get("holder"), url=scalars.get("url"))
    elif rights is None:
        for label, name in TRAILER_FIELDS:
            if name in {"holder", "url"} and name in scalars:
                extra.append(ExtraField(label=label, value=scalars[name]))
    return NewsItem(
        headline=head.headline,
        body=tuple(p.text for p in paragraphs),
        id=scalars.get("id"),
        language=language,
        title=head.title.text if head.title is not None else None,
        provider=provider,
        service=head.service.text if head.service is not None else None,
        published=scalars.get("published"),
        updated=scalars.get("updated"),
        rights=rights,
        content_types=tuple(lists["content_types"]),
        topics=tuple(lists["topics"]),
        platforms=tuple(lists["platforms"]),
        regions=tuple(lists["regions"]),
        media_types=tuple(lists["media_types"]),
        extra=tuple(extra),
    )


# --- lines, chrome and blocks -----------------------------------------------------------------


def _keep(page: Page, label: str, value: str, row: Row, found: Findings, what: str) -> None:
    """Keep a piece of page furniture as an extra field (reported as NI416)."""
    value = " ".join(value.split())
    if not value:
        return
    page.extra.append((ExtraField(label=label, value=value), row))
    found.warn("NI416", f"{what} kept as extra field {label!r}: {value[:60]!r}", (), row.number)


def _rows(lines: list[Line], found: Findings, page: Page) -> list[Row]:
    """Non-blank rows; chrome lines are removed (reported) and end a block like a blank."""
    rows: list[Row] = []
    block = 0
    gap = True
    vocab = chrome()
    first = True
    for line in lines:
        raw_text = line.text
        column = len(raw_text) - len(raw_text.lstrip(TRIM)) + 1
        text = raw_text.strip(TRIM)
        if not text:
            gap = True
            continue
        if first:
            first = False
            match = _CAPTURE.match(raw_text)
            if match is not None:
                date = match.group("date")
                found.warn(
                    "NI416",
                    f"crawler's capture-date prefix {date!r} kept as extra field 'Capture Date'",
                    (),
                    line.number,
                    match.start("date") + 1,
                )
                page.extra.append(
                    (ExtraField(label="Capture Date", value=date), Row(line.number, date, 1, 0))
                )
                column = match.end() + 1
                text = raw_text[match.end() :].strip(TRIM)
                if not text:
                    gap = True
                    continue
        if vocab.is_chrome_line(text):
            found.warn("NI402", f"page chrome removed: {text!r}", (), line.number, column)
            page.last_row = line.number
            gap = True
            continue
        if not rows:
            text, column = _strip_fragments(text, column, line.number, found)
        if gap and rows:
            block += 1
        gap = False
        rows.append(Row(line.number, text, column, block))
    return rows


def _strip_fragments(text: str, column: int, number: int, found: Findings) -> tuple[str, int]:
    """Take UI fragments (``Share``, ``Read later``) off the ends of the first line."""
    words = text.split()
    fragments = chrome().fragments
    lead = 0
    for size in (2, 1):
        if len(words) > size + 2 and " ".join(words[:size]).casefold() in fragments:
            lead = size
            break
    trail = 0
    for size in (2, 1):
        if len(words) - lead > size + 2 and " ".join(words[-size:]).casefold() in fragments:
            trail = size
            break
    if not lead and not trail:
        return text, column
    for part in (" ".join(words[:lead]), " ".join(words[len(words) - trail :])):
        if part:
            found.warn("NI402", f"page chrome removed from a line: {part!r}", (), number, column)
    kept = " ".join(words[lead : len(words) - trail])
    start = text.find(words[lead]) if lead else 0
    end = text.rfind(words[-trail - 1]) + len(words[-trail - 1]) if trail else len(text)
    kept = text[start:end]
    return kept, column + start


def _blocks(rows: list[Row]) -> list[list[Row]]:
    blocks: list[list[Row]] = []
    for row in rows:
        if blocks and blocks[-1][-1].block == row.block:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return blocks


def _take_trailer(blocks: list[list[Row]]) -> list[Meta]:
    """A closing ``Newsitem:`` block (canonical text that did not parse exactly)."""
    if not blocks or not blocks[-1][0].text.startswith(f"{MARKER}:"):
        return []
    metas = [meta_of(row) for row in blocks[-1]]
    if any(m is None for m in metas):
        return []
    blocks.pop()
    return [m for m in metas if m is not None]


def _records(blocks: list[list[Row]], metas: list[list[Meta | None]]) -> set[int]:
    """Label lines that are part of the text: in the stretch between the first and the last
    line of an unknown label that the page repeats (a list of sessions, speakers, places)."""
    seen: dict[str, list[int]] = {}
    for block in blocks:
        for row in block:
            shape = _LABEL_SHAPE.match(row.text)
            if shape is not None and field_for_label(shape.group(1)) is None:
                seen.setdefault(shape.group(1).casefold(), []).append(row.number)
    repeated = [lines for lines in seen.values() if len(lines) > 1]
    if not repeated:
        return set()
    start = min(lines[0] for lines in repeated)
    end = max(lines[-1] for lines in repeated)
    return {
        row.number
        for bi, block in enumerate(blocks)
        for ri, row in enumerate(block)
        if _LABEL_SHAPE.match(row.text) and start <= row.number <= end
    }


def _split_metadata(blocks: list[list[Row]]) -> tuple[list[Meta], list[Row], set[int]]:
    """Metadata lines (in page order), the remaining content rows, and the line numbers of
    label lines that belong to the text (a list in which a label repeats)."""
    metas: list[list[Meta | None]] = [[meta_of(r) for r in block] for block in blocks]
    first = metas[0][0] if metas and metas[0] else None
    if first is not None and first.field is None and not all(metas[0]):
        metas[0][0] = None  # a headline with a colon (``Mayor: budget is safe``) opens the page
    is_meta: list[list[bool]] = [[False] * len(block) for block in blocks]
    whole: list[bool] = []
    for bi, block_metas in enumerate(metas):
        known = [m is not None and m.field is not None for m in block_metas]
        if all(m is not None for m in block_metas) and any(known):
            is_meta[bi] = [True] * len(block_metas)
            whole.append(True)
            continue
        whole.append(False)
        end = len(block_metas)
        start = end
        while start > 0 and block_metas[start - 1] is not None:
            start -= 1
        if start < end and any(known[start:end]):
            is_meta[bi][start:end] = [True] * (end - start)
        lead = 0
        while lead < len(block_metas) and block_metas[lead] is not None:
            lead += 1
        if lead and any(known[:lead]) and lead < start:
            is_meta[bi][:lead] = [True] * lead
    changed = True
    while changed:
        changed = False
        for bi, block_metas in enumerate(metas):
            if whole[bi] or not all(m is not None for m in block_metas):
                continue
            if (bi > 0 and whole[bi - 1]) or (bi + 1 < len(whole) and whole[bi + 1]):
                whole[bi] = True
                is_meta[bi] = [True] * len(block_metas)
                changed = True
    # runs of label lines across blocks: two or more lines, no label repeated
    flat = [(bi, ri) for bi, block in enumerate(blocks) for ri in range(len(block))]
    records = _records(blocks, metas)
    for b, r in flat:
        if blocks[b][r].number in records:
            metas[b][r] = None
            is_meta[b][r] = False
    i = 0
    while i < len(flat):
        bi, ri = flat[i]
        if metas[bi][ri] is None:
            i += 1
            continue
        j = i
        while j < len(flat) and metas[flat[j][0]][flat[j][1]] is not None:
            j += 1
        run = [metas[b][r] for b, r in flat[i:j]]
        labels = [m.label.casefold() for m in run if m is not None]
        repeated = len(set(labels)) < len(labels) and not any(
            m is not None and m.field is not None for m in run
        )
        if repeated:
            for b, r in flat[i:j]:
                is_meta[b][r] = False
                records.add(blocks[b][r].number)
        elif j - i >= 2 and any(m is not None and m.value for m in run):
            for b, r in flat[i:j]:
                is_meta[b][r] = True
        i = j
    found_meta: list[Meta] = []
    content: list[Row] = []
    for bi, block in enumerate(blocks):
        for ri, row in enumerate(block):
            meta = metas[bi][ri]
            if is_meta[bi][ri] and meta is not None:
                found_meta.append(meta)
            else:
                content.append(row)
    return found_meta, content, records


# --- units: paragraphs from rows ----------------------------------------------------------------


def _solo(text: str) -> bool:
    """Lines that are never joined to a neighbour: furniture with a shape of its own."""
    return bool(
        _BULLET.match(text)
        or patterns.date_line(text)
        or patterns.byline(text)
        or patterns.breadcrumb(text)
        or patterns.dateline_only(text)
        or patterns.section(text)
        or patterns.logo(text)
        or text.startswith(("©", "Copyright", "(c) "))
        or patterns.about_heading(text)
        or patterns.contact(text)
        or patterns.reporting_credit(text)
        or patterns.feed_footer(text)
        or patterns.teaser(text)
    )


def _stop(word: str) -> bool:
    return word.strip(_CLOSING).casefold() in _all_stops()


@cache
def _all_stops() -> frozenset[str]:
    return frozenset().union(*stop_words().values())


def _wrapped(run: list[Row]) -> bool:
    """A run of three or more lines cut at one width, mostly mid-sentence."""
    if len(run) < 3:
        return False
    widths = [len(r.text) for r in run[:-1]]
    widest = max(widths)
    if widest > 110 or min(widths) < 0.6 * widest:
        return False
    open_ends = sum(not sentence_end(r.text) for r in run[:-1])
    return open_ends >= 0.6 * (len(run) - 1)


def _units(rows: list[Row], records: set[int]) -> list[Para]:
    """Paragraphs: a row that stops mid-sentence continues on the next row of its block when
    the next row goes on the sentence (lower-case start; a function word, comma or dash at
    the end of the row; or a run wrapped at one width)."""
    units: list[Para] = []
    for block in _blocks(rows):
        _block_units(block, records, units)
    return units


def _report_blocks(paragraphs: list[Para], found: Findings) -> None:
    """NI409 for each block of several lines that gave body paragraphs."""
    by_block: dict[int, list[Para]] = {}
    for para in paragraphs:
        by_block.setdefault(para.rows[0].block, []).append(para)
    for paras in by_block.values():
        rows = [r for p in paras for r in p.rows]
        if len(rows) > 1:
            found.warn(
                "NI409",
                f"lines {rows[0].number}-{rows[-1].number} have no empty line between them: "
                f"read as {len(paras)} paragraph(s)",
                (),
                rows[0].number,
                rows[0].column,
            )


def _block_units(block: list[Row], records: set[int], units: list[Para]) -> None:
    """The paragraphs of one block of lines."""
    if block:
        runs: list[list[Row]] = []
        for k, row in enumerate(block):
            breaks = (
                k == 0
                or _solo(row.text)
                or _solo(block[k - 1].text)
                or row.number != block[k - 1].number + 1
                or patterns.dateline(row.text) is not None
                or row.number in records
            )
            if breaks:
                runs.append([row])
            else:
                runs[-1].append(row)
        for run in runs:
            wrapped = _wrapped(run)
            current: Para | None = None
            for k, row in enumerate(run):
                if current is None:
                    current = Para(row.text, [row], record=row.number in records)
                else:
                    current.text += "\n" + row.text
                    current.rows.append(row)
                nxt = run[k + 1] if k + 1 < len(run) else None
                if nxt is None or not _continues(row.text, nxt.text, wrapped=wrapped):
                    units.append(current)
                    current = None


def _continues(text: str, nxt: str, *, wrapped: bool) -> bool:
    if wrapped:
        return True
    if sentence_end(text):
        return False
    if nxt[:1].islower():
        return True
    last = text.rsplit(maxsplit=1)[-1] if text.split() else ""
    return text.endswith((",", ";", "-", "–", "—")) or _stop(last)


# --- kinds ----------------------------------------------------------------------------------------


def _code_like(text: str) -> bool:
    words = text.split()
    coded = sum(bool(_CODE.search(w)) for w in words)
    return coded * 5 > len(words) or text.startswith(("# ", "## ", "// ", "<"))


_CODE_LINE = re.compile(
    r"\$\(|\$\{|:=|\?=|==|>=|<=|&&|\|\||[{};]\s*$|\A[#@]|\A[a-z][\w./-]*:(?:\s|\Z)"
    r"|\A[\w.-]+\[[\w,]+\]|\A[\w.-]+\s*=\s|\s--?[a-z][\w-]*(?:\s|\Z|=)|\A[\w.-]+\Z"
)


def _code_share(rows: list[Row]) -> float:
    """The share of lines that look like code, configuration or a list of names."""
    if not rows:
        return 0.0
    coded = sum(bool(_CODE_LINE.search(r.text)) and not sentence_end(r.text) for r in rows)
    return coded / len(rows)


def _article_paragraph(unit: Para) -> bool:
    """A paragraph that makes a text an article: a sentence of six words or more, or a long
    line of words (not code)."""
    text = unit.flat
    if _code_like(text):
        return False
    words = len(text.split())
    return (sentence_end(text) and words >= 6) or words >= 15


def _prose(unit: Para) -> bool:
    """A paragraph of running text: a sentence of five words or more, or a long line."""
    text = unit.flat
    if _code_like(text):
        return False
    words = len(text.split())
    ends = sentence_end(text) or text.endswith(":")
    if text.endswith(("...", "…")) and words < 15:
        return False
    return (ends and words >= 5) or words >= _LONG


def _kind(unit: Para) -> str:
    text = unit.flat
    if unit.record:
        return "record"
    if _BULLET.match(text):
        return "bullet" if len(text.split()) >= 4 else "chrome"
    if text.startswith(("©", "(c) ")) and (
        patterns.photo_credit(text) or re.search(r"[A-Za-z]/[A-Z]", text[:60])
    ):
        return "credit"
    if text.startswith(("©", "Copyright", "(c) ", "COPYRIGHT")):
        return "rights"
    if not any(ch.isalnum() for ch in text):
        return "chrome"
    if patterns.breadcrumb(text) or patterns.reading_fragment(text) or patterns.teaser(text):
        return "chrome"
    if _PROMO.match(text):
        return "chrome"
    if patterns.reporting_credit(text):
        return "reporting"
    checks = (
        ("footer", patterns.feed_footer),
        ("logo", patterns.logo),
        ("section", patterns.section),
        ("date", patterns.date_line),
        ("byline", patterns.byline),
    )
    for name, check in checks:
        if check(text):
            return name
    if patterns.dateline_only(text):
        return "dateline"
    credit = patterns.photo_credit(text)
    if credit is not None and (
        credit.end() >= len(text.rstrip(" .)")) - 1 or credit.start() == 0 or "(Photo" in text
    ):
        return "caption"
    if patterns.contact(text):
        return "contact"
    if patterns.about_heading(text):
        return "about"
    return "prose" if _prose(unit) else "short"


def _headline_like(text: str) -> bool:
    words = text.split()
    if len(words) < 3 or len(text) > 300 or _code_like(text) or _COMPANY.search(text):
        return False
    if sentence_end(text) and len(words) > 25:
        return False
    if text.endswith((",", ";")) or _stop(words[-1]):
        return False
    lower = [w for w in words if w[0].islower() and w.casefold() not in _CONNECTORS]
    return len(words) >= 5 or bool(lower)


# --- the head: title, service, headline -------------------------------------------------------


@dataclass(slots=True)
class Head:
    """What the first lines of a page gave."""

    headline: str
    title: Row | None = None
    provider: str | None = None
    provider_column: int | None = None
    service: Row | None = None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _name_like(text: str) -> bool:
    words = _words(text)
    return (
        0 < len(words) <= 6
        and len(text) <= 60
        and not sentence_end(text)
        and all(w[0].isupper() or w[0].isdigit() or w.casefold() in _CONNECTORS for w in words)
    )


def _short_line(text: str) -> bool:
    return len(_words(text)) <= 5 and len(text) <= 60 and not sentence_end(text)


def _furniture(unit: Para, found: Findings, page: Page, where: str) -> None:
    """A unit outside the body: keep what it says in extra, or report it as dropped."""
    text = unit.flat
    row = unit.rows[0]
    kind = unit.kind
    if kind == "date":
        _keep(page, "Date", patterns.date_line(text) or text, row, found, "date line")
    elif kind == "byline":
        _keep(page, "Byline", patterns.byline(text) or text, row, found, "byline")
    elif kind == "section":
        _keep(page, "Section", patterns.section(text) or text, row, found, "section label")
        agency = patterns.agency_in(text)
        if agency is not None:
            page.credits.append((agency, "a section label", row))
    elif kind == "caption":
        _caption(unit, found, page)
    elif kind == "credit":
        _keep(page, "Credit", text, row, found, "credit line")
        agency = patterns.agency_in(text)
        if agency is not None:
            page.credits.append((agency, "a credit line", row))
    elif kind == "dateline":
        found_dl = patterns.dateline_only(text)
        _keep(page, "Dateline", text.rstrip(" -–—"), row, found, "dateline")
        if found_dl is not None and found_dl.credit:
            page.credits.append((found_dl.credit, "a dateline", row))
    elif kind == "reporting":
        _keep(page, "Reporting Credit", text.strip("()"), row, found, "reporting credit")
    elif kind == "contact" and text.endswith(":"):
        found.warn("NI412", f"contact heading dropped: {text!r}", (), row.number, row.column)
    elif kind == "contact" and text.startswith("SOURCE "):
        _keep(page, "Source", text.removeprefix("SOURCE "), row, found, "release source line")
    elif kind == "contact":
        _keep(page, "Contact", text, row, found, "contact line")
    elif kind == "footer":
        _keep(
            page,
            "Original Publisher",
            patterns.feed_footer(text) or text,
            row,
            found,
            "feed footer",
        )
    elif kind == "logo":
        name = patterns.logo(text) or text
        found.warn("NI402", f"page chrome removed: {text!r}", (), row.number, row.column)
        page.credits.append((name, "a logo line", row))
    elif kind == "chrome":
        found.warn("NI402", f"page chrome removed: {text[:80]!r}", (), row.number, row.column)
    elif where == "line above the headline" and _short_line(text) and len(text.split()) <= 4:
        _keep(page, "Section", text, row, found, "section label")
        agency = patterns.agency_in(text)
        if agency is not None:
            page.credits.append((agency, "a section label", row))
    else:
        found.warn("NI412", f"{where} dropped: {text[:80]!r}", (), row.number, row.column)


def _caption(unit: Para, found: Findings, page: Page) -> None:
    text = unit.flat
    row = unit.rows[0]
    credit = patterns.photo_credit(text)
    if credit is not None and "(Photo" in text and credit.end() < len(text) - 1:
        caption, rest = text[: credit.end()], text[credit.end() :].strip()
        _keep(page, "Caption", caption, row, found, "photo caption")
        found_dl = patterns.dateline_only(rest) or patterns.dateline(rest)
        if found_dl is not None:
            _keep(page, "Dateline", rest.rstrip(" -–—"), row, found, "dateline")
            if found_dl.credit:
                page.credits.append((found_dl.credit, "a dateline", row))
        return
    _keep(page, "Caption", text, row, found, "photo caption")


def _read_head(units: list[Para], found: Findings, page: Page) -> tuple[Head, list[Para]]:
    first = units[0]
    match = _TITLE.match(first.text) if len(first.rows) == 1 else None
    if match is not None and first.kind not in {"rights", "credit", "date"}:
        head_text, site = match.group("head").strip(TRIM), match.group("site").strip(TRIM)
        site_col = first.rows[0].column + match.start("site")
        for k in range(1, min(len(units), 7)):
            if _fold(units[k].text) == _fold(head_text):
                title_row = first.rows[0]
                head = Head(units[k].flat, title_row, site, site_col)
                found.place(("title",), title_row.number, title_row.column)
                found.place(("headline",), units[k].line, units[k].rows[0].column)
                between = [u for u in units[1:k] if u.kind not in {"chrome", "logo"}]
                for unit in units[1:k]:
                    if unit.kind in {"chrome", "logo"}:
                        _furniture(unit, found, page, "")
                if between:
                    head.service = between[0].rows[0]
                    found.place(("service",), head.service.number, head.service.column)
                    for extra in between[1:]:
                        found.warn(
                            "NI412",
                            f"line between the title and the headline dropped: {extra.flat!r}",
                            (),
                            extra.line,
                            extra.rows[0].column,
                        )
                else:
                    found.warn("NI406", "no service line above the headline", ("service",))
                return head, _after_headline(units[k + 1 :], found, page)
        if _name_like(site) and len(units) > 1:
            title_row = first.rows[0]
            head = Head(head_text, title_row, site, site_col)
            found.place(("title",), title_row.number, title_row.column)
            found.guessed(
                ("headline",),
                "no headline line: headline taken from the page title",
                title_row.number,
                title_row.column,
            )
            rest = units[1:]
            if (
                len(rest) > 1
                and rest[0].kind == "short"
                and _short_line(rest[0].text)
                and rest[0].rows[-1].block != rest[1].rows[0].block
            ):
                head.service = rest[0].rows[0]
                found.guessed(
                    ("service",),
                    f"service guessed from the short line {rest[0].flat!r}",
                    head.service.number,
                    head.service.column,
                )
                rest = rest[1:]
            else:
                found.warn("NI406", "no service line above the headline", ("service",))
            return head, _after_headline(rest, found, page)
    found.warn("NI406", "no page title line (<headline> - <site>)", ("title",), first.line)
    return _headline_without_title(units, found, page)


def _service_above(units: list[Para], index: int) -> bool:
    """A short line alone in its block right above the headline, first on the page."""
    if index != 1:
        return False
    above, headline = units[0], units[1]
    return (
        above.kind in {"short", "section"}
        and _short_line(above.flat)
        and above.rows[-1].block != headline.rows[0].block
        and not any(ch in above.flat for ch in ":|")
        and not headline.flat.endswith(tuple(".!?…"))
        and len(units) > 2
        and units[2].rows[0].block != headline.rows[-1].block
    )


def _headline_without_title(
    units: list[Para], found: Findings, page: Page
) -> tuple[Head, list[Para]]:
    """The headline of a page without a confirmed title line."""
    index = _repeated_headline(units)
    digest = _digest(units)
    if index is None and not digest:
        index = _first_headline(units)
    if digest and _page_headline_above_items(units):
        unit = units[0]
        found.warn("NI406", "no service line above the headline", ("service",))
        found.place(("headline",), unit.line, unit.rows[0].column)
        return Head(unit.flat), units[1:]
    if digest:
        first = next(u for u in units if u.kind in {"short", "record"} and _headline_like(u.flat))
        found.guessed(
            ("headline",),
            "the page is a digest of several datelined items: headline guessed from the "
            f"first item's headline {first.flat!r}, which stays in the body",
            first.line,
            first.rows[0].column,
        )
        found.warn("NI406", "no service line above the headline", ("service",))
        return Head(first.flat), units
    if index is not None:
        unit = units[index]
        head = Head(unit.flat)
        found.place(("headline",), unit.line, unit.rows[0].column)
        if _service_above(units, index):
            head.service = units[0].rows[0]
            agency = patterns.agency_in(units[0].flat)
            if agency is not None:
                page.credits.append((agency, "a section label", units[0].rows[0]))
            found.guessed(
                ("service",),
                f"service guessed from the short line {units[0].flat!r} above the headline",
                units[0].line,
                units[0].rows[0].column,
            )
            before: list[Para] = []
        else:
            found.warn("NI406", "no service line above the headline", ("service",))
            before = units[:index]
        lead: list[Para] = []
        for unit_before in before:
            if (
                unit_before.kind == "prose" and len(unit_before.flat.split()) >= 15
            ) or unit_before.kind == "rights":
                lead.append(unit_before)
            else:
                _furniture(unit_before, found, page, "line above the headline")
        rest = units[index + 1 :]
        rest = [u for u in rest if not _repeat_of(u, head.headline, found)]
        if lead and any(u.kind == "prose" for u in lead):
            return head, lead + rest
        return head, lead + _after_headline(rest, found, page)
    found.warn("NI406", "no service line above the headline", ("service",))
    body = _skip_top(units, found, page)
    opening = body[0] if body else units[0]
    split = _ELLIPSIS_SPLIT.search(opening.text)
    if split is not None and 3 <= len(opening.text[: split.start()].split()) <= 25:
        headline = opening.text[: split.start()].strip(TRIM)
        standfirst = opening.text[split.end() :]
        found.guessed(
            ("headline",),
            "no headline line: headline taken from the first line, up to its ellipsis",
            opening.line,
            opening.rows[0].column,
        )
        _keep(page, "Standfirst", standfirst, opening.rows[0], found, "standfirst")
        return Head(" ".join(headline.split())), body[1:]
    if not body:
        raise ParseError(make_issue("NI400", "no article found: no body", line=units[0].line))
    headline = _first_sentence(opening.flat)
    found.guessed(
        ("headline",),
        "no headline line: headline taken from the first sentence",
        opening.line,
        opening.rows[0].column,
    )
    return Head(headline), body


def _repeat_of(unit: Para, headline: str, found: Findings) -> bool:
    """A later copy of the headline (a widget title, ``<headline> 150 150 admin``)."""
    text = unit.flat
    if text == headline or (
        text.startswith(headline + " ") and len(text.split()) - len(headline.split()) <= 4
    ):
        found.warn("NI412", f"headline repeated, copy dropped: {text[:80]!r}", (), unit.line)
        return True
    return False


def _repeated_headline(units: list[Para]) -> int | None:
    """A headline-like line that the next few lines repeat."""
    for i, unit in enumerate(units[:8]):
        if unit.kind not in {"short", "prose"} or not _headline_like(unit.flat):
            continue
        for other in units[i + 1 : i + 5]:
            text = other.flat
            if text == unit.flat or (
                text.startswith(unit.flat + " ") and len(text.split()) - len(unit.flat.split()) <= 4
            ):
                return i
    return None


def _first_headline(units: list[Para]) -> int | None:
    """The first headline-like short line near the top, before the story proper starts."""
    leads = 0
    for i, unit in enumerate(units[:10]):
        if unit.kind == "byline" or patterns.dateline(unit.flat) is not None:
            return None
        if unit.kind == "prose":
            if len(unit.flat.split()) >= 15:
                leads += 1
                if leads > 1 or i > 2:
                    return None
            elif i > 0:
                continue
            continue
        if unit.kind in {"short"} and _headline_like(unit.flat):
            if i + 1 < len(units) and units[i + 1].kind in {"prose", "short", "bullet", "date"}:
                return i
            if i + 1 < len(units):
                return i
        if unit.kind == "bullet":
            return None
    return None


def _digest(units: list[Para]) -> bool:
    """Several items, each a headline line followed by a datelined paragraph."""
    pairs = 0
    for i in range(len(units)):
        if _item_headline(units, i):
            pairs += 1
    return pairs >= 2


def _item_headline(units: list[Para], i: int) -> bool:
    """An item's headline line: headline-like and followed by a datelined paragraph."""
    return (
        i + 1 < len(units)
        and units[i].kind in {"short", "record"}
        and _headline_like(units[i].flat)
        and units[i + 1].kind == "prose"
        and patterns.dateline(units[i + 1].flat) is not None
    )


def _page_headline_above_items(units: list[Para]) -> bool:
    """A digest whose first line is its own headline, right above the first item."""
    return (
        len(units) > 2
        and units[0].kind == "short"
        and _headline_like(units[0].flat)
        and not _item_headline(units, 0)
        and _item_headline(units, 1)
    )


def _skip_top(units: list[Para], found: Findings, page: Page) -> list[Para]:
    """Without a headline: furniture at the top of the page goes; the body starts at the first
    prose (a rights line at the top is kept for the notice)."""
    for i, unit in enumerate(units):
        if unit.kind in {"prose", "bullet", "record"}:
            for above in units[:i]:
                if above.kind not in {"rights"}:
                    _furniture(above, found, page, "line above the story")
            return [u for u in units[:i] if u.kind == "rights"] + units[i:]
    return units


def _after_headline(units: list[Para], found: Findings, page: Page) -> list[Para]:
    """Between the headline and the first paragraph: standfirst, captions, dates, bylines and
    widgets are not body (bullets are)."""
    for i, unit in enumerate(units):
        if unit.kind in {"prose", "bullet", "record"}:
            for above in units[:i]:
                if above.kind == "rights":
                    continue
                _furniture(above, found, page, "line between the headline and the story")
            return [u for u in units[:i] if u.kind == "rights"] + units[i:]
    return units


def _first_sentence(text: str) -> str:
    match = re.search(r"[.!?…](?=[ \t\u00a0]+\S)", text)
    sentence = text[: match.end()] if match is not None else text
    if len(sentence) > 200:
        cut = sentence.rfind(" ", 0, 200)
        sentence = sentence[: cut if cut > 0 else 200]
    return sentence.strip(TRIM)


# --- body -------------------------------------------------------------------------------------


def _body(
    units: list[Para], head: Head, found: Findings, page: Page
) -> tuple[list[Para], list[Para]]:
    """The body paragraphs and the rights paragraphs among the units after the head."""
    content_kinds = {"prose", "bullet", "record"}
    _mark_trailing_rights(units, content_kinds)
    last = max(
        (
            i
            for i, u in enumerate(units)
            if u.kind in content_kinds or (u.kind == "short" and len(u.flat.split()) >= 15)
        ),
        default=-1,
    )
    if last == -1:
        last = len(units) - 1
    first = min((i for i, u in enumerate(units) if u.kind in content_kinds), default=0)
    body: list[Para] = []
    rights: list[Para] = []
    early_rights: list[Para] = []
    tail = False
    for i, unit in enumerate(units):
        kind = unit.kind
        if kind == "short" and i <= last:
            kind = "prose"
        if kind == "rights" or (
            i > last and kind in {"short", "prose"} and looks_like_rights(unit.text)
        ):
            if i < first:
                early_rights.append(unit)
            elif unit.flat not in {r.flat for r in rights}:
                rights.append(unit)
            else:
                found.warn(
                    "NI402", f"repeated rights line removed: {unit.flat[:60]!r}", (), unit.line
                )
            if i > last:
                tail = True
            continue
        if kind == "about":
            _about(units[i:], found, page)
            break
        if kind == "reporting" and i > first:
            tail = True
            last = min(last, i)
        if tail and i > last:
            _furniture(unit, found, page, "line after the story")
            continue
        if kind in content_kinds:
            body.append(unit)
        elif kind == "short" and i > last:
            follows = i - 1 == last and unit.line - units[i - 1].rows[-1].number <= 3
            if i == len(units) - 1 and _cut_paragraph(unit.flat, follows_story=follows):
                body.append(unit)
            else:
                found.warn(
                    "NI402",
                    f"page chrome after the story removed: {unit.flat[:80]!r}",
                    (),
                    unit.line,
                )
        else:
            _furniture(unit, found, page, "line in the story")
    if not rights and early_rights:
        rights = early_rights[:1]
        for extra in early_rights[1:]:
            found.warn("NI402", f"rights line removed: {extra.flat[:60]!r}", (), extra.line)
    else:
        for extra in early_rights:
            found.warn(
                "NI402",
                f"site rights line above the story removed: {extra.flat[:60]!r}",
                (),
                extra.line,
            )
    for unit in [u for u in body if u.kind != "bullet"][:3]:
        found_dl = patterns.dateline(unit.flat)
        if found_dl is not None and found_dl.credit:
            page.credits.insert(0, (found_dl.credit, "the dateline", unit.rows[0]))
            break
    return body, rights


def _mark_trailing_rights(units: list[Para], content_kinds: set[str]) -> None:
    """Paragraphs at the end of the story that read as a rights notice (SPEC §7.5)."""
    content = [u for u in units if u.kind in content_kinds or u.kind == "short"]
    for unit in reversed(content[1:]):
        if not looks_like_rights(unit.text):
            break
        unit.kind = "rights"


def _cut_paragraph(text: str, *, follows_story: bool) -> bool:
    """The last line of a cut page that reads as the start of a paragraph: long, open-ended,
    or a sentence start right after the story's last paragraph."""
    words = text.split()
    if len(words) >= 8 or (len(words) >= 2 and _open_end(text)):
        return True
    return follows_story and len(words) >= 5 and text[0].isupper()


def _open_end(text: str) -> bool:
    """Text that stops inside a sentence: after a comma, a dash or a function word."""
    words = text.split()
    return bool(words) and (text.endswith((",", ";", "-", "–")) or _stop(words[-1]))


def _about(units: list[Para], found: Findings, page: Page) -> None:
    """A press release's ``About X`` heading and its boilerplate: kept as extra fields."""
    heading = units[0]
    end = 1
    while end < len(units) and units[end].kind == "prose":
        end += 1
    text = " ".join(u.flat for u in units[1:end])
    label = heading.flat if ": " not in heading.flat else "About"
    if field_for_label(label) is not None:
        label = "About"
    _keep(page, label, text or heading.flat, heading.rows[0], found, "company boilerplate")
    for unit in units[end:]:
        _furniture(unit, found, page, "line after the story")


def _trim_last(para: Para, found: Findings, page: Page) -> None:
    """Take a glued ``Label: value``, a ``[Source]`` tag and a sign-off off the last paragraph."""
    row = para.rows[-1]
    for _ in range(3):
        glued = _GLUED_LABEL.search(para.text)
        if glued is not None and "\n" not in glued.group():
            label = glued.group("label")
            if field_for_label(label) is None:
                _keep(page, label, glued.group("value"), row, found, "label glued to the text")
                para.text = para.text[: glued.start()].rstrip(TRIM)
                continue
        tag = _SOURCE_TAG.search(para.text)
        if tag is not None:
            _keep(page, "Source", tag.group("tag"), row, found, "source tag")
            page.credits.append((tag.group("tag"), "a source tag", row))
            para.text = para.text[: tag.start()].rstrip(TRIM)
            continue
        sign = patterns.sign_off(para.text)
        if sign is not None:
            value = sign.group("tag")
            _keep(page, "Credit", value, row, found, "sign-off")
            if not value.startswith("("):
                page.credits.append((value, "a sign-off", row))
            para.text = para.text[: sign.start()].rstrip(TRIM)
            continue
        break


def _credit_provider(page: Page, rights: Rights | None, found: Findings) -> str | None:
    """The provider named by a credit in the copy, best first (NI414)."""
    order = ["the dateline", "a dateline", "a sign-off", "a credit line", "a logo line"]
    order += ["a source tag", "a section label"]
    best: tuple[str, str, Row] | None = None
    for how in order:
        for credit in page.credits:
            if credit[1] == how:
                best = credit
                break
        if best is not None:
            break
    if best is None and rights is not None:
        holder = patterns.copyright_holder(rights.notice.split("\n")[0])
        if holder is not None:
            found.warn("NI414", f"provider {holder!r} taken from the copyright line", ("provider",))
            return holder
    if best is None:
        return None
    name, how, row = best
    found.warn("NI414", f"provider {name!r} taken from {how}", ("provider",), row.number)
    found.place(("provider",), row.number, row.column)
    return name


def _check_truncated(
    units: list[Para],
    paragraphs: list[Para],
    meta: list[Meta],
    found: Findings,
    page: Page,
    *,
    already: bool,
) -> None:
    """A page whose last line stops mid-sentence, with no footer after it, was cut off."""
    last_unit = units[-1]
    ends_at = last_unit.rows[-1].number
    if meta and meta[-1].row.number > ends_at:
        return
    if page.last_row > ends_at:
        return
    if last_unit.kind not in {"prose", "short", "bullet", "record", "about"}:
        return
    in_body = bool(paragraphs) and paragraphs[-1].rows[-1].number == ends_at
    if last_unit.kind == "short" and not in_body and not _open_end(last_unit.flat):
        return
    text = last_unit.text
    path: tuple[str | int, ...] = ()
    if paragraphs and paragraphs[-1].rows[-1].number == ends_at:
        text = paragraphs[-1].text
        path = ("body", len(paragraphs) - 1)
        if already:
            return
    if sentence_end(text) or (
        text.rstrip(TRIM).endswith((":", ")", "”", '"')) and sentence_end(text.rstrip(TRIM)[:-1])
    ):
        return
    words = _words(text)
    found.warn(
        "NI407",
        f"the page looks cut off: its last line stops mid-sentence at {words[-1]!r}"
        if words
        else "the page looks cut off",
        path,
        ends_at,
    )


def _drop_dangling(para: Para, found: Findings) -> None:
    folded = para.text.casefold()
    for phrase in chrome().dangling:
        if not folded.endswith(phrase):
            continue
        start = len(para.text) - len(phrase)
        before = para.text[:start]
        if not before or before[-1] not in TRIM or not para.text[start].isupper():
            continue
        kept = before.rstrip(TRIM)
        if kept and not sentence_end(kept):
            continue
        last = para.rows[-1]
        line_start = para.text.rfind("\n", 0, start) + 1
        found.warn(
            "NI403",
            f"dangling link text removed as page chrome: {para.text[start:]!r}",
            (),
            last.number,
            last.column + start - line_start,
        )
        para.text = kept
        return


def _check_cut(para: Para, path: tuple[str | int, ...], found: Findings) -> bool:
    """NI407 for a paragraph that ends in a function word without a full stop."""
    words = _words(para.text)
    if not words or sentence_end(para.text):
        return False
    last = words[-1].casefold()
    if last in _FUNCTION_WORDS:
        row = para.rows[-1]
        found.warn(
            "NI407",
            f"text looks cut off: it ends in {words[-1]!r} without a full stop",
            path,
            row.number,
            row.column + len(row.text) - len(words[-1]),
        )
        return True
    return False


# --- metadata ---------------------------------------------------------------------------------


def _read_metadata(
    metas: list[Meta], found: Findings
) -> tuple[dict[str, list[str]], list[ExtraField]]:
    lists: dict[str, list[str]] = {name: [] for name in LIST_FIELDS}
    seen: dict[str, set[str]] = {name: set() for name in LIST_FIELDS}
    extra: list[ExtraField] = []
    if not metas:
        found.warn("NI406", "no metadata block (Label: value lines)")
    for meta in metas:
        row = meta.row
        value_col = row.column + len(row.text) - len(meta.value)
        if not meta.value:
            found.warn(
                "NI410", f"metadata line {meta.label!r} has no value; dropped", (), row.number
            )
            continue
        if meta.field is None:
            found.place(("extra", len(extra)), row.number, row.column)
            found.place(("extra", len(extra), "value"), row.number, value_col)
            extra.append(ExtraField(label=meta.label, value=meta.value))
            continue
        name = meta.field
        for glued in split_value(meta.value, name):
            col = value_col + glued.offset
            parts = ", ".join(repr(p.text) for p in glued.pieces)
            if glued.how == "vocabulary":
                found.warn(
                    "NI404",
                    f"split {glued.source!r} into {parts} by vocabulary",
                    (name,),
                    row.number,
                    col,
                )
            elif glued.how == "fallback":
                found.warn(
                    "NI405",
                    f"split {glued.source!r} into {parts} at lowercase-uppercase "
                    "boundaries (a guess: check it)",
                    (name,),
                    row.number,
                    col,
                )
            for piece in glued.pieces:
                if piece.text in seen[name]:
                    found.warn(
                        "NI410",
                        f"{piece.text!r} repeated in {meta.label}; kept once",
                        (name,),
                        row.number,
                        value_col + piece.offset,
                    )
                    continue
                seen[name].add(piece.text)
                found.place((name, len(lists[name])), row.number, value_col + piece.offset)
                lists[name].append(piece.text)
    return lists, extra


def _read_trailer(metas: list[Meta], extra: list[ExtraField], found: Findings) -> dict[str, str]:
    """Fields of a closing ``Newsitem:`` block; lines it does not know become extra fields."""
    scalars: dict[str, str] = {}
    for meta in metas:
        name = _TRAILER.get(meta.label)
        if meta.label in {MARKER, "Zones"}:
            continue
        if name is not None and name not in scalars and meta.value:
            scalars[name] = meta.value
            path = ("rights", name) if name in {"holder", "url"} else (name,)
            found.place(path, meta.row.number, meta.row.column + len(meta.label) + 2)
        else:
            found.place(("extra", len(extra)), meta.row.number, meta.row.column)
            extra.append(ExtraField(label=meta.label, value=meta.value))
    return scalars
