"""The store's one error hierarchy: what the service turns into 503, 409, 404 and 422."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class Refusal(str):
    """One reason a request is refused: the English sentence the API shows (a plain string
    in JSON, as before) that remembers its `code` and `values`, so that a page says it in its
    own language from the code, never by reading the sentence (as `model.explain.Reason`)."""

    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, template: str, values: Mapping[str, Any] | None = None) -> Refusal:
        given = dict(values or {})
        text = super().__new__(cls, template.format(**given))
        text.code, text.values = code, given
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled with its code and values (str's own pickling would call __new__ wrongly)
        return _revived, (self.code, str(self), self.values)


def _revived(code: str, text: str, values: dict[str, Any]) -> Refusal:
    found = str.__new__(Refusal, text)
    found.code, found.values = code, values
    return found


# The store's refusal codes and their English sentences (the API's text, unchanged); the
# values each names are what a page's catalogue entry takes.
PROGRAM_STARTED = "seat_after_start"  # day (not the why-not code program_started)
HOLDS_PROGRAM = "holds_program"  # held (approved, in_progress, completed)
HOLDS_SAME_COURSE = "holds_same_course"  # held, program
HOLDS_OVERLAPPING = "holds_overlapping_session"  # held, program, first, last
LEFT_PROGRAM = "left_program"  # status (dropped, failed, no_show)
NO_FREE_SEAT = "no_free_seat"  # taken, capacity, free, n
OVER_BUDGET = "over_budget"  # n, cost, budget
KEY_REUSED = "key_reused"
REFUSALS = {
    PROGRAM_STARTED: "the program started on {day}: no seat is filled after",
    HOLDS_PROGRAM: "{what} this program",
    HOLDS_SAME_COURSE: "{what} another session of the same course: program {program}",
    HOLDS_OVERLAPPING: "{what} an overlapping session: program {program}, {first} to {last}",
    LEFT_PROGRAM: "left this program: {status}",
    NO_FREE_SEAT: "no free seat: {taken} of {capacity} taken, {free} free for {n} approvals",
    OVER_BUDGET: "over the nomination's budget: {n} approvals cost {cost:,.0f} > {budget:,.0f}",
    KEY_REUSED: "reused with a different request: use a new key",
}
# what each holding is called in the sentences of HOLDS_*
HELD = {"approved": "already approved for", "in_progress": "already enrolled in",
        "completed": "has completed"}  # fmt: skip


def refusal(code: str, **values: Any) -> Refusal:
    """The store's refusal `code` with its values (a holding's `held` named in the sentence)."""
    shown = {**values, "what": HELD[values["held"]]} if "held" in values else values
    found = Refusal(code, REFUSALS[code], shown)
    found.values = dict(values)
    return found


class StoreError(Exception):
    """Anything the decision store refuses or cannot do."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached or is busy beyond the timeout (the service answers 503)."""


class StoreBusyError(StoreUnavailableError):
    """A lock wait or a statement outlasted its timeout (503 with Retry-After, like a store
    that cannot be reached: the request may succeed when retried)."""


class SchemaBehindError(StoreError):
    """The database schema is older than the code (or absent): `make migrate` fixes it."""


class RecordNotFoundError(StoreError):
    """A stored record that does not exist: a nomination, plan, job, import, user or API
    client (404). Not `model.errors.NotFoundError`, an id the serving bundle does not know."""


class ConflictError(StoreError):
    """A request refused whole because of the stored state (409).

    `details` maps each employee id (or another key) to the reasons it was refused, e.g.
    `{"198001...": ["no free seat: 20 of 20 taken"]}`.
    """

    def __init__(self, message: str, details: Mapping[str, Sequence[str]] | None = None) -> None:
        # a Mapping of Sequences, so that lists of `Refusal` are accepted as they are
        self.details: dict[str, list[str]] = {k: list(v) for k, v in (details or {}).items()}
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
