"""The XML codec: canonical output, located issues with JSON's codes, the extended-schema
proof, examples and feeds."""

from __future__ import annotations

import copy
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from lxml import etree

from newsitem.codecs import json_codec
from newsitem.codecs import xml_codec as xml
from newsitem.errors import ConversionError, InvalidNewsItem, ParseError
from newsitem.issues import Issue
from newsitem.model import NewsItem, Rights
from newsitem.schemas import load_schema
from newsitem.xml_mapping import mapping_from_schema
from newsitem.xsd import generate_xsd
from tests.conftest import EXAMPLES

NS = "urn:newsitem:xml:1"
ARTICLES = sorted((EXAMPLES / "articles").glob("*.json"))

MUSEUM = (EXAMPLES / "articles" / "museum-heist.xml").read_text(encoding="utf-8")


def _codes(found: list[Issue]) -> list[tuple[str, str, int | None]]:
    return [(i.code, i.path, i.line) for i in found]


def _item(**changes: Any) -> NewsItem:
    base: dict[str, Any] = {"headline": "Storm closes port", "body": ("The port closed.",)}
    base.update(changes)
    return NewsItem(**base)


# --- output -----------------------------------------------------------------------------------


def test_dumps_is_canonical_xml() -> None:
    """dumps writes the declaration, the namespaced root with the version, two-space indent
    and one element per list value."""
    item = _item(id="a1", language="en", topics=("Ports", "Weather"))
    assert xml.dumps(item).decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ni:newsItem xmlns:ni="{NS}" version="1.0" id="a1" lang="en">\n'
        "  <ni:headline>Storm closes port</ni:headline>\n"
        "  <ni:body>\n"
        "    <ni:p>The port closed.</ni:p>\n"
        "  </ni:body>\n"
        "  <ni:topics>\n"
        "    <ni:topic>Ports</ni:topic>\n"
        "    <ni:topic>Weather</ni:topic>\n"
        "  </ni:topics>\n"
        "</ni:newsItem>\n"
    )


def test_markup_characters_and_line_breaks_survive() -> None:
    """&, <, >, ]]>, line feeds and tabs come back exactly, in text and in attributes."""
    item = _item(
        id="x&y<z>",
        body=("a & b < c > d ]]> e", "line one\nline two\nthree", "tab\there"),
        rights=Rights(notice='"Quoted" & <tagged>'),
    )
    data = xml.dumps(item)
    assert xml.loads(data) == item
    assert xml.dumps(xml.loads(data)) == data


def test_a_carriage_return_survives_the_xml_trip_and_is_then_refused() -> None:
    """A CR is written as &#13; (a parser would turn a literal one into LF), so reading it
    back finds the CR and refuses it with NI213 at its paragraph."""
    data = xml.dumps(_item(body=("line one\rline two",)))
    assert b"line one&#13;line two" in data
    with pytest.raises(InvalidNewsItem) as caught:
        xml.loads(data)
    assert [(i.code, i.path) for i in caught.value.issues] == [
        ("NI213", "/ni:newsItem/ni:body/ni:p[1]")
    ]


def test_characters_xml_cannot_carry_are_refused() -> None:
    """A control character raises ConversionError instead of writing broken XML."""
    with pytest.raises(ConversionError, match="U\\+0001"):
        xml.dumps(_item(headline="bad\x01"))


def test_loads_accepts_text_with_any_declared_encoding() -> None:
    """loads takes str too; a declared encoding is ignored for text."""
    text = MUSEUM.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    assert xml.loads(text) == xml.loads(MUSEUM.encode())


def test_noncanonical_input_is_read_too() -> None:
    """Other prefixes, a default namespace, comments, CDATA and spaces around date-times."""
    doc = (
        f'<newsItem xmlns="{NS}" version="1.0"><!-- c --><headline><![CDATA[A & B]]></headline>'
        "<published> 2024-05-01T09:30:00Z\n</published>"
        "<body><p>One<!-- x --> two</p></body></newsItem>"
    )
    item = xml.loads(doc)
    assert (item.headline, item.published, item.body) == (
        "A & B",
        "2024-05-01T09:30:00Z",
        ("One two",),
    )


# --- examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_example_pairs_convert_to_each_other(path: Path) -> None:
    """Each examples/articles JSON file and its XML twin convert to each other exactly."""
    json_bytes = path.read_bytes()
    xml_bytes = path.with_suffix(".xml").read_bytes()
    item = json_codec.loads(json_bytes)
    assert xml.dumps(item) == xml_bytes
    assert xml.loads(xml_bytes) == item
    assert xml.issues(xml_bytes) == []
    assert json_codec.loads(json_codec.dumps(xml.loads(xml_bytes))) == item


def test_every_xml_example_has_a_json_twin() -> None:
    """No XML example without its JSON source."""
    for path in (EXAMPLES / "articles").glob("*.xml"):
        assert path.with_suffix(".json").is_file()


# --- validation -------------------------------------------------------------------------------


def _swap(old: str, new: str) -> str:
    assert old in MUSEUM
    return MUSEUM.replace(old, new, 1)


HEADLINE = "<ni:headline>Thieves take medieval coins from hill-town museum</ni:headline>"


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            _swap(HEADLINE, "<ni:colour>red</ni:colour>\n  " + HEADLINE),
            [("NI102", "/ni:newsItem/ni:colour", 5)],
        ),
        (
            _swap(' lang="en"', ' lang="en" colour="red"'),
            [("NI102", "/ni:newsItem/@colour", 2)],
        ),
        (
            _swap(HEADLINE, HEADLINE.replace("ni:headline", "headline")),
            [("NI109", "/ni:newsItem/headline", 5)],
        ),
        (
            _swap('xmlns:ni="urn:newsitem:xml:1"', 'xmlns:ni="urn:newsitem:xml:2"'),
            [("NI109", "/ni:newsItem", 2)],
        ),
        (
            _swap(HEADLINE + "\n", "").replace("</ni:body>", "</ni:body>\n  " + HEADLINE),
            [("NI112", "/ni:newsItem/ni:headline", 12)],
        ),
        (
            _swap(HEADLINE, HEADLINE + "\n  <ni:headline>Again</ni:headline>"),
            [("NI105", "/ni:newsItem/ni:headline[2]", 6)],
        ),
        (_swap(HEADLINE + "\n", ""), [("NI101", "/ni:newsItem/ni:headline", 2)]),
        (
            _swap("<ni:topic>Crime</ni:topic>", "<ni:topic></ni:topic>"),
            [("NI200", "/ni:newsItem/ni:topics/ni:topic[1]", 20)],
        ),
        (
            _swap("<ni:topic>Culture</ni:topic>", "<ni:topic>Crime</ni:topic>"),
            [("NI203", "/ni:newsItem/ni:topics/ni:topic[2]", 21)],
        ),
        (
            _swap("2025-02-27T16:10:00+01:00", "2025-02-30T16:10:00+01:00"),
            [("NI205", "/ni:newsItem/ni:published", 6)],
        ),
        (
            _swap("<ni:p>Police", "<ni:p> Police"),
            [("NI201", "/ni:newsItem/ni:body/ni:p[3]", 11)],
        ),
        (_swap(f'{NS}" version="1.0"', f'{NS}"'), [("NI110", "/ni:newsItem/@version", 2)]),
        (
            _swap(f'{NS}" version="1.0"', f'{NS}" version="7.0"'),
            [("NI110", "/ni:newsItem/@version", 2)],
        ),
        (_swap(' lang="en"', ' lang="english!"'), [("NI206", "/ni:newsItem/@lang", 2)]),
        (_swap("<ni:body>", "<ni:body>oops"), [("NI103", "/ni:newsItem/ni:body", 7)]),
        (
            _swap("<ni:p>Police", "<ni:p><ni:b>x</ni:b>Police"),
            [("NI102", "/ni:newsItem/ni:body/ni:p[3]/ni:b", 11)],
        ),
        (
            _swap('label="Dateline"', 'label="Topics"'),
            [("NI305", "/ni:newsItem/ni:extra/ni:field[1]/@label", 27)],
        ),
        (
            _swap(
                "</ni:published>",
                "</ni:published>\n  <ni:updated>2020-01-01T00:00:00Z</ni:updated>",
            ),
            [("NI301", "/ni:newsItem/ni:updated", 7)],
        ),
        ("<foo/>", [("NI104", "/foo", 1)]),
    ],
    ids=[
        "unknown-element",
        "unknown-attribute",
        "no-namespace-child",
        "wrong-root-namespace",
        "out-of-order",
        "duplicate-element",
        "missing-required",
        "empty-string",
        "duplicate-list-value",
        "impossible-date",
        "leading-space",
        "missing-version",
        "unknown-version",
        "bad-language",
        "text-in-container",
        "element-in-text",
        "reserved-label",
        "updated-before-published",
        "wrong-root",
    ],
)
def test_issues_have_one_code_an_xpath_and_a_line(
    doc: str, expected: list[tuple[str, str, int]]
) -> None:
    """Each problem is reported once, with its code, its XPath and its source line."""
    assert _codes(xml.issues(doc.encode())) == expected


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("headline",), "", "NI200"),
        (("headline",), "two\nlines", "NI208"),
        (("id",), "has space", "NI211"),
        (("published",), "yesterday", "NI205"),
        (("rights", "url"), "not a url", "NI212"),
        (("title",), "x" * 1001, "NI207"),
        (("topics",), [], "NI204"),
        (("extra",), [{"label": "a: b", "value": "v"}], "NI304"),
        (("body",), ["one\n\ntwo"], "NI303"),
        (("body",), ["Thieves take medieval coins from hill-town museum"], "NI351"),
    ],
)
def test_xml_and_json_report_the_same_codes(path: tuple[str, ...], value: Any, code: str) -> None:
    """A broken value gives the same issue code in the XML form as in the JSON form."""
    data = json_codec.parse((EXAMPLES / "articles" / "museum-heist.json").read_bytes())
    target = data
    for part in path[:-1]:
        target = target.setdefault(part, {"notice": "N"})
    target[path[-1]] = value
    json_found = [i.code for i in json_codec.issues(orjson.dumps(data))]
    xml_found = [i.code for i in xml.issues(xml.document_to_xml(data))]
    assert code in json_found
    assert xml_found == json_found


def test_decode_raises_with_every_error_and_keeps_warnings() -> None:
    """decode raises InvalidNewsItem holding every error; warnings travel with the item."""
    bad = _swap(HEADLINE + "\n", "").replace("<ni:topic>Culture</ni:topic>", "<ni:topic/>")
    with pytest.raises(InvalidNewsItem) as caught:
        xml.decode(bad.encode())
    assert sorted(i.code for i in caught.value.issues) == ["NI101", "NI200"]
    warned = _swap("<ni:topic>Culture</ni:topic>", "<ni:topic>crime</ni:topic>")
    decoded = xml.decode(warned.encode())
    assert [w.code for w in decoded.warnings] == ["NI350"]
    assert decoded.item.topics == ("Crime", "crime")


def test_parse_errors_raise_parse_error() -> None:
    """Not well-formed XML and a wrong root raise ParseError with NI100 and NI104."""
    with pytest.raises(ParseError) as caught:
        xml.loads(b"<ni:newsItem")
    assert caught.value.issue.code == "NI100"
    with pytest.raises(ParseError) as caught:
        xml.loads(xml.dumps_feed([]))
    assert caught.value.issue.code == "NI104"


# --- the extended schema: no new code for a new field ----------------------------------------


def _extended_schema() -> dict[str, Any]:
    schema = copy.deepcopy(load_schema("1.0"))
    props = schema["properties"]
    props["urgency"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": 9,
        "x-xml": {"element": "urgency", "order": 17},
    }
    props["byline"] = {
        "$ref": "#/$defs/line",
        "maxLength": 200,
        "x-xml": {"element": "byline", "order": 18},
    }
    props["priority"] = {"type": "boolean", "x-xml": {"attribute": "priority", "order": 20}}
    props["keywords"] = {
        "type": "array",
        "minItems": 1,
        "uniqueItems": True,
        "items": {"$ref": "#/$defs/value"},
        "x-xml": {"element": "keywords", "item": "keyword", "order": 19},
    }
    return schema


def test_extended_schema_round_trips_with_no_new_codec_code() -> None:
    """New optional fields (an integer, a line, a boolean attribute, a list) are written,
    read back, and validated by the XSD generated from the extended schema."""
    schema = _extended_schema()
    mapping = mapping_from_schema(schema)
    data = {
        "newsitem": "1.0",
        "priority": True,
        "headline": "H",
        "body": ["P"],
        "urgency": 3,
        "byline": "By A. Writer",
        "keywords": ["k1", "k2"],
    }
    out = xml.document_to_xml(data, mapping)
    text = out.decode()
    assert 'priority="true"' in text
    assert "<ni:urgency>3</ni:urgency>\n  <ni:byline>By A. Writer</ni:byline>" in text
    assert "<ni:keyword>k2</ni:keyword>" in text
    tree = etree.fromstring(out)
    back, locator, found = xml.xml_to_document(tree, mapping)
    assert found == []
    assert back == data
    assert list(locator.locate(("keywords", 1))[:2]) == [
        "/ni:newsItem/ni:keywords/ni:keyword[2]",
        text.splitlines().index("    <ni:keyword>k2</ni:keyword>") + 1,
    ]
    compiled = etree.XMLSchema(etree.fromstring(generate_xsd(schema)))
    assert compiled.validate(tree)
    bad = etree.fromstring(out.replace(b">3<", b">12<").replace(b"k2", b"k1"))
    assert not compiled.validate(bad)
    typed, _, found = xml.xml_to_document(
        etree.fromstring(out.replace(b">3<", b">three<")), mapping
    )
    assert typed["urgency"] == "three" and found == []


def test_unmapped_data_is_refused_on_writing() -> None:
    """A field the mapping does not know raises ConversionError (nothing is dropped)."""
    with pytest.raises(ConversionError, match="colour"):
        xml.document_to_xml({"newsitem": "1.0", "headline": "H", "body": ["P"], "colour": "red"})


# --- feeds ------------------------------------------------------------------------------------


def _items(count: int) -> Iterator[NewsItem]:
    for n in range(count):
        yield _item(id=f"item-{n}", headline=f"Headline {n}", body=(f"Paragraph {n}.",))


def test_feed_round_trip() -> None:
    """write_feed then iter_feed gives the same items, with index, XPath and line."""
    out = io.BytesIO()
    assert xml.write_feed(_items(3), out, "1.0") == 3
    data = out.getvalue()
    assert data.startswith(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ni:newsFeed xmlns:ni="{NS}" version="1.0">\n'
        '  <ni:newsItem version="1.0" id="item-0">\n'.encode()
    )
    entries = list(xml.iter_feed(io.BytesIO(data)))
    assert [e.item for e in entries] == list(_items(3))
    assert [(e.index, e.xpath, e.line, e.issues) for e in entries] == [
        (0, "/ni:newsFeed/ni:newsItem[1]", 3, []),
        (1, "/ni:newsFeed/ni:newsItem[2]", 9, []),
        (2, "/ni:newsFeed/ni:newsItem[3]", 15, []),
    ]
    assert list(xml.iter_feed(data)) == entries


def test_a_bad_item_does_not_stop_the_feed() -> None:
    """The broken item gets its issues (located inside the feed); the others still come."""
    data = xml.dumps_feed(_items(3)).replace(b"<ni:p>Paragraph 1.</ni:p>", b"<ni:p> </ni:p>")
    entries = list(xml.iter_feed(data))
    assert [e.item is None for e in entries] == [False, True, False]
    assert _codes(entries[1].issues) == [
        ("NI201", "/ni:newsFeed/ni:newsItem[2]/ni:body/ni:p[1]", 12)
    ]
    assert [i.code for i in xml.issues(data)] == ["NI201"]


def test_a_broken_feed_ends_with_one_ni100_at_its_line() -> None:
    """Items before the syntax error are delivered, then one NI100 entry with the line."""
    data = xml.dumps_feed(_items(3)).replace(
        b"<ni:p>Paragraph 2.</ni:p>", b"<ni:p>Paragraph 2.</p>"
    )
    entries = list(xml.iter_feed(data))
    assert [e.index for e in entries] == [0, 1, -1]
    last = entries[-1]
    assert (last.item, [i.code for i in last.issues], last.line) == (None, ["NI100"], 18)


def test_feed_level_problems_are_reported_once() -> None:
    """A wrong root, a stray element and a missing version are feed-level entries."""
    entries = list(xml.iter_feed(b"<ni:other xmlns:ni='urn:newsitem:xml:1'/>"))
    assert [(e.index, [i.code for i in e.issues]) for e in entries] == [(-1, ["NI104"])]
    stray = xml.dumps_feed(_items(1)).replace(
        b' version="1.0">\n  <ni:newsItem', b">\n  <ni:x/>\n  <ni:newsItem", 1
    )
    entries = list(xml.iter_feed(stray))
    assert [(e.index, [i.code for i in e.issues]) for e in entries] == [
        (-1, ["NI110"]),
        (-1, ["NI102"]),
        (0, []),
    ]


def test_feed_memory_stays_flat() -> None:
    """Writing and reading a feed of 3000 items keeps the peak far below the feed's size."""

    class Counter(io.RawIOBase):
        size = 0

        def write(self, b: Any) -> int:
            self.size += len(b)
            return len(b)

    sink = Counter()
    data = xml.dumps_feed(_items(3000))
    tracemalloc.start()
    try:
        xml.write_feed(_items(3000), sink)  # type: ignore[arg-type]
        write_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        count = sum(1 for e in xml.iter_feed(io.BytesIO(data)) if e.item is not None)
        read_peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert len(data) > 500_000
    assert sink.size == len(data)
    assert write_peak < 100_000
    assert read_peak < 2_000_000


# --- attributes the mapping does not give, and XPaths with prefixes -----------------------------

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "<ni:headline>",
            '<ni:headline lang="de">',
            [("NI102", "/ni:newsItem/ni:headline/@lang", 5)],
        ),
        (
            "<ni:p>Police",
            '<ni:p style="b">Police',
            [("NI102", "/ni:newsItem/ni:body/ni:p[3]/@style", 11)],
        ),
        ("<ni:body>", '<ni:body class="x">', [("NI102", "/ni:newsItem/ni:body/@class", 7)]),
        (
            "<ni:topics>",
            f'<ni:topics xmlns:xsi="{XSI_NS}" xsi:type="xs:string">',
            [("NI102", "/ni:newsItem/ni:topics/@xsi:type", 19)],
        ),
        (
            "<ni:headline>",
            '<ni:headline xml:lang="de">',
            [("NI102", "/ni:newsItem/ni:headline/@xml:lang", 5)],
        ),
        (
            ' lang="en"',
            ' lang="en" xml:lang="en"',
            [("NI102", "/ni:newsItem/@xml:lang", 2)],
        ),
    ],
    ids=["on-a-value", "on-a-list-value", "on-a-wrapper", "xsi-type", "xml-lang", "on-the-root"],
)
def test_unknown_attributes_anywhere_are_ni102_with_a_prefixed_xpath(
    old: str, new: str, expected: list[tuple[str, str, int]]
) -> None:
    """An attribute the mapping does not give is NI102 wherever it is, as xmllint says too."""
    assert _codes(xml.issues(_swap(old, new).encode())) == expected


def test_schema_location_hints_are_accepted_anywhere() -> None:
    """xsi:schemaLocation is allowed by XSD on any element, so it is no issue."""
    doc = _swap("<ni:headline>", f'<ni:headline xmlns:xsi="{XSI_NS}" xsi:schemaLocation="a b">')
    assert xml.issues(doc.encode()) == []


def test_a_wrong_root_is_named_by_its_prefix_not_its_clark_name() -> None:
    """The XPath of a foreign root uses the prefix written in the document."""
    found = xml.issues(b'<x:item xmlns:x="urn:other"/>')
    assert _codes(found) == [("NI104", "/x:item", 1)]
    found = xml.issues(b'<item xmlns="urn:other"/>')
    assert _codes(found) == [("NI104", "/*[local-name()='item']", 1)]


def test_the_direct_path_and_the_lenient_path_give_the_same_item() -> None:
    """A valid example read by the direct reader equals the lenient reader's data."""
    from newsitem.codecs._xml_read import xml_to_document
    from newsitem.codecs._xml_valid import read_direct
    from newsitem.xml_mapping import default_mapping

    root = etree.fromstring(MUSEUM.encode())
    direct = read_direct(root, default_mapping())
    assert direct is not None
    assert direct == xml_to_document(root).data
    assert (
        read_direct(etree.fromstring(_swap("<ni:body>", "<ni:body>x").encode()), default_mapping())
        is None
    )


# --- feeds: the per-item size limit and elements in odd places ---------------------------------


def test_an_item_larger_than_the_limit_ends_the_feed_with_ni108() -> None:
    """The items before a too-large item stand; NI108 names the item that broke the limit."""
    big = _item(id="big", body=("word " * 60_000 + "end",))
    data = xml.dumps_feed([*_items(2), big, *_items(1)])
    entries = list(xml.iter_feed(io.BytesIO(data), max_item_bytes=100_000))
    assert [e.index for e in entries] == [0, 1, -1]
    assert [(i.code, i.path) for i in entries[-1].issues] == [
        ("NI108", "/ni:newsFeed/ni:newsItem[3]")
    ]
    assert len(list(xml.iter_feed(io.BytesIO(data), max_item_bytes=1_000_000))) == 4


def test_stray_and_nested_elements_of_a_feed_are_reported_in_order() -> None:
    """A foreign element between items, an item in another namespace and an item nested in an
    item are each reported where they are; the good items still come."""
    data = xml.dumps_feed(_items(3))
    data = data.replace(
        b'<ni:newsItem version="1.0" id="item-1">',
        b'<ni:x/>\n  <ni:newsItem version="1.0" id="item-1">',
        1,
    )
    data = data.replace(
        b'<ni:newsItem version="1.0" id="item-2">',
        b'<newsItem version="1.0" id="item-2">',
        1,
    ).replace(b"</ni:newsItem>\n</ni:newsFeed>", b"</newsItem>\n  <ni:y/>\n</ni:newsFeed>")
    data = data.replace(
        b"<ni:p>Paragraph 0.</ni:p>",
        b'<ni:p>Paragraph 0.</ni:p><ni:newsItem version="1.0"/>',
    )
    entries = list(xml.iter_feed(data))
    assert [(e.index, [(i.code, i.path) for i in e.issues]) for e in entries] == [
        (0, [("NI102", "/ni:newsFeed/ni:newsItem[1]/ni:body/ni:newsItem")]),
        (-1, [("NI102", "/ni:newsFeed/ni:x")]),
        (1, []),
        (2, [("NI109", "/ni:newsFeed/ni:newsItem[3]")]),
        (-1, [("NI102", "/ni:newsFeed/ni:y")]),
    ]


def test_feed_validation_without_items_gives_the_same_issues() -> None:
    """items=False skips building items but reports exactly the same issues."""
    data = xml.dumps_feed(_items(3)).replace(b"<ni:p>Paragraph 1.</ni:p>", b"<ni:p> </ni:p>")
    full = [(e.index, e.xpath, e.issues) for e in xml.iter_feed(data)]
    light = list(xml.iter_feed(data, items=False))
    assert [(e.index, e.xpath, e.issues) for e in light] == full
    assert all(e.item is None for e in light)


def test_an_empty_list_read_without_validation_is_reported_not_dropped_silently() -> None:
    """Under --no-validate an `extra: []` cannot reach the XML (an item holds no empty list),
    so reading it says so with an NI410 warning at $.extra."""
    from newsitem.codecs import ReadOptions
    from newsitem.forms import FORMS

    raw = b'{"newsitem":"1.0","headline":"H","body":["b"],"extra":[]}'
    decoded = FORMS["json"].codec.load(raw, ReadOptions(validate=False))
    assert [(i.code, i.path, i.severity) for i in decoded.warnings] == [
        ("NI410", "$.extra", "warning")
    ]
    assert b"extra" not in xml.dumps(decoded.item)
