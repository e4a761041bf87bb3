"""How close to the Bayes AUC can a completion-risk model get from what an HR export shows?

`python -m bench.risk_ceiling [--employees N] [--seeds 7 11]` (a few minutes; not part of
`make bench`). For each generated world it fits the risk model three times on the same
periods and reports the test-period AUC of each, next to the Bayes AUC of the true
probabilities:

    model               the features of `features.pairs`, as served
    + recoverable       plus each hidden trait blurred with noise down to the share of its
                        variance (R2) that the whole history can explain (an upper bound: the
                        R2 is measured with hindsight, on every outcome up to the snapshot,
                        and the blur's noise is independent of what the features know)
    + true traits       plus the hidden traits themselves (no HR export has them)

The 0.95 x Bayes target of issue 3 is out of reach when "+ recoverable" stays below it.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.model_selection import cross_val_predict

from features import columns as col
from features.demo import generate_world, write_world
from features.demo.world import DEFAULT_SEED
from features.gaps import employee_needs, gap_profiles
from features.history import outcomes_known_by
from features.loading import load_tables
from features.tables import Tables
from model.training.examples import build_examples
from model.training.metrics import roc_auc
from model.training.split import temporal_split
from model.training.truth import TRAITS_FILE, auc_given_traits, true_risks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[DEFAULT_SEED, 11])
    args = parser.parse_args()
    print(f"{'world':>12} {'model':>8} {'+recov.':>8} {'+traits':>8} {'Bayes':>8}  (x Bayes)")
    for seed in args.seeds:
        row = world_ceiling(args.employees, seed)
        bayes = row["bayes"]
        ratios = "  ".join(f"{row[k] / bayes:.3f}" for k in ("model", "recoverable", "traits"))
        print(
            f"{f'seed {seed}':>12} {row['model']:8.4f} {row['recoverable']:8.4f}"
            f" {row['traits']:8.4f} {bayes:8.4f}  ({ratios})"
        )
        print(f"{'':>12} recoverable R2 of each trait: {row['r2']}")


def world_ceiling(employees: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data, truth = Path(tmp) / "data", Path(tmp) / "truth"
        write_world(generate_world(employees, seed=seed), data, truth)
        tables = load_tables(data)
        as_of = pd.Timestamp(tables.snapshot_date())
        split = temporal_split(build_examples(tables, as_of), as_of)
        traits = pd.read_parquet(truth / TRAITS_FILE).set_index(col.EMPLOYEE_ID)
        traits = traits.select_dtypes("number")
        test = split.test.subset(split.test.enrolled)
        true_risk = true_risks(test, pd.read_parquet(truth / "enrollments.parquet"))
    r2 = recoverable_r2(tables, traits, as_of)
    rng = np.random.default_rng(seed)
    blurred = traits.copy()
    for name, share in r2.items():
        spread = np.sqrt(traits[name].var() * (1.0 / max(share, 1e-3) - 1.0))
        blurred[name] = traits[name] + rng.normal(0.0, spread, len(traits))
    return {
        "model": auc_given_traits(split, traits[[]].reset_index()),  # no trait: as served
        "recoverable": auc_given_traits(split, blurred.reset_index()),
        "traits": auc_given_traits(split, traits.reset_index()),
        "bayes": roc_auc(test.not_completed, true_risk),
        "r2": {k: round(float(v), 2) for k, v in r2.items()},
    }


def recoverable_r2(tables: Tables, traits: pd.DataFrame, as_of: pd.Timestamp) -> dict:
    """Cross-validated R2 of each trait from per-person observables at the snapshot."""
    X = _person_observables(tables, as_of).reindex(traits.index)
    model = lgb.LGBMRegressor(
        n_estimators=300, learning_rate=0.02, num_leaves=8, min_child_samples=50, verbose=-1
    )
    out = {}
    for name in traits.columns:
        y = traits[name].to_numpy()
        predicted = cross_val_predict(model, X, y, cv=5)
        out[name] = max(0.0, 1.0 - np.var(y - predicted) / np.var(y))
    return out


def _person_observables(tables: Tables, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per employee: outcomes, scores and share by method, demography, self-rating bias,
    SKP rating, and how the employee's unit and tier complete on average."""
    known = outcomes_known_by(tables.enrollments, tables.programs, as_of)
    known["gain"] = known[col.POST_SCORE] - known[col.PRE_SCORE]
    known["not_completed"] = known[col.STATUS].isin(col.NOT_COMPLETED).astype(float)
    parts = []
    for method in col.METHODS:
        rows = known[known[col.METHOD] == method]
        by = rows.groupby(col.EMPLOYEE_ID)
        part = by[["not_completed", col.REACTION_SCORE, "gain", col.BEHAVIOR_SCORE]].mean()
        part["n"] = by.size()
        for status in col.NOT_COMPLETED:
            part[status] = (rows[col.STATUS] == status).groupby(rows[col.EMPLOYEE_ID]).sum()
        parts.append(part.add_suffix(f"_{method}"))
    emp = tables.employees.set_index(col.EMPLOYEE_ID)
    X = pd.concat(parts, axis=1).reindex(emp.index)
    X["age"] = (as_of - emp[col.BIRTH_DATE]).dt.days / 365.25
    X["education"] = emp[col.EDUCATION].map({e: i for i, e in enumerate(col.EDUCATIONS)})
    needs = employee_needs(tables, as_of, gap_profiles(tables, as_of)).set_index(col.EMPLOYEE_ID)
    X["self_minus_others"] = needs[col.SELF_MINUS_OTHERS]
    X["skp"] = needs[col.LATEST_RATING].map({r: i for i, r in enumerate(col.RATINGS)})
    tier = emp[col.ROLE_ID].map(tables.job_roles.set_index(col.ROLE_ID)[col.TIER])
    group = emp[col.UNIT_ID] + "|" + tier
    rate = known.groupby(known[col.EMPLOYEE_ID].map(group))["not_completed"].mean()
    X["unit_tier_not_completed"] = group.map(rate)
    return X


if __name__ == "__main__":
    main()
