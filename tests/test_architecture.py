"""The layering in ARCHITECTURE.md holds: no import cycles (lazy imports inside functions count)
and the import contract in pyproject.toml passes (``lint-imports``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every module that can reach itself through the import graph, with one path back."""
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(start):
            path = graph.find_shortest_chain(importer=imported, imported=start)
            if path is not None:
                found.append([start, *path])
                break
    return found


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("personify", exclude_type_checking_imports=True)
    assert cycles(graph) == []


def test_import_contract_holds() -> None:
    tool = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [tool], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
