"""The program page after a dropout: the seats line shows the free seat, the leaver is named,
the recommended replacement and the waitlist fill it; refusals of leavers and of started
programs are translated (docs/decision-store.md)."""

from __future__ import annotations

from html import unescape

import pytest

from tests.service.routes.test_dropouts import leave
from tests.service.routes.test_nominations import decide, nominate, some_employees
from tests.service.web.test_program_page import section


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_page_shows_the_freed_seat_and_offers_the_waitlist(
    store_app,
    store_client,
    engine,
    small_program,
    sign_in,
    auth,
):
    program_id, capacity = small_program
    ids = some_employees(engine, program_id, capacity)
    draft = nominate(store_client, program_id, employee_ids=ids, auth=auth).get_json()[
        "nomination_id"
    ]
    assert decide(store_client, draft, *ids, auth=auth).status_code == 200
    page = sign_in(store_app.test_client())
    full = unescape(page.get(f"/app/programs/{program_id}?lang=en").data.decode())
    assert f"Seats: {capacity} · taken {capacity} · free 0" in full
    assert 'id="freed-seats"' not in full

    assert leave(store_client, engine, ids[0], program_id, "dropped", auth=auth).status_code == 200
    html = unescape(page.get(f"/app/programs/{program_id}?lang=en").data.decode())
    assert f"Seats: {capacity} · taken {capacity - 1} · free 1" in html
    freed = section(html, "freed-seats")
    assert "1 approved participant left before the start: the seat is free again." in freed
    assert "(dropped)" in freed
    assert "left: dropped" in section(html, "nominations")
    assert "1 of 1 seats filled" in html  # one recommended replacement, ticked
    recommended = section(html, "participants")
    assert ids[0] not in recommended and 'name="employee_ids"' in recommended
    assert 'name="employee_ids"' in section(html, "waitlist")  # the waitlist may be ticked too
    indonesian = unescape(page.get(f"/app/programs/{program_id}?lang=id").data.decode())
    assert f"Kursi: {capacity} · terisi {capacity - 1} · kosong 1" in indonesian
    assert "keluar: mengundurkan diri" in indonesian


def test_leaver_and_started_refusals_are_translated(app):
    from service.web.refusals import translated_refusal
    from store import errors as codes

    left = codes.refusal(codes.LEFT_PROGRAM, status="no_show")
    started = codes.refusal(codes.PROGRAM_STARTED, day="2026-07-01")
    with app.test_request_context("/app/?lang=id"):
        assert translated_refusal(left) == "sudah keluar dari program ini (tidak hadir)"
        assert translated_refusal(started) == (
            "program dimulai pada 2026-07-01: kursi tidak diisi lagi setelah program dimulai"
        )
