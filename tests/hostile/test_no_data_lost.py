"""No data lost: an archive of 200 items with 1% corrupt converts the other 99% exactly."""

from __future__ import annotations

import io
import json
import random
import re
import tarfile
from pathlib import Path

from newsitem.codecs import json_codec, xml_codec
from tests.hostile.conftest import assert_clean, run

COUNT = 200


def _item(number: int) -> bytes:
    rng = random.Random(number)
    words = ["harbour", "bridge", "council", "vote", "storm", "market", "river", "school"]
    body = [" ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(3)]
    data = {
        "newsitem": "1.0",
        "id": f"item-{number:04d}",
        "headline": f"Story number {number} about the {rng.choice(words)}",
        "body": body,
        "topics": [rng.choice(["Politics", "Weather", "Business"])],
    }
    return json_codec.dumps(json_codec.loads(json.dumps(data).encode()))


CORRUPTIONS = {
    17: lambda d: d[: len(d) // 2],  # cut short
    64: lambda d: d.replace(b'"headline"', b'"headline": "x", "headline"', 1),  # duplicate key
}


def test_one_percent_corrupt(tmp_path: Path) -> None:
    """200 JSON items in a .tar.gz, 2 of them corrupt, converted to XML: the 198 others are
    byte-identical to their canonical XML, each corrupt one is listed with its member path and
    line, and the run exits 1."""
    archive = tmp_path / "items.tar.gz"
    expected: dict[str, bytes] = {}
    with tarfile.open(archive, "w:gz") as tar:
        for number in range(COUNT):
            data = _item(number)
            if number in CORRUPTIONS:
                data = CORRUPTIONS[number](data)
            else:
                expected[f"batch/{number:04d}.xml"] = xml_codec.dumps(json_codec.loads(data))
            info = tarfile.TarInfo(f"batch/{number:04d}.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    out = tmp_path / "out"
    result = run(["convert", str(archive), "--to", "xml", "-o", str(out), "-j", "2"], timeout=60)
    assert result.status == 1, result.both
    assert_clean(result)
    written = {
        str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }
    assert written.keys() == expected.keys()
    assert written == expected
    err = result.err.decode()
    for number in CORRUPTIONS:
        located = re.search(rf"items\.tar\.gz!batch/{number:04d}\.json:\d+:\d+: NI10[05]", err)
        assert located, (number, err)
    assert f"{COUNT} item(s): {COUNT - len(CORRUPTIONS)} converted, 2 failed" in err
