"""Parquet: items as rows of a columnar table, for the tools that query archives.

The Arrow schema is derived from the format's JSON Schema by walking it (``arrow_schema``), so
a field added to the format needs no code here: a string becomes a string column, a list a
list column, an object (``rights``) a struct, a list of objects (``extra``) a list of structs.
An absent field is a null; the format has no null values and no empty lists, so nothing is
lost and reading a table back gives the same items (``LOSSY_FIELDS`` is empty).

Needs pyarrow (``pip install 'newsitem[parquet]'``); DuckDB, Polars and Spark read the files
as they are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from newsitem.codecs import DEFAULT_READ, Decoded, ReadOptions
from newsitem.errors import (
    InvalidNewsItem,
    MissingPyarrowError,
    NewsItemError,
    ParseError,
)
from newsitem.issues import Issue, make_issue
from newsitem.model import NewsItem, from_dict, to_dict
from newsitem.schemas import CURRENT_VERSION, load_schema

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "LOSSY_FIELDS",
    "MissingPyarrowError",
    "ParquetCodec",
    "arrow_schema",
    "items_to_table",
    "read_rows",
    "schema_to_arrow",
    "table_bytes",
]

LOSSY_FIELDS: frozenset[str] = frozenset()

#: Rows per row group: small enough for readers to skip, large enough to compress well.
ROW_GROUP_ROWS = 64 * 1024


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise MissingPyarrowError(
            "Parquet needs pyarrow: pip install 'newsitem[parquet]'"
        ) from None
    return pyarrow


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """A schema node with its ``$ref`` chain merged in (the node's own keywords win)."""
    merged: dict[str, Any] = {}
    while True:
        for key, value in node.items():
            merged.setdefault(key, value)
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return merged
        target: Any = root
        for step in ref[2:].split("/"):
            target = target[step]
        node = target


_SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}


def _arrow_type(node: Mapping[str, Any], root: Mapping[str, Any], where: str) -> Any:
    pa = _pa()
    resolved = _resolve(node, root)
    kind = resolved.get("type")
    if kind == "array":
        return pa.list_(_arrow_type(resolved.get("items", {}), root, f"{where}[]"))
    if kind == "object":
        return pa.struct(_arrow_fields(resolved, root, where))
    if isinstance(kind, str) and kind in _SCALARS:
        return getattr(pa, _SCALARS[kind])()
    raise NewsItemError(f"no Parquet column type for the schema of {where} (type {kind!r})")


def _arrow_fields(obj: Mapping[str, Any], root: Mapping[str, Any], where: str) -> list[Any]:
    pa = _pa()
    required = set(obj.get("required", ()))
    return [
        pa.field(
            name,
            _arrow_type(prop, root, f"{where}.{name}"),
            nullable=name not in required,
            metadata={"description": str(prop.get("description", ""))},
        )
        for name, prop in obj.get("properties", {}).items()
    ]


def schema_to_arrow(schema: Mapping[str, Any], version: str = CURRENT_VERSION) -> pa.Schema:
    """The Arrow schema of a JSON Schema of items, found by walking it.

    Columns follow the schema's properties in order; required fields are not nullable;
    ``$ref`` is followed within the document.

    Raises:
        NewsItemError: a property has a type with no column type.
    """
    fields = _arrow_fields(schema, schema, "$")
    meta = {"newsitem": version, "schema": str(schema.get("$id"))}
    return _pa().schema(fields, metadata=meta)


@cache
def arrow_schema(version: str = CURRENT_VERSION) -> pa.Schema:
    """The Arrow schema of a format version, derived from its JSON Schema."""
    return schema_to_arrow(load_schema(version), version)


def items_to_table(items: Iterable[NewsItem | Mapping[str, Any]]) -> pa.Table:
    """A table of items (or of their JSON data, as ``model.to_dict`` gives it)."""
    rows = [to_dict(i) if isinstance(i, NewsItem) else i for i in items]
    return _pa().Table.from_pylist(rows, schema=arrow_schema())


def table_bytes(table: pa.Table) -> bytes:
    """A Parquet file of a table (zstd-compressed, statistics on)."""
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", row_group_size=ROW_GROUP_ROWS)
    return buffer.getvalue()


def dumps(items: Iterable[NewsItem]) -> bytes:
    """A Parquet file holding the items, in order."""
    return table_bytes(items_to_table(items))


def _strip(value: Any) -> Any:
    """The JSON data of a row: nulls (absent fields) left out, at every level."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def read_rows(source: BinaryIO | bytes) -> Iterator[dict[str, Any]]:
    """The JSON data of every row of a Parquet file, in order, one row group at a time.

    Raises:
        NewsItemError: the file is not Parquet, or its columns are not those of items.
    """
    pa = _pa()
    import pyarrow.parquet as pq

    handle = pa.BufferReader(source) if isinstance(source, bytes) else source
    try:
        reader = pq.ParquetFile(handle)
    except (pa.ArrowInvalid, OSError) as exc:
        raise NewsItemError(f"not a readable Parquet file ({exc})") from None
    names = set(arrow_schema().names)
    unknown = [n for n in reader.schema_arrow.names if n not in names]
    if unknown:
        raise NewsItemError(f"columns that are not newsitem fields: {', '.join(unknown)}")
    for group in range(reader.num_row_groups):
        for row in reader.read_row_group(group).to_pylist():
            yield _strip(row)


def loads(data: bytes) -> list[NewsItem]:
    """The items of a Parquet file (already valid: see ``newsitem.engines`` for checking)."""
    return [from_dict(row) for row in read_rows(data)]


class ParquetCodec:
    """The registry's codec of Parquet (``forms.FORMS["parquet"]``) for one item: a file of
    one row. Files of many rows are read and written by partitions (``newsitem.engines``,
    ``convert --to parquet`` / ``--from parquet``)."""

    name = "parquet"
    media_type = "application/vnd.apache.parquet"
    LOSSY_FIELDS = LOSSY_FIELDS

    def loads(self, data: bytes | str) -> NewsItem:
        """The item of a one-row Parquet file (validated)."""
        return self.load(data).item

    def load(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> Decoded:
        """The item of a one-row Parquet file, validated unless ``options.validate`` is off.

        Raises:
            ParseError: not Parquet of items, or not exactly one row.
            InvalidNewsItem: the row is not a valid item.
        """
        from newsitem.validate import iter_issues

        del first_line
        rows = self._rows(data)
        if len(rows) != 1:
            raise ParseError(
                make_issue(
                    "NI104",
                    f"the Parquet file holds {len(rows)} rows, not one item; "
                    "convert it with --from parquet",
                )
            )
        found = list(iter_issues(rows[0])) if options.validate else []
        errors = [i for i in found if i.severity == "error"]
        if errors:
            raise InvalidNewsItem(errors)
        return Decoded(from_dict(rows[0]), tuple(found))

    def dumps(self, item: NewsItem) -> bytes:
        """A Parquet file of one row."""
        return dumps([item])

    def issues(
        self, data: bytes | str, options: ReadOptions = DEFAULT_READ, *, first_line: int = 1
    ) -> list[Issue]:
        """Every issue of every row (paths name the row: ``row 2: $.headline``)."""
        from newsitem.validate import iter_issues

        del options, first_line
        found: list[Issue] = []
        for number, row in enumerate(self._rows(data), start=1):
            for issue in iter_issues(row):
                found.append(replace(issue, path=f"row {number}: {issue.path}"))
        return found

    @staticmethod
    def _rows(data: bytes | str) -> list[dict[str, Any]]:
        if isinstance(data, str):
            raise ParseError(make_issue("NI100", "Parquet is binary, not text"))
        try:
            return list(read_rows(data))
        except MissingPyarrowError:
            raise
        except NewsItemError as exc:
            raise ParseError(make_issue("NI100", str(exc))) from None
