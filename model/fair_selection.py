"""Choosing one program's participants under a fairness floor, exactly.

The greedy of `model.selection` is exact for seats, budget and unit quotas (a matroid); group
floors break that structure, so with a floor the choice is the integer program

    maximise  sum_i w_i x_i                      (w = priority, x_i in {0, 1})
    subject to sum_i x_i <= k                    (seats and budget)
               sum_{i in unit u} x_i <= q        (unit quota)
               sum_{i in g} x_i - c_g sum_i x_i >= 0   for each group g, c_g = r E_g / N

Candidates are exchangeable inside a cell (unit, group): every row counts them alike, so an
optimum takes the best of each cell first, and only the min(q, k) best of a cell can ever be
taken; the others never enter the problem. Two exact ways, by whether a quota binds:

- no unit has more candidates than its quota: only seats and groups count, so each group
  gives its best, and a pass over the totals N <= k finds the best counts (`_group_counts`;
  milliseconds where the binary MILP took a minute at 65,000 employees);
- a quota binds: HiGHS solves the MILP with one integer count per group and x relaxed
  (`_CountModel`: with the counts fixed, the rows on x are totally unimodular, so the LP's
  vertex is the binary optimum), to optimality (mip_rel_gap 0).

After either, each cell's count is filled by the greedy's order, so the answer is the same
however ties fall. With `fill_without_gain`, the best priority is kept and as many seats as
possible are filled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    if _quota_binds(problem):
        model = _CountModel(problem)
        counts, best = model.best_counts(problem.w)
        if fill:  # keep the best priority, then fill as many seats as possible
            counts = model.most_seats(problem.w, best)
        taken = _cell_prefix(problem, model.assignment(problem.w, counts))
    else:
        taken = _group_prefix(problem, _group_counts(problem, fill))
    if len(taken) == 0 and (problem.w > 0).any() | fill:
        return None
    return taken


def _quota_binds(problem: FloorProblem) -> bool:
    """Whether some unit has more allowed candidates than its quota."""
    if problem.q is None:
        return False
    return bool(pd.Series(problem.unit, dtype=object).value_counts().max() > problem.q)


def _group_counts(problem: FloorProblem, fill: bool) -> np.ndarray:
    """How many of each group (by `pd.factorize` code, unknown included) an optimum takes,
    when no unit quota binds: the rows then only count seats and groups, so the best choice
    of n_g from group g is its n_g best, and for each total N the floor's least counts
    ceil(c_g N) come first and the N - sum of them remaining seats go to the best of the
    rest, whatever their group (the prefix sums are concave). The best total is read off all
    N <= k; with `fill`, the most seats at that best priority. Exact, in O(k * G * k)."""
    codes, groups = _group_codes(problem)
    k, w = problem.k, problem.w
    weights = [w[codes == j][:k] for j in range(len(groups))]  # w descending within a group
    sizes = np.array([len(part) for part in weights])
    prefix = [np.concatenate([[0.0], np.cumsum(part)]) for part in weights]
    share = np.array([problem.c.get(g, 0.0) for g in groups])
    tail_group = [np.full(len(part), j) for j, part in enumerate(weights)]
    best_value, best_counts = [0.0], [np.zeros(len(groups), dtype=int)]
    for total in range(1, min(k, int(sizes.sum())) + 1):
        # the same tolerance as the exact check of the counts: n_g - c_g N >= -1e-9
        low = np.maximum(np.ceil(share * total - 1e-9), 0).astype(int)
        rest = total - int(low.sum())
        if rest < 0 or (low > sizes).any():
            continue
        tails = np.concatenate([part[low[j] :] for j, part in enumerate(weights)])
        owners = np.concatenate([ids[low[j] :] for j, ids in enumerate(tail_group)])
        top = np.argsort(-tails, kind="stable")[:rest]
        value = sum(float(prefix[j][low[j]]) for j in range(len(groups))) + float(tails[top].sum())
        best_value.append(value)
        best_counts.append(low + np.bincount(owners[top], minlength=len(groups)))
    values = np.array(best_value)
    best = values.max()
    if fill:  # the most seats at the best priority
        at_best = np.flatnonzero(values >= best - 1e-9 * max(1.0, abs(best)))
        return best_counts[int(at_best.max())]
    return best_counts[int(values.argmax())]


def _group_codes(problem: FloorProblem) -> tuple[np.ndarray, list[Any]]:
    """Each row's group code, and the groups: those of the rows (unknown included), then
    those with a floor but no row (they can only be met by taking no one)."""
    codes, found = pd.factorize(pd.Series(problem.group, dtype=object), use_na_sentinel=False)
    groups = list(found)
    return codes, groups + [g for g in problem.c if g not in groups]


def _group_prefix(problem: FloorProblem, counts: np.ndarray) -> np.ndarray:
    """Each group's `counts` best rows (by greedy order)."""
    codes, _ = _group_codes(problem)
    rank = pd.Series(codes).groupby(codes).cumcount().to_numpy()
    return problem.allowed[rank < counts[codes]]


class _CountModel:
    """The MILP with the binaries relaxed: columns are the candidates' x in [0, 1], then one
    integer count n_g per group (unknown included); rows are

        sum_{i in g} x_i - n_g = 0        (each group's count)
        sum_{i in unit u} x_i <= q        (each unit over its quota)
        sum_g n_g <= k                     (seats and budget)
        n_g - c_g sum_h n_h >= 0           (each group with a floor)

    With the counts fixed, the rows on x are a bipartite incidence matrix (each x_i in one
    group row and one unit row): totally unimodular with integer right-hand sides, so the
    LP's vertex is integral. The integer counts are all HiGHS branches on (a handful instead
    of one binary per candidate: seconds instead of a minute at 65,000 employees), and the
    best x for the chosen counts is the binary optimum."""

    def __init__(self, problem: FloorProblem) -> None:
        n, k = len(problem.allowed), problem.k
        codes, groups = _group_codes(problem)
        m = len(groups)
        self.n, self.m = n, m
        x_of_group = sp.csr_matrix((np.ones(n), (codes, np.arange(n))), (m, n))
        blocks = [sp.hstack([x_of_group, -sp.identity(m)])]
        lower, upper = [0.0] * m, [0.0] * m
        if problem.q is not None:
            units, names = pd.factorize(pd.Series(problem.unit, dtype=object))
            binding = np.flatnonzero(np.bincount(units, minlength=len(names)) > problem.q)
            local = np.full(len(names), -1)
            local[binding] = np.arange(len(binding))
            j = np.flatnonzero(local[units] >= 0)
            quota = sp.csr_matrix((np.ones(len(j)), (local[units[j]], j)), (len(binding), n))
            blocks.append(sp.hstack([quota, sp.csr_matrix((len(binding), m))]))
            lower += [-INF] * len(binding)
            upper += [float(problem.q)] * len(binding)
        blocks.append(sp.hstack([sp.csr_matrix((1, n)), sp.csr_matrix(np.ones((1, m)))]))
        lower.append(-INF)
        upper.append(float(k))
        for g, share in problem.c.items():
            row = np.where(np.asarray(groups, dtype=object) == g, 1.0, 0.0) - share
            blocks.append(sp.hstack([sp.csr_matrix((1, n)), sp.csr_matrix(row[None, :])]))
            lower.append(0.0)
            upper.append(INF)
        self.A = sp.vstack(blocks).tocsr()
        self.lower, self.upper = np.array(lower), np.array(upper)
        self.count_bound = float(k)

    def best_counts(self, w: np.ndarray) -> tuple[np.ndarray, float]:
        """The counts of an optimum, and its priority."""
        solution = self._solve(np.append(w, np.zeros(self.m)), self.A, self.lower, self.upper)
        return np.rint(solution[self.n :]), float(w @ solution[: self.n])

    def most_seats(self, w: np.ndarray, best: float) -> np.ndarray:
        """The counts of the most seats at priority `best`."""
        A = sp.vstack([self.A, sp.hstack([sp.csr_matrix(w[None, :]), sp.csr_matrix((1, self.m))])])
        lower = np.append(self.lower, best - 1e-9 * max(1.0, abs(best)))
        upper = np.append(self.upper, INF)
        solution = self._solve(np.append(np.zeros(self.n), np.ones(self.m)), A, lower, upper)
        return np.rint(solution[self.n :])

    def assignment(self, w: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The binary x of the best priority with these group counts (an integral vertex)."""
        x = self._solve(np.append(w, np.zeros(self.m)), self.A, self.lower, self.upper, counts)
        x = x[: self.n]
        if np.abs(x - np.rint(x)).max(initial=0.0) > 1e-6:
            raise RuntimeError("fairness floor: the assignment LP answered a fractional vertex")
        return x > 0.5

    def _solve(
        self,
        cost: np.ndarray,
        A: sp.csr_matrix,
        lower: np.ndarray,
        upper: np.ndarray,
        counts: np.ndarray | None = None,
    ) -> np.ndarray:
        """The optimal column values of max cost.col with lower <= A.col <= upper (all zero is
        always feasible); the counts integer, or fixed to `counts` (an LP, solved by simplex
        for a vertex)."""
        h = highspy.Highs()
        h.silent()
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.setOptionValue("threads", 1)
        # integer counts: a row met only within HiGHS's default 1e-7 could fail the exact check
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.setOptionValue("mip_feasibility_tolerance", 1e-9)
        n, m = self.n, self.m
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n + m, A.shape[0]
        lp.col_cost_ = np.asarray(cost, dtype=float)
        fixed = counts is not None
        lp.col_lower_ = np.concatenate([np.zeros(n), counts if fixed else np.zeros(m)])
        lp.col_upper_ = np.concatenate(
            [np.ones(n), counts if fixed else np.full(m, self.count_bound)]
        )
        lp.row_lower_, lp.row_upper_ = lower, upper
        lp.sense_ = highspy.ObjSense.kMaximize
        csc = A.tocsc()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr
        lp.a_matrix_.index_ = csc.indices
        lp.a_matrix_.value_ = csc.data
        if fixed:
            h.setOptionValue("solver", "simplex")
        else:
            kinds = highspy.HighsVarType
            lp.integrality_ = [kinds.kContinuous] * n + [kinds.kInteger] * m
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"fairness floor MILP: {h.modelStatusToString(status)}")
        return np.asarray(h.getSolution().col_value, dtype=float)


def _cell_prefix(problem: FloorProblem, x: np.ndarray) -> np.ndarray:
    """The same count per (unit, group) cell as `x`, taken by greedy order: the best of each
    cell. Rows are constant within a cell, so this is feasible and no worse."""
    cells = pd.Series(list(zip(problem.unit, problem.group, strict=True)), dtype=object)
    counts = pd.Series(x).groupby(cells).transform("sum").to_numpy()
    rank = cells.groupby(cells).cumcount().to_numpy()
    return problem.allowed[rank < counts]
