"""The Parquet codec: an Arrow schema walked from the JSON Schema, and lossless round trips."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsitem.model import NewsItem
from newsitem.schemas import load_schema
from tests.strategies import news_items

pa = pytest.importorskip("pyarrow", reason="pyarrow (the parquet extra) is not installed")
from newsitem.codecs import parquet_codec  # noqa: E402


def test_columns_follow_the_schema() -> None:
    """Lists are list columns, rights a struct, extra a list of label/value structs."""
    schema = parquet_codec.arrow_schema()
    assert schema.names == list(load_schema()["properties"])
    assert schema.field("body").type == pa.list_(pa.string())
    assert not schema.field("newsitem").nullable
    # 1.1 items without text (SPEC §6.8) have no headline or body: the columns take nulls
    assert schema.field("body").nullable and schema.field("headline").nullable
    assert schema.field("topics").type == pa.list_(pa.string())
    rights = schema.field("rights").type
    assert pa.types.is_struct(rights)
    names = [rights.field(i).name for i in range(rights.num_fields)]
    assert names == list(load_schema()["properties"]["rights"]["properties"])
    assert names[:3] == ["notice", "holder", "url"]
    assert not rights.field("notice").nullable
    extra = schema.field("extra").type
    assert pa.types.is_list(extra) and pa.types.is_struct(extra.value_type)
    assert [f.name for f in extra.value_type] == ["label", "value"]


def test_a_new_field_needs_no_code() -> None:
    """A property added to the JSON Schema (scalar, list of objects) becomes a column."""
    schema = copy.deepcopy(load_schema())
    schema["properties"]["urgency"] = {"type": "integer"}
    schema["properties"]["media"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"href": {"$ref": "#/$defs/line"}}},
    }
    arrow = parquet_codec.schema_to_arrow(schema)
    assert arrow.field("urgency").type == pa.int64()
    assert arrow.field("media").type == pa.list_(pa.struct([pa.field("href", pa.string())]))


def test_a_type_without_column_is_refused() -> None:
    """A property whose type has no Arrow counterpart is named in the error."""
    schema = copy.deepcopy(load_schema())
    schema["properties"]["odd"] = {"type": "null"}
    with pytest.raises(parquet_codec.NewsItemError, match=r"\$\.odd"):
        parquet_codec.schema_to_arrow(schema)


@settings(max_examples=15)
@given(st.lists(news_items(), max_size=5))
def test_round_trip_gives_the_same_items(items: list[NewsItem]) -> None:
    """Items written to Parquet and read back are equal, absent fields included."""
    assert parquet_codec.loads(parquet_codec.dumps(items)) == items


def test_duckdb_reads_the_file(tmp_path: Path) -> None:
    """DuckDB reads the rows, list columns and the rights struct as they are."""
    duckdb = pytest.importorskip("duckdb", reason="duckdb (the test extra) is not installed")
    from tests.dask.corpus import items

    path = tmp_path / "items.parquet"
    path.write_bytes(parquet_codec.dumps(items(30)))
    [(count, ids, notices)] = duckdb.sql(
        "select count(*), count(distinct id), count(rights.notice) from read_parquet(?)",
        params=[str(path)],
    ).fetchall()
    assert (count, ids) == (30, 30)
    assert notices == sum(1 for i in items(30) if i.rights is not None)


def test_foreign_columns_are_refused() -> None:
    """A Parquet file with columns that are not item fields is not read as items."""
    import io

    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"headline": ["x"], "colour": ["red"]}), buffer)
    with pytest.raises(parquet_codec.NewsItemError, match="colour"):
        list(parquet_codec.read_rows(buffer.getvalue()))
