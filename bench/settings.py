"""What a bench run measures and how big, from the environment (BENCH_QUICK, BENCH_FULL, ...)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

SMALL = 5_000
LARGE = 65_000
SEED = 20261128
# the backtest's worlds: generator shapes, each optionally `/family` (the second family too)
BACKTEST_WORLDS = "default,long,default/thresholds"


@dataclass(frozen=True)
class Settings:
    """Sizes, repeat limits and durations of one run.

    `small` and `large` are the two world sizes (5,000 and 65,000 employees; 1,200 and
    2,500 for a quick smoke run). The backtest (`bench.backtest`) draws a world of `small`
    employees of each world in BENCH_BACKTEST_SHAPES (comma-separated names of
    `features.demo.shapes.SHAPES`, each optionally `/family` of
    `features.demo.families.WORLD_FAMILIES`; default `BACKTEST_WORLDS`) and
    trains BENCH_BACKTEST_MONTHS (the shape's own horizon by default) before its snapshot.
    Targets from the issues are only checked at the sizes they were set for.
    """

    quick: bool
    full: bool
    small: int
    large: int
    http_seconds: float
    recommend_employees: int
    sweeps: int
    max_runs: int
    seed: int = SEED
    # generator shapes (and `/family`) the backtest draws
    backtest_shapes: tuple[str, ...] = tuple(BACKTEST_WORLDS.split(","))
    # the backtest trains this long before the world's snapshot (None: the shape's own,
    # `bench.backtest.HORIZON_MONTHS`)
    backtest_months: int | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        quick = _flag(env, "BENCH_QUICK")
        default_seconds = 3.0 if quick else 60.0
        return cls(
            quick=quick,
            full=_flag(env, "BENCH_FULL"),
            small=1_200 if quick else SMALL,
            large=2_500 if quick else LARGE,
            http_seconds=float(env.get("BENCH_HTTP_SECONDS") or default_seconds),
            recommend_employees=50 if quick else 200,
            sweeps=1 if quick else 3,
            max_runs=2 if quick else 5,
            backtest_shapes=tuple(
                name.strip()
                for name in (env.get("BENCH_BACKTEST_SHAPES") or BACKTEST_WORLDS).split(",")
                if name.strip()
            ),
            backtest_months=int(env["BENCH_BACKTEST_MONTHS"])
            if env.get("BENCH_BACKTEST_MONTHS")
            else None,
        )

    def describe(self) -> str:
        mode = "quick" if self.quick else "full" if self.full else "standard"
        return (
            f"{mode} run: worlds of {self.small:,} and {self.large:,} employees, "
            f"HTTP load {self.http_seconds:g} s per concurrency"
        )


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
