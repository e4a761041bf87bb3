"""Competency-gap profiles: the training needs analysis of each employee, as of a date.

The current level of a competency is a precision-weighted mean of every evaluation known on
`as_of`, shrunk toward the level typical for the employee's position:

    current = (sum_i w_i * level_i + PRIOR_STRENGTH * typical) / (sum_i w_i + PRIOR_STRENGTH)
    w_i     = SOURCE_RELIABILITY[source_i] * 0.5 ** (age_i / HALF_LIFE_DAYS)
    confidence = sum_i w_i / (sum_i w_i + PRIOR_STRENGTH)

Self-ratings are first corrected by the employee's own self-minus-others difference (or the
population's, where the employee has no other rating), because self-assessments in the civil
service run systematically high and that inflation differs from person to person.

How uncertain the estimate is, and the gap a program can close given it, is
`features.uncertainty`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from features import columns as col
from features.history import outcomes_known_by
from features.keys import Codes
from features.positions import positions_at
from features.tables import Tables

# Reliability of one evaluation by source, relative to an assessment centre (the most
# structured method: trained assessors, several exercises). Post-tests measure the program's
# content directly but narrowly; supervisors see the work but are lenient and noisy; peers
# see less; self-ratings are inflated and so count least even after the bias correction.
SOURCE_RELIABILITY = {
    "assessment_center": 1.0,
    "post_test": 0.6,
    "supervisor": 0.5,
    "peer": 0.35,
    "self": 0.15,
}
# Competencies move slowly but do move (training, new duties): an evaluation one year old
# counts half as much as a fresh one, so a two-year-old supervisor rating still adds evidence
# while a recent assessment centre dominates.
HALF_LIFE_DAYS = 365.0
# The typical level of the position counts like one fresh assessment-centre evaluation:
# an employee with a single self-rating stays close to the typical level, with low confidence.
PRIOR_STRENGTH = 1.0

PROFILE_COLUMNS = [
    col.EMPLOYEE_ID,
    col.COMPETENCY_ID,
    col.REQUIRED_LEVEL,
    col.CURRENT_LEVEL,
    col.GAP,
    col.WEIGHT,
    col.WEIGHTED_GAP,
    col.CONFIDENCE,
    col.LAST_EVALUATED_AT,
    col.N_EVALUATIONS,
]


def gap_profiles(
    tables: Tables,
    as_of: date | pd.Timestamp,
    bias: pd.Series | None = None,
    positions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (employee, competency of the standard of the position they held on
    `as_of`), as known on `as_of`.

    Employees hired after `as_of` are left out; evaluations dated after it are ignored.
    Columns: see `PROFILE_COLUMNS`; `gap` = max(0, required - current), `weighted_gap` = gap x
    the standard's weight, `confidence` in [0, 1). `bias` is `self_minus_others(...)` at
    `as_of` when the caller has it already (it is computed otherwise), `positions` likewise
    `features.positions.positions_at(tables, as_of)`.
    """
    as_of = pd.Timestamp(as_of)
    codes = Codes.of(tables)
    if positions is None:
        positions = positions_at(tables, as_of)
    standard = _standard(tables, positions, codes)
    evidence = _evidence(tables, as_of, codes, bias)
    key = standard["_key"].to_numpy()
    sum_w = _lookup(evidence["sum_w"], key, 0.0)
    sum_wx = _lookup(evidence["sum_wx"], key, 0.0)
    typical = _typical_levels(standard, sum_w, sum_wx)
    current = (sum_wx + PRIOR_STRENGTH * typical) / (sum_w + PRIOR_STRENGTH)
    gap = np.maximum(0.0, standard[col.REQUIRED_LEVEL].to_numpy() - current)
    weight = standard[col.WEIGHT].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: standard[col.EMPLOYEE_ID].to_numpy(),
            col.COMPETENCY_ID: standard[col.COMPETENCY_ID].to_numpy(),
            col.REQUIRED_LEVEL: standard[col.REQUIRED_LEVEL].to_numpy(),
            col.CURRENT_LEVEL: current,
            col.GAP: gap,
            col.WEIGHT: weight,
            col.WEIGHTED_GAP: gap * weight,
            col.CONFIDENCE: sum_w / (sum_w + PRIOR_STRENGTH),
            col.LAST_EVALUATED_AT: _lookup(evidence["last"], key, np.datetime64("NaT", "ns")),
            col.N_EVALUATIONS: _lookup(evidence["n"], key, 0).astype("int64"),
        }
    )


def employee_needs(
    tables: Tables,
    as_of: date | pd.Timestamp,
    profiles: pd.DataFrame | None = None,
    bias: pd.Series | None = None,
    positions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per employee (hired by `as_of`): the role and unit held on `as_of`, gap index,
    overconfidence, SKP, JP this year.

    `gap_index` is the standard-weighted mean gap (0 = meets every requirement);
    `self_minus_others` the mean difference between self-ratings and others' ratings of the
    same competencies (positive = rates themself higher; NA without both); `latest_rating` the
    SKP of the latest year finished before `as_of`; `jp_this_year` the JP of programs completed
    in `as_of`'s calendar year and `jp_remaining` what is left of the 20-JP entitlement.
    `profiles`, `bias` and `positions` may be passed when the caller has them for `as_of`.
    """
    as_of = pd.Timestamp(as_of)
    if positions is None:
        positions = positions_at(tables, as_of)
    if profiles is None:
        profiles = gap_profiles(tables, as_of, bias, positions)
    emps = positions[[col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID]]
    sums = profiles.groupby(col.EMPLOYEE_ID, sort=False)[[col.WEIGHTED_GAP, col.WEIGHT]].sum()
    gap_index = (sums[col.WEIGHTED_GAP] / sums[col.WEIGHT]).rename(col.GAP_INDEX)
    out = emps.set_index(col.EMPLOYEE_ID).join(gap_index)
    out[col.GAP_INDEX] = out[col.GAP_INDEX].fillna(0.0)
    if bias is None:
        bias = self_minus_others(tables.evaluations, as_of)
    out[col.SELF_MINUS_OTHERS] = bias
    out[col.LATEST_RATING] = _latest_rating(tables.performance, as_of)
    jp = _jp_this_year(tables, as_of)
    out[col.JP_THIS_YEAR] = jp.reindex(out.index).fillna(0).astype("int64")
    out[col.JP_REMAINING] = np.maximum(0, col.JP_ENTITLEMENT - out[col.JP_THIS_YEAR])
    return out.reset_index()


def _standard(tables: Tables, positions: pd.DataFrame, codes: Codes) -> pd.DataFrame:
    """The competency standard of the position each employee held, with integer keys."""
    emps = positions[[col.EMPLOYEE_ID, col.ROLE_ID]]
    reqs = tables.role_requirements[
        [col.ROLE_ID, col.COMPETENCY_ID, col.REQUIRED_LEVEL, col.WEIGHT]
    ]
    standard = emps.merge(reqs, on=col.ROLE_ID, how="inner", sort=False)
    standard["_key"] = codes.pair_key(standard[col.EMPLOYEE_ID], standard[col.COMPETENCY_ID])
    return standard


def _evidence(
    tables: Tables, as_of: pd.Timestamp, codes: Codes, bias: pd.Series | None
) -> pd.DataFrame:
    """Per (employee, competency) key: summed weights, weighted levels, count, last date."""
    ev = tables.evaluations
    ev = ev[ev[col.EVALUATED_AT] <= as_of]
    level = ev[col.LEVEL].to_numpy(dtype=float)
    is_self = (ev[col.SOURCE] == col.SELF).to_numpy()
    if bias is None:
        bias = self_minus_others(ev, as_of)
    population_bias = float(np.nan_to_num(bias.mean()))
    own_bias = ev[col.EMPLOYEE_ID].map(bias).to_numpy(dtype=float)
    correction = np.where(np.isnan(own_bias), population_bias, own_bias)
    level = np.where(is_self, np.clip(level - correction, 1.0, 5.0), level)
    age_days = (as_of - ev[col.EVALUATED_AT]).dt.days.to_numpy(dtype=float)
    reliability = ev[col.SOURCE].map(SOURCE_RELIABILITY).to_numpy(dtype=float)
    w = reliability * 0.5 ** (age_days / HALF_LIFE_DAYS)
    frame = pd.DataFrame(
        {
            "_key": codes.pair_key(ev[col.EMPLOYEE_ID], ev[col.COMPETENCY_ID]),
            "w": w,
            "wx": w * level,
            "at": ev[col.EVALUATED_AT].to_numpy(),
        }
    )
    grouped = frame.groupby("_key", sort=False)
    return pd.DataFrame(
        {
            "sum_w": grouped["w"].sum(),
            "sum_wx": grouped["wx"].sum(),
            "n": grouped["w"].size(),
            "last": grouped["at"].max(),
        }
    )


def _typical_levels(standard: pd.DataFrame, sum_w: np.ndarray, sum_wx: np.ndarray) -> np.ndarray:
    """The evidence-weighted mean level of each (position, competency), as a shrinkage target.

    Falls back to the competency's mean over all positions, then to the required level, where
    nobody holding the position has been evaluated.
    """
    frame = pd.DataFrame(
        {
            col.ROLE_ID: standard[col.ROLE_ID].to_numpy(),
            col.COMPETENCY_ID: standard[col.COMPETENCY_ID].to_numpy(),
            "w": sum_w,
            "wx": sum_wx,
        }
    )
    by_role = frame.groupby([col.ROLE_ID, col.COMPETENCY_ID], sort=False)[["w", "wx"]].transform(
        "sum"
    )
    by_comp = frame.groupby(col.COMPETENCY_ID, sort=False)[["w", "wx"]].transform("sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        role_mean = (by_role["wx"] / by_role["w"]).to_numpy()
        comp_mean = (by_comp["wx"] / by_comp["w"]).to_numpy()
    required = standard[col.REQUIRED_LEVEL].to_numpy(dtype=float)
    return np.where(
        by_role["w"].to_numpy() > 0,
        role_mean,
        np.where(by_comp["w"].to_numpy() > 0, comp_mean, required),
    )


def self_minus_others(evaluations: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Per employee: mean over competencies rated by both of (mean self - mean others)."""
    ev = evaluations[evaluations[col.EVALUATED_AT] <= as_of]
    is_self = ev[col.SOURCE] == col.SELF
    means = ev.groupby([col.EMPLOYEE_ID, col.COMPETENCY_ID, is_self.rename("_self")], sort=False)[
        col.LEVEL
    ].mean()
    wide = means.unstack("_self")
    if True not in wide.columns or False not in wide.columns:
        return pd.Series(dtype=float, name=col.SELF_MINUS_OTHERS)
    diff = (wide[True] - wide[False]).dropna()
    return diff.groupby(level=col.EMPLOYEE_ID, sort=False).mean().rename(col.SELF_MINUS_OTHERS)


def _latest_rating(performance: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """The SKP rating of the latest year that had ended by `as_of`."""
    done = performance[performance[col.YEAR] < as_of.year]
    latest = done.sort_values(col.YEAR).drop_duplicates(col.EMPLOYEE_ID, keep="last")
    return latest.set_index(col.EMPLOYEE_ID)[col.RATING].rename(col.LATEST_RATING)


def _jp_this_year(tables: Tables, as_of: pd.Timestamp) -> pd.Series:
    """JP of programs completed (and ended) in `as_of`'s calendar year, per employee."""
    known = outcomes_known_by(tables.enrollments, tables.programs, as_of, lag_days=0)
    done = known[(known[col.STATUS] == col.COMPLETED) & (known["end_date"].dt.year == as_of.year)]
    return done.groupby(col.EMPLOYEE_ID, sort=False)[col.DURATION_JP].sum()


def _lookup(values: pd.Series, keys: np.ndarray, fill: object) -> np.ndarray:
    """`values[keys]`, with `fill` where a key has no value."""
    return values.reindex(keys, fill_value=fill).to_numpy()
