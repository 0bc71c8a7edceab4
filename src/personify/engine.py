"""``Personify`` wires the store, the embedder, the learner and recall together.

The per-user face of the engine is :class:`personify.user.User`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from personify import transfer
from personify.config import Settings, load_settings
from personify.embeddings import Embedder, embedder_from_settings
from personify.errors import InvalidInputError
from personify.ingest import Progress
from personify.learn import Learner, extractors_from_settings
from personify.models import (
    Memory,
)
from personify.persona import Persona
from personify.store import Store, UserSummary
from personify.store.sqlite import SQLiteStore
from personify.validate import check_user_id

if TYPE_CHECKING:
    from personify.user import User
from personify.vectors import RecallTrace


class Personify:
    """The engine. ``Personify()`` opens the SQLite file in the user data dir with local MiniLM.

    >>> p = Personify("/tmp/demo.db")              # doctest: +SKIP
    >>> p.user("alice").observe("I'm vegetarian")  # doctest: +SKIP
    """

    def __init__(
        self,
        db_path: str | Path | None = None,
        *,
        store: Store | None = None,
        embedder: Embedder | None = None,
        settings: Settings | None = None,
        **overrides: Any,
    ) -> None:
        self.settings = settings or load_settings(db_path=db_path, **overrides)
        if store is None and self.settings.database_url:
            from personify.store.postgres import PostgresStore

            store = PostgresStore(
                self.settings.database_url, ann_threshold=self.settings.ann_threshold
            )
        self.store: Store = store or SQLiteStore(
            self.settings.database, ann_threshold=self.settings.ann_threshold
        )
        self.embedder: Embedder = embedder or embedder_from_settings(self.settings)
        self.learner = Learner(self.embedder, extractors_from_settings(self.settings))
        # Per-process working state: the last recall per user (what feedback credits) and
        # the session each user is in (z_short resets when it changes).
        self.traces: dict[str, RecallTrace] = {}
        self.sessions: dict[str, str | None] = {}
        self.personas: dict[str, Persona] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._embedder_checked = False

    def lock_for(self, user_id: str) -> threading.Lock:
        """Serialises one user's read-learn-write cycles within this process (other
        processes are caught by the store's version check and retried)."""
        with self._locks_guard:
            return self._locks.setdefault(user_id, threading.Lock())

    def __enter__(self) -> Personify:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def user(self, user_id: str) -> User:
        from personify.user import User

        """A handle; nothing is created until the first write."""
        return User(self, check_user_id(user_id))

    def users(self) -> list[UserSummary]:
        return self.store.list_users()

    def delete_user(self, user_id: str) -> bool:
        """Remove the user's events, memories and vectors. True if the user existed."""
        return self.store.delete_user(check_user_id(user_id))

    def import_jsonl(
        self, lines: Iterable[str], user_id: str | None = None, progress: Progress | None = None
    ) -> transfer.ImportReport:
        """Import an export, a chat history or OpenAI-style messages atomically: all lines or
        none. Idempotent (what the user already has is skipped) and learned from like
        ``observe_many``; see :mod:`personify.transfer`."""
        if user_id is not None:
            check_user_id(user_id)
        if isinstance(lines, str | bytes):
            raise InvalidInputError("lines must be a list of JSONL lines, not one string")
        plan = transfer.parse_jsonl(lines, self.settings.max_text_chars, user_override=user_id)
        for uid in plan.user_ids:
            check_user_id(uid)
        return transfer.import_plan(self, plan, progress)

    # -- internals shared with User -----------------------------------------------------------
    def _check_embedder(self) -> None:
        if not self._embedder_checked:
            self.store.check_embedder(self.embedder.name, self.embedder.dim)
            self._embedder_checked = True

    def _embed(self, memories: Sequence[Memory], progress: Progress | None = None):
        self._check_embedder()
        vectors = []
        step = 256
        for start in range(0, len(memories), step):
            batch = memories[start : start + step]
            vectors.extend(self.embedder.embed([m.text for m in batch]))
            if progress is not None:
                progress(len(batch))
        return list(zip(memories, vectors, strict=True))
