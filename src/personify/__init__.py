"""personify: a persistent, inspectable model of each user for LLM agents.

Every name the API returns or raises is importable from here; each is listed once, below, with
the module that defines it. Names are imported on first use (PEP 562), so ``import personify.cli``
stays light and ``personify --help`` starts instantly.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_HOMES = {
    "personify.engine": ("Personify",),
    "personify.user": ("User",),
    "personify.config": ("RecallWeights", "Settings", "VarsSettings", "load_settings"),
    "personify.errors": (
        "ConflictError",
        "EmbedderMismatchError",
        "ImportFileError",
        "InvalidInputError",
        "PersonifyError",
        "UnknownMemoryError",
        "UnknownUserError",
    ),
    "personify.models": (
        "Event",
        "EventKind",
        "Hit",
        "Memory",
        "MemoryKind",
        "Origin",
        "ScoreBreakdown",
        "StyleParam",
        "UserVectors",
    ),
    "personify.observe.ingest": ("Turn",),
    "personify.store": ("MemoryFilter", "UserSummary"),
    "personify.read.profile": ("Explanation", "Profile", "ProfileChange", "ProfileItem"),
    "personify.read.persona": ("Persona",),
    "personify.adapt.feedback": ("FeedbackResult", "Moved"),
    "personify.read.agreement": ("OptionFit",),
    "personify.read.actions": ("ArgumentDefault", "Plan", "Suggestion"),
    "personify.read.pairs": ("PreferencePair",),
    "personify.observe.transfer": ("ImportReport",),
    "personify.middleware": ("UpstreamError", "connect", "wrap"),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'personify' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
