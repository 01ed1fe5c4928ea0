"""What one answer is made of, and the deterministic answers that need no model.

Tool results (orders, shipping, returns) and small talk are phrased by templates: the numbers
come from the store DB or the store's configuration and reach the shopper unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from assistant.prompt import Persona, Source, money
from assistant.reply import ProductCard
from assistant.tools.catalog import CatalogFacts, ProductFacts
from assistant.tools.orders import OrderView

PERSON = "Talk to a person"
HELP_QUICK_REPLIES = ["Track my order", "Shipping costs", "Return policy", PERSON]


@dataclass
class Answer:
    """One turn's answer before it becomes a ``Reply``."""

    text: str
    sources: list[Source] = field(default_factory=list)
    cards: list[ProductCard] = field(default_factory=list)
    quick_replies: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    failed: bool = False
    handoff_reason: str | None = None
    by_model: bool = False  # the model wrote the text (else templates over the store's records)


def product_card(
    facts: ProductFacts, *, reason: str | None = None, upsell: bool = False
) -> ProductCard:
    """A card with the live price and stock of the variant it shows."""
    variant = facts.card_variant()
    return ProductCard(
        product_id=facts.product_id,
        sku=variant.sku,
        title=facts.title,
        price=variant.price,
        currency=variant.currency,
        stock=variant.stock,
        url=facts.url,
        image=facts.image_url,
        reason=reason,
        upsell=upsell,
    )


def greeting(persona: Persona) -> str:
    """The first message of a conversation, with the AI disclosure."""
    return (
        f"Hi! I'm {persona.assistant_name}, {persona.store_name}'s AI shopping assistant. "
        "I'm an automated assistant, not a person, and I answer from the store's own catalog "
        "and policies. I can help you find products, answer questions about shipping and "
        "returns, and check on an order. You can ask for a person at any time."
    )


_HELLO = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening)|yo)\b", re.I
)
_THANKS = re.compile(r"\b(?:thanks?|thank\s+you|thx|ty|cheers|appreciate)\b", re.I)
_BYE = re.compile(r"\b(?:bye|goodbye|see\s+you|that'?s\s+all|have\s+a\s+good)\b", re.I)
_WHO = re.compile(
    r"\b(?:are\s+you\s+(?:a\s+)?(?:bot|human|real|person|ai|robot)|who\s+are\s+you)\b", re.I
)


def small_talk(text: str, persona: Persona) -> Answer:
    """Greetings, thanks, goodbyes and "are you a bot?"."""
    if _WHO.search(text):
        reply = (
            f"I'm {persona.assistant_name}, an AI assistant for {persona.store_name}, not a "
            "person. I can find products and answer questions about orders, shipping and "
            "returns, or connect you with a member of our team."
        )
    elif _THANKS.search(text):
        reply = "You're welcome! Is there anything else I can help you with?"
    elif _BYE.search(text):
        reply = f"Thanks for visiting {persona.store_name}. Have a great day!"
    elif _HELLO.search(text):
        reply = "Hello! What can I help you find today?"
    else:
        reply = (
            "I'm here to help with shopping: finding products, orders, shipping and returns. "
            "What would you like to do?"
        )
    return Answer(reply, quick_replies=HELP_QUICK_REPLIES)


def off_topic(persona: Persona) -> Answer:
    """A polite redirect to what the store can help with."""
    return Answer(
        f"Sorry, I can only help with shopping at {persona.store_name}: our products, your "
        "orders, shipping and returns. Is there something I can find for you?",
        quick_replies=HELP_QUICK_REPLIES,
    )


def blocked(persona: Persona) -> Answer:
    """The calm answer to a message that tries to instruct the assistant (no model call)."""
    return Answer(
        "I can't follow instructions like that, but I'm happy to help with shopping at "
        f"{persona.store_name}: products, orders, shipping and returns.",
        quick_replies=HELP_QUICK_REPLIES,
    )


def calm(persona: Persona, *, severe: bool) -> Answer:
    """A calm answer to insults or threats: no echo, no lecture, a way forward."""
    if severe:
        text = (
            "I'm not able to continue with messages like that. If something has gone wrong "
            f"with an order, I can connect you with the {persona.store_name} team."
        )
    else:
        text = (
            "I'm sorry this has been frustrating. Tell me what you need and I'll do my best, "
            "or I can connect you with a person."
        )
    return Answer(text, quick_replies=[PERSON, *HELP_QUICK_REPLIES[:2]])


_PROFESSIONAL = {
    "medical": "a doctor or pharmacist",
    "legal": "a lawyer or your local consumer protection office",
    "financial": "a qualified financial adviser",
}


def advice(persona: Persona, domain: str | None) -> Answer:
    """Declining professional advice, pointing to who can give it and what the store can do."""
    who = _PROFESSIONAL.get(domain or "", "a qualified professional")
    kind = f"{domain} " if domain in _PROFESSIONAL else ""
    return Answer(
        f"I can't give {kind}advice; for that, please ask {who}. I can tell you what our "
        f"products are made of and how they're used, and explain {persona.store_name}'s "
        "policies on returns, warranty and payment.",
        quick_replies=HELP_QUICK_REPLIES,
    )


def competitor(persona: Persona, reply: str | None, price_match: Source | None) -> Answer:
    """The store's policy on other shops; its price-match page when the shopper saw a lower
    price elsewhere."""
    text = reply or (
        f"I can only speak for {persona.store_name}'s own products and prices, so I can't "
        "compare us with other shops or recommend them."
    )
    if price_match is None:
        return Answer(text, quick_replies=HELP_QUICK_REPLIES)
    return Answer(
        f"{text} If you've seen a lower price elsewhere, our {price_match.title} may help [1].",
        sources=[price_match],
        quick_replies=["How do I request a price match?", PERSON],
    )


_STATUS = {
    "processing": "is being prepared and hasn't left our warehouse yet",
    "shipped": "has shipped",
    "delivered": "has been delivered",
    "cancelled": "was cancelled",
    "returned": "was returned",
}


def order_text(order: OrderView, catalog: CatalogFacts, ref: int) -> str:
    """A verified order's status, dates, tracking and items, citing the order record."""
    status = _STATUS.get(order.status, f"has the status {order.status!r}")
    parts = [f"Order {order.order_id} {status} [{ref}]."]
    parts.append(f"It was placed on {_day(order.placed_at)}.")
    if order.shipped_at:
        carrier = f" with {order.carrier}" if order.carrier else ""
        parts.append(f"It shipped on {_day(order.shipped_at)}{carrier}.")
    if order.tracking_number and order.status in {"shipped", "delivered"}:
        parts.append(f"The tracking number is {order.tracking_number}.")
    if order.delivered_at:
        parts.append(f"It was delivered on {_day(order.delivered_at)}.")
    items = []
    for item in order.items:
        title = catalog.title_of_sku(item.sku) or item.sku
        items.append(f"{item.quantity} × {title}")
    if items:
        parts.append("Items: " + "; ".join(items) + ".")
    if order.total is not None:
        parts.append(f"Total: {money(order.total, order.currency)}.")
    return " ".join(parts)


def order_source(order: OrderView, ref: int) -> Source:
    """The order record as a citable source."""
    return Source(ref, order.order_id, "order", f"Order {order.order_id}", order.status)


def _day(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def listing_text(sources: list[Source], cards: list[ProductCard], intro: str) -> str:
    """Products as a short list with prices, citing each: the fallback for product answers."""
    lines = [intro]
    for source, card in zip(sources, cards, strict=False):
        stock = (
            "out of stock"
            if card.stock == 0
            else f"{card.stock} in stock"
            if card.stock is not None
            else "in stock"
        )
        reason = f" {card.reason}" if card.reason else ""
        lines.append(
            f"- {card.title}: {money(card.price, card.currency)}, {stock} [{source.ref}].{reason}"
        )
    return "\n".join(lines)


_MARKUP = re.compile(r"\*\*|__|`|^\s*(?:[-*+]|#{1,6}|>)\s+", re.MULTILINE)


def first_sentences(text: str, count: int = 2) -> str:
    """The first sentences of a record's text, for fallback answers: headings dropped, and the
    store's Markdown (bold, code, bullets, quotes) read as plain text."""
    body = re.sub(r"^(?:Q:.*\nA:\s*|[^\n]*\n)", "", text, count=1) if "\n" in text else text
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(_MARKUP.sub("", body).split()))
    return " ".join(sentences[:count])


def knowledge_title(title: str, kind: str, section: str | None) -> str:
    """How a policy section or FAQ is named to the shopper: "Returns Policy — Final sale
    items" (the section's path without the policy's own name), or the FAQ's question."""
    if kind == "faq" or not section:
        return title
    path = [part.strip() for part in section.split(">")]
    if len(path) > 1 and path[0].casefold() == title.casefold():
        path = path[1:]
    return f"{title} — {' > '.join(path)}"


def fallback_intro(source: Source) -> str:
    """The opening of an answer quoted from one source: "From our FAQ, “…?” [1]:"."""
    if source.kind == "faq":
        return f"From our FAQ, “{source.title}” [{source.ref}]:"
    return f"From our {source.title} [{source.ref}]:"
