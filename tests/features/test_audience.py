"""Who a program is for: declared in the catalogue, or read from who took its course."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.audience import learned_audiences, open_to

T = {tier: i for i, tier in enumerate(col.TIERS)}


def _past(pairs: list[tuple[int, str, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(course, tier code) per past enrolment, from (course, tier, how many) triples."""
    course = np.concatenate([np.full(n, c) for c, _, n in pairs])
    tier = np.concatenate([np.full(n, T[t]) for _, t, n in pairs])
    return course, tier


def test_a_tier_never_seen_where_many_were_expected_is_outside():
    # course 0: 40 staff and 40 pengawas; course 1: 20 pengawas only; course 2: 4 pengawas
    course, tier = _past(
        [(0, "pelaksana", 40), (0, "pengawas", 40), (1, "pengawas", 20), (2, "pengawas", 4)]
    )
    open_ = learned_audiences(course, tier, 3)
    # staff are 40 of 104 enrolments: 20 x 40/104 = 7.7 expected on course 1, none seen
    assert not open_[1, T["pelaksana"]]
    assert open_[1, T["pengawas"]] and open_[0].all()
    assert open_[2].all()  # 4 x 40/104 = 1.5 expected: too few to tell
    assert open_[:, T["administrator"]].all()  # never seen anywhere: nothing expected


def test_a_few_participants_from_a_tier_keep_it_open():
    course, tier = _past(
        [(0, "pelaksana", 50), (1, "pengawas", 30), (1, "pelaksana", 2), (1, "pelaksana", 0)]
    )
    # 32 x 52/82 = 20.3 staff expected on course 1, 2 seen: 10% of 20.3 is 2.03, so 2 < 2.03
    assert not learned_audiences(course, tier, 2)[1, T["pelaksana"]]
    course, tier = _past([(0, "pelaksana", 50), (1, "pengawas", 30), (1, "pelaksana", 3)])
    assert learned_audiences(course, tier, 2)[1, T["pelaksana"]]


def test_unknown_tiers_and_empty_history_restrict_nobody():
    assert learned_audiences(np.array([0, 0]), np.array([-1, -1]), 1).all()
    assert learned_audiences(np.zeros(0, int), np.zeros(0, int), 2).all()


def test_a_declared_audience_wins_and_covers_the_course_s_other_sessions():
    course, tier = _past([(0, "pelaksana", 40), (0, "pengawas", 40), (1, "pelaksana", 30)])
    declared = pd.Series(["pengawas", None, None, "administrator;jpt_pratama"], dtype="str")
    # programs: two sessions of course 0 (the first declared), one of course 1, one of course 2
    open_ = open_to(declared, np.array([0, 0, 1, 2]), course, tier)
    assert open_[0].tolist() == [t == "pengawas" for t in col.TIERS]
    assert (open_[1] == open_[0]).all()  # same course, no declaration of its own
    # learned: course 1 had 30 staff and no pengawas where 30 x 40/110 = 10.9 were expected
    assert open_[2, T["pelaksana"]] and not open_[2, T["pengawas"]]
    assert open_[3].sum() == 2 and open_[3, T["administrator"]] and open_[3, T["jpt_pratama"]]
