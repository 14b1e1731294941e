"""Fuzzing every reader: bytes in, and only the codec's own errors out.

``decode`` and ``loads`` may raise ``ParseError`` or ``InvalidNewsItem`` and nothing else;
``issues`` never raises. Inputs are random bytes and mutations of valid documents of each form.
The budget is modest in ``make test``; ``make fuzz`` sets ``NEWSITEM_FUZZ_EXAMPLES`` for a long
run (``pytest tests/hostile -k fuzz``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsitem.codecs import ReadOptions
from newsitem.errors import InvalidNewsItem, ParseError
from newsitem.forms import FORMS, IPTC_FORMS
from tests.conftest import EXAMPLES
from tests.hostile.conftest import FEED_CLOSE, FEED_OPEN, XML_CLOSE, XML_OPEN

EXAMPLES_BUDGET = int(os.environ.get("NEWSITEM_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES_BUDGET,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=EXAMPLES_BUDGET <= 150,  # reproducible in CI; random in long runs
)

_JSON = (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes()
_XML = (EXAMPLES / "articles" / "chess-prodigy.xml").read_bytes()
_TEXT = b"Harbour bridge reopens\n\nThe bridge reopened to cars on Monday.\n\nTopics: Transport\n"

#: Fragments that stress each grammar when spliced into a document.
_XML_BITS = [
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#x1F600;",
    b"&#xD800;",
    b"]]>",
    b"<![CDATA[x]]>",
    b"<!-- c -->",
    b"<?pi x?>",
    b"<!DOCTYPE x>",
    b'<!DOCTYPE x [<!ENTITY e "v">]>',
    b"<!ENTITY e SYSTEM 'file:///etc/passwd'>",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
    b"<ni:p>",
    b"</ni:p>",
    b"<ni:headline/>",
    b'xml:lang="x"',
    b'version="9"',
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xfe\xff",
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.1"?>',
    XML_OPEN,
    XML_CLOSE,
    FEED_OPEN,
    FEED_CLOSE,
]
_JSON_BITS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b'"',
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\\udc00",
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"-0",
    b"9" * 400,
    b"null",
    b'"newsitem": "1.0"',
    b'"newsitem": "9.9"',
    b'"headline"',
    b'"body": []',
    b'"extra": {"a": "b"}',
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\n",
]
_TEXT_BITS = [
    b"\n",
    b"\n\n",
    b"\r\n",
    b"\r",
    b"\t",
    b"\x00",
    b"\x07",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xc2\xa0",
    b"Topics: ",
    b"Regions: Europe, Asia",
    b"By ",
    b"Newsitem:",
    b" - Example News",
    b"Subscribe",
    b"Share this",
    b"Read more",
    b"(c) 2024 Example",
    b"\xe2\x80\x94",
    b"TextVideo",
]


def _mutated(seed: bytes, bits: list[bytes]) -> st.SearchStrategy[bytes]:
    """The seed with fragments inserted, bytes deleted, or cut short."""

    @st.composite
    def build(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 6))):
            where = draw(st.integers(0, len(data)))
            action = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
            if action == "insert":
                data[where:where] = draw(st.sampled_from(bits))
            elif action == "delete":
                del data[where : where + draw(st.integers(1, 40))]
            elif action == "replace":
                data[where : where + 1] = draw(st.binary(min_size=1, max_size=3))
            else:
                del data[where:]
        return bytes(data)

    return build()


def _inputs(seed: bytes, bits: list[bytes]) -> st.SearchStrategy[bytes]:
    fragments = st.lists(st.sampled_from(bits), max_size=12).map(b"".join)
    return st.one_of(st.binary(max_size=300), fragments, _mutated(seed, bits))


#: IPTC's own example documents (in ../shared/anchors) as the seeds of the IPTC readers, so
#: mutations start from what agencies send, not from what newsitem writes.
IPTC_SEEDS = {
    "ninjs": "ninjs/examples/2.1/dpa_text.json",  # has a body: items without text are refused
    "ninjs3": "ninjs/examples/3.0/businesswire-newsml-20130731006140.json",
    "newsml-g2": "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml",
    "nitf": "nitf/examples/nitf-example-3.5-norfolk-weather.xml",
}
_NINJS_BITS = [
    *_JSON_BITS,
    b'"headlines": [{"value": "H"}]',
    b'"bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>x</p>"}]',
    b'"body_html": "<p>a</p><p>b</p>"',
    b'"body_text": "a\\n\\nb"',
    b'"subject": [{"code": "medtop:1", "name": "N"}]',
    b'"$standard": {"name": "ninjs", "version": "1.4"}',
    b'"versioncreated": "2020-01-01T00:00:00+0100"',
    b'"urgency": 99',
    b'"<table><tr><td>x</td></tr></table>"',
]
_IPTC_XML_BITS = [
    *_XML_BITS,
    b"<contentSet>",
    b"</contentSet>",
    b'<inlineXML contenttype="application/nitf+xml">',
    b'<inlineXML contenttype="application/xhtml+xml"><html><body><p>x</p></body></html>',
    b'<inlineData contenttype="text/plain">a</inlineData>',
    b"<nitf><body><body.content><p>x</p></body.content></body></nitf>",
    b"<hedline><hl1>H</hl1></hedline>",
    b'<docdata management-status="canceled">',
    b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">',
    b'<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/">',
    b"<versionCreated>2020-01-01T00:00:00+0100</versionCreated>",
    b"<table><tr><td>cell</td></tr></table>",
    b"<pre>  a\n  b</pre>",
]

# form -> (seed document, fragments); IPTC forms take their seed from the anchors
READERS: dict[str, tuple[bytes, list[bytes]]] = {
    "json": (_JSON, _JSON_BITS),
    "xml": (_XML, _XML_BITS),
    "text": (_TEXT, _TEXT_BITS),
    "ninjs": (b"", _NINJS_BITS),
    "ninjs3": (b"", _NINJS_BITS),
    "newsml-g2": (b"", _IPTC_XML_BITS),
    "nitf": (b"", _IPTC_XML_BITS),
}


def _check(form: str, data: bytes, options: ReadOptions) -> None:
    codec = FORMS[form].codec
    with contextlib.suppress(ParseError, InvalidNewsItem):
        codec.load(data, options)
    with contextlib.suppress(ParseError, InvalidNewsItem):
        codec.loads(data)
    found = codec.issues(data, options)
    assert isinstance(found, list)


@pytest.mark.parametrize("form", sorted(READERS))
def test_fuzz_reader(form: str, request: pytest.FixtureRequest) -> None:
    """load/loads raise only ParseError or InvalidNewsItem, issues never raises; IPTC readers
    are fuzzed from IPTC-shaped seeds with their own grammar's fragments."""
    seed, bits = READERS[form]
    options = ReadOptions()
    if form in IPTC_FORMS:  # IPTC seeds and schemas come from the anchors (skips when absent)
        anchors = request.getfixturevalue("anchors_dir")
        options = ReadOptions(iptc_schemas=anchors)
        seed = (anchors / IPTC_SEEDS[form]).read_bytes()

    @FUZZ
    @given(_inputs(seed, bits))
    def run(data: bytes) -> None:
        _check(form, data, options)

    run()


def test_fuzz_seeds_are_readable(anchors_dir: Path) -> None:
    """The seeds are documents of their forms, so mutations start deep in each grammar."""
    for form, (seed, _) in READERS.items():
        data = (anchors_dir / IPTC_SEEDS[form]).read_bytes() if form in IPTC_SEEDS else seed
        assert FORMS[form].codec.load(data).item.headline, form
