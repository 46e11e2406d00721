"""The shipped order data, its schema and age, routing, and the resources command."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from leavemealone.cli.resources import resources
from leavemealone.errors import UsageError
from leavemealone.resources.orders import (
    NOT_LEGAL_ADVICE,
    ORDER_TEXT_FIELDS,
    ORDERS_FILE,
    RELATIONSHIP_KINDS,
    RELATIONSHIP_TO_KIND,
    bundled_states,
    is_stale,
    national_lines,
    route,
)
from leavemealone.resources.schema import order_data_problems
from leavemealone.resources.text import orders_markdown, resources_json, resources_markdown

STATE_CODES = set(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH "
    "NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
FLOW_RELATIONSHIPS = (
    "ex_partner", "partner", "family", "household", "roommate", "coworker", "classmate",
    "neighbour", "acquaintance", "stranger", "online_only", "other",
)  # fmt: skip
MAX_AGE = dt.timedelta(days=730)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ORDERS_FILE.read_text(encoding="utf-8"))
    return loaded


def all_orders(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(code, order) for code, state in document["states"].items() for order in state["orders"]]


# --- schema -----------------------------------------------------------------------------------


def test_the_data_covers_every_state_and_dc(document: dict[str, Any]) -> None:
    assert set(document["states"]) == STATE_CODES


def test_the_whole_file_passes_the_schema(document: dict[str, Any]) -> None:
    assert order_data_problems(document) == []


def test_every_order_has_a_name_relationships_a_court_and_a_source(document: dict[str, Any]) -> None:
    for code, order in all_orders(document):
        where = f"{code}: {order.get('name')}"
        assert isinstance(order["name"], str) and order["name"].strip(), where
        assert order["relationships"] and set(order["relationships"]) <= set(RELATIONSHIP_KINDS), where
        assert isinstance(order["court"], str) and order["court"].strip(), where
        urls = [source if isinstance(source, str) else source["url"] for source in order["sources"]]
        assert urls and all(url.startswith(("http://", "https://")) for url in urls), where


def test_every_state_has_a_verified_date_and_sources(document: dict[str, Any]) -> None:
    for code, state in document["states"].items():
        assert isinstance(state["verified"], dt.date), code
        assert state["sources"], code


def test_unknown_stays_the_single_word_unknown(document: dict[str, Any]) -> None:
    for code, order in all_orders(document):
        for field in ORDER_TEXT_FIELDS:
            value = order[field]
            assert isinstance(value, str) and value.strip(), f"{code} {order['name']} {field}"
            if value.lower().startswith("unknown") or value.lower() in {"n/a", "tbd", "?", "not known"}:
                assert value == "unknown", f"{code} {order['name']} {field}: {value!r}"


@pytest.mark.parametrize(
    ("code", "index", "field"),
    [
        ("NY", 1, "temporary_length"),  # criminal-court order: lengths never confirmed
        ("NY", 1, "final_length"),
        ("OK", 0, "final_length"),  # only a 2011 page gave a figure
        ("MS", 0, "final_length"),  # only a FindLaw copy gave a figure
        ("WA", 0, "final_length"),  # not confirmed under RCW 7.105
        ("WA", 3, "final_length"),
        ("KY", 0, "court"),
        ("TN", 0, "court"),
        ("PA", 0, "form"),
        ("NC", 0, "fee"),
    ],
)
def test_gaps_in_the_sources_were_not_filled(code: str, index: int, field: str) -> None:
    assert getattr(bundled_states()[code].orders[index], field) == "unknown"


def test_the_validator_reports_every_problem_at_once(document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(document, default=str))  # dates become strings
    broken["states"]["NY"]["orders"][0]["sources"] = []
    broken["states"]["NY"]["orders"][0]["court"] = "Unknown, probably Family Court"
    broken["states"]["TX"]["orders"][0]["relationships"] = ["cousin"]
    problems = order_data_problems(broken)
    assert any(problem.startswith("AK: needs a 'verified' date") for problem in problems)
    assert "NY order 1: needs at least one source URL" in problems
    assert any("NY order 1: court" in problem and "exactly 'unknown'" in problem for problem in problems)
    assert any(problem.startswith("TX order 1: relationships") for problem in problems)


def test_coverage_agrees_with_the_orders() -> None:
    for code, facts in bundled_states().items():
        civil_for_anyone = [o for o in facts.orders if o.kind == "civil" and "any" in o.relationships]
        if facts.non_intimate_civil_order in ("none", "not_found"):
            assert not civil_for_anyone, code
        else:
            assert civil_for_anyone, code


# --- staleness --------------------------------------------------------------------------------


def test_no_state_was_verified_more_than_two_years_ago() -> None:
    today = dt.date.today()
    stale = sorted(code for code, facts in bundled_states().items() if today - facts.verified > MAX_AGE)
    assert not stale, (
        f"These states were last verified more than two years ago: {', '.join(stale)}. "
        "Re-check them as docs/updating-legal-data.md describes, then update `verified`."
    )


def test_is_stale_draws_the_line_at_two_years() -> None:
    verified = dt.date(2025, 5, 5)
    assert not is_stale(verified, today=dt.date(2027, 5, 4))
    assert is_stale(verified, today=dt.date(2027, 5, 10))


# --- check this -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "index", "field"),
    [
        ("CA", 1, "final_length"),  # 3 years vs 5 years
        ("FL", 2, "fee"),  # only DV injunctions free, per an old clerk FAQ
        ("AZ", 0, "final_length"),  # 1 year vs 2 years
        ("OR", 0, "final_length"),  # 1 year vs 2 years
        ("WY", 0, "final_length"),  # 1 year vs 3 years
        ("HI", 1, "fee"),  # $15 vs $25
        ("ND", 1, "fee"),  # $80 vs free
        ("NV", 1, "temporary_length"),  # 30 vs 45 days
        ("NC", 0, "relationships"),  # possibly outdated statute wording
        ("MN", 1, "fee"),  # 2013 figure
        ("GA", 0, "final_length"),
        ("MI", 0, "fee"),
    ],
)
def test_contradictions_from_the_notes_are_marked(code: str, index: int, field: str) -> None:
    assert field in bundled_states()[code].orders[index].check_this


@pytest.mark.parametrize("code", ["AR", "MS", "DE", "DC", "WA", "NY", "AL", "RI"])
def test_doubtful_states_say_check_this(code: str) -> None:
    assert bundled_states()[code].check_this


def test_routing_collects_every_doubt_it_shows() -> None:
    doubts = route("ca", "neighbour").all_doubts()
    assert any(doubt.startswith("Civil Harassment Restraining Order") for doubt in doubts)


# --- routing ----------------------------------------------------------------------------------


def test_every_state_routes_every_relationship_honestly() -> None:
    for code, facts in bundled_states().items():
        for relationship in FLOW_RELATIONSHIPS:
            routing = route(code.lower(), relationship)
            kind = RELATIONSHIP_TO_KIND[relationship]
            where = f"{code}/{relationship}: {routing.outcome}"
            assert routing.kind == kind
            assert routing.verified == facts.verified and routing.sources, where
            assert all(order.kind == "civil" for order in routing.orders), where
            if routing.outcome == "order_fits":
                assert routing.orders and all(kind in o.relationships for o in routing.orders), where
            elif routing.outcome == "general_order":
                assert routing.orders and all("any" in o.relationships for o in routing.orders), where
            else:
                assert routing.outcome in ("partial", "no_civil_order", "not_found"), where
                assert routing.criminal_route is not None, where
            if not routing.orders:
                assert routing.outcome in ("no_civil_order", "not_found"), where
            for order in routing.orders + routing.alternatives:
                assert order.sources, where


# (state, relationship) -> the outcome, and a word the first order's name must contain.
EXPECTED = {
    ("NY", "ex_partner"): ("order_fits", "Family Court"),
    ("NY", "family"): ("order_fits", "Family Court"),
    ("NY", "roommate"): ("no_civil_order", None),
    ("NY", "coworker"): ("no_civil_order", None),
    ("NY", "online_only"): ("no_civil_order", None),
    ("TX", "partner"): ("order_fits", "family violence"),
    ("TX", "stranger"): ("order_fits", "Stalking"),
    ("TX", "classmate"): ("order_fits", "Stalking"),
    ("CA", "ex_partner"): ("order_fits", "Domestic Violence"),
    ("CA", "neighbour"): ("order_fits", "Civil Harassment"),
    ("FL", "partner"): ("order_fits", "Domestic Violence"),
    ("FL", "acquaintance"): ("order_fits", "Stalking"),
    ("PA", "household"): ("order_fits", "Protection From Abuse"),
    ("PA", "coworker"): ("partial", "Sexual Violence"),
    ("IA", "neighbour"): ("partial", "Sexual Abuse"),
    ("AL", "stranger"): ("no_civil_order", None),
    ("AL", "family"): ("order_fits", "Protection From Abuse"),
    ("AR", "neighbour"): ("not_found", None),
    ("MS", "coworker"): ("not_found", None),
    ("DE", "other"): ("not_found", None),
    ("SC", "family"): ("general_order", "Restraining Order"),
    ("SD", "roommate"): ("general_order", "Stalking"),
    ("IL", "classmate"): ("order_fits", "Stalking No Contact"),
    ("MA", "coworker"): ("order_fits", "Harassment Prevention"),
    ("NC", "stranger"): ("order_fits", "50C"),
    ("ME", "stranger"): ("order_fits", "Protection from Abuse"),
    ("RI", "roommate"): ("order_fits", "District Court"),
    ("DC", "stranger"): ("order_fits", "Anti-Stalking"),
}


@pytest.mark.parametrize(("state", "relationship"), sorted(EXPECTED))
def test_routing_names_the_right_order(state: str, relationship: str) -> None:
    outcome, name_part = EXPECTED[(state, relationship)]
    routing = route(state, relationship)
    assert routing.outcome == outcome
    if name_part is None:
        assert routing.orders == ()
    else:
        assert name_part in routing.orders[0].name


def test_new_york_sends_non_intimates_to_the_criminal_route() -> None:
    routing = route("NY", "stranger")
    assert routing.criminal_route is not None
    assert [order.name for order in routing.criminal_route.orders] == ["Order of Protection (Criminal Court)"]
    text = orders_markdown(routing)
    assert "New York has no civil protective order" in text
    assert "criminal route" in text and "The police" in text and "prosecutor" in text
    assert "victim advocate" in text


def test_texas_says_its_order_for_outsiders_is_narrow() -> None:
    routing = route("TX", "coworker")
    assert any("no general harassment order" in note for note in routing.notes)
    assert routing.criminal_route is not None


def test_roommates_also_see_the_orders_open_to_anyone() -> None:
    routing = route("HI", "roommate")
    assert routing.outcome == "order_fits"
    assert [order.name for order in routing.alternatives] == ["Injunction Against Harassment (HRS 604-10.5)"]


def test_partners_are_not_sent_to_the_criminal_route_when_an_order_fits() -> None:
    assert route("NY", "partner").criminal_route is None


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
    assert all(value in caught.value.message for value in FLOW_RELATIONSHIPS)


# --- rendering --------------------------------------------------------------------------------


def test_markdown_gives_lines_then_orders_with_sources_dates_and_the_note() -> None:
    text = resources_markdown(route("CA", "ex_partner"))
    assert (
        text.index("911") < text.index("National Domestic Violence Hotline") < text.index("Protective orders")
    )
    assert "Domestic Violence Restraining Order (DVRO)" in text and "Superior Court" in text
    assert "DV-100" in text
    assert "womenslaw.org/laws/ca/restraining-orders/domestic-violence-restraining-orders" in text
    assert "last checked on 2025-05-05" in text
    assert NOT_LEGAL_ADVICE in text


def test_markdown_shows_check_this_and_unknowns_plainly() -> None:
    text = orders_markdown(route("AZ", "partner"))
    assert "- Check this (final order):" in text
    assert "unknown" not in orders_markdown(route("OK", "family")).replace("Unknown", "")


def test_national_lines_keep_their_sources() -> None:
    for line in national_lines():
        assert line.sources and line.sources[0].url.startswith(("http://", "https://")), line.id


def test_json_is_plain_data() -> None:
    result = resources_json(route("NY", "coworker"))
    assert json.loads(json.dumps(result)) == result
    assert result["routing"]["outcome"] == "no_civil_order"
    assert result["routing"]["verified"] == "2025-05-05"
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


def test_command_prints_markdown_for_a_state() -> None:
    args = ["resources", "--state", "TX", "--relationship", "stranger"]
    result = CliRunner().invoke(command_app(), args)
    assert result.exit_code == 0
    assert result.output == resources_markdown(route("TX", "stranger"))


def test_command_without_a_state_shows_the_lines_and_how_to_ask() -> None:
    result = CliRunner().invoke(command_app(), ["resources"])
    assert result.exit_code == 0
    assert "National Domestic Violence Hotline" in result.output
    assert "--state" in result.output and "--relationship" in result.output
    as_json = json.loads(CliRunner().invoke(command_app(), ["resources", "--json"]).output)
    assert as_json["routing"] is None and len(as_json["lines"]) == 9


def test_command_checks_a_lone_option_too() -> None:
    result = CliRunner().invoke(command_app(), ["resources", "--state", "ZZ"])
    assert isinstance(result.exception, UsageError)


def test_command_help_has_a_summary_and_an_example() -> None:
    result = CliRunner().invoke(command_app(), ["resources", "--help"])
    assert "which protective order and court fit" in result.output
    assert "leavemealone resources --state NY --relationship ex_partner" in result.output
