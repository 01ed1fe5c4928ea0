"""Feedback: a thumbs up or down on one reply, with an optional reason (stored redacted)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import SessionToken, State, authorize_session
from api.errors import ErrorBody
from api.schemas import FeedbackCreate, FeedbackPublic

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])


@router.post(
    "",
    status_code=201,
    response_model=FeedbackPublic,
    responses={
        401: {"model": ErrorBody, "description": "No session token."},
        403: {"model": ErrorBody, "description": "The token is not this session's."},
        404: {"model": ErrorBody, "description": "No such session or reply."},
    },
)
async def give_feedback(body: FeedbackCreate, token: SessionToken, state: State) -> FeedbackPublic:
    """Rate one of the session's replies; rating it again replaces the earlier rating."""

    def record() -> FeedbackPublic:
        authorize_session(state, body.session_id, token)
        feedback_id = state.assistant.feedback(
            body.session_id, body.message_id, body.rating, body.reason
        )
        return FeedbackPublic(id=feedback_id)

    return await run_in_threadpool(record)
