"""`make score-all`: the precomputed rankings in the bundle (checksummed with the rest), and
answers read from them equal to live ones, through the API and with a live state."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.files import BundleError, promote, verify_bundle
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.live import live_codes
from model.precomputed import (
    CANDIDATES,
    CODES,
    PRECOMPUTED,
    RECOMMENDATIONS,
    precomputed_codes,
)
from pipeline.score_all import score_all
from service import create_app

SAMPLE = 60  # employees asked about in each mode (each answer is a request)
QUERIES = [{}, {"k": 3}, {"k": 100}, {"method": "e_learning", "k": 5}, {"max_cost": 1_500_000},
           {"max_cost": 0}]  # fmt: skip


@pytest.fixture(scope="module")
def scored(trained, tmp_path_factory):
    """A copy of the session's bundle, promoted in its own folder, with `score-all` run on it
    in process (tasks of 400 employees)."""
    artifacts = tmp_path_factory.mktemp("scored")
    shutil.copytree(trained.path, artifacts / trained.version)
    promote(artifacts, trained.version)
    about = score_all(artifacts, mode="in_process", task_employees=400)
    return artifacts, about


@pytest.fixture(scope="module")
def app_on(token_config):
    """`app_on(artifacts)`: the service over the serving bundle of `artifacts`."""

    def build(artifacts):
        return create_app(
            {"ARTIFACTS_DIR": str(artifacts), "TNA_API_TOKENS": token_config, "RELOAD_INTERVAL": 0}
        )

    return build


def test_the_datasets_are_in_the_manifest_and_verified(scored, trained):
    artifacts, about = scored
    path = artifacts / trained.version
    manifest = verify_bundle(path)
    listed = [name for name in manifest["files"] if name.startswith(f"{PRECOMPUTED}/")]
    assert any(n.startswith(RECOMMENDATIONS) for n in listed)
    assert any(n.startswith(CANDIDATES) for n in listed)
    assert manifest[PRECOMPUTED][RECOMMENDATIONS]["rows"] == about[RECOMMENDATIONS]["rows"] > 0
    recs = pd.read_parquet(path / RECOMMENDATIONS)
    employees = Engine(load_serving_bundle(path)).directory.employee_ids
    assert recs[col.EMPLOYEE_ID].nunique() > 0.9 * len(employees)
    assert (
        recs.groupby(col.EMPLOYEE_ID)["rank"].max()
        < recs.groupby(col.EMPLOYEE_ID)["eligible"].max()
    ).all()


def test_the_rankings_by_code_are_mapped_and_equal_the_datasets(scored, trained):
    """A worker reads `score-all`'s rankings as memory-mapped codes (its memory does not
    grow with the employees); they are the Parquet dataset's, which older bundles read."""
    path = scored[0] / trained.version
    files = verify_bundle(path)["files"]
    assert {f"{CODES}/{name}.npy" for name in ("start", "programs", "complete")} <= set(files)
    bundle = load_serving_bundle(path)
    mapped = bundle.precomputed
    assert mapped is not None and isinstance(mapped.programs, np.memmap)
    from_dataset = precomputed_codes([pd.read_parquet(path / RECOMMENDATIONS)], bundle.state)
    for name in ("start", "programs", "complete"):
        np.testing.assert_array_equal(getattr(mapped, name), getattr(from_dataset, name))


def test_an_altered_precomputed_file_is_refused(scored, trained, tmp_path):
    artifacts, _ = scored
    copy = tmp_path / trained.version
    shutil.copytree(artifacts / trained.version, copy)
    victim = next((copy / RECOMMENDATIONS).glob("*.parquet"))
    frame = pd.read_parquet(victim)
    frame.loc[0, "rank"] = 99
    frame.to_parquet(victim, index=False)
    with pytest.raises(BundleError, match="does not match its checksum"):
        load_serving_bundle(copy)


def test_score_all_twice_replaces_the_datasets(scored, trained):
    artifacts, about = scored
    again = score_all(artifacts, mode="in_process", task_employees=700)
    manifest = verify_bundle(artifacts / trained.version)
    parts = [n for n in manifest["files"] if n.startswith(RECOMMENDATIONS)]
    assert len(parts) == 2  # 1,200 employees in tasks of 700: the 3 files of 400 are gone
    assert again[RECOMMENDATIONS]["rows"] == about[RECOMMENDATIONS]["rows"]


def test_model_says_where_answers_come_from(scored, trained, app_on, auth):
    live = app_on(trained.path.parent).test_client().get("/v1/model", headers=auth())
    read = app_on(scored[0]).test_client().get("/v1/model", headers=auth())
    assert live.get_json()["answers"] == "live"
    assert read.get_json()["answers"] == "precomputed"


def test_the_api_answers_the_same_in_both_modes(scored, trained, app_on, auth):
    live = app_on(trained.path.parent).test_client()
    read = app_on(scored[0]).test_client()
    ids = Engine(load_serving_bundle(trained.path)).directory.employee_ids
    sample = np.random.default_rng(3).choice(len(ids), SAMPLE, replace=False)
    for employee in ids[np.sort(sample)]:
        for query in QUERIES:
            url = f"/v1/employees/{employee}/recommendations"
            a = live.get(url, query_string=query, headers=auth())
            b = read.get(url, query_string=query, headers=auth())
            assert a.status_code == b.status_code == 200
            assert json.loads(a.data) == json.loads(b.data), (employee, query)


def test_most_answers_are_read_and_equal_with_a_live_state(scored, trained):
    live_engine = Engine(load_serving_bundle(trained.path))
    read_engine = Engine(load_serving_bundle(scored[0] / trained.version))
    assert live_engine.precomputed is None and read_engine.precomputed is not None
    ids = live_engine.directory.employee_ids
    read_from_store = 0
    for employee in ids[:SAMPLE]:
        first = live_engine.recommend(employee, k=4)
        # the employee holds their two best courses live: both go, the next ones move up
        held = [(employee, item["program_id"]) for item in first[:2]]
        live = live_codes(
            live_engine.state,
            pd.DataFrame(held, columns=[col.EMPLOYEE_ID, col.PROGRAM_ID], dtype="str"),
            pd.DataFrame(columns=[col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS], dtype="str"),
            pd.Series({}, dtype="int64"),
        )
        assert live_engine.recommend(employee, k=4, live=live) == read_engine.recommend(
            employee, k=4, live=live
        )
        e = read_engine.directory.employee_code(employee)
        read_from_store += read_engine.precomputed.ranked(e) is not None
    assert read_from_store > 0.9 * SAMPLE
