"""Where to turn: national lines and each state's protective orders, with their sources.

Facts live in ``data/hotlines.json`` and ``data/protection_orders.yaml``.
``route`` picks the orders that fit a state and a relationship and returns a
plain ``Routing``; ``resources_markdown`` and ``resources_json`` render it, so
the ``resources`` command, the guided flow and the documents say the same thing.
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
_KINDS_COVERED = {
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
ORDER_TEXT_FIELDS = ("court", "form", "fee", "temporary_length", "final_length")
_ORDER_KEYS = {"name", "kind", "relationships", "who_qualifies", "sources", "notes", "check_this"}
_ORDER_KEYS |= set(ORDER_TEXT_FIELDS)
_STATE_KEYS = {
    "name",
    "verified",
    "non_intimate_civil_order",
    "non_intimate_note",
    "non_intimate_scope",
    "law_note",
    "check_this",
    "orders",
    "sources",
    "also_available",
}


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
            f"{order.name} - {_LABELS.get(field, field)}: {why}"
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


def _text_problem(where: str, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{where}: must be text (write 'unknown' when not confirmed)"
    if value.lower().startswith(UNKNOWN) and value != UNKNOWN:
        return f"{where}: {value!r} must be exactly 'unknown'; move the rest to notes"
    return None


def _all_text(values: Any) -> bool:
    return all(isinstance(value, str) and value.strip() for value in values)


def _sources_problems(where: str, raw: Any) -> list[str]:
    if not isinstance(raw, list) or not raw:
        return [f"{where}: needs at least one source URL"]
    problems = []
    for item in raw:
        url = item.get("url") if isinstance(item, dict) else item
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            problems.append(f"{where}: {item!r} is not a URL")
    return problems


def _order_problems(where: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{where}: must be a mapping"]
    problems = [f"{where}: unknown key {key!r}" for key in raw.keys() - _ORDER_KEYS]
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        problems.append(f"{where}: needs a name")
    kinds = raw.get("relationships")
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(RELATIONSHIP_KINDS):
        problems.append(f"{where}: relationships must list some of {', '.join(RELATIONSHIP_KINDS)}")
    if raw.get("kind", "civil") not in ("civil", "criminal"):
        problems.append(f"{where}: kind must be 'civil' or 'criminal'")
    for field in ORDER_TEXT_FIELDS:
        problem = _text_problem(f"{where}: {field}", raw.get(field))
        problems += [problem] if problem else []
    problems += _sources_problems(where, raw.get("sources"))
    for key in ("notes", "check_this"):
        remarks = raw.get(key, {})
        fields_ok = isinstance(remarks, dict) and remarks.keys() <= _ORDER_KEYS
        if not fields_ok or not _all_text(remarks.values()):
            problems.append(f"{where}: {key} must map order fields to text")
    return problems


def _state_problems(code: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{code}: must be a mapping"]
    problems = [f"{code}: unknown key {key!r}" for key in raw.keys() - _STATE_KEYS]
    if not _all_text([raw.get("name")]):
        problems.append(f"{code}: needs a name")
    if not isinstance(raw.get("check_this", []), list) or not _all_text(raw.get("check_this", [])):
        problems.append(f"{code}: check_this must be a list of reasons")
    if not isinstance(raw.get("verified"), dt.date):
        problems.append(f"{code}: needs a 'verified' date (YYYY-MM-DD)")
    coverage = raw.get("non_intimate_civil_order")
    if coverage not in COVERAGE_VALUES:
        problems.append(f"{code}: non_intimate_civil_order must be one of {COVERAGE_VALUES}")
    orders = raw.get("orders")
    if not isinstance(orders, list) or not orders:
        return [*problems, f"{code}: needs at least one order"]
    for index, order in enumerate(orders, start=1):
        problems += _order_problems(f"{code} order {index}", order)
    problems += _sources_problems(code, raw.get("sources"))
    if problems:
        return problems
    civil_for_anyone = any(
        "any" in order["relationships"] and order.get("kind", "civil") == "civil" for order in orders
    )
    if civil_for_anyone != (coverage in ("available", "partial")):
        problems.append(f"{code}: non_intimate_civil_order {coverage!r} disagrees with its orders")
    return problems


def order_data_problems(document: Any) -> list[str]:
    """Every problem in a protection-orders document, so one run shows them all."""
    if not isinstance(document, dict) or document.get("schema_version") != 1:
        return ["schema_version must be 1"]
    states = document.get("states")
    if not isinstance(states, dict) or not states:
        return ["'states' must map state codes to their facts"]
    problems = []
    for code, raw in states.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
            problems.append(f"{code!r}: state codes are two capital letters")
        problems += _state_problems(str(code), raw)
    return problems


def load_states(path: Path = ORDERS_FILE) -> dict[str, StateFacts]:
    """Read and check the order data; a broken file is an error, never half-used."""
    import yaml

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
    from leavemealone.help_now import emergency_lines

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
            hint="For example: --state NY (upper or lower case).",
        )
    return code


def _check_relationship(relationship: str) -> str:
    answer = relationship.strip().lower()
    if answer not in RELATIONSHIP_TO_KIND:
        raise UsageError(
            f"Unknown relationship {relationship!r}. Use one of: " + ", ".join(RELATIONSHIP_TO_KIND),
            hint="For example: --relationship ex_partner",
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


# Rendering: one result, shown as Markdown (terminal, letters, checklist) or JSON.

_LABELS = {
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


def _item(label: str, value: str, note: str | None = None) -> str:
    shown = "not confirmed" if value == UNKNOWN else value
    return f"- {label[0].upper()}{label[1:]}: {shown}" + (f" ({note})" if note else "")


def _source_text(source: Source) -> str:
    return f"<{source.url}>" + (f" ({source.note})" if source.note else "")


def _doubt_items(check_this: Mapping[str, str]) -> list[str]:
    return [f"- Check this ({_LABELS.get(field, field)}): {why}" for field, why in check_this.items()]


def lines_markdown(lines: tuple[Line, ...]) -> str:
    """The national lines as Markdown, 911 first."""
    parts = ["## National lines", "If you are in danger right now, call 911."]
    for line in lines:
        items = [_item(_LABELS[field], value, line.notes.get(field)) for field, value in line.contacts]
        items.append(_item("what it is for", line.purpose))
        if line.uncertain:
            items.append("- Not confirmed to be working now; if it fails, try another line.")
        items += _doubt_items(line.check_this)
        dated = f", {line.source_date}" if line.source_date else ""
        items.append(f"- Source: <{line.sources[0].url}>{dated}")
        summary = f"{line.summary[0].upper()}{line.summary[1:]}."
        parts.append(f"### {line.name}\n\n{summary}\n\n" + "\n".join(items))
    return "\n\n".join(parts) + "\n"


def _order_markdown(order: Order, heading: str = "###") -> str:
    who = order.who_qualifies or "; ".join(_KINDS_COVERED[kind] for kind in order.relationships)
    items = [_item("who it covers", who)]
    for field in ORDER_TEXT_FIELDS:
        items.append(_item(_LABELS[field], getattr(order, field), order.notes.get(field)))
    items += _doubt_items(order.check_this)
    items += [f"- Source: {_source_text(source)}" for source in order.sources]
    return f"{heading} {order.name}\n\n" + "\n".join(items)


def orders_markdown(routing: Routing) -> str:
    """The orders part of a result as Markdown: what fits, else the criminal route."""
    relationship = routing.relationship.replace("_", " ")
    parts = [f"## Protective orders: {routing.state_name}, {relationship}", routing.explanation]
    parts += list(routing.notes)
    parts += [_order_markdown(order) for order in routing.orders]
    if routing.alternatives:
        parts.append(
            "### If you do not count as a household member\n\nSome states leave out people who only "
            "share a home, such as roommates. These orders are open to anyone:"
        )
        parts += [_order_markdown(order, "####") for order in routing.alternatives]
    criminal = routing.criminal_route
    if criminal:
        asks = "\n".join(f"- {who}" for who in criminal.who_to_ask)
        parts.append(f"### If no civil order fits: the criminal route\n\n{criminal.summary}")
        parts.append(f"Who to ask:\n\n{asks}")
        parts += [_order_markdown(order, "####") for order in criminal.orders]
    if routing.also_available:
        other = "; ".join(routing.also_available)
        parts.append(f"Other orders in {routing.state_name}, not described here: {other}.")
    if routing.check_this:
        parts.append("### Check this\n\n" + "\n".join(f"- {why}" for why in routing.check_this))
    if routing.verified:
        checked = f"Facts for {routing.state_name} last checked on {routing.verified.isoformat()}."
        if is_stale(routing.verified):
            checked += " That is more than two years ago: confirm them with the court."
        sources = "\n".join(f"- {_source_text(source)}" for source in routing.sources)
        parts.append(f"{checked} Sources:\n\n{sources}")
    return "\n\n".join(parts) + "\n"


def resources_markdown(routing: Routing | None = None) -> str:
    """The whole answer: national lines, then the orders when a routing is given."""
    parts = ["# Where to turn", lines_markdown(national_lines()).rstrip()]
    if routing is not None:
        parts.append(orders_markdown(routing).rstrip())
    parts.append(f"> {NOT_LEGAL_ADVICE}")
    return "\n\n".join(parts) + "\n"


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and dates as JSON-ready dicts, lists and strings."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def resources_json(routing: Routing | None = None) -> dict[str, Any]:
    """The same answer as ``resources_markdown``, as plain JSON-ready data."""
    lines = [{**_plain(line), "contacts": dict(line.contacts)} for line in national_lines()]
    result: dict[str, Any] = {"lines": lines, "routing": None, "not_legal_advice": NOT_LEGAL_ADVICE}
    if routing is not None:
        result["routing"] = {
            **_plain(routing),
            "all_doubts": list(routing.all_doubts()),
            "stale": bool(routing.verified and is_stale(routing.verified)),
        }
    return result
