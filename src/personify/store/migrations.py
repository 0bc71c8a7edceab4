"""Ordered schema migrations for the SQLite store; ``PRAGMA user_version`` is the applied count.

Never edit a released migration: append a new one.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: users, the append-only event log, memories with their embeddings, full-text index.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE users (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        -- bumped by every write that touches the user's memories; caches compare it
        version INTEGER NOT NULL DEFAULT 0,
        -- per-user BM25 statistics: no other user's text changes this user's ranking
        n_docs INTEGER NOT NULL DEFAULT 0,
        n_terms INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE term_stats (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        df INTEGER NOT NULL,
        PRIMARY KEY (user_id, term)
    ) WITHOUT ROWID;
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        role TEXT,
        session TEXT,
        ts TEXT NOT NULL,
        text TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        redacted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX events_by_user ON events (user_id, seq);
    CREATE TABLE memories (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        owner_token TEXT NOT NULL,
        rev INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        embedding BLOB NOT NULL,
        confidence REAL NOT NULL,
        origin TEXT NOT NULL,
        created_at TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_to TEXT,
        superseded_by TEXT,
        session TEXT,
        role TEXT,
        evidence TEXT NOT NULL DEFAULT '[]',
        metadata TEXT NOT NULL DEFAULT '{}',
        terms TEXT NOT NULL DEFAULT '{}',
        -- the BM25 terms (stems) as text: what FTS5 indexes, so every candidate it finds
        -- is one that BM25 can score, with the same stemmer as the scoring
        stems TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX memories_by_user ON memories (user_id, seq);
    CREATE INDEX memories_by_rev ON memories (user_id, rev);
    -- owner_token scopes every MATCH to one user inside FTS5 itself (bm25 weight 0 for it)
    CREATE VIRTUAL TABLE memories_fts USING fts5 (
        stems, owner_token, content='memories', content_rowid='seq', tokenize='unicode61'
    );
    CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
        INSERT INTO memories_fts (rowid, stems, owner_token)
        VALUES (new.seq, new.stems, new.owner_token);
    END;
    CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
        INSERT INTO memories_fts (memories_fts, rowid, stems, owner_token)
        VALUES ('delete', old.seq, old.stems, old.owner_token);
    END;
    CREATE TRIGGER memories_au AFTER UPDATE OF stems ON memories BEGIN
        INSERT INTO memories_fts (memories_fts, rowid, stems, owner_token)
        VALUES ('delete', old.seq, old.stems, old.owner_token);
        INSERT INTO memories_fts (rowid, stems, owner_token)
        VALUES (new.seq, new.stems, new.owner_token);
    END;
    """,
    # 2: structured profile fields on memories, and communication-style parameters.
    """
    ALTER TABLE memories ADD COLUMN polarity REAL;
    ALTER TABLE memories ADD COLUMN object TEXT;
    ALTER TABLE memories ADD COLUMN slot TEXT;
    ALTER TABLE memories ADD COLUMN confirmed_at TEXT;
    CREATE INDEX memories_by_kind ON memories (user_id, kind, valid_to);
    CREATE TABLE style (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        confidence REAL NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        detail TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, name)
    );
    """,
    # 3: VARS preference vectors, every update a new version so it can be rolled back.
    """
    CREATE TABLE user_vectors (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        z_long BLOB NOT NULL,
        z_short BLOB NOT NULL,
        reward_baseline REAL NOT NULL,
        session TEXT,
        reason TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, version)
    ) WITHOUT ROWID;
    """,
]
