"""Courses, and methods within a course, ranked by level 3 effect per rupiah.

The rank goes by the lower end of the 95% interval of the effect per Rp 1 million, and only
groups with sufficient evidence get a rank: a course measured on three people cannot come
first by luck. A free course (cost 0) with a positive lower bound comes first of all.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.program_evaluation.certainty import rank_certainty
from model.program_evaluation.evidence import SUFFICIENT
from model.program_evaluation.facts import COURSE
from model.program_evaluation.levels import nan_to_none
from model.program_evaluation.summary import ProgramEvaluations

RANK_KEY = "rank_key"


def rank_courses(
    evaluations: ProgramEvaluations, method: str | None = None, provider: str | None = None
) -> list[dict[str, Any]]:
    """Courses best first (their sessions of `method` and `provider` only, when given): ranked
    ones by the lower bound of effect per rupiah, then the unranked (insufficient evidence)."""
    keys = [COURSE] + [col.METHOD] * bool(method) + [col.PROVIDER] * bool(provider)
    name = "_".join(keys) if len(keys) > 1 else COURSE
    summary = evaluations.summaries[name]
    if method:
        summary = summary[summary[col.METHOD] == method]
    if provider:
        summary = summary[summary[col.PROVIDER] == provider]
    return _ranked_items(summary, keys, _covariance(evaluations, name))


def rank_methods(evaluations: ProgramEvaluations, course: str) -> list[dict[str, Any]]:
    """The methods a course was given in, best first by the same rule."""
    summary = evaluations.summaries["course_method"]
    covariance = _covariance(evaluations, "course_method")
    return _ranked_items(summary[summary[COURSE] == course], [COURSE, col.METHOD], covariance)


def _covariance(evaluations: ProgramEvaluations, name: str) -> pd.DataFrame | None:
    found = evaluations.covariances  # None in a bundle evaluated before issue 22
    return None if found is None else found.get(name)


def ranked(summary: pd.DataFrame) -> pd.DataFrame:
    """`summary` sorted best first with a `rank` (1 = best; NA when insufficient evidence)."""
    low = summary["effect_ci_low"].to_numpy(dtype="float64")
    cost = summary["cost_per_participant"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        key = np.where(cost > 0, low / cost * 1e6, np.sign(low) * np.inf)
    sufficient = (summary["evidence"] == SUFFICIENT).to_numpy() & ~np.isnan(key)
    out = summary.assign(**{RANK_KEY: np.where(sufficient, key, np.nan), "_ok": sufficient})
    out = out.sort_values(["_ok", RANK_KEY, "effect_ci_low"], ascending=[False, False, False])
    rank = np.where(out["_ok"], np.cumsum(out["_ok"].to_numpy()), 0)
    # numpy's stubs read a None third argument as the one-argument form of `where`
    out["rank"] = pd.array(np.where(rank > 0, rank, None), dtype="Int64")  # type: ignore[call-overload]
    return out.drop(columns="_ok").reset_index(drop=True)


def _ranked_items(
    summary: pd.DataFrame, keys: list[str], covariance: pd.DataFrame | None
) -> list[dict[str, Any]]:
    table = ranked(summary)
    table = table.join(rank_certainty(table, covariance, keys))
    columns = [
        "effect",
        "effect_ci_low",
        "effect_ci_high",
        "n_participants",
        "n_comparison",
        "cost_per_participant",
        "effect_per_million",
        "effect_per_million_ci_low",
        "effect_per_million_ci_high",
        "evidence",
        "evidence_reason",
        "rank_ci_low",
        "rank_ci_high",
        "p_ahead_of_next",
    ]
    records = table[[*keys, "rank", *columns]].to_dict(orient="records")
    return [{k: nan_to_none(v) for k, v in r.items()} for r in records]
