"""Assessment-centre results (PermenPANRB 38/2017): one row per person, the nine managerial
and socio-cultural competencies at levels 1-5, as `evaluations` with source assessment_center.

The file is `assessment-center.csv` (or `.json`) beside the source system's files, with `NIP`,
a date (`Tanggal Asesmen`, `Tanggal`, else `Tahun`: 1 July of it), and one column per
competency named as the regulation names it. A competency is matched by name to the
`competencies` table given beside it, else to the ids below (the demo dictionary's). `JPM (%)`
and `Saran Pengembangan 1..5` have no place in the contract: the report counts them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from features import columns as col
from importers import values
from importers.report import ImportReport
from importers.source import SourceFile, read_source

FILE = "assessment-center"
COMPETENCIES = {  # the regulation's name -> (id, category) when no dictionary is given
    "Integritas": ("M.1", "managerial"),
    "Kerjasama": ("M.2", "managerial"),
    "Komunikasi": ("M.3", "managerial"),
    "Orientasi pada Hasil": ("M.4", "managerial"),
    "Pelayanan Publik": ("M.5", "managerial"),
    "Pengembangan Diri dan Orang Lain": ("M.6", "managerial"),
    "Mengelola Perubahan": ("M.7", "managerial"),
    "Pengambilan Keputusan": ("M.8", "managerial"),
    "Perekat Bangsa": ("SK.1", "socio_cultural"),
}
DATE_COLUMNS = ("Tanggal Asesmen", "Tanggal", "tanggal")
NOT_MAPPED = ("JPM (%)", *(f"Saran Pengembangan {i}" for i in range(1, 6)))


def evaluations(
    folder: Path, dictionary: pd.DataFrame | None, report: ImportReport
) -> pd.DataFrame | None:
    """`evaluations` of the assessment-centre file in `folder`; None when there is none."""
    source = read_source(folder, FILE)
    if source is None:
        return None
    report.read[source.file] = len(source.frame)
    source.require(["NIP"])
    nip, bad = values.nips(source.column("NIP"))
    report.skip(source, bad, "NIP is not an 18-digit NIP", "NIP")
    when = _dates(source)
    report.skip(source, ~bad & when.isna().to_numpy(), "no assessment date or year", "Tanggal")
    keep = ~bad & when.notna().to_numpy()
    ids = _competency_ids(dictionary)
    parts = []
    for name, competency_id in ids.items():
        column = _column(source, name)
        if column is None:
            report.note(f"{source.file}: no column for the competency '{name}'")
            continue
        level = values.numbers(source.column(column))
        bad_level = level.notna() & ~level.between(1, 5)
        report.skip(source, keep & bad_level.to_numpy(), "level outside 1-5", column,
                    dropped=False)  # fmt: skip
        rows = keep & level.between(1, 5).to_numpy()
        parts.append(
            pd.DataFrame(
                {col.EMPLOYEE_ID: nip[rows], col.COMPETENCY_ID: competency_id,
                 col.LEVEL: level[rows], col.SOURCE: "assessment_center",
                 col.EVALUATED_AT: when[rows]}
            )
        )  # fmt: skip
    present = [c for c in NOT_MAPPED if c in source.frame.columns]
    if present:
        report.note(f"{source.file}: {', '.join(present)} have no contract column (not imported)")
    return pd.concat(parts, ignore_index=True) if parts else None


def dictionary_rows() -> pd.DataFrame:
    """The nine competencies as `competencies` rows, for an import given no dictionary."""
    return pd.DataFrame(
        [(cid, name, category) for name, (cid, category) in COMPETENCIES.items()],
        columns=[col.COMPETENCY_ID, col.NAME, col.CATEGORY],
    )


def _competency_ids(dictionary: pd.DataFrame | None) -> dict[str, str]:
    """The regulation's names -> competency ids, by name in `dictionary` where it has them."""
    ids = {name: cid for name, (cid, _) in COMPETENCIES.items()}
    if dictionary is None or dictionary.empty:
        return ids
    by_name = dict(zip(_key(dictionary[col.NAME]), dictionary[col.COMPETENCY_ID], strict=True))
    return {name: by_name.get(_key(pd.Series([name]))[0], cid) for name, cid in ids.items()}


def _column(source: SourceFile, name: str) -> str | None:
    wanted = _key(pd.Series([name]))[0]
    return next((c for c in source.frame.columns if _key(pd.Series([c]))[0] == wanted), None)


def _key(names: pd.Series) -> list[str]:
    """Names compared without case, spaces or hyphens ("Kerja Sama" is "Kerjasama")."""
    return names.astype("str").str.lower().str.replace(r"[\s\-]+", "", regex=True).tolist()


def _dates(source: SourceFile) -> pd.Series:
    column = source.first_present(DATE_COLUMNS)
    found = (
        values.dates(source.column(column))
        if column
        else pd.Series(pd.NaT, index=source.frame.index)
    )
    return found.fillna(values.year_dates(source.column("Tahun"))).astype("datetime64[ns]")
