"""Local model speed: time to first token (cold and with the system prompt's KV cache reused)
and generation tokens/s, for the bundled Qwen2.5-Coder-0.5B on llama.cpp.

    python -m bench.llm [--turns 5]

"Cold" evaluates the whole prompt; "warm" sends the same system prompt with a new shopper
message, so llama.cpp reuses the cached prefix and evaluates only the new tail. Prints one JSON
object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.bundled import QWEN_05B
from assistant.llm.base import ChatMessage, Sampling
from assistant.llm.local import LocalLlamaChat

SYSTEM = (
    "You are the shopping assistant of Harbor & Pine, an online store. Answer only from the "
    "numbered sources below and cite them like [1]. If the sources do not answer, say so and "
    "offer to connect the shopper with a person. Never invent prices, stock or dates.\n\n"
    + "\n".join(
        f"[{n}] Product P1{n:04d}: Trailblazer Mid Waterproof Hiking Boot, Cairnstone, "
        f"$109.99, in stock in sizes 8-11, waterproof membrane, lugged rubber sole, 540 g."
        for n in range(1, 9)
    )
)
QUESTIONS = [
    "Is the Trailblazer waterproof?",
    "How much does it weigh?",
    "Do you have it in size 10?",
    "What sole does it have?",
    "Which brand makes it?",
    "Is it under $120?",
]


def _time_turn(model: LocalLlamaChat, question: str, sampling: Sampling) -> dict[str, float]:
    messages = [ChatMessage("system", SYSTEM), ChatMessage("user", question)]
    start = time.perf_counter()
    first = None
    pieces = 0
    for _ in model.stream(messages, sampling):
        pieces += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    assert first is not None, "the model produced nothing"
    return {"ttft_s": first - start, "gen_s": end - first, "pieces": pieces}


def run(turns: int) -> dict[str, Any]:
    """Measure and return the figures."""
    with tempfile.TemporaryDirectory(prefix="aisle-bench-llm-") as home:
        path = QWEN_05B.assemble(Path(home))
        model = LocalLlamaChat(path, model_id="qwen2.5-coder-0.5b", context_tokens=4096)
        sampling = Sampling(max_tokens=64)
        prompt_tokens = len(model.llama.tokenize(SYSTEM.encode()))
        cold = []
        for question in QUESTIONS[:2]:
            model.llama.reset()  # forget the cached prefix: the whole prompt is evaluated
            cold.append(_time_turn(model, question, sampling))
        warm = [_time_turn(model, q, sampling) for q in (QUESTIONS * turns)[:turns]]
        model.close()
    generated = [t for t in cold + warm if t["pieces"] > 1]
    tokens_per_s = statistics.median((t["pieces"] - 1) / t["gen_s"] for t in generated)
    return {
        "model": QWEN_05B.name,
        "system_prompt_tokens": prompt_tokens,
        "ttft_cold_s": round(statistics.median(t["ttft_s"] for t in cold), 3),
        "ttft_warm_s": round(statistics.median(t["ttft_s"] for t in warm), 3),
        "prompt_tokens_per_s_cold": round(
            prompt_tokens / statistics.median(t["ttft_s"] for t in cold), 1
        ),
        "generation_tokens_per_s": round(tokens_per_s, 1),
        "turns": turns,
        "cpus": os.cpu_count(),
    }


def main() -> None:
    """Command-line entry: prints the figures as JSON on the last line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(run(args.turns)))


if __name__ == "__main__":
    main()
