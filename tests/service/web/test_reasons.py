"""Reasons in the page's language, with the numbers of the pages (Indonesian separators)."""

from __future__ import annotations

from model.explain import Reason, english, risk_phrase
from service.web.reasons import translated


def _in(app, lang: str, reason: Reason) -> str:
    with app.test_request_context(f"/app/?lang={lang}"):
        return translated(reason)


def test_a_reason_reads_in_indonesian_with_its_numbers(app):
    template = english(
        "closes an expected {gap:.2f} level(s) of gap in {competency}"
        " (now about {current:.1f}, required {required:.0f})"
    )
    reason = Reason(template, {"gap": 0.38, "competency": "Audit Kinerja", "current": 2.4,
                               "required": 3})  # fmt: skip
    assert _in(app, "id", reason) == (
        "menutup perkiraan 0,38 tingkat kesenjangan pada Audit Kinerja"
        " (kini sekitar 2,4, standar 3)"
    )
    assert str(reason) == (
        "closes an expected 0.38 level(s) of gap in Audit Kinerja (now about 2.4, required 3)"
    )


def test_nested_reasons_terms_and_thousands_are_translated(app):
    risk = Reason(english("risk: {risk}"), {"risk": risk_phrase("course_n_past", 2107.0)})
    assert _in(app, "id", risk) == "risiko: 2.107 peserta sebelumnya pada pelatihan ini"
    method = Reason(english("risk: {risk}"), {"risk": risk_phrase("method", 1.0)})
    assert _in(app, "id", method) == "risiko: metode e-learning"
    assert _in(app, "en", method) == "risk: the e-learning format"


def test_text_that_is_not_a_reason_is_shown_as_written(app):
    with app.test_request_context("/app/"):
        assert translated("a stored sentence") == "a stored sentence"
