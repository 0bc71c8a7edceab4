"""HTTP server: REST API, OpenAI-compatible proxy, dashboard (needs the `server` extra)."""
