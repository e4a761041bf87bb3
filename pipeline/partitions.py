"""The partitions of a data folder: the `agency=<code>` directories of its `employees` table
(`features.demo.national` writes them; any export partitioned the same way works), and their
grouping into tasks of similar size."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from features import columns as col

# A task holds whole agencies up to about this many employees: a point-in-time state costs a
# fixed second or so per month of history whatever its size, so the hundreds of small
# regencies are grouped rather than run one by one (docs/national.md).
TASK_EMPLOYEES = 20_000

Group = tuple[str, ...]


def partitions(data_dir: str | Path) -> list[str]:
    """The partition directory names (`agency=A001`, ...) of the employees table, sorted; empty
    when the table is a single file (a Jakarta-size export: nothing to partition)."""
    folder = Path(data_dir) / col.EMPLOYEES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and "=" in p.name)


def partition_sizes(data_dir: str | Path) -> dict[str, int]:
    """Employees per partition, from the Parquet footers (no row is read)."""
    folder = Path(data_dir) / col.EMPLOYEES
    return {
        name: sum(pq.ParquetFile(f).metadata.num_rows for f in (folder / name).rglob("*.parquet"))
        for name in partitions(data_dir)
    }


def partition_groups(data_dir: str | Path, task_employees: int = TASK_EMPLOYEES) -> list[Group]:
    """The partitions in order, cut into consecutive groups of about `task_employees` (an
    agency larger than that is a group of its own)."""
    groups: list[Group] = []
    current: list[str] = []
    size = 0
    for name, n in partition_sizes(data_dir).items():
        if current and size + n > task_employees:
            groups.append(tuple(current))
            current, size = [], 0
        current.append(name)
        size += n
    if current:
        groups.append(tuple(current))
    return groups


def group_seed(seed: int, group: Group) -> int:
    """A group's own random seed: the same wherever and in whatever order it runs."""
    key = zlib.crc32(",".join(group).encode())
    return int(np.random.SeedSequence([seed, key]).generate_state(1)[0])
