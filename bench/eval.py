"""Score the raw-text reader on the labelled page corpus (``make eval``).

Reads ``../shared/corpus/pages`` (or ``$NEWSITEM_SHARED/corpus/pages``): ``raw/NNN.txt`` and the
hand labels ``expected/NNN.json`` (schema in that folder's README.md). Prints a per-page table and
the totals. Strings are compared after Unicode NFC and whitespace collapsing; a field also counts
as right when it matches one of the label's ``acceptable_alternatives``.

Usage: ``python bench/eval.py [--corpus DIR] [--json] [--page ID]``. Exit status 0, or 2 when
the corpus is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsitem.codecs import text_codec
from newsitem.errors import NewsItemError
from newsitem.model import NewsItem

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSITEM_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "pages"
#: The taxonomy fields of the labels (compared as sets, one per field).
TAXONOMY = ("content_types", "topics", "platforms", "regions", "media_types")


def norm(text: str) -> str:
    """NFC and whitespace collapsed (the corpus README's comparison)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class PageScore:
    """What the reader got right on one page."""

    id: str
    error: str | None = None
    headline: bool | None = None  # None: the label has no headline
    body_p: float = 0.0
    body_r: float = 0.0
    body_f1: float = 0.0
    taxonomy: bool = False
    provider: bool | None = None  # None: the label has no provider
    rights: bool | None = None  # None: the label has no rights notice
    leaks: list[str] = field(default_factory=list)
    truncated: bool = False
    truncation_warned: bool = False
    language: bool = False


def _prf(got: list[str], want: list[str]) -> tuple[float, float, float]:
    g = [norm(p) for p in got if norm(p)]
    w = [norm(p) for p in want if norm(p)]
    if not g and not w:
        return 1.0, 1.0, 1.0
    pool = list(w)
    hits = 0
    for p in g:
        if p in pool:
            pool.remove(p)
            hits += 1
    prec = hits / len(g) if g else 0.0
    rec = hits / len(w) if w else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def _same(got: str | None, want: str | None, *, fold: bool = False) -> bool:
    if got is None or want is None:
        return got is None and want is None
    a, b = norm(got), norm(want)
    return a.casefold() == b.casefold() if fold else a == b


def _alts(label: dict[str, Any], key: str) -> list[Any]:
    alts: dict[str, list[Any]] = label.get("acceptable_alternatives") or {}
    return [label[key], *alts.get(key, [])]


def score_page(label: dict[str, Any], text: str) -> PageScore:
    """Read one raw page and compare it with its label."""
    score = PageScore(id=label["id"], truncated=bool(label["truncated"]))
    try:
        item, found = text_codec.read(text)
    except NewsItemError as exc:
        score.error = str(exc)
        return score
    warnings = found.warnings
    score.truncation_warned = any(w.code == "NI407" for w in warnings)
    if label["headline"] is not None:
        score.headline = any(_same(item.headline, h) for h in _alts(label, "headline") if h)
    best = (0.0, 0.0, 0.0)
    for body in _alts(label, "body"):
        prf = _prf(list(item.body), body)
        best = max(best, prf, key=lambda t: t[2])
    score.body_p, score.body_r, score.body_f1 = best
    score.taxonomy = all(
        any(
            {norm(v) for v in getattr(item, name)} == {norm(v) for v in want}
            for want in _alts(label, name)
        )
        for name in TAXONOMY
    )
    if label["provider"] is not None:
        score.provider = any(
            _same(item.provider, p, fold=True) for p in _alts(label, "provider") if p
        )
    if label["rights_notice"] is not None:
        notice = item.rights.notice if item.rights else None
        score.rights = any(_same(notice, r) for r in _alts(label, "rights_notice"))
    score.leaks = _leaks(item, label)
    score.language = item.language == label["language"]
    return score


def _leaks(item: NewsItem, label: dict[str, Any]) -> list[str]:
    """Chrome lines of the label found in the body or as the headline."""
    allowed = {norm(p) for body in _alts(label, "body") for p in body}
    if label["headline"]:
        allowed.add(norm(label["headline"]))
    body = [norm(p) for p in item.body]
    head = norm(item.headline)
    leaks: list[str] = []
    for line in label["boilerplate_dropped"]:
        chrome = norm(line)
        if not chrome or chrome in allowed:
            continue
        if chrome == head or any(chrome == p or (len(chrome) > 20 and chrome in p) for p in body):
            leaks.append(line)
    return leaks


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "NO")


def _rate(values: list[bool | None]) -> tuple[int, int]:
    counted = [v for v in values if v is not None]
    return sum(counted), len(counted)


def main(argv: list[str] | None = None) -> int:
    """Print the per-page table and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--page", action="append", help="only these page ids")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not (corpus / "expected").is_dir():
        print(f"corpus not found at {corpus}", file=sys.stderr)
        return 2
    scores: list[PageScore] = []
    for path in sorted((corpus / "expected").glob("*.json")):
        if args.page and path.stem not in args.page:
            continue
        label = json.loads(path.read_text(encoding="utf-8"))
        text = (corpus / "raw" / f"{path.stem}.txt").read_text(encoding="utf-8")
        scores.append(score_page(label, text))
    totals = summarise(scores)
    if args.json:
        print(json.dumps({"pages": [asdict(s) for s in scores], "totals": totals}, indent=1))
        return 0
    print(
        f"{'page':<5} {'head':>4} {'P':>5} {'R':>5} {'F1':>5} {'tax':>4} {'prov':>4} "
        f"{'rght':>4} {'lang':>4} {'leak':>4} {'trunc':>6}  error"
    )
    for s in scores:
        trunc = (
            ("warn" if s.truncation_warned else "MISS")
            if s.truncated
            else ("FP" if s.truncation_warned else "-")
        )
        print(
            f"{s.id:<5} {_mark(s.headline):>4} {s.body_p:5.2f} {s.body_r:5.2f} "
            f"{s.body_f1:5.2f} {_mark(s.taxonomy):>4} {_mark(s.provider):>4} "
            f"{_mark(s.rights):>4} {_mark(s.language):>4} {len(s.leaks):>4} {trunc:>6}  "
            f"{s.error or ''}"
        )
    print()
    print("| measure | result |")
    print("|---|---|")
    for name, value in totals.items():
        print(f"| {name} | {value} |")
    return 0


def summarise(scores: list[PageScore]) -> dict[str, str]:
    """The totals row: counts and rates."""
    n = len(scores) or 1

    def pct(hit: int, total: int) -> str:
        return f"{hit}/{total} ({100 * hit / total:.0f}%)" if total else "-"

    head = _rate([s.headline for s in scores])
    prov = _rate([s.provider for s in scores])
    rights = _rate([s.rights for s in scores])
    trunc = [s for s in scores if s.truncated]
    return {
        "pages": str(len(scores)),
        "read without error": pct(sum(s.error is None for s in scores), len(scores)),
        "headline exact (pages with one)": pct(*head),
        "body precision (mean)": f"{sum(s.body_p for s in scores) / n:.3f}",
        "body recall (mean)": f"{sum(s.body_r for s in scores) / n:.3f}",
        "body F1 (mean)": f"{sum(s.body_f1 for s in scores) / n:.3f}",
        "taxonomy fields exact": pct(sum(s.taxonomy for s in scores), len(scores)),
        "provider (pages with one)": pct(*prov),
        "rights notice (pages with one)": pct(*rights),
        "language": pct(sum(s.language for s in scores), len(scores)),
        "chrome lines leaked": str(sum(len(s.leaks) for s in scores)),
        "pages with a leak": str(sum(bool(s.leaks) for s in scores)),
        "truncated pages warned": pct(sum(s.truncation_warned for s in trunc), len(trunc)),
        "complete pages warned as cut": str(
            sum(s.truncation_warned for s in scores if not s.truncated)
        ),
    }


if __name__ == "__main__":
    sys.exit(main())
