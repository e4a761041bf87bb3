"""SIASN's riwayat files into the contract's tables: the round trip, the rules, the report."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from features import columns as col
from features.demo import generate_world
from features.errors import DataError
from features.loading import load_tables
from importers.__main__ import main, run_import
from importers.dumps import siasn_files, write_files
from importers.report import REPORT_FILE
from model.training.train import train


@pytest.fixture(scope="module")
def imported(siasn_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "tables"
    report = run_import("siasn", siasn_dir, out)
    return load_tables(out).as_dict(), report, out


def _same(left: pd.DataFrame, right: pd.DataFrame, key: list[str]) -> None:
    """Equal as text (dates, numbers and empties alike), in key order."""

    def text(frame: pd.DataFrame) -> pd.DataFrame:
        shown = frame[key].astype("object").where(frame[key].notna(), "")
        return shown.astype("str").sort_values(key).reset_index(drop=True)

    pd.testing.assert_frame_equal(text(left), text(right))


def test_round_trip_gives_the_same_employees(world, imported):
    tables, _, _ = imported
    columns = [col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID, col.HIRE_DATE, col.BIRTH_DATE,
               col.EDUCATION, col.EMPLOYMENT_TYPE, col.GENDER, col.GRADE, col.NAME,
               col.LOCATION]  # fmt: skip
    _same(world.tables[col.EMPLOYEES], tables[col.EMPLOYEES], columns)


def test_round_trip_gives_the_same_positions_units_completions_and_ratings(world, imported):
    tables, _, _ = imported
    t = world.tables
    _same(t[col.ASSIGNMENTS], tables[col.ASSIGNMENTS],
          [col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID, col.START_DATE])  # fmt: skip
    _same(t[col.UNITS], tables[col.UNITS], [col.UNIT_ID, col.NAME, col.PARENT_UNIT_ID])
    done = t[col.ENROLLMENTS][t[col.ENROLLMENTS][col.STATUS] == col.COMPLETED]
    key = [col.EMPLOYEE_ID, col.TITLE, col.START_DATE, col.DURATION_JP]
    _same(done.merge(t[col.PROGRAMS], on=col.PROGRAM_ID),
          tables[col.ENROLLMENTS].merge(tables[col.PROGRAMS], on=col.PROGRAM_ID), key)  # fmt: skip
    _same(t[col.PERFORMANCE], tables[col.PERFORMANCE], [col.EMPLOYEE_ID, col.YEAR, col.RATING])
    ac = t[col.EVALUATIONS][t[col.EVALUATIONS][col.SOURCE] == "assessment_center"]
    mine = tables[col.EVALUATIONS][tables[col.EVALUATIONS][col.SOURCE] == "assessment_center"]
    _same(ac, mine, [col.EMPLOYEE_ID, col.COMPETENCY_ID, col.LEVEL, col.EVALUATED_AT])


def test_identifiers_the_engine_does_not_need_never_leave_the_files(siasn_dir, imported):
    _, _, out = imported
    sent = pd.read_csv(siasn_dir / "data-utama.csv", dtype="str")
    written = {p.name: p.read_text() for p in out.iterdir()}
    headers = {name: text.splitlines()[0].split(",") for name, text in written.items()
               if name.endswith(".csv")}  # fmt: skip
    for field in ("nik", "noNpwp", "noHp", "alamat"):
        assert not any(field in columns for columns in headers.values())
        assert not any(sent[field].iloc[1] in text for text in written.values())


def test_the_report_says_what_siasn_cannot_hold(imported):
    _, report, out = imported
    assert any("completed training only" in note for note in report.notes)
    saved = json.loads((out / REPORT_FILE).read_text())
    assert saved["written"][col.EMPLOYEES] == len(imported[0][col.EMPLOYEES])
    assert saved["read"]["data-utama.csv"] >= saved["written"][col.EMPLOYEES]


def _edited(siasn_dir, tmp_path, name: str, edit) -> object:
    folder = tmp_path / "in"
    shutil.copytree(siasn_dir, folder)
    frame = pd.read_csv(folder / f"{name}.csv", dtype="str", keep_default_na=False)
    edit(frame)
    frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def test_rows_that_cannot_be_mapped_are_reported_by_file_column_and_row(siasn_dir, tmp_path):
    def spoil(frame: pd.DataFrame) -> None:
        frame.loc[3, "nipBaru"] = "1234"  # line 5 of the file
        frame.loc[7, "tkPendidikanTerakhir"] = "SD"  # no contract value: the field is left empty

    report = run_import("siasn", _edited(siasn_dir, tmp_path, "data-utama", spoil), tmp_path / "o")
    found = {(s.file, s.column): s for s in report.skipped}
    bad_nip = found[("data-utama.csv", "nipBaru")]
    assert bad_nip.rows == [5] and bad_nip.dropped
    education = found[("data-utama.csv", "tkPendidikanTerakhir")]
    assert education.rows == [9] and not education.dropped
    assert "data-utama.csv, column 'nipBaru', rows 5" in report.summary()


def test_json_answers_import_like_csv(siasn_dir, tmp_path, imported):
    folder = tmp_path / "in"
    shutil.copytree(siasn_dir, folder)
    records = pd.read_csv(folder / "data-utama.csv", dtype="str", keep_default_na=False)
    (folder / "data-utama.csv").unlink()
    (folder / "data-utama.json").write_text(json.dumps({"data": records.to_dict("records")}))
    run_import("siasn", folder, tmp_path / "o")
    again = load_tables(tmp_path / "o").as_dict()
    _same(imported[0][col.EMPLOYEES], again[col.EMPLOYEES], [col.EMPLOYEE_ID, col.BIRTH_DATE])


def test_both_rating_formats_by_year_never_averaged(siasn_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(siasn_dir, folder)
    person = pd.read_csv(folder / "data-utama.csv", dtype="str")["id"].iloc[0]
    nip = pd.read_csv(folder / "data-utama.csv", dtype="str")["nipBaru"].iloc[0]
    pd.DataFrame(
        {"pns": [person] * 4, "tahun": ["2019", "2020", "2021", "2023"],
         "nilaiSkp": ["91", "75,5", "50", "95"], "nilaiPrestasiKerja": ["", "", "", ""]}
    ).to_csv(folder / "rw-skp.csv", index=False)  # fmt: skip
    run_import("siasn", folder, tmp_path / "o")
    rating = load_tables(tmp_path / "o").performance.set_index([col.EMPLOYEE_ID, col.YEAR])
    assert rating.loc[(nip, 2019), col.RATING] == "sangat_baik"
    assert rating.loc[(nip, 2020), col.RATING] == "butuh_perbaikan"  # cukup: 61-75
    assert rating.loc[(nip, 2021), col.RATING] == "sangat_kurang"  # buruk: 50 and below
    skp22 = pd.read_csv(folder / "rw-skp22.csv", dtype="str")
    said = skp22[skp22["pnsDinilaiId"].eq(person) & skp22["tahun"].eq("2023")]
    expected = said["kuadranKinerja"].str.lower().str.replace(" ", "_").tolist()
    assert rating[col.RATING].get((nip, 2023)) == (expected[0] if expected else None)


def test_the_2022_matrix_when_no_predikat_is_named(siasn_dir, tmp_path):
    def matrix_only(frame: pd.DataFrame) -> None:
        frame["kuadranKinerja"] = ""
        frame.loc[0, ["hasilKinerja", "perilakuKerja"]] = [
            "Di bawah ekspektasi",
            "Di atas ekspektasi",
        ]

    folder = _edited(siasn_dir, tmp_path, "rw-skp22", matrix_only)
    run_import("siasn", folder, tmp_path / "o")
    sent = pd.read_csv(folder / "rw-skp22.csv", dtype="str").iloc[0]
    nip = pd.read_csv(folder / "data-utama.csv", dtype="str").set_index("id")["nipBaru"]
    rating = load_tables(tmp_path / "o").performance.set_index([col.EMPLOYEE_ID, col.YEAR])
    assert rating.loc[(nip[sent["pnsDinilaiId"]], int(sent["tahun"])), col.RATING] == "kurang"


def test_a_failed_import_writes_nothing_and_says_one_thing(siasn_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(siasn_dir, folder)
    (folder / "data-utama.csv").unlink()
    out = tmp_path / "out"
    assert main(["siasn", str(folder), str(out)]) == 2
    assert capsys.readouterr().err.startswith("error: in/data-utama")
    assert not out.exists()
    bad = pd.read_csv(siasn_dir / "role_requirements.csv", dtype="str")
    shutil.copytree(siasn_dir, folder, dirs_exist_ok=True)
    bad.loc[0, col.COMPETENCY_ID] = "NO-SUCH"
    bad.to_csv(folder / "role_requirements.csv", index=False)
    with pytest.raises(DataError, match=r"role_requirements\.csv, column 'competency_id'"):
        run_import("siasn", folder, out)
    assert not out.exists() and not list(tmp_path.glob(".out.import-*"))


@pytest.mark.slow
def test_siasn_with_the_lms_beside_it_trains(tmp_path):
    """SIASN holds completions only; with an LMS's catalogue and non-completions beside it,
    each completion joins its catalogue session and the import trains and promotes."""
    world = generate_world(600, seed=9)
    write_files(siasn_files(world, lms=True), tmp_path / "in")
    report = run_import("siasn", tmp_path / "in", tmp_path / "tables")
    assert any("programs of the given catalogue" in note for note in report.notes)
    tables = load_tables(tmp_path / "tables")
    key = [col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS]
    _same(world.tables[col.ENROLLMENTS], tables.enrollments, key)
    result = train(tmp_path / "tables", tmp_path / "artifacts")
    assert result.promoted, result.reason
