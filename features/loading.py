"""Loading an HR export: every contract table read, typed and checked, or one clear DataError.

Tables are checked in dependency order (`features.schema.SPECS`) and the first problem found
is raised, naming the file, the column and the first offending rows as a user counts them.
All checks are masks over whole columns, so millions of evaluation rows load in seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from features import columns as col
from features import unit_tree
from features.coercion import absent_column, final_column, typed_values
from features.errors import DataError
from features.reading import RawTable, read_raw
from features.schema import SPECS, Column, TableSpec
from features.tables import Tables

logger = logging.getLogger(__name__)

SUFFIXES = (".csv", ".parquet")
# An export made east of the reading machine (WIB is UTC+7, WIT UTC+9) may be dated tomorrow.
CLOCK_SLACK = timedelta(days=1)


def latest_past_date(today: date | None = None) -> pd.Timestamp:
    """The latest date a past event of an export may carry: the day it is read (`today`,
    default the clock in UTC) plus `CLOCK_SLACK`. A later one is a typo (2062 for 2026) that
    would move the snapshot date, the latest `enrolled_at` or `evaluated_at`."""
    today = today or datetime.now(UTC).date()
    return pd.Timestamp(today + CLOCK_SLACK)


def load_tables(
    data_dir: str | Path, today: date | None = None, partitions: Sequence[str] | None = None
) -> Tables:
    """Read and check every table of the data directory (an HR export).

    Raises DataError on the first broken rule, a date of a past event (`Column.past`) after
    `latest_past_date(today)` included; `units` is built from the employees' and
    assignments' unit ids (name = id, no region) when its optional file is absent.
    `partitions` (directory names such as `agency=A001`) reads only those partitions of the
    tables that are partitioned directories, and whole the tables that are single files (those
    every partition shares, such as the competency dictionary).
    """
    latest = latest_past_date(today)
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(str(data_dir), "data directory not found")
    frames: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    for spec in SPECS.values():
        path = _table_path(data_dir, spec)
        if path is None:
            continue
        raw = read_raw(path, spec, partitions)
        frame = _checked_frame(raw, spec, latest)
        _check_foreign_keys(raw, frame, spec, frames, files)
        if spec.name == col.ASSIGNMENTS:
            _check_latest_assignments(raw, frame, frames[col.EMPLOYEES])
        if spec.name == col.UNITS:
            _check_unit_tree(raw, frame)
        if spec.name == col.PROGRAMS:
            _check_agencies(raw, frame, frames, files)
            _check_session_ends(raw, frame)
        frames[spec.name], files[spec.name] = frame, raw.file
        logger.info("%s: %d rows", raw.file, len(frame))
    if col.UNITS not in frames:
        frames[col.UNITS] = units_from_employees(frames[col.EMPLOYEES], frames.get(col.ASSIGNMENTS))
    return Tables(**frames)


def read_table(path: str | Path, spec: TableSpec) -> pd.DataFrame:
    """Read one table file and check its own rules (all but foreign keys); typed frame out."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise DataError(path.name, "expected a .csv or .parquet file")
    if not path.is_file():
        raise DataError(path.name, f"file not found in {path.parent}")
    return _checked_frame(read_raw(path, spec), spec, latest_past_date())


def check_rows(rows: pd.DataFrame, spec: TableSpec, name: str) -> pd.DataFrame:
    """Check rows that come from no file (an API body) like a table file: typed frame out, or a
    DataError naming `name`, the column and the 1-based rows. Foreign keys are the caller's."""
    present = [c for c in rows.columns if c in spec.names]
    raw = RawTable(Path(name), rows[present].reset_index(drop=True), tuple(rows.columns), False)
    return _checked_frame(raw, spec)


def units_from_employees(
    employees: pd.DataFrame, assignments: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The units table when no file gives it: one row per unit id (of today's employees and of
    past assignments), named by its id, none under another."""
    unit_ids = employees[col.UNIT_ID]
    if assignments is not None:
        unit_ids = pd.concat([unit_ids, assignments[col.UNIT_ID]])
    ids = pd.Series(np.sort(unit_ids.dropna().unique()), dtype="str")
    region = pd.Series(pd.NA, index=ids.index, dtype="str")
    return pd.DataFrame(
        {col.UNIT_ID: ids, col.NAME: ids, col.REGION: region, col.PARENT_UNIT_ID: region.copy()}
    )


def _table_path(data_dir: Path, spec: TableSpec) -> Path | None:
    """`<table>.csv`, `<table>.parquet` or a directory `<table>/` of Parquet files."""
    found = [
        data_dir / f"{spec.name}{s}" for s in SUFFIXES if (data_dir / f"{spec.name}{s}").is_file()
    ]
    if (data_dir / spec.name).is_dir():
        found.append(data_dir / spec.name)
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        raise DataError(found[0].name, f"both {names} exist in {data_dir}: remove one of them")
    if not found and spec.required:
        expected = f"{spec.name}.csv, {spec.name}.parquet or a directory {spec.name}/"
        raise DataError(f"{spec.name}.csv", f"table missing: expected {expected} in {data_dir}")
    return found[0] if found else None


def _checked_frame(
    raw: RawTable, spec: TableSpec, latest: pd.Timestamp | None = None
) -> pd.DataFrame:
    present = set(raw.frame.columns)
    missing = [c.name for c in spec.columns if c.required and c.name not in present]
    if missing:
        header = ", ".join(raw.header)
        raise DataError(raw.file, f"required column missing (the file has: {header})", missing[0])
    n_rows = len(raw.frame)
    typed = {
        c.name: _checked_column(raw, c, latest) if c.name in present else absent_column(c, n_rows)
        for c in spec.columns
    }
    frame = pd.DataFrame(typed, index=pd.RangeIndex(n_rows))
    _check_key(raw, frame, spec)
    return frame


def _checked_column(raw: RawTable, column: Column, latest: pd.Timestamp | None) -> pd.Series:
    """One column typed, then checked: empty required cells, wrong types, enums, ranges, and
    past events after `latest` (not checked without it: API rows are checked by the store)."""
    source = raw.frame[column.name]
    values, bad = typed_values(source, column.kind)
    empty = values.isna().to_numpy() & ~bad
    if column.required:
        _raise_if(raw, column, empty, "empty cell: a value is required")
    _raise_if(raw, column, bad, f"not {_KIND_TEXT.get(column.kind, column.kind)}", source)
    if column.values:
        unknown = _unknown_values(values, column)
        allowed = ", ".join(column.values)
        _raise_if(raw, column, unknown, f"unknown value (allowed: {allowed})", source)
    if column.min is not None or column.max is not None:
        outside = _outside(values, column)
        _raise_if(raw, column, outside, f"must be {column.range_text()}", source)
    if column.past and latest is not None:
        future = (values > latest).fillna(False).to_numpy(dtype=bool)
        day = (latest - CLOCK_SLACK).date()
        problem = f"date after the export was read ({day}): a past event cannot lie in the future"
        _raise_if(raw, column, future, problem, source)
    return final_column(values, column)


def _unknown_values(values: pd.Series, column: Column) -> np.ndarray:
    """Cells holding a value outside the column's allowed ones (any of a set's values)."""
    allowed = pd.Series(column.values)
    filled = values.notna().to_numpy()
    if column.kind != "enum_set":
        return filled & ~_isin(values, allowed)
    each = values.astype(object).str.split(col.SET_SEPARATOR).explode()  # all-empty: float
    known = _isin(each.fillna(column.values[0]), allowed)
    return ~pd.Series(known, index=each.index).groupby(level=0).all().to_numpy() & filled


_KIND_TEXT = {
    "int": "a whole number",
    "float": "a number",
    "date": "an ISO date YYYY-MM-DD",
}


def _outside(values: pd.Series, column: Column) -> np.ndarray:
    array = values.to_numpy(dtype="float64", na_value=np.nan)
    outside = np.zeros(len(array), dtype=bool)
    with np.errstate(invalid="ignore"):
        if column.min is not None:
            outside |= array < column.min if column.min_inclusive else array <= column.min
        if column.max is not None:
            outside |= array > column.max if column.max_inclusive else array >= column.max
    return outside


def _check_key(raw: RawTable, frame: pd.DataFrame, spec: TableSpec) -> None:
    if not spec.key or frame.empty:
        return
    duplicated = frame.duplicated(subset=list(spec.key), keep=False).to_numpy()
    if duplicated.any():
        first = frame.loc[duplicated, list(spec.key)].iloc[0].tolist()
        example = ", ".join(f"{k}={_shown(v, k)}" for k, v in zip(spec.key, first, strict=True))
        problem = f"duplicate key ({example}): each ({', '.join(spec.key)}) must appear once"
        _raise_if(raw, Column(", ".join(spec.key), "id"), duplicated, problem)


def _check_foreign_keys(
    raw: RawTable,
    frame: pd.DataFrame,
    spec: TableSpec,
    frames: dict[str, pd.DataFrame],
    files: dict[str, str],
) -> None:
    """Every foreign key names an existing row; a key into an absent optional table is skipped."""
    for fk in spec.foreign_keys:
        if fk.table not in frames:
            continue
        values = frame[fk.column]
        known = frames[fk.table][fk.ref_column]
        dangling = values.notna().to_numpy() & ~_isin(values, known)
        problem = f"unknown {fk.ref_column}: not in {files[fk.table]}"
        _raise_if(raw, spec.column(fk.column), dangling, problem, values)


def _check_latest_assignments(
    raw: RawTable, assignments: pd.DataFrame, employees: pd.DataFrame
) -> None:
    """Today's `employees` row must agree with each employee's latest assignment (the contract:
    the employees table is today's state, the assignments its history)."""
    latest = assignments.sort_values([col.EMPLOYEE_ID, col.START_DATE], kind="stable")
    latest = latest.drop_duplicates(col.EMPLOYEE_ID, keep="last")
    today = employees.set_index(col.EMPLOYEE_ID)
    for column in (col.ROLE_ID, col.UNIT_ID):
        expected = latest[col.EMPLOYEE_ID].map(today[column])
        differs = (latest[column] != expected).to_numpy(dtype=bool)
        mask = np.zeros(len(assignments), dtype=bool)
        mask[latest.index[differs]] = True
        problem = (
            f"an employee's latest assignment differs from the {column} of the employees table"
            " (today's position): the two must agree"
        )
        spec = SPECS[col.ASSIGNMENTS].column(column)
        _raise_if(raw, spec, mask, problem, assignments[column])


def _check_unit_tree(raw: RawTable, units: pd.DataFrame) -> None:
    """Every `parent_unit_id` names a unit of the same file, and no unit is its own ancestor."""
    column = SPECS[col.UNITS].column(col.PARENT_UNIT_ID)
    parents = units[col.PARENT_UNIT_ID]
    problem = f"unknown {col.UNIT_ID}: a parent must be a unit of {raw.file}"
    _raise_if(raw, column, unit_tree.unknown_parents(units), problem, parents)
    problem = "cycle: these units are their own ancestors (or lie under such a unit)"
    _raise_if(raw, column, unit_tree.in_cycles(units), problem, units[col.UNIT_ID])


def _check_agencies(
    raw: RawTable, programs: pd.DataFrame, frames: dict[str, pd.DataFrame], files: dict[str, str]
) -> None:
    """Every `open_to_agency` names a unit (the agency is the unit at the top of its tree): of
    the units table, or, without one, a unit some employee works in."""
    agencies = programs[col.OPEN_TO_AGENCY]
    if agencies.isna().all():
        return
    table = col.UNITS if col.UNITS in frames else col.EMPLOYEES
    known = frames[table][col.UNIT_ID]
    unknown = agencies.notna().to_numpy() & ~_isin(agencies, known)
    problem = f"unknown agency: not a {col.UNIT_ID} of {files[table]}"
    _raise_if(raw, SPECS[col.PROGRAMS].column(col.OPEN_TO_AGENCY), unknown, problem, agencies)


def _check_session_ends(raw: RawTable, programs: pd.DataFrame) -> None:
    """A session's `end_date`, where given, is not before its `start_date`: an outcome would
    otherwise count as known before the session began."""
    ends = programs[col.END_DATE]
    early = (ends < programs[col.START_DATE]).fillna(False).to_numpy(dtype=bool)
    problem = f"before the session's {col.START_DATE}: a session cannot end before it starts"
    _raise_if(raw, SPECS[col.PROGRAMS].column(col.END_DATE), early, problem, ends.dt.date)


def _isin(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """`values.isin(allowed)` for text, through Arrow: a few times faster on millions of rows."""
    found = pc.is_in(
        pa.array(values, type=pa.string()), value_set=pa.array(allowed, type=pa.string())
    )
    return found.to_numpy(zero_copy_only=False)


def _shown(value: object, column: str) -> str:
    """A cell as a message shows it: personal data only by its length, which is enough to
    spot a lost leading zero in an NIP."""
    if column in col.PERSONAL:
        return f"<a value of {len(str(value))} characters>"
    return repr(str(value))


def _raise_if(
    raw: RawTable,
    column: Column,
    mask: np.ndarray,
    problem: str,
    examples: pd.Series | None = None,
) -> None:
    """Raise one DataError naming the first rows where `mask` holds, if any does."""
    positions = np.flatnonzero(mask)
    if positions.size == 0:
        return
    if examples is not None:
        shown = pd.unique(examples.iloc[positions[:1000]].astype("str"))[:3]
        problem += f"; found {', '.join(_shown(str(v), column.name) for v in shown)}"
    file, shown_rows = raw.located(positions[: DataError.max_rows_shown].tolist())
    raise DataError(file, problem, column.name, rows=shown_rows, n_bad=int(positions.size))
