"""SIMDIKLAT's sessions (`jadwal_diklat`), participants (`peserta_diklat`) and the yearly JP
ledger (`profil_peserta_diklat`).

A session is a program: `diklat_id`, `name`, `jadwal_mulai` (start), `jadwal_selesai` (its
last day, `end_date`; empty: estimated from the JP), `jumlah_jam` (JP),
`maksimal_peserta` (seats), e-learning when `elearning_enable` says so, else classroom. Its
cost is not in SIMDIKLAT (BPSDM's courses are paid from the regional budget): 0. The
eligibility text `keterangan` is read for a minimum rank ("golongan III/a", "minimal III/b"),
written as `min_grade` (contract section 5), for the positions it names ("Peserta: pejabat
pengawas", written as `audience`) and for a sanction clause (a rule of every session); any
other text is reported for the planner, never dropped silently (docs/rules.md).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from features import columns as col
from importers import values
from importers.report import ImportReport
from importers.source import SourceFile

MIN_GRADE = "min_grade"
GRADE_TEXT = re.compile(r"(?:gol(?:ongan)?\.?|minimal|min\.?)\s*(IV|III|II|I)\s*/\s*([a-e])",
                        re.IGNORECASE)  # fmt: skip
# "tidak sedang menjalani hukuman disiplin": the sanction rule, which every session has
SANCTION_TEXT = re.compile(r"(?:tidak\s+sedang\s+)?(?:menjalani\s+)?hukuman\s+disiplin",
                           re.IGNORECASE)  # fmt: skip
# "Peserta: pejabat pengawas;administrator": the positions a session is for (tier names)
AUDIENCE_TEXT = re.compile(r"peserta\s*:(.*)$", re.IGNORECASE)
TIER_TEXT = re.compile("|".join(sorted(col.TIERS, key=len, reverse=True)), re.IGNORECASE)
TRUE = ("1", "true", "ya", "y", "yes")
STATUS = {  # participant status, folded -> the contract's
    "lulus": "completed", "selesai": "completed", "completed": "completed",
    "tidak lulus": "failed", "gagal": "failed",
    "mengundurkan diri": "dropped", "batal": "dropped", "drop out": "dropped",
    "dropout": "dropped", "tidak hadir": "no_show", "absen": "no_show",
    "terdaftar": "in_progress", "diterima": "in_progress", "peserta": "in_progress",
    "sedang berjalan": "in_progress",
}  # fmt: skip


def sessions(source: SourceFile, report: ImportReport) -> pd.DataFrame:
    """`programs` of jadwal_diklat, with `min_grade` where the eligibility text gives one."""
    source.require(["diklat_id", "name", "jadwal_mulai", "jumlah_jam"])
    start = values.dates(source.column("jadwal_mulai"))
    jp = values.numbers(source.column("jumlah_jam"))
    end = values.dates(source.column("jadwal_selesai"))
    seats = values.numbers(source.column("maksimal_peserta"))
    keep = source.column("diklat_id").ne("").to_numpy(copy=True)
    report.skip(source, ~keep, "no diklat_id", "diklat_id")
    for mask, reason, column in (
        (start.isna().to_numpy(), "no start date", "jadwal_mulai"),
        (~(jp > 0).to_numpy(), "lesson hours (JP) missing or not above 0", "jumlah_jam"),
    ):
        report.skip(source, keep & mask, reason, column)
        keep &= ~mask
    report.skip(source, keep & ~(seats > 0).to_numpy(), "no seats: 1,000 assumed",
                "maksimal_peserta", dropped=False)  # fmt: skip
    early = (end < start).to_numpy()
    report.skip(source, keep & early, "end date before the start date: the end is estimated"
                " from the lesson hours", "jadwal_selesai", dropped=False)  # fmt: skip
    end = end.mask(early)
    online = values.folded(source.column("elearning_enable")).isin(TRUE)
    text = source.column("keterangan")
    min_grade, audience, rest = eligibility_rules(text)
    if (keep & text.str.contains(SANCTION_TEXT.pattern, case=False, regex=True)).any():
        report.note("keterangan: 'no disciplinary sanction' holds for every session (sanctions)")
    report.skip(source, keep & rest.ne("").to_numpy(), "eligibility text not read as a rule:"
                " show it to the planner", "keterangan", dropped=False)  # fmt: skip
    frame = pd.DataFrame(
        {
            col.PROGRAM_ID: source.column("diklat_id"),
            col.TITLE: source.column("name"),
            col.METHOD: np.where(online, "e_learning", "classroom"),
            col.DURATION_JP: np.ceil(jp.fillna(1)).astype("int64"),
            col.COST: 0.0,
            col.CAPACITY: seats.where(seats > 0, 1000).fillna(1000).astype("int64"),
            col.START_DATE: start,
            col.END_DATE: end,
            col.PROVIDER: "BPSDM Provinsi DKI Jakarta",
            MIN_GRADE: min_grade,
            col.AUDIENCE: audience,
        }
    )[keep]
    report.note("SIMDIKLAT has no cost per participant: sessions are imported at cost 0")
    return frame.drop_duplicates(col.PROGRAM_ID, keep="last").reset_index(drop=True)


def eligibility_rules(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(min_grade, audience, rest) of each eligibility text: the minimum rank ("minimal
    golongan III/a"), the positions named ("Peserta: pejabat pengawas", the contract's tier
    names), and whatever is left once those and a sanction clause (a rule that holds for every
    session, `features.session_rules`) are taken out: "" where all of it was read."""
    grade = text.str.extract(GRADE_TEXT.pattern, flags=re.IGNORECASE)
    min_grade = (grade[0].str.upper() + "/" + grade[1].str.lower()).fillna("")
    named = text.str.extract(AUDIENCE_TEXT.pattern, flags=re.IGNORECASE)[0].fillna("")
    tiers = named.str.lower().str.findall(TIER_TEXT.pattern)
    audience = tiers.map(lambda found: col.SET_SEPARATOR.join(sorted(set(found))))
    rest = text.where(audience.eq(""), text.str.replace(TIER_TEXT.pattern, "", case=False,
                                                        regex=True))  # fmt: skip
    for pattern in (GRADE_TEXT, SANCTION_TEXT):
        rest = rest.str.replace(pattern.pattern, "", case=False, regex=True)
    filler = r"(?i)\b(?:peserta|pejabat|minimal|min|golongan|gol)\b|[\s;,.:()/-]+"
    rest = rest.str.replace(filler, " ", regex=True).str.strip()
    return min_grade, audience.where(audience.ne(""), None), rest


def participants(
    source: SourceFile, programs: pd.DataFrame, nip_by_nrk: pd.Series, report: ImportReport
) -> pd.DataFrame:
    """`enrollments` of peserta_diklat: person, session, status, registration date."""
    source.require(["diklat_id", "status"])
    nip = _nips(source, nip_by_nrk, report)
    status = values.folded(source.column("status")).map(STATUS).fillna("")
    starts = programs.set_index(col.PROGRAM_ID)[col.START_DATE]
    start = source.column("diklat_id").map(starts)
    registered = values.dates(source.column("tanggal_daftar"))
    keep = nip.ne("").to_numpy(copy=True)
    for mask, reason, column in (
        (start.isna().to_numpy(), "session not in jadwal_diklat", "diklat_id"),
        (status.eq("").to_numpy(), "status not known", "status"),
    ):
        report.skip(source, keep & mask, reason, column)
        keep &= ~mask
    frame = pd.DataFrame(
        {
            col.EMPLOYEE_ID: nip,
            col.PROGRAM_ID: source.column("diklat_id"),
            col.ENROLLED_AT: registered.where(registered.notna() & (registered <= start), start),
            col.STATUS: status,
        }
    )[keep]
    return frame.drop_duplicates([col.EMPLOYEE_ID, col.PROGRAM_ID], keep="last")


def ledger_check(
    source: SourceFile,
    tables: dict[str, pd.DataFrame],
    nip_by_nrk: pd.Series,
    report: ImportReport,
) -> None:
    """Compare the JP ledger's yearly totals with the completions imported; report the years
    that disagree (the ledger also counts training held elsewhere). `skor_ipasn` is not read."""
    source.require(["tahun", "jp"])
    nip = _nips(source, nip_by_nrk, report)
    year = values.numbers(source.column("tahun"))
    ledger = pd.DataFrame({"nip": nip, "year": year, "jp": values.numbers(source.column("jp"))})
    done = tables[col.ENROLLMENTS].merge(tables[col.PROGRAMS], on=col.PROGRAM_ID)
    done = done[done[col.STATUS] == col.COMPLETED]
    done = done.assign(year=done[col.START_DATE].dt.year)
    imported = done.groupby([col.EMPLOYEE_ID, "year"])[col.DURATION_JP].sum()
    key = pd.MultiIndex.from_arrays([ledger["nip"], ledger["year"]])
    found = pd.Series(imported.reindex(key).fillna(0).to_numpy(), index=ledger.index)
    differs = ledger["nip"].ne("") & (found != ledger["jp"].fillna(0))
    report.skip(source, differs.to_numpy(), "the ledger's JP differs from the completions"
                " imported (training held elsewhere?)", "jp", dropped=False)  # fmt: skip
    report.note(f"{source.file}: skor_ipasn and the JP categories are not imported")


def _nips(source: SourceFile, nip_by_nrk: pd.Series, report: ImportReport) -> pd.Series:
    """NIP of each record: NIP18 when it is one, else the NRK mapped through pegawai."""
    nip, bad = values.nips(source.column("NIP18"))
    by_nrk = source.column("NRK").map(nip_by_nrk).fillna("")
    nip = nip.where(~bad, by_nrk)
    missing = nip.eq("").to_numpy()
    report.skip(source, missing, "no NIP18 and no NRK of a known employee", "NRK")
    return nip
