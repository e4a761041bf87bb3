"""A national world: many agencies, each a generated world of its own, written agency by agency
as Parquet datasets partitioned by agency (`<table>/agency=A001/part-0.parquet`).

Every agency (a ministry, a province, a regency or a city) is `generate_world` with its own
seed and size, sharing one organisation (competencies, positions and their standards): the
national competency dictionary. Its unit ids and program ids are prefixed with the agency's
code and its units hang under one root unit, the agency; its employees' NIPs are renumbered so
that they stay unique across the country (`renumbered_nips`). Only one agency is held in
memory at a time, so the peak does not grow with the number of agencies.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.assembly import in_contract_order
from features.demo.world import DEFAULT_SEED, DEFAULT_SNAPSHOT, World, generate_world
from features.demo.writing import _sibling, _swap_in, write_parquet

MIN_AGENCY = 50  # generate_world's smallest world
MAX_AGENCY = 65_000  # the Jakarta province: the largest world one agency generates at once
PARTITION = "agency"
SHARED = (col.COMPETENCIES, col.JOB_ROLES, col.ROLE_REQUIREMENTS)  # one national copy
# Share of the agencies of each kind, largest first (about 600 nationally: some 80 central
# agencies, 38 provinces, 416 regencies, 98 cities).
KINDS = (("kementerian", 0.13), ("provinsi", 0.06), ("kabupaten", 0.65), ("kota", 0.16))
SIZE_EXPONENT = 1.0  # Zipf: a few very large ministries, many small regencies
NIP_STEM = 15  # birth yyyymmdd + appointment yyyymm + gender digit; then a 3-digit serial
# The national providers whose sessions every ASN may join (`programs.open_to_agency` empty):
# those the first agency runs. Every other session is open to its own agency only, so the
# open sessions stay a fixed few however many agencies there are (docs/national.md).
NATIONAL_PROVIDERS = ("Lembaga Administrasi Negara",)  # LAN


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: str
    employees: int


def agencies(n_employees: int, n_agencies: int) -> list[Agency]:
    """`n_agencies` agencies sharing `n_employees`, sizes by rank (Zipf), each at least
    `MIN_AGENCY` and at most `MAX_AGENCY`; the largest (ministries) first."""
    if n_agencies < 1 or n_employees < MIN_AGENCY * n_agencies:
        raise ValueError(
            f"{n_agencies} agencies need at least {MIN_AGENCY * n_agencies} employees,"
            f" got {n_employees}"
        )
    if n_employees > MAX_AGENCY * n_agencies:
        raise ValueError(f"{n_agencies} agencies hold at most {MAX_AGENCY * n_agencies}")
    sizes = _sizes(n_employees, n_agencies)
    kinds = np.repeat([k for k, _ in KINDS], _counts(n_agencies, np.array([s for _, s in KINDS])))
    return [
        Agency(f"A{i + 1:03d}", f"{kinds[i].capitalize()} {i + 1}", str(kinds[i]), int(sizes[i]))
        for i in range(n_agencies)
    ]


def _sizes(total: int, n: int) -> np.ndarray:
    """Zipf sizes clipped to [MIN_AGENCY, MAX_AGENCY], summing to `total` exactly."""
    weights = 1.0 / np.arange(1, n + 1) ** SIZE_EXPONENT
    sizes = np.full(n, MIN_AGENCY, dtype=np.int64)
    for _ in range(50):  # a few rounds hand what a capped agency cannot take to the others
        left = total - sizes.sum()
        room = sizes < MAX_AGENCY
        if left <= 0 or not room.any():
            break
        share = np.where(room, weights, 0.0)
        sizes += np.minimum(_counts(left, share), MAX_AGENCY - sizes)
    return sizes


def _counts(total: int, weights: np.ndarray) -> np.ndarray:
    """`total` split by `weights` into integers summing to it (largest remainders)."""
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(counts - exact, kind="stable")[: total - counts.sum()]] += 1
    return counts


def national_worlds(
    n_employees: int,
    n_agencies: int,
    seed: int = DEFAULT_SEED,
    snapshot: date | None = None,
    **options: Any,
) -> Iterator[tuple[Agency, World]]:
    """Each agency with its world, ids already national (prefixed codes, unique NIPs)."""
    serials: dict[str, int] = {}
    for i, agency in enumerate(agencies(n_employees, n_agencies)):
        agency_seed = int(np.random.SeedSequence([seed, i]).generate_state(1)[0])
        world = generate_world(
            agency.employees,
            agency_seed,
            snapshot or DEFAULT_SNAPSHOT,
            organisation_seed=seed,
            **options,
        )
        yield agency, national_ids(world, agency, serials, hosts_national=i == 0)


def national_ids(
    world: World, agency: Agency, serials: dict[str, int], hosts_national: bool = False
) -> World:
    """`world` with the agency's unit tree and prefixed ids, NIPs unique nationally
    (`serials`: the last serial handed out per NIP stem, updated), and its sessions open to
    its own employees only, but for those of `NATIONAL_PROVIDERS` when it `hosts_national`."""
    nips = renumbered_nips(world.tables[col.EMPLOYEES][col.EMPLOYEE_ID], serials)
    tables = {name: _renamed(frame, agency.code, nips) for name, frame in world.tables.items()}
    tables[col.UNITS] = _under_root(tables[col.UNITS], agency)
    tables[col.PROGRAMS] = _open_to(tables[col.PROGRAMS], agency, hosts_national)
    truth = {name: _renamed(frame, agency.code, nips) for name, frame in world.truth.items()}
    meta = {**world.meta, PARTITION: agency.code}
    return World(tables=tables, truth=truth, snapshot_date=world.snapshot_date, meta=meta)


def renumbered_nips(ids: pd.Series, serials: dict[str, int]) -> dict[str, str]:
    """Old NIP -> a NIP whose serial continues after those already handed out for its stem
    (birth date, appointment month, gender): NIPs stay unique across agencies."""
    ids = pd.Series(np.sort(ids.to_numpy(dtype=str)))
    stems = ids.str[:NIP_STEM]
    offset = stems.map(serials).fillna(0).astype(np.int64)
    serial = offset + stems.groupby(stems).cumcount().to_numpy() + 1
    if (serial > 999).any():
        raise ValueError("more than 999 employees nationally share a NIP stem")
    serials.update(pd.Series(serial.to_numpy()).groupby(stems.to_numpy()).max().to_dict())
    return dict(zip(ids, stems + serial.map("{:03d}".format), strict=True))


def _renamed(frame: pd.DataFrame, code: str, nips: dict[str, str]) -> pd.DataFrame:
    """Employee ids renumbered; unit and program ids prefixed with the agency's code."""
    out = frame.copy()
    if col.EMPLOYEE_ID in out:
        out[col.EMPLOYEE_ID] = out[col.EMPLOYEE_ID].map(nips)
    for column in (col.UNIT_ID, col.PARENT_UNIT_ID, col.PROGRAM_ID):
        if column in out:
            out[column] = (code + "-" + out[column].astype("str")).where(out[column].notna())
    return out


def _open_to(programs: pd.DataFrame, agency: Agency, hosts_national: bool) -> pd.DataFrame:
    """`programs` with `open_to_agency`: the agency's code (its root unit), or empty (open to
    all) for a national provider's session run by the host agency."""
    national = programs[col.PROVIDER].isin(NATIONAL_PROVIDERS).to_numpy() & hosts_national
    agency_code = pd.Series(agency.code, index=programs.index, dtype="str")
    opened = programs.assign(**{col.OPEN_TO_AGENCY: agency_code.where(~national)})
    return in_contract_order(opened, col.PROGRAMS)


def _under_root(units: pd.DataFrame, agency: Agency) -> pd.DataFrame:
    """The agency's units with the agency itself as their one root."""
    units = units.assign(
        **{col.PARENT_UNIT_ID: units[col.PARENT_UNIT_ID].fillna(agency.code).astype("str")}
    )
    root = pd.DataFrame(
        {col.UNIT_ID: [agency.code], col.NAME: [agency.name], col.REGION: [None],
         col.PARENT_UNIT_ID: [None]}
    )  # fmt: skip
    return pd.concat([root.astype(units.dtypes.to_dict()), units], ignore_index=True)


def write_national(
    data_dir: str | Path,
    truth_dir: str | Path,
    n_employees: int,
    n_agencies: int,
    seed: int = DEFAULT_SEED,
    **options: Any,
) -> list[Agency]:
    """Generate and write a national world agency by agency; returns the agencies.

    Tables: `<table>/agency=<code>/part-0.parquet`, the shared ones (`SHARED`) once as
    `<table>.parquet`, and `agencies.csv` (an extra file the loader ignores). Both folders are
    built beside their targets and renamed into place at the end."""
    targets = [Path(data_dir), Path(truth_dir)]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = [_sibling(target, "new") for target in targets]
    written: list[Agency] = []
    try:
        meta: dict = {}
        for agency, world in national_worlds(n_employees, n_agencies, seed, **options):
            _write_agency(staging[0], world.tables, agency.code, shared=not written)
            _write_agency(staging[1], world.truth, agency.code, shared=False)
            written.append(agency)
            meta = world.meta
        frame = pd.DataFrame([a.__dict__ for a in written])
        frame.to_csv(staging[0] / "agencies.csv", index=False, lineterminator="\n")
        meta = {**meta, "n_employees": n_employees, "n_agencies": n_agencies, "seed": seed}
        meta.pop(PARTITION, None)
        (staging[1] / "world.json").write_text(json.dumps(meta, indent=2) + "\n")
        for folder, target in zip(staging, targets, strict=True):
            _swap_in(folder, target)
    except BaseException:
        for folder in staging:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return written


def _write_agency(folder: Path, frames: dict[str, pd.DataFrame], code: str, shared: bool) -> None:
    for name, frame in frames.items():
        if name in SHARED:
            if shared:
                write_parquet(frame, folder / f"{name}.parquet")
            continue
        part = folder / name / f"{PARTITION}={code}"
        part.mkdir(parents=True, exist_ok=True)
        write_parquet(frame, part / "part-0.parquet")
