"""What a resumed or ending walk remembers and says: offers, implied answers, the step count, the end."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from leavemealone.ask.protocol import BACK
from leavemealone.flow.model import Flow, Offer
from leavemealone.flow.reader import load_flow
from leavemealone.guide import ending, protection
from leavemealone.guide import session as guide
from leavemealone.guide.session import facts_for
from leavemealone.guide.walk import Walk
from leavemealone.paths import default_flow_path
from leavemealone.store.case_store import CaseStore
from leavemealone.store.cases import open_case
from tests.guide.test_ladder import CALM
from tests.scripted import KEEP, ScriptedAsker


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(default_flow_path())


class Interrupt(Exception):
    pass


class OfferAsker(ScriptedAsker):
    """Says yes to every document offer, and stops (like Ctrl-C) at the offer named ``stop_at``."""

    def __init__(self, *, stop_at: str | None = None, **kwargs: Any) -> None:
        super().__init__([], **kwargs)
        self.stop_at = stop_at

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool:
        self.events.append(("document", offer.name))
        if offer.name == self.stop_at:
            raise Interrupt
        return True


def test_a_resumed_walk_does_not_offer_again_what_was_answered(flow: Flow, tmp_path: Path) -> None:
    both = {**CALM, "at_work": True, "at_school": True}
    made: list[str] = []

    def make(name: str) -> str:
        made.append(name)
        return f"made {name}"

    with CaseStore.open(tmp_path / "case") as store:
        # The work and school step offers the employer's letter, then the school's: stop (Ctrl-C) there.
        first = OfferAsker(answers=both, stop_at="school")
        with pytest.raises(Interrupt):
            Walk(flow, store, first, facts=facts_for, make_document=make).run()
        assert [event[1] for event in first.of("document")][-2:] == ["employer", "school"]
        resumed = OfferAsker(answers=both)
        Walk(flow, store, resumed, facts=facts_for, make_document=make).run()
        assert store.answers()["offer:work_school:employer"] == "yes"
        assert store.answers()["offer:work_school:school"] == "yes"
    offered_again = [event[1] for event in resumed.of("document")]
    assert offered_again[0] == "school"
    assert made.count("employer") == 1 and made.count("school") == 1


def test_a_document_turned_down_at_one_step_is_not_offered_again_at_the_next(
    flow: Flow, tmp_path: Path
) -> None:
    afraid = {**CALM, "feels_threatened": True}  # the safety step and the support step both offer the plan
    with CaseStore.open(tmp_path / "case") as store:
        asker = ScriptedAsker([], answers=afraid)  # says no to every document
        Walk(flow, store, asker, facts=facts_for, make_document=lambda name: name).run()
        assert store.answers()["offer:safety_check:safety_plan"] == "no"
        assert "offer:support:safety_plan" not in store.answers()
    offered = [event[1] for event in asker.of("document")]
    assert offered.count("safety_plan") == 1
    assert "support" in offered, "the support step still offers its own briefing"


def test_back_at_the_step_question_reopens_the_last_offer(flow: Flow, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "case") as store:
        # The first step done; at the next, "no" to the notice, then back at "What about this step?".
        asker = ScriptedAsker(["done", BACK], answers=CALM)
        Walk(flow, store, asker, facts=facts_for, make_document=lambda name: name).run()
        notice_offers = [event for event in asker.of("document") if event[1] == "notice"]
    assert len(notice_offers) == 2


def test_going_back_several_questions_and_forward_again_keeps_every_answer(
    flow: Flow, tmp_path: Path
) -> None:
    """Back six times from "Their name", then Enter through each: every answer comes back, none is lost.

    A question shown on the way back is not answered there, so it must
    still hold its earlier answer when it comes round again.
    """
    given = [False, False, [], "acquaintance", ["social_media"], False, False, "WA", False, "Sam Lee"]
    at_their_name = [BACK] * 6 + [KEEP] * 6 + ["Robin"]
    asker = ScriptedAsker([*given, *at_their_name], stopped=True)  # then it stops, at the end of the step
    with CaseStore.open(tmp_path / "case") as store:
        assert Walk(flow, store, asker, facts=facts_for).run().ending == "stopped"
    asked = asker.of("ask")
    back_to = asked.index(("ask", "contact_channels", ["social_media"]))
    forward = [(event[1], event[2]) for event in asked[back_to + 1 :]]
    assert forward[: forward.index(("their_name", None)) + 1] == [
        ("at_work", False), ("at_school", False), ("state", "WA"), ("might_stop_alone", False),
        ("your_name", "Sam Lee"), ("their_name", None),
    ]  # fmt: skip
    with CaseStore.open(tmp_path / "case") as store:
        answers = store.answers()
    assert (answers["state"], answers["your_name"], answers["their_name"]) == ("WA", "Sam Lee", "Robin")
    assert answers["contact_channels"] == ["social_media"]


def test_back_at_the_step_question_reopens_the_offer_with_the_reply_given(flow: Flow, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "case") as store:
        # The first step done; at the next, "no" to the notice, then back at "What about this step?".
        asker = ScriptedAsker(["done", BACK], answers=CALM)
        Walk(flow, store, asker, facts=facts_for, make_document=lambda name: name).run()
    notices = [default for name, default in asker.offer_defaults if name == "notice"]
    assert notices == [True, False]  # first offered with "yes" as the default; then with the "no" given


def test_a_coworker_is_not_asked_whether_it_happens_at_work(flow: Flow, tmp_path: Path) -> None:
    asker = ScriptedAsker([], answers={**CALM, "relationship": "coworker"})
    with CaseStore.open(tmp_path / "case") as store:
        Walk(flow, store, asker, facts=facts_for).run()
        assert store.answers()["at_work"] is True
        assert store.answer_sources()["at_work"] == "implied"
    asked = [event[1] for event in asker.of("ask")]
    assert "at_work" not in asked and "at_school" in asked
    assert "work_school" in [event[1] for event in asker.of("step")]


@pytest.mark.parametrize(("relationship", "channels", "implied"), [
    ("classmate", [], {"at_school"}),
    ("neighbour", ["at_work"], {"at_work"}),
    ("neighbour", ["at_school", "at_work"], {"at_work", "at_school"}),
    ("neighbour", ["text"], set()),
])  # fmt: skip
def test_an_earlier_answer_that_says_work_or_school_is_not_asked_again(
    flow: Flow, tmp_path: Path, relationship: str, channels: list[str], implied: set[str]
) -> None:
    asker = ScriptedAsker([], answers={**CALM, "relationship": relationship, "contact_channels": channels})
    with CaseStore.open(tmp_path / "case") as store:
        Walk(flow, store, asker, facts=facts_for).run()
    asked = {event[1] for event in asker.of("ask")}
    assert {"at_work", "at_school"} - asked == implied


def test_an_implied_answer_is_asked_once_its_reason_is_taken_back(flow: Flow, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "case") as store:
        store.set_answer("relationship", "neighbour")
        store.set_answer("at_work", True, source="implied")
        for key in ("in_danger", "feels_threatened", "danger_signs", "contact_channels"):
            store.set_answer(key, CALM[key])
        asker = ScriptedAsker([], answers=CALM)
        Walk(flow, store, asker, facts=facts_for).run()
        assert store.answers()["at_work"] is False and store.answer_sources()["at_work"] == "asked"


def test_a_smaller_step_count_is_said_not_changed_silently(flow: Flow, tmp_path: Path) -> None:
    asker = ScriptedAsker([], answers=CALM)
    with CaseStore.open(tmp_path / "case") as store:
        Walk(flow, store, asker, facts=facts_for).run()
    totals = [event[3] for event in asker.of("step")]
    assert totals[0] == 8 and totals[1] == 7
    said = [event[1] for event in asker.of("say")]
    assert "From what you told us, one step does not apply to you: 7 steps now, not 8." in said


def test_the_end_offers_the_checklist_and_the_summary_names_what_is_left(
    flow: Flow, tmp_path: Path, private_home: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("".join(f"{key}: {value!r}\n" for key, value in CALM.items()), encoding="utf-8")
    asker = ScriptedAsker(["done", "later"], answers={"checklist_how": "show"}, outcome="done")
    result = guide.start(
        "default", answers_file=answers, no_input=False, plain=False, restart=False,
        console=Console(file=io.StringIO()), asker=asker,
    )  # fmt: skip
    assert result.ending == "finished" and result.summary is not None
    checklist = [event for event in asker.of("guidance") if "- [" in event[1]]
    assert checklist, "the checklist was not shown at the end"
    assert result.summary.later == ("Tell them clearly to stop",)
    assert result.summary.next_thing == (
        'When you are ready, carry on with "Tell them clearly to stop": leavemealone start'
    )
    assert result.summary.data_folder == str(private_home)
    with open_case("default") as store:
        assert store.answers()[ending.CHECKLIST_OFFER] == "show"
        again = ScriptedAsker([], answers={"checklist_how": "file"})
        ending.offer_checklist(store, again, flow)
    assert again.of("ask") == []  # offered once a case


def test_the_next_thing_after_a_notice_is_to_record_its_delivery(flow: Flow, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "case") as store:
        for key, value in CALM.items():
            store.set_answer(key, value)
        for step in flow.steps:
            store.set_step(step.id, "done")
        store.record_document("notice", "0" * 64, tmp_path / "notice.pdf")
        summary = ending.walk_ending(store, flow, case="default")
    assert summary.later == () and summary.left == ()
    assert summary.next_thing.startswith("Once your notice has reached them, record the day:")
    assert summary.documents == (ending.SavedDocument("No-contact notice", str(tmp_path / "notice.pdf")),)


def test_once_the_delivery_is_logged_the_log_is_read_only_as_far_as_it(
    flow: Flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.log import entries

    with CaseStore.open(tmp_path / "case") as store:
        for key, value in CALM.items():
            store.set_answer(key, value)
        for step in flow.steps:
            store.set_step(step.id, "done")
        store.record_document("notice", "0" * 64, tmp_path / "notice.pdf")
        entries.add_incident(store, what="Called twice.", when="2024-03-01")
        entries.record_notice_delivery(store, delivered_on="2024-03-02", via="letter")
        later = [entries.NewEntry("incident", {"what": f"Texted again ({n}).", "when": "2024-04-01"})
                 for n in range(300)]  # fmt: skip
        entries.append_entries(store, later)
        opened: list[int] = []
        open_entry = entries.open_entry

        def counted(store: CaseStore, row: Any) -> entries.Entry:
            opened.append(int(row[0]))
            return open_entry(store, row)

        monkeypatch.setattr(entries, "open_entry", counted)
        summary = ending.walk_ending(store, flow, case="default")
    assert summary.next_thing.startswith("Each time they contact you, add it to your log:")
    assert opened == [1, 2]


def test_someone_in_danger_is_offered_a_passphrase_gently_on_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guide, "_protection_offer_due", lambda: True)

    def run(asker: ScriptedAsker) -> None:
        guide.start(
            "default", answers_file=None, no_input=False, plain=False, restart=False,
            console=Console(file=io.StringIO()), asker=asker,
        )  # fmt: skip

    in_danger = ScriptedAsker([True])
    run(in_danger)
    assert not any("passphrase" in event[1] for event in in_danger.of("confirm"))
    with open_case("default") as store:
        assert protection.offer_pending(store)
    monkeypatch.setattr(guide, "_protection_offer_due", lambda: False)  # the case exists now
    safe = ScriptedAsker([False, KeyboardInterrupt_after_offer])
    with pytest.raises(Interrupt):
        run(safe)
    said = " ".join(event[1] for event in safe.of("say"))
    assert "One more thing, only if you want it" in said
    assert [event[1] for event in safe.of("confirm")] == ["Lock what you save with a passphrase now?"]
    first_question_after = [event[1] for event in safe.of("ask")]
    assert first_question_after[:2] == ["in_danger", "feels_threatened"]
    with open_case("default") as store:
        assert not protection.offer_pending(store)


def KeyboardInterrupt_after_offer(question: object) -> None:  # noqa: N802 - reads as what it does
    raise Interrupt


def test_for_someone_at_high_risk_the_next_thing_is_an_advocate_even_with_a_notice_made(
    flow: Flow, tmp_path: Path
) -> None:
    with CaseStore.open(tmp_path / "case") as store:
        for key, value in {**CALM, "feels_threatened": True}.items():
            store.set_answer(key, value)
        for step in flow.steps:
            store.set_step(step.id, "done")
        store.record_document("notice", "0" * 64, tmp_path / "notice.pdf")
        summary = ending.walk_ending(store, flow, case="default")
    assert (
        summary.next_thing
        == "Talk to an advocate before you act or send anything; leavemealone help-now lists them."
    )
