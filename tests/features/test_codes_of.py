"""Ids to codes (`features.keys.codes_of`), from text or from categories."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.keys import codes_of


def test_categories_give_the_codes_text_gives():
    index = pd.Index(["E1", "E2", "E3"])
    text = pd.Series(["E3", "E9", "E1", "E3", None])
    expected = np.array([2, -1, 0, 2, -1])
    np.testing.assert_array_equal(codes_of(index, text), expected)
    np.testing.assert_array_equal(codes_of(index, text.astype("category")), expected)
    empty = pd.Series([], dtype="str")
    assert len(codes_of(index, empty)) == len(codes_of(index, empty.astype("category"))) == 0
