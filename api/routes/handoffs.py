"""The handoff queue for agents (``X-API-Key``: an agent or admin key)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import AgentKey, State
from api.errors import ErrorBody
from api.schemas import TicketAction, TicketList, TicketPublic, TicketSummary

router = APIRouter(prefix="/v1/handoffs", tags=["handoffs"])
_KEY_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "No API key."},
    403: {"model": ErrorBody, "description": "Not an agent or admin key."},
}
_TICKET_ERRORS: dict[int | str, dict[str, object]] = {
    **_KEY_ERRORS,
    404: {"model": ErrorBody, "description": "No such ticket."},
    409: {"model": ErrorBody, "description": "Claimed by someone else, or already resolved."},
}


@router.get("", response_model=TicketList, responses=_KEY_ERRORS)
async def list_tickets(
    _: AgentKey,
    state: State,
    status: Annotated[Literal["open", "claimed", "resolved", "all"], Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TicketList:
    """Tickets oldest first (open ones by default)."""
    wanted = None if status == "all" else status
    tickets, total = await run_in_threadpool(
        state.components.handoff_queue.list, wanted, limit=limit, offset=offset
    )
    return TicketList(tickets=[TicketSummary.model_validate(t) for t in tickets], total=total)


@router.get("/{ticket_id}", response_model=TicketPublic, responses=_TICKET_ERRORS)
async def read_ticket(ticket_id: str, _: AgentKey, state: State) -> TicketPublic:
    """One ticket with the redacted transcript up to the handoff."""
    ticket = await run_in_threadpool(state.components.handoff_queue.get, ticket_id)
    return TicketPublic.model_validate(ticket)


@router.post("/{ticket_id}/claim", response_model=TicketPublic, responses=_TICKET_ERRORS)
async def claim_ticket(
    ticket_id: str, body: TicketAction, _: AgentKey, state: State
) -> TicketPublic:
    """Take a ticket; claiming one you already hold is harmless."""
    ticket = await run_in_threadpool(state.components.handoff_queue.claim, ticket_id, body.agent)
    return TicketPublic.model_validate(ticket)


@router.post("/{ticket_id}/resolve", response_model=TicketPublic, responses=_TICKET_ERRORS)
async def resolve_ticket(
    ticket_id: str, body: TicketAction, _: AgentKey, state: State
) -> TicketPublic:
    """Close a ticket you hold (an open one is claimed and closed at once)."""
    ticket = await run_in_threadpool(state.components.handoff_queue.resolve, ticket_id, body.agent)
    return TicketPublic.model_validate(ticket)
