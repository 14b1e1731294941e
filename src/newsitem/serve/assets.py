"""The page's own files (style sheet, script), served from the package: a fixed table, so a
request's name is only ever a key, never a path."""

from __future__ import annotations

from functools import cache
from importlib import resources

_ASSETS = {
    "style.css": "text/css; charset=utf-8",
    "page.js": "text/javascript; charset=utf-8",
}


@cache
def _read(name: str) -> bytes:
    return resources.files("newsitem.serve").joinpath("static", name).read_bytes()


def get(name: str) -> tuple[bytes, str] | None:
    """The bytes and media type of an asset, or None for a name not in the table."""
    media_type = _ASSETS.get(name)
    if media_type is None:
        return None
    return _read(name), media_type
