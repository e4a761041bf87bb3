"""The partitioned steps on a real Dask cluster (`dask scheduler` and two `dask worker`
processes started with the command-line tools) give what they give in process."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.cluster import SCHEDULER_ENV, where_it_runs
from pipeline.examples import partitioned_examples
from pipeline.partitions import partition_groups
from pipeline.score_all import scored_rankings

# Enrolments with an outcome by then: the first months of the history only, so that the
# examples (a point-in-time state per month and group) take seconds, not minutes.
UNTIL = pd.Timestamp("2023-10-31")
TASK = 100  # employees per group: the 240 of the national world make three tasks


def test_where_it_runs(monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert where_it_runs(1_000) == "in_process"
    assert where_it_runs(10_000_000) == "local_cluster"
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:1")
    assert where_it_runs(1_000) == "cluster"


@pytest.mark.slow
def test_examples_by_partition_on_the_cluster_equal_in_process(
    national_dir, dask_scheduler, monkeypatch
):
    assert len(partition_groups(national_dir, TASK)) >= 2
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    here = partitioned_examples(national_dir, UNTIL, seed=3, task_employees=TASK)
    monkeypatch.setenv(SCHEDULER_ENV, dask_scheduler)
    there = partitioned_examples(national_dir, UNTIL, seed=3, task_employees=TASK)
    assert len(here.query) > 0
    pd.testing.assert_frame_equal(here.features, there.features, check_exact=False, rtol=1e-12)
    for name in ("query", "relevance", "employee_id", "program_id", "decided_at"):
        assert np.array_equal(getattr(here, name), getattr(there, name)), name
    assert np.allclose(here.not_completed, there.not_completed, equal_nan=True)


@pytest.mark.slow
def test_score_all_on_the_cluster_equals_in_process(trained, dask_scheduler, monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    recs_here, cands_here = scored_rankings(trained.path, task_employees=500)
    monkeypatch.setenv(SCHEDULER_ENV, dask_scheduler)
    recs_there, cands_there = scored_rankings(trained.path, task_employees=500)
    assert len(recs_here) == len(recs_there) == 3
    for a, b in zip(recs_here, recs_there, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(cands_here, cands_there, check_exact=False, rtol=1e-12)


def test_make_train_builds_by_partition_only_when_partitioned(
    national_dir, tiny_world_dirs, monkeypatch
):
    from features.loading import load_tables
    from pipeline.examples import examples_builder

    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert examples_builder(tiny_world_dirs[0]) is None  # one export: the path of old
    build = examples_builder(national_dir)
    built = build(load_tables(national_dir), UNTIL, 3)
    expected = partitioned_examples(national_dir, UNTIL, seed=3)
    pd.testing.assert_frame_equal(built.features, expected.features)
