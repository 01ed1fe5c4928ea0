"""Assistant benchmark: time per turn without the LLM, and the local model on real turns.

    python -m bench.assistant [--rounds 5] [--llm-turns 6] [--home DIR]

Part 1 (``turn_ms``) times whole ``Assistant.reply`` calls on the demo store with an instant
model in place of the LLM (it returns a fixed cited sentence), so what is measured is everything
the assistant does around the model: loading and saving the conversation, sentiment, intent
routing, follow-up resolution, hybrid search, store-DB lookups, prompt building, citation checks.
One turn of each kind first warms what a server loads once at start-up. Then a script of 14
shopper messages (searches, follow-ups, product and policy questions, an order
lookup with and without proof, recommendations, small talk) runs ``--rounds`` times, each round
in a new conversation. The goal is p95 <= 100 ms.

Part 2 (``llm``) runs ``--llm-turns`` product and policy questions through the same assistant on
the bundled local model (Qwen2.5-Coder-0.5B, llama.cpp) and reports the model's time to first
token and generation speed (llama.cpp streams one token per piece), the time until the shopper
sees the first sentence (sentences are released only once their checks pass), and whole turns.
The first turn pays for the whole system prompt; later turns reuse its KV cache.

The demo store is ingested into a temporary AISLE_HOME unless ``--home`` names an ingested one.
Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.composition import Components
from assistant.llm.base import ChatMessage, ChatModel, Sampling
from assistant.reply import Delta, Reply
from assistant.settings import Settings
from ingest.job import IngestOptions, run_ingest

DEMO_STORE = Path(__file__).resolve().parents[1] / "data" / "demo-store"
SECRET = "bench-secret-key-0123456789abcdef-not-for-production"
SCRIPT = [
    "hi",
    "do you have waterproof hiking boots under $120 in size 10?",
    "is it waterproof?",
    "and in black?",
    "how heavy is the cheaper one",
    "can I return opened headphones?",
    "how much is shipping to Canada on a $90 order?",
    "what is your price match policy?",
    "where is my order A1043?",
    "my email is gabrielaortiz27@example.com",
    "what tent would you recommend for 2 people under $250",
    "what goes with it?",
    "write me a poem about the sea",
    "thanks, bye",
]
LLM_QUESTIONS = [
    "is the Trailblazer Mid waterproof?",
    "how much does it weigh?",
    "what is your price match policy?",
    "how many hours of battery do the Quietline earbuds get?",
    "how long does a refund take?",
    "do the Quietline earbuds have noise cancelling?",
]


class InstantModel:
    """Answers at once with a fixed cited sentence: the LLM's time taken out of the turn."""

    model_id = "instant"

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """One short cited answer."""
        yield "Here is what the sources say [1]."


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def time_turns(components: Components, rounds: int) -> dict[str, Any]:
    """Per-turn wall time with the instant model."""
    assistant = components.build_assistant(InstantModel())
    warm = assistant.start()
    # One-time work a server does at start-up: loading the embedder, training the router, the
    # recommender's vocabulary and co-purchase counts, the catalog's title words.
    for message in ("hiking boots", "is it waterproof?", "recommend a tent", "what goes with it?"):
        assistant.reply(warm.id, message, client="bench-warm")
    times: list[float] = []
    by_intent: dict[str, list[float]] = {}
    for round_ in range(rounds):
        session = assistant.start()
        for message in SCRIPT:
            start = time.perf_counter()
            reply = assistant.reply(session.id, message, client=f"bench-{round_}")
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            by_intent.setdefault(reply.intent or "?", []).append(elapsed)
    return {
        "turns": len(times),
        "p50": round(statistics.median(times), 1),
        "p95": round(_percentile(times, 0.95), 1),
        "max": round(max(times), 1),
        "p95_by_intent": {k: round(_percentile(v, 0.95), 1) for k, v in sorted(by_intent.items())},
    }


class TimedModel:
    """Passes a model through, noting when its first token came and how many followed."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner
        self.calls: list[dict[str, float]] = []

    @property
    def model_id(self) -> str:
        """The wrapped model's id."""
        return self.inner.model_id

    def stream(
        self, messages: Sequence[ChatMessage], sampling: Sampling | None = None
    ) -> Iterator[str]:
        """The inner model's reply, timed."""
        start = time.perf_counter()
        call = {"start": start, "first": 0.0, "end": 0.0, "tokens": 0.0}
        self.calls.append(call)
        for piece in self.inner.stream(messages, sampling):
            call["first"] = call["first"] or time.perf_counter()
            call["tokens"] += 1
            yield piece
        call["end"] = time.perf_counter()


def time_llm(components: Components, questions: list[str]) -> dict[str, Any]:
    """Time to first token and to the first checked sentence, and generation speed."""
    model = TimedModel(components.chat_model)
    assistant = components.build_assistant(model)
    session = assistant.start()
    turns = []
    for question in questions:
        calls_before = len(model.calls)
        start = time.perf_counter()
        first: float | None = None
        reply: Reply | None = None
        for event in assistant.stream(session.id, question, client="bench-llm"):
            if isinstance(event, Delta):
                first = first or time.perf_counter()
            elif isinstance(event, Reply):
                reply = event
        end = time.perf_counter()
        assert first is not None and reply is not None
        call = model.calls[calls_before]  # the first model call of the turn
        tokens = int(call["tokens"])
        turns.append(
            {
                "question": question,
                "ttft_s": round(call["first"] - call["start"], 3),
                "first_sentence_s": round(first - start, 3),
                "total_s": round(end - start, 3),
                "tokens": tokens,
                "tokens_per_s": round((tokens - 1) / (call["end"] - call["first"]), 1)
                if tokens > 1
                else None,
                "model_calls": len(model.calls) - calls_before,
                "flags": reply.flags,
            }
        )
    speeds = [t["tokens_per_s"] for t in turns if t["tokens_per_s"]]
    return {
        "model": model.model_id,
        "ttft_first_turn_s": turns[0]["ttft_s"],
        "ttft_later_turns_median_s": round(statistics.median(t["ttft_s"] for t in turns[1:]), 3),
        "first_sentence_median_s": round(
            statistics.median(t["first_sentence_s"] for t in turns), 3
        ),
        "generation_tokens_per_s_median": round(statistics.median(speeds), 1) if speeds else None,
        "turn_total_median_s": round(statistics.median(t["total_s"] for t in turns), 3),
        "turns": turns,
    }


def run(home: Path | None, rounds: int, llm_turns: int) -> dict[str, Any]:
    """Measure and return the figures."""
    with tempfile.TemporaryDirectory(prefix="aisle-bench-assistant-") as scratch:
        root = home or Path(scratch) / "home"
        components = Components(Settings(home=root, secret_key=SECRET))
        if home is None:
            run_ingest(IngestOptions(path=DEMO_STORE), components.ingest_context())
        result: dict[str, Any] = {"turn_ms": time_turns(components, rounds)}
        if llm_turns:
            result["llm"] = time_llm(components, (LLM_QUESTIONS * llm_turns)[:llm_turns])
        result["cpus"] = os.cpu_count()
        return result


def main() -> None:
    """Command-line entry: prints the figures as JSON on the last line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--llm-turns", type=int, default=6)
    parser.add_argument("--home", type=Path, help="an AISLE_HOME with the demo store ingested")
    args = parser.parse_args()
    print(json.dumps(run(args.home, args.rounds, args.llm_turns)))


if __name__ == "__main__":
    main()
