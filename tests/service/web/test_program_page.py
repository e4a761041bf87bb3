"""The program page (/app/programs/<id>): the list under the form's constraints, who was left out,
"why not?", nominating and deciding, and the CSV/XLSX exports; the numbers are the API's."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook

ROW = re.compile(r'<tr data-employee-id="([^"]+)"')


def page_url(program_id: str, query: str = "") -> str:
    return f"/app/programs/{program_id}" + (f"?{query}" if query else "")


def section(html: str, ident: str) -> str:
    """The element with this id, up to its closing tag (enough for these pages' structure)."""
    start = html.index(f'id="{ident}"')
    tag = html.rfind("<", 0, start)
    name = html[tag + 1 : html.index(" ", tag)]
    return html[tag : html.index(f"</{name}>", start)]


def api_select(client, program_id, *, auth, **body):
    answer = client.post(f"/v1/programs/{program_id}/participants", json=body, headers=auth())
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_list_is_the_apis_under_the_forms_constraints(
    planner, client, upcoming_program_id, lang, auth
):
    query = f"seats=4&max_per_unit=1&min_completion_probability=0.2&budget=&lang={lang}"
    answer = planner.get(page_url(upcoming_program_id, query))
    assert answer.status_code == 200, answer.data[:800]
    html = answer.data.decode()
    assert f'<html lang="{lang}">' in html
    chosen = api_select(client, upcoming_program_id, seats=4, max_per_unit=1,
                        min_completion_probability=0.2, auth=auth)  # fmt: skip
    listed = ROW.findall(section(html, "participants"))
    assert listed == [s["employee_id"] for s in chosen["selected"]]
    for id_ in ("constraints", "apply-constraints", "left-out", "why-not", "why-not-nip",
                "why-not-submit", "nominate", "nomination-note", "nominate-submit",
                "nominations", "export-csv", "export-xlsx"):  # fmt: skip
        assert f'id="{id_}"' in html, id_
    assert 'value="4"' in section(html, "constraints")
    left_out = section(html, "left-out")
    for code, n in chosen["summary"]["left_out"].items():
        assert re.search(rf'data-reason="{code}"><td>[^<]+</td><td class="num">{n}</td>', left_out)
    words = {"id": "Peserta yang direkomendasikan", "en": "Recommended participants"}
    assert words[lang] in html


def test_units_repeat_in_the_query_string(planner, client, engine, upcoming_program_id, auth):
    units = sorted({str(u) for u in engine.unit_of[:50]})[:2]
    query = "&".join(f"unit_ids={u}" for u in units) + "&seats=30"
    html = planner.get(page_url(upcoming_program_id, query)).data.decode()
    chosen = api_select(client, upcoming_program_id, unit_ids=units, seats=30, auth=auth)
    assert ROW.findall(section(html, "participants")) == [
        s["employee_id"] for s in chosen["selected"]
    ]
    for unit in units:
        assert re.search(rf'<option value="{unit}" selected>', html)


def test_bad_constraints_are_a_422_page(planner, upcoming_program_id):
    answer = planner.get(page_url(upcoming_program_id, "seats=-1"))
    assert answer.status_code == 422 and b"<html" in answer.data and b"seats" in answer.data
    assert planner.get(page_url("NOPE")).status_code == 404


def test_why_not_answers_in_the_page(planner, client, upcoming_program_id, auth):
    chosen = api_select(client, upcoming_program_id, seats=2, auth=auth)
    waiting = chosen["waitlist"][0]["employee_id"]
    html = planner.get(page_url(upcoming_program_id, f"seats=2&employee_id={waiting}&lang=en"))
    result = unescape(section(html.data.decode(), "why-not-result"))
    assert "on the waitlist" in result and "the seats or the budget ran out" in result
    assert f"Rank {len(chosen['selected']) + 1} of" in result
    unknown = planner.get(page_url(upcoming_program_id, "employee_id=NOPE&lang=en")).data.decode()
    assert "No employee with NIP NOPE" in section(unknown, "why-not-result")
    # the why-not form keeps the constraints, so the answer is about the list on screen
    assert 'type="hidden" name="seats" value="2"' in section(html.data.decode(), "why-not")


def test_nominate_then_decide_and_a_refusal_names_who_and_why(
    planner, client, upcoming_program_id, auth, csrf_of
):
    url = page_url(upcoming_program_id, "seats=2")
    html = planner.get(url).data.decode()
    ids = ROW.findall(section(html, "participants"))
    form = {"csrf_token": csrf_of(html.encode()), "employee_ids": ids, "note": "Q1 =1+1",
            "key": re.search(r'name="key" value="([^"]+)"', html).group(1)}  # fmt: skip
    refused = planner.post(f"/app/programs/{upcoming_program_id}/nominations?seats=2",
                           data={k: v for k, v in form.items() if k != "csrf_token"})  # fmt: skip
    assert refused.status_code == 400  # no CSRF token
    made = planner.post(f"/app/programs/{upcoming_program_id}/nominations?seats=2", data=form)
    assert made.status_code == 302 and made.headers["Location"].endswith("?seats=2#nominations")
    again = planner.post(f"/app/programs/{upcoming_program_id}/nominations?seats=2", data=form)
    assert again.status_code == 302  # the same key: the first draft, not a second one
    listed = client.get(
        f"/v1/programs/{upcoming_program_id}/nominations", headers=auth()
    ).get_json()
    mine = [n for n in listed["items"] if n["note"] == "Q1 =1+1"]
    assert len(mine) == 1 and [i["employee_id"] for i in mine[0]["items"]] == ids
    nomination_id = mine[0]["nomination_id"]
    page = planner.get(url).data.decode()
    assert f'data-nomination-id="{nomination_id}"' in page
    assert (
        f'action="/app/programs/{upcoming_program_id}/nominations/{nomination_id}/decisions?seats=2"'
        in page
    )
    decide = f"/app/programs/{upcoming_program_id}/nominations/{nomination_id}/decisions?seats=2"
    token = csrf_of(page.encode())
    ok = planner.post(decide, data={"csrf_token": token, "employee_id": ids[0],
                                    "decision": "rejected", "reason": "cuti"})  # fmt: skip
    assert ok.status_code == 302
    item = client.get(f"/v1/nominations/{nomination_id}", headers=auth()).get_json()["items"][0]
    assert (item["decision"], item["reason"]) == ("rejected", "cuti")
    row = planner.get(url).data.decode()
    assert re.search(rf'data-employee-id="{ids[0]}">.*?<td class="decision">.*?ditolak', row, re.S)


def test_exports_are_the_list_on_screen(planner, client, upcoming_program_id, auth):
    query = "seats=3&max_per_unit=1"
    chosen = api_select(client, upcoming_program_id, seats=3, max_per_unit=1, auth=auth)["selected"]
    answer = planner.get(f"/app/programs/{upcoming_program_id}/participants.csv?{query}")
    assert answer.status_code == 200 and answer.data.startswith(b"\xef\xbb\xbf")
    assert "daftar-peserta-" in answer.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    header = lines.index(["No", "Nama", "NIP", "Jabatan", "Unit Kerja", "Peluang selesai",
                          "Perkiraan manfaat"])  # fmt: skip
    rows = lines[header + 1 :]
    assert [r[2] for r in rows] == [s["employee_id"] for s in chosen]
    assert [float(r[5]) for r in rows] == pytest.approx(
        [s["completion_probability"] for s in chosen], abs=1e-4
    )
    xlsx = planner.get(f"/app/programs/{upcoming_program_id}/participants.xlsx?{query}&lang=en")
    assert xlsx.status_code == 200 and xlsx.headers["Content-Disposition"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(values) if r and r[0] == "No") + 1
    assert [r[2] for r in values[start:]] == [s["employee_id"] for s in chosen]
    assert [r[6] for r in values[start:]] == pytest.approx(
        [s["expected_gain"] for s in chosen], abs=1e-4
    )


def test_pages_need_a_session(client, upcoming_program_id):
    assert client.get(page_url(upcoming_program_id)).status_code == 302
    answer = client.get(f"/app/programs/{upcoming_program_id}/participants.csv")
    assert answer.status_code == 302


def test_a_refused_approval_names_each_employee_and_why(
    planner, client, engine, upcoming_program_id, auth, csrf_of
):
    cost = float(engine.programs.loc[upcoming_program_id, "cost"])
    assert cost > 1, "the tiny world's first upcoming program has a cost"
    ids = api_select(client, upcoming_program_id, seats=2, auth=auth)["selected"]
    ids = [s["employee_id"] for s in ids]
    url = page_url(upcoming_program_id, "budget=1")  # the nomination's budget pays for nobody
    html = planner.get(url).data.decode()
    form = {"csrf_token": csrf_of(html.encode()), "employee_ids": ids, "note": "tight budget"}
    made = planner.post(f"/app/programs/{upcoming_program_id}/nominations?budget=1", data=form)
    assert made.status_code == 302
    listed = client.get(f"/v1/programs/{upcoming_program_id}/nominations", headers=auth())
    nomination = next(n for n in listed.get_json()["items"] if n["note"] == "tight budget")
    assert nomination["budget"] == 1
    decide = (f"/app/programs/{upcoming_program_id}/nominations/"
              f"{nomination['nomination_id']}/decisions?budget=1")  # fmt: skip
    answer = planner.post(decide, data={"csrf_token": csrf_of(html.encode()),
                                        "employee_id": ids[0], "decision": "approved"})  # fmt: skip
    assert answer.status_code == 409
    error = unescape(section(answer.data.decode(), "decision-error"))
    assert 'role="alert"' in error and ids[0] in error
    assert "melebihi anggaran usulan: 1 persetujuan berbiaya Rp" in error
    item = client.get(f"/v1/nominations/{nomination['nomination_id']}", headers=auth())
    assert item.get_json()["items"][0]["decision"] is None  # nothing recorded


def test_refusals_are_translated_from_their_codes_and_unknown_ones_kept(app):
    from service.web.refusals import translated_refusal
    from store import errors as codes

    seats = codes.refusal(codes.NO_FREE_SEAT, taken=20, capacity=20, free=0, n=2)
    course = codes.refusal(codes.HOLDS_SAME_COURSE, held="approved", program="P-2")
    with app.test_request_context("/app/?lang=id"):
        assert translated_refusal(seats) == (
            "tidak ada kursi kosong: 20 dari 20 terisi, 0 kosong untuk 2 persetujuan"
        )
        assert translated_refusal(course) == (
            "sudah disetujui untuk sesi lain dari Diklat yang sama: program P-2"
        )
        assert translated_refusal("something new") == "something new"
        # a sentence is never read: the same words without their code stay English
        assert translated_refusal(str(seats)) == str(seats)
        assert translated_refusal("course_completed") == "sudah lulus Diklat ini"  # why-not
    with app.test_request_context("/app/?lang=en"):
        held = codes.refusal(codes.HOLDS_PROGRAM, held="completed")
        assert translated_refusal(held) == "has completed this program"


def test_every_refusal_code_has_its_page_text_in_both_catalogues(app):
    from service.actions.nominations import DECIDED_TWICE
    from service.actions.plan_states import STEP_FORBIDDEN
    from service.actions.users import SELF_LOCKOUT, UNKNOWN_UNITS
    from service.web.refusals import MESSAGES
    from store import accounts
    from store import errors as codes
    from store.plan_states import SENTENCES as PLAN_REFUSALS

    assert set(MESSAGES) == {
        *codes.REFUSALS, *PLAN_REFUSALS, DECIDED_TWICE, STEP_FORBIDDEN,
        *accounts.REFUSALS, UNKNOWN_UNITS, SELF_LOCKOUT,
    }  # fmt: skip
    for language in ("id", "en"):
        with app.test_request_context(f"/app/?lang={language}"):
            shown = [str(message) for message in MESSAGES.values()]
        english = [message._args[0] for message in MESSAGES.values()]
        assert (shown == english) == (language == "en"), language
        assert all(s for s in shown)


def test_constraints_read_repeated_keys_and_leave_blanks_unset():
    from werkzeug.datastructures import MultiDict

    from service.web.program_page import constraints

    args = MultiDict([("unit_ids", ""), ("unit_ids", "A"), ("unit_ids", "B"), ("seats", ""),
                      ("budget", "5e6"), ("employee_id", "123"), ("lang", "en")])  # fmt: skip
    loaded = constraints(args)
    assert loaded["unit_ids"] == ["A", "B"] and loaded["budget"] == 5e6
    assert "seats" not in loaded and "employee_id" not in loaded
