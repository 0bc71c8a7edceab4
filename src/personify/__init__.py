"""personify: a persistent, inspectable model of each user for LLM agents.

Names are imported on first use (PEP 562), so ``import personify.cli`` stays light and
``personify --help`` starts instantly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from personify.config import RecallWeights, Settings, load_settings
    from personify.engine import Personify
    from personify.errors import (
        EmbedderMismatchError,
        ImportFileError,
        InvalidInputError,
        PersonifyError,
        UnknownMemoryError,
        UnknownUserError,
    )
    from personify.ingest import Turn
    from personify.middleware import connect, wrap
    from personify.models import (
        Event,
        EventKind,
        Hit,
        Memory,
        MemoryKind,
        Origin,
        ScoreBreakdown,
    )
    from personify.pairs import PreferencePair
    from personify.user import User

__version__ = "0.1.0"

_HOMES = {
    "personify.config": ("RecallWeights", "Settings", "load_settings"),
    "personify.engine": ("Personify",),
    "personify.user": ("User",),
    "personify.errors": (
        "EmbedderMismatchError",
        "ImportFileError",
        "InvalidInputError",
        "PersonifyError",
        "UnknownMemoryError",
        "UnknownUserError",
    ),
    "personify.ingest": ("Turn",),
    "personify.middleware": ("connect", "wrap"),
    "personify.pairs": ("PreferencePair",),
    "personify.models": (
        "Event",
        "EventKind",
        "Hit",
        "Memory",
        "MemoryKind",
        "Origin",
        "ScoreBreakdown",
    ),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "EmbedderMismatchError",
    "Event",
    "EventKind",
    "Hit",
    "ImportFileError",
    "InvalidInputError",
    "Memory",
    "MemoryKind",
    "Origin",
    "Personify",
    "PersonifyError",
    "PreferencePair",
    "RecallWeights",
    "ScoreBreakdown",
    "Settings",
    "Turn",
    "UnknownMemoryError",
    "UnknownUserError",
    "User",
    "connect",
    "load_settings",
    "wrap",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'personify' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
