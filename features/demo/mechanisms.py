"""The hidden mechanisms of the demo world, defined once.

What a program is worth to an employee (the weighted competency gap it closes), how likely the
employee is to complete it, and how completion raises true levels. The history is sampled
from these functions and the ground truth is computed with them, so the two cannot disagree.

Everything works on (employee, program) pairs given as two aligned index arrays into
`Learners` (hidden state of every employee at one moment) and `Offerings` (every program).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from features import columns as col

MAX_TARGETS = 4  # competencies a program develops at most
METHOD = {m: i for i, m in enumerate(col.METHODS)}
E_LEARNING, BLENDED = METHOD["e_learning"], METHOD["blended"]
# Outcome codes of `sample_outcomes`, in the order of the columns of `outcome_hazards`.
OUTCOMES = ("completed", "no_show", "dropped", "failed")
# Lesson hours after which a program has closed ~63% of the gap to its target.
CLOSURE_JP = 35.0
MAX_CLOSURE = 0.95


@dataclass(frozen=True)
class Learners:
    """Hidden state of every employee at one moment (row i = employee i)."""

    levels: np.ndarray  # (n, competencies) true level, 0 outside the standard
    required: np.ndarray  # (n, competencies) required level, 0 = not in the standard
    weight: np.ndarray  # (n, competencies) weight of each required competency
    affinity: np.ndarray  # e-learning affinity in (0, 1)
    overconfidence: np.ndarray  # self-rating inflation, in levels
    workload: np.ndarray  # in [0, 1]
    conscientiousness: np.ndarray  # standard normal
    service_years: np.ndarray  # years since appointment
    low_rating: np.ndarray  # 0 = baik or better, 0.5 = butuh perbaikan, 1 = kurang or worse
    island: np.ndarray  # works in Kepulauan Seribu


@dataclass(frozen=True)
class Offerings:
    """Every program, its targets padded to MAX_TARGETS columns (competency -1 = padding)."""

    competency: np.ndarray  # (p, MAX_TARGETS) competency index
    target: np.ndarray  # (p, MAX_TARGETS) target level
    weight: np.ndarray  # (p, MAX_TARGETS) emphasis in (0, 1], 0 for padding
    method: np.ndarray  # (p,) index into col.METHODS
    duration_jp: np.ndarray  # (p,)
    island: np.ndarray  # (p,) held in Kepulauan Seribu
    quality: np.ndarray  # (p,) the provider's teaching quality (not every family uses it)


def level_gains(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """(pairs, MAX_TARGETS) expected rise of each targeted true level if the pair completes.

    A program moves a level toward its target by a share that grows with lesson hours, with
    diminishing returns, times how well the method suits the person (e-learning suits some
    people and not others). Competencies outside the person's standard are not tracked.
    """
    comp = offerings.competency[prog]
    valid = comp >= 0
    safe = np.where(valid, comp, 0)
    current = learners.levels[emp[:, None], safe]
    in_standard = valid & (learners.required[emp[:, None], safe] > 0)
    closure = 1.0 - np.exp(-offerings.duration_jp[prog] / CLOSURE_JP)
    rate = closure * method_fit(learners, offerings, emp, prog)
    rate = np.minimum(rate[:, None] * offerings.weight[prog], MAX_CLOSURE)
    room = np.maximum(offerings.target[prog] - current, 0.0)
    return np.where(in_standard, rate * room, 0.0).astype("float32")


def method_fit(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """How much of a program's potential reaches this person, by delivery method."""
    affinity = learners.affinity[emp]
    base = np.array([1.0, 0.3, 0.85, 0.95])[offerings.method[prog]]
    slope = np.array([0.0, 0.9, 0.0, 0.15])[offerings.method[prog]]
    return base + slope * affinity


def benefit(
    learners: Learners,
    offerings: Offerings,
    emp: np.ndarray,
    prog: np.ndarray,
    gains: np.ndarray | None = None,
) -> np.ndarray:
    """Weighted competency gap the program closes on completion: levels only count up to the
    required level, so gains beyond the standard (or outside it) are worth nothing."""
    if gains is None:
        gains = level_gains(learners, offerings, emp, prog)
    comp = np.maximum(offerings.competency[prog], 0)
    current = learners.levels[emp[:, None], comp]
    required = learners.required[emp[:, None], comp].astype("float32")
    closed = np.minimum(required, current + gains) - np.minimum(required, current)
    weight = learners.weight[emp[:, None], comp]
    return (weight * np.maximum(closed, 0.0)).sum(axis=1)


def outcome_hazards(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """(pairs, 3) odds of no_show, dropped and failed against completing.

    Distance keeps island staff from mainland classrooms; experienced staff who rate
    themselves above others resist; heavy workload and long programs lose people; people who
    dislike e-learning abandon it; weak performers and programs far above one's level fail.
    """
    method = offerings.method[prog]
    presence = np.select([method == E_LEARNING, method == BLENDED], [0.0, 0.6], 1.0)
    island_emp, island_prog = learners.island[emp], offerings.island[prog]
    away = presence * (island_emp & ~island_prog)
    to_island = presence * (~island_emp & island_prog)
    dislike = np.where(method == E_LEARNING, 0.5 - learners.affinity[emp], 0.0)
    service = learners.service_years[emp]
    resist = np.clip((service - 10.0) / 15.0, 0.0, 1.0) * np.maximum(
        learners.overconfidence[emp], 0.0
    )
    long = np.log1p(offerings.duration_jp[prog] / 40.0)
    workload = learners.workload[emp]
    low = learners.low_rating[emp]
    careful = learners.conscientiousness[emp]
    no_show = -3.4 + 2.6 * away + 1.0 * to_island + 1.6 * dislike + 0.6 * workload - 0.15 * careful
    online = method == E_LEARNING  # nobody is watching: self-paced courses are easy to abandon
    dropped = -2.9 + 0.9 * online + 1.5 * resist + 1.3 * workload * long + 3.0 * dislike
    dropped += 0.35 * low - 0.25 * careful
    failed = -3.6 + 0.9 * _shortfall(learners, offerings, emp, prog) + 0.5 * low - 0.3 * careful
    return np.exp(np.stack([no_show, dropped, failed], axis=1))


def _shortfall(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """Mean distance by which a program's targets exceed the person's level plus one."""
    comp = offerings.competency[prog]
    safe = np.maximum(comp, 0)
    in_standard = (comp >= 0) & (learners.required[emp[:, None], safe] > 0)
    excess = np.maximum(offerings.target[prog] - learners.levels[emp[:, None], safe] - 1.0, 0.0)
    counted = np.maximum(in_standard.sum(axis=1), 1)
    return np.where(in_standard, excess, 0.0).sum(axis=1) / counted


def completion_probability(hazards: np.ndarray) -> np.ndarray:
    """P(completed): a multinomial logit with completion as the reference outcome."""
    return 1.0 / (1.0 + hazards.sum(axis=1))


def sample_outcomes(hazards: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An index into OUTCOMES per pair, drawn from the multinomial logit."""
    odds = np.concatenate([np.ones((len(hazards), 1)), hazards], axis=1)
    cumulative = np.cumsum(odds, axis=1)
    point = rng.random(len(hazards)) * cumulative[:, -1]
    return (cumulative <= point[:, None]).sum(axis=1).clip(max=len(OUTCOMES) - 1)


def realised_gains(gains: np.ndarray, rng: np.random.Generator, spread: float = 0.35) -> np.ndarray:
    """What completion actually adds: the expected gain with person-to-person spread."""
    factor = rng.lognormal(-0.5 * spread**2, spread, size=(len(gains), 1))
    return (gains * factor).astype("float32")


PairFunction = Callable[[Learners, Offerings, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Family:
    """A family of worlds: the hidden functions that decide what a program is worth to a
    person and who completes it. The history is sampled from them and the truth computed
    with them. `benefit` takes the level gains as its fifth argument (None: expected)."""

    name: str
    level_gains: PairFunction
    benefit: Callable[..., np.ndarray]
    outcome_hazards: PairFunction
    method_fit: PairFunction
    gain_spread: float  # person-to-person spread of realised gains (lognormal sigma)


JAKARTA = Family(
    name="jakarta",
    level_gains=level_gains,
    benefit=benefit,
    outcome_hazards=outcome_hazards,
    method_fit=method_fit,
    gain_spread=0.35,
)
