"""The agency rule (`programs.open_to_agency`) against a brute force written from its words:
a session open to one agency admits the employees of that unit and of every unit under it;
an empty one admits everyone; the pairs are formed agency by agency, never as the product."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from features import columns as col
from features.check import EXIT_DATA_ERROR, main
from features.session_rules import AgencyRule
from tests.features import tiny_tables as tiny


def _tree(rng: np.random.Generator, n_units: int) -> pd.DataFrame:
    """Units U0.. where each unit's parent is an earlier unit (or none): a forest."""
    ids = [f"U{i}" for i in range(n_units)]
    parents = [
        None if i == 0 or rng.random() < 0.3 else ids[int(rng.integers(0, i))]
        for i in range(n_units)
    ]
    return pd.DataFrame({col.UNIT_ID: ids, col.NAME: ids, col.PARENT_UNIT_ID: parents})


def _ancestors(units: pd.DataFrame, unit: str) -> set[str]:
    """The unit and every unit above it, one parent at a time."""
    parent = dict(zip(units[col.UNIT_ID], units[col.PARENT_UNIT_ID], strict=True))
    out = set()
    while unit is not None and unit not in out:
        out.add(unit)
        unit = parent.get(unit)
    return out


def _world(seed: int, n_units: int, n_employees: int, n_programs: int, open_share: float):
    rng = np.random.default_rng(seed)
    units = _tree(rng, n_units)
    # some employees work in a unit the table does not list (`units` is optional)
    names = [*units[col.UNIT_ID], "ELSEWHERE"]
    unit_of = np.array([names[int(i)] for i in rng.integers(0, len(names), n_employees)],
                       dtype=object)  # fmt: skip
    agencies = rng.choice(units[col.UNIT_ID].to_numpy(), n_programs)
    open_to = pd.Series(agencies, dtype="str").where(rng.random(n_programs) >= open_share)
    return units, unit_of, open_to


def _allowed(units, unit_of, open_to, e: int, p: int) -> bool:
    agency = open_to.iloc[p]
    return pd.isna(agency) or agency in _ancestors(units, unit_of[e])


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_units=st.integers(1, 15),
    n_employees=st.integers(0, 40),
    n_programs=st.integers(0, 25),
    open_share=st.sampled_from([0.0, 0.2, 1.0]),
)
def test_the_rule_and_its_pairs_equal_the_brute_force(
    seed, n_units, n_employees, n_programs, open_share
):
    units, unit_of, open_to = _world(seed, n_units, n_employees, n_programs, open_share)
    rule = AgencyRule(open_to, n_programs, unit_of, units)
    rng = np.random.default_rng(seed)
    e_all = np.arange(n_employees)
    p_all = np.arange(n_programs)
    es, ps = np.repeat(e_all, n_programs), np.tile(p_all, n_employees)
    truth = np.array([_allowed(units, unit_of, open_to, e, p) for e, p in zip(es, ps, strict=True)],
                     dtype=bool)  # fmt: skip
    assert np.array_equal(~rule.other_agency(es, ps), truth)
    # the pairs of any subset, in any order, are the product's filtered, in its order
    e = rng.permutation(e_all)[: max(n_employees // 2, 1)] if n_employees else e_all
    p = rng.permutation(p_all)
    pe, pp = np.repeat(e, len(p)), np.tile(p, len(e))
    keep = ~rule.other_agency(pe, pp)
    got_e, got_p = rule.pairs(e, p)
    assert np.array_equal(got_e, pe[keep]) and np.array_equal(got_p, pp[keep])
    assert list(rule.pair_counts(e, p)) == [int((got_e == one).sum()) for one in e]
    for program in p_all:
        members = rule.members(int(program))
        admitted = np.flatnonzero(truth.reshape(n_employees, n_programs)[:, program])
        if pd.isna(open_to.iloc[program]):
            assert members is None
        else:
            assert np.array_equal(members, admitted)


def test_without_the_column_every_session_is_open_to_all():
    units, unit_of, _ = _world(1, 6, 20, 8, 0.0)
    rule = AgencyRule(None, 8, unit_of, units)
    assert not rule.restricts
    e, p = rule.pairs(np.arange(20), np.arange(8))
    assert np.array_equal(e, np.repeat(np.arange(20), 8))
    assert np.array_equal(p, np.tile(np.arange(8), 20))
    assert rule.members(3) is None


def test_pairs_grow_with_the_employees_not_with_the_product():
    """Agencies of 10 employees and 5 sessions each, and 3 open sessions: each employee has
    8 pairs whatever the number of agencies."""
    for n_agencies in (2, 20, 200):
        roots = [f"A{i:03d}" for i in range(n_agencies)]
        subs = [f"{r}-DINAS" for r in roots]
        units = pd.DataFrame(
            {col.UNIT_ID: roots + subs, col.NAME: roots + subs,
             col.PARENT_UNIT_ID: [None] * n_agencies + roots}
        )  # fmt: skip
        unit_of = np.repeat(np.array(subs, dtype=object), 10)
        open_to = pd.Series([*np.repeat(roots, 5), None, None, None], dtype="str")
        rule = AgencyRule(open_to, len(open_to), unit_of, units)
        e, _ = rule.pairs(np.arange(len(unit_of)), np.arange(len(open_to)))
        assert len(e) == 8 * len(unit_of)


def _with_agencies(agencies: list[str], units: bool = True) -> dict:
    tables = tiny.world()
    tables["programs"][0].append(col.OPEN_TO_AGENCY)
    for row, agency in zip(tables["programs"][1:], agencies, strict=True):
        row.append(agency)
    if not units:
        del tables["units"]
    return tables


def test_the_loader_reads_the_column_and_missing_means_open(tmp_path):
    loaded = tiny.load(tmp_path / "ok", _with_agencies(["001", ""]))
    assert loaded.programs[col.OPEN_TO_AGENCY].tolist()[0] == "001"
    assert pd.isna(loaded.programs[col.OPEN_TO_AGENCY].tolist()[1])
    plain = tiny.load(tmp_path / "plain", tiny.world())  # no column: all open
    assert plain.programs[col.OPEN_TO_AGENCY].isna().all()


def test_an_unknown_agency_is_one_clear_error_naming_file_rows_and_column(tmp_path, capsys):
    error = tiny.load_error(tmp_path / "bad", _with_agencies(["001", "A999"]))
    assert error.column == col.OPEN_TO_AGENCY
    assert "programs.csv" in str(error) and "row 3" in str(error)
    assert "unknown agency" in str(error) and "A999" in str(error) and "units.csv" in str(error)
    # without a units table, an agency is a unit some employee works in
    tiny.load(tmp_path / "no_units", _with_agencies(["002", ""], units=False))
    error = tiny.load_error(tmp_path / "no_units_bad", _with_agencies(["003", ""], units=False))
    assert "row 2" in str(error) and "employees.csv" in str(error)
    # `make check` prints it as its one error line
    bad = tiny.write_csv(tmp_path / "check", _with_agencies(["A999", ""]))
    assert main([str(bad)]) == EXIT_DATA_ERROR
    assert capsys.readouterr().err.startswith(
        "error: programs.csv, column 'open_to_agency', row 2: unknown agency"
    )
