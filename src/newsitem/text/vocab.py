"""The packaged vocabularies of the raw-text reader (``newsitem/data/vocab/*.txt``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsitem.model import LIST_FIELDS


def _entries(name: str) -> tuple[str, ...]:
    """The entries of one vocabulary file: one per line, ``#`` comments and blanks skipped."""
    text = resources.files("newsitem.data").joinpath("vocab", name).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            out.append(entry)
    return tuple(out)


@cache
def field_terms(field: str) -> frozenset[str]:
    """Known values of a list field, case-folded (empty for a field without a file)."""
    if field not in LIST_FIELDS:
        return frozenset()
    return frozenset(term.casefold() for term in _entries(f"{field}.txt"))


@cache
def inner_capitals() -> frozenset[str]:
    """Words with inner capitals that are never split, case-folded."""
    return frozenset(term.casefold() for term in _entries("inner_capitals.txt"))


@dataclass(frozen=True, slots=True)
class Chrome:
    """Page chrome: whole lines (exact or by prefix) and dangling link texts."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    dangling: tuple[str, ...]
    fragments: frozenset[str] = frozenset()

    def is_chrome_line(self, line: str) -> bool:
        """True when a whole (trimmed) line is page chrome."""
        if len(line) > 80:
            return False
        folded = " ".join(line.split()).casefold()
        return (
            folded in self.exact
            or folded in self.fragments
            or any(folded.startswith(p) for p in self.prefixes)
        )


@cache
def chrome() -> Chrome:
    """The chrome vocabulary."""
    exact: set[str] = set()
    prefixes: list[str] = []
    for entry in _entries("chrome.txt"):
        if entry.endswith("*"):
            prefixes.append(entry[:-1].casefold())
        else:
            exact.add(entry.casefold())
    dangling = sorted((d.casefold() for d in _entries("dangling.txt")), key=len, reverse=True)
    fragments = frozenset(f.casefold() for f in _entries("fragments.txt"))
    return Chrome(frozenset(exact), tuple(prefixes), tuple(dangling), fragments)


@cache
def rights_cues() -> tuple[tuple[str, int], ...]:
    """Rights-notice wording with its weight (2 for strong cues, 1 for weak ones)."""
    cues: list[tuple[str, int]] = []
    for entry in _entries("rights.txt"):
        if entry.startswith("~"):
            cues.append((entry[1:].casefold(), 1))
        else:
            cues.append((entry.casefold(), 2))
    return tuple(cues)


def looks_like_rights(paragraph: str) -> bool:
    """True when a paragraph reads like a rights notice."""
    folded = paragraph.casefold()
    if folded.startswith(("copyright", "©", "(c) ")):
        return True
    score = sum(weight for cue, weight in rights_cues() if cue in folded)
    return score >= 2


@cache
def inner_capitals_exact() -> tuple[str, ...]:
    """Words with inner capitals that are never split, as written (matched case-sensitively)."""
    return _entries("inner_capitals.txt")


@cache
def agencies() -> frozenset[str]:
    """News agency and release-wire names, case-folded."""
    return frozenset(name.casefold() for name in _entries("agencies.txt"))


@cache
def stop_words() -> dict[str, frozenset[str]]:
    """Language code -> its frequent function words (``stopwords.txt``)."""
    table: dict[str, frozenset[str]] = {}
    for entry in _entries("stopwords.txt"):
        code, *words = entry.split()
        table[code] = frozenset(words)
    return table


def words_of(language: str) -> frozenset[str]:
    """The stop words of a language (empty for a language without a list)."""
    return stop_words().get(language.split("-", maxsplit=1)[0].casefold(), frozenset())
