"""A bundle's serving snapshot, mapped (format 3) or loaded into memory, answers the same."""

from __future__ import annotations

import numpy as np

from model.bundles.files import read_bundle, write_bundle
from model.bundles.serving import SNAPSHOT_OBJECT, bundle_boosters, load_serving_bundle
from model.engine import Engine


def test_the_mapped_snapshot_answers_like_the_one_loaded_into_memory(trained, tmp_path):
    raw = read_bundle(trained.path)
    assert raw.manifest["files"][f"{SNAPSHOT_OBJECT}.joblib"]["kind"] == "joblib-mapped"
    mapped = load_serving_bundle(trained.path)
    assert isinstance(mapped.state.current, np.memmap)  # read from the file where touched
    # the same snapshot written as before format 3: compressed, loaded into memory
    path = write_bundle(tmp_path, "in-memory", bundle_boosters(mapped.predictor),
                        {"calibrator": mapped.predictor.calibrator,
                         SNAPSHOT_OBJECT: raw.objects[SNAPSHOT_OBJECT]},
                        raw.manifest)  # fmt: skip
    loaded = load_serving_bundle(path)
    assert not isinstance(loaded.state.current, np.memmap)
    a, b = Engine(mapped), Engine(loaded)
    for employee_id in mapped.state.employee_ids[::97]:
        assert a.recommend(employee_id) == b.recommend(employee_id)
        assert a.gaps(employee_id) == b.gaps(employee_id)
