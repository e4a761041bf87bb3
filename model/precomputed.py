"""Precomputed answers (`make score-all`): every employee's upcoming programs ranked by score,
and every upcoming program's candidates ranked, kept in the bundle as Parquet datasets.

`ranked_pairs` computes them for some employees with the engine's own eligibility and
prediction, so they are what the live path ranks. A recommendation read from them
(`recommend_from`) applies the request's filters and the live state to the stored ranking and
predicts only the `k` rows it answers with: the same answer as the live path, as long as the
stored prefix holds `k` programs that survive the filters; when it does not (and it was cut),
the caller answers live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from features import columns as col

if TYPE_CHECKING:
    from model.engine import Engine
    from model.live import LiveState

PRECOMPUTED = "precomputed"
RECOMMENDATIONS = f"{PRECOMPUTED}/recommendations"
CANDIDATES = f"{PRECOMPUTED}/candidates"
CODES = f"{PRECOMPUTED}/codes"  # the recommendations by code, read memory-mapped
DATASET = "dataset"  # the manifest's kind of these files: checksummed, read by this module
# Rows kept per employee: k is at most 100, and a default answer of 10 keeps its 10 after
# several approvals, enrolments and a method or cost filter; past the prefix, answers are live.
PER_EMPLOYEE = 60
PER_PROGRAM = 500  # candidates kept per program (seats plus a waitlist, for most sessions)
PAIRS_PER_BATCH = 2_000_000  # pairs predicted at once: bounds a task's memory
RANK, ELIGIBLE, SCORE = "rank", "eligible", "score"
OUTPUTS = ("score", "completion_probability", "expected_gain")


def ranked_pairs(
    engine: Engine, e: np.ndarray, per_employee: int = PER_EMPLOYEE, per_program: int = PER_PROGRAM
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(recommendations, candidates) for the employee codes `e`: each employee's offerable
    upcoming programs best first (the first `per_employee`, with `eligible`, how many there
    are), and each program's best `per_program` of these employees. Ties are broken as the
    live path breaks them: by program code, and by employee code."""
    upcoming = engine.eligibility.upcoming
    recs, cands = [], []
    for batch in _batches(engine.eligibility.agency.pair_counts(e, upcoming)):
        pairs = _scored(engine, e[batch], upcoming)
        recs.append(_top(pairs, "e", "p", per_employee))
        cands.append(_top(pairs, "p", "e", per_program))
    recs_frame = _with_ids(engine, pd.concat(recs))
    return recs_frame, _with_ids(engine, best_candidates(cands, per_program))


def _batches(pairs: np.ndarray) -> list[slice]:
    """Consecutive employees whose pairs (`pairs[i]` each) make at most `PAIRS_PER_BATCH`
    (at least one employee per batch)."""
    ends = np.cumsum(pairs)
    out, start = [], 0
    while start < len(pairs):
        base = ends[start - 1] if start else 0
        stop = max(int(np.searchsorted(ends, base + PAIRS_PER_BATCH, side="right")), start + 1)
        out.append(slice(start, stop))
        start = stop
    return out


def best_candidates(parts: list[pd.DataFrame], per_program: int = PER_PROGRAM) -> pd.DataFrame:
    """Each program's best `per_program` among the candidates of several tasks."""
    whole = pd.concat(parts, ignore_index=True)
    order = np.lexsort((whole["e"], -whole[SCORE].to_numpy(), whole["p"]))
    whole = whole.iloc[order].reset_index(drop=True)
    rank = whole.groupby("p").cumcount().to_numpy()
    eligible = whole.groupby("p")[ELIGIBLE].transform("sum") if ELIGIBLE in whole else None
    keep = rank < per_program
    out = whole[keep].assign(**{RANK: rank[keep]})
    return out if eligible is None else out.assign(**{ELIGIBLE: eligible[keep].to_numpy()})


def _scored(engine: Engine, e: np.ndarray, upcoming: np.ndarray) -> pd.DataFrame:
    # only the pairs the agency rule allows are formed (each agency's employees x its
    # sessions, everyone x the open ones): pairs grow with the employees, not with the product
    es, ps = engine.eligibility.candidate_pairs(e, upcoming)
    keep = engine.eligibility.offerable(es, ps)
    es, ps = es[keep], ps[keep]
    _, pred = engine.predict(es, ps, num_threads=1)
    return pd.DataFrame(
        {"e": es, "p": ps, **{name: pred[name].to_numpy(dtype=float) for name in OUTPUTS}}
    )


def _top(pairs: pd.DataFrame, by: str, then: str, n: int) -> pd.DataFrame:
    """Per `by`, its rows best score first (ties: `then` ascending), the first `n`."""
    order = np.lexsort((pairs[then], -pairs[SCORE].to_numpy(), pairs[by]))
    pairs = pairs.iloc[order]
    group = pairs.groupby(by)
    rank = group.cumcount().to_numpy()
    eligible = group[then].transform("size").to_numpy()
    keep = rank < n
    return pairs[keep].assign(**{RANK: rank[keep], ELIGIBLE: eligible[keep]})


def _with_ids(engine: Engine, frame: pd.DataFrame) -> pd.DataFrame:
    state = engine.state
    return frame.assign(
        **{
            col.EMPLOYEE_ID: state.employee_ids.to_numpy()[frame["e"].to_numpy()],
            col.PROGRAM_ID: state.program_ids.to_numpy()[frame["p"].to_numpy()],
        }
    ).reset_index(drop=True)


CODE_ARRAYS = ("start", "programs", "complete")


@dataclass(frozen=True)
class Precomputed:
    """Each employee's stored ranking as program codes (rows `start[e]` to `start[e + 1]`),
    and whether it holds every program the employee may be offered (`complete[e]`)."""

    start: np.ndarray
    programs: np.ndarray
    complete: np.ndarray

    def ranked(self, e: int) -> tuple[np.ndarray, bool] | None:
        """The stored ranking of employee code `e`, or None when none is stored."""
        first, last = self.start[e], self.start[e + 1]
        if first == last:
            return None
        return self.programs[first:last], bool(self.complete[e])


def read_precomputed(path: str | Path, state: Any) -> Precomputed:
    """The recommendations of the bundle at `path` (verified by its loader), by code: the
    arrays `make score-all` wrote beside them, memory-mapped (a worker holds the rows it
    reads), else, for a bundle scored before they were written, from the Parquet dataset."""
    folder = Path(path) / CODES
    if all((folder / f"{name}.npy").is_file() for name in CODE_ARRAYS):
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in CODE_ARRAYS
        }
        if len(arrays["start"]) == len(state.employee_ids) + 1:  # codes of this state
            return Precomputed(**arrays)
    frame = pq.read_table(
        Path(path) / RECOMMENDATIONS, columns=[col.EMPLOYEE_ID, col.PROGRAM_ID, RANK, ELIGIBLE]
    ).to_pandas()
    return precomputed_codes([frame], state)


def write_codes(folder: Path, precomputed: Precomputed) -> None:
    """`precomputed`'s arrays as `.npy` files in `folder` (`read_precomputed` maps them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in CODE_ARRAYS:
        np.save(folder / f"{name}.npy", np.asarray(getattr(precomputed, name)))


def precomputed_codes(parts: Iterable[pd.DataFrame], state: Any) -> Precomputed:
    """The recommendations frames (`ranked_pairs`' ids, rank and eligible) by code: each
    employee's programs in rank order, rows dropped whose employee or program the state does
    not know. Frame by frame, so no one frame of every employee's text ids is made."""
    e_parts, p_parts, rank_parts, eligible_parts = [], [], [], []
    for frame in parts:
        e_parts.append(state.employee_ids.get_indexer(frame[col.EMPLOYEE_ID]))
        p_parts.append(state.program_ids.get_indexer(frame[col.PROGRAM_ID]))
        rank_parts.append(frame[RANK].to_numpy(dtype=np.int64))
        eligible_parts.append(frame[ELIGIBLE].to_numpy(dtype=np.int64))
    e, p, rank, eligible_of = (
        np.concatenate(a) if a else np.zeros(0, dtype=np.int64)
        for a in (e_parts, p_parts, rank_parts, eligible_parts)
    )
    known = (e >= 0) & (p >= 0)
    e, p, rank, eligible_of = e[known], p[known], rank[known], eligible_of[known]
    order = np.lexsort((rank, e))
    e, p = e[order], p[order]
    n = len(state.employee_ids)
    start = np.searchsorted(e, np.arange(n + 1)).astype(np.int64)
    stored = np.bincount(e, minlength=n)
    eligible = np.zeros(n, dtype=np.int64)
    eligible[e] = eligible_of[order]
    return Precomputed(start=start, programs=p.astype(np.int32), complete=stored >= eligible)


def recommend_from(
    engine: Engine,
    e: int,
    ranked: tuple[np.ndarray, bool],
    k: int,
    programs: np.ndarray,
    live: LiveState | None,
) -> np.ndarray | None:
    """The codes of the top `k` of a stored ranking that pass the filters (`programs`: codes
    allowed by method and cost) and the live state, one session per course; None when the
    stored prefix was cut before `k` of them (then the caller answers live)."""
    p, complete = ranked
    p = p[np.isin(p, programs)]
    p = p[engine.eligibility.offerable(np.full(len(p), e), p, False, live)]
    first = np.unique(engine.state.course_codes[p], return_index=True)[1]
    top = p[np.sort(first)][:k]
    if len(top) < k and not complete:
        return None
    return top
