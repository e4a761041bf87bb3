"""Level 3 by regression: every rating change against every program completed in between.

One row per change of one competency's rating by one source (supervisor or peer) between two
consecutive ratings of it (`rating_intervals`). The change is regressed on how many sessions
of each group (a course, or a course given in one method, ...) that targets this competency
the person completed between the two ratings (`exposed_sessions`), with

- fixed effects per (competency, source, year of the first rating, year of the second): the
  drift everybody shares, and each review cycle's calendar;
- the prior rating of the competency being measured: the mean of the person's earlier
  ratings of it by that source, before the first rating of the pair (with an indicator
  where there is none), for changes that depend on the level reached.

Why not the first rating of the pair itself (or a mean that includes it), as the matching
did: people are sent for their gaps, so attendees' true levels are lower; among colleagues
with the same observed rating, an attendee's rating was then more often a lucky draw, and
their change looks worse (Lord's paradox; Daw and Hatfield 2018). Conditioning on that
rating gave a worthless course -0.29 in a hand-made world (docs/program-evaluation.md on
the old -0.07 at 65,000 employees). The earlier ratings share no noise with the change.
The price: if people were sent *because* of the very last rating's dip, its regression to
the mean would count as effect (docs/program-evaluation.md).

Who the effect is for: all of a group's completers, though only those rated before and after
show a change (a fifth of them in the generated worlds: nobody is rated before the first
review, newcomers have no earlier rating, the last sessions are not yet re-rated). The rated
ones started higher, and people who start higher gain less, so their mean change understated
the courses (the -0.02 bias and 0.82 coverage at 65,000 employees). `modifier_sums` gives
each group a second regressor, its participants' pre-test minus the mean pre-test of all its
completers: with it, the group's coefficient is its effect at that mean (regression
adjustment for the effect on the treated; Imbens and Wooldridge 2009). That alone overshoots
at 65,000, so `effects.behaviour_effects` fits both and reports the union of their intervals
(docs/program-evaluation.md, "Who the effect is for").

A rating at 1 or 5 is a bound, not a value (the scale cannot record beyond it): people sent
for their gaps often start at 1, and read as a value their gain showed only in part (the
large courses 5-15 % low at 65,000 employees). `censoring.latent_changes` completes such
changes under a normal model of the pair's two ratings (EM) before the fit; a pair with both
ratings at a bound says nothing and is left out.

A session counts when its quarter starts after the first rating and both its quarter and its
end (its `end_date`, else presumed at `JP_PER_DAY`) lie a month (`changes.LAG`) before the
second; a completed session that straddles either rating makes that change ambiguous and it
is left out. Two programs in one interval share its change (each its own coefficient), and a
colleague serves as comparison for everyone rated in the same cell without double counting.
Standard errors are clustered by person (statsmodels' OLS with cov_type="cluster", computed
on a sparse design by `demeaned`): all of one person's changes, across competencies, sources
and years, may be correlated. The fixed effects are absorbed by demeaning within cells
(Frisch-Waugh), without forming the demeaned, dense design (`demeaned.Demeaned`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from features import columns as col
from model.program_evaluation import censoring
from model.program_evaluation.changes import LAG, SOURCES
from model.program_evaluation.demeaned import Demeaned, clustered_least_squares, within
from model.program_evaluation.facts import PERIOD_END, PERIOD_START

MAX_GAP = pd.Timedelta(days=820)  # two review cycles and a quarter: a skipped review is fine
BEFORE_AT, AFTER_AT, BEFORE, AFTER, PRIOR, CELL = (
    "before_at",
    "after_at",
    "before",
    "after",
    "prior_rating",
    "cell",
)
CONFIDENCE = 0.95
_KEYS = [col.EMPLOYEE_ID, col.COMPETENCY_ID, col.SOURCE]
SESSION_END = "session_end"
# Lesson hours (JP) a day: classroom and workshop full days (features.sessions); e-learning and
# blended programs run part-time beside the work, so one of 300 JP can last half a year. A
# presumed end too late only leaves a rating change out as ambiguous; too early would credit
# a course with a change measured before it ended.
# Pre-test points (0-100) a unit of the interaction stands for: only the scale of its
# coefficient, for a well-conditioned design; the effects do not depend on it.
PRE_SCALE = 20.0
JP_PER_DAY = {"classroom": 8.0, "workshop": 8.0, "e_learning": 1.5, "blended": 1.5}


def session_ends(programs: pd.DataFrame) -> pd.Series:
    """Each program's last day (indexed by program_id): its `end_date` where the export gives
    one (a nine-month programme's end no pace can guess), else presumed at JP_PER_DAY working
    days."""
    pace = programs[col.METHOD].map(JP_PER_DAY).fillna(min(JP_PER_DAY.values()))
    days = np.ceil(programs[col.DURATION_JP].to_numpy(dtype="float64") / pace.to_numpy())
    starts = programs[col.START_DATE].to_numpy().astype("datetime64[D]")
    ends = np.busday_offset(starts, np.maximum(days, 1).astype("int64"), roll="forward")
    given = programs.get(col.END_DATE)
    if given is not None:
        known = given.to_numpy(dtype="datetime64[D]")
        ends = np.where(np.isnat(known), ends, known)
    return pd.Series(ends.astype("datetime64[ns]"), index=programs[col.PROGRAM_ID].to_numpy())


def rating_intervals(evaluations: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Consecutive pairs of ratings of one competency by one source, at most MAX_GAP apart:
    employee_id, competency_id, source, before_at, after_at, before, after, prior_rating,
    and `cell` (an integer per competency, source and the two ratings' years)."""
    ev = evaluations[
        evaluations[col.SOURCE].isin(SOURCES) & (evaluations[col.EVALUATED_AT] <= as_of)
    ]
    ev = ev[[*_KEYS, col.LEVEL, col.EVALUATED_AT]].sort_values([*_KEYS, col.EVALUATED_AT])
    ev = ev.drop_duplicates([*_KEYS, col.EVALUATED_AT], keep="last", ignore_index=True)
    same = np.ones(len(ev), dtype=bool)
    for key in _KEYS:
        values = ev[key].to_numpy()
        same[1:] &= values[1:] == values[:-1]
    same[:1] = False
    # The prior: the mean of this source's earlier ratings of this competency, before "before"
    # (NaN when "before" is the first): see the module's docstring for why not "before" itself.
    level = ev[col.LEVEL].to_numpy(dtype="float64")
    first = np.flatnonzero(~same)
    run = np.repeat(first, np.diff(np.r_[first, len(ev)]))  # each row's first row of its key
    total = np.r_[0.0, np.cumsum(level)]
    n_earlier = np.arange(len(ev)) - run  # ratings of the key before each row
    with np.errstate(invalid="ignore", divide="ignore"):
        prior = (total[:-1] - total[run]) / n_earlier
    after = np.flatnonzero(same)
    before = after - 1
    at = ev[col.EVALUATED_AT].to_numpy()
    out = pd.DataFrame(
        {
            **{k: ev[k].to_numpy()[after] for k in _KEYS},
            BEFORE_AT: at[before],
            AFTER_AT: at[after],
            BEFORE: ev[col.LEVEL].to_numpy()[before],
            AFTER: ev[col.LEVEL].to_numpy()[after],
            PRIOR: prior[before],
        }
    )
    out = out[(out[AFTER_AT] - out[BEFORE_AT]) <= MAX_GAP].reset_index(drop=True)
    years = [out[BEFORE_AT].dt.year, out[AFTER_AT].dt.year]
    cells = [out[col.COMPETENCY_ID], out[col.SOURCE], *years]
    out[CELL] = pd.Series(np.zeros(len(out))).groupby(cells).ngroup().to_numpy()
    return out


def exposed_sessions(
    intervals: pd.DataFrame, completed: pd.DataFrame
) -> tuple[pd.DataFrame, np.ndarray]:
    """(inside, ambiguous): `inside` holds the rows of `completed` (with `row`, an index into
    `intervals`) of sessions completed between a row's two ratings; `ambiguous` marks the
    rows a completed session straddles. `completed` holds employee_id, competency_id,
    period_start, period_end, session_end and the group keys: one row per completed session
    and competency it targets. A session counts from its quarter's start to the later of its
    quarter's end and its own (presumed) end."""
    pairs = intervals[[col.EMPLOYEE_ID, col.COMPETENCY_ID, BEFORE_AT, AFTER_AT]].reset_index(
        names="row"
    )
    pairs = pairs.merge(completed, on=[col.EMPLOYEE_ID, col.COMPETENCY_ID], how="inner")
    start = pairs[PERIOD_START]
    end = np.maximum(pairs[PERIOD_END], pairs[SESSION_END])
    inside = (start > pairs[BEFORE_AT]) & (end + LAG <= pairs[AFTER_AT])
    straddles = ((start <= pairs[BEFORE_AT]) & (end > pairs[BEFORE_AT])) | (
        (start < pairs[AFTER_AT]) & (end + LAG > pairs[AFTER_AT]) & ~inside
    )
    ambiguous = np.zeros(len(intervals), dtype=bool)
    ambiguous[pairs.loc[straddles, "row"].to_numpy()] = True
    return pairs[inside].reset_index(drop=True), ambiguous


def group_counts(inside: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counts, groups): `counts` has `row`, `group` (a code) and `n` (sessions of the group
    completed in the row's interval); `groups` the key values of each code, in code order."""
    codes = inside.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    groups = inside[keys].drop_duplicates().sort_values(keys, ignore_index=True)
    frame = pd.DataFrame({"row": inside["row"].to_numpy(), "group": codes})
    counts = frame.groupby(["row", "group"], sort=True).size().rename("n").reset_index()
    return counts, groups


def modifier_sums(
    inside: pd.DataFrame, completers: pd.DataFrame, keys: list[str], groups: pd.DataFrame
) -> pd.DataFrame:
    """Per (row, group) of `inside`: the summed pre-test shift `shift` of the sessions counted,
    each participant's pre-test score minus the mean over *all* the group's completers (in
    PRE_SCALE points; 0 where either is missing). With it as an interaction, a group's effect
    is its effect at the pre-test level of all its completers, not only of those rated before
    and after (docs/program-evaluation.md, "Who the effect is for")."""
    coded = groups[keys].assign(group=np.arange(len(groups)))
    centre = completers.groupby(keys, sort=True, dropna=False)[col.PRE_SCORE].mean()
    coded = coded.merge(centre.rename("centre").reset_index(), on=keys, how="left")
    rows = inside[[*keys, "row", col.PRE_SCORE]].merge(coded, on=keys, how="left")
    group = rows["group"].to_numpy()
    shift = (rows[col.PRE_SCORE].to_numpy(dtype="float64") - rows["centre"].to_numpy()) / PRE_SCALE
    frame = pd.DataFrame({"row": rows["row"].to_numpy(), "group": group, "shift": shift})
    frame["shift"] = frame["shift"].fillna(0.0)
    return frame.groupby(["row", "group"], sort=True)["shift"].sum().reset_index()


@dataclass(frozen=True)
class Fit:
    """Effects per group code (NaN where not estimable), their covariance, and counts."""

    effect: np.ndarray
    low: np.ndarray
    high: np.ndarray
    covariance: np.ndarray
    n_rows: int
    n_people: int


def fit_effects(
    intervals: pd.DataFrame,
    counts: pd.DataFrame,
    n_groups: int,
    shifts: pd.DataFrame | None = None,
) -> Fit:
    """OLS of rating changes on session counts per group and the prior rating, within cells,
    with errors clustered by person. Rows of `intervals` must be unambiguous. With `shifts`
    (`modifier_sums`), each group also gets an interaction with its participants' centred
    pre-test, so its effect is the one at the mean pre-test of all its completers. Ratings
    at an end of the scale are read as bounds (`censoring.latent_changes`)."""
    nan = np.full(n_groups, np.nan)
    empty = Fit(nan, nan.copy(), nan.copy(), np.full((n_groups, n_groups), np.nan), 0, 0)
    if counts.empty or len(intervals) < 3:
        return empty
    before = intervals[BEFORE].to_numpy(dtype="float64")
    after = intervals[AFTER].to_numpy(dtype="float64")
    # both ratings at an end of the scale (mostly 1 and 1): the change could be anything,
    # and read as a value it would enter as a known zero change (censoring.py)
    rows = np.flatnonzero((censoring.side(before) == 0) | (censoring.side(after) == 0))
    before, after = before[rows], after[rows]
    kept_row = np.full(len(intervals), -1)
    kept_row[rows] = np.arange(rows.size)
    cell = intervals[CELL].to_numpy()[rows]
    x = Demeaned.of(_per_group(kept_row, counts, "n", rows.size, n_groups), cell)
    prior = intervals[PRIOR].to_numpy(dtype="float64")[rows]
    known = np.isfinite(prior)
    controls = within(np.column_stack([np.where(known, prior, 0.0), known.astype("float64")]), cell)
    usable = np.flatnonzero(np.diag(x.gram()) > 1e-18)  # a column left after demeaning
    if usable.size == 0:
        return empty
    prior_columns = controls[:, np.abs(controls).sum(axis=0) > 1e-9]  # none in one cycle
    x = x.columns(usable)
    # A group's interaction only where its participants' pre-tests vary (else it has none).
    slope_raw = sparse.csr_matrix((rows.size, 0))
    if shifts is not None and not shifts.empty:
        slope_raw = _per_group(kept_row, shifts, "shift", rows.size, n_groups)[:, usable]
        slope_raw = slope_raw[:, _varies(slope_raw, x)]
    raw = sparse.hstack([x.raw, slope_raw, sparse.csr_matrix(prior_columns)], format="csr")
    design = Demeaned.of(raw, cell)
    people = intervals[col.EMPLOYEE_ID].astype("category").cat.codes.to_numpy()[rows]
    start_design = Demeaned.of(prior_columns, cell)
    changes = censoring.latent_changes(
        before, after, design, start_design, lambda values: within(values, cell)
    )
    y = within(changes, cell)
    result = clustered_least_squares(design, y, people)
    interval = result.conf_int(CONFIDENCE)
    effect, low, high = nan.copy(), nan.copy(), nan.copy()
    effect[usable] = result.params[: usable.size]
    low[usable], high[usable] = interval[: usable.size, 0], interval[: usable.size, 1]
    covariance = np.full((n_groups, n_groups), np.nan)
    covariance[np.ix_(usable, usable)] = result.covariance[: usable.size, : usable.size]
    return Fit(effect, low, high, covariance, len(y), result.n_people)


def _per_group(
    kept_row: np.ndarray, frame: pd.DataFrame, value: str, n_rows: int, n_groups: int
) -> sparse.csr_matrix:
    """Rows x groups, `frame[value]` at each (row, group) of `frame` whose row is kept
    (`kept_row`: the row's new index, -1 if left out)."""
    row = kept_row[frame["row"].to_numpy()]
    keep = row >= 0
    values, group = frame[value].to_numpy(dtype="float64"), frame["group"].to_numpy()
    return sparse.csr_matrix((values[keep], (row[keep], group[keep])), shape=(n_rows, n_groups))


def _varies(slopes: sparse.csr_matrix, x: Demeaned) -> np.ndarray:
    """Columns of `slopes` (raw, one per column of `x`) not (nearly) zero nor proportional to
    their group's count column once both are demeaned: those that can be estimated beside it."""
    both = Demeaned.of(sparse.hstack([slopes, x.raw], format="csr"), x.cell).gram()
    k = slopes.shape[1]
    size = np.sqrt(np.clip(np.diag(both)[:k], 0, None))
    if not size.any():
        return size > 0
    scale = np.sqrt(np.clip(np.diag(both)[k:], 0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.abs(np.diag(both[:k, k:])) / (size * scale)
    return (size > 1e-9) & (cosine < 1 - 1e-6)
