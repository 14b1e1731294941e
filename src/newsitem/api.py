"""The public reading and writing verbs: ``loads``/``dumps`` for bytes, ``load``/``dump`` for
files, in every form of the registry (``newsitem.forms.FORMS``).

Writing validates first: ``dumps`` raises ``InvalidNewsItem`` for an item that breaks the format
(unless ``validate=False``), so a producer cannot write an invalid document by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsitem.codecs import DEFAULT_READ, ReadOptions
from newsitem.errors import InvalidNewsItem, UsageError
from newsitem.model import NewsItem

__all__ = ["dump", "dumps", "load", "loads"]


def _form(form: str) -> object:
    from newsitem.forms import FORMS

    if form not in FORMS:
        raise UsageError(f"unknown form {form!r}; the forms are: " + ", ".join(FORMS))
    return FORMS[form]


def loads(
    data: bytes | str, form: str | None = None, *, options: ReadOptions = DEFAULT_READ
) -> NewsItem:
    """Read one item from the bytes (or text) of a document.

    Args:
        data: the document.
        form: ``json``, ``xml``, ``text``, ``ninjs``, ``ninjs3``, ``newsml-g2`` or ``nitf``;
            None tells the form from the content.
        options: how to read (strict mode, IPTC schema folder, size limit).

    Raises:
        ParseError: the data is not a document of the form.
        InvalidNewsItem: it is one, but breaks the format (every error is in ``issues``).
        UsageError: an unknown form, or a feed form (a feed holds many items).
    """
    from newsitem.forms import FORMS, sniff

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    chosen = form or sniff(raw[:65536])
    _form(chosen)
    if FORMS[chosen].feed is not None:
        raise UsageError(f"{chosen} is a feed form; read feeds with newsitem.check or convert")
    return FORMS[chosen].codec.load(raw, options).item


def dumps(item: NewsItem, form: str = "json", *, validate: bool = True) -> bytes:
    """The document of an item in a form (a feed form gives a feed of that one item).

    Args:
        item: the item.
        form: any form of the registry; default newsitem JSON.
        validate: check the item first and refuse an invalid one (the default).

    Raises:
        InvalidNewsItem: the item breaks the format (every error is in ``issues``).
        ConversionError: the form cannot hold the item.
        UsageError: an unknown form.
    """
    from newsitem.forms import FORMS
    from newsitem.validate import iter_issues

    if not isinstance(item, NewsItem):
        raise TypeError(f"dumps needs a NewsItem, not {type(item).__name__}")
    _form(form)
    if validate:
        errors = [i for i in iter_issues(item) if i.severity == "error"]
        if errors:
            raise InvalidNewsItem(errors)
    target = FORMS[form]
    if target.feed is not None:
        return target.feed.header() + target.feed.item(item) + target.feed.footer()
    return target.codec.dumps(item)


def load(
    path: str | os.PathLike[str],
    form: str | None = None,
    *,
    options: ReadOptions = DEFAULT_READ,
) -> NewsItem:
    """Read one item from a file (its form from ``form``, else its name and content).

    Raises:
        OSError: the file cannot be read.
        ParseError, InvalidNewsItem, UsageError: as ``loads``.
    """
    from newsitem.forms import form_from_name, sniff

    data = Path(path).read_bytes()
    chosen = form or sniff(data[:65536], form_from_name(Path(path).name))
    return loads(data, chosen, options=options)


def dump(
    item: NewsItem,
    path: str | os.PathLike[str],
    form: str | None = None,
    *,
    validate: bool = True,
) -> None:
    """Write an item to a file, atomically (a complete file or none); an existing file is
    replaced. The form is ``form``, else the one the file name suggests (``.json``, ``.xml``,
    ``.txt``, ``.jsonl``).

    Raises:
        UsageError: no form given and the name suggests none.
        InvalidNewsItem, ConversionError: as ``dumps``; nothing is written then.
        OSError: the file cannot be written.
    """
    from newsitem._atomic import write_atomic
    from newsitem.forms import form_from_name

    target = Path(path)
    chosen = form or form_from_name(target.name)
    if chosen is None:
        raise UsageError(f"{target}: cannot tell the form from the name; pass form=")
    write_atomic(target, dumps(item, chosen, validate=validate), force=True)
