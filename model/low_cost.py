"""Low-cost non-classical learning as an option: coaching, mentoring and self-study
(Perlan LAN 10/2018) count toward the yearly 20 JP (PP 17/2020 Pasal 203) like a course, at a
fraction of a classroom seat (docs/rules.md, "Low-cost non-classical learning").

Nothing in the ranking or the plan is special-cased for them: they are programs like any
other, scored by the same models, and the plan's MILP already weighs every seat's cost against
its gain and the JP it brings. What this module adds is the planner's sentence: a recommended
program of such a kind says why it is there in job-related terms only (its kind, its cost,
the gap it covers, the JP it adds toward the 20), never a personal attribute.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from features import columns as col
from model.explain import Reason, english

# The non-classical kinds that cost little (the contract's names; issue 24, item 3).
LOW_COST_KINDS = ("coaching", "mentoring", "self_study")
# Above this cost per participant a program is not "low-cost", whatever its kind: a tenth of
# a typical classroom seat (IDR 3-6 million in the demo catalogue and BPSDM's price lists).
LOW_COST_MAX = 500_000.0
LOW_COST_REASON = "low_cost_non_classical"  # the code of the reason naming it
# How each kind reads in the sentence (a term: the catalogues translate it).
KIND_WORDS = {
    "coaching": english("coaching"),
    "mentoring": english("mentoring"),
    "self_study": english("self-study"),
}

# The sentence by (covers a gap, JP still due this year).
TEMPLATES = {
    (True, True): english(
        "low-cost {kind} (IDR {cost:,.0f}): covers the gap in {competency} and adds {jp} JP "
        "toward the yearly {target} JP ({remaining:.0f} JP still due)"
    ),
    (True, False): english(
        "low-cost {kind} (IDR {cost:,.0f}): covers the gap in {competency} and adds {jp} JP "
        "toward the yearly {target} JP"
    ),
    (False, True): english(
        "low-cost {kind} (IDR {cost:,.0f}): adds {jp} JP toward the yearly {target} JP "
        "({remaining:.0f} JP still due)"
    ),
    (False, False): english(
        "low-cost {kind} (IDR {cost:,.0f}): adds {jp} JP toward the yearly {target} JP"
    ),
}


def is_low_cost(kind: object, cost: object) -> bool:
    """A program of a low-cost non-classical kind, costing at most `LOW_COST_MAX`."""
    if not isinstance(kind, str) or kind not in LOW_COST_KINDS:
        return False
    return not pd.isna(cost) and float(cost) <= LOW_COST_MAX  # type: ignore[arg-type]


def low_cost_reason(
    program: pd.Series, gaps: Sequence[dict[str, Any]], jp_remaining: float
) -> Reason | None:
    """The reason of a recommended low-cost non-classical program (a `programs` row), or None
    for any other program. It names the kind and cost, the gap it covers (`gaps`, as
    `model.explain.covered_gaps`, the largest first) and the JP it adds toward the 20 JP,
    with what is still due this year (`jp_remaining`) where something is."""
    kind, cost = program.get(col.KIND), program.get(col.COST)
    if not is_low_cost(kind, cost):
        return None
    values: dict[str, Any] = {
        "kind": KIND_WORDS[str(kind)],
        "cost": float(cost),
        "jp": int(program[col.DURATION_JP]),
        "target": col.JP_ENTITLEMENT,
    }
    if gaps:
        values["competency"] = gaps[0]["name"]
    if jp_remaining > 0:
        values["remaining"] = float(jp_remaining)
    template = TEMPLATES[(bool(gaps), jp_remaining > 0)]
    return Reason(template, values, frozenset({"kind"}), code=LOW_COST_REASON)
