"""A producer script that uses only ``newsitem.__all__`` builds, validates and writes items in
every form of the registry, and gets typed errors for misuse (issue 11's done-when)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import newsitem
from newsitem.forms import FORMS

PRODUCER = """
import sys
from datetime import datetime, timezone
from pathlib import Path

from newsitem import (
    InvalidNewsItem,
    NewsItem,
    UsageError,
    dump,
    dumps,
    is_valid,
    iter_issues,
    load,
    loads,
    validate,
)

out = Path(sys.argv[1])
single, feeds = sys.argv[2].split(","), sys.argv[3].split(",")
item = NewsItem(
    headline="Harbour reopens after the storm",
    body=["Ships sailed again on Monday.", "The pier was repaired\\novernight."],
    published=datetime(2025, 3, 4, 9, 30, tzinfo=timezone.utc),
    rights={"notice": "(c) 2025 Harbour Post", "holder": "Harbour Post"},
    topics=["Weather", "Shipping"],
)
validate(item)
assert is_valid(item) and list(iter_issues(item)) == []
for form in single + feeds:
    target = out / ("item." + form)
    dump(item, target, form)
    data = target.read_bytes()
    assert data == dumps(item, form), form
    if form in single:
        back = load(target, form)
        assert back.headline == item.headline and back.body == item.body, form
        print(form, "written and read back", back == item)
    else:
        try:
            loads(data, form)
        except UsageError:
            print(form, "written; a feed is not read as one item")
bad = NewsItem(headline=" Harbour ", body=["x"], topics=["A", "A"])
for form in single + feeds:
    try:
        dumps(bad, form)
    except InvalidNewsItem as exc:
        assert sorted(i.code for i in exc.issues) == ["NI201", "NI203"], form
    else:
        raise AssertionError(form)
try:
    NewsItem(headline="h", body="just text")
except TypeError as exc:
    print("TypeError:", exc)
try:
    NewsItem(headline="h", body=["x"], published=datetime(2025, 1, 1))
except ValueError as exc:
    print("ValueError:", exc)
print("done")
"""


def _newsitem_names(source: str) -> set[str]:
    """The names a script takes from newsitem (imports and attribute uses)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsitem"):
            assert node.module == "newsitem", node.module  # no submodule
            names |= {alias.name for alias in node.names}
        if isinstance(node, ast.Import):
            assert all(not a.name.startswith("newsitem") for a in node.names)
    return names


def test_producer_uses_only_the_public_api_in_every_form(tmp_path: Path) -> None:
    """The script imports only names of newsitem.__all__, writes every registered form (single
    items read back, feeds refused by loads with UsageError) and gets typed misuse errors."""
    assert _newsitem_names(PRODUCER) <= set(newsitem.__all__)
    single = [name for name, form in FORMS.items() if form.feed is None]
    feeds = [name for name, form in FORMS.items() if form.feed is not None]
    assert {"json", "xml", "text", "parquet", "nitf"} <= set(single)
    assert {"jsonl", "xml-feed", "newsml-g2-message"} <= set(feeds)
    run = subprocess.run(
        [sys.executable, "-c", PRODUCER, str(tmp_path), ",".join(single), ",".join(feeds)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "done"
    for name in ("json", "xml", "text"):
        assert f"{name} written and read back True" in lines
    for name in feeds:
        assert f"{name} written; a feed is not read as one item" in lines
    assert any(
        line.startswith("TypeError: NewsItem.body must be a tuple or list") for line in lines
    )
    assert any(
        line.startswith("ValueError: NewsItem.published: a naive datetime") for line in lines
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"item.{n}" for n in FORMS)


def test_the_issue_crlf_item_is_refused_everywhere() -> None:
    """Issue 11's CRLF item is NI213 for validate and is refused by dumps in every form."""
    import pytest

    doc = {"newsitem": "1.0", "headline": "H", "body": ["line one\r\nline two"]}
    assert [(i.code, i.path) for i in newsitem.iter_issues(doc)] == [("NI213", "$.body[0]")]
    item = newsitem.NewsItem.from_dict(doc)
    for form in FORMS:
        with pytest.raises(newsitem.InvalidNewsItem) as refused:
            newsitem.dumps(item, form)
        assert [i.code for i in refused.value.issues] == ["NI213"], form
