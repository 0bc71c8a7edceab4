"""How responsive the server stays while the largest import it accepts runs.

Serves the app with uvicorn and the real default embedder, imports a JSONL body of nearly
the body limit (default 1 MB, the server's default) and times ``/healthz`` every 10 ms until
the import answers. Prints the figures as JSON (RELIABILITY.md quotes them); the test
``tests/server/test_robustness.py::test_healthz_answers_while_a_large_import_runs`` runs the
same measurement with a fast embedder and a 100 KB body in CI.

    .venv/bin/python benchmarks/healthz.py [MAX_BODY_BYTES]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from personify.config import load_settings
from personify.embeddings import embedder_from_settings
from tests.server.test_robustness import healthz_while_importing


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    embedder = embedder_from_settings(load_settings())
    embedder.embed(["warm up"])
    with tempfile.TemporaryDirectory() as tmp:
        figures = healthz_while_importing(Path(tmp) / "bench.db", limit, embedder=embedder)
    figures["embedder"] = embedder.name
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
