"""Choosing one program's participants under a fairness floor: a small exact MILP.

The greedy of `model.selection` is exact for seats, budget and unit quotas (a matroid); group
floors break that structure, so with a floor the choice is the mixed-integer program

    maximise  sum_i w_i x_i                      (w = priority, x_i in {0, 1})
    subject to sum_i x_i <= k                    (seats and budget)
               sum_{i in unit u} x_i <= q        (unit quota)
               sum_{i in g} x_i - c_g sum_i x_i >= 0   for each group g, c_g = r E_g / N

solved to optimality by HiGHS (mip_rel_gap 0). Candidates are exchangeable inside a cell
(unit, group): every row counts them alike, so an optimum takes the best of each cell first,
and only the min(q, k) best of a cell can ever be taken; the others never enter the model.
After solving, each cell's count is filled by the greedy's order, so the answer is the same
however HiGHS breaks ties. With `fill_without_gain`, a second solve keeps the best priority
and fills as many seats as it can.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from features.columns import UNIT_ID

INF = highspy.kHighsInf


@dataclass(frozen=True)
class FloorProblem:
    """One program's choice: candidate rows allowed a seat (`allowed`, by greedy order),
    their priority `w`, unit and group labels, the floor's coefficients `c` (group -> r E_g/N),
    the seat bound `k` and the unit quota `q` (None: none)."""

    allowed: np.ndarray
    w: np.ndarray
    unit: np.ndarray
    group: np.ndarray
    c: dict[str, float]
    k: int
    q: int | None


def floor_problem(
    candidates: pd.DataFrame,
    allowed: np.ndarray,
    w: np.ndarray,
    group: np.ndarray,
    c: dict[str, float],
    k: int,
    q: int | None,
) -> FloorProblem:
    """The problem over the candidate rows `allowed` (in greedy order): each cell keeps only
    its min(q, k) best rows, the only ones an optimum can take."""
    unit = candidates[UNIT_ID].to_numpy(dtype=object)[allowed]
    labels = np.asarray(group, dtype=object)[allowed]
    cells = pd.Series(list(zip(unit, labels, strict=True)), dtype=object)
    limit = k if q is None else min(q, k)
    keep = cells.groupby(cells).cumcount().to_numpy() < limit
    allowed = allowed[keep]
    return FloorProblem(allowed, w[allowed], unit[keep], labels[keep], c, k, q)


def solve_floor(problem: FloorProblem, fill: bool = False) -> np.ndarray | None:
    """Candidate rows chosen (a subset of `problem.allowed`), or None when only an empty
    selection meets the floor though someone could take a seat without it."""
    n = len(problem.allowed)
    if n == 0 or problem.k == 0:
        return problem.allowed[:0]
    A, lower, upper = _rows(problem)
    x = _solve(problem.w, A, lower, upper)
    if fill:  # keep the best priority, then fill as many seats as possible
        best = float(problem.w @ x)
        A = sp.vstack([A, sp.csr_matrix(problem.w[None, :])])
        lower = np.append(lower, best - 1e-9 * max(1.0, abs(best)))
        upper = np.append(upper, INF)
        x = _solve(np.ones(n), A, lower, upper)
    taken = _cell_prefix(problem, x)
    if len(taken) == 0 and (problem.w > 0).any() | fill:
        return None
    return taken


def _rows(problem: FloorProblem) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    n = len(problem.allowed)
    blocks, lower, upper = [sp.csr_matrix(np.ones((1, n)))], [-INF], [float(problem.k)]
    if problem.q is not None:
        codes, uniques = pd.factorize(problem.unit)
        counts = np.bincount(codes, minlength=len(uniques))
        binding = np.flatnonzero(counts > problem.q)
        local = np.full(len(uniques), -1)
        local[binding] = np.arange(len(binding))
        j = np.flatnonzero(local[codes] >= 0)
        blocks.append(sp.csr_matrix((np.ones(len(j)), (local[codes[j]], j)), (len(binding), n)))
        lower += [-INF] * len(binding)
        upper += [float(problem.q)] * len(binding)
    for g, share in problem.c.items():
        blocks.append(sp.csr_matrix((np.where(problem.group == g, 1.0, 0.0) - share)[None, :]))
        lower.append(0.0)
        upper.append(INF)
    return sp.vstack(blocks).tocsr(), np.array(lower), np.array(upper)


def _solve(c: np.ndarray, A: sp.csr_matrix, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The optimal binary x of max c.x with lower <= A.x <= upper (x = 0 is always feasible)."""
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("threads", 1)
    # integer x: a row met only within HiGHS's default 1e-7 could fail the exact check
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    n = len(c)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, A.shape[0]
    lp.col_cost_ = np.asarray(c, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_, lp.row_upper_ = lower, upper
    lp.sense_ = highspy.ObjSense.kMaximize
    csc = A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr
    lp.a_matrix_.index_ = csc.indices
    lp.a_matrix_.value_ = csc.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"fairness floor MILP: {h.modelStatusToString(status)}")
    return np.asarray(h.getSolution().col_value, dtype=float) > 0.5


def _cell_prefix(problem: FloorProblem, x: np.ndarray) -> np.ndarray:
    """The same count per (unit, group) cell as `x`, taken by greedy order: the best of each
    cell. Rows are constant within a cell, so this is feasible and no worse."""
    cells = pd.Series(list(zip(problem.unit, problem.group, strict=True)), dtype=object)
    counts = pd.Series(x).groupby(cells).transform("sum").to_numpy()
    rank = cells.groupby(cells).cumcount().to_numpy()
    return problem.allowed[rank < counts]
