"""One plan per agency, each under the agency's own budget over its own sessions, run as
Dask tasks; the national total is their sum (docs/national.md).

Agencies plan apart: each plan seats only the agency's employees (`PlanRequest.unit_ids`, the
agency's root unit) in the agency's sessions (`program_ids`), so no two plans compete for a
seat and the sum of the plans is a plan of the country with the sum of their proven bounds.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.planning.inputs import PlanRequest
from model.planning.plan import MAX_TIME_LIMIT_S, make_plan
from pipeline.cluster import dask_client, partition_map
from pipeline.score_all import bundle_engine

SUMMARY = ("status", "objective", "bound", "gap", "budget_used", "employees_reaching_jp_target")
# An agency's plan may take time in proportion to its employees, one time for every agency
# left the large ones far from proven (docs/national.md). The plan of the 65,000-employee
# Jakarta world (2026-12-07) stopped 16.7 % from proven after 30 s, 5.3 % after 120 s and
# 5.2 % after 300 s: past two minutes its LP bound, not the time, holds the gap. At least
# MIN_PLAN_SECONDS (a small agency's plan stops as soon as it is proven), at most the API's
# limit.
SECONDS_PER_EMPLOYEE = 120.0 / 65_000
MIN_PLAN_SECONDS = 10.0


def plan_seconds(employees: int) -> float:
    """The time limit of the plan of an agency of `employees`."""
    return float(np.clip(employees * SECONDS_PER_EMPLOYEE, MIN_PLAN_SECONDS, MAX_TIME_LIMIT_S))


@dataclass(frozen=True)
class AgencyBudget:
    unit_id: str  # the agency's root unit
    budget: float
    program_ids: tuple[str, ...]  # the agency's sessions


def agency_plan(
    agency: AgencyBudget,
    bundle_path: str,
    period_start: pd.Timestamp,
    period_end: pd.Timestamp,
    time_limit_s: float | None = None,
) -> dict[str, Any]:
    """One task: the agency's plan, summarised (the participants stay out of the result);
    its time limit `time_limit_s`, else by the agency's size (`plan_seconds`)."""
    started = time.perf_counter()
    engine = bundle_engine(bundle_path)
    employees = len(engine.directory.unit_members([agency.unit_id]))
    limit = plan_seconds(employees) if time_limit_s is None else time_limit_s
    request = PlanRequest(
        period_start, period_end, agency.budget, program_ids=list(agency.program_ids),
        unit_ids=[agency.unit_id],
    )  # fmt: skip
    plan = make_plan(engine, request, time_limit_s=limit)
    seats = sum(len(p["participants"]) for p in plan.get("programs", []))
    return {
        "unit_id": agency.unit_id,
        **{k: plan.get(k) for k in SUMMARY},
        "employees": employees,
        "time_limit_s": limit,
        "seats": seats,
        "seconds": time.perf_counter() - started,
    }


def agency_plans(
    bundle_path: str | Path,
    agencies: Sequence[AgencyBudget],
    period: tuple[pd.Timestamp, pd.Timestamp],
    time_limit_s: float | None = None,
    mode: str | None = None,
    n_employees: int = 0,
) -> dict[str, Any]:
    """Every agency's plan (`agency_plan`; each its `time_limit_s`, else by its size), and the
    national total with its proven gap."""
    with dask_client(n_employees, mode) as client:
        plans = partition_map(
            client, agency_plan, agencies, bundle_path=str(bundle_path),
            period_start=period[0], period_end=period[1], time_limit_s=time_limit_s,
        )  # fmt: skip
    return {"agencies": plans, "national": national_total(plans)}


def national_total(plans: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Sums over the agencies' plans; the gap of the sum against the sum of the bounds."""
    objective = sum(float(p["objective"] or 0.0) for p in plans)
    bound = sum(float(p["bound"] or 0.0) for p in plans)
    return {
        "plans": len(plans),
        "objective": objective,
        "bound": bound,
        "gap": (bound - objective) / bound if bound > 0 else 0.0,
        "budget_used": sum(float(p["budget_used"] or 0.0) for p in plans),
        "seats": sum(int(p["seats"]) for p in plans),
    }
