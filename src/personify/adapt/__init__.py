"""Adapt: preference vectors (VARS) and the feedback loop that trains them."""
