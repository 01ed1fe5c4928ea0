"""What shoppers ask and where the assistant fails, from the stored (redacted) conversations.

Figures cover conversations started in a window (default the last 30 days):

- ``conversations``, ``turns``, ``intents`` (shopper messages per routed intent);
- ``containment_rate``: share of conversations with at least one turn that ended without a
  handoff; ``handoff_rate``: share handed to a person, and ``handoff_reasons``;
- ``top_unanswered``: the shopper messages (redacted, case-folded) most often answered without
  sources, from the fallback template, or marked failed;
- ``feedback``: thumbs up and down, and ``daily``: conversations, mean sentiment and feedback
  per day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.conversation.models import ConversationRow, FeedbackRow, HandoffRow, MessageRow

UNANSWERED_FLAGS = frozenset({"no_sources", "llm_fallback", "source_dropped"})


def _unanswered(meta: dict[str, Any]) -> bool:
    return bool(meta.get("failed")) or bool(UNANSWERED_FLAGS & set(meta.get("flags") or []))


class Analytics:
    """Aggregates over the conversation tables."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    def summary(self, days: int = 30, *, top: int = 10) -> dict[str, Any]:
        """The figures above for conversations started in the last ``days`` days."""
        since = self._clock() - timedelta(days=days)
        with self._sessions() as session:
            conversations = list(
                session.scalars(select(ConversationRow).where(ConversationRow.created_at >= since))
            )
            ids = [c.id for c in conversations]
            messages = _in(session, MessageRow, ids)
            tickets = _in(session, HandoffRow, ids)
            feedback = _in(session, FeedbackRow, ids)
        active = [c for c in conversations if c.turns > 0]
        handed = {t.conversation_id for t in tickets}
        return {
            "since": since.isoformat(),
            "days": days,
            "conversations": len(conversations),
            "turns": sum(c.turns for c in conversations),
            "intents": dict(Counter(m.intent or "unknown" for m in messages if m.role == "user")),
            "containment_rate": _share(len([c for c in active if c.id not in handed]), len(active)),
            "handoff_rate": _share(len(handed), len(active)),
            "handoff_reasons": dict(Counter(t.reason for t in tickets)),
            "top_unanswered": _top_unanswered(messages, top),
            "feedback": dict(Counter(f.rating for f in feedback)),
            "daily": _daily(conversations, messages, feedback),
        }


def _in(session: Session, model: Any, ids: list[str]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        rows += session.scalars(select(model).where(model.conversation_id.in_(chunk))).all()
    return rows


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _top_unanswered(messages: list[MessageRow], top: int) -> list[dict[str, Any]]:
    by_seq = {(m.conversation_id, m.seq): m for m in messages}
    asked: Counter[str] = Counter()
    for m in messages:
        if m.role == "assistant" and _unanswered(m.meta or {}):
            question = by_seq.get((m.conversation_id, m.seq - 1))
            if question is not None:
                asked[" ".join(question.text.lower().split())[:200]] += 1
    return [{"question": q, "count": n} for q, n in asked.most_common(top)]


def _daily(
    conversations: list[ConversationRow], messages: list[MessageRow], feedback: list[FeedbackRow]
) -> list[dict[str, Any]]:
    days: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"conversations": 0, "sentiment": [], "up": 0, "down": 0}
    )
    for c in conversations:
        days[c.created_at.date().isoformat()]["conversations"] += 1
    for m in messages:
        if m.role == "assistant" and "sentiment" in (m.meta or {}):
            days[m.created_at.date().isoformat()]["sentiment"].append(float(m.meta["sentiment"]))
    for f in feedback:
        days[f.created_at.date().isoformat()][f.rating] += 1
    return [
        {
            "date": day,
            "conversations": v["conversations"],
            "mean_sentiment": round(sum(v["sentiment"]) / len(v["sentiment"]), 3)
            if v["sentiment"]
            else None,
            "feedback_up": v["up"],
            "feedback_down": v["down"],
        }
        for day, v in sorted(days.items())
    ]
