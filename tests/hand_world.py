"""A hand-built world small enough to check every number by hand.

Three analysts (A, B, C; a fourth, NEW, is hired after `AS_OF`) hold one position that
requires M.1 at level 3 (weight 2) and T.1 at level 2 (weight 1). Programs: P24 (2025), P1, P2,
P3 (2026, before `AS_OF`) and the upcoming U1 (M.1 to level 4, classroom in Jakarta Pusat) and
U2 (T.1 to 3 and the off-standard M.2 to 2, e-learning).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from features.tables import Tables

AS_OF = pd.Timestamp("2026-06-30")

EMPLOYEES = [
    ("A", "2010-01-01", "1980-05-01", "s1", "pns", "Jakarta Pusat", "f"),
    ("B", "2010-01-01", "1990-05-01", "s2", "pns", "Kepulauan Seribu", "m"),
    ("C", "2010-01-01", "1985-05-01", "d3", "pppk", "Jakarta Pusat", "m"),
    ("NEW", "2026-07-01", "2000-05-01", "s1", "pns", "Jakarta Pusat", "f"),
]
PROGRAMS = [
    ("P24", "Course A", "classroom", 16, 1_500_000.0, 30, "2025-03-01", "Jakarta Pusat"),
    ("P1", "Course B", "classroom", 24, 2_000_000.0, 30, "2026-02-01", "Jakarta Pusat"),
    ("P2", "Course C", "e_learning", 10, 0.0, 300, "2026-03-01", None),
    ("P3", "Course D", "classroom", 40, 3_000_000.0, 30, "2026-06-28", "Jakarta Pusat"),
    ("U1", "Course A", "classroom", 16, 1_500_000.0, 30, "2026-08-01", "Jakarta Pusat"),
    ("U2", "Course E", "e_learning", 12, 0.0, 300, "2026-08-15", None),
]
PROGRAM_COMPETENCIES = [
    ("P24", "M.1", 4),
    ("P1", "M.1", 3),
    ("P2", "T.1", 3),
    ("P3", "T.1", 2),
    ("U1", "M.1", 4),
    ("U2", "T.1", 3),
    ("U2", "M.2", 2),
]


def frame(rows: Sequence[dict], dates: tuple[str, ...] = (), columns=None) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=columns)
    for name in dates:
        out[name] = pd.to_datetime(out[name])
    return out


def hand_tables(
    evaluations: Sequence[dict] = (),
    enrollments: Sequence[dict] = (),
    performance: Sequence[dict] = (),
) -> Tables:
    """The hand world, with the given evaluations, enrolments and SKP ratings."""
    enrollment_columns = ["employee_id", "program_id", "enrolled_at", "status"]
    enrollment_columns += ["pre_score", "post_score", "reaction_score", "behavior_score"]
    return Tables(
        competencies=frame(
            [
                {"competency_id": "M.1", "name": "Integritas", "category": "managerial"},
                {"competency_id": "M.2", "name": "Kerjasama", "category": "managerial"},
                {"competency_id": "T.1", "name": "Analisis", "category": "technical"},
            ]
        ),
        job_roles=frame(
            [{"role_id": "R1", "title": "Analis", "tier": "pelaksana", "job_family": "umum"}]
        ),
        role_requirements=frame(
            [
                {"role_id": "R1", "competency_id": "M.1", "required_level": 3, "weight": 2.0},
                {"role_id": "R1", "competency_id": "T.1", "required_level": 2, "weight": 1.0},
            ]
        ),
        employees=_employees(),
        evaluations=frame(
            evaluations,
            dates=("evaluated_at",),
            columns=["employee_id", "competency_id", "level", "source", "evaluated_at"],
        ).astype({"level": "float64"}),
        performance=frame(performance, columns=["employee_id", "year", "rating"]).astype(
            {"year": "int64"}
        ),
        programs=_programs(),
        program_competencies=frame(
            [
                {"program_id": p, "competency_id": c, "target_level": t, "weight": 1.0}
                for p, c, t in PROGRAM_COMPETENCIES
            ]
        ),
        enrollments=frame(enrollments, dates=("enrolled_at",), columns=enrollment_columns).astype(
            {c: "float64" for c in enrollment_columns[4:]}
        ),
        units=frame([{"unit_id": "U1", "name": "Unit Satu", "region": "Jakarta Pusat"}]),
    )


def _employees() -> pd.DataFrame:
    names = ["employee_id", "hire_date", "birth_date", "education", "employment_type"]
    names += ["location", "gender"]
    out = frame([dict(zip(names, row, strict=True)) for row in EMPLOYEES])
    out = out.assign(role_id="R1", unit_id="U1", grade="III/a")
    return frame(out.to_dict("records"), dates=("hire_date", "birth_date"))


def _programs() -> pd.DataFrame:
    names = ["program_id", "title", "method", "duration_jp", "cost", "capacity", "start_date"]
    names += ["location"]
    rows = [dict(zip(names, row, strict=True)) for row in PROGRAMS]
    return frame(rows, dates=("start_date",)).assign(provider="BPSDM")


def evaluation(emp: str, comp: str, level: float, source: str, at: pd.Timestamp) -> dict:
    return {
        "employee_id": emp,
        "competency_id": comp,
        "level": level,
        "source": source,
        "evaluated_at": at.strftime("%Y-%m-%d"),
    }


def enrollment(emp: str, program: str, at: str, status: str, **scores: float) -> dict:
    return {
        "employee_id": emp,
        "program_id": program,
        "enrolled_at": at,
        "status": status,
        **scores,
    }
