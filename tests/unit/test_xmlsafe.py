"""The hardened XML parser: hostile documents are refused with a code, and nothing leaks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsitem import _xmlsafe
from newsitem.codecs import xml_codec as xml
from newsitem.errors import ParseError
from newsitem.issues import Issue

NS = "urn:newsitem:xml:1"
SECRET = "TOP-SECRET-7f3a9c"  # noqa: S105 (a marker to look for in output, not a password)


def _item_with(prolog: str, headline: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n{prolog}\n<ni:newsItem xmlns:ni="{NS}" version="1.0">'
        f"<ni:headline>{headline}</ni:headline><ni:body><ni:p>P</ni:p></ni:body></ni:newsItem>"
    ).encode()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def _everything_said(found: list[Issue]) -> str:
    return " ".join(f"{i.code} {i.message} {i.path}" for i in found)


def _all_outcomes(data: bytes) -> list[Issue]:
    """The issues from every XML entry point: issues(), loads(), and iter_feed()."""
    found = list(xml.issues(data))
    with pytest.raises(ParseError) as caught:
        xml.loads(data)
    found.append(caught.value.issue)
    for entry in xml.iter_feed(io.BytesIO(data)):
        assert entry.item is None
        found.extend(entry.issues)
    return found


def test_external_entity_is_refused_and_nothing_leaks(secret_file: Path) -> None:
    """An external entity reading a local file gives NI106; the file's content appears in no
    issue of any entry point."""
    data = _item_with(
        f'<!DOCTYPE ni:newsItem [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>', "&xxe;"
    )
    found = _all_outcomes(data)
    assert {i.code for i in found} == {"NI106"}
    assert SECRET not in _everything_said(found)


def test_external_dtd_is_never_loaded(secret_file: Path) -> None:
    """A bare DOCTYPE naming a local file is ignored: the file is not read, nothing leaks."""
    data = _item_with(f'<!DOCTYPE ni:newsItem SYSTEM "{secret_file.as_uri()}">', "Headline")
    assert xml.issues(data) == []
    assert SECRET.encode() not in xml.dumps(xml.loads(data))


def test_billion_laughs_is_refused() -> None:
    """Nested entity expansion never runs: NI106."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    data = _item_with(f"<!DOCTYPE ni:newsItem [{entities}]>", "&lol9;")
    assert {i.code for i in _all_outcomes(data)} == {"NI106"}


def test_internal_dtd_subset_is_refused() -> None:
    """Any internal DTD subset, even without entities, gives NI106 at its line."""
    data = _item_with("<!DOCTYPE ni:newsItem [<!ELEMENT ni:newsItem ANY>]>", "H")
    found = xml.issues(data)
    assert [(i.code, i.line) for i in found] == [("NI106", 2)]


def test_xinclude_is_refused() -> None:
    """An XInclude element gives NI106 and is never processed."""
    data = _item_with("", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="x"/>')
    assert [i.code for i in xml.issues(data)] == ["NI106"]
    feed = data.replace(
        b"<ni:newsItem", b'<ni:newsFeed xmlns:ni="urn:newsitem:xml:1" version="1.0"><ni:newsItem'
    ).replace(b"</ni:newsItem>", b"</ni:newsItem></ni:newsFeed>")
    entries = list(xml.iter_feed(feed))
    assert [i.code for e in entries for i in e.issues] == ["NI106"]


def test_size_and_depth_limits() -> None:
    """Documents over the size limit or nested too deep give NI108."""
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(_item_with("", "H"), max_bytes=10)
    assert caught.value.issue.code == "NI108"
    deep = b"<a>" * 300 + b"</a>" * 300
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(deep)
    assert caught.value.issue.code == "NI108"
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(b"<a><b><c/></b></a>", max_depth=2)
    assert caught.value.issue.code == "NI108"
    events = _xmlsafe.iterparse(deep)
    with pytest.raises(ParseError) as caught:
        list(events)
    assert caught.value.issue.code == "NI108"


def test_streaming_catches_a_declaration_split_across_chunks() -> None:
    """An entity declaration cut in two by the chunking is still refused, at its line."""
    data = b'<?xml version="1.0"?>\n\n<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'
    for size in (1, 3, 7, 16, 64):
        with pytest.raises(ParseError) as caught:
            list(_xmlsafe.iterparse(data, chunk_size=size))
        assert (caught.value.issue.code, caught.value.issue.line) == ("NI106", 3)


def test_utf16_entity_declarations_are_refused() -> None:
    """Entity declarations in UTF-16 (invisible to the byte scan) are refused too."""
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'
    raw = data.encode("utf-16")
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(raw)
    assert caught.value.issue.code == "NI106"
    with pytest.raises(ParseError) as caught:
        list(_xmlsafe.iterparse(raw))
    assert caught.value.issue.code == "NI106"


def test_not_well_formed_and_encoding_errors() -> None:
    """Syntax errors give NI100 with the line; bad bytes for the encoding give NI111."""
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(b"<a>\n<b></a>")
    assert (caught.value.issue.code, caught.value.issue.line) == ("NI100", 2)
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(b'<?xml version="1.0" encoding="UTF-8"?><a>\xff\xfe</a>')
    assert caught.value.issue.code == "NI111"
    with pytest.raises(ParseError) as caught:
        _xmlsafe.parse(b"  ")
    assert caught.value.issue.code == "NI100"


def test_schema_files_import_only_local_files(tmp_path: Path) -> None:
    """load_schema serves an XSD's includes from its own directory and nothing else."""
    xs = "http://www.w3.org/2001/XMLSchema"
    (tmp_path / "part.xsd").write_text(
        f'<xs:schema xmlns:xs="{xs}"><xs:simpleType name="t">'
        '<xs:restriction base="xs:string"/></xs:simpleType></xs:schema>'
    )
    main = tmp_path / "main.xsd"
    main.write_text(
        f'<xs:schema xmlns:xs="{xs}"><xs:include schemaLocation="part.xsd"/>'
        '<xs:element name="e" type="t"/></xs:schema>'
    )
    schema = _xmlsafe.load_schema(main)
    assert schema.validate(_xmlsafe.parse(b"<e>x</e>"))
    hostile = tmp_path / "hostile.xsd"
    hostile.write_text(f'<!DOCTYPE x [<!ENTITY e "e">]><xs:schema xmlns:xs="{xs}"/>')
    with pytest.raises(ParseError) as caught:
        _xmlsafe.load_schema(hostile)
    assert caught.value.issue.code == "NI106"


def test_size_limit_is_scoped_to_a_block() -> None:
    """max_bytes_limit changes parse's default limit inside its block only (--max-item-bytes)."""
    from newsitem import _xmlsafe
    from newsitem.errors import ParseError

    doc = b"<a>" + b"x" * 2000 + b"</a>"
    with _xmlsafe.max_bytes_limit(1000):
        with pytest.raises(ParseError) as info:
            _xmlsafe.parse(doc)
        assert info.value.issue.code == "NI108"
        with _xmlsafe.max_bytes_limit(10_000):
            assert _xmlsafe.parse(doc).getroot().tag == "a"
        with pytest.raises(ParseError):
            _xmlsafe.parse(doc)
    assert _xmlsafe.parse(doc).getroot().tag == "a"  # nothing stays changed
