"""A summary row as the answer shows it: nested per level, null where nothing was estimable."""

from __future__ import annotations

from typing import Any

import pandas as pd

from model.messages import NO_PAST_SESSION, Message
from model.program_evaluation.evidence import INSUFFICIENT
from model.program_evaluation.levels import nan_to_none

DID_METHOD = (
    "regression of every change in a supervisor's or peer's rating of a competency between"
    " two reviews on the sessions of each course completed in between that target it, with"
    " fixed effects per competency, source and years and the person's earlier ratings of the"
    " competency, a rating at 1 or 5 read as a bound (censored, EM); 95% interval (errors"
    " clustered by person): the union of those for the"
    " completers rated before and after and for all completers at their mean pre-test, the"
    " effect its midpoint"
)
GAIN_METHOD = (
    "course-level normalised gain (Hake): (mean post-test - mean pre-test) / (100 - mean"
    " pre-test) over completers with both tests; 95% interval by the delta method"
)


def group_record(row: pd.Series | None, smallest_effect: float | None = None) -> dict[str, Any]:
    """completion, reaction, learning_gain, behavior_change, cost and evidence of one group
    (a course never held: every value null, evidence insufficient)."""
    # .get: a bundle evaluated before a column existed answers null (or 0) for it
    get = (lambda name: nan_to_none(row.get(name))) if row is not None else (lambda _: None)
    count = (lambda name: int(row.get(name, 0))) if row is not None else (lambda _name: 0)
    return {
        "completion": {
            "rate": get("completion_rate"),
            "n": count("completion_n"),
            "n_enrolled": count("n_enrolled"),
            "n_completed": count("n_completed"),
            "reasons": {r: count(r) for r in ("dropped", "failed", "no_show")},
        },
        "reaction": {
            "mean": get("reaction_mean"),
            "sd": get("reaction_sd"),
            "n": count("reaction_n"),
            "response_rate": get("reaction_response_rate"),
        },
        "learning_gain": {
            "mean": get("gain_mean"),
            "ci_low": get("gain_ci_low"),
            "ci_high": get("gain_ci_high"),
            "n": count("gain_n"),
            "pre_mean": get("gain_pre_mean"),
            "post_mean": get("gain_post_mean"),
            "method": GAIN_METHOD,
        },
        "behavior_change": {
            "effect": get("effect"),
            "ci_low": get("effect_ci_low"),
            "ci_high": get("effect_ci_high"),
            "n_participants": count("n_participants"),
            "n_comparison": count("n_comparison"),
            "n_measured": count("n_measured"),
            "naive_before_after": {
                "mean": get("naive_mean"),
                "ci_low": get("naive_ci_low"),
                "ci_high": get("naive_ci_high"),
            },
            "method": DID_METHOD,
            "se": get("effect_se"),
            "n_changes": count("n_changes"),
        },
        "cost": {
            "per_participant": get("cost_per_participant"),
            "per_unit_effect": get("cost_per_effect"),
            "effect_per_million": get("effect_per_million"),
            "effect_per_million_ci_low": get("effect_per_million_ci_low"),
            "effect_per_million_ci_high": get("effect_per_million_ci_high"),
        },
        "evidence": {
            "status": row["evidence"] if row is not None else INSUFFICIENT,
            "reason": row["evidence_reason"] if row is not None else Message(NO_PAST_SESSION),
            "smallest_effect": smallest_effect,
        },
    }
