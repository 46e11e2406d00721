"""What a flow's pieces say about each other: ids, orders, conditions, defaults, documents.

Every branch is checked before a run: a condition may only read answers that
a question earlier in *every* order sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from leavemealone.flow.answers import NORMALISERS
from leavemealone.flow.conditions import condition_problem, names_used
from leavemealone.flow.model import DERIVED, Flow, Question

Report = Callable[[int, str], None]


def check_flow(flow: Flow, report: Report, *, letters_dir: Path | None = None) -> None:
    """Report every cross-reference problem of an otherwise well-shaped flow."""
    _check_unique_ids(flow, report)
    _check_orders(flow, report)
    for step in flow.steps:
        for question in step.questions():
            _check_question(question, report)
    _check_conditions(flow, report)
    _check_documents(flow, report, letters_dir)


def _check_unique_ids(flow: Flow, report: Report) -> None:
    _report_duplicates(((step.id, step.line) for step in flow.steps), "step id", report)
    _report_duplicates(((q.id, q.line) for step in flow.steps for q in step.questions()), "answer id", report)
    _report_duplicates(
        ((item.id, item.line) for step in flow.steps for item in step.checklist),
        "checklist id",
        report,
    )


def _report_duplicates(pairs: Iterable[tuple[str, int]], what: str, report: Report) -> None:
    first_line: dict[str, int] = {}
    for name, line in pairs:
        if name in first_line:
            report(line, f"duplicate {what} '{name}' (first used on line {first_line[name]})")
        elif name:
            first_line[name] = line


def _check_orders(flow: Flow, report: Report) -> None:
    known = [step.id for step in flow.steps]
    for number, order in enumerate(flow.orders, start=1):
        unknown = [step_id for step_id in order.steps if step_id not in known]
        for step_id in unknown:
            report(order.line, f"order {number}: unknown step '{step_id}'")
        missing = [step_id for step_id in known if step_id not in order.steps]
        if missing:
            report(order.line, f"order {number}: leaves out {', '.join(missing)}; list every step once")
        if len(set(order.steps)) != len(order.steps):
            report(order.line, f"order {number}: names a step more than once")
    if flow.orders[-1].when is not None:
        report(flow.orders[-1].line, "the last order must have no 'when': it is the usual order")
    firsts = {order.steps[0] for order in flow.orders if order.steps}
    if len(firsts) > 1:
        report(flow.orders[0].line, "every order must start with the same step")


def _check_question(question: Question, report: Report) -> None:
    where = f"question '{question.id}'"
    if question.kind in ("select", "multi") and not question.choices:
        report(question.line, f"{where}: a {question.kind} question needs 'choices'")
    if question.kind not in ("select", "multi") and question.choices:
        report(question.line, f"{where}: only select and multi questions take 'choices'")
    values = question.choice_values()
    if len(set(values)) != len(values):
        report(question.line, f"{where}: two choices have the same value")
    if question.default is not None:
        problem = default_problem(question)
        if problem:
            report(question.line, f"{where}: 'default' {problem}")
    if (question.implied is None) != (question.implied_when is None):
        report(question.line, f"{where}: 'implied' and 'implied_when' go together")
    elif question.implied is not None:
        problem = default_problem(question, question.implied)
        if problem:
            report(question.line, f"{where}: 'implied' {problem}")


def default_problem(question: Question, value: object = None) -> str | None:
    """Why a question's default (or ``value``) does not fit its kind, or None."""
    if question.kind not in NORMALISERS:
        return None  # the reader has already reported the unknown kind
    try:
        NORMALISERS[question.kind](question, question.default if value is None else value)
    except ValueError as error:
        return str(error)
    return None


def _check_conditions(flow: Flow, report: Report) -> None:
    before = _answers_set_before_each_step(flow)
    asked = set(flow.questions())
    first_step_ids = {order.steps[0] for order in flow.orders if order.steps}
    order_known = set().union(
        *(_answers_set_by_step(flow, s) for s in first_step_ids if s in flow.step_by_id)
    )
    for number, order in enumerate(flow.orders, start=1):
        known = _with_derived(order_known, asked)
        _check_condition(order.when, known, f"order {number}", order.when_line, report)
    for step in flow.steps:
        known = set(before.get(step.id, set()))
        _check_condition(step.when, _with_derived(known, asked), f"step '{step.id}'", step.when_line, report)
        for item in step.items:
            label = f"question '{item.id}'" if isinstance(item, Question) else "guidance"
            _check_condition(item.when, _with_derived(known, asked), label, item.when_line, report)
            if isinstance(item, Question):
                implied_known = _with_derived(known, asked)
                _check_condition(item.implied_when, implied_known, label, item.implied_when_line, report)
                known.add(item.id)
        known = _with_derived(known, asked)
        for entry in step.checklist:
            _check_condition(entry.when, known, f"checklist '{entry.id}'", entry.when_line, report)
        for document in (*step.documents, *step.actions):
            _check_condition(document.when, known, f"document '{document.name}'", document.when_line, report)


def _answers_set_by_step(flow: Flow, step_id: str) -> set[str]:
    """The answer ids the step's own questions set."""
    return {question.id for question in flow.step_by_id[step_id].questions()}


def _answers_set_before_each_step(flow: Flow) -> dict[str, set[str]]:
    """For each step, the answers set by steps that come before it in every order."""
    sets = {step.id: _answers_set_by_step(flow, step.id) for step in flow.steps}
    result: dict[str, set[str]] = {}
    for step in flow.steps:
        earlier_in_all: set[str] | None = None
        for order in flow.orders:
            if step.id not in order.steps:
                continue
            earlier = set(order.steps[: order.steps.index(step.id)])
            earlier_in_all = earlier if earlier_in_all is None else earlier_in_all & earlier
        result[step.id] = set().union(*(sets[s] for s in earlier_in_all or set() if s in sets))
    return result


def _check_condition(expression: str | None, known: set[str], where: str, line: int, report: Report) -> None:
    if expression is None:
        return
    problem = condition_problem(expression)
    if problem:
        report(line, f"{where}: {problem}")
        return
    for name in sorted(names_used(expression) - known):
        if name in DERIVED:
            needed = ", ".join(sorted(DERIVED[name] - known))
            report(line, f"{where}: the condition uses '{name}' before the answers it reads ({needed})")
        else:
            report(line, f"{where}: the condition uses '{name}', which no earlier question sets")


def _with_derived(known: set[str], asked: set[str]) -> set[str]:
    """``known`` plus every derived value whose answers (those the flow asks at all) are known."""
    return known | {name for name, reads in DERIVED.items() if reads & asked <= known}


def _check_documents(flow: Flow, report: Report, letters_dir: Path | None) -> None:
    if letters_dir is None:
        from leavemealone.paths import bundled_dir

        letters_dir = bundled_dir("letters")
    for step in flow.steps:
        for document in step.documents:
            if document.name and not (letters_dir / f"{document.name}.md.j2").is_file():
                report(
                    document.line,
                    f"step '{step.id}': document '{document.name}' has no template "
                    f"{document.name}.md.j2 in {letters_dir}",
                )
