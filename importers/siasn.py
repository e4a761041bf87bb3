"""The SIASN import: BKN's riwayat endpoints, one file each, into the contract's tables.

`IN` holds `data-utama`, `rw-jabatan`, `rw-diklat`, `rw-kursus`, `rw-skp`, `rw-skp22` and
`ref-unor` (`.csv`, every value a string, or `.json`, a list of the endpoint's records); a
missing file is a missing table, except data-utama, without which nobody is known. Only the
fields the engine needs are read: NIK, NPWP, address, phone and the like never leave the file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from features import columns as col
from features.errors import DataError
from importers import assessment, siasn_people, siasn_ratings, siasn_training
from importers.report import ImportReport
from importers.source import SourceFile

SOURCE = "siasn"
ENDPOINTS = (
    siasn_people.DATA_UTAMA,
    siasn_people.REF_UNOR,
    siasn_people.RW_JABATAN,
    siasn_training.RW_DIKLAT,
    siasn_training.RW_KURSUS,
    siasn_ratings.RW_SKP22,
    siasn_ratings.RW_SKP,
)
COMPLETED_ONLY = (
    "SIASN holds completed training only: no dropped, failed or missed enrolment, no method,"
    " cost or seats. Sessions are classroom sessions at cost 0 seating their completers;"
    " non-completion must come from the LMS or SIMDIKLAT"
)


def import_siasn(
    folder: Path, report: ImportReport, given: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The contract tables SIASN's files in `folder` hold (`given`: the contract tables beside
    them, whose positions and competencies name what SIASN only titles)."""
    files = {name: report.read_file(folder, name) for name in ENDPOINTS}
    main = files[siasn_people.DATA_UTAMA]
    if main is None:
        raise DataError(f"{folder.name}/data-utama", "missing: SIASN's data-utama is required")
    employees, roles, people = siasn_people.employees(main, report, given.get(col.JOB_ROLES))
    tables = {col.EMPLOYEES: employees, col.JOB_ROLES: roles}
    if (unor := files[siasn_people.REF_UNOR]) is not None:
        tables[col.UNITS] = siasn_people.units(unor, report)
    if (jabatan := files[siasn_people.RW_JABATAN]) is not None:
        history = siasn_people.assignments(jabatan, people, report)
        tables[col.ASSIGNMENTS] = _known(history, employees, files, report)
    tables.update(_training(files, people, report))
    new, old = files[siasn_ratings.RW_SKP22], files[siasn_ratings.RW_SKP]
    tables[col.PERFORMANCE] = siasn_ratings.performance(
        siasn_ratings.skp22(new, people, report) if new is not None else None,
        siasn_ratings.skp(old, people, report) if old is not None else None,
    )
    found = assessment.evaluations(folder, given.get(col.COMPETENCIES), report)
    if found is not None:
        tables[col.EVALUATIONS] = found
    return tables


def _training(
    files: dict[str, SourceFile | None], people: siasn_people.People, report: ImportReport
) -> dict[str, pd.DataFrame]:
    programs, enrolments = [], []
    for name in (siasn_training.RW_DIKLAT, siasn_training.RW_KURSUS):
        source = files[name]
        if source is not None:
            found = siasn_training.completions(source, name, people, report)
            programs.append(found[0])
            enrolments.append(found[1])
    if not programs:
        return {}
    report.note(COMPLETED_ONLY)
    all_programs = pd.concat(programs, ignore_index=True)
    merged = all_programs.groupby(col.PROGRAM_ID, sort=True).first().reset_index()
    return {col.PROGRAMS: merged, col.ENROLLMENTS: pd.concat(enrolments, ignore_index=True)}


def _known(
    history: pd.DataFrame,
    employees: pd.DataFrame,
    files: dict[str, SourceFile | None],
    report: ImportReport,
) -> pd.DataFrame:
    """Position history of imported employees only, ending with today's position (the contract:
    the employees row must agree with the latest assignment)."""
    history = history[history[col.EMPLOYEE_ID].isin(employees[col.EMPLOYEE_ID])]
    today = employees[[col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID]]
    latest = history.sort_values(col.START_DATE).groupby(col.EMPLOYEE_ID).tail(1)
    check = latest.merge(today, on=col.EMPLOYEE_ID, suffixes=("", "_today"))
    differs = (check[col.ROLE_ID] != check[f"{col.ROLE_ID}_today"]) | (
        check[col.UNIT_ID] != check[f"{col.UNIT_ID}_today"]
    )
    if differs.any():
        report.note(
            f"{int(differs.sum())} people's latest rw-jabatan position differs from data-utama:"
            " data-utama's position is added as their latest assignment"
        )
        stale = check.loc[differs, [col.EMPLOYEE_ID, col.START_DATE]]
        fix = stale.merge(today, on=col.EMPLOYEE_ID)
        fix[col.START_DATE] = fix[col.START_DATE] + pd.Timedelta(days=1)
        history = pd.concat([history, fix[history.columns]], ignore_index=True)
    return history.reset_index(drop=True)
