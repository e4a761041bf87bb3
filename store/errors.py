"""The store's one error hierarchy: what the service turns into 503, 409, 404 and 422."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class StoreError(Exception):
    """Anything the decision store refuses or cannot do."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached or is busy beyond the timeout (the service answers 503)."""


class StoreBusyError(StoreUnavailableError):
    """A lock wait or a statement outlasted its timeout (503 with Retry-After, like a store
    that cannot be reached: the request may succeed when retried)."""


class SchemaBehindError(StoreError):
    """The database schema is older than the code (or absent): `make migrate` fixes it."""


class NotFoundError(StoreError):
    """A nomination or plan id that does not exist (404)."""


class ConflictError(StoreError):
    """A request refused whole because of the stored state (409).

    `details` maps each employee id (or another key) to the reasons it was refused, e.g.
    `{"198001...": ["no free seat: 20 of 20 taken"]}`.
    """

    def __init__(self, message: str, details: dict[str, list[str]] | None = None) -> None:
        self.details = details or {}
        super().__init__(message)


def repeated_rows(values: Sequence[Any]) -> list[int]:
    """The 1-based rows whose value appeared on an earlier row."""
    seen: set[Any] = set()
    repeated = []
    for row, value in enumerate(values, start=1):
        if value in seen:
            repeated.append(row)
        seen.add(value)
    return repeated


class InvalidRowsError(StoreError):
    """Rows that break the contract (422), named like features' DataError: the 1-based rows of
    the request, the column and the problem. Personal data is never echoed."""

    max_rows_shown = 5

    def __init__(
        self, problem: str, column: str | None = None, rows: Sequence[int] = (), n_bad: int = 0
    ) -> None:
        self.problem = problem
        self.column = column
        self.rows = [int(r) for r in rows[: self.max_rows_shown]]
        self.n_bad = max(n_bad, len(rows))
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.rows:
            more = self.n_bad - len(self.rows)
            shown = ", ".join(str(r) for r in self.rows) + (f" (and {more} more)" if more else "")
            where.append(f"{'row' if len(self.rows) == 1 else 'rows'} {shown}")
        return f"{', '.join(where)}: {self.problem}" if where else self.problem

    @property
    def details(self) -> dict[str, Any]:
        """The error's fields, as the service's error shape shows them."""
        return {"column": self.column, "rows": self.rows, "n_bad": self.n_bad}
