"""Rating changes on a bounded scale: a rating at 1 or 5 is a bound, not a value.

Competency ratings are recorded on the 1-5 scale (the contract's `evaluations.level`). A
supervisor who would rate someone below the bottom records 1, one who would rate above the
top records 5: those ratings are censored. People are sent for their gaps, so a sixth of the
participants' "before" ratings sit at 1 against a twenty-fifth of their "after" ratings
(20,000-employee `busy_coarse` world): read as values, the gain of someone who starts below
the floor shows only in part, and the large courses' effects came out 5-15 % low
(docs/program-evaluation.md, "The bounded scale").

`latent_changes` replaces each rating at a bound by its expectation beyond the bound (half the
scale's recorded step beyond its end: a 1 on half levels stands for anything below 1.25), given
the other rating of the pair, under a normal model of the two ratings: the "before" rating's
mean from its cell and the person's earlier ratings, the change's from the level 3 regression,
their covariance estimated with them. The two ratings of one person share most of their
spread (the person's level), so a rating at 1 is expected only a little below 1 when the
other is near it: a censored regression of the change alone (Tobit) would instead spread the
whole change's variance beyond the bound, and overshot (+0.06 levels at 20,000 employees).
The loop is the EM algorithm for censored normal data (Dempster, Laird and Rubin 1977;
Amemiya 1984): the E step takes the truncated normal's moments (from scipy.stats.norm's
log density, survival and distribution functions), the M step is least squares; it stops
when no effect moves by more than `TOLERANCE`. Statsmodels has no censored regression with
absorbed fixed effects and clustered errors; this loop is the only part written here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import linalg
from scipy.stats import norm

from model.program_evaluation.demeaned import Demeaned

LOWEST, HIGHEST = 1.0, 5.0  # the rating scale (CONTRACT.md, evaluations.level)
_AT = 1e-9  # a rating this close to a bound is at it (levels are stored as floats)
# Levels a step may move an effect by and still count as converged (a thousandth of the
# finest rating step), and the most steps.
TOLERANCE, STEPS = 5e-4, 200


def side(level: np.ndarray) -> np.ndarray:
    """-1 for a rating at the bottom of the scale (it says "this low or lower"), +1 at the
    top, 0 inside. A value outside the scale is not at its bound: it was recorded as such."""
    level = np.asarray(level, dtype="float64")
    return np.where(
        np.abs(level - LOWEST) <= _AT, -1, np.where(np.abs(level - HIGHEST) <= _AT, 1, 0)
    )


def recorded_step(levels: np.ndarray) -> float:
    """The finest step between recorded ratings (1.0 for whole levels, 0.5 for half
    levels), at most 1."""
    values = np.unique(np.asarray(levels, dtype="float64"))
    steps = np.diff(values)
    steps = steps[steps > 1e-6]
    return float(min(steps.min(), 1.0)) if steps.size else 1.0


def truncated(mean: np.ndarray, sd: np.ndarray, bound: float, above: np.ndarray) -> tuple:
    """(mean, variance) of N(mean, sd^2) beyond `bound`: above it where `above`, else below."""
    z = (bound - mean) / sd
    with np.errstate(over="ignore", invalid="ignore"):
        up = np.exp(norm.logpdf(z) - norm.logsf(z))  # E[Z | Z > z] (inverse Mills ratio)
        down = np.exp(norm.logpdf(z) - norm.logcdf(z))  # -E[Z | Z < z]
    shift = np.where(above, up, -down)
    spread = np.where(above, 1 + z * up - up**2, 1 - z * down - down**2)
    return mean + sd * shift, sd**2 * np.clip(spread, 0.0, 1.0)


def latent_changes(
    before: np.ndarray,
    after: np.ndarray,
    design: Demeaned,
    start_design: Demeaned,
    within: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """The changes after - before, a rating at a bound replaced by its expectation beyond it
    given the pair's other rating (EM; see the module). `design` is the change regression's
    and `start_design` the "before" rating's (both demeaned within cells, as `within` does).
    A pair with both ratings at a bound must be left out by the caller: nothing bounds it."""
    seen_before, seen_after = side(before), side(after)
    low_start, top_end = seen_before != 0, seen_after != 0
    start, end = np.asarray(before, "float64").copy(), np.asarray(after, "float64").copy()
    if not (low_start.any() or top_end.any()):
        return end - start
    # A recorded 1 on a scale of half levels stands for everything below 1.25, as a 2 stands
    # for 1.75 to 2.25: the bound is half the scale's step beyond its end (the step is what
    # the recorded ratings show; an export of averaged, fine-grained ratings has almost none).
    margin = recorded_step(np.r_[before, after]) / 2
    floor, top = LOWEST + margin, HIGHEST - margin
    solve_change = linalg.pinvh(design.gram())  # the designs stay; only the ratings move
    solve_start = linalg.pinvh(start_design.gram()) if start_design.shape[1] else None
    beta = np.zeros(design.shape[1])
    n = start.size
    extra_start = extra_change = np.zeros(n)
    for step in range(STEPS):
        change = within(end - start)
        new_beta = solve_change @ design.rmatvec(change)
        change_residual = change - design @ new_beta
        start_within = within(start)
        start_residual = start_within
        if solve_start is not None:
            start_residual = start_within - start_design @ (
                solve_start @ start_design.rmatvec(start_within)
            )
        moved = float(np.max(np.abs(new_beta - beta))) if beta.size else 0.0
        beta = new_beta
        if step and moved < TOLERANCE:
            break
        # the two ratings' means and covariance (the M step's), then the E step
        start_mean = start - start_residual
        end_mean = start_mean + (end - start) - change_residual
        s_bb = np.mean(start_residual**2 + extra_start)
        s_cc = np.mean(change_residual**2 + extra_change)
        s_bc = np.mean(start_residual * change_residual - extra_start)
        s_aa, s_ab = s_bb + 2 * s_bc + s_cc, s_bb + s_bc
        extra_start, extra_change = np.zeros(n), np.zeros(n)
        if low_start.any():  # "before" at a bound, given "after"
            i = low_start
            mean = start_mean[i] + s_ab / s_aa * (end[i] - end_mean[i])
            sd = np.sqrt(max(s_bb - s_ab**2 / s_aa, 1e-12))
            for bound, above in ((floor, False), (top, True)):
                j = seen_before[i] == (1 if above else -1)
                value, variance = truncated(mean[j], sd, bound, np.full(j.sum(), above))
                rows = np.flatnonzero(i)[j]
                start[rows] = value
                extra_start[rows] = extra_change[rows] = variance
        if top_end.any():  # "after" at a bound, given "before"
            i = top_end
            mean = end_mean[i] + s_ab / s_bb * (start[i] - start_mean[i])
            sd = np.sqrt(max(s_aa - s_ab**2 / s_bb, 1e-12))
            for bound, above in ((floor, False), (top, True)):
                j = seen_after[i] == (1 if above else -1)
                value, variance = truncated(mean[j], sd, bound, np.full(j.sum(), above))
                rows = np.flatnonzero(i)[j]
                end[rows] = value
                extra_change[rows] = variance
    return end - start
