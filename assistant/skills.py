"""The answers to each intent: retrieval and the model, or deterministic tools.

Each method reads what it needs, updates the conversation state (what was shown, the last
search, a pending order number) and returns an ``Answer``. Methods that use the model are
generators: they yield the text as it streams.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, Protocol

from assistant.answers import (
    PERSON,
    Answer,
    fallback_intro,
    first_sentences,
    knowledge_title,
    listing_text,
    order_source,
    order_text,
    product_card,
)
from assistant.conversation.followup import mentions_pronoun
from assistant.conversation.state import ConversationState, ShownProduct
from assistant.generation import AnswerWriter
from assistant.neutral import neutral_request
from assistant.prompt import Source, knowledge_source, product_source
from assistant.recommend import Recommendation
from assistant.reply import Delta, ProductCard, SourceKind, TurnEvent
from assistant.tools.catalog import CatalogFacts, ProductFacts
from assistant.tools.orders import NEEDS_PROOF, OrderLookup, OrderView
from assistant.tools.policy_answers import RETURN_WORDS
from assistant.tools.returns import ReturnRules, parse_return_question
from guardrails.retrieved import SourceGuard
from retrieval.hybrid import HybridSearcher

KNOWLEDGE_SOURCES = 3
CARDS = 4
_ORDER_ID = re.compile(r"\b#?([A-Z]{1,3}-?\d{4,8})\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTAL = re.compile(
    r"\b(\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][ -]?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b", re.I
)
_COMPLEMENT = re.compile(
    r"\b(?:go(?:es)?\s+(?:well\s+)?with|pairs?\s+(?:well\s+)?with|to\s+match"
    r"|match(?:es|ing)?\s+(?:it|this|that|them|those)|complement\w*|accessor\w*"
    r"|(?:also|else)\s+(?:need|get|buy))\b",
    re.I,
)
_SIMILAR = re.compile(
    r"\b(?:similar|alternatives?|something\s+like|other\s+options|instead|comparable)\b", re.I
)
_CHEAPER = re.compile(r"\b(?:cheaper|less\s+expensive|lower\s+price|budget)\b", re.I)
_PRICE_TALK = re.compile(
    r"\b(?:cheaper|less|lower|price[sd]?|pricing|match\w*|deal|sale|discount\w*|cost\w*)\b"
    r"|[$€£]\s?\d",
    re.I,
)
_WORD = re.compile(r"[a-z0-9]+")
_CASED_WORD = re.compile(r"[A-Za-z0-9]+")
_FILLER = frozenset({"the", "and", "for", "with", "of", "in", "on", "to", "a", "an", "or", "by"})
_DISTINCTIVE_MAX_TITLES = 6  # a title word in at most this many products names a product line


class PolicyTool(Protocol):
    """A deterministic policy tool (shipping quotes, return eligibility)."""

    def answer(self, text: str) -> tuple[str, str] | None:
        """(answer text, policy doc id) when the tool can answer ``text``; else None."""
        ...


class Recommending(Protocol):
    """Recommendations for a request, or around a product."""

    def for_request(self, text: str, k: int = 4) -> list[Recommendation]:
        """Matches for a shopper's request, then at most one labelled upsell."""
        ...

    def similar(self, product_id: str, k: int = 3) -> list[Recommendation]:
        """Items like this one."""
        ...

    def complements(self, product_id: str, k: int = 3) -> list[Recommendation]:
        """Items that go with this one."""
        ...


@dataclass
class Skills:
    """The tools and searchers each intent's answer is made from."""

    products: HybridSearcher
    knowledge: HybridSearcher
    catalog: CatalogFacts
    orders: OrderLookup
    writer: AnswerWriter
    policy_tools: tuple[PolicyTool, ...] = ()
    recommender: Recommending | None = None
    returns: ReturnRules | None = None
    guard: SourceGuard | None = None  # drops retrieved text that carries planted instructions
    price_match_doc: str | None = None  # the policy page for "it's cheaper elsewhere"
    today: Callable[[], date] = field(default=lambda: datetime.now(UTC).date())

    # ── products ──────────────────────────────────────────────────────────────────────────

    def product_search(self, query: str, state: ConversationState) -> Answer:
        """Search the catalog and list the best matches with their live prices and stock.

        The list is written by a template, not the model: names, prices and stock counts are
        exactly what a small model gets wrong, and a list needs no phrasing.
        """
        query = neutral_request(query)  # the same products whoever asks
        result = self.products.search(query, k=CARDS)
        hits = [h for h in result.hits if h.matches] or result.hits
        facts = [f for f in (self.catalog.product(h.record_id) for h in hits[:CARDS]) if f]
        state.last_query = query
        if not facts:
            return Answer(
                "I couldn't find anything matching that in our catalog. Could you describe it "
                "another way?",
                failed=True,
                flags=["no_sources"],
                quick_replies=[PERSON],
            )
        cards = [product_card(f) for f in facts]
        state.show([_shown(f) for f in facts])
        sources = [product_source(i + 1, f) for i, f in enumerate(facts)]
        count = len(facts)
        intro = f"Here {'is' if count == 1 else 'are'} {count} match{'es' * (count > 1)}:"
        if result.message:
            intro = f"{result.message} {intro}"
        return Answer(
            listing_text(sources, cards, intro),
            sources=sources,
            cards=cards,
            flags=["relaxed_filters"] if result.relaxed else [],
            quick_replies=["Cheaper options", "What goes with it?", PERSON],
        )

    def product_question(
        self, product_id: str, question: str, state: ConversationState
    ) -> Generator[TurnEvent, None, Answer]:
        """Answer about one product from its live facts (``question`` already redacted)."""
        facts = self.catalog.product(product_id)
        if facts is None:  # removed from the catalog since it was shown
            state.active_product = None
            answer = self.product_search(question, state)
            yield Delta(answer.text)
            return answer
        state.active_product = facts.product_id
        card = product_card(facts)
        if not self._allowed(facts.product_id, facts.description or ""):
            facts = replace(facts, description=None)  # the model never reads the planted text
            source = product_source(1, facts)
            answer = Answer(
                listing_text([source], [card], f"Here's what I have on the {facts.title}:"),
                sources=[source],
                cards=[card],
                flags=["source_dropped"],
                quick_replies=[PERSON],
            )
            yield Delta(answer.text)
            return answer
        source = product_source(1, facts)
        fallback = listing_text([source], [card], f"Here's what I have on the {facts.title}:")
        fallback += " " + first_sentences(facts.description or "", 1)
        generated = yield from self.writer.write([source], state.history, question, fallback)
        flags = [*(["llm_fallback"] if generated.fell_back else []), *generated.flags]
        return Answer(
            generated.text,
            by_model=not generated.fell_back,
            sources=[source],
            cards=[card],
            flags=flags,
            failed=generated.unsure or generated.fell_back,
            quick_replies=["What goes with it?", "Similar items", PERSON],
        )

    def named_product(self, text: str) -> str | None:
        """The product a message names by its line or model name ("the Trailblazer Mid")."""
        words = set(_WORD.findall(text.lower()))
        if not words & set(self._distinctive_words):
            return None
        for hit in self.products.search(neutral_request(text), k=3).hits:
            title_words = set(_WORD.findall(hit.title.lower()))
            if title_words & words & self._distinctive_words.keys():
                return hit.record_id
        return None

    @cached_property
    def _distinctive_words(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for title in self.catalog.titles().values():
            counts.update(set(_WORD.findall(title.lower())))
        return {
            w: n
            for w, n in counts.items()
            if n <= _DISTINCTIVE_MAX_TITLES and len(w) > 2 and not w.isdigit()
        }

    def narrowed(self, query: str, text: str, state: ConversationState) -> str:
        """A refined query; "cheaper" becomes a price cap below the cheapest shown."""
        if _CHEAPER.search(text) and state.shown:
            cheapest = min(p.price for p in state.shown)
            query = _CHEAPER.sub("", query) + f" under ${cheapest:.2f}"
        return " ".join(query.split())

    # ── policies and FAQs ─────────────────────────────────────────────────────────────────

    def policy(
        self, question: str, said: str, state: ConversationState
    ) -> Generator[TurnEvent, None, Answer]:
        """A deterministic tool's answer when one applies; else the model over the top records.

        ``question`` as typed goes to the tools and search; ``said`` (redacted) to the model.
        """
        returning = self._returning_product(question, state)
        if returning is not None and self.returns is not None:
            return self._product_return(self.returns, returning, question)
        for tool in self.policy_tools:
            found = tool.answer(question)
            if found is not None:
                text, doc_id = found
                source = self._policy_source(doc_id, question)
                return Answer(f"{text} [1]", sources=[source], flags=["tool"])
        retrieved = self.knowledge.search(question, k=KNOWLEDGE_SOURCES).hits
        hits = [h for h in retrieved if self._allowed(h.record_id, h.text, h.metadata)]
        dropped = ["source_dropped"] if len(hits) < len(retrieved) else []
        sources = [
            knowledge_source(
                i + 1, h.record_id, _kind(h.kind), _title(h.title, h.kind, h.metadata), h.text
            )
            for i, h in enumerate(hits)
        ]
        if not sources:
            return Answer(
                "I don't have information about that. Would you like me to connect you with a "
                "person?",
                failed=True,
                flags=["no_sources", *dropped],
                quick_replies=[PERSON],
            )
        fallback = f"{fallback_intro(sources[0])} {first_sentences(hits[0].text)}"
        generated = yield from self.writer.write(sources, state.history, said, fallback)
        return Answer(
            generated.text,
            by_model=not generated.fell_back,
            sources=sources,
            flags=[
                *(["llm_fallback"] if generated.fell_back else []),
                *generated.flags,
                *dropped,
            ],
            failed=generated.unsure,
            quick_replies=["Return policy", "Shipping costs", PERSON],
        )

    def _returning_product(self, question: str, state: ConversationState) -> ProductFacts | None:
        """The product a return question is about: one it names, or "it" after one was shown."""
        if self.returns is None or not RETURN_WORDS.search(question):
            return None
        named = self.named_product(question)
        facts = self.catalog.product(named) if named else None
        if facts is not None and self._named_outright(question, facts):
            return facts  # "what's the return window?" is not about a window sensor
        if state.active_product and mentions_pronoun(question):
            return self.catalog.product(state.active_product)
        return None

    def _named_outright(self, text: str, facts: ProductFacts) -> bool:
        """Whether ``text`` names the product beyond doubt: two words of its title, or its line
        name typed with a capital ("the Harmonic")."""
        title = {w for w in _WORD.findall(facts.title.lower()) if w not in _FILLER}
        typed = _CASED_WORD.findall(text)
        shared = title & {w.lower() for w in typed}
        capitalised = {w.lower() for w in typed if w[0].isupper()}
        return len(shared) >= 2 or bool(shared & capitalised & self._distinctive_words.keys())

    def _product_return(self, rules: ReturnRules, facts: ProductFacts, question: str) -> Answer:
        """Whether one product can be returned, decided from its own tags and category (a
        final-sale item never gets the category's 30 days), citing it and the policy."""
        categories = [facts.category] if facts.category else []
        condition = parse_return_question(question, categories).condition
        decision = rules.check(
            facts.category, title=facts.title, tags=facts.tags, condition=condition
        )
        policy = self._policy_source(decision.source or "returns", f"return {question}")
        sources = [product_source(1, facts), replace(policy, ref=2)]
        return Answer(
            f"The {facts.title} [1]: {decision.render()} [2]",
            sources=sources,
            cards=[product_card(facts)],
            flags=["tool"],
            quick_replies=["Return policy", PERSON],
        )

    def _allowed(self, record_id: str, text: str, metadata: dict[str, Any] | None = None) -> bool:
        """Whether retrieved ``text`` may reach the model (no planted instruction)."""
        if self.guard is None:
            return True
        return self.guard.allows(record_id, text, (metadata or {}).get("screened_by"))

    def price_match(self, text: str) -> Source | None:
        """The store's price-match page, when ``text`` is about a price and the store has one."""
        if self.price_match_doc is None or not _PRICE_TALK.search(text):
            return None
        source = self._policy_source(self.price_match_doc, f"price match {text}")
        return source if source.body else None

    def _policy_source(self, doc_id: str, question: str) -> Source:
        """The policy page a tool answered from, titled as ingested."""
        for hit in self.knowledge.search(question, k=10).hits:
            if hit.record_id == doc_id:
                return knowledge_source(1, doc_id, "policy", hit.title, hit.text)
        return Source(1, doc_id, "policy", doc_id.replace("-", " ").title(), "")

    # ── orders ────────────────────────────────────────────────────────────────────────────

    @staticmethod
    def gives_proof(text: str) -> bool:
        """Whether a message carries an email address or postal code (proof for an order)."""
        return bool(_EMAIL.search(text) or _POSTAL.search(text))

    def order_status(self, text: str, state: ConversationState, client: str) -> Answer:
        """Look an order up, only with proof that it is the shopper's."""
        match = _ORDER_ID.search(text)
        order_id = match.group(1).upper() if match else state.pending_order_id
        if RETURN_WORDS.search(text):
            state.pending_order_return = True
        if order_id is None:
            return Answer(
                "I can check that. Please send your order number (for example A1043) with the "
                "email address or postal code used at checkout.",
                flags=["verification_needed"],
                quick_replies=[PERSON],
            )
        rest = text.replace(match.group(0), " ") if match else text
        email = _EMAIL.search(rest)
        postal = _POSTAL.search(_EMAIL.sub(" ", rest))
        outcome = self.orders.lookup(
            order_id,
            client=client,
            email=email.group(0) if email else None,
            postal_code=postal.group(1) if postal else None,
        )
        if outcome.order is None:
            state.pending_order_id = order_id
            needs_proof = outcome.message == NEEDS_PROOF
            return Answer(
                outcome.message or "",
                flags=["verification_needed" if needs_proof else "not_verified"],
                failed=not needs_proof,
                quick_replies=[PERSON],
            )
        state.pending_order_id = None
        source = order_source(outcome.order, 1)
        text = order_text(outcome.order, self.catalog, 1)
        if state.pending_order_return:
            state.pending_order_return = False
            text += "\n" + self._order_returns(outcome.order)
        return Answer(
            text,
            sources=[source],
            flags=["verified"],
            quick_replies=["Returns & exchanges", PERSON],
        )

    def _order_returns(self, order: OrderView) -> str:
        """Whether each item of a verified order can still be returned, and until when."""
        if self.returns is None:
            return "I can't check return eligibility for this store; a person can help."
        lines = ["Returns:"]
        for item in order.items:
            product = self.catalog.product(item.sku)
            if product is None:
                lines.append(f"- {item.sku}: I can't find this item in the catalog any more.")
                continue
            decision = self.returns.check_order_item(
                product,
                status=order.status,
                placed_at=order.placed_at,
                delivered_at=order.delivered_at,
                today=self.today(),
            )
            lines.append(f"- {product.title}: {decision.render()}")
        return "\n".join(lines)

    # ── recommendations ───────────────────────────────────────────────────────────────────

    @staticmethod
    def wants_related(text: str) -> bool:
        """Whether the message asks for what goes with, or replaces, the product discussed."""
        return bool(_COMPLEMENT.search(text) or _SIMILAR.search(text))

    def recommend(self, text: str, state: ConversationState) -> Answer:
        """Picks for a request, or to go with (or replace) the product being discussed."""
        if self.recommender is None:
            return Answer("I can't make recommendations right now.", failed=True)
        anchor = state.active_product
        if anchor and _COMPLEMENT.search(text):
            picks = self.recommender.complements(anchor)
        elif anchor and _SIMILAR.search(text):
            picks = self.recommender.similar(anchor)
        else:
            picks = self.recommender.for_request(text)
            state.last_query = neutral_request(text)  # "cheaper options" narrows this request
        found = [(p, f) for p in picks if (f := self.catalog.product(p.product_id))]
        if not found:
            return Answer(
                "I couldn't find good picks for that. Could you tell me a bit more about what you "
                "need?",
                failed=True,
                flags=["no_sources"],
            )
        cards = [_recommendation_card(p) for p, _ in found]
        sources = [product_source(i + 1, f) for i, (_, f) in enumerate(found)]
        state.show([_shown(f) for _, f in found])
        return Answer(
            listing_text(sources, cards, "Here are a few picks:"),
            sources=sources,
            cards=cards,
            flags=["upsell"] if any(c.upsell for c in cards) else [],
            quick_replies=["Cheaper options", "Similar items", PERSON],
        )


def _recommendation_card(pick: Recommendation) -> ProductCard:
    labelled = pick.upsell and not pick.reason.lower().startswith("upsell")
    return ProductCard(
        product_id=pick.product_id,
        sku=pick.sku,
        title=pick.title,
        price=pick.price,
        currency=pick.currency,
        stock=pick.stock,
        url=pick.url,
        image=pick.image,
        reason=f"Upsell: {pick.reason}" if labelled else pick.reason,
        upsell=pick.upsell,
    )


def _shown(facts: ProductFacts) -> ShownProduct:
    variant = facts.card_variant()
    colors = list(dict.fromkeys(v.color for v in facts.variants if v.color))
    return ShownProduct(
        product_id=facts.product_id, title=facts.title, price=float(variant.price), colors=colors
    )


def _kind(kind: str) -> SourceKind:
    return "faq" if kind == "faq" else "policy"


def _title(title: str, kind: str, metadata: dict[str, Any]) -> str:
    return knowledge_title(title, kind, metadata.get("section"))
