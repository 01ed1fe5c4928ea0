"""Request and response bodies of the API (``XCreate`` in, ``XPublic`` out).

The chat reply is ``assistant.reply.Reply`` itself, so the API, the CLI and the widget speak
one shape.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.reply import Reply

MESSAGE_LIMIT = 4000


class SessionPublic(BaseModel):
    """A new session: send ``token`` back as ``Authorization: Bearer <token>``."""

    id: str = Field(description="The session id (unguessable).")
    token: str = Field(description="The session token; shown once, stored only as a digest.")
    greeting: Reply | None = Field(
        None, description="The assistant's greeting with its AI disclosure and quick replies."
    )


class TranscriptMessage(BaseModel):
    """One stored message, redacted."""

    message_id: str
    role: Literal["user", "assistant"]
    text: str
    at: str


class TranscriptPublic(BaseModel):
    """A session's redacted transcript (personal data appears as placeholders)."""

    id: str
    messages: list[TranscriptMessage]


class ChatCreate(BaseModel):
    """One shopper message. English is the supported language."""

    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    message: str = Field(
        min_length=1,
        description=f"The shopper's message, at most {MESSAGE_LIMIT} characters (longer: 413).",
    )


class FeedbackCreate(BaseModel):
    """A thumbs up or down on one of the assistant's replies."""

    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    message_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    reason: str | None = Field(None, max_length=1000, description="Optional; stored redacted.")


class FeedbackPublic(BaseModel):
    """The stored feedback's id."""

    id: str


class TicketSummary(BaseModel):
    """A handoff ticket in the queue."""

    ticket_id: str
    conversation_id: str
    reason: str
    status: Literal["open", "claimed", "resolved"]
    assignee: str | None
    summary: str
    created_at: str
    updated_at: str


class TicketPublic(TicketSummary):
    """A ticket with the redacted transcript up to the handoff."""

    transcript: list[TranscriptMessage]


class TicketList(BaseModel):
    """A page of the queue."""

    tickets: list[TicketSummary]
    total: int


class TicketAction(BaseModel):
    """Who is acting on the ticket."""

    model_config = ConfigDict(extra="forbid")

    agent: str = Field(min_length=1, max_length=200, description="The agent's name or id.")


class IngestCreate(BaseModel):
    """An ingestion run of a store folder (or one file) on the server."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(min_length=1, max_length=4096, description="Folder or file on the server.")
    full: bool = Field(False, description="Rebuild every index instead of syncing changes.")


class IngestJobPublic(BaseModel):
    """An ingestion run: poll until ``status`` is completed or failed."""

    job_id: str
    path: str
    full: bool
    status: Literal["queued", "running", "completed", "failed"]
    created_at: str
    finished_at: str | None
    progress: dict[str, Any]
    report: dict[str, Any] | None
    error: str | None


class DailyFigures(BaseModel):
    """One day of analytics."""

    date: str
    conversations: int
    mean_sentiment: float | None
    feedback_up: int
    feedback_down: int


class UnansweredQuestion(BaseModel):
    """A (redacted) question the assistant could not answer from the store's content."""

    question: str
    count: int


class AnalyticsPublic(BaseModel):
    """What shoppers ask and where the assistant fails."""

    since: str
    days: int
    conversations: int
    turns: int
    intents: dict[str, int]
    containment_rate: float | None
    handoff_rate: float | None
    handoff_reasons: dict[str, int]
    top_unanswered: list[UnansweredQuestion]
    feedback: dict[str, int]
    daily: list[DailyFigures]


class Health(BaseModel):
    """Liveness or readiness."""

    status: Literal["ok", "ready", "loading", "failed"]
    detail: str | None = None
