"""The decision store as the service uses it: one SQLAlchemy engine per app, the schema check
at start, the live state handed to the engine, and the catalogue facts the approval rules need.

The live state is read once and cached in the process until the store changes: a request
asks only for the store's generation (the newest audit row's id, one indexed lookup) and reads
the rows again when it moved. While the database is down the read routes keep answering with
the last live state read (or none) and the store is asked again after `RETRY_AFTER_S`, and
say so: every answer built on the live state carries `live_state` (`current`, `stale` or
`unavailable`) and `live_state_as_of` (`live_fields`), and the workspace shows a banner.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
from flask import Flask, current_app, g
from sqlalchemy.engine import Engine as StoreEngine

import store
from features import columns as col
from model.engine import Engine
from model.live import HOLDING_STATUSES, LiveState, live_codes
from model.planning.inputs import LiveInputs
from store.database import unavailable_on_failure
from store.live import GENERATION_SQL

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5.0
CONNECT_TIMEOUT = {"connect_timeout": 3}  # seconds (libpq)
# How the store's live state entered an answer, best first: read now; the last state read
# before the store became unreachable; none at all (approvals and taken seats ignored).
CURRENT, STALE, UNAVAILABLE = "current", "stale", "unavailable"
LIVE_STATES = (CURRENT, STALE, UNAVAILABLE)


@dataclass(frozen=True)
class LiveRead:
    """The live state's rows (None: never readable), how fresh they are, and, when `stale`,
    when the store last confirmed them (None otherwise)."""

    rows: store.LiveRows | None
    state: str
    as_of: datetime | None


def open_store(app: Flask) -> None:
    """Connect to `DATABASE_URL`; refuse (SchemaBehindError, naming `make migrate`) a schema that
    is behind. A database that cannot be reached is only logged: the read routes still work."""
    url = app.config["DATABASE_URL"]
    # a server that does not answer must not hold read routes for long (they ask the store)
    server = not url.startswith("sqlite")
    timeouts = store.Timeouts(
        lock_ms=app.config["DATABASE_LOCK_TIMEOUT_MS"],
        statement_ms=app.config["DATABASE_STATEMENT_TIMEOUT_MS"],
    )
    db = store.make_db(
        url, timeouts=timeouts, **({"connect_args": CONNECT_TIMEOUT} if server else {})
    )
    try:
        store.require_current_schema(db)
    except store.StoreUnavailableError as error:
        app.logger.warning("decision store not reachable at start (reads still served): %s", error)
    app.extensions["tna_store"] = db
    app.extensions["tna_live"] = LiveCache(db)


def store_db() -> StoreEngine:
    return current_app.extensions["tna_store"]


def current_live(engine: Engine) -> LiveState | None:
    """The live state over `engine`'s snapshot (None if the store was never readable); this
    request's answer notes how fresh it was (`live_fields`)."""
    read = current_app.extensions["tna_live"].read()
    _note(read.state, read.as_of)
    return current_app.extensions["tna_live"].codes(engine, read.rows)


def live_fields() -> dict[str, Any]:
    """`live_state` and `live_state_as_of` of this request's answer: the worst freshness of
    the live state it read (`current` when it read none)."""
    return {
        "live_state": g.get("tna_live_state", CURRENT),
        "live_state_as_of": g.get("tna_live_as_of"),
    }


def _note(state: str, as_of: datetime | None) -> None:
    """Keep the worse of this request's live-state readings (and the oldest time)."""
    if LIVE_STATES.index(state) >= LIVE_STATES.index(g.get("tna_live_state", CURRENT)):
        g.tna_live_state = state
        g.tna_live_as_of = as_of


def plan_live_inputs() -> LiveInputs | None:
    """What the store holds that an annual plan must respect: seats taken per program and the
    (employee, program) pairs already approved, enrolled or completed (None: never readable)."""
    read = current_app.extensions["tna_live"].read()
    _note(read.state, read.as_of)
    rows = read.rows
    if rows is None:
        return None
    holding = rows.enrolled.loc[rows.enrolled[col.STATUS].isin(HOLDING_STATUSES)]
    pairs = pd.concat(
        [
            rows.approved[[col.EMPLOYEE_ID, col.PROGRAM_ID]],
            holding[[col.EMPLOYEE_ID, col.PROGRAM_ID]],
        ],
        ignore_index=True,
    ).drop_duplicates()
    seats = {str(k): int(v) for k, v in rows.taken_seats.items()}
    return LiveInputs(taken_seats=seats, taken_pairs=pairs)


def program_leavers(program_id: str) -> dict[str, str]:
    """Employees whose enrolment in the program says they left it (dropped, failed, no-show):
    employee id -> status, from the cached live rows ({} while the store was never read)."""
    rows = current_app.extensions["tna_live"].rows()
    if rows is None:
        return {}
    enrolled = rows.enrolled
    left = enrolled.loc[
        (enrolled[col.PROGRAM_ID] == program_id) & enrolled[col.STATUS].isin(col.NOT_COMPLETED)
    ]
    return dict(zip(left[col.EMPLOYEE_ID], left[col.STATUS], strict=True))


def store_generation(db: StoreEngine) -> int:
    """`store.live_generation` as every read request asks it: the same one-statement query sent
    as text (nothing to build, compile or look up in the statement cache), ~40 µs instead of
    ~120 µs on SQLite; errors become StoreUnavailableError the same way."""
    with unavailable_on_failure(), db.connect() as conn:
        return int(conn.exec_driver_sql(GENERATION_SQL).scalar())


def forget_live_state() -> None:
    """This process wrote to the store: the next request reads the live state again."""
    current_app.extensions["tna_live"].invalidate()


class LiveCache:
    """The store's live state, read again only when its generation moves."""

    def __init__(self, db: StoreEngine, retry_after: float = RETRY_AFTER_S) -> None:
        self.db = db
        self.retry_after = retry_after
        self._rows: store.LiveRows | None = None
        self._codes: tuple[str, LiveState] | None = None
        self._down_until = 0.0
        self._as_of: datetime | None = None  # when the store last confirmed `_rows`
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        with self._lock:
            self._rows, self._codes = None, None

    def rows(self) -> store.LiveRows | None:
        """The store's rows as read (ids, not codes), fresh as `get`'s."""
        return self.read().rows

    def get(self, engine: Engine) -> LiveState | None:
        return self.codes(engine, self.read().rows)

    def codes(self, engine: Engine, rows: store.LiveRows | None) -> LiveState | None:
        """`rows` over `engine`'s codes, computed once per (rows, bundle)."""
        if rows is None:
            return None
        codes = self._codes
        if codes is None or codes[0] != engine.version or self._rows is not rows:
            state = live_codes(engine.state, rows.approved, rows.enrolled, rows.taken_seats)
            with self._lock:
                if self._rows is rows:
                    self._codes = (engine.version, state)
            return state
        return codes[1]

    def read(self) -> LiveRead:
        """The live state, read again when the store's generation moved; while the store is
        unreachable the last state read (`stale`), or none (`unavailable`)."""
        rows = self._rows
        if time.monotonic() < self._down_until:
            return self._unreachable(rows)
        try:
            if rows is None or not rows.settled or store_generation(self.db) != rows.generation:
                rows = store.live_state(self.db)
                with self._lock:
                    self._rows, self._codes = rows, None
        except store.StoreUnavailableError as error:
            log.warning("decision store unavailable, serving the last live state: %s", error)
            self._down_until = time.monotonic() + self.retry_after
            return self._unreachable(rows)
        self._as_of = datetime.now(UTC)
        return LiveRead(rows, CURRENT, None)  # read now: no time, so answers stay repeatable

    def _unreachable(self, rows: store.LiveRows | None) -> LiveRead:
        return LiveRead(rows, UNAVAILABLE if rows is None else STALE, self._as_of)


_facts: weakref.WeakKeyDictionary[Engine, dict[str, store.ProgramFacts]] = (
    weakref.WeakKeyDictionary()
)


def program_facts(engine: Engine) -> dict[str, store.ProgramFacts]:
    """The approval rules' facts of every dated program of the bundle's catalogue (capacity,
    cost, start date, duration, course), built once per bundle."""
    found = _facts.get(engine)
    if found is None:
        found = _facts.setdefault(engine, _catalogue_facts(engine))
    return found


def _catalogue_facts(engine: Engine) -> dict[str, store.ProgramFacts]:
    programs = engine.directory.programs
    dated = programs[col.START_DATE].notna().to_numpy()
    courses = engine.state.course_codes
    rows: dict[str, Any] = {
        "id": engine.directory.program_ids.to_numpy()[dated],
        "capacity": programs[col.CAPACITY].to_numpy()[dated],
        "cost": programs[col.COST].to_numpy(dtype=float)[dated],
        "start": pd.to_datetime(programs[col.START_DATE]).dt.date.to_numpy()[dated],
        "jp": programs[col.DURATION_JP].to_numpy()[dated],
        "course": courses[np.flatnonzero(dated)],
        "end": _given_ends(programs)[dated],
    }
    return {
        str(pid): store.ProgramFacts(
            capacity=int(cap),
            cost=float(cost),
            start_date=start,
            duration_jp=int(jp),
            course=f"course-{course}",
            end_date=None if np.isnat(end) else end.astype(date),
        )
        for pid, cap, cost, start, jp, course, end in zip(*rows.values(), strict=True)
    }


def _given_ends(programs: pd.DataFrame) -> np.ndarray:
    """Each session's given last day (`end_date`; NaT: estimated from its JP, as in a bundle
    of an export without the column)."""
    ends = programs.get(col.END_DATE)
    if ends is None:
        return np.full(len(programs), np.datetime64("NaT"), dtype="datetime64[D]")
    return pd.to_datetime(ends).to_numpy(dtype="datetime64[D]")


def current_counts(unit_ids: list[str] | None = None) -> pd.DataFrame | None:
    """Nominated, approved and rejected employees per program (of these units); None while
    the store cannot be read (a list of programs still answers)."""
    try:
        return store.nomination_counts(store_db(), unit_ids)
    except store.StoreUnavailableError as error:
        log.warning("decision store unavailable, programs listed without counts: %s", error)
        _note(UNAVAILABLE, None)  # the counts are missing, not old
        return None
