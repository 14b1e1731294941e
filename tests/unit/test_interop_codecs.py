"""The IPTC codecs on hand-made documents: sniffing, the schema directory, hardened reading of
old NITF, warnings for what cannot be placed, and the codec protocol."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsitem import is_valid
from newsitem.codecs import Decoded, ReadOptions
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.forms import FORMS
from newsitem.interop import IPTC_FORMS, newsml_g2, ninjs, nitf, schemas, sniff
from newsitem.model import ExtraField, NewsItem, Rights

ITEM = NewsItem(
    id="tide-2031-04",
    language="en-GB",
    title="Spring tide floods the lower quay - Harbour Gazette",
    provider="Harbour Gazette",
    service="Coast desk",
    headline="Spring tide floods the lower quay",
    published="2031-04-02T06:15:00+01:00",
    updated="2031-04-02T09:40:00+01:00",
    body=(
        "The highest tide of the year covered the lower quay for two hours.",
        "Line one\nline two",
    ),
    rights=Rights(
        notice="© Harbour Gazette", holder="Harbour Gazette", url="https://gazette.example/terms"
    ),
    content_types=("News",),
    topics=("Weather", "Shipping"),
    platforms=("Web",),
    regions=("Northern Coast",),
    media_types=("Text",),
    extra=(ExtraField(label="Dateline", value="PORT ELLIS"), ExtraField(label="x:y", value="a: b")),
)


@pytest.fixture(autouse=True)
def _no_env_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(schemas.ENV_VAR, raising=False)


def test_forms_registry_follows_the_codec_protocol() -> None:
    """Every IPTC form's registry codec reads back what it writes, warning NI505 (unchecked)."""
    for form in IPTC_FORMS:
        codec = FORMS[form].codec
        assert codec.name == form
        data = codec.dumps(ITEM)
        assert isinstance(data, bytes)
        decoded = codec.load(data)
        assert isinstance(decoded, Decoded)
        assert decoded.item == ITEM, form
        assert [w.code for w in decoded.warnings] == ["NI505"]
        assert codec.loads(codec.dumps(ITEM)) == ITEM


def test_sniff_tells_each_form() -> None:
    """sniff tells each IPTC form from its first bytes and leaves newsitem's own forms alone."""
    assert sniff(ninjs.NINJS2.encode(ITEM)) == "ninjs"
    assert sniff(ninjs.NINJS3.encode(ITEM)) == "ninjs3"
    assert sniff(newsml_g2.encode(ITEM)) == "newsml-g2"
    assert sniff(nitf.encode(ITEM)) == "nitf"
    assert sniff(b'<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "nitf-3-2.dtd">\n<nitf>') == "nitf"
    assert sniff(b'{"newsitem": "1.0", "headline": "x", "body": ["y"]}') is None
    assert sniff(b'<newsItem xmlns="urn:newsitem:xml:1"/>') is None
    assert sniff(b"plain text") is None
    # a truncated head is enough
    assert sniff(newsml_g2.encode(ITEM)[:300]) == "newsml-g2"


def test_issues_without_schemas_names_the_environment_variable() -> None:
    """Checking an IPTC document without schemas raises an error naming NEWSITEM_IPTC_SCHEMAS."""
    with pytest.raises(schemas.SchemasNotFound, match=schemas.ENV_VAR):
        nitf.issues(nitf.encode(ITEM))
    with pytest.raises(schemas.SchemasNotFound, match="does not exist"):
        ninjs.issues(ninjs.encode(ITEM), schema_dir="/nonexistent/iptc")


DTD_NITF = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.2/specification/dtd/nitf-3-2.dtd">
<nitf>
  <head>
    <title>Ferry service resumes</title>
    <docdata>
      <doc-id id-string="ferry-0412"/>
      <date.issue norm="20310412T081500Z"/>
      <urgency ed-urg="4"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Ferry   service
        resumes after storm</hl1></hedline>
      <byline>By a staff writer</byline>
    </body.head>
    <body.content>
      <p>The island ferry sailed again on <em>Saturday</em> morning.</p>
      <p>Passengers were told to expect delays.</p>
    </body.content>
  </body>
</nitf>
"""


def test_dtd_style_nitf_is_read_with_warnings_for_what_has_no_field() -> None:
    """DTD-era NITF imports with its urgency and byline as 1.1 fields (nothing left over here),
    with NI505 (not validated) and NI503 (markup flattened)."""
    decoded = nitf.decode(DTD_NITF)
    item = decoded.item
    assert is_valid(item)
    assert item.id == "ferry-0412"
    assert item.headline == "Ferry service resumes after storm"
    assert item.published == "2031-04-12T08:15:00Z"
    assert item.body == (
        "The island ferry sailed again on Saturday morning.",
        "Passengers were told to expect delays.",
    )
    assert item.urgency == 4  # format 1.1 fields, read natively
    assert [b.name for b in item.bylines] == ["By a staff writer"]
    codes = {w.code for w in decoded.warnings}
    assert {"NI505", "NI503"} <= codes
    kept = [w for w in decoded.warnings if w.code == "NI500"]
    assert len(kept) == len(item.extra)
    assert all(w.path.startswith("/nitf/") and w.line for w in kept)


def test_internal_dtd_subset_is_refused() -> None:
    """An internal DTD subset in an IPTC document is refused (NI106)."""
    evil = b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x "boom">]><nitf><body/></nitf>'
    with pytest.raises(ParseError) as info:
        nitf.decode(evil)
    assert info.value.issue.code == "NI106"


def test_wrong_root_is_a_parse_error() -> None:
    """A document whose root is not the form's root element is a ParseError."""
    with pytest.raises(ParseError):
        newsml_g2.decode(nitf.encode(ITEM))
    with pytest.raises(ParseError):
        nitf.decode(newsml_g2.encode(ITEM))


def test_an_item_without_text_is_refused_not_invented() -> None:
    """A ninjs picture with no body is refused with NI507; no "(no text)" is made up."""
    doc = {
        "uri": "http://pics.example/1",
        "type": "picture",
        "slugline": "Harbour at dusk",
        "renditions": [{"name": "web", "href": "http://pics.example/1.jpg", "width": 800}],
    }
    with pytest.raises(InvalidNewsItem) as info:
        ninjs.decode(json.dumps(doc, indent=1).encode())
    assert [i.code for i in info.value.issues] == ["NI507"]
    assert "no body text" in info.value.issues[0].message


def test_a_headline_from_the_slugline_keeps_everything_else() -> None:
    """With body text but no headline, the slugline serves (NI502) and the rest goes to extra
    with its place."""
    doc = {
        "uri": "http://pics.example/1",
        "type": "picture",
        "slugline": "Harbour at dusk",
        "renditions": [{"name": "web", "href": "http://pics.example/1.jpg", "width": 800}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Boats."}],
    }
    decoded = ninjs.decode(json.dumps(doc, indent=1).encode())
    item = decoded.item
    assert item.id == "http://pics.example/1"
    assert item.headline == "Harbour at dusk"
    assert item.body == ("Boats.",)
    assert [e.label for e in item.extra] == [
        "ninjs:type",
        "ninjs:renditions.name",
        "ninjs:renditions.href",
        "ninjs:renditions.width",
    ]
    assert "NI502" in [w.code for w in decoded.warnings]
    width = next(w for w in decoded.warnings if "renditions.width" in w.message)
    assert width.path == "$.renditions[0].width" and width.line == 9


def test_ids_that_are_not_uris_are_escaped_and_restored() -> None:
    """Item ids that are not URIs are escaped on export and restored on import."""
    for item_id in ("no uri here", "urn:newsitem:derived:abc", "a b"):
        item = NewsItem(headline="h", body=("b",), id=item_id.replace(" ", "_"))
        doc = json.loads(ninjs.encode(item))
        assert doc["uri"].startswith("urn:newsitem:id:") or doc["uri"] == item.id
        assert ninjs.decode(ninjs.encode(item)).item == item


def test_g2_derives_required_parts_and_drops_them_on_import() -> None:
    """NewsML-G2 export derives the parts G2 requires and import drops them again."""
    item = NewsItem(headline="h", body=("b",))
    data = newsml_g2.encode(item)
    assert b'guid="urn:newsitem:derived:' in data
    assert b"<versionCreated>1970-01-01T00:00:00Z</versionCreated>" in data
    assert b'value="guid provider versionCreated"' in data
    assert newsml_g2.encode(item) == data  # deterministic
    assert newsml_g2.decode(data).item == item


def test_g2_offsets_beyond_fourteen_hours_become_utc() -> None:
    """G2 date-times with offsets beyond ±14:00 are read as UTC instants."""
    item = NewsItem(headline="h", body=("b",), published="2030-01-01T00:00:00+23:00")
    data = newsml_g2.encode(item)
    assert b"<firstCreated>2029-12-31T01:00:00Z</firstCreated>" in data


def test_invalid_iptc_document_is_imported_with_warnings_or_refused_when_strict(
    anchors_dir: Path,
) -> None:
    """A source-schema failure is an NI508 warning naming the standard; strict refuses it,
    with the located schema issue; validate reports it as an error."""
    bad = nitf.encode(ITEM).replace(b"<body.content>", b"<body.content><bogus/>")
    decoded = nitf.decode(bad, schema_dir=anchors_dir)
    assert decoded.item == ITEM
    finding = next(w for w in decoded.warnings if w.code == "NI508")
    assert "NITF 3.6" in finding.message and "NI102" in finding.message
    assert finding.path.endswith("nitf:bogus") and finding.line
    with pytest.raises(InvalidNewsItem) as info:
        nitf.decode(bad, schema_dir=anchors_dir, strict=True)
    issue = info.value.issues[0]
    assert issue.code == "NI102" and issue.path.endswith("nitf:bogus") and issue.line
    g2 = newsml_g2.encode(ITEM).replace(b"<body.content>", b"<body.content><bogus/>")
    found = newsml_g2.issues(g2, schema_dir=anchors_dir)
    assert any(i.code == "NI102" and "nitf:bogus" in i.path for i in found)
    doc = json.loads(ninjs.encode(ITEM))
    doc["urgency"] = 12
    found = ninjs.issues(json.dumps(doc, indent=2).encode(), schema_dir=anchors_dir)
    assert [(i.code, i.path) for i in found if i.severity == "error"] == [("NI209", "$.urgency")]
    assert found[0].line is not None


def test_exports_validate_against_the_iptc_schemas(anchors_dir: Path) -> None:
    """Every IPTC export validates against IPTC's schema and reads back without warnings."""
    for form in IPTC_FORMS:
        codec = FORMS[form].codec
        found = codec.issues(codec.dumps(ITEM), ReadOptions(iptc_schemas=anchors_dir))
        assert [i for i in found if i.severity == "error"] == [], form
        assert codec.load(codec.dumps(ITEM), ReadOptions(iptc_schemas=anchors_dir)).warnings == ()


def test_schema_directory_from_the_environment(
    anchors_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IPTC schema folder can come from NEWSITEM_IPTC_SCHEMAS, and schemas are cached."""
    monkeypatch.setenv(schemas.ENV_VAR, str(anchors_dir))
    assert schemas.schema_dir() == anchors_dir.resolve()
    assert nitf.issues(nitf.encode(ITEM)) == []
    assert schemas.g2_schema(anchors_dir.resolve()) is schemas.g2_schema(anchors_dir.resolve())
