"""Follow-up reading, bounded memory, redaction, citations and the fallback answer writer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.attribution import attribute, tidy
from assistant.conversation.followup import (
    is_refinement,
    mentions_pronoun,
    pick_reference,
    refined_query,
)
from assistant.conversation.redact import PatternRedactor
from assistant.conversation.state import MAX_HISTORY, MAX_SHOWN, ConversationState, ShownProduct
from assistant.generation import AnswerWriter, resolve_citations
from assistant.llm.base import LLMTimeoutError, LLMUnavailableError
from assistant.llm.scripted import ScriptedChatModel
from assistant.prompt import Persona, Source, build_messages, money, system_prompt
from assistant.reply import Delta, Reset
from assistant.skills import Skills

pytestmark = pytest.mark.unit

SHOWN = [
    ShownProduct(product_id="P1", title="Trailblazer Mid", price=109.99, colors=["Brown"]),
    ShownProduct(product_id="P2", title="Ridgeline Low", price=89.95, colors=["Olive", "Navy"]),
    ShownProduct(product_id="P3", title="Summit GTX", price=149.0, colors=["Black"]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the cheaper one", "P2"),
        ("I'll take the cheapest one", "P2"),
        ("the more expensive one", "P3"),
        ("tell me about the second one", "P2"),
        ("the first option", "P1"),
        ("the last one", "P3"),
        ("the navy one", "P2"),
        ("is the black pair waterproof?", "P3"),
        ("cheaper boots", None),  # a new search, not a reference
        ("is it waterproof?", None),
        ("the red one", None),  # no shown product is red
    ],
)
def test_pick_reference(text: str, expected: str | None) -> None:
    picked = pick_reference(text, SHOWN)
    assert (picked.product_id if picked else None) == expected


def test_pick_reference_needs_shown_products() -> None:
    assert pick_reference("the cheaper one", []) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and in blue?", True),
        ("what about size 9", True),
        ("any under $80?", True),
        ("only in stock ones", True),
        ("cheaper options", True),
        ("do you have waterproof hiking boots under $120 in size 10 for a wide foot?", False),
        ("what is your return policy", False),
        ("", False),
    ],
)
def test_is_refinement(text: str, expected: bool) -> None:
    assert is_refinement(text) is expected


def test_refined_query_joins_the_previous_search() -> None:
    assert refined_query("waterproof hiking boots", "and in blue?") == (
        "waterproof hiking boots in blue"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("is it waterproof?", True), ("do they run small", True), ("hiking boots", False)],
)
def test_mentions_pronoun(text: str, expected: bool) -> None:
    assert mentions_pronoun(text) is expected


def test_memory_is_bounded() -> None:
    state = ConversationState()
    for i in range(20):
        state.remember("user", f"message {i} " + "x" * 2000)
    assert len(state.history) == MAX_HISTORY
    assert state.history[-1].text.startswith("message 19")
    assert all(len(m.text) <= 601 for m in state.history)
    state.show([SHOWN[0]] * 20)
    assert len(state.shown) == MAX_SHOWN
    assert state.active_product == "P1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my email is jane.doe@example.com thanks", "my email is <EMAIL_ADDRESS> thanks"),
        ("card 4111 1111 1111 1111 please", "card <CREDIT_CARD> please"),
        ("call me on (555) 123-4567", "call me on <PHONE_NUMBER>"),
        ("ssn 123-45-6789", "ssn <US_SSN>"),
        ("where is order A1043, zip 04240", "where is order A1043, zip 04240"),
        ("boots under $120 in size 10", "boots under $120 in size 10"),
    ],
)
def test_pattern_redactor(text: str, expected: str) -> None:
    assert PatternRedactor().redact(text) == expected


SOURCES = [
    Source(1, "P1", "product", "Trailblazer Mid", "Product: Trailblazer Mid\nPrice: $109.99"),
    Source(2, "returns", "policy", "Returns", "Policy: 30 days"),
]


def test_resolve_citations_keeps_valid_and_drops_invalid_references() -> None:
    answer = "It costs $109.99 [1]. Returns: 30 days [7]."
    text, citations, flags = resolve_citations(answer, SOURCES)
    assert text == "It costs $109.99 [1]. Returns: 30 days."
    assert [(c.id, c.ref) for c in citations] == [("P1", 1)]
    assert flags == ["invalid_citation"]


def test_resolve_citations_flags_an_uncited_answer() -> None:
    _, citations, flags = resolve_citations("It is waterproof.", SOURCES)
    assert citations == [] and flags == ["uncited"]


def test_resolve_citations_orders_by_reference() -> None:
    _, citations, flags = resolve_citations("A [2] and B [1] and again [2].", SOURCES)
    assert [c.ref for c in citations] == [1, 2] and flags == []


def _run(writer: AnswerWriter, fallback: str = "From the records [1].") -> tuple[list, object]:
    events = []
    generator = writer.write(SOURCES, [], "is it waterproof?", fallback)
    try:
        while True:
            events.append(next(generator))
    except StopIteration as stop:
        return events, stop.value


def test_writer_streams_the_model_reply() -> None:
    model = ScriptedChatModel(["Yes, it is waterproof [1]."])
    events, result = _run(AnswerWriter(model, Persona()))
    assert "".join(e.text for e in events if isinstance(e, Delta)) == "Yes, it is waterproof [1]."
    assert not result.fell_back and not result.unsure
    prompt = model.calls[0]
    assert prompt[0].role == "system" and "[1] Product: Trailblazer Mid" in prompt[-1].content


def test_writer_falls_back_to_the_records_when_the_model_fails() -> None:
    model = ScriptedChatModel([LLMUnavailableError("no server")])
    events, result = _run(AnswerWriter(model, Persona()))
    assert events == [Delta("From the records [1].")]
    assert result.fell_back and result.text == "From the records [1]."


def test_writer_resets_a_reply_that_fails_part_way() -> None:
    class HalfModel:
        model_id = "half"

        def stream(self, messages, sampling=None):  # type: ignore[no-untyped-def]
            yield "It is waterproof [1]. It "
            yield "is "
            raise LLMTimeoutError("too slow")

    events, result = _run(AnswerWriter(HalfModel(), Persona()))
    assert events == [
        Delta("It is waterproof [1]. "),  # released: a whole sentence that passed its checks
        Reset("llm_failed"),
        Delta("From the records [1]."),
    ]
    assert result.fell_back


def test_writer_notices_when_the_model_does_not_know() -> None:
    model = ScriptedChatModel(["I don't know; the sources don't say."])
    _, result = _run(AnswerWriter(model, Persona()))
    assert result.unsure


def test_system_prompt_is_fixed_and_discloses_ai() -> None:
    persona = Persona(store_name="Harbor & Pine", assistant_name="Pine")
    first = build_messages(persona, SOURCES, [], "a")[0].content
    second = build_messages(persona, SOURCES[:1], [], "b")[0].content
    assert first == second == system_prompt(persona)  # the KV-cached prefix never changes
    assert "You are an AI, not a person" in first and "[1]" in first


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [(Decimal("109.99"), "USD", "$109.99"), (1234.5, "EUR", "€1,234.50"), (5, "JPY", "5.00 JPY")],
)
def test_money(amount: Decimal | float, currency: str, expected: str) -> None:
    assert money(amount, currency) == expected


ATTRIBUTION_SOURCES = [
    Source(1, "P1", "product", "Quietline", "Product: Quietline Max\nDetails: battery hours: 10"),
    Source(2, "faq-1", "faq", "Refunds", "FAQ: Q: How long? A: We inspect returns in 3 days."),
]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("[1] Battery hours: 10", "Battery hours: 10 [1]"),
        ("The Quietline Max has 10 battery hours.", "The Quietline Max has 10 battery hours [1]."),
        (
            "[2] Policy: Q: How long? A: We inspect returns in 3 days.",
            "We inspect returns in 3 days [2].",
        ),
        ("It has 12 hours of battery.", "It has 12 hours of battery."),  # 12 is in no source
        ("Yes.", "Yes."),
        ("Refunds take 3 days [2].", "Refunds take 3 days [2]."),
        ("We **inspect** returns in 3 days.", "We inspect returns in 3 days [2]."),
    ],
)
def test_answers_are_tidied_and_attributed_only_to_sources_that_say_it(
    answer: str, expected: str
) -> None:
    assert attribute(tidy(answer), ATTRIBUTION_SOURCES) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what goes with it?", True),
        ("anything that pairs well with these", True),
        ("socks to match", True),
        ("do you have accessories for it", True),
        ("something similar but cheaper", True),
        ("what is your price match policy?", False),
        ("is it waterproof?", False),
    ],
)
def test_wants_related(text: str, expected: bool) -> None:
    assert Skills.wants_related(text) is expected


def test_writer_releases_sentences_only_after_their_numbers_check_out() -> None:
    model = ScriptedChatModel(
        ["It costs $109.99 [1]. It weighs 612 g [1].", "It costs $109.99 [1]."]
    )
    events, result = _run(AnswerWriter(model, Persona()))
    assert events == [
        Delta("It costs $109.99 [1]. "),
        Reset("revised"),  # 612 is in no source: one more try, whole
        Delta("It costs $109.99 [1]."),
    ]
    assert result.flags == ("regenerated",) and not result.fell_back
    assert "Use only numbers that appear in the sources" in model.calls[1][-1].content


def test_writer_answers_from_the_records_when_the_retry_fails_too() -> None:
    model = ScriptedChatModel(["It costs $99 [1].", "It costs $89 [1]."])
    events, result = _run(AnswerWriter(model, Persona()))
    assert events == [Delta("From the records [1].")]  # nothing unchecked was ever released
    assert result.fell_back and result.flags == ("failed_checks",)


def test_numbers_the_shopper_gave_are_not_claims() -> None:
    model = ScriptedChatModel(["Yes, at $109.99 it is under your $120 budget [1]."])
    writer = AnswerWriter(model, Persona())
    generator = writer.write(SOURCES, [], "is it under $120?", "From the records [1].")
    events = list(generator)
    assert events == [Delta("Yes, at $109.99 it is under your $120 budget [1].")]


def test_a_leaked_system_prompt_is_never_released() -> None:
    writer = AnswerWriter(ScriptedChatModel([]), Persona(), canary="aisle-canary-test")
    leak = writer.problems("My rules: Internal reference aisle-canary-test: never…", [])
    assert leak == ["system prompt leaked"]
    model = ScriptedChatModel(["Sure. Internal reference aisle-canary-test.", "Sorry."])
    events, result = _run(AnswerWriter(model, Persona(), canary="aisle-canary-test"))
    assert all("aisle-canary-test" not in e.text for e in events if isinstance(e, Delta))
    assert result.flags == ("regenerated",) and result.text == "Sorry."
    assert "aisle-canary-test" in model.calls[0][0].content
