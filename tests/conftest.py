"""Shared fixtures: a tiny world from the project's own generator, trained once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.courses import course_names
from features.demo.world import World
from model.training.train import TrainResult, train

TINY_EMPLOYEES = 1200
TINY_SEED = 7

# Hostile text in the shared world (issue 11: a program title or employee name holding
# `<script>` shows as text): every test runs over text a page must keep inert. The course stays
# one course (all its sessions change alike; its truth follows) and names are never features,
# so the models trained are those of the plain world.
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_NAME = "<script>alert(2)</script>"
# A competency name that matplotlib would read as (broken) mathtext: charts draw it as written.
HOSTILE_MATH = r"$\frac{1}$ $x^2$"
COURSE = "course"  # the key of the truth's course_effects table

# fixtures shared across folders: both backends of the decision store; the API tokens
pytest_plugins = ["tests.plugins.store_fixtures", "tests.plugins.api_tokens"]


@pytest.fixture(scope="session")
def hostile_title() -> str:
    """The text in the title of the course of the earliest upcoming session (`<script>`)."""
    return HOSTILE_TITLE


@pytest.fixture(scope="session")
def hostile_name() -> str:
    """The text in the name of the employee expected to gain most from that session."""
    return HOSTILE_NAME


@pytest.fixture(scope="session")
def hostile_math() -> str:
    """The text starting the name of the most required competency (matplotlib mathtext)."""
    return HOSTILE_MATH


@pytest.fixture(scope="session")
def tiny_world_dirs(tmp_path_factory) -> tuple[Path, Path]:
    """(data_dir, truth_dir) of a tiny generated world, written as CSV like an HR export."""
    from features.demo import generate_world, write_world

    root = tmp_path_factory.mktemp("tiny_world")
    world = with_hostile_text(generate_world(TINY_EMPLOYEES, seed=TINY_SEED))
    write_world(world, root / "data", root / "truth", fmt="csv")
    return root / "data", root / "truth"


@pytest.fixture(scope="session")
def trained(tiny_world_dirs, tmp_path_factory) -> TrainResult:
    """One real training run on the tiny world, into its own artifacts folder."""
    data_dir, truth_dir = tiny_world_dirs
    artifacts = tmp_path_factory.mktemp("artifacts")
    return train(data_dir, artifacts, truth_dir=truth_dir)


@pytest.fixture(scope="session", autouse=True)
def migrated_database(tmp_path_factory) -> Iterator[str]:
    """`DATABASE_URL` for every app the tests create: a migrated SQLite file of the session
    (the service refuses a database whose schema is behind; none writes to the repo's var/)."""
    from store.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('database') / 'tna.sqlite3'}"
    upgrade(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        yield url


def with_hostile_text(world: World) -> World:
    """`world` with the course of the earliest upcoming session titled with `HOSTILE_TITLE`,
    the employee the truth expects most from that session named with `HOSTILE_NAME`, and the
    most required competency named with `HOSTILE_MATH` first."""
    tables, truth = dict(world.tables), dict(world.truth)
    programs = tables[col.PROGRAMS]
    target = hostile_session(programs, world.snapshot_date)
    before = course_names(programs[col.TITLE])
    course = before == before.loc[programs[col.PROGRAM_ID] == target].iloc[0]
    titles = programs[col.TITLE].str.replace(r"( Angkatan )", f" {HOSTILE_TITLE}\\1", regex=True)
    programs = programs.assign(**{col.TITLE: programs[col.TITLE].where(~course, titles)})
    after = course_names(programs[col.TITLE])
    assert (pd.factorize(before)[0] == pd.factorize(after)[0]).all(), "courses changed"
    renamed = dict(zip(before[course], after[course], strict=True))
    effects = truth["course_effects"]
    truth["course_effects"] = effects.assign(**{COURSE: effects[COURSE].replace(renamed)})
    tables[col.PROGRAMS] = programs
    tables[col.EMPLOYEES] = _hostile_name(tables[col.EMPLOYEES], truth["upcoming_pairs"], target)
    tables[col.COMPETENCIES] = _math_name(tables[col.COMPETENCIES], tables[col.ROLE_REQUIREMENTS])
    return World(tables, truth, world.snapshot_date, world.seed, dict(world.meta))


def hostile_session(programs: pd.DataFrame, snapshot) -> str:
    """The program id of the earliest session starting after the snapshot."""
    upcoming = programs[programs[col.START_DATE] > pd.Timestamp(snapshot)]
    return str(upcoming.sort_values(col.START_DATE, kind="stable")[col.PROGRAM_ID].iloc[0])


def hostile_competency(requirements: pd.DataFrame) -> str:
    """The competency most positions require (in every gap chart): named with `HOSTILE_MATH`."""
    return str(requirements[col.COMPETENCY_ID].value_counts().index[0])


def _math_name(competencies: pd.DataFrame, requirements: pd.DataFrame) -> pd.DataFrame:
    chosen = competencies[col.COMPETENCY_ID] == hostile_competency(requirements)
    names = competencies[col.NAME].where(~chosen, HOSTILE_MATH + " " + competencies[col.NAME])
    return competencies.assign(**{col.NAME: names})


def _hostile_name(employees: pd.DataFrame, pairs: pd.DataFrame, program_id: str) -> pd.DataFrame:
    gains = pairs[pairs[col.PROGRAM_ID] == program_id]
    chosen = gains.loc[gains["true_expected_gain"].idxmax(), col.EMPLOYEE_ID]
    names = employees[col.NAME].to_numpy(dtype=object).copy()
    row = np.flatnonzero(employees[col.EMPLOYEE_ID].to_numpy() == chosen)[0]
    names[row] = f"{HOSTILE_NAME} {names[row]}"
    return employees.assign(**{col.NAME: pd.Series(names, index=employees.index, dtype="str")})


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say in capitals when the PostgreSQL tests were skipped on purpose: a green run that never
    touched the production database must not look like a full one."""
    from tests.postgres_server import OPT_OUT_VARIABLE, SKIP_REASON

    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if SKIP_REASON in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(skipped)} POSTGRESQL TESTS SKIPPED ({OPT_OUT_VARIABLE} is set): "
            "THIS RUN DID NOT TEST THE PRODUCTION DATABASE",
            red=True,
            bold=True,
        )
