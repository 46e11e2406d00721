"""Conditions: parsed once, one expression each, and reading only the answers they name."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow import catalogue, conditions, snapshot
from leavemealone.flow.conditions import condition_problem, holds, names_used
from leavemealone.flow.model import Question


class OnlyThese(Mapping[str, Any]):
    """Answers that refuse to be read beyond the names a test allows."""

    def __init__(self, values: dict[str, Any], allowed: set[str]) -> None:
        self.values, self.allowed = values, allowed

    def __getitem__(self, key: str) -> Any:
        if key not in self.allowed:
            raise AssertionError(f"{key} was read")
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("every answer was read")

    def __len__(self) -> int:
        return len(self.values)


def test_a_condition_reads_only_the_answers_it_names() -> None:
    answers = OnlyThese({"state": "CA", "relationship": "roommate", "costly": 1}, {"state", "relationship"})
    assert holds("state == 'CA' and relationship in ['roommate', 'partner']", answers)
    assert not holds("state == 'NY'", answers)


def test_an_answer_never_given_makes_conditions_on_it_false() -> None:
    assert holds("not in_danger", {}) and holds("not in_danger", {"in_danger": None})
    assert not holds("in_danger == false", {"in_danger": None})
    assert holds("in_danger == false", {"in_danger": False})


def test_names_cover_every_answer_a_condition_reads() -> None:
    assert names_used("in_danger") == {"in_danger"}
    assert names_used("'text' in contact_channels or (at_work and not at_school)") == {
        "contact_channels",
        "at_work",
        "at_school",
    }
    assert names_used("relationship | default('other') == 'other'") == {"relationship"}


@pytest.mark.parametrize("expression", ["a) }}{{ (b", "in_danger }} and {{ at_work", "1 +"])
def test_a_condition_that_is_not_one_expression_is_a_problem_and_never_evaluated(expression: str) -> None:
    assert "does not parse" in (condition_problem(expression) or "")
    with pytest.raises(LeaveMeAloneError):
        holds(expression, {"a": True, "b": True})


# --- the shipped flow's conditions, walked from their parsed trees without Jinja -------------


def _jinja_holds(expression: str, answers: Mapping[str, Any]) -> bool:
    """The condition as Jinja's sandbox evaluates it, never from a tree."""
    saved = dict(conditions._parsed)
    conditions._parsed.clear()
    try:
        return holds(expression, answers)
    finally:
        conditions._parsed.update(saved)


def _values_for(name: str, questions: Mapping[str, Question], pick: random.Random) -> list[Any]:
    """Values an answer may take: each choice, some sets of choices, yes and no, none, and never given."""
    question = questions.get(name)
    if name == "routing_asks":  # worked out by the router: the questions that would change its answer
        values = ["partner_tie", "family_tie", "lived_together", "conduct"]
        return [[], pick.sample(values, 1), pick.sample(values, 2), values, MISSING]
    if question is not None and question.kind == "multi":
        values = question.choice_values()
        return [[], values[:1], pick.sample(values, min(3, len(values))), values, None, MISSING]
    if question is not None and question.choices:
        return [*question.choice_values(), "something else", None, MISSING]
    return [True, False, None, MISSING]  # a yes/no question, or a value worked out (high_risk)


MISSING = object()


def _outcome(evaluate: Callable[[], bool]) -> bool | str:
    """What a condition gives, or that it could not be evaluated (a list read as yes/no, say)."""
    try:
        return evaluate()
    except LeaveMeAloneError:
        return "could not be evaluated"


def test_every_shipped_condition_from_its_tree_holds_exactly_when_jinja_says_it_does() -> None:
    flow = catalogue.shipped_flow()
    trees = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))["conditions"]
    every = snapshot._conditions([snapshot._encode(step) for step in flow.steps])
    every |= {order.when for order in flow.orders if order.when}
    assert every and every <= set(trees)  # every condition of the flow travels parsed
    questions = flow.questions()
    pick = random.Random(14)
    for expression in sorted(every):
        names = sorted(names_used(expression))
        assert names == sorted(conditions._condition(expression).names)
        seen = set()
        for _ in range(300):
            chosen = {name: pick.choice(_values_for(name, questions, pick)) for name in names}
            answers = {name: value for name, value in chosen.items() if value is not MISSING}
            assert expression in conditions._parsed
            tree = _outcome(lambda: holds(expression, answers))  # noqa: B023 - called at once
            assert tree == _outcome(lambda: _jinja_holds(expression, answers)), (expression, answers)  # noqa: B023
            seen.add(tree)
        assert {True, False} <= seen, expression  # the answers tried make it both hold and fail


@pytest.mark.parametrize(
    ("expression", "answers"),
    [
        ("x != 'a'", {}),
        ("x == y", {}),
        ("'a' in x", {}),
        ("x in ['a', 'b']", {}),
        ("not x and (y or [])", {"y": None}),
        ("1 < x < 3", {"x": 2}),
        ("x == true", {"x": True}),
        ("x in 'abc'", {"x": "b"}),
    ],
)
def test_a_tree_gives_what_jinja_gives_for_missing_answers_and_chains(
    expression: str, answers: dict[str, Any]
) -> None:
    tree = conditions.parsed_tree(expression)
    assert tree is not None
    assert bool(conditions._evaluate(tree, answers)) == _jinja_holds(expression, answers)


@pytest.mark.parametrize(
    "expression", ["x.y", "x | length > 1", "x in ('a', 'b')", "x ~ 'a'", "x(1)", "1.5 < x"]
)
def test_a_condition_of_any_other_shape_stays_with_jinja(expression: str) -> None:
    assert conditions.parsed_tree(expression) is None


def test_a_run_of_the_shipped_flow_evaluates_its_conditions_without_loading_jinja() -> None:
    probe = (
        "import sys\n"
        "from leavemealone.flow.catalogue import shipped_flow\n"
        "from leavemealone.flow.walk import applicable_steps\n"
        "steps = applicable_steps(shipped_flow(), {'relationship': 'coworker', 'at_work': True})\n"
        "print(len(steps) > 3, 'jinja2' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["True", "False"]
