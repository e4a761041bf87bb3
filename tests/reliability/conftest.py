"""A generated world of one shape, trained into its own artifacts folder and served by a fresh
app: what the shape tests (semester, long courses) check end to end (fixtures only; nothing to
import from here)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from features.demo import generate_world, write_world
from model.training.train import TrainResult, train
from service import create_app


@pytest.fixture(scope="session")
def served_world(tmp_path_factory, token_config) -> Callable[..., tuple[TrainResult, Flask]]:
    """`served_world(shape, employees, seed)`: train on a world of `shape` and serve its bundle
    (the training result and the app)."""

    def serve(shape: str, employees: int, seed: int) -> tuple[TrainResult, Flask]:
        root = tmp_path_factory.mktemp(shape)
        world = generate_world(employees, seed=seed, shape=shape)
        write_world(world, root / "data", root / "truth", fmt="csv")
        result = train(root / "data", root / "artifacts", truth_dir=root / "truth")
        app = create_app(
            {"ARTIFACTS_DIR": str(root / "artifacts"), "TNA_API_TOKENS": token_config,
             "RELOAD_INTERVAL": 0}
        )  # fmt: skip
        app.config["TESTING"] = False
        return result, app

    return serve
