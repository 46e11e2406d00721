"""The documents a user can make: name, title, one-line summary, and the answers each needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leavemealone.documents.context import clean
from leavemealone.errors import UsageError


@dataclass(frozen=True)
class DocumentInfo:
    """One document in the catalogue: its template name, title and the fields it needs.

    ``private`` marks a document for the user alone (the safety plan): it is
    never bundled with papers meant for others, and its file name says nothing.
    """

    name: str
    title: str
    summary: str
    required: tuple[str, ...] = ()
    private: bool = False

    @property
    def file_stem(self) -> str:
        """The start of its default file name: ``notes`` for a private paper, so a file list says nothing."""
        return "notes" if self.private else self.name

    @property
    def file_title(self) -> str:
        """The title written into a file's metadata, which file managers show: neutral when private."""
        return "Notes" if self.private else self.title

    @property
    def command_name(self) -> str:
        """How the command line spells it: ``safety_plan`` is ``safety-plan``."""
        return self.name.replace("_", "-")

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
            "A formal report to your workplace: what happened at work, and the safety measures you ask for.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "school",
            "Letter to your school",
            "Asks your school (its Title IX coordinator, or a principal) for supportive measures.",
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
            "For the police: a first page that stands alone, then every incident in your own words.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "court",
            "Protective order checklist",
            "Steps, forms and evidence for asking a court for a restraining order.",
        ),
        DocumentInfo(
            "declaration",
            "Draft declaration for the court",
            "A draft sworn statement: each incident from your log as a dated paragraph, exhibits by letter.",
            ("your_name", "their_name"),
        ),
        DocumentInfo(
            "exhibits",
            "Exhibit list",
            "Every evidence file in your log by letter, with its SHA-256 and a capture note to fill in.",
        ),
        DocumentInfo(
            "safety_plan",
            "Your safety plan",
            "For you alone: safe places and people, a code word, a bag, leaving, children and pets.",
            private=True,
        ),
        DocumentInfo(
            "checklist",
            "Your action checklist",
            "Emergency numbers, what to do next, and every step with boxes to tick.",
        ),
    )
}


def list_documents() -> list[DocumentInfo]:
    """Every document, in the order ``letter --list`` shows them."""
    return list(CATALOGUE.values())


def get_document(name: str) -> DocumentInfo:
    """The catalogue entry for ``name`` (``safety-plan`` or ``safety_plan``).

    An unknown name is a usage error listing the known ones.
    """
    try:
        return CATALOGUE[name.strip().lower().replace("-", "_")]
    except KeyError:
        raise UsageError(
            f"There is no document called {name!r}.",
            hint="Choose one of: " + ", ".join(info.command_name for info in CATALOGUE.values()) + ".",
        ) from None


def missing_fields(
    name: str, answers: Mapping[str, Any], options: Mapping[str, Any] | None = None
) -> list[str]:
    """The required fields of document ``name`` that have no value yet."""
    given = {**answers, **(options or {})}
    return [key for key in get_document(name).required if not clean(given.get(key))]
