"""The samples in the repository (importers/samples/) are what the dumps write today, and
`make import` turns each into tables that `make check` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from features.check import main as check
from features.demo import generate_world
from importers.__main__ import main
from importers.dumps import siasn_files, write_files
from importers.dumps_simdiklat import simdiklat_files

SAMPLES = Path(__file__).resolve().parents[2] / "importers" / "samples"
DUMPS = {"siasn": siasn_files, "simdiklat": simdiklat_files}


@pytest.mark.parametrize("source", sorted(DUMPS))
def test_the_sample_is_current_and_imports(source, tmp_path, capsys):
    fresh = tmp_path / "fresh"
    write_files(DUMPS[source](generate_world(60, 20261206)), fresh)
    kept = SAMPLES / source
    assert sorted(p.name for p in kept.iterdir()) == sorted(p.name for p in fresh.iterdir())
    for path in fresh.iterdir():
        assert (kept / path.name).read_text() == path.read_text(), (
            f"make import-samples: {path.name}"
        )
    assert main([source, str(kept), str(tmp_path / "tables")]) == 0
    assert f"import from {source}:" in capsys.readouterr().out
    assert check([str(tmp_path / "tables")]) == 0
