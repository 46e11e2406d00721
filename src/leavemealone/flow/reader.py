"""``load_flow``: YAML to flow dataclasses, every wrong shape noted with its line, all at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from leavemealone.errors import FlowError
from leavemealone.flow.answers import QUESTION_KINDS
from leavemealone.flow.model import (
    ACTION_KINDS,
    CHOICE_VALUE,
    IDENTIFIER,
    MAX_FLOW_BYTES,
    SHOW_KINDS,
    ChecklistItem,
    Choice,
    Flow,
    Guidance,
    Item,
    Offer,
    Order,
    Question,
    Step,
)


class Problems:
    """Collects ``path:line: what`` lines so a user sees every problem at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(f"{self.path}:{line}: {message}")


def compose(
    path: Path, problems: Problems, *, loader: type[yaml.SafeLoader | yaml.CSafeLoader] = yaml.SafeLoader
) -> yaml.Node | None:
    """The file's YAML node tree, or None after noting why it cannot be read (bytes, text, syntax).

    PyYAML's own loader is the default: its messages are the ones users see
    for their flow files. libyaml's (``CSafeLoader``) marks the same lines.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(0, f"cannot read the file ({error.strerror})")
        return None
    if len(raw) > MAX_FLOW_BYTES:
        problems.add(0, f"the file is larger than {MAX_FLOW_BYTES:,} bytes; a flow is far smaller")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(line, "the file is not UTF-8 text; save it as UTF-8")
        return None
    if not text.strip():
        problems.add(1, "the file is empty; a flow needs 'flow', 'title' and 'steps'")
        return None
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problems.add(line, _yaml_message(error))
        return None
    except yaml.YAMLError as error:
        problems.add(0, f"this is not valid YAML ({error})")
        return None
    if root is None:
        problems.add(1, "the file holds only comments; a flow needs 'flow', 'title' and 'steps'")
    return root


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or str(error)
    if "'\\t'" in problem or "\t" in problem:
        return "a tab character is used for indentation; YAML needs spaces"
    if "expected a single document" in (error.context or ""):
        return "the file holds more than one YAML document ('---'); a flow is one document"
    return f"this is not valid YAML: {problem}"


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Turns YAML nodes into values, noting wrong shapes instead of failing on the first."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def _first_visit(self, node: yaml.Node) -> bool:
        # Aliases make the composer hand us the same node twice; a flow has no
        # use for them, and refusing them stops "billion laughs" files at once.
        if id(node) in self.seen:
            self.problems.add(_line(node), "anchors and aliases ('&', '*') are not allowed in a flow")
            return False
        self.seen.add(id(node))
        return True

    def mapping(
        self, node: yaml.Node, where: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, yaml.Node] | None:
        if not self._first_visit(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.problems.add(_line(node), f"{where} must be a mapping of 'key: value' lines")
            return None
        entries: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key == "<<":
                self.problems.add(_line(key_node), f"{where}: keys must be plain words")
            elif key in entries:
                self.problems.add(_line(key_node), f"{where}: key '{key}' appears twice")
            elif key not in allowed:
                self.problems.add(
                    _line(key_node),
                    f"{where}: unknown key '{key}' (allowed: {', '.join(allowed)})",
                )
            else:
                entries[key] = value_node
        for key in required:
            if key not in entries:
                self.problems.add(_line(node), f"{where}: missing '{key}'")
        return entries

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not self._first_visit(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problems.add(_line(node), f"{where} must be a list ('- ' items)")
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return node
        return self.constructor.construct_object(node)

    def text(self, node: yaml.Node | None, where: str, *, default: str = "") -> str:
        if node is None:
            return default
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.problems.add(_line(node), f"{where} must be non-empty text")
            return default
        return value.strip()

    def identifier(self, node: yaml.Node | None, where: str) -> str:
        value = self.text(node, where)
        if value and not IDENTIFIER.match(value):
            self.problems.add(
                _line(node) if node else 0,
                f"{where} '{value}' must be lower-case letters, digits and '_', starting with a letter",
            )
        return value

    def flag(self, node: yaml.Node | None, where: str, *, default: bool) -> bool:
        if node is None:
            return default
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.problems.add(_line(node), f"{where} must be true or false")
            return default
        return value

    def condition(self, node: yaml.Node | None, where: str) -> str | None:
        if node is None:
            return None
        return self.text(node, f"{where}: 'when'") or None

    def plain_value(self, node: yaml.Node, where: str) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.scalar(item) for item in self.sequence(node, where)]
        if isinstance(node, yaml.MappingNode):
            self.problems.add(_line(node), f"{where} cannot be a mapping")
            return None
        return self.scalar(node)


def build_flow(root: yaml.Node, path: Path, problems: Problems) -> Flow | None:
    """The flow the nodes describe, as far as their shape allows; every wrong shape is noted."""
    reader = _Reader(problems)
    if not isinstance(root, yaml.MappingNode):
        problems.add(_line(root), "the top level must be a mapping with 'flow', 'title' and 'steps'")
        return None
    top = reader.mapping(
        root, "the flow", ("flow", "title", "description", "orders", "steps"), ("flow", "title", "steps")
    )
    if top is None:
        return None
    steps: list[Step] = []
    for index, step_node in enumerate(reader.sequence(top["steps"], "'steps'") if "steps" in top else []):
        step = _build_step(reader, step_node, index + 1)
        if step is not None:
            steps.append(step)
    if "steps" in top and not steps and not problems.items:
        problems.add(_line(top["steps"]), "'steps' must list at least one step")
    orders = tuple(
        order
        for order_node in (reader.sequence(top["orders"], "'orders'") if "orders" in top else [])
        if (order := _build_order(reader, order_node)) is not None
    )
    if not orders:
        orders = (Order(steps=tuple(step.id for step in steps), line=_line(root)),)
    return Flow(
        id=reader.identifier(top.get("flow"), "'flow'"),
        title=reader.text(top.get("title"), "'title'"),
        description=reader.text(top["description"], "'description'") if "description" in top else "",
        steps=tuple(steps),
        orders=orders,
        path=path,
    )


def _build_step(reader: _Reader, node: yaml.Node, number: int) -> Step | None:
    declared_id = _peek(node, "id")
    where = f"step '{declared_id}'" if declared_id else f"step {number}"
    keys = ("id", "title", "summary", "when", "items", "checklist", "documents", "actions")
    entries = reader.mapping(node, where, keys, ("id", "title"))
    if entries is None:
        return None
    step_id = reader.identifier(entries.get("id"), f"{where}: 'id'")
    where = f"step '{step_id}'" if step_id else where
    items = _build_list(reader, entries.get("items"), f"{where}: 'items'", _build_item)
    checklist = _build_list(reader, entries.get("checklist"), f"{where}: 'checklist'", _build_checklist)
    documents = _build_list(reader, entries.get("documents"), f"{where}: 'documents'", _build_offer)
    actions = _build_list(reader, entries.get("actions"), f"{where}: 'actions'", _build_offer)
    for action in actions:
        if action.name and action.name not in ACTION_KINDS:
            reader.problems.add(
                action.line, f"{where}: unknown action '{action.name}' (allowed: {', '.join(ACTION_KINDS)})"
            )
    return Step(
        id=step_id,
        title=reader.text(entries.get("title"), f"{where}: 'title'"),
        summary=reader.text(entries["summary"], f"{where}: 'summary'") if "summary" in entries else "",
        when=reader.condition(entries.get("when"), where),
        when_line=_line(entries["when"]) if "when" in entries else 0,
        items=tuple(items),
        checklist=tuple(checklist),
        documents=tuple(documents),
        actions=tuple(actions),
        line=_line(node),
    )


def _build_list(
    reader: _Reader,
    node: yaml.Node | None,
    where: str,
    build: Callable[[_Reader, yaml.Node, str], Any],
) -> list[Any]:
    if node is None:
        return []
    built = (build(reader, child, where) for child in reader.sequence(node, where))
    return [item for item in built if item is not None]


def _peek(node: yaml.Node, key: str) -> str | None:
    """The plain text under ``key`` of a mapping node, to name it in messages before reading it."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value) or None
    return None


def _build_item(reader: _Reader, node: yaml.Node, where: str) -> Item | None:
    if isinstance(node, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == "say" for key, _ in node.value
    ):
        return _build_guidance(reader, node, where)
    return _build_question(reader, node, where)


def _build_guidance(reader: _Reader, node: yaml.Node, where: str) -> Guidance | None:
    entries = reader.mapping(node, f"{where}: guidance", ("say", "when", "show", "pause"), ("say",))
    if entries is None:
        return None
    return Guidance(
        text=reader.text(entries.get("say"), f"{where}: 'say'"),
        when=reader.condition(entries.get("when"), f"{where}: guidance"),
        when_line=_line(entries["when"]) if "when" in entries else 0,
        show=_show_kind(reader, entries.get("show"), where),
        pause=reader.flag(entries.get("pause"), f"{where}: 'pause'", default=False),
        line=_line(node),
    )


def _show_kind(reader: _Reader, node: yaml.Node | None, where: str) -> str | None:
    if node is None:
        return None
    kind = reader.text(node, f"{where}: 'show'")
    if kind and kind not in SHOW_KINDS:
        reader.problems.add(
            _line(node), f"{where}: unknown 'show' '{kind}' (allowed: {', '.join(SHOW_KINDS)})"
        )
    return kind or None


def _build_question(reader: _Reader, node: yaml.Node, where: str) -> Question | None:
    keys: tuple[str, ...] = ("ask", "kind", "prompt", "help", "choices", "default", "required", "when")
    keys += ("implied", "implied_when")
    declared_id = _peek(node, "ask")
    label = f"question '{declared_id}'" if declared_id else f"{where}: item (an 'ask' or a 'say')"
    entries = reader.mapping(node, label, keys, ("ask", "kind", "prompt"))
    if entries is None:
        return None
    question_id = reader.identifier(entries.get("ask"), f"{where}: 'ask'")
    where = f"question '{question_id}'" if question_id else where
    kind = reader.text(entries.get("kind"), f"{where}: 'kind'")
    if kind and kind not in QUESTION_KINDS:
        reader.problems.add(
            _line(entries["kind"]),
            f"{where}: unknown kind '{kind}' (allowed: {', '.join(QUESTION_KINDS)})",
        )
    choices = tuple(_build_list(reader, entries.get("choices"), f"{where}: 'choices'", _build_choice))
    default_node, implied_node = entries.get("default"), entries.get("implied")
    return Question(
        id=question_id,
        kind=kind,
        prompt=reader.text(entries.get("prompt"), f"{where}: 'prompt'"),
        help=reader.text(entries["help"], f"{where}: 'help'") if "help" in entries else "",
        choices=choices,
        default=None if default_node is None else reader.plain_value(default_node, f"{where}: 'default'"),
        required=reader.flag(entries.get("required"), f"{where}: 'required'", default=True),
        when=reader.condition(entries.get("when"), where),
        when_line=_line(entries["when"]) if "when" in entries else 0,
        line=_line(node),
        implied=None if implied_node is None else reader.plain_value(implied_node, f"{where}: 'implied'"),
        implied_when=reader.condition(entries.get("implied_when"), f"{where}: 'implied_when'"),
        implied_when_line=_line(entries["implied_when"]) if "implied_when" in entries else 0,
    )


def _build_choice(reader: _Reader, node: yaml.Node, where: str) -> Choice | None:
    entries = reader.mapping(node, f"{where}: choice", ("value", "label"), ("value", "label"))
    if entries is None:
        return None
    value = reader.text(entries.get("value"), f"{where}: 'value'")
    if value and not CHOICE_VALUE.match(value):
        reader.problems.add(
            _line(entries["value"]), f"{where}: value '{value}' must be letters, digits and '_'"
        )
    return Choice(
        value=value,
        label=reader.text(entries.get("label"), f"{where}: 'label'"),
    )


def _build_checklist(reader: _Reader, node: yaml.Node, where: str) -> ChecklistItem | None:
    entries = reader.mapping(node, f"{where}: item", ("id", "text", "when"), ("id", "text"))
    if entries is None:
        return None
    return ChecklistItem(
        id=reader.identifier(entries.get("id"), f"{where}: 'id'"),
        text=reader.text(entries.get("text"), f"{where}: 'text'"),
        when=reader.condition(entries.get("when"), where),
        when_line=_line(entries["when"]) if "when" in entries else 0,
        line=_line(node),
    )


def _build_offer(reader: _Reader, node: yaml.Node, where: str) -> Offer | None:
    entries = reader.mapping(node, f"{where}: offer", ("name", "label", "when"), ("name", "label"))
    if entries is None:
        return None
    return Offer(
        name=reader.identifier(entries.get("name"), f"{where}: 'name'"),
        label=reader.text(entries.get("label"), f"{where}: 'label'"),
        when=reader.condition(entries.get("when"), where),
        when_line=_line(entries["when"]) if "when" in entries else 0,
        line=_line(node),
    )


def _build_order(reader: _Reader, node: yaml.Node) -> Order | None:
    entries = reader.mapping(node, "an order", ("when", "steps"), ("steps",))
    if entries is None or "steps" not in entries:
        return None
    step_ids = tuple(
        reader.identifier(child, "an order's step")
        for child in reader.sequence(entries["steps"], "an order's 'steps'")
    )
    return Order(
        steps=step_ids,
        when=reader.condition(entries.get("when"), "an order"),
        when_line=_line(entries["when"]) if "when" in entries else 0,
        line=_line(node),
    )


def load_flow(path: Path, *, letters_dir: Path | None = None) -> Flow:
    """Read and validate a flow file; raise ``FlowError`` listing every problem found."""
    from leavemealone.flow.checks import check_flow

    problems = Problems(path)
    root = compose(path, problems)
    flow = build_flow(root, path, problems) if root is not None else None
    if flow is not None:
        check_flow(flow, problems.add, letters_dir=letters_dir)
    if problems.items or flow is None:
        raise FlowError(problems.items, hint="Fix these, then run: leavemealone flows validate")
    return flow
