"""Media and related items read from the IPTC forms' renditions and references (SPEC §12)."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from newsitem.codecs import ReadOptions
from newsitem.forms import FORMS
from newsitem.interop import _media, newsml_g2, ninjs, nitf
from newsitem.model import NewsItem


def test_media_kind_comes_from_the_media_type_first() -> None:
    """A JPEG preview of a video is a picture, an MXF file takes the item's word, and a text
    rendition (captions) is no media at all."""
    assert _media.media_kind("ninat:video", "image/jpeg") == "picture"
    assert _media.media_kind("ninat:video", "application/mxf") == "video"
    assert _media.media_kind("audio", "text/xml") is None
    assert _media.media_kind(None, "application/pdf") is None
    assert _media.related_kind("ninat:composite") == "package"
    assert _media.related_kind("icls:story") is None


def test_media_entry_takes_only_valid_values() -> None:
    """An entry needs an absolute URL and a media type; a size that is not a whole number is
    left to the importer's leftover walk."""
    made = _media.media_entry("picture", "https://x.example/p.jpg", "image/jpeg", size="12kb")
    assert made == (
        {"kind": "picture", "url": "https://x.example/p.jpg", "mime_type": "image/jpeg"},
        {"url", "mime_type"},
    )
    assert _media.media_entry("picture", "p.jpg", "image/jpeg") is None
    assert _media.related_entry("has space") is None


def test_ninjs_associations_become_media_or_related() -> None:
    """A picture association with renditions is media (caption and credit on its first
    entry); a text association is a related item named by its uri, name and headline."""
    doc = {
        "uri": "urn:x:t",
        "type": "text",
        "headlines": [{"role": "main", "value": "Head"}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Body."}],
        "associations": [
            {
                "name": "featureimage",
                "uri": "urn:x:p",
                "type": "picture",
                "by": "Ann Lee",
                "descriptions": [{"role": "caption", "value": "A bridge."}],
                "renditions": [
                    {"name": "hi", "href": "https://x.example/p.jpg", "contenttype": "image/jpeg"}
                ],
            },
            {
                "name": "sidebar",
                "uri": "urn:x:s",
                "type": "text",
                "headlines": [{"value": "Side"}],
            },
        ],
    }
    item = ninjs.NINJS2.decode(json.dumps(doc).encode()).item
    assert [m.to_dict() for m in item.media] == [
        {
            "kind": "picture",
            "url": "https://x.example/p.jpg",
            "mime_type": "image/jpeg",
            "caption": "A bridge.",
            "credit": "Ann Lee",
        }
    ]
    assert [r.to_dict() for r in item.related] == [
        {"id": "urn:x:s", "rel": "sidebar", "kind": "text", "title": "Side"}
    ]
    labels = {e.label for e in item.extra}
    assert "ninjs:associations.uri" in labels  # the picture's own uri is kept, not dropped
    assert "ninjs:associations.renditions.name" in labels


def test_nitf_media_reference_with_a_url_is_media() -> None:
    """A NITF media-reference with a URL source and a mime-type is media with its caption; one
    whose source is no URL stays in extra."""
    data = b"""<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head>
<body.content><p>Text.</p>
<media media-type="image"><media-reference mime-type="image/jpeg" source="https://x.example/a.jpg"/>
<media-caption>The harbour.</media-caption></media>
<media media-type="image"><media-reference mime-type="image/jpeg" source="abc123"/></media>
</body.content></body></nitf>"""
    item = nitf.decode(data).item
    assert [(m.url, m.caption) for m in item.media] == [("https://x.example/a.jpg", "The harbour.")]
    assert ("nitf:body/body.content/media/media-reference@source", "abc123") in {
        (e.label, e.value) for e in item.extra
    }


def test_a_package_goes_out_as_a_g2_package_item(anchors_dir: Path) -> None:
    """A package whose references share one QCode role is written as a packageItem (one
    group, an itemRef per related item), valid against NewsML-G2, and reads back the same; a
    role that is no QCode keeps the newsItem and the JSON carrier."""
    related = [
        {"id": "urn:x:1", "rel": "group:main", "kind": "text", "title": "Bridge reopens"},
        {"id": "urn:x:2", "rel": "group:main", "kind": "picture", "url": "https://x.example/2"},
    ]
    item = NewsItem(id="urn:x:p", headline="The day in pictures", related=related)  # type: ignore[arg-type]
    codec = FORMS["newsml-g2"].codec
    data = codec.dumps(item)
    root = etree.fromstring(data)
    assert etree.QName(root).localname == "packageItem"
    refs = root.findall(
        f"{{{newsml_g2.NS}}}groupSet/{{{newsml_g2.NS}}}group/{{{newsml_g2.NS}}}itemRef"
    )
    assert [ref.get("residref") for ref in refs] == ["urn:x:1", "urn:x:2"]
    assert codec.load(data).item == item
    found = codec.issues(data, ReadOptions(iptc_schemas=anchors_dir))
    assert [str(i) for i in found if i.severity == "error"] == []
    loose = NewsItem(related=[{"id": "urn:x:1", "rel": "sidebar"}])  # type: ignore[list-item]
    data = codec.dumps(loose)
    assert etree.QName(etree.fromstring(data)).localname == "newsItem"
    assert b"urn:newsitem:field:related" in data
    assert codec.load(data).item == loose


def test_body_text_without_a_headline_imports_with_ni306() -> None:
    """A text item whose source has no headline, title or slugline keeps its body, gains no
    headline and draws the warning NI306 in every IPTC form that can say so."""
    ninjs_doc = json.dumps(
        {"uri": "urn:x:flash", "type": "text", "body_text": "Quake of magnitude 6 hits coast."}
    )
    nitf_doc = (
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head/><body><body.head/>'
        "<body.content><p>Quake of magnitude 6 hits coast.</p></body.content></body></nitf>"
    )
    for form, data in (("ninjs1", ninjs_doc), ("nitf", nitf_doc)):
        decoded = FORMS[form].codec.load(data.encode())
        assert decoded.item.headline is None, form
        assert decoded.item.body == ("Quake of magnitude 6 hits coast.",), form
        assert decoded.item.version == "1.1", form
        assert [w.code for w in decoded.warnings if w.code == "NI306"] == ["NI306"], form
