"""The plan page's approval chain: the next step's button only for those with its right, each
step flashed and listed, apply offered only once the plan is set; in Indonesian and English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("module_jobs_worker")


@pytest.fixture
def plan_id(client, engine, plan_result) -> str:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    body = {"period_start": str(starts.min().date()), "period_end": str(starts.max().date()),
            "budget": 50e6, "time_limit_s": 30}  # fmt: skip
    return plan_result(client, body)["plan_id"]


def _step(browser, plan_id: str, to: str, *, csrf_of) -> str:
    page = browser.get(f"/app/plans/{plan_id}")
    answer = browser.post(f"/app/plans/{plan_id}/state",
                          data={"to": to, "csrf_token": csrf_of(page.data)})  # fmt: skip
    assert answer.status_code == 303
    return browser.get(answer.headers["Location"]).data.decode()


def test_the_plan_goes_draft_to_set_in_the_workspace_each_step_by_its_role(
    app, plan_id, sign_in, csrf_of
):
    planner = sign_in(app.test_client(), "planner")
    page = planner.get(f"/app/plans/{plan_id}?lang=en").data.decode()
    assert 'data-state="draft"' in page and 'name="to" value="verified"' in page
    assert 'id="apply-plan"' not in page and 'id="apply-plan-waits"' in page
    page = _step(planner, plan_id, "verified", csrf_of=csrf_of)
    assert "The plan is now verified." in page and 'name="to" value="validated"' in page
    page = _step(planner, plan_id, "validated", csrf_of=csrf_of)
    assert 'name="to"' not in page and 'id="plan-next-state-waits"' in page  # set: admin only
    page = _step(planner, plan_id, "set", csrf_of=csrf_of)  # a crafted request without the right
    assert "Your role may not move the plan to set." in page and 'data-state="validated"' in page
    admin = sign_in(app.test_client(), "admin")
    page = admin.get(f"/app/plans/{plan_id}?lang=id").data.decode()
    assert "Tetapkan (kepala instansi)" in page
    page = _step(admin, plan_id, "set", csrf_of=csrf_of)
    assert "Rencana kini ditetapkan." in page and 'id="apply-plan"' in page
    history = page.split('id="plan-state-history"')[1].split("</ol>")[0]
    assert history.count("<li") == 4


def test_applying_a_plan_that_is_not_set_is_refused_with_a_message(app, plan_id, csrf_of, sign_in):
    planner = sign_in(app.test_client(), "planner")
    page = planner.get(f"/app/plans/{plan_id}?lang=en")
    answer = planner.post(f"/app/plans/{plan_id}/apply", data={"csrf_token": csrf_of(page.data)})
    assert answer.status_code == 303
    shown = planner.get(answer.headers["Location"]).data.decode()
    assert "Only a set plan can be applied; this plan is draft." in shown


def test_a_step_out_of_turn_is_flashed(app, plan_id, sign_in, csrf_of):
    admin = sign_in(app.test_client(), "admin")
    admin.get("/app/?lang=en")
    page = _step(admin, plan_id, "validated", csrf_of=csrf_of)
    assert "The plan is draft: it cannot become validated." in page


def test_refusals_are_said_in_indonesian_from_their_codes(app, plan_id, sign_in, csrf_of):
    """The store's and the service's plan-state refusals, by code: a step out of turn, a
    step without the right, applying a plan that is not set."""
    planner = sign_in(app.test_client(), "planner")
    planner.get("/app/?lang=id")
    page = _step(planner, plan_id, "validated", csrf_of=csrf_of)
    assert "Rencana berstatus draf: tidak dapat menjadi divalidasi." in page
    page = _step(planner, plan_id, "set", csrf_of=csrf_of)
    assert "Peran Anda tidak berwenang mengubah rencana menjadi ditetapkan." in page
    form = planner.get(f"/app/plans/{plan_id}")
    answer = planner.post(f"/app/plans/{plan_id}/apply", data={"csrf_token": csrf_of(form.data)})
    shown = planner.get(answer.headers["Location"]).data.decode()
    assert "diterapkan; rencana ini berstatus draf." in shown
    for to in ("verified", "validated"):
        _step(planner, plan_id, to, csrf_of=csrf_of)
    admin = sign_in(app.test_client(), "admin")
    admin.get("/app/?lang=id")
    _step(admin, plan_id, "set", csrf_of=csrf_of)
    page = _step(admin, plan_id, "set", csrf_of=csrf_of)  # a set plan takes no more steps
    assert "Rencana sudah ditetapkan: tidak ada langkah lagi" in page
