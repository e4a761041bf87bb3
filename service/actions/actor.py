"""Who acts: the name the audit log records and the role that let them in.

Every action that reads or writes employees' data takes the actor as an argument (never from
`flask.g`), so that a scope (issue 21: the units an actor may see) is enforced in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A bearer token's or a session's identity: `name` (audit log), `role` (planner,
    admin, system)."""

    name: str
    role: str
