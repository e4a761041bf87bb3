"""Every Kirkpatrick level of every course, method and provider, computed once per bundle.

`evaluate_programs` runs at training time (into the serving snapshot); a request for one
program's evaluation is then a lookup (`ProgramEvaluations.program`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from features import columns as col
from features.tables import Tables
from model.errors import NotFoundError
from model.program_evaluation import levels
from model.program_evaluation.behaviour import participant_effects
from model.program_evaluation.effects import behaviour_effects, rating_data
from model.program_evaluation.evidence import evidence, smallest_effect_setting
from model.program_evaluation.facts import COURSE, enrolment_facts, sessions
from model.program_evaluation.records import group_record
from model.program_evaluation.results import unit_results

# Each summary table and the keys of its groups.
GROUPINGS: dict[str, list[str]] = {
    "course": [COURSE],
    "course_method": [COURSE, col.METHOD],
    "course_provider": [COURSE, col.PROVIDER],
    "course_method_provider": [COURSE, col.METHOD, col.PROVIDER],
}
# Counts of groups a level has no rows for (nobody attended, nobody was rated): 0, not null.
COUNTS = ("n_participants", "n_comparison", "n_measured", "n_changes", "reaction_n", "gain_n")


@dataclass(frozen=True)
class ProgramEvaluations:
    """Summaries by grouping (`GROUPINGS`), the course of every program, the level 4 results
    per course, and the matched participants (for the truth check and the pages)."""

    as_of: pd.Timestamp
    summaries: dict[str, pd.DataFrame]
    course_of: pd.Series  # program_id -> course name
    results: dict[str, dict[str, Any]]  # course -> level 4 (only where unit indicators exist)
    participants: pd.DataFrame
    # Added with the regression (issue 22); a bundle pickled before has neither (views check).
    covariances: dict[str, pd.DataFrame] | None = None  # grouping -> effects' covariance
    smallest_effect: float | None = None  # levels: a wider interval is not enough evidence

    def course_id(self, program_id: str) -> str:
        if program_id not in self.course_of.index:
            raise NotFoundError("program", program_id)
        return str(self.course_of[program_id])

    def program(self, program_id: str) -> dict[str, Any]:
        """How the course of `program_id` worked, all its past sessions together (CONTRACT
        section 4, `GET /v1/programs/<program_id>/evaluation`). NotFoundError if unknown."""
        course = self.course_id(program_id)
        row = _rows(self.summaries["course"], course)
        smallest = self.smallest_effect
        record = group_record(row.iloc[0] if len(row) else None, smallest)
        by_method = _rows(self.summaries["course_method"], course)
        by_provider = _rows(self.summaries["course_provider"], course)
        return {
            "program_id": program_id,
            "course": course,
            "as_of": self.as_of.date(),
            **record,
            "results": self.results.get(course),
            "by_method": [
                group_record(r, smallest) | {"method": r[col.METHOD]}
                for _, r in by_method.iterrows()
            ],
            "by_provider": [
                group_record(r, smallest) | {"provider": r[col.PROVIDER]}
                for _, r in by_provider.iterrows()
            ],
        }


def _rows(summary: pd.DataFrame, course: str) -> pd.DataFrame:
    return summary[summary[COURSE] == course]


def evaluate_programs(
    tables: Tables, as_of: pd.Timestamp, smallest_effect: float | None = None
) -> ProgramEvaluations:
    """Evaluate every course with past sessions, as known at `as_of`. A level 3 interval
    wider than `smallest_effect` (default: `evidence.smallest_effect_setting()`) is not
    enough evidence."""
    as_of = pd.Timestamp(as_of)
    smallest = smallest_effect_setting() if smallest_effect is None else float(smallest_effect)
    facts = enrolment_facts(tables, as_of)
    participants, _matches = participant_effects(tables, facts, as_of)
    described = sessions(tables.programs).set_index(col.PROGRAM_ID)
    participants = participants.join(
        described[[col.METHOD, col.PROVIDER, col.COST]], on=col.PROGRAM_ID
    )
    data = rating_data(tables, facts, as_of)
    summaries, covariances = {}, {}
    for name, keys in GROUPINGS.items():  # four groupings
        effects, covariances[name] = behaviour_effects(data, keys)
        summaries[name] = summarise(facts, participants, effects, keys, smallest)
    return ProgramEvaluations(
        as_of=as_of,
        summaries=summaries,
        course_of=described[COURSE],
        results=unit_results(tables, facts, as_of),
        participants=participants,
        covariances=covariances,
        smallest_effect=smallest,
    )


def summarise(
    facts: pd.DataFrame,
    participants: pd.DataFrame,
    effects: pd.DataFrame,
    keys: list[str],
    smallest_effect: float,
) -> pd.DataFrame:
    """One row per group of `keys`: every level, the costs and the evidence verdict."""
    effect = levels.behaviour(participants, effects, keys)
    out = levels.completion(facts, keys)
    out = out.join(levels.reaction(facts, keys)).join(levels.learning_gain(facts, keys))
    out = out.join(effect, how="left")
    out[list(COUNTS)] = out[list(COUNTS)].fillna(0).astype("int64")
    out = out.join(levels.costs(facts, keys, out))
    out = out.join(evidence(out, smallest_effect))
    return out.reset_index()
