"""Splitting glued list values: ``TextVideo`` -> Text, Video.

Flattened pages lose the separators between the values of one field. A value is split only at
*glue points*: an uppercase letter directly after a lowercase letter, a digit or a closing mark,
never after a space, so ``Business & Finance`` and ``Europe / Middle East / Africa`` stay whole.
Among the glue points, a dynamic programme picks the segmentation that covers the most
characters with known terms (the field's vocabulary and the words with inner capitals), then
uses the fewest known terms. What no known term covers is split at the remaining
lowercase-uppercase glue points (the fallback, a guess), except inside protected words:
``iPhone``, ``McDonald's``, ``YouTube`` and every ``Mc``/``Mac`` name or one-letter prefix.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from newsitem.text.vocab import field_terms, inner_capitals_exact

#: Explicit separators between values in one metadata line.
_SEPARATORS = re.compile(r"\s*(?:;|\||•|·|,(?=\s))\s*")
_CLOSERS = frozenset(").]!?’”\"'")

How = Literal["whole", "vocabulary", "fallback"]


class Piece(NamedTuple):
    """One value found in a metadata value, with its offset in that value."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Glued:
    """The values of one glued run and how they were found."""

    source: str
    offset: int
    pieces: tuple[Piece, ...]
    how: How


@cache
def _known(field: str) -> frozenset[str]:
    return field_terms(field) | frozenset(w.casefold() for w in inner_capitals_exact())


def _protected(text: str) -> set[int]:
    """Positions that must not become glue points (inside words with inner capitals)."""
    blocked: set[int] = set()
    for word in inner_capitals_exact():
        start = text.find(word)
        while start != -1:
            before = text[start - 1] if start else " "
            at_start = not before.isalpha() or (text[start].isupper() and before.islower())
            if at_start:
                blocked.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    for match in re.finditer(r"(?:(?<![^\W\d_])|(?<=[a-z]))(Mc|Mac)(?=[A-Z])", text):
        blocked.add(match.end())
    for match in re.finditer(r"(?:^|(?<=[\s(\[/\-\"“]))[a-z](?=[A-Z])", text):
        blocked.add(match.end())
    return blocked


def glue_points(text: str) -> list[int]:
    """Positions where two glued values may meet."""
    blocked = _protected(text)
    points: list[int] = []
    for i in range(1, len(text)):
        ch, prev = text[i], text[i - 1]
        if not ch.isupper() or i in blocked:
            continue
        if prev.islower() or prev.isdigit() or prev in _CLOSERS:
            points.append(i)
    return points


def split_glued(text: str, field: str, offset: int = 0) -> Glued:
    """Split one separator-free value into the values glued together in it."""
    points = glue_points(text)
    if not points or text.casefold() in _known(field):
        return Glued(text, offset, (Piece(text, offset),), "whole")
    bounds = [0, *points, len(text)]
    known = _known(field)
    longest = max((len(t) for t in known), default=0)
    # best[k] = (uncovered characters, known terms used) for text[:bounds[k]]
    inf = (len(text) + 1, len(text) + 1)
    best: list[tuple[int, int]] = [inf] * len(bounds)
    back: list[tuple[int, bool]] = [(0, False)] * len(bounds)
    best[0] = (0, 0)
    for k in range(1, len(bounds)):
        end = bounds[k]
        prev = best[k - 1]
        unit = (prev[0] + end - bounds[k - 1], prev[1])
        best[k], back[k] = unit, (k - 1, False)
        for j in range(k - 1, -1, -1):
            start = bounds[j]
            if end - start > longest:
                break
            if text[start:end].casefold() in known:
                cand = (best[j][0], best[j][1] + 1)
                if cand < best[k]:
                    best[k], back[k] = cand, (j, True)
    segments: list[tuple[int, int, bool]] = []
    k = len(bounds) - 1
    while k > 0:
        j, is_known = back[k]
        segments.append((bounds[j], bounds[k], is_known))
        k = j
    segments.reverse()
    # merge neighbouring unknown units, then split them at lowercase-uppercase points only
    merged: list[tuple[int, int, bool]] = []
    for seg in segments:
        if merged and not seg[2] and not merged[-1][2]:
            merged[-1] = (merged[-1][0], seg[1], False)
        else:
            merged.append(seg)
    pieces: list[Piece] = []
    guessed = False
    point_set = set(points)
    for start, end, is_known in merged:
        if is_known:
            pieces.append(Piece(text[start:end], offset + start))
            continue
        cuts = [start] + [
            i for i in range(start + 1, end) if i in point_set and text[i - 1].islower()
        ]
        cuts.append(end)
        for a, b in itertools.pairwise(cuts):
            pieces.append(Piece(text[a:b], offset + a))
        guessed = True
    if len(pieces) == 1:
        return Glued(text, offset, (Piece(text, offset),), "whole")
    return Glued(text, offset, tuple(pieces), "fallback" if guessed else "vocabulary")


def split_value(value: str, field: str) -> list[Glued]:
    """Split a metadata value at explicit separators, then split each part's glued values."""
    if value.casefold() in _known(field):
        return [Glued(value, 0, (Piece(value, 0),), "whole")]
    out: list[Glued] = []
    pos = 0
    for match in [*_SEPARATORS.finditer(value), None]:
        end = match.start() if match is not None else len(value)
        part = value[pos:end]
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.append(split_glued(part.strip(), field, pos + lead))
        if match is not None:
            pos = match.end()
    return out
