"""SIASN's training history: `rw-diklat` (structural and leadership training) and `rw-kursus`
(every other course), turned into `programs` and completed `enrollments`.

SIASN holds completed training only: no enrolment that was dropped, failed or missed, no
delivery method, no cost, no seats. A session is the records of one course title, start date,
provider and length; it is a classroom session at no cost whose capacity is its completers,
and each completer enrolled on its first day. The report says so; non-completion must come
from the LMS or SIMDIKLAT. Its last day (`end_date`) is `tanggalSelesai` (rw-kursus:
`tanggalSelesaiKursus`), the latest its records give; empty where none gives one (the engine
then estimates it from the JP).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from features import columns as col
from importers import values
from importers.report import ImportReport
from importers.siasn_people import People
from importers.source import SourceFile

RW_DIKLAT, RW_KURSUS = "rw-diklat", "rw-kursus"
FIELDS = {  # contract meaning -> field of each file
    RW_DIKLAT: {"title": "latihanStrukturalNama", "start": "tanggal", "end": "tanggalSelesai",
                "year": "tahun", "jp": "jumlahJam", "provider": "institusiPenyelenggara"},
    RW_KURSUS: {"title": "namaKursus", "start": "tanggalKursus", "end": "tanggalSelesaiKursus",
                "year": "tahunKursus", "jp": "jumlahJam", "provider": "institusiPenyelenggara"},
}  # fmt: skip
# SIASN's reference of jenis diklat (jenisDiklatId), as the engine's program kinds (contract
# section 5). Check it against your instance's reference; an unknown code leaves `kind` empty.
KIND_BY_JENIS_DIKLAT = {
    "1": "structural", "2": "functional", "3": "technical", "4": "workshop",
    "5": "managerial", "6": "socio_cultural", "7": "socialisation", "8": "technical_guidance",
    "9": "seminar", "10": "internship", "11": "course",
}  # fmt: skip
METHOD_ASSUMED = "classroom"
KIND = "kind"


def completions(
    source: SourceFile, name: str, people: People, report: ImportReport
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`programs` (one per session) and completed `enrollments` of rw-diklat or rw-kursus."""
    fields = FIELDS[name]
    source.require([fields["title"], fields["jp"]])
    nip = people.employee_ids(source, name, report)
    title = source.column(fields["title"])
    start = values.dates(source.column(fields["start"]))
    from_year = start.isna() & values.year_dates(source.column(fields["year"])).notna()
    start = start.fillna(values.year_dates(source.column(fields["year"])))
    report.skip(source, from_year.to_numpy() & nip.ne("").to_numpy(),
                "no date, only a year: dated 1 July of that year", fields["start"],
                dropped=False)  # fmt: skip
    end = values.dates(source.column(fields["end"]))
    early = (end < start).to_numpy()
    report.skip(source, early & nip.ne("").to_numpy(), "end date before the start date: the end"
                " is estimated from the lesson hours", fields["end"], dropped=False)  # fmt: skip
    end = end.mask(early)
    jp = values.numbers(source.column(fields["jp"]))
    keep = nip.ne("").to_numpy(copy=True)
    for mask, reason, column in (
        (title.eq("").to_numpy(), "no course name", fields["title"]),
        (start.isna().to_numpy(), "no date and no year", fields["start"]),
        (~(jp > 0).to_numpy(), "lesson hours (JP) missing or not above 0", fields["jp"]),
    ):
        report.skip(source, keep & mask, reason, column)
        keep &= ~mask
    records = pd.DataFrame(
        {
            col.EMPLOYEE_ID: nip,
            col.TITLE: title,
            col.START_DATE: start,
            col.END_DATE: end,
            col.DURATION_JP: np.ceil(jp.fillna(1)).astype("int64"),
            col.PROVIDER: source.column(fields["provider"]),
            KIND: _kinds(source, name),
        }
    )[keep]
    return _sessions(records, name)


def _kinds(source: SourceFile, name: str) -> pd.Series:
    if name == RW_DIKLAT:
        return pd.Series("structural", index=source.frame.index)
    return source.column("jenisDiklatId").map(KIND_BY_JENIS_DIKLAT).fillna("")


def _sessions(records: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One program per (title, start, provider, JP), its id a digest of those."""
    key = [col.TITLE, col.START_DATE, col.PROVIDER, col.DURATION_JP]
    text = records[key].astype("str").agg("|".join, axis=1)
    ids = "SIASN-" + text.map(lambda s: hashlib.sha256(s.encode()).hexdigest()[:12].upper())
    records = records.assign(**{col.PROGRAM_ID: ids})
    programs = records.groupby(col.PROGRAM_ID, sort=True).agg(
        **{c: (c, "first") for c in [*key, KIND]},
        **{col.END_DATE: (col.END_DATE, "max")},  # the session's last day, of any record
        **{col.CAPACITY: (col.EMPLOYEE_ID, "nunique")},
    )
    programs[col.METHOD] = METHOD_ASSUMED
    programs[col.COST] = 0.0
    enrolments = records.drop_duplicates([col.EMPLOYEE_ID, col.PROGRAM_ID])
    enrolments = pd.DataFrame(
        {
            col.EMPLOYEE_ID: enrolments[col.EMPLOYEE_ID],
            col.PROGRAM_ID: enrolments[col.PROGRAM_ID],
            col.ENROLLED_AT: enrolments[col.START_DATE],
            col.STATUS: col.COMPLETED,
        }
    )
    return programs.reset_index(), enrolments.reset_index(drop=True)
