"""The two questions the guide adds after every step: what the user did, and whether it stopped."""

from __future__ import annotations

STOPPED_PROMPT = "Has the person stopped contacting or bothering you?"
OUTCOME_PROMPT = "What about this step?"
OUTCOME_CHOICES = (
    ("done", "I did this"),
    ("later", "I'll do it later"),
    ("not_needed", "I don't need this step"),
    ("skipped", "Skip it"),
)
