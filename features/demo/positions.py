"""Careers in the demo world: promotions and transfers, recorded as the `assignments` table.

Positions change on quarter starts (the TMT of a decree). A promotion climbs a ladder of the
job family: pelaksana -> pengawas -> administrator, or fungsional terampil -> ahli pertama ->
muda -> madya. Who is promoted depends on the latest SKP rating and on training completed,
above all the leadership course of one's tier (PKP for a pengawas): Diklat is a requirement
for structural promotion. A transfer (mutasi) moves someone, in the same role, to another unit
that employs their job family. Ladders stay inside a family, so a promotion changes required
levels but never the set of competencies in a person's standard.

A head of agency (JPT pratama) appointed during the history was an administrator of the
agency's family before: that appointment is scheduled from the drawn appointment date rather
than drawn by merit, since each agency has one head.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.draws import DAY, grouped_choice
from features.demo.organisation import Organisation
from features.demo.people import People
from features.demo.timeline import Calendar

STRUCTURAL_LADDER = ("pelaksana", "pengawas", "administrator")
FUNCTIONAL_LADDER = ("fungsional_terampil", "ahli pertama", "ahli muda", "ahli madya")
# Yearly promotion rate out of each rung, before merit (STRUCTURAL, then FUNCTIONAL order).
PROMOTION_YEARLY = {
    "pelaksana": 0.03,
    "pengawas": 0.05,
    "fungsional_terampil": 0.035,
    "ahli pertama": 0.08,
    "ahli muda": 0.05,
}
TRANSFER_YEARLY = 0.05
# The tier pyramid when the history starts, so that promotions end on people.TIER_SHARES.
STARTING_TIER_SHARES = {
    "administrator": 0.016,
    "pengawas": 0.076,
    "pelaksana": 0.462,
    "fungsional_ahli": 0.254,
    "fungsional_terampil": 0.19,
}
MIN_YEARS_IN_POST = 2  # before a promotion or a transfer
# Merit: by the latest SKP rating (col.RATINGS order, then "none yet"), per completed course
# (at most MAX_COURSES count), and for the completed leadership course of one's tier.
RATING_MERIT = np.array([2.5, 1.0, 0.3, 0.1, 0.05, 0.6])
COURSE_MERIT, MAX_COURSES = 0.3, 4
LEADERSHIP_MERIT = 4.0
MAX_QUARTERLY_CHANCE = 0.5
RUNG_SLOTS = max(len(STRUCTURAL_LADDER), len(FUNCTIONAL_LADDER))
KIND = {"hired": 0, "promotion": 1, "transfer": 2, "appointment": 3}


@dataclass(frozen=True)
class Careers:
    """Where each role leads: dense rung groups, and the roles and units one may move to."""

    family: np.ndarray  # (roles,) job family index
    rung: np.ndarray  # (roles,) rung name, "" off the ladders (JPT)
    next_group: np.ndarray  # (roles,) rung group of the next step, -1 = none
    option_role: np.ndarray  # roles one can be promoted to
    option_group: np.ndarray  # their rung group
    option_weight: np.ndarray  # their share of the rung's staff
    structural: np.ndarray  # (roles,) on the structural ladder (PNS only)
    movable: np.ndarray  # (roles,) can be transferred (every role but the heads')
    unit_options: np.ndarray  # (units * families,) unit index of each (unit, family) option
    unit_option_family: np.ndarray
    unit_option_weight: np.ndarray


def career_paths(organisation: Organisation) -> Careers:
    """The ladders of `organisation`'s job families, as arrays indexed by role."""
    o = organisation
    titles = o.job_roles[col.TITLE].to_numpy(dtype=str)
    rung = o.role_tier.astype(str).copy()
    for grade in ("Pertama", "Muda", "Madya"):  # the jenjang of a fungsional ahli
        rung[(rung == "fungsional_ahli") & np.char.endswith(titles, f"Ahli {grade}")] = (
            f"ahli {grade.lower()}"
        )
    ladder = np.array([STRUCTURAL_LADDER, FUNCTIONAL_LADDER], dtype=object)
    step = np.full(rung.size, -1)
    which = np.full(rung.size, -1)
    for i, rungs in enumerate(ladder):
        on = np.isin(rung, rungs) & (o.role_unit < 0)
        step[on] = pd.Index(rungs).get_indexer(rung[on])
        which[on] = i
    rung[which < 0] = ""
    group = np.where(which >= 0, (o.role_family * 2 + which) * RUNG_SLOTS + step, -1)
    up = np.where(which >= 0, group + 1, -1)
    rungs = np.where(which == 0, len(STRUCTURAL_LADDER), len(FUNCTIONAL_LADDER))
    has_next = np.isin(up, group[group >= 0]) & (step + 1 < rungs)
    options = np.flatnonzero(group >= 0)
    n_fam = o.unit_family_mix.shape[1]
    size = o.unit_traits["size"].to_numpy()[:, None] * o.unit_family_mix
    return Careers(
        family=o.role_family,
        rung=rung,
        next_group=np.where(has_next, up, -1),
        option_role=options,
        option_group=group[options],
        option_weight=o.role_share[options],
        structural=which == 0,
        movable=o.role_unit < 0,
        unit_options=np.repeat(np.arange(size.shape[0]), n_fam),
        unit_option_family=np.tile(np.arange(n_fam), size.shape[0]),
        unit_option_weight=size.ravel(),
    )


@dataclass
class Posts:
    """Everyone's current position (mutable) and the log of every assignment made."""

    role: np.ndarray
    unit: np.ndarray
    since: np.ndarray  # appointment to the current role (a transfer keeps it)
    start: np.ndarray  # start of the current assignment
    log: dict[str, list[np.ndarray]] = field(default_factory=dict)

    @classmethod
    def hired(
        cls, role: np.ndarray, unit: np.ndarray, since: np.ndarray, hire: np.ndarray
    ) -> Posts:
        """Everyone in their first recorded position from their hire date on."""
        posts = cls(role.copy(), unit.copy(), since.copy(), hire.copy())
        posts.log = {k: [] for k in ("emp", "role", "unit", "start", "kind")}
        posts._record(np.arange(role.size), hire, "hired")
        return posts

    def move(
        self, emp: np.ndarray, role: np.ndarray, unit: np.ndarray, day: np.datetime64, kind: str
    ) -> None:
        """Put `emp` into `role` and `unit` from `day` on; a new role restarts `since`."""
        changed_role = role != self.role[emp]
        self.since[emp[changed_role]] = day
        self.role[emp], self.unit[emp], self.start[emp] = role, unit, day
        self._record(emp, np.full(emp.size, day), kind)

    def _record(self, emp: np.ndarray, start: np.ndarray, kind: str) -> None:
        values = {
            "emp": emp,
            "role": self.role[emp],
            "unit": self.unit[emp],
            "start": start.astype("datetime64[D]"),
            "kind": np.full(emp.size, KIND[kind], dtype="int8"),
        }
        for key, value in values.items():
            self.log[key].append(value)

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.log.items()}


def merit(rating: np.ndarray, done: np.ndarray, leadership_done: np.ndarray) -> np.ndarray:
    """How strongly an employee is put forward: SKP, courses completed, leadership course.

    `rating` is the latest known SKP code (5 = none), `done` the (employees, courses) matrix
    of completed courses, `leadership_done` whether one completed one's tier's leadership
    course."""
    courses = np.minimum(done.sum(axis=1), MAX_COURSES)
    boost = np.where(leadership_done, LEADERSHIP_MERIT, 1.0)
    return RATING_MERIT[rating] * (1.0 + COURSE_MERIT * courses) * boost


def promotions(
    careers: Careers,
    posts: Posts,
    strength: np.ndarray,
    eligible: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(employees, new roles) promoted this quarter, by merit within each rung.

    Each rung keeps its yearly rate on average: a person's quarterly chance is the rung's
    rate times their merit over the rung's mean merit."""
    rung = careers.rung[posts.role]
    rate = pd.Series(rung).map(PROMOTION_YEARLY).fillna(0.0).to_numpy() / 4
    can = np.flatnonzero(eligible & (careers.next_group[posts.role] >= 0) & (rate > 0))
    rung_of = np.unique(rung[can], return_inverse=True)[1]
    mean = np.bincount(rung_of, weights=strength[can]) / np.bincount(rung_of)
    chance = np.minimum(rate[can] * strength[can] / mean[rung_of], MAX_QUARTERLY_CHANCE)
    emp = can[rng.random(can.size) < chance]
    group = careers.next_group[posts.role[emp]]
    pick = grouped_choice(rng, group, careers.option_group, careers.option_weight)
    return emp, careers.option_role[pick]


def transfers(
    careers: Careers,
    posts: Posts,
    family: np.ndarray,
    eligible: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(employees, new units) moved this quarter, to units employing their job family."""
    can = eligible & careers.movable[posts.role]
    emp = np.flatnonzero(can & (rng.random(can.size) < TRANSFER_YEARLY / 4))
    pick = grouped_choice(rng, family[emp], careers.unit_option_family, careers.unit_option_weight)
    unit = careers.unit_options[pick]
    moved = unit != posts.unit[emp]  # drawn their own unit: no move
    return emp[moved], unit[moved]


def starting_posts(
    careers: Careers,
    people: People,
    calendar: Calendar,
    rng: np.random.Generator,
) -> tuple[Posts, dict[int, tuple[np.ndarray, np.ndarray]]]:
    """Everyone's position when the history starts, and the heads' appointments to come.

    `people` hold today's positions. A head appointed during the history held an
    administrator role of the agency's family before (appointed on the start of the quarter
    of the drawn date, never the first quarter); anyone else appointed during the history
    took their post the history's length earlier (`history_shift_days`), so that
    appointments inside the history are the recorded ones.
    """
    role, since = people.role.copy(), people.role_since.copy()
    inside = since > calendar.start
    heads = np.flatnonzero(inside & (people.tier == "jpt_pratama"))
    shifted = inside & (people.tier != "jpt_pratama")
    shift = history_shift_days(calendar) * DAY
    since[shifted] = np.maximum(since[shifted] - shift, people.hire[shifted])
    quarter = np.searchsorted(calendar.bounds, people.role_since[heads], side="right") - 2
    quarter = np.maximum(quarter, 1)
    family = careers.family[people.role[heads]]
    administrator = (family * 2) * RUNG_SLOTS + STRUCTURAL_LADDER.index("administrator")
    role[heads] = careers.option_role[
        grouped_choice(rng, administrator, careers.option_group, careers.option_weight)
    ]
    posts = Posts.hired(role, people.unit, since, people.hire)
    schedule = {
        int(q): (heads[quarter == q], people.role[heads[quarter == q]]) for q in np.unique(quarter)
    }
    return posts, schedule


def assignments_table(
    posts: Posts, employee_ids: np.ndarray, role_ids: np.ndarray, unit_ids: np.ndarray
) -> pd.DataFrame:
    """The contract's `assignments` rows, by employee then start date."""
    log = posts.arrays()
    order = np.lexsort((log["start"], log["emp"]))
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(employee_ids[log["emp"][order]], dtype="str"),
            col.ROLE_ID: pd.Series(role_ids[log["role"][order]], dtype="str"),
            col.UNIT_ID: pd.Series(unit_ids[log["unit"][order]], dtype="str"),
            col.START_DATE: log["start"][order].astype("datetime64[ns]"),
        }
    )


def history_shift_days(calendar: Calendar) -> int:
    """Days the history spans (whole years of 365.25 days): how far back a post taken during
    the history is moved when the history starts."""
    return round(calendar.history_years * 365.25)
