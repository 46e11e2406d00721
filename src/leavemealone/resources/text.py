"""Where-to-turn results as Markdown (terminal, flow, letters) or JSON, from one ``Routing``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from leavemealone.resources.orders import (
    FIELD_LABELS,
    KINDS_COVERED,
    NOT_LEGAL_ADVICE,
    ORDER_TEXT_FIELDS,
    UNKNOWN,
    Line,
    Order,
    Routing,
    Source,
    is_stale,
    national_lines,
)


def _item(label: str, value: str, note: str | None = None) -> str:
    shown = "not confirmed" if value == UNKNOWN else value
    return f"- {label[0].upper()}{label[1:]}: {shown}" + (f" ({note})" if note else "")


def _source_text(source: Source) -> str:
    return f"<{source.url}>" + (f" ({source.note})" if source.note else "")


def _doubt_items(check_this: Mapping[str, str]) -> list[str]:
    return [f"- Check this ({FIELD_LABELS.get(field, field)}): {why}" for field, why in check_this.items()]


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


def _order_markdown(order: Order, heading: str = "###") -> str:
    who = order.who_qualifies or "; ".join(KINDS_COVERED[kind] for kind in order.relationships)
    items = [_item("who it covers", who)]
    for field in ORDER_TEXT_FIELDS:
        items.append(_item(FIELD_LABELS[field], getattr(order, field), order.notes.get(field)))
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
