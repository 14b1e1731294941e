"""The real agency page in ../shared/samples reads as the issue's acceptance test says."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsitem.codecs import text_codec
from newsitem.codecs.text_codec import Decoded


@pytest.fixture(scope="module")
def sample(shared_dir: Path) -> tuple[Decoded, str]:
    """The sample page, decoded, and its text."""
    path = shared_dir / "samples" / "agency-page.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    data = path.read_bytes()
    return text_codec.decode(data), data.decode("utf-8")


def test_sample_head(sample: tuple[Decoded, str]) -> None:
    """Headline from its own line, provider from the title suffix, the service line kept."""
    item = sample[0].item
    assert item.headline == "Marks of violence still visible on Almaty streets after mass unrest"
    assert item.title == item.headline + " - Reuters News Agency"
    assert item.provider == "Reuters News Agency"
    assert item.service == "Reuters News"


def test_sample_body_is_ten_paragraphs_unchanged(sample: tuple[Decoded, str]) -> None:
    """The body is the ten paragraphs in order, each exactly a line of the page."""
    item, text = sample[0].item, sample[1]
    assert len(item.body) == 10
    assert item.body[0].startswith("Burnt-out vehicles")
    assert item.body[-1].startswith("Police said 6,044")
    page_lines = text.split("\n")
    assert all(p in page_lines for p in item.body)
    assert [page_lines.index(p) for p in item.body] == sorted(
        page_lines.index(p) for p in item.body
    )


def test_sample_rights_notice_without_dangling_link(sample: tuple[Decoded, str]) -> None:
    """The rights paragraph is the notice, minus the dangling link text, reported as NI403."""
    decoded, text = sample
    assert decoded.item.rights is not None
    notice = decoded.item.rights.notice
    assert notice.startswith("The text, photographs, video")
    assert not notice.endswith("Learn more in")
    assert notice.endswith(".")
    assert text.split("\n")[26].startswith(notice)
    dangling = [w for w in decoded.warnings if w.code == "NI403"]
    assert len(dangling) == 1
    assert dangling[0].line == 27
    assert "Learn more in" in dangling[0].message


def test_sample_metadata_split_by_vocabulary(sample: tuple[Decoded, str]) -> None:
    """Glued values are split by the vocabularies, each split reported as NI404."""
    decoded = sample[0]
    item = decoded.item
    assert item.content_types == ("Text", "Video")
    assert item.topics == ("Politics",)
    assert item.platforms == ("Reuters Platform", "World News Express")
    assert item.regions == ("Asia",)
    assert item.media_types == ("Text", "Video")
    assert item.extra == ()
    splits = [(w.line, w.path) for w in decoded.warnings if w.code == "NI404"]
    assert splits == [(29, "$.content_types"), (31, "$.platforms"), (33, "$.media_types")]
    assert not [w for w in decoded.warnings if w.code == "NI405"]


def test_sample_chrome_and_provider_reported(sample: tuple[Decoded, str]) -> None:
    """Both sign-up lines are dropped as NI402 with their lines; the provider guess is NI401."""
    warnings = sample[0].warnings
    chrome = [(w.line, w.code) for w in warnings if w.code == "NI402"]
    assert chrome == [(34, "NI402"), (35, "NI402")]
    assert all("Sign up for email updates" in w.message for w in warnings if w.code == "NI402")
    provider = [w for w in warnings if w.code == "NI401"]
    assert len(provider) == 1
    assert provider[0].line == 1
    assert provider[0].path == "$.provider"
    assert {w.code for w in warnings} == {"NI401", "NI402", "NI403", "NI404", "NI415"}


def test_sample_language_inferred(sample: tuple[Decoded, str]) -> None:
    """The page does not state its language: English is inferred and reported once (NI415)."""
    decoded = sample[0]
    assert decoded.item.language == "en"
    inferred = [w for w in decoded.warnings if w.code == "NI415"]
    assert len(inferred) == 1
    assert inferred[0].path == "$.language"
