"""Kept files: copies of evidence inside a case, named by SHA-256, sealed in chunks, never in memory whole.

``CaseStore`` takes these methods from ``KeptFiles``; they are here only to
keep each module short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from leavemealone.store.sealing import Codec, Unsealable, binding_for

FILES_DIR = "files"


class KeptFiles:
    """The kept-file half of a case store (``folder``, ``codec`` and ``case_id`` come from it)."""

    folder: Path
    codec: Codec
    case_id: str

    def file_path(self, digest: str) -> Path:
        """Where the sealed copy of a kept file lives."""
        return self.folder / FILES_DIR / digest

    def file_binding(self, digest: str) -> bytes:
        """Where a kept file belongs: this case, under its SHA-256."""
        return binding_for(self.case_id, FILES_DIR, "content", digest)

    def put_file(self, content: bytes) -> str:
        """Keep a copy of ``content`` (sealed), named by its SHA-256; return that digest."""
        import io

        return self.put_file_from(io.BytesIO(content), len(content))

    def put_file_from(self, source: IO[bytes], size: int) -> str:
        """Keep a copy of ``size`` bytes of a seekable ``source``, in flat memory; return their SHA-256.

        The bytes are hashed first (the digest is part of the seal's binding),
        then sealed into a new file that replaces nothing until it is whole.
        The same content is stored once.
        """
        import hashlib

        from leavemealone.store.sealing import read_exactly

        start = source.tell()
        hasher = hashlib.sha256()
        for chunk in read_exactly(source, size):
            hasher.update(chunk)
        digest = hasher.hexdigest()
        target = self.file_path(digest)
        if target.exists():
            return digest
        from leavemealone.paths import ensure_private_dir

        ensure_private_dir(target.parent)
        source.seek(start)

        def write(handle: IO[bytes]) -> None:
            if self.codec.seal_file(source, size, handle, self.file_binding(digest)) != digest:
                raise OSError("the file changed while it was being copied")

        write_new_file(target, write)
        return digest

    def open_file(self, digest: str) -> Iterator[bytes]:
        """The bytes of a kept file in chunks; a copy that does not open here is a clear error."""
        path = self.file_path(digest)
        with path.open("rb") as handle:
            try:
                yield from self.codec.open_file(handle, self.file_binding(digest))
            except Unsealable:
                from leavemealone.store.checks import moved_error

                raise moved_error(path, "a kept file") from None

    def get_file(self, digest: str) -> bytes:
        """The bytes of a kept file, opened (for small files; ``open_file`` streams)."""
        return b"".join(self.open_file(digest))


def write_new_file(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a file through ``write`` under a private unique name, then put it in place whole (0600)."""
    from leavemealone.files import private_file

    with private_file(target) as handle:
        write(handle)
