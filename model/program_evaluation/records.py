"""A summary row as the answer shows it: nested per level, null where nothing was estimable."""

from __future__ import annotations

from typing import Any

import pandas as pd

from model.program_evaluation.evidence import INSUFFICIENT
from model.program_evaluation.levels import nan_to_none

DID_METHOD = (
    "difference in differences: each participant's change in supervisor and peer ratings of"
    " the course's competencies, minus the mean change of up to 5 colleagues in the same role"
    " with a similar prior rating over the same period who never enrolled"
)


def group_record(row: pd.Series | None) -> dict[str, Any]:
    """completion, reaction, learning_gain, behavior_change, cost and evidence of one group
    (a course never held: every value null, evidence insufficient)."""
    get = (lambda name: nan_to_none(row[name])) if row is not None else (lambda _name: None)
    count = (lambda name: int(row[name])) if row is not None else (lambda _name: 0)
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
            "reason": row["evidence_reason"] if row is not None else "no past session",
        },
    }
