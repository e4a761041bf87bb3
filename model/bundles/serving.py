"""What a bundle holds for serving, and how it is described in its manifest.

`model.bundles.files` writes and verifies the files; this module says which files a serving
bundle has (the three models' boosters, the calibrator, the serving snapshot of the data) and
assembles them into a `ServingBundle`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from features import columns as col
from features.next_position import next_position_profiles
from features.pairs import FEATURE_NAMES
from features.positions import tiers_on
from features.state import PointInTime, point_in_time
from features.tables import Tables
from model.bundles.files import BundleError, current_version, read_bundle
from model.estimators.predictor import Predictor
from model.precomputed import PRECOMPUTED, RECOMMENDATIONS, Precomputed, read_precomputed
from model.program_evaluation import ProgramEvaluations, evaluate_programs

SNAPSHOT_OBJECT = "serving_snapshot"
SNAPSHOT_PARTS = (
    "state",
    "profiles",
    "needs",
    "programs",
    "competencies",
    "units",
    "enrollments",
)
LIBRARIES = ("lightgbm", "scikit-learn", "numpy", "pandas", "joblib", "pyarrow")
# Optional part (bundles written before program evaluation lack it): what past courses did.
EVALUATIONS_PART = "program_evaluations"
# Optional parts (older bundles lack them): what planners read beside an id. `people` holds
# each employee's name when the export has one (shown to planners only, never a feature),
# birth date and gender (the fairness floor's groups only, never a feature);
# `roles` the position titles.
PEOPLE_PART, ROLES_PART = "people", "roles"
# Optional parts (older bundles lack them; docs/rules.md): the sanctions recorded, and the
# next-position gap profiles of the talent pool at the snapshot. `people` holds the grade.
SANCTIONS_PART, NEXT_PROFILES_PART = "sanctions", "next_profiles"
# The efficacy model's booster and manifest entries keep the name they had when it was called
# the gain model: existing bundles load unchanged, and /v1/model shows the same parameters.
EFFICACY_BOOSTER = "gain"


@dataclass(frozen=True)
class ServingBundle:
    """A verified bundle, ready to answer requests."""

    version: str
    manifest: dict[str, Any]
    predictor: Predictor
    state: PointInTime
    profiles: pd.DataFrame
    needs: pd.DataFrame
    programs: pd.DataFrame
    competencies: pd.DataFrame
    units: pd.DataFrame
    enrollments: pd.DataFrame
    evaluations: ProgramEvaluations | None = None  # None: a bundle from before they existed
    people: pd.DataFrame | None = None
    roles: pd.DataFrame | None = None
    sanctions: pd.DataFrame | None = None
    next_profiles: pd.DataFrame | None = None
    precomputed: Precomputed | None = None  # `make score-all` ran on this bundle


def serving_snapshot(tables: Tables, as_of: pd.Timestamp) -> dict[str, Any]:
    """What the service needs of the data, as known at the snapshot: kept in the bundle."""
    state = point_in_time(tables, as_of)
    state = dataclasses.replace(state, profiles=_compact_profiles(state.profiles))
    return {
        "state": state,
        "profiles": state.profiles,
        "needs": state.needs,
        "programs": tables.programs,
        "competencies": tables.competencies,
        "units": tables.units,
        "enrollments": _enrollments_then(tables, as_of),
        EVALUATIONS_PART: evaluate_programs(tables, as_of),
        PEOPLE_PART: _people(tables),
        ROLES_PART: tables.job_roles[[col.ROLE_ID, col.TITLE, col.TIER]].reset_index(drop=True),
        SANCTIONS_PART: tables.sanctions.reset_index(drop=True),
        NEXT_PROFILES_PART: next_position_profiles(tables, as_of),
    }


ENROLMENT_CATEGORIES = [col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS, col.TIER]


def _compact_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    """The gap profiles with their employee and competency ids as categories: one code per row
    (an array, mapped with the rest of the snapshot: `model.bundles.files`) instead of one
    string per row, which a serving worker would hold in memory (`model.directory` gives the
    rows it reads their ids back as text)."""
    ids = [col.EMPLOYEE_ID, col.COMPETENCY_ID]
    return profiles.astype(dict.fromkeys(ids, "category"))


def _people(tables: Tables) -> pd.DataFrame:
    """Employee ids with their names, birth dates and genders where the export gives them
    (else no such column). Birth date and gender serve the fairness floor and its report only;
    the grade, the sessions' minimum rank (`model.eligibility`)."""
    optional = (col.NAME, col.BIRTH_DATE, col.GENDER, col.GRADE)
    keep = [col.EMPLOYEE_ID] + [c for c in optional if c in tables.employees]
    return tables.employees[keep].reset_index(drop=True)


def _enrollments_then(tables: Tables, as_of: pd.Timestamp) -> pd.DataFrame:
    """The enrolments recorded by the snapshot, each with the tier its employee held when
    enrolling (who a course is for is learned from it: `features.audience`)."""
    enr = tables.enrollments
    enr = enr.loc[
        enr[col.ENROLLED_AT] <= as_of,
        [col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS, col.ENROLLED_AT],
    ].reset_index(drop=True)
    tier = tiers_on(tables, enr[col.EMPLOYEE_ID].to_numpy(), enr[col.ENROLLED_AT])
    enr = enr.assign(**{col.TIER: tier.to_numpy()})
    # categories, like the profiles' ids (`_compact_profiles`): codes mapped, not strings held
    return enr.astype(dict.fromkeys(ENROLMENT_CATEGORIES, "category"))


def bundle_boosters(predictor: Predictor) -> dict[str, lgb.Booster]:
    """The boosters a serving bundle holds, by file name (`load_serving_bundle` reads them)."""
    boosters = {"ranker": predictor.ranker, "risk": predictor.risk}
    if predictor.efficacy is not None:
        boosters[EFFICACY_BOOSTER] = predictor.efficacy
    return boosters


def load_serving_bundle(path: str | Path) -> ServingBundle:
    """Read and verify a bundle (checksums, format, feature list) and assemble it."""
    raw = read_bundle(path, FEATURE_NAMES)
    try:
        params = raw.manifest["parameters"]
        snapshot = raw.objects[SNAPSHOT_OBJECT]
        predictor = Predictor(
            ranker=raw.boosters["ranker"],
            ranker_iteration=int(params["ranker_iteration"]),
            risk=raw.boosters["risk"],
            risk_iteration=int(params["risk_iteration"]),
            calibrator=raw.objects["calibrator"],
            blend=float(params["blend"]),
            efficacy=raw.boosters.get(EFFICACY_BOOSTER),
            efficacy_iteration=int(params.get("gain_iteration", 0)),
        )
        bundle = serving_bundle(raw.version, raw.manifest, predictor, snapshot)
    except KeyError as exc:
        raise BundleError(f"{path}: incomplete bundle, {exc} is missing") from exc
    if RECOMMENDATIONS not in raw.manifest.get(PRECOMPUTED, {}):
        return bundle
    # its files' checksums were verified with the rest by read_bundle
    return dataclasses.replace(bundle, precomputed=read_precomputed(raw.path, bundle.state))


def serving_bundle(
    version: str, manifest: dict[str, Any], predictor: Predictor, snapshot: dict[str, Any]
) -> ServingBundle:
    """A bundle from its parts (`serving_snapshot`'s dict); KeyError if a part is missing."""
    parts = {name: snapshot[name] for name in SNAPSHOT_PARTS}
    optional: dict[str, Any] = {
        "evaluations": snapshot.get(EVALUATIONS_PART),
        "people": snapshot.get(PEOPLE_PART),
        "roles": snapshot.get(ROLES_PART),
        "sanctions": snapshot.get(SANCTIONS_PART),
        "next_profiles": snapshot.get(NEXT_PROFILES_PART),
    }
    return ServingBundle(
        version=version, manifest=manifest, predictor=predictor, **optional, **parts
    )


def current_predictor(artifacts_dir: str | Path) -> Predictor | None:
    """The serving bundle's predictor, or None when there is none or it cannot be used (other
    features than this code computes included)."""
    version = current_version(artifacts_dir)
    if version is None:
        return None
    try:
        return load_serving_bundle(Path(artifacts_dir) / version).predictor
    except BundleError:
        return None


def bundle_manifest(
    tables: Tables, as_of: pd.Timestamp, metrics: dict, predictor: Predictor, seed: int
) -> dict[str, Any]:
    """Everything needed to know what a bundle is and to reproduce it (STYLE.md section 5)."""
    return {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "feature_names": FEATURE_NAMES,
        "data": {
            "fingerprint": data_fingerprint(tables),
            "rows": {name: len(frame) for name, frame in tables.as_dict().items()},
            "snapshot_date": str(as_of.date()),
        },
        "parameters": {
            "ranker_iteration": predictor.ranker_iteration,
            "risk_iteration": predictor.risk_iteration,
            "gain_iteration": predictor.efficacy_iteration,  # the efficacy model's
            "gain_model": predictor.efficacy is not None,
            "blend": predictor.blend,
            "calibration": type(predictor.calibrator).__name__,
            "random_state": seed,
        },
        "metrics": json_safe(metrics),
        "libraries": {
            "python": platform.python_version(),
            **{name: package_version(name) for name in LIBRARIES},
        },
    }


def json_safe(value: Any) -> Any:
    """NaN and infinities as None (null): JSON has no NaN, and strict clients reject it."""
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def data_fingerprint(tables: Tables) -> str:
    """sha256 over the row hashes of every table: the same data gives the same fingerprint."""
    digest = hashlib.sha256()
    for name, frame in sorted(tables.as_dict().items()):
        digest.update(name.encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
