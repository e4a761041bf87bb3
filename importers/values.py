"""Values as source systems write them: dates as dd-mm-yyyy, NIPs, ranks and free text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# Day first, as Indonesian systems write dates; ISO too. Times after a date are ignored.
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y")
NIP_DIGITS = 18
GRADE = re.compile(r"^(IV|III|II|I)\s*/?\s*([a-e])$", re.IGNORECASE)
# PPPK staff have a golongan of their own, I to XVII, kept as written.
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII")  # fmt: skip


def dates(values: pd.Series) -> pd.Series:
    """Dates of `values` (datetime64; NaT where empty or unreadable)."""
    text = values.astype("str").str.strip().str.slice(0, 10).str.replace("T", " ")
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = out.isna() & text.ne("")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


def year_dates(years: pd.Series) -> pd.Series:
    """1 July of each year given as text (NaT where not a year): a date known by its year."""
    number = pd.to_numeric(years.astype("str").str.strip(), errors="coerce")
    valid = number.between(1950, 2100)
    text = number.where(valid).astype("Int64").astype("str") + "-07-01"
    return pd.to_datetime(text.where(valid), format="%Y-%m-%d", errors="coerce")


def nips(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The 18-digit NIP of each value (spaces removed) and a mask of the values that are not."""
    text = values.astype("str").str.replace(r"\s+", "", regex=True)
    bad = ~text.str.fullmatch(rf"\d{{{NIP_DIGITS}}}").fillna(False).to_numpy(dtype=bool)
    return text, bad


def grades(values: pd.Series) -> pd.Series:
    """Golongan ruang as the contract writes it (`III/a`), a PPPK golongan (`IX`) as written;
    "" where neither."""
    text = values.astype("str").str.strip()
    found = text.str.extract(GRADE.pattern, flags=re.IGNORECASE)
    ok = found[0].notna()
    pppk = text.str.upper().isin(ROMAN)
    grade = (found[0].str.upper() + "/" + found[1].str.lower()).where(ok, "")
    return grade.where(ok | ~pppk, text.str.upper())


def numbers(values: pd.Series) -> pd.Series:
    """Floats of `values` (NaN where empty or not a number); a decimal comma is accepted."""
    text = values.astype("str").str.strip().str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


def folded(values: pd.Series) -> pd.Series:
    """Lower case, single spaces: how free text is compared."""
    return values.astype("str").str.lower().str.replace(r"\s+", " ", regex=True).str.strip()


def slugs(values: pd.Series) -> pd.Series:
    """An id made of a text: upper-case words joined by '-' ("" for an empty text)."""
    return (
        values.astype("str").str.upper().str.replace(r"[^0-9A-Z]+", "-", regex=True).str.strip("-")
    )
