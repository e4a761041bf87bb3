"""The unit scope (issue 21, CONTRACT section 5), enforced here once for every action.

A scoped actor (`Actor.unit_ids`) acts only on employees whose current unit is one of its
units or below them (`units.parent_unit_id`). Outside the scope an employee, or a unit, does
not exist: the same NotFoundError as an unknown id, so nobody can probe which ids exist. The
selections (participants, why-not, plans) get the scope as their `unit_ids`, so candidates are
cut before anything is scored: a scoped selection costs less than an admin's, never more.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np

from model.directory import Directory
from model.errors import NotFoundError
from service.actions.actor import Actor
from service.actions.errors import MissingError

# Each serving directory's employee masks by scope: one np.isin over the 65k units per scope
# and bundle, not per request (a reload brings a new directory; the old one's masks go with it).
_MASKS: weakref.WeakKeyDictionary[Directory, dict[tuple[str, ...], np.ndarray]] = (
    weakref.WeakKeyDictionary()
)
NO_UNIT = "the scope holds no unit of the serving data"


def scope_units(actor: Actor, directory: Directory) -> frozenset[str] | None:
    """The units `actor` may act on, sub-units included (None: all). A scope unit the serving
    data does not know covers nobody."""
    if actor.unit_ids is None:
        return None
    known = [u for u in actor.unit_ids if u in directory.units]
    return frozenset(m for u in known for m in directory.unit_family(u))


def employee_mask(actor: Actor, directory: Directory) -> np.ndarray | None:
    """Per employee code, whether `actor` may see them (None: everyone)."""
    if actor.unit_ids is None:
        return None
    masks = _MASKS.setdefault(directory, {})
    if actor.unit_ids not in masks:
        units = scope_units(actor, directory) or frozenset()
        masks[actor.unit_ids] = np.isin(directory.unit_of, list(units))
    return masks[actor.unit_ids]


def in_scope(actor: Actor, directory: Directory, employee_ids: Sequence[str]) -> np.ndarray:
    """Per id, whether it names an employee of the serving data that `actor` may see (an
    unknown id is out of scope for a scoped actor, in scope for everyone else)."""
    mask = employee_mask(actor, directory)
    if mask is None:
        return np.ones(len(employee_ids), dtype=bool)
    codes = directory.employee_codes(list(employee_ids))
    return (codes >= 0) & mask[np.maximum(codes, 0)]


def require_employee(actor: Actor, directory: Directory, employee_id: str) -> None:
    """NotFoundError (404, the body of an unknown NIP) for an employee outside the scope."""
    if actor.unit_ids is not None and not in_scope(actor, directory, [employee_id])[0]:
        raise NotFoundError("employee", employee_id)


def require_unit(actor: Actor, directory: Directory, unit_id: str) -> None:
    """NotFoundError (404, the body of an unknown unit) for a unit outside the scope."""
    units = scope_units(actor, directory)
    if units is not None and unit_id not in units:
        raise NotFoundError("unit", unit_id)


def scoped_unit_ids(
    actor: Actor, directory: Directory, requested: Sequence[str] | None
) -> list[str] | None:
    """The `unit_ids` a selection runs on: those `requested`, each of which must lie in the
    scope (NotFoundError for another, as for an unknown unit); without any, the scope's own
    units (None for an unscoped actor: everyone). A scope with no unit of the serving data is
    a MissingError (404): its actor may see nobody."""
    if requested:
        for unit_id in requested:
            require_unit(actor, directory, unit_id)
        return list(requested)
    if actor.unit_ids is None:
        return None if requested is None else list(requested)
    known = [u for u in actor.unit_ids if u in directory.units]
    if not known:
        raise MissingError(NO_UNIT, {"unit_ids": [NO_UNIT]})
    return known
