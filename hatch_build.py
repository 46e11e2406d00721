"""Build hook: check the shipped flows, then snapshot the escalation flow for quick runs.

A run reads the shipped flow without checking it again (that keeps
``status`` and the documents quick), so the checks run here, and in the
tests (``tests/flow/test_shipped_flow.py``): a flow with a problem stops the
build. The snapshot (``flow/snapshot.py``) is the checked flow as JSON, so a
run needs no YAML parser; it is made on every build, wheel or editable, and
a run ignores it once it no longer matches the YAML.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SNAPSHOT = "src/leavemealone/flow/shipped_flow.json"


def flow_problems(root: Path) -> list[str]:
    """Every problem of every flow in ``root/flows``, its documents looked up in ``root/letters``."""
    load_flow, flow_error = _reader(root)
    problems: list[str] = []
    for path in sorted((root / "flows").glob("*.yaml")):
        try:
            load_flow(path, letters_dir=root / "letters")
        except flow_error as error:
            problems += error.problems
    return problems


def snapshot_escalation_flow(root: Path) -> Path:
    """Write the snapshot of ``root/flows/escalation.yaml`` (checked again on the way)."""
    load_flow, _ = _reader(root)
    from leavemealone.flow.snapshot import write_snapshot

    flow = load_flow(root / "flows" / "escalation.yaml", letters_dir=root / "letters")
    return write_snapshot(flow, root / SNAPSHOT)


def _reader(root: Path) -> tuple[Any, Any]:
    sys.path.insert(0, str(root / "src"))
    try:
        from leavemealone.errors import FlowError
        from leavemealone.flow.reader import load_flow
    finally:
        sys.path.remove(str(root / "src"))
    return load_flow, FlowError


class CheckAndSnapshotFlows(BuildHookInterface):
    """Refuses to build when a shipped flow has a problem (each listed as ``file:line: what``)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        problems = flow_problems(root)
        if problems:
            raise RuntimeError("A shipped flow has problems; fix them first:\n" + "\n".join(problems))
        snapshot_escalation_flow(root)
        build_data["artifacts"].append(SNAPSHOT)
