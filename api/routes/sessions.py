"""Sessions: create one, read its redacted transcript, erase it (data-subject access, erasure)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from api.deps import ReadyState, SessionToken, State, authorize_session
from api.errors import ErrorBody
from api.schemas import SessionPublic, TranscriptMessage, TranscriptPublic

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
_AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "No session token."},
    403: {"model": ErrorBody, "description": "The token is not this session's."},
    404: {"model": ErrorBody, "description": "No such session (or it was erased)."},
}


@router.post("", status_code=201, response_model=SessionPublic)
async def create_session(state: ReadyState) -> SessionPublic:
    """Start a conversation. Keep the token: it is shown once and proves the session is yours."""

    def start() -> SessionPublic:
        new = state.assistant.start()
        return SessionPublic(id=new.id, token=new.token, greeting=state.assistant.greet(new.id))

    return await run_in_threadpool(start)


@router.get("/{session_id}", response_model=TranscriptPublic, responses=_AUTH_ERRORS)
async def read_session(session_id: str, token: SessionToken, state: State) -> TranscriptPublic:
    """The session's transcript as stored: personal data replaced by placeholders."""

    def read() -> TranscriptPublic:
        authorize_session(state, session_id, token)
        messages = state.components.conversations.transcript(session_id)
        return TranscriptPublic(
            id=session_id, messages=[TranscriptMessage.model_validate(m) for m in messages]
        )

    return await run_in_threadpool(read)


@router.delete("/{session_id}", status_code=204, responses=_AUTH_ERRORS)
async def delete_session(session_id: str, token: SessionToken, state: State) -> Response:
    """Erase the session and everything derived from it: messages, the pseudonym mapping,
    feedback and handoff tickets."""

    def erase() -> None:
        authorize_session(state, session_id, token)
        state.components.conversations.delete(session_id)

    await run_in_threadpool(erase)
    return Response(status_code=204)
