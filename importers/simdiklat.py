"""The SIMDIKLAT import: BPSDM DKI Jakarta's training records into the contract's tables.

`IN` holds `pegawai` (staff: `NRK`, `NIP18`, `NAMA`, `KODE UKPD`/`NAMA UKPD` under `KODE
SKPD`/`NAMA SKPD`, `KOLOK`, and `JABATAN`, `KODE JABATAN`, `JENIS JABATAN`, `ESELON`, `GOL`,
`TMT CPNS`, `TGL LAHIR`, `JENIS KELAMIN`, `PENDIDIKAN`, `STATUS PEGAWAI` where known),
`jadwal_diklat` (sessions), `peserta_diklat` (participants: `diklat_id`, `NRK` or `NIP18`,
`status`, `sertifikat_totaljam`, `tanggal_daftar`?) and `profil_peserta_diklat` (the yearly JP
ledger), each `.csv` or `.json`. People are known by NIP; an NRK is mapped to it through
`pegawai`. A UKPD is a unit under its SKPD.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from features import columns as col
from features.errors import DataError
from importers import assessment, positions, siasn_people, values
from importers.report import ImportReport
from importers.simdiklat_sessions import ledger_check, participants, sessions
from importers.source import SourceFile

SOURCE = "simdiklat"
STAFF, SESSIONS, PARTICIPANTS, LEDGER = (
    "pegawai",
    "jadwal_diklat",
    "peserta_diklat",
    "profil_peserta_diklat",
)


def import_simdiklat(
    folder: Path, report: ImportReport, given: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The contract tables SIMDIKLAT's files in `folder` hold."""
    staff = report.read_file(folder, STAFF)
    if staff is None:
        raise DataError(f"{folder.name}/{STAFF}", "missing: SIMDIKLAT's staff list is required")
    employees, roles, units, nip_by_nrk = _staff(staff, report)
    tables = {col.EMPLOYEES: employees, col.JOB_ROLES: roles, col.UNITS: units}
    schedule = report.read_file(folder, SESSIONS)
    if schedule is not None:
        tables[col.PROGRAMS] = sessions(schedule, report)
        people = report.read_file(folder, PARTICIPANTS)
        if people is not None:
            tables[col.ENROLLMENTS] = participants(people, tables[col.PROGRAMS], nip_by_nrk, report)
    ledger = report.read_file(folder, LEDGER)
    if ledger is not None and col.ENROLLMENTS in tables:
        ledger_check(ledger, tables, nip_by_nrk, report)
    found = assessment.evaluations(folder, given.get(col.COMPETENCIES), report)
    if found is not None:
        tables[col.EVALUATIONS] = found
    return tables


def _staff(
    source: SourceFile, report: ImportReport
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.Series]:
    """employees, job_roles and units of the staff list, and NIP by NRK."""
    source.require(["NRK", "NIP18", "KODE UKPD", "KODE SKPD"])
    nip, bad = values.nips(source.column("NIP18"))
    report.skip(source, bad, "NIP18 is not an 18-digit NIP", "NIP18")
    title = source.column("JABATAN")
    role = source.column("KODE JABATAN")
    role = role.where(role.ne(""), ("JAB-" + values.slugs(title)).where(title.ne(""), ""))
    tier = positions.tiers(source.column("JENIS JABATAN"), source.column("ESELON"), title)
    hired = values.dates(source.column("TMT CPNS"))
    keep = ~bad
    for mask, reason, column in (
        (role.eq("").to_numpy(), "no position", "JABATAN"),
        (tier.eq("").to_numpy(), "no tier for JENIS JABATAN/ESELON", "JENIS JABATAN"),
        (hired.isna().to_numpy(), "no date in TMT CPNS", "TMT CPNS"),
    ):
        report.skip(source, keep & mask, reason, column)
        keep &= ~mask
    twice = nip.duplicated(keep="last").to_numpy() & keep
    report.skip(source, twice, "the same NIP again (the last row is kept)", "NIP18")
    keep &= ~twice
    employees = pd.DataFrame(
        {
            col.EMPLOYEE_ID: nip,
            col.ROLE_ID: role,
            col.UNIT_ID: source.column("KODE UKPD"),
            col.HIRE_DATE: hired,
            col.BIRTH_DATE: values.dates(source.column("TGL LAHIR")),
            col.EDUCATION: values.folded(source.column("PENDIDIKAN")).map(siasn_people.EDUCATION),
            col.EMPLOYMENT_TYPE: _employment(source.column("STATUS PEGAWAI")),
            col.GRADE: values.grades(source.column("GOL")),
            col.GENDER: values.folded(source.column("JENIS KELAMIN")).map(siasn_people.GENDER),
            col.NAME: source.column("NAMA"),
        }
    )[keep]
    roles = pd.DataFrame({col.ROLE_ID: role, col.TITLE: title, col.TIER: tier})[keep]
    roles = roles.drop_duplicates(col.ROLE_ID, keep="last").assign(**{col.JOB_FAMILY: ""})
    nrk = source.column("NRK")
    nip_by_nrk = pd.Series(nip[keep].to_numpy(), index=nrk[keep]).groupby(level=0).last()
    return (employees.reset_index(drop=True), roles.reset_index(drop=True),
            _units(source), nip_by_nrk)  # fmt: skip


def _units(source: SourceFile) -> pd.DataFrame:
    """SKPDs as roots and UKPDs under them (a UKPD coded as its SKPD is the SKPD itself)."""
    skpd = pd.DataFrame(
        {col.UNIT_ID: source.column("KODE SKPD"), col.NAME: source.column("NAMA SKPD"),
         col.PARENT_UNIT_ID: ""}
    )  # fmt: skip
    ukpd = pd.DataFrame(
        {col.UNIT_ID: source.column("KODE UKPD"), col.NAME: source.column("NAMA UKPD"),
         col.PARENT_UNIT_ID: source.column("KODE SKPD")}
    )  # fmt: skip
    ukpd = ukpd[ukpd[col.UNIT_ID] != ukpd[col.PARENT_UNIT_ID]]
    units = pd.concat([skpd, ukpd], ignore_index=True)
    units = units[units[col.UNIT_ID].ne("")].drop_duplicates(col.UNIT_ID, keep="first")
    named = units[col.NAME].ne("")
    units[col.NAME] = units[col.NAME].where(named, units[col.UNIT_ID])
    return units.reset_index(drop=True)


def _employment(kind: pd.Series) -> pd.Series:
    folded = values.folded(kind)
    chosen = [folded.str.contains("pppk"), folded.str.contains("pns")]
    return pd.Series(np.select(chosen, ["pppk", "pns"], default=""), index=kind.index)
