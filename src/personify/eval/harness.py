"""One harness for every dataset in the shared data dir: same turns, embedder and k for all systems.

``run_locomo`` and ``run_prefeval`` ingest each dataset into fresh instances of every system
(personify and the baselines of :mod:`personify.eval.baselines`), time ingest and search, count
stored tokens, and score with the dataset modules' own metrics, so there is one code path per
metric. With a chat endpoint configured, LoCoMo is also answered and LLM-judged (J score).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from personify.config import Settings, load_settings
from personify.embeddings import CachedEmbedder, Embedder
from personify.eval import locomo as lc
from personify.eval import prefeval as pe
from personify.eval.baselines import (
    DEFAULT_WINDOW,
    SYSTEMS,
    Context,
    PersonifySystem,
    Retrieved,
    System,
    tokens,
)
from personify.eval.report import EvalResult, Judge, Tracker, hardware
from personify.observe.ingest import Turn

SEED = 0
START = datetime(2024, 1, 1, 9, 0)
DATASETS = ("locomo", "prefeval", "profile")
DEFAULT_SYSTEMS = SYSTEMS  # personify-episodic is opt-in: a diagnostic variant, not a peer


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    console = Console(stderr=True)
    with Progress(*columns, TimeElapsedColumn(), console=console, disable=not enabled) as bar:
        yield bar


def _result(dataset: str, primary: str, trackers: Sequence[Tracker], start: float) -> EvalResult:
    return EvalResult(
        dataset=dataset,
        primary=primary,
        run_s=time.perf_counter() - start,
        hardware=hardware(),
        systems=[t.finish() for t in trackers],
    )


# -- LoCoMo ------------------------------------------------------------------------------------


def locomo_turns(conv: lc.Conversation) -> list[list[Turn]]:
    """One list of turns per session, each ``"Speaker: text"`` with the session date.

    Both speakers go into one memory space (questions ask about either), all as role "user"
    so personify learns from both; ``dia_id`` in metadata maps results back to evidence.
    """
    return [
        [
            Turn(
                text=f"{t.speaker}: {t.content}",
                role="user",
                session=f"session_{s.index}",
                ts=s.date,
                metadata={"dia_id": t.dia_id, "speaker": t.speaker},
            )
            for t in s.turns
        ]
        for s in conv.sessions
    ]


def dia_ids(found: Sequence[Retrieved]) -> list[str]:
    """Turn ids in rank order; a memory citing several turns contributes them all."""
    return [s["dia_id"] for r in found for s in r.sources if "dia_id" in s]


def run_locomo(
    systems: Sequence[str] = DEFAULT_SYSTEMS,
    *,
    embedder: Embedder | None = None,
    data: lc.LoCoMo | None = None,
    limit: int | None = None,
    questions: int | None = None,
    k: int = 10,
    window: int = DEFAULT_WINDOW,
    settings: Settings | None = None,
    judge: Judge | None = None,
    show_progress: bool = True,
) -> EvalResult:
    """Evidence recall@5/@10, hit@10, nDCG@10 per category (and J with ``judge``).

    Each system gets a fresh store per conversation and ingests it session by session; every
    scored question (categories 1-4 with evidence; ``questions`` caps them per conversation) is
    searched with depth ``max(k, 10)``; the judge answers from the top ``k``.
    """
    start = time.perf_counter()
    data = data or lc.load_locomo()
    convs = data.conversations[:limit] if limit else data.conversations
    embedder = embedder or _default_embedder()
    trackers = [Tracker(name) for name in systems]
    rankings: dict[str, list[list[str]]] = {name: [] for name in systems}
    judged: dict[str, list[float]] = {name: [] for name in systems}
    scored: list[lc.QA] = []
    full_tokens = 0
    work = [(c, locomo_turns(c), [q for q in c.qa if q.scored][:questions]) for c in convs]
    with tempfile.TemporaryDirectory() as tmp, progress_bar(show_progress) as bar:
        units = [sum(map(len, s)) + len(q) for _, s, q in work]  # turns + questions
        task = bar.add_task("locomo", total=sum(units) * len(trackers))
        ctx = Context(embedder, Path(tmp), settings, window)
        for unit, (conv, sessions, qas) in enumerate(work):
            scored += qas
            full_tokens += sum(tokens(t.text) for s in sessions for t in s)
            uid = f"locomo-{conv.sample_id}"
            for n, tracker in enumerate(trackers, start=1):
                name = tracker.result.name
                bar.update(task, description=f"{conv.sample_id} {name}")
                system = tracker.open(ctx)
                with tracker.guard(f"running {conv.sample_id}"):
                    if system is None:
                        continue
                    for session in sessions:
                        tracker.ingest(system, uid, session)
                        bar.advance(task, len(session))
                    for qa in qas:
                        found = tracker.search(system, uid, qa.question, max(k, 10))
                        rankings[name].append(dia_ids(found))
                        if judge is not None:
                            gold = qa.answer or ""
                            judged[name].append(judge.correct(qa.question, gold, found[:k]))
                        bar.advance(task)
                    tracker.result.stored_tokens += system.stored_tokens(uid)
                if system is not None:
                    system.close()
                # skipped or failed systems still count as done
                bar.update(task, completed=sum(units[:unit]) * len(trackers) + units[unit] * n)
    for tracker in trackers:
        res = tracker.result
        res.full_tokens = full_tokens
        if res.available:
            res.metrics = lc.score(scored, rankings[res.name])
            if judge is not None:
                _add_judge(res.metrics, scored, judged[res.name])
    result = _result("locomo", "recall@10", trackers, start)
    result.config = {
        "conversations": [c.sample_id for c in convs],
        "questions_scored": len(scored),
        "questions_per_conversation": questions,
        "k": k,
        "search_depth": max(k, 10),
        "window": window,
        "embedder": embedder.name,
        "judge": judge.client.model if judge else None,
    }
    ev = data.evidence
    result.notes = [
        "both speakers in one memory space per conversation, ingested session by session",
        f"evidence ids: {len(ev.repaired)} repaired, {ev.dropped} dropped as malformed/unknown",
        "stored tokens: MiniLM word pieces of what each system keeps, summed over conversations",
    ]
    if judge is not None:
        result.notes.append(f"J: answer from top-{k} then LLM judge; {judge.errors} LLM errors")
    return result


def _add_judge(metrics: dict[str, dict[str, float]], qas: Sequence[lc.QA], js: list[float]) -> None:
    groups: dict[str, list[float]] = {"overall": list(js)}
    for qa, j in zip(qas, js, strict=True):
        groups.setdefault(lc.CATEGORIES[qa.category], []).append(j)
    for group, values in groups.items():
        metrics.setdefault(group, {})["J"] = float(np.mean(values)) if values else 0.0


# -- PrefEval ----------------------------------------------------------------------------------


def timeline(turns: Sequence[Turn], first: int = 0) -> list[Turn]:
    """Fixed increasing timestamps and the turn index in metadata (what hits are matched on)."""
    return [
        t.model_copy(update={"ts": START + timedelta(minutes=j), "metadata": {"turn": j}})
        for j, t in enumerate(turns, start=first)
    ]


def shuffled_options(item: pe.MCQItem, topic: str, index: int) -> tuple[list[str], int]:
    """The four answers in a seeded order, and where the respecting one (first) landed."""
    options = item.classification_task_options
    perm = list(range(len(options)))
    random.Random(f"{SEED}:mcq:{topic}:{index}").shuffle(perm)
    return [options[j] for j in perm], perm.index(0)


def _turn_ids(found: Retrieved) -> set[int]:
    return {int(s["turn"]) for s in found.sources if "turn" in s}


def run_prefeval(
    systems: Sequence[str] = DEFAULT_SYSTEMS,
    *,
    embedder: Embedder | None = None,
    data: pe.PrefEval | None = None,
    forms: Sequence[pe.Form] = pe.FORMS,
    fillers: Sequence[int] = (10, 100, 300),
    topics: int | Sequence[str] | None = None,
    items: int | None = None,
    k: int = 5,
    window: int = DEFAULT_WINDOW,
    settings: Settings | None = None,
    show_progress: bool = True,
) -> EvalResult:
    """Preference hit@1/@k and MCQ accuracy per form and filler length, for every system.

    Per (form, filler) cell each system is fresh; per item a user observes the preference
    conversation, then the filler, then the question is searched. MCQ is scored with two
    readers: ``mcq``, the shared reader (:func:`personify.read.agreement.read_options`) over each
    system's own top-``k`` texts, the same answer-selection step for everyone; and
    ``mcq (own reader)``, a system's own profile ranking when it has one (personify's
    ``rank_options``), else cosine to its top-1 text.
    """
    start = time.perf_counter()
    if isinstance(topics, int) or topics is None:
        chosen = list(pe.TOPICS[:topics] if topics else pe.TOPICS)
    else:
        chosen = list(topics)
    data = data or pe.load_prefeval(topics=chosen)
    emb = CachedEmbedder(embedder or _default_embedder(), max_items=200_000)
    trackers = [Tracker(name) for name in systems]
    per_system: dict[str, list[pe.ItemResult]] = {name: [] for name in systems}
    cells = [(form, filler) for form in forms for filler in fillers]
    n_items = sum(len(data.mcq[t][:items]) for t in chosen)
    full_tokens = 0
    with tempfile.TemporaryDirectory() as tmp, progress_bar(show_progress) as bar:
        task = bar.add_task("prefeval", total=len(cells) * n_items * len(trackers))
        ctx = Context(emb, Path(tmp), settings, window)
        for form, filler in cells:
            opened = [(t, t.open(ctx)) for t in trackers]
            try:
                for case in prefeval_cases(data, form, filler, chosen, items, emb):
                    bar.update(task, description=f"{form} / {filler} {case.uid}")
                    full_tokens += sum(tokens(t.text) for t in (*case.pref, *case.rest))
                    for tracker, system in opened:
                        if system is not None and tracker.result.available:
                            with tracker.guard(f"running {form}/{filler} {case.uid}"):
                                m = _prefeval_item(tracker, system, case, k, emb)
                                per_system[tracker.result.name].append(case.result(m))
                        bar.advance(task)
            finally:
                for _, system in opened:
                    if system is not None:
                        system.close()
    for tracker in trackers:
        res = tracker.result
        res.full_tokens = full_tokens
        rows = per_system[res.name]
        if res.available and rows:
            agg = pe.aggregate(rows)
            res.metrics = {f"{f}/{n}": cell for f, by in agg.items() for n, cell in by.items()}
            names = sorted({m for r in rows for m in r.metrics})
            overall = {m: float(np.mean([r.metrics[m] for r in rows])) for m in names}
            res.metrics["overall"] = {**overall, "n": float(len(rows))}
    result = _result("prefeval", pe.MCQ_SHARED, trackers, start)
    result.config = {
        "forms": list(forms),
        "fillers": list(fillers),
        "topics": chosen,
        "items_per_topic": items,
        "items": n_items,
        "k": k,
        "window": window,
        "seed": SEED,
        "embedder": emb.name,
    }
    result.notes = [
        "fresh store per (form, filler) cell, one user per item; the question is never observed",
        "MCQ: 4 shuffled options, random = 0.25, ties scored as expected value",
        f"{pe.MCQ_SHARED}: one shared reader for every system over its own top-{k} retrieved "
        "texts (agreement.read_options: likes, dislikes and constraints read by personify's "
        "rule extractor, plus choices when an offered list and the pick from it were both "
        "retrieved, weighted by the text's cosine to the question; options scored by the same "
        "polarity-aware core as rank_options; cosine to the top-1 text when nothing relevant "
        "is read), so differences in it come from what each system retrieved",
        f"{pe.MCQ_OWN}: each system's own answer-selection step - personify ranks with its "
        "profile (User.rank_options over recalled preferences and constraints), the others "
        "by cosine to their top-1 retrieved text (near chance even with perfect retrieval: "
        "a dislike sits next to the option it rules out in embedding space)",
        "texts are embedded into a shared cache before timing: personify/dense times exclude "
        "embedding, and so do mem0's (its embedder calls are served from the same cache)",
        "a hit carries the preference when it derives from a revealing turn (persona-driven: "
        "the user turn nearest the gold preference, a proxy label)",
        "after each item mem0's collection is emptied (end_user): local qdrant scans every "
        "point per search, so 751 users x 600 turns in one collection would time its scan, "
        "not its memory; the personify, dense and BM25 stores keep every user",
    ]
    return result


class PrefCase(BaseModel):
    """One item at one filler length, as every system sees it."""

    form: pe.Form
    filler: int
    topic: str
    index: int
    pref: list[Turn]
    rest: list[Turn]
    revealing: set[int]
    question: str
    options: list[str]
    correct: int

    @property
    def uid(self) -> str:
        return f"{self.topic}-{self.index}"

    def result(self, metrics: dict[str, float]) -> pe.ItemResult:
        return pe.ItemResult(
            form=self.form, filler=self.filler, topic=self.topic, index=self.index, metrics=metrics
        )


def prefeval_cases(
    data: pe.PrefEval,
    form: pe.Form,
    filler: int,
    topics: Sequence[str],
    items: int | None,
    emb: Embedder,
) -> Iterator[PrefCase]:
    """Items in order, with the seeds of benchmarks/preferences.py; texts pre-embedded in ``emb``.

    Warming the shared cache first means personify-family timings exclude embedding.
    """
    for topic in topics:
        for i, mcq in enumerate(data.mcq[topic][:items]):
            item = data.items(form, topic)[i]
            conv = pe.preference_conversation(form, item, emb)
            pref = timeline(conv.turns)
            rest = timeline(pe.filler_turns(data.filler, filler, f"{SEED}:{topic}:{i}"), len(pref))
            options, correct = shuffled_options(mcq, topic, i)
            emb.embed([t.text for t in (*pref, *rest)] + [item.question, *options])
            yield PrefCase(
                form=form,
                filler=filler,
                topic=topic,
                index=i,
                pref=pref,
                rest=rest,
                revealing=set(conv.revealing),
                question=item.question,
                options=options,
                correct=correct,
            )


def _prefeval_item(
    tracker: Tracker, system: System, case: PrefCase, k: int, emb: Embedder
) -> dict[str, float]:
    uid, revealing = case.uid, case.revealing
    tracker.ingest(system, uid, case.pref)
    if case.rest:
        tracker.ingest(system, uid, case.rest)
    found = tracker.search(system, uid, case.question, k)
    carried = [bool(_turn_ids(r) & revealing) for r in found]
    m = {"hit@1": float(any(carried[:1])), f"hit@{k}": float(any(carried[:k]))}
    shared = pe.shared_reader_scores(case.question, [r.text for r in found[:k]], case.options, emb)
    m[pe.MCQ_SHARED] = pe.mcq_correct(shared, case.correct)
    own = system.rank_options(uid, case.question, case.options)
    if own is None:
        top = emb.embed([found[0].text])[0] if found else None
        own = pe.cosine_scores(emb.embed(case.options), top)
    m[pe.MCQ_OWN] = pe.mcq_correct(own, case.correct)
    if isinstance(system, PersonifySystem) and system.profile_mcq:
        extracted = [c and r.kind != "episodic" for c, r in zip(carried, found, strict=True)]
        m[f"extracted hit@{k}"] = float(any(extracted))
        profile = {int(s["turn"]) for s in system.profile_sources(uid) if "turn" in s}
        m["extracted"] = float(bool(profile & revealing))
    tracker.result.stored_tokens += system.stored_tokens(uid)
    system.end_user(uid)
    return m


# -- entry point shared by the CLI and benchmarks/report.py ------------------------------------


def _default_embedder() -> Embedder:
    """The product's default: MiniLM on onnxruntime (the torch model's vectors, faster)."""
    from personify.embeddings.onnx import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder()


def run(
    dataset: str,
    systems: Sequence[str] | None = None,
    *,
    limit: int | None = None,
    k: int | None = None,
    fillers: Sequence[int] | None = None,
    forms: Sequence[pe.Form] | None = None,
    topics: int | None = None,
    window: int = DEFAULT_WINDOW,
    embedder: Embedder | None = None,
    settings: Settings | None = None,
    judge: bool = True,
    show_progress: bool = True,
    sources: Sequence[str] | None = None,
    split: Literal["tune", "report", "all"] = "report",
) -> EvalResult:
    """Run ``dataset`` ("locomo", "prefeval" or "profile") for ``systems`` (default: all).

    ``limit``: LoCoMo conversations, PrefEval items per topic, or profile dialogs per source.
    The J score runs when ``judge`` and a chat model is configured (``PERSONIFY_LLM_MODEL``
    etc.). ``sources`` and ``split`` select the profile benchmark's data
    (:mod:`personify.eval.profile`).
    """
    settings = settings or load_settings()
    names = list(systems or DEFAULT_SYSTEMS)
    if dataset == "locomo":
        return run_locomo(
            names,
            embedder=embedder,
            limit=limit,
            k=k or 10,
            window=window,
            settings=settings,
            judge=Judge.from_settings(settings) if judge else None,
            show_progress=show_progress,
        )
    if dataset == "prefeval":
        return run_prefeval(
            names,
            embedder=embedder,
            forms=forms or pe.FORMS,
            fillers=fillers or (10, 100, 300),
            topics=topics,
            items=limit,
            k=k or 5,
            window=window,
            settings=settings,
            show_progress=show_progress,
        )
    if dataset == "profile":
        from personify.eval.profile import SOURCES, SYSTEMS, run_profile

        llm = ("personify-llm",) if settings.llm_model else ()  # measured when configured
        return run_profile(
            names if systems else (*SYSTEMS, *llm),
            sources=sources or SOURCES,
            split=split,
            limit=limit,
            embedder=embedder,
            settings=settings,
        )
    raise ValueError(f"unknown dataset {dataset!r}; expected one of {', '.join(DATASETS)}")
