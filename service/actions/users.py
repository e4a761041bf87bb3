"""Users: create, list and change (admins); the `users` CLI and the admin page call these too."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy.engine import Engine

from service.actions.actor import Actor
from store import accounts
from store.errors import InvalidRowsError, Refusal

# refused here (codes for a page, as store.accounts.REFUSALS)
UNKNOWN_UNITS, SELF_LOCKOUT = "unknown_units", "self_lockout"


class ForbiddenError(Exception):
    """The actor's role may not do this (403)."""


def require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise ForbiddenError(f"the {actor.role} role may not manage accounts")


def check_units(unit_ids: list[str] | None, known: Collection[str] | None) -> None:
    """422 for a scope naming units the serving data does not know (`known` None: no data
    loaded, nothing to check against)."""
    if unit_ids is None or known is None:
        return
    unknown = sorted(set(unit_ids) - set(known))
    if unknown:
        shown = ", ".join(unknown[:5])
        raise InvalidRowsError(
            Refusal(UNKNOWN_UNITS, "unknown units: {units}", {"units": shown}), column="unit_ids"
        )


def create_user(
    actor: Actor, store: Engine, body: Mapping[str, Any], known_units: Collection[str] | None
) -> dict[str, Any]:
    require_admin(actor)
    check_units(body.get("unit_ids"), known_units)
    return accounts.create_user(
        store,
        body["username"],
        body["role"],
        body["password"],
        actor.name,
        display_name=body.get("display_name"),
        unit_ids=body.get("unit_ids"),
    )


def list_users(actor: Actor, store: Engine) -> list[dict[str, Any]]:
    require_admin(actor)
    return accounts.list_users(store)


def update_user(
    actor: Actor,
    store: Engine,
    username: str,
    changes: Mapping[str, Any],
    known_units: Collection[str] | None,
) -> dict[str, Any]:
    """`changes` may hold `active`, `role`, `unit_ids` (null: the whole organisation),
    `password`, `display_name`. An admin cannot disable or demote themselves (someone must
    stay able to manage accounts)."""
    require_admin(actor)
    name = username.strip().lower()
    if name == actor.name and (changes.get("active") is False or changes.get("role", "admin")
                               != "admin"):  # fmt: skip
        raise InvalidRowsError(
            Refusal(SELF_LOCKOUT, "an admin cannot disable or demote themselves"), column="active"
        )
    if "unit_ids" in changes:
        check_units(changes["unit_ids"], known_units)
    allowed = ("active", "role", "unit_ids", "password", "display_name")
    return accounts.update_user(store, name, actor.name, **{k: changes[k] for k in allowed
                                                            if k in changes})  # fmt: skip
