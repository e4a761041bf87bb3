"""The audit log page (`/app/audit`, admins only): newest first, filters since/until/actor/employee,
paging by cursor. The same function as `GET /v1/audit`; each row's before/after is shown as
the fields that changed (`changed_fields`), not as raw JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from service.actions.audit import audit_page
from service.auth import ADMIN, current_actor
from service.decision_schemas import AuditQuerySchema
from service.web.forms import query_args
from service.web.labels import ACTIONS, label
from service.web.session_auth import require_role

bp = Blueprint("web_audit", __name__, url_prefix="/app")
require_role(bp, ADMIN)

SHORT = 60  # characters of a value shown before the rest goes into a <details>
_ABSENT = object()  # a field on one side only has changed, even if it is null


@dataclass(frozen=True)
class Field:
    """One field of a before/after: its text, and the full text when `short` is cut."""

    name: str
    short: str
    full: str | None = None


@bp.app_template_filter("action")
def action_label(code: str) -> str:
    """The audit action's name in the page's language (the code itself when it has none)."""
    return label(ACTIONS, code)


@bp.get("/audit")
def audit():
    given = MultiDict([(k, v) for k, v in request.args.items(multi=True) if v != ""])  # unset
    args = query_args(AuditQuerySchema, given)
    filters = {
        k: given[k] for k in ("since", "until", "actor", "employee_id", "limit") if k in given
    }
    page = audit_page(current_actor(), **args)
    changes = {e["id"]: changed_fields(e.get("before"), e.get("after")) for e in page["items"]}
    return render_template("audit.html", page=page, filters=filters, changes=changes)


def changed_fields(before: Any, after: Any) -> dict[str, list[Field] | None]:
    """The fields whose value differs between `before` and `after` (nested objects flattened to
    `a.b`), as shown on each side; a side that was null stays None."""
    old, new = _flat(before), _flat(after)
    names = [k for k in {**old, **new} if old.get(k, _ABSENT) != new.get(k, _ABSENT)]
    return {
        "before": None if before is None else [_field(k, old.get(k)) for k in names if k in old],
        "after": None if after is None else [_field(k, new.get(k)) for k in names if k in new],
    }


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(value, Mapping):
        return {} if value is None and not prefix else {prefix: value}
    out: dict[str, Any] = {}
    for key, inner in value.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        out |= _flat(inner, name) if isinstance(inner, Mapping) and inner else {name: inner}
    return out


def _field(name: str, value: Any) -> Field:
    if value is None:
        return Field(name, "–")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return Field(name, ngettext("%(num)d item", "%(num)d items", len(value)), text)
    if len(text) <= SHORT:
        return Field(name, text)
    return Field(name, text[:SHORT].rstrip() + "…", text)
