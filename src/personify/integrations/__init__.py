"""Adapters that put personify behind other frameworks' memory interfaces.

Each submodule imports its framework, so install the matching extra first
(``pip install 'personify[langgraph]'`` for :mod:`personify.integrations.langgraph`).
"""
