"""The model: one field table, types checked when an item is built, dict conversion."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from newsitem.model import (
    ITEM_FIELDS,
    LIST_FIELDS,
    SCALAR_FIELDS,
    Byline,
    ExtraField,
    MediaRef,
    NewsItem,
    Rights,
    Subject,
    from_dict,
    from_valid,
    lowest_version,
    to_dict,
)
from newsitem.schemas import KNOWN_VERSIONS, load_schema

_KIND_TO_SCHEMA = {
    "string": "string",
    "datetime": "string",
    "integer": "integer",
    "strings": "array",
    "object": "object",
    "objects": "array",
}


def _schema_type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    from newsitem.xml_mapping import lookup

    found = lookup(schema, node, "type")
    assert isinstance(found, str)
    return found


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_field_table_equals_the_schema_properties(version: str) -> None:
    """The model's field table lists exactly the schema's properties, in order, with types."""
    schema = load_schema(version)
    props = schema["properties"]
    mine = [f for f in ITEM_FIELDS if _version(f.since) <= _version(version)]
    assert ["newsitem", *(f.name for f in mine)] == list(props)
    assert set(schema["required"]) == {
        "newsitem",
        *(f.name for f in mine if f.required_in(version)),
    }
    for spec in mine:
        node = props[spec.name]
        assert _schema_type(schema, node) == _KIND_TO_SCHEMA[spec.kind], spec.name
        if spec.kind == "datetime":
            assert node["$ref"] == "#/$defs/datetime", spec.name
        if spec.cls is not None:
            target = node["items"] if spec.kind == "objects" else node
            sub = [f for f in spec.cls.FIELDS if _version(f.since) <= _version(version)]
            assert [f.name for f in sub] == list(target["properties"]), spec.name
            required = {f.name for f in sub if f.required}
            assert set(target.get("required", ())) == required, spec.name
            for member in sub:
                kind = _schema_type(schema, target["properties"][member.name])
                assert kind == _KIND_TO_SCHEMA[member.kind], (spec.name, member.name)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def test_derived_lists() -> None:
    """LIST_FIELDS and SCALAR_FIELDS come from the table."""
    assert LIST_FIELDS == (
        "content_types",
        "topics",
        "platforms",
        "regions",
        "media_types",
        "keywords",
    )
    assert SCALAR_FIELDS[:3] == ("id", "language", "title")
    assert "embargoed" in SCALAR_FIELDS
    assert "dateline" in SCALAR_FIELDS


def test_str_body_is_a_type_error() -> None:
    """A str where the body's list belongs is refused, not split into characters."""
    with pytest.raises(TypeError, match=r"NewsItem\.body must be a tuple or list, not str"):
        NewsItem(headline="h", body="just text")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", LIST_FIELDS)
def test_str_list_field_is_a_type_error(name: str) -> None:
    """A str in any list field is refused."""
    with pytest.raises(TypeError, match=name):
        NewsItem(headline="h", body=("b",), **{name: "Politics"})


def test_lists_become_tuples() -> None:
    """Lists given for list fields are stored as tuples (the item stays hashable)."""
    item = NewsItem(headline="h", body=["a", "b"], topics=["T"])  # type: ignore[arg-type]
    assert item.body == ("a", "b")
    assert item.topics == ("T",)
    assert hash(item) == hash(NewsItem(headline="h", body=("a", "b"), topics=("T",)))


def test_list_entry_of_wrong_type() -> None:
    """A non-str entry of a list is named with its index."""
    with pytest.raises(TypeError, match=r"NewsItem\.topics\[1\] must be a str, not int"):
        NewsItem(headline="h", body=("b",), topics=("a", 3))  # type: ignore[arg-type]


def test_headline_of_the_wrong_type_is_refused() -> None:
    """A headline that is not a str is a TypeError naming the field."""
    with pytest.raises(TypeError, match=r"NewsItem\.headline must be a str, not int"):
        NewsItem(headline=3, body=("b",))  # type: ignore[arg-type]


def test_an_item_without_text_needs_1_1() -> None:
    """An item without headline or body is built and declares 1.1, the first version allowing it."""
    item = NewsItem(related=[{"id": "urn:x:1", "rel": "group:main"}])  # type: ignore[list-item]
    assert item.version == "1.1"
    assert item.headline is None
    assert item.body == ()
    assert item.to_dict() == {
        "newsitem": "1.1",
        "related": [{"id": "urn:x:1", "rel": "group:main"}],
    }
    assert NewsItem(headline="h", body=("b",)).version == "1.0"
    assert NewsItem(headline="h").version == "1.1"


def test_rights_and_extra_from_dicts() -> None:
    """Rights and ExtraField (and the 1.1 objects) are accepted as dicts."""
    item = NewsItem(
        headline="h",
        body=("b",),
        rights={"notice": "n"},  # type: ignore[arg-type]
        extra=[{"label": "L", "value": "v"}],  # type: ignore[list-item]
        bylines=[{"name": "Ann Lee", "role": "writer"}],  # type: ignore[list-item]
        subjects=[{"scheme": "medtop", "code": "20000106"}],  # type: ignore[list-item]
    )
    assert item.rights == Rights(notice="n")
    assert item.extra == (ExtraField(label="L", value="v"),)
    assert item.bylines == (Byline(name="Ann Lee", role="writer"),)
    assert item.subjects == (Subject(scheme="medtop", code="20000106"),)


def test_rights_dict_with_unknown_key() -> None:
    """A rights dict with an unknown key is a TypeError naming it, not an AttributeError."""
    with pytest.raises(TypeError, match="colour"):
        NewsItem(headline="h", body=("b",), rights={"notice": "n", "colour": "red"})  # type: ignore[arg-type]


def test_rights_of_wrong_type() -> None:
    """rights must be a Rights or a dict."""
    with pytest.raises(TypeError, match=r"NewsItem\.rights must be a Rights or a dict"):
        NewsItem(headline="h", body=("b",), rights="n")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2025, 1, 2, 9, 30, tzinfo=UTC), "2025-01-02T09:30:00Z"),
        (
            datetime(2025, 1, 2, 9, 30, 0, 120000, tzinfo=timezone(timedelta(hours=-5))),
            "2025-01-02T09:30:00.120000-05:00",
        ),
        (
            datetime(2025, 1, 2, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2025-01-02T09:30:00+05:30",
        ),
    ],
)
def test_aware_datetimes_become_rfc3339(value: datetime, text: str) -> None:
    """An aware datetime becomes its RFC 3339 string (Z for UTC, no microseconds unless set)."""
    item = NewsItem(headline="h", body=("b",), published=value, embargoed=value)  # type: ignore[arg-type]
    assert item.published == text
    assert item.embargoed == text
    assert item.published_at == value


def test_naive_datetime_is_refused() -> None:
    """A naive datetime has no time zone and is refused with a clear message."""
    with pytest.raises(ValueError, match="naive datetime"):
        NewsItem(headline="h", body=("b",), updated=datetime(2025, 1, 2))  # type: ignore[arg-type]


def test_offset_with_seconds_is_refused() -> None:
    """RFC 3339 cannot write an offset with seconds."""
    zone = timezone(timedelta(hours=1, seconds=5))
    with pytest.raises(ValueError, match="whole minutes"):
        NewsItem(headline="h", body=("b",), published=datetime(2025, 1, 2, tzinfo=zone))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [True, 2.0, "3"])
def test_integer_fields_want_int(value: object) -> None:
    """urgency is an int (not a bool, float or str)."""
    with pytest.raises(TypeError, match="urgency must be an int"):
        NewsItem(headline="h", body=("b",), urgency=value)  # type: ignore[arg-type]


def test_sub_objects_check_types() -> None:
    """The object classes check their own fields."""
    with pytest.raises(TypeError, match=r"MediaRef\.size must be an int"):
        MediaRef(kind="picture", url="https://e.x/a.jpg", mime_type="image/jpeg", size="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"ExtraField\.value is required"):
        ExtraField(label="L", value=None)  # type: ignore[arg-type]


def test_version_defaults_to_lowest_that_holds_the_fields() -> None:
    """Without a version, an item declares 1.0 unless a 1.1 field is set."""
    assert NewsItem(headline="h", body=("b",)).version == "1.0"
    assert NewsItem(headline="h", body=("b",), urgency=3).version == "1.1"
    rights = Rights(notice="n", license="https://creativecommons.org/licenses/by/4.0/")
    assert NewsItem(headline="h", body=("b",), rights=rights).version == "1.1"
    assert NewsItem(headline="h", body=("b",), version="1.1").version == "1.1"


def test_lowest_version_looks_inside_objects() -> None:
    """A 1.0 field holding a 1.1 member needs 1.1."""
    item = NewsItem(
        headline="h", body=("b",), version="1.0", rights=Rights(notice="n", license="x:y")
    )
    assert item.version == "1.0"
    assert lowest_version(item) == "1.1"


def test_replace_is_checked() -> None:
    """dataclasses.replace goes through the same checks."""
    item = NewsItem(headline="h", body=("b",))
    with pytest.raises(TypeError):
        dataclasses.replace(item, body="text")


def test_to_dict_order_and_absent_fields() -> None:
    """to_dict writes schema order and leaves absent fields out."""
    item = NewsItem(
        headline="h",
        body=("b",),
        language="en",
        urgency=2,
        rights=Rights(notice="n", license="https://e.x/l"),
        media=(MediaRef(kind="picture", url="https://e.x/a.jpg", mime_type="image/jpeg"),),
    )
    data = item.to_dict()
    assert list(data) == ["newsitem", "language", "headline", "body", "rights", "urgency", "media"]
    assert data["newsitem"] == "1.1"
    assert data["rights"] == {"notice": "n", "license": "https://e.x/l"}
    assert data["media"] == [
        {"kind": "picture", "url": "https://e.x/a.jpg", "mime_type": "image/jpeg"}
    ]
    assert to_dict(item) == data


def test_from_dict_round_trip_and_checks() -> None:
    """from_dict(to_dict(x)) == x; the public from_dict checks types, from_valid trusts."""
    item = NewsItem(
        headline="h",
        body=("b",),
        bylines=(Byline(name="A"),),
        subjects=(Subject(scheme="medtop", code="1", name="n"),),
        keywords=("k",),
        revision=2,
        pub_status="usable",
    )
    data = item.to_dict()
    assert NewsItem.from_dict(data) == item
    assert from_dict(data) == item
    assert from_valid(data) == item
    with pytest.raises(TypeError, match="body"):
        NewsItem.from_dict({"newsitem": "1.0", "headline": "h", "body": "text"})
    with pytest.raises(TypeError, match="unknown field 'colour'"):
        NewsItem.from_dict({"newsitem": "1.0", "headline": "h", "body": ["b"], "colour": "r"})
    with pytest.raises(TypeError, match="version"):
        NewsItem.from_dict({"headline": "h", "body": ["b"]})


def test_from_valid_builds_an_item_without_text() -> None:
    """The trusted constructor builds a 1.1 item that has media but no headline or body."""
    media = {"kind": "picture", "url": "https://x.example/p.jpg", "mime_type": "image/jpeg"}
    item = from_valid({"newsitem": "1.1", "media": [media]})
    assert item.headline is None
    assert item.media[0].url == "https://x.example/p.jpg"
