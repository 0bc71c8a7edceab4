"""The HTTP API with httpx against the real app on SQLite (and a fake upstream for the proxy)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from fastapi.testclient import TestClient

from personify import Personify
from personify.server.app import create_app
from personify.server.keys import KeyStore
from tests.fakes import Reply, chat_chunks, chat_reply, fake_openai


@pytest.fixture
def stack(tmp_path: Path, minilm) -> Iterator[tuple[TestClient, KeyStore, Personify]]:
    engine = Personify(tmp_path / "api.db", embedder=minilm)
    keys = KeyStore(tmp_path / "api.keys.db")
    client = TestClient(create_app(engine, keys, max_body_bytes=50_000))
    yield client, keys, engine
    client.close()


def auth(keys: KeyStore, tenant: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys.create(tenant)[1]}"}


def observe(client: TestClient, headers: dict[str, str], user: str, *texts: str) -> None:
    body = {"turns": [{"text": t, "session": "s1"} for t in texts]}
    response = client.post(f"/v1/users/{user}/events", json=body, headers=headers)
    assert response.status_code == 200, response.text


def test_keys_are_required_and_revocable(stack) -> None:
    client, keys, _ = stack
    assert client.get("/v1/users").status_code == 401
    assert client.get("/v1/users", headers={"Authorization": "Bearer nope"}).status_code == 401
    record, key = keys.create("acme")
    assert client.get("/v1/users", headers={"X-API-Key": key}).status_code == 200
    keys.revoke(record.id)
    response = client.get("/v1/users", headers={"X-API-Key": key})
    assert response.status_code == 401
    assert response.json() == {
        "error": {"type": "unauthorized", "message": "missing or invalid API key"}
    }
    assert "hash" not in str(keys.list()) and key not in str(keys.list())


def test_tenants_never_see_each_other(stack) -> None:
    client, keys, engine = stack
    acme, globex = auth(keys, "acme"), auth(keys, "globex")
    observe(client, acme, "alice", "I'm allergic to shellfish.")
    assert client.get("/v1/users/alice/profile", headers=globex).status_code == 404
    recall = client.post("/v1/users/alice/recall", json={"query": "food"}, headers=globex)
    assert recall.status_code == 404
    assert client.get("/v1/users", headers=globex).json()["items"] == []
    mine = client.get("/v1/users", headers=acme).json()["items"]
    assert [u["user_id"] for u in mine] == ["alice"]
    memory_id = client.get("/v1/users/alice/memories", headers=acme).json()["items"][0]["id"]
    observe(client, globex, "alice", "I love shellfish.")  # a different alice
    assert client.delete(f"/v1/users/alice/memories/{memory_id}", headers=globex).status_code == 404
    assert {u.user_id for u in engine.users()} == {"acme::alice", "globex::alice"}


def test_memory_lifecycle(stack) -> None:
    client, keys, _ = stack
    h = auth(keys, "acme")
    observe(client, h, "bo", "I'm vegetarian and I can't stand mushrooms.", "Keep answers short.")
    hits = client.post(
        "/v1/users/bo/recall", json={"query": "dinner ideas", "k": 3}, headers=h
    ).json()["hits"]
    assert hits and hits[0]["memory"]["user_id"] == "bo" and "breakdown" in hits[0]
    profile = client.get("/v1/users/bo/profile", headers=h).json()
    pref = next(i["memory"] for i in profile["preferences"] if "mushrooms" in i["memory"]["text"])
    edited = client.patch(
        f"/v1/users/bo/memories/{pref['id']}",
        json={"text": "I'm fine with mushrooms now."},
        headers=h,
    )
    assert edited.status_code == 200 and edited.json()["text"] == "I'm fine with mushrooms now."
    why = client.get(f"/v1/users/bo/memories/{pref['id']}/explain", headers=h).json()
    assert why["superseded_by"]["id"] == edited.json()["id"]
    pinned = client.patch(
        f"/v1/users/bo/memories/{edited.json()['id']}", json={"pinned": True}, headers=h
    )
    assert pinned.json()["metadata"]["pinned"] is True
    page = client.get("/v1/users/bo/memories?limit=2", headers=h).json()
    assert len(page["items"]) == 2 and page["next_offset"] == 2
    gone = client.delete(f"/v1/users/bo/memories/{edited.json()['id']}", headers=h)
    assert gone.status_code == 204
    persona = client.post(
        "/v1/users/bo/persona", json={"task": "dinner", "budget_tokens": 200}, headers=h
    ).json()
    assert persona["tokens"] <= 200 and "Keep answers short" in persona["text"]
    client.post("/v1/users/bo/recall", json={"query": "dinner"}, headers=h)
    assert (
        client.post("/v1/users/bo/feedback", json={"reward": 1}, headers=h).json()[
            "vectors_version"
        ]
        == 1
    )
    export = client.get("/v1/users/bo/export", headers=h).text
    assert '"user_id": "bo"' in export and "acme::" not in export
    imported = client.post("/v1/users/bo2/import", content=export, headers=h).json()
    assert imported["events"] > 0
    assert client.delete("/v1/users/bo", headers=h).status_code == 204
    assert client.get("/v1/users/bo/profile", headers=h).status_code == 404


def test_bad_requests_get_clear_errors(stack) -> None:
    client, keys, _ = stack
    h = auth(keys, "acme")
    empty = client.post("/v1/users/x/events", json={"turns": [{"text": " "}]}, headers=h)
    assert empty.status_code == 400 and "text is empty" in empty.json()["error"]["message"]
    malformed = client.post("/v1/users/x/events", json={"turns": "nope"}, headers=h)
    assert malformed.status_code == 422 and malformed.json()["error"]["type"] == "invalid_request"
    big = client.post("/v1/users/x/events", json={"turns": [{"text": "x" * 60_000}]}, headers=h)
    assert big.status_code == 413
    assert client.get("/v1/users", headers=h).json()["items"] == []  # nothing was stored
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/v1/users/{user_id}/recall" in schema["paths"]
    assert "/v1/chat/completions" in schema["paths"]


def upstream(path: str, body: dict[str, Any]) -> Reply:
    if body.get("stream"):
        return 200, chat_chunks("Streamed answer, no shellfish.")
    return 200, chat_reply("A shellfish-free paella.")


def test_openai_proxy_with_a_stock_client(tmp_path: Path, minilm) -> None:
    with fake_openai(upstream) as fake:
        engine = Personify(
            tmp_path / "p.db", embedder=minilm, llm_base_url=fake.url, llm_model="upstream-model"
        )
        keys = KeyStore(tmp_path / "p.keys.db")
        _, key = keys.create("acme")
        engine.user("acme::ann").observe("I'm allergic to shellfish.")
        with TestClient(create_app(engine, keys)) as http:
            client = openai.OpenAI(base_url="http://testserver/v1", api_key=key, http_client=http)
            reply = client.chat.completions.create(
                model="upstream-model",
                user="ann",
                messages=[{"role": "user", "content": "Recipe for paella?"}],
            )
            stream = client.chat.completions.create(
                model="upstream-model",
                user="ann",
                stream=True,
                messages=[{"role": "user", "content": "And a dessert?"}],
            )
            streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert reply.choices[0].message.content == "A shellfish-free paella."
    assert streamed == "Streamed answer, no shellfish."
    sent = fake.requests[0]
    assert sent["messages"][0]["role"] == "system"
    assert "Avoids shellfish: allergy" in sent["messages"][0]["content"]
    assert "user" not in sent  # the tenant's user id is not leaked upstream
    turns = [(e.role, e.text) for e in engine.user("acme::ann").events() if e.kind == "turn"]
    assert turns[-2:] == [
        ("user", "And a dessert?"),
        ("assistant", "Streamed answer, no shellfish."),
    ]
