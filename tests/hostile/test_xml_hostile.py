"""Hostile XML: entities, external resources, XInclude, depth, size, namespaces, encodings."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from newsitem.codecs import xml_codec
from tests.hostile.conftest import (
    FEED_CLOSE,
    FEED_OPEN,
    SECRET,
    XML_CLOSE,
    XML_FIELDS,
    XML_OPEN,
    MiB,
    assert_clean,
    invoke,
    run,
    tree,
    write_big,
    xml_item,
)


def _with_headline(text: bytes) -> bytes:
    return b"<ni:headline>" + text + b"</ni:headline><ni:body><ni:p>Text.</ni:p></ni:body>"


def _laughs() -> bytes:
    decls = [b'<!ENTITY lol0 "lol">']
    decls += [b"<!ENTITY lol%d '%s'>" % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    return b"<!DOCTYPE lolz [" + b"".join(decls) + b"]>"


def _xxe(secret: Path) -> bytes:
    return b'<!DOCTYPE x [<!ENTITY e SYSTEM "%s">]>' % secret.as_uri().encode()


# name -> (builder of the document from the secret file's path, expected code)
CASES: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "xxe-local-file": (lambda s: xml_item(_with_headline(b"&e;"), before=_xxe(s)), "NI106"),
    "xxe-utf16": (
        lambda s: xml_item(_with_headline(b"&e;"), before=_xxe(s)).decode().encode("utf-16"),
        "NI106",
    ),
    "xxe-utf32": (
        lambda s: (
            '<?xml version="1.0" encoding="UTF-32"?>'
            + xml_item(_with_headline(b"&e;"), before=_xxe(s)).decode()
        ).encode("utf-32"),
        "NI106",
    ),
    "billion-laughs": (lambda s: xml_item(_with_headline(b"&lol9;"), before=_laughs()), "NI106"),
    "quadratic-blowup": (
        lambda s: xml_item(
            _with_headline(b"&a;" * 50_000),
            before=b'<!DOCTYPE x [<!ENTITY a "' + b"x" * 50_000 + b'">]>',
        ),
        "NI106",
    ),
    "parameter-entities": (
        lambda s: xml_item(
            before=b'<!DOCTYPE x [<!ENTITY %% p SYSTEM "%s"> %%p;]>' % s.as_uri().encode()
        ),
        "NI106",
    ),
    "xinclude": (
        lambda s: xml_item(
            b"<ni:headline>H</ni:headline><ni:body><ni:p>"
            b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s" parse="text"/>'
            b"</ni:p></ni:body>" % s.as_uri().encode()
        ),
        "NI106",
    ),
    "deep-nesting-100000": (
        lambda s: XML_OPEN + b"<a>" * 100_000 + b"</a>" * 100_000 + XML_CLOSE,
        "NI108",
    ),
    "wrong-namespace": (
        lambda s: xml_item().replace(b"urn:newsitem:xml:1", b"urn:example:other"),
        "NI109",
    ),
    "no-namespace": (
        lambda s: (
            b'<newsItem version="1.0"><headline>H</headline><body><p>T.</p></body></newsItem>'
        ),
        "NI109",
    ),
    "declared-utf8-bytes-latin1": (
        lambda s: (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            + xml_item(_with_headline("Café".encode("latin-1")))
        ),
        "NI111",
    ),
    "utf8-then-invalid-bytes": (
        lambda s: xml_item(_with_headline("Café ".encode() + b"\xff\xfe\xfd")),
        "NI111",
    ),
    "declared-ebcdic": (
        lambda s: (
            '<?xml version="1.0" encoding="cp037"?>' + xml_item(_with_headline(b"&e;")).decode()
        ).encode("cp037"),
        "NI111",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_refuses(name: str, tmp_path: Path, secret_file: Path) -> None:
    """Each hostile XML document is refused with its code, exit 1, and nothing leaks."""
    build, code = CASES[name]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(build(secret_file))
    result = invoke(["validate", str(path)])
    assert result.status == 1, result.both
    assert code in result.codes(), result.both
    assert_clean(result)


@pytest.mark.parametrize("name", sorted(CASES))
def test_convert_writes_nothing(name: str, tmp_path: Path, secret_file: Path) -> None:
    """Converting a hostile XML document fails with its code, exit 1, and writes no file."""
    build, code = CASES[name]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(build(secret_file))
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(["convert", str(path), "--to", "json", "-o", str(out / "item.json"), "-j", "1"])
    assert result.status == 1, result.both
    assert code in result.codes(), result.both
    assert_clean(result)
    assert tree(out) == []


@pytest.mark.parametrize("name", ["xxe-local-file", "billion-laughs", "xinclude", "deep"])
def test_hostile_feed(name: str, tmp_path: Path, secret_file: Path) -> None:
    """The same attacks inside an XML feed: the feed is refused (NI106/NI108), exit 1 for both
    validate and convert, and nothing is written."""
    item = xml_item().replace(XML_OPEN, b'<ni:newsItem version="1.0">')
    prolog = b""
    if name == "xxe-local-file":
        prolog, item = _xxe(secret_file), item.replace(b"Harbour reopens", b"&e;")
    elif name == "billion-laughs":
        prolog, item = _laughs(), item.replace(b"Harbour reopens", b"&lol9;")
    elif name == "xinclude":
        include = b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s"/>'
        item = item.replace(b"Text.", include % secret_file.as_uri().encode())
    else:
        item = b"<a>" * 100_000 + b"</a>" * 100_000
    path = tmp_path / "feed.xml"
    path.write_bytes(prolog + FEED_OPEN + item + FEED_CLOSE)
    expected = "NI108" if name == "deep" else "NI106"
    checked = invoke(["validate", str(path)])
    assert checked.status == 1, checked.both
    assert expected in checked.codes()
    assert_clean(checked)
    out = tmp_path / "out"
    out.mkdir()
    converted = invoke(["convert", str(path), "--to", "jsonl", "-o", str(out / "f.jsonl")])
    assert converted.status == 1, converted.both
    assert expected in converted.codes()
    assert_clean(converted)
    assert tree(out) == []


def test_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    """A bare external DTD (``<!DOCTYPE x SYSTEM "...">``, as in old NITF archives) is ignored
    and never opened: pointing it at a FIFO, which would block any reader forever, still
    finishes at once, and the item is valid (exit 0)."""
    fifo = tmp_path / "never-read.dtd"
    os.mkfifo(fifo)
    path = tmp_path / "item.xml"
    path.write_bytes(xml_item(before=b'<!DOCTYPE x SYSTEM "%s">' % fifo.as_uri().encode()))
    result = run(["validate", str(path)], timeout=15)
    assert result.status == 0, result.both
    assert_clean(result)


def _external_dtd_entity(tmp_path: Path, secret: Path) -> bytes:
    dtd = tmp_path / "entities.dtd"
    dtd.write_text(f'<!ENTITY e SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    return xml_item(
        _with_headline(b"&e;"), before=b'<!DOCTYPE x SYSTEM "%s">' % dtd.as_uri().encode()
    )


def test_external_dtd_entity_is_not_expanded_by_the_cli(tmp_path: Path, secret_file: Path) -> None:
    """An entity declared only in an external DTD is never expanded: validate and convert
    (in worker processes) report the item (exit 1) without a traceback or the secret."""
    path = tmp_path / "item.xml"
    path.write_bytes(_external_dtd_entity(tmp_path, secret_file))
    checked = run(["validate", str(path)])
    assert checked.status == 1, checked.both
    assert_clean(checked)
    out = tmp_path / "out"
    out.mkdir()
    converted = run(["convert", str(path), "--to", "json", "-o", str(out / "i.json"), "-j", "2"])
    assert converted.status == 1, converted.both
    assert_clean(converted)
    assert tree(out) == []
    feed = tmp_path / "feed.xml"
    body = path.read_bytes().replace(XML_OPEN, b"").replace(XML_CLOSE, b"")
    prolog, _, fields = body.partition(b">")
    feed.write_bytes(
        prolog + b">" + FEED_OPEN + b'<ni:newsItem version="1.0">' + fields + XML_CLOSE + FEED_CLOSE
    )
    in_feed = run(["validate", str(feed)])
    assert in_feed.status == 1, in_feed.both
    assert_clean(in_feed)


def test_codec_external_dtd_entity_is_an_issue(tmp_path: Path, secret_file: Path) -> None:
    """xml_codec.issues reports an entity from an external DTD as an issue, not an exception."""
    found = xml_codec.issues(_external_dtd_entity(tmp_path, secret_file))
    assert [i.code for i in found] == ["NI106"]
    assert secret_file.read_text() not in repr(found)


def test_declared_latin1_is_honoured(tmp_path: Path) -> None:
    """A declared encoding other than UTF-8 is honoured: the bytes are read as it says (a
    document that lies about its encoding cannot be told from one that does not)."""
    path = tmp_path / "latin1.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml_item(_with_headline("Café".encode()))
    )
    result = invoke(["convert", str(path), "--to", "json", "-j", "1"])
    assert result.status == 0, result.both
    assert "CafÃ©".encode() in result.out


def test_text_node_50mb(tmp_path: Path) -> None:
    """A 50 MB text node: NI108 by the item size limit, and with the limit raised NI108 from
    libxml2's 10 MB text node limit; within seconds, exit 1, nothing written."""
    path = write_big(
        tmp_path / "big.xml",
        XML_OPEN + b"<ni:headline>H</ni:headline><ni:body><ni:p>",
        b"x",
        50 * MiB,
        b"</ni:p></ni:body>" + XML_CLOSE,
    )
    for extra in ([], ["--max-item-bytes", str(64 * MiB)]):
        result = run(["validate", str(path), *extra], timeout=20)
        assert result.status == 1, result.both
        assert "NI108" in result.codes(), result.both
        assert_clean(result)
    out = tmp_path / "out"
    out.mkdir()
    converted = run(["convert", str(path), "--to", "json", "-o", str(out / "i.json")], timeout=20)
    assert converted.status == 1
    assert "NI108" in converted.codes()
    assert tree(out) == []


def test_valid_item_still_valid() -> None:
    """The fields used by the hostile variants make a valid item (so refusals are real)."""
    assert xml_codec.issues(xml_item(XML_FIELDS)) == []
    assert SECRET not in xml_item().decode()
