"""The XSD derived from the JSON Schema: checked-in copies, pattern translation, constraints."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from newsitem import _xmlsafe
from newsitem.errors import ParseError
from newsitem.schemas import load_schema, xsd_bytes
from newsitem.validate import _ecma
from newsitem.xml_mapping import MappingError
from newsitem.xsd import XS, compiled_xsd, generate_xsd, translate_pattern
from tests.conftest import EXAMPLES, ROOT

NS = "urn:newsitem:xml:1"


def test_checked_in_xsd_is_what_the_generator_produces() -> None:
    """schema/1.0/newsitem.xsd and its packaged copy equal generate_xsd(schema) byte for byte
    (regenerate with `newsitem schema --xsd` after changing the schema)."""
    generated = generate_xsd(load_schema("1.0"))
    assert (ROOT / "schema" / "1.0" / "newsitem.xsd").read_bytes() == generated
    assert (ROOT / "src" / "newsitem" / "_schema" / "1.0" / "newsitem.xsd").read_bytes() == (
        generated
    )
    assert xsd_bytes("1.0") == generated


def test_generation_is_deterministic_and_ascii() -> None:
    """Two runs give the same bytes: a UTF-8 declaration, ASCII text with hex references."""
    first, second = generate_xsd(load_schema()), generate_xsd(load_schema())
    assert first == second
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema')
    assert first.isascii()
    assert b"&#x2028;" in first


def test_xsd_declares_item_and_feed_with_fixed_version() -> None:
    """Both global elements exist and the version attribute is required and fixed."""
    doc = etree.fromstring(generate_xsd(load_schema("1.0")))
    names = [e.get("name") for e in doc.findall(f"{{{XS}}}element")]
    assert names == ["newsItem", "newsFeed"]
    versions = doc.findall(f".//{{{XS}}}attribute[@name='version']")
    assert len(versions) == 2
    assert all(v.get("fixed") == "1.0" and v.get("use") == "required" for v in versions)
    assert doc.get("targetNamespace") == NS


def test_xsd_states_order_occurrence_and_uniqueness() -> None:
    """Elements follow the mapping order; lists carry min/maxOccurs and xs:unique."""
    doc = etree.fromstring(generate_xsd(load_schema("1.0")))
    sequence = doc.find(f"{{{XS}}}element/{{{XS}}}complexType/{{{XS}}}sequence")
    assert sequence is not None
    children = [e.get("name") for e in sequence.findall(f"{{{XS}}}element")]
    assert children[:7] == [
        "title",
        "provider",
        "service",
        "headline",
        "published",
        "updated",
        "body",
    ]
    headline = sequence.find(f"{{{XS}}}element[@name='headline']")
    title = sequence.find(f"{{{XS}}}element[@name='title']")
    assert headline is not None and headline.get("minOccurs") is None
    assert title is not None and title.get("minOccurs") == "0"
    p = doc.find(f".//{{{XS}}}element[@name='p']")
    assert p is not None and (p.get("minOccurs"), p.get("maxOccurs")) == ("1", "10000")
    uniques = [u.get("name") for u in doc.iter(f"{{{XS}}}unique")]
    assert uniques == [
        "unique.content_types",
        "unique.topics",
        "unique.platforms",
        "unique.regions",
        "unique.media_types",
    ]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^[0-9]{4}$", "[0-9]{4}"),
        ("^(?:a|b)+$", "(a|b)+"),
        ("^[^\\u0000-\\u0008\\u000B]+$", "[\\s\\S]+"),
        ("^[^ \\t\\u00A0]$", "[^ \\t\u00a0]"),
        ("^\\u0041\\.$", "A\\."),
        ("^[A-Za-z0-9+.-]*$", "[A-Za-z0-9\\+\\.\\-]*"),
        ("abc", "[\\s\\S]*(abc)[\\s\\S]*"),
        ("^a.c$", "a[^\\n\\r\u2028\u2029]c"),
        ("^[\\u005D]$", "[\\]]"),
    ],
)
def test_translate_pattern(pattern: str, expected: str) -> None:
    """Anchors go, (?: becomes (, \\uXXXX becomes the character, non-XML characters leave
    classes, unanchored patterns are wrapped."""
    assert translate_pattern(pattern) == expected


@pytest.mark.parametrize("pattern", ["^(?=a)b$", "^a*?$", "^a|b$", "^a$b$", "^[\\u0000]$", "\\w"])
def test_untranslatable_patterns_are_refused(pattern: str) -> None:
    """Lookarounds, lazy quantifiers, ungrouped anchored alternation, inner anchors, classes of
    only non-XML characters and unknown escapes raise MappingError."""
    with pytest.raises(MappingError):
        translate_pattern(pattern)


_SAMPLES = [
    "a",
    "Hello world",
    " lead",
    "trail ",
    "tab\tinside",
    "\ttab",
    "two\nlines",
    "cr\rline",
    "nbsp\u00a0",
    "\u2028x",
    "x\u2028y",
    "\ufeffbom",
    "über",
    "a:b",
    "https://example.com/x",
    "mailto:",
    "en",
    "pt-BR",
    "zh-Hant-TW",
    "x-private",
    "english!",
    "e",
    "2024-05-01T09:30:00Z",
    "2024-05-01T09:30:00.123+05:30",
    "2024-05-01T09:30:00",
    "2024-05-01 09:30:00Z",
]


def _every_pattern() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema())
    return sorted(set(found))


@pytest.mark.parametrize("pattern", _every_pattern())
def test_translated_patterns_accept_what_the_json_pattern_accepts(pattern: str) -> None:
    """Each schema pattern and its XSD translation give the same verdict on sample strings."""
    xsd = (
        f'<xs:schema xmlns:xs="{XS}"><xs:element name="v"><xs:simpleType>'
        f'<xs:restriction base="xs:string"><xs:pattern value=""/></xs:restriction>'
        f"</xs:simpleType></xs:element></xs:schema>"
    )
    doc = etree.fromstring(xsd.encode())
    facet = doc.find(f".//{{{XS}}}pattern")
    assert facet is not None
    facet.set("value", translate_pattern(pattern))
    schema = etree.XMLSchema(doc)
    for sample in _SAMPLES:
        element = etree.Element("v")
        element.text = sample
        assert schema.validate(element) == bool(_ecma(pattern).search(sample)), (pattern, sample)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-05-01T09:30:00Z", True),
        ("2024-02-29T09:30:00-03:00", True),
        ("2023-02-29T09:30:00Z", False),
        ("2024-05-01T24:00:00Z", False),
        ("2024-05-01T09:30:00", False),
        ("2024-05-01t09:30:00z", False),
        ("2024-13-01T09:30:00Z", False),
    ],
)
def test_date_times_need_a_time_zone_and_a_real_date(value: str, valid: bool) -> None:
    """published is an xs:dateTime restricted to RFC 3339 with a time zone."""
    item = (
        f'<ni:newsItem xmlns:ni="{NS}" version="1.0"><ni:headline>H</ni:headline>'
        f"<ni:published>{value}</ni:published><ni:body><ni:p>P</ni:p></ni:body></ni:newsItem>"
    )
    assert compiled_xsd().validate(etree.fromstring(item.encode())) is valid


def test_compiled_xsd_is_cached_and_goes_through_the_hardened_loader() -> None:
    """The XSD is compiled once per process; a DTD-bearing XSD is refused with NI106."""
    assert compiled_xsd("1.0") is compiled_xsd("1.0")
    hostile = b'<!DOCTYPE x [<!ENTITY e "e">]><xs:schema xmlns:xs="' + XS.encode() + b'"/>'
    with pytest.raises(ParseError, match="entity") as caught:
        _xmlsafe.load_schema_bytes(hostile)
    assert caught.value.issue.code == "NI106"


def test_extended_schema_gets_facets_for_new_types() -> None:
    """An integer property with bounds becomes an xs:integer restriction with the bounds."""
    import copy

    schema = copy.deepcopy(load_schema("1.0"))
    schema["properties"]["urgency"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": 9,
        "x-xml": {"element": "urgency", "order": 17},
    }
    text = generate_xsd(schema).decode()
    assert re.search(
        r'<xs:element name="urgency" minOccurs="0">\s*<xs:simpleType>\s*'
        r'<xs:restriction base="xs:integer">\s*<xs:minInclusive value="1"/>\s*'
        r'<xs:maxInclusive value="9"/>',
        text,
    )


def test_a_schema_accepting_several_versions_lets_feeds_and_items_declare_them() -> None:
    """A schema whose items may declare 1.0 or 1.1 gives its root that newest version and lets
    a feed and its items declare either (SPEC §5.4, §9)."""
    schema = copy.deepcopy(load_schema())
    schema["properties"]["newsitem"] = {
        **{k: v for k, v in schema["properties"]["newsitem"].items() if k != "const"},
        "type": "string",
        "enum": ["1.0", "1.1"],
    }
    root = etree.fromstring(generate_xsd(schema))
    assert root.get("version") == "1.1"
    ns = {"xs": XS}
    for element in ("newsFeed", "newsItem"):
        attribute = root.find(f"xs:element[@name='{element}']//xs:attribute[@name='version']", ns)
        assert attribute is not None
        values = [e.get("value") for e in attribute.iter(f"{{{XS}}}enumeration")]
        assert values == ["1.0", "1.1"], element


XMLLINT = shutil.which("xmllint")


@pytest.mark.skipif(XMLLINT is None, reason="xmllint is not installed (make test installs it)")
def test_xmllint_validates_a_whole_feed_with_the_published_xsd(tmp_path: Path) -> None:
    """`xmllint --schema schema/1.0/newsitem.xsd feed.xml` accepts a written feed and rejects
    one with a broken item, as SPEC §5.4 promises a producer using stock tools."""
    from newsitem.codecs import json_codec
    from newsitem.codecs import xml_codec as xml

    items = [json_codec.loads(p.read_bytes()) for p in sorted(EXAMPLES.glob("articles/*.json"))]
    feed = tmp_path / "feed.xml"
    feed.write_bytes(xml.dumps_feed(items))
    xsd = ROOT / "schema" / "1.0" / "newsitem.xsd"
    ok = subprocess.run(
        [str(XMLLINT), "--noout", "--schema", str(xsd), str(feed)], capture_output=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    feed.write_bytes(feed.read_bytes().replace(b"<ni:headline>", b'<ni:headline lang="de">', 1))
    bad = subprocess.run(
        [str(XMLLINT), "--noout", "--schema", str(xsd), str(feed)], capture_output=True, check=False
    )
    assert bad.returncode != 0
    assert b"lang" in bad.stderr
