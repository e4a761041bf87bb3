"""A page view asks the actions once: parse, one call, render (issue 19; docs/actions.md).

Read from the source (AST), as tests/test_imports.py reads imports: for every view of the
program pages (a function under `@bp.get`, `@bp.post` or `@bp.route`), the calls into
`service.actions` it makes, followed through the helpers of its own module and of the other
`service.web` modules it imports. Every call site counts, on every branch: a view that asks
one action and, on a refusal, another (to re-render) is two calls, and fails.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("service/web/programs.py", "service/web/program_page.py", "service/web/exports.py")
ACTIONS = "service.actions"
WEB = "service.web"
VIEW_DECORATORS = {"get", "post", "put", "patch", "delete", "route"}


@dataclass
class Module:
    """One module's functions and what its imported names point to."""

    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    action_modules: set[str] = field(default_factory=set)  # `from service.actions import x`
    action_functions: set[str] = field(default_factory=set)  # `from service.actions.x import f`
    web_functions: dict[str, str] = field(default_factory=dict)  # name -> service.web module


def _path(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def read(path: Path) -> Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = Module()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found.functions[node.name] = node
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                name = alias.asname or alias.name
                if node.module == ACTIONS:
                    found.action_modules.add(name)
                elif node.module.startswith(ACTIONS + "."):
                    found.action_functions.add(name)
                elif node.module.startswith(WEB + ".") and _path(node.module).is_file():
                    found.web_functions[name] = node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(ACTIONS) and alias.asname:
                    found.action_modules.add(alias.asname)
    return found


def _is_view(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in VIEW_DECORATORS:
            return True
    return False


def action_calls(module: Module, function: ast.FunctionDef, path: str, seen=()) -> list[str]:
    """Every call into the actions `function` can make, as `file:line: name`, helpers
    followed (each call site of a helper counts its actions again)."""
    out: list[str] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        where = f"{path}:{node.lineno}"
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            if target.value.id in module.action_modules:
                out.append(f"{where}: {target.value.id}.{target.attr}")
        elif isinstance(target, ast.Name):
            name = target.id
            if name in module.action_functions:
                out.append(f"{where}: {name}")
            elif name in module.functions and name not in seen:
                helper = module.functions[name]
                out += action_calls(module, helper, path, (*seen, function.name, name))
            elif name in module.web_functions and name not in seen:
                other = module.web_functions[name]
                imported = read(_path(other))
                if name in imported.functions:
                    helper = imported.functions[name]
                    shown = str(_path(other).relative_to(ROOT))
                    out += action_calls(imported, helper, shown, (*seen, name))
    return out


def views(path: Path) -> dict[str, list[str]]:
    """Each view of the page module at `path` -> its calls into the actions."""
    module = read(path)
    shown = str(path.relative_to(ROOT))
    return {
        name: action_calls(module, function, shown)
        for name, function in module.functions.items()
        if _is_view(function)
    }


@pytest.mark.parametrize("page", PAGES)
def test_every_view_of_the_program_pages_asks_one_action(page):
    found = views(ROOT / page)
    assert found, f"{page}: no view found (the test would pass on nothing)"
    assert {name: calls for name, calls in found.items() if len(calls) != 1} == {}


def test_the_views_read_are_the_pages():
    assert set(views(ROOT / "service/web/program_page.py")) == {"program", "nominate", "decide"}
    assert set(views(ROOT / "service/web/programs.py")) == {"upcoming"}


PAGE_OF_TWO_CALLS = """
from service.actions import programs
from service.actions.nominations import decide_nomination

@bp.post("/programs/<program_id>/decisions")
def decide(program_id):
    try:
        decide_nomination(actor, program_id)
    except ConflictError:
        return _render(program_id)
    return redirect("/")

def _render(program_id):
    return render_template("program.html", **programs.program_overview(actor, program_id))
"""


def test_a_view_asking_twice_is_caught(tmp_path, monkeypatch):
    """The page as it was before the one overview action: a decision, then on a refusal the
    overview again through a helper: two calls."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / "service/web/page.py"
    path.parent.mkdir(parents=True)
    path.write_text(PAGE_OF_TWO_CALLS, encoding="utf-8")
    assert views(path) == {
        "decide": [
            "service/web/page.py:8: decide_nomination",
            "service/web/page.py:14: programs.program_overview",
        ]
    }
