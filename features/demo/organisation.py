"""The organisation of the demo world: units, competency dictionary, positions and standards.

Besides the contract tables it keeps hidden unit traits (how keen a unit is to nominate staff,
how lenient its supervisors rate) and dense (role x competency) standard matrices, which the
simulation indexes by position instead of joining frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import catalog_org as org
from features.demo import catalog_roles as roles

FAMILY_KEYS = tuple(f.key for f in org.FAMILIES)
# Share of a unit's staff outside its own job family: every office has a secretariat.
SUPPORT_MIX = {"administrasi_umum": 0.18, "keuangan": 0.08, "kepegawaian": 0.06}
SUPPORT_MIX["teknologi_informasi"] = 0.06
# Bounds of the required levels per tier, (managerial, technical) as (low, high).
LEVEL_BOUNDS = {
    "jpt_utama": ((5, 5), (4, 5)),
    "jpt_madya": ((5, 5), (4, 5)),
    "jpt_pratama": ((4, 5), (3, 5)),
    "administrator": ((3, 4), (3, 5)),
    "pengawas": ((2, 3), (2, 4)),
    "pelaksana": ((1, 2), (1, 3)),
    "fungsional_ahli": ((2, 4), (2, 5)),
    "fungsional_terampil": ((1, 2), (1, 3)),
}
BUSY_FAMILIES = ("kesehatan", "perhubungan")


@dataclass(frozen=True)
class Organisation:
    """Contract tables plus the hidden, index-aligned arrays the simulation works on."""

    units: pd.DataFrame
    competencies: pd.DataFrame
    job_roles: pd.DataFrame
    role_requirements: pd.DataFrame
    unit_traits: pd.DataFrame  # office, family, size, island, nomination, leniency, busyness
    unit_family_mix: np.ndarray  # (units, families) staff shares
    role_family: np.ndarray  # family index per role
    role_tier: np.ndarray  # tier name per role
    role_share: np.ndarray  # share of its (family, tier) staff
    role_unit: np.ndarray  # the unit a JPT role heads, -1 for other roles
    required: np.ndarray  # (roles, competencies) required level, 0 = not in the standard
    weight: np.ndarray  # (roles, competencies) weight of each required competency


def build_organisation(rng: np.random.Generator) -> Organisation:
    """The Pemprov DKI Jakarta units, competency dictionary, positions and their standards."""
    units, traits = _units(rng)
    competencies = _competencies()
    job_roles, role_unit, levels, shares = _job_roles(units)
    requirements = _role_requirements(rng, job_roles, levels, competencies)
    comp_index = pd.Index(competencies[col.COMPETENCY_ID])
    role_index = pd.Index(job_roles[col.ROLE_ID])
    r = role_index.get_indexer(requirements[col.ROLE_ID])
    c = comp_index.get_indexer(requirements[col.COMPETENCY_ID])
    required = np.zeros((len(role_index), len(comp_index)), dtype="int8")
    weight = np.zeros(required.shape, dtype="float32")
    required[r, c] = requirements[col.REQUIRED_LEVEL].to_numpy()
    weight[r, c] = requirements[col.WEIGHT].to_numpy()
    return Organisation(
        units=units,
        competencies=competencies,
        job_roles=job_roles,
        role_requirements=requirements,
        unit_traits=traits,
        unit_family_mix=_family_mix(traits),
        role_family=pd.Index(FAMILY_KEYS).get_indexer(job_roles[col.JOB_FAMILY]),
        role_tier=job_roles[col.TIER].to_numpy(dtype=object),
        role_share=shares,
        role_unit=role_unit,
        required=required,
        weight=weight,
    )


def _units(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agencies, their suku dinas in the six wilayah (`parent_unit_id`: the agency), and each
    wilayah's own secretariat."""
    rows = []
    for a in org.AGENCIES:
        rows.append(_unit(a.code, a.name, org.PROVINCE, a.office, a.family, a.size, True))
        for code, (short, long) in org.REGIONS.items() if a.branch else ():
            size = a.size * org.REGION_SIZE[code]
            name = f"{a.branch} {long}"
            branch = _unit(f"{a.code}-{code}", name, short, code, a.family, size, False)
            rows.append({**branch, col.PARENT_UNIT_ID: a.code})
    for code, (short, long) in org.REGIONS.items():
        size = org.REGIONAL_SECRETARIAT_SIZE[code]
        name = f"{org.REGIONAL_SECRETARIAT} {long}"
        rows.append(_unit(f"SEKWIL-{code}", name, short, code, "administrasi_umum", size, False))
    frame = pd.DataFrame(rows)
    units = frame[[col.UNIT_ID, col.NAME, col.REGION]].astype("str")
    units[col.PARENT_UNIT_ID] = frame[col.PARENT_UNIT_ID].astype("str")  # empty: a top unit
    n = len(frame)
    busy = frame["family"].isin(BUSY_FAMILIES).to_numpy()
    traits = frame[["office", "family", "size", "province"]].assign(
        island=(frame["office"] == org.KEPULAUAN_SERIBU).to_numpy(),
        nomination=rng.lognormal(0.0, 0.45, n),
        leniency=rng.normal(0.25, 0.2, n),
        busyness=rng.normal(0.0, 0.08, n) + 0.12 * busy,
    )
    return units, traits


def _unit(
    unit_id: str, name: str, region: str, office: str, family: str, size: float, province: bool
) -> dict[str, object]:
    return {
        col.UNIT_ID: unit_id,
        col.NAME: name,
        col.REGION: region,
        "office": org.REGIONS[office][0],
        "family": family,
        "size": size,
        "province": province,
    }


def _family_mix(traits: pd.DataFrame) -> np.ndarray:
    """Staff shares by job family in each unit: its own family plus the support functions."""
    support = np.array([SUPPORT_MIX.get(f, 0.0) for f in FAMILY_KEYS])
    mix = np.tile(support, (len(traits), 1))
    own = pd.Index(FAMILY_KEYS).get_indexer(traits["family"])
    mix[np.arange(len(traits)), own] += 1.0 - support.sum()
    return mix


def _competencies() -> pd.DataFrame:
    rows = [(k, v, "managerial") for k, v in org.MANAGERIAL.items()]
    rows += [(k, v, "socio_cultural") for k, v in org.SOCIO_CULTURAL.items()]
    for family in org.FAMILIES:
        rows += [
            (f"T.{family.code}.{i}", name, "technical")
            for i, name in enumerate(family.technical, start=1)
        ]
    return pd.DataFrame(rows, columns=[col.COMPETENCY_ID, col.NAME, col.CATEGORY]).astype("str")


def _job_roles(units: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """Positions: the secretary, one head per agency, then every family's positions."""
    family_by_code = {f.code: f.key for f in org.FAMILIES}
    rows = [("R.SEKDA", roles.SEKDA_TITLE, "jpt_madya", "administrasi_umum")]
    levels, shares = [roles.JPT_MADYA_LEVELS], [1.0]
    unit_ids = [org.AGENCIES[0].code]
    for a in org.AGENCIES:
        rows.append((f"R.JPT.{a.code}", a.head, "jpt_pratama", a.family))
        levels.append(roles.JPT_PRATAMA_LEVELS)
        shares.append(1.0)
        unit_ids.append(a.code)
    counter: dict[str, int] = {}
    for p in roles.POSITIONS:
        counter[p.family_code] = counter.get(p.family_code, 0) + 1
        role_id = f"R.{p.family_code}.{counter[p.family_code]:02d}"
        rows.append((role_id, p.title, p.tier, family_by_code[p.family_code]))
        levels.append((p.managerial_level, p.technical_level))
        shares.append(p.share)
        unit_ids.append("")
    frame = pd.DataFrame(rows, columns=[col.ROLE_ID, col.TITLE, col.TIER, col.JOB_FAMILY])
    role_unit = pd.Index(units[col.UNIT_ID]).get_indexer(unit_ids)
    return frame.astype("str"), role_unit, np.array(levels), np.array(shares)


def _role_requirements(
    rng: np.random.Generator,
    job_roles: pd.DataFrame,
    levels: np.ndarray,
    competencies: pd.DataFrame,
) -> pd.DataFrame:
    """Each role requires the 9 managerial/socio-cultural competencies and its family's."""
    category = competencies[col.CATEGORY].to_numpy()
    comp_ids = competencies[col.COMPETENCY_ID].to_numpy()
    family_code = {f.key: f.code for f in org.FAMILIES}
    role_family = job_roles[col.JOB_FAMILY].map(family_code).to_numpy()
    generic = category != "technical"
    comp_family = pd.Series(comp_ids).str.split(".").str[1].to_numpy()
    member = generic[None, :] | (comp_family[None, :] == role_family[:, None])
    r, c = np.nonzero(member)
    technical = ~generic[c]
    base = np.where(technical, levels[r, 1], levels[r, 0])
    jitter = rng.choice([-1, 0, 1], size=r.size, p=[0.15, 0.7, 0.15])
    tier = pd.Index(col.TIERS).get_indexer(job_roles[col.TIER])[r]
    bounds = np.array([LEVEL_BOUNDS[t] for t in col.TIERS])  # (tiers, 2 kinds, 2 ends)
    kind = technical.astype(int)
    low, high = bounds[tier, kind, 0], bounds[tier, kind, 1]
    level = np.clip(base + jitter, low, high)
    weight = np.where(technical, rng.choice([1.5, 2.0, 2.5], r.size, p=[0.4, 0.4, 0.2]), 1.0)
    return pd.DataFrame(
        {
            col.ROLE_ID: job_roles[col.ROLE_ID].to_numpy()[r],
            col.COMPETENCY_ID: comp_ids[c],
            col.REQUIRED_LEVEL: level.astype("int64"),
            col.WEIGHT: weight,
        }
    ).astype({col.ROLE_ID: "str", col.COMPETENCY_ID: "str"})
