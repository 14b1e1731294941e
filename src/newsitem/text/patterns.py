"""Shapes of agency copy and page furniture, as patterns (no page-specific strings).

Each function looks at one line or paragraph of a raw page and says what it is: a dateline with
its credit (``LONDON (Reuters) -``, ``San José (EFE).-``, ``/PRNewswire/ --``), a date line, a
byline, a photo caption or credit, a breadcrumb, a reading-time or relative-age fragment, a
blog-feed footer (``The post … appeared first on …``), a teaser cut by ``… Read more``, a
contact line, a copyright holder, an agency sign-off. The reader (``raw``) combines these
answers with the line's position to place it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsitem.text.vocab import agencies, words_of

_DASH = r"(?:--|[-–—](?![\w])|[-–—]{1,2}(?=\S)|\.-)"
_NAME = r"[A-Za-zÀ-ÿ][\w&'’. -]{0,28}?[\w.]"
#: A credit in parentheses or slashes: (Reuters), (EFE), /TASS/, /PRNewswire-FirstCall/.
_CREDIT = re.compile(rf"\((?P<p>{_NAME}|[A-Za-z]{{2,}})\)|/(?P<s>{_NAME})/")
_NOT_CREDIT = re.compile(r"(?i)\b(?:photo|foto|image|file|pix|video|update|i|r|l|c|ap photo)\b")
_PLACE = re.compile(r"[A-ZÀ-Ý][^\s]*")
_BARE_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý'’./-]+(?:[ ,/]+[A-ZÀ-Ý][\w'’./-]*){0,4})\s+(?:--|[-–—])\s+\S"
)
_SENTENCE = re.compile(r"[.!?…]\s+[A-Z]")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline that opens a paragraph: its text, the credit in it, where the story starts."""

    text: str
    credit: str | None
    end: int


def dateline(text: str) -> Dateline | None:
    """The dateline that opens a paragraph, if any (``SEOUL, Nov. 8 (Yonhap) --``)."""
    for match in _CREDIT.finditer(text[:140]):
        name = (match.group("p") or match.group("s") or "").strip()
        before = text[: match.start()].strip()
        if not _credit_name(name) or not _place_like(before):
            continue
        rest = text[match.end() :]
        tail = re.match(rf"\s*\.?\s*{_DASH}?\s*", rest)
        end = match.end() + (tail.end() if tail else 0)
        dashed = tail is not None and bool(tail.group().strip(" ."))
        if not (dashed or not before or end >= len(text) or rest.startswith((". ", "/. "))):
            continue
        if not dashed and before and end < len(text) and not rest.startswith("."):
            continue
        return Dateline(text[: match.end()].strip(" .") or name, name, end)
    bare = _BARE_DATELINE.match(text)
    if bare is not None and len(bare.group("place")) <= 40:
        return Dateline(bare.group("place"), None, bare.end() - 1)
    return None


def _credit_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 4 or _NOT_CREDIT.search(name) or name[0].isdigit():
        return False
    if name.casefold() in agencies():
        return True
    return name[0].isupper() or name.isalpha()


def _place_like(before: str) -> bool:
    """The text before a credit: nothing, or a short place and date (``BEIJING, September 2.``)."""
    if not before:
        return True
    words = before.split()
    if len(words) > 8 or len(before) > 70 or not before[0].isupper():
        return False
    lower = [w for w in words if w[0].islower() and not _DATE_TOKEN.match(w)]
    if len(lower) > 1:
        return False
    return not _SENTENCE.search(before.rstrip(" .–—-") + " ") or len(words) <= 4


def dateline_only(text: str) -> Dateline | None:
    """A line that is nothing but a dateline (``Hamburg (ots)``, ``NORTHBROOK, Ill.–(X)–``)."""
    found = dateline(text)
    if found is None or found.credit is None:
        return None
    if text[found.end :].strip(" -–—.:") == "":
        return found
    return None


# --- dates, bylines, captions ----------------------------------------------------------------

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    "|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober"
    "|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre"
    "|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|gennaio"
    "|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|gen|giu|lug|ago|set|ott|dic"
)
_DAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
    "|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi"
    "|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    "|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|lunedì|martedì"
    "|mercoledì|giovedì|venerdì|sabato"
)
_DATE_TOKEN = re.compile(
    rf"(?i)^(?:{_MONTHS}|{_DAYS})\.?,?$|^\d{{1,4}}(?:st|nd|rd|th)?[.,]?$|^\d{{1,2}}[:.]\d{{2}}"
    r"(?:am|pm)?,?$|^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?$|^(?:am|pm|a\.m\.|p\.m\.|gmt|utc|et|edt"
    r"|est|cet|cest|bst|pt|pdt|pst|ct|cdt|uhr|h)\.?,?$|^(?:de|del|of|the|le|el|um|à|at|on|-|–|/|\|)$"
)
_YEAR = re.compile(r"\d{4}[.,]?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?")
_MONTH = re.compile(rf"(?i)(?:{_MONTHS})\.?,?")
_AGE = re.compile(
    r"(?i)(?:^|\s+[/|·•-]?\s*)(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?"
    r"|weeks?|months?|years?)\s+ago\s*$"
)
_READING = re.compile(
    r"(?i)(?:^|\s+[|·•-]?\s*)<?\s*(?:\d+|an?|one)\s+(?:min(?:ute)?s?\.?|minutes?)(?:\s+(?:read|"
    r"reading|de lectura|de leitura|di lettura|de lecture|lesezeit|lesen))?\s*$"
)


def date_line(text: str) -> str | None:
    """The date of a line that holds only a date (and time, weekday, reading time), else None.

    Returns the date part without a reading-time or relative-age tail.
    """
    if len(text) > 100 or text.count(" ") > 14:
        return None
    core = _READING.sub("", _AGE.sub("", text)).strip(" /|·-–")
    core = core.strip("[]() ")
    if not core:
        return None
    tokens = core.replace(",", " , ").split()
    tokens = [t for t in tokens if t != ","]
    if not tokens or len(tokens) > 12:
        return None
    dated = [t for t in tokens if _DATE_TOKEN.match(t)]
    has_year_or_month = any(_YEAR.fullmatch(t) or _MONTH.fullmatch(t) for t in tokens)
    if has_year_or_month and len(tokens) - len(dated) == 0:
        return text.strip()[: len(text)] if core == text.strip() else core
    return None


def reading_fragment(text: str) -> bool:
    """True for a reading-time or relative-age fragment (``1 minute``, ``< a min read``)."""
    return bool(_READING.fullmatch(text) or _AGE.fullmatch(text)) or bool(
        re.fullmatch(r"(?i)<?\s*(?:\d+|an?)\s+min(?:ute)?s?\.?(?:\s+read)?", text)
    )


_BYLINE = re.compile(
    r"^(?:,\s*)?(?:by|por|par|di|von|de|door|av|af)\s+(?P<name>[A-ZÀ-Ý][^\n]{1,100})$",
    re.IGNORECASE,
)


def byline(text: str) -> str | None:
    """The name(s) of a byline line (``By Jane Roe and John Doe``), else None."""
    match = _BYLINE.match(text)
    if match is None:
        return None
    name = match.group("name").split(" | ")[0].strip()
    words = name.split()
    if len(words) > 12 or (name.endswith((".", "!", "?", ":")) and not name.endswith("..")):
        return None
    if not (text[0].isupper() or text.startswith(",")) or not name[0].isupper():
        return None
    capital = [w for w in words if w[0].isupper() or w[0] in "(&" or w.casefold() in _LINKS]
    if len(capital) < len(words):
        return None
    return name


_LINKS = frozenset({"and", "y", "e", "et", "und", "en", "og", "och", "&", "with", "in", "de", "da"})

_PHOTO_CREDIT = re.compile(
    r"(?:\b[A-Z]{2,}/[A-Z][\w .'-]+$|\((?:[A-Z]+ )?(?:Photo|Foto|Photograph)\b[^)]*\)|"
    r"\((?:Photo|Foto|Image|Picture)\s*:[^)]*\)|\b(?:Getty Images|Shutterstock|AP Photo|EPA-EFE"
    r"|Photo by|Foto:|Photo:)|^(?:FILE PHOTO|FILE)\s*:|Picture taken)"
)


def photo_credit(text: str) -> re.Match[str] | None:
    """The last photo credit inside a line (``REUTERS/Name``, ``(AP Photo)``, ``(Photo: X)``)."""
    found = None
    for found in _PHOTO_CREDIT.finditer(text):  # noqa: B007 (the last one is wanted)
        pass
    return found


_CRUMB = re.compile(r"\s(?:»|›|>|/|\\|→)\s")


def breadcrumb(text: str) -> bool:
    """True for a breadcrumb trail (``Home » Section » Story``)."""
    parts = _CRUMB.split(text)
    if len(parts) < 3:
        return False
    return "»" in text or "›" in text or parts[0].casefold() in {"home", "inicio", "startseite"}


_FOOTERS = (
    re.compile(r"^The post .+ appeared first on (?P<pub>.+?)\.?$"),
    re.compile(r"^La entrada .+ se publicó primero en (?P<pub>.+?)\.?$"),
    re.compile(r"^O post .+ apareceu primeiro em (?P<pub>.+?)\.?$"),
    re.compile(r"^L[’']articolo .+ proviene da (?P<pub>.+?)\.?$"),
    re.compile(r"^L[’']article .+ est apparu en premier sur (?P<pub>.+?)\.?$"),
    re.compile(r"^Der Beitrag .+ erschien zuerst auf (?P<pub>.+?)\.?$"),
)


def feed_footer(text: str) -> str | None:
    """The publisher named by a blog-feed footer (``The post X appeared first on Y.``)."""
    for pattern in _FOOTERS:
        match = pattern.match(text)
        if match is not None:
            return match.group("pub")
    return None


_MORE = re.compile(
    r"(?i)(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*(?:read more|more|leer más|seguir leyendo|leia mais"
    r"|continuar lendo|leggi tutto|leggi|lire la suite|weiterlesen|mehr|continue reading)\W*$"
)


def teaser(text: str) -> bool:
    """True for a teaser cut off by an ellipsis and a read-more link."""
    return bool(_MORE.search(text))


_CONTACT = re.compile(
    r"(?i)^(?:for (?:\w+ )?(?:queries|enquiries|inquiries|questions|information)\b"
    r"|(?:media |press )?contacts?\b:?|investor (?:relations|contact)\b|source:?\s+[A-Z])"
)


def contact(text: str) -> bool:
    """True for a contact line of a release or advisory (``For story queries, please contact``)."""
    return bool(_CONTACT.match(text)) and len(text.split()) <= 12


_ABOUT = re.compile(r"^(?:About|Über|À propos de|Acerca de|Sobre|Informazioni su)\s+\S.{0,60}$")


def about_heading(text: str) -> bool:
    """True for the heading of a press release's company boilerplate (``About Northwind``)."""
    return bool(_ABOUT.match(text)) and len(text.split()) <= 6 and not text.endswith(".")


_LOGO = re.compile(r"^(?P<name>.{2,40}?)\s+(?:logo|Logo|LOGO)$")


def logo(text: str) -> str | None:
    """The name in a logo's alt text (``Northwind logo``), else None."""
    match = _LOGO.match(text)
    return match.group("name") if match is not None else None


_SECTION = re.compile(
    r"^(?:Posted in|Filed under|Published in|Category|Categories|Tag Archives|Archives|Tags?)"
    r":?\s+(?P<name>\S.{0,60})$"
)


def section(text: str) -> str | None:
    """The section named by ``Posted in X`` / ``Tag Archives: X``, else None."""
    match = _SECTION.match(text)
    return match.group("name") if match is not None else None


_COPYRIGHT = re.compile(
    r"^(?:Copyright|\(c\)|©)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?(?P<holder>[^.|]{2,60}?)"
    r"(?:\s+[-–|]\s+.*|[.,]\s.*|\.)?$",
    re.IGNORECASE,
)
_RESERVED = re.compile(
    r"(?i)rights reserved|riproduzione|reservad|réservés|vorbehalten|riservat|provided by"
)


def copyright_holder(text: str) -> str | None:
    """The holder named by a copyright line (``Copyright 2020 Northwind Wire. All rights…``)."""
    match = _COPYRIGHT.match(text)
    if match is None:
        return None
    holder = match.group("holder").strip(" ,")
    if not holder or _RESERVED.search(holder) or not holder[0].isalpha():
        return None
    return holder


_SIGN_OFF = re.compile(r"(?<=[.!?”\"»)])\s+(?P<tag>[A-Za-z][A-Za-z-]{1,11})$")
_INITIALS = re.compile(r"\s+(?P<tag>\((?:[A-Z][a-z]{1,3}(?:[/-][A-Z][a-z]{0,3})*)\))$")


def sign_off(text: str) -> re.Match[str] | None:
    """An agency sign-off after the last sentence (``… said. EFE``) or editor initials."""
    match = _SIGN_OFF.search(text)
    if match is not None:
        tag = match.group("tag")
        if tag.isupper() or tag.casefold() in agencies():
            return match
    return _INITIALS.search(text)


def agency_in(text: str) -> str | None:
    """A known agency name standing as a word in a short line (``AFP Top News``)."""
    for word in re.split(r"\s{2,}|\s+[-–|]\s+|\s", text):
        if word and word.casefold() in agencies() and len(word) > 1:
            return word
    return None


def stop_share(text: str, language: str | None) -> float:
    """The share of a text's words that are stop words of the language."""
    words = [w.strip(".,;:!?\"'“”‘’()«»„").casefold() for w in text.split()]
    words = [w for w in words if w]
    if not words or language is None:
        return 0.0
    stops = words_of(language)
    return sum(w in stops for w in words) / len(words)


_REPORTING = re.compile(
    r"^\(?(?:Reporting|Additional reporting|Writing|Editing|Compiled|Reported|Edited|Written)"
    r"(?: by)?\b[^\n]{1,200}$"
)


def reporting_credit(text: str) -> bool:
    """True for a credit line of the reporters and editors (``Reporting by …; Editing by …``)."""
    return bool(_REPORTING.match(text)) and " by " in f" {text} " and len(text.split()) <= 30
