"""The sparse, cell-demeaned design against the dense one and against statsmodels' OLS with
errors clustered by person (`model.program_evaluation.demeaned`)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import sparse

from model.program_evaluation import demeaned as dm
from model.program_evaluation.demeaned import Demeaned, clustered_least_squares, within

with warnings.catch_warnings():  # statsmodels 0.14 uses a helper pandas 3 deprecates (import)
    warnings.simplefilter("ignore", FutureWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from statsmodels.regression.linear_model import OLS


def _world(seed: int, rows: int = 3_000, groups: int = 12, cells: int = 40, people: int = 700):
    """Session counts (mostly 0), a dense control column, cells, people and a response with
    cell effects, person effects (the clustering) and known group effects."""
    rng = np.random.default_rng(seed)
    counts = sparse.random(rows, groups, density=0.04, random_state=rng, format="csr")
    counts.data = rng.integers(1, 3, counts.data.size).astype(float)
    control = rng.normal(3.0, 0.7, (rows, 1))
    raw = sparse.hstack([counts, sparse.csr_matrix(control)], format="csr")
    cell = rng.integers(0, cells, rows)
    person = rng.integers(0, people, rows)
    effect = np.r_[np.linspace(-0.5, 0.8, groups), 0.3]
    y = (
        raw @ effect
        + rng.normal(0, 1, cells)[cell]
        + rng.normal(0, 0.6, people)[person]
        + rng.normal(0, 0.5, rows)
    )
    return raw, cell, person, y


@pytest.mark.parametrize("seed", [0, 1])
def test_the_products_are_those_of_the_dense_demeaned_matrix(seed):
    raw, cell, _, y = _world(seed)
    design = Demeaned.of(raw, cell)
    dense = within(raw.toarray(), cell)
    beta = np.random.default_rng(seed).normal(size=raw.shape[1])
    assert np.allclose(design @ beta, dense @ beta)
    assert np.allclose(design.rmatvec(y), dense.T @ y)
    assert np.allclose(design.gram(), dense.T @ dense)
    two = dense[:, [0, 3]]
    assert np.allclose(design.columns(np.array([0, 3])).gram(), two.T @ two)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_fit_is_statsmodels_ols_with_errors_clustered_by_person(seed, monkeypatch):
    raw, cell, person, y = _world(seed)
    monkeypatch.setattr(dm, "PEOPLE_PER_CHUNK", 97)  # the meat by several chunks of people
    design = Demeaned.of(raw, cell)
    found = clustered_least_squares(design, within(y, cell), person)
    dense = within(raw.toarray(), cell)
    expected = OLS(within(y, cell), dense, hasconst=False).fit(
        cov_type="cluster", cov_kwds={"groups": person}, use_t=True
    )
    assert np.allclose(found.params, expected.params, rtol=1e-9, atol=1e-11)
    assert np.allclose(found.covariance, expected.cov_params(), rtol=1e-8, atol=1e-13)
    assert np.allclose(found.conf_int(0.95), expected.conf_int(alpha=0.05), rtol=1e-8)
    assert found.n_people == np.unique(person).size


def test_a_column_empty_within_its_cells_is_not_estimated_but_breaks_nothing():
    """A group attended only by whole cells (its counts constant within each cell) has no
    variation left once the cells are absorbed: the pseudo-inverse gives it 0, the other
    groups keep the estimates they have without it."""
    raw, cell, person, y = _world(5)
    constant = sparse.csr_matrix((cell == 3).astype(float)[:, None])
    with_it = Demeaned.of(sparse.hstack([raw, constant], format="csr"), cell)
    without = Demeaned.of(raw, cell)
    assert with_it.gram()[-1, -1] == pytest.approx(0.0, abs=1e-9)
    a = clustered_least_squares(with_it, within(y, cell), person)
    b = clustered_least_squares(without, within(y, cell), person)
    assert np.allclose(a.params[:-1], b.params, rtol=1e-8)
    assert a.params[-1] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("people", [1, 0])
def test_one_person_or_no_residual_leaves_the_intervals_unknown_not_exact(people):
    """statsmodels' factor G/(G-1) (N-1)/(N-K) is infinite there and its intervals NaN: an
    interval of width 0 would claim a certainty nobody has."""
    raw, cell, person, y = _world(3, rows=40, groups=3, cells=4)
    if people == 1:
        person = np.zeros_like(person)
    else:  # as many columns as rows: a perfect fit
        raw = sparse.hstack([raw, sparse.identity(40, format="csr")], format="csr")
    found = clustered_least_squares(Demeaned.of(raw, cell), within(y, cell), person)
    assert np.isnan(found.conf_int(0.95)).all()


def test_a_coefficient_fitted_exactly_by_one_person_has_no_interval():
    """A group measured in a cell of one person only, where nothing else varies: the
    person's score for it is 0 by the normal equations, so its clustered variance is 0 up to
    rounding, of either sign: its interval is unknown (NaN), the others' are not."""
    raw, cell, person, y = _world(4)
    alone = np.arange(5)
    cell, person, raw = cell.copy(), person.copy(), raw.tolil()
    cell[alone], person[alone] = cell.max() + 1, person.max() + 1
    raw[alone, :] = 0.0
    raw = raw.tocsr()
    lone = np.zeros(raw.shape[0])
    lone[2] = 1.0
    design = Demeaned.of(sparse.hstack([raw, sparse.csr_matrix(lone[:, None])], format="csr"), cell)
    found = clustered_least_squares(design, within(y, cell), person)
    interval = found.conf_int(0.95)
    assert np.isnan(interval[-1]).all() and np.isnan(found.covariance[-1]).all()
    assert np.isfinite(interval[:-1]).all()
