"""Media and related items read from the IPTC forms' own renditions and references (SPEC §12).

The importers find what a ``media`` or ``related`` entry holds in different places (NewsML-G2
``remoteContent`` and ``groupSet/group/itemRef``, ninjs ``renditions`` and ``associations``,
NITF ``media/media-reference``); the rules for turning one of those into an entry are here, once:
what kind a rendition is, which values an entry can take, and whether the entry is valid. A
value an entry cannot take stays in the source for the importer's leftover walk (and so in
``extra``): nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsitem.interop._v11 import as_int
from newsitem.model import MediaRef, RelatedRef

#: What a media entry is, from the words the forms use for it (ninjs ``type``, G2 ``ninat:``,
#: NITF ``media-type``): graphics are pictures for ``media``, which knows three kinds.
_KINDS = {
    "picture": "picture",
    "photo": "picture",
    "image": "picture",
    "graphic": "picture",
    "video": "video",
    "audio": "audio",
}
#: The kinds ``related[].kind`` knows.
RELATED_KINDS = ("text", "picture", "video", "audio", "graphic", "package", "other")
_RELATED_WORDS = {"composite": "package", "photo": "picture", "image": "picture"}


def media_kind(hint: str | None, mime_type: str | None) -> str | None:
    """The ``media[].kind`` of a rendition: the media type's top level when it names one
    (``image/jpeg`` is a picture, even as the preview of a video), else the item's or element's
    own word for it (``picture``, ``ninat:video``...) for a file type that does not say
    (``application/mxf``); a text rendition (``text/xml`` captions) is none."""
    top = mime_type.split("/", 1)[0].lower() if mime_type is not None else None
    if top in _KINDS:
        return _KINDS[top]
    if hint is not None and top != "text":
        word = hint.rsplit(":", 1)[-1].lower()
        if word in _KINDS:
            return _KINDS[word]
    return None


def related_kind(hint: str | None) -> str | None:
    """The ``related[].kind`` of a referenced item, from its class (``ninat:picture``,
    ``composite``), or None when the word is not one of the kinds."""
    if hint is None:
        return None
    word = hint.rsplit(":", 1)[-1].lower()
    word = _RELATED_WORDS.get(word, word)
    return word if word in RELATED_KINDS else None


def _valid(cls: type[MediaRef] | type[RelatedRef], entry: Mapping[str, Any]) -> bool:
    """True when the entry is a valid ``media``/``related`` entry of format 1.1."""
    from newsitem.model import NewsItem
    from newsitem.validate import iter_issues

    try:
        if cls is MediaRef:
            probe = NewsItem(headline="h", body=("b",), media=(MediaRef(**entry),))
        else:
            probe = NewsItem(headline="h", body=("b",), related=(RelatedRef(**entry),))
    except (TypeError, ValueError):
        return False
    return not any(i.severity == "error" for i in iter_issues(probe))


def media_entry(
    kind: str | None,
    url: object,
    mime_type: object,
    *,
    size: object = None,
    duration: object = None,
) -> tuple[dict[str, Any], set[str]] | None:
    """A media entry from a rendition's values, and the names of the values it took (``url``,
    ``mime_type``, ``size``, ``duration``); None when kind, URL and media type do not make a
    valid entry. A size or duration that is not a whole number is not taken."""
    if kind is None or not isinstance(url, str) or not isinstance(mime_type, str):
        return None
    entry: dict[str, Any] = {"kind": kind, "url": url, "mime_type": mime_type}
    if not _valid(MediaRef, entry):
        return None
    taken = {"url", "mime_type"}
    for name, value in (("size", size), ("duration", duration)):
        number = as_int(value) if value is not None else None
        if number is not None and _valid(MediaRef, {**entry, name: number}):
            entry[name] = number
            taken.add(name)
    return entry, taken


def with_text(entry: dict[str, Any], name: str, value: str | None) -> bool:
    """Set a media entry's ``caption`` or ``credit`` when the value is valid there; True when
    it was set."""
    if value is None or not _valid(MediaRef, {**entry, name: value}):
        return False
    entry[name] = value
    return True


def related_entry(
    identifier: object,
    *,
    rel: str | None = None,
    kind: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], set[str]] | None:
    """A related entry (the identifier and what else is valid), and the names it took; None
    when the identifier is not a valid one."""
    if not isinstance(identifier, str):
        return None
    entry: dict[str, Any] = {"id": identifier}
    if not _valid(RelatedRef, entry):
        return None
    taken = {"id"}
    for name, value in (("rel", rel), ("kind", kind), ("url", url), ("title", title)):
        if value is not None and _valid(RelatedRef, {**entry, name: value}):
            entry[name] = value
            taken.add(name)
    return entry, taken
