"""API keys per tenant, hashed at rest.

A key is ``pk_<tenant-hint>_<32 random bytes, urlsafe>``; only its SHA-256 is stored. A fast
hash is enough here: the keys are random and long, so there is nothing to brute-force that a
slow password hash would protect (unlike user-chosen passwords).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from personify.models import utcnow
from personify.tenants import check_tenant

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""


class ApiKey(BaseModel):
    id: str
    tenant: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(SCHEMA)

    def create(self, tenant: str, name: str = "") -> tuple[ApiKey, str]:
        """Returns the record and the key itself: the only time the key is ever shown."""
        check_tenant(tenant)
        key = f"pk_{secrets.token_urlsafe(32)}"
        record = ApiKey(
            id=f"key_{secrets.token_hex(6)}",
            tenant=tenant,
            name=name,
            created_at=utcnow(),
            revoked_at=None,
        )
        with self._lock:
            self._conn.execute(
                "INSERT INTO api_keys (id, tenant, name, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (record.id, tenant, name, _hash(key), record.created_at.isoformat()),
            )
        return record, key

    def list(self, tenant: str | None = None) -> list[ApiKey]:
        sql = "SELECT id, tenant, name, created_at, revoked_at FROM api_keys"
        params: tuple[str, ...] = ()
        if tenant is not None:
            sql += " WHERE tenant = ?"
            params = (tenant,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY created_at", params).fetchall()
        return [
            ApiKey(id=r[0], tenant=r[1], name=r[2], created_at=r[3], revoked_at=r[4]) for r in rows
        ]

    def revoke(self, key_id: str) -> bool:
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (utcnow().isoformat(), key_id),
            )
        return cursor.rowcount > 0

    def tenant_for(self, key: str) -> str | None:
        """The tenant of a valid, unrevoked key; None otherwise."""
        with self._lock:
            row = self._conn.execute(
                "SELECT tenant FROM api_keys WHERE hash = ? AND revoked_at IS NULL", (_hash(key),)
            ).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        self._conn.close()
