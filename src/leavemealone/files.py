"""Writing files only this user can read: whole or not at all, 0600 whatever the umask."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from leavemealone.errors import LeaveMeAloneError

# The end of a file's name while it is being written; what a crash leaves is removed by ``store.tidy``.
PARTIAL = ".partial"


def make_private(descriptor: int) -> None:
    """Make an open file readable by this user only (0600), whatever the umask."""
    try:
        os.fchmod(descriptor, 0o600)
    except (AttributeError, OSError):  # pragma: no cover - Windows, or a FAT stick without modes
        pass


def sync_file(handle: BinaryIO) -> None:
    """Push a written file's bytes to the disk (where the file system allows it)."""
    try:
        os.fsync(handle.fileno())
    except OSError:  # pragma: no cover - some file systems refuse
        pass


def sync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (where the system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(descriptor)


@contextmanager
def private_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through, atomically, readable by this user only (0600).

    The bytes go to a temporary name in the same folder, are flushed to the
    disk, and then replace ``path`` in one step, so a crash (or an error
    while writing) leaves the old file or the new one, never half of either.
    """
    # A name of its own (O_EXCL), so two writers never share one, and a link planted there is refused.
    partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}{PARTIAL}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            make_private(handle.fileno())
            yield handle
            handle.flush()
            sync_file(handle)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_private_file(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically, readable by this user only (0600)."""
    with private_file(path) as handle:
        handle.write(content)


def save_private(path: Path, content: bytes) -> Path:
    """``write_private_file`` for a file the user asked for; a failure is one clear sentence."""
    with save_private_stream(path) as handle:
        handle.write(content)
    return path


@contextmanager
def save_private_stream(path: Path) -> Iterator[BinaryIO]:
    """``private_file`` for a file the user asked for, written as it is made; a failure is one sentence."""
    try:
        with private_file(path) as handle:
            yield handle
    except OSError as error:
        raise LeaveMeAloneError(
            f"Cannot write {path}: {error.strerror}.",
            hint="Choose a folder you can write to, and check there is space left.",
        ) from error
