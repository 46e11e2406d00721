"""``when:`` conditions: Jinja expressions evaluated in a sandbox, never Python ``eval``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.environment import TemplateExpression
from jinja2.sandbox import SandboxedEnvironment

from leavemealone.errors import LeaveMeAloneError


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=False)


@dataclass(frozen=True)
class _Condition:
    names: frozenset[str]
    evaluate: TemplateExpression


@lru_cache(maxsize=1024)
def _condition(expression: str) -> _Condition:
    """Parse a condition once: the answer ids it reads, and its compiled form.

    ``TemplateSyntaxError`` when it is not exactly one expression.
    """
    environment = _environment()
    tree = environment.parse("{{ (" + expression + ") }}")
    outputs = [node for node in tree.body if not (isinstance(node, nodes.Output) and not node.nodes)]
    if len(outputs) != 1 or not isinstance(outputs[0], nodes.Output) or len(outputs[0].nodes) != 1:
        raise TemplateSyntaxError("a condition is one expression", 1)
    (value,) = outputs[0].nodes
    # What Environment.compile_expression builds, from the tree already parsed.
    body = [nodes.Assign(nodes.Name("result", "store"), value, lineno=1)]
    template = environment.from_string(nodes.Template(body, lineno=1))
    found = [value, *value.find_all(nodes.Name)]
    names = frozenset(node.name for node in found if isinstance(node, nodes.Name) and node.ctx == "load")
    return _Condition(names, TemplateExpression(template, undefined_to_none=True))


def condition_problem(expression: str) -> str | None:
    """Why ``expression`` does not parse, or None when it does."""
    try:
        _condition(expression)
    except TemplateSyntaxError as error:
        return f"the condition {expression!r} does not parse: {error.message}"
    return None


def names_used(expression: str) -> frozenset[str]:
    """The answer ids a condition reads (``TemplateSyntaxError`` if it does not parse)."""
    return _condition(expression).names


def holds(expression: str | None, answers: Mapping[str, Any]) -> bool:
    """Whether a condition is true for these answers; no condition always holds.

    An answer that was never given reads as ``none``, so a question skipped by
    its own condition simply makes conditions on it false.
    """
    if expression is None:
        return True
    try:
        condition = _condition(expression)
        # Only the answers the condition reads: a value worked out on demand stays unread otherwise.
        read = (name for name in condition.names if name in answers)
        given = {name: value for name in read if (value := answers[name]) is not None}
        return bool(condition.evaluate(**given))
    except Exception as error:  # a sandbox or type error inside a shipped condition
        raise LeaveMeAloneError(
            f"The flow condition {expression!r} could not be evaluated ({error}).",
            hint="Check it with: leavemealone flows validate",
        ) from error
