"""Per-process working state of an engine, behind methods: what feedback needs to remember.

A recall's trace (what the next feedback credits or blames), the session each user is in (the
short-term preference vector resets when it changes), the last persona compiled for a user
(what the next feedback's outcome refines) and one lock per user (serialising that user's
read-learn-write cycles within the process; other processes are caught by the store's version
check). None of it is stored: a new process starts without it, which is why the CLI's
``feedback`` names the request with ``--query``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from personify.adapt.vectors import RecallTrace
    from personify.read.persona import Persona


class SessionState:
    def __init__(self) -> None:
        self._traces: dict[str, RecallTrace] = {}
        self._sessions: dict[str, str | None] = {}
        self._personas: dict[str, Persona] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, user_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(user_id, threading.Lock())

    # -- the last recall -------------------------------------------------------------------
    def trace(self, user_id: str) -> RecallTrace | None:
        return self._traces.get(user_id)

    def set_trace(self, user_id: str, trace: RecallTrace) -> None:
        self._traces[user_id] = trace

    def clear_trace(self, user_id: str) -> None:
        self._traces.pop(user_id, None)

    # -- the session a user is in ----------------------------------------------------------
    def session(self, user_id: str) -> str | None:
        return self._sessions.get(user_id)

    def enter_session(self, user_id: str, session: str | None) -> None:
        if session is not None:
            self._sessions[user_id] = session

    # -- the last persona ------------------------------------------------------------------
    def set_persona(self, user_id: str, persona: Persona) -> None:
        self._personas[user_id] = persona

    def take_persona(self, user_id: str) -> Persona | None:
        """The last persona, once: its outcome is refined by one feedback only."""
        return self._personas.pop(user_id, None)

    def drop_user(self, user_id: str) -> None:
        """Forget a deleted user's working state."""
        self._traces.pop(user_id, None)
        self._sessions.pop(user_id, None)
        self._personas.pop(user_id, None)

    def snapshot(self) -> tuple[dict[str, str], dict[str, str | None], frozenset[str]]:
        """Trace queries, sessions and users with a pending persona, for checks that a
        refused call changed nothing."""
        return (
            {u: t.query for u, t in self._traces.items()},
            dict(self._sessions),
            frozenset(self._personas),
        )
