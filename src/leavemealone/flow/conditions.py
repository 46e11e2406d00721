"""``when:`` conditions: Jinja expressions evaluated in a sandbox, never Python ``eval``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from leavemealone.errors import LeaveMeAloneError

if TYPE_CHECKING:
    from jinja2.environment import TemplateExpression


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=False)


def condition_problem(expression: str) -> str | None:
    """Why ``expression`` does not parse, or None when it does."""
    try:
        names_used(expression)
    except TemplateSyntaxError as error:
        return f"the condition {expression!r} does not parse: {error.message}"
    return None


@lru_cache(maxsize=1024)
def names_used(expression: str) -> frozenset[str]:
    """The answer ids a condition reads; parsed once (``TemplateSyntaxError`` if it cannot be)."""
    tree = _environment().parse("{{ (" + expression + ") }}")
    return frozenset(meta.find_undeclared_variables(tree))


@lru_cache(maxsize=512)
def _compiled(expression: str) -> TemplateExpression:
    return _environment().compile_expression(expression, undefined_to_none=True)


def holds(expression: str | None, answers: Mapping[str, Any]) -> bool:
    """Whether a condition is true for these answers; no condition always holds.

    An answer that was never given reads as ``none``, so a question skipped by
    its own condition simply makes conditions on it false.
    """
    if expression is None:
        return True
    try:
        given = {name: value for name, value in answers.items() if value is not None}
        return bool(_compiled(expression)(**given))
    except Exception as error:  # a sandbox or type error inside a shipped condition
        raise LeaveMeAloneError(
            f"The flow condition {expression!r} could not be evaluated ({error}).",
            hint="Check it with: leavemealone flows validate",
        ) from error
