"""The bundled demo: a three-session conversation, observed, then recalled from."""

from __future__ import annotations

import json
from importlib import resources

from personify.ingest import Turn

DEMO_USER = "sam"

DEMO_QUERIES = [
    "What should I cook for dinner tonight?",
    "Book travel for our December weekend away",
    "When could we schedule a workout plan session?",
    "Anything I need to do before travelling abroad next year?",
]


def demo_turns() -> list[Turn]:
    text = resources.files(__package__).joinpath("conversation.jsonl").read_text()
    return [Turn.model_validate(json.loads(line)) for line in text.splitlines() if line.strip()]
