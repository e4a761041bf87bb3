"""The 20-JP ledger by category in the gap profile, the training history and the employee
page: the categories add up to `jp_this_year`, and the demo world's kinds fill more than
"other"."""

from __future__ import annotations

from features import columns as col

CATEGORIES = ["leadership", "functional", "technical", "other"]


def test_the_ledger_adds_up_to_jp_this_year(app, client, engine, auth, sign_in):
    needs = engine.needs
    trained = needs.index[needs[col.JP_THIS_YEAR] > 0][:20].tolist()
    none = needs.index[needs[col.JP_THIS_YEAR] == 0][:1].tolist()
    assert trained and none
    seen = set()
    for employee_id in trained + none:
        for path in ("gaps", "history"):
            body = client.get(f"/v1/employees/{employee_id}/{path}", headers=auth()).get_json()
            ledger = body["jp_by_category"]
            assert list(ledger) == CATEGORIES or set(ledger) == set(CATEGORIES)
            assert sum(ledger.values()) == body["jp_this_year"], (employee_id, path)
            seen |= {category for category, jp in ledger.items() if jp}
    assert seen - {"other"}, seen  # the demo world states kinds (features/demo/rules.py)
    page = sign_in(app.test_client()).get(f"/app/employees/{trained[0]}?lang=en").data.decode()
    table = page.split('id="jp-by-category"')[1].split("</table>")[0]
    assert "Leadership (structural)" in table and 'data-category="other"' in table
