"""The demo's people (`make run`): a planner scoped to one dinas and an admin, with new
passwords printed at each start (the store keeps only their hashes, so old ones cannot be shown).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine as StoreEngine

from model.engine import Engine
from store import accounts
from store.errors import ConflictError

DEMO_ADMIN, DEMO_PLANNER = "demo-admin", "demo-planner"
SHELL = "make run"  # who the audit log says created them


def demo_dinas(engine: Engine) -> str | None:
    """The top unit with the most units below it (a dinas with its suku dinas); ties by id.
    None when the data names no unit."""
    directory = engine.directory
    tops = [u for u in sorted(directory.units) if directory.parent_unit(u) is None]
    # max keeps the first of equals: the smallest id among the largest
    return max(tops, key=lambda u: len(directory.unit_family(u)), default=None)


def ensure_demo_users(store: StoreEngine, dinas: str | None) -> dict[str, tuple[str, str]]:
    """Create (or give new passwords to) the demo admin and, with a dinas, the demo planner
    scoped to it: username -> (password, what they see)."""
    people = {DEMO_ADMIN: ("admin", None, "everyone")}
    if dinas is not None:
        people[DEMO_PLANNER] = ("planner", [dinas], f"unit {dinas} and the units below it")
    shown = {}
    for username, (role, units, scope) in people.items():
        password = accounts.new_secret()
        try:
            accounts.create_user(store, username, role, password, SHELL, unit_ids=units)
        except ConflictError:
            accounts.update_user(store, username, SHELL, password=password, active=True,
                                 role=role, unit_ids=units)  # fmt: skip
        shown[username] = (password, scope)
    return shown


def sign_in_lines(url: str, shown: dict[str, tuple[str, str]]) -> list[str]:
    lines = [f"workspace: {url}/app/login"]
    for username, (password, scope) in shown.items():
        lines.append(f"  {username} / {password}   (sees {scope})")
    return lines
