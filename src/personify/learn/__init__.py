"""Learn: turning the event log into a profile (extraction, consolidation, style, rewards)."""
