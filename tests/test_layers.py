"""The data walks one way: no module of graph/ imports one of a later step (function-level imports count).

The order of the steps is declared once, in :data:`STEPS`; a module's step is its subpackage (``graph.rdf.iris``
is in ``rdf``), or its own name at the top (``graph.errors``). Relative and absolute ``graph.`` imports count.
"""

from __future__ import annotations

import ast
from pathlib import Path

GRAPH = Path(__file__).resolve().parent.parent / "graph"

# ontology + article -> store -> (sources) -> query -> network -> viz/serve, then the public surface.
STEPS = ["errors", "progress", "text", "rdf", "store", "sources", "query", "network", "web", "api", "cli", "__init__"]
SAME_STEP = {"errors": 0, "progress": 0, "text": 0}  # errors, progress and text are the base: they import nothing of graph


def _step(parts: list[str]) -> int:
    """The step of the module graph.<parts...> (``parts`` without ``graph``)."""
    if not parts:
        return STEPS.index("__init__")
    head = parts[0]
    if head in SAME_STEP:
        return SAME_STEP[head]
    return STEPS.index(head)


def _module_parts(path: Path) -> list[str]:
    rel = path.relative_to(GRAPH).with_suffix("").parts
    return [p for p in rel if p != "__init__"] if rel[-1] == "__init__" else list(rel)


def _imports(path: Path) -> list[tuple[int, list[str]]]:
    """(line, imported module's parts without ``graph``) for each graph import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(GRAPH).parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "graph" or alias.name.startswith("graph."):
                    found.append((node.lineno, alias.name.split(".")[1:]))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                mod = base + (node.module.split(".") if node.module else [])
            elif node.module and (node.module == "graph" or node.module.startswith("graph.")):
                mod = node.module.split(".")[1:]
            else:
                continue
            if node.module:
                found.append((node.lineno, mod))
            else:  # from . import a, b: each name is a module (or an attribute of the package)
                for alias in node.names:
                    sub = mod + [alias.name]
                    found.append((node.lineno, sub if (GRAPH.joinpath(*sub).is_dir()
                                                       or GRAPH.joinpath(*sub).with_suffix(".py").is_file()) else mod))
    return found


def layer_violations() -> list[str]:
    bad = []
    for path in sorted(GRAPH.rglob("*.py")):
        here = _module_parts(path)
        mine = _step(here)
        for line, parts in _imports(path):
            if parts == []:  # an attribute of graph/__init__.py itself (__version__): it imports nothing at load
                continue
            if _step(parts) > mine:
                bad.append(f"{path.relative_to(GRAPH.parent)}:{line} imports graph.{'.'.join(parts)} "
                           f"({STEPS[_step(parts)]} comes after {STEPS[mine]})")
    return bad


def test_no_module_imports_a_later_step():
    assert layer_violations() == []


def test_every_module_is_in_a_declared_step():
    for path in GRAPH.rglob("*.py"):
        _step(_module_parts(path))  # raises ValueError for an undeclared subpackage


def test_at_most_eight_modules_at_the_top():
    assert len(list(GRAPH.glob("*.py"))) <= 8


def test_every_subpackage_states_what_it_holds_and_what_it_may_import():
    for init in sorted(GRAPH.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc or "may import" in doc or "imports only" in doc, init


def test_a_module_over_400_lines_says_why_and_its_size_is_true():
    import re

    for path in sorted(GRAPH.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines <= 400:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        said = re.search(r"Why one file of ~(\d+) lines:", doc)
        assert said, f"{path.relative_to(GRAPH.parent)} has {lines} lines and no 'Why one file of ~N lines:'"
        assert abs(int(said.group(1)) - lines) <= 0.1 * lines, (path, said.group(1), lines)
