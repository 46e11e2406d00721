"""Where to turn: national lines and each state's protective orders, with their sources.

Facts live in ``data/hotlines.json`` and ``data/protection_orders.yaml``.
``route`` picks the orders that fit a state and a relationship and returns a
plain ``Routing``; ``resources_text`` renders it as Markdown or JSON, so the
``resources`` command, the guided flow and the documents say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from leavemealone.errors import LeaveMeAloneError, UsageError

ORDERS_FILE = Path(__file__).parent / "data" / "protection_orders.yaml"
UNKNOWN = "unknown"
OTHER_STATE = "OTHER"
STALE_AFTER_DAYS = 730
NOT_LEGAL_ADVICE = (
    "This is general information, not legal advice. Laws, fees and phone numbers change: "
    "confirm with the court clerk, a victim advocate or a lawyer before you rely on it."
)
RELATIONSHIP_KINDS = ("intimate_partner", "family", "household", "any")
COVERAGE_VALUES = ("available", "partial", "none", "not_found")
# The flow's `relationship` answer -> the relationship kind the order data uses.
RELATIONSHIP_TO_KIND = {
    "ex_partner": "intimate_partner",
    "partner": "intimate_partner",
    "family": "family",
    "household": "household",
    "roommate": "household",
    "coworker": "any",
    "classmate": "any",
    "neighbour": "any",
    "acquaintance": "any",
    "stranger": "any",
    "online_only": "any",
    "other": "any",
}
KINDS_COVERED = {
    "intimate_partner": "partners and ex-partners",
    "family": "relatives",
    "household": "people you live or lived with",
    "any": "anyone, whatever the relationship",
}
_KIND_WORDS = {
    "intimate_partner": "a partner or ex-partner",
    "family": "a relative",
    "household": "someone you live or lived with",
    "any": "someone who is not a partner, relative or household member",
}
FIELD_LABELS = {
    "who_qualifies": "who it covers",
    "relationships": "who it covers",
    "court": "court",
    "form": "form",
    "fee": "fee",
    "temporary_length": "temporary order",
    "final_length": "final order",
    "phone": "call",
    "tty": "TTY",
    "legacy_phone": "old number",
    "text": "text",
    "chat_url": "chat",
    "website": "web",
    "email_hotline": "email",
    "hours": "hours",
    "status": "status",
}
ORDER_TEXT_FIELDS = ("court", "form", "fee", "temporary_length", "final_length")


@dataclass(frozen=True)
class Source:
    """A page a fact was read on; ``note`` says what on it, or how old it is."""

    url: str
    note: str | None = None


@dataclass(frozen=True)
class Line:
    """A national phone, text or web line. ``unknown`` means not confirmed; None means none."""

    id: str
    name: str
    summary: str
    purpose: str
    contacts: tuple[tuple[str, str], ...]
    uncertain: bool
    check_this: Mapping[str, str]
    notes: Mapping[str, str]
    sources: tuple[Source, ...]
    source_date: str | None


@dataclass(frozen=True)
class Order:
    """One protective order; ``check_this`` maps a field to why it is in doubt."""

    name: str
    kind: str
    relationships: tuple[str, ...]
    who_qualifies: str | None
    court: str
    form: str
    fee: str
    temporary_length: str
    final_length: str
    sources: tuple[Source, ...]
    notes: Mapping[str, str]
    check_this: Mapping[str, str]


@dataclass(frozen=True)
class StateFacts:
    """What the data holds for one state, and when it was last checked."""

    code: str
    name: str
    verified: dt.date
    non_intimate_civil_order: str
    non_intimate_note: str | None
    non_intimate_scope: str | None
    law_note: str | None
    check_this: tuple[str, ...]
    orders: tuple[Order, ...]
    sources: tuple[Source, ...]
    also_available: tuple[str, ...]


@dataclass(frozen=True)
class CriminalRoute:
    """How protection comes through a criminal case, and who to ask about it."""

    summary: str
    who_to_ask: tuple[str, ...]
    orders: tuple[Order, ...]


@dataclass(frozen=True)
class Routing:
    """Which orders fit one state and relationship, and what to do when none does."""

    state: str
    state_name: str
    relationship: str
    kind: str
    outcome: str
    explanation: str
    orders: tuple[Order, ...] = ()
    alternatives: tuple[Order, ...] = ()
    notes: tuple[str, ...] = ()
    criminal_route: CriminalRoute | None = None
    check_this: tuple[str, ...] = ()
    verified: dt.date | None = None
    sources: tuple[Source, ...] = ()
    also_available: tuple[str, ...] = ()
    not_legal_advice: str = NOT_LEGAL_ADVICE

    def all_doubts(self) -> tuple[str, ...]:
        """Every "check this" behind the result: the state's, then each shown order's."""
        shown = self.orders + self.alternatives
        shown += self.criminal_route.orders if self.criminal_route else ()
        per_order = (
            f"{order.name} - {FIELD_LABELS.get(field, field)}: {why}"
            for order in shown
            for field, why in order.check_this.items()
        )
        return (*self.check_this, *dict.fromkeys(per_order))


CRIMINAL_ROUTE_SUMMARY = (
    "When no civil order fits, protection usually comes through a criminal case. You report what "
    "is happening to the police; the prosecutor decides whether to charge the person; and the "
    "criminal court can order them to keep away from you while the case goes on, and sometimes "
    "after. You cannot file for this order yourself, but you can ask for it."
)
CRIMINAL_ROUTE_CONTACTS = (
    "The police: report each incident, and ask for a written report, its number and the officer's name.",
    "The prosecutor's office (district, county or state's attorney): ask for its victim "
    "services staff, and ask for a no-contact or protective order as part of the case.",
    "A victim advocate: they know the local courts and can help you through them. Ask the police "
    "or the prosecutor's office for one, or call one of the national lines.",
    "The court clerk: ask whether any civil order covers your situation.",
)


def _source(raw: Any) -> Source:
    if isinstance(raw, str):
        return Source(raw)
    return Source(str(raw["url"]), raw.get("note"))


def _order(raw: Mapping[str, Any]) -> Order:
    return Order(
        name=raw["name"],
        kind=raw.get("kind", "civil"),
        relationships=tuple(raw["relationships"]),
        who_qualifies=raw.get("who_qualifies"),
        sources=tuple(_source(item) for item in raw["sources"]),
        notes=dict(raw.get("notes") or {}),
        check_this=dict(raw.get("check_this") or {}),
        **{field: str(raw[field]) for field in ORDER_TEXT_FIELDS},
    )


def _state(code: str, raw: Mapping[str, Any]) -> StateFacts:
    return StateFacts(
        code=code,
        name=raw["name"],
        verified=raw["verified"],
        non_intimate_civil_order=raw["non_intimate_civil_order"],
        non_intimate_note=raw.get("non_intimate_note"),
        non_intimate_scope=raw.get("non_intimate_scope"),
        law_note=raw.get("law_note"),
        check_this=tuple(raw.get("check_this") or ()),
        orders=tuple(_order(order) for order in raw["orders"]),
        sources=tuple(_source(item) for item in raw["sources"]),
        also_available=tuple(raw.get("also_available") or ()),
    )


def load_states(path: Path = ORDERS_FILE) -> dict[str, StateFacts]:
    """Read and check the order data; a broken file is an error, never half-used."""
    import yaml

    from leavemealone.resources.schema import order_data_problems

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LeaveMeAloneError(f"Cannot read the protective-order data {path}: {error}") from error
    problems = order_data_problems(document)
    if problems:
        raise LeaveMeAloneError(
            f"The protective-order data {path} has {len(problems)} problem(s):\n" + "\n".join(problems)
        )
    return {code: _state(code, raw) for code, raw in document["states"].items()}


@lru_cache(maxsize=1)
def bundled_states() -> dict[str, StateFacts]:
    """The shipped state facts, read once per process."""
    return load_states()


def _line(raw: Mapping[str, Any]) -> Line:
    contacts = tuple(
        (field, str(raw[field]))
        for field in ("phone", "tty", "legacy_phone", "text", "chat_url", "website", "email_hotline", "hours")
        if raw.get(field) is not None
    )
    sources = [_source(raw["source"])] + [_source(item) for item in raw.get("also_seen_at", ())]
    if raw.get("source_note"):
        sources[0] = Source(sources[0].url, raw["source_note"])
    return Line(
        id=raw["id"],
        name=raw["name"],
        summary=raw["summary"],
        purpose=raw["purpose"],
        contacts=contacts,
        uncertain=bool(raw.get("uncertain")),
        check_this=dict(raw.get("check_this") or {}),
        notes=dict(raw.get("notes") or {}),
        sources=tuple(sources),
        source_date=raw.get("source_date"),
    )


@lru_cache(maxsize=1)
def national_lines() -> tuple[Line, ...]:
    """The national lines in display order (911 first), from the file help-now reads."""
    from leavemealone.resources.hotlines import emergency_lines

    try:
        return tuple(_line(raw) for raw in emergency_lines())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LeaveMeAloneError(f"Cannot read the national lines: {error}") from error


def valid_states() -> list[str]:
    """Accepted ``--state`` values: the two-letter codes in the data, then ``other``."""
    return [*sorted(bundled_states()), "other"]


def _check_state(state: str) -> str:
    code = state.strip().upper()
    if code != OTHER_STATE and code not in bundled_states():
        raise UsageError(
            f"Unknown state {state!r}. Use a two-letter US state code, DC or 'other': "
            + ", ".join(valid_states()),
            hint="For example NY (upper or lower case).",
        )
    return code


def _check_relationship(relationship: str) -> str:
    answer = relationship.strip().lower()
    if answer not in RELATIONSHIP_TO_KIND:
        raise UsageError(
            f"Unknown relationship {relationship!r}. Use one of: " + ", ".join(RELATIONSHIP_TO_KIND),
            hint="For example: ex_partner",
        )
    return answer


def _civil(orders: tuple[Order, ...], kind: str) -> tuple[Order, ...]:
    return tuple(order for order in orders if order.kind == "civil" and kind in order.relationships)


_EXPLANATIONS = {
    "order_fits": "In {state}, the orders below cover {who}.",
    "general_order": (
        "{state}'s domestic abuse orders do not cover {who}. The orders below are open to anyone, "
        "though most need particular conduct, such as stalking."
    ),
    "partial": (
        "In {state}, a civil order against {who} exists only in some situations: read who each "
        "one covers. If none fits, see the criminal route."
    ),
    "no_civil_order": (
        "{state} has no civil protective order you can ask for yourself against {who}. "
        "The criminal route below is the way to an order."
    ),
    "not_found": (
        "Our sources show no civil protective order in {state} against {who}. That does not "
        "prove there is none: ask the court clerk, and see the criminal route below."
    ),
    "outside_us": (
        "We hold protective-order facts only for the 50 US states and DC. Ask the local police, "
        "a victim support service or a lawyer which order fits where you live."
    ),
}
_OUTCOME_FOR_ANYONE = {
    "available": "order_fits",
    "partial": "partial",
    "none": "no_civil_order",
    "not_found": "not_found",
}


def _choose(facts: StateFacts, kind: str) -> tuple[str, tuple[Order, ...]]:
    """The outcome and the civil orders to show for one relationship kind."""
    direct, for_anyone = _civil(facts.orders, kind), _civil(facts.orders, "any")
    if kind == "any":
        return _OUTCOME_FOR_ANYONE[facts.non_intimate_civil_order], for_anyone
    if direct:
        return "order_fits", direct
    if for_anyone:
        return "general_order", for_anyone
    missing = "not_found" if facts.non_intimate_civil_order == "not_found" else "no_civil_order"
    return missing, ()


def route(state: str, relationship: str) -> Routing:
    """The orders that fit ``state`` and the flow's ``relationship`` answer.

    When no civil order fits, the result says so and carries the criminal
    route. Raises ``UsageError`` naming the valid values for an unknown state
    or relationship.
    """
    code, answer = _check_state(state), _check_relationship(relationship)
    kind = RELATIONSHIP_TO_KIND[answer]
    if code == OTHER_STATE:
        outside = "outside the 50 states and DC"
        return Routing(code, outside, answer, kind, "outside_us", _EXPLANATIONS["outside_us"])
    facts = bundled_states()[code]
    outcome, orders = _choose(facts, kind)
    alternatives: tuple[Order, ...] = ()
    if kind == "household" and outcome == "order_fits":
        alternatives = tuple(o for o in _civil(facts.orders, "any") if o not in orders)
    for_outsiders = kind == "any" or outcome != "order_fits"
    notes = [facts.law_note]
    if for_outsiders:
        notes += [facts.non_intimate_note, facts.non_intimate_scope]
    criminal_route = None
    if outcome != "order_fits" or (for_outsiders and facts.non_intimate_scope):
        criminal_orders = tuple(order for order in facts.orders if order.kind == "criminal")
        criminal_route = CriminalRoute(CRIMINAL_ROUTE_SUMMARY, CRIMINAL_ROUTE_CONTACTS, criminal_orders)
    return Routing(
        state=code,
        state_name=facts.name,
        relationship=answer,
        kind=kind,
        outcome=outcome,
        explanation=_EXPLANATIONS[outcome].format(state=facts.name, who=_KIND_WORDS[kind]),
        orders=orders,
        alternatives=alternatives,
        notes=tuple(note for note in notes if note),
        criminal_route=criminal_route,
        check_this=facts.check_this,
        verified=facts.verified,
        sources=facts.sources,
        also_available=facts.also_available,
    )


def route_if_given(state: str | None, relationship: str | None) -> Routing | None:
    """``route`` when both are known; None when one is missing, after checking the one given."""
    if state is not None:
        _check_state(state)
    if relationship is not None:
        _check_relationship(relationship)
    if state is None or relationship is None:
        return None
    return route(state, relationship)


def is_stale(verified: dt.date, today: dt.date | None = None) -> bool:
    """True when facts were last checked more than two years ago: time to re-check them."""
    return ((today or dt.date.today()) - verified).days > STALE_AFTER_DAYS
