"""The shipped flow as JSON, made from the YAML at build time, so a run needs no YAML parser.

``hatch_build.py`` writes it whenever a wheel or an editable install is
built, after the flow passed every check. It carries a SHA-256 of all it was
made from: the flow file and the code that turns a flow into dataclasses
(this module, ``reader`` and ``model``). A run uses it only while that still
matches, so an edited flow is read from its YAML, never from a stale
snapshot. ``flows/escalation.yaml`` stays the one file people edit. Its conditions
travel parsed (``conditions.parsed_tree``), so a run evaluates them without
loading Jinja.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from leavemealone.flow.conditions import Tree, parsed_tree, use_parsed
from leavemealone.flow.model import ChecklistItem, Choice, Flow, Guidance, Offer, Order, Question, Step

SNAPSHOT = Path(__file__).with_name("shipped_flow.json")
_MADE_FROM = ("snapshot.py", "reader.py", "model.py", "conditions.py")
_CONDITION_FIELDS = ("when", "implied_when")
_CLASSES = {cls.__name__: cls for cls in (ChecklistItem, Choice, Guidance, Offer, Order, Question, Step)}
_KIND = "_class"  # no dataclass field starts with "_"


def fingerprint(flow_path: Path) -> str:
    """A SHA-256 of the flow file and of the code that reads it."""
    digest = hashlib.sha256(flow_path.read_bytes())
    for name in _MADE_FROM:
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.hexdigest()


def write_snapshot(flow: Flow, target: Path = SNAPSHOT) -> Path:
    """Save a checked flow as the snapshot of its file."""
    steps = [_encode(step) for step in flow.steps]
    orders = [_encode(order) for order in flow.orders]
    trees = {expression: parsed_tree(expression) for expression in _conditions([steps, orders])}
    body = {
        "fingerprint": fingerprint(flow.path),
        "id": flow.id,
        "title": flow.title,
        "description": flow.description,
        "steps": steps,
        "orders": orders,
        "conditions": {expression: tree for expression, tree in trees.items() if tree is not None},
    }
    target.write_text(json.dumps(body, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return target


def read_snapshot(flow_path: Path, source: Path = SNAPSHOT) -> Flow | None:
    """The flow from its snapshot; None when there is none, or it was made from anything else."""
    try:
        body = json.loads(source.read_bytes())
        if body.get("fingerprint") != fingerprint(flow_path):
            return None
        flow = Flow(
            id=body["id"],
            title=body["title"],
            description=body["description"],
            steps=tuple(_decode(step) for step in body["steps"]),
            orders=tuple(_decode(order) for order in body["orders"]),
            path=flow_path,
        )
        conditions: dict[str, Tree] = body["conditions"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a missing or damaged snapshot only means reading the YAML
    use_parsed(conditions)
    return flow


def _conditions(value: Any) -> set[str]:
    """Every ``when`` and ``implied_when`` in an encoded flow."""
    if isinstance(value, dict):
        found = {value[name] for name in _CONDITION_FIELDS if isinstance(value.get(name), str)}
        return found.union(*(_conditions(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_conditions(item) for item in value))
    return set()


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        encoded = {_KIND: type(value).__name__}
        encoded.update({field.name: _encode(getattr(value, field.name)) for field in fields(value)})
        return encoded
    if isinstance(value, tuple):
        return {"tuple": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and _KIND in value:
        cls = _CLASSES[value[_KIND]]
        return cls(**{key: _decode(item) for key, item in value.items() if key != _KIND})
    if isinstance(value, dict) and set(value) == {"tuple"}:
        return tuple(_decode(item) for item in value["tuple"])
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value
