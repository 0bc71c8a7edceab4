"""Read: what the agent gets back - recall, profile, persona, option ranking, actions, pairs."""
