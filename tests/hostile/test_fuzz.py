"""Fuzzing every reader: bytes in, and only the codec's own errors out.

``decode`` and ``loads`` may raise ``ParseError`` or ``InvalidNewsItem`` and nothing else;
``issues`` never raises. Inputs are random bytes and mutations of valid documents of each form.
The budget is modest in ``make test``; ``make fuzz`` sets ``NEWSITEM_FUZZ_EXAMPLES`` for a long
run (``pytest tests/hostile -k fuzz``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsitem.errors import InvalidNewsItem, ParseError
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
_TEXT = b"Harbour bridge reopens\n\nThe bridge reopened on Monday.\n\nTopics: Transport\n"

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


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - an optional interop module
        pytest.skip(f"{name} is not present")


# module -> (seed document, fragments)
READERS: dict[str, tuple[bytes, list[bytes]]] = {
    "newsitem.codecs.json_codec": (_JSON, _JSON_BITS),
    "newsitem.codecs.xml_codec": (_XML, _XML_BITS),
    "newsitem.codecs.text_codec": (_TEXT, _TEXT_BITS),
    "newsitem.interop.ninjs": (_JSON, _JSON_BITS),
    "newsitem.interop.nitf": (_XML, _XML_BITS),
    "newsitem.interop.newsml_g2": (_XML, _XML_BITS),
}


def _check(module: ModuleType, data: bytes, options: dict[str, Any]) -> None:
    with contextlib.suppress(ParseError, InvalidNewsItem):
        module.decode(data, **options)
    if not options:  # the IPTC loads find their schemas only through the environment
        loads_input: bytes | str = data
        if module.__name__.endswith("text_codec"):
            loads_input = data.decode("utf-8", "replace")
        with contextlib.suppress(ParseError, InvalidNewsItem):
            module.loads(loads_input)
    found = module.issues(data, **options)
    assert isinstance(found, list)


@pytest.mark.parametrize("name", sorted(READERS))
def test_fuzz_reader(name: str, request: pytest.FixtureRequest) -> None:
    """decode/loads raise only ParseError or InvalidNewsItem, issues never raises."""
    module = _module(name)
    seed, bits = READERS[name]
    options: dict[str, Any] = {}
    if ".interop." in name:  # IPTC readers need IPTC's schemas (skips when absent)
        options["schema_dir"] = request.getfixturevalue("anchors_dir")

    @FUZZ
    @given(_inputs(seed, bits))
    def run(data: bytes) -> None:
        _check(module, data, options)

    run()


def test_fuzz_seeds_are_readable() -> None:
    """The seeds are valid documents, so mutations start from deep inside each grammar."""
    for name in ("newsitem.codecs.json_codec", "newsitem.codecs.xml_codec"):
        module = importlib.import_module(name)
        assert module.issues(READERS[name][0]) == []
