"""Settings, resolved in one place: arguments > ``PERSONIFY_*`` env vars > config file > defaults.

The config file is TOML, found at ``$PERSONIFY_CONFIG`` or
``<user config dir>/personify/config.toml``.
Keys are the field names below (e.g. ``db_path = "/tmp/p.db"``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from personify.errors import InvalidInputError

ENV_PREFIX = "PERSONIFY_"


VarsRule = Literal["reinforce", "simple", "off"]


class VarsSettings(BaseModel):
    """The preference-vector (VARS) learning rule and its rates (:mod:`personify.adapt.vectors`).

    Defaults tuned with benchmarks/simulate.py on seed 1 (24 users; lowest late corrections
    whose success is no lower than recall without vectors), reported on seeds 0 and 2 (48 users
    each, never tuned on). Per-context vectors carry the gain: corrections per task in sessions
    >= 3 fell 54% below plain dense recall on seed 0 (95% CI 43-63%, bootstrap over users) and
    64% on seed 2 (56-72%); 47% (35-58%) and 59% (48-68%) below the default recall without
    vectors; success 93-94% vs 73-78%. With one vector per user (contexts 0) the same rates gave
    33% and 30%; the VARS reference values (beta_L 0.1, eta_L 1e-3, eta_S 5e-3) leave that
    ranking unchanged within six sessions. Cost: each context adds 2 x dim floats to every
    stored version (48 KiB for 16 MiniLM contexts; 100 versions are kept)."""

    rule: VarsRule = "reinforce"
    beta_long: float = Field(1.0, ge=0)
    beta_short: float = Field(0.3, ge=0)
    tau: float = Field(1.0, gt=0)
    eta_long: float = Field(0.05, ge=0)
    eta_short: float = Field(0.25, ge=0)
    ema: float = Field(0.05, gt=0, le=1, description="rate of the reward baseline r_bar")
    decay: float = Field(0.1, ge=0, le=1, description="lambda: z_short forgetting per update")
    simple_eta: float = Field(0.5, ge=0)
    max_norm: float = Field(1.0, gt=0, description="bound on |z_long| and |z_short|")
    blame_cosine: float = Field(0.4, description="best cosine below which retrieval is blamed")
    gate_retrieval: float = Field(1.0, ge=0)
    gate_answer: float = Field(0.25, ge=0)
    contexts: int = Field(
        16, ge=0, description="query contexts per user, each with its own vector (0: none)"
    )
    context_cosine: float = Field(
        0.6, ge=-1, le=1, description="cosine to a context's centroid for a query to join it"
    )
    beta_context: float = Field(1.0, ge=0)
    eta_context: float = Field(1.0, ge=0)


class RecallWeights(BaseModel):
    """Weights of the recall score (see :mod:`personify.read.recall`). All zero = plain dense
    retrieval."""

    lexical: float = Field(
        0.0, ge=0, description="weight of the max-normalised BM25 score, added as is"
    )
    lexical_gated: float = Field(
        3.0,
        ge=0,
        description="weight of the lexical signal times how far the memory's cosine clears "
        "lexical_floor: shared words count in a memory already on the query's topic, hardly in "
        "an unrelated one (a long reply that also says 'recommend')",
    )
    lexical_floor: float = Field(
        0.2, ge=-1, le=1, description="cosine below which shared words add nothing"
    )
    lexical_signal: Literal["rank", "max"] = Field(
        "rank",
        description="the gated term's lexical signal: rank, k / (k + the memory's BM25 rank from "
        "0), the same scale for every user and query; max, BM25 / the best BM25 of the query",
    )
    lexical_rank_k: float = Field(3.0, gt=0, description="k of the rank signal")
    request_penalty: float = Field(
        0.1,
        ge=0,
        description="taken from a raw turn in proportion to how request-shaped it is (opens as "
        "a request, or its share of questions), whose lexical lift shrinks in the same "
        "proportion: what a user asks for is rarely evidence of what they prefer or did. "
        "0 reads no turn texts",
    )
    other_speaker: float = Field(
        0.5,
        ge=0,
        le=1,
        description="how request-shaped a raw turn the user did not write (the assistant's, a "
        "tool's) counts at least: its words echo the question's terms but state nothing about "
        "the user, so its lexical lift shrinks and the request penalty applies",
    )
    recency: float = Field(0.0, ge=0, description="gamma: weight of exp(-age / half_life)")
    confidence: float = Field(
        0.15,
        ge=0,
        description="delta: weight of the memory's (decayed) confidence; a turn has 1.0, so a "
        "weakly supported or long-unconfirmed distilled memory yields to the evidence itself",
    )
    half_life_days: float = Field(30.0, gt=0)
    candidates: int = Field(50, ge=1, description="candidates taken from each index before rerank")


class Settings(BaseModel):
    # an unknown name is a mistake to report, not to ignore: Personify(path=...) once opened the
    # default database without a word
    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("personify")))
    db_path: Path | None = None
    database_url: str | None = Field(
        None, description="postgresql://... to use PostgreSQL + pgvector instead of SQLite"
    )
    embedder: Literal["onnx", "onnx-int8", "minilm", "openai"] = Field(
        "onnx",
        description="onnx: all-MiniLM-L6-v2 on onnxruntime (graph exported once, cached); "
        "onnx-int8: its int8-quantised copy (faster, close but not equal vectors); minilm: the "
        "same model and vectors on torch; openai: the embeddings endpoint below",
    )
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: str | None = None
    openai_embedding_model: str = "text-embedding-3-small"
    max_text_chars: int = Field(20_000, gt=0)
    learn: bool = Field(True, description="extract the profile from each observed turn")
    extractor: Literal["rules", "grammar", "llm"] = Field(
        "rules",
        description="rules: the default, no LLM; grammar: the cue grammar and choices alone (a "
        "baseline); llm: the chat endpoint below (rules as fallback)",
    )
    tagger: bool = Field(
        True,
        description="with the rules extractor and a MiniLM embedder, also read each user turn "
        "word by word with the packaged tagger (what the grammar's constructions miss)",
    )
    llm_base_url: str = "https://api.openai.com/v1"
    llm_model: str | None = None
    llm_api_key: str | None = None
    ann_threshold: int = Field(
        20_000, ge=1, description="a user's memories above which recall uses the HNSW index"
    )
    vector_cache_mb: int = Field(
        512, ge=1, description="SQLite: in-process vector indexes kept, least recently used out"
    )
    weights: RecallWeights = Field(default_factory=RecallWeights)
    vars: VarsSettings = Field(default_factory=VarsSettings)

    @property
    def database(self) -> Path:
        return self.db_path if self.db_path is not None else self.data_dir / "personify.db"

    @property
    def keys_database(self) -> Path:
        """API keys live beside the store, in their own file."""
        return self.database.with_name(self.database.stem + ".keys.db")


def _config_file() -> Path:
    explicit = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir("personify")) / "config.toml"


_SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "weights": ("WEIGHT_", RecallWeights),
    "vars": ("VARS_", VarsSettings),
}


def _from_env() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        if name in _SECTIONS:
            prefix, model = _SECTIONS[name]
            section = {
                field: os.environ[f"{ENV_PREFIX}{prefix}{field.upper()}"]
                for field in model.model_fields
                if f"{ENV_PREFIX}{prefix}{field.upper()}" in os.environ
            }
            if section:
                values[name] = section
            continue
        raw = os.environ.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = raw
    return values


def load_settings(**overrides: Any) -> Settings:
    """Resolve settings; ``overrides`` (e.g. from CLI flags) win, ``None`` values are ignored."""
    merged: dict[str, Any] = {}
    path = _config_file()
    if path.is_file():
        try:
            merged.update(tomllib.loads(path.read_text()))
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInputError(f"config file {path} is not valid TOML: {exc}") from exc
    for source in (_from_env(), {k: v for k, v in overrides.items() if v is not None}):
        for key, value in source.items():
            if key in _SECTIONS and isinstance(value, dict | BaseModel):
                base = merged.get(key, {})
                base = base.model_dump() if isinstance(base, BaseModel) else dict(base)
                value = value.model_dump() if isinstance(value, BaseModel) else value
                merged[key] = {**base, **value}
            else:
                merged[key] = value
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise InvalidInputError(f"invalid personify settings: {exc}") from exc
