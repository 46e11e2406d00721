"""The words routing uses: who an order covers, why it fits, what it depends on, why it does not.

One line an order, built from the rule that decided it, so every place that
shows the ranking (``resources``, the court step, the checklist, the court
letter) gives the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from leavemealone.resources.orders import CONDITIONS, Rule

if TYPE_CHECKING:
    from leavemealone.resources.routing import RoutingAnswers


# The people a relationship id stands for, in a sentence ("It covers ...").
PEOPLE = {
    "ex_partner": "ex-partners",
    "partner": "partners",
    "family": "relatives",
    "household": "members of your household",
    "roommate": "roommates",
    "coworker": "coworkers",
    "classmate": "classmates",
    "neighbour": "neighbours",
    "acquaintance": "people you know",
    "stranger": "strangers",
    "online_only": "people you know only online",
    "other": "others outside your family and home",
}


ONE_PERSON = {
    "ex_partner": "an ex-partner",
    "partner": "a partner",
    "family": "a relative",
    "household": "someone in your household",
    "roommate": "a roommate",
    "coworker": "a coworker",
    "classmate": "a classmate",
    "neighbour": "a neighbour",
    "acquaintance": "someone you know",
    "stranger": "a stranger",
    "online_only": "someone you know only online",
    "other": "this person",
}


TIE_WORDS = {
    "married": "you are or were married",
    "lived_together": "you live or lived together",
    "child_together": "you have a child together",
    "dated": "you dated",
}


FAMILY_WORDS = {
    "parent_or_child": "a parent or child",
    "sibling": "a brother or sister",
    "grandparent_or_grandchild": "a grandparent or grandchild",
    "in_law": "an in-law",
    "aunt_uncle_niece_nephew": "an aunt, uncle, niece or nephew",
    "cousin": "a cousin",
    "other_relative": "another relative",
}


FAMILY_PEOPLE = {
    "parent_or_child": "parents and children",
    "sibling": "brothers and sisters",
    "grandparent_or_grandchild": "grandparents and grandchildren",
    "in_law": "in-laws",
    "aunt_uncle_niece_nephew": "aunts, uncles, nieces and nephews",
    "cousin": "cousins",
    "other_relative": "other relatives",
}


CONDUCT_WORDS = {
    "stalking": "stalking",
    "threats": "threats",
    "physical_harm": "hurting you",
    "sexual_violence": "sexual violence",
    "repeated_harassment": "repeated harassment",
    "property_damage": "damaging your things",
}


def outcome_sentence(outcome: str, state: str, relationship: str, count: int) -> str:
    """The sentence that opens a result: how many orders fit, or that it depends, or that none does."""
    who = ONE_PERSON[relationship]
    if outcome == "fits":
        if count == 1:
            return f"In {state}, this order fits what you told us about {who}."
        return f"In {state}, these {count} orders fit what you told us about {who}, the closest first."
    if outcome == "depends":
        return (
            f"In {state}, whether an order covers {who} depends on something you have not told us; "
            "each order below says what."
        )
    return (
        f"None of the civil protective orders we know of in {state} covers {who}, as far as you have "
        "told us. The criminal route below is the way to an order; ask the court clerk too, in case "
        "our sources missed one."
    )


def fits_reason(rule: Rule, answers: RoutingAnswers) -> str:
    """Why an order fits: the people its rule covers, and the answers that made it match."""
    people = PEOPLE[answers.relationship]
    if rule.family_tie is not None and answers.family_tie:
        people = FAMILY_PEOPLE[answers.family_tie]
    details = []
    ties, doing = restricts(rule.partner_tie, "partner_tie"), restricts(rule.conduct, "conduct")
    if ties and ties & answers.partner_tie:
        details.append(_words(TIE_WORDS, ties & answers.partner_tie))
    if rule.lived_together is not None:
        details.append("you live or lived together" if rule.lived_together else "you never lived together")
    if doing and doing & answers.conduct:
        details.append("what they do includes " + _words(CONDUCT_WORDS, doing & answers.conduct))
    return f"It covers {people}" + (f" when {join_words(details, 'and')}." if details else ".")


def restricts(values: frozenset[str] | None, name: str) -> frozenset[str] | None:
    """The condition's values when it narrows anything; None when it allows every value."""
    return None if values is None or values >= set(CONDITIONS[name]) else values


def if_reason(rule: Rule, unknown: Iterable[str]) -> str:
    """What an order that may fit depends on: the conditions the user has not answered."""
    return "It fits if " + join_words((_condition_words(rule, name) for name in unknown), "and") + "."


def why_not_reason(rule: Rule, failed: Iterable[str], answers: RoutingAnswers) -> str:
    """Why an order that covers the relationship still does not fit: the conditions that failed."""
    people = PEOPLE[answers.relationship]
    conditions = join_words((_condition_words(rule, name) for name in failed), "and")
    return f"It covers {people} only if {conditions}."


def _condition_words(rule: Rule, name: str) -> str:
    if name == "partner_tie" and rule.partner_tie is not None:
        return _words(TIE_WORDS, rule.partner_tie)
    if name == "family_tie" and rule.family_tie is not None:
        return "they are " + _words(FAMILY_WORDS, rule.family_tie)
    if name == "lived_together":
        return "you live or lived together" if rule.lived_together else "you never lived together"
    if name == "conduct" and rule.conduct is not None:
        return "what they do includes " + _words(CONDUCT_WORDS, rule.conduct)
    return name.replace("_", " ")


def _words(table: Mapping[str, str], chosen: Iterable[str]) -> str:
    """The words for the chosen values, in the table's order, joined with "or"."""
    picked = set(chosen)
    return join_words(words for value, words in table.items() if value in picked)


def join_words(words: Iterable[str], conjunction: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c`` (each word once)."""
    items = list(dict.fromkeys(words))
    if len(items) < 3:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def not_covered_reason(rules: Iterable[Rule], relationship: str) -> str:
    """Why an order does not concern the relationship at all: whom it does cover."""
    rules = list(rules)
    covered = [name for name in PEOPLE if any(name in rule.relationships for rule in rules)]
    return f"It covers {join_words((PEOPLE[name] for name in covered), 'and')}, not {PEOPLE[relationship]}."
