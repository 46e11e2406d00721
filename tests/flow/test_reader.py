"""Loading and validating flow files: every problem, with its line, and never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leavemealone.errors import FlowError
from leavemealone.flow.model import Guidance, Question
from leavemealone.flow.reader import load_flow
from tests.small_flow import SMALL_FLOW, write_small_flow


def problems_of(tmp_path: Path, text: str | bytes, letters_dir: Path | None = None) -> list[str]:
    path = tmp_path / "flow.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(FlowError) as caught:
        load_flow(path, letters_dir=letters_dir or tmp_path)
    return caught.value.problems


def test_small_flow_loads_into_dataclasses(tmp_path: Path) -> None:
    flow = load_flow(write_small_flow(tmp_path), letters_dir=tmp_path)
    assert [step.id for step in flow.steps] == ["first", "second", "third"]
    first = flow.steps[0]
    assert isinstance(first.items[0], Question) and first.items[0].default is False
    assert isinstance(first.items[1], Guidance) and first.items[1].show == "emergency_numbers"
    assert flow.orders[0].when == "urgent"
    assert flow.questions()["colour"].choice_values() == ["red", "blue"]


def test_every_problem_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    text = """\
flow: broken
title: Broken
steps:
  - id: one
    title: One
    colour: blue
    items:
      - ask: relationship
        kind: dropdown
        prompt: Who?
      - ask: relationship
        kind: select
        prompt: Again?
      - say: Hello
        when: realtionship == 'x'
  - id: one
    title: Duplicate
"""
    problems = problems_of(tmp_path, text)
    path = tmp_path / "flow.yaml"
    allowed = "id, title, summary, when, items, checklist, documents, actions"
    assert f"{path}:6: step 'one': unknown key 'colour' (allowed: {allowed})" in problems
    assert any(p.startswith(f"{path}:9: ") and "unknown kind 'dropdown'" in p for p in problems)
    assert any(p.startswith(f"{path}:11: ") and "duplicate answer id 'relationship'" in p for p in problems)
    assert any(p.startswith(f"{path}:16: ") and "duplicate step id 'one'" in p for p in problems)
    assert any("select question needs 'choices'" in p for p in problems)


def test_conditions_must_parse_and_name_earlier_answers(tmp_path: Path) -> None:
    text = """\
flow: conds
title: Conditions
steps:
  - id: one
    title: One
    when: later_answer
    items:
      - say: Hi
        when: "in_danger and"
      - ask: in_danger
        kind: confirm
        prompt: Danger?
  - id: two
    title: Two
    items:
      - ask: later_answer
        kind: confirm
        prompt: Later?
"""
    problems = problems_of(tmp_path, text)
    assert any(
        ":6: step 'one': the condition uses 'later_answer', which no earlier question sets" in p
        for p in problems
    )
    assert any(":9: guidance: the condition 'in_danger and' does not parse" in p for p in problems)


def test_missing_document_template_is_named(tmp_path: Path) -> None:
    text = SMALL_FLOW + "    documents:\n      - name: nosuch\n        label: A missing one\n"
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    assert "document 'nosuch' has no template nosuch.md.j2" in problems[0]


def test_orders_must_list_every_step_once(tmp_path: Path) -> None:
    text = SMALL_FLOW.replace("steps: [first, third, second]", "steps: [first, third, nosuch]")
    problems = problems_of(tmp_path, text)
    assert any("order 1: unknown step 'nosuch'" in p for p in problems)
    assert any("order 1: leaves out second" in p for p in problems)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", ":1: the file is empty"),
        (b"   \n# only a comment\n", ":1: the file holds only comments"),
        (b"- a\n- b\n", ":1: the top level must be a mapping"),
        (b"flow: x\ntitle: \xff\xfe bad\n", ":2: the file is not UTF-8 text"),
        (b"flow: x\n\ttitle: y\n", ":2: a tab character is used for indentation"),
        (b"flow: [unclosed\n", "this is not valid YAML"),
        (b"flow: a\n---\nflow: b\n", "more than one YAML document"),
        (b"flow: a\ntitle: b\nsteps: []\n", "'steps' must list at least one step"),
    ],
)
def test_malformed_files_give_one_clear_problem(tmp_path: Path, content: bytes, expected: str) -> None:
    problems = problems_of(tmp_path, content)
    assert any(expected in problem for problem in problems), problems


def test_alias_bomb_is_rejected_quickly(tmp_path: Path) -> None:
    lines = ["flow: bomb", "title: Bomb", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 12):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    lines.append("steps: *a11")
    started = time.monotonic()
    problems = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert time.monotonic() - started < 2
    assert any("unknown key 'a0'" in p for p in problems)
    assert any("anchors and aliases" in p or "must be a mapping" in p for p in problems)


def test_a_missing_file_is_a_flow_error(tmp_path: Path) -> None:
    with pytest.raises(FlowError, match="cannot read the file"):
        load_flow(tmp_path / "nope.yaml")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_text_gives_a_flow_or_a_flow_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_flow(path, letters_dir=tmp_path)
    except FlowError as error:
        assert error.problems


YAML_PIECES = st.sampled_from(
    [
        "flow: x\n",
        "title: T\n",
        "steps:\n",
        "  - id: a\n",
        "    title: A\n",
        "    items:\n",
        "      - ask: q\n",
        "        kind: select\n",
        "        prompt: P\n",
        "        when: q\n",
        "      - say: S\n",
        "        choices: [1, 2]\n",
        "  - &x {id: b}\n",
        "  - *x\n",
        "\t",
        "::",
        "- ",
        "orders:\n",
        "  - steps: [a, b]\n",
        "    when: 'q and'\n",
        "        default: 3\n",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(YAML_PIECES, max_size=25))
def test_flow_like_text_gives_a_flow_or_a_flow_error(tmp_path: Path, pieces: list[str]) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text("".join(pieces), encoding="utf-8")
    try:
        load_flow(path, letters_dir=tmp_path)
    except FlowError as error:
        assert error.problems


def test_an_unknown_action_is_named_with_the_allowed_ones(tmp_path: Path) -> None:
    text = SMALL_FLOW + "    actions:\n      - name: call_them\n        label: Call them?\n"
    problems = problems_of(tmp_path, text)
    where = f"{tmp_path / 'flow.yaml'}:50: step 'third'"
    allowed = "log_incidents, log_export, log_notice_delivery"
    assert problems == [f"{where}: unknown action 'call_them' (allowed: {allowed})"]
