"""Where-to-turn results as Markdown (terminal, flow, letters) or JSON, from one ``Routing``.

The ``resources`` command, the guided court step and the documents all show
the same ranking, in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from leavemealone.resources.lines import FIELD_LABELS, Line, national_lines
from leavemealone.resources.orders import NOT_LEGAL_ADVICE, ORDER_TEXT_FIELDS, UNKNOWN, Order, Source
from leavemealone.resources.reasons import ONE_PERSON
from leavemealone.resources.routing import Match, Routing

STALE_AFTER_DAYS = 730


def is_stale(compared_on: dt.date, today: dt.date | None = None) -> bool:
    """True when facts were last compared with their sources more than two years ago."""
    return ((today or dt.date.today()) - compared_on).days > STALE_AFTER_DAYS


def _item(label: str, value: str, note: str | None = None) -> str:
    shown = "not confirmed" if value == UNKNOWN else value
    return f"- {label[0].upper()}{label[1:]}: {shown}" + (f" ({note})" if note else "")


def source_text(source: Source) -> str:
    """A source as Markdown: the page, the date it shows, and what it says about itself."""
    dated = f", {source.date.isoformat()}" if source.date else ""
    return f"<{source.url}>{dated}" + (f" ({source.note})" if source.note else "")


def _doubt_items(check_this: Mapping[str, str]) -> list[str]:
    return [
        f"- Check this ({FIELD_LABELS.get(field, field.replace('_', ' '))}): {why}"
        for field, why in check_this.items()
    ]


def lines_markdown(lines: tuple[Line, ...]) -> str:
    """The national lines as Markdown, 911 first."""
    parts = ["## National lines", "If you are in danger right now, call 911."]
    for line in lines:
        items = [_item(FIELD_LABELS[field], value, line.notes.get(field)) for field, value in line.contacts]
        items.append(_item("what it is for", line.purpose))
        if line.uncertain:
            items.append("- Not confirmed to be working now; if it fails, try another line.")
        items += _doubt_items(line.check_this)
        dated = f", {line.source_date}" if line.source_date else ""
        items.append(f"- Source: <{line.sources[0].url}>{dated}")
        summary = f"{line.summary[0].upper()}{line.summary[1:]}."
        parts.append(f"### {line.name}\n\n{summary}\n\n" + "\n".join(items))
    return "\n\n".join(parts) + "\n"


def order_markdown(order: Order, heading: str = "###", reason: str | None = None) -> str:
    """One order: why it fits (or on what it depends), who it covers, court, form, fee, lengths, sources."""
    items = [f"- Why: {reason}"] if reason else []
    items.append(_item("who it covers", order.who_qualifies, order.notes.get("who_qualifies")))
    for field in ORDER_TEXT_FIELDS:
        items.append(_item(FIELD_LABELS.get(field, field), getattr(order, field), order.notes.get(field)))
    items += _doubt_items(order.check_this)
    items += [f"- Source: {source_text(source)}" for source in order.sources]
    return f"{heading} {order.name}\n\n" + "\n".join(items)


def ranking_lines(routing: Routing, *, limit: int | None = None) -> list[str]:
    """The ranking in one line an order: name, then why it fits or what it depends on."""
    shown = [*routing.fits, *routing.may_fit][:limit]
    return [f"{match.order.name}: {match.reason}" for match in shown]


def _close_markdown(close: tuple[Match, ...]) -> str:
    items = "\n".join(f"- {match.order.name}: {match.reason}" for match in close)
    return f"### Orders that look close but do not fit\n\n{items}"


def dates_sentence(routing: Routing) -> str | None:
    """When the facts date from, honestly: the oldest dated source, and the day they were compared."""
    if routing.compared_on is None:
        return None
    oldest = ""
    if routing.oldest_source:
        oldest = f" The oldest dated page among them is from {routing.oldest_source.isoformat()}."
    sentence = (
        f"These facts for {routing.state_name} were compiled from the sources listed.{oldest} Each fact "
        f"was compared with the stored copy of its source on {routing.compared_on.isoformat()}, not with "
        "the live page."
    )
    if is_stale(routing.compared_on):
        sentence += " That is more than two years ago: confirm them with the court."
    return sentence


def orders_markdown(routing: Routing) -> str:
    """The orders part of a result as Markdown: the ranking with reasons, else the criminal route."""
    title = f"## Protective orders: {routing.state_name}, {ONE_PERSON[routing.relationship]}"
    parts = [title, routing.explanation]
    parts += list(routing.notes)
    parts += [order_markdown(match.order, reason=match.reason) for match in routing.fits]
    if routing.may_fit:
        parts.append("### Orders that may fit, depending on your answers")
        parts += [order_markdown(match.order, "####", match.reason) for match in routing.may_fit]
    if routing.close:
        parts.append(_close_markdown(routing.close))
    criminal = routing.criminal_route
    if criminal:
        asks = "\n".join(f"- {who}" for who in criminal.who_to_ask)
        title = "If no civil order fits" if routing.may_fit else "The criminal route"
        parts.append(f"### {title}: protection through a criminal case\n\n{criminal.summary}")
        parts.append(f"Who to ask:\n\n{asks}")
        parts += [order_markdown(order, "####") for order in criminal.orders]
    if routing.address_confidentiality:
        program = routing.address_confidentiality
        sources = "; ".join(source_text(source) for source in program.sources)
        parts.append(
            "### Keeping your address private\n\nA petition, a police report or court papers can show your "
            "address to the other person. Ask the court clerk how to keep it confidential. "
            f"{routing.state_name} also runs an address confidentiality program: {program.text}. "
            f"Source: {sources}"
        )
    if routing.also_available:
        other = "; ".join(routing.also_available)
        parts.append(f"Other orders in {routing.state_name}, not described here: {other}.")
    if routing.check_this:
        parts.append("### Check this\n\n" + "\n".join(f"- {why}" for why in routing.check_this))
    dates = dates_sentence(routing)
    if dates:
        sources = "\n".join(f"- {source_text(source)}" for source in routing.sources)
        parts.append(f"{dates} Sources:\n\n{sources}")
    return "\n\n".join(parts) + "\n"


def resources_markdown(routing: Routing | None = None) -> str:
    """The whole answer: national lines, then the orders when a routing is given."""
    parts = ["# Where to turn", lines_markdown(national_lines()).rstrip()]
    if routing is not None:
        parts.append(orders_markdown(routing).rstrip())
    parts.append(f"> {NOT_LEGAL_ADVICE}")
    return "\n\n".join(parts) + "\n"


def _plain(value: Any) -> Any:
    """Dataclasses, tuples, sets and dates as JSON-ready dicts, lists and strings."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(item) for item in value)
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
            "stale": bool(routing.compared_on and is_stale(routing.compared_on)),
        }
    return result
