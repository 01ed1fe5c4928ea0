"""One conversation turn: from a shopper's message to a grounded reply.

    load the conversation ─ score sentiment ─ plan (route the intent, resolve follow-ups)
    ─ escalate? ─ answer (tools, retrieval + the model, or a template) ─ cite ─ record

``Assistant.stream`` yields the reply's text as it is written and ends with the ``Reply``;
``Assistant.reply`` returns the ``Reply`` alone. Guardrails plug in at the two seams marked
``input_check`` and ``output_check``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from assistant.answers import (
    HELP_QUICK_REPLIES,
    PERSON,
    Answer,
    advice,
    blocked,
    calm,
    competitor,
    greeting,
    off_topic,
    small_talk,
)
from assistant.conversation.followup import (
    is_refinement,
    mentions_pronoun,
    pick_reference,
    refined_query,
)
from assistant.conversation.redact import ConversationRedactor, RedactorFactory
from assistant.conversation.state import ConversationState
from assistant.conversation.store import ConversationStore, NewSession, TurnRecord, new_message_id
from assistant.errors import MessageTooLongError
from assistant.escalation import EscalationPolicy, SentimentAnalyzer
from assistant.generation import resolve_citations
from assistant.neutral import without_self_description
from assistant.prompt import Persona
from assistant.reply import Delta, Reply, Reset, TurnEvent
from assistant.routing.router import IntentRouter, Route
from assistant.skills import Skills
from guardrails.topic.guard import TopicGuard
from guardrails.topic.verdict import OK, TopicVerdict

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 4000
_POLICY_WORDS = re.compile(
    r"\b(?:return|refund|exchange|ship|shipping|deliver|warranty|policy|price\s*match|pay)\w*",
    re.I,
)
_COMPLAINT = re.compile(
    r"\b(?:that'?s\s+(?:wrong|not\s+(?:right|it|what\s+i))|not\s+what\s+i\s+(?:asked|meant|wanted)"
    r"|you\s+(?:didn'?t|did\s+not)\s+(?:answer|understand)|wrong\s+answer|that\s+doesn'?t\s+help)\b",
    re.I,
)


class InjectionCheck(Protocol):
    """A prompt-injection detector (``guardrails.injection.detector.InjectionDetector``)."""

    def check(self, text: str, *, kind: Literal["message", "document"] = "message") -> Any:
        """A verdict with a ``flagged`` attribute."""
        ...


@dataclass(frozen=True)
class Plan:
    """What a message asks for, once follow-ups are resolved."""

    intent: str
    route: Route
    query: str = ""
    product_id: str | None = None
    followup: bool = False
    flags: tuple[str, ...] = ()
    topic: TopicVerdict = OK  # the topic guard's verdict (advice domain, abuse severity)


@dataclass
class Assistant:
    """The conversation engine."""

    router: IntentRouter
    skills: Skills
    conversations: ConversationStore
    sentiment: SentimentAnalyzer
    escalation: EscalationPolicy
    persona: Persona
    redactors: RedactorFactory
    quick_replies: list[str] = field(default_factory=list)
    max_message_chars: int = MAX_MESSAGE_CHARS
    injection: InjectionCheck | None = None
    topic: TopicGuard | None = None  # abuse, competitors, professional advice, off topic
    competitor_reply: str | None = None  # the store's own words on other shops
    input_check: Callable[[str], str] | None = None  # guardrails: may rewrite or raise
    output_check: Callable[[Reply], Reply] | None = None

    def start(self) -> NewSession:
        """A new conversation."""
        return self.conversations.create()

    def greet(self, session_id: str) -> Reply:
        """The greeting with the AI disclosure and quick replies (not stored as a turn)."""
        self.conversations.load(session_id)  # the session must exist
        return Reply(
            session_id=session_id,
            message_id=new_message_id(),
            text=greeting(self.persona),
            quick_replies=self.quick_replies or HELP_QUICK_REPLIES,
            intent="greeting",
        )

    def feedback(
        self, session_id: str, message_id: str, rating: str, reason: str | None = None
    ) -> str:
        """Record a thumbs up or down on one reply; the reason is redacted like a message."""
        state = self.conversations.load(session_id)
        said = self.redactors(state.pii_mapping).redact(reason) if reason else None
        return self.conversations.add_feedback(session_id, message_id, rating, said)

    def reply(self, session_id: str, message: str, *, client: str = "anonymous") -> Reply:
        """Answer one message and return the whole reply."""
        for event in self.stream(session_id, message, client=client):
            if isinstance(event, Reply):
                return event
        raise AssertionError("a turn always ends with a Reply")  # pragma: no cover

    def stream(
        self, session_id: str, message: str, *, client: str = "anonymous"
    ) -> Iterator[TurnEvent]:
        """Answer one message: text pieces as they are written, then the ``Reply``."""
        if len(message) > self.max_message_chars:
            raise MessageTooLongError(
                f"the message has {len(message)} characters; the limit is {self.max_message_chars}",
                hint="shorten the message or split it in two",
            )
        state = self.conversations.load(session_id)
        text = " ".join(message.split())
        if self.input_check is not None:
            text = self.input_check(text)
        sentiment = self.sentiment.score(text)
        signals = state.signals
        if _COMPLAINT.search(text):  # the shopper says the last answer was wrong
            signals = signals.after(sentiment, failed=True)
        redactor = self.redactors(state.pii_mapping)
        said = redactor.redact(text)  # what may be stored or shown to the model
        plan = self.plan(text, state)
        decision = self.escalation.decide(signals, sentiment, plan.intent == "handoff")
        streamed = _Streamed()
        if decision.escalate:
            answer = Answer(decision.message, handoff_reason=decision.reason)
            streamed.text = answer.text
            yield Delta(answer.text)
        else:
            answer = yield from streamed.relay(self._answer(plan, text, said, state, client))
        reply = self._reply(session_id, plan, answer)
        if self.output_check is not None:
            reply = self.output_check(reply)
        if streamed.text.strip() != reply.text:  # tidied, citations checked, or output-checked
            if streamed.text:  # nothing shown yet: nothing to withdraw
                yield Reset("revised")
            yield Delta(reply.text)
        state.update_signals(state.signals.after(sentiment, failed=answer.failed))
        state.last_intent = plan.intent
        reply = self._record(
            session_id, said, reply, state, plan, answer, redactor, sentiment.compound
        )
        log.info(
            "turn",
            extra={"intent": plan.intent, "flags": reply.flags, "sentiment": sentiment.compound},
        )
        yield reply

    def plan(self, text: str, state: ConversationState) -> Plan:
        """Route the message, reading follow-ups against the conversation."""
        request = without_self_description(text)  # who asks must not change what is asked
        if self.injection is not None and self.injection.check(text, kind="message").flagged:
            route = self.router.route(request)
            if route.intent == "handoff":  # a person reads it: safe to honour, however worded
                return Plan("handoff", route, query=text, flags=("injection_flagged",))
            blocked = Route("off_topic", 1.0, rule="prompt injection")
            return Plan("blocked", blocked, query=text, flags=("injection_blocked",))
        topic = self.topic.check(request) if self.topic is not None else OK
        if topic.kind in {"advice", "competitor", "off_topic"} or topic.severity == "severe":
            route = Route("off_topic", 1.0, rule=f"topic {topic.reason}")
            flag = "abuse" if topic.kind == "abuse" else f"topic_{topic.kind}"
            return Plan(topic.kind, route, query=text, flags=(flag,), topic=topic)
        plan = self._route(text, state, request)
        if topic.kind == "abuse":  # aimed at us but mild: answer what it asks, calmly
            calm_down = plan.intent in {"small_talk", "off_topic"}
            intent = "abuse" if calm_down else plan.intent
            return replace(plan, intent=intent, flags=("abuse",), topic=topic)
        return plan

    def _route(self, text: str, state: ConversationState, request: str) -> Plan:
        route = self.router.route(request)
        if route.rule is not None:
            return Plan(route.intent, route, query=text)
        if state.pending_order_id and self.skills.gives_proof(text):
            return Plan("order_status", route, query=text, followup=True)
        reference = pick_reference(text, state.shown)
        if reference is not None:
            return Plan(
                "product_question",
                route,
                query=text,
                product_id=reference.product_id,
                followup=True,
            )
        asks_related = route.intent not in {"policy_faq", "order_status", "off_topic"}
        if state.active_product and asks_related and self.skills.wants_related(text):
            return Plan("recommendation", route, query=text, followup=True)
        productish = route.intent in {"product_search", "product_question", "recommendation"}
        if (
            state.last_query
            and is_refinement(text)
            and (productish or route.intent == "small_talk")
        ):
            query = self.skills.narrowed(refined_query(state.last_query, text), text, state)
            return Plan("product_search", route, query=query, followup=True)
        about_shown = (
            state.active_product is not None
            and mentions_pronoun(text)
            and route.intent not in {"order_status", "handoff", "off_topic"}
            and not (route.intent == "policy_faq" and _POLICY_WORDS.search(text))
        )
        if route.intent == "product_question" or about_shown:
            named = self.skills.named_product(text)
            if named is not None:
                return Plan("product_question", route, query=text, product_id=named)
            if state.active_product is not None:
                return Plan(
                    "product_question",
                    route,
                    query=text,
                    product_id=state.active_product,
                    followup=True,
                )
            return Plan("product_search", route, query=text)
        return Plan(route.intent, route, query=text)

    def _answer(
        self, plan: Plan, text: str, said: str, state: ConversationState, client: str
    ) -> Generator[TurnEvent, None, Answer]:
        """``text`` as typed (for tools and search, server-side); ``said``, redacted, for
        the model."""
        skills = self.skills
        if plan.intent == "order_status":
            answer = skills.order_status(text, state, client)
        elif plan.intent == "policy_faq":
            answer = yield from skills.policy(text, said, state)
            return answer
        elif plan.intent == "product_question" and plan.product_id:
            answer = yield from skills.product_question(plan.product_id, said, state)
            return answer
        elif plan.intent in {"product_search", "product_question"}:
            answer = skills.product_search(plan.query or text, state)
        elif plan.intent == "recommendation":
            answer = skills.recommend(text, state)
        elif plan.intent == "blocked":
            answer = blocked(self.persona)
        elif plan.intent == "abuse":
            answer = calm(self.persona, severe=plan.topic.severity == "severe")
        elif plan.intent == "advice":
            answer = advice(self.persona, plan.topic.domain)
        elif plan.intent == "competitor":
            answer = competitor(self.persona, self.competitor_reply, skills.price_match(text))
        elif plan.intent == "small_talk":
            answer = small_talk(text, self.persona)
        else:
            answer = off_topic(self.persona)
        yield Delta(answer.text)
        return answer

    def _reply(self, session_id: str, plan: Plan, answer: Answer) -> Reply:
        text, citations, flags = resolve_citations(answer.text, answer.sources)
        quick = list(answer.quick_replies)
        if answer.failed and PERSON not in quick:
            quick.append(PERSON)
        all_flags = [*plan.flags, *answer.flags, *flags]
        if plan.followup:
            all_flags.append("followup")
        return Reply(
            session_id=session_id,
            message_id=new_message_id(),
            text=text,
            citations=citations,
            products=answer.cards,
            quick_replies=quick,
            flags=list(dict.fromkeys(all_flags)),
            intent=plan.intent,
        )

    def _record(
        self,
        session_id: str,
        user_text: str,
        reply: Reply,
        state: ConversationState,
        plan: Plan,
        answer: Answer,
        redactor: ConversationRedactor,
        compound: float,
    ) -> Reply:
        # Templates only repeat the store's records and the shopper's own words: only values
        # the shopper revealed can be in them. Model-written text is scanned in full.
        redact = redactor.redact if answer.by_model else redactor.redact_known
        reply_text = redact(reply.text)
        state.pii_mapping = redactor.mapping
        state.remember("user", user_text)
        state.remember("assistant", reply_text)
        meta = {
            "citations": [c.id for c in reply.citations],
            "products": [p.product_id for p in reply.products],
            "flags": reply.flags,
            "sentiment": round(compound, 3),
            "confidence": round(plan.route.confidence, 3),
            "failed": answer.failed,
        }
        record = TurnRecord(
            user_text=user_text,
            reply=reply.model_copy(update={"text": reply_text}),
            state=state,
            intent=plan.intent,
            meta=meta,
            handoff_reason=answer.handoff_reason,
        )
        handoff = self.conversations.record(session_id, record)
        return reply.model_copy(update={"handoff": handoff}) if handoff else reply


class _Streamed:
    """Relays a turn's events and keeps the text the shopper has been shown so far."""

    def __init__(self) -> None:
        self.text = ""

    def relay(
        self, events: Generator[TurnEvent, None, Answer]
    ) -> Generator[TurnEvent, None, Answer]:
        """Yield ``events``, tracking the text; return the generator's result."""
        while True:
            try:
                event = next(events)
            except StopIteration as stop:
                answer: Answer = stop.value
                return answer
            if isinstance(event, Delta):
                self.text += event.text
            elif isinstance(event, Reset):
                if not self.text:  # nothing shown yet: nothing to withdraw
                    continue
                self.text = ""
            yield event
