"""The agency rule end to end on a small national world (three agencies, each session open to
its own agency, the first agency's LAN sessions open to all): trained, scored by score-all
and asked: nobody is offered another agency's session, the open sessions are offered to all,
and why-not, nominations and participant lists say `other_agency`."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.files import promote
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.participants import choose_participants
from model.precomputed import RECOMMENDATIONS
from model.training.train import train
from model.why_not import nomination_refusals, why_not
from pipeline.score_all import score_all


@pytest.fixture(scope="module")
def national_bundle(national_dir, tmp_path_factory):
    """The national world trained, copied into its own artifacts folder and scored."""
    trained = train(national_dir, tmp_path_factory.mktemp("national_trained"))
    artifacts = tmp_path_factory.mktemp("national_scored")
    shutil.copytree(trained.path, artifacts / trained.version)
    promote(artifacts, trained.version)
    score_all(artifacts, mode="in_process", task_employees=100)
    return artifacts / trained.version


@pytest.fixture(scope="module")
def engine(national_bundle) -> Engine:
    return Engine(load_serving_bundle(national_bundle))


def _agency_of(engine: Engine) -> dict[str, str]:
    """Each employee's agency: the top unit above their unit."""
    out = {}
    for employee_id, unit in zip(engine.directory.employee_ids, engine.unit_of, strict=True):
        while (parent := engine.directory.parent_unit(unit)) is not None:
            unit = parent
        out[str(employee_id)] = unit
    return out


def _open_to(engine: Engine) -> pd.Series:
    return engine.programs[col.OPEN_TO_AGENCY]


def test_nobody_is_offered_another_agencys_session_and_open_ones_reach_all(engine):
    agency_of, open_to = _agency_of(engine), _open_to(engine)
    assert len(set(agency_of.values())) == 3
    reached: set[str] = set()  # agencies whose employees were offered an open session
    for employee_id in list(agency_of)[::3]:
        for item in engine.recommend(employee_id, k=100):
            agency = open_to[item["program_id"]]
            assert pd.isna(agency) or agency == agency_of[employee_id]
            if pd.isna(agency):
                reached.add(agency_of[employee_id])
    assert reached == set(agency_of.values())


def test_score_all_stores_only_pairs_the_rule_allows(engine, national_bundle):
    agency_of, open_to = _agency_of(engine), _open_to(engine)
    recs = pd.read_parquet(national_bundle / RECOMMENDATIONS)
    agency = open_to.reindex(recs[col.PROGRAM_ID]).to_numpy()
    mine = recs[col.EMPLOYEE_ID].map(agency_of).to_numpy()
    assert len(recs) > 0
    assert (pd.isna(agency) | (agency == mine)).all()
    opened = recs.loc[pd.isna(agency), col.EMPLOYEE_ID].map(agency_of)
    assert set(opened) == set(agency_of.values())
    # pairs per employee: their agency's upcoming sessions and the open ones, not all
    upcoming = open_to.iloc[engine.upcoming]
    counts = engine.eligibility.agency.pair_counts(np.arange(len(agency_of)), engine.upcoming)
    own = upcoming.value_counts()
    expected = [own[agency_of[i]] + upcoming.isna().sum() for i in agency_of]
    assert list(counts) == expected and counts.max() < len(engine.upcoming)


def test_why_not_nominations_and_participants_say_other_agency(engine):
    agency_of, open_to = _agency_of(engine), _open_to(engine)
    upcoming = open_to.iloc[engine.upcoming]
    first = str(upcoming[upcoming == "A001"].index[0])
    shared = str(upcoming[upcoming.isna()].index[0])
    outsider = next(e for e, a in agency_of.items() if a != "A001")
    answer = why_not(engine, first, outsider)
    assert "other_agency" in answer["not_eligible_because"]
    assert answer["outcome"] == "not_eligible"
    assert "other_agency" not in why_not(engine, shared, outsider)["not_eligible_because"]
    refused = nomination_refusals(engine, first, [outsider])
    assert "other_agency" in refused[outsider]
    chosen = choose_participants(engine, first)
    assert all(agency_of[r["employee_id"]] == "A001" for r in chosen["selected"])
    outside = sum(a != "A001" for a in agency_of.values())
    assert chosen["summary"]["other_agency"] == outside
