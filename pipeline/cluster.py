"""Where the partitioned steps run: an existing Dask cluster (`DASK_SCHEDULER_ADDRESS`), a
local cluster for large data, or this process.

Dask does the scheduling (`Client.map`, `Client.gather`); this module only chooses the client.
A task is a plain function of small arguments (a data folder, a partition name, a bundle path):
each worker reads its own partition from the shared filesystem, so no large table travels
through the scheduler.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

log = logging.getLogger(__name__)

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
LOCAL_CLUSTER_ENV = "DASK_LOCAL_CLUSTER_EMPLOYEES"
# Above this many employees the steps run on a LocalCluster of one worker process per core
# (measured, docs/national.md: below it a cluster's start and the transfer of the results
# cost more than the second core gains).
LOCAL_CLUSTER_EMPLOYEES = 200_000

T = TypeVar("T")


def where_it_runs(n_employees: int) -> str:
    """ "cluster" (`DASK_SCHEDULER_ADDRESS` set), "local_cluster" (more employees than
    `LOCAL_CLUSTER_EMPLOYEES`, or its environment override) or "in_process"."""
    if os.environ.get(SCHEDULER_ENV):
        return "cluster"
    threshold = int(os.environ.get(LOCAL_CLUSTER_ENV) or LOCAL_CLUSTER_EMPLOYEES)
    return "local_cluster" if n_employees > threshold else "in_process"


@contextmanager
def dask_client(n_employees: int, mode: str | None = None) -> Iterator[Any]:
    """A `distributed.Client` for the chosen place, or None for this process. `mode` forces
    one of `where_it_runs`'s answers (the benchmark compares them)."""
    mode = mode or where_it_runs(n_employees)
    if mode == "in_process":
        yield None
        return
    from distributed import Client, LocalCluster  # only where a cluster is used

    if mode == "cluster":
        with Client(os.environ[SCHEDULER_ENV]) as client:
            log.info(
                "Dask cluster %s, dashboard %s", client.scheduler.address, client.dashboard_link
            )
            yield client
        return
    workers = os.cpu_count() or 1
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        log.info("Dask local cluster of %d workers, dashboard %s", workers, client.dashboard_link)
        yield client


def partition_map(
    client: Any, func: Callable[..., T], items: Sequence[Any], **broadcast: Any
) -> list[T]:
    """`[func(item, **broadcast) for item in items]`, on the cluster when `client` is given
    (results in the order of `items`; an exception in a task is raised here)."""
    if client is None:
        return [func(item, **broadcast) for item in items]
    # a frame (the store's rows) is sent to each worker once, not once per task
    shared = {
        name: client.scatter(value, broadcast=True) if hasattr(value, "columns") else value
        for name, value in broadcast.items()
    }
    futures = client.map(func, list(items), pure=False, **shared)
    return client.gather(futures)
