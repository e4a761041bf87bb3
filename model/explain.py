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


class Reason(str):
    """A sentence for a planner that remembers how it was made: an English `template` and its
    `values`, so a page can say it in another language (`service/web/reasons.py`). Values named
    in `terms` are words to translate too; a value may itself be a Reason."""

    template: str
    values: dict[str, Any]
    terms: frozenset[str]
    code: str | None = None  # what kind of reason, for a program (e.g. `next_position`)

    def __new__(
        cls,
        template: str,
        values: Mapping[str, Any] | None = None,
        terms: frozenset = frozenset(),
        code: str | None = None,
    ) -> Reason:
        given = dict(values or {})
        text = super().__new__(cls, template.format(**given) if given else template)
        text.template, text.values, text.terms = template, given, frozenset(terms)
        text.code = code
        return text


def english(template: str) -> str:
    """Marks an English template for the workspace's catalogues (`make translations`)."""
    return template


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
NO_HISTORY = Reason(english("no training record yet (belum ada riwayat pelatihan)"))
NO_FORMAT_HISTORY = Reason(english("no past program in this format yet"))


def _readable(text: str) -> str:
    return text.replace("e_learning", "e-learning").replace("_", " ")


def _named(values: tuple[str, ...], template: str) -> Callable[[float], Reason]:
    """A phrase naming the category that a feature's code (a position in `values`) stands for."""

    def phrase(value: float) -> Reason:
        code = round(value)
        name = values[code] if 0 <= code < len(values) else "unrecorded"
        return Reason(template, {"name": _readable(name)}, frozenset({"name"}))

    return phrase


def _skp(value: float) -> Reason:
    """The SKP score counts down from 5 (sangat baik) to 1 (sangat kurang)."""
    return _named(col.RATINGS, english("the latest SKP rating, {name}"))(5 - value)


def _employment(value: float) -> Reason:
    return Reason(
        english("PPPK (contract) employment") if value >= 0.5 else english("PNS employment")
    )


def _cost(value: float) -> Reason:
    millions = float(np.expm1(value) / 1e6)
    return Reason(
        english("the program's cost (IDR {millions:.1f} million)"), {"millions": millions}
    )


# How each feature reads when it raises the risk of not completing: a template of the value,
# or a function of it. Every model feature has one (a test checks), so no reason ever shows a
# raw column name or a category code.
RISK_PHRASES: dict[str, str | Callable[[float], Reason]] = {
    "tier": _named(col.TIERS, english("a {name} position")),
    "education": _named(col.EDUCATIONS, english("education {name}")),
    "is_pppk": _employment,
    "tenure_years": english("tenure of {value:.0f} years"),
    "age_band": english("age group {value:.0f}-{value_plus_4:.0f}"),
    "gap_index": english("the overall competency gap"),
    "self_minus_others": english("self-ratings {value:+.1f} level(s) from others' ratings"),
    "skp_rating": _skp,
    "jp_this_year": english("{value:.0f} JP of training already this year"),
    "jp_remaining": english("{value:.0f} JP still due this year"),
    "n_past": english("{value:.0f} past program(s)"),
    "completion_rate": english("completed {value:.0%} of past programs"),
    "hours_completion_rate": english("completed {value:.0%} of past lesson hours"),
    "no_show_rate": english("no-show rate of {value:.0%} in the past"),
    "n_last_12m": english("{value:.0f} program(s) in the last 12 months"),
    "concurrent": english("{value:.0f} other program(s) running at the same time"),
    "location_in_person_rate": english(
        "people at the same location complete {value:.0%} in person"
    ),
    "unit_completion_rate": english("the unit completes {value:.0%} of its programs"),
    "method": _named(col.METHODS, english("the {name} format")),
    "duration_jp": english("program length ({value:.0f} JP)"),
    "log_cost": _cost,
    "course_n_past": english("{value:.0f} past participant(s) in this course"),
    "course_completion_rate": english("past sessions of this course completed {value:.0%}"),
    "course_reaction": english("past participants rated this course {value:.1f}/5"),
    "in_person": english("attendance in person"),
    "coverage": english("how much of the gap the program covers"),
    "expected_coverage": english("how much of the gap the program covers"),
    "coverage_share": english("how much of the gap the program covers"),
    "coverage_emphasis": english("how much of the gap the program covers"),
    "program_gap": english("the gap in the program's competencies"),
    "stretch": english("the program's target lies {value:+.1f} level(s) from the current level"),
    "overshoot": english("the program aims well above the current level"),
    "already_meets_share": english("already at the program's target in {value:.0%} of it"),
    "off_standard_share": english(
        "{value:.0%} of the program lies outside the position's standard"
    ),
    "gap_confidence": english("the gap estimate's confidence ({value:.0%})"),
    "method_completion_rate": english("completed {value:.0%} of past programs in this format"),
    "method_share": english("{value:.0%} of past programs were in this format"),
    "method_reaction": english("rated past programs in this format {value:.1f}/5"),
    "method_efficacy": english("learned {value:.0%} of what past programs in this format offered"),
    "location_mismatch": english("held away from the employee's work location"),
    "taken_course_before": english("took this course before"),
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
) -> list[Reason]:
    """Short sentences an HR planner can read: what the program closes, what puts it at risk."""
    template = english(
        "closes an expected {gap:.2f} level(s) of gap in {competency}"
        " (now about {current:.1f}, required {required:.0f})"
    )
    out = [
        Reason(template, {"gap": g["gap_closed"], "competency": g["name"],
               "current": g["current_level"], "required": g["required_level"]})
        for g in gaps[:2]
    ]  # fmt: skip
    if not gaps:
        out.append(Reason(english("closes no measured gap in the position's standard")))
    for factor in factors:
        sentence = Reason(
            english("risk: {risk}"), {"risk": factual_phrase(factor["feature"], features)}
        )
        if sentence not in out:
            out.append(sentence)
    return out


def factual_phrase(name: str, features: Mapping[str, float]) -> Reason:
    """The sentence for one risk factor, or that there is no record to base it on: a rate
    imputed for someone without a past is never stated as their past."""
    if name in OWN_HISTORY and features.get("n_past", 1.0) == 0:
        return NO_HISTORY
    if name in OWN_FORMAT_HISTORY and not features.get("method_share", 0.0) > 0:
        return NO_HISTORY if features.get("n_past", 1.0) == 0 else NO_FORMAT_HISTORY
    return risk_phrase(name, float(features[name]))


def risk_phrase(name: str, value: float) -> Reason:
    """The sentence for one risk factor; without a recorded value, the factor's bare name."""
    phrase = RISK_PHRASES.get(name, name.replace("_", " "))
    if np.isnan(value):
        what = name.replace("_", " ")
        return Reason(english("no record of {what}"), {"what": what}, frozenset({"what"}))
    if callable(phrase):
        return phrase(value)
    return Reason(phrase, {"value": value, "value_plus_4": value + 4})
