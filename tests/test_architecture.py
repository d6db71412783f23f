"""The house's shape (ARCHITECTURE.md), checked: one-way dependencies, a pure checker, no cycles, no app reaching
into another's views or forms, no role tested by name outside the matrix, small modules, visible imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
APPS = ["coproduction", "recruitment", "meetings", "payments", "engagement"]
PACKAGES = [*APPS, "plain_language"]
PAGE_MODULES = {"views", "forms", "manage_views", "onboarding_views", "views_board"}
MAX_LINES = 600
ROLE_NAMES = "Expert by Experience leader|Co-production manager|Finance approver|Board member|Admin"


def product_modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                  if "migrations" not in path.parts)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_the_import_contracts_hold():
    """engagement and payments > meetings and recruitment > coproduction; the checker imports no Django and no
    app; coproduction imports no feature app (pyproject.toml, [tool.importlinter])."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_app_imports_another_apps_views_or_forms(graph):
    crossing = []
    for module in graph.modules:
        app = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            parts = imported.split(".")
            if parts[0] in APPS and parts[0] != app and parts[-1] in PAGE_MODULES:
                crossing.append(f"{module} imports {imported}")
    assert not crossing, "\n".join(crossing)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.find_modules_directly_imported_by(node):
            if nxt.split(".")[0] not in PACKAGES:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module.split(".")[0] in PACKAGES and module not in index:
            visit(module)
    return found


def test_there_are_no_import_cycles(graph):
    # A package imports its own submodules from __init__ (plain_language re-exports its API): not a cycle of
    # dependencies, so those edges are left out.
    for package in PACKAGES:
        for child in list(graph.find_modules_directly_imported_by(package)):
            if child.startswith(package + "."):
                graph.remove_import(importer=package, imported=child)
    assert _cycles(graph) == []


def test_no_role_is_tested_by_name_outside_the_matrix():
    """Every decision about what a role may do is a capability in coproduction/roles.py."""
    offenders = []
    for path in product_modules():
        if path.name in {"roles.py", "demo.py"} or path.parts[-3:-1] == ("management", "commands"):
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(r"\bhas_role\(|Role\.(LEADER|MANAGER|FINANCE|BOARD|ADMIN)\b(?!\.value)", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in (ROOT / "templates").rglob("*.html"):
        if re.search(rf"\{{%\s*(if|elif)[^%]*(\"({ROLE_NAMES})\"|'({ROLE_NAMES})'|has_role|groups\.)",
                     path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, "\n".join(offenders)


def test_no_module_is_over_600_lines():
    long = [f"{path.relative_to(ROOT)}: {n}" for path in product_modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, "\n".join(long)


def test_project_imports_are_at_the_top_of_modules():
    """Imports of the project's own modules hidden inside functions hide the dependency graph. Only an app's
    AppConfig.ready() imports late (the registry is not ready before). Third-party libraries may load on first
    use (WeasyPrint, openpyxl: not every process pays for them)."""
    hidden = []
    for path in product_modules():
        if path.name == "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    top = "." if inner.level else (inner.module or "").split(".")[0]
                elif isinstance(inner, ast.Import):
                    top = inner.names[0].name.split(".")[0]
                else:
                    continue
                if top == "." or top in PACKAGES:
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, "\n".join(hidden)
