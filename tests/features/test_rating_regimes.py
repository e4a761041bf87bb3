"""The generator's rating regimes: the default world as before, and the busy, coarse one."""

from __future__ import annotations

import numpy as np
import pytest

from features import columns as col
from features.demo import generate_world

EMPLOYEES, SEED = 300, 11


@pytest.fixture(scope="module")
def worlds():
    return {r: generate_world(EMPLOYEES, seed=SEED, regime=r) for r in ("default", "busy_coarse")}


def _reviews(world) -> np.ndarray:
    ev = world.tables[col.EVALUATIONS]
    return ev.loc[ev[col.SOURCE].isin(["supervisor", "peer"]), col.LEVEL].to_numpy()


def test_busy_coarse_rates_on_half_levels_and_the_default_on_whole_ones(worlds):
    coarse, whole = _reviews(worlds["busy_coarse"]), _reviews(worlds["default"])
    assert np.allclose(coarse * 2, np.round(coarse * 2))
    assert (coarse != np.round(coarse)).mean() > 0.3  # half levels are used
    assert np.allclose(whole, np.round(whole))


def test_busy_coarse_people_take_more_programs(worlds):
    per_person = {r: len(w.tables[col.ENROLLMENTS]) / EMPLOYEES for r, w in worlds.items()}
    assert per_person["busy_coarse"] > 1.4 * per_person["default"]
    assert worlds["busy_coarse"].meta["regime"] == "busy_coarse"


def test_an_unknown_regime_is_refused():
    with pytest.raises(ValueError, match="regime must be one of"):
        generate_world(EMPLOYEES, seed=SEED, regime="nope")
