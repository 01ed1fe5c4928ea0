"""``aisle eval pii``: precision, recall and F2 of the PII detector on a Presidio-format set.

Registered in ``assistant.cli_eval`` as ``eval_app.command()(pii)``. Results go to stdout (with
``--json``, one JSON object on the last line); progress goes to stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.output import RichProgress, fail
from retrieval.errors import AisleError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
MISTAKES_SHOWN = 8


def pii(
    dataset: Annotated[
        Path,
        typer.Option(help="Presidio-format JSON: a list of {full_text, spans: [...]}."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the metrics as one JSON object on the last line.")
    ] = False,
    benign: Annotated[
        Path | None,
        typer.Option(help="Harmless texts, one per line: also report how many get flagged."),
    ] = None,
) -> None:
    """Token-level precision, recall and F2 of PII detection, overall and per entity type."""
    from evals.datasets.presidio import load_presidio
    from evals.suites.pii import evaluate_pii
    from guardrails.pii.config import PiiConfig
    from guardrails.pii.detector import PiiDetector

    console = err if as_json else out
    try:
        samples = load_presidio(dataset)
        texts = _benign_lines(benign) if benign is not None else []
        config = PiiConfig()
        detector = PiiDetector(config)
        with RichProgress(err) as progress:
            progress.task("loading the PII detector", None)
            detector.detect("warm up")
            advance = progress.task("pii", len(samples) + len(texts))
            report = evaluate_pii(samples, detector, config.entities, benign=texts, advance=advance)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    _print_pii(report, console)
    if as_json:
        print(json.dumps({k: v for k, v in report.items() if k != "mistakes"}))


def _benign_lines(path: Path) -> list[str]:
    from evals.errors import DatasetError

    if not path.is_file():
        raise DatasetError(f"{path} is missing", hint="a UTF-8 text file, one harmless text a line")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def _print_pii(report: dict[str, Any], console: Console) -> None:
    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.4f}"

    latency = report["latency_ms"]
    console.print(
        f"pii: precision {cell(report['precision'])}, recall {cell(report['recall'])}, "
        f"F2 {cell(report['f2'])} on {report['samples']} texts "
        f"(p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms per text)"
    )
    table = Table(title="per entity type (token level)", title_justify="left")
    for column in ("entity", "precision", "recall", "F2", "gold tokens", "predicted"):
        table.add_column(column, justify="left" if column == "entity" else "right")
    for name, row in report["per_entity"].items():
        table.add_row(
            name,
            cell(row["precision"]),
            cell(row["recall"]),
            cell(row["f2"]),
            str(row["support"]),
            str(row["predicted"]),
        )
    console.print(table)
    if "benign" in report:
        info = report["benign"]
        console.print(
            f"benign texts flagged: {info['flagged']} of {info['texts']} "
            f"({cell(info['flag_rate'])})"
        )
    for miss in report["mistakes"][:MISTAKES_SHOWN]:
        console.print(f"  {miss['kind']} {miss['type']}: {miss['value'][:60]!r}")
