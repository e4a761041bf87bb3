"""The engine offers no employee the decision store would refuse for an overlapping session."""

from __future__ import annotations

import pytest

from model.why_not import NOMINATION_REFUSALS, NOT_ELIGIBLE_REASONS
from service.web import labels
from tests.overlap_case import overlap_case
from tests.service.routes.test_nominations import decide, nominate

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])  # the rule is the engine's


def _post(client, url, role="planner", *, auth, **body):
    return client.post(url, json=body, headers=auth(role))


@SQLITE_ONLY
def test_a_session_overlapping_an_approved_one_is_not_offered(store_client, engine, auth):
    case = overlap_case(engine)
    held = nominate(store_client, case.a, employee_ids=[case.employee_id], auth=auth).get_json()
    assert (
        decide(store_client, held["nomination_id"], case.employee_id, auth=auth).status_code == 200
    )

    url = f"/v1/employees/{case.employee_id}/recommendations?k=100"
    shown = [i["program_id"] for i in store_client.get(url, headers=auth()).get_json()["items"]]
    assert case.b not in shown and case.c in shown
    chosen = _post(
        store_client, f"/v1/programs/{case.b}/participants", seats=1000, auth=auth
    ).get_json()
    offered = [i["employee_id"] for i in chosen["selected"] + chosen["waitlist"]]
    assert case.employee_id not in offered
    why = _post(
        store_client, f"/v1/programs/{case.b}/why-not", employee_id=case.employee_id, auth=auth
    )
    assert why.get_json()["not_eligible_because"] == ["overlapping_session"]
    why = _post(
        store_client, f"/v1/programs/{case.c}/why-not", employee_id=case.employee_id, auth=auth
    )
    assert why.get_json()["eligible"] is True
    pairs = [{"employee_id": case.employee_id, "program_id": p} for p in (case.b, case.c)]
    scored = _post(store_client, "/v1/score", "system", pairs=pairs, auth=auth).get_json()[
        "results"
    ]
    assert [r["overlaps_held_session"] for r in scored] == [True, False]

    # the store agrees: B is refused for the overlap, C is approved
    answers = {}
    for program in (case.b, case.c):
        nomination = nominate(
            store_client, program, employee_ids=[case.employee_id], auth=auth
        ).get_json()
        answers[program] = decide(
            store_client, nomination["nomination_id"], case.employee_id, auth=auth
        )
    refused = answers[case.b]
    assert refused.status_code == 409
    assert "overlapping session" in refused.get_json()["error"]["details"][case.employee_id][0]
    assert answers[case.c].status_code == 200, answers[case.c].get_json()


@SQLITE_ONLY
def test_everyone_selected_can_be_approved(store_client, engine, auth):
    """Program after program, the participants route's selection (which sees the approvals
    made before it) is nominated and approved whole: never a 409 (without the overlap rule
    in the engine this failed on the tiny world)."""
    approved = 0
    for p in engine.upcoming:
        program_id = str(engine.state.program_ids[p])
        chosen = _post(
            store_client, f"/v1/programs/{program_id}/participants", auth=auth
        ).get_json()
        ids = [i["employee_id"] for i in chosen["selected"]]
        if not ids:
            continue
        nomination = nominate(store_client, program_id, employee_ids=ids, auth=auth).get_json()
        answer = decide(store_client, nomination["nomination_id"], *ids, auth=auth)
        assert answer.status_code == 200, (program_id, answer.get_json())
        approved += len(ids)
    assert approved > 0


def test_every_not_eligible_reason_has_a_label_in_the_workspace():
    """Every reason why-not gives, and every code a nomination is refused with."""
    assert set(NOT_ELIGIBLE_REASONS) | set(NOMINATION_REFUSALS) == set(labels.NOT_ELIGIBLE)
