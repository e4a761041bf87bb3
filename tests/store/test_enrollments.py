"""Live enrolments: checked like the export, transitions validated, all or nothing; and the
live state and training rows read back from them."""

from __future__ import annotations

import pandas as pd
import pytest

from store import (
    InvalidRowsError,
    audit_page,
    create_nomination,
    decide,
    live_state,
    store_rows_for_training,
    upsert_enrollments,
)


def row(employee_id: str, program_id: str = "P1", status: str = "in_progress", **extra) -> dict:
    return {
        "employee_id": employee_id,
        "program_id": program_id,
        "enrolled_at": "2027-02-01",
        "status": status,
        **extra,
    }


def test_created_updated_unchanged(db):
    assert upsert_enrollments(db, [row("E1"), row("E2")], "lms") == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    again = [row("E1"), row("E2", status="completed", post_score=88.5, reaction_score="4")]
    assert upsert_enrollments(db, again, "lms") == {"created": 0, "updated": 1, "unchanged": 1}
    stored = store_rows_for_training(db).set_index("employee_id")
    assert stored.loc["E2", "status"] == "completed" and stored.loc["E2", "post_score"] == 88.5
    assert stored.loc["E2", "reaction_score"] == 4.0 and pd.isna(stored.loc["E1", "post_score"])
    entries = audit_page(db)["items"]
    assert [e["action"] for e in entries] == ["enrollment.updated", *["enrollment.created"] * 2]
    assert entries[0]["before"]["status"] == "in_progress"
    assert entries[0]["after"]["status"] == "completed"
    assert entries[0]["entity_id"] == "E2/P1"


def test_training_rows_have_the_contract_columns_and_dtypes(db):
    upsert_enrollments(db, [row("E1", pre_score=40, behavior_score=3.5)], "lms")
    frame = store_rows_for_training(db)
    assert list(frame.columns) == [
        "employee_id",
        "program_id",
        "enrolled_at",
        "status",
        "pre_score",
        "post_score",
        "reaction_score",
        "behavior_score",
    ]
    assert frame["enrolled_at"].dtype == "datetime64[ns]"
    assert frame["enrolled_at"].iloc[0] == pd.Timestamp("2027-02-01")
    assert frame["pre_score"].dtype == "float64" and frame["pre_score"].iloc[0] == 40.0


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        (row("E1", status="lulus"), "status"),
        (row("E1", post_score=101), "post_score"),
        (row("E1", reaction_score=0), "reaction_score"),
        ({**row("E1"), "enrolled_at": "01/02/2027"}, "enrolled_at"),
        ({**row("E1"), "enrolled_at": None}, "enrolled_at"),
        (row("E2"), "employee_id, program_id"),  # the same key twice in one request
    ],
)
def test_rows_checked_like_the_export(db, bad, column):
    with pytest.raises(InvalidRowsError) as caught:
        upsert_enrollments(db, [row("E2"), bad], "lms")
    assert caught.value.column == column
    assert 2 in caught.value.rows
    assert "E1" not in str(caught.value) and "E2" not in str(caught.value)
    assert store_rows_for_training(db).empty


def test_unknown_ids_refused(db, programs):
    with pytest.raises(InvalidRowsError) as caught:
        upsert_enrollments(db, [row("E1"), row("E9")], "lms", known_employees={"E1"})
    assert (caught.value.column, caught.value.rows) == ("employee_id", [2])
    with pytest.raises(InvalidRowsError) as caught:
        upsert_enrollments(db, [row("E1", "P9")], "lms", known_programs=set(programs))
    assert caught.value.column == "program_id"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("completed", "in_progress"),
        ("completed", "failed"),
        ("no_show", "in_progress"),
        ("dropped", "in_progress"),
    ],
)
def test_refused_transitions_change_nothing(db, first, then):
    upsert_enrollments(db, [row("E1", status=first)], "lms")
    with pytest.raises(InvalidRowsError) as caught:
        upsert_enrollments(db, [row("E2"), row("E1", status=then)], "lms")
    assert (caught.value.column, caught.value.rows) == ("status", [2])
    assert f"found {first} -> {then}" in str(caught.value)
    assert store_rows_for_training(db)["employee_id"].tolist() == ["E1"]


def test_allowed_transitions(db):
    upsert_enrollments(db, [row("E1"), row("E2", status="failed")], "lms")
    changes = [row("E1", status="dropped"), row("E2", status="completed")]
    assert upsert_enrollments(db, changes, "lms")["updated"] == 2


def test_live_state(db, approve, items, programs):
    nomination_id = create_nomination(db, "P1", items("E1", "E2"), "ani", "v1")["nomination_id"]
    decide(db, nomination_id, approve("E1"), "budi", programs)
    upsert_enrollments(
        db, [row("E1"), row("E3", "P2", "completed"), row("E4", "P1", "dropped")], "lms"
    )
    state = live_state(db)
    assert state.approved.values.tolist() == [["E1", "P1"]]
    assert sorted(state.enrolled.values.tolist()) == [
        ["E1", "P1", "in_progress"],
        ["E3", "P2", "completed"],
        ["E4", "P1", "dropped"],
    ]
    assert state.taken_seats.to_dict() == {"P1": 1, "P2": 1}


def test_a_big_feed_in_one_request(db):
    rows = [row(f"E{i:05d}", f"P{i % 7}") for i in range(3000)]
    assert upsert_enrollments(db, rows, "lms")["created"] == 3000
    rows[5]["status"] = "completed"
    assert upsert_enrollments(db, rows, "lms") == {
        "created": 0,
        "updated": 1,
        "unchanged": 2999,
    }
