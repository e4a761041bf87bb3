"""`make train` reads the export plus the decision store: the store's newer row wins."""

from __future__ import annotations

import pytest

from features import columns as col
from features.loading import load_tables
from model.training.store_rows import read_store_rows, with_store_rows
from store import make_db, upsert_enrollments


@pytest.fixture(scope="module")
def tables(tiny_world_dirs):
    return load_tables(tiny_world_dirs[0])


def test_no_database_means_the_export_alone(tables, tmp_path, migrated_database):
    assert read_store_rows(f"sqlite:///{tmp_path / 'absent.sqlite3'}") is None
    assert not (tmp_path / "absent.sqlite3").exists()  # not created by looking
    empty_schema = tmp_path / "blank.sqlite3"
    empty_schema.touch()
    assert read_store_rows(f"sqlite:///{empty_schema}") is None
    same, counts = with_store_rows(tables, None)
    assert same is tables and counts["store"] == 0 and counts["export"] == len(tables.enrollments)


def test_the_store_row_wins(tables, tmp_path):
    from store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'tna.sqlite3'}"
    upgrade(url)
    old = tables.enrollments.iloc[0]
    employee = str(tables.employees[col.EMPLOYEE_ID].iloc[-1])
    program = str(tables.programs[col.PROGRAM_ID].iloc[-1])
    new_status = "dropped" if old[col.STATUS] != "dropped" else "failed"
    rows = [
        {"employee_id": old[col.EMPLOYEE_ID], "program_id": old[col.PROGRAM_ID],
         "enrolled_at": str(old[col.ENROLLED_AT].date()), "status": new_status},
        {"employee_id": employee, "program_id": program, "enrolled_at": "2020-01-06",
         "status": "completed", "post_score": 88.0},
        {"employee_id": "NOT-IN-EXPORT", "program_id": program, "enrolled_at": "2020-01-06",
         "status": "completed"},
    ]  # fmt: skip
    db = make_db(url)
    upsert_enrollments(db, rows, "lms")
    db.dispose()
    merged, counts = with_store_rows(tables, read_store_rows(url))
    already = ((tables.enrollments[col.EMPLOYEE_ID] == employee)
               & (tables.enrollments[col.PROGRAM_ID] == program)).any()  # fmt: skip
    assert counts == {
        "export": len(tables.enrollments) - 1 - int(already),
        "store": 2,
        "store_replaced_export": 1 + int(already),
        "store_unknown_ids": 1,
    }
    enr = merged.enrollments.set_index([col.EMPLOYEE_ID, col.PROGRAM_ID])
    assert enr.loc[(old[col.EMPLOYEE_ID], old[col.PROGRAM_ID]), col.STATUS] == new_status
    assert enr.loc[(employee, program), col.POST_SCORE] == 88.0
    assert len(merged.enrollments) == counts["export"] + counts["store"]
    assert (merged.enrollments.dtypes == tables.enrollments.dtypes).all()
