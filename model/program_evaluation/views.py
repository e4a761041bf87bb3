"""The answers routes and pages give about program evaluation, over one serving bundle's
evaluations (computed at training time): lookups, no statistics at request time."""

from __future__ import annotations

from typing import Any

from model.program_evaluation.certainty import certainty_sentence
from model.program_evaluation.ranking import rank_courses, rank_methods
from model.program_evaluation.summary import ProgramEvaluations


def program_evaluation(evaluations: ProgramEvaluations, program_id: str) -> dict[str, Any]:
    """How the course of `program_id` worked (NotFoundError for an unknown program), with its
    methods ranked by effect per rupiah."""
    answer = evaluations.program(program_id)
    return answer | {"methods_ranked": rank_methods(evaluations, answer["course"])}


def course_ranking(
    evaluations: ProgramEvaluations, method: str | None = None, provider: str | None = None
) -> dict[str, Any]:
    """Courses ranked by effect per rupiah (their `method` / `provider` sessions when given),
    with the smallest effect worth acting on and how sure the order is."""
    items = rank_courses(evaluations, method=method, provider=provider)
    return {
        "as_of": evaluations.as_of.date(),
        "method": method,
        "provider": provider,
        "rule": (
            "ranked by the lower end of the 95% interval of the level 3 effect per Rp 1 million;"
            " only courses with sufficient evidence get a rank (enough people, and an interval"
            " no wider than the smallest effect worth acting on); rank_ci_low and rank_ci_high"
            " give the 95% range of ranks by effect per rupiah the data allow"
        ),
        "items": items,
        "smallest_effect": evaluations.smallest_effect,
        "certainty": certainty_sentence(items),
    }
