"""What a letter template sees: answers, options and other modules' facts, in plain words.

Every key is always present (None, False or empty when unknown), so a
template tests ``{% if routing %}`` and never needs ``is defined``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date as Date
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from leavemealone import safety
from leavemealone.answer_values import chosen
from leavemealone.documents.notice_terms import (
    CONTACT_WORDS,
    NOTICE_CHANNELS,
    TEXT_MESSAGE_LIMIT,
    join_words,
    living_together,
    notice_terms,
    text_message,
)
from leavemealone.documents.record import timeline_facts
from leavemealone.errors import UsageError

__all__ = ["CONTACT_WORDS", "TEXT_MESSAGE_LIMIT", "build_context", "clean", "join_words"]

OPTIONS = ("your_name", "their_name", "reason", "final", "channel", "recipient", "since", "date", "k12",
           "living_together")  # fmt: skip
# What makes a school letter go to the Title IX coordinator: sex-based conduct, dating violence, stalking.
TITLE_IX_CONDUCT = ("stalking", "sexual_violence")
TITLE_IX_SIGNS = ("stalks_you", "sexual_violence")
TITLE_IX_RELATIONSHIPS = ("partner", "ex_partner")

RELATIONSHIP_WORDS = {
    "ex_partner": "my former partner",
    "partner": "my partner",
    "family": "a member of my family",
    "household": "someone I live with, or used to live with",
    "roommate": "my roommate",
    "coworker": "a coworker",
    "classmate": "a classmate",
    "neighbour": "a neighbor",
    "acquaintance": "someone I know",
    "stranger": "someone I do not know",
    "online_only": "someone I know only online",
}
SHARED_HOME = ("partner", "household", "roommate", "family")
# What a court asks about a partner or relative, in the user's voice: (now, in the past).
PARTNER_TIES = {
    "married": ("We are married.", "We were married."),
    "lived_together": ("We live together.", "We lived together."),
    "child_together": ("We have a child together.", "We have a child together."),
    "dated": ("We are in a dating relationship.", "We were in a dating relationship."),
}
FAMILY_TIES = {
    "parent_or_child": "my parent or my child",
    "sibling": "my brother or sister",
    "grandparent_or_grandchild": "my grandparent or grandchild",
    "in_law": "an in-law",
    "aunt_uncle_niece_nephew": "my aunt, uncle, niece or nephew",
    "cousin": "my cousin",
    "other_relative": "another relative",
}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
STATUS_WORDS = {"done": "done", "current": "you are here", "skipped": "skipped", "pending": "to do"}
FALLBACK_EMERGENCY: tuple[dict[str, str | None], ...] = (
    {"name": "Emergency services", "phone": "911 (or your local emergency number)", "text": None},
)


# The facts other parts compute (``extras``), by the template names built from each: a template
# that reads none of a fact's names does not need it computed (routing reads the legal data).
EXTRA_NAMES = {
    "steps": ("steps", "next_items"),
    "routing": ("routing",),
    "incidents": ("incidents",),
    "timeline": ("timeline",),
    "emergency_lines": ("emergency_lines",),
}


def extras_read(names: Iterable[str] | None) -> set[str]:
    """The extras a template that reads ``names`` needs; every one when the names are not known."""
    if names is None:
        return set(EXTRA_NAMES)
    read = set(names)
    return {extra for extra, built in EXTRA_NAMES.items() if read.intersection(built)}


def build_context(
    answers: Mapping[str, Any],
    extras: Mapping[str, Any],
    options: Mapping[str, Any],
    *,
    document: str | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The template context, and warnings about what was left out (for the user to read)."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise UsageError(f"Unknown document option {unknown[0]!r}.", hint="Known: " + ", ".join(OPTIONS))
    warnings: list[str] = []
    channel = str(options.get("channel") or _usual_channel(answers))
    if channel not in NOTICE_CHANNELS:
        raise UsageError(
            f"Unknown channel {channel!r}.", hint="Use one of: " + ", ".join(NOTICE_CHANNELS) + "."
        )
    day = _date(options.get("date"))
    in_danger = answers.get("in_danger") is True
    afraid = in_danger or answers.get("feels_threatened") is True
    high_risk = safety.is_high_risk(answers)
    no_confrontation = safety.no_confrontation(answers)
    at_work = answers.get("at_work") is True
    at_school = answers.get("at_school") is True
    used = [key for key in CONTACT_WORDS if key in chosen(answers, "contact_channels")]
    terms = notice_terms(answers, options)
    relationship = clean(answers.get("relationship"))
    final_asked = bool(options.get("final"))
    if final_asked and no_confrontation:
        warnings.append(
            "The final warning about the police and a court was left out of the notice. With a partner, "
            "a relative or someone you live with, or when there are signs of danger, telling them about "
            "legal steps can make things more dangerous. You can still go to the police or a court "
            "without telling them first."
        )
    context: dict[str, Any] = {
        "document": document,
        "title": title,
        "date": f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
        "date_iso": day.isoformat(),
        # A name typed for this run wins over the saved one (and is not saved here).
        "your_name": clean(options.get("your_name")) or clean(answers.get("your_name")),
        "their_name": clean(options.get("their_name")) or clean(answers.get("their_name")),
        "reason": _sentence(options.get("reason")),
        "recipient": clean(options.get("recipient")),
        "since": clean(options.get("since")),
        "channel": channel,
        "final": final_asked and not no_confrontation,
        "final_withheld": final_asked and no_confrontation,
        "in_danger": in_danger,
        # What the user said they feel (letters say it in their name), and the safety level
        # the advice follows (it also reads the danger signs and the relationship).
        "afraid": afraid,
        "high_risk": high_risk,
        "no_confrontation": no_confrontation,
        "in_person_ok": safety.in_person_ok(answers),
        "online": relationship in safety.NEVER_IN_PERSON,
        "danger_signs": list(safety.danger_signs(answers)),
        "tech_signs": chosen(answers, "tech_signs"),
        "relationship": relationship,
        "relationship_words": RELATIONSHIP_WORDS.get(relationship or "", "someone I know"),
        "relationship_details": _relationship_details(answers),
        "shared_home": relationship in SHARED_HOME,
        "channels": used,
        "forbidden": terms.forbidden,
        "contact_exception": terms.exception,
        "living_together": living_together(answers, options),
        "contact_summary": join_words([CONTACT_WORDS[key][1] for key in used]) or None,
        "at_work": at_work,
        "at_school": at_school,
        "state": clean(answers.get("state")),
        "steps": _steps(extras.get("steps")),
        "emergency_lines": _emergency_lines(extras.get("emergency_lines")),
        "routing": _routing(extras.get("routing")),
        "incidents": _incidents(extras.get("incidents")),
        "timeline": timeline_facts(extras.get("timeline"), clean),
        "k12": bool(options.get("k12")),
        "title_ix": _title_ix(answers),
    }
    context["next_items"] = _next_items(context["steps"] or [])
    context["text_message"] = text_message(context, terms, warnings)
    return context, warnings


def _relationship_details(answers: Mapping[str, Any]) -> str | None:
    """The ties a court asks about, in sentences: married, lived together, a child, dating."""
    relationship = answers.get("relationship")
    if relationship in ("partner", "ex_partner"):
        past = relationship == "ex_partner"
        ties = chosen(answers, "partner_tie")
        return " ".join(PARTNER_TIES[tie][past] for tie in PARTNER_TIES if tie in ties) or None
    if relationship == "family":
        tie = FAMILY_TIES.get(str(answers.get("family_tie")))
        lived = " We live or lived together." if answers.get("lived_together") is True else ""
        return f"They are {tie}.{lived}" if tie else lived.strip() or None
    return None


def _title_ix(answers: Mapping[str, Any]) -> bool:
    """Sex-based conduct, dating violence or stalking: a matter for the school's Title IX coordinator."""
    return (
        answers.get("relationship") in TITLE_IX_RELATIONSHIPS
        or any(item in TITLE_IX_CONDUCT for item in chosen(answers, "conduct"))
        or any(sign in TITLE_IX_SIGNS for sign in safety.danger_signs(answers))
        or "following" in chosen(answers, "contact_channels")
    )


def _usual_channel(answers: Mapping[str, Any]) -> str:
    """A letter, except for someone known only online or not at all: the channel they use."""
    if answers.get("relationship") not in safety.NEVER_IN_PERSON:
        return "letter"
    used = chosen(answers, "contact_channels")
    return "text" if ("text" in used or "social_media" in used) and "email" not in used else "email"


# --- tidying what the store and other modules hand us ----------------------------------


def clean(value: Any) -> str | None:
    """A stripped one-line string, or None when there is nothing to show."""
    if value is None or isinstance(value, bool):
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _sentence(value: Any) -> str | None:
    text = clean(value)
    if text and text[-1] not in ".!?\"'”’)":
        text += "."
    return text


def _date(value: Any) -> Date:
    if value is None:
        return Date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"The date {value!r} is not a date.", hint="Write it as YYYY-MM-DD.") from None


def _steps(value: Any) -> list[SimpleNamespace] | None:
    """Steps as objects, so a template can write ``step.items`` (a dict's ``items`` is a method)."""
    if not value:
        return None
    steps = []
    for step in value:
        status = clean(_get(step, "status"))
        items = [
            SimpleNamespace(text=clean(_get(item, "text")) or "", done=bool(_get(item, "done")))
            for item in _get(step, "items") or []
        ]
        steps.append(
            SimpleNamespace(
                title=clean(_get(step, "title")) or "",
                status=status,
                status_words=STATUS_WORDS.get(status or "", status),
                items=items,
            )
        )
    return steps


def _next_items(steps: list[SimpleNamespace], limit: int = 3) -> list[str]:
    """The first few things not yet done, from steps that are neither done nor skipped."""
    todo = [
        item.text
        for step in steps
        if step.status not in ("done", "skipped")
        for item in step.items
        if not item.done
    ]
    return todo[:limit]


def _get(source: Any, name: str, *others: str) -> Any:
    """A field from a mapping or an object (resources hands over dataclasses)."""
    for key in (name, *others):
        value = source.get(key) if isinstance(source, Mapping) else getattr(source, key, None)
        if value is not None:
            return value
    return None


def _emergency_lines(value: Any) -> list[SimpleNamespace]:
    """Lines with a phone or text number; accepts {name, phone, text} or ``resources.Line``."""
    lines = []
    for line in value or []:
        contacts = dict(_get(line, "contacts") or ())
        phone = _known(_get(line, "phone") or contacts.get("phone"))
        text = _known(_get(line, "text") or contacts.get("text"))
        if text and not text.lower().startswith("text"):
            text = "Text " + text
        name = clean(_get(line, "name"))
        if name and (phone or text):
            lines.append(SimpleNamespace(name=name, phone=phone, text=text))
    return lines or [SimpleNamespace(**line) for line in FALLBACK_EMERGENCY]


def _known(value: Any) -> str | None:
    text = clean(value)
    return None if text is None or text.lower() in ("unknown", "none found", "not_found") else text


def _order(order: Any, reason: Any = None) -> SimpleNamespace:
    sources = _get(order, "sources") or ()
    first_source = _get(sources[0], "url") if sources else None
    return SimpleNamespace(
        name=_known(_get(order, "name")),
        reason=clean(reason),
        court=_known(_get(order, "court")),
        form=_known(_get(order, "form")),
        fee=_known(_get(order, "fee", "filing_fee")),
        temporary=_known(_get(order, "temporary_length", "temporary_order_length")),
        lasts=_known(_get(order, "final_length", "final_order_length")),
        source=_known(_get(order, "source") or first_source),
    )


def _matches(value: Any) -> list[SimpleNamespace]:
    """Ranked matches (``resources.routing.Match``) as orders with their one-line reason."""
    orders = (_order(_get(match, "order"), _get(match, "reason")) for match in value or ())
    return [order for order in orders if order.name]


def _program(value: Any) -> SimpleNamespace | None:
    if not value:
        return None
    sources = _get(value, "sources") or ()
    return SimpleNamespace(
        text=clean(_get(value, "text")),
        form=clean(_get(value, "form")),
        source=clean(_get(sources[0], "url")) if sources else None,
    )


def _routing(value: Any) -> SimpleNamespace | None:
    """Which orders fit, ranked with reasons, from ``resources.routing.Routing`` or a plain mapping."""
    if not value:
        return None
    notes = [_known(note) for note in _get(value, "notes") or ()]
    criminal = _get(value, "criminal_route")
    compared_on, oldest = _get(value, "compared_on"), _get(value, "oldest_source")
    fits, may_fit = _matches(_get(value, "fits")), _matches(_get(value, "may_fit"))
    return SimpleNamespace(
        state=_known(_get(value, "state")),
        state_name=_known(_get(value, "state_name")),
        outcome=clean(_get(value, "outcome")),
        explanation=_known(_get(value, "explanation")),
        fits=fits,
        may_fit=may_fit,
        ranked=fits + may_fit,
        close=_matches(_get(value, "close")),
        civil=bool(fits or may_fit),
        notes=[note for note in notes if note],
        criminal=_known(_get(criminal, "summary")) if criminal else None,
        who_to_ask=[clean(who) for who in _get(criminal, "who_to_ask") or ()] if criminal else [],
        compared_on=compared_on.isoformat() if isinstance(compared_on, Date) else clean(compared_on),
        oldest_source=oldest.isoformat() if isinstance(oldest, Date) else clean(oldest),
        address_confidentiality=_program(_get(value, "address_confidentiality")),
        declaration=_program(_get(value, "declaration")),
    )

def _incidents(value: Any) -> SimpleNamespace | None:
    """What the incident log says: counts, dates, police report numbers, and the notice's delivery."""
    if not value:
        return None
    return SimpleNamespace(
        count=int(_get(value, "count") or 0),
        first=clean(_get(value, "first")),
        last=clean(_get(value, "last")),
        with_evidence=int(_get(value, "with_evidence") or 0),
        after_notice=int(_get(value, "after_notice") or 0),
        police_reports=[clean(number) for number in _get(value, "police_reports") or ()],
        notice_on=clean(_get(value, "notice_on")),
        notice_via=clean(_get(value, "notice_via")),
    )
