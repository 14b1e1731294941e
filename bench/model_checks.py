"""What the model's type checks cost: building items with and without them, as ratios.

Run ``python bench/model_checks.py``. Each figure is the best of several repeats; the ratios
compare paths measured in the same run, so they hold on a noisy machine. Baseline: a frozen
slots dataclass of the same fields built without any check (what the model cost before
``__post_init__``), and plain ``dict`` building for scale.
"""

from __future__ import annotations

import dataclasses
import timeit
from typing import Any

from newsitem.codecs import json_codec
from newsitem.model import ITEM_FIELDS, NewsItem, from_valid

DOC: dict[str, Any] = {
    "newsitem": "1.0",
    "id": "x1",
    "language": "en",
    "provider": "Example Wire",
    "headline": "Harbour bridge reopens",
    "published": "2025-01-01T00:00:00Z",
    "body": ["A paragraph of text."] * 5,
    "rights": {"notice": "n", "holder": "h"},
    "topics": ["Transport", "Infrastructure"],
    "regions": ["Europe"],
    "extra": [{"label": "Slug", "value": "BRIDGE"}],
}

Plain = dataclasses.make_dataclass(
    "Plain",
    [("version", str)] + [(f.name, Any, dataclasses.field(default=None)) for f in ITEM_FIELDS],
    frozen=True,
    slots=True,
    kw_only=True,
)


def _plain(doc: dict[str, Any]) -> object:
    return Plain(version=doc["newsitem"], **{k: v for k, v in doc.items() if k != "newsitem"})


def best(fn: Any, number: int = 5000) -> float:
    """Seconds per call, best of five repeats."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def main() -> None:
    """Print the cost of each path in microseconds and as a ratio to the unchecked build."""
    raw = json_codec.dumps(from_valid(DOC))
    item = from_valid(DOC)
    rows = {
        "unchecked dataclass (baseline)": best(lambda: _plain(DOC)),
        "NewsItem.from_dict (checked)": best(lambda: NewsItem.from_dict(DOC)),
        "from_valid (codecs, no checks)": best(lambda: from_valid(DOC)),
        "NewsItem(...) keyword build": best(
            lambda: NewsItem(headline="h", body=("a", "b"), topics=("x",))
        ),
        "item.to_dict()": best(item.to_dict),
        "json_codec.loads (whole read)": best(lambda: json_codec.loads(raw), 2000),
    }
    base = rows["unchecked dataclass (baseline)"]
    whole = rows["json_codec.loads (whole read)"]
    print(f"{'path':34} {'us/item':>8} {'x baseline':>11} {'% of loads':>11}")
    for name, seconds in rows.items():
        print(
            f"{name:34} {seconds * 1e6:8.2f} {seconds / base:11.2f} {100 * seconds / whole:10.1f}%"
        )


if __name__ == "__main__":
    main()
