"""The text codec (newsitem.codecs.text_codec): robustness, modes, canonical form, protocol."""

from __future__ import annotations

import time

import pytest

from newsitem.codecs import Decoded, ReadOptions, text_codec
from newsitem.errors import ConversionError, InvalidNewsItem, ParseError
from newsitem.forms import get_codec
from newsitem.model import ExtraField, NewsItem, Rights

PAGE = (
    "Dam inspection finds cracks in spillway - Fjordline News\n"
    "\n"
    "Fjordline Energy\n"
    "\n"
    "Dam inspection finds cracks in spillway\n"
    "\n"
    "Inspectors found hairline cracks in the spillway of the Orrvik dam, the operator said.\n"
    "\n"
    "The operator said the dam was safe and repairs would start in May.\n"
    "\n"
    "© 2025 Fjordline News. All rights reserved.\n"
    "\n"
    "Topics: Energy\n"
    "Regions & Locations: Europe"
)


def _codes(text: str) -> list[str]:
    return [w.code for w in text_codec.load(text).warnings]


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \u00a0\r\n", "\ufeff", "\ufeff \n"])
def test_empty_or_whitespace_is_ni400(text: str) -> None:
    """Empty or whitespace-only text raises ParseError NI400."""
    with pytest.raises(ParseError) as info:
        text_codec.loads(text)
    assert info.value.issue.code == "NI400"


def test_headline_without_body_is_ni400() -> None:
    """A single line is no article: NI400."""
    with pytest.raises(ParseError) as info:
        text_codec.loads("Just one line\n")
    assert info.value.issue.code == "NI400"


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00\x00garbage",
        b"Headline\n\nBody \xc3\x28 text.\n",
        b"\x00\x01\x02\x03\x04\x05",
        "Headline\n\nBody.\n".encode("utf-16"),
        b"Headline\n\nBody with a NUL\x00 byte.\n",
        bytes(range(256)),
    ],
)
def test_binary_or_non_utf8_is_ni111(data: bytes) -> None:
    """Invalid UTF-8, UTF-16, NUL bytes and binary junk raise ParseError NI111."""
    with pytest.raises(ParseError) as info:
        text_codec.decode(data)
    assert info.value.issue.code == "NI111"
    assert text_codec.issues(data)[0].code == "NI111"


def test_invalid_utf8_is_located() -> None:
    """An invalid byte is reported with its line and column."""
    with pytest.raises(ParseError) as info:
        text_codec.decode(b"Headline\n\nBody \xc3\x28 text.\n")
    assert (info.value.issue.line, info.value.issue.column) == (3, 6)


def test_crlf_bom_nbsp_tabs_and_no_final_newline_read_like_clean_text() -> None:
    """CRLF, a BOM, NBSP, tabs and trailing spaces give the same item as the clean page."""
    clean = text_codec.loads(PAGE)
    messy = "\ufeff" + PAGE.replace("\n", "  \r\n").replace("Topics: ", "Topics:\u00a0")
    messy = messy.replace("Inspectors", "\tInspectors")
    assert text_codec.loads(messy) == clean
    assert text_codec.loads(PAGE.replace("\n", "\r")) == clean


def test_nbsp_inside_text_is_kept() -> None:
    """Non-breaking spaces inside a paragraph are text and stay."""
    item = text_codec.loads(PAGE.replace("hairline cracks", "hairline\u00a0cracks"))
    assert "hairline\u00a0cracks" in item.body[0]


def test_very_long_lines_parse_quickly() -> None:
    """A page with a 95,000-character paragraph parses in well under a second."""
    long = "word " * 19_000 + "end."
    start = time.perf_counter()
    item = text_codec.loads(PAGE.replace("The operator said", long + "\n\nThe operator said"))
    assert time.perf_counter() - start < 1.0
    assert item.body[1] == long


def test_too_long_headline_is_invalid_not_a_crash() -> None:
    """A headline over the schema's limit raises InvalidNewsItem with NI207 on its line."""
    headline = "Long " * 250
    with pytest.raises(InvalidNewsItem) as info:
        text_codec.loads(f"{headline} - Kessel Post\n\n{headline}\n\nBody text here.\n")
    assert sorted((i.code, i.line, i.path) for i in info.value.issues) == [
        ("NI207", 1, "$.title"),
        ("NI207", 3, "$.headline"),
    ]


# --- zones ------------------------------------------------------------------------------------


def test_page_zones() -> None:
    """Title, service, headline, body, copyright notice and metadata are found."""
    item = text_codec.loads(PAGE)
    assert item.title == "Dam inspection finds cracks in spillway - Fjordline News"
    assert item.provider == "Fjordline News"
    assert item.service == "Fjordline Energy"
    assert item.headline == "Dam inspection finds cracks in spillway"
    assert len(item.body) == 2
    assert item.rights == Rights(notice="© 2025 Fjordline News. All rights reserved.")
    assert item.topics == ("Energy",)
    assert item.regions == ("Europe",)


def test_title_suffix_may_hold_hyphens_and_the_headline_dashes() -> None:
    """The site name is what follows the last spaced dash; hyphens inside it stay."""
    text = PAGE.replace("- Fjordline News", "- Agence Nord-Ouest").replace(
        "Dam inspection finds cracks in spillway", "Dam check - cracks found in spillway"
    )
    item = text_codec.loads(text)
    assert item.provider == "Agence Nord-Ouest"
    assert item.headline == "Dam check - cracks found in spillway"


def test_unknown_labels_go_to_extra_in_order() -> None:
    """Unknown Label: value lines in the metadata block become extra fields, in order."""
    text = PAGE + "\nDateline: ORRVIK, May 2\nStory ID: FJ-77\nSlug: DAM-CRACKS"
    assert text_codec.loads(text).extra == (
        ExtraField(label="Dateline", value="ORRVIK, May 2"),
        ExtraField(label="Story ID", value="FJ-77"),
        ExtraField(label="Slug", value="DAM-CRACKS"),
    )


def test_labels_are_case_insensitive_synonyms() -> None:
    """TOPIC, regions and Subject are read as the topics and regions fields."""
    text = PAGE.replace("Topics: Energy", "TOPIC: Energy\nSubject: Climate").replace(
        "Regions & Locations:", "regions:"
    )
    item = text_codec.loads(text)
    assert item.topics == ("Energy", "Climate")
    assert item.regions == ("Europe",)


def test_body_line_with_colon_is_not_metadata() -> None:
    """A paragraph that contains a colon stays a paragraph."""
    text = PAGE.replace(
        "The operator said the dam",
        "Officials said: repairs are routine.\n\nThe operator said the dam",
    )
    item = text_codec.loads(text)
    assert "Officials said: repairs are routine." in item.body
    assert item.extra == ()


def test_line_numbers_of_validation_issues() -> None:
    """Validation warnings of a text item point at the source line (NI350 at its value)."""
    text = (
        "Bridge reopens - Kessel Post\n\nBridge reopens\n\n"
        "The bridge over the river reopened on Monday.\n\nTopics: Transport\nTopics: transport\n"
    )
    warnings = text_codec.load(text).warnings
    ni350 = [w for w in warnings if w.code == "NI350"]
    assert [(w.line, w.path) for w in ni350] == [(8, "$.topics[1]")]


def test_invalid_list_value_is_located_on_its_line() -> None:
    """A metadata value that breaks the schema is reported on its own line."""
    text = PAGE + "\nTopics: " + "x" * 300
    with pytest.raises(InvalidNewsItem) as info:
        text_codec.loads(text)
    assert [(i.code, i.line, i.path) for i in info.value.issues] == [("NI207", 15, "$.topics[1]")]


def test_strict_mode_accepts_clean_canonical_text() -> None:
    """Strict mode reads canonical text without complaint."""
    item = text_codec.loads(PAGE)
    assert text_codec.loads(text_codec.dumps(item), mode="strict") == item


def test_strict_mode_raises_on_a_guess() -> None:
    """Strict mode raises the first doubt of a raw page as a ParseError."""
    with pytest.raises(ParseError) as info:
        text_codec.loads(PAGE, mode="strict")
    assert info.value.issue.code == "NI401"


def test_unknown_mode_is_a_value_error() -> None:
    """A mode other than lax or strict is a ValueError."""
    with pytest.raises(ValueError, match="mode"):
        text_codec.loads(PAGE, mode="loose")  # type: ignore[arg-type]


# --- canonical form ---------------------------------------------------------------------------

FULL = NewsItem(
    id="urn:fjord:77",
    language="en-GB",
    title="Dam inspection finds cracks - Fjordline News",
    provider="Fjordline News",
    service="Fjordline Energy",
    headline="Dam inspection finds cracks",
    published="2025-05-02T09:00:00+02:00",
    updated="2025-05-02T11:30:00+02:00",
    body=("First line\nsecond line of one paragraph.", "Topics: not metadata here."),
    rights=Rights(notice="© Fjordline News.", holder="Fjordline News", url="https://f.example/t"),
    content_types=("TextVideo",),
    topics=("Energy", "Business & Finance"),
    regions=("Europe / Middle East / Africa",),
    extra=(ExtraField(label="Slug", value="DAM: CRACKS"),),
)

FULL_TEXT = """Dam inspection finds cracks - Fjordline News

Fjordline Energy

Dam inspection finds cracks

First line
second line of one paragraph.

Topics: not metadata here.

© Fjordline News.

Content Types: TextVideo
Topics: Energy
Topics: Business & Finance
Regions & Locations: Europe / Middle East / Africa
Slug: DAM: CRACKS

Newsitem: 1.0
Zones: title service headline body rights metadata
ID: urn:fjord:77
Language: en-GB
Provider: Fjordline News
Published: 2025-05-02T09:00:00+02:00
Updated: 2025-05-02T11:30:00+02:00
Rights Holder: Fjordline News
Rights URL: https://f.example/t
"""


def test_canonical_text_layout() -> None:
    """dumps writes the page layout, one value per metadata line, and the trailer block."""
    assert text_codec.dumps(FULL) == FULL_TEXT.encode()


def test_canonical_text_reads_back_exactly() -> None:
    """Canonical text gives the item back with no guessing (glued-looking values stay)."""
    decoded = text_codec.load(FULL_TEXT, mode="strict")
    assert decoded.item == FULL
    assert decoded.warnings == ()
    assert text_codec.dumps(decoded.item) == FULL_TEXT.encode()


def test_canonical_text_with_crlf_reads_the_same() -> None:
    """Canonical text saved with CRLF and a BOM still reads exactly."""
    assert text_codec.loads("\ufeff" + FULL_TEXT.replace("\n", "\r\n")) == FULL


def test_broken_trailer_falls_back_to_raw_with_ni413() -> None:
    """Canonical text whose trailer is out of order is read as raw, with NI413."""
    broken = FULL_TEXT.replace("Zones:", "Zonez:")
    decoded = text_codec.load(broken)
    assert "NI413" in [w.code for w in decoded.warnings]
    assert decoded.item.headline == FULL.headline
    assert decoded.item.published == FULL.published
    with pytest.raises(ParseError) as info:
        text_codec.loads(broken, mode="strict")
    assert info.value.issue.code == "NI413"


def test_minimal_item_text() -> None:
    """An item with only a headline and a body is written as three blocks."""
    item = NewsItem(headline="H", body=("P.",))
    assert text_codec.dumps(item) == b"H\n\nP.\n\nNewsitem: 1.0\nZones: headline body\n"


@pytest.mark.parametrize(
    "item",
    [
        NewsItem(headline="Two\nlines", body=("P.",)),
        NewsItem(headline="H", body=("One.\n\nTwo.",)),
        NewsItem(headline="H", body=("",)),
        NewsItem(headline="H", body=("P.",), extra=(ExtraField(label="Topics", value="x"),)),
        NewsItem(headline="H", body=("P.",), extra=(ExtraField(label="a: b", value="x"),)),
    ],
)
def test_items_the_text_form_cannot_hold_are_refused(item: NewsItem) -> None:
    """Invalid items whose text would read back differently raise ConversionError."""
    with pytest.raises(ConversionError):
        text_codec.dumps(item)


def test_codec_protocol() -> None:
    """The registry's text codec has the protocol's verbs: load, loads, dumps, issues."""
    codec = get_codec("text")
    assert codec.name == "text"
    assert frozenset() == codec.LOSSY_FIELDS
    assert codec.load(codec.dumps(FULL)).item == FULL
    assert codec.loads(codec.dumps(FULL).decode()) == FULL
    assert codec.dumps(FULL) == FULL_TEXT.encode("utf-8")
    assert [i.code for i in codec.issues(FULL_TEXT.encode())] == []
    assert codec.issues(FULL_TEXT.encode(), ReadOptions(mode="strict")) == []


def test_module_loads_returns_an_item_and_load_adds_the_warnings() -> None:
    """text_codec.loads returns a NewsItem like every codec; load returns it with the warnings."""
    item = text_codec.loads(PAGE)
    decoded = text_codec.load(PAGE)
    assert type(item) is NewsItem
    assert type(decoded) is Decoded
    assert decoded.item == item
    assert [w.code for w in decoded.warnings] == ["NI401", "NI415"]
    assert text_codec.loads(PAGE.encode("utf-8")) == item
