"""Program evaluation checked against the demo world's true course effects.

The generator knows each course's true level 3 effect (the mean rise of the targeted levels
over its completers, `course_effects.parquet`). Over the courses with sufficient evidence:
the rank correlation (Spearman) of estimated and true effects, the share of 95% intervals
that hold the true effect (close to 0.95 if the intervals are honest), the mean error and
its root mean square, for the matched difference in differences and, side by side, for the
naive before/after of the participants alone (no comparison group).

Per participant, by the rating they started from: the mean error of both against the true
rise of their own levels. Regression to the mean shows there: people rated low before tend
to be rated higher after whatever happens, so the naive estimate overstates the effect for
them and understates it for people rated high; the matched comparison removes most of it.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from features import columns as col
from model.program_evaluation import ProgramEvaluations
from model.program_evaluation.behaviour import DID
from model.program_evaluation.changes import CHANGE, PRIOR
from model.program_evaluation.evidence import MIN_COMPARISON, MIN_PARTICIPANTS, SUFFICIENT
from model.program_evaluation.facts import COURSE

COURSE_EFFECTS_FILE = "course_effects.parquet"
ENROLMENT_TRUTH_FILE = "enrollments.parquet"
TRUE_LEVEL_GAIN = "true_level_gain"
PRIOR_BANDS = (1.0, 2.0, 3.0, 4.0, 5.0)  # ratings lie in [1, 5]
TRUE_EFFECT = "true_effect"
ESTIMATORS = {
    "difference_in_differences": ("effect", "effect_ci_low", "effect_ci_high"),
    "naive_before_after": ("naive_mean", "naive_ci_low", "naive_ci_high"),
}


def evaluation_truth_metrics(
    evaluations: ProgramEvaluations, truth_dir: str | Path
) -> dict[str, Any] | None:
    """The figures above, or None when the truth folder holds no course effects."""
    path = Path(truth_dir) / COURSE_EFFECTS_FILE
    if not path.is_file():
        return None
    figures = compare_with_truth(evaluations.summaries["course"], pd.read_parquet(path))
    enrolments = Path(truth_dir) / ENROLMENT_TRUTH_FILE
    if enrolments.is_file():
        figures["by_prior_rating"] = bias_by_prior(
            evaluations.participants, pd.read_parquet(enrolments)
        )
    return figures


def bias_by_prior(participants: pd.DataFrame, truth: pd.DataFrame) -> list[dict[str, Any]]:
    """Per band of prior rating: participants matched, and the mean error of the difference in
    differences and of the naive before/after against their own true level gain."""
    keys = [col.EMPLOYEE_ID, col.PROGRAM_ID]
    if TRUE_LEVEL_GAIN not in truth.columns:
        return []
    joined = participants.dropna(subset=[DID]).merge(truth[[*keys, TRUE_LEVEL_GAIN]], on=keys)
    joined = joined.dropna(subset=[TRUE_LEVEL_GAIN])
    labels = [f"{low:g}-{high:g}" for low, high in itertools.pairwise(PRIOR_BANDS)]
    band = pd.cut(joined[PRIOR], PRIOR_BANDS, labels=labels, include_lowest=True)
    errors = pd.DataFrame(
        {
            "did": joined[DID] - joined[TRUE_LEVEL_GAIN],
            "naive": joined[CHANGE] - joined[TRUE_LEVEL_GAIN],
        }
    ).groupby(band.to_numpy(), observed=True)
    table = errors.mean().join(errors.size().rename("n"))
    return [
        {
            "prior_rating": str(label),
            "n": int(row["n"]),
            "bias_difference_in_differences": float(row["did"]),
            "bias_naive_before_after": float(row["naive"]),
        }
        for label, row in table.iterrows()
    ]


def compare_with_truth(summary: pd.DataFrame, truth: pd.DataFrame) -> dict[str, Any]:
    """Estimates of `summary` (one row per course) against `truth` (course, true_effect)."""
    joined = summary.merge(truth[[COURSE, TRUE_EFFECT]], on=COURSE, how="inner")
    judged = joined[(joined["evidence"] == SUFFICIENT) & joined[TRUE_EFFECT].notna()]
    out: dict[str, Any] = {
        "n_courses": len(judged),
        "n_courses_insufficient": int((joined["evidence"] != SUFFICIENT).sum()),
    }
    for name, (mean, low, high) in ESTIMATORS.items():
        out[name] = estimator_scores(judged[mean], judged[low], judged[high], judged[TRUE_EFFECT])
    return out


def interval_coverage(summary: pd.DataFrame, truth: pd.DataFrame) -> dict[str, Any]:
    """The level 3 intervals against the true course effects, over every course with enough
    people on both sides (MIN_PARTICIPANTS, MIN_COMPARISON) and an interval, however wide:
    n_courses, coverage (share of 95% intervals holding the true effect), median_width,
    bias (mean error), and the same coverage over the courses with sufficient evidence."""
    joined = summary.merge(truth[[COURSE, TRUE_EFFECT]], on=COURSE, how="inner")
    judged = joined[
        (joined["n_participants"] >= MIN_PARTICIPANTS)
        & (joined["n_comparison"] >= MIN_COMPARISON)
        & joined["effect_ci_low"].notna()
        & joined[TRUE_EFFECT].notna()
    ]
    true = judged[TRUE_EFFECT]
    held = (judged["effect_ci_low"] <= true) & (true <= judged["effect_ci_high"])
    sufficient = (judged["evidence"] == SUFFICIENT).to_numpy()
    return {
        "n_courses": len(judged),
        "coverage": float(held.mean()) if len(judged) else None,
        "median_width": float((judged["effect_ci_high"] - judged["effect_ci_low"]).median())
        if len(judged)
        else None,
        "bias": float((judged["effect"] - true).mean()) if len(judged) else None,
        "n_sufficient": int(sufficient.sum()),
        "coverage_sufficient": float(held[sufficient].mean()) if sufficient.any() else None,
    }


def estimator_scores(
    estimate: pd.Series, low: pd.Series, high: pd.Series, true: pd.Series
) -> dict[str, float | None]:
    """spearman, coverage (of the 95% intervals), bias (mean error) and rmse."""
    ok = estimate.notna() & low.notna() & high.notna()
    estimate, low, high, true = estimate[ok], low[ok], high[ok], true[ok]
    if len(estimate) < 3:
        return {"spearman": None, "coverage": None, "bias": None, "rmse": None}
    error = (estimate - true).to_numpy()
    return {
        "spearman": float(stats.spearmanr(estimate, true).statistic),
        "coverage": float(((low <= true) & (true <= high)).mean()),
        "bias": float(error.mean()),
        "rmse": float(np.sqrt((error**2).mean())),
    }


def evaluation_truth_lines(figures: dict[str, Any] | None) -> list[str]:
    """The truth check as lines of the training's metrics table (none without the truth)."""
    if not figures:
        return []
    lines = [
        "",
        f"program evaluation vs the true course effects ({figures['n_courses']} courses with"
        f" sufficient evidence):",
        f"  {'estimator':<28} {'spearman':>9} {'coverage':>9} {'bias':>8} {'rmse':>8}",
    ]
    for name in ESTIMATORS:
        row = figures[name]
        cells = [_cell(row[k]) for k in ("spearman", "coverage", "bias", "rmse")]
        lines.append(f"  {name:<28} {cells[0]:>9} {cells[1]:>9} {cells[2]:>8} {cells[3]:>8}")
    bands = figures.get("by_prior_rating") or []
    if bands:
        lines.append("  mean error per participant by prior rating (regression to the mean):")
        lines.append(f"  {'prior':<8} {'n':>6} {'diff-in-diff':>13} {'naive':>8}")
    for band in bands:
        did = _cell(band["bias_difference_in_differences"])
        naive = _cell(band["bias_naive_before_after"])
        lines.append(f"  {band['prior_rating']:<8} {band['n']:>6} {did:>13} {naive:>8}")
    return lines


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
