"""The plan as Pasal 207's document: the kind and path of a catalogue row in Bahasa
Indonesia, and the sheet written first, every cell through the formula guard."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from features import columns as col
from model.planning.regulation import HEADER, SHEET, described
from service.exports.plan import SUMMARY, plan_workbook
from tests.service.exports.test_plan import PLAN


def _row(**extra) -> pd.DataFrame:
    base = {col.START_DATE: pd.Timestamp("2027-02-01"), col.DURATION_JP: 24,
            col.PROVIDER: "BPSDM"}  # fmt: skip
    return pd.DataFrame([{**base, **extra}])


def test_kind_and_path_are_named_as_the_regulation_does():
    coaching = described(_row(**{col.KIND: "coaching", col.PATH: None}))
    assert (coaching["kind"], coaching["path"]) == ("Coaching", "Nonklasikal")  # path from kind
    technical = described(_row(**{col.KIND: "technical", col.PATH: "classical"}))
    assert (technical["kind"], technical["path"]) == ("Pelatihan teknis", "Klasikal")
    unknown = described(_row())
    assert (unknown["kind"], unknown["path"], unknown["provider"]) == ("", "", "BPSDM")
    assert (unknown["start"].isoformat(), unknown["end"].isoformat(), unknown["jp"]) == (
        "2027-02-01",
        "2027-02-03",
        24,
    )  # 24 JP: three days


def test_the_regulation_sheet_comes_first_with_its_columns_and_text_stays_text():
    hostile = '=HYPERLINK("http://x","klik")'
    rows = [[1, "P/1", hostile, "Teknis", "Kehumasan", 1, "Unit A", "Coaching", "Nonklasikal",
             "@BPSDM", None, None, 24, 1e6]]  # fmt: skip
    book = load_workbook(io.BytesIO(plan_workbook(PLAN, rows)))
    assert book.sheetnames[:2] == [SHEET, SUMMARY]
    values = list(book[SHEET].values)
    header = list(values[2])
    for wanted in (
        "Jenis kompetensi",
        "Sasaran (jumlah pegawai)",
        "Jenis pengembangan",
        "Jalur pengembangan",
        "Penyelenggara",
        "Jadwal mulai",
        "Anggaran (Rp)",
    ):
        assert wanted in header
    assert header == HEADER
    cells = next(iter(book[SHEET].iter_rows(min_row=4)))
    assert cells[2].value == hostile and cells[2].data_type == "s"
    assert cells[9].value == "@BPSDM" and cells[13].value == 1e6
    assert (
        plan_workbook(PLAN)
        and load_workbook(io.BytesIO(plan_workbook(PLAN))).sheetnames[0] == SUMMARY
    )
