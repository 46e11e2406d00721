"""The engine's mechanics on a small flow: order, conditions, back, resume, statuses, stopping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from leavemealone.ask.protocol import BACK
from leavemealone.flow.model import Flow
from leavemealone.flow.reader import load_flow
from leavemealone.flow.walk import applicable_steps
from leavemealone.guide.walk import Walk
from leavemealone.store.case_store import CaseStore
from tests.scripted import KEEP, ScriptedAsker
from tests.small_flow import write_small_flow


@pytest.fixture
def flow(tmp_path: Path) -> Flow:
    return load_flow(write_small_flow(tmp_path), letters_dir=tmp_path)


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    return CaseStore.open(tmp_path / "case")


def walk(flow: Flow, store: CaseStore, asker: ScriptedAsker) -> str:
    return Walk(flow, store, asker, facts=lambda kind, answers: "CALL 911").run().ending


def test_usual_order_walks_every_step_and_saves_answers(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([False, "red", "done", "Sam", "done", "2024-05-01"])
    assert walk(flow, store, asker) == "finished"
    assert [event[1:] for event in asker.of("step")] == [("first", 1, 3), ("second", 2, 3), ("third", 3, 3)]
    assert store.answers() == {"urgent": False, "colour": "red", "name": "Sam", "day": "2024-05-01"}
    assert {step: record.status for step, record in store.step_records().items()} == {
        "first": "done",
        "second": "done",
        "third": "done",
    }


def test_emergency_guidance_comes_right_after_a_yes_and_the_order_changes(
    flow: Flow, store: CaseStore
) -> None:
    asker = ScriptedAsker([True, "red", "done", "2024-05-01", "done", "Sam"])
    walk(flow, store, asker)
    first_after_urgent = asker.events[asker.events.index(("ask", "urgent", False)) + 1]
    assert first_after_urgent == ("guidance", "Call for help now.", "CALL 911")
    assert [event[1] for event in asker.of("step")] == ["first", "third", "second"]
    assert ("outcome", "third", ["rest"]) in asker.events


def test_a_step_whose_condition_fails_is_left_out(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([False, "blue", "done", "2024-05-01"])
    walk(flow, store, asker)
    assert [event[1:] for event in asker.of("step")] == [("first", 1, 3), ("third", 2, 2)]
    assert "second" not in store.step_records()


def test_back_restores_the_previous_question_with_its_answer_as_default(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([True, BACK, False, "blue", "done", "2024-05-01"])
    walk(flow, store, asker)
    asks = [event for event in asker.of("ask") if event[1] == "urgent"]
    assert asks == [("ask", "urgent", False), ("ask", "urgent", True)]
    assert store.answers()["urgent"] is False


def test_back_at_a_steps_first_question_reopens_the_previous_step(flow: Flow, store: CaseStore) -> None:
    # first step done, then in step two: back at "name" undoes step one's outcome.
    asker = ScriptedAsker([False, "red", "done", BACK, "later", "Sam", "done", "2024-05-01"])
    walk(flow, store, asker)
    outcomes = [event for event in asker.events if event[0] == "outcome"]
    assert [event[1] for event in outcomes][:2] == ["first", "first"]
    assert store.step_records()["first"].status == "later"


def test_a_step_reopened_by_going_back_offers_the_outcome_chosen_before(flow: Flow, store: CaseStore) -> None:
    # "later" for the first step; back at "name" reopens it; Enter; back at "stopped?"; Enter.
    asker = ScriptedAsker([False, "red", "later", BACK, KEEP, KEEP, "Sam", "done", "2024-05-01"])
    asker.ask_stopped = lambda: BACK if len(asker.outcome_defaults) == 2 else False  # type: ignore[method-assign]
    walk(flow, store, asker)
    assert asker.outcome_defaults[:3] == [None, "later", "later"]
    assert store.step_records()["first"].status == "later"


def test_back_on_the_very_first_question_says_there_is_nothing_before(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([BACK, False, "blue", "done", "2024-05-01"])
    walk(flow, store, asker)
    assert ("say", "This is the first question; there is nothing to go back to.") in asker.events


def test_a_new_walk_resumes_at_the_same_question(flow: Flow, store: CaseStore) -> None:
    class Interrupt(Exception):
        pass

    def interrupt(question: object) -> None:
        raise Interrupt

    with pytest.raises(Interrupt):
        walk(flow, store, ScriptedAsker([False, "red", "done", interrupt]))
    assert store.answers() == {"urgent": False, "colour": "red"}
    resumed = ScriptedAsker(["Sam", "done", "2024-05-01"])
    walk(flow, store, resumed)
    assert resumed.of("ask")[0][1] == "name"
    assert resumed.of("step")[0][1] == "second"


def test_statuses_are_recorded_as_given(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([False, "red", "done", "Sam", "not_needed", "2024-05-01", "skipped"])
    walk(flow, store, asker)
    assert {step: record.status for step, record in store.step_records().items()} == {
        "first": "done",
        "second": "not_needed",
        "third": "skipped",
    }


def test_steps_left_for_later_are_offered_again_at_the_end(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([False, "blue", "later", "2024-05-01", "done", True, "done"])
    result = Walk(flow, store, asker, facts=lambda kind, answers: "").run()
    assert result.ending == "finished"
    assert ("confirm", 'You left one step for later ("First things"). Go through it now?') in asker.events
    assert store.step_records()["first"].status == "done"


def test_saying_the_person_stopped_ends_the_walk_and_is_asked_about_next_time(
    flow: Flow, store: CaseStore
) -> None:
    asker = ScriptedAsker([False, "blue", "done"], stopped=True)
    assert walk(flow, store, asker) == "stopped"
    again = ScriptedAsker([False])
    assert walk(flow, store, again) == "stopped"
    assert "started again" in again.of("confirm")[0][1]
    restarted = ScriptedAsker([True, "2024-05-01", "done"])
    assert walk(flow, store, restarted) == "finished"
    assert [event[1] for event in restarted.of("step")] == ["third"]


def test_applicable_steps_follow_the_first_matching_order(flow: Flow) -> None:
    assert [s.id for s in applicable_steps(flow, {"urgent": True, "colour": "red"})] == [
        "first",
        "third",
        "second",
    ]
    assert [s.id for s in applicable_steps(flow, {})] == ["first", "third"]


def test_date_default_today_reaches_the_asker(flow: Flow, store: CaseStore) -> None:
    asker = ScriptedAsker([False, "blue", "done", lambda question: dt.date.today().isoformat()])
    walk(flow, store, asker)
    assert ("ask", "day", "today") in asker.events


def test_each_answer_is_told_to_the_hook_once_it_is_saved(flow: Flow, store: CaseStore) -> None:
    told: list[tuple[str, object, object]] = []

    def on_answer(answer_id: str, value: object) -> None:
        told.append((answer_id, value, store.answers().get(answer_id)))

    asker = ScriptedAsker([False, "blue", "done", "2024-05-01", "done"])
    Walk(flow, store, asker, facts=lambda kind, answers: "", on_answer=on_answer).run()
    assert told == [("urgent", False, False), ("colour", "blue", "blue"), ("day", "2024-05-01", "2024-05-01")]
