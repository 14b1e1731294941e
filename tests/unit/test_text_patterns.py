"""The shapes of agency copy (newsitem.text.patterns) on invented lines."""

from __future__ import annotations

import pytest

from newsitem.text import patterns


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("OSTERBY, March 11 (Nordwire) - The lock reopened on Monday.", "Nordwire"),
        ("VALCOURT, 12 mars (Agence Lumière) – Le musée a rouvert mardi.", "Agence Lumière"),
        ("Tolsby (EFE).- La panadería ganó el premio nacional.", "EFE"),
        ("KARVIK, June 3. /Nordpress/. The mayor signed the order.", "Nordpress"),
        ("LAKEFORD, Minn., May 6 /Releasewire/ -- Northwind said today it would", "Releasewire"),
        ("(Associated Press) Police have named the driver of the van.", "Associated Press"),
        ("MILANO, 4 GIU (Aurora) - Il ponte è aperto.", "Aurora"),
    ],
)
def test_dateline_credit(line: str, credit: str) -> None:
    """A dateline that opens a paragraph gives its credit."""
    found = patterns.dateline(line)
    assert found is not None
    assert found.credit == credit


@pytest.mark.parametrize(
    "line",
    [
        "Reuters World News service (the TV wire) is extensive raw footage.",
        "The mayor (Green Party) said the budget was safe.",
        "Aula, è durato circa due ore. (Aurora).",
        "She wrote (I hope) that the plan would work - and it did.",
        "AP Washington Bureau Chief Jane Roe. (AP Photo)",
    ],
)
def test_not_a_dateline(line: str) -> None:
    """Brackets in running text and photo credits are not datelines."""
    found = patterns.dateline(line)
    assert found is None or found.credit is None


def test_bare_dateline_has_no_credit() -> None:
    """A capitalised place and a dash open an item but name no provider."""
    found = patterns.dateline("VELDHOF - The paper mill will close in the autumn.")
    assert found is not None
    assert found.credit is None
    assert found.text == "VELDHOF"


def test_dateline_only_line() -> None:
    """A line holding only a dateline (``Hamburg (ots)``) is recognised as such."""
    assert patterns.dateline_only("Karvik (nordpress)") is not None
    assert patterns.dateline_only("LAKEFORD, Minn.--(Releasewire)--") is not None
    assert patterns.dateline_only("Karvik (nordpress) said the ferry was late.") is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("16 Sep 2015", "16 Sep 2015"),
        ("Thursday, June 10, 2021", "Thursday, June 10, 2021"),
        ("[October 17, 2024]", "October 17, 2024"),
        ("03 June 2020, 12:00 am 1 minute", "03 June 2020, 12:00 am"),
        ("June 6, 2017 / 1:51 PM / 6 months ago", "June 6, 2017 / 1:51 PM"),
        ("quarta-feira, 17 de setembro de 2025", "quarta-feira, 17 de setembro de 2025"),
        ("May 29, 2024 8:00am EDT", "May 29, 2024 8:00am EDT"),
    ],
)
def test_date_line(line: str, date: str) -> None:
    """A line of only a date (weekday, time, zone) gives the date without reading-time tails."""
    assert patterns.date_line(line) == date


@pytest.mark.parametrize(
    "line", ["The vote is on June 10, 2021.", "1850: In April the service began.", "May Day"]
)
def test_not_a_date_line(line: str) -> None:
    """Sentences that mention a date are not date lines."""
    assert patterns.date_line(line) is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Mara Lindqvist", "Mara Lindqvist"),
        ("By JANE ROE, JOHN DOE and ALEX POE", "JANE ROE, JOHN DOE and ALEX POE"),
        (", by Lena Holm", "Lena Holm"),
        ("Par Claire Dubois", "Claire Dubois"),
    ],
)
def test_byline(line: str, name: str) -> None:
    """Bylines in several languages give the names."""
    assert patterns.byline(line) == name


@pytest.mark.parametrize(
    "line",
    ["By the end of the year the bridge will be finished.", "Por seu lado, o rei elogiou."],
)
def test_not_a_byline(line: str) -> None:
    """Sentences that start with By/Por are not bylines."""
    assert patterns.byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "A keeper waves a barge through the gate, March 11, 2024. NORDWIRE/Karin Holm",
        "Delegates at the reception (Photo: Nordpress)",
        "FILE PHOTO: A ferry leaves the harbour at dawn.",
        "The mayor at the opening. (NP Photo/Lena Holm)",
    ],
)
def test_photo_credit(line: str) -> None:
    """Captions carry a photo credit."""
    assert patterns.photo_credit(line) is not None


def test_feed_footer_and_teaser() -> None:
    """Blog-feed footers name the publisher; teasers end in an ellipsis and a read-more link."""
    assert patterns.feed_footer("The post Bakery wins prize appeared first on Tolsby Weekly.") == (
        "Tolsby Weekly"
    )
    assert patterns.feed_footer("La entrada Gana el premio se publicó primero en Diario Sur.") == (
        "Diario Sur"
    )
    assert patterns.teaser("The bakery in Tolsby won the national prize for … Read more")
    assert not patterns.teaser("The bakery won the prize. Read more about bread here.")


def test_furniture_lines() -> None:
    """Breadcrumbs, reading-time fragments, logos, sections and contacts are recognised."""
    assert patterns.breadcrumb("Home » Media Center » The first year")
    assert not patterns.breadcrumb("Trade rose 4% > forecast / analysts said")
    assert patterns.reading_fragment("< a min read")
    assert patterns.reading_fragment("3 min read")
    assert patterns.logo("Nordwire logo") == "Nordwire"
    assert patterns.section("Posted in Announcements") == "Announcements"
    assert patterns.section("Tag Archives: FERRY") == "FERRY"
    assert patterns.contact("For story queries, please contact")
    assert patterns.about_heading("About Northwind Analytics")
    assert not patterns.about_heading("About 40 passengers were on board.")
    assert patterns.reporting_credit("Reporting by Mara Lindqvist; Editing by Tomas Berg")
    assert patterns.reporting_credit("(Reporting by Jane Roe in Karvik)")


def test_copyright_holder() -> None:
    """A copyright line names its holder; reserved-rights wording names nobody."""
    assert patterns.copyright_holder("Copyright 2024 Northwind Wire. All rights reserved.") == (
        "Northwind Wire"
    )
    assert patterns.copyright_holder("© Nordpress - Riproduzione riservata") == "Nordpress"
    assert patterns.copyright_holder("© Riproduzione Riservata") is None


def test_sign_off() -> None:
    """An agency tag after the last sentence is a sign-off; a capitalised word is not."""
    match = patterns.sign_off("The ferry left on time. EFE")
    assert match is not None
    assert match.group("tag") == "EFE"
    match = patterns.sign_off("Lo scrive il presidente. (Rin)")
    assert match is not None
    assert match.group("tag") == "(Rin)"
    assert patterns.sign_off("The ferry left on time. Later") is None
    assert patterns.agency_in("AFP Top News") == "AFP"
