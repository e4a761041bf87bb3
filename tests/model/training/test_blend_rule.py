"""The blend's one-standard-error rule (`model.training.fit.smallest_within_noise`)."""

from __future__ import annotations

import numpy as np

from model.training.fit import smallest_within_noise


def test_a_larger_blend_must_be_clearly_better_to_be_chosen():
    rng = np.random.default_rng(0)
    base = rng.uniform(0.3, 0.9, 400)
    noisy = base + rng.normal(0.0, 0.05, 400)  # better or worse by chance only
    slightly = noisy + 0.001  # the best mean, by less than its noise
    assert np.mean(slightly) > max(np.mean(base), np.mean(noisy))
    assert smallest_within_noise([base, noisy, slightly]) == 0
    clearly = base + 0.05 + rng.normal(0.0, 0.01, 400)  # better for nearly everyone
    assert smallest_within_noise([base, noisy, clearly]) == 2


def test_the_first_within_noise_of_the_best_is_chosen_not_the_best_itself():
    rng = np.random.default_rng(1)
    worse = rng.uniform(0.2, 0.4, 300)
    good = worse + 0.2
    best = good + np.resize([0.05, -0.05], 300) + 0.001  # ahead by 0.001, noise 0.05 / sqrt(300)
    assert smallest_within_noise([worse, good, best]) == 1


def test_without_queries_the_simplest_is_kept():
    assert smallest_within_noise([np.zeros(0), np.zeros(0)]) == 0
    assert smallest_within_noise([np.array([0.2]), np.array([0.9])]) == 1  # one query: no noise
