"""The shipped flow: checked in full here and at build time, read fast (and unchecked) on every run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hatch_build import flow_problems

from leavemealone.errors import FlowError
from leavemealone.flow import catalogue
from leavemealone.flow.reader import load_flow
from leavemealone.paths import default_flow_path
from tests.conftest import ROOT


def test_the_shipped_flow_passes_every_check_against_the_shipped_letters() -> None:
    flow = load_flow(default_flow_path())  # raises FlowError, listing every problem, if any check fails
    assert flow.id == "escalation"


def test_libyaml_reads_the_shipped_flow_where_pyyaml_has_it() -> None:
    # The fast path is only fast with libyaml; PyYAML's wheels for this platform carry it.
    assert yaml.__with_libyaml__
    assert catalogue.FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_the_fast_read_gives_the_same_flow_as_the_checked_read_lines_included(
    loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "FAST_LOADER", loader)
    fast, checked = catalogue.shipped_flow(), load_flow(default_flow_path())
    assert fast == checked
    assert [step.line for step in fast.steps] == [step.line for step in checked.steps]
    assert [q.when_line for q in fast.questions().values()] == [
        q.when_line for q in checked.questions().values()
    ]


def test_a_shipped_flow_of_the_wrong_shape_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "escalation.yaml"
    broken.write_text("flow: escalation\ntitle: Broken\nsteps: 7\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "default_flow_path", lambda: broken)
    with pytest.raises(FlowError) as caught:
        catalogue.shipped_flow()
    assert caught.value.problems == [f"{broken}:3: 'steps' must be a list ('- ' items)"]
    assert "flows validate" in (caught.value.hint or "")


def test_the_build_finds_no_problem_in_the_flows_we_ship() -> None:
    assert flow_problems(ROOT) == []


def test_the_build_refuses_a_flow_whose_condition_does_not_parse(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "letters", tmp_path / "letters")
    (tmp_path / "flows").mkdir()
    text = default_flow_path().read_text(encoding="utf-8")
    first_condition = text.index("\n        when: ") + len("\n        when: ")
    (tmp_path / "flows" / "escalation.yaml").write_text(
        text[:first_condition] + "((" + text[first_condition:], encoding="utf-8"
    )
    line = text[:first_condition].count("\n") + 1
    problems = flow_problems(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'flows' / 'escalation.yaml'}:{line}: ")
    assert "does not parse" in problems[0]
