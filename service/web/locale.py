"""Which language a page is in: `?lang=` (remembered for the session), else Indonesian."""

from __future__ import annotations

from flask import request, session

LANGUAGES = ("id", "en")
DEFAULT = "id"
# Amounts, numbers and dates follow Indonesian conventions in both languages (CONTRACT
# section 4: `Rp 5.500.000`, `29 Nov 2026`); only the month names follow the language.
NUMBER_LOCALE = "id_ID"


def select_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        if session.get("lang") != asked:
            session["lang"] = asked
        return asked
    remembered = session.get("lang")
    return remembered if remembered in LANGUAGES else DEFAULT
