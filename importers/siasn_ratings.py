"""SIASN's performance ratings: `rw-skp22` (from 2022: two expectations and a predikat) and
`rw-skp` (before 2022: numbers), as `performance.rating`, one format per year, never averaged.

From 2022 (PermenPANRB 6/2022) a rating is the predikat of the performance quadrant: the
`kuadranKinerja` text when it names one, else the matrix of `hasilKinerja` (results) and
`perilakuKerja` (behaviour). Before 2022 (PP 46/2011) `nilaiPrestasiKerja` (else `nilaiSkp`)
falls in a band: 91 and above sangat baik, 76 baik, 61 cukup (butuh perbaikan), 51 kurang,
below that buruk (sangat kurang). A year given in both files is taken from rw-skp22 from 2022
and from rw-skp before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from importers import values
from importers.report import ImportReport
from importers.siasn_people import People
from importers.source import SourceFile

RW_SKP22, RW_SKP = "rw-skp22", "rw-skp"
FIRST_SKP22_YEAR = 2022
ABOVE, AS_EXPECTED, BELOW = "above", "as_expected", "below"
PREDIKAT = {
    "sangat baik": "sangat_baik", "baik": "baik", "butuh perbaikan": "butuh_perbaikan",
    "perlu perbaikan": "butuh_perbaikan", "kurang": "kurang", "kurang/misconduct": "kurang",
    "sangat kurang": "sangat_kurang",
}  # fmt: skip
MATRIX = {  # (results, behaviour) -> predikat
    (ABOVE, ABOVE): "sangat_baik", (ABOVE, AS_EXPECTED): "baik",
    (ABOVE, BELOW): "butuh_perbaikan", (AS_EXPECTED, ABOVE): "baik",
    (AS_EXPECTED, AS_EXPECTED): "baik", (AS_EXPECTED, BELOW): "butuh_perbaikan",
    (BELOW, ABOVE): "kurang", (BELOW, AS_EXPECTED): "kurang", (BELOW, BELOW): "sangat_kurang",
}  # fmt: skip
BANDS = ((91, "sangat_baik"), (76, "baik"), (61, "butuh_perbaikan"), (51, "kurang"))


def skp22(source: SourceFile, people: People, report: ImportReport) -> pd.DataFrame:
    """Ratings of rw-skp22, from the predikat or the expectations matrix."""
    source.require(["tahun"])
    nip = people.employee_ids(source, RW_SKP22, report)
    named = values.folded(source.column("kuadranKinerja")).map(PREDIKAT)
    pairs = zip(_expectation(source.column("hasilKinerja")),
                _expectation(source.column("perilakuKerja")), strict=True)  # fmt: skip
    from_matrix = pd.Series([MATRIX.get(p, "") for p in pairs], index=source.frame.index)
    rating = named.fillna(from_matrix)
    return _ratings(source, nip, rating, report, "hasilKinerja")


def skp(source: SourceFile, people: People, report: ImportReport) -> pd.DataFrame:
    """Ratings of rw-skp, by the band of nilaiPrestasiKerja (else nilaiSkp)."""
    source.require(["tahun"])
    nip = people.employee_ids(source, RW_SKP, report)
    score = values.numbers(source.column("nilaiPrestasiKerja"))
    score = score.fillna(values.numbers(source.column("nilaiSkp")))
    thresholds = [score >= low for low, _ in BANDS]
    rating = np.select(thresholds, [r for _, r in BANDS], default="sangat_kurang")
    rating = pd.Series(rating, index=source.frame.index).where(score.between(0, 100), "")
    return _ratings(source, nip, rating, report, "nilaiPrestasiKerja")


def performance(new: pd.DataFrame | None, old: pd.DataFrame | None) -> pd.DataFrame:
    """One rating per employee and year: rw-skp22 from 2022, rw-skp before."""
    parts = []
    if new is not None:
        parts.append(new[new[col.YEAR] >= FIRST_SKP22_YEAR])
    if old is not None:
        parts.append(old[old[col.YEAR] < FIRST_SKP22_YEAR])
    if not parts:
        return pd.DataFrame(columns=[col.EMPLOYEE_ID, col.YEAR, col.RATING])
    return pd.concat(parts, ignore_index=True)


def _expectation(text: pd.Series) -> pd.Series:
    folded = values.folded(text)
    return pd.Series(
        np.select(
            [folded.str.contains("atas"), folded.str.contains("sesuai"),
             folded.str.contains("bawah")],
            [ABOVE, AS_EXPECTED, BELOW], default="",
        ),
        index=text.index,
    )  # fmt: skip


def _ratings(
    source: SourceFile, nip: pd.Series, rating: pd.Series, report: ImportReport, column: str
) -> pd.DataFrame:
    year = values.numbers(source.column("tahun"))
    keep = nip.ne("").to_numpy(copy=True)
    for mask, reason, name in (
        (~year.between(1950, 2100).to_numpy(), "no year", "tahun"),
        (rating.eq("").to_numpy(), "no rating can be read", column),
    ):
        report.skip(source, keep & mask, reason, name)
        keep &= ~mask
    frame = pd.DataFrame(
        {col.EMPLOYEE_ID: nip, col.YEAR: year.fillna(0).astype("int64"), col.RATING: rating}
    )[keep]
    twice = frame.duplicated([col.EMPLOYEE_ID, col.YEAR], keep="last").to_numpy()
    rows = np.zeros(len(source.frame), dtype=bool)
    rows[np.flatnonzero(keep)[twice]] = True
    report.skip(source, rows, "a second rating for the same year (the last is kept)", "tahun")
    return frame[~twice].reset_index(drop=True)
