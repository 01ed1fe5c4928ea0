"""The FastAPI app: routers, middleware, error handlers and the chat widget.

``create_app(components)`` builds an app over one store; ``aisle serve`` runs it under uvicorn.
The app is ready (``/readyz``) once a background thread has loaded the store, the guardrails
and the model; until then chat routes answer 503 with ``Retry-After``.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api import errors
from api.metrics import ApiMetrics
from api.middleware import BodyLimit, RateLimit, RequestContext
from api.routes import admin, chat, completions, feedback, handoffs, health, sessions
from api.state import ServerState
from assistant.composition import Components
from assistant.ingest_jobs import IngestJobs

STATIC = Path(__file__).with_name("static")
DESCRIPTION = """\
The chat API of an aisle shopping assistant. Shoppers create a session, then chat with its
token as `Authorization: Bearer <token>`; agents work the handoff queue and admins run
ingestion and read analytics with `X-API-Key`. English is the supported language.
Every error has the body `{"error": {"code", "message"}}`.
"""


def create_app(components: Components, *, warm_up: bool = True) -> FastAPI:
    """The API over ``components``' store (``warm_up``: load everything in the background)."""
    settings = components.settings
    metrics = ApiMetrics()
    state = ServerState(components, IngestJobs(components.ingest_context), metrics)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            threading.Thread(target=state.warm_up, name="aisle-warm-up", daemon=True).start()
        yield
        state.jobs.shutdown()

    app = FastAPI(
        title="aisle",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.aisle = state
    errors.install(app)
    for router in (
        sessions.router,
        chat.router,
        completions.router,
        feedback.router,
        handoffs.router,
        admin.router,
        health.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def widget() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        RateLimit, rate=settings.rate_limit, storage=settings.rate_limit_storage, metrics=metrics
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(RequestContext, metrics=metrics)
    return app
