"""HiGHS on a plan's mixed-integer program: a warm start, a time limit, the proven bound.

highspy rather than `scipy.optimize.milp`: scipy's wrapper reports the bound and gap on a time
limit but takes no starting solution, and the greedy plan is a good one to start from.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import highspy
import numpy as np

from model.planning.builder import MilpModel

log = logging.getLogger(__name__)

DEFAULT_GAP = 1e-3  # stop once the plan is proven within 0.1 % of the best possible
THREADS = 1  # the service's workers share the machine's cores
# Above this many pair columns the MILP runs without presolve: on the 65,000-employee world
# (170,000 columns) HiGHS's presolve ran past the time limit (612 s against 300 s, no root
# bound); without it the limit held (99 s against 90 s) and the bound proved a 0.6 % gap.
PRESOLVE_MAX_COLUMNS = 50_000


@dataclass(frozen=True)
class Solved:
    """`chosen`: positions of the pairs in the plan; `objective` its value; `bound` the proven
    upper bound of the model; `optimal` whether HiGHS proved it within the gap tolerance."""

    chosen: np.ndarray
    objective: float
    bound: float
    optimal: bool
    seconds: float


def solve(
    model: MilpModel,
    start: np.ndarray | None = None,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = DEFAULT_GAP,
) -> Solved:
    """Maximise; `start` (pair positions, a feasible plan) is handed to HiGHS as the incumbent."""
    h = _highs(model, integer=True)
    h.setOptionValue("time_limit", float(time_limit_s))
    _interrupt_at(h, time.monotonic() + time_limit_s)
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if model.n_pairs > PRESOLVE_MAX_COLUMNS:
        h.setOptionValue("presolve", "off")
    if start is not None:
        h.setSolution(_as_solution(model, start))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    values = np.asarray(h.getSolution().col_value, dtype=float)
    if len(values) != len(model.c):  # no solution at all (cannot happen: x = 0 is feasible)
        raise RuntimeError(f"HiGHS found no plan: {h.modelStatusToString(status)}")
    chosen = np.flatnonzero(values[: model.n_pairs] > 0.5)
    objective = float(info.objective_function_value)
    bound = max(float(info.mip_dual_bound), objective)
    optimal = status == highspy.HighsModelStatus.kOptimal
    log.info(
        "plan MILP: %s, objective %.4f, bound %.4f", h.modelStatusToString(status), objective, bound
    )
    return Solved(chosen, objective, bound, optimal, float(h.getRunTime()))


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation solved to optimality: its value (an upper bound of the MILP), the
    row duals (>= 0) and the primal values of the columns."""

    value: float
    duals: np.ndarray
    primal: np.ndarray


PRIMAL_SIMPLEX = 4  # HiGHS's simplex_strategy value


def lp_relaxation(model: MilpModel, time_limit_s: float | None = None) -> Relaxation | None:
    """The LP relaxation, or None when HiGHS did not prove it optimal within the time limit
    (then its value bounds nothing and its duals price nothing)."""
    h = _highs(model, integer=False)
    # Primal simplex: as fast here, and it reaches its interrupt callback every few
    # iterations. The default dual simplex spent ~9 s between two callbacks on a 100,000-column
    # plan LP (a 3 s limit became 10 s; measured 2026-12-06, HiGHS 1.16).
    h.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
    if time_limit_s is not None:
        h.setOptionValue("time_limit", max(float(time_limit_s), 0.01))
        _interrupt_at(h, time.monotonic() + time_limit_s)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = h.getSolution()
    return Relaxation(
        value=float(h.getInfo().objective_function_value),
        duals=np.abs(np.asarray(solution.row_dual, dtype=float)),
        primal=np.asarray(solution.col_value, dtype=float),
    )


def _interrupt_at(h: highspy.Highs, deadline: float) -> None:
    """Stop HiGHS at `deadline` from its own interrupt callbacks (simplex, interior point,
    branch and bound). Its `time_limit` alone was overrun twofold on a 200,000-column plan
    (612 s against 300 s): the limit is not checked everywhere the callbacks are."""

    def stop(event: highspy.cb.HighsCallbackEvent) -> None:  # type: ignore[name-defined]
        if time.monotonic() >= deadline:
            event.interrupt()

    h.cbSimplexInterrupt += stop
    h.cbIpmInterrupt += stop
    h.cbMipInterrupt += stop


def _highs(model: MilpModel, integer: bool) -> highspy.Highs:
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("threads", THREADS)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(model.c), len(model.row_upper)
    lp.col_cost_ = model.c
    lp.col_lower_ = np.zeros(len(model.c))
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = np.full(len(model.row_upper), -highspy.kHighsInf)
    lp.row_upper_ = model.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = model.A.indptr
    lp.a_matrix_.index_ = model.A.indices
    lp.a_matrix_.value_ = model.A.data
    if integer:
        kinds = [highspy.HighsVarType.kInteger] * model.n_pairs
        lp.integrality_ = kinds + [highspy.HighsVarType.kContinuous] * (
            len(model.c) - model.n_pairs
        )
    h.passModel(lp)
    return h


def _as_solution(model: MilpModel, chosen: np.ndarray) -> highspy.HighsSolution:
    """The pairs `chosen` and each employee's rewarded JP, as a full column vector."""
    x = np.zeros(len(model.c))
    x[chosen] = 1.0
    planned = model.A[model.link_row[model.r_employee]][:, : model.n_pairs] @ x[: model.n_pairs]
    x[model.n_pairs :] = np.minimum(-planned, model.col_upper[model.n_pairs :])
    solution = highspy.HighsSolution()
    solution.col_value = list(x)
    return solution
