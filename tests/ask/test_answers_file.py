"""Answers files: read, checked against the flow, every bad id or value named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from leavemealone.ask.answers_file import check_answers, read_answers_file
from leavemealone.errors import AnswersError
from leavemealone.flow.model import Flow
from leavemealone.flow.reader import load_flow
from leavemealone.paths import default_flow_path

DOCUMENTED = {
    "in_danger": False,
    "feels_threatened": True,
    "relationship": "ex_partner",
    "contact_channels": ["text", "following"],
    "at_work": True,
    "at_school": False,
    "state": "NY",
    "your_name": "Zoë Núñez-O'Brien",
    "their_name": "Sam Roe",
}


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(default_flow_path())


def write(tmp_path: Path, content: str | bytes, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_the_documented_ids_are_accepted_as_they_are(flow: Flow) -> None:
    assert check_answers(flow, DOCUMENTED, where="f") == DOCUMENTED


def test_json_files_are_read_like_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, '{"in_danger": false, "state": "TX"}', "answers.json")
    assert read_answers_file(path) == {"in_danger": False, "state": "TX"}


def test_state_codes_are_matched_without_regard_to_case(flow: Flow) -> None:
    assert check_answers(flow, {"state": "ny"}, where="f") == {"state": "NY"}


def test_every_bad_id_and_value_is_named_with_what_is_allowed(flow: Flow) -> None:
    given: dict[str, Any] = {
        "realtionship": "roommate",
        "relationship": "boss",
        "in_danger": "maybe",
        "contact_channels": "text",
        "your_name": 42,
    }
    with pytest.raises(AnswersError) as caught:
        check_answers(flow, given, where="answers.yaml")
    message = caught.value.message
    assert message.startswith("answers.yaml has 5 problems:")
    assert "unknown answer id 'realtionship' (known ids: " in message and "relationship" in message
    assert "'relationship': 'boss' is not allowed (allowed: ex_partner, partner, family" in message
    assert "'in_danger': must be true or false, not 'maybe'" in message
    assert "'contact_channels': must be a list of: in_person, phone" in message
    assert "'your_name': must be text, not 42" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 1, 1), "'your_name': must be text, not 2024-01-01 (put it in quotes to keep it"),
        (123, "'your_name': must be text, not 123 (put it in quotes"),
        (b"hello", "'your_name': must be text, not binary data"),
    ],
)
def test_a_value_yaml_read_as_a_date_number_or_bytes_is_shown_as_written(
    flow: Flow, value: Any, expected: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        check_answers(flow, {"your_name": value}, where="answers.yaml")
    assert expected in caught.value.message
    assert "datetime" not in caught.value.message and "b'" not in caught.value.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- in_danger\n- false\n", "must be a mapping of answer id to value, not a list"),
        ("in_danger: [unclosed\n", "answers.yaml:2: the answers file is not valid YAML or JSON"),
        (b"\x00\xff\xfe\x80garbage", "the answers file is not UTF-8 text"),
        ("a: &a [1, 2]\nb: *a\n", "anchors and aliases"),
        ("just text\n", "not a str"),
    ],
)
def test_malformed_answers_files_are_clear_errors(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        read_answers_file(write(tmp_path, content))
    assert expected in caught.value.message


def test_an_empty_answers_file_is_no_answers(tmp_path: Path) -> None:
    assert read_answers_file(write(tmp_path, "# nothing yet\n")) == {}


def test_a_missing_answers_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="there is no such file"):
        read_answers_file(tmp_path / "missing.yaml")
