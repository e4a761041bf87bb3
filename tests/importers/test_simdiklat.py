"""SIMDIKLAT's staff, sessions, participants and JP ledger into the contract's tables."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from features import columns as col
from features.demo import generate_world
from features.loading import load_tables
from importers.__main__ import run_import
from importers.dumps import write_files
from importers.dumps_simdiklat import simdiklat_files
from model.training.train import train


@pytest.fixture(scope="module")
def imported(simdiklat_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "tables"
    report = run_import("simdiklat", simdiklat_dir, out)
    return load_tables(out).as_dict(), report


def test_every_participant_is_found_by_nip_or_by_nrk_with_their_status(world, imported):
    tables, _ = imported
    sent = world.tables[col.ENROLLMENTS]
    key = [col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS]
    got = tables[col.ENROLLMENTS][key].astype("str").sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got, sent[key].astype("str").sort_values(key).reset_index(drop=True)
    )


def test_sessions_keep_their_seats_method_and_min_grade(world, imported):
    tables, report = imported
    programs = tables[col.PROGRAMS].set_index(col.PROGRAM_ID)
    sent = world.tables[col.PROGRAMS].set_index(col.PROGRAM_ID)
    assert (programs[col.CAPACITY] == sent[col.CAPACITY]).all()
    online = sent[col.METHOD] == "e_learning"
    assert (programs.loc[online.index[online], col.METHOD] == "e_learning").all()
    assert any("cost 0" in note for note in report.notes)


def test_units_are_ukpd_under_their_skpd(world, imported):
    tables, _ = imported
    units = tables[col.UNITS].set_index(col.UNIT_ID)
    sent = world.tables[col.UNITS].set_index(col.UNIT_ID)
    common = units.index.intersection(sent.index)
    parents = units.loc[common, col.PARENT_UNIT_ID].fillna("")
    assert (parents == sent.loc[common, col.PARENT_UNIT_ID].fillna("")).all()


def test_min_grade_is_read_from_the_eligibility_text(simdiklat_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(simdiklat_dir, folder)
    sessions = pd.read_csv(folder / "jadwal_diklat.csv", dtype="str", keep_default_na=False)
    sessions.loc[0, "keterangan"] = "Peserta minimal Golongan III / b"
    sessions.loc[1, "keterangan"] = "Diutamakan yang belum pernah mengikuti"
    sessions.to_csv(folder / "jadwal_diklat.csv", index=False)
    report = run_import("simdiklat", folder, tmp_path / "o")
    written = pd.read_csv(tmp_path / "o" / "programs.csv", dtype="str", keep_default_na=False)
    grade = written.set_index(col.PROGRAM_ID)["min_grade"]
    assert grade[sessions.loc[0, "diklat_id"]] == "III/b"
    assert grade[sessions.loc[1, "diklat_id"]] == ""
    unread = [s for s in report.skipped if s.column == "keterangan"]
    assert unread and 3 in unread[0].rows and not unread[0].dropped


def test_a_text_partly_read_is_reported_and_positions_become_the_audience(simdiklat_dir, tmp_path):
    """A rank read from a text that says more: the rest is reported, never dropped silently;
    "Peserta: pejabat ..." names the audience; a sanction clause is a rule of every session."""
    folder = tmp_path / "in"
    shutil.copytree(simdiklat_dir, folder)
    sessions = pd.read_csv(folder / "jadwal_diklat.csv", dtype="str", keep_default_na=False)
    sessions.loc[0, "keterangan"] = "minimal golongan III/a; lulus S1 bidang hukum"
    sessions.loc[1, "keterangan"] = "Peserta: pejabat administrator;pengawas; minimal III/c"
    sessions.loc[2, "keterangan"] = "tidak sedang menjalani hukuman disiplin"
    sessions.to_csv(folder / "jadwal_diklat.csv", index=False)
    report = run_import("simdiklat", folder, tmp_path / "o")
    written = pd.read_csv(tmp_path / "o" / "programs.csv", dtype="str", keep_default_na=False)
    rows = written.set_index(col.PROGRAM_ID).loc[sessions.loc[:2, "diklat_id"]]
    assert list(rows["min_grade"]) == ["III/a", "III/c", ""]
    assert rows[col.AUDIENCE].iloc[1] == "administrator;pengawas"
    unread = [s for s in report.skipped if s.column == "keterangan"]
    assert unread and 2 in unread[0].rows and not unread[0].dropped
    assert 3 not in unread[0].rows and 4 not in unread[0].rows
    assert any("sanction" in note for note in report.notes)


@pytest.mark.slow
def test_an_import_of_a_larger_world_trains_and_promotes(tmp_path):
    write_files(simdiklat_files(generate_world(600, seed=9)), tmp_path / "in")
    run_import("simdiklat", tmp_path / "in", tmp_path / "tables")
    result = train(tmp_path / "tables", tmp_path / "artifacts")
    assert result.promoted, result.reason
