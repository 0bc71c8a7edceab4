"""Observe: what enters personify - turns checked at the edge, imports and exports."""
