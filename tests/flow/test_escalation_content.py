"""The shipped escalation flow: it loads, covers every seed point, and keeps a frightened user safe.

These tests read the flow file as data and walk its conditions over many
answer sets; they need no terminal and no real letter templates.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from leavemealone.flow.conditions import holds, names_used
from leavemealone.flow.model import Flow, Guidance, Question, Step
from leavemealone.flow.reader import load_flow
from leavemealone.flow.walk import active_order
from leavemealone.guide.derived import with_derived

FLOW_PATH = Path(__file__).resolve().parents[2] / "flows" / "escalation.yaml"
DOCUMENT_NAMES = ("notice", "support", "employer", "school", "police", "court", "declaration", "safety_plan")

RELATIONSHIPS = (
    "ex_partner", "partner", "family", "household", "roommate", "coworker",
    "classmate", "neighbour", "acquaintance", "stranger", "online_only", "other",
)  # fmt: skip
CHANNELS = (
    "in_person", "phone", "text", "email", "social_media", "mail", "third_parties",
    "at_home", "at_work", "at_school", "gifts", "following",
)  # fmt: skip
US_STATES = (
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj "
    "nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy"
).upper().split()

# The public answer ids (docs/flow-format.md): kind, and the exact values where fixed.
DESIGN_ANSWERS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "in_danger": ("confirm", None),
    "feels_threatened": ("confirm", None),
    "relationship": ("select", RELATIONSHIPS),
    "contact_channels": ("multi", CHANNELS),
    "at_work": ("confirm", None),
    "at_school": ("confirm", None),
    "state": ("select", (*US_STATES, "DC", "other")),
    "your_name": ("text", None),
    "their_name": ("text", None),
}

# Every piece of advice in the two seed articles, in our own short words, with
# the patterns that must all match one piece of guidance or checklist text
# that some user can reach.
SEED_ADVICE: list[tuple[str, list[str]]] = [
    # "How to Get Someone to Leave You Alone Without Getting a Restraining Order"
    ("be firm and completely clear", [r"\bfirm\b", r"completely clear"]),
    ("some people persist; an order may be the end, try other things first",
     [r"keep going", r"court order", r"things to try first"]),
    ("warn them in public in front of witnesses", [r"in person", r"public place", r"witness"]),
    ("say you won't be friends or get together", [r"be friends", r"spend time together"]),
    ("get a second phone line", [r"second line"]),
    ("a new mobile number is unlisted, a new landline is easy to find",
     [r"mobile number", r"unlisted", r"landline", r"look up"]),
    ("keep the old line on so the change goes unnoticed",
     [r"keep your old number on", r"don't notice"]),
    ("change the locks or move", [r"change (the|your) locks", r"moving"]),
    ("block them on social networks", [r"block them", r"social network"]),
    ("close your accounts if you cannot block", [r"can't block", r"close your accounts"]),
    ("a new account under another name", [r"account with another name"]),
    ("mutual friends can still link to you", [r"friends you share", r"lead them to you"]),
    ("tell your employer", [r"tell your employer"]),
    ("an employer wants to hear of a possible scene at work", [r"scene at work"]),
    ("you mean to keep working normally", [r"keep doing your job"]),
    ("go to the police if threatened, harassed, stalked or just uneasy",
     [r"threatened", r"harassed", r"stalked", r"uneasy", r"police"]),
    ("police would rather keep a record even if nothing is proven",
     [r"would much rather write it down", r"proven"]),
    ("police reports build the record a restraining order needs",
     [r"record", r"protective order"]),
    # "How To Get Someone To Leave You Alone"
    ("doing nothing may be enough: it is OK to wait", [r"wait and see", r"notes"]),
    ("tell them in person, by phone or in writing", [r"in person", r"by phone", r"in writing"]),
    ("be honest so your meaning is clear", [r"honest about how you feel"]),
    ("you may give a reason but don't owe one", [r"why you want", r"don't owe them a reason"]),
    ("a final warning that further action will follow", [r"final warning", r"further action"]),
    ("keep your word after the final warning", [r"keep your word"]),
    ("cut off all communication", [r"stop all contact"]),
    ("don't call them back", [r"return their calls"]),
    ("don't open the door to them", [r"open the door"]),
    ("no meetings anywhere", [r"get together", r"anywhere"]),
    ("no messages online or by post", [r"messages online", r"mail"]),
    ("a support network can back up your story", [r"back up your story"]),
    ("tell a trusted friend or relative everything", [r"friend", r"relative", r"everything"]),
    ("be honest with the person you trust", [r"be honest", r"trust"]),
    ("listen to their advice", [r"hear out what they suggest"]),
    ("ask them to help", [r"ask for their help"]),
    ("signs of stalking and harassment",
     [r"following you", r"gifts", r"letters", r"hanging around", r"watching you", r"your things"]),
    ("there are laws against stalking", [r"laws against"]),
    ("you are not alone", [r"not alone"]),
    ("think about how serious it is", [r"how serious"]),
    ("if your life is in danger, call for help", [r"fear for your life", r"911"]),
    ("options depend on your state and area", [r"depends on your state"]),
    ("look online or call a stalking helpline", [r"helpline", r"search online"]),
    ("reach a trained professional", [r"trained advocate"]),
    ("at work, tell the employer how serious it is", [r"employer", r"how serious"]),
    ("at school, tell a teacher or the principal", [r"teacher", r"principal"]),
    ("harassment calls for the police to step in", [r"harassing or stalking", r"police can step in"]),
    ("tell them you are getting legal help, when that is safe", [r"getting legal help"]),
    ("don't approach someone who is a threat", [r"(don't|do not) approach them"]),
    ("a restraining order is also called a protective order",
     [r"restraining order", r"protective order"]),
    ("orders vary in reach and length", [r"what it covers", r"how long it lasts"]),
    ("civil and criminal orders differ", [r"civil order", r"criminal order"]),
    ("only the state can seek a criminal order; you ask for a civil one",
     [r"only come through the state", r"prosecutor", r"ask a court for yourself"]),
    ("police involvement may lead to a criminal order", [r"police", r"criminal order"]),
    ("an order bars contact and coming close", [r"not contact you", r"distance"]),
    ("the right court depends on place and relationship",
     [r"right court", r"where you live", r"how you know"]),
    ("get the forms", [r"get the forms"]),
    ("fill in the forms carefully and make copies", [r"with care", r"copy them"]),
    ("file them with the court clerk", [r"clerk of the court"]),
    ("most states charge no filing fee", [r"most states", r"fee"]),
    ("the court needs evidence", [r"needs evidence"]),
    ("evidence: notes, emails, social media messages, call records",
     [r"notes", r"emails", r"social media messages", r"call records"]),
    ("detailed accounts of important encounters", [r"detailed account", r"encounter"]),
    ("say plainly that you are harassed or stalked", [r"name it clearly", r"stalking or harassing"]),
    ("police reports, medical records, witnesses and past conduct",
     [r"police reports", r"medical records", r"witnesses", r"in the past"]),
    ("there is a court hearing", [r"hearing", r"judge"]),
    ("it takes time and there is no guarantee", [r"long time", r"no guarantee"]),
    ("take each step seriously", [r"take each step seriously"]),
    ("every case is different", [r"no two situations are the same"]),
    ("if you are ever in danger, call 911", [r"whenever you feel in danger", r"911"]),
]  # fmt: skip

# What a threatened or endangered user must never be told to do: face the
# person, warn them by voice, or tell them about legal steps.
UNSAFE_ADVICE: dict[str, str] = {
    "in person": r"\bin[ -]person\b",
    "face to face": r"\bface[ -]to[ -]face\b",
    "in public": r"\bin (a )?public\b",
    "confront": r"\bconfront",
    "meet": r"\bmeet",
    "phone them": r"\b(call|phone|ring) them\b|\bby phone\b|\bover the phone\b",
    "tell them about legal steps": (
        r"\b(tell|let|inform|warn|show)\s+(them|him|her|the person)\b[^.!?]*"
        r"\b(legal|lawyer|attorney|police|court|order|report)"
    ),
    "legal help": r"\blegal help\b",
    "warn them that action will follow": r"\bfinal warning\b|\bfurther action\b",
}


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Flow:
    """The shipped flow, checked against empty stand-in templates."""
    letters = tmp_path_factory.mktemp("letters")
    for name in DOCUMENT_NAMES:
        (letters / f"{name}.md.j2").write_text("", encoding="utf-8")
    return load_flow(FLOW_PATH, letters_dir=letters)


def _plain(text: str) -> str:
    return " ".join(text.split())


_holds_memo: dict[tuple[str, tuple[tuple[str, str], ...]], bool] = {}


@functools.cache
def _names_read(expression: str) -> tuple[str, ...]:
    return tuple(sorted(names_used(expression)))


def _applies(expression: str | None, answers: dict[str, Any]) -> bool:
    """``holds``, memoised on just the answers the condition reads (many scenarios share them)."""
    if expression is None:
        return True
    key = (
        expression,
        tuple((name, repr(answers.get(name))) for name in _names_read(expression)),
    )
    if key not in _holds_memo:
        _holds_memo[key] = holds(expression, answers)
    return _holds_memo[key]


def _as_asked(flow: Flow, scenario: dict[str, Any]) -> dict[str, Any]:
    """The answers a run would hold, with the values worked out from them (``high_risk``...).

    A question skipped by its own ``when`` leaves no answer.
    """
    questions = flow.questions()
    answers: dict[str, Any] = {key: value for key, value in scenario.items() if key not in questions}
    for step in flow.steps:
        for question in step.questions():
            if question.id in scenario and _applies(question.when, with_derived(answers)):
                answers[question.id] = scenario[question.id]
    return with_derived(answers)


_scenario_memo: dict[str, list[dict[str, Any]]] = {}


def _scenarios(flow: Flow, **fixed: Any) -> list[dict[str, Any]]:
    """Every mix of the answers the flow's conditions read, with ``fixed`` held (computed once each)."""
    key = repr(sorted(fixed.items()))
    if key not in _scenario_memo:
        _scenario_memo[key] = _scenarios_for(flow, fixed)
    return _scenario_memo[key]


def _scenarios_for(flow: Flow, fixed: dict[str, Any]) -> list[dict[str, Any]]:
    choices: dict[str, list[Any]] = {
        "in_danger": [False, True],
        "feels_threatened": [False, True],
        "danger_signs": [[], ["stalks_you"], ["hurt_you", "getting_worse"]],
        "tech_signs": [[]],
        "relationship": [None, *RELATIONSHIPS],
        "contact_channels": [[], *([channel] for channel in CHANNELS), list(CHANNELS)],
        "lives_with_them": [False, True],
        "at_work": [False, True],
        "at_school": [False, True],
        "might_stop_alone": [False, True],
    }
    choices.update({name: [value] for name, value in fixed.items()})
    seen: set[str] = set()
    found = []
    for values in itertools.product(*choices.values()):
        answers = _as_asked(flow, dict(zip(choices, values, strict=True)))
        if repr(answers) not in seen:
            seen.add(repr(answers))
            found.append(answers)
    return found


_shown_memo: dict[tuple[str, str], list[tuple[str, str]]] = {}


def _advice_shown(flow: Flow, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) of the guidance and checklist items these answers lead to (memoised)."""
    key = ("advice", repr(answers))
    if key not in _shown_memo:
        _shown_memo[key] = _advice_shown_now(flow, answers)
    return _shown_memo[key]


def _advice_shown_now(flow: Flow, answers: dict[str, Any]) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for step in flow.steps:
        if not _applies(step.when, answers):
            continue
        for item in step.items:
            if isinstance(item, Guidance) and _applies(item.when, answers):
                shown.append((f"{step.id}: guidance line {item.line}", _plain(item.text)))
        for entry in step.checklist:
            if _applies(entry.when, answers):
                shown.append((f"{step.id}: checklist '{entry.id}'", _plain(entry.text)))
    return shown


def _everything_shown(flow: Flow, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """All words these answers put in front of the user: titles, questions, advice, documents."""
    shown = _advice_shown(flow, answers)
    for step in flow.steps:
        if not _applies(step.when, answers):
            continue
        shown += [(f"{step.id}: title", step.title), (f"{step.id}: summary", step.summary)]
        for question in step.questions():
            if _applies(question.when, answers):
                shown.append((f"{step.id}: question '{question.id}'", f"{question.prompt} {question.help}"))
        for document in step.documents:
            if _applies(document.when, answers):
                shown.append((f"{step.id}: document '{document.name}'", document.label))
    return shown


def _unsafe_lines(shown: list[tuple[str, str]]) -> list[str]:
    return [
        f"{where}: says {label!r}: {text}"
        for where, text in shown
        for label, pattern in UNSAFE_ADVICE.items()
        if re.search(pattern, text, re.IGNORECASE)
    ]


def _step(flow: Flow, step_id: str) -> Step:
    return flow.step_by_id[step_id]


def test_shipped_flow_loads_with_the_eight_steps_in_usual_order(flow: Flow) -> None:
    assert [step.id for step in flow.steps] == [
        "safety_check", "warning", "tech_safety", "cut_contact", "support", "work_school", "police",
        "restraining_order",
    ]  # fmt: skip
    assert all(step.title and step.summary for step in flow.steps)


def test_high_risk_brings_an_advocate_police_and_the_court_first(flow: Flow) -> None:
    orders = [(order.when, list(order.steps)) for order in flow.orders]
    assert orders == [
        ("in_danger", ["safety_check", "police", "restraining_order", "support", "tech_safety",
                       "cut_contact", "work_school", "warning"]),
        ("high_risk", ["safety_check", "support", "tech_safety", "police", "restraining_order",
                       "cut_contact", "work_school", "warning"]),
        (None, ["safety_check", "warning", "tech_safety", "cut_contact", "support", "work_school",
                "police", "restraining_order"]),
    ]  # fmt: skip


def test_technology_safety_comes_before_cutting_contact_in_every_order(flow: Flow) -> None:
    for order in flow.orders:
        assert order.steps.index("tech_safety") < order.steps.index("cut_contact"), order.when


def test_first_question_is_danger_and_a_yes_shows_emergency_numbers_and_pauses(flow: Flow) -> None:
    first, second = _step(flow, "safety_check").items[:2]
    assert isinstance(first, Question) and first.id == "in_danger"
    assert first.kind == "confirm" and first.default is False
    assert isinstance(second, Guidance) and second.show == "emergency_numbers" and second.when == "in_danger"
    assert second.pause and "911" in second.text


def test_the_danger_signs_are_the_public_ones_and_none_is_easy(flow: Flow) -> None:
    question = flow.questions()["danger_signs"]
    assert question.kind == "multi" and question.default == []
    assert question.choice_values() == [
        "strangled", "threatened_to_kill", "weapon", "hurt_you", "getting_worse", "recent_separation",
        "stalks_you", "sexual_violence", "threatened_suicide",
    ]  # fmt: skip
    assert "just press Enter" in question.help and "no score" in question.help
    assert flow.questions()["tech_signs"].choice_values() == [
        "knows_where_i_am", "had_my_devices", "shared_accounts", "gave_me_devices", "found_tracker",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def reachable_advice(flow: Flow) -> set[str]:
    """Every guidance and checklist text that at least one mix of answers leads to."""
    return {text for answers in _scenarios(flow) for _, text in _advice_shown(flow, answers)}


@pytest.mark.parametrize(("point", "patterns"), SEED_ADVICE, ids=[point for point, _ in SEED_ADVICE])
def test_every_seed_advice_point_reaches_some_user(
    reachable_advice: set[str], point: str, patterns: list[str]
) -> None:
    covering = [
        text
        for text in reachable_advice
        if all(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)
    ]
    assert covering, f"no reachable guidance or checklist text covers: {point} ({patterns})"


def test_doing_nothing_is_offered_as_an_option_that_a_file_can_skip(flow: Flow) -> None:
    question = flow.questions()["might_stop_alone"]
    assert question.kind == "confirm" and question.default is False
    shown = _advice_shown(flow, _as_asked(flow, {"might_stop_alone": True}))
    assert any("wait" in text and "come back" in text for _, text in shown)


HIGH_RISK_CASES = {
    "afraid": {"feels_threatened": True},
    "in danger": {"in_danger": True},
    "one strong sign": {"feels_threatened": False, "danger_signs": ["stalks_you"]},
    "two other signs": {"feels_threatened": False, "danger_signs": ["hurt_you", "getting_worse"]},
    "weapon": {"feels_threatened": False, "danger_signs": ["weapon"]},
    "was in danger": {"feels_threatened": False, "was_in_danger": True},
}
IN_PERSON = {label: UNSAFE_ADVICE[label] for label in ("in person", "face to face", "in public", "meet")}


@pytest.mark.parametrize("fixed", HIGH_RISK_CASES.values(), ids=list(HIGH_RISK_CASES))
def test_nobody_at_high_risk_is_told_to_face_them_or_reveal_legal_steps(
    flow: Flow, fixed: dict[str, Any]
) -> None:
    shown = {shown for answers in _scenarios(flow, **fixed) for shown in _everything_shown(flow, answers)}
    assert _unsafe_lines(sorted(shown)) == []


@pytest.mark.parametrize("relationship", ["partner", "ex_partner", "family", "household"])
def test_partners_relatives_and_household_never_hear_it_whatever_they_answer(
    flow: Flow, relationship: str
) -> None:
    fixed = {"relationship": relationship, "feels_threatened": False, "danger_signs": []}
    shown = {shown for answers in _scenarios(flow, **fixed) for shown in _everything_shown(flow, answers)}
    assert _unsafe_lines(sorted(shown)) == []


@pytest.mark.parametrize("relationship", ["online_only", "stranger"])
def test_nothing_in_person_for_someone_known_only_online_or_not_at_all(flow: Flow, relationship: str) -> None:
    scenarios = _scenarios(flow, relationship=relationship)
    shown = {shown for answers in scenarios for shown in _advice_shown(flow, answers)}
    in_person = [
        f"{where}: {text}" for where, text in sorted(shown)
        for pattern in IN_PERSON.values() if re.search(pattern, text, re.IGNORECASE)
    ]  # fmt: skip
    assert in_person == []


def test_calm_user_is_offered_the_in_person_warning_and_the_legal_help_notice(flow: Flow) -> None:
    # Proves the patterns above can see what they guard against.
    calm = _as_asked(flow, {"in_danger": False, "feels_threatened": False, "danger_signs": [],
                            "relationship": "neighbour"})  # fmt: skip
    found = {line.split(": says ")[1].split(":")[0] for line in _unsafe_lines(_advice_shown(flow, calm))}
    expected = {"'in person'", "'in public'", "'phone them'", "'legal help'"}
    expected.add("'warn them that action will follow'")
    assert expected <= found


def test_saving_the_evidence_comes_before_blocking_wherever_both_appear(flow: Flow) -> None:
    evidence = re.compile(r"save (the )?evidence", re.IGNORECASE)
    block = re.compile(r"\bblock", re.IGNORECASE)
    checked: set[tuple[str, ...]] = set()
    for answers in _scenarios(flow):
        rank = {step_id: index for index, step_id in enumerate(active_order(flow, answers).steps)}
        shown = sorted(_advice_shown(flow, answers), key=lambda item: rank[item[0].split(":")[0]])
        texts = tuple(text for _, text in shown)
        if texts in checked:
            continue
        checked.add(texts)
        blocking = [index for index, text in enumerate(texts) if block.search(text)]
        if not blocking:
            continue
        first = texts[blocking[0]]
        saved_before = any(evidence.search(text) for text in texts[: blocking[0]])
        saved_in_it = re.search(r"save (the )?evidence.*\bblock", first, re.IGNORECASE | re.DOTALL)
        assert saved_before or saved_in_it, first


def test_threatened_user_is_told_plainly_not_to_approach_them(flow: Flow) -> None:
    shown = _advice_shown(flow, _as_asked(flow, {"feels_threatened": True}))
    police = [text for where, text in shown if where.startswith("police")]
    assert any(re.search(r"do not approach them", text, re.IGNORECASE) for text in police)


def test_warning_step_is_skipped_for_someone_in_danger(flow: Flow) -> None:
    warning = _step(flow, "warning")
    assert not _applies(warning.when, _as_asked(flow, {"in_danger": True}))
    assert _applies(warning.when, _as_asked(flow, {"in_danger": False, "feels_threatened": True}))


def test_every_design_answer_is_asked_in_the_first_step_with_its_design_values(flow: Flow) -> None:
    first_step = {question.id: question for question in _step(flow, "safety_check").questions()}
    for answer_id, (kind, values) in DESIGN_ANSWERS.items():
        assert answer_id in first_step, f"{answer_id} is not asked in safety_check"
        question = first_step[answer_id]
        assert question.kind == kind, answer_id
        if values is not None:
            assert sorted(question.choice_values()) == sorted(values), answer_id
    assert flow.questions()["contact_channels"].default == []


def test_every_other_question_can_be_left_to_a_default_by_an_answers_file(flow: Flow) -> None:
    extra = [question for question in flow.questions().values() if question.id not in DESIGN_ANSWERS]
    for question in extra:
        assert question.default is not None or not question.required, question.id


def test_each_step_offers_the_documents_it_needs(flow: Flow) -> None:
    offered = {
        step.id: {(document.name, document.when) for document in step.documents} for step in flow.steps
    }
    assert offered == {
        "safety_check": {("safety_plan", "high_risk")},
        "warning": {("notice", None)},
        "tech_safety": set(),
        "cut_contact": set(),
        "support": {("support", None), ("safety_plan", "high_risk")},
        "work_school": {("employer", "at_work"), ("school", "at_school")},
        "police": {("police", None)},
        "restraining_order": {("court", None), ("declaration", None)},
    }
    notice = _step(flow, "warning").documents[0]
    assert notice.label == "Your written no-contact notice"


@pytest.mark.parametrize("step_id", ["police", "restraining_order"])
def test_steps_with_legal_facts_always_say_they_are_not_legal_advice(flow: Flow, step_id: str) -> None:
    always_shown = [
        item.text for item in _step(flow, step_id).items if isinstance(item, Guidance) and item.when is None
    ]
    assert any("not legal advice" in text for text in always_shown)


def test_every_guidance_screen_is_short(flow: Flow) -> None:
    for step in flow.steps:
        for item in step.items:
            if isinstance(item, Guidance):
                assert len(item.text.splitlines()) <= 6, f"{step.id}: guidance line {item.line}"


def test_flow_text_is_plain_ascii_so_every_output_format_can_show_it() -> None:
    assert FLOW_PATH.read_text(encoding="utf-8").isascii()


def advice_text(flow: Flow, scenario: dict[str, Any]) -> str:
    return " ".join(text for _, text in _advice_shown(flow, _as_asked(flow, scenario)))


@pytest.mark.parametrize("relationship", ["partner", "ex_partner", "family", "household", "roommate"])
def test_someone_who_lives_with_them_is_not_told_to_shut_the_door_on_them(
    flow: Flow, relationship: str
) -> None:
    base = {"in_danger": False, "feels_threatened": False, "danger_signs": [], "tech_signs": [],
            "relationship": relationship, "contact_channels": ["at_home"], "at_work": False,
            "at_school": False, "might_stop_alone": False}  # fmt: skip
    together = advice_text(flow, {**base, "lives_with_them": True})
    apart = advice_text(flow, {**base, "lives_with_them": False})
    assert "open the door to them" not in together and "no opening the door" not in together
    assert "While you live with them" in together and "advocate" in together
    assert "open the door to them" in apart and "While you live with them" not in apart


def test_only_those_who_may_share_a_home_are_asked_whether_they_do(flow: Flow) -> None:
    question = flow.questions()["lives_with_them"]
    asked = [name for name in RELATIONSHIPS if holds(question.when, {"relationship": name})]
    assert asked == ["ex_partner", "partner", "family", "household", "roommate"]


def test_someone_outside_the_us_hears_the_numbers_are_us_ones_and_no_state_facts(flow: Flow) -> None:
    base = {"in_danger": False, "feels_threatened": False, "danger_signs": [], "tech_signs": [],
            "relationship": "online_only", "contact_channels": ["email"], "at_work": False,
            "at_school": False, "might_stop_alone": False}  # fmt: skip
    outside = advice_text(flow, {**base, "state": "other"})
    in_ny = advice_text(flow, {**base, "state": "NY"})
    assert "call your local emergency number" in outside and "facts for your state above" not in outside
    assert "call your local emergency number" not in in_ny and "facts for your state above" in in_ny
