"""A source system's file: one per endpoint or table, `<name>.csv` or `<name>.json`.

Every value is read as a string (SIASN sends strings; leading zeros of an NIP matter); an empty
cell is "". Rows are numbered as a user counts them: the line of a CSV file (header = line 1),
the 1-based position of a record in a JSON list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from features.errors import DataError

SUFFIXES = (".csv", ".json")
ENCODING = "utf-8-sig"  # a byte-order mark, as spreadsheet programs write it, is accepted


@dataclass(frozen=True)
class SourceFile:
    """The records of one file, every column a string column."""

    file: str  # the file's name, as messages show it
    frame: pd.DataFrame
    first_row: int  # the number a user gives the first record (2 for CSV, 1 for JSON)

    def rows(self, mask: np.ndarray | pd.Series) -> list[int]:
        """User row numbers of the records where `mask` holds."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        return [int(p) + self.first_row for p in positions]

    def column(self, name: str) -> pd.Series:
        """A column by name, or a column of "" when the file does not have it."""
        if name in self.frame.columns:
            return self.frame[name]
        return pd.Series("", index=self.frame.index, dtype="str")

    def first_present(self, names: Sequence[str]) -> str | None:
        """The first of `names` that is a column of the file."""
        return next((n for n in names if n in self.frame.columns), None)

    def require(self, names: Sequence[str]) -> None:
        """Fail with one message if a column the mapping needs is missing."""
        missing = [n for n in names if n not in self.frame.columns]
        if missing:
            raise DataError(self.file, f"missing column(s): {', '.join(missing)}")


def read_source(folder: Path, name: str) -> SourceFile | None:
    """The file `name` of `folder` (CSV or JSON), or None when neither exists."""
    for suffix in SUFFIXES:
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return _read_json(path) if suffix == ".json" else _read_csv(path)
    return None


def _read_csv(path: Path) -> SourceFile:
    try:
        frame = pd.read_csv(
            path, dtype="str", keep_default_na=False, encoding=ENCODING, skipinitialspace=False
        )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(path.name, f"not a readable CSV file ({_first_line(exc)})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return SourceFile(path.name, frame.map(str.strip), first_row=2)


def _read_json(path: Path) -> SourceFile:
    try:
        data = json.loads(path.read_text(encoding=ENCODING))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path.name, f"not a readable JSON file ({_first_line(exc)})") from None
    if isinstance(data, dict) and isinstance(data.get("data"), list):  # an API answer
        data = data["data"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DataError(path.name, "expected a list of records (objects)")
    frame = pd.DataFrame.from_records(data) if data else pd.DataFrame()
    frame = frame.map(_text).astype("str") if len(frame) else frame.astype("str")
    frame.columns = [str(c).strip() for c in frame.columns]
    return SourceFile(path.name, frame, first_row=1)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
