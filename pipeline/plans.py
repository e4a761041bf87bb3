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

import pandas as pd

from model.planning.inputs import PlanRequest
from model.planning.plan import make_plan
from pipeline.cluster import dask_client, partition_map
from pipeline.score_all import bundle_engine

SUMMARY = ("status", "objective", "bound", "gap", "budget_used", "employees_reaching_jp_target")


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
    time_limit_s: float,
) -> dict[str, Any]:
    """One task: the agency's plan, summarised (the participants stay out of the result)."""
    started = time.perf_counter()
    request = PlanRequest(
        period_start, period_end, agency.budget, program_ids=list(agency.program_ids),
        unit_ids=[agency.unit_id],
    )  # fmt: skip
    plan = make_plan(bundle_engine(bundle_path), request, time_limit_s=time_limit_s)
    seats = sum(len(p["participants"]) for p in plan.get("programs", []))
    return {
        "unit_id": agency.unit_id,
        **{k: plan.get(k) for k in SUMMARY},
        "seats": seats,
        "seconds": time.perf_counter() - started,
    }


def agency_plans(
    bundle_path: str | Path,
    agencies: Sequence[AgencyBudget],
    period: tuple[pd.Timestamp, pd.Timestamp],
    time_limit_s: float = 60.0,
    mode: str | None = None,
    n_employees: int = 0,
) -> dict[str, Any]:
    """Every agency's plan (`agency_plan`), and the national total with its proven gap."""
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
