"""The shape the protective-order data must have: every problem found, listed at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from leavemealone.resources.orders import COVERAGE_VALUES, ORDER_TEXT_FIELDS, RELATIONSHIP_KINDS, UNKNOWN

ORDER_KEYS = {"name", "kind", "relationships", "who_qualifies", "sources", "notes", "check_this"}
ORDER_KEYS |= set(ORDER_TEXT_FIELDS)
STATE_KEYS = {
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
    problems = [f"{where}: unknown key {key!r}" for key in raw.keys() - ORDER_KEYS]
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
        fields_ok = isinstance(remarks, dict) and remarks.keys() <= ORDER_KEYS
        if not fields_ok or not _all_text(remarks.values()):
            problems.append(f"{where}: {key} must map order fields to text")
    return problems


def _state_problems(code: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{code}: must be a mapping"]
    problems = [f"{code}: unknown key {key!r}" for key in raw.keys() - STATE_KEYS]
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
