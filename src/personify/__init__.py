"""personify: a persistent, inspectable model of each user for LLM agents."""

from personify.config import RecallWeights, Settings, load_settings
from personify.engine import Personify, User
from personify.errors import (
    EmbedderMismatchError,
    ImportFileError,
    InvalidInputError,
    PersonifyError,
    UnknownMemoryError,
    UnknownUserError,
)
from personify.ingest import Turn
from personify.models import Event, EventKind, Hit, Memory, MemoryKind, Origin, ScoreBreakdown

__version__ = "0.1.0"

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
    "RecallWeights",
    "ScoreBreakdown",
    "Settings",
    "Turn",
    "UnknownMemoryError",
    "UnknownUserError",
    "User",
    "load_settings",
]
