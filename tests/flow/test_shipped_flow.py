"""The shipped flow: checked in full here and at build time, read fast (and unchecked) on every run.

A run reads the snapshot the build made (JSON), or the YAML with libyaml
when the snapshot is missing or no longer matches; both must give exactly
the flow ``load_flow`` checks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hatch_build import SNAPSHOT, flow_problems, snapshot_escalation_flow

from leavemealone.errors import FlowError
from leavemealone.flow import catalogue
from leavemealone.flow.reader import load_flow
from leavemealone.flow.snapshot import read_snapshot, write_snapshot
from leavemealone.paths import default_flow_path
from tests.conftest import ROOT


def test_the_shipped_flow_passes_every_check_against_the_shipped_letters() -> None:
    flow = load_flow(default_flow_path())  # raises FlowError, listing every problem, if any check fails
    assert flow.id == "escalation"


def test_libyaml_reads_the_shipped_flow_where_pyyaml_has_it() -> None:
    # The YAML path is only quick with libyaml; PyYAML's wheels for this platform carry it.
    assert yaml.__with_libyaml__
    assert catalogue.fast_loader() is yaml.CSafeLoader


@pytest.fixture
def no_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        catalogue, "read_snapshot", lambda path: read_snapshot(path, tmp_path / "missing.json")
    )


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_without_a_snapshot_the_yaml_gives_the_same_flow_as_the_checked_read_lines_included(
    loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch, no_snapshot: None
) -> None:
    monkeypatch.setattr(catalogue, "fast_loader", lambda: loader)
    fast, checked = catalogue.shipped_flow(), load_flow(default_flow_path())
    assert fast == checked
    assert [step.line for step in fast.steps] == [step.line for step in checked.steps]
    assert [q.when_line for q in fast.questions().values()] == [
        q.when_line for q in checked.questions().values()
    ]


def test_the_snapshot_gives_the_same_flow_as_the_checked_read(tmp_path: Path) -> None:
    checked = load_flow(default_flow_path())
    made = write_snapshot(checked, tmp_path / "shipped_flow.json")
    assert read_snapshot(default_flow_path(), made) == checked


def test_a_run_reads_the_snapshot_the_install_made_without_yaml() -> None:
    # Installing this checkout (pip install -e .) ran the build hook, which wrote it.
    made = read_snapshot(default_flow_path())
    assert made is not None, "the snapshot is missing or older than the flow: run pip install -e . again"
    assert made == load_flow(default_flow_path())
    probe = (
        "import sys; from leavemealone.flow.catalogue import shipped_flow; shipped_flow(); "
        "print('yaml' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"


def test_a_snapshot_of_an_older_flow_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = tmp_path / "escalation.yaml"
    text = default_flow_path().read_text(encoding="utf-8")
    edited.write_text(
        text.replace("Are you safe right now?", "Are you safe at this moment?"), encoding="utf-8"
    )
    old = write_snapshot(load_flow(default_flow_path()), tmp_path / "shipped_flow.json")
    assert read_snapshot(edited, old) is None
    monkeypatch.setattr(catalogue, "default_flow_path", lambda: edited)
    monkeypatch.setattr(catalogue, "read_snapshot", lambda path: read_snapshot(path, old))
    assert catalogue.shipped_flow().steps[0].title == "Are you safe at this moment?"


def test_a_damaged_snapshot_only_means_reading_the_yaml(tmp_path: Path) -> None:
    damaged = tmp_path / "shipped_flow.json"
    for text in ("{not json", "[]", '{"fingerprint": 1}', ""):
        damaged.write_text(text, encoding="utf-8")
        assert read_snapshot(default_flow_path(), damaged) is None
    good = write_snapshot(load_flow(default_flow_path()), damaged).read_text(encoding="utf-8")
    damaged.write_text(good.replace('"_class": "Step"', '"_class": "Nope"', 1), encoding="utf-8")
    assert read_snapshot(default_flow_path(), damaged) is None


def test_a_shipped_flow_of_the_wrong_shape_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_snapshot: None
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


def test_the_build_snapshots_the_checked_flow(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "letters", tmp_path / "letters")
    shutil.copytree(ROOT / "flows", tmp_path / "flows")
    (tmp_path / SNAPSHOT).parent.mkdir(parents=True)
    made = snapshot_escalation_flow(tmp_path)
    assert made == tmp_path / SNAPSHOT
    flow_file = tmp_path / "flows" / "escalation.yaml"
    assert read_snapshot(flow_file, made) == load_flow(flow_file)
