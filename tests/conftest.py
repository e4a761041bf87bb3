"""Shared fixtures: a tiny world from the project's own generator, trained once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from model.training.train import TrainResult, train

TINY_EMPLOYEES = 1200
TINY_SEED = 7


@pytest.fixture(scope="session")
def tiny_world_dirs(tmp_path_factory) -> tuple[Path, Path]:
    """(data_dir, truth_dir) of a tiny generated world, written as CSV like an HR export."""
    from features.demo import generate_world, write_world

    root = tmp_path_factory.mktemp("tiny_world")
    world = generate_world(TINY_EMPLOYEES, seed=TINY_SEED)
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
