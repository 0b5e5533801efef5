"""The layers stay layers: every import of every module is checked against the folder rules
(docs/architecture.md), the botbuilder and SQLAlchemy walls included, and no modules import
each other in a circle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Which of our top-level folders each folder may import (besides itself).
MAY_USE: dict[str, frozenset[str]] = {
    "domain": frozenset(),
    "texts": frozenset(),
    "storage": frozenset({"domain"}),
    "services": frozenset({"domain", "storage", "texts"}),
    "cards": frozenset({"domain", "texts"}),
    "tools": frozenset({"domain", "storage", "texts"}),
    "dialogs": frozenset({"services", "cards", "domain", "storage", "texts"}),
    "bot": frozenset({"dialogs", "services", "cards", "tools", "domain", "storage", "texts"}),
    "bench": frozenset({"bot", "services", "domain", "storage", "texts"}),
}
OURS = frozenset(MAY_USE) | {"tests"}

# Third-party packages that only some folders may import (bench/ runs a stock botbuilder echo
# bot as the reference it is measured against).
WALLS: dict[str, frozenset[str]] = {
    "botbuilder": frozenset({"bot", "dialogs", "bench"}),
    "botframework": frozenset({"bot", "dialogs"}),
    "msrest": frozenset({"bot", "dialogs"}),
    "sqlalchemy": frozenset({"storage"}),
    "alembic": frozenset({"storage"}),
    "aiosqlite": frozenset({"storage"}),
    "asyncpg": frozenset({"storage", "bench"}),
}


def modules() -> Iterator[tuple[str, Path]]:
    for folder in MAY_USE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            yield ".".join(parts), path


def imports_of(path: Path) -> set[str]:
    """Every module name an import statement in the file names (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def violations(name: str, imported: set[str]) -> list[str]:
    folder = name.split(".")[0]
    problems = []
    for target in sorted(imported):
        top = target.split(".")[0]
        if top in OURS and top != folder and top not in MAY_USE[folder]:
            problems.append(f"{name} imports {target}: {folder}/ may not use {top}/")
        if top in WALLS and folder not in WALLS[top]:
            problems.append(f"{name} imports {target}: only {sorted(WALLS[top])} may")
    return problems


def test_every_import_follows_the_folder_rules() -> None:
    problems = [p for name, path in modules() for p in violations(name, imports_of(path))]
    assert problems == []


@pytest.mark.parametrize(
    ("module", "statement"),
    [
        ("services.case_service", "from botbuilder.core import TurnContext"),
        ("services.delivery", "import sqlalchemy"),
        ("dialogs.report_dialog", "from bot.wire import to_wire"),
        ("domain.workflow", "from storage.cases import CaseRepository"),
        ("cards.case_cards", "from services.case_service import CaseService"),
        ("storage.signals", "from texts import nl"),
        ("tools.kb_eval", "from bot.settings import Settings"),
        ("bench.load", "from tests.support import harness"),
    ],
)
def test_a_forbidden_import_is_caught(module: str, statement: str, tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_text(f"def later():\n    {statement}\n", encoding="utf-8")
    assert violations(module, imports_of(path))


def test_the_folder_rules_themselves_have_no_circle() -> None:
    order: list[str] = []
    remaining = dict(MAY_USE)
    while remaining:
        ready = [f for f, uses in remaining.items() if uses <= set(order)]
        assert ready, f"folders that use each other: {sorted(remaining)}"
        order.extend(sorted(ready))
        for folder in ready:
            del remaining[folder]


def test_no_modules_import_each_other_in_a_circle() -> None:
    known = dict(modules())
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = set()
        for imported in imports_of(path):
            # "from package import module" names the module; plain names resolve to themselves.
            while imported and imported not in known:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = {t for t in targets if not (t + ".").startswith(name + ".")}
    circles = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []
