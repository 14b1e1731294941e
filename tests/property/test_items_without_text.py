"""Format 1.1 items without text (pictures, videos, packages) in every form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from lxml import etree

from newsitem.codecs import json_codec, text_codec, xml_codec
from newsitem.errors import ConversionError
from newsitem.forms import FORMS
from newsitem.interop import mapping
from newsitem.model import NewsItem
from newsitem.validate import iter_issues
from newsitem.xsd import compiled_xsd
from tests.strategies import items_without_text


@settings(deadline=None, max_examples=40)
@given(items_without_text())
def test_json_and_xml_round_trip(item: NewsItem) -> None:
    """An item without a body is valid 1.1, comes back from JSON and XML, and its XML is valid
    against the 1.1 XSD."""
    assert [i.code for i in iter_issues(item) if i.severity == "error"] == []
    assert json_codec.loads(json_codec.dumps(item)) == item
    data = xml_codec.dumps(item)
    assert xml_codec.loads(data) == item
    assert compiled_xsd("1.1").validate(etree.fromstring(data))


@settings(deadline=None, max_examples=10)
@given(items_without_text())
def test_text_form_refuses_an_item_without_text(item: NewsItem) -> None:
    """The text form has no place for an item without text: ConversionError, nothing invented."""
    with pytest.raises(ConversionError, match="cannot be written as text"):
        text_codec.dumps(item)


@pytest.mark.parametrize("form", mapping.FORM_NAMES)
@settings(deadline=None, max_examples=15)
@given(item=items_without_text(iptc=True))
def test_iptc_forms_carry_an_item_without_text(form: str, item: NewsItem) -> None:
    """An item without a body goes out to every IPTC form and comes back as the mapping table
    declares, with no headline or body made up."""
    codec = FORMS[form].codec
    again = codec.load(codec.dumps(item)).item
    assert again == mapping.expected_roundtrip(item, form)
    assert again.body == ()
