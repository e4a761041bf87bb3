"""Why a program suits an employee: the gaps it covers and the main completion-risk factors.

Reasons state facts a planner can defend: the gap the score assumes the program closes, and
job-related risk factors (gaps, training history, format, cost, distance, workload signals).
Personal attributes (`NOT_CITED`: age group, employment type, and years of service, which
stand in for age; gender is never a feature) are never given as a reason, even where the risk
model uses them; the fairness audit watches them instead. Rates imputed for someone without a
record are never presented as their past.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.pairs import FEATURE_NAMES, expected_closable
from features.state import PointInTime

# Contributions to the risk log-odds smaller than this are not worth a sentence.
MIN_CONTRIBUTION = 0.05
MAX_RISK_REASONS = 2
# Never a reason shown to a planner: not job-related.
NOT_CITED = frozenset({"age_band", "is_pppk", "tenure_years"})
# Rates from the employee's own past programs: the population's rate when there is none.
OWN_HISTORY = frozenset(
    {"completion_rate", "hours_completion_rate", "no_show_rate", "n_past", "n_last_12m"}
)
# Rates from the employee's past programs in the program's format: imputed without one.
OWN_FORMAT_HISTORY = frozenset(
    {"method_completion_rate", "method_share", "method_reaction", "method_efficacy"}
)
# Expected gaps below this are not worth naming (the score still counts them).
MIN_GAP_SHOWN = 0.05
NO_HISTORY = "no training record yet (belum ada riwayat pelatihan)"
NO_FORMAT_HISTORY = "no past program in this format yet"


def _readable(text: str) -> str:
    return text.replace("e_learning", "e-learning").replace("_", " ")


def _named(values: tuple[str, ...], template: str) -> Callable[[float], str]:
    """A phrase naming the category that a feature's code (a position in `values`) stands for."""

    def phrase(value: float) -> str:
        code = round(value)
        name = values[code] if 0 <= code < len(values) else "unrecorded"
        return template.format(name=_readable(name))

    return phrase


def _skp(value: float) -> str:
    """The SKP score counts down from 5 (sangat baik) to 1 (sangat kurang)."""
    return _named(col.RATINGS, "the latest SKP rating, {name}")(5 - value)


# How each feature reads when it raises the risk of not completing: a template of the value,
# or a function of it. Every model feature has one (a test checks), so no reason ever shows a
# raw column name or a category code.
RISK_PHRASES: dict[str, str | Callable[[float], str]] = {
    "tier": _named(col.TIERS, "a {name} position"),
    "education": _named(col.EDUCATIONS, "education {name}"),
    "is_pppk": lambda value: "PPPK (contract) employment" if value >= 0.5 else "PNS employment",
    "tenure_years": "tenure of {value:.0f} years",
    "age_band": "age group {value:.0f}-{value_plus_4:.0f}",
    "gap_index": "the overall competency gap",
    "self_minus_others": "self-ratings {value:+.1f} level(s) from others' ratings",
    "skp_rating": _skp,
    "jp_this_year": "{value:.0f} JP of training already this year",
    "jp_remaining": "{value:.0f} JP still due this year",
    "n_past": "{value:.0f} past program(s)",
    "completion_rate": "completed {value:.0%} of past programs",
    "hours_completion_rate": "completed {value:.0%} of past lesson hours",
    "no_show_rate": "no-show rate of {value:.0%} in the past",
    "n_last_12m": "{value:.0f} program(s) in the last 12 months",
    "concurrent": "{value:.0f} other program(s) running at the same time",
    "location_in_person_rate": "people at the same location complete {value:.0%} in person",
    "unit_completion_rate": "the unit completes {value:.0%} of its programs",
    "method": _named(col.METHODS, "the {name} format"),
    "duration_jp": "program length ({value:.0f} JP)",
    "log_cost": lambda value: f"the program's cost (IDR {np.expm1(value) / 1e6:.1f} million)",
    "course_n_past": "{value:.0f} past participant(s) in this course",
    "course_completion_rate": "past sessions of this course completed {value:.0%}",
    "course_reaction": "past participants rated this course {value:.1f}/5",
    "in_person": "attendance in person",
    "coverage": "how much of the gap the program covers",
    "expected_coverage": "how much of the gap the program covers",
    "coverage_share": "how much of the gap the program covers",
    "coverage_emphasis": "how much of the gap the program covers",
    "program_gap": "the gap in the program's competencies",
    "stretch": "the program's target lies {value:+.1f} level(s) from the current level",
    "overshoot": "the program aims well above the current level",
    "already_meets_share": "already at the program's target in {value:.0%} of it",
    "off_standard_share": "{value:.0%} of the program lies outside the position's standard",
    "gap_confidence": "the gap estimate's confidence ({value:.0%})",
    "method_completion_rate": "completed {value:.0%} of past programs in this format",
    "method_share": "{value:.0%} of past programs were in this format",
    "method_reaction": "rated past programs in this format {value:.1f}/5",
    "method_efficacy": "learned {value:.0%} of what past programs in this format offered",
    "location_mismatch": "held away from the employee's work location",
    "taken_course_before": "took this course before",
}


def covered_gaps(
    state: PointInTime, e: int, p: int, names: pd.Series, efficacy: float = 1.0
) -> list[dict[str, Any]]:
    """The competencies of program `p` where employee `e` has a gap the program's target closes.

    `gap_closed` is what the score assumes: the expected gap up to the target (given the
    uncertainty of the estimated level, `features.pairs.expected_closable`) x the predicted
    efficacy of the program for this employee (`model.scoring`), so the reasons and the
    expected gain tell the same story."""
    lo, hi = state.comp_indptr[p], state.comp_indptr[p + 1]
    codes, targets = state.comp_codes[lo:hi], state.comp_target[lo:hi]
    required, current = state.required[e, codes], state.current[e, codes]
    expected = expected_closable(state, required, current, targets, state.confidence[e, codes])
    closed = np.round(expected * efficacy, 2)
    out = []
    for i in np.flatnonzero((state.weight[e, codes] > 0) & (closed >= MIN_GAP_SHOWN)):
        cid = state.competency_ids[codes[i]]
        out.append(
            {
                "competency_id": cid,
                "name": str(names.get(cid, cid)),
                "required_level": float(required[i]),
                "current_level": round(float(current[i]), 2),
                "target_level": int(targets[i]),
                "gap_closed": float(closed[i]),
                "weight": float(state.weight[e, codes[i]]),
            }
        )
    return sorted(out, key=lambda g: -g["gap_closed"] * g["weight"])


def risk_factors(contributions: np.ndarray) -> list[dict[str, Any]]:
    """The job-related features that raise this row's risk of not completing the most
    (`pred_contrib`); never those in `NOT_CITED`."""
    values = contributions[: len(FEATURE_NAMES)]
    order = [i for i in np.argsort(-values) if FEATURE_NAMES[i] not in NOT_CITED]
    return [
        {"feature": FEATURE_NAMES[i], "contribution": round(float(values[i]), 3)}
        for i in order[:MAX_RISK_REASONS]
        if values[i] >= MIN_CONTRIBUTION
    ]


def reasons(
    gaps: list[dict[str, Any]], factors: list[dict[str, Any]], features: Mapping[str, float]
) -> list[str]:
    """Short sentences an HR planner can read: what the program closes, what puts it at risk."""
    out = [
        f"closes an expected {g['gap_closed']:.2f} level(s) of gap in {g['name']}"
        f" (now about {g['current_level']:.1f}, required {g['required_level']:.0f})"
        for g in gaps[:2]
    ]
    if not gaps:
        out.append("closes no measured gap in the position's standard")
    for factor in factors:
        sentence = "risk: " + factual_phrase(factor["feature"], features)
        if sentence not in out:
            out.append(sentence)
    return out


def factual_phrase(name: str, features: Mapping[str, float]) -> str:
    """The sentence for one risk factor, or that there is no record to base it on: a rate
    imputed for someone without a past is never stated as their past."""
    if name in OWN_HISTORY and features.get("n_past", 1.0) == 0:
        return NO_HISTORY
    if name in OWN_FORMAT_HISTORY and not features.get("method_share", 0.0) > 0:
        return NO_HISTORY if features.get("n_past", 1.0) == 0 else NO_FORMAT_HISTORY
    return risk_phrase(name, float(features[name]))


def risk_phrase(name: str, value: float) -> str:
    """The sentence for one risk factor; without a recorded value, the factor's bare name."""
    phrase = RISK_PHRASES.get(name, name.replace("_", " "))
    if np.isnan(value):
        return f"no record of {name.replace('_', ' ')}"
    if callable(phrase):
        return phrase(value)
    return phrase.format(value=value, value_plus_4=value + 4)
