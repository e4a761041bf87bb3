"""A generated world as SIMDIKLAT (BPSDM DKI Jakarta) would export it: staff with NRK, sessions,
participants and the yearly JP ledger, and beside them what the agency adds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import World

STATUS = {
    "completed": "LULUS",
    "failed": "TIDAK LULUS",
    "dropped": "MENGUNDURKAN DIRI",
    "no_show": "TIDAK HADIR",
    "in_progress": "TERDAFTAR",
}
KIND = {
    "jpt_utama": "Struktural",
    "jpt_madya": "Struktural",
    "jpt_pratama": "Struktural",
    "administrator": "Struktural",
    "pengawas": "Struktural",
    "fungsional_ahli": "Fungsional Tertentu",
    "fungsional_terampil": "Fungsional Tertentu",
    "pelaksana": "Fungsional Umum",
}
EDUCATION = {"sma": "SLTA", "d3": "D-III", "s1": "S1", "s2": "S2", "s3": "S3"}


def simdiklat_files(world: World) -> dict[str, pd.DataFrame]:
    """SIMDIKLAT's files of `world` and the agency's additions (see `importers.dumps`)."""
    from importers.dumps import (  # one module owns the additions
        ESELON,
        agency_additions,
        dd_mm_yyyy,
    )

    t = world.tables
    employees, roles, units = t[col.EMPLOYEES], t[col.JOB_ROLES], t[col.UNITS]
    nrk = pd.Series([f"{100000 + i}" for i in range(len(employees))], index=employees.index)
    parent = units.set_index(col.UNIT_ID)[col.PARENT_UNIT_ID]
    skpd = employees[col.UNIT_ID].map(parent).fillna(employees[col.UNIT_ID])
    names = units.set_index(col.UNIT_ID)[col.NAME]
    tier = employees[col.ROLE_ID].map(roles.set_index(col.ROLE_ID)[col.TIER])
    staff = pd.DataFrame(
        {
            "NRK": nrk,
            "NIP18": employees[col.EMPLOYEE_ID],
            "NAMA": employees[col.NAME],
            "KODE UKPD": employees[col.UNIT_ID],
            "NAMA UKPD": employees[col.UNIT_ID].map(names),
            "KODE SKPD": skpd,
            "NAMA SKPD": skpd.map(names),
            "KOLOK": employees[col.UNIT_ID],
            "JABATAN": employees[col.ROLE_ID].map(roles.set_index(col.ROLE_ID)[col.TITLE]),
            "KODE JABATAN": employees[col.ROLE_ID],
            "JENIS JABATAN": tier.map(KIND),
            "ESELON": tier.map(ESELON),
            "GOL": employees[col.GRADE],
            "TMT CPNS": dd_mm_yyyy(employees[col.HIRE_DATE]),
            "TGL LAHIR": dd_mm_yyyy(employees[col.BIRTH_DATE]),
            "JENIS KELAMIN": employees[col.GENDER].map({"m": "L", "f": "P"}),
            "PENDIDIKAN": employees[col.EDUCATION].map(EDUCATION),
            "STATUS PEGAWAI": employees[col.EMPLOYMENT_TYPE].str.upper(),
        }
    )
    programs = t[col.PROGRAMS]
    start = programs[col.START_DATE]
    leaders = programs[col.AUDIENCE].fillna("").ne("")
    sessions = pd.DataFrame(
        {
            "diklat_id": programs[col.PROGRAM_ID],
            "name": programs[col.TITLE],
            "jadwal_mulai": dd_mm_yyyy(start),
            "jadwal_selesai": dd_mm_yyyy(
                start + pd.to_timedelta(np.ceil(programs[col.DURATION_JP] / 8) * 7 / 5, unit="D")
            ),
            "registrasi_mulai": dd_mm_yyyy(start - pd.Timedelta(days=42)),
            "registrasi_selesai": dd_mm_yyyy(start - pd.Timedelta(days=7)),
            "minimal_peserta": 5,
            "maksimal_peserta": programs[col.CAPACITY],
            "jumlah_jam": programs[col.DURATION_JP],
            "elearning_enable": (programs[col.METHOD] == "e_learning").map({True: "1", False: "0"}),
            "keterangan": _eligibility_text(programs, leaders),
        }
    )
    enrolments = t[col.ENROLLMENTS]
    by_nip = pd.Series(nrk.to_numpy(), index=employees[col.EMPLOYEE_ID])
    odd = np.arange(len(enrolments)) % 2 == 1  # half the rows name the person by NRK only
    participants = pd.DataFrame(
        {
            "diklat_id": enrolments[col.PROGRAM_ID],
            "NIP18": enrolments[col.EMPLOYEE_ID].where(~odd, ""),
            "NRK": enrolments[col.EMPLOYEE_ID].map(by_nip),
            "status": enrolments[col.STATUS].map(STATUS),
            "sertifikat_totaljam": np.where(
                enrolments[col.STATUS] == col.COMPLETED,
                enrolments[col.PROGRAM_ID].map(programs.set_index(col.PROGRAM_ID)[col.DURATION_JP]),
                0,
            ),
            "tanggal_daftar": dd_mm_yyyy(enrolments[col.ENROLLED_AT]),
        }
    )
    files = {
        "pegawai": staff,
        "jadwal_diklat": sessions,
        "peserta_diklat": participants,
        "profil_peserta_diklat": _ledger(t, by_nip),
    }
    additions = agency_additions(world)
    additions.pop(col.PROGRAMS)  # SIMDIKLAT's schedule holds the upcoming sessions itself
    return {
        n: f.astype("str").replace({"nan": "", "<NA>": "", "NaT": "", "None": ""})
        for n, f in files.items()
    } | additions


def _ledger(tables: dict[str, pd.DataFrame], nrk_by_nip: pd.Series) -> pd.DataFrame:
    done = tables[col.ENROLLMENTS].merge(tables[col.PROGRAMS], on=col.PROGRAM_ID)
    done = done[done[col.STATUS] == col.COMPLETED]
    done = done.assign(tahun=done[col.START_DATE].dt.year)
    jp = done.groupby([col.EMPLOYEE_ID, "tahun"])[col.DURATION_JP].sum().reset_index()
    return pd.DataFrame(
        {
            "NRK": jp[col.EMPLOYEE_ID].map(nrk_by_nip),
            "NIP18": jp[col.EMPLOYEE_ID],
            "tahun": jp["tahun"],
            "jp": jp[col.DURATION_JP],
            "kepemimpinan": 0,
            "fungsional": 0,
            "teknis": jp[col.DURATION_JP],
            "lainnya": 0,
            "skor_ipasn": "",
        }
    )


def _eligibility_text(programs: pd.DataFrame, leaders: pd.Series) -> np.ndarray:
    """A session's `keterangan`: the positions it is for and its minimum rank, as BPSDM
    writes them ("Peserta: pejabat pengawas; minimal golongan III/b")."""
    who = np.where(leaders, "Peserta: pejabat " + programs[col.AUDIENCE].fillna(""), "")
    grade = programs.get(col.MIN_GRADE, pd.Series("", index=programs.index)).fillna("")
    rank = np.where(grade.ne(""), "minimal golongan " + grade, "")
    both = (pd.Series(who, index=programs.index) != "") & (grade != "")
    return np.where(both, pd.Series(who, index=programs.index) + "; " + rank, who + rank)
