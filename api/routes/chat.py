"""Chat: one message in, the reply object out (JSON), or streamed as server-sent events.

Stream events: ``delta`` {text}, ``reset`` {reason} (the text so far is withdrawn; what
follows replaces it), then ``products``, ``citations``, ``quick_replies``, ``handoff`` (when
handed over) and ``done`` (the whole reply object); ``error`` {code, message} if the turn fails.
Each sentence is released only after the output guardrails pass it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from api.deps import ReadyState, SessionToken, authorize_session
from api.errors import ApiError, ErrorBody, status_of
from api.schemas import MESSAGE_LIMIT, ChatCreate
from assistant.reply import Delta, Reply, Reset, TurnEvent
from retrieval.errors import AisleError

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/chat", tags=["chat"])
CLIENT = "api"
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No session token."},
    403: {"model": ErrorBody, "description": "The token is not this session's."},
    404: {"model": ErrorBody, "description": "No such session."},
    413: {"model": ErrorBody, "description": f"The message is over {MESSAGE_LIMIT} characters."},
    504: {"model": ErrorBody, "description": "The reply took longer than the server allows."},
}


def _check_length(message: str) -> None:
    if len(message) > MESSAGE_LIMIT:
        raise ApiError(
            413,
            f"the message has {len(message)} characters; the limit is {MESSAGE_LIMIT}",
            code="message_too_long",
        )


@router.post("", response_model=Reply, responses=_ERRORS)
async def chat(body: ChatCreate, token: SessionToken, state: ReadyState) -> Reply:
    """Answer one message; the reply carries citations, product cards and quick replies."""
    _check_length(body.message)

    def turn() -> Reply:
        authorize_session(state, body.session_id, token)
        return state.assistant.reply(body.session_id, body.message, client=CLIENT)

    timeout = state.components.settings.request_timeout_s
    try:
        reply = await asyncio.wait_for(run_in_threadpool(turn), timeout)
    except TimeoutError:
        raise ApiError(504, f"no reply within {timeout:g} s; try again") from None
    state.metrics.turn(reply)
    return reply


@router.post(
    "/stream",
    responses={
        **_ERRORS,
        200: {"content": {"text/event-stream": {}}, "description": "Server-sent events."},
    },
)
async def chat_stream(body: ChatCreate, token: SessionToken, state: ReadyState) -> Any:
    """Answer one message as server-sent events (see the module docs for the event names)."""
    _check_length(body.message)
    await run_in_threadpool(authorize_session, state, body.session_id, token)
    events = state.assistant.stream(body.session_id, body.message, client=CLIENT)
    return EventSourceResponse(_sse(events, state), ping=15)


async def _sse(events: Iterator[TurnEvent], state: Any) -> AsyncIterator[ServerSentEvent]:
    timeout = state.components.settings.request_timeout_s
    pending = iterate_in_threadpool(events).__aiter__()
    try:
        while True:
            try:  # a turn that goes quiet for as long as a JSON reply may take is given up
                event = await asyncio.wait_for(pending.__anext__(), timeout)
            except StopAsyncIteration:
                return
            for sse in _to_sse(event):
                yield sse
            if isinstance(event, Reply):
                state.metrics.turn(event)
    except TimeoutError:
        yield _event("error", {"code": "timeout", "message": f"no reply within {timeout:g} s"})
    except AisleError as exc:
        status, code = status_of(exc)
        message = "the assistant failed; try again shortly" if status == 500 else str(exc)
        log.error("stream failed", extra={"error": type(exc).__name__})
        yield _event("error", {"code": code, "message": message})
    except Exception as exc:
        log.error("stream failed", extra={"error": type(exc).__name__}, exc_info=exc)
        yield _event("error", {"code": "internal_error", "message": "the assistant failed"})


def _to_sse(event: TurnEvent) -> list[ServerSentEvent]:
    if isinstance(event, Delta):
        return [_event("delta", {"text": event.text})]
    if isinstance(event, Reset):
        return [_event("reset", {"reason": event.reason})]
    reply = event.model_dump(mode="json")
    out = [
        _event("products", {"products": reply["products"]}),
        _event("citations", {"citations": reply["citations"]}),
        _event("quick_replies", {"quick_replies": reply["quick_replies"]}),
    ]
    if reply["handoff"] is not None:
        out.append(_event("handoff", reply["handoff"]))
    out.append(_event("done", reply))
    return out


def _event(name: str, data: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(data), event=name)
