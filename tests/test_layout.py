"""The package's layout is its map: each stage imports only from the stages below it, and no module
imports itself back through another (checked on the source, so a new module is covered at once)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ti_assistant"

# Lower stages first. A module may import from its own stage or any stage listed before it.
STAGES = ("base", "text", "store", "ingest|answer", "fetch|evaluation", "app", "__main__")
BASE = {"config", "errors", "models", "__init__"}


def _stage(module: str) -> int:
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    if head in BASE:
        return 0
    return next(i for i, names in enumerate(STAGES) if head in names.split("|"))


def _imports() -> dict[str, set[str]]:
    """module -> ti_assistant modules it imports at module level or inside functions."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ti_assistant"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if _is_module(node.module, a.name))
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("ti_assistant"))
        graph[name] = {m for m in found if m != name}
    return graph


def _is_module(package: str, name: str) -> bool:
    base = PACKAGE.parent / Path(*package.split("."))
    return (base / f"{name}.py").exists() or (base / name / "__init__.py").exists()


def test_no_stage_imports_from_a_higher_one() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in _imports().items()
        for target in targets
        if target != "ti_assistant" and _stage(target) > _stage(module)
    ]
    assert upward == []


def test_ingest_and_answer_do_not_import_each_other() -> None:
    crossing = [
        f"{module} -> {target}"
        for module, targets in _imports().items()
        for target in targets
        if {module.split(".")[1], target.split(".")[1] if "." in target else ""} == {"ingest", "answer"}
    ]
    assert crossing == []


def test_the_import_graph_has_no_cycle() -> None:
    imports = _imports()  # parsed once: read again for every edge, the check took two minutes
    graph = {m: {t for t in ts if t in imports} for m, ts in imports.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend([*path, node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*path, node]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if state.get(start) is None and visit(start, []):
            break
    assert cycle == []


def test_only_the_store_touches_the_manifest() -> None:
    users = sorted(
        module
        for module, targets in _imports().items()
        if "ti_assistant.store.manifest" in targets and not module.startswith("ti_assistant.store")
    )
    assert users == []
