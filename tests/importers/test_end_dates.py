"""The source's end date of a session (SIASN `tanggalSelesai` / `tanggalSelesaiKursus`,
SIMDIKLAT `jadwal_selesai`) becomes `programs.end_date`, read from the repository's samples;
an end before the start is reported and left empty (the engine then estimates it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from features import columns as col
from features.loading import load_tables
from importers.__main__ import run_import

SAMPLES = Path(__file__).resolve().parents[2] / "importers" / "samples"


def _ends(out: Path) -> pd.Series:
    programs = load_tables(out).programs
    return programs.set_index(col.TITLE)[col.END_DATE]


def test_simdiklat_jadwal_selesai_is_the_end_date(tmp_path):
    run_import("simdiklat", SAMPLES / "simdiklat", tmp_path / "out")
    ends = _ends(tmp_path / "out")
    # INOVASI-2023-001: 03-07-2023 to 14-07-2023 (60 JP: eight days by the estimate)
    assert ends["Inovasi Pelayanan Publik Angkatan 1 Tahun 2023"] == pd.Timestamp("2023-07-14")
    assert ends.notna().all()


def test_siasn_tanggal_selesai_is_the_end_date(tmp_path):
    run_import("siasn", SAMPLES / "siasn", tmp_path / "out")
    ends = _ends(tmp_path / "out")
    # rw-diklat: 25-09-2023 to 30-10-2023, 200 JP (25 days by the estimate)
    title = "Pelatihan Kepemimpinan Pengawas Angkatan 1 Tahun 2023"
    assert ends[title] == pd.Timestamp("2023-10-30")
    # rw-kursus: tanggalSelesaiKursus 14-07-2023
    assert ends["Inovasi Pelayanan Publik Angkatan 1 Tahun 2023"] == pd.Timestamp("2023-07-14")


def test_an_end_before_the_start_is_reported_and_left_empty(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES / "simdiklat", folder)
    sessions = pd.read_csv(folder / "jadwal_diklat.csv", dtype="str", keep_default_na=False)
    sessions.loc[0, "jadwal_selesai"] = "01-07-2023"  # before jadwal_mulai 03-07-2023
    sessions.to_csv(folder / "jadwal_diklat.csv", index=False)
    report = run_import("simdiklat", folder, tmp_path / "out")
    assert pd.isna(_ends(tmp_path / "out")[sessions.loc[0, "name"]])
    early = [s for s in report.skipped if s.column == "jadwal_selesai"]
    assert early and early[0].rows == [2] and not early[0].dropped


def test_a_catalogue_row_without_an_end_keeps_the_end_of_the_session_it_stands_for(tmp_path):
    """A SIASN session the given catalogue also lists takes the catalogue's row; where that
    row leaves `end_date` empty, SIASN's `tanggalSelesaiKursus` stays."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES / "siasn", folder)
    catalogue = pd.read_csv(folder / "programs.csv", dtype="str", keep_default_na=False)
    title = "Inovasi Pelayanan Publik Angkatan 1 Tahun 2023"  # 03-07-2023 to 14-07-2023
    row = {**catalogue.iloc[0].to_dict(), col.PROGRAM_ID: "INOVASI-2023-001", col.TITLE: title,
           col.START_DATE: "2023-07-03", col.END_DATE: "", col.DURATION_JP: "60"}  # fmt: skip
    pd.concat([catalogue, pd.DataFrame([row])]).to_csv(folder / "programs.csv", index=False)
    run_import("siasn", folder, tmp_path / "out")
    programs = load_tables(tmp_path / "out").programs.set_index(col.PROGRAM_ID)
    assert programs.loc["INOVASI-2023-001", col.END_DATE] == pd.Timestamp("2023-07-14")
    assert not programs[col.TITLE].eq(title).drop("INOVASI-2023-001").any()  # one program
