"""Backups: every case, its kept files and the key in one encrypted file, and bringing them back.

File layout: ``LMAB`` and the bytes 01 0a, a 4-byte length and a JSON header (the key
file, wrapped by the passphrase, and a random file key wrapped by the data
key), then a tar stream of ``manifest.json`` and ``cases/NAME/...`` sealed in
64 KiB AES-GCM chunks whose nonce is a counter plus a last-chunk flag (the
STREAM construction age uses), so a cut, reordered or changed file is refused.
The header does not spell the tool's name, for a file found on a USB stick.

Inside, every case is already sealed with the data key: the cases of a
protected folder go in as they are; an unprotected folder is sealed in
memory with a new key and the passphrase chosen for the backup. What
``restore`` writes is therefore always locked, never plaintext.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import sqlite3
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from leavemealone import __version__, suggest
from leavemealone.errors import LeaveMeAloneError, StoreError
from leavemealone.files import make_private, sync_file, write_private_file
from leavemealone.paths import data_home, ensure_private_dir
from leavemealone.store import crypto, keys, protect
from leavemealone.store.case_store import (
    DATABASE_NAME,
    FILES_DIR,
    CaseStore,
    PlainCodec,
    now_text,
    write_meta,
)

MAGIC = b"LMAB\x01\n"
MANIFEST = "manifest.json"
BACKUP_FORMAT = 1
_FILE_KEY_CONTEXT = b"leavemealone backup file key 1"
_CASE_MEMBER = re.compile(
    r"^cases/([A-Za-z0-9][A-Za-z0-9_-]{0,39})/(case\.sqlite3|files/[A-Za-z0-9_-]{1,128})$"
)
_MAX_HEADER = 64 * 1024


@dataclass(frozen=True)
class BackupResult:
    """A backup written: where, how many cases and kept files, and whose passphrase opens it."""

    path: Path
    cases: int
    files: int
    new_passphrase: bool


@dataclass(frozen=True)
class RestoreResult:
    """A backup brought back: how many cases and kept files."""

    cases: int
    files: int
    replaced: bool


class BackupDamaged(LeaveMeAloneError):
    """The backup file does not open to a complete, unchanged backup."""


def make_backup(output: Path, *, new_passphrase: Callable[[], str], force: bool = False) -> BackupResult:
    """Write every case (answers, log, kept files) to ``output``, locked with a passphrase.

    With a passphrase set, the backup opens with it (asked once). Without
    one, ``new_passphrase`` is called for the backup's own, once the
    checks have passed.
    """
    home = data_home()
    output = output.expanduser().absolute()
    _check_output(output, home, force=force)
    folders = protect.case_folders(home)
    if not folders:
        raise LeaveMeAloneError("There is nothing to back up yet.")
    keyfile = crypto.read_key_file(home)
    chose_passphrase = keyfile is None
    if keyfile is None:
        passphrase = new_passphrase()
        key_id, key = crypto.new_data_key()
        keyfile = crypto.wrap_key(key, passphrase, key_id=key_id)
        source = None
    else:
        protect.current_codec()  # asks for the passphrase; finishes an interrupted protect
        keyfile = crypto.read_key_file(home) or keyfile
        key = keys.unlock(home, keyfile)
        source = crypto.SealedCodec(key)
    sealer = crypto.SealedCodec(key)
    header, file_key = _header(keyfile, key)
    files = 0
    partial = output.with_name(output.name + ".partial")
    try:
        with _private_output(partial) as handle:
            handle.write(header)
            stream = crypto.StreamSealer(handle, file_key, header)
            with tarfile.open(fileobj=cast("IO[bytes]", stream), mode="w|", format=tarfile.PAX_FORMAT) as tar:
                manifest = {
                    "format": BACKUP_FORMAT,
                    "version": __version__,
                    "created": now_text(),
                    "cases": [folder.name for folder in folders],
                }
                _add(tar, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
                for folder in folders:
                    files += _add_case(tar, folder, source, sealer, keyfile.key_id)
            stream.finish()
            handle.flush()
            sync_file(handle)
        partial.replace(output)
    except BaseException:
        crypto.overwrite_and_delete(partial)
        raise
    return BackupResult(output, len(folders), files, chose_passphrase)


def _check_output(output: Path, home: Path, *, force: bool) -> None:
    if output.is_relative_to(home.absolute()):
        raise LeaveMeAloneError(
            "Save the backup outside the data folder (wipe would delete it with everything else).",
            hint=f"For example on a USB stick: {suggest.BACKUP_EXAMPLE}",
        )
    if output.exists() and not force:
        raise LeaveMeAloneError(
            f"{output} already exists.", hint=f"Choose another name, or {suggest.ADD_FORCE}."
        )
    if not output.parent.is_dir():
        raise LeaveMeAloneError(f"The folder {output.parent} does not exist.")


def _header(keyfile: crypto.KeyFile, key: bytes) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    file_key = secrets.token_bytes(crypto.KEY_BYTES)
    nonce = secrets.token_bytes(crypto.NONCE_BYTES)
    document = {
        "key": {name: value for name, value in keyfile.to_json().items() if name != "format"}
        | {"pending": False},
        "file_key_nonce": crypto.b64(nonce),
        "file_key": crypto.b64(AESGCM(key).encrypt(nonce, file_key, _FILE_KEY_CONTEXT)),
        "chunk": crypto.STREAM_CHUNK,
    }
    body = json.dumps(document).encode("utf-8")
    return MAGIC + len(body).to_bytes(4, "big") + body, file_key


def _add_case(
    tar: tarfile.TarFile,
    folder: Path,
    source: crypto.SealedCodec | None,
    sealer: crypto.SealedCodec,
    key_id: str,
) -> int:
    """Add one case, sealed with the backup's key; return how many kept files went in."""
    prefix = f"cases/{folder.name}"
    with protect.open_protected(folder) as store:
        _add(tar, f"{prefix}/{DATABASE_NAME}", _snapshot(store, sealer if source is None else None, key_id))
    count = 0
    kept = folder / FILES_DIR
    for path in sorted(kept.iterdir()) if kept.is_dir() else []:
        if path.is_symlink() or not path.is_file() or path.name.endswith(".partial"):
            continue
        content = path.read_bytes()
        if source is None:
            content = sealer.seal(content)
        elif source.try_open(content) is None:
            source.open(content)  # raises the clear "damaged or changed" error
        _add(tar, f"{prefix}/{FILES_DIR}/{path.name}", content)
        count += 1
    return count


def _snapshot(store: CaseStore, reseal_with: crypto.SealedCodec | None, key_id: str) -> bytes:
    """A consistent copy of the case database, sealed; unsealed data is sealed in memory, never on disk."""
    memory = sqlite3.connect(":memory:")
    try:
        store.connection.backup(memory)
        if reseal_with is not None:
            memory.execute("PRAGMA secure_delete = ON")
            memory.execute("BEGIN")
            protect.reseal_rows(memory, PlainCodec(), reseal_with)
            write_meta(memory, protect.CODEC_META, key_id)
            memory.execute("COMMIT")
            memory.execute("VACUUM")
        return _database_bytes(memory)
    finally:
        memory.close()


def _database_bytes(memory: sqlite3.Connection) -> bytes:
    serialize = getattr(memory, "serialize", None)
    if serialize is not None:
        return bytes(serialize())
    scratch = ensure_private_dir(data_home() / (protect.SCRATCH_PREFIX + secrets.token_hex(6)))
    try:  # pragma: no cover - Python 3.10 has no serialize(); the copy holds sealed values only
        target = sqlite3.connect(scratch / DATABASE_NAME)
        memory.backup(target)
        target.close()
        return (scratch / DATABASE_NAME).read_bytes()
    finally:
        protect.delete_tree(scratch)


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(content))


def restore_backup(source: Path, *, force: bool = False) -> RestoreResult:
    """Bring back the cases in the backup ``source``; refuses to replace saved data without ``force``.

    The restored cases stay locked, with the passphrase that opens the backup.
    """
    home = ensure_private_dir(data_home())
    existing = crypto.key_file_path(home).exists() or bool(protect.case_folders(home))
    if existing and not force:
        raise LeaveMeAloneError(
            f"There is already saved data in {home}; restoring would replace it.",
            hint=f"To replace it (this cannot be undone), {suggest.ADD_FORCE}. To keep it, set "
            "LEAVEMEALONE_HOME to an empty folder first.",
        )
    try:
        handle = source.expanduser().open("rb")
    except OSError as error:
        raise LeaveMeAloneError(f"Cannot read {source}: {error.strerror}.") from error
    with handle:
        keyfile, file_key_sealed, header = _read_header(handle, source)
        passphrase, hint = keys.current_passphrase("Passphrase of the backup: ")
        key = crypto.unwrap_key(keyfile, passphrase, hint=hint)
        file_key = _open_file_key(key, file_key_sealed)
        scratch = ensure_private_dir(home / (protect.SCRATCH_PREFIX + secrets.token_hex(6)))
        try:
            names, files = _extract(
                crypto.StreamOpener(handle, file_key, header, _damaged(source)), scratch, source
            )
            with keys.exclusive_lock(home):
                _install(home, scratch, keyfile, replace_existing=existing)
        finally:
            protect.delete_tree(scratch)
    keys.remember(home, keyfile.key_id, key)
    for name in names:
        protect.open_protected(home / protect.CASES_DIR / name).close()  # runs migrations, checks the key
    return RestoreResult(len(names), files, existing)


def _damaged(source: Path) -> BackupDamaged:
    return BackupDamaged(
        f"{source} is damaged, incomplete or not a leavemealone backup, so nothing was restored.",
        hint="Try another copy of the backup.",
    )


def _read_header(handle: BinaryIO, source: Path) -> tuple[crypto.KeyFile, tuple[bytes, bytes], bytes]:
    magic = handle.read(len(MAGIC))
    size_bytes = handle.read(4)
    if magic != MAGIC or len(size_bytes) != 4:
        raise _damaged(source)
    size = int.from_bytes(size_bytes, "big")
    body = handle.read(size) if size <= _MAX_HEADER else b""
    try:
        document = json.loads(body)
        keyfile = crypto.KeyFile.from_json(
            {**document["key"], "format": crypto.KEY_FORMAT}, where=str(source)
        )
        sealed = (crypto.unb64(document["file_key_nonce"]), crypto.unb64(document["file_key"]))
        if document["chunk"] != crypto.STREAM_CHUNK:
            raise ValueError("unexpected chunk size")
    except (ValueError, KeyError, TypeError, StoreError) as error:
        raise _damaged(source) from error
    return keyfile, sealed, magic + size_bytes + body


def _open_file_key(key: bytes, sealed: tuple[bytes, bytes]) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(sealed[0], sealed[1], _FILE_KEY_CONTEXT)
    except InvalidTag:
        raise BackupDamaged("The backup's header is damaged, so nothing was restored.") from None


def _extract(stream: crypto.StreamOpener, scratch: Path, source: Path) -> tuple[list[str], int]:
    """Unpack into ``scratch``, accepting only the names a backup holds; return case names and file count."""
    names: list[str] = []
    files = 0
    manifest: object = None
    try:
        with tarfile.open(fileobj=cast("IO[bytes]", stream), mode="r|") as tar:
            for member in tar:
                match = _CASE_MEMBER.match(member.name)
                if not member.isfile() or (member.name != MANIFEST and match is None):
                    raise _damaged(source)
                reader = tar.extractfile(member)
                content = reader.read() if reader is not None else b""
                if member.name == MANIFEST:
                    manifest = json.loads(content)
                    continue
                assert match is not None
                target = scratch / member.name
                for folder in reversed(Path(member.name).parents[:-1]):
                    ensure_private_dir(scratch / folder)
                write_private_file(target, content)
                if match.group(2) == DATABASE_NAME:
                    names.append(match.group(1))
                else:
                    files += 1
        stream.read()  # the rest, so a cut or changed last chunk is caught before anything is installed
    except (tarfile.TarError, ValueError, EOFError) as error:
        raise _damaged(source) from error
    if not isinstance(manifest, dict) or sorted(manifest.get("cases", [])) != sorted(names):
        raise _damaged(source)
    if manifest.get("format", 0) > BACKUP_FORMAT:
        raise LeaveMeAloneError(
            "This backup was made by a newer version of leavemealone.",
            hint=f"Update leavemealone ({suggest.UPGRADE}), then try again.",
        )
    return names, files


def _install(home: Path, scratch: Path, keyfile: crypto.KeyFile, *, replace_existing: bool) -> None:
    """Put the unpacked cases in place: the old key and cases go first, then the key, then the cases."""
    if replace_existing:
        crypto.destroy_key_file(home)
        keys.forget_key()
        protect.delete_tree(home / protect.CASES_DIR)
    crypto.write_key_file(home, keyfile)
    unpacked = scratch / protect.CASES_DIR
    if unpacked.is_dir():
        unpacked.replace(home / protect.CASES_DIR)
    ensure_private_dir(home / protect.CASES_DIR)


class _private_output:  # noqa: N801 - used like open()
    """A new file readable by this user only (0600), whatever the umask."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> BinaryIO:
        import os

        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.handle = os.fdopen(descriptor, "wb")
        make_private(self.handle.fileno())
        return cast(BinaryIO, self.handle)

    def __exit__(self, *exc_info: object) -> None:
        self.handle.close()
