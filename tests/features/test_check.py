"""`python -m features.check DATA_DIR`: counts and snapshot date, or one error line and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from features import columns as col
from features.check import EXIT_DATA_ERROR, main
from tests.features import tiny_tables as tiny

ROOT = Path(__file__).resolve().parents[2]


def test_valid_directory_prints_counts_and_snapshot(tmp_path, capsys):
    assert main([str(tiny.write_csv(tmp_path, tiny.world()))]) == 0
    out = capsys.readouterr().out
    assert "employees" in out
    assert "5 rows" in out  # evaluations
    assert "snapshot date: 2024-06-30" in out


def test_broken_table_prints_one_error_paragraph(tmp_path, capsys):
    world = tiny.world()
    tiny.set_cell(world, "evaluations", 2, col.SOURCE, "boss")
    assert main([str(tiny.write_csv(tmp_path, world))]) == EXIT_DATA_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: evaluations.csv, column 'source', row 4: unknown value")
    assert captured.err.count("\n") == 1


def test_module_entry_point_exits_2_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "features.check", str(tmp_path / "missing")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_DATA_ERROR
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
