"""What the engine tells a planner in a sentence (a plan's infeasibility reason and notes, an
evaluation's evidence verdict, the ranking's certainty, the level 4 caveats): a code and its
values beside the English sentence the API shows, as the store's refusals (`store.Refusal`).

A page says the sentence in its own language from the code (`service/web/texts.py`), never by
reading the English. Each code's English template is in `SENTENCES`; the values are plain
numbers and strings, so a message survives JSON (a saved plan keeps `{"code", "values"}` beside
the sentence) and pickling (a bundle's evaluations).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The plan (`model.planning.plan`): why no plan serves a request, and how a request was bounded
PERIOD_REVERSED = "period_end_before_start"
NO_SESSION = "no_session_in_period"
BUDGET_BELOW_CHEAPEST = "budget_below_cheapest_seat"  # budget, cheapest (rupiah)
SEATS_TAKEN = "every_seat_taken"
NO_GAIN = "nobody_with_gain"
FLOOR_UNMET = "fairness_floor_unmet"  # attribute, min_ratio (and the groups, not in the sentence)
PERIOD_CUT = "period_cut"  # days, end (ISO date)
BUDGET_ABOVE_SEATS = "budget_above_every_seat"  # used (rupiah)
GREEDY_STOPPED = "greedy_stopped"  # n (programs not reached)
# One program's selection (`model.floored_selection`, `model.fairness_check`): a floor refused
SELECTION_FLOOR_UNMET = "selection_floor_unmet"  # attribute, min_ratio, seats, by_group, selectable
ATTRIBUTE_UNKNOWN = "fairness_attribute_unknown"  # attribute
# The level 3 evidence verdict (`model.program_evaluation.evidence`, `records`)
NOBODY_COMPLETED = "nobody_completed"
NO_PAST_SESSION = "no_past_session"
NOBODY_RATED_BY_OTHERS = "nobody_rated_by_others"
NOBODY_RATED_AROUND = "nobody_rated_before_and_after"
NO_COMPARISON = "no_comparison_group"
FEW_PARTICIPANTS = "few_participants"  # n, needed
FEW_COMPARISON = "few_comparison"  # m, needed
CONFOUNDED = "confounded"
INTERVAL_TOO_WIDE = "interval_too_wide"  # width, smallest (levels)
ENOUGH_EVIDENCE = "enough_evidence"  # n, m, width, smallest
# How sure the ranking is (`model.program_evaluation.certainty`)
NONE_RANKED = "none_ranked"
ONE_RANKED = "one_ranked"
ORDER_UNKNOWN = "order_unknown"  # n
ORDER_CERTAINTY = "order_certainty"  # n, first, p
# Level 4 (`model.program_evaluation.results`)
ASSOCIATION = "association_not_proof"
MANY_COMPLETED = "many_staff_completed"  # share (a fraction)
SHORT_FOLLOW_UP = "short_follow_up"
FEW_UNITS = "few_units"  # n

# code -> the English sentence (str.format with the values): the API's text, unchanged
SENTENCES = {
    PERIOD_REVERSED: "period_end is before period_start",
    NO_SESSION: "no upcoming program starts in the period",
    BUDGET_BELOW_CHEAPEST: (
        "the budget (Rp {budget:,.0f}) is below the cheapest seat (Rp {cheapest:,.0f})"
    ),
    SEATS_TAKEN: "every seat of the period's programs is already taken",
    NO_GAIN: "nobody eligible for the period's programs has an expected gain above zero",
    FLOOR_UNMET: (
        "fairness: no plan with a participant gives every {attribute} group {min_ratio} of its"
        " expected seats"
    ),
    SELECTION_FLOOR_UNMET: (
        "fairness: no selection of at least one participant gives every {attribute} group"
        " {min_ratio} of its expected seats ({seats} seats; selectable per group: {selectable})"
    ),
    ATTRIBUTE_UNKNOWN: "fairness: the export records no {attribute} (employees table)",
    PERIOD_CUT: "the period is cut to {days} days: it ends on {end}",
    BUDGET_ABOVE_SEATS: "the budget is above what every free seat costs: Rp {used:,.0f} used",
    GREEDY_STOPPED: "the time limit stopped the greedy baseline with {n} programs not reached",
    NOBODY_COMPLETED: "nobody has completed it yet",
    NO_PAST_SESSION: "no past session",
    NOBODY_RATED_BY_OTHERS: (
        "no participant was rated by a supervisor or peer on its competencies both before and"
        " after it"
    ),
    NOBODY_RATED_AROUND: (
        "no participant was rated on its competencies before it began and again after it ended"
        " (a rating taken while a session ran says nothing)"
    ),
    NO_COMPARISON: (
        "no comparison group: nobody rated on its competencies by the same source in the same"
        " years without attending"
    ),
    FEW_PARTICIPANTS: "only {n} participants rated before and after it (at least {needed} needed)",
    FEW_COMPARISON: "only {m} colleagues in the comparison group (at least {needed} needed)",
    CONFOUNDED: "its effect cannot be told apart from that of the courses always taken with it",
    INTERVAL_TOO_WIDE: (
        "not enough evidence: the 95% interval is {width:.2f} levels wide, wider than the"
        " smallest effect worth acting on ({smallest:g} levels)"
    ),
    ENOUGH_EVIDENCE: (
        "{n} participants against {m} comparable colleagues who did not attend; the 95% interval"
        " ({width:.2f} levels) is no wider than the smallest effect worth acting on"
        " ({smallest:g} levels)"
    ),
    NONE_RANKED: "no course has enough evidence to be ranked",
    ONE_RANKED: "1 ranked: nothing to compare it with",
    ORDER_UNKNOWN: "{n} ranked; how sure the order is is unknown (an older bundle)",
    ORDER_CERTAINTY: (
        "{n} ranked; {first} of them could be first within the 95% range of ranks; the first is"
        " ahead of the second with probability {p:.2f}"
    ),
    ASSOCIATION: "association, not proof",
    MANY_COMPLETED: "at least {share:.0%} of the unit's staff completed it",
    SHORT_FOLLOW_UP: "less than half a year since the course was first held",
    FEW_UNITS: "fewer than {n} units in a group",
}


class Message(str):
    """The English sentence of `code` with its `values` (a plain string in JSON, as before),
    remembering both so that a page translates the code, never the sentence."""

    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, **values: Any) -> Message:
        text = super().__new__(cls, SENTENCES[code].format(**values))
        text.code, text.values = code, values
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled with its code and values (str's own pickling would call __new__ wrongly)
        return _revived, (self.code, str(self), self.values)

    def coded(self) -> dict[str, Any]:
        """`{"code", "values"}`: what a saved answer keeps beside the sentence."""
        return {"code": self.code, "values": dict(self.values)}


def _revived(code: str, text: str, values: dict[str, Any]) -> Message:
    found = str.__new__(Message, text)
    found.code, found.values = code, values
    return found


def message_of(text: str | None, coded: Mapping[str, Any] | None) -> str | None:
    """The sentence `text` as a Message again from the `{"code", "values"}` saved beside it (a
    saved plan's JSON); `text` as it is when nothing was saved (an answer from before codes) or
    the code is unknown."""
    if text is None or not coded or coded.get("code") not in SENTENCES:
        return text
    return _revived(str(coded["code"]), str(text), dict(coded.get("values") or {}))
