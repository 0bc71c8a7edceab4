"""CLI commands for the server side: ``personify serve`` and ``personify keys ...``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

console = Console()
keys_app = typer.Typer(help="API keys per tenant (hashed at rest).")

DbOption = Annotated[
    Path | None, typer.Option("--db", help="SQLite file (default: PERSONIFY_DB_PATH or data dir)")
]


def _keys(db: Path | None):
    from personify.config import load_settings
    from personify.server.keys import KeyStore

    settings = load_settings(db_path=db)
    return KeyStore(settings.keys_database)


@keys_app.command("create")
def keys_create(
    tenant: str,
    name: Annotated[str, typer.Option(help="a label, e.g. the service using it")] = "",
    db: DbOption = None,
) -> None:
    """Create a key for TENANT. The key is printed once and never stored in clear."""
    record, key = _keys(db).create(tenant, name)
    console.print(f"created {record.id} for tenant {tenant!r}")
    console.print(key, markup=False, highlight=False)


@keys_app.command("list")
def keys_list(tenant: Annotated[str | None, typer.Option()] = None, db: DbOption = None) -> None:
    """List keys (never the keys themselves)."""
    table = Table(title="API keys")
    for column in ("id", "tenant", "name", "created", "revoked"):
        table.add_column(column)
    for k in _keys(db).list(tenant):
        table.add_row(k.id, k.tenant, k.name, str(k.created_at)[:19], str(k.revoked_at or "")[:19])
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str, db: DbOption = None) -> None:
    """Revoke a key by id; requests with it get 401 from then on."""
    if not _keys(db).revoke(key_id):
        console.print(f"[red]error:[/red] no active key {key_id!r}")
        raise typer.Exit(2)
    console.print(f"revoked {key_id}")


def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8420,
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="worker processes; more than one: see DEPLOY.md")
    ] = 1,
) -> None:
    """Run the HTTP API, the OpenAI-compatible proxy and the dashboard (uvicorn).

    Each worker process builds its own engine (``app_from_settings``). Stored state is shared;
    the last recall, persona and session per user are not, so explicit feedback needs a user's
    requests routed to one worker (DEPLOY.md)."""
    import os

    from personify.config import load_settings
    from personify.server.app import run

    if db is not None:  # the workers read their settings from the environment they inherit
        os.environ["PERSONIFY_DB_PATH"] = str(db)
    load_settings()  # a bad setting fails here, once and clearly, not in every worker
    console.print(
        f"personify serving on http://{host}:{port} with {workers} worker"
        f"{'s' if workers > 1 else ''} (dashboard at /dashboard)"
    )
    run(workers, host=host, port=port, log_level="info", timeout_keep_alive=30)


def mcp(
    transport: Annotated[
        Literal["stdio", "http"],
        typer.Option(help="stdio: a client launches it; http: streamable HTTP at /mcp"),
    ] = "stdio",
    host: Annotated[str, typer.Option(help="interface to bind (http)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port (http)")] = 8421,
    db: DbOption = None,
    user: Annotated[str | None, typer.Option(help="the user when a tool call names none")] = None,
) -> None:
    """Run the MCP server: remember, recall, profile, feedback and persona tools."""
    from personify.server.mcp import run

    run(transport, host=host, port=port, db=db, user=user)  # stdout is the protocol channel
