"""Nominations: the draft keeps the exposure record; Idempotency-Key replays the first answer."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from store import (
    ConflictError,
    InvalidRowsError,
    RecordNotFoundError,
    audit_page,
    create_nomination,
    get_nomination,
    list_nominations,
)


def test_create_keeps_what_the_planner_was_shown(db, item):
    created = create_nomination(
        db, "P1", [item("E1", 1), item("E2", 2, reasons=["a", "b"])], "ani", "v1", note="x"
    )
    assert created["status"] == "draft"
    assert (created["program_id"], created["created_by"], created["model_version"]) == (
        "P1",
        "ani",
        "v1",
    )
    assert isinstance(created["created_at"], datetime) and created["created_at"].tzinfo
    first = created["items"][0]
    assert first["employee_id"] == "E1" and first["rank"] == 1
    assert (first["score"], first["completion_probability"], first["expected_gain"]) == (
        0.5,
        0.8,
        1.25,
    )
    assert first["reasons"] == ["kesenjangan kompetensi"] and first["decision"] is None
    assert created["items"][1]["reasons"] == ["a", "b"]
    assert get_nomination(db, created["nomination_id"]) == created


def test_list_is_newest_first_and_by_program(db, items):
    first = create_nomination(db, "P1", items("E1"), "ani", "v1")
    second = create_nomination(db, "P1", items("E2"), "ani", "v1")
    create_nomination(db, "P2", items("E3"), "ani", "v1")
    listed = list_nominations(db, "P1")
    assert [n["nomination_id"] for n in listed] == [
        second["nomination_id"],
        first["nomination_id"],
    ]
    assert list_nominations(db, "nothing") == []


def test_creation_is_audited(db, items):
    created = create_nomination(db, "P1", items("E1"), "ani", "v1")
    (entry,) = audit_page(db)["items"]
    assert (entry["action"], entry["entity_id"], entry["actor"]) == (
        "nomination.created",
        created["nomination_id"],
        "ani",
    )
    assert entry["after"]["items"][0]["employee_id"] == "E1" and entry["model_version"] == "v1"


def test_unknown_nomination(db):
    with pytest.raises(RecordNotFoundError):
        get_nomination(db, "nope")


@pytest.mark.parametrize(
    ("bad", "column", "rows"),
    [
        ([], "items", []),
        (["E1", "E1"], "employee_id", [2]),  # an id stands for `item(id)`
        ([{"rank": 1}], "employee_id", [1]),
    ],
)
def test_invalid_items(db, bad, column, rows, item):
    given = [item(b) if isinstance(b, str) else b for b in bad]
    with pytest.raises(InvalidRowsError) as caught:
        create_nomination(db, "P1", given, "ani", "v1")
    assert (caught.value.column, caught.value.rows) == (column, rows)


def test_idempotency_key_replays_the_first_answer(db, items):
    first = create_nomination(db, "P1", items("E1"), "ani", "v1", idempotency_key="k1")
    again = create_nomination(db, "P1", items("E1"), "ani", "v1", idempotency_key="k1")
    assert again == first
    assert len(list_nominations(db, "P1")) == 1
    other_actor = create_nomination(db, "P1", items("E1"), "budi", "v1", idempotency_key="k1")
    assert other_actor["nomination_id"] != first["nomination_id"]
    with pytest.raises(ConflictError) as caught:
        create_nomination(db, "P1", items("E2"), "ani", "v1", idempotency_key="k1")
    assert "Idempotency-Key" in caught.value.details


def test_idempotency_race_creates_one(db, items):
    """Eight identical requests at the same moment: one nomination, one answer for all."""
    barrier = threading.Barrier(8)
    answers: list[dict] = []

    def post() -> None:
        barrier.wait()
        answers.append(
            create_nomination(db, "P1", items("E1", "E2"), "ani", "v1", idempotency_key="race")
        )

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 8
    assert len({a["nomination_id"] for a in answers}) == 1
    assert len(list_nominations(db, "P1")) == 1
    assert len(audit_page(db)["items"]) == 1
