"""Sentences the engine writes in English (a plan's infeasibility reason and notes, an
evaluation's evidence verdict and level 4 caveats), shown in the page's language.

Each known sentence is a pattern whose numbers are kept (amounts shown as `Rp 5.500.000`);
a sentence no pattern knows is shown as the engine wrote it, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext

from model.explain import english
from service.web.formats import day, number, rupiah

_AMOUNT = r"Rp (?P<{}>[\d,]+)"


def _amount(text: str) -> str:
    return rupiah(float(text.replace(",", "")))


def _whole(text: str) -> str:
    return number(int(text))


def _decimal(text: str) -> str:
    value = float(text)
    return number(value, 0 if value.is_integer() else 2)


# (pattern, msgid with the pattern's named groups, how each group is shown)
PATTERNS: list[tuple[re.Pattern, str, dict[str, Callable[[str], str]]]] = [
    (re.compile(r"period_end is before period_start"),
     english("the end of the period is before its start"), {}),
    (re.compile(r"no upcoming program starts in the period"),
     english("no upcoming program starts in the period"), {}),
    (re.compile(r"the budget \(" + _AMOUNT.format("budget") + r"\) is below the cheapest seat \("
                + _AMOUNT.format("cheapest") + r"\)"),
     english("the budget (%(budget)s) is below the cheapest seat (%(cheapest)s)"),
     {"budget": _amount, "cheapest": _amount}),
    (re.compile(r"every seat of the period's programs is already taken"),
     english("every seat of the period's programs is already taken"), {}),
    (re.compile(r"nobody eligible for the period's programs has an expected gain above zero"),
     english("nobody eligible for the period's programs has an expected gain above zero"), {}),
    (re.compile(r"the period is cut to (?P<days>\d+) days: it ends on (?P<end>[\d-]+)"),
     english("the period is cut to %(days)s days: it ends on %(end)s"),
     {"days": _whole, "end": day}),
    (re.compile(r"the budget is above what every free seat costs: " + _AMOUNT.format("used")
                + " used"),
     english("the budget is above what every free seat costs: %(used)s is used"),
     {"used": _amount}),
    (re.compile(r"nobody has completed it yet"), english("nobody has completed it yet"), {}),
    (re.compile(r"no past session"), english("no past session"), {}),
    (re.compile(r"no participant was rated by a supervisor or peer on its competencies both"
                r" before and after it"),
     english("no participant was rated by a supervisor or peer on its competencies both before and"
        " after it"), {}),
    (re.compile(r"no comparison group: nobody in the same role with a similar prior rating was"
                r" rated over the same period without attending"),
     english("no comparison group: nobody in the same role with a similar prior rating was rated"
        " over the same period without attending"), {}),
    (re.compile(r"only (?P<n>\d+) participants matched to a comparison group \(at least"
                r" (?P<needed>\d+) needed\)"),
     english("only %(n)s participants matched to a comparison group (at least %(needed)s needed)"),
     {"n": _whole, "needed": _whole}),
    (re.compile(r"only (?P<n>\d+) colleagues in the comparison group \(at least (?P<needed>\d+)"
                r" needed\)"),
     english("only %(n)s colleagues in the comparison group (at least %(needed)s needed)"),
     {"n": _whole, "needed": _whole}),
    (re.compile(r"(?P<n>\d+) participants against (?P<m>\d+) comparable colleagues who did not"
                r" attend"),
     english("%(n)s participants against %(m)s comparable colleagues who did not attend"),
     {"n": _whole, "m": _whole}),
    (re.compile(r"no participant was rated on its competencies before it began and again after it"
                r" ended \(a rating taken while a session ran says nothing\)"),
     english("no participant was rated on its competencies before it began and again after it"
        " ended (a rating taken while a session ran says nothing)"), {}),
    (re.compile(r"no comparison group: nobody rated on its competencies by the same source in the"
                r" same years without attending"),
     english("no comparison group: nobody rated on its competencies by the same source in the"
        " same years without attending"), {}),
    (re.compile(r"only (?P<n>\d+) participants rated before and after it \(at least"
                r" (?P<needed>\d+) needed\)"),
     english("only %(n)s participants rated before and after it (at least %(needed)s needed)"),
     {"n": _whole, "needed": _whole}),
    (re.compile(r"its effect cannot be told apart from that of the courses always taken with it"),
     english("its effect cannot be told apart from that of the courses always taken with it"), {}),
    (re.compile(r"not enough evidence: the 95% interval is (?P<width>[\d.]+) levels wide, wider"
                r" than the smallest effect worth acting on \((?P<smallest>[\d.]+) levels\)"),
     english("not enough evidence: the 95%% interval is %(width)s levels wide, wider than the"
        " smallest effect worth acting on (%(smallest)s levels)"),
     {"width": _decimal, "smallest": _decimal}),
    (re.compile(r"(?P<n>\d+) participants against (?P<m>\d+) comparable colleagues who did not"
                r" attend; the 95% interval \((?P<width>[\d.]+) levels\) is no wider than the"
                r" smallest effect worth acting on \((?P<smallest>[\d.]+) levels\)"),
     english("%(n)s participants against %(m)s comparable colleagues who did not attend; the 95%%"
        " interval (%(width)s levels) is no wider than the smallest effect worth acting on"
        " (%(smallest)s levels)"),
     {"n": _whole, "m": _whole, "width": _decimal, "smallest": _decimal}),
    (re.compile(r"no course has enough evidence to be ranked"),
     english("no course has enough evidence to be ranked"), {}),
    (re.compile(r"1 ranked: nothing to compare it with"),
     english("1 ranked: nothing to compare it with"), {}),
    (re.compile(r"(?P<n>\d+) ranked; how sure the order is is unknown \(an older bundle\)"),
     english("%(n)s ranked; how sure the order is is unknown (an older bundle)"), {"n": _whole}),
    (re.compile(r"(?P<n>\d+) ranked; (?P<first>\d+) of them could be first within the 95% range of"
                r" ranks; the first is ahead of the second with probability (?P<p>[\d.]+)"),
     english("%(n)s ranked; %(first)s of them could be first within the 95%% range of ranks; the"
        " first is ahead of the second with probability %(p)s"),
     {"n": _whole, "first": _whole, "p": _decimal}),
    (re.compile(r"less than half a year since the course was first held"),
     english("less than half a year since the course was first held"), {}),
    (re.compile(r"fewer than (?P<n>\d+) units in a group"),
     english("fewer than %(n)s units in a group"), {"n": _whole}),
    (re.compile(r"at least (?P<share>\d+)% of the unit's staff completed it"),
     english("at least %(share)s%% of the unit's staff completed it"), {"share": _whole}),
    (re.compile(r"association, not proof"), english("association, not proof"), {}),
    # marshmallow's messages for a form's fields
    (re.compile(r"Not a valid date\."), english("Not a valid date."), {}),
    (re.compile(r"Not a valid number\."), english("Not a valid number."), {}),
    (re.compile(r"Not a valid integer\."), english("Not a valid integer."), {}),
    (re.compile(r"Missing data for required field\."), english("Missing data for required field."),
     {}),
    (re.compile(r"Must be greater than or equal to (?P<low>[\d.e+]+) and less than or equal to"
                r" (?P<high>[\d.e+]+)\."),
     english("Must be between %(low)s and %(high)s."), {"low": _decimal, "high": _decimal}),
]  # fmt: skip


def engine_text(text: str | None) -> str:
    """`text` in the page's language when it is a sentence the engine is known to write."""
    if not text:
        return ""
    for pattern, message, shown in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            values = {name: shown[name](value) for name, value in found.groupdict().items()}
            return gettext(message, **values)
    return text
