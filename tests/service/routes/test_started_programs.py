"""A started program's participants or nominations: a well-formed request the program's state
refuses, so 409 conflict (a past program id is easy to come by: an employee's history)."""

from __future__ import annotations

import numpy as np


def test_a_started_program_is_a_conflict_not_a_validation_error(
    store_client, engine, employee_id, auth
):
    started = np.flatnonzero(~np.isin(np.arange(len(engine.programs)), engine.upcoming))[0]
    program_id = str(engine.state.program_ids[started])
    for url, body in (
        (f"/v1/programs/{program_id}/participants", {}),
        (f"/v1/programs/{program_id}/nominations", {"employee_ids": [employee_id]}),
    ):
        answer = store_client.post(url, json=body, headers=auth())
        assert answer.status_code == 409, url
        error = answer.get_json()["error"]
        assert error["code"] == "conflict" and "upcoming programs only" in error["message"]
        assert list(error["details"]) == ["program_id"]
