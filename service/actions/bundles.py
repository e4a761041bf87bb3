"""Bundles: an admin serves a written bundle the promotion gate held back, in one click on its
training's page, as `make promote VERSION=...` does (its checksums and feature list verified)."""

from __future__ import annotations

from pathlib import Path

from model.bundles.files import BundleError
from model.bundles.management import promote_version
from service.actions.actor import Actor
from service.actions.errors import RequestConflictError


def promote_bundle(actor: Actor, artifacts_dir: str | Path, version: str) -> str:
    """Serve `version` (the web workers within `RELOAD_INTERVAL`); RequestConflictError when
    there is no such bundle or it fails its checks (the message names no server folder)."""
    del actor  # who may promote is the caller's rule (admins); kept for the actions' shape
    try:
        promote_version(artifacts_dir, version)
    except BundleError:
        raise RequestConflictError(
            f"bundle {version} cannot be served: it is missing or fails its checks"
        ) from None
    return version
