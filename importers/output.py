"""The imported tables completed by what the agency gives beside the source files, checked as
`make check` checks an export, and written at once (or not at all) with the report.

Beside a source system's files, `IN` may hold any contract table the system does not have, as
`<table>.csv` or `.parquet` (`competencies`, `role_requirements`, upcoming `programs`, ...): its
rows are added to the imported ones. `course_competencies.csv` (`course`, `competency_id`,
`target_level`, `weight`?) says what a course develops: every imported session whose title
is a run of that course (`features.courses`) gets those rows in `program_competencies`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from features import columns as col
from features.courses import course_names
from features.errors import DataError
from features.loading import load_tables
from features.schema import SPECS
from importers import values
from importers.report import ImportReport

COURSE_COMPETENCIES = "course_competencies"
COURSE = "course"
TABLES = (*col.REQUIRED_TABLES, *col.OPTIONAL_TABLES)


def given_tables(folder: Path, report: ImportReport) -> dict[str, pd.DataFrame]:
    """The contract tables the agency put beside the source files, every value a string."""
    found = {}
    for name in (*TABLES, COURSE_COMPETENCIES):
        frame = _read_table(folder, name)
        if frame is not None:
            found[name] = frame
            report.read[name] = len(frame)
    return found


def complete(
    tables: dict[str, pd.DataFrame], given: dict[str, pd.DataFrame], report: ImportReport
) -> dict[str, pd.DataFrame]:
    """Imported tables plus the given ones; empty tables where neither has one."""
    out = dict(tables)
    if col.PROGRAMS in out and col.PROGRAMS in given:
        given = {**given, col.PROGRAMS: _same_sessions(out, given[col.PROGRAMS], report)}
    mapping = given.get(COURSE_COMPETENCIES)
    if mapping is not None and col.PROGRAMS in out:
        extra = course_targets(out[col.PROGRAMS], mapping, report)
        out[col.PROGRAM_COMPETENCIES] = _joined(out.get(col.PROGRAM_COMPETENCIES), extra)
    for name in TABLES:
        if name in given:
            out[name] = _joined(_without_keys(out.get(name), given[name], name), given[name])
    if col.ENROLLMENTS in given and col.ENROLLMENTS in tables:  # both name a completion
        out[col.ENROLLMENTS] = out[col.ENROLLMENTS].drop_duplicates(
            [col.EMPLOYEE_ID, col.PROGRAM_ID], keep="last"
        )
    _people_known(out, report)
    for name in col.REQUIRED_TABLES:
        if name not in out:
            out[name] = pd.DataFrame(columns=SPECS[name].names)
            report.note(f"no {name} in the source or beside it: written empty")
    return out


def _same_sessions(
    tables: dict[str, pd.DataFrame], catalogue: pd.DataFrame, report: ImportReport
) -> pd.DataFrame:
    """An imported session that the given catalogue also lists (same title, same start date)
    is that program: its enrolments take the catalogue's id, and the catalogue's row (method,
    cost, seats) stands for it. SIASN's completions and an LMS's full enrolment list then
    describe the same sessions. Answers the catalogue, its empty end dates filled with the
    source's (the last day a record of the session gives)."""
    imported = tables[col.PROGRAMS]
    key = [col.TITLE, col.START_DATE]
    if not set(key) <= set(catalogue.columns):
        return catalogue
    listed = catalogue[[col.PROGRAM_ID, *key]].assign(
        **{col.TITLE: values.folded(catalogue[col.TITLE]),
           col.START_DATE: pd.to_datetime(catalogue[col.START_DATE], errors="coerce")}
    ).drop_duplicates(key)  # fmt: skip
    mine = imported[[col.PROGRAM_ID, *key]].assign(
        **{col.TITLE: values.folded(imported[col.TITLE])}
    )
    matched = mine.merge(listed, on=key, suffixes=("", "_given"))
    if matched.empty:
        return catalogue
    same = dict(zip(matched[col.PROGRAM_ID], matched[f"{col.PROGRAM_ID}_given"], strict=True))
    catalogue = _ends_filled(catalogue, imported, same)
    tables[col.PROGRAMS] = imported[~imported[col.PROGRAM_ID].isin(same)]
    enrolments = tables.get(col.ENROLLMENTS)
    if enrolments is not None:
        renamed = enrolments[col.PROGRAM_ID].map(same).fillna(enrolments[col.PROGRAM_ID])
        tables[col.ENROLLMENTS] = enrolments.assign(**{col.PROGRAM_ID: renamed})
    report.note(f"{len(same)} imported sessions are programs of the given catalogue (same title"
                " and start date): they take its id, method, cost and seats")  # fmt: skip
    return catalogue


def _ends_filled(
    catalogue: pd.DataFrame, imported: pd.DataFrame, same: dict[str, str]
) -> pd.DataFrame:
    """The catalogue with the source's end date where its own is empty (or not a column):
    the catalogue's row replaces the matched session's, and its last day must not go too."""
    if col.END_DATE not in imported.columns:
        return catalogue
    ends = pd.to_datetime(imported.set_index(col.PROGRAM_ID)[col.END_DATE], errors="coerce")
    by_given = ends.groupby(ends.index.map(same)).max().dropna()  # ids outside `same` drop out
    text = by_given.dt.strftime("%Y-%m-%d")
    own = catalogue.get(col.END_DATE, pd.Series("", index=catalogue.index)).fillna("")
    filled = own.where(own.astype("str").str.strip() != "", catalogue[col.PROGRAM_ID].map(text))
    return catalogue.assign(**{col.END_DATE: filled.fillna("")})


def _people_known(tables: dict[str, pd.DataFrame], report: ImportReport) -> None:
    """Rows about people left out of `employees` (reported there) are left out too."""
    if col.EMPLOYEES not in tables:
        return
    known = set(tables[col.EMPLOYEES][col.EMPLOYEE_ID].astype("str"))
    for name in (col.EVALUATIONS, col.PERFORMANCE, col.ENROLLMENTS, col.ASSIGNMENTS):
        frame = tables.get(name)
        if frame is None or col.EMPLOYEE_ID not in frame.columns:
            continue
        unknown = ~frame[col.EMPLOYEE_ID].astype("str").isin(known)
        if unknown.any():
            tables[name] = frame[~unknown]
            report.note(f"{int(unknown.sum())} {name} rows name people not imported: left out")


def course_targets(
    programs: pd.DataFrame, mapping: pd.DataFrame, report: ImportReport
) -> pd.DataFrame:
    """`program_competencies` of imported sessions, from the course mapping."""
    missing = {COURSE, col.COMPETENCY_ID, col.TARGET_LEVEL} - set(mapping.columns)
    if missing:
        raise DataError(f"{COURSE_COMPETENCIES}.csv", f"missing column(s): {', '.join(missing)}")
    mapping = mapping.assign(**{COURSE: course_names(mapping[COURSE])})
    mapping = mapping.drop_duplicates([COURSE, col.COMPETENCY_ID], keep="first")
    sessions = programs[[col.PROGRAM_ID]].assign(**{COURSE: course_names(programs[col.TITLE])})
    rows = sessions.merge(mapping, on=COURSE, how="inner")
    unmapped = ~sessions[COURSE].isin(mapping[COURSE])
    if unmapped.any():
        shown = ", ".join(sorted(sessions.loc[unmapped, COURSE].unique())[:5])
        count = int(unmapped.sum())
        report.note(
            f"{count} imported sessions of courses missing from {COURSE_COMPETENCIES}.csv"
            f" develop no known competency (e.g. {shown})"
        )
    columns = [col.PROGRAM_ID, col.COMPETENCY_ID, col.TARGET_LEVEL]
    return rows[[*columns, *([col.WEIGHT] if col.WEIGHT in rows.columns else [])]]


def write_checked(tables: dict[str, pd.DataFrame], out: Path, report: ImportReport) -> None:
    """Write the tables and the report to `out`, after `make check`'s checks passed on them.

    Built in a folder beside `out` and renamed into place: a failed import writes nothing.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, date_format="%Y-%m-%d",
                         lineterminator="\n")  # fmt: skip
        checked = load_tables(staging)
        report.written = {n: len(f) for n, f in checked.as_dict().items()}
        report.write(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _read_table(folder: Path, name: str) -> pd.DataFrame | None:
    csv, parquet = folder / f"{name}.csv", folder / f"{name}.parquet"
    if csv.is_file():
        return pd.read_csv(csv, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    if parquet.is_file():
        return pd.read_parquet(parquet).astype("str").replace({"nan": "", "None": "", "NaT": ""})
    return None


def _without_keys(
    imported: pd.DataFrame | None, given: pd.DataFrame, name: str
) -> pd.DataFrame | None:
    """Imported rows whose key the given table also has are replaced by the given ones (the
    agency's reference of positions carries the job family, say)."""
    key = list(SPECS[name].key)
    if imported is None or not key or not set(key) <= set(given.columns):
        return imported
    given_keys = pd.MultiIndex.from_frame(given[key].astype("str"))
    imported_keys = pd.MultiIndex.from_frame(imported[key].astype("str"))
    return imported[~imported_keys.isin(given_keys)]


def _joined(first: pd.DataFrame | None, second: pd.DataFrame) -> pd.DataFrame:
    if first is None or first.empty:
        return second
    return pd.concat([first, second], ignore_index=True)
