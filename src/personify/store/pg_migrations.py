"""Ordered schema migrations for the PostgreSQL store; ``schema_version`` lists those applied.

Never edit a released migration: append a new one. The embedding column starts without a
dimension: ``vector(dim)`` and its HNSW index need the embedder's dimension, which only the first
``check_embedder`` (or first write) knows, so the store types the column then (see postgres.py).
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the SQLite schema after its three migrations, in PostgreSQL types.
    """
    CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE users (
        id text PRIMARY KEY,
        created_at timestamptz NOT NULL,
        -- bumped by every write that touches the user; caches and optimistic writers compare it
        version bigint NOT NULL DEFAULT 0,
        -- per-user BM25 statistics: no other user's text changes this user's ranking
        n_docs bigint NOT NULL DEFAULT 0,
        n_terms bigint NOT NULL DEFAULT 0
    );
    CREATE TABLE term_stats (
        user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        term text NOT NULL,
        df integer NOT NULL,
        PRIMARY KEY (user_id, term)
    );
    CREATE TABLE events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        role text,
        session text,
        ts timestamptz NOT NULL,
        text text,
        -- json, not jsonb: it keeps the caller's text as is, \\u0000 included
        metadata json NOT NULL DEFAULT '{}',
        redacted boolean NOT NULL DEFAULT false
    );
    CREATE INDEX events_by_user ON events (user_id, seq);
    CREATE TABLE memories (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        text text NOT NULL,
        embedding vector NOT NULL,
        confidence double precision NOT NULL,
        origin text NOT NULL,
        created_at timestamptz NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        superseded_by text,
        session text,
        role text,
        evidence json NOT NULL DEFAULT '[]',
        metadata json NOT NULL DEFAULT '{}',
        polarity double precision,
        object text,
        slot text,
        confirmed_at timestamptz,
        -- personify.lexical.term_counts(text): what BM25 scores, and (as lexemes) what matches
        terms jsonb NOT NULL DEFAULT '{}',
        lexemes tsvector NOT NULL
    );
    CREATE INDEX memories_by_user ON memories (user_id, seq);
    CREATE INDEX memories_by_kind ON memories (user_id, kind, valid_to);
    CREATE INDEX memories_lexemes ON memories USING gin (lexemes);
    CREATE TABLE style (
        user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        value json NOT NULL,
        confidence double precision NOT NULL,
        evidence json NOT NULL DEFAULT '[]',
        detail json NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, name)
    );
    CREATE TABLE user_vectors (
        user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        version integer NOT NULL,
        -- float32 bytes, as in SQLite: a round trip is bit-exact
        z_long bytea NOT NULL,
        z_short bytea NOT NULL,
        reward_baseline double precision NOT NULL,
        session text,
        reason text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, version)
    );
    """,
]
