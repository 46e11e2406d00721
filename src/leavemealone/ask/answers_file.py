"""Answers given ahead of time: an answers file (YAML or JSON), checked against the flow's questions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from leavemealone.errors import AnswersError, LeaveMeAloneError
from leavemealone.flow.answers import normalise_answer
from leavemealone.flow.model import Flow
from leavemealone.inputs import (
    check_values,
    check_yaml_events,
    read_user_file,
    unique_key_loader,
    yaml_problem,
)

MAX_ANSWERS_BYTES = 1_000_000


def read_answers_file(path: Path) -> dict[str, Any]:
    """Read a mapping of answer id to value; YAML and JSON both work (JSON is YAML).

    The file must be an ordinary file under 1 MB. Anchors and aliases (which
    could expand into something huge), deep nesting and an id given twice
    are refused, each naming the file and line.
    """
    where = str(path)
    try:
        raw = read_user_file(path, limit=MAX_ANSWERS_BYTES, what="The answers file")
    except LeaveMeAloneError as error:
        raise AnswersError(error.message, hint=error.hint) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AnswersError(
            f"{where}:{line}: the answers file is not UTF-8 text.",
            hint="Save it as UTF-8 YAML or JSON, one 'id: value' per line.",
        ) from None
    try:
        check_yaml_events(text, where=where)
        content = yaml.load(text, Loader=unique_key_loader())
        check_values(content, where=where)
    except yaml.YAMLError as error:
        raise _not_yaml(yaml_problem(error, where)) from None
    except LeaveMeAloneError as error:
        raise _not_yaml(error) if "not valid YAML" in error.message else AnswersError(error.message) from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise AnswersError(
            f"{where}: the answers file must be a mapping of answer id to value, "
            f"not a {type(content).__name__}.",
            hint="Write one 'id: value' per line, for example 'relationship: roommate'.",
        )
    return {str(key): value for key, value in content.items()}


def _not_yaml(problem: LeaveMeAloneError) -> AnswersError:
    message = problem.message.replace("this is not valid YAML", "the answers file is not valid YAML or JSON")
    return AnswersError(message, hint="Write one 'id: value' per line, for example 'in_danger: false'.")


def check_answers(flow: Flow, given: Mapping[str, Any], *, where: str) -> dict[str, Any]:
    """Return the answers in stored form, or raise listing every unknown id and bad value."""
    questions = flow.questions()
    problems: list[str] = []
    checked: dict[str, Any] = {}
    for answer_id, value in given.items():
        question = questions.get(answer_id)
        if question is None:
            problems.append(f"unknown answer id '{answer_id}' (known ids: {', '.join(sorted(questions))})")
            continue
        try:
            checked[answer_id] = normalise_answer(question, value)
        except ValueError as error:
            problems.append(f"'{answer_id}': {error}")
    if problems:
        message = (
            f"{where}: {problems[0]}"
            if len(problems) == 1
            else f"{where} has {len(problems)} problems:\n" + "\n".join(problems)
        )
        raise AnswersError(message, hint="Fix the answers file and run the command again.")
    return checked
