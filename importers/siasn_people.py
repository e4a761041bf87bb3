"""SIASN's people: `data-utama` (employees and positions), `ref-unor` (units), `rw-jabatan`
(position history), and the per-file employee keys that tie the riwayat files to them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from importers import positions, values
from importers.report import ImportReport
from importers.source import SourceFile

DATA_UTAMA = "data-utama"
REF_UNOR = "ref-unor"
RW_JABATAN = "rw-jabatan"
# Person ids of other files (SIASN's own PNS id) are looked up in data-utama's `id`.
PERSON_ID = "id"
NIP = "nipBaru"
# The employee key of each riwayat file, in the order tried: an NIP, else SIASN's PNS id.
KEYS = {
    RW_JABATAN: (NIP, "idPns", "pnsId", "pnsOrang"),
    "rw-diklat": (NIP, "idPns", "pnsId", "pnsOrang", "pnsOrangId"),
    "rw-kursus": (NIP, "idPns", "pnsId", "pnsOrang", "pnsOrangId"),
    "rw-skp22": ("pnsDinilaiId", NIP, "pnsId", "pnsOrang"),
    "rw-skp": ("pns", NIP, "pnsId", "pnsOrang"),
}
# Position ids of data-utama, most specific first; a position without one is known by its title.
POSITION_IDS = ("jabatanStrukturalId", "jabatanFungsionalId", "jabatanFungsionalUmumId")
EDUCATION = {  # tkPendidikanTerakhir, folded: the contract's level (Diploma IV counts as S1)
    "sma": "sma", "slta": "sma", "smk": "sma", "sma/sederajat": "sma", "slta/sederajat": "sma",
    "diploma iii": "d3", "d-iii": "d3", "d3": "d3", "diploma iv": "s1", "d-iv": "s1", "d4": "s1",
    "s-1/sarjana": "s1", "s1": "s1", "s-1": "s1", "sarjana": "s1", "s-2": "s2", "s2": "s2",
    "s-2/magister": "s2", "magister": "s2", "s-3": "s3", "s3": "s3", "s-3/doktor": "s3",
    "doktor": "s3",
}  # fmt: skip
GENDER = {"m": "m", "l": "m", "pria": "m", "laki-laki": "m", "1": "m",
          "f": "f", "p": "f", "wanita": "f", "perempuan": "f", "2": "f"}  # fmt: skip


@dataclass(frozen=True)
class People:
    """Who data-utama knows: NIP by SIASN person id, and role id by position title."""

    nip_by_person: pd.Series
    role_by_title: pd.Series

    def employee_ids(self, source: SourceFile, name: str, report: ImportReport) -> pd.Series:
        """The NIP of every record of `source` ("" where none could be found, reported)."""
        key = source.first_present(KEYS[name])
        if key is None:
            source.require(KEYS[name][:1])
            raise AssertionError("unreachable: require raised, no key column is present")
        if key == NIP:
            nip, bad = values.nips(source.column(NIP))
        else:
            nip = source.column(key).map(self.nip_by_person).fillna("")
            bad = nip.eq("").to_numpy()
        report.skip(source, bad, "no 18-digit NIP for this person in data-utama", key)
        return nip.where(~bad, "")


def employees(
    source: SourceFile, report: ImportReport, reference: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, People]:
    """`employees` and `job_roles` of data-utama (never NIK, NPWP, address or phone).

    `reference`: the agency's `job_roles`, whose titles name the positions that SIASN's
    position history knows by title only (structural posts)."""
    source.require([NIP, "unorId", "jabatanNama"])
    nip, bad_nip = values.nips(source.column(NIP))
    report.skip(source, bad_nip, "nipBaru is not an 18-digit NIP", NIP)
    title = source.column("jabatanNama")
    role = _role_ids(source, title)
    tier = positions.tiers(source.column("jenisJabatan"), source.column("eselon"), title)
    hired = values.dates(source.column("tmtCpns")).fillna(values.dates(source.column("tmtPns")))
    keep = ~bad_nip
    for mask, reason, column in (
        (tier.eq("").to_numpy(), "no tier for jenisJabatan/eselon", "jenisJabatan"),
        (hired.isna().to_numpy(), "no date in tmtCpns or tmtPns", "tmtCpns"),
        (source.column("unorId").eq("").to_numpy(), "no unit", "unorId"),
        (role.eq("").to_numpy(), "no position", "jabatanNama"),
    ):
        report.skip(source, keep & mask, reason, column)
        keep &= ~mask
    duplicated = nip.duplicated(keep="last").to_numpy() & keep
    report.skip(source, duplicated, "the same NIP again (the last row is kept)", NIP)
    keep &= ~duplicated
    frame = pd.DataFrame(
        {
            col.EMPLOYEE_ID: nip,
            col.ROLE_ID: role,
            col.UNIT_ID: source.column("unorId"),
            col.HIRE_DATE: hired,
            col.BIRTH_DATE: values.dates(source.column("tglLahir")),
            col.EDUCATION: _mapped(source, "tkPendidikanTerakhir", EDUCATION, keep, report),
            col.EMPLOYMENT_TYPE: _employment(source.column("jenisPegawaiNama")),
            col.LOCATION: source.column("lokasiKerja"),
            col.GRADE: values.grades(source.column("golRuangAkhir")),
            col.GENDER: _mapped(source, "jenisKelamin", GENDER, keep, report),
            col.NAME: source.column("nama"),
        }
    )[keep]
    roles = pd.DataFrame({col.ROLE_ID: role, col.TITLE: title, col.TIER: tier})[keep]
    roles = roles.drop_duplicates(col.ROLE_ID, keep="last")
    roles[col.JOB_FAMILY] = ""
    titled = pd.concat([roles, reference]) if reference is not None else roles
    people = People(
        nip_by_person=pd.Series(nip[keep].to_numpy(), index=source.column(PERSON_ID)[keep]),
        role_by_title=pd.Series(
            titled[col.ROLE_ID].to_numpy(), index=values.folded(titled[col.TITLE])
        )
        .groupby(level=0)
        .first(),
    )
    return frame.reset_index(drop=True), roles.reset_index(drop=True), people


def units(source: SourceFile, report: ImportReport) -> pd.DataFrame:
    """`units` of ref-unor: id, name and the parent (DiatasanId); a root has none."""
    source.require(["Id", "NamaUnor"])
    unit, parent = source.column("Id"), source.column("DiatasanId")
    empty = unit.eq("").to_numpy()
    report.skip(source, empty, "no unit id", "Id")
    unknown = parent.ne("") & ~parent.isin(unit[~empty]) & ~empty
    report.skip(source, unknown.to_numpy(), "parent unit not in ref-unor: kept as a root",
                "DiatasanId", dropped=False)  # fmt: skip
    parent = parent.where(~unknown & parent.ne(unit), "")
    frame = pd.DataFrame(
        {col.UNIT_ID: unit, col.NAME: source.column("NamaUnor"), col.PARENT_UNIT_ID: parent}
    )
    return frame[~empty].drop_duplicates(col.UNIT_ID, keep="last").reset_index(drop=True)


def assignments(source: SourceFile, people: People, report: ImportReport) -> pd.DataFrame:
    """`assignments` of rw-jabatan: who held which position in which unit from when."""
    source.require(["unorId", "tmtJabatan"])
    nip = people.employee_ids(source, RW_JABATAN, report)
    ids = [source.column(c) for c in ("jabatanStrukturalId", "jabatanFungsionalId",
                                      "jabatanFungsionalUmumId")]  # fmt: skip
    role = ids[0].where(ids[0].ne(""), ids[1].where(ids[1].ne(""), ids[2]))
    by_title = values.folded(source.column("namaJabatan")).map(people.role_by_title)
    role = role.where(role.ne(""), by_title.fillna(""))
    role = role.where(role.ne(""), "JAB-" + values.slugs(source.column("namaJabatan")))
    start = values.dates(source.column("tmtJabatan"))
    keep = nip.ne("").to_numpy(copy=True)
    for mask, reason, column in (
        (start.isna().to_numpy(), "no date in tmtJabatan", "tmtJabatan"),
        (source.column("unorId").eq("").to_numpy(), "no unit", "unorId"),
        (role.eq("JAB-").to_numpy(), "no position", "namaJabatan"),
    ):
        report.skip(source, keep & mask, reason, column)
        keep &= ~mask
    frame = pd.DataFrame(
        {col.EMPLOYEE_ID: nip, col.ROLE_ID: role, col.UNIT_ID: source.column("unorId"),
         col.START_DATE: start}
    )[keep]  # fmt: skip
    return frame.drop_duplicates([col.EMPLOYEE_ID, col.START_DATE], keep="last")


def _role_ids(source: SourceFile, title: pd.Series) -> pd.Series:
    role = pd.Series("", index=source.frame.index, dtype="str")
    for name in reversed(POSITION_IDS):
        ids = source.column(name)
        role = ids.where(ids.ne(""), role)
    return role.where(role.ne(""), ("JAB-" + values.slugs(title)).where(title.ne(""), ""))


def _mapped(
    source: SourceFile, column: str, table: dict[str, str], keep: np.ndarray, report: ImportReport
) -> pd.Series:
    """A coded column mapped through `table`; unknown codes left empty and reported."""
    raw = values.folded(source.column(column))
    mapped = raw.map(table).fillna("")
    unknown = raw.ne("") & mapped.eq("")
    report.skip(source, unknown.to_numpy() & keep, "no contract value for this code", column,
                dropped=False)  # fmt: skip
    return mapped


def _employment(kind: pd.Series) -> pd.Series:
    folded = values.folded(kind)
    return pd.Series(
        np.select([folded.str.contains("pppk"), folded.str.contains("pns")], ["pppk", "pns"], ""),
        index=kind.index,
    )
