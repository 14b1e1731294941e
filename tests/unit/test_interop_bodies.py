"""What the IPTC importers make of real-world shapes: every body carrier, structure (pre,
lists, tables), spacing between inline elements, line breaks, renditions, envelopes, sniffing,
values that used to be dropped, and the limits of extra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsitem.codecs import ReadOptions
from newsitem.errors import InvalidNewsItem
from newsitem.forms import FORMS
from newsitem.forms import sniff as forms_sniff
from newsitem.interop import newsml_g2, ninjs, nitf, schemas, sniff
from newsitem.model import Byline

G2 = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"


@pytest.fixture(autouse=True)
def _no_env_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(schemas.ENV_VAR, raising=False)


def _g2(content_set: str, *, root_attrs: str = "", provider: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="{G2}" guid="urn:x:1" version="1" standard="NewsML-G2"
  standardversion="2.35" conformance="power" {root_attrs}>
 <itemMeta><itemClass qcode="ninat:text"/>{provider or '<provider literal="X"/>'}
  <versionCreated>2024-05-01T09:00:00+01:00</versionCreated></itemMeta>
 <contentMeta><headline>Head</headline></contentMeta>
 <contentSet>{content_set}</contentSet>
</newsItem>""".encode()


STRUCTURED = """<p>By <b>Ann</b> <i>Lee</i>, staff</p>
<pre>  x = 1
  y = 2

z</pre>
<ul><li>one</li><li>two <b>bold</b><ul><li>nested</li></ul></li></ul>
<table><caption>Scores</caption><tr><th>Team</th><th>Pts</th></tr>
<tr><td>A</td><td>3</td></tr><tr><td></td><td></td></tr></table>"""
STRUCTURED_PARAGRAPHS = (
    "By Ann Lee, staff",
    "x = 1\n  y = 2",
    "z",
    "one\ntwo bold\nnested",
    "Scores",
    "Team\tPts\nA\t3",
)


def test_html_body_keeps_pre_lists_and_tables_as_spec_says() -> None:
    """A ninjs HTML body: pre lines kept, a list one paragraph of lines, a table one line per
    row with TAB between cells, and NI503 for each structure."""
    doc = {"uri": "urn:x:1", "headlines": [{"value": "Head"}], "bodies": [{"value": STRUCTURED}]}
    decoded = ninjs.decode(json.dumps(doc).encode())
    assert decoded.item.body == STRUCTURED_PARAGRAPHS
    assert "NI503" in [w.code for w in decoded.warnings]


def test_every_carrier_gives_the_same_paragraphs() -> None:
    """XHTML in G2 inlineXML, HTML in inlineData, NITF body.content, and ninjs 1.x body_html
    and body_xhtml read the same markup into the same paragraphs."""
    xhtml = f'<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>{STRUCTURED}</body></html></inlineXML>'
    assert newsml_g2.decode(_g2(xhtml)).item.body == STRUCTURED_PARAGRAPHS
    escaped = STRUCTURED.replace("&", "&amp;").replace("<", "&lt;")
    data = f'<inlineData contenttype="text/html">{escaped}</inlineData>'
    assert newsml_g2.decode(_g2(data)).item.body == STRUCTURED_PARAGRAPHS
    nitf_doc = (
        f'<nitf xmlns="{NITF}"><body><body.head><hedline><hl1>Head</hl1></hedline>'
        f"</body.head><body.content>{STRUCTURED}</body.content></body></nitf>"
    ).encode()
    assert nitf.decode(nitf_doc).item.body == STRUCTURED_PARAGRAPHS
    for key in ("body_html", "body_xhtml"):
        doc = {"uri": "urn:x:1", "headline": "Head", key: STRUCTURED}
        assert ninjs.NINJS1.decode(json.dumps(doc).encode()).item.body == STRUCTURED_PARAGRAPHS


def test_child_elements_are_not_glued() -> None:
    """A byline's name and title stay apart (name and role), never 'CONDONAP'; a dateline's
    parts are set apart by a space."""
    doc = (
        b"<nitf><body><body.head><hedline><hl1>H</hl1></hedline>"
        b"<byline>By BERNARD CONDON<byttl>AP Business Writer</byttl></byline></body.head>"
        b"<body.content><p>Text.</p></body.content></body></nitf>"
    )
    item = nitf.decode(doc).item
    assert item.bylines == (Byline(name="By BERNARD CONDON", role="AP Business Writer"),)
    dateline = b"<dateline><location>NEW YORK</location><story.date>Dec 10</story.date></dateline>"
    item = nitf.decode(doc.replace(b"</byline>", b"</byline>" + dateline)).item
    assert item.dateline == "NEW YORK Dec 10"


def test_line_breaks_from_sources_become_lf_with_a_warning() -> None:
    """CR LF and U+2028 in a body become LF (NI503); in a headline, a space."""
    doc = {
        "uri": "urn:x:1",
        "headline": "One\u2028two",
        "body_text": "Line one\r\nline two\r\n\r\nNext\u2029line",
    }
    decoded = ninjs.NINJS1.decode(json.dumps(doc).encode())
    assert decoded.item.headline == "One two"
    assert decoded.item.body == ("Line one\nline two", "Next\nline")
    assert [w.code for w in decoded.warnings].count("NI503") >= 2


def test_body_rendition_is_chosen_by_content_type_and_rendition() -> None:
    """With a headline rendition first, the body rendition is read; the other is kept."""
    content = (
        '<inlineData contenttype="text/plain" rendition="rnd:headline">Short head</inlineData>'
        '<inlineData contenttype="text/plain" rendition="rnd:body">The body.</inlineData>'
    )
    item = newsml_g2.decode(_g2(content)).item
    assert item.body == ("The body.",)
    assert ("g2:contentSet/inlineData", "Short head") in [(e.label, e.value) for e in item.extra]


def test_picture_item_imports_as_media_without_text() -> None:
    """A picture item imports as a 1.1 item without a body, its rendition as media (size,
    caption, credit), the attributes media has no place for in extra; nothing is made up."""
    data = _g2(
        '<remoteContent href="http://x.example/p.jpg" contenttype="image/jpeg" size="2048" '
        'width="640" rendition="rnd:preview"/>'
    )
    data = data.replace(b"ninat:text", b"ninat:picture").replace(
        b"<headline>Head</headline>",
        b'<headline>Head</headline><description role="drol:caption">A bridge\n at dusk.'
        b"</description><creditline>Ann Lee / Wire</creditline>",
    )
    item = newsml_g2.decode(data).item
    assert (item.version, item.headline, item.body) == ("1.1", "Head", ())
    assert [m.to_dict() for m in item.media] == [
        {
            "kind": "picture",
            "url": "http://x.example/p.jpg",
            "mime_type": "image/jpeg",
            "size": 2048,
            "caption": "A bridge at dusk.",  # a line wrap in XML source is a space
            "credit": "Ann Lee / Wire",
        }
    ]
    extra = {(e.label, e.value) for e in item.extra}
    assert ("g2:contentSet/remoteContent@width", "640") in extra
    assert ("g2:contentSet/remoteContent@rendition", "rnd:preview") in extra
    assert not any(e.label.startswith("g2:itemMeta/itemClass") for e in item.extra)


def test_no_content_no_invention() -> None:
    """A picture item with no usable rendition and no text is refused with NI507 naming it."""
    data = _g2('<remoteContent residref="pic-1" contenttype="image/jpeg"/>')
    data = data.replace(b"ninat:text", b"ninat:picture")
    with pytest.raises(InvalidNewsItem) as info:
        newsml_g2.decode(data)
    (issue,) = info.value.issues
    assert issue.code == "NI507" and "newsItem (ninat:picture)" in issue.message


def test_values_that_used_to_be_dropped_are_kept() -> None:
    """provider@qcode, a foreign root attribute, inlineXML@wordcount, p@lede and block@id go
    to extra; NITF management-status canceled becomes the 1.1 status."""
    content = (
        f'<inlineXML contenttype="application/nitf+xml" wordcount="2"><nitf xmlns="{NITF}">'
        '<body><body.content><block id="b1"><p lede="true">Two words.</p></block>'
        "</body.content></body></nitf></inlineXML>"
    )
    data = _g2(
        content,
        root_attrs='xmlns:ext="urn:ext" ext:flag="yes"',
        provider='<provider qcode="nprov:X"><name>Wire</name></provider>',
    )
    item = newsml_g2.decode(data).item
    assert item.provider == "Wire"
    extra = {(e.label, e.value) for e in item.extra}
    for pair in (
        ("g2:itemMeta/provider@qcode", "nprov:X"),
        ("g2:newsItem@ns:flag", "yes"),
        ("g2:contentSet/inlineXML@wordcount", "2"),
        ("g2:nitf:body/body.content/block/p@lede", "true"),
        ("g2:nitf:body/body.content/block@id", "b1"),
    ):
        assert pair in extra, pair
    killed = (
        b'<nitf><head><docdata management-status="canceled"/></head><body><body.head>'
        b"<hedline><hl1>H</hl1></hedline></body.head><body.content><p>T.</p></body.content>"
        b"</body></nitf>"
    )
    assert nitf.decode(killed).item.pub_status == "canceled"  # a killed story stays killed


def test_more_than_1000_extra_values_keep_what_fits() -> None:
    """1,200 unplaced values: the first 1,000 kept, one NI501 for the rest, no failure."""
    doc = {"uri": "urn:x:1", "headline": "H", "body_text": "B"}
    doc.update({f"description_x{i}": f"v{i}" for i in range(1200)})
    decoded = ninjs.NINJS1.decode(json.dumps(doc).encode())
    assert len(decoded.item.extra) == 1000
    dropped = [w for w in decoded.warnings if w.code == "NI501" and "1000" in w.message]
    assert len(dropped) == 1 and "200 dropped" in dropped[0].message


def test_basic_offsets_are_read() -> None:
    """A G2 date with a +0100 offset is read as +01:00."""
    data = _g2('<inlineData contenttype="text/plain">B.</inlineData>').replace(
        b"+01:00</versionCreated>", b"+0100</versionCreated>"
    )
    assert newsml_g2.decode(data).item.updated == "2024-05-01T09:00:00+01:00"


def test_news_message_items_each_with_their_place() -> None:
    """A newsMessage gives every item with its XPath and line; a packageItem imports as an
    item without text holding its references (related), and the text item imports."""
    one = _g2('<inlineData contenttype="text/plain">B.</inlineData>').split(b"?>", 1)[1]
    package = (
        f'<packageItem xmlns="{G2}" guid="urn:x:p" version="1"><itemMeta>'
        '<itemClass qcode="ninat:composite"/><provider literal="X"/>'
        "<versionCreated>2024-05-01T09:00:00Z</versionCreated></itemMeta>"
        '<groupSet root="G"><group id="G"><itemRef residref="urn:x:1"/></group></groupSet>'
        "</packageItem>"
    ).encode()
    data = (
        (
            f'<newsMessage xmlns="{G2}"><header><sent>2024-05-01T10:00:00Z</sent>'
            "<sender>wire.example</sender></header><itemSet>\n"
        ).encode()
        + package
        + b"\n"
        + one
        + b"</itemSet></newsMessage>"
    )
    assert sniff(data) == "newsml-g2-message"
    entries = list(newsml_g2.iter_message(data))
    assert [e.where for e in entries] == [
        "/g2:newsMessage/g2:itemSet/g2:packageItem",
        "/g2:newsMessage/g2:itemSet/g2:newsItem",
    ]
    assert entries[0].decoded is not None
    package_item = entries[0].decoded.item
    assert (package_item.headline, package_item.body) == (None, ())
    assert [r.to_dict() for r in package_item.related] == [{"id": "urn:x:1"}]
    start_tag_end = data.index(b">", data.index(b"<newsItem"))  # libxml2 reports this line
    line = data[:start_tag_end].count(b"\n") + 1
    assert entries[1].decoded is not None and entries[1].line == line
    extra = {(e.label, e.value) for e in entries[1].decoded.item.extra}
    assert ("g2:newsMessage:header/sender", "wire.example") in extra
    with pytest.raises(Exception, match="newsml-g2-message"):
        newsml_g2.decode(data)


@pytest.mark.parametrize(
    ("head", "form"),
    [
        (f'<packageItem xmlns="{G2}" guid="p"/>', "newsml-g2"),
        (f'<newsMessage xmlns="{G2}"><header/></newsMessage>', "newsml-g2-message"),
        (f'<n:nitf xmlns:n="{NITF}"><n:head/></n:nitf>', "nitf"),
        ('<nitf xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><head/></nitf>', "nitf"),
        ('<nitf xmlns="http://iptc.org/std/nitf/2006-03-01/"><head/></nitf>', "nitf"),
        ('{"uri": "u", "headline": "H", "body_html": "<p>b</p>"}', "ninjs1"),
        ('{"$standard": {"name": "ninjs", "version": "1.4"}, "uri": "u"}', "ninjs1"),
        ('{"uri": "u", "headlines": [{"value": "H"}], "subjects": []}', "ninjs"),
        ('{"uri": "u", "versionCreated": "2024-01-01T00:00:00Z"}', "ninjs3"),
    ],
)
def test_sniffing_recognises_envelopes_prefixes_and_ninjs_generations(head: str, form: str) -> None:
    """The form is told from the first bytes, also through forms.sniff for a .xml/.json."""
    assert sniff(head.encode()) == form
    suggested = "json" if head.startswith("{") else "xml"
    assert forms_sniff(head.encode(), suggested) == form


def test_dtd_era_nitf_validates_as_it_is_read(anchors_dir: Path) -> None:
    """validate on NITF without a namespace: no NI109, the NI505 note and reading warnings."""
    doc = (
        b"<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head>"
        b"<body.content><p>T.</p></body.content></body></nitf>"
    )
    found = nitf.issues(doc, schema_dir=anchors_dir)
    codes = [i.code for i in found]
    assert "NI109" not in codes and "NI505" in codes
    assert all(i.severity == "warning" for i in found)


def test_ninjs_1x_round_trips_and_declares_its_version(anchors_dir: Path) -> None:
    """ninjs1 writes a $standard 1.7 document valid against the 1.7 schema."""
    item = ninjs.NINJS1.decode(
        json.dumps({"uri": "urn:x:1", "headline": "H", "body_text": "B"}).encode()
    ).item
    data = FORMS["ninjs1"].codec.dumps(item)
    assert json.loads(data)["$standard"]["version"] == "1.7"
    found = FORMS["ninjs1"].codec.issues(data, ReadOptions(iptc_schemas=anchors_dir))
    assert [i for i in found if i.severity == "error"] == []


def test_plain_text_rendition_that_is_html_is_read_as_html() -> None:
    """A text/plain inlineData wrapped in block markup is read as HTML (NI503), so its tags do
    not become text; a plain text that only mentions a tag keeps it as text."""
    html = "<![CDATA[\n<p>One.\n   Two.</p><p>Three.</p>\n]]>"
    item = newsml_g2.decode(_g2(f'<inlineData contenttype="text/plain">{html}</inlineData>')).item
    assert item.body == ("One. Two.", "Three.")
    kept = newsml_g2.decode(
        _g2(
            '<inlineData contenttype="text/plain">Write &lt;p&gt; to open a paragraph.</inlineData>'
        )
    ).item
    assert kept.body == ("Write <p> to open a paragraph.",)


def test_ninjs_nitf_body_is_preferred_and_read_from_body_content() -> None:
    """A ninjs body of type text/vnd.IPTC.NITF (the IANA NITF type) whose role names its format
    is the body, read from its body.content (its head is not body text)."""
    nitf_doc = (
        "<nitf><head><title>T</title></head><body><body.head><hedline><hl1>H</hl1></hedline>"
        "</body.head><body.content><p>Lede.</p><p>More.</p></body.content></body></nitf>"
    )
    doc = {
        "uri": "urn:x:n",
        "type": "text",
        "headlines": [{"role": "main", "value": "H"}],
        "bodies": [
            {"role": "nitf", "contentType": "text/vnd.IPTC.NITF", "value": nitf_doc},
            {"role": "text", "contentType": "text/plain", "value": "More."},
        ],
    }
    item = ninjs.NINJS3.decode(json.dumps(doc).encode()).item
    assert item.body == ("Lede.", "More.")
