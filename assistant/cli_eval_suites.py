"""``aisle eval answers``, ``aisle eval bias`` and ``aisle eval all``: suites run by the eval
runner, with a report, a gate and baselines.

Registered on ``eval_app`` in ``assistant/cli_eval.py``. The Markdown summary goes to stdout
(stderr with ``--json``, whose one JSON object is the last line of stdout); progress goes to
stderr. Exit status 1 when a suite fails to run, or with ``--gate`` when the gate fails.
"""

from __future__ import annotations

import json
import logging
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from assistant.output import RichProgress, fail
from retrieval.errors import AisleError

if TYPE_CHECKING:
    from evals.runner import SuiteResult

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
ALL_SUITES = (
    "routing",
    "topic",
    "pii",
    "injection",
    "injection_heldout",
    "retrieval",
    "answers",
    "bias",
)

ProfileOption = Annotated[
    str, typer.Option(help="fast (the CI gate's subsample) or full (everything, with repeats).")
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the metrics as one JSON object on the last line.")
]
ReportOption = Annotated[
    Path | None,
    typer.Option(help="Write results.json, report.html and summary.md into this folder."),
]
GateOption = Annotated[
    bool, typer.Option("--gate", help="Exit 1 when a metric fails its threshold or baseline.")
]
BaselineOption = Annotated[
    bool,
    typer.Option(
        "--update-baseline", help="Accept this run's metrics as the profile's new baseline."
    ),
]
StoreOption = Annotated[
    Path | None,
    typer.Option(help="The store the assistant suites run on; default the demo store."),
]


def answers(
    dataset: Annotated[
        Path | None, typer.Option(help="A golden set (JSONL); default data/eval/answers.")
    ] = None,
    profile: ProfileOption = "fast",
    store: StoreOption = None,
    as_json: JsonOption = False,
    report: ReportOption = None,
    gate: GateOption = False,
    update_baseline: BaselineOption = False,
) -> None:
    """Golden questions through the whole assistant and the LLM: key facts, citations,
    grounded numbers, refusals, handoffs."""
    datasets = {"answers": dataset} if dataset else {}
    run(["answers"], profile, datasets, store, as_json, report, gate, update_baseline, flat=True)


def bias(
    dataset: Annotated[
        Path | None,
        typer.Option(help="BBQ JSONL (a file or a folder); default ../shared/data/bbq."),
    ] = None,
    profile: ProfileOption = "fast",
    store: StoreOption = None,
    as_json: JsonOption = False,
    report: ReportOption = None,
    gate: GateOption = False,
    update_baseline: BaselineOption = False,
) -> None:
    """Counterfactual persona swaps through the assistant, and BBQ on the answering model."""
    datasets = {"bias": dataset} if dataset else {}
    run(["bias"], profile, datasets, store, as_json, report, gate, update_baseline, flat=True)


def all_suites(
    dataset: Annotated[
        list[str] | None,
        typer.Option(help="SUITE=PATH: another dataset for one suite (repeatable)."),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(help=f"Comma-separated suites to run; default {','.join(ALL_SUITES)}."),
    ] = None,
    profile: ProfileOption = "fast",
    store: StoreOption = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(help="Another thresholds file; default evals/config/thresholds.yaml."),
    ] = None,
    as_json: JsonOption = False,
    report: ReportOption = None,
    gate: GateOption = False,
    update_baseline: BaselineOption = False,
) -> None:
    """Every suite: the CI gate (`--gate`) with a report and a baseline per profile."""
    names = [n.strip() for n in only.split(",")] if only else list(ALL_SUITES)
    unknown = [n for n in names if n not in ALL_SUITES]
    if unknown:
        err.print(f"[red]error:[/] unknown suite {', '.join(unknown)}; choose from {ALL_SUITES}")
        raise typer.Exit(2)
    datasets: dict[str, Path] = {}
    for pair in dataset or []:
        suite, sep, path = pair.partition("=")
        if not sep or suite not in ALL_SUITES:
            err.print(
                f"[red]error:[/] --dataset {pair!r}: give SUITE=PATH, SUITE one of {ALL_SUITES}"
            )
            raise typer.Exit(2)
        datasets[suite] = Path(path)
    run(
        names, profile, datasets, store, as_json, report, gate, update_baseline,
        flat=False, thresholds_file=thresholds,
    )  # fmt: skip


def run(
    names: list[str],
    profile_name: str,
    datasets: dict[str, Path],
    store: Path | None,
    as_json: bool,
    report: Path | None,
    gate: bool,
    update_baseline: bool,
    *,
    flat: bool,
    thresholds_file: Path | None = None,
) -> None:
    """Run suites, gate them, report, and print; exits 1 on a failed suite or gate."""
    from assistant.cli import load_settings
    from evals.config import load_baseline, load_profile, load_thresholds, save_baseline
    from evals.gate import gate as check_all
    from evals.gate import summary
    from evals.report import markdown_summary, write_report
    from evals.runner import DEMO_STORE, EvalContext, run_suites

    # Per-text chatter, and Presidio's warnings about its other languages' recognizers at
    # every load, would bury the progress and the summary in the CI log.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    console = err if as_json else out
    started = datetime.now(UTC)
    clock = time.perf_counter()
    try:
        profile = load_profile(profile_name)
        thresholds = load_thresholds(thresholds_file)
        baseline = load_baseline(profile.name)
        settings = load_settings()
        with RichProgress(err) as progress:
            ctx = EvalContext(
                settings, profile, task=progress.task, datasets=datasets, store=store or DEMO_STORE
            )
            results = run_suites(names, ctx)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    metrics = {name: r.metrics for name, r in results.items()}
    checks = check_all(metrics, thresholds, baseline)
    commit, model = _commit(), ctx.model_fingerprint()
    meta: dict[str, Any] = {
        "profile": profile.name,
        "suites": names,
        "model": model,
        "commit": commit,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 1),
        "baseline": baseline.created if baseline else None,
    }
    console.print(markdown_summary(results, checks, meta), markup=False, highlight=False)
    if report is not None:
        paths = write_report(report, results, checks, meta)
        console.print(f"report: {paths['html']} (results: {paths['json']})")
    console.print(f"eval wall time: {meta['seconds']:.0f} s ({profile.name} profile)")
    verdict = summary(checks)
    if update_baseline:
        ok = {n: r.metrics for n, r in results.items() if r.error is None}
        path = save_baseline(profile.name, ok, commit=commit, model=model)
        console.print(f"baseline updated: {path} (commit it to accept the change)")
    if as_json:
        print(json.dumps(_json_line(results, verdict, flat=flat)))
    if any(r.error for r in results.values()) or (gate and not verdict["passed"]):
        raise typer.Exit(1)


def _json_line(
    results: dict[str, SuiteResult], verdict: dict[str, Any], *, flat: bool
) -> dict[str, Any]:
    if flat:  # one suite: its headline figures as one flat object
        (result,) = results.values()
        return {**result.metrics, **({"error": result.error} if result.error else {})}
    line: dict[str, Any] = {
        name: {**r.metrics, **({"error": r.error} if r.error else {})}
        for name, r in results.items()
    }
    line["gate"] = verdict
    return line


def _commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return done.stdout.strip() or None
