"""Level 4: did units that sent many people to a course serve the public better afterwards?

For each course, a unit's change is the mean over its indicators of (after - before), signed
so that positive is better and divided by the indicator's spread between units: "before" is
the mean over the year up to the course's first session, "after" over the year up to the
snapshot. Units where at least `MANY_SHARE` of today's staff completed the course are set
against units where nobody did, with a Welch 95% interval of the difference. Units choose
whom to send and also improve for other reasons, so this is an association, not proof.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from features import columns as col
from features.positions import positions_on
from features.tables import Tables
from model import messages as said
from model.program_evaluation.facts import COURSE
from model.program_evaluation.levels import nan_to_none

LABEL = said.Message(said.ASSOCIATION)
MANY_SHARE = 0.05  # of a unit's staff completed the course
MIN_UNITS = 3  # in each group
YEAR = pd.Timedelta(days=365)
MIN_FOLLOW_UP = pd.Timedelta(days=180)


def unit_results(
    tables: Tables, facts: pd.DataFrame, as_of: pd.Timestamp
) -> dict[str, dict[str, Any]]:
    """Level 4 per course (course name -> result); empty without unit indicators."""
    indicators = tables.unit_indicators
    indicators = indicators[indicators[col.PERIOD_START] <= as_of]
    if indicators.empty:
        return {}
    shares = _trained_shares(tables, facts)
    first = facts.groupby(COURSE)[col.START_DATE].min()
    return {
        str(course): course_result(indicators, shares.get(course, pd.Series()), start, as_of)
        for course, start in first.items()  # one comparison per course
    }


def _trained_shares(tables: Tables, facts: pd.DataFrame) -> dict[str, pd.Series]:
    """Per course: the share of each unit's staff (today's head count) that completed it,
    by the unit held when the session started; units that sent nobody at 0."""
    done = facts[facts[col.STATUS] == col.COMPLETED]
    held = positions_on(tables, done[col.EMPLOYEE_ID].to_numpy(), done[col.START_DATE].to_numpy())
    counts = pd.crosstab(held[col.UNIT_ID].to_numpy(), done[COURSE].to_numpy())
    heads = tables.employees[col.UNIT_ID].value_counts()
    units = heads.index.union(counts.index)
    counts = counts.reindex(units, fill_value=0)
    share = counts.div(heads.reindex(units).clip(lower=1).fillna(1), axis=0)
    return {course: share[course] for course in share.columns}


def course_result(
    indicators: pd.DataFrame, share: pd.Series, start: pd.Timestamp, as_of: pd.Timestamp
) -> dict[str, Any]:
    """The level 4 comparison of one course first held on `start`."""
    change = unit_changes(indicators, start, as_of)
    share = share.reindex(change.index, fill_value=0.0)
    many, none = change[share >= MANY_SHARE], change[share == 0]
    out: dict[str, Any] = {
        "label": LABEL,
        "indicators": sorted(indicators[col.INDICATOR].unique().tolist()),
        "before_until": start.date(),
        "many_means": said.Message(said.MANY_COMPLETED, share=MANY_SHARE),
        "n_units_sent_many": int(many.size),
        "n_units_sent_none": int(none.size),
        "difference": None,
        "ci_low": None,
        "ci_high": None,
        "reason": None,
    }
    if as_of - start < MIN_FOLLOW_UP:
        return out | {"reason": said.Message(said.SHORT_FOLLOW_UP)}
    if min(many.size, none.size) < MIN_UNITS:
        return out | {"reason": said.Message(said.FEW_UNITS, n=MIN_UNITS)}
    with warnings.catch_warnings():  # a group of identical changes is data, not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        test = stats.ttest_ind(many.to_numpy(), none.to_numpy(), equal_var=False)
        interval = test.confidence_interval(0.95)
    difference = float(many.mean() - none.mean())
    low, high = nan_to_none(float(interval.low)), nan_to_none(float(interval.high))
    return out | {"difference": difference, "ci_low": low, "ci_high": high}


def unit_changes(indicators: pd.DataFrame, start: pd.Timestamp, as_of: pd.Timestamp) -> pd.Series:
    """Per unit, the mean standardised improvement of its indicators from the year up to
    `start` to the year up to `as_of` (units lacking either year are left out)."""
    day = indicators[col.PERIOD_START]
    before = indicators[(day <= start) & (day > start - YEAR)]
    after = indicators[(day > as_of - YEAR) & (day > start)]
    keys = [col.UNIT_ID, col.INDICATOR]
    means = pd.concat(
        {
            "before": before.groupby(keys)[col.VALUE].mean(),
            "after": after.groupby(keys)[col.VALUE].mean(),
        },
        axis=1,
    ).dropna()
    better = indicators.groupby(col.INDICATOR)[col.HIGHER_IS_BETTER].first().isin(col.TRUE_VALUES)
    sign = np.where(better.reindex(means.index.get_level_values(col.INDICATOR)), 1.0, -1.0)
    spread = means["before"].groupby(level=col.INDICATOR).std(ddof=1)
    scale = spread.reindex(means.index.get_level_values(col.INDICATOR)).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        standard = sign * (means["after"] - means["before"]).to_numpy() / scale
    standard = pd.Series(standard, index=means.index).replace([np.inf, -np.inf], np.nan)
    return standard.groupby(level=col.UNIT_ID).mean().dropna()
