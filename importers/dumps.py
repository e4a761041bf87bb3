"""A generated world written as the source systems would export it: the samples of each shape
in the repository and the suite, and the round trip (world -> SIASN -> import -> same people).

`python -m importers.dumps siasn OUT --employees 200` writes SIASN's endpoint files for a
generated world, and beside them what an agency adds (the competency dictionary and
standards, what each course develops, the upcoming catalogue and the evaluations SIASN does
not hold); `simdiklat` writes SIMDIKLAT's files likewise. Personal fields that SIASN sends and
the engine must never import (NIK, NPWP, address, phone) are filled with fakes.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from features import columns as col
from features.courses import course_names
from features.demo import World, generate_world
from importers.assessment import COMPETENCIES
from importers.dumps_simdiklat import simdiklat_files
from importers.siasn_ratings import MATRIX

EDUCATION = {
    "sma": "SLTA",
    "d3": "Diploma III",
    "s1": "S-1/Sarjana",
    "s2": "S-2",
    "s3": "S-3/Doktor",
}
GENDER = {"m": "M", "f": "F"}
ESELON = {
    "jpt_utama": "I.a",
    "jpt_madya": "I.b",
    "jpt_pratama": "II.a",
    "administrator": "III.a",
    "pengawas": "IV.a",
}
KIND = {
    **dict.fromkeys(ESELON, "1"),
    "fungsional_ahli": "2",
    "fungsional_terampil": "2",
    "pelaksana": "4",
}
EXPECTATION = {
    "above": "Di atas ekspektasi",
    "as_expected": "Sesuai ekspektasi",
    "below": "Di bawah ekspektasi",
}
LEADERSHIP = "kepemimpinan"
NAMESPACE = uuid.UUID("6f1c4e2a-3d57-4c1b-9a3e-7b2f0c9d8e41")


def dd_mm_yyyy(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.strftime("%d-%m-%Y").fillna("")


def person_ids(nips: pd.Series) -> pd.Series:
    """SIASN's own id of each person: a fixed UUID of the NIP."""
    return nips.map(lambda n: str(uuid.uuid5(NAMESPACE, n)).upper())


def siasn_files(world: World, lms: bool = False) -> dict[str, pd.DataFrame]:
    """SIASN's endpoint files of `world`, every value a string, and the agency's additions;
    with `lms`, also the learning system's catalogue and the enrolments SIASN cannot hold
    (not completed, or still running)."""
    t = world.tables
    employees, roles, units = t[col.EMPLOYEES], t[col.JOB_ROLES], t[col.UNITS]
    tier = employees[col.ROLE_ID].map(roles.set_index(col.ROLE_ID)[col.TIER])
    title = employees[col.ROLE_ID].map(roles.set_index(col.ROLE_ID)[col.TITLE])
    pid = person_ids(employees[col.EMPLOYEE_ID])
    n = len(employees)
    data_utama = pd.DataFrame(
        {
            "id": pid,
            "nipBaru": employees[col.EMPLOYEE_ID],
            "nipLama": "",
            "nama": employees[col.NAME],
            "tglLahir": dd_mm_yyyy(employees[col.BIRTH_DATE]),
            "jenisKelamin": employees[col.GENDER].map(GENDER),
            "tkPendidikanTerakhir": employees[col.EDUCATION].map(EDUCATION),
            "jenisPegawaiNama": employees[col.EMPLOYMENT_TYPE].map(
                {"pns": "PNS Daerah", "pppk": "PPPK"}
            ),
            "tmtCpns": dd_mm_yyyy(employees[col.HIRE_DATE]),
            "tmtPns": dd_mm_yyyy(employees[col.HIRE_DATE] + pd.DateOffset(years=1)),
            "unorId": employees[col.UNIT_ID],
            "unorNama": employees[col.UNIT_ID].map(units.set_index(col.UNIT_ID)[col.NAME]),
            "unorIndukId": employees[col.UNIT_ID].map(
                units.set_index(col.UNIT_ID)[col.PARENT_UNIT_ID]
            ),
            "instansiKerjaId": "PEMPROV-DKI",
            "lokasiKerja": employees[col.LOCATION],
            "jabatanNama": title,
            "jenisJabatan": tier.map(KIND),
            "eselon": tier.map(ESELON),
            **_position_ids(employees[col.ROLE_ID], tier),
            "golRuangAkhir": employees[col.GRADE],
            "kelas_jabatan": "",
            "nik": [f"3171{i:012d}" for i in range(n)],
            "noNpwp": [f"09.{i:09d}" for i in range(n)],
            "alamat": "Jl. Contoh No. 1",
            "noHp": [f"0812{i:08d}" for i in range(n)],
        }
    )
    files = {
        "data-utama": data_utama,
        "ref-unor": pd.DataFrame(
            {
                "Id": units[col.UNIT_ID],
                "NamaUnor": units[col.NAME],
                "DiatasanId": units[col.PARENT_UNIT_ID],
                "InstansiId": "PEMPROV-DKI",
            }
        ),
        "rw-jabatan": _rw_jabatan(t[col.ASSIGNMENTS], roles),
        **_rw_training(t),
        **_rw_skp(t[col.PERFORMANCE]),
        "assessment-center": _assessment(t[col.EVALUATIONS]),
    }
    strings = {
        name: frame.astype("str").replace({"nan": "", "<NA>": "", "NaT": "", "None": ""})
        for name, frame in files.items()
    }
    return strings | agency_additions(world) | (lms_additions(world) if lms else {})


def lms_additions(world: World) -> dict[str, pd.DataFrame]:
    """An LMS's export beside SIASN: every session it ran and every enrolment not completed."""
    t = world.tables
    enrolments = t[col.ENROLLMENTS]
    return {
        col.PROGRAMS: t[col.PROGRAMS],
        col.PROGRAM_COMPETENCIES: t[col.PROGRAM_COMPETENCIES],
        col.ENROLLMENTS: enrolments[enrolments[col.STATUS] != col.COMPLETED],
    }


def agency_additions(world: World) -> dict[str, pd.DataFrame]:
    """What an agency gives beside a source system's files (contract tables, as written)."""
    t = world.tables
    snapshot = pd.Timestamp(world.snapshot_date)
    programs = t[col.PROGRAMS]
    upcoming = programs[programs[col.START_DATE] > snapshot]
    targets = t[col.PROGRAM_COMPETENCIES]
    titles = programs.set_index(col.PROGRAM_ID)[col.TITLE]
    courses = targets.assign(course=course_names(targets[col.PROGRAM_ID].map(titles)))
    courses = courses.drop(columns=col.PROGRAM_ID)
    evaluations = t[col.EVALUATIONS]
    return {
        col.COMPETENCIES: t[col.COMPETENCIES],
        col.JOB_ROLES: t[col.JOB_ROLES],
        col.ROLE_REQUIREMENTS: t[col.ROLE_REQUIREMENTS],
        col.PROGRAMS: upcoming,
        col.PROGRAM_COMPETENCIES: targets[targets[col.PROGRAM_ID].isin(upcoming[col.PROGRAM_ID])],
        "course_competencies": courses.drop_duplicates(["course", col.COMPETENCY_ID]),
        col.EVALUATIONS: evaluations[evaluations[col.SOURCE] != "assessment_center"],
    }


def _position_ids(role: pd.Series, tier: pd.Series) -> dict[str, pd.Series]:
    structural = tier.isin(list(ESELON))
    functional = tier.str.startswith("fungsional")
    return {
        "jabatanStrukturalId": role.where(structural, ""),
        "jabatanFungsionalId": role.where(functional, ""),
        "jabatanFungsionalUmumId": role.where(tier == "pelaksana", ""),
    }


def _rw_jabatan(assignments: pd.DataFrame, roles: pd.DataFrame) -> pd.DataFrame:
    """rw-jabatan: no structural position id in SIASN's record, only the title and eselon."""
    tier = assignments[col.ROLE_ID].map(roles.set_index(col.ROLE_ID)[col.TIER])
    ids = _position_ids(assignments[col.ROLE_ID], tier)
    return pd.DataFrame(
        {
            "idPns": person_ids(assignments[col.EMPLOYEE_ID]),
            "nipBaru": assignments[col.EMPLOYEE_ID],
            "unorId": assignments[col.UNIT_ID],
            "namaJabatan": assignments[col.ROLE_ID].map(roles.set_index(col.ROLE_ID)[col.TITLE]),
            "jabatanFungsionalId": ids["jabatanFungsionalId"],
            "jabatanFungsionalUmumId": ids["jabatanFungsionalUmumId"],
            "eselonId": tier.map(ESELON),
            "tmtJabatan": dd_mm_yyyy(assignments[col.START_DATE]),
        }
    )


def _rw_training(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Completed enrolments: leadership courses in rw-diklat, the rest in rw-kursus."""
    done = tables[col.ENROLLMENTS]
    done = done[done[col.STATUS] == col.COMPLETED].merge(tables[col.PROGRAMS], on=col.PROGRAM_ID)
    start = done[col.START_DATE]
    end = start + pd.to_timedelta(np.ceil(done[col.DURATION_JP] / 8) * 7 / 5, unit="D")
    leadership = done[col.TITLE].str.lower().str.contains(LEADERSHIP).to_numpy()
    common = {
        "idPns": person_ids(done[col.EMPLOYEE_ID]),
        "nipBaru": done[col.EMPLOYEE_ID],
        "jumlahJam": done[col.DURATION_JP],
        "institusiPenyelenggara": done[col.PROVIDER],
    }
    diklat = pd.DataFrame(
        {
            **common,
            "latihanStrukturalId": "",
            "latihanStrukturalNama": done[col.TITLE],
            "tanggal": dd_mm_yyyy(start),
            "tanggalSelesai": dd_mm_yyyy(end),
            "tahun": start.dt.year,
        }
    )
    kursus = pd.DataFrame(
        {
            **common,
            "namaKursus": done[col.TITLE],
            "jenisKursusId": "",
            "jenisDiklatId": "3",
            "tahunKursus": start.dt.year,
            "tanggalKursus": dd_mm_yyyy(start),
            "tanggalSelesaiKursus": dd_mm_yyyy(end),
            "noSertipikat": [f"SERT/{i:07d}" for i in range(len(done))],
        }
    )
    return {"rw-diklat": diklat[leadership], "rw-kursus": kursus[~leadership]}


def _rw_skp(performance: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Ratings from 2022 in rw-skp22 (predikat and a matching pair of expectations), earlier
    ones in rw-skp (a score in the middle of the rating's band)."""
    pair = {rating: key for key, rating in reversed(MATRIX.items())}
    new = performance[performance[col.YEAR] >= 2022]
    old = performance[performance[col.YEAR] < 2022]
    score = {
        "sangat_baik": 95,
        "baik": 83,
        "butuh_perbaikan": 68,
        "kurang": 55,
        "sangat_kurang": 40,
    }
    return {
        "rw-skp22": pd.DataFrame(
            {
                "pnsDinilaiId": person_ids(new[col.EMPLOYEE_ID]),
                "tahun": new[col.YEAR],
                "hasilKinerja": new[col.RATING].map(lambda r: EXPECTATION[pair[r][0]]),
                "perilakuKerja": new[col.RATING].map(lambda r: EXPECTATION[pair[r][1]]),
                "kuadranKinerja": new[col.RATING].str.replace("_", " ").str.upper(),
            }
        ),
        "rw-skp": pd.DataFrame(
            {
                "pns": person_ids(old[col.EMPLOYEE_ID]),
                "tahun": old[col.YEAR],
                "nilaiSkp": old[col.RATING].map(score),
                "nilaiPrestasiKerja": old[col.RATING].map(score),
            }
        ),
    }


def _assessment(evaluations: pd.DataFrame) -> pd.DataFrame:
    """One row per person and assessment date, a column per competency, as assessors write it."""
    found = evaluations[evaluations[col.SOURCE] == "assessment_center"]
    names = {cid: name for name, (cid, _) in COMPETENCIES.items()}
    wide = found.pivot_table(
        index=[col.EMPLOYEE_ID, col.EVALUATED_AT],
        columns=col.COMPETENCY_ID,
        values=col.LEVEL,
        aggfunc="last",
    ).reset_index()
    wide = wide.rename(columns=names)
    levels = wide[[c for c in names.values() if c in wide.columns]]
    wide["JPM (%)"] = (levels.mean(axis=1) / 5 * 100).round(1)
    wide["Saran Pengembangan 1"] = "Pelatihan kepemimpinan"
    wide = wide.rename(columns={col.EMPLOYEE_ID: "NIP"})
    wide["Tanggal Asesmen"] = dd_mm_yyyy(wide.pop(col.EVALUATED_AT))
    return wide


def write_files(files: dict[str, pd.DataFrame], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in files.items():
        frame.to_csv(folder / f"{name}.csv", index=False, date_format="%Y-%m-%d")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m importers.dumps")
    parser.add_argument("source", choices=("siasn", "simdiklat"))
    parser.add_argument("out", help="folder for the files")
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)
    world = generate_world(args.employees, args.seed)
    files = siasn_files(world) if args.source == "siasn" else simdiklat_files(world)
    write_files(files, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
