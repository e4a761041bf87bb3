"""Writing a world: one file per table, written into a temporary folder and then renamed."""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from features.demo.world import World

Format = Literal["csv", "parquet"]
FORMATS = ("csv", "parquet")


def write_world(
    world: World, data_dir: str | Path, truth_dir: str | Path, fmt: Format = "csv"
) -> dict[str, Path]:
    """Write the tables to `data_dir` (as `fmt`) and the truth to `truth_dir` (Parquet).

    Each folder is built next to its target and renamed into place, replacing any previous
    world, so a half-written world never exists. Returns every file written by name.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    written = _write_folder(Path(data_dir), world.tables, fmt)
    truth = _write_folder(Path(truth_dir), world.truth, "parquet", meta=world.meta)
    return written | {f"truth/{name}": path for name, path in truth.items()}


def _write_folder(
    target: Path, frames: dict[str, pd.DataFrame], fmt: Format, meta: dict | None = None
) -> dict[str, Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _sibling(target, "new")
    try:
        for name, frame in frames.items():
            _write_frame(frame, staging / f"{name}.{fmt}", fmt)
        if meta is not None:
            (staging / "world.json").write_text(json.dumps(meta, indent=2) + "\n")
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {name: target / f"{name}.{fmt}" for name in frames}


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with renames only (a directory cannot be overwritten)."""
    if not target.exists():
        staging.rename(target)
        return
    retired = _sibling(target, "old")
    retired.rmdir()
    target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _sibling(target: Path, label: str) -> Path:
    """A fresh hidden folder next to `target` (same filesystem, so renames are atomic)."""
    while True:
        path = target.parent / f".{target.name}.{label}-{secrets.token_hex(4)}"
        try:
            path.mkdir()  # unlike mkdtemp, honours the umask (readable like any output)
        except FileExistsError:
            continue
        return path


def _write_frame(frame: pd.DataFrame, path: Path, fmt: Format) -> None:
    if fmt == "csv":
        frame.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")
        return
    table = pa.Table.from_pandas(frame, preserve_index=False)
    dates = [i for i, f in enumerate(table.schema) if pa.types.is_timestamp(f.type)]
    for i in dates:  # a date column is a calendar date, not an instant
        table = table.set_column(i, table.schema[i].name, table.column(i).cast(pa.date32()))
    pq.write_table(table, path)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """One frame as a Parquet file, dates as calendar dates (a national world's partitions)."""
    _write_frame(frame, path, "parquet")
