"""The answers of the employee and scoring routes: an employee's gaps, their recommended
programs, and batch scores. (Participant selection is `model.participants`; a unit's needs
`model.unit_needs`.)

Each answer looks ids up (`model.directory`), keeps the pairs that may be offered
(`model.eligibility`), predicts (`model.prediction`) and shapes the result the route dumps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from features import columns as col
from model.jp_ledger import jp_ledger
from model.low_cost import low_cost_reason
from model.next_position import DEFAULT_WEIGHT, gap_answer, next_position_item, weighted_scores
from model.precomputed import recommend_from

if TYPE_CHECKING:
    from model.engine import Engine
    from model.live import LiveState

SCORE_OUTPUTS = ("score", "completion_probability", "expected_gain")


def gaps(engine: Engine, employee_id: str) -> dict[str, Any]:
    """The competency-gap profile of one employee, as of the bundle's snapshot."""
    directory = engine.directory
    e = directory.employee_code(employee_id)
    rows = directory.profile_rows([employee_id])
    need = directory.needs.iloc[e]
    described = directory.describe(np.array([e])).iloc[0]
    # how far the current level may be off: the export's spread x sqrt(1 - confidence)
    uncertainty = engine.state.level_spread * np.sqrt(1.0 - rows[col.CONFIDENCE].to_numpy())
    competencies = rows.assign(
        name=rows[col.COMPETENCY_ID].map(directory.competency_names),
        level_uncertainty=uncertainty,
        # never evaluated: no date (NaT would serialise as a date)
        last_evaluated_at=rows[col.LAST_EVALUATED_AT]
        .astype(object)
        .where(rows[col.LAST_EVALUATED_AT].notna(), None),
    ).sort_values(col.WEIGHTED_GAP, ascending=False)
    return {
        "employee_id": employee_id,
        "unit_id": need[col.UNIT_ID],
        "role_id": need[col.ROLE_ID],
        "name": described["name"],
        "role_title": described["role_title"],
        "unit_name": described["unit_name"],
        "as_of": engine.state.as_of.date(),
        "gap_index": float(need[col.GAP_INDEX]),
        "self_minus_others": _maybe(need[col.SELF_MINUS_OTHERS]),
        "latest_rating": _maybe(need[col.LATEST_RATING]),
        "jp_this_year": int(need[col.JP_THIS_YEAR]),
        "jp_remaining": int(need[col.JP_REMAINING]),
        "jp_by_category": jp_ledger(engine, employee_id),
        "competencies": competencies.to_dict("records"),
        "next_position": _next_position(engine, employee_id),
    }


def _next_position(engine: Engine, employee_id: str) -> dict[str, Any] | None:
    """The gaps against the position the employee is prepared for (`model.next_position`)."""
    found = gap_answer(engine, employee_id)
    if found is None:
        return None
    rows = found.pop("rows")
    uncertainty = engine.state.level_spread * np.sqrt(1.0 - rows[col.CONFIDENCE].to_numpy())
    shown = rows.assign(
        name=rows[col.COMPETENCY_ID].map(engine.directory.competency_names),
        level_uncertainty=uncertainty,
        last_evaluated_at=rows[col.LAST_EVALUATED_AT]
        .astype(object)
        .where(rows[col.LAST_EVALUATED_AT].notna(), None),
    ).sort_values(col.WEIGHTED_GAP, ascending=False)
    return {**found, "competencies": shown.to_dict("records")}


def recommend(
    engine: Engine,
    employee_id: str,
    k: int = 10,
    method: str | None = None,
    max_cost: float | None = None,
    include_outside_audience: bool = False,
    live: LiveState | None = None,
    next_position_weight: float | None = None,
) -> list[dict[str, Any]]:
    """The best `k` upcoming programs for one employee, best first, with reasons.

    Only programs the employee may be offered (`model.eligibility`, with the `live` state of
    approvals and enrolments; those outside the audience too with `include_outside_audience`),
    and of several sessions of one course only the best-scored is listed. For someone in the
    talent pool the next position's gaps count with `next_position_weight` (default
    `model.next_position.DEFAULT_WEIGHT`; 0: not at all), and `score` includes them.
    """
    weight = DEFAULT_WEIGHT if next_position_weight is None else float(next_position_weight)
    e = engine.directory.employee_code(employee_id)
    p = _upcoming(engine, method, max_cost)
    # `make score-all` ranked by the model's own score: someone whose next position counts
    # is ranked live (`model.next_position`), as is a request outside the audience
    weighted = weight > 0 and engine.next_positions.has_next(e)
    stored = None if include_outside_audience or weighted else _stored_top(engine, e, p, k, live)
    if stored is not None and len(stored) == 0:
        return []
    if stored is not None:  # read from `make score-all`'s ranking: the same answer
        es = np.full(len(stored), e)
        X, pred = engine.predict(es, stored)
        top = np.arange(len(stored))
        return _items(engine, employee_id, es, stored, X, pred, top, np.zeros(len(stored)), 0.0)
    es, p = engine.eligibility.candidate_pairs(np.array([e]), p)  # the agency rule's
    keep = engine.eligibility.offerable(es, p, include_outside_audience, live)
    p, es = p[keep], es[keep]
    if len(p) == 0:
        return []
    X, pred = engine.predict(es, p)
    score, ahead = weighted_scores(engine, e, p, X, pred, weight)
    pred = pred.assign(score=score)
    order = np.argsort(-score, kind="stable")
    # one session per course: the best-scored (ties: the earliest in the catalogue)
    first = np.unique(engine.state.course_codes[p[order]], return_index=True)[1]
    top = order[np.sort(first)][:k]
    return _items(engine, employee_id, es, p, X, pred, top, ahead, weight)


def _items(
    engine: Engine,
    employee_id: str,
    es: np.ndarray,
    p: np.ndarray,
    X: pd.DataFrame,
    pred: pd.DataFrame,
    top: np.ndarray,
    ahead: np.ndarray,
    weight: float,
) -> list[dict[str, Any]]:
    """The answer's rows `top` of the scored pairs (es, p), with their reasons; `ahead` the
    next position's expected gain of each pair, counted with `weight`."""
    explained = engine.explain(es[top], p[top], X.iloc[top])
    items = []
    for i, why in zip(top, explained, strict=True):
        nxt, reason = next_position_item(
            engine, employee_id, int(es[i]), int(p[i]), float(ahead[i]), weight
        )
        cheap = low_cost_reason(
            engine.programs.iloc[int(p[i])], why["covered_gaps"],
            float(engine.needs[col.JP_REMAINING].iloc[int(es[i])]),
        )  # fmt: skip
        # what the program is for comes before its risks
        first = [r for r in (reason, cheap) if r is not None]
        if first:
            why = {**why, "reasons": [*first, *why["reasons"]]}
        summary = engine.directory.program_summary(int(p[i]))
        items.append({**summary, **_prediction(pred.iloc[i]), **why, "next_position": nxt})
    return items


def _stored_top(
    engine: Engine, e: int, p: np.ndarray, k: int, live: LiveState | None
) -> np.ndarray | None:
    """The codes to answer with from the precomputed ranking, or None: answer live (no
    ranking stored for this employee, or its stored prefix runs short of `k`)."""
    if engine.precomputed is None:
        return None
    ranked = engine.precomputed.ranked(e)
    return None if ranked is None else recommend_from(engine, e, ranked, k, p, live)


def _upcoming(engine: Engine, method: str | None, max_cost: float | None) -> np.ndarray:
    """Codes of the upcoming programs of this method and at most this cost."""
    p = engine.eligibility.upcoming
    programs = engine.directory.programs
    if method is not None:
        p = p[programs[col.METHOD].to_numpy()[p] == method]
    if max_cost is not None:
        p = p[programs[col.COST].to_numpy()[p] <= max_cost]
    return p


def score(
    engine: Engine, pairs: list[dict[str, str]], live: LiveState | None = None
) -> list[dict[str, Any]]:
    """Scores for up to 10,000 pairs in one vectorised call; unknown ids get an error.

    Every pair is scored, also those the engine would not offer (the caller asked for them),
    and says which rules it breaks: `program_started`, `course_completed`, `enrolled`, and
    whether it is `in_audience`; with the `live` state also `holds_course` and
    `overlaps_held_session` (`model.eligibility`)."""
    emp_ids = [pair["employee_id"] for pair in pairs]
    prog_ids = [pair["program_id"] for pair in pairs]
    e, p = engine.directory.pair_codes(emp_ids, prog_ids)
    ok = (e >= 0) & (p >= 0)
    results: list[dict[str, Any]] = [{} for _ in pairs]
    if ok.any():
        _, pred = engine.predict(e[ok], p[ok])
        columns = {name: pred[name].to_numpy(dtype=float) for name in SCORE_OUTPUTS}
        columns.update(engine.eligibility.flags(e[ok], p[ok], live))
        names = list(columns)
        rows = zip(*(columns[name].tolist() for name in names), strict=True)  # native types
        for i, row in zip(np.flatnonzero(ok), rows, strict=True):
            results[i] = dict(zip(names, row, strict=True))
    for i in np.flatnonzero(~ok):
        what = "employee" if e[i] < 0 else "program"
        ident = emp_ids[i] if e[i] < 0 else prog_ids[i]
        results[i] = {"error": {"code": "not_found", "message": f"unknown {what}: {ident}"}}
    return [{**pair, **res} for pair, res in zip(pairs, results, strict=True)]


def _prediction(row: pd.Series) -> dict[str, float]:
    return {name: float(row[name]) for name in SCORE_OUTPUTS}


def _maybe(value: Any) -> Any:
    return None if pd.isna(value) else value
