"""The collaboration simulator's mechanics, on the real PrefEval data with the fake embedder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from personify.adapt.vectors import VarsSettings
from personify.config import RecallWeights
from personify.eval.prefeval import PrefEval, load_prefeval
from personify.eval.simulator import (
    HiddenPreference,
    NoMemory,
    Oracle,
    PersonifyAgent,
    RecentContext,
    Script,
    SimConfig,
    Step,
    TaskResult,
    late,
    make_script,
    make_scripts,
    metrics,
    pca_basis,
    per_session,
    simulate,
)
from personify.read.recall import dense_only
from tests.conftest import FakeEmbedder, require_data

SMALL = SimConfig(users=2, sessions=3, tasks=2, hidden=3, k=3, filler=1, seed=7)
DENSE = dense_only(RecallWeights())


@pytest.fixture(scope="module")
def data() -> PrefEval:
    return load_prefeval(require_data("prefeval/filtered_inter_turns.json") / "prefeval")


def dense_agent(tmp_path: Path, name: str = "dense", **kw) -> PersonifyAgent:
    return PersonifyAgent(name, tmp_path / f"{name}.db", FakeEmbedder(), 3, DENSE, **kw)


def run(agent, scripts: Sequence[Script], config: SimConfig) -> list[TaskResult]:
    try:
        return simulate(agent, scripts, config)
    finally:
        agent.close()


def test_scripts_are_seeded_and_per_user(data: PrefEval) -> None:
    a, b = make_scripts(data, SMALL), make_scripts(data, SMALL)
    assert a == b
    assert make_scripts(data, SimConfig(**{**SMALL.__dict__, "seed": 8})) != a
    # a user's script does not depend on how many users are simulated
    assert make_script(data, SimConfig(**{**SMALL.__dict__, "users": 5}), 1) == a[1]
    script = a[0]
    assert len({p.topic for p in script.preferences}) == SMALL.hidden  # distinct topics
    tasks = [s for session in script.sessions for s in session if s.kind == "task"]
    assert len(tasks) == SMALL.sessions * SMALL.tasks
    assert all(t.text in script.preferences[t.pref].questions for t in tasks)
    assert all(session[0].kind == "filler" for session in script.sessions)


def test_same_seed_same_metrics(data: PrefEval, tmp_path: Path) -> None:
    scripts = make_scripts(data, SMALL)
    vars_ = VarsSettings(rule="reinforce", beta_long=1.0, eta_long=0.05, eta_short=0.25)
    first = run(dense_agent(tmp_path / "a", vars=vars_), scripts, SMALL)
    second = run(dense_agent(tmp_path / "b", vars=vars_), scripts, SMALL)
    assert first == second
    assert len(first) == SMALL.users * SMALL.sessions * SMALL.tasks


def test_no_memory_costs_one_correction_per_task(data: PrefEval) -> None:
    results = simulate(NoMemory(), make_scripts(data, SMALL), SMALL)
    assert all(r.corrections == 1 and not r.timed_out and not r.first_try for r in results)
    assert metrics(results).corrections == 1.0


def test_oracle_pays_only_for_first_mentions(data: PrefEval) -> None:
    scripts = make_scripts(data, SMALL)
    results = simulate(Oracle(), scripts, SMALL)
    seen: set[tuple[str, int]] = set()
    for r in results:
        assert r.corrections == (0 if (r.user, r.pref) in seen else 1)
        seen.add((r.user, r.pref))


def test_timeout_when_corrections_exceed_the_limit(data: PrefEval) -> None:
    scripts = make_scripts(data, SMALL)
    config = SimConfig(**{**SMALL.__dict__, "max_corrections": 0})
    results = simulate(NoMemory(), scripts, config)
    assert all(r.timed_out and r.corrections == 0 for r in results)
    assert metrics(results).timeout == 1.0 and metrics(results).success == 0.0

    class Forgetful(NoMemory):
        def holds(self, user_id: str, query: str, evidence: set[str]) -> bool:
            return False

    results = simulate(Forgetful(), scripts, SMALL)
    assert all(r.timed_out and r.corrections == SMALL.max_corrections for r in results)


def test_recent_context_forgets_beyond_its_window(data: PrefEval) -> None:
    item = data.explicit["travel_hotel"][0]
    pref = HiddenPreference("travel_hotel", 0, item.preference, (item.question,))
    task = Step("task", item.question, 0)
    chat = tuple(Step("filler", f"filler turn {i}") for i in range(3))
    script = Script("u", (pref,), ((task,), (task,), (*chat, task)))
    config = SimConfig(users=1, sessions=3, tasks=1, hidden=1, context=3)
    results = simulate(RecentContext(3), [script], config)
    assert [r.corrections for r in results] == [1, 0, 1]  # the filler pushed it out


def test_stated_preference_is_recalled_later_by_dense(data: PrefEval, tmp_path: Path) -> None:
    item = data.explicit["lifestyle_dietary"][3]
    pref = HiddenPreference("lifestyle_dietary", 3, item.preference, (item.question,))
    task = Step("task", item.question, 0)
    chat = Step("filler", data.filler[0].conversation[0].content)
    script = Script("u", (pref,), ((chat, task), (chat, task), (chat, task)))
    config = SimConfig(users=1, sessions=3, tasks=1, hidden=1, filler=1)
    agent = dense_agent(tmp_path)
    results = run(agent, [script], config)
    assert results[0].corrections == 1 and not results[0].first_try  # new: must be stated
    assert all(r.first_try and r.corrections == 0 for r in results[1:])


def test_vectors_learn_and_pca_keeps_them_in_the_subspace(data: PrefEval, tmp_path: Path) -> None:
    scripts = make_scripts(data, SMALL)
    corpus = FakeEmbedder().embed(sorted(set().union(*(s.texts() for s in scripts))))
    basis = pca_basis(corpus, 8)
    np.testing.assert_allclose(basis.T @ basis, np.eye(8), atol=1e-5)
    vars_ = VarsSettings(rule="reinforce", beta_long=1.0, eta_long=0.05, eta_short=0.25)
    agent = dense_agent(tmp_path, vars=vars_, basis=basis)
    try:
        simulate(agent, scripts, SMALL)
        state = agent.engine.user(scripts[0].user_id).vectors()
        assert state is not None and np.linalg.norm(state.z_long) > 0
        inside = basis @ (basis.T @ state.z_long)
        np.testing.assert_allclose(state.z_long, inside, atol=1e-5)
        assert state.contexts is not None  # the context vectors are projected too
        contexts = state.contexts[:, 1].T
        assert np.linalg.norm(contexts) > 0
        np.testing.assert_allclose(contexts, basis @ (basis.T @ contexts), atol=1e-5)
    finally:
        agent.close()


def test_session_and_late_aggregates() -> None:
    results = [
        TaskResult(user="u", session=s, pref=0, corrections=c, timed_out=t, first_try=c == 0)
        for s, c, t in [(0, 2, True), (0, 1, False), (2, 0, False), (3, 1, False)]
    ]
    sessions = per_session(results, 4)
    assert sessions[0].corrections == 1.5 and sessions[0].timeout == 0.5
    assert sessions[1].tasks == 0 and np.isnan(sessions[1].corrections)
    tail = late(results)
    assert tail.tasks == 2 and tail.corrections == 0.5 and tail.first_try == 0.5
