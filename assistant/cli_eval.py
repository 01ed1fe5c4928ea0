"""``aisle eval …``: the offline quality suites. ``evals`` is imported inside each command.

Results go to stdout (a table, or with ``--json`` one JSON object on the last line); progress
goes to stderr.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli_eval_injection import injection
from assistant.cli_eval_pii import pii
from assistant.cli_eval_suites import all_suites, answers, bias
from assistant.output import RichProgress, fail
from retrieval.errors import AisleError

eval_app = typer.Typer(help="Offline quality suites: measure before and after a change.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
DEFAULT_RETRIEVAL_SET = Path("data/eval/retrieval-demo")
DEFAULT_ROUTING_SET = Path("data/eval/intents/utterances.jsonl")
DEFAULT_TOPIC_SET = Path("data/eval/topic/messages.jsonl")
WORST_SHOWN = 8
eval_app.command("pii")(pii)
eval_app.command("injection")(injection)
eval_app.command("answers")(answers)
eval_app.command("bias")(bias)
eval_app.command("all")(all_suites)


@eval_app.command("retrieval")
def retrieval(
    dataset: Annotated[
        Path, typer.Option(help="A BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.")
    ] = DEFAULT_RETRIEVAL_SET,
    split: Annotated[str, typer.Option(help="Which qrels file to score against.")] = "test",
    compare: Annotated[
        bool, typer.Option("--compare", help="Also run BM25 alone and dense alone.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the metrics as one JSON object on the last line.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write per-query and per-type results as JSON here.")
    ] = None,
) -> None:
    """nDCG@10, recall@10/50 and MRR@10 of hybrid search on a BEIR-style dataset."""
    from assistant.cli import load_settings
    from assistant.composition import bundled_embedder
    from evals.datasets.beir import load_beir
    from evals.suites.retrieval import evaluate_retrieval

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    console = err if as_json else out
    try:
        data = load_beir(dataset, split)
        with RichProgress(err) as progress:
            results = evaluate_retrieval(
                data, bundled_embedder(load_settings()), compare=compare, task=progress.task
            )
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    _print_retrieval(results, console)
    if report is not None:
        report.mkdir(parents=True, exist_ok=True)
        (report / "retrieval.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        console.print(f"per-query results: {report / 'retrieval.json'}")
    if as_json:
        print(json.dumps(results["summary"]))


@eval_app.command("routing")
def routing(
    dataset: Annotated[
        Path, typer.Option(help='JSONL with "text" and "label" per line.')
    ] = DEFAULT_ROUTING_SET,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the metrics as one JSON object on the last line.")
    ] = False,
) -> None:
    """Accuracy, per-intent precision/recall and the confusion matrix of the intent router."""
    from assistant.cli import load_settings
    from assistant.composition import bundled_embedder
    from assistant.routing.router import IntentRouter
    from evals.datasets.labelled import load_labelled
    from evals.suites.routing import evaluate_routing

    console = err if as_json else out
    try:
        items = load_labelled(dataset)
        router = IntentRouter.from_yaml(bundled_embedder(load_settings()))
        with RichProgress(err) as progress:
            report = evaluate_routing(items, router, progress.task("routing", len(items)))
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    _print_routing(report, console)
    if as_json:
        print(json.dumps({k: v for k, v in report.items() if k != "misrouted"}))


@eval_app.command("topic")
def topic(
    dataset: Annotated[
        Path,
        typer.Option(
            help='JSONL with "text" and "label" (ok, abuse, competitor, advice, '
            "off_topic) per line."
        ),
    ] = DEFAULT_TOPIC_SET,
    rules: Annotated[
        Path | None, typer.Option(help="A guardrail rules YAML file; default: the packaged one.")
    ] = None,
    store_config: Annotated[
        Path | None,
        typer.Option(help="A store.yaml whose competitors.names the guard should know."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the metrics as one JSON object on the last line.")
    ] = False,
) -> None:
    """Per-kind precision/recall, false flags on in-scope messages and latency of the topic
    guard."""
    from evals.datasets.labelled import load_labelled
    from evals.suites.topic import evaluate_topic
    from guardrails.rules import load_rules
    from guardrails.topic.guard import TopicGuard
    from ingest.store_config import load_store_config

    console = err if as_json else out
    try:
        items = load_labelled(dataset)
        names = load_store_config(store_config).competitors.names if store_config else []
        guard = TopicGuard(load_rules(rules).topic, competitors=names)
        with RichProgress(err) as progress:
            report = evaluate_topic(items, guard, progress.task("topic", len(items)))
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    console.print(
        f"topic: accuracy {report['accuracy']:.4f}, macro F1 {report['macro_f1']:.4f}, "
        f"in-scope flagged {report['ok_flagged_rate']:.4f}, p95 {report['p95_ms']} ms "
        f"on {report['items']} messages"
    )
    for label, scores in report["per_label"].items():
        console.print(
            f"  {label:<11} precision {scores['precision']:.3f}  recall {scores['recall']:.3f}"
        )
    for miss in report["wrong"][:WORST_SHOWN]:
        console.print(f"  {miss['label']} → {miss['predicted']}: {miss['text'][:90]!r}")
    if as_json:
        print(json.dumps({k: v for k, v in report.items() if k != "wrong"}))


def _print_routing(report: dict[str, Any], console: Console) -> None:
    console.print(
        f"routing: accuracy {report['accuracy']:.4f}, macro F1 {report['macro_f1']:.4f} "
        f"on {report['items']} utterances"
    )
    labels = list(report["per_label"])
    table = Table(title="confusion (rows: true intent, columns: routed to)", title_justify="left")
    table.add_column("intent")
    for label in labels:
        table.add_column(label[:8], justify="right")
    table.add_column("recall", justify="right")
    for gold, row in report["confusion"].items():
        cells = [str(row.get(p, "")) for p in labels]
        table.add_row(gold, *cells, f"{report['per_label'][gold]['recall']:.2f}")
    console.print(table)
    for miss in report["misrouted"][:WORST_SHOWN]:
        console.print(f"  {miss['label']} → {miss['predicted']}: {miss['text'][:90]!r}")


def _print_retrieval(results: dict[str, Any], console: Console) -> None:
    info = results["dataset"]
    table = Table(
        title=f"retrieval: {info['name']} ({info['documents']} documents, "
        f"{info['queries']} queries)",
        title_justify="left",
    )
    table.add_column("system")
    metrics = list(next(iter(results["summary"].values())))
    for metric in metrics:
        table.add_column(metric, justify="right")
    for system, scores in results["summary"].items():
        table.add_row(system, *(f"{scores[m]:.4f}" for m in metrics))
    console.print(table)
    by_type = results["by_type"]["hybrid"]
    if len(by_type) > 1:
        types = Table(title="hybrid by query type", title_justify="left")
        for column in ("type", "queries", "ndcg@10", "recall@10"):
            types.add_column(column, justify="left" if column == "type" else "right")
        for name, row in by_type.items():
            types.add_row(
                name, str(row["queries"]), f"{row['ndcg@10']:.4f}", f"{row['recall@10']:.4f}"
            )
        console.print(types)
    worst = sorted(results["per_query"]["hybrid"].items(), key=lambda kv: kv[1]["ndcg@10"])
    console.print(
        "weakest queries (hybrid nDCG@10): "
        + ", ".join(f"{q} {s['ndcg@10']:.2f}" for q, s in worst[:WORST_SHOWN])
    )
