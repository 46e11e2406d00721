"""Conditions: parsed once, one expression each, and reading only the answers they name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow.conditions import condition_problem, holds, names_used


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
