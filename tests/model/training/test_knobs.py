"""Every split knob in its documented range trains or stops with one clear message (issue 20).

`--period-share` 0.05 to 0.30 and `--validation-months` 1 to 12, on a small world of each
shape the generator draws: the split either raises TrainingDataError naming the periods and
their counts (exit 2 in `make train`), or every step that depends on it runs, no library
error included (LightGBM refuses to predict no rows: a short validation period can hold no
employee with two enrolments to compare).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from features.demo import generate_world, write_world
from features.demo.shapes import SHAPES
from features.loading import load_tables
from model.training import evaluation
from model.training.errors import TrainingDataError
from model.training.examples import build_examples
from model.training.gate import gate_scores
from model.training.refit import fit_all, refit_metrics
from model.training.report_data import report_data, served_reliability
from model.training.split import temporal_split

SMALL_EMPLOYEES = 400
SEED = 11


@pytest.fixture(scope="module", params=sorted(SHAPES))
def small_world(request, tmp_path_factory):
    """(examples, snapshot) of a small world of each shape, built once."""
    world = generate_world(SMALL_EMPLOYEES, seed=SEED, shape=request.param)
    root = tmp_path_factory.mktemp(f"knobs_{request.param}")
    write_world(world, root / "data", root / "truth", fmt="csv")
    tables = load_tables(root / "data")
    as_of = pd.Timestamp(tables.snapshot_date())
    return build_examples(tables, as_of), as_of


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    share=st.floats(0.05, 0.30),
    months=st.one_of(st.none(), st.integers(1, 12)),
)
@example(share=0.05, months=None)  # the ends of the documented ranges, whatever is drawn
@example(share=0.30, months=None)
@example(share=0.15, months=1)
@example(share=0.15, months=12)
def test_every_split_knob_trains_or_stops_with_one_clear_message(small_world, share, months):
    examples, as_of = small_world
    try:
        split = temporal_split(examples, as_of, months, share)
    except TrainingDataError as error:
        message = str(error)
        for period in ("train", "validation", "test"):
            assert f"  {period}" in message  # its line of counts
        assert "decisions on" in message and "--period-share" in message
        return
    fits = fit_all(split, examples, as_of)
    metrics = evaluation.test_period_metrics(fits.evaluation, split)
    assert metrics["risk"]["model"]["n"] > 0
    assert refit_metrics(fits, split, as_of)["serves"] in {"refit", "evaluation"}
    report_data(fits.evaluation, split)
    served_reliability(fits, split)
    gate_scores(fits.served, split.test)
