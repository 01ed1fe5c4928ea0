"""Admin (``X-API-Key``: an admin key): ingestion runs in the background, and analytics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import AdminKey, State
from api.errors import ApiError, ErrorBody
from api.schemas import AnalyticsPublic, IngestCreate, IngestJobPublic
from ingest.job import IngestOptions

router = APIRouter(prefix="/v1/admin", tags=["admin"])
_KEY_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "No API key."},
    403: {"model": ErrorBody, "description": "Not an admin key."},
}


@router.post(
    "/ingest",
    status_code=202,
    response_model=IngestJobPublic,
    responses={**_KEY_ERRORS, 422: {"model": ErrorBody, "description": "No such path."}},
)
async def start_ingest(body: IngestCreate, _: AdminKey, state: State) -> IngestJobPublic:
    """Start an ingestion run of a folder or file on the server; poll the job for its report."""
    path = Path(body.path)
    if not path.exists():
        raise ApiError(422, f"no file or folder {body.path} on the server", code="invalid_request")
    job = state.jobs.submit(IngestOptions(path=path, full=body.full))
    return IngestJobPublic.model_validate(job.view())


@router.get(
    "/ingest/{job_id}",
    response_model=IngestJobPublic,
    responses={**_KEY_ERRORS, 404: {"model": ErrorBody, "description": "No such job."}},
)
async def ingest_status(job_id: str, _: AdminKey, state: State) -> IngestJobPublic:
    """The job's status, progress and, when it has finished, its report."""
    job = state.jobs.get(job_id)
    if job is None:
        raise ApiError(404, f"no ingest job {job_id!r} on this server", code="unknown_job")
    return IngestJobPublic.model_validate(job.view())


@router.get("/analytics", response_model=AnalyticsPublic, responses=_KEY_ERRORS)
async def analytics(
    _: AdminKey, state: State, days: Annotated[int, Query(ge=1, le=3650)] = 30
) -> AnalyticsPublic:
    """Conversations, intents, containment and handoff rates, the questions the assistant could
    not answer, feedback, and sentiment per day."""
    summary = await run_in_threadpool(state.components.analytics.summary, days)
    return AnalyticsPublic.model_validate(summary)
