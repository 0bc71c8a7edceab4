"""A process that builds an HNSW graph before it first embeds must survive loading the model.

Regression: importing onnxruntime after usearch's compiled module segfaulted the process, so a
library user who searched a user above ``ann_threshold`` before embedding anything crashed.
"""

from __future__ import annotations

import subprocess
import sys


def test_graph_first_then_onnxruntime_does_not_crash() -> None:
    code = (
        "import numpy as np\n"
        "from personify.store.vector_index import new_graph\n"
        "g = new_graph(8)\n"
        "g.add(np.arange(10), np.random.rand(10, 8).astype('float32'))\n"
        "import onnxruntime\n"
        "print('alive')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "alive" in done.stdout, (done.returncode, done.stderr[-500:])
