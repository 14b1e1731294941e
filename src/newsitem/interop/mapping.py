"""The field-by-field mapping table (``mapping.json``) and what follows from it: the fields a
form does not give back exactly, the item a round trip must give back, and the Markdown table
of SPEC.md's Interoperability section.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from importlib import resources
from typing import Any

from newsitem.model import NewsItem, Rights

FORM_NAMES: tuple[str, ...] = ("ninjs1", "ninjs", "ninjs3", "newsml-g2", "nitf")
EXACT_KINDS = frozenset({"exact", "constant"})


@cache
def table() -> dict[str, Any]:
    """The mapping table, parsed once."""
    text = resources.files("newsitem.interop").joinpath("mapping.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def entry(form: str, name: str) -> dict[str, Any]:
    """The mapping of one newsitem field in one form.

    Raises:
        KeyError: for an unknown form or field.
    """
    for row in table()["fields"]:
        if row["field"] == name:
            found: dict[str, Any] = row[form]
            return found
    raise KeyError(name)


def fields() -> tuple[str, ...]:
    """The newsitem fields the table covers, in table order."""
    return tuple(row["field"] for row in table()["fields"])


def not_exact(form: str) -> dict[str, str]:
    """Field -> export kind, for every field a round trip through the form does not give back
    exactly (``lost`` or a transform such as ``tab-to-space``)."""
    return {
        row["field"]: row[form]["export"]
        for row in table()["fields"]
        if row[form]["export"] not in EXACT_KINDS
    }


def lossy_fields(form: str) -> frozenset[str]:
    """The fields a form does not carry exactly (the codec's ``LOSSY_FIELDS``)."""
    return frozenset(not_exact(form))


def _tab(value: str | None) -> str | None:
    return None if value is None else value.replace("\t", " ")


def _tabs(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        clean = value.replace("\t", " ")
        if clean not in out:
            out.append(clean)
    return tuple(out)


def expected_roundtrip(item: NewsItem, form: str) -> NewsItem:
    """The item newsitem -> form -> newsitem must give back, as the table declares: exact
    fields unchanged, transformed fields transformed, lost fields gone."""
    changes: dict[str, Any] = {}
    rights = item.rights
    for name, kind in not_exact(form).items():
        if name.startswith("rights."):
            if rights is None:
                continue
            part = name.split(".", 1)[1]
            value: str | None = getattr(rights, part)
            new: str | None = (
                None if kind == "lost" else _tab(value) if kind == "tab-to-space" else value
            )
            if part == "notice" and new is None:
                rights = None
            else:
                rights = dataclasses.replace(rights, **{part: new})  # type: ignore[arg-type]
            continue
        value = getattr(item, name)
        if kind == "lost":
            changes[name] = () if isinstance(value, tuple) else None
        elif kind == "tab-to-space":
            changes[name] = _tabs(value) if isinstance(value, tuple) else _tab(value)
        else:  # pragma: no cover - the table only uses the kinds above
            raise ValueError(f"unknown export kind {kind!r}")
    if rights is not item.rights:
        changes["rights"] = rights if isinstance(rights, Rights) else None
    return dataclasses.replace(item, **changes)


def to_markdown() -> str:
    """The Interoperability section of SPEC.md, generated from the table."""
    data = table()
    forms = data["forms"]
    out = [
        "## 12. Interoperability with the IPTC standards",
        "",
        "newsitem reads and writes five IPTC forms (and NewsML-G2 newsMessage feeds). This section",
        "is generated from",
        "`src/newsitem/interop/mapping.json`, the table the code and the tests read too",
        "(`python -m newsitem.interop.mapping` prints it).",
        "",
    ]
    for name in FORM_NAMES:
        out.append(f"- **{forms[name]['title']}** (`{name}`): {forms[name]['standard']}.")
    out += [
        "",
        "### Field by field",
        "",
        "Export kinds: *exact* (a round trip gives the value back), *tab-to-space* (see",
        "below), *constant* (not written, restored by the reader), *lost* (not carried).",
        "",
        "| newsitem | " + " | ".join(forms[n]["title"] for n in FORM_NAMES) + " |",
        "|---|" + "---|" * len(FORM_NAMES),
    ]
    for row in data["fields"]:
        cells = []
        for name in FORM_NAMES:
            cell = row[name]
            text = f"`{cell['target']}`" if not cell["target"].startswith("(") else cell["target"]
            text += f" — {cell['export']}"
            if cell.get("note"):
                text += f"; {cell['note']}"
            cells.append(text.replace("|", "\\|"))
        out.append(f"| `{row['field']}` | " + " | ".join(cells) + " |")
    out += ["", "### Fixed parts of every exported document", ""]
    for name in FORM_NAMES:
        out.append(f"- {forms[name]['title']}: " + "; ".join(forms[name]["fixed"]) + ".")
    out += ["", "### Derived parts and transforms", ""]
    for name, text in data["derived"].items():
        out.append(f"- {forms[name]['title']}: {text}")
    for name, text in data["transforms"].items():
        out.append(f"- *{name}*: {text}")
    out += ["", "### Declared losses", ""]
    for name in FORM_NAMES:
        lossy = not_exact(name)
        listed = ", ".join(f"`{f}` ({k})" for f, k in lossy.items()) or "none"
        out.append(f"- {forms[name]['title']}: {listed}.")
    out += ["", "### Import (IPTC → newsitem)", ""]
    out += [f"- {rule}" for rule in data["import"]["rules"]]
    out += ["", "### Bodies", ""]
    out += [f"- {rule}" for rule in data["bodies"]]
    out += [
        "",
        "### Issues of import",
        "",
        "These rows belong to the code table of section 8 too (same format).",
        "",
        "| code | severity | meaning | example |",
        "|---|---|---|---|",
    ]
    from newsitem.issues import CODES

    examples = data["import"]["warning_examples"]
    for code, info in CODES.items():
        if code.startswith("NI5"):
            out.append(f"| {code} | {info.severity} | {info.title} | {examples[code]} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(to_markdown())
