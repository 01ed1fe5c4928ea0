"""What the assistant remembers of a conversation between turns, bounded in size.

The state is small and JSON-serialisable: it is stored with the conversation in the store DB,
so any API replica can serve the next turn. It holds redacted text only.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.escalation import ConversationSignals

MAX_HISTORY = 6  # messages (3 exchanges) kept for the prompt
MAX_SHOWN = 8  # products the shopper may refer back to ("the cheaper one")
MAX_HISTORY_CHARS = 600  # each remembered message is cut to this length


class HistoryMessage(BaseModel):
    """One remembered message (redacted, shortened)."""

    model_config = ConfigDict(frozen=True)

    role: str
    text: str


class ShownProduct(BaseModel):
    """A product the assistant showed, as the shopper saw it."""

    model_config = ConfigDict(frozen=True)

    product_id: str
    title: str
    price: float
    colors: list[str] = Field(default_factory=list)


class ConversationState(BaseModel):
    """The remembered state of one conversation."""

    model_config = ConfigDict(extra="ignore")

    history: list[HistoryMessage] = Field(default_factory=list)
    shown: list[ShownProduct] = Field(default_factory=list)
    active_product: str | None = None
    last_query: str | None = None
    last_intent: str | None = None
    pending_order_id: str | None = None
    pending_order_return: bool = False  # the shopper asked to return items of that order
    failed_turns: int = 0
    pii_mapping: dict[str, str] = Field(
        default_factory=dict, description="Placeholder → value; server-side only, never shown."
    )
    recent_compounds: list[float] = Field(default_factory=list)

    @property
    def signals(self) -> ConversationSignals:
        """The escalation policy's view of the conversation."""
        return ConversationSignals(self.failed_turns, tuple(self.recent_compounds))

    def remember(self, role: str, text: str) -> None:
        """Add a message to the bounded history."""
        clipped = text if len(text) <= MAX_HISTORY_CHARS else text[:MAX_HISTORY_CHARS] + "…"
        self.history = [*self.history, HistoryMessage(role=role, text=clipped)][-MAX_HISTORY:]

    def show(self, products: list[ShownProduct]) -> None:
        """Remember the products just shown; the first becomes the one "it" refers to."""
        if products:
            self.shown = products[:MAX_SHOWN]
            self.active_product = products[0].product_id

    def update_signals(self, signals: ConversationSignals) -> None:
        """Store the escalation signals after this turn."""
        self.failed_turns = signals.consecutive_failed_turns
        self.recent_compounds = list(signals.recent_compounds)
