"""How the CLI draws progress and reports with rich."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.job import Advance
from ingest.report import IngestReport
from retrieval.errors import AisleError
from retrieval.hybrid import SearchResult

MAX_ERRORS_SHOWN = 25


def fail(error: AisleError, as_json: bool, console: Console) -> typer.Exit:
    """Say what went wrong and how to fix it (and, with ``--json``, as JSON); exit code 1."""
    console.print(f"[red]error:[/] {error.message}")
    if error.hint:
        console.print(f"  fix: {error.hint}")
    if as_json:
        body = {
            "error": {"code": type(error).__name__, "message": error.message, "hint": error.hint}
        }
        print(json.dumps(body))
    return typer.Exit(1)


class RichProgress:
    """Progress bars on a terminal; one line per task elsewhere (CI logs stay readable)."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )

    def __enter__(self) -> RichProgress:
        if self._console.is_terminal:
            self._bars.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._bars.stop()

    def task(self, description: str, total: int | None) -> Advance:
        """Start a task; returns its advance function."""
        if not self._console.is_terminal:
            self._console.print(f"{description}" + (f" ({total})" if total else "") + " …")
            return lambda _n: None
        task_id = self._bars.add_task(description, total=total)
        return lambda n: self._bars.advance(task_id, n)


def print_ingest_report(report: IngestReport, console: Console, *, saved: Path | None) -> None:
    """A table of counts per kind, then warnings and errors."""
    table = Table(title=f"ingest {report.status}: {report.path}", title_justify="left")
    for column in ("kind", "added", "updated", "unchanged", "deleted", "failed", "embedded"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for name, counts in report.kinds.items():
        table.add_row(
            name,
            *(
                str(getattr(counts, c))
                for c in ("added", "updated", "unchanged", "deleted", "failed", "embedded")
            ),
        )
    table.add_row(
        "total",
        *(
            str(getattr(report, c))
            for c in ("added", "updated", "unchanged", "deleted", "failed", "embedded")
        ),
        style="bold",
    )
    console.print(table)
    for entry in report.quarantine[:MAX_ERRORS_SHOWN]:
        console.print(
            f"[red]quarantined:[/] {entry.kind} {entry.record_id} ({entry.source}): "
            f"{', '.join(entry.reasons)} — kept out of every index; fix the text and run again"
        )
    if len(report.quarantine) > MAX_ERRORS_SHOWN:
        console.print(f"… and {len(report.quarantine) - MAX_ERRORS_SHOWN} more quarantined")
    if report.pii_redacted:
        console.print(
            f"personal data replaced in {report.pii_redacted} records before indexing "
            "(names, emails, phones, addresses that are not the store's own contacts)"
        )
    if report.store_config is not None:
        console.print(f"store config (store.yaml): {report.store_config}")
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        where = ", ".join(
            p
            for p in (error.source, f"row {error.row}" if error.row else "", error.field or "")
            if p
        )
        console.print(f"[red]error:[/] {where}: {error.message}")
    if len(report.errors) > MAX_ERRORS_SHOWN:
        console.print(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more errors")
    if report.status == "rejected":
        console.print("[red]--strict: nothing was written.[/] Fix the rows above and run again.")
    if report.status == "failed":
        console.print("[red]no source could be read: nothing was written.[/] Fix the files above.")
    if report.dry_run:
        verbs = {
            "added": "add",
            "updated": "update",
            "deleted": "delete",
            "price_stock_only": "update price or stock of",
        }
        for kind, changes in report.changes.items():
            for change, ids in changes.items():
                if ids:
                    console.print(
                        f"would {verbs[change]} {kind}: {', '.join(ids[:20])}"
                        + (" …" if len(ids) > 20 else "")
                    )
        console.print("dry run: nothing was changed.")
    console.print(
        f"{report.duration_s:.1f} s, {report.records_per_s:.0f} records/s"
        + (f"; report saved to {saved}" if saved else "")
    )


def search_result_json(result: SearchResult) -> dict[str, Any]:
    """A search result as the ``--json`` object: query understanding, notes and hits."""
    parsed = result.query
    return {
        "query": parsed.original,
        "search_text": parsed.text,
        "filters": result.filters.describe(),
        "relaxed": list(result.relaxed),
        "message": result.message,
        "notes": list(parsed.notes),
        "hits": [
            {
                "id": hit.id,
                "record_id": hit.record_id,
                "kind": hit.kind,
                "title": hit.title,
                "score": round(hit.score, 6),
                "matches_filters": hit.matches,
                "price": hit.metadata.get("price"),
                "in_stock": hit.metadata.get("in_stock"),
                "section": hit.metadata.get("section"),
            }
            for hit in result.hits
        ],
    }


def print_search_result(result: SearchResult, console: Console) -> None:
    """Hits as a table, with what the query was understood to ask."""
    parsed = result.query
    wanted = result.filters.describe()
    console.print(f"searched for: {parsed.text!r}" + (f"  filters: {wanted}" if wanted else ""))
    for note in (*parsed.notes, result.message):
        if note:
            console.print(f"[yellow]note:[/] {note}")
    table = Table(title_justify="left")
    for column in ("#", "id", "title", "price", "in stock", "matches"):
        table.add_column(column, justify="right" if column in {"#", "price"} else "left")
    for n, hit in enumerate(result.hits, start=1):
        price = hit.metadata.get("price")
        table.add_row(
            str(n),
            hit.record_id,
            hit.title,
            f"{price:.2f}" if isinstance(price, int | float) else "",
            {True: "yes", False: "no"}.get(hit.metadata.get("in_stock"), ""),  # type: ignore[arg-type]
            "yes" if hit.matches else "no",
        )
    console.print(table)
