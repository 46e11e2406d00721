"""The one safety level every part reads: flow conditions, documents, the checklist, the notice.

Self-reported fear misses many people at high risk, so the level also reads
the danger signs the research on lethal violence points to (see
``docs/safety.md``), and the relationship: partners, ex-partners, family
and household are never sent to face the person, whatever they answer.
Standard library only (and ``answer_values``), and nothing here asks, stores or prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leavemealone.answer_values import chosen

# Each one alone makes a case high risk (strongest predictors of lethal or severe violence).
STRONG_SIGNS = ("strangled", "threatened_to_kill", "weapon", "stalks_you", "sexual_violence")
# Two or more of these together make a case high risk.
OTHER_SIGNS = ("hurt_you", "getting_worse", "recent_separation", "threatened_suicide")
# The public values of the ``danger_signs`` answer, in the order they are asked.
DANGER_SIGNS = (
    "strangled",
    "threatened_to_kill",
    "weapon",
    "hurt_you",
    "getting_worse",
    "recent_separation",
    "stalks_you",
    "sexual_violence",
    "threatened_suicide",
)
# Relationships where an in-person warning or news of legal steps is never advised.
CLOSE_RELATIONSHIPS = ("partner", "ex_partner", "family", "household")
# People the user has never met, or knows only online: nothing in person, ever.
NEVER_IN_PERSON = ("online_only", "stranger")

# Saved by the guide when someone who said they were in danger says, on a later run, they are not now.
WAS_IN_DANGER = "was_in_danger"
IN_DANGER = "in_danger"
HIGH_RISK = "high_risk"
STANDARD = "standard"


def danger_signs(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The danger signs the user ticked, in the order of ``DANGER_SIGNS``."""
    ticked = chosen(answers, "danger_signs")
    return tuple(sign for sign in DANGER_SIGNS if sign in ticked)


def safety_level(answers: Mapping[str, Any]) -> str:
    """``in_danger``, ``high_risk`` or ``standard``.

    High risk: afraid of being hurt, or any strong danger sign, or two or
    more of the others.
    """
    if answers.get("in_danger") is True:
        return IN_DANGER
    if answers.get(WAS_IN_DANGER) is True:  # in danger on an earlier run: still high risk
        return HIGH_RISK
    signs = danger_signs(answers)
    strong = any(sign in STRONG_SIGNS for sign in signs)
    others = sum(1 for sign in signs if sign in OTHER_SIGNS)
    if answers.get("feels_threatened") is True or strong or others >= 2:
        return HIGH_RISK
    return STANDARD


def is_high_risk(answers: Mapping[str, Any]) -> bool:
    """In danger now, or high risk: no confrontation, no final warning, police and court first."""
    return safety_level(answers) != STANDARD


def no_confrontation(answers: Mapping[str, Any]) -> bool:
    """Never advise an in-person warning, a final warning or telling them about legal steps.

    True for anyone at high risk, and for partners, ex-partners, family and
    household members whatever they answer.
    """
    return is_high_risk(answers) or answers.get("relationship") in CLOSE_RELATIONSHIPS


def in_person_ok(answers: Mapping[str, Any]) -> bool:
    """Whether anything in person (a spoken warning, handing over the notice) may be suggested.

    Only when the user said plainly they are not afraid, nothing else rules it
    out, and they have met the person outside the internet.
    """
    return (
        answers.get("feels_threatened") is False
        and not no_confrontation(answers)
        and answers.get("relationship") not in NEVER_IN_PERSON
    )

