"""Typing raw columns: CSV text or stored Parquet values in, one dtype per column kind out.

Numbers and dates given as text are parsed once per distinct value and spread back by code,
because HR exports repeat them heavily (a few thousand dates across millions of evaluations).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from features import columns as col
from features.schema import TEXT_KINDS, Column, Kind

STRING = "str"  # pandas' string dtype (NaN for missing)
DATETIME = "datetime64[ns]"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_FIRST_DAY = pd.Timestamp.min.ceil("D")  # datetime64[ns] spans 1677-09-22 .. 2262-04-11
_LAST_DAY = pd.Timestamp.max.floor("D")
_MAX_EXACT_INT = 2**53  # larger numbers cannot be held exactly by the float parser

Parsed = tuple[pd.Series, np.ndarray]


def typed_values(source: pd.Series, kind: Kind) -> Parsed:
    """`source` in its kind's working dtype, NA for empty cells, and a mask of malformed cells.

    Working dtypes: text kinds -> str (stripped; enums lower-cased), numbers -> float64 (made
    int64 by `final_column` once checked), dates -> datetime64[ns] at midnight.
    """
    is_text = pd.api.types.is_string_dtype(source) or source.dtype == object
    if kind in TEXT_KINDS:  # stripping is cheap enough to do cell by cell
        return _TEXT_PARSERS[kind](source.astype(STRING).reset_index(drop=True))
    if is_text:
        return _on_distinct_values(source, _TEXT_PARSERS[kind])
    if kind == "date":
        return _native_dates(source)
    return _numbers(source.astype("float64"), kind == "int", source.notna().to_numpy())


def final_column(values: pd.Series, column: Column) -> pd.Series:
    """The checked values in the dtype the Tables promise (ints as int64, defaults filled)."""
    if column.kind == "int":
        return values.astype("int64" if column.required else "Int64")
    if column.default is not None:
        return values.fillna(column.default)
    return values


def absent_column(column: Column, n_rows: int) -> pd.Series:
    """An optional column the file does not have: all NA (or its default)."""
    index = pd.RangeIndex(n_rows)
    if column.kind == "int":
        return pd.Series(pd.NA, index=index, dtype="Int64")
    if column.kind == "float":
        fill = np.nan if column.default is None else column.default
        return pd.Series(fill, index=index, dtype="float64")
    if column.kind == "date":
        return pd.Series(pd.NaT, index=index, dtype=DATETIME)
    return pd.Series(np.nan, index=index, dtype=STRING)


def _on_distinct_values(source: pd.Series, parse: Callable[[pd.Series], Parsed]) -> Parsed:
    codes, uniques = pd.factorize(source)
    parsed, bad = parse(pd.Series(uniques, dtype=STRING))
    # One NA appended at position -1, where factorize's code for a missing cell points.
    padded = parsed.reindex(pd.RangeIndex(len(parsed) + 1))
    values = padded.iloc[codes].reset_index(drop=True)
    return values, np.append(bad, False)[codes]


def _stripped(text: pd.Series) -> pd.Series:
    text = text.str.strip()
    return text.mask(text == "")


def _text(text: pd.Series) -> Parsed:
    return _stripped(text), np.zeros(len(text), dtype=bool)


def _enum(text: pd.Series) -> Parsed:
    return _stripped(text).str.lower(), np.zeros(len(text), dtype=bool)


def _enum_set(text: pd.Series) -> Parsed:
    """Lower-cased values, each stripped, sorted and deduplicated: " Pengawas; administrator"
    becomes "administrator;pengawas"; a cell with no value is NA."""

    def normal(cell: str) -> str | None:
        values = sorted({v.strip().lower() for v in cell.split(col.SET_SEPARATOR)} - {""})
        return col.SET_SEPARATOR.join(values) or None

    stripped = _stripped(text)
    return stripped.map(normal, na_action="ignore").astype(STRING), np.zeros(len(text), bool)


def _text_numbers(text: pd.Series, integer: bool) -> Parsed:
    text = _stripped(text)
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    return _numbers(numbers, integer, text.notna().to_numpy())


def _numbers(numbers: pd.Series, integer: bool, filled: np.ndarray) -> Parsed:
    """Numbers with NaN where empty; a filled cell that is NaN, infinite or fractional is bad."""
    array = numbers.to_numpy()
    bad = filled & ~np.isfinite(array)
    if integer:
        with np.errstate(invalid="ignore"):
            bad |= np.isfinite(array) & ((array % 1 != 0) | (np.abs(array) > _MAX_EXACT_INT))
    return numbers.mask(bad), bad


def _text_dates(text: pd.Series) -> Parsed:
    text = _stripped(text)
    iso = text.str.fullmatch(ISO_DATE).fillna(False).astype(bool)
    dates = pd.to_datetime(text.where(iso), format="%Y-%m-%d", errors="coerce")
    return _in_range_dates(dates, text.notna().to_numpy())


def _native_dates(dates: pd.Series) -> Parsed:
    """Stored dates or timestamps, taken as they are but for the time of day (dropped)."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    return _in_range_dates(dates.dt.normalize(), dates.notna().to_numpy())


def _in_range_dates(dates: pd.Series, filled: np.ndarray) -> Parsed:
    bad = filled & (dates.isna() | (dates < _FIRST_DAY) | (dates > _LAST_DAY)).to_numpy()
    return dates.mask(bad).astype(DATETIME), bad


_TEXT_PARSERS: dict[str, Callable[[pd.Series], Parsed]] = {
    "id": _text,
    "str": _text,
    "enum": _enum,
    "enum_set": _enum_set,
    "int": lambda text: _text_numbers(text, integer=True),
    "float": lambda text: _text_numbers(text, integer=False),
    "date": _text_dates,
}
