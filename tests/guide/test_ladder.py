"""The shipped ladder walked by the engine with a scripted asker, one branch of the design at a time."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from leavemealone.flow.model import Flow
from leavemealone.flow.reader import load_flow
from leavemealone.guide.session import facts_for
from leavemealone.guide.walk import Walk
from leavemealone.paths import default_flow_path
from leavemealone.store.case_store import CaseStore
from tests.flow.test_escalation_content import UNSAFE_ADVICE
from tests.scripted import ScriptedAsker

CALM: dict[str, Any] = {
    "in_danger": False,
    "feels_threatened": False,
    "danger_signs": [],
    "tech_signs": [],
    "conduct": ["repeated_harassment"],
    "relationship": "neighbour",
    "contact_channels": [],
    "lives_with_them": False,
    "at_work": False,
    "at_school": False,
    "state": "CA",
    "might_stop_alone": False,
    "your_name": "Alex",
    "their_name": "Sam",
}


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(default_flow_path())


def walk(flow: Flow, tmp_path: Path, **changes: Any) -> ScriptedAsker:
    asker = ScriptedAsker([], answers={**CALM, **changes})
    with CaseStore.open(tmp_path / "case") as store:
        Walk(flow, store, asker, facts=facts_for, make_document=lambda name: f"made {name}").run()
    return asker


def steps_walked(asker: ScriptedAsker) -> list[str]:
    return [event[1] for event in asker.of("step")]


def checklist_ids(asker: ScriptedAsker) -> set[str]:
    return {item for event in asker.of("outcome") for item in event[2]}


def shown_text(flow: Flow, asker: ScriptedAsker) -> str:
    items = {item.id: item.text for step in flow.steps for item in step.checklist}
    guidance = [event[1] for event in asker.of("guidance")]
    return " ".join(" ".join([*guidance, *(items[i] for i in checklist_ids(asker))]).split())


def test_the_usual_order_for_a_calm_neighbour(flow: Flow, tmp_path: Path) -> None:
    asker = walk(flow, tmp_path)
    assert steps_walked(asker) == [
        "safety_check",
        "warning",
        "tech_safety",
        "cut_contact",
        "support",
        "police",
        "restraining_order",
    ]
    assert asker.events[1] == ("ask", "in_danger", False)


def test_in_danger_shows_emergency_numbers_and_asks_nothing_more(flow: Flow, tmp_path: Path) -> None:
    asker = walk(flow, tmp_path, in_danger=True)
    asked = [event[1] for event in asker.of("ask")]
    assert asked == ["in_danger"]
    after_danger = asker.events[asker.events.index(("ask", "in_danger", False)) + 1]
    assert after_danger[0] == "guidance" and "call 911" in after_danger[1]
    assert after_danger[2].index("911") < after_danger[2].index("988")
    assert asker.events[-1] == after_danger  # the walk pauses right after the numbers


def test_after_danger_the_next_run_asks_again_then_puts_police_and_court_first(
    flow: Flow, tmp_path: Path
) -> None:
    folder = tmp_path / "case"
    with CaseStore.open(folder) as store:
        store.set_answer("in_danger", True)
        rest = {key: value for key, value in CALM.items() if key != "in_danger"}
        first = ScriptedAsker([False], answers=rest)
        Walk(flow, store, first, facts=facts_for).run()
        assert store.answers()["was_in_danger"] is True
    assert first.events[0] == ("ask", "in_danger", True)  # asked again, the last answer prefilled
    assert steps_walked(first)[:4] == ["safety_check", "support", "tech_safety", "police"]
    assert "warning" in steps_walked(first)
    text = shown_text(flow, first)
    assert not re.search(UNSAFE_ADVICE["in public"], text, re.IGNORECASE)


def test_feeling_threatened_brings_an_advocate_and_the_police_earlier_and_drops_every_unsafe_suggestion(
    flow: Flow, tmp_path: Path
) -> None:
    asker = walk(
        flow, tmp_path, feels_threatened=True, relationship="ex_partner", contact_channels=["following"]
    )
    assert steps_walked(asker)[:4] == ["safety_check", "support", "tech_safety", "police"]
    text = shown_text(flow, asker)
    hits = {label: re.findall(pattern, text, re.IGNORECASE) for label, pattern in UNSAFE_ADVICE.items()}
    assert {label: found for label, found in hits.items() if found} == {}


def test_a_calm_user_does_get_the_in_person_option(flow: Flow, tmp_path: Path) -> None:
    text = shown_text(flow, walk(flow, tmp_path))
    assert re.search(UNSAFE_ADVICE["in public"], text, re.IGNORECASE)


@pytest.mark.parametrize(
    ("relationship", "expected", "absent"),
    [
        ("roommate", {"change_locks"}, {"block_on_social_media", "ask_shared_friends"}),
        ("acquaintance", {"ask_shared_friends", "block_on_social_media"}, {"change_locks"}),
        ("online_only", {"block_on_social_media", "ask_shared_friends"}, {"change_locks"}),
    ],
)
def test_the_relationship_decides_the_extra_advice(
    flow: Flow, tmp_path: Path, relationship: str, expected: set[str], absent: set[str]
) -> None:
    ids = checklist_ids(walk(flow, tmp_path, relationship=relationship))
    assert expected <= ids
    assert not absent & ids


def test_online_only_hears_about_a_new_account_under_another_name(flow: Flow, tmp_path: Path) -> None:
    assert "fresh account with another name" in shown_text(
        flow, walk(flow, tmp_path, relationship="online_only")
    )


@pytest.mark.parametrize(
    ("changes", "documents"),
    [
        ({"at_work": True}, ["employer"]),
        ({"at_school": True}, ["school"]),
        ({"at_work": True, "at_school": True}, ["employer", "school"]),
    ],
)
def test_work_or_school_brings_their_step_and_letter(
    flow: Flow, tmp_path: Path, changes: dict[str, bool], documents: list[str]
) -> None:
    asker = walk(flow, tmp_path, **changes)
    assert "work_school" in steps_walked(asker)
    offered = [event[1] for event in asker.of("document")]
    assert [name for name in offered if name in ("employer", "school")] == documents


def test_no_work_or_school_step_when_neither_is_touched(flow: Flow, tmp_path: Path) -> None:
    assert "work_school" not in steps_walked(walk(flow, tmp_path))
