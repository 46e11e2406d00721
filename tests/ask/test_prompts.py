"""prompts.py through real questionary prompts fed by prompt_toolkit pipe input, and the plain asker."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from leavemealone.ask.console import make_console
from leavemealone.ask.no_input import NoInputAsker
from leavemealone.ask.plain import PlainAsker
from leavemealone.ask.protocol import BACK
from leavemealone.ask.steps import OUTCOME_CHOICES, offer_prompt
from leavemealone.ask.terminal import QuestionaryAsker
from leavemealone.errors import NeedsInputError
from leavemealone.flow.model import Choice, Flow, Offer, Question
from leavemealone.flow.reader import load_flow
from leavemealone.flow.walk import STATUS_LABELS
from leavemealone.guide.walk import Walk
from leavemealone.paths import default_flow_path
from leavemealone.store.case_store import STEP_STATUSES, CaseStore
from tests.small_flow import write_small_flow

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_B = "\x02"
CTRL_C = "\x03"
T = TypeVar("T")

SELECT = Question(
    id="colour",
    kind="select",
    prompt="Pick a colour",
    choices=(Choice("red", "Red"), Choice("blue", "Blue"), Choice("green", "Green")),
)
MULTI = Question(
    id="ways",
    kind="multi",
    prompt="How?",
    choices=(Choice("phone", "Phone"), Choice("text", "Text"), Choice("email", "Email")),
)
CONFIRM = Question(id="in_danger", kind="confirm", prompt="In danger?")
TEXT = Question(id="their_name", kind="text", prompt="Their name?", required=False)
DATE = Question(id="since", kind="date", prompt="Since when?")


def with_keys(keys: str, action: Callable[[], T]) -> T:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            return action()


@pytest.fixture
def asker() -> QuestionaryAsker:
    return QuestionaryAsker(make_console(file=io.StringIO()))


def test_select_moves_with_arrows_and_enter(asker: QuestionaryAsker) -> None:
    assert with_keys(DOWN + DOWN + ENTER, lambda: asker.ask(SELECT, None)) == "green"


def test_select_starts_on_the_previous_answer(asker: QuestionaryAsker) -> None:
    assert with_keys(ENTER, lambda: asker.ask(SELECT, "blue")) == "blue"


def test_multi_ticks_with_space(asker: QuestionaryAsker) -> None:
    assert with_keys(" " + DOWN + DOWN + " " + ENTER, lambda: asker.ask(MULTI, [])) == ["phone", "email"]


def test_multi_keeps_earlier_ticks(asker: QuestionaryAsker) -> None:
    assert with_keys(ENTER, lambda: asker.ask(MULTI, ["text"])) == ["text"]


@pytest.mark.parametrize(("key", "expected"), [("y", True), ("n", False)])
def test_confirm_answers_on_one_key(asker: QuestionaryAsker, key: str, expected: bool) -> None:
    assert with_keys(key, lambda: asker.ask(CONFIRM, False)) is expected


def test_text_is_returned_as_typed(asker: QuestionaryAsker) -> None:
    typed = "Zoë {{ 7*7 }} <b>"
    assert with_keys(typed + ENTER, lambda: asker.ask(TEXT, None)) == typed


def test_empty_optional_text_is_no_answer(asker: QuestionaryAsker) -> None:
    assert with_keys(ENTER, lambda: asker.ask(TEXT, None)) is None


def test_date_refuses_nonsense_then_takes_a_date(asker: QuestionaryAsker) -> None:
    keys = "soon" + ENTER + "\x7f" * 4 + "2024-05-31" + ENTER
    assert with_keys(keys, lambda: asker.ask(DATE, None)) == "2024-05-31"


@pytest.mark.parametrize("question", [SELECT, MULTI, CONFIRM, TEXT, DATE])
def test_ctrl_b_goes_back_from_every_kind(asker: QuestionaryAsker, question: Question) -> None:
    assert with_keys(CTRL_B, lambda: asker.ask(question, None)) is BACK


def test_escape_goes_back(asker: QuestionaryAsker) -> None:
    assert with_keys("\x1b", lambda: asker.ask(SELECT, None)) is BACK


@pytest.mark.parametrize("question", [SELECT, MULTI, CONFIRM, TEXT])
def test_ctrl_c_raises_keyboard_interrupt(asker: QuestionaryAsker, question: Question) -> None:
    with pytest.raises(KeyboardInterrupt):
        with_keys(CTRL_C, lambda: asker.ask(question, None))


def test_outcome_and_stopped_prompts(asker: QuestionaryAsker, tmp_path: Path) -> None:
    flow = load_flow(write_small_flow(tmp_path), letters_dir=tmp_path)
    assert with_keys(DOWN + ENTER, lambda: asker.ask_step_outcome(flow.steps[0], [])) == "later"
    assert with_keys("y", asker.ask_stopped) is True
    assert with_keys(CTRL_B, asker.ask_stopped) is BACK


def walk_with_keys(flow: Flow, store: CaseStore, keys: str) -> tuple[str, str]:
    output = io.StringIO()
    asker = QuestionaryAsker(make_console(file=output))
    result = with_keys(keys, lambda: Walk(flow, store, asker, facts=lambda kind, answers: "CALL 911").run())
    return result.ending, output.getvalue()


def test_a_whole_walk_through_real_prompts(tmp_path: Path) -> None:
    flow = load_flow(write_small_flow(tmp_path), letters_dir=tmp_path)
    store = CaseStore.open(tmp_path / "case")
    keys = (
        "n"
        + ENTER  # urgent? no; select red
        + ENTER
        + "n"  # first: done; stopped? no
        + "Sam"
        + ENTER  # name
        + DOWN
        + ENTER
        + "n"  # second: later; no
        + ENTER  # day: today (prefilled)
        + DOWN
        + DOWN
        + ENTER
        + "n"  # third: not needed; no
        + "n"  # go through later steps now? no
    )
    ending, shown = walk_with_keys(flow, store, keys)
    assert ending == "finished"
    assert "Step 1 of 3: First things" in shown and "Step 2 of 3: Second things" in shown
    assert shown.count("In danger? Call 911.") == 3
    assert "Red guidance." in shown
    assert store.answers()["name"] == "Sam"
    assert {k: r.status for k, r in store.step_records().items()} == {
        "first": "done",
        "second": "later",
        "third": "not_needed",
    }


def test_the_step_outcomes_keep_their_stored_values_and_each_says_what_it_means() -> None:
    assert [value for value, _ in OUTCOME_CHOICES] == list(STATUS_LABELS) == list(STEP_STATUSES)
    labels = dict(OUTCOME_CHOICES)
    # Both leave the step undone; one because it does not fit, one by choice ("Skip it" said neither).
    assert labels["not_needed"] == "It does not fit my situation"
    assert labels["skipped"] == "I choose not to do this step"


def test_an_offer_names_the_document_then_asks_to_make_it() -> None:
    offer = Offer("safety_plan", "Your own safety plan, to print and keep somewhere safe")
    assert offer_prompt(offer) == "Your own safety plan, to print and keep somewhere safe. Make it now?"


def test_back_in_a_real_walk_reasks_the_previous_question(tmp_path: Path) -> None:
    flow = load_flow(write_small_flow(tmp_path), letters_dir=tmp_path)
    store = CaseStore.open(tmp_path / "case")
    keys = "y" + CTRL_B + "n" + DOWN + ENTER + ENTER + "n" + ENTER + ENTER + "n"
    ending, shown = walk_with_keys(flow, store, keys)
    assert ending == "finished"
    assert store.answers()["urgent"] is False and store.answers()["colour"] == "blue"
    assert shown.count("CALL 911") == 1


def test_ctrl_c_mid_walk_keeps_what_was_answered(tmp_path: Path) -> None:
    flow = load_flow(write_small_flow(tmp_path), letters_dir=tmp_path)
    store = CaseStore.open(tmp_path / "case")
    with pytest.raises(KeyboardInterrupt):
        walk_with_keys(flow, store, "n" + DOWN + ENTER + CTRL_C)
    assert store.answers() == {"urgent": False, "colour": "blue"}


# The tester's walk: an acquaintance, on social media, not at work or school, Washington, "Sam Lee".
KEYS_TO_THEIR_NAME = (
    "n" + "n" + ENTER + DOWN * 8 + ENTER + DOWN * 4 + " " + ENTER + "n" + "n" + "wash" + ENTER + "n"
    + "Sam Lee" + ENTER
)  # fmt: skip
# Back six times from "Their name" (to "How do they reach you"), then Enter through each.
BACK_SIX_THEN_ENTER = CTRL_B * 6 + ENTER * 6


def test_back_several_questions_then_enter_keeps_every_answer_with_arrow_keys(tmp_path: Path) -> None:
    flow = load_flow(default_flow_path())
    store = CaseStore.open(tmp_path / "case")
    with pytest.raises(KeyboardInterrupt):
        walk_with_keys(flow, store, KEYS_TO_THEIR_NAME + BACK_SIX_THEN_ENTER + "Robin" + ENTER + CTRL_C)
    answers = store.answers()
    assert answers["contact_channels"] == ["social_media"]
    assert (answers["state"], answers["your_name"], answers["their_name"]) == ("WA", "Sam Lee", "Robin")


def test_back_several_questions_then_enter_keeps_every_answer_in_plain_mode(tmp_path: Path) -> None:
    flow = load_flow(default_flow_path())
    store = CaseStore.open(tmp_path / "case")
    lines = ["n", "n", "", "9", "5", "n", "n", "wash", "n", "Sam Lee", *["back"] * 6, *[""] * 6, "Robin"]
    asker, _ = plain_asker(*lines)
    with pytest.raises(KeyboardInterrupt):  # the lines run out at "What about this step?"
        Walk(flow, store, asker, facts=lambda kind, answers: "").run()
    answers = store.answers()
    assert answers["contact_channels"] == ["social_media"]
    assert (answers["state"], answers["your_name"], answers["their_name"]) == ("WA", "Sam Lee", "Robin")


def test_the_state_list_starts_on_the_state_given_before(
    asker: QuestionaryAsker, state_question: Question
) -> None:
    assert with_keys(ENTER, lambda: asker.ask(state_question, "WA")) == "WA"


def replies(*lines: str) -> Callable[[str], str]:
    queue: Iterator[str] = iter(lines)

    def read_line(prompt: str) -> str:
        try:
            return next(queue)
        except StopIteration:
            raise EOFError from None

    return read_line


def plain_asker(*lines: str) -> tuple[PlainAsker, io.StringIO]:
    output = io.StringIO()
    return PlainAsker(make_console(file=output, plain=True), read_line=replies(*lines)), output


def test_plain_select_numbers_the_choices() -> None:
    asker, output = plain_asker("9", "2")
    assert asker.ask(SELECT, None) == "blue"
    shown = output.getvalue()
    assert "  1. Red\n  2. Blue\n  3. Green" in shown
    assert "Please type a number from 1 to 3." in shown
    assert "\x1b[" not in shown


@pytest.mark.parametrize(
    ("question", "lines", "expected"),
    [
        (MULTI, ("1, 3",), ["phone", "email"]),
        (MULTI, ("",), []),
        (CONFIRM, ("yes",), True),
        (CONFIRM, ("",), False),
        (TEXT, ("Sam",), "Sam"),
        (TEXT, ("",), None),
        (DATE, ("31/05/2024", "2024-05-31"), "2024-05-31"),
        (SELECT, ("b",), BACK),
        (TEXT, ("back",), BACK),
    ],
)
def test_plain_answers(question: Question, lines: tuple[str, ...], expected: Any) -> None:
    asker, _ = plain_asker(*lines)
    assert asker.ask(question, None) == expected


def test_plain_end_of_input_is_an_interrupt() -> None:
    asker, _ = plain_asker()
    with pytest.raises(KeyboardInterrupt):
        asker.ask(SELECT, None)


def test_no_input_takes_defaults_and_names_a_missing_answer() -> None:
    asker = NoInputAsker(make_console(file=io.StringIO(), plain=True))
    assert asker.ask(Question(id="x", kind="confirm", prompt="?", default=False), False) is False
    assert asker.ask(TEXT, None) is None
    with pytest.raises(NeedsInputError, match="No answer for 'colour'"):
        asker.ask(SELECT, None)


def test_plain_multi_enter_keeps_what_was_ticked_before_going_back() -> None:
    prompts: list[str] = []

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        return ""

    asker = PlainAsker(make_console(file=io.StringIO(), plain=True), read_line=read_line)
    assert asker.ask(MULTI, ["text", "email"]) == ["text", "email"]
    assert "Enter keeps 2, 3" in prompts[0]


def test_plain_select_takes_a_value_or_label_as_well_as_a_number() -> None:
    asker, _ = plain_asker("BLUE")
    assert asker.ask(SELECT, None) == "blue"
    asker, _ = plain_asker("Green")
    assert asker.ask(SELECT, None) == "green"


# --- long lists, kept answers, back ---------------------------------------------------------


@pytest.fixture(scope="module")
def state_question() -> Question:
    return load_flow(default_flow_path()).questions()["state"]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("other" + ENTER, "other"),  # the value of "Somewhere else, or I'd rather not say"
        ("else" + ENTER, "other"),  # a word of its label
        ("york" + ENTER, "NY"),
        ("CA" + ENTER, "CA"),  # the exact code before North and South Carolina
        ("new" + DOWN + ENTER, "NJ"),
        # Enter while nothing fits picks nothing; Backspace, then something that fits.
        ("xyz" + ENTER + "\x7f\x7f\x7f" + "texas" + ENTER, "TX"),
    ],
)
def test_typing_in_the_state_list_matches_label_words_and_values(
    asker: QuestionaryAsker, state_question: Question, keys: str, expected: str
) -> None:
    assert with_keys(keys, lambda: asker.ask(state_question, None)) == expected


def test_plain_state_takes_other_or_a_name_and_asks_again_when_it_fits_several(
    state_question: Question,
) -> None:
    asker, _ = plain_asker("other")
    assert asker.ask(state_question, None) == "other"
    asker, output = plain_asker("new", "texas")
    assert asker.ask(state_question, None) == "TX"
    assert "'new' fits more than one choice (30, 31, 32, 33); please type its number." in output.getvalue()


def test_plain_text_shows_the_current_answer_and_enter_keeps_it() -> None:
    prompts: list[str] = []
    replies_given = iter(["", "-", "Robin"])

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        return next(replies_given)

    output = io.StringIO()
    asker = PlainAsker(make_console(file=output, plain=True), read_line=read_line)
    assert asker.ask(TEXT, "Sam Roe") == "Sam Roe"
    assert "Now: Sam Roe" in output.getvalue()
    assert prompts[0] == "Type a new answer (Enter keeps it, - leaves it empty), or 'back': "
    assert asker.ask(TEXT, "Sam Roe") is None  # "-" empties it
    assert asker.ask(TEXT, None) == "Robin"
    assert "Enter to leave empty" in prompts[2] and "keeps" not in prompts[2]


def test_plain_select_says_which_choice_enter_keeps() -> None:
    prompts: list[str] = []

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        return ""

    asker = PlainAsker(make_console(file=io.StringIO(), plain=True), read_line=read_line)
    assert asker.ask(SELECT, "green") == "green"
    assert prompts == ["Type a number (Enter keeps 3), or 'back': "]


def test_a_plain_prompt_longer_than_the_screen_is_wide_wraps_between_words() -> None:
    prompts: list[str] = []

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        return "y"

    output = io.StringIO()
    asker = PlainAsker(make_console(file=output, plain=True), read_line=read_line)
    offer = Offer("declaration", "A draft declaration for the court, with each incident from your log")
    assert asker.offer_document(offer) is True
    rows = [*output.getvalue().splitlines(), prompts[0]]
    assert all(len(row) < 80 for row in rows)
    assert " ".join(rows).split() == (
        "A draft declaration for the court, with each incident from your log. Make it now? "
        "Type y or n (Enter for yes), or 'back':"
    ).split()
    assert prompts[0].endswith("'back': ")


def test_plain_says_the_question_again_under_a_long_list(state_question: Question) -> None:
    prompts: list[str] = []

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        return ""

    output = io.StringIO()
    asker = PlainAsker(make_console(file=output, plain=True), read_line=read_line)
    assert asker.ask(state_question, "WA") == "WA"
    assert output.getvalue().splitlines()[-2:] == [
        "  52. Somewhere else, or I'd rather not say",
        "Which US state do you live in?",
    ]
    assert prompts == ["Type a number or a name (Enter keeps 48), or 'back': "]


def test_plain_yes_no_inside_a_step_can_go_back_and_the_guides_own_cannot() -> None:
    asker, output = plain_asker("back", "back", "y")
    assert asker.ask_yes_no("Add what has happened to your incident log now?", default=False) is BACK
    assert asker.confirm("Go through them now?", default=False) is True
    assert "There is nothing to go back to here." in output.getvalue()


def test_a_long_prompt_and_its_help_wrap_between_words(asker: QuestionaryAsker) -> None:
    narrow = QuestionaryAsker(make_console(file=io.StringIO()))
    narrow.console.width = 40
    title = narrow._title(
        "Does this happen at your school, or reach it?", "For example, they come onto school grounds.", room=8
    )
    rows = title.split("\n")
    assert all(len(row) <= 36 for row in rows)
    assert " ".join(" ".join(rows).split()) == (
        "Does this happen at your school, or reach it? For example, they come onto school grounds."
    )
    assert rows[-1] == " "  # the answer goes on a row of its own


@pytest.mark.parametrize("width", [44, 60, 80])
def test_what_the_guide_says_keeps_a_command_line_on_one_row(width: int) -> None:
    output = io.StringIO()
    console = make_console(file=output, plain=True)
    console.width = width
    message = "Nothing was added. You can add incidents at any time with: leavemealone log add"
    PlainAsker(console).say(message)
    rows = output.getvalue().splitlines()
    assert any("leavemealone log add" in row for row in rows), rows
    assert max(len(row) for row in rows) < width and output.getvalue().split() == message.split()
