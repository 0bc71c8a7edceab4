"""The HTTP server: REST API, OpenAI-compatible proxy and the dashboard, as a thin shell.

Every request is authenticated by an API key that belongs to one tenant; user ids in URLs are
namespaced per tenant (stored as ``<tenant>::<user>``), so one tenant can neither read nor even
detect another tenant's users: an unknown user and another tenant's user both answer 404.
"""

import gc
import json
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from personify.adapt.feedback import FeedbackResult
from personify.config import load_settings
from personify.embeddings import embedder_from_settings
from personify.embeddings.batching import BatchingEmbedder
from personify.engine import Personify
from personify.errors import (
    ConflictError,
    InvalidInputError,
    PersonifyError,
    UnknownMemoryError,
    UnknownUserError,
)
from personify.models import Memory
from personify.observe import validate
from personify.observe.validate import check_user_id
from personify.read.persona import Persona
from personify.read.profile import Explanation, Profile
from personify.server import schemas
from personify.server.keys import KeyStore
from personify.server.limits import BodySizeLimit
from personify.tenants import SEPARATOR, scoped, unscoped
from personify.user import User


def _error(status: int, kind: str, message: str) -> JSONResponse:
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")  # always sendable
    return JSONResponse(status_code=status, content={"error": {"type": kind, "message": message}})


def warm(engine: Personify) -> None:
    """Before serving: load the embedding model, then take everything alive now out of the
    garbage collector's scans (``gc.freeze``). With the model in memory, a full collection
    during a large import paused every request, ``/healthz`` included, for up to 0.6 s."""
    engine.embedder.embed(["warm up"])
    gc.collect()
    gc.freeze()


# Micro-batching of embeddings across concurrent requests (BatchingEmbedder): the most texts in
# one call to the model, and how long the first waits for others when the model is idle.
BATCH_MAX_TEXTS = 64
BATCH_WAIT_S = 0.002


def app_from_settings(
    max_batch: int = BATCH_MAX_TEXTS, max_wait_s: float = BATCH_WAIT_S
) -> FastAPI:
    """The app as ``personify serve`` runs it: settings from ``PERSONIFY_*`` variables and the
    config file, concurrent requests' embeddings batched, the model warm.

    uvicorn's app factory, so with ``--workers N`` each worker process builds its own engine;
    what an engine keeps per process (``SessionState``) is in DEPLOY.md."""
    settings = load_settings()
    embedder = BatchingEmbedder(embedder_from_settings(settings), max_batch, max_wait_s)
    engine = Personify(settings=settings, embedder=embedder)
    app = create_app(engine, KeyStore(settings.keys_database))
    warm(engine)  # the model loads now, not on the first request
    return app


def run(workers: int = 1, **options: Any) -> None:
    """Serve ``app_from_settings`` under uvicorn in ``workers`` processes (``options``: uvicorn's).

    Several workers share one listening socket that uvicorn binds with ``proto`` 0, so asyncio
    leaves Nagle's algorithm on for every connection and each keep-alive response after the
    first waits ~40 ms for the client's delayed ACK (uvicorn#3149; measured here: /healthz took
    44 ms with 2 workers against 5 ms with 1). The socket is handed on marked as TCP instead."""
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    target = f"{__name__}:{app_from_settings.__name__}"
    if workers == 1:
        uvicorn.run(target, factory=True, **options)
        return
    config = uvicorn.Config(target, factory=True, workers=workers, **options)
    bound = config.bind_socket()
    sock = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
    sock.set_inheritable(True)
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def create_app(engine: Personify, keys: KeyStore, max_body_bytes: int = 1_000_000) -> FastAPI:
    app = FastAPI(
        title="personify",
        version="0.1.0",
        description="A persistent, inspectable model of each user for LLM agents.",
        docs_url=None,  # FastAPI's own pages load their scripts from a CDN: see _add_docs
        redoc_url=None,
    )
    app.state.engine = engine  # what a factory-built app serves, for whoever holds the app
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    static = resources.files("personify.server").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _add_docs(app)

    @app.exception_handler(UnknownUserError)
    @app.exception_handler(UnknownMemoryError)
    async def not_found(request: Request, exc: PersonifyError) -> JSONResponse:
        message = str(exc).replace(f"{getattr(request.state, 'tenant', '')}{SEPARATOR}", "")
        return _error(404, "not_found", message)

    @app.exception_handler(InvalidInputError)
    async def invalid(request: Request, exc: InvalidInputError) -> JSONResponse:
        message = str(exc).replace(f"{getattr(request.state, 'tenant', '')}{SEPARATOR}", "")
        return _error(400, "invalid_input", message)

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> JSONResponse:
        return _error(409, "conflict", str(exc))

    @app.exception_handler(PersonifyError)
    async def failed(request: Request, exc: PersonifyError) -> JSONResponse:
        return _error(502, "upstream_error", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        response = _error(exc.status_code, kind, str(exc.detail))  # one error shape everywhere
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def unparsable(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg')}")

    def tenant(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> str:
        key = x_api_key
        if authorization and authorization.lower().startswith("bearer "):
            key = authorization[7:].strip()
        found = keys.tenant_for(key) if key else None
        if found is None:
            raise _Unauthorized()
        request.state.tenant = found
        return found

    @app.exception_handler(_Unauthorized)
    async def unauthorized(request: Request, exc: _Unauthorized) -> JSONResponse:
        response = _error(401, "unauthorized", "missing or invalid API key")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    Tenant = Annotated[str, Depends(tenant)]

    def user(tenant: Tenant, user_id: str) -> User:
        return engine.user(scoped(tenant, check_user_id(user_id)))

    def existing(tenant: Tenant, user_id: str) -> User:
        handle = user(tenant, user_id)
        if not handle.exists:
            raise UnknownUserError(user_id)
        return handle

    UserDep = Annotated[User, Depends(user)]
    Existing = Annotated[User, Depends(existing)]

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:  # on the event loop: no wait for a worker thread
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"])
    def readyz() -> JSONResponse:
        try:
            engine.store.user_exists("readiness-probe")
            engine.embedder.embed(["ready"])
        except Exception as exc:
            return _error(503, "not_ready", str(exc))
        return JSONResponse({"status": "ready", "embedder": engine.embedder.name})

    @app.get("/v1/users", response_model=schemas.UserPage, tags=["users"])
    def list_users(
        tenant: Tenant,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> schemas.UserPage:
        mine = [
            schemas.UserInfo(**{**s.model_dump(), "user_id": name})
            for s in engine.users()
            if (name := unscoped(tenant, s.user_id)) is not None
        ]
        page = mine[offset : offset + limit]
        more = offset + limit < len(mine)
        return schemas.UserPage(
            items=page, limit=limit, offset=offset, next_offset=offset + limit if more else None
        )

    @app.delete("/v1/users/{user_id}", status_code=204, tags=["users"])
    def delete_user(handle: Existing) -> Response:
        engine.delete_user(handle.id)
        return Response(status_code=204)

    @app.post("/v1/users/{user_id}/events", response_model=schemas.ObserveResponse, tags=["memory"])
    def observe(handle: UserDep, body: schemas.ObserveRequest) -> schemas.ObserveResponse:
        events = handle.observe_many(body.turns)
        return schemas.ObserveResponse(event_ids=[e.id for e in events])

    @app.post("/v1/users/{user_id}/recall", response_model=schemas.RecallResponse, tags=["memory"])
    def recall(handle: Existing, body: schemas.RecallRequest) -> schemas.RecallResponse:
        hits = handle.recall(
            body.query,
            k=body.k,
            kinds=body.kinds,
            session=body.session,
            since=body.since,
            until=body.until,
            include_history=body.include_history,
        )
        return schemas.RecallResponse(hits=[_strip(h, handle.id) for h in hits])

    @app.get("/v1/users/{user_id}/profile", response_model=Profile, tags=["profile"])
    def profile(handle: Existing, min_confidence: float = 0.0) -> Profile:
        found = handle.profile(min_confidence=min_confidence)
        return _strip(found, handle.id)

    @app.get("/v1/users/{user_id}/memories", response_model=schemas.MemoryPage, tags=["profile"])
    def memories(
        handle: Existing,
        kind: Annotated[list[str] | None, Query()] = None,
        include_history: bool = False,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> schemas.MemoryPage:
        items = handle.memories(
            kind, include_history=include_history, limit=limit + 1, offset=offset
        )
        more = len(items) > limit
        return schemas.MemoryPage(
            items=[_strip(m, handle.id) for m in items[:limit]],
            limit=limit,
            offset=offset,
            next_offset=offset + limit if more else None,
        )

    @app.patch("/v1/users/{user_id}/memories/{memory_id}", response_model=Memory, tags=["profile"])
    def edit(handle: Existing, memory_id: str, body: schemas.EditRequest) -> Memory:
        return _strip(handle.edit(memory_id, text=body.text, pinned=body.pinned), handle.id)

    @app.delete("/v1/users/{user_id}/memories/{memory_id}", status_code=204, tags=["profile"])
    def forget(handle: Existing, memory_id: str) -> Response:
        handle.forget(memory_id)
        return Response(status_code=204)

    @app.get(
        "/v1/users/{user_id}/memories/{memory_id}/explain",
        response_model=Explanation,
        tags=["profile"],
    )
    def explain(handle: Existing, memory_id: str) -> Explanation:
        return _strip(handle.explain(memory_id), handle.id)

    @app.get("/v1/users/{user_id}/events", tags=["memory"])
    def events(
        handle: Existing,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        found = handle.events(limit=limit + 1, offset=offset)
        more = len(found) > limit
        return {
            "items": [_strip(e, handle.id) for e in found[:limit]],
            "limit": limit,
            "offset": offset,
            "next_offset": offset + limit if more else None,
        }

    @app.post("/v1/users/{user_id}/feedback", response_model=FeedbackResult, tags=["feedback"])
    def feedback(handle: Existing, body: schemas.FeedbackRequest) -> FeedbackResult:
        return handle.feedback(
            body.reward, rating=body.rating, memories=body.memories, comment=body.comment
        )

    @app.post("/v1/users/{user_id}/persona", response_model=Persona, tags=["persona"])
    def persona(handle: Existing, body: schemas.PersonaRequest) -> Persona:
        return handle.persona(task=body.task, budget_tokens=body.budget_tokens)

    @app.get("/v1/users/{user_id}/export", tags=["users"])
    def export(handle: Existing) -> Response:
        lines = [json.dumps(_strip(r, handle.id), default=str) for r in handle.export()]
        return Response("\n".join(lines) + "\n", media_type="application/x-ndjson")

    @app.post("/v1/users/{user_id}/import", response_model=schemas.ImportResponse, tags=["users"])
    async def import_(request: Request, tenant: Tenant, user_id: str) -> schemas.ImportResponse:
        try:
            body = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(f"the body is not UTF-8 text (byte {exc.start})") from None
        target = scoped(tenant, check_user_id(user_id))
        # Parsing, embedding and learning are CPU work: off the event loop, so /healthz and
        # every other request keep answering while a large import runs.
        report = await run_in_threadpool(engine.import_jsonl, body.splitlines(), user_id=target)
        return schemas.ImportResponse(
            users=[user_id], events=report.events, memories=report.memories
        )

    @app.post("/v1/chat/completions", tags=["proxy"])
    def chat_completions(
        tenant: Tenant,
        body: dict[str, Any],
        x_personify_user: Annotated[str | None, Header()] = None,
        x_personify_session: Annotated[str | None, Header()] = None,
    ) -> Any:
        from personify.middleware import (
            OpenAICompatible,
            server_sent_events,
            start_stream,
            wrap,
        )

        validate.json_object(body, "request")  # NaN or a lone surrogate would fail upstream
        user_id = body.pop("user", None)
        if user_id is not None and not isinstance(user_id, str):
            raise InvalidInputError(f"user must be a string, got {type(user_id).__name__}")
        user_id = user_id or x_personify_user
        if not user_id:
            raise InvalidInputError("name the user: the 'user' field or X-Personify-User header")
        settings = engine.settings
        upstream = OpenAICompatible(settings.llm_base_url, settings.llm_api_key)
        client = wrap(
            upstream,
            engine.user(scoped(tenant, check_user_id(user_id))),
            session=x_personify_session,
        )
        if settings.llm_model and not body.get("model"):
            body["model"] = settings.llm_model
        result = client.chat.completions.create(**body)
        if not body.get("stream"):
            return JSONResponse(result)
        chunks = start_stream(result)  # an upstream that fails at once answers 502, not a 200
        return StreamingResponse(server_sent_events(chunks), media_type="text/event-stream")

    @app.get("/", include_in_schema=False)
    @app.get("/dashboard", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(
            static.joinpath("dashboard.html").read_text(),
            headers={
                "Content-Security-Policy": "default-src 'none'; script-src 'self'; "
                "style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                "form-action 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return app


class _Unauthorized(Exception):
    pass


DOCS_ASSETS = "/docs-assets"
# The pages' own scripts are local; this also stops ReDoc's one outside request (its sidebar
# logo, hidden when it fails to load), so reading the docs tells no third party about the host.
DOCS_HEADERS = {"Content-Security-Policy": "img-src 'self' data:; connect-src 'self'"}


def _add_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from the scripts the fastapi-offline package ships.

    FastAPI's defaults fetch them from a CDN, which leaves both pages blank offline or behind
    a firewall; served from here they work wherever the API does.
    """
    assets = resources.files("fastapi_offline").joinpath("static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")
    favicon = f"{DOCS_ASSETS}/favicon.png"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - API",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{favicon}",
        )
        page.headers.update(DOCS_HEADERS)
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - API",
            redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{favicon}",
            with_google_fonts=False,
        )
        page.headers.update(DOCS_HEADERS)
        return page


def _strip(value: Any, internal: str) -> Any:
    """Hide the tenant prefix of user ids in anything returned to the tenant."""
    tenant_user = internal.split(SEPARATOR, 1)[1]
    if hasattr(value, "model_copy"):
        data = json.loads(value.model_dump_json())
        return type(value).model_validate(_strip(data, internal))
    if isinstance(value, dict):
        return {
            k: (tenant_user if k == "user_id" and v == internal else _strip(v, internal))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_strip(v, internal) for v in value]
    return value
