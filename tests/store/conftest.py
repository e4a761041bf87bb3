"""Store tests: `db`, a SQLAlchemy engine on the database of each backend (the backends
themselves are the plugin tests/plugins/store_fixtures.py), and a small catalogue with its
nomination and decision builders, as fixtures (nothing to import from here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from store.database import make_db
from store.rules import ProgramFacts

# P1 and P1B are two sessions of one course; P2 overlaps P1 (same week); P3 is later.
PROGRAMS = {
    "P1": ProgramFacts(
        capacity=3, cost=1_000_000, start_date=date(2027, 3, 1), duration_jp=24, course="kehumasan"
    ),
    "P1B": ProgramFacts(
        capacity=3, cost=1_000_000, start_date=date(2027, 6, 7), duration_jp=24, course="kehumasan"
    ),
    "P2": ProgramFacts(
        capacity=3, cost=2_000_000, start_date=date(2027, 3, 3), duration_jp=8, course="sipd"
    ),
    "P3": ProgramFacts(
        capacity=1, cost=500_000, start_date=date(2027, 4, 5), duration_jp=16, course="data"
    ),
}


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    db = make_db(db_url)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def programs() -> dict[str, ProgramFacts]:
    """The small catalogue: P1 and P1B (one course), P2 overlapping P1, P3 later (1 seat)."""
    return dict(PROGRAMS)


def _item(employee_id: str, rank: int = 1, **extra) -> dict:
    return {
        "employee_id": employee_id,
        "rank": rank,
        "unit_id": "U1",
        "score": 0.5,
        "completion_probability": 0.8,
        "expected_gain": 1.25,
        "reasons": ["kesenjangan kompetensi"],
        **extra,
    }


@pytest.fixture(scope="session")
def item() -> Callable[..., dict]:
    """`item(employee_id, rank=1, **extra)`: a nomination item as the service would pass it
    (what the planner was shown)."""
    return _item


@pytest.fixture(scope="session")
def items() -> Callable[..., list[dict]]:
    """`items(*employee_ids)`: nomination items ranked in the order given."""

    def build(*employee_ids: str) -> list[dict]:
        return [_item(e, rank=i + 1) for i, e in enumerate(employee_ids)]

    return build


@pytest.fixture(scope="session")
def approve() -> Callable[..., list[dict]]:
    """`approve(*employee_ids)`: an approval decision for each."""

    def build(*employee_ids: str) -> list[dict]:
        return [{"employee_id": e, "decision": "approved"} for e in employee_ids]

    return build
