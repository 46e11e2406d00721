"""Backups: every case and its kept files in one age file that opens with a passphrase; restoring them.

A backup is an age file (``age``) with a passphrase recipient: the user's
passphrase when one is set, else one chosen for the backup. Inside is a tar
stream of ``README.txt``, ``manifest.json``, and for each case
``cases/NAME/case.json`` (everything saved, as JSON, ``dump``) and
``cases/NAME/files/SHA256`` (the kept files). So ``age -d`` and ``tar``
open it with no help from this program. ``restore`` seals everything again
with a new key locked by the backup's passphrase, chunk by chunk, so no
plaintext reaches the disk; it still reads the older ``LMAB`` backups.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from leavemealone import __version__, suggest
from leavemealone.errors import LeaveMeAloneError, StoreError
from leavemealone.files import make_private, sync_file
from leavemealone.inputs import MEGABYTE, open_user_file
from leavemealone.paths import data_home, ensure_private_dir
from leavemealone.store import age, backup_legacy, crypto, keys, protect
from leavemealone.store.case_store import CaseStore, now_text, write_new_file
from leavemealone.store.dump import dump_case, load_case
from leavemealone.store.reseal import ChunkReader
from leavemealone.store.sealing import SealedCodec
from leavemealone.store.tidy import SCRATCH_PREFIX

MANIFEST = "manifest.json"
README = "README.txt"
BACKUP_FORMAT = 2
MAX_BACKUP_BYTES = (
    1024 * 1024 * MEGABYTE
)  # a terabyte: a check that it is a file, not a limit to meet
MAX_CASE_JSON_BYTES = 512 * MEGABYTE
_CASE_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"
_CASE_JSON = re.compile(rf"^cases/({_CASE_NAME})/case\.json$")
_KEPT_FILE = re.compile(rf"^cases/({_CASE_NAME})/files/([0-9a-f]{{64}})$")
_README_TEXT = """\
A backup made by leavemealone on {created}.

To bring it back: leavemealone restore THIS-FILE

Without leavemealone, any age tool opens it with the same passphrase:
    age -d THIS-FILE > backup.tar && tar xf backup.tar
Inside, for each case:
    cases/NAME/case.json   everything saved, as JSON: "answers", "steps", "log_entries"
                           (the incident log, oldest first, with its hashes), "documents"
    cases/NAME/files/      the files kept as evidence, each named by its SHA-256
"""


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


BackupDamaged = backup_legacy.BackupDamaged


def make_backup(
    output: Path, *, new_passphrase: Callable[[], str], force: bool = False
) -> BackupResult:
    """Write every case (answers, log, kept files) to ``output``, an age file locked with a passphrase.

    With a passphrase set, the backup opens with it (asked once). Without
    one, ``new_passphrase`` is called for the backup's own, once the
    checks have passed.
    """
    home = data_home()
    output = output.expanduser().absolute()
    check_output(output, home, force=force)
    folders = protect.case_folders(home)
    if not folders:
        raise LeaveMeAloneError("There is nothing to back up yet.")
    keyfile = crypto.read_key_file(home)
    if keyfile is None:
        passphrase = new_passphrase()
    else:
        passphrase, key = keys.open_with_passphrase(lambda typed: crypto.unwrap_key(keyfile, typed))
        keys.remember(home, keyfile.key_id, key)
    files = 0
    partial = output.with_name(f"{output.name}.{secrets.token_hex(4)}.partial")
    try:
        with _private_output(partial) as handle:
            writer = age.AgeWriter(handle, passphrase)
            with tarfile.open(
                fileobj=cast("IO[bytes]", writer), mode="w|", format=tarfile.PAX_FORMAT
            ) as tar:
                created = now_text()
                _add(tar, README, _README_TEXT.format(created=created).encode("utf-8"))
                manifest = {
                    "format": BACKUP_FORMAT,
                    "version": __version__,
                    "created": created,
                    "cases": [folder.name for folder in folders],
                }
                _add(tar, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
                for folder in folders:
                    files += _add_case(tar, folder)
            writer.finish()
            handle.flush()
            sync_file(handle)
        partial.replace(output)
    except BaseException:
        crypto.overwrite_and_delete(partial)
        raise
    return BackupResult(output, len(folders), files, keyfile is None)


def check_output(output: Path, home: Path, *, force: bool) -> None:
    """Refuse a backup path inside the data folder, one that exists (without ``force``), or a non-file."""
    if output.is_relative_to(home.absolute()):
        raise LeaveMeAloneError(
            "Save the backup outside the data folder (wipe would delete it with everything else).",
            hint=f"For example on a USB stick: {suggest.BACKUP_EXAMPLE}",
        )
    if output.is_symlink() or (output.exists() and not output.is_file()):
        raise LeaveMeAloneError(
            f"{output} is not an ordinary file (a folder, a device or a link), so it cannot be a backup.",
            hint="Give a new file name, for example on a USB stick.",
        )
    if output.exists() and not force:
        raise LeaveMeAloneError(
            f"{output} already exists.", hint=f"Choose another name, or {suggest.ADD_FORCE}."
        )
    if not output.parent.is_dir():
        raise LeaveMeAloneError(f"The folder {output.parent} does not exist.")


def _add_case(tar: tarfile.TarFile, folder: Path) -> int:
    """Add one case, opened, as JSON and plain kept files; return how many kept files went in."""
    prefix = f"cases/{folder.name}"
    count = 0
    with protect.open_protected(folder) as store:
        _add(tar, f"{prefix}/case.json", dump_case(store))
        kept = store.folder / "files"
        for path in sorted(kept.iterdir()) if kept.is_dir() else []:
            if (
                path.is_symlink()
                or not path.is_file()
                or not re.fullmatch("[0-9a-f]{64}", path.name)
            ):
                continue
            size = sum(len(chunk) for chunk in store.open_file(path.name))
            info = tarfile.TarInfo(f"{prefix}/files/{path.name}")
            info.size, info.mode = size, 0o600
            tar.addfile(info, cast("IO[bytes]", ChunkReader(store.open_file(path.name))))
            count += 1
    return count


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(content))


def restore_backup(source: Path, *, force: bool = False) -> RestoreResult:
    """Bring back the cases in the backup ``source``; refuses to replace saved data without ``force``.

    The restored cases are locked with the passphrase that opens the backup.
    """
    home = ensure_private_dir(data_home())
    keys.hold_shared_lock(home)  # keeps another window from tidying the scratch folder away
    existing = crypto.key_file_path(home).exists() or bool(protect.case_folders(home))
    if existing and not force:
        raise LeaveMeAloneError(
            f"There is already saved data in {home}; restoring would replace it.",
            hint=f"To replace it (this cannot be undone), {suggest.ADD_FORCE}. To keep it, set "
            "LEAVEMEALONE_HOME to an empty folder first.",
        )
    path = source.expanduser()
    scratch = ensure_private_dir(home / (SCRATCH_PREFIX + secrets.token_hex(6)))
    try:
        with open_user_file(path, limit=MAX_BACKUP_BYTES, what="The backup") as (handle, _size):
            start = handle.read(len(age.INTRO))
            handle.seek(0)
            if age.is_age_file(start):
                keyfile, key, names, files = _unpack(cast(BinaryIO, handle), path, scratch)
            elif start.startswith(backup_legacy.MAGIC):
                keyfile, key, names, files = backup_legacy.unpack_legacy(
                    cast(BinaryIO, handle), path, scratch
                )
            else:
                raise backup_legacy.damaged(path)
        with keys.exclusive_lock(home):
            _install(home, scratch, keyfile, replace_existing=existing)
    finally:
        protect.delete_tree(scratch)
    keys.remember(home, keyfile.key_id, key)
    for name in names:
        protect.open_protected(
            home / protect.CASES_DIR / name
        ).close()  # runs migrations, checks the key
    return RestoreResult(len(names), files, existing)


def _unpack(
    handle: BinaryIO, source: Path, scratch: Path
) -> tuple[crypto.KeyFile, bytes, list[str], int]:
    """Open an age backup and seal its cases into ``scratch`` under a new key locked by its passphrase."""
    start = handle.tell()

    def open_backup(typed: str) -> age.AgeReader:
        handle.seek(start)  # each try reads the header again
        try:
            return age.AgeReader(handle, typed)
        except age.AgeWrongPassphrase:
            raise crypto.WrongPassphrase("That passphrase is not right, so nothing was opened.") from None
        except age.AgeDamaged:
            raise backup_legacy.damaged(source) from None

    passphrase, reader = keys.open_with_passphrase(open_backup, "Passphrase of the backup: ")
    key_id, key = crypto.new_data_key()
    sealed = SealedCodec(key, key_id)
    stores: dict[str, CaseStore] = {}
    files = 0
    manifest: object = None
    try:
        with tarfile.open(fileobj=cast("IO[bytes]", reader), mode="r|") as tar:
            for member in tar:
                content = tar.extractfile(member) if member.isfile() else None
                case_json, kept_file = _CASE_JSON.match(member.name), _KEPT_FILE.match(member.name)
                if content is None:
                    raise backup_legacy.damaged(source)
                if member.name == MANIFEST:
                    manifest = json.loads(content.read(MEGABYTE))
                elif (
                    case_json and case_json[1] not in stores and member.size <= MAX_CASE_JSON_BYTES
                ):
                    store = CaseStore.open(scratch / protect.CASES_DIR / case_json[1], codec=sealed)
                    stores[case_json[1]] = store
                    load_case(store, content.read(), where=str(source))
                elif kept_file and kept_file[1] in stores:
                    _seal_kept(stores[kept_file[1]], kept_file[2], content, member.size, source)
                    files += 1
                elif member.name != README:
                    raise backup_legacy.damaged(source)
        reader.read()  # the rest, so a cut or changed last chunk is caught before anything is installed
    except (tarfile.TarError, ValueError, EOFError, age.AgeDamaged) as error:
        raise backup_legacy.damaged(source) from error
    finally:
        for store in stores.values():
            store.close()
    names = sorted(stores)
    if not isinstance(manifest, dict) or sorted(manifest.get("cases", [])) != names:
        raise backup_legacy.damaged(source)
    if manifest.get("format", 0) > BACKUP_FORMAT:
        raise LeaveMeAloneError(
            "This backup was made by a newer version of leavemealone.",
            hint=f"Update leavemealone ({suggest.UPGRADE}), then try again.",
        )
    return crypto.wrap_key(key, passphrase, key_id=key_id), key, names, files


def _seal_kept(store: CaseStore, digest: str, content: IO[bytes], size: int, source: Path) -> None:
    def write(handle: IO[bytes]) -> None:
        if store.codec.seal_file(content, size, handle, store.file_binding(digest)) != digest:
            raise backup_legacy.damaged(source)

    try:
        write_new_file(ensure_private_dir(store.file_path(digest).parent) / digest, write)
    except OSError as error:
        raise StoreError(f"Cannot restore a kept file: {error}.") from error


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

        descriptor = os.open(
            self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
        )
        self.handle = os.fdopen(descriptor, "wb")
        make_private(self.handle.fileno())
        return cast(BinaryIO, self.handle)

    def __exit__(self, *exc_info: object) -> None:
        self.handle.close()
