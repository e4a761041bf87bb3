"""Every input table, broken in its own way, stops training with one clear error."""

from __future__ import annotations

import shutil

import pytest

from features import columns as col
from features.errors import DataError
from model.bundles.files import CURRENT
from model.training.train import train


def _rewrite(path, edit) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _set_cell(column: str, value: str):
    def edit(lines: list[str]) -> list[str]:
        header = lines[0].split(",")
        cells = lines[3].split(",")
        cells[header.index(column)] = value
        lines[3] = ",".join(cells)
        return lines

    return edit


CORRUPTIONS = {
    col.COMPETENCIES: ("duplicate key", lambda lines: [*lines, lines[1]]),
    col.JOB_ROLES: ("bad enum", _set_cell(col.TIER, "eselon_9")),
    col.ROLE_REQUIREMENTS: ("out of range", _set_cell(col.REQUIRED_LEVEL, "7")),
    col.EMPLOYEES: ("bad date", _set_cell(col.HIRE_DATE, "31/12/2020")),
    col.EVALUATIONS: ("truncated", lambda lines: [*lines[:-1], lines[-1].split(",")[0]]),
    col.PERFORMANCE: ("wrong type", _set_cell(col.YEAR, "dua ribu")),
    col.PROGRAMS: ("negative cost", _set_cell(col.COST, "-5")),
    col.PROGRAM_COMPETENCIES: ("dangling key", _set_cell(col.COMPETENCY_ID, "NOPE")),
    col.ENROLLMENTS: ("empty file", lambda lines: []),
    col.UNITS: ("missing column", lambda lines: [",".join(["x"] * 3)] * 2),
}


@pytest.mark.parametrize("table", sorted(CORRUPTIONS))
def test_a_broken_table_fails_training_and_writes_nothing(table, tiny_world_dirs, tmp_path):
    data_dir, _ = tiny_world_dirs
    broken = tmp_path / "data"
    shutil.copytree(data_dir, broken)
    _, edit = CORRUPTIONS[table]
    _rewrite(broken / f"{table}.csv", edit)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    (artifacts / CURRENT).write_text("serving\n")
    with pytest.raises(DataError) as caught:
        train(broken, artifacts)
    assert caught.value.file == f"{table}.csv"
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in artifacts.iterdir()) == [CURRENT]


def test_wrong_encoding_is_named(tiny_world_dirs, tmp_path):
    data_dir, _ = tiny_world_dirs
    broken = tmp_path / "data"
    shutil.copytree(data_dir, broken)
    path = broken / "units.csv"
    path.write_bytes(path.read_bytes() + "Kantor Pulau Pramuka,ÿ,x\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"units\.csv"):
        train(broken, tmp_path / "artifacts")
