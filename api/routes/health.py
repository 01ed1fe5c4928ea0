"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import State
from api.errors import ApiError
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
async def readyz(state: State) -> Response:
    """Ready once the store, the guardrails and the model are loaded (503 until then)."""
    if state.ready.is_set():
        return JSONResponse(Health(status="ready").model_dump())
    status = "failed" if state.failure else "loading"
    body = Health(status=status, detail=state.failure)
    return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics(state: State) -> Response:
    """Prometheus text format."""
    if not state.components.settings.metrics_enabled:
        raise ApiError(404, "metrics are switched off (AISLE_METRICS_ENABLED)")
    state.metrics.ready.set(1 if state.ready.is_set() else 0)
    return Response(state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
