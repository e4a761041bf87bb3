"""Completed trainings back to SIASN: the records in SIASN's rw-kursus shape, the SIASN
importer reading them back to the same completions, the year filter, the store's completions,
the audit entry, the CSV, the workspace's download, and auth."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from importers.report import ImportReport
from importers.siasn_people import People
from importers.siasn_training import RW_KURSUS, completions
from importers.source import read_source
from service.actions.completions import course_records
from service.exports.completions import COLUMNS

URL = "/v1/exports/siasn-completions"


def imported(tmp_path, records: list[dict]) -> pd.DataFrame:
    """What the SIASN importer makes of `records` saved as rw-kursus.json: one row per
    completion with the fields a completion is known by."""
    (tmp_path / f"{RW_KURSUS}.json").write_text(json.dumps(records))
    nobody = pd.Series(dtype=str)
    programs, enrolments = completions(
        read_source(tmp_path, RW_KURSUS), RW_KURSUS, People(nobody, nobody), ImportReport("siasn")
    )
    assert (enrolments[col.STATUS] == col.COMPLETED).all()
    return enrolments.merge(programs, on=col.PROGRAM_ID)


def known_by(frame: pd.DataFrame) -> set[tuple]:
    return {
        (r[col.EMPLOYEE_ID], r[col.TITLE], pd.Timestamp(r[col.START_DATE]).date(),
         int(r[col.DURATION_JP]), r[col.PROVIDER] if isinstance(r[col.PROVIDER], str) else "")
        for r in frame.to_dict("records")
    }  # fmt: skip


def completed_in_bundle(engine) -> pd.DataFrame:
    done = engine.bundle.enrollments
    done = done[done[col.STATUS] == col.COMPLETED]
    return done.merge(engine.bundle.programs, on=col.PROGRAM_ID)


def test_import_of_the_export_gives_back_the_same_completions(client, engine, tmp_path, auth):
    answer = client.get(URL + ".json", headers=auth())
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["year"] is None and body["count"] == len(body["records"]) > 0
    assert set(body["records"][0]) == set(COLUMNS)  # JSON keys come sorted
    assert known_by(imported(tmp_path, body["records"])) == known_by(completed_in_bundle(engine))


def test_the_kind_round_trips_through_jenis_diklat_where_siasn_has_a_code(tmp_path):
    done = pd.DataFrame({
        col.EMPLOYEE_ID: ["199001012020011001"] * 3, col.TITLE: ["Teknis", "Coaching", "PKP"],
        col.START_DATE: pd.to_datetime(["2026-03-02", "2026-04-06", "2026-05-04"]),
        col.DURATION_JP: [24, 6, 40], col.PROVIDER: ["BPSDM", None, "LAN"],
        col.KIND: ["technical", "coaching", "structural"],
        "end": pd.to_datetime(["2026-03-04", "2026-04-06", "2026-05-08"]),
    })  # fmt: skip
    records = course_records(done)
    assert [r["jenisDiklatId"] for r in records] == ["3", "", "1"]  # coaching: no SIASN code
    assert records[0]["tanggalKursus"] == "02-03-2026" and records[0]["tahunKursus"] == 2026
    assert records[0]["tanggalSelesaiKursus"] == "04-03-2026"
    back = imported(tmp_path, records).set_index(col.TITLE)
    assert back.loc["Teknis", "kind"] == "technical" and back.loc["PKP", "kind"] == "structural"
    assert back.loc["Coaching", "kind"] == ""  # left empty, never guessed
    assert known_by(back.reset_index()) == known_by(done)


def test_the_year_keeps_programs_that_ended_in_it(client, engine, auth):
    done = completed_in_bundle(engine)
    year = int(pd.Timestamp(done[col.START_DATE].max()).year)
    body = client.get(URL + ".json", query_string={"year": year}, headers=auth()).get_json()
    assert body["year"] == year and 0 < body["count"] < len(done)
    ends = [int(r["tanggalSelesaiKursus"][-4:]) for r in body["records"]]
    assert set(ends) == {year}


def test_an_export_is_in_the_audit_log_and_the_csv_has_siasn_field_names(client, auth):
    answer = client.get(URL + ".csv", headers=auth("ani"))
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS and len(rows) > 1
    log = client.get("/v1/audit", query_string={"actor": "ani"}, headers=auth("admin")).get_json()
    entry = next(e for e in log["items"] if e["action"] == "export.siasn_completions")
    assert entry["after"] == {"year": None, "records": len(rows) - 1}


def test_a_completion_recorded_in_the_store_is_exported(store_client, engine, auth):
    past = np.setdiff1d(np.arange(len(engine.programs)), engine.upcoming)
    program = engine.programs.iloc[past[-1]]
    done = set(completed_in_bundle(engine).query("program_id == @program.name")["employee_id"])
    employee = next(e for e in engine.state.employee_ids if e not in done)
    row = {"employee_id": employee, "program_id": str(program.name), "status": "completed",
           "enrolled_at": str(pd.Timestamp(program[col.START_DATE]).date())}  # fmt: skip
    stored = store_client.post("/v1/enrollments", json={"enrollments": [row]},
                               headers=auth("system"))  # fmt: skip
    assert stored.status_code == 200, stored.get_json()
    records = store_client.get(URL + ".json", headers=auth()).get_json()["records"]
    assert (employee, program[col.TITLE]) in {(r["nipBaru"], r["namaKursus"]) for r in records}


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": 1800}, {"colour": "red"}])
def test_bad_queries_no_token_and_other_roles(client, query, auth):
    assert client.get(URL + ".json", query_string=query, headers=auth()).status_code == 422
    assert client.get(URL + ".json").status_code == 401
    assert client.get(URL + ".csv", headers=auth("system")).status_code == 403


def test_the_plans_page_offers_the_download(app, actor_of, auth, sign_in):
    planner = sign_in(app.test_client(), "planner")
    page = planner.get("/app/plans?lang=en").data.decode()
    assert 'id="siasn-completions"' in page and "Download CSV for SIASN" in page
    answer = planner.get("/app/siasn-completions.csv", query_string={"year": ""})
    assert answer.status_code == 200 and answer.data.decode("utf-8-sig").startswith("nipBaru,")
    log = planner.get("/v1/audit", query_string={"actor": actor_of("planner")},
                      headers=auth("admin")).get_json()  # fmt: skip
    assert any(e["action"] == "export.siasn_completions" for e in log["items"])
