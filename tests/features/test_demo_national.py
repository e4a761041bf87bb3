"""The national world: agencies with their own unit trees, NIPs unique across the country,
written as Parquet partitioned by agency and read by the normal loader."""

from __future__ import annotations

import pandas as pd
import pytest

from features import columns as col
from features.demo.national import agencies, renumbered_nips, write_national
from features.loading import load_tables


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    root = tmp_path_factory.mktemp("national")
    written = write_national(root / "data", root / "truth", 200, 3, seed=11)
    return root / "data", root / "truth", written


def test_agency_sizes_sum_and_fall_by_rank():
    found = agencies(1_000_000, 600)
    sizes = [a.employees for a in found]
    assert sum(sizes) == 1_000_000
    assert sizes == sorted(sizes, reverse=True)
    assert min(sizes) >= 50 and max(sizes) <= 65_000
    assert found[0].kind == "kementerian" and found[-1].kind == "kota"
    assert len({a.code for a in found}) == 600


def test_too_few_employees_for_the_agencies_is_refused():
    with pytest.raises(ValueError, match="at least 500"):
        agencies(499, 10)


def test_a_stem_shared_by_two_agencies_gets_the_next_serials():
    serials: dict[str, int] = {}
    stem = "198001012005011"  # born 1 Jan 1980, appointed Jan 2005, male
    first = renumbered_nips(pd.Series([stem + "001", stem + "002"]), serials)
    second = renumbered_nips(pd.Series([stem + "001", "199002022015022001"]), serials)
    assert sorted(first.values()) == [stem + "001", stem + "002"]
    assert second[stem + "001"] == stem + "003"
    assert second["199002022015022001"] == "199002022015022001"


def test_tables_are_partitioned_by_agency(national):
    data, truth, written = national
    codes = sorted(a.code for a in written)
    parts = sorted(p.name for p in (data / col.EMPLOYEES).iterdir())
    assert parts == [f"agency={c}" for c in codes]
    assert (data / f"{col.COMPETENCIES}.parquet").is_file()  # shared once
    assert (truth / "upcoming_pairs" / f"agency={codes[0]}" / "part-0.parquet").is_file()


def test_the_normal_loader_reads_it_and_nips_are_unique_nationally(national):
    data, _, written = national
    tables = load_tables(data)  # a duplicate NIP would be refused here
    ids = tables.employees[col.EMPLOYEE_ID]
    assert len(ids) == sum(a.employees for a in written) == 200
    assert ids.is_unique and ids.str.fullmatch(r"\d{18}").all()
    born = tables.employees[col.BIRTH_DATE].dt.strftime("%Y%m%d")
    known = born.notna()
    assert (ids[known].str[:8] == born[known]).all()
    hired = tables.employees[col.HIRE_DATE].dt.strftime("%Y%m")
    assert (ids.str[8:14] == hired).all()
    assert (ids.str[14] == tables.employees[col.GENDER].map({"m": "1", "f": "2"})).all()


def test_each_agency_has_its_own_unit_tree(national):
    data, _, written = national
    units = load_tables(data).units
    roots = units[units[col.PARENT_UNIT_ID].isna()]
    assert sorted(roots[col.UNIT_ID]) == sorted(a.code for a in written)
    below = units[units[col.PARENT_UNIT_ID].notna()]
    assert (below[col.UNIT_ID].str[:4] == below[col.PARENT_UNIT_ID].str[:4]).all()


def test_some_partitions_only(national):
    data, _, written = national
    one = load_tables(data, partitions=[f"agency={written[1].code}"])
    assert len(one.employees) == written[1].employees
    assert one.units[col.UNIT_ID].str.startswith(written[1].code).all()
    assert len(one.competencies) == len(load_tables(data).competencies)  # shared: whole
    none = load_tables(data, partitions=["agency=A999"])  # an unknown partition: no rows
    assert none.employees.empty


def test_a_bad_cell_names_the_partition_file(national, tmp_path):
    import shutil

    from features.errors import DataError

    data, _, written = national
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    part = copy / col.EMPLOYEES / f"agency={written[2].code}" / "part-0.parquet"
    frame = pd.read_parquet(part)
    frame.loc[3, col.EDUCATION] = "phd"
    frame.to_parquet(part, index=False)
    with pytest.raises(DataError) as caught:
        load_tables(copy)
    message = str(caught.value)
    assert f"employees/agency={written[2].code}/part-0.parquet" in message
    assert col.EDUCATION in message and "4" in message
