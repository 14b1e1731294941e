"""How many real IPTC documents import faithfully: prints the rate over the files given.

    python tools/iptc_faithful.py DIR_OR_FILE... [--verbose]

Each item of each document (every item of a NewsML-G2 newsMessage) is read with the form
``newsitem.interop.sniff`` finds, and is **faithful** when:

- it is not refused;
- its headline is the source's own headline (G2 ``contentMeta/headline``, NITF ``hl1``, ninjs
  ``headline`` or the main ``headlines`` entry), whitespace aside, when the source has one;
- its body holds the source's body text (the first G2 ``inlineXML``/``inlineData``, NITF
  ``body.content`` without its media elements, ninjs ``bodies``/``body_html``/``body_xhtml``/
  ``body_text``), whitespace aside, to at least 95 % of its characters;
- nothing in it is made up: the headline, every paragraph, every media caption and related
  title is a piece of the source's text, whitespace aside.

An item refused because the source holds no content at all (no body, no rendition, no
reference) counts apart as *rightly refused*. The extraction here is deliberately simpler
than the importers' and written separately from them, so that it can catch their mistakes.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from newsitem._xmlsafe import parse
from newsitem.errors import NewsItemError
from newsitem.forms import FORMS
from newsitem.interop import newsml_g2, sniff
from newsitem.model import NewsItem

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def squeeze(text: str) -> str:
    """The text with all whitespace dropped."""
    return _SPACE.sub("", text)


def _markup_text(value: str) -> str:
    """The text of an HTML or XHTML fragment (tags dropped, entities resolved)."""
    if "<" not in value:
        return value
    tree = etree.fromstring(f"<div>{value}</div>", etree.HTMLParser())
    return "".join(tree.itertext()) if tree is not None else _TAG.sub(" ", value)


@dataclass
class Source:
    """What one item of a source says, found independently of the importers."""

    headline: str | None
    body: str
    text: str  # all the text of the document, whitespace dropped
    media: bool = False  # renditions or references to other items


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _first(root: etree._Element, *path: str) -> etree._Element | None:
    node: etree._Element | None = root
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _xml_text(node: etree._Element | None, skip: tuple[str, ...] = ()) -> str:
    if node is None:
        return ""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str) or _local(element.tag) in skip:
            if element.tail and element is not node:
                parts.append(element.tail)
            return
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail and isinstance(child.tag, str) and _local(child.tag) not in skip:
                parts.append(child.tail)

    walk(node)
    return " ".join(parts)


#: Elements whose text is not body text (SPEC §12 "Bodies": page furniture, media, heads).
_NOT_BODY = ("head", "media", "body.head", "header", "footer", "nav", "script", "style")
#: Body renditions by how an importer should rank them (SPEC §12): NITF, HTML, XHTML, plain.
_RANK = {"nitf": 0, "text/vnd.iptc.nitf": 0, "text/html": 1, "application/xhtml+xml": 2}
_OTHER_ROLES = ("headline", "abstract", "teaser", "summary", "caption", "title", "preview")


def _g2_source(item: etree._Element, text: str) -> Source:
    head = _first(item, "contentMeta", "headline")
    content = _first(item, "contentSet")
    body = ""
    if content is not None:
        for rendition in content:
            name = _local(rendition.tag)
            if name == "inlineXML":
                body = _xml_text(rendition, skip=_NOT_BODY)
                break
            if name == "inlineData":
                body = _markup_text(rendition.text or "")
                break
    headline = _xml_text(head) if head is not None else None
    media = any(_local(e.tag) in ("remoteContent", "itemRef") for e in item.iter())
    return Source(headline, body, text, media)


def _nitf_source(root: etree._Element, text: str) -> Source:
    hl1 = next((e for e in root.iter() if _local(e.tag) == "hl1"), None)
    bodies = [e for e in root if _local(e.tag) == "body"]
    contents = [e for b in bodies for e in b if _local(e.tag) == "body.content"]
    skip = ("media", "note", "fn", "nitf-table-metadata")  # not body text (SPEC §12)
    body = " ".join(_xml_text(content, skip=skip) for content in contents)
    media = any(_local(e.tag) == "media-reference" for e in root.iter())
    return Source(_xml_text(hl1) if hl1 is not None else None, body, text, media)


def _ninjs_source(doc: dict[str, object], text: str) -> Source:
    headline = doc.get("headline")
    heads = doc.get("headlines")
    if not isinstance(headline, str) and isinstance(heads, list) and heads:
        first = heads[0]
        headline = first.get("value") if isinstance(first, dict) else None
    body = ""
    bodies = doc.get("bodies")
    usable = [b for b in bodies if isinstance(b, dict)] if isinstance(bodies, list) else []
    if usable:

        def rank(entry: dict[str, object]) -> int:
            kind = str(entry.get("contenttype") or entry.get("contentType") or "").lower()
            role = str(entry.get("role") or "").lower()
            other = any(word in role for word in _OTHER_ROLES)
            return _RANK.get(kind, 3) + (10 if other else 0)

        value = str(min(usable, key=rank).get("value", ""))
        if "<nitf" in value:  # a whole NITF document: its body.content is the body
            root = parse(value.encode()).getroot()
            body = _nitf_source(root, text).body
        else:
            body = _markup_text(value)
    else:
        for key in ("body_html", "body_xhtml", "body_text"):
            if isinstance(doc.get(key), str):
                body = _markup_text(str(doc[key]))
                break
    media = bool(doc.get("renditions") or doc.get("associations"))
    return Source(headline if isinstance(headline, str) else None, body, text, media)


def all_text(data: bytes, is_json: bool) -> str:
    """All the text a document holds (markup removed, whitespace dropped): what an imported
    value must be a piece of."""
    pieces: list[str] = []
    if is_json:

        def walk(value: object) -> None:
            if isinstance(value, str):
                pieces.extend((value, _markup_text(value)))
            elif isinstance(value, dict):
                for entry in value.values():
                    walk(entry)
            elif isinstance(value, list):
                for entry in value:
                    walk(entry)

        walk(json.loads(data))
    else:
        root = parse(data).getroot()
        pieces.append("".join(t for t in root.itertext() if isinstance(t, str)))
        for node in root.iter():
            if _local(node.tag) == "inlineData":
                pieces.append(_markup_text(node.text or ""))
    return squeeze("\n".join(pieces))


@dataclass
class Verdict:
    """The outcome for one item."""

    where: str
    faithful: bool
    rightly_refused: bool
    reason: str


def _judge(item: NewsItem | None, source: Source, refusal: str, where: str) -> Verdict:
    has_content = bool(squeeze(source.body)) or source.media
    if item is None:
        rightly = not has_content and "NI507" in refusal
        return Verdict(where, False, rightly, f"refused: {refusal}")
    wanted = squeeze(source.headline or "")
    if wanted and (item.headline is None or squeeze(item.headline) != wanted):
        return Verdict(where, False, False, f"headline {item.headline!r}")
    got = squeeze("".join(item.body))
    want = squeeze(source.body)
    if want and not 0.95 * len(want) <= len(got) <= 1.05 * len(want):
        return Verdict(where, False, False, f"body has {len(got)} of {len(want)} characters")
    for paragraph in item.body:
        tag = _TAG.search(paragraph)
        if tag is not None and tag.group() not in source.body:
            return Verdict(where, False, False, f"markup read as text: {tag.group()!r}")
    texts = [item.headline, *item.body, *(m.caption for m in item.media)]
    texts += [r.title for r in getattr(item, "related", ())]  # (items before format 1.1 had none)
    for text in texts:
        if text is not None and squeeze(text) not in source.text:
            return Verdict(where, False, False, f"text not in the source: {text[:60]!r}")
    return Verdict(where, True, False, "")


def judge_file(path: Path) -> list[Verdict]:
    """The verdict on every item of one document."""
    data = path.read_bytes()
    form = sniff(data)
    if form is None or form not in FORMS:
        raise ValueError("not an IPTC document")
    is_json = form.startswith("ninjs")
    text = all_text(data, is_json)
    if form == "newsml-g2-message":
        root = parse(data).getroot()
        items = [e for e in root.iter() if _local(e.tag) in ("newsItem", "packageItem")]
        verdicts = []
        for element, entry in zip(items, newsml_g2.iter_message(data), strict=True):
            item = entry.decoded.item if entry.decoded is not None else None
            refusal = " ".join(i.code for i in entry.issues)
            source = _g2_source(element, text)
            verdicts.append(_judge(item, source, refusal, f"{path.name}{entry.where}"))
        return verdicts
    if is_json:
        source = _ninjs_source(json.loads(data), text)
    elif form == "nitf":
        source = _nitf_source(parse(data).getroot(), text)
    else:
        source = _g2_source(parse(data).getroot(), text)
    try:
        item: NewsItem | None = FORMS[form].codec.load(data).item
        refusal = ""
    except NewsItemError as exc:
        item, refusal = None, str(exc)
    return [_judge(item, source, refusal, path.name)]


def main(argv: list[str]) -> int:
    """Print the verdict per item (with --verbose) and the rates."""
    verbose = "--verbose" in argv
    paths: list[Path] = []
    for arg in (a for a in argv if a != "--verbose"):
        target = Path(arg)
        found = sorted(target.rglob("*")) if target.is_dir() else [target]
        paths += [p for p in found if p.suffix in (".xml", ".json") and p.is_file()]
    verdicts: list[Verdict] = []
    for path in paths:
        try:
            verdicts += judge_file(path)
        except (NewsItemError, ValueError, KeyError) as exc:  # not an IPTC document
            if verbose:
                sys.stdout.write(f"skipped {path.name}: {exc}\n")
    faithful = sum(v.faithful for v in verdicts)
    refused = sum(v.rightly_refused for v in verdicts)
    if verbose:
        for v in verdicts:
            mark = "ok" if v.faithful else "refused (no content)" if v.rightly_refused else "NO"
            sys.stdout.write(f"{mark:>20}  {v.where}  {v.reason}\n")
    total = len(verdicts)
    with_content = total - refused
    sys.stdout.write(
        f"{total} items: {faithful} faithful ({faithful / max(total, 1):.0%}); "
        f"{refused} rightly refused (no content); "
        f"faithful among items with content: {faithful}/{with_content} "
        f"({faithful / max(with_content, 1):.0%})\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
