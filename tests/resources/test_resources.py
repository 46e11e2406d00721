"""The shipped order data, its schema and age, routing by exact coverage, and the resources command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from leavemealone.cli.resources import resources
from leavemealone.errors import UsageError
from leavemealone.resources import orders
from leavemealone.resources.build import cache_text
from leavemealone.resources.lines import national_lines
from leavemealone.resources.orders import (
    CONDITIONS,
    NOT_LEGAL_ADVICE,
    ORDER_TEXT_FIELDS,
    ORDERS_CACHE,
    ORDERS_FILE,
    RELATIONSHIPS,
    bundled_states,
)
from leavemealone.resources.reasons import outcome_sentence
from leavemealone.resources.routing import FITS, MAY_FIT, route, routing_asks
from leavemealone.resources.schema import order_data_problems
from leavemealone.resources.text import is_stale, orders_markdown, resources_json, resources_markdown
from tests.conftest import ROOT

STATE_CODES = set(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH "
    "NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "protective_order_table.yaml").read_text(encoding="utf-8"))
COMPARED = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ORDERS_FILE.read_text(encoding="utf-8"))
    return loaded


def all_orders(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(code, order) for code, state in document["states"].items() for order in state["orders"]]


def first_order(state: str, relationship: str, answers: dict[str, Any]) -> str:
    routing = route(state, relationship, answers)
    return routing.fits[0].order.name if routing.fits else "no civil order"


# --- the data ---------------------------------------------------------------------------------


def test_the_data_covers_every_state_and_dc(document: dict[str, Any]) -> None:
    assert set(document["states"]) == STATE_CODES


def test_the_whole_file_passes_the_schema(document: dict[str, Any]) -> None:
    assert order_data_problems(document) == []


def test_every_order_says_exactly_who_it_covers_with_known_ids_and_a_source(document: dict[str, Any]) -> None:
    for code, order in all_orders(document):
        where = f"{code} {order['name']}"
        assert order["covers"] and order["sources"] and order["who_qualifies"], where
        for rule in order["covers"]:
            assert set(rule["relationships"]) <= set(RELATIONSHIPS), where
            assert set(rule) <= {"relationships", *CONDITIONS}, where
            for key in CONDITIONS:
                values = rule.get(key, [])
                values = values if isinstance(values, list) else [values]
                assert set(values) <= set(CONDITIONS[key]), where
            assert not {"any", "intimate_partner"} & set(rule["relationships"]), where


def test_every_fact_of_a_state_has_a_source(document: dict[str, Any]) -> None:
    for code, state in document["states"].items():
        assert state["sources"], code
        for key in ("address_confidentiality", "declaration"):
            if key in state:
                assert state[key]["sources"], f"{code} {key}"


def test_every_state_was_compared_with_its_sources_and_says_when(document: dict[str, Any]) -> None:
    for code, state in document["states"].items():
        assert state["compared_on"] == COMPARED, code
        assert "verified" not in state, code


def test_unknown_stays_the_single_word_unknown(document: dict[str, Any]) -> None:
    for code, order in all_orders(document):
        for field in ORDER_TEXT_FIELDS:
            value = order[field]
            assert isinstance(value, str) and value.strip(), f"{code} {order['name']} {field}"
            if value.lower().startswith("unknown") or value.lower() in {"n/a", "tbd", "?", "not known"}:
                assert value == "unknown", f"{code} {order['name']} {field}: {value!r}"


@pytest.mark.parametrize(
    ("code", "name_part", "field"),
    [
        ("NY", "Criminal Court", "final_length"),  # criminal-court order: lengths never confirmed
        ("KY", "Interpersonal", "fee"),
        ("NC", "Domestic Violence", "fee"),
        ("OH", "Dating Violence", "form"),
        ("WA", "Domestic Violence", "final_length"),  # not confirmed under RCW 7.105
        ("RI", "Superior Court", "fee"),
    ],
)
def test_gaps_in_the_sources_were_not_filled(code: str, name_part: str, field: str) -> None:
    (order,) = [order for order in bundled_states()[code].orders if name_part in order.name]
    assert getattr(order, field) == "unknown"


@pytest.mark.parametrize(
    ("code", "name_part"),
    [
        ("GA", "Dating Violence Protective Order"),  # O.C.G.A. 19-13A, missing before
        ("DE", "Sexual Violence Protective Order"),  # 10 Del. C. ch. 72, missing before
    ],
)
def test_orders_missing_before_are_there_now(code: str, name_part: str) -> None:
    assert any(name_part in order.name for order in bundled_states()[code].orders)


@pytest.mark.parametrize(("code", "field"), [("AR", "final_length"), ("AL", "final_length")])
def test_lengths_that_are_published_are_filled_in(code: str, field: str) -> None:
    assert getattr(bundled_states()[code].orders[0], field) != "unknown"


def test_the_validator_reports_every_problem_at_once(document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(document, default=str))  # dates become strings
    broken["states"]["NY"]["orders"][0]["sources"] = []
    broken["states"]["NY"]["orders"][0]["court"] = "Unknown, probably Family Court"
    broken["states"]["TX"]["orders"][0]["covers"][0]["relationships"] = ["cousin"]
    broken["states"]["TX"]["orders"][0]["covers"][0]["conduct"] = ["yelling"]
    problems = order_data_problems(broken)
    assert any(problem.startswith("AK: needs 'compared_on'") for problem in problems)
    assert "NY order 1: needs at least one source URL" in problems
    assert any("NY order 1: court" in problem and "exactly 'unknown'" in problem for problem in problems)
    assert any(problem.startswith("TX order 1 rule 1: unknown relationship 'cousin'") for problem in problems)
    assert any(problem.startswith("TX order 1 rule 1: conduct must be some of") for problem in problems)


def test_the_json_the_program_reads_is_built_from_the_yaml() -> None:
    assert ORDERS_CACHE.read_text(encoding="utf-8") == cache_text(), "run: python tools/build_legal_data.py"


def test_an_out_of_date_json_is_ignored_and_the_yaml_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "stale.json"
    cached = json.loads(ORDERS_CACHE.read_text(encoding="utf-8"))
    cached["document"]["states"]["CA"]["name"] = "Not California"
    cached["source_sha256"] = "0" * 64
    stale.write_text(json.dumps(cached), encoding="utf-8")
    monkeypatch.setattr(orders, "ORDERS_CACHE", stale)
    orders.bundled_states.cache_clear()
    try:
        assert bundled_states()["CA"].name == "California"
    finally:
        orders.bundled_states.cache_clear()


def test_no_state_was_compared_more_than_two_years_ago() -> None:
    today = dt.date.today()
    for code, facts in bundled_states().items():
        assert not is_stale(facts.compared_on, today), f"{code}: re-check it (docs/updating-legal-data.md)"


def test_is_stale_draws_the_line_at_two_years() -> None:
    assert not is_stale(COMPARED, today=dt.date(2028, 11, 30))
    assert is_stale(COMPARED, today=dt.date(2028, 12, 2))


# --- routing: the table -----------------------------------------------------------------------


def test_the_table_covers_every_state_and_every_relationship() -> None:
    assert set(TABLE) == STATE_CODES
    for code, relationships in TABLE.items():
        assert set(relationships) == set(RELATIONSHIPS), code


@pytest.mark.parametrize("code", sorted(STATE_CODES))
def test_routing_agrees_with_the_table_built_from_the_order_texts(code: str) -> None:
    wrong = []
    for relationship, cases in TABLE[code].items():
        for case in cases:
            answers = case.get("answers") or {}
            got = first_order(code, relationship, answers)
            if got != case["first"]:
                wrong.append(f"{relationship} {answers}: expected {case['first']!r}, got {got!r}")
    assert wrong == []


def test_every_answer_in_the_table_is_a_known_value() -> None:
    for relationships in TABLE.values():
        for cases in relationships.values():
            for case in cases:
                for key, value in (case.get("answers") or {}).items():
                    values = value if isinstance(value, list) else [value]
                    assert set(values) <= set(CONDITIONS[key]), case


# --- routing: what the user is told -----------------------------------------------------------


def test_a_california_roommate_is_sent_first_to_the_civil_harassment_order_and_told_why() -> None:
    routing = route("CA", "roommate", {"conduct": ["threats"]})
    assert routing.fits[0].order.name == "Civil Harassment Restraining Order (CHRO)"
    assert routing.fits[0].reason == "It covers roommates when what they do includes threats."
    (dvro,) = routing.close
    assert dvro.order.name.startswith("Domestic Violence Restraining Order")
    assert dvro.reason.endswith("not roommates.")


def test_a_missing_answer_is_never_guessed_the_order_says_what_it_depends_on() -> None:
    routing = route("CA", "roommate")
    assert routing.fits == () and routing.outcome == "depends"
    (chro,) = routing.may_fit
    assert chro.verdict == MAY_FIT and chro.reason.startswith("It fits if what they do includes stalking")
    assert routing.asks == ("conduct",)


def test_a_dating_partner_in_georgia_who_never_lived_together_gets_the_dating_violence_order() -> None:
    routing = route("GA", "ex_partner", {"partner_tie": ["dated"], "conduct": ["threats"]})
    assert routing.fits[0].order.name.startswith("Dating Violence Protective Order")
    family = [match for match in routing.close if match.order.name.startswith("Family Violence")]
    assert family and "only if" in family[0].reason


def test_a_cousin_in_california_is_not_sent_to_the_family_court_order() -> None:
    answers = {"family_tie": "cousin", "lived_together": False, "conduct": ["repeated_harassment"]}
    assert first_order("CA", "family", answers) == "Civil Harassment Restraining Order (CHRO)"


def test_danger_signs_say_what_the_person_does() -> None:
    assert route("CA", "roommate", {"danger_signs": ["stalks_you"]}).fits[0].verdict == FITS


def test_routing_asks_only_what_would_change_the_answer() -> None:
    assert routing_asks({"state": "CA", "relationship": "roommate"}) == ["conduct"]
    assert routing_asks({"state": "CA", "relationship": "roommate", "conduct": ["threats"]}) == []
    assert "partner_tie" in routing_asks({"state": "GA", "relationship": "ex_partner"})
    assert routing_asks({"state": "NY", "relationship": "coworker"}) == []
    assert routing_asks({"state": "other", "relationship": "coworker"}) == []
    assert routing_asks({"relationship": "coworker"}) == []


def test_new_york_sends_non_intimates_to_the_criminal_route() -> None:
    routing = route("NY", "roommate")
    assert routing.outcome == "no_civil_order" and routing.fits == ()
    assert routing.criminal_route is not None
    assert [order.name for order in routing.criminal_route.orders] == ["Order of Protection (Criminal Court)"]
    text = orders_markdown(routing)
    assert "The police" in text and "prosecutor" in text and "victim advocate" in text


def test_every_state_and_relationship_gets_a_reason_for_every_order_shown() -> None:
    for code in STATE_CODES:
        for relationship in RELATIONSHIPS:
            routing = route(code, relationship)
            assert routing.sources and routing.compared_on == COMPARED, code
            for match in (*routing.fits, *routing.may_fit, *routing.close):
                assert match.reason.startswith("It ") and match.reason.endswith("."), (code, relationship)
                assert " when ." not in match.reason and "  " not in match.reason, (code, relationship)
            if routing.outcome != "fits":
                assert routing.criminal_route is not None, (code, relationship)
            assert all(match.order.kind == "civil" for match in routing.fits)


def test_partners_are_not_sent_to_the_criminal_route_when_an_order_fits() -> None:
    assert route("NY", "partner", {"partner_tie": ["dated"]}).criminal_route is None


@pytest.mark.parametrize("state", ["NY", "ny", "Ny", " dc ", "other", "OTHER"])
def test_state_codes_ignore_case(state: str) -> None:
    assert route(state, "stranger").state == state.strip().upper()


def test_other_state_is_answered_honestly() -> None:
    routing = route("other", "ex_partner")
    assert routing.outcome == "outside_us" and routing.orders == ()
    assert "only for the 50 US states and DC" in routing.explanation


def test_unknown_state_lists_the_valid_values() -> None:
    with pytest.raises(UsageError) as caught:
        route("XX", "stranger")
    assert "'XX'" in caught.value.message
    assert "NY" in caught.value.message and "DC" in caught.value.message and "other" in caught.value.message


def test_unknown_relationship_lists_the_valid_values() -> None:
    with pytest.raises(UsageError) as caught:
        route("NY", "boss")
    assert all(value in caught.value.message for value in RELATIONSHIPS)


# --- rendering --------------------------------------------------------------------------------


def test_markdown_gives_lines_then_the_ranking_with_reasons_sources_and_honest_dates() -> None:
    text = resources_markdown(route("GA", "ex_partner", {"partner_tie": ["dated"], "conduct": ["threats"]}))
    assert (
        text.index("911") < text.index("National Domestic Violence Hotline") < text.index("Protective orders")
    )
    assert "Dating Violence Protective Order" in text and "Superior Court" in text
    assert "- Why: It covers ex-partners when you dated and what they do includes threats." in text
    assert "compiled from the sources listed" in text and "oldest dated page among them is from" in text
    assert "compared with the stored copy of its source on 2026-12-01" in text
    assert "last checked" not in text
    assert NOT_LEGAL_ADVICE in text


def test_markdown_names_the_address_confidentiality_program_only_with_a_source() -> None:
    text = orders_markdown(route("CA", "roommate"))
    assert "Safe at Home" in text and "Keeping your address private" in text
    without = [code for code, facts in bundled_states().items() if facts.address_confidentiality is None]
    assert without
    assert "runs an address confidentiality program" not in orders_markdown(route(without[0], "partner"))


def test_markdown_shows_check_this_and_unknowns_plainly() -> None:
    text = orders_markdown(route("CA", "roommate"))
    assert "- Check this (final order):" in text
    assert "not confirmed" in orders_markdown(route("NC", "partner", {"partner_tie": ["married"]}))


def test_national_lines_keep_their_sources() -> None:
    for line in national_lines():
        assert line.sources and line.sources[0].url.startswith(("http://", "https://")), line.id


def test_json_is_plain_data() -> None:
    result = resources_json(route("NY", "coworker"))
    assert json.loads(json.dumps(result)) == result
    assert result["routing"]["outcome"] == "no_civil_order"
    assert result["routing"]["compared_on"] == "2026-12-01"
    assert result["not_legal_advice"] == NOT_LEGAL_ADVICE


# --- the command ------------------------------------------------------------------------------


def command_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """Test root, so `resources` stays a named sub-command."""

    app.command()(resources)
    return app


def test_json_round_trip_through_the_command() -> None:
    args = ["resources", "--state", "ny", "--relationship", "coworker", "--json"]
    result = CliRunner().invoke(command_app(), args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == resources_json(route("NY", "coworker"))


def test_the_command_takes_the_answers_routing_needs() -> None:
    args = ["resources", "--state", "CA", "--relationship", "family", "--family-tie", "cousin"]
    args += ["--never-lived-together", "--conduct", "threats"]
    result = CliRunner().invoke(command_app(), args)
    assert result.exit_code == 0, result.output
    answers = {"family_tie": "cousin", "lived_together": False, "conduct": ["threats"]}
    assert result.output == resources_markdown(route("CA", "family", answers))
    ranking = result.output.split("## Protective orders")[1]
    assert ranking.split("###")[1].startswith(" Civil Harassment Restraining Order")


def test_a_wrong_routing_value_names_the_option() -> None:
    result = CliRunner().invoke(command_app(), ["resources", "--state", "CA", "--relationship", "family",
                                                "--conduct", "yelling"])  # fmt: skip
    assert isinstance(result.exception, UsageError)
    assert "--conduct 'yelling'" in result.exception.message


def test_command_without_a_state_shows_the_lines_and_how_to_ask() -> None:
    result = CliRunner().invoke(command_app(), ["resources"])
    assert result.exit_code == 0
    assert "National Domestic Violence Hotline" in result.output
    assert "--state" in result.output and "--relationship" in result.output
    as_json = json.loads(CliRunner().invoke(command_app(), ["resources", "--json"]).output)
    assert as_json["routing"] is None and len(as_json["lines"]) == len(national_lines())


def test_command_checks_a_lone_option_too() -> None:
    result = CliRunner().invoke(command_app(), ["resources", "--state", "ZZ"])
    assert isinstance(result.exception, UsageError)


def test_command_help_has_a_summary_and_an_example() -> None:
    result = CliRunner().invoke(command_app(), ["resources", "--help"], env={"COLUMNS": "200"})
    assert "which protective orders and courts fit" in result.output
    assert "leavemealone resources --state CA --relationship roommate --conduct threats" in result.output


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "In Florida, this order fits what you told us about a neighbour."),
        (2, "In Florida, these 2 orders fit what you told us about a neighbour, the closest first."),
    ],
)
def test_the_opening_sentence_counts_the_orders_in_plain_grammar(count: int, expected: str) -> None:
    assert outcome_sentence("fits", "Florida", "neighbour", count) == expected
