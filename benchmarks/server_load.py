"""Bounded load run of the HTTP server on loopback: req/s and p50/p95/p99 at 8/32/128 clients.

    .venv/bin/python benchmarks/server_load.py --quick             # ~3 min: 50 users x 10 turns
    .venv/bin/python benchmarks/server_load.py                     # ~8 min: 50 users x 40 turns
    .venv/bin/python benchmarks/server_load.py --quick --workers 1 2   # each worker count in turn
    .venv/bin/python benchmarks/server_load.py --quick --no-batching   # each request embeds alone

The app as ``personify serve --workers N`` builds it (``app_from_settings``: the embedder the
settings name, ONNX by default; concurrent requests' embeddings micro-batched) runs under uvicorn
in a *separate process* on a free port of 127.0.0.1, so the load generator does not share a GIL
with it: one event loop, one httpx.AsyncClient with one keep-alive connection per simulated
client. Temp SQLite store, one API key; users are seeded through the engine with
``observe_many`` (learner on) before the server starts. Each phase sends a fixed number of
requests from ``c`` concurrent clients and also stops at a time cap; every request's latency and
status are recorded. Endpoints: recall (POST /v1/users/{u}/recall, k=5, varied queries) and
observe (POST /v1/users/{u}/events, one turn). Client ``w`` always speaks for user
``w % users``, so at 128 clients over 50 users two or three clients share a user (``--users 10``
makes that 13: a test of concurrent writes to one user). Baseline in the same run: GET /healthz
at the same concurrencies, the ceiling of the HTTP stack and of this load generator on this
machine. Any non-200 or transport error is an error; the script exits 1 if there was one.
``--keep-alive`` sets uvicorn's idle keep-alive timeout (default 5 s: uvicorn's own;
``personify serve`` uses 30 s). Results also go to ``results/server_load.json``.
"""

from __future__ import annotations

import os

THREAD_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
os.environ.update(THREAD_ENV, TOKENIZERS_PARALLELISM="false")  # inherited by the server

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import httpx  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

TENANT = "bench"
CONCURRENCY = (8, 32, 128)
ENDPOINTS = ("healthz", "recall", "observe")
BUDGET = {"healthz": 3000, "recall": 1000, "observe": 500}  # requests per phase
QUICK_BUDGET = {"healthz": 400, "recall": 150, "observe": 100}
COLUMNS = ("workers", "clients", "endpoint", "requests", "errors", "req/s", "p50 ms", "p95 ms")
COLUMNS += ("p99 ms",)
FOODS = ["peanuts", "shellfish", "mushrooms", "gluten", "cilantro", "olives", "tofu", "lamb"]
PLACES = ["Lisbon", "Osaka", "Denver", "Nairobi", "Oslo", "Lima", "Hanoi", "Toronto"]
HOBBIES = ["hiking", "chess", "climbing", "baking", "jazz", "cycling", "pottery", "sailing"]
TEMPLATES = [
    "I'm allergic to {food}.",
    "I can't stand {food}, please never suggest it.",
    "I love {hobby} on weekends.",
    "My sister lives in {place}.",
    "I'm planning a trip to {place} next spring.",
    "Can you find a quick dinner recipe without {food}?",
    "Keep answers short, bullet points please.",
    "Remind me what I said about {hobby} last week.",
    "I work from home and start early.",
    "My goal this year is to get better at {hobby}.",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Recall queries are drawn from ~7,000 combinations (of 1,150 drawn as in a default run, 966 are
# distinct), so a cache of query embeddings could not flatter the recall figures much.
QUERY_OPENERS = ["quick question:", "remind me,", "help me decide:", "before {month},", "{day}:"]
QUERY_TEMPLATES = [
    "what should I cook on {day} without {food}",
    "which foods must I avoid, is {food} one, and what about {food2}",
    "weekend plans with {hobby} or {hobby2}",
    "where does my family live, near {place} or {place2}",
    "travel ideas for {place} in {month}",
    "how should answers about {hobby} be formatted in {month}",
    "hobbies and goals for {month}, like {hobby}",
    "restaurants in {place} that do not serve {food}",
]


def query(rng: random.Random) -> str:
    slots = {
        **{"food": rng.choice(FOODS), "food2": rng.choice(FOODS), "place": rng.choice(PLACES)},
        **{"place2": rng.choice(PLACES), "hobby": rng.choice(HOBBIES)},
        **{"hobby2": rng.choice(HOBBIES), "month": rng.choice(MONTHS), "day": rng.choice(DAYS)},
    }
    return f"{rng.choice(QUERY_OPENERS)} {rng.choice(QUERY_TEMPLATES)}".format(**slots)


def turn(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        food=rng.choice(FOODS), place=rng.choice(PLACES), hobby=rng.choice(HOBBIES)
    )


@dataclass
class Phase:
    workers: int
    endpoint: str
    concurrency: int
    planned: int
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    capped: bool = False
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    error_samples: list[str] = field(default_factory=list)

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0

    def summary(self) -> dict[str, object]:
        data = asdict(self)
        del data["latencies_ms"]
        data["seconds"] = round(self.seconds, 2)
        rps = self.requests / self.seconds if self.seconds else 0.0
        ms = {f"p{q}_ms": round(self.pct(q / 100), 2) for q in (50, 95, 99)}
        return {**data, "req_per_s": round(rps, 1), **ms}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int, keep_alive: float, workers: int, batching: bool) -> None:
    """The server process: the app as ``personify serve --workers N`` builds it (its factory,
    settings from the environment), no access log. Without batching: one worker whose requests
    each embed on their own, as before micro-batching."""
    import uvicorn

    from personify.server.app import app_from_settings, run

    os.environ["PERSONIFY_DB_PATH"] = str(db)  # the keys file is load.keys.db beside it
    options = {"log_level": "info", "access_log": False, "timeout_keep_alive": keep_alive}
    if batching:
        run(workers, host="127.0.0.1", port=port, **options)
    else:
        uvicorn.run(app_from_settings(max_batch=1), host="127.0.0.1", port=port, **options)


def seed(db: Path, users: int, turns: int, rng: random.Random) -> float:
    from personify import Personify
    from personify.tenants import scoped

    start = time.perf_counter()
    with Personify(db) as p:  # the embedder the settings name, as the server's
        for u in range(users):
            batch = [{"text": turn(rng), "session": f"s{i // 10}"} for i in range(turns)]
            p.user(scoped(TENANT, f"u{u:03d}")).observe_many(batch)
    return time.perf_counter() - start


def wait_ready(
    base: str, proc: subprocess.Popen[bytes], log: Path, workers: int, limit_s: float
) -> None:
    """Until /readyz answers and every worker has logged its startup (each loads the model)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        started = log.read_text(errors="replace").count("Application startup complete")
        try:
            ready = httpx.get(f"{base}/readyz", timeout=30).status_code == 200
        except httpx.TransportError:
            ready = False
        if ready and started >= workers:
            return
        time.sleep(0.5)
    raise RuntimeError(f"server not ready after {limit_s:.0f} s")


def request_for(endpoint: str, worker: int, users: int, rng: random.Random):
    user = f"u{worker % users:03d}"
    if endpoint == "healthz":
        return "GET", "/healthz", None
    if endpoint == "recall":
        return "POST", f"/v1/users/{user}/recall", {"query": query(rng), "k": 5}
    return "POST", f"/v1/users/{user}/events", {"turns": [{"text": turn(rng), "session": "load"}]}


async def run_phase(
    base: str,
    key: str,
    endpoint: str,
    c: int,
    n: int,
    cap_s: float,
    users: int,
    seed_: int,
    workers: int = 1,
) -> Phase:
    """``c`` clients share a budget of ``n`` requests and stop early at ``cap_s`` seconds.

    Each client is its own httpx.AsyncClient with one keep-alive connection, opened before the
    clock starts: independent clients, and no shared pool whose bookkeeping grows with ``c``.
    """
    phase = Phase(workers, endpoint, c, n)
    rng = random.Random(seed_)
    issued = 0
    headers = {"Authorization": f"Bearer {key}"}
    async with contextlib.AsyncExitStack() as stack:
        one = httpx.Limits(max_connections=1)
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=base, headers=headers, limits=one, timeout=60.0)
            )
            for _ in range(c)
        ]
        await asyncio.gather(*(client.get("/healthz") for client in clients))
        start = time.perf_counter()
        deadline = start + cap_s

        async def worker(w: int) -> None:
            nonlocal issued
            while issued < n and time.perf_counter() < deadline:
                issued += 1
                method, url, body = request_for(endpoint, w, users, rng)
                t0 = time.perf_counter()
                try:
                    response = await clients[w].request(method, url, json=body)
                    ok, what = response.status_code == 200, f"{response.status_code} {url}"
                    detail = response.text[:160]
                except httpx.HTTPError as exc:
                    ok, what, detail = False, f"{type(exc).__name__} {url}", repr(exc)[:160]
                done = time.perf_counter()
                phase.latencies_ms.append((done - t0) * 1000)
                phase.requests += 1
                if not ok:
                    phase.errors += 1
                    if len(phase.error_samples) < 5:
                        when = f"after {(done - t0) * 1000:.0f} ms, {t0 - start:.1f} s into phase"
                        phase.error_samples.append(f"{what} ({when}): {detail}")

        await asyncio.wait_for(asyncio.gather(*(worker(w) for w in range(c))), cap_s + 120)
        phase.seconds = time.perf_counter() - start
    phase.capped = phase.requests < n
    return phase


@contextlib.contextmanager
def server(
    db: Path, keep_alive: float, workers: int, batching: bool
) -> Iterator[tuple[str, list[str]]]:
    """The server subprocess on a free loopback port; yields its URL and (after) its log tail."""
    port = free_port()
    log_path = db.with_suffix(f".{workers}.log")
    options = [str(db), str(port), str(keep_alive), str(workers), "1" if batching else "0"]
    cmd = [sys.executable, __file__, "--serve", *options]
    tail: list[str] = []
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base, proc, log_path, workers, limit_s=180)
            yield base, tail
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
            tail.append(log_path.read_text(errors="replace")[-2000:])


def render(phases: list[Phase], title: str) -> Table:
    table = Table(title=title)
    for column in COLUMNS:
        table.add_column(column, justify="right")
    for phase in sorted(phases, key=lambda p: (p.workers, p.concurrency, p.endpoint != "healthz")):
        s = phase.summary()
        table.add_row(
            str(phase.workers),
            str(phase.concurrency),
            "baseline: healthz" if phase.endpoint == "healthz" else phase.endpoint,
            f"{phase.requests}{'*' if phase.capped else ''}",
            str(phase.errors),
            *(f"{s[k]:.1f}" for k in ("req_per_s", "p50_ms", "p95_ms", "p99_ms")),
        )
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small seed and short phases")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--turns", type=int, default=None, help="seeded per user (40; quick 10)")
    parser.add_argument("--only", nargs="+", choices=ENDPOINTS, default=list(ENDPOINTS))
    parser.add_argument("--concurrency", nargs="+", type=int, default=list(CONCURRENCY))
    parser.add_argument("--keep-alive", type=float, default=5.0, help="uvicorn's, in seconds")
    parser.add_argument(
        "--workers", nargs="+", type=int, default=[1], help="uvicorn worker processes (1)"
    )
    parser.add_argument(
        "--no-batching", action="store_true", help="one worker, each request embeds alone"
    )
    parser.add_argument("--serve", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        db, port, keep_alive, workers, batching = args.serve
        serve(Path(db), int(port), float(keep_alive), int(workers), batching == "1")
        return 0
    if args.no_batching and args.workers != [1]:
        parser.error("--no-batching runs one worker")
    mode = "quick" if args.quick else "default"
    users, turns = args.users, args.turns or (10 if args.quick else 40)
    budget = QUICK_BUDGET if args.quick else BUDGET
    cap_s = 20.0 if args.quick else 60.0
    console = Console(width=110)
    console.print("threads: " + ", ".join(f"{k}={v}" for k, v in THREAD_ENV.items()))
    from personify.config import load_settings
    from personify.server.app import BATCH_MAX_TEXTS, BATCH_WAIT_S
    from personify.server.keys import KeyStore

    batching = "off" if args.no_batching else f"<= {BATCH_MAX_TEXTS} texts, wait {BATCH_WAIT_S:g} s"
    console.print(
        f"cpus: {os.cpu_count()}; server: uvicorn, {'/'.join(map(str, args.workers))} worker "
        f"process(es), keep-alive {args.keep_alive:g} s; embedder {load_settings().embedder}; "
        f"micro-batching {batching}; client: 1 event loop, 1 httpx client + connection per "
        "simulated client"
    )

    phases: list[Phase] = []
    with tempfile.TemporaryDirectory() as tmp:
        db, keys_db = Path(tmp) / "load.db", Path(tmp) / "load.keys.db"
        seeded_s = seed(db, users, turns, random.Random(0))
        console.print(f"seeded {users} users x {turns} turns in {seeded_s:.1f} s")
        _, key = KeyStore(keys_db).create(TENANT, "load")
        log_tails: list[str] = []
        for workers in args.workers:
            with server(db, args.keep_alive, workers, not args.no_batching) as (base, log_tail):
                for endpoint in args.only:
                    asyncio.run(run_phase(base, key, endpoint, 8, 24, 30, users, 1))  # warm-up
                    for i, c in enumerate(args.concurrency):
                        n = budget[endpoint]
                        phase = asyncio.run(
                            run_phase(base, key, endpoint, c, n, cap_s, users, i, workers)
                        )
                        phases.append(phase)
                        console.print(
                            f"  w={workers} {endpoint:8} c={c:<4} {phase.requests} requests, "
                            f"{phase.errors} errors, {phase.seconds:.1f} s"
                        )
            log_tails.extend(log_tail)
    console.print(
        render(phases, f"server load on 127.0.0.1 ({mode}: {users} users x {turns} turns)")
    )
    if any(p.capped for p in phases):
        console.print(f"* stopped by the {cap_s:.0f} s time cap before the planned count")
    errors = sum(p.errors for p in phases)
    for phase in phases:
        for sample in phase.error_samples:
            console.print(f"[red]error[/red] {phase.endpoint} c={phase.concurrency}: {sample}")
    for tail in log_tails if errors else []:
        console.print(f"server log tail:\n{tail}")
    report = {
        **{"mode": mode, "threads": THREAD_ENV, "cpus": os.cpu_count(), "users": users},
        **{"turns": turns, "keep_alive_s": args.keep_alive, "seed_s": round(seeded_s, 1)},
        **{"cap_s": cap_s, "budget": budget, "errors": errors, "batching": batching},
        **{"workers": args.workers, "embedder": load_settings().embedder},
        "phases": [p.summary() for p in phases],
    }
    Path("results").mkdir(exist_ok=True)
    Path("results/server_load.json").write_text(json.dumps(report, indent=2))
    console.print(f"errors: {errors} (zero required)" + ("" if errors else " - ok"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
