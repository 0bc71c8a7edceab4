"""Preference pairs from real observe/feedback calls, loaded and trained on with TRL."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personify import Personify, PreferencePair
from personify.cli import app
from personify.errors import UnknownUserError

BOARD_GAMES = "You could try:\n- Codenames\n- Catan\n- Ticket to Ride"
BIO = "Alex is a software engineer who loves building distributed systems and hiking."
MY_BIO = "Alex is a data engineer who loves building distributed systems and climbing."
MACBOOK = "The MacBook Pro is a great choice."
DELL = "The Dell XPS 13 Developer Edition ships with Ubuntu."


def converse(user, turns: list[tuple[str, str]], session: str | None = None) -> list:
    return user.observe_many([{"role": r, "text": t, "session": session} for r, t in turns])


def rate(user, prompt: str, answer: str, rating: int) -> None:
    user.observe(prompt)
    user.observe(answer, role="assistant")
    user.recall(prompt)  # feedback credits the last recall
    user.feedback(rating=rating)


def as_tuples(pairs: list[PreferencePair]) -> list[tuple[str, str, str, str]]:
    return [
        (p.source, p.prompt[0].content, p.chosen[0].content, p.rejected[0].content) for p in pairs
    ]


@pytest.fixture
def sam(fake_engine: Personify):
    user = fake_engine.user("sam")
    choice = converse(
        user,
        [
            ("user", "What board game should we play tonight?"),
            ("assistant", BOARD_GAMES),
            ("user", "Let's go with Catan."),
        ],
        "s1",
    )
    edit = converse(
        user,
        [
            ("user", "Write a one-line bio for my conference badge."),
            ("assistant", BIO),
            ("user", MY_BIO),
        ],
        "s2",
    )
    correction = converse(
        user,
        [
            ("user", "Suggest a laptop for my work."),
            ("assistant", MACBOOK),
            ("user", "That's not what I asked - I need something that runs Linux."),
            ("assistant", DELL),
            ("user", "Perfect, thanks!"),
        ],
        "s3",
    )
    rate(user, "What should I cook for dinner tonight?", "Try a mushroom risotto.", 1)
    rate(user, "How do I renew my passport?", "Fill in form DS-82.", 3)
    rate(user, "What should I cook for dinner?", "Chickpea curry with rice.", 5)
    return user, choice, edit, correction


def test_choices_edits_corrections_and_ratings_become_pairs(sam) -> None:
    user, choice, edit, correction = sam
    pairs = user.preference_pairs()
    assert as_tuples(pairs) == [
        ("choice", "What board game should we play tonight?", "Catan", "Codenames"),
        ("choice", "What board game should we play tonight?", "Catan", "Ticket to Ride"),
        ("edit", "Write a one-line bio for my conference badge.", MY_BIO, BIO),
        ("correction", "Suggest a laptop for my work.", DELL, MACBOOK),
        # 5 over 1 on two wordings of the dinner question; the passport answer has no peer
        (
            "rating",
            "What should I cook for dinner?",
            "Chickpea curry with rice.",
            "Try a mushroom risotto.",
        ),
    ]
    assert pairs[0].evidence == [e.id for e in choice]
    assert pairs[2].evidence == [e.id for e in edit]
    assert pairs[3].evidence == [e.id for e in correction]
    feedback = [e for e in user.events() if e.kind == "feedback"]
    assert feedback[0].id in pairs[4].evidence and feedback[2].id in pairs[4].evidence
    assert feedback[1].id not in pairs[4].evidence
    assert all(p.user_id == "sam" for p in pairs)
    assert [p.ts for p in pairs] == sorted(p.ts for p in pairs)


def test_open_push_back_small_rating_gaps_and_forgotten_turns_make_no_pairs(
    fake_engine: Personify,
) -> None:
    user = fake_engine.user("kim")
    converse(
        user,
        [
            ("user", "Suggest a laptop for my work."),
            ("assistant", MACBOOK),
            ("user", "That's wrong, I need Linux."),
            ("assistant", DELL),
            ("user", "Try again, that is not what I asked."),  # pushed back again: still open
        ],
    )
    rate(user, "What should I cook for dinner tonight?", "Try a mushroom risotto.", 3)
    rate(user, "What should I cook for dinner tonight?", "Chickpea curry with rice.", 4)
    assert user.preference_pairs() == []

    edited = converse(
        user, [("user", "Write a bio for my badge."), ("assistant", BIO), ("user", MY_BIO)]
    )
    assert [p.source for p in user.preference_pairs()] == ["edit"]
    episodic = {m.evidence[0]: m.id for m in user.memories(kinds=["episodic"])}
    user.forget(episodic[edited[2].id])  # the user's own version is redacted from the log
    assert user.preference_pairs() == []


def test_unknown_user_has_no_pairs(fake_engine: Personify) -> None:
    with pytest.raises(UnknownUserError):
        fake_engine.user("nobody").preference_pairs()


def test_cli_export_pairs_loads_and_trains_with_trl(
    sam, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exported file is a dataset TRL's DPO trainer accepts as is: one real step."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    user = sam[0]
    out = tmp_path / "pairs.jsonl"
    result = CliRunner().invoke(
        app, ["export", "sam", "--pairs", "-o", str(out), "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines == [p.model_dump(mode="json") for p in user.preference_pairs()]

    import datasets
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast
    from trl import DPOConfig, DPOTrainer
    from trl.data_utils import is_conversational, maybe_extract_prompt

    data = datasets.load_dataset(
        "json", data_files=str(out), split="train", cache_dir=str(tmp_path / "hf")
    )
    assert len(data) == 5
    assert {"prompt", "chosen", "rejected"} <= set(data.column_names)
    for row in data:
        assert is_conversational(row)
        assert maybe_extract_prompt(row) == row  # explicit prompt: nothing to extract

    # a word-level tokenizer and a one-layer model built here: nothing is downloaded
    texts = [
        m["content"] for row in lines for k in ("prompt", "chosen", "rejected") for m in row[k]
    ]
    words = sorted({w for t in texts for w in t.split()})
    vocab = {w: i for i, w in enumerate(["[UNK]", "<eos>", "<user>", "<assistant>", *words])}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="[UNK]", eos_token="<eos>", pad_token="<eos>"
    )
    tokenizer.chat_template = (
        "{% for m in messages %}<{{ m['role'] }}> {{ m['content'] }} <eos> {% endfor %}"
        "{% if add_generation_prompt %}<assistant> {% endif %}"
    )
    config = GPT2Config(
        vocab_size=len(vocab), n_layer=1, n_head=2, n_embd=16, n_positions=128,
        bos_token_id=1, eos_token_id=1, pad_token_id=1,
    )  # fmt: skip
    model = GPT2LMHeadModel(config)
    args = DPOConfig(
        output_dir=str(tmp_path / "dpo"), max_steps=1, per_device_train_batch_size=5,
        report_to=[], save_strategy="no", use_cpu=True,
    )  # fmt: skip
    trainer = DPOTrainer(
        model=model, ref_model=copy.deepcopy(model), args=args, train_dataset=data,
        processing_class=tokenizer,
    )  # fmt: skip
    first = trainer.train_dataset[0]
    assert tokenizer.decode(first["chosen_ids"]).split()[0] == "Catan"
    assert "Codenames" in tokenizer.decode(first["rejected_ids"])
    assert "board game" in tokenizer.decode(first["prompt_ids"])
    result = trainer.train()
    assert result.global_step == 1 and result.training_loss > 0
