"""OpenAI-compatible ``POST /v1/chat/completions`` on the same assistant, streaming too.

Stateless: the request's ``messages`` carry the conversation (see ``assistant.stateless``).
The reply's text is the assistant message's ``content``; product cards, citations, quick
replies, the handoff and flags ride in an extra ``aisle`` field. Sampling parameters are
accepted and ignored: the store's settings choose the model and decoding. When streaming, a
chunk whose ``aisle.reset`` is true withdraws the text streamed so far (a reply that failed
its checks mid-way and was rebuilt from the records); its content is the start of the
replacement, and the final chunk's ``aisle.text`` is always the whole reply.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from api.deps import ReadyState
from api.errors import ApiError, ErrorBody, status_of
from api.schemas import MESSAGE_LIMIT
from assistant.reply import Delta, Reply, Reset, TurnEvent
from assistant.stateless import stateless_turn
from retrieval.errors import AisleError

router = APIRouter(prefix="/v1/chat", tags=["openai-compatible"])
MODEL = "aisle"


class CompletionMessage(BaseModel):
    """One message of the conversation so far."""

    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | None = None


class CompletionCreate(BaseModel):
    """An OpenAI chat completion request; only ``messages`` and ``stream`` are used."""

    model_config = ConfigDict(extra="ignore")

    model: str = MODEL
    messages: list[CompletionMessage] = Field(min_length=1, max_length=100)
    stream: bool = False


class CompletionChoice(BaseModel):
    """The single choice."""

    index: int = 0
    message: dict[str, str]
    finish_reason: Literal["stop"] = "stop"


class CompletionPublic(BaseModel):
    """An OpenAI chat completion, plus the reply object's extras in ``aisle``."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[CompletionChoice]
    aisle: dict[str, Any]


@router.post(
    "/completions",
    response_model=CompletionPublic,
    responses={
        413: {"model": ErrorBody, "description": "A message is too long."},
        422: {"model": ErrorBody, "description": "No user message to answer."},
        200: {"content": {"text/event-stream": {}}, "description": "JSON, or chunks if stream."},
    },
)
async def chat_completions(body: CompletionCreate, state: ReadyState) -> Any:
    """Answer the last user message of ``messages``, as OpenAI's API would."""
    messages = [(m.role, m.content or "") for m in body.messages]
    longest = max(len(text) for _, text in messages)
    if longest > MESSAGE_LIMIT:
        raise ApiError(
            413,
            f"a message has {longest} characters; the limit is {MESSAGE_LIMIT}",
            code="message_too_long",
        )
    _, events = await run_in_threadpool(stateless_turn, state.assistant, messages, client="openai")
    if body.stream:
        return StreamingResponse(_chunks(events, state), media_type="text/event-stream")
    reply = await run_in_threadpool(_last_reply, events)
    state.metrics.turn(reply)
    return CompletionPublic(
        id=f"chatcmpl-{reply.message_id}",
        created=int(time.time()),
        model=MODEL,
        choices=[CompletionChoice(message={"role": "assistant", "content": reply.text})],
        aisle=_extras(reply),
    )


def _last_reply(events: Iterator[TurnEvent]) -> Reply:
    reply = None
    for event in events:
        if isinstance(event, Reply):
            reply = event
    assert reply is not None, "a turn always ends with a Reply"
    return reply


def _extras(reply: Reply) -> dict[str, Any]:
    return reply.model_dump(mode="json", exclude={"text"}) | {"text": reply.text}


async def _chunks(events: Iterator[TurnEvent], state: Any) -> AsyncIterator[str]:
    created, chunk_id, first, reset = int(time.time()), "chatcmpl-stream", True, False
    try:
        async for event in iterate_in_threadpool(events):
            if isinstance(event, Reset):
                reset = True
                continue
            if isinstance(event, Delta):
                delta: dict[str, Any] = {"content": event.text}
                if first:
                    delta["role"] = "assistant"
                extra = {"aisle": {"reset": True}} if reset else {}
                yield _chunk(chunk_id, created, delta, None, extra)
                first = reset = False
            else:
                state.metrics.turn(event)
                yield _chunk(chunk_id, created, {}, "stop", {"aisle": _extras(event)})
    except AisleError as exc:
        status, code = status_of(exc)
        message = "the assistant failed" if status == 500 else str(exc)
        yield f"data: {json.dumps({'error': {'code': code, 'message': message}})}\n\n"
    yield "data: [DONE]\n\n"


def _chunk(
    chunk_id: str, created: int, delta: dict[str, Any], finish: str | None, extra: dict[str, Any]
) -> str:
    body = {
        "id": chunk_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(body)}\n\n"
