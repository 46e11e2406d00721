"""Every relationship x {not afraid, afraid, in danger} x {no signs, one strong sign, two other signs},
walked through the shipped flow by the engine, with every document made from the answers.

Nobody at high risk, and no partner, ex-partner, relative or household member, is ever told to face
the person, warn them in person, give a final warning, or tell them about legal steps; nobody who
knows the person only online, or not at all, is told to do anything in person. Checked in the flow
text, the checklist and every document (the part for the user included).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from leavemealone import safety
from leavemealone.documents.build import build_document
from leavemealone.documents.catalogue import CATALOGUE
from leavemealone.documents.context import CONTACT_WORDS
from leavemealone.flow.model import Flow
from leavemealone.flow.reader import load_flow
from leavemealone.guide.session import facts_for
from leavemealone.guide.walk import Walk
from leavemealone.paths import default_flow_path
from leavemealone.resources.routing import route
from leavemealone.store.case_store import CaseStore
from tests.flow.test_escalation_content import CHANNELS, RELATIONSHIPS, UNSAFE_ADVICE
from tests.scripted import ScriptedAsker

FEELINGS = {
    "not afraid": {"in_danger": False, "feels_threatened": False},
    "afraid": {"in_danger": False, "feels_threatened": True},
    "in danger": {"in_danger": True, "feels_threatened": False},
}
SIGNS = {
    "no signs": [],
    "one strong sign": ["threatened_to_kill"],
    "two other signs": ["hurt_you", "getting_worse"],
}
IN_PERSON = {label: UNSAFE_ADVICE[label] for label in ("in person", "face to face", "in public", "meet")}
IN_PERSON["hand it over"] = r"\bhand (it|the notice) (over|to them)\b"
CASES = list(itertools.product(RELATIONSHIPS, FEELINGS, SIGNS))


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(default_flow_path())


def answers_for(relationship: str, feeling: str, signs: str) -> dict[str, Any]:
    return {
        **FEELINGS[feeling],
        "danger_signs": SIGNS[signs],
        "relationship": relationship,
        "contact_channels": list(CHANNELS),  # every channel: the most advice there is
        "at_work": True,
        "at_school": True,
        "state": "CA",
        "might_stop_alone": False,
        "your_name": "Alex Doe",
        "their_name": "Sam Roe",
        "tech_signs": ["had_my_devices"],
        "partner_tie": ["dated"],
        "family_tie": "sibling",
        "lived_together": True,
        "lives_with_them": True,  # the shared-home advice and notice, where it is asked
        "conduct": ["threats"],
    }


def walked(flow: Flow, folder: Path, answers: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Everything the walk showed (guidance and checklist items) and the documents it offered.

    Someone in danger sees the numbers and the walk stops; the next run asks again whether they are
    in danger, they say no, and the rest of the walk follows: both runs are read.
    """
    items = {item.id: item.text for step in flow.steps for item in step.checklist}
    shown: list[str] = []
    offered: list[str] = []
    with CaseStore.open(folder) as store:
        runs = [answers] if not answers["in_danger"] else [answers, {**answers, "in_danger": False}]
        for given in runs:
            asker = ScriptedAsker([], answers=given)
            Walk(flow, store, asker, facts=facts_for, make_document=lambda name: "made").run()
            shown += [event[1] for event in asker.of("guidance")]
            shown += [items[item] for event in asker.of("outcome") for item in event[2]]
            offered += [event[1] for event in asker.of("document")]
    return shown, offered


def documents_for(answers: dict[str, Any]) -> list[str]:
    """Every document, as the user would get it, with the part for the user's eyes too."""
    extras = {"routing": route("CA", answers["relationship"], answers)}
    texts = []
    for name in CATALOGUE:
        options: dict[str, Any] = {"final": True} if name == "notice" else {}
        document = build_document(name, answers, extras=extras, options=options)
        texts += [document.markdown, document.advice]
    return texts


# What the person does, as the documents describe it ("coming up to me in person"): not advice.
DESCRIBING = sorted((phrase for pair in CONTACT_WORDS.values() for phrase in pair), key=len, reverse=True)


def hits(texts: list[str], patterns: dict[str, str]) -> list[str]:
    found = []
    for text in texts:
        advice = " ".join(text.split())
        for phrase in DESCRIBING:
            advice = advice.replace(phrase, "")
        found += [
            f"{label}: {sentence}"
            for sentence in re.split(r"(?<=[.!?])\s", advice)
            for label, pattern in patterns.items()
            if re.search(pattern, sentence, re.IGNORECASE)
        ]
    return found


@pytest.mark.parametrize(("relationship", "feeling", "signs"), CASES)
def test_no_confrontation_reaches_anyone_it_would_endanger(
    flow: Flow, tmp_path: Path, relationship: str, feeling: str, signs: str
) -> None:
    answers = answers_for(relationship, feeling, signs)
    shown, offered = walked(flow, tmp_path / "case", answers)
    documents = documents_for(answers)
    assert shown and offered
    was = {**answers, "was_in_danger": answers["in_danger"]}
    if safety.no_confrontation(was):
        assert hits(shown, UNSAFE_ADVICE) == []
        assert hits(documents, UNSAFE_ADVICE) == []
    if relationship in safety.NEVER_IN_PERSON:
        assert hits(shown, IN_PERSON) == []
        assert hits(documents, IN_PERSON) == []


@pytest.mark.parametrize("relationship", ["neighbour", "coworker", "acquaintance"])
def test_the_checks_above_can_see_what_they_guard_against(
    flow: Flow, tmp_path: Path, relationship: str
) -> None:
    answers = answers_for(relationship, "not afraid", "no signs")
    shown, _ = walked(flow, tmp_path / "case", answers)
    found = {line.split(":")[0] for line in hits(shown + documents_for(answers), UNSAFE_ADVICE)}
    assert {"in person", "in public", "legal help", "warn them that action will follow"} <= found


def test_every_case_counts_as_high_risk_exactly_when_it_should() -> None:
    for relationship, feeling, signs in CASES:
        answers = answers_for(relationship, feeling, signs)
        expected = feeling != "not afraid" or signs != "no signs"
        assert safety.is_high_risk(answers) is expected, (relationship, feeling, signs)
