"""PrefEval loader, preference conversations as personify turns, and LLM-free metrics.

PrefEval (amazon-science/PrefEval, CC BY-NC 4.0, evaluation only) states one preference per item
in three forms - explicit, implicit by choice, implicit inside a persona chat - and asks a
question whose good answer must respect it. Scoring whether recall surfaces the memories that
carry the preference, and whether the profile picks the respecting one of four answers, needs no
LLM judge. The data is read from the shared data dir, never copied into the repo.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal, TypeVar

import numpy as np
from pydantic import BaseModel, Field

from personify.embeddings import Embedder
from personify.eval.locomo import default_data_dir
from personify.models import Hit, MemoryKind
from personify.observe.ingest import Turn
from personify.read.agreement import read_options, scores_by_index

Form = Literal["explicit", "choice-based", "persona-driven"]
FORMS: tuple[Form, ...] = ("explicit", "choice-based", "persona-driven")
FORM_DIRS: dict[Form, str] = {
    "explicit": "explicit_preference",
    "choice-based": "implicit_preference/choice-based",
    "persona-driven": "implicit_preference/persona-driven",
}
TOPICS: tuple[str, ...] = (
    "education_learning_styles",
    "entertain_games",
    "entertain_music_book",
    "entertain_sports",
    "lifestyle_beauty",
    "lifestyle_dietary",
    "lifestyle_health",
    "pet_ownership",
    "professional_work_location_style",
    "shop_fashion",
    "shop_home",
    "shop_motors",
    "travel_activities",
    "travel_hotel",
    "travel_restaurant",
)
PREF_SESSION = "pref"
TIE_TOLERANCE = 1e-9


class ExplicitItem(BaseModel):
    preference: str
    question: str
    explanation: str = ""


class ChoiceConversation(BaseModel):
    query: str
    assistant_options: str
    user_selection: str
    assistant_acknowledgment: str


class ChoiceItem(ExplicitItem):
    implicit_query: str
    options: list[str]
    aligned_op: str
    conversation: ChoiceConversation


class PersonaTurn(BaseModel):
    user: str
    assistant: str


class PersonaItem(ExplicitItem):
    persona: str
    conversation: dict[str, PersonaTurn]
    fix: str | None = None

    @property
    def turns(self) -> list[PersonaTurn]:
        """The exchanges in numeric order (keys are "0", "1", ...; never sort them as text)."""
        return [self.conversation[k] for k in sorted(self.conversation, key=int)]


class MCQItem(ExplicitItem):
    """``classification_task_options[0]`` respects the preference; shuffle before ranking."""

    violation_probability: float | None = None
    classification_task_options: list[str] = Field(min_length=2)


class FillerTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class FillerChat(BaseModel):
    conversation_id: str = ""
    conversation: list[FillerTurn]


Item = ExplicitItem | ChoiceItem | PersonaItem
M = TypeVar("M", bound=BaseModel)


class PrefEval(BaseModel):
    """Per topic, item ``i`` is the same preference in every form and in ``mcq``."""

    explicit: dict[str, list[ExplicitItem]]
    choice: dict[str, list[ChoiceItem]]
    persona: dict[str, list[PersonaItem]]
    mcq: dict[str, list[MCQItem]]
    filler: list[FillerChat]

    @property
    def topics(self) -> list[str]:
        return list(self.mcq)

    def items(self, form: Form, topic: str) -> Sequence[Item]:
        by_form: dict[Form, Mapping[str, Sequence[Item]]] = {
            "explicit": self.explicit,
            "choice-based": self.choice,
            "persona-driven": self.persona,
        }
        return by_form[form][topic]


def _load_list(path: Path, model: type[M]) -> list[M]:
    if not path.is_file():
        raise FileNotFoundError(f"PrefEval file not found: {path}; set PERSONIFY_EVAL_DATA_DIR")
    return [model.model_validate(x) for x in json.loads(path.read_text(encoding="utf-8"))]


def load_prefeval(path: str | Path | None = None, topics: Iterable[str] | None = None) -> PrefEval:
    """Load the public split from a data dir (holding ``prefeval/``) or the prefeval dir itself."""
    root = Path(path) if path is not None else default_data_dir()
    if (root / "prefeval").is_dir():
        root = root / "prefeval"
    chosen = list(topics) if topics is not None else list(TOPICS)
    data = PrefEval(
        explicit={
            t: _load_list(root / FORM_DIRS["explicit"] / f"{t}.json", ExplicitItem) for t in chosen
        },
        choice={
            t: _load_list(root / FORM_DIRS["choice-based"] / f"{t}.json", ChoiceItem)
            for t in chosen
        },
        persona={
            t: _load_list(root / FORM_DIRS["persona-driven"] / f"{t}.json", PersonaItem)
            for t in chosen
        },
        mcq={t: _load_list(root / "mcq_options" / f"{t}.json", MCQItem) for t in chosen},
        filler=_load_list(root / "filtered_inter_turns.json", FillerChat),
    )
    for t in chosen:
        sizes = {len(data.explicit[t]), len(data.choice[t]), len(data.persona[t]), len(data.mcq[t])}
        if len(sizes) != 1:
            raise ValueError(f"topic {t}: forms hold different numbers of items {sizes}")
    return data


# -- turns -----------------------------------------------------------------------------------


class PrefConversation(BaseModel):
    """The turns that state or reveal the preference; ``revealing`` indexes into ``turns``."""

    turns: list[Turn]
    revealing: list[int]


def _turn(text: str, role: str, session: str = PREF_SESSION) -> Turn:
    return Turn(text=text, role=role, session=session)


def persona_revealing_turn(item: PersonaItem, embedder: Embedder) -> int:
    """Index (among the exchanges) of the user turn closest in cosine to the gold preference.

    PrefEval does not annotate which user turn mentions the preference "in passing"; the turn
    whose embedding is nearest the gold ``preference`` text is taken as the revealing one. That
    is a proxy label, so scores on persona-driven inherit its noise (it favours dense retrieval
    a little, being defined by the same kind of similarity).
    """
    vectors = embedder.embed([item.preference, *(t.user for t in item.turns)])
    return int(np.argmax(vectors[1:] @ vectors[0]))


def preference_conversation(
    form: Form, item: Item, embedder: Embedder | None = None
) -> PrefConversation:
    """The item's preference conversation (session ``"pref"``) and the turns that reveal it.

    explicit: one user turn with the preference. choice-based: query, options, selection,
    acknowledgment; only the options and the selection reveal it (the query alone does not).
    persona-driven: the exchanges in order; the revealing user turn is chosen with
    :func:`persona_revealing_turn`, hence ``embedder``.
    """
    if form == "explicit":
        return PrefConversation(turns=[_turn(item.preference, "user")], revealing=[0])
    if form == "choice-based":
        if not isinstance(item, ChoiceItem):
            raise TypeError(f"choice-based needs a ChoiceItem, got {type(item).__name__}")
        c = item.conversation
        turns = [
            _turn(c.query, "user"),
            _turn(c.assistant_options, "assistant"),
            _turn(c.user_selection, "user"),
            _turn(c.assistant_acknowledgment, "assistant"),
        ]
        return PrefConversation(turns=turns, revealing=[1, 2])
    if form == "persona-driven":
        if not isinstance(item, PersonaItem):
            raise TypeError(f"persona-driven needs a PersonaItem, got {type(item).__name__}")
        if embedder is None:
            raise ValueError("persona-driven needs an embedder to pick the revealing turn")
        turns = [
            t
            for ex in item.turns
            for t in (_turn(ex.user, "user"), _turn(ex.assistant, "assistant"))
        ]
        return PrefConversation(turns=turns, revealing=[2 * persona_revealing_turn(item, embedder)])
    raise ValueError(f"unknown form {form!r}; expected one of {FORMS}")


def filler_stream(chats: Sequence[FillerChat], seed: str | int) -> Iterator[Turn]:
    """Endless filler: chats in a seeded shuffled order, reshuffled each round, whole chats.

    Each chat is its own session ``filler-<index in the file>`` (``.<round>`` after the first
    pass), so filler never shares a session with the preference conversation.
    """
    rng = random.Random(f"prefeval-filler:{seed}")
    for rnd in range(1_000_000):
        order = list(range(len(chats)))
        rng.shuffle(order)
        for i in order:
            session = f"filler-{i}" if rnd == 0 else f"filler-{i}.{rnd}"
            for t in chats[i].conversation:
                if t.content.strip():
                    yield _turn(t.content, t.role, session)


def filler_turns(chats: Sequence[FillerChat], n_user_turns: int, seed: str | int) -> list[Turn]:
    """Exactly ``n_user_turns`` filler user turns plus the assistant replies that follow them.

    Same seed, same turns; a shorter filler is a prefix of a longer one with the same seed, so
    filler lengths differ only in how much is added.
    """
    if n_user_turns <= 0:
        return []
    out: list[Turn] = []
    users = 0
    for turn in filler_stream(chats, seed):
        if turn.role == "user":
            if users == n_user_turns:
                break
            users += 1
        out.append(turn)
    return out


# -- metrics ---------------------------------------------------------------------------------

HitPredicate = Callable[[Hit], bool]


def carries(events: Iterable[str], extracted_only: bool = False) -> HitPredicate:
    """A hit carries the preference when its evidence includes a revealing event.

    ``extracted_only``: count only profile memories (preference/constraint/fact/goal), not the
    raw episodic turn.
    """
    wanted = frozenset(events)

    def predicate(hit: Hit) -> bool:
        if extracted_only and hit.memory.kind == MemoryKind.EPISODIC:
            return False
        ids = {*hit.memory.evidence, *(e.id for e in hit.evidence)}
        return not wanted.isdisjoint(ids)

    return predicate


def hit_at_k(hits: Sequence[Hit], predicate: HitPredicate, k: int) -> float:
    """1.0 when any of the first ``k`` hits satisfies ``predicate``."""
    return float(any(predicate(h) for h in hits[:k]))


def rank_hit_at_k(ranked: Sequence[int], relevant: Iterable[int], k: int) -> float:
    """hit@k over ranked turn indices (for baselines that rank turns, e.g. BM25)."""
    return float(not set(relevant).isdisjoint(ranked[:k]))


def mcq_correct(scores: Sequence[float], correct: int, tol: float = TIE_TOLERANCE) -> float:
    """1 if ``correct`` alone scores best, 1/m if it ties with m-1 others, else 0.

    A tie is scored by its expected value under a random tie-break: a system with no opinion
    (all scores equal) gets exactly chance, not the luck of the option order.
    """
    values = np.asarray(scores, dtype=float)
    best = values.max()
    tied = np.flatnonzero(values >= best - tol)
    return 1.0 / len(tied) if correct in tied else 0.0


MCQ_SHARED = "mcq"
"""MCQ accuracy with the shared reader: the same answer-selection step for every system."""
MCQ_OWN = "mcq (own reader)"
"""MCQ accuracy with each system's own answer-selection step."""


def shared_reader_scores(
    question: str, texts: Sequence[str], options: Sequence[str], embedder: Embedder
) -> list[float]:
    """Option scores (in option order) from the shared reader over one system's retrieved texts."""
    fits = read_options(question, texts, options, embedder)
    return scores_by_index(fits, len(options))


def cosine_scores(option_vectors: np.ndarray, reference: np.ndarray | None) -> list[float]:
    """Option scores by cosine to one reference vector (unit vectors); zeros when none."""
    if reference is None:
        return [0.0] * len(option_vectors)
    return [float(x) for x in option_vectors @ reference]


class ItemResult(BaseModel):
    form: Form
    filler: int
    topic: str
    index: int
    metrics: dict[str, float]
    notes: dict[str, str] = Field(default_factory=dict, description="e.g. what ranked first")


def aggregate(results: Iterable[ItemResult]) -> dict[str, dict[str, dict[str, float]]]:
    """Mean of each metric per form and filler length: ``out[form][str(filler)][metric]``.

    Each cell also holds ``n``, the number of items averaged.
    """
    groups: dict[tuple[str, int], list[dict[str, float]]] = defaultdict(list)
    for r in results:
        groups[(r.form, r.filler)].append(r.metrics)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for (form, filler), rows in sorted(groups.items()):
        names = sorted({m for row in rows for m in row})
        cell = {m: float(np.mean([row[m] for row in rows if m in row])) for m in names}
        out.setdefault(form, {})[str(filler)] = {**cell, "n": float(len(rows))}
    return out
