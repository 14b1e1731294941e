"""IPTC's own examples and ninjs test suite through the importers (needs ../shared/anchors).

Every IPTC example that validates against its own schema imports without errors into a valid
item, and re-exports to a document that validates again. The ninjs test suite
(should_pass/should_fail for 2.x and 3.x) runs through the ninjs importer; the figures it
gives are pinned here and reported in the closing note of issue 8.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsitem import is_valid
from newsitem._xmlsafe import parse
from newsitem.codecs import ReadOptions
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.forms import FORMS
from newsitem.interop import IPTC_FORMS, newsml_g2, ninjs, nitf, schemas
from newsitem.interop._xml import schema_issues


def _own_schema_valid_xml(path: Path, root: Path) -> bool:
    tree = parse(path.read_bytes())
    tag = tree.getroot().tag
    if tag == f"{{{newsml_g2.NS}}}newsItem":
        return not newsml_g2.validation_issues(tree, root)
    if tag == f"{{{nitf.NS}}}nitf":
        return not list(schema_issues(schemas.nitf_schema(root), tree.getroot(), "NITF"))
    return False


def _reexport_errors(codec_form: str, data: bytes, root: Path) -> list[str]:
    found = FORMS[codec_form].codec.issues(data, ReadOptions(iptc_schemas=root))
    return [str(i) for i in found if i.severity == "error"]


def test_g2_and_nitf_examples_import_and_reexport_valid(anchors_dir: Path) -> None:
    """Every IPTC example valid against its own schema imports (or, having no content, is
    refused with NI507 alone) and re-exports valid in every form."""
    root = anchors_dir.resolve()
    paths = sorted((root / "newsml-g2" / "examples").glob("*.xml"))
    paths += sorted((root / "nitf" / "examples").glob("*.xml"))
    imported = refused = 0
    for path in paths:
        if not _own_schema_valid_xml(path, root):
            continue
        codec = newsml_g2 if b"newsItem" in path.read_bytes()[:2000] else nitf
        try:
            decoded = codec.decode(path.read_bytes(), schema_dir=root)
        except InvalidNewsItem as exc:
            assert [i.code for i in exc.issues] == ["NI507"], path.name
            refused += 1
            continue
        assert is_valid(decoded.item), path.name
        assert all(w.severity == "warning" for w in decoded.warnings), path.name
        for form in IPTC_FORMS:
            assert _reexport_errors(form, FORMS[form].codec.dumps(decoded.item), root) == [], (
                path.name,
                form,
            )
        imported += 1
    # 11 G2 examples valid against 2.35 Power + 2 NITF 3.6 examples; the photo and video
    # items import as items without text (media); 6 G2 ones are metadata skeletons (no body,
    # no rendition, no reference)
    assert (imported, refused) == (7, 6)


def test_ninjs_examples_import_and_reexport_valid(anchors_dir: Path) -> None:
    """Every ninjs example (1.x, 2.x, 3.x) valid against its schema imports (or is refused
    with NI507 alone for having no text) and re-exports valid in every form."""
    root = anchors_dir.resolve()
    count = refused = 0
    for path in sorted((root / "ninjs" / "examples").rglob("*.json")):
        data = path.read_bytes()
        try:
            doc = ninjs.parse_json(data)
        except ParseError:
            continue
        if any(i.severity == "error" for i in ninjs.schema_issues(doc, data, root)):
            continue
        try:
            decoded = ninjs.decode(data, schema_dir=root)
        except InvalidNewsItem as exc:
            assert [i.code for i in exc.issues] == ["NI507"], path.name
            refused += 1
            continue
        assert is_valid(decoded.item), path.name
        for form in IPTC_FORMS:
            assert _reexport_errors(form, FORMS[form].codec.dumps(decoded.item), root) == [], (
                path.name,
                form,
            )
        count += 1
    assert count >= 12
    assert count + refused >= 30


def test_g2_example_without_text_is_refused_not_invented(anchors_dir: Path) -> None:
    """LISTING_1 (metadata, no body) is refused with NI507 naming the item; nothing made up."""
    path = anchors_dir / "newsml-g2" / "examples" / "LISTING_1_A_NewsML-G2_News_Item.xml"
    with pytest.raises(InvalidNewsItem) as info:
        newsml_g2.decode(path.read_bytes(), schema_dir=anchors_dir)
    (issue,) = info.value.issues
    assert issue.code == "NI507" and "newsItem (ninat:text)" in issue.message
    assert issue.path == "/g2:newsItem" and issue.line


def test_g2_examples_keep_every_value(anchors_dir: Path) -> None:
    """LISTING_2 (a text item) gives every field, and the rest in extra with NI500 each."""
    path = anchors_dir / "newsml-g2" / "examples" / "LISTING_2_NewsML-G2_Text_Document.xml"
    decoded = newsml_g2.decode(path.read_bytes(), schema_dir=anchors_dir)
    item = decoded.item
    assert item.id == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert len(item.body) == 2
    assert item.body[0].startswith("(New York, NY - October 21) Et, sent luptat")
    labels = [e.label for e in item.extra]
    assert "g2:itemMeta/provider@uri" not in labels  # the provider is its uri
    assert sum(w.code == "NI500" for w in decoded.warnings) == len(item.extra)


# --- the ninjs test suite -------------------------------------------------------------------

#: (directory, should_pass|should_fail) -> (accepted by the schema, rejected), as measured in
#: strict mode. Undeclared 1.0/1.1 documents are checked against the newest 1.x schema (the
#: folder's version is not in the document), which accepts the 2+2 should_fail cases that only
#: 1.0/1.1 refuse; the 1.x_dev/2.x_dev rejections use development-only properties.
SUITE_FIGURES = {
    ("1.0", "should_fail"): (2, 15),
    ("1.0", "should_pass"): (59, 2),
    ("1.1", "should_fail"): (2, 0),
    ("1.1", "should_pass"): (5, 0),
    ("1.2", "should_fail"): (0, 6),
    ("1.2", "should_pass"): (9, 0),
    ("1.3", "should_fail"): (0, 7),
    ("1.3", "should_pass"): (8, 0),
    ("1.4", "should_fail"): (0, 6),
    ("1.4", "should_pass"): (4, 0),
    ("1.5", "should_fail"): (0, 2),
    ("1.5", "should_pass"): (3, 0),
    ("1.6", "should_fail"): (0, 1),
    ("1.6", "should_pass"): (1, 0),
    ("1.7", "should_pass"): (1, 0),
    ("1.x_dev", "should_fail"): (0, 6),
    ("1.x_dev", "should_pass"): (5, 3),
    ("2.0", "should_pass"): (9, 0),
    ("2.0", "should_fail"): (0, 3),
    ("2.1", "should_pass"): (13, 0),
    ("2.1", "should_fail"): (0, 4),
    ("2.2", "should_pass"): (1, 0),
    ("2.2", "should_fail"): (0, 1),
    ("2.3", "should_pass"): (1, 0),
    ("2.x_dev", "should_pass"): (4, 4),
    ("2.x_dev", "should_fail"): (0, 6),
    ("3.0", "should_pass"): (27, 0),
    ("3.0", "should_fail"): (0, 8),
    ("3.1", "should_pass"): (1, 0),
    ("3.1", "should_fail"): (0, 1),
}


def run_suite(root: Path) -> tuple[dict[tuple[str, str], tuple[int, int]], Counter[str]]:
    """Run every test document through ``ninjs.decode`` in strict mode; count what its schema
    accepts (imported, or refused only for having no text: NI507) and rejects, and the issue
    codes of the rejections."""
    figures: dict[tuple[str, str], tuple[int, int]] = {}
    reasons: Counter[str] = Counter()
    suite = root / "ninjs" / "test_suite"
    for folder in sorted(suite.glob("[123]*/should_*")):
        accepted = rejected = 0
        for path in sorted(folder.glob("*.json")):
            try:
                decoded = ninjs.decode(path.read_bytes(), schema_dir=root, strict=True)
            except InvalidNewsItem as exc:
                if exc.issues[0].code == "NI507":
                    accepted += 1
                    continue
                rejected += 1
                reasons[exc.issues[0].code] += 1
                continue
            except ParseError as exc:
                rejected += 1
                reasons[exc.issue.code] += 1
                continue
            assert is_valid(decoded.item), path
            accepted += 1
        figures[(folder.parent.name, folder.name)] = (accepted, rejected)
    return figures, reasons


def test_ninjs_test_suite_figures(anchors_dir: Path) -> None:
    """The ninjs test suite (1.x, 2.x, 3.x) gives the pinned figures, each document checked
    against the version it declares or its properties belong to."""
    figures, reasons = run_suite(anchors_dir.resolve())
    assert figures == SUITE_FIGURES
    assert reasons == Counter({"NI102": 33, "NI103": 19, "NI209": 13, "NI101": 5, "NI100": 5})


def test_ninjs_suite_imports_without_blocking(anchors_dir: Path) -> None:
    """Without strict mode no should_pass document with text is refused: a schema finding is
    an NI508 warning naming the ninjs version."""
    root = anchors_dir.resolve()
    for path in sorted((root / "ninjs" / "test_suite").glob("[123]*/should_pass/*.json")):
        try:
            decoded = ninjs.decode(path.read_bytes(), schema_dir=root)
        except InvalidNewsItem as exc:
            assert [i.code for i in exc.issues] == ["NI507"], path
            continue
        except ParseError:
            continue  # not JSON at all (the suite's own syntax cases)
        for warning in decoded.warnings:
            if warning.code == "NI508":
                assert warning.message.startswith("ninjs "), warning


@pytest.mark.parametrize("version", ["2.3", "3.2"])
def test_ninjs_schemas_compile_once(anchors_dir: Path, version: str) -> None:
    """Each ninjs schema is compiled once per process and then reused."""
    root = anchors_dir.resolve()
    assert schemas.ninjs_validator(root, version) is schemas.ninjs_validator(root, version)
