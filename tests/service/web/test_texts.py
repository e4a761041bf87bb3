"""What the engine says (`model.messages.Message`), shown in the page's language from its code
and values, never by reading the English sentence."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from model import messages as said
from service.web.plans import saved_messages
from service.web.texts import MESSAGES, engine_text

TRANSLATIONS = Path(__file__).resolve().parents[3] / "service" / "web" / "translations"
CHEAP = said.Message(said.BUDGET_BELOW_CHEAPEST, budget=1000.0, cheapest=2_500_000.0)


def test_every_engine_code_has_its_page_text_in_both_catalogues():
    assert set(MESSAGES) == set(said.SENTENCES)
    for language in ("id", "en"):
        with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
            catalogue = read_po(po, locale=language)
        for code, msgid in MESSAGES.items():
            assert catalogue.get(msgid) is not None, (language, code)
            assert language == "en" or catalogue.get(msgid).string, code


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("id", "anggaran (Rp 1.000) di bawah biaya kursi termurah (Rp 2.500.000)"),
        ("en", "the budget (Rp 1.000) is below the cheapest seat (Rp 2.500.000)"),
    ],
)
def test_a_message_is_said_from_its_code_with_its_amounts(app, lang, expected):
    assert CHEAP == "the budget (Rp 1,000) is below the cheapest seat (Rp 2,500,000)"  # the API's
    with app.test_request_context(f"/app/plans?lang={lang}"):
        assert engine_text(CHEAP) == expected


def test_a_sentence_without_its_code_is_shown_as_written_never_parsed(app):
    with app.test_request_context("/app/plans?lang=id"):
        assert engine_text(str(CHEAP)) == str(CHEAP)
        assert engine_text("something new <b>") == "something new <b>"
        assert engine_text(None) == ""


def test_a_saved_plan_says_its_reason_and_notes_from_the_codes_saved_beside_them(app):
    cut = said.Message(said.PERIOD_CUT, days=731, end="2028-01-02")
    saved = {"reason": str(CHEAP), "refusal": CHEAP.coded(), "notes": [str(cut), "older note"],
             "note_codes": [cut.coded()]}  # fmt: skip
    with app.test_request_context("/app/plans?lang=id"):
        shown = saved_messages(saved)
        assert engine_text(shown["reason"]).startswith("anggaran (Rp 1.000)")
        notes = [engine_text(note) for note in shown["notes"]]
        assert notes[0].startswith("periode") and "731" in notes[0], notes
        assert notes[1] == "older note"  # a note without a code is kept as written
        before_codes = saved_messages({"reason": str(CHEAP), "notes": [str(cut)]})
        assert engine_text(before_codes["reason"]) == str(CHEAP)


def test_a_message_keeps_its_code_through_pickling():
    again = pickle.loads(pickle.dumps(CHEAP))
    assert (again, again.code, again.values) == (CHEAP, CHEAP.code, CHEAP.values)


def test_a_form_field_out_of_range_is_refused_in_the_page_language(app):
    import marshmallow as ma

    from service.plan_schemas import PlanRequestSchema
    from service.web.form_messages import translated

    sent = {"period_start": "2027-01-01", "period_end": "nope", "time_limit_s": 3600}
    with (
        app.test_request_context("/app/plans?lang=id"),
        pytest.raises(ma.ValidationError) as refused,
    ):
        translated(PlanRequestSchema()).load(sent)
    assert refused.value.messages == {
        "time_limit_s": ["Harus antara 0,01 dan 600."],
        "period_end": ["Bukan tanggal yang sah."],
        "budget": ["Wajib diisi."],
    }
    with pytest.raises(ma.ValidationError) as api:  # the API's schema keeps its English
        PlanRequestSchema().load(sent)
    assert api.value.messages["budget"] == ["Missing data for required field."]
