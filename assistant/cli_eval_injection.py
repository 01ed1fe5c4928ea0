"""``aisle eval injection``: detection rate, false-positive rate and latency of the detector.

Registered on ``eval_app`` in ``assistant/cli_eval.py``; ``evals`` is imported inside the command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from assistant.output import RichProgress, fail
from retrieval.errors import AisleError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
DEFAULT_ATTACKS = Path("data/eval/injection/gptfuzz_attacks.jsonl")
DEFAULT_BENIGN = Path("data/eval/injection/benign.jsonl")
WORST_SHOWN = 8
SUMMARY_KEYS = (
    "tpr", "fpr", "p50_ms", "p95_ms", "attacks", "benign", "caught", "false_positives",
    "latency_by_kind",
)  # fmt: skip


def injection(
    attacks: Annotated[
        Path,
        typer.Option(
            "--attacks",
            help='Attacks: JSONL with "text" (and optional "kind": message|document), '
            "or plain text, one per line.",
        ),
    ] = DEFAULT_ATTACKS,
    benign: Annotated[
        Path, typer.Option("--benign", help="Benign traffic, in the same formats.")
    ] = DEFAULT_BENIGN,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the metrics as one JSON object on the last line.")
    ] = False,
) -> None:
    """Share of attacks caught, false positives on benign traffic, and ms per item."""
    from assistant.cli import load_settings
    from assistant.composition import build_injection_detector, bundled_embedder
    from evals.datasets.texts import load_texts
    from evals.suites.injection import evaluate_injection

    console = err if as_json else out
    try:
        attack_items = load_texts(attacks)
        benign_items = load_texts(benign)
        settings = load_settings()
        detector = build_injection_detector(settings, bundled_embedder(settings))  # its rules
        with RichProgress(err) as progress:
            advance = progress.task("injection", len(attack_items) + len(benign_items))
            report = evaluate_injection(attack_items, benign_items, detector, advance)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    _print_injection(report, console)
    if as_json:
        print(json.dumps({key: report[key] for key in SUMMARY_KEYS}))


def _print_injection(report: dict[str, Any], console: Console) -> None:
    console.print(
        f"injection: caught {report['caught']}/{report['attacks']} attacks "
        f"(TPR {report['tpr']:.4f}), {report['false_positives']}/{report['benign']} benign "
        f"flagged (FPR {report['fpr']:.4f}); p50 {report['p50_ms']:.1f} ms, "
        f"p95 {report['p95_ms']:.1f} ms per item"
    )
    for miss in report["misses"][:WORST_SHOWN]:
        console.print(f"  missed ({miss['score']:.2f}): {miss['text'][:90]!r}")
    for alarm in report["false_alarms"][:WORST_SHOWN]:
        console.print(f"  false alarm {alarm['reasons']}: {alarm['text'][:90]!r}")
