"""The handoff queue agents work from: list, claim and resolve tickets.

A ticket carries the redacted transcript as it was when the shopper was handed over; agents
never see raw personal data. State moves one way: open → claimed → resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.conversation.models import HandoffRow
from assistant.errors import TicketStateError, UnknownTicketError

TicketStatus = Literal["open", "claimed", "resolved"]


def ticket_view(row: HandoffRow, *, transcript: bool = True) -> dict[str, Any]:
    """A ticket as agents see it."""
    view: dict[str, Any] = {
        "ticket_id": row.ticket_id,
        "conversation_id": row.conversation_id,
        "reason": row.reason,
        "status": row.status,
        "assignee": row.assignee,
        "summary": row.summary,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }
    if transcript:
        view["transcript"] = row.transcript
    return view


class HandoffQueue:
    """Tickets in the store DB, shared by every replica."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    def list(
        self, status: TicketStatus | None = "open", *, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Tickets oldest first (``status`` None: all), without transcripts, and the total."""
        query = select(HandoffRow)
        counted = select(func.count()).select_from(HandoffRow)
        if status is not None:
            query = query.where(HandoffRow.status == status)
            counted = counted.where(HandoffRow.status == status)
        query = query.order_by(HandoffRow.created_at, HandoffRow.ticket_id)
        with self._sessions() as session:
            rows = session.scalars(query.limit(limit).offset(offset)).all()
            total = session.scalar(counted) or 0
            return [ticket_view(r, transcript=False) for r in rows], total

    def get(self, ticket_id: str) -> dict[str, Any]:
        """One ticket with its redacted transcript."""
        with self._sessions() as session:
            return ticket_view(self._row(session, ticket_id))

    def claim(self, ticket_id: str, assignee: str) -> dict[str, Any]:
        """Take an open ticket (or one you already hold); someone else's claim is refused."""
        with self._sessions.begin() as session:
            row = self._row(session, ticket_id, lock=True)
            if row.status == "resolved" or (row.status == "claimed" and row.assignee != assignee):
                held = f" by {row.assignee}" if row.status == "claimed" else ""
                raise TicketStateError(
                    f"ticket {ticket_id} is already {row.status}{held}",
                    hint="pick an open ticket from the queue",
                )
            row.status, row.assignee, row.updated_at = "claimed", assignee, self._clock()
            return ticket_view(row)

    def resolve(self, ticket_id: str, assignee: str) -> dict[str, Any]:
        """Close a ticket; only its holder may, and an open ticket is claimed on the way."""
        with self._sessions.begin() as session:
            row = self._row(session, ticket_id, lock=True)
            if row.status == "resolved":
                raise TicketStateError(f"ticket {ticket_id} is already resolved")
            if row.status == "claimed" and row.assignee != assignee:
                raise TicketStateError(
                    f"ticket {ticket_id} is claimed by {row.assignee}",
                    hint="only the agent holding it can resolve it",
                )
            row.status, row.assignee, row.updated_at = "resolved", assignee, self._clock()
            return ticket_view(row)

    @staticmethod
    def _row(session: Session, ticket_id: str, *, lock: bool = False) -> HandoffRow:
        row = session.get(HandoffRow, ticket_id, with_for_update=lock)
        if row is None:
            raise UnknownTicketError(f"no ticket {ticket_id!r}", hint="list the queue for ids")
        return row
