"""Offline evaluation helpers: dataset loaders and LLM-free retrieval metrics."""
