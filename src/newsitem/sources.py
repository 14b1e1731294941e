"""Inputs: the files, directories, archives and standard input a command is given.

Each usable input becomes an ``Entry`` (a name to report, a relative path to mirror, a way to
open its bytes, and a form if one is known). Archive members are read in memory, never extracted,
so member names cannot write anywhere; unsafe members (links, devices, ``..`` or absolute paths,
duplicates) and archives that expand too much are reported as problems, and the other members
are still read.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import os
import re
import stat
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal

from newsitem.errors import ExpansionError, InputError, OversizeError
from newsitem.forms import form_from_name, is_archive
from newsitem.issues import Issue, make_issue


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits on input; every one can be raised from the command line."""

    #: Largest single document (a JSON, XML or text file, or one line of a feed), in bytes.
    max_item_bytes: int = 16 * 1024 * 1024
    #: Most items read from one feed.
    max_items: int = 10_000_000
    #: Largest archive member, in bytes (decompressed).
    max_member_bytes: int = 512 * 1024 * 1024
    #: Most bytes an archive may expand to, as a multiple of its own size.
    max_expansion_ratio: float = 200.0


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class Entry:
    """One input document or feed."""

    name: str
    rel: PurePosixPath
    opener: Callable[[], BinaryIO]
    form: str | None = None
    problem: Issue | None = None
    size: int | None = None
    #: the whole (decompressed) content when a first look already read all of it
    cached: bytes | None = None
    #: True when the user forced the form (``--format``/``--from``): never refined by sniffing
    forced: bool = False

    def read(self, limit: int) -> bytes:
        """All bytes (decompressed), refusing more than ``limit`` with NI108.

        Raises:
            InputError: the file cannot be read.
            OversizeError: the document is larger than ``limit``.
        """
        if self.cached is not None and len(self.cached) <= limit:
            return self.cached
        try:
            with self.opener() as stream:
                data = stream.read(limit + 1)
        except ExpansionError as exc:
            raise OversizeError(make_issue("NI108", str(exc), line=1, column=1)) from None
        except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError) as exc:
            raise InputError(f"{self.name}: cannot read ({_reason(exc)})") from None
        if len(data) > limit:
            raise OversizeError(
                make_issue(
                    "NI108",
                    f"document is larger than the limit of {limit} bytes "
                    "(raise it with --max-item-bytes)",
                    line=1,
                    column=1,
                )
            )
        return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


class _Budgeted(io.RawIOBase):
    """A decompressing stream that fails with ``ExpansionError`` past a number of bytes."""

    def __init__(self, inner: BinaryIO, budget: float, what: str) -> None:
        super().__init__()
        self._inner = inner
        self._budget = budget
        self._what = what
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        self._total += count
        if self._total > self._budget:
            raise ExpansionError(self._what)
        return int(count)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _expansion_budget(compressed: int, limits: Limits) -> float:
    return max(compressed, 1) * limits.max_expansion_ratio + 1024 * 1024


def _open_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Callable[[], BinaryIO]:
    def opener() -> BinaryIO:
        if path.name.lower().endswith(".gz"):
            # A .gz file is held to the archive expansion limit: a small file that inflates
            # to gigabytes (of blank lines, say) would otherwise keep a run busy for hours.
            what = (
                f"{path} expands to more than {limits.max_expansion_ratio:g} times its size "
                "(a possible gzip bomb; raise --max-expansion-ratio)"
            )
            budget = _expansion_budget(path.stat().st_size, limits)
            inner = gzip.open(path, "rb")  # noqa: SIM115 - closed by the returned stream
            return io.BufferedReader(_Budgeted(inner, budget, what))  # type: ignore[arg-type]
        return path.open("rb")

    return opener


@dataclass(slots=True)
class Selection:
    """Which files of a directory are taken: glob patterns on the relative path or name."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    skipped: list[str] = field(default_factory=list)

    def wants(self, rel: str) -> bool:
        """True when a file at ``rel`` is an input: an include pattern (or, without any, a
        known extension) matches, and no exclude pattern does."""
        name = rel.rsplit("/", 1)[-1]

        def hit(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)

        if hit(self.exclude) or self._excluded_folder(rel):
            return False
        if self.include:
            return hit(self.include)
        return form_from_name(name) is not None or is_archive(name)

    def _excluded_folder(self, rel: str) -> bool:
        """True when a folder on the way to ``rel`` matches an exclude pattern (``--exclude
        bad`` and ``--exclude bad/`` exclude the tree ``bad/``)."""
        parts = rel.split("/")[:-1]
        folders = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        for pattern in (p.rstrip("/") for p in self.exclude):
            if any(
                fnmatch.fnmatch(f, pattern) or fnmatch.fnmatch(f.rsplit("/", 1)[-1], pattern)
                for f in folders
            ):
                return True
        return False


def iter_entries(
    paths: Sequence[str],
    *,
    selection: Selection | None = None,
    forced_form: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Entry]:
    """Every input entry of the given paths, in order (directories sorted, recursively).

    Raises:
        InputError: a path does not exist or cannot be read (the caller reports it and exits 2).
    """
    for entry in _entries(paths, selection or Selection(), forced_form, limits):
        entry.forced = forced_form is not None
        yield entry


def _entries(
    paths: Sequence[str], selection: Selection, forced_form: str | None, limits: Limits
) -> Iterator[Entry]:
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield Entry(
                "<stdin>",
                PurePosixPath("stdin"),
                lambda data=data: io.BytesIO(data),  # type: ignore[misc]
                forced_form,
                size=len(data),
            )
            continue
        for found in local_files(raw, selection):
            if found.archive:
                yield from _archive(found.path, found.rel.parent, forced_form, limits)
            else:
                yield Entry(
                    found.name,
                    found.rel,
                    _open_file(found.path, limits),
                    forced_form or form_from_name(found.rel.name),
                    size=found.size,
                )


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A local file an input path names: the path itself, or a file of the directory it names.

    Attributes:
        name: its path as found (the name reports give it).
        rel: its path below the directory given (the name alone for a file given itself).
        archive: the file is an archive (tar or zip) by its name.
        size: its size in bytes, known for a file given itself (a stat per file of a large
            directory would cost more than it tells).
    """

    name: str
    rel: PurePosixPath
    archive: bool
    size: int | None = None

    @property
    def path(self) -> Path:
        """Where the file is."""
        return Path(self.name)


def local_files(raw: str, selection: Selection, *, path: Path | None = None) -> Iterator[LocalFile]:
    """The file a local input path names, or the files of the directory it names that the
    selection wants (recursively, sorted, links not followed; the others are added to
    ``selection.skipped``).

    Args:
        raw: the path as given (named in errors).
        selection: which files of a directory are taken.
        path: where ``raw`` points when it is not a plain path (a ``file://`` URL).

    Raises:
        InputError: the path does not exist, cannot be read or listed, or is not a file.
    """
    path = path or Path(raw)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{raw}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{raw}: cannot read ({_reason(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        try:
            children = _tree_files(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot list ({_reason(exc)})") from None
        for parts, full in children:
            rel = "/".join(parts)
            if selection.wants(rel):
                yield LocalFile(full, PurePosixPath(rel), is_archive(parts[-1]))
            else:
                selection.skipped.append(full)
    elif is_archive(path.name) or stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        yield LocalFile(str(path), PurePosixPath(path.name), is_archive(path.name), info.st_size)
    else:
        raise InputError(f"{raw}: not a regular file")


def _tree_files(root: Path) -> list[tuple[tuple[str, ...], str]]:
    """Every regular file under ``root`` (symbolic links are not followed), as (relative path
    parts, full path), sorted by parts. One ``scandir`` per directory: no stat per file."""
    found: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(str(root), ())]
    while stack:
        directory, parts = stack.pop()
        with os.scandir(directory) as entries:
            for item in entries:
                if item.is_symlink():
                    continue
                if item.is_dir(follow_symlinks=False):
                    stack.append((item.path, (*parts, item.name)))
                elif item.is_file(follow_symlinks=False):
                    found.append(((*parts, item.name), item.path))
    found.sort()
    return found


def _problem(name: str, rel: PurePosixPath, code: str, message: str) -> Entry:
    def nothing() -> BinaryIO:
        return io.BytesIO(b"")

    return Entry(name, rel, nothing, None, problem=make_issue(code, message))


def _safe_member_path(name: str) -> PurePosixPath | None:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or not posix.parts or name.startswith("/"):
        return None
    if _DRIVE.match(posix.parts[0]) or "\x00" in name:
        return None  # a Windows drive ("C:") is an absolute path there
    return posix


_DRIVE = re.compile(r"[A-Za-z]:")


def _archive(
    path: Path, prefix: PurePosixPath, forced: str | None, limits: Limits
) -> Iterator[Entry]:
    try:
        compressed = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({_reason(exc)})") from None
    budget = _expansion_budget(compressed, limits)
    if path.name.lower().endswith(".zip"):
        yield from _zip(path, prefix, forced, limits, budget)
    else:
        yield from _tar(path, prefix, forced, limits, budget)


@dataclass(frozen=True, slots=True)
class _Refusal:
    code: str
    message: str
    stop: bool = False


def _member_checks(
    label: str,
    name: str,
    seen: set[str],
    size: int,
    total: float,
    limits: Limits,
    budget: float,
) -> PurePosixPath | _Refusal:
    """The member's path inside the output, or why it is refused (its code, and whether the
    rest of the archive is not read either)."""
    rel = _safe_member_path(name)
    if rel is None:
        return _Refusal("NI113", f"member path {name!r} is absolute or leaves the archive; skipped")
    if str(rel) in seen:
        return _Refusal(
            "NI113", f"member {name!r} appears twice in {label}; the later copy is skipped"
        )
    seen.add(str(rel))
    if size > limits.max_member_bytes:
        return _Refusal(
            "NI108",
            f"member {name!r} is {size} bytes, more than --max-member-bytes "
            f"{limits.max_member_bytes}; skipped",
        )
    if total + size > budget:
        return _bomb(label, limits)
    return rel


_Kind = Literal["file", "dir", "link", "special"]


@dataclass(frozen=True, slots=True)
class _Member:
    """An archive member as the tar and the zip reader both describe it."""

    name: str
    size: int
    kind: _Kind
    #: reads at most that many bytes of the member's data
    read: Callable[[int], bytes]
    #: reading up to this member expands the archive past its budget (tar counts as it reads)
    over_budget: bool = False


def _bomb(label: str, limits: Limits) -> _Refusal:
    return _Refusal(
        "NI108",
        f"{label} expands to more than {limits.max_expansion_ratio:g} times its size "
        "(a possible archive bomb); the rest is not read",
        stop=True,
    )


def _member_entries(
    path: Path,
    prefix: PurePosixPath,
    forced: str | None,
    limits: Limits,
    budget: float,
    members: Iterator[_Member],
) -> Iterator[Entry]:
    """The entries of an archive's members: problems for the unsafe ones, and for the others
    an opener that reads the member in memory (inflating a ``.gz`` member)."""
    seen: set[str] = set()
    total = 0.0
    for member in members:
        label = f"{path}!{member.name}"
        rel_name = prefix / member.name if member.name else prefix
        checked: PurePosixPath | _Refusal
        if member.over_budget:
            checked = _bomb(str(path), limits)
        elif member.kind == "dir":
            continue
        elif member.kind == "link":
            checked = _Refusal("NI113", f"link member {member.name!r} is not followed; skipped")
        elif member.kind == "special":
            checked = _Refusal(
                "NI113",
                f"member {member.name!r} is not a regular file (device, FIFO...); skipped",
            )
        else:
            checked = _member_checks(
                str(path), member.name, seen, member.size, total, limits, budget
            )
        if isinstance(checked, _Refusal):
            yield _problem(label, rel_name, checked.code, checked.message)
            if checked.stop:
                break
            continue
        total += member.size
        if not form_from_name(checked.name) and forced is None:
            continue

        def opener(member: _Member = member) -> BinaryIO:
            data = member.read(limits.max_member_bytes + 1)
            if member.name.lower().endswith(".gz"):
                data = _gunzip(data, limits.max_member_bytes)
            return io.BytesIO(data)

        yield Entry(
            label,
            prefix / checked,
            opener,
            forced or form_from_name(checked.name),
            size=member.size,
        )


_TAR_BLOCK = 512


def _tar(
    path: Path, prefix: PurePosixPath, forced: str | None, limits: Limits, budget: float
) -> Iterator[Entry]:
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - members are read lazily below
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise InputError(f"{path}: not a readable tar archive ({_reason(exc)})") from None
    yield from _member_entries(
        path, prefix, forced, limits, budget, _tar_members(archive, path, budget)
    )


def _tar_members(archive: tarfile.TarFile, path: Path, budget: float) -> Iterator[_Member]:
    """The members of a tar archive, read one header at a time (not ``getmembers()``), so
    that the expansion limit stops a compressed bomb before its data is inflated: every
    member counts its header and data blocks, skipped or not, since skipping a member still
    inflates its data."""
    total = 0
    while True:
        try:
            member = archive.next()
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise InputError(f"{path}: broken tar archive ({_reason(exc)})") from None
        if member is None:
            return
        total += _TAR_BLOCK
        if member.isfile():
            total += -(-member.size // _TAR_BLOCK) * _TAR_BLOCK

        def read(limit: int, member: tarfile.TarInfo = member) -> bytes:
            handle = archive.extractfile(member)
            if handle is None:
                raise OSError(f"cannot read member {member.name}")
            return handle.read(limit)

        yield _Member(member.name, member.size, _tar_kind(member), read, total > budget)


def _tar_kind(member: tarfile.TarInfo) -> _Kind:
    if member.isdir():
        return "dir"
    if member.issym() or member.islnk():
        return "link"
    return "file" if member.isfile() else "special"


def _zip(
    path: Path, prefix: PurePosixPath, forced: str | None, limits: Limits, budget: float
) -> Iterator[Entry]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise InputError(f"{path}: not a readable zip archive ({_reason(exc)})") from None

    def member(info: zipfile.ZipInfo) -> _Member:
        def read(limit: int) -> bytes:
            with archive.open(info) as handle:
                return handle.read(limit)

        link = stat.S_ISLNK(info.external_attr >> 16)
        kind: _Kind = "dir" if info.is_dir() else "link" if link else "file"
        return _Member(info.filename, info.file_size, kind, read)

    yield from _member_entries(path, prefix, forced, limits, budget, map(member, infos))


def _gunzip(data: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        return handle.read(limit + 1)
