"""Each state's protective orders as plain data: who each order covers, exactly, and its sources.

The facts live in ``data/protection_orders.yaml``, the one file people edit.
The program reads ``data/protection_orders.json``, generated from it by
``resources.build``: JSON loads in milliseconds where YAML takes most of a
second. If the YAML was edited and the JSON not rebuilt, the YAML is read
(and checked) instead, so an edit always takes effect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from leavemealone.errors import LeaveMeAloneError, UsageError

DATA_DIR = Path(__file__).parent / "data"
ORDERS_FILE = DATA_DIR / "protection_orders.yaml"
ORDERS_CACHE = DATA_DIR / "protection_orders.json"
UNKNOWN = "unknown"
OTHER_STATE = "OTHER"
RELATIONSHIPS = (
    "ex_partner",
    "partner",
    "family",
    "household",
    "roommate",
    "coworker",
    "classmate",
    "neighbour",
    "acquaintance",
    "stranger",
    "online_only",
    "other",
)
# The answers a coverage rule may read, and the values each may take.
CONDITIONS: dict[str, tuple[Any, ...]] = {
    "partner_tie": ("married", "lived_together", "child_together", "dated"),
    "family_tie": (
        "parent_or_child",
        "sibling",
        "grandparent_or_grandchild",
        "in_law",
        "aunt_uncle_niece_nephew",
        "cousin",
        "other_relative",
    ),
    "lived_together": (True, False),
    "conduct": (
        "stalking",
        "threats",
        "physical_harm",
        "sexual_violence",
        "repeated_harassment",
        "property_damage",
    ),
}
ORDER_TEXT_FIELDS = ("court", "form", "fee", "temporary_length", "final_length")
NOT_LEGAL_ADVICE = (
    "This is general information, not legal advice. Laws, fees and phone numbers change: "
    "confirm with the court clerk, a victim advocate or a lawyer before you rely on it."
)


@dataclass(frozen=True)
class Source:
    """A page a fact was read on: ``date`` is the date the page shows of itself, ``note`` what on it."""

    url: str
    date: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Rule:
    """One way an order covers someone: the relationships, and the conditions the law adds.

    A condition that is None is not part of the rule. Values inside one
    condition are alternatives; conditions together must all hold.
    """

    relationships: frozenset[str]
    partner_tie: frozenset[str] | None = None
    family_tie: frozenset[str] | None = None
    lived_together: bool | None = None
    conduct: frozenset[str] | None = None


@dataclass(frozen=True)
class Order:
    """One protective order; ``check_this`` maps a field to why it is in doubt."""

    name: str
    kind: str
    covers: tuple[Rule, ...]
    who_qualifies: str
    court: str
    form: str
    fee: str
    temporary_length: str
    final_length: str
    sources: tuple[Source, ...]
    notes: Mapping[str, str]
    check_this: Mapping[str, str]


@dataclass(frozen=True)
class Program:
    """A state's address confidentiality program (its name), or its sworn declaration.

    For a declaration, ``text`` is the state's own wording, copied exactly
    from a source, or None when no source showed it; ``form`` names the court
    form that carries a declaration, where a source gave it.
    """

    text: str | None
    sources: tuple[Source, ...]
    form: str | None = None


@dataclass(frozen=True)
class StateFacts:
    """What the data holds for one state, and the day it was compared with its sources."""

    code: str
    name: str
    compared_on: dt.date
    orders: tuple[Order, ...]
    sources: tuple[Source, ...]
    non_intimate_note: str | None = None
    non_intimate_scope: str | None = None
    law_note: str | None = None
    check_this: tuple[str, ...] = ()
    also_available: tuple[str, ...] = ()
    address_confidentiality: Program | None = None
    declaration: Program | None = None

    def oldest_source_date(self) -> dt.date | None:
        """The oldest date any source of this state shows of itself, if any shows one."""
        dates = [source.date for source in self.all_sources() if source.date is not None]
        return min(dates) if dates else None

    def all_sources(self) -> tuple[Source, ...]:
        """Every source of the state and of its orders."""
        return self.sources + tuple(source for order in self.orders for source in order.sources)


# --- reading ------------------------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read_source(raw: Any) -> Source:
    """A source from the data: a bare URL, or a mapping with its url, date and note."""
    if isinstance(raw, str):
        return Source(raw)
    return Source(str(raw["url"]), _date(raw.get("date")), raw.get("note"))


def _set(values: Any) -> frozenset[str] | None:
    return None if values is None else frozenset(str(value) for value in values)


def _rule(raw: Mapping[str, Any]) -> Rule:
    family_tie = raw.get("family_tie")
    return Rule(
        relationships=frozenset(raw["relationships"]),
        partner_tie=_set(raw.get("partner_tie")),
        family_tie=_set([family_tie] if isinstance(family_tie, str) else family_tie),
        lived_together=raw.get("lived_together"),
        conduct=_set(raw.get("conduct")),
    )


def _order(raw: Mapping[str, Any]) -> Order:
    return Order(
        name=raw["name"],
        kind=raw.get("kind", "civil"),
        covers=tuple(_rule(rule) for rule in raw["covers"]),
        who_qualifies=raw["who_qualifies"],
        sources=tuple(read_source(item) for item in raw["sources"]),
        notes=dict(raw.get("notes") or {}),
        check_this=dict(raw.get("check_this") or {}),
        **{field: str(raw[field]) for field in ORDER_TEXT_FIELDS},
    )


def _program(raw: Mapping[str, Any] | None, text_key: str) -> Program | None:
    if not raw:
        return None
    text = raw.get(text_key)
    sources = tuple(read_source(item) for item in raw["sources"])
    return Program(None if text is None else str(text), sources, raw.get("form"))


def _state(code: str, raw: Mapping[str, Any]) -> StateFacts:
    return StateFacts(
        code=code,
        name=raw["name"],
        compared_on=_date(raw["compared_on"]) or dt.date.min,
        orders=tuple(_order(order) for order in raw["orders"]),
        sources=tuple(read_source(item) for item in raw["sources"]),
        non_intimate_note=raw.get("non_intimate_note"),
        non_intimate_scope=raw.get("non_intimate_scope"),
        law_note=raw.get("law_note"),
        check_this=tuple(raw.get("check_this") or ()),
        also_available=tuple(raw.get("also_available") or ()),
        address_confidentiality=_program(raw.get("address_confidentiality"), "name"),
        declaration=_program(raw.get("declaration"), "wording"),
    )


def yaml_digest(path: Path = ORDERS_FILE) -> str:
    """SHA-256 of the YAML the people edit; the JSON records it, to know when it is stale."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_yaml(path: Path = ORDERS_FILE) -> dict[str, Any]:
    """The YAML document, checked; a broken file is an error, never half-used."""
    import yaml

    from leavemealone.resources.schema import order_data_problems

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as error:
        raise LeaveMeAloneError(f"Cannot read the protective-order data {path}: {error}") from error
    problems = order_data_problems(document)
    if problems:
        shown = "\n".join(problems[:30])
        raise LeaveMeAloneError(f"The protective-order data {path} has {len(problems)} problem(s):\n{shown}")
    return dict(document)


def _read_document() -> dict[str, Any]:
    """The shipped data: the JSON built from the YAML, or the YAML itself when the JSON is stale."""
    try:
        cached = json.loads(ORDERS_CACHE.read_text(encoding="utf-8"))
        if cached.get("source_sha256") == yaml_digest():
            return dict(cached["document"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return read_yaml()


@lru_cache(maxsize=1)
def bundled_states() -> dict[str, StateFacts]:
    """The shipped state facts, read once per process."""
    document = _read_document()
    return {code: _state(code, raw) for code, raw in document["states"].items()}


def valid_states() -> list[str]:
    """Accepted state answers: the two-letter codes in the data, then ``other``."""
    return [*sorted(bundled_states()), "other"]


def check_state(state: str) -> str:
    """The state's code in capitals, or ``OTHER``; an unknown one is a usage error listing the valid ones."""
    code = state.strip().upper()
    if code != OTHER_STATE and code not in bundled_states():
        raise UsageError(
            f"Unknown state {state!r}. Use a two-letter US state code, DC or 'other': "
            + ", ".join(valid_states()),
            hint="For example NY (upper or lower case).",
        )
    return code


def check_relationship(relationship: str) -> str:
    """The relationship id; an unknown one is a usage error listing the twelve."""
    answer = relationship.strip().lower()
    if answer not in RELATIONSHIPS:
        raise UsageError(
            f"Unknown relationship {relationship!r}. Use one of: " + ", ".join(RELATIONSHIPS),
            hint="For example: ex_partner",
        )
    return answer

