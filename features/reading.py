"""Reading one table file (CSV or Parquet) into raw columns, and numbering its rows for users.

A table may also be a directory of Parquet files (a dataset, possibly partitioned, as
`employees/agency=A001/part-0.parquet`; contract section 5): its files are read in path order
and a row is named by its file and its row within that file.

Nothing is typed or checked here beyond "the file can be read": CSV cells arrive as text
(so ids keep their leading zeros), Parquet columns as their stored types. Typing and the
contract's rules are `features.loading`'s job.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from features.errors import DataError
from features.schema import TEXT_KINDS, TableSpec


@dataclass(frozen=True)
class RawTable:
    """The spec's columns present in a file (extra columns dropped), and the file's header."""

    path: Path
    frame: pd.DataFrame
    header: tuple[str, ...]
    is_csv: bool
    parts: tuple[tuple[str, int], ...] = ()  # a dataset's files and their first rows

    @property
    def file(self) -> str:
        return f"{self.path.name}/" if self.parts else self.path.name

    def row_numbers(self, positions: Sequence[int]) -> list[int]:
        """Rows as a user counts them: CSV line numbers (header = 1), else 1-based rows."""
        if not self.is_csv:
            return [int(p) + 1 for p in positions]
        return _csv_line_numbers(self.path, positions)

    def located(self, positions: Sequence[int]) -> tuple[str, list[int]]:
        """The file of the first position and the rows of `positions` in that file, as a user
        counts them (a dataset's rows are counted within each of its files)."""
        if not self.parts:
            return self.file, self.row_numbers(positions)
        starts = [start for _, start in self.parts]
        which = [bisect.bisect_right(starts, int(p)) - 1 for p in positions]
        name, first = self.parts[which[0]]
        rows = [int(p) - first + 1 for p, w in zip(positions, which, strict=True) if w == which[0]]
        return f"{self.path.name}/{name}", rows


def read_raw(path: Path, spec: TableSpec, partitions: Sequence[str] | None = None) -> RawTable:
    """Read the spec's columns from a `.csv` or `.parquet` file, or a directory of Parquet
    files (only those under its `partitions` subdirectories when given); DataError if
    unreadable."""
    if path.is_dir():
        return _read_dataset(path, spec, partitions)
    if path.suffix == ".csv":
        header = _csv_header(path)
        return RawTable(path, _read_csv(path, spec, header), tuple(header.values()), is_csv=True)
    names = _parquet_names(path, spec)
    return RawTable(path, _read_parquet(path, spec, names), tuple(names), is_csv=False)


# --- CSV ----------------------------------------------------------------------------------
def _read_csv(path: Path, spec: TableSpec, header: dict[str, str]) -> pd.DataFrame:
    wanted = {raw: name for raw, name in header.items() if name in spec.names}
    if not wanted:  # pyarrow would read every column; the caller reports what is missing
        return pd.DataFrame()
    try:
        table = pa_csv.read_csv(
            path,
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(wanted, pa.string()),
                include_columns=list(wanted),
                null_values=[""],  # only an empty cell is missing: "NA" may be a real value
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise _csv_read_error(path, len(header), str(exc)) from None
    return table.rename_columns([wanted[n] for n in table.column_names]).to_pandas()


def _csv_header(path: Path) -> dict[str, str]:
    """Raw header name -> stripped name; refuses an empty file or a repeated contract column."""
    try:
        with path.open("rb") as handle:
            first_line = handle.readline().decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise DataError(path.name, "not UTF-8 text (save the file as UTF-8)", rows=[1]) from None
    except OSError as exc:
        raise DataError(path.name, f"cannot be read: {exc}") from None
    header = next(csv.reader([first_line]), None)
    if not header or not any(h.strip() for h in header):
        raise DataError(path.name, "empty file: expected a header line naming the columns")
    names = [h.strip() for h in header]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise DataError(path.name, f"column named twice in the header: {', '.join(repeated)}")
    return dict(zip(header, names, strict=True))


def _csv_read_error(path: Path, n_columns: int, message: str) -> DataError:
    if "UTF8" in message:
        line = _first_bad_utf8_line(path)
        return DataError(path.name, "not UTF-8 text (save the file as UTF-8)", rows=[line])
    if "Expected" in message and "columns" in message:
        ragged = _first_ragged_line(path, n_columns)
        problem = f"expected {n_columns} comma-separated fields, as in the header"
        return DataError(path.name, problem, rows=[ragged] if ragged else [])
    return DataError(path.name, f"cannot be read as CSV: {message}")


def _first_bad_utf8_line(path: Path) -> int:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return 1


def _first_ragged_line(path: Path, n_columns: int) -> int | None:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        try:
            for record in reader:
                if record and len(record) != n_columns:
                    return reader.line_num
        except csv.Error:  # e.g. a field over the csv module's size limit: no line to show
            return None
    return None


def _csv_line_numbers(path: Path, positions: Sequence[int]) -> list[int]:
    """Line where each data record starts, counting blank lines and quoted line breaks.

    Only called on the error path, for the few rows an error shows.
    """
    wanted = {int(p) for p in positions}
    found: dict[int, int] = {}
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        record_index, previous_end = -2, 0  # the header is record -1
        try:
            for record in reader:
                if record:  # pyarrow skips blank lines too
                    record_index += 1
                    if record_index in wanted:
                        found[record_index] = previous_end + 1
                        if len(found) == len(wanted):
                            break
                previous_end = reader.line_num
        except csv.Error:  # a field over the csv module's size limit: count records as lines
            pass
    return [found.get(int(p), int(p) + 2) for p in positions]


# --- Parquet ------------------------------------------------------------------------------
def _parquet_names(path: Path, spec: TableSpec) -> list[str]:
    try:
        names = pq.read_schema(path).names
    except (pa.ArrowException, OSError) as exc:
        raise DataError(path.name, f"cannot be read as Parquet: {_first_line(exc)}") from None
    repeated = sorted({n for n in names if n in spec.names and names.count(n) > 1})
    if repeated:
        raise DataError(path.name, f"column stored twice: {', '.join(repeated)}")
    return names


def _read_parquet(path: Path, spec: TableSpec, names: list[str]) -> pd.DataFrame:
    return _parquet_table(path, spec, names).to_pandas(date_as_object=False)


def _parquet_table(path: Path, spec: TableSpec, names: list[str]) -> pa.Table:
    try:
        table = pq.read_table(path, columns=[n for n in names if n in spec.names])
    except (pa.ArrowException, OSError) as exc:
        raise DataError(path.name, f"cannot be read as Parquet: {_first_line(exc)}") from None
    arrays = [
        _parquet_column(path, table.column(n), spec.column(n).kind, n) for n in table.column_names
    ]
    return pa.table(dict(zip(table.column_names, arrays, strict=True)))


def _parquet_column(path: Path, array: pa.ChunkedArray, kind: str, name: str) -> pa.ChunkedArray:
    """Bring a stored column to a type the typing step understands, or refuse it clearly.

    Integer ids become their decimal text: that is lossless for the number, but a leading zero
    the exporting system dropped cannot be recovered, so ids are best stored as strings.
    """
    arrow_type = array.type
    if pa.types.is_dictionary(arrow_type):
        array, arrow_type = array.cast(arrow_type.value_type), arrow_type.value_type
    if pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type):
        return array.cast(pa.string())
    if pa.types.is_string(arrow_type) or pa.types.is_null(arrow_type):
        return array
    if kind in TEXT_KINDS and (pa.types.is_integer(arrow_type) or pa.types.is_boolean(arrow_type)):
        return array.cast(pa.string())
    numeric = pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type)
    if kind in ("int", "float") and (numeric or pa.types.is_decimal(arrow_type)):
        return array.cast(pa.float64()) if pa.types.is_decimal(arrow_type) else array
    if kind == "date" and (pa.types.is_date(arrow_type) or pa.types.is_timestamp(arrow_type)):
        return array
    expected = "text" if kind in TEXT_KINDS else "a date" if kind == "date" else "a number"
    raise DataError(path.name, f"expected {expected}, found Parquet type {arrow_type}", name)


def _read_dataset(
    folder: Path, spec: TableSpec, partitions: Sequence[str] | None = None
) -> RawTable:
    """Every Parquet file under `folder` (under its `partitions` subdirectories only, when
    given), in path order, as one table. A column missing from the files but named by a
    partition directory (`unit_id=X`) takes that value."""
    files = sorted(folder.rglob("*.parquet"))
    if partitions is not None:
        wanted = set(partitions)
        files = [f for f in files if f.relative_to(folder).parts[0] in wanted]
        if not files:  # none of these partitions holds this table: an empty one
            empty = pd.DataFrame({c.name: pd.Series([], dtype="str") for c in spec.columns})
            return RawTable(folder, empty, tuple(empty.columns), is_csv=False)
    if not files:
        raise DataError(f"{folder.name}/", "a table directory without any .parquet file")
    tables, parts, header = [], [], {}
    start = 0
    for path in files:
        names = _parquet_names(path, spec)
        table = _parquet_table(path, spec, names)
        for key, value in _partition_values(path.relative_to(folder)).items():
            if key in spec.names and key not in table.column_names:
                table = table.append_column(key, pa.array([value] * len(table), pa.string()))
                names = [*names, key]
        header.update(dict.fromkeys(names))
        tables.append(table)
        parts.append((path.relative_to(folder).as_posix(), start))
        start += len(table)
    try:  # a file whose column is all empty stores it as null: promoted to the others' type
        whole = pa.concat_tables(tables, promote_options="permissive")
    except pa.ArrowException as exc:
        problem = f"its files disagree on a column's type: {_first_line(exc)}"
        raise DataError(f"{folder.name}/", problem) from None
    frame = whole.to_pandas(date_as_object=False)
    return RawTable(folder, frame, tuple(header), is_csv=False, parts=tuple(parts))


def _partition_values(relative: Path) -> dict[str, str]:
    """The `key=value` directories of a partitioned dataset's file path."""
    pairs = (part.split("=", 1) for part in relative.parts[:-1] if "=" in part)
    return {key: value for key, value in pairs}


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
