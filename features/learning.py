"""Learning paths and kinds (Perlan LAN 10/2018) and the 20-JP ledger by category.

A program may state its `path` (classical or non-classical) and its `kind` (SIASN's jenis
diklat and the non-classical methods). Both are optional: a path left empty follows from the
kind (a coaching is non-classical); the ledger's category follows from the kind alone, as
BPSDM reports it: leadership (`structural`: PKA, PKP, PKN), functional, technical, and other
(every other kind, and a program whose kind is not known).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.history import program_end_dates

LEADERSHIP, FUNCTIONAL, TECHNICAL, OTHER = "leadership", "functional", "technical", "other"
LEDGER_CATEGORIES = (LEADERSHIP, FUNCTIONAL, TECHNICAL, OTHER)
CATEGORY_OF_KIND = {"structural": LEADERSHIP, "functional": FUNCTIONAL, "technical": TECHNICAL}


def programs_paths(programs: pd.DataFrame) -> pd.Series:
    """Each program's path: the stated one, else the one its kind implies, else NA."""
    kind = _column(programs, col.KIND)
    implied = kind.map(
        {**dict.fromkeys(col.CLASSICAL_KINDS, "classical"),
         **dict.fromkeys(col.NON_CLASSICAL_KINDS, "non_classical")}
    )  # fmt: skip
    return _column(programs, col.PATH).fillna(implied)


def ledger_categories(kinds: pd.Series) -> pd.Series:
    """The JP ledger's category of each kind (`other` for an empty or unlisted one)."""
    return kinds.map(CATEGORY_OF_KIND).fillna(OTHER).astype(object)


def jp_by_category(
    enrollments: pd.DataFrame, programs: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    """JP completed in `as_of`'s calendar year per employee (index) and ledger category
    (columns, `LEDGER_CATEGORIES` in order): the completions `jp_this_year` counts
    (features.gaps: completed, enrolled by `as_of`, the program ended by `as_of` and in its
    year), so each row sums to it. Programs are chosen first (thousands of rows), enrolments
    then by program: one pass over millions of enrolments, no join."""
    ends = program_end_dates(programs)
    closed = (ends <= as_of) & (ends.dt.year == as_of.year)
    category = ledger_categories(_column(programs, col.KIND)[closed])
    code = pd.Categorical(category, categories=LEDGER_CATEGORIES).codes
    jp = programs[col.DURATION_JP].to_numpy()[closed.to_numpy()]
    of_program = pd.Index(programs[col.PROGRAM_ID][closed])
    found = of_program.get_indexer(enrollments[col.PROGRAM_ID])
    keep = (
        (found >= 0)
        & (enrollments[col.STATUS] == col.COMPLETED).to_numpy()
        & (enrollments[col.ENROLLED_AT] <= as_of).to_numpy()
    )
    done = pd.DataFrame(
        {
            col.EMPLOYEE_ID: enrollments[col.EMPLOYEE_ID].to_numpy()[keep],
            "category": code[found[keep]],
            col.DURATION_JP: jp[found[keep]],
        }
    )
    table = done.groupby([col.EMPLOYEE_ID, "category"], sort=False)[col.DURATION_JP].sum()
    table = table.unstack("category", fill_value=0).reindex(
        columns=range(len(LEDGER_CATEGORIES)), fill_value=0
    )
    table.columns = list(LEDGER_CATEGORIES)
    table.index.name = col.EMPLOYEE_ID
    return table.astype(np.int64)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """An optional column of `frame` as objects with NA where empty (all NA if absent)."""
    if name not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype=object)
    values = frame[name].astype(object)
    return values.where(values.notna() & values.ne(""), pd.NA)
