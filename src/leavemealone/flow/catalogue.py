"""The flows the tool knows: the shipped one for a run, list them, show one, validate any file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leavemealone.errors import FlowError
from leavemealone.flow.model import Flow, Guidance, Question
from leavemealone.flow.snapshot import read_snapshot
from leavemealone.flow.walk import applicable_steps
from leavemealone.paths import bundled_dir, default_flow_path

if TYPE_CHECKING:
    import yaml


@dataclass(frozen=True)
class FlowSummary:
    """One line of ``flows list``."""

    id: str
    title: str
    path: Path
    steps: int


def shipped_flow() -> Flow:
    """The escalation flow that ships with the tool, read fast for a run.

    A run trusts it: the tests and every build check it in full
    (``load_flow``, ``hatch_build.py``), so here it comes from the snapshot
    the build made (no YAML parser), or, when the snapshot is missing or was
    made from anything else, from the YAML with libyaml, its shape read but
    its cross-checks left out. A flow given as a file is always checked in full.
    """
    path = default_flow_path()
    return read_snapshot(path) or _read_unchecked(path)


def fast_loader() -> type[yaml.SafeLoader | yaml.CSafeLoader]:
    """The C loader (libyaml) where PyYAML has it: ~2 ms for the shipped flow where PyYAML's takes ~30."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_unchecked(path: Path) -> Flow:
    from leavemealone.flow.reader import Problems, build_flow, compose

    problems = Problems(path)
    root = compose(path, problems, loader=fast_loader())
    flow = build_flow(root, path, problems) if root is not None else None
    if problems.items or flow is None:
        raise FlowError(problems.items, hint="Reinstall leavemealone, or run: leavemealone flows validate")
    return flow


def shipped_flow_paths() -> list[Path]:
    """Every flow file that ships with the tool."""
    return sorted(bundled_dir("flows").glob("*.yaml"))


def list_flows() -> list[FlowSummary]:
    """Summaries of the shipped flows (each one validated on the way)."""
    from leavemealone.flow.reader import load_flow

    return [
        FlowSummary(flow.id, flow.title, flow.path, len(flow.steps))
        for flow in (load_flow(path) for path in shipped_flow_paths())
    ]


def resolve_flow(name_or_path: str | None) -> Path:
    """A flow by its file path, or by the id of a shipped flow (default: escalation)."""
    if name_or_path is None:
        return default_flow_path()
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return bundled_dir("flows") / f"{name_or_path}.yaml"


def describe_flow(flow: Flow) -> str:
    """A readable outline: steps, their questions with ids and allowed values, conditions."""
    lines = [f"{flow.title} ({flow.id}, {flow.path})", ""]
    for number, step in enumerate(applicable_steps(flow, {}), start=1):
        condition = f"   [only when: {step.when}]" if step.when else ""
        lines.append(f"{number}. {step.title}  (step id: {step.id}){condition}")
        for item in step.items:
            if isinstance(item, Question):
                allowed = f" one of: {', '.join(item.choice_values())}" if item.kind == "select" else ""
                allowed = f" any of: {', '.join(item.choice_values())}" if item.kind == "multi" else allowed
                when = f"  [when: {item.when}]" if item.when else ""
                default = f"  default: {item.default}" if item.default is not None else ""
                lines.append(f"   - {item.id} ({item.kind}){allowed}{default}{when}")
            elif isinstance(item, Guidance) and item.show:
                lines.append(f"   * shows {item.show.replace('_', ' ')} [when: {item.when or 'always'}]")
        for document in step.documents:
            lines.append(f"   > document: {document.name}")
        for action in step.actions:
            lines.append(f"   > offers: {action.name}")
    if len(flow.orders) > 1:
        lines.append("")
        lines.append("Orders:")
        for order in flow.orders:
            lines.append(
                f"   {'when ' + order.when if order.when else 'otherwise'}: {', '.join(order.steps)}"
            )
    return "\n".join(lines)
