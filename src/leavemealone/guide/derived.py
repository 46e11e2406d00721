"""The values the program works out from the answers, for the flow's ``when:`` conditions.

``flow.model.DERIVED`` names them and the answers each reads (so a flow file
can be checked); this module computes them. Every place that evaluates the
flow's conditions reads the answers through ``with_derived``, so a step,
a guidance line and a checklist item agree on who is at high risk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from leavemealone import safety


def _routing_asks(answers: Mapping[str, Any]) -> list[str]:
    from leavemealone.resources.routing import routing_asks

    return routing_asks(answers)


_WORK_OUT: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "high_risk": safety.is_high_risk,
    "no_confrontation": safety.no_confrontation,
    "in_person_ok": safety.in_person_ok,
    "routing_asks": _routing_asks,
}


class DerivedAnswers(Mapping[str, Any]):
    """The answers plus ``high_risk``, ``no_confrontation``, ``in_person_ok`` and ``routing_asks``.

    Each derived value is worked out when a condition first reads it:
    ``routing_asks`` reads the state's legal data, which ``status`` and most
    steps never need.
    """

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = {key: value for key, value in answers.items() if key not in _WORK_OUT}
        self._derived: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in _WORK_OUT:
            return self._answers[key]
        if key not in self._derived:
            self._derived[key] = _WORK_OUT[key](self._answers)
        return self._derived[key]

    def __contains__(self, key: object) -> bool:
        return key in _WORK_OUT or key in self._answers

    def __iter__(self) -> Iterator[str]:
        return iter([*self._answers, *_WORK_OUT])

    def __len__(self) -> int:
        return len(self._answers) + len(_WORK_OUT)

    def __repr__(self) -> str:
        """The answers given (the derived values follow from them), never an address that can be reused."""
        return f"with_derived({self._answers!r})"


def with_derived(answers: Mapping[str, Any]) -> DerivedAnswers:
    """The answers as every condition reads them: with the derived values, worked out on demand."""
    return DerivedAnswers(answers)
