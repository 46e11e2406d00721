"""Which protective orders fit: every order of the state, matched rule by rule to what the user said.

Each order's ``covers`` rules name relationships and, where the law needs
them, conditions (partner_tie, family_tie, lived_together, conduct). An
answer the user has not given is unknown, never guessed: an order whose
only matching rule waits on it "may fit", and says on what. The result
ranks the orders that fit in the state's own order (the one made for the
relationship first), each with one line of why, then those that may fit,
then those that look close but do not, with why not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from leavemealone.answer_values import chosen
from leavemealone.resources.orders import (
    NOT_LEGAL_ADVICE,
    OTHER_STATE,
    Order,
    Program,
    Rule,
    Source,
    bundled_states,
    check_relationship,
    check_state,
)
from leavemealone.resources.reasons import (
    fits_reason,
    if_reason,
    not_covered_reason,
    outcome_sentence,
    restricts,
    why_not_reason,
)

FITS, MAY_FIT, DOES_NOT_FIT = "fits", "may_fit", "does_not_fit"
# Danger signs that say for certain what the person does.
CONDUCT_FROM_SIGNS = {
    "strangled": "physical_harm",
    "hurt_you": "physical_harm",
    "threatened_to_kill": "threats",
    "stalks_you": "stalking",
    "sexual_violence": "sexual_violence",
}
SHARED_HOME = ("household", "roommate")
CLOSE_TIES = ("partner", "ex_partner", "family", "household")
ROUTING_QUESTIONS = ("partner_tie", "family_tie", "lived_together", "conduct")

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
    "The court clerk: ask whether any civil order covers your situation; our sources may have missed one.",
)


@dataclass(frozen=True)
class RoutingAnswers:
    """What routing reads from the answers; None (or empty) means the user has not said."""

    relationship: str
    partner_tie: frozenset[str] = frozenset()
    family_tie: str | None = None
    lived_together: bool | None = None
    conduct: frozenset[str] = frozenset()

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any], relationship: str) -> RoutingAnswers:
        """The routing answers, with what earlier answers make certain.

        Roommates and household members live or lived with the user; a
        partner who ticked "lived together" did too; a danger sign such as
        "stalks you" is that conduct.
        """
        ties = frozenset(chosen(answers, "partner_tie"))
        lived = answers.get("lived_together")
        partners = relationship in ("partner", "ex_partner")
        if relationship in SHARED_HOME or (partners and "lived_together" in ties):
            lived = True
        signs = chosen(answers, "danger_signs")
        conduct = set(chosen(answers, "conduct"))
        conduct |= {CONDUCT_FROM_SIGNS[sign] for sign in signs if sign in CONDUCT_FROM_SIGNS}
        family_tie = answers.get("family_tie")
        return cls(
            relationship=relationship,
            partner_tie=ties if partners else frozenset(),
            family_tie=str(family_tie) if family_tie and relationship == "family" else None,
            lived_together=lived if isinstance(lived, bool) else None,
            conduct=frozenset(conduct),
        )


@dataclass(frozen=True)
class Match:
    """An order and what it means for this user: ``fits``, ``may_fit`` or ``does_not_fit``, and why."""

    order: Order
    verdict: str
    reason: str
    waits_on: tuple[str, ...] = ()  # for may_fit: the answers it depends on


@dataclass(frozen=True)
class CriminalRoute:
    """How protection comes through a criminal case, and who to ask about it."""

    summary: str
    who_to_ask: tuple[str, ...]
    orders: tuple[Order, ...]


@dataclass(frozen=True)
class Routing:
    """Which orders fit one state and relationship, ranked, with reasons; and what to do when none does."""

    state: str
    state_name: str
    relationship: str
    outcome: str  # fits | depends | no_civil_order | outside_us
    explanation: str
    fits: tuple[Match, ...] = ()
    may_fit: tuple[Match, ...] = ()
    close: tuple[Match, ...] = ()
    notes: tuple[str, ...] = ()
    criminal_route: CriminalRoute | None = None
    check_this: tuple[str, ...] = ()
    compared_on: dt.date | None = None
    oldest_source: dt.date | None = None
    sources: tuple[Source, ...] = ()
    also_available: tuple[str, ...] = ()
    address_confidentiality: Program | None = None
    declaration: Program | None = None
    asks: tuple[str, ...] = field(default=())
    not_legal_advice: str = NOT_LEGAL_ADVICE

    @property
    def orders(self) -> tuple[Order, ...]:
        """The civil orders that fit, best first."""
        return tuple(match.order for match in self.fits)

    def all_doubts(self) -> tuple[str, ...]:
        """Every "check this" behind the result: the state's, then each shown order's."""
        shown = [match.order for match in (*self.fits, *self.may_fit)]
        shown += list(self.criminal_route.orders) if self.criminal_route else []
        per_order = (
            f"{order.name} - {field.replace('_', ' ')}: {why}"
            for order in shown
            for field, why in order.check_this.items()
        )
        return (*self.check_this, *dict.fromkeys(per_order))


# --- matching -----------------------------------------------------------------------------------


def rule_verdict(rule: Rule, answers: RoutingAnswers) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """``(verdict, unknown conditions, failed conditions)`` of one rule for these answers."""
    if answers.relationship not in rule.relationships:
        return DOES_NOT_FIT, (), ("relationship",)
    unknown: list[str] = []
    failed: list[str] = []
    checks = (
        ("partner_tie", rule.partner_tie, answers.partner_tie or None, lambda want, got: bool(want & got)),
        ("family_tie", rule.family_tie, answers.family_tie, lambda want, got: got in want),
        ("lived_together", rule.lived_together, answers.lived_together, lambda want, got: want == got),
        ("conduct", rule.conduct, answers.conduct or None, lambda want, got: bool(want & got)),
    )
    for name, wanted, given, holds in checks:
        if wanted is None or (isinstance(wanted, frozenset) and restricts(wanted, name) is None):
            continue  # no condition, or every value allowed: nothing to ask
        if given is None:
            unknown.append(name)
        elif not holds(wanted, given):
            failed.append(name)
    if failed:
        return DOES_NOT_FIT, tuple(unknown), tuple(failed)
    return (MAY_FIT if unknown else FITS), tuple(unknown), ()


def match_order(order: Order, answers: RoutingAnswers) -> Match:
    """How ``order`` stands for these answers, and one line saying why."""
    judged = [(rule, *rule_verdict(rule, answers)) for rule in order.covers]
    for verdict in (FITS, MAY_FIT):
        for rule, found, unknown, _ in judged:
            if found == verdict:
                words = fits_reason(rule, answers) if verdict == FITS else if_reason(rule, unknown)
                return Match(order, verdict, words, unknown)
    concerned = [(rule, failed) for rule, _, _, failed in judged if failed != ("relationship",)]
    if concerned:
        rule, failed = concerned[0]
        return Match(order, DOES_NOT_FIT, why_not_reason(rule, failed, answers))
    return Match(order, DOES_NOT_FIT, not_covered_reason(order.covers, answers.relationship))


def route(state: str, relationship: str, answers: Mapping[str, Any] | None = None) -> Routing:
    """The orders of ``state`` for ``relationship`` and the other answers given so far, ranked.

    Raises ``UsageError`` naming the valid values for an unknown state or relationship.
    """
    code, kind = check_state(state), check_relationship(relationship)
    if code == OTHER_STATE:
        explanation = (
            "We hold protective-order facts only for the 50 US states and DC. Ask the local police, "
            "a victim support service or a lawyer which order fits where you live."
        )
        return Routing(code, "outside the 50 states and DC", kind, "outside_us", explanation)
    facts = bundled_states()[code]
    given = RoutingAnswers.from_answers(answers or {}, kind)
    matches = [match_order(order, given) for order in facts.orders]
    civil = [match for match in matches if match.order.kind == "civil"]
    fits = tuple(match for match in civil if match.verdict == FITS)
    may_fit = tuple(match for match in civil if match.verdict == MAY_FIT)
    close = tuple(match for match in civil if match.verdict == DOES_NOT_FIT)
    outcome = "fits" if fits else "depends" if may_fit else "no_civil_order"
    criminal_route = None
    if outcome != "fits":
        criminal = tuple(
            match.order
            for match in matches
            if match.order.kind == "criminal" and match.verdict != DOES_NOT_FIT
        )
        criminal_route = CriminalRoute(CRIMINAL_ROUTE_SUMMARY, CRIMINAL_ROUTE_CONTACTS, criminal)
    notes = [facts.law_note]
    if kind not in CLOSE_TIES or outcome != "fits":
        notes += [facts.non_intimate_note, facts.non_intimate_scope]
    return Routing(
        state=code,
        state_name=facts.name,
        relationship=kind,
        outcome=outcome,
        explanation=outcome_sentence(outcome, facts.name, kind, len(fits)),
        fits=fits,
        may_fit=may_fit,
        close=close,
        notes=tuple(note for note in notes if note),
        criminal_route=criminal_route,
        check_this=facts.check_this,
        compared_on=facts.compared_on,
        oldest_source=facts.oldest_source_date(),
        sources=facts.sources,
        also_available=facts.also_available,
        address_confidentiality=facts.address_confidentiality,
        declaration=facts.declaration,
        asks=tuple(name for name in ROUTING_QUESTIONS if any(name in match.waits_on for match in may_fit)),
    )


def route_if_given(
    state: str | None, relationship: str | None, answers: Mapping[str, Any] | None = None
) -> Routing | None:
    """``route`` when both are known; None when one is missing, after checking the one given."""
    if state is not None:
        check_state(state)
    if relationship is not None:
        check_relationship(relationship)
    if state is None or relationship is None:
        return None
    return route(state, relationship, answers)


def routing_asks(answers: Mapping[str, Any]) -> list[str]:
    """The routing questions whose answer would change which orders fit, for the saved answers.

    Empty when the state or relationship is not known yet (or unknown to the data).
    """
    state, relationship = answers.get("state"), answers.get("relationship")
    if not state or not relationship:
        return []
    try:
        return list(route(str(state), str(relationship), answers).asks)
    except Exception:  # noqa: BLE001 - an answer the data does not know asks nothing more
        return []

