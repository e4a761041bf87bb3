"""A plan request -> the plan: the MILP's answer beside the greedy baseline, both checked.

Absurd requests are bounded, and the answer's `notes` say how: a period longer than
`MAX_PERIOD_DAYS` ends `MAX_PERIOD_DAYS` after its start; a budget above what every free seat of
the period costs cannot bind, so the model uses that total (`budget_effective`). The service
refuses a time limit above `MAX_TIME_LIMIT_S` and a budget above 10^15 with 422.
A request no plan can serve (a period ending before it starts, no session in the period, a
budget below the cheapest seat, nobody eligible with a gain) is answered with
`status: infeasible` and the `reason`.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from model import messages as said
from model.engine import Engine
from model.planning.answer import infeasible_answer, plan_answer
from model.planning.builder import IDR_SCALE, MilpModel, build_model
from model.planning.candidates import candidate_pairs, reduced_costs
from model.planning.checker import plan_value, plan_violations
from model.planning.fairness import floor_summary, meets_floor, plan_floor
from model.planning.greedy import timed_greedy_plan
from model.planning.inputs import (
    LiveInputs,
    PlanRequest,
    check_plan_units,
    period_sessions,
    plan_instance,
)
from model.planning.instance import PlanInstance, objective
from model.planning.rounding import rounded_plan
from model.planning.solver import DEFAULT_GAP, Relaxation, lp_relaxation, solve

log = logging.getLogger(__name__)

MAX_PERIOD_DAYS = 731
MAX_TIME_LIMIT_S = 600.0
DEFAULT_TIME_LIMIT_S = 60.0
PRICING_ROUNDS = 4
PRICING_TOLERANCE = 1e-6  # a reduced cost below this share of the LP value is noise
PRICING_SHARE = 0.5  # no new pricing round once half the time limit is spent
MIN_MILP_S = 0.5  # less time than this left: the incumbent is the plan
# HiGHS is interrupted at its callbacks, which came 15 s late on the 65,000 world (quiet
# machine, 300 s limit): the MILP gets the time left less this share of the limit.
MILP_MARGIN = 0.05
FLOORLESS_SHARE = 0.3  # of the time limit: the plan without the floor, for the floor's cost
# What the steps that cannot be interrupted cost per pair, in units of the greedy's cost per
# pair (measured on a 120,000-pair instance: candidates 0.23, model 0.85 per kept pair,
# rounding 0.62), with room: a step starts only if the time left pays for it.
CANDIDATES_PACE = 0.5
# the time limit is honoured within 10 % + 2 s: the greedy may run into half of that
GREEDY_GRACE = 0.05
GREEDY_GRACE_S = 0.5
BUILD_PACE = 1.5
ROUNDING_PACE = 1.0


def make_plan(
    engine: Engine,
    request: PlanRequest,
    live: LiveInputs | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    threads: int = 1,
    progress: Callable[[str, float], None] | None = None,
) -> dict[str, Any]:
    """The plan answer of `POST /v1/plans` (see `model.planning.answer`). `progress(stage,
    fraction)` is told each stage as it begins (`predicting`, `solving`): a job's progress,
    and where it may stop by raising."""
    progress = progress or _quiet
    plan_id = uuid.uuid4().hex
    started = time.monotonic()
    # an unknown unit is refused before any work
    check_plan_units(engine, request.unit_ids, request.unit_budgets)
    if request.period_end < request.period_start:
        return infeasible_answer(engine, plan_id, said.Message(said.PERIOD_REVERSED))
    request, notes = _bounded(request)
    sessions = period_sessions(engine, request)
    if len(sessions) == 0:
        return infeasible_answer(engine, plan_id, said.Message(said.NO_SESSION))
    progress("predicting", 0.2)
    instance = plan_instance(engine, request, sessions, live or LiveInputs(), threads)
    reason = _infeasible_reason(instance)
    if reason:
        return infeasible_answer(engine, plan_id, reason)
    instance = _effective(instance)
    if instance.budget < request.budget:
        notes.append(said.Message(said.BUDGET_ABOVE_SEATS, used=float(instance.budget)))
    if request.fairness is not None:
        instance = dataclasses.replace(
            instance, fairness=plan_floor(engine, sessions, request.fairness, request.unit_ids)
        )
    # the time limit bounds the whole answer: predicting the pairs counts too
    left = max(time_limit_s - (time.monotonic() - started), 0.0)
    progress("solving", 0.5)
    if instance.fairness is None:
        result = solve_instance(instance, left)
        answer = plan_answer(engine, plan_id, instance, request, result)
        return {**answer, **_greedy_note(result, notes)}
    return floored_plan(engine, plan_id, instance, request, left, notes)


def _quiet(_stage: str, _fraction: float) -> None:
    """No one is told the stages (a plan outside a job)."""


def _greedy_note(result: dict[str, Any], notes: list[said.Message]) -> dict[str, Any]:
    """The notes (and one more when the time limit stopped the greedy baseline early), each
    sentence with its code and values beside it (`note_codes`) for a page to translate."""
    if result["greedy_sessions_not_reached"]:
        n = int(result["greedy_sessions_not_reached"])
        notes = [*notes, said.Message(said.GREEDY_STOPPED, n=n)]
    return {"notes": notes, "note_codes": [note.coded() for note in notes]}


def floored_plan(
    engine: Engine,
    plan_id: str,
    instance: PlanInstance,
    request: PlanRequest,
    time_limit_s: float,
    notes: list[said.Message],
) -> dict[str, Any]:
    """The plan under its fairness floor, and the plan without it (for the floor's cost):
    the one without gets `FLOORLESS_SHARE` of the time."""
    assert instance.fairness is not None, "a floored plan has a floor"
    started = time.monotonic()
    without = solve_instance(
        dataclasses.replace(instance, fairness=None), FLOORLESS_SHARE * time_limit_s
    )
    result = solve_instance(instance, max(time_limit_s - (time.monotonic() - started), 0.0))
    answer = plan_answer(engine, plan_id, instance, request, result)
    chosen = result["chosen"]
    if len(chosen) == 0 and len(without["chosen"]) > 0:
        answer.update(_floor_unmet(instance))
    answer["summary"] = {
        "fairness": floor_summary(
            instance.fairness,
            instance.pair_e[chosen],
            instance.pair_s[chosen],
            instance.first_day,
            objective(instance, chosen)[0],
            objective(instance, without["chosen"])[0],
        )
    }
    return {**answer, **_greedy_note(result, notes)}


def _bounded(request: PlanRequest) -> tuple[PlanRequest, list[said.Message]]:
    """The request with its period at most MAX_PERIOD_DAYS long, and a note if it was cut."""
    last = request.period_start + pd.Timedelta(days=MAX_PERIOD_DAYS)
    if request.period_end <= last:
        return request, []
    note = said.Message(said.PERIOD_CUT, days=MAX_PERIOD_DAYS, end=str(last.date()))
    return dataclasses.replace(request, period_end=last), [note]


def solve_instance(
    instance: PlanInstance, time_limit_s: float, prune: bool = True
) -> dict[str, Any]:
    """The greedy plan; the LP relaxation over the candidate pairs, priced out a few rounds
    (column generation), and the plan rounded from it; the MILP warm-started from the better
    of the two, in the time left. Every plan is checked. `time_limit_s` bounds all of it:
    the greedy stops at it between two sessions, and no step that cannot be interrupted
    starts unless the time left pays for it (`_affords`).
    The bound and `optimal` are for the full problem: where pairs were left out, the kept
    model's bound is widened by what the left-out pairs could add (`full_bound`)."""
    started = time.monotonic()
    deadline = started + time_limit_s
    # the baseline may use part of the allowed overrun: a greedy cut short plans nobody for
    # the sessions it did not reach
    greedy_deadline = deadline + GREEDY_GRACE * time_limit_s + GREEDY_GRACE_S
    greedy, not_reached = timed_greedy_plan(instance, greedy_deadline)
    # seconds per pair of this machine as loaded now: the greedy touches every pair once
    pace = (time.monotonic() - started) / max(instance.n_pairs, 1)
    # the pricing's reduced costs know no fairness rows: with a floor, every pair is modelled
    prune = prune and instance.fairness is None
    chosen, found_by = _fair_incumbent(instance, greedy, "greedy")
    bound, optimal, seconds = math.inf, False, 0.0
    kept, lp_value, left_out = np.zeros(0, dtype=np.intp), math.inf, math.inf
    pruning: dict[str, Any] = {"eligible_pairs": int(instance.n_pairs), "pricing_rounds": 0}
    if not not_reached and _affords(deadline, pace, instance.n_pairs * CANDIDATES_PACE):
        kept = candidate_pairs(instance) if prune else np.arange(instance.n_pairs)
        kept = np.union1d(kept, greedy)
        kept, model, relaxation, pruning, left_out = _priced(
            instance, kept, deadline, time_limit_s, pace
        )
        start, found_by = _fair_incumbent(
            instance, *_incumbent(instance, kept, greedy, relaxation, deadline, pace)
        )
        lp_value = relaxation.value if relaxation is not None else math.inf
        chosen, bound = start, lp_value
        if _within(lp_value, _value(instance, start), DEFAULT_GAP):
            optimal = True  # the LP bound already proves the incumbent within the tolerance
        elif model is not None and (
            (left := deadline - time.monotonic() - MILP_MARGIN * time_limit_s) >= MIN_MILP_S
        ):
            solved = solve(model, np.searchsorted(kept, start), left)
            bound, optimal, seconds = min(solved.bound, lp_value), solved.optimal, solved.seconds
            if _value(instance, kept[solved.chosen]) > _value(instance, start):
                chosen, found_by = kept[solved.chosen], "milp"
    if len(kept) < instance.n_pairs:  # the bound so far holds for the kept pairs only
        bound = full_bound(bound, lp_value + left_out)
        optimal = _within(bound, _value(instance, chosen), DEFAULT_GAP)
    bound = min(bound, relaxed_bound(instance))
    _check(instance, chosen, "plan")
    if chosen is not greedy or instance.fairness is not None:
        _check(dataclasses.replace(instance, fairness=None), greedy, "greedy")  # a baseline
    return {
        "chosen": chosen,
        "greedy": greedy,
        "greedy_sessions_not_reached": not_reached,
        "bound": max(bound, _value(instance, chosen)),
        "optimal": optimal,
        "seconds": seconds,
        "found_by": found_by,
        "pruning": {**pruning, "candidate_pairs": len(kept)},
    }


def _affords(deadline: float, pace: float, pair_steps: float) -> bool:
    """Whether the time left pays for a step that cannot be interrupted, of `pair_steps` times
    the greedy's work per pair."""
    return time.monotonic() + pace * pair_steps < deadline


def _incumbent(
    instance: PlanInstance,
    kept: np.ndarray,
    greedy: np.ndarray,
    relaxation: Relaxation | None,
    deadline: float,
    pace: float,
) -> tuple[np.ndarray, str]:
    """The better of the greedy plan and the plan rounded from the LP relaxation (if the time
    left pays for the rounding)."""
    if relaxation is None or not _affords(deadline, pace, len(kept) * ROUNDING_PACE):
        return greedy, "greedy"
    sub = instance.restricted(kept)
    rounded = kept[rounded_plan(sub, relaxation.primal[: len(kept)])]
    if _value(instance, rounded) > _value(instance, greedy):
        return rounded, "lp_rounding"
    return greedy, "greedy"


def _floor_unmet(instance: PlanInstance) -> dict[str, Any]:
    """An infeasible floor: only the empty plan meets it (within the time limit)."""
    floor = instance.fairness
    assert floor is not None, "only a floored plan can miss its floor"
    groups = [
        {"group": g, "eligible": int(floor.eligible[:, i].sum())}
        for i, g in enumerate(floor.groups)
    ]
    reason = said.Message(
        said.FLOOR_UNMET, attribute=floor.attribute, min_ratio=floor.min_ratio, groups=groups
    )
    return {"status": "infeasible", "reason": reason, "refusal": reason.coded()}


def _fair_incumbent(
    instance: PlanInstance, start: np.ndarray, found_by: str
) -> tuple[np.ndarray, str]:
    """The incumbent when it meets the fairness floor; else the empty plan, which always does
    (the floor's rows are homogeneous) and leaves the MILP to find the plan."""
    floor = instance.fairness
    if floor is None or meets_floor(
        floor, instance.pair_e[start], instance.pair_s[start], instance.first_day
    ):
        return start, found_by
    return start[:0], "empty"


def _value(instance: PlanInstance, chosen: np.ndarray) -> float:
    return sum(objective(instance, chosen))


def full_bound(kept_bound: float, with_left_out: float) -> float:
    """A bound of the full (unpruned) problem from the kept model's bound and `with_left_out`
    (the kept LP's value plus what any plan using a left-out pair could add, `_priced`).

    With y the kept LP's duals (0 for the rows only left-out pairs have), every plan x of the
    full problem has c.x <= kept LP value + sum over its left-out pairs of their reduced cost.
    A plan of kept pairs only is bounded by the kept model's bound; a plan with at least one
    left-out pair by `with_left_out`. The larger of the two bounds every plan."""
    return max(kept_bound, with_left_out)


def _within(bound: float, value: float, gap: float) -> bool:
    return math.isfinite(bound) and bound - value <= gap * max(abs(value), 1e-9)


def relaxed_bound(instance: PlanInstance) -> float:
    """An upper bound without any LP: each session's free seats filled by its most valuable
    pairs, each valued alone (budget, calendars and the JP cap relaxed)."""
    value = instance.pair_value()
    order = np.lexsort((-value, instance.pair_s))
    session = instance.pair_s[order]
    rank = np.arange(len(order)) - np.searchsorted(session, session)  # within its session
    best = order[rank < instance.seats[session]]
    return float(np.maximum(value[best], 0.0).sum())


def _priced(
    instance: PlanInstance, kept: np.ndarray, deadline: float, time_limit_s: float, pace: float
) -> tuple:
    """Column generation on the LP: add the left-out pairs whose reduced cost is positive, up
    to PRICING_ROUNDS times and while less than PRICING_SHARE of the time limit is spent.
    (kept, model, relaxation or None, the pruning report, left_out): `left_out` is the most a
    plan using left-out pairs can add to the kept LP's value: the sum of the positive reduced
    costs (the loss bound) if any, else the largest (negative) one; inf without an LP."""
    report: dict[str, Any] = {"eligible_pairs": int(instance.n_pairs), "pricing_rounds": 0}
    relaxation, model, modelled = None, None, kept
    left_out = math.inf
    stop_pricing = deadline - (1.0 - PRICING_SHARE) * time_limit_s
    for rounds in range(1, PRICING_ROUNDS + 1):
        if not _affords(deadline, pace, len(kept) * BUILD_PACE):
            break  # building the model would run past the time limit
        sub = instance.restricted(kept)
        candidate = build_model(sub)
        found = lp_relaxation(candidate, deadline - time.monotonic())
        if found is None:  # out of time: keep the last priced model (or none)
            break
        model, relaxation, modelled = candidate, found, kept
        out, rc = reduced_costs(instance, kept, *_prices(model, sub, found.duals))
        loss = float(np.maximum(rc, 0.0).sum())
        left_out = loss if loss > 0 else float(rc.max(initial=-math.inf))
        share = loss / found.value if found.value > 0 else 0.0
        report.update(
            pricing_rounds=rounds, lp_bound=found.value, loss_bound=loss,
            loss_share_of_lp_bound=share,
        )  # fmt: skip
        better = out[rc > PRICING_TOLERANCE * max(found.value, 1e-9)]
        if len(better) == 0 or rounds == PRICING_ROUNDS or time.monotonic() > stop_pricing:
            break
        kept = np.union1d(kept, better)
    return modelled, model, relaxation, report, left_out


def _prices(model: MilpModel, sub: PlanInstance, duals: np.ndarray) -> tuple:
    seat = np.where(model.seat_row >= 0, duals[np.maximum(model.seat_row, 0)], 0.0)
    units = {u: duals[r] * IDR_SCALE for u, r in model.unit_rows.items()}
    link = np.where(model.link_row >= 0, duals[np.maximum(model.link_row, 0)], np.nan)
    return seat, duals[model.budget_row] * IDR_SCALE, units, link


def _check(instance: PlanInstance, chosen: np.ndarray, name: str) -> None:
    """The checker's verdict; a violation is a bug (500), never an answer."""
    plan = pd.DataFrame(
        {
            "employee_id": instance.employee_ids[instance.pair_e[chosen]],
            "program_id": instance.program_ids[instance.pair_s[chosen]],
        },
        dtype=object,  # ids as they are: no conversion to a string dtype for a check
    )
    found = plan_violations(instance, plan)
    checked = sum(plan_value(instance, plan))
    if abs(checked - sum(objective(instance, chosen))) > 1e-6 * max(1.0, checked):
        found.append(f"objective {checked} recomputed differs")
    if found:
        raise RuntimeError(f"the {name} plan breaks its constraints: {found}")


def _infeasible_reason(instance: PlanInstance) -> said.Message | None:
    cheapest = float(instance.cost.min())
    if instance.budget < cheapest:
        budget = float(instance.budget)
        return said.Message(said.BUDGET_BELOW_CHEAPEST, budget=budget, cheapest=cheapest)
    if int(instance.seats.sum()) == 0:
        return said.Message(said.SEATS_TAKEN)
    if instance.n_pairs == 0:
        return said.Message(said.NO_GAIN)
    return None


def _effective(instance: PlanInstance) -> PlanInstance:
    """The budget no larger than what every free seat costs (a larger one cannot bind)."""
    everything = float((instance.cost * instance.seats).sum())
    return dataclasses.replace(instance, budget=min(instance.budget, everything))
