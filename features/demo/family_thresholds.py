"""A second world family, designed apart from the first and from the engine's formulas.

The engine estimates a program's worth as (competency gap closed) x (efficacy) x P(complete).
Worlds of the `jakarta` family are built much the same way, so a model tuned on them could
be tuned to the generator. This family decides worth and completion differently, to judge
the engine on a world whose shape it does not share:

- **Readiness thresholds.** A course teaches little to someone more than `READY_GAP` levels
  below its target (it is over their head), and nothing above the target.
- **Provider quality.** The same course teaches more at a better provider (a fixed quality
  per provider, see `catalogue.provider_quality`); the first family ignores providers.
- **Diminishing returns.** Lesson hours help with a square root up to `SATURATION_JP`; the
  worth of closing a gap is concave in the part closed, and reaching the required level (the
  standard) carries a bonus of its own: a threshold, not a product.
- **Completion from workload and distance.** No affinity for e-learning, no resistance of
  the experienced: busy people miss in-person sessions and drop long ones, and distance to
  the venue (islands and mainland) keeps people away.

Only the hidden functions differ; the catalogue, the organisation, the observations and the
export are shared with the first family.
"""

from __future__ import annotations

import numpy as np

from features import columns as col
from features.demo.mechanisms import Family, Learners, Offerings

READY_GAP = 2.0  # levels below a target beyond which a course is over someone's head
OVER_HEAD = 0.2  # share of the lift that still reaches someone over their head
STEP_LEVELS = 0.9  # the largest lift of one course (best provider, long enough)
SATURATION_JP = 60.0  # lesson hours beyond which more hours add nothing
WORTH_CURVE = 1.5  # how fast the worth of a closed gap saturates (per level)
STANDARD_BONUS = 0.5  # worth of reaching the required level, per unit of weight
# How much of a course's lift each delivery method carries, in col.METHODS order.
METHOD_STRENGTH = np.array([1.0, 0.55, 1.1, 0.8])
PRESENCE = np.array([1.0, 0.0, 1.0, 0.5])  # share of a program spent at the venue
E_LEARNING = col.METHODS.index("e_learning")


def _targets(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per targeted competency: safe index, current level, and whether it is in the standard."""
    comp = offerings.competency[prog]
    safe = np.maximum(comp, 0)
    current = learners.levels[emp[:, None], safe]
    in_standard = (comp >= 0) & (learners.required[emp[:, None], safe] > 0)
    return safe, current, in_standard


def level_gains(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """(pairs, MAX_TARGETS) expected rise of each targeted level on completion."""
    _, current, in_standard = _targets(learners, offerings, emp, prog)
    dose = np.sqrt(np.minimum(offerings.duration_jp[prog] / SATURATION_JP, 1.0))
    step = STEP_LEVELS * dose * offerings.quality[prog] * METHOD_STRENGTH[offerings.method[prog]]
    room = np.maximum(offerings.target[prog] - current, 0.0)
    ready = np.where(room <= READY_GAP, 1.0, OVER_HEAD)
    lift = step[:, None] * (0.5 + 0.5 * offerings.weight[prog]) * ready
    return np.where(in_standard, np.minimum(lift, room), 0.0).astype("float32")


def benefit(
    learners: Learners,
    offerings: Offerings,
    emp: np.ndarray,
    prog: np.ndarray,
    gains: np.ndarray | None = None,
) -> np.ndarray:
    """Worth of completing: concave in the gap closed, plus a bonus for reaching the standard."""
    if gains is None:
        gains = level_gains(learners, offerings, emp, prog)
    safe, current, in_standard = _targets(learners, offerings, emp, prog)
    required = learners.required[emp[:, None], safe].astype("float32")
    before = np.maximum(required - current, 0.0)
    after = np.maximum(required - current - gains, 0.0)
    closed = before - after
    worth = (1.0 - np.exp(-WORTH_CURVE * closed)) / (1.0 - np.exp(-WORTH_CURVE))
    reached = (before > 0.25) & (after <= 0.25)
    weight = learners.weight[emp[:, None], safe]
    value = weight * (worth + STANDARD_BONUS * reached)
    return np.where(in_standard, value, 0.0).sum(axis=1)


def outcome_hazards(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """(pairs, 3) odds of no_show, dropped and failed against completing: workload and
    distance decide; programs far above one's level are failed."""
    presence = PRESENCE[offerings.method[prog]]
    island_emp, island_prog = learners.island[emp], offerings.island[prog]
    distance = presence * ((island_emp & ~island_prog) + 0.6 * (~island_emp & island_prog))
    workload = learners.workload[emp]
    weeks = np.log1p(offerings.duration_jp[prog] / 24.0)
    _, current, in_standard = _targets(learners, offerings, emp, prog)
    over_head = (in_standard & (offerings.target[prog] - current > READY_GAP)).any(axis=1)
    online = offerings.method[prog] == E_LEARNING
    no_show = -3.3 + 3.2 * distance + 1.6 * workload * presence
    dropped = -3.6 + 2.4 * workload * weeks + 0.5 * online
    failed = -3.9 + 1.1 * over_head + 0.6 * learners.low_rating[emp]
    return np.exp(np.stack([no_show, dropped, failed], axis=1))


def method_fit(
    learners: Learners, offerings: Offerings, emp: np.ndarray, prog: np.ndarray
) -> np.ndarray:
    """How much of a program's potential reaches this person: method and provider only."""
    return METHOD_STRENGTH[offerings.method[prog]] * offerings.quality[prog]


THRESHOLDS = Family(
    name="thresholds",
    level_gains=level_gains,
    benefit=benefit,
    outcome_hazards=outcome_hazards,
    method_fit=method_fit,
    gain_spread=0.5,
)
