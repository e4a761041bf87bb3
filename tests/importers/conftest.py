"""A small generated world written as SIASN and SIMDIKLAT export it, shared by the importer
tests (fixtures only; nothing to import from here)."""

from __future__ import annotations

import pytest

from features.demo import World, generate_world
from importers.dumps import siasn_files, write_files
from importers.dumps_simdiklat import simdiklat_files

EMPLOYEES, SEED = 300, 20261206


@pytest.fixture(scope="package")
def world() -> World:
    return generate_world(EMPLOYEES, SEED)


@pytest.fixture(scope="package")
def siasn_dir(world, tmp_path_factory):
    folder = tmp_path_factory.mktemp("siasn")
    write_files(siasn_files(world), folder)
    return folder


@pytest.fixture(scope="package")
def simdiklat_dir(world, tmp_path_factory):
    folder = tmp_path_factory.mktemp("simdiklat")
    write_files(simdiklat_files(world), folder)
    return folder
