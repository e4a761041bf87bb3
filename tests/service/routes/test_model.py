"""GET /v1/model/report: the serving bundle's training report, as a locked-down HTML page."""

from __future__ import annotations

import shutil

from service import create_app


def test_planners_get_the_serving_bundles_report(client, trained, auth):
    for role in ("planner", "admin"):
        response = client.get("/v1/model/report", headers=auth(role))
        assert response.status_code == 200, role
        assert response.mimetype == "text/html"
        assert response.data == (trained.path / "report.html").read_bytes()
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert "script-src" not in policy  # scripts fall back to default-src 'none'
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_report_is_for_planners_only(client, auth):
    assert client.get("/v1/model/report").status_code == 401
    refused = client.get("/v1/model/report", headers=auth("system"))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"


def test_unknown_query_fields_are_refused(client, auth):
    response = client.get("/v1/model/report?page=2", headers=auth())
    assert response.status_code == 422 and "page" in response.get_json()["error"]["details"]


def test_an_altered_or_missing_report_is_not_served(trained, tmp_path, auth, token_config):
    shutil.copytree(trained.path, tmp_path / trained.version)
    (tmp_path / "CURRENT").write_text(trained.version)
    app = create_app({"ARTIFACTS_DIR": str(tmp_path), "TNA_API_TOKENS": token_config,
                      "RELOAD_INTERVAL": 0})  # fmt: skip
    client = app.test_client()
    assert client.get("/v1/model/report", headers=auth()).status_code == 200
    with open(tmp_path / trained.version / "report.html", "ab") as handle:
        handle.write(b"<script>alert(1)</script>")
    altered = client.get("/v1/model/report", headers=auth())
    assert altered.status_code == 404
    body = altered.get_json()["error"]
    assert body["code"] == "not_found" and body["details"] == {"report": [trained.version]}
    (tmp_path / trained.version / "report.html").unlink()
    assert client.get("/v1/model/report", headers=auth()).status_code == 404
