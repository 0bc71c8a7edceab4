"""The bundled demo: a four-session conversation that shows what personify learns.

It carries what a newcomer should see happen: constraints (a diet, a partner's allergy), a
standing style request, a choice among offered options, a goal, and two statements that
supersede older ones (a move, a diet change), so the profile has a history.
"""

from __future__ import annotations

import json
from importlib import resources

from personify.observe.ingest import Turn

DEMO_USER = "sam"
DEMO_TENANT = "demo"
DEMO_TASK = "Suggest a quick dinner for tonight"
DEMO_QUERY = "What should I cook for dinner tonight?"


def demo_turns() -> list[Turn]:
    text = resources.files(__package__).joinpath("conversation.jsonl").read_text()
    return [Turn.model_validate(json.loads(line)) for line in text.splitlines() if line.strip()]
