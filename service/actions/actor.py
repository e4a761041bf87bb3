"""Who acts: the name the audit log records, the role that let them in, and the scope.

Every action that reads or writes employees' data takes the actor as an argument (never from
`flask.g`), so that a scope (issue 21: the units an actor may see) is enforced in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from features.unit_tree import units_in_scope

USER, API_CLIENT, TOKEN = "user", "api_client", "token"


@dataclass(frozen=True)
class Actor:
    """`name` is who the audit log says acted; `role` is planner, admin or system; `unit_ids`
    the scope (its units and the units below them), None for the whole organisation. `kind`
    says where it came from: a signed-in user, an API client's key, or `TNA_API_TOKENS`."""

    name: str
    role: str
    unit_ids: tuple[str, ...] | None = None
    kind: str = TOKEN

    @property
    def scoped(self) -> bool:
        return self.unit_ids is not None

    def units(self, units: pd.DataFrame | None) -> set[str] | None:
        """Every unit this actor may act on (None: all), sub-units included."""
        return units_in_scope(self.unit_ids, units)


def scope_of(unit_ids: list[str] | None) -> tuple[str, ...] | None:
    """A stored `unit_ids` list as an actor's scope."""
    return None if unit_ids is None else tuple(unit_ids)
