"""migrate: up lossless, down into extra with warnings, refusal without --allow-loss."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from newsitem.errors import UnsupportedVersionError
from newsitem.migrate import MigrationRefused, migrate
from newsitem.model import Byline, ExtraField, MediaRef, NewsItem, Rights, Subject
from newsitem.validate import iter_issues
from tests.strategies import news_items_1_1

FULL = NewsItem(
    headline="H",
    body=("b",),
    rights=Rights(notice="n", license="https://example.com/l"),
    extra=(ExtraField(label="Slug", value="S"),),
    bylines=(Byline(name="Ann", role="writer"),),
    dateline="PORT, May 1",
    subjects=(Subject(scheme="medtop", code="1", name="x"),),
    keywords=("k1", "k2"),
    urgency=2,
    pub_status="withheld",
    embargoed="2025-01-01T00:00:00Z",
    media=(MediaRef(kind="audio", url="https://e.x/a.mp3", mime_type="audio/mpeg", duration=3),),
    revision=4,
)


def test_down_moves_new_fields_into_extra_with_a_warning_each() -> None:
    """Down to 1.0, each 1.1 field becomes extra entries labelled newsitem:<field>."""
    down, warnings = migrate(FULL, "1.0")
    assert down.version == "1.0"
    assert list(iter_issues(down)) == []
    assert down.extra[0] == ExtraField(label="Slug", value="S")
    labels = [e.label for e in down.extra[1:]]
    assert labels == [
        "newsitem:rights.license",
        "newsitem:bylines",
        "newsitem:dateline",
        "newsitem:subjects",
        "newsitem:keywords",
        "newsitem:keywords",
        "newsitem:urgency",
        "newsitem:pub_status",
        "newsitem:embargoed",
        "newsitem:media",
        "newsitem:revision",
    ]
    assert down.extra[2].value == '{"name":"Ann","role":"writer"}'
    assert [w.code for w in warnings] == ["NI122"] * 10
    assert down.rights == Rights(notice="n")


def test_down_then_up_is_identical() -> None:
    """migrate --to 1.0 and back returns the identical item."""
    down, _ = migrate(FULL, "1.0")
    up, warnings = migrate(down, "1.1")
    assert up == FULL
    assert warnings == []


@settings(max_examples=30, deadline=None)
@given(news_items_1_1())
def test_down_then_up_round_trips_generated_items(item: NewsItem) -> None:
    """Every generated 1.1 item survives 1.1 -> 1.0 -> 1.1 unchanged, and its 1.0 form is
    valid."""
    down, _ = migrate(item, "1.0")
    assert [i.code for i in iter_issues(down) if i.severity == "error"] == []
    assert migrate(down, "1.1")[0] == item


def test_up_is_lossless_for_plain_1_0_items() -> None:
    """Up only changes the declared version of an item without newsitem: extra labels."""
    item = NewsItem(headline="H", body=("b",), extra=(ExtraField(label="x", value="y"),))
    up, warnings = migrate(item, "1.1")
    assert up == NewsItem(headline="H", body=("b",), extra=item.extra, version="1.1")
    assert warnings == []


def test_up_keeps_unparsable_entries_in_extra() -> None:
    """A newsitem:urgency entry that is not a number stays in extra."""
    entry = ExtraField(label="newsitem:urgency", value="high")
    up, _ = migrate(NewsItem(headline="H", body=("b",), extra=(entry,)), "1.1")
    assert up.urgency is None and up.extra == (entry,)


def test_value_too_long_refuses_unless_loss_allowed() -> None:
    """A caption longer than an extra value can hold refuses (NI123) or drops (NI124)."""
    media = MediaRef(kind="picture", url="https://e.x/a.jpg", mime_type="image/jpeg")
    long = NewsItem(
        headline="H", body=("b",), media=(MediaRef(**{**media.to_dict(), "caption": "c" * 10_001}),)
    )
    with pytest.raises(MigrationRefused) as caught:
        migrate(long, "1.0")
    assert [i.code for i in caught.value.issues] == ["NI123"]
    down, warnings = migrate(long, "1.0", allow_loss=True)
    assert down.media == () and down.extra == ()
    assert [w.code for w in warnings] == ["NI124"]


def test_unknown_or_other_major_version_is_refused() -> None:
    """Only known versions of the item's major are targets."""
    with pytest.raises(UnsupportedVersionError):
        migrate(FULL, "2.0")
    with pytest.raises(UnsupportedVersionError):
        migrate(FULL, "1.7")


def test_an_item_without_text_cannot_go_down_to_1_0() -> None:
    """A 1.1 picture item has no headline or body for 1.0: NI123 for each, even with
    allow_loss (nothing is invented)."""
    media = {"kind": "picture", "url": "https://x.example/p.jpg", "mime_type": "image/jpeg"}
    item = NewsItem(media=[media])  # type: ignore[list-item]
    for allow_loss in (False, True):
        with pytest.raises(MigrationRefused) as info:
            migrate(item, "1.0", allow_loss=allow_loss)
        assert [(i.code, i.path) for i in info.value.issues] == [
            ("NI123", "$.headline"),
            ("NI123", "$.body"),
        ]
