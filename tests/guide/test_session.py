"""The guided flow as wired for the CLI: facts shown at the right steps, from the shipped data."""

from __future__ import annotations

from pathlib import Path

import pytest

from leavemealone.flow.reader import load_flow
from leavemealone.guide import session
from leavemealone.guide.session import facts_for
from leavemealone.guide.walk import Walk
from leavemealone.paths import default_flow_path
from leavemealone.store.case_store import CaseStore
from leavemealone.store.cases import open_case
from tests.scripted import ScriptedAsker

ANSWERS = """\
in_danger: false
feels_threatened: false
relationship: roommate
contact_channels: [text]
at_work: true
at_school: false
state: CA
your_name: Alex Doe
their_name: Sam Roe
"""
THREATENED_NY_ROOMMATE = {
    "in_danger": False,
    "feels_threatened": True,
    "danger_signs": [],
    "tech_signs": [],
    "conduct": ["threats"],
    "relationship": "roommate",
    "contact_channels": ["at_home", "text"],
    "lives_with_them": True,
    "at_work": False,
    "at_school": False,
    "state": "NY",
    "might_stop_alone": False,
    "your_name": None,
    "their_name": None,
}


def test_emergency_numbers_in_the_flow_are_short_with_911_first() -> None:
    text = facts_for("emergency_numbers", {})
    assert text.index("911") < text.index("1-800-799-7233") < text.index("988")
    assert "leavemealone help-now" in text
    assert "RAINN" not in text


def test_hotlines_are_one_row_each_and_doubts_are_said() -> None:
    rows = facts_for("hotlines", {}).splitlines()
    assert rows[0] == (
        "- National Domestic Violence Hotline: call 1-800-799-7233 (1-800-799-SAFE), text START to 88788"
    )
    assert any(row.startswith("- VictimConnect") and "may not be working" in row for row in rows)


def test_protective_orders_follow_state_and_relationship() -> None:
    assert "criminal route" in facts_for("protective_orders", {"state": "NY", "relationship": "stranger"})
    texas = facts_for("protective_orders", {"state": "TX", "relationship": "ex_partner"})
    assert "Protective Order" in texas and "Source" in texas
    assert "leavemealone resources --state" in facts_for("protective_orders", {"state": "TX"})


def test_the_walk_shows_hotlines_at_support_and_orders_at_the_court_step(tmp_path: Path) -> None:
    flow = load_flow(default_flow_path())
    asker = ScriptedAsker([], answers=THREATENED_NY_ROOMMATE)
    with CaseStore.open(tmp_path) as store:
        Walk(flow, store, asker, facts=facts_for).run()
    facts = [event[2] for event in asker.of("guidance") if event[2]]
    assert any("National Domestic Violence Hotline: call" in fact for fact in facts)
    assert any("## Protective orders: New York, a roommate" in fact for fact in facts)


def test_an_answers_file_given_again_writes_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    original = CaseStore.set_answer

    def start() -> list[str]:
        written: list[str] = []

        def spy(store: CaseStore, answer_id: str, value: object, *, source: str = "asked") -> None:
            written.append(answer_id)
            original(store, answer_id, value, source=source)

        with monkeypatch.context() as patch:
            patch.setattr(CaseStore, "set_answer", spy)
            session.start(
                "default",
                answers_file=answers,
                no_input=True,
                plain=True,
                restart=False,
                console=Console(quiet=True),
            )
        return written

    first = start()
    assert "relationship" in first and "state" in first
    assert start() == []  # the same file again: nothing to write
    answers.write_text(ANSWERS.replace("state: CA", "state: NY"), encoding="utf-8")
    assert start() == ["state"]
    with open_case("default") as store:
        assert store.answers()["state"] == "NY"
        store.set_answer("at_work", True, source="asked")
    assert start() == ["at_work"]  # the same value, but the file becomes its source again
    with open_case("default") as store:
        assert store.answer_sources()["at_work"] == "file"


def test_derived_values_are_worked_out_only_when_a_condition_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from leavemealone.flow.conditions import holds
    from leavemealone.guide import derived

    routed: list[str] = []

    def routing_asks(answers: object) -> list[str]:
        routed.append("asked")
        return ["conduct"]

    monkeypatch.setitem(derived._WORK_OUT, "routing_asks", routing_asks)
    view = derived.with_derived({"in_danger": False, "feels_threatened": True, "relationship": "roommate"})
    assert holds("high_risk or not in_danger", view)
    assert "routing_asks" in view and routed == []  # asking whether it is there reads nothing
    assert holds("'conduct' in routing_asks", view) and holds("routing_asks", view)
    assert routed == ["asked"]  # worked out once
    assert sorted(view) == sorted(["in_danger", "feels_threatened", "relationship", *derived._WORK_OUT])
