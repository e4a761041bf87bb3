"""The errors the engine raises for a caller to answer: one class per kind of refusal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class NotFoundError(KeyError):
    """An employee, program or unit id the bundle does not know."""

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"unknown {kind}: {ident}")
        self.kind = kind
        self.ident = ident


class SelectionError(Exception):
    """A participant selection that cannot be made as asked (a constraint out of range, a
    program that has already started). `details` maps a field to its messages."""

    def __init__(self, message: str, details: Mapping[str, Sequence[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = {k: list(v) for k, v in (details or {}).items()}


class ProgramStartedError(SelectionError):
    """Participants asked for a program that has started: the request is well formed, the
    program's state refuses it (the service answers 409 conflict, not a validation error)."""


class FairnessFloorError(SelectionError):
    """A fairness floor no selection with at least one participant meets (too few seats, or
    a group with nobody who may take a seat). `code` and `values` say which, for a page to
    translate; the service answers 422."""

    def __init__(
        self,
        message: str,
        details: Mapping[str, Sequence[str]] | None = None,
        code: str = "fairness_floor_unmet",
        values: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, details)
        self.code = code
        self.values = dict(values or {})


class NotEligibleError(SelectionError):
    """Employees named in a list (a nomination, an applied plan) whom the program's rules
    refuse: `details` maps each to the why-not codes that apply (`model.why_not`'s
    `NOMINATION_REFUSALS`), codes and never sentences (the service answers 422
    `not_eligible`; a page translates the codes)."""

    def __init__(self, refusals: Mapping[str, Sequence[str]], what: str = "this program") -> None:
        n = len(refusals)
        who = f"{n} employee{'s' if n != 1 else ''}"
        super().__init__(f"{who} may not be nominated for {what}: nothing was created", refusals)
