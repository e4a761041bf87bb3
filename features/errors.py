"""The one project exception for bad input data."""

from __future__ import annotations

from collections.abc import Sequence


class DataError(Exception):
    """An input table breaks the contract.

    The message names the file, the column and the first offending rows as a user counts them
    (for a CSV: the line number in the file, the header being line 1; for Parquet: the 1-based
    row number), so one paragraph is enough to find and fix the problem.
    """

    max_rows_shown = 5

    def __init__(
        self,
        file: str,
        problem: str,
        column: str | None = None,
        rows: Sequence[int] = (),
        n_bad: int | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.column = column
        self.rows = [int(r) for r in rows[: self.max_rows_shown]]
        self.n_bad = len(rows) if n_bad is None else n_bad
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.file
        if self.column is not None:
            where += f", column '{self.column}'"
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows)
            more = (
                f" (and {self.n_bad - len(self.rows)} more)" if self.n_bad > len(self.rows) else ""
            )
            label = "row" if len(self.rows) == 1 else "rows"
            where += f", {label} {shown}{more}"
        return f"{where}: {self.problem}"
