"""Multi-session collaboration simulator: user effort per session with and without VARS vectors.

LLM-free (see :mod:`personify.eval.simulator`): simulated users with hidden PrefEval preferences
work through tasks over several sessions; a preference missing from the ``k`` recalled memories
costs the user a correction turn. Conditions: no memory, perfect recall (the floor), the most
recent M turns in context, plain dense recall, personify's default hybrid recall, recall of
profile kinds only, and these with the simple or the REINFORCE preference-vector rule (with
per-context vectors, the default, and with one vector per user as an ablation). VARS
settings are tuned on ``--tune-seed`` users and reported on ``--seed`` users (independent
draws), so the table is not fitted to its own data. Usage::

    .venv/bin/python benchmarks/simulate.py [--quick] [--users N] [--sessions S] [--tasks T]
"""

from __future__ import annotations

import os

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
for _var in THREAD_VARS:  # before numpy/torch load: a fair share of a small shared machine
    os.environ.setdefault(_var, "2")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import asdict, replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from personify.adapt.vectors import VarsSettings  # noqa: E402
from personify.config import RecallWeights  # noqa: E402
from personify.embeddings import CachedEmbedder, Embedder  # noqa: E402
from personify.embeddings.minilm import MiniLMEmbedder  # noqa: E402
from personify.eval import simulator as sim  # noqa: E402
from personify.eval.prefeval import load_prefeval  # noqa: E402
from personify.eval.simulator import SimConfig, TaskResult  # noqa: E402
from personify.read.recall import dense_only  # noqa: E402

console = Console(width=160)
DENSE = dense_only(RecallWeights())
HYBRID = RecallWeights()
DEFAULT = "default recall (β=0)"  # the shipped recall weights, no vectors
LATE_FROM = 2  # 0-based: "sessions >= 3"
BASELINE = "dense (β=0)"
PROFILE = ("preference", "constraint")  # what a persona prompt would draw on
SHIPPED = {"reinforce": VarsSettings(rule="reinforce"), "simple": VarsSettings(rule="simple")}
REFERENCE = VarsSettings(  # the VARS reference values (personify's defaults before tuning)
    rule="reinforce",
    beta_long=0.1,
    beta_short=0.3,
    eta_long=1e-3,
    eta_short=5e-3,
    decay=0.1,
    contexts=0,  # one vector per user, as in the reference
)

Factory = Callable[[str], sim.Agent]
Grid = list[tuple[str, dict[str, Sequence[Any]]]]
GRIDS: dict[str, Grid] = {  # REINFORCE: long-term strength, then short-term, then tau/lambda
    "reinforce": [
        ("long", {"beta_long": [0.1, 0.3, 1.0], "eta_long": [1e-3, 0.01, 0.05, 0.2]}),
        ("short", {"beta_short": [0.0, 0.3, 1.0], "eta_short": [5e-3, 0.05, 0.25]}),
        ("tau", {"tau": [0.3, 1.0, 3.0], "decay": [0.1, 0.3]}),
        ("context", {"eta_context": [0.1, 0.25, 0.5, 1.0], "context_cosine": [0.5, 0.6, 0.7]}),
    ],
    "simple": [
        (
            "simple",
            {"simple_eta": [0.05, 0.2, 0.5], "beta_long": [0.1, 1.0], "beta_short": [0.3, 1.0]},
        ),
    ],
}


class Runner:
    """Runs conditions on one set of scripts, each in a fresh SQLite file under a temp dir."""

    def __init__(self, scripts: list[sim.Script], config: SimConfig, embedder: Embedder, tmp: Path):
        self.scripts, self.config, self.embedder, self.tmp = scripts, config, embedder, tmp
        self.count = 0

    def personify(self, name: str, weights: RecallWeights, *args: Any, **kw: Any) -> sim.Agent:
        """A personify agent; ``args``/``kw`` go on to :class:`sim.PersonifyAgent` (vars...)."""
        self.count += 1
        path = self.tmp / f"run{self.count}.db"
        return sim.PersonifyAgent(name, path, self.embedder, self.config.k, weights, *args, **kw)

    def run(self, agent: sim.Agent) -> tuple[list[TaskResult], float]:
        start = time.perf_counter()
        try:
            results = sim.simulate(agent, self.scripts, self.config)
        finally:
            agent.close()
        return results, time.perf_counter() - start


def late_summary(results: Sequence[TaskResult]) -> dict[str, float]:
    return sim.late(results, LATE_FROM).as_dict()


# -- tuning ----------------------------------------------------------------------------------


def stage_grid(base: VarsSettings, axes: dict[str, Sequence[Any]]) -> list[VarsSettings]:
    out = []
    for values in itertools.product(*axes.values()):
        update = dict(zip(axes, values, strict=True))
        if "eta_long" in update and "eta_short" not in update:
            update["eta_short"] = 5 * update["eta_long"]  # the reference's 1:5 ratio
        out.append(base.model_copy(update=update))
    return out


def sweep(
    runner: Runner, weights: RecallWeights, rule: str, grid: Grid, base: dict[str, float]
) -> tuple[VarsSettings, list[dict[str, Any]]]:
    """Coordinate search, stage by stage: keep the best setting so far, vary the next axes.

    Best = lowest late corrections whose late success is not below the same recall without
    vectors (the "no loss in success" condition).
    """
    rows: list[dict[str, Any]] = []
    best = VarsSettings(rule=rule)  # type: ignore[arg-type]
    best_score = (float("inf"), 0.0)
    seen: set[str] = set()
    for stage, axes in grid:
        for settings in stage_grid(best, axes):
            if (key := settings.model_dump_json()) in seen:
                continue
            seen.add(key)
            results, seconds = runner.run(runner.personify("tune", weights, settings))
            summary = late_summary(results)
            ok = summary["success"] >= base["success"] - 1e-9
            rows.append(
                {"stage": stage, "settings": settings.model_dump(), "late": summary, "ok": ok}
            )
            score = (summary["corrections"], -summary["success"])
            console.print(
                f"  [{stage}] {describe(settings):58s} late corr {summary['corrections']:.3f} "
                f"success {summary['success']:.3f} {'' if ok else '(success loss)'} "
                f"{seconds:.0f}s",
                highlight=False,
            )
            if ok and score < best_score:
                best, best_score = settings, score
    return best, rows


def describe(s: VarsSettings) -> str:
    if s.rule == "simple":
        return f"simple η={s.simple_eta:g} βL={s.beta_long:g} βS={s.beta_short:g}"
    return (
        f"reinforce βL={s.beta_long:g} βS={s.beta_short:g} ηL={s.eta_long:g} "
        f"ηS={s.eta_short:g} τ={s.tau:g} λ={s.decay:g} contexts={s.contexts} "
        f"cos≥{s.context_cosine:g} βC={s.beta_context:g} ηC={s.eta_context:g}"
    )


# -- reporting -------------------------------------------------------------------------------


def reduction(
    results: Sequence[TaskResult], baseline: Sequence[TaskResult], seed: int
) -> tuple[float, float, float]:
    """1 - late effort / baseline late effort, with a paired 95% bootstrap CI over users."""

    users = sorted({r.user for r in baseline})

    def per_user(rs: Sequence[TaskResult]) -> np.ndarray:
        late = [r for r in rs if r.session >= LATE_FROM]
        return np.asarray([sum(r.corrections for r in late if r.user == u) for u in users], float)

    x, y = per_user(results), per_user(baseline)
    if y.sum() == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(users), size=(2000, len(users)))
    boot = 1 - x[idx].sum(axis=1) / np.maximum(y[idx].sum(axis=1), 1e-12)
    return 1 - x.sum() / y.sum(), float(np.quantile(boot, 0.025)), float(np.quantile(boot, 0.975))


def summarize(runs: dict[str, list[TaskResult]], config: SimConfig) -> dict[str, Any]:
    """Per condition: effort per session, the late aggregate, and the late change with its 95%
    interval vs plain dense recall and vs the default recall without vectors (β=0)."""

    def change(results: Sequence[TaskResult], baseline: str) -> dict[str, float]:
        values = reduction(results, runs[baseline], config.seed)
        return dict(zip(("value", "lo", "hi"), values, strict=True))

    return {
        name: {
            "sessions": [m.as_dict() for m in sim.per_session(results, config.sessions)],
            "late": late_summary(results),
            "reduction_vs_dense": change(results, BASELINE),
            "reduction_vs_default": change(results, DEFAULT),
        }
        for name, results in runs.items()
    }


def print_tables(report: dict[str, Any], config: SimConfig, title: str) -> None:
    """Two tables: effort per session, then sessions >= 3 with the change vs plain dense."""
    per = Table(title=f"{title}\ncorrections per task (timeout rate) per session")
    per.add_column("condition", no_wrap=True)
    for s in range(config.sessions):
        per.add_column(f"S{s + 1}", justify="right")
    tail = Table(title=f"sessions >= {LATE_FROM + 1}")
    tail.add_column("condition", no_wrap=True)
    columns = ("corr/task", "timeout", "success", "1st try", "Δ corr vs dense [95% CI]")
    for name in (*columns, "Δ vs default, β=0 [95% CI]"):
        tail.add_column(name, justify="right")

    def shown(red: dict[str, float] | None, baseline: str, name: str) -> str:
        if red is None or name == baseline:
            return "—"
        return f"{-red['value']:+.1%} [{-red['hi']:+.1%}, {-red['lo']:+.1%}]"

    for name, row in report.items():
        per.add_row(
            name, *(f"{m['corrections']:.2f} ({m['timeout']:.0%})" for m in row["sessions"])
        )
        tail_row, red = row["late"], row["reduction_vs_dense"]
        tail.add_row(
            name,
            f"{tail_row['corrections']:.3f}",
            f"{tail_row['timeout']:.1%}",
            f"{tail_row['success']:.1%}",
            f"{tail_row['first_try']:.1%}",
            shown(red, BASELINE, name),
            shown(row.get("reduction_vs_default"), DEFAULT, name),
        )
    console.print(per, tail)
    console.print(
        f"Δ: change in total late corrections vs {BASELINE} and vs {DEFAULT} (the default "
        "recall without vectors); CI: paired bootstrap over users"
    )


def chart(report: dict[str, Any], config: SimConfig, path: Path) -> None:
    """Effort per session; left: dense-based rows, right: hybrid-based, baselines in both."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(13, 7), sharey=True)
    x = np.arange(1, config.sessions + 1)
    colors = plt.get_cmap("tab20").colors
    reference = {"no memory", BASELINE} | {n for n in report if n.startswith(("recent", "or"))}
    for ax, family in zip(axes, ("dense", "hybrid"), strict=True):
        for i, (name, row) in enumerate(report.items()):
            if name not in reference and not name.startswith(family):
                continue
            y = [s["corrections"] for s in row["sessions"]]
            style = ":" if name in reference and name != BASELINE else "-"
            style = "--" if "reference" in name else style
            width = 2.4 if "reinforce" in name and "old" not in name else 1.3
            ax.plot(x, y, style, marker="o", ms=4, lw=width, color=colors[i % 20], label=name)
        ax.set_title(f"{family} recall (+ vectors)")
        ax.set_xlabel("session")
        ax.set_xticks(x)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)
    axes[0].set_ylabel("corrections per task (user effort)")
    fig.suptitle(
        f"Simulated collaboration: {config.users} users (seed {config.seed}), "
        f"{config.tasks} tasks/session, {config.hidden} hidden preferences, k={config.k}"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# -- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=48)
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--tasks", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=6)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--max-corrections", type=int, default=2)
    parser.add_argument("--filler", type=int, default=2, help="filler user turns per task")
    parser.add_argument("--context", type=int, default=20, help="M for the recent-context row")
    parser.add_argument("--log-tasks", action="store_true", help="log task questions as turns")
    parser.add_argument("--seed", type=int, default=0, help="users the table reports")
    parser.add_argument("--tune-seed", type=int, default=1, help="users the sweep tunes on")
    parser.add_argument("--tune-users", type=int, default=24)
    parser.add_argument("--no-sweep", action="store_true", help="shipped VARS defaults, no tuning")
    parser.add_argument("--tune-on", choices=["hybrid", "dense"], default="hybrid")
    parser.add_argument("--lexical", type=float, nargs="*", default=[0.5], help="more hybrid rows")
    parser.add_argument("--pca", type=int, nargs="*", default=[32], help="PCA dims for v_m")
    parser.add_argument("--quick", action="store_true", help="small run (~2 min on 2 cores)")
    parser.add_argument("--out", type=Path, default=Path("results/simulate.json"))
    parser.add_argument("--chart", type=Path, default=Path("results/simulate_effort.png"))
    parser.add_argument("--replot", type=Path, help="only redraw tables and chart from a JSON")
    args = parser.parse_args()
    if args.replot:
        saved = json.loads(args.replot.read_text())
        print_tables(saved["conditions"], SimConfig(**saved["config"]), str(args.replot))
        chart(saved["conditions"], SimConfig(**saved["config"]), args.chart)
        return
    if args.quick:
        args.users, args.no_sweep, args.pca = min(args.users, 6), True, args.pca[:1]
    threads = {v: os.environ[v] for v in THREAD_VARS}
    console.print(f"threads: {threads}")
    started = time.perf_counter()
    names = ("users", "sessions", "tasks", "hidden", "k", "max_corrections", "filler")
    names += ("context", "log_tasks", "seed")
    config = SimConfig(**{name: getattr(args, name) for name in names})
    tune_config = replace(config, users=args.tune_users, seed=args.tune_seed)
    if tune_config.seed == config.seed:
        parser.error("--tune-seed must differ from --seed: tune and report on different users")
    data = load_prefeval()
    scripts, tune_scripts = sim.make_scripts(data, config), sim.make_scripts(data, tune_config)
    embedder = CachedEmbedder(MiniLMEmbedder())
    tune_texts = set().union(*(s.texts() for s in tune_scripts))
    eval_texts = set().union(*(s.texts() for s in scripts))
    sim.warm(embedder, eval_texts | (set() if args.no_sweep else tune_texts))
    console.print(f"data + embeddings ready in {time.perf_counter() - started:.0f}s")

    out: dict[str, Any] = {"config": asdict(config), "tune_config": asdict(tune_config)}
    with tempfile.TemporaryDirectory(prefix="personify-sim-") as tmp:
        tuned = dict(SHIPPED)
        tune_weights = HYBRID if args.tune_on == "hybrid" else DENSE
        if not args.no_sweep:
            tuner = Runner(tune_scripts, tune_config, embedder, Path(tmp) / "tune")
            tuner.tmp.mkdir()
            base = late_summary(tuner.run(tuner.personify("base", tune_weights))[0])
            out["sweep"] = {"base_late": base}
            for rule, grid in GRIDS.items():
                console.print(
                    f"[bold]sweep {rule}[/] on {tune_config.users} users, seed {tune_config.seed}"
                    f" ({args.tune_on} recall; without vectors: late corr "
                    f"{base['corrections']:.3f}, success {base['success']:.3f})"
                )
                best, rows = sweep(tuner, tune_weights, rule, grid, base)
                tuned[rule] = best
                out["sweep"][rule] = {"rows": rows, "best": best.model_dump()}
                console.print(f"  best: {describe(best)}")
        # PCA of what the store itself sees (no labels), as a deployment would fit it
        basis_corpus = np.asarray(embedder.embed(sorted(eval_texts)))
        runner = Runner(scripts, config, embedder, Path(tmp) / "eval")
        runner.tmp.mkdir()
        factories: dict[str, Factory] = {
            "no memory": lambda n: sim.NoMemory(n),
            "oracle (perfect recall)": lambda n: sim.Oracle(n),
            f"recent context (M={config.context})": lambda n: sim.RecentContext(config.context, n),
            BASELINE: lambda n: runner.personify(n, DENSE),
            DEFAULT: lambda n: runner.personify(n, HYBRID),
            **{
                f"default + linear lexical={w:g} (β=0)": lambda n, w=w: runner.personify(
                    n, RecallWeights(lexical=w)
                )
                for w in dict.fromkeys(args.lexical)
                if w != HYBRID.lexical
            },
            "hybrid + simple": lambda n: runner.personify(n, HYBRID, tuned["simple"]),
            "hybrid + reinforce (reference values)": lambda n: runner.personify(
                n, HYBRID, REFERENCE
            ),
            "hybrid + reinforce": lambda n: runner.personify(n, HYBRID, tuned["reinforce"]),
            "hybrid + reinforce, one vector per user": lambda n: runner.personify(
                n, HYBRID, tuned["reinforce"].model_copy(update={"contexts": 0})
            ),
            "dense + simple": lambda n: runner.personify(n, DENSE, tuned["simple"]),
            "dense + reinforce": lambda n: runner.personify(n, DENSE, tuned["reinforce"]),
            "dense, profile kinds (β=0)": lambda n: runner.personify(n, DENSE, kinds=PROFILE),
            "dense + reinforce, profile kinds": lambda n: runner.personify(
                n, DENSE, tuned["reinforce"], kinds=PROFILE
            ),
        }
        if tuned["reinforce"] != SHIPPED["reinforce"]:
            factories["dense + reinforce (shipped defaults)"] = lambda n: runner.personify(
                n, DENSE, SHIPPED["reinforce"]
            )
        for dims in args.pca:
            basis = sim.pca_basis(basis_corpus, dims)
            factories[f"dense + reinforce, PCA-{dims}"] = lambda n, b=basis: runner.personify(
                n, DENSE, tuned["reinforce"], b
            )
        runs: dict[str, list[TaskResult]] = {}
        seconds: dict[str, float] = {}
        for name, factory in factories.items():
            runs[name], seconds[name] = runner.run(factory(name))
            console.print(f"  ran {name} in {seconds[name]:.1f}s")
    title = (
        f"Effort per session: {config.users} users (seed {config.seed}), {config.sessions} "
        f"sessions x {config.tasks} tasks, {config.hidden} hidden prefs, k={config.k}, "
        f"max {config.max_corrections} corrections; VARS "
        + ("shipped defaults" if args.no_sweep else f"tuned on seed {tune_config.seed}")
    )
    report = summarize(runs, config)
    print_tables(report, config, title)
    console.print(f"VARS simple:    {describe(tuned['simple'])}")
    console.print(f"VARS reinforce: {describe(tuned['reinforce'])}")
    chart(report, config, args.chart)
    out.update(
        {
            "tuned": {k: v.model_dump() for k, v in tuned.items()},
            "shipped": {k: v.model_dump() for k, v in SHIPPED.items()},
            "reference": REFERENCE.model_dump(),
            "hybrid_weights": HYBRID.model_dump(),
            "conditions": report,
            "seconds": seconds,
            "total_seconds": time.perf_counter() - started,
            "threads": threads,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1))
    console.print(f"wrote {args.out} and {args.chart} in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
