"""/app/plans: the plan form submits the job `POST /v1/plans` submits, whose page turns into the
plan when done; the plan page shows the saved answer's numbers; export, apply, the list of
plans, bad input and errors as pages."""

from __future__ import annotations

import html
import re
import time
from io import BytesIO

import pytest
from openpyxl import load_workbook

from service.web.formats import number, rupiah

pytestmark = pytest.mark.usefixtures("module_jobs_worker")

FAST = "30"  # seconds: the tiny world solves well within it (the greedy stops at the limit)


@pytest.fixture(scope="module")
def period(engine) -> tuple[str, str]:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return str(starts.min().date()), str(starts.max().date())


def text_of(page: bytes, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page.decode(), re.S)
    assert found, f"no #{element_id} on the page"
    return html.unescape(found.group(1)).strip()


def run(client, period, lang: str = "id", *, csrf_of, **fields) -> object:
    form = client.get(f"/app/plans?lang={lang}")
    data = {"period_start": period[0], "period_end": period[1], "budget": "50.000.000",
            "time_limit_s": FAST, "csrf_token": csrf_of(form.data), **fields}  # fmt: skip
    return client.post("/app/plans", data=data)


def plan_page(client, answer, timeout: float = 120) -> str:
    """Where the job page a form's answer leads to sends the browser once the plan is done."""
    assert answer.status_code == 303, answer.data[:2000]
    job_page = answer.headers["Location"]
    assert job_page.startswith("/app/jobs/")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = client.get(job_page)
        if shown.status_code == 303:
            return shown.headers["Location"]
        assert shown.status_code == 200 and b'id="job-progress"' in shown.data
        assert b'http-equiv="refresh"' in shown.data  # it asks again until done
        time.sleep(0.05)
    raise AssertionError(f"the plan of {job_page} was not done in {timeout} s")


@pytest.fixture(scope="module")
def made(app, period, auth, csrf_of, sign_in) -> dict:
    """A plan made through the page's form (with a unit budget), and the API's answer for it."""
    client = sign_in(app.test_client())
    unit = str(app.extensions["tna_holder"].engine.unit_of[0])
    answer = run(
        client, period, unit_budget_unit=[unit, ""], unit_budget_amount=["0", ""], csrf_of=csrf_of
    )
    location = plan_page(client, answer)
    plan_id = location.rsplit("/", 1)[1]
    api = client.get(f"/v1/plans/{plan_id}", headers=auth()).get_json()
    return {"plan_id": plan_id, "api": api, "unit": unit, "location": location}


@pytest.mark.parametrize("lang, heading", [("id", "Rencana pelatihan"), ("en", "Training plan")])
def test_the_plan_form_renders_in_both_languages(planner, lang, heading):
    page = planner.get(f"/app/plans?lang={lang}")
    assert page.status_code == 200
    body = page.data.decode()
    assert f'<html lang="{lang}">' in body and f"<h1>{heading}</h1>" in body
    assert 'id="plan-form"' in body and 'name="csrf_token"' in body
    for name in ("period_start", "period_end", "budget", "jp_target", "time_limit_s"):
        assert f'<label for="{name}">' in body and f'id="{name}"' in body


def test_the_page_shows_the_numbers_of_the_api(planner, made):
    api = made["api"]
    assert made["location"].endswith(f"/app/plans/{made['plan_id']}")
    page = planner.get(made["location"] + "?lang=en")
    assert page.status_code == 200
    assert api["status"] in {"optimal", "feasible"}
    assert text_of(page.data, "plan-objective") == number(api["objective"], 2)
    assert text_of(page.data, "plan-greedy") == number(api["greedy_objective"], 2)
    ratio = api["objective"] / api["greedy_objective"]
    assert text_of(page.data, "plan-ratio") == number(ratio, 2) + "×"
    assert text_of(page.data, "plan-budget-used") == rupiah(api["budget_used"])
    assert text_of(page.data, "plan-jp") == number(api["employees_reaching_jp_target"])
    body = page.data.decode()
    for unit in api["units"]:
        row = re.search(rf'data-unit-id="{unit["unit_id"]}">(.*?)</tr>', body, re.S).group(1)
        assert f'<td class="num">{number(unit["seats"])}</td>' in row
        assert rupiah(unit["cost"]) in row
    for program in api["programs"]:
        assert f'href="/app/programs/{program["program_id"]}"' in body
    assert "data:image/svg+xml;base64," in body  # the chart of the units


def test_a_unit_budget_of_the_form_binds(made):
    assert all(u["unit_id"] != made["unit"] or u["cost"] == 0 for u in made["api"]["units"])


def test_the_export_is_the_api_workbook(planner, made, auth):
    page = planner.get(f"/app/plans/{made['plan_id']}.xlsx")
    api = planner.get(f"/v1/plans/{made['plan_id']}.xlsx", headers=auth())
    assert page.status_code == 200 and page.mimetype.endswith("spreadsheetml.sheet")
    assert f"plan-{made['plan_id']}.xlsx" in page.headers["Content-Disposition"]
    ours, theirs = (load_workbook(BytesIO(r.data), read_only=True) for r in (page, api))
    assert ours.sheetnames == theirs.sheetnames
    for name in ours.sheetnames:
        rows = [list(r) for r in ours[name].iter_rows(values_only=True)]
        assert rows == [list(r) for r in theirs[name].iter_rows(values_only=True)]


def test_apply_makes_the_same_drafts_as_the_api(planner, made, auth, csrf_of, set_plan):
    set_plan(planner, made["plan_id"])  # only a set plan is applied
    page = planner.get(made["location"] + "?lang=en")  # remembered for the session
    answer = planner.post(
        f"/app/plans/{made['plan_id']}/apply", data={"csrf_token": csrf_of(page.data)}
    )
    assert answer.status_code == 303
    shown = planner.get(answer.headers["Location"]).data.decode()
    api = planner.post(f"/v1/plans/{made['plan_id']}/apply", headers=auth()).get_json()
    count = len(api["nominations"])
    assert count > 0
    assert f"{count} draft nominations are ready" in shown
    planned = {p["program_id"] for p in made["api"]["programs"] if p["participants"]}
    assert {d["program_id"] for d in api["nominations"]} == planned


def test_apply_skips_a_started_program_and_says_so(app, planner, made, auth, csrf_of):
    from tests.service.routes.test_plans import stale_plan

    engine = app.extensions["tna_holder"].engine
    plan_id = stale_plan(app, engine, made["api"])
    page = planner.get(f"/app/plans/{plan_id}?lang=en")
    answer = planner.post(f"/app/plans/{plan_id}/apply", data={"csrf_token": csrf_of(page.data)})
    assert answer.status_code == 303
    shown = html.unescape(planner.get(answer.headers["Location"]).data.decode())
    started = planner.get(f"/v1/plans/{plan_id}", headers=auth()).get_json()["programs"][0]
    n = len(started["participants"])
    expected = f"Program {started['program_id']} has started: its {n} participants were not"
    assert expected in shown


def test_apply_without_its_csrf_token_is_refused(planner, made):
    answer = planner.post(f"/app/plans/{made['plan_id']}/apply")
    assert answer.status_code == 400 and b"<html" in answer.data


def test_the_form_without_its_csrf_token_is_refused(planner, period):
    answer = planner.post("/app/plans", data={"period_start": period[0], "budget": "1"})
    assert answer.status_code == 400 and b"<html" in answer.data


def test_the_list_of_plans_is_the_api_list(planner, made, auth):
    api = planner.get("/v1/plans", headers=auth()).get_json()["items"]
    body = planner.get("/app/plans").data.decode()
    shown = re.findall(r'<tr data-plan-id="([0-9a-f]+)">', body)
    assert shown == [p["plan_id"] for p in api] and made["plan_id"] in shown


def test_bad_values_show_the_form_again_with_errors(planner, period, csrf_of):
    answer = run(planner, period, "en", budget="a lot", unit_budget_unit=["X1"],
                 unit_budget_amount=[""], csrf_of=csrf_of)  # fmt: skip
    assert answer.status_code == 422
    body = answer.data.decode()
    assert 'id="plan-errors"' in body and 'role="alert"' in body
    assert "Not a valid number." in body and "Give both the unit and its budget." in body
    assert 'value="a lot"' in body  # what was typed is kept


def test_an_unknown_unit_budget_shows_the_form_again_naming_it(planner, period, csrf_of):
    answer = run(planner, period, "en", unit_budget_unit=["NO-SUCH-UNIT"],
                 unit_budget_amount=["1.000.000"], csrf_of=csrf_of)  # fmt: skip
    assert answer.status_code == 422
    body = html.unescape(answer.data.decode())
    assert 'id="plan-errors"' in body and "Unknown unit: NO-SUCH-UNIT" in body
    indonesian = run(planner, period, "id", unit_budget_unit=["NO-SUCH-UNIT"],
                     unit_budget_amount=["1.000.000"], csrf_of=csrf_of)  # fmt: skip
    assert "Unit tidak dikenal: NO-SUCH-UNIT" in html.unescape(indonesian.data.decode())


def test_an_infeasible_plan_shows_its_reason(planner, csrf_of):
    form = planner.get("/app/plans")
    data = {"period_start": "2001-01-01", "period_end": "2001-12-31", "budget": "1000000",
            "csrf_token": csrf_of(form.data)}  # fmt: skip
    location = plan_page(planner, planner.post("/app/plans", data=data))
    indonesian = planner.get(location)
    reason = re.search(r'id="plan-reason"(.*?)</div>', indonesian.data.decode(), re.S).group(1)
    assert "tidak ada program" in reason.lower()
    english = planner.get(location + "?lang=en")
    assert "no upcoming program starts in the period" in english.data.decode()
    assert 'id="apply-plan"' not in english.data.decode()


def test_an_unknown_plan_is_a_404_page(planner):
    answer = planner.get("/app/plans/no-such-plan?lang=en")
    assert answer.status_code == 404
    assert b"<html" in answer.data and b"plan not found" in answer.data


def test_the_plan_pages_need_a_session(client):
    answer = client.get("/app/plans")
    assert answer.status_code == 302 and "/app/login" in answer.headers["Location"]


def test_the_charts_unit_names_are_cut_in_the_middle_keeping_both_ends():
    from service.web.plan_chart import NAME_CHARS, short_name

    name = "Suku Dinas Pendidikan Kota Administrasi Jakarta Barat"
    assert short_name(name) == "Suku Dinas Pendidikan … Jakarta Barat"
    assert short_name("Dinas Pendidikan") == "Dinas Pendidikan"
    long = "Dinas Pemberdayaan, Perlindungan Anak dan Pengendalian Penduduk"
    assert short_name(long) == "Dinas Pemberdayaan … Penduduk"
    assert len(short_name("X" * 60)) == NAME_CHARS
