"""Shared test helpers are fixtures (as Flask's tutorial's `auth`), never names imported from a
`conftest.py`: pytest loads each conftest itself, and an import makes a second copy of it whose
fixtures shadow or double the real ones."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def conftest_imports(source: str) -> list[int]:
    """The line of every import of a module named `conftest` (any package) in `source`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            modules = [node.module or ""] + [f"{node.module or ''}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        if any("conftest" in m.split(".") for m in modules):
            lines.append(node.lineno)
    return lines


def test_no_test_module_imports_from_a_conftest():
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in conftest_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"make these fixtures instead of importing them: {found}"


def test_every_form_of_the_import_is_caught():
    sources = [
        "from conftest import auth",
        "from tests.service.conftest import auth",
        "from . import conftest",
        "from .conftest import auth",
        "import tests.store.conftest",
        "def f():\n    from tests.conftest import HOSTILE_NAME\n",
    ]
    assert [bool(conftest_imports(s)) for s in sources] == [True] * len(sources)
    assert conftest_imports("from tests.plugins.store_fixtures import BACKENDS") == []
