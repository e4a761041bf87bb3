"""The employee page and the unit page (with its XLSX export): the API's numbers, both
languages, sign-in, 404."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from service.web.formats import number


def rows_of(page: bytes, table: str) -> list[str]:
    """The `data-*-id` of every body row of the table with this id."""
    body = page.decode().split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-[a-z]+-id="([^"]+)"', body)


@pytest.fixture(scope="module")
def parent_unit(engine) -> str:
    directory = engine.directory
    staffed = set(directory.unit_of)
    return next(u for u in sorted(directory.units) if staffed & set(directory.sub_units(u)))


def test_employee_page_shows_the_apis_answers(planner, client, employee_id, auth):
    page = planner.get(f"/app/employees/{employee_id}?k=5")
    assert page.status_code == 200
    gaps = client.get(f"/v1/employees/{employee_id}/gaps", headers=auth()).get_json()
    recs = client.get(f"/v1/employees/{employee_id}/recommendations?k=5", headers=auth())
    history = client.get(f"/v1/employees/{employee_id}/history", headers=auth()).get_json()
    text = page.data.decode()
    assert rows_of(page.data, "gaps") == [c["competency_id"] for c in gaps["competencies"]]
    assert rows_of(page.data, "recommendations") == [
        r["program_id"] for r in recs.get_json()["items"]
    ]
    assert rows_of(page.data, "history") == [i["program_id"] for i in history["items"]]
    assert 'src="data:image/svg+xml;base64,' in text and gaps["role_title"] in text
    assert f'value="{min(gaps["jp_this_year"], 20)}"' in text


def test_employee_page_in_both_languages(planner, employee_id):
    indonesian = planner.get(f"/app/employees/{employee_id}").data.decode()
    english = planner.get(f"/app/employees/{employee_id}?lang=en").data.decode()
    assert "Profil kesenjangan kompetensi" in indonesian and 'lang="id"' in indonesian
    assert "Competency gap profile" in english and 'lang="en"' in english


def test_employee_page_refusals(client, planner, employee_id):
    fresh = client.application.test_client()  # not signed in
    assert fresh.get(f"/app/employees/{employee_id}").status_code == 302
    missing = planner.get("/app/employees/NOPE")
    assert missing.status_code == 404 and b"<html" in missing.data
    assert planner.get(f"/app/employees/{employee_id}?k=0").status_code == 422


def test_unit_page_shows_the_needs_with_sub_units(planner, client, parent_unit, engine, auth):
    page = planner.get(f"/app/units/{parent_unit}")
    assert page.status_code == 200
    needs = client.get(f"/v1/units/{parent_unit}/needs", headers=auth()).get_json()
    text = page.data.decode()
    assert rows_of(page.data, "unit-competencies") == [
        c["competency_id"] for c in needs["competencies"]
    ]
    assert rows_of(page.data, "unit-programs") == [p["program_id"] for p in needs["programs"]]
    assert rows_of(page.data, "under-jp") == [
        e["employee_id"] for e in needs["employees_under_jp"][:100]
    ]
    for sub in engine.directory.sub_units(parent_unit):
        assert f'href="/app/units/{sub}"' in text
    sub_page = planner.get(f"/app/units/{engine.directory.sub_units(parent_unit)[0]}").data
    main = sub_page.decode().split("<main", 1)[1][:400]
    assert f'id="parent-unit">Bagian dari <a href="/app/units/{parent_unit}"' in main, main
    assert 'src="data:image/svg+xml;base64,' in text
    assert number(needs["employees"]) in text


def test_unit_page_languages_and_refusals(planner, client, parent_unit):
    assert "Sub-unit" in planner.get(f"/app/units/{parent_unit}").data.decode()
    assert "Sub-units" in planner.get(f"/app/units/{parent_unit}?lang=en").data.decode()
    assert planner.get("/app/units/NOPE").status_code == 404
    assert planner.get("/app/units/NOPE/needs.xlsx").status_code == 404
    assert client.application.test_client().get(f"/app/units/{parent_unit}").status_code == 302


def test_unit_needs_export_holds_the_apis_rows(planner, client, parent_unit, auth):
    answer = planner.get(f"/app/units/{parent_unit}/needs.xlsx?lang=en")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    needs = client.get(f"/v1/units/{parent_unit}/needs", headers=auth()).get_json()
    book = load_workbook(io.BytesIO(answer.data), read_only=True)
    assert book.sheetnames == ["Competencies", "Under 20 JP", "Programs", "By position"]
    short = [row[0] for row in book["Under 20 JP"].iter_rows(min_row=2, values_only=True)]
    assert short == [e["employee_id"] for e in needs["employees_under_jp"]]
    ids = [row[0] for row in book["Programs"].iter_rows(min_row=2, values_only=True)]
    assert ids == [p["program_id"] for p in needs["programs"]]
    cells = list(book["By position"].iter_rows(min_row=2, values_only=True))
    assert len(cells) == len(needs["gaps_by_position"])


def test_export_writes_formula_like_text_as_text(app):
    from service.exports.unit_needs import needs_workbook

    title = '=HYPERLINK("http://example.invalid","x")'
    needs = {"competencies": [], "employees_under_jp": [], "gaps_by_position": [],
             "programs": [{"program_id": "P1", "title": title, "cost": 1.0}]}  # fmt: skip
    with app.test_request_context("/app/units/X/needs.xlsx?lang=en"):
        data = needs_workbook(needs)
    cell = load_workbook(io.BytesIO(data))["Programs"]["B2"]
    assert cell.value == title and cell.data_type == "s"


def test_charts_of_a_single_row_are_drawn(app):
    from service.web.people_charts import gap_profile_chart, needs_heat_map

    cell = {"competency_id": "C1", "competency_name": "Integritas", "role_id": "R1",
            "role_title": "Pengadministrasi Perkantoran Ahli Pertama", "mean_weighted_gap": 0.4,
            "employees": 1}  # fmt: skip
    level = {"competency_id": "C1", "name": "Integritas", "required_level": 3,
             "current_level": 2.5, "level_uncertainty": 0.3}  # fmt: skip
    with app.test_request_context("/app/units/X"):
        heat = needs_heat_map([cell])
        assert heat["uri"].startswith("data:image/svg+xml;base64,")
        assert heat["competencies"] == (1, 1) and heat["positions"] == (1, 1)
        assert gap_profile_chart([level]).startswith("data:image/svg+xml;base64,")
        assert needs_heat_map([]) is None and gap_profile_chart([]) is None
