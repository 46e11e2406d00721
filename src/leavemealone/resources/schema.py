"""The shape the protective-order data must have: every problem found, listed at once.

Checked by the tests and by ``resources.build`` (so the JSON the program reads
is always built from good data), and at run time only when the YAML is read
because the JSON is stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from leavemealone.resources.orders import CONDITIONS, ORDER_TEXT_FIELDS, RELATIONSHIPS, UNKNOWN

SCHEMA_VERSION = 2
RULE_KEYS = {"relationships", *CONDITIONS}
ORDER_KEYS = {"name", "kind", "who_qualifies", "covers", "sources", "notes", "check_this", *ORDER_TEXT_FIELDS}
STATE_KEYS = {
    "name",
    "compared_on",
    "non_intimate_note",
    "non_intimate_scope",
    "law_note",
    "check_this",
    "orders",
    "sources",
    "also_available",
    "address_confidentiality",
    "declaration",
}
SOURCE_KEYS = {"url", "date", "note"}


def order_data_problems(document: Any) -> list[str]:
    """Every problem in a protection-orders document, so one run shows them all."""
    if not isinstance(document, dict) or document.get("schema_version") != SCHEMA_VERSION:
        return [f"schema_version must be {SCHEMA_VERSION}"]
    states = document.get("states")
    if not isinstance(states, dict) or not states:
        return ["'states' must map state codes to their facts"]
    problems = []
    for code, raw in states.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
            problems.append(f"{code!r}: state codes are two capital letters")
        problems += _state_problems(str(code), raw)
    return problems


def _state_problems(code: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{code}: must be a mapping"]
    problems = [f"{code}: unknown key {key!r}" for key in raw.keys() - STATE_KEYS]
    if not _texts([raw.get("name")]):
        problems.append(f"{code}: needs a name")
    if not isinstance(raw.get("compared_on"), dt.date):
        problems.append(f"{code}: needs 'compared_on', the day its facts were compared with their sources")
    for key in ("non_intimate_note", "non_intimate_scope", "law_note"):
        if key in raw and not _texts([raw[key]]):
            problems.append(f"{code}: {key} must be text")
    for key in ("check_this", "also_available"):
        if not isinstance(raw.get(key, []), list) or not _texts(raw.get(key, [])):
            problems.append(f"{code}: {key} must be a list of text")
    for key, text_key in (("address_confidentiality", "name"), ("declaration", "wording")):
        if key in raw:
            problems += _program_problems(f"{code} {key}", raw[key], text_key)
    orders = raw.get("orders")
    if not isinstance(orders, list) or not orders:
        return [*problems, f"{code}: needs at least one order"]
    for index, order in enumerate(orders, start=1):
        problems += _order_problems(f"{code} order {index}", order)
    problems += _sources_problems(code, raw.get("sources"))
    names = [order.get("name") for order in orders if isinstance(order, dict)]
    if len(set(names)) != len(names):
        problems.append(f"{code}: two orders have the same name")
    return problems


def _order_problems(where: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{where}: must be a mapping"]
    problems = [f"{where}: unknown key {key!r}" for key in raw.keys() - ORDER_KEYS]
    if not _texts([raw.get("name")]):
        problems.append(f"{where}: needs a name")
    if not _texts([raw.get("who_qualifies")]):
        problems.append(f"{where}: needs 'who_qualifies', the order's rule in plain words")
    if raw.get("kind", "civil") not in ("civil", "criminal"):
        problems.append(f"{where}: kind must be 'civil' or 'criminal'")
    covers = raw.get("covers")
    if not isinstance(covers, list) or not covers:
        problems.append(f"{where}: 'covers' must list at least one rule")
    else:
        for number, rule in enumerate(covers, start=1):
            problems += _rule_problems(f"{where} rule {number}", rule)
    for field in ORDER_TEXT_FIELDS:
        problems += _text_problems(f"{where}: {field}", raw.get(field))
    problems += _sources_problems(where, raw.get("sources"))
    for key in ("notes", "check_this"):
        remarks = raw.get(key, {})
        if not isinstance(remarks, dict) or not remarks.keys() <= ORDER_KEYS or not _texts(remarks.values()):
            problems.append(f"{where}: {key} must map order fields to text")
    return problems


def _rule_problems(where: str, raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{where}: must be a mapping"]
    problems = [f"{where}: unknown condition {key!r}" for key in raw.keys() - RULE_KEYS]
    relationships = raw.get("relationships")
    if not isinstance(relationships, list) or not relationships:
        problems.append(f"{where}: needs 'relationships', a list of relationship ids")
    else:
        problems += [
            f"{where}: unknown relationship {value!r} (known: {', '.join(RELATIONSHIPS)})"
            for value in relationships
            if value not in RELATIONSHIPS
        ]
    for key, allowed in CONDITIONS.items():
        if key not in raw:
            continue
        values = raw[key] if isinstance(raw[key], list) else [raw[key]]
        if key == "lived_together" and not isinstance(raw[key], bool):
            problems.append(f"{where}: lived_together must be true or false")
        elif not values or any(value not in allowed for value in values):
            problems.append(f"{where}: {key} must be some of {', '.join(map(str, allowed))}")
    return problems


def _program_problems(where: str, raw: Any, text_key: str) -> list[str]:
    """A program needs its name; a declaration its wording or its form; both need sources."""
    keys = (text_key,) if text_key == "name" else (text_key, "form")
    given = [raw.get(key) for key in keys] if isinstance(raw, dict) else []
    if not any(given) or not _texts(value for value in given if value):
        return [f"{where}: needs {' or '.join(repr(key) for key in keys)}, and sources"]
    problems = [f"{where}: unknown key {key!r}" for key in raw.keys() - {text_key, "form", "sources"}]
    return problems + _sources_problems(where, raw.get("sources"))


def _text_problems(where: str, value: Any) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: must be text (write 'unknown' when not confirmed)"]
    if value.lower().startswith(UNKNOWN) and value != UNKNOWN:
        return [f"{where}: {value!r} must be exactly 'unknown'; move the rest to notes"]
    return []


def _sources_problems(where: str, raw: Any) -> list[str]:
    if not isinstance(raw, list) or not raw:
        return [f"{where}: needs at least one source URL"]
    problems = []
    for item in raw:
        url = item.get("url") if isinstance(item, dict) else item
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            problems.append(f"{where}: {item!r} is not a URL")
        elif isinstance(item, dict):
            problems += [f"{where}: source {url}: unknown key {key!r}" for key in item.keys() - SOURCE_KEYS]
            if "date" in item and not isinstance(item["date"], dt.date):
                problems.append(f"{where}: source {url}: date must be YYYY-MM-DD")
    return problems


def _texts(values: Iterable[Any]) -> bool:
    return all(isinstance(value, str) and value.strip() for value in values)
