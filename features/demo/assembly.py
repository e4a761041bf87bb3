"""Turning the simulation's arrays into the contract's tables (ids, names, ISO-ready dates)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.catalogue import CourseBook
from features.demo.draws import DAY
from features.demo.enrolment import MANDATORY_TIERS
from features.demo.history import History
from features.demo.organisation import Organisation
from features.demo.outcomes import QuarterOutcomes
from features.demo.positions import Posts
from features.schema import SPECS

DATES = "datetime64[ns]"


def program_ids(book: CourseBook, programs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Ids like "PKP-2025-003" and titles like "... Angkatan 3 Tahun 2025", per session.

    Sessions are numbered per course and year in start order, as BPSDM numbers its angkatan.
    """
    year = programs["start"].dt.year.to_numpy()
    order = np.lexsort((np.arange(len(programs)), programs["start"].to_numpy(), programs["course"]))
    batch = np.empty(len(programs), dtype=int)
    keys = pd.DataFrame({"course": programs["course"].to_numpy()[order], "year": year[order]})
    batch[order] = keys.groupby(["course", "year"]).cumcount().to_numpy() + 1
    year_text, batch_text = pd.Series(year).astype("str"), pd.Series(batch).astype("str")
    code = pd.Series(book.code[programs["course"]])
    ids = code + "-" + year_text + "-" + batch_text.str.zfill(3)
    title = pd.Series(book.title[programs["course"]])
    titles = title + " Angkatan " + batch_text + " Tahun " + year_text
    return ids.to_numpy(), titles.to_numpy()


def programs_table(
    book: CourseBook, programs: pd.DataFrame, ids: np.ndarray, titles: np.ndarray
) -> pd.DataFrame:
    course = programs["course"].to_numpy()
    frame = pd.DataFrame(
        {
            col.PROGRAM_ID: ids,
            col.TITLE: titles,
            col.METHOD: np.array(col.METHODS)[book.method[course]],
            col.DURATION_JP: book.duration_jp[course].astype("int64"),
            col.COST: programs["cost"].to_numpy(dtype="float64"),
            col.CAPACITY: programs["capacity"].to_numpy(dtype="int64"),
            col.START_DATE: programs["start"].to_numpy().astype(DATES),
            col.PROVIDER: book.provider[course],
            col.LOCATION: programs["venue"].to_numpy(),
            col.AUDIENCE: _declared_audience(book.audience[course]),
            # the session's last day, as a SIMDIKLAT export gives it (`jadwal_selesai`): the
            # day before the simulation's `end`, the day its outcomes are drawn as known (a
            # five-day course from Monday: `end` the next Monday, its last day the Sunday,
            # which `features.sessions` rolls back to the Friday)
            col.END_DATE: (programs["end"].to_numpy() - DAY).astype(DATES),
        }
    )
    text = [col.PROGRAM_ID, col.TITLE, col.METHOD, col.PROVIDER, col.LOCATION, col.AUDIENCE]
    return frame.astype(dict.fromkeys(text, "str"))


def in_contract_order(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """`frame` with its columns in the order of the contract's `table` (as a real export
    lists them); columns the contract does not name stay last, in their order."""
    named = [c for c in SPECS[table].names if c in frame.columns]
    return frame[named + [c for c in frame.columns if c not in named]]


def _declared_audience(audience: np.ndarray) -> np.ndarray:
    """What a catalogue states of who a course is for: the leadership courses name the
    positions they prepare for; every other course leaves the cell empty."""
    named = {a: col.SET_SEPARATOR.join(sorted(tiers)) for a, tiers in MANDATORY_TIERS.items()}
    return np.array([named.get(a) or None for a in audience], dtype=object)


def program_competencies_table(
    book: CourseBook, programs: pd.DataFrame, ids: np.ndarray, competency_ids: np.ndarray
) -> pd.DataFrame:
    course = programs["course"].to_numpy()
    row, k = np.nonzero(book.competency[course] >= 0)
    competency = competency_ids[book.competency[course[row], k]]
    return pd.DataFrame(
        {
            col.PROGRAM_ID: pd.Series(ids[row], dtype="str"),
            col.COMPETENCY_ID: pd.Series(competency, dtype="str"),
            col.TARGET_LEVEL: book.target[course[row], k].astype("int64"),
            col.WEIGHT: book.weight[course[row], k].astype("float64"),
        }
    )


def enrolment_arrays(history: History) -> dict[str, np.ndarray]:
    """All quarters' enrolments concatenated, field by field."""
    parts: list[QuarterOutcomes] = history.enrolments
    fields = (
        "employee",
        "program",
        "enrolled_at",
        "status",
        "true_probability",
        "true_benefit",
        "true_level_gain",
    )
    merged = {f: np.concatenate([getattr(p, f) for p in parts]) for f in fields}
    for score in parts[0].scores:
        merged[score] = np.concatenate([p.scores[score] for p in parts])
    return merged


def enrollments_table(
    merged: dict[str, np.ndarray], employee_ids: np.ndarray, ids: np.ndarray
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(employee_ids[merged["employee"]], dtype="str"),
            col.PROGRAM_ID: pd.Series(ids[merged["program"]], dtype="str"),
            col.ENROLLED_AT: merged["enrolled_at"].astype(DATES),
            col.STATUS: pd.Series(np.array(col.STATUSES)[merged["status"]], dtype="str"),
            col.PRE_SCORE: merged["pre"],
            col.POST_SCORE: merged["post"],
            col.REACTION_SCORE: merged["reaction"],
            col.BEHAVIOR_SCORE: merged["behavior"],
        }
    )


def evaluations_table(
    history: History,
    employee_ids: np.ndarray,
    competency_ids: np.ndarray,
    sources: tuple[str, ...] = col.SOURCES,
) -> pd.DataFrame:
    """Evaluation rows from `sources`, in the order an export lists them: by date, then
    employee."""
    log = history.evaluations.arrays()
    exported = np.isin(log["source"], [col.SOURCES.index(s) for s in sources])
    order = np.lexsort((log["comp"], log["emp"], log["date"]))
    order = order[exported[order]]
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: _strings(employee_ids, log["emp"][order]),
            col.COMPETENCY_ID: _strings(competency_ids, log["comp"][order]),
            col.LEVEL: log["level"][order].astype("float64"),
            col.SOURCE: _strings(np.array(col.SOURCES), log["source"][order]),
            col.EVALUATED_AT: log["date"][order].astype(DATES),
        }
    )


def performance_table(history: History, years: list[int], employee_ids: np.ndarray) -> pd.DataFrame:
    """SKP ratings of `years` (none: the header only)."""
    frames = [pd.DataFrame({col.EMPLOYEE_ID: [], col.YEAR: np.array([], "int64"), col.RATING: []})]
    for year in years:  # three yearly SKP rounds
        codes = history.ratings[year]
        rated = np.flatnonzero(codes >= 0)
        frames.append(
            pd.DataFrame(
                {
                    col.EMPLOYEE_ID: employee_ids[rated],
                    col.YEAR: np.full(rated.size, year, dtype="int64"),
                    col.RATING: np.array(col.RATINGS)[codes[rated]],
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.astype({col.EMPLOYEE_ID: "str", col.RATING: "str"})


def employees_today(
    employees: pd.DataFrame, posts: Posts, organisation: Organisation
) -> pd.DataFrame:
    """The `employees` rows with today's role, unit and office: the latest assignment's."""
    office = organisation.unit_traits["office"].to_numpy()[posts.unit]
    return employees.assign(
        **{
            col.ROLE_ID: organisation.job_roles[col.ROLE_ID].to_numpy()[posts.role],
            col.UNIT_ID: organisation.units[col.UNIT_ID].to_numpy()[posts.unit],
            col.LOCATION: office,
        }
    ).astype({col.ROLE_ID: "str", col.UNIT_ID: "str", col.LOCATION: "str"})


def _strings(values: np.ndarray, codes: np.ndarray) -> pd.Series:
    """Text column from integer codes, built through a categorical (fast on millions of rows)."""
    return pd.Series(pd.Categorical.from_codes(codes, categories=values)).astype("str")
