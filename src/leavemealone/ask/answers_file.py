"""Answers given ahead of time: an answers file (YAML or JSON), checked against the flow's questions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from leavemealone.errors import AnswersError
from leavemealone.flow.answers import normalise_answer
from leavemealone.flow.model import Flow

MAX_ANSWERS_BYTES = 1_000_000


def read_answers_file(path: Path) -> dict[str, Any]:
    """Read a mapping of answer id to value; YAML and JSON both work (JSON is YAML)."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise AnswersError(f"Cannot read the answers file {where}: {error.strerror}.") from error
    if len(raw) > MAX_ANSWERS_BYTES:
        raise AnswersError(f"The answers file {where} is too large to be an answers file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AnswersError(
            f"{where}:{line}: the answers file is not UTF-8 text.",
            hint="Save it as UTF-8 YAML or JSON, one 'id: value' per line.",
        ) from error
    try:
        # Answers are flat values; refusing aliases keeps a hostile file from
        # expanding into something huge while we read it.
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
        if any(isinstance(event, yaml.AliasEvent) for event in events):
            raise AnswersError(f"{where}: anchors and aliases ('&', '*') are not allowed here.")
        content = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise AnswersError(
            f"{where}:{line}: the answers file is not valid YAML or JSON ({error.problem}).",
            hint="Write one 'id: value' per line, for example 'in_danger: false'.",
        ) from error
    except yaml.YAMLError as error:
        raise AnswersError(f"{where}: the answers file is not valid YAML or JSON.") from error
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise AnswersError(
            f"{where}: the answers file must be a mapping of answer id to value, "
            f"not a {type(content).__name__}.",
            hint="Write one 'id: value' per line, for example 'relationship: roommate'.",
        )
    return {str(key): value for key, value in content.items()}


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
