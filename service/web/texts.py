"""What the engine tells a planner (`model.messages.Message`: a plan's infeasibility reason and
notes, an evaluation's evidence verdict, the ranking's certainty, the level 4 caveats), said in
the page's language from its code and values, numbers shown as the pages show them (amounts as
`Rp 5.500.000`).

No sentence is ever parsed: text without a code (a plan saved before codes, an older bundle's
evaluations) is shown as the engine wrote it, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext

from model import messages as said
from model.explain import english
from service.web.formats import day, number, rupiah
from service.web.labels import FAIRNESS, label


def _whole(value: Any) -> str:
    return number(int(value))


def _decimal(value: Any) -> str:
    value = float(value)
    return number(value, 0 if value.is_integer() else 2)


def _two(value: Any) -> str:
    return number(float(value), 2)


# code -> the catalogue's msgid, with the values as %(name)s
MESSAGES = {
    said.PERIOD_REVERSED: english("the end of the period is before its start"),
    said.NO_SESSION: english("no upcoming program starts in the period"),
    said.BUDGET_BELOW_CHEAPEST: english(
        "the budget (%(budget)s) is below the cheapest seat (%(cheapest)s)"
    ),
    said.SEATS_TAKEN: english("every seat of the period's programs is already taken"),
    said.NO_GAIN: english(
        "nobody eligible for the period's programs has an expected gain above zero"
    ),
    said.FLOOR_UNMET: english(
        "fairness: no plan with a participant gives every %(attribute)s group %(min_ratio)s of"
        " its expected seats"
    ),
    said.SELECTION_FLOOR_UNMET: english(
        "fairness: no selection of at least one participant gives every %(attribute)s group"
        " %(min_ratio)s of its expected seats (%(seats)s seats; selectable per group:"
        " %(by_group)s)"
    ),
    said.ATTRIBUTE_UNKNOWN: english("fairness: the export records no %(attribute)s"),
    said.PERIOD_CUT: english("the period is cut to %(days)s days: it ends on %(end)s"),
    said.BUDGET_ABOVE_SEATS: english(
        "the budget is above what every free seat costs: %(used)s is used"
    ),
    said.GREEDY_STOPPED: english(
        "the time limit stopped the greedy baseline with %(n)s programs not reached"
    ),
    said.NOBODY_COMPLETED: english("nobody has completed it yet"),
    said.NO_PAST_SESSION: english("no past session"),
    said.NOBODY_RATED_BY_OTHERS: english(
        "no participant was rated by a supervisor or peer on its competencies both before and"
        " after it"
    ),
    said.NOBODY_RATED_AROUND: english(
        "no participant was rated on its competencies before it began and again after it"
        " ended (a rating taken while a session ran says nothing)"
    ),
    said.NO_COMPARISON: english(
        "no comparison group: nobody rated on its competencies by the same source in the"
        " same years without attending"
    ),
    said.FEW_PARTICIPANTS: english(
        "only %(n)s participants rated before and after it (at least %(needed)s needed)"
    ),
    said.FEW_COMPARISON: english(
        "only %(m)s colleagues in the comparison group (at least %(needed)s needed)"
    ),
    said.CONFOUNDED: english(
        "its effect cannot be told apart from that of the courses always taken with it"
    ),
    said.INTERVAL_TOO_WIDE: english(
        "not enough evidence: the 95%% interval is %(width)s levels wide, wider than the"
        " smallest effect worth acting on (%(smallest)s levels)"
    ),
    said.ENOUGH_EVIDENCE: english(
        "%(n)s participants against %(m)s comparable colleagues who did not attend; the 95%%"
        " interval (%(width)s levels) is no wider than the smallest effect worth acting on"
        " (%(smallest)s levels)"
    ),
    said.NONE_RANKED: english("no course has enough evidence to be ranked"),
    said.ONE_RANKED: english("1 ranked: nothing to compare it with"),
    said.ORDER_UNKNOWN: english("%(n)s ranked; how sure the order is is unknown (an older bundle)"),
    said.ORDER_CERTAINTY: english(
        "%(n)s ranked; %(first)s of them could be first within the 95%% range of ranks; the"
        " first is ahead of the second with probability %(p)s"
    ),
    said.ASSOCIATION: english("association, not proof"),
    said.MANY_COMPLETED: english("at least %(share)s%% of the unit's staff completed it"),
    said.SHORT_FOLLOW_UP: english("less than half a year since the course was first held"),
    said.FEW_UNITS: english("fewer than %(n)s units in a group"),
}


def _by_group(counts: Any) -> str:
    """[[group, n], ...] as `under 30: 3, 30–39: 0`, the groups' names translated."""
    return ", ".join(f"{label(FAIRNESS, group)}: {_whole(n)}" for group, n in counts)


# how each value is shown (a value not named here is shown as it is)
SHOWN: dict[str, Callable[[Any], str]] = {
    "budget": rupiah,
    "cheapest": rupiah,
    "used": rupiah,
    "days": _whole,
    "end": day,
    "n": _whole,
    "m": _whole,
    "needed": _whole,
    "first": _whole,
    "width": _two,
    "smallest": _decimal,
    "p": _two,
    "share": lambda share: _whole(round(100 * float(share))),
    "min_ratio": _decimal,
    "attribute": lambda attribute: label(FAIRNESS, attribute),
    "seats": _whole,
    "by_group": _by_group,
}


def engine_text(text: str | None) -> str:
    """`text` in the page's language when it is a `Message` of a known code; other text as
    it was written."""
    if not text:
        return ""
    code = getattr(text, "code", None)
    if not isinstance(text, said.Message) or code not in MESSAGES:
        return str(text)
    values = {name: SHOWN.get(name, str)(value) for name, value in text.values.items()}
    return gettext(MESSAGES[code], **values)
