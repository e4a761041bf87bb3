"""The decision store's refusals (409 details, English) in the page's language.

The store writes each reason from a few fixed sentences (`store.decisions`, `store.rules`,
`store.live`); a page matches them and translates the sentence, keeping the numbers and ids.
A sentence not known here is shown as the store wrote it.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from service.web.formats import rupiah
from service.web.labels import STATUSES

HOLDINGS = {
    "already approved for": _l("already approved for"),
    "already enrolled in": _l("already enrolled in"),
    "has completed": _l("has completed"),
}
_WHAT = "(" + "|".join(re.escape(w) for w in HOLDINGS) + ")"
PATTERNS = [
    (
        re.compile(r"no free seat: (\d+) of (\d+) taken, (\d+) free for (\d+) approvals"),
        _l("no free seat: %(taken)s of %(capacity)s taken, %(free)s free for %(n)s approvals"),
        ("taken", "capacity", "free", "n"),
    ),
    (
        re.compile(r"over the nomination's budget: (\d+) approvals cost ([\d,]+) > ([\d,]+)"),
        _l("over the nomination's budget: %(n)s approvals cost %(cost)s, more than %(budget)s"),
        ("n", "cost", "budget"),
    ),
    (
        re.compile(_WHAT + r" this program"),
        _l("%(what)s this program"),
        ("what",),
    ),
    (
        re.compile(_WHAT + r" another session of the same course: program (\S+)"),
        _l("%(what)s another session of the same course: program %(program)s"),
        ("what", "program"),
    ),
    (
        re.compile(_WHAT + r" an overlapping session: program (\S+), (\S+) to (\S+)"),
        _l("%(what)s an overlapping session: program %(program)s, %(first)s to %(last)s"),
        ("what", "program", "first", "last"),
    ),
    (
        re.compile(r"left this program: (dropped|failed|no_show)"),
        _l("left this program (%(status)s)"),
        ("status",),
    ),
    (
        re.compile(r"the program started on (\S+): no seat is filled after"),
        _l("the program started on %(day)s: no seat is filled after the start"),
        ("day",),
    ),
    (
        re.compile(r"decided more than once in this request"),
        _l("decided more than once in this request"),
        (),
    ),
]


def translated_refusal(text: str) -> str:
    """One refusal reason in the page's language (as written when the sentence is unknown)."""
    for pattern, template, names in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            values = dict(zip(names, found.groups(), strict=True))
            if "what" in values:
                values["what"] = str(HOLDINGS[values["what"]])
            if "status" in values:
                values["status"] = str(STATUSES[values["status"]])
            for name in ("cost", "budget"):
                if name in values:  # the store writes 5,500,000; the pages, Rp 5.500.000
                    values[name] = rupiah(float(values[name].replace(",", "")))
            return str(template) % values
    return text
