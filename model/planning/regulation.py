"""The plan as the regulation's document: one row per planned program with the columns
PP 11/2017 (as amended by PP 17/2020) Pasal 207 lists, in Bahasa Indonesia: the competency
type, the target employees, the kind and path of development, the provider, the schedule and
the budget.

The rows come from the serving engine's catalogue; a program the engine no longer knows (a
plan older than a retraining) keeps what the plan itself holds and leaves the rest empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.history import program_end_dates
from features.learning import programs_paths
from model.engine import Engine

SHEET = "Rencana Pasal 207"
TITLE = "Rencana pengembangan kompetensi (PP 11/2017 jo. PP 17/2020 Pasal 207)"
HEADER = [
    "No", "ID program", "Nama program", "Jenis kompetensi", "Kompetensi yang dikembangkan",
    "Sasaran (jumlah pegawai)", "Unit sasaran", "Jenis pengembangan", "Jalur pengembangan",
    "Penyelenggara", "Jadwal mulai", "Jadwal selesai", "JP", "Anggaran (Rp)",
]  # fmt: skip
CATEGORY = {"managerial": "Manajerial", "socio_cultural": "Sosial kultural", "technical": "Teknis"}
PATH = {"classical": "Klasikal", "non_classical": "Nonklasikal"}
KIND = {
    "structural": "Pelatihan struktural kepemimpinan", "functional": "Pelatihan fungsional",
    "technical": "Pelatihan teknis", "managerial": "Pelatihan manajerial",
    "socio_cultural": "Pelatihan sosial kultural", "workshop": "Lokakarya",
    "seminar": "Seminar/konferensi", "technical_guidance": "Bimbingan teknis",
    "socialisation": "Sosialisasi", "course": "Kursus", "coaching": "Coaching",
    "mentoring": "Mentoring", "e_learning": "E-learning",
    "distance_learning": "Pembelajaran jarak jauh", "secondment": "Detasering",
    "internship": "Magang/praktik kerja", "benchmarking": "Patok banding",
    "self_study": "Belajar mandiri", "learning_community": "Komunitas belajar",
}  # fmt: skip


def regulation_rows(engine: Engine, plan: Mapping[str, Any]) -> list[list[Any]]:
    """One row of `HEADER` per program of `plan` with participants, in the plan's order."""
    known = engine.state.program_ids
    rows: list[list[Any]] = []
    for program in plan["programs"]:
        people = program["participants"]
        if not people:
            continue
        code = known.get_indexer([program["program_id"]])[0]
        facts = _facts(engine, int(code)) if code >= 0 else {}
        units = sorted({str(engine.directory.unit_names.get(p["unit_id"], p["unit_id"]))
                        for p in people if p.get("unit_id")})  # fmt: skip
        rows.append([
            len(rows) + 1, program["program_id"], program.get("title"),
            facts.get("categories", ""), facts.get("competencies", ""),
            len(people), "; ".join(units), facts.get("kind", ""), facts.get("path", ""),
            facts.get("provider", ""), facts.get("start", program.get("start_date")),
            facts.get("end"), facts.get("jp"), float(sum(p["cost"] for p in people)),
        ])  # fmt: skip
    return rows


def _facts(engine: Engine, p: int) -> dict[str, Any]:
    """What the catalogue says of program code `p`, in the document's words."""
    state = engine.state
    row = engine.programs.iloc[[p]]  # the catalogue's row (indexed by id, in code order)
    codes = state.comp_codes[state.comp_indptr[p] : state.comp_indptr[p + 1]]
    competencies = engine.bundle.competencies.set_index(col.COMPETENCY_ID).reindex(
        state.competency_ids[codes]
    )
    categories = [CATEGORY.get(c, c) for c in pd.unique(competencies[col.CATEGORY].dropna())]
    return {
        "categories": ", ".join(categories),
        "competencies": "; ".join(str(n) for n in competencies[col.NAME].dropna()),
        **described(row),
    }


def described(row: pd.DataFrame) -> dict[str, Any]:
    """Kind, path, provider, schedule and JP of one catalogue row (a one-row `programs`
    frame), in the document's words; a path left empty follows from the kind."""
    kind = _text(row, col.KIND)
    path = programs_paths(row).iloc[0]
    return {
        "kind": KIND.get(kind, kind),
        "path": PATH.get(path, "") if isinstance(path, str) else "",
        "provider": _text(row, col.PROVIDER),
        "start": pd.Timestamp(row[col.START_DATE].iloc[0]).date(),
        "end": pd.Timestamp(program_end_dates(row).iloc[0]).date(),
        "jp": int(np.asarray(row[col.DURATION_JP])[0]),
    }


def _text(row: pd.DataFrame, column: str) -> str:
    if column not in row.columns:
        return ""
    value = row[column].iloc[0]
    return "" if pd.isna(value) else str(value)
