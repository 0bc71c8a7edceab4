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


def test_every_public_type_is_exported_once() -> None:
    """What the public methods return or raise can be imported from ``personify``."""
    import typing

    import personify

    exported = {getattr(personify, name) for name in personify.__all__}
    assert len(personify.__all__) == len(set(personify.__all__))
    seen: set[type] = set()
    for cls in (personify.Personify, personify.User):
        for name, member in vars(cls).items():
            if name.startswith("_") or not callable(getattr(member, "fget", member)):
                continue
            hints = typing.get_type_hints(getattr(member, "fget", member))
            for hint in typing.get_args(hints.get("return")) or [hints.get("return")]:
                for arg in typing.get_args(hint) or [hint]:
                    if isinstance(arg, type) and arg.__module__.startswith("personify"):
                        seen.add(arg)
    missing = {t.__qualname__ for t in seen - exported}
    assert missing == set()
    import personify.errors as errors

    raised = {v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)}
    assert raised <= exported
