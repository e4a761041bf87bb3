"""API clients: systems (or a planner's script) calling `/v1` with their own key (admins)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy.engine import Engine

from service.actions.actor import Actor
from service.actions.users import check_units, require_admin
from store import accounts


def create_client(
    actor: Actor, store: Engine, body: Mapping[str, Any], known_units: Collection[str] | None
) -> dict[str, Any]:
    """The new client with its `key`: shown in this answer only, stored as a hash."""
    require_admin(actor)
    check_units(body.get("unit_ids"), known_units)
    return accounts.create_client(
        store, body["name"], body["role"], actor.name, unit_ids=body.get("unit_ids")
    )


def list_clients(actor: Actor, store: Engine) -> list[dict[str, Any]]:
    require_admin(actor)
    return accounts.list_clients(store)


def revoke_client(actor: Actor, store: Engine, client_id: str) -> dict[str, Any]:
    """Revoked at once: the next request with its key is a 401."""
    require_admin(actor)
    return accounts.revoke_client(store, client_id, actor.name)
