"""What the guide asks around a step's own questions: its offers, what the user did, whether it stopped."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leavemealone.flow.model import Offer

STOPPED_PROMPT = "Has the person stopped contacting or bothering you?"
OUTCOME_PROMPT = "What about this step?"
# Each says what it means, so two that both leave the step undone cannot be mistaken:
# "not_needed" is a step that does not fit the user's situation; "skipped" is one they
# choose not to take. Only "later" is offered again at the end of the walk.
OUTCOME_CHOICES = (
    ("done", "I did this"),
    ("later", "I'll do it later; ask me again at the end"),
    ("not_needed", "It does not fit my situation"),
    ("skipped", "I choose not to do this step"),
)


def offer_prompt(offer: Offer) -> str:
    """The question that offers a document: its label, then "Make it now?".

    Labels run long ("A draft declaration for the court, with each incident
    from your log"), so the question comes after the label, not at its end.
    """
    return f"{offer.label.rstrip('.')}. Make it now?"
