"""Positions as Indonesian HR systems describe them: the kind of jabatan, the eselon and the
title, read as the contract's tier."""

from __future__ import annotations

import numpy as np
import pandas as pd

from importers import values

ESELON_TIER = {"I": "jpt_madya", "II": "jpt_pratama", "III": "administrator", "IV": "pengawas"}
STRUCTURAL = ("1", "struktural", "jabatan struktural")
FUNCTIONAL = ("2", "fungsional tertentu", "jabatan fungsional tertentu", "fungsional", "jft")
GENERAL = ("4", "fungsional umum", "jabatan fungsional umum", "pelaksana", "jfu")
SKILLED = "terampil|mahir|penyelia|pemula"  # the skilled (not expert) functional grades


def tiers(kind: pd.Series, eselon: pd.Series, title: pd.Series) -> pd.Series:
    """The contract's tier from the kind of jabatan (code or name), eselon and title; "" when
    none follows (a structural post without eselon, an unknown kind)."""
    folded = values.folded(kind)
    level = eselon.astype("str").str.upper().str.extract(r"^\s*(IV|III|II|I)\b")[0]
    structural = folded.isin(STRUCTURAL) | level.notna()
    functional = folded.isin(FUNCTIONAL)
    skilled = values.folded(title).str.contains(SKILLED, regex=True)
    chosen = np.select(
        [structural & level.notna(), functional & ~skilled, functional & skilled,
         folded.isin(GENERAL)],
        [level.map(ESELON_TIER).fillna(""), "fungsional_ahli", "fungsional_terampil",
         "pelaksana"],
        default="",
    )  # fmt: skip
    return pd.Series(chosen, index=kind.index)
