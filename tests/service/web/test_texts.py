"""Sentences the engine writes in English, shown in the page's language with their numbers."""

from __future__ import annotations

import pytest

from service.web.texts import engine_text


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("id", "anggaran (Rp 1.000) di bawah biaya kursi termurah (Rp 2.500.000)"),
        ("en", "the budget (Rp 1.000) is below the cheapest seat (Rp 2.500.000)"),
    ],
)
def test_a_known_sentence_is_translated_with_its_amounts(app, lang, expected):
    with app.test_request_context(f"/app/plans?lang={lang}"):
        said = "the budget (Rp 1,000) is below the cheapest seat (Rp 2,500,000)"
        assert engine_text(said) == expected


def test_evidence_and_form_messages_are_translated(app):
    with app.test_request_context("/app/evaluation?lang=id"):
        said = "only 3 participants matched to a comparison group (at least 10 needed)"
        assert engine_text(said) == (
            "hanya 3 peserta yang dapat dipasangkan dengan kelompok pembanding"
            " (diperlukan paling sedikit 10)"
        )
        range_message = "Must be greater than or equal to 0.01 and less than or equal to 600.0."
        assert engine_text(range_message) == "Harus antara 0,01 dan 600."


def test_an_unknown_sentence_is_shown_as_written(app):
    with app.test_request_context("/app/plans?lang=id"):
        assert engine_text("something new <b>") == "something new <b>"
        assert engine_text(None) == ""
