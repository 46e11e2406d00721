"""The documents a user can make, and how their answers become a filled-in document.

Build a result, then render it: ``build_document`` returns a
``RenderedDocument`` (Markdown plus the bytes of the chosen format), and a
command only shows it or saves it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leavemealone import render
from leavemealone.errors import NeedsInputError, UsageError
from leavemealone.letter_context import (
    NOTICE_CHANNELS,
    OPTIONS,
    TEXT_MESSAGE_LIMIT,
    build_context,
    clean,
)

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "CATALOGUE",
    "NOTICE_CHANNELS",
    "OPTIONS",
    "TEXT_MESSAGE_LIMIT",
    "DocumentInfo",
    "RenderedDocument",
    "build_document",
    "document_context",
    "get_document",
    "list_documents",
    "missing_fields",
    "save_document",
    "show_document",
]


@dataclass(frozen=True)
class DocumentInfo:
    """One document in the catalogue: its template name, title and the fields it needs."""

    name: str
    title: str
    summary: str
    required: tuple[str, ...] = ()


CATALOGUE: dict[str, DocumentInfo] = {
    info.name: info
    for info in (
        DocumentInfo(
            "notice",
            "No-contact notice",
            "A plain, firm, dated notice telling the person to stop all contact.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "employer",
            "Letter to your employer",
            "Tells your workplace what is going on and what to do if the person shows up or calls.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "school",
            "Letter to your school",
            "Tells a teacher, principal or school office what is going on and what to do.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "support",
            "Briefing for a trusted friend",
            "For a friend or family member: what is happening and how they can help.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "police",
            "Summary for the police",
            "A one-page summary to bring to the police: who, what, since when, what evidence.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "court",
            "Protective order checklist",
            "Steps, forms and evidence for asking a court for a restraining order.",
        ),
        DocumentInfo(
            "checklist",
            "Your action checklist",
            "Emergency numbers, what to do next, and every step with boxes to tick.",
        ),
    )
}


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
        """A sensible file name, such as ``notice-2024-05-02.pdf``."""
        extension = "txt" if self.fmt == "terminal" else self.fmt
        return f"{self.name}-{self.date}.{extension}" if self.date else f"{self.name}.{extension}"


def list_documents() -> list[DocumentInfo]:
    """Every document, in the order ``letter --list`` shows them."""
    return list(CATALOGUE.values())


def get_document(name: str) -> DocumentInfo:
    """The catalogue entry for ``name``; an unknown name is a usage error listing the known ones."""
    try:
        return CATALOGUE[name]
    except KeyError:
        raise UsageError(
            f"There is no document called {name!r}.",
            hint="Choose one of: " + ", ".join(CATALOGUE) + ".",
        ) from None


def missing_fields(
    name: str, answers: Mapping[str, Any], options: Mapping[str, Any] | None = None
) -> list[str]:
    """The required fields of document ``name`` that have no value yet."""
    given = {**answers, **(options or {})}
    return [key for key in get_document(name).required if not clean(given.get(key))]


def build_document(
    name: str,
    answers: Mapping[str, Any],
    *,
    fmt: str = "md",
    options: Mapping[str, Any] | None = None,
    extras: Mapping[str, Any] | None = None,
    templates_dir: Path | None = None,
) -> RenderedDocument:
    """Fill document ``name`` from the saved answers and convert it to ``fmt``.

    ``options`` are this run's choices (reason, final, channel, recipient,
    since, date); ``extras`` are facts other parts of the tool computed
    (steps, emergency_lines, routing, incidents). A missing required field is
    a NeedsInputError naming its option, so the command can ask for it.
    """
    info = get_document(name)
    if fmt not in render.FORMATS:
        raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(render.FORMATS))
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
    markdown, _, advice = render.render_markdown(name, context, templates_dir=templates_dir).partition(
        FOR_YOU_ONLY
    )
    safe, _, safe_advice = render.render_markdown(
        name, context, templates_dir=templates_dir, escape_values=True
    ).partition(FOR_YOU_ONLY)
    markdown, safe = markdown.rstrip() + "\n", safe.rstrip() + "\n"
    if fmt == "md":
        content = markdown.encode("utf-8")
    else:
        content = render.to_format(safe, fmt, title=info.title, date=context["date_iso"], warnings=warnings)
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


def show_document(document: RenderedDocument, console: Console) -> None:
    """Print a document on a rich console (the ``terminal`` format), then its advice, if any."""
    render.print_terminal(document.safe_markdown or document.markdown, console)
    show_advice(document, console)


def show_advice(document: RenderedDocument, console: Console) -> None:
    """Print the part of a document meant for the user alone (never saved with it)."""
    if document.advice:
        console.rule()
        render.print_terminal(document.safe_advice or document.advice, console)


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
