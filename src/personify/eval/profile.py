"""Profile-extraction benchmark: does the learner pick up what people reveal, and only that?

Three sources, one learner interface:
- **MSC** (persona annotations per utterance): each speaker is a user, the other speaker's turns
  are ``role="assistant"``. Per annotated turn: *turn recall* (at least one profile item derived
  from it), *match recall* (an item derived from it whose MiniLM cosine to one of the annotated
  facts is >= 0.6), *precision* (items derived from annotated turns / all items) and items per
  100 user turns.
- **LoCoMo observations** (facts about each speaker with the turn that reveals them): the same
  figures. Observations are third person ("Caroline attended ..."); the speaker's name is
  rewritten to first person before the cosine, so both sources compare like with like.
- **The conversation suite** (``personify/eval/suite/*.json``, written for this benchmark): gold
  expectations on the final profile, forbidden items, style and persona checks.

Data is split by a hash of the episode / conversation id into a ``tune`` part (30 %) and a
``report`` part (70 %); reports use ``report`` unless told otherwise. Baselines in the same run:
``every-turn`` (each user turn is an item: the precision floor), ``personify-rules`` (the default
without its word tagger: what the tagger adds), ``personify-grammar`` (the cue grammar and choice
detector alone, the extractor before this benchmark existed) and, with a chat endpoint
configured, ``personify-llm``.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from personify.config import Settings
from personify.embeddings import CachedEmbedder, Embedder
from personify.eval import locomo as lc
from personify.eval.locomo import default_data_dir
from personify.eval.report import EvalResult, SystemResult, Timing, hardware
from personify.lexical import term_set
from personify.observe.ingest import Turn

MATCH_COSINE = 0.6
TUNE_SHARE = 0.3
SOURCES = ("msc", "locomo", "suite")
SYSTEMS = ("personify", "personify-rules", "personify-grammar", "every-turn")
SEMANTIC = ("preference", "constraint", "fact", "goal")
START = datetime(2026, 1, 5, 9, 0)
SUITE_DIR = Path(__file__).parent / "suite"
Split = Literal["tune", "report", "all"]


def fold(key: str) -> Literal["tune", "report"]:
    """A stable split by hash, never by hand: 30 % of ids tune, the rest report."""
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "tune" if h < TUNE_SHARE else "report"


def in_split(key: str, split: Split) -> bool:
    return split == "all" or fold(key) == split


# -- what every learner returns ----------------------------------------------------------------


class Item(BaseModel):
    """One profile item as the benchmark sees it; ``refs`` are the turns it derives from."""

    kind: str
    text: str
    polarity: float | None = None
    object: str | None = None
    slot: str | None = None
    current: bool = True
    refs: list[str] = Field(default_factory=list)


class Learned(BaseModel):
    items: list[Item]
    style: dict[str, Any] = Field(default_factory=dict)
    personas: list[str] = Field(default_factory=list)


@dataclass
class Dialog:
    """One user's view of a conversation: turns (``metadata.ref`` on the user's own turns),
    the gold facts per annotated turn, and persona tasks to compile at the end."""

    key: str
    turns: list[Turn]
    gold: dict[str, list[str]] = field(default_factory=dict)
    persona_tasks: list[tuple[str, int]] = field(default_factory=list)


class Learner:
    """A system under test: observes a dialog and returns what it learned."""

    name: str

    def learn(self, dialog: Dialog) -> Learned: ...

    def close(self) -> None: ...


class PersonifyLearner(Learner):
    def __init__(self, embedder: Embedder, path: Path, name: str, **overrides: Any) -> None:
        from personify.engine import Personify

        self.name = name
        self.p = Personify(path, embedder=embedder, **overrides)
        self.n = 0

    def learn(self, dialog: Dialog) -> Learned:
        self.n += 1
        user = self.p.user(f"u{self.n}")
        user.observe_many(dialog.turns)
        refs = {e.id: e.metadata.get("ref") for e in user.events()}
        items = [
            Item(
                kind=m.kind.value,
                text=m.text,
                polarity=m.polarity,
                object=m.object,
                slot=m.slot,
                current=m.valid_to is None,
                refs=[refs[e] for e in m.evidence if refs.get(e)],
            )
            for m in user.memories(SEMANTIC, include_history=True)
        ]
        # read as of the last turn, so a replay scores the same on any day
        end = max(t.ts for t in dialog.turns)
        profile = user.profile(now=end)
        style = {p.name: p.value for p in profile.style if p.confidence > 0}
        personas = [
            user.persona(task, budget, now=end).text for task, budget in dialog.persona_tasks
        ]
        return Learned(items=items, style=style, personas=personas)

    def close(self) -> None:
        self.p.close()


class EveryTurn(Learner):
    """Each user turn is an item of any kind; the persona is the latest turns that fit."""

    name = "every-turn"

    def learn(self, dialog: Dialog) -> Learned:
        own = [t for t in dialog.turns if t.role == "user"]
        items = [
            Item(kind="any", text=t.text, refs=[t.metadata["ref"]] if "ref" in t.metadata else [])
            for t in own
        ]
        personas = []
        for _, budget in dialog.persona_tasks:
            lines: list[str] = []
            for t in reversed(own):
                if sum(len(x.split()) for x in [*lines, t.text]) * 1.3 > budget:
                    break
                lines.insert(0, t.text)
            personas.append("\n".join(lines))
        return Learned(items=items, personas=personas)


def open_learner(
    name: str, embedder: Embedder, workdir: Path, settings: Settings | None
) -> Learner:
    path = workdir / f"{name}.db"
    if name == "every-turn":
        return EveryTurn()
    if name == "personify":
        return PersonifyLearner(embedder, path, name)
    if name == "personify-rules":
        return PersonifyLearner(embedder, path, name, tagger=False)
    if name == "personify-grammar":
        return PersonifyLearner(embedder, path, name, extractor="grammar")
    if name == "personify-llm":
        if settings is None or not settings.llm_model:
            raise ValueError("personify-llm needs PERSONIFY_LLM_MODEL (and base URL, key)")
        return PersonifyLearner(
            embedder,
            path,
            name,
            extractor="llm",
            llm_base_url=settings.llm_base_url,
            llm_model=settings.llm_model,
            llm_api_key=settings.llm_api_key,
        )
    raise ValueError(f"unknown system {name!r}; expected one of {', '.join(SYSTEMS)}")


# -- MSC and LoCoMo observations ---------------------------------------------------------------


def msc_dialogs(
    session: int = 2,
    split: Split = "report",
    limit: int | None = None,
    data_dir: Path | None = None,
) -> Iterator[Dialog]:
    """Each episode twice, once per speaker; annotated turns carry their ``persona_text``."""
    path = (data_dir or default_data_dir()) / "msc" / "msc_personasummary"
    path = path / f"session_{session}" / "test.txt"
    episodes = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    episodes = [e for e in episodes if in_split(f"msc-{_episode_id(e)}", split)][:limit]
    for episode in episodes:
        eid = _episode_id(episode)
        for speaker in ("bot_0", "bot_1"):
            turns, gold = [], {}
            for j, t in enumerate(episode["dialog"]):
                mine = t["id"] == speaker
                ref = f"{eid}:{j}"
                turns.append(
                    Turn(
                        text=t["text"].strip() or "...",
                        role="user" if mine else "assistant",
                        session="s",
                        ts=START + timedelta(minutes=j),
                        metadata={"ref": ref} if mine else {},
                    )
                )
                if mine and t.get("persona_text"):
                    gold[ref] = _sentences(t["persona_text"])
            yield Dialog(key=f"msc-{eid}-{speaker}", turns=turns, gold=gold)


def _episode_id(episode: dict[str, Any]) -> str:
    return str(episode.get("initial_data_id") or episode["dialog"][0].get("convai2_id"))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def first_person(observation: str, name: str) -> str:
    """ "Caroline's sister is ..." -> "my sister is ..."; "Caroline is planning" -> "I am
    planning": LoCoMo's third-person facts made comparable with first-person statements."""
    n = re.escape(name)
    text = re.sub(rf"\b{n}'s\b", "my", observation)
    text = re.sub(rf"\b{n}\s+is\b", "I am", text)
    text = re.sub(rf"\b{n}\s+has\b", "I have", text)
    text = re.sub(rf"\b{n}\s+does\b", "I do", text)
    text = re.sub(rf"^\s*{n}\b", "I", text)
    return re.sub(rf"\b{n}\b", "me", text)


def locomo_dialogs(
    split: Split = "report", limit: int | None = None, data_dir: Path | None = None
) -> Iterator[Dialog]:
    """Each conversation once per speaker; a turn is gold when an observation cites it."""
    path = (data_dir or default_data_dir()) / "locomo" / "locomo_public.json"
    raw = {c["sample_id"]: c for c in json.loads(path.read_text())}
    data = lc.load_locomo(path)
    convs = [c for c in data.conversations if in_split(f"locomo-{c.sample_id}", split)][:limit]
    for conv in convs:
        observations = raw[conv.sample_id].get("observation", {})
        speakers = sorted({t.speaker for s in conv.sessions for t in s.turns})
        for speaker in speakers:
            gold: dict[str, list[str]] = {}
            for facts in observations.values():
                for fact, ids in facts.get(speaker, []):
                    for dia_id in re.findall(
                        r"D\d+:\d+", ids if isinstance(ids, str) else " ".join(ids)
                    ):
                        gold.setdefault(dia_id, []).append(first_person(fact, speaker))
            turns = [
                Turn(
                    text=t.content,
                    role="user" if t.speaker == speaker else "assistant",
                    session=f"session_{s.index}",
                    ts=s.date + timedelta(seconds=j),
                    metadata={"ref": t.dia_id} if t.speaker == speaker else {},
                )
                for s in conv.sessions
                for j, t in enumerate(s.turns)
            ]
            yield Dialog(key=f"locomo-{conv.sample_id}-{speaker}", turns=turns, gold=gold)


def score_annotated(
    dialogs: Sequence[Dialog], learned: Sequence[Learned], embedder: Embedder
) -> dict[str, float]:
    """Turn recall, match recall, precision and items per 100 user turns over all dialogs."""
    annotated = revealed = matched = items = from_annotated = user_turns = 0
    for dialog, out in zip(dialogs, learned, strict=True):
        user_turns += sum(1 for t in dialog.turns if t.role == "user")
        by_ref: dict[str, list[Item]] = {}
        for item in out.items:
            items += 1
            if item.refs and item.refs[0] in dialog.gold:
                from_annotated += 1
            if item.refs:
                by_ref.setdefault(item.refs[0], []).append(item)
        for ref, facts in dialog.gold.items():
            annotated += 1
            derived = by_ref.get(ref, [])
            if not derived:
                continue
            revealed += 1
            a = embedder.embed(facts)
            b = embedder.embed([i.text for i in derived])
            if float(np.max(a @ b.T)) >= MATCH_COSINE:
                matched += 1
    return {
        "turn recall": revealed / annotated if annotated else 0.0,
        "match recall": matched / annotated if annotated else 0.0,
        "precision": from_annotated / items if items else 0.0,
        "items/100 turns": 100.0 * items / user_turns if user_turns else 0.0,
        "n": float(annotated),
    }


# -- the conversation suite ---------------------------------------------------------------------


class Check(BaseModel):
    kind: str | list[str] | None = None
    polarity: float | None = None
    slot: str | None = None
    object: str


class StyleCheck(BaseModel):
    name: str
    sign: float | None = None
    value: str | None = None


class PersonaCheck(BaseModel):
    task: str
    budget: int = 200
    must: list[str | list[str]] = Field(default_factory=list)
    must_not: list[str] = Field(default_factory=list)


class SuiteSession(BaseModel):
    date: datetime
    turns: list[tuple[str, str]]


class Conversation(BaseModel):
    id: str
    theme: str = ""
    split: Literal["tune", "report"] | None = Field(
        None, description="a fixed fold (the tuning file); else the id's hash decides"
    )
    sessions: list[SuiteSession]
    expect: list[Check] = Field(default_factory=list)
    forbid: list[Check] = Field(default_factory=list)
    style: list[StyleCheck] = Field(default_factory=list)
    persona: list[PersonaCheck] = Field(default_factory=list)

    def dialog(self) -> Dialog:
        turns = [
            Turn(
                text=text,
                role=role,
                session=f"{self.id}-{i}",
                ts=s.date + timedelta(minutes=j),
                metadata={"ref": f"{i}:{j}"} if role == "user" else {},
            )
            for i, s in enumerate(self.sessions)
            for j, (role, text) in enumerate(s.turns)
        ]
        tasks = [(p.task, p.budget) for p in self.persona]
        return Dialog(key=self.id, turns=turns, persona_tasks=tasks)


def load_suite(split: Split = "report", path: Path | None = None) -> list[Conversation]:
    files = sorted((path or SUITE_DIR).glob("*.json"))
    convs = [Conversation.model_validate(c) for f in files for c in json.loads(f.read_text())]
    return [c for c in convs if split == "all" or (c.split or fold(f"suite-{c.id}")) == split]


_DIET_KINDS = frozenset({"fact", "constraint"})


def _kind_ok(check: Check, item: Item) -> bool:
    if check.kind is None or item.kind == "any":
        return True
    kinds = [check.kind] if isinstance(check.kind, str) else check.kind
    if check.slot == "diet" and set(kinds) & _DIET_KINDS:
        return item.kind in _DIET_KINDS  # a diet is a constraint (issue 10) and a fact's slot
    return item.kind in kinds


def matches(check: Check, item: Item, forbid: bool = False) -> bool:
    """``check`` holds for ``item``: kind, polarity sign, slot and every content stem of the
    object (a forbid check reads the item's object when it has one, else its text)."""
    if not item.current or not _kind_ok(check, item):
        return False
    if (
        check.polarity is not None
        and item.kind != "any"
        and (item.polarity is None or item.polarity * check.polarity <= 0)
    ):
        return False
    if check.slot is not None and item.kind != "any" and item.slot != check.slot:
        return False
    want = term_set(check.object)
    if not want:
        return False
    have = (
        term_set(item.object)
        if forbid and item.object
        else term_set(f"{item.object or ''} {item.text}")
    )
    return want <= have


def _style_ok(check: StyleCheck, style: dict[str, Any]) -> bool:
    value = style.get(check.name)
    if value is None:
        return False
    if check.value is not None:
        return str(value).lower() == check.value.lower()
    return isinstance(value, int | float) and check.sign is not None and value * check.sign > 0


def score_suite(convs: Sequence[Conversation], learned: Sequence[Learned]) -> dict[str, float]:
    """Expectations met (profile and style), forbidden items present, persona checks passed."""
    expected = met = forbidden = present = persona = passed = 0
    for conv, out in zip(convs, learned, strict=True):
        for check in conv.expect:
            expected += 1
            met += any(matches(check, i) for i in out.items)
        for check in conv.style:
            expected += 1
            met += _style_ok(check, out.style)
        for check in conv.forbid:
            forbidden += 1
            present += any(matches(check, i, forbid=True) for i in out.items)
        for pc, text in zip(conv.persona, out.personas, strict=True):
            low = text.lower()
            for must in pc.must:
                persona += 1
                options = [must] if isinstance(must, str) else must
                passed += any(o.lower() in low for o in options)
            for bad in pc.must_not:
                persona += 1
                passed += bad.lower() not in low
    return {
        "expectations met": met / expected if expected else 0.0,
        "forbidden present": present / forbidden if forbidden else 0.0,
        "persona checks": passed / persona if persona else 0.0,
        "n": float(len(convs)),
    }


def suite_failures(convs: Sequence[Conversation], learned: Sequence[Learned]) -> list[str]:
    """One line per failed check: what the tuning loop reads."""
    out = []
    for conv, got in zip(convs, learned, strict=True):
        for check in conv.expect:
            if not any(matches(check, i) for i in got.items):
                out.append(f"{conv.id}: missing {check.model_dump(exclude_none=True)}")
        for check in conv.style:
            if not _style_ok(check, got.style):
                out.append(
                    f"{conv.id}: style {check.model_dump(exclude_none=True)} got "
                    f"{got.style.get(check.name)}"
                )
        for check in conv.forbid:
            bad = [i.text for i in got.items if matches(check, i, forbid=True)]
            if bad:
                out.append(f"{conv.id}: forbidden {check.model_dump(exclude_none=True)} in {bad}")
        for pc, text in zip(conv.persona, got.personas, strict=True):
            low = text.lower()
            for must in pc.must:
                options = [must] if isinstance(must, str) else must
                if not any(o.lower() in low for o in options):
                    out.append(f"{conv.id}: persona lacks {must} for {pc.task!r}")
            for bad_word in pc.must_not:
                if bad_word.lower() in low:
                    out.append(f"{conv.id}: persona has {bad_word!r} for {pc.task!r}")
    return out


# -- the run ------------------------------------------------------------------------------------


def run_profile(
    systems: Sequence[str] = SYSTEMS,
    *,
    sources: Sequence[str] = SOURCES,
    split: Split = "report",
    limit: int | None = None,
    embedder: Embedder | None = None,
    settings: Settings | None = None,
    msc_session: int = 2,
    progress: Callable[[str], None] | None = None,
) -> EvalResult:
    """Every system on every source, in one process with one embedder."""
    start = time.perf_counter()
    if embedder is None:
        from personify.embeddings.minilm import MiniLMEmbedder

        embedder = MiniLMEmbedder()
    emb = CachedEmbedder(embedder, max_items=200_000)
    work: dict[str, list[Dialog]] = {}
    convs: list[Conversation] = []
    if "msc" in sources:
        work["msc"] = list(msc_dialogs(msc_session, split, limit))
    if "locomo" in sources:
        work["locomo"] = list(locomo_dialogs(split, limit))
    if "suite" in sources:
        convs = load_suite(split)[:limit]
        work["suite"] = [c.dialog() for c in convs]
    texts = list(
        dict.fromkeys(t.text for dialogs in work.values() for d in dialogs for t in d.turns)
    )
    for at in range(0, len(texts), 256):  # warm the shared cache: timings are learning alone
        emb.embed(texts[at : at + 256])
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in systems:
            res = SystemResult(name=name)
            learner = open_learner(name, emb, Path(tmp) / name, settings)
            (Path(tmp) / name).mkdir(exist_ok=True)
            turns = 0
            t0 = time.perf_counter()
            outputs: dict[str, list[Learned]] = {}
            for source, dialogs in work.items():
                if progress:
                    progress(f"{name}: {source} ({len(dialogs)} dialogs)")
                outputs[source] = [learner.learn(d) for d in dialogs]
                turns += sum(len(d.turns) for d in dialogs)
            elapsed = time.perf_counter() - t0
            learner.close()
            for source, dialogs in work.items():
                if source == "suite":
                    res.metrics[source] = score_suite(convs, outputs[source])
                else:
                    res.metrics[source] = score_annotated(dialogs, outputs[source], emb)
            res.timing = Timing(ingest_s=elapsed, turns=turns)
            if "suite" in outputs and name != "every-turn":  # the floor fails by design
                res.notes = suite_failures(convs, outputs["suite"])
            results.append(res)
    result = EvalResult(
        dataset="profile",
        primary="match recall",
        run_s=time.perf_counter() - start,
        hardware=hardware(),
        systems=results,
    )
    result.config = {
        "sources": list(sources),
        "split": split,
        "limit": limit,
        "msc_session": msc_session,
        "match_cosine": MATCH_COSINE,
        "dialogs": {s: len(d) for s, d in work.items()},
        "embedder": emb.name,
    }
    result.notes = [
        "MSC / LoCoMo: each speaker is a user, the other speaker's turns are role=assistant",
        "turn recall: annotated turns with >= 1 item derived from them; match recall: ... with an "
        f"item whose MiniLM cosine to an annotated fact is >= {MATCH_COSINE}; precision: items "
        "whose source turn is annotated / all items (superseded items included)",
        "LoCoMo observations are rewritten to first person (the speaker's name -> I / my / me)",
        "the cost row times each system's whole pass (ingest, learning, profile and persona "
        "reads) over all sources, with every turn embedded into a shared cache first (what a "
        "system embeds for its own items is timed); 'every-turn' does no work. The cache holds "
        "vectors, not word states, so personify's row includes a whole second pass of the "
        "model for its word tagger (in observe the states come from the pass that embeds the "
        "turn: benchmarks/ingest_recall.py measures that)",
        "suite: expectations met (profile and style checks), forbidden items present among "
        "the current profile, persona checks passed (must / must-not strings)",
        f"split '{split}': ids hashed, {int(TUNE_SHARE * 100)} % tune, the rest report",
    ]
    return result
