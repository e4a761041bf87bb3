"""Training examples built partition by partition: each agency's point-in-time state (gap
profiles, history features) and pairs from its own tables plus the shared ones, by the same
`build_examples` as a single export; the fit stays on one node (docs/national.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from features.loading import load_tables
from features.tables import Tables
from model.training.errors import TrainingDataError
from model.training.examples import Examples, build_examples, concat_examples
from model.training.store_rows import with_store_rows
from pipeline.cluster import dask_client, partition_map
from pipeline.partitions import (
    TASK_EMPLOYEES,
    Group,
    group_seed,
    partition_groups,
    partition_sizes,
    partitions,
)
from pipeline.sample import sample_share, sampled_employees

log = logging.getLogger(__name__)

ExamplesBuilder = Callable[[Tables, pd.Timestamp, int], Examples]


def group_examples(
    group: Group,
    data_dir: str,
    until: pd.Timestamp,
    seed: int,
    store_rows: pd.DataFrame | None = None,
    share: float = 1.0,
) -> Examples | None:
    """One group of partitions' examples (None when it has no enrolment with an outcome);
    with `share` < 1, only those of a sample of its employees (`pipeline.sample`)."""
    tables, _ = with_store_rows(load_tables(data_dir, partitions=group), store_rows)
    try:
        examples = build_examples(tables, until, seed=group_seed(seed, group))
    except TrainingDataError:
        return None
    if share >= 1.0:
        return examples
    kept = sampled_employees(tables.employees, share, group_seed(seed + 1, group))
    return examples.subset(np.isin(examples.employee_id.astype(str), kept))


def partitioned_examples(
    data_dir: str | Path,
    until: pd.Timestamp,
    seed: int = 0,
    store_rows: pd.DataFrame | None = None,
    n_employees: int = 0,
    mode: str | None = None,
    task_employees: int = TASK_EMPLOYEES,
) -> Examples:
    """Every group of partitions' examples, in partition order, as one set (queries
    renumbered). The groups, and so the examples, do not depend on where they run."""
    groups = partition_groups(data_dir, task_employees)
    share = sample_share(sum(partition_sizes(data_dir).values()))
    if share < 1.0:
        log.info("learning from a sample of %.1f %% of the employees, by unit", 100 * share)
    with dask_client(n_employees, mode) as client:
        parts = partition_map(
            client, group_examples, groups, data_dir=str(data_dir), until=until, seed=seed,
            store_rows=store_rows, share=share,
        )  # fmt: skip
    return concat_examples([p for p in parts if p is not None])


def examples_builder(
    data_dir: str | Path, store_rows: pd.DataFrame | None = None
) -> ExamplesBuilder | None:
    """For `model.training.train`: build examples by partition when `data_dir` is
    partitioned, else None (the single-export path, unchanged)."""
    if not partitions(data_dir):
        return None

    def build(tables: Tables, until: pd.Timestamp, seed: int) -> Examples:
        n = len(tables.employees)
        return partitioned_examples(data_dir, until, seed, store_rows, n_employees=n)

    return build
