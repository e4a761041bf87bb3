"""Fairness audit by gender and by age group: are groups treated alike?

Gender is never a model feature; age is one (by 5-year band), so an age gap may be the model
at work, and the audit shows how large it is. Two questions, answered on data the models did
not fit:

- risk: is P(not completed) as accurate and as well calibrated for each group? Per group on
  the test period: the share not completed, the mean predicted, AUC and calibration error.
- selection: when the engine fills upcoming programs (default seats, no other constraint),
  is each group selected as often as its share of each program's eligible pool predicts?
  Programs differ in how selective they are and in who may take them (leadership courses
  are small and senior), so each group's selections are set against the number expected had
  every eligible employee of the program had the same chance (indirect standardisation); the
  disparate-impact ratio is the lowest group's selected/expected over the highest's, and the
  "four-fifths rule" of employment practice flags a ratio under 0.8.

Different rates are not proof of bias, as needs can differ between groups: the audit sets
each group's mean expected gain beside its selection rate so that a planner can judge.

Beside today's selection, each program is filled again under a fairness floor of 0.8 for the
attribute (`model.floored_selection`, on the audit's groups): each group's selected /
expected and the expected gain it selects, with and without the floor, show what the floor
costs and whom it moves. A program too small for the floor (fewer seats than groups) keeps
today's selection and is counted (`floor.programs_unmet`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.engine import Engine
from model.errors import FairnessFloorError
from model.estimators.predictor import Predictor
from model.fairness_floor import FairnessFloor
from model.floored_selection import select_with_floor
from model.participants import candidate_frame, eligible_employees, selection_for
from model.training.examples import Examples
from model.training.metrics import probability_report

FOUR_FIFTHS = 0.8
MAX_PROGRAMS = 30  # upcoming programs filled for the selection audit (spread over the list)
MIN_GROUP_SIZE = 30  # smaller groups are reported, but their rates are not compared
AGE_GROUP = "age_group"
AGE_BANDS = ((30, "under 30"), (40, "30-39"), (50, "40-49"), (200, "50 and over"))


def fairness_audit(
    predictor: Predictor, test: Examples, engine: Engine, employees: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """Per attribute (gender, age group): risk accuracy and selection rates per group, or
    {"available": False} when the export does not record it."""
    groups = audited_groups(employees, engine.state.as_of)
    known = {name: g for name, g in groups.items() if g.notna().any()}
    selections = selection_by_group(engine, known)
    return {
        name: {
            "available": True,
            "risk": risk_by_group(predictor, test, groups[name]),
            "selection": selections[name],
        }
        if name in known
        else {"available": False}
        for name in groups
    }


def audited_groups(employees: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, pd.Series]:
    """Each employee's gender as recorded and age group on `as_of` (NA where unknown)."""
    frame = employees.set_index(col.EMPLOYEE_ID)
    age = ((as_of - frame[col.BIRTH_DATE]).dt.days / 365.25).to_numpy(dtype=float)
    band = np.full(len(age), None, dtype=object)
    for upper, name in reversed(AGE_BANDS):
        band[age < upper] = name
    band[np.isnan(age)] = None
    return {
        col.GENDER: frame[col.GENDER].astype(object).where(frame[col.GENDER].notna(), None),
        AGE_GROUP: pd.Series(band, index=frame.index),
    }


def risk_by_group(
    predictor: Predictor, test: Examples, group: pd.Series
) -> dict[str, dict[str, float]]:
    """`probability_report` of the risk model per group, plus the mean predicted risk."""
    enrolled = test.subset(test.enrolled)
    labels = group.reindex(enrolled.employee_id).to_numpy(dtype=object)
    risk = predictor.risk_probability(enrolled.features)
    out = {}
    for name in sorted({g for g in labels if isinstance(g, str)}):
        rows = labels == name
        report = probability_report(enrolled.not_completed[rows], risk[rows])
        out[name] = {**report, "mean_predicted": float(risk[rows].mean())}
    return out


def selection_by_group(engine: Engine, groupings: dict[str, pd.Series]) -> dict[str, Any]:
    """Per grouping: eligible and selected employees per group, summed over up to
    MAX_PROGRAMS upcoming programs each filled to its capacity, and the disparate-impact
    ratio of the rates. Each program is scored and filled once for every grouping."""
    labels = {
        attribute: group.reindex(engine.state.employee_ids).to_numpy(dtype=object)
        for attribute, group in groupings.items()
    }
    counts = {
        attribute: {name: dict.fromkeys(TALLIES, 0.0) for name in _names(values)}
        for attribute, values in labels.items()
    }
    unmet = dict.fromkeys(labels, 0)
    programs = np.unique(_spread(engine.eligibility.upcoming, MAX_PROGRAMS))
    for p in programs:
        eligible, chosen, gains, floored = _filled(engine, int(p), labels)
        for attribute, values in labels.items():
            group = values[eligible]
            fair = floored.get(attribute)
            unmet[attribute] += fair is None
            _tally(counts[attribute], group, chosen, gains, chosen if fair is None else fair)
    return {
        attribute: {
            **_rates(tallies, len(programs)),
            "floor": {"min_ratio": FLOOR_RATIO, "programs_unmet": unmet[attribute]},
        }
        for attribute, tallies in counts.items()
    }


TALLIES = (
    "eligible", "selected", "expected", "gain_sum", "selected_gain",
    "floor_selected", "floor_expected", "floor_selected_gain",
)  # fmt: skip
FLOOR_RATIO = FOUR_FIFTHS  # the constrained selection set beside today's


def _names(values: np.ndarray) -> list[str]:
    return sorted({g for g in values if isinstance(g, str)})


def _tally(
    tallies: dict[str, dict[str, float]],
    group: np.ndarray,
    chosen: np.ndarray,
    gains: np.ndarray,
    floored: np.ndarray,
) -> None:
    """Add one program: per group its eligible, today's and the floored selection with the
    seats each would expect at equal chances, and the expected gain each selects."""
    rate = chosen.mean() if len(chosen) else 0.0
    floor_rate = floored.mean() if len(floored) else 0.0
    for name, tally in tallies.items():
        rows = group == name
        tally["eligible"] += int(rows.sum())
        tally["selected"] += int((rows & chosen).sum())
        tally["expected"] += float(rows.sum() * rate)
        tally["gain_sum"] += float(gains[rows].sum())
        tally["selected_gain"] += float(gains[rows & chosen].sum())
        tally["floor_selected"] += int((rows & floored).sum())
        tally["floor_expected"] += float(rows.sum() * floor_rate)
        tally["floor_selected_gain"] += float(gains[rows & floored].sum())


def _spread(values: np.ndarray, n: int) -> np.ndarray:
    """Up to n items spread evenly over `values` (all of them when there are fewer)."""
    if len(values) == 0:
        return values
    return values[np.linspace(0, len(values) - 1, n).astype(int)]


def _filled(
    engine: Engine, p: int, labels: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray | None]]:
    """Program p's eligible employees, which of them the engine selects for its capacity,
    their expected gains (all cores: this is training, not a request), and per attribute
    which it selects under a FLOOR_RATIO floor on the audit's groups (None: no selection
    with a participant meets it, as with fewer seats than groups)."""
    eligible, _ = eligible_employees(engine, p, None, ())
    _, pred, selection = selection_for(engine, p, eligible, num_threads=0)
    program = engine.directory.programs.iloc[p]
    candidates = candidate_frame(engine, eligible, pred)
    rules = {"seats": int(program[col.CAPACITY]), "cost_per_seat": float(program[col.COST])}
    floored: dict[str, np.ndarray | None] = {}
    for attribute, values in labels.items():
        floor = FairnessFloor(attribute, FLOOR_RATIO)
        try:
            fair = select_with_floor(candidates, values[eligible], floor, **rules)
        except FairnessFloorError:
            floored[attribute] = None
            continue
        floored[attribute] = _mask(len(eligible), fair.selected["_row"])
    chosen = _mask(len(eligible), selection.selected["_row"])
    return eligible, chosen, pred["expected_gain"].to_numpy(), floored


def _mask(n: int, rows: pd.Series) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[rows.to_numpy()] = True
    return out


def _rates(counts: dict[str, dict[str, float]], programs: int) -> dict[str, Any]:
    """Per group: eligible, selected, the raw rate, selected / expected under equal chances
    within each program, and the mean expected gain; then the disparate-impact ratio of the
    standardised figures over groups with at least MIN_GROUP_SIZE eligible."""

    def share(part: float, whole: float) -> float:
        return part / whole if whole else float("nan")

    groups = {
        name: {
            "eligible": int(c["eligible"]),
            "selected": int(c["selected"]),
            "selection_rate": share(c["selected"], c["eligible"]),
            "selected_vs_expected": share(c["selected"], c["expected"]),
            "mean_expected_gain": share(c["gain_sum"], c["eligible"]),
            "selected_gain": float(c.get("selected_gain", 0.0)),
            "floor_selected": int(c.get("floor_selected", 0)),
            "floor_selected_vs_expected": share(
                c.get("floor_selected", 0), c.get("floor_expected", 0.0)
            ),
            "floor_selected_gain": float(c.get("floor_selected_gain", 0.0)),
        }
        for name, c in counts.items()
    }
    compared = [
        g["selected_vs_expected"]
        for g in groups.values()
        if g["eligible"] >= MIN_GROUP_SIZE and not np.isnan(g["selected_vs_expected"])
    ]
    ratio = min(compared) / max(compared) if len(compared) > 1 and max(compared) > 0 else None
    return {
        "programs": programs,
        "groups": groups,
        "disparate_impact_ratio": ratio,
        "four_fifths_met": None if ratio is None else bool(ratio >= FOUR_FIFTHS),
    }
