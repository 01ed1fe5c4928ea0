"""Conversations in the store DB: sessions with tokens, redacted transcripts, handoff tickets.

Every replica of the API reads and writes the same rows, so a conversation can move between
replicas from one turn to the next.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.conversation.models import ConversationRow, FeedbackRow, HandoffRow, MessageRow
from assistant.conversation.state import ConversationState
from assistant.conversation.tickets import ticket_view
from assistant.errors import UnknownMessageError, UnknownSessionError
from assistant.reply import Handoff, Reply

log = logging.getLogger(__name__)
PURGE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class NewSession:
    """A created conversation: its id and the token that proves it is yours (shown once)."""

    id: str
    token: str


@dataclass(frozen=True)
class TurnRecord:
    """What one turn adds to a conversation."""

    user_text: str  # redacted
    reply: Reply  # its text redacted
    state: ConversationState
    intent: str | None
    meta: dict[str, Any]
    handoff_reason: str | None = None


def new_message_id() -> str:
    """An id for one message."""
    return "m_" + secrets.token_urlsafe(12)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConversationStore:
    """Creates, loads and updates conversations."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        retention: timedelta = timedelta(days=30),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.retention = retention
        self._next_purge = datetime.min.replace(tzinfo=UTC)

    def create(self) -> NewSession:
        """Start a conversation with an unguessable id and token.

        At most once an hour this also purges conversations past the retention period, so a
        long-running server keeps to it without a scheduler.
        """
        new = NewSession(id=secrets.token_urlsafe(18), token=secrets.token_urlsafe(32))
        now = self._clock()
        if now >= self._next_purge:
            self._next_purge = now + PURGE_EVERY
            self.purge(now - self.retention)
        with self._sessions.begin() as session:
            session.add(
                ConversationRow(
                    id=new.id,
                    token_hash=_token_digest(new.token),
                    status="open",
                    created_at=now,
                    updated_at=now,
                    turns=0,
                    state=ConversationState().model_dump(),
                )
            )
        return new

    def verify(self, conversation_id: str, token: str) -> bool:
        """Whether ``token`` is this conversation's (constant-time; False if it does not exist)."""
        with self._sessions() as session:
            row = session.get(ConversationRow, conversation_id)
            stored = row.token_hash if row is not None else "0" * 64
        return hmac.compare_digest(stored, _token_digest(token)) and row is not None

    def load(self, conversation_id: str) -> ConversationState:
        """The conversation's state; ``UnknownSessionError`` if there is none."""
        with self._sessions() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                raise _unknown(conversation_id)
            return ConversationState.model_validate(row.state)

    def save_state(self, conversation_id: str, state: ConversationState) -> None:
        """Replace the conversation's remembered state."""
        with self._sessions.begin() as session:
            row = session.get(ConversationRow, conversation_id, with_for_update=True)
            if row is None:
                raise _unknown(conversation_id)
            row.state = state.model_dump()

    def record(self, conversation_id: str, turn: TurnRecord) -> Handoff | None:
        """Append the turn's two messages, save the state, and open a ticket if asked to."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = session.get(ConversationRow, conversation_id, with_for_update=True)
            if row is None:
                raise _unknown(conversation_id)
            seq = row.turns * 2
            session.add(self._message(row.id, seq, "user", turn.user_text, turn.intent, now, {}))
            session.add(
                self._message(
                    row.id,
                    seq + 1,
                    "assistant",
                    turn.reply.text,
                    turn.intent,
                    now,
                    turn.meta,
                    message_id=turn.reply.message_id,
                )
            )
            row.turns += 1
            row.updated_at = now
            row.state = turn.state.model_dump()
            if turn.handoff_reason is None:
                return None
            session.flush()
            row.status = "handed_off"
            return self._open_ticket(session, row, turn.handoff_reason, now)

    def _open_ticket(
        self, session: Session, row: ConversationRow, reason: str, now: datetime
    ) -> Handoff:
        transcript = _transcript(session, row.id)
        first = next((m["text"] for m in transcript if m["role"] == "user"), "")
        ticket = HandoffRow(
            ticket_id="T-" + secrets.token_hex(5).upper(),
            conversation_id=row.id,
            reason=reason,
            status="open",
            created_at=now,
            updated_at=now,
            summary=f"{reason.replace('_', ' ')}; {row.turns} turn(s); began: {first[:200]}",
            transcript=transcript,
        )
        session.add(ticket)
        return Handoff(ticket_id=ticket.ticket_id, status="open")

    @staticmethod
    def _message(
        conversation_id: str,
        seq: int,
        role: str,
        text: str,
        intent: str | None,
        at: datetime,
        meta: dict[str, Any],
        *,
        message_id: str | None = None,
    ) -> MessageRow:
        return MessageRow(
            id=message_id or new_message_id(),
            conversation_id=conversation_id,
            seq=seq,
            role=role,
            text=text,
            intent=intent,
            created_at=at,
            meta=meta,
        )

    def transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        """The redacted messages, oldest first."""
        with self._sessions() as session:
            if session.get(ConversationRow, conversation_id) is None:
                raise _unknown(conversation_id)
            return _transcript(session, conversation_id)

    def ticket(self, ticket_id: str) -> dict[str, Any] | None:
        """A handoff ticket with its transcript, as agents see it, or None."""
        with self._sessions() as session:
            row = session.get(HandoffRow, ticket_id)
            return None if row is None else ticket_view(row)

    def add_feedback(
        self, conversation_id: str, message_id: str, rating: str, reason: str | None
    ) -> str:
        """Store a rating of one of the conversation's assistant messages (``reason`` redacted
        by the caller); a second rating of the same message replaces the first."""
        with self._sessions.begin() as session:
            message = session.get(MessageRow, message_id)
            if (
                message is None
                or message.conversation_id != conversation_id
                or message.role != "assistant"
            ):
                raise UnknownMessageError(
                    f"no assistant message {message_id!r} in this conversation",
                    hint="rate a message_id from one of this session's replies",
                )
            session.execute(delete(FeedbackRow).where(FeedbackRow.message_id == message_id))
            feedback_id = "f_" + secrets.token_urlsafe(12)
            session.add(
                FeedbackRow(
                    id=feedback_id,
                    conversation_id=conversation_id,
                    message_id=message_id,
                    rating=rating,
                    reason=reason,
                    created_at=self._clock(),
                )
            )
        return feedback_id

    def delete(self, conversation_id: str) -> None:
        """Erase the conversation, its messages and its tickets."""
        with self._sessions.begin() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                raise _unknown(conversation_id)
            _erase(session, [row.id])

    def purge(self, older_than: datetime) -> int:
        """Erase every conversation idle since before ``older_than`` (the retention period);
        returns how many were erased."""
        with self._sessions.begin() as session:
            ids = list(
                session.scalars(
                    select(ConversationRow.id).where(ConversationRow.updated_at < older_than)
                )
            )
            for start in range(0, len(ids), 500):
                _erase(session, ids[start : start + 500])
        if ids:
            log.info("purged %d conversations idle since before %s", len(ids), older_than)
        return len(ids)


def _erase(session: Session, ids: list[str]) -> None:
    """Delete conversations with everything derived from them: messages (with their pseudonym
    mapping in the conversation's state), feedback and handoff tickets. Explicit deletes, so
    databases without ON DELETE CASCADE erase everything too."""
    session.execute(delete(FeedbackRow).where(FeedbackRow.conversation_id.in_(ids)))
    session.execute(delete(HandoffRow).where(HandoffRow.conversation_id.in_(ids)))
    session.execute(delete(MessageRow).where(MessageRow.conversation_id.in_(ids)))
    session.execute(delete(ConversationRow).where(ConversationRow.id.in_(ids)))


def _transcript(session: Session, conversation_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id)
        .order_by(MessageRow.seq)
    )
    return [
        {"message_id": m.id, "role": m.role, "text": m.text, "at": m.created_at.isoformat()}
        for m in rows
    ]


def _unknown(conversation_id: str) -> UnknownSessionError:
    return UnknownSessionError(
        f"no conversation {conversation_id!r}",
        hint="start a new one (it may have expired or been erased)",
    )
