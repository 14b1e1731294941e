"""The interop mapping table: complete, consistent with the codecs, and in step with the docs."""

from __future__ import annotations

import dataclasses

from newsitem.forms import FORMS
from newsitem.interop import IPTC_FORMS, mapping
from newsitem.issues import CODES
from newsitem.model import ITEM_FIELDS, NewsItem, Rights
from tests.conftest import ROOT

MODEL_FIELDS = ({f.name for f in dataclasses.fields(NewsItem)} - {"rights"}) | {
    f"rights.{f.name}" for f in dataclasses.fields(Rights)
}
#: The fields of format 1.0, which every form maps (the 1.1 rows follow the 1.1 model).
FIELDS_1_0 = (
    {"version"}
    | {f.name for f in ITEM_FIELDS if f.since == "1.0" and f.name != "rights"}
    | {f"rights.{f.name}" for f in Rights.FIELDS if f.since == "1.0"}
)


def test_every_field_of_the_model_is_mapped_in_every_form() -> None:
    """Every 1.0 field has a row for every IPTC form, and no row names an unknown field."""
    assert FIELDS_1_0 <= set(mapping.fields()) <= MODEL_FIELDS
    for form in IPTC_FORMS:
        for name in mapping.fields():
            cell = mapping.entry(form, name)
            assert cell["target"], (form, name)
            assert cell["export"] in {"exact", "constant", "tab-to-space", "lost"}, (form, name)


def test_codecs_declare_the_losses_the_table_declares() -> None:
    """Each codec's LOSSY_FIELDS equals the losses the mapping table declares."""
    for form in IPTC_FORMS:
        assert mapping.lossy_fields(form) == FORMS[form].codec.LOSSY_FIELDS, form


def test_spec_part_is_generated_from_the_table() -> None:
    """SPEC.md's Interoperability section is exactly what the mapping table generates."""
    text = (ROOT / "SPEC.md").read_text("utf-8")
    assert mapping.to_markdown().rstrip() in text, "run: python -m newsitem.interop.mapping"


def test_import_codes_are_registered_with_their_severities() -> None:
    """NI500-NI508 are registered; only NI507 (nothing to import without inventing) is an
    error."""
    codes = [c for c in CODES if c.startswith("NI5")]
    assert codes == [f"NI50{i}" for i in range(9)]
    assert [c for c in codes if CODES[c].severity == "error"] == ["NI507"]


def test_expected_roundtrip_applies_exactly_the_declared_transforms() -> None:
    """expected_roundtrip applies exactly the transforms the mapping table declares."""
    item = NewsItem(
        headline="Tabs\tstay here",
        body=("a\tb",),
        provider="Wire\tOne",
        topics=("a\tb", "a b", "c"),
        rights=Rights(notice="n\tn", holder="H\tolder"),
    )
    g2 = mapping.expected_roundtrip(item, "newsml-g2")
    assert g2.provider == "Wire One"
    assert g2.topics == ("a b", "c")
    assert g2.rights == Rights(notice="n\tn", holder="H older")
    assert g2.headline == item.headline and g2.body == item.body
    for form in ("ninjs1", "ninjs", "ninjs3", "nitf"):
        assert mapping.expected_roundtrip(item, form) == item
