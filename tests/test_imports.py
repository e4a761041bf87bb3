"""The layout table of STYLE.md section 1, executable: every import of our packages, read from
the source (AST, imports inside functions included), points the way the data flows.

A rule is (importing package, imported package): an import from a package of ours into
another of ours is allowed only when the table says so; the most specific package wins
(`service.actions` before `service`). Third-party imports are free but for `flask` (and its
family) in `service.actions`, which must be callable outside a request.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("features", "model", "store", "service", "importers", "pipeline")

# package -> the packages of ours it may import (besides itself and its own sub-packages)
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "features": (),
    "importers": ("features",),
    "pipeline": ("features", "model"),
    "model": ("features",),
    "model.training": ("features", "model", "store"),
    # `make train`'s entry point picks where the partitioned steps run (pipeline/, Dask); the
    # training code itself never imports the pipeline
    "model.training.__main__": ("features", "model", "store", "pipeline"),
    "store": ("features",),
    "service": ("features", "model", "store", "service"),
    # importers: SIASN's vocabulary, to export completions in SIASN's own shape (the reverse
    # of importers/siasn_training.py, so that importing the export round-trips)
    "service.actions": ("features", "importers", "model", "store", "service"),
    # every XLSX and CSV file and the cell guard: plain answers in, bytes out (importers: the
    # field names of SIASN's course history, which the completions CSV writes)
    "service.exports": ("features", "importers", "model"),
    "service.routes": ("features", "model", "store", "service"),
    "service.web": ("features", "model", "store", "service"),
}
# imports the table forbids even where a wider rule above allows them: (importer, imported)
NEVER: tuple[tuple[str, str], ...] = (
    ("model", "model.training"),  # training is offline: the engine never needs it
    ("service.web", "service.routes"),  # pages and the API meet in service.actions only
    ("service.routes", "service.web"),
    ("service.actions", "service.routes"),  # actions are below both adapters
    ("service.actions", "service.web"),
    ("service", "service.routes"),  # only the app factory registers the adapters
    ("service", "service.web"),
)
# the app factory and the entry points wire the adapters in
WIRING = ("service", "service.__main__", "service.api", "service.gunicorn_conf")
# callable outside a request: no web framework
NO_FLASK = ("service.actions",)
FLASK_FAMILY = ("flask", "flask_smorest", "flask_babel", "werkzeug", "webargs")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            # `from service import routes` imports the sub-module `service.routes`
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _rule_of(module: str) -> str:
    return max((p for p in MAY_IMPORT if _within(module, p)), key=len)


def _top(name: str) -> str | None:
    """The package of ours `name` belongs to (None for a third-party module)."""
    first = name.split(".")[0]
    return first if first in OURS else None


def violations(files: list[Path]) -> list[str]:
    """Every backward arrow among `files`, as `file:line: importer -> imported`."""
    out = []
    for path in files:
        module = _module_name(path)
        rule = _rule_of(module)
        for line, name in _imports(path):
            where = f"{path.relative_to(ROOT)}:{line}: {module} -> {name}"
            if _top(name) is None:
                if any(_within(module, p) for p in NO_FLASK) and name.split(".")[0] in FLASK_FAMILY:
                    out.append(where)
                continue
            allowed = _within(name, rule) or any(_within(name, p) for p in MAY_IMPORT[rule])
            forbidden = any(
                _within(module, a) and _within(name, b) and not _within(module, b) for a, b in NEVER
            )
            if module in WIRING and _within(name, "service"):
                forbidden = False
            if not allowed or forbidden:
                out.append(where)
    return out


def our_files() -> list[Path]:
    return sorted(p for top in OURS if (ROOT / top).is_dir() for p in (ROOT / top).rglob("*.py"))


def test_every_import_points_the_way_the_data_flows():
    assert violations(our_files()) == []


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("service/web/page.py", "from service.routes.programs import participants_of"),
        ("service/web/page.py", "from service import routes"),
        ("service/routes/api.py", "from service.web.labels import label"),
        ("service/actions/thing.py", "from flask import g"),
        ("service/actions/thing.py", "import werkzeug.exceptions"),
        ("service/actions/thing.py", "from ..routes import plans"),
        ("model/engine2.py", "from service.errors import ApiError"),
        ("model/engine2.py", "from model.training.refit import refit"),
        ("features/gaps2.py", "import model"),
        ("store/rows.py", "from model.errors import NotFoundError"),
        ("importers/dump.py", "from store import tables"),
        ("service/exports/sheet.py", "from service.actions import plans"),
        ("service/exports/sheet.py", "import store"),
        ("model/planning/sheet.py", "from service.exports.cells import append_row"),
    ],
)
def test_a_backward_arrow_is_caught(tmp_path, monkeypatch, where, source):
    """Each kind of backward arrow fails the walk (a file written under a copy of the root)."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / where
    path.parent.mkdir(parents=True)
    path.write_text(source + "\n", encoding="utf-8")
    assert violations([path]) == [f"{where}:1: {_module_name(path)} -> {_imports(path)[0][1]}"]


def test_allowed_arrows_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    allowed = {
        "service/web/page.py": "from service.actions import programs\nimport flask",
        "service/routes/api.py": "from service.actions.plans import create_plan",
        "service/actions/thing.py": "import store\nfrom model.engine import Engine",
        "model/training/train2.py": "import store\nfrom model.engine import Engine",
        "store/rows.py": "from features import columns",
        "service/exports/sheet.py": "from service.exports.cells import csv_bytes\nimport model",
        "service/actions/plans2.py": "from service.exports.plan import plan_workbook",
    }
    files = []
    for where, source in allowed.items():
        path = tmp_path / where
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source + "\n", encoding="utf-8")
        files.append(path)
    assert violations(files) == []
