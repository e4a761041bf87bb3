"""The civil servants of the demo world: who they are, where they sit, and their hidden traits.

Observable facts go to the `employees` table; traits that drive behaviour (overconfidence,
e-learning affinity, workload, conscientiousness, interest) and true competency levels stay
hidden in `People`, index-aligned with the table's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features.demo import catalog_org as org
from features.demo.demography import employee_table, personal_facts
from features.demo.draws import DAY, grouped_choice
from features.demo.organisation import Organisation

# Share of each tier below the top (JPT counts follow the number of agencies).
TIER_SHARES = {
    "administrator": 0.025,
    "pengawas": 0.09,
    "pelaksana": 0.44,
    "fungsional_ahli": 0.265,
    "fungsional_terampil": 0.18,
}
STRUCTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")


@dataclass(frozen=True)
class People:
    """Employees table plus hidden, row-aligned state (index i = row i of `employees`)."""

    employees: pd.DataFrame
    # Positions as drawn: today's in a world without position changes, otherwise where
    # careers start (`features.demo.workforce` holds the position at any time).
    role: np.ndarray
    unit: np.ndarray
    tier: np.ndarray  # tier name per employee
    hire: np.ndarray  # datetime64[D]
    role_since: np.ndarray  # datetime64[D]: appointment to the current position
    pns: np.ndarray  # civil servant (PNS) rather than contract (PPPK)
    island: np.ndarray  # works in Kepulauan Seribu
    traits: pd.DataFrame  # affinity, overconfidence, workload, conscientiousness, interest
    required: np.ndarray  # (employees, competencies) required level, 0 = not in standard
    weight: np.ndarray  # (employees, competencies)
    levels: np.ndarray  # (employees, competencies) true level when the history starts

    @property
    def n(self) -> int:
        return len(self.role)


def build_people(
    n: int,
    organisation: Organisation,
    snapshot: np.datetime64,
    start: np.datetime64,
    rng: np.random.Generator,
    tier_shares: dict[str, float] | None = None,
) -> People:
    """`n` employees in a tier pyramid, placed in units and positions, with hidden traits.

    `tier_shares` replaces TIER_SHARES (same keys): a world whose staff climb over the history
    starts from a pyramid with fewer people at the top."""
    if len(organisation.role_tier) == 1:  # one position for everybody
        tier = np.full(n, organisation.role_tier[0], dtype=object)
        role, unit = np.zeros(n, dtype=int), _units_by_size(n, organisation, rng)
    else:
        tier = _tiers(n, rng, tier_shares or TIER_SHARES)
        role, unit = _placements(tier, organisation, rng)
    facts = personal_facts(tier, snapshot, rng)
    traits = _traits(facts, organisation.unit_traits, unit, tier, rng)
    required = organisation.required[role]
    weight = organisation.weight[role]
    tenure_at_start = np.maximum((start - facts["hire"].to_numpy()) / DAY / 365.25, 0.0)
    levels = _initial_levels(required, tenure_at_start, facts, traits, rng)
    office = organisation.unit_traits["office"].to_numpy()[unit]
    employees = employee_table(facts, organisation, role, unit, office, tier, rng)
    return People(
        employees=employees,
        role=role,
        unit=unit,
        tier=tier,
        hire=facts["hire"].to_numpy().astype("datetime64[D]"),
        role_since=facts["role_since"].to_numpy().astype("datetime64[D]"),
        pns=facts["pns"].to_numpy(),
        island=office == org.KEPULAUAN_SERIBU,
        traits=traits,
        required=required,
        weight=weight,
        levels=levels,
    )


def _tiers(n: int, rng: np.random.Generator, tier_shares: dict[str, float]) -> np.ndarray:
    """A shuffled tier per employee: one secretary, a head per agency, then the pyramid."""
    n_madya = 1 if n >= 1000 else 0
    n_pratama = min(len(org.AGENCIES), max(2, round(0.004 * n)))
    rest = n - n_madya - n_pratama
    shares = np.array([tier_shares[t] for t in TIER_SHARES])
    counts = np.floor(shares / shares.sum() * rest).astype(int)
    counts[np.argmax(shares)] += rest - counts.sum()
    tiers = np.repeat(["jpt_madya", "jpt_pratama", *TIER_SHARES], [n_madya, n_pratama, *counts])
    return rng.permutation(tiers).astype(object)


def _units_by_size(n: int, organisation: Organisation, rng: np.random.Generator) -> np.ndarray:
    size = organisation.unit_traits["size"].to_numpy()
    return rng.choice(len(size), n, p=size / size.sum())


def _placements(
    tier: np.ndarray, organisation: Organisation, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Unit by size (heads to their agency), family by the unit's mix, then a position."""
    o = organisation
    traits = o.unit_traits
    size = traits["size"].to_numpy() * np.where(traits["province"], 1.0, 0.9)
    unit = rng.choice(len(size), tier.size, p=size / size.sum())
    role = np.full(tier.size, -1)
    heads = np.flatnonzero(tier == "jpt_pratama")
    head_roles = np.flatnonzero((o.role_tier == "jpt_pratama") & (o.role_unit >= 0))
    role[heads] = rng.choice(head_roles, heads.size, replace=False)
    role[tier == "jpt_madya"] = np.flatnonzero(o.role_tier == "jpt_madya")[0]
    top = role >= 0
    unit[top] = o.role_unit[role[top]]
    rest = np.flatnonzero(~top)
    n_fam = o.unit_family_mix.shape[1]
    options = np.repeat(np.arange(len(size)), n_fam)
    family = grouped_choice(rng, unit[rest], options, o.unit_family_mix.ravel()) % n_fam
    tier_index = pd.Index(list(TIER_SHARES)).get_indexer(tier[rest])
    pickable = o.role_unit < 0
    role_group = o.role_family * len(TIER_SHARES) + pd.Index(list(TIER_SHARES)).get_indexer(
        o.role_tier
    )
    chosen = grouped_choice(
        rng, family * len(TIER_SHARES) + tier_index, role_group[pickable], o.role_share[pickable]
    )
    role[rest] = np.flatnonzero(pickable)[chosen]
    return role, unit


def _traits(
    facts: pd.DataFrame,
    unit_traits: pd.DataFrame,
    unit: np.ndarray,
    tier: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Hidden behavioural traits; a minority inflates its self-ratings a lot."""
    n = len(facts)
    conscientiousness = rng.normal(0.0, 1.0, n)
    inflated = rng.random(n) < 0.3
    overconfidence = np.where(inflated, rng.normal(0.85, 0.25, n), rng.normal(0.2, 0.15, n))
    graduate = facts["education"].isin(["s1", "s2", "s3"]).to_numpy()
    affinity_logit = (
        rng.normal(0.0, 1.3, n) - 0.06 * (facts["age"].to_numpy() - 40) + 0.4 * graduate
    )
    leader = np.isin(tier, STRUCTURAL)
    busy = unit_traits["busyness"].to_numpy()[unit]
    workload = 0.42 + busy + 0.18 * leader + rng.normal(0.0, 0.16, n)
    return pd.DataFrame(
        {
            "elearning_affinity": 1.0 / (1.0 + np.exp(-affinity_logit)),
            "overconfidence": overconfidence.clip(-0.2, 1.8),
            "workload": workload.clip(0.0, 1.0),
            "conscientiousness": conscientiousness,
            "interest": rng.lognormal(0.3 * conscientiousness, 0.4),
            "ability": rng.normal(0.0, 0.35, n),
        }
    )


def _initial_levels(
    required: np.ndarray,
    tenure: np.ndarray,
    facts: pd.DataFrame,
    traits: pd.DataFrame,
    rng: np.random.Generator,
) -> np.ndarray:
    """True levels around the required ones: experience and ability help, spread is wide."""
    graduate = facts["education"].isin(["s2", "s3"]).to_numpy()
    person = (
        -0.75
        + 0.8 * (1.0 - np.exp(-tenure / 7.0))
        + traits["ability"].to_numpy()
        + 0.1 * traits["conscientiousness"].to_numpy()
        + 0.1 * graduate
    )
    noise = rng.normal(0.0, 0.55, required.shape)
    levels = np.clip(required + person[:, None] + noise, 1.0, 5.0)
    return np.where(required > 0, levels, 0.0).astype("float32")
