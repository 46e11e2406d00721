"""How answers become a filled-in document, in the chosen format.

Build a result, then render it: ``build_document`` returns a
``RenderedDocument`` (Markdown plus the bytes of the chosen format), and a
command only shows it or saves it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leavemealone.documents.catalogue import CATALOGUE, get_document, missing_fields
from leavemealone.documents.context import build_context
from leavemealone.documents.formats import FORMATS, to_format
from leavemealone.documents.templates import render_markdown
from leavemealone.documents.user_text import escape_markdown_readable
from leavemealone.errors import NeedsInputError, UsageError

FOR_YOU_ONLY = "<!-- for you only -->"


@dataclass(frozen=True)
class RenderedDocument:
    """A finished document: the Markdown, and ``content`` in the chosen format."""

    name: str
    title: str
    markdown: str
    content: bytes
    fmt: str
    warnings: tuple[str, ...] = ()
    safe_markdown: str = field(default="", repr=False)  # values escaped; the converters read it
    date: str = ""
    advice: str = ""  # Markdown for the user's eyes only: shown, never written into ``content``
    safe_advice: str = field(default="", repr=False)

    @property
    def sha256(self) -> str:
        """The content's SHA-256, which the store records for each document made."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def filename(self) -> str:
        """A sensible file name, such as ``notice-2024-05-02.pdf`` (``notes-...`` for a private paper)."""
        extension = "txt" if self.fmt == "terminal" else self.fmt
        stem = get_document(self.name).file_stem if self.name in CATALOGUE else self.name
        return f"{stem}-{self.date}.{extension}" if self.date else f"{stem}.{extension}"


def build_document(
    name: str,
    answers: Mapping[str, Any],
    *,
    fmt: str = "md",
    options: Mapping[str, Any] | None = None,
    extras: Mapping[str, Any] | None = None,
    templates_dir: Path | None = None,
    paper: str = "letter",
) -> RenderedDocument:
    """Fill document ``name`` from the saved answers and convert it to ``fmt``.

    ``options`` are this run's choices (reason, final, channel, recipient,
    since, date); ``extras`` are facts other parts of the tool computed
    (steps, emergency_lines, routing, incidents, timeline). ``paper`` is
    ``letter`` or ``a4`` for pdf and docx. A missing required field is a
    NeedsInputError naming its option, so the command can ask for it.
    """
    info = get_document(name)
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(FORMATS))
    missing = missing_fields(name, answers, options)
    if missing:
        flags = " and ".join("--" + key.replace("_", "-") for key in missing)
        raise NeedsInputError(
            f"The {info.title.lower()} needs {' and '.join(missing)}.",
            hint=f"Give {flags}, or answer them with: leavemealone start",
        )
    context, warnings = build_context(
        answers, extras or {}, options or {}, document=info.name, title=info.title
    )
    # What follows FOR_YOU_ONLY (how to deliver it, say) must never travel with the document.
    # The md file keeps user text readable, but a name can never become Markdown in it.
    markdown, _, advice = render_markdown(
        name, context, templates_dir=templates_dir, escape=escape_markdown_readable
    ).partition(FOR_YOU_ONLY)
    safe, _, safe_advice = render_markdown(
        name, context, templates_dir=templates_dir, escape_values=True
    ).partition(FOR_YOU_ONLY)
    markdown, safe = markdown.rstrip() + "\n", safe.rstrip() + "\n"
    if fmt == "md":
        content = markdown.encode("utf-8")
    else:
        content = to_format(
            safe, fmt, title=info.file_title, date=context["date_iso"], warnings=warnings, paper=paper
        )
    return RenderedDocument(
        name,
        info.title,
        markdown,
        content,
        fmt,
        tuple(warnings),
        safe,
        context["date_iso"],
        advice=advice.strip(),
        safe_advice=safe_advice.strip(),
    )


def save_document(document: RenderedDocument, path: Path) -> Path:
    """Write the document's bytes to ``path``, readable by this user only (0600)."""
    from leavemealone.files import save_private

    return save_private(path, document.content)


def document_context(
    answers: Mapping[str, Any],
    *,
    extras: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The values a template sees, built from the answers, this run's options and extras.

    Every key is always present (None, False or empty when unknown), so
    templates test ``{% if routing %}`` and never need ``is defined``.
    """
    return build_context(answers, extras or {}, options or {})[0]
