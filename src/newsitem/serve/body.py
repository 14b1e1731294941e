"""Request bodies: read as a stream and refused once over the limit; form posts parsed in memory.

Nothing here touches the file system: a multipart upload is parsed from the bytes already read
(themselves under the limit), and an upload's file name is only ever a label and a form hint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header

#: Room for the multipart framing and the small fields of the page's form, beyond the document.
FORM_OVERHEAD = 64 * 1024


class BodyError(Exception):
    """A body that cannot be taken; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def read_limited(
    chunks: AsyncIterator[bytes], limit: int, declared_length: str | None
) -> bytes:
    """All of a body, refusing (413) as soon as it is longer than ``limit`` bytes.

    A declared ``Content-Length`` over the limit is refused before anything is read.
    """
    if declared_length is not None:
        try:
            declared = int(declared_length)
        except ValueError:
            raise BodyError(400, "Content-Length is not a number") from None
        if declared > limit:
            raise BodyError(413, _too_large(limit))
    buffer = bytearray()
    async for chunk in chunks:
        if len(buffer) + len(chunk) > limit:
            raise BodyError(413, _too_large(limit))
        buffer += chunk
    return bytes(buffer)


def _too_large(limit: int) -> str:
    return f"the request body is larger than the limit of {limit} bytes"


@dataclass(slots=True)
class FormData:
    """The fields of a form post; ``files`` maps a field to (file name, content)."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


_MAX_PARTS = 16


def parse_form(content_type: str, body: bytes) -> FormData:
    """The fields of a ``multipart/form-data`` or urlencoded body (the first of each name).

    Raises:
        BodyError: a malformed form (400).
    """
    kind, params = parse_options_header(content_type)
    if kind == b"application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=32)
        except (UnicodeDecodeError, ValueError):
            raise BodyError(400, "the form is not valid UTF-8 urlencoded data") from None
        form = FormData()
        for name, value in pairs:
            form.fields.setdefault(name, value)
        return form
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BodyError(415, "expected a multipart/form-data or urlencoded form")
    return _parse_multipart(boundary, body)


def _parse_multipart(boundary: bytes, body: bytes) -> FormData:
    form = FormData()
    parts: list[tuple[list[tuple[bytes, bytes]], bytearray]] = []
    header_field = bytearray()
    header_value = bytearray()

    def on_part_begin() -> None:
        if len(parts) >= _MAX_PARTS:
            raise BodyError(400, f"the form has more than {_MAX_PARTS} parts")
        parts.append(([], bytearray()))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1][1].extend(data[start:end])

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        parts[-1][0].append((bytes(header_field).lower(), bytes(header_value)))
        header_field.clear()
        header_value.clear()

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except BodyError:
        raise
    except Exception:  # noqa: BLE001 - python-multipart raises several kinds for bad input
        raise BodyError(400, "the multipart form is malformed") from None
    for headers, data in parts:
        disposition = dict(headers).get(b"content-disposition")
        if disposition is None:
            continue
        _, options = parse_options_header(disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            filename = options[b"filename"].decode("utf-8", "replace")
            form.files.setdefault(name, (filename, bytes(data)))
        else:
            form.fields.setdefault(name, bytes(data).decode("utf-8", "replace"))
    return form


def label_of(name: str | None) -> str | None:
    """A safe label from a client's file name: its last component, printable, at most 100
    characters; None when nothing is left. It names the document in reports and suggests its
    form; it is never opened."""
    if not name:
        return None
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in last if ch.isprintable())[:100].strip()
    return cleaned if cleaned not in {"", ".", ".."} else None
