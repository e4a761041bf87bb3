"""Level 3 per group (course, course and method, ...) from the rating-change regression.

`rating_data` builds, once per evaluation, the rating changes and the completed sessions
between their ratings; `behaviour_effects` fits one regression per grouping and returns the
effects with their 95% intervals, the counts behind them and the effects' covariance (the
ranking uses it to say how sure it is).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from features.tables import Tables
from model.program_evaluation import regression as rg
from model.program_evaluation.facts import COURSE, PERIOD_END, PERIOD_START

GROUP_COLUMNS = [COURSE, col.METHOD, col.PROVIDER]


@dataclass(frozen=True)
class RatingData:
    """Unambiguous rating changes (`regression.rating_intervals`), the completed sessions
    inside them (`row` into `intervals`, with course, method, provider and pre_score) and
    every completed enrolment of a session that targets a competency (`completers`, one row
    each, with the same columns): the people the effect is to be reported for."""

    intervals: pd.DataFrame
    inside: pd.DataFrame
    completers: pd.DataFrame


def rating_data(tables: Tables, facts: pd.DataFrame, as_of: pd.Timestamp) -> RatingData:
    """The regression's rows: every supervisor or peer rating change known at `as_of`, less
    those a completed session straddles."""
    done = facts[facts[col.STATUS] == col.COMPLETED]
    done = done[
        [col.EMPLOYEE_ID, col.PROGRAM_ID, *GROUP_COLUMNS, col.PRE_SCORE, PERIOD_START, PERIOD_END]
    ]
    targets = tables.program_competencies[[col.PROGRAM_ID, col.COMPETENCY_ID]]
    completers = done[done[col.PROGRAM_ID].isin(targets[col.PROGRAM_ID])].reset_index(drop=True)
    done = done.merge(targets.drop_duplicates(), on=col.PROGRAM_ID, how="inner")
    ends = rg.session_ends(tables.programs)
    done[rg.SESSION_END] = done[col.PROGRAM_ID].map(ends).to_numpy()
    intervals = rg.rating_intervals(tables.evaluations, as_of)
    inside, ambiguous = rg.exposed_sessions(intervals, done)
    keep = np.flatnonzero(~ambiguous)
    new_row = np.full(len(intervals), -1)
    new_row[keep] = np.arange(keep.size)
    inside = inside.assign(row=new_row[inside["row"].to_numpy()])
    inside = inside[inside["row"] >= 0].reset_index(drop=True)
    return RatingData(intervals.iloc[keep].reset_index(drop=True), inside, completers)


def behaviour_effects(data: RatingData, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(effects, covariance) per group of `keys`: effect, effect_ci_low, effect_ci_high,
    effect_se, n_participants (people whose rating change after a session of the group
    entered the estimate), n_comparison (colleagues rated in the same competencies, sources
    and years who attended none of the grouping's sessions in between) and n_changes; and
    the effects' covariance, indexed by the groups both ways.

    Who the effect is for is not identified by the ratings (docs/program-evaluation.md, "Who
    the effect is for"): the completers rated before and after, or all completers if the
    others differ from them only as their pre-tests do. Both are fitted; the interval is the
    union of their 95% intervals (it holds the effect under either assumption), the effect
    the midpoint of the two estimates (the smallest largest error over both), the standard
    error and the covariance those of the adjusted fit (the sampling part)."""
    counts, groups = rg.group_counts(data.inside, keys)
    shifts = rg.modifier_sums(data.inside, data.completers, keys, groups)
    rated = rg.fit_effects(data.intervals, counts, len(groups))
    fit = rg.fit_effects(data.intervals, counts, len(groups), shifts)
    both = np.vstack([rated.effect, fit.effect])
    with warnings.catch_warnings():  # a group neither fit estimates stays NaN, silently
        warnings.simplefilter("ignore", RuntimeWarning)
        effect = np.nanmean(both, axis=0)
    low, high = np.fmin(rated.low, fit.low), np.fmax(rated.high, fit.high)
    people = data.intervals[col.EMPLOYEE_ID].to_numpy()
    exposed = counts.assign(person=people[counts["row"].to_numpy()])
    n_participants = exposed.groupby("group")["person"].nunique()
    index = pd.MultiIndex.from_frame(groups) if len(keys) > 1 else pd.Index(groups[keys[0]])
    out = pd.DataFrame(
        {
            "effect": effect,
            "effect_ci_low": low,
            "effect_ci_high": high,
            "effect_se": np.sqrt(np.diag(fit.covariance)) if len(groups) else [],
            "n_participants": n_participants.reindex(range(len(groups)), fill_value=0).to_numpy(),
            "n_comparison": _comparison_counts(data, counts, len(groups)),
            "n_changes": exposed.groupby("group").size().reindex(range(len(groups))).to_numpy(),
        },
        index=index,
    )
    covariance = pd.DataFrame(fit.covariance, index=index, columns=index)
    return out, covariance


def _comparison_counts(data: RatingData, counts: pd.DataFrame, n_groups: int) -> np.ndarray:
    """Per group, the distinct people with an unexposed rating change in one of the cells
    (competency, source, years) its participants' changes were measured in."""
    cell = data.intervals[rg.CELL].to_numpy()
    exposed_rows = np.zeros(len(cell), dtype=bool)
    exposed_rows[counts["row"].to_numpy()] = True
    person = data.intervals[col.EMPLOYEE_ID].astype("category").cat.codes.to_numpy()
    pool = pd.DataFrame({"cell": cell[~exposed_rows], "person": person[~exposed_rows]})
    pool = pool.drop_duplicates()
    cells = pd.DataFrame({"group": counts["group"], "cell": cell[counts["row"].to_numpy()]})
    pairs = cells.drop_duplicates().merge(pool, on="cell")
    found = pairs.groupby("group")["person"].nunique()
    return found.reindex(range(n_groups), fill_value=0).to_numpy()
