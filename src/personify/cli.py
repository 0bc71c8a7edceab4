"""The ``personify`` command: a thin shell over the library.

Heavy modules (the engine, numpy, the embedding model) load inside commands, so ``--help``
and the commands that do not embed start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from personify.adapt.feedback import FeedbackResult
    from personify.engine import Personify
    from personify.read.profile import Profile, ProfileChange

app = typer.Typer(
    help="personify: a persistent, inspectable model of each user for LLM agents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's help: flags read as flags, not "--json <bool>"
)
console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # a message is never broken mid-path

DbOption = Annotated[
    Path | None, typer.Option("--db", help="SQLite file (default: PERSONIFY_DB_PATH or data dir)")
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
KindOption = Annotated[
    list[str] | None, typer.Option("--kind", help="only these memory kinds (repeatable)")
]


def _version(value: bool) -> None:
    if value:
        from personify import __version__

        console.print(f"personify {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    tenant: Annotated[
        str | None,
        typer.Option(
            envvar="PERSONIFY_TENANT",
            help="address users as the server does for this tenant's API keys",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """personify: a persistent, inspectable model of each user for LLM agents.

    Users live in one namespace per tenant; the server scopes them by the API key's tenant.
    Pass --tenant (or PERSONIFY_TENANT) to see and change the users a tenant's keys see."""
    if tenant is not None:
        from personify.errors import InvalidInputError
        from personify.tenants import check_tenant

        try:
            check_tenant(tenant)
        except InvalidInputError as exc:
            _fail(f"--tenant: {exc}")
    ctx.obj = {"tenant": tenant}


def _tenant(ctx: typer.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("tenant")


def _id(ctx: typer.Context, user: str) -> str:
    """The stored id of USER as given on the command line (scoped by --tenant)."""
    from personify.tenants import scoped

    return scoped(_tenant(ctx), user)


@contextmanager
def engine(db: Path | None) -> Iterator[Personify]:
    """Open the engine and turn personify errors into one red line and exit code 2."""
    from personify.engine import Personify
    from personify.errors import PersonifyError

    try:
        with Personify(db) as p:
            yield p
    except PersonifyError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _fail(message: str) -> NoReturn:
    err_console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


@contextmanager
def _loading(what: str = "loading the embedding model") -> Iterator[None]:
    """A spinner on stderr while the model loads and embeds (seconds on a cold start)."""
    with err_console.status(what):
        yield


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _short(ts: datetime | None) -> str:
    return "" if ts is None else ts.strftime("%Y-%m-%d %H:%M")


@app.command()
def observe(
    ctx: typer.Context,
    user: str,
    text: Annotated[str | None, typer.Argument(help="the turn's text (or use --file)")] = None,
    role: Annotated[str, typer.Option(help="user, assistant, system or tool")] = "user",
    session: Annotated[str | None, typer.Option(help="session id")] = None,
    ts: Annotated[datetime | None, typer.Option(help="timestamp (ISO 8601), default now")] = None,
    meta: Annotated[list[str] | None, typer.Option(help="metadata KEY=VALUE (repeatable)")] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="JSONL turns ({text, role, session, ts, metadata} or OpenAI-style "
            "{role, content}) observed in one transaction",
        ),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log turns for USER and print what was learned from them or changed.

    One turn: TEXT with --role/--session/--ts/--meta. Many: --file chat.jsonl."""
    from personify.read.profile import ProfileChange

    if (text is None) == (file is None):
        _fail("give the turn's TEXT or --file FILE, not both")
    if file is not None:
        turns = _read_turns(file, session)
    else:
        metadata = {}
        for item in meta or []:
            key, sep, value = item.partition("=")
            if not sep or not key:
                _fail(f"--meta {item!r} is not KEY=VALUE")
            metadata[key] = value
        turns = [{"text": text, "role": role, "session": session, "ts": ts, "metadata": metadata}]
    with engine(db) as p:
        handle = p.user(_id(ctx, user))
        before = handle.profile() if handle.exists else None
        with _loading("loading the embedding model and learning"):
            events = handle.observe_many(turns)
        change = ProfileChange.between(before, handle.profile())
    if as_json:
        _dump({"events": [e.id for e in events], **change.model_dump(mode="json")})
        return
    first = events[0].id if len(events) == 1 else f"{len(events)} turns"
    console.print(f"observed [bold]{first}[/bold] for {user}")
    _print_change(change)


def _read_turns(file: Path, session: str | None) -> list[dict[str, Any]]:
    """Turns from a JSONL file; OpenAI-style ``content`` is read as ``text``."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"--file: cannot read {file} as UTF-8 text: {exc}")
    turns = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _fail(f"--file {file}, line {number}: not JSON ({exc.msg})")
        if not isinstance(record, dict):
            _fail(f"--file {file}, line {number}: expected a JSON object")
        if "content" in record and "text" not in record:
            record = {"text": record.pop("content"), **record}
        if session is not None:
            record.setdefault("session", session)
        turns.append(record)
    if not turns:
        _fail(f"--file {file} has no turns")
    return turns


def _print_change(change: ProfileChange) -> None:
    if change.empty:
        console.print("  [dim]nothing new learned[/dim]")
    for item in change.learned:
        m = item.memory
        sign = "" if m.polarity is None else ("+ " if m.polarity > 0 else "- ")
        console.print(
            f"  [green]learned[/green]  {m.kind.value:<10} {sign}{escape(m.text)}  "
            f"[dim]({m.origin.value}, confidence {item.confidence:.2f})[/dim]"
        )
    for m in change.retired:
        console.print(
            f"  [yellow]retired[/yellow]  {m.kind.value:<10} {escape(m.text)}  [dim](history)[/dim]"
        )
    for param in change.style:
        console.print(
            f"  [blue]style[/blue]    {param.name} = {_value(param.value)}  "
            f"[dim](confidence {param.confidence:.2f})[/dim]"
        )


def _value(value: float | str | list[str]) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return f"{value:+.2f}" if isinstance(value, float) else (value or "-")


@app.command()
def recall(
    ctx: typer.Context,
    user: str,
    query: str,
    k: Annotated[int, typer.Option("-k", help="how many hits")] = 5,
    kind: KindOption = None,
    session: Annotated[str | None, typer.Option(help="only this session")] = None,
    since: Annotated[datetime | None, typer.Option(help="only memories from this time on")] = None,
    until: Annotated[datetime | None, typer.Option(help="only memories up to this time")] = None,
    history: Annotated[bool, typer.Option(help="include superseded memories")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Recall USER's memories most relevant to QUERY, with the score breakdown."""
    with engine(db) as p, _loading():
        hits = p.user(_id(ctx, user)).recall(
            query,
            k=k,
            kinds=kind,
            session=session,
            since=since,
            until=until,
            include_history=history,
        )
    if as_json:
        _dump([h.model_dump(mode="json") for h in hits])
        return
    console.print(hits_table(query, hits))


@app.command()
def persona(
    ctx: typer.Context,
    user: str,
    task: Annotated[str | None, typer.Option(help="what the user wants now, if known")] = None,
    budget: Annotated[int, typer.Option(help="token budget for the prompt")] = 400,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Compile USER's persona: the system prompt an agent sends for TASK, within BUDGET.

    Constraints come first and are never dropped silently: what does not fit is listed."""
    with engine(db) as p, _loading():
        compiled = p.user(_id(ctx, user)).persona(task=task, budget_tokens=budget)
    if as_json:
        _dump(compiled.model_dump(mode="json"))
        return
    sys.stdout.write(compiled.text + "\n")
    err_console.print(
        f"[dim]{compiled.tokens} of {budget} tokens, {len(compiled.memory_ids)} memories"
        + (
            f"; {len(compiled.dropped)} did not fit: {', '.join(compiled.dropped)}"
            if compiled.dropped
            else ""
        )
        + "[/dim]"
    )


def hits_table(query: str, hits: list) -> Table:
    table = Table(title=f"recall: {query}", show_lines=False)
    for column in ("#", "score", "cos", "lex", "kind", "when", "memory", "id"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        b = hit.breakdown
        table.add_row(
            str(rank),
            f"{hit.score:.3f}",
            f"{b.cosine:.3f}",
            f"{b.lexical:.3f}",
            hit.memory.kind.value,
            _short(hit.memory.created_at),
            escape(hit.memory.text),
            hit.memory.id,
        )
    return table


@app.command()
def memories(
    ctx: typer.Context,
    user: str,
    kind: KindOption = None,
    session: Annotated[str | None, typer.Option(help="only this session")] = None,
    history: Annotated[bool, typer.Option(help="include superseded memories")] = False,
    limit: Annotated[int, typer.Option(help="page size")] = 50,
    offset: Annotated[int, typer.Option(help="skip this many")] = 0,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List what is stored about USER."""
    with engine(db) as p:
        items = p.user(_id(ctx, user)).memories(
            kind, session=session, include_history=history, limit=limit, offset=offset
        )
    if as_json:
        _dump([m.model_dump(mode="json") for m in items])
        return
    table = Table(title=f"memories of {user} ({len(items)} shown from #{offset})")
    for column in ("id", "kind", "origin", "stored conf", "session", "when", "text"):
        table.add_column(column, overflow="fold")
    for m in items:
        table.add_row(
            m.id,
            m.kind.value,
            m.origin.value,
            f"{m.confidence:.2f}",
            m.session or "",
            _short(m.created_at),
            m.text,
        )
    console.print(table)


@app.command()
def profile(
    ctx: typer.Context,
    user: str,
    min_confidence: Annotated[float, typer.Option(help="hide items below this")] = 0.0,
    history: Annotated[bool, typer.Option(help="also list superseded items")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show what personify believes about USER: preferences, facts, goals, style."""
    with engine(db) as p:
        prof = p.user(_id(ctx, user)).profile(min_confidence=min_confidence)
    if as_json:
        _dump(prof.model_dump(mode="json"))
        return
    _print_profile(prof, f"profile of {user}", history)


def _print_profile(prof: Profile, title: str, history: bool) -> None:
    from personify.learn.consolidate import IMPLICIT_HALF_LIFE_DAYS

    table = Table(
        title=title,
        caption="confidence now: an implicit item (other than a limit) halves every "
        f"{IMPLICIT_HALF_LIFE_DAYS:g} days until confirmed, so it can be below the stored "
        "confidence that `personify memories` shows",
    )
    for column in ("kind", "confidence now", "origin", "polarity", "statement", "id"):
        table.add_column(column, overflow="fold")
    for item in prof.items():
        m = item.memory
        polarity = "" if m.polarity is None else ("+" if m.polarity > 0 else "-")
        table.add_row(
            m.kind.value, _bar(item.confidence), m.origin.value, polarity, escape(m.text), m.id
        )
    console.print(table)
    style = Table(title="communication style")
    for column in ("parameter", "value", "confidence"):
        style.add_column(column)
    for param in prof.style:
        style.add_row(param.name, escape(_value(param.value)), _bar(param.confidence))
    console.print(style)
    if history and prof.history:
        texts = {i.memory.id: i.memory.text for i in prof.items()}
        texts.update({m.id: m.text for m in prof.history})
        past = Table(title="history: what used to be true")
        for column in ("kind", "statement", "until", "replaced by"):
            past.add_column(column, overflow="fold")
        for m in prof.history:
            successor = texts.get(m.superseded_by or "", m.superseded_by or "")
            past.add_row(m.kind.value, escape(m.text), _short(m.valid_to), escape(successor))
        console.print(past)


def _bar(confidence: float) -> str:
    filled = round(confidence * 10)
    return f"{'█' * filled}{'░' * (10 - filled)} {confidence:.2f}"


@app.command()
def explain(
    ctx: typer.Context, user: str, memory_id: str, as_json: JsonOption = False, db: DbOption = None
) -> None:
    """Why does personify believe MEMORY_ID? The turns behind it and what it replaced."""
    with engine(db) as p:
        why = p.user(_id(ctx, user)).explain(memory_id)
    if as_json:
        _dump(why.model_dump(mode="json"))
        return
    console.print(
        f"[bold]{why.memory.text}[/bold] ({why.memory.kind.value}, "
        f"confidence {why.memory.confidence:.2f}, {why.memory.origin.value})"
    )
    for event in why.events:
        console.print(f"  {_short(event.ts)} [{event.role}] {event.text or '(redacted)'}")
    for old in why.supersedes:
        console.print(f"  replaced: {old.text} (until {_short(old.valid_to)})")
    if why.superseded_by is not None:
        console.print(f"  superseded by: {why.superseded_by.text}")


@app.command()
def rebuild(ctx: typer.Context, user: str, db: DbOption = None) -> None:
    """Recompute USER's profile from the event log (e.g. after upgrading personify)."""
    with engine(db) as p, console.status("replaying the event log"):
        prof = p.user(_id(ctx, user)).rebuild()
    console.print(
        f"rebuilt {user}: {len(prof.items())} current items, {len(prof.history)} in history"
    )


@app.command()
def migrate(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Argument(help="SQLite store to copy (default: PERSONIFY_DB_PATH or the data dir's)"),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="postgresql://... target (default: PERSONIFY_DATABASE_URL)"),
    ] = None,
    keys_to: Annotated[
        Path | None,
        typer.Option(
            "--keys-to",
            help="where the API keys file goes (default: beside the configured store, where "
            "`personify serve` reads it)",
        ),
    ] = None,
) -> None:
    """Copy a SQLite store into an empty PostgreSQL store (events, memories with their vectors,
    style, preference vectors, and the API keys file), then verify the row counts of every user
    and table. A target that already holds users is refused before anything is written.
    Exits 1 when verification finds a difference, 2 on bad input."""
    from rich.progress import Progress

    from personify.config import load_settings
    from personify.errors import PersonifyError
    from personify.store.migrate import copy_keys
    from personify.store.migrate import migrate as copy_store

    if _tenant(ctx) is not None:
        _fail("migrate copies every tenant's users; run it without --tenant")
    try:
        settings = load_settings()
        source = source or settings.database
        url = to or settings.database_url
        if not url:
            _fail("name the target with --to postgresql://... (or PERSONIFY_DATABASE_URL)")
        keys_from = load_settings(db_path=source).keys_database
        keys_dest = keys_to or settings.keys_database
        copy_keys(keys_from, keys_dest, dry_run=True)  # refuse before the store is copied
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("copying events and memories", total=None)
            report = copy_store(
                source, url, lambda done, total: bar.update(task, completed=done, total=total)
            )
        keys = copy_keys(keys_from, keys_dest)
    except PersonifyError as exc:
        _fail(str(exc))
    console.print(
        f"copied {report.users} users: {report.events} events, {report.memories} memories, "
        f"{report.style} style parameters, {report.vectors} preference-vector versions"
    )
    if keys is not None:
        console.print(f"copied {keys} API keys to {keys_dest}")
    elif keys_from.is_file():
        console.print(f"API keys stay in {keys_dest}")
    else:
        console.print(f"no API keys file at {keys_from}; none copied")
    if not report.ok:
        err_console.print(f"[red]verification failed[/red] ({len(report.mismatches)} differences):")
        for line in report.mismatches[:20]:
            err_console.print(f"  {escape(line)}")
        raise typer.Exit(1)
    console.print(f"verified: {report.checks} counts per user and table, all equal")


@app.command()
def feedback(
    ctx: typer.Context,
    user: str,
    reward: Annotated[float | None, typer.Option(help="-1 (thumbs down) to 1 (thumbs up)")] = None,
    rating: Annotated[float | None, typer.Option(help="1 to 5 stars")] = None,
    query: Annotated[
        str | None, typer.Option(help="the request the answer was for (recalled first)")
    ] = None,
    memory: Annotated[list[str] | None, typer.Option(help="memory ids the answer used")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Give feedback on an answer; it is logged and trains USER's preference vectors.

    Each command is a new process with no recall to credit: name the request with --query
    (it is recalled first) or the memories the answer used with --memory."""
    if (reward is None) == (rating is None):
        _fail("give exactly one of --reward (-1..1) or --rating (1..5)")
    if not query and not memory:
        _fail("give --query TEXT (the request the answer was for) or --memory ID (repeatable)")
    with engine(db) as p:
        handle = p.user(_id(ctx, user))
        if query:
            with _loading():
                handle.recall(query, k=5)
        result = handle.feedback(reward, rating=rating, memories=memory, comment=None)
    if as_json:
        _dump(result.model_dump(mode="json"))
        return
    console.print(
        f"feedback {result.reward:+.2f} recorded for {user}: preference vectors "
        f"v{result.vectors_version_before} -> v{result.vectors_version} "
        f"(moved {result.vectors_moved:.3f})"
    )
    for moved in [*result.memories, *result.style]:
        console.print(f"  {moved.text}: confidence {moved.before:.2f} -> {moved.after:.2f}")
    if result.note:
        console.print(f"  [dim]{result.note}[/dim]")


def _server_commands() -> None:
    from personify.server.commands import keys_app, mcp, serve

    app.add_typer(keys_app, name="keys")
    app.command()(serve)
    app.command()(mcp)


vectors_app = typer.Typer(help="Inspect or roll back a user's preference vectors (VARS).")
app.add_typer(vectors_app, name="vectors")


@vectors_app.command("show")
def vectors_show(
    ctx: typer.Context, user: str, as_json: JsonOption = False, db: DbOption = None
) -> None:
    """Current version, norms and the update that produced it."""
    with engine(db) as p:
        state = p.user(_id(ctx, user)).vectors()
    info = (
        {"version": 0}
        if state is None
        else {
            "version": state.version,
            "z_long_norm": round(float((state.z_long**2).sum() ** 0.5), 4),
            "z_short_norm": round(float((state.z_short**2).sum() ** 0.5), 4),
            "reward_baseline": round(state.reward_baseline, 4),
            "session": state.session,
            "reason": state.reason,
            "updated_at": state.updated_at,
        }
    )
    if as_json:
        _dump(info)
        return
    if state is None:
        console.print(f"{user}: no preference vectors yet (feedback creates them)")
        return
    table = Table(title=f"preference vectors of {user}", show_header=False)
    for key, value in info.items():
        shown = _short(value) if isinstance(value, datetime) else value
        table.add_row(key.replace("_", " "), "-" if shown is None else str(shown))
    console.print(table)


@vectors_app.command("rollback")
def vectors_rollback(ctx: typer.Context, user: str, db: DbOption = None) -> None:
    """Undo USER's latest preference-vector update."""
    with engine(db) as p:
        state = p.user(_id(ctx, user)).rollback_vectors()
    console.print(
        f"{user} preference vectors now at version {0 if state is None else state.version}"
    )


@app.command()
def forget(ctx: typer.Context, user: str, memory_id: str, db: DbOption = None) -> None:
    """Delete one of USER's memories (an episodic one's turn text is redacted too)."""
    with engine(db) as p:
        memory = p.user(_id(ctx, user)).forget(memory_id)
    console.print(f"forgot {memory.id}: {memory.text!r}")


@app.command()
def export(
    ctx: typer.Context,
    user: str,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file (default stdout)")
    ] = None,
    pairs: Annotated[
        bool,
        typer.Option(
            "--pairs", help="write preference pairs (prompt/chosen/rejected) for DPO instead"
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write everything stored about USER as JSONL, or with --pairs the chosen-over-rejected
    answers read from their log (TRL's preference format)."""
    with engine(db) as p:
        records = (
            [r.model_dump(mode="json") for r in p.user(_id(ctx, user)).preference_pairs()]
            if pairs
            else p.user(_id(ctx, user)).export()
        )
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)
        err_console.print(f"wrote {len(lines)} {'pairs' if pairs else 'records'} to {output}")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSONL file (an export or a chat history)")],
    user: Annotated[str | None, typer.Option(help="import every line into this user")] = None,
    db: DbOption = None,
) -> None:
    """Import a JSONL file atomically: every line or, on any bad line, none.

    Takes an export, a chat history ({"text": ...}) or OpenAI-style messages ({"role": ...,
    "content": ...}), one per line. What the user already has is skipped, so importing a file
    twice changes nothing. Exits 1 when nothing was imported, 2 on bad input."""
    from rich.progress import Progress

    if not file.is_file():
        _fail(f"no such file: {file}")
    if _tenant(ctx) is not None and user is None:
        _fail("with --tenant, name the user the file is imported into with --user")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        err_console.print(f"[red]error:[/red] cannot read {file} as UTF-8 text: {exc}")
        raise typer.Exit(2) from None
    with engine(db) as p, Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("embedding", total=len(lines))
        report = p.import_jsonl(
            lines, user_id=_id(ctx, user) if user else None, progress=lambda n: bar.advance(task, n)
        )
    skipped = f"skipped {report.skipped} events already present"
    if report.events == 0 and report.memories == 0:
        why = skipped if report.skipped else "the file has no records"
        err_console.print(f"[red]nothing imported[/red] from {file}: {why}")
        raise typer.Exit(1)
    console.print(
        f"imported {report.events} events and {report.memories} memories "
        f"for {', '.join(report.users)}; {skipped}",
        soft_wrap=True,
    )


@app.command()
def users(ctx: typer.Context, as_json: JsonOption = False, db: DbOption = None) -> None:
    """List users with their event and memory counts (only the tenant's with --tenant)."""
    from personify.tenants import unscoped

    tenant = _tenant(ctx)
    with engine(db) as p:
        summaries = [
            s.model_copy(update={"user_id": name})
            for s in p.users()
            if (name := unscoped(tenant, s.user_id)) is not None
        ]
    if as_json:
        _dump([s.model_dump(mode="json") for s in summaries])
        return
    table = Table(title="users" if tenant is None else f"users of tenant {tenant}")
    for column in ("user", "events", "memories", "since", "last event"):
        table.add_column(column)
    for s in summaries:
        table.add_row(
            s.user_id,
            str(s.events),
            str(s.memories),
            _short(s.created_at),
            _short(s.last_event_at),
        )
    console.print(table)


@app.command("delete-user")
def delete_user(
    ctx: typer.Context,
    user: str,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
    db: DbOption = None,
) -> None:
    """Delete everything stored about USER."""
    if not yes:
        typer.confirm(f"Delete all data of {user!r}?", abort=True)
    with engine(db) as p:
        existed = p.delete_user(_id(ctx, user))
    console.print(f"deleted {user}" if existed else f"no user {user!r}; nothing deleted")


@app.command()
def chat(
    ctx: typer.Context,
    user: str,
    session: Annotated[str | None, typer.Option(help="session id (default: a new one)")] = None,
    budget: Annotated[int, typer.Option(help="persona token budget")] = 400,
    db: DbOption = None,
) -> None:
    """Chat with USER's persona through any OpenAI-compatible endpoint (PERSONIFY_LLM_*).

    Type /persona to see the system prompt in use, /profile for the profile, /quit to leave.
    """
    import uuid

    from personify.middleware import connect

    with engine(db) as p:
        settings = p.settings
        if not settings.llm_model:
            err_console.print("[red]error:[/red] set PERSONIFY_LLM_MODEL (and _BASE_URL, _API_KEY)")
            raise typer.Exit(2)
        handle = p.user(_id(ctx, user))
        client = connect(
            settings.llm_base_url,
            handle,
            api_key=settings.llm_api_key,
            budget_tokens=budget,
            session=session or f"chat-{uuid.uuid4().hex[:8]}",
        )
        history: list[dict[str, str]] = []
        while True:
            try:
                line = console.input("[bold green]you>[/bold green] ")
            except (EOFError, KeyboardInterrupt):
                break
            if line.strip() in ("/quit", "/exit"):
                break
            if line.strip() == "/persona":
                console.print(client.last_persona or "(no persona yet)")
                continue
            if line.strip() == "/profile":
                console.print_json(handle.profile().model_dump_json())
                continue
            if not line.strip():
                continue
            history.append({"role": "user", "content": line})
            stream = client.chat.completions.create(
                model=settings.llm_model, messages=history[-20:], stream=True
            )
            parts = []
            console.print("[bold blue]assistant>[/bold blue] ", end="")
            for chunk in stream:
                for choice in chunk.get("choices", []):
                    delta = (choice.get("delta") or {}).get("content") or ""
                    parts.append(delta)
                    console.print(delta, end="", markup=False, highlight=False)
            console.print()
            history.append({"role": "assistant", "content": "".join(parts)})


@app.command("eval")
def eval_(
    dataset: Annotated[str, typer.Argument(help="locomo, prefeval or profile")],
    system: Annotated[
        list[str] | None,
        typer.Option(
            "--system",
            help="personify, personify-episodic, dense, bm25, recency, mem0 (repeatable; "
            "default: personify dense bm25 recency mem0)",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(help="LoCoMo: first N conversations; PrefEval: first N items per topic"),
    ] = None,
    k: Annotated[
        int | None, typer.Option("--k", help="results per search (default: 10 LoCoMo, 5 PrefEval)")
    ] = None,
    filler: Annotated[
        list[int] | None,
        typer.Option("--filler", help="PrefEval filler turns (repeatable; default 10 100 300)"),
    ] = None,
    form: Annotated[
        list[str] | None,
        typer.Option("--form", help="PrefEval form (repeatable; default all three)"),
    ] = None,
    topics: Annotated[int | None, typer.Option(help="PrefEval: first N topics")] = None,
    judge: Annotated[
        bool, typer.Option("--judge/--no-judge", help="LoCoMo J score when a chat model is set")
    ] = True,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="profile: msc, locomo, suite (repeatable; default all)"),
    ] = None,
    split: Annotated[
        str, typer.Option(help="profile: report (default), tune or all (ids hashed 30/70)")
    ] = "report",
    out: Annotated[Path, typer.Option(help="folder for the .json, .md and .png")] = Path("results"),
    embedder: Annotated[
        str | None,
        typer.Option(help="onnx (default), onnx-int8, minilm or openai: one for every system"),
    ] = None,
) -> None:
    """Benchmark personify against baselines on DATASET; prints tables, writes a report.

    profile: does the learner learn what people reveal (MSC, LoCoMo observations, the
    conversation suite), against "every turn is an item" and the cue grammar alone.
    """
    from personify.errors import PersonifyError
    from personify.eval import harness
    from personify.eval.prefeval import FORMS
    from personify.eval.report import print_tables, write_report

    if dataset not in harness.DATASETS:
        err_console.print(f"[red]error:[/red] dataset must be one of {', '.join(harness.DATASETS)}")
        raise typer.Exit(2)
    if split not in ("report", "tune", "all"):
        err_console.print("[red]error:[/red] --split must be report, tune or all")
        raise typer.Exit(2)
    if source and not set(source) <= {"msc", "locomo", "suite"}:
        err_console.print("[red]error:[/red] --source must be among msc, locomo, suite")
        raise typer.Exit(2)
    if form and not set(form) <= set(FORMS):
        err_console.print(f"[red]error:[/red] --form must be among {', '.join(FORMS)}")
        raise typer.Exit(2)
    chosen = None
    if embedder is not None:
        from personify.config import load_settings
        from personify.embeddings import embedder_from_settings
        from personify.errors import InvalidInputError

        try:
            chosen = embedder_from_settings(load_settings(embedder=embedder))
        except InvalidInputError:
            _fail("--embedder must be onnx, onnx-int8, minilm or openai")
    try:
        result = harness.run(
            dataset,
            system,
            embedder=chosen,
            limit=limit,
            k=k,
            fillers=filler,
            forms=form,
            topics=topics,
            judge=judge,
            sources=source,
            split=split,  # type: ignore[arg-type]
        )
    except (PersonifyError, FileNotFoundError) as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    print_tables(result, console)
    for kind, path in write_report(result, out).items():
        console.print(f"wrote {kind}: {path}")


@app.command()
def demo(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite file (default: demo.db in the data directory)"),
    ] = None,
) -> None:
    """See personify work: observe a four-session conversation, then show the profile (with
    what was superseded), the style, a persona, one recall and the effect of feedback.

    The database stays, so the same user can be opened in the dashboard afterwards."""
    from personify.config import load_settings
    from personify.demo import DEMO_QUERY, DEMO_TASK, DEMO_TENANT, DEMO_USER, demo_turns
    from personify.server.keys import KeyStore
    from personify.tenants import scoped

    path = db or load_settings().data_dir / "demo.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    uid = scoped(DEMO_TENANT, DEMO_USER)
    with engine(path) as p:
        p.delete_user(uid)  # a rerun starts from the same conversation
        user = p.user(uid)
        turns = demo_turns()
        with _loading("loading the embedding model and observing the conversation"):
            user.observe_many(turns)
        sessions = len({t.session for t in turns})
        console.print(
            f"observed {len(turns)} turns of {DEMO_USER!r} over {sessions} sessions into {path}\n"
        )
        _print_profile(user.profile(), f"what personify learned about {DEMO_USER}", True)
        compiled = user.persona(task=DEMO_TASK, budget_tokens=200)
        console.print(f"\n[bold]persona[/bold] for {DEMO_TASK!r} ({compiled.tokens} tokens):")
        console.print(escape(compiled.text), highlight=False)
        result = user.feedback(1.0)
        console.print(
            f"\n[bold]feedback[/bold] +1 on that answer: preference vectors "
            f"v{result.vectors_version_before} -> v{result.vectors_version}, "
            f"{len(result.memories)} persona items and {len(result.style)} style parameters "
            f"more certain, e.g. {_moved(result)}"
        )
        console.print()
        console.print(hits_table(DEMO_QUERY, user.recall(DEMO_QUERY, k=4)))
        keys = KeyStore(p.settings.keys_database)
        for old in keys.list(DEMO_TENANT):
            if old.name == "demo" and old.revoked_at is None:
                keys.revoke(old.id)
        _, key = keys.create(DEMO_TENANT, "demo")
    console.print("\n[bold]open the same user in the dashboard:[/bold]")
    console.print(f"  personify serve --db {path}", markup=False, highlight=False)
    console.print(
        f"  then http://127.0.0.1:8420/dashboard#user={DEMO_USER} with the API key {key}",
        markup=False,
        highlight=False,
    )
    console.print(
        f"or from the CLI: personify --tenant {DEMO_TENANT} profile {DEMO_USER} --db {path}",
        markup=False,
        highlight=False,
    )


def _moved(result: FeedbackResult) -> str:
    moved = [*result.memories, *result.style]
    if not moved:
        return result.note or "nothing"
    first = moved[0]
    return f"{first.text!r} {first.before:.2f} -> {first.after:.2f}"


_server_commands()


def main() -> None:  # pragma: no cover
    app()
