"""The flow's actions: adding incidents and exporting the log from inside a step."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from leavemealone.flow.model import Flow, Question
from leavemealone.flow.reader import load_flow
from leavemealone.guide.actions import flow_action_performer
from leavemealone.guide.session import facts_for
from leavemealone.guide.walk import Walk
from leavemealone.log.entries import add_incident, load_entries
from leavemealone.paths import default_flow_path
from leavemealone.store.case_store import CaseStore
from tests.guide.test_session import THREATENED_NY_ROOMMATE
from tests.scripted import ScriptedAsker


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(default_flow_path())


def test_incidents_are_added_with_every_field(tmp_path: Path, flow: Flow) -> None:
    replies = ["They waited outside my work", "soonish", "2024-05-01 08:30", "Main St", ["at_work"]]
    asker = ScriptedAsker([*replies, "Ana; Ben", "PR-77", "Officer Lee 12", "", False])
    with CaseStore.open(tmp_path) as store:
        said = flow_action_performer(store, asker)("log_incidents")
        (entry,) = load_entries(store)
    assert said == "Added 1 incident to your log. See them with: leavemealone log list"
    assert entry.record["what"] == "They waited outside my work"
    assert entry.record["when"] == "2024-05-01 08:30"
    assert entry.record["channels"] == ["at_work"]
    assert entry.record["witnesses"] == ["Ana", "Ben"]
    assert entry.record["police_report"] == "PR-77"
    assert entry.record["officer"] == "Officer Lee 12"
    said_about_time = [event[1] for event in asker.events if event[0] == "say" and "'soonish'" in event[1]]
    assert said_about_time and "is not a date and time I can read" in said_about_time[0]
    assert "11/29/2026 10:30 pm" in said_about_time[0] and "yesterday" in said_about_time[0]


def test_an_empty_what_adds_nothing(tmp_path: Path, flow: Flow) -> None:
    with CaseStore.open(tmp_path) as store:
        said = flow_action_performer(store, ScriptedAsker([None]))("log_incidents")
        assert load_entries(store) == []
    assert said.startswith("Nothing was added.")


def test_the_log_export_is_written_where_chosen_and_private(tmp_path: Path, flow: Flow) -> None:
    target = tmp_path / "timeline.html"
    with CaseStore.open(tmp_path / "case") as store:
        flow_action_performer(
            store, ScriptedAsker(["<b>shouted</b> at me", "", "", [], "", "", "", False])
        )("log_incidents")
        said = flow_action_performer(store, ScriptedAsker([str(target)]))("log_export")
    assert said.startswith(f"Saved the timeline of your log to {target}")
    page = target.read_text(encoding="utf-8")
    assert "&lt;b&gt;shouted&lt;/b&gt;" in page and "<b>shouted" not in page
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


ADD_INCIDENTS = "Add what has happened to your incident log now?"
TIMELINES = (
    "Make a timeline of your log to hand to the officer?",
    "Make a timeline of your log to attach to your court forms?",
)


class AddsOnce(ScriptedAsker):
    """Says yes the first time adding incidents is offered, and no to everything else."""

    def ask_yes_no(self, message: str, *, default: bool) -> bool:
        self.events.append(("yes_no", message))
        return message == ADD_INCIDENTS and self.of("yes_no").count(("yes_no", message)) == 1


def walk_offers(tmp_path: Path, flow: Flow, asker: ScriptedAsker) -> list[str]:
    """The log actions offered in a walk whose "add incidents" adds one entry to the log."""
    with CaseStore.open(tmp_path) as store:

        def perform(name: str) -> str:
            if name == "log_incidents":
                add_incident(store, what="They waited outside my work")
            return ""

        Walk(flow, store, asker, facts=facts_for, perform_action=perform).run()
    return [event[1] for event in asker.of("yes_no") if event[1] in (ADD_INCIDENTS, *TIMELINES)]


def test_a_timeline_is_offered_only_once_the_log_has_an_entry(tmp_path: Path, flow: Flow) -> None:
    offers = walk_offers(tmp_path, flow, ScriptedAsker([], answers=THREATENED_NY_ROOMMATE))
    assert offers == [ADD_INCIDENTS, ADD_INCIDENTS]  # no to each, so the log stays empty
    # One incident added at the police step: both timelines follow, that step's and the court's.
    offers = walk_offers(tmp_path / "added", flow, AddsOnce([], answers=THREATENED_NY_ROOMMATE))
    assert offers == [ADD_INCIDENTS, TIMELINES[0], ADD_INCIDENTS, TIMELINES[1]]


def test_the_notice_delivery_is_recorded_and_marks_later_incidents(tmp_path: Path, flow: Flow) -> None:
    with CaseStore.open(tmp_path) as store:
        store.set_answer("feels_threatened", False)
        said = flow_action_performer(store, ScriptedAsker(["2024-05-02", "letter"]))(
            "log_notice_delivery"
        )
        (entry,) = load_entries(store)
    assert said.startswith("Recorded in your log (entry 1): the notice reached them on 2024-05-02.")
    assert entry.kind == "notice" and entry.record["via"] == "letter"


def test_handing_the_notice_over_is_not_a_choice_for_someone_afraid(tmp_path: Path, flow: Flow) -> None:
    seen: list[list[str]] = []

    def pick_first(question: Question) -> str:
        seen.append(question.choice_values())
        return question.choice_values()[0]

    with CaseStore.open(tmp_path) as store:
        store.set_answer("feels_threatened", True)
        perform = flow_action_performer(store, ScriptedAsker(["2024-05-02", pick_first]))
        perform("log_notice_delivery")
    assert seen and "in_person" not in seen[0] and "letter" in seen[0]
