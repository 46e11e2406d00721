"""``when:`` conditions: Jinja expressions evaluated in a sandbox, never Python ``eval``.

The shipped flow's conditions are also kept, parsed, in its snapshot
(``flow/snapshot.py``): plain trees of names, constants, ``and``, ``or``,
``not`` and comparisons, which ``holds`` walks here without loading Jinja
(about 20 ms of every ``status`` and ``start``, issue 14). They give what
Jinja gives (a test compares the two over the whole flow); a condition of
any other shape, and every condition of a flow given with ``--flow``, is
evaluated by Jinja's sandbox.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from leavemealone.errors import LeaveMeAloneError

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.environment import TemplateExpression
    from jinja2.sandbox import SandboxedEnvironment

Tree = list[Any]  # ["name", id] | ["const", value] | ["list", [...]] | ["not", tree] | ["and"|"or", a, b]
# | ["compare", tree, [[operator, tree], ...]]: JSON, as the snapshot keeps it
_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lteq": operator.le,
    "gt": operator.gt,
    "gteq": operator.ge,
    "in": lambda left, right: left in right,
    "notin": lambda left, right: left not in right,
}
_parsed: dict[str, Tree] = {}  # conditions whose trees the snapshot brought


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=False)


@dataclass(frozen=True)
class _Condition:
    names: frozenset[str]
    evaluate: TemplateExpression
    value: nodes.Expr


@lru_cache(maxsize=1024)
def _condition(expression: str) -> _Condition:
    """Parse a condition once: the answer ids it reads, and its compiled form.

    ``TemplateSyntaxError`` when it is not exactly one expression.
    """
    from jinja2 import TemplateSyntaxError, nodes
    from jinja2.environment import TemplateExpression

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
    return _Condition(names, TemplateExpression(template, undefined_to_none=True), value)


def condition_problem(expression: str) -> str | None:
    """Why ``expression`` does not parse, or None when it does."""
    from jinja2 import TemplateSyntaxError

    try:
        _condition(expression)
    except TemplateSyntaxError as error:
        return f"the condition {expression!r} does not parse: {error.message}"
    return None


def names_used(expression: str) -> frozenset[str]:
    """The answer ids a condition reads (``TemplateSyntaxError`` if it does not parse)."""
    tree = _parsed.get(expression)
    if tree is not None:
        return frozenset(_names(tree))
    return _condition(expression).names


def holds(expression: str | None, answers: Mapping[str, Any]) -> bool:
    """Whether a condition is true for these answers; no condition always holds.

    An answer that was never given reads as ``none``, so a question skipped by
    its own condition simply makes conditions on it false.
    """
    if expression is None:
        return True
    try:
        tree = _parsed.get(expression)
        if tree is not None:
            return bool(_evaluate(tree, answers))
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


def parsed_tree(expression: str) -> Tree | None:
    """The condition as a plain tree for the snapshot, or None when it holds anything more."""
    return _tree(_condition(expression).value)


def use_parsed(trees: Mapping[str, Tree]) -> None:
    """Evaluate these conditions from their trees (the shipped flow's, from its snapshot)."""
    _parsed.update(trees)


def _tree(node: nodes.Expr) -> Tree | None:
    from jinja2 import nodes

    parts: list[Tree | None]
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return ["name", node.name]
    if isinstance(node, nodes.Const) and _plain(node.value):
        return ["const", node.value]
    if isinstance(node, nodes.List | nodes.Tuple):
        parts = [_tree(item) for item in node.items]
        return None if None in parts else ["list", parts]
    if isinstance(node, nodes.Not):
        inner = _tree(node.node)
        return None if inner is None else ["not", inner]
    if isinstance(node, nodes.And | nodes.Or):
        parts = [_tree(node.left), _tree(node.right)]
        return None if None in parts else ["and" if isinstance(node, nodes.And) else "or", *parts]
    if isinstance(node, nodes.Compare):
        first = _tree(node.expr)
        chain = [[operand.op, _tree(operand.expr)] for operand in node.ops]
        if first is None or any(op not in _COMPARISONS or tree is None for op, tree in chain):
            return None
        return ["compare", first, chain]
    return None


def _plain(value: Any) -> bool:
    """A constant JSON keeps as it is: none, a string, a whole number, true or false, or a list of them."""
    if isinstance(value, list):
        return all(not isinstance(item, list) and _plain(item) for item in value)
    return value is None or isinstance(value, str | bool | int)


class _Missing:
    """An answer never given, as Jinja's ``Undefined`` behaves: false, empty, equal only to itself."""

    def __bool__(self) -> bool:
        return False

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __ne__(self, other: object) -> bool:
        return type(self) is not type(other)

    def __hash__(self) -> int:
        return id(type(self))


_MISSING = _Missing()


def _evaluate(tree: Tree, answers: Mapping[str, Any]) -> Any:
    kind = tree[0]
    if kind == "name":
        value = answers.get(tree[1])
        return _MISSING if value is None else value
    if kind == "const":
        return tree[1]
    if kind == "list":
        return [_evaluate(item, answers) for item in tree[1]]
    if kind == "not":
        return not _evaluate(tree[1], answers)
    if kind == "and":
        left = _evaluate(tree[1], answers)
        return _evaluate(tree[2], answers) if left else left
    if kind == "or":
        left = _evaluate(tree[1], answers)
        return left if left else _evaluate(tree[2], answers)
    left = _evaluate(tree[1], answers)  # "compare": a chain, as in Python
    for op, operand in tree[2]:
        right = _evaluate(operand, answers)
        if not _COMPARISONS[op](left, right):
            return False
        left = right
    return True


def _names(tree: Tree) -> Iterator[str]:
    if tree[0] == "name":
        yield tree[1]
    elif tree[0] == "list":
        for item in tree[1]:
            yield from _names(item)
    elif tree[0] == "compare":
        yield from _names(tree[1])
        for _, operand in tree[2]:
            yield from _names(operand)
    elif tree[0] in ("not", "and", "or"):
        for part in tree[1:]:
            yield from _names(part)
