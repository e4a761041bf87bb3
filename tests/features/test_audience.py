"""Who a program is for: declared in the catalogue, or read from who took its course."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.audience import learned_audiences, open_to, open_to_stages, service_band

T = {tier: i for i, tier in enumerate(col.TIERS)}


def _past(pairs: list[tuple[int, str, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(course, tier code) per past enrolment, from (course, tier, how many) triples."""
    course = np.concatenate([np.full(n, c) for c, _, n in pairs])
    tier = np.concatenate([np.full(n, T[t]) for _, t, n in pairs])
    return course, tier


def test_a_tier_never_seen_where_many_were_expected_is_outside():
    # course 0: 120 staff and 120 pengawas; course 1: 60 pengawas only; course 2: 12 pengawas
    course, tier = _past(
        [(0, "pelaksana", 120), (0, "pengawas", 120), (1, "pengawas", 60), (2, "pengawas", 12)]
    )
    open_ = learned_audiences(course, tier, 3, len(T))
    # staff are 120 of 312 enrolments: 60 x 120/312 = 23.1 expected on course 1, none seen
    assert not open_[1, T["pelaksana"]]
    assert open_[1, T["pengawas"]] and open_[0].all()
    assert open_[2].all()  # 12 x 120/312 = 4.6 expected: too few to tell
    assert open_[:, T["administrator"]].all()  # never seen anywhere: nothing expected


def test_a_few_participants_from_a_tier_keep_it_open():
    course, tier = _past([(0, "pelaksana", 150), (1, "pengawas", 90), (1, "pelaksana", 6)])
    # 96 x 156/246 = 60.9 staff expected on course 1, 6 seen: fewer than a tenth (6.09)
    assert not learned_audiences(course, tier, 2, len(T))[1, T["pelaksana"]]
    course, tier = _past([(0, "pelaksana", 150), (1, "pengawas", 90), (1, "pelaksana", 7)])
    # 97 x 157/247 = 61.7 expected, 7 seen: more than a tenth (6.17)
    assert learned_audiences(course, tier, 2, len(T))[1, T["pelaksana"]]


def test_unknown_tiers_and_empty_history_restrict_nobody():
    assert learned_audiences(np.array([0, 0]), np.array([-1, -1]), 1, len(T)).all()
    assert learned_audiences(np.zeros(0, int), np.zeros(0, int), 2, len(T)).all()


def test_a_declared_audience_wins_and_covers_the_course_s_other_sessions():
    course, tier = _past([(0, "pelaksana", 80), (0, "pengawas", 80), (1, "pelaksana", 60)])
    declared = pd.Series(["pengawas", None, None, "administrator;jpt_pratama"], dtype="str")
    # programs: two sessions of course 0 (the first declared), one of course 1, one of course 2
    open_ = open_to(declared, np.array([0, 0, 1, 2]), course, tier)
    assert open_[0].tolist() == [t == "pengawas" for t in col.TIERS]
    assert (open_[1] == open_[0]).all()  # same course, no declaration of its own
    # learned: course 1 had 60 staff and no pengawas where 60 x 80/220 = 21.8 were expected
    assert open_[2, T["pelaksana"]] and not open_[2, T["pengawas"]]
    assert open_[3].sum() == 2 and open_[3, T["administrator"]] and open_[3, T["jpt_pratama"]]


def test_a_course_taken_only_in_the_first_year_is_closed_to_veterans():
    # course 0: 300 newcomers (0.5 years of service); course 1: 1800 people with 0.5-30 years
    years = np.concatenate([np.full(300, 0.5), np.linspace(0.5, 30.0, 1800)])
    course = np.repeat([0, 1], [300, 1800])
    stages = open_to_stages(np.array([0, 1, 0]), course, years)
    # 1-2 years: 61 of 2100 enrolments, so 300 x 61/2100 = 8.7 expected on course 0: too few
    assert stages[0].tolist() == [True, True, False, False, False, False]
    assert stages[1].all() and (stages[2] == stages[0]).all()
    assert service_band(np.array([0.0, 1.0, 4.9, 25.0, np.nan])).tolist() == [0, 1, 2, 5, -1]
