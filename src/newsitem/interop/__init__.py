"""Interoperability with the IPTC standards: ninjs 2.3 / 3.2, NewsML-G2 2.35 (with a NITF 3.6
body) and NITF 3.6, both ways.

Each form's codec object is in the one registry, ``newsitem.forms.FORMS``; ``sniff`` tells an
IPTC document's form from its first bytes. The field-by-field mapping is package data
(``mapping.json``, read through ``newsitem.interop.mapping``). Validation against IPTC's own
schemas needs their files: see ``newsitem.interop.schemas`` (``NEWSITEM_IPTC_SCHEMAS``).
Codecs are imported on first use, so importing this package stays cheap.
"""

from __future__ import annotations

import re

from newsitem.forms import IPTC_FORMS

__all__ = ["IPTC_FORMS", "sniff"]

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
_STANDARD_VERSION = re.compile(rb'"standard"\s*:\s*\{[^{}]*"version"\s*:\s*"([0-9]+)\.')
G2_NS = b"http://iptc.org/std/nar/2006-10-01/"
NITF_NS = (b"http://iptc.org/std/NITF/2006-10-18/", b"http://iptc.org/std/nitf/")


def sniff(data: bytes) -> str | None:
    """The IPTC form of a document judged from its first bytes (a few KiB are enough):
    ``newsml-g2`` for a G2 ``newsItem`` root, ``nitf`` for a ``nitf`` root (any or no
    namespace), ``ninjs3``/``ninjs`` for a JSON object with ninjs properties (3.x spelling or a
    declared 3.x standard gives ``ninjs3``); None for anything else (newsitem's own forms
    included)."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        if re.search(rb'"newsitem"\s*:', text):
            return None
        if _NINJS_KEYS.search(text) is None:
            return None
        declared = _STANDARD_VERSION.search(text)
        if declared is not None:
            return "ninjs3" if declared.group(1) == b"3" else "ninjs"
        return "ninjs3" if _NINJS3_KEYS.search(text) else "ninjs"
    if text.startswith(b"<"):
        root = _root(text)
        if root is None:
            return None
        name, attrs = root
        if name == b"newsItem" and G2_NS in attrs:
            return "newsml-g2"
        if name == b"nitf" and (b"xmlns" not in attrs or any(ns in attrs for ns in NITF_NS)):
            return "nitf"
    return None


def _root(text: bytes) -> tuple[bytes, bytes] | None:
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
            return match.group(2), match.group(3)
