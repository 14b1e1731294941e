"""examples/interop: our own items in every IPTC form convert to each other as the mapping says."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsitem.codecs import ReadOptions, json_codec
from newsitem.forms import FORMS
from newsitem.interop import IPTC_FORMS, mapping, sniff
from tests.conftest import EXAMPLES

FOLDER = EXAMPLES / "interop"
SUFFIX = {
    "ninjs1": ".ninjs17.json",
    "ninjs": ".ninjs23.json",
    "ninjs3": ".ninjs32.json",
    "newsml-g2": ".newsml-g2.xml",
    "nitf": ".nitf.xml",
}
NAMES = sorted(p.stem for p in FOLDER.glob("*.json") if p.name.count(".") == 1)


def _file(name: str, form: str) -> Path:
    return FOLDER / (name + SUFFIX[form])


def test_there_are_examples() -> None:
    """The interop examples folder holds items in every IPTC form."""
    assert len(NAMES) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_each_form_is_what_the_exporter_writes_and_reads_back(name: str) -> None:
    """Each example file is exactly what the exporter writes and reads back as expected."""
    item = json_codec.loads((FOLDER / f"{name}.json").read_bytes())
    for form in IPTC_FORMS:
        data = _file(name, form).read_bytes()
        assert FORMS[form].codec.dumps(item) == data, f"regenerate {_file(name, form).name}"
        assert sniff(data) == form
        assert FORMS[form].codec.load(data).item == mapping.expected_roundtrip(item, form)


@pytest.mark.parametrize("name", NAMES)
def test_every_form_converts_to_every_other(name: str) -> None:
    """Every IPTC example converts to every other IPTC form exactly as the exporter writes."""
    for source in IPTC_FORMS:
        item = FORMS[source].codec.load(_file(name, source).read_bytes()).item
        for target in IPTC_FORMS:
            assert FORMS[target].codec.dumps(item) == _file(name, target).read_bytes(), (
                source,
                target,
            )


@pytest.mark.parametrize("name", NAMES)
def test_examples_validate_against_the_iptc_schemas(name: str, anchors_dir: Path) -> None:
    """Every IPTC example validates against IPTC's own schema with no issue."""
    for form in IPTC_FORMS:
        found = FORMS[form].codec.issues(
            _file(name, form).read_bytes(), ReadOptions(iptc_schemas=anchors_dir)
        )
        assert found == [], (form, [str(i) for i in found])
