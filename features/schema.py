"""The contract's input tables, declared once: columns, kinds, ranges, keys and foreign keys.

The loader (`features.loading`) enforces exactly what is declared here, so a rule of the
contract lives in one place and its error message is derived from the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from features import columns as col

Kind = Literal["id", "str", "int", "float", "date", "enum", "enum_set"]
# enum_set: allowed values separated by `columns.SET_SEPARATOR`, e.g. "pengawas;administrator"
TEXT_KINDS: tuple[Kind, ...] = ("id", "str", "enum", "enum_set")


@dataclass(frozen=True)
class Column:
    """One contract column: its kind, whether it must be filled, and its allowed values."""

    name: str
    kind: Kind
    required: bool = True
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    default: float | None = None
    # a date of something that has happened (an enrolment, an evaluation, a hire): it cannot
    # lie after the day the export is read (`features.loading.latest_past_date`)
    past: bool = False

    def range_text(self) -> str:
        """The allowed range in words, as error messages show it."""
        if self.min is not None and self.max is not None:
            if self.min_inclusive and self.max_inclusive:
                return f"between {_num(self.min)} and {_num(self.max)}"
            low = ">=" if self.min_inclusive else ">"
            high = "<=" if self.max_inclusive else "<"
            return f"{low} {_num(self.min)} and {high} {_num(self.max)}"
        if self.min is not None:
            return f"{'>=' if self.min_inclusive else '>'} {_num(self.min)}"
        if self.max is not None:
            return f"{'<=' if self.max_inclusive else '<'} {_num(self.max)}"
        return "any value"


@dataclass(frozen=True)
class ForeignKey:
    """`column` of this table must name an existing `table.ref_column`."""

    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class TableSpec:
    """One contract table. `key` is the primary key (empty: none); `required`: file must exist."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    required: bool = True

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _id(name: str) -> Column:
    return Column(name, "id")


def _text(name: str, required: bool = True) -> Column:
    return Column(name, "str", required=required)


def _enum(name: str, values: tuple[str, ...], required: bool = True) -> Column:
    return Column(name, "enum", required=required, values=values)


def _enum_set(name: str, values: tuple[str, ...]) -> Column:
    return Column(name, "enum_set", required=False, values=values)


def _level(name: str) -> Column:
    return Column(name, "int", min=1, max=5)


def _weight() -> Column:
    return Column(col.WEIGHT, "float", required=False, min=0, min_inclusive=False, default=1.0)


def _score(name: str, low: float, high: float) -> Column:
    return Column(name, "float", required=False, min=low, max=high)


def _fk(column: str, table: str) -> ForeignKey:
    return ForeignKey(column, table, column)


COMPETENCIES = TableSpec(
    col.COMPETENCIES,
    (_id(col.COMPETENCY_ID), _text(col.NAME), _enum(col.CATEGORY, col.CATEGORIES)),
    key=(col.COMPETENCY_ID,),
)
JOB_ROLES = TableSpec(
    col.JOB_ROLES,
    (
        _id(col.ROLE_ID),
        _text(col.TITLE),
        _enum(col.TIER, col.TIERS),
        _text(col.JOB_FAMILY, required=False),
    ),
    key=(col.ROLE_ID,),
)
UNITS = TableSpec(
    col.UNITS,
    (
        _id(col.UNIT_ID),
        _text(col.NAME),
        _text(col.REGION, required=False),
        # a suku dinas under its dinas; checked by the loader (a known unit, no cycle)
        Column(col.PARENT_UNIT_ID, "id", required=False),
    ),
    key=(col.UNIT_ID,),
    required=False,
)
ROLE_REQUIREMENTS = TableSpec(
    col.ROLE_REQUIREMENTS,
    (_id(col.ROLE_ID), _id(col.COMPETENCY_ID), _level(col.REQUIRED_LEVEL), _weight()),
    key=(col.ROLE_ID, col.COMPETENCY_ID),
    foreign_keys=(_fk(col.ROLE_ID, col.JOB_ROLES), _fk(col.COMPETENCY_ID, col.COMPETENCIES)),
)
EMPLOYEES = TableSpec(
    col.EMPLOYEES,
    (
        _id(col.EMPLOYEE_ID),
        _id(col.ROLE_ID),
        _id(col.UNIT_ID),
        Column(col.HIRE_DATE, "date", past=True),
        Column(col.BIRTH_DATE, "date", required=False, past=True),
        _enum(col.EDUCATION, col.EDUCATIONS, required=False),
        _enum(col.EMPLOYMENT_TYPE, col.EMPLOYMENT_TYPES, required=False),
        _text(col.LOCATION, required=False),
        _text(col.GRADE, required=False),
        _enum(col.GENDER, col.GENDERS, required=False),
        _text(col.NAME, required=False),  # shown to planners only: never a feature or a log
    ),
    key=(col.EMPLOYEE_ID,),
    # unit_id is checked against units only when a units file is given.
    foreign_keys=(_fk(col.ROLE_ID, col.JOB_ROLES), _fk(col.UNIT_ID, col.UNITS)),
)
ASSIGNMENTS = TableSpec(
    col.ASSIGNMENTS,
    (_id(col.EMPLOYEE_ID), _id(col.ROLE_ID), _id(col.UNIT_ID), Column(col.START_DATE, "date")),
    key=(col.EMPLOYEE_ID, col.START_DATE),
    foreign_keys=(
        _fk(col.EMPLOYEE_ID, col.EMPLOYEES),
        _fk(col.ROLE_ID, col.JOB_ROLES),
        _fk(col.UNIT_ID, col.UNITS),
    ),
    required=False,
)
EVALUATIONS = TableSpec(
    col.EVALUATIONS,
    (
        _id(col.EMPLOYEE_ID),
        _id(col.COMPETENCY_ID),
        Column(col.LEVEL, "float", min=1, max=5),
        _enum(col.SOURCE, col.SOURCES),
        Column(col.EVALUATED_AT, "date", past=True),
    ),
    foreign_keys=(_fk(col.EMPLOYEE_ID, col.EMPLOYEES), _fk(col.COMPETENCY_ID, col.COMPETENCIES)),
)
PERFORMANCE = TableSpec(
    col.PERFORMANCE,
    (
        _id(col.EMPLOYEE_ID),
        Column(col.YEAR, "int", min=1950, max=2100),
        _enum(col.RATING, col.RATINGS),
    ),
    key=(col.EMPLOYEE_ID, col.YEAR),
    foreign_keys=(_fk(col.EMPLOYEE_ID, col.EMPLOYEES),),
)
PROGRAMS = TableSpec(
    col.PROGRAMS,
    (
        _id(col.PROGRAM_ID),
        _text(col.TITLE),
        _enum(col.METHOD, col.METHODS),
        Column(col.DURATION_JP, "int", min=0, min_inclusive=False),
        Column(col.COST, "float", min=0),
        Column(col.CAPACITY, "int", min=0, min_inclusive=False),
        Column(col.START_DATE, "date"),
        _text(col.PROVIDER, required=False),
        _text(col.LOCATION, required=False),
        _enum_set(col.AUDIENCE, col.TIERS),
        # text checked against the ranks as written ("III/a"): enums are read lower-cased
        Column(col.MIN_GRADE, "str", required=False, values=col.GRADES),  # docs/rules.md
        _enum(col.PATH, col.PATHS, required=False),
        _enum(col.KIND, col.KINDS, required=False),
        # the one agency (a unit id: the unit and all under it) a session is open to; empty:
        # open to all (national providers). Checked by the loader (docs/national.md)
        Column(col.OPEN_TO_AGENCY, "id", required=False),
        # the session's last day; empty: estimated from `duration_jp` (features.sessions).
        # Checked by the loader: not before `start_date` (docs/data.md)
        Column(col.END_DATE, "date", required=False),
    ),
    key=(col.PROGRAM_ID,),
)
PROGRAM_COMPETENCIES = TableSpec(
    col.PROGRAM_COMPETENCIES,
    (_id(col.PROGRAM_ID), _id(col.COMPETENCY_ID), _level(col.TARGET_LEVEL), _weight()),
    key=(col.PROGRAM_ID, col.COMPETENCY_ID),
    foreign_keys=(_fk(col.PROGRAM_ID, col.PROGRAMS), _fk(col.COMPETENCY_ID, col.COMPETENCIES)),
)
ENROLLMENTS = TableSpec(
    col.ENROLLMENTS,
    (
        _id(col.EMPLOYEE_ID),
        _id(col.PROGRAM_ID),
        Column(col.ENROLLED_AT, "date", past=True),
        _enum(col.STATUS, col.STATUSES),
        _score(col.PRE_SCORE, 0, 100),
        _score(col.POST_SCORE, 0, 100),
        _score(col.REACTION_SCORE, 1, 5),
        _score(col.BEHAVIOR_SCORE, 1, 5),
    ),
    key=(col.EMPLOYEE_ID, col.PROGRAM_ID),
    foreign_keys=(_fk(col.EMPLOYEE_ID, col.EMPLOYEES), _fk(col.PROGRAM_ID, col.PROGRAMS)),
)
UNIT_INDICATORS = TableSpec(
    col.UNIT_INDICATORS,
    (
        _id(col.UNIT_ID),
        Column(col.PERIOD_START, "date", past=True),
        _text(col.INDICATOR),
        Column(col.VALUE, "float"),
        _enum(col.HIGHER_IS_BETTER, col.BOOLEAN_VALUES),  # yes: columns.TRUE_VALUES
    ),
    key=(col.UNIT_ID, col.PERIOD_START, col.INDICATOR),
    foreign_keys=(_fk(col.UNIT_ID, col.UNITS),),
    required=False,
)
SANCTIONS = TableSpec(
    col.SANCTIONS,
    (
        _id(col.EMPLOYEE_ID),
        Column(col.START_DATE, "date"),
        Column(col.END_DATE, "date", required=False),  # empty: still running
    ),
    foreign_keys=(_fk(col.EMPLOYEE_ID, col.EMPLOYEES),),
    required=False,
)
TALENT_POOL = TableSpec(
    col.TALENT_POOL,
    (
        _id(col.EMPLOYEE_ID),
        _id(col.TARGET_ROLE_ID),
        Column(col.BOX, "int", required=False, min=1, max=9),
        Column(col.SINCE, "date"),
    ),
    key=(col.EMPLOYEE_ID, col.TARGET_ROLE_ID, col.SINCE),
    foreign_keys=(
        _fk(col.EMPLOYEE_ID, col.EMPLOYEES),
        ForeignKey(col.TARGET_ROLE_ID, col.JOB_ROLES, col.ROLE_ID),
    ),
    required=False,
)

# Dependency order: a table comes after every table its foreign keys point to, and tables
# are checked in this order, so the first error reported is the most fundamental one.
SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        COMPETENCIES,
        JOB_ROLES,
        UNITS,
        ROLE_REQUIREMENTS,
        EMPLOYEES,
        ASSIGNMENTS,
        EVALUATIONS,
        PERFORMANCE,
        PROGRAMS,
        PROGRAM_COMPETENCIES,
        ENROLLMENTS,
        UNIT_INDICATORS,
        SANCTIONS,
        TALENT_POOL,
    )
}
