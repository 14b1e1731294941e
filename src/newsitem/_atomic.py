"""Atomic output files: a file appears complete under its final name, or not at all.

Data is written to an anonymous file (``O_TMPFILE``) in the target directory and linked into
place when complete, so a run killed at any moment (even with SIGKILL) leaves neither a partial
output nor a stray temporary file. Where ``O_TMPFILE`` is not available, a hidden temporary file
in the same directory is renamed into place instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsitem.errors import OutputExistsError


def _link_fd(fd: int, target: Path) -> None:
    # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N gives an O_TMPFILE file a name; Python
    # calls linkat (not link, which would not follow) only when a directory fd is given.
    proc_fd = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(fd), target, src_dir_fd=proc_fd, follow_symlinks=True)
    finally:
        os.close(proc_fd)


def _link_into_place(fd: int, target: Path, *, force: bool) -> None:
    if not force:
        try:
            _link_fd(fd, target)
        except FileExistsError:
            raise OutputExistsError(f"{target}: exists (use --force to overwrite)") from None
        return
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.newsitem-tmp")
    _link_fd(fd, temp)
    try:
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


@contextlib.contextmanager
def atomic_writer(target: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """Open a binary stream whose content becomes ``target`` only when the block ends cleanly.

    Raises:
        OutputExistsError: when ``target`` exists and ``force`` is false (checked before and
            after writing; nothing is replaced).
        OSError: when the directory cannot be written (permissions, full disk...).
    """
    target = Path(target)
    if not force and target.exists():
        raise OutputExistsError(f"{target}: exists (use --force to overwrite)")
    directory = target.parent if str(target.parent) else Path()
    flags = getattr(os, "O_TMPFILE", 0)
    fd = -1
    if flags:
        with contextlib.suppress(OSError):
            fd = os.open(directory, flags | os.O_WRONLY, 0o644)
    if fd >= 0:
        stream = os.fdopen(fd, "wb", closefd=False)
        try:
            yield stream
            stream.flush()
            os.fsync(fd)
            _link_into_place(fd, target, force=force)
        finally:
            stream.close()
            os.close(fd)
        return
    temp = directory / f".{target.name}.{secrets.token_hex(6)}.newsitem-tmp"
    try:
        with temp.open("xb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            temp.replace(target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise OutputExistsError(f"{target}: exists (use --force to overwrite)") from None
            temp.unlink()
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_atomic(target: Path, data: bytes, *, force: bool = False) -> None:
    """Write bytes to ``target`` atomically (see ``atomic_writer``)."""
    with atomic_writer(target, force=force) as stream:
        stream.write(data)
