"""The zone parser for raw page dumps: find the parts of an article page by their anchors.

A raw page is what a browser or scraper gets from an agency's article page (see SPEC §7.2).
The parser never relies on line numbers. It removes page chrome, pulls out the metadata block
wherever it is, then reads the head (title, service, headline) from the first lines, the rights
notice from the edges of what remains, and the body from the rest. Every guess and every
removal is a warning with a line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsitem.errors import ParseError
from newsitem.issues import make_issue
from newsitem.labels import field_for_label
from newsitem.model import LIST_FIELDS, ExtraField, NewsItem, Rights
from newsitem.text.canonical import MARKER, TRAILER_FIELDS
from newsitem.text.findings import Findings
from newsitem.text.source import Line
from newsitem.text.split import split_value
from newsitem.text.vocab import chrome, looks_like_rights
from newsitem.values import WHITESPACE

#: Whitespace trimmed from raw lines: Unicode White_Space, the BOM and zero-width marks.
TRIM = WHITESPACE + "\u200b\u200c\u200d\u2060"
_TITLE = re.compile(
    r"\A(?P<head>.+)[ \t\u00a0]+[-–—|][ \t\u00a0]+"
    r"(?P<site>(?:(?![ \t\u00a0][-–—|][ \t\u00a0]).)+)\Z"
)
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


@dataclass(frozen=True, slots=True)
class Row:
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


def sentence_end(text: str) -> bool:
    """True when text ends a sentence (closing quotes and brackets aside)."""
    core = text.rstrip(_CLOSING + TRIM)
    return core.endswith((".", "!", "?", "…"))


def _words(text: str) -> list[str]:
    return text.split()


def _prose(value: str) -> bool:
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
    field = field_for_label(label)
    if field is not None:
        return None if _prose(value) else Meta(row, label, value, field)
    if label.casefold() == MARKER.casefold() or label in _TRAILER or label == "Zones":
        return Meta(row, label, value, None)
    if not value or _prose(value) or not _label_like(label, value):
        return None
    if len(_words(value)) > 15 or _SENTENCE_BREAK.search(value) or looks_like_rights(row.text):
        return None
    return Meta(row, label, value, None)


def parse(lines: list[Line], found: Findings) -> NewsItem:
    """Read a raw page.

    Raises:
        ParseError: NI400 when there is no article (no line of text, or no body paragraph);
            in strict mode, the first warning as an error.
    """
    rows = _rows(lines, found)
    if not rows:
        raise ParseError(make_issue("NI400", "no article found: the text has no content line"))
    blocks = _blocks(rows)
    trailer = _take_trailer(blocks)
    meta, content = _split_metadata(blocks)
    if not content:
        raise ParseError(
            make_issue("NI400", "no article found: only metadata and page chrome", line=1)
        )
    head, body_rows = _read_head(content, found)
    paragraphs = _paragraphs(body_rows, found)
    for para in paragraphs:
        _drop_dangling(para, found)
    paragraphs = [p for p in paragraphs if p.text]
    rights_paras = _take_rights(paragraphs)
    if not paragraphs:
        line = content[-1].number
        raise ParseError(make_issue("NI400", "no article found: no body paragraph", line=line))
    if not rights_paras:
        found.warn("NI406", "no rights notice found", ("rights",))
    for index, para in enumerate(paragraphs):
        found.place(("body", index), para.rows[0].number, para.rows[0].column)
        _check_cut(para, ("body", index), found)
    rights = None
    if rights_paras:
        notice = "\n".join(p.text for p in rights_paras)
        first = rights_paras[0].rows[0]
        found.place(("rights",), first.number, first.column)
        _check_cut(Para(notice, [r for p in rights_paras for r in p.rows]), ("rights",), found)
        rights = Rights(notice=notice)
    lists, extra = _read_metadata(meta, found)
    scalars = _read_trailer(trailer, extra, found)
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
        language=scalars.get("language"),
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


def _rows(lines: list[Line], found: Findings) -> list[Row]:
    """Non-blank rows; chrome lines are removed (reported) and end a block like a blank."""
    rows: list[Row] = []
    block = 0
    gap = True
    vocab = chrome()
    for line in lines:
        text = line.text.strip(TRIM)
        if not text:
            gap = True
            continue
        column = len(line.text) - len(line.text.lstrip(TRIM)) + 1
        if vocab.is_chrome_line(text):
            found.warn("NI402", f"page chrome removed: {text!r}", (), line.number, column)
            gap = True
            continue
        if gap and rows:
            block += 1
        gap = False
        rows.append(Row(line.number, text, column, block))
    return rows


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


def _split_metadata(blocks: list[list[Row]]) -> tuple[list[Meta], list[Row]]:
    """Metadata lines (in page order) and the remaining content rows."""
    metas: list[list[Meta | None]] = [[meta_of(r) for r in block] for block in blocks]
    is_meta: list[list[bool]] = [[False] * len(block) for block in blocks]
    whole: list[bool] = []
    for bi, block_metas in enumerate(metas):
        known = [m is not None and m.field is not None for m in block_metas]
        if all(m is not None for m in block_metas) and any(known):
            is_meta[bi] = [True] * len(block_metas)
            whole.append(True)
            continue
        whole.append(False)
        # a trailing or leading run of label lines with a known label, glued to a paragraph
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
    # blocks of unknown labels only join a neighbouring metadata block
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
    found_meta: list[Meta] = []
    content: list[Row] = []
    for bi, block in enumerate(blocks):
        for ri, row in enumerate(block):
            meta = metas[bi][ri]
            if is_meta[bi][ri] and meta is not None:
                found_meta.append(meta)
            else:
                content.append(row)
    return found_meta, content


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


def _headline_like(text: str) -> bool:
    return len(text) <= 300 and not (sentence_end(text) and len(_words(text)) > 12)


def _read_head(rows: list[Row], found: Findings) -> tuple[Head, list[Row]]:
    first = rows[0]
    match = _TITLE.match(first.text)
    if match is not None:
        head_text, site = match.group("head").strip(TRIM), match.group("site").strip(TRIM)
        site_col = first.column + match.start("site")
        for k in range(1, min(len(rows), 6)):
            if _fold(rows[k].text) == _fold(head_text):
                head = Head(rows[k].text, first, site, site_col)
                found.place(("title",), first.number, first.column)
                found.place(("headline",), rows[k].number, rows[k].column)
                between = rows[1:k]
                if between:
                    head.service = between[0]
                    found.place(("service",), between[0].number, between[0].column)
                    for extra in between[1:]:
                        found.warn(
                            "NI412",
                            f"line between the title and the headline dropped: {extra.text!r}",
                            (),
                            extra.number,
                            extra.column,
                        )
                else:
                    found.warn("NI406", "no service line above the headline", ("service",))
                return head, rows[k + 1 :]
        if _name_like(site) and len(rows) > 1:
            head = Head(head_text, first, site, site_col)
            found.place(("title",), first.number, first.column)
            found.place(("headline",), first.number, first.column)
            found.warn(
                "NI408",
                "no headline line: headline taken from the page title",
                ("headline",),
                first.number,
                first.column,
            )
            rest = rows[1:]
            if len(rest) > 1 and _short_line(rest[0].text) and rest[0].block != rest[1].block:
                head.service = rest[0]
                found.place(("service",), rest[0].number, rest[0].column)
                found.warn(
                    "NI408",
                    f"service guessed from the short line {rest[0].text!r}",
                    ("service",),
                    rest[0].number,
                    rest[0].column,
                )
                rest = rest[1:]
            else:
                found.warn("NI406", "no service line above the headline", ("service",))
            return head, rest
    found.warn("NI406", "no page title line (<headline> - <site>)", ("title",), first.number)
    if (
        len(rows) > 2
        and _short_line(first.text)
        and rows[1].block != first.block
        and rows[2].block != rows[1].block
        and _headline_like(rows[1].text)
        and not sentence_end(rows[1].text)
    ):
        found.warn(
            "NI408",
            f"service guessed from the short line {first.text!r} above the headline",
            ("service",),
            first.number,
            first.column,
        )
        found.place(("service",), first.number, first.column)
        found.place(("headline",), rows[1].number, rows[1].column)
        return Head(rows[1].text, service=first), rows[2:]
    found.warn("NI406", "no service line above the headline", ("service",))
    if len(rows) > 1 and _headline_like(first.text):
        found.place(("headline",), first.number, first.column)
        return Head(first.text), rows[1:]
    if len(rows) == 1 and _headline_like(first.text):
        raise ParseError(
            make_issue("NI400", "no article found: one line and no body", line=first.number)
        )
    headline = _first_sentence(first.text)
    found.warn(
        "NI408",
        "no headline line: headline taken from the first sentence",
        ("headline",),
        first.number,
        first.column,
    )
    found.place(("headline",), first.number, first.column)
    return Head(headline), rows


def _first_sentence(text: str) -> str:
    match = re.search(r"[.!?…](?=[ \t\u00a0]+\S)", text)
    sentence = text[: match.end()] if match is not None else text
    if len(sentence) > 200:
        cut = sentence.rfind(" ", 0, 200)
        sentence = sentence[: cut if cut > 0 else 200]
    return sentence.strip(TRIM)


# --- body, dangling link text, rights ---------------------------------------------------------


def _paragraphs(rows: list[Row], found: Findings) -> list[Para]:
    """One paragraph per row, except that a row ending mid-sentence continues on the next
    row of its block (a hard-wrapped paragraph keeps its line breaks)."""
    paras: list[Para] = []
    for block in _blocks(rows):
        start = len(paras)
        current: Para | None = None
        for row in block:
            if current is None:
                current = Para(row.text, [row])
            else:
                current.text += "\n" + row.text
                current.rows.append(row)
            if sentence_end(row.text):
                paras.append(current)
                current = None
        if current is not None:
            paras.append(current)
        made = len(paras) - start
        if len(block) > 1:
            found.warn(
                "NI409",
                f"lines {block[0].number}-{block[-1].number} have no empty line between them: "
                f"read as {made} paragraph(s)",
                (),
                block[0].number,
                block[0].column,
            )
    return paras


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


def _take_rights(paras: list[Para]) -> list[Para]:
    """Take the rights notice from the end of the paragraphs (or a leading copyright line)."""
    taken: list[Para] = []
    while len(paras) > 1 and looks_like_rights(paras[-1].text):
        taken.insert(0, paras.pop())
    if not taken and len(paras) > 1 and paras[0].text.casefold().startswith(("©", "copyright")):
        taken.append(paras.pop(0))
    return taken


def _check_cut(para: Para, path: tuple[str | int, ...], found: Findings) -> None:
    words = _words(para.text)
    if not words or sentence_end(para.text):
        return
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
