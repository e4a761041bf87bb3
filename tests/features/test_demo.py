"""The demo world generator: deterministic, contract-valid, and its hidden mechanisms show."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features import schema
from features.demo import World, generate_world, write_world
from features.demo.__main__ import main
from features.loading import load_tables

SMALL, SEED = 300, 11
ASSIGNMENTS = "assignments"
ASSIGNMENT_COLUMNS = [col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID, col.START_DATE]
TRUTH_PAIRS = "upcoming_pairs"


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(SMALL, seed=SEED)


@pytest.fixture(scope="module")
def larger_world() -> World:
    """Big enough for rates by subgroup (about 40 employees on Kepulauan Seribu)."""
    return generate_world(1500, seed=SEED)


def _snapshot(world: World) -> pd.Timestamp:
    return pd.Timestamp(world.snapshot_date)


# --- determinism --------------------------------------------------------------------------
def test_same_seed_gives_identical_frames(world):
    again = generate_world(SMALL, seed=SEED)
    for name, frame in world.tables.items():
        pd.testing.assert_frame_equal(frame, again.tables[name], obj=name)
    for name, frame in world.truth.items():
        pd.testing.assert_frame_equal(frame, again.truth[name], obj=f"truth/{name}")


def test_other_seed_gives_another_world(world):
    other = generate_world(SMALL, seed=SEED + 1)
    assert not other.tables[col.EMPLOYEES].equals(world.tables[col.EMPLOYEES])
    assert not other.tables[col.ENROLLMENTS].equals(world.tables[col.ENROLLMENTS])


def test_default_snapshot_is_mid_2026(world):
    assert world.snapshot_date == date(2026, 6, 30)


# --- the contract -------------------------------------------------------------------------
def test_every_table_has_exactly_the_contract_columns(world):
    assert set(world.tables) == set(col.REQUIRED_TABLES) | {
        col.UNITS,
        ASSIGNMENTS,
        col.UNIT_INDICATORS,
        col.SANCTIONS,
        col.TALENT_POOL,
    }
    assert list(world.tables[ASSIGNMENTS].columns) == ASSIGNMENT_COLUMNS
    for name, spec in schema.SPECS.items():
        expected = [c for c in spec.names if not _left_out(name, c)]
        assert list(world.tables[name].columns) == expected, name


# One agency's world: every session is open to all its staff, so the column saying which agency
# a session is open to is left out (the national world writes it:
# tests/pipeline/test_agency_rule_national.py)
LEFT_OUT_BY_ONE_AGENCY = {col.OPEN_TO_AGENCY}
# Every session gives its last day (`end_date`), as a SIMDIKLAT export does: checked on every
# shape and world family in tests/features/test_demo_end_dates.py


def _left_out(table: str, column: str) -> bool:
    return column in LEFT_OUT_BY_ONE_AGENCY


def test_keys_are_unique(world):
    for name, spec in schema.SPECS.items():
        if spec.key:
            assert not world.tables[name].duplicated(list(spec.key)).any(), name


def test_foreign_keys_resolve(world):
    for name, spec in schema.SPECS.items():
        for fk in spec.foreign_keys:
            values = world.tables[name][fk.column]
            known = world.tables[fk.table][fk.ref_column]
            assert values.isin(known).all(), f"{name}.{fk.column}"


def test_enums_ranges_and_required_cells_hold(world):
    for name, spec in schema.SPECS.items():
        frame = world.tables[name]
        for column in spec.columns:
            if _left_out(name, column.name):
                continue
            values = frame[column.name]
            if column.required:
                assert values.notna().all(), f"{name}.{column.name}"
            if column.values:
                present = values.dropna()
                if column.kind == "enum_set":
                    present = present.str.split(col.SET_SEPARATOR).explode()
                assert present.isin(column.values).all(), f"{name}.{column.name}"
            if column.min is None and column.max is None:
                continue
            numbers = values.dropna().astype("float64")
            if column.min is not None:
                low_ok = numbers >= column.min if column.min_inclusive else numbers > column.min
                assert low_ok.all(), f"{name}.{column.name}"
            if column.max is not None:
                assert (numbers <= column.max).all(), f"{name}.{column.name}"


def test_ids_are_strings_and_nips_have_18_digits(world):
    employees = world.tables[col.EMPLOYEES]
    assert employees[col.EMPLOYEE_ID].str.fullmatch(r"\d{18}").all()
    # yyyymmdd birth + yyyymm appointment + gender digit + serial
    birth = employees[col.BIRTH_DATE].dt.strftime("%Y%m%d")
    known = birth.notna()
    assert (employees[col.EMPLOYEE_ID].str[:8][known] == birth[known]).all()
    hired = employees[col.HIRE_DATE].dt.strftime("%Y%m")
    assert (employees[col.EMPLOYEE_ID].str[8:14] == hired).all()


def test_every_enum_value_that_should_occur_occurs(world):
    tables = world.tables
    assert set(tables[col.ENROLLMENTS][col.STATUS]) == set(col.STATUSES)
    assert set(tables[col.PROGRAMS][col.METHOD]) == set(col.METHODS)
    assert set(tables[col.EVALUATIONS][col.SOURCE]) == set(col.SOURCES)
    assert set(tables[col.JOB_ROLES][col.TIER]) >= set(col.TIERS) - {"jpt_utama"}
    assert set(tables[col.COMPETENCIES][col.CATEGORY]) == set(col.CATEGORIES)


def test_official_competency_names(world):
    names = world.tables[col.COMPETENCIES].set_index(col.COMPETENCY_ID)[col.NAME]
    assert names["M.1"] == "Integritas"
    assert names["M.8"] == "Pengambilan Keputusan"
    assert names["SK.1"] == "Perekat Bangsa"


def test_nothing_is_dated_after_the_snapshot(world):
    snapshot = _snapshot(world)
    assert world.tables[col.EVALUATIONS][col.EVALUATED_AT].max() == snapshot
    assert world.tables[col.ENROLLMENTS][col.ENROLLED_AT].max() <= snapshot
    assert world.tables[col.EMPLOYEES][col.HIRE_DATE].max() <= snapshot


def test_enrolments_follow_hiring_and_precede_the_start(world):
    tables = world.tables
    enrolments = tables[col.ENROLLMENTS].merge(tables[col.PROGRAMS]).merge(tables[col.EMPLOYEES])
    assert (enrolments[col.ENROLLED_AT] < enrolments[col.START_DATE]).all()
    assert (enrolments[col.ENROLLED_AT] >= enrolments[col.HIRE_DATE]).all()
    assert (enrolments[col.START_DATE] <= _snapshot(world)).all()


def test_evaluations_follow_hiring(world):
    evaluations = world.tables[col.EVALUATIONS].merge(world.tables[col.EMPLOYEES])
    assert (evaluations[col.EVALUATED_AT] >= evaluations[col.HIRE_DATE]).all()


def test_upcoming_programs_exist_and_have_no_enrolments(world):
    programs = world.tables[col.PROGRAMS]
    upcoming = programs[programs[col.START_DATE] > _snapshot(world)]
    assert len(upcoming) >= 50
    assert upcoming[col.START_DATE].max() <= _snapshot(world) + pd.Timedelta(days=184)
    assert not world.tables[col.ENROLLMENTS][col.PROGRAM_ID].isin(upcoming[col.PROGRAM_ID]).any()


def test_tiny_world_has_enough_history_to_train_on(world):
    enrolments = world.tables[col.ENROLLMENTS]
    assert len(enrolments) >= 1500
    assert enrolments[col.STATUS].value_counts().min() >= 10
    completed = (enrolments[col.STATUS] == col.COMPLETED).sum()
    finished = (enrolments[col.STATUS] != col.IN_PROGRESS).sum()
    assert 0.7 <= completed / finished <= 0.88


# --- the truth ----------------------------------------------------------------------------
def test_truth_covers_every_employee_and_upcoming_program_once(world):
    programs = world.tables[col.PROGRAMS]
    upcoming = programs.loc[programs[col.START_DATE] > _snapshot(world), col.PROGRAM_ID]
    pairs = world.truth[TRUTH_PAIRS]
    assert len(pairs) == len(world.tables[col.EMPLOYEES]) * len(upcoming)
    assert not pairs.duplicated([col.EMPLOYEE_ID, col.PROGRAM_ID]).any()
    assert set(pairs[col.PROGRAM_ID].astype("str")) == set(upcoming)
    assert set(pairs[col.EMPLOYEE_ID].astype("str")) == set(
        world.tables[col.EMPLOYEES][col.EMPLOYEE_ID]
    )
    expected = pairs["true_benefit"] * pairs["true_completion_probability"]
    np.testing.assert_allclose(pairs["true_expected_gain"], expected, rtol=1e-6)
    assert pairs["true_completion_probability"].between(0, 1).all()
    assert (pairs["true_benefit"] >= 0).all() and (pairs["true_benefit"] > 0).any()


def test_truth_of_past_enrolments_is_row_aligned(world):
    truth = world.truth["enrollments"]
    enrolments = world.tables[col.ENROLLMENTS]
    keys = [col.EMPLOYEE_ID, col.PROGRAM_ID]
    pd.testing.assert_frame_equal(truth[keys], enrolments[keys])


def test_elearning_suits_some_people_and_not_others(larger_world):
    frame = _finished_enrolments(larger_world)
    online = frame[frame[col.METHOD] == "e_learning"]
    affine = online["elearning_affinity"] > online["elearning_affinity"].median()
    completion = online.groupby(affine)["completed"].mean()
    assert completion[True] - completion[False] > 0.08


def test_kepulauan_seribu_staff_miss_mainland_classes(larger_world):
    frame = _finished_enrolments(larger_world)
    in_person = frame[frame[col.METHOD].isin(["classroom", "workshop"])]
    mainland = in_person[in_person["venue"] != "Kepulauan Seribu"]
    island = mainland["employee_location"] == "Kepulauan Seribu"
    no_show = mainland.groupby(island)[col.STATUS].apply(lambda s: (s == "no_show").mean())
    assert no_show[True] > 3 * no_show[False]


def test_true_completion_probability_is_calibrated_on_the_history(larger_world):
    frame = _finished_enrolments(larger_world)
    bins = pd.cut(frame["true_completion_probability"], [0, 0.7, 0.8, 0.9, 1])
    observed = frame.groupby(bins, observed=True).agg(
        rate=("completed", "mean"), p=("true_completion_probability", "mean")
    )
    np.testing.assert_allclose(observed["rate"], observed["p"], atol=0.06)


def _finished_enrolments(world: World) -> pd.DataFrame:
    tables, truth = world.tables, world.truth
    frame = tables[col.ENROLLMENTS].merge(truth["enrollments"])
    programs = tables[col.PROGRAMS].rename(columns={col.LOCATION: "venue"})
    employees = tables[col.EMPLOYEES].rename(columns={col.LOCATION: "employee_location"})
    frame = frame.merge(programs).merge(employees).merge(truth["employee_traits"])
    frame = frame[frame[col.STATUS] != col.IN_PROGRESS]
    return frame.assign(completed=frame[col.STATUS] == col.COMPLETED)


# --- writing ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_written_world_loads_back_unchanged(world, tmp_path, fmt):
    written = write_world(world, tmp_path / "data", tmp_path / "truth", fmt=fmt)
    assert {p.suffix for n, p in written.items() if not n.startswith("truth/")} == {f".{fmt}"}
    tables = load_tables(tmp_path / "data")
    assert tables.snapshot_date() == world.snapshot_date
    for name, frame in world.tables.items():
        if name == ASSIGNMENTS and not hasattr(tables, name):
            continue  # a loader that does not read the position history yet
        loaded = getattr(tables, name)
        assert len(loaded) == len(frame), name
        for column in frame.columns:
            expected, got = frame[column], loaded[column]
            if pd.api.types.is_float_dtype(expected):
                np.testing.assert_allclose(got.astype("float64"), expected, err_msg=column)
            else:
                assert got.astype("str").equals(expected.astype("str")), f"{name}.{column}"


def test_csv_keeps_ids_as_text(world, tmp_path):
    write_world(world, tmp_path / "data", tmp_path / "truth")
    raw = pd.read_csv(tmp_path / "data" / "employees.csv", dtype="str")
    assert raw[col.EMPLOYEE_ID].equals(world.tables[col.EMPLOYEES][col.EMPLOYEE_ID])
    assert raw[col.HIRE_DATE].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_truth_is_written_as_parquet(world, tmp_path):
    write_world(world, tmp_path / "data", tmp_path / "truth")
    pairs = pd.read_parquet(tmp_path / "truth" / f"{TRUTH_PAIRS}.parquet")
    assert len(pairs) == len(world.truth[TRUTH_PAIRS])
    assert (tmp_path / "truth" / "world.json").is_file()


def test_rewriting_replaces_the_folder_and_leaves_no_staging(world, tmp_path):
    data = tmp_path / "data"
    write_world(world, data, tmp_path / "truth", fmt="parquet")
    write_world(world, data, tmp_path / "truth", fmt="csv")
    assert sorted(p.suffix for p in data.iterdir()) == [".csv"] * len(world.tables)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "truth"]


def test_unknown_format_is_refused(world, tmp_path):
    with pytest.raises(ValueError, match="fmt must be one of"):
        write_world(world, tmp_path / "data", tmp_path / "truth", fmt="xlsx")
    assert not (tmp_path / "data").exists()


def test_command_line_writes_a_world(tmp_path):
    out, truth = tmp_path / "demo", tmp_path / "demo_truth"
    assert main(["--out", str(out), "--truth-out", str(truth), "--employees", "120"]) == 0
    assert (out / "employees.csv").is_file()
    assert (truth / f"{TRUTH_PAIRS}.parquet").is_file()
