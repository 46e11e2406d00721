"""Build hook: a wheel is built only when the flows it ships pass every check.

A run reads the shipped flow without checking it again (that keeps
``status`` and the documents quick), so the checks run here, and in the
tests (``tests/flow/test_shipped_flow.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def flow_problems(root: Path) -> list[str]:
    """Every problem of every flow in ``root/flows``, its documents looked up in ``root/letters``."""
    sys.path.insert(0, str(root / "src"))
    try:
        from leavemealone.errors import FlowError
        from leavemealone.flow.reader import load_flow
    finally:
        sys.path.remove(str(root / "src"))
    problems: list[str] = []
    for path in sorted((root / "flows").glob("*.yaml")):
        try:
            load_flow(path, letters_dir=root / "letters")
        except FlowError as error:
            problems += error.problems
    return problems


class CheckShippedFlows(BuildHookInterface):
    """Refuses to build when a shipped flow has a problem, listing every one as ``file:line: what``."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        problems = flow_problems(Path(self.root))
        if problems:
            raise RuntimeError("A shipped flow has problems; fix them first:\n" + "\n".join(problems))
