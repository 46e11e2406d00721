"""The values the program works out from the answers, for the flow's ``when:`` conditions.

``flow.model.DERIVED`` names them and the answers each reads (so a flow file
can be checked); this module computes them. Every place that evaluates the
flow's conditions reads the answers through ``with_derived``, so a step,
a guidance line and a checklist item agree on who is at high risk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leavemealone import safety


def with_derived(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers plus ``high_risk``, ``no_confrontation``, ``in_person_ok`` and ``routing_asks``."""
    from leavemealone.resources.routing import routing_asks

    view = dict(answers)
    view["high_risk"] = safety.is_high_risk(answers)
    view["no_confrontation"] = safety.no_confrontation(answers)
    view["in_person_ok"] = safety.in_person_ok(answers)
    view["routing_asks"] = routing_asks(answers)
    return view
