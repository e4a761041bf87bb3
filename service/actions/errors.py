"""The refusals of actions that are neither the engine's (`model.errors`) nor the store's
(`store.errors`); `service/errors.py` maps each to its status and the contract's body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ActionError(Exception):
    """A request an action refuses: `message` and `details` (a field or id -> messages, or
    the store's fields of bad rows), as the contract's error body shows them."""

    def __init__(self, message: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = dict(details or {})


class RequestConflictError(ActionError):
    """A well-formed request the current state cannot serve (409 `conflict`)."""


class MissingError(ActionError):
    """Something the request names that does not exist (404 `not_found`)."""


class NotReadyError(ActionError):
    """What the serving bundle cannot answer yet (503 `not_ready`)."""
