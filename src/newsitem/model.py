"""The news item model: frozen, typed dataclasses with no I/O and no rules.

One field table (``ITEM_FIELDS`` and the ``FIELDS`` of each object class) lists every field of
the format once, in schema order, with the version that introduced it; ``to_dict``/``from_dict``,
the text readers' label lists and the versions an item needs all derive from it, and a test
holds it equal to the properties of every packaged JSON Schema (the XML mapping is read from
the schema's ``x-xml`` annotations).

Items check their types when built: a ``str`` where a list belongs is a ``TypeError``, lists
become tuples, objects may be given as dicts, aware ``datetime`` values become RFC 3339
strings. Whether the values are *valid* (lengths, patterns, rules) is the validator's job.
Dates stay the exact RFC 3339 strings of the source so that converting never rewrites them;
``NewsItem.published_at`` parses one when a ``datetime`` is wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any, ClassVar, Literal

__all__ = [
    "CURRENT_VERSION",
    "ITEM_FIELDS",
    "LIST_FIELDS",
    "SCALAR_FIELDS",
    "VERSIONS",
    "Byline",
    "ExtraField",
    "FieldSpec",
    "MediaRef",
    "NewsItem",
    "RelatedRef",
    "Rights",
    "Subject",
    "from_dict",
    "from_valid",
    "lowest_version",
    "to_dict",
]

#: Format versions this release's model knows, oldest first.
VERSIONS: tuple[str, ...] = ("1.0", "1.1")
#: The newest version: the one a producer should declare for new fields (SPEC §9).
CURRENT_VERSION = VERSIONS[-1]

Kind = Literal["string", "datetime", "integer", "strings", "object", "objects"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of an object of the format.

    Attributes:
        name: the JSON name, which is also the model attribute.
        kind: ``string``, ``datetime`` (an RFC 3339 string), ``integer``, ``strings`` (a list
            of strings), ``object`` or ``objects`` (a list of objects).
        since: the format version that introduced the field.
        required: whether every object of the class has it, in every version.
        cls: the model class of an object or of each object of a list.
        required_until: the last version that requires the field (the model lets it be
            absent, and an item without it needs a later version): ``headline`` and ``body``
            are required in 1.0 and optional in 1.1 (SPEC §6.8).
    """

    name: str
    kind: Kind
    since: str = "1.0"
    required: bool = False
    cls: type[_Obj] | None = None
    required_until: str | None = None

    def required_in(self, version: str) -> bool:
        """Whether the schema of ``version`` requires the field."""
        until = self.required_until
        return self.required or (until is not None and _version_key(version) <= _version_key(until))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _later(a: str, b: str) -> str:
    return a if _version_key(a) >= _version_key(b) else b


# --- declaring a field once --------------------------------------------------------------------

_SPEC = "newsitem.spec"


def spec(
    kind: Kind,
    since: str = "1.0",
    *,
    required: bool = False,
    cls: type[_Obj] | None = None,
    required_until: str | None = None,
) -> Any:
    """Declare a field of the format on a model class: the dataclass field and its table row.

    The row (``FieldSpec``, named after the attribute) goes into the class's ``FIELDS``, so a
    field is written in one place only. A required field has no default; an optional one
    defaults to ``None``, an optional list to ``()``.
    """
    row = FieldSpec("", kind, since, required, cls, required_until)
    if required:
        return field(metadata={_SPEC: row})
    default = () if kind in ("strings", "objects") else None
    return field(default=default, metadata={_SPEC: row})


def _table(cls: type) -> tuple[FieldSpec, ...]:
    """The ``FIELDS`` of a model class, from its fields declared with ``spec``, in order."""
    return tuple(
        replace(f.metadata[_SPEC], name=f.name)
        for f in dataclass_fields(cls)
        if _SPEC in f.metadata
    )


# --- normalisation at the door ----------------------------------------------------------------


def _rfc3339(value: datetime, where: str) -> str:
    offset = value.utcoffset()
    if offset is None:
        msg = f"{where}: a naive datetime has no time zone; give an aware one (tzinfo set)"
        raise ValueError(msg)
    if offset % timedelta(minutes=1):
        msg = f"{where}: RFC 3339 offsets are whole minutes, not {offset}"
        raise ValueError(msg)
    text = value.isoformat()
    return text[:-6] + "Z" if offset == timedelta(0) else text


def _type_error(where: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{where} must be {expected}, not {type(value).__name__}")


def _normalise(spec: FieldSpec, value: object, owner: str) -> object:
    """Check one field's value and return its normal form (or raise TypeError/ValueError)."""
    where = f"{owner}.{spec.name}"
    kind = spec.kind
    if value is None:
        if spec.required:
            raise TypeError(f"{where} is required and cannot be None")
        return None
    if kind == "datetime" and isinstance(value, datetime):
        return _rfc3339(value, where)
    plain = _PLAIN_TYPES.get(kind)
    if plain is not None:
        if type(value) is not plain:
            raise _type_error(where, _EXPECTED[kind], value)
        return value
    if kind == "object":
        return _object(spec, value, where)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
        raise _type_error(where, "a tuple or list", value)
    if kind == "strings":
        for index, entry in enumerate(value):
            if type(entry) is not str:
                raise _type_error(f"{where}[{index}]", "a str", entry)
        return tuple(value)
    return tuple(_object(spec, entry, f"{where}[{index}]") for index, entry in enumerate(value))


def _object(spec: FieldSpec, value: object, where: str) -> object:
    cls = spec.cls
    assert cls is not None  # the table gives every object field a class
    if type(value) is cls:
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - {f.name for f in cls.FIELDS}
        if unknown:
            msg = f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
            raise TypeError(msg)
        return cls(**value)
    raise _type_error(where, f"a {cls.__name__} or a dict", value)


#: Plan codes: how a field's value is checked and written (decided once per class).
_PLAIN, _LIST, _OBJECT, _OBJECTS = 0, 1, 2, 3
_PLAIN_TYPES: dict[str, type] = {"string": str, "datetime": str, "integer": int}
#: How a type error names what a plain field takes.
_EXPECTED = {
    "string": "a str",
    "datetime": "an RFC 3339 str or an aware datetime",
    "integer": "an int",
}


Plan = tuple[tuple[str, int, Any, bool, FieldSpec], ...]


def _plan(fields: tuple[FieldSpec, ...]) -> Plan:
    """Per field: name, plan code, expected type (plain) or class (objects), required, spec."""
    plan: list[tuple[str, int, Any, bool, FieldSpec]] = []
    for spec in fields:
        if spec.kind in _PLAIN_TYPES:
            plan.append((spec.name, _PLAIN, _PLAIN_TYPES[spec.kind], spec.required, spec))
        elif spec.kind == "strings":
            plan.append((spec.name, _LIST, str, spec.required, spec))
        else:
            code = _OBJECT if spec.kind == "object" else _OBJECTS
            plan.append((spec.name, code, spec.cls, spec.required, spec))
    return tuple(plan)


def _getter(fields: tuple[FieldSpec, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """All field values of an object in one call (a C-level attrgetter)."""
    names = [f.name for f in fields]
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (get(obj),)
    return get


def _check_fields(obj: object, plan: Plan, values: tuple[Any, ...]) -> None:
    """Check every field of a freshly built object; normalise the values that need it."""
    for (name, code, expected, required, spec), value in zip(plan, values, strict=True):
        if code == _PLAIN:
            if type(value) is expected or (value is None and not required):
                continue
        elif code == _LIST:
            if type(value) is tuple and set(map(type, value)) <= _STR:
                continue
        elif code == _OBJECTS:
            if type(value) is tuple and set(map(type, value)) <= {expected}:
                continue
        elif type(value) is expected or (value is None and not required):
            continue
        object.__setattr__(obj, name, _normalise(spec, value, type(obj).__name__))


_STR = frozenset({str})


class _Checker:
    """The cheap test that an object's fields already have their normal types.

    A straight-line test generated from the field table (one ``type`` comparison per value);
    only when it fails does ``_check_fields`` look at each field, normalise or raise.
    """

    def __init__(self, fields: tuple[FieldSpec, ...]) -> None:
        self.plan = _plan(fields)
        self.get_all = _getter(fields)
        self.fine = _compile_fine(fields)

    def check(self, obj: object) -> None:
        """Normalise the fields of ``obj`` or raise TypeError/ValueError."""
        if not self.fine(obj):
            _check_fields(obj, self.plan, self.get_all(obj))


def _compile_fine(fields: tuple[FieldSpec, ...]) -> Callable[[Any], bool]:
    """Generate ``fine(o)``: True when every field of ``o`` already has its normal type."""
    lines = ["def fine(o):"]
    namespace: dict[str, Any] = {"str": str, "int": int, "tuple": tuple}
    for spec in fields:
        name = spec.name
        if not name.isidentifier():  # pragma: no cover - the table holds identifiers only
            raise ValueError(name)
        lines.append(f"    v = o.{name}")
        if spec.kind in _PLAIN_TYPES:
            kind = _PLAIN_TYPES[spec.kind].__name__
            test = f"type(v) is not {kind}"
            lines.append(
                f"    if {test}:" if spec.required else f"    if v is not None and {test}:"
            )
            lines.append("        return False")
        elif spec.kind == "object" and spec.cls is not None:
            namespace[spec.cls.__name__] = spec.cls
            lines.append(f"    if v is not None and type(v) is not {spec.cls.__name__}:")
            lines.append("        return False")
        else:
            item = "str" if spec.kind == "strings" else spec.cls.__name__ if spec.cls else "str"
            if spec.cls is not None:
                namespace[spec.cls.__name__] = spec.cls
            lines += [
                "    if type(v) is not tuple:",
                "        return False",
                "    for e in v:",
                f"        if type(e) is not {item}:",
                "            return False",
            ]
    lines.append("    return True")
    exec("\n".join(lines), namespace)  # noqa: S102 - code built from the field table above
    function: Callable[[Any], bool] = namespace["fine"]
    return function


class _Obj:
    """What the object classes of the model share: their field table and dict conversion."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[FieldSpec, ...]]

    def __post_init__(self) -> None:
        """Check the types of the fields just set, normalising the values that need it."""
        _CHECKERS[type(self)].check(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON data of the object, keys in schema order, absent fields left out."""
        return _TO_DICT[type(self)](self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Any:
        """Build the object from JSON data (types are checked)."""
        return cls(**data)


@dataclass(frozen=True, kw_only=True, slots=True)
class Rights(_Obj):
    """The rights statement that comes with an item."""

    notice: str = spec("string", required=True)
    holder: str | None = spec("string")
    url: str | None = spec("string")
    license: str | None = spec("string", "1.1")


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtraField(_Obj):
    """One ``Label: value`` pair the fixed fields do not cover."""

    label: str = spec("string", required=True)
    value: str = spec("string", required=True)


@dataclass(frozen=True, kw_only=True, slots=True)
class Byline(_Obj):
    """A person (or desk) credited with the item, with an optional role (1.1)."""

    name: str = spec("string", "1.1", required=True)
    role: str | None = spec("string", "1.1")


@dataclass(frozen=True, kw_only=True, slots=True)
class Subject(_Obj):
    """A coded subject: a code from a scheme (e.g. IPTC Media Topics), with its name (1.1)."""

    scheme: str = spec("string", "1.1", required=True)
    code: str = spec("string", "1.1", required=True)
    name: str | None = spec("string", "1.1")


@dataclass(frozen=True, kw_only=True, slots=True)
class MediaRef(_Obj):
    """A picture, video or audio the item refers to (1.1)."""

    kind: str = spec("string", "1.1", required=True)
    url: str = spec("string", "1.1", required=True)
    mime_type: str = spec("string", "1.1", required=True)
    size: int | None = spec("integer", "1.1")
    duration: int | None = spec("integer", "1.1")
    caption: str | None = spec("string", "1.1")
    credit: str | None = spec("string", "1.1")


#: What a related item is (``RelatedRef.kind``; the schema's enumeration).
RelatedKind = Literal["text", "picture", "video", "audio", "graphic", "package", "other"]


@dataclass(frozen=True, kw_only=True, slots=True)
class RelatedRef(_Obj):
    """An item this item groups (a package) or refers to, named by its identifier (1.1):
    a NewsML-G2 itemRef, a ninjs association, with its role, kind, URL and title."""

    id: str = spec("string", "1.1", required=True)
    rel: str | None = spec("string", "1.1")
    kind: RelatedKind | None = spec("string", "1.1")
    url: str | None = spec("string", "1.1")
    title: str | None = spec("string", "1.1")


#: ``NewsItem.version`` when none is given: the lowest version that holds the fields is chosen.
AUTO_VERSION = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class NewsItem(_Obj):
    """One news item. Empty tuples and ``None`` mean "absent".

    ``headline`` and ``body`` are required in format 1.0 and optional in 1.1 (a picture, video
    or package item has no text, SPEC §6.8); whether an item has what its version requires is
    the validator's job.

    ``version`` is the format version the item declares; left out, it is the lowest version
    that can hold the item's fields (``1.0`` unless a 1.1 field is set), so that items written
    for older consumers stay readable by them.

    Raises:
        TypeError: a value of the wrong type (a ``str`` body, a dict with unknown keys for
            ``rights``...).
        ValueError: a naive ``datetime`` (no time zone), or an offset that is not whole minutes.
    """

    version: str = AUTO_VERSION
    id: str | None = spec("string")
    language: str | None = spec("string")
    title: str | None = spec("string")
    provider: str | None = spec("string")
    service: str | None = spec("string")
    headline: str | None = spec("string", required_until="1.0")
    published: str | None = spec("datetime")
    updated: str | None = spec("datetime")
    body: tuple[str, ...] = spec("strings", required_until="1.0")
    rights: Rights | None = spec("object", cls=Rights)
    content_types: tuple[str, ...] = spec("strings")
    topics: tuple[str, ...] = spec("strings")
    platforms: tuple[str, ...] = spec("strings")
    regions: tuple[str, ...] = spec("strings")
    media_types: tuple[str, ...] = spec("strings")
    extra: tuple[ExtraField, ...] = spec("objects", cls=ExtraField)
    bylines: tuple[Byline, ...] = spec("objects", "1.1", cls=Byline)
    dateline: str | None = spec("string", "1.1")
    subjects: tuple[Subject, ...] = spec("objects", "1.1", cls=Subject)
    keywords: tuple[str, ...] = spec("strings", "1.1")
    urgency: int | None = spec("integer", "1.1")
    pub_status: str | None = spec("string", "1.1")
    embargoed: str | None = spec("datetime", "1.1")
    media: tuple[MediaRef, ...] = spec("objects", "1.1", cls=MediaRef)
    revision: int | None = spec("integer", "1.1")
    related: tuple[RelatedRef, ...] = spec("objects", "1.1", cls=RelatedRef)

    def __post_init__(self) -> None:
        if type(self.version) is not str:
            raise _type_error("NewsItem.version", "a str", self.version)
        _ITEM_CHECKER.check(self)
        if self.version == AUTO_VERSION:
            object.__setattr__(self, "version", lowest_version(self))

    @property
    def published_at(self) -> datetime | None:
        """``published`` as an aware datetime, or None."""
        return _parse_datetime(self.published)

    @property
    def updated_at(self) -> datetime | None:
        """``updated`` as an aware datetime, or None."""
        return _parse_datetime(self.updated)

    def to_dict(self) -> dict[str, Any]:
        """The JSON data of the item, keys in schema order, absent fields left out."""
        return _ITEM_TO_DICT(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, trusted: bool = False) -> NewsItem:
        """Build an item from JSON data.

        Args:
            data: the document's data; ``newsitem`` is the version.
            trusted: the data has passed the schema (skip the type checks; internal use by
                the codecs, which validate first).

        Raises:
            TypeError: a missing required field, an unknown field or a value of the wrong type.
            ValueError: see ``NewsItem``.
        """
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            spec = _ITEM_SPECS.get(key)
            if spec is None:
                if key != "newsitem":
                    msg = f"unknown field {key!r}"
                    raise TypeError(msg)
            elif value is not None:
                kwargs[key] = (
                    _from_json(spec, value) if type(value) is list or type(value) is dict else value
                )
        if "newsitem" not in data:
            raise TypeError("the version ('newsitem') is missing")
        kwargs["version"] = data["newsitem"]
        if trusted:
            return _trusted_item(kwargs)
        return cls(**kwargs)


_CLASSES: tuple[type[_Obj], ...] = (Rights, ExtraField, Byline, Subject, MediaRef, RelatedRef)
_ALL_CLASSES: tuple[type[_Obj], ...] = (NewsItem, *_CLASSES)
for _cls in _ALL_CLASSES:
    _cls.FIELDS = _table(_cls)

#: The fields of an item in schema order (``newsitem``, the version, is ``NewsItem.version``).
ITEM_FIELDS: tuple[FieldSpec, ...] = NewsItem.FIELDS
#: The list-of-string fields other than ``body`` (classification lists), in schema order.
LIST_FIELDS: tuple[str, ...] = tuple(
    f.name for f in ITEM_FIELDS if f.kind == "strings" and f.name != "body"
)
#: The single-valued string fields of the item, in schema order.
SCALAR_FIELDS: tuple[str, ...] = tuple(
    f.name for f in ITEM_FIELDS if f.kind in ("string", "datetime")
)

_ITEM_SPECS: dict[str, FieldSpec] = {f.name: f for f in ITEM_FIELDS}
_ITEM_DEFAULTS: tuple[tuple[str, Any], ...] = tuple(
    (f.name, f.default) for f in dataclass_fields(NewsItem)
)


def _compile_trusted_item() -> Callable[[Mapping[str, Any]], NewsItem]:
    """A straight-line builder of items from values already in normal form (no checks).

    Generated from the dataclass fields, like the dataclass's own ``__init__`` but without
    ``__post_init__``; only field names go into the code.
    """
    lines = ["def build(kwargs):", "    g = kwargs.get", "    o = new(NewsItem)"]
    for name, default in _ITEM_DEFAULTS:
        if not name.isidentifier():  # pragma: no cover - dataclass fields are identifiers
            raise ValueError(name)
        value = f"g({name!r})" if default is MISSING else f"g({name!r}, {default!r})"
        lines.append(f"    set(o, {name!r}, {value})")
    lines.append("    return o")
    namespace: dict[str, Any] = {"new": object.__new__, "set": object.__setattr__}
    namespace["NewsItem"] = NewsItem
    exec("\n".join(lines), namespace)  # noqa: S102 - code built from the dataclass fields
    function: Callable[[Mapping[str, Any]], NewsItem] = namespace["build"]
    return function


_BUILD_TRUSTED = _compile_trusted_item()


def _trusted_item(kwargs: Mapping[str, Any]) -> NewsItem:
    """An item built without ``__post_init__``: the values are known to be in normal form."""
    return _BUILD_TRUSTED(kwargs)


_CHECKERS: dict[type, _Checker] = {cls: _Checker(cls.FIELDS) for cls in _CLASSES}
_ITEM_CHECKER = _Checker(ITEM_FIELDS)


def _from_json(spec: FieldSpec, value: Any) -> Any:
    """A JSON list or object as the model holds it (tuples, model objects)."""
    kind = spec.kind
    cls = spec.cls
    if kind == "object" and cls is not None and type(value) is dict:
        return cls(**value)
    if type(value) is not list:
        return value  # the wrong type: the item's own check reports it
    if kind == "objects" and cls is not None:
        return tuple(cls(**entry) if type(entry) is dict else entry for entry in value)
    return tuple(value)


def _compile_to_dict(cls: type[_Obj], head: str = "") -> Callable[[Any], dict[str, Any]]:
    """A straight-line ``to_dict`` for one class, generated from its field table.

    Absent fields (None, empty tuples) are left out, required ones always written; objects
    write themselves. Generated rather than looped because writing items is on the hot path of
    every conversion. Only names from the table go into the code.
    """
    lines = [f"def to_dict(o):\n    d = {{{head}}}"]
    for name, code, _, required, _ in _plan(cls.FIELDS):
        if not name.isidentifier():  # pragma: no cover - the table holds identifiers only
            raise ValueError(name)
        lines.append(f"    v = o.{name}")
        if code == _PLAIN:
            lines.append(
                f"    d[{name!r}] = v" if required else f"    if v is not None: d[{name!r}] = v"
            )
        elif code == _LIST:
            lines.append(
                f"    d[{name!r}] = list(v)" if required else f"    if v: d[{name!r}] = list(v)"
            )
        elif code == _OBJECT:
            lines.append(f"    if v is not None: d[{name!r}] = v.to_dict()")
        else:
            lines.append(f"    if v: d[{name!r}] = [e.to_dict() for e in v]")
    lines.append("    return d")
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - code built from the field table above
    function: Callable[[Any], dict[str, Any]] = namespace["to_dict"]
    return function


_TO_DICT: dict[type, Callable[[Any], dict[str, Any]]] = {
    cls: _compile_to_dict(cls) for cls in _CLASSES
}
_ITEM_TO_DICT = _compile_to_dict(NewsItem, '"newsitem": o.version')


def lowest_version(item: NewsItem) -> str:
    """The lowest format version whose fields can hold every field the item sets, and that
    does not require a field the item leaves out (an item without a body needs 1.1)."""
    needed = _needed(item, NewsItem)
    for name, until in _REQUIRED_UNTIL:
        value = getattr(item, name)
        if value is None or value == ():
            needed = _later(_after(until), needed)
    return needed


def _after(version: str) -> str:
    """The version that follows ``version`` in ``VERSIONS``."""
    return VERSIONS[min(VERSIONS.index(version) + 1, len(VERSIONS) - 1)]


_REQUIRED_UNTIL: tuple[tuple[str, str], ...] = tuple(
    (f.name, f.required_until) for f in ITEM_FIELDS if f.required_until is not None
)


def _needed(obj: object, cls: type[_Obj]) -> str:
    needed = VERSIONS[0]
    for name, since, inner in _NEWER[cls]:
        value = getattr(obj, name)
        if value is None or value == ():
            continue
        needed = _later(since, needed)
        if inner is not None:
            for entry in value if type(value) is tuple else (value,):
                needed = _later(_needed(entry, inner), needed)
    return needed


def _newer(cls: type[_Obj]) -> tuple[tuple[str, str, type[_Obj] | None], ...]:
    """The fields of a class that can raise the version an object needs."""
    found = []
    for spec in cls.FIELDS:
        inner = spec.cls if spec.cls is not None and _newer(spec.cls) else None
        if spec.since != VERSIONS[0] or inner is not None:
            found.append((spec.name, spec.since, inner))
    return tuple(found)


_NEWER: dict[type, tuple[tuple[str, str, type[_Obj] | None], ...]] = {
    cls: _newer(cls) for cls in _ALL_CLASSES
}


def _parse_datetime(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))


def to_dict(item: NewsItem) -> dict[str, Any]:
    """The JSON data of an item (``NewsItem.to_dict``; kept for the modules that import it)."""
    return item.to_dict()


def from_valid(data: Mapping[str, Any]) -> NewsItem:
    """Build an item from JSON data the schema has accepted, without the type checks.

    For the codecs, which validate before they build (the checks would only repeat what the
    schema said). Anything else uses ``NewsItem.from_dict``.
    """
    return NewsItem.from_dict(data, trusted=True)


def from_dict(data: Mapping[str, Any]) -> NewsItem:
    """Build an item from JSON data (``NewsItem.from_dict``; types are checked).

    Raises:
        TypeError, ValueError: when the data does not have the shape of a document.
    """
    return NewsItem.from_dict(data)
