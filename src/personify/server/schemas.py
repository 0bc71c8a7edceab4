"""Request and response bodies of the HTTP API (documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from personify.models import Hit, Memory
from personify.observe.ingest import Turn

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(description="pass as offset for the next page; null at end")


class ObserveRequest(BaseModel):
    turns: list[Turn] = Field(min_length=1, max_length=1000)


class ObserveResponse(BaseModel):
    event_ids: list[str]


class RecallRequest(BaseModel):
    query: str
    k: int = Field(5, ge=1, le=100)
    kinds: list[str] | None = None
    session: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_history: bool = False


class RecallResponse(BaseModel):
    hits: list[Hit]


class FeedbackRequest(BaseModel):
    reward: float | None = Field(None, ge=-1, le=1)
    rating: float | None = Field(None, ge=1, le=5)
    memories: list[str] | None = None
    comment: str | None = Field(None, max_length=2000)


class PersonaRequest(BaseModel):
    task: str | None = None
    budget_tokens: int = Field(400, ge=40, le=8000)


class EditRequest(BaseModel):
    text: str | None = None
    pinned: bool | None = None


class UserInfo(BaseModel):
    user_id: str
    events: int
    memories: int
    created_at: datetime
    last_event_at: datetime | None


class ImportResponse(BaseModel):
    users: list[str]
    events: int
    memories: int


class ErrorBody(BaseModel):
    error: dict[str, Any]


class MemoryPage(Page[Memory]):
    pass


class UserPage(Page[UserInfo]):
    pass
