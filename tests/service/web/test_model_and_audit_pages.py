"""The model page (and its report) and the admin-only audit log page."""

from __future__ import annotations

import re

from service.report_response import REPORT_POLICY
from tests.service.routes.test_nominations import decide, nominate, some_employees


def test_model_page_shows_the_apis_metrics(planner, client, engine, auth):
    page = planner.get("/app/model")
    assert page.status_code == 200
    text = page.data.decode()
    model = client.get("/v1/model", headers=auth()).get_json()
    assert model["version"] in text
    rankers = re.findall(r'data-ranker="([^"]+)"', text)
    assert rankers[0] == "model" and set(rankers) == set(model["metrics"]["ranking"])
    assert set(re.findall(r'data-risk-model="([^"]+)"', text)) == set(model["metrics"]["risk"])
    for attribute in model["metrics"]["fairness"]:
        assert f'id="fairness-{attribute.replace("_", "-")}"' in text
    assert 'src="data:image/svg+xml;base64,' in text
    assert 'href="/app/model/report"' in text


def test_model_page_in_both_languages(planner):
    assert "Audit keadilan" in planner.get("/app/model").data.decode()
    assert "Fairness audit" in planner.get("/app/model?lang=en").data.decode()


def test_the_report_page_serves_the_bundles_report_to_a_session(planner, client, trained):
    answer = planner.get("/app/model/report")
    assert answer.status_code == 200
    assert answer.data == (trained.path / "report.html").read_bytes()
    assert answer.headers["Content-Security-Policy"] == REPORT_POLICY
    fresh = client.application.test_client()  # no session: sign in first
    assert fresh.get("/app/model/report").status_code == 302


def test_audit_page_is_the_apis_log_for_admins_only(
    store_client, engine, upcoming_program_id, auth, sign_in
):
    ids = some_employees(engine, upcoming_program_id, 3)
    nomination = nominate(store_client, upcoming_program_id, employee_ids=ids, auth=auth).get_json()
    decide(store_client, nomination["nomination_id"], *ids[:2], role="budi", auth=auth)
    api = store_client.get("/v1/audit?limit=2", headers=auth("admin")).get_json()
    admin = sign_in(store_client, "admin")
    page = admin.get("/app/audit?limit=2&since=")
    assert page.status_code == 200
    shown = re.findall(r'data-audit-id="(\d+)"', page.data.decode())
    assert shown == [str(item["id"]) for item in api["items"]]
    older = re.search(r'id="audit-next" href="([^"]+)"', page.data.decode()).group(1)
    rest = admin.get(older.replace("&amp;", "&")).data.decode()
    assert re.findall(r'data-audit-id="(\d+)"', rest)[0] == str(api["items"][-1]["id"] - 1)
    budi = admin.get("/app/audit?actor=budi").data.decode()
    assert len(re.findall(r'data-audit-id="', budi)) == 2
    assert "Log audit" in budi or "Audit log" in budi


def test_audit_page_refusals(store_client, sign_in):
    assert store_client.get("/app/audit").status_code == 302  # not signed in
    admin = sign_in(store_client, "admin")
    assert admin.get("/app/audit?since=yesterday").status_code == 422
    assert admin.get("/app/audit?cursor=nope").status_code == 404
    planner = sign_in(store_client.application.test_client(), "planner")
    refused = planner.get("/app/audit")
    assert refused.status_code == 403 and b"<html" in refused.data
    menu = planner.get("/app/model").data.decode()
    assert 'href="/app/audit"' not in menu and 'href="/app/model"' in menu


def test_the_chart_measures_against_the_truth_when_the_training_knew_it(planner, auth):
    from service.web.model_page import truth_ndcg

    metrics = planner.get("/v1/model", headers=auth()).get_json()["metrics"]
    page = planner.get("/app/model").data.decode()
    if truth_ndcg(metrics):
        assert 'id="truth-note"' in page
    else:
        assert 'id="observed-note"' in page
    hand = {"truth": {"recommendations": {"ndcg@10[model]": 0.7, "ndcg@10[oracle]": 1.0,
                                          "employees": 10}}}  # fmt: skip
    assert truth_ndcg(hand) == {"model": 0.7}
    assert truth_ndcg({}) == {}


def test_audit_rows_show_the_changed_fields_not_raw_json(
    store_client, engine, upcoming_program_id, sign_in, auth
):
    ids = some_employees(engine, upcoming_program_id, 2)
    nomination = nominate(store_client, upcoming_program_id, employee_ids=ids, auth=auth).get_json()
    decide(store_client, nomination["nomination_id"], ids[0], role="budi", auth=auth)
    admin = sign_in(store_client, "admin")
    for lang, approved, drafted in (
        ("en", "nominee approved", "nomination drafted"),
        ("id", "usulan peserta disetujui", "draf usulan peserta dibuat"),
    ):
        body = admin.get(f"/app/audit?actor=budi&lang={lang}").data.decode()
        row = re.search(r'<tr data-audit-id="\d+">(.*?)</tr>', body, re.S).group(1)
        assert 'data-action="decision.approved"' in row and approved in row
        assert "{" not in row and "}" not in row and "&#34;" not in row
        assert re.search(r"<dt>decision</dt>\s*<dd>approved</dd>", row)
        assert re.search(r"<dt>decided_by</dt>\s*<dd>budi</dd>", row)
        assert "<dt>reason</dt>" not in row  # unchanged: null before and after
        created = admin.get(f"/app/audit?actor=ani&lang={lang}").data.decode()
        assert drafted in created
        # the nomination's items: a count, the full list behind a <details>
        assert re.search(r"<dt>items</dt>\s*<dd><details><summary>2 (items|butir)", created)


def test_changed_fields_flatten_objects_and_cut_long_values():
    from service.web.audit import SHORT, changed_fields

    long = "x" * (SHORT + 10)
    shown = changed_fields({"a": 1, "b": {"c": 2}}, {"a": 1, "b": {"c": 3}, "d": long})
    assert [(f.name, f.short, f.full) for f in shown["before"]] == [("b.c", "2", None)]
    after = {f.name: f for f in shown["after"]}
    assert after["b.c"].short == "3" and after["d"].full == long
    assert after["d"].short.endswith("…") and len(after["d"].short) <= SHORT + 1
    created = changed_fields(None, {"a": None, "b": "x"})
    assert created["before"] is None
    assert [(f.name, f.short) for f in created["after"]] == [("a", "–"), ("b", "x")]
