"""Real IPTC documents (tests/data/iptc-wild, sources in SOURCES.md) through the importers:
import -> export to every IPTC form -> import again, holding headline, body, dates, subjects,
byline and embargo, checking that no body text is made up, and that the re-exports validate
against IPTC's schemas (../shared/anchors; skipped with a reason when absent)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsitem.codecs import ReadOptions
from newsitem.errors import InvalidNewsItem
from newsitem.forms import FORMS
from newsitem.interop import IPTC_FORMS, mapping, newsml_g2, sniff
from newsitem.model import NewsItem
from tests.conftest import ROOT
from tools import iptc_faithful

WILD = ROOT / "tests" / "data" / "iptc-wild"


@dataclass(frozen=True)
class Expected:
    """What one item of a document must import as."""

    headline: str | None
    first: str | None  # the start of the first paragraph (None: no body)
    paragraphs: int
    published: str | None = None
    updated: str | None = None
    topics: tuple[str, ...] = ()
    byline: str | None = None  # the first byline's name
    embargo: str | None = None
    subjects: tuple[str, ...] = ()  # scheme:code of the coded subjects
    media: tuple[str, ...] = ()  # kind and media type of each media entry
    caption: str | None = None  # the start of the first media entry's caption
    related: tuple[str, ...] = ()  # the id of each related entry


#: file -> (form, the items in document order; None for an item refused with NI507).
CASES: dict[str, tuple[str, list[Expected | None]]] = {
    "dpa-embargoed-message.xml": (
        "newsml-g2-message",
        [
            Expected(
                "Steinmeier: Russland zerstört kulturelles Erbe der Ukraine",
                "Eine Ausstellung in Berlin zeigt",
                9,
                updated="2025-01-23T14:10:47+01:00",
                embargo="2025-01-23T19:00:00+01:00",
            )
        ],
    ),
    "dpa-table-message.xml": (
        "newsml-g2-message",
        [
            Expected(
                "Ergebnisse und Tabelle Fußball-Bundesliga, Männer",
                "6. Spieltag:",
                5,
                updated="2024-10-06T21:30:20+02:00",
            )
        ],
    ),
    "iptc-listing6-package.xml": (
        "newsml-g2",
        [
            Expected(
                "UK",
                None,
                0,
                published="2008-12-20T12:25:35Z",
                updated="2018-11-17T12:30:00Z",
                related=(
                    "urn:newsml:iptc.org:20081007:tutorial-item-A",
                    "urn:newsml:iptc.org:20081007:tutorial\u2014item-B",
                ),
            )
        ],
    ),
    "iptc-ninjs3-dpa-text.json": (
        "ninjs3",
        [
            Expected(
                "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?",
                "Für Lucien Favre war es",
                9,
                updated="2019-05-10T16:02:28+02:00",
                byline="Von Christian Hollmann, dpa",
            )
        ],
    ),
    "iptc-ninjs3-ntb-no-body.json": ("ninjs3", [None]),
    "superdesk-ap-nitf.xml": (
        "nitf",
        [
            Expected(
                "Can trading pollution like stocks help fight climate change?",
                "NEW YORK (AP) — The gas produced",
                28,
                published="2015-12-10T19:10:44Z",
                byline="By BERNARD CONDON",
            )
        ],
    ),
    "superdesk-efe-nitf.xml": (
        "nitf",
        [
            Expected(
                "Honduran president announces Cabinet changes",
                "Tegucigalpa, Jan 2 (EFE).- Test body.",
                1,
                published="2017-01-02T22:28:00+00:00",
                topics=("HONDURAS GOVERNMENT",),
                byline="gr/bp",
            )
        ],
    ),
    "superdesk-ntb-nitf.xml": (
        "nitf",
        [
            Expected(
                "Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030",
                "Nei, dette dokumentet beskriver",
                17,
                byline="Geir Molnes / Faktisk.no",
            )
        ],
    ),
    "superdesk-stt-newsml.xml": (
        "newsml-g2",
        [
            Expected(
                "Parliament passed the Alcohol Act and the government gained "
                "confidence*** TRANSLATED ***",
                "*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***",
                16,
                published="2017-12-19T10:33:04+02:00",
                updated="2017-12-19T11:16:43+02:00",
                subjects=("stt-topics:437036", "sttdepartment:9"),
            )
        ],
    ),
    "superdesk-ansa-message.xml": (
        "newsml-g2-message",
        [
            Expected(
                "Catalan independence declaration unacceptable - Alfano",
                "(ANSA) - Rome, October 11 - Italian Foreign Minister",
                1,
                published="2017-10-11T10:41:00+01:00",
                updated="2017-10-11T10:41:00+01:00",
                media=("picture image/jpeg",),
            )
        ],
    ),
    "superdesk-reuters-results-message.xml": (
        "newsml-g2-message",
        [
            Expected(
                "UPDATE 2-Primeira Liga Results",
                "Jan 3 (OPTA) - Results and fixtures for the Primeira Liga",
                1,
                published="2018-01-03T20:13:08.000Z",
                updated="2018-01-03T20:13:08.000Z",
                subjects=(
                    "MCC:SPO",
                    "MCCL:SPO",
                    "N2:SOC",
                    "N2:SOCC",
                    "N2:SPO",
                    "a1312cat:s",
                    "subj:15000000",
                    "subj:15054000",
                ),
            )
        ],
    ),
    "superdesk-ap-table-nitf.xml": (
        "nitf",
        [
            Expected(
                "BC-BBN--Top Ten",
                "BC-BBN--Top Ten",
                7,
                published="2019-07-03T04:05:12Z",
            )
        ],
    ),
    "superdesk-pa-nitf.xml": (
        "nitf",
        [
            Expected(
                "PA SPORT TRIVIA (OCTOBER 14)",
                "ON THIS DAY IN SPORT",
                43,
                published="2015-10-14T04:30:01+01:00",
                topics=("Trivia (Oct 14)",),
            )
        ],
    ),
    "superdesk-ninjs-featuremedia.json": (
        "ninjs1",
        [
            Expected(
                "Oil prices edge up on first drop in US drilling in months",
                "Oil prices edged up on Monday,",
                9,
                published="2017-07-03T01:38:13+00:00",
                updated="2017-08-24T01:58:40+00:00",
                topics=("oil and gas - upstream activities",),
                byline="By Henning Gloystein",
                media=("picture image/jpeg",) * 6,
                caption="Oil prices edged up on Monday, supported by the first fall",
            )
        ],
    ),
    "superdesk-ninjs1.json": (
        "ninjs1",
        [
            Expected(
                "headline",
                "The story so far.",
                1,
                published="2017-08-24T04:37:19+00:00",
                updated="2017-08-24T04:38:34+00:00",
                topics=("arts, culture and entertainment",),
                byline="Peter and Jane",
            )
        ],
    ),
    "superdesk-ninjs-embargoed.json": (
        "ninjs1",
        [
            Expected(
                "Trouble is brewing for the future of beer",
                "What does torched earth taste like?",
                18,
                published="2022-06-20T23:20:35+00:00",
                updated="2022-06-26T23:54:25+00:00",
                topics=("global warming", "agriculture"),
                byline="Aaron J. Staples, Michigan State University",
                embargo="2022-06-29T02:30:00+00:00",
                media=("picture image/jpeg",) * 2,
                caption="There\u2019s nothing quite like a cold beer",
            )
        ],
    ),
    "superdesk-ninjs-picture.json": (
        "ninjs1",
        [
            Expected(
                "German Air Force Museum",
                "German Air Force Museum",
                1,
                published="2017-08-18T02:57:43+00:00",
                updated="2017-08-25T04:41:35+00:00",
                topics=("arts, culture and entertainment",),
                byline="A3576/_Maurizio Gambarini",
                media=("picture image/jpeg",) * 6,
                caption="A Casa 2.111, a Spanish reconstruction",
            )
        ],
    ),
}


def _import(data: bytes, form: str) -> list[NewsItem | None]:
    """Every item of a document (None for one refused with NI507 alone)."""
    if form == "newsml-g2-message":
        out: list[NewsItem | None] = []
        for entry in newsml_g2.iter_message(data):
            if entry.decoded is None:
                assert [i.code for i in entry.issues] == ["NI507"], entry.issues
                out.append(None)
            else:
                out.append(entry.decoded.item)
        return out
    try:
        return [FORMS[form].codec.load(data).item]
    except InvalidNewsItem as exc:
        assert [i.code for i in exc.issues] == ["NI507"], exc.issues
        return [None]


def _source_text(path: Path) -> str:
    """All the text a document holds, markup removed and whitespace dropped: every body
    paragraph newsitem reads must be a piece of it (nothing made up, nothing reordered). The
    same oracle as ``tools/iptc_faithful.py``, written apart from the importers."""
    return iptc_faithful.all_text(path.read_bytes(), path.suffix == ".json")


def test_every_file_is_listed_with_its_source() -> None:
    """Each document of the set has a case here and a row in SOURCES.md."""
    files = sorted(p.name for p in WILD.iterdir() if p.name != "SOURCES.md")
    assert files == sorted(CASES)
    sources = (WILD / "SOURCES.md").read_text("utf-8")
    for name in files:
        assert f"`{name}`" in sources, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_document_is_sniffed_and_imported(name: str) -> None:
    """The form is told from the content, and every item imports with its headline, body,
    dates, subjects, byline and embargo (or is refused with NI507 when it has no text)."""
    form, expected = CASES[name]
    data = (WILD / name).read_bytes()
    assert sniff(data) == form
    items = _import(data, form)
    assert len(items) == len(expected)
    source = _source_text(WILD / name)
    for item, want in zip(items, expected, strict=True):
        if want is None:
            assert item is None
            continue
        assert item is not None
        assert item.headline == want.headline
        if want.first is not None:
            assert item.body[0].startswith(want.first)
        assert len(item.body) == want.paragraphs
        assert (item.published, item.updated) == (want.published, want.updated)
        assert item.topics == want.topics
        assert tuple(f"{s.scheme}:{s.code}" for s in item.subjects) == want.subjects
        assert (item.bylines[0].name if item.bylines else None) == want.byline
        assert item.embargoed == want.embargo
        assert tuple(f"{m.kind} {m.mime_type}" for m in item.media) == want.media
        caption = item.media[0].caption if item.media else None
        assert (caption or "").startswith(want.caption or "")
        assert (caption is None) == (want.caption is None)
        assert tuple(r.id for r in item.related) == want.related
        texts = [item.headline, *item.body, *(m.caption for m in item.media)]
        texts += [r.title for r in item.related]
        for paragraph in texts:
            if paragraph is not None:
                assert iptc_faithful.squeeze(paragraph) in source, paragraph[:80]


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_document_survives_export_and_import_in_every_form(name: str) -> None:
    """import -> export -> import gives the item the mapping table declares, in every form."""
    form, _ = CASES[name]
    for item in _import((WILD / name).read_bytes(), form):
        if item is None:
            continue
        for target in IPTC_FORMS:
            back = FORMS[target].codec.load(FORMS[target].codec.dumps(item)).item
            assert back == mapping.expected_roundtrip(item, target), (name, target)


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_document_reexports_validate(name: str, anchors_dir: Path) -> None:
    """Every re-export is valid against IPTC's own schema of its form."""
    form, _ = CASES[name]
    for item in _import((WILD / name).read_bytes(), form):
        if item is None:
            continue
        for target in IPTC_FORMS:
            found = FORMS[target].codec.issues(
                FORMS[target].codec.dumps(item), ReadOptions(iptc_schemas=anchors_dir)
            )
            assert [str(i) for i in found if i.severity == "error"] == [], (name, target)


def test_message_reexport_is_one_valid_news_message(anchors_dir: Path) -> None:
    """The items of real newsMessages written back as one newsMessage validate against
    NewsML-G2 and read back item by item, exactly."""
    items = [
        item
        for name in ("dpa-embargoed-message.xml", "dpa-table-message.xml")
        for item in _import((WILD / name).read_bytes(), "newsml-g2-message")
        if item is not None
    ]
    data = newsml_g2.dumps_message(items, sent="2025-01-23T19:00:00Z")
    assert sniff(data) == "newsml-g2-message"
    entries = list(newsml_g2.iter_message(data, schema_dir=anchors_dir))
    back = [e.decoded.item for e in entries if e.decoded is not None]
    assert back == items  # the header newsitem wrote (sent, origin) is bookkeeping
    assert all(
        w.code != "NI508" for e in entries if e.decoded is not None for w in e.decoded.warnings
    )
