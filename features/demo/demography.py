"""Personal facts of the demo civil servants (age, schooling, service) and their employee rows.

NIPs follow the civil-service pattern: birth date (yyyymmdd), appointment month (yyyymm),
a gender digit and a 3-digit serial, 18 digits in all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.draws import DAY, categorical
from features.demo.names import employee_names
from features.demo.organisation import Organisation

YEAR_DAYS = 365.25
# Age at the snapshot per tier: (mean, sd, low, high).
AGE = {
    "jpt_utama": (56, 2, 50, 59),
    "jpt_madya": (55, 2, 50, 59),
    "jpt_pratama": (52, 3.5, 42, 59),
    "administrator": (48, 5, 35, 57),
    "pengawas": (44, 6, 30, 57),
    "pelaksana": (38, 9.5, 20, 57),
    "fungsional_ahli": (40, 8.5, 23, 59),
    "fungsional_terampil": (37, 8.5, 20, 57),
}
# Education shares per tier over col.EDUCATIONS (sma, d3, s1, s2, s3).
EDUCATION = {
    "jpt_utama": (0, 0, 0.1, 0.6, 0.3),
    "jpt_madya": (0, 0, 0.1, 0.6, 0.3),
    "jpt_pratama": (0, 0, 0.15, 0.7, 0.15),
    "administrator": (0, 0, 0.45, 0.52, 0.03),
    "pengawas": (0, 0.05, 0.65, 0.3, 0),
    "pelaksana": (0.35, 0.25, 0.38, 0.02, 0),
    "fungsional_ahli": (0, 0, 0.65, 0.32, 0.03),
    "fungsional_terampil": (0.15, 0.7, 0.15, 0, 0),
}
# Age range at appointment by education.
HIRE_AGE = {"sma": (19, 26), "d3": (21, 28), "s1": (23, 31), "s2": (25, 35), "s3": (28, 40)}
# Years of service a tier needs at least, years since which heads hold their post at most.
MIN_SERVICE = {
    "jpt_utama": 18,
    "jpt_madya": 18,
    "jpt_pratama": 15,
    "administrator": 10,
    "pengawas": 5,
}
MAX_YEARS_IN_POST = 8.0
MALE_SHARE = {"jpt_madya": 0.65, "jpt_pratama": 0.65, "administrator": 0.6, "pengawas": 0.55}
PPPK_SHARE = {"pelaksana": 0.12, "fungsional_ahli": 0.15, "fungsional_terampil": 0.2}
# PNS ranks (golongan/ruang) in order; start rank by education; rank range per tier.
GOLONGAN = [f"{g}/{r}" for g in ("I", "II", "III") for r in "abcd"] + [f"IV/{r}" for r in "abcde"]
START_RANK = {"sma": 4, "d3": 6, "s1": 8, "s2": 9, "s3": 10}
RANK_RANGE = {
    "jpt_utama": (14, 16),
    "jpt_madya": (14, 16),
    "jpt_pratama": (12, 15),
    "administrator": (11, 13),
    "pengawas": (9, 11),
    "pelaksana": (4, 11),
    "fungsional_ahli": (8, 14),
    "fungsional_terampil": (5, 11),
}
PPPK_GRADE = {"sma": "V", "d3": "VII", "s1": "IX", "s2": "X", "s3": "XI"}


def personal_facts(
    tier: np.ndarray, snapshot: np.datetime64, rng: np.random.Generator
) -> pd.DataFrame:
    """Age, education, gender, PNS/PPPK, birth, hire and appointment dates per employee."""
    n = tier.size
    mean, sd, low, high = (_lookup(tier, AGE, i) for i in range(4))
    age = np.clip(rng.normal(mean, sd), low, high)
    shares = np.array([EDUCATION[t] for t in col.TIERS])[pd.Index(col.TIERS).get_indexer(tier)]
    education = np.array(col.EDUCATIONS)[categorical(rng, shares)]
    male = rng.random(n) < pd.Series(tier).map(MALE_SHARE).fillna(0.48).to_numpy()
    pppk = rng.random(n) < pd.Series(tier).map(PPPK_SHARE).fillna(0.0).to_numpy()
    hire_lo, hire_hi = (_lookup(education, HIRE_AGE, i) for i in range(2))
    service = age - rng.uniform(hire_lo, hire_hi)
    floor = pd.Series(tier).map(MIN_SERVICE).fillna(0.1).to_numpy()
    service = np.where(service < floor, floor + rng.uniform(0, 3, n), service)
    service = np.where(pppk, rng.uniform(0.3, 4.5, n), service)  # PPPK hiring began in 2021
    age = np.maximum(age, service + hire_lo)
    in_post = np.minimum(rng.uniform(0, MAX_YEARS_IN_POST, n), service - floor / 2)
    return pd.DataFrame(
        {
            "age": age,
            "education": education,
            "male": male,
            "pns": ~pppk,
            "service": service,
            "birth": _years_before(snapshot, age),
            "hire": _first_of_month(_years_before(snapshot, service)),
            "role_since": _first_of_month(_years_before(snapshot, in_post)),
        }
    )


def _lookup(keys: np.ndarray, table: dict[str, tuple], field: int) -> np.ndarray:
    """Field `field` of each key's tuple in `table`."""
    return pd.Series(keys).map({k: v[field] for k, v in table.items()}).to_numpy(dtype=float)


def _years_before(day: np.datetime64, years: np.ndarray) -> np.ndarray:
    return day - np.round(years * YEAR_DAYS).astype("int64") * DAY


def _first_of_month(days: np.ndarray) -> np.ndarray:
    """Appointments take effect on the first of a month (TMT)."""
    return days.astype("datetime64[M]").astype("datetime64[D]")


def employee_table(
    facts: pd.DataFrame,
    organisation: Organisation,
    role: np.ndarray,
    unit: np.ndarray,
    office: np.ndarray,
    tier: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The contract's `employees` rows, with a few optional cells left empty as in real exports."""
    n = len(facts)
    ids = nips(facts, rng)
    frame = pd.DataFrame(
        {
            col.EMPLOYEE_ID: ids,
            col.ROLE_ID: organisation.job_roles[col.ROLE_ID].to_numpy()[role],
            col.UNIT_ID: organisation.units[col.UNIT_ID].to_numpy()[unit],
            col.HIRE_DATE: facts["hire"].to_numpy().astype("datetime64[ns]"),
            col.BIRTH_DATE: facts["birth"].to_numpy().astype("datetime64[ns]"),
            col.EDUCATION: facts["education"].to_numpy(),
            col.EMPLOYMENT_TYPE: np.where(facts["pns"], "pns", "pppk"),
            col.LOCATION: office,
            col.GRADE: _grades(facts, tier),
            col.GENDER: np.where(facts["male"], "m", "f"),
            col.NAME: employee_names(ids, facts["male"].to_numpy()),
        }
    )
    for column, share in ((col.BIRTH_DATE, 0.005), (col.EDUCATION, 0.02), (col.GRADE, 0.01)):
        frame.loc[rng.random(n) < share, column] = None
    text = [c for c in frame.columns if c not in (col.HIRE_DATE, col.BIRTH_DATE)]
    return frame.astype(dict.fromkeys(text, "str"))


def nips(facts: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Unique 18-digit NIPs: yyyymmdd birth + yyyymm appointment + gender digit + serial."""
    birth = pd.Series(np.datetime_as_string(facts["birth"].to_numpy(), unit="D")).str.replace(
        "-", ""
    )
    hired = pd.Series(np.datetime_as_string(facts["hire"].to_numpy(), unit="M")).str.replace(
        "-", ""
    )
    gender = pd.Series(np.where(facts["male"], "1", "2"))
    stem = birth + hired + gender
    order = rng.permutation(len(stem))  # serials are handed out in no particular order
    serial = pd.Series(
        stem.iloc[order].groupby(stem.iloc[order]).cumcount().to_numpy() + 1, index=order
    )
    if serial.max() > 999:
        raise ValueError("more than 999 employees share a NIP stem")
    return (stem + serial.sort_index().map("{:03d}".format)).to_numpy()


def _grades(facts: pd.DataFrame, tier: np.ndarray) -> np.ndarray:
    """PNS golongan from schooling and years of service within the tier's range; PPPK grade."""
    start = facts["education"].map(START_RANK).to_numpy()
    low, high = (_lookup(tier, RANK_RANGE, i) for i in range(2))
    rank = np.clip(start + facts["service"].to_numpy() // 4, low, high).astype(int)
    pns_grade = np.array(GOLONGAN)[rank]
    return np.where(facts["pns"], pns_grade, facts["education"].map(PPPK_GRADE).to_numpy())
