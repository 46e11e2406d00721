"""The README's five situations, walked as the people in them would answer: what is asked, and how much.

The prompt counts here are the README's (its "Examples" table, plain mode):
every prompt answered up to the notice offer and up to the checklist offer.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from leavemealone.flow.model import Offer
from leavemealone.guide import session as guide
from tests.scripted import ScriptedAsker

PROMPTS = ("ask", "outcome", "stopped", "document", "yes_no", "confirm")
COMMON: dict[str, Any] = {
    "in_danger": False, "feels_threatened": False, "danger_signs": [], "tech_signs": [],
    "at_work": False, "at_school": False, "might_stop_alone": False, "lives_with_them": False,
    "your_name": "Alex Doe", "their_name": "Sam Roe", "document_path": None,
    "partner_tie": [], "family_tie": None, "lived_together": False, "conduct": [],
    "checklist_how": "later",
}  # fmt: skip
SITUATIONS: dict[str, tuple[dict[str, Any], int, int]] = {
    "ex-partner in danger": (
        {"feels_threatened": True, "danger_signs": ["threatened_to_kill", "getting_worse"],
         "relationship": "ex_partner", "contact_channels": ["phone", "text", "following"], "state": "TX"},
        34, 39,
    ),
    "threatening coworker": (
        {"feels_threatened": True, "relationship": "coworker", "contact_channels": ["in_person", "at_work"],
         "state": "NY"},
        35, 40,
    ),
    "roommate": (
        {"relationship": "roommate", "contact_channels": ["text", "at_home"], "state": "CA",
         "lives_with_them": True},
        16, 39,
    ),
    "online stranger": (
        {"relationship": "online_only", "contact_channels": ["email", "social_media"], "state": "other"},
        15, 37,
    ),
    "classmate": (
        {"relationship": "classmate", "contact_channels": ["in_person", "social_media"], "state": "MA"},
        14, 40,
    ),
}  # fmt: skip


class Person(ScriptedAsker):
    """Answers as the person would; makes only the notice; counts every prompt."""

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool:
        self.events.append(("document", offer.name))
        return offer.name == "notice"

    def prompts_until(self, kind: str, name: str) -> int:
        prompts = [event for event in self.events if event[0] in PROMPTS]
        return next(number for number, event in enumerate(prompts, start=1) if event[:2] == (kind, name))


def start(asker: ScriptedAsker) -> guide.StartResult:
    return guide.start(
        "default", answers_file=None, no_input=False, plain=True, restart=False,
        console=Console(file=io.StringIO()), asker=asker,
    )  # fmt: skip


@pytest.mark.parametrize("situation", SITUATIONS)
def test_each_situation_walks_to_the_notice_and_the_checklist(
    situation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the notice is saved where the walk was started
    monkeypatch.setattr(guide, "_protection_offer_due", lambda: True)  # a first run
    given, to_notice, to_checklist = SITUATIONS[situation]
    answers = {**COMMON, **given}
    if situation == "ex-partner in danger":
        first = Person([], answers={**answers, "in_danger": True})
        assert start(first).ending == "paused"
        assert [event[0] for event in first.events if event[0] in PROMPTS] == ["ask"]
        monkeypatch.setattr(guide, "_protection_offer_due", lambda: False)  # the case exists now
    person = Person([], answers=answers)
    result = start(person)
    assert result.ending == "finished"
    asked = [event[1] for event in person.of("ask")]
    assert "Lock what you save with a passphrase now?" in [event[1] for event in person.of("confirm")]
    if given["relationship"] == "coworker":
        assert "at_work" not in asked
    if given["relationship"] == "classmate":
        assert "at_school" not in asked
    assert person.prompts_until("document", "notice") == to_notice
    assert person.prompts_until("ask", "checklist_how") == to_checklist
    assert list(tmp_path.glob("notice-*.pdf"))
