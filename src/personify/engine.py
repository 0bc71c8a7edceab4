"""``Personify`` wires the store, the embedder, the learner and recall together.

The per-user face of the engine is :class:`personify.user.User`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from personify.adapt.feedback import FeedbackLoop
from personify.config import Settings, load_settings
from personify.embeddings import Embedder, embedder_from_settings
from personify.errors import InvalidInputError
from personify.learn.learner import Learner, extractors_from_settings
from personify.observe import transfer
from personify.observe.ingest import Progress
from personify.observe.validate import check_user_id
from personify.state import SessionState
from personify.store import Store, UserSummary
from personify.store.sqlite import SQLiteStore
from personify.user import User
from personify.writes import WritePath


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
            self.settings.database,
            ann_threshold=self.settings.ann_threshold,
            cache_bytes=self.settings.vector_cache_mb * 2**20,
        )
        self.embedder: Embedder = embedder or embedder_from_settings(self.settings)
        self.learner = Learner(
            self.embedder,
            extractors_from_settings(self.settings),
            tagger=self.settings.tagger and self.settings.extractor == "rules",
        )
        self.state = SessionState()  # per process: last recalls, sessions, personas, locks
        self.feedback = FeedbackLoop(self.store, self.settings.vars, self.state)
        self.writes = WritePath(
            self.store, self.embedder, self.learner, self.settings, self.state, self.feedback
        )

    def __enter__(self) -> Personify:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def user(self, user_id: str) -> User:
        """A handle; nothing is created until the first write."""
        return User(self, check_user_id(user_id))

    def users(self) -> list[UserSummary]:
        return self.store.list_users()

    def delete_user(self, user_id: str) -> bool:
        """Remove the user's events, memories and vectors. True if the user existed."""
        existed = self.store.delete_user(check_user_id(user_id))
        self.state.drop_user(user_id)
        return existed

    def import_jsonl(
        self, lines: Iterable[str], user_id: str | None = None, progress: Progress | None = None
    ) -> transfer.ImportReport:
        """Import an export, a chat history or OpenAI-style messages atomically: all lines or
        none. Idempotent (what the user already has is skipped) and learned from like
        ``observe_many``; see :mod:`personify.observe.transfer`."""
        if user_id is not None:
            check_user_id(user_id)
        if isinstance(lines, str | bytes):
            raise InvalidInputError("lines must be a list of JSONL lines, not one string")
        plan = transfer.parse_jsonl(lines, self.settings.max_text_chars, user_override=user_id)
        for uid in plan.user_ids:
            check_user_id(uid)
        return self.writes.import_plan(plan, progress)
