"""Every form of the registry, held to exactly the losses its codec declares, on items full of
awkward characters (every kind of line break, NBSP, joiners): a valid item comes back equal
but for ``LOSSY_FIELDS``; an invalid one is refused before anything is written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import newsitem
from newsitem.forms import FORMS
from newsitem.model import NewsItem, to_dict
from tests.strategies import edgy_items

SINGLE_FORMS = [name for name, form in FORMS.items() if form.feed is None]


def _changed(before: NewsItem, after: NewsItem) -> set[str]:
    a, b = to_dict(before), to_dict(after)
    return {key for key in a.keys() | b.keys() if a.get(key) != b.get(key)}


@pytest.mark.parametrize("form", SINGLE_FORMS)
@settings(max_examples=60)
@given(item=edgy_items())
def test_valid_items_round_trip_and_invalid_ones_are_refused(form: str, item: NewsItem) -> None:
    """Round trip through a form loses only its declared fields; invalid items raise
    InvalidNewsItem with the validator's codes instead of being written."""
    errors = sorted({i.code for i in newsitem.iter_issues(item) if i.severity == "error"})
    if errors:
        with pytest.raises(newsitem.InvalidNewsItem) as refused:
            newsitem.dumps(item, form)
        assert sorted({i.code for i in refused.value.issues}) == errors
        return
    again = newsitem.loads(newsitem.dumps(item, form), form)
    assert _changed(item, again) <= FORMS[form].codec.LOSSY_FIELDS, form


@given(item=edgy_items())
def test_crlf_and_separators_are_never_valid(item: NewsItem) -> None:
    """No valid item holds CR, NEL, U+2028 or U+2029 anywhere (SPEC 6.7)."""
    if any(c in str(to_dict(item)) for c in "\r\x85\u2028\u2029"):
        codes = {i.code for i in newsitem.iter_issues(item)}
        assert codes & {"NI213", "NI208"}
