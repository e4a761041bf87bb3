"""Training examples from the enrolment history, each with features as known before its decision.

One ranking query per (employee, enrolment date). Its candidates are the programs that were
open then (starting within the usual enrolment lead time); the programs the employee enrolled
in are graded by their outcome, and a sample of the others, which the employee did not take,
are the negatives. Drawing negatives only from what was on offer at that moment keeps the
comparison to "this program or another one open at the same time", rather than to programs
the employee could never have chosen.

Relevance grades (why: the engine should prefer programs that are finished *and* change
something, and a program taken but not finished still told us more than one never taken):
    3  completed with a measured learning gain (post - pre >= 10 points, or behaviour >= 4)
    2  completed
    1  enrolled but dropped, failed or no-show
    0  open at the time but not taken
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from features.efficacy import measured_efficacy
from features.history import OUTCOME_LAG_DAYS, enrollment_end_dates
from features.pairs import pair_features_by_code
from features.state import point_in_time
from features.tables import Tables
from model.training.errors import TrainingDataError

LEARNING_GAIN_POINTS = 10.0
GOOD_BEHAVIOR = 4.0
MIN_LEAD_DAYS, MAX_LEAD_DAYS = 14, 365


@dataclass(frozen=True)
class Examples:
    """Rows sorted by query; `not_completed` is NaN for rows that were not enrolments."""

    features: pd.DataFrame
    query: np.ndarray
    relevance: np.ndarray
    not_completed: np.ndarray
    efficacy: np.ndarray  # measured efficacy of completed enrolments (NaN otherwise)
    decided_at: np.ndarray
    outcome_known_at: np.ndarray
    employee_id: np.ndarray
    program_id: np.ndarray

    def subset(self, mask: np.ndarray) -> Examples:
        return Examples(
            features=self.features[mask].reset_index(drop=True),
            **{k: getattr(self, k)[mask] for k in _ARRAY_FIELDS},
        )

    @property
    def enrolled(self) -> np.ndarray:
        return ~np.isnan(self.not_completed)

    def taken_programs(self) -> Examples:
        """Only the enrolments, one query per employee, graded 0 (not completed) to 2.

        Which of the programs an employee actually took went best: a comparison free of who
        got nominated, since every row was taken. Employees with one enrolment compare
        nothing and are left out. The score blend is chosen on it.
        """
        employees = pd.Series(self.employee_id[self.enrolled])
        several = (
            self.enrolled
            & pd.Series(self.employee_id).isin(employees[employees.duplicated()]).to_numpy()
        )
        taken = self.subset(several)
        return Examples(
            features=taken.features,
            **{k: getattr(taken, k) for k in _ARRAY_FIELDS if k not in ("query", "relevance")},
            query=pd.factorize(taken.employee_id)[0],
            relevance=taken.relevance - 1,
        )


_ARRAY_FIELDS = (
    "query",
    "relevance",
    "not_completed",
    "efficacy",
    "decided_at",
    "outcome_known_at",
    "employee_id",
    "program_id",
)


def build_examples(
    tables: Tables, until: pd.Timestamp, negatives: int = 15, seed: int = 0
) -> Examples:
    """Examples for every enrolment with an outcome dated on or before `until`.

    Features of a decision made on day t come from the state at the end of the month before
    t, so they use only data dated before t.
    """
    enr = _enrolments_with_outcome(tables, pd.Timestamp(until))
    rng = np.random.default_rng(seed)
    month = enr[col.ENROLLED_AT].dt.to_period("M").dt.start_time - pd.Timedelta(days=1)
    parts = [
        _month_examples(
            tables, enr[month == as_of], as_of, lead_time_days(tables, as_of), negatives, rng
        )
        for as_of in sorted(month.unique())
    ]
    found = [p for p in parts if p is not None]
    if not found:
        raise TrainingDataError(
            f"no enrolment with an outcome known by {pd.Timestamp(until).date()} to learn from"
        )
    return _concat(found)


def lead_time_days(tables: Tables, as_of: pd.Timestamp) -> int:
    """How far ahead of a program's start people enrolled (95th percentile), in days, as seen
    in the enrolments made by `as_of` (MAX_LEAD_DAYS before any)."""
    enr = tables.enrollments[tables.enrollments[col.ENROLLED_AT] <= as_of]
    starts = enr[col.PROGRAM_ID].map(tables.programs.set_index(col.PROGRAM_ID)[col.START_DATE])
    lead = (starts - enr[col.ENROLLED_AT]).dt.days
    if lead.dropna().empty:
        return MAX_LEAD_DAYS
    return int(np.clip(np.nanquantile(lead, 0.95), MIN_LEAD_DAYS, MAX_LEAD_DAYS))


def _enrolments_with_outcome(tables: Tables, until: pd.Timestamp) -> pd.DataFrame:
    enr = tables.enrollments
    known_at = enrollment_end_dates(enr, tables.programs) + pd.Timedelta(days=OUTCOME_LAG_DAYS)
    out = enr.assign(outcome_known_at=known_at.to_numpy())
    keep = (out[col.STATUS] != col.IN_PROGRESS) & (out["outcome_known_at"] <= until)
    return out[keep.to_numpy()].reset_index(drop=True)


def _month_examples(
    tables: Tables,
    enr: pd.DataFrame,
    as_of: pd.Timestamp,
    lead: int,
    negatives: int,
    rng: np.random.Generator,
) -> Examples | None:
    """The queries of the enrolments decided in the month after `as_of`."""
    state = point_in_time(tables, as_of)
    e = state.employee_ids.get_indexer(enr[col.EMPLOYEE_ID])
    p = state.program_ids.get_indexer(enr[col.PROGRAM_ID])
    enr, e, p = enr[e >= 0], e[e >= 0], p[e >= 0]
    if enr.empty:
        return None
    query = pd.factorize(pd.MultiIndex.from_arrays([e, enr[col.ENROLLED_AT]]))[0]
    decided = enr[col.ENROLLED_AT].to_numpy()
    neg_q, neg_p = _sample_negatives(tables, query, decided, p, lead, negatives, rng)
    rows = pd.DataFrame(
        {
            "query": np.concatenate([query, neg_q]),
            "e": np.concatenate([e, e[_first_row_of(query)][neg_q]]),
            "p": np.concatenate([p, neg_p]),
            "relevance": np.concatenate([_grades(enr), np.zeros(len(neg_q), dtype=np.int32)]),
            "not_completed": np.concatenate(
                [
                    enr[col.STATUS].isin(col.NOT_COMPLETED).to_numpy(float),
                    np.full(len(neg_q), np.nan),
                ]
            ),
            "efficacy": np.concatenate([measured_efficacy(enr), np.full(len(neg_q), np.nan)]),
        }
    ).sort_values("query", kind="stable")
    first = _first_row_of(query)
    features = pair_features_by_code(state, rows["e"].to_numpy(), rows["p"].to_numpy())
    q = rows["query"].to_numpy()
    return Examples(
        features=features,
        query=q,
        relevance=rows["relevance"].to_numpy(),
        not_completed=rows["not_completed"].to_numpy(),
        efficacy=rows["efficacy"].to_numpy(),
        decided_at=decided[first][q],
        outcome_known_at=_latest_per_query(enr["outcome_known_at"], query)[q],
        employee_id=state.employee_ids.to_numpy()[rows["e"].to_numpy()],
        program_id=state.program_ids.to_numpy()[rows["p"].to_numpy()],
    )


def _first_row_of(query: np.ndarray) -> np.ndarray:
    """For each query id 0..n-1, the index of its first row."""
    return np.unique(query, return_index=True)[1]


def _sample_negatives(
    tables: Tables,
    query: np.ndarray,
    decided: np.ndarray,
    taken: np.ndarray,
    lead: int,
    negatives: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Up to `negatives` programs per query among those open at its decision, not taken."""
    starts = tables.programs[col.START_DATE].to_numpy()
    order = np.argsort(starts, kind="stable")
    first = _first_row_of(query)
    t = decided[first]
    lo = np.searchsorted(starts[order], t, side="right")
    hi = np.searchsorted(starts[order], t + np.timedelta64(lead, "D"), side="right")
    size = np.maximum(hi - lo, 0)
    q = np.repeat(np.arange(len(first)), negatives)[np.repeat(size, negatives) > 0]
    pick = lo[q] + (rng.random(len(q)) * size[q]).astype(np.int64)
    cand = order[pick]
    pairs = pd.DataFrame({"q": q, "p": cand}).drop_duplicates()
    taken_pairs = pd.DataFrame({"q": query, "p": taken})
    pairs = pairs.merge(taken_pairs, how="left", indicator=True)
    pairs = pairs[pairs["_merge"] == "left_only"]
    return pairs["q"].to_numpy(), pairs["p"].to_numpy()


def _latest_per_query(times: pd.Series, query: np.ndarray) -> np.ndarray:
    """When the last outcome of each query was known: a query is split as a whole."""
    return pd.Series(times.to_numpy()).groupby(query).max().to_numpy()


def _grades(enr: pd.DataFrame) -> np.ndarray:
    completed = (enr[col.STATUS] == col.COMPLETED).to_numpy()
    gain = (enr[col.POST_SCORE] - enr[col.PRE_SCORE]).to_numpy(dtype=float)
    learned = (np.nan_to_num(gain, nan=-np.inf) >= LEARNING_GAIN_POINTS) | (
        enr[col.BEHAVIOR_SCORE].fillna(0).to_numpy(dtype=float) >= GOOD_BEHAVIOR
    )
    return np.where(completed, np.where(learned, 3, 2), 1).astype(np.int32)


def concat_examples(parts: list[Examples]) -> Examples:
    """Sets built apart (one per partition, `pipeline.examples`) as one, queries renumbered."""
    if not parts:
        raise TrainingDataError("no enrolment with an outcome to learn from in any partition")
    return _concat(parts)


def _concat(parts: list[Examples]) -> Examples:
    offsets = np.cumsum([0] + [int(p.query.max()) + 1 for p in parts[:-1]])
    arrays = {
        k: np.concatenate([getattr(p, k) for p in parts]) for k in _ARRAY_FIELDS if k != "query"
    }
    query = np.concatenate([p.query + off for p, off in zip(parts, offsets, strict=True)])
    features = pd.concat([p.features for p in parts], ignore_index=True)
    return Examples(features=features, query=query, **arrays)
