"""Ids to codes (`features.keys.codes_of`), from text or from categories; CSR gathers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.keys import codes_of, csr_rows


def test_categories_give_the_codes_text_gives():
    index = pd.Index(["E1", "E2", "E3"])
    text = pd.Series(["E3", "E9", "E1", "E3", None])
    expected = np.array([2, -1, 0, 2, -1])
    np.testing.assert_array_equal(codes_of(index, text), expected)
    np.testing.assert_array_equal(codes_of(index, text.astype("category")), expected)
    empty = pd.Series([], dtype="str")
    assert len(codes_of(index, empty)) == len(codes_of(index, empty.astype("category"))) == 0


def test_csr_rows_gathers_each_range_in_order():
    np.testing.assert_array_equal(csr_rows(np.array([5, 0, 9]), np.array([2, 0, 3])),
                                  [5, 6, 9, 10, 11])  # fmt: skip
    assert len(csr_rows(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))) == 0
