"""The reply object every front end speaks (the CLI, the chat API, the widget), and the events
of a streamed turn.

A turn streams ``Delta`` pieces of text, possibly a ``Reset`` (the text so far is withdrawn and
replaced: ``llm_failed`` when the model fails mid-reply and the answer is rebuilt from the
records, ``revised`` when the final text differs from what streamed, e.g. a citation was removed
or attributed), and ends with exactly one ``Reply``; after the last ``Reset`` the ``Delta``s
add up to the ``Reply``'s text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["product", "policy", "faq", "order"]


class Citation(BaseModel):
    """A record the reply's text cites as ``[ref]``."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Record id: a product id, a policy or FAQ id, or an order id.")
    kind: SourceKind
    title: str
    ref: int = Field(description="The number the text cites it by, as in [1].")


class ProductCard(BaseModel):
    """A product shown beside the text, with live price and stock from the store DB."""

    model_config = ConfigDict(frozen=True)

    product_id: str
    sku: str
    title: str
    price: Decimal
    currency: str
    stock: int | None = Field(description="Units of this SKU in stock; null when not tracked.")
    url: str | None
    image: str | None
    reason: str | None = Field(None, description="Why it is shown, in one line.")
    upsell: bool = Field(False, description="True when the card is an upsell; label it so.")


class Handoff(BaseModel):
    """The ticket a conversation was handed over with."""

    model_config = ConfigDict(frozen=True)

    ticket_id: str
    status: Literal["open", "claimed", "resolved"]


class Reply(BaseModel):
    """One assistant turn."""

    session_id: str
    message_id: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    products: list[ProductCard] = Field(default_factory=list)
    quick_replies: list[str] = Field(default_factory=list)
    handoff: Handoff | None = None
    flags: list[str] = Field(
        default_factory=list,
        description="What happened on the way, e.g. llm_fallback, no_sources, uncited, "
        "invalid_citation, followup, relaxed_filters, verification_needed.",
    )
    intent: str | None = Field(None, description="The intent the turn was routed to.")


@dataclass(frozen=True)
class Delta:
    """A piece of the reply's text."""

    text: str


@dataclass(frozen=True)
class Reset:
    """Withdraw the text streamed so far; the text that follows replaces it."""

    reason: Literal["llm_failed", "revised"]


TurnEvent = Delta | Reset | Reply
