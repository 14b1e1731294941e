"""Round trips through the IPTC forms on generated items: each gives back the item except
exactly what the mapping table declares, and every exported document validates against IPTC's
schemas (those need ../shared/anchors and are skipped without it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsitem import is_valid
from newsitem._xmlsafe import parse
from newsitem.errors import NewsItemError
from newsitem.forms import FORMS
from newsitem.interop import IPTC_FORMS, mapping, newsml_g2, ninjs, schemas
from newsitem.interop._xml import schema_issues
from newsitem.model import NewsItem
from tests.strategies import iptc_news_items_1_1, news_items

ROUND_TRIP_FORMS = IPTC_FORMS  # ninjs 2.3, ninjs 3.2, NewsML-G2, NITF


def _changed_fields(before: NewsItem, after: NewsItem) -> set[str]:
    changed = set()
    for name in mapping.fields():
        if name.startswith("rights."):
            part = name.split(".", 1)[1]
            old = getattr(before.rights, part) if before.rights else None
            new = getattr(after.rights, part) if after.rights else None
        else:
            old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changed.add(name)
    return changed


@pytest.mark.parametrize("form", ROUND_TRIP_FORMS)
@given(item=news_items())
def test_roundtrip_gives_back_the_item_but_the_declared_losses(form: str, item: NewsItem) -> None:
    """An IPTC round trip gives back the item except for the declared losses."""
    codec = FORMS[form].codec
    again = codec.load(codec.dumps(item)).item
    assert is_valid(again)
    assert again == mapping.expected_roundtrip(item, form)
    # whatever differs is a field the table declares not exact for this form
    assert _changed_fields(item, again) <= set(mapping.not_exact(form))
    # and encoding is deterministic
    assert codec.dumps(item) == codec.dumps(item)


@given(item=news_items())
def test_tab_free_items_come_back_exactly_from_every_form(item: NewsItem) -> None:
    """Items without tabs come back exactly from every IPTC form."""

    def no_tabs(value: str) -> str:
        return value.replace("\t", "·")

    clean = NewsItem(
        **{
            **{f: getattr(item, f) for f in ("headline", "body", "id", "language", "title")},
            "provider": no_tabs(item.provider) if item.provider else None,
            "service": no_tabs(item.service) if item.service else None,
            "published": item.published,
            "updated": item.updated,
            "rights": None,
            "content_types": tuple(dict.fromkeys(no_tabs(v) for v in item.content_types)),
            "topics": tuple(dict.fromkeys(no_tabs(v) for v in item.topics)),
            "regions": tuple(dict.fromkeys(no_tabs(v) for v in item.regions)),
            "platforms": item.platforms,
            "media_types": item.media_types,
            "extra": item.extra,
        }
    )
    for form in ROUND_TRIP_FORMS:
        codec = FORMS[form].codec
        assert codec.load(codec.dumps(clean)).item == clean, form


@given(item=news_items())
def test_ninjs_exports_validate(item: NewsItem, anchors_dir: Path) -> None:
    """Generated items exported as ninjs validate against IPTC's ninjs schemas."""
    root = anchors_dir.resolve()
    for codec in (ninjs.NINJS2, ninjs.NINJS3):
        data = codec.dumps(item)
        errors = ninjs.schema_issues(json.loads(data), data, root)
        assert errors == [], (codec.version, errors)


@given(item=news_items())
def test_g2_and_nitf_exports_validate(item: NewsItem, anchors_dir: Path) -> None:
    """Generated items exported as NewsML-G2 and NITF validate against IPTC's XSDs."""
    root = anchors_dir.resolve()
    g2 = parse(newsml_g2.encode(item))
    assert newsml_g2.validation_issues(g2, root) == []
    # the embedded NITF is checked against the NITF XSD, not skipped by the lax wildcard
    embedded = g2.getroot().find(".//{http://iptc.org/std/NITF/2006-10-18/}nitf")
    assert embedded is not None
    assert list(schema_issues(schemas.nitf_schema(root), embedded, "NITF")) == []
    standalone = parse(FORMS["nitf"].codec.dumps(item)).getroot()
    assert list(schema_issues(schemas.nitf_schema(root), standalone, "NITF")) == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_NINJS_KEYS = st.sampled_from(
    [
        "uri",
        "headlines",
        "bodies",
        "descriptions",
        "subjects",
        "places",
        "genres",
        "title",
        "infosources",
        "infoSources",
        "firstcreated",
        "versionCreated",
        "copyrightnotice",
        "copyrightHolder",
        "rightsinfo",
        "language",
        "slugline",
        "type",
        "standard",
    ]
)


@given(doc=st.dictionaries(_NINJS_KEYS | st.text(max_size=8), _JSON, max_size=6))
def test_ninjs_reader_never_crashes(doc: dict[str, object]) -> None:
    """Any JSON object reads as a valid item or fails with a newsitem error (no schemas)."""
    data = json.dumps(doc).encode()
    try:
        decoded = ninjs.NINJS3.decode(data, schema_dir=None)
    except NewsItemError:
        return
    assert is_valid(decoded.item)


@pytest.mark.parametrize("form", ROUND_TRIP_FORMS)
@settings(max_examples=30)  # five forms; the 1.0 fields are covered by the tests above
@given(item=iptc_news_items_1_1())
def test_format_1_1_fields_come_back_from_every_form(form: str, item: NewsItem) -> None:
    """Items with the 1.1 fields (bylines, dateline, subjects, keywords, urgency, status,
    embargo, media, revision, licence) come back as the mapping table declares."""
    codec = FORMS[form].codec
    again = codec.load(codec.dumps(item)).item
    assert again == mapping.expected_roundtrip(item, form)
