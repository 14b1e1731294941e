"""Which language a text is written in, from the share of each language's stop words.

Function words are the most frequent words of running text and differ between languages, so
counting them tells English, German, French, Spanish, Italian, Portuguese and Dutch apart on a
paragraph or two with no model and no dependency. A language is named only when its words are
clearly ahead (at least 12% of the words, and 1.3 times the runner-up); otherwise None.
"""

from __future__ import annotations

from functools import cache

from newsitem.text.vocab import stop_words

_TRIM = ".,;:!?\"'“”‘’()«»„[]—–-"


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Stop word -> the languages it belongs to."""
    index: dict[str, list[str]] = {}
    for code, words in stop_words().items():
        for word in words:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text``, or None when it is not clear."""
    words = [w.strip(_TRIM).casefold() for w in text.split()]
    words = [w for w in words if w]
    if len(words) < 8:
        return None
    index = _index()
    counts = dict.fromkeys(stop_words(), 0)
    for word in words:
        for code in index.get(word, ()):
            counts[code] += 1
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 0.12 * len(words) or top < 1.3 * second:
        return None
    return best
