"""Every hypothesis strategy of the test suite, in one place.

``news_items()`` builds valid items from XML-safe characters: strings are trimmed, non-empty,
single-line where the format says so, and list values are unique (also ignoring case, so that
no NI350 warning appears).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from newsitem.labels import field_for_label
from newsitem.model import Byline, ExtraField, MediaRef, NewsItem, RelatedRef, Rights, Subject

# XML-safe characters: no controls but tab, no surrogates, no U+FFFE/U+FFFF.
_SAFE = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc"),
    exclude_characters="\ufffe\uffff",
) | st.sampled_from(list("\t’–—“”éßø"))
_WS = set(
    " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def _trimmed(s: str) -> bool:
    return bool(s) and s[0] not in _WS and s[-1] not in _WS


def lines(max_size: int = 60) -> st.SearchStrategy[str]:
    """Single-line strings that are trimmed and non-empty."""
    return (
        st.text(_SAFE, min_size=1, max_size=max_size)
        .map(lambda s: s.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " "))
        .map(lambda s: s.strip("".join(_WS)))
        .filter(_trimmed)
    )


def paragraphs(max_size: int = 200) -> st.SearchStrategy[str]:
    """Paragraph strings: trimmed, non-empty, possibly with single line breaks (no empty
    line inside)."""
    return st.lists(lines(max_size // 3 + 1), min_size=1, max_size=3).map("\n".join)


def plain_words() -> st.SearchStrategy[str]:
    """Readable ASCII words, for values that must look like real metadata."""
    return st.from_regex(r"[A-Z][a-z]{1,10}( [A-Z][a-z]{1,10}){0,2}", fullmatch=True)


def unique_values(max_size: int = 4) -> st.SearchStrategy[tuple[str, ...]]:
    """A tuple of list values unique even when case is ignored."""
    return st.lists(lines(40), max_size=max_size, unique_by=str.casefold).map(tuple)


def datetimes() -> st.SearchStrategy[str]:
    """RFC 3339 date-times with Z or an offset, whole seconds or fractions."""
    return st.builds(
        _format_dt,
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)),
        st.sampled_from([0, 60, -300, 330, 540, -720]),
        st.booleans(),
    )


def _format_dt(moment: datetime, offset_minutes: int, fraction: bool) -> str:
    if not fraction:
        moment = moment.replace(microsecond=0)
    aware = moment.replace(tzinfo=UTC).astimezone(
        __import__("datetime").timezone(timedelta(minutes=offset_minutes))
    )
    text = aware.isoformat()
    return text.replace("+00:00", "Z") if offset_minutes == 0 else text


def languages() -> st.SearchStrategy[str]:
    """BCP 47 tags of common shapes."""
    return st.sampled_from(["en", "en-GB", "pt-BR", "de", "zh-Hant-TW", "es-419", "sr-Latn"])


def extra_fields() -> st.SearchStrategy[tuple[ExtraField, ...]]:
    """Extra label/value pairs whose labels are allowed (no ': ', not reserved)."""
    label = lines(30).filter(lambda s: ": " not in s and field_for_label(s) is None)
    return st.lists(st.builds(ExtraField, label=label, value=lines(80)), max_size=3).map(tuple)


@st.composite
def news_items(draw: st.DrawFn) -> NewsItem:
    """A valid news item with any combination of optional fields."""
    published = draw(st.none() | datetimes())
    updated = draw(st.none() | datetimes())
    if published is not None and updated is not None:
        p = datetime.fromisoformat(published.replace("Z", "+00:00"))
        u = datetime.fromisoformat(updated.replace("Z", "+00:00"))
        if u < p:
            published, updated = updated, published
    headline = draw(lines(80))
    body = draw(st.lists(paragraphs(), min_size=1, max_size=5).map(tuple))
    if body[0] == headline:
        body = (headline + " more", *body[1:])
    rights = draw(
        st.none()
        | st.builds(
            Rights,
            notice=paragraphs(120),
            holder=st.none() | lines(40),
            url=st.none()
            | st.from_regex(r"https://[a-z]{1,10}\.example/[a-z]{0,8}", fullmatch=True),
        )
    )
    return NewsItem(
        headline=headline,
        body=body,
        id=draw(st.none() | st.from_regex(r"[A-Za-z0-9:._-]{1,30}", fullmatch=True)),
        language=draw(st.none() | languages()),
        title=draw(st.none() | lines(100)),
        provider=draw(st.none() | lines(40)),
        service=draw(st.none() | lines(40)),
        published=published,
        updated=updated,
        rights=rights,
        content_types=draw(unique_values()),
        topics=draw(unique_values()),
        platforms=draw(unique_values()),
        regions=draw(unique_values()),
        media_types=draw(unique_values()),
        extra=draw(extra_fields()),
    )


# --- the text form ----------------------------------------------------------------------------


def canonical_texts() -> st.SearchStrategy[str]:
    """Canonical text (as the text codec writes it) of generated items."""
    from newsitem.text import canonical

    return news_items().map(canonical.dumps)


_PAGE_LINES = st.sampled_from(
    [
        "",
        "Sign up for email updates",
        "Share this article",
        "Topics: Politics",
        "Content Types: TextVideo",
        "Regions & Locations: Europe / Middle East / Africa",
        "Platforms: Harbour PlatformCoast Wire",
        "Dateline: NORTHPORT, March 3",
        "Harbour crane collapses - Coastline Press",
        "Coastline Press",
        "Harbour crane collapses",
        "© 2025 Coastline Press. All rights reserved.",
        "Learn more in",
        "Newsitem: 1.0",
        "Zones: headline body",
        "The crane fell at dawn.\u00a0 Read more",
        "Officials said: no one was hurt",
        "\ufeffTitle\r",
        "\t  indented line with trailing spaces   ",
    ]
)


def raw_pages() -> st.SearchStrategy[str]:
    """Page-like text: lines drawn from page zones and artefacts, mixed with arbitrary lines,
    joined by LF, CRLF or CR."""
    line = _PAGE_LINES | st.text(max_size=40)
    return st.builds(
        lambda rows, end: end.join(rows),
        st.lists(line, max_size=25),
        st.sampled_from(["\n", "\r\n", "\r"]),
    )


# --- XML form (appended for the XML codec tests) ------------------------------------------------

_AWKWARD = st.sampled_from(["&", "<", ">", "]]>", "&amp;", '"', "'", "<!--", "\n", "\t", "a\nb"])


@st.composite
def xml_awkward_items(draw: st.DrawFn) -> NewsItem:
    """Valid items whose text is dense with XML markup characters, CDATA ends and LF line
    breaks (inside paragraphs only, where the format allows line breaks)."""
    item = draw(news_items())
    pieces = draw(st.lists(_AWKWARD, min_size=1, max_size=6))
    middle = "x".join(pieces)
    body = tuple(f"{para}x{middle}x" for para in item.body)
    line = "x" + middle.replace("\n", "").replace("\t", "") + "x"
    return NewsItem(
        **{
            **{name: getattr(item, name) for name in item.__dataclass_fields__},
            "body": body,
            "headline": item.headline + line,
            "id": None if item.id is None else item.id + "&<>",
        }
    )


# --- awkward characters -----------------------------------------------------------------------

#: Characters that codecs have mishandled: every kind of line break, spaces that are and are
#: not White_Space, joiners, the BOM, tab.
EDGE_CHARACTERS = (
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\u00a0",
    "\u200d",
    "\u200b",
    "\t",
    "\ufeff",
    "\u3000",
)


def edge_texts() -> st.SearchStrategy[str]:
    """Short texts of plain words mixed with the edge characters (valid or not)."""
    piece = st.sampled_from(EDGE_CHARACTERS) | st.sampled_from(["a", "Wort", "é", "ß", "ok."])
    return st.lists(piece, min_size=0, max_size=8).map("".join)


@st.composite
def edgy_items(draw: st.DrawFn) -> NewsItem:
    """Items from ``news_items`` with edge characters spliced into their text: some stay
    valid (LF inside a paragraph, NBSP inside a line), others break a rule (NI213, NI303,
    NI208, NI201)."""
    item = draw(news_items())
    edge = draw(st.sampled_from(EDGE_CHARACTERS))
    where = draw(st.sampled_from(["body", "headline", "notice", "extra"]))
    changes: dict[str, object] = {}
    if where == "body":
        changes["body"] = (f"{item.body[0]}{edge}{item.body[0]}", *item.body[1:])
    elif where == "headline":
        changes["headline"] = f"{item.headline}{edge}{item.headline}"
    elif where == "notice" and item.rights is not None:
        notice = f"{item.rights.notice}{edge}x"
        changes["rights"] = Rights(notice=notice, holder=item.rights.holder, url=item.rights.url)
    elif where == "extra" and item.extra:
        first = item.extra[0]
        changes["extra"] = (ExtraField(label=first.label, value=f"{first.value}{edge}x"),)
    return NewsItem(**{**{n: getattr(item, n) for n in item.__dataclass_fields__}, **changes})


#: Structural changes to an XML item tree (see ``xml_tree_mutations``).
XML_TREE_CHANGES = (
    "attribute",
    "xsi-type",
    "schema-location",
    "unknown-element",
    "comment",
    "text",
    "duplicate",
    "reorder",
    "no-namespace",
    "processing-instruction",
)


def xml_tree_mutations() -> st.SearchStrategy[list[tuple[str, int]]]:
    """Up to three structural changes to an XML item tree: (change, which element), where the
    element is chosen by index modulo the number of elements in the tree."""
    return st.lists(
        st.tuples(st.sampled_from(XML_TREE_CHANGES), st.integers(0, 10_000)), max_size=3
    )


# --- format 1.1 ---------------------------------------------------------------------------------


_CODE_CHARS = "ABCXYZabcxyz0189:/._-"
_LOWER = "abcdefghijklmnopqrstuvwxyz0123456789"


def _tokens() -> st.SearchStrategy[str]:
    return st.text(_CODE_CHARS, min_size=1, max_size=20)


def _urls() -> st.SearchStrategy[str]:
    return st.builds(
        "https://{}.example/{}".format,
        st.text(_LOWER, min_size=1, max_size=10),
        st.text(_LOWER, max_size=8),
    )


def bylines() -> st.SearchStrategy[tuple[Byline, ...]]:
    """Unique bylines, with or without a role."""
    byline = st.builds(Byline, name=lines(40), role=st.none() | lines(20))
    return st.lists(byline, max_size=3, unique=True).map(tuple)


def subjects() -> st.SearchStrategy[tuple[Subject, ...]]:
    """Unique coded subjects (scheme, code, optional name)."""
    subject = st.builds(Subject, scheme=_tokens(), code=_tokens(), name=st.none() | lines(40))
    return st.lists(subject, max_size=3, unique=True).map(tuple)


def media_refs() -> st.SearchStrategy[tuple[MediaRef, ...]]:
    """Media references of every kind, with any optional member."""
    ref = st.builds(
        MediaRef,
        kind=st.sampled_from(["picture", "video", "audio"]),
        url=_urls(),
        mime_type=st.sampled_from(["image/jpeg", "video/mp4", "audio/mpeg", "image/svg+xml"]),
        size=st.none() | st.integers(0, 2**40),
        duration=st.none() | st.integers(0, 100_000),
        caption=st.none() | paragraphs(120),
        credit=st.none() | lines(40),
    )
    return st.lists(ref, max_size=3).map(tuple)


def related_refs(min_size: int = 0) -> st.SearchStrategy[tuple[RelatedRef, ...]]:
    """Related items (the members of a package), with any optional member."""
    ref = st.builds(
        RelatedRef,
        id=st.one_of(_tokens(), _urls()),
        rel=st.none() | lines(20),
        kind=st.none()
        | st.sampled_from(["text", "picture", "video", "audio", "graphic", "package", "other"]),
        url=st.none() | _urls(),
        title=st.none() | lines(40),
    )
    return st.lists(ref, min_size=min_size, max_size=3).map(tuple)


@st.composite
def news_items_1_1(draw: st.DrawFn) -> NewsItem:
    """A valid 1.1 item: ``news_items`` plus any combination of the fields 1.1 adds."""
    item = draw(news_items())
    rights = item.rights
    if rights is not None and draw(st.booleans()):
        rights = Rights(
            notice=rights.notice, holder=rights.holder, url=rights.url, license=draw(_urls())
        )
    fields = {name: getattr(item, name) for name in item.__dataclass_fields__}
    fields.update(
        version="1.1",
        rights=rights,
        bylines=draw(bylines()),
        dateline=draw(st.none() | lines(40)),
        subjects=draw(subjects()),
        keywords=draw(unique_values()),
        urgency=draw(st.none() | st.integers(1, 9)),
        pub_status=draw(st.none() | st.sampled_from(["usable", "withheld", "canceled"])),
        embargoed=draw(st.none() | datetimes()),
        media=draw(media_refs()),
        revision=draw(st.none() | st.integers(1, 2**31 - 1)),
        related=draw(related_refs()),
    )
    return NewsItem(**fields)


@st.composite
def items_without_text(draw: st.DrawFn, *, iptc: bool = False) -> NewsItem:
    """A valid 1.1 item without a body (a picture, video or package), with or without a
    headline; ``iptc`` draws the 1.1 fields the IPTC forms carry natively."""
    import dataclasses

    item = draw(iptc_news_items_1_1() if iptc else news_items_1_1())
    media, related = item.media, item.related
    if not media and not related:
        related = draw(related_refs(min_size=1))
    return dataclasses.replace(
        item,
        version="1.1",
        headline=draw(st.none() | st.just(item.headline)),
        body=(),
        related=related,
    )


# --- format 1.1 fields the IPTC forms carry (IPTC round trips) --------------------------------


@st.composite
def iptc_news_items_1_1(draw: st.DrawFn) -> NewsItem:
    """A valid item of format 1.1 whose new fields the IPTC forms can carry natively
    (IPTC-style subject codes, JPEG pictures, a licence URL)."""
    import dataclasses

    from newsitem.model import AUTO_VERSION, Byline, MediaRef, Subject

    item = draw(news_items())
    token = st.from_regex(r"[a-z][a-z0-9]{0,7}(?::[a-z0-9]{1,5})?", fullmatch=True)
    bylines = st.lists(
        st.builds(Byline, name=lines(40), role=st.none() | lines(20)),
        max_size=3,
        unique_by=lambda b: (b.name, b.role),
    ).map(tuple)
    subjects = st.lists(
        st.builds(
            Subject,
            scheme=token,
            code=st.from_regex(r"[0-9A-Za-z]{1,10}", fullmatch=True),
            name=st.none() | lines(40),
        ),
        max_size=3,
        unique_by=lambda s: (s.scheme, s.code, s.name),
    ).map(tuple)
    media = st.lists(
        st.builds(
            MediaRef,
            kind=st.sampled_from(["picture", "video", "audio"]),
            url=st.from_regex(r"https://[a-z]{1,10}\.example/[a-z]{1,8}\.jpg", fullmatch=True),
            mime_type=st.just("image/jpeg"),
            size=st.none() | st.integers(0, 10**9),
            duration=st.none() | st.integers(0, 10**6),
            caption=st.none() | paragraphs(80),
            credit=st.none() | lines(30),
        ),
        max_size=2,
    ).map(tuple)
    rights = item.rights
    if rights is not None and draw(st.booleans()):
        rights = dataclasses.replace(rights, license="https://licences.example/by/4.0/")
    return dataclasses.replace(
        item,
        version=AUTO_VERSION,  # the lowest version that holds the fields drawn
        rights=rights,
        bylines=draw(bylines),
        dateline=draw(st.none() | lines(40)),
        subjects=draw(subjects),
        keywords=draw(unique_values()),
        urgency=draw(st.none() | st.integers(1, 9)),
        pub_status=draw(st.none() | st.sampled_from(["usable", "withheld", "canceled"])),
        embargoed=draw(st.none() | datetimes()),
        media=draw(media),
        revision=draw(st.none() | st.integers(1, 2**31 - 1)),
        related=draw(related_refs()),
    )


# --- JSON texts for the fast path of the JSON codec (issue 16) ---------------------------------

#: How ``json_item_texts`` lays a document out.
JSON_LAYOUTS = ("orjson", "spaced", "indented", "ascii-escaped")

#: Changes ``json_item_texts`` applies to a document or its text (up to three).
JSON_TEXT_CHANGES = (
    "space-at-end",
    "space-at-start",
    "tab",
    "no-break-space",
    "line-feed",
    "carriage-return",
    "line-separator",
    "control",
    "empty",
    "quote",
    "quote-as-u0022",
    "backslash",
    "duplicate-key",
    "duplicate-nested-key",
    "bad-date",
    "offset-date",
    "unknown-field",
    "wrong-type",
    "headline-as-first-paragraph",
    "values-differ-in-case",
    "reserved-label",
    "label-with-separator",
)
_INSERTS = {
    "space-at-end": ("", " "),
    "space-at-start": (" ", ""),
    "tab": ("", "\tx"),
    "no-break-space": ("", "\xa0x"),
    "line-feed": ("", "\nx"),
    "carriage-return": ("", "\rx"),
    "line-separator": ("", "\u2028x"),
    "control": ("", "\x07x"),
    "quote": ('"', '"'),
    "backslash": ("", "\\x"),
}


def _plain_string(value: str) -> str:
    """The string with every character outside U+0020-U+007E replaced by a letter (the
    length, and so the position of the ends, is kept)."""
    return "".join(c if " " <= c <= "~" else "x" for c in value)


def _map_strings(value: object, fn: object) -> object:
    if isinstance(value, str):
        return fn(value)  # type: ignore[operator]
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value


def _string_paths(doc: dict[str, object]) -> list[tuple[object, ...]]:
    paths: list[tuple[object, ...]] = []

    def walk(value: object, path: tuple[object, ...]) -> None:
        if isinstance(value, str) and path != ("newsitem",):
            paths.append(path)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))

    walk(doc, ())
    return paths


def _change_string(doc: dict[str, object], path: tuple[object, ...], fn: object) -> None:
    holder: object = doc
    for part in path[:-1]:
        holder = holder[part]  # type: ignore[index]
    holder[path[-1]] = fn(holder[path[-1]])  # type: ignore[index, operator]


@st.composite
def json_item_texts(draw: st.DrawFn) -> bytes:
    """JSON texts of generated items (formats 1.0 and 1.1) in one of ``JSON_LAYOUTS``, half of
    them reduced to plain ASCII, with up to three of ``JSON_TEXT_CHANGES``: some stay valid (a
    quote inside a string), most break the schema, a rule or the no-duplicate-key rule."""
    import json

    import orjson

    from newsitem.model import to_dict

    item = draw(news_items() | news_items_1_1())
    doc: dict[str, object] = to_dict(item)
    if draw(st.booleans()):
        doc = _map_strings(doc, _plain_string)  # type: ignore[assignment]
    text_changes: list[str] = []
    for change in draw(st.lists(st.sampled_from(JSON_TEXT_CHANGES), max_size=3)):
        paths = _string_paths(doc)
        path = paths[draw(st.integers(0, len(paths) - 1))]
        if change in _INSERTS:
            before, after = _INSERTS[change]
            _change_string(doc, path, lambda s, b=before, a=after: f"{b}{s}{a}")
        elif change == "empty":
            _change_string(doc, path, lambda s: "")
        elif change == "quote-as-u0022":
            _change_string(doc, path, lambda s: s + "\x00QUOTE\x00")
            text_changes.append(change)
        elif change in ("duplicate-key", "duplicate-nested-key"):
            text_changes.append(change)
        elif change == "bad-date":
            doc[draw(st.sampled_from(["published", "updated"]))] = "2025-02-30T10:00:00Z"
        elif change == "offset-date":
            doc["published"], doc["updated"] = "2025-01-02T10:00:00+01:00", "2025-01-02T09:30:00Z"
        elif change == "unknown-field":
            doc["summary"] = "x"
        elif change == "wrong-type":
            doc[draw(st.sampled_from(["headline", "body", "topics", "rights"]))] = 42
        elif change == "headline-as-first-paragraph" and isinstance(doc.get("body"), list):
            doc["body"] = [doc["headline"], *doc["body"]]  # type: ignore[misc]
        elif change == "values-differ-in-case":
            doc["topics"] = ["Sport", "SPORT"]
        elif change == "reserved-label":
            doc["extra"] = [{"label": "Topics", "value": "x"}]
        elif change == "label-with-separator":
            doc["extra"] = [{"label": "Note: x", "value": "x"}]
    layout = draw(st.sampled_from(JSON_LAYOUTS))
    if layout == "orjson":
        text = orjson.dumps(doc).decode("utf-8")
    elif layout == "spaced":
        text = json.dumps(doc, ensure_ascii=False)
    elif layout == "indented":
        text = json.dumps(doc, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(doc)
    text = text.replace("\\u0000QUOTE\\u0000", "\\u0022")
    if "duplicate-key" in text_changes:
        text = text.replace('"body"', '"headline": "dup", "body"', 1)
    if "duplicate-nested-key" in text_changes and '"notice"' in text:
        text = text.replace('"notice"', '"holder": "dup", "notice"', 1)
    return (text + draw(st.sampled_from(["", "\n", "\r\n"]))).encode("utf-8")
