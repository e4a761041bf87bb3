"""Employees' 20-JP ledger by category (features/learning.py), from the serving bundle.

The whole table is computed once per engine (one vectorised pass over the bundle's
enrolments, the first time an employee's ledger is asked for) and looked up after: filtering
millions of enrolments for one employee on every gap-profile request would cost more.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

import pandas as pd

from features.learning import LEDGER_CATEGORIES, jp_by_category

if TYPE_CHECKING:
    from model.engine import Engine

_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def jp_ledger(engine: Engine, employee_id: str) -> dict[str, int]:
    """JP completed in the snapshot's year by category (leadership, functional, technical,
    other): the same completions as the employee's `jp_this_year`, split."""
    table = _table(engine)
    if employee_id not in table.index:
        return dict.fromkeys(LEDGER_CATEGORIES, 0)
    row = table.loc[employee_id]
    return {category: int(row[category]) for category in LEDGER_CATEGORIES}


def _table(engine: Engine) -> pd.DataFrame:
    with _LOCK:
        found = _TABLES.get(engine)
        if found is None:
            bundle = engine.bundle
            found = jp_by_category(bundle.enrollments, bundle.programs, engine.state.as_of)
            _TABLES[engine] = found
        return found
