"""A hearing packet: everything a court needs in one folder (or one .zip), with fingerprints.

The draft declaration (PDF, and docx to edit), the log's timeline (the same
PDF as ``log export``), a copy of every evidence file named by its exhibit
letter, the exhibit list with a capture note to fill in by hand, a page on
how to check the files on Windows, macOS and Linux, and ``SHA256SUMS`` in
the format ``sha256sum -c`` reads. Everything is built in memory first and
written only when all of it is ready; a document meant for the user alone
(the safety plan) can never be part of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leavemealone import suggest
from leavemealone.documents.build import build_document
from leavemealone.documents.catalogue import get_document
from leavemealone.documents.record import exhibit_file_name
from leavemealone.errors import LeaveMeAloneError
from leavemealone.guide.paperwork import (
    FieldAsker,
    ReplaceAsker,
    case_extras,
    fill_missing,
    user_templates_dir,
)

if TYPE_CHECKING:
    from leavemealone.store.case_store import CaseStore

MANIFEST = "SHA256SUMS"
HOW_TO_CHECK = "HOW-TO-CHECK.txt"
# The papers, in the order they are listed: (catalogue name, file name, format).
PAPERS = (
    ("declaration", "Declaration.pdf", "pdf"),
    ("declaration", "Declaration.docx", "docx"),
    ("exhibits", "Exhibit-list.pdf", "pdf"),
)
TIMELINE = "Incident-log.pdf"


@dataclass(frozen=True)
class PacketRequest:
    """What ``packet`` was asked for; ``options`` holds names given for this run."""

    case: str
    output: Path
    paper: str = "letter"
    force: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    templates_dir: Path | None = None


@dataclass(frozen=True)
class Packet:
    """A finished packet: where it went, its files in order, and what the user should read."""

    path: Path
    files: tuple[str, ...]
    exhibits: int
    advice: str
    warnings: tuple[str, ...] = ()


def default_packet_path() -> Path:
    """``./hearing-packet-2024-05-02``: a folder in the folder the command runs in."""
    return Path.cwd() / f"hearing-packet-{dt.date.today().isoformat()}"


def make_packet(
    request: PacketRequest, *, ask: FieldAsker | None, may_replace: ReplaceAsker | None = None
) -> Packet:
    """Build every file of the packet, then write the folder (or the .zip) in one go."""
    from leavemealone.store.cases import open_case

    target = request.output.expanduser()
    as_zip = target.suffix.lower() == ".zip"
    _check_target(target, as_zip=as_zip, force=request.force, may_replace=may_replace)
    options = {key: value for key, value in request.options.items() if value not in (None, "")}
    with open_case(request.case) as store:
        answers = store.answers()
        fill_missing(get_document("declaration"), answers, options, ask)
        extras = case_extras(store, answers)
        files, advice, warnings = _papers(store, answers, extras, options, request)
        files[TIMELINE] = _timeline(store, request.paper)
        files.update(_exhibit_copies(store, extras))
        day = dt.date.today().isoformat()
        files[HOW_TO_CHECK] = _how_to_check(files, day)
        files[MANIFEST] = manifest(files)
        written = _write_zip(target, files) if as_zip else _write_folder(target, files)
        store.record_document("declaration", hashlib.sha256(files["Declaration.pdf"]).hexdigest(), written)
    exhibits = sum(1 for name in files if name.startswith("Exhibit-") and name != "Exhibit-list.pdf")
    return Packet(written, tuple(files), exhibits, advice, tuple(warnings))


def _check_target(target: Path, *, as_zip: bool, force: bool, may_replace: ReplaceAsker | None) -> None:
    """A new or empty folder, or a packet made before (replaced whole, after asking or with ``force``).

    A folder holding anything else is never written into, ``force`` or not:
    ``--output ~`` must not scatter papers among the user's own files.
    """
    from leavemealone.guide.paperwork import refuse_to_replace

    if not as_zip and target.exists() and not target.is_dir():
        raise LeaveMeAloneError(
            f"{target} is a file, not a folder.", hint="Give a new folder's name, or a name ending in .zip."
        )
    occupied = target.exists() and (as_zip or any(target.iterdir()))
    if occupied and not as_zip and not is_packet_folder(target):
        raise LeaveMeAloneError(
            f"{target} already holds files that are not a hearing packet, so nothing was written.",
            hint="Give a new folder's name, or a name ending in .zip.",
        )
    if occupied:
        refuse_to_replace(target, force=force, may_replace=may_replace)


def is_packet_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a packet and nothing else: its own SHA256SUMS lists every other file."""
    sums = folder / MANIFEST
    try:
        if not sums.is_file() or sums.stat().st_size > 1_000_000:
            return False
        lines = sums.read_text(encoding="utf-8").splitlines()
        present = {path.name for path in folder.iterdir()}
    except (OSError, UnicodeDecodeError):
        return False
    listed = {line.partition("  ")[2] for line in lines if "  " in line}
    return bool(listed) and present <= listed | {MANIFEST}


def _papers(
    store: CaseStore,
    answers: dict[str, Any],
    extras: dict[str, Any],
    options: dict[str, Any],
    request: PacketRequest,
) -> tuple[dict[str, bytes], str, list[str]]:
    files: dict[str, bytes] = {}
    advice = ""
    warnings: list[str] = []
    templates = user_templates_dir(request.templates_dir)
    for name, file_name, fmt in PAPERS:
        if get_document(name).private:  # a paper for the user alone never travels
            raise AssertionError(f"{name} is private and cannot go into a packet")
        document = build_document(
            name, answers, fmt=fmt, options=options, extras=extras, templates_dir=templates,
            paper=request.paper,
        )  # fmt: skip
        files[file_name] = document.content
        advice = advice or document.safe_advice
        warnings += [warning for warning in document.warnings if warning not in warnings]
    return files, advice, warnings


def _timeline(store: CaseStore, paper: str) -> bytes:
    from leavemealone.log.export import export_log

    return export_log(store, fmt="pdf", paper=paper).content


def _exhibit_copies(store: CaseStore, extras: dict[str, Any]) -> dict[str, bytes]:
    """A copy of every kept evidence file, checked against the SHA-256 the log recorded."""
    copies: dict[str, bytes] = {}
    for exhibit in (extras.get("timeline") or {}).get("exhibits") or ():
        content = store.get_file(exhibit["sha256"])
        if hashlib.sha256(content).hexdigest() != exhibit["sha256"]:
            raise LeaveMeAloneError(
                f"The kept copy of {exhibit['name']} no longer matches what the log recorded, so no packet "
                "was made.",
                hint=f"To see what changed, run: {suggest.LOG_VERIFY}",
            )
        copies[exhibit_file_name(exhibit["number"], exhibit["name"])] = content
    return copies


def _how_to_check(files: dict[str, bytes], day: str) -> bytes:
    from leavemealone.documents.formats import to_format
    from leavemealone.documents.templates import render_markdown

    listed = [{"name": name, "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()]
    markdown = render_markdown("_packet_check", {"files": listed, "date": day}, escape_values=True)
    return to_format(markdown, "txt", title="How to check these files")


def manifest(files: dict[str, bytes]) -> bytes:
    """``SHA256SUMS``: one ``<sha256>  <name>`` line per file, as ``sha256sum`` writes and checks it."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in files.items()]
    return "".join(lines).encode("utf-8")


def _write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    """Write the packet into a new or empty folder, or in place of an older packet, whole.

    An empty folder (a USB stick, say) is written into as it is; an older
    packet is replaced by a folder written beside it, so none of its files stay.
    """
    import shutil
    import tempfile

    from leavemealone.files import save_private

    replacing = folder.exists() and any(folder.iterdir())
    if folder.exists() and not replacing:
        target = folder
    else:
        folder.parent.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))  # mode 0700
    written: list[Path] = []
    try:
        for name, content in files.items():
            written.append(save_private(target / name, content))
        if replacing:
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            folder.replace(old / folder.name)
            target.replace(folder)
            shutil.rmtree(old, ignore_errors=True)
        elif target != folder:
            target.replace(folder)
    except (OSError, LeaveMeAloneError) as error:
        if target == folder:
            for path in written:
                path.unlink(missing_ok=True)
        else:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(error, LeaveMeAloneError):
            raise
        raise LeaveMeAloneError(
            f"Cannot write the packet to {folder}: {error.strerror}.",
            hint="Check the folder's permissions, or give another folder's name.",
        ) from error
    return folder


def _write_zip(path: Path, files: dict[str, bytes]) -> Path:
    """One .zip holding a folder named after it, so unpacking it makes one tidy folder."""
    from leavemealone.files import save_private

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            member = zipfile.ZipInfo(f"{path.stem}/{name}", date_time=dt.datetime.now().timetuple()[:6])
            member.external_attr = 0o600 << 16
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, content)
    return save_private(path, buffer.getvalue())
