"""A regression design demeaned within cells, held sparse: the level 3 regression's rows.

The regression (`regression.fit_effects`) absorbs its fixed effects by demeaning every column
within its cell (competency, source, years: Frisch-Waugh). Demeaned, a column of session
counts is dense, though nearly all its raw entries are 0: at 65,000 employees half a million
rating changes by some 70 groups, twice (with the pre-test slopes), took 2.4 GiB a grouping
(docs/national.md). `Demeaned` keeps the raw columns sparse and each cell's column means
(cells x columns, small), and gives what least squares needs from the demeaned matrix
without forming it: products with a vector either way, the cross-products X'X, and the
person-clustered "meat" of the sandwich, by chunks of people. The memory is that of the
nonzeros, whatever the number of groups.

The estimates and their covariance are statsmodels' `OLS(...).fit(cov_type="cluster")`
(pseudo-inverse, small-sample factor G/(G-1) (N-1)/(N-K), t with G-1 degrees of freedom),
which works on a dense design only: tests/model/program_evaluation/test_demeaned.py holds
both side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse
from scipy import stats as st

PEOPLE_PER_CHUNK = 20_000  # the meat's dense block: this many people x the columns
DEGENERATE = 1e-12  # a variance this small against the largest is 0 up to rounding


def within(values: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """`values` (a vector or a dense matrix) minus their mean within each cell."""
    means = _cell_means(values, cell)
    return values - means[cell]


def _cell_means(values: np.ndarray | sparse.csr_matrix, cell: np.ndarray) -> np.ndarray:
    n_cells = int(cell.max()) + 1 if cell.size else 0
    member = sparse.csr_matrix(
        (np.ones(cell.size), (cell, np.arange(cell.size))), shape=(n_cells, cell.size)
    )
    sizes = np.maximum(np.bincount(cell, minlength=n_cells), 1).astype("float64")  # emptied
    sums = member @ values
    sums = sums.toarray() if sparse.issparse(sums) else np.asarray(sums)
    return sums / (sizes[:, None] if sums.ndim == 2 else sizes)


@dataclass(frozen=True)
class Demeaned:
    """The matrix `raw - means[cell]`: `raw` sparse (rows x columns), `means` its column
    means per cell."""

    raw: sparse.csr_matrix
    cell: np.ndarray
    means: np.ndarray

    @classmethod
    def of(cls, raw: sparse.spmatrix | np.ndarray, cell: np.ndarray) -> Demeaned:
        raw = sparse.csr_matrix(raw, dtype="float64")
        return cls(raw, np.asarray(cell), _cell_means(raw, np.asarray(cell)))

    @property
    def shape(self) -> tuple[int, int]:
        return self.raw.shape

    def columns(self, keep: np.ndarray) -> Demeaned:
        """The columns `keep` (indices or a mask)."""
        return Demeaned(self.raw[:, keep].tocsr(), self.cell, self.means[:, keep])

    def __matmul__(self, beta: np.ndarray) -> np.ndarray:
        """The demeaned matrix times a vector of coefficients."""
        return np.asarray(self.raw @ beta) - (self.means @ beta)[self.cell]

    def rmatvec(self, values: np.ndarray) -> np.ndarray:
        """The demeaned matrix's transpose times a vector of rows."""
        by_cell = np.bincount(self.cell, weights=values, minlength=self.means.shape[0])
        return np.asarray(self.raw.T @ values).ravel() - self.means.T @ by_cell

    def gram(self) -> np.ndarray:
        """X'X of the demeaned matrix: raw'raw less each cell's size x its means' outer
        product (the cross terms of a column with its own cell mean cancel)."""
        sizes = np.bincount(self.cell, minlength=self.means.shape[0]).astype("float64")
        crossed = (self.raw.T @ self.raw).toarray()
        return crossed - self.means.T @ (self.means * sizes[:, None])

    def clustered_meat(self, residual: np.ndarray, people: np.ndarray) -> np.ndarray:
        """Sum over people of s s', s a person's score: the sum over their rows of the
        demeaned row times its residual. Computed by chunks of people, each a dense block."""
        n_people = int(people.max()) + 1 if people.size else 0
        rows = np.arange(people.size)
        weighted = sparse.csr_matrix((residual, (people, rows)), shape=(n_people, people.size))
        cells = sparse.csr_matrix(
            (np.ones(people.size), (rows, self.cell)), shape=(people.size, self.means.shape[0])
        )
        own, shared = (weighted @ self.raw).tocsr(), (weighted @ cells).tocsr()
        meat = np.zeros((self.shape[1], self.shape[1]))
        for start in range(0, n_people, PEOPLE_PER_CHUNK):
            block = slice(start, start + PEOPLE_PER_CHUNK)
            scores = own[block].toarray() - shared[block] @ self.means
            meat += scores.T @ scores
        return meat


@dataclass(frozen=True)
class ClusteredFit:
    """Least squares on a `Demeaned` design with errors clustered by person, as statsmodels'
    `OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": people}, use_t=True)`."""

    params: np.ndarray
    covariance: np.ndarray
    n_people: int

    def conf_int(self, confidence: float) -> np.ndarray:
        """(low, high) per coefficient, t with G-1 degrees of freedom; NaN where the variance
        is not estimable."""
        se = np.sqrt(np.diag(self.covariance))
        half = st.t.ppf(0.5 + confidence / 2, self.n_people - 1) * se
        return np.column_stack([self.params - half, self.params + half])


def clustered_least_squares(design: Demeaned, y: np.ndarray, people: np.ndarray) -> ClusteredFit:
    """Coefficients (by the pseudo-inverse of X'X) and their person-clustered covariance with
    statsmodels' small-sample factor G/(G-1) (N-1)/(N-K). `people` are codes 0..G-1."""
    bread = linalg.pinvh(design.gram())
    params = bread @ design.rmatvec(y)
    residual = y - design @ params
    n, k = design.shape
    g = int(np.unique(people).size)
    if g < 2 or n <= k:  # one person, or no residual left: the spread is not estimable
        return ClusteredFit(params, np.full((k, k), np.nan), g)
    factor = g / (g - 1) * (n - 1) / (n - k)
    covariance = bread @ design.clustered_meat(residual, people) @ bread * factor
    # A coefficient fitted by its rows exactly (a group with one exposed change) has no
    # spread left to see; its variance is 0 up to rounding, of either sign: not estimable.
    variance = np.diag(covariance)
    unknown = variance <= DEGENERATE * np.abs(variance).max(initial=0.0)
    covariance[unknown, :] = np.nan
    covariance[:, unknown] = np.nan
    return ClusteredFit(params, covariance, g)
