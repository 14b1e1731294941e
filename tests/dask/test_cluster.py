"""The Dask engine on a real cluster (a scheduler and two worker processes on 127.0.0.1):
the same reports and outputs as the local engine, Parquet that DuckDB reads and that converts
back to the original bytes, and a run that survives a killed worker."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsitem.cli import app
from tests.dask.conftest import Cluster
from tests.dask.corpus import write_jsonl, write_xml_feed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Feeds over the size that gets split: JSON Lines and XML with invalid items, a valid
    JSON Lines feed, and a directory of single items."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "items"
    folder.mkdir()
    for index, line in enumerate(
        write_jsonl(root / "tmp.jsonl", 40, broken=True).read_bytes().splitlines()
    ):
        if line.strip():
            (folder / f"{index:03d}.json").write_bytes(line + b"\n")
    return {
        "jsonl": write_jsonl(root / "feed.jsonl", 3000),
        "xml": write_xml_feed(root / "feed.xml", 1500),
        "valid": write_jsonl(root / "valid.jsonl", 3000, broken=False),
        "dir": folder,
    }


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _untimed(text: str) -> str:
    """A report without its timing (the only part that differs between runs)."""
    return "\n".join(line.rsplit(" (", 1)[0] for line in text.splitlines())


def test_validate_report_is_identical(cluster: Cluster, corpus: dict[str, Path]) -> None:
    """`validate --engine dask` prints the report of `--engine local`, issue for issue."""
    paths = [str(corpus["jsonl"]), str(corpus["xml"]), str(corpus["dir"])]
    local = _run("validate", *paths)
    dask = _run("validate", "--engine", "dask", "--scheduler", cluster.address, *paths)
    assert local[0] == dask[0] == 1
    assert _untimed(dask[1]) == _untimed(local[1])
    assert dask[1].count(" NI") == local[1].count(" NI") == 6
    as_json = [
        json.loads(_run("validate", "-o", "json", *extra, *paths)[1])
        for extra in ([], ["--engine", "dask", "--scheduler", cluster.address])
    ]
    for report in as_json:
        del report["summary"]["seconds"]
    assert as_json[0] == as_json[1]


def test_convert_outputs_are_identical(
    cluster: Cluster, corpus: dict[str, Path], tmp_path: Path
) -> None:
    """Converting through the cluster writes the bytes and reports the failures of a local run."""
    for to, source in (("xml-feed", corpus["jsonl"]), ("jsonl", corpus["xml"])):
        local = _run("convert", str(source), "--to", to, "-o", str(tmp_path / f"local.{to}"))
        dask = _run(
            "convert", str(source), "--to", to, "-o", str(tmp_path / f"dask.{to}"),
            "--engine", "dask", "--scheduler", cluster.address,
        )  # fmt: skip
        assert local[0] == dask[0] == 1
        assert _untimed(dask[2]) == _untimed(local[2])
        assert (tmp_path / f"dask.{to}").read_bytes() == (tmp_path / f"local.{to}").read_bytes()
    parts = tmp_path / "parts"
    code, _, _ = _run(
        "convert", str(corpus["jsonl"]), "--to", "jsonl", "-o", f"{parts}/",
        "--engine", "dask", "--scheduler", cluster.address,
    )  # fmt: skip
    assert code == 1
    manifest = json.loads((parts / "_manifest.json").read_text())
    joined = b"".join((parts / p["file"]).read_bytes() for p in manifest["partitions"])
    _run("convert", str(corpus["jsonl"]), "--to", "jsonl", "-o", str(tmp_path / "one.jsonl"))
    assert joined == (tmp_path / "one.jsonl").read_bytes()
    assert len(manifest["partitions"]) >= 2
    assert manifest["items"] == 2997


def test_parquet_round_trip_through_the_cluster(
    cluster: Cluster, corpus: dict[str, Path], tmp_path: Path
) -> None:
    """Parquet written by the workers: DuckDB counts every item, checksums match the
    manifest, and converting it back gives the original feed's bytes."""
    duckdb = pytest.importorskip("duckdb", reason="duckdb (the test extra) is not installed")
    out = tmp_path / "out"
    code, _, err = _run(
        "convert", str(corpus["valid"]), "--to", "parquet", "-o", f"{out}/",
        "--engine", "dask", "--scheduler", cluster.address,
    )  # fmt: skip
    assert code == 0, err
    manifest = json.loads((out / "_manifest.json").read_text())
    for part in manifest["partitions"]:
        data = (out / part["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == part["sha256"]
    [(count,)] = duckdb.sql(
        "select count(*) from read_parquet(?)", params=[f"{out}/*.parquet"]
    ).fetchall()
    assert count == manifest["items"] == 3000
    code, _, err = _run("convert", str(out), "--from", "parquet", "--to", "jsonl",
                        "-o", str(tmp_path / "back.jsonl"))  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "back.jsonl").read_bytes() == corpus["valid"].read_bytes()


def test_killed_worker_still_writes_every_item_once(cluster: Cluster, tmp_path: Path) -> None:
    """A worker killed (SIGKILL) in the middle of a run: the scheduler runs its tasks again
    elsewhere and every item is written exactly once, in order, with no stray file."""
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
    feed = write_jsonl(tmp_path / "big.jsonl", 12000, broken=False)
    out = tmp_path / "out"
    client = subprocess.Popen(
        [sys.executable, "-m", "newsitem", "convert", str(feed), "--to", "parquet",
         "-o", f"{out}/", "--engine", "dask", "--scheduler", cluster.address],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("part-*.parquet")):
            assert client.poll() is None, client.communicate()[1].decode()
            assert time.monotonic() < deadline, "no partition was written in time"
            time.sleep(0.05)
        victim = cluster.workers[0]
        victim.kill()
        victim.wait(timeout=10)
        assert client.poll() is None, "the run ended before the worker was killed"
        _, err = client.communicate(timeout=180)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    assert client.returncode == 0, err.decode()
    manifest = json.loads((out / "_manifest.json").read_text())
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["_manifest.json", *(p["file"] for p in manifest["partitions"])])
    ids = [
        row
        for part in manifest["partitions"]
        for row in pq.read_table(out / part["file"], columns=["id"]).column("id").to_pylist()
    ]
    assert ids == [f"urn:test:{i}" for i in range(12000)]
    assert manifest["items"] == 12000
