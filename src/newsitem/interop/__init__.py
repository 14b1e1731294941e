"""Interoperability with the IPTC standards: ninjs 1.7 / 2.3 / 3.2, NewsML-G2 2.35 (items,
packages and newsMessage feeds, with a NITF 3.6 body) and NITF 3.6, both ways.

Each form's codec object is in the one registry, ``newsitem.forms.FORMS``; ``sniff`` tells an
IPTC document's form from its first bytes. The field-by-field mapping is package data
(``mapping.json``, read through ``newsitem.interop.mapping``). Validation against IPTC's own
schemas needs their files: see ``newsitem.interop.schemas`` (``NEWSITEM_IPTC_SCHEMAS``).
Codecs are imported on first use, so importing this package stays cheap.
"""

from __future__ import annotations

import re

from newsitem.forms import IPTC_FORMS

__all__ = ["IPTC_FORMS", "MESSAGE_FORM", "sniff"]

#: The IPTC feed form: a NewsML-G2 newsMessage, read item by item (see
#: ``newsml_g2.iter_message``) and written by ``--to newsml-g2`` for several items.
MESSAGE_FORM = "newsml-g2-message"

_ROOT = re.compile(rb"<(?!\?|!)(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)", re.DOTALL)
_NINJS_KEYS = re.compile(
    rb'"(uri|headlines|bodies|versioncreated|versionCreated|firstcreated|firstCreated|'
    rb"renditions|associations|altids|altIds|infosources|infoSources|pubstatus|pubStatus|"
    rb'representationtype|representationType)"\s*:'
)
_NINJS3_KEYS = re.compile(
    rb'"(versionCreated|firstCreated|contentCreated|embargoedUntil|pubStatus|copyrightHolder|'
    rb"copyrightNotice|usageTerms|edNote|altIds|infoSources|rightsInfo|representationType|"
    rb'trustIndicators|digitalSourceType|contentType|eventDetails|plannedCoverage)"\s*:'
)
#: Marks of ninjs 1.x: a string headline, body_* properties, singular concept lists.
_NINJS1_KEYS = re.compile(
    rb'"headline"\s*:\s*"|"(body_[A-Za-z0-9_]+|byline|subject|place|genre|infosource|located)"\s*:'
)
_PLURAL_KEYS = re.compile(
    rb'"(headlines|bodies|subjects|places|genres|descriptions|infosources|people|'
    rb'organisations|events|bylines)"\s*:'
)
_STANDARD_VERSION = re.compile(rb'"\$?standard"\s*:\s*\{[^{}]*"version"\s*:\s*"([0-9]+)\.')
G2_NS = b"http://iptc.org/std/nar/2006-10-01/"
NITF_NS = (b"http://iptc.org/std/nitf/",)
_G2_ITEMS = (b"newsItem", b"packageItem")
_XMLNS = re.compile(rb"""xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def sniff(data: bytes) -> str | None:
    """The IPTC form of a document judged from its first bytes (a few KiB are enough):
    ``newsml-g2`` for a G2 ``newsItem`` or ``packageItem`` root, ``newsml-g2-message`` for a
    G2 ``newsMessage``, ``nitf`` for a ``nitf`` root in no namespace or a NITF one (with or
    without a prefix), ``ninjs1``/``ninjs``/``ninjs3`` for a JSON object with ninjs
    properties (the declared ``standard``/``$standard`` version first, else the spelling of
    its properties); None for anything else (newsitem's own forms included)."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        if re.search(rb'"newsitem"\s*:', text):
            return None
        declared = _STANDARD_VERSION.search(text)
        if declared is not None:
            return {b"1": "ninjs1", b"3": "ninjs3"}.get(declared.group(1), "ninjs")
        if _NINJS3_KEYS.search(text):
            return "ninjs3"
        one = _NINJS1_KEYS.search(text) is not None and _PLURAL_KEYS.search(text) is None
        if one and (re.search(rb'"(uri|body_[A-Za-z0-9_]+)"\s*:', text) is not None):
            return "ninjs1"
        if _NINJS_KEYS.search(text) is None:
            return None
        return "ninjs1" if one else "ninjs"
    if text.startswith(b"<"):
        root = _root(text)
        if root is None:
            return None
        prefix, name, attrs = root
        ns = _namespace(prefix, attrs)
        if name in _G2_ITEMS and ns == G2_NS:
            return "newsml-g2"
        if name == b"newsMessage" and ns == G2_NS:
            return MESSAGE_FORM
        if name == b"nitf" and (ns == b"" or ns.lower().startswith(NITF_NS)):
            return "nitf"
    return None


def _namespace(prefix: bytes | None, attrs: bytes) -> bytes:
    """The namespace of the root element, from the declarations on the root itself."""
    for match in _XMLNS.finditer(attrs):
        if match.group(1) == prefix:
            return match.group(2) if match.group(2) is not None else match.group(3)
    return b""


def _root(text: bytes) -> tuple[bytes | None, bytes, bytes] | None:
    pos = 0
    while True:
        start = text.find(b"<", pos)
        if start < 0:
            return None
        for opener, closer in ((b"<!--", b"-->"), (b"<?", b"?>"), (b"<!", b">")):
            if text.startswith(opener, start):
                end = text.find(closer, start)
                if end < 0:
                    return None
                pos = end + len(closer)
                break
        else:
            match = _ROOT.match(text, start)
            if match is None:
                return None
            return match.group(1), match.group(2), match.group(3)
