"""/app/evaluation: the course ranking (chart, filters, export) and one course's levels, with
the numbers of `GET /v1/evaluation/courses` and `GET /v1/programs/<id>/evaluation`."""

from __future__ import annotations

import html
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from features.courses import course_names
from service.exports.evaluation import COLUMNS, ranking_workbook
from service.web.formats import number


def rows_of(page: bytes) -> dict[str, str]:
    """Course -> its table row (HTML) on the ranking page."""
    body = page.decode()
    found = re.findall(r'<tr data-course="([^"]*)"[^>]*>(.*?)</tr>', body, re.S)
    return {html.unescape(course): row for course, row in found}


@pytest.mark.parametrize(
    "lang, heading", [("id", "Evaluasi program"), ("en", "Program evaluation")]
)
def test_the_ranking_renders_in_both_languages(planner, lang, heading):
    page = planner.get(f"/app/evaluation?lang={lang}")
    assert page.status_code == 200
    body = page.data.decode()
    assert f'<html lang="{lang}">' in body and f"<h1>{heading}</h1>" in body
    assert "data:image/svg+xml;base64," in body  # the forest plot
    assert '<label for="method">' in body and '<label for="provider">' in body


def test_the_ranking_shows_the_api_numbers_in_its_order(planner, auth):
    api = planner.get("/v1/evaluation/courses", headers=auth()).get_json()["items"]
    page = planner.get("/app/evaluation?lang=en")
    rows = rows_of(page.data)
    assert list(rows) == [item["course"] for item in api]
    for item in api:
        row = rows[item["course"]]
        rank = str(item["rank"]) if item["rank"] is not None else "–"
        assert f'<td class="num">{rank}</td>' in row
        assert f'<td class="num effect">{number(item["effect"], 2)}</td>' in row
        assert f'<td class="num">{number(item["n_participants"])}</td>' in row
        if item["rank"] is not None:  # how sure: the 95% range of ranks
            reach = f"{item['rank_ci_low']}–{item['rank_ci_high']}"
            assert f'<td class="num rank-range">{reach}</td>' in row
            assert 1 <= item["rank_ci_low"] <= item["rank_ci_high"] <= len(api)
    unranked = [i for i in api if i["rank"] is None]
    assert unranked, "the tiny world has courses without enough evidence"
    assert "not enough evidence" in rows[unranked[0]["course"]]
    assert api[0]["rank"] == 1  # never an unranked course first


def test_filters_give_the_api_answer_for_the_same_query(planner, auth):
    api = planner.get("/v1/evaluation/courses?method=e_learning", headers=auth()).get_json()
    page = planner.get("/app/evaluation?method=e_learning&provider=")
    assert page.status_code == 200
    assert list(rows_of(page.data)) == [item["course"] for item in api["items"]]
    assert '<option value="e_learning" selected>' in page.data.decode()


def test_a_bad_filter_is_a_422_page(planner):
    answer = planner.get("/app/evaluation?method=telepathy&lang=en")
    assert answer.status_code == 422 and b"<html" in answer.data and b"method" in answer.data


def test_the_export_is_the_table_on_screen(planner, auth):
    api = planner.get("/v1/evaluation/courses?method=classroom", headers=auth()).get_json()
    answer = planner.get("/app/evaluation.xlsx?method=classroom")
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(answer.data), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(COLUMNS)
    table = [dict(zip(COLUMNS, r, strict=True)) for r in rows[header + 1 :]]
    assert [r["course"] for r in table] == [i["course"] for i in api["items"]]
    for row, item in zip(table, api["items"], strict=True):
        assert row["rank"] == item["rank"] and row["effect"] == pytest.approx(item["effect"])


def test_a_course_named_like_a_formula_is_text_in_the_export():
    item = dict.fromkeys(COLUMNS) | {"course": '=HYPERLINK("http://x")', "rank": 1}
    answer = {"model_version": "v", "as_of": "2026-01-01", "method": None, "provider": None,
              "items": [item]}  # fmt: skip
    sheet = load_workbook(BytesIO(ranking_workbook(answer))).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == item["course"])
    assert cell.data_type == "s"


@pytest.fixture(scope="module")
def course_program(app, auth) -> str:
    """A program of the best-ranked course (sufficient evidence)."""
    with app.test_request_context():
        from service.actions.evaluations import course_programs

        client = app.test_client()
        items = client.get("/v1/evaluation/courses", headers=auth()).get_json()["items"]
        return course_programs()[items[0]["course"]]


def test_the_course_page_shows_the_api_levels(planner, course_program, auth):
    api = planner.get(f"/v1/programs/{course_program}/evaluation", headers=auth()).get_json()
    page = planner.get(f"/app/evaluation/{course_program}?lang=en")
    assert page.status_code == 200
    body = page.data.decode()
    l3 = api["behavior_change"]
    assert re.search(rf'id="l3-effect">{re.escape(number(l3["effect"], 2))}<', body)
    assert re.search(rf'id="l3-participants">{number(l3["n_participants"])}<', body)
    assert re.search(rf'id="l3-comparison">{number(l3["n_comparison"])}<', body)
    naive = number(l3["naive_before_after"]["mean"], 2)
    assert re.search(rf'id="naive-mean">{re.escape(naive)}<', body)
    for level in ("level-1", "level-2", "level-4", "completion", "cost"):
        assert f'id="{level}"' in body
    for method in api["by_method"]:
        assert f'data-method="{method["method"]}"' in body
    for provider in api["by_provider"]:
        shown = re.escape(html.escape(provider["provider"]))
        row = re.search(rf'data-provider="{shown}">(.*?)</tr>', body, re.S).group(1)
        assert number(provider["behavior_change"]["effect"], 2) in row
    assert api["evidence"]["status"] == "sufficient" and "Not enough evidence" not in body


def test_a_course_without_enough_evidence_says_so_plainly(planner, engine, auth):
    items = planner.get("/v1/evaluation/courses", headers=auth()).get_json()["items"]
    from service.actions.evaluations import course_programs

    with planner.application.test_request_context():
        programs = course_programs()
    weak = next(i for i in items if i["rank"] is None)
    page = planner.get(f"/app/evaluation/{programs[weak['course']]}?lang=en")
    assert page.status_code == 200
    assert 'id="evidence"' in page.data.decode() and b"Not enough evidence" in page.data
    indonesian = planner.get(f"/app/evaluation/{programs[weak['course']]}?lang=id")
    assert "Bukti belum cukup" in indonesian.data.decode()
    # the verdict itself is said in Indonesian, from its code (the API keeps its English)
    verdict = html.escape(weak["evidence_reason"])
    assert verdict in page.data.decode() and verdict not in indonesian.data.decode()


def test_an_unknown_program_is_a_404_page(planner):
    answer = planner.get("/app/evaluation/NOPE")
    assert answer.status_code == 404 and b"<html" in answer.data


def test_the_course_page_refuses_query_parameters(planner, course_program):
    assert planner.get(f"/app/evaluation/{course_program}?colour=red").status_code == 422


def test_the_evaluation_pages_need_a_session(client):
    answer = client.get("/app/evaluation")
    assert answer.status_code == 302 and "/app/login" in answer.headers["Location"]


def test_courses_are_shown_by_a_readable_name_not_their_key(planner, engine, course_program, auth):
    api = planner.get(f"/v1/programs/{course_program}/evaluation", headers=auth()).get_json()
    key = api["course"]
    sessions = engine.programs[course_names(engine.programs["title"]) == key]
    latest = str(sessions.sort_values("start_date")["title"].iloc[-1])
    for lang in ("en", "id"):
        body = planner.get(f"/app/evaluation/{course_program}?lang={lang}").data.decode()
        heading = re.search(r"<h1[^>]*>[^:]*: (.*?)</h1>", body).group(1)
        assert heading != key and heading.lower() == key
        assert latest.startswith(html.unescape(heading))
        listing = planner.get(f"/app/evaluation?lang={lang}").data.decode()
        row = re.search(rf'<tr data-course="{re.escape(key)}"[^>]*>(.*?)</tr>', listing, re.S)
        assert f">{heading}</a>" in row.group(1)


@pytest.mark.parametrize(
    ("lang", "smallest", "certainty"),
    [
        ("en", f"smallest effect worth acting on, {number(0.5, 2)} levels", "ranked"),
        ("id", f"efek terkecil yang layak ditindaklanjuti, {number(0.5, 2)} level", "diperingkat"),
    ],
)
def test_the_ranking_states_the_smallest_effect_and_how_sure_it_is(
    planner, lang, smallest, certainty, auth
):
    api = planner.get("/v1/evaluation/courses", headers=auth()).get_json()
    assert api["smallest_effect"] == 0.5 and api["certainty"]
    body = planner.get(f"/app/evaluation?lang={lang}").data.decode()
    assert smallest in body
    found = re.search(r'<p class="count" id="ranking-certainty">([^<]*)</p>', body)
    assert found and certainty in found.group(1)
